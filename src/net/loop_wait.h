/*
 * Running a libuv loop until something has happened: the one safe way to nest a wait
 * (start-up, shutdown, tests) inside code that is otherwise driven by callbacks.
 */
#ifndef GETT_LOOP_WAIT_H
#define GETT_LOOP_WAIT_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

typedef bool (*loop_wait_done_fn)(void *arg);

/* Runs `loop` until done(arg) holds or `timeout_ms` have passed (0: no limit); returns
   done(arg). done() is checked before every poll, so a wait satisfied from a timer callback
   never sleeps on in that iteration's poll. Leaves no handle of its own behind. */
bool loop_wait(uv_loop_t *loop, loop_wait_done_fn done, void *arg, uint64_t timeout_ms);

/* Runs `loop` for `ms` milliseconds, whatever happens meanwhile. */
void loop_wait_run_for(uv_loop_t *loop, uint64_t ms);

/* The usual conditions: a flag set by a callback, a counter reaching zero. */
bool loop_wait_flag_set(void *flag);	/* arg: const bool * */
bool loop_wait_count_zero(void *count); /* arg: const int * */

#endif

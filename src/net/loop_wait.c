#include "net/loop_wait.h"

typedef struct waiter {
	loop_wait_done_fn done;
	void *arg;
	bool expired;
	int open; /* our handles not closed yet */
} waiter;

static bool finished(const waiter *w)
{
	return w->expired || w->done(w->arg);
}

static void on_deadline(uv_timer_t *timer)
{
	((waiter *)timer->data)->expired = true;
}

/* UV_RUN_ONCE runs due timers before it polls: when one of them satisfies the wait, the
   same iteration would otherwise block in poll until some unrelated event (or forever).
   uv_stop() makes that poll return at once. */
static void on_prepare(uv_prepare_t *prepare)
{
	if (finished(prepare->data))
		uv_stop(prepare->loop);
}

static void on_closed(uv_handle_t *handle)
{
	((waiter *)handle->data)->open--;
}

bool loop_wait(uv_loop_t *loop, loop_wait_done_fn done, void *arg, uint64_t timeout_ms)
{
	waiter w = {.done = done, .arg = arg, .open = 2};
	if (done(arg))
		return true;
	uv_timer_t deadline;
	uv_prepare_t check;
	uv_timer_init(loop, &deadline);
	uv_prepare_init(loop, &check);
	deadline.data = check.data = &w;
	if (timeout_ms > 0)
		uv_timer_start(&deadline, on_deadline, timeout_ms, 0);
	uv_prepare_start(&check, on_prepare);
	while (!finished(&w))
		uv_run(loop, UV_RUN_ONCE);
	/* Both live on this stack frame: let their close callbacks run before it goes. */
	uv_close((uv_handle_t *)&deadline, on_closed);
	uv_close((uv_handle_t *)&check, on_closed);
	while (w.open > 0)
		uv_run(loop, UV_RUN_NOWAIT);
	return done(arg);
}

bool loop_wait_flag_set(void *flag)
{
	return *(const bool *)flag;
}

bool loop_wait_count_zero(void *count)
{
	return *(const int *)count <= 0;
}

static bool never(void *arg)
{
	(void)arg;
	return false;
}

void loop_wait_run_for(uv_loop_t *loop, uint64_t ms)
{
	loop_wait(loop, never, NULL, ms > 0 ? ms : 1);
}

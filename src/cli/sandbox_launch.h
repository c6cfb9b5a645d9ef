/*
 * Demo mode: gett-tui starts its own gett-sandbox on 127.0.0.1 with an ephemeral port (or a
 * given one) and the bundled data, uses the demo key, and stops it on exit (docs/client.md
 * "Demo mode").
 *
 * Everything runs on the caller's libuv loop and never blocks it: the child is started
 * with uv_spawn, its "listening on http://127.0.0.1:PORT" line is read from a pipe, and
 * stopping is SIGTERM, then SIGKILL after a grace period, then closing every handle.
 *
 * Lifecycle: every sandbox_launch_start() is paired with exactly one sandbox_launch_stop(),
 * whether the start succeeded or failed. Callbacks run on the loop thread, never inside
 * sandbox_launch_start(), and may call sandbox_launch_stop().
 */
#ifndef GETT_SANDBOX_LAUNCH_H
#define GETT_SANDBOX_LAUNCH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <uv.h>

/* The partner key the launched sandbox accepts (passed to it as --api-key). */
#define SANDBOX_LAUNCH_DEMO_KEY "zpka_sandbox_demo"

typedef struct sandbox_launch sandbox_launch;

/*
 * Called once when the start settles, unless sandbox_launch_stop() came first. On success
 * base_url ("http://127.0.0.1:PORT") and api_key are set and error is NULL; on failure
 * error is a complete sentence for people (with the sandbox's own stderr text, if it
 * printed any) and the child has already exited. The strings live until the stop.
 */
typedef void (*sandbox_launch_ready_cb)(sandbox_launch *sl, const char *base_url,
					const char *api_key, const char *error, void *user);
/* The sandbox died on its own after it was ready; message says how, for people. */
typedef void (*sandbox_launch_exit_cb)(sandbox_launch *sl, const char *message, void *user);
/* Every handle is closed and the sandbox_launch is freed; the loop may be closed now. */
typedef void (*sandbox_launch_stopped_cb)(void *user);

typedef struct sandbox_launch_opts {
	const char *binary;   /* NULL: sandbox_launch_find_binary() */
	const char *data_dir; /* NULL: sandbox_launch_find_data_dir() */
	/* More arguments after "--listen 127.0.0.1:0 --data DIR --api-key KEY", e.g.
	   {"--now", "2026-11-18T19:30:00Z", NULL}; NULL-terminated, may be NULL. Must not
	   repeat --listen or --api-key. */
	const char *const *extra_args;
	/* The port to listen on; 0: an ephemeral one. A restart asks for the port it had, so
	   the client's base URL stays right (a port taken meanwhile fails the start). */
	unsigned port;
	unsigned start_timeout_ms;	/* 0: 10 000; the child is killed when it runs out */
	unsigned kill_after_ms;		/* 0: 3 000; SIGTERM grace before SIGKILL on stop */
	sandbox_launch_exit_cb on_exit; /* may be NULL */
} sandbox_launch_opts;

/* Never NULL; a start that fails (even before spawning) is reported through on_ready. */
sandbox_launch *sandbox_launch_start(uv_loop_t *loop, const sandbox_launch_opts *opts,
				     sandbox_launch_ready_cb on_ready, void *user);
/*
 * Closes the child's stdin, sends SIGTERM, SIGKILL after kill_after_ms, waits for the exit
 * and closes every handle; then on_stopped (may be NULL) runs and the handle is gone.
 * on_ready/on_exit are not called any more. Calling it twice is a no-op.
 */
void sandbox_launch_stop(sandbox_launch *sl, sandbox_launch_stopped_cb on_stopped);

/* "http://127.0.0.1:PORT" once ready, otherwise NULL. */
const char *sandbox_launch_base_url(const sandbox_launch *sl);
/* The child's process id; 0 when it was never spawned. */
pid_t sandbox_launch_pid(const sandbox_launch *sl);
/* The binary and data directory this launch uses (or tried to). */
const char *sandbox_launch_binary(const sandbox_launch *sl);
const char *sandbox_launch_data_dir(const sandbox_launch *sl);

/* ------------------------------------------------------------ where things are */

/* Inputs of the search, so it can be tested without touching the environment. */
typedef struct sandbox_launch_places {
	const char *env_binary;	     /* $GETT_SANDBOX; NULL or "" = unset */
	const char *env_data;	     /* $GETT_SANDBOX_DATA; NULL or "" = unset */
	const char *exe_path;	     /* the running executable; NULL = unknown */
	const char *bindir;	     /* where `make install` puts gett-sandbox */
	const char *path;	     /* $PATH; NULL = unset */
	const char *build_dir;	     /* the build tree this program was compiled in */
	const char *src_data_dir;    /* that tree's source data/ */
	const char *pkgdata_dir;     /* the installed data */
	char exe_buf[PATH_MAX];	     /* storage for exe_path */
	char build_buf[PATH_MAX];    /* storage for build_dir */
	char src_data_buf[PATH_MAX]; /* storage for src_data_dir */
} sandbox_launch_places;

/* $GETT_SANDBOX, else gett-sandbox next to the executable, else in bindir, else on $PATH.
   False with a message for people in err when none is executable. */
bool sandbox_launch_pick_binary(const sandbox_launch_places *places, char *out, size_t n, char *err,
				size_t err_len);
/* $GETT_SANDBOX_DATA, else the source data/ when the executable lives in the build tree
   and that directory exists, else pkgdata_dir. */
void sandbox_launch_pick_data_dir(const sandbox_launch_places *places, char *out, size_t n);

/* The data directory pick for this process (from the current places). */
void sandbox_launch_find_data_dir(char *out, size_t n);

#endif

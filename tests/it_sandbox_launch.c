/*
 * Demo mode against real processes: the built gett-sandbox answers HTTP through src/net/http.h,
 * stand-in scripts cover the failures (silence, garbage, early exit, ignored SIGTERM), and
 * every test ends with the child gone and uv_loop_close() == 0.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/collections.h"
#include "fs_fixtures.h"
#include "net/http.h"
#include "net/loop_wait.h"
#include "cli/sandbox_launch.h"

#ifndef SANDBOX_BIN
#error "SANDBOX_BIN must name the built gett-sandbox (set in Makefile.am)"
#endif

#define WATCHDOG_MS 20000

typedef struct run {
	uv_loop_t loop;
	sandbox_launch *sl;
	bool ready, stopped, exited, http_done;
	char *url, *key, *error, *exit_message;
	pid_t pid;
	bool child_alive_at_report; /* kill(pid, 0) when on_ready/on_exit ran */
	uint64_t started_ms, reported_ms;
	long http_status;
	char *http_body;
	char *dir; /* scratch directory for stand-in scripts */
} run;

static bool process_alive(pid_t pid)
{
	return pid > 0 && (kill(pid, 0) == 0 || errno != ESRCH);
}

/* Scratch space for stand-in executables: in the build tree, because /tmp may be noexec. */
static char *exec_scratch_dir(void)
{
	char tmpl[] = ABS_BUILDDIR "/tests/it_sandbox_launch.XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	return xstrdup(tmpl);
}

/* On the heap: a failed test leaks it rather than leaving a live loop on a dead stack
   (libuv's SIGCHLD bookkeeping is process-wide). */
static run *run_new(void)
{
	run *r = xcalloc(1, sizeof *r);
	assert_int_equal(uv_loop_init(&r->loop), 0);
	r->dir = exec_scratch_dir();
	unsetenv("GETT_SANDBOX");
	unsetenv("GETT_SANDBOX_DATA");
	return r;
}

/* Runs the loop until *flag, failing the test after WATCHDOG_MS with what was awaited. */
#define run_until(r, flag) run_until_at(r, flag, #flag, __LINE__)
static void run_until_at(run *r, bool *flag, const char *what, int line)
{
	if (!loop_wait(&r->loop, loop_wait_flag_set, flag, WATCHDOG_MS))
		fail_msg("line %d: still no %s after %d ms (child %d %s)", line, what, WATCHDOG_MS,
			 (int)r->pid, process_alive(r->pid) ? "alive" : "gone");
}

static void on_ready(sandbox_launch *sl, const char *url, const char *key, const char *error,
		     void *user)
{
	run *r = user;
	assert_ptr_equal(sl, r->sl);
	assert_false(r->ready); /* once */
	r->ready = true;
	r->reported_ms = uv_now(&r->loop);
	r->url = xstrdup(url);
	r->key = xstrdup(key);
	r->error = xstrdup(error);
	r->pid = sandbox_launch_pid(sl);
	r->child_alive_at_report = process_alive(r->pid);
}

static void on_exit_cb(sandbox_launch *sl, const char *message, void *user)
{
	run *r = user;
	assert_ptr_equal(sl, r->sl);
	r->exited = true;
	r->exit_message = xstrdup(message);
	r->child_alive_at_report = process_alive(sandbox_launch_pid(sl));
}

static void on_stopped(void *user)
{
	((run *)user)->stopped = true;
}

/* Stops the child and runs the loop until the stop is reported (a failure names the line). */
#define stop_and_wait(r) stop_and_wait_at(r, __LINE__)
static void stop_and_wait_at(run *r, int line)
{
	sandbox_launch_stop(r->sl, on_stopped);
	run_until_at(r, &r->stopped, "r->stopped", line);
}

static void start(run *r, sandbox_launch_opts *opts)
{
	opts->on_exit = on_exit_cb;
	uv_update_time(&r->loop);
	r->started_ms = uv_now(&r->loop);
	r->sl = sandbox_launch_start(&r->loop, opts, on_ready, r);
	assert_non_null(r->sl);
	r->pid = sandbox_launch_pid(r->sl);
	assert_false(r->ready); /* never called from inside the start */
}

/* Stops (if still running), checks the child is gone and the loop closes cleanly. */
static void run_finish(run *r)
{
	if (r->sl && !r->stopped) {
		pid_t pid = sandbox_launch_pid(r->sl);
		sandbox_launch_stop(r->sl, on_stopped);
		sandbox_launch_stop(r->sl, on_stopped); /* a second stop is a no-op */
		run_until(r, &r->stopped);
		assert_false(process_alive(pid));
	}
	uv_run(&r->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&r->loop), 0);
	fx_remove_tree(r->dir);
	free(r->dir);
	free(r->url);
	free(r->key);
	free(r->error);
	free(r->exit_message);
	free(r->http_body);
	free(r);
}

/* A stand-in for gett-sandbox: a shell script in the scratch directory. */
static char *script(run *r, const char *body)
{
	char text[1024];
	snprintf(text, sizeof text, "#!/bin/sh\n%s\n", body);
	return fx_write(r->dir, "fake-sandbox", text, 0755);
}

static void assert_no_error(const run *r)
{
	if (r->error)
		fail_msg("the start failed: %s", r->error);
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!haystack || !strstr(haystack, needle))
		fail_msg("\"%s\" does not contain \"%s\"", haystack ? haystack : "(null)", needle);
}

/* ------------------------------------------------------------ the real sandbox */

/* stores.json is {"stores": [...]} (a bare array is accepted too). */
static char *first_store_id(const char *data_dir)
{
	char path[512];
	snprintf(path, sizeof path, "%s/stores.json", data_dir);
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);
	assert_non_null(root);
	json_t *stores = json_is_array(root) ? root : json_object_get(root, "stores");
	const char *id = json_string_value(json_object_get(json_array_get(stores, 0), "storeId"));
	assert_non_null(id);
	char *copy = xstrdup(id);
	json_decref(root);
	return copy;
}

static void on_http_done(const http_response *resp, void *user)
{
	run *r = user;
	r->http_done = true;
	r->http_status = resp->status;
	free(r->http_body);
	r->http_body = xstrdup(resp->body ? resp->body : "");
}

static void get(run *r, http_client *client, const char *path, const char *key)
{
	char url[512], auth[128];
	snprintf(url, sizeof url, "%s%s", r->url, path);
	snprintf(auth, sizeof auth, "Bearer %s", key);
	http_header headers[] = {{"Authorization", auth}, {"Accept", "application/json"}};
	http_request_spec spec = {.method = "GET",
				  .url = url,
				  .headers = key ? headers : headers + 1,
				  .n_headers = key ? 2 : 1};
	char err[256];
	r->http_done = false;
	assert_non_null(http_send(client, &spec, on_http_done, r, err, sizeof err));
	run_until(r, &r->http_done);
}

/* Found through $GETT_SANDBOX / $GETT_SANDBOX_DATA, answers with the demo key, then stops. */
static void test_demo_sandbox_serves_and_stops(void **state)
{
	(void)state;
	run *r = run_new();
	setenv("GETT_SANDBOX", SANDBOX_BIN, 1);
	setenv("GETT_SANDBOX_DATA", DEMO_DATADIR, 1);
	sandbox_launch_opts opts = {0};
	start(r, &opts);
	assert_string_equal(sandbox_launch_binary(r->sl), SANDBOX_BIN);
	assert_string_equal(sandbox_launch_data_dir(r->sl), DEMO_DATADIR);
	assert_null(sandbox_launch_base_url(r->sl));
	run_until(r, &r->ready);
	assert_no_error(r);
	assert_true(r->child_alive_at_report);
	assert_int_equal(strncmp(r->url, "http://127.0.0.1:", 17), 0);
	assert_true(atoi(r->url + 17) > 0);
	assert_string_equal(sandbox_launch_base_url(r->sl), r->url);
	assert_string_equal(r->key, SANDBOX_LAUNCH_DEMO_KEY);

	http_client *client = http_client_new(&r->loop, "it_sandbox_launch");
	char *store_id = first_store_id(DEMO_DATADIR);
	char path[256];
	snprintf(path, sizeof path, "/v1/marketplace/stores/%s", store_id);
	get(r, client, path, r->key);
	assert_int_equal(r->http_status, 200);
	assert_contains(r->http_body, store_id);
	get(r, client, path, NULL); /* the key is what lets us in */
	assert_int_equal(r->http_status, 401);
	free(store_id);

	pid_t pid = r->pid;
	stop_and_wait(r);
	assert_false(process_alive(pid));
	assert_false(r->exited); /* a requested stop is not an unexpected exit */
	http_client_free(client);
	run_finish(r);
}

/* The sandbox's own complaint reaches the message. */
static void test_bad_data_dir_reports_sandbox_error(void **state)
{
	(void)state;
	run *r = run_new();
	sandbox_launch_opts opts = {.binary = SANDBOX_BIN, .data_dir = "/nonexistent/gett-data"};
	start(r, &opts);
	run_until(r, &r->ready);
	assert_null(r->url);
	assert_null(r->key);
	assert_contains(r->error, "exited with status 1 before it was ready");
	assert_contains(r->error, "cannot load data");
	assert_contains(r->error, "/nonexistent/gett-data");
	assert_false(r->child_alive_at_report);
	assert_null(sandbox_launch_base_url(r->sl));
	run_finish(r);
}

/* extra_args reach the command line: a bad --now is refused by the sandbox itself. */
static void test_extra_args_are_passed_through(void **state)
{
	(void)state;
	run *r = run_new();
	const char *const extra[] = {"--now", "not-a-time", NULL};
	sandbox_launch_opts opts = {
	    .binary = SANDBOX_BIN, .data_dir = DEMO_DATADIR, .extra_args = extra};
	start(r, &opts);
	run_until(r, &r->ready);
	assert_contains(r->error, "exited with status 2");
	assert_contains(r->error, "not-a-time");
	/* stderr lines are joined into one line */
	assert_null(strchr(r->error, '\n'));
	assert_contains(r->error, "; Try 'gett-sandbox --help'.");
	run_finish(r);
}

/* ------------------------------------------------------------ stand-ins */

static void test_silent_child_times_out_and_is_killed(void **state)
{
	(void)state;
	run *r = run_new();
	char *fake = script(r, "exec sleep 30");
	setenv("GETT_SANDBOX", fake, 1);
	sandbox_launch_opts opts = {.data_dir = DEMO_DATADIR, .start_timeout_ms = 300};
	start(r, &opts);
	run_until(r, &r->ready);
	assert_contains(r->error, "did not report its address within 300 ms");
	assert_contains(r->error, fake);
	assert_true(r->pid > 0);
	assert_false(r->child_alive_at_report);
	assert_true(r->reported_ms - r->started_ms >= 300);
	assert_true(r->reported_ms - r->started_ms < 5000);
	free(fake);
	run_finish(r);
}

static void test_immediate_exit_names_status(void **state)
{
	(void)state;
	run *r = run_new();
	const char *false_bin = access("/bin/false", X_OK) == 0 ? "/bin/false" : "/usr/bin/false";
	setenv("GETT_SANDBOX", false_bin, 1);
	sandbox_launch_opts opts = {.data_dir = DEMO_DATADIR};
	start(r, &opts);
	run_until(r, &r->ready);
	assert_contains(r->error, "exited with status 1 before it was ready");
	assert_contains(r->error, false_bin);
	assert_false(r->child_alive_at_report);
	run_finish(r);
}

static void test_other_first_line_is_refused(void **state)
{
	(void)state;
	run *r = run_new();
	char *fake = script(r, "echo 'listening on http://0.0.0.0:80'; exec sleep 30");
	sandbox_launch_opts opts = {.binary = fake, .data_dir = DEMO_DATADIR};
	start(r, &opts);
	run_until(r, &r->ready);
	assert_contains(r->error,
			"printed \"listening on http://0.0.0.0:80\" instead of its address");
	assert_false(r->child_alive_at_report);
	free(fake);
	run_finish(r);
}

static void test_missing_binary_reports_asynchronously(void **state)
{
	(void)state;
	run *r = run_new();
	sandbox_launch_opts opts = {.binary = "/nonexistent/gett-sandbox",
				    .data_dir = DEMO_DATADIR};
	start(r, &opts); /* asserts that on_ready did not run inside the start */
	run_until(r, &r->ready);
	assert_contains(r->error, "cannot start the demo sandbox /nonexistent/gett-sandbox");
	assert_int_equal(r->pid, 0);
	run_finish(r);
}

/* A start that fails before anything is spawned (here: too many arguments; in gett-tui: no
   gett-sandbox found) reports and stops cleanly: its process handle was never initialised. */
static void test_failure_before_spawn_stops_cleanly(void **state)
{
	(void)state;
	run *r = run_new();
	const char *many[80];
	for (size_t i = 0; i < 79; i++)
		many[i] = "--verbose";
	many[79] = NULL;
	sandbox_launch_opts opts = {
	    .binary = SANDBOX_BIN, .data_dir = DEMO_DATADIR, .extra_args = many};
	start(r, &opts);
	run_until(r, &r->ready);
	assert_contains(r->error, "too many arguments for the demo sandbox");
	assert_int_equal(r->pid, 0);
	run_finish(r); /* used to abort in uv_close */
}

static void test_stop_before_ready_skips_on_ready(void **state)
{
	(void)state;
	run *r = run_new();
	char *fake = script(r, "exec sleep 30");
	sandbox_launch_opts opts = {.binary = fake, .data_dir = DEMO_DATADIR};
	start(r, &opts);
	pid_t pid = sandbox_launch_pid(r->sl);
	assert_true(process_alive(pid));
	stop_and_wait(r);
	assert_false(r->ready);
	assert_false(process_alive(pid));
	free(fake);
	run_finish(r);
}

/* A child that ignores SIGTERM is killed after kill_after_ms. */
static void test_stubborn_child_gets_sigkill(void **state)
{
	(void)state;
	run *r = run_new();
	char *fake = script(r, "trap '' TERM\necho 'listening on http://127.0.0.1:4242'\n"
			       "exec sleep 30");
	sandbox_launch_opts opts = {.binary = fake, .data_dir = DEMO_DATADIR, .kill_after_ms = 300};
	start(r, &opts);
	run_until(r, &r->ready);
	assert_no_error(r);
	assert_string_equal(r->url, "http://127.0.0.1:4242");
	uv_update_time(&r->loop);
	uint64_t stop_ms = uv_now(&r->loop);
	stop_and_wait(r);
	uv_update_time(&r->loop);
	assert_true(uv_now(&r->loop) - stop_ms >= 300);
	assert_false(process_alive(r->pid));
	free(fake);
	run_finish(r);
}

static void test_death_after_ready_is_reported(void **state)
{
	(void)state;
	run *r = run_new();
	char *fake = script(r, "echo 'listening on http://127.0.0.1:4243'\n"
			       "echo 'fake: about to be shot' >&2\nexec sleep 30");
	sandbox_launch_opts opts = {.binary = fake, .data_dir = DEMO_DATADIR};
	start(r, &opts);
	run_until(r, &r->ready);
	assert_no_error(r);
	assert_int_equal(kill(r->pid, SIGKILL), 0);
	run_until(r, &r->exited);
	assert_contains(r->exit_message, "was killed by signal 9");
	assert_null(sandbox_launch_base_url(r->sl));
	assert_false(r->child_alive_at_report);
	stop_and_wait(r);
	free(fake);
	run_finish(r);
}

/* ------------------------------------------------------------ the search */

static void test_binary_search_order(void **state)
{
	(void)state;
	char *root = exec_scratch_dir();
	char dir_exe[512], dir_bin[512], dir_p1[512], dir_p2[512], path_var[2048];
	snprintf(dir_exe, sizeof dir_exe, "%s/build", root);
	snprintf(dir_bin, sizeof dir_bin, "%s/bin", root);
	snprintf(dir_p1, sizeof dir_p1, "%s/p1", root);
	snprintf(dir_p2, sizeof dir_p2, "%s/p2", root);
	const char *dirs[] = {dir_exe, dir_bin, dir_p1, dir_p2};
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(mkdir(dirs[i], 0700), 0);
	char exe[600];
	snprintf(exe, sizeof exe, "%s/gett-tui", dir_exe);
	snprintf(path_var, sizeof path_var, "%s:%s", dir_p1, dir_p2);
	sandbox_launch_places places = {
	    .exe_path = exe, .bindir = dir_bin, .path = path_var, .env_binary = ""};
	char out[PATH_MAX], err[512];

	assert_false(sandbox_launch_pick_binary(&places, out, sizeof out, err, sizeof err));
	assert_contains(err, "GETT_SANDBOX");
	assert_contains(err, dir_bin);

	free(fx_write(dir_p2, "gett-sandbox", "#!/bin/sh\n", 0755));
	free(fx_write(dir_p1, "gett-sandbox", "not executable\n", 0644));
	assert_true(sandbox_launch_pick_binary(&places, out, sizeof out, err, sizeof err));
	assert_string_equal(out, strcat(strcpy(err, dir_p2), "/gett-sandbox"));

	free(fx_write(dir_bin, "gett-sandbox", "#!/bin/sh\n", 0755));
	assert_true(sandbox_launch_pick_binary(&places, out, sizeof out, err, sizeof err));
	assert_string_equal(out, strcat(strcpy(err, dir_bin), "/gett-sandbox"));

	free(fx_write(dir_exe, "gett-sandbox", "#!/bin/sh\n", 0755));
	assert_true(sandbox_launch_pick_binary(&places, out, sizeof out, err, sizeof err));
	assert_string_equal(out, strcat(strcpy(err, dir_exe), "/gett-sandbox"));

	places.env_binary = "/somewhere/else/gett-sandbox"; /* taken as is */
	assert_true(sandbox_launch_pick_binary(&places, out, sizeof out, err, sizeof err));
	assert_string_equal(out, "/somewhere/else/gett-sandbox");
	fx_remove_tree(root);
	free(root);
}

static void test_data_dir_search_order(void **state)
{
	(void)state;
	char *root = fx_temp_dir();
	char build[512], src_data[512], exe_in[600], exe_out[600];
	snprintf(build, sizeof build, "%s/build", root);
	snprintf(src_data, sizeof src_data, "%s/src/data", root);
	snprintf(exe_in, sizeof exe_in, "%s/gett-tui", build);
	snprintf(exe_out, sizeof exe_out, "%s/installed/gett-tui", root);
	assert_int_equal(mkdir(build, 0700), 0);
	sandbox_launch_places places = {.exe_path = exe_in,
					.build_dir = build,
					.src_data_dir = src_data,
					.pkgdata_dir = "/usr/share/gett-tui"};
	char out[PATH_MAX];

	sandbox_launch_pick_data_dir(&places, out, sizeof out); /* src data/ does not exist */
	assert_string_equal(out, "/usr/share/gett-tui");
	char src[600];
	snprintf(src, sizeof src, "%s/src", root);
	assert_int_equal(mkdir(src, 0700), 0);
	assert_int_equal(mkdir(src_data, 0700), 0);
	sandbox_launch_pick_data_dir(&places, out, sizeof out);
	assert_string_equal(out, src_data);
	places.exe_path = exe_out; /* not in the build tree */
	sandbox_launch_pick_data_dir(&places, out, sizeof out);
	assert_string_equal(out, "/usr/share/gett-tui");
	places.env_data = "/my/data";
	sandbox_launch_pick_data_dir(&places, out, sizeof out);
	assert_string_equal(out, "/my/data");
	fx_remove_tree(root);
	free(root);
}

/* This test program lives in the build tree (tests/, below its .gett-tui-source-data), so the
   source data/ is found. */
static void test_current_data_dir_is_source_tree(void **state)
{
	(void)state;
	unsetenv("GETT_SANDBOX_DATA");
	char out[PATH_MAX];
	sandbox_launch_find_data_dir(out, sizeof out);
	assert_string_equal(out, DEMO_DATADIR);
	setenv("GETT_SANDBOX_DATA", "/from/env", 1);
	sandbox_launch_find_data_dir(out, sizeof out);
	assert_string_equal(out, "/from/env");
	unsetenv("GETT_SANDBOX_DATA");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_demo_sandbox_serves_and_stops),
	    cmocka_unit_test(test_bad_data_dir_reports_sandbox_error),
	    cmocka_unit_test(test_extra_args_are_passed_through),
	    cmocka_unit_test(test_silent_child_times_out_and_is_killed),
	    cmocka_unit_test(test_immediate_exit_names_status),
	    cmocka_unit_test(test_other_first_line_is_refused),
	    cmocka_unit_test(test_missing_binary_reports_asynchronously),
	    cmocka_unit_test(test_failure_before_spawn_stops_cleanly),
	    cmocka_unit_test(test_stop_before_ready_skips_on_ready),
	    cmocka_unit_test(test_stubborn_child_gets_sigkill),
	    cmocka_unit_test(test_death_after_ready_is_reported),
	    cmocka_unit_test(test_binary_search_order),
	    cmocka_unit_test(test_data_dir_search_order),
	    cmocka_unit_test(test_current_data_dir_is_source_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

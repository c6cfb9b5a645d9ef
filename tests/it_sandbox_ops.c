/*
 * Integration tests of gett-sandbox's operational behaviour: listening, authentication,
 * rate limits, error content types, fault injection, the pinned clock, clean shutdown and
 * command-line errors. Most tests start their own process with the options they exercise.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "it_sandbox_common.h"

#define STORE_PATH    "/v1/marketplace/stores/" TONY
#define DISCOVER_BODY "{\"location\":{\"latitude\":37.7989,\"longitude\":-122.4094}}"

static void start(sandbox *sb, const char *const *args)
{
	assert_true(sandbox_start(sb, SANDBOX_FIXTURE_DIR, args));
}

static void stop(sandbox *sb)
{
	assert_int_equal(sandbox_stop(sb), 0);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------ listening, auth */

static void test_listen_line_and_port_zero(void **state)
{
	sandbox a, b;
	start(&a, NULL);
	start(&b, NULL);
	assert_true(a.port > 0 && b.port > 0);
	assert_int_not_equal(a.port, b.port); /* each picked its own free port */
	http_reply r;
	sandbox_api_call(&a, "GET", STORE_PATH, SANDBOX_DEMO_KEY, NULL, &r);
	assert_int_equal(r.status, 200);
	http_reply_clear(&r);
	stop(&a);
	stop(&b);
}

static void expect_401(const sandbox *sb, const char *const *headers, const char *detail)
{
	http_reply r;
	sandbox_http_request(sb, "GET", STORE_PATH, headers, NULL, 0, &r);
	assert_int_equal(r.status, 401);
	assert_conventions(&r, STORE_PATH);
	json_t *p = http_json(&r);
	assert_problem(p, 401, "UNAUTHENTICATED");
	if (detail)
		assert_string_equal(str(p, "detail"), detail);
	json_decref(p);
	http_reply_clear(&r);
}

static void test_auth_failures(void **state)
{
	sandbox sb;
	const char *args[] = {"--api-key", "zpka_custom", NULL};
	start(&sb, args);
	expect_401(&sb, NULL, "Missing Authorization header.");
	const char *basic[] = {"Authorization: Basic zpka_custom", NULL};
	expect_401(&sb, basic, NULL);
	const char *demo[] = {"Authorization: Bearer " SANDBOX_DEMO_KEY, NULL}; /* replaced */
	expect_401(&sb, demo, NULL);
	const char *forged[] = {"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln", NULL};
	expect_401(&sb, forged, NULL);
	http_reply r;
	sandbox_api_call(&sb, "GET", STORE_PATH, "zpka_custom", NULL, &r);
	assert_int_equal(r.status, 200);
	http_reply_clear(&r);
	stop(&sb);
}

/* A session made with expirationSeconds 1 on a server whose pinned clock starts at 19:30:00. */
static char *create_short_session(const sandbox *sb)
{
	http_reply r;
	sandbox_api_call(sb, "POST", "/v1/marketplace/session/create", SANDBOX_DEMO_KEY,
			 "{\"expirationSeconds\":1}", &r);
	assert_int_equal(r.status, 200);
	json_t *j = http_json(&r);
	char *token = strdup(str(j, "token"));
	assert_true(strncmp(str(j, "expiresAt"), "2026-11-18T19:30:0", 18) == 0);
	json_decref(j);
	http_reply_clear(&r);
	return token;
}

static bool session_expired(const sandbox *sb, const char *token)
{
	http_reply r;
	sandbox_api_call(sb, "GET", "/v1/marketplace/session/me", token, NULL, &r);
	bool expired = r.status == 401;
	if (expired) {
		json_t *p = http_json(&r);
		assert_string_equal(str(p, "detail"), "session expired");
		json_decref(p);
	} else {
		assert_int_equal(r.status, 200);
	}
	http_reply_clear(&r);
	return expired;
}

/* Such a session expires on the running pinned clock, but not on a frozen one. Both servers
   run at once so one real wait serves both, and the wait is the least that is certain: the
   running server made its session before its answer arrived, and its clock advances with
   CLOCK_MONOTONIC like now_s(), so a second (and a little for rounding) after the answers
   the session is past its expiry. */
static void test_session_expiry_follows_the_clock(void **state)
{
	const char *running_args[] = {"--now", "2026-11-18T19:30:00Z", NULL};
	const char *frozen_args[] = {"--now", "2026-11-18T19:30:00Z", "--freeze-clock", NULL};
	sandbox running, frozen;
	start(&running, running_args);
	start(&frozen, frozen_args);
	char *running_token = create_short_session(&running);
	char *frozen_token = create_short_session(&frozen);
	double until = now_s() + 1.010;
	for (double t = now_s(); t < until; t = now_s())
		usleep((useconds_t)((until - t) * 1e6) + 1);
	assert_true(session_expired(&running, running_token));
	assert_false(session_expired(&frozen, frozen_token));
	free(running_token);
	free(frozen_token);
	stop(&running);
	stop(&frozen);
}

/* --max-sessions bounds the table: the newest sessions work, the oldest one is ended with a
   401 that says why (a client then makes a new one), and a forged token is still just
   invalid. */
static void test_session_table_is_bounded(void **state)
{
	const char *args[] = {"--max-sessions", "4", NULL};
	sandbox sb;
	start(&sb, args);
	char *tokens[10];
	for (int i = 0; i < 10; i++) {
		http_reply r;
		sandbox_api_call(&sb, "POST", "/v1/marketplace/session/create", SANDBOX_DEMO_KEY,
				 "{}", &r);
		assert_int_equal(r.status, 200);
		json_t *j = http_json(&r);
		tokens[i] = strdup(str(j, "token"));
		json_decref(j);
		http_reply_clear(&r);
	}
	for (int i = 6; i < 10; i++)
		assert_false(session_expired(&sb, tokens[i]));
	http_reply r;
	sandbox_api_call(&sb, "GET", "/v1/marketplace/session/me", tokens[0], NULL, &r);
	assert_int_equal(r.status, 401);
	json_t *p = http_json(&r);
	assert_string_equal(str(p, "errorCode"), "UNAUTHENTICATED");
	assert_non_null(strstr(str(p, "detail"), "--max-sessions"));
	json_decref(p);
	http_reply_clear(&r);
	for (int i = 0; i < 10; i++)
		free(tokens[i]);
	stop(&sb);
}

/* ------------------------------------------------------------------ conventions */

static void test_unknown_path_and_method(void **state)
{
	sandbox sb;
	start(&sb, NULL);
	http_reply r;
	json_t *p =
	    send_text(&sb, "GET", "/v1/marketplace/nope", SANDBOX_DEMO_KEY, NULL, NULL, 404);
	assert_problem(p, 404, "NOT_FOUND");
	json_decref(p);
	sandbox_api_call(&sb, "DELETE", STORE_PATH, SANDBOX_DEMO_KEY, NULL, &r);
	assert_int_equal(r.status, 405);
	assert_conventions(&r, STORE_PATH);
	p = http_json(&r);
	assert_problem(p, 405, "INVALID_REQUEST");
	json_decref(p);
	char allow[32];
	assert_string_equal(sandbox_http_header(&r, "Allow", allow, sizeof allow), "GET");
	http_reply_clear(&r);
	stop(&sb);
}

static void test_markdown_error_variant(void **state)
{
	sandbox sb;
	start(&sb, NULL);
	const char *md[] = {"Authorization: Bearer " SANDBOX_DEMO_KEY, "Accept: text/markdown",
			    NULL};
	http_reply r;
	sandbox_http_request(&sb, "GET",
			     "/v1/marketplace/stores/99999999-9999-4999-8999-999999999999", md,
			     NULL, 0, &r);
	assert_int_equal(r.status, 404);
	char ctype[64];
	assert_non_null(
	    strstr(sandbox_http_header(&r, "Content-Type", ctype, sizeof ctype), "text/markdown"));
	assert_true(strncmp(r.body, "---\n", 4) == 0);
	assert_non_null(strstr(r.body, "\nerrorCode: \"STORE_NOT_FOUND\"\n"));
	assert_non_null(strstr(r.body, "\nerrorCategory: \"not_found\"\n"));
	assert_non_null(strstr(r.body, "\nretryable: false\n"));
	assert_non_null(strstr(r.body, "\n---\n\n# Not Found\n"));
	assert_null(http_json(&r));
	http_reply_clear(&r);
	/* Successes stay JSON whatever Accept says. */
	sandbox_http_request(&sb, "GET", STORE_PATH, md, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	json_t *j = http_json(&r);
	assert_non_null(j);
	json_decref(j);
	http_reply_clear(&r);
	stop(&sb);
}

/* ------------------------------------------------------------------ faults */

static long get_status(const sandbox *sb, const char *path, json_t **body)
{
	http_reply r;
	sandbox_api_call(sb, "GET", path, SANDBOX_DEMO_KEY, NULL, &r);
	assert_conventions(&r, path);
	long status = r.status;
	if (body)
		*body = http_json(&r);
	http_reply_clear(&r);
	return status;
}

/* Every kind on every endpoint is in it_sandbox_errors.c; here: which fault is used when
   several match, and a fault without COUNT. */
static void test_faults_apply_in_command_line_order(void **state)
{
	sandbox sb;
	const char *args[] = {"--fault",     "store:429:1",    "--fault",
			      "store:503:1", "--fault",	       "store:500:2",
			      "--fault",     "discover:reset", NULL};
	start(&sb, args);
	json_t *p;
	assert_int_equal(get_status(&sb, STORE_PATH, &p), 429);
	assert_problem(p, 429, "RATE_LIMITED");
	json_decref(p);
	assert_int_equal(get_status(&sb, STORE_PATH, &p), 503);
	assert_problem(p, 503, "SERVICE_UNAVAILABLE");
	json_decref(p);
	/* Other endpoints are untouched. */
	assert_int_equal(get_status(&sb, "/v1/marketplace/catalog-sets/" TONY_CS, NULL), 200);
	assert_int_equal(get_status(&sb, STORE_PATH, NULL), 500);
	assert_int_equal(get_status(&sb, STORE_PATH, NULL), 500);
	assert_int_equal(get_status(&sb, STORE_PATH, NULL), 200); /* counts used up */
	for (int i = 0; i < 3; i++) {				  /* no COUNT: every request */
		http_reply r;
		sandbox_api_call(&sb, "GET",
				 "/v1/marketplace/stores?latitude=47.6&longitude=-122.3",
				 SANDBOX_DEMO_KEY, NULL, &r);
		assert_true(r.curl_code == CURLE_GOT_NOTHING || r.curl_code == CURLE_RECV_ERROR);
		http_reply_clear(&r);
	}
	stop(&sb);
}

static void test_fault_timeout_does_not_stall_others(void **state)
{
	sandbox sb;
	const char *args[] = {"--fault", "store:timeout:1", NULL};
	start(&sb, args);
	const char *hdrs[] = {"Authorization: Bearer " SANDBOX_DEMO_KEY, NULL};
	http_reply r;
	double t0 = now_s();
	sandbox_http_request(&sb, "GET", STORE_PATH, hdrs, NULL, 500, &r);
	assert_int_equal(r.curl_code, CURLE_OPERATION_TIMEDOUT);
	assert_true(now_s() - t0 < 5);
	http_reply_clear(&r);
	/* The held request still occupies a server thread; others are served meanwhile. */
	sandbox_http_request(&sb, "GET", STORE_PATH, hdrs, NULL, 2000, &r);
	assert_int_equal(r.status, 200);
	http_reply_clear(&r);
	/* SIGTERM ends the held request at once rather than after 30 s. */
	double t1 = now_s();
	stop(&sb);
	assert_true(now_s() - t1 < 5);
}

/* ------------------------------------------------------------------ clock, lifecycle, CLI */

static bool accepting(const sandbox *sb, const char *store_path)
{
	json_t *s;
	assert_int_equal(get_status(sb, store_path, &s), 200);
	bool open = json_is_true(json_object_get(s, "isAcceptingOrders"));
	json_decref(s);
	return open;
}

static void test_pinned_clock_drives_open_state(void **state)
{
	sandbox sb;
	/* Tony's opens 11:00-22:00 Los Angeles time; Golden Dragon is 24/7. */
	const char *lunch[] = {"--now", "2026-11-18T19:30:00Z", NULL}; /* 11:30 PST */
	start(&sb, lunch);
	assert_true(accepting(&sb, STORE_PATH));
	stop(&sb);
	const char *night[] = {"--now", "2026-11-18T08:00:00Z", NULL}; /* 00:00 PST */
	start(&sb, night);
	assert_false(accepting(&sb, STORE_PATH));
	assert_true(accepting(&sb, "/v1/marketplace/stores/" DRAGON));
	stop(&sb);
	const char *closing[] = {"--now", "2026-11-19T05:59:59Z", "--freeze-clock", NULL};
	start(&sb, closing); /* 21:59:59 PST: last second open */
	assert_true(accepting(&sb, STORE_PATH));
	stop(&sb);
	const char *closed[] = {"--now", "2026-11-19T06:00:00Z", NULL}; /* 22:00 PST */
	start(&sb, closed);
	assert_false(accepting(&sb, STORE_PATH));
	stop(&sb);
}

static void test_sigterm_and_sigint_exit_cleanly(void **state)
{
	const int signals[] = {SIGTERM, SIGINT};
	for (size_t i = 0; i < 2; i++) {
		sandbox sb;
		start(&sb, NULL);
		assert_int_equal(get_status(&sb, STORE_PATH, NULL), 200);
		assert_int_equal(sandbox_stop_with(&sb, signals[i]), 0);
	}
}

/* gett-tui's demo mode holds the sandbox's stdin; --exit-with-stdin ends it on EOF. */
static void test_exit_with_stdin(void **state)
{
	sandbox sb;
	const char *args[] = {"--listen",	   "127.0.0.1:0",	"--data",
			      SANDBOX_FIXTURE_DIR, "--exit-with-stdin", NULL};
	assert_true(sandbox_start_args(&sb, args, true));
	assert_int_equal(get_status(&sb, STORE_PATH, NULL), 200);
	close(sb.stdin_fd);
	sb.stdin_fd = -1;
	assert_int_equal(sandbox_wait_exit(&sb, 5000), 0);

	/* Without the option, EOF on stdin changes nothing. */
	const char *plain[] = {"--listen", "127.0.0.1:0", "--data", SANDBOX_FIXTURE_DIR, NULL};
	assert_true(sandbox_start_args(&sb, plain, true));
	close(sb.stdin_fd);
	sb.stdin_fd = -1;
	assert_int_equal(sandbox_wait_exit(&sb, 500), -2);
	assert_int_equal(get_status(&sb, STORE_PATH, NULL), 200);
	stop(&sb);
}

/* Without --listen the server binds 127.0.0.1:8787, never a public address. The port may be
   taken on a busy machine; the error then names the address it tried. */
static void test_default_listen_is_loopback(void **state)
{
	sandbox sb;
	const char *args[] = {"--data", SANDBOX_FIXTURE_DIR, NULL};
	if (sandbox_start_args(&sb, args, false)) {
		assert_int_equal(sb.port, 8787);
		stop(&sb);
		return;
	}
	char err[512];
	assert_int_equal(sandbox_run_to_exit(args, err, sizeof err), 1);
	assert_non_null(strstr(err, "127.0.0.1:8787"));
}

static void expect_exit(const char *const *args, int status, const char *needle)
{
	char err[2048];
	int got = sandbox_run_to_exit(args, err, sizeof err);
	if (got != status || (needle && !strstr(err, needle))) {
		char cmd[512] = "gett-sandbox";
		for (size_t i = 0; args[i]; i++)
			snprintf(cmd + strlen(cmd), sizeof cmd - strlen(cmd), " '%s'", args[i]);
		fail_msg("%s: exit %d, expected %d%s%s; stderr was: %s", cmd, got, status,
			 needle ? " with " : "", needle ? needle : "", err);
	}
}

static void test_command_line_errors(void **state)
{
	static const struct {
		const char *args[5]; /* NULL-terminated */
		int status;
		const char *needle; /* in its stderr; NULL: not looked at */
	} cases[] = {
	    {{"--listen", "localhost"}, 2, "--listen"},
	    {{"--now", "yesterday"}, 2, "--now"},
	    {{"--fault", "store:teapot"}, 2, "unknown kind"},
	    {{"--fault", "kitchen:500"}, 2, "unknown endpoint"},
	    {{"--fault", "store:500:0"}, 2, "COUNT"},
	    {{"--rate-limit", "reads=5"}, 2, "CLASS"},
	    {{"--validation-style=loud"}, 2, "validation-style"},
	    {{"--bogus"}, 2, "--help"},
	    {{"--freeze-clock"}, 2, "--now"},
	    {{"--help"}, 0, NULL},
	    {{"--version"}, 0, NULL},
	    {{"--listen", "127.0.0.1:0", "--data", "/nonexistent-gett-data"}, 1, "stores.json"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		expect_exit(cases[i].args, cases[i].status, cases[i].needle);
	const char *bad_steps[] = {"0", "-1", "soon", "86401", "1e9", ""};
	for (size_t i = 0; i < sizeof bad_steps / sizeof *bad_steps; i++) {
		const char *a13[] = {"--status-step", bad_steps[i], NULL};
		expect_exit(a13, 2, "--status-step");
	}
	const char *bad_cancels[] = {"-1", "soon", "86401", "2:", ":why", "1x:why"};
	for (size_t i = 0; i < sizeof bad_cancels / sizeof *bad_cancels; i++) {
		const char *a17[] = {"--cancel-after", bad_cancels[i], NULL};
		expect_exit(a17, 2, "--cancel-after");
	}
	const char *bad_counts[] = {"0", "-3", "many", "", "1e3", "100000001"};
	for (size_t i = 0; i < sizeof bad_counts / sizeof *bad_counts; i++) {
		const char *a15[] = {"--max-sessions", bad_counts[i], NULL};
		expect_exit(a15, 2, "--max-sessions");
		const char *a16[] = {"--max-idempotency-entries", bad_counts[i], NULL};
		expect_exit(a16, 2, "--max-idempotency-entries");
	}
	/* Good values are accepted: parsing stops at --help with status 0. */
	const char *a14[] = {"--status-step",
			     "0.25",
			     "--fault",
			     "place:502:3",
			     "--max-sessions",
			     "1",
			     "--max-idempotency-entries",
			     "100000000",
			     "--cancel-after",
			     "0.5:Out of dough: sorry",
			     "--help",
			     NULL};
	expect_exit(a14, 0, NULL);
}

static int kill_leftovers(void **state)
{
	sandbox_kill_all();
	return 0;
}

#define TEST(f) cmocka_unit_test_teardown(f, kill_leftovers)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_listen_line_and_port_zero),
	    TEST(test_auth_failures),
	    TEST(test_session_expiry_follows_the_clock),
	    TEST(test_session_table_is_bounded),
	    TEST(test_unknown_path_and_method),
	    TEST(test_markdown_error_variant),
	    TEST(test_faults_apply_in_command_line_order),
	    TEST(test_fault_timeout_does_not_stall_others),
	    TEST(test_pinned_clock_drives_open_state),
	    TEST(test_sigterm_and_sigint_exit_cleanly),
	    TEST(test_exit_with_stdin),
	    TEST(test_default_listen_is_loopback),
	    TEST(test_command_line_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

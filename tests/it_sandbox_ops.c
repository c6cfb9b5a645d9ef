/*
 * Integration tests of gett-sandbox's operational behaviour: listening, authentication,
 * rate limits, error content types, fault injection, the pinned clock, clean shutdown and
 * command-line errors. Most tests start their own process with the options they exercise.
 */
#include <config.h>

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sandbox_harness.h"

#define TONY	      "11111111-1111-4111-8111-111111111111"
#define DRAGON	      "22222222-2222-4222-8222-222222222222"
#define TONY_CS	      "aaaaaaaa-0000-4000-8000-000000000001"
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

static const char *str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
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
	api_call(&a, "GET", STORE_PATH, SANDBOX_DEMO_KEY, NULL, &r);
	assert_int_equal(r.status, 200);
	http_reply_clear(&r);
	stop(&a);
	stop(&b);
}

static void expect_401(const sandbox *sb, const char *const *headers, const char *detail)
{
	http_reply r;
	http_request(sb, "GET", STORE_PATH, headers, NULL, 0, &r);
	assert_int_equal(r.status, 401);
	char ctype[64], rid[64];
	assert_string_equal(http_header(&r, "Content-Type", ctype, sizeof ctype),
			    "application/problem+json");
	json_t *p = http_json(&r);
	assert_string_equal(str(p, "errorCode"), "UNAUTHENTICATED");
	assert_string_equal(str(p, "errorCategory"), "authentication");
	assert_string_equal(str(p, "instance"), STORE_PATH);
	assert_string_equal(http_header(&r, "X-Request-Id", rid, sizeof rid), str(p, "requestId"));
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
	api_call(&sb, "GET", STORE_PATH, "zpka_custom", NULL, &r);
	assert_int_equal(r.status, 200);
	http_reply_clear(&r);
	stop(&sb);
}

/* A session made with expirationSeconds 1 expires on the running pinned clock, but not on a
   frozen one. */
static bool session_expires(const char *const *args)
{
	sandbox sb;
	start(&sb, args);
	http_reply r;
	api_call(&sb, "POST", "/v1/marketplace/session/create", SANDBOX_DEMO_KEY,
		 "{\"expirationSeconds\":1}", &r);
	assert_int_equal(r.status, 200);
	json_t *j = http_json(&r);
	char *token = strdup(str(j, "token"));
	assert_true(strncmp(str(j, "expiresAt"), "2026-11-18T19:30:0", 18) == 0);
	json_decref(j);
	http_reply_clear(&r);
	usleep(1300 * 1000);
	api_call(&sb, "GET", "/v1/marketplace/session/me", token, NULL, &r);
	bool expired = r.status == 401;
	if (expired) {
		json_t *p = http_json(&r);
		assert_string_equal(str(p, "detail"), "session expired");
		json_decref(p);
	} else {
		assert_int_equal(r.status, 200);
	}
	http_reply_clear(&r);
	free(token);
	stop(&sb);
	return expired;
}

static void test_session_expiry_follows_the_clock(void **state)
{
	const char *running[] = {"--now", "2026-11-18T19:30:00Z", NULL};
	const char *frozen[] = {"--now", "2026-11-18T19:30:00Z", "--freeze-clock", NULL};
	assert_true(session_expires(running));
	assert_false(session_expires(frozen));
}

/* ------------------------------------------------------------------ conventions */

static void test_unknown_path_and_method(void **state)
{
	sandbox sb;
	start(&sb, NULL);
	http_reply r;
	api_call(&sb, "GET", "/v1/marketplace/nope", SANDBOX_DEMO_KEY, NULL, &r);
	assert_int_equal(r.status, 404);
	json_t *p = http_json(&r);
	assert_string_equal(str(p, "errorCode"), "NOT_FOUND");
	json_decref(p);
	char rl[32];
	assert_non_null(http_header(&r, "X-RateLimit-Remaining", rl, sizeof rl));
	http_reply_clear(&r);
	api_call(&sb, "DELETE", STORE_PATH, SANDBOX_DEMO_KEY, NULL, &r);
	assert_int_equal(r.status, 405);
	char allow[32];
	assert_string_equal(http_header(&r, "Allow", allow, sizeof allow), "GET");
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
	http_request(&sb, "GET", "/v1/marketplace/stores/99999999-9999-4999-8999-999999999999", md,
		     NULL, 0, &r);
	assert_int_equal(r.status, 404);
	char ctype[64];
	assert_non_null(
	    strstr(http_header(&r, "Content-Type", ctype, sizeof ctype), "text/markdown"));
	assert_true(strncmp(r.body, "---\n", 4) == 0);
	assert_non_null(strstr(r.body, "\nerrorCode: \"STORE_NOT_FOUND\"\n"));
	assert_non_null(strstr(r.body, "\nerrorCategory: \"not_found\"\n"));
	assert_non_null(strstr(r.body, "\nretryable: false\n"));
	assert_non_null(strstr(r.body, "\n---\n\n# Not Found\n"));
	assert_null(http_json(&r));
	http_reply_clear(&r);
	/* Successes stay JSON whatever Accept says. */
	http_request(&sb, "GET", STORE_PATH, md, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	json_t *j = http_json(&r);
	assert_non_null(j);
	json_decref(j);
	http_reply_clear(&r);
	stop(&sb);
}

static void test_rate_limit(void **state)
{
	sandbox sb;
	const char *args[] = {"--rate-limit", "read=2", NULL};
	start(&sb, args);
	http_reply r;
	char v[32];
	for (int i = 1; i >= 0; i--) {
		api_call(&sb, "GET", STORE_PATH, SANDBOX_DEMO_KEY, NULL, &r);
		assert_int_equal(r.status, 200);
		assert_int_equal(atoi(http_header(&r, "X-RateLimit-Remaining", v, sizeof v)), i);
		long reset = atol(http_header(&r, "X-RateLimit-Reset", v, sizeof v));
		assert_true(reset > time(NULL) && reset <= time(NULL) + 61);
		http_reply_clear(&r);
	}
	api_call(&sb, "GET", "/v1/marketplace/catalog-sets/" TONY_CS, SANDBOX_DEMO_KEY, NULL, &r);
	assert_int_equal(r.status, 429);
	json_t *p = http_json(&r);
	assert_string_equal(str(p, "errorCode"), "RATE_LIMITED");
	assert_true(json_is_true(json_object_get(p, "retryable")));
	long after = (long)json_integer_value(json_object_get(p, "retryAfter"));
	assert_true(after >= 1 && after <= 60);
	assert_int_equal(atol(http_header(&r, "Retry-After", v, sizeof v)), after);
	assert_string_equal(http_header(&r, "X-RateLimit-Remaining", v, sizeof v), "0");
	json_decref(p);
	http_reply_clear(&r);
	/* Other classes have their own bucket. */
	api_call(&sb, "POST", "/v1/marketplace/stores/discover", SANDBOX_DEMO_KEY, DISCOVER_BODY,
		 &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(http_header(&r, "X-RateLimit-Remaining", v, sizeof v), "299");
	http_reply_clear(&r);
	stop(&sb);
}

/* ------------------------------------------------------------------ faults */

static long get_status(const sandbox *sb, const char *path, json_t **body)
{
	http_reply r;
	api_call(sb, "GET", path, SANDBOX_DEMO_KEY, NULL, &r);
	assert_int_equal(r.curl_code, 0);
	long status = r.status;
	if (body)
		*body = http_json(&r);
	http_reply_clear(&r);
	return status;
}

static void test_fault_statuses_with_counts(void **state)
{
	sandbox sb;
	const char *args[] = {"--fault", "store:429:1", "--fault", "store:503:1",
			      "--fault", "store:500:2", NULL};
	start(&sb, args);
	json_t *p;
	assert_int_equal(get_status(&sb, STORE_PATH, &p), 429);
	assert_string_equal(str(p, "errorCode"), "RATE_LIMITED");
	assert_int_equal(json_integer_value(json_object_get(p, "retryAfter")), 1);
	json_decref(p);
	assert_int_equal(get_status(&sb, STORE_PATH, &p), 503);
	assert_string_equal(str(p, "errorCode"), "SERVICE_UNAVAILABLE");
	assert_true(json_is_true(json_object_get(p, "retryable")));
	json_decref(p);
	/* Other endpoints are untouched. */
	assert_int_equal(get_status(&sb, "/v1/marketplace/catalog-sets/" TONY_CS, NULL), 200);
	assert_int_equal(get_status(&sb, STORE_PATH, &p), 500);
	assert_string_equal(str(p, "errorCode"), "INTERNAL_ERROR");
	json_decref(p);
	assert_int_equal(get_status(&sb, STORE_PATH, NULL), 500);
	assert_int_equal(get_status(&sb, STORE_PATH, NULL), 200); /* counts used up */
	stop(&sb);
}

static void assert_dropped(const http_reply *r)
{
	assert_true(r->curl_code == CURLE_GOT_NOTHING || r->curl_code == CURLE_RECV_ERROR);
	assert_int_equal(r->status, 0);
}

static void test_fault_garbage_reset_and_commit_then_reset(void **state)
{
	sandbox sb;
	const char *args[] = {"--fault", "catalog:garbage",	      "--fault", "discover:reset",
			      "--fault", "store:commit-then-reset:1", NULL};
	start(&sb, args);
	http_reply r;
	api_call(&sb, "GET", "/v1/marketplace/catalog-sets/" TONY_CS, SANDBOX_DEMO_KEY, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(r.body_len > 0);
	assert_null(http_json(&r));
	http_reply_clear(&r);
	for (int i = 0; i < 2; i++) { /* no COUNT: every request */
		api_call(&sb, "GET", "/v1/marketplace/stores?latitude=47.6&longitude=-122.3",
			 SANDBOX_DEMO_KEY, NULL, &r);
		assert_dropped(&r);
		http_reply_clear(&r);
	}
	api_call(&sb, "GET", STORE_PATH, SANDBOX_DEMO_KEY, NULL, &r);
	assert_dropped(&r);
	http_reply_clear(&r);
	assert_int_equal(get_status(&sb, STORE_PATH, NULL), 200); /* count used; server lives */
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
	http_request(&sb, "GET", STORE_PATH, hdrs, NULL, 500, &r);
	assert_int_equal(r.curl_code, CURLE_OPERATION_TIMEDOUT);
	assert_true(now_s() - t0 < 5);
	http_reply_clear(&r);
	/* The held request still occupies a server thread; others are served meanwhile. */
	http_request(&sb, "GET", STORE_PATH, hdrs, NULL, 2000, &r);
	assert_int_equal(r.status, 200);
	http_reply_clear(&r);
	/* SIGTERM ends the held request at once rather than after 30 s. */
	double t1 = now_s();
	stop(&sb);
	assert_true(now_s() - t1 < 5);
}

static void test_fault_any_endpoint(void **state)
{
	sandbox sb;
	const char *args[] = {"--fault", "any:503:2", NULL};
	start(&sb, args);
	assert_int_equal(get_status(&sb, STORE_PATH, NULL), 503);
	assert_int_equal(get_status(&sb, "/v1/marketplace/catalog-sets/" TONY_CS, NULL), 503);
	assert_int_equal(get_status(&sb, STORE_PATH, NULL), 200);
	stop(&sb);
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

static void test_sigterm_exits_cleanly(void **state)
{
	sandbox sb;
	start(&sb, NULL);
	assert_int_equal(get_status(&sb, STORE_PATH, NULL), 200);
	assert_int_equal(sandbox_stop(&sb), 0);
}

static void expect_exit(const char *const *args, int status, const char *needle)
{
	char err[2048];
	assert_int_equal(sandbox_run_to_exit(args, err, sizeof err), status);
	if (needle && !strstr(err, needle)) {
		fprintf(stderr, "stderr was: %s\n", err);
		fail();
	}
}

static void test_command_line_errors(void **state)
{
	const char *a1[] = {"--listen", "localhost", NULL};
	expect_exit(a1, 2, "--listen");
	const char *a2[] = {"--now", "yesterday", NULL};
	expect_exit(a2, 2, "--now");
	const char *a3[] = {"--fault", "store:teapot", NULL};
	expect_exit(a3, 2, "unknown kind");
	const char *a4[] = {"--fault", "kitchen:500", NULL};
	expect_exit(a4, 2, "unknown endpoint");
	const char *a5[] = {"--fault", "store:500:0", NULL};
	expect_exit(a5, 2, "COUNT");
	const char *a6[] = {"--rate-limit", "reads=5", NULL};
	expect_exit(a6, 2, "CLASS");
	const char *a7[] = {"--validation-style=loud", NULL};
	expect_exit(a7, 2, "validation-style");
	const char *a8[] = {"--bogus", NULL};
	expect_exit(a8, 2, "--help");
	const char *a9[] = {"--freeze-clock", NULL};
	expect_exit(a9, 2, "--now");
	const char *a10[] = {"--help", NULL};
	expect_exit(a10, 0, NULL);
	const char *a11[] = {"--version", NULL};
	expect_exit(a11, 0, NULL);
	const char *a12[] = {"--listen", "127.0.0.1:0", "--data", "/nonexistent-gett-data", NULL};
	expect_exit(a12, 1, "stores.json");
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
	    TEST(test_unknown_path_and_method),
	    TEST(test_markdown_error_variant),
	    TEST(test_rate_limit),
	    TEST(test_fault_statuses_with_counts),
	    TEST(test_fault_garbage_reset_and_commit_then_reset),
	    TEST(test_fault_timeout_does_not_stall_others),
	    TEST(test_fault_any_endpoint),
	    TEST(test_pinned_clock_drives_open_state),
	    TEST(test_sigterm_exits_cleanly),
	    TEST(test_command_line_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

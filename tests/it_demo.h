/*
 * What the integration tests of the API client (it_client*.c) and of the shop (it_shop*.c)
 * share: the demo data they order from, the demo user, quick retries, and the end of a test's
 * loop and sandbox.
 */
#ifndef GETT_TESTS_IT_DEMO_H
#define GETT_TESTS_IT_DEMO_H

#include <stdbool.h>
#include <stdio.h>
#include <uv.h>

#include "net/api.h"
#include "sandbox_harness.h"

/* Demo data (data/README.md). */
#define SEATTLE_LAT	47.6062
#define SEATTLE_LON	-122.3321
#define PIZZA_STORE	"a195f31d-8944-4433-8bc7-3f99744a9e4c" /* tips in both modes */
#define PIZZA_CATALOG	"3dd48647-5d32-4cbd-af71-69d9ec04512e"
#define COFFEE_STORE	"463cf746-4056-46c9-bb5d-1bfdb6b45119" /* no tips */
#define DEMO_PAYMENT_ID "a0ac990a-f66b-4f68-ab47-9b2811f4f9d4"
#define DEMO_USER_EMAIL "demo@example.com"
#define UNKNOWN_GUID	"00000000-0000-4000-8000-000000000000"

/* The demo user's profile (its strings are static). */
api_profile it_demo_profile(void);
/* Retries with a short backoff, so that fault tests stay quick. */
retry_policy it_fast_retries(void);

/* Flushes the debug log being written to `path` and returns all of it (caller frees); fails
   the test when it cannot be read. */
char *it_read_log_file(FILE *log, const char *path);

/*
 * The end of a test's environment: stops the sandbox when sandbox_up, lets every closed
 * handle finish and closes the loop. 0, or -1 with a message on stderr naming `who` when
 * handles were left open (a shutdown that hung).
 */
int it_close_loop(uv_loop_t *loop, sandbox *sb, bool sandbox_up, const char *who);

/*
 * One integration test's cases, gathered from the files it is split over: each file keeps
 * its cases static and hands them over with a FILE_tests(it_tests *) function, so a case is
 * named once, in its own file. it_tests_run runs them as one group.
 */
#define IT_MAX_TESTS 128
struct CMUnitTest;
typedef struct it_tests {
	const struct CMUnitTest *v[IT_MAX_TESTS];
	size_t n;
} it_tests;
/* Appends n cases (fails when there are more than IT_MAX_TESTS in all). */
void it_tests_add(it_tests *all, const struct CMUnitTest *cases, size_t n);
/* Runs the cases in order as one cmocka group; the environment variable `filter_env`, when
   set, is cmocka's test filter (e.g. IT_SHOP_FILTER='test_tip*'). */
int it_tests_run(const it_tests *all, const char *filter_env);

#endif

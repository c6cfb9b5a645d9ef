/* Retry policy: which failures are retried, backoff growth, jitter bounds, Retry-After. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <limits.h>

#include "net/retry.h"

static const time_t NOW = 1795000000; /* fixed instant */

static void test_non_retryable_never_retried(void **state)
{
	retry_failure declined = {.status = 400, .retryable = false, .retry_after_s = -1};
	assert_false(retry_next(&RETRY_DEFAULT, 1, &declined, 0.5, NOW).retry);
	retry_failure unauth = {.status = 401, .retry_after_s = -1};
	assert_false(retry_next(&RETRY_DEFAULT, 1, &unauth, 0.5, NOW).retry);
}

static void test_backoff_doubles_with_bounded_jitter(void **state)
{
	retry_failure e500 = {.status = 500, .retryable = true, .retry_after_s = -1};
	retry_policy p = {
	    .max_attempts = 10, .base_delay_ms = 1000, .max_delay_ms = 8000, .max_wait_ms = 60000};
	long expected[] = {1000, 2000, 4000, 8000, 8000};
	for (int attempt = 1; attempt <= 5; attempt++) {
		retry_decision lo = retry_next(&p, attempt, &e500, 0.0, NOW);
		retry_decision hi = retry_next(&p, attempt, &e500, 0.999999, NOW);
		long step = expected[attempt - 1];
		assert_true(lo.retry);
		assert_int_equal(lo.delay_ms, step); /* jitter only adds: never below the step */
		assert_in_range(hi.delay_ms, step + step / 2 - 1, step + step / 2);
	}
}

/* §1.4: "exponential backoff from 1 s": whatever the jitter, the first retry waits >= 1 s. */
static void test_first_retry_waits_at_least_a_second(void **state)
{
	retry_failure cases[] = {
	    {.transport = true, .retry_after_s = -1},
	    {.status = 500, .retryable = true, .retry_after_s = -1},
	    {.status = 429, .retryable = true, .retry_after_s = 0}, /* "now" is still >= 1 s */
	    {.status = 503, .retry_after_s = -1, .retry_after_header = "0"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (double r = 0.0; r < 1.0; r += 0.125) {
			retry_decision d = retry_next(&RETRY_DEFAULT, 1, &cases[i], r, NOW);
			assert_true(d.retry);
			assert_in_range(d.delay_ms, 1000, 1500);
		}
	}
	/* A server's short wait is a floor: the jitter still spreads clients out. */
	retry_failure one = {.status = 429, .retryable = true, .retry_after_s = 1};
	assert_int_equal(retry_next(&RETRY_DEFAULT, 1, &one, 0.0, NOW).delay_ms, 1000);
	assert_in_range(retry_next(&RETRY_DEFAULT, 1, &one, 0.9, NOW).delay_ms, 1400, 1500);
}

static void test_attempt_limit(void **state)
{
	retry_failure reset = {.transport = true, .retry_after_s = -1};
	assert_true(retry_next(&RETRY_DEFAULT, 3, &reset, 0.5, NOW).retry);
	assert_false(retry_next(&RETRY_DEFAULT, 4, &reset, 0.5, NOW).retry);
}

static void test_retry_after_is_honoured(void **state)
{
	retry_failure limited = {.status = 429, .retryable = true, .retry_after_s = 4};
	retry_decision d = retry_next(&RETRY_DEFAULT, 1, &limited, 0.9, NOW);
	assert_true(d.retry);
	assert_int_equal(d.delay_ms, 4000);
	/* Header used when the body has none; a 503 without retryable flag is still retried. */
	retry_failure busy = {.status = 503, .retry_after_s = -1, .retry_after_header = "7"};
	d = retry_next(&RETRY_DEFAULT, 1, &busy, 0.9, NOW);
	assert_int_equal(d.delay_ms, 7000);
	/* Too long a wait: give up rather than freeze. */
	retry_failure forever = {.status = 429, .retryable = true, .retry_after_s = 3600};
	d = retry_next(&RETRY_DEFAULT, 1, &forever, 0.5, NOW);
	assert_false(d.retry);
	assert_int_equal(d.refused_wait_s, 3600); /* said, not silently dropped */
	/* A huge value must not wrap into a short wait. */
	retry_failure huge = {.status = 429, .retryable = true, .retry_after_s = LONG_MAX};
	assert_false(retry_next(&RETRY_DEFAULT, 1, &huge, 0.5, NOW).retry);
	retry_failure huge_header = {
	    .status = 503, .retry_after_s = -1, .retry_after_header = "9223372036854775807"};
	d = retry_next(&RETRY_DEFAULT, 1, &huge_header, 0.5, NOW);
	assert_false(d.retry);
	assert_true(d.refused_wait_s > 3600);
	assert_int_equal(retry_next(&RETRY_DEFAULT, 1, &busy, 0.9, NOW).refused_wait_s, 0);
}

static void test_retry_after_header_forms(void **state)
{
	assert_int_equal(retry_after_header_seconds("120", NOW), 120);
	assert_int_equal(retry_after_header_seconds("-3", NOW), -1);
	assert_int_equal(retry_after_header_seconds("soon", NOW), -1);
	assert_int_equal(retry_after_header_seconds(NULL, NOW), -1);
	/* 1795000000 is Wed, 18 Nov 2026 11:06:40 GMT. */
	assert_int_equal(retry_after_header_seconds("Wed, 18 Nov 2026 11:07:00 GMT", NOW), 20);
	assert_int_equal(retry_after_header_seconds("Wed, 18 Nov 2026 09:00:00 GMT", NOW), 0);
}

/* §5 PAYMENT_FAILED: "retry same key after 1-3 s jitter, 2-3 times". */
static void test_payment_policy(void **state)
{
	retry_failure failed = {.status = 400, .retryable = true, .retry_after_s = -1};
	retry_failure told = {.status = 400, .retryable = true, .retry_after_s = 1};
	for (int attempt = 1; attempt <= 2; attempt++) {
		long lo = 999999, hi = 0;
		for (double r = 0.0; r < 1.0; r += 0.01) {
			long d = retry_next(&RETRY_PAYMENT, attempt, &failed, r, NOW).delay_ms;
			lo = d < lo ? d : lo;
			hi = d > hi ? d : hi;
			assert_in_range(d, 1000, 3000);
			assert_in_range(retry_next(&RETRY_PAYMENT, attempt, &told, r, NOW).delay_ms,
					1000, 3000);
		}
		assert_int_equal(lo, 1000);
		assert_true(hi > 2900); /* the whole span is used: real jitter */
	}
	assert_false(retry_next(&RETRY_PAYMENT, 3, &failed, 0.5, NOW).retry);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_non_retryable_never_retried),
	    cmocka_unit_test(test_backoff_doubles_with_bounded_jitter),
	    cmocka_unit_test(test_first_retry_waits_at_least_a_second),
	    cmocka_unit_test(test_attempt_limit),
	    cmocka_unit_test(test_retry_after_is_honoured),
	    cmocka_unit_test(test_retry_after_header_forms),
	    cmocka_unit_test(test_payment_policy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Retry policy: which failures are retried, backoff growth, jitter bounds, Retry-After. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "retry.h"

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
		assert_true(lo.retry);
		assert_int_equal(lo.delay_ms, expected[attempt - 1] / 2);
		assert_in_range(hi.delay_ms, expected[attempt - 1] - 1, expected[attempt - 1]);
	}
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
	assert_false(retry_next(&RETRY_DEFAULT, 1, &forever, 0.5, NOW).retry);
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

static void test_payment_policy(void **state)
{
	retry_failure failed = {.status = 400, .retryable = true, .retry_after_s = -1};
	retry_decision d = retry_next(&RETRY_PAYMENT, 1, &failed, 0.5, NOW);
	assert_true(d.retry);
	assert_in_range(d.delay_ms, 500, 1000);
	assert_false(retry_next(&RETRY_PAYMENT, 3, &failed, 0.5, NOW).retry);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_non_retryable_never_retried),
	    cmocka_unit_test(test_backoff_doubles_with_bounded_jitter),
	    cmocka_unit_test(test_attempt_limit),
	    cmocka_unit_test(test_retry_after_is_honoured),
	    cmocka_unit_test(test_retry_after_header_forms),
	    cmocka_unit_test(test_payment_policy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

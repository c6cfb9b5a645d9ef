#include "net/retry.h"

#include <stdlib.h>
#include <string.h>

const retry_policy RETRY_DEFAULT = {
    .max_attempts = 4, .base_delay_ms = 1000, .max_delay_ms = 30000, .max_wait_ms = 120000};
/* A flat 1 s step plus up to 2 s of jitter: every retry waits 1-3 s. */
const retry_policy RETRY_PAYMENT = {.max_attempts = 3,
				    .base_delay_ms = 1000,
				    .max_delay_ms = 1000,
				    .max_wait_ms = 120000,
				    .jitter_ms = 2000};

long retry_after_header_seconds(const char *value, time_t now)
{
	if (!value || !*value)
		return -1;
	char *end;
	long s = strtol(value, &end, 10);
	if (end != value && *end == '\0')
		return s < 0 ? -1 : s;
	struct tm tm = {0};
	const char *rest = strptime(value, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if (!rest || *rest)
		return -1;
	time_t at = timegm(&tm);
	return at > now ? (long)(at - now) : 0;
}

/* Transport failures and 5xx are worth retrying even without a ProblemDetail saying so. */
static bool is_retryable(const retry_failure *f)
{
	if (f->transport)
		return true;
	if (f->status == 429 || f->status == 502 || f->status == 503 || f->status == 504)
		return true;
	return f->retryable;
}

/* The policy's own wait before retry `attempt` (see retry.h). */
static long backoff_ms(const retry_policy *policy, int attempt, double random01)
{
	long step = policy->base_delay_ms;
	for (int i = 1; i < attempt && step < policy->max_delay_ms; i++)
		step *= 2;
	if (step > policy->max_delay_ms)
		step = policy->max_delay_ms;
	if (random01 < 0 || random01 >= 1)
		random01 = 0.5;
	long spread = policy->jitter_ms > 0 ? policy->jitter_ms : step / 2;
	return step + (long)((double)spread * random01);
}

retry_decision retry_next(const retry_policy *policy, int attempt, const retry_failure *failure,
			  double random01, time_t now)
{
	retry_decision no = {false, 0, 0};
	if (attempt >= policy->max_attempts || !is_retryable(failure))
		return no;
	long asked_s = failure->retry_after_s >= 0
			   ? failure->retry_after_s
			   : retry_after_header_seconds(failure->retry_after_header, now);
	if (asked_s > policy->max_wait_ms / 1000) { /* also keeps asked_s * 1000 from overflowing */
		no.refused_wait_s = asked_s;
		return no;
	}
	long delay = backoff_ms(policy, attempt, random01);
	if (asked_s * 1000 > delay)
		delay = asked_s * 1000;
	return (retry_decision){true, delay, 0};
}

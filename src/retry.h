/*
 * When to try a failed request again, and after how long (contract §1.4, §5).
 * Pure functions: the caller supplies the attempt number and a random value, so
 * the policy is testable and the UI can show "retrying in 4 s".
 */
#ifndef GETT_RETRY_H
#define GETT_RETRY_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

typedef struct retry_policy {
	int max_attempts;   /* including the first one */
	long base_delay_ms; /* first backoff step */
	long max_delay_ms;  /* cap for a computed backoff (not for a server's retryAfter) */
	long max_wait_ms;   /* a server asking for longer than this is not waited for */
} retry_policy;

/* Reads, validate: 4 attempts, 1 s doubling to 30 s, wait at most 2 minutes. */
extern const retry_policy RETRY_DEFAULT;
/* Place after PAYMENT_FAILED: 3 attempts, 1-3 s (contract §5). */
extern const retry_policy RETRY_PAYMENT;

/* What failed: a transport error, or an HTTP answer with its parsed problem. */
typedef struct retry_failure {
	bool transport;	    /* no HTTP answer (reset, timeout, refused) */
	int status;	    /* HTTP status when !transport */
	bool retryable;	    /* ProblemDetail.retryable (or the §5 default for the status) */
	long retry_after_s; /* ProblemDetail.retryAfter, -1 when absent */
	const char *retry_after_header; /* Retry-After header, may be NULL */
} retry_failure;

typedef struct retry_decision {
	bool retry;
	long delay_ms;
} retry_decision;

/*
 * attempt = number of attempts already made (1 after the first failure).
 * random01 in [0, 1) spreads clients apart (jitter). `now` is used to read an
 * HTTP-date Retry-After.
 */
retry_decision retry_next(const retry_policy *policy, int attempt, const retry_failure *failure,
			  double random01, time_t now);

/* Seconds from a Retry-After header (delta-seconds or HTTP-date); -1 if unreadable. */
long retry_after_header_seconds(const char *value, time_t now);

#endif

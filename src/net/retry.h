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

/*
 * The wait before retry n (n = 1 after the first failure) is step + jitter, where
 * step = base_delay_ms * 2^(n-1) capped at max_delay_ms, and jitter is uniform in
 * [0, jitter_ms), or [0, step/2) when jitter_ms is 0. So no computed wait is shorter than
 * base_delay_ms. A server's retryAfter is a floor, not a replacement: the wait is the larger
 * of the two, so clients told "1 s" still spread out.
 */
typedef struct retry_policy {
	int max_attempts;   /* including the first one */
	long base_delay_ms; /* first backoff step, and the shortest computed wait */
	long max_delay_ms;  /* cap for the backoff step (not for a server's retryAfter) */
	long max_wait_ms;   /* a server asking for longer than this is not waited for */
	long jitter_ms;	    /* random extra on top of the step; 0 = half a step */
} retry_policy;

/* Reads, validate: 4 attempts, 1-1.5 s, 2-3 s, 4-6 s (§1.4 "exponential backoff from 1 s"),
   steps capped at 30 s; a server's wait of more than 2 minutes is not made. */
extern const retry_policy RETRY_DEFAULT;
/* Place after PAYMENT_FAILED: 3 attempts, each after 1-3 s with jitter (§4.8, §5). */
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
	/* !retry because the server asked for a wait past max_wait_ms: how long it asked, in
	   seconds (LONG_MAX for "forever"), so the caller can say so; else 0. */
	long refused_wait_s;
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

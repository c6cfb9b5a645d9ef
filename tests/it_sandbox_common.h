/*
 * Shared helpers of the gett-sandbox integration tests (it_sandbox_*.c): requests that check
 * the conventions every response must follow (§1), and ProblemDetail assertions against the
 * contract's §5 table, transcribed here independently of the server's own copy. Helpers
 * assert with cmocka, so they may only run inside a test.
 */
#ifndef GETT_TESTS_IT_SANDBOX_COMMON_H
#define GETT_TESTS_IT_SANDBOX_COMMON_H

#include <stdbool.h>
#include <jansson.h>

#include "persist/journal.h" /* journal_new_key: an Idempotency-Key as the client makes one */
#include "sandbox_harness.h"

/* The integration fixture (tests/data/sandbox): stores and their catalog sets. */
#define TONY	 "11111111-1111-4111-8111-111111111111"
#define DRAGON	 "22222222-2222-4222-8222-222222222222"
#define GREEN	 "33333333-3333-4333-8333-333333333333"
#define TACO	 "44444444-4444-4444-8444-444444444444"
#define TONY_CS	 "aaaaaaaa-0000-4000-8000-000000000001"
#define GREEN_CS "aaaaaaaa-0000-4000-8000-000000000003"

/* One row of the contract's §5 table. */
typedef struct contract_code {
	const char *code;
	int status;
	const char *category;
	bool retryable;
} contract_code;

/* The §5 row of `code`; fails the test for a code the contract does not list. */
const contract_code *contract_code_of(const char *code);

const char *str(const json_t *obj, const char *key);

/*
 * The §1 conventions of one reply to a request for `path` (query string allowed):
 * X-Request-Id "req_" + 24 hex, X-RateLimit-Remaining and X-RateLimit-Reset on every answer;
 * JSON successes as application/json; every error with a body as application/problem+json
 * with a complete envelope (see assert_problem), `status` equal to the HTTP status,
 * `instance` the path, `requestId` equal to X-Request-Id (except in an idempotent replay,
 * which returns the original body), and on 429/503 `retryAfter` mirrored by Retry-After.
 */
void assert_conventions(const http_reply *r, const char *path);

/*
 * A ProblemDetail body with this status and errorCode: `type` names the code, `title` is the
 * reason phrase, errorCategory and retryable are the §5 row's, requestId "req_" + 24 hex,
 * traceId 32 hex, timestamp ISO-8601 UTC. The status is the §5 row's, except the documented
 * 405 INVALID_REQUEST for a wrong method.
 */
void assert_problem(const json_t *p, long status, const char *code);
/* The problem's errors[i] (fails the test when there is none). */
const json_t *error_at(const json_t *p, size_t i);

/* Request with "Accept: application/json", "Authorization: Bearer token" (token may be NULL)
   and "Idempotency-Key" (may be NULL); `body` may be NULL. Checks nothing. */
void send_raw(const sandbox *sb, const char *method, const char *path, const char *token,
	      const json_t *body, const char *idem_key, http_reply *r);
void send_text_raw(const sandbox *sb, const char *method, const char *path, const char *token,
		   const char *body, const char *idem_key, http_reply *r);
/* send_text_raw with a time limit (0 = 10 s). */
void send_timed(const sandbox *sb, const char *method, const char *path, const char *token,
		const char *body, const char *idem_key, long timeout_ms, http_reply *r);
/* As the _raw forms, then asserts the status and the conventions; returns the JSON body, or
   NULL when the body is empty. */
json_t *send_on(const sandbox *sb, const char *method, const char *path, const char *token,
		const json_t *body, const char *idem_key, long expect);
json_t *send_text(const sandbox *sb, const char *method, const char *path, const char *token,
		  const char *body, const char *idem_key, long expect);

/* POST session/create with the demo key; returns the token (free it). */
char *session_with(const sandbox *sb, const char *body_text);

#endif

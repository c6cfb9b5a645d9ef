/* Shared request and ProblemDetail helpers of the gett-sandbox integration tests. */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "it_sandbox_common.h"

/* Contract §5, row by row. */
static const contract_code CONTRACT_CODES[] = {
    {"ADDRESS_INVALID", 400, "validation", false},
    {"ADDRESS_OUT_OF_RANGE", 400, "validation", false},
    {"CART_EMPTY", 400, "validation", false},
    {"CATALOGSET_NOT_FOUND", 404, "not_found", false},
    {"CATALOGSET_REQUIRED", 400, "validation", false},
    {"ITEM_UNAVAILABLE", 400, "availability", false},
    {"MODIFIER_REQUIRED", 400, "validation", false},
    {"ORDER_ALREADY_PLACED", 409, "conflict", false},
    {"ORDER_BELOW_MINIMUM", 400, "validation", false},
    {"ORDER_TOTAL_DIFFERENT", 400, "validation", false},
    {"PAYMENT_DECLINED", 400, "payment", false},
    {"PAYMENT_FAILED", 400, "payment", true},
    {"PAYMENT_METHOD_INVALID", 400, "payment", false},
    {"SESSION_USER_REQUIRED", 401, "authentication", false},
    {"STORE_CLOSED", 400, "availability", false},
    {"STORE_NOT_FOUND", 404, "not_found", false},
    {"MISSING_IDEMPOTENCY_KEY", 400, "validation", false},
    {"MISSING_STORE_ID", 400, "validation", false},
    {"INVALID_REQUEST", 400, "validation", false},
    {"UNAUTHENTICATED", 401, "authentication", false},
    {"FORBIDDEN", 403, "authorization", false},
    {"NOT_FOUND", 404, "not_found", false},
    {"CONFLICT", 409, "conflict", false},
    {"VALIDATION_FAILED", 422, "validation", false},
    {"RATE_LIMITED", 429, "rate_limit", true},
    {"INTERNAL_ERROR", 500, "server_error", true},
    {"BAD_GATEWAY", 502, "server_error", true},
    {"SERVICE_UNAVAILABLE", 503, "availability", true},
};

/* RFC 9110 reason phrases, the ProblemDetail `title` (§5 notes). */
static const struct {
	long status;
	const char *phrase;
} TITLES[] = {
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {409, "Conflict"},
    {422, "Unprocessable Content"},
    {429, "Too Many Requests"},
    {500, "Internal Server Error"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
};

const contract_code *contract_code_of(const char *code)
{
	for (size_t i = 0; code && i < sizeof CONTRACT_CODES / sizeof *CONTRACT_CODES; i++)
		if (strcmp(CONTRACT_CODES[i].code, code) == 0)
			return &CONTRACT_CODES[i];
	fail_msg("errorCode %s is not in the contract's table", code ? code : "(none)");
	return NULL;
}

static const char *title_of(long status)
{
	for (size_t i = 0; i < sizeof TITLES / sizeof *TITLES; i++)
		if (TITLES[i].status == status)
			return TITLES[i].phrase;
	fail_msg("no reason phrase for status %ld", status);
	return NULL;
}

const char *str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* ------------------------------------------------------------------ formats */

static void assert_hex(const char *s, size_t len)
{
	assert_non_null(s);
	assert_int_equal(strlen(s), len);
	for (size_t i = 0; i < len; i++)
		assert_true(isxdigit((unsigned char)s[i]) && !isupper((unsigned char)s[i]));
}

static void assert_request_id(const char *id)
{
	assert_non_null(id);
	assert_true(strncmp(id, "req_", 4) == 0);
	assert_hex(id + 4, 24);
}

/* "2026-11-18T19:30:00.000Z" */
static void assert_timestamp(const char *ts)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";
	assert_non_null(ts);
	assert_int_equal(strlen(ts), strlen(shape));
	for (size_t i = 0; shape[i]; i++)
		assert_true(shape[i] == 'd' ? isdigit((unsigned char)ts[i]) : ts[i] == shape[i]);
}

static long header_long(const http_reply *r, const char *name)
{
	char v[64], *end;
	if (!sandbox_http_header(r, name, v, sizeof v))
		fail_msg("no %s header", name);
	long n = strtol(v, &end, 10);
	assert_true(end != v && *end == '\0');
	return n;
}

/* ------------------------------------------------------------------ problems */

void assert_problem(const json_t *p, long status, const char *code)
{
	assert_non_null(p);
	const contract_code *row = contract_code_of(code);
	assert_string_equal(str(p, "errorCode"), code);
	assert_int_equal(json_integer_value(json_object_get(p, "status")), status);
	if (!(status == 405 && strcmp(code, "INVALID_REQUEST") == 0))
		assert_int_equal(status, row->status);
	char type[128];
	snprintf(type, sizeof type, "https://developer.gett-tech.com/errors/%s", code);
	assert_string_equal(str(p, "type"), type);
	assert_string_equal(str(p, "title"), title_of(status));
	assert_string_equal(str(p, "errorCategory"), row->category);
	assert_true(json_is_boolean(json_object_get(p, "retryable")));
	assert_int_equal(json_is_true(json_object_get(p, "retryable")), row->retryable);
	assert_request_id(str(p, "requestId"));
	assert_hex(str(p, "traceId"), 32);
	assert_timestamp(str(p, "timestamp"));
}

const json_t *error_at(const json_t *p, size_t i)
{
	const json_t *e = json_array_get(json_object_get(p, "errors"), i);
	assert_non_null(e);
	return e;
}

static void assert_error_reply(const http_reply *r, const char *path)
{
	char ctype[80], rid[64], after[32];
	assert_string_equal(sandbox_http_header(r, "Content-Type", ctype, sizeof ctype),
			    "application/problem+json");
	json_t *p = http_json(r);
	assert_non_null(p);
	assert_problem(p, r->status, str(p, "errorCode"));
	size_t path_len = strcspn(path, "?");
	assert_int_equal(strlen(str(p, "instance")), path_len);
	assert_true(strncmp(str(p, "instance"), path, path_len) == 0);
	if (!sandbox_http_header(r, "Idempotent-Replayed", after, sizeof after))
		assert_string_equal(str(p, "requestId"),
				    sandbox_http_header(r, "X-Request-Id", rid, sizeof rid));
	if (r->status == 429 || r->status == 503) {
		json_int_t wait = json_integer_value(json_object_get(p, "retryAfter"));
		assert_true(wait >= 1);
		assert_int_equal(header_long(r, "Retry-After"), wait);
	}
	json_decref(p);
}

void assert_conventions(const http_reply *r, const char *path)
{
	char rid[64], ctype[80];
	assert_int_equal(r->curl_code, 0);
	assert_request_id(sandbox_http_header(r, "X-Request-Id", rid, sizeof rid));
	assert_true(header_long(r, "X-RateLimit-Remaining") >= 0);
	long reset = header_long(r, "X-RateLimit-Reset");
	/* The window ends at most 60 s after the request; time() may lag the real clock by a
	   tick, so read the clock the server uses. */
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	if (reset < now.tv_sec - 1 || reset > now.tv_sec + 61)
		fail_msg("X-RateLimit-Reset %ld is not within a minute of %lld", reset,
			 (long long)now.tv_sec);
	if (r->status >= 400 && r->body_len > 0)
		assert_error_reply(r, path);
	else if (r->body_len > 0)
		assert_string_equal(sandbox_http_header(r, "Content-Type", ctype, sizeof ctype),
				    "application/json");
}

/* ------------------------------------------------------------------ requests */

void send_timed(const sandbox *sb, const char *method, const char *path, const char *token,
		const char *body, const char *idem_key, long timeout_ms, http_reply *r)
{
	char auth[2048], idem[128];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token ? token : "");
	snprintf(idem, sizeof idem, "Idempotency-Key: %s", idem_key ? idem_key : "");
	const char *headers[4] = {"Accept: application/json"};
	size_t n = 1;
	if (token)
		headers[n++] = auth;
	if (idem_key)
		headers[n++] = idem;
	headers[n] = NULL;
	sandbox_http_request(sb, method, path, headers, body, timeout_ms, r);
}

void send_text_raw(const sandbox *sb, const char *method, const char *path, const char *token,
		   const char *body, const char *idem_key, http_reply *r)
{
	send_timed(sb, method, path, token, body, idem_key, 0, r);
}

void send_raw(const sandbox *sb, const char *method, const char *path, const char *token,
	      const json_t *body, const char *idem_key, http_reply *r)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	send_text_raw(sb, method, path, token, text, idem_key, r);
	free(text);
}

static json_t *checked(http_reply *r, const char *method, const char *path, long expect)
{
	if (r->curl_code != 0 || r->status != expect)
		fprintf(stderr, "%s %s -> curl %d, HTTP %ld: %s\n", method, path, r->curl_code,
			r->status, r->body);
	assert_int_equal(r->status, expect);
	assert_conventions(r, path);
	json_t *j = r->body_len ? http_json(r) : NULL;
	if (r->body_len)
		assert_non_null(j);
	http_reply_clear(r);
	return j;
}

json_t *send_on(const sandbox *sb, const char *method, const char *path, const char *token,
		const json_t *body, const char *idem_key, long expect)
{
	http_reply r;
	send_raw(sb, method, path, token, body, idem_key, &r);
	return checked(&r, method, path, expect);
}

json_t *send_text(const sandbox *sb, const char *method, const char *path, const char *token,
		  const char *body, const char *idem_key, long expect)
{
	http_reply r;
	send_text_raw(sb, method, path, token, body, idem_key, &r);
	return checked(&r, method, path, expect);
}

char *session_with(const sandbox *sb, const char *body_text)
{
	json_t *j = send_text(sb, "POST", "/v1/marketplace/session/create", SANDBOX_DEMO_KEY,
			      body_text, NULL, 200);
	char *token = strdup(str(j, "token"));
	json_decref(j);
	return token;
}

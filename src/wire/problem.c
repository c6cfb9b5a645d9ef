/* ProblemDetail parsing, synthesis and the §5 error-code table. */
#include "wire/problem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"
#include "base/i18n.h"

/* ------------------------------------------------------------------ code table (§5) */

static const problem_code_info CODE_TABLE[] = {
    {"ADDRESS_INVALID", 400, "validation", false, true},
    {"ADDRESS_OUT_OF_RANGE", 400, "validation", false, true},
    {"CART_EMPTY", 400, "validation", false, true},
    {"CATALOGSET_NOT_FOUND", 404, "not_found", false, false},
    {"CATALOGSET_REQUIRED", 400, "validation", false, false},
    {"ITEM_UNAVAILABLE", 400, "availability", false, false},
    {"MODIFIER_REQUIRED", 400, "validation", false, true},
    {"ORDER_ALREADY_PLACED", 409, "conflict", false, true},
    {"ORDER_BELOW_MINIMUM", 400, "validation", false, true},
    {"ORDER_TOTAL_DIFFERENT", 400, "validation", false, false},
    {"PAYMENT_DECLINED", 400, "payment", false, false},
    {"PAYMENT_FAILED", 400, "payment", true, false},
    {"PAYMENT_METHOD_INVALID", 400, "payment", false, true},
    {"SESSION_USER_REQUIRED", 401, "authentication", false, false},
    {"STORE_CLOSED", 400, "availability", false, false},
    {"STORE_NOT_FOUND", 404, "not_found", false, false},
    {"MISSING_IDEMPOTENCY_KEY", 400, "validation", false, false},
    {"MISSING_STORE_ID", 400, "validation", false, false},
    {"INVALID_REQUEST", 400, "validation", false, false},
    {"UNAUTHENTICATED", 401, "authentication", false, false},
    {"FORBIDDEN", 403, "authorization", false, false},
    {"NOT_FOUND", 404, "not_found", false, false},
    {"CONFLICT", 409, "conflict", false, false},
    {"VALIDATION_FAILED", 422, "validation", false, false},
    {"RATE_LIMITED", 429, "rate_limit", true, false},
    {"INTERNAL_ERROR", 500, "server_error", true, false},
    {"BAD_GATEWAY", 502, "server_error", true, false},
    {"SERVICE_UNAVAILABLE", 503, "availability", true, false},
};

#define CODE_COUNT (sizeof CODE_TABLE / sizeof CODE_TABLE[0])

/* The gateway-level code each status falls back to when no body names one. */
static const struct {
	int status;
	const char *code;
} GENERIC_CODES[] = {
    {400, "INVALID_REQUEST"},	  {401, "UNAUTHENTICATED"}, {403, "FORBIDDEN"},
    {404, "NOT_FOUND"},		  {409, "CONFLICT"},	    {422, "VALIDATION_FAILED"},
    {429, "RATE_LIMITED"},	  {500, "INTERNAL_ERROR"},  {502, "BAD_GATEWAY"},
    {503, "SERVICE_UNAVAILABLE"},
};

const problem_code_info *problem_code_lookup(const char *error_code)
{
	if (!error_code)
		return NULL;
	for (size_t i = 0; i < CODE_COUNT; i++)
		if (strcmp(CODE_TABLE[i].code, error_code) == 0)
			return &CODE_TABLE[i];
	return NULL;
}

const problem_code_info *problem_code_for_status(int status)
{
	for (size_t i = 0; i < sizeof GENERIC_CODES / sizeof GENERIC_CODES[0]; i++)
		if (GENERIC_CODES[i].status == status)
			return problem_code_lookup(GENERIC_CODES[i].code);
	if (status >= 400 && status < 500)
		return problem_code_lookup("INVALID_REQUEST");
	return problem_code_lookup("INTERNAL_ERROR");
}

size_t problem_code_count(void)
{
	return CODE_COUNT;
}

const problem_code_info *problem_code_at(size_t index)
{
	return index < CODE_COUNT ? &CODE_TABLE[index] : NULL;
}

const char *problem_reason_phrase(int status)
{
	static const struct {
		int status;
		const char *phrase;
	} phrases[] = {
	    {200, "OK"},
	    {204, "No Content"},
	    {400, "Bad Request"},
	    {401, "Unauthorized"},
	    {403, "Forbidden"},
	    {404, "Not Found"},
	    {405, "Method Not Allowed"},
	    {406, "Not Acceptable"},
	    {408, "Request Timeout"},
	    {409, "Conflict"},
	    {413, "Content Too Large"},
	    {415, "Unsupported Media Type"},
	    {422, "Unprocessable Content"},
	    {429, "Too Many Requests"},
	    {500, "Internal Server Error"},
	    {501, "Not Implemented"},
	    {502, "Bad Gateway"},
	    {503, "Service Unavailable"},
	    {504, "Gateway Timeout"},
	};
	for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++)
		if (phrases[i].status == status)
			return phrases[i].phrase;
	return "Unknown Status";
}

/* ------------------------------------------------------------------ ValidationError */

static const jsonx_member validation_error_members[] = {
    JSONX_MEMBER("code", STRING, REQUIRED, validation_error, code),
    JSONX_MEMBER("message", STRING, OPTIONAL, validation_error, message),
    JSONX_MEMBER("itemId", STRING, OPTIONAL, validation_error, item_id),
    JSONX_MEMBER("jsonPath", STRING, OPTIONAL, validation_error, json_path),
};

static void validation_error_clear(validation_error *e)
{
	jsonx_free_members(JSONX_ROWS(validation_error_members), e);
	memset(e, 0, sizeof *e);
}

static bool validation_error_parse(const json_t *value, const char *path, validation_error *out,
				   json_err *err)
{
	memset(out, 0, sizeof *out);
	return jsonx_parse_members(value, path, JSONX_ROWS(validation_error_members), out, err);
}

bool validation_error_list_parse(const json_t *value, const char *path, validation_error_list *out,
				 json_err *err)
{
	memset(out, 0, sizeof *out);
	if (!json_is_array(value)) {
		json_err_set(err, path, "expected an array, got %s", jsonx_type_name(value));
		return false;
	}
	if (!JSONX_PARSE_ARRAY(value, path, &out->v, &out->n, validation_error_parse, err)) {
		validation_error_list_clear(out);
		return false;
	}
	return true;
}

json_t *validation_error_list_to_json(const validation_error_list *list)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < list->n; i++) {
		json_t *o = json_object();
		jsonx_write_members(o, JSONX_ROWS(validation_error_members), &list->v[i]);
		json_array_append_new(arr, o);
	}
	return arr;
}

void validation_error_list_add(validation_error_list *list, const char *code, const char *message,
			       const char *item_id, const char *json_path)
{
	list->v = xrealloc(list->v, (list->n + 1) * sizeof *list->v);
	validation_error *e = &list->v[list->n++];
	e->code = xstrdup(code);
	e->message = xstrdup(message);
	e->item_id = xstrdup(item_id);
	e->json_path = xstrdup(json_path);
}

void validation_error_list_clear(validation_error_list *list)
{
	JSONX_FREE_ARRAY(list->v, list->n, validation_error_clear);
	list->v = NULL;
	list->n = 0;
}

/* ------------------------------------------------------------------ ProblemDetail */

/* In the order they are written: the retry members, then `errors`, then the tail. Every
   member is optional (see problem_from_json). */
static const jsonx_member problem_head[] = {
    JSONX_MEMBER("type", STRING, OPTIONAL, problem_detail, type),
    JSONX_MEMBER("title", STRING, OPTIONAL, problem_detail, title),
    JSONX_MEMBER("status", INT, OPTIONAL, problem_detail, status),
    JSONX_MEMBER("detail", STRING, OPTIONAL, problem_detail, detail),
    JSONX_MEMBER("instance", STRING, OPTIONAL, problem_detail, instance),
    JSONX_MEMBER("errorCode", STRING, OPTIONAL, problem_detail, error_code),
    JSONX_MEMBER("errorCategory", STRING, OPTIONAL, problem_detail, error_category),
};
static const jsonx_member problem_retry[] = {
    JSONX_MEMBER_HAS("retryable", BOOL, OPTIONAL, problem_detail, retryable, has_retryable),
    JSONX_MEMBER_HAS("retryAfter", INT, OPTIONAL, problem_detail, retry_after, has_retry_after),
};
static const jsonx_member problem_tail[] = {
    JSONX_MEMBER("requestId", STRING, OPTIONAL, problem_detail, request_id),
    JSONX_MEMBER("timestamp", STRING, OPTIONAL, problem_detail, timestamp),
    JSONX_MEMBER("traceId", STRING, OPTIONAL, problem_detail, trace_id),
};

problem_detail *problem_copy(const problem_detail *p)
{
	if (!p)
		return NULL;
	problem_detail *c = xmalloc(sizeof *c);
	*c = *p;
	jsonx_copy_members(JSONX_ROWS(problem_head), c, p);
	jsonx_copy_members(JSONX_ROWS(problem_tail), c, p);
	memset(&c->errors, 0, sizeof c->errors);
	for (size_t i = 0; i < p->errors.n; i++) {
		const validation_error *e = &p->errors.v[i];
		validation_error_list_add(&c->errors, e->code, e->message, e->item_id,
					  e->json_path);
	}
	c->parse_error = xstrdup(p->parse_error);
	c->body_excerpt = xstrdup(p->body_excerpt);
	return c;
}

void problem_free(problem_detail *p)
{
	if (!p)
		return;
	jsonx_free_members(JSONX_ROWS(problem_head), p);
	validation_error_list_clear(&p->errors);
	jsonx_free_members(JSONX_ROWS(problem_tail), p);
	free(p->parse_error);
	free(p->body_excerpt);
	free(p);
}

/* Lenient on what a server may leave out (§1.7 marks type, title and status required, but a
   gateway's `title: null` must not cost us the errors[]): only wrong types fail. */
problem_detail *problem_from_json(const json_t *value, json_err *err)
{
	problem_detail *p = xcalloc(1, sizeof *p);
	const char *path = "$";
	json_t *errors = NULL;
	bool ok = jsonx_expect_object(value, path, err) &&
		  jsonx_read_members(value, path, JSONX_ROWS(problem_head), p, err) &&
		  jsonx_read_members(value, path, JSONX_ROWS(problem_tail), p, err) &&
		  jsonx_get_array(value, "errors", path, false, &errors, err) &&
		  jsonx_read_members(value, path, JSONX_ROWS(problem_retry), p, err);
	if (ok && errors)
		ok = validation_error_list_parse(errors, "$.errors", &p->errors, err);
	if (!ok) {
		problem_free(p);
		return NULL;
	}
	return p;
}

problem_detail *problem_new(int status, const char *error_code, const char *detail,
			    const char *instance)
{
	const problem_code_info *info = problem_code_lookup(error_code);
	if (!info)
		info = problem_code_for_status(status);
	if (!error_code)
		error_code = info->code;

	problem_detail *p = xcalloc(1, sizeof *p);
	size_t n = strlen(PROBLEM_TYPE_BASE) + strlen(error_code) + 1;
	p->type = xmalloc(n);
	snprintf(p->type, n, "%s%s", PROBLEM_TYPE_BASE, error_code);
	p->title = xstrdup(problem_reason_phrase(status));
	p->status = status;
	p->detail = xstrdup(detail);
	p->instance = xstrdup(instance);
	p->error_code = xstrdup(error_code);
	p->error_category = xstrdup(info->category);
	p->retryable = info->retryable;
	p->has_retryable = true;
	return p;
}

void problem_add_error(problem_detail *problem, const char *code, const char *message,
		       const char *item_id, const char *json_path)
{
	validation_error_list_add(&problem->errors, code, message, item_id, json_path);
}

bool problem_is_retryable(const problem_detail *p)
{
	if (p->has_retryable)
		return p->retryable;
	const problem_code_info *info = problem_code_lookup(p->error_code);
	if (info)
		return info->retryable;
	return p->status == 429 || p->status >= 500;
}

bool problem_has_code(const problem_detail *p, const char *code)
{
	return p && p->error_code && strcmp(p->error_code, code) == 0;
}

json_t *problem_to_json(const problem_detail *p)
{
	json_t *o = json_object();
	jsonx_write_members(o, JSONX_ROWS(problem_head), p);
	jsonx_write_members(o, JSONX_ROWS(problem_retry), p);
	if (p->errors.n)
		json_object_set_new(o, "errors", validation_error_list_to_json(&p->errors));
	jsonx_write_members(o, JSONX_ROWS(problem_tail), p);
	return o;
}

/* ------------------------------------------------------------------ replies without a usable body
 */

/* Printable-ASCII start of the body so logs show what a proxy sent instead. */
static char *body_excerpt(const char *body, size_t len)
{
	enum { EXCERPT_MAX = 160 };
	if (!body || len == 0)
		return NULL;
	size_t n = len < EXCERPT_MAX ? len : EXCERPT_MAX;
	char *s = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)body[i];
		s[i] = (c >= 0x20 && c < 0x7f) ? (char)c : (c >= 0x80 ? '?' : ' ');
	}
	s[n] = '\0';
	return s;
}

static bool body_is_blank(const char *body, size_t len)
{
	for (size_t i = 0; body && i < len; i++)
		if (!strchr(" \t\r\n", body[i]))
			return false;
	return true;
}

static void take_string(const json_t *obj, const char *key, char **field)
{
	const json_t *v = json_object_get(obj, key);
	if (json_is_string(v)) {
		free(*field);
		*field = xstrdup(json_string_value(v));
	}
}

/* A code-like string (no blanks): "session_expired", not "Internal server error". */
static const char *code_like(const json_t *v)
{
	const char *s = json_string_value(v);
	return s && *s && !strpbrk(s, " \t\n") ? s : NULL;
}

/* errorCode, else the `code` or `error` of the legacy lowercase shapes (§2.1). */
static const char *salvage_code(const json_t *obj)
{
	const json_t *code = json_object_get(obj, "errorCode");
	if (json_is_string(code))
		return json_string_value(code);
	const char *legacy = code_like(json_object_get(obj, "code"));
	return legacy ? legacy : code_like(json_object_get(obj, "error"));
}

/* Keeps whatever well-typed fields a malformed ProblemDetail object still carries. */
static problem_detail *problem_salvage(int status, const json_t *obj, const json_err *why)
{
	problem_detail *p = problem_new(status, salvage_code(obj), NULL, NULL);
	take_string(obj, "detail", &p->detail);
	if (!p->detail)
		take_string(obj, "message", &p->detail); /* common shape of non-RFC gateways */
	take_string(obj, "instance", &p->instance);
	take_string(obj, "requestId", &p->request_id);
	take_string(obj, "traceId", &p->trace_id);
	const json_t *retryable = json_object_get(obj, "retryable");
	if (json_is_boolean(retryable))
		p->retryable = json_is_true(retryable);
	const json_t *after = json_object_get(obj, "retryAfter");
	if (json_is_integer(after) && json_integer_value(after) >= 0) {
		p->retry_after = json_integer_value(after);
		p->has_retry_after = true;
	}
	if (!p->detail) {
		char buf[256];
		snprintf(buf, sizeof buf, _("HTTP %d %s with a malformed error body"), status,
			 problem_reason_phrase(status));
		p->detail = xstrdup(buf);
	}
	char text[600];
	p->parse_error = xstrdup(json_err_text(why, text, sizeof text));
	return p;
}

/* A lenient parse may leave members out: the HTTP status, the legacy or generic code and
   the table's category stand in, so callers can always branch on errorCode (§1.7). */
static void problem_fill_gaps(problem_detail *p, int status, const json_t *obj)
{
	if (!p->status)
		p->status = status;
	if (!p->error_code) {
		const char *code = salvage_code(obj);
		p->error_code = xstrdup(code ? code : problem_code_for_status(status)->code);
	}
	const problem_code_info *info = problem_code_lookup(p->error_code);
	if (!p->error_category && info)
		p->error_category = xstrdup(info->category);
	if (!p->detail)
		take_string(obj, "message", &p->detail); /* common shape of non-RFC gateways */
}

static problem_detail *problem_non_json(int status, const char *body, size_t len,
					const char *content_type)
{
	problem_detail *p = problem_new(status, NULL, NULL, NULL);
	char buf[256];
	if (body_is_blank(body, len))
		snprintf(buf, sizeof buf, _("HTTP %d %s with an empty body (non-JSON reply)"),
			 status, problem_reason_phrase(status));
	else
		snprintf(buf, sizeof buf, _("HTTP %d %s with a %s body (non-JSON reply)"), status,
			 problem_reason_phrase(status),
			 content_type && *content_type ? content_type : _("non-JSON"));
	p->detail = xstrdup(buf);
	p->non_json_reply = true;
	p->body_excerpt = body_excerpt(body, len);
	return p;
}

problem_detail *problem_from_response(int http_status, const char *body, size_t body_len,
				      const char *content_type)
{
	if (!body)
		body_len = 0;
	json_t *root = body_len ? json_loadb(body, body_len, 0, NULL) : NULL;
	if (!json_is_object(root)) {
		json_decref(root);
		return problem_non_json(http_status, body, body_len, content_type);
	}
	json_err err = {0};
	problem_detail *p = problem_from_json(root, &err);
	if (p)
		problem_fill_gaps(p, http_status, root);
	else
		p = problem_salvage(http_status, root, &err);
	json_decref(root);
	return p;
}

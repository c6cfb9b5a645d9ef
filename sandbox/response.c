/* Response builders, ProblemDetail construction and body serialisation (JSON / markdown). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wire/problem.h"
#include "server.h"
#include "server_impl.h"

/* ------------------------------------------------------------------ builders */

static void reset_body(sbx_response *resp)
{
	json_decref(resp->json);
	resp->json = NULL;
	free(resp->text);
	resp->text = NULL;
	free(resp->content_type);
	resp->content_type = NULL;
	resp->is_problem = false;
}

void resp_json(sbx_response *resp, int status, json_t *body)
{
	reset_body(resp);
	resp->status = status;
	resp->json = body;
}

void resp_empty(sbx_response *resp, int status)
{
	reset_body(resp);
	resp->status = status;
}

void resp_text(sbx_response *resp, int status, const char *content_type, const char *text)
{
	reset_body(resp);
	resp->status = status;
	resp->text = xstrdup(text);
	resp->content_type = xstrdup(content_type);
}

void resp_header(sbx_response *resp, const char *name, const char *value)
{
	for (size_t i = 0; i < resp->n_headers; i++) {
		if (strcasecmp(resp->headers[i].name, name) == 0) {
			free(resp->headers[i].value);
			resp->headers[i].value = xstrdup(value);
			return;
		}
	}
	resp->headers = xrealloc(resp->headers, (resp->n_headers + 1) * sizeof *resp->headers);
	resp->headers[resp->n_headers].name = xstrdup(name);
	resp->headers[resp->n_headers].value = xstrdup(value);
	resp->n_headers++;
}

const char *resp_find_header(const sbx_response *resp, const char *name)
{
	for (size_t i = 0; i < resp->n_headers; i++)
		if (strcasecmp(resp->headers[i].name, name) == 0)
			return resp->headers[i].value;
	return NULL;
}

void resp_clear(sbx_response *resp)
{
	reset_body(resp);
	for (size_t i = 0; i < resp->n_headers; i++) {
		free(resp->headers[i].name);
		free(resp->headers[i].value);
	}
	free(resp->headers);
	memset(resp, 0, sizeof *resp);
}

/* ------------------------------------------------------------------ problems */

/* Default waits advertised with retryable gateway errors (§1.4, §5). */
#define RETRY_AFTER_429 60
#define RETRY_AFTER_503 30

json_t *resp_problem(sbx_response *resp, const sbx_request *req, int status, const char *code,
		     const char *detail_fmt, ...)
{
	char detail[1024];
	if (detail_fmt) {
		va_list ap;
		va_start(ap, detail_fmt);
		vsnprintf(detail, sizeof detail, detail_fmt, ap);
		va_end(ap);
	}
	problem_detail *p =
	    problem_new(status, code, detail_fmt ? detail : NULL, req ? req->path : NULL);
	json_t *body = problem_to_json(p);
	problem_free(p);
	if (req) {
		char ts[32];
		json_object_set_new(body, "requestId", json_string(req->request_id));
		json_object_set_new(body, "traceId", json_string(req->trace_id));
		json_object_set_new(body, "timestamp",
				    json_string(timestamp_format_ms(req->received_ms, ts)));
	}
	if (status == 429)
		json_object_set_new(body, "retryAfter", json_integer(RETRY_AFTER_429));
	else if (status == 503)
		json_object_set_new(body, "retryAfter", json_integer(RETRY_AFTER_503));
	resp_json(resp, status, body);
	resp->is_problem = true;
	return body;
}

void sbx_add_error(json_t *obj, const char *code, const char *message, const char *item_id,
		   const char *json_path)
{
	json_t *errors = json_object_get(obj, "errors");
	if (!json_is_array(errors)) {
		errors = json_array();
		json_object_set_new(obj, "errors", errors);
	}
	json_t *e = json_object();
	json_object_set_new(e, "code", json_string(code));
	json_object_set_new(e, "message", json_string(message ? message : ""));
	if (item_id)
		json_object_set_new(e, "itemId", json_string(item_id));
	if (json_path)
		json_object_set_new(e, "jsonPath", json_string(json_path));
	json_array_append_new(errors, e);
}

json_t *resp_problem_at(sbx_response *resp, const sbx_request *req, int status, const char *code,
			const char *json_path, const char *message)
{
	json_t *body = resp_problem(resp, req, status, code, "%s", message);
	sbx_add_error(body, code, message, NULL, json_path);
	return body;
}

bool req_require_object(const sbx_request *req, sbx_response *resp)
{
	if (req->body_invalid) {
		resp_problem(resp, req, 400, "INVALID_REQUEST", "Malformed JSON body: %s",
			     req->body_error);
		return false;
	}
	if (!req->body) {
		resp_problem(resp, req, 400, "INVALID_REQUEST", "A JSON object body is required.");
		return false;
	}
	if (!json_is_object(req->body)) {
		resp_problem(resp, req, 400, "INVALID_REQUEST",
			     "The body must be a JSON object, got %s.", jsonx_type_name(req->body));
		return false;
	}
	return true;
}

void resp_json_error(sbx_response *resp, const sbx_request *req, const json_err *err)
{
	json_t *body =
	    resp_problem(resp, req, 400, "INVALID_REQUEST", "%s: %s", err->path, err->message);
	sbx_add_error(body, "INVALID_REQUEST", err->message, NULL, err->path);
}

/* ------------------------------------------------------------------ serialisation */

bool accept_wants_markdown(const char *accept)
{
	/* §1.3: markdown only when asked for and no JSON type is acceptable too. */
	return accept && strstr(accept, "text/markdown") && !strstr(accept, "json");
}

static void md_line(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void md_line(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < *cap - *len) {
			*len += (size_t)n;
			return;
		}
		*cap = *cap * 2 + (size_t)(n > 0 ? n : 0);
		*buf = xrealloc(*buf, *cap);
	}
}

/* YAML scalars are written double-quoted with JSON escaping, which YAML accepts. */
static char *yaml_quote(const json_t *v)
{
	if (json_is_string(v))
		return json_dumps(v, JSON_ENCODE_ANY);
	if (json_is_true(v))
		return xstrdup("true");
	if (json_is_false(v))
		return xstrdup("false");
	if (v)
		return json_dumps(v, JSON_ENCODE_ANY);
	return xstrdup("null");
}

char *problem_to_markdown(const json_t *problem)
{
	static const char *const keys[] = {"type",	    "title",	 "status",     "errorCode",
					   "errorCategory", "retryable", "retryAfter", "requestId"};
	size_t cap = 512, len = 0;
	char *buf = xmalloc(cap);
	buf[0] = '\0';
	md_line(&buf, &len, &cap, "---\n");
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		json_t *v = json_object_get(problem, keys[i]);
		if (!v)
			continue;
		char *q = yaml_quote(v);
		md_line(&buf, &len, &cap, "%s: %s\n", keys[i], q);
		free(q);
	}
	md_line(&buf, &len, &cap, "---\n\n# %s\n",
		json_string_value(json_object_get(problem, "title")) ?: "Error");
	const char *detail = json_string_value(json_object_get(problem, "detail"));
	if (detail)
		md_line(&buf, &len, &cap, "\n%s\n", detail);
	json_t *errors = json_object_get(problem, "errors");
	size_t i;
	json_t *e;
	json_array_foreach (errors, i, e) {
		const char *path = json_string_value(json_object_get(e, "jsonPath"));
		md_line(&buf, &len, &cap, "%s- `%s`%s%s%s: %s\n", i == 0 ? "\n" : "",
			json_string_value(json_object_get(e, "code")) ?: "", path ? " at `" : "",
			path ? path : "", path ? "`" : "",
			json_string_value(json_object_get(e, "message")) ?: "");
	}
	return buf;
}

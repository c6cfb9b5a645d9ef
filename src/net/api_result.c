/*
 * api_result: construction, error classification of non-2xx answers, the
 * messages people see, and the one list of line-level validation errors that
 * all three invalid-order shapes of §6 Q9 are normalised into.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/api_int.h"
#include "base/collections.h"
#include "base/i18n.h"

/* ------------------------------------------------------------------ line errors */

/* The owned strings of a line error, named as in the ValidationError it comes from; only
   freed and copied, never read or written as JSON. */
static const jsonx_member line_error_strings[] = {
    JSONX_MEMBER("code", STRING, OPTIONAL, api_line_error, code),
    JSONX_MEMBER("message", STRING, OPTIONAL, api_line_error, message),
    JSONX_MEMBER("itemId", STRING, OPTIONAL, api_line_error, item_id),
    JSONX_MEMBER("jsonPath", STRING, OPTIONAL, api_line_error, json_path),
    JSONX_MEMBER("field", STRING, OPTIONAL, api_line_error, field),
};

long api_json_path_line(const char *json_path, const char **rest)
{
	static const char *const prefixes[] = {"$.cart.lineItems[", "$.lineItems["};
	if (rest)
		*rest = NULL;
	if (!json_path)
		return -1;
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(json_path, prefixes[i], n) != 0)
			continue;
		const char *p = json_path + n;
		if (!isdigit((unsigned char)*p))
			return -1;
		long index = 0;
		while (isdigit((unsigned char)*p)) {
			if (index > 100000000L)
				return -1;
			index = index * 10 + (*p++ - '0');
		}
		if (*p != ']')
			return -1;
		p++;
		if (*p && *p != '.' && *p != '[')
			return -1;
		if (rest)
			*rest = p;
		return index;
	}
	return -1;
}

static api_line_error *line_error_push(api_line_errors *out, const validation_error *e, long line)
{
	out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
	api_line_error *d = &out->v[out->n++];
	memset(d, 0, sizeof *d);
	d->code = xstrdup(e->code);
	d->message = xstrdup(e->message);
	d->item_id = xstrdup(e->item_id);
	d->json_path = xstrdup(e->json_path);
	d->line = line;
	return d;
}

/* An error with an itemId and no jsonPath (the 422 example of §5) belongs to every cart line
   holding that item; true when it matched at least one. */
static bool push_by_item(api_line_errors *out, const validation_error *e, size_t n_lines,
			 const char *const *item_ids)
{
	bool matched = false;
	for (size_t i = 0; item_ids && e->item_id && i < n_lines; i++) {
		if (item_ids[i] && strcmp(item_ids[i], e->item_id) == 0) {
			line_error_push(out, e, (long)i);
			matched = true;
		}
	}
	return matched;
}

static void push_by_path(api_line_errors *out, const validation_error *e, size_t n_lines)
{
	const char *rest = NULL;
	long line = api_json_path_line(e->json_path, &rest);
	if (line >= 0 && (size_t)line >= n_lines)
		line = -1; /* points past the cart we sent */
	api_line_error *d = line_error_push(out, e, line);
	if (line >= 0) {
		if (rest && *rest == '.')
			rest++;
		d->field = rest && *rest ? xstrdup(rest) : NULL;
	} else {
		d->field = xstrdup(e->json_path);
	}
}

void api_line_errors_from(api_line_errors *out, const validation_error_list *src, size_t n_lines,
			  const char *const *item_ids)
{
	for (size_t i = 0; src && i < src->n; i++) {
		const validation_error *e = &src->v[i];
		if (e->json_path || !push_by_item(out, e, n_lines, item_ids))
			push_by_path(out, e, n_lines);
	}
}

void api_line_errors_clear(api_line_errors *list)
{
	for (size_t i = 0; i < list->n; i++)
		jsonx_free_members(JSONX_ROWS(line_error_strings), &list->v[i]);
	free(list->v);
	list->v = NULL;
	list->n = 0;
}

/* ------------------------------------------------------------------ results */

api_result *api_result_new(const api_call *call)
{
	api_result *r = xcalloc(1, sizeof *r);
	r->handle = (api_call *)call;
	r->endpoint = call->endpoint;
	r->outcome = API_OK;
	return r;
}

void api_result_free(api_result *r)
{
	if (!r)
		return;
	free(r->message);
	problem_free(r->problem);
	api_line_errors_clear(&r->errors);
	free(r->request_id);
	free(r->trace_id);
	session_create_response_free(r->session);
	session_me_response_free(r->me);
	fulfillment_context_free(r->fulfillment_context);
	discover_stores_response_free(r->stores);
	store_free(r->store);
	catalog_set_free(r->catalog_set);
	free(r->raw_json);
	external_order_free(r->order);
	user_payment_paged_result_free(r->payments);
	user_payment_response_free(r->payment);
	user_address_paged_result_free(r->addresses);
	add_address_response_free(r->address);
	free(r);
}

api_result *api_result_take(api_result *result)
{
	api_result *copy = xmalloc(sizeof *copy);
	*copy = *result;
	api_handle *handle = result->handle;
	api_endpoint endpoint = result->endpoint;
	memset(result, 0, sizeof *result);
	result->handle = handle;
	result->endpoint = endpoint;
	result->outcome = copy->outcome;
	return copy;
}

void api_result_set_message(api_client *client, api_result *r, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	str_trim_partial_utf8(buf); /* a server's long text cut at the buffer: not mid-character */
	free(r->message);
	r->message = api_redact(client, buf);
}

static void copy_line_errors(api_line_errors *dst, const api_line_errors *src)
{
	if (!src->n)
		return;
	dst->v = xcalloc(src->n, sizeof *dst->v);
	for (size_t i = 0; i < src->n; i++) {
		jsonx_copy_members(JSONX_ROWS(line_error_strings), &dst->v[i], &src->v[i]);
		dst->v[i].line = src->v[i].line;
	}
	dst->n = src->n;
}

api_result *api_result_copy_error(const api_result *src, const api_call *call)
{
	api_result *r = api_result_new(call);
	r->outcome = src->outcome;
	r->status = src->status;
	r->message = xstrdup(src->message);
	r->problem = problem_copy(src->problem);
	copy_line_errors(&r->errors, &src->errors);
	r->non_json_reply = src->non_json_reply;
	r->timed_out = src->timed_out;
	r->request_id = xstrdup(src->request_id);
	r->trace_id = xstrdup(src->trace_id);
	return r;
}

/* ------------------------------------------------------------------ non-2xx answers */

/* The second and third invalid shapes: 400 with errors[], 422 VALIDATION_FAILED. */
static bool is_validation_problem(long status, const problem_detail *p)
{
	if (status == 422 && (problem_has_code(p, "VALIDATION_FAILED") || p->errors.n))
		return true;
	return status == 400 && p->errors.n > 0;
}

static void problem_message(api_client *client, api_result *r)
{
	const problem_detail *p = r->problem;
	if (problem_has_code(p, "SESSION_USER_REQUIRED")) {
		api_result_set_message(
		    client, r, "%s",
		    _("This needs a signed-in user: set email, first-name and "
		      "last-name in the [profile] of your gett-tui configuration"));
		return;
	}
	if (r->outcome == API_ERR_INVALID && r->errors.n && r->errors.v[0].message) {
		api_result_set_message(client, r, "%s", r->errors.v[0].message);
		return;
	}
	const char *text = p->detail && *p->detail ? p->detail
			   : p->title		   ? p->title
						   : problem_reason_phrase((int)p->status);
	if (p->error_code && !p->non_json_reply)
		api_result_set_message(client, r, "%s (%s)", text ? text : "", p->error_code);
	else
		api_result_set_message(client, r, "%s", text ? text : "");
}

void api_result_from_problem(api_client *client, api_result *r, const http_response *resp,
			     const str_list *cart_items)
{
	problem_detail *p = problem_from_response((int)resp->status, resp->body, resp->body_len,
						  resp->content_type);
	r->problem = p;
	r->outcome = API_ERR_HTTP;
	r->non_json_reply = p->non_json_reply;
	if (!p->request_id && resp->request_id)
		p->request_id = xstrdup(resp->request_id);
	r->request_id = xstrdup(p->request_id);
	r->trace_id = xstrdup(p->trace_id);
	if (resp->status >= 300 && resp->status < 400) {
		/* Never followed (the Authorization header must not go to another host) nor
		   retried: the API does not redirect, so the URL is wrong or something is in
		   between. */
		p->has_retryable = true;
		p->retryable = false;
		char *where = http_url_redacted(resp->location);
		api_result_set_message(client, r,
				       _("The server redirected to %s; gett-tui does not follow "
					 "redirects: check the API URL"),
				       where ? where : _("another address"));
		free(where);
		return;
	}
	if (is_validation_problem(resp->status, p)) {
		r->outcome = API_ERR_INVALID;
		api_line_errors_from(&r->errors, &p->errors, cart_items->n,
				     (const char *const *)cart_items->v);
	}
	problem_message(client, r);
}

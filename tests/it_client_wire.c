/*
 * The API client against answers only a real server sends: gett-sandbox behind
 * tests/rewrite_proxy.py. Lenient in what we accept (a customer without a phone,
 * `title: null`, ValidationErrors without message or jsonPath, the legacy session
 * shapes and codes of §2.1 / §6 Q1), strict in what we send (session/invalidate {}).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "it_client.h"
#include "proxy_harness.h"

#define P "/v1/marketplace"

/* The sandbox, the proxy in front of it with `rules`, and a client that talks to the proxy. */
static api_client *client_via_proxy(it_env *env, rewrite_proxy *px, const char *const *rules,
				    FILE *log)
{
	it_start_sandbox(env, NULL);
	assert_true(rewrite_proxy_start(px, env->sb.base_url, rules));
	api_settings s = it_settings(env);
	s.base_url = px->base_url;
	s.debug_log = log;
	return it_client(env, &s);
}

/* Validates `o` through the proxy with `rules`; the answer in *c (the caller stops the proxy). */
static void validate_via_proxy(it_env *env, rewrite_proxy *px, const char *const *rules,
			       const external_order *o, capture *c)
{
	api_client *client = client_via_proxy(env, px, rules, NULL);
	api_validate(client, o, it_capture_cb, c);
	it_wait(env, c, 1);
}

/* Reads the pizza store through the proxy with `rules`; the answer in *c. Returns the client. */
static api_client *store_get_via_proxy(it_env *env, rewrite_proxy *px, const char *const *rules,
				       capture *c)
{
	api_client *client = client_via_proxy(env, px, rules, NULL);
	api_store_get(client, PIZZA_STORE, it_capture_cb, c);
	it_wait(env, c, 1);
	return client;
}

/* Ends what client_via_proxy started: the clients first, then the proxy. */
static void stop_via_proxy(it_env *env, rewrite_proxy *px)
{
	it_shutdown_clients(env);
	rewrite_proxy_stop(px);
}

/* Runs the loop until the client has nothing in flight (fire-and-forget calls included). */
static void drain(it_env *env, const api_client *client)
{
	for (int i = 0; i < 200 && api_calls_pending(client) > 0; i++)
		it_run_for(env, 25);
	assert_int_equal(api_calls_pending(client), 0);
}

/* How many logged requests match method and path (a prefix). */
static size_t count_requests(const json_t *log, const char *method, const char *path)
{
	size_t n = 0, i;
	const json_t *r;
	json_array_foreach (log, i, r)
		n +=
		    strcmp(json_string_value(json_object_get(r, "method")), method) == 0 &&
		    strncmp(json_string_value(json_object_get(r, "path")), path, strlen(path)) == 0;
	return n;
}

/* How many requests the proxy has passed with `method` and `path` (a prefix). */
static size_t proxied(rewrite_proxy *px, const char *method, const char *path)
{
	json_t *log = rewrite_proxy_requests(px);
	size_t n = count_requests(log, method, path);
	json_decref(log);
	return n;
}

/* store_get_via_proxy for an answer the client must refuse at once: the message says `said`
   and the proxy saw one request (no retry). The caller checks the rest of *c. */
static api_client *store_get_fails_once(it_env *env, rewrite_proxy *px, const char *const *rules,
					capture *c, const char *said)
{
	api_client *client = store_get_via_proxy(env, px, rules, c);
	if (!c->r->message || !strstr(c->r->message, said))
		fail_msg("message: %s", c->r->message ? c->r->message : "(none)");
	assert_int_equal(proxied(px, "GET", P "/stores/" PIZZA_STORE), 1);
	return client;
}

static void test_wire_validate_customer_without_phone(void **state)
{
	it_env *env = *state;
	rewrite_proxy px;
	const char *rules[] = {"{\"method\": \"POST\", \"path\": \"/orders/validate$\", "
			       "\"delete\": [\"customer.phone\"]}",
			       NULL};
	external_order *o = it_pickup_order(PIZZA_STORE, PIZZA_CATALOG, false, 0);
	capture c = {0};
	validate_via_proxy(env, &px, rules, o, &c);
	if (c.r->outcome != API_OK)
		fail_msg("a customer without a phone was refused: %s", c.r->message);
	assert_non_null(c.r->order->customer);
	assert_string_equal(c.r->order->customer->email, DEMO_USER_EMAIL);
	assert_null(c.r->order->customer->phone);
	assert_int_equal(proxied(&px, "POST", P "/orders/validate"), 1);
	it_capture_clear(&c);
	external_order_free(o);
	stop_via_proxy(env, &px);
}

static void test_wire_problem_title_null_and_item_errors(void **state)
{
	it_env *env = *state;
	external_order *o = it_pickup_order(PIZZA_STORE, PIZZA_CATALOG, false, 0);
	const char *item = o->cart->lines[0].item_id;
	line_item again = {.item_id = strdup(item), .quantity = 1};
	cart_add_line(o->cart, &again); /* lines 0 and 2 hold the same item */
	char rule[1024];
	snprintf(
	    rule, sizeof rule,
	    "{\"method\": \"POST\", \"path\": \"/orders/validate$\", \"status\": 422,"
	    " \"body\": {\"type\": \"https://developer.gett-tech.com/errors/VALIDATION_FAILED\","
	    " \"title\": null, \"status\": 422, \"errorCode\": \"VALIDATION_FAILED\","
	    " \"errors\": [{\"code\": \"MODIFIER_REQUIRED\", \"itemId\": \"%s\"},"
	    " {\"code\": \"ITEM_UNAVAILABLE\", \"message\": \"Gone\","
	    " \"jsonPath\": \"$.cart.lineItems[1]\"}]}}",
	    item);
	const char *rules[] = {rule, NULL};
	rewrite_proxy px;
	capture c = {0};
	validate_via_proxy(env, &px, rules, o, &c);
	assert_int_equal(c.r->outcome, API_ERR_INVALID);
	assert_int_equal(c.r->status, 422);
	assert_null(c.r->problem->title);
	assert_non_null(c.r->message);
	/* The itemId-only error is on both lines holding the item; the other by its path. */
	assert_int_equal(c.r->errors.n, 3);
	assert_int_equal(c.r->errors.v[0].line, 0);
	assert_int_equal(c.r->errors.v[1].line, 2);
	assert_string_equal(c.r->errors.v[1].code, "MODIFIER_REQUIRED");
	assert_null(c.r->errors.v[1].message);
	assert_int_equal(c.r->errors.v[2].line, 1);
	assert_string_equal(c.r->errors.v[2].message, "Gone");
	it_capture_clear(&c);
	external_order_free(o);
	stop_via_proxy(env, &px);
}

static void test_wire_legacy_session_create_shape(void **state)
{
	it_env *env = *state;
	rewrite_proxy px;
	/* §2.1 legacy reply: {sessionToken, expiresAt} and nothing else. */
	const char *rules[] = {"{\"method\": \"POST\", \"path\": \"/session/create$\","
			       " \"rename\": {\"token\": \"sessionToken\"},"
			       " \"delete\": [\"sessionId\", \"partnerUserId\", \"isAnonymous\","
			       " \"level\"]}",
			       NULL};
	api_client *client = client_via_proxy(env, &px, rules, NULL);
	capture c = {0};
	api_session_me(client, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_string_equal(c.r->me->user->email, DEMO_USER_EMAIL);
	const session_create_response *s = api_session_current(client);
	assert_non_null(s);
	assert_null(s->session_id);
	assert_false(s->is_anonymous); /* we asked with the full identity */
	assert_int_equal(s->level, -1);
	it_capture_clear(&c);
	stop_via_proxy(env, &px);
}

/* The invalidate request in the log made with `token`, or NULL. */
static const json_t *invalidate_with(const json_t *log, const char *token)
{
	char bearer[1024];
	snprintf(bearer, sizeof bearer, "Bearer %s", token);
	size_t i;
	const json_t *r;
	json_array_foreach (log, i, r) {
		const json_t *h = json_object_get(r, "headers");
		if (strcmp(json_string_value(json_object_get(r, "path")),
			   P "/session/invalidate") == 0 &&
		    strcmp(json_string_value(json_object_get(h, "authorization")), bearer) == 0)
			return r;
	}
	return NULL;
}

/* A POST with `{}` and its Content-Length (a body-less POST has none). */
static void assert_empty_object_body(const json_t *request)
{
	assert_non_null(request);
	assert_string_equal(json_string_value(json_object_get(request, "method")), "POST");
	assert_string_equal(json_string_value(json_object_get(request, "body")), "{}");
	const json_t *h = json_object_get(request, "headers");
	assert_string_equal(json_string_value(json_object_get(h, "content-length")), "2");
}

static void test_wire_legacy_session_error_renews_once(void **state)
{
	it_env *env = *state;
	rewrite_proxy px;
	const char *rules[] = {
	    /* §2.1 legacy lowercase codes: once on session/me, always on the store read. */
	    "{\"method\": \"GET\", \"path\": \"/session/me$\", \"times\": 1, \"status\": 401,"
	    " \"body\": {\"type\": \"about:blank\", \"title\": \"Unauthorized\", \"status\": 401,"
	    " \"errorCode\": \"session_expired\", \"detail\": \"Session expired\"}}",
	    "{\"method\": \"GET\", \"path\": \"/stores/\", \"status\": 401,"
	    " \"body\": {\"error\": \"session_invalid\", \"message\": \"Invalid session\"}}",
	    NULL};
	api_client *client = client_via_proxy(env, &px, rules, it_open_log(env));
	capture c = {0};
	it_ensure_session(env, client);
	char *first = strdup(api_session_token(client));

	api_session_me(client, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_int_equal(c.r->attempts, 2); /* session_expired, then the call with a new session */
	char *second = strdup(api_session_token(client));
	assert_string_not_equal(first, second);
	it_capture_clear(&c);

	/* Refused again after the renewal: one re-creation only, then the error. */
	api_store_get(client, PIZZA_STORE, it_capture_cb, &c);
	it_wait(env, &c, 1);
	assert_int_equal(c.r->outcome, API_ERR_HTTP);
	assert_int_equal(c.r->status, 401);
	assert_int_equal(c.r->attempts, 2);
	assert_true(problem_has_code(c.r->problem, "session_invalid"));
	it_capture_clear(&c);

	/* Our own invalidate: {} with a Content-Length. */
	char *third = strdup(api_session_token(client));
	api_session_invalidate(client, it_capture_cb, &c);
	it_expect_ok(env, &c);
	it_capture_clear(&c);
	drain(env, client);

	json_t *log = rewrite_proxy_requests(&px);
	assert_int_equal(count_requests(log, "POST", P "/session/create"), 3);
	/* Each replaced token was ended, best effort, with the same kind of request. */
	assert_empty_object_body(invalidate_with(log, first));
	assert_empty_object_body(invalidate_with(log, second));
	assert_empty_object_body(invalidate_with(log, third));
	json_decref(log);
	it_expect_log(env, NULL, IT_TEXTS(first, second)); /* and no token in the debug log */
	free(first);
	free(second);
	free(third);
	stop_via_proxy(env, &px);
}

/* A redirect is never followed (the Authorization header must not leave for another host) nor
   retried: the call fails once, naming where the server pointed. */
static void test_wire_redirect_is_reported_not_followed_or_retried(void **state)
{
	it_env *env = *state;
	const char *rules[] = {
	    "{\"method\": \"GET\", \"path\": \"/stores/\", \"status\": 307, \"body_text\": \"\","
	    " \"content_type\": \"text/html\","
	    " \"headers\": {\"Location\": \"https://elsewhere.example/moved\"}}",
	    "{\"path\": \"/stores/discover$\", \"status\": 302,"
	    " \"body_text\": \"<html>Found</html>\", \"content_type\": \"text/html\","
	    " \"headers\": {\"Location\": \"https://u:pw@elsewhere.example/d\\u001b[2J\"}}",
	    NULL};
	rewrite_proxy px;
	capture c = {0};
	api_client *client = store_get_fails_once(env, &px, rules, &c,
						  "redirected to https://elsewhere.example/moved");
	assert_int_equal(c.r->outcome, API_ERR_HTTP);
	assert_int_equal(c.r->status, 307);
	it_capture_clear(&c);
	/* A POST too; credentials in the Location are not repeated, and its control bytes reach
	   no terminal or log: %XX. */
	discover_stores_request q = {.location = {SEATTLE_LAT, SEATTLE_LON}};
	api_discover(client, &q, it_capture_cb, &c);
	it_wait(env, &c, 1);
	assert_int_equal(c.r->status, 302);
	if (!strstr(c.r->message, "redirected to https://[REDACTED]@elsewhere.example/d%1B[2J") ||
	    strstr(c.r->message, "pw") || strchr(c.r->message, '\x1b'))
		fail_msg("message: %s", c.r->message);
	it_capture_clear(&c);
	assert_int_equal(proxied(&px, "POST", P "/stores/discover"), 1);
	stop_via_proxy(env, &px);
}

/* An answer past the endpoint's cap fails once, in words, without being retried (the same
   request would bring the same flood) and without the client holding it. */
static void test_wire_oversized_answer_fails_without_retry(void **state)
{
	it_env *env = *state;
	const char *rules[] = {
	    "{\"method\": \"GET\", \"path\": \"/stores/\", \"body_text\": \"{}\","
	    " \"pad_to\": 9437184}",
	    NULL};
	rewrite_proxy px;
	capture c = {0};
	store_get_fails_once(env, &px, rules, &c, "answer was over 8 MiB and was not read");
	assert_int_equal(c.r->outcome, API_ERR_TRANSPORT);
	assert_true(c.r->too_large);
	it_capture_clear(&c);
	stop_via_proxy(env, &px);
}

/* A 429 asking for a wait the client will not make (here an overflowing Retry-After) fails at
   once and says so, instead of retrying at once or waiting for ever. */
static void test_wire_refused_long_wait_is_said(void **state)
{
	it_env *env = *state;
	const char *rules[] = {
	    "{\"method\": \"GET\", \"path\": \"/stores/\", \"status\": 429,"
	    " \"body\": {\"type\": \"about:blank\", \"title\": \"Too Many Requests\","
	    " \"status\": 429, \"errorCode\": \"RATE_LIMITED\"},"
	    " \"headers\": {\"Retry-After\": \"9223372036854775807\"}}",
	    NULL};
	rewrite_proxy px;
	capture c = {0};
	store_get_fails_once(env, &px, rules, &c,
			     "asked to wait more than a day; gett-tui did not wait");
	assert_int_equal(c.r->status, 429);
	it_capture_clear(&c);
	stop_via_proxy(env, &px);
}

#define T(f) cmocka_unit_test_setup_teardown(f, it_setup, it_teardown)

void it_client_wire_tests(it_tests *all)
{
	static const struct CMUnitTest tests[] = {
	    T(test_wire_validate_customer_without_phone),
	    T(test_wire_problem_title_null_and_item_errors),
	    T(test_wire_legacy_session_create_shape),
	    T(test_wire_legacy_session_error_renews_once),
	    T(test_wire_redirect_is_reported_not_followed_or_retried),
	    T(test_wire_oversized_answer_fails_without_retry),
	    T(test_wire_refused_long_wait_is_said),
	};
	it_tests_add(all, tests, sizeof tests / sizeof *tests);
}

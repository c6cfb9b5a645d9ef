/*
 * The call engine: life of an api_call (build -> choose a bearer -> send ->
 * classify -> retry or deliver), cancellation, the client and its shutdown.
 */
#include "net/api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/api_int.h"
#include "base/i18n.h"

#define DEFAULT_MARGIN_S 60L

/* ------------------------------------------------------------------ call list */

static void link_call(api_client *client, api_call *call)
{
	DLIST_PUSH(client->calls, call);
	client->n_calls++;
}

static void unlink_call(api_call *call)
{
	api_client *client = call->client;
	DLIST_UNLINK(client->calls, call);
	client->n_calls--;
}

static void on_timer_closed(uv_handle_t *handle)
{
	free(handle);
}

/* Frees the call; never touches the client (which may be going away). */
static void call_free(api_call *call)
{
	if (call->timer) {
		uv_timer_stop(call->timer);
		call->timer->data = NULL;
		uv_close((uv_handle_t *)call->timer, on_timer_closed);
	}
	api_result_free(call->pending);
	free(call->path);
	free(call->body);
	free(call->idempotency_key);
	free(call->retry_reason);
	str_list_clear(&call->cart_items);
	xwipe_free(call->bearer);
	free(call);
}

api_call *api_call_new(api_client *client, api_endpoint endpoint, api_done_cb done, void *user)
{
	api_call *call = xcalloc(1, sizeof *call);
	call->client = client;
	call->id = ++client->next_id;
	call->endpoint = endpoint;
	call->path = endpoint_path(endpoint, NULL, 0);
	call->done = done;
	call->user = user;
	call->state = API_CALL_IDLE;
	link_call(client, call);
	return call;
}

/* Runs the hooks and the callback, then frees the call and the result. */
static void call_finish(api_call *call, api_result *result)
{
	unlink_call(call);
	call->state = API_CALL_DONE;
	result->attempts = call->attempts;
	if (call->on_finish)
		call->on_finish(call, result);
	if (call->done)
		call->done(result, call->user);
	api_result_free(result);
	call_free(call);
}

static void on_call_timer(uv_timer_t *timer);

static void start_timer(api_call *call, uint64_t delay_ms)
{
	if (!call->timer) {
		call->timer = xcalloc(1, sizeof *call->timer);
		uv_timer_init(call->client->loop, call->timer);
	}
	call->timer->data = call;
	uv_timer_start(call->timer, on_call_timer, delay_ms, 0);
}

void api_call_finish_later(api_call *call, api_result *result)
{
	api_result_free(call->pending);
	call->pending = result;
	call->state = API_CALL_DEFERRED;
	start_timer(call, 0);
}

api_call *api_call_fail_later(api_call *call, const char *message)
{
	api_result *r = api_result_new(call);
	r->outcome = API_ERR_REQUEST;
	api_result_set_message(call->client, r, "%s", message);
	api_call_finish_later(call, r);
	return call;
}

static void on_call_timer(uv_timer_t *timer)
{
	api_call *call = timer->data;
	if (!call)
		return;
	if (call->state == API_CALL_DEFERRED) {
		api_result *r = call->pending;
		call->pending = NULL;
		call_finish(call, r);
	} else if (call->state == API_CALL_WAITING_RETRY) {
		api_call_dispatch(call, false);
	}
}

/* ------------------------------------------------------------------ sending */

/* http.h's clause ("cannot connect to 127.0.0.1:9: nothing is listening there (connection
   refused)") as a sentence of its own, as every other message is. */
static void set_transport_message(api_client *client, api_result *r, const char *clause)
{
	char sentence[512];
	snprintf(sentence, sizeof sentence, "%s", clause);
	/* Only an ASCII first letter: toupper() of one byte of a UTF-8 character under a
	   single-byte locale would break the character. */
	if (sentence[0] >= 'a' && sentence[0] <= 'z')
		sentence[0] = (char)(sentence[0] - 'a' + 'A');
	/* TRANSLATORS: a sentence made of a network failure's words ("Cannot connect to
	   example.com: …"); the full stop is yours to place. */
	api_result_set_message(client, r, _("%s."), sentence);
}

static void on_http_done(const http_response *resp, void *user);

static void call_send(api_call *call, const char *bearer)
{
	api_client *client = call->client;
	size_t url_len = strlen(client->base_url) + strlen(call->path) + 1;
	char *url = xmalloc(url_len);
	snprintf(url, url_len, "%s%s", client->base_url, call->path);
	size_t auth_len = strlen(bearer) + sizeof "Bearer ";
	char *auth = xmalloc(auth_len);
	snprintf(auth, auth_len, "Bearer %s", bearer);
	http_header headers[2] = {{"Authorization", auth},
				  {"Idempotency-Key", call->idempotency_key}};
	http_request_spec spec = {
	    .method = endpoint_get(call->endpoint)->method,
	    .url = url,
	    .body = call->body,
	    .body_len = call->body ? strlen(call->body) : 0,
	    .headers = headers,
	    .n_headers = call->idempotency_key ? 2 : 1,
	    .timeout_ms = call->timeout_ms,
	    .max_body = endpoint_get(call->endpoint)->max_body,
	};
	call->attempts++;
	api_log_request(client, call, url);
	char err[256] = "";
	call->http = http_send(client->http, &spec, on_http_done, call, err, sizeof err);
	xwipe_free(auth);
	free(url);
	if (call->http) {
		call->state = API_CALL_SENDING;
		return;
	}
	api_log_note(client, call, "refused: %s", err);
	char msg[320];
	snprintf(msg, sizeof msg, _("The request was not sent: %s"), err);
	api_call_fail_later(call, msg);
}

/* Whether this call should carry our own session rather than the key: with a key the
   client acts as its user through a session; only order reads (K or S+) fall back to the
   key when the session cannot be an identified one. */
static bool wants_own_session(const api_call *call)
{
	const api_client *client = call->client;
	if (endpoint_get(call->endpoint)->auth != ENDPOINT_AUTH_KEY_OR_USER || call->want_session)
		return true;
	if (client->session)
		return !client->session->is_anonymous;
	return session_create_request_identity(&client->profile) == SESSION_IDENTITY_COMPLETE;
}

void api_call_dispatch(api_call *call, bool fresh_session)
{
	api_client *client = call->client;
	call->used_own_session = call->used_given_token = false;
	if (endpoint_get(call->endpoint)->auth == ENDPOINT_AUTH_KEY) {
		if (!client->api_key) {
			api_call_fail_later(call, _("This needs an API key; none is configured."));
			return;
		}
		call_send(call, client->api_key);
		return;
	}
	if (call->bearer) {
		call_send(call, call->bearer);
		return;
	}
	if (client->given_token) {
		call->used_given_token = true;
		call_send(call, client->given_token);
		return;
	}
	if (!client->api_key) {
		api_call_fail_later(call, _("No API key or session token is configured."));
		return;
	}
	if (!wants_own_session(call)) {
		call_send(call, client->api_key);
		return;
	}
	bool usable =
	    client->session && (fresh_session || call->no_reauth || api_session_usable(client));
	if (!usable) {
		if (call->no_reauth) { /* invalidate with nothing to invalidate */
			api_call_finish_later(call, api_result_new(call));
			return;
		}
		api_session_wait(call);
		return;
	}
	call->used_own_session = true;
	call->session_gen = client->session_gen;
	call_send(call, client->session->token);
}

/* ------------------------------------------------------------------ answers and retries */

static double next_random(api_client *client)
{
	uint64_t x = client->rng; /* xorshift64: jitter needs spread, not secrecy */
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	client->rng = x;
	return (double)(x >> 11) / (double)(1ULL << 53);
}

/* A wait the server asked for and the client will not make, said in the result's message. */
static void say_wait_refused(api_client *client, api_result *r, long asked_s)
{
	char *reason = xstrdup(r->message ? r->message : _("The server is busy"));
	size_t n = strlen(reason);
	while (n && (reason[n - 1] == '.' || reason[n - 1] == ' '))
		reason[--n] = '\0';
	if (asked_s >= 3600 * 24)
		api_result_set_message(client, r,
				       _("%s. The server asked to wait more than a day; gett-tui "
					 "did not wait. Try again later."),
				       reason);
	else
		api_result_set_message(client, r,
				       _("%s. The server asked to wait %ld min; gett-tui did not "
					 "wait. Try again later."),
				       reason, (asked_s + 59) / 60);
	free(reason);
}

/* Delay before the next attempt, or -1 for none. */
static long retry_delay(api_call *call, api_result *r, const http_response *resp)
{
	if (r->outcome != API_ERR_TRANSPORT && r->outcome != API_ERR_HTTP)
		return -1;
	endpoint_retry retry = endpoint_get(call->endpoint)->retry;
	if (call->no_retry || r->too_large)
		return -1; /* too large: the same request would bring the same flood */
	if (retry == ENDPOINT_RETRY_UNSAFE && r->status != 429 && r->status != 503)
		return -1;
	api_client *client = call->client;
	const retry_policy *policy = &client->default_policy;
	if (retry == ENDPOINT_RETRY_KEYED && problem_has_code(r->problem, "PAYMENT_FAILED"))
		policy = &client->payment_policy;
	retry_failure failure = {
	    .transport = r->outcome == API_ERR_TRANSPORT,
	    .status = (int)r->status,
	    .retryable = r->problem && problem_is_retryable(r->problem),
	    .retry_after_s =
		r->problem && r->problem->has_retry_after ? (long)r->problem->retry_after : -1,
	    .retry_after_header = resp->retry_after,
	};
	retry_decision d =
	    retry_next(policy, call->attempts, &failure, next_random(client), time(NULL));
	if (d.refused_wait_s > 0)
		say_wait_refused(client, r, d.refused_wait_s);
	return d.retry ? d.delay_ms : -1;
}

static void schedule_retry(api_call *call, const api_result *r, long delay_ms)
{
	api_client *client = call->client;
	free(call->retry_reason);
	call->retry_reason = xstrdup(r->message);
	call->state = API_CALL_WAITING_RETRY;
	call->next_retry_at = uv_now(client->loop) + (uint64_t)delay_ms;
	start_timer(call, (uint64_t)delay_ms);
	api_log_note(client, call, "retry %d in %ld ms: %s", call->attempts + 1, delay_ms,
		     r->message ? r->message : "");
	if (client->on_retry) {
		api_retry_state state;
		api_handle_retry_state(call, &state);
		client->on_retry(call, call->endpoint, &state, client->on_retry_user);
	}
}

static void classify_success(api_call *call, const http_response *resp, api_result *r)
{
	api_client *client = call->client;
	const char *body = resp->body;
	size_t len = resp->body_len;
	while (len && strchr(" \t\r\n", body[0])) {
		body++;
		len--;
	}
	if (len == 0 && endpoint_get(call->endpoint)->empty_reply)
		return;
	json_t *root = len ? json_loadb(body, len, 0, NULL) : NULL;
	if (!root) {
		r->outcome = API_ERR_NON_JSON;
		r->non_json_reply = true;
		api_result_set_message(client, r, _("The server sent a non-JSON reply (HTTP %ld)."),
				       resp->status);
		return;
	}
	json_err err = {0};
	if (!api_parse_success(call, root, r, &err)) {
		char text[600];
		r->outcome = API_ERR_BAD_REPLY;
		api_result_set_message(client, r, _("The server's reply could not be read: %s"),
				       json_err_text(&err, text, sizeof text));
	}
	json_decref(root);
	if (r->outcome == API_OK && call->endpoint == ENDPOINT_CATALOG_SET_GET) {
		r->raw_json = xmalloc(len + 1); /* byte for byte, for the catalog cache */
		memcpy(r->raw_json, body, len);
		r->raw_json[len] = '\0';
	}
	if (!r->request_id && resp->request_id)
		r->request_id = xstrdup(resp->request_id);
}

/* The session was refused: UNAUTHENTICATED, or one of the legacy lowercase codes of §2.1
   (session_expired / session_invalid with 401, session_not_found with 404). */
static bool session_rejected(const api_result *r)
{
	static const char *const legacy[] = {"session_expired", "session_invalid",
					     "session_not_found"};
	if (r->status == 401 && problem_has_code(r->problem, "UNAUTHENTICATED"))
		return true;
	if (r->status != 401 && r->status != 404)
		return false;
	for (size_t i = 0; i < sizeof legacy / sizeof *legacy; i++)
		if (problem_has_code(r->problem, legacy[i]))
			return true;
	return false;
}

/* After the session we created is refused: one new session, one retry. */
static bool try_reauth(api_call *call, const api_result *r)
{
	if (!session_rejected(r) || !call->used_own_session || call->reauthed || call->no_reauth)
		return false;
	call->reauthed = true;
	call->want_session = true;
	api_client *client = call->client;
	api_log_note(client, call, "session rejected; creating a new one");
	/* Ended too, best effort (docs/client.md: a replaced token, renewed or refused, is
	   ended): a server may refuse a token for one call and still hold it. */
	if (client->session && client->session_gen == call->session_gen)
		api_session_end(client, API_INVALIDATE_REPLACED, client->session->token, NULL, NULL,
				NULL);
	api_session_forget(client, call->session_gen);
	api_call_dispatch(call, false);
	return true;
}

static void on_http_done(const http_response *resp, void *user)
{
	api_call *call = user;
	api_client *client = call->client;
	call->http = NULL;
	api_log_response(client, call, resp);
	api_result *r = api_result_new(call);
	r->status = resp->status;
	r->attempts = call->attempts;
	if (resp->status == 0) {
		r->outcome = API_ERR_TRANSPORT;
		r->timed_out = resp->timed_out;
		r->too_large = resp->too_large;
		if (resp->too_large)
			api_result_set_message(
			    client, r, _("The server's answer was over %zu MiB and was not read."),
			    endpoint_get(call->endpoint)->max_body >> 20);
		else
			set_transport_message(client, r, resp->error);
	} else if (resp->status >= 200 && resp->status < 300) {
		classify_success(call, resp, r);
	} else {
		api_result_from_problem(client, r, resp, &call->cart_items);
	}
	if (try_reauth(call, r)) {
		api_result_free(r);
		return;
	}
	long delay = retry_delay(call, r, resp);
	if (delay >= 0) {
		schedule_retry(call, r, delay);
		api_result_free(r);
		return;
	}
	call_finish(call, r);
}

/* ------------------------------------------------------------------ public: calls */

void api_cancel(api_call *call)
{
	if (!call || call->state == API_CALL_DONE)
		return;
	api_client *client = call->client;
	if (call->http)
		http_cancel(call->http);
	call->http = NULL;
	if (call->state == API_CALL_WAITING_SESSION)
		api_session_unwait(call);
	if (client->session_create == call)
		client->session_create = NULL;
	unlink_call(call);
	call_free(call);
}

void api_handle_retry_state(const api_call *call, api_retry_state *out)
{
	memset(out, 0, sizeof *out);
	out->attempts = call->attempts;
	if (call->state != API_CALL_WAITING_RETRY)
		return;
	uint64_t now = uv_now(call->client->loop);
	out->waiting = true;
	out->next_retry_at = call->next_retry_at;
	out->remaining_ms = call->next_retry_at > now ? (long)(call->next_retry_at - now) : 0;
	out->reason = call->retry_reason;
}

size_t api_calls_pending(const api_client *client)
{
	return client->n_calls;
}

void api_slot_start(api_slot *slot, api_call *call)
{
	api_cancel(slot->call);
	slot->call = call;
	slot->generation++;
}

bool api_slot_finish(api_slot *slot, const api_result *result)
{
	if (!slot->call || slot->call != result->handle)
		return false;
	slot->call = NULL;
	return true;
}

void api_slot_cancel(api_slot *slot)
{
	api_cancel(slot->call);
	slot->call = NULL;
}

/* ------------------------------------------------------------------ the client */

static char *nonempty_copy(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

static void copy_profile(api_client *client, const api_profile *p)
{
	if (!p)
		return;
	client->profile.partner_user_id = nonempty_copy(p->partner_user_id);
	client->profile.email = nonempty_copy(p->email);
	client->profile.first_name = nonempty_copy(p->first_name);
	client->profile.last_name = nonempty_copy(p->last_name);
	client->profile.phone = nonempty_copy(p->phone);
}

api_client *api_client_new(uv_loop_t *loop, const api_settings *settings, char *err, size_t err_len)
{
	if (!settings->base_url || !*settings->base_url) {
		snprintf(err, err_len, "%s", _("No API base URL is configured."));
		return NULL;
	}
	char *base = http_url_trim_slashes(settings->base_url);
	char why[256] = "";
	if (!http_url_allowed(base, why, sizeof why)) {
		snprintf(err, err_len, "%s", why);
		free(base);
		return NULL;
	}
	api_client *client = xcalloc(1, sizeof *client);
	client->loop = loop;
	client->base_url = base;
	client->http = http_client_new(loop, "gett-tui/" PACKAGE_VERSION);
	http_client_set_default_timeout(client->http, settings->timeout_ms);
	client->api_key = nonempty_copy(settings->api_key);
	client->given_token = nonempty_copy(settings->session_token);
	if (client->api_key)
		str_list_push(&client->secrets, client->api_key);
	if (client->given_token)
		str_list_push(&client->secrets, client->given_token);
	copy_profile(client, settings->profile);
	if (settings->session_lifetime_s > 0) {
		client->profile.expiration_seconds = settings->session_lifetime_s;
		client->profile.has_expiration_seconds = true;
	}
	client->margin_s =
	    settings->session_margin_s > 0 ? settings->session_margin_s : DEFAULT_MARGIN_S;
	client->log = settings->debug_log;
	client->log_personal = settings->debug_log_personal;
	client->default_policy =
	    settings->default_policy ? *settings->default_policy : RETRY_DEFAULT;
	client->payment_policy =
	    settings->payment_policy ? *settings->payment_policy : RETRY_PAYMENT;
	client->on_retry = settings->on_retry;
	client->on_retry_user = settings->on_retry_user;
	client->rng = uv_hrtime() ^ (uint64_t)(uintptr_t)client;
	if (!client->rng)
		client->rng = 0x9e3779b97f4a7c15ULL;
	return client;
}

bool api_client_server_restarted(api_client *client, const char *base_url)
{
	if (base_url) {
		char *base = http_url_trim_slashes(base_url);
		char why[256] = "";
		if (!http_url_allowed(base, why, sizeof why)) {
			free(base);
			return false;
		}
		free(client->base_url);
		client->base_url = base;
	}
	api_session_drop(client); /* its token means nothing to the new server */
	return true;
}

static void client_free(api_client *client)
{
	http_client_free(client->http);
	api_session_drop(client);
	xwipe_free(client->api_key);
	xwipe_free(client->given_token);
	for (size_t i = 0; i < client->secrets.n; i++)
		memset(client->secrets.v[i], 0, strlen(client->secrets.v[i]));
	str_list_clear(&client->secrets);
	session_create_request *p = &client->profile;
	free(p->partner_user_id);
	free(p->email);
	free(p->first_name);
	free(p->last_name);
	free(p->phone);
	free(client->base_url);
	free(client);
}

/* Runs on a fresh loop turn: http_client_free must not run inside an http callback. */
static void on_teardown(uv_timer_t *timer)
{
	api_client *client = timer->data;
	void (*done)(void *) = client->shutdown_done;
	void *user = client->shutdown_user;
	client_free(client);
	uv_close((uv_handle_t *)timer, on_timer_closed);
	if (done)
		done(user);
}

static void schedule_teardown(api_client *client)
{
	uv_timer_t *timer = xcalloc(1, sizeof *timer);
	uv_timer_init(client->loop, timer);
	timer->data = client;
	uv_timer_start(timer, on_teardown, 0, 0);
}

static void on_final_invalidate(api_call *call, api_result *result)
{
	(void)result;
	schedule_teardown(call->client);
}

void api_client_shutdown(api_client *client, void (*done)(void *user), void *user)
{
	if (!client || client->shutting_down)
		return;
	client->shutting_down = true;
	client->shutdown_done = done;
	client->shutdown_user = user;
	while (client->calls)
		api_cancel(client->calls);
	if (!client->session) {
		schedule_teardown(client);
		return;
	}
	api_session_end(client, API_INVALIDATE_SHUTDOWN, NULL, on_final_invalidate, NULL, NULL);
}

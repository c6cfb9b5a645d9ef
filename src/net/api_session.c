/*
 * The session the client creates with the API key (contract §1.2, §2.1, §4.6):
 * one creation at a time, calls that need it wait on a list, renewal inside the
 * margin before expiresAt and after a 401, and api_session_ensure().
 */
#include <stdlib.h>
#include <string.h>

#include "net/api_int.h"
#include "base/i18n.h"
#include "base/timestamp.h"

bool api_session_usable(const api_client *client)
{
	if (!client->session)
		return false;
	if (!client->session_expires)
		return true; /* unknown expiry: rely on the 401 path */
	return time(NULL) + client->margin_s < client->session_expires;
}

void api_session_drop(api_client *client)
{
	session_create_response *s = client->session;
	if (!s)
		return;
	if (s->token)
		memset(s->token, 0, strlen(s->token));
	session_create_response_free(s);
	client->session = NULL;
	client->session_expires = 0;
	client->session_gen++;
}

void api_session_forget(api_client *client, unsigned long gen)
{
	if (client->session && client->session_gen == gen)
		api_session_drop(client);
}

static void wake_waiters(api_client *client, const api_result *result)
{
	api_call *list = client->waiters;
	client->waiters = client->waiters_tail = NULL;
	while (list) {
		api_call *call = list;
		list = call->wait_next;
		call->wait_next = NULL;
		call->state = API_CALL_IDLE;
		if (result->outcome != API_OK) {
			api_call_finish_later(call, api_result_copy_error(result, call));
		} else if (call->ensure_only) {
			api_result *r = api_result_new(call);
			r->session = session_create_response_copy(client->session);
			api_call_finish_later(call, r);
		} else {
			api_call_dispatch(call, true);
		}
	}
}

/* The caller's own session or given token is gone once the server ended it; a 401 means the
   token was dead anyway. */
static void on_invalidated(api_call *call, api_result *result)
{
	api_client *client = call->client;
	if (result->outcome != API_OK && result->status != 401)
		return;
	if (call->used_own_session)
		api_session_forget(client, call->session_gen);
	else if (call->used_given_token && client->given_token) {
		xwipe_free(client->given_token);
		client->given_token = NULL;
	}
}

api_call *api_session_end(api_client *client, api_invalidate_kind kind, const char *token,
			  void (*on_finish)(api_call *call, api_result *result), api_done_cb done,
			  void *user)
{
	api_call *call = api_call_new(client, ENDPOINT_SESSION_INVALIDATE, done, user);
	/* `{}` rather than no body: a body-less POST carries no Content-Length, which some
	   gateways answer with 411. */
	call->body = xstrdup("{}");
	call->no_reauth = true;
	call->bearer = xstrdup(token);
	call->no_retry = kind != API_INVALIDATE_SESSION;
	call->on_finish = kind == API_INVALIDATE_SESSION ? on_invalidated : on_finish;
	if (kind == API_INVALIDATE_SHUTDOWN)
		call->timeout_ms = 5000;
	/* Shutdown ends the session it has even inside the renewal margin. */
	api_call_dispatch(call, kind == API_INVALIDATE_SHUTDOWN);
	return call;
}

api_call *api_session_invalidate(api_client *client, api_done_cb done, void *user)
{
	if (client->shutting_down)
		return NULL;
	return api_session_end(client, API_INVALIDATE_SESSION, NULL, NULL, done, user);
}

/* What a legacy or MCP reply left out (§6 Q1): anonymity follows what we asked for. */
static void fill_session_gaps(api_client *client, session_create_response *s)
{
	if (!s->has_is_anonymous) {
		s->is_anonymous =
		    session_create_request_identity(&client->profile) != SESSION_IDENTITY_COMPLETE;
		s->has_is_anonymous = true;
	}
}

static void on_session_created(api_call *call, api_result *result)
{
	api_client *client = call->client;
	client->session_create = NULL;
	if (result->outcome == API_OK && result->session && result->session->token) {
		char *old = client->session ? xstrdup(client->session->token) : NULL;
		api_session_drop(client);
		client->session = result->session;
		result->session = NULL;
		fill_session_gaps(client, client->session);
		if (!client->session->expires_at ||
		    !timestamp_parse(client->session->expires_at, &client->session_expires))
			client->session_expires = 0;
		str_list_push(&client->secrets, client->session->token);
		api_log_note(client, call, "session %s ready (%s, level %lld)",
			     client->session->session_id ? client->session->session_id : "?",
			     client->session->is_anonymous ? "anonymous" : "identified",
			     client->session->level);
		if (old && !client->shutting_down)
			api_session_end(client, API_INVALIDATE_REPLACED, old, NULL, NULL, NULL);
		xwipe_free(old);
	} else if (result->outcome == API_OK) {
		result->outcome = API_ERR_BAD_REPLY;
		api_result_set_message(client, result, "%s",
				       _("The server's session reply has no token."));
	}
	wake_waiters(client, result);
}

static void start_creation(api_client *client)
{
	api_call *call = api_call_new(client, ENDPOINT_SESSION_CREATE, NULL, NULL);
	json_t *body = session_create_request_to_json(&client->profile);
	call->body = jsonx_dumps(body);
	json_decref(body);
	call->on_finish = on_session_created;
	client->session_create = call;
	api_call_dispatch(call, false);
}

void api_session_wait(api_call *call)
{
	api_client *client = call->client;
	call->state = API_CALL_WAITING_SESSION;
	call->wait_next = NULL;
	if (client->waiters_tail)
		client->waiters_tail->wait_next = call;
	else
		client->waiters = call;
	client->waiters_tail = call;
	if (!client->session_create)
		start_creation(client);
}

void api_session_unwait(api_call *call)
{
	api_client *client = call->client;
	api_call *prev = NULL;
	for (api_call *c = client->waiters; c; prev = c, c = c->wait_next) {
		if (c != call)
			continue;
		if (prev)
			prev->wait_next = c->wait_next;
		else
			client->waiters = c->wait_next;
		if (client->waiters_tail == c)
			client->waiters_tail = prev;
		break;
	}
	call->wait_next = NULL;
}

api_call *api_session_ensure(api_client *client, api_done_cb done, void *user)
{
	if (client->shutting_down)
		return NULL;
	/* Never sent: it waits for the session the client creates, or answers at once. */
	api_call *call = api_call_new(client, ENDPOINT_SESSION_CREATE, done, user);
	call->ensure_only = true;
	if (client->given_token) {
		api_call_finish_later(call, api_result_new(call));
		return call;
	}
	if (!client->api_key)
		return api_call_fail_later(call, _("No API key or session token is configured."));
	if (api_session_usable(client)) {
		api_result *r = api_result_new(call);
		r->session = session_create_response_copy(client->session);
		api_call_finish_later(call, r);
		return call;
	}
	api_session_wait(call);
	return call;
}

const char *api_session_token(const api_client *client)
{
	if (client->given_token)
		return client->given_token;
	return client->session ? client->session->token : NULL;
}

const session_create_response *api_session_current(const api_client *client)
{
	return client->session;
}

/*
 * Internals shared by api.c (call engine), api_session.c, api_calls.c (typed
 * endpoints), api_result.c and api_log.c. Not part of the public face (api.h).
 */
#ifndef GETT_API_INT_H
#define GETT_API_INT_H

#include <jansson.h>
#include <time.h>

#include "net/api.h"
#include "base/collections.h"
#include "net/http.h"

typedef struct api_call api_call;

typedef enum api_call_state {
	API_CALL_IDLE,		  /* built, not dispatched yet */
	API_CALL_SENDING,	  /* an HTTP request is in flight */
	API_CALL_WAITING_RETRY,	  /* timer running until the next attempt */
	API_CALL_WAITING_SESSION, /* on the session waiters list */
	API_CALL_DEFERRED,	  /* result ready, delivered on the next loop turn */
	API_CALL_DONE,		  /* callback running */
} api_call_state;

struct api_call {
	api_client *client;
	unsigned long id;
	api_endpoint endpoint; /* method, auth and retry class: endpoint_get(endpoint) */
	bool no_retry;	       /* one attempt whatever the retry class (fire and forget) */
	char *path;	       /* "/v1/marketplace/..." with any query string */
	char *body;	       /* JSON or NULL */
	char *idempotency_key;
	str_list cart_items; /* validate/place: itemId per cart line, to place errors on lines */
	long timeout_ms;     /* 0 = the client default */

	api_done_cb done;
	void *user;
	/* Internal hook run before `done` (session creation, shutdown's invalidate). */
	void (*on_finish)(api_call *call, api_result *result);

	api_call_state state;
	http_request *http;
	uv_timer_t *timer; /* lazily created; closed (and freed) with the call */
	int attempts;
	uint64_t next_retry_at;
	char *retry_reason;
	api_result *pending; /* API_CALL_DEFERRED */

	bool ensure_only;	   /* api_session_ensure: wait for the session, send nothing */
	bool want_session;	   /* retry after a 401 must use a (new) session */
	bool used_own_session;	   /* the last attempt carried the session we created */
	bool used_given_token;	   /* ... or the given token */
	unsigned long session_gen; /* client->session_gen at that attempt */
	bool reauthed;		   /* the one re-creation after a 401 has been used */
	bool no_reauth;		   /* invalidate: never create a session to end one */
	char *bearer;		   /* a fixed session token (ending a replaced session) */

	api_call *prev, *next; /* client->calls */
	api_call *wait_next;   /* client->waiters */
};

struct api_client {
	uv_loop_t *loop;
	http_client *http;
	char *base_url; /* without trailing '/' */
	char *api_key;
	char *given_token;
	session_create_request profile; /* strings owned */
	long margin_s;
	FILE *log;
	bool log_personal; /* api_settings.debug_log_personal */
	retry_policy default_policy;
	retry_policy payment_policy;
	api_retry_cb on_retry;
	void *on_retry_user;
	str_list secrets; /* key and every token ever used: redacted from logs and messages */

	session_create_response *session; /* the session we created and use */
	time_t session_expires;		  /* 0 when unknown */
	unsigned long session_gen;	  /* bumped whenever the session changes */
	api_call *session_create;	  /* internal creation in flight */
	api_call *waiters, *waiters_tail;

	api_call *calls; /* every live call, doubly linked */
	size_t n_calls;
	unsigned long next_id;
	uint64_t rng;

	bool shutting_down;
	void (*shutdown_done)(void *user);
	void *shutdown_user;
};

/* ------------------------------------------------------------------ api.c: the engine */

/* A call of `endpoint`, its path from the table when the path has no {placeholder}. */
api_call *api_call_new(api_client *client, api_endpoint endpoint, api_done_cb done, void *user);
/* Chooses the bearer (waiting for a session when needed) and sends an attempt.
   fresh_session: a session just created for this call may be used even inside the margin. */
void api_call_dispatch(api_call *call, bool fresh_session);
/* Delivers `result` on the next loop turn (never synchronously). */
void api_call_finish_later(api_call *call, api_result *result);
/* Delivers an API_ERR_REQUEST with this message on the next loop turn. Returns call. */
api_call *api_call_fail_later(api_call *call, const char *message);

/* ------------------------------------------------------------------ api_session.c */

/* True when the client's own session exists and is not within the renewal margin. */
bool api_session_usable(const api_client *client);
/* Puts the call on the waiters list and starts a creation unless one runs. */
void api_session_wait(api_call *call);
/* Removes a cancelled waiter. */
void api_session_unwait(api_call *call);
/* After a 401 on the session from generation `gen`: drop it unless already replaced. */
void api_session_forget(api_client *client, unsigned long gen);
/* Why a session is ended: each kind is one way api_session_end builds the request. */
typedef enum api_invalidate_kind {
	API_INVALIDATE_SESSION,	 /* api_session_invalidate: the retry class; forgotten once ended */
	API_INVALIDATE_REPLACED, /* a token just replaced (§2.3): one attempt, nobody waits */
	API_INVALIDATE_SHUTDOWN, /* the last call of api_client_shutdown: one attempt, 5 s at most
				  */
} api_invalidate_kind;
/* The one builder of POST session/invalidate, sent at once: `{}` as the body, never a session
   created only to end one. `token` (copied) is the bearer to end, or NULL for the one the call
   would carry; `on_finish` runs before `done` (the SESSION kind has its own). */
api_call *api_session_end(api_client *client, api_invalidate_kind kind, const char *token,
			  void (*on_finish)(api_call *call, api_result *result), api_done_cb done,
			  void *user);
/* Frees the session; wipes its token from memory. */
void api_session_drop(api_client *client);

/* ------------------------------------------------------------------ api_calls.c */

/* Fills the typed member of `result` from a 2xx body; false (err set) on a wrong shape. */
bool api_parse_success(const api_call *call, const json_t *root, api_result *result, json_err *err);

/* ------------------------------------------------------------------ api_result.c */

api_result *api_result_new(const api_call *call);
/* Error copy for a waiter whose session could not be created. */
api_result *api_result_copy_error(const api_result *src, const api_call *call);
/* Fills outcome, problem, errors and message for a non-2xx answer. */
void api_result_from_problem(api_client *client, api_result *r, const http_response *resp,
			     const str_list *cart_items);
/* Sets r->message (redacted); printf-style. */
void api_result_set_message(api_client *client, api_result *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ------------------------------------------------------------------ api_log.c */

/* Copy of text with every secret replaced by "[REDACTED]". */
char *api_redact(const api_client *client, const char *text);
void api_log_request(api_client *client, const api_call *call, const char *url);
void api_log_response(api_client *client, const api_call *call, const http_response *resp);
void api_log_note(api_client *client, const api_call *call, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif

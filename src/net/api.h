/*
 * The Marketfront API client (contract §1, §2, §5, §6): one typed asynchronous
 * call per endpoint a consumer client uses, on top of http.h (libcurl on libuv).
 *
 * Every call returns a handle at once and later calls back exactly once, on
 * the loop thread and never from inside the function that started it, with an
 * api_result: the parsed typed response or an error (ProblemDetail, transport,
 * non-JSON reply, bad reply, refused locally). A cancelled call never calls
 * back, so a stale search response cannot overwrite a newer one (api_slot).
 *
 * Retryable failures (transport, 429, 5xx, retryable ProblemDetails) are retried
 * on a per-call uv timer per retry.h, honouring retryAfter / Retry-After; the
 * wait is observable (api_handle_retry_state, api_settings.on_retry) and
 * cancellable. Place is retried only with the caller's Idempotency-Key.
 *
 * Sessions: with an API key the client creates a session (identified from
 * api_settings.profile, else anonymous), renews it shortly before `expiresAt`
 * and once after a 401 UNAUTHENTICATED, and invalidates it in
 * api_client_shutdown(). A given session token is used as is.
 *
 * Secrets: the API key and session tokens never appear in the debug log or in
 * any error text; the Authorization header is logged as "[REDACTED]".
 */
#ifndef GETT_API_H
#define GETT_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <uv.h>

#include "wire/catalog.h"
#include "wire/endpoint.h"
#include "wire/order.h"
#include "wire/problem.h"
#include "net/retry.h"
#include "wire/session.h"
#include "wire/store.h"

typedef struct api_client api_client;
typedef struct api_call api_handle; /* one call in progress */

/* The endpoint of a call: a row of the endpoint table (wire/endpoint.h). */
typedef endpoint_id api_endpoint;

typedef enum api_outcome {
	API_OK,
	API_ERR_INVALID,   /* the order (or a request body) failed validation: see `errors` */
	API_ERR_HTTP,	   /* any other non-2xx: `problem` is set (parsed or synthesised) */
	API_ERR_TRANSPORT, /* no HTTP answer: refused, reset, timed out */
	API_ERR_NON_JSON,  /* 2xx whose body is not JSON */
	API_ERR_BAD_REPLY, /* 2xx JSON that does not have the documented shape */
	API_ERR_REQUEST,   /* refused locally: bad input, URL policy, no credentials */
} api_outcome;

/*
 * One validation problem, whichever of the three shapes of §6 Q9 carried it
 * (200 isValid:false + errors[]; 400 ProblemDetail + errors[]; 422 VALIDATION_FAILED).
 */
typedef struct api_line_error {
	char *code;
	char *message;
	char *item_id;	 /* may be NULL */
	char *json_path; /* may be NULL */
	long line; /* index into cart.lineItems (from jsonPath, else itemId), -1 when neither */
	/* Where in the line ("modifierGroups[0].items[1]", "quantity") when line >= 0, else the
	   whole path ("$.amounts.tip", "$.fulfillmentType"); NULL when there is nothing more. */
	char *field;
} api_line_error;

typedef struct api_line_errors {
	api_line_error *v;
	size_t n;
} api_line_errors;

/* Appends ValidationErrors to `out`; n_lines bounds the line index (SIZE_MAX: no bound).
   item_ids (NULL, or the itemId of each of the n_lines cart lines) ties an error that has an
   itemId but no jsonPath to every line holding that item: one entry per line. */
void api_line_errors_from(api_line_errors *out, const validation_error_list *src, size_t n_lines,
			  const char *const *item_ids);
void api_line_errors_clear(api_line_errors *list);
/* "$.cart.lineItems[2].quantity" -> 2 with *rest ".quantity"; -1 for any other path. */
long api_json_path_line(const char *json_path, const char **rest);

/*
 * What a call produced. Owned by the client and freed when the callback returns:
 * keep a value by taking its pointer and setting the field to NULL.
 */
typedef struct api_result {
	api_handle *handle; /* the handle the call returned (see api_slot_finish) */
	api_endpoint endpoint;
	api_outcome outcome;
	long status;  /* HTTP status of the last attempt; 0 without an answer */
	int attempts; /* HTTP attempts made */
	/* One line for people, translated; NULL on success. Never holds a key or a token. */
	char *message;
	problem_detail *problem; /* API_ERR_HTTP, and API_ERR_INVALID from a 4xx */
	api_line_errors errors;	 /* API_ERR_INVALID */
	bool non_json_reply;	 /* the body was empty or not JSON (any status) */
	bool timed_out;		 /* API_ERR_TRANSPORT by timeout */
	bool too_large;		 /* API_ERR_TRANSPORT: the answer passed the endpoint's cap */
	char *request_id;	 /* body requestId, else the X-Request-Id header; may be NULL */
	char *trace_id;		 /* may be NULL */

	/* The typed reply; at most one is set, matching the endpoint. */
	session_create_response *session;	  /* session create / ensure */
	session_me_response *me;		  /* session me */
	fulfillment_context *fulfillment_context; /* fulfillment context PUT */
	discover_stores_response *stores;	  /* discover */
	store *store;				  /* store get */
	catalog_set *catalog_set;		  /* catalog set get */
	char *raw_json; /* catalog set get: the set as JSON text, for the catalog cache */
	/* validate, place, order read; also set by API_ERR_INVALID from a 200 isValid:false */
	external_order *order;
	user_payment_paged_result *payments;  /* payments list */
	user_payment_response *payment;	      /* payment add */
	user_address_paged_result *addresses; /* addresses list */
	add_address_response *address;	      /* address add */
} api_result;

typedef void (*api_done_cb)(api_result *result, void *user);

/* Inside a callback: moves everything into a heap result the caller owns (free it with
   api_result_free) and leaves `result` empty. */
api_result *api_result_take(api_result *result);
void api_result_free(api_result *result);

/* The retry wait of a call, for "retrying in 4 s". */
typedef struct api_retry_state {
	int attempts;		/* HTTP attempts made so far */
	bool waiting;		/* a retry is scheduled */
	uint64_t next_retry_at; /* uv_now() milliseconds of the next attempt, when waiting */
	long remaining_ms;	/* until then, when waiting */
	const char *reason;	/* why the last attempt failed, when waiting */
} api_retry_state;

typedef void (*api_retry_cb)(api_handle *call, api_endpoint endpoint, const api_retry_state *state,
			     void *user);

/* Identity for sessions created with the API key; all fields may be NULL. */
typedef struct api_profile {
	const char *partner_user_id;
	const char *email;
	const char *first_name;
	const char *last_name;
	const char *phone;
} api_profile;

typedef struct api_settings {
	const char *base_url; /* "https://api-sandbox.gett-tech.com" (a trailing '/' is fine) */
	const char *api_key;  /* partner key, or NULL */
	const char *session_token;    /* a given session token, used as is; or NULL */
	const api_profile *profile;   /* NULL (or no email): anonymous sessions */
	long timeout_ms;	      /* per request; 0 = 30 s */
	long session_margin_s;	      /* renew this long before expiresAt; 0 = 60 */
	long long session_lifetime_s; /* expirationSeconds sent on create; 0 = server default */
	FILE *debug_log;	      /* requests and responses, secrets redacted; NULL = off */
	/* The debug log keeps personal data (names, email, phone, street addresses, courier
	   instructions); false: they are written "[PERSONAL]". Secrets are redacted either way. */
	bool debug_log_personal;
	/* Policies for reads/validate/writes and for PAYMENT_FAILED; NULL = RETRY_DEFAULT and
	   RETRY_PAYMENT. */
	const retry_policy *default_policy;
	const retry_policy *payment_policy;
	api_retry_cb on_retry; /* called when a retry is scheduled; may be NULL */
	void *on_retry_user;
} api_settings;

/* NULL with a message in err when the base URL is refused (http.h policy) or missing. */
api_client *api_client_new(uv_loop_t *loop, const api_settings *settings, char *err,
			   size_t err_len);

/*
 * The server lost its state (the demo sandbox was restarted): the session the client created
 * is forgotten without being ended (the next call creates one), and when base_url is not
 * NULL the calls go there from now on (false, with nothing changed, when it is refused).
 * Calls in flight carry on (a failed one is retried as usual).
 */
bool api_client_server_restarted(api_client *client, const char *base_url);

/*
 * Cancels every call (none calls back), invalidates the session the client created (one
 * attempt), releases everything and then calls done(user) (may be NULL). Run the loop
 * until it has no more handles before uv_loop_close(). Safe from inside an api_done_cb.
 * Calls started after it return NULL.
 */
void api_client_shutdown(api_client *client, void (*done)(void *user), void *user);

/* The call will not call back. A no-op for a call whose callback is running. The handle
   is invalid after api_cancel() and after its callback returns. */
void api_cancel(api_handle *call);
void api_handle_retry_state(const api_handle *call, api_retry_state *out);
/* Calls not finished yet, including the client's own session creation. */
size_t api_calls_pending(const api_client *client);

/*
 * Latest-wins helper for search-as-you-type: api_slot_start() cancels the slot's
 * previous call; in the callback api_slot_finish() tells whether the result belongs
 * to the slot's current call (and empties the slot when it does).
 */
typedef struct api_slot {
	api_handle *call;
	unsigned long generation; /* bumped by every start */
} api_slot;

void api_slot_start(api_slot *slot, api_handle *call);
bool api_slot_finish(api_slot *slot, const api_result *result);
void api_slot_cancel(api_slot *slot);

/* ------------------------------------------------------------------ sessions */

/*
 * Makes sure a usable session exists: with a given token, succeeds at once (no
 * `session`); with the key, creates one (identified from the profile, else anonymous)
 * or renews one that expires within the margin. On success result->session is a copy.
 */
api_handle *api_session_ensure(api_client *client, api_done_cb done, void *user);
/* The bearer token in use (secret: never show it), or NULL. */
const char *api_session_token(const api_client *client);
/* The session this client created and uses (NULL with a given token or none). */
const session_create_response *api_session_current(const api_client *client);

/* Plain POST session/create with the API key; the session is returned, not adopted. */
api_handle *api_session_create(api_client *client, const session_create_request *request,
			       api_done_cb done, void *user);
api_handle *api_session_me(api_client *client, api_done_cb done, void *user);
/* Ends the current session on the server; on success the client forgets it (with a key,
   the next call that needs a session creates a new one). */
api_handle *api_session_invalidate(api_client *client, api_done_cb done, void *user);
api_handle *api_fulfillment_context_set(api_client *client, const fulfillment_context *context,
					api_done_cb done, void *user);

/* ------------------------------------------------------------------ browse */

api_handle *api_discover(api_client *client, const discover_stores_request *request,
			 api_done_cb done, void *user);
api_handle *api_store_get(api_client *client, const char *store_id, api_done_cb done, void *user);
api_handle *api_catalog_set_get(api_client *client, const char *catalog_set_id, api_done_cb done,
				void *user);

/* ------------------------------------------------------------------ orders */

/* 200 isValid:true -> API_OK; any of the three invalid shapes -> API_ERR_INVALID. */
api_handle *api_validate(api_client *client, const external_order *order, api_done_cb done,
			 void *user);
/* idempotency_key: the caller's UUID v4 for this order, reused on every retry. */
api_handle *api_place(api_client *client, const place_order_request *request,
		      const char *idempotency_key, api_done_cb done, void *user);
/* Place with a body serialised earlier by place_order_request_body() (wire/order.h) and
   journaled first, sent byte for byte. */
api_handle *api_place_text(api_client *client, const char *body, const char *idempotency_key,
			   api_done_cb done, void *user);
api_handle *api_order_get(api_client *client, const char *gett_order_id, api_done_cb done,
			  void *user);

/* ------------------------------------------------------------------ checkout (identified) */

/* offset/limit < 0: not sent. */
api_handle *api_payments_list(api_client *client, long long offset, long long limit,
			      api_done_cb done, void *user);
api_handle *api_payment_add(api_client *client, const add_payment_card_request *request,
			    api_done_cb done, void *user);
api_handle *api_addresses_list(api_client *client, long long offset, long long limit,
			       api_done_cb done, void *user);
api_handle *api_address_add(api_client *client, const address_input *address, api_done_cb done,
			    void *user);
api_handle *api_profile_update(api_client *client, const update_profile_request *request,
			       api_done_cb done, void *user);

#endif

/*
 * gett-sandbox HTTP layer: request/response objects, the router and the
 * dispatcher that every route handler runs under.
 *
 * Life of a request (server.c):
 *   1. libmicrohttpd collects the body (thread per connection).
 *   2. A request id / trace id is minted; X-Request-Id is always sent.
 *   3. Routing: unknown path -> 404 NOT_FOUND; known path, wrong method -> 405
 *      (errorCode INVALID_REQUEST, Allow header).
 *   4. Authentication (Authorization: Bearer) against the endpoint's auth (endpoint.h);
 *      failures are 401 UNAUTHENTICATED / SESSION_USER_REQUIRED, or 403 FORBIDDEN for the
 *      wrong kind of token (session on a key-only route, key on a session-only route).
 *   5. Rate limit for the route's class (429 RATE_LIMITED + retryAfter + Retry-After);
 *      only authenticated requests count. X-RateLimit-Remaining / X-RateLimit-Reset go on
 *      every response.
 *   6. Fault injection (--fault) for the route's fault endpoint name.
 *   7. The world lock is taken, the handler runs, the lock is released.
 *   8. The response is serialised: JSON bodies with jsonx_dumps, problems as
 *      application/problem+json or the text/markdown variant (Accept).
 *
 * HANDLER CONTRACT: a handler fills `resp` through the resp_* builders below and
 * returns. It runs with the world lock held (see world.h). Requests that need a
 * JSON body should call req_require_object() first. If a handler never calls a
 * builder the dispatcher answers 500 INTERNAL_ERROR.
 *
 * FAULT commit-then-reset (place only): when the fault layer picks a place
 * request for this fault it sets req->fault_commit_then_reset and still calls the
 * handler. The handler commits normally (order stored, idempotency cached); the
 * dispatcher then drops the connection without answering. A handler may also set
 * resp->drop_connection itself to get the same effect.
 */
#ifndef GETT_SANDBOX_SERVER_H
#define GETT_SANDBOX_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "wire/endpoint.h"
#include "world.h"

/* ------------------------------------------------------------------ principal */

typedef enum sbx_auth_kind {
	SBX_AUTH_NONE,	  /* not authenticated (yet) */
	SBX_AUTH_API_KEY, /* partner API key */
	SBX_AUTH_SESSION, /* session token (anonymous or identified) */
} sbx_auth_kind;

/* Who is calling. For sessions, `session` and `user` point into the world (valid while the
   handler runs). */
typedef struct sbx_principal {
	sbx_auth_kind kind;
	sbx_session *session;	     /* SBX_AUTH_SESSION only */
	sbx_user *user;		     /* NULL for api keys and anonymous sessions */
	bool is_anonymous;	     /* session without identity (api key: true as well) */
	const char *partner_user_id; /* session's partnerUserId; NULL for api keys */
} sbx_principal;

/* -------------------------------------------------------------------- request */

#define SBX_MAX_PARAMS 4

typedef struct sbx_request {
	const char *method; /* "GET", "POST", ... */
	const char *path;   /* URL path without the query string */
	/* Path parameters captured from "{name}" pattern segments, in pattern order. */
	const char *param_names[SBX_MAX_PARAMS];
	char *param_values[SBX_MAX_PARAMS];
	size_t n_params;

	const char *idempotency_key; /* Idempotency-Key header or NULL */
	const char *accept;	     /* Accept header or NULL */

	const char *body_raw; /* request body bytes (NUL-terminated), may be "" */
	size_t body_len;
	json_t *body;	      /* parsed JSON (borrowed; freed by the dispatcher) or NULL */
	bool body_invalid;    /* non-empty body that is not valid JSON */
	char body_error[160]; /* jansson's message when body_invalid */

	sbx_principal principal;
	int64_t received_ms; /* world clock at arrival: the ProblemDetail `timestamp` */
	char request_id[40]; /* "req_<24 hex>"; also X-Request-Id */
	char trace_id[33];   /* 32 hex */

	bool fault_commit_then_reset; /* see the header comment */

	void *conn; /* struct MHD_Connection * (for header/query lookups) */
} sbx_request;

/* Path parameter by name, or NULL. */
const char *req_param(const sbx_request *req, const char *name);
/* Query-string argument (decoded) or NULL. */
const char *req_query(const sbx_request *req, const char *name);
/* Request header (case-insensitive name) or NULL. */
const char *req_header(const sbx_request *req, const char *name);

/* ------------------------------------------------------------------- response */

typedef struct sbx_header {
	char *name, *value;
} sbx_header;

typedef struct sbx_response {
	int status;	     /* 0 until a builder ran */
	json_t *json;	     /* JSON body (owned) or NULL */
	bool is_problem;     /* json is a ProblemDetail (content type/markdown negotiation) */
	char *text;	     /* raw body instead of json (owned) or NULL */
	char *content_type;  /* for `text`; NULL = no body */
	sbx_header *headers; /* extra headers */
	size_t n_headers;
	bool drop_connection; /* close without answering (faults) */
} sbx_response;

/* 200..299 with a JSON body; takes ownership of `body` (a new reference). */
void resp_json(sbx_response *resp, int status, json_t *body);
/* Status with no body (204, and the empty 404 for malformed GUIDs). */
void resp_empty(sbx_response *resp, int status);
/* Raw text body (used by the garbage fault). */
void resp_text(sbx_response *resp, int status, const char *content_type, const char *text);
/* Adds (or replaces) a response header. */
void resp_header(sbx_response *resp, const char *name, const char *value);

/*
 * ProblemDetail (contract §1.7), built with the core's problem_new() (src/wire/problem.h) so type,
 * title, errorCategory and retryable always agree with the §5 table; requestId, traceId and
 * timestamp come from the request (so a cached replay repeats them), instance is the request
 * path, and 429/503 get
 * retryAfter + Retry-After. Returns the body (borrowed) so callers can add `errors`, ...
 * `detail_fmt` may be NULL; it is a printf format otherwise.
 */
json_t *resp_problem(sbx_response *resp, const sbx_request *req, int status, const char *code,
		     const char *detail_fmt, ...) __attribute__((format(printf, 5, 6)));
/* Appends a ValidationError {code, message, itemId?, jsonPath?} to obj["errors"] (created when
   missing); works on a problem body and on an ExternalOrder. item_id/json_path may be NULL. */
void sbx_add_error(json_t *obj, const char *code, const char *message, const char *item_id,
		   const char *json_path);

/* A problem whose one ValidationError repeats `code` at `json_path`, with `message` as both the
   detail and the error's message (e.g. 400 INVALID_REQUEST at "$.phone"). Returns the body. */
json_t *resp_problem_at(sbx_response *resp, const sbx_request *req, int status, const char *code,
			const char *json_path, const char *message);

/* Sends 400 INVALID_REQUEST and returns false unless the body is a JSON object. */
bool req_require_object(const sbx_request *req, sbx_response *resp);
/* Sends 400 INVALID_REQUEST naming the JSON path when a jsonx getter failed. */
void resp_json_error(sbx_response *resp, const sbx_request *req, const json_err *err);

/*
 * The request's body read as a model: req_require_object(), then
 * from_json(req->body, EXTRA..., &err). Evaluates to the new model (the handler frees it), or
 * to NULL when the 400 has been sent: `x *r = REQ_PARSE_BODY(req, resp, x_from_json);`.
 */
#define REQ_PARSE_BODY(req, resp, from_json, ...)                                                  \
	({                                                                                         \
		__typeof__(from_json(NULL, ##__VA_ARGS__, NULL)) body_ = NULL;                     \
		if (req_require_object(req, resp)) {                                               \
			json_err err_ = {0};                                                       \
			body_ = from_json((req)->body, ##__VA_ARGS__, &err_);                      \
			if (!body_)                                                                \
				resp_json_error(resp, req, &err_);                                 \
		}                                                                                  \
		body_;                                                                             \
	})

/* --------------------------------------------------------------------- router */

typedef void (*sbx_handler)(sbx_request *req, sbx_response *resp, sbx_world *w);

typedef struct sbx_router sbx_router;

/*
 * Registers the route of an endpoint: its method, path and auth come from the endpoint table
 * (endpoint.h), whose "{name}" path segments match one segment each and are read with
 * req_param(). `fault_endpoint` is the --fault ENDPOINT name this route answers to ("session",
 * "discover", "store", "catalog", "validate", "place") or NULL; every route also answers to
 * "any".
 */
void sbx_route(sbx_router *r, endpoint_id endpoint, sbx_handler handler, sbx_rate_class rate,
	       const char *fault_endpoint);
/* The first endpoint of the table that has no route, or ENDPOINT_COUNT. */
endpoint_id sbx_router_missing(const sbx_router *r);

/* Registers every route of the sandbox (routes.c; the h_*.c files name their endpoints' handlers);
   aborts when an endpoint of the table has none. */
void sbx_register_routes(sbx_router *r);

/* ---------------------------------------------------------------- the server */

typedef struct sbx_server sbx_server;

/* Faults parsed from --fault ENDPOINT:KIND[:COUNT]. */
typedef enum sbx_fault_kind {
	SBX_FAULT_429,
	SBX_FAULT_500,
	SBX_FAULT_502,
	SBX_FAULT_503,
	SBX_FAULT_TIMEOUT,	    /* hold the request 30 s, then drop it */
	SBX_FAULT_RESET,	    /* close without an HTTP response */
	SBX_FAULT_GARBAGE,	    /* 200 with a non-JSON body */
	SBX_FAULT_COMMIT_THEN_RESET /* place: commit, then drop */
} sbx_fault_kind;

typedef struct sbx_fault {
	char endpoint[16]; /* session|discover|store|catalog|validate|place|any */
	sbx_fault_kind kind;
	long remaining; /* -1 = unlimited */
} sbx_fault;

/* Parses "ENDPOINT:KIND[:COUNT]". On error false with a message in err. */
bool sbx_fault_parse(const char *spec, sbx_fault *out, char *err, size_t n);

/* Starts listening (host "127.0.0.1", port 0 = ephemeral). Returns NULL with a message on error. */
sbx_server *sbx_server_start(sbx_world *w, sbx_router *routes, const sbx_fault *faults,
			     size_t n_faults, const char *host, unsigned port, char *err, size_t n);
unsigned sbx_server_port(const sbx_server *s);
/* Stops accepting, wakes requests held by the timeout fault, joins threads. */
void sbx_server_stop(sbx_server *s);

sbx_router *sbx_router_new(void);
void sbx_router_free(sbx_router *r);

#endif

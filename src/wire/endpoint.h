/*
 * The endpoints of the Marketfront API, generated from the one table in endpoints.def: their
 * ids, names, methods, path templates, who may call them and whether a request may be sent
 * again. The client's call data (net/api_calls.c) and gett-sandbox's routes (sandbox/server.c)
 * both come from here, so neither can name a path or a method of its own.
 */
#ifndef GETT_ENDPOINT_H
#define GETT_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>

/* The bearer an endpoint accepts (docs/openapi.yaml `security` of each operation). */
typedef enum endpoint_auth {
	ENDPOINT_AUTH_KEY,	      /* K: the partner key only */
	ENDPOINT_AUTH_SESSION,	      /* S: any session token */
	ENDPOINT_AUTH_USER,	      /* S+: an identified session */
	ENDPOINT_AUTH_KEY_OR_SESSION, /* K or S */
	ENDPOINT_AUTH_KEY_OR_USER,    /* K or S+ (order read) */
} endpoint_auth;

/* Whether a request may be sent again when its outcome is unknown (docs/client.md "Retries"). */
typedef enum endpoint_retry {
	ENDPOINT_RETRY_SAFE,   /* idempotent */
	ENDPOINT_RETRY_KEYED,  /* idempotent with the same Idempotency-Key (place) */
	ENDPOINT_RETRY_UNSAFE, /* the server may have acted: again only after 429 and 503 */
} endpoint_retry;

typedef enum endpoint_id {
#define ENDPOINT(id, name, method, path, auth, retry, reply, empty, mib) ENDPOINT_##id,
#include "wire/endpoints.def"
#undef ENDPOINT
	ENDPOINT_COUNT
} endpoint_id;

/* One row of the table. */
typedef struct endpoint_info {
	const char *name;   /* "place" (for logs) */
	const char *method; /* "POST" */
	const char *path;   /* "/v1/marketplace/orders/{orderId}" */
	endpoint_auth auth;
	endpoint_retry retry;
	bool empty_reply; /* a 2xx may come without a body */
	size_t max_body;  /* bytes of body accepted, counted after decoding */
} endpoint_info;

/* The row of `id`; NULL when id is not an endpoint. */
const endpoint_info *endpoint_get(endpoint_id id);
/* The row's name, "?" when id is not an endpoint. */
const char *endpoint_name(endpoint_id id);
/* The path with its {placeholders} replaced, in order, by args percent-encoded (all but the
   RFC 3986 unreserved characters). NULL when n_args is not the number of placeholders or an
   arg is NULL or empty. Caller frees. */
char *endpoint_path(endpoint_id id, const char *const *args, size_t n_args);

#endif

/*
 * ProblemDetail (contract §1.7) and the error-code table of §5.
 *
 * The client turns every non-2xx reply into a problem_detail with
 * problem_from_response(), which never fails: an empty, HTML or otherwise
 * unusable body yields a problem synthesised from the HTTP status. The sandbox
 * builds its errors with problem_new() so type, title, category and
 * retryability always agree with the table.
 */
#ifndef GETT_PROBLEM_H
#define GETT_PROBLEM_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "base/jsonx.h"

/* ValidationError (§3.6): shared by ProblemDetail.errors and ExternalOrder.errors. */
typedef struct validation_error {
	char *code;
	char *message;	 /* may be NULL: optional on the wire */
	char *item_id;	 /* may be NULL */
	char *json_path; /* may be NULL, e.g. "$.cart.lineItems[0]" */
} validation_error;

typedef struct validation_error_list {
	validation_error *v;
	size_t n;
} validation_error_list;

/* `value` must be an array; `path` is its own path. On error *out is left empty. */
bool validation_error_list_parse(const json_t *value, const char *path, validation_error_list *out,
				 json_err *err);
json_t *validation_error_list_to_json(const validation_error_list *list);
/* Copies the strings; item_id and json_path may be NULL. */
void validation_error_list_add(validation_error_list *list, const char *code, const char *message,
			       const char *item_id, const char *json_path);
void validation_error_list_clear(validation_error_list *list);

/* One row of the §5 table. `category` uses the wire spelling ("validation", "rate_limit", ...). */
typedef struct problem_code_info {
	const char *code;
	int status;
	const char *category;
	bool retryable;
	bool reserved; /* documented but not yet emitted by production */
} problem_code_info;

/* NULL for a code not in §5. */
const problem_code_info *problem_code_lookup(const char *error_code);
/* The generic code for an HTTP status (404 -> NOT_FOUND, 502 -> BAD_GATEWAY); other 4xx map to
 * INVALID_REQUEST, other 5xx and anything else to INTERNAL_ERROR. Never NULL. */
const problem_code_info *problem_code_for_status(int status);
size_t problem_code_count(void);
const problem_code_info *problem_code_at(size_t index);

/* "Not Found" for 404; "Unknown Status" for a status it does not know. */
const char *problem_reason_phrase(int status);

#define PROBLEM_TYPE_BASE "https://developer.gett-tech.com/errors/"

typedef struct problem_detail {
	char *type;	      /* may be NULL on the wire */
	char *title;	      /* may be NULL (`title: null` from gateways) */
	long long status;     /* the HTTP status when the body has none */
	char *detail;	      /* may be NULL */
	char *instance;	      /* may be NULL */
	char *error_code;     /* may be NULL on the wire; always set when synthesised */
	char *error_category; /* may be NULL */
	bool retryable;
	bool has_retryable;
	long long retry_after; /* seconds */
	bool has_retry_after;
	validation_error_list errors;
	char *request_id; /* may be NULL */
	char *timestamp;  /* may be NULL */
	char *trace_id;	  /* may be NULL */

	/* Client-side bookkeeping, never serialised. */
	bool non_json_reply; /* body absent, empty or not a JSON object */
	char *parse_error;   /* JSON object that is not a valid ProblemDetail: why */
	char *body_excerpt;  /* printable start of an unusable body, for logs; may be NULL */
} problem_detail;

/* Parse of a ProblemDetail object: members may be missing, wrong types fail (err filled). */
problem_detail *problem_from_json(const json_t *value, json_err *err);

/*
 * Always returns a problem. `body` may be NULL (with body_len 0) and need not be
 * NUL-terminated; `content_type` may be NULL and is only used in the synthesised
 * detail text. A JSON-object body that is not a valid ProblemDetail still yields
 * a synthesised problem that keeps its well-typed errorCode/detail/requestId.
 */
problem_detail *problem_from_response(int http_status, const char *body, size_t body_len,
				      const char *content_type);

/* Sandbox builder: type, title, errorCategory and retryable come from the status and the table.
 * detail and instance may be NULL. */
problem_detail *problem_new(int status, const char *error_code, const char *detail,
			    const char *instance);
/* Appends to problem->errors (strings copied). */
void problem_add_error(problem_detail *problem, const char *code, const char *message,
		       const char *item_id, const char *json_path);

/* The explicit `retryable` flag when present, else the table (by errorCode, then by status). */
bool problem_is_retryable(const problem_detail *problem);
/* Whether the problem's errorCode is `code`; false for a NULL problem. */
bool problem_has_code(const problem_detail *problem, const char *code);

json_t *problem_to_json(const problem_detail *problem);
/* Deep copy, the client-side bookkeeping too; NULL for NULL. */
problem_detail *problem_copy(const problem_detail *problem);
void problem_free(problem_detail *problem);

#endif

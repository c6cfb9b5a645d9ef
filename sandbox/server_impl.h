/*
 * Internals shared by server.c, response.c and faults.c; route handlers use server.h only.
 */
#ifndef GETT_SANDBOX_SERVER_IMPL_H
#define GETT_SANDBOX_SERVER_IMPL_H

#include <stdbool.h>
#include <jansson.h>

#include "server.h"

/* response.c */
const char *resp_find_header(const sbx_response *resp, const char *name);
void resp_clear(sbx_response *resp);
/* True when Accept asks for text/markdown and accepts no JSON type (§1.3). */
bool accept_wants_markdown(const char *accept);
/* The §1.3 markdown rendering of a ProblemDetail body (heap string). */
char *problem_to_markdown(const json_t *problem);

/* faults.c: the first armed fault for `endpoint` (a route's fault name, may be NULL) or "any";
   consumes one use. Thread-safe. */
typedef struct sbx_fault_set sbx_fault_set;
sbx_fault_set *sbx_fault_set_new(const sbx_fault *faults, size_t n);
void sbx_fault_set_free(sbx_fault_set *set);
bool sbx_fault_take(sbx_fault_set *set, const char *endpoint, sbx_fault_kind *kind);

#endif

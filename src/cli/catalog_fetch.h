/*
 * Reading a catalog set from a URL for `gett-tui lint URL`: the partners' pull model, where a
 * store's CatalogSet is hosted at a URL of its own (§3.4). The request goes through the
 * client's own transport (net/http.h): the same URL rule (https://, or http:// only to this
 * machine), TLS always verified, the catalog set's body cap from wire/endpoints.def, and a
 * time limit. It is sent once: a person or a script runs lint again, so nothing is retried.
 */
#ifndef GETT_CLI_CATALOG_FETCH_H
#define GETT_CLI_CATALOG_FETCH_H

#include <stddef.h>

/* The whole transfer, connecting included. */
#define CATALOG_FETCH_TIMEOUT_MS 30000L

/* A lint_fetch_fn (lint/lint.h): the body of a 2xx answer (caller frees), or NULL with `why`
   set to a sentence in plain words (the status of an HTTP error, why the server could not
   be reached, that the answer was too large, or that the URL is refused, which is decided
   before anything is sent). *shown is the URL with any credentials redacted (caller frees). */
char *catalog_fetch_url(const char *url, size_t *len, char **shown, char *why, size_t why_len);

#endif

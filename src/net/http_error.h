/*
 * A failed transfer in words people read: what happened and to which host, as in "cannot
 * connect to 127.0.0.1:9: nothing is listening there (connection refused)". The one place a
 * libcurl result becomes text, for the client's messages (net/api.c) and `gett-tui lint URL`
 * (cli/catalog_fetch.c) alike, through http_response.error.
 */
#ifndef GETT_HTTP_ERROR_H
#define GETT_HTTP_ERROR_H

#include <stdbool.h>
#include <stddef.h>

typedef struct http_failure {
	int code;	 /* the CURLcode; not CURLE_OK */
	const char *url; /* the request's URL: its host (and port) is named, never its user info */
	const char *detail; /* curl's error buffer (CURLOPT_ERRORBUFFER); NULL or "" when none */
	int os_errno;	    /* CURLINFO_OS_ERRNO; 0 when curl kept none */
	bool connecting;    /* a timeout: the connection's own limit ran out, not the transfer's */
	long limit_ms;	    /* a timeout: the time limit that ran out */
} http_failure;

/*
 * One lower-case clause, without a final '.', into out (always NUL-terminated, cut to fit):
 * a translated sentence naming the host for the failures people meet (no such host, nothing
 * listening, no answer in time, a certificate that does not verify...), followed after ": " by
 * curl's own detail where it says more (the certificate's problem); curl's own words after
 * the host for any other code. A URL in curl's detail is shown with its credentials replaced
 * (http_url_redacted).
 */
void http_error_text(const http_failure *f, char *out, size_t out_len);

#endif

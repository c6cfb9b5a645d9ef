/*
 * Non-blocking HTTP on the libuv loop: libcurl's multi-socket interface driven by
 * one uv_poll_t per socket and one uv_timer_t. One connection pool (keep-alive,
 * HTTP/2 multiplexing where offered), gzip, per-request timeouts, cancellation.
 *
 * Callbacks run on the loop thread, never inside a libcurl callback, so they may
 * start or cancel other requests freely. A cancelled request never calls back:
 * that is how a stale search response is kept from overwriting a newer one.
 */
#ifndef GETT_HTTP_H
#define GETT_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

typedef struct http_client http_client;
typedef struct http_request http_request;

typedef struct http_response {
	long status;	     /* HTTP status; 0 when the transfer failed */
	int transport_error; /* CURLcode; 0 when an HTTP answer arrived */
	bool timed_out;	     /* transport_error was a timeout */
	bool too_large;	     /* transport_error: the body passed the request's max_body */
	char error[512];     /* a transport error in words (net/http_error.h) */
	char *body;	     /* NUL-terminated (may contain NULs before body_len) */
	size_t body_len;
	char *content_type; /* may be NULL */
	char *retry_after;  /* Retry-After header, may be NULL */
	char *request_id;   /* X-Request-Id header, may be NULL */
	char *location;	    /* Location header (a redirect, never followed), may be NULL */
	long elapsed_ms;
} http_response;

typedef void (*http_done_cb)(const http_response *resp, void *user);

typedef struct http_header {
	const char *name;
	const char *value;
} http_header;

typedef struct http_request_spec {
	const char *method; /* "GET", "POST", "PUT" */
	const char *url;
	const char *body; /* may be NULL; sent as application/json */
	size_t body_len;
	const http_header *headers; /* extra headers */
	size_t n_headers;
	long timeout_ms; /* whole transfer; 0 = the client default */
	/* Most body bytes accepted, counted after decoding (a small gzip answer can inflate to
	   gigabytes; CURLOPT_MAXFILESIZE sees only the encoded size): the transfer stops as soon
	   as it passes, with too_large set. 0 = HTTP_DEFAULT_MAX_BODY. */
	size_t max_body;
} http_request_spec;

#define HTTP_DEFAULT_MAX_BODY ((size_t)8 << 20)

http_client *http_client_new(uv_loop_t *loop, const char *user_agent);
/* Cancels everything in flight and releases curl; the loop then closes the uv handles.
   Run the loop until it has no more handles before uv_loop_close(). Never call it from
   inside an http_done_cb (defer it to the next loop turn instead). */
void http_client_free(http_client *client);
void http_client_set_default_timeout(http_client *client, long timeout_ms);

/*
 * Starts a request; the spec is copied. Returns NULL (and calls nothing) when the
 * URL is refused: only https://, or http:// to a loopback address (127.0.0.0/8,
 * ::1, localhost). TLS peer and host verification are always on.
 */
http_request *http_send(http_client *client, const http_request_spec *spec, http_done_cb done,
			void *user, char *err, size_t err_len);
/* The callback will not be called. Safe from inside any http_done_cb. */
void http_cancel(http_request *req);
size_t http_in_flight(const http_client *client);

/* True for http:// URLs whose host is loopback, and for every https:// URL. */
bool http_url_allowed(const char *url, char *err, size_t err_len);
bool http_url_is_loopback(const char *url);
/* A heap copy of url without trailing '/'s, so "<base>" + "/v1/..." has one slash. */
char *http_url_trim_slashes(const char *url);
/* A heap copy of url fit to show or log: credentials in it ("https://user:secret@host/")
   become "[REDACTED]@". NULL gives NULL. */
char *http_url_redacted(const char *url);

#endif

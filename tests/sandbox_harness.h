/*
 * Integration-test harness for gett-sandbox: start the built binary on 127.0.0.1:0, learn
 * its URL from the "listening on" line, stop it with SIGTERM; plus a blocking libcurl helper.
 * The real client code lives elsewhere; this is deliberately small and synchronous.
 */
#ifndef GETT_TESTS_SANDBOX_HARNESS_H
#define GETT_TESTS_SANDBOX_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <jansson.h>

#ifndef SANDBOX_BIN
#error "SANDBOX_BIN must name the gett-sandbox binary (set in Makefile.am)"
#endif

/* The fixture data of the integration tests (known stores, users and menus). */
#define SANDBOX_FIXTURE_DIR TEST_DATADIR "/sandbox"
#define SANDBOX_DEMO_KEY    "zpka_sandbox_demo"

typedef struct sandbox {
	pid_t pid;
	int stdout_fd;
	int stdin_fd;	   /* write end of the child's stdin when piped, else -1 */
	char base_url[64]; /* "http://127.0.0.1:PORT" */
	unsigned port;
} sandbox;

/* Starts SANDBOX_BIN --listen 127.0.0.1:0 --data data_dir [extra...] (extra is NULL-terminated,
   may be NULL) and waits up to 15 s for the listening line, which must be exactly
   "listening on http://127.0.0.1:PORT". False (with a message on stderr) when the process
   fails to start or to announce itself. */
bool sandbox_start(sandbox *sb, const char *data_dir, const char *const *extra);
/* The same with the whole argument list given (NULL-terminated, nothing added); with
   pipe_stdin the child's stdin is a pipe whose write end is sb->stdin_fd. */
bool sandbox_start_args(sandbox *sb, const char *const *args, bool pipe_stdin);
/* SIGTERM, then waits (up to 10 s, then SIGKILL). Returns the exit status, 128 + signal when
   killed by a signal, -1 on error. */
int sandbox_stop(sandbox *sb);
/* As sandbox_stop with another signal (SIGINT). */
int sandbox_stop_with(sandbox *sb, int sig);
/* Waits up to timeout_ms for the process to end by itself: its exit status as sandbox_stop
   reports it (and the sandbox is released), or -2 while it still runs. */
int sandbox_wait_exit(sandbox *sb, long timeout_ms);

/* SIGKILLs every sandbox still running (use as a cmocka teardown: a failed assertion skips
   the test's own sandbox_stop). */
void sandbox_kill_all(void);

/* Runs SANDBOX_BIN with args (NULL-terminated) to completion, e.g. for argument errors.
   Returns the exit status; stderr_buf (may be NULL) receives the start of its stderr. */
int sandbox_run_to_exit(const char *const *args, char *stderr_buf, size_t n);

/* What libcurl delivered so far, NUL-terminated (p may be NULL before the first byte). */
typedef struct http_buf {
	char *p;
	size_t n;
} http_buf;

/* A CURLOPT_WRITEFUNCTION / CURLOPT_HEADERFUNCTION appending to the http_buf in userdata;
   returns 0 (libcurl then fails the transfer) when memory runs out. */
size_t http_buf_append(char *data, size_t size, size_t nmemb, void *userdata);

typedef struct http_reply {
	int curl_code; /* CURLcode; 0 = an HTTP response arrived */
	long status;
	char *headers; /* raw header block */
	char *body;    /* NUL-terminated */
	size_t body_len;
} http_reply;

/* Blocking request to sb->base_url + path. `headers` is NULL-terminated ("Name: value"),
   `body` may be NULL. timeout_ms 0 = 10 s. Always fills *out (free with http_reply_clear). */
void sandbox_http_request(const sandbox *sb, const char *method, const char *path,
			  const char *const *headers, const char *body, long timeout_ms,
			  http_reply *out);
void http_reply_clear(http_reply *r);
/* Header value (case-insensitive name, first occurrence) copied into buf; NULL when absent. */
const char *sandbox_http_header(const http_reply *r, const char *name, char *buf, size_t n);
/* sandbox_http_request with "Authorization: Bearer <token>" (when token is non-NULL) and
   "Accept: application/json". */
void sandbox_api_call(const sandbox *sb, const char *method, const char *path, const char *token,
		      const char *body, http_reply *out);
/* Parsed body or NULL when it is not JSON. New reference. */
json_t *http_json(const http_reply *r);

#endif

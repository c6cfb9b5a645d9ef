/*
 * Integration-test harness for tests/rewrite_proxy.py: a rewriting HTTP proxy in front of
 * gett-sandbox, for answers in shapes the sandbox never produces (legacy session replies,
 * `title: null`, a customer without a phone...). See the script for the rule format.
 */
#ifndef GETT_TESTS_PROXY_HARNESS_H
#define GETT_TESTS_PROXY_HARNESS_H

#include <stdbool.h>
#include <sys/types.h>
#include <jansson.h>

#ifndef REWRITE_PROXY_SCRIPT
#error "REWRITE_PROXY_SCRIPT must name tests/rewrite_proxy.py (set in Makefile.am)"
#endif

typedef struct rewrite_proxy {
	pid_t pid;
	int stdout_fd;
	unsigned port;
	char base_url[64];  /* "http://127.0.0.1:PORT" */
	char log_path[512]; /* one JSON line per request (see the script) */
	bool keep_log;	    /* GETT_TRAFFIC_DIR: left in place after stop */
} rewrite_proxy;

/* Starts the proxy in front of `upstream` with `rules` (NULL-terminated JSON texts, may be
   NULL) and waits up to 15 s for its port. False (with a message on stderr) on failure. */
bool rewrite_proxy_start(rewrite_proxy *px, const char *upstream, const char *const *rules);
/* SIGTERM, wait, and remove the log. Safe on a proxy that is not running. */
void rewrite_proxy_stop(rewrite_proxy *px);
/* The requests seen so far, oldest first, as an array of {method, path, headers, body,
   status, rewritten} (new reference; never NULL). */
json_t *rewrite_proxy_requests(const rewrite_proxy *px);

#endif

#include "cli/catalog_fetch.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "net/http.h"
#include "net/loop_wait.h"
#include "wire/endpoint.h"

typedef struct fetch_state {
	bool done;
	char *body;
	size_t len;
	char *why;
	size_t why_len;
	size_t max_body;
} fetch_state;

/* A word for the statuses a static file host answers with, so "HTTP 404" reads as a reason. */
static const char *status_words(long status)
{
	switch (status) {
	case 401:
	case 403:
		return _(" (not allowed: the URL needs credentials or is private)");
	case 404:
		return _(" (not found)");
	case 410:
		return _(" (gone)");
	case 429:
		return _(" (too many requests: try again later)");
	default:
		return status >= 500 ? _(" (the server failed)") : "";
	}
}

static void on_done(const http_response *resp, void *user)
{
	fetch_state *st = user;
	st->done = true;
	if (resp->status >= 200 && resp->status < 300) {
		st->body = xmalloc(resp->body_len + 1);
		memcpy(st->body, resp->body, resp->body_len);
		st->body[resp->body_len] = '\0';
		st->len = resp->body_len;
	} else if (resp->status >= 300 && resp->status < 400 && resp->location) {
		/* http.h never follows a redirect: where it leads is for the person to choose. */
		char *to = http_url_redacted(resp->location);
		snprintf(st->why, st->why_len,
			 _("the server answered HTTP %ld, a redirect to %s (redirects are not "
			   "followed: lint that URL)"),
			 resp->status, to);
		free(to);
	} else if (resp->status > 0) {
		snprintf(st->why, st->why_len, _("the server answered HTTP %ld%s"), resp->status,
			 status_words(resp->status));
	} else if (resp->too_large) {
		snprintf(st->why, st->why_len,
			 _("the answer is over %zu MiB, the most a catalog set may be, and was not "
			   "read"),
			 st->max_body >> 20);
	} else {
		/* net/http_error.h's words: what failed, and with which host. */
		snprintf(st->why, st->why_len, "%s", resp->error);
	}
}

char *catalog_fetch_url(const char *url, size_t *len, char **shown, char *why, size_t why_len)
{
	*shown = http_url_redacted(url);
	*len = 0;
	char refused[256];
	/* Refused before a loop or a socket exists: nothing is sent. */
	if (!http_url_allowed(url, refused, sizeof refused)) {
		snprintf(why, why_len, _("refused: %s"), refused);
		return NULL;
	}
	fetch_state st = {.why = why, .why_len = why_len};
	st.max_body = endpoint_get(ENDPOINT_CATALOG_SET_GET)->max_body;
	uv_loop_t loop;
	uv_loop_init(&loop);
	http_client *client = http_client_new(&loop, "gett-tui/" PACKAGE_VERSION);
	http_request_spec spec = {.method = "GET",
				  .url = url,
				  .timeout_ms = CATALOG_FETCH_TIMEOUT_MS,
				  .max_body = st.max_body};
	if (http_send(client, &spec, on_done, &st, refused, sizeof refused))
		loop_wait(&loop, loop_wait_flag_set, &st.done,
			  0); /* the request's own timeout ends it */
	else
		snprintf(why, why_len, _("refused: %s"), refused);
	http_client_free(client);
	uv_run(&loop, UV_RUN_DEFAULT); /* lets the client's handles close */
	uv_loop_close(&loop);
	*len = st.len;
	return st.body;
}

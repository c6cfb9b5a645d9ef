#include "net/http_error.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "base/xalloc.h"
#include "net/http.h"

/* The failures people meet, each one sentence with the host for its %s. With_detail: curl's
   error buffer says what the sentence cannot (which certificate check failed, and why). */
static const struct {
	int code;
	const char *text;
	bool with_detail;
} HTTP_ERROR_WORDS[] = {
    {CURLE_COULDNT_RESOLVE_HOST, N_("cannot find the host %s (DNS lookup failed)"), false},
    {CURLE_COULDNT_RESOLVE_PROXY,
     N_("cannot find the proxy server on the way to %s (DNS lookup failed)"), true},
    {CURLE_PEER_FAILED_VERIFICATION,
     N_("the server's TLS certificate could not be verified for %s"), true},
    {CURLE_SSL_CONNECT_ERROR, N_("the secure (TLS) connection to %s could not be set up"), true},
    {CURLE_SSL_CACERT_BADFILE,
     N_("the certificates to verify %s with could not be read on this machine"), true},
    {CURLE_SEND_ERROR, N_("the connection to %s broke while the request was being sent"), false},
    {CURLE_RECV_ERROR, N_("the connection to %s broke while the answer was being read"), false},
    {CURLE_GOT_NOTHING, N_("%s closed the connection without answering"), false},
    {CURLE_WEIRD_SERVER_REPLY, N_("%s answered something that is not HTTP"), false},
    {CURLE_PARTIAL_FILE, N_("the answer from %s was cut off before its end"), false},
    {CURLE_BAD_CONTENT_ENCODING, N_("the answer from %s could not be decompressed"), false},
    {CURLE_HTTP2, N_("the HTTP/2 connection to %s failed"), true},
    {CURLE_HTTP2_STREAM, N_("the HTTP/2 connection to %s failed"), true},
};

/* Why a connection was not made, by the system's error number. */
static const struct {
	int os_errno;
	const char *text;
} HTTP_CONNECT_WORDS[] = {
    {ECONNREFUSED, N_("cannot connect to %s: nothing is listening there (connection refused)")},
    {ENETUNREACH, N_("cannot connect to %s: no network route leads there (network unreachable)")},
    {EHOSTUNREACH, N_("cannot connect to %s: no network route leads there (host unreachable)")},
    {ETIMEDOUT, N_("cannot connect to %s: it did not answer (connection timed out)")},
};

/* "host" or "host:port" (a port only when the URL gives one); never the URL's user info. */
static char *where(const char *url, bool with_port)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL, *out = NULL;
	if (u && url && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		bool has_port = with_port && curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK;
		size_t n = strlen(host) + (has_port ? strlen(port) + 1 : 0) + 1;
		out = xmalloc(n);
		snprintf(out, n, has_port ? "%s:%s" : "%s", host, port);
	}
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return out ? out : xstrdup(_("the server"));
}

/* Appends text to the NUL-terminated out, cut to fit. */
static void append(char *out, size_t out_len, const char *text, size_t n)
{
	size_t used = strlen(out);
	if (n > out_len - 1 - used)
		n = out_len - 1 - used;
	memcpy(out + used, text, n);
	out[used + n] = '\0';
}

/* ": " and curl's detail (or its words for the code), any URL in it shown without its
   credentials: the detail may quote a proxy's URL. */
static void append_detail(const http_failure *f, char *out, size_t out_len)
{
	const char *d = f->detail && *f->detail ? f->detail : curl_easy_strerror(f->code);
	size_t len = strlen(d);
	while (len && (unsigned char)d[len - 1] <= ' ')
		len--; /* curl ends some with a line break */
	append(out, out_len, ": ", 2);
	for (const char *end = d + len; d < end;) {
		size_t gap = strspn(d, " \t\n"), word = strcspn(d + gap, " \t\n");
		if (d + gap + word > end)
			word = (size_t)(end - d) - gap;
		append(out, out_len, d, gap);
		char *token = xmalloc(word + 1);
		memcpy(token, d + gap, word);
		token[word] = '\0';
		char *safe = strstr(token, "://") ? http_url_redacted(token) : NULL;
		append(out, out_len, safe ? safe : token, strlen(safe ? safe : token));
		free(safe);
		free(token);
		d += gap + word;
	}
}

/* A time limit as people say it: "30 s", or "200 ms" below a whole second. */
static void limit_words(long ms, char *out, size_t out_len)
{
	if (ms % 1000 == 0)
		/* TRANSLATORS: a time limit in seconds, as in "no answer within 30 s". */
		snprintf(out, out_len, _("%ld s"), ms / 1000);
	else
		/* TRANSLATORS: a time limit in milliseconds, as in "no answer within 250 ms". */
		snprintf(out, out_len, _("%ld ms"), ms);
}

/* The two timeouts. */
static const char TIMEOUT_CONNECTING[] =
    /* TRANSLATORS: %s a host ("example.com:8443"), then a time limit ("10 s", "250 ms"). */
    N_("cannot connect to %s: no answer within %s (connection timed out)");
static const char TIMEOUT_ANSWERING[] =
    /* TRANSLATORS: %s a host ("example.com:8443"), then a time limit ("30 s", "250 ms"). */
    N_("no answer from %s within %s");

void http_error_text(const http_failure *f, char *out, size_t out_len)
{
	const char *text = NULL;
	bool with_detail = true, with_port = true;
	char limit[32] = "";
	for (size_t i = 0; i < sizeof HTTP_ERROR_WORDS / sizeof HTTP_ERROR_WORDS[0]; i++)
		if (HTTP_ERROR_WORDS[i].code == f->code) {
			text = _(HTTP_ERROR_WORDS[i].text);
			with_detail = HTTP_ERROR_WORDS[i].with_detail;
		}
	if (f->code == CURLE_COULDNT_RESOLVE_HOST)
		with_port = false; /* no port was tried: the name has no address */
	if (f->code == CURLE_COULDNT_CONNECT) {
		text = _("cannot connect to %s");
		for (size_t i = 0; i < sizeof HTTP_CONNECT_WORDS / sizeof HTTP_CONNECT_WORDS[0];
		     i++)
			if (HTTP_CONNECT_WORDS[i].os_errno == f->os_errno) {
				text = _(HTTP_CONNECT_WORDS[i].text);
				with_detail = false;
			}
	}
	if (f->code == CURLE_OPERATION_TIMEDOUT) {
		limit_words(f->limit_ms, limit, sizeof limit);
		text = _(f->connecting ? TIMEOUT_CONNECTING : TIMEOUT_ANSWERING);
		with_detail = false;
	}
	if (!text)
		text = _("the request to %s failed");
	char *host = where(f->url, with_port);
	snprintf(out, out_len, text, host, limit);
	if (with_detail)
		append_detail(f, out, out_len);
	free(host);
	/* Curl's detail may quote what a server sent (a certificate's name): no control character
	   reaches a terminal or a log. */
	str_blank_controls(out);
}

#include "net/http.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "net/http_error.h"

#define DEFAULT_TIMEOUT_MS 30000L
#define CONNECT_TIMEOUT_MS 10000L

struct http_request {
	http_client *client;
	CURL *easy;
	struct curl_slist *headers;
	char *body; /* request body copy */
	http_done_cb done;
	void *user;
	http_response resp;
	size_t body_cap;
	size_t max_body;
	long timeout_ms; /* the whole transfer's limit */
	char curl_error[CURL_ERROR_SIZE];
	struct http_request *prev, *next;
};

struct http_client {
	uv_loop_t *loop;
	CURLM *multi;
	uv_timer_t *timer; /* heap: freed in its close callback, after the client may be gone */
	char *user_agent;
	long default_timeout_ms;
	http_request *requests; /* in flight, doubly linked */
	size_t n_requests;
	struct socket_ctx *sockets; /* watched sockets, closed at the latest in http_client_free */
};

/* Per-socket state; freed only in the uv close callback. */
struct socket_ctx {
	uv_poll_t poll;
	curl_socket_t fd;
	http_client *client;
	struct socket_ctx *next;
};

static void check_finished(http_client *client);

/* ------------------------------------------------------------ URL policy */

static bool host_is_loopback(const char *host)
{
	if (strcasecmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0 ||
	    strcmp(host, "::1") == 0)
		return true;
	unsigned a, b, c, d;
	char tail;
	return sscanf(host, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) == 4 && a == 127 && b < 256 &&
	       c < 256 && d < 256;
}

static bool url_parts(const char *url, char **scheme, char **host)
{
	CURLU *u = curl_url();
	bool ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_SCHEME, scheme, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_HOST, host, 0) == CURLUE_OK;
	curl_url_cleanup(u);
	return ok;
}

bool http_url_is_loopback(const char *url)
{
	char *scheme = NULL, *host = NULL;
	bool loopback = url_parts(url, &scheme, &host) && host_is_loopback(host);
	curl_free(scheme);
	curl_free(host);
	return loopback;
}

bool http_url_allowed(const char *url, char *err, size_t err_len)
{
	char *scheme = NULL, *host = NULL;
	bool ok = false;
	if (!url_parts(url, &scheme, &host)) {
		char *shown =
		    http_url_redacted(url); /* a password in it stays out of the message */
		snprintf(err, err_len, "not a valid URL: %s", shown);
		free(shown);
	} else if (strcasecmp(scheme, "https") == 0)
		ok = true;
	else if (strcasecmp(scheme, "http") == 0 && host_is_loopback(host))
		ok = true;
	else if (strcasecmp(scheme, "http") == 0)
		snprintf(err, err_len,
			 "plain http is only allowed to this machine (127.0.0.1); use https://%s",
			 host);
	else
		snprintf(err, err_len, "unsupported URL scheme \"%s\"", scheme);
	curl_free(scheme);
	curl_free(host);
	return ok;
}

char *http_url_trim_slashes(const char *url)
{
	char *copy = xstrdup(url);
	size_t n = strlen(copy);
	while (n > 0 && copy[n - 1] == '/')
		copy[--n] = '\0';
	return copy;
}

char *http_url_redacted(const char *url)
{
	if (!url)
		return NULL;
	const char *scheme = strstr(url, "://");
	const char *authority = scheme ? scheme + 3 : url;
	size_t authority_len = strcspn(authority, "/?#");
	const char *at = NULL; /* the last '@' of the authority ends the user information */
	for (size_t i = 0; i < authority_len; i++)
		if (authority[i] == '@')
			at = authority + i;
	if (!at)
		return xstrdup(url);
	static const char mark[] = "[REDACTED]";
	size_t head = (size_t)(authority - url), tail = strlen(at);
	char *out = xmalloc(head + sizeof mark - 1 + tail + 1);
	memcpy(out, url, head);
	memcpy(out + head, mark, sizeof mark - 1);
	memcpy(out + head + sizeof mark - 1, at, tail + 1);
	return out;
}

/* ------------------------------------------------------ curl <-> libuv glue */

static void on_socket_closed(uv_handle_t *handle)
{
	free(handle->data);
}

static void on_poll(uv_poll_t *poll, int status, int events)
{
	struct socket_ctx *ctx = poll->data;
	http_client *client = ctx->client;
	int flags = 0;
	if (status < 0)
		flags = CURL_CSELECT_ERR;
	else {
		if (events & UV_READABLE)
			flags |= CURL_CSELECT_IN;
		if (events & UV_WRITABLE)
			flags |= CURL_CSELECT_OUT;
	}
	int running;
	curl_multi_socket_action(client->multi, ctx->fd, flags, &running);
	check_finished(client);
}

static void close_socket_ctx(http_client *client, struct socket_ctx *ctx)
{
	for (struct socket_ctx **p = &client->sockets; *p; p = &(*p)->next) {
		if (*p == ctx) {
			*p = ctx->next;
			break;
		}
	}
	uv_poll_stop(&ctx->poll);
	uv_close((uv_handle_t *)&ctx->poll, on_socket_closed);
}

static int on_curl_socket(CURL *easy, curl_socket_t fd, int action, void *userp, void *socketp)
{
	http_client *client = userp;
	struct socket_ctx *ctx = socketp;
	if (action == CURL_POLL_REMOVE) {
		if (ctx) {
			close_socket_ctx(client, ctx);
			curl_multi_assign(client->multi, fd, NULL);
		}
		return 0;
	}
	if (!ctx) {
		ctx = xcalloc(1, sizeof *ctx);
		ctx->fd = fd;
		ctx->client = client;
		if (uv_poll_init_socket(client->loop, &ctx->poll, fd) != 0) {
			free(ctx);
			return -1;
		}
		ctx->poll.data = ctx;
		ctx->next = client->sockets;
		client->sockets = ctx;
		curl_multi_assign(client->multi, fd, ctx);
	}
	int events = 0;
	if (action == CURL_POLL_IN || action == CURL_POLL_INOUT)
		events |= UV_READABLE;
	if (action == CURL_POLL_OUT || action == CURL_POLL_INOUT)
		events |= UV_WRITABLE;
	uv_poll_start(&ctx->poll, events, on_poll);
	return 0;
}

static void on_timer(uv_timer_t *timer)
{
	http_client *client = timer->data;
	int running;
	curl_multi_socket_action(client->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_finished(client);
}

/* Never calls curl from here: curl forbids re-entry from its timer callback. A 0 ms
   request becomes 1 ms so libuv 1.44 runs it on the next iteration instead of spinning. */
static int on_curl_timer(CURLM *multi, long timeout_ms, void *userp)
{
	http_client *client = userp;
	if (timeout_ms < 0)
		uv_timer_stop(client->timer);
	else
		uv_timer_start(client->timer, on_timer, timeout_ms > 0 ? (uint64_t)timeout_ms : 1,
			       0);
	return 0;
}

/* ----------------------------------------------------------- requests */

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
	http_request *req = userp;
	size_t n = size * nmemb;
	if (n > req->max_body - req->resp.body_len) {
		req->resp.too_large = true;
		return 0; /* curl ends the transfer with CURLE_WRITE_ERROR */
	}
	if (req->resp.body_len + n + 1 > req->body_cap) {
		req->body_cap = (req->resp.body_len + n + 1) * 2;
		if (req->body_cap > req->max_body + 1)
			req->body_cap = req->max_body + 1;
		req->resp.body = xrealloc(req->resp.body, req->body_cap);
	}
	memcpy(req->resp.body + req->resp.body_len, data, n);
	req->resp.body_len += n;
	req->resp.body[req->resp.body_len] = '\0';
	return n;
}

static char *header_value(const char *line, size_t len, const char *name)
{
	size_t name_len = strlen(name);
	if (len <= name_len || strncasecmp(line, name, name_len) != 0 || line[name_len] != ':')
		return NULL;
	const char *v = line + name_len + 1, *end = line + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
		end--;
	/* A header is ASCII (RFC 9110); anything else, a control byte above all, is written
	   %XX, so a server's header can never reach a terminal or a log as an escape sequence. */
	char *out = xmalloc(3 * (size_t)(end - v) + 1), *o = out;
	for (; v < end; v++) {
		unsigned char c = (unsigned char)*v;
		if (c >= 0x20 && c < 0x7f)
			*o++ = (char)c;
		else
			o += sprintf(o, "%%%02X", c);
	}
	*o = '\0';
	return out;
}

static void keep_header(char **slot, char *value)
{
	if (!value)
		return;
	free(*slot);
	*slot = value;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *userp)
{
	http_request *req = userp;
	size_t n = size * nmemb;
	keep_header(&req->resp.retry_after, header_value(data, n, "Retry-After"));
	keep_header(&req->resp.request_id, header_value(data, n, "X-Request-Id"));
	keep_header(&req->resp.location, header_value(data, n, "Location"));
	return n;
}

static void unlink_request(http_request *req)
{
	http_client *client = req->client;
	DLIST_UNLINK(client->requests, req);
	client->n_requests--;
}

static void free_request(http_request *req)
{
	curl_multi_remove_handle(req->client->multi, req->easy);
	curl_easy_cleanup(req->easy);
	curl_slist_free_all(req->headers);
	free(req->body);
	free(req->resp.body);
	free(req->resp.content_type);
	free(req->resp.retry_after);
	free(req->resp.request_id);
	free(req->resp.location);
	free(req);
}

static void fill_result(http_request *req, CURLcode result)
{
	http_response *r = &req->resp;
	if (!r->body)
		r->body = xcalloc(1, 1);
	curl_off_t total_us = 0;
	curl_easy_getinfo(req->easy, CURLINFO_TOTAL_TIME_T, &total_us);
	r->elapsed_ms = (long)(total_us / 1000);
	if (result != CURLE_OK) {
		r->status = 0;
		r->transport_error = (int)result;
		r->timed_out = result == CURLE_OPERATION_TIMEDOUT;
		http_failure f = {.code = (int)result, .detail = req->curl_error};
		long os_errno = 0;
		curl_easy_getinfo(req->easy, CURLINFO_EFFECTIVE_URL, &f.url);
		curl_easy_getinfo(req->easy, CURLINFO_OS_ERRNO, &os_errno);
		f.os_errno = (int)os_errno;
		/* Which limit ran out: the one the time spent is nearer to (curl stops at it). */
		f.connecting = CONNECT_TIMEOUT_MS < req->timeout_ms &&
			       r->elapsed_ms < (CONNECT_TIMEOUT_MS + req->timeout_ms) / 2;
		f.limit_ms = f.connecting ? CONNECT_TIMEOUT_MS : req->timeout_ms;
		http_error_text(&f, r->error, sizeof r->error);
		if (r->too_large) {
			snprintf(r->error, sizeof r->error,
				 _("the answer was over %zu KiB and was not read"),
				 req->max_body >> 10);
			r->body[0] = '\0'; /* what arrived is neither kept nor shown */
			r->body_len = 0;
		}
		return;
	}
	curl_easy_getinfo(req->easy, CURLINFO_RESPONSE_CODE, &r->status);
	char *ct = NULL;
	curl_easy_getinfo(req->easy, CURLINFO_CONTENT_TYPE, &ct);
	r->content_type = xstrdup(ct);
}

static void check_finished(http_client *client)
{
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(client->multi, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		http_request *req = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&req);
		CURLcode result = msg->data.result;
		unlink_request(req);
		curl_multi_remove_handle(client->multi, req->easy);
		fill_result(req, result);
		req->done(&req->resp, req->user);
		free_request(req);
	}
}

static struct curl_slist *build_headers(http_client *client, const http_request_spec *spec)
{
	struct curl_slist *list = NULL;
	list = curl_slist_append(list, "Accept: application/json");
	if (spec->body)
		list = curl_slist_append(list, "Content-Type: application/json");
	list = curl_slist_append(list, "Expect:"); /* no 100-continue round trip */
	for (size_t i = 0; i < spec->n_headers; i++) {
		size_t n = strlen(spec->headers[i].name) + strlen(spec->headers[i].value) + 3;
		char *line = xmalloc(n);
		snprintf(line, n, "%s: %s", spec->headers[i].name, spec->headers[i].value);
		list = curl_slist_append(list, line);
		free(line);
	}
	return list;
}

static void configure_easy(http_request *req, const http_request_spec *spec)
{
	http_client *client = req->client;
	CURL *e = req->easy;
	curl_easy_setopt(e, CURLOPT_URL, spec->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, req);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, req->curl_error);
	curl_easy_setopt(e, CURLOPT_USERAGENT, client->user_agent);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, req->headers);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, req);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, req);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); /* whatever curl decodes: gzip, br... */
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L); /* explicit: never off */
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
	req->timeout_ms = spec->timeout_ms > 0 ? spec->timeout_ms : client->default_timeout_ms;
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, req->timeout_ms);
	curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, spec->method);
	if (spec->body) {
		req->body = xmalloc(spec->body_len + 1);
		memcpy(req->body, spec->body, spec->body_len);
		req->body[spec->body_len] = '\0';
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, req->body);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)spec->body_len);
	} else if (strcmp(spec->method, "GET") == 0) {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	}
}

http_request *http_send(http_client *client, const http_request_spec *spec, http_done_cb done,
			void *user, char *err, size_t err_len)
{
	if (!http_url_allowed(spec->url, err, err_len))
		return NULL;
	http_request *req = xcalloc(1, sizeof *req);
	req->client = client;
	req->done = done;
	req->user = user;
	req->max_body = spec->max_body ? spec->max_body : HTTP_DEFAULT_MAX_BODY;
	req->easy = curl_easy_init();
	req->headers = build_headers(client, spec);
	configure_easy(req, spec);
	DLIST_PUSH(client->requests, req);
	client->n_requests++;
	if (curl_multi_add_handle(client->multi, req->easy) != CURLM_OK) {
		snprintf(err, err_len, "could not start the request");
		unlink_request(req);
		free_request(req);
		return NULL;
	}
	return req;
}

void http_cancel(http_request *req)
{
	if (!req)
		return;
	unlink_request(req);
	free_request(req);
}

size_t http_in_flight(const http_client *client)
{
	return client->n_requests;
}

/* ------------------------------------------------------------- client */

static void on_timer_closed(uv_handle_t *handle)
{
	free(handle);
}

static void init_curl_once(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

http_client *http_client_new(uv_loop_t *loop, const char *user_agent)
{
	static uv_once_t once = UV_ONCE_INIT;
	uv_once(&once, init_curl_once);
	http_client *client = xcalloc(1, sizeof *client);
	client->loop = loop;
	client->user_agent = xstrdup(user_agent);
	client->default_timeout_ms = DEFAULT_TIMEOUT_MS;
	client->timer = xcalloc(1, sizeof *client->timer);
	uv_timer_init(loop, client->timer);
	client->timer->data = client;
	client->multi = curl_multi_init();
	curl_multi_setopt(client->multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
	curl_multi_setopt(client->multi, CURLMOPT_SOCKETDATA, client);
	curl_multi_setopt(client->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
	curl_multi_setopt(client->multi, CURLMOPT_TIMERDATA, client);
	curl_multi_setopt(client->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	return client;
}

void http_client_set_default_timeout(http_client *client, long timeout_ms)
{
	client->default_timeout_ms = timeout_ms > 0 ? timeout_ms : DEFAULT_TIMEOUT_MS;
}

void http_client_free(http_client *client)
{
	if (!client)
		return;
	while (client->requests)
		http_cancel(client->requests);
	curl_multi_cleanup(client->multi);
	while (client->sockets) /* any socket curl did not report removed */
		close_socket_ctx(client, client->sockets);
	uv_timer_stop(client->timer);
	uv_close((uv_handle_t *)client->timer, on_timer_closed);
	free(client->user_agent);
	free(client);
}

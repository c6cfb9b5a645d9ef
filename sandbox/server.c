/*
 * HTTP front of gett-sandbox on libmicrohttpd: one thread per connection, routing,
 * authentication, rate limits, fault injection and response serialisation. The order of
 * the checks is documented in server.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>
#include <microhttpd.h>

#include "handlers.h"
#include "server_impl.h"

#define MAX_BODY_BYTES	(1024 * 1024)
#define RATE_WINDOW_MS	60000
#define TIMEOUT_FAULT_S 30
#define FAULT_RETRY_S	1 /* retryAfter on injected 429/503, so clients' retries stay quick */

/* ------------------------------------------------------------------ router */

typedef struct route {
	endpoint_id endpoint;
	const char *method; /* the endpoint's */
	str_list segments;  /* of the endpoint's path */
	sbx_handler handler;
	endpoint_auth auth; /* the endpoint's */
	sbx_rate_class rate;
	char *fault_endpoint;
} route;

struct sbx_router {
	route *v;
	size_t n;
};

static void split_path(const char *path, str_list *out)
{
	const char *p = path;
	while (*p == '/')
		p++;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		char *seg = xmalloc(len + 1);
		memcpy(seg, p, len);
		seg[len] = '\0';
		str_list_push(out, seg);
		free(seg);
		p += len;
		if (*p == '/')
			p++;
		if (slash && *p == '\0')
			str_list_push(out, ""); /* trailing slash: an empty last segment */
	}
}

sbx_router *sbx_router_new(void)
{
	return xcalloc(1, sizeof(sbx_router));
}

void sbx_router_free(sbx_router *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		str_list_clear(&r->v[i].segments);
		free(r->v[i].fault_endpoint);
	}
	free(r->v);
	free(r);
}

void sbx_route(sbx_router *r, endpoint_id endpoint, sbx_handler handler, sbx_rate_class rate,
	       const char *fault_endpoint)
{
	const endpoint_info *e = endpoint_get(endpoint);
	r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
	route *rt = &r->v[r->n++];
	memset(rt, 0, sizeof *rt);
	rt->endpoint = endpoint;
	rt->method = e->method;
	split_path(e->path, &rt->segments);
	rt->handler = handler;
	rt->auth = e->auth;
	rt->rate = rate;
	rt->fault_endpoint = xstrdup(fault_endpoint);
}

endpoint_id sbx_router_missing(const sbx_router *r)
{
	for (int id = 0; id < ENDPOINT_COUNT; id++) {
		size_t i = 0;
		while (i < r->n && r->v[i].endpoint != (endpoint_id)id)
			i++;
		if (i == r->n)
			return (endpoint_id)id;
	}
	return ENDPOINT_COUNT;
}

static bool is_placeholder(const char *seg)
{
	size_t n = strlen(seg);
	return n > 2 && seg[0] == '{' && seg[n - 1] == '}';
}

static bool route_matches(const route *rt, const str_list *segs)
{
	if (rt->segments.n != segs->n)
		return false;
	for (size_t i = 0; i < segs->n; i++) {
		const char *p = rt->segments.v[i];
		if (is_placeholder(p) ? segs->v[i][0] == '\0' : strcmp(p, segs->v[i]) != 0)
			return false;
	}
	return true;
}

static void capture_params(const route *rt, const str_list *segs, sbx_request *req)
{
	for (size_t i = 0; i < segs->n && req->n_params < SBX_MAX_PARAMS; i++) {
		const char *p = rt->segments.v[i];
		if (!is_placeholder(p))
			continue;
		req->param_names[req->n_params] = p; /* "{name}": compared without braces */
		req->param_values[req->n_params] = xstrdup(segs->v[i]);
		req->n_params++;
	}
}

const char *req_param(const sbx_request *req, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < req->n_params; i++) {
		const char *p = req->param_names[i];
		if (strlen(p) == n + 2 && strncmp(p + 1, name, n) == 0)
			return req->param_values[i];
	}
	return NULL;
}

const char *req_query(const sbx_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header(const sbx_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

/* ------------------------------------------------------------------ server state */

typedef struct rate_bucket {
	int64_t window_start_ms; /* real clock */
	long used;
} rate_bucket;

struct sbx_server {
	struct MHD_Daemon *daemon;
	sbx_world *world;
	sbx_router *routes;
	sbx_fault_set *faults;
	unsigned port;
	pthread_mutex_t lock; /* buckets, stopping */
	pthread_cond_t wake;  /* signalled on stop (ends timeout faults early) */
	bool stopping;
	rate_bucket buckets[SBX_RATE_CLASS_COUNT];
};

typedef struct conn_ctx {
	char *body;
	size_t len;
	bool too_large;
} conn_ctx;

static int64_t realtime_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void random_hex(char *out, size_t n_hex)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char bytes[32];
	size_t n = (n_hex + 1) / 2;
	if (getrandom(bytes, n, 0) != (ssize_t)n) {
		for (size_t i = 0; i < n; i++)
			bytes[i] = (unsigned char)rand();
	}
	for (size_t i = 0; i < n_hex; i++)
		out[i] = hex[(bytes[i / 2] >> (i % 2 ? 0 : 4)) & 15];
	out[n_hex] = '\0';
}

/* ------------------------------------------------------------------ rate limits */

typedef struct rate_state {
	long remaining;
	int64_t reset_ms; /* end of the window */
	bool exceeded;
} rate_state;

/* Counts one request when `consume`; reports the bucket either way. */
static rate_state rate_check(sbx_server *s, sbx_rate_class cls, bool consume)
{
	long limit = s->world->config.rate_limits[cls];
	int64_t now = realtime_ms();
	rate_state st = {0};
	pthread_mutex_lock(&s->lock);
	rate_bucket *b = &s->buckets[cls];
	if (b->window_start_ms == 0 || now - b->window_start_ms >= RATE_WINDOW_MS) {
		b->window_start_ms = now;
		b->used = 0;
	}
	if (consume) {
		if (b->used >= limit)
			st.exceeded = true;
		else
			b->used++;
	}
	st.remaining = limit - b->used;
	st.reset_ms = b->window_start_ms + RATE_WINDOW_MS;
	pthread_mutex_unlock(&s->lock);
	return st;
}

/* ------------------------------------------------------------------ authentication */

/* Returns false after filling a 401/403 problem. */
static bool authenticate(sbx_world *w, const route *rt, sbx_request *req, sbx_response *resp)
{
	const char *h = req_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
	if (!h) {
		resp_problem(resp, req, 401, "UNAUTHENTICATED", "Missing Authorization header.");
		return false;
	}
	if (strncasecmp(h, "Bearer ", 7) != 0 || h[7] == '\0') {
		resp_problem(resp, req, 401, "UNAUTHENTICATED",
			     "Authorization must be \"Bearer <token>\".");
		return false;
	}
	const char *token = h + 7;
	sbx_principal *p = &req->principal;
	if (strcmp(token, w->config.api_key) == 0) {
		p->kind = SBX_AUTH_API_KEY;
		p->is_anonymous = true;
	} else {
		sbx_session *sess = world_find_session(w, token);
		const char *gone = sess ? NULL : sbx_session_token_gone(w, token);
		if (!sess) {
			resp_problem(resp, req, 401, "UNAUTHENTICATED", "%s",
				     gone ? gone : "The API key or session token is not valid.");
			return false;
		}
		if (sess->invalidated) {
			resp_problem(resp, req, 401, "UNAUTHENTICATED", "session invalidated");
			return false;
		}
		if (world_now_ms(w) >= sess->expires_ms) {
			resp_problem(resp, req, 401, "UNAUTHENTICATED", "session expired");
			return false;
		}
		p->kind = SBX_AUTH_SESSION;
		p->session = sess;
		p->user = sess->user;
		p->is_anonymous = sess->user == NULL;
		p->partner_user_id = sess->partner_user_id;
	}
	bool key = p->kind == SBX_AUTH_API_KEY;
	switch (rt->auth) {
	case ENDPOINT_AUTH_KEY:
		if (!key) {
			resp_problem(
			    resp, req, 403, "FORBIDDEN",
			    "Session tokens cannot call this endpoint; use the partner API "
			    "key.");
			return false;
		}
		return true;
	case ENDPOINT_AUTH_SESSION:
	case ENDPOINT_AUTH_USER:
		if (key) {
			resp_problem(resp, req, 403, "FORBIDDEN",
				     "This endpoint needs a session token, not an API key.");
			return false;
		}
		break;
	case ENDPOINT_AUTH_KEY_OR_SESSION:
		return true;
	case ENDPOINT_AUTH_KEY_OR_USER:
		if (key)
			return true;
		break;
	}
	if ((rt->auth == ENDPOINT_AUTH_USER || rt->auth == ENDPOINT_AUTH_KEY_OR_USER) &&
	    p->is_anonymous) {
		resp_problem(resp, req, 401, "SESSION_USER_REQUIRED",
			     "This session has no user identity. Create a session with email, "
			     "firstName and lastName.");
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------ sending */

static void drop_connection(struct MHD_Connection *conn)
{
	/* A TCP reset, like a crashed upstream: SO_LINGER 0, then release the socket by dup2()ing
	   an unconnected one onto its descriptor. MHD's own shutdown()+close() would send a FIN
	   first; this way it later closes the harmless placeholder instead. */
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (!ci)
		return;
	struct linger lg = {.l_onoff = 1, .l_linger = 0};
	setsockopt(ci->connect_fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	int placeholder = socket(AF_INET, SOCK_STREAM, 0);
	if (placeholder >= 0) {
		dup2(placeholder, ci->connect_fd);
		close(placeholder);
	}
}

static char *serialise_body(const sbx_request *req, sbx_response *resp, const char **content_type)
{
	if (resp->json) {
		if (resp->is_problem) {
			if (accept_wants_markdown(req->accept)) {
				*content_type = "text/markdown; charset=utf-8";
				return problem_to_markdown(resp->json);
			}
			*content_type = "application/problem+json";
		} else {
			*content_type = "application/json";
		}
		return jsonx_dumps(resp->json);
	}
	if (resp->text) {
		*content_type = resp->content_type;
		return xstrdup(resp->text);
	}
	*content_type = NULL;
	return NULL;
}

static enum MHD_Result send_response(sbx_server *s, struct MHD_Connection *conn,
				     const sbx_request *req, sbx_response *resp, rate_state rs)
{
	const char *ctype;
	char *body = serialise_body(req, resp, &ctype);
	struct MHD_Response *r =
	    body ? MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE)
		 : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (ctype)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	char num[32];
	MHD_add_response_header(r, "X-Request-Id", req->request_id);
	snprintf(num, sizeof num, "%ld", rs.remaining);
	MHD_add_response_header(r, "X-RateLimit-Remaining", num);
	snprintf(num, sizeof num, "%lld", (long long)((rs.reset_ms + 999) / 1000));
	MHD_add_response_header(r, "X-RateLimit-Reset", num);
	json_t *after = resp->json ? json_object_get(resp->json, "retryAfter") : NULL;
	if ((resp->status == 429 || resp->status == 503) && json_is_integer(after)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(after));
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, num);
	}
	if (!resp_find_header(resp, "Cache-Control"))
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	for (size_t i = 0; i < resp->n_headers; i++)
		MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* ------------------------------------------------------------------ dispatch */

static void parse_body(sbx_request *req, const conn_ctx *ctx)
{
	req->body_raw = ctx->body ? ctx->body : "";
	req->body_len = ctx->len;
	if (ctx->too_large) {
		req->body_invalid = true;
		snprintf(req->body_error, sizeof req->body_error, "body larger than %d bytes",
			 MAX_BODY_BYTES);
		return;
	}
	size_t i = 0;
	while (i < ctx->len && strchr(" \t\r\n", ctx->body[i]))
		i++;
	if (i == ctx->len)
		return; /* empty body */
	json_error_t jerr;
	req->body = json_loadb(ctx->body, ctx->len, JSON_DECODE_ANY, &jerr);
	if (!req->body) {
		req->body_invalid = true;
		snprintf(req->body_error, sizeof req->body_error, "line %d column %d: %.100s",
			 jerr.line, jerr.column, jerr.text);
	}
}

/* Finds the route; on 404/405 fills resp and returns NULL. */
static const route *find_route(sbx_server *s, sbx_request *req, sbx_response *resp)
{
	str_list segs = {0};
	split_path(req->path, &segs);
	const route *found = NULL;
	char allow[128] = "";
	for (size_t i = 0; i < s->routes->n && !found; i++) {
		const route *rt = &s->routes->v[i];
		if (!route_matches(rt, &segs))
			continue;
		if (strcmp(rt->method, req->method) == 0) {
			found = rt;
			capture_params(rt, &segs, req);
		} else if (!strstr(allow, rt->method)) {
			size_t len = strlen(allow);
			snprintf(allow + len, sizeof allow - len, "%s%s", len ? ", " : "",
				 rt->method);
		}
	}
	str_list_clear(&segs);
	if (found)
		return found;
	if (allow[0]) {
		resp_problem(resp, req, 405, "INVALID_REQUEST", "Method %s is not allowed here.",
			     req->method);
		resp_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
	} else {
		resp_problem(resp, req, 404, "NOT_FOUND", "No such endpoint: %s %s", req->method,
			     req->path);
	}
	return NULL;
}

/* Waits for the timeout fault's 30 s, or less when the server stops. */
static void hold_request(sbx_server *s)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += TIMEOUT_FAULT_S;
	pthread_mutex_lock(&s->lock);
	while (!s->stopping && pthread_cond_timedwait(&s->wake, &s->lock, &until) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&s->lock);
}

/* Fills resp for an injected fault. Returns false when the connection must be dropped
   without an answer (after holding it, for `timeout`). */
static bool apply_fault(sbx_server *s, sbx_fault_kind kind, sbx_request *req, sbx_response *resp)
{
	json_t *body;
	switch (kind) {
	case SBX_FAULT_429:
		body =
		    resp_problem(resp, req, 429, "RATE_LIMITED", "Injected fault: rate limited.");
		json_object_set_new(body, "retryAfter", json_integer(FAULT_RETRY_S));
		return true;
	case SBX_FAULT_500:
		resp_problem(resp, req, 500, "INTERNAL_ERROR", "Injected fault: internal error.");
		return true;
	case SBX_FAULT_502:
		resp_problem(resp, req, 502, "BAD_GATEWAY", "Injected fault: bad gateway.");
		return true;
	case SBX_FAULT_503:
		body = resp_problem(resp, req, 503, "SERVICE_UNAVAILABLE",
				    "Injected fault: service unavailable.");
		json_object_set_new(body, "retryAfter", json_integer(FAULT_RETRY_S));
		return true;
	case SBX_FAULT_GARBAGE:
		resp_text(resp, 200, "application/json",
			  "<html><body>upstream said: {\"stores\": [tru</body></html>\n");
		return true;
	case SBX_FAULT_TIMEOUT:
		hold_request(s);
		return false;
	case SBX_FAULT_RESET:
		return false;
	case SBX_FAULT_COMMIT_THEN_RESET: /* handled by dispatch(): run, then drop */
		return true;
	}
	return true;
}

static void run_handler(sbx_server *s, const route *rt, sbx_request *req, sbx_response *resp)
{
	world_lock(s->world);
	rt->handler(req, resp, s->world);
	world_unlock(s->world);
	if (resp->status == 0)
		resp_problem(resp, req, 500, "INTERNAL_ERROR", "The handler produced no response.");
}

static sbx_rate_class default_class(const char *method)
{
	return strcmp(method, "GET") == 0 ? SBX_RATE_READ : SBX_RATE_WRITE;
}

static enum MHD_Result dispatch(sbx_server *s, struct MHD_Connection *conn, const char *url,
				const char *method, conn_ctx *ctx)
{
	sbx_request req = {.method = method, .path = url, .conn = conn};
	sbx_response resp = {0};
	memcpy(req.request_id, "req_", 4);
	random_hex(req.request_id + 4, 24);
	random_hex(req.trace_id, 32);
	req.received_ms = world_now_ms(s->world);
	req.idempotency_key = req_header(&req, "Idempotency-Key");
	req.accept = req_header(&req, MHD_HTTP_HEADER_ACCEPT);
	parse_body(&req, ctx);

	bool answer = true;
	rate_state rs;
	const route *rt = find_route(s, &req, &resp);
	if (!rt) {
		rs = rate_check(s, default_class(method), false);
	} else {
		world_lock(s->world);
		bool authed = authenticate(s->world, rt, &req, &resp);
		world_unlock(s->world);
		rs = rate_check(s, rt->rate, authed);
		sbx_fault_kind kind = SBX_FAULT_500;
		bool faulted =
		    authed && !rs.exceeded && sbx_fault_take(s->faults, rt->fault_endpoint, &kind);
		if (!authed) {
			/* resp holds the 401/403 */
		} else if (rs.exceeded) {
			json_t *b =
			    resp_problem(&resp, &req, 429, "RATE_LIMITED",
					 "Rate limit exceeded; retry after the window resets.");
			int64_t wait = (rs.reset_ms - realtime_ms() + 999) / 1000;
			json_object_set_new(b, "retryAfter", json_integer(wait > 0 ? wait : 1));
		} else if (faulted && kind != SBX_FAULT_COMMIT_THEN_RESET) {
			answer = apply_fault(s, kind, &req, &resp);
		} else {
			req.fault_commit_then_reset = faulted; /* commit-then-reset */
			run_handler(s, rt, &req, &resp);
			if (req.fault_commit_then_reset)
				resp.drop_connection = true;
		}
	}
	enum MHD_Result ret = MHD_NO;
	if (answer && !resp.drop_connection)
		ret = send_response(s, conn, &req, &resp, rs);
	else
		drop_connection(conn);
	resp_clear(&resp);
	json_decref(req.body);
	for (size_t i = 0; i < req.n_params; i++)
		free(req.param_values[i]);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	conn_ctx *ctx = *con_cls;
	if (!ctx) {
		*con_cls = xcalloc(1, sizeof *ctx);
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		if (ctx->len + n > MAX_BODY_BYTES) {
			ctx->too_large = true;
		} else {
			ctx->body = xrealloc(ctx->body, ctx->len + n + 1);
			memcpy(ctx->body + ctx->len, upload_data, n);
			ctx->len += n;
			ctx->body[ctx->len] = '\0';
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	return dispatch(cls, conn, url, method, ctx);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	conn_ctx *ctx = *con_cls;
	if (ctx) {
		free(ctx->body);
		free(ctx);
		*con_cls = NULL;
	}
}

/* ------------------------------------------------------------------ start / stop */

static bool resolve(const char *host, unsigned port, struct sockaddr_storage *out, int *family,
		    char *err, size_t n)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV}, *res;
	char portbuf[16];
	snprintf(portbuf, sizeof portbuf, "%u", port);
	int rc = getaddrinfo(host, portbuf, &hints, &res);
	if (rc != 0) {
		snprintf(err, n, "cannot resolve listen address \"%s\": %s", host,
			 gai_strerror(rc));
		return false;
	}
	memcpy(out, res->ai_addr, res->ai_addrlen);
	*family = res->ai_family;
	freeaddrinfo(res);
	return true;
}

sbx_server *sbx_server_start(sbx_world *w, sbx_router *routes, const sbx_fault *faults,
			     size_t n_faults, const char *host, unsigned port, char *err, size_t n)
{
	struct sockaddr_storage addr;
	int family;
	if (!resolve(host, port, &addr, &family, err, n))
		return NULL;
	sbx_server *s = xcalloc(1, sizeof *s);
	s->world = w;
	s->routes = routes;
	s->faults = sbx_fault_set_new(faults, n_faults);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD;
	if (family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->daemon =
	    MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
			     (struct sockaddr *)&addr, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_END);
	if (!s->daemon) {
		snprintf(err, n, "cannot listen on %s:%u: %s", host, port,
			 errno ? strerror(errno) : "libmicrohttpd failed to start");
		sbx_fault_set_free(s->faults);
		pthread_mutex_destroy(&s->lock);
		pthread_cond_destroy(&s->wake);
		free(s);
		return NULL;
	}
	const union MHD_DaemonInfo *info =
	    MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : port;
	return s;
}

unsigned sbx_server_port(const sbx_server *s)
{
	return s->port;
}

void sbx_server_stop(sbx_server *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_broadcast(&s->wake);
	pthread_mutex_unlock(&s->lock);
	MHD_stop_daemon(s->daemon);
	sbx_fault_set_free(s->faults);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->wake);
	free(s);
}

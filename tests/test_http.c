/*
 * http.c against a real in-process HTTP server (libmicrohttpd on 127.0.0.1, an
 * ephemeral port): bodies, headers, timeouts, cancellation, URL policy, and a
 * clean shutdown of every uv handle.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/collections.h"
#include "net/http.h"

struct upload {
	char *data;
	size_t len;
};

/* 16 MiB of JSON in 16 KiB of gzip, sent as such. */
static enum MHD_Result answer_gzip_bomb(struct MHD_Connection *c)
{
	FILE *f = fopen(TEST_DATADIR "/gzip-bomb-16MiB.json.gz", "rb");
	if (!f)
		return MHD_NO;
	static char gz[1 << 16];
	size_t n = fread(gz, 1, sizeof gz, f);
	fclose(f);
	struct MHD_Response *r = MHD_create_response_from_buffer(n, gz, MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(r, "Content-Type", "application/json");
	MHD_add_response_header(r, "Content-Encoding", "gzip");
	enum MHD_Result ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *body,
			      size_t *body_len, void **con_cls)
{
	struct upload *up = *con_cls;
	if (!up) {
		*con_cls = xcalloc(1, sizeof *up);
		return MHD_YES;
	}
	if (*body_len) {
		up->data = xrealloc(up->data, up->len + *body_len + 1);
		memcpy(up->data + up->len, body, *body_len);
		up->len += *body_len;
		up->data[up->len] = '\0';
		*body_len = 0;
		return MHD_YES;
	}
	if (strcmp(url, "/gzip-bomb") == 0)
		return answer_gzip_bomb(c);
	char text[512];
	int status = 200;
	if (strcmp(url, "/slow") == 0)
		usleep(1500 * 1000);
	if (strcmp(url, "/echo") == 0) {
		const char *ua = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "User-Agent");
		const char *x = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Test");
		snprintf(text, sizeof text, "%s %s ua=%s x=%s body=%s", method, url, ua ? ua : "-",
			 x ? x : "-", up->data ? up->data : "");
	} else if (strcmp(url, "/busy") == 0) {
		status = 503;
		snprintf(text, sizeof text, "{\"errorCode\":\"SERVICE_UNAVAILABLE\"}");
	} else {
		snprintf(text, sizeof text, "{\"path\":\"%s\"}", url);
	}
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(r, "Content-Type", "application/json");
	MHD_add_response_header(r, "X-Request-Id", "req_test42");
	if (status == 503)
		MHD_add_response_header(r, "Retry-After", "7");
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode code)
{
	struct upload *up = *con_cls;
	if (up) {
		free(up->data);
		free(up);
	}
	*con_cls = NULL;
}

struct fixture {
	struct MHD_Daemon *daemon;
	char base[64];
	uv_loop_t loop;
	http_client *client;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	f->daemon =
	    MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0,
			     NULL, NULL, answer, NULL, MHD_OPTION_SOCK_ADDR, &addr,
			     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
	if (!f->daemon)
		return -1;
	const union MHD_DaemonInfo *info =
	    MHD_get_daemon_info(f->daemon, MHD_DAEMON_INFO_BIND_PORT);
	snprintf(f->base, sizeof f->base, "http://127.0.0.1:%u", (unsigned)info->port);
	uv_loop_init(&f->loop);
	f->client = http_client_new(&f->loop, "gett-tui-test/1.0");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	http_client_free(f->client);
	uv_run(&f->loop, UV_RUN_DEFAULT); /* lets the close callbacks run */
	int rc = uv_loop_close(&f->loop);
	MHD_stop_daemon(f->daemon);
	free(f);
	return rc == 0 ? 0 : -1; /* a leaked handle fails the test */
}

struct outcome {
	int calls;
	long status;
	int transport_error;
	bool timed_out;
	char error[512];
	char body[512];
	char retry_after[16];
	char request_id[32];
};

static void record(const http_response *resp, void *user)
{
	struct outcome *o = user;
	o->calls++;
	o->status = resp->status;
	o->transport_error = resp->transport_error;
	o->timed_out = resp->timed_out;
	snprintf(o->error, sizeof o->error, "%s", resp->error);
	snprintf(o->body, sizeof o->body, "%s", resp->body);
	snprintf(o->retry_after, sizeof o->retry_after, "%s",
		 resp->retry_after ? resp->retry_after : "");
	snprintf(o->request_id, sizeof o->request_id, "%s",
		 resp->request_id ? resp->request_id : "");
}

static http_request *send_to(struct fixture *f, const char *method, const char *path,
			     const char *body, long timeout_ms, struct outcome *o)
{
	char url[128], err[256];
	snprintf(url, sizeof url, "%s%s", f->base, path);
	http_header h = {"X-Test", "yes"};
	http_request_spec spec = {.method = method,
				  .url = url,
				  .body = body,
				  .body_len = body ? strlen(body) : 0,
				  .headers = &h,
				  .n_headers = 1,
				  .timeout_ms = timeout_ms};
	http_request *req = http_send(f->client, &spec, record, o, err, sizeof err);
	assert_non_null(req);
	return req;
}

static void test_post_body_headers_and_user_agent(void **state)
{
	struct fixture *f = *state;
	struct outcome o = {0};
	send_to(f, "POST", "/echo", "{\"a\":1}", 0, &o);
	assert_int_equal(http_in_flight(f->client), 1);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.status, 200);
	assert_string_equal(o.body, "POST /echo ua=gett-tui-test/1.0 x=yes body={\"a\":1}");
	assert_string_equal(o.request_id, "req_test42");
	assert_int_equal(http_in_flight(f->client), 0);
}

static void test_parallel_requests_and_retry_after(void **state)
{
	struct fixture *f = *state;
	struct outcome a = {0}, b = {0}, c = {0};
	send_to(f, "GET", "/one", NULL, 0, &a);
	send_to(f, "GET", "/busy", NULL, 0, &b);
	send_to(f, "GET", "/two", NULL, 0, &c);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_string_equal(a.body, "{\"path\":\"/one\"}");
	assert_string_equal(c.body, "{\"path\":\"/two\"}");
	assert_int_equal(b.status, 503);
	assert_string_equal(b.retry_after, "7");
}

static void test_timeout_reports_transport_error(void **state)
{
	struct fixture *f = *state;
	struct outcome o = {0};
	send_to(f, "GET", "/slow", NULL, 200, &o);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.status, 0);
	assert_true(o.timed_out);
	assert_int_not_equal(o.transport_error, 0);
	/* Connected, then no answer: the limit that ran out is the request's. */
	char want[128];
	snprintf(want, sizeof want, "no answer from %s within 200 ms", f->base + strlen("http://"));
	assert_string_equal(o.error, want);
}

static void cancel_other(const http_response *resp, void *user)
{
	http_request **other = user;
	http_cancel(*other);
	*other = NULL;
}

static void test_cancelled_request_never_calls_back(void **state)
{
	struct fixture *f = *state;
	struct outcome stale = {0}, fresh = {0};
	http_request *old = send_to(f, "GET", "/slow", NULL, 0, &stale);
	http_cancel(old);
	send_to(f, "GET", "/fresh", NULL, 0, &fresh);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_int_equal(stale.calls, 0);
	assert_int_equal(fresh.calls, 1);

	/* Cancelling from inside another request's callback is allowed too. */
	struct outcome slow = {0};
	http_request *victim = send_to(f, "GET", "/slow", NULL, 0, &slow);
	char url[128], err[128];
	snprintf(url, sizeof url, "%s/quick", f->base);
	http_request_spec spec = {.method = "GET", .url = url};
	assert_non_null(http_send(f->client, &spec, cancel_other, &victim, err, sizeof err));
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_null(victim);
	assert_int_equal(slow.calls, 0);
}

static void test_connection_refused(void **state)
{
	struct fixture *f = *state;
	struct outcome o = {0};
	char err[128];
	/* Port 1 on loopback: nothing listens there. The words say so, without the password. */
	http_request_spec spec = {.method = "GET", .url = "http://qa:pw@127.0.0.1:1/x"};
	assert_non_null(http_send(f->client, &spec, record, &o, err, sizeof err));
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.status, 0);
	assert_int_not_equal(o.transport_error, 0);
	assert_string_equal(o.error,
			    "cannot connect to 127.0.0.1:1: nothing is listening there (connection "
			    "refused)");
}

static void test_url_policy(void **state)
{
	char err[256];
	assert_true(http_url_allowed("https://api.gett-tech.com/v1", err, sizeof err));
	assert_true(http_url_allowed("http://127.0.0.1:8080/v1", err, sizeof err));
	assert_true(http_url_allowed("http://127.9.8.7/", err, sizeof err));
	assert_true(http_url_allowed("http://localhost:9/", err, sizeof err));
	assert_true(http_url_allowed("http://[::1]:9/", err, sizeof err));
	assert_false(http_url_allowed("http://api.gett-tech.com/v1", err, sizeof err));
	assert_non_null(strstr(err, "https://api.gett-tech.com"));
	assert_false(http_url_allowed("http://128.0.0.1/", err, sizeof err));
	assert_false(http_url_allowed("http://127.0.0.1.evil.com/", err, sizeof err));
	assert_false(http_url_allowed("ftp://127.0.0.1/", err, sizeof err));
	assert_false(http_url_allowed("not a url", err, sizeof err));
	/* A URL that does not parse is named without its password. */
	assert_false(http_url_allowed("https://user:s3cret@host:99999/c.json", err, sizeof err));
	if (!strstr(err, "not a valid URL") || strstr(err, "s3cret"))
		fail_msg("err: %s", err);
	assert_true(http_url_is_loopback("http://127.0.0.1:5/"));
	assert_false(http_url_is_loopback("https://api-sandbox.gett-tech.com/"));
	char *trimmed = http_url_trim_slashes("https://h.example/v1//");
	assert_string_equal(trimmed, "https://h.example/v1");
	free(trimmed);
	trimmed = http_url_trim_slashes("https://h.example");
	assert_string_equal(trimmed, "https://h.example");
	free(trimmed);

	struct fixture *f = *state;
	struct outcome o = {0};
	http_request_spec spec = {.method = "GET", .url = "http://example.com/"};
	assert_null(http_send(f->client, &spec, record, &o, err, sizeof err));
	assert_int_equal(http_in_flight(f->client), 0);
}

static void bomb_body_length(const http_response *resp, void *user)
{
	long *got = user;
	got[0] = resp->too_large ? -1 : (long)resp->body_len;
	got[1] = resp->transport_error;
	got[2] = resp->status;
}

/* The cap counts decoded bytes: 16 KiB of gzip that inflate to 16 MiB stop at the cap, with
   nothing kept; with room enough, the whole decoded body arrives. */
static void test_body_cap_counts_decoded_bytes(void **state)
{
	struct fixture *f = *state;
	char url[128], err[256];
	snprintf(url, sizeof url, "%s/gzip-bomb", f->base);
	long got[3] = {0};
	http_request_spec spec = {.method = "GET", .url = url, .max_body = 1 << 20};
	assert_non_null(http_send(f->client, &spec, bomb_body_length, got, err, sizeof err));
	while (!got[1] && !got[2])
		uv_run(&f->loop, UV_RUN_ONCE);
	assert_int_equal(got[0], -1);
	assert_int_not_equal(got[1], 0);
	assert_int_equal(got[2], 0);

	memset(got, 0, sizeof got);
	spec.max_body = 32 << 20;
	assert_non_null(http_send(f->client, &spec, bomb_body_length, got, err, sizeof err));
	while (!got[1] && !got[2])
		uv_run(&f->loop, UV_RUN_ONCE);
	assert_int_equal(got[2], 200);
	assert_int_equal(got[0], (16L << 20) + 1); /* "[0,0,…,0]" */
}

/* URLs shown or logged never carry their credentials; everything else is kept as it was. */
static void test_url_redacted(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
	    {"https://user:secret@api.example/v1?a=b@c", "https://[REDACTED]@api.example/v1?a=b@c"},
	    {"http://a@b:pw@127.0.0.1:8787/", "http://[REDACTED]@127.0.0.1:8787/"},
	    {"https://api.example/path@x", "https://api.example/path@x"},
	    {"https://api.example", "https://api.example"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = http_url_redacted(cases[i][0]);
		assert_string_equal(got, cases[i][1]);
		free(got);
	}
	assert_null(http_url_redacted(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_post_body_headers_and_user_agent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_parallel_requests_and_retry_after, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_timeout_reports_transport_error, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cancelled_request_never_calls_back, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_connection_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_url_policy, setup, teardown),
	    cmocka_unit_test(test_url_redacted),
	    cmocka_unit_test_setup_teardown(test_body_cap_counts_decoded_bytes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * `make bench`: what an oversized answer costs the client (docs/benchmarks.md). A local server
 * sends 16 KiB of gzip that inflate to 16 MiB of JSON; net/http.c fetches it once with a 1 MiB
 * cap (what every endpoint has, at a larger size) and once with room for all of it. Peak RSS
 * (getrusage, a high-water mark, so the capped fetch goes first) and the time of each show
 * that the cap bounds memory and stops the work early.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <uv.h>

#include "bench_common.h"
#include "net/http.h"

#ifndef TEST_DATADIR
#error "TEST_DATADIR must name tests/data (set in Makefile.am)"
#endif

static char *bomb;
static size_t bomb_len;

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *body,
			      size_t *body_len, void **con_cls)
{
	(void)cls, (void)url, (void)method, (void)version, (void)body, (void)body_len;
	(void)con_cls;
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(bomb_len, bomb, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "application/json");
	MHD_add_response_header(r, "Content-Encoding", "gzip");
	enum MHD_Result ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

typedef struct fetch {
	bool done;
	bool too_large;
	size_t body_len;
} fetch;

static void on_done(const http_response *resp, void *user)
{
	fetch *f = user;
	f->done = true;
	f->too_large = resp->too_large;
	f->body_len = resp->body_len;
	if (!resp->too_large && resp->status != 200)
		bench_fail("http: status %ld, %s", resp->status, resp->error);
}

static double peak_rss_mib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0; /* KiB on Linux */
}

/* One fetch: its time, and how far it raised the process's peak RSS. */
static void measure(http_client *client, uv_loop_t *loop, const char *url, size_t cap,
		    const char *label)
{
	char err[256];
	fetch f = {0};
	http_request_spec spec = {.method = "GET", .url = url, .max_body = cap};
	double rss0 = peak_rss_mib(), t0 = bench_now();
	if (!http_send(client, &spec, on_done, &f, err, sizeof err))
		bench_fail("http: %s", err);
	while (!f.done)
		uv_run(loop, UV_RUN_ONCE);
	double ms = (bench_now() - t0) * 1e3;
	if (f.too_large != (cap < (size_t)16 << 20))
		bench_fail("http: the %zu MiB cap %s", cap >> 20,
			   f.too_large ? "stopped a body that fits" : "let the whole body through");
	printf("http: 16 KiB gzip -> 16 MiB JSON, %s: %.1f ms, peak RSS +%.1f MiB, %.1f MiB "
	       "kept\n",
	       label, ms, peak_rss_mib() - rss0, (double)f.body_len / (1024.0 * 1024.0));
}

int main(void)
{
	bomb = bench_read_file(TEST_DATADIR "/gzip-bomb-16MiB.json.gz", &bomb_len);
	struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL,
						answer, NULL, MHD_OPTION_END);
	if (!d)
		bench_fail("http: cannot start the local server");
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%u/bomb", (unsigned)info->port);
	uv_loop_t loop;
	uv_loop_init(&loop);
	http_client *client = http_client_new(&loop, "gett-tui-bench");
	measure(client, &loop, url, (size_t)1 << 20, "capped at 1 MiB");
	measure(client, &loop, url, (size_t)32 << 20, "read whole (32 MiB cap)");
	http_client_free(client);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	MHD_stop_daemon(d);
	free(bomb);
	return 0;
}

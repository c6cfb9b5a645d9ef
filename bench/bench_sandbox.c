/*
 * `make bench`: gett-sandbox over loopback (docs/benchmarks.md). Starts the built
 * SANDBOX_BIN on 127.0.0.1:0 with the demo data, the clock pinned and the rate-limit
 * buckets lifted, then sends a bounded number of requests per endpoint on one
 * keep-alive libcurl easy handle and prints requests/s and p50/p95 latency. Any
 * failed request (transport error, non-200 status, an invalid validate) fails the run.
 *
 * Then memory: a second sandbox with the default --max-sessions and
 * --max-idempotency-entries takes twice its cap of anonymous sessions, then twice its cap
 * of failed places under fresh keys (each a 400 kept for replay), and the resident set
 * (VmRSS) is printed at the start, at each cap and at twice it: bounded tables plateau.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_common.h"
#include "base/money.h"
#include "sandbox_harness.h"

#define PINNED_NOW  "2026-11-18T19:30:00Z" /* a Wednesday, 11:30 in Seattle */
#define UNLIMITED   "1000000000"
#define BUDGET_S    10.0 /* all endpoints together, warm-ups included */
#define DOWNTOWN    "{\"latitude\":47.6062,\"longitude\":-122.3321}"
#define WARMUP	    5
#define MAX_REQUEST 300
/* The sandbox's defaults (sandbox/world.h), which the memory part fills twice over. */
#define SESSION_CAP 10000
#define PLACE_CAP   5000

/* ------------------------------------------------------------------ the sandbox process */

/* Started as the integration tests start it (tests/sandbox_harness.c), with the demo data,
 * the clock pinned and the rate-limit buckets lifted. */
static void server_start(sandbox *sb)
{
	const char *const extra[] = {"--now",
				     PINNED_NOW,
				     "--rate-limit",
				     "read=" UNLIMITED,
				     "--rate-limit",
				     "write=" UNLIMITED,
				     "--rate-limit",
				     "discovery=" UNLIMITED,
				     NULL};
	if (access(SANDBOX_BIN, X_OK) != 0)
		bench_fail("%s is not built", SANDBOX_BIN);
	if (!sandbox_start(sb, DEMO_DATADIR, extra))
		bench_fail("%s did not announce its port", SANDBOX_BIN);
}

/* ------------------------------------------------------------------ requests */

typedef struct client {
	CURL *curl;
	struct curl_slist *headers;
	http_buf body;
	const sandbox *srv;
	long requests, connects; /* connects: new TCP connections, to show keep-alive works */
} client;

static void client_init(client *c, const sandbox *srv)
{
	memset(c, 0, sizeof *c);
	c->srv = srv;
	c->curl = curl_easy_init();
	if (!c->curl)
		bench_fail("curl_easy_init failed");
	c->headers = curl_slist_append(NULL, "Authorization: Bearer " SANDBOX_DEMO_KEY);
	c->headers = curl_slist_append(c->headers, "Accept: application/json");
	c->headers = curl_slist_append(c->headers, "Content-Type: application/json");
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, c->headers);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, http_buf_append);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, &c->body);
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, 5000L);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
}

static void client_clear(client *c)
{
	curl_slist_free_all(c->headers);
	curl_easy_cleanup(c->curl);
	free(c->body.p);
}

/* One request; exits on any failure. Returns its latency in seconds (the transfer only). */
static double request(client *c, const char *method, const char *path, const char *body)
{
	char url[512];
	snprintf(url, sizeof url, "%s%s", c->srv->base_url, path);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	if (body) {
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, method);
	} else {
		curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
		curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, NULL);
	}
	c->body.n = 0;
	double start = bench_now();
	CURLcode rc = curl_easy_perform(c->curl);
	double latency = bench_now() - start;
	long status = 0, connects = 0;
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(c->curl, CURLINFO_NUM_CONNECTS, &connects);
	c->requests++;
	c->connects += connects;
	if (rc != CURLE_OK)
		bench_fail("%s %s: %s", method, path, curl_easy_strerror(rc));
	if (status != 200)
		bench_fail("%s %s: HTTP %ld: %.300s", method, path, status,
			   c->body.p ? c->body.p : "");
	return latency;
}

/* POST `body` with an Idempotency-Key (may be NULL); exits unless the answer is `expect`. */
static void post_expect(client *c, const char *path, const char *body, const char *key, long expect)
{
	char url[512], header[128];
	snprintf(url, sizeof url, "%s%s", c->srv->base_url, path);
	struct curl_slist *headers = NULL;
	for (struct curl_slist *h = c->headers; h; h = h->next)
		headers = curl_slist_append(headers, h->data);
	if (key) {
		snprintf(header, sizeof header, "Idempotency-Key: %s", key);
		headers = curl_slist_append(headers, header);
	}
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, "POST");
	c->body.n = 0;
	CURLcode rc = curl_easy_perform(c->curl);
	long status = 0;
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, c->headers);
	curl_slist_free_all(headers);
	c->requests++;
	if (rc != CURLE_OK)
		bench_fail("POST %s: %s", path, curl_easy_strerror(rc));
	if (status != expect)
		bench_fail("POST %s: HTTP %ld, not %ld: %.300s", path, status, expect,
			   c->body.p ? c->body.p : "");
}

/* The server's resident set in MB (VmRSS of /proc/PID/status). */
static double rss_mb(pid_t pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	if (kb < 0)
		bench_fail("cannot read VmRSS of the sandbox (%s)", path);
	return kb / 1024.0;
}

static char *place_body;

/* Twice each cap of sessions and of failed places; prints the resident set as it goes. */
static void run_memory(void)
{
	sandbox srv;
	server_start(&srv);
	client c;
	client_init(&c, &srv);
	double t0 = bench_now();
	printf("sandbox memory: RSS %.1f MB at start\n", rss_mb(srv.pid));
	for (int i = 1; i <= 2 * SESSION_CAP; i++) {
		post_expect(&c, "/v1/marketplace/session/create", "{}", NULL, 200);
		if (i % SESSION_CAP == 0)
			printf("sandbox memory: RSS %.1f MB after %d anonymous sessions (cap %d)\n",
			       rss_mb(srv.pid), i, SESSION_CAP);
	}
	for (int i = 1; i <= 2 * PLACE_CAP; i++) {
		char key[40];
		snprintf(key, sizeof key, "0b8a6a36-0000-4000-8000-%012d", i);
		post_expect(&c, "/v1/marketplace/orders/place", place_body, key, 400);
		if (i % PLACE_CAP == 0)
			printf("sandbox memory: RSS %.1f MB after %d failed places with fresh keys "
			       "(cap %d)\n",
			       rss_mb(srv.pid), i, PLACE_CAP);
	}
	printf("sandbox memory: %ld requests in %.1f s\n", c.requests, bench_now() - t0);
	client_clear(&c);
	if (sandbox_stop(&srv) != 0)
		bench_fail("gett-sandbox did not exit cleanly on SIGTERM");
}

/* ------------------------------------------------------------------ endpoints */

typedef struct endpoint {
	const char *label;
	const char *method;
	int requests;
	/* Path and body (may be NULL) of request i. */
	void (*prepare)(int i, char *path, size_t n, const char **body);
	/* Optional check of a reply body (outside the timed part). */
	bool (*check)(const char *body);
} endpoint;

static const char *const queries[] = {
    "pizza", "noodles", "coffee", "burger", "bagels", "healthy lunch spots with outdoor seating"};
#define N_QUERIES (sizeof queries / sizeof *queries)
static char *discover_bodies[N_QUERIES];
static char *validate_body;

static void prepare_discover(int i, char *path, size_t n, const char **body)
{
	snprintf(path, n, "/v1/marketplace/stores/discover");
	*body = discover_bodies[(size_t)i % N_QUERIES];
}

static void prepare_store(int i, char *path, size_t n, const char **body)
{
	const json_t *stores = bench_stores();
	const json_t *s = json_array_get(stores, (size_t)i % json_array_size(stores));
	snprintf(path, n, "/v1/marketplace/stores/%s",
		 json_string_value(json_object_get(s, "storeId")));
	*body = NULL;
}

static void prepare_validate(int i, char *path, size_t n, const char **body)
{
	(void)i;
	snprintf(path, n, "/v1/marketplace/orders/validate");
	*body = validate_body;
}

static bool check_validate(const char *body)
{
	json_t *order = json_loads(body, 0, NULL);
	bool ok = json_is_true(json_object_get(order, "isValid"));
	json_decref(order);
	return ok;
}

static void make_bodies(void)
{
	for (size_t i = 0; i < N_QUERIES; i++) {
		json_t *b = json_pack("{s:o, s:s}", "location", json_loads(DOWNTOWN, 0, NULL),
				      "query", queries[i]);
		discover_bodies[i] = json_dumps(b, JSON_COMPACT);
		json_decref(b);
	}
	catalog_set *set = bench_store_catalog(BENCH_PIZZA_STORE);
	const json_t *store = bench_store(BENCH_PIZZA_STORE, NULL);
	line_item pizza;
	bench_pizza_line(set, &pizza);
	json_t *order = json_pack(
	    "{s:{s:O, s:O, s:[o]}, s:s, s:{s:o}, s:{s:s, s:s, s:s, s:s, s:s}}", "cart", "storeId",
	    json_object_get(store, "storeId"), "catalogSetId",
	    json_object_get(store, "catalogSetId"), "lineItems", line_item_to_json(&pizza),
	    "fulfillmentType", "Pickup", "amounts", "tip", money_to_json(0), "customer", "email",
	    "bench@example.com", "firstName", "Ben", "lastName", "Chmark", "phone", "+12065550199",
	    "partnerUserId", "bench");
	if (!order)
		bench_fail("cannot build the validate body");
	validate_body = json_dumps(order, JSON_COMPACT);
	/* A place that fails once priced: the amounts sent (a zero tip) are not the order's. */
	json_object_set_new(order, "payment", json_pack("{s:s}", "type", "gettPayment"));
	place_body = json_dumps(order, JSON_COMPACT);
	json_decref(order);
	line_item_clear(&pizza);
	catalog_set_free(set);
}

static void free_bodies(void)
{
	for (size_t i = 0; i < N_QUERIES; i++)
		free(discover_bodies[i]);
	free(validate_body);
	free(place_body);
}

/* Runs one endpoint within the deadline; prints its line. */
static void run_endpoint(client *c, const endpoint *e, double deadline)
{
	char path[256];
	const char *body;
	for (int i = 0; i < WARMUP; i++) {
		e->prepare(i, path, sizeof path, &body);
		request(c, e->method, path, body);
	}
	double latencies[MAX_REQUEST], total = 0;
	int done = 0;
	while (done < e->requests && bench_now() < deadline) {
		e->prepare(done, path, sizeof path, &body);
		latencies[done] = request(c, e->method, path, body);
		total += latencies[done++];
		if (e->check && !e->check(c->body.p))
			bench_fail("%s: unexpected reply: %.300s", e->label, c->body.p);
	}
	if (done == 0)
		bench_fail("%s: no time left in the %.0f s budget", e->label, BUDGET_S);
	double p50 = bench_percentile(latencies, (size_t)done, 50);
	double p95 = bench_percentile(latencies, (size_t)done, 95);
	printf("sandbox %s: %.0f req/s, p50 %.2f ms, p95 %.2f ms (%d requests%s)\n", e->label,
	       done / total, p50 * 1e3, p95 * 1e3, done,
	       done < e->requests ? ", cut short by the time budget" : "");
}

int main(void)
{
	/* The slow one last: it gets whatever budget the quick ones left. */
	const endpoint endpoints[] = {
	    {"GET /stores/{storeId}", "GET", 300, prepare_store, NULL},
	    {"POST /orders/validate (pizza, pickup)", "POST", 100, prepare_validate,
	     check_validate},
	    {"POST /stores/discover with a query", "POST", 300, prepare_discover, NULL},
	};

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		bench_fail("curl_global_init failed");
	make_bodies();
	sandbox srv;
	double start = bench_now();
	server_start(&srv);
	printf("sandbox start-up to listening: %.0f ms (one run)\n", (bench_now() - start) * 1e3);
	client c;
	client_init(&c, &srv);
	/* Each endpoint gets an equal share of what is left, so a slow one cannot starve the rest.
	 */
	size_t n = sizeof endpoints / sizeof *endpoints;
	double end = bench_now() + BUDGET_S;
	for (size_t i = 0; i < n; i++)
		run_endpoint(&c, &endpoints[i],
			     bench_now() + (end - bench_now()) / (double)(n - i));
	long requests = c.requests, connects = c.connects;
	client_clear(&c);
	bool clean = sandbox_stop(&srv) == 0;
	free_bodies();
	curl_global_cleanup();
	if (!clean)
		bench_fail("gett-sandbox did not exit cleanly on SIGTERM");
	printf("sandbox: %ld requests (warm-up included) over %ld TCP connection(s), stopped "
	       "cleanly by SIGTERM\n",
	       requests, connects);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		bench_fail("curl_global_init failed");
	make_bodies();
	run_memory();
	free_bodies();
	curl_global_cleanup();
	return 0;
}

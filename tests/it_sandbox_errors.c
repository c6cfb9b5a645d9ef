/*
 * Injected and gateway errors of gett-sandbox against the demo data: every --fault KIND on
 * every ENDPOINT name (COUNT honoured: the next request gets its normal answer), `any`, and
 * the rate-limit bucket of each class. Every reply is checked against the §1 conventions and
 * every ProblemDetail against the contract's §5 table (it_sandbox_common.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "it_sandbox_orders.h"

#define SEATTLE	       "{\"location\":{\"latitude\":47.6062,\"longitude\":-122.3321}}"
#define HOLD_MS	       300 /* client time limit against the timeout fault */
#define MAX_FAULT_ARGS 32

/* The --fault KINDs and what a faulted request sees (a status with its errorCode, or none). */
static const struct {
	const char *kind;
	long status;
	const char *code;
} KINDS[] = {
    {"429", 429, "RATE_LIMITED"}, {"500", 500, "INTERNAL_ERROR"},
    {"502", 502, "BAD_GATEWAY"},  {"503", 503, "SERVICE_UNAVAILABLE"},
    {"timeout", 0, NULL},	  {"reset", 0, NULL},
    {"garbage", 200, NULL},	  {"commit-then-reset", 0, NULL},
};
#define N_KINDS (sizeof KINDS / sizeof *KINDS)

static const char *const ENDPOINTS[] = {"session", "discover", "store",
					"catalog", "validate", "place"};
#define N_ENDPOINTS (sizeof ENDPOINTS / sizeof *ENDPOINTS)

/* One request of a route: method, path and body text. */
typedef struct target {
	const char *method;
	char path[160];
	char *body; /* owned, may be NULL */
} target;

static void target_clear(target *t)
{
	free(t->body);
	memset(t, 0, sizeof *t);
}

static json_t *pizza_order(void)
{
	return order_of(PIZZA, json_pack("[o]", line_of(PIZZA, "Tiramisu", 1)), PICKUP, 0);
}

/* A request that the route of fault name `endpoint` answers normally with 200. */
static void target_of(const char *endpoint, const json_t *place_body, target *t)
{
	const json_t *st = store_of(PIZZA);
	memset(t, 0, sizeof *t);
	t->method = "POST";
	if (strcmp(endpoint, "session") == 0) {
		snprintf(t->path, sizeof t->path, "/v1/marketplace/session/create");
		t->body = strdup("{}");
	} else if (strcmp(endpoint, "discover") == 0) {
		snprintf(t->path, sizeof t->path, "/v1/marketplace/stores/discover");
		t->body = strdup(SEATTLE);
	} else if (strcmp(endpoint, "store") == 0) {
		t->method = "GET";
		snprintf(t->path, sizeof t->path, "/v1/marketplace/stores/%s", str(st, "storeId"));
	} else if (strcmp(endpoint, "catalog") == 0) {
		t->method = "GET";
		snprintf(t->path, sizeof t->path, "/v1/marketplace/catalog-sets/%s",
			 str(st, "catalogSetId"));
	} else if (strcmp(endpoint, "validate") == 0) {
		snprintf(t->path, sizeof t->path, VALIDATE);
		json_t *order = pizza_order();
		t->body = json_dumps(order, JSON_COMPACT);
		json_decref(order);
	} else {
		snprintf(t->path, sizeof t->path, PLACE);
		t->body = json_dumps(place_body, JSON_COMPACT);
	}
}

/* What the request saw when the fault `kind` (an index into KINDS) hit it. */
static void assert_faulted(size_t kind, const http_reply *r, const char *path)
{
	char ctype[64];
	if (KINDS[kind].code) {
		assert_int_equal(r->status, KINDS[kind].status);
		assert_conventions(r, path);
		json_t *p = http_json(r);
		assert_problem(p, KINDS[kind].status, KINDS[kind].code);
		if (r->status == 429 || r->status == 503) /* short, so client retries stay quick */
			assert_int_equal(json_integer_value(json_object_get(p, "retryAfter")), 1);
		json_decref(p);
	} else if (strcmp(KINDS[kind].kind, "garbage") == 0) {
		assert_int_equal(r->status, 200);
		assert_string_equal(sandbox_http_header(r, "Content-Type", ctype, sizeof ctype),
				    "application/json");
		assert_true(r->body_len > 0);
		assert_null(http_json(r));
	} else if (strcmp(KINDS[kind].kind, "timeout") == 0) {
		assert_int_equal(r->curl_code, CURLE_OPERATION_TIMEDOUT);
		assert_int_equal(r->status, 0);
	} else { /* reset, commit-then-reset: no HTTP answer at all */
		assert_true(r->curl_code == CURLE_GOT_NOTHING || r->curl_code == CURLE_RECV_ERROR);
		assert_int_equal(r->status, 0);
	}
}

static void start_with_faults(const char *const *specs, size_t n)
{
	const char *args[MAX_FAULT_ARGS] = {"--now", NOW};
	size_t k = 2;
	for (size_t i = 0; i < n && k + 3 < MAX_FAULT_ARGS; i++) {
		args[k++] = "--fault";
		args[k++] = specs[i];
	}
	args[k] = NULL;
	assert_true(sandbox_start(&aux_sb, DEMO_DATADIR, args));
}

/* The faulted request, then the same one answered normally. validate's normal answer makes
   the place body; place's retry uses the same Idempotency-Key, which only commit-then-reset
   has already used. */
static void exercise(size_t kind, const char *endpoint, json_t **place_body, const char *key)
{
	target t;
	http_reply r;
	target_of(endpoint, *place_body, &t);
	const char *idem = strcmp(endpoint, "place") == 0 ? key : NULL;
	send_timed(&aux_sb, t.method, t.path, SANDBOX_DEMO_KEY, t.body, idem, HOLD_MS, &r);
	assert_faulted(kind, &r, t.path);
	http_reply_clear(&r);
	if (strcmp(endpoint, "validate") == 0) {
		*place_body = validated_place_body(&aux_sb, SANDBOX_DEMO_KEY, pizza_order(),
						   card("tok_visa"));
	} else if (strcmp(endpoint, "place") == 0) {
		char v[16];
		send_timed(&aux_sb, t.method, t.path, SANDBOX_DEMO_KEY, t.body, key, 0, &r);
		assert_int_equal(r.status, 200);
		assert_conventions(&r, t.path);
		bool replay = sandbox_http_header(&r, "Idempotent-Replayed", v, sizeof v) != NULL;
		assert_int_equal(replay, strcmp(KINDS[kind].kind, "commit-then-reset") == 0);
		http_reply_clear(&r);
	} else {
		json_decref(
		    send_text(&aux_sb, t.method, t.path, SANDBOX_DEMO_KEY, t.body, NULL, 200));
	}
	target_clear(&t);
}

static void test_every_fault_on_every_endpoint(void **state)
{
	for (size_t kind = 0; kind < N_KINDS; kind++) {
		char specs[N_ENDPOINTS][48];
		const char *spec_ptrs[N_ENDPOINTS];
		for (size_t e = 0; e < N_ENDPOINTS; e++) {
			snprintf(specs[e], sizeof specs[e], "%s:%s:1", ENDPOINTS[e],
				 KINDS[kind].kind);
			spec_ptrs[e] = specs[e];
		}
		start_with_faults(spec_ptrs, N_ENDPOINTS);
		json_t *place_body = NULL;
		char key[37];
		journal_new_key(key);
		for (size_t e = 0; e < N_ENDPOINTS; e++)
			exercise(kind, ENDPOINTS[e], &place_body, key);
		json_decref(place_body);
		assert_int_equal(sandbox_stop(&aux_sb), 0); /* also ends held `timeout` requests */
	}
}

/* `any:KIND:2` hits a route without a fault name of its own and a named one, then stops. */
static void test_any_endpoint(void **state)
{
	const json_t *st = store_of(PIZZA);
	char remove_body[512], store_path[128];
	snprintf(remove_body, sizeof remove_body,
		 "{\"cart\":{\"storeId\":\"%s\",\"catalogSetId\":\"%s\",\"lineItems\":[{\"itemId\":"
		 "\"x\",\"quantity\":1,\"modifierGroups\":[],\"lineItemId\":\"a\"}]},"
		 "\"lineItemId\":\"a\"}",
		 str(st, "storeId"), str(st, "catalogSetId"));
	snprintf(store_path, sizeof store_path, "/v1/marketplace/stores/%s", str(st, "storeId"));
	for (size_t kind = 0; kind < N_KINDS; kind++) {
		char spec[48];
		snprintf(spec, sizeof spec, "any:%s:2", KINDS[kind].kind);
		const char *specs[] = {spec};
		start_with_faults(specs, 1);
		http_reply r;
		send_timed(&aux_sb, "POST", CARTS "remove", SANDBOX_DEMO_KEY, remove_body, NULL,
			   HOLD_MS, &r);
		assert_faulted(kind, &r, CARTS "remove");
		http_reply_clear(&r);
		send_timed(&aux_sb, "GET", store_path, SANDBOX_DEMO_KEY, NULL, NULL, HOLD_MS, &r);
		assert_faulted(kind, &r, store_path);
		http_reply_clear(&r);
		json_decref(
		    send_text(&aux_sb, "GET", store_path, SANDBOX_DEMO_KEY, NULL, NULL, 200));
		json_t *cart = send_text(&aux_sb, "POST", CARTS "remove", SANDBOX_DEMO_KEY,
					 remove_body, NULL, 200);
		assert_int_equal(json_array_size(json_object_get(cart, "lineItems")), 0);
		json_decref(cart);
		assert_int_equal(sandbox_stop(&aux_sb), 0);
	}
}

/* Each class has its own bucket; requests that fail authentication do not count (§1.4). */
static void test_rate_limit_every_class(void **state)
{
	const char *args[] = {
	    "--now",	   NOW, "--rate-limit", "read=1", "--rate-limit", "write=1", "--rate-limit",
	    "discovery=1", NULL};
	assert_true(sandbox_start(&aux_sb, DEMO_DATADIR, args));
	char store_path[128];
	snprintf(store_path, sizeof store_path, "/v1/marketplace/stores/%s",
		 str(store_of(PIZZA), "storeId"));
	const struct {
		const char *method, *path, *body, *alias_method, *alias_path;
	} classes[] = {
	    {"GET", store_path, NULL, "GET", "/v1/marketplace/catalog-sets/x"},
	    {"POST", "/v1/marketplace/session/create", "{}", "POST", PLACE},
	    {"POST", "/v1/marketplace/stores/discover", SEATTLE, "GET",
	     "/v1/marketplace/stores?latitude=47.6&longitude=-122.3"},
	};
	for (size_t i = 0; i < sizeof classes / sizeof *classes; i++) {
		http_reply r;
		send_text_raw(&aux_sb, classes[i].method, classes[i].path, "zpka_wrong",
			      classes[i].body, NULL, &r);
		assert_int_equal(r.status, 401);
		assert_conventions(&r, classes[i].path);
		http_reply_clear(&r);
		send_text_raw(&aux_sb, classes[i].method, classes[i].path, SANDBOX_DEMO_KEY,
			      classes[i].body, NULL, &r);
		assert_int_equal(r.status, 200); /* untouched by the other classes */
		assert_conventions(&r, classes[i].path);
		char v[32];
		assert_string_equal(sandbox_http_header(&r, "X-RateLimit-Remaining", v, sizeof v),
				    "0");
		http_reply_clear(&r);
		/* Another route of the same class finds the bucket empty. */
		bool get = strcmp(classes[i].alias_method, "GET") == 0;
		json_t *p = send_text(&aux_sb, classes[i].alias_method, classes[i].alias_path,
				      SANDBOX_DEMO_KEY, get ? NULL : "{}", NULL, 429);
		assert_problem(p, 429, "RATE_LIMITED");
		json_int_t wait = json_integer_value(json_object_get(p, "retryAfter"));
		assert_true(wait >= 1 && wait <= 60);
		json_decref(p);
	}
	assert_int_equal(sandbox_stop(&aux_sb), 0);
}

static int start_group(void **state)
{
	return demo_data_load() ? 0 : -1;
}

static int stop_group(void **state)
{
	demo_data_free();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_every_fault_on_every_endpoint, stop_aux),
	    cmocka_unit_test_teardown(test_any_endpoint, stop_aux),
	    cmocka_unit_test_teardown(test_rate_limit_every_class, stop_aux),
	};
	return cmocka_run_group_tests(tests, start_group, stop_group);
}

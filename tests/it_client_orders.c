/*
 * Order calls of the API client against gett-sandbox: validate and place on the
 * demo data, the three invalid-order shapes of contract §6 Q9 normalised into
 * one list, and place retried with the same Idempotency-Key through a reset and
 * a commit-then-reset (exactly one order).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "it_client.h"
#include "persist/journal.h"

/* ------------------------------------------------------------------ building orders */

/* The nth item (0-based) of a published catalog that needs no modifier selection. */
static char *simple_item(const char *catalog_set_id, size_t nth)
{
	char path[512];
	snprintf(path, sizeof path, "%s/catalogs/%s.json", DEMO_DATADIR, catalog_set_id);
	catalog_set *set = NULL;
	json_err err;
	assert_true(catalog_set_load_file(path, &set, &err));
	char *found = NULL;
	for (size_t c = 0; c < strmap_count(set->catalogs) && !found; c++) {
		const catalog *cat = strmap_value_at(set->catalogs, c);
		if (!cat->availability.published)
			continue;
		for (size_t s = 0; s < cat->section_ids.n && !found; s++) {
			const catalog_section *sec =
			    catalog_find_section(set, cat->section_ids.v[s]);
			for (size_t i = 0; sec && i < sec->item_ids.n && !found; i++) {
				const catalog_item *item =
				    catalog_find_item(set, sec->item_ids.v[i]);
				bool simple = item != NULL;
				for (size_t g = 0; simple && g < item->modifier_group_ids.n; g++) {
					const modifier_group *mg =
					    catalog_find_group(set, item->modifier_group_ids.v[g]);
					simple = mg && mg->minimum_allowed == 0;
				}
				if (simple && nth-- == 0)
					found = strdup(item->item_id);
			}
		}
	}
	catalog_set_free(set);
	assert_non_null(found);
	return found;
}

static void add_line(cart *c, const char *item_id, long long quantity)
{
	line_item line = {.item_id = strdup(item_id), .quantity = quantity};
	cart_add_line(c, &line);
}

/* A pickup order: line 0 a simple item; line 1 unknown when `bad_line`, else another one. */
static external_order *pickup_order(const char *store_id, const char *catalog_set_id, bool bad_line,
				    money tip)
{
	external_order *o = calloc(1, sizeof *o);
	o->cart = cart_new(store_id, catalog_set_id);
	char *first = simple_item(catalog_set_id, 0), *second = simple_item(catalog_set_id, 1);
	add_line(o->cart, first, 2);
	add_line(o->cart, bad_line ? UNKNOWN_GUID : second, 1);
	free(first);
	free(second);
	o->fulfillment_type = strdup(FULFILLMENT_PICKUP);
	o->amounts = calloc(1, sizeof *o->amounts);
	o->amounts->tip = tip;
	o->amounts->has_tip = true;
	return o;
}

external_order *it_pickup_order(const char *store_id, const char *catalog_set_id, bool bad_line,
				money tip)
{
	return pickup_order(store_id, catalog_set_id, bad_line, tip);
}

/* PlaceOrderRequest = what we validated + the validated amounts and token + a payment
   (a saved card when `payment` is NULL; consumed otherwise). */
static place_order_request *place_request_paid(const external_order *sent,
					       const external_order *validated, json_t *payment)
{
	json_t *j = external_order_to_json(sent);
	json_object_set_new(j, "amounts", amounts_to_json(validated->amounts));
	if (validated->validated_order_token)
		json_object_set_new(j, "validatedOrderToken",
				    json_string(validated->validated_order_token));
	if (!payment)
		payment =
		    json_pack("{s:s, s:s}", "type", "savedCard", "paymentId", DEMO_PAYMENT_ID);
	json_object_set_new(j, "payment", payment);
	json_err err;
	place_order_request *req = place_order_request_from_json(j, &err);
	json_decref(j);
	assert_non_null(req);
	return req;
}

static place_order_request *place_request(const external_order *sent,
					  const external_order *validated)
{
	return place_request_paid(sent, validated, NULL);
}

static api_client *order_client(it_env *env, const char *const *args, bool with_log)
{
	it_start_sandbox(env, args);
	api_settings s = it_settings(env);
	if (with_log)
		s.debug_log = it_open_log(env);
	return it_client(env, &s);
}

/* Validates `o` and returns the server's order (owned). */
static external_order *validate_ok(it_env *env, api_client *client, const external_order *o)
{
	capture c = {0};
	api_validate(client, o, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_true(c.r->order->is_valid);
	assert_non_null(c.r->order->amounts);
	assert_true(c.r->order->amounts->has_total);
	assert_true(c.r->order->amounts->total > 0);
	external_order *validated = c.r->order;
	c.r->order = NULL;
	it_capture_clear(&c);
	return validated;
}

/* Places and returns the gettOrderId (owned); *attempts gets the HTTP attempts. */
static char *place_ok(it_env *env, api_client *client, const place_order_request *req,
		      const char *key, int *attempts)
{
	capture c = {0};
	api_place(client, req, key, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_non_null(c.r->order->gett_order_id);
	char *id = strdup(c.r->order->gett_order_id);
	if (attempts)
		*attempts = c.r->attempts;
	it_capture_clear(&c);
	return id;
}

static void expect_order_readable(it_env *env, api_client *client, const char *id)
{
	capture c = {0};
	api_order_get(client, id, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_string_equal(c.r->order->gett_order_id, id);
	it_capture_clear(&c);
}

/* ------------------------------------------------------------------ happy path */

static void test_validate_and_place(void **state)
{
	it_env *env = *state;
	api_client *client = order_client(env, NULL, false);
	external_order *o = pickup_order(PIZZA_STORE, PIZZA_CATALOG, false, 200);
	external_order *validated = validate_ok(env, client, o);
	assert_int_equal(validated->amounts->tip, 200);
	place_order_request *req = place_request(o, validated);
	char key[37];
	journal_new_key(key);
	char *id = place_ok(env, client, req, key, NULL);
	expect_order_readable(env, client, id);
	/* A journal replay: the same key with the body api_place() sent, byte for byte. */
	char *body = place_order_request_body(req);
	capture c = {0};
	api_place_text(client, body, key, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_string_equal(c.r->order->gett_order_id, id); /* the original answer, no new order */
	it_capture_clear(&c);
	free(body);
	free(id);
	place_order_request_free(req);
	external_order_free(validated);
	external_order_free(o);
}

/* ------------------------------------------------------------------ three invalid shapes */

static void expect_unavailable_line_one(it_env *env, const char *style, long status,
					const char *top_code)
{
	char flag[64];
	snprintf(flag, sizeof flag, "--validation-style=%s", style);
	const char *args[] = {flag, NULL};
	api_client *client = order_client(env, args, false);
	external_order *o = pickup_order(PIZZA_STORE, PIZZA_CATALOG, true, 0);
	capture c = {0};
	api_validate(client, o, it_capture_cb, &c);
	it_wait(env, &c, 1);
	if (c.r->outcome != API_ERR_INVALID)
		fail_msg("%s: outcome %d status %ld: %s", style, c.r->outcome, c.r->status,
			 c.r->message ? c.r->message : "-");
	assert_int_equal(c.r->status, status);
	if (top_code)
		assert_string_equal(c.r->problem->error_code, top_code);
	else
		assert_false(c.r->order->is_valid);
	assert_non_null(c.r->trace_id);
	assert_non_null(c.r->message);
	bool found = false;
	for (size_t i = 0; i < c.r->errors.n; i++) {
		const api_line_error *e = &c.r->errors.v[i];
		assert_int_not_equal(e->line, 0); /* line 0 is fine */
		if (e->line == 1 && strcmp(e->code, "ITEM_UNAVAILABLE") == 0)
			found = true;
	}
	assert_true(found);
	assert_int_equal(c.r->attempts, 1); /* never retried */
	it_capture_clear(&c);
	external_order_free(o);
}

static void test_validation_shape_problem(void **state)
{
	expect_unavailable_line_one(*state, "problem", 400, "ITEM_UNAVAILABLE");
}

static void test_validation_shape_inline(void **state)
{
	expect_unavailable_line_one(*state, "inline", 200, NULL);
}

static void test_validation_shape_422(void **state)
{
	expect_unavailable_line_one(*state, "422", 422, "VALIDATION_FAILED");
}

static void test_tip_not_accepted_names_the_field(void **state)
{
	it_env *env = *state;
	api_client *client = order_client(env, NULL, false);
	external_order *o = pickup_order(COFFEE_STORE, COFFEE_CATALOG, false, 100);
	capture c = {0};
	api_validate(client, o, it_capture_cb, &c);
	it_wait(env, &c, 1);
	assert_int_equal(c.r->outcome, API_ERR_INVALID);
	bool found = false;
	for (size_t i = 0; i < c.r->errors.n; i++) {
		const api_line_error *e = &c.r->errors.v[i];
		if (e->field && strcmp(e->field, "$.amounts.tip") == 0) {
			assert_int_equal(e->line, -1);
			found = true;
		}
	}
	assert_true(found);
	it_capture_clear(&c);
	external_order_free(o);
}

/* ------------------------------------------------------------------ place through faults */

/* Every Idempotency-Key line in the log carries `key`; returns how many there are. */
static int key_lines(it_env *env, const char *key)
{
	char *log = it_read_log(env);
	int n = 0;
	for (char *p = log; (p = strstr(p, "Idempotency-Key: ")); p++, n++)
		assert_int_equal(strncmp(p + strlen("Idempotency-Key: "), key, 36), 0);
	free(log);
	return n;
}

static void place_through_fault(it_env *env, const char *fault)
{
	const char *args[] = {"--fault", fault, NULL};
	api_client *owner = order_client(env, args, true);
	external_order *o = pickup_order(PIZZA_STORE, PIZZA_CATALOG, false, 0);
	external_order *validated = validate_ok(env, owner, o);
	place_order_request *req = place_request(o, validated);
	api_settings s = it_settings(env);
	s.debug_log = env->log;
	api_client *client = it_fresh_token_client(env, owner, &s);
	char key[37];
	journal_new_key(key);
	int attempts = 0;
	char *id = place_ok(env, client, req, key, &attempts);
	assert_int_equal(attempts, 2); /* the dropped attempt, then the one that answered */
	assert_int_equal(key_lines(env, key), 2);
	expect_order_readable(env, client, id);
	char *replay = place_ok(env, client, req, key, &attempts);
	assert_int_equal(attempts, 1);
	assert_string_equal(replay, id);
	free(replay);
	free(id);
	place_order_request_free(req);
	external_order_free(validated);
	external_order_free(o);
}

static void test_place_retried_after_reset_keeps_one_order(void **state)
{
	place_through_fault(*state, "place:reset:1");
}

static void test_place_commit_then_reset_replays_the_order(void **state)
{
	place_through_fault(*state, "place:commit-then-reset:1");
}

static void test_place_without_key_is_refused_locally(void **state)
{
	it_env *env = *state;
	api_client *client = order_client(env, NULL, true);
	external_order *o = pickup_order(PIZZA_STORE, PIZZA_CATALOG, false, 0);
	json_t *j = external_order_to_json(o);
	json_object_set_new(j, "payment", json_pack("{s:s}", "type", "gettPayment"));
	json_err err;
	place_order_request *req = place_order_request_from_json(j, &err);
	json_decref(j);
	assert_non_null(req);
	capture c = {0};
	api_place(client, req, NULL, it_capture_cb, &c);
	it_wait(env, &c, 1);
	assert_int_equal(c.r->outcome, API_ERR_REQUEST);
	assert_int_equal(c.r->attempts, 0);
	it_capture_clear(&c);
	it_expect_log(env, NULL, IT_TEXTS("/orders/place")); /* nothing was sent */
	place_order_request_free(req);
	external_order_free(o);
}

/* ------------------------------------------------------------------ payment outcomes */

/* Places with a cardOnFile token (contract §4.8 magic tokens) and returns the result. */
static api_result *place_with_card(it_env *env, const char *card_token)
{
	api_settings s = it_settings(env);
	retry_policy payment = {
	    .max_attempts = 3, .base_delay_ms = 40, .max_delay_ms = 120, .max_wait_ms = 120000};
	s.payment_policy = &payment;
	it_start_sandbox(env, NULL);
	api_client *client = it_client(env, &s);
	external_order *o = pickup_order(PIZZA_STORE, PIZZA_CATALOG, false, 0);
	external_order *validated = validate_ok(env, client, o);
	json_t *card = json_pack("{s:s, s:s, s:s}", "type", "cardOnFile", "cardToken", card_token,
				 "processorType", "stripe");
	place_order_request *req = place_request_paid(o, validated, card);
	char key[37];
	journal_new_key(key);
	capture c = {0};
	api_place(client, req, key, it_capture_cb, &c);
	it_wait(env, &c, 1);
	api_result *r = c.r;
	place_order_request_free(req);
	external_order_free(validated);
	external_order_free(o);
	return r;
}

static void test_payment_failed_is_retried_with_the_same_key(void **state)
{
	api_result *r = place_with_card(*state, "tok_fail");
	if (r->outcome != API_OK)
		fail_msg("place: %s", r->message ? r->message : "-");
	assert_true(r->attempts >= 2);
	assert_non_null(r->order->gett_order_id);
	api_result_free(r);
}

static void test_payment_declined_is_never_retried(void **state)
{
	api_result *r = place_with_card(*state, "tok_decline");
	assert_int_equal(r->outcome, API_ERR_HTTP);
	assert_string_equal(r->problem->error_code, "PAYMENT_DECLINED");
	assert_int_equal(r->attempts, 1);
	api_result_free(r);
}

#define T(f) cmocka_unit_test_setup_teardown(f, it_setup, it_teardown)

void it_client_orders_tests(it_tests *all)
{
	static const struct CMUnitTest tests[] = {
	    T(test_validate_and_place),
	    T(test_validation_shape_problem),
	    T(test_validation_shape_inline),
	    T(test_validation_shape_422),
	    T(test_tip_not_accepted_names_the_field),
	    T(test_place_retried_after_reset_keeps_one_order),
	    T(test_place_commit_then_reset_replays_the_order),
	    T(test_place_without_key_is_refused_locally),
	    T(test_payment_failed_is_retried_with_the_same_key),
	    T(test_payment_declined_is_never_retried),
	};
	it_tests_add(all, tests, sizeof tests / sizeof *tests);
}

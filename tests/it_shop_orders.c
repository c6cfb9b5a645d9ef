/*
 * Checkout and placing through the shop against gett-sandbox: validation with the
 * server's amounts, tips, the minimum order, exactly-once placing through dropped
 * connections and a simulated crash (journal replay), ORDER_TOTAL_DIFFERENT and
 * the 14-minute re-validation rule.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "persist/cart_file.h"
#include "it_shop.h"
#include "persist/journal.h"

/* ------------------------------------------------------------------ helpers */

/* The sandbox started, and a shop with the default settings and one pizza, validated for
   `mode`. */
static shop *started_with_pizza(shop_env *env, shop_mode mode)
{
	env_start(env, NULL, NULL);
	shop_settings set = env_settings(env);
	return validated_pizza(env, &set, mode, 1);
}

/* The same with a validation that may be 5 ms old, left to grow older than that: placing
   checks the order again first. */
static shop *started_with_stale_pizza(shop_env *env, shop_mode mode)
{
	env_start(env, NULL, NULL);
	shop_settings set = env_settings(env);
	set.validation_max_age_ms = 5;
	shop *s = validated_pizza(env, &set, mode, 1);
	run_for(env, 20);
	return s;
}

static money formula(const amounts *a)
{
	return a->sub_total + a->fees - a->promotions + a->taxes + a->adjustments + a->tip;
}

/* Reads the order back from the server. */
static void expect_order_exists(shop_env *env, const char *id)
{
	capture c = {0};
	api_order_get(env->api, id, capture_cb, &c);
	await(env, &c);
	assert_int_equal(c.r->outcome, API_OK);
	assert_string_equal(c.r->order->gett_order_id, id);
	api_result_free(c.r);
}

static size_t pending_entries(shop_env *env)
{
	char err[256];
	journal *j = env_open_journal();
	journal_entry *v;
	size_t n;
	assert_true(journal_pending(j, env->sb.base_url, &v, &n, NULL, err, sizeof err));
	journal_entries_free(v, n);
	journal_close(j);
	return n;
}

/* The only journal file's text (caller frees). */
static char *journal_file(shop_env *env)
{
	char dir[128], path[400];
	snprintf(dir, sizeof dir, "%s/state/gett-tui/journal", env->dir);
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *de;
	int files = 0;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.') {
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
			files++;
		}
	closedir(d);
	assert_int_equal(files, 1);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char *text = calloc(1, 65536);
	assert_true(fread(text, 1, 65535, f) > 0);
	fclose(f);
	return text;
}

/* ------------------------------------------------------------------ validation */

static void test_checkout_validates_with_server_amounts(void **state)
{
	shop_env *env = *state;
	shop *s = env_pizza_shop(env, NULL, 2);
	shop_checkout_begin(s);
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_RUNNING);
	assert_int_equal(shop_checkout_mode(s), SHOP_MODE_DELIVERY); /* the discovery mode */
	assert_int_equal(shop_checkout_address(s), 0);
	expect_valid(env, s);
	const external_order *o = shop_validated_order(s);
	const amounts *a = o->amounts;
	assert_true(a->has_total && a->has_sub_total);
	assert_int_equal(a->total, formula(a));
	money estimate = 0;
	assert_true(shop_cart_estimate(s, &estimate));
	assert_int_equal(a->sub_total, estimate);
	assert_int_equal(shop_amount_warnings(s)->n, 0);
	assert_non_null(o->validated_order_token);
	assert_int_equal(shop_line_errors(s)->n, 0);
	assert_null(shop_validation_message(s));
	money delivery_fees = a->fees;

	shop_checkout_set_mode(s, SHOP_MODE_PICKUP);
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_RUNNING);
	expect_valid(env, s);
	a = shop_validated_order(s)->amounts;
	assert_int_equal(a->total, formula(a));
	assert_true(a->fees < delivery_fees); /* no delivery fee */
	assert_int_equal(count_requests(env, "POST", "/orders/validate"), 2);
}

static void test_tip_change_revalidates(void **state)
{
	shop_env *env = *state;
	shop *s = started_with_pizza(env, SHOP_MODE_PICKUP);
	assert_true(shop_checkout_tips_allowed(s));
	money before = shop_validated_order(s)->amounts->total;
	int validations = count_requests(env, "POST", "/orders/validate");
	assert_true(shop_checkout_set_tip(s, 250));
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_RUNNING);
	assert_null(shop_validated_order(s)); /* the old amounts are not final any more */
	expect_valid(env, s);
	const amounts *a = shop_validated_order(s)->amounts;
	assert_int_equal(a->tip, 250);
	assert_int_equal(a->total, before + 250);
	assert_int_equal(count_requests(env, "POST", "/orders/validate"), validations + 1);
	assert_true(shop_checkout_set_tip(s, 250)); /* unchanged: nothing to do */
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_VALID);
	assert_false(shop_checkout_set_tip(s, -1));
	assert_int_equal(shop_checkout_tip(s), 250);
}

static void test_tip_refused_where_not_accepted(void **state)
{
	shop_env *env = *state;
	shop *s = env_demo_shop(env);
	checkout_simple_line(env, s, COFFEE_STORE, 1);
	expect_valid(env, s);
	assert_false(shop_checkout_tips_allowed(s));
	assert_false(shop_checkout_set_tip(s, 100));
	assert_int_equal(shop_checkout_tip(s), 0);
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_VALID); /* nothing changed */
	assert_true(shop_checkout_set_tip(s, 0));
	assert_int_equal(count_requests(env, "POST", "/orders/validate"), 1);
}

static void test_minimum_order_is_reported(void **state)
{
	shop_env *env = *state;
	shop *s = env_demo_shop(env);
	checkout_simple_line(env, s, RAMEN_STORE, 1); /* a small plate, under the $15 minimum */
	wait_idle(env, s);
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_INVALID);
	assert_null(shop_validated_order(s));
	assert_non_null(shop_validation_message(s));
	shop_place(s); /* nothing valid to place */
	assert_int_equal(shop_busy(s), 0);
	expect_place_state(s, SHOP_PLACE_IDLE);
	assert_int_equal(count_requests(env, "POST", "/orders/place"), 0);

	shop_cart_set_quantity(s, 0, 3); /* re-validates by itself in checkout */
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_RUNNING);
	expect_valid(env, s);
	assert_true(shop_validated_order(s)->amounts->sub_total >= 1500);
}

/* ------------------------------------------------------------------ placing */

static void test_place_clears_cart_and_finishes_journal(void **state)
{
	shop_env *env = *state;
	shop *s = started_with_pizza(env, SHOP_MODE_DELIVERY);
	assert_true(env_cart_file_exists(env));
	shop_place(s);
	expect_place_state(s, SHOP_PLACE_SENDING);
	assert_int_equal(pending_entries(env), 1); /* journaled before the request */
	wait_idle(env, s);
	expect_place_state(s, SHOP_PLACE_DONE);
	const external_order *placed = shop_placed_order(s);
	assert_non_null(placed);
	assert_non_null(placed->gett_order_id);
	char *id = strdup(placed->gett_order_id);
	assert_int_equal(shop_cart(s)->n_lines, 0);
	assert_false(env_cart_file_exists(env));
	assert_int_equal(pending_entries(env), 0);
	char *entry = journal_file(env);
	assert_non_null(strstr(entry, "\"state\":\"placed\""));
	assert_non_null(strstr(entry, id));
	free(entry);
	char keys[4][37];
	assert_int_equal(place_keys(env, keys, 4), 1);
	assert_true(shop_notice(s) == NULL || !strstr(shop_notice(s), keys[0]));

	shop_order_refresh(s);
	wait_idle(env, s);
	assert_string_equal(shop_placed_order(s)->gett_order_id, id);
	assert_non_null(shop_placed_order(s)->status);
	free(id);
}

/*
 * Exactly one order through dropped connections: every retry reuses the key, and replaying
 * the journaled body with that key returns the same order. libcurl silently re-sends a
 * request whose reused keep-alive connection dies before any answer, on another pooled
 * connection when there is one, so here the drops may all be absorbed below the API client
 * (same headers, same key) and the log may show a single send. That the API client's own
 * retry keeps the key is pinned on a fresh client, with no pool, in it_client_orders.c.
 */
static void place_through_fault(shop_env *env, const char *fault)
{
	const char *args[] = {"--fault", fault, NULL};
	env_start(env, NULL, args);
	shop_settings set = env_settings(env);
	shop *s = validated_pizza(env, &set, SHOP_MODE_PICKUP, 1);
	expect_place_ends(env, s, SHOP_PLACE_DONE);
	char *id = strdup(shop_placed_order(s)->gett_order_id);
	char keys[8][37];
	int sent = place_keys(env, keys, 8);
	assert_true(sent >= 1);
	for (int i = 1; i < sent; i++)
		assert_string_equal(keys[i], keys[0]);
	expect_order_exists(env, id);

	char *text = journal_file(env);
	json_t *entry = json_loads(text, 0, NULL);
	free(text);
	assert_string_equal(json_string_value(json_object_get(entry, "idempotencyKey")), keys[0]);
	capture c = {0};
	api_place_text(env->api, json_string_value(json_object_get(entry, "body")), keys[0],
		       capture_cb, &c);
	await(env, &c);
	assert_int_equal(c.r->outcome, API_OK);
	assert_string_equal(c.r->order->gett_order_id, id); /* the same order, not a second */
	api_result_free(c.r);
	json_decref(entry);
	free(id);
}

static void test_place_through_reset_is_one_order(void **state)
{
	place_through_fault(*state, "place:reset:2");
}

static void test_place_commit_then_reset_is_one_order(void **state)
{
	place_through_fault(*state, "place:commit-then-reset:2");
}

static void test_resume_after_crash_places_once(void **state)
{
	shop_env *env = *state;
	shop *s = started_with_pizza(env, SHOP_MODE_PICKUP);
	char *body = place_body_of(s, &env->payment);
	char err[512] = "", key[JOURNAL_KEY_LEN + 1];
	journal *j = env_open_journal();
	journal_new_key(key);
	assert_true(journal_begin(j, key, env->sb.base_url, body, err, sizeof err));
	journal_close(j);
	free(body);
	env_free_shop(env, s); /* the crash: nothing was sent */
	assert_int_equal(count_requests(env, "POST", "/orders/place"), 0);

	shop *again = env_default_shop(env);
	assert_int_equal(shop_cart(again)->n_lines, 1);
	assert_int_equal(shop_resume_pending(again), 1);
	assert_int_equal(shop_resume_pending(again), 0); /* already under way */
	wait_idle(env, again);
	expect_place_state(again, SHOP_PLACE_DONE);
	const external_order *placed = shop_placed_order(again);
	assert_non_null(placed);
	expect_order_exists(env, placed->gett_order_id);
	char keys[4][37];
	assert_int_equal(place_keys(env, keys, 4), 1);
	assert_string_equal(keys[0], key);
	assert_int_equal(pending_entries(env), 0);
	assert_int_equal(shop_cart(again)->n_lines, 0); /* that cart is the placed order */
	assert_false(env_cart_file_exists(env));

	assert_int_equal(shop_resume_pending(again), 0);
	wait_idle(env, again);
	assert_int_equal(count_requests(env, "POST", "/orders/place"), 1);
}

/* A copy of the demo data where the pizza store taxes at 20 %, so the amounts a client
   validated before a restart no longer match what the server computes. */
static void pricier_data(shop_env *env, char *dir, size_t n)
{
	snprintf(dir, n, "%s/data", env->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	char from[512], to[512];
	snprintf(from, sizeof from, "%s/catalogs", DEMO_DATADIR);
	snprintf(to, sizeof to, "%s/catalogs", dir);
	assert_int_equal(symlink(from, to), 0);
	snprintf(from, sizeof from, "%s/users.json", DEMO_DATADIR);
	snprintf(to, sizeof to, "%s/users.json", dir);
	assert_int_equal(symlink(from, to), 0);
	snprintf(from, sizeof from, "%s/stores.json", DEMO_DATADIR);
	json_t *root = json_load_file(from, 0, NULL);
	assert_non_null(root);
	json_t *stores = json_object_get(root, "stores"), *st;
	size_t i;
	bool found = false;
	json_array_foreach (stores, i, st) {
		if (strcmp(json_string_value(json_object_get(st, "storeId")), PIZZA_STORE) != 0)
			continue;
		json_object_set_new(json_object_get(st, "_sandbox"), "taxRateBasisPoints",
				    json_integer(2000));
		found = true;
	}
	assert_true(found);
	snprintf(to, sizeof to, "%s/stores.json", dir);
	assert_int_equal(json_dump_file(root, to, 0), 0);
	json_decref(root);
}

/*
 * ORDER_TOTAL_DIFFERENT: validate, then restart the sandbox on the same port with a higher
 * tax rate (the validatedOrderToken is stateless, so it is still accepted; the session is
 * re-created after its 401). Place must not go through: the shop re-validates and asks.
 */
static void test_total_different_needs_confirmation(void **state)
{
	shop_env *env = *state;
	shop *s = started_with_pizza(env, SHOP_MODE_PICKUP);
	money confirmed = shop_validated_order(s)->amounts->total;
	char data[128];
	pricier_data(env, data, sizeof data);
	unsigned port = env->sb.port;
	env_stop_sandbox(env);
	env_restart_sandbox(env, data, port);

	shop_place(s);
	expect_place_state(s, SHOP_PLACE_SENDING);
	wait_idle(env, s);
	expect_place_state(s, SHOP_PLACE_NEEDS_CONFIRMATION);
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_VALID);
	const amounts *now = shop_validated_order(s)->amounts;
	assert_true(now->total > confirmed);
	assert_int_equal(now->total, formula(now));
	money new_total = now->total; /* `now` goes with the validation */
	assert_null(shop_placed_order(s));
	assert_int_equal(pending_entries(env), 0); /* the refused attempt is settled */
	char keys[6][37];
	int sent = place_keys(env, keys, 6); /* 1, or 2 when the restart's 401 was retried */
	assert_true(sent == 1 || sent == 2);
	assert_string_equal(keys[0], keys[sent - 1]);

	shop_place(s); /* the user confirmed the new amounts */
	wait_idle(env, s);
	expect_place_state(s, SHOP_PLACE_DONE);
	assert_int_equal(shop_placed_order(s)->amounts->total, new_total);
	assert_int_equal(place_keys(env, keys, 6), sent + 1);
	assert_string_not_equal(keys[0], keys[sent]); /* a changed body is a new key */
}

static void test_old_validation_is_renewed_before_placing(void **state)
{
	shop_env *env = *state;
	shop *s = started_with_stale_pizza(env, SHOP_MODE_PICKUP);
	int validations = count_requests(env, "POST", "/orders/validate");
	shop_place(s);
	expect_place_state(s, SHOP_PLACE_REVALIDATING);
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_RUNNING);
	wait_idle(env, s);
	expect_place_state(s, SHOP_PLACE_DONE); /* same amounts: goes on */
	assert_int_equal(count_requests(env, "POST", "/orders/validate"), validations + 1);
	assert_int_equal(count_requests(env, "POST", "/orders/place"), 1);
	env_free_shop(env, s);

	shop_settings plain = env_settings(env);
	shop *fresh = validated_pizza(env, &plain, SHOP_MODE_PICKUP, 1);
	validations = count_requests(env, "POST", "/orders/validate");
	shop_place(fresh);
	expect_place_state(fresh, SHOP_PLACE_SENDING); /* recent enough */
	wait_idle(env, fresh);
	expect_place_state(fresh, SHOP_PLACE_DONE);
	assert_int_equal(count_requests(env, "POST", "/orders/validate"), validations);
	assert_int_equal(count_requests(env, "POST", "/orders/place"), 2);
}

/* The order in flight is what was confirmed; a line added meanwhile stays in the cart. */
static void test_cart_changed_while_placing_is_kept(void **state)
{
	shop_env *env = *state;
	shop *s = started_with_pizza(env, SHOP_MODE_PICKUP);
	shop_place(s);
	expect_place_state(s, SHOP_PLACE_SENDING);
	line_item more = simple_line(s, 1, BYO_PIZZA);
	assert_int_equal(shop_cart_add(s, &more, false), SHOP_CART_OK);
	expect_place_state(s, SHOP_PLACE_SENDING);
	wait_idle(env, s);
	expect_place_state(s, SHOP_PLACE_DONE);
	const external_order *placed = shop_placed_order(s);
	assert_int_equal(placed->cart->n_lines, 1);
	assert_int_equal(shop_cart(s)->n_lines, 2); /* not the order that was placed */
	assert_true(env_cart_file_exists(env));
	assert_false(shop_checkout_active(s));
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_NONE);
}

/*
 * CATALOGSET_NOT_FOUND (or ITEM_UNAVAILABLE) at validate means the menu changed since the cart
 * was made: the shop reads the store (and its current set) again, once, re-checks the lines
 * and tells the user; a second verdict of the same kind does not start another read.
 */
static void test_unavailable_item_reads_the_menu_again(void **state)
{
	shop_env *env = *state;
	/* The client's menu says the pizza can be ordered; the server no longer knows it. */
	const char *rules[] = {
	    "{\"method\": \"POST\", \"path\": \"/orders/validate$\", \"status\": 404,"
	    " \"body\": {\"title\": \"Not found\", \"status\": 404,"
	    " \"errorCode\": \"CATALOGSET_NOT_FOUND\", \"detail\": \"No such catalog set.\"}}",
	    NULL};
	shop *s = env_pizza_shop(env, rules, 1);
	char path[128];
	snprintf(path, sizeof path, "/stores/%s", PIZZA_STORE);
	int reads = count_requests(env, "GET", path);
	shop_checkout_begin(s);
	wait_idle(env, s);
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_FAILED);
	assert_int_equal(count_requests(env, "GET", path), reads + 1); /* read again, once */
	assert_int_equal(shop_cart(s)->n_lines, 1);		       /* kept */
	/* The same verdict again (a new validation of the unchanged cart): no second read. */
	shop_checkout_set_instructions(s, "ring twice");
	wait_idle(env, s);
	assert_int_equal(count_requests(env, "GET", path), reads + 1);
}

/*
 * A real server may answer a place with 409 ORDER_ALREADY_PLACED that the journal cannot
 * explain (the proxy turns the sandbox's answer into one). The order exists: never "not
 * placed", never sent again, the entry recorded as placed, the cart ended, and the user told
 * to check before ordering again, with the support ids.
 */
static void unexplained_conflict(shop_env *env, const char *code)
{
	char rule[512];
	snprintf(rule, sizeof rule,
		 "{\"method\": \"POST\", \"path\": \"/orders/place$\", \"times\": 1, "
		 "\"status\": 409, \"body\": {\"type\": \"about:blank\", \"title\": null, "
		 "\"status\": 409, \"errorCode\": \"%s\", \"retryable\": false, "
		 "\"requestId\": \"req_409\", \"detail\": \"This cart was already turned into "
		 "an order.\"}}",
		 code);
	const char *rules[] = {rule, NULL};
	env_start_proxied(env, rules);
	shop_settings set = env_settings(env);
	shop *s = validated_pizza(env, &set, SHOP_MODE_PICKUP, 1);
	expect_place_ends(env, s, SHOP_PLACE_ALREADY_PLACED);
	const char *notice = shop_notice(s);
	assert_non_null(notice);
	assert_non_null(strstr(notice, "already placed"));
	assert_null(strstr(notice, "not placed"));
	assert_non_null(shop_notice_support(s));
	assert_non_null(strstr(shop_notice_support(s), "req_409"));
	assert_int_equal(shop_cart(s)->n_lines, 0);
	char keys[4][37];
	assert_int_equal(place_keys(env, keys, 4), 1); /* never sent again */

	char err[256];
	journal *j = journal_open(NULL, err, sizeof err);
	journal_entry *v;
	size_t n;
	assert_true(journal_list(j, env_base_url(env), JOURNAL_STATE_PLACED, &v, &n, NULL, err,
				 sizeof err));
	assert_int_equal(n, 1);
	assert_string_equal(v[0].key, keys[0]);
	journal_entries_free(v, n);
	assert_true(journal_pending(j, env_base_url(env), &v, &n, NULL, err, sizeof err));
	assert_int_equal(n, 0);
	journal_entries_free(v, n);
	journal_close(j);
}

static void test_unexplained_already_placed_is_not_a_refusal(void **state)
{
	unexplained_conflict(*state, "ORDER_ALREADY_PLACED");
}

/* §5 CONFLICT, the generic 409: "treat as done; read state", never "not placed". */
static void test_generic_conflict_is_not_a_refusal(void **state)
{
	unexplained_conflict(*state, "CONFLICT");
}

/*
 * What the user said yes to is what is sent, or nothing is: a choice changed while the
 * order is checked again before placing (an older validation) stops the place, even when
 * the amounts come back the same; leaving checkout meanwhile stops it too (never stuck).
 */
static void test_change_while_rechecking_is_not_placed(void **state)
{
	shop_env *env = *state;
	shop *s = started_with_stale_pizza(env, SHOP_MODE_DELIVERY);
	shop_place(s);
	expect_place_state(s, SHOP_PLACE_REVALIDATING);
	shop_checkout_set_address(s, 1); /* same fee, another door */
	expect_place_state(s, SHOP_PLACE_IDLE);
	assert_non_null(strstr(shop_notice(s), "Not placed"));
	wait_idle(env, s);
	expect_place_state(s, SHOP_PLACE_IDLE);
	assert_int_equal(count_requests(env, "POST", "/orders/place"), 0);

	run_for(env, 20);
	shop_place(s);
	expect_place_state(s, SHOP_PLACE_REVALIDATING);
	shop_checkout_end(s);
	expect_place_state(s, SHOP_PLACE_IDLE);
	wait_idle(env, s);
	assert_int_equal(count_requests(env, "POST", "/orders/place"), 0);
}

/* A yes given to a question about an order that changed since places nothing. */
static void test_stale_yes_asks_again(void **state)
{
	shop_env *env = *state;
	shop *s = started_with_pizza(env, SHOP_MODE_DELIVERY);
	unsigned asked = shop_checkout_generation(s);
	shop_cart_set_quantity(s, 0, 2); /* re-validated while the question was up */
	wait_idle(env, s);
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_VALID);
	shop_place_confirmed(s, asked);
	expect_place_state(s, SHOP_PLACE_NEEDS_CONFIRMATION);
	wait_idle(env, s);
	assert_int_equal(count_requests(env, "POST", "/orders/place"), 0);
	shop_place_confirmed(s, shop_checkout_generation(s));
	wait_idle(env, s);
	expect_place_state(s, SHOP_PLACE_DONE);
	assert_int_equal(shop_placed_order(s)->cart->lines[0].quantity, 2);
}

/* PAYMENT_FAILED once the retries are spent is an answer: not placed, another card goes. */
static void test_payment_failed_lets_another_card_pay(void **state)
{
	shop_env *env = *state;
	env->fast.max_attempts = 1;
	env_start(env, NULL, NULL);
	const shop_payment cards[] = {
	    {.label = "flaky card",
	     .info = {.type = "cardOnFile", .card_token = "tok_fail", .processor_type = "stripe"}},
	    {.label = "visa 4242", .info = {.type = "savedCard", .payment_id = DEMO_PAYMENT_ID}},
	};
	shop_settings set = env_settings(env);
	set.payments = cards;
	set.n_payments = 2;
	shop *s = validated_pizza(env, &set, SHOP_MODE_PICKUP, 1);
	expect_place_ends(env, s, SHOP_PLACE_FAILED);
	shop_checkout_set_payment(s, 1);
	expect_place_state(s, SHOP_PLACE_IDLE);
	wait_idle(env, s);
	expect_place_ends(env, s, SHOP_PLACE_DONE);
	assert_int_equal(pending_entries(env), 0);
}

/* A pending entry past the server's 24 h deduplication is never sent again: the user is told
   once, and it is recorded as abandoned so the next start does not tell it again. */
static void test_too_old_pending_entry_is_told_once(void **state)
{
	shop_env *env = *state;
	env_start(env, NULL, NULL);
	char key[JOURNAL_KEY_LEN + 1], when[32], dir[160], path[256];
	journal_new_key(key);
	time_t then = time(NULL) - 25 * 3600;
	struct tm tm;
	gmtime_r(&then, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	env_free_shop(env, env_default_shop(env)); /* creates the journal directory */
	snprintf(dir, sizeof dir, "%s/state/gett-tui/journal", env->dir);
	snprintf(path, sizeof path, "%s/%s.json", dir, key);
	json_t *entry = json_pack("{si ss ss ss ss ss}", "version", 1, "idempotencyKey", key,
				  "baseUrl", env->sb.base_url, "body",
				  "{\"cart\":{\"storeId\":\"" PIZZA_STORE "\",\"lineItems\":[]}}",
				  "createdAt", when, "state", "pending");
	assert_int_equal(json_dump_file(entry, path, 0), 0);
	json_decref(entry);

	shop *s = env_default_shop(env);
	shop_resume_pending(s);
	wait_idle(env, s);
	assert_non_null(shop_notice(s));
	assert_non_null(strstr(shop_notice(s), "too old"));
	assert_int_equal(count_requests(env, "POST", "/orders/place"), 0);
	assert_int_equal(pending_entries(env), 0);
	env_free_shop(env, s);

	s = env_default_shop(env);
	shop_resume_pending(s);
	wait_idle(env, s);
	assert_true(shop_notice(s) == NULL || !strstr(shop_notice(s), "too old"));
	assert_int_equal(count_requests(env, "POST", "/orders/place"), 0);
}

/* A request replayed at start-up and answered 409 is resolved like a place answered so:
   never "not placed", the cart it was for ended, nothing pending. */
static void test_replay_answered_already_placed(void **state)
{
	shop_env *env = *state;
	env->fast.max_attempts = 1;
	const char *rules[] = {
	    "{\"method\": \"POST\", \"path\": \"/orders/place$\", \"times\": 1, \"status\": 500,"
	    " \"body\": {\"title\": \"boom\", \"status\": 500, \"errorCode\": \"INTERNAL_ERROR\"}}",
	    "{\"method\": \"POST\", \"path\": \"/orders/place$\", \"times\": 1, \"status\": 409,"
	    " \"body\": {\"title\": null, \"status\": 409, \"errorCode\": "
	    "\"ORDER_ALREADY_PLACED\"}}",
	    NULL};
	env_start_proxied(env, rules);
	shop_settings set = env_settings(env);
	shop *s = validated_pizza(env, &set, SHOP_MODE_PICKUP, 1);
	expect_place_ends(env, s, SHOP_PLACE_UNKNOWN);
	env_free_shop(env, s);

	s = env_shop(env, &set); /* the next start: the cart is that order's */
	assert_int_equal(shop_resume_pending(s), 1);
	wait_idle(env, s);
	expect_place_state(s, SHOP_PLACE_ALREADY_PLACED);
	assert_non_null(strstr(shop_notice(s), "already placed"));
	assert_null(strstr(shop_notice(s), "not placed"));
	assert_int_equal(shop_cart(s)->n_lines, 0);
	char err[256];
	journal *j = journal_open(NULL, err, sizeof err);
	journal_entry *v;
	size_t n;
	assert_true(journal_pending(j, env_base_url(env), &v, &n, NULL, err, sizeof err));
	assert_int_equal(n, 0);
	journal_entries_free(v, n);
	journal_close(j);
}

#define T(f) cmocka_unit_test_setup_teardown(f, shop_setup, shop_teardown)

void it_shop_orders_tests(it_tests *all)
{
	static const struct CMUnitTest tests[] = {
	    T(test_checkout_validates_with_server_amounts),
	    T(test_tip_change_revalidates),
	    T(test_tip_refused_where_not_accepted),
	    T(test_minimum_order_is_reported),
	    T(test_place_clears_cart_and_finishes_journal),
	    T(test_place_through_reset_is_one_order),
	    T(test_place_commit_then_reset_is_one_order),
	    T(test_resume_after_crash_places_once),
	    T(test_total_different_needs_confirmation),
	    T(test_old_validation_is_renewed_before_placing),
	    T(test_cart_changed_while_placing_is_kept),
	    T(test_unavailable_item_reads_the_menu_again),
	    T(test_unexplained_already_placed_is_not_a_refusal),
	    T(test_generic_conflict_is_not_a_refusal),
	    T(test_change_while_rechecking_is_not_placed),
	    T(test_stale_yes_asks_again),
	    T(test_payment_failed_lets_another_card_pay),
	    T(test_too_old_pending_entry_is_told_once),
	    T(test_replay_answered_already_placed),
	};
	it_tests_add(all, tests, sizeof tests / sizeof *tests);
}

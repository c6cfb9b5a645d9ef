/*
 * The checkout draft and the placing rules of docs/checkout.md against gett-sandbox: the
 * draft belongs to the cart (kept across checkout and restarts, a damaged one loses only
 * itself), tips as a percentage or an amount, the card of the last order placed, a decline
 * cleared by another card, an unknown outcome asked again with the same key, unsettled
 * orders, a cart already placed found at start-up, and ORDER_ALREADY_PLACED resolved to
 * the order that exists.
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
#include <time.h>
#include <unistd.h>

#include "persist/cart_file.h"
#include "it_shop.h"
#include "persist/journal.h"

#define SAIGON_STORE "a4d65160-28c5-416d-a1ad-39b436c923f6" /* pickup tips, no delivery tips */
#define PIZZA_EACH   1500 /* a default Build Your Own Pizza: 1100 + Medium 400 */

/* Config cards: the demo user's Visa, a card on file, and one the sandbox declines. */
enum { CARD_VISA, CARD_TEAM, CARD_DECLINE, N_CARDS };
static const shop_payment cards[N_CARDS] = {
    [CARD_VISA] = {.label = "visa 4242",
		   .info = {.type = "savedCard", .payment_id = DEMO_PAYMENT_ID}},
    [CARD_TEAM] = {.label = "team card",
		   .info = {.type = "cardOnFile",
			    .card_token = "tok_visa",
			    .processor_type = "stripe"}},
    [CARD_DECLINE] = {.label = "declining card",
		      .info = {.type = "cardOnFile",
			       .card_token = "tok_decline",
			       .processor_type = "stripe"}},
};

/* ------------------------------------------------------------------ helpers */

static shop_settings card_settings(shop_env *env)
{
	shop_settings set = env_settings(env);
	set.payments = cards;
	set.n_payments = N_CARDS;
	return set;
}

static shop *card_shop(shop_env *env)
{
	shop_settings set = card_settings(env);
	return env_shop(env, &set);
}

/* A card shop with a pizza cart (quantity q), in checkout, validated for `mode`. */
static shop *card_pizza(shop_env *env, shop_mode mode, long long q)
{
	shop_settings set = card_settings(env);
	return validated_pizza(env, &set, mode, q);
}

static money validated_tip(shop *s)
{
	const external_order *o = shop_validated_order(s);
	assert_non_null(o);
	assert_non_null(o->amounts);
	return o->amounts->tip;
}

/* The tip the shop works out is `want`, and validating again sends exactly that (a failure
   names the caller's line). */
#define expect_tip(env, s, want) expect_tip_at(env, s, want, __LINE__)
static void expect_tip_at(shop_env *env, shop *s, money want, int line)
{
	if (shop_checkout_tip(s) != want)
		fail_msg("line %d: tip %lld, expected %lld", line, (long long)shop_checkout_tip(s),
			 (long long)want);
	expect_valid_at(env, s, line);
	money sent = validated_tip(s);
	if (sent != want)
		fail_msg("line %d: validated with tip %lld, expected %lld", line, (long long)sent,
			 (long long)want);
}

/* A new cart of one pizza, in checkout and validated, starts with no tip (a failure names the
   caller's line). */
#define expect_new_cart_untipped(env, s) expect_new_cart_untipped_at(env, s, __LINE__)
static void expect_new_cart_untipped_at(shop_env *env, shop *s, int line)
{
	add_pizza(env, s, 1);
	shop_checkout_begin(s);
	expect_valid_at(env, s, line);
	if (shop_checkout_tip_choice(s).kind != SHOP_TIP_NONE || shop_checkout_tip(s) != 0 ||
	    validated_tip(s) != 0)
		fail_msg("line %d: a new cart starts with tip choice %d, tip %lld, validated %lld",
			 line, shop_checkout_tip_choice(s).kind, (long long)shop_checkout_tip(s),
			 (long long)validated_tip(s));
}

static size_t entries_in(shop_env *env, journal_state state)
{
	char err[256];
	journal *j = env_open_journal();
	journal_entry *v;
	size_t n;
	assert_true(journal_list(j, env->sb.base_url, state, &v, &n, NULL, err, sizeof err));
	journal_entries_free(v, n);
	journal_close(j);
	return n;
}

/* The journal file of `key`, parsed. */
static json_t *journal_json(shop_env *env, const char *key)
{
	char path[512];
	snprintf(path, sizeof path, "%s/state/gett-tui/journal/%s.json", env->dir, key);
	json_t *root = json_load_file(path, 0, NULL);
	if (!root)
		fail_msg("no journal entry %s", key);
	return root;
}

static const char *json_text(json_t *obj, const char *key)
{
	const char *v = json_string_value(json_object_get(obj, key));
	return v ? v : "";
}

static void expect_journal_state(shop_env *env, const char *key, const char *state)
{
	json_t *root = journal_json(env, key);
	if (strcmp(json_text(root, "state"), state) != 0)
		fail_msg("journal %s: state %s, expected %s", key, json_text(root, "state"), state);
	json_decref(root);
}

static size_t journal_files(shop_env *env)
{
	char dir[128];
	snprintf(dir, sizeof dir, "%s/state/gett-tui/journal", env->dir);
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/* A new card shop on the saved cart of one line, in checkout and validated (a restart). */
#define reopened_in_checkout(env) reopened_in_checkout_at(env, __LINE__)
static shop *reopened_in_checkout_at(shop_env *env, int line)
{
	shop *s = card_shop(env);
	if (shop_cart(s)->n_lines != 1)
		fail_msg("line %d: the saved cart came back with %zu lines, expected 1", line,
			 shop_cart(s)->n_lines);
	wait_idle(env, s);
	shop_checkout_begin(s);
	expect_valid_at(env, s, line);
	return s;
}

/* Replaces the "checkout" member of the saved cart file with `draft` (taken). */
static void damage_draft(shop_env *env, json_t *draft)
{
	cart_file *cs = env_open_carts(env);
	json_t *root = json_load_file(cart_file_path(cs), 0, NULL);
	assert_non_null(root);
	assert_non_null(json_object_get(root, "checkout"));
	json_object_set_new(root, "checkout", draft);
	assert_int_equal(json_dump_file(root, cart_file_path(cs), 0), 0);
	json_decref(root);
	cart_file_close(cs);
}

static void journal_pending_body(shop_env *env, const char *body, char key[JOURNAL_KEY_LEN + 1])
{
	char err[512] = "";
	journal *j = env_open_journal();
	journal_new_key(key);
	if (!journal_begin(j, key, env->sb.base_url, body, err, sizeof err))
		fail_msg("journal_begin: %s", err);
	journal_close(j);
}

/* ------------------------------------------------------------------ 1. the draft */

static void expect_chosen_draft(shop *s)
{
	assert_int_equal(shop_checkout_mode(s), SHOP_MODE_PICKUP);
	assert_int_equal(shop_checkout_address(s), 1);
	assert_int_equal(shop_checkout_payment(s), CARD_TEAM);
	assert_string_equal(shop_checkout_instructions(s), "Call on arrival");
	shop_tip tip = shop_checkout_tip_choice(s);
	assert_int_equal(tip.kind, SHOP_TIP_PERCENT);
	assert_int_equal(tip.percent_bp, 1500);
}

static void expect_default_draft(shop_env *env, shop *s)
{
	assert_int_equal(shop_checkout_mode(s), SHOP_MODE_DELIVERY);
	assert_int_equal(shop_checkout_address(s), 0);
	assert_int_equal(shop_checkout_payment(s), CARD_VISA);
	assert_string_equal(shop_checkout_instructions(s), env->addresses[0].instructions);
	assert_int_equal(shop_checkout_tip_choice(s).kind, SHOP_TIP_NONE);
	assert_int_equal(shop_checkout_tip(s), 0);
}

static void test_draft_belongs_to_the_cart(void **state)
{
	shop_env *env = *state;
	env_start(env, NULL, NULL);
	shop *s = card_shop(env);
	add_pizza(env, s, 1);
	shop_checkout_begin(s);
	expect_valid(env, s);
	expect_default_draft(env, s);

	shop_checkout_set_address(s, 1);
	shop_checkout_set_instructions(s, "Call on arrival");
	shop_checkout_set_mode(s, SHOP_MODE_PICKUP);
	shop_checkout_set_payment(s, CARD_TEAM);
	assert_true(shop_checkout_set_tip_percent(s, 1500));
	expect_valid(env, s);
	expect_chosen_draft(s);

	/* leaving checkout and entering it again keeps every choice */
	shop_checkout_end(s);
	assert_false(shop_checkout_active(s));
	expect_chosen_draft(s);
	shop_checkout_begin(s);
	expect_chosen_draft(s);
	expect_valid(env, s);
	expect_chosen_draft(s);
	assert_string_equal(shop_validated_order(s)->fulfillment_type, "Pickup");
	assert_int_equal(validated_tip(s), 225); /* 15 % of 15.00 */

	/* a restart restores them from the cart file */
	shop_checkout_end(s);
	env_free_shop(env, s);
	s = card_shop(env);
	assert_int_equal(shop_cart(s)->n_lines, 1);
	expect_chosen_draft(s); /* at once, before checkout */
	wait_idle(env, s);
	shop_checkout_begin(s);
	expect_valid(env, s);
	expect_chosen_draft(s);
	assert_string_equal(shop_validated_order(s)->fulfillment_type, "Pickup");
	assert_int_equal(validated_tip(s), 225);
	shop_checkout_end(s);
	env_free_shop(env, s);

	/* a damaged draft loses only the draft */
	damage_draft(env, json_string("pickup, team card, 15 %"));
	s = reopened_in_checkout(env);
	assert_int_equal(shop_cart(s)->lines[0].quantity, 1);
	expect_default_draft(env, s);
	shop_checkout_end(s);
	env_free_shop(env, s);

	/* a partly damaged one keeps what is readable ("fulfillment" holds the wire name the
	   shop writes, although shop_draft.c's comment says "delivery"|"pickup") */
	damage_draft(env, json_pack("{ss s{ss} si s{ss}}", "fulfillment", FULFILLMENT_PICKUP, "tip",
				    "percentBp", "fifteen", "payment", 7, "address", "address1",
				    "nowhere"));
	s = reopened_in_checkout(env);
	assert_int_equal(shop_checkout_mode(s), SHOP_MODE_PICKUP);
	assert_int_equal(shop_checkout_payment(s), CARD_VISA);
	assert_int_equal(shop_checkout_tip_choice(s).kind, SHOP_TIP_NONE);
	assert_int_equal(validated_tip(s), 0);
}

/* A restored draft naming a card and an address the account no longer has is not waited for
   for ever ("still being read"): once the lists are read the choice is forgotten, said, and
   the order goes with the defaults. */
static void test_draft_choice_gone_from_account(void **state)
{
	shop_env *env = *state;
	shop *s = env_demo_shop(env);
	wait_idle(env, s);
	add_pizza(env, s, 1);
	shop_checkout_begin(s);
	expect_valid(env, s);
	shop_checkout_end(s);
	wait_idle(env, s);
	env_free_shop(env, s);

	damage_draft(env, json_pack("{ss s{ss} s{ss}}", "fulfillment", FULFILLMENT_DELIVERY,
				    "payment", "paymentId", "0b8a6a36-0000-4000-8000-00000000dead",
				    "address", "address1", "1 Nowhere Lane"));
	s = env_default_shop(env);
	wait_idle(env, s);
	if (shop_checkout_payment_waiting(s))
		fail_msg("still waiting; notice: %s; cards %zu",
			 shop_notice(s) ? shop_notice(s) : "-", shop_payment_count(s));
	const char *notice = shop_notice(s);
	if (!notice || !strstr(notice, "no longer on your account"))
		fail_msg("notice: %s", notice ? notice : "-");
	shop_checkout_begin(s);
	expect_valid(env, s);
	assert_string_equal(shop_validated_order(s)->fulfillment_type, FULFILLMENT_DELIVERY);
	expect_place_ends(env, s, SHOP_PLACE_DONE);
}

/* ------------------------------------------------------------------ 2. tips */

static void test_tip_percent_follows_the_subtotal(void **state)
{
	shop_env *env = *state;
	env_start(env, NULL, NULL);
	shop *s = card_pizza(env, SHOP_MODE_DELIVERY, 1);
	assert_int_equal(shop_checkout_tip_choice(s).kind, SHOP_TIP_NONE);
	money base = 0;
	assert_true(shop_checkout_tip_base(s, &base));
	assert_int_equal(base, PIZZA_EACH);

	assert_true(shop_checkout_set_tip_percent(s, 1500));
	shop_tip tip = shop_checkout_tip_choice(s);
	assert_int_equal(tip.kind, SHOP_TIP_PERCENT);
	assert_int_equal(tip.percent_bp, 1500);
	expect_tip(env, s, 225);

	/* the subtotal changes: the tip is worked out again and validated with it */
	shop_cart_set_quantity(s, 0, 3);
	expect_tip(env, s, 675);
	assert_int_equal(shop_checkout_tip_choice(s).percent_bp, 1500);

	/* an amount stays as typed */
	assert_true(shop_checkout_set_tip(s, 500));
	assert_int_equal(shop_checkout_tip_choice(s).kind, SHOP_TIP_AMOUNT);
	expect_tip(env, s, 500);
	shop_cart_set_quantity(s, 0, 2);
	expect_tip(env, s, 500);
	assert_int_equal(shop_checkout_tip_choice(s).amount, 500);

	/* high: above 30 % of the subtotal (30.00 now) */
	assert_false(shop_tip_is_high(s, 0));
	assert_false(shop_tip_is_high(s, 500));
	assert_false(shop_tip_is_high(s, 900));
	assert_true(shop_tip_is_high(s, 901));
	assert_false(shop_checkout_set_tip_percent(s, 10001)); /* out of range */
	assert_int_equal(shop_checkout_tip_choice(s).kind, SHOP_TIP_AMOUNT);

	/* the cart ends: the next cart starts with no tip */
	shop_cart_remove(s, 0);
	assert_int_equal(shop_cart(s)->n_lines, 0);
	assert_int_equal(shop_checkout_tip_choice(s).kind, SHOP_TIP_NONE);
	expect_new_cart_untipped(env, s);

	/* the same after "clear cart" */
	assert_true(shop_checkout_set_tip_percent(s, 2000));
	expect_valid(env, s);
	shop_cart_clear(s);
	expect_new_cart_untipped(env, s);
}

/* Saigon Lantern takes tips for pickup only: delivery sends 0, and the choice comes back. */
static void test_tip_choice_survives_a_mode_without_tips(void **state)
{
	shop_env *env = *state;
	env_start(env, NULL, NULL);
	shop *s = card_shop(env);
	checkout_simple_line(env, s, SAIGON_STORE, 2);
	shop_checkout_set_mode(s, SHOP_MODE_PICKUP);
	expect_valid(env, s);
	assert_true(shop_checkout_tips_allowed(s));
	money base = 0;
	assert_true(shop_checkout_tip_base(s, &base));
	assert_true(base > 0);
	money fifteen = money_percent_bp(base, 1500);
	assert_true(fifteen > 0);
	assert_true(shop_checkout_set_tip_percent(s, 1500));
	expect_tip(env, s, fifteen);

	shop_checkout_set_mode(s, SHOP_MODE_DELIVERY);
	assert_false(shop_checkout_tips_allowed(s));
	expect_tip(env, s, 0); /* no TIP_NOT_ACCEPTED */
	assert_int_equal(shop_checkout_tip_choice(s).kind, SHOP_TIP_PERCENT);
	assert_false(shop_checkout_set_tip(s, 300)); /* refused here, and nothing changes */
	assert_int_equal(shop_checkout_tip_choice(s).kind, SHOP_TIP_PERCENT);
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_VALID);

	shop_checkout_set_mode(s, SHOP_MODE_PICKUP);
	assert_int_equal(shop_checkout_tip_choice(s).percent_bp, 1500);
	expect_tip(env, s, fifteen);
}

/* ------------------------------------------------------------------ 3. cards */

static void test_default_card_is_the_last_one_placed(void **state)
{
	shop_env *env = *state;
	env_start(env, NULL, NULL);
	shop *s = card_pizza(env, SHOP_MODE_PICKUP, 1);
	assert_int_equal(shop_checkout_payment(s), CARD_VISA); /* nothing placed yet */
	shop_checkout_set_payment(s, CARD_TEAM);
	expect_place_ends(env, s, SHOP_PLACE_DONE);
	assert_int_equal(shop_cart(s)->n_lines, 0);

	/* a new cart: the card of the order just placed */
	add_pizza(env, s, 1);
	shop_checkout_begin(s);
	expect_valid(env, s);
	assert_int_equal(shop_checkout_payment(s), CARD_TEAM);

	/* a declined card */
	shop_checkout_set_payment(s, CARD_DECLINE);
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_VALID);
	int validations = count_requests(env, "POST", "/orders/validate");
	expect_place_ends(env, s, SHOP_PLACE_FAILED);
	assert_non_null(shop_notice(s));
	assert_non_null(strstr(shop_notice(s), "declined"));
	assert_int_equal(shop_cart(s)->n_lines, 1); /* not placed: the cart stays */
	assert_int_equal(entries_in(env, JOURNAL_STATE_FAILED), 1);
	assert_int_equal(entries_in(env, JOURNAL_STATE_PENDING), 0);

	/* another card: the decline no longer stands, and the order is validated again */
	shop_checkout_set_payment(s, CARD_VISA);
	expect_place_state(s, SHOP_PLACE_IDLE);
	assert_null(shop_notice(s));
	assert_int_equal(shop_validation(s), SHOP_VALIDATION_RUNNING);
	expect_valid(env, s);
	assert_int_equal(count_requests(env, "POST", "/orders/validate"), validations + 1);
	assert_int_equal(shop_checkout_payment(s), CARD_VISA);

	/* the declined card was never placed: the next cart still starts with the team card */
	shop_cart_clear(s);
	add_pizza(env, s, 1);
	shop_checkout_begin(s);
	expect_valid(env, s);
	assert_int_equal(shop_checkout_payment(s), CARD_TEAM);
	shop_checkout_end(s);
	shop_cart_clear(s);
	env_free_shop(env, s);

	/* and so does a new session */
	s = card_shop(env);
	add_pizza(env, s, 1);
	shop_checkout_begin(s);
	expect_valid(env, s);
	assert_int_equal(shop_checkout_payment(s), CARD_TEAM);
	assert_int_equal(count_requests(env, "POST", "/orders/place"), 2);
}

/* ------------------------------------------------------------------ 4. unknown outcomes */

/* Places s's validated order through the sandbox's place fault; it must end unknown. */
static void place_unknown(shop_env *env, shop *s)
{
	int validations = count_requests(env, "POST", "/orders/validate");
	shop_place(s);
	expect_place_state(s, SHOP_PLACE_SENDING);
	wait_idle(env, s);
	expect_place_state(s, SHOP_PLACE_UNKNOWN);
	assert_false(shop_place_in_flight(s));
	assert_null(shop_placed_order(s));
	assert_non_null(shop_notice(s));
	if (strstr(shop_notice(s), "not placed"))
		fail_msg("an unknown outcome reported as not placed: %s", shop_notice(s));
	assert_int_equal(entries_in(env, JOURNAL_STATE_PENDING), 1);
	assert_int_equal(journal_files(env), 1);
	assert_int_equal(shop_cart(s)->n_lines, 1); /* maybe placed: the cart stays */
	assert_true(env_cart_file_exists(env));
	assert_int_equal(count_requests(env, "POST", "/orders/validate"), validations);
}

/* A card pizza (quantity 1) whose place ended unknown, with one key sent (keys[0]; room for
   8): the API client gives up at once, the sandbox's first send commits and loses its
   answer, and whatever curl re-sends gets a 500. */
static shop *lost_answer_pizza(shop_env *env, char keys[8][37])
{
	env->fast.max_attempts = 1;
	const char *args[] = {"--fault", "place:commit-then-reset:1", "--fault", "place:500:1",
			      NULL};
	env_start(env, NULL, args);
	shop *s = card_pizza(env, SHOP_MODE_PICKUP, 1);
	place_unknown(env, s);
	assert_int_equal(place_keys(env, keys, 8), 1);
	return s;
}

/*
 * The order committed and its answer lost: P asks again with the same key until it knows.
 * libcurl silently re-sends a request whose pooled connection dies, possibly more than once
 * (it_shop_orders.c), so only an HTTP answer makes the first outcome surely unknown: the
 * drop is followed by a 500, which the first or the second send gets.
 */
static void test_unknown_outcome_is_asked_again_with_the_same_key(void **state)
{
	shop_env *env = *state;
	char keys[8][37];
	shop *s = lost_answer_pizza(env, keys);

	/* press P until it is known (the 500 may still be armed) */
	for (int i = 0; i < 4 && shop_place_state_now(s) == SHOP_PLACE_UNKNOWN; i++) {
		shop_place(s);
		expect_place_state(s, SHOP_PLACE_SENDING);
		wait_idle(env, s);
	}
	expect_place_state(s, SHOP_PLACE_DONE);
	const external_order *placed = shop_placed_order(s);
	assert_non_null(placed);
	assert_non_null(placed->gett_order_id);
	int sent = place_keys(env, keys, 8);
	assert_true(sent >= 2);
	for (int i = 1; i < sent; i++)
		assert_string_equal(keys[i], keys[0]); /* one key: one order */
	expect_journal_state(env, keys[0], "placed");
	json_t *entry = journal_json(env, keys[0]);
	assert_string_equal(json_text(entry, "gettOrderId"), placed->gett_order_id);
	json_decref(entry);
	assert_int_equal(journal_files(env), 1);
	assert_int_equal(entries_in(env, JOURNAL_STATE_PENDING), 0);
	assert_int_equal(shop_cart(s)->n_lines, 0);
	assert_false(env_cart_file_exists(env));

	/* the server has that order, under that key */
	capture c = {0};
	char *body = strdup(json_text(entry = journal_json(env, keys[0]), "body"));
	json_decref(entry);
	api_place_text(env->api, body, keys[0], capture_cb, &c);
	await(env, &c);
	assert_int_equal(c.r->outcome, API_OK);
	assert_string_equal(c.r->order->gett_order_id, shop_placed_order(s)->gett_order_id);
	api_result_free(c.r);
	free(body);
}

/*
 * An unknown outcome is not cleared by leaving checkout and coming back, nor by a cart that
 * changes and changes back: the cart is still the order that may exist, so P asks about that
 * request (same key) instead of sending a second order under a new key and a new
 * validation.
 */
static void unknown_then(shop_env *env, void (*detour)(shop_env *env, shop *s))
{
	char keys[8][37];
	shop *s = lost_answer_pizza(env, keys);
	detour(env, s);
	expect_valid(env, s);
	for (int i = 0; i < 4 && shop_place_state_now(s) != SHOP_PLACE_DONE; i++) {
		shop_place(s);
		wait_idle(env, s);
	}
	expect_place_state(s, SHOP_PLACE_DONE);
	int sent = place_keys(env, keys, 8);
	for (int i = 1; i < sent; i++)
		if (strcmp(keys[i], keys[0]) != 0)
			fail_msg("place %d sent key %s, not the unknown order's %s: a second order",
				 i + 1, keys[i], keys[0]);
	assert_int_equal(journal_files(env), 1);
	expect_journal_state(env, keys[0], "placed");
	assert_int_equal(shop_cart(s)->n_lines, 0);
}

static void leave_and_enter_checkout(shop_env *env, shop *s)
{
	shop_checkout_end(s);
	wait_idle(env, s);
	shop_checkout_begin(s);
}

static void change_and_change_back(shop_env *env, shop *s)
{
	shop_cart_set_quantity(s, 0, 2);
	expect_valid(env, s);
	shop_cart_set_quantity(s, 0, 1);
}

static void test_unknown_outcome_survives_leaving_checkout(void **state)
{
	unknown_then(*state, leave_and_enter_checkout);
}

static void test_unknown_outcome_survives_a_cart_changed_back(void **state)
{
	unknown_then(*state, change_and_change_back);
}

/* An unknown order, then the cart changes: nothing is placed until the user decides. */
static shop *unknown_then_changed(shop_env *env, money *total, char key[37])
{
	env->fast.max_attempts = 1;
	const char *args[] = {"--fault", "place:500:1", NULL};
	env_start(env, NULL, args);
	shop *s = card_pizza(env, SHOP_MODE_PICKUP, 2);
	*total = shop_validated_order(s)->amounts->total;
	place_unknown(env, s);
	char keys[4][37];
	assert_int_equal(place_keys(env, keys, 4), 1);
	memcpy(key, keys[0], 37);
	shop_unsettled u;
	assert_false(shop_unsettled_get(s, &u)); /* the cart is still that order */

	line_item more = simple_line(s, 1, BYO_PIZZA);
	assert_int_equal(shop_cart_add(s, &more, false), SHOP_CART_OK);
	expect_valid(env, s);
	expect_place_state(s, SHOP_PLACE_UNKNOWN); /* still not known */
	shop_place(s);
	wait_idle(env, s);
	assert_int_equal(count_requests(env, "POST", "/orders/place"), 1); /* nothing sent */
	assert_null(shop_placed_order(s));
	assert_non_null(shop_notice(s));
	assert_non_null(strstr(shop_notice(s), "earlier order"));
	time_t now = time(NULL);
	assert_true(shop_unsettled_get(s, &u));
	assert_int_equal(u.total, *total);
	assert_int_equal(u.items, 2);
	assert_true(u.sent_at <= now && u.sent_at >= now - 120);
	expect_journal_state(env, key, "pending");
	assert_int_equal(shop_cart(s)->n_lines, 2);
	return s;
}

static void test_unsettled_order_is_forgotten(void **state)
{
	shop_env *env = *state;
	money total;
	char k1[37];
	shop *s = unknown_then_changed(env, &total, k1);
	shop_unsettled_forget(s);
	shop_unsettled u;
	assert_false(shop_unsettled_get(s, &u));
	expect_journal_state(env, k1, "abandoned");
	assert_int_equal(entries_in(env, JOURNAL_STATE_PENDING), 0);
	assert_int_equal(count_requests(env, "POST", "/orders/place"), 1);

	/* now the new cart is placed, under a new key */
	expect_valid(env, s);
	expect_place_ends(env, s, SHOP_PLACE_DONE);
	assert_int_equal(shop_placed_order(s)->cart->n_lines, 2);
	char keys[4][37];
	assert_int_equal(place_keys(env, keys, 4), 2);
	assert_string_not_equal(keys[1], k1);
	expect_journal_state(env, k1, "abandoned"); /* never sent again */
	expect_journal_state(env, keys[1], "placed");

	/* and a restart does not bring the forgotten one back */
	env_free_shop(env, s);
	s = card_shop(env);
	assert_int_equal(shop_resume_pending(s), 0);
	wait_idle(env, s);
	assert_false(shop_unsettled_get(s, &u));
	assert_int_equal(count_requests(env, "POST", "/orders/place"), 2);
}

static void test_unsettled_order_is_settled_with_its_key(void **state)
{
	shop_env *env = *state;
	money total;
	char k1[37];
	shop *s = unknown_then_changed(env, &total, k1);
	shop_unsettled_settle(s);
	assert_true(shop_place_in_flight(s));
	wait_idle(env, s);
	expect_place_state(s, SHOP_PLACE_DONE);
	const external_order *placed = shop_placed_order(s);
	assert_non_null(placed);
	assert_int_equal(placed->cart->n_lines, 1); /* the earlier order, not the cart on screen */
	assert_int_equal(placed->cart->lines[0].quantity, 2);
	assert_int_equal(placed->amounts->total, total);
	char keys[4][37];
	assert_int_equal(place_keys(env, keys, 4), 2);
	assert_string_equal(keys[1], k1); /* replayed with its own key */
	expect_journal_state(env, k1, "placed");
	shop_unsettled u;
	assert_false(shop_unsettled_get(s, &u));
	assert_int_equal(shop_cart(s)->n_lines, 2); /* the new cart is kept */
	assert_true(env_cart_file_exists(env));
}

/* ------------------------------------------------------------------ 5. start-up */

/* The app stopped between marking the entry placed and deleting the cart file. */
static void test_start_recognises_a_cart_already_placed(void **state)
{
	shop_env *env = *state;
	env_start(env, NULL, NULL);
	shop *s = card_pizza(env, SHOP_MODE_PICKUP, 1);
	cart *before = cart_copy(shop_cart(s));
	expect_place_ends(env, s, SHOP_PLACE_DONE);
	char *id = strdup(shop_placed_order(s)->gett_order_id);
	env_free_shop(env, s);
	assert_false(env_cart_file_exists(env));
	char err[256];
	cart_file *cs = env_open_carts(env);
	assert_true(cart_file_save(cs, before, NULL, err, sizeof err)); /* the file is back */
	cart_file_close(cs);
	cart_free(before);

	s = card_shop(env);
	assert_int_equal(shop_cart(s)->n_lines, 0); /* emptied at once */
	assert_false(env_cart_file_exists(env));
	assert_non_null(shop_notice(s));
	if (!strstr(shop_notice(s), id))
		fail_msg("the notice does not name order %s: %s", id, shop_notice(s));
	assert_int_equal(shop_resume_pending(s), 0); /* nothing to send */
	wait_idle(env, s);
	expect_place_state(s, SHOP_PLACE_DONE);
	assert_non_null(shop_placed_order(s));
	assert_string_equal(shop_placed_order(s)->gett_order_id, id);
	assert_int_equal(count_requests(env, "POST", "/orders/place"), 1);
	shop_unsettled u;
	assert_false(shop_unsettled_get(s, &u));
	free(id);
}

/* A pending entry for the restored cart is replayed by itself, once. */
static void test_start_replays_the_pending_cart(void **state)
{
	shop_env *env = *state;
	env_start(env, NULL, NULL);
	shop *s = card_pizza(env, SHOP_MODE_PICKUP, 1);
	char *body = place_body_of(s, &cards[CARD_VISA]);
	char key[JOURNAL_KEY_LEN + 1];
	journal_pending_body(env, body, key);
	free(body);
	env_free_shop(env, s); /* the crash: nothing sent */

	s = card_shop(env);
	assert_int_equal(shop_cart(s)->n_lines, 1);
	assert_int_equal(shop_resume_pending(s), 1);
	shop_unsettled u;
	assert_false(shop_unsettled_get(s, &u));
	wait_idle(env, s);
	expect_place_state(s, SHOP_PLACE_DONE);
	char keys[4][37];
	assert_int_equal(place_keys(env, keys, 4), 1);
	assert_string_equal(keys[0], key);
	expect_journal_state(env, key, "placed");
	assert_int_equal(shop_cart(s)->n_lines, 0);
	assert_false(shop_unsettled_get(s, &u));
}

/* A pending entry for another cart is never replayed silently. */
static void test_start_keeps_another_carts_entry_unsettled(void **state)
{
	shop_env *env = *state;
	env_start(env, NULL, NULL);
	shop *s = card_pizza(env, SHOP_MODE_PICKUP, 1);
	money total = shop_validated_order(s)->amounts->total;
	char *body = place_body_of(s, &cards[CARD_VISA]);
	char key[JOURNAL_KEY_LEN + 1];
	journal_pending_body(env, body, key);
	free(body);
	shop_checkout_end(s);
	shop_cart_set_quantity(s, 0, 3); /* the cart changed after it was sent */
	env_free_shop(env, s);

	s = card_shop(env);
	assert_int_equal(shop_cart(s)->n_lines, 1);
	assert_int_equal(shop_cart(s)->lines[0].quantity, 3);
	assert_int_equal(shop_resume_pending(s), 0);
	wait_idle(env, s);
	run_for(env, 100);
	assert_int_equal(count_requests(env, "POST", "/orders/place"), 0);
	shop_unsettled u;
	assert_true(shop_unsettled_get(s, &u));
	assert_int_equal(u.total, total);
	assert_int_equal(u.items, 1);
	expect_journal_state(env, key, "pending");
	expect_place_state(s, SHOP_PLACE_IDLE);
	assert_int_equal(shop_cart(s)->lines[0].quantity, 3);
}

/* ------------------------------------------------------------------ 6. ORDER_ALREADY_PLACED */

/*
 * The shop never sends one validation under two keys by itself: after an unknown outcome P
 * repeats the same key, and any change re-validates (a new validatedOrderToken). So the
 * earlier request is made here, as another run of the app would have: the shop's exact
 * validation sent with key K1 and journaled, then abandoned. The shop's own place gets a
 * new key K2 with the same token, and the sandbox answers 409 ORDER_ALREADY_PLACED
 * (sandbox/h_orders.c check_token): the shop must show K1's order, never a failure.
 */
static char *place_earlier(shop_env *env, shop *s, char k1[JOURNAL_KEY_LEN + 1])
{
	char *body = place_body_of(s, &cards[CARD_VISA]);
	journal_pending_body(env, body, k1);
	capture c = {0};
	api_place_text(env->api, body, k1, capture_cb, &c);
	await(env, &c);
	free(body);
	if (c.r->outcome != API_OK)
		fail_msg("earlier place: %s", c.r->message ? c.r->message : "-");
	char *id = strdup(c.r->order->gett_order_id);
	api_result_free(c.r);
	return id;
}

/* A validated pizza whose validation an earlier run already placed under k1 (*id), its
   journal entry then finished `how`. */
static shop *earlier_order(shop_env *env, journal_outcome how, char k1[JOURNAL_KEY_LEN + 1],
			   char **id)
{
	env_start(env, NULL, NULL);
	shop *s = card_pizza(env, SHOP_MODE_PICKUP, 1);
	char err[512];
	*id = place_earlier(env, s, k1);
	journal *j = env_open_journal();
	assert_true(
	    journal_finish(j, k1, how, how == JOURNAL_PLACED ? *id : NULL, err, sizeof err));
	journal_close(j);
	return s;
}

static void test_order_already_placed_shows_the_existing_order(void **state)
{
	shop_env *env = *state;
	char k1[JOURNAL_KEY_LEN + 1], *id;
	shop *s = earlier_order(env, JOURNAL_ABANDONED, k1, &id);

	shop_place(s);
	expect_place_state(s, SHOP_PLACE_SENDING);
	wait_idle(env, s);
	expect_place_state(s, SHOP_PLACE_DONE);
	assert_non_null(shop_placed_order(s));
	assert_string_equal(shop_placed_order(s)->gett_order_id, id);
	char keys[4][37];
	assert_int_equal(place_keys(env, keys, 4), 3); /* K1 (here), K2 (409), K1 again */
	assert_string_equal(keys[0], k1);
	assert_string_not_equal(keys[1], k1);
	assert_string_equal(keys[2], k1);
	expect_journal_state(env, k1, "placed");
	json_t *entry = journal_json(env, k1);
	assert_string_equal(json_text(entry, "gettOrderId"), id);
	json_decref(entry);
	expect_journal_state(env, keys[1], "failed"); /* that request made none */
	assert_int_equal(entries_in(env, JOURNAL_STATE_PENDING), 0);
	assert_int_equal(shop_cart(s)->n_lines, 0);
	assert_false(env_cart_file_exists(env));
	assert_non_null(shop_notice(s));
	assert_non_null(strstr(shop_notice(s), id));
	free(id);
}

/* The same with the earlier entry known placed: the order is read, nothing replayed. */
static void test_order_already_placed_reads_a_placed_entry(void **state)
{
	shop_env *env = *state;
	char k1[JOURNAL_KEY_LEN + 1], *id;
	shop *s = earlier_order(env, JOURNAL_PLACED, k1, &id);

	expect_place_ends(env, s, SHOP_PLACE_DONE);
	assert_string_equal(shop_placed_order(s)->gett_order_id, id);
	char keys[4][37];
	assert_int_equal(place_keys(env, keys, 4), 2);
	assert_int_equal(count_requests(env, "GET", id), 1);
	expect_journal_state(env, keys[1], "failed");
	expect_journal_state(env, k1, "placed");
	assert_int_equal(shop_cart(s)->n_lines, 0);
	free(id);
}

/* No journal entry knows the order: it still exists, so never "failed". */
static void test_order_already_placed_without_an_entry(void **state)
{
	shop_env *env = *state;
	env_start(env, NULL, NULL);
	shop *s = card_pizza(env, SHOP_MODE_PICKUP, 1);
	char k1[JOURNAL_KEY_LEN + 1], err[512];
	char *id = place_earlier(env, s, k1);
	char path[512];
	snprintf(path, sizeof path, "%s/state/gett-tui/journal/%s.json", env->dir, k1);
	assert_int_equal(unlink(path), 0); /* e.g. another machine placed it */
	(void)err;

	expect_place_ends(env, s, SHOP_PLACE_ALREADY_PLACED);
	assert_null(shop_placed_order(s));
	assert_non_null(shop_notice(s));
	assert_non_null(strstr(shop_notice(s), "already placed"));
	assert_int_equal(entries_in(env, JOURNAL_STATE_PENDING), 0);
	assert_int_equal(entries_in(env, JOURNAL_STATE_FAILED), 0);
	assert_int_equal(shop_cart(s)->n_lines, 0); /* do not order it again */
	free(id);
}

#define T(f) cmocka_unit_test_setup_teardown(f, shop_setup, shop_teardown)

void it_shop_checkout_tests(it_tests *all)
{
	static const struct CMUnitTest tests[] = {
	    T(test_draft_belongs_to_the_cart),
	    T(test_draft_choice_gone_from_account),
	    T(test_tip_percent_follows_the_subtotal),
	    T(test_tip_choice_survives_a_mode_without_tips),
	    T(test_default_card_is_the_last_one_placed),
	    T(test_unknown_outcome_is_asked_again_with_the_same_key),
	    T(test_unknown_outcome_survives_leaving_checkout),
	    T(test_unknown_outcome_survives_a_cart_changed_back),
	    T(test_unsettled_order_is_forgotten),
	    T(test_unsettled_order_is_settled_with_its_key),
	    T(test_start_recognises_a_cart_already_placed),
	    T(test_start_replays_the_pending_cart),
	    T(test_start_keeps_another_carts_entry_unsettled),
	    T(test_order_already_placed_shows_the_existing_order),
	    T(test_order_already_placed_reads_a_placed_entry),
	    T(test_order_already_placed_without_an_entry),
	};
	it_tests_add(all, tests, sizeof tests / sizeof *tests);
}

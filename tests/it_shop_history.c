/*
 * The shop's order history, reorder and account against a real gett-sandbox: a placed order
 * is recorded with the server's amounts and agrees with the journal (also after a stop between
 * the two writes), its status is read into the record (cancelled with its reason through the
 * rewriting proxy, since the sandbox has no cancel route), a reorder against a changed catalog
 * lists a new price and a removed item, a level-1 user adds a phone and orders, and an added
 * address comes back geocoded.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/jsonx.h"
#include "it_shop.h"
#include "json_mutate.h"
#include "persist/account_file.h"
#include "persist/journal.h"

#define TIRAMISU    "Tiramisu"
#define KNOTS	    "Garlic Knots (6)"
#define SAUCES	    "8c5e79f4-ec46-4f37-986a-7e8f32c333c1" /* the knots' Dipping Sauces */
#define RANCH	    "5d2093ac-6e99-4ec2-ba19-67814d3af86d" /* one of them */
#define NEW_CATALOG "11111111-2222-4333-8444-555555555555"

/* Places what is in s's cart for `mode`; returns the order (owned by s). */
static const external_order *place_cart(shop_env *env, shop *s, shop_mode mode)
{
	shop_checkout_begin(s);
	shop_checkout_set_mode(s, mode);
	expect_valid(env, s);
	expect_place_ends(env, s, SHOP_PLACE_DONE);
	return shop_placed_order(s);
}

static void test_history_records_the_placed_order(void **state)
{
	shop_env *env = *state;
	shop *s = env_demo_shop(env);
	wait_idle(env, s);
	assert_int_equal(shop_history_count(s), 0);
	add_pizza(env, s, 2);
	const external_order *o = place_cart(env, s, SHOP_MODE_DELIVERY);
	char *id = strdup(o->gett_order_id);
	char *server_amounts = jm_dump(amounts_to_json(o->amounts));

	assert_int_equal(shop_history_count(s), 1);
	const order_history_entry *e = shop_history_at(s, 0);
	assert_string_equal(e->gett_order_id, id);
	char keys[2][37];
	assert_int_equal(place_keys(env, keys, 2), 1);
	assert_string_equal(e->idempotency_key, keys[0]);
	assert_string_equal(e->store_id, PIZZA_STORE);
	assert_string_equal(e->store_name, PIZZA_NAME);
	assert_non_null(e->time_zone);
	assert_int_equal(e->n_lines, 1);
	assert_string_equal(e->lines[0].name, BYO_PIZZA);
	assert_int_equal(e->lines[0].line.quantity, 2);
	assert_true(e->lines[0].options.n > 0); /* the default size and crust, by name */
	assert_true(e->lines[0].has_price);
	assert_int_equal(e->lines[0].line_total, 2 * e->lines[0].unit_price);
	assert_string_equal(e->fulfillment_type, FULFILLMENT_DELIVERY);
	assert_string_equal(e->address->address1, "1420 E Pine St");
	assert_string_equal(e->instructions, "Buzz 305 at the side door.");
	assert_string_equal(e->payment_label, "visa 4242");
	char *recorded = jm_dump(amounts_to_json(e->amounts));
	assert_string_equal(recorded, server_amounts); /* exactly as returned */
	free(recorded);

	/* The confirmation's reads update the record's status. */
	shop_order_refresh(s);
	wait_idle(env, s);
	const char *status = shop_placed_order(s)->status;
	assert_non_null(status);
	assert_string_equal(shop_history_at(s, 0)->status, status);

	/* The next run reads it back, newest first, from the file the help names. */
	char *path = strdup(shop_history_path(s));
	env_free_shop(env, s);
	assert_int_equal(access(path, R_OK), 0);
	s = env_default_shop(env);
	assert_int_equal(shop_history_count(s), 1);
	assert_string_equal(shop_history_at(s, 0)->gett_order_id, id);
	add_pizza(env, s, 1);
	const external_order *second = place_cart(env, s, SHOP_MODE_PICKUP);
	assert_int_equal(shop_history_count(s), 2);
	assert_string_equal(shop_history_at(s, 0)->gett_order_id, second->gett_order_id);
	assert_string_equal(shop_history_at(s, 0)->fulfillment_type, FULFILLMENT_PICKUP);
	assert_null(shop_history_at(s, 0)->address);
	free(path);
	free(server_amounts);
	free(id);
}

/* The journal says placed but the history was never written (the app stopped between the two
   writes): the next start records it from the journal, once, and only for its own user. */
static void test_history_is_reconciled_from_the_journal(void **state)
{
	shop_env *env = *state;
	shop *s = env_pizza_shop(env, NULL, 1);
	const external_order *o = place_cart(env, s, SHOP_MODE_PICKUP);
	char *id = strdup(o->gett_order_id);
	char *path = strdup(shop_history_path(s));
	env_free_shop(env, s);
	assert_int_equal(unlink(path), 0); /* as if the app died before writing it */

	/* Another user's order on the same server, placed by hand in the journal. */
	char err[600];
	journal *j = env_open_journal();
	journal_entry *v;
	size_t n;
	assert_true(
	    journal_list(j, env->sb.base_url, JOURNAL_STATE_PLACED, &v, &n, NULL, err, sizeof err));
	assert_int_equal(n, 1);
	assert_string_equal(v[0].user, "demo-user");
	char other[JOURNAL_KEY_LEN + 1];
	journal_new_key(other);
	journal_set_user(j, "someone-else");
	assert_true(journal_begin(j, other, env->sb.base_url, v[0].body, err, sizeof err));
	assert_true(
	    journal_finish(j, other, JOURNAL_PLACED, "order-of-someone-else", err, sizeof err));
	char *key = strdup(v[0].key);
	journal_entries_free(v, n);
	journal_close(j);

	s = env_default_shop(env);
	assert_int_equal(shop_history_count(s), 1);
	const order_history_entry *e = shop_history_at(s, 0);
	assert_string_equal(e->idempotency_key, key);
	assert_string_equal(e->gett_order_id, id);
	assert_string_equal(e->store_id, PIZZA_STORE);
	assert_null(e->store_name); /* not loaded at the start: learnt when it is */
	assert_int_equal(e->n_lines, 1);
	assert_non_null(e->amounts); /* those validated and echoed in the request */
	assert_string_equal(e->fulfillment_type, FULFILLMENT_PICKUP);
	assert_string_equal(e->payment_label, "visa 4242");
	/* Its status can be read like any other. */
	shop_history_open(s, 0);
	wait_idle(env, s);
	assert_non_null(shop_history_order(s));
	assert_non_null(shop_history_at(s, 0)->status);
	open_store(env, s, PIZZA_STORE);
	assert_string_equal(shop_history_at(s, 0)->store_name, PIZZA_NAME);
	assert_non_null(shop_history_at(s, 0)->time_zone);
	env_free_shop(env, s);

	/* Once: a third start finds nothing to add. */
	s = env_default_shop(env);
	assert_int_equal(shop_history_count(s), 1);
	free(key);
	free(id);
	free(path);
}

/* GET /orders/{id} (§2.11): the first read is the sandbox's, the second says cancelled. */
static void test_history_status_follows_the_server(void **state)
{
	shop_env *env = *state;
	const char *rules[] = {
	    "{\"method\":\"GET\",\"path\":\"^/v1/marketplace/orders/[^/]+$\",\"times\":1}",
	    "{\"method\":\"GET\",\"path\":\"^/v1/marketplace/orders/[^/]+$\","
	    "\"set\":{\"state\":\"cancelled\",\"status\":\"cancelled\","
	    "\"cancelReason\":\"The store closed early.\"}}",
	    NULL};
	shop *s = env_pizza_shop(env, rules, 1);
	char *id = strdup(place_cart(env, s, SHOP_MODE_PICKUP)->gett_order_id);
	assert_null(shop_history_opened(s));
	shop_history_open(s, 0);
	assert_non_null(shop_history_opened(s));
	assert_true(shop_busy(s) > 0);
	wait_idle(env, s);
	const external_order *o = shop_history_order(s);
	assert_non_null(o);
	assert_string_equal(o->gett_order_id, id);
	assert_string_equal(o->state, "open");
	assert_string_equal(shop_history_opened(s)->state, "open");
	assert_non_null(shop_history_opened(s)->status);

	env->changes = 0;
	shop_history_refresh(s); /* what the view's timer calls */
	wait_idle(env, s);
	assert_true(env->changes & SHOP_CHANGED_HISTORY);
	assert_string_equal(shop_history_order(s)->state, "cancelled");
	const order_history_entry *e = shop_history_opened(s);
	assert_string_equal(e->state, "cancelled");
	assert_string_equal(e->cancel_reason, "The store closed early.");
	assert_true(e->status_at > 0);
	/* Kept for the next run. */
	env_free_shop(env, s);
	s = env_default_shop(env);
	assert_string_equal(shop_history_at(s, 0)->cancel_reason, "The store closed early.");
	shop_history_close(s);
	assert_null(shop_history_opened(s));
	free(id);
}

/* The demo catalog with the pizza dearer, the tiramisu gone, ranch no longer a dipping sauce
   and a new catalogSetId, as the proxy's answer to GET /catalog-sets/NEW_CATALOG. */
static char *changed_catalog_rule(void)
{
	json_error_t jerr;
	json_t *set = json_load_file(DEMO_DATADIR "/catalogs/" PIZZA_CATALOG ".json", 0, &jerr);
	assert_non_null(set);
	json_object_set_new(set, "catalogSetId", json_string(NEW_CATALOG));
	json_t *items = json_object_get(set, "items");
	const char *k;
	json_t *item;
	char *gone = NULL;
	void *tmp;
	json_object_foreach_safe(items, tmp, k, item)
	{
		const char *name = json_string_value(json_object_get(item, "name"));
		if (name && strcmp(name, BYO_PIZZA) == 0)
			json_object_set_new(item, "basePrice", json_real(12.5));
		if (name && strcmp(name, TIRAMISU) == 0) {
			gone = strdup(k);
			json_object_del(items, k);
		}
	}
	assert_non_null(gone);
	json_t *sections = json_object_get(set, "sections"), *sec;
	json_object_foreach (sections, k, sec) {
		json_t *ids = json_object_get(sec, "itemIds");
		for (size_t i = json_array_size(ids); i-- > 0;)
			if (strcmp(json_string_value(json_array_get(ids, i)), gone) == 0)
				json_array_remove(ids, i);
	}
	free(gone);
	json_t *groups = json_object_get(set, "modifierGroups");
	json_t *sauces = json_object_get(json_object_get(groups, SAUCES), "itemIds");
	for (size_t i = json_array_size(sauces); i-- > 0;)
		if (strcmp(json_string_value(json_array_get(sauces, i)), RANCH) == 0)
			json_array_remove(sauces, i);
	json_t *rule =
	    json_pack("{s:s, s:s, s:i, s:o}", "method", "GET", "path",
		      "^/v1/marketplace/catalog-sets/" NEW_CATALOG "$", "status", 200, "body", set);
	char *text = json_dumps(rule, JSON_COMPACT);
	json_decref(rule);
	return text;
}

static void test_reorder_reports_a_changed_catalog(void **state)
{
	shop_env *env = *state;
	char *catalog_rule = changed_catalog_rule();
	const char *rules[] = {/* The first read of the store (ordering) is the sandbox's; later
				  ones name a new catalog set, which the proxy serves changed. */
			       "{\"method\":\"GET\",\"path\":\"^/v1/marketplace/stores/" PIZZA_STORE
			       "$\",\"times\":1}",
			       "{\"method\":\"GET\",\"path\":\"^/v1/marketplace/stores/" PIZZA_STORE
			       "$\","
			       "\"set\":{\"catalogSetId\":\"" NEW_CATALOG "\"}}",
			       catalog_rule, NULL};
	shop *s = env_pizza_shop(env, rules, 2);
	line_item dessert = line_named(s, TIRAMISU);
	assert_int_equal(shop_cart_add(s, &dessert, false), SHOP_CART_OK);
	line_item knots = line_named(s, KNOTS);
	cart_modifier_group *g = line_item_ensure_group(&knots, SAUCES);
	g->items = realloc(g->items, (g->n_items + 1) * sizeof *g->items);
	g->items[g->n_items++] = (line_item){.item_id = strdup(RANCH), .quantity = 2};
	assert_int_equal(shop_cart_add(s, &knots, false), SHOP_CART_OK);
	place_cart(env, s, SHOP_MODE_PICKUP);
	assert_int_equal(count_requests(env, "GET", "/stores/" PIZZA_STORE), 1);
	const order_history_entry *e = shop_history_at(s, 0);
	assert_int_equal(e->n_lines, 3);
	/* An option chosen twice, as the cart writes it. */
	assert_string_equal(e->lines[2].options.v[0], "Ranch ×2");
	money pizza_was = e->lines[0].unit_price;

	assert_false(shop_reorder_begin(s, 7)); /* no such record */
	assert_true(shop_reorder_begin(s, 0));
	assert_int_equal(shop_reorder_state_now(s), SHOP_REORDER_LOADING);
	assert_int_equal(shop_reorder_finding_count(s), 0);
	wait_idle(env, s);
	assert_int_equal(shop_reorder_state_now(s), SHOP_REORDER_READY);
	/* Fetched, not taken from the cache: the store and the new set were read. */
	assert_int_equal(count_requests(env, "GET", "/stores/" PIZZA_STORE), 2);
	assert_int_equal(count_requests(env, "GET", "/catalog-sets/" NEW_CATALOG), 1);
	assert_int_equal(shop_reorder_finding_count(s), 3);
	bool saw_price = false, saw_gone = false, saw_options = false;
	for (size_t i = 0; i < shop_reorder_finding_count(s); i++) {
		const shop_reorder_finding *f = shop_reorder_finding_at(s, i);
		if (f->kind == SHOP_REORDER_PRICE_CHANGED) {
			saw_price = true;
			assert_string_equal(f->name, BYO_PIZZA);
			assert_int_equal(f->was, pizza_was);
			assert_int_equal(f->now, pizza_was + 150);
		} else if (f->kind == SHOP_REORDER_OPTIONS_CHANGED) {
			saw_options = true;
			assert_string_equal(f->name, KNOTS);
			assert_int_equal(f->line, 2);
			assert_non_null(strstr(f->detail, "Ranch"));
		} else {
			assert_int_equal(f->kind, SHOP_REORDER_GONE);
			saw_gone = true;
			assert_string_equal(f->name, TIRAMISU);
			assert_int_equal(f->line, 1);
			assert_null(f->detail);
		}
	}
	assert_true(saw_price && saw_gone && saw_options);
	assert_int_equal(shop_reorder_line_count(s), 1);

	/* A cart with lines is not replaced without asking. */
	line_item extra = simple_line(s, 1, TIRAMISU);
	assert_int_equal(shop_cart_add(s, &extra, false), SHOP_CART_OK);
	assert_int_equal(shop_reorder_accept(s, false), SHOP_CART_OTHER_STORE);
	assert_int_equal(shop_reorder_state_now(s), SHOP_REORDER_READY);
	assert_int_equal(shop_reorder_accept(s, true), SHOP_CART_OK);
	assert_int_equal(shop_reorder_state_now(s), SHOP_REORDER_NONE);
	const cart *c = shop_cart(s);
	assert_int_equal(c->n_lines, 1);
	assert_string_equal(c->catalog_set_id, NEW_CATALOG);
	assert_int_equal(c->lines[0].quantity, 2);
	assert_true(line_item_equal(&c->lines[0], &e->lines[0].line));
	assert_string_not_equal(c->lines[0].line_item_id, e->lines[0].line.line_item_id);
	money subtotal;
	assert_true(shop_cart_estimate(s, &subtotal));
	assert_int_equal(subtotal, 2 * (pizza_was + 150));
	free(catalog_rule);
}

/* A reorder whose store is left for another before its menu came ends; so does Esc. */
static void test_reorder_ends_when_left(void **state)
{
	shop_env *env = *state;
	shop *s = env_pizza_shop(env, NULL, 1);
	place_cart(env, s, SHOP_MODE_PICKUP);
	assert_true(shop_reorder_begin(s, 0));
	shop_open_store(s, COFFEE_STORE);
	wait_idle(env, s);
	assert_int_equal(shop_reorder_state_now(s), SHOP_REORDER_NONE);
	assert_string_equal(shop_current_store(s)->store_id, COFFEE_STORE);
	assert_true(shop_reorder_begin(s, 0));
	assert_true(shop_cancel_pending(s));
	assert_int_equal(shop_reorder_state_now(s), SHOP_REORDER_NONE);
	assert_int_equal(shop_reorder_accept(s, true), SHOP_CART_INVALID);
	wait_idle(env, s);
	assert_int_equal(shop_cart(s)->n_lines, 0);
}

/* A level-1 user (§4.6: identified, no phone, address or card) is told what is missing, adds a
   phone and orders. */
static shop_payment ivy_card = {
    .label = "visa (card on file)",
    .info = {.type = "cardOnFile", .card_token = "tok_visa", .processor_type = "stripe"}};

/* The sandbox's level-1 user (data/users.json): identified, no phone, address or card. */
static shop *ivy_shop(shop_env *env)
{
	env->profile = (api_profile){.partner_user_id = "ivy-identity-only",
				     .email = "ivy.chen@example.com",
				     .first_name = "Ivy",
				     .last_name = "Chen"};
	env_start(env, NULL, NULL);
	shop_settings set = env_settings(env);
	set.user = "ivy-identity-only";
	set.n_addresses = 0;
	set.payments = &ivy_card;
	return env_shop(env, &set);
}

static void test_level_one_user_adds_a_phone_and_orders(void **state)
{
	shop_env *env = *state;
	shop *s = ivy_shop(env);
	assert_int_equal(shop_account_state_now(s), SHOP_ACCOUNT_LOADING);
	wait_idle(env, s);
	assert_int_equal(shop_account_state_now(s), SHOP_ACCOUNT_IDENTIFIED);
	assert_string_equal(shop_account_name(s), "Ivy Chen");
	assert_int_equal(shop_account_me(s)->level, 1);
	assert_int_equal(shop_account_missing(s),
			 SHOP_MISSING_ADDRESS | SHOP_MISSING_PHONE | SHOP_MISSING_PAYMENT);
	assert_null(shop_account_anonymous_text(s));
	const char *why = NULL;
	add_pizza(env, s, 1);
	shop_checkout_begin(s);
	shop_checkout_set_mode(s, SHOP_MODE_DELIVERY);
	assert_int_equal(shop_account_checkout_fix(s, &why), SHOP_FIX_ADDRESS);
	shop_checkout_set_mode(s, SHOP_MODE_PICKUP);
	assert_int_equal(shop_account_checkout_fix(s, &why), SHOP_FIX_PHONE);
	assert_non_null(strstr(why, "phone"));
	shop_checkout_end(s);
	wait_idle(env, s);

	shop_account_set_phone(s, "206 555 0199"); /* not E.164: the server says why */
	assert_int_equal(shop_account_write_state(s), SHOP_WRITE_SAVING);
	wait_idle(env, s);
	assert_int_equal(shop_account_write_state(s), SHOP_WRITE_FAILED);
	assert_non_null(strstr(shop_account_write_error(s), "E.164"));
	assert_true(shop_account_missing(s) & SHOP_MISSING_PHONE);

	shop_account_set_phone(s, "+12065550199");
	wait_idle(env, s);
	assert_int_equal(shop_account_write_state(s), SHOP_WRITE_DONE);
	assert_null(shop_account_write_error(s));
	assert_string_equal(shop_account_me(s)->user->phone, "+12065550199");
	assert_false(shop_account_missing(s) & SHOP_MISSING_PHONE);
	assert_int_equal(count_requests(env, "PUT", "/checkout/profile"), 2);
	assert_int_equal(shop_account_checkout_fix(s, &why), SHOP_FIX_NONE);
	assert_null(why);

	const external_order *o = place_cart(env, s, SHOP_MODE_PICKUP);
	assert_non_null(o->gett_order_id);
	assert_int_equal(shop_history_count(s), 1);
	assert_string_equal(shop_history_at(s, 0)->payment_label, "visa (card on file)");
}

static void test_added_address_comes_back_geocoded(void **state)
{
	shop_env *env = *state;
	shop *s = ivy_shop(env);
	wait_idle(env, s);
	assert_int_equal(shop_address_count(s), 0);
	assert_true(shop_account_missing(s) & SHOP_MISSING_ADDRESS);
	assert_null(shop_account_added_address(s));
	assert_int_equal(shop_account_added_address_index(s), SIZE_MAX);

	address_input bad = {
	    .address1 = "1 Nowhere Rd", .city = "Atlantis", .postal_code = "00000", .state = "ZZ"};
	shop_account_add_address(s, &bad);
	wait_idle(env, s);
	assert_int_equal(shop_account_write_state(s), SHOP_WRITE_FAILED);
	assert_non_null(shop_account_write_error(s));
	assert_null(shop_account_added_address(s));

	address_input in = {
	    .address1 = "1600 E Pine St", .city = "Seattle", .postal_code = "98122", .state = "WA"};
	shop_account_add_address(s, &in);
	wait_idle(env, s);
	assert_int_equal(shop_account_write_state(s), SHOP_WRITE_DONE);
	const user_address_response *a = shop_account_added_address(s);
	assert_non_null(a);
	assert_non_null(a->user_address_id);
	assert_string_equal(a->address->address1, "1600 E Pine St");
	assert_non_null(a->address->location); /* geocoded by the server */
	assert_true(a->address->location->latitude > 47.0 && a->address->location->latitude < 48.0);
	assert_true(a->address->location->longitude < -122.0);
	/* A checkout choice now, and a place discovery can start from. */
	size_t at = shop_account_added_address_index(s);
	assert_true(at != SIZE_MAX);
	assert_int_equal(shop_address_count(s), 1);
	assert_string_equal(shop_address_at(s, at)->address.address1, "1600 E Pine St");
	assert_false(shop_account_missing(s) & SHOP_MISSING_ADDRESS); /* session/me read again */
	shop_discover_set_location(s, *a->address->location);
	assert_true(shop_discover_location(s).latitude == a->address->location->latitude);
	add_pizza(env, s, 1);
	shop_checkout_begin(s);
	shop_checkout_set_mode(s, SHOP_MODE_DELIVERY);
	shop_checkout_set_address(s, at);
	expect_valid(env, s);
	assert_string_equal(shop_validated_order(s)->delivery_info->address->address1,
			    "1600 E Pine St");
}

/* Cards are listed, never entered; the one chosen as default is the next cart's card. */
static void test_default_card_is_chosen(void **state)
{
	shop_env *env = *state;
	shop *s = env_demo_shop(env);
	wait_idle(env, s);
	assert_true(shop_payment_count(s) >= 2); /* the config's, then the saved ones */
	size_t last = shop_payment_count(s) - 1;
	assert_int_equal(shop_account_default_payment(s), SIZE_MAX);
	shop_account_set_default_payment(s, last);
	assert_int_equal(shop_account_default_payment(s), last);
	int lists = count_requests(env, "GET", "/checkout/payments");
	shop_account_payments_refresh(s);
	wait_idle(env, s);
	assert_int_equal(count_requests(env, "GET", "/checkout/payments"), lists + 1);
	assert_int_equal(shop_account_default_payment(s), last); /* found again by its id */
	add_pizza(env, s, 1);
	shop_checkout_begin(s);
	assert_int_equal(shop_checkout_payment(s), last);
	shop_checkout_end(s);
	wait_idle(env, s);
}

/* The default card chosen is kept for the next runs, per server and user (the API has no "set
   default" call); a chosen card the server no longer lists is ignored, and said; without a
   choice, the server's lastPaymentId (the card used last, §3.9) is the default. */
static void test_default_card_outlives_the_run(void **state)
{
	shop_env *env = *state;
	shop *s = env_demo_shop(env);
	wait_idle(env, s);
	size_t last = shop_payment_count(s) - 1; /* a saved card, after the config's */
	const char *last_id = shop_payment_at(s, last)->info.payment_id;
	assert_non_null(last_id);
	char *chosen = strdup(last_id);
	shop_account_set_default_payment(s, last);
	env_free_shop(env, s);

	/* The next run reads it with the account: the card of a new cart. */
	s = env_default_shop(env);
	wait_idle(env, s);
	assert_int_equal(shop_account_default_payment(s), last);
	assert_false(shop_account_default_gone(s));
	add_pizza(env, s, 1);
	shop_checkout_begin(s);
	assert_int_equal(shop_checkout_payment(s), last);
	shop_checkout_end(s);
	wait_idle(env, s);
	env_free_shop(env, s);

	/* A choice naming a card that is no longer saved is ignored. */
	char err[600];
	keyed_file f;
	assert_true(account_file_init(&f, NULL, env_base_url(env), "demo-user", err, sizeof err));
	assert_true(account_file_save_payment(&f, "0b8a6a36-0000-4000-8000-000000000000", NULL, err,
					      sizeof err));
	keyed_file_clear(&f);
	s = env_default_shop(env);
	wait_idle(env, s);
	assert_true(shop_account_default_gone(s));
	assert_int_equal(shop_account_default_payment(s), SIZE_MAX);
	/* The restored cart pays with the card its draft kept: the server makes it the user's
	   last-used card. */
	shop_checkout_begin(s);
	assert_int_equal(shop_checkout_payment(s), last);
	expect_valid(env, s);
	expect_place_ends(env, s, SHOP_PLACE_DONE);
	env_free_shop(env, s);

	/* Nothing chosen, nothing placed from here (another state directory): lastPaymentId. */
	char state_dir[160];
	snprintf(state_dir, sizeof state_dir, "%s/other-state", env->dir);
	shop_settings set = env_settings(env);
	set.state_dir = state_dir;
	s = env_shop(env, &set);
	wait_idle(env, s);
	assert_false(shop_account_default_gone(s));
	assert_string_equal(shop_account_me(s)->user->last_payment_id, chosen);
	assert_int_equal(shop_account_default_payment(s), last);
	free(chosen);
}

/* An anonymous session is told what identifying needs: the config's [profile]. */
static void test_anonymous_account_is_explained(void **state)
{
	shop_env *env = *state;
	env->profile = (api_profile){0};
	env_start(env, NULL, NULL);
	shop_settings set = env_settings(env);
	set.user = NULL;
	set.config_path = "/home/me/.config/gett-tui/config";
	shop *s = env_shop(env, &set);
	wait_idle(env, s);
	assert_int_equal(shop_account_state_now(s), SHOP_ACCOUNT_ANONYMOUS);
	assert_null(shop_account_name(s));
	const char *text = shop_account_anonymous_text(s);
	assert_non_null(text);
	assert_non_null(strstr(text, "[profile]"));
	assert_non_null(strstr(text, "/home/me/.config/gett-tui/config"));
	const char *why = NULL;
	assert_int_equal(shop_account_checkout_fix(s, &why), SHOP_FIX_IDENTIFY);
	assert_string_equal(why, text);
}

/* A failed read of the account is kept for the Account view; it never replaces the notice,
   which may be telling the user about an order recovered at start-up. */
static void test_account_read_failure_is_not_the_notice(void **state)
{
	shop_env *env = *state;
	env_start(env, NULL, NULL);
	unsigned port = env->sb.port;
	env_stop_sandbox(env);
	shop *s = env_default_shop(env);
	assert_int_equal(shop_account_state_now(s), SHOP_ACCOUNT_LOADING);
	assert_int_equal(env->notifications, 0); /* shop_new never calls back */
	wait_idle(env, s);
	assert_int_equal(shop_account_state_now(s), SHOP_ACCOUNT_FAILED);
	assert_non_null(shop_account_error(s));
	assert_true(!shop_notice(s) || strcmp(shop_notice(s), shop_account_error(s)) != 0);
	assert_null(shop_account_me(s));
	assert_int_equal(shop_account_missing(s), 0);
	/* Read again once the server is back. */
	env_restart_sandbox(env, NULL, port);
	shop_account_refresh(s);
	wait_idle(env, s);
	assert_int_equal(shop_account_state_now(s), SHOP_ACCOUNT_IDENTIFIED);
	assert_null(shop_account_error(s));
	assert_string_equal(shop_account_name(s), "Dana Demo");
}

#define T(f) cmocka_unit_test_setup_teardown(f, shop_setup, shop_teardown)

void it_shop_history_tests(it_tests *all)
{
	static const struct CMUnitTest tests[] = {
	    T(test_history_records_the_placed_order),
	    T(test_history_is_reconciled_from_the_journal),
	    T(test_history_status_follows_the_server),
	    T(test_reorder_reports_a_changed_catalog),
	    T(test_reorder_ends_when_left),
	    T(test_level_one_user_adds_a_phone_and_orders),
	    T(test_added_address_comes_back_geocoded),
	    T(test_default_card_is_chosen),
	    T(test_default_card_outlives_the_run),
	    T(test_anonymous_account_is_explained),
	    T(test_account_read_failure_is_not_the_notice),
	};
	it_tests_add(all, tests, sizeof tests / sizeof *tests);
}

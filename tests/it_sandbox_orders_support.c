/* Demo-data lookups, request builders and HTTP helpers for it_sandbox_orders.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "it_sandbox_orders.h"

sandbox main_sb, aux_sb;
json_t *stores_json, *users_json;
json_t *catalogs; /* stem -> CatalogSet, loaded on first use */

/* ------------------------------------------------------------------ demo data */

json_t *load(const char *rel)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", DEMO_DATADIR, rel);
	return json_load_file(path, 0, NULL);
}

bool demo_data_load(void)
{
	stores_json = load("stores.json");
	users_json = load("users.json");
	catalogs = json_object();
	return stores_json && users_json;
}

void demo_data_free(void)
{
	json_decref(stores_json);
	json_decref(users_json);
	json_decref(catalogs);
	stores_json = users_json = catalogs = NULL;
}

int orders_group_start(void **state)
{
	const char *args[] = {"--now", NOW, NULL};
	return demo_data_load() && sandbox_start(&main_sb, DEMO_DATADIR, args) ? 0 : -1;
}

int orders_group_stop(void **state)
{
	demo_data_free();
	return sandbox_stop(&main_sb) == 0 ? 0 : -1;
}

int stop_aux(void **state)
{
	if (aux_sb.pid > 0)
		sandbox_stop(&aux_sb);
	return 0;
}

/* The element of the array root[list] whose `key` is `value`; fails the test when absent. */
static const json_t *entry_with(const json_t *root, const char *list, const char *key,
				const char *value)
{
	size_t i;
	json_t *e;
	json_array_foreach (json_object_get(root, list), i, e) {
		if (strcmp(str(e, key), value) == 0)
			return e;
	}
	fail_msg("no %s with %s %s in the demo data", list, key, value);
	return NULL;
}

const json_t *store_of(const char *stem)
{
	return entry_with(stores_json, "stores", "stem", stem);
}

const json_t *catalog_of(const char *stem)
{
	json_t *c = json_object_get(catalogs, stem);
	if (!c) {
		char rel[128];
		snprintf(rel, sizeof rel, "catalogs/%s.json", str(store_of(stem), "catalogSetId"));
		c = load(rel);
		assert_non_null(c);
		json_object_set_new(catalogs, stem, c);
	}
	return c;
}

const json_t *item_of(const char *stem, const char *item_id)
{
	return json_object_get(json_object_get(catalog_of(stem), "items"), item_id);
}

/* The id of the first item with this name (menu items and options alike). */
const char *item_named(const char *stem, const char *name)
{
	const char *id;
	json_t *it;
	json_object_foreach (json_object_get(catalog_of(stem), "items"), id, it) {
		if (strcmp(str(it, "name"), name) == 0)
			return id;
	}
	fail_msg("no item %s in %s", name, stem);
	return NULL;
}

const json_t *group_of(const char *stem, const char *group_id)
{
	return json_object_get(json_object_get(catalog_of(stem), "modifierGroups"), group_id);
}

/* The group called `name` among the item's own modifierGroupIds. */
const char *group_named(const char *stem, const char *item_id, const char *name)
{
	size_t i;
	json_t *g;
	json_array_foreach (json_object_get(item_of(stem, item_id), "modifierGroupIds"), i, g) {
		if (strcmp(str(group_of(stem, json_string_value(g)), "name"), name) == 0)
			return json_string_value(g);
	}
	fail_msg("item %s of %s has no group %s", item_id, stem, name);
	return NULL;
}

money money_at(const json_t *obj, const char *key)
{
	money m = 0;
	assert_int_equal(money_from_json(json_object_get(obj, key), &m), MONEY_OK);
	return m;
}

money price_of(const char *stem, const char *item_name)
{
	return money_at(item_of(stem, item_named(stem, item_name)), "basePrice");
}

/* Contract §4.2: the k-th selection costs the tier with the greatest offset <= k. */
money tier_price(const char *stem, const char *group_id, long long k)
{
	money price = -1;
	size_t i;
	json_t *t;
	json_array_foreach (json_object_get(group_of(stem, group_id), "tiers"), i, t) {
		if (json_integer_value(json_object_get(t, "offset")) <= k)
			price = money_at(t, "price");
	}
	assert_true(price >= 0);
	return price;
}

const json_t *user_of(const char *partner_user_id)
{
	return entry_with(users_json, "users", "partnerUserId", partner_user_id);
}

/* ------------------------------------------------------------------ building requests */

json_t *line_of(const char *stem, const char *item_name, long long quantity)
{
	return json_pack("{s:s, s:I, s:[]}", "itemId", item_named(stem, item_name), "quantity",
			 (json_int_t)quantity, "modifierGroups");
}

/* Adds a selection to `owner` (a line or option line); returns the option line for nesting. */
json_t *choose(json_t *owner, const char *stem, const char *group_name, const char *option_name,
	       long long quantity)
{
	const char *group_id = group_named(stem, str(owner, "itemId"), group_name);
	json_t *groups = json_object_get(owner, "modifierGroups"), *sel = NULL, *g;
	size_t i;
	json_array_foreach (groups, i, g) {
		if (strcmp(str(g, "modifierGroupId"), group_id) == 0)
			sel = g;
	}
	if (!sel) {
		sel = json_pack("{s:s, s:[]}", "modifierGroupId", group_id, "items");
		json_array_append_new(groups, sel);
	}
	json_t *opt = line_of(stem, option_name, quantity);
	json_array_append_new(json_object_get(sel, "items"), opt);
	return opt;
}

/* The §4.1 pizza: Build Your Own, Large, Classic crust, Pepperoni x2 + Black Olives x1. */
json_t *pizza_line(long long quantity, money *unit)
{
	json_t *l = line_of(PIZZA, "Build Your Own Pizza", quantity);
	choose(l, PIZZA, "Size", "Large (16\")", 1);
	choose(l, PIZZA, "Crust", "Classic Hand-Tossed", 1);
	choose(l, PIZZA, "Toppings", "Pepperoni", 2);
	choose(l, PIZZA, "Toppings", "Black Olives", 1);
	const char *toppings = group_named(PIZZA, str(l, "itemId"), "Toppings");
	*unit = price_of(PIZZA, "Build Your Own Pizza") + price_of(PIZZA, "Large (16\")") +
		price_of(PIZZA, "Classic Hand-Tossed") + tier_price(PIZZA, toppings, 0) +
		tier_price(PIZZA, toppings, 1) + tier_price(PIZZA, toppings, 2);
	return l;
}

json_t *cart_of(const char *stem, json_t *lines)
{
	const json_t *s = store_of(stem);
	return json_pack("{s:s, s:s, s:o}", "storeId", str(s, "storeId"), "catalogSetId",
			 str(s, "catalogSetId"), "lineItems", lines);
}

/* An ExternalOrder for validate; API-key calls need the customer block (§3.6). */
json_t *order_of(const char *stem, json_t *lines, const char *mode, money tip)
{
	return json_pack("{s:o, s:s, s:{s:o}, s:{s:s, s:s, s:s, s:s, s:s}}", "cart",
			 cart_of(stem, lines), "fulfillmentType", mode, "amounts", "tip",
			 money_to_json(tip), "customer", "email", "it@example.com", "firstName",
			 "Ida", "lastName", "Tester", "phone", "+12065550199", "partnerUserId",
			 "it-orders");
}

json_t *delivery_to(const json_t *address)
{
	return json_pack("{s:s, s:O}", "type", "HandToCustomer", "address", address);
}

const json_t *home_of(const char *partner_user_id)
{
	return json_object_get(
	    json_array_get(json_object_get(user_of(partner_user_id), "addresses"), 0), "address");
}

/* ------------------------------------------------------------------ HTTP */

json_t *post(const char *path, const json_t *body, long expect)
{
	return send_on(&main_sb, "POST", path, SANDBOX_DEMO_KEY, body, NULL, expect);
}

char *session_on(const sandbox *sb, const char *partner_user_id)
{
	if (!partner_user_id)
		return session_with(sb, "{}");
	const json_t *u = user_of(partner_user_id);
	json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "partnerUserId", partner_user_id, "email",
				 str(u, "email"), "firstName", str(u, "firstName"), "lastName",
				 str(u, "lastName"));
	char *text = json_dumps(body, JSON_COMPACT);
	char *token = session_with(sb, text);
	free(text);
	json_decref(body);
	return token;
}

/* One request expected to fail with `code`; optionally checks errors[0].{code,jsonPath}. */
void expect_problem(const char *path, json_t *body, long status, const char *code,
		    const char *err_code, const char *err_path)
{
	json_t *p = post(path, body, status);
	assert_problem(p, status, code);
	if (err_code)
		assert_string_equal(str(error_at(p, 0), "code"), err_code);
	if (err_path)
		assert_string_equal(str(error_at(p, 0), "jsonPath"), err_path);
	json_decref(p);
	json_decref(body);
}

/* ------------------------------------------------------------------ amounts */

static money lines_sum(const json_t *a, const char *key)
{
	money sum = 0;
	size_t i;
	json_t *l;
	json_array_foreach (json_object_get(a, key), i, l) {
		assert_non_null(str(l, "name"));
		sum += money_at(l, "value");
	}
	return sum;
}

/* The documented formula (docs/sandbox.md) recomputed from the store's `_sandbox` data. */
void assert_amounts(const json_t *a, const char *stem, money sub, bool delivery, money tip)
{
	const json_t *sx = json_object_get(store_of(stem), "_sandbox");
	const json_t *promo = json_object_get(sx, "promotion");
	money fees = (delivery ? money_at(sx, "deliveryFee") : 0) +
		     money_percent_bp(
			 sub, json_integer_value(json_object_get(sx, "serviceFeePercent")) * 100);
	money promotions = 0;
	if (json_is_object(promo) && sub >= money_at(promo, "minSubTotal"))
		promotions = money_percent_bp(sub, money_at(promo, "percentOff")); /* % -> bp */
	money taxes = money_percent_bp(
	    sub - promotions, json_integer_value(json_object_get(sx, "taxRateBasisPoints")));
	assert_int_equal(money_at(a, "subTotal"), sub);
	assert_int_equal(money_at(a, "fees"), fees);
	assert_int_equal(money_at(a, "promotions"), promotions);
	assert_int_equal(money_at(a, "taxes"), taxes);
	assert_int_equal(money_at(a, "adjustments"), 0);
	assert_int_equal(money_at(a, "tip"), tip);
	assert_int_equal(money_at(a, "total"), sub + fees - promotions + taxes + tip);
	assert_int_equal(lines_sum(a, "feesDescription"), fees);
	assert_int_equal(lines_sum(a, "promotionsDescription"), promotions);
	assert_int_equal(lines_sum(a, "taxesDescription"), taxes);
	assert_int_equal(lines_sum(a, "adjustmentsDescription"), 0);
	assert_int_equal(lines_sum(a, "tipDescription"), tip);
	assert_int_equal(json_array_size(json_object_get(a, "tipDescription")),
			 tip == 0	       ? 0
			 : delivery && tip > 1 ? 2
					       : 1);
}

json_t *add_body(const char *stem, json_t *item, bool with_store, bool with_set)
{
	const json_t *s = store_of(stem);
	json_t *b = json_pack("{s:o}", "item", item);
	if (with_store)
		json_object_set(b, "storeId", json_object_get(s, "storeId"));
	if (with_set)
		json_object_set(b, "catalogSetId", json_object_get(s, "catalogSetId"));
	return b;
}

/* ------------------------------------------------------------------ place */

/* Validates on sb and turns the answer into a place body paying with `payment`. */
json_t *validated_place_body(const sandbox *sb, const char *token, json_t *order, json_t *payment)
{
	json_t *v = send_on(sb, "POST", VALIDATE, token, order, NULL, 200);
	json_t *body = json_object();
	const char *keys[] = {"cart",	  "fulfillmentType", "deliveryInfo",
			      "customer", "amounts",	     "validatedOrderToken"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (json_object_get(v, keys[i]))
			json_object_set(body, keys[i], json_object_get(v, keys[i]));
	json_object_set_new(body, "payment", payment);
	json_decref(v);
	json_decref(order);
	return body;
}

json_t *card(const char *token)
{
	return json_pack("{s:s, s:s, s:s}", "type", "cardOnFile", "cardToken", token,
			 "processorType", "stripe");
}

json_t *pizza_place_body(const sandbox *sb, const char *card_token, money tip)
{
	money unit;
	return validated_place_body(
	    sb, SANDBOX_DEMO_KEY,
	    order_of(PIZZA, json_pack("[o]", pizza_line(1, &unit)), PICKUP, tip), card(card_token));
}

long px_of(const json_t *order)
{
	long n = -1;
	assert_int_equal(sscanf(str(order, "partnerOrderId"), "PX-%ld", &n), 1);
	return n;
}

json_t *place_on(const sandbox *sb, const json_t *body, const char *key, long expect)
{
	return send_on(sb, "POST", PLACE, SANDBOX_DEMO_KEY, body, key, expect);
}

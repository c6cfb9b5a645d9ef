/*
 * Integration tests of gett-sandbox's order side (cart helpers, validate, place, order read)
 * against the demo data in data/. Expected prices and amounts are recomputed here from the
 * data's catalogs and `_sandbox` rates, never copied from the server.
 *
 * The main sandbox runs with the clock pinned to Wednesday 2026-11-18 11:30 in Seattle
 * (19:30Z). Tests needing another clock, validation style, idempotency mode, fault or
 * lifecycle speed start a sandbox of their own.
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

#include "it_sandbox_orders.h"

/* ------------------------------------------------------------------ cart helpers */

static void test_cart_add_appends_lines(void **state)
{
	money unit;
	json_t *item = pizza_line(1, &unit);
	/* The legacy spelling of the selection array is accepted; output always says `items`. */
	json_t *sel =
	    json_object_get(json_array_get(json_object_get(item, "modifierGroups"), 0), "items");
	json_object_set(json_array_get(json_object_get(item, "modifierGroups"), 0),
			"selectedModifiers", sel);
	json_object_del(json_array_get(json_object_get(item, "modifierGroups"), 0), "items");
	const json_t *s = store_of(PIZZA);
	json_t *body = json_pack("{s:n, s:s, s:s, s:O}", "cart", "storeId", str(s, "storeId"),
				 "catalogSetId", str(s, "catalogSetId"), "item", item);
	json_t *cart = post(CARTS "add", body, 200);
	json_t *lines = json_object_get(cart, "lineItems");
	assert_int_equal(json_array_size(lines), 1);
	const char *id1 = str(json_array_get(lines, 0), "lineItemId");
	assert_int_equal(strlen(id1), 36);
	json_t *g0 = json_array_get(json_object_get(json_array_get(lines, 0), "modifierGroups"), 0);
	assert_int_equal(json_array_size(json_object_get(g0, "items")), 1);
	assert_null(json_object_get(g0, "selectedModifiers"));

	/* The same configuration again through the alias: a second line, never merged. */
	json_decref(body);
	body = json_pack("{s:O, s:O}", "cart", cart, "item", item);
	json_t *cart2 = post(CARTS "items", body, 200);
	lines = json_object_get(cart2, "lineItems");
	assert_int_equal(json_array_size(lines), 2);
	assert_string_equal(str(json_array_get(lines, 0), "lineItemId"), id1);
	assert_string_not_equal(str(json_array_get(lines, 1), "lineItemId"), id1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(lines, 1), "quantity")),
			 1);
	json_decref(body);
	json_decref(cart);
	json_decref(cart2);
	json_decref(item);
}

static void test_cart_update_and_remove(void **state)
{
	json_t *lines =
	    json_pack("[o, o]", line_of(PIZZA, "Tiramisu", 1), line_of(PIZZA, "Bottled Water", 2));
	json_object_set_new(json_array_get(lines, 0), "lineItemId", json_string("line-a"));
	json_object_set_new(json_array_get(lines, 1), "lineItemId", json_string("line-b"));
	json_t *cart = cart_of(PIZZA, lines);

	json_t *body =
	    json_pack("{s:O, s:s, s:i}", "cart", cart, "lineItemId", "line-b", "quantity", 3);
	json_t *out = post(CARTS "update", body, 200);
	assert_int_equal(json_integer_value(json_object_get(
			     json_array_get(json_object_get(out, "lineItems"), 1), "quantity")),
			 3);
	json_decref(out);
	json_object_set_new(body, "quantity", json_integer(0)); /* 0 removes the line */
	out = post(CARTS "update", body, 200);
	assert_int_equal(json_array_size(json_object_get(out, "lineItems")), 1);
	assert_string_equal(str(json_array_get(json_object_get(out, "lineItems"), 0), "lineItemId"),
			    "line-a");
	json_decref(out);
	json_object_set_new(body, "quantity", json_integer(-1));
	expect_problem(CARTS "update", json_incref(body), 400, "INVALID_REQUEST", NULL,
		       "$.quantity");
	json_object_set_new(body, "quantity", json_integer(2));
	json_object_set_new(body, "lineItemId", json_string("no-such-line"));
	expect_problem(CARTS "update", json_incref(body), 400, "INVALID_REQUEST", NULL,
		       "$.lineItemId");
	json_decref(body);

	body = json_pack("{s:O, s:s}", "cart", cart, "lineItemId", "line-a");
	out = post(CARTS "remove", body, 200);
	assert_int_equal(json_array_size(json_object_get(out, "lineItems")), 1);
	assert_string_equal(str(json_array_get(json_object_get(out, "lineItems"), 0), "lineItemId"),
			    "line-b");
	json_decref(out);
	json_object_set_new(body, "lineItemId", json_string("line-z"));
	expect_problem(CARTS "remove", body, 400, "INVALID_REQUEST", NULL, "$.lineItemId");
	json_decref(cart);
}

static void test_cart_add_errors(void **state)
{
	expect_problem(CARTS "add", add_body(PIZZA, line_of(PIZZA, "Tiramisu", 1), true, false),
		       400, "CATALOGSET_REQUIRED", NULL, NULL);
	expect_problem(CARTS "add", add_body(PIZZA, line_of(PIZZA, "Tiramisu", 1), false, true),
		       400, "MISSING_STORE_ID", NULL, NULL);
	/* Another store's (current) catalog set is not this store's menu. */
	json_t *b = add_body(PIZZA, line_of(PIZZA, "Tiramisu", 1), true, false);
	json_object_set(b, "catalogSetId", json_object_get(store_of(RAMEN), "catalogSetId"));
	expect_problem(CARTS "add", b, 404, "CATALOGSET_NOT_FOUND", NULL, NULL);
	b = add_body(PIZZA, line_of(PIZZA, "Tiramisu", 1), false, true);
	json_object_set_new(b, "storeId", json_string("0b8a6a36-0000-4000-8000-000000000000"));
	expect_problem(CARTS "add", b, 404, "STORE_NOT_FOUND", NULL, NULL);
	/* An option is an item of the set but not on the menu. */
	expect_problem(CARTS "add", add_body(PIZZA, line_of(PIZZA, "Pepperoni", 1), true, true),
		       400, "ITEM_UNAVAILABLE", "ITEM_UNAVAILABLE", "$.item");
	json_t *unknown =
	    json_pack("{s:s, s:i, s:[]}", "itemId", "not-an-item", "quantity", 1, "modifierGroups");
	expect_problem(CARTS "add", add_body(PIZZA, unknown, true, true), 400, "ITEM_UNAVAILABLE",
		       NULL, "$.item");
	/* Size and Crust are required. */
	json_t *p =
	    post(CARTS "add",
		 b = add_body(PIZZA, line_of(PIZZA, "Build Your Own Pizza", 1), true, true), 400);
	assert_problem(p, 400, "MODIFIER_REQUIRED");
	assert_int_equal(json_array_size(json_object_get(p, "errors")), 2);
	json_decref(p);
	json_decref(b);
	/* quantity below 1 is malformed. */
	expect_problem(CARTS "add", add_body(PIZZA, line_of(PIZZA, "Tiramisu", 0), true, true), 400,
		       "INVALID_REQUEST", NULL, "$.item.quantity");
}

/* ------------------------------------------------------------------ validate: success */

static void test_validate_pickup_amounts(void **state)
{
	money unit;
	json_t *order = order_of(PIZZA, json_pack("[o]", pizza_line(2, &unit)), PICKUP, 300);
	json_t *v = post(VALIDATE, order, 200);
	assert_true(json_is_true(json_object_get(v, "isValid")));
	assert_int_equal(json_array_size(json_object_get(v, "errors")), 0);
	assert_true(json_is_null(json_object_get(v, "traceId")));
	assert_true(strlen(str(v, "validatedOrderToken")) > 10);
	assert_amounts(json_object_get(v, "amounts"), PIZZA, 2 * unit, false, 300);
	json_decref(v);
	json_decref(order);
}

static void test_validate_delivery_amounts(void **state)
{
	money unit;
	json_t *order = order_of(PIZZA, json_pack("[o]", pizza_line(1, &unit)), DELIVERY, 501);
	json_object_set_new(order, "deliveryInfo", delivery_to(home_of("demo-user")));
	json_t *v = post(VALIDATE, order, 200);
	assert_amounts(json_object_get(v, "amounts"), PIZZA, unit, true, 501);
	const json_t *loc = json_object_get(
	    json_object_get(json_object_get(v, "deliveryInfo"), "address"), "location");
	assert_true(json_is_number(json_object_get(loc, "latitude")));
	json_decref(v);

	/* §3.6: delivery needs deliveryInfo with its handoff type, address or not. */
	json_object_del(order, "deliveryInfo");
	expect_problem(VALIDATE, json_incref(order), 400, "INVALID_REQUEST", NULL,
		       "$.deliveryInfo.type");
	json_object_set_new(order, "deliveryInfo", json_pack("{s:s}", "instructions", "Ring"));
	expect_problem(VALIDATE, json_incref(order), 400, "INVALID_REQUEST", NULL,
		       "$.deliveryInfo.type");
	json_decref(order);

	/* Without an address the session's fulfillment context supplies the saved one. */
	char *token = session_on(&main_sb, "demo-user");
	const json_t *saved = json_array_get(json_object_get(user_of("demo-user"), "addresses"), 1);
	json_t *ctx = json_pack("{s:s, s:O}", "mode", DELIVERY, "addressId",
				json_object_get(saved, "userAddressId"));
	json_decref(send_on(&main_sb, "PUT", "/v1/marketplace/session/fulfillment-context", token,
			    ctx, NULL, 200));
	order = order_of(PIZZA, json_pack("[o]", pizza_line(1, &unit)), DELIVERY, 0);
	json_object_set_new(order, "deliveryInfo", json_pack("{s:s}", "type", "HandToCustomer"));
	json_object_del(order, "customer"); /* the session user's profile is used */
	v = send_on(&main_sb, "POST", VALIDATE, token, order, NULL, 200);
	assert_string_equal(
	    str(json_object_get(json_object_get(v, "deliveryInfo"), "address"), "address1"),
	    str(json_object_get(saved, "address"), "address1"));
	assert_string_equal(str(json_object_get(v, "customer"), "email"),
			    str(user_of("demo-user"), "email"));
	assert_amounts(json_object_get(v, "amounts"), PIZZA, unit, true, 0);
	json_decref(v);
	json_decref(order);
	json_decref(ctx);
	free(token);

	/* A user without a phone: the echo leaves the customer out rather than send one the
	   schema refuses (§3.6 phone is required); a request's customer still needs one. */
	token = session_on(&main_sb, "ivy-identity-only");
	order = order_of(PIZZA, json_pack("[o]", pizza_line(1, &unit)), PICKUP, 0);
	json_t *sent = json_incref(json_object_get(order, "customer"));
	json_object_del(order, "customer");
	v = send_on(&main_sb, "POST", VALIDATE, token, order, NULL, 200);
	assert_null(json_object_get(v, "customer"));
	json_decref(v);
	json_object_del(sent, "phone");
	json_object_set_new(order, "customer", sent);
	expect_problem(VALIDATE, order, 400, "INVALID_REQUEST", NULL, "$.customer.phone");
	free(token);
}

static void test_validate_promotion_and_nesting(void **state)
{
	/* Bagels: 10 % off over $30; taxes apply after the promotion. */
	const char *fisherman = "Ballard Fisherman: Smoked Salmon, Dill Cream Cheese, Pickled "
				"Onions & Capers";
	json_t *order =
	    order_of(BAGELS, json_pack("[o]", line_of(BAGELS, fisherman, 3)), PICKUP, 0);
	json_t *v = post(VALIDATE, order, 200);
	const json_t *a = json_object_get(v, "amounts");
	assert_amounts(a, BAGELS, 3 * price_of(BAGELS, fisherman), false, 0);
	assert_true(money_at(a, "promotions") > 0);
	assert_string_equal(
	    str(json_array_get(json_object_get(a, "promotionsDescription"), 0), "name"),
	    str(json_object_get(json_object_get(store_of(BAGELS), "_sandbox"), "promotion"),
		"name"));
	json_decref(v);
	json_decref(order);

	/* Smash Combo nests three levels: burger -> cheese -> extra. */
	json_t *combo = line_of(BURGERS, "Smash Combo", 1);
	json_t *burger = choose(combo, BURGERS, "Choose Burger", "Double Smash", 1);
	json_t *cheese = choose(burger, BURGERS, "Cheese", "American", 1);
	choose(cheese, BURGERS, "Extra", "Extra Slice", 1);
	choose(combo, BURGERS, "Choose Side", "Tots", 1);
	choose(combo, BURGERS, "Choose Drink", "Lemonade", 1);
	money sub = price_of(BURGERS, "Smash Combo") + price_of(BURGERS, "Double Smash") +
		    price_of(BURGERS, "American") + price_of(BURGERS, "Extra Slice") +
		    price_of(BURGERS, "Tots") + price_of(BURGERS, "Lemonade");
	order = order_of(BURGERS, json_pack("[O]", combo), PICKUP, 100);
	v = post(VALIDATE, order, 200);
	assert_amounts(json_object_get(v, "amounts"), BURGERS, sub, false, 100);
	json_decref(v);
	json_decref(order);

	/* Dropping the burger's required cheese is reported at the nested option line. */
	json_object_set_new(burger, "modifierGroups", json_array());
	order = order_of(BURGERS, json_pack("[o]", combo), PICKUP, 0);
	expect_problem(VALIDATE, order, 400, "MODIFIER_REQUIRED", "MODIFIER_REQUIRED",
		       "$.cart.lineItems[0].modifierGroups[0].items[0]");
}

/* ------------------------------------------------------------------ validate: errors */

static void test_validate_whole_order_errors(void **state)
{
	json_t *o = order_of(PIZZA, json_pack("[o]", line_of(PIZZA, "Tiramisu", 1)), PICKUP, 0);
	json_object_set_new(json_object_get(o, "cart"), "storeId",
			    json_string("0b8a6a36-0000-4000-8000-000000000000"));
	expect_problem(VALIDATE, o, 404, "STORE_NOT_FOUND", NULL, NULL);
	o = order_of(PIZZA, json_pack("[o]", line_of(PIZZA, "Tiramisu", 1)), PICKUP, 0);
	json_object_set(json_object_get(o, "cart"), "catalogSetId",
			json_object_get(store_of(BAGELS), "catalogSetId"));
	expect_problem(VALIDATE, o, 404, "CATALOGSET_NOT_FOUND", NULL, NULL);
	expect_problem(VALIDATE, order_of(PIZZA, json_array(), PICKUP, 0), 400, "CART_EMPTY", NULL,
		       NULL);
	expect_problem(
	    VALIDATE,
	    order_of(SMOKEHOUSE, json_pack("[o]", line_of(SMOKEHOUSE, "Cornbread", 1)), PICKUP, 0),
	    400, "STORE_CLOSED", NULL, NULL);
	expect_problem(VALIDATE,
		       order_of(PIZZA, json_pack("[o]", line_of(PIZZA, "Tiramisu", 1)), "Drone", 0),
		       400, "INVALID_REQUEST", NULL, "$.fulfillmentType");
	expect_problem(VALIDATE,
		       order_of(RAMEN, json_pack("[o]", line_of(RAMEN, "Edamame", 4)), PICKUP, 0),
		       400, "INVALID_REQUEST", NULL, "$.fulfillmentType");
	/* §4.9: no tips at the falafel shop; negative tips never. */
	expect_problem(
	    VALIDATE,
	    order_of(FALAFEL, json_pack("[o]", line_of(FALAFEL, "Tabbouleh", 1)), PICKUP, 100), 400,
	    "INVALID_REQUEST", "TIP_NOT_ACCEPTED", "$.amounts.tip");
	expect_problem(VALIDATE,
		       order_of(PIZZA, json_pack("[o]", line_of(PIZZA, "Tiramisu", 1)), PICKUP, -1),
		       400, "INVALID_REQUEST", NULL, "$.amounts.tip");
	/* API-key orders need the customer. */
	o = order_of(PIZZA, json_pack("[o]", line_of(PIZZA, "Tiramisu", 1)), PICKUP, 0);
	json_object_del(o, "customer");
	expect_problem(VALIDATE, o, 400, "INVALID_REQUEST", NULL, "$.customer");
	o = order_of(PIZZA, json_pack("[o]", line_of(PIZZA, "Tiramisu", 1)), PICKUP, 0);
	json_object_del(json_object_get(o, "customer"), "partnerUserId");
	expect_problem(VALIDATE, o, 400, "INVALID_REQUEST", NULL, "$.customer.partnerUserId");
}

static void test_validate_line_errors(void **state)
{
	/* Holiday Specials has null availability; breakfast is over at 11:30. */
	json_t *o =
	    order_of(COFFEE, json_pack("[o]", line_of(COFFEE, "Gingerbread Loaf", 1)), PICKUP, 0);
	expect_problem(VALIDATE, o, 400, "ITEM_UNAVAILABLE", "ITEM_UNAVAILABLE",
		       "$.cart.lineItems[0]");
	o = order_of(DINER,
		     json_pack("[o, o]", line_of(DINER, "Chocolate Malt", 1),
			       line_of(DINER, "Biscuits & Gravy", 1)),
		     PICKUP, 0);
	json_t *p = post(VALIDATE, o, 400);
	assert_problem(p, 400, "ITEM_UNAVAILABLE");
	assert_int_equal(json_array_size(json_object_get(p, "errors")), 1);
	assert_string_equal(str(error_at(p, 0), "jsonPath"), "$.cart.lineItems[1]");
	assert_string_equal(str(error_at(p, 0), "itemId"), item_named(DINER, "Biscuits & Gravy"));
	json_decref(p);
	json_decref(o);

	/* Below the ramen shop's minimum: the detail names the gap. */
	money min = money_at(json_object_get(store_of(RAMEN), "options"), "minimumOrderAmount");
	money karaage = price_of(RAMEN, "Chicken Karaage");
	o = order_of(RAMEN, json_pack("[o]", line_of(RAMEN, "Chicken Karaage", 1)), DELIVERY, 0);
	json_object_set_new(o, "deliveryInfo", delivery_to(home_of("demo-user")));
	p = post(VALIDATE, o, 400);
	assert_problem(p, 400, "ORDER_BELOW_MINIMUM");
	char gap[MONEY_TEXT_MAX], minimum[MONEY_TEXT_MAX], detail[128];
	snprintf(detail, sizeof detail, "Add %s more to reach the %s minimum.",
		 money_format(min - karaage, gap), money_format(min, minimum));
	assert_string_equal(str(p, "detail"), detail);
	json_decref(p);
	json_decref(o);

	/* Addresses: a missing field, an unknown place, and Tacoma (out of every Seattle range). */
	json_t *addr = json_deep_copy(home_of("demo-user"));
	json_object_del(addr, "city");
	o = order_of(PIZZA, json_pack("[o]", line_of(PIZZA, "Tiramisu", 2)), DELIVERY, 0);
	json_object_set_new(o, "deliveryInfo", delivery_to(addr));
	expect_problem(VALIDATE, o, 400, "ADDRESS_INVALID", "ADDRESS_INVALID",
		       "$.deliveryInfo.address.city");
	json_decref(addr);
	addr = json_pack("{s:s, s:s, s:s, s:s}", "address1", "1 Nowhere Rd", "city", "Atlantis",
			 "postalCode", "00000", "state", "ZZ");
	o = order_of(PIZZA, json_pack("[o]", line_of(PIZZA, "Tiramisu", 2)), DELIVERY, 0);
	json_object_set_new(o, "deliveryInfo", delivery_to(addr));
	expect_problem(VALIDATE, o, 400, "ADDRESS_INVALID", NULL, "$.deliveryInfo.address");
	json_decref(addr);
	o = order_of(PIZZA, json_pack("[o]", line_of(PIZZA, "Tiramisu", 2)), DELIVERY, 0);
	json_object_set_new(o, "deliveryInfo", delivery_to(home_of("tacoma-tester")));
	expect_problem(VALIDATE, o, 400, "ADDRESS_OUT_OF_RANGE", "ADDRESS_OUT_OF_RANGE",
		       "$.deliveryInfo.address");
}

static void test_store_closed_outside_hours(void **state)
{
	const char *args[] = {"--now", "2026-11-18T12:00:00Z", NULL}; /* 04:00 in Seattle */
	assert_true(sandbox_start(&aux_sb, DEMO_DATADIR, args));
	json_t *o =
	    order_of(DINER, json_pack("[o]", line_of(DINER, "Chocolate Malt", 1)), PICKUP, 0);
	json_t *p = send_on(&aux_sb, "POST", VALIDATE, SANDBOX_DEMO_KEY, o, NULL, 400);
	assert_problem(p, 400, "STORE_CLOSED");
	json_decref(p);
	json_decref(o);
	/* The same clock leaves 24/7 stores open. */
	o = order_of(PIZZA, json_pack("[o]", line_of(PIZZA, "Tiramisu", 1)), PICKUP, 0);
	json_decref(send_on(&aux_sb, "POST", VALIDATE, SANDBOX_DEMO_KEY, o, NULL, 200));
	json_decref(o);
	assert_int_equal(sandbox_stop(&aux_sb), 0);
}

/* Below-minimum ramen in each --validation-style (contract §6 Q9). */
static void test_validation_styles(void **state)
{
	json_t *o = order_of(RAMEN, json_pack("[o]", line_of(RAMEN, "Edamame", 1)), DELIVERY, 0);
	json_object_set_new(o, "deliveryInfo", delivery_to(home_of("demo-user")));
	json_t *p = post(VALIDATE, o, 400); /* default: problem */
	assert_problem(p, 400, "ORDER_BELOW_MINIMUM");
	assert_string_equal(str(error_at(p, 0), "jsonPath"), "$.cart");
	json_decref(p);

	const char *inline_args[] = {"--now", NOW, "--validation-style", "inline", NULL};
	assert_true(sandbox_start(&aux_sb, DEMO_DATADIR, inline_args));
	json_t *v = send_on(&aux_sb, "POST", VALIDATE, SANDBOX_DEMO_KEY, o, NULL, 200);
	assert_true(json_is_false(json_object_get(v, "isValid")));
	assert_string_equal(str(error_at(v, 0), "code"), "ORDER_BELOW_MINIMUM");
	assert_int_equal(strlen(str(v, "traceId")), 32);
	assert_null(json_object_get(v, "validatedOrderToken"));
	assert_int_equal(money_at(json_object_get(v, "amounts"), "subTotal"),
			 price_of(RAMEN, "Edamame"));
	json_decref(v);
	assert_int_equal(sandbox_stop(&aux_sb), 0);

	const char *strict_args[] = {"--now", NOW, "--validation-style", "422", NULL};
	assert_true(sandbox_start(&aux_sb, DEMO_DATADIR, strict_args));
	p = send_on(&aux_sb, "POST", VALIDATE, SANDBOX_DEMO_KEY, o, NULL, 422);
	assert_problem(p, 422, "VALIDATION_FAILED");
	assert_string_equal(str(error_at(p, 0), "code"), "ORDER_BELOW_MINIMUM");
	json_decref(p);
	/* Cart helpers follow the same style for rule violations: six toppings, max five. */
	money unit;
	json_t *item = pizza_line(1, &unit);
	choose(item, PIZZA, "Toppings", "Mushrooms", 3);
	json_t *b = add_body(PIZZA, item, true, true);
	p = send_on(&aux_sb, "POST", CARTS "add", SANDBOX_DEMO_KEY, b, NULL, 422);
	assert_problem(p, 422, "VALIDATION_FAILED");
	assert_string_equal(str(error_at(p, 0), "code"), "MODIFIER_REQUIRED");
	json_decref(p);
	json_decref(b);
	assert_int_equal(sandbox_stop(&aux_sb), 0);
	json_decref(o);
}

static void test_place_and_read(void **state)
{
	char key[37];
	journal_new_key(key);
	json_t *body = pizza_place_body(&main_sb, "tok_visa", 250);
	json_t *o = place_on(&main_sb, body, key, 200);
	assert_int_equal(strlen(str(o, "gettOrderId")), 36);
	assert_true(px_of(o) > 0);
	assert_non_null(str(o, "placedAt"));
	assert_true(json_is_true(json_object_get(o, "isValid")));
	assert_int_equal(json_array_size(json_object_get(o, "errors")), 0);
	assert_true(json_equal(json_object_get(o, "amounts"), json_object_get(body, "amounts")));

	char path[128];
	snprintf(path, sizeof path, "/v1/marketplace/orders/%s", str(o, "gettOrderId"));
	json_t *r = send_on(&main_sb, "GET", path, SANDBOX_DEMO_KEY, NULL, NULL, 200);
	assert_string_equal(str(r, "gettOrderId"), str(o, "gettOrderId"));
	assert_string_equal(str(r, "state"), "open");
	assert_string_equal(str(r, "status"), "pending");
	json_decref(r);
	r = send_on(&main_sb, "GET", "/v1/marketplace/orders/0b8a6a36-0000-4000-8000-000000000000",
		    SANDBOX_DEMO_KEY, NULL, NULL, 404);
	assert_problem(r, 404, "NOT_FOUND");
	json_decref(r);
	json_decref(o);

	/* Idempotency-Key: required, and a UUID. */
	json_t *p = place_on(&main_sb, body, NULL, 400);
	assert_problem(p, 400, "MISSING_IDEMPOTENCY_KEY");
	json_decref(p);
	p = place_on(&main_sb, body, "not-a-uuid", 400);
	assert_problem(p, 400, "INVALID_REQUEST");
	json_decref(p);
	/* §2.10: a UUID v4. A time-based v1 GUID, or a v4 with a wrong variant, is refused. */
	p = place_on(&main_sb, body, "6fa459ea-ee8a-11ec-8ea0-0242ac120002", 400);
	assert_problem(p, 400, "INVALID_REQUEST");
	json_decref(p);
	p = place_on(&main_sb, body, "6fa459ea-ee8a-41ec-cea0-0242ac120002", 400);
	assert_problem(p, 400, "INVALID_REQUEST");
	json_decref(p);
	json_decref(body);
}

static void test_place_total_different(void **state)
{
	char key[37];
	journal_new_key(key);
	json_t *body = pizza_place_body(&main_sb, "tok_visa", 0);
	json_t *a = json_object_get(body, "amounts");
	json_object_set_new(a, "taxes", money_to_json(money_at(a, "taxes") + 1));
	json_t *p = place_on(&main_sb, body, key, 400);
	assert_problem(p, 400, "ORDER_TOTAL_DIFFERENT");
	assert_int_equal(json_array_size(json_object_get(p, "errors")), 1);
	assert_string_equal(str(error_at(p, 0), "jsonPath"), "$.amounts.taxes");
	json_decref(p);
	journal_new_key(key);
	json_object_del(body, "amounts");
	p = place_on(&main_sb, body, key, 400);
	assert_problem(p, 400, "ORDER_TOTAL_DIFFERENT");
	json_decref(p);
	json_decref(body);
}

static void test_place_magic_tokens(void **state)
{
	char key[37];
	struct {
		const char *token, *code;
	} definitive[] = {{"tok_decline", "PAYMENT_DECLINED"},
			  {"tok_invalid", "PAYMENT_METHOD_INVALID"}};
	for (size_t i = 0; i < 2; i++) {
		journal_new_key(key);
		json_t *body = pizza_place_body(&main_sb, definitive[i].token, 0);
		json_t *p = place_on(&main_sb, body, key, 400);
		assert_problem(p, 400, definitive[i].code);
		assert_true(json_is_false(json_object_get(p, "retryable")));
		json_decref(p);
		json_decref(body);
	}
	/* §3.6: cardOnFile names its processor (processorType), not just the token. */
	journal_new_key(key);
	json_t *bare = pizza_place_body(&main_sb, "tok_visa", 0);
	json_object_del(json_object_get(bare, "payment"), "processorType");
	json_t *refused = place_on(&main_sb, bare, key, 400);
	assert_problem(refused, 400, "PAYMENT_METHOD_INVALID");
	assert_string_equal(str(error_at(refused, 0), "jsonPath"), "$.payment.processorType");
	json_decref(refused);
	json_decref(bare);
	/* The body is read once, by the client's PlaceOrderRequest model: the order's members
	   first, then payment, the order in which place_order_request_from_json reads them. */
	journal_new_key(key);
	bare = pizza_place_body(&main_sb, "tok_visa", 0);
	json_object_set_new(bare, "fulfillmentType", json_integer(5));
	json_object_del(bare, "payment");
	refused = place_on(&main_sb, bare, key, 400);
	assert_problem(refused, 400, "INVALID_REQUEST");
	assert_string_equal(str(error_at(refused, 0), "jsonPath"), "$.fulfillmentType");
	json_decref(refused);
	json_object_set_new(bare, "fulfillmentType", json_string("Pickup"));
	journal_new_key(key);
	refused = place_on(&main_sb, bare, key, 400);
	assert_problem(refused, 400, "INVALID_REQUEST");
	assert_string_equal(str(error_at(refused, 0), "jsonPath"), "$.payment");
	json_decref(refused);
	json_decref(bare);
	/* tok_fail: two retryable failures under the same key, then success. */
	journal_new_key(key);
	json_t *body = pizza_place_body(&main_sb, "tok_fail", 0);
	for (int i = 0; i < 2; i++) {
		json_t *p = place_on(&main_sb, body, key, 400);
		assert_problem(p, 400, "PAYMENT_FAILED");
		assert_true(json_is_true(json_object_get(p, "retryable")));
		json_decref(p);
	}
	json_t *o = place_on(&main_sb, body, key, 200);
	assert_non_null(str(o, "gettOrderId"));
	json_decref(o);
	json_decref(body);
}

static void test_place_saved_card_and_visibility(void **state)
{
	char key[37], path[128];
	money unit;
	const json_t *cards = json_object_get(user_of("demo-user"), "payments");
	const char *own = str(json_array_get(cards, 0), "paymentId");
	const char *foreign = str(
	    json_array_get(json_object_get(user_of("tacoma-tester"), "payments"), 0), "paymentId");
	json_t *saved = json_pack("{s:s, s:s}", "type", "savedCard", "paymentId", own);

	char *anon = session_on(&main_sb, NULL);
	json_t *order = order_of(PIZZA, json_pack("[o]", pizza_line(1, &unit)), PICKUP, 0);
	json_t *body = validated_place_body(&main_sb, anon, order, json_incref(saved));
	journal_new_key(key);
	json_t *p = send_on(&main_sb, "POST", PLACE, anon, body, key, 401);
	assert_problem(p, 401, "SESSION_USER_REQUIRED");
	json_decref(p);
	json_decref(body);

	char *dana = session_on(&main_sb, "demo-user");
	order = order_of(PIZZA, json_pack("[o]", pizza_line(1, &unit)), PICKUP, 0);
	json_object_del(order, "customer");
	body = validated_place_body(&main_sb, dana, order, json_incref(saved));
	json_object_set_new(json_object_get(body, "payment"), "paymentId", json_string(foreign));
	journal_new_key(key);
	p = send_on(&main_sb, "POST", PLACE, dana, body, key, 400);
	assert_problem(p, 400, "PAYMENT_METHOD_INVALID");
	json_decref(p);
	json_object_set_new(json_object_get(body, "payment"), "paymentId", json_string(own));
	journal_new_key(key);
	json_t *o = send_on(&main_sb, "POST", PLACE, dana, body, key, 200);

	/* Readable by its user and the partner key; not by another user. */
	snprintf(path, sizeof path, "/v1/marketplace/orders/%s", str(o, "gettOrderId"));
	json_decref(send_on(&main_sb, "GET", path, dana, NULL, NULL, 200));
	json_decref(send_on(&main_sb, "GET", path, SANDBOX_DEMO_KEY, NULL, NULL, 200));
	char *sam = session_on(&main_sb, "sam-no-payment");
	p = send_on(&main_sb, "GET", path, sam, NULL, NULL, 404);
	assert_problem(p, 404, "NOT_FOUND");
	json_decref(p);
	json_t *me = send_on(&main_sb, "GET", "/v1/marketplace/session/me", dana, NULL, NULL, 200);
	assert_string_equal(str(json_object_get(me, "user"), "lastPaymentId"), own);
	json_decref(me);
	json_decref(o);
	json_decref(body);
	json_decref(saved);
	free(anon);
	free(dana);
	free(sam);
}

static void test_validated_order_token(void **state)
{
	char key[37], key2[37];
	json_t *body = pizza_place_body(&main_sb, "tok_visa", 0);
	json_t *forged = json_deep_copy(body);
	json_object_set_new(forged, "validatedOrderToken", json_string("vot_1_abc_def"));
	journal_new_key(key);
	json_t *p = place_on(&main_sb, forged, key, 400);
	assert_problem(p, 400, "INVALID_REQUEST");
	assert_string_equal(str(error_at(p, 0), "jsonPath"), "$.validatedOrderToken");
	json_decref(p);
	json_decref(forged);
	journal_new_key(key);
	json_decref(place_on(&main_sb, body, key, 200));
	journal_new_key(key2);
	p = place_on(&main_sb, body, key2, 409); /* the token is spent */
	assert_problem(p, 409, "ORDER_ALREADY_PLACED");
	json_decref(p);
	json_decref(body);
}

/* Tokens carry their own creation time: a sandbox restarted later by --now can judge them. */
static void test_validated_order_token_expiry(void **state)
{
	const char *at_t[] = {"--now", NOW, "--freeze-clock", NULL};
	assert_true(sandbox_start(&aux_sb, DEMO_DATADIR, at_t));
	json_t *body = pizza_place_body(&aux_sb, "tok_visa", 0);
	assert_int_equal(sandbox_stop(&aux_sb), 0);

	char key[37];
	const char *fresh[] = {"--now", "2026-11-18T19:44:00Z", "--freeze-clock", NULL};
	assert_true(sandbox_start(&aux_sb, DEMO_DATADIR, fresh));
	journal_new_key(key);
	json_decref(place_on(&aux_sb, body, key, 200));
	assert_int_equal(sandbox_stop(&aux_sb), 0);

	const char *stale[] = {"--now", "2026-11-18T19:46:00Z", "--freeze-clock", NULL};
	assert_true(sandbox_start(&aux_sb, DEMO_DATADIR, stale));
	journal_new_key(key);
	json_t *p = place_on(&aux_sb, body, key, 400);
	assert_problem(p, 400, "INVALID_REQUEST");
	assert_string_equal(str(p, "detail"), "validation expired; re-validate");
	json_decref(p);
	assert_int_equal(sandbox_stop(&aux_sb), 0);
	json_decref(body);
}

/* ------------------------------------------------------------------ lifecycle */

static const char *const TIMELINE[] = {"pending", "confirmed", "preparing",
				       "ready",	  "inTransit", "completed"};

static int timeline_index(const char *status)
{
	for (int i = 0; i < 6; i++)
		if (strcmp(TIMELINE[i], status) == 0)
			return i;
	fail_msg("unknown status %s", status);
	return -1;
}

/* Milliseconds into the day of an ISO-8601 UTC time "YYYY-MM-DDTHH:MM:SS.mmmZ". */
static long ms_of_day(const char *iso)
{
	int h, m, sec, ms;
	assert_int_equal(sscanf(iso + 11, "%2d:%2d:%2d.%3dZ", &h, &m, &sec, &ms), 4);
	return ((h * 60L + m) * 60 + sec) * 1000 + ms;
}

static void test_status_progression(void **state)
{
	const char *args[] = {"--now", NOW, "--status-step", "0.4", NULL};
	assert_true(sandbox_start(&aux_sb, DEMO_DATADIR, args));
	char paths[2][128], placed[2][32], key[37];
	money unit;
	for (int i = 0; i < 2; i++) {
		json_t *order = order_of(PIZZA, json_pack("[o]", pizza_line(1, &unit)),
					 i ? DELIVERY : PICKUP, 0);
		if (i)
			json_object_set_new(order, "deliveryInfo",
					    delivery_to(home_of("demo-user")));
		json_t *body =
		    validated_place_body(&aux_sb, SANDBOX_DEMO_KEY, order, card("tok_visa"));
		journal_new_key(key);
		json_t *o = place_on(&aux_sb, body, key, 200);
		snprintf(paths[i], sizeof paths[i], "/v1/marketplace/orders/%s",
			 str(o, "gettOrderId"));
		snprintf(placed[i], sizeof placed[i], "%s", str(o, "placedAt"));
		json_decref(o);
		json_decref(body);
	}
	/* Poll both until completed; statuses only move forward, pickup skips inTransit. */
	int last[2] = {-1, -1}, seen[2] = {0, 0};
	for (int round = 0; round < 300 && (last[0] < 5 || last[1] < 5); round++) {
		for (int i = 0; i < 2; i++) {
			json_t *o =
			    send_on(&aux_sb, "GET", paths[i], SANDBOX_DEMO_KEY, NULL, NULL, 200);
			int k = timeline_index(str(o, "status"));
			assert_true(k >= last[i]);
			assert_string_equal(str(o, "state"), k == 5 ? "completed" : "open");
			/* Step n began n x 400 ms after placement (pickup's step 4 is completed).
			 */
			long step = i == 0 && k == 5 ? 4 : k;
			assert_int_equal(ms_of_day(str(o, "statusUpdatedAt")) -
					     ms_of_day(placed[i]),
					 step * 400);
			if (k != last[i])
				seen[i] |= 1 << k;
			last[i] = k;
			json_decref(o);
		}
		usleep(100 * 1000);
	}
	assert_int_equal(last[0], 5);
	assert_int_equal(last[1], 5);
	assert_int_equal(seen[0], 0x2f); /* pickup: all but inTransit */
	assert_int_equal(seen[1], 0x3f); /* delivery: every step */
	assert_int_equal(sandbox_stop(&aux_sb), 0);
}

/* Places a pizza order on aux_sb (pickup or delivery to the demo user) and keeps its path and
   placedAt. */
static void place_pizza_on_aux(bool delivery, char path[128], char placed[32])
{
	money unit;
	char key[37];
	json_t *order = order_of(PIZZA, json_pack("[o]", pizza_line(1, &unit)),
				 delivery ? DELIVERY : PICKUP, 0);
	if (delivery)
		json_object_set_new(order, "deliveryInfo", delivery_to(home_of("demo-user")));
	json_t *body = validated_place_body(&aux_sb, SANDBOX_DEMO_KEY, order, card("tok_visa"));
	journal_new_key(key);
	json_t *o = place_on(&aux_sb, body, key, 200);
	snprintf(path, 128, "/v1/marketplace/orders/%s", str(o, "gettOrderId"));
	snprintf(placed, 32, "%s", str(o, "placedAt"));
	json_decref(o);
	json_decref(body);
}

/* --cancel-after (docs/sandbox.md "Order read"): the order reads back cancelled, with the
   reason, from its time on; an order that completed first stays completed. */
static void test_cancel_after(void **state)
{
	/* 0 on a frozen clock: cancelled as soon as it is placed. */
	const char *now_args[] = {"--now",	    NOW, "--freeze-clock", "--cancel-after",
				  "0:Out of dough", NULL};
	assert_true(sandbox_start(&aux_sb, DEMO_DATADIR, now_args));
	char paths[2][128], placed[2][32];
	place_pizza_on_aux(false, paths[0], placed[0]);
	json_t *o = send_on(&aux_sb, "GET", paths[0], SANDBOX_DEMO_KEY, NULL, NULL, 200);
	assert_string_equal(str(o, "state"), "cancelled");
	assert_string_equal(str(o, "status"), "cancelled");
	assert_string_equal(str(o, "cancelReason"), "Out of dough");
	assert_string_equal(str(o, "statusUpdatedAt"), placed[0]);
	json_decref(o);
	assert_int_equal(sandbox_stop(&aux_sb), 0);

	/* A step of 0.2 s and a cancellation after 0.9 s: the pickup order completes at 0.8 s
	   and stays completed; the delivery order (inTransit until 1 s) is cancelled at 0.9 s. */
	const char *args[] = {
	    "--now", NOW, "--status-step", "0.2", "--cancel-after", "0.9:Courier unavailable",
	    NULL};
	assert_true(sandbox_start(&aux_sb, DEMO_DATADIR, args));
	for (int i = 0; i < 2; i++)
		place_pizza_on_aux(i == 1, paths[i], placed[i]);
	bool done[2] = {false, false};
	for (int round = 0; round < 300 && !(done[0] && done[1]); round++) {
		for (int i = 0; i < 2; i++) {
			o = send_on(&aux_sb, "GET", paths[i], SANDBOX_DEMO_KEY, NULL, NULL, 200);
			const char *st = str(o, "state");
			if (i == 0) {
				assert_string_not_equal(st, "cancelled");
				assert_null(json_object_get(o, "cancelReason"));
			} else if (strcmp(st, "cancelled") == 0) {
				assert_string_equal(str(o, "status"), "cancelled");
				assert_string_equal(str(o, "cancelReason"), "Courier unavailable");
				assert_int_equal(ms_of_day(str(o, "statusUpdatedAt")) -
						     ms_of_day(placed[i]),
						 900);
			} else {
				assert_string_equal(st, "open");
			}
			done[i] = strcmp(st, i == 0 ? "completed" : "cancelled") == 0;
			json_decref(o);
		}
		usleep(100 * 1000);
	}
	assert_true(done[0]);
	assert_true(done[1]);
	/* Past the time the delivery would have completed: still cancelled. */
	usleep(400 * 1000);
	o = send_on(&aux_sb, "GET", paths[1], SANDBOX_DEMO_KEY, NULL, NULL, 200);
	assert_string_equal(str(o, "state"), "cancelled");
	json_decref(o);
	assert_int_equal(sandbox_stop(&aux_sb), 0);
}

/* ------------------------------------------------------------------ main */

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cart_add_appends_lines),
	    cmocka_unit_test(test_cart_update_and_remove),
	    cmocka_unit_test(test_cart_add_errors),
	    cmocka_unit_test(test_validate_pickup_amounts),
	    cmocka_unit_test(test_validate_delivery_amounts),
	    cmocka_unit_test(test_validate_promotion_and_nesting),
	    cmocka_unit_test(test_validate_whole_order_errors),
	    cmocka_unit_test(test_validate_line_errors),
	    cmocka_unit_test_teardown(test_store_closed_outside_hours, stop_aux),
	    cmocka_unit_test_teardown(test_validation_styles, stop_aux),
	    cmocka_unit_test(test_place_and_read),
	    cmocka_unit_test(test_place_total_different),
	    cmocka_unit_test(test_place_magic_tokens),
	    cmocka_unit_test(test_place_saved_card_and_visibility),
	    cmocka_unit_test(test_validated_order_token),
	    cmocka_unit_test_teardown(test_validated_order_token_expiry, stop_aux),
	    cmocka_unit_test_teardown(test_status_progression, stop_aux),
	    cmocka_unit_test_teardown(test_cancel_after, stop_aux),
	};
	return cmocka_run_group_tests(tests, orders_group_start, orders_group_stop);
}

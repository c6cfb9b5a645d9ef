/* Pricing (contract §4.1, §4.2): worked example, tiers, nesting, errors, cheapest, wording. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "catalog_fixtures.h"
#include "base/collections.h"
#include "rules/modifier_rules.h"
#include "rules/pricing.h"

/* Tiered group "t" over options a (2.00), b (1.00), c (0.50) with the given tiers JSON. */
static catalog_set *tier_catalog(const char *tiers)
{
	char json[1024];
	snprintf(json, sizeof json,
		 "{'items': {'item': {'name': 'Item', 'basePrice': 0, 'modifierGroupIds': ['t']},"
		 " 'a': {'name': 'A', 'basePrice': 2.00}, 'b': {'name': 'B', 'basePrice': 1.00},"
		 " 'c': {'name': 'C', 'basePrice': 0.50}},"
		 " 'modifierGroups': {'t': {'name': 'T', 'itemIds': ['a', 'b', 'c'],"
		 " 'minimumAllowed': 0, 'maximumAllowed': 99, 'enableDuplicateItems': true,"
		 " 'tiers': %s}}}",
		 tiers);
	return fixture_catalog(json);
}

/* Unit price of `item` with the single tiered group "t" selected as `items_json`. */
static money tier_unit(const catalog_set *set, const char *items_json)
{
	char json[1024];
	snprintf(json, sizeof json,
		 "{'itemId': 'item', 'quantity': 1,"
		 " 'modifierGroups': [{'modifierGroupId': 't', 'items': %s}]}",
		 items_json);
	line_item line;
	fixture_line(json, &line);
	money unit = -1;
	pricing_error err;
	assert_true(pricing_unit_price(set, &line, &unit, &err));
	line_item_clear(&line);
	return unit;
}

static const char PIZZA_LINE[] =
    "{'itemId': 'pizza', 'quantity': 2, 'modifierGroups': ["
    " {'modifierGroupId': 'size', 'items': [{'itemId': 'large', 'quantity': 1}]},"
    " {'modifierGroupId': 'toppings', 'items': [{'itemId': 'pepperoni', 'quantity': 2},"
    "                                           {'itemId': 'olives', 'quantity': 1}]}]}";

static void test_worked_example(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_PIZZA);
	line_item line;
	fixture_line(PIZZA_LINE, &line);
	money unit = 0, total = 0;
	assert_true(pricing_unit_price(set, &line, &unit, NULL));
	assert_int_equal(unit, 1650);
	assert_true(pricing_line_total(set, &line, &total, NULL));
	assert_int_equal(total, 3300);
	line_item_clear(&line);
	catalog_set_free(set);
}

static void test_cart_subtotal_sums_lines(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_PIZZA);
	cart *c = cart_new("store", "set");
	line_item line;
	fixture_line(PIZZA_LINE, &line);
	cart_add_line(c, &line);
	fixture_line("{'itemId': 'pizza', 'quantity': 1, 'modifierGroups': ["
		     " {'modifierGroupId': 'size', 'items': [{'itemId': 'xl', 'quantity': 1}]}]}",
		     &line);
	cart_add_line(c, &line);
	money subtotal = 0;
	assert_true(pricing_cart_subtotal(set, c, &subtotal, NULL));
	assert_int_equal(subtotal, 3300 + 1650);

	fixture_line("{'itemId': 'calzone', 'quantity': 1}", &line);
	cart_add_line(c, &line);
	pricing_error err;
	assert_false(pricing_cart_subtotal(set, c, &subtotal, &err));
	assert_int_equal(subtotal, 3300 + 1650); /* untouched on failure */
	assert_int_equal(err.status, PRICING_UNKNOWN_ITEM);
	assert_int_equal(err.line_index, 2);
	assert_string_equal(err.id, "calzone");
	cart_free(c);
	catalog_set_free(set);
}

static void test_tier_starting_above_zero_uses_base_price_first(void **state)
{
	catalog_set *set = tier_catalog("[{'offset': 1, 'price': 0.25}]");
	/* slot 0: a at its own 2.00; slots 1, 2: tier 0.25 whatever the option */
	assert_int_equal(tier_unit(set, "[{'itemId': 'a', 'quantity': 1},"
					"{'itemId': 'b', 'quantity': 1},"
					"{'itemId': 'c', 'quantity': 1}]"),
			 200 + 25 + 25);
	/* wire order decides: c first pays 0.50, then a and b the tier */
	assert_int_equal(tier_unit(set, "[{'itemId': 'c', 'quantity': 1},"
					"{'itemId': 'a', 'quantity': 1},"
					"{'itemId': 'b', 'quantity': 1}]"),
			 50 + 25 + 25);
	catalog_set_free(set);
}

static void test_unsorted_wire_tiers(void **state)
{
	catalog_set *set = tier_catalog("[{'offset': 3, 'price': 2.00}, {'offset': 0, 'price': 0},"
					" {'offset': 1, 'price': 1.00}]");
	/* slots 0..4 cost 0, 1, 1, 2, 2 */
	assert_int_equal(tier_unit(set, "[{'itemId': 'b', 'quantity': 5}]"),
			 0 + 100 + 100 + 200 + 200);
	assert_int_equal(tier_unit(set, "[{'itemId': 'b', 'quantity': 1}]"), 0);
	assert_int_equal(tier_unit(set, "[{'itemId': 'b', 'quantity': 3}]"), 200);
	catalog_set_free(set);

	/* equal offsets: the first listed wins */
	set = tier_catalog("[{'offset': 0, 'price': 0.10}, {'offset': 0, 'price': 0.90}]");
	assert_int_equal(tier_unit(set, "[{'itemId': 'b', 'quantity': 2}]"), 20);
	catalog_set_free(set);
}

static void test_quantity_straddles_tier_boundaries(void **state)
{
	catalog_set *set = tier_catalog("[{'offset': 0, 'price': 0}, {'offset': 2, 'price': 1.00},"
					" {'offset': 4, 'price': 0.50}]");
	/* one line of 5 spans all three tiers: 0 + 0 + 1 + 1 + 0.50 */
	assert_int_equal(tier_unit(set, "[{'itemId': 'a', 'quantity': 5}]"), 250);
	/* the same five slots split over lines, numbered across them in wire order */
	assert_int_equal(tier_unit(set, "[{'itemId': 'c', 'quantity': 1},"
					"{'itemId': 'a', 'quantity': 3},"
					"{'itemId': 'b', 'quantity': 1}]"),
			 250);
	assert_int_equal(tier_unit(set, "[{'itemId': 'a', 'quantity': 3},"
					"{'itemId': 'b', 'quantity': 3}]"),
			 0 + 0 + 100 + 100 + 50 + 50);
	catalog_set_free(set);
}

static void test_nested_three_levels(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_MEAL);
	line_item line;
	fixture_line(
	    "{'itemId': 'meal', 'quantity': 3, 'modifierGroups': ["
	    " {'modifierGroupId': 'main', 'items': [{'itemId': 'burger', 'quantity': 2,"
	    "  'modifierGroups': [{'modifierGroupId': 'side', 'items': ["
	    "   {'itemId': 'salad', 'quantity': 1, 'modifierGroups': ["
	    "     {'modifierGroupId': 'dressing', 'items': [{'itemId': 'ranch', 'quantity': 1}]}]},"
	    "   {'itemId': 'fries', 'quantity': 1}]}]}]}]}",
	    &line);
	/* burger = 5.00 + salad (slot 0, own 3.00, + ranch 0.75) + fries (slot 1, tier 1.00) */
	money burger = 500 + (300 + 75) + 100;
	money unit = 0, total = 0;
	assert_true(pricing_unit_price(set, &line, &unit, NULL));
	assert_int_equal(unit, 1000 + 2 * burger);
	assert_true(pricing_line_total(set, &line, &total, NULL));
	assert_int_equal(total, 3 * (1000 + 2 * burger));
	line_item_clear(&line);
	catalog_set_free(set);
}

static void expect_error(const catalog_set *set, const char *line_json, pricing_status status,
			 const char *id)
{
	line_item line;
	fixture_line(line_json, &line);
	money unit = 12345;
	pricing_error err;
	assert_false(pricing_line_total(set, &line, &unit, &err));
	assert_int_equal(unit, 12345);
	assert_int_equal(err.status, status);
	assert_string_equal(err.id, id);
	assert_non_null(strstr(err.message, id));
	line_item_clear(&line);
}

static void test_unknown_ids_are_errors(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_PIZZA);
	expect_error(set, "{'itemId': 'calzone', 'quantity': 1}", PRICING_UNKNOWN_ITEM, "calzone");
	expect_error(
	    set,
	    "{'itemId': 'pizza', 'quantity': 1, 'modifierGroups': ["
	    " {'modifierGroupId': 'crust', 'items': [{'itemId': 'large', 'quantity': 1}]}]}",
	    PRICING_UNKNOWN_GROUP, "crust");
	expect_error(
	    set,
	    "{'itemId': 'pizza', 'quantity': 1, 'modifierGroups': ["
	    " {'modifierGroupId': 'toppings', 'items': [{'itemId': 'anchovy', 'quantity': 1}]}]}",
	    PRICING_UNKNOWN_OPTION, "anchovy");

	/* An id longer than the error keeps is cut between characters: still UTF-8. */
	char json[1024] = "{'itemId': 'ab";
	for (int i = 0; i < 60; i++)
		strcat(json, "ピ");
	strcat(json, "', 'quantity': 1}");
	line_item line;
	fixture_line(json, &line);
	money unit;
	pricing_error err;
	assert_false(pricing_line_total(set, &line, &unit, &err));
	json_t *id = json_string(err.id), *message = json_string(err.message);
	if (!id || !message)
		fail_msg("not UTF-8: id %s, message %s", err.id, err.message);
	assert_true(strncmp(err.id, "abピ", 5) == 0);
	json_decref(id);
	json_decref(message);
	line_item_clear(&line);
	catalog_set_free(set);
}

static void test_overflow_is_reported(void **state)
{
	catalog_set *set =
	    fixture_catalog("{'items': {'yacht': {'name': 'Yacht', 'basePrice': 99999999999.99}}}");
	line_item line;
	fixture_line("{'itemId': 'yacht', 'quantity': 1}", &line);
	money total = 0;
	assert_true(pricing_line_total(set, &line, &total, NULL));
	assert_int_equal(total, MONEY_MAX_CENTS - 1);
	line.quantity = 2;
	pricing_error err;
	assert_false(pricing_line_total(set, &line, &total, &err));
	assert_int_equal(err.status, PRICING_OVERFLOW);
	line.quantity = 0;
	assert_false(pricing_line_total(set, &line, &total, &err));
	assert_int_equal(err.status, PRICING_BAD_QUANTITY);
	line_item_clear(&line);
	catalog_set_free(set);
}

/* A selection c0 -> c1 -> ... nested `levels` options deep, built with the rules engine. */
static void chain_line(const catalog_set *set, int levels, line_item *line)
{
	memset(line, 0, sizeof *line);
	line->item_id = xstrdup("c0");
	line->quantity = 1;
	line_item *owner = line;
	for (int k = 0; k < levels; k++) {
		char gid[16], oid[16];
		snprintf(gid, sizeof gid, "g%d", k);
		snprintf(oid, sizeof oid, "c%d", k + 1);
		assert_true(
		    modifier_group_add(set, owner, catalog_find_group(set, gid), oid, NULL, 0));
		owner = &line_item_find_group(owner, gid)->items[0];
	}
}

static void test_depth_limit(void **state)
{
	catalog_set *set = fixture_chain(PRICING_MAX_DEPTH + 2);
	line_item line;
	money unit = 0;
	chain_line(set, PRICING_MAX_DEPTH, &line);
	assert_true(pricing_unit_price(set, &line, &unit, NULL));
	assert_int_equal(unit, 100 * (PRICING_MAX_DEPTH + 1));
	line_item_clear(&line);

	chain_line(set, PRICING_MAX_DEPTH + 1, &line);
	pricing_error err;
	assert_false(pricing_unit_price(set, &line, &unit, &err));
	assert_int_equal(err.status, PRICING_TOO_DEEP);
	line_item_clear(&line);
	catalog_set_free(set);
}

static void test_next_selection_price_follows_tiers(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_PIZZA);
	line_item line;
	fixture_line(PIZZA_LINE, &line);
	const modifier_group *toppings = catalog_find_group(set, "toppings");
	const modifier_group *size = catalog_find_group(set, "size");
	const catalog_item *olives = catalog_find_item(set, "olives");
	assert_int_equal(pricing_next_selection_price(toppings, NULL, olives), 0);
	assert_int_equal(
	    pricing_next_selection_price(toppings, line_item_find_group(&line, "toppings"), olives),
	    150);
	assert_int_equal(pricing_next_selection_price(size, NULL, catalog_find_item(set, "xl")),
			 450);
	line_item_clear(&line);
	catalog_set_free(set);
}

static money cheapest(const catalog_set *set, const char *item_id)
{
	money price = -1;
	pricing_error err;
	if (!pricing_cheapest(set, item_id, &price, &err))
		fail_msg("cheapest(%s): %s", item_id, err.message);
	return price;
}

static void test_cheapest_simple(void **state)
{
	catalog_set *pizza = fixture_catalog(FIXTURE_PIZZA);
	assert_int_equal(cheapest(pizza, "pizza"), 1500); /* contract: startingAt 15.00 */
	assert_int_equal(cheapest(pizza, "pizza"), catalog_find_item(pizza, "pizza")->starting_at);
	catalog_set_free(pizza);

	catalog_set *bagels = fixture_catalog(FIXTURE_BAGELS);
	assert_int_equal(cheapest(bagels, "dozen"), 1400 + 12 * 10); /* twelve plain */
	catalog_set_free(bagels);
}

static void test_cheapest_nested_required_groups(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_MEAL);
	/* burger 5.00 + cheapest side: fries 2.50 beats salad 3.00 + vinaigrette 0.50 */
	assert_int_equal(cheapest(set, "burger"), 750);
	assert_int_equal(cheapest(set, "salad"), 350);
	assert_int_equal(cheapest(set, "meal"), 1000 + 750);
	catalog_set_free(set);
}

static void test_cheapest_tiers_without_duplicates(void **state)
{
	/*
	 * Two distinct picks: slot 0 pays the option's basePrice (plus its sauce), slot 1 the
	 * 0.00 tier (plus its sauce). p: base 1.00, no sauce; q: base 0.50, sauce 1.50.
	 * Best: q in slot 0 (2.00) and p in slot 1 (0.00); p first would cost 1.00 + 1.50.
	 */
	catalog_set *set = fixture_catalog(
	    "{'items': {'plate': {'name': 'Plate', 'basePrice': 5.00, 'modifierGroupIds': "
	    "['picks']},"
	    " 'p': {'name': 'P', 'basePrice': 1.00},"
	    " 'q': {'name': 'Q', 'basePrice': 0.50, 'modifierGroupIds': ['sauce']},"
	    " 'r': {'name': 'R', 'basePrice': 3.00, 'modifierGroupIds': ['sauce']},"
	    " 'hot': {'name': 'Hot', 'basePrice': 1.50},"
	    " 'bowl': {'name': 'Bowl', 'basePrice': 4.00, 'modifierGroupIds': ['mix', 'garnish']},"
	    " 'x': {'name': 'X', 'basePrice': 0.50, 'modifierGroupIds': ['fancy']},"
	    " 'y': {'name': 'Y', 'basePrice': 1.00}, 'z': {'name': 'Z', 'basePrice': 3.00},"
	    " 'truffle': {'name': 'Truffle', 'basePrice': 9.50}},"
	    " 'modifierGroups': {"
	    " 'picks': {'name': 'Picks', 'itemIds': ['p', 'q', 'r'], 'minimumAllowed': 2,"
	    "  'maximumAllowed': 3, 'tiers': [{'offset': 1, 'price': 0}]},"
	    " 'sauce': {'name': 'Sauce', 'itemIds': ['hot'], 'minimumAllowed': 1,"
	    "  'maximumAllowed': 1},"
	    " 'mix': {'name': 'Mix', 'itemIds': ['x', 'y', 'z'], 'minimumAllowed': 2,"
	    "  'maximumAllowed': 2, 'tiers': [{'offset': 1, 'price': 0.25}]},"
	    " 'fancy': {'name': 'Fancy', 'itemIds': ['truffle'], 'minimumAllowed': 1,"
	    "  'maximumAllowed': 1},"
	    " 'garnish': {'name': 'Garnish', 'itemIds': ['ghost'], 'minimumAllowed': 0,"
	    "  'maximumAllowed': 1}}}");
	assert_int_equal(cheapest(set, "plate"), 500 + 200);
	/*
	 * x has the lowest basePrice but drags a 9.50 truffle along, so the untiered
	 * slot goes to y (1.00) and the 0.25 tier slot to z (3.00 ignored); an optional
	 * group whose only option is missing costs nothing.
	 */
	assert_int_equal(cheapest(set, "bowl"), 400 + 100 + 25);
	catalog_set_free(set);
}

static void test_cheapest_unsatisfiable_and_cycles(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_CYCLE);
	money price = 777;
	pricing_error err;
	assert_false(pricing_cheapest(set, "alpha", &price, &err));
	assert_int_equal(err.status, PRICING_UNSATISFIABLE);
	assert_string_equal(err.id, "ga");
	assert_int_equal(price, 777);
	/* delta -> (echo -> delta) is a cycle, but cherry is a way out */
	assert_int_equal(cheapest(set, "delta"), 100 + 50);
	assert_int_equal(cheapest(set, "echo"), 200 + 100 + 50);
	assert_false(pricing_cheapest(set, "nothing", &price, &err));
	assert_int_equal(err.status, PRICING_UNKNOWN_ITEM);
	catalog_set_free(set);

	/*
	 * A result found while an ancestor blocked a route must not be reused where the
	 * route is open: inside y, x cannot use y (11.00); on its own, x via y costs 3.00.
	 */
	set = fixture_catalog(
	    "{'items': {'t': {'name': 'T', 'basePrice': 0, 'modifierGroupIds': ['gt1', 'gt2']},"
	    " 'y': {'name': 'Y', 'basePrice': 1, 'modifierGroupIds': ['gy']},"
	    " 'x': {'name': 'X', 'basePrice': 1, 'modifierGroupIds': ['gx']},"
	    " 'k': {'name': 'K', 'basePrice': 10}, 'k2': {'name': 'K2', 'basePrice': 1}},"
	    " 'modifierGroups': {"
	    " 'gt1': {'name': 'G', 'itemIds': ['y'], 'minimumAllowed': 1, 'maximumAllowed': 1},"
	    " 'gt2': {'name': 'G', 'itemIds': ['x'], 'minimumAllowed': 1, 'maximumAllowed': 1},"
	    " 'gy': {'name': 'G', 'itemIds': ['x', 'k2'], 'minimumAllowed': 1, 'maximumAllowed': "
	    "1},"
	    " 'gx': {'name': 'G', 'itemIds': ['y', 'k'], 'minimumAllowed': 1,"
	    "  'maximumAllowed': 1}}}");
	assert_int_equal(cheapest(set, "x"), 300);
	assert_int_equal(cheapest(set, "t"), 200 + 300);
	catalog_set_free(set);

	/* distinct options fewer than the minimum */
	set = fixture_catalog("{'items': {'x': {'name': 'X', 'modifierGroupIds': ['g']},"
			      " 'o': {'name': 'O', 'basePrice': 1}},"
			      " 'modifierGroups': {'g': {'name': 'G', 'itemIds': ['o', 'o'],"
			      "  'minimumAllowed': 2, 'maximumAllowed': 2}}}");
	assert_false(pricing_cheapest(set, "x", &price, &err));
	assert_int_equal(err.status, PRICING_UNSATISFIABLE);
	/* The id for programs; for people, the group as the picker names it. */
	assert_string_equal(err.id, "g");
	assert_string_equal(err.message, "Option group G cannot be completed");
	catalog_set_free(set);
}

/* Twelve items, each requiring one of the others: every route is a cycle, explored within budget.
 */
static void test_cheapest_gives_up_on_explosive_graphs(void **state)
{
	enum { N = 12 };
	char json[8192], ids[256] = "";
	size_t len = 0;
	for (int i = 0; i < N; i++)
		len += (size_t)snprintf(ids + len, sizeof ids - len, "%s'n%d'", i ? ", " : "", i);
	len = (size_t)snprintf(json, sizeof json, "{'items': {");
	for (int i = 0; i < N; i++)
		len += (size_t)snprintf(
		    json + len, sizeof json - len,
		    "%s'n%d': {'name': 'N', 'basePrice': 1, 'modifierGroupIds': ['g']}",
		    i ? ", " : "", i);
	snprintf(json + len, sizeof json - len,
		 "}, 'modifierGroups': {'g': {'name': 'G', 'itemIds': [%s],"
		 " 'minimumAllowed': 1, 'maximumAllowed': 1}}}",
		 ids);
	catalog_set *set = fixture_catalog(json);
	money price = 0;
	pricing_error err;
	assert_false(pricing_cheapest(set, "n0", &price, &err));
	assert_int_equal(err.status, PRICING_TOO_COMPLEX);
	catalog_set_free(set);
}

static void expect_tier_text(const char *tiers, const char *expected)
{
	char json[512];
	snprintf(json, sizeof json,
		 "{'modifierGroups': {'t': {'name': 'T', 'itemIds': [], 'minimumAllowed': 0,"
		 " 'maximumAllowed': 9, 'tiers': %s}}}",
		 tiers);
	catalog_set *set = fixture_catalog(json);
	char buf[128];
	assert_string_equal(pricing_tiers_text(catalog_find_group(set, "t"), buf, sizeof buf),
			    expected);
	catalog_set_free(set);
}

static void test_tier_wording(void **state)
{
	expect_tier_text("[{'offset': 0, 'price': 0}, {'offset': 2, 'price': 1.50}]",
			 "first 2 free, then $1.50 each");
	expect_tier_text("[{'offset': 0, 'price': 1.00}]", "$1.00 each");
	expect_tier_text("[{'offset': 0, 'price': 0}]", "free");
	expect_tier_text("[{'offset': 1, 'price': 0.50}]",
			 "first one at regular price, then $0.50 each");
	expect_tier_text("[{'offset': 3, 'price': 0}]", "first 3 at regular price, then free");
	expect_tier_text("[{'offset': 5, 'price': 0.50}, {'offset': 0, 'price': 0},"
			 " {'offset': 2, 'price': 1.00}]",
			 "first 2 free, next 3 at $1.00 each, then $0.50 each");
	expect_tier_text("[{'offset': 0, 'price': 2.00}, {'offset': 1, 'price': 0}]",
			 "first one at $2.00, then free");
	expect_tier_text("[]", "");
	char small[8];
	catalog_set *set = fixture_catalog(FIXTURE_PIZZA);
	pricing_tiers_text(catalog_find_group(set, "toppings"), small, sizeof small);
	assert_string_equal(small, "first 2"); /* truncated, still terminated */
	catalog_set_free(set);
}

/* Each chosen option shows its own slot's charge; unchosen ones what choosing them adds now. */
static void test_option_charge_follows_the_line(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_PIZZA);
	const modifier_group *toppings = catalog_find_group(set, "toppings");
	line_item line;
	fixture_line(PIZZA_LINE, &line); /* pepperoni x2 (slots 0, 1), olives (slot 2) */
	pricing_charge c;
	assert_true(pricing_option_charge(set, &line, toppings, "pepperoni", &c, NULL));
	assert_true(c.chosen && c.tiered && c.can_add);
	assert_int_equal(c.amount, 0); /* both in the free tier: not "+$1.50" */
	assert_true(pricing_option_charge(set, &line, toppings, "olives", &c, NULL));
	assert_true(c.chosen);
	assert_int_equal(c.amount, 150);
	assert_true(pricing_option_charge(set, &line, toppings, "mushrooms", &c, NULL));
	assert_false(c.chosen);
	assert_int_equal(c.amount, 150); /* the fourth slot */
	/* The chosen charges add up to what the group adds to the unit price. */
	money unit = 0;
	assert_true(pricing_unit_price(set, &line, &unit, NULL));
	assert_int_equal(unit, 1200 + 300 + 0 + 150);
	/* A single choice: what choosing another one adds (it replaces the current one). */
	const modifier_group *size = catalog_find_group(set, "size");
	assert_true(pricing_option_charge(set, &line, size, "xl", &c, NULL));
	assert_false(c.chosen);
	assert_true(c.can_add);
	assert_int_equal(c.amount, 450);
	assert_true(pricing_option_charge(set, &line, size, "large", &c, NULL));
	assert_true(c.chosen);
	assert_int_equal(c.amount, 300);
	line_item_clear(&line);
	/* Nothing chosen yet: the first two toppings are free. */
	fixture_line("{'itemId': 'pizza', 'quantity': 1}", &line);
	assert_true(pricing_option_charge(set, &line, toppings, "olives", &c, NULL));
	assert_false(c.chosen);
	assert_int_equal(c.amount, 0);
	line_item_clear(&line);
	catalog_set_free(set);
}

/* A first tier at offset 1: the first choice costs its own price, the rest the tier's. */
static void test_option_charge_order_matters(void **state)
{
	catalog_set *set = tier_catalog("[{'offset': 1, 'price': 0.40}]");
	const modifier_group *t = catalog_find_group(set, "t");
	line_item line;
	fixture_line("{'itemId': 'item', 'quantity': 1, 'modifierGroups': [{'modifierGroupId': "
		     "'t', 'items': [{'itemId': 'a', 'quantity': 1}, {'itemId': 'b', 'quantity': "
		     "2}]}]}",
		     &line);
	pricing_charge c;
	assert_true(pricing_option_charge(set, &line, t, "a", &c, NULL));
	assert_int_equal(c.amount, 200);
	assert_true(pricing_option_charge(set, &line, t, "b", &c, NULL));
	assert_int_equal(c.amount, 80);
	assert_true(pricing_option_charge(set, &line, t, "c", &c, NULL));
	assert_int_equal(c.amount, 40);
	money unit = 0;
	assert_true(pricing_unit_price(set, &line, &unit, NULL));
	assert_int_equal(unit, 200 + 80);
	line_item_clear(&line);
	catalog_set_free(set);
}

/* A full group: options that cannot be added say so. */
static void test_option_charge_full_group(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_BAGELS);
	const modifier_group *g = catalog_find_group(set, "bagels");
	line_item line;
	fixture_line("{'itemId': 'dozen', 'quantity': 1, 'modifierGroups': [{'modifierGroupId': "
		     "'bagels', 'items': [{'itemId': 'plain', 'quantity': 12}]}]}",
		     &line);
	pricing_charge c;
	assert_true(pricing_option_charge(set, &line, g, "sesame", &c, NULL));
	assert_false(c.chosen);
	assert_false(c.can_add);
	assert_true(pricing_option_charge(set, &line, g, "plain", &c, NULL));
	assert_true(c.chosen);
	assert_false(c.can_add);
	assert_int_equal(c.amount, 120);
	line_item_clear(&line);
	catalog_set_free(set);
}

/* One rule for every screen: "from $startingAt" when it differs from basePrice. */
static void test_shown_price(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_PIZZA);
	char buf[64];
	assert_string_equal(
	    pricing_item_price_text(set, catalog_find_item(set, "pizza"), buf, sizeof buf),
	    "from $15.00");
	assert_string_equal(
	    pricing_item_price_text(set, catalog_find_item(set, "large"), buf, sizeof buf),
	    "$3.00");
	pricing_shown p = pricing_shown_price(1100, true, 1100);
	assert_false(p.from);
	assert_int_equal(p.amount, 1100);
	p = pricing_shown_price(1100, false, 0);
	assert_false(p.from);
	assert_int_equal(p.amount, 1100);
	p = pricing_shown_price(1100, true, 1300);
	assert_true(p.from);
	assert_int_equal(p.amount, 1300);
	catalog_set_free(set);
}

/*
 * Without startingAt the shown price is the cheapest complete configuration ("from" when it is
 * not basePrice); a catalog's startingAt is shown as given; and a bare price never hides
 * defaults that cost more.
 */
static void test_shown_price_without_starting_at(void **state)
{
	static const char doc[] =
	    "{'items': {"
	    " 'drip': {'name': 'Drip', 'basePrice': 0, 'modifierGroupIds': ['size']},"
	    " 'pho': {'name': 'Pho', 'basePrice': 14.95, 'modifierGroupIds': ['bowl']},"
	    " 'given': {'name': 'Given', 'basePrice': 0, 'startingAt': 0,"
	    "           'modifierGroupIds': ['size']},"
	    " 'pho2': {'name': 'Pho', 'basePrice': 14.95, 'startingAt': 14.95,"
	    "          'modifierGroupIds': ['bowl']},"
	    " 'plain': {'name': 'Plain', 'basePrice': 3, 'modifierGroupIds': ['extras']},"
	    " 'small': {'name': '12 oz', 'basePrice': 2.75},"
	    " 'large': {'name': '16 oz', 'basePrice': 3.25},"
	    " 'regular': {'name': 'Regular', 'basePrice': 2},"
	    " 'kid': {'name': 'Kid', 'basePrice': 0},"
	    " 'shot': {'name': 'Shot', 'basePrice': 0.75}},"
	    " 'modifierGroups': {"
	    " 'size': {'name': 'Size', 'itemIds': ['small', 'large'],"
	    "          'minimumAllowed': 1, 'maximumAllowed': 1},"
	    " 'bowl': {'name': 'Bowl', 'itemIds': ['kid', 'regular'],"
	    "          'minimumAllowed': 1, 'maximumAllowed': 1,"
	    "          'defaultItems': [{'itemId': 'regular', 'quantity': 1}]},"
	    " 'extras': {'name': 'Extras', 'itemIds': ['shot'],"
	    "            'minimumAllowed': 0, 'maximumAllowed': 1,"
	    "            'defaultItems': [{'itemId': 'shot', 'quantity': 1}]}}}";
	static const struct {
		const char *item_id;
		bool with_set; /* false: priced without a set */
		const char *text;
	} cases[] = {
	    /* A required paid group: the cheapest choice, not basePrice 0.00. */
	    {"drip", true, "from $2.75"},
	    /* The cheapest is basePrice, but the picker opens with Regular (+2.00). */
	    {"pho", true, "from $14.95"},
	    /* An optional default costing more: still "from". */
	    {"plain", true, "from $3.00"},
	    /* An option with no groups: its basePrice, bare. */
	    {"small", true, "$2.75"},
	    /* A catalog's startingAt is shown as given, even when it is wrong (lint says so). */
	    {"given", true, "$0.00"},
	    /* A catalog's startingAt that the defaults exceed: "from" it too. */
	    {"pho2", true, "from $14.95"},
	    /* No set: basePrice only. */
	    {"drip", false, "$0.00"},
	};
	catalog_set *set = fixture_catalog(doc);
	char buf[64];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const catalog_item *it = catalog_find_item(set, cases[i].item_id);
		const catalog_set *with = cases[i].with_set ? set : NULL;
		assert_string_equal(pricing_item_price_text(with, it, buf, sizeof buf),
				    cases[i].text);
	}
	pricing_shown p = pricing_item_shown(set, catalog_find_item(set, "drip"));
	assert_true(p.from);
	assert_int_equal(p.amount, 275);
	catalog_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_worked_example),
	    cmocka_unit_test(test_cart_subtotal_sums_lines),
	    cmocka_unit_test(test_tier_starting_above_zero_uses_base_price_first),
	    cmocka_unit_test(test_unsorted_wire_tiers),
	    cmocka_unit_test(test_quantity_straddles_tier_boundaries),
	    cmocka_unit_test(test_nested_three_levels),
	    cmocka_unit_test(test_unknown_ids_are_errors),
	    cmocka_unit_test(test_overflow_is_reported),
	    cmocka_unit_test(test_depth_limit),
	    cmocka_unit_test(test_next_selection_price_follows_tiers),
	    cmocka_unit_test(test_cheapest_simple),
	    cmocka_unit_test(test_cheapest_nested_required_groups),
	    cmocka_unit_test(test_cheapest_tiers_without_duplicates),
	    cmocka_unit_test(test_cheapest_unsatisfiable_and_cycles),
	    cmocka_unit_test(test_cheapest_gives_up_on_explosive_graphs),
	    cmocka_unit_test(test_tier_wording),
	    cmocka_unit_test(test_option_charge_follows_the_line),
	    cmocka_unit_test(test_option_charge_order_matters),
	    cmocka_unit_test(test_option_charge_full_group),
	    cmocka_unit_test(test_shown_price),
	    cmocka_unit_test(test_shown_price_without_starting_at),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

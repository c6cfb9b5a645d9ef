/* Modifier rules (contract §4.3): counts, duplicates, radio, defaults, nesting, cycles, text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog_fixtures.h"
#include "base/collections.h"
#include "base/xalloc.h"
#include "rules/modifier_rules.h"
#include "rules/pricing.h"

/* Problems of a line given as single-quoted JSON. */
static modifier_problems problems_of(const catalog_set *set, const char *line_json)
{
	line_item line;
	fixture_line(line_json, &line);
	modifier_problems out = {0};
	bool ok = modifier_check_line(set, &line, &out);
	assert_int_equal(ok, out.n == 0);
	assert_int_equal(modifier_line_is_complete(set, &line), out.n == 0);
	line_item_clear(&line);
	return out;
}

static void assert_path(const modifier_problem *p, const char *const *ids, size_t n)
{
	assert_int_equal(p->path.n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(p->path.v[i], ids[i]);
}

static char *dozen_line(char *buf, size_t n, const char *items)
{
	snprintf(buf, n,
		 "{'itemId': 'dozen', 'quantity': 1, 'modifierGroups': ["
		 " {'modifierGroupId': 'bagels', 'items': %s}]}",
		 items);
	return buf;
}

static void test_dozen_eleven_needs_one_more(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_BAGELS);
	char json[512];
	modifier_problems ps = problems_of(
	    set, dozen_line(
		     json, sizeof json,
		     "[{'itemId': 'plain', 'quantity': 5}, {'itemId': 'sesame', 'quantity': 6}]"));
	assert_int_equal(ps.n, 1);
	assert_int_equal(ps.v[0].code, MODIFIER_REQUIRED);
	assert_string_equal(ps.v[0].message, "Choose your bagels: choose 1 more");
	assert_string_equal(ps.v[0].group_id, "bagels");
	assert_null(ps.v[0].option_id);
	assert_int_equal(ps.v[0].count, 11);
	assert_string_equal(ps.v[0].json_path, ".modifierGroups[0]");
	const char *path[] = {"bagels"};
	assert_path(&ps.v[0], path, 1);
	assert_string_equal(modifier_code_wire(ps.v[0].code), "MODIFIER_REQUIRED");
	modifier_problems_clear(&ps);

	ps = problems_of(set, "{'itemId': 'dozen', 'quantity': 1}");
	assert_int_equal(ps.n, 1);
	assert_string_equal(ps.v[0].message, "Choose your bagels: choose 12");
	assert_string_equal(ps.v[0].json_path, ""); /* no selection entry yet: the line itself */
	modifier_problems_clear(&ps);
	catalog_set_free(set);
}

static void test_dozen_twelve_in_combinations_is_complete(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_BAGELS);
	const char *combos[] = {
	    "[{'itemId': 'plain', 'quantity': 12}]",
	    "[{'itemId': 'plain', 'quantity': 3}, {'itemId': 'sesame', 'quantity': 3},"
	    " {'itemId': 'everything', 'quantity': 3}, {'itemId': 'poppy', 'quantity': 3}]",
	    "[{'itemId': 'plain', 'quantity': 1}, {'itemId': 'sesame', 'quantity': 10},"
	    " {'itemId': 'plain', 'quantity': 1}]",
	};
	for (size_t i = 0; i < sizeof combos / sizeof *combos; i++) {
		char json[512];
		modifier_problems ps = problems_of(set, dozen_line(json, sizeof json, combos[i]));
		assert_int_equal(ps.n, 0);
	}
	catalog_set_free(set);
}

static void test_dozen_thirteenth_refused(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_BAGELS);
	const modifier_group *bagels = catalog_find_group(set, "bagels");
	line_item line;
	assert_true(modifier_line_from_defaults(set, "dozen", &line, NULL));
	char reason[MODIFIER_TEXT_MAX];
	assert_true(
	    modifier_group_set_quantity(set, &line, bagels, "plain", 6, reason, sizeof reason));
	assert_true(
	    modifier_group_set_quantity(set, &line, bagels, "sesame", 5, reason, sizeof reason));
	assert_false(modifier_line_is_complete(set, &line));
	assert_true(modifier_group_add(set, &line, bagels, "plain", reason, sizeof reason));
	assert_true(modifier_line_is_complete(set, &line));
	cart_modifier_group *sel = line_item_find_group(&line, "bagels");
	assert_int_equal(sel->n_items, 2); /* the extra plain joined its line */
	assert_int_equal(sel->items[0].quantity, 7);

	assert_false(modifier_group_can_add(set, sel, bagels, "poppy", reason, sizeof reason));
	assert_string_equal(reason, "Choose your bagels: up to 12");
	assert_false(modifier_group_add(set, &line, bagels, "poppy", reason, sizeof reason));
	assert_false(
	    modifier_group_set_quantity(set, &line, bagels, "sesame", 6, reason, sizeof reason));
	assert_int_equal(modifier_group_count(line_item_find_group(&line, "bagels")), 12);
	line_item_clear(&line);

	char json[512];
	modifier_problems ps = problems_of(
	    set,
	    dozen_line(json, sizeof json,
		       "[{'itemId': 'plain', 'quantity': 7}, {'itemId': 'poppy', 'quantity': 6}]"));
	assert_int_equal(ps.n, 1);
	assert_int_equal(ps.v[0].code, MODIFIER_TOO_MANY);
	assert_string_equal(ps.v[0].message, "Choose your bagels: remove 1 (up to 12 allowed)");
	modifier_problems_clear(&ps);
	catalog_set_free(set);
}

static void test_duplicates_disallowed(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_SANDWICH);
	modifier_problems ps = problems_of(
	    set, "{'itemId': 'sandwich', 'quantity': 1, 'modifierGroups': ["
		 " {'modifierGroupId': 'bread', 'items': [{'itemId': 'rye', 'quantity': 1}]},"
		 " {'modifierGroupId': 'cheese', 'items': [{'itemId': 'cheddar', 'quantity': 1},"
		 "                                         {'itemId': 'cheddar', 'quantity': 1},"
		 "                                         {'itemId': 'swiss', 'quantity': 2}]}]}");
	assert_int_equal(ps.n, 3);
	/* the group's count problem comes before its options' problems */
	assert_int_equal(ps.v[0].code, MODIFIER_TOO_MANY);
	assert_int_equal(ps.v[0].count, 4);
	assert_int_equal(ps.v[1].code, MODIFIER_DUPLICATE_NOT_ALLOWED);
	assert_string_equal(ps.v[1].option_id, "cheddar");
	assert_string_equal(ps.v[1].json_path, ".modifierGroups[1].items[1]");
	assert_string_equal(ps.v[1].message, "Cheese: Cheddar can be chosen only once");
	const char *path[] = {"cheese", "cheddar"};
	assert_path(&ps.v[1], path, 2);
	assert_string_equal(modifier_code_wire(ps.v[1].code), "MODIFIER_REQUIRED");
	assert_int_equal(ps.v[2].code, MODIFIER_DUPLICATE_NOT_ALLOWED);
	assert_string_equal(ps.v[2].option_id, "swiss");
	modifier_problems_clear(&ps);

	const modifier_group *cheese = catalog_find_group(set, "cheese");
	line_item line;
	assert_true(modifier_line_from_defaults(set, "sandwich", &line, NULL));
	char reason[MODIFIER_TEXT_MAX];
	assert_true(modifier_group_add(set, &line, cheese, "cheddar", reason, sizeof reason));
	assert_string_equal(reason, "");
	assert_false(modifier_group_add(set, &line, cheese, "cheddar", reason, sizeof reason));
	assert_string_equal(reason, "Already chosen");
	assert_false(
	    modifier_group_set_quantity(set, &line, cheese, "cheddar", 2, reason, sizeof reason));
	assert_string_equal(reason, "Cheddar can be chosen only once");
	assert_int_equal(modifier_group_count(line_item_find_group(&line, "cheese")), 1);
	line_item_clear(&line);
	catalog_set_free(set);
}

static void test_radio_replaces_choice(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_SANDWICH);
	const modifier_group *bread = catalog_find_group(set, "bread");
	line_item line;
	assert_true(modifier_line_from_defaults(set, "sandwich", &line, NULL));
	assert_true(modifier_group_is_radio(bread));
	char reason[MODIFIER_TEXT_MAX];
	assert_true(modifier_group_can_add(set, line_item_find_group(&line, "bread"), bread,
					   "white", reason, sizeof reason));
	assert_string_equal(reason, "Replaces Rye");
	assert_true(modifier_group_add(set, &line, bread, "white", reason, sizeof reason));
	cart_modifier_group *sel = line_item_find_group(&line, "bread");
	assert_int_equal(sel->n_items, 1);
	assert_string_equal(sel->items[0].item_id, "white");
	assert_false(modifier_group_add(set, &line, bread, "white", reason, sizeof reason));
	assert_string_equal(reason, "Already chosen");
	assert_true(
	    modifier_group_set_quantity(set, &line, bread, "rye", 1, reason, sizeof reason));
	sel = line_item_find_group(&line, "bread");
	assert_int_equal(sel->n_items, 1);
	assert_string_equal(sel->items[0].item_id, "rye");
	assert_true(modifier_line_is_complete(set, &line));
	line_item_clear(&line);
	catalog_set_free(set);
}

static void test_maximum_zero_allows_nothing(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_SANDWICH);
	const modifier_group *addons = catalog_find_group(set, "addons");
	char reason[MODIFIER_TEXT_MAX], rule[MODIFIER_TEXT_MAX];
	assert_false(modifier_group_can_add(set, NULL, addons, "bacon", reason, sizeof reason));
	assert_string_equal(reason, "Add-ons: none allowed");
	assert_string_equal(modifier_group_rule_text(addons, rule, sizeof rule), "Not available");
	modifier_problems ps = problems_of(
	    set, "{'itemId': 'sandwich', 'quantity': 1, 'modifierGroups': ["
		 " {'modifierGroupId': 'bread', 'items': [{'itemId': 'rye', 'quantity': 1}]},"
		 " {'modifierGroupId': 'addons', 'items': [{'itemId': 'bacon', 'quantity': 1}]}]}");
	assert_int_equal(ps.n, 1);
	assert_int_equal(ps.v[0].code, MODIFIER_TOO_MANY);
	assert_string_equal(ps.v[0].message, "Add-ons: remove 1 (none allowed)");
	modifier_problems_clear(&ps);
	catalog_set_free(set);
}

static void test_unknown_and_foreign_ids(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_PIZZA);
	modifier_problems ps = problems_of(set, "{'itemId': 'calzone', 'quantity': 1}");
	assert_int_equal(ps.n, 1);
	assert_int_equal(ps.v[0].code, MODIFIER_ITEM_UNAVAILABLE);
	assert_null(ps.v[0].group_id);
	assert_int_equal(ps.v[0].path.n, 0);
	assert_string_equal(modifier_code_wire(ps.v[0].code), "ITEM_UNAVAILABLE");
	modifier_problems_clear(&ps);

	ps = problems_of(
	    set, "{'itemId': 'pizza', 'quantity': 1, 'modifierGroups': ["
		 " {'modifierGroupId': 'size', 'items': [{'itemId': 'large', 'quantity': 1}]},"
		 " {'modifierGroupId': 'toppings', 'items': [{'itemId': 'anchovy', 'quantity': 1},"
		 "                                           {'itemId': 'salad', 'quantity': 1}]},"
		 " {'modifierGroupId': 'crust', 'items': []},"
		 " {'modifierGroupId': 'extras', 'items': [{'itemId': 'salad', 'quantity': 1}]},"
		 " {'modifierGroupId': 'size', 'items': [{'itemId': 'xl', 'quantity': 1}]}]}");
	assert_int_equal(ps.n, 5);
	assert_int_equal(ps.v[0].code, MODIFIER_ITEM_UNAVAILABLE);
	assert_string_equal(ps.v[0].option_id, "anchovy");
	assert_int_equal(ps.v[1].code, MODIFIER_NOT_AN_OPTION);
	assert_string_equal(ps.v[1].option_id, "salad");
	assert_string_equal(ps.v[1].message, "Toppings: Side Salad is not an option here");
	assert_int_equal(ps.v[2].code, MODIFIER_ITEM_UNAVAILABLE);
	assert_string_equal(ps.v[2].group_id, "crust");
	assert_int_equal(ps.v[3].code, MODIFIER_ITEM_UNAVAILABLE);
	assert_string_equal(ps.v[3].message, "Extras is not offered with Pizza");
	assert_string_equal(ps.v[3].json_path, ".modifierGroups[3]");
	assert_int_equal(ps.v[4].code, MODIFIER_GROUP_REPEATED);
	modifier_problems_clear(&ps);

	char reason[MODIFIER_TEXT_MAX];
	const modifier_group *toppings = catalog_find_group(set, "toppings");
	assert_false(modifier_group_can_add(set, NULL, toppings, "salad", reason, sizeof reason));
	assert_string_equal(reason, "Not an option of this group");
	line_item line;
	assert_false(modifier_line_from_defaults(set, "calzone", &line, NULL));
	assert_null(line.item_id);
	assert_true(modifier_line_from_defaults(set, "pizza", &line, NULL));
	assert_false(modifier_group_add(set, &line, catalog_find_group(set, "extras"), "salad",
					reason, sizeof reason));
	assert_string_equal(reason, "Not offered with this item");
	line_item_clear(&line);
	catalog_set_free(set);
}

static void test_defaults_preselected(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_SANDWICH);
	line_item line;
	modifier_problems report = {0};
	assert_true(modifier_line_from_defaults(set, "sandwich", &line, &report));
	assert_int_equal(report.n, 0);
	assert_int_equal(line.quantity, 1);
	cart_modifier_group *bread = line_item_find_group(&line, "bread");
	cart_modifier_group *sauces = line_item_find_group(&line, "sauces");
	assert_non_null(bread);
	assert_non_null(sauces);
	assert_null(line_item_find_group(&line, "cheese")); /* no defaults, no entry */
	assert_string_equal(bread->items[0].item_id, "rye");
	assert_int_equal(sauces->n_items, 1);
	assert_string_equal(sauces->items[0].item_id, "mayo");
	assert_int_equal(sauces->items[0].quantity, 2);
	assert_true(modifier_line_is_complete(set, &line));
	money unit = 0;
	assert_true(pricing_unit_price(set, &line, &unit, NULL));
	assert_int_equal(unit, 700 + 25 + 2 * 10); /* defaults cost like any selection (Q14) */
	line_item_clear(&line);
	catalog_set_free(set);
}

static void test_invalid_defaults_clamped_and_reported(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_SANDWICH);
	line_item line;
	modifier_problems report = {0};
	assert_true(modifier_line_from_defaults(set, "wrap", &line, &report));
	const struct {
		modifier_code code;
		const char *option;
	} expected[] = {
	    {MODIFIER_NOT_AN_OPTION, "bacon"},	  {MODIFIER_TOO_MANY, "mustard"},
	    {MODIFIER_TOO_MANY, "ketchup"},	  {MODIFIER_DUPLICATE_NOT_ALLOWED, "cheddar"},
	    {MODIFIER_ITEM_UNAVAILABLE, "ghost"}, {MODIFIER_DUPLICATE_NOT_ALLOWED, "cheddar"},
	};
	assert_int_equal(report.n, sizeof expected / sizeof *expected);
	for (size_t i = 0; i < report.n; i++) {
		assert_int_equal(report.v[i].code, expected[i].code);
		assert_string_equal(report.v[i].option_id, expected[i].option);
		assert_true(strlen(report.v[i].message) > 0);
	}
	cart_modifier_group *sauces = line_item_find_group(&line, "wrapsauce");
	assert_int_equal(modifier_group_count(sauces), 3); /* Σ defaults clamped to the maximum */
	assert_int_equal(sauces->n_items, 2);
	assert_string_equal(sauces->items[1].item_id, "mustard");
	assert_int_equal(sauces->items[1].quantity, 1);
	cart_modifier_group *cheese = line_item_find_group(&line, "wrapcheese");
	assert_int_equal(cheese->n_items, 1);
	assert_int_equal(cheese->items[0].quantity, 1);
	modifier_problems_clear(&report);

	/* what is left to do is only the group without defaults */
	assert_false(modifier_check_line(set, &line, &report));
	assert_int_equal(report.n, 1);
	assert_string_equal(report.v[0].group_id, "wrapbread");
	assert_string_equal(report.v[0].message, "Choose Bread: choose 1");
	modifier_problems_clear(&report);
	line_item_clear(&line);
	catalog_set_free(set);
}

static void test_nested_three_levels_validated(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_MEAL);
	modifier_problems ps = problems_of(
	    set,
	    "{'itemId': 'meal', 'quantity': 1, 'modifierGroups': ["
	    " {'modifierGroupId': 'main', 'items': [{'itemId': 'burger', 'quantity': 1,"
	    "  'modifierGroups': [{'modifierGroupId': 'side', 'items': ["
	    "   {'itemId': 'fries', 'quantity': 1}, {'itemId': 'salad', 'quantity': 1}]}]}]}]}");
	assert_int_equal(ps.n, 1);
	assert_int_equal(ps.v[0].code, MODIFIER_REQUIRED);
	assert_string_equal(ps.v[0].group_id, "dressing");
	assert_string_equal(ps.v[0].item_id, "salad");
	assert_string_equal(ps.v[0].message, "Choose Dressing (Salad): choose 1");
	assert_string_equal(ps.v[0].json_path,
			    ".modifierGroups[0].items[0].modifierGroups[0].items[1]");
	const char *path[] = {"main", "burger", "side", "salad", "dressing"};
	assert_path(&ps.v[0], path, 5);
	modifier_problems_clear(&ps);

	/* building the same through the picker: nested options start from their defaults */
	line_item line;
	assert_true(modifier_line_from_defaults(set, "meal", &line, NULL));
	assert_false(modifier_line_is_complete(set, &line));
	assert_true(
	    modifier_group_add(set, &line, catalog_find_group(set, "main"), "burger", NULL, 0));
	line_item *burger = &line_item_find_group(&line, "main")->items[0];
	assert_false(modifier_check_line(set, &line, &ps));
	assert_string_equal(ps.v[0].message, "Side (Burger): choose 1");
	modifier_problems_clear(&ps);
	assert_true(
	    modifier_group_add(set, burger, catalog_find_group(set, "side"), "salad", NULL, 0));
	line_item *salad = &line_item_find_group(burger, "side")->items[0];
	assert_string_equal(line_item_find_group(salad, "dressing")->items[0].item_id, "ranch");
	assert_true(modifier_line_is_complete(set, &line));
	line_item_clear(&line);
	catalog_set_free(set);
}

static void test_first_problem_is_first_unmet_group(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_PIZZA);
	modifier_problems ps = problems_of(
	    set,
	    "{'itemId': 'pizza', 'quantity': 1, 'modifierGroups': ["
	    " {'modifierGroupId': 'toppings', 'items': [{'itemId': 'olives', 'quantity': 6}]}]}");
	assert_int_equal(ps.n, 2);
	assert_int_equal(ps.v[0].code, MODIFIER_REQUIRED);
	assert_string_equal(ps.v[0].group_id, "size");
	assert_string_equal(ps.v[0].message, "Choose Size: choose 1");
	assert_int_equal(ps.v[1].code, MODIFIER_TOO_MANY);
	assert_string_equal(ps.v[1].message, "Toppings: remove 1 (up to 5 allowed)");
	modifier_problems_clear(&ps);
	catalog_set_free(set);
}

static void test_cycle_terminates(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_CYCLE);
	line_item line;
	modifier_problems report = {0};
	assert_true(modifier_line_from_defaults(set, "alpha", &line, &report));
	assert_int_equal(report.n, 1);
	assert_int_equal(report.v[0].code, MODIFIER_CYCLE);
	const char *path[] = {"ga", "beta", "gb", "alpha"};
	assert_path(&report.v[0], path, 4);
	modifier_problems_clear(&report);
	line_item *beta = &line_item_find_group(&line, "ga")->items[0];
	assert_string_equal(beta->item_id, "beta");
	assert_int_equal(beta->n_groups, 0); /* alpha inside beta was not expanded */
	line_item_clear(&line);

	modifier_problems ps = problems_of(
	    set, "{'itemId': 'alpha', 'quantity': 1, 'modifierGroups': ["
		 " {'modifierGroupId': 'ga', 'items': [{'itemId': 'beta', 'quantity': 1,"
		 "  'modifierGroups': [{'modifierGroupId': 'gb', 'items': ["
		 "   {'itemId': 'alpha', 'quantity': 1}]}]}]}]}");
	assert_int_equal(ps.n, 1);
	assert_int_equal(ps.v[0].code, MODIFIER_CYCLE);
	assert_path(&ps.v[0], path, 4);
	modifier_problems_clear(&ps);
	catalog_set_free(set);
}

static void test_depth_limit(void **state)
{
	catalog_set *set = fixture_chain(MODIFIER_MAX_DEPTH + 2);
	for (int levels = MODIFIER_MAX_DEPTH; levels <= MODIFIER_MAX_DEPTH + 1; levels++) {
		line_item line = {0};
		line.item_id = xstrdup("c0");
		line.quantity = 1;
		line_item *owner = &line;
		for (int k = 0; k < levels; k++) {
			char gid[16], oid[16];
			snprintf(gid, sizeof gid, "g%d", k);
			snprintf(oid, sizeof oid, "c%d", k + 1);
			assert_true(modifier_group_add(set, owner, catalog_find_group(set, gid),
						       oid, NULL, 0));
			owner = &line_item_find_group(owner, gid)->items[0];
		}
		modifier_problems ps = {0};
		modifier_check_line(set, &line, &ps);
		if (levels == MODIFIER_MAX_DEPTH) {
			assert_int_equal(ps.n, 0);
		} else {
			assert_int_equal(ps.n, 1);
			assert_int_equal(ps.v[0].code, MODIFIER_CYCLE);
			assert_int_equal(ps.v[0].path.n, 2 * MODIFIER_MAX_DEPTH);
		}
		modifier_problems_clear(&ps);
		line_item_clear(&line);
	}
	catalog_set_free(set);
}

static void test_rule_text_and_label(void **state)
{
	catalog_set *set = fixture_catalog(
	    "{'modifierGroups': {"
	    " 'a': {'name': 'Choose Size', 'itemIds': [], 'minimumAllowed': 1, 'maximumAllowed': "
	    "1},"
	    " 'b': {'name': 'Toppings', 'itemIds': [], 'minimumAllowed': 0, 'maximumAllowed': 3},"
	    " 'c': {'name': 'Choose your bagels', 'itemIds': [], 'minimumAllowed': 12,"
	    "       'maximumAllowed': 12},"
	    " 'd': {'name': 'Select Sides', 'itemIds': [], 'minimumAllowed': 2, 'maximumAllowed': "
	    "4},"
	    " 'e': {'name': 'Choose', 'itemIds': [], 'minimumAllowed': 0, 'maximumAllowed': 1},"
	    " 'f': {'name': 'Broken', 'itemIds': [], 'minimumAllowed': 3, 'maximumAllowed': 2},"
	    " 'g': {'name': 'A la carte', 'itemIds': [], 'minimumAllowed': 0, 'maximumAllowed': 2},"
	    " 'h': {'name': 'Pick a Base', 'itemIds': [], 'minimumAllowed': 1, 'maximumAllowed': "
	    "1}}}");
	/* The names as the catalog has them: never a word stripped or a letter raised. */
	const struct {
		const char *id, *rule, *label;
	} cases[] = {
	    {"a", "Choose 1", "Choose Size"},
	    {"b", "Choose up to 3", "Toppings"},
	    {"c", "Choose 12", "Choose your bagels"},
	    {"d", "Choose 2 to 4", "Select Sides"},
	    {"e", "Optional", "Choose"},
	    {"f", "Not available", "Broken"},
	    {"g", "Choose up to 2", "A la carte"},
	    {"h", "Choose 1", "Pick a Base"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const modifier_group *g = catalog_find_group(set, cases[i].id);
		char buf[MODIFIER_TEXT_MAX];
		assert_string_equal(modifier_group_rule_text(g, buf, sizeof buf), cases[i].rule);
		assert_string_equal(modifier_group_label(g), cases[i].label);
	}
	catalog_set_free(set);
}

static void test_remove_and_set_quantity(void **state)
{
	catalog_set *set = fixture_catalog(FIXTURE_SANDWICH);
	const modifier_group *sauces = catalog_find_group(set, "sauces");
	line_item line;
	assert_true(modifier_line_from_defaults(set, "sandwich", &line, NULL));
	char reason[MODIFIER_TEXT_MAX];
	assert_false(modifier_group_can_remove(line_item_find_group(&line, "sauces"), sauces,
					       "ketchup", reason, sizeof reason));
	assert_string_equal(reason, "Not chosen");
	assert_true(modifier_group_remove(&line, sauces, "mayo", reason, sizeof reason));
	assert_int_equal(modifier_group_count(line_item_find_group(&line, "sauces")), 1);
	assert_true(modifier_group_remove(&line, sauces, "mayo", reason, sizeof reason));
	assert_null(line_item_find_group(&line, "sauces")); /* emptied group dropped */
	assert_false(modifier_group_remove(&line, sauces, "mayo", reason, sizeof reason));

	assert_true(
	    modifier_group_set_quantity(set, &line, sauces, "mustard", 3, reason, sizeof reason));
	assert_false(
	    modifier_group_set_quantity(set, &line, sauces, "mayo", 1, reason, sizeof reason));
	assert_string_equal(reason, "Sauces: up to 3");
	assert_true(
	    modifier_group_set_quantity(set, &line, sauces, "mustard", 2, reason, sizeof reason));
	assert_true(
	    modifier_group_set_quantity(set, &line, sauces, "mayo", 1, reason, sizeof reason));
	assert_int_equal(modifier_group_count(line_item_find_group(&line, "sauces")), 3);
	assert_false(
	    modifier_group_set_quantity(set, &line, sauces, "mayo", -1, reason, sizeof reason));
	assert_true(
	    modifier_group_set_quantity(set, &line, sauces, "mustard", 0, reason, sizeof reason));
	assert_true(
	    modifier_group_set_quantity(set, &line, sauces, "mayo", 0, reason, sizeof reason));
	assert_null(line_item_find_group(&line, "sauces"));
	line_item_clear(&line);
	catalog_set_free(set);
}

/* A group name longer than a message has room for is cut on a character boundary: the
   message stays UTF-8 (the sandbox puts it in JSON, which refuses anything else). */
static void test_long_name_cut_on_a_character(void **state)
{
	(void)state;
	catalog_set *set = fixture_catalog(FIXTURE_BAGELS);
	modifier_group *g = (modifier_group *)catalog_find_group(set, "bagels");
	g->name = arena_alloc(set->mem, 1 + 300 * 3 + 1); /* where the set keeps its strings */
	strcpy(g->name, "a"); /* so that no byte budget ends on a character's end by chance */
	for (int i = 0; i < 300; i++)
		strcat(g->name, "ピ");
	modifier_problems ps = problems_of(set, "{'itemId': 'dozen', 'quantity': 1}");
	assert_int_equal(ps.n, 1);
	json_t *text = json_string(ps.v[0].message);
	if (!text)
		fail_msg("not UTF-8: %s", ps.v[0].message);
	json_decref(text);
	assert_true(strncmp(ps.v[0].message, "aピピ", 7) == 0);
	assert_non_null(strstr(ps.v[0].message, ": choose 12"));
	modifier_problems_clear(&ps);
	catalog_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dozen_eleven_needs_one_more),
	    cmocka_unit_test(test_dozen_twelve_in_combinations_is_complete),
	    cmocka_unit_test(test_dozen_thirteenth_refused),
	    cmocka_unit_test(test_duplicates_disallowed),
	    cmocka_unit_test(test_radio_replaces_choice),
	    cmocka_unit_test(test_maximum_zero_allows_nothing),
	    cmocka_unit_test(test_unknown_and_foreign_ids),
	    cmocka_unit_test(test_defaults_preselected),
	    cmocka_unit_test(test_invalid_defaults_clamped_and_reported),
	    cmocka_unit_test(test_nested_three_levels_validated),
	    cmocka_unit_test(test_first_problem_is_first_unmet_group),
	    cmocka_unit_test(test_cycle_terminates),
	    cmocka_unit_test(test_depth_limit),
	    cmocka_unit_test(test_rule_text_and_label),
	    cmocka_unit_test(test_remove_and_set_quantity),
	    cmocka_unit_test(test_long_name_cut_on_a_character),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for src/wire/catalog.c: parsing, lookups, tiers, round trip, type errors, demo data.
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
#include <unistd.h>

#include "wire/catalog.h"
#include "fs_fixtures.h"
#include "json_mutate.h"

/* A small set exercising every field; keys differ from some own ids on purpose. */
static const char *const fixture_json =
    "{"
    " \"catalogSetId\": \"cs-1\", \"storeId\": \"store-1\", \"unknownTop\": [1, 2],"
    " \"catalogs\": {"
    "  \"lunch\": {\"catalogId\": \"lunch\", \"name\": \"Lunch Menu\", \"sectionIds\": [\"food\"],"
    "   \"availability\": [{\"dayOfWeek\": \"Monday\", \"start\": \"11:00:00\","
    "    \"end\": \"15:00:00\"}]},"
    "  \"late\": {\"sectionIds\": [\"food\", \"missing-section\"]}"
    " },"
    " \"sections\": {"
    "  \"food\": {\"sectionId\": \"food\", \"name\": \"Food\", \"itemIds\": [\"pizza\"],"
    "   \"sectionIds\": [\"hot\"]},"
    "  \"hot\": {\"name\": \"Hot Food\", \"itemIds\": [\"pizza\", \"ghost-item\"]}"
    " },"
    " \"items\": {"
    "  \"pizza\": {\"itemId\": \"pizza\", \"name\": \"Pizza\", \"description\": \"Cheese\","
    "   \"imageUrl\": \"https://img.example/p.png\", \"basePrice\": 12, \"startingAt\": 15.0,"
    "   \"compareAt\": 19.99, \"modifierGroupIds\": [\"size\", \"toppings\", \"ghost-group\"],"
    "   \"unknownField\": {\"x\": 1}},"
    "  \"large\": {\"itemId\": \"LARGE-OTHER\", \"name\": \"Large\", \"basePrice\": 3.0},"
    "  \"small\": {\"name\": \"Small\", \"basePrice\": 0.1},"
    "  \"pepperoni\": {\"name\": \"Pepperoni\", \"basePrice\": 1234567.89},"
    "  \"olives\": {\"name\": \"Olives\"}"
    " },"
    " \"modifierGroups\": {"
    "  \"size\": {\"modifierGroupId\": \"size\", \"name\": \"Choose Size\","
    "   \"itemIds\": [\"small\", \"large\"], \"minimumAllowed\": 1, \"maximumAllowed\": 1,"
    "   \"defaultItems\": [{\"itemId\": \"small\"}]},"
    "  \"toppings\": {\"name\": \"Toppings\", \"itemIds\": [\"pepperoni\", \"olives\"],"
    "   \"minimumAllowed\": 0, \"maximumAllowed\": 5.0, \"enableDuplicateItems\": true,"
    "   \"tiers\": [{\"offset\": 2, \"price\": 1.5}, {\"offset\": 0, \"price\": 0},"
    "    {\"offset\": 2, \"price\": 1.75, \"note\": \"ignored\"}],"
    "   \"defaultItems\": [{\"itemId\": \"pepperoni\", \"quantity\": 2}]}"
    " }"
    "}";

static catalog_set *parse_text(const char *text, json_err *err)
{
	json_t *root = jm_load(text);
	catalog_set *set = catalog_set_from_json(root, err);
	json_decref(root);
	return set;
}

static catalog_set *parse_fixture(void)
{
	json_err err = {0};
	catalog_set *set = parse_text(fixture_json, &err);
	if (!set)
		fail_msg("fixture rejected: %s: %s", err.path, err.message);
	return set;
}

/* ---------------------------------------------------------------- parsing and lookups */

static void test_parses_fixture_fields(void **state)
{
	(void)state;
	catalog_set *set = parse_fixture();
	assert_string_equal(set->catalog_set_id, "cs-1");
	assert_string_equal(set->store_id, "store-1");
	assert_int_equal(strmap_count(set->catalogs), 2);
	assert_int_equal(strmap_count(set->sections), 2);
	assert_int_equal(strmap_count(set->items), 5);
	assert_int_equal(strmap_count(set->modifier_groups), 2);

	const catalog_item *pizza = catalog_find_item(set, "pizza");
	assert_non_null(pizza);
	assert_string_equal(pizza->name, "Pizza");
	assert_string_equal(pizza->description, "Cheese");
	assert_string_equal(pizza->image_url, "https://img.example/p.png");
	assert_true(pizza->has_base_price);
	assert_int_equal(pizza->base_price, 1200);
	assert_true(pizza->has_starting_at);
	assert_int_equal(pizza->starting_at, 1500);
	assert_true(pizza->has_compare_at);
	assert_int_equal(pizza->compare_at, 1999);
	assert_int_equal(pizza->modifier_group_ids.n, 3);
	assert_string_equal(pizza->modifier_group_ids.v[1], "toppings");

	const catalog_item *olives = catalog_find_item(set, "olives");
	assert_false(olives->has_base_price);
	assert_int_equal(olives->base_price, 0);
	assert_null(olives->description);
	assert_null(olives->image_url);
	assert_int_equal(olives->modifier_group_ids.n, 0);
	assert_int_equal(catalog_find_item(set, "small")->base_price, 10);
	assert_int_equal(catalog_find_item(set, "pepperoni")->base_price, 123456789);

	const catalog *lunch = catalog_find_catalog(set, "lunch");
	assert_string_equal(lunch->name, "Lunch Menu");
	assert_int_equal(lunch->section_ids.n, 1);
	assert_true(lunch->availability.published);
	assert_int_equal(lunch->availability.n, 1);
	const catalog *late = catalog_find_catalog(set, "late");
	assert_null(late->name);
	assert_false(late->availability.published);

	const catalog_section *food = catalog_find_section(set, "food");
	assert_string_equal(food->name, "Food");
	assert_string_equal(food->section_ids.v[0], "hot");
	assert_int_equal(catalog_find_section(set, "hot")->item_ids.n, 2);
	catalog_set_free(set);
}

static void test_groups_defaults_and_flags(void **state)
{
	(void)state;
	catalog_set *set = parse_fixture();
	const modifier_group *size = catalog_find_group(set, "size");
	assert_string_equal(size->name, "Choose Size");
	assert_int_equal(size->minimum_allowed, 1);
	assert_int_equal(size->maximum_allowed, 1);
	assert_false(size->enable_duplicate_items);
	assert_int_equal(size->n_tiers, 0);
	assert_int_equal(size->n_defaults, 1);
	assert_string_equal(size->defaults[0].item_id, "small");
	assert_int_equal(size->defaults[0].quantity, 1); /* absent quantity defaults to 1 */

	const modifier_group *toppings = catalog_find_group(set, "toppings");
	assert_true(toppings->enable_duplicate_items);
	assert_int_equal(toppings->maximum_allowed, 5); /* 5.0 accepted as integer */
	assert_int_equal(toppings->n_defaults, 1);
	assert_int_equal(toppings->defaults[0].quantity, 2);

	assert_true(modifier_group_has_option(size, "large"));
	assert_false(modifier_group_has_option(size, "pepperoni"));
	assert_false(modifier_group_has_option(NULL, "large"));
	const catalog_item *pizza = catalog_find_item(set, "pizza");
	assert_true(catalog_item_has_group(pizza, "toppings"));
	assert_false(catalog_item_has_group(pizza, "drinks"));
	catalog_set_free(set);
}

static void test_tiers_sorted_stably(void **state)
{
	(void)state;
	catalog_set *set = parse_fixture();
	const modifier_group *toppings = catalog_find_group(set, "toppings");
	assert_int_equal(toppings->n_tiers, 3);
	assert_int_equal(toppings->tiers[0].offset, 0);
	assert_int_equal(toppings->tiers[0].price, 0);
	/* Equal offsets keep wire order: 1.50 came before 1.75. */
	assert_int_equal(toppings->tiers[1].offset, 2);
	assert_int_equal(toppings->tiers[1].price, 150);
	assert_int_equal(toppings->tiers[2].offset, 2);
	assert_int_equal(toppings->tiers[2].price, 175);
	catalog_set_free(set);
}

static void test_map_key_wins_over_own_id(void **state)
{
	(void)state;
	catalog_set *set = parse_fixture();
	const catalog_item *large = catalog_find_item(set, "large");
	assert_non_null(large);
	assert_string_equal(large->item_id, "large");
	assert_null(catalog_find_item(set, "LARGE-OTHER"));
	/* Entries without an own id take the key too. */
	assert_string_equal(catalog_find_section(set, "hot")->section_id, "hot");
	assert_string_equal(catalog_find_group(set, "toppings")->modifier_group_id, "toppings");
	assert_string_equal(catalog_find_catalog(set, "late")->catalog_id, "late");
	catalog_set_free(set);
}

/* The set is one arena: each map's key is its entry's own id, and strings and lists live in the
   set's memory (so catalog_set_free frees them all at once). */
static void test_set_lives_in_its_arena(void **state)
{
	(void)state;
	catalog_set *set = parse_fixture();
	for (size_t i = 0; i < strmap_count(set->items); i++) {
		const catalog_item *it = strmap_value_at(set->items, i);
		assert_ptr_equal(strmap_key_at(set->items, i), it->item_id);
		assert_true(arena_owns(set->mem, it));
		assert_true(arena_owns(set->mem, it->name));
		for (size_t k = 0; k < it->modifier_group_ids.n; k++)
			assert_true(arena_owns(set->mem, it->modifier_group_ids.v[k]));
	}
	const modifier_group *g = strmap_value_at(set->modifier_groups, 0);
	assert_ptr_equal(strmap_key_at(set->modifier_groups, 0), g->modifier_group_id);
	assert_true(arena_owns(set->mem, g->item_ids.v));
	assert_true(arena_owns(set->mem, set->catalog_set_id));
	catalog_set_free(set);
}

/* Each set has its own serial, even one made where a freed one was (views tell sets apart by
   it, not by address), and no set has 0, which stands for none. */
static void test_serial_tells_sets_apart(void **state)
{
	(void)state;
	assert_int_equal(catalog_set_serial(NULL), 0);
	catalog_set *first = parse_fixture();
	unsigned long first_serial = catalog_set_serial(first);
	assert_int_not_equal(first_serial, 0);
	catalog_set_free(first);
	for (int i = 0; i < 8; i++) { /* malloc gives the freed address back soon enough */
		catalog_set *next = parse_fixture();
		assert_true(catalog_set_serial(next) > first_serial);
		first_serial = catalog_set_serial(next);
		catalog_set_free(next);
	}
}

static void test_dangling_references_kept(void **state)
{
	(void)state;
	catalog_set *set = parse_fixture();
	const catalog_section *hot = catalog_find_section(set, "hot");
	assert_string_equal(hot->item_ids.v[1], "ghost-item");
	assert_null(catalog_find_item(set, hot->item_ids.v[1]));
	const catalog *late = catalog_find_catalog(set, "late");
	assert_null(catalog_find_section(set, late->section_ids.v[1]));
	const catalog_item *pizza = catalog_find_item(set, "pizza");
	assert_string_equal(pizza->modifier_group_ids.v[2], "ghost-group");
	assert_null(catalog_find_group(set, "ghost-group"));
	assert_null(catalog_find_item(set, NULL));
	assert_null(catalog_find_item(NULL, "pizza"));
	catalog_set_free(set);
}

static void test_missing_maps_read_as_empty(void **state)
{
	(void)state;
	json_err err = {0};
	catalog_set *set = parse_text("{\"items\": {\"a\": {\"name\": \"A\"}}}", &err);
	assert_non_null(set);
	assert_null(set->catalog_set_id);
	assert_null(set->store_id);
	assert_int_equal(strmap_count(set->catalogs), 0);
	assert_int_equal(strmap_count(set->sections), 0);
	assert_int_equal(strmap_count(set->modifier_groups), 0);
	assert_int_equal(strmap_count(set->items), 1);
	assert_null(catalog_find_group(set, "a"));
	catalog_set_free(set);
}

/* ---------------------------------------------------------------- round trip */

static bool lists_equal(const str_list *a, const str_list *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

static bool opt_str_equal(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static void assert_items_equal(const catalog_item *a, const catalog_item *b)
{
	assert_string_equal(a->item_id, b->item_id);
	assert_string_equal(a->name, b->name);
	assert_true(opt_str_equal(a->description, b->description));
	assert_true(opt_str_equal(a->image_url, b->image_url));
	assert_int_equal(a->has_base_price, b->has_base_price);
	assert_int_equal(a->base_price, b->base_price);
	assert_int_equal(a->has_starting_at, b->has_starting_at);
	assert_int_equal(a->starting_at, b->starting_at);
	assert_int_equal(a->has_compare_at, b->has_compare_at);
	assert_int_equal(a->compare_at, b->compare_at);
	assert_true(lists_equal(&a->modifier_group_ids, &b->modifier_group_ids));
}

static void assert_groups_equal(const modifier_group *a, const modifier_group *b)
{
	assert_string_equal(a->modifier_group_id, b->modifier_group_id);
	assert_string_equal(a->name, b->name);
	assert_true(lists_equal(&a->item_ids, &b->item_ids));
	assert_int_equal(a->minimum_allowed, b->minimum_allowed);
	assert_int_equal(a->maximum_allowed, b->maximum_allowed);
	assert_int_equal(a->enable_duplicate_items, b->enable_duplicate_items);
	assert_int_equal(a->n_defaults, b->n_defaults);
	for (size_t i = 0; i < a->n_defaults; i++) {
		assert_string_equal(a->defaults[i].item_id, b->defaults[i].item_id);
		assert_int_equal(a->defaults[i].quantity, b->defaults[i].quantity);
	}
	assert_int_equal(a->n_tiers, b->n_tiers);
	for (size_t i = 0; i < a->n_tiers; i++) {
		assert_int_equal(a->tiers[i].offset, b->tiers[i].offset);
		assert_int_equal(a->tiers[i].price, b->tiers[i].price);
	}
}

static void assert_sets_equal(const catalog_set *a, const catalog_set *b)
{
	assert_true(opt_str_equal(a->catalog_set_id, b->catalog_set_id));
	assert_true(opt_str_equal(a->store_id, b->store_id));
	assert_int_equal(strmap_count(a->catalogs), strmap_count(b->catalogs));
	for (size_t i = 0; i < strmap_count(a->catalogs); i++) {
		const catalog *ca = strmap_value_at(a->catalogs, i);
		const catalog *cb = catalog_find_catalog(b, ca->catalog_id);
		assert_non_null(cb);
		assert_true(opt_str_equal(ca->name, cb->name));
		assert_true(lists_equal(&ca->section_ids, &cb->section_ids));
		assert_int_equal(ca->availability.published, cb->availability.published);
		assert_int_equal(ca->availability.n, cb->availability.n);
		for (size_t w = 0; w < ca->availability.n; w++)
			assert_memory_equal(&ca->availability.v[w], &cb->availability.v[w],
					    sizeof(avail_window));
	}
	assert_int_equal(strmap_count(a->sections), strmap_count(b->sections));
	for (size_t i = 0; i < strmap_count(a->sections); i++) {
		const catalog_section *sa = strmap_value_at(a->sections, i);
		const catalog_section *sb = catalog_find_section(b, sa->section_id);
		assert_non_null(sb);
		assert_string_equal(sa->name, sb->name);
		assert_true(lists_equal(&sa->item_ids, &sb->item_ids));
		assert_true(lists_equal(&sa->section_ids, &sb->section_ids));
	}
	assert_int_equal(strmap_count(a->items), strmap_count(b->items));
	for (size_t i = 0; i < strmap_count(a->items); i++) {
		const catalog_item *ia = strmap_value_at(a->items, i);
		const catalog_item *ib = catalog_find_item(b, ia->item_id);
		assert_non_null(ib);
		assert_items_equal(ia, ib);
	}
	assert_int_equal(strmap_count(a->modifier_groups), strmap_count(b->modifier_groups));
	for (size_t i = 0; i < strmap_count(a->modifier_groups); i++) {
		const modifier_group *ga = strmap_value_at(a->modifier_groups, i);
		const modifier_group *gb = catalog_find_group(b, ga->modifier_group_id);
		assert_non_null(gb);
		assert_groups_equal(ga, gb);
	}
}

static void test_round_trip_preserves_data_and_money_text(void **state)
{
	(void)state;
	catalog_set *first = parse_fixture();
	json_t *out = catalog_set_to_json(first);
	char *text = jsonx_dumps(out);
	json_decref(out);
	assert_non_null(text);

	assert_non_null(strstr(text, "\"compareAt\":19.99"));
	assert_null(strstr(text, "19.989999"));
	assert_non_null(strstr(text, "\"basePrice\":0.1"));
	assert_non_null(strstr(text, "\"basePrice\":1234567.89"));
	assert_non_null(strstr(text, "\"price\":1.75"));
	/* The map key replaced the mismatching own id on output too. */
	assert_null(strstr(text, "LARGE-OTHER"));
	assert_null(strstr(text, "unknownField"));

	json_err err = {0};
	catalog_set *second = parse_text(text, &err);
	assert_non_null(second);
	assert_sets_equal(first, second);
	assert_sets_equal(second, first);

	/* Serialising the re-parsed set gives the same text (deterministic, insertion-ordered). */
	json_t *again = catalog_set_to_json(second);
	char *text2 = jsonx_dumps(again);
	json_decref(again);
	assert_string_equal(text, text2);
	free(text);
	free(text2);
	catalog_set_free(first);
	catalog_set_free(second);
}

static void test_round_trip_keeps_required_empty_lists(void **state)
{
	(void)state;
	json_err err = {0};
	catalog_set *set = parse_text(
	    "{\"catalogs\": {\"c\": {\"sectionIds\": []}}, \"modifierGroups\": {\"g\": {\"name\":"
	    " \"G\", \"itemIds\": [], \"minimumAllowed\": 0, \"maximumAllowed\": 0}}}",
	    &err);
	assert_non_null(set);
	json_t *out = catalog_set_to_json(set);
	catalog_set *again = catalog_set_from_json(out, &err);
	json_decref(out);
	assert_non_null(again); /* would fail if empty required lists were dropped */
	assert_sets_equal(set, again);
	catalog_set_free(set);
	catalog_set_free(again);
}

/* ---------------------------------------------------------------- errors */

JM_PARSE_FN(try_catalog, catalog_set, catalog_set_from_json, catalog_set_free)

static void test_wrong_types_name_their_path(void **state)
{
	(void)state;
	static const struct jm_bad_case cases[] = {
	    {"catalogSetId", "5", "$.catalogSetId"},
	    {"storeId", "true", "$.storeId"},
	    {"catalogs", "\"x\"", "$.catalogs"},
	    {"sections", "[]", "$.sections"},
	    {"items", "1", "$.items"},
	    {"modifierGroups", "false", "$.modifierGroups"},
	    {"catalogs.lunch", "\"x\"", "$.catalogs.lunch"},
	    {"catalogs.lunch.catalogId", "1", "$.catalogs.lunch.catalogId"},
	    {"catalogs.lunch.name", "[]", "$.catalogs.lunch.name"},
	    {"catalogs.lunch.sectionIds", "\"food\"", "$.catalogs.lunch.sectionIds"},
	    {"catalogs.lunch.sectionIds.0", "7", "$.catalogs.lunch.sectionIds[0]"},
	    {"catalogs.lunch.availability", "\"always\"", "$.catalogs.lunch.availability*"},
	    {"catalogs.lunch.availability.0.dayOfWeek", "1", "$.catalogs.lunch.availability[0]*"},
	    {"sections.food", "[]", "$.sections.food"},
	    {"sections.food.sectionId", "{}", "$.sections.food.sectionId"},
	    {"sections.food.name", "2", "$.sections.food.name"},
	    {"sections.food.itemIds", "{}", "$.sections.food.itemIds"},
	    {"sections.food.itemIds.0", "null", "$.sections.food.itemIds[0]"},
	    {"sections.food.sectionIds", "\"hot\"", "$.sections.food.sectionIds"},
	    {"items.pizza", "true", "$.items.pizza"},
	    {"items.pizza.itemId", "1", "$.items.pizza.itemId"},
	    {"items.pizza.name", "1", "$.items.pizza.name"},
	    {"items.pizza.description", "1", "$.items.pizza.description"},
	    {"items.pizza.imageUrl", "[]", "$.items.pizza.imageUrl"},
	    {"items.pizza.basePrice", "\"12\"", "$.items.pizza.basePrice"},
	    {"items.pizza.basePrice", "1e300", "$.items.pizza.basePrice"},
	    {"items.pizza.startingAt", "true", "$.items.pizza.startingAt"},
	    {"items.pizza.compareAt", "{}", "$.items.pizza.compareAt"},
	    {"items.pizza.modifierGroupIds", "\"size\"", "$.items.pizza.modifierGroupIds"},
	    {"items.pizza.modifierGroupIds.1", "1", "$.items.pizza.modifierGroupIds[1]"},
	    {"modifierGroups.size", "\"x\"", "$.modifierGroups.size"},
	    {"modifierGroups.size.modifierGroupId", "1", "$.modifierGroups.size.modifierGroupId"},
	    {"modifierGroups.size.name", "1", "$.modifierGroups.size.name"},
	    {"modifierGroups.size.itemIds", "\"small\"", "$.modifierGroups.size.itemIds"},
	    {"modifierGroups.size.itemIds.0", "1", "$.modifierGroups.size.itemIds[0]"},
	    {"modifierGroups.size.minimumAllowed", "\"1\"", "$.modifierGroups.size.minimumAllowed"},
	    {"modifierGroups.size.minimumAllowed", "1.5", "$.modifierGroups.size.minimumAllowed"},
	    {"modifierGroups.size.maximumAllowed", "true", "$.modifierGroups.size.maximumAllowed"},
	    {"modifierGroups.size.enableDuplicateItems", "\"yes\"",
	     "$.modifierGroups.size.enableDuplicateItems"},
	    {"modifierGroups.size.enableDuplicateItems", "1",
	     "$.modifierGroups.size.enableDuplicateItems"},
	    {"modifierGroups.size.defaultItems", "{}", "$.modifierGroups.size.defaultItems"},
	    {"modifierGroups.size.defaultItems.0", "\"small\"",
	     "$.modifierGroups.size.defaultItems[0]"},
	    {"modifierGroups.size.defaultItems.0.itemId", "1",
	     "$.modifierGroups.size.defaultItems[0].itemId"},
	    {"modifierGroups.toppings.defaultItems.0.quantity", "\"2\"",
	     "$.modifierGroups.toppings.defaultItems[0].quantity"},
	    {"modifierGroups.toppings.tiers", "{}", "$.modifierGroups.toppings.tiers"},
	    {"modifierGroups.toppings.tiers.1", "5", "$.modifierGroups.toppings.tiers[1]"},
	    {"modifierGroups.toppings.tiers.1.offset", "\"0\"",
	     "$.modifierGroups.toppings.tiers[1].offset"},
	    {"modifierGroups.toppings.tiers.2.price", "\"1.75\"",
	     "$.modifierGroups.toppings.tiers[2].price"},
	};
	JM_EXPECT_FAILURES(fixture_json, cases, try_catalog);
}

static void test_negative_counts_rejected(void **state)
{
	(void)state;
	static const struct jm_bad_case cases[] = {
	    {"modifierGroups.size.minimumAllowed", "-1", "$.modifierGroups.size.minimumAllowed"},
	    {"modifierGroups.size.maximumAllowed", "-2", "$.modifierGroups.size.maximumAllowed"},
	    {"modifierGroups.toppings.tiers.0.offset", "-1",
	     "$.modifierGroups.toppings.tiers[0].offset"},
	    {"modifierGroups.toppings.defaultItems.0.quantity", "-3",
	     "$.modifierGroups.toppings.defaultItems[0].quantity"},
	};
	JM_EXPECT_FAILURES(fixture_json, cases, try_catalog);
}

static void test_missing_required_fields(void **state)
{
	(void)state;
	static const struct jm_bad_case cases[] = {
	    {"items.pizza.name", NULL, "$.items.pizza.name"},
	    {"items.small.name", "null", "$.items.small.name"},
	    {"sections.hot.name", NULL, "$.sections.hot.name"},
	    {"catalogs.lunch.sectionIds", NULL, "$.catalogs.lunch.sectionIds"},
	    {"modifierGroups.size.name", NULL, "$.modifierGroups.size.name"},
	    {"modifierGroups.size.itemIds", NULL, "$.modifierGroups.size.itemIds"},
	    {"modifierGroups.size.minimumAllowed", NULL, "$.modifierGroups.size.minimumAllowed"},
	    {"modifierGroups.size.maximumAllowed", NULL, "$.modifierGroups.size.maximumAllowed"},
	    {"modifierGroups.size.defaultItems.0.itemId", NULL,
	     "$.modifierGroups.size.defaultItems[0].itemId"},
	    {"modifierGroups.toppings.tiers.0.offset", NULL,
	     "$.modifierGroups.toppings.tiers[0].offset"},
	    {"modifierGroups.toppings.tiers.0.price", NULL,
	     "$.modifierGroups.toppings.tiers[0].price"},
	};
	JM_EXPECT_FAILURES(fixture_json, cases, try_catalog);
}

static void test_non_object_root_rejected(void **state)
{
	(void)state;
	static const char *const roots[] = {"[]", "\"catalog\"", "42", "null"};
	for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) {
		json_err err = {{0}, {0}};
		catalog_set *set = parse_text(roots[i], &err);
		assert_null(set);
		assert_string_equal(err.path, "$");
		assert_true(err.message[0] != '\0');
	}
	json_err err = {{0}, {0}};
	assert_null(catalog_set_from_json(NULL, &err));
	assert_string_equal(err.path, "$");
}

static void test_special_keys_are_quoted_in_paths(void **state)
{
	(void)state;
	json_err err = {{0}, {0}};
	catalog_set *set = parse_text("{\"items\": {\"a.b\": {\"name\": 5}}}", &err);
	assert_null(set);
	assert_string_equal(err.path, "$.items[\"a.b\"].name");
}

/* ---------------------------------------------------------------- files */

static void test_load_file_valid(void **state)
{
	(void)state;
	char *path = fx_write_temp(fixture_json);
	catalog_set *set = NULL;
	json_err err = {{0}, {0}};
	assert_true(catalog_set_load_file(path, &set, &err));
	assert_non_null(catalog_find_group(set, "toppings"));
	catalog_set_free(set);
	unlink(path);
	free(path);
}

static void test_load_file_malformed_reports_position(void **state)
{
	(void)state;
	char *path = fx_write_temp("{\n  \"items\": {\n    \"a\": {\"name\": \"A\",}\n  }\n}\n");
	catalog_set *set = (catalog_set *)1;
	json_err err = {{0}, {0}};
	assert_false(catalog_set_load_file(path, &set, &err));
	assert_null(set);
	assert_string_equal(err.path, "$");
	assert_non_null(strstr(err.message, "line 3 column"));
	unlink(path);
	free(path);

	/* Valid JSON, wrong shape: the model error comes through. */
	path = fx_write_temp("{\"items\": []}");
	assert_false(catalog_set_load_file(path, &set, &err));
	assert_string_equal(err.path, "$.items");
	unlink(path);
	free(path);
}

static void test_load_file_missing(void **state)
{
	(void)state;
	catalog_set *set = NULL;
	json_err err = {{0}, {0}};
	assert_false(catalog_set_load_file("/nonexistent/dir/catalog.json", &set, &err));
	assert_null(set);
	assert_non_null(strstr(err.message, "catalog.json"));
	assert_null(strstr(err.message, "line -1"));
}

static bool has_json_suffix(const char *name)
{
	size_t len = strlen(name);
	return len > 5 && strcmp(name + len - 5, ".json") == 0;
}

static void test_demo_catalogs_parse(void **state)
{
	(void)state;
	const char *dir_path = DEMO_DATADIR "/catalogs";
	DIR *dir = opendir(dir_path);
	if (!dir) {
		skip();
		return;
	}
	size_t parsed = 0;
	struct dirent *entry;
	while ((entry = readdir(dir))) {
		if (!has_json_suffix(entry->d_name))
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir_path, entry->d_name);
		catalog_set *set = NULL;
		json_err err = {{0}, {0}};
		if (!catalog_set_load_file(path, &set, &err)) {
			closedir(dir);
			fail_msg("%s: %s: %s", path, err.path, err.message);
		}
		assert_true(strmap_count(set->items) > 0);
		catalog_set_free(set);
		parsed++;
	}
	closedir(dir);
	if (parsed == 0)
		skip();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parses_fixture_fields),
	    cmocka_unit_test(test_groups_defaults_and_flags),
	    cmocka_unit_test(test_tiers_sorted_stably),
	    cmocka_unit_test(test_map_key_wins_over_own_id),
	    cmocka_unit_test(test_set_lives_in_its_arena),
	    cmocka_unit_test(test_serial_tells_sets_apart),
	    cmocka_unit_test(test_dangling_references_kept),
	    cmocka_unit_test(test_missing_maps_read_as_empty),
	    cmocka_unit_test(test_round_trip_preserves_data_and_money_text),
	    cmocka_unit_test(test_round_trip_keeps_required_empty_lists),
	    cmocka_unit_test(test_wrong_types_name_their_path),
	    cmocka_unit_test(test_negative_counts_rejected),
	    cmocka_unit_test(test_missing_required_fields),
	    cmocka_unit_test(test_non_object_root_rejected),
	    cmocka_unit_test(test_special_keys_are_quoted_in_paths),
	    cmocka_unit_test(test_load_file_valid),
	    cmocka_unit_test(test_load_file_malformed_reports_position),
	    cmocka_unit_test(test_load_file_missing),
	    cmocka_unit_test(test_demo_catalogs_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

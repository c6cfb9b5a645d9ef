/* Orderable now (contract §4.4): an item is listed by an open catalog and the store takes orders.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "catalog_fixtures.h"
#include "rules/orderable.h"
#include "base/timestamp.h"

#define ZONE "America/Los_Angeles"

/* Breakfast Wed 07:00-11:00, lunch Wed 11:00-15:00 and Mon 11:00-15:00, late: never. */
static const char HOURS[] =
    "{'catalogs': {"
    "  'breakfast': {'name': 'Breakfast', 'sectionIds': ['morning'], 'availability': ["
    "   {'dayOfWeek': 'Wednesday', 'start': '07:00:00', 'end': '11:00:00'}]},"
    "  'lunch': {'name': 'Lunch', 'sectionIds': ['midday'], 'availability': ["
    "   {'dayOfWeek': 'Wednesday', 'start': '11:00:00', 'end': '15:00:00'},"
    "   {'dayOfWeek': 'Monday', 'start': '11:00:00', 'end': '15:00:00'}]},"
    "  'late': {'name': 'Late', 'sectionIds': ['night'], 'availability': []}},"
    " 'sections': {"
    "  'morning': {'name': 'Morning', 'itemIds': ['eggs', 'coffee']},"
    "  'midday': {'name': 'Midday', 'itemIds': ['burger'], 'sectionIds': ['drinks']},"
    "  'drinks': {'name': 'Drinks', 'itemIds': ['coffee']},"
    "  'night': {'name': 'Night', 'itemIds': ['ramen']}},"
    " 'items': {"
    "  'eggs': {'name': 'Eggs', 'basePrice': 8},"
    "  'coffee': {'name': 'Coffee', 'basePrice': 3},"
    "  'burger': {'name': 'Burger', 'basePrice': 12, 'modifierGroupIds': ['sauce']},"
    "  'ketchup': {'name': 'Ketchup', 'basePrice': 0},"
    "  'ramen': {'name': 'Ramen', 'basePrice': 14}},"
    " 'modifierGroups': {'sauce': {'name': 'Sauce', 'itemIds': ['ketchup'],"
    "  'minimumAllowed': 0, 'maximumAllowed': 1}}}";

static time_t at(const char *text)
{
	time_t t = 0;
	assert_true(timestamp_parse(text, &t));
	return t;
}

static void test_breakfast_time(void **state)
{
	catalog_set *set = fixture_catalog(HOURS);
	time_t wed_0800 = at("2026-11-18T16:00:00Z"); /* Wed 08:00 PST */
	char buf[128];
	orderable o = orderable_item(set, "eggs", NULL, ZONE, wed_0800);
	assert_true(orderable_is_now(&o));
	assert_string_equal(orderable_text(&o, buf, sizeof buf), "");
	o = orderable_item(set, "burger", NULL, ZONE, wed_0800);
	assert_int_equal(o.state, ORDERABLE_LATER);
	assert_string_equal(orderable_text(&o, buf, sizeof buf), "opens 11:00");
	assert_string_equal(orderable_reason(&o, "Burger", buf, sizeof buf),
			    "Not available now: Burger can be ordered from 11:00.");
	/* Listed by two catalogs (one through a child section): open when either is. */
	o = orderable_item(set, "coffee", NULL, ZONE, wed_0800);
	assert_true(orderable_is_now(&o));
	o = orderable_item(set, "ketchup", NULL, ZONE, wed_0800);
	assert_int_equal(o.state, ORDERABLE_NOT_LISTED);
	o = orderable_item(set, "ramen", NULL, ZONE, wed_0800);
	assert_int_equal(o.state, ORDERABLE_NEVER);
	assert_string_equal(orderable_text(&o, buf, sizeof buf), "not available");
	catalog_set_free(set);
}

static void test_after_lunch(void **state)
{
	catalog_set *set = fixture_catalog(HOURS);
	time_t wed_1600 = at("2026-11-19T00:00:00Z"); /* Wed 16:00 PST */
	char buf[128];
	orderable o = orderable_item(set, "burger", NULL, ZONE, wed_1600);
	assert_int_equal(o.state, ORDERABLE_LATER);
	assert_string_equal(orderable_text(&o, buf, sizeof buf), "opens Mon 11:00");
	/* A sentence of its own, not "can be ordered opens Mon 11:00". */
	assert_string_equal(orderable_reason(&o, "Burger", buf, sizeof buf),
			    "Not available now: Burger can be ordered from Mon 11:00.");
	o = orderable_item(set, "burger", NULL, ZONE, at("2026-11-23T00:00:00Z")); /* Sun 16:00 */
	assert_string_equal(orderable_text(&o, buf, sizeof buf), "opens Tomorrow 11:00");
	assert_string_equal(orderable_reason(&o, "Burger", buf, sizeof buf),
			    "Not available now: Burger can be ordered from 11:00 tomorrow.");
	/* Coffee: the sooner of breakfast (next Wed 07:00) and lunch (Mon 11:00). */
	o = orderable_item(set, "coffee", NULL, ZONE, wed_1600);
	assert_string_equal(orderable_text(&o, buf, sizeof buf), "opens Mon 11:00");
	/* No zone: fail closed. */
	o = orderable_item(set, "eggs", NULL, NULL, at("2026-11-18T16:00:00Z"));
	assert_false(orderable_is_now(&o));
	catalog_set_free(set);
}

static void test_store_closed(void **state)
{
	catalog_set *set = fixture_catalog(HOURS);
	time_t wed_0800 = at("2026-11-18T16:00:00Z");
	store st;
	memset(&st, 0, sizeof st);
	st.has_is_accepting_orders = true;
	st.is_accepting_orders = false;
	json_t *hours = json_loads("[{\"dayOfWeek\": \"Thursday\", \"start\": \"08:00:00\", "
				   "\"end\": \"20:00:00\"}]",
				   0, NULL);
	assert_true(avail_list_from_json(hours, "$", &st.availability, NULL));
	json_decref(hours);
	char buf[128];
	orderable o = orderable_item(set, "eggs", &st, ZONE, wed_0800);
	assert_int_equal(o.state, ORDERABLE_STORE_CLOSED);
	assert_string_equal(orderable_text(&o, buf, sizeof buf),
			    "store closed · opens Tomorrow 08:00");
	st.is_accepting_orders = true;
	o = orderable_item(set, "eggs", &st, ZONE, wed_0800);
	assert_true(orderable_is_now(&o));
	avail_list_clear(&st.availability);
	catalog_set_free(set);
}

/* A map answers for every listed item, NOT_LISTED for the rest, and outlives its set (it keeps
   its own ids: a view may hold it while the shop replaces the set). */
static void test_map_outlives_set(void **state)
{
	(void)state;
	catalog_set *set = fixture_catalog(HOURS);
	orderable_map *map = orderable_map_new(set, NULL, ZONE, at("2026-11-18T16:00:00Z"));
	catalog_set_free(set);
	char id[] = "eggs"; /* not the set's own copy */
	assert_int_equal(orderable_map_get(map, id).state, ORDERABLE_NOW);
	assert_int_equal(orderable_map_get(map, "burger").state, ORDERABLE_LATER);
	assert_int_equal(orderable_map_get(map, "ramen").state, ORDERABLE_NEVER);
	assert_int_equal(orderable_map_get(map, "ketchup").state, ORDERABLE_NOT_LISTED);
	assert_int_equal(orderable_map_get(NULL, "eggs").state, ORDERABLE_NOT_LISTED);
	orderable_map_free(map);
	orderable_map_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_breakfast_time),
	    cmocka_unit_test(test_map_outlives_set),
	    cmocka_unit_test(test_after_lunch),
	    cmocka_unit_test(test_store_closed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

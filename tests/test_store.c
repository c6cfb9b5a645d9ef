/* Unit tests for src/wire/store.c: Store, its parts, and the discovery request/response. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/store.h"
#include "json_mutate.h"

/* A search-mode result with every field of contract §3.2 (canonical output form). */
#define FULL_STORE                                                                                 \
	"{\"storeId\": \"3f2c9a1e-8b7d-4c6a-9e21-5d4f0b7a1c33\","                                  \
	" \"name\": \"Tony's Pizzeria\", \"stem\": \"tonys-pizzeria\","                            \
	" \"categories\": [\"Pizza\", \"Italian\", \"Popular\"],"                                  \
	" \"deliveryAllowed\": true, \"pickupAllowed\": false,"                                    \
	" \"options\": {\"acceptsDeliveryTips\": true, \"acceptsPickupTips\": false,"              \
	"   \"minimumOrderAmount\": 15},"                                                          \
	" \"address\": {\"address1\": \"123 Main St\", \"address2\": \"Suite 4\","                 \
	"   \"city\": \"San Francisco\", \"postalCode\": \"94105\", \"state\": \"CA\","            \
	"   \"location\": {\"latitude\": 37.7897, \"longitude\": -122.3942}},"                     \
	" \"availability\": [{\"dayOfWeek\": \"Monday\", \"start\": \"11:00:00\","                 \
	"   \"end\": \"22:00:00\"}, {\"dayOfWeek\": \"Friday\", \"start\": \"22:00:00\","          \
	"   \"end\": \"00:00:00\"}],"                                                              \
	" \"catalogSetId\": \"9a7e2b44-1c0d-4f7e-8a55-0b3c2d1e6f70\","                             \
	" \"description\": \"Wood-fired pizza since 1987\", \"distanceMiles\": 1.4,"               \
	" \"highlights\": {\"name\": \"Tony's \\u00abPizza\\u00bbria\","                           \
	"   \"description\": \"Wood-fired \\u00abpizza\\u00bb since 1987\"},"                      \
	" \"imageUrl\": \"https://img.example.com/tonys.jpg\", \"isAcceptingOrders\": true,"       \
	" \"matchedDishes\": [{\"itemId\": \"item-margherita\", \"name\": \"Margherita Pizza\","   \
	"   \"basePrice\": 12.5, \"description\": \"Tomato, mozzarella, basil\","                  \
	"   \"highlights\": {\"name\": \"Margherita \\u00abPizza\\u00bb\"},"                       \
	"   \"imageUrl\": \"https://img.example.com/m.jpg\"}],"                                    \
	" \"priceLevel\": 2, \"rating\": 4.6, \"reviewCount\": 1287, \"savings\": 11,"             \
	" \"timeZone\": \"America/Los_Angeles\"}"

#define MINIMAL_STORE                                                                              \
	"{\"storeId\": \"0b9f6f8e-2f57-4a47-b1a8-3b7d7f1f9a10\", \"name\": \"Green Bowl\","        \
	" \"stem\": \"green-bowl\", \"categories\": [], \"deliveryAllowed\": false,"               \
	" \"pickupAllowed\": true, \"options\": {}}"

/* ------------------------------------------------------------------ parse wrappers */

JM_PARSE_FN(try_store, store, store_from_json, store_free)
JM_PARSE_FN(try_response, discover_stores_response, discover_stores_response_from_json,
	    discover_stores_response_free)
JM_PARSE_FN(try_request, discover_stores_request, discover_stores_request_from_json,
	    discover_stores_request_free)

static store *parse_store_text(const char *text)
{
	json_t *root = jm_load(text);
	json_err err = {0};
	store *s = store_from_json(root, &err);
	json_decref(root);
	if (!s)
		fail_msg("store rejected: %s: %s", err.path, err.message);
	return s;
}

/* Four stores; stores[3] is the full one so errors can be planted deep in the array. */
static const char *const RESPONSE_TEXT =
    "{\"stores\": [" MINIMAL_STORE ", " MINIMAL_STORE ", " MINIMAL_STORE ", " FULL_STORE "],"
    " \"totalCount\": 57, \"hasMore\": true, \"nextCursor\": \"ignored\"}";

/* ------------------------------------------------------------------ Store */

static void test_full_store_parses_every_field(void **state)
{
	(void)state;
	store *s = parse_store_text(FULL_STORE);
	assert_string_equal(s->store_id, "3f2c9a1e-8b7d-4c6a-9e21-5d4f0b7a1c33");
	assert_string_equal(s->name, "Tony's Pizzeria");
	assert_string_equal(s->stem, "tonys-pizzeria");
	assert_int_equal(s->categories.n, 3);
	assert_string_equal(s->categories.v[2], "Popular");
	assert_true(s->delivery_allowed);
	assert_false(s->pickup_allowed);
	assert_true(s->options.accepts_delivery_tips);
	assert_false(s->options.accepts_pickup_tips);
	assert_true(s->options.has_minimum_order_amount);
	assert_int_equal(s->options.minimum_order_amount, 1500);
	assert_non_null(s->address);
	assert_string_equal(s->address->address2, "Suite 4");
	assert_string_equal(s->address->postal_code, "94105");
	assert_non_null(s->address->location);
	assert_float_equal(s->address->location->longitude, -122.3942, 1e-9);
	assert_true(s->availability.published);
	assert_int_equal(s->availability.n, 2);
	assert_int_equal(s->availability.v[1].end, 86400);
	assert_string_equal(s->catalog_set_id, "9a7e2b44-1c0d-4f7e-8a55-0b3c2d1e6f70");
	assert_true(s->has_distance_miles);
	assert_float_equal(s->distance_miles, 1.4, 1e-9);
	assert_non_null(s->highlights);
	assert_string_equal(s->highlights->name, "Tony's \xc2\xabPizza\xc2\xbbria");
	assert_true(s->has_is_accepting_orders && s->is_accepting_orders);
	assert_int_equal(s->n_matched_dishes, 1);
	assert_string_equal(s->matched_dishes[0].item_id, "item-margherita");
	assert_true(s->matched_dishes[0].has_base_price);
	assert_int_equal(s->matched_dishes[0].base_price, 1250);
	assert_string_equal(s->matched_dishes[0].highlights->name,
			    "Margherita \xc2\xabPizza\xc2\xbb");
	assert_null(s->matched_dishes[0].highlights->description);
	assert_true(s->has_price_level);
	assert_int_equal(s->price_level, 2);
	assert_float_equal(s->rating, 4.6, 1e-9);
	assert_int_equal(s->review_count, 1287);
	assert_true(s->has_savings);
	assert_float_equal(s->savings, 11.0, 1e-9);
	assert_string_equal(s->time_zone, "America/Los_Angeles");
	store_free(s);
}

static void test_minimal_store_leaves_optionals_absent(void **state)
{
	(void)state;
	store *s = parse_store_text(MINIMAL_STORE);
	assert_int_equal(s->categories.n, 0);
	assert_false(s->options.accepts_delivery_tips);
	assert_false(s->options.has_minimum_order_amount);
	assert_null(s->address);
	assert_false(s->availability.published);
	assert_null(s->catalog_set_id);
	assert_false(s->has_distance_miles);
	assert_null(s->highlights);
	assert_false(s->has_is_accepting_orders);
	assert_int_equal(s->n_matched_dishes, 0);
	assert_false(s->has_price_level);
	assert_false(s->has_rating);
	assert_false(s->has_review_count);
	assert_false(s->has_savings);
	assert_null(s->time_zone);
	store_free(s);
}

/* The copy has every member, owns all of its memory, and keeps what the JSON form could not
   carry back: a window avail_list_to_json leaves out, a required member that is missing. */
static void test_store_copy_is_deep_and_whole(void **state)
{
	(void)state;
	store *s = parse_store_text(FULL_STORE);
	s->availability.v = realloc(s->availability.v, 3 * sizeof *s->availability.v);
	s->availability.v[2] = (avail_window){.day = 9, .start = 60, .end = 120};
	s->availability.n = 3;
	free(s->stem); /* store_from_json would refuse the whole store */
	s->stem = NULL;
	json_t *expected = store_to_json(s);

	store *c = store_copy(s);
	assert_non_null(c);
	json_t *got = store_to_json(c);
	assert_true(json_equal(expected, got));
	json_decref(got);
	assert_null(c->stem);
	assert_int_equal(c->availability.n, 3);
	assert_int_equal(c->availability.v[2].day, 9);
	assert_int_equal(c->availability.v[2].end, 120);

	/* Scribbled on and freed, the original takes nothing of the copy with it. */
	s->name[0] = 'X';
	s->categories.v[2][0] = 'X';
	s->address->location->latitude = 0;
	s->availability.v[0].day = 6;
	s->highlights->name[0] = 'X';
	s->matched_dishes[0].name[0] = 'X';
	s->matched_dishes[0].highlights->name[0] = 'X';
	store_free(s);
	got = store_to_json(c);
	assert_true(json_equal(expected, got));
	json_decref(got);
	assert_string_equal(c->name, "Tony's Pizzeria");
	assert_string_equal(c->categories.v[2], "Popular");
	assert_float_equal(c->address->location->latitude, 37.7897, 1e-9);
	assert_int_equal(c->availability.v[0].day, 1);
	assert_true(c->availability.published);
	assert_int_equal(c->options.minimum_order_amount, 1500);
	assert_true(c->has_savings);
	assert_float_equal(c->savings, 11, 1e-9);
	assert_string_equal(c->matched_dishes[0].highlights->name,
			    "Margherita \xc2\xabPizza\xc2\xbb");
	assert_int_equal(c->matched_dishes[0].base_price, 1250);
	assert_string_equal(c->time_zone, "America/Los_Angeles");
	json_decref(expected);
	store_free(c);
	assert_null(store_copy(NULL));
}

/* Absent optionals stay absent in the copy. */
static void test_store_copy_of_minimal_store(void **state)
{
	(void)state;
	store *s = parse_store_text(MINIMAL_STORE);
	store *c = store_copy(s);
	store_free(s);
	assert_null(c->address);
	assert_null(c->highlights);
	assert_null(c->matched_dishes);
	assert_int_equal(c->n_matched_dishes, 0);
	assert_false(c->availability.published);
	assert_null(c->availability.v);
	assert_false(c->has_rating);
	assert_null(c->time_zone);
	store_free(c);
}

static void test_optional_store_fields_accept_null(void **state)
{
	(void)state;
	static const char *const optional[] = {
	    "address",
	    "availability",
	    "catalogSetId",
	    "description",
	    "distanceMiles",
	    "highlights",
	    "imageUrl",
	    "isAcceptingOrders",
	    "matchedDishes",
	    "priceLevel",
	    "rating",
	    "reviewCount",
	    "savings",
	    "timeZone",
	    "address.address2",
	    "address.location",
	    "options.minimumOrderAmount",
	    "options.acceptsDeliveryTips",
	    "matchedDishes.0.basePrice",
	    "matchedDishes.0.highlights",
	    "highlights.name",
	};
	for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++) {
		jm_expect_accepted(FULL_STORE, optional[i], "null", try_store);
		jm_expect_accepted(FULL_STORE, optional[i], NULL, try_store);
	}
	json_t *doc = jm_mutate(FULL_STORE, "savings", "null");
	store *s = store_from_json(doc, NULL);
	assert_non_null(s);
	assert_false(s->has_savings);
	store_free(s);
	json_decref(doc);
}

static void test_unknown_store_fields_are_ignored(void **state)
{
	(void)state;
	jm_expect_accepted(FULL_STORE, "cuisineTypes", "[\"x\", 1]", try_store);
	jm_expect_accepted(FULL_STORE, "options.scheduling", "{\"modes\": 3}", try_store);
	jm_expect_accepted(FULL_STORE, "address.geohash", "17", try_store);
	jm_expect_accepted(FULL_STORE, "matchedDishes.0.calories", "\"n/a\"", try_store);
}

static void test_store_round_trip_is_identity(void **state)
{
	(void)state;
	json_t *in = jm_load(FULL_STORE);
	store *s = store_from_json(in, NULL);
	assert_non_null(s);
	json_t *out = store_to_json(s);
	if (!json_equal(in, out)) {
		char *a = jsonx_dumps(in), *b = jsonx_dumps(out);
		fail_msg("round trip changed the store:\n%s\n%s", a, b);
	}
	char *text = jsonx_dumps(out);
	assert_non_null(strstr(text, "\"basePrice\":12.5"));
	assert_non_null(strstr(text, "\"minimumOrderAmount\":15"));
	assert_non_null(strstr(text, "\"savings\":11"));
	free(text);
	json_decref(out);
	json_decref(in);
	store_free(s);
}

static void test_store_money_fields_are_exact_cents(void **state)
{
	(void)state;
	json_t *doc = jm_mutate(FULL_STORE, "matchedDishes.0.basePrice", "19.99");
	json_object_set_new(json_object_get(doc, "options"), "minimumOrderAmount", json_real(0.29));
	store *s = store_from_json(doc, NULL);
	assert_non_null(s);
	assert_int_equal(s->matched_dishes[0].base_price, 1999);
	assert_int_equal(s->options.minimum_order_amount, 29);
	char *text = jm_dump(store_to_json(s));
	assert_non_null(strstr(text, "\"basePrice\":19.99"));
	assert_non_null(strstr(text, "\"minimumOrderAmount\":0.29"));
	free(text);
	store_free(s);
	json_decref(doc);
}

static const struct jm_bad_case STORE_BAD[] = {
    {"storeId", "42", "$.storeId"},
    {"name", "false", "$.name"},
    {"stem", "[]", "$.stem"},
    {"categories", "\"Pizza\"", "$.categories"},
    {"categories.1", "7", "$.categories[1]"},
    {"deliveryAllowed", "\"yes\"", "$.deliveryAllowed"},
    {"pickupAllowed", "1", "$.pickupAllowed"},
    {"options", "[]", "$.options"},
    {"options.acceptsDeliveryTips", "\"true\"", "$.options.acceptsDeliveryTips"},
    {"options.acceptsPickupTips", "0", "$.options.acceptsPickupTips"},
    {"options.minimumOrderAmount", "\"15.00\"", "$.options.minimumOrderAmount"},
    {"address", "\"123 Main St\"", "$.address"},
    {"address.address1", "123", "$.address.address1"},
    {"address.address2", "{}", "$.address.address2"},
    {"address.city", "true", "$.address.city"},
    {"address.postalCode", "94105", "$.address.postalCode"},
    {"address.state", "[\"CA\"]", "$.address.state"},
    {"address.location", "\"37.7,-122.3\"", "$.address.location"},
    {"address.location.latitude", "\"37.7\"", "$.address.location.latitude"},
    {"address.location.longitude", "true", "$.address.location.longitude"},
    {"availability", "{}", "$.availability"},
    {"availability.1", "\"Friday\"", "$.availability[1]"},
    {"catalogSetId", "12", "$.catalogSetId"},
    {"description", "[]", "$.description"},
    {"distanceMiles", "\"1.4 mi\"", "$.distanceMiles"},
    {"highlights", "\"Pizza\"", "$.highlights"},
    {"highlights.name", "1", "$.highlights.name"},
    {"highlights.description", "{}", "$.highlights.description"},
    {"imageUrl", "false", "$.imageUrl"},
    {"isAcceptingOrders", "\"open\"", "$.isAcceptingOrders"},
    {"matchedDishes", "{}", "$.matchedDishes"},
    {"matchedDishes.0", "\"Margherita\"", "$.matchedDishes[0]"},
    {"matchedDishes.0.itemId", "5", "$.matchedDishes[0].itemId"},
    {"matchedDishes.0.name", "null", "$.matchedDishes[0].name"},
    {"matchedDishes.0.basePrice", "\"12.50\"", "$.matchedDishes[0].basePrice"},
    {"matchedDishes.0.basePrice", "1e300", "$.matchedDishes[0].basePrice"},
    {"matchedDishes.0.description", "7", "$.matchedDishes[0].description"},
    {"matchedDishes.0.highlights", "[]", "$.matchedDishes[0].highlights"},
    {"matchedDishes.0.highlights.name", "true", "$.matchedDishes[0].highlights.name"},
    {"matchedDishes.0.imageUrl", "{}", "$.matchedDishes[0].imageUrl"},
    {"priceLevel", "\"$$\"", "$.priceLevel"},
    {"priceLevel", "2.5", "$.priceLevel"},
    {"rating", "\"4.6\"", "$.rating"},
    {"reviewCount", "12.5", "$.reviewCount"},
    {"savings", "\"11%\"", "$.savings"},
    {"timeZone", "-8", "$.timeZone"},
};

static void test_store_wrong_types_name_the_path(void **state)
{
	(void)state;
	JM_EXPECT_FAILURES(FULL_STORE, STORE_BAD, try_store);
}

static const struct jm_bad_case STORE_MISSING[] = {
    {"storeId", NULL, "$.storeId"},
    {"name", NULL, "$.name"},
    {"stem", NULL, "$.stem"},
    {"categories", NULL, "$.categories"},
    {"deliveryAllowed", NULL, "$.deliveryAllowed"},
    {"pickupAllowed", NULL, "$.pickupAllowed"},
    {"options", NULL, "$.options"},
    {"storeId", "null", "$.storeId"},
    {"address.location.latitude", NULL, "$.address.location.latitude"},
    {"address.location.longitude", NULL, "$.address.location.longitude"},
    {"matchedDishes.0.itemId", NULL, "$.matchedDishes[0].itemId"},
    {"matchedDishes.0.name", NULL, "$.matchedDishes[0].name"},
};

static void test_store_missing_required_fields(void **state)
{
	(void)state;
	JM_EXPECT_FAILURES(FULL_STORE, STORE_MISSING, try_store);
}

static void test_store_rejects_non_objects(void **state)
{
	(void)state;
	static const char *const bodies[] = {"[]", "\"store\"", "null", "3"};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		json_t *doc = jm_load(bodies[i]);
		json_err err = {0};
		assert_null(store_from_json(doc, &err));
		assert_string_equal(err.path, "$");
		json_decref(doc);
	}
	json_err err = {0};
	assert_null(store_from_json(NULL, &err));
}

static void test_store_fuzz_never_crashes(void **state)
{
	(void)state;
	jm_fuzz_document(FULL_STORE, try_store);
}

/* ------------------------------------------------------------------ discovery */

static void test_discover_response_parses_all_stores(void **state)
{
	(void)state;
	json_t *doc = jm_load(RESPONSE_TEXT);
	json_err err = {0};
	discover_stores_response *r = discover_stores_response_from_json(doc, &err);
	assert_non_null(r);
	assert_int_equal(r->n_stores, 4);
	assert_int_equal(r->total_count, 57);
	assert_true(r->has_more);
	assert_string_equal(r->stores[0].stem, "green-bowl");
	assert_string_equal(r->stores[3].stem, "tonys-pizzeria");
	json_t *out = discover_stores_response_to_json(r);
	discover_stores_response *again = discover_stores_response_from_json(out, &err);
	assert_non_null(again);
	json_t *out2 = discover_stores_response_to_json(again);
	assert_true(json_equal(out, out2));
	assert_null(json_object_get(out, "nextCursor"));
	json_decref(out);
	json_decref(out2);
	discover_stores_response_free(again);
	discover_stores_response_free(r);
	json_decref(doc);
}

static void test_discover_response_error_names_store_index(void **state)
{
	(void)state;
	json_t *doc = jm_mutate(RESPONSE_TEXT, "stores.3.rating", "\"4.6\"");
	json_err err = {0};
	assert_null(discover_stores_response_from_json(doc, &err));
	char text[600];
	assert_string_equal(json_err_text(&err, text, sizeof text),
			    "$.stores[3].rating: expected a number, got string");
	json_decref(doc);
}

static const struct jm_bad_case RESPONSE_BAD[] = {
    {"stores", NULL, "$.stores"},
    {"stores", "{}", "$.stores"},
    {"stores.2", "[]", "$.stores[2]"},
    {"stores.1.options", NULL, "$.stores[1].options"},
    {"stores.3.matchedDishes.0.basePrice", "\"12.5\"", "$.stores[3].matchedDishes[0].basePrice"},
    {"totalCount", NULL, "$.totalCount"},
    {"totalCount", "\"57\"", "$.totalCount"},
    {"hasMore", NULL, "$.hasMore"},
    {"hasMore", "\"false\"", "$.hasMore"},
};

static void test_discover_response_bad_fields(void **state)
{
	(void)state;
	JM_EXPECT_FAILURES(RESPONSE_TEXT, RESPONSE_BAD, try_response);
}

static void test_discover_response_fuzz_never_crashes(void **state)
{
	(void)state;
	jm_fuzz_document("{\"stores\": [" FULL_STORE "], \"totalCount\": 1, \"hasMore\": false}",
			 try_response);
}

#define REQUEST_TEXT                                                                               \
	"{\"location\": {\"latitude\": 40.7411, \"longitude\": -73.9897}, \"query\": \"pizza\","   \
	" \"fulfillmentType\": \"delivery\", \"limit\": 20, \"offset\": 40}"

static void test_discover_request_round_trip(void **state)
{
	(void)state;
	json_t *in = jm_load(REQUEST_TEXT);
	discover_stores_request *r = discover_stores_request_from_json(in, NULL);
	assert_non_null(r);
	assert_float_equal(r->location.latitude, 40.7411, 1e-9);
	assert_string_equal(r->query, "pizza");
	assert_string_equal(r->fulfillment_type, "delivery");
	assert_true(r->has_limit && r->limit == 20);
	assert_true(r->has_offset && r->offset == 40);
	json_t *out = discover_stores_request_to_json(r);
	assert_true(json_equal(in, out));
	json_decref(out);
	json_decref(in);
	discover_stores_request_free(r);

	in = jm_load("{\"location\": {\"latitude\": 1, \"longitude\": 2}}");
	r = discover_stores_request_from_json(in, NULL);
	assert_non_null(r);
	assert_null(r->query);
	assert_false(r->has_limit);
	assert_false(r->has_offset);
	out = discover_stores_request_to_json(r);
	assert_true(json_equal(in, out));
	json_decref(out);
	json_decref(in);
	discover_stores_request_free(r);
}

static const struct jm_bad_case REQUEST_BAD[] = {
    {"location", NULL, "$.location"},
    {"location", "\"Brooklyn\"", "$.location"},
    {"location.latitude", NULL, "$.location.latitude"},
    {"location.latitude", "\"40.7\"", "$.location.latitude"},
    {"location.longitude", "[]", "$.location.longitude"},
    {"query", "5", "$.query"},
    {"fulfillmentType", "true", "$.fulfillmentType"},
    {"limit", "\"20\"", "$.limit"},
    {"offset", "1.5", "$.offset"},
};

static void test_discover_request_bad_fields(void **state)
{
	(void)state;
	JM_EXPECT_FAILURES(REQUEST_TEXT, REQUEST_BAD, try_request);
	jm_fuzz_document(REQUEST_TEXT, try_request);
}

static void test_discover_filter_spellings(void **state)
{
	(void)state;
	assert_int_equal(discover_filter_from_string("delivery"), DISCOVER_FILTER_DELIVERY);
	assert_int_equal(discover_filter_from_string("DELIVERY"), DISCOVER_FILTER_DELIVERY);
	assert_int_equal(discover_filter_from_string("DeliveryByMerchant"),
			 DISCOVER_FILTER_DELIVERY);
	assert_int_equal(discover_filter_from_string("Pickup"), DISCOVER_FILTER_PICKUP);
	assert_int_equal(discover_filter_from_string("pickup"), DISCOVER_FILTER_PICKUP);
	assert_int_equal(discover_filter_from_string("curbside"), DISCOVER_FILTER_INVALID);
	assert_int_equal(discover_filter_from_string(""), DISCOVER_FILTER_INVALID);
	assert_int_equal(discover_filter_from_string(NULL), DISCOVER_FILTER_INVALID);
}

/* The writers the sandbox uses for a search's dishes and highlights, on their own. */
static void test_dish_and_highlights_writers(void **state)
{
	(void)state;
	text_highlights h = {.name = "\u00abPad\u00bb Thai"};
	matched_dish d = {.item_id = "i-1",
			  .name = "Pad Thai",
			  .base_price = 1250,
			  .has_base_price = true,
			  .highlights = &h};
	char *text = jm_dump(matched_dish_to_json(&d));
	assert_string_equal(text, "{\"itemId\":\"i-1\",\"name\":\"Pad Thai\",\"basePrice\":12.5,"
				  "\"highlights\":{\"name\":\"\u00abPad\u00bb Thai\"}}");
	free(text);
	d.highlights = NULL;
	d.has_base_price = false;
	d.starting_at = 900;
	d.has_starting_at = true;
	d.image_url = "https://img.example.com/p.jpg";
	text = jm_dump(matched_dish_to_json(&d));
	assert_string_equal(text, "{\"itemId\":\"i-1\",\"name\":\"Pad Thai\",\"startingAt\":9,"
				  "\"imageUrl\":\"https://img.example.com/p.jpg\"}");
	free(text);
	text = jm_dump(text_highlights_to_json(&(text_highlights){0}));
	assert_string_equal(text, "{}");
	free(text);
}

static void test_external_address_copy_is_deep(void **state)
{
	(void)state;
	store *s = parse_store_text(FULL_STORE);
	external_address copy;
	external_address_copy(&copy, s->address);
	store_free(s);
	assert_string_equal(copy.address1, "123 Main St");
	assert_string_equal(copy.state, "CA");
	assert_non_null(copy.location);
	assert_float_equal(copy.location->latitude, 37.7897, 1e-9);
	external_address_clear(&copy);
	assert_null(copy.address1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_store_parses_every_field),
	    cmocka_unit_test(test_minimal_store_leaves_optionals_absent),
	    cmocka_unit_test(test_store_copy_is_deep_and_whole),
	    cmocka_unit_test(test_store_copy_of_minimal_store),
	    cmocka_unit_test(test_optional_store_fields_accept_null),
	    cmocka_unit_test(test_unknown_store_fields_are_ignored),
	    cmocka_unit_test(test_store_round_trip_is_identity),
	    cmocka_unit_test(test_store_money_fields_are_exact_cents),
	    cmocka_unit_test(test_store_wrong_types_name_the_path),
	    cmocka_unit_test(test_store_missing_required_fields),
	    cmocka_unit_test(test_store_rejects_non_objects),
	    cmocka_unit_test(test_store_fuzz_never_crashes),
	    cmocka_unit_test(test_discover_response_parses_all_stores),
	    cmocka_unit_test(test_discover_response_error_names_store_index),
	    cmocka_unit_test(test_discover_response_bad_fields),
	    cmocka_unit_test(test_discover_response_fuzz_never_crashes),
	    cmocka_unit_test(test_discover_request_round_trip),
	    cmocka_unit_test(test_discover_request_bad_fields),
	    cmocka_unit_test(test_discover_filter_spellings),
	    cmocka_unit_test(test_dish_and_highlights_writers),
	    cmocka_unit_test(test_external_address_copy_is_deep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Integration tests of gett-sandbox's server side against tests/data/sandbox: sessions,
 * discovery, store, catalog sets, checkout. The process is started once with the clock pinned
 * to Wednesday 2026-11-18 11:30 in San Francisco (19:30Z).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "it_sandbox_common.h"
#include "wire/wire.h"

#define ADA_BODY   "{\"email\":\"ada@example.com\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}"
#define NEAR_TONY  "\"location\":{\"latitude\":37.7989,\"longitude\":-122.4094}"
#define IN_OAKLAND "\"location\":{\"latitude\":37.799,\"longitude\":-122.276}"

static sandbox sb;

static int start_group(void **state)
{
	const char *args[] = {"--now", "2026-11-18T19:30:00Z", NULL};
	return sandbox_start(&sb, SANDBOX_FIXTURE_DIR, args) ? 0 : -1;
}

static int stop_group(void **state)
{
	return sandbox_stop(&sb) == 0 ? 0 : -1;
}

/* Performs the call, asserts the status and the §1 conventions; returns the JSON body (NULL
   when empty). */
static json_t *call(const char *method, const char *path, const char *token, const char *body,
		    long expect)
{
	return send_text(&sb, method, path, token, body, NULL, expect);
}

/* The call is refused with `status` and the ProblemDetail of `code`, which it returns for more
   checks (caller frees). */
static json_t *refused(const char *method, const char *path, const char *token, const char *body,
		       long status, const char *code)
{
	json_t *p = call(method, path, token, body, status);
	assert_problem(p, status, code);
	return p;
}

/* The same when nothing more is checked. */
static void expect_refused(const char *method, const char *path, const char *token,
			   const char *body, long status, const char *code)
{
	json_decref(refused(method, path, token, body, status, code));
}

/* The same with the first error at `json_path`. */
static void expect_refused_at(const char *method, const char *path, const char *token,
			      const char *body, long status, const char *code,
			      const char *json_path)
{
	json_t *p = refused(method, path, token, body, status, code);
	assert_string_equal(str(error_at(p, 0), "jsonPath"), json_path);
	json_decref(p);
}

/* GET /session/me with `token`, which must answer with this level (caller decrefs). */
static json_t *me_at_level(const char *token, json_int_t level)
{
	json_t *me = call("GET", "/v1/marketplace/session/me", token, NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(me, "level")), level);
	return me;
}

static char *new_session(const char *body)
{
	return session_with(&sb, body);
}

static json_t *discover(const char *body, long expect)
{
	return call("POST", "/v1/marketplace/stores/discover", SANDBOX_DEMO_KEY, body, expect);
}

/* Discovery with `body` is refused (400) with the ProblemDetail of `code`. */
static void expect_discover_refused(const char *body, const char *code)
{
	json_t *p = discover(body, 400);
	assert_problem(p, 400, code);
	json_decref(p);
}

static json_t *find_store(const json_t *stores, const char *id)
{
	size_t i;
	json_t *s;
	json_array_foreach (stores, i, s) {
		if (strcmp(str(s, "storeId"), id) == 0)
			return s;
	}
	return NULL;
}

static bool has_category(const json_t *store, const char *cat)
{
	size_t i;
	json_t *c;
	json_array_foreach (json_object_get(store, "categories"), i, c) {
		if (strcmp(json_string_value(c), cat) == 0)
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------ sessions */

static void test_anonymous_session(void **state)
{
	json_t *j = call("POST", "/v1/marketplace/session/create", SANDBOX_DEMO_KEY, "{}", 200);
	assert_true(json_is_true(json_object_get(j, "isAnonymous")));
	assert_int_equal(json_integer_value(json_object_get(j, "level")), 0);
	assert_true(strncmp(str(j, "partnerUserId"), "gen_", 4) == 0);
	const char *token = str(j, "token");
	const char *dot1 = strchr(token, '.'), *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	assert_non_null(dot2); /* header.payload.signature */
	assert_null(strchr(dot2 + 1, '.'));
	assert_true(strncmp(token, "eyJ", 3) == 0); /* base64url of '{"' */
	assert_true(strncmp(str(j, "expiresAt"), "2026-12-18T19:3", 15) == 0); /* 30 days */

	json_t *me = me_at_level(token, 0);
	assert_int_equal(json_array_size(json_object_get(me, "levelMissing")), 3);
	assert_true(json_is_null(json_object_get(me, "user")));
	assert_true(json_is_null(json_object_get(me, "fulfillmentContext")));
	assert_string_equal(str(me, "sessionId"), str(j, "sessionId"));
	json_decref(me);
	json_decref(j);
}

static void test_identified_session_levels(void **state)
{
	/* Ada has address, phone and card: level 3, but create-time level is capped at 2. */
	json_t *j = call("POST", "/v1/marketplace/session/create", SANDBOX_DEMO_KEY, ADA_BODY, 200);
	assert_true(json_is_false(json_object_get(j, "isAnonymous")));
	assert_int_equal(json_integer_value(json_object_get(j, "level")), 2);
	json_t *me = me_at_level(str(j, "token"), 3);
	assert_int_equal(json_array_size(json_object_get(me, "levelMissing")), 0);
	json_t *user = json_object_get(me, "user");
	assert_string_equal(str(user, "email"), "ada@example.com");
	assert_string_equal(str(user, "lastPaymentId"), "dddddddd-0000-4000-8000-000000000001");
	json_decref(me);
	json_decref(j);

	/* A new user climbs 1 -> 1 (phone only) -> 2 (address) -> 3 (card). */
	char *t =
	    new_session("{\"email\":\"cy@example.com\",\"firstName\":\"Cy\",\"lastName\":\"D\"}");
	me = me_at_level(t, 1);
	assert_int_equal(json_array_size(json_object_get(me, "levelMissing")), 3);
	json_decref(me);
	json_decref(call("PUT", "/v1/marketplace/checkout/profile", t,
			 "{\"phone\":\"+14155550123\"}", 200));
	me = me_at_level(t, 1);
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(me, "levelMissing"), 0)), "address");
	json_decref(me);
	json_decref(call("POST", "/v1/marketplace/checkout/addresses", t,
			 "{\"address1\":\"700 Vallejo St\",\"city\":\"San Francisco\","
			 "\"postalCode\":\"94133\",\"state\":\"CA\"}",
			 200));
	json_decref(me_at_level(t, 2));
	json_decref(call("POST", "/v1/marketplace/checkout/payments", t,
			 "{\"billingAddress\":{\"address1\":\"700 Vallejo St\",\"city\":\"San "
			 "Francisco\",\"postalCode\":\"94133\",\"state\":\"CA\"},\"bin\":null,"
			 "\"cardNumber\":\"4111 1111 1111 1111\",\"cardType\":null,\"cvc\":\"123\","
			 "\"lastFour\":null,\"expiration\":\"2031-01-31\"}",
			 200));
	json_decref(me_at_level(t, 3));
	free(t);
}

static void test_session_create_validation(void **state)
{
	json_t *p = refused("POST", "/v1/marketplace/session/create", SANDBOX_DEMO_KEY,
			    "{\"email\":\"x@example.com\"}", 400, "INVALID_REQUEST");
	assert_int_equal(json_array_size(json_object_get(p, "errors")), 2); /* both names */
	json_decref(p);
	p = call("POST", "/v1/marketplace/session/create", SANDBOX_DEMO_KEY,
		 "{\"phone\":\"555-1234\"}", 400);
	assert_string_equal(str(error_at(p, 0), "jsonPath"), "$.phone");
	assert_non_null(strstr(str(p, "detail"), wire_e164_hint())); /* the one spelling */
	json_decref(p);
	expect_refused("POST", "/v1/marketplace/session/create", SANDBOX_DEMO_KEY,
		       "{\"email\":", 400, "INVALID_REQUEST");
	expect_refused("POST", "/v1/marketplace/session/create", SANDBOX_DEMO_KEY,
		       "{\"partnerUserId\":42}", 400, "INVALID_REQUEST");
}

static void test_session_echoes_partner_user_id_and_mcp_shape(void **state)
{
	json_t *j = call("POST", "/v1/marketplace/session/create", SANDBOX_DEMO_KEY,
			 "{\"userId\":\"partner-7\",\"expirationSeconds\":604800}", 200);
	assert_string_equal(str(j, "partnerUserId"), "partner-7");
	assert_true(strncmp(str(j, "expiresAt"), "2026-11-25T19:3", 15) == 0); /* 7 days */
	json_decref(j);
	/* Longer than 30 days is clamped. */
	j = call("POST", "/v1/marketplace/session/create", SANDBOX_DEMO_KEY,
		 "{\"expirationSeconds\":99999999}", 200);
	assert_true(strncmp(str(j, "expiresAt"), "2026-12-18T19:3", 15) == 0);
	json_decref(j);
}

static void test_legacy_session_paths(void **state)
{
	json_t *j =
	    call("POST", "/v1/session/create", SANDBOX_DEMO_KEY,
		 "{\"email\":\"lg@example.com\",\"givenName\":\"Le\",\"familyName\":\"Gacy\","
		 "\"expiresInSeconds\":60}",
		 200);
	assert_string_equal(str(j, "sessionToken"), str(j, "token"));
	assert_true(json_is_false(json_object_get(j, "isAnonymous")));
	assert_true(strncmp(str(j, "expiresAt"), "2026-11-18T19:3", 15) == 0);
	char *token = strdup(str(j, "token"));
	json_decref(j);
	assert_null(call("POST", "/v1/session/invalidate", token, NULL, 204));
	expect_refused("GET", "/v1/marketplace/session/me", token, NULL, 401, "UNAUTHENTICATED");
	free(token);

	/* The current path does not duplicate the token. */
	j = call("POST", "/v1/marketplace/session/create", SANDBOX_DEMO_KEY, NULL, 200);
	assert_null(json_object_get(j, "sessionToken"));
	json_decref(j);
}

static void test_invalidate_session(void **state)
{
	char *t = new_session("{}");
	json_decref(call("GET", "/v1/marketplace/session/me", t, NULL, 200));
	assert_null(call("POST", "/v1/marketplace/session/invalidate", t, NULL, 204));
	json_t *p = call("GET", "/v1/marketplace/session/me", t, NULL, 401);
	assert_string_equal(str(p, "detail"), "session invalidated");
	json_decref(p);
	json_decref(call("GET", "/v1/marketplace/stores/" TONY, t, NULL, 401));
	free(t);
}

static void test_token_kinds_per_endpoint(void **state)
{
	char *t = new_session("{}");
	/* sessions cannot mint sessions */
	expect_refused("POST", "/v1/marketplace/session/create", t, "{}", 403, "FORBIDDEN");
	expect_refused("GET", "/v1/marketplace/session/me", SANDBOX_DEMO_KEY, NULL, 403,
		       "FORBIDDEN");
	/* Browse endpoints take either. */
	json_decref(call("GET", "/v1/marketplace/stores/" TONY, t, NULL, 200));
	free(t);
}

static void test_fulfillment_context(void **state)
{
	char *anon = new_session("{}");
	json_t *j = call("PUT", "/v1/marketplace/session/fulfillment-context", anon,
			 "{\"mode\":\"Pickup\"}", 200);
	assert_string_equal(str(j, "mode"), "Pickup");
	json_decref(j);
	json_t *me = call("GET", "/v1/marketplace/session/me", anon, NULL, 200);
	assert_true(json_is_null(json_object_get(me, "fulfillmentContext"))); /* §6 Q18 */
	json_decref(me);
	expect_refused("PUT", "/v1/marketplace/session/fulfillment-context", anon,
		       "{\"mode\":\"Teleport\"}", 400, "INVALID_REQUEST");
	json_decref(call("PUT", "/v1/marketplace/session/fulfillment-context", anon,
			 "{\"mode\":\"DeliveryByMerchant\"}", 400));
	free(anon);

	char *ada = new_session(ADA_BODY);
	expect_refused("PUT", "/v1/marketplace/session/fulfillment-context", ada,
		       "{\"mode\":\"DeliveryByMerchant\",\"addressId\":"
		       "\"cccccccc-0000-4000-8000-0000000000ff\"}",
		       400, "ADDRESS_INVALID");
	json_decref(call("PUT", "/v1/marketplace/session/fulfillment-context", ada,
			 "{\"mode\":\"DeliveryByMerchant\",\"addressId\":"
			 "\"cccccccc-0000-4000-8000-000000000001\"}",
			 200));
	me = call("GET", "/v1/marketplace/session/me", ada, NULL, 200);
	json_t *fc = json_object_get(me, "fulfillmentContext");
	assert_string_equal(str(fc, "mode"), "DeliveryByMerchant");
	assert_string_equal(str(fc, "addressId"), "cccccccc-0000-4000-8000-000000000001");
	json_decref(me);
	free(ada);
}

/* ------------------------------------------------------------------ discovery */

static void test_search_highlights_and_dishes(void **state)
{
	json_t *j = discover("{" NEAR_TONY ",\"query\":\"pizzas\"}", 200);
	json_t *stores = json_object_get(j, "stores");
	assert_int_equal(json_integer_value(json_object_get(j, "totalCount")), 2);
	assert_int_equal(json_array_size(stores), 2);
	json_t *first = json_array_get(stores, 0);
	assert_string_equal(str(first, "storeId"), TONY); /* name + category hit ranks first */
	assert_string_equal(str(json_object_get(first, "highlights"), "name"),
			    "Tony's \u00abPizza\u00bb Napoletana");
	json_t *dish = json_array_get(json_object_get(first, "matchedDishes"), 0);
	assert_string_equal(str(dish, "name"), "Margherita Pizza");
	assert_string_equal(str(json_object_get(dish, "highlights"), "name"),
			    "Margherita \u00abPizza\u00bb");
	assert_true(json_is_number(json_object_get(dish, "basePrice")));
	/* Golden Dragon is found only through a dish. */
	json_t *dragon = json_array_get(stores, 1);
	assert_string_equal(str(dragon, "storeId"), DRAGON);
	assert_string_equal(str(json_object_get(dragon, "highlights"), "name"),
			    "Golden Dragon Noodles");
	assert_string_equal(
	    str(json_array_get(json_object_get(dragon, "matchedDishes"), 0), "name"),
	    "Pizza Spring Rolls");
	assert_false(json_is_true(json_object_get(j, "hasMore")));
	json_decref(j);

	/* Description text counts; stop words are ignored. */
	j = discover("{" NEAR_TONY ",\"query\":\"healthy lunch spots with outdoor seating\"}", 200);
	assert_string_equal(str(json_array_get(json_object_get(j, "stores"), 0), "storeId"), GREEN);
	json_decref(j);
	/* Diacritics fold: "jalapeno" finds "Jalapeño" and keeps the original text. */
	j = discover("{" NEAR_TONY ",\"query\":\"JALAPENO\"}", 200);
	assert_int_equal(json_integer_value(json_object_get(j, "totalCount")), 1);
	json_t *taco = json_array_get(json_object_get(j, "stores"), 0);
	dish = json_array_get(json_object_get(taco, "matchedDishes"), 0);
	assert_string_equal(str(dish, "name"), "Jalape\u00f1o Quesadilla");
	assert_string_equal(str(json_object_get(dish, "highlights"), "name"),
			    "\u00abJalape\u00f1o\u00bb Quesadilla");
	json_decref(j);
	j = discover("{" NEAR_TONY ",\"query\":\"zzzz\"}", 200);
	assert_int_equal(json_integer_value(json_object_get(j, "totalCount")), 0);
	json_decref(j);
}

static void test_browse_order_and_distance(void **state)
{
	json_t *j = discover("{" NEAR_TONY "}", 200);
	json_t *stores = json_object_get(j, "stores");
	assert_int_equal(json_array_size(stores), 4);
	double prev = -1;
	size_t i;
	json_t *s;
	json_array_foreach (stores, i, s) {
		double d = json_number_value(json_object_get(s, "distanceMiles"));
		assert_true(d >= prev);
		prev = d;
		assert_null(json_object_get(s, "highlights")); /* browse mode */
	}
	/* North Beach to downtown Oakland is a little over 7 miles as the crow flies. */
	double oakland =
	    json_number_value(json_object_get(find_store(stores, GREEN), "distanceMiles"));
	assert_true(oakland > 6.5 && oakland < 8.0);
	assert_true(has_category(json_array_get(stores, 0), "Closest"));
	assert_false(has_category(find_store(stores, GREEN), "Closest"));
	json_decref(j);
}

static void test_fulfillment_filter(void **state)
{
	json_t *j = discover("{" NEAR_TONY ",\"fulfillmentType\":\"delivery\"}", 200);
	json_t *stores = json_object_get(j, "stores");
	assert_non_null(find_store(stores, TONY));
	assert_non_null(find_store(stores, TACO)); /* 2.4 mi, radius 5 */
	assert_null(find_store(stores, GREEN));	   /* pickup only */
	json_decref(j);
	/* Dragon delivers 1 mile: from 2 miles south it drops out. */
	j = discover("{\"location\":{\"latitude\":37.7700,\"longitude\":-122.4194},"
		     "\"fulfillmentType\":\"DeliveryByMerchant\"}",
		     200);
	assert_null(find_store(json_object_get(j, "stores"), DRAGON));
	assert_non_null(find_store(json_object_get(j, "stores"), TACO));
	json_decref(j);
	j = discover("{" NEAR_TONY ",\"fulfillmentType\":\"PICKUP\"}", 200);
	assert_int_equal(json_integer_value(json_object_get(j, "totalCount")), 3);
	assert_null(find_store(json_object_get(j, "stores"), TACO));
	json_decref(j);
	expect_discover_refused("{" IN_OAKLAND ",\"fulfillmentType\":\"delivery\"}",
				"ADDRESS_OUT_OF_RANGE");
	expect_discover_refused("{" NEAR_TONY ",\"fulfillmentType\":\"drone\"}", "INVALID_REQUEST");
}

static void assert_page(const char *extra, size_t n, long long total, bool more)
{
	char body[256];
	snprintf(body, sizeof body, "{" NEAR_TONY "%s}", extra);
	json_t *j = discover(body, 200);
	assert_int_equal(json_array_size(json_object_get(j, "stores")), n);
	assert_int_equal(json_integer_value(json_object_get(j, "totalCount")), total);
	assert_int_equal(json_is_true(json_object_get(j, "hasMore")), more);
	json_decref(j);
}

static void test_paging_clamps(void **state)
{
	assert_page(",\"limit\":0", 1, 4, true);     /* clamped up to 1 */
	assert_page(",\"limit\":1000", 4, 4, false); /* clamped down to 100 */
	assert_page(",\"limit\":2,\"offset\":-5", 2, 4, true);
	assert_page(",\"limit\":2,\"offset\":3", 1, 4, false);
	assert_page(",\"offset\":10", 0, 4, false);
	expect_discover_refused("{" NEAR_TONY ",\"limit\":\"ten\"}", "INVALID_REQUEST");
	json_decref(discover("{\"query\":\"pizza\"}", 400)); /* location is required */
}

static void test_discover_get_alias(void **state)
{
	json_t *post = discover("{" NEAR_TONY ",\"query\":\"noodles\",\"limit\":5}", 200);
	json_t *get =
	    call("GET",
		 "/v1/marketplace/stores?latitude=37.7989&longitude=-122.4094&query=noodles"
		 "&limit=5",
		 SANDBOX_DEMO_KEY, NULL, 200);
	assert_true(json_equal(json_object_get(post, "stores"), json_object_get(get, "stores")));
	assert_int_equal(json_integer_value(json_object_get(get, "totalCount")), 1);
	json_decref(post);
	json_decref(get);
	expect_refused("GET", "/v1/marketplace/stores?latitude=north", SANDBOX_DEMO_KEY, NULL, 400,
		       "INVALID_REQUEST");
}

/* ------------------------------------------------------------------ store, catalog */

static void test_store_read(void **state)
{
	json_t *s = call("GET", "/v1/marketplace/stores/" DRAGON, SANDBOX_DEMO_KEY, NULL, 200);
	assert_string_equal(str(s, "name"), "Golden Dragon Noodles");
	assert_null(json_object_get(s, "_sandbox"));
	assert_null(json_object_get(s, "distanceMiles")); /* no location given */
	assert_true(json_is_true(json_object_get(s, "isAcceptingOrders")));
	assert_true(has_category(s, "Savings")); /* 15 % */
	json_decref(s);
	s = call("GET", "/v1/marketplace/stores/" GREEN, SANDBOX_DEMO_KEY, NULL, 200);
	assert_true(has_category(s, "Exclusive"));
	assert_true(has_category(s, "Popular"));
	assert_true(json_is_false(json_object_get(s, "isAcceptingOrders"))); /* hours unpublished */
	json_decref(s);
	s = call("GET", "/v1/marketplace/stores/" TACO, SANDBOX_DEMO_KEY, NULL, 200);
	assert_false(has_category(s, "Savings"));			     /* 5 % only */
	assert_true(json_is_false(json_object_get(s, "isAcceptingOrders"))); /* manually closed */
	json_decref(s);
	/* GUIDs are case-insensitive. */
	s = call("GET", "/v1/marketplace/catalog-sets/AAAAAAAA-0000-4000-8000-000000000001",
		 SANDBOX_DEMO_KEY, NULL, 200);
	assert_string_equal(str(s, "catalogSetId"), TONY_CS);
	json_decref(s);
}

static void test_store_not_found_and_malformed(void **state)
{
	expect_refused("GET", "/v1/marketplace/stores/99999999-9999-4999-8999-999999999999",
		       SANDBOX_DEMO_KEY, NULL, 404, "STORE_NOT_FOUND");
	http_reply r;
	sandbox_api_call(&sb, "GET", "/v1/marketplace/stores/not-a-guid", SANDBOX_DEMO_KEY, NULL,
			 &r);
	assert_int_equal(r.status, 404);
	assert_int_equal(r.body_len, 0); /* §1.6: no ProblemDetail, but the usual headers */
	assert_conventions(&r, "/v1/marketplace/stores/not-a-guid");
	http_reply_clear(&r);
}

static void test_catalog_sets(void **state)
{
	http_reply r;
	sandbox_api_call(&sb, "GET", "/v1/marketplace/catalog-sets/" TONY_CS, SANDBOX_DEMO_KEY,
			 NULL, &r);
	assert_int_equal(r.status, 200);
	char etag[80], cache[80];
	assert_non_null(sandbox_http_header(&r, "ETag", etag, sizeof etag));
	assert_string_equal(sandbox_http_header(&r, "Cache-Control", cache, sizeof cache),
			    "private, max-age=300");
	json_t *set = http_json(&r);
	assert_string_equal(str(set, "catalogSetId"), TONY_CS);
	assert_true(json_object_size(json_object_get(set, "items")) >= 3);
	http_reply_clear(&r);

	char inm[128];
	snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
	const char *hdrs[] = {"Authorization: Bearer " SANDBOX_DEMO_KEY, inm, NULL};
	sandbox_http_request(&sb, "GET", "/v1/marketplace/catalog-sets/" TONY_CS, hdrs, NULL, 0,
			     &r);
	assert_int_equal(r.status, 304);
	assert_int_equal(r.body_len, 0);
	assert_conventions(&r, "/v1/marketplace/catalog-sets/" TONY_CS);
	http_reply_clear(&r);

	json_t *alias =
	    call("GET", "/v1/marketplace/stores/" TONY "/catalog", SANDBOX_DEMO_KEY, NULL, 200);
	assert_true(json_equal(alias, set));
	json_decref(alias);
	alias = call("GET", "/v1/marketplace/stores/" TONY "/catalog?catalogSetId=" TONY_CS,
		     SANDBOX_DEMO_KEY, NULL, 200);
	assert_true(json_equal(alias, set));
	json_decref(alias);
	alias = call("GET", "/v1/marketplace/stores/" TONY "/catalog-sets", SANDBOX_DEMO_KEY, NULL,
		     200);
	assert_true(json_equal(alias, set));
	json_decref(alias);
	json_decref(set);

	expect_refused("GET", "/v1/marketplace/catalog-sets/aaaaaaaa-0000-4000-8000-0000000000ff",
		       SANDBOX_DEMO_KEY, NULL, 404, "CATALOGSET_NOT_FOUND");
	/* another store's menu */
	expect_refused("GET", "/v1/marketplace/stores/" TONY "/catalog?catalogSetId=" GREEN_CS,
		       SANDBOX_DEMO_KEY, NULL, 404, "CATALOGSET_NOT_FOUND");
	expect_refused("GET", "/v1/marketplace/stores/99999999-9999-4999-8999-999999999999/catalog",
		       SANDBOX_DEMO_KEY, NULL, 404, "STORE_NOT_FOUND");
	assert_null(call("GET", "/v1/marketplace/stores/bad/catalog", SANDBOX_DEMO_KEY, NULL, 404));
}

/* ------------------------------------------------------------------ checkout */

static void test_checkout_needs_identified_session(void **state)
{
	static const char *const calls[][3] = {
	    {"GET", "/v1/marketplace/checkout/payments", NULL},
	    {"POST", "/v1/marketplace/checkout/payments", "{}"},
	    {"GET", "/v1/marketplace/checkout/addresses", NULL},
	    {"POST", "/v1/marketplace/checkout/addresses", "{}"},
	    {"PUT", "/v1/marketplace/checkout/profile", "{}"},
	};
	char *anon = new_session("{}");
	for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
		json_t *p = refused(calls[i][0], calls[i][1], anon, calls[i][2], 401,
				    "SESSION_USER_REQUIRED");
		assert_string_equal(str(p, "errorCategory"), "authentication");
		json_decref(p);
	}
	free(anon);
}

static void test_addresses_dedup_and_validation(void **state)
{
	char *t = new_session("{\"email\":\"dee@example.com\",\"firstName\":\"Dee\","
			      "\"lastName\":\"Dup\"}");
	const char *addr = "{\"address1\":\"1 Grant Ave\",\"city\":\"San Francisco\","
			   "\"postalCode\":\"94108\",\"state\":\"CA\"}";
	const char *same = "{\"address1\":\"  1 GRANT   Ave \",\"city\":\"san francisco\","
			   "\"postalCode\":\"94108\",\"state\":\"ca\"}";
	json_t *a = call("POST", "/v1/marketplace/checkout/addresses", t, addr, 200);
	json_t *b = call("POST", "/v1/marketplace/checkout/addresses", t, same, 200);
	assert_string_equal(str(a, "addressId"), str(b, "addressId"));
	json_t *list = call("GET", "/v1/marketplace/checkout/addresses", t, NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(list, "totalCount")), 1);
	json_t *item = json_array_get(json_object_get(list, "items"), 0);
	assert_string_equal(str(item, "userAddressId"), str(a, "addressId"));
	assert_non_null(json_object_get(json_object_get(item, "address"), "location"));
	json_decref(a);
	json_decref(b);
	json_decref(list);

	expect_refused_at("POST", "/v1/marketplace/checkout/addresses", t,
			  "{\"address1\":\"1 Main St\",\"city\":\"\",\"postalCode\":\"94108\","
			  "\"state\":\"CA\"}",
			  400, "ADDRESS_INVALID", "$.city");
	/* not geocodable */
	expect_refused("POST", "/v1/marketplace/checkout/addresses", t,
		       "{\"address1\":\"1 Main St\",\"city\":\"Nowhere\",\"postalCode\":\"00000\","
		       "\"state\":\"ZZ\"}",
		       400, "ADDRESS_INVALID");
	free(t);
}

static void test_payments(void **state)
{
	char *t = new_session("{\"email\":\"pay@example.com\",\"firstName\":\"Pay\","
			      "\"lastName\":\"Er\"}");
	const char *card =
	    "{\"billingAddress\":{\"address1\":\"1 Grant Ave\",\"city\":\"SF\","
	    "\"postalCode\":\"94108\",\"state\":\"CA\"},\"bin\":\"378282\","
	    "\"cardNumber\":null,\"cardType\":null,\"cvc\":null,\"lastFour\":\"0005\","
	    "\"expiration\":\"2030-04\"}";
	json_t *j = call("POST", "/v1/marketplace/checkout/payments", t, card, 200);
	assert_string_equal(str(j, "cardType"), "amex");
	assert_string_equal(str(j, "lastFour"), "0005");
	assert_null(json_object_get(j, "cvc"));
	json_decref(j);
	json_decref(call("POST", "/v1/marketplace/checkout/payments", t, card, 200));
	json_t *page = call("GET", "/v1/marketplace/checkout/payments?limit=1", t, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(page, "items")), 1);
	assert_int_equal(json_integer_value(json_object_get(page, "totalCount")), 2);
	assert_int_equal(json_integer_value(json_object_get(page, "limit")), 1);
	assert_true(json_is_true(json_object_get(page, "hasMore")));
	json_decref(page);

	/* expired on the pinned clock */
	expect_refused("POST", "/v1/marketplace/checkout/payments", t,
		       "{\"billingAddress\":{\"address1\":\"a\",\"city\":\"b\",\"postalCode\":"
		       "\"c\",\"state\":\"d\"},\"cardType\":\"visa\",\"lastFour\":\"4242\","
		       "\"expiration\":\"2020-01-31\"}",
		       400, "PAYMENT_METHOD_INVALID");
	/* The one reading of an expiry (wire_card_expiry): digits exactly, so "2030-4" is
	   refused, where the client could not show it as a date either. */
	expect_refused_at("POST", "/v1/marketplace/checkout/payments", t,
			  "{\"billingAddress\":{\"address1\":\"a\",\"city\":\"b\",\"postalCode\":"
			  "\"c\",\"state\":\"d\"},\"cardType\":\"visa\",\"lastFour\":\"4242\","
			  "\"expiration\":\"2030-4\"}",
			  400, "PAYMENT_METHOD_INVALID", "$.expiration");
	/* billingAddress missing */
	expect_refused("POST", "/v1/marketplace/checkout/payments", t,
		       "{\"expiration\":\"2030-01\"}", 400, "INVALID_REQUEST");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_anonymous_session),
	    cmocka_unit_test(test_identified_session_levels),
	    cmocka_unit_test(test_session_create_validation),
	    cmocka_unit_test(test_session_echoes_partner_user_id_and_mcp_shape),
	    cmocka_unit_test(test_legacy_session_paths),
	    cmocka_unit_test(test_invalidate_session),
	    cmocka_unit_test(test_token_kinds_per_endpoint),
	    cmocka_unit_test(test_fulfillment_context),
	    cmocka_unit_test(test_search_highlights_and_dishes),
	    cmocka_unit_test(test_browse_order_and_distance),
	    cmocka_unit_test(test_fulfillment_filter),
	    cmocka_unit_test(test_paging_clamps),
	    cmocka_unit_test(test_discover_get_alias),
	    cmocka_unit_test(test_store_read),
	    cmocka_unit_test(test_store_not_found_and_malformed),
	    cmocka_unit_test(test_catalog_sets),
	    cmocka_unit_test(test_checkout_needs_identified_session),
	    cmocka_unit_test(test_addresses_dedup_and_validation),
	    cmocka_unit_test(test_payments),
	};
	return cmocka_run_group_tests(tests, start_group, stop_group);
}

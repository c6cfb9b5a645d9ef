/* Store and discovery models (contract §3.1, §3.2, §2.5). */
#include "wire/store.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ Location, ExternalAddress */

static const jsonx_member location_members[] = {
    JSONX_MEMBER("latitude", NUMBER, REQUIRED, location, latitude),
    JSONX_MEMBER("longitude", NUMBER, REQUIRED, location, longitude),
};

static bool location_parse(const json_t *value, const char *path, location *out, json_err *err)
{
	memset(out, 0, sizeof *out);
	return jsonx_parse_members(value, path, JSONX_ROWS(location_members), out, err);
}

static json_t *location_to_json(const location *loc)
{
	return jsonx_members_to_json(JSONX_ROWS(location_members), loc);
}

static const jsonx_member address_members[] = {
    JSONX_MEMBER("address1", STRING, OPTIONAL, external_address, address1),
    JSONX_MEMBER("address2", STRING, OPTIONAL, external_address, address2),
    JSONX_MEMBER("city", STRING, OPTIONAL, external_address, city),
    JSONX_MEMBER("postalCode", STRING, OPTIONAL, external_address, postal_code),
    JSONX_MEMBER("state", STRING, OPTIONAL, external_address, state),
};

void external_address_clear(external_address *a)
{
	jsonx_free_members(JSONX_ROWS(address_members), a);
	free(a->location);
	memset(a, 0, sizeof *a);
}

bool external_address_parse(const json_t *value, const char *path, external_address *out,
			    json_err *err)
{
	memset(out, 0, sizeof *out);
	bool ok =
	    jsonx_expect_object(value, path, err) &&
	    jsonx_read_members(value, path, JSONX_ROWS(address_members), out, err) &&
	    JSONX_PARSE_OPT_MEMBER(value, path, "location", &out->location, location_parse, err);
	if (!ok)
		external_address_clear(out);
	return ok;
}

bool external_address_check(const external_address *a, const char *path, json_err *err)
{
	const struct {
		const char *key, *value;
	} required[] = {{"address1", a->address1},
			{"city", a->city},
			{"postalCode", a->postal_code},
			{"state", a->state}};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!required[i].value || !*required[i].value)
			return jsonx_fail_key(err, path, required[i].key,
					      "required field is missing");
	return true;
}

json_t *external_address_to_json(const external_address *a)
{
	json_t *o = json_object();
	jsonx_write_members(o, JSONX_ROWS(address_members), a);
	if (a->location)
		json_object_set_new(o, "location", location_to_json(a->location));
	return o;
}

void external_address_copy(external_address *dst, const external_address *src)
{
	jsonx_copy_members(JSONX_ROWS(address_members), dst, src);
	dst->location = NULL;
	if (src->location) {
		dst->location = xmalloc(sizeof *dst->location);
		*dst->location = *src->location;
	}
}

/* ------------------------------------------------------------------ StoreOptions, highlights */

static const jsonx_member options_members[] = {
    JSONX_MEMBER("acceptsDeliveryTips", BOOL, OPTIONAL, store_options, accepts_delivery_tips),
    JSONX_MEMBER("acceptsPickupTips", BOOL, OPTIONAL, store_options, accepts_pickup_tips),
    JSONX_MEMBER_HAS("minimumOrderAmount", MONEY, OPTIONAL, store_options, minimum_order_amount,
		     has_minimum_order_amount),
};

static bool store_options_parse(const json_t *value, const char *path, store_options *out,
				json_err *err)
{
	memset(out, 0, sizeof *out);
	return jsonx_parse_members(value, path, JSONX_ROWS(options_members), out, err);
}

static json_t *store_options_to_json(const store_options *opts)
{
	return jsonx_members_to_json(JSONX_ROWS(options_members), opts);
}

static const jsonx_member highlights_members[] = {
    JSONX_MEMBER("name", STRING, OPTIONAL, text_highlights, name),
    JSONX_MEMBER("description", STRING, OPTIONAL, text_highlights, description),
};

static void text_highlights_clear(text_highlights *h)
{
	jsonx_free_members(JSONX_ROWS(highlights_members), h);
}

static bool text_highlights_parse(const json_t *value, const char *path, text_highlights *out,
				  json_err *err)
{
	memset(out, 0, sizeof *out);
	return jsonx_parse_members(value, path, JSONX_ROWS(highlights_members), out, err);
}

json_t *text_highlights_to_json(const text_highlights *h)
{
	return jsonx_members_to_json(JSONX_ROWS(highlights_members), h);
}

static text_highlights *text_highlights_copy(const text_highlights *h)
{
	if (!h)
		return NULL;
	text_highlights *c = xmalloc(sizeof *c);
	jsonx_copy_members(JSONX_ROWS(highlights_members), c, h);
	return c;
}

/* ------------------------------------------------------------------ MatchedDish */

/* In the order they are written; highlights go between the last two (DISH_BEFORE_HIGHLIGHTS). */
static const jsonx_member dish_members[] = {
    JSONX_MEMBER("itemId", STRING, REQUIRED, matched_dish, item_id),
    JSONX_MEMBER("name", STRING, REQUIRED, matched_dish, name),
    JSONX_MEMBER_HAS("basePrice", MONEY, OPTIONAL, matched_dish, base_price, has_base_price),
    JSONX_MEMBER_HAS("startingAt", MONEY, OPTIONAL, matched_dish, starting_at, has_starting_at),
    JSONX_MEMBER("description", STRING, OPTIONAL, matched_dish, description),
    JSONX_MEMBER("imageUrl", STRING, OPTIONAL, matched_dish, image_url),
};
#define DISH_BEFORE_HIGHLIGHTS 5

static void matched_dish_clear(matched_dish *d)
{
	jsonx_free_members(JSONX_ROWS(dish_members), d);
	if (d->highlights)
		text_highlights_clear(d->highlights);
	free(d->highlights);
	memset(d, 0, sizeof *d);
}

/* Scalars by assignment, then every owned pointer replaced by its copy. */
static void matched_dish_copy(matched_dish *dst, const matched_dish *src)
{
	*dst = *src;
	jsonx_copy_members(JSONX_ROWS(dish_members), dst, src);
	dst->highlights = text_highlights_copy(src->highlights);
}

static bool matched_dish_parse(const json_t *value, const char *path, matched_dish *out,
			       json_err *err)
{
	memset(out, 0, sizeof *out);
	bool ok = jsonx_expect_object(value, path, err) &&
		  jsonx_read_members(value, path, JSONX_ROWS(dish_members), out, err) &&
		  JSONX_PARSE_OPT_MEMBER(value, path, "highlights", &out->highlights,
					 text_highlights_parse, err);
	if (!ok)
		matched_dish_clear(out);
	return ok;
}

json_t *matched_dish_to_json(const matched_dish *d)
{
	json_t *o = json_object();
	jsonx_write_members(o, dish_members, DISH_BEFORE_HIGHLIGHTS, d);
	if (d->highlights)
		json_object_set_new(o, "highlights", text_highlights_to_json(d->highlights));
	jsonx_write_members(o, dish_members + DISH_BEFORE_HIGHLIGHTS,
			    JSONX_N_MEMBERS(dish_members) - DISH_BEFORE_HIGHLIGHTS, d);
	return o;
}

/* ------------------------------------------------------------------ Store */

/* The plain members in the order they are read and written, in four runs: the nested and
   listed members go between them (options, address and availability after the first,
   highlights after the second, matchedDishes after the third). */
static const jsonx_member store_required[] = {
    JSONX_MEMBER("storeId", STRING, REQUIRED, store, store_id),
    JSONX_MEMBER("name", STRING, REQUIRED, store, name),
    JSONX_MEMBER("stem", STRING, REQUIRED, store, stem),
    JSONX_MEMBER("categories", STR_LIST, REQUIRED, store, categories),
    JSONX_MEMBER("deliveryAllowed", BOOL, REQUIRED, store, delivery_allowed),
    JSONX_MEMBER("pickupAllowed", BOOL, REQUIRED, store, pickup_allowed),
};
static const jsonx_member store_listing[] = {
    JSONX_MEMBER("catalogSetId", STRING, OPTIONAL, store, catalog_set_id),
    JSONX_MEMBER("description", STRING, OPTIONAL, store, description),
    JSONX_MEMBER_HAS("distanceMiles", NUMBER, OPTIONAL, store, distance_miles, has_distance_miles),
};
static const jsonx_member store_image[] = {
    JSONX_MEMBER("imageUrl", STRING, OPTIONAL, store, image_url),
    JSONX_MEMBER_HAS("isAcceptingOrders", BOOL, OPTIONAL, store, is_accepting_orders,
		     has_is_accepting_orders),
};
static const jsonx_member store_ratings[] = {
    JSONX_MEMBER_HAS("priceLevel", INT, OPTIONAL, store, price_level, has_price_level),
    JSONX_MEMBER_HAS("rating", NUMBER, OPTIONAL, store, rating, has_rating),
    JSONX_MEMBER_HAS("reviewCount", INT, OPTIONAL, store, review_count, has_review_count),
    JSONX_MEMBER_HAS("savings", NUMBER, NULLABLE, store, savings, has_savings),
    JSONX_MEMBER("timeZone", STRING, OPTIONAL, store, time_zone),
};

void store_clear(store *s)
{
	jsonx_free_members(JSONX_ROWS(store_required), s);
	jsonx_free_members(JSONX_ROWS(store_listing), s);
	jsonx_free_members(JSONX_ROWS(store_image), s);
	jsonx_free_members(JSONX_ROWS(store_ratings), s);
	if (s->address)
		external_address_clear(s->address);
	free(s->address);
	avail_list_clear(&s->availability);
	if (s->highlights)
		text_highlights_clear(s->highlights);
	free(s->highlights);
	JSONX_FREE_ARRAY(s->matched_dishes, s->n_matched_dishes, matched_dish_clear);
	memset(s, 0, sizeof *s);
}

/* Scalars (the options, flags, numbers) by assignment, then every owned pointer replaced by
   its copy. */
store *store_copy(const store *s)
{
	if (!s)
		return NULL;
	store *c = xmalloc(sizeof *c);
	*c = *s;
	jsonx_copy_members(JSONX_ROWS(store_required), c, s);
	jsonx_copy_members(JSONX_ROWS(store_listing), c, s);
	jsonx_copy_members(JSONX_ROWS(store_image), c, s);
	jsonx_copy_members(JSONX_ROWS(store_ratings), c, s);
	c->address = NULL;
	if (s->address) {
		c->address = xmalloc(sizeof *c->address);
		external_address_copy(c->address, s->address);
	}
	avail_list_copy(&c->availability, &s->availability);
	c->highlights = text_highlights_copy(s->highlights);
	c->matched_dishes = NULL;
	if (s->n_matched_dishes) {
		c->matched_dishes = xmalloc(s->n_matched_dishes * sizeof *c->matched_dishes);
		for (size_t i = 0; i < s->n_matched_dishes; i++)
			matched_dish_copy(&c->matched_dishes[i], &s->matched_dishes[i]);
	}
	return c;
}

void store_free(store *s)
{
	if (!s)
		return;
	store_clear(s);
	free(s);
}

static bool parse_store_required(const json_t *v, const char *path, store *out, json_err *err)
{
	json_t *opts = NULL;
	char child[256];
	jsonx_path_key(child, sizeof child, path, "options");
	return jsonx_read_members(v, path, JSONX_ROWS(store_required), out, err) &&
	       jsonx_get_object(v, "options", path, true, &opts, err) &&
	       store_options_parse(opts, child, &out->options, err);
}

static bool parse_matched_dishes(const json_t *v, const char *path, store *out, json_err *err)
{
	json_t *arr = NULL;
	char child[256];
	jsonx_path_key(child, sizeof child, path, "matchedDishes");
	return jsonx_get_array(v, "matchedDishes", path, false, &arr, err) &&
	       JSONX_PARSE_ARRAY(arr, child, &out->matched_dishes, &out->n_matched_dishes,
				 matched_dish_parse, err);
}

static bool parse_store_optional(const json_t *v, const char *path, store *out, json_err *err)
{
	char avail_path[256];
	jsonx_path_key(avail_path, sizeof avail_path, path, "availability");
	return JSONX_PARSE_OPT_MEMBER(v, path, "address", &out->address, external_address_parse,
				      err) &&
	       avail_list_from_json(json_object_get(v, "availability"), avail_path,
				    &out->availability, err) &&
	       jsonx_read_members(v, path, JSONX_ROWS(store_listing), out, err) &&
	       JSONX_PARSE_OPT_MEMBER(v, path, "highlights", &out->highlights,
				      text_highlights_parse, err) &&
	       jsonx_read_members(v, path, JSONX_ROWS(store_image), out, err) &&
	       parse_matched_dishes(v, path, out, err) &&
	       jsonx_read_members(v, path, JSONX_ROWS(store_ratings), out, err);
}

bool store_parse(const json_t *value, const char *path, store *out, json_err *err)
{
	memset(out, 0, sizeof *out);
	bool ok = jsonx_expect_object(value, path, err) &&
		  parse_store_required(value, path, out, err) &&
		  parse_store_optional(value, path, out, err);
	if (!ok)
		store_clear(out);
	return ok;
}

store *store_from_json(const json_t *value, json_err *err)
{
	return JSONX_PARSE_NEW(store, value, store_parse, err);
}

static void store_optional_to_json(json_t *o, const store *s)
{
	if (s->address)
		json_object_set_new(o, "address", external_address_to_json(s->address));
	json_object_set_new(o, "availability", avail_list_to_json(&s->availability));
	jsonx_write_members(o, JSONX_ROWS(store_listing), s);
	if (s->highlights)
		json_object_set_new(o, "highlights", text_highlights_to_json(s->highlights));
	jsonx_write_members(o, JSONX_ROWS(store_image), s);
	if (s->n_matched_dishes) {
		json_t *arr = JSONX_ARRAY_TO_JSON(s->matched_dishes, s->n_matched_dishes,
						  matched_dish_to_json);
		json_object_set_new(o, "matchedDishes", arr);
	}
	jsonx_write_members(o, JSONX_ROWS(store_ratings), s);
}

json_t *store_to_json(const store *s)
{
	json_t *o = json_object();
	jsonx_write_members(o, JSONX_ROWS(store_required), s);
	json_object_set_new(o, "options", store_options_to_json(&s->options));
	store_optional_to_json(o, s);
	return o;
}

/* ------------------------------------------------------------------ discovery */

enum discover_filter discover_filter_from_string(const char *s)
{
	if (!s)
		return DISCOVER_FILTER_INVALID;
	if (strcasecmp(s, "delivery") == 0 || strcasecmp(s, "DeliveryByMerchant") == 0)
		return DISCOVER_FILTER_DELIVERY;
	if (strcasecmp(s, "pickup") == 0)
		return DISCOVER_FILTER_PICKUP;
	return DISCOVER_FILTER_INVALID;
}

/* After the location. */
static const jsonx_member discover_members[] = {
    JSONX_MEMBER("query", STRING, OPTIONAL, discover_stores_request, query),
    JSONX_MEMBER("fulfillmentType", STRING, OPTIONAL, discover_stores_request, fulfillment_type),
    JSONX_MEMBER_HAS("limit", INT, OPTIONAL, discover_stores_request, limit, has_limit),
    JSONX_MEMBER_HAS("offset", INT, OPTIONAL, discover_stores_request, offset, has_offset),
};

void discover_stores_request_free(discover_stores_request *req)
{
	if (!req)
		return;
	jsonx_free_members(JSONX_ROWS(discover_members), req);
	free(req);
}

discover_stores_request *discover_stores_request_from_json(const json_t *value, json_err *err)
{
	discover_stores_request *req = xcalloc(1, sizeof *req);
	json_t *loc = NULL;
	bool ok = jsonx_expect_object(value, "$", err) &&
		  jsonx_get_object(value, "location", "$", true, &loc, err) &&
		  location_parse(loc, "$.location", &req->location, err) &&
		  jsonx_read_members(value, "$", JSONX_ROWS(discover_members), req, err);
	if (!ok) {
		discover_stores_request_free(req);
		return NULL;
	}
	return req;
}

json_t *discover_stores_request_to_json(const discover_stores_request *req)
{
	json_t *o = json_object();
	json_object_set_new(o, "location", location_to_json(&req->location));
	jsonx_write_members(o, JSONX_ROWS(discover_members), req);
	return o;
}

void discover_stores_response_free(discover_stores_response *resp)
{
	if (!resp)
		return;
	JSONX_FREE_ARRAY(resp->stores, resp->n_stores, store_clear);
	free(resp);
}

discover_stores_response *discover_stores_response_from_json(const json_t *value, json_err *err)
{
	discover_stores_response *resp = xcalloc(1, sizeof *resp);
	json_t *stores = NULL;
	bool ok =
	    jsonx_expect_object(value, "$", err) &&
	    jsonx_get_array(value, "stores", "$", true, &stores, err) &&
	    jsonx_get_int(value, "totalCount", "$", true, &resp->total_count, err) &&
	    jsonx_get_bool(value, "hasMore", "$", true, &resp->has_more, err) &&
	    JSONX_PARSE_ARRAY(stores, "$.stores", &resp->stores, &resp->n_stores, store_parse, err);
	if (!ok) {
		discover_stores_response_free(resp);
		return NULL;
	}
	return resp;
}

json_t *discover_stores_response_to_json(const discover_stores_response *resp)
{
	json_t *o = json_object();
	json_t *arr = JSONX_ARRAY_TO_JSON(resp->stores, resp->n_stores, store_to_json);
	json_object_set_new(o, "stores", arr);
	json_object_set_new(o, "totalCount", json_integer(resp->total_count));
	json_object_set_new(o, "hasMore", json_boolean(resp->has_more));
	return o;
}

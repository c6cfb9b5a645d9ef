/* Store and discovery models (contract §3.1, §3.2, §2.5). */
#include "wire/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ helpers */

static bool get_opt_number(const json_t *obj, const char *key, const char *path, double *out,
			   bool *has, json_err *err)
{
	*has = jsonx_has(obj, key);
	return jsonx_get_number(obj, key, path, false, out, err);
}

static bool get_opt_int(const json_t *obj, const char *key, const char *path, long long *out,
			bool *has, json_err *err)
{
	*has = jsonx_has(obj, key);
	return jsonx_get_int(obj, key, path, false, out, err);
}

static bool get_opt_bool(const json_t *obj, const char *key, const char *path, bool *out, bool *has,
			 json_err *err)
{
	*has = jsonx_has(obj, key);
	return jsonx_get_bool(obj, key, path, false, out, err);
}

/* Integral values print as integers so "savings": 11 stays 11 rather than 11.0. */
static json_t *number_json(double x)
{
	if (isfinite(x) && x == floor(x) && fabs(x) < 9007199254740992.0)
		return json_integer((json_int_t)x);
	return json_real(x);
}

/* ------------------------------------------------------------------ Location, ExternalAddress */

static bool location_parse(const json_t *value, const char *path, location *out, json_err *err)
{
	memset(out, 0, sizeof *out);
	return jsonx_expect_object(value, path, err) &&
	       jsonx_get_number(value, "latitude", path, true, &out->latitude, err) &&
	       jsonx_get_number(value, "longitude", path, true, &out->longitude, err);
}

static json_t *location_to_json(const location *loc)
{
	json_t *o = json_object();
	json_object_set_new(o, "latitude", number_json(loc->latitude));
	json_object_set_new(o, "longitude", number_json(loc->longitude));
	return o;
}

void external_address_clear(external_address *a)
{
	free(a->address1);
	free(a->address2);
	free(a->city);
	free(a->postal_code);
	free(a->state);
	free(a->location);
	memset(a, 0, sizeof *a);
}

bool external_address_parse(const json_t *value, const char *path, external_address *out,
			    json_err *err)
{
	memset(out, 0, sizeof *out);
	bool ok =
	    jsonx_expect_object(value, path, err) &&
	    jsonx_get_string(value, "address1", path, false, &out->address1, err) &&
	    jsonx_get_string(value, "city", path, false, &out->city, err) &&
	    jsonx_get_string(value, "postalCode", path, false, &out->postal_code, err) &&
	    jsonx_get_string(value, "state", path, false, &out->state, err) &&
	    jsonx_get_string(value, "address2", path, false, &out->address2, err) &&
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
	jsonx_set_string(o, "address1", a->address1);
	jsonx_set_string(o, "address2", a->address2);
	jsonx_set_string(o, "city", a->city);
	jsonx_set_string(o, "postalCode", a->postal_code);
	jsonx_set_string(o, "state", a->state);
	if (a->location)
		json_object_set_new(o, "location", location_to_json(a->location));
	return o;
}

void external_address_copy(external_address *dst, const external_address *src)
{
	dst->address1 = xstrdup(src->address1);
	dst->address2 = xstrdup(src->address2);
	dst->city = xstrdup(src->city);
	dst->postal_code = xstrdup(src->postal_code);
	dst->state = xstrdup(src->state);
	dst->location = NULL;
	if (src->location) {
		dst->location = xmalloc(sizeof *dst->location);
		*dst->location = *src->location;
	}
}

/* ------------------------------------------------------------------ StoreOptions, highlights */

static bool store_options_parse(const json_t *value, const char *path, store_options *out,
				json_err *err)
{
	memset(out, 0, sizeof *out);
	return jsonx_expect_object(value, path, err) &&
	       jsonx_get_bool(value, "acceptsDeliveryTips", path, false,
			      &out->accepts_delivery_tips, err) &&
	       jsonx_get_bool(value, "acceptsPickupTips", path, false, &out->accepts_pickup_tips,
			      err) &&
	       jsonx_get_money(value, "minimumOrderAmount", path, false, &out->minimum_order_amount,
			       &out->has_minimum_order_amount, err);
}

static json_t *store_options_to_json(const store_options *opts)
{
	json_t *o = json_object();
	json_object_set_new(o, "acceptsDeliveryTips", json_boolean(opts->accepts_delivery_tips));
	json_object_set_new(o, "acceptsPickupTips", json_boolean(opts->accepts_pickup_tips));
	if (opts->has_minimum_order_amount)
		json_object_set_new(o, "minimumOrderAmount",
				    money_to_json(opts->minimum_order_amount));
	return o;
}

static void text_highlights_clear(text_highlights *h)
{
	free(h->name);
	free(h->description);
	memset(h, 0, sizeof *h);
}

static bool text_highlights_parse(const json_t *value, const char *path, text_highlights *out,
				  json_err *err)
{
	memset(out, 0, sizeof *out);
	bool ok = jsonx_expect_object(value, path, err) &&
		  jsonx_get_string(value, "name", path, false, &out->name, err) &&
		  jsonx_get_string(value, "description", path, false, &out->description, err);
	if (!ok)
		text_highlights_clear(out);
	return ok;
}

json_t *text_highlights_to_json(const text_highlights *h)
{
	json_t *o = json_object();
	jsonx_set_string(o, "name", h->name);
	jsonx_set_string(o, "description", h->description);
	return o;
}

static text_highlights *text_highlights_copy(const text_highlights *h)
{
	if (!h)
		return NULL;
	text_highlights *c = xmalloc(sizeof *c);
	c->name = xstrdup(h->name);
	c->description = xstrdup(h->description);
	return c;
}

/* ------------------------------------------------------------------ MatchedDish */

static void matched_dish_clear(matched_dish *d)
{
	free(d->item_id);
	free(d->name);
	free(d->description);
	free(d->image_url);
	if (d->highlights)
		text_highlights_clear(d->highlights);
	free(d->highlights);
	memset(d, 0, sizeof *d);
}

/* Scalars by assignment, then every owned pointer replaced by its copy. */
static void matched_dish_copy(matched_dish *dst, const matched_dish *src)
{
	*dst = *src;
	dst->item_id = xstrdup(src->item_id);
	dst->name = xstrdup(src->name);
	dst->description = xstrdup(src->description);
	dst->image_url = xstrdup(src->image_url);
	dst->highlights = text_highlights_copy(src->highlights);
}

static bool matched_dish_parse(const json_t *value, const char *path, matched_dish *out,
			       json_err *err)
{
	memset(out, 0, sizeof *out);
	bool ok = jsonx_expect_object(value, path, err) &&
		  jsonx_get_string(value, "itemId", path, true, &out->item_id, err) &&
		  jsonx_get_string(value, "name", path, true, &out->name, err) &&
		  jsonx_get_money(value, "basePrice", path, false, &out->base_price,
				  &out->has_base_price, err) &&
		  jsonx_get_money(value, "startingAt", path, false, &out->starting_at,
				  &out->has_starting_at, err) &&
		  jsonx_get_string(value, "description", path, false, &out->description, err) &&
		  jsonx_get_string(value, "imageUrl", path, false, &out->image_url, err) &&
		  JSONX_PARSE_OPT_MEMBER(value, path, "highlights", &out->highlights,
					 text_highlights_parse, err);
	if (!ok)
		matched_dish_clear(out);
	return ok;
}

json_t *matched_dish_to_json(const matched_dish *d)
{
	json_t *o = json_object();
	jsonx_set_string(o, "itemId", d->item_id);
	jsonx_set_string(o, "name", d->name);
	if (d->has_base_price)
		json_object_set_new(o, "basePrice", money_to_json(d->base_price));
	if (d->has_starting_at)
		json_object_set_new(o, "startingAt", money_to_json(d->starting_at));
	jsonx_set_string(o, "description", d->description);
	if (d->highlights)
		json_object_set_new(o, "highlights", text_highlights_to_json(d->highlights));
	jsonx_set_string(o, "imageUrl", d->image_url);
	return o;
}

/* ------------------------------------------------------------------ Store */

void store_clear(store *s)
{
	free(s->store_id);
	free(s->name);
	free(s->stem);
	str_list_clear(&s->categories);
	if (s->address)
		external_address_clear(s->address);
	free(s->address);
	avail_list_clear(&s->availability);
	free(s->catalog_set_id);
	free(s->description);
	if (s->highlights)
		text_highlights_clear(s->highlights);
	free(s->highlights);
	free(s->image_url);
	for (size_t i = 0; i < s->n_matched_dishes; i++)
		matched_dish_clear(&s->matched_dishes[i]);
	free(s->matched_dishes);
	free(s->time_zone);
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
	c->store_id = xstrdup(s->store_id);
	c->name = xstrdup(s->name);
	c->stem = xstrdup(s->stem);
	memset(&c->categories, 0, sizeof c->categories);
	str_list_copy(&c->categories, &s->categories);
	c->address = NULL;
	if (s->address) {
		c->address = xmalloc(sizeof *c->address);
		external_address_copy(c->address, s->address);
	}
	avail_list_copy(&c->availability, &s->availability);
	c->catalog_set_id = xstrdup(s->catalog_set_id);
	c->description = xstrdup(s->description);
	c->highlights = text_highlights_copy(s->highlights);
	c->image_url = xstrdup(s->image_url);
	c->matched_dishes = NULL;
	if (s->n_matched_dishes) {
		c->matched_dishes = xmalloc(s->n_matched_dishes * sizeof *c->matched_dishes);
		for (size_t i = 0; i < s->n_matched_dishes; i++)
			matched_dish_copy(&c->matched_dishes[i], &s->matched_dishes[i]);
	}
	c->time_zone = xstrdup(s->time_zone);
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
	return jsonx_get_string(v, "storeId", path, true, &out->store_id, err) &&
	       jsonx_get_string(v, "name", path, true, &out->name, err) &&
	       jsonx_get_string(v, "stem", path, true, &out->stem, err) &&
	       jsonx_get_str_list(v, "categories", path, true, &out->categories, err) &&
	       jsonx_get_bool(v, "deliveryAllowed", path, true, &out->delivery_allowed, err) &&
	       jsonx_get_bool(v, "pickupAllowed", path, true, &out->pickup_allowed, err) &&
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
	       jsonx_get_string(v, "catalogSetId", path, false, &out->catalog_set_id, err) &&
	       jsonx_get_string(v, "description", path, false, &out->description, err) &&
	       get_opt_number(v, "distanceMiles", path, &out->distance_miles,
			      &out->has_distance_miles, err) &&
	       JSONX_PARSE_OPT_MEMBER(v, path, "highlights", &out->highlights,
				      text_highlights_parse, err) &&
	       jsonx_get_string(v, "imageUrl", path, false, &out->image_url, err) &&
	       get_opt_bool(v, "isAcceptingOrders", path, &out->is_accepting_orders,
			    &out->has_is_accepting_orders, err) &&
	       parse_matched_dishes(v, path, out, err) &&
	       get_opt_int(v, "priceLevel", path, &out->price_level, &out->has_price_level, err) &&
	       get_opt_number(v, "rating", path, &out->rating, &out->has_rating, err) &&
	       get_opt_int(v, "reviewCount", path, &out->review_count, &out->has_review_count,
			   err) &&
	       get_opt_number(v, "savings", path, &out->savings, &out->has_savings, err) &&
	       jsonx_get_string(v, "timeZone", path, false, &out->time_zone, err);
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
	store *s = xmalloc(sizeof *s);
	if (!store_parse(value, "$", s, err)) {
		free(s);
		return NULL;
	}
	return s;
}

static void store_optional_to_json(json_t *o, const store *s)
{
	if (s->address)
		json_object_set_new(o, "address", external_address_to_json(s->address));
	json_object_set_new(o, "availability", avail_list_to_json(&s->availability));
	jsonx_set_string(o, "catalogSetId", s->catalog_set_id);
	jsonx_set_string(o, "description", s->description);
	if (s->has_distance_miles)
		json_object_set_new(o, "distanceMiles", number_json(s->distance_miles));
	if (s->highlights)
		json_object_set_new(o, "highlights", text_highlights_to_json(s->highlights));
	jsonx_set_string(o, "imageUrl", s->image_url);
	if (s->has_is_accepting_orders)
		json_object_set_new(o, "isAcceptingOrders", json_boolean(s->is_accepting_orders));
	if (s->n_matched_dishes) {
		json_t *arr = json_array();
		for (size_t i = 0; i < s->n_matched_dishes; i++)
			json_array_append_new(arr, matched_dish_to_json(&s->matched_dishes[i]));
		json_object_set_new(o, "matchedDishes", arr);
	}
	if (s->has_price_level)
		json_object_set_new(o, "priceLevel", json_integer(s->price_level));
	if (s->has_rating)
		json_object_set_new(o, "rating", number_json(s->rating));
	if (s->has_review_count)
		json_object_set_new(o, "reviewCount", json_integer(s->review_count));
	json_object_set_new(o, "savings", s->has_savings ? number_json(s->savings) : json_null());
	jsonx_set_string(o, "timeZone", s->time_zone);
}

json_t *store_to_json(const store *s)
{
	json_t *o = json_object();
	jsonx_set_string(o, "storeId", s->store_id);
	jsonx_set_string(o, "name", s->name);
	jsonx_set_string(o, "stem", s->stem);
	jsonx_set_str_list(o, "categories", &s->categories);
	json_object_set_new(o, "deliveryAllowed", json_boolean(s->delivery_allowed));
	json_object_set_new(o, "pickupAllowed", json_boolean(s->pickup_allowed));
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

void discover_stores_request_free(discover_stores_request *req)
{
	if (!req)
		return;
	free(req->query);
	free(req->fulfillment_type);
	free(req);
}

discover_stores_request *discover_stores_request_from_json(const json_t *value, json_err *err)
{
	discover_stores_request *req = xcalloc(1, sizeof *req);
	json_t *loc = NULL;
	bool ok =
	    jsonx_expect_object(value, "$", err) &&
	    jsonx_get_object(value, "location", "$", true, &loc, err) &&
	    location_parse(loc, "$.location", &req->location, err) &&
	    jsonx_get_string(value, "query", "$", false, &req->query, err) &&
	    jsonx_get_string(value, "fulfillmentType", "$", false, &req->fulfillment_type, err) &&
	    get_opt_int(value, "limit", "$", &req->limit, &req->has_limit, err) &&
	    get_opt_int(value, "offset", "$", &req->offset, &req->has_offset, err);
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
	jsonx_set_string(o, "query", req->query);
	jsonx_set_string(o, "fulfillmentType", req->fulfillment_type);
	if (req->has_limit)
		json_object_set_new(o, "limit", json_integer(req->limit));
	if (req->has_offset)
		json_object_set_new(o, "offset", json_integer(req->offset));
	return o;
}

void discover_stores_response_free(discover_stores_response *resp)
{
	if (!resp)
		return;
	for (size_t i = 0; i < resp->n_stores; i++)
		store_clear(&resp->stores[i]);
	free(resp->stores);
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
	json_t *arr = json_array();
	for (size_t i = 0; i < resp->n_stores; i++)
		json_array_append_new(arr, store_to_json(&resp->stores[i]));
	json_object_set_new(o, "stores", arr);
	json_object_set_new(o, "totalCount", json_integer(resp->total_count));
	json_object_set_new(o, "hasMore", json_boolean(resp->has_more));
	return o;
}

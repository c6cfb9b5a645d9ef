/*
 * Store and discovery models (contract §3.1, §3.2, §2.5): Location,
 * ExternalAddress, StoreOptions (+ the sandbox's minimumOrderAmount, §6 Q17),
 * highlights, MatchedDish, Store, DiscoverStoresRequest/Response.
 *
 * Each type has X_parse(value, path, out, err) filling a caller-owned struct
 * (cleared again on error), X_to_json and X_clear. Top-level bodies also have
 * X_from_json / X_free returning and releasing a heap object.
 */
#ifndef GETT_STORE_H
#define GETT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "wire/avail.h"
#include "base/collections.h"
#include "base/jsonx.h"
#include "base/money.h"

typedef struct location {
	double latitude;
	double longitude;
} location;

typedef struct external_address {
	char *address1;
	char *address2; /* may be NULL */
	char *city;
	char *postal_code;
	char *state;
	location *location; /* server-geocoded; NULL when absent */
} external_address;

/* Every member is optional here (replies are read leniently); what a request needs is
   external_address_check's. */
bool external_address_parse(const json_t *value, const char *path, external_address *out,
			    json_err *err);
json_t *external_address_to_json(const external_address *addr);
void external_address_copy(external_address *dst, const external_address *src);
void external_address_clear(external_address *addr);
/* The request rule: address1, city, postalCode and state are given (err names the first
   missing one under `path`). */
bool external_address_check(const external_address *addr, const char *path, json_err *err);

typedef struct store_options {
	bool accepts_delivery_tips; /* false when absent */
	bool accepts_pickup_tips;
	money minimum_order_amount; /* sandbox extension (§6 Q17) */
	bool has_minimum_order_amount;
} store_options;

/* StoreHighlights and DishHighlights: text with matches wrapped in « » (U+00AB, U+00BB). */
typedef struct text_highlights {
	char *name;	   /* may be NULL */
	char *description; /* may be NULL */
} text_highlights;

json_t *text_highlights_to_json(const text_highlights *h);

typedef struct matched_dish {
	char *item_id;
	char *name;
	char *description; /* may be NULL */
	char *image_url;   /* may be NULL */
	money base_price;
	bool has_base_price;
	money starting_at; /* display only ("from $X"), as on the item (contract §4.1) */
	bool has_starting_at;
	text_highlights *highlights; /* NULL when absent */
} matched_dish;

/* Also the sandbox's writer of the dishes a search matched. */
json_t *matched_dish_to_json(const matched_dish *d);

typedef struct store {
	/* required */
	char *store_id;
	char *name;
	char *stem;
	str_list categories;
	bool delivery_allowed;
	bool pickup_allowed;
	store_options options;
	/* optional: NULL / has_* false when absent or null */
	external_address *address;
	avail_list availability; /* .published false when absent or null */
	char *catalog_set_id;
	char *description;
	double distance_miles;
	bool has_distance_miles;
	text_highlights *highlights;
	char *image_url;
	bool is_accepting_orders;
	bool has_is_accepting_orders;
	matched_dish *matched_dishes;
	size_t n_matched_dishes;
	long long price_level; /* 1..4 */
	bool has_price_level;
	double rating; /* 1..5 */
	bool has_rating;
	long long review_count;
	bool has_review_count;
	double savings; /* percent 0..100, not money */
	bool has_savings;
	char *time_zone; /* IANA */
} store;

bool store_parse(const json_t *value, const char *path, store *out, json_err *err);
store *store_from_json(const json_t *value, json_err *err);
json_t *store_to_json(const store *s);
/* Deep copy of every member, including what store_to_json would not write back (windows out
   of range, a missing required member); NULL for NULL. */
store *store_copy(const store *s);
void store_clear(store *s);
void store_free(store *s);

/* Discovery filter (§6 Q5): "delivery"/"pickup" (any case) or the order values. */
enum discover_filter {
	DISCOVER_FILTER_INVALID,
	DISCOVER_FILTER_DELIVERY,
	DISCOVER_FILTER_PICKUP,
};
enum discover_filter discover_filter_from_string(const char *s);

#define DISCOVER_DEFAULT_LIMIT 50
#define DISCOVER_MAX_LIMIT     100

typedef struct discover_stores_request {
	location location;
	char *query;		/* may be NULL */
	char *fulfillment_type; /* may be NULL; kept as sent */
	long long limit;
	bool has_limit;
	long long offset;
	bool has_offset;
} discover_stores_request;

discover_stores_request *discover_stores_request_from_json(const json_t *value, json_err *err);
json_t *discover_stores_request_to_json(const discover_stores_request *req);
void discover_stores_request_free(discover_stores_request *req);

typedef struct discover_stores_response {
	store *stores;
	size_t n_stores;
	long long total_count;
	bool has_more;
} discover_stores_response;

discover_stores_response *discover_stores_response_from_json(const json_t *value, json_err *err);
json_t *discover_stores_response_to_json(const discover_stores_response *resp);
void discover_stores_response_free(discover_stores_response *resp);

#endif

/*
 * Discovery (POST /stores/discover and the GET /stores alias), store read and catalog sets
 * with their aliases (contract §2.5-§2.7, §3.2, §4.7, §6 Q4). Ordering and tag rules are
 * documented in docs/sandbox.md.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "handlers.h"
#include "search.h"
#include "wire/store.h"

#define CLOSEST_COUNT	   3 /* "Closest" = the three nearest results (ties included) */
#define MAX_MATCHED_DISHES 5
/* Relevance: query words covered anywhere in the store dominate; then where they matched. */
#define SCORE_COVERAGE	  100
#define SCORE_NAME	  10
#define SCORE_CATEGORY	  6
#define SCORE_DESCRIPTION 3
#define SCORE_DISH_NAME	  4 /* best dish only, so a huge menu cannot outweigh the name */
#define SCORE_DISH_TEXT	  1
#define SCORE_DISH_COUNT  1 /* per matched dish, up to MAX_MATCHED_DISHES */

typedef struct discover_params {
	double lat, lon;
	char *query;
	enum discover_filter filter; /* DISCOVER_FILTER_INVALID = no filter */
	long long limit, offset;
} discover_params;

typedef struct candidate {
	sbx_store *store;
	double distance; /* INFINITY without a location */
	int score;
	unsigned long words; /* query words matched anywhere (coverage) */
	const catalog_item *dishes[MAX_MATCHED_DISHES]; /* matchedDishes, best first */
	size_t n_dishes;
} candidate;

/* ------------------------------------------------------------------ dishes */

/* Hash sets of the sections visited and items taken: a 2,000-item menu made a linear
   "already there?" scan the bulk of a discovery request. */
typedef struct reach {
	str_list *items;
	strmap *items_seen;
	strmap *sections_seen;
} reach;

static void collect_section(const catalog_set *set, const char *section_id, reach *r)
{
	if (strmap_get(r->sections_seen, section_id))
		return;
	strmap_put(r->sections_seen, section_id, r);
	const catalog_section *sec = catalog_find_section(set, section_id);
	if (!sec)
		return;
	for (size_t i = 0; i < sec->item_ids.n; i++)
		if (!strmap_put(r->items_seen, sec->item_ids.v[i], r))
			str_list_push(r->items, sec->item_ids.v[i]);
	for (size_t i = 0; i < sec->section_ids.n; i++)
		collect_section(set, sec->section_ids.v[i], r);
}

/* Menu items reachable from the set's catalogs, in menu order (modifier options are not
   dishes). */
static void reachable_items(const catalog_set *set, str_list *items)
{
	reach r = {items, strmap_new(), strmap_new()};
	for (size_t c = 0; c < strmap_count(set->catalogs); c++) {
		const catalog *cat = strmap_value_at(set->catalogs, c);
		for (size_t s = 0; s < cat->section_ids.n; s++)
			collect_section(set, cat->section_ids.v[s], &r);
	}
	strmap_free(r.items_seen, NULL);
	strmap_free(r.sections_seen, NULL);
}

/* Text with the query's matches highlighted (heap; store_clear frees it). */
static text_highlights *highlights_of(const search_query *q, const char *name,
				      const char *description)
{
	text_highlights *h = xmalloc(sizeof *h);
	*h = (text_highlights){search_highlight(q, name), search_highlight(q, description)};
	return h;
}

/* The item's own display price, so a dish reads as its menu row does ("from $X"). */
static void dish_model(const search_query *q, const catalog_item *it, matched_dish *d)
{
	*d = (matched_dish){.item_id = xstrdup(it->item_id),
			    .name = xstrdup(it->name),
			    .description = xstrdup(it->description),
			    .image_url = xstrdup(it->image_url),
			    .base_price = it->base_price,
			    .has_base_price = it->has_base_price,
			    .starting_at = it->starting_at,
			    .has_starting_at = it->has_starting_at,
			    .highlights = highlights_of(q, it->name, it->description)};
}

typedef struct dish_hit {
	const catalog_item *item;
	int score;
	size_t order; /* menu order, the tie-break */
} dish_hit;

static int cmp_dish(const void *a, const void *b)
{
	const dish_hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Adds the dish part of the score and coverage to c; fills c->dishes (best first). */
static void match_dishes(const sbx_world *w, const search_query *q, candidate *c)
{
	const sbx_catalog_entry *e = world_find_catalog(w, c->store->catalog_set_id);
	if (!e)
		return;
	str_list items = {0};
	reachable_items(e->set, &items);
	dish_hit *hits = xcalloc(items.n ? items.n : 1, sizeof *hits);
	size_t n = 0;
	for (size_t i = 0; i < items.n; i++) {
		const catalog_item *it = catalog_find_item(e->set, items.v[i]);
		if (!it)
			continue;
		unsigned long in_name = search_match_mask(q, it->name);
		unsigned long in_text = search_match_mask(q, it->description);
		if (!in_name && !in_text)
			continue;
		c->words |= in_name | in_text;
		hits[n++] = (dish_hit){it,
				       SCORE_DISH_NAME * __builtin_popcountl(in_name) +
					   SCORE_DISH_TEXT * __builtin_popcountl(in_text),
				       i};
	}
	qsort(hits, n, sizeof *hits, cmp_dish);
	if (n)
		c->score += hits[0].score;
	for (size_t i = 0; i < n && i < MAX_MATCHED_DISHES; i++) {
		c->score += SCORE_DISH_COUNT;
		c->dishes[c->n_dishes++] = hits[i].item;
	}
	free(hits);
	str_list_clear(&items);
}

static void score_store(const search_query *q, candidate *c)
{
	const sbx_store *s = c->store;
	unsigned long name = search_match_mask(q, s->name);
	unsigned long desc = search_match_mask(q, s->description);
	c->words |= name | desc;
	c->score +=
	    SCORE_NAME * __builtin_popcountl(name) + SCORE_DESCRIPTION * __builtin_popcountl(desc);
	for (size_t i = 0; i < s->categories.n; i++) {
		unsigned long cat = search_match_mask(q, s->categories.v[i]);
		c->words |= cat;
		c->score += SCORE_CATEGORY * __builtin_popcountl(cat);
	}
}

/* ------------------------------------------------------------------ ordering */

static int cmp_browse(const void *a, const void *b)
{
	const candidate *x = a, *y = b;
	if (x->distance != y->distance)
		return x->distance < y->distance ? -1 : 1;
	int c = strcmp(x->store->name, y->store->name);
	return c ? c : strcmp(x->store->store_id, y->store->store_id);
}

static int cmp_search(const void *a, const void *b)
{
	const candidate *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return cmp_browse(a, b);
}

/* ------------------------------------------------------------------ output */

/* "Closest" first when it applies; in search mode Savings and Exclusive stay out (§3.2:
   best-effort tags there). */
static void discovery_categories(str_list *cats, bool closest, bool search)
{
	str_list out = {0};
	if (closest)
		str_list_push(&out, "Closest");
	for (size_t i = 0; i < cats->n; i++)
		if (!search ||
		    (strcmp(cats->v[i], "Savings") != 0 && strcmp(cats->v[i], "Exclusive") != 0))
			str_list_push(&out, cats->v[i]);
	str_list_clear(cats);
	*cats = out;
}

/* The candidate as the Store it is served as, into *out (store_clear). */
static void candidate_model(const sbx_world *w, const search_query *q, const candidate *c,
			    double closest_cutoff, time_t now, const double from[2], store *out)
{
	store *s = sbx_store_served(w, c->store, now, from);
	*out = *s;
	free(s);
	bool search = q->words.n > 0;
	discovery_categories(&out->categories,
			     isfinite(c->distance) && c->distance <= closest_cutoff, search);
	if (!search)
		return;
	out->highlights = highlights_of(q, c->store->name, c->store->description);
	if (c->n_dishes) {
		out->matched_dishes = xcalloc(c->n_dishes, sizeof *out->matched_dishes);
		for (size_t i = 0; i < c->n_dishes; i++)
			dish_model(q, c->dishes[i], &out->matched_dishes[i]);
		out->n_matched_dishes = c->n_dishes;
	}
}

/* Distance of the CLOSEST_COUNT-th nearest located candidate within a short drive (-1 when
   there is none): a store 2,000 miles away is nobody's "Closest". */
static double closest_cutoff(const candidate *cands, size_t n)
{
	const double near_miles = 10.0;
	double *d = xcalloc(n ? n : 1, sizeof *d);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (isfinite(cands[i].distance) && cands[i].distance <= near_miles)
			d[k++] = cands[i].distance;
	double cutoff = -1;
	for (size_t pick = 0; pick < CLOSEST_COUNT && pick < k; pick++) {
		size_t best = pick; /* partial selection sort: k is small */
		for (size_t i = pick + 1; i < k; i++)
			if (d[i] < d[best])
				best = i;
		double t = d[pick];
		d[pick] = d[best];
		d[best] = t;
		cutoff = d[pick];
	}
	free(d);
	return cutoff;
}

static bool passes_filter(const discover_params *p, const candidate *c)
{
	switch (p->filter) {
	case DISCOVER_FILTER_DELIVERY:
		return c->store->delivery_allowed &&
		       c->distance <= c->store->extra.delivery_radius_miles;
	case DISCOVER_FILTER_PICKUP:
		return c->store->pickup_allowed;
	case DISCOVER_FILTER_INVALID:
		break;
	}
	return true;
}

static void discover(const discover_params *p, sbx_request *req, sbx_response *resp, sbx_world *w)
{
	search_query q;
	search_query_parse(p->query, &q);
	size_t n_stores = strmap_count(w->stores), n = 0;
	candidate *cands = xcalloc(n_stores ? n_stores : 1, sizeof *cands);
	bool any_in_range = false;
	for (size_t i = 0; i < n_stores; i++) {
		candidate c = {.store = strmap_value_at(w->stores, i), .distance = INFINITY};
		if (c.store->has_location)
			c.distance = sbx_haversine_miles(p->lat, p->lon, c.store->latitude,
							 c.store->longitude);
		if (!passes_filter(p, &c))
			continue;
		any_in_range = true;
		if (q.words.n) {
			score_store(&q, &c);
			match_dishes(w, &q, &c);
			if (c.words == 0)
				continue;
			c.score += SCORE_COVERAGE * __builtin_popcountl(c.words);
		}
		cands[n++] = c;
	}
	if (p->filter == DISCOVER_FILTER_DELIVERY && !any_in_range) {
		resp_problem(resp, req, 400, "ADDRESS_OUT_OF_RANGE",
			     "No store delivers to %.5f, %.5f.", p->lat, p->lon);
	} else {
		double cutoff = closest_cutoff(cands, n);
		qsort(cands, n, sizeof *cands, q.words.n ? cmp_search : cmp_browse);
		const double from[2] = {p->lat, p->lon};
		time_t now = world_now(w);
		size_t first = (size_t)p->offset < n ? (size_t)p->offset : n;
		size_t shown = n - first < (size_t)p->limit ? n - first : (size_t)p->limit;
		discover_stores_response *page = xcalloc(1, sizeof *page);
		page->stores = xcalloc(shown ? shown : 1, sizeof *page->stores);
		for (size_t i = 0; i < shown; i++)
			candidate_model(w, &q, &cands[first + i], cutoff, now, from,
					&page->stores[page->n_stores++]);
		page->total_count = (long long)n;
		page->has_more = first + shown < n;
		resp_json(resp, 200, discover_stores_response_to_json(page));
		discover_stores_response_free(page);
	}
	free(cands);
	search_query_clear(&q);
}

/* ------------------------------------------------------------------ request parsing */

static bool check_params(discover_params *p, const char *fulfillment, sbx_request *req,
			 sbx_response *resp)
{
	if (!isfinite(p->lat) || p->lat < -90 || p->lat > 90 || !isfinite(p->lon) ||
	    p->lon < -180 || p->lon > 180) {
		json_t *b = resp_problem(resp, req, 400, "INVALID_REQUEST",
					 "location must have latitude in [-90, 90] and longitude "
					 "in [-180, 180].");
		sbx_add_error(b, "INVALID_REQUEST", "location out of range", NULL, "$.location");
		return false;
	}
	p->filter = DISCOVER_FILTER_INVALID;
	if (fulfillment) {
		p->filter = discover_filter_from_string(fulfillment);
		if (p->filter == DISCOVER_FILTER_INVALID) {
			json_t *b = resp_problem(resp, req, 400, "INVALID_REQUEST",
						 "Unknown fulfillmentType \"%s\".", fulfillment);
			sbx_add_error(b, "INVALID_REQUEST",
				      "expected delivery, pickup, DeliveryByMerchant or Pickup",
				      NULL, "$.fulfillmentType");
			return false;
		}
	}
	/* §2.5 [sbx]: clamp instead of erroring. */
	p->limit = p->limit < 1 ? 1 : p->limit > DISCOVER_MAX_LIMIT ? DISCOVER_MAX_LIMIT : p->limit;
	p->offset = p->offset < 0 ? 0 : p->offset > INT32_MAX ? INT32_MAX : p->offset;
	return true;
}

static void h_discover(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	discover_stores_request *dr = REQ_PARSE_BODY(req, resp, discover_stores_request_from_json);
	if (!dr)
		return;
	discover_params p = {.lat = dr->location.latitude,
			     .lon = dr->location.longitude,
			     .query = dr->query,
			     .limit = dr->has_limit ? dr->limit : DISCOVER_DEFAULT_LIMIT,
			     .offset = dr->has_offset ? dr->offset : 0};
	if (check_params(&p, dr->fulfillment_type, req, resp))
		discover(&p, req, resp, w);
	discover_stores_request_free(dr);
}

static bool query_number(const sbx_request *req, sbx_response *resp, const char *name, bool integer,
			 double *out)
{
	const char *s = req_query(req, name);
	if (!s) {
		resp_problem(resp, req, 400, "INVALID_REQUEST", "Query parameter %s is required.",
			     name);
		return false;
	}
	char *end;
	errno = 0;
	double v = integer ? (double)strtoll(s, &end, 10) : strtod(s, &end);
	if (*s == '\0' || *end != '\0' || errno) {
		resp_problem(resp, req, 400, "INVALID_REQUEST",
			     "Query parameter %s must be %s, got \"%s\".", name,
			     integer ? "an integer" : "a number", s);
		return false;
	}
	*out = v;
	return true;
}

/* §6 Q4: GET /v1/marketplace/stores?latitude=&longitude=&query=&fulfillmentType=&limit=&offset= */
static void h_discover_get(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	discover_params p = {.limit = DISCOVER_DEFAULT_LIMIT};
	double limit = DISCOVER_DEFAULT_LIMIT, offset = 0;
	if (!query_number(req, resp, "latitude", false, &p.lat) ||
	    !query_number(req, resp, "longitude", false, &p.lon) ||
	    (req_query(req, "limit") && !query_number(req, resp, "limit", true, &limit)) ||
	    (req_query(req, "offset") && !query_number(req, resp, "offset", true, &offset)))
		return;
	p.limit = (long long)limit;
	p.offset = (long long)offset;
	p.query = (char *)req_query(req, "query");
	if (check_params(&p, req_query(req, "fulfillmentType"), req, resp))
		discover(&p, req, resp, w);
}

/* ------------------------------------------------------------------ store, catalogs */

/* NULL after answering: empty 404 for a malformed GUID (§1.6), STORE_NOT_FOUND otherwise. */
static sbx_store *lookup_store(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	const char *id = req_param(req, "storeId");
	if (!wire_is_uuid(id)) {
		resp_empty(resp, 404);
		return NULL;
	}
	sbx_store *s = world_find_store(w, id);
	if (!s)
		resp_problem(resp, req, 404, "STORE_NOT_FOUND", "No store with id %s.", id);
	return s;
}

static void h_store(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	sbx_store *s = lookup_store(req, resp, w);
	if (!s)
		return;
	store *m = sbx_store_served(w, s, world_now(w), NULL);
	resp_json(resp, 200, store_to_json(m));
	store_free(m);
}

static void send_catalog(const sbx_catalog_entry *e, sbx_request *req, sbx_response *resp)
{
	const char *inm = req_header(req, "If-None-Match");
	if (inm && (strcmp(inm, e->etag) == 0 || strcmp(inm, "*") == 0))
		resp_empty(resp, 304);
	else
		resp_json(resp, 200, json_incref(e->wire));
	resp_header(resp, "ETag", e->etag);
	resp_header(resp, "Cache-Control", "private, max-age=300");
}

static void catalog_not_found(sbx_request *req, sbx_response *resp, const char *id)
{
	resp_problem(resp, req, 404, "CATALOGSET_NOT_FOUND",
		     "Catalog set %s does not exist (it may have been replaced; re-read the "
		     "store for its current catalogSetId).",
		     id);
}

static void h_catalog_set(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	const char *id = req_param(req, "catalogSetId");
	const sbx_catalog_entry *e = world_find_catalog(w, id);
	if (e)
		send_catalog(e, req, resp);
	else
		catalog_not_found(req, resp, id);
}

/* /stores/{storeId}/catalog[?catalogSetId=] and /stores/{storeId}/catalog-sets (§2.7). */
static void h_store_catalog(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	const sbx_store *s = lookup_store(req, resp, w);
	if (!s)
		return;
	const char *id = req_query(req, "catalogSetId");
	if (!id)
		id = s->catalog_set_id;
	const sbx_catalog_entry *e = id ? world_find_catalog(w, id) : NULL;
	if (e && e->set->store_id && strcasecmp(e->set->store_id, s->store_id) != 0)
		e = NULL; /* another store's menu */
	if (e)
		send_catalog(e, req, resp);
	else
		catalog_not_found(req, resp, id ? id : "(none)");
}

void sbx_register_store_routes(sbx_router *r)
{
	sbx_route(r, ENDPOINT_DISCOVER, h_discover, SBX_RATE_DISCOVERY, "discover");
	sbx_route(r, ENDPOINT_DISCOVER_GET, h_discover_get, SBX_RATE_DISCOVERY, "discover");
	sbx_route(r, ENDPOINT_STORE_GET, h_store, SBX_RATE_READ, "store");
	sbx_route(r, ENDPOINT_CATALOG_SET_GET, h_catalog_set, SBX_RATE_READ, "catalog");
	sbx_route(r, ENDPOINT_STORE_CATALOG, h_store_catalog, SBX_RATE_READ, "catalog");
	sbx_route(r, ENDPOINT_STORE_CATALOG_SETS, h_store_catalog, SBX_RATE_READ, "catalog");
}

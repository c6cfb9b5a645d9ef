/*
 * Discovery (search as you type, latest wins, offset paging, every mode listed) and
 * loading a store with its catalog set: the store is always fetched (its open state and
 * current catalogSetId change), the set comes from memory, then the disk cache, then the
 * network, because a catalogSetId names an immutable version.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/jsonx.h"
#include "shop/shop_int.h"

/* ------------------------------------------------------------------ discovery */

static void clear_results(shop *s)
{
	JSONX_FREE_ARRAY(s->disc.stores, s->disc.n, store_clear);
	s->disc.stores = NULL;
	s->disc.n = 0;
	s->disc.total = 0;
	s->disc.has_more = false;
	s->disc.stale = false;
}

/* Moves the page's stores behind the ones shown (or instead of them). */
static void take_page(shop *s, discover_stores_response *page, bool append)
{
	if (!append)
		clear_results(s);
	if (page->n_stores) {
		s->disc.stores =
		    xrealloc(s->disc.stores, (s->disc.n + page->n_stores) * sizeof *s->disc.stores);
		memcpy(s->disc.stores + s->disc.n, page->stores,
		       page->n_stores * sizeof *page->stores);
		s->disc.n += page->n_stores;
		page->n_stores = 0; /* moved: the response frees only its array */
	}
	s->disc.total = page->total_count;
	s->disc.has_more = page->has_more;
}

/* ------------------------------------------------------------------ delivery range */

/* Stores a delivery-range answer may list; beyond, the range stays unknown. */
#define SHOP_RANGE_MAX 500

static void forget_range(shop *s)
{
	api_slot_cancel(&s->disc.range_call);
	strmap_free(s->disc.range_partial, NULL);
	strmap_free(s->disc.deliverable, NULL);
	s->disc.range_partial = s->disc.deliverable = NULL;
}

static void request_range_page(shop *s);

static void on_range(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->disc.range_call, r))
		return;
	strmap *got = s->disc.range_partial;
	if (r->outcome == API_OK) {
		for (size_t i = 0; i < r->stores->n_stores; i++)
			if (r->stores->stores[i].store_id)
				strmap_put(got, r->stores->stores[i].store_id, s);
		if (r->stores->has_more && r->stores->n_stores > 0 &&
		    strmap_count(got) < SHOP_RANGE_MAX) {
			request_range_page(s);
			return;
		}
		if (!r->stores->has_more) {
			s->disc.deliverable = got;
			s->disc.range_partial = NULL;
		}
	} else if (problem_has_code(r->problem, "ADDRESS_OUT_OF_RANGE")) {
		s->disc.deliverable = got; /* no store delivers here: empty */
		s->disc.range_partial = NULL;
	}
	/* Otherwise (failure, too many stores) the range stays unknown: nothing is greyed for
	   it, and validation still reports ADDRESS_OUT_OF_RANGE. */
	strmap_free(s->disc.range_partial, NULL);
	s->disc.range_partial = NULL;
	shop_notify(s, SHOP_CHANGED_DISCOVERY | SHOP_CHANGED_BUSY);
}

static void request_range_page(shop *s)
{
	char filter[] = "delivery"; /* discovery's own spelling (contract §6 Q5) */
	discover_stores_request req = {
	    .location = s->disc.range_where,
	    .fulfillment_type = filter,
	    .limit = 100, /* the contract's maximum */
	    .has_limit = true,
	    .offset = (long long)strmap_count(s->disc.range_partial),
	    .has_offset = true,
	};
	api_slot_start(&s->disc.range_call, api_discover(s->api, &req, on_range, s));
}

/* Which stores deliver here does not depend on the query: asked once per location, with no
   query, in delivery mode only, after a search has answered. */
static void check_range(shop *s)
{
	if (s->disc.mode != SHOP_MODE_DELIVERY)
		return;
	bool same_place = s->disc.range_where.latitude == s->disc.where.latitude &&
			  s->disc.range_where.longitude == s->disc.where.longitude;
	if (same_place && (s->disc.deliverable || s->disc.range_call.call))
		return;
	forget_range(s);
	s->disc.range_where = s->disc.where;
	s->disc.range_partial = strmap_new();
	request_range_page(s);
}

bool shop_store_out_of_range(const shop *s, const store *st)
{
	return s->disc.mode == SHOP_MODE_DELIVERY && s->disc.deliverable && st &&
	       st->delivery_allowed && st->store_id &&
	       !strmap_get(s->disc.deliverable, st->store_id);
}

/* ------------------------------------------------------------------ results */

static void start_search(shop *s, bool append);

static void on_discovered(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->disc.call, r))
		return; /* a newer search replaced this one */
	unsigned changes = SHOP_CHANGED_DISCOVERY | SHOP_CHANGED_BUSY;
	s->disc.loading = false;
	if (r->outcome == API_OK) {
		bool got = r->stores->n_stores > 0;
		take_page(s, r->stores, s->disc.appending);
		s->disc.end = SHOP_SEARCH_ANSWERED;
		check_range(s); /* after an answer: a failing server is not asked twice */
		if (s->disc.want_all && s->disc.has_more && got)
			start_search(s, true);
		else
			s->disc.want_all = false;
	} else {
		/* A new search that failed must not leave the old query's stores under it; a
		   failed next page keeps the pages already shown. */
		if (!s->disc.appending)
			clear_results(s);
		s->disc.end = SHOP_SEARCH_FAILED;
		s->disc.want_all = false;
		shop_set_notice_from(s, r);
	}
	shop_notify(s, changes);
}

/* ------------------------------------------------------------------ searching */

static void start_search(shop *s, bool append)
{
	discover_stores_request req = {
	    .location = s->disc.where,
	    .query = s->disc.query && *s->disc.query ? s->disc.query : NULL,
	    /* No fulfillmentType filter: stores that cannot serve the mode stay listed and the
	       views grey them out (contract §4.7 UI guidance: grey out, don't hide). */
	    .limit = SHOP_DISCOVER_PAGE,
	    .has_limit = true,
	    .offset = append ? (long long)s->disc.n : 0,
	    .has_offset = true,
	};
	uv_timer_stop(s->disc.debounce);
	s->disc.debounce_armed = false;
	api_handle *call = api_discover(s->api, &req, on_discovered, s);
	api_slot_start(&s->disc.call, call);
	s->disc.appending = append;
	if (!append)
		s->disc.want_all = false;
	s->disc.loading = call != NULL;
	s->disc.end = SHOP_SEARCH_ANSWERED;
}

static void search_now(shop *s)
{
	start_search(s, false);
	shop_notify(s, SHOP_CHANGED_DISCOVERY | SHOP_CHANGED_BUSY);
}

static void on_debounce(uv_timer_t *timer)
{
	shop *s = timer->data;
	if (s)
		search_now(s);
}

void shop_discover_set_location(shop *s, location where)
{
	s->disc.where = where;
	s->disc.stale = true;
	search_now(s);
}

location shop_discover_location(const shop *s)
{
	return s->disc.where;
}

void shop_discover_set_query(shop *s, const char *query)
{
	const char *now = s->disc.query ? s->disc.query : "";
	if (strcmp(now, query ? query : "") == 0 && (s->disc.loading || s->disc.n))
		return;
	free(s->disc.query);
	s->disc.query = xstrdup(query);
	s->disc.stale = true;
	/* The answer in flight is for an older text: drop it now, not when the next starts. */
	api_slot_cancel(&s->disc.call);
	s->disc.loading = true;
	s->disc.end = SHOP_SEARCH_ANSWERED;
	s->disc.debounce_armed = true;
	uv_timer_start(s->disc.debounce, on_debounce, (uint64_t)s->debounce_ms, 0);
	shop_notify(s, SHOP_CHANGED_DISCOVERY | SHOP_CHANGED_BUSY);
}

const char *shop_discover_query(const shop *s)
{
	return s->disc.query ? s->disc.query : "";
}

void shop_discover_set_mode(shop *s, shop_mode mode)
{
	s->disc.mode = mode;
	search_now(s);
}

shop_mode shop_discover_mode(const shop *s)
{
	return s->disc.mode;
}

void shop_discover_refresh(shop *s)
{
	search_now(s);
}

bool shop_discover_stale(const shop *s)
{
	return s->disc.stale;
}

void shop_discover_search_now(shop *s)
{
	if (s->disc.stale && (s->disc.debounce_armed || !s->disc.loading))
		search_now(s);
}

void shop_discover_more(shop *s)
{
	/* A stale list's next page would be the new query's, appended to the old one's. */
	if (!s->disc.has_more || s->disc.loading || s->disc.stale)
		return;
	start_search(s, true);
	shop_notify(s, SHOP_CHANGED_DISCOVERY | SHOP_CHANGED_BUSY);
}

void shop_discover_all(shop *s)
{
	if (!s->disc.has_more)
		return;
	s->disc.want_all = true;
	shop_discover_more(s); /* while a page loads, its answer asks for the next */
}

size_t shop_discover_count(const shop *s)
{
	return s->disc.n;
}

const store *shop_discover_store(const shop *s, size_t index)
{
	return index < s->disc.n ? &s->disc.stores[index] : NULL;
}

long long shop_discover_total(const shop *s)
{
	return s->disc.total;
}

bool shop_discover_has_more(const shop *s)
{
	return s->disc.has_more;
}

shop_search_end shop_discover_end(const shop *s)
{
	return s->disc.end;
}

bool shop_discover_loading(const shop *s)
{
	return s->disc.loading;
}

bool shop_store_supports_mode(const store *st, shop_mode mode)
{
	return st && (mode == SHOP_MODE_PICKUP ? st->pickup_allowed : st->delivery_allowed);
}

bool shop_store_serves(const shop *s, const store *st, shop_mode mode)
{
	return shop_store_supports_mode(st, mode) &&
	       !(mode == SHOP_MODE_DELIVERY && shop_store_out_of_range(s, st));
}

shop_mode shop_mode_default(const shop *s, const store *st)
{
	shop_mode want = s->disc.mode;
	shop_mode other = want == SHOP_MODE_PICKUP ? SHOP_MODE_DELIVERY : SHOP_MODE_PICKUP;
	if (st && !shop_store_serves(s, st, want) && shop_store_serves(s, st, other))
		return other;
	return want;
}

static void on_open_ready(shop_menu *menu);

void shop_discovery_init(shop *s)
{
	s->disc.where = s->home;
	s->disc.mode = SHOP_MODE_DELIVERY;
	s->disc.debounce = xcalloc(1, sizeof *s->disc.debounce);
	uv_timer_init(s->loop, s->disc.debounce);
	s->disc.debounce->data = s;
	shop_menu_init(s, &s->open, on_open_ready);
}

static void on_timer_closed(uv_handle_t *handle)
{
	free(handle);
}

void shop_discovery_free(shop *s)
{
	api_slot_cancel(&s->disc.call);
	forget_range(s);
	uv_timer_stop(s->disc.debounce);
	s->disc.debounce->data = NULL;
	uv_close((uv_handle_t *)s->disc.debounce, on_timer_closed);
	s->disc.debounce = NULL;
	clear_results(s);
	free(s->disc.query);
	shop_menu_clear(&s->open);
}

/* ------------------------------------------------------------------ store and catalog set */

void shop_menu_init(shop *s, shop_menu *menu, void (*on_ready)(shop_menu *menu))
{
	memset(menu, 0, sizeof *menu);
	menu->owner = s;
	menu->on_ready = on_ready;
}

static void menu_forget(shop_menu *menu)
{
	api_slot_cancel(&menu->store_call);
	api_slot_cancel(&menu->catalog_call);
	free(menu->store_id);
	store_free(menu->st);
	free(menu->set_id);
	menu->store_id = menu->set_id = NULL;
	menu->st = NULL;
	menu->set = NULL;
}

void shop_menu_clear(shop_menu *menu)
{
	menu_forget(menu);
	shop_sets_prune(menu->owner);
}

bool shop_menu_loading(const shop_menu *menu)
{
	return menu->store_call.call || menu->catalog_call.call;
}

static void menu_attach(shop_menu *menu, const char *id, const catalog_set *set)
{
	menu->set = set;
	free(menu->set_id);
	menu->set_id = xstrdup(id);
	shop_sets_prune(menu->owner); /* the set this menu showed before may be unused now */
}

/* The cached set, parsed; a damaged entry is removed (it is fetched again). */
static catalog_set *set_from_cache(shop *s, const char *id)
{
	char err[512] = "";
	size_t len;
	char *text = catalog_cache_get(s->catalogs, id, &len, err, sizeof err);
	if (!text)
		return NULL;
	json_t *root = json_loadb(text, len, 0, NULL);
	free(text);
	json_err jerr;
	catalog_set *set = root ? catalog_set_from_json(root, &jerr) : NULL;
	json_decref(root);
	if (!set)
		catalog_cache_remove(s->catalogs, id, err, sizeof err);
	return set;
}

static void cache_store(shop *s, const char *id, const api_result *r)
{
	char *text = r->raw_json;
	char *owned = NULL;
	if (!text) {
		json_t *j = catalog_set_to_json(r->catalog_set);
		text = owned = jsonx_dumps(j);
		json_decref(j);
	}
	char err[512] = "";
	if (!catalog_cache_put(s->catalogs, id, text, strlen(text), err, sizeof err))
		shop_set_notice(s, err); /* the menu still works; the next open downloads again */
	free(owned);
}

static void on_catalog(api_result *r, void *user)
{
	shop_menu *menu = user;
	shop *s = menu->owner;
	if (!api_slot_finish(&menu->catalog_call, r))
		return;
	const char *id = menu->st->catalog_set_id;
	if (r->outcome == API_OK) {
		cache_store(s, id, r);
		const catalog_set *set = shop_set_add(s, id, r->catalog_set);
		r->catalog_set = NULL;
		menu_attach(menu, id, set);
	} else {
		shop_set_notice_from(s, r);
	}
	menu->on_ready(menu);
}

static void load_set(shop_menu *menu)
{
	shop *s = menu->owner;
	const char *id = menu->st->catalog_set_id;
	if (!id || !catalog_cache_id_valid(id)) {
		shop_set_notice(s, _("This store has no menu to show."));
		menu->on_ready(menu);
		return;
	}
	const catalog_set *set = shop_set_find(s, id);
	if (!set) {
		catalog_set *cached = set_from_cache(s, id);
		if (cached)
			set = shop_set_add(s, id, cached);
	}
	if (set) {
		menu_attach(menu, id, set);
		menu->on_ready(menu);
		return;
	}
	api_slot_start(&menu->catalog_call, api_catalog_set_get(s->api, id, on_catalog, menu));
}

static void on_store(api_result *r, void *user)
{
	shop_menu *menu = user;
	if (!api_slot_finish(&menu->store_call, r))
		return;
	if (r->outcome != API_OK) {
		shop_set_notice_from(menu->owner, r);
		menu->on_ready(menu);
		return;
	}
	store_free(menu->st);
	menu->st = r->store;
	r->store = NULL;
	load_set(menu);
}

void shop_menu_load(shop_menu *menu, const char *store_id)
{
	char *id = xstrdup(store_id); /* store_id may be menu->store_id */
	menu_forget(menu);
	menu->store_id = id;
	if (id)
		api_slot_start(&menu->store_call,
			       api_store_get(menu->owner->api, id, on_store, menu));
	shop_sets_prune(menu->owner);
}

void shop_menu_adopt(shop_menu *menu, const shop_menu *from)
{
	menu_forget(menu);
	menu->store_id = xstrdup(from->store_id);
	menu->st = store_copy(from->st);
	menu->set = from->set;
	menu->set_id = xstrdup(from->set_id);
	shop_sets_prune(menu->owner);
}

/* ------------------------------------------------------------------ the open store */

static void on_open_ready(shop_menu *menu)
{
	shop *s = menu->owner;
	unsigned changes = SHOP_CHANGED_STORE | SHOP_CHANGED_BUSY;
	changes |= shop_cart_follow_open(s);
	changes |= shop_reorder_menu_ready(s);
	changes |= shop_history_note_store(s, menu->st);
	shop_notify(s, changes);
}

void shop_open_store(shop *s, const char *store_id)
{
	shop_menu_load(&s->open, store_id);
	shop_notify(s, SHOP_CHANGED_STORE | SHOP_CHANGED_BUSY);
}

const store *shop_current_store(const shop *s)
{
	return s->open.st;
}

const catalog_set *shop_current_catalog(const shop *s)
{
	return s->open.set;
}

bool shop_store_loading(const shop *s)
{
	return shop_menu_loading(&s->open);
}

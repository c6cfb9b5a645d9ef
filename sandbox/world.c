/* The sandbox world: loading demo data, lookups, clock, open-now and store output. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sha256.h"
#include "world.h"

/* ------------------------------------------------------------------ freeing */

static void store_free_value(void *p)
{
	sbx_store *s = p;
	free(s->store_id);
	free(s->name);
	free(s->description);
	free(s->catalog_set_id);
	free(s->time_zone);
	str_list_clear(&s->categories);
	avail_list_clear(&s->availability);
	json_decref(s->extra.promotion);
	store_free(s->wire);
	free(s);
}

static void catalog_free_value(void *p)
{
	sbx_catalog_entry *e = p;
	free(e->catalog_set_id);
	json_decref(e->wire);
	catalog_set_free(e->set);
	free(e);
}

static void address_free(sbx_address *a)
{
	free(a->address_id);
	external_address_clear(&a->address);
	free(a->instructions);
	free(a->hash);
	free(a);
}

static void user_free_value(void *p)
{
	sbx_user *u = p;
	free(u->user_id);
	free(u->email);
	free(u->first_name);
	free(u->last_name);
	free(u->phone);
	free(u->partner_user_id);
	for (size_t i = 0; i < u->n_addresses; i++)
		address_free(u->addresses[i]);
	free(u->addresses);
	for (size_t i = 0; i < u->n_payments; i++)
		user_payment_response_free(u->payments[i]);
	free(u->payments);
	free(u->last_payment_id);
	free(u->last_user_address_id);
	free(u);
}

static void session_free_value(void *p)
{
	sbx_session *s = p;
	free(s->session_id);
	free(s->token);
	free(s->partner_user_id);
	free(s);
}

static void fulfillment_free_value(void *p)
{
	fulfillment_context_free(p);
}

static void order_free_value(void *p)
{
	sbx_order *o = p;
	free(o->order_id);
	json_decref(o->order);
	free(o->partner_user_id);
	free(o->user_id);
	free(o->cancel_reason);
	free(o);
}

static void idem_free_value(void *p)
{
	sbx_idem_entry *e = p;
	free(e->scope);
	free(e->response);
	free(e);
}

void world_free(sbx_world *w)
{
	strmap_free(w->stores, store_free_value);
	strmap_free(w->catalog_sets, catalog_free_value);
	strmap_free(w->users, user_free_value);
	strmap_free(w->sessions, session_free_value);
	strmap_free(w->fulfillment, fulfillment_free_value);
	strmap_free(w->orders, order_free_value);
	strmap_free(w->idempotency, idem_free_value);
	if (w->orders_ext && w->orders_ext_free)
		w->orders_ext_free(w->orders_ext);
	free(w->config.data_dir);
	free(w->config.api_key);
	free(w->config.cancel_reason);
	pthread_mutex_destroy(&w->lock);
	memset(w, 0, sizeof *w);
}

/* ------------------------------------------------------------------ clock */

static int64_t clock_ms(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t world_now_ms(const sbx_world *w)
{
	if (!w->config.clock_pinned)
		return clock_ms(CLOCK_REALTIME);
	if (w->config.clock_frozen)
		return w->config.pinned_ms;
	return w->config.pinned_ms + (clock_ms(CLOCK_MONOTONIC) - w->clock_origin_mono_ms);
}

time_t world_now(const sbx_world *w)
{
	return (time_t)(world_now_ms(w) / 1000);
}

void world_lock(sbx_world *w)
{
	pthread_mutex_lock(&w->lock);
}

void world_unlock(sbx_world *w)
{
	pthread_mutex_unlock(&w->lock);
}

/* ------------------------------------------------------------------ lookups */

/* GUID keys are stored lower-case; other ids (order ids, tokens) are looked up as given. */
static void *get_folded(const strmap *map, const char *id)
{
	if (!id)
		return NULL;
	char buf[128];
	size_t n = strlen(id);
	if (n >= sizeof buf)
		return strmap_get(map, id);
	for (size_t i = 0; i <= n; i++)
		buf[i] = (char)tolower((unsigned char)id[i]);
	return strmap_get(map, buf);
}

static char *lower_dup(const char *s)
{
	char *d = xstrdup(s);
	for (char *p = d; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

sbx_store *world_find_store(const sbx_world *w, const char *store_id)
{
	return get_folded(w->stores, store_id);
}

sbx_catalog_entry *world_find_catalog(const sbx_world *w, const char *catalog_set_id)
{
	return get_folded(w->catalog_sets, catalog_set_id);
}

sbx_user *world_find_user(const sbx_world *w, const char *user_id)
{
	return get_folded(w->users, user_id);
}

sbx_user *world_find_user_by_email(const sbx_world *w, const char *email)
{
	for (size_t i = 0; email && i < strmap_count(w->users); i++) {
		sbx_user *u = strmap_value_at(w->users, i);
		if (u->email && strcasecmp(u->email, email) == 0)
			return u;
	}
	return NULL;
}

sbx_session *world_find_session(const sbx_world *w, const char *token)
{
	return token ? strmap_get(w->sessions, token) : NULL;
}

sbx_order *world_find_order(const sbx_world *w, const char *order_id)
{
	return order_id ? strmap_get(w->orders, order_id) : NULL;
}

sbx_fulfillment *world_fulfillment(const sbx_world *w, const char *partner_user_id)
{
	return partner_user_id ? strmap_get(w->fulfillment, partner_user_id) : NULL;
}

/* ------------------------------------------------------------------ idempotency */

/* ------------------------------------------------------------------ bounded tables */

/* What one sweep of a table drops: expired entries, then up to `excess` of the oldest in
   the class `pass` selects. Tables are in insertion order, so the oldest come first. */
typedef struct sweep {
	int64_t now;
	int pass;	     /* 0: expired only; idempotency 1: failed answers, 2: any */
	size_t excess;	     /* live entries still to drop in this pass */
	int64_t next_expiry; /* the earliest expiry among the entries kept */
} sweep;

static bool keep_expiry(sweep *c, int64_t expiry)
{
	if (expiry < c->next_expiry)
		c->next_expiry = expiry;
	return false;
}

static bool session_drop(const char *key, void *value, void *user)
{
	(void)key;
	sweep *c = user;
	const sbx_session *s = value;
	if (c->now >= s->expires_ms)
		return true;
	if (c->excess > 0) {
		c->excess--;
		return true;
	}
	return keep_expiry(c, s->expires_ms);
}

static bool idem_drop(const char *key, void *value, void *user)
{
	(void)key;
	sweep *c = user;
	const sbx_idem_entry *e = value;
	int64_t expiry = e->created_ms + SBX_IDEMPOTENCY_TTL_MS;
	if (c->now >= expiry)
		return true;
	bool failed = e->status < 200 || e->status >= 300;
	if (c->excess > 0 && (c->pass == 2 || failed)) {
		c->excess--;
		return true;
	}
	return keep_expiry(c, expiry);
}

/* Live entries to drop so that one more fits under `max`, a sixteenth of it at once. */
static size_t excess_of(size_t count, size_t max)
{
	size_t batch = max / 16 ? max / 16 : 1;
	return count + batch > max ? count + batch - max : 0;
}

/* Makes room in `table` for one entry: a sweep when something has expired (*next_expiry,
   then updated) or the table is full. */
static void make_room(strmap *table, size_t max, int passes, int64_t now, int64_t *next_expiry,
		      bool (*drop)(const char *, void *, void *), void (*free_value)(void *))
{
	if (now < *next_expiry && strmap_count(table) < max)
		return;
	sweep c = {.now = now, .next_expiry = INT64_MAX};
	strmap_remove_if(table, drop, &c, free_value); /* the expired */
	for (int pass = 1; pass <= passes; pass++) {
		c.pass = pass;
		c.excess = excess_of(strmap_count(table), max);
		if (c.excess == 0)
			break;
		strmap_remove_if(table, drop, &c, free_value);
	}
	/* The earliest expiry of what is left (this pass drops nothing: none has expired). */
	c = (sweep){.now = now, .next_expiry = INT64_MAX};
	strmap_remove_if(table, drop, &c, free_value);
	*next_expiry = c.next_expiry;
}

size_t world_max_sessions(const sbx_world *w)
{
	return w->config.max_sessions ? w->config.max_sessions : SBX_DEFAULT_MAX_SESSIONS;
}

size_t world_max_idempotency(const sbx_world *w)
{
	return w->config.max_idempotency ? w->config.max_idempotency : SBX_DEFAULT_MAX_IDEMPOTENCY;
}

void world_add_session(sbx_world *w, sbx_session *s)
{
	make_room(w->sessions, world_max_sessions(w), 1, world_now_ms(w), &w->sessions_next_expiry,
		  session_drop, session_free_value);
	strmap_put(w->sessions, s->token, s);
	if (s->expires_ms < w->sessions_next_expiry)
		w->sessions_next_expiry = s->expires_ms;
}

const sbx_idem_entry *world_idem_find(const sbx_world *w, const char *slot)
{
	const sbx_idem_entry *e = strmap_get(w->idempotency, slot);
	return e && world_now_ms(w) - e->created_ms < SBX_IDEMPOTENCY_TTL_MS ? e : NULL;
}

void world_idem_digest(const char *request_body, char out[65])
{
	sha256_hex(request_body, strlen(request_body), out);
}

void world_idem_store(sbx_world *w, const char *slot, const char *request_body, int status,
		      const json_t *response)
{
	int64_t now = world_now_ms(w);
	/* An entry still under the slot has expired (find would have answered it): it goes with
	   the sweep, so the new one is stored as the newest. */
	if (strmap_get(w->idempotency, slot))
		w->idempotency_next_expiry = now;
	make_room(w->idempotency, world_max_idempotency(w), 2, now, &w->idempotency_next_expiry,
		  idem_drop, idem_free_value);
	sbx_idem_entry *e = xcalloc(1, sizeof *e);
	world_idem_digest(request_body, e->request_digest);
	e->scope = xstrdup(slot);
	char *bar = strchr(e->scope, '|');
	if (bar)
		*bar = '\0';
	e->status = status;
	e->response = json_dumps(response, JSON_COMPACT | JSON_ENCODE_ANY);
	e->created_ms = now;
	sbx_idem_entry *old = strmap_put(w->idempotency, slot, e);
	if (old) /* only when the clock went back past a kept entry's birth */
		idem_free_value(old);
	if (now + SBX_IDEMPOTENCY_TTL_MS < w->idempotency_next_expiry)
		w->idempotency_next_expiry = now + SBX_IDEMPOTENCY_TTL_MS;
}

/* ------------------------------------------------------------------ open now */

/* True when the catalog's own availability has a window containing `now` in `time_zone`. */
static bool sbx_catalog_is_open(const catalog *cat, const char *time_zone, time_t now)
{
	return cat && avail_is_open(&cat->availability, time_zone, now);
}

bool sbx_store_is_accepting(const sbx_world *w, const sbx_store *st, time_t now)
{
	if (st->extra.closed || !st->time_zone || !st->catalog_set_id)
		return false;
	const sbx_catalog_entry *entry = world_find_catalog(w, st->catalog_set_id);
	if (!entry || strmap_count(entry->set->catalogs) == 0)
		return false;
	return avail_is_open(&st->availability, st->time_zone, now);
}

static bool section_reaches(const catalog_set *set, const char *section_id, const char *item_id,
			    str_list *visited)
{
	if (str_list_contains(visited, section_id))
		return false; /* cycle guard */
	str_list_push(visited, section_id);
	const catalog_section *sec = catalog_find_section(set, section_id);
	if (!sec)
		return false;
	if (str_list_contains(&sec->item_ids, item_id))
		return true;
	for (size_t i = 0; i < sec->section_ids.n; i++)
		if (section_reaches(set, sec->section_ids.v[i], item_id, visited))
			return true;
	return false;
}

bool sbx_item_on_menu(const catalog_set *set, const char *item_id, const char *time_zone,
		      time_t now)
{
	for (size_t c = 0; c < strmap_count(set->catalogs); c++) {
		const catalog *cat = strmap_value_at(set->catalogs, c);
		if (time_zone && !sbx_catalog_is_open(cat, time_zone, now))
			continue;
		str_list visited = {0};
		bool found = false;
		for (size_t s = 0; s < cat->section_ids.n && !found; s++)
			found = section_reaches(set, cat->section_ids.v[s], item_id, &visited);
		str_list_clear(&visited);
		if (found)
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------ store output */

/* Thresholds for the synthetic categories (§3.2); documented in docs/sandbox.md. */
#define POPULAR_MIN_RATING  4.5
#define SAVINGS_MIN_PERCENT 10.0

store *sbx_store_served(const sbx_world *w, const sbx_store *st, time_t now, const double from[2])
{
	store *o = store_copy(st->wire);
	o->is_accepting_orders = sbx_store_is_accepting(w, st, now);
	o->has_is_accepting_orders = true;
	str_list_copy(&o->categories, &st->categories);
	if (st->rating >= POPULAR_MIN_RATING)
		str_list_push(&o->categories, "Popular");
	if (st->has_savings && st->savings >= SAVINGS_MIN_PERCENT)
		str_list_push(&o->categories, "Savings");
	if (st->extra.exclusive && !(st->has_savings && st->savings > 0))
		str_list_push(&o->categories, "Exclusive");
	if (from && st->has_location) {
		double d = sbx_haversine_miles(from[0], from[1], st->latitude, st->longitude);
		o->distance_miles = round(d * 100.0) / 100.0;
		o->has_distance_miles = true;
	}
	return o;
}

/* ------------------------------------------------------------------ geocoding */

static bool nonempty_field(const char *s)
{
	if (!s)
		return false;
	while (isspace((unsigned char)*s))
		s++;
	return *s != '\0';
}

static bool same_field(const char *x, const char *y)
{
	return x && y && strcasecmp(x, y) == 0;
}

/* `known` is located and has the postal code (pass 0) or city and state (pass 1) of `a`. */
static bool anchors(const external_address *known, const external_address *a, int pass,
		    double out[2])
{
	if (!known || !known->location)
		return false;
	bool match = pass == 0
			 ? same_field(known->postal_code, a->postal_code)
			 : same_field(known->city, a->city) && same_field(known->state, a->state);
	if (match) {
		out[0] = known->location->latitude;
		out[1] = known->location->longitude;
	}
	return match;
}

/* Finds a known located address with the same postal code (pass 0) or city+state (pass 1). */
static bool find_anchor(const sbx_world *w, const external_address *address, int pass,
			double out[2])
{
	for (size_t i = 0; i < strmap_count(w->stores); i++) {
		const sbx_store *s = strmap_value_at(w->stores, i);
		if (anchors(s->wire->address, address, pass, out))
			return true;
	}
	for (size_t i = 0; i < strmap_count(w->users); i++) {
		const sbx_user *u = strmap_value_at(w->users, i);
		for (size_t k = 0; k < u->n_addresses; k++)
			if (anchors(&u->addresses[k]->address, address, pass, out))
				return true;
	}
	return false;
}

bool sbx_geocode(const sbx_world *w, const external_address *address, double out[2])
{
	if (!address || !nonempty_field(address->address1) || !nonempty_field(address->city) ||
	    !nonempty_field(address->postal_code) || !nonempty_field(address->state))
		return false;
	double anchor[2];
	if (!find_anchor(w, address, 0, anchor) && !find_anchor(w, address, 1, anchor))
		return false;
	/* Deterministic nudge (< 0.004 degrees, about 0.28 mi) so streets differ. */
	char *street = lower_dup(address->address1);
	uint8_t d[SHA256_DIGEST_LEN];
	sha256(street, strlen(street), d);
	free(street);
	out[0] = anchor[0] + ((int)d[0] - 128) / 128.0 * 0.002;
	out[1] = anchor[1] + ((int)d[1] - 128) / 128.0 * 0.002;
	return true;
}

/* Whether an item can be ordered now, and when it can (contract §4.4). */
#include "rules/orderable.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"
#include "base/arena.h"
#include "base/i18n.h"

/* Sections nested deeper than this are not followed (a cycle stops at the visited set). */
#define ORDERABLE_MAX_DEPTH 32

/* Built once per set and clock minute for every item listed (10,000 on a big menu), and freed
   whole: entries and their ids live in one arena. */
struct orderable_map {
	strmap *by_id; /* item id -> orderable; keys and values in mem */
	arena *mem;
};

typedef struct walk {
	const catalog_set *set;
	orderable_map *map;
	strmap *seen; /* sections visited for the current catalog */
	const avail_status *status;
} walk;

static void merge(orderable *o, const avail_status *st)
{
	if (avail_status_is_open(st)) {
		o->state = ORDERABLE_NOW;
		o->has_opens = false;
		return;
	}
	if (o->state == ORDERABLE_NOW || st->state != AVAIL_CLOSED)
		return;
	if (!o->has_opens || st->change < o->opens.change) {
		o->opens = *st;
		o->has_opens = true;
		o->state = ORDERABLE_LATER;
	}
}

static void visit_item(walk *w, const char *item_id)
{
	if (!catalog_find_item(w->set, item_id))
		return;
	orderable *o = strmap_get(w->map->by_id, item_id);
	if (!o) {
		o = arena_alloc(w->map->mem, sizeof *o);
		o->state = ORDERABLE_NEVER;
		strmap_put(w->map->by_id, arena_strdup(w->map->mem, item_id), o);
	}
	merge(o, w->status);
}

static void visit_section(walk *w, const char *section_id, int depth)
{
	if (depth > ORDERABLE_MAX_DEPTH || strmap_get(w->seen, section_id))
		return;
	const catalog_section *s = catalog_find_section(w->set, section_id);
	if (!s)
		return;
	strmap_put(w->seen, section_id, w);
	for (size_t i = 0; i < s->item_ids.n; i++)
		visit_item(w, s->item_ids.v[i]);
	for (size_t i = 0; i < s->section_ids.n; i++)
		visit_section(w, s->section_ids.v[i], depth + 1);
}

static bool store_closed(const store *st)
{
	return st && st->has_is_accepting_orders && !st->is_accepting_orders;
}

/* The store does not take orders: it decides, and its hours say when it opens. */
static void apply_store(orderable *o, const store *st, const char *zone, time_t now)
{
	if (o->state == ORDERABLE_NEVER)
		return; /* the store opening does not make it orderable: it stays "not available" */
	avail_status ss = avail_next_change(&st->availability, zone, now);
	if (ss.state == AVAIL_CLOSED &&
	    (!(o->state == ORDERABLE_LATER && o->has_opens) || ss.change > o->opens.change)) {
		o->opens = ss;
		o->has_opens = true;
	} else if (ss.state == AVAIL_UNPUBLISHED) {
		/* No store hours: a menu's opening is not the store's. */
		o->has_opens = false;
		o->no_store_hours = true;
	} else if (ss.state != AVAIL_CLOSED && o->state != ORDERABLE_LATER) {
		o->has_opens = false;
	}
	o->state = ORDERABLE_STORE_CLOSED;
}

orderable_map *orderable_map_new(const catalog_set *set, const store *st, const char *zone,
				 time_t now)
{
	orderable_map *map = xmalloc(sizeof *map);
	map->by_id = strmap_new_borrowing();
	map->mem = arena_new(0);
	size_t n = set ? strmap_count(set->catalogs) : 0;
	for (size_t i = 0; i < n; i++) {
		const catalog *c = strmap_value_at(set->catalogs, i);
		avail_status status = avail_next_change(&c->availability, zone, now);
		walk w = {set, map, strmap_new(), &status};
		for (size_t j = 0; j < c->section_ids.n; j++)
			visit_section(&w, c->section_ids.v[j], 0);
		strmap_free(w.seen, NULL);
	}
	if (store_closed(st))
		for (size_t i = 0; i < strmap_count(map->by_id); i++)
			apply_store(strmap_value_at(map->by_id, i), st, zone, now);
	return map;
}

orderable orderable_map_get(const orderable_map *map, const char *item_id)
{
	const orderable *o = map && item_id ? strmap_get(map->by_id, item_id) : NULL;
	return o ? *o : (orderable){.state = ORDERABLE_NOT_LISTED};
}

void orderable_map_free(orderable_map *map)
{
	if (!map)
		return;
	strmap_free(map->by_id, NULL);
	arena_free(map->mem);
	free(map);
}

orderable orderable_item(const catalog_set *set, const char *item_id, const store *st,
			 const char *zone, time_t now)
{
	orderable_map *map = orderable_map_new(set, st, zone, now);
	orderable o = orderable_map_get(map, item_id);
	orderable_map_free(map);
	return o;
}

bool orderable_is_now(const orderable *o)
{
	return o->state == ORDERABLE_NOW;
}

/* "opens 11:00", "opens Tomorrow 07:00", "opens Mon 08:00": beside a price, which may itself
   say "from $4.25", so not "from 11:00". */
static const char *opens_text(const avail_status *st, char *buf, size_t n)
{
	char time[16];
	avail_format_time(st->change_time, time, sizeof time);
	if (st->days_ahead == 0)
		snprintf(buf, n, _("opens %s"), time);
	else if (st->days_ahead == 1)
		snprintf(buf, n, _("opens Tomorrow %s"), time);
	else
		snprintf(buf, n, _("opens %s %s"), avail_day_abbrev(st->change_day), time);
	return buf;
}

const char *orderable_text(const orderable *o, char *buf, size_t n)
{
	char opens[64];
	switch (o->state) {
	case ORDERABLE_NOW:
		snprintf(buf, n, "%s", "");
		break;
	case ORDERABLE_LATER:
		opens_text(&o->opens, buf, n);
		break;
	case ORDERABLE_STORE_CLOSED:
		if (o->has_opens)
			snprintf(buf, n, _("store closed · %s"),
				 opens_text(&o->opens, opens, sizeof opens));
		else if (o->no_store_hours)
			snprintf(buf, n, "%s", _("store closed · no hours published"));
		else
			snprintf(buf, n, "%s", _("store closed"));
		break;
	case ORDERABLE_NEVER:
		snprintf(buf, n, "%s", _("not available"));
		break;
	case ORDERABLE_NOT_LISTED:
		snprintf(buf, n, "%s", _("not on a menu"));
		break;
	}
	return buf;
}

/* "… can be ordered from 11:00." (today), "from 07:00 tomorrow.", "from Mon 08:00.". */
static void later_reason(const avail_status *st, const char *name, char *buf, size_t n)
{
	char time[16];
	avail_format_time(st->change_time, time, sizeof time);
	if (st->days_ahead == 0)
		snprintf(buf, n, _("Not available now: %s can be ordered from %s."), name, time);
	else if (st->days_ahead == 1)
		snprintf(buf, n, _("Not available now: %s can be ordered from %s tomorrow."), name,
			 time);
	else
		snprintf(buf, n, _("Not available now: %s can be ordered from %s %s."), name,
			 avail_day_abbrev(st->change_day), time);
}

const char *orderable_reason(const orderable *o, const char *item_name, char *buf, size_t n)
{
	char opens[64];
	const char *name = item_name ? item_name : _("This item");
	switch (o->state) {
	case ORDERABLE_NOW:
		snprintf(buf, n, "%s", "");
		break;
	case ORDERABLE_LATER:
		later_reason(&o->opens, name, buf, n);
		break;
	case ORDERABLE_STORE_CLOSED:
		if (o->has_opens)
			snprintf(buf, n, _("Not available now: the store is closed (%s)."),
				 opens_text(&o->opens, opens, sizeof opens));
		else if (o->no_store_hours)
			snprintf(
			    buf, n, "%s",
			    _("Not available now: the store is not taking orders and publishes "
			      "no hours."));
		else
			snprintf(buf, n, "%s",
				 _("Not available now: the store is not taking orders."));
		break;
	case ORDERABLE_NEVER:
		snprintf(buf, n, _("Not available: no menu with %s is open this week."), name);
		break;
	case ORDERABLE_NOT_LISTED:
		snprintf(buf, n, _("Not available: %s is not on any menu."), name);
		break;
	}
	if (n > 0) /* a long name cut at the buffer: between characters */
		str_trim_partial_utf8(buf);
	return buf;
}

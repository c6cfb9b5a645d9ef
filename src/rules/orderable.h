/*
 * Whether an item can be ordered now (contract §4.4): it must be listed, through its
 * sections, by at least one catalog open now (in the store's time zone), and the store must
 * be taking orders (Store.isAcceptingOrders, when the store is known). When it cannot, when
 * it can: the soonest opening of a catalog that lists it (or of the store).
 *
 * One rule for the menu rows, the picker, and the shop's refusal to add (shop_cart_add), so
 * a line the screen shows as unavailable can never be added by another path.
 */
#ifndef GETT_ORDERABLE_H
#define GETT_ORDERABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "rules/availability.h"
#include "wire/catalog.h"
#include "base/collections.h"
#include "wire/store.h"

typedef enum orderable_state {
	ORDERABLE_NOW,		/* a catalog listing it is open, and the store takes orders */
	ORDERABLE_LATER,	/* every catalog listing it is closed now; `opens` says when */
	ORDERABLE_STORE_CLOSED, /* the store is not taking orders now; `opens` when known */
	ORDERABLE_NEVER,	/* no catalog listing it opens within a week (or hours unknown) */
	ORDERABLE_NOT_LISTED,	/* no catalog lists it (an unknown id, or only a modifier option) */
} orderable_state;

typedef struct orderable {
	orderable_state state;
	bool has_opens;	     /* LATER, STORE_CLOSED: `opens` is the soonest opening */
	bool no_store_hours; /* STORE_CLOSED: the store publishes no hours (none known) */
	avail_status opens;  /* state AVAIL_CLOSED, with change/change_day/change_time/days_ahead */
} orderable;

/*
 * Every item the set's catalogs list: item id -> orderable (free with orderable_map_free; it
 * holds copies of the ids, so it may outlive the set). `st` is the store (NULL offline: only
 * the catalogs count); `zone` the zone the hours are in (the store's online, the local one
 * offline).
 */
typedef struct orderable_map orderable_map;
orderable_map *orderable_map_new(const catalog_set *set, const store *st, const char *zone,
				 time_t now);
/* The item's state in the map; ORDERABLE_NOT_LISTED when absent (or map is NULL). */
orderable orderable_map_get(const orderable_map *map, const char *item_id);
void orderable_map_free(orderable_map *map); /* NULL is allowed */

/* One item (walks the whole set: use a map for many). */
orderable orderable_item(const catalog_set *set, const char *item_id, const store *st,
			 const char *zone, time_t now);
bool orderable_is_now(const orderable *o);

/*
 * Short words for a row, translated: "opens 11:00" (later today), "opens Tomorrow 07:00",
 * "opens Mon 08:00", "store closed", "store closed · opens Mon 08:00", "store closed · no hours
 * published" (a store without hours: its menus' hours do not say when it opens), "not available",
 * "not on a menu"; "" when orderable now.
 */
const char *orderable_text(const orderable *o, char *buf, size_t n);
/* A sentence for the status line: "Not available now: Lunch Special can be ordered from
   11:00." Empty when orderable now. */
const char *orderable_reason(const orderable *o, const char *item_name, char *buf, size_t n);

#endif

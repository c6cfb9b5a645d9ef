/*
 * The client's own record of the orders it placed (the API has no order list): one file per
 * (API base URL, user) under $XDG_STATE_HOME/gett-tui/orders/, named like the cart file (a
 * name-based UUID of the two, stored inside and checked on load), written atomically (file.h),
 * 0600 in a 0700 directory.
 *
 * Each record keeps what the user saw when ordering: the store (id, name, time zone), when it
 * was placed, the lines as ordered (the ids, for reordering, with names, options, quantities and
 * prices as shown), the amounts exactly as the server returned them (amounts.raw), the
 * fulfillment (delivery address or pickup), the ids (gettOrderId, Idempotency-Key) and the last
 * status read. A record is known by its Idempotency-Key: adding the same key again replaces it.
 *
 * Bounded: the newest ORDER_HISTORY_MAX records (by placed time) are kept, older ones dropped
 * when a record is added. A damaged file is renamed to *.corrupt and the history starts empty;
 * nothing here ever fails on what a file contains. What makes the history agree with the place
 * journal is the shop's (docs/client.md "Order history").
 */
#ifndef GETT_ORDER_HISTORY_H
#define GETT_ORDER_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "base/collections.h"
#include "base/money.h"
#include "wire/cart.h"
#include "wire/order.h"
#include "wire/store.h"

/* Records kept per base URL and user. */
#define ORDER_HISTORY_MAX 200

typedef struct order_history order_history;

/* One line as ordered. */
typedef struct order_history_line {
	line_item line;	  /* the ids and quantities sent (reorder starts from them) */
	char *name;	  /* the item's name as shown; NULL when it was not known */
	str_list options; /* the chosen options as shown ("Large", "Extra cheese ×2") */
	money unit_price; /* the client's price as shown (has_price) */
	money line_total;
	bool has_price;
} order_history_line;

typedef struct order_history_entry {
	char *idempotency_key; /* required: the record's identity */
	char *gett_order_id;   /* NULL when the server said placed but it could not be read */
	char *partner_order_id;
	char *store_id;
	char *store_name; /* NULL when not known */
	char *time_zone;  /* the store's IANA zone; NULL when not known */
	char *catalog_set_id;
	time_t placed_at;
	order_history_line *lines;
	size_t n_lines;
	amounts *amounts;	   /* as the server returned them (raw kept); NULL when unknown */
	char *fulfillment_type;	   /* FULFILLMENT_DELIVERY / FULFILLMENT_PICKUP, verbatim */
	external_address *address; /* delivery: where to; NULL for pickup */
	char *instructions;	   /* courier instructions; may be NULL */
	char *payment_label;	   /* "Visa ···· 4242"; never a token; may be NULL */
	/* The last status read (GET /orders/{orderId}, §4.5); NULL until one was read. */
	char *state;	     /* open | completed | cancelled */
	char *status;	     /* pending … inTransit */
	char *cancel_reason; /* cancelled only */
	time_t status_at;    /* when it was read; 0 when never */
} order_history_entry;

/*
 * Opens the history of (base_url, user) and reads it. dir NULL: $XDG_STATE_HOME/gett-tui/orders
 * (created 0700 on the first write). A trailing '/' on base_url does not make another history.
 * NULL (err set) only when no directory can be named; a file that cannot be read or is damaged
 * opens an empty history and says so in `problem` (problem[0] '\0' otherwise): damaged files are
 * set aside as *.corrupt first.
 */
order_history *order_history_open(const char *dir, const char *base_url, const char *user,
				  char *problem, size_t problem_len, char *err, size_t err_len);
void order_history_close(order_history *h);
const char *order_history_path(const order_history *h);
/* Records kept from now on (tests lower it); 0 = ORDER_HISTORY_MAX. */
void order_history_set_limit(order_history *h, size_t limit);

/* Records, newest placed first. The pointers stay valid until the next call that changes the
   history (add, set_status). */
size_t order_history_count(const order_history *h);
const order_history_entry *order_history_at(const order_history *h, size_t index);
/* The record with this Idempotency-Key, or with this gettOrderId; NULL when none. */
const order_history_entry *order_history_find(const order_history *h, const char *key);
const order_history_entry *order_history_find_order(const order_history *h,
						    const char *gett_order_id);

/*
 * Adds a copy of `e` (replacing the record with the same key), keeps the newest limit records
 * and writes the file atomically; the file is read again first, so records another running
 * gett-tui added meanwhile are kept. False (err set, the history in memory unchanged) when `e`
 * has no key or the file cannot be written.
 */
bool order_history_add(order_history *h, const order_history_entry *e, char *err, size_t err_len);
/* Records the status read for the order with this gettOrderId (copies; NULLs clear) and writes
   the file when something changed. False (err set) when there is no such record or on a write
   error. */
bool order_history_set_status(order_history *h, const char *gett_order_id, const char *state,
			      const char *status, const char *cancel_reason, time_t at, char *err,
			      size_t err_len);

/* Fills in the store's name and zone on the records of store_id that lack them (recorded while
   the store was not loaded: from the journal alone); writes the file when something changed,
   and says so in *changed. False (err set) on a write error. */
bool order_history_set_store(order_history *h, const char *store_id, const char *name,
			     const char *time_zone, bool *changed, char *err, size_t err_len);

void order_history_entry_copy(order_history_entry *dst, const order_history_entry *src);
void order_history_entry_clear(order_history_entry *e);
void order_history_line_clear(order_history_line *l);

#endif

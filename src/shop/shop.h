/*
 * The shop: the client-side model of one ordering session, between the API
 * client (api.h) and the views. Data flows one way: network -> shop -> views.
 * Views read the shop's state through the accessors below and ask it to act
 * (search, open a store, change the cart, validate, place); they never see
 * curl, JSON or the API client. Every change is announced through one callback
 * with a bit set saying what changed, so a view redraws what it shows.
 *
 * What the shop guarantees:
 * - Search as you type: a new query cancels the one in flight; a stale response
 *   never overwrites a newer one. Paging appends.
 * - The cart is client-owned: saved atomically on every change (cart_file.h,
 *   per API base URL and user) and restored at start; when its catalog set has
 *   changed meanwhile, every line is re-checked and the ones no longer
 *   available are reported (shop_cart_stale_lines), never silently dropped.
 * - Catalog sets come from the disk cache (catalog_cache.h) when present.
 * - Checkout validates on entry and on every change; the server's Amounts are the
 *   only money shown as final. Before placing, it re-validates when the last
 *   validation is older than 14 minutes or the tip changed since.
 * - Place is exactly once: the Idempotency-Key and body are journaled before the
 *   request is sent; retries reuse the key; at start-up an unfinished journal
 *   entry for the cart on screen is replayed with the same key
 *   (shop_resume_pending); one for another cart waits for the user's decision
 *   (shop_unsettled_*). A changed cart means a new key. ORDER_TOTAL_DIFFERENT
 *   re-validates and asks for a fresh confirmation (SHOP_PLACE_NEEDS_CONFIRMATION),
 *   never re-places silently. Every state: docs/checkout.md.
 */
#ifndef GETT_SHOP_H
#define GETT_SHOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <uv.h>

#include "net/api.h"
#include "persist/order_history.h"
#include "wire/cart.h"
#include "wire/catalog.h"
#include "base/money.h"
#include "wire/order.h"
#include "rules/orderable.h"
#include "wire/store.h"

typedef struct shop shop;

/* Stores per discovery page (contract §2.5 allows up to 100; 20 fills a screen or two). */
#define SHOP_DISCOVER_PAGE 20
/* Saved addresses and cards asked for per page (the sandbox's default page, §3.8). */
#define SHOP_SAVED_PAGE 50
/* validatedOrderToken expires after 15 minutes (§6 Q7): re-validate after 14. */
#define SHOP_VALIDATION_MAX_AGE_MS (14LL * 60 * 1000)

/* What changed, for shop_settings.on_change. */
enum shop_change {
	SHOP_CHANGED_DISCOVERY = 1u << 0, /* results, loading flag or discovery error */
	SHOP_CHANGED_STORE = 1u << 1,	  /* the open store or its catalog set */
	SHOP_CHANGED_CART = 1u << 2,	  /* lines, quantities, stale lines */
	SHOP_CHANGED_CHECKOUT = 1u << 3,  /* choices, validation state, amounts, line errors */
	SHOP_CHANGED_ORDER = 1u << 4,	  /* placing, placed order, its status */
	SHOP_CHANGED_BUSY = 1u << 5,	  /* calls in flight or a retry countdown changed */
	SHOP_CHANGED_NOTICE = 1u << 6,	  /* a new message for the status line */
	SHOP_CHANGED_HISTORY = 1u << 7,	  /* the order history, the order open in it, a reorder */
	SHOP_CHANGED_ACCOUNT = 1u << 8,	  /* session/me, a phone or address being saved */
};

/*
 * What the user can choose at checkout: the config profile's entries (copied from the
 * settings), then the user's saved addresses and cards from the server (contract §2.12).
 * Those are fetched once the session can be identified: at shop_new() when settings.user
 * names a user, else at the first shop_checkout_begin(); again only after a failure. An
 * anonymous session (SESSION_USER_REQUIRED) quietly keeps the config's entries; another
 * failure sets the notice and never blocks checkout. Server entries equal to a config entry
 * (same paymentId; same address1 and postalCode) are left out. When they arrive the views
 * hear SHOP_CHANGED_CHECKOUT; a choice already made stays chosen.
 */
typedef struct shop_address {
	char *label; /* "home"; "saved" (translated) for the server's, which have no name */
	external_address address;
	char *instructions; /* may be NULL */
} shop_address;

typedef struct shop_payment {
	char *label;	   /* "visa 4242"; the server's read "Visa ···· 4242 (exp 09/2028)" */
	payment_info info; /* cardOnFile token or savedCard id */
} shop_payment;

typedef struct shop_settings {
	uv_loop_t *loop;
	api_client *api; /* not owned; must outlive the shop */
	const char *base_url;
	/* Who the cart belongs to (partnerUserId or email; "anonymous" when none). */
	const char *user;
	/* The configuration file, named in sentences that say what to set (copied); NULL:
	   they say "your gett-tui configuration file". */
	const char *config_path;
	/* Directories; NULL = the XDG defaults (state for journal and carts, cache for catalogs).
	   Given, they stand for $XDG_STATE_HOME/gett-tui and $XDG_CACHE_HOME/gett-tui: the
	   journal is <state_dir>/journal, carts <state_dir>/carts, catalogs <cache_dir>/catalogs
	   (the order history <state_dir>/orders, the account's choices <state_dir>/account).
	 */
	const char *state_dir;
	const char *cache_dir;
	unsigned long long catalog_cache_bytes; /* 0 = default */
	location home;				/* where discovery starts */
	const shop_address *addresses;		/* copied */
	size_t n_addresses;
	const shop_payment *payments; /* copied */
	size_t n_payments;
	const external_customer *customer; /* sent on orders with API-key auth; may be NULL */
	long search_debounce_ms;	   /* 0 = 250 */
	/* Re-validate before placing when the last validation is older (uv_now milliseconds);
	   0 = SHOP_VALIDATION_MAX_AGE_MS. Tests shorten it. */
	long long validation_max_age_ms;
	/* Saved addresses and cards asked for per page; 0 = SHOP_SAVED_PAGE. Tests shorten it. */
	long saved_page_limit;
	void (*on_change)(shop *s, unsigned changes, void *user);
	void *user_data;
	/* The clock hours are checked against (shop_cart_add refuses items not orderable now,
	   orderable.h); called with user_data. NULL = time(NULL). */
	time_t (*now)(void *user);
} shop_settings;

/* NULL with a message when the state/cache directories can't be used. Restores the saved
   cart (a problem with it is in shop_notice(); no callback yet) and starts checking it. */
shop *shop_new(const shop_settings *settings, char *err, size_t err_len);
/* Cancels everything; never calls back afterwards. A place in flight stays journaled (the
   next start replays it). Run the loop afterwards: a timer is closed asynchronously. */
void shop_free(shop *s);

/* ------------------------------------------------------------------ a local shop */

/*
 * Offline browsing (`gett-tui --catalog FILE`): a shop over one catalog set read from a file,
 * with no network, no files of its own and checkout off. It answers every accessor: its set
 * is the current catalog (with no store), discovery and the cart stay empty, nothing is ever
 * busy, and it never calls back. Views ask shop_can_check_out before they offer the cart;
 * shop_cart_add and shop_cart_replace refuse (SHOP_CART_INVALID), and the calls that go to
 * the network (search, shop_open_store, checkout, placing) must not be made on it.
 */
typedef struct shop_local_settings {
	uv_loop_t *loop;       /* the loop the shop's idle timer belongs to */
	catalog_set *set;      /* taken: shop_free frees it (NULL: nothing to browse) */
	const char *file;      /* where the set was read (copied): the menu's title names it */
	size_t lint_errors;    /* the errors `gett-tui lint FILE` reports: the menu says so */
	const char *time_zone; /* IANA zone the catalogs' hours are read in (copied) */
	/* The clock, as shop_settings.now (called with user_data); NULL = time(NULL). */
	time_t (*now)(void *user);
	void *user_data;
} shop_local_settings;

/* Never NULL. Run the loop after shop_free, as for shop_new. */
shop *shop_new_local(const shop_local_settings *settings);
/* Whether the shop can take a cart to checkout: false for a local shop. */
bool shop_can_check_out(const shop *s);
/* A local shop's file and the lint errors of its set; NULL and 0 for any other shop. */
const char *shop_catalog_file(const shop *s);
size_t shop_catalog_lint_errors(const shop *s);
/* The zone the hours of the current catalog set are read in: the open store's, or a local
   shop's own; NULL while the store is loading. */
const char *shop_current_time_zone(const shop *s);

/* ------------------------------------------------------------------ busy, notices */

/* Calls in flight, plus a search waiting for its debounce (for the spinner and the headless
   `wait`). */
size_t shop_busy(const shop *s);
/* The first call waiting to retry, for "retrying in 4 s"; false when none. */
bool shop_retry_state(const shop *s, api_retry_state *out);
/* Cancels the calls in flight that the user is waiting for (Esc); returns whether there
   was one. A place request is never among them: once sent it cannot be called back. */
bool shop_cancel_pending(shop *s);
/* The latest message for people (an error or an info sentence, without ids), or NULL. */
const char *shop_notice(const shop *s);
/* The support detail of that notice when a failed call caused it, "support: request
   req_1 · trace 4bf9…" (either id alone when the server sent one), else NULL. Views show it
   once, dimmed, under the full message; it never goes to the status line. */
const char *shop_notice_support(const shop *s);
/* shop_settings.config_path (copied), or NULL. */
const char *shop_config_path(const shop *s);

/* ------------------------------------------------------------------ discovery */

typedef enum shop_mode { SHOP_MODE_DELIVERY, SHOP_MODE_PICKUP } shop_mode;

void shop_discover_set_location(shop *s, location where);
location shop_discover_location(const shop *s);
/* Debounced: the request starts search_debounce_ms after the last change. */
void shop_discover_set_query(shop *s, const char *query);
const char *shop_discover_query(const shop *s);
void shop_discover_set_mode(shop *s, shop_mode mode); /* starts a new search at once */
shop_mode shop_discover_mode(const shop *s);
void shop_discover_refresh(shop *s);
/* True while the stores listed answer an older query or place than the current one (they
   stay listed until the new answer replaces them): Enter must not open one of them. */
bool shop_discover_stale(const shop *s);
/* A stale list's answer sooner: sends the search waiting for its debounce at once, or
   searches again when it was stopped; nothing when not stale or the answer is on its way. */
void shop_discover_search_now(shop *s);
/* Loads the next page when there is one, none is loading and the list is not stale. */
void shop_discover_more(shop *s);
/* Loads every page left, one after the other (the last store is asked for); a new search or
   a failed page stops it. */
void shop_discover_all(shop *s);

size_t shop_discover_count(const shop *s);
const store *shop_discover_store(const shop *s, size_t index);
long long shop_discover_total(const shop *s);
bool shop_discover_has_more(const shop *s);
bool shop_discover_loading(const shop *s);
/* How the last search ended, for what an empty list says. */
typedef enum shop_search_end {
	SHOP_SEARCH_ANSWERED, /* results (possibly none), or still loading */
	SHOP_SEARCH_FAILED,   /* the call failed: shop_notice() says why; no stale results kept */
	SHOP_SEARCH_STOPPED,  /* shop_cancel_pending() stopped it */
} shop_search_end;
shop_search_end shop_discover_end(const shop *s);
/* True when the store can serve the current mode (the views grey out the others). */
bool shop_store_supports_mode(const store *st, shop_mode mode);
/* Delivery mode: true when the store delivers but not to the search location (the
   server's delivery-filtered discovery leaves it out). False while that is unknown. */
bool shop_store_out_of_range(const shop *s, const store *st);
/* The store offers the mode and, for delivery, is not known to be out of range. */
bool shop_store_serves(const shop *s, const store *st, shop_mode mode);

/* ------------------------------------------------------------------ store and catalog */

/* Fetches the store (never cached: open state changes) and then its catalog set. */
void shop_open_store(shop *s, const char *store_id);
const store *shop_current_store(const shop *s);		/* NULL while loading */
const catalog_set *shop_current_catalog(const shop *s); /* NULL while loading */
bool shop_store_loading(const shop *s);

/* ------------------------------------------------------------------ cart */

typedef enum shop_cart_result {
	SHOP_CART_OK,
	SHOP_CART_OTHER_STORE, /* the cart holds another store's lines: ask, then force */
	SHOP_CART_INVALID,     /* the line breaks the modifier rules or is unknown */
} shop_cart_result;

/* Takes ownership of *line whatever the result (it is left zeroed). The line is checked
   first (the open store's menu, the modifier rules, its price, and that it is orderable now:
   orderable.h, by settings.now); only a line that would be added gets SHOP_CART_OTHER_STORE,
   so a cart is never emptied for a line that is refused anyway. `force` then empties a cart
   of another store first. SHOP_CART_INVALID sets shop_notice() to the reason. */
shop_cart_result shop_cart_add(shop *s, line_item *line, bool force);
/* shop_cart_add from a store that cannot serve the current mode, after the user agreed to
   switch (contract §4.7): the discovery mode becomes `mode` only when the line is taken, so
   an add that is declined (SHOP_CART_OTHER_STORE not forced) or refused changes nothing. */
shop_cart_result shop_cart_add_in_mode(shop *s, line_item *line, bool force, shop_mode mode);
void shop_cart_set_quantity(shop *s, size_t index, long long quantity); /* 0 removes */
void shop_cart_remove(shop *s, size_t index);
/* Replaces a line after editing it in the picker (takes ownership of *line, as above); the
   line keeps its lineItemId. */
shop_cart_result shop_cart_replace(shop *s, size_t index, line_item *line);
void shop_cart_clear(shop *s);
const cart *shop_cart(const shop *s); /* never NULL; may have no lines */
/* The catalog set the cart's lines refer to (for names and prices), or NULL. */
const catalog_set *shop_cart_catalog(const shop *s);
/* The clock the shop checks hours against (settings.now). */
time_t shop_now(const shop *s);
/* Name of the cart's store, or NULL. */
const char *shop_cart_store_name(const shop *s);
/* The cart's store (where a pickup order is collected), or NULL while it loads. */
const store *shop_cart_store(const shop *s);
/* Client-side estimate (pricing.h); false when a line can't be priced. */
bool shop_cart_estimate(const shop *s, money *subtotal);
/* The items in the cart: its lines' quantities summed (2 × a pizza and a drink: 3). */
long long shop_cart_items(const shop *s);
/* Whether cart line `index` can be ordered now (orderable.h, by shop_now()): false, with
   *out saying until when, for a line whose menu is closed (a lunch item in a cart restored
   at breakfast). True while the cart's menu is loading. */
bool shop_cart_line_orderable(const shop *s, size_t index, orderable *out);
/* Lines that no longer exist in the current catalog set (after a restore). */
size_t shop_cart_stale_count(const shop *s);
bool shop_cart_line_is_stale(const shop *s, size_t index);

/* ------------------------------------------------------------------ checkout */

typedef enum shop_validation_state {
	SHOP_VALIDATION_NONE,	 /* not asked yet, or the cart changed since */
	SHOP_VALIDATION_RUNNING, /* a validate call is in flight */
	SHOP_VALIDATION_VALID,	 /* amounts are the server's */
	SHOP_VALIDATION_INVALID, /* line errors and/or a problem message */
	SHOP_VALIDATION_FAILED,	 /* the call itself failed (network, server) */
} shop_validation_state;

/*
 * The checkout draft (mode, address, instructions, payment, tip) belongs to the cart: it is
 * saved with the cart (cart_file.h), kept when checkout is left and entered again, and
 * restored at start. A new cart starts from defaults: the mode the store allows, the first
 * address, the card of the last order placed here (else the first) and no tip.
 * docs/checkout.md lists every state and what each key does in it.
 */
/* Starts checkout with the cart's draft (defaults for a new cart) and validates; fetches
   the saved addresses and cards when not done yet. */
void shop_checkout_begin(shop *s);
/* Leaves checkout: changes no longer re-validate on their own (the choices are kept). */
void shop_checkout_end(shop *s);
bool shop_checkout_active(const shop *s);
void shop_checkout_set_mode(shop *s, shop_mode mode);
shop_mode shop_checkout_mode(const shop *s);
void shop_checkout_set_address(shop *s, size_t index); /* into shop_address_at() */
size_t shop_checkout_address(const shop *s);
void shop_checkout_set_instructions(shop *s, const char *text);
/* The courier instructions chosen ("" for none). */
const char *shop_checkout_instructions(const shop *s);
/* Choosing a card clears a refused place (a decline) and re-validates. */
void shop_checkout_set_payment(shop *s, size_t index); /* into shop_payment_at() */
size_t shop_checkout_payment(const shop *s);
/* The chosen card is a saved one the server has not listed yet (a restored draft): until
   it is, shop_checkout_payment() is not it, and placing waits. */
bool shop_checkout_payment_waiting(const shop *s);

/* A tip is a choice: none, a percentage of the subtotal (recomputed whenever the subtotal
   changes) or a fixed amount (kept as typed). */
typedef enum shop_tip_kind { SHOP_TIP_NONE, SHOP_TIP_PERCENT, SHOP_TIP_AMOUNT } shop_tip_kind;
typedef struct shop_tip {
	shop_tip_kind kind;
	int percent_bp; /* SHOP_TIP_PERCENT: basis points (1500 = 15 %) */
	money amount;	/* SHOP_TIP_AMOUNT */
} shop_tip;
/* A tip above this share of the subtotal is confirmed by the user first (basis points). */
#define SHOP_TIP_HIGH_BP 3000
/* False (and nothing changes) when the store takes no tips for the current mode or the
   tip is out of range. */
bool shop_checkout_set_tip(shop *s, money tip);
bool shop_checkout_set_tip_percent(shop *s, int percent_bp);
shop_tip shop_checkout_tip_choice(const shop *s);
/* The tip sent with the order now: 0 where the store takes none for the mode. */
money shop_checkout_tip(const shop *s);
bool shop_checkout_tips_allowed(const shop *s);
/* The subtotal percentages apply to (the cart estimate); false when it cannot be priced. */
bool shop_checkout_tip_base(const shop *s, money *subtotal);
/* Whether `tip` is above SHOP_TIP_HIGH_BP of the subtotal. */
bool shop_tip_is_high(const shop *s, money tip);
const shop_address *shop_address_at(const shop *s, size_t index);
size_t shop_address_count(const shop *s);
const shop_payment *shop_payment_at(const shop *s, size_t index);
size_t shop_payment_count(const shop *s);

shop_validation_state shop_validation(const shop *s);
/* The last validated order (server amounts), or NULL. */
const external_order *shop_validated_order(const shop *s);
/* Warnings from amounts_check (breakdown sums, total formula), in cents. */
const str_list *shop_amount_warnings(const shop *s);
/* Line-level problems of the last validation (line = cart index or -1). */
const api_line_errors *shop_line_errors(const shop *s);
/* The whole-order problem message of the last validation, or NULL. */
const char *shop_validation_message(const shop *s);
/* Its support detail (as shop_notice_support()), or NULL. */
const char *shop_validation_support(const shop *s);

/* ------------------------------------------------------------------ placing */

typedef enum shop_place_state {
	SHOP_PLACE_IDLE,
	SHOP_PLACE_REVALIDATING,       /* stale validation (> 14 min) or tip changed */
	SHOP_PLACE_SENDING,	       /* journaled, request in flight or retrying: cannot be
					  called back */
	SHOP_PLACE_NEEDS_CONFIRMATION, /* ORDER_TOTAL_DIFFERENT: re-validated, amounts changed */
	SHOP_PLACE_FAILED,	       /* definitively not placed (e.g. declined): shop_notice() */
	SHOP_PLACE_UNKNOWN,	       /* sent, but no answer: may have been placed; the journal
					  entry stays pending and is asked about again */
	SHOP_PLACE_RESOLVING,	       /* ORDER_ALREADY_PLACED: finding the existing order */
	SHOP_PLACE_ALREADY_PLACED,     /* the server says it was placed; it could not be read */
	SHOP_PLACE_DONE,	       /* shop_placed_order() is set */
} shop_place_state;

/* Places the validated order (the user confirmed the amounts shown). */
void shop_place(shop *s);
/* What the user sees changes generation (a new validation, another card): a question asked
   at one generation and answered at another must not place what it did not name. */
unsigned shop_checkout_generation(const shop *s);
/* shop_place() for a yes given to a question asked at `generation`; when the order changed
   since, NEEDS_CONFIRMATION instead. */
void shop_place_confirmed(shop *s, unsigned generation);
shop_place_state shop_place_state_now(const shop *s);
/* In SHOP_PLACE_FAILED: why it was not placed, and its "support: …" detail (or NULL); they
   stay whatever notice comes next. NULL in any other state. */
const char *shop_place_failure(const shop *s);
const char *shop_place_failure_support(const shop *s);
/* True while a place request is out (or being retried, or resolved): it cannot be called
   back, and its outcome is reported whichever view is shown. */
bool shop_place_in_flight(const shop *s);
const external_order *shop_placed_order(const shop *s);
/* The server answered 404 for the placed order: as shop_history_unknown, for the confirmation. */
bool shop_order_unknown(const shop *s);
/* Reads the placed order again (status updates). */
void shop_order_refresh(shop *s);
/* The confirmation of shop_placed_order() is on screen: recorded, so that a crash before
   the user saw it is told at the next start instead. */
void shop_order_shown(shop *s);

/* At start-up: settles unfinished journal entries for this base URL. An entry whose cart is
   the cart restored (the user confirmed exactly it) is replayed with its own key; another
   becomes unsettled (below), never replayed silently. Returns how many were started. */
size_t shop_resume_pending(shop *s);

/*
 * An earlier order that was sent but never confirmed, while the cart is now different: the
 * user decides before anything else is placed. Settling replays it with its own key (the
 * server returns it if it arrived; otherwise it is placed now); forgetting marks it
 * abandoned (if it had arrived, the user may end up with both orders).
 */
typedef struct shop_unsettled {
	money total;	       /* the amounts total it was sent with; -1 when unknown */
	long long items;       /* items in its cart (quantities summed) */
	time_t sent_at;	       /* 0 when not known */
	char destination[192]; /* "Pickup", "Delivery to 1420 E Pine St" */
	char card[128];	       /* the choice's label, else "a card" */
	char id[40];	       /* which order this is (its Idempotency-Key) */
} shop_unsettled;
bool shop_unsettled_get(const shop *s, shop_unsettled *out);
/* In SHOP_PLACE_UNKNOWN: what the request P would send again asked for (sent_at 0). */
bool shop_place_unknown_request(const shop *s, shop_unsettled *out);
void shop_unsettled_settle(shop *s);
void shop_unsettled_forget(shop *s);

/* ------------------------------------------------------------------ order history */

/*
 * The orders this client placed for this server and user (persist/order_history.h: the
 * newest ORDER_HISTORY_MAX, in $XDG_STATE_HOME/gett-tui/orders/). An order is in the history
 * exactly when the journal says it was placed: it is recorded in the same step as the journal
 * entry is finished as placed, and at start-up every placed entry of this user that the
 * history lacks (the app stopped between the two writes) is recorded from the journal
 * (docs/client.md "Order history"). Every read of an order's status, here or on the
 * confirmation (shop_order_refresh), updates its record's last known status. A local shop has
 * no history (count 0).
 */
size_t shop_history_count(const shop *s);
/* Newest placed first; NULL past the end. Valid until the next SHOP_CHANGED_HISTORY. */
const order_history_entry *shop_history_at(const shop *s, size_t index);
/* The history file (for "where is it"), or NULL for a local shop. */
const char *shop_history_path(const shop *s);
/* Opens record `index` (the Orders view's detail) and reads its current status from
   GET /orders/{orderId} (§2.11); nothing is read for a record without a gettOrderId. */
void shop_history_open(shop *s, size_t index);
/* Reads the open order's status again: the view calls it on the same period and key as the
   confirmation calls shop_order_refresh. The record's status is updated (cancelled with its
   reason included), then SHOP_CHANGED_HISTORY. */
void shop_history_refresh(shop *s);
void shop_history_close(shop *s);
/* The open record, or NULL. */
const order_history_entry *shop_history_opened(const shop *s);
/* The order as last read for the open record (state, status, cancelReason, amounts), or NULL
   until it has been read. */
const external_order *shop_history_order(const shop *s);
/* The server answered 404 for the open record (docs/openapi.yaml GET /orders/{orderId}): it
   no longer knows the order (a demo sandbox forgets its orders when it starts again). The
   status line says so once; later reads stay quiet until one succeeds. */
bool shop_history_unknown(const shop *s);

/*
 * Reorder: a new cart with the lines of a past order, checked against the store's current
 * catalog set first. shop_reorder_begin fetches the store (for its current catalogSetId) and
 * that set (it opens the store, as shop_open_store), then compares every line: an item that no
 * longer exists, options that no longer fit (an option or group gone, the modifier rules
 * broken) and a price that changed are each a finding, listed before anything goes in the cart.
 * shop_reorder_accept then puts the lines that still exist (at today's price) in the cart; the
 * rest of the way is the normal cart and checkout.
 */
typedef enum shop_reorder_state {
	SHOP_REORDER_NONE,
	SHOP_REORDER_LOADING, /* the store and its catalog set are being read */
	SHOP_REORDER_READY,   /* the findings are known */
	SHOP_REORDER_FAILED,  /* the store or its set could not be read: shop_notice() */
} shop_reorder_state;
typedef enum shop_reorder_kind {
	SHOP_REORDER_GONE,	      /* the item is no longer on the menu: left out */
	SHOP_REORDER_OPTIONS_CHANGED, /* its options no longer fit: left out (pick it again) */
	SHOP_REORDER_PRICE_CHANGED,   /* kept, at the price of today */
} shop_reorder_kind;
typedef struct shop_reorder_finding {
	size_t line; /* index into the record's lines */
	shop_reorder_kind kind;
	const char *name; /* the name recorded, else the item id */
	money was, now;	  /* PRICE_CHANGED: unit prices then and now */
	char *detail;	  /* OPTIONS_CHANGED: what no longer fits (translated); else NULL */
} shop_reorder_finding;
/* Starts checking record `index`; false (nothing started) when there is none or it names no
   store. */
bool shop_reorder_begin(shop *s, size_t index);
shop_reorder_state shop_reorder_state_now(const shop *s);
size_t shop_reorder_finding_count(const shop *s);
const shop_reorder_finding *shop_reorder_finding_at(const shop *s, size_t index);
/* Lines that would go in the cart (the record's lines less GONE and OPTIONS_CHANGED). */
size_t shop_reorder_line_count(const shop *s);
/* In READY: replaces the cart by the lines that are kept (new lineItemIds) and ends the
   reorder. SHOP_CART_OTHER_STORE (nothing changes) when the cart has lines and !force;
   SHOP_CART_INVALID when no line could be added (shop_notice() says why). */
shop_cart_result shop_reorder_accept(shop *s, bool force);
void shop_reorder_cancel(shop *s);

/* ------------------------------------------------------------------ account */

/*
 * Who the session is (GET /session/me, §2.2, §3.9) and what it still lacks to order (§4.6:
 * levelMissing drives "add …" prompts; whether an order is accepted is the server's call).
 * Read once the session exists: shop_new starts it for an online shop, again after each
 * change made here. Anonymous sessions cannot have a phone, addresses or cards: what
 * identifies is the [profile] of the configuration file (shop_account_anonymous_text).
 */
typedef enum shop_account_state {
	SHOP_ACCOUNT_UNKNOWN,	 /* not read yet (or a local shop) */
	SHOP_ACCOUNT_LOADING,	 /* session/me in flight */
	SHOP_ACCOUNT_IDENTIFIED, /* shop_account_me() is set, with a user */
	SHOP_ACCOUNT_ANONYMOUS,	 /* shop_account_me() is set, without a user */
	SHOP_ACCOUNT_FAILED,	 /* the read failed: shop_account_error() (not the notice) */
} shop_account_state;
/* What levelMissing lists (bits). */
enum shop_account_missing {
	SHOP_MISSING_ADDRESS = 1u << 0,
	SHOP_MISSING_PHONE = 1u << 1,
	SHOP_MISSING_PAYMENT = 1u << 2,
};
void shop_account_refresh(shop *s);
/* Why the last read failed (a sentence for people), or NULL unless SHOP_ACCOUNT_FAILED. */
const char *shop_account_error(const shop *s);
shop_account_state shop_account_state_now(const shop *s);
/* The session/me answer as read, or NULL. */
const session_me_response *shop_account_me(const shop *s);
/* "Ivy Chen", else the e-mail; NULL when not identified. */
const char *shop_account_name(const shop *s);
/* SHOP_MISSING_* bits of levelMissing (0 until read). */
unsigned shop_account_missing(const shop *s);
/* For an anonymous session: what identifying needs (the configuration's [profile], the file
   named), translated; NULL otherwise. */
const char *shop_account_anonymous_text(const shop *s);

/* What stands between the checkout as chosen now and an order, and which fix applies. */
typedef enum shop_account_fix {
	SHOP_FIX_NONE,
	SHOP_FIX_IDENTIFY, /* anonymous with no configured customer: the config's [profile] */
	SHOP_FIX_ADDRESS,  /* delivery without any address: add one */
	SHOP_FIX_PHONE,	   /* the account has no phone: add one */
	SHOP_FIX_PAYMENT,  /* no card to choose: add one in the partner's app */
} shop_account_fix;
/* The first thing missing for the current mode (shop_checkout_mode), with a sentence for
   people in *why (translated, static or owned by the shop; NULL for SHOP_FIX_NONE). */
shop_account_fix shop_account_checkout_fix(const shop *s, const char **why);

/* A write in flight (phone, address) and how the last one ended. */
typedef enum shop_account_write {
	SHOP_WRITE_IDLE,
	SHOP_WRITE_SAVING,
	SHOP_WRITE_DONE,
	SHOP_WRITE_FAILED, /* shop_account_write_error() */
} shop_account_write;
shop_account_write shop_account_write_state(const shop *s);
/* Why the last write failed (the server's detail, e.g. "phone must be E.164"), or NULL. */
const char *shop_account_write_error(const shop *s);
/* PUT /checkout/profile {phone} (E.164; "" or NULL clears it), then reads session/me again. */
void shop_account_set_phone(shop *s, const char *phone);
/* POST /checkout/addresses, then reads the saved addresses again: the new one becomes a
   checkout choice (its index: shop_account_added_address_index) and, with its location, a
   place discovery can start from (shop_discover_set_location). Then session/me again. */
void shop_account_add_address(shop *s, const address_input *address);
/* The address just added as the server keeps it (geocoded: address.location), or NULL. */
const user_address_response *shop_account_added_address(const shop *s);
/* Its index among shop_address_at(), or SIZE_MAX while unknown. */
size_t shop_account_added_address_index(const shop *s);
/* Reads the saved cards again (GET /checkout/payments): they are shop_payment_at() after the
   config's. Cards are added in the partner's app, never here (no card number is asked). */
void shop_account_payments_refresh(shop *s);
/* Makes payment `index` the card chosen now and the default of every new cart, in this run and
   the next ones: the choice is kept per server and user (persist/account_file.h), since the
   API has no "set default" call. A failure to keep it is the notice. */
void shop_account_set_default_payment(shop *s, size_t index);
/* The default card: the one chosen (here or in an earlier run) while it is still listed, else
   the server's lastPaymentId (the card used last, §3.9) when listed; SIZE_MAX when neither. New
   carts start with it, else with the card of the last order placed from here. */
size_t shop_account_default_payment(const shop *s);
/* Whether the card chosen as default is no longer among the cards read from the server (the
   choice is then ignored: shop_account_default_payment falls back). */
bool shop_account_default_gone(const shop *s);

#endif

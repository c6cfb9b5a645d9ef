/*
 * Internals shared by shop.c (life cycle, notices, catalog sets in memory),
 * shop_discovery.c (search, stores and catalogs), shop_cart.c (the client-owned
 * cart) and shop_checkout.c / shop_place.c (validation, exactly-once placing).
 * Not part of the public face (shop.h).
 */
#ifndef GETT_SHOP_INT_H
#define GETT_SHOP_INT_H

#include "persist/account_file.h"
#include "persist/cart_file.h"
#include "persist/catalog_cache.h"
#include "base/collections.h"
#include "persist/journal.h"
#include "shop/shop.h"

/*
 * A store with its catalog set: the one being browsed (shop.open) and the one the cart
 * belongs to (shop.cart_menu). The store is always fetched; the set comes from memory,
 * the disk cache or the network, in that order.
 */
typedef struct shop_menu {
	shop *owner;
	char *store_id;		/* wanted; NULL when none */
	store *st;		/* NULL while loading */
	const catalog_set *set; /* borrowed from shop.sets; NULL while loading */
	char *set_id;		/* the id `set` is registered under */
	api_slot store_call;
	api_slot catalog_call;
	/* Runs once the set is attached (or loading failed: set NULL). */
	void (*on_ready)(struct shop_menu *menu);
} shop_menu;

/* A catalog set in memory, shared by the menus that refer to it. */
typedef struct shop_set {
	char *id;
	catalog_set *set;
} shop_set;

/* A pending journal entry being replayed at start-up. */
typedef struct shop_replay {
	journal_entry *entries;
	size_t n, next;
	api_slot call;
} shop_replay;

/* Where one list of the user's saved things stands (shop_saved.c). */
typedef enum shop_saved_state {
	SHOP_SAVED_NONE,      /* not asked yet, or cancelled */
	SHOP_SAVED_LOADING,   /* a page is being read */
	SHOP_SAVED_LOADED,    /* merged into the choices */
	SHOP_SAVED_ANONYMOUS, /* SESSION_USER_REQUIRED: never asked again */
	SHOP_SAVED_FAILED,    /* asked again at the next checkout */
} shop_saved_state;

struct shop {
	uv_loop_t *loop;
	api_client *api;
	char *base_url;
	char *user;
	location home;
	/* The config's entries first ([0, n_config_*)), then the server's (shop_saved.c). */
	shop_address *addresses;
	size_t n_addresses, n_config_addresses;
	shop_payment *payments;
	size_t n_payments, n_config_payments;
	external_customer *customer; /* NULL when not configured */
	long debounce_ms;
	uint64_t max_age_ms;
	void (*on_change)(shop *s, unsigned changes, void *user);
	void *user_data;
	time_t (*now)(void *user);
	/* A local shop (shop_local.c): one catalog file browsed offline, checkout off. */
	struct {
		bool on;
		char *file;
		size_t lint_errors;
		char *time_zone;
	} local;

	journal *journal;
	cart_file *carts;
	catalog_cache *catalogs;
	char *notice;
	char *notice_support; /* "support: request … · trace …" of the notice, or NULL */
	bool notice_changed;  /* since the last shop_notify */
	char *config_path;    /* named in sentences that say what to configure; may be NULL */

	shop_set *sets;
	size_t n_sets;

	struct {
		location where;
		char *query;
		shop_mode mode;
		store *stores;
		size_t n;
		long long total;
		bool has_more;
		bool loading;
		bool appending; /* the call in flight loads the next page */
		bool want_all;	/* shop_discover_all: page after page until the last */
		/* The stores listed answer an older query or place: kept on screen while the
		   new search waits for its debounce or its answer (shop_discover_stale). */
		bool stale;
		/* Delivery mode: the ids of the stores that deliver to `range_where`, from a
		   delivery-filtered discovery without a query (paged, complete or NULL). */
		api_slot range_call;
		strmap *range_partial;
		strmap *deliverable;
		location range_where;
		shop_search_end end;
		api_slot call;
		uv_timer_t *debounce; /* closed in shop_free; freed by its close callback */
		bool debounce_armed;
	} disc;

	shop_menu open;

	cart *cart;
	shop_menu cart_menu;
	bool *stale; /* per cart line; NULL when none is stale */

	struct {
		bool active;
		bool drafted; /* the choices below are the cart's draft (else defaults at begin) */
		shop_mode mode;
		size_t address;
		char *instructions;
		size_t payment;
		shop_tip tip;
		/* The cart's menu was read again after CATALOGSET_NOT_FOUND / ITEM_UNAVAILABLE
		   (once until the cart changes). */
		bool menu_refreshed;
		unsigned generation; /* shop_checkout_generation */
		/* The card is the draft's default, not a choice: it follows the account's default
		   when the cards or the account arrive after the draft was made. */
		bool payment_defaulted;
		/* A restored choice of a saved address or card the server has not listed yet. */
		external_address *want_address;
		char *want_payment;
		shop_validation_state state;
		external_order *sent;	   /* the order of the last validation */
		external_order *validated; /* the server's answer when VALID */
		uint64_t validated_at;	   /* uv_now() */
		str_list warnings;
		api_line_errors line_errors;
		char *message;
		char *support; /* the ids of the call behind message, or NULL */
		api_slot call;
	} co;

	struct {
		shop_place_state state;
		external_order *order; /* placed */
		char key[JOURNAL_KEY_LEN + 1];
		char *body; /* the journaled request text of the last send */
		/* Amounts the user confirmed, for comparing after a re-validation. */
		char *confirmed_amounts;
		bool after_total_different;
		api_slot call;
		api_slot refresh;
		bool unknown;	  /* the server answered 404 for the placed order (said once) */
		api_slot resolve; /* ORDER_ALREADY_PLACED: reading or replaying the order */
		char resolve_key[JOURNAL_KEY_LEN + 1]; /* the entry being replayed for it */
		char *recognised_id;	 /* an order found placed at start-up, to read */
		char *message, *support; /* why it was not placed (SHOP_PLACE_FAILED) */
		/* The journal entry of the order shown (shop_order_shown marks it seen). */
		char order_key[JOURNAL_KEY_LEN + 1];
	} pl;

	shop_replay replay;
	/* A pending entry for another cart, waiting for the user's decision; NULL when none. */
	journal_entry *unsettled;

	/* The user's saved addresses and cards, read page by page before being merged. */
	struct {
		long page_limit;
		shop_saved_state addr_state, pay_state;
		user_address_response *addrs;
		size_t n_addrs;
		user_payment_response *pays;
		size_t n_pays;
		api_slot addr_call;
		api_slot pay_call;
	} saved;

	/* The orders placed (shop_history.c). */
	struct {
		order_history *file;   /* NULL for a local shop */
		char *open_key;	       /* the record open, or NULL */
		external_order *order; /* the open record's order as last read */
		api_slot call;
		bool unknown; /* the server answered 404 for the open record (said once) */
	} hist;

	/* A reorder being checked (shop_reorder.c). */
	struct {
		shop_reorder_state state;
		order_history_entry entry; /* the record, copied */
		shop_reorder_finding *findings;
		size_t n_findings;
		bool *keep; /* per record line: goes in the cart */
	} reorder;

	/* The session's account (shop_account.c). */
	struct {
		shop_account_state state;
		session_me_response *me;
		char *name;
		char *anonymous_text;
		shop_account_write write;
		char *write_error;
		char *read_error;      /* why session/me failed */
		char *want_address_id; /* added: found again in the saved addresses */
		user_address_response *added;
		/* The default card chosen, here or in an earlier run (file): a saved card by its
		   paymentId, a card of the config by its label (id NULL). */
		char *default_payment_id, *default_payment_label;
		keyed_file file;   /* path NULL for a local shop (account_file.h) */
		bool default_read; /* the file was read (once, with the account) */
		api_slot me_call;
		api_slot write_call;
	} account;
};

/* ------------------------------------------------------------------ shop.c */

/* Calls settings.on_change; always the last thing an entry point does. */
void shop_notify(shop *s, unsigned changes);
/* Replaces the notice (copied; NULL clears it); the notice has no support detail. */
void shop_set_notice(shop *s, const char *text);
/* Sets the notice's support detail to shop_result_support(r) (after a shop_set_notice of a
   sentence about the call r). */
void shop_set_notice_support(shop *s, const api_result *r);
/* A sentence for people about a failed call, without ids (heap): the client's own sentence
   for codes whose server text is for developers (SESSION_USER_REQUIRED, UNAUTHENTICATED,
   FORBIDDEN), else the server's detail, else the client's message. */
char *shop_result_text(const shop *s, const api_result *r);
/* shop_result_text without its final '.', to go inside a longer sentence (heap). */
char *shop_result_clause(const shop *s, const api_result *r);
/* "support: request req_1 · trace 4bf9…" (heap), or NULL when r carries neither id. */
char *shop_result_support(const api_result *r);
/* Sets the notice to shop_result_text(r) and its support detail to shop_result_support(r). */
void shop_set_notice_from(shop *s, const api_result *r);
/* The registered set with this id, or NULL. */
const catalog_set *shop_set_find(const shop *s, const char *id);
/* Registers (takes ownership); returns the registered pointer. */
const catalog_set *shop_set_add(shop *s, const char *id, catalog_set *set);
/* Frees the sets neither menu uses. */
void shop_sets_prune(shop *s);
/* A customer missing a field ExternalCustomer requires copies as NULL: it is not sent. */
external_customer *shop_customer_copy(const external_customer *c);

/* ------------------------------------------------------------------ shop_discovery.c */

void shop_discovery_init(shop *s);
void shop_discovery_free(shop *s);
void shop_menu_init(shop *s, shop_menu *menu, void (*on_ready)(shop_menu *menu));
/* Starts loading store_id (cancels what the menu was loading). */
void shop_menu_load(shop_menu *menu, const char *store_id);
/* Adopts another menu's loaded store and set without any call. */
void shop_menu_adopt(shop_menu *menu, const shop_menu *from);
void shop_menu_clear(shop_menu *menu);
bool shop_menu_loading(const shop_menu *menu);
shop_mode shop_mode_default(const shop *s, const store *st);

/* ------------------------------------------------------------------ shop_cart.c */

/* Restores the saved cart and starts checking it against its store's current set. */
void shop_cart_restore(shop *s);
void shop_cart_free(shop *s);
/* Runs when the open store's set arrives: a cart of that store follows it. */
unsigned shop_cart_follow_open(shop *s); /* returns the changes */
/* Empties the cart and deletes its file (after a placement). */
void shop_cart_empty(shop *s);
/* Whether the cart is the cart of a journaled body (`cart_json`), whatever set it moved to. */
bool shop_cart_matches(const shop *s, const json_t *cart_json);

/* ------------------------------------------------------------------ shop_checkout.c */

void shop_checkout_free(shop *s);
/* The cart or a choice changed: the validation no longer holds; re-validates in checkout. */
void shop_checkout_invalidate(shop *s);
/* Starts a validation of the current cart and choices. */
void shop_validate_now(shop *s);
/* Called by the validation with its outcome (shop_place.c decides what follows). */
void shop_place_after_validation(shop *s);
/* Makes addresses[index] the chosen one, with its instructions (no validation). */
void shop_choose_address(shop *s, size_t index);
/* The draft as saved with the cart (NULL when none was made for it). */
json_t *shop_draft_to_json(const shop *s);
/* Takes the draft saved with a restored cart (may be NULL). */
void shop_draft_restore(shop *s, const json_t *draft);
/* The cart ended (placed, emptied): the next cart starts from defaults. */
void shop_draft_reset(shop *s);
/* A server list was merged: chooses a restored choice that was waiting for it (and
   re-validates in checkout); returns the changes. */
unsigned shop_draft_resolve_saved(shop *s);
/* A server list is final (read whole, or never readable: an anonymous session): a restored
   choice it does not hold is forgotten, said, and the default taken, rather than waited for
   for ever; returns the changes. */
unsigned shop_draft_forget_missing(shop *s, bool address, bool payment);
/* The user chose the address / the card: a restored choice no longer waits. */
void shop_draft_drop_wanted(shop *s, bool address, bool payment);
/* Saves the cart with its draft (shop_cart.c). */
void shop_cart_save(shop *s);

/* ------------------------------------------------------------------ shop_place.c */

void shop_place_free(shop *s);
/* What a place answer means for the order (contract §2.10, §5). */
typedef enum shop_place_outcome {
	SHOP_OUTCOME_PLACED,  /* the order exists: gettOrderId */
	SHOP_OUTCOME_ALREADY, /* ORDER_ALREADY_PLACED: an order exists, under another request */
	SHOP_OUTCOME_REFUSED, /* definitively not placed: a non-retryable 4xx other than 409,
				 PAYMENT_FAILED after the retries, or nothing sent */
	SHOP_OUTCOME_UNKNOWN, /* transport, 5xx, 429, a 2xx without an order: ask again */
} shop_place_outcome;
shop_place_outcome shop_place_classify(const api_result *r);
/* journal_finish; a failure becomes the notice. */
void shop_journal_finish(shop *s, const char *key, journal_outcome outcome, const char *order_id);
/* The order exists (entry `key`, request `body`): the journal first, then the cart ends and
   the order becomes shop_placed_order() unless another place is under way. Returns the
   changes. */
unsigned shop_place_placed(shop *s, api_result *r, const char *key, const char *body);
/* Empties the cart when it is the cart of `body` (the order just placed); returns the
   changes. */
unsigned shop_place_settle_cart(shop *s, const char *body);
/* ORDER_ALREADY_PLACED (or another 409) for the request pl.key/pl.body: finds the order
   that exists through the journal and shows it (RESOLVING, then DONE or ALREADY_PLACED).
   Returns the changes. */
unsigned shop_place_resolve_already(shop *s, api_result *r);
/* Reads the order (status updates; an order recognised at start-up becomes DONE). */
void shop_place_read_order(shop *s, const char *gett_order_id);

/* ------------------------------------------------------------------ shop_settle.c */

/* Whether the journaled request body's cart is the cart on screen. */
bool shop_body_is_cart(const shop *s, const char *body);
/* The body's validatedOrderToken (heap), or NULL. */
char *shop_body_token(const char *body);
/* Whether the entry is being sent or replayed right now. */
bool shop_entry_busy(const shop *s, const char *key);
/* This server's journal entries in `state`, oldest first, into *n (journal_entries_free them);
   none when the journal cannot be read: what the caller looks for is then just not found. */
journal_entry *shop_journal_list(shop *s, journal_state state, size_t *n);
/* The first entry in `state` for this server (oldest first, or newest) that keep() accepts,
   as a heap copy (journal_entries_free(e, 1)), or NULL. */
typedef bool (*shop_entry_test)(shop *s, const journal_entry *e, const void *ctx);
journal_entry *shop_journal_find(shop *s, journal_state state, bool newest_first,
				 shop_entry_test keep, const void *ctx);
/* The first pending entry (within the replay window, not on its way) whose cart is not the
   cart on screen, as a heap copy, or NULL. */
journal_entry *shop_find_unsettled(shop *s);
/* Makes the newest pending request for the cart on screen the one placing is about (pl.key,
   pl.body); false when there is none (or it is on its way). */
bool shop_adopt_pending_for_cart(shop *s);
void shop_unsettled_clear(shop *s);
/* At start-up, before anything else: a restored cart that a journal entry already placed
   (the app stopped between the two writes) is emptied and the user told. */
void shop_place_recognise_cart(shop *s);
/* When checkout begins: finds an earlier order left unsettled (shop_unsettled_get), and a
   request sent for this very cart whose outcome is unknown (SHOP_PLACE_UNKNOWN). */
void shop_place_find_unsettled(shop *s);

/* ------------------------------------------------------------------ shop_saved.c */

/* The index of the choice that is this payment (same paymentId, or same card token), or
   SIZE_MAX. */
size_t shop_payment_find(const shop *s, const payment_info *p);
/* The same place: address1 and postalCode. */
bool shop_address_same(const external_address *a, const external_address *b);
/* Starts reading the lists not read yet (or that failed); a no-op for the others. */
void shop_saved_fetch(shop *s);
/* Esc: stops reading; the next checkout asks again. Returns the changes. */
unsigned shop_saved_cancel(shop *s);
void shop_saved_free(shop *s);

/* ------------------------------------------------------------------ shop_history.c */

/* Opens the history (dir: the state directory given, or NULL); a problem becomes the notice.
   False (err) only when no directory can be named. */
bool shop_history_init(shop *s, const char *state_dir, char *err, size_t err_len);
/* Once the choices are known (the card labels): records the journal's placed entries of this
   user that the history lacks. */
void shop_history_start(shop *s);
void shop_history_free(shop *s);
/* Finishes the journal entry `key` as placed (answer: the order the server returned, or NULL
   when it could not be read) and records it in the history in the same step. */
void shop_journal_placed(shop *s, const char *key, const external_order *answer);
/* An order was read (confirmation or history): its record's status follows. Returns the
   changes. */
unsigned shop_history_note_order(shop *s, const external_order *o);
/* A read of an order (confirmation or history) the server answered 404 (docs/openapi.yaml GET
   /orders/{orderId}): it no longer knows it, as after a demo sandbox started again. Says so in
   words (the server's detail names the id) the first time: *unknown keeps the later periodic
   reads quiet. */
void shop_history_note_unknown(shop *s, bool *unknown);
/* A store was read: records of it made without its name and zone get them. Returns the
   changes. */
unsigned shop_history_note_store(shop *s, const store *st);

/* ------------------------------------------------------------------ shop_reorder.c */

/* The open store's set arrived (or failed): a reorder waiting for it compares. Returns the
   changes. */
unsigned shop_reorder_menu_ready(shop *s);
void shop_reorder_free(shop *s);

/* ------------------------------------------------------------------ shop_account.c */

/* Opens the file of the account's choices (account_file.h) in state_dir/account, or with
   state_dir NULL in $XDG_STATE_HOME/gett-tui/account. False (err set) when it cannot be named. */
bool shop_account_init(shop *s, const char *state_dir, char *err, size_t err_len);
void shop_account_free(shop *s);
/* Starts reading session/me without calling back (shop_new). */
void shop_account_start(shop *s);
/* The saved addresses were read (before they are merged): the one just added is kept. */
void shop_account_saw_addresses(shop *s, const user_address_response *items, size_t n);
/* The default card for a new cart's draft: the one chosen (here or in an earlier run) when it
   is still listed, else the server's lastPaymentId when listed (§3.9); SIZE_MAX otherwise. */
size_t shop_account_default_for_draft(const shop *s);
/* The cards or the account arrived: a draft whose card is still its default takes the
   account's default now. Returns the changes (SHOP_CHANGED_*). */
unsigned shop_checkout_payment_follow_default(shop *s);
/* Reads the saved addresses / cards again (shop_saved.c). */
void shop_saved_reload(shop *s, bool addresses, bool payments);

/* ------------------------------------------------------------------ shop_local.c */

/* Frees what shop_new_local added (nothing online). */
void shop_local_free(shop *s);

#endif

/*
 * gett-sandbox world: everything the emulator knows and remembers — the demo data
 * loaded at start-up (stores, catalog sets, users) and the state that requests
 * create (sessions, fulfillment contexts, saved addresses/payments, orders,
 * idempotency cache), plus the configuration and the clock.
 *
 * LOCKING: one global mutex protects the whole world. The dispatcher in server.c
 * takes it before calling a route handler and releases it after the handler
 * returns, so handlers run one at a time and may read and modify anything below
 * freely. Handlers must NOT call world_lock()/world_unlock() and must not block
 * (no sleeping, no I/O besides building the response). Pointers into the world
 * (sbx_store *, sbx_user *, sbx_session *, ...) stay valid only while the lock
 * is held; never keep them across requests — keep ids instead.
 *
 * Because handlers are serialised, a second place request with the same
 * Idempotency-Key that arrives while the first runs simply waits on the lock and
 * then finds the cached entry (contract §2.10 "waits for it and then gets the
 * replay").
 */
#ifndef GETT_SANDBOX_WORLD_H
#define GETT_SANDBOX_WORLD_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <jansson.h>

#include "rules/availability.h"
#include "wire/catalog.h"
#include "base/collections.h"
#include "wire/session.h"
#include "wire/store.h"
#include "wire/wire.h"
#include "base/money.h"
#include "base/timestamp.h"

/* --------------------------------------------------------------- configuration */

/* How line-level validation problems are reported (contract §6 Q9, --validation-style). */
typedef enum sbx_validation_style {
	SBX_VALIDATION_PROBLEM, /* default: 400 ProblemDetail, errorCode = first problem, errors[]
				 */
	SBX_VALIDATION_INLINE,	/* 200 {isValid:false, errors[], traceId} */
	SBX_VALIDATION_422,	/* 422 VALIDATION_FAILED with errors[] */
} sbx_validation_style;

/* Rate-limit buckets (contract §1.4). */
typedef enum sbx_rate_class {
	SBX_RATE_READ,	    /* GET */
	SBX_RATE_WRITE,	    /* POST/PUT other than discovery */
	SBX_RATE_DISCOVERY, /* POST /stores/discover and its GET alias */
	SBX_RATE_CLASS_COUNT
} sbx_rate_class;

/* Default --status-step: an order's status advances every 30 s of world time (§4.5). */
#define SBX_DEFAULT_STATUS_STEP_MS 30000
/* Default --max-sessions and --max-idempotency-entries: what the sandbox remembers at most
   (docs/sandbox.md "Limits"), so memory stays bounded however many callers come. */
#define SBX_DEFAULT_MAX_SESSIONS    10000
#define SBX_DEFAULT_MAX_IDEMPOTENCY 5000
/* How long a place answer is replayed under its key (§2.10). */
#define SBX_IDEMPOTENCY_TTL_MS (24LL * 3600 * 1000)

typedef struct sbx_config {
	char *data_dir;		 /* --data (default PKGDATADIR) */
	char *api_key;		 /* --api-key (default "zpka_sandbox_demo") */
	bool clock_pinned;	 /* --now given */
	int64_t pinned_ms;	 /* --now as Unix milliseconds */
	bool clock_frozen;	 /* --freeze-clock: pinned clock does not advance */
	bool strict_idempotency; /* --strict-idempotency: same key + other body -> 409 */
	sbx_validation_style validation_style;	/* --validation-style */
	int64_t status_step_ms;			/* --status-step; 0 = SBX_DEFAULT_STATUS_STEP_MS */
	long rate_limits[SBX_RATE_CLASS_COUNT]; /* requests per 60 s window, per class */
	size_t max_sessions;			/* --max-sessions; 0 = SBX_DEFAULT_MAX_SESSIONS */
	size_t max_idempotency; /* --max-idempotency-entries; 0 = SBX_DEFAULT_MAX_IDEMPOTENCY */
	/* --cancel-after SECONDS[:REASON]: every order placed is cancelled SECONDS of world time
	   later with REASON (docs/sandbox.md "Order read"); NULL: orders are never cancelled. */
	char *cancel_reason;
	int64_t cancel_after_ms;
} sbx_config;

/* ----------------------------------------------------------------- demo data */

/* The `_sandbox` object of a store in data/stores.json; stripped from the wire. */
typedef struct sbx_store_extra {
	double delivery_radius_miles; /* delivery discovery/validation range */
	money delivery_fee;	      /* flat fee for DeliveryByMerchant */
	int64_t service_fee_bp;	      /* serviceFeePercent in basis points (5 % -> 500) */
	int64_t tax_rate_bp;	      /* taxRateBasisPoints */
	json_t *promotion; /* raw `promotion` value (owned ref) or NULL; order side interprets */
	bool exclusive;	   /* -> synthetic category "Exclusive" */
	bool closed;	   /* manually closed: never accepting orders */
} sbx_store_extra;

typedef struct sbx_store {
	char *store_id; /* canonical lower-case GUID */
	char *name;
	char *description;    /* may be NULL */
	char *catalog_set_id; /* may be NULL */
	char *time_zone;      /* may be NULL (-> never accepting) */
	bool has_location;    /* address.location present */
	double latitude, longitude;
	bool delivery_allowed, pickup_allowed;
	bool accepts_delivery_tips, accepts_pickup_tips; /* options.* */
	bool has_minimum_order;				 /* options.minimumOrderAmount (§6 Q17) */
	money minimum_order;
	bool has_savings;    /* savings is a number (not null) */
	double savings;	     /* percent */
	double rating;	     /* 0 when absent */
	str_list categories; /* cuisine categories from the data (no synthetic tags) */
	avail_list availability;
	sbx_store_extra extra;
	store *wire; /* the data's Store as served (owned): without `_sandbox` and the members
			computed on output (sbx_store_served adds them) */
} sbx_store;

typedef struct sbx_catalog_entry {
	char *catalog_set_id;
	json_t *wire;	  /* the catalog set exactly as served (owned) */
	catalog_set *set; /* parsed model (catalog.h) for lookups and pricing */
	char etag[40];	  /* quoted strong ETag derived from the content */
} sbx_catalog_entry;

/* ------------------------------------------------------------ users, sessions */

typedef struct sbx_address {
	char *address_id;	  /* userAddressId / addressId (GUID) */
	external_address address; /* with a sandbox-geocoded `location` when it has one */
	char *instructions;	  /* may be NULL */
	char *hash;		  /* dedup hash of the normalised fields (§2.12) */
} sbx_address;

/* A saved card is what the sandbox serves of it (UserPaymentResponse): the number and the CVC
   are never kept. expiration_date is "YYYY-MM-DD" or whatever the client sent. */
typedef user_payment_response sbx_payment;

typedef struct sbx_user {
	char *user_id; /* GUID; derived from the email when users.json gives none */
	char *email;   /* identity key (case-insensitive) */
	char *first_name, *last_name;
	char *phone;	       /* may be NULL */
	char *partner_user_id; /* may be NULL */
	sbx_address **addresses;
	size_t n_addresses;
	sbx_payment **payments;
	size_t n_payments;
	char *last_payment_id;	    /* may be NULL */
	char *last_user_address_id; /* may be NULL */
} sbx_user;

typedef struct sbx_session {
	char *session_id; /* the JWT jti (GUID) */
	char *token;	  /* the bearer string */
	char *partner_user_id;
	sbx_user *user; /* NULL for anonymous sessions */
	int64_t created_ms, expires_ms;
	bool invalidated;
} sbx_session;

/* Fulfillment context, kept per partnerUserId (contract §6 Q18) as the DTO it is served as. */
typedef fulfillment_context sbx_fulfillment;

/* ---------------------------------------------------------- order-side state */

/* A placed order. Owned by the order side (h_orders.c); the world only frees it. */
typedef struct sbx_order {
	char *order_id;	       /* gettOrderId */
	json_t *order;	       /* ExternalOrder as returned by place (owned) */
	int64_t placed_ms;     /* world clock at placement (status progresses from here) */
	char *partner_user_id; /* who placed it (may be NULL for api-key orders without one) */
	char *user_id;	       /* session user, may be NULL */
	bool delivery;	       /* DeliveryByMerchant (adds inTransit to the status timeline) */
	char *cancel_reason;   /* non-NULL: the order is cancelled from cancel_ms on */
	int64_t cancel_ms;     /* world time of the cancellation (--cancel-after) */
} sbx_order;

/* A cached place response under an Idempotency-Key (contract §2.10). */
typedef struct sbx_idem_entry {
	/* SHA-256 (hex) of the canonical (sorted-key, compact) request body: --strict-idempotency
	   compares bodies, and a digest keeps the cache small. */
	char request_digest[65];
	char *scope;	    /* principal the key belongs to (api key or partnerUserId) */
	int status;	    /* HTTP status of the cached response */
	char *response;	    /* cached response body as compact JSON text (a tree is several times
			       bigger), exactly what a replay sends */
	int64_t created_ms; /* world time; entries older than 24 h are ignored and dropped */
} sbx_idem_entry;

/* ------------------------------------------------------------------ the world */

typedef struct sbx_world {
	pthread_mutex_t lock;
	sbx_config config;
	int64_t clock_origin_mono_ms; /* CLOCK_MONOTONIC at start, for the pinned clock */

	strmap *stores;	      /* storeId -> sbx_store*, in data-file order */
	strmap *catalog_sets; /* catalogSetId -> sbx_catalog_entry* */
	strmap *users;	      /* userId -> sbx_user* */
	strmap *sessions;     /* token -> sbx_session*, oldest first (world_add_session) */
	strmap *fulfillment;  /* partnerUserId -> sbx_fulfillment* */
	strmap *orders;	      /* gettOrderId -> sbx_order* (order side fills it) */
	strmap *idempotency;  /* "<caller>|<key>" -> sbx_idem_entry*, oldest first */
	/* World times at which the tables next hold an expired entry (the earliest expiresAt,
	   the oldest cache entry + 24 h): a sweep runs only then, or when a table is full. */
	int64_t sessions_next_expiry, idempotency_next_expiry;
	char session_secret[37]; /* keys this process's session tokens (random per start) */

	/* Free slot for any further order-side state (validatedOrderTokens, payment attempt
	   counters, ...). The order side allocates it lazily; world_free calls ext_free. */
	void *orders_ext;
	void (*orders_ext_free)(void *);
} sbx_world;

/* Loads data_dir/stores.json, users.json and catalogs/<id>.json. On error returns
   false with a human message in err (size n). Takes ownership of *config's strings. */
bool world_load(sbx_world *w, sbx_config *config, char *err, size_t n);
void world_free(sbx_world *w);

void world_lock(sbx_world *w);	 /* server.c only */
void world_unlock(sbx_world *w); /* server.c only */

/* The world clock: --now plus the real time elapsed since start (or frozen at --now with
   --freeze-clock); the real clock without --now. Use it for everything time-dependent. */
int64_t world_now_ms(const sbx_world *w);
time_t world_now(const sbx_world *w);

/* Lookups: NULL when absent. Ids are compared case-insensitively for GUIDs (stored lower-case). */
sbx_store *world_find_store(const sbx_world *w, const char *store_id);
sbx_catalog_entry *world_find_catalog(const sbx_world *w, const char *catalog_set_id);
sbx_user *world_find_user(const sbx_world *w, const char *user_id);
sbx_user *world_find_user_by_email(const sbx_world *w, const char *email);
sbx_session *world_find_session(const sbx_world *w, const char *token);
sbx_order *world_find_order(const sbx_world *w, const char *order_id);
/* Fulfillment context of a partnerUserId, or NULL. */
sbx_fulfillment *world_fulfillment(const sbx_world *w, const char *partner_user_id);

/* The session table, bounded (docs/sandbox.md "Limits"): adds `s` (owned) under its token
   after making room. Sessions past their expiresAt go first; while the table still holds
   max_sessions, the oldest go (a sixteenth of the cap at once, so the cost stays low), so
   the newest sessions always stay. */
void world_add_session(sbx_world *w, sbx_session *s);
size_t world_max_sessions(const sbx_world *w);

/* Idempotency cache (§2.10). The entry under `slot` ("<caller>|<key>"), or NULL when there
   is none younger than 24 h of world time. */
const sbx_idem_entry *world_idem_find(const sbx_world *w, const char *slot);
/* Caches a response under `slot` at the current world time, replacing an older entry. The
   caller part of the slot becomes the entry's scope; request_body is the canonical body
   (world_idem_digest keeps its digest). The
   cache is bounded like the session table: entries older than 24 h go first; while it still
   holds max_idempotency entries, the oldest failed (non-2xx) answers go, and the oldest
   orders only when nothing else is left, since forgetting an order's key is what could
   place it twice. A kept entry always replays as it was stored. */
void world_idem_store(sbx_world *w, const char *slot, const char *request_body, int status,
		      const json_t *response);
/* The digest an entry keeps of a canonical request body, for comparing a later one. */
void world_idem_digest(const char *request_body, char out[65]);
size_t world_max_idempotency(const sbx_world *w);

/* Open-now rules (contract §4.4): false when closed manually, no time zone, no catalog set,
   no published windows, or outside every window in the store's zone at `now`. */
bool sbx_store_is_accepting(const sbx_world *w, const sbx_store *st, time_t now);
/* True when item_id is a menu item: reachable (sections, recursively) from one of the set's
   catalogs; with `time_zone` non-NULL, from one open at `now` in that zone. Modifier options
   alone are not menu items. */
bool sbx_item_on_menu(const catalog_set *set, const char *item_id, const char *time_zone,
		      time_t now);

/* The Store as served (§3.2): the data's members plus isAcceptingOrders and the synthetic
   categories; distanceMiles when `from` (lat, lon) is non-NULL. A new model (store_free);
   written with store_to_json. */
store *sbx_store_served(const sbx_world *w, const sbx_store *st, time_t now, const double from[2]);

/* User helpers. */
sbx_address *sbx_user_find_address(const sbx_user *user, const char *address_id);
sbx_payment *sbx_user_find_payment(const sbx_user *user, const char *payment_id);
/* Saves an address for the user, deduplicated by a hash of its normalised text fields (§2.12):
   the id is derived from user id + hash, so the same address always gets the same id. The
   stored copy keeps the `location` of `address` (demo data and legacy bodies may pin the
   point), else carries a geocoded one when sbx_geocode succeeds. *existed (may be NULL)
   tells whether it was already there. `address` is copied. */
sbx_address *sbx_user_add_address(const sbx_world *w, sbx_user *user,
				  const external_address *address, const char *instructions,
				  bool *existed);
/* The saved address as the UserAddressResponse it is served as; *out is cleared with
   user_address_response_clear. */
void sbx_address_wire(const sbx_address *a, user_address_response *out);
/* Saves a card summary (the only fields the sandbox keeps). Strings are copied; may be NULL. */
sbx_payment *sbx_user_add_payment(sbx_user *user, const char *card_type, const char *last_four,
				  const char *expiration);
/* An AddressInput or SessionAddress read as an ExternalAddress without a location: a view
   that borrows the strings of `in`. */
external_address sbx_address_of_input(const address_input *in);
/* Creates and registers a user with a fresh id. */
sbx_user *world_add_user(sbx_world *w, const char *email, const char *first_name,
			 const char *last_name);
/* The user as SessionMeUser (the answer of session/me and checkout/profile); a view that
   borrows the user's strings, so it needs no clearing. */
session_me_user sbx_user_me(const sbx_user *user);
/* Session level 0..3 (§4.6) for `user` (NULL = anonymous); fills the levelMissing names. */
int sbx_user_level(const sbx_user *user, str_list *missing);

/*
 * Sandbox "geocoder" (ExternalAddress.location is ignored on requests, §3.1): an address
 * geocodes when address1, city, postalCode and state are non-empty strings and its postal
 * code (else its city) matches a store's address or a user's saved address; the point is that
 * address's location nudged by a deterministic hash of the street (< 0.3 mi). False ->
 * ADDRESS_INVALID. out = {latitude, longitude}.
 */
bool sbx_geocode(const sbx_world *w, const external_address *address, double out[2]);

/* Misc helpers. */
void sbx_new_guid(char out[37]); /* random v4, lower case */
char *sbx_new_id(void);		 /* the same, malloc'd: a fresh id for a new record */
double sbx_haversine_miles(double lat1, double lon1, double lat2, double lon2);

#endif

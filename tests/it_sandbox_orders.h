/*
 * Support for it_sandbox_orders.c: demo-data lookups (data/stores.json, users.json and the
 * catalogs, read independently of the sandbox), request builders and HTTP helpers. Helpers
 * assert with cmocka, so they may only run inside a test.
 */
#ifndef GETT_TESTS_IT_SANDBOX_ORDERS_H
#define GETT_TESTS_IT_SANDBOX_ORDERS_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "base/money.h"
#include "it_sandbox_common.h"

#define NOW	   "2026-11-18T19:30:00Z" /* Wednesday 11:30 in Seattle */
#define PIZZA	   "slice-of-heaven-pizza-co"
#define RAMEN	   "midnight-ramen-yokocho"
#define FALAFEL	   "mercer-street-falafel"
#define BAGELS	   "ballard-bagel-works"
#define BURGERS	   "fremont-burger-lab"
#define COFFEE	   "all-nighter-coffee-roasters"
#define DINER	   "lake-union-diner"
#define SMOKEHOUSE "pioneer-square-smokehouse"
#define PICKUP	   "Pickup"
#define DELIVERY   "DeliveryByMerchant"
#define CARTS	   "/v1/marketplace/carts/"
#define VALIDATE   "/v1/marketplace/orders/validate"
#define PLACE	   "/v1/marketplace/orders/place"

extern sandbox main_sb; /* started with --now NOW by orders_group_start */
extern sandbox aux_sb;	/* for tests that need other options; stopped by stop_aux */
extern json_t *stores_json, *users_json;
extern json_t *catalogs; /* stem -> CatalogSet, filled on first use */

/* ------------------------------------------------------------------ demo data */

/* DEMO_DATADIR/rel, NULL when unreadable. */
json_t *load(const char *rel);
/* Fill (false when unreadable) and release the three globals above; for group setups. */
bool demo_data_load(void);
void demo_data_free(void);
/* cmocka group setup and teardown: the demo data and main_sb. */
int orders_group_start(void **state);
int orders_group_stop(void **state);
/* cmocka test teardown: stops `aux_sb` if a failed test left it running. */
int stop_aux(void **state);
money money_at(const json_t *obj, const char *key); /* asserts an exact amount */
const json_t *store_of(const char *stem);
const json_t *catalog_of(const char *stem);
const json_t *item_of(const char *stem, const char *item_id);
const char *item_named(const char *stem, const char *name); /* first item with the name */
const json_t *group_of(const char *stem, const char *group_id);
/* The group called `name` among the item's own modifierGroupIds. */
const char *group_named(const char *stem, const char *item_id, const char *name);
money price_of(const char *stem, const char *item_name);
/* Contract §4.2: the k-th selection costs the tier with the greatest offset <= k. */
money tier_price(const char *stem, const char *group_id, long long k);
const json_t *user_of(const char *partner_user_id);
const json_t *home_of(const char *partner_user_id); /* the user's first saved address */

/* ------------------------------------------------------------------ building requests */

json_t *line_of(const char *stem, const char *item_name, long long quantity);
/* Adds a selection to `owner` (a line or option line); returns the option line. */
json_t *choose(json_t *owner, const char *stem, const char *group_name, const char *option_name,
	       long long quantity);
/* The §4.1 pizza (Build Your Own, Large, Classic, Pepperoni x2 + Black Olives); *unit is its
   unit price recomputed from the catalog. */
json_t *pizza_line(long long quantity, money *unit);
json_t *cart_of(const char *stem, json_t *lines);				/* steals lines */
json_t *order_of(const char *stem, json_t *lines, const char *mode, money tip); /* + customer */
json_t *delivery_to(const json_t *address);
json_t *add_body(const char *stem, json_t *item, bool with_store, bool with_set);
json_t *card(const char *token); /* cardOnFile payment */

/* ------------------------------------------------------------------ HTTP */

json_t *post(const char *path, const json_t *body, long expect);  /* main_sb, API key */
char *session_on(const sandbox *sb, const char *partner_user_id); /* NULL = anonymous */
/* POSTs body (consumed) and checks the problem and, when non-NULL, errors[0]. */
void expect_problem(const char *path, json_t *body, long status, const char *code,
		    const char *err_code, const char *err_path);
/* Checks every amount, breakdown sum and the total against the documented formula. */
void assert_amounts(const json_t *a, const char *stem, money sub, bool delivery, money tip);

/* ------------------------------------------------------------------ place */

/* Validates `order` (consumed) on sb and builds the place body paying with `payment`. */
json_t *validated_place_body(const sandbox *sb, const char *token, json_t *order, json_t *payment);
json_t *pizza_place_body(const sandbox *sb, const char *card_token, money tip);
json_t *place_on(const sandbox *sb, const json_t *body, const char *key, long expect);
long px_of(const json_t *order); /* the number in partnerOrderId "PX-<n>" */

#endif

/*
 * Shared pieces of the shop integration test (it_shop.c, it_shop_orders.c,
 * it_shop_saved.c, it_shop_checkout.c, it_shop_history.c): a uv
 * loop, one real gett-sandbox per test, an API client with a debug log (to count
 * requests), XDG directories in a fresh temporary directory, and shops on them.
 */
#ifndef GETT_TESTS_IT_SHOP_H
#define GETT_TESTS_IT_SHOP_H

#include <stdbool.h>
#include <stdio.h>
#include <uv.h>

#include "it_demo.h"
#include "net/api.h"
#include "persist/cart_file.h"
#include "persist/journal.h"
#include "proxy_harness.h"
#include "sandbox_harness.h"
#include "shop/shop.h"

#define IT_MAX_SHOPS 4

/* More demo data (data/README.md) than it_demo.h names. */
#define PIZZA_NAME	 "Slice of Heaven Pizza Co."
#define SMOKEHOUSE_STORE "f28ed0cf-ed6b-4ce0-9ff8-d564f463bee4" /* _sandbox.closed */
#define RAMEN_STORE	 "765a39a1-2385-44ee-9455-08f277139fce" /* delivery only, $15 minimum */
#define TACOMA_STORE	 "bf46337b-67ea-42a7-a374-e9cbd8f3b00b" /* 5-mile delivery radius */
#define BYO_PIZZA	 "Build Your Own Pizza"

typedef struct shop_env {
	uv_loop_t loop;
	sandbox sb;
	bool sandbox_up;
	api_client *api;
	char dir[64]; /* temporary root: XDG_STATE_HOME, XDG_CACHE_HOME inside */
	char log_path[96];
	FILE *log;
	api_profile profile;
	retry_policy fast;
	shop_address addresses[2];
	shop_payment payment;
	/* env_start_proxied: the client talks to a rewriting proxy in front of the sandbox. */
	rewrite_proxy proxy;
	bool proxied;
	shop *shops[IT_MAX_SHOPS];
	size_t n_shops;
	/* What on_change reported. */
	unsigned changes;
	int notifications;
	/* Set by a test's observer when it sees something it must never see. */
	bool saw_stale;
} shop_env;

int shop_setup(void **state);
int shop_teardown(void **state);

/* Starts gett-sandbox (data dir NULL = the demo data) with extra arguments (NULL-terminated,
   may be NULL) and an API client for the demo user. */
void env_start(shop_env *env, const char *data_dir, const char *const *args);
/* As env_start with the demo data, behind tests/rewrite_proxy.py with `rules` (a
   NULL-terminated list of JSON rules): for answers the sandbox never gives. */
void env_start_proxied(shop_env *env, const char *const *rules);
/* The base URL the client and the shop use (the proxy's when proxied). */
const char *env_base_url(const shop_env *env);
/* Stops the sandbox only (the client stays); for restarts on the same port. */
void env_stop_sandbox(shop_env *env);
/* Starts gett-sandbox again (data dir NULL = the demo data) on `port`, the one a stopped
   sandbox had, so that the client and the shops reach it at the same URL. */
void env_restart_sandbox(shop_env *env, const char *data_dir, unsigned port);

/* Settings for a shop on env (demo addresses and card, 20 ms debounce). */
shop_settings env_settings(shop_env *env);
shop *env_shop(shop_env *env, const shop_settings *settings);
shop *env_default_shop(shop_env *env);
/* Starts gett-sandbox on the demo data and returns a shop with the default settings. */
shop *env_demo_shop(shop_env *env);
/* The same behind tests/rewrite_proxy.py with `rules` (env_start_proxied). */
shop *env_proxied_shop(shop_env *env, const char *const *rules);
/* Frees a shop (and forgets it). */
void env_free_shop(shop_env *env, shop *s);

/* Runs the loop until shop_busy(s) == 0 (fails after 30 s). */
void wait_idle(shop_env *env, shop *s);
/* Runs the loop for about ms milliseconds. */
void run_for(shop_env *env, long ms);

/* Lines of the debug log with "> METHOD " whose URL contains `fragment`. */
int count_requests(shop_env *env, const char *method, const char *fragment);
/* The Idempotency-Keys sent with place requests, in order (at most max); returns how many. */
int place_keys(shop_env *env, char keys[][37], int max);

/* The result of a direct API call (capture_cb as its callback; await runs the loop until it
   came, failing after 30 s). */
typedef struct capture {
	bool done;
	api_result *r;
} capture;
void capture_cb(api_result *result, void *user);
void await(shop_env *env, capture *c);
/* Writes c as the demo user's saved cart, as a previous run would have (frees c). */
void env_save_cart(shop_env *env, cart *c);
/* Opens store_id in s and waits for its catalog. */
void open_store(shop_env *env, shop *s, const char *store_id);
/* A line for the item called `name` in s's open catalog, from its defaults. */
line_item line_named(shop *s, const char *name);
/* The first item of s's open catalog that has no required group, skipping `skip`. */
line_item simple_line(shop *s, long long quantity, const char *skip);
/* Puts a default Build Your Own Pizza (quantity q) into s's cart. */
void add_pizza(shop_env *env, shop *s, long long q);
/* env_demo_shop (rules NULL) or env_proxied_shop with a Build Your Own Pizza (quantity q) in
   the cart: where most journeys begin. */
shop *env_pizza_shop(shop_env *env, const char *const *rules, long long q);
/* Opens store_id in s, puts its simple_line (quantity q) into the cart and begins
   checkout. */
void checkout_simple_line(shop_env *env, shop *s, const char *store_id, long long q);

/* Runs the loop until s is idle and requires a valid validation with an order (a failure names
   the caller's line, the validation's message and the notice). */
#define expect_valid(env, s) expect_valid_at(env, s, __LINE__)
void expect_valid_at(shop_env *env, shop *s, int line);
/* Requires s's place state to be `want` (a failure names the caller's line, the state and the
   notice). */
#define expect_place_state(s, want) expect_place_state_at(s, want, __LINE__)
void expect_place_state_at(shop *s, shop_place_state want, int line);
/* Places s's order (shop_place), runs the loop until s is idle and requires the place to end
   in `want`, as expect_place_state. */
#define expect_place_ends(env, s, want) expect_place_ends_at(env, s, want, __LINE__)
void expect_place_ends_at(shop_env *env, shop *s, shop_place_state want, int line);
/* A shop with `settings` and a pizza cart (quantity q), in checkout, validated for `mode`. */
shop *validated_pizza(shop_env *env, const shop_settings *settings, shop_mode mode, long long q);
/* The PlaceOrderRequest shop_place builds for s's validated order paid with `card` (caller
   frees): for journaling by hand, as if the app had crashed right after writing it. */
char *place_body_of(shop *s, const shop_payment *card);
/* The demo user's saved carts on env's server (fails the test when it cannot be opened). */
cart_file *env_open_carts(shop_env *env);
/* Whether the demo user's cart file on env's server exists. */
bool env_cart_file_exists(shop_env *env);
/* The place-order journal in env's XDG_STATE_HOME (fails the test when it cannot be opened). */
journal *env_open_journal(void);

/* The cases of each file, for it_shop.c's main (it_demo.h). */
void it_shop_orders_tests(it_tests *all);
void it_shop_saved_tests(it_tests *all);
void it_shop_checkout_tests(it_tests *all);
void it_shop_history_tests(it_tests *all);

#endif

/*
 * The shop (src/shop/shop.h) against a real gett-sandbox: discovery with paging, modes and
 * latest-wins search; stores and the catalog disk cache; the client-owned cart saved,
 * restored and re-checked. Checkout and placing are in it_shop_orders.c, the saved
 * addresses and cards in it_shop_saved.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "persist/cart_file.h"
#include "it_shop.h"
#include "net/loop_wait.h"
#include "rules/modifier_rules.h"

/* ------------------------------------------------------------------ harness */

int shop_setup(void **state)
{
	shop_env *env = calloc(1, sizeof *env);
	if (!env || uv_loop_init(&env->loop) != 0)
		return -1;
	snprintf(env->dir, sizeof env->dir, "/tmp/it_shop_XXXXXX");
	if (!mkdtemp(env->dir))
		return -1;
	char path[128];
	snprintf(path, sizeof path, "%s/state", env->dir);
	setenv("XDG_STATE_HOME", path, 1);
	snprintf(path, sizeof path, "%s/cache", env->dir);
	setenv("XDG_CACHE_HOME", path, 1);
	snprintf(env->log_path, sizeof env->log_path, "%s/api.log", env->dir);
	env->profile = it_demo_profile();
	env->fast = it_fast_retries();
	env->addresses[0] = (shop_address){.label = "home",
					   .address = {.address1 = "1420 E Pine St",
						       .address2 = "Apt 305",
						       .city = "Seattle",
						       .postal_code = "98122",
						       .state = "WA"},
					   .instructions = "Buzz 305 at the side door."};
	env->addresses[1] = (shop_address){.label = "office",
					   .address = {.address1 = "1100 Dexter Ave N",
						       .city = "Seattle",
						       .postal_code = "98109",
						       .state = "WA"}};
	env->payment = (shop_payment){.label = "visa 4242",
				      .info = {.type = "savedCard", .payment_id = DEMO_PAYMENT_ID}};
	*state = env;
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void on_client_down(void *user)
{
	*(bool *)user = true;
}

int shop_teardown(void **state)
{
	shop_env *env = *state;
	while (env->n_shops)
		env_free_shop(env, env->shops[0]);
	if (env->api) {
		bool down = false;
		api_client_shutdown(env->api, on_client_down, &down);
		/* A shutdown that hangs shows below as handles left open. */
		loop_wait(&env->loop, loop_wait_flag_set, &down, 30000);
	}
	if (env->proxied)
		rewrite_proxy_stop(&env->proxy);
	int rc = it_close_loop(&env->loop, &env->sb, env->sandbox_up, "shop_teardown");
	if (env->log)
		fclose(env->log);
	if (!getenv("IT_SHOP_KEEP")) /* for looking at a failure */
		nftw(env->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(env);
	return rc;
}

const char *env_base_url(const shop_env *env)
{
	return env->proxied ? env->proxy.base_url : env->sb.base_url;
}

void env_start_proxied(shop_env *env, const char *const *rules)
{
	assert_true(sandbox_start(&env->sb, DEMO_DATADIR, NULL));
	env->sandbox_up = true;
	assert_true(rewrite_proxy_start(&env->proxy, env->sb.base_url, rules));
	env->proxied = true;
	env_start(env, NULL, NULL);
}

void env_start(shop_env *env, const char *data_dir, const char *const *args)
{
	if (!env->sandbox_up)
		assert_true(sandbox_start(&env->sb, data_dir ? data_dir : DEMO_DATADIR, args));
	env->sandbox_up = true;
	if (env->api)
		return; /* a restart: the client carries on */
	env->log = fopen(env->log_path, "w");
	assert_non_null(env->log);
	api_settings s = {.base_url = env_base_url(env),
			  .api_key = SANDBOX_DEMO_KEY,
			  .profile = &env->profile,
			  .default_policy = &env->fast,
			  .payment_policy = &env->fast,
			  .debug_log = env->log};
	char err[256] = "";
	env->api = api_client_new(&env->loop, &s, err, sizeof err);
	if (!env->api)
		fail_msg("api_client_new: %s", err);
}

void env_stop_sandbox(shop_env *env)
{
	sandbox_stop(&env->sb);
	env->sandbox_up = false;
}

void env_restart_sandbox(shop_env *env, const char *data_dir, unsigned port)
{
	char listen[32];
	snprintf(listen, sizeof listen, "127.0.0.1:%u", port);
	const char *args[] = {"--listen", listen, NULL};
	env_start(env, data_dir, args);
	assert_int_equal(env->sb.port, port);
}

static void observe(shop *s, unsigned changes, void *user)
{
	shop_env *env = user;
	env->changes |= changes;
	env->notifications++;
	/* A result of an older search shown under a newer query would be a stale response. */
	if (!(changes & SHOP_CHANGED_DISCOVERY) || strcmp(shop_discover_query(s), "ramen") != 0)
		return;
	for (size_t i = 0; i < shop_discover_count(s); i++)
		if (strcmp(shop_discover_store(s, i)->store_id, PIZZA_STORE) == 0)
			env->saw_stale = true;
}

shop_settings env_settings(shop_env *env)
{
	return (shop_settings){
	    .loop = &env->loop,
	    .api = env->api,
	    .base_url = env_base_url(env),
	    .user = "demo-user",
	    .home = {SEATTLE_LAT, SEATTLE_LON},
	    .addresses = env->addresses,
	    .n_addresses = 2,
	    .payments = &env->payment,
	    .n_payments = 1,
	    .search_debounce_ms = 20,
	    .on_change = observe,
	    .user_data = env,
	};
}

shop *env_shop(shop_env *env, const shop_settings *settings)
{
	assert_true(env->n_shops < IT_MAX_SHOPS);
	char err[512] = "";
	shop *s = shop_new(settings, err, sizeof err);
	if (!s)
		fail_msg("shop_new: %s", err);
	env->shops[env->n_shops++] = s;
	return s;
}

shop *env_default_shop(shop_env *env)
{
	shop_settings set = env_settings(env);
	return env_shop(env, &set);
}

shop *env_demo_shop(shop_env *env)
{
	env_start(env, NULL, NULL);
	return env_default_shop(env);
}

shop *env_proxied_shop(shop_env *env, const char *const *rules)
{
	env_start_proxied(env, rules);
	return env_default_shop(env);
}

void env_free_shop(shop_env *env, shop *s)
{
	for (size_t i = 0; i < env->n_shops; i++) {
		if (env->shops[i] != s)
			continue;
		env->shops[i] = env->shops[--env->n_shops];
		shop_free(s);
		return;
	}
	fail_msg("env_free_shop: unknown shop");
}

typedef struct shop_goal {
	shop *s;
	bool (*done)(shop *s);
} shop_goal;

static bool shop_goal_met(void *arg)
{
	const shop_goal *g = arg;
	return g->done(g->s);
}

/* Runs the loop until done(s) or ms have passed; returns done(s). */
static bool run_until(shop_env *env, shop *s, bool (*done)(shop *s), long ms)
{
	shop_goal goal = {s, done};
	return loop_wait(&env->loop, shop_goal_met, &goal, (uint64_t)ms);
}

static bool is_idle(shop *s)
{
	return shop_busy(s) == 0;
}

void wait_idle(shop_env *env, shop *s)
{
	if (!run_until(env, s, is_idle, 30000))
		fail_msg("the shop is still busy after 30 s (%zu calls)", shop_busy(s));
}

/* Searches for `query` and waits until the shop has the answer. */
static void search_for(shop_env *env, shop *s, const char *query)
{
	shop_discover_set_query(s, query);
	wait_idle(env, s);
}

void run_for(shop_env *env, long ms)
{
	loop_wait_run_for(&env->loop, (uint64_t)ms);
}

static char *read_log(shop_env *env)
{
	return it_read_log_file(env->log, env->log_path);
}

int count_requests(shop_env *env, const char *method, const char *fragment)
{
	char *log = read_log(env);
	char head[16];
	snprintf(head, sizeof head, "> %s ", method);
	int n = 0;
	for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
		const char *m = strstr(line, head);
		if (m && strstr(m, fragment))
			n++;
	}
	free(log);
	return n;
}

int place_keys(shop_env *env, char keys[][37], int max)
{
	char *log = read_log(env);
	int n = 0;
	const char *tag = "> Idempotency-Key: ";
	for (char *p = log; (p = strstr(p, tag)) && n < max; p++, n++) {
		memcpy(keys[n], p + strlen(tag), 36);
		keys[n][36] = '\0';
	}
	free(log);
	return n;
}

/* ------------------------------------------------------------------ menus and lines */

void capture_cb(api_result *result, void *user)
{
	capture *c = user;
	c->done = true;
	c->r = api_result_take(result);
}

void await(shop_env *env, capture *c)
{
	for (int i = 0; !c->done && i < 3000; i++)
		run_for(env, 10);
	assert_true(c->done);
}

void env_save_cart(shop_env *env, cart *c)
{
	char err[256];
	cart_file *cs = env_open_carts(env);
	assert_true(cart_file_save(cs, c, NULL, err, sizeof err));
	cart_file_close(cs);
	cart_free(c);
}

void open_store(shop_env *env, shop *s, const char *store_id)
{
	shop_open_store(s, store_id);
	assert_true(shop_store_loading(s));
	wait_idle(env, s);
	if (!shop_current_catalog(s))
		fail_msg("store %s: no catalog (%s)", store_id,
			 shop_notice(s) ? shop_notice(s) : "-");
}

line_item line_named(shop *s, const char *name)
{
	const catalog_set *set = shop_current_catalog(s);
	for (size_t i = 0; i < strmap_count(set->items); i++) {
		const catalog_item *item = strmap_value_at(set->items, i);
		if (strcmp(item->name, name) != 0)
			continue;
		line_item line;
		assert_true(modifier_line_from_defaults(set, item->item_id, &line, NULL));
		return line;
	}
	fail_msg("no item called %s", name);
	return (line_item){0};
}

static bool needs_nothing(const catalog_set *set, const catalog_item *item)
{
	for (size_t g = 0; g < item->modifier_group_ids.n; g++) {
		const modifier_group *mg = catalog_find_group(set, item->modifier_group_ids.v[g]);
		if (!mg || mg->minimum_allowed > 0)
			return false;
	}
	return true;
}

line_item simple_line(shop *s, long long quantity, const char *skip)
{
	const catalog_set *set = shop_current_catalog(s);
	for (size_t c = 0; c < strmap_count(set->catalogs); c++) {
		const catalog *cat = strmap_value_at(set->catalogs, c);
		for (size_t k = 0; cat->availability.published && k < cat->section_ids.n; k++) {
			const catalog_section *sec =
			    catalog_find_section(set, cat->section_ids.v[k]);
			for (size_t i = 0; sec && i < sec->item_ids.n; i++) {
				const catalog_item *item =
				    catalog_find_item(set, sec->item_ids.v[i]);
				if (!item || !needs_nothing(set, item) ||
				    (skip && strcmp(item->name, skip) == 0))
					continue;
				line_item line;
				assert_true(
				    modifier_line_from_defaults(set, item->item_id, &line, NULL));
				line.quantity = quantity;
				return line;
			}
		}
	}
	fail_msg("no simple item");
	return (line_item){0};
}

void add_pizza(shop_env *env, shop *s, long long q)
{
	if (!shop_current_catalog(s))
		open_store(env, s, PIZZA_STORE);
	line_item line = line_named(s, BYO_PIZZA);
	line.quantity = q;
	assert_int_equal(shop_cart_add(s, &line, false), SHOP_CART_OK);
	assert_null(line.item_id); /* taken over */
}

shop *env_pizza_shop(shop_env *env, const char *const *rules, long long q)
{
	shop *s = rules ? env_proxied_shop(env, rules) : env_demo_shop(env);
	add_pizza(env, s, q);
	return s;
}

void checkout_simple_line(shop_env *env, shop *s, const char *store_id, long long q)
{
	open_store(env, s, store_id);
	line_item line = simple_line(s, q, NULL);
	assert_int_equal(shop_cart_add(s, &line, false), SHOP_CART_OK);
	shop_checkout_begin(s);
}

void expect_valid_at(shop_env *env, shop *s, int line)
{
	wait_idle(env, s);
	if (shop_validation(s) != SHOP_VALIDATION_VALID)
		fail_msg("line %d: validation %d: %s (notice %s)", line, shop_validation(s),
			 shop_validation_message(s) ? shop_validation_message(s) : "-",
			 shop_notice(s) ? shop_notice(s) : "-");
	assert_non_null(shop_validated_order(s));
}

void expect_place_state_at(shop *s, shop_place_state want, int line)
{
	if (shop_place_state_now(s) != want)
		fail_msg("line %d: place state %d, expected %d: %s", line, shop_place_state_now(s),
			 want, shop_notice(s) ? shop_notice(s) : "-");
}

void expect_place_ends_at(shop_env *env, shop *s, shop_place_state want, int line)
{
	shop_place(s);
	wait_idle(env, s);
	expect_place_state_at(s, want, line);
}

shop *validated_pizza(shop_env *env, const shop_settings *settings, shop_mode mode, long long q)
{
	shop *s = env_shop(env, settings);
	add_pizza(env, s, q);
	shop_checkout_begin(s);
	assert_true(shop_checkout_active(s));
	shop_checkout_set_mode(s, mode);
	expect_valid(env, s);
	assert_int_equal(shop_checkout_mode(s), mode);
	return s;
}

char *place_body_of(shop *s, const shop_payment *card)
{
	const external_order *v = shop_validated_order(s);
	assert_non_null(v);
	json_t *j = json_object();
	json_object_set_new(j, "cart", cart_to_json(shop_cart(s)));
	json_object_set_new(j, "fulfillmentType", json_string(v->fulfillment_type));
	json_object_set_new(j, "amounts", amounts_to_json(v->amounts));
	json_object_set_new(j, "validatedOrderToken", json_string(v->validated_order_token));
	json_object_set_new(j, "payment", payment_info_to_json(&card->info));
	char *body = jsonx_dumps(j);
	json_decref(j);
	return body;
}

cart_file *env_open_carts(shop_env *env)
{
	char err[256];
	cart_file *cs = cart_file_open(NULL, env->sb.base_url, "demo-user", err, sizeof err);
	if (!cs)
		fail_msg("cart_file_open: %s", err);
	return cs;
}

bool env_cart_file_exists(shop_env *env)
{
	cart_file *cs = env_open_carts(env);
	bool exists = access(cart_file_path(cs), F_OK) == 0;
	cart_file_close(cs);
	return exists;
}

journal *env_open_journal(void)
{
	char err[256];
	journal *j = journal_open(NULL, err, sizeof err);
	if (!j)
		fail_msg("journal_open: %s", err);
	return j;
}

/* ------------------------------------------------------------------ discovery */

static void test_discovery_pages_append(void **state)
{
	shop_env *env = *state;
	shop *s = env_demo_shop(env);
	shop_discover_refresh(s);
	assert_true(shop_discover_loading(s));
	wait_idle(env, s);
	assert_int_equal(shop_discover_count(s), SHOP_DISCOVER_PAGE);
	long long total = shop_discover_total(s);
	assert_true(total > SHOP_DISCOVER_PAGE && total <= 2 * SHOP_DISCOVER_PAGE);
	assert_true(shop_discover_has_more(s));
	char *first[SHOP_DISCOVER_PAGE];
	for (size_t i = 0; i < SHOP_DISCOVER_PAGE; i++)
		first[i] = strdup(shop_discover_store(s, i)->store_id);

	shop_discover_more(s);
	assert_true(shop_discover_loading(s));
	shop_discover_more(s); /* one page at a time */
	wait_idle(env, s);
	assert_int_equal(shop_discover_count(s), (size_t)total);
	assert_false(shop_discover_has_more(s));
	for (size_t i = 0; i < SHOP_DISCOVER_PAGE; i++) { /* appended, not replaced */
		assert_string_equal(shop_discover_store(s, i)->store_id, first[i]);
		free(first[i]);
	}
	for (size_t i = 0; i < (size_t)total; i++) {
		const store *st = shop_discover_store(s, i);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(shop_discover_store(s, j)->store_id, st->store_id);
	}
	shop_discover_more(s); /* nothing more: no request */
	assert_int_equal(shop_busy(s), 0);
	/* Two pages, and the delivery-range check once for the location. */
	assert_int_equal(count_requests(env, "POST", "/stores/discover"), 3);
}

static const store *listed(shop *s, const char *store_id)
{
	for (size_t i = 0; i < shop_discover_count(s); i++)
		if (strcmp(shop_discover_store(s, i)->store_id, store_id) == 0)
			return shop_discover_store(s, i);
	return NULL;
}

/* Every mode lists every store; the ones that cannot serve the mode are for greying out. */
static void test_discovery_query_and_mode(void **state)
{
	shop_env *env = *state;
	shop *s = env_demo_shop(env);
	shop_discover_set_query(s, "ramen");
	assert_true(shop_discover_loading(s));
	assert_true(shop_busy(s) > 0); /* the debounce counts as busy */
	wait_idle(env, s);
	assert_string_equal(shop_discover_query(s), "ramen");
	assert_int_equal(shop_discover_count(s), 1);
	assert_string_equal(shop_discover_store(s, 0)->store_id, RAMEN_STORE);
	assert_false(shop_discover_has_more(s));
	assert_true(shop_store_supports_mode(shop_discover_store(s, 0), SHOP_MODE_DELIVERY));

	int sent = count_requests(env, "POST", "/stores/discover");
	shop_discover_set_mode(s, SHOP_MODE_PICKUP); /* Midnight Ramen delivers only */
	assert_int_equal(shop_discover_mode(s), SHOP_MODE_PICKUP);
	assert_true(shop_discover_loading(s));
	wait_idle(env, s);
	assert_int_equal(count_requests(env, "POST", "/stores/discover"), sent + 1);
	const store *ramen = listed(s, RAMEN_STORE);
	assert_non_null(ramen); /* still listed, to be greyed out */
	assert_false(shop_store_supports_mode(ramen, SHOP_MODE_PICKUP));

	search_for(env, s, "");
	assert_int_equal(shop_discover_count(s), SHOP_DISCOVER_PAGE); /* a new first page */
	assert_true(shop_discover_has_more(s));
	assert_true(env->changes & SHOP_CHANGED_DISCOVERY);

	sent = count_requests(env, "POST", "/stores/discover");
	shop_discover_set_query(s, "pizza");
	shop_open_store(s, PIZZA_STORE);
	shop_cancel_pending(s); /* Esc: neither the search nor the store goes on */
	assert_int_equal(shop_busy(s), 0);
	assert_false(shop_discover_loading(s));
	assert_false(shop_store_loading(s));
	run_for(env, 100);
	assert_int_equal(count_requests(env, "POST", "/stores/discover"), sent);
	assert_null(shop_current_store(s));
}

static bool retry_waiting(shop *s)
{
	api_retry_state rs;
	return shop_retry_state(s, &rs);
}

/* The first search gets a 503 and waits to retry; the user types on meanwhile. Without
   latest-wins its late answer (pizza) would replace the newer results (ramen). */
static void test_stale_search_is_dropped(void **state)
{
	shop_env *env = *state;
	const char *args[] = {"--fault", "discover:503:1", NULL};
	env_start(env, NULL, args);
	shop_settings set = env_settings(env);
	set.search_debounce_ms = 1;
	shop *s = env_shop(env, &set);
	shop_discover_set_query(s, "pizza");
	assert_true(run_until(env, s, retry_waiting, 10000));
	api_retry_state rs;
	assert_true(shop_retry_state(s, &rs));
	assert_true(rs.waiting && rs.attempts == 1);

	search_for(env, s, "ramen");
	run_for(env, 1500); /* long enough for the old call's retry to have answered */
	assert_int_equal(api_calls_pending(env->api), 0);
	assert_false(env->saw_stale);
	assert_int_equal(shop_discover_count(s), 1);
	assert_string_equal(shop_discover_store(s, 0)->store_id, RAMEN_STORE);
	/* pizza (its 503), ramen, then the delivery-range check once the search answered. */
	assert_int_equal(count_requests(env, "POST", "/stores/discover"), 3);
}

/* Delivery mode greys a store whose radius does not reach the search location: the shop
   asks, once per location, which stores deliver there. Pickup greys none for range. */
static void test_out_of_range_stores_are_known(void **state)
{
	shop_env *env = *state;
	shop *s = env_demo_shop(env);
	search_for(env, s, "teriyaki");
	const store *tacoma = listed(s, TACOMA_STORE);
	assert_non_null(tacoma); /* listed: greyed, not hidden */
	assert_true(shop_store_supports_mode(tacoma, SHOP_MODE_DELIVERY));
	assert_true(shop_store_out_of_range(s, tacoma));
	int sent = count_requests(env, "POST", "/stores/discover");

	search_for(env, s, "pizza"); /* same place: the range is not asked again */
	assert_int_equal(count_requests(env, "POST", "/stores/discover"), sent + 1);
	const store *pizza = listed(s, PIZZA_STORE);
	assert_non_null(pizza);
	assert_false(shop_store_out_of_range(s, pizza));

	shop_discover_set_mode(s, SHOP_MODE_PICKUP);
	search_for(env, s, "teriyaki");
	assert_false(shop_store_out_of_range(s, listed(s, TACOMA_STORE)));

	shop_discover_set_mode(s, SHOP_MODE_DELIVERY);
	shop_discover_set_location(s, (location){47.2368, -122.4271}); /* at Tacoma Dome */
	wait_idle(env, s);
	tacoma = listed(s, TACOMA_STORE);
	assert_non_null(tacoma);
	assert_false(shop_store_out_of_range(s, tacoma));
	assert_true(shop_store_out_of_range(s, listed(s, PIZZA_STORE)) || !listed(s, PIZZA_STORE));
}

/* A new search that fails says so and shows no stores of the old query under the new one;
   one stopped with Esc says it was stopped. */
static void test_failed_and_stopped_searches(void **state)
{
	shop_env *env = *state;
	shop *s = env_demo_shop(env);
	search_for(env, s, "ramen");
	assert_int_equal(shop_discover_count(s), 1);
	assert_int_equal(shop_discover_end(s), SHOP_SEARCH_ANSWERED);

	env_stop_sandbox(env);
	search_for(env, s, "pizza");
	assert_int_equal(shop_discover_end(s), SHOP_SEARCH_FAILED);
	assert_int_equal(shop_discover_count(s), 0);
	assert_non_null(shop_notice(s));

	shop_discover_set_query(s, "sushi");
	assert_int_equal(shop_discover_end(s), SHOP_SEARCH_ANSWERED); /* pending again */
	shop_cancel_pending(s);
	assert_int_equal(shop_discover_end(s), SHOP_SEARCH_STOPPED);
	assert_false(shop_discover_loading(s));
}

/* A new text leaves the old stores listed, but stale (the UI's Enter must not open them)
   until its answer: search_now skips the debounce, or searches again after Esc, and no page
   of the new text is appended under the old list. */
static void test_stale_list_until_answered(void **state)
{
	shop_env *env = *state;
	env_start(env, NULL, NULL);
	shop_settings set = env_settings(env);
	set.search_debounce_ms = 60000; /* longer than wait_idle waits */
	shop *s = env_shop(env, &set);
	shop_discover_refresh(s);
	wait_idle(env, s);
	assert_false(shop_discover_stale(s));
	assert_true(shop_discover_has_more(s));
	size_t n = shop_discover_count(s);

	shop_discover_set_query(s, "sush");
	assert_true(shop_discover_stale(s));
	assert_int_equal(shop_discover_count(s), n); /* still listed meanwhile */
	shop_discover_search_now(s);
	wait_idle(env, s); /* not 60 s */
	assert_false(shop_discover_stale(s));
	assert_non_null(strstr(shop_discover_store(s, 0)->name, "Shiokaze"));

	shop_discover_set_query(s, "");
	shop_discover_search_now(s);
	wait_idle(env, s);
	int sent = count_requests(env, "POST", "/stores/discover");
	shop_discover_set_query(s, "sushi");
	shop_cancel_pending(s);
	assert_true(shop_discover_stale(s));
	shop_discover_more(s); /* would append sushi's second page under the old list */
	assert_int_equal(shop_busy(s), 0);
	shop_discover_search_now(s);
	assert_true(shop_discover_loading(s));
	wait_idle(env, s);
	assert_false(shop_discover_stale(s));
	assert_non_null(strstr(shop_discover_store(s, 0)->name, "Shiokaze"));
	shop_discover_search_now(s); /* not stale: nothing to hurry */
	assert_int_equal(shop_busy(s), 0);
	assert_int_equal(count_requests(env, "POST", "/stores/discover"), sent + 1);
}

/* ------------------------------------------------------------------ stores and catalogs */

static void test_reopen_uses_the_catalog_cache(void **state)
{
	shop_env *env = *state;
	shop *s = env_demo_shop(env);
	open_store(env, s, PIZZA_STORE);
	assert_string_equal(shop_current_store(s)->name, PIZZA_NAME);
	assert_true(strmap_count(shop_current_catalog(s)->items) > 0);
	assert_int_equal(count_requests(env, "GET", "/catalog-sets/"), 1);
	char path[256];
	snprintf(path, sizeof path, "%s/cache/gett-tui/catalogs/%s.json", env->dir, PIZZA_CATALOG);
	assert_int_equal(access(path, R_OK), 0);
	env_free_shop(env, s);

	shop *again = env_default_shop(env); /* a new session: nothing in memory */
	open_store(env, again, PIZZA_STORE);
	line_item byo = line_named(again, BYO_PIZZA); /* the whole menu is there */
	assert_int_equal(byo.n_groups, 2);	      /* Size and Crust defaults */
	line_item_clear(&byo);
	assert_int_equal(count_requests(env, "GET", "/catalog-sets/"), 1);	 /* from disk */
	assert_int_equal(count_requests(env, "GET", "/stores/" PIZZA_STORE), 2); /* never cached */
}

static void test_unknown_store_notice_names_the_request(void **state)
{
	shop_env *env = *state;
	shop *s = env_demo_shop(env);
	shop_open_store(s, UNKNOWN_GUID);
	wait_idle(env, s);
	assert_null(shop_current_store(s));
	assert_null(shop_current_catalog(s));
	const char *notice = shop_notice(s);
	assert_non_null(notice);
	assert_non_null(strstr(notice, UNKNOWN_GUID)); /* the server's detail */
	/* The ids are the notice's support detail, never in its sentence. */
	assert_null(strstr(notice, "req_"));
	assert_null(strstr(notice, "trace"));
	const char *support = shop_notice_support(s);
	assert_non_null(support);
	assert_true(strncmp(support, "support: request req_", 21) == 0);
	assert_non_null(strstr(support, " · trace "));
	assert_true(env->changes & SHOP_CHANGED_NOTICE);
}

/* ------------------------------------------------------------------ cart */

static cart *saved_cart(shop_env *env)
{
	char problem[512];
	cart_file *cs = env_open_carts(env);
	cart *c = cart_file_load(cs, NULL, problem, sizeof problem);
	assert_string_equal(problem, "");
	cart_file_close(cs);
	return c;
}

/* The items a cart counts (the title's badge) never overflow: a cart file's quantities are
   only known to be >= 1. */
static void test_cart_items_never_overflow(void **state)
{
	shop_env *env = *state;
	shop *s = env_pizza_shop(env, NULL, 1);
	line_item other = simple_line(s, 1, BYO_PIZZA);
	assert_int_equal(shop_cart_add(s, &other, false), SHOP_CART_OK);
	cart *c = cart_copy(shop_cart(s));
	assert_int_equal(c->n_lines, 2);
	env_free_shop(env, s);
	c->lines[0].quantity = c->lines[1].quantity = LLONG_MAX / 2 + 1;
	char err[256];
	cart_file *cs = env_open_carts(env);
	assert_true(cart_file_save(cs, c, NULL, err, sizeof err));
	cart_file_close(cs);
	cart_free(c);
	s = env_default_shop(env);
	assert_int_equal(shop_cart(s)->n_lines, 2);
	assert_true(shop_cart_items(s) == LLONG_MAX);
}

static void test_cart_is_saved_and_restored(void **state)
{
	shop_env *env = *state;
	shop *s = env_pizza_shop(env, NULL, 1);
	line_item other = simple_line(s, 1, BYO_PIZZA);
	assert_int_equal(shop_cart_add(s, &other, false), SHOP_CART_OK);
	assert_int_equal(shop_cart(s)->n_lines, 2);
	shop_cart_set_quantity(s, 0, 3);
	shop_cart_remove(s, 1);
	const cart *c = shop_cart(s);
	assert_int_equal(c->n_lines, 1);
	assert_int_equal(c->lines[0].quantity, 3);
	assert_non_null(c->lines[0].line_item_id);
	assert_string_equal(shop_cart_store_name(s), PIZZA_NAME);
	money subtotal = 0;
	assert_true(shop_cart_estimate(s, &subtotal));
	assert_int_equal(subtotal, 3 * (1100 + 400)); /* basePrice + default Medium, README */
	char *line_id = strdup(c->lines[0].line_item_id);

	cart *disk = saved_cart(env); /* saved on every change */
	assert_non_null(disk);
	assert_int_equal(disk->n_lines, 1);
	assert_int_equal(disk->lines[0].quantity, 3);
	cart_free(disk);
	env_free_shop(env, s);

	shop *again = env_default_shop(env);
	c = shop_cart(again);
	assert_int_equal(c->n_lines, 1); /* restored at once */
	assert_string_equal(c->lines[0].line_item_id, line_id);
	wait_idle(env, again); /* checked against the store's current set */
	assert_int_equal(shop_cart_stale_count(again), 0);
	assert_string_equal(shop_cart_store_name(again), PIZZA_NAME);
	assert_non_null(shop_cart_catalog(again));
	assert_true(shop_cart_estimate(again, &subtotal));
	assert_int_equal(subtotal, 4500);

	shop_cart_clear(again);
	assert_int_equal(shop_cart(again)->n_lines, 0);
	assert_null(saved_cart(env)); /* the file is gone */
	free(line_id);
}

/* A saved cart from an older catalog version, with a line the current set lacks. */
static void test_stale_lines_are_reported_after_restore(void **state)
{
	shop_env *env = *state;
	shop *s = env_demo_shop(env);
	open_store(env, s, PIZZA_STORE);
	cart *old = cart_new(PIZZA_STORE, UNKNOWN_GUID);
	line_item pizza = line_named(s, BYO_PIZZA);
	cart_add_line(old, &pizza);
	line_item gone = {.item_id = strdup(UNKNOWN_GUID), .quantity = 1};
	cart_add_line(old, &gone);
	env_free_shop(env, s);
	env_save_cart(env, old);

	shop *again = env_default_shop(env);
	assert_int_equal(shop_cart(again)->n_lines, 2);
	wait_idle(env, again);
	const cart *c = shop_cart(again);
	assert_int_equal(c->n_lines, 2);		       /* reported, never dropped */
	assert_string_equal(c->catalog_set_id, PIZZA_CATALOG); /* moved to the current set */
	assert_int_equal(shop_cart_stale_count(again), 1);
	assert_false(shop_cart_line_is_stale(again, 0));
	assert_true(shop_cart_line_is_stale(again, 1));
	assert_non_null(strstr(shop_notice(again), "no longer available"));
	cart *disk = saved_cart(env);
	assert_string_equal(disk->catalog_set_id, PIZZA_CATALOG);
	cart_free(disk);

	shop_cart_remove(again, 1);
	assert_int_equal(shop_cart_stale_count(again), 0);
}

static void test_other_store_needs_force(void **state)
{
	shop_env *env = *state;
	shop *s = env_pizza_shop(env, NULL, 1);
	open_store(env, s, COFFEE_STORE);
	line_item coffee = simple_line(s, 1, NULL);
	assert_int_equal(shop_cart_add(s, &coffee, false), SHOP_CART_OTHER_STORE);
	assert_null(coffee.item_id); /* consumed whatever the result */
	assert_int_equal(shop_cart(s)->n_lines, 1);
	assert_string_equal(shop_cart(s)->store_id, PIZZA_STORE);

	coffee = simple_line(s, 2, NULL);
	assert_int_equal(shop_cart_add(s, &coffee, true), SHOP_CART_OK);
	const cart *c = shop_cart(s);
	assert_int_equal(c->n_lines, 1);
	assert_string_equal(c->store_id, COFFEE_STORE);
	assert_int_equal(c->lines[0].quantity, 2);
	assert_string_equal(c->catalog_set_id, shop_current_store(s)->catalog_set_id);
	assert_non_null(strstr(shop_cart_store_name(s), "Coffee"));
	cart *disk = saved_cart(env);
	assert_string_equal(disk->store_id, COFFEE_STORE);
	cart_free(disk);
}

/* The mode the user agreed to switch to (contract §4.7) is kept only with the line: a cart
   of another store not emptied (the user said no) leaves the mode as it was. */
static void test_mode_switch_waits_for_the_add(void **state)
{
	shop_env *env = *state;
	shop *s = env_pizza_shop(env, NULL, 1);
	open_store(env, s, COFFEE_STORE);
	assert_int_equal(shop_discover_mode(s), SHOP_MODE_DELIVERY);
	line_item coffee = simple_line(s, 1, NULL);
	assert_int_equal(shop_cart_add_in_mode(s, &coffee, false, SHOP_MODE_PICKUP),
			 SHOP_CART_OTHER_STORE);
	assert_int_equal(shop_discover_mode(s), SHOP_MODE_DELIVERY);
	assert_string_equal(shop_cart(s)->store_id, PIZZA_STORE);

	coffee = simple_line(s, 1, NULL);
	assert_int_equal(shop_cart_add_in_mode(s, &coffee, true, SHOP_MODE_PICKUP), SHOP_CART_OK);
	assert_int_equal(shop_discover_mode(s), SHOP_MODE_PICKUP);
	assert_string_equal(shop_cart(s)->store_id, COFFEE_STORE);
	wait_idle(env, s);
}

/* A line that would be refused anyway never empties another store's cart, even forced. */
static void test_refused_line_keeps_the_other_cart(void **state)
{
	shop_env *env = *state;
	shop *s = env_pizza_shop(env, NULL, 1);
	open_store(env, s, COFFEE_STORE);
	/* Holiday Specials has availability null: never orderable (contract §4.4). */
	line_item latte = line_named(s, "Pumpkin Spice Latte");
	assert_int_equal(shop_cart_add(s, &latte, false), SHOP_CART_INVALID);
	assert_non_null(strstr(shop_notice(s), "Not available"));
	latte = line_named(s, "Pumpkin Spice Latte");
	assert_int_equal(shop_cart_add(s, &latte, true), SHOP_CART_INVALID);
	line_item none = simple_line(s, 1, NULL);
	none.quantity = 0;
	assert_int_equal(shop_cart_add(s, &none, true), SHOP_CART_INVALID);
	const cart *c = shop_cart(s);
	assert_int_equal(c->n_lines, 1);
	assert_string_equal(c->store_id, PIZZA_STORE);
	assert_non_null(strstr(shop_cart_store_name(s), "Slice of Heaven"));
	cart *disk = saved_cart(env);
	assert_non_null(disk);
	assert_string_equal(disk->store_id, PIZZA_STORE);
	assert_int_equal(disk->n_lines, 1);
	cart_free(disk);
	/* A store that is not taking orders (manually closed) refuses every line. */
	open_store(env, s, SMOKEHOUSE_STORE);
	line_item bbq = simple_line(s, 1, NULL);
	assert_int_equal(shop_cart_add(s, &bbq, true), SHOP_CART_INVALID);
	assert_non_null(strstr(shop_notice(s), "store"));
	assert_int_equal(shop_cart(s)->n_lines, 1);
	assert_string_equal(shop_cart(s)->store_id, PIZZA_STORE);
}

static void test_invalid_lines_are_refused(void **state)
{
	shop_env *env = *state;
	shop *s = env_demo_shop(env);
	open_store(env, s, PIZZA_STORE);
	line_item bare = line_named(s, BYO_PIZZA); /* without its required Size and Crust */
	for (size_t i = 0; i < bare.n_groups; i++) {
		cart_modifier_group *g = &bare.groups[i];
		for (size_t j = 0; j < g->n_items; j++)
			line_item_clear(&g->items[j]);
		g->n_items = 0;
	}
	assert_int_equal(shop_cart_add(s, &bare, false), SHOP_CART_INVALID);
	assert_null(bare.groups);			 /* consumed */
	assert_non_null(strstr(shop_notice(s), "Size")); /* the first rule broken */
	line_item none = line_named(s, BYO_PIZZA);
	none.quantity = 0;
	assert_int_equal(shop_cart_add(s, &none, false), SHOP_CART_INVALID);
	line_item unknown = {.item_id = strdup(UNKNOWN_GUID), .quantity = 1};
	assert_int_equal(shop_cart_add(s, &unknown, false), SHOP_CART_INVALID);
	assert_non_null(strstr(shop_notice(s), "not on the menu"));
	assert_int_equal(shop_cart(s)->n_lines, 0);
	assert_null(saved_cart(env));

	add_pizza(env, s, 1);
	line_item worse = line_named(s, BYO_PIZZA);
	worse.quantity = -1;
	assert_int_equal(shop_cart_replace(s, 0, &worse), SHOP_CART_INVALID);
	line_item two = line_named(s, BYO_PIZZA);
	two.quantity = 2;
	char *id = strdup(shop_cart(s)->lines[0].line_item_id);
	assert_int_equal(shop_cart_replace(s, 0, &two), SHOP_CART_OK);
	assert_int_equal(shop_cart(s)->lines[0].quantity, 2);
	assert_string_equal(shop_cart(s)->lines[0].line_item_id, id); /* same line */
	free(id);
}

#define T(f) cmocka_unit_test_setup_teardown(f, shop_setup, shop_teardown)

int main(void)
{
	static const struct CMUnitTest tests[] = {
	    T(test_discovery_pages_append),
	    T(test_discovery_query_and_mode),
	    T(test_failed_and_stopped_searches),
	    T(test_out_of_range_stores_are_known),
	    T(test_stale_search_is_dropped),
	    T(test_stale_list_until_answered),
	    T(test_reopen_uses_the_catalog_cache),
	    T(test_unknown_store_notice_names_the_request),
	    T(test_cart_is_saved_and_restored),
	    T(test_cart_items_never_overflow),
	    T(test_stale_lines_are_reported_after_restore),
	    T(test_refused_line_keeps_the_other_cart),
	    T(test_other_store_needs_force),
	    T(test_mode_switch_waits_for_the_add),
	    T(test_invalid_lines_are_refused),
	};
	static it_tests all;
	it_tests_add(&all, tests, sizeof tests / sizeof *tests);
	it_shop_orders_tests(&all);
	it_shop_saved_tests(&all);
	it_shop_checkout_tests(&all);
	it_shop_history_tests(&all);
	return it_tests_run(&all, "IT_SHOP_FILTER");
}

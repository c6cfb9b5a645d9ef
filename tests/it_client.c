/*
 * The API client (src/net/api.h) against a real gett-sandbox: every consumer call on
 * the demo data, every error shape, every --fault kind, cancellation and stale
 * responses, sessions (creation, renewal, 401 re-creation, invalidation on
 * shutdown) and the redaction of secrets. Order calls are in it_client_orders.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "it_client.h"
#include "net/loop_wait.h"

/* ------------------------------------------------------------------ harness */

int it_setup(void **state)
{
	it_env *env = calloc(1, sizeof *env);
	if (!env || uv_loop_init(&env->loop) != 0)
		return -1;
	env->loop_up = true;
	env->profile = it_demo_profile();
	env->fast = it_fast_retries();
	snprintf(env->log_path, sizeof env->log_path, "/tmp/it_client_%ld.log", (long)getpid());
	*state = env;
	return 0;
}

typedef struct count_goal {
	const int *counter;
	int target;
} count_goal;

static bool count_reached(void *arg)
{
	const count_goal *g = arg;
	return *g->counter >= g->target;
}

static void on_client_down(void *user)
{
	(*(int *)user)++;
}

void it_shutdown_clients(it_env *env)
{
	int down = 0, want = (int)env->n_clients;
	for (size_t i = 0; i < env->n_clients; i++)
		api_client_shutdown(env->clients[i], on_client_down, &down);
	env->n_clients = 0;
	count_goal all = {&down, want};
	loop_wait(&env->loop, count_reached, &all, 30000); /* teardown then finds what is left */
}

int it_teardown(void **state)
{
	it_env *env = *state;
	it_shutdown_clients(env);
	int rc = it_close_loop(&env->loop, &env->sb, env->sandbox_up, "it_teardown");
	if (env->log)
		fclose(env->log);
	if (!getenv("IT_CLIENT_KEEP_LOG")) /* for looking at a failure */
		unlink(env->log_path);
	free(env);
	return rc;
}

void it_start_sandbox(it_env *env, const char *const *args)
{
	assert_true(sandbox_start(&env->sb, DEMO_DATADIR, args));
	env->sandbox_up = true;
}

api_settings it_settings(it_env *env)
{
	return (api_settings){.base_url = env->sb.base_url,
			      .api_key = SANDBOX_DEMO_KEY,
			      .profile = &env->profile,
			      .default_policy = &env->fast};
}

api_client *it_client(it_env *env, const api_settings *settings)
{
	assert_true(env->n_clients < IT_MAX_CLIENTS);
	char err[256] = "";
	api_client *client = api_client_new(&env->loop, settings, err, sizeof err);
	if (!client)
		fail_msg("api_client_new: %s", err);
	env->clients[env->n_clients++] = client;
	return client;
}

api_client *it_demo_client(it_env *env)
{
	it_start_sandbox(env, NULL);
	api_settings s = it_settings(env);
	return it_client(env, &s);
}

api_client *it_demo_client_logged(it_env *env)
{
	it_start_sandbox(env, NULL);
	api_settings s = it_settings(env);
	s.debug_log = it_open_log(env);
	return it_client(env, &s);
}

void it_ensure_session(it_env *env, api_client *client)
{
	capture c = {0};
	api_session_ensure(client, it_capture_cb, &c);
	it_expect_ok(env, &c);
	it_capture_clear(&c);
}

FILE *it_open_log(it_env *env)
{
	if (!env->log)
		env->log = fopen(env->log_path, "w");
	assert_non_null(env->log);
	return env->log;
}

char *it_read_log(it_env *env)
{
	return it_read_log_file(env->log, env->log_path);
}

void it_expect_log_at(it_env *env, const char *const *present, const char *const *absent, int line)
{
	char *log = it_read_log(env);
	for (; present && *present; present++)
		if (!strstr(log, *present))
			fail_msg("line %d: the debug log lacks \"%s\"", line, *present);
	for (; absent && *absent; absent++)
		if (strstr(log, *absent))
			fail_msg("line %d: the debug log holds \"%s\"", line, *absent);
	free(log);
}

void it_capture_cb(api_result *result, void *user)
{
	capture *c = user;
	c->calls++;
	api_result_free(c->r);
	c->r = api_result_take(result);
}

void it_capture_clear(capture *c)
{
	api_result_free(c->r);
	c->r = NULL;
	c->calls = 0;
}

void it_wait(it_env *env, const capture *c, int calls)
{
	count_goal goal = {&c->calls, calls};
	if (!loop_wait(&env->loop, count_reached, &goal, 30000))
		fail_msg("no callback within 30 s (%d of %d)", c->calls, calls);
}

void it_run_for(it_env *env, long ms)
{
	loop_wait_run_for(&env->loop, (uint64_t)ms);
}

void it_expect_ok(it_env *env, capture *c)
{
	it_wait(env, c, 1);
	if (c->r->outcome != API_OK)
		fail_msg("%s: outcome %d, status %ld: %s", endpoint_name(c->r->endpoint),
			 c->r->outcome, c->r->status, c->r->message ? c->r->message : "-");
}

/* ------------------------------------------------------------------ happy paths */

static discover_stores_request seattle(const char *query)
{
	return (discover_stores_request){.location = {SEATTLE_LAT, SEATTLE_LON},
					 .query = (char *)query};
}

static void test_browse_calls_succeed(void **state)
{
	it_env *env = *state;
	api_client *client = it_demo_client(env);
	capture c = {0};

	api_session_ensure(client, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_non_null(c.r->session);
	assert_false(c.r->session->is_anonymous);
	assert_non_null(api_session_current(client));

	it_capture_clear(&c);
	discover_stores_request q = seattle(NULL);
	api_discover(client, &q, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_true(c.r->stores->n_stores > 0);
	assert_true(c.r->stores->total_count >= (long long)c.r->stores->n_stores);

	it_capture_clear(&c);
	api_store_get(client, PIZZA_STORE, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_string_equal(c.r->store->store_id, PIZZA_STORE);
	assert_string_equal(c.r->store->catalog_set_id, PIZZA_CATALOG);

	it_capture_clear(&c);
	api_catalog_set_get(client, PIZZA_CATALOG, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_true(strmap_count(c.r->catalog_set->items) > 10);
	json_t *raw = json_loads(c.r->raw_json, 0, NULL); /* what a catalog cache would keep */
	assert_non_null(raw);
	assert_int_equal(json_object_size(json_object_get(raw, "items")),
			 strmap_count(c.r->catalog_set->items));
	json_decref(raw);
	it_capture_clear(&c);
}

static void test_session_and_checkout_calls_succeed(void **state)
{
	it_env *env = *state;
	api_client *client = it_demo_client(env);
	capture c = {0};

	api_session_me(client, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_non_null(c.r->me->user);
	assert_string_equal(c.r->me->user->email, DEMO_USER_EMAIL);

	it_capture_clear(&c);
	fulfillment_context fc = {.mode = FULFILLMENT_DELIVERY, .address_id = DEMO_ADDRESS_ID};
	api_fulfillment_context_set(client, &fc, it_capture_cb, &c);
	it_expect_ok(env, &c);

	it_capture_clear(&c);
	api_addresses_list(client, 0, 10, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_true(c.r->addresses->n_items >= 1);

	it_capture_clear(&c);
	address_input home = {
	    .address1 = "500 Pine St", .city = "Seattle", .postal_code = "98101", .state = "WA"};
	api_address_add(client, &home, it_capture_cb, &c);
	it_expect_ok(env, &c);
	char *first_id = strdup(c.r->address->address_id);
	it_capture_clear(&c);
	api_address_add(client, &home, it_capture_cb, &c); /* the server dedups */
	it_expect_ok(env, &c);
	assert_string_equal(c.r->address->address_id, first_id);
	free(first_id);

	it_capture_clear(&c);
	api_payments_list(client, -1, -1, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_true(c.r->payments->n_items >= 1);

	it_capture_clear(&c);
	add_payment_card_request card = {.billing_address = home,
					 .bin = "424242",
					 .card_number = "tok_card_4242424242424242",
					 .card_type = "visa",
					 .cvc = "tok_cvc_987",
					 .last_four = "4242",
					 .expiration = "2030-12-31"};
	api_payment_add(client, &card, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_string_equal(c.r->payment->last_four, "4242");

	it_capture_clear(&c);
	update_profile_request profile = {.phone = "+12065550199"};
	api_profile_update(client, &profile, it_capture_cb, &c);
	it_expect_ok(env, &c);

	it_capture_clear(&c);
	api_session_invalidate(client, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_null(api_session_current(client));
	it_capture_clear(&c);
}

/* ------------------------------------------------------------------ error shapes */

static void test_store_not_found_is_a_problem(void **state)
{
	it_env *env = *state;
	api_client *client = it_demo_client(env);
	capture c = {0};
	api_store_get(client, UNKNOWN_GUID, it_capture_cb, &c);
	it_wait(env, &c, 1);
	assert_int_equal(c.r->outcome, API_ERR_HTTP);
	assert_int_equal(c.r->status, 404);
	assert_string_equal(c.r->problem->error_code, "STORE_NOT_FOUND");
	assert_non_null(c.r->request_id);
	assert_non_null(c.r->trace_id);
	assert_false(c.r->non_json_reply);
	assert_int_equal(c.r->attempts, 1); /* not retryable */
	assert_non_null(strstr(c.r->message, "STORE_NOT_FOUND"));
	it_capture_clear(&c);
}

static void test_malformed_guid_is_an_empty_404(void **state)
{
	it_env *env = *state;
	api_client *client = it_demo_client(env);
	capture c = {0};
	api_store_get(client, "not-a-guid", it_capture_cb, &c);
	it_wait(env, &c, 1);
	assert_int_equal(c.r->outcome, API_ERR_HTTP);
	assert_int_equal(c.r->status, 404);
	assert_true(c.r->non_json_reply);
	assert_true(c.r->problem->non_json_reply);
	assert_string_equal(c.r->problem->error_code, "NOT_FOUND");
	assert_int_equal(c.r->attempts, 1);
	it_capture_clear(&c);
}

static void test_bad_key_is_401_and_never_shown(void **state)
{
	it_env *env = *state;
	it_start_sandbox(env, NULL);
	static const char bad_key[] = "zpka_not_the_right_key_4711";
	api_settings s = it_settings(env);
	s.api_key = bad_key;
	s.profile = NULL;
	s.debug_log = it_open_log(env);
	api_client *client = it_client(env, &s);
	capture c = {0};
	discover_stores_request q = seattle(NULL);
	api_discover(client, &q, it_capture_cb, &c);
	it_wait(env, &c, 1);
	assert_int_equal(c.r->outcome, API_ERR_HTTP);
	assert_int_equal(c.r->status, 401);
	assert_string_equal(c.r->problem->error_code, "UNAUTHENTICATED");
	assert_null(strstr(c.r->message, bad_key));
	assert_null(api_session_current(client));

	it_capture_clear(&c);
	api_session_ensure(client, it_capture_cb, &c);
	it_wait(env, &c, 1);
	assert_int_equal(c.r->status, 401);
	assert_null(strstr(c.r->message, bad_key));
	it_capture_clear(&c);

	it_expect_log(env, IT_TEXTS("Authorization: Bearer [REDACTED]"), IT_TEXTS(bad_key));
}

static void test_anonymous_session_needs_a_user(void **state)
{
	it_env *env = *state;
	it_start_sandbox(env, NULL);
	api_settings s = it_settings(env);
	s.profile = NULL; /* anonymous session */
	api_client *client = it_client(env, &s);
	capture c = {0};
	api_payments_list(client, -1, -1, it_capture_cb, &c);
	it_wait(env, &c, 1);
	assert_non_null(api_session_current(client));
	assert_true(api_session_current(client)->is_anonymous);
	assert_int_equal(c.r->outcome, API_ERR_HTTP);
	assert_int_equal(c.r->status, 401);
	assert_string_equal(c.r->problem->error_code, "SESSION_USER_REQUIRED");
	assert_string_equal(
	    c.r->message, "This needs a signed-in user: set email, first-name and last-name in the "
			  "[profile] of your gett-tui configuration");
	assert_int_equal(c.r->attempts, 1); /* no session re-creation for this 401 */
	it_capture_clear(&c);
}

/* ------------------------------------------------------------------ faults and retries */

typedef struct retry_seen {
	int count;
	long first_remaining_ms;
	int attempts_at_first;
	bool cancel; /* cancel the call from the observer */
} retry_seen;

static void on_retry(api_handle *call, api_endpoint endpoint, const api_retry_state *st, void *user)
{
	(void)endpoint;
	retry_seen *seen = user;
	if (seen->count++ == 0) {
		seen->first_remaining_ms = st->remaining_ms;
		seen->attempts_at_first = st->attempts;
	}
	assert_true(st->waiting);
	api_retry_state queried;
	api_handle_retry_state(call, &queried);
	assert_true(queried.waiting);
	assert_int_equal(queried.next_retry_at, st->next_retry_at);
	if (seen->cancel)
		api_cancel(call);
}

static api_client *fault_client(it_env *env, const char *fault, retry_seen *seen, long timeout_ms)
{
	const char *args[] = {"--fault", fault, NULL};
	it_start_sandbox(env, args);
	api_settings s = it_settings(env);
	s.profile = NULL;
	s.on_retry = on_retry;
	s.on_retry_user = seen;
	s.timeout_ms = timeout_ms;
	s.debug_log = it_open_log(env);
	return it_client(env, &s);
}

static void test_429_waits_retry_after(void **state)
{
	it_env *env = *state;
	retry_seen seen = {0};
	api_client *client = fault_client(env, "discover:429:1", &seen, 0);
	capture c = {0};
	discover_stores_request q = seattle("pizza");
	uint64_t t0 = uv_now(&env->loop);
	api_discover(client, &q, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_int_equal(c.r->attempts, 2);
	assert_int_equal(seen.count, 1);
	assert_int_equal(seen.attempts_at_first, 1);
	/* retryAfter (1 s) wins over the 40 ms backoff of the fast policy */
	assert_in_range(seen.first_remaining_ms, 900, 1000);
	assert_true(uv_now(&env->loop) - t0 >= 950);
	it_capture_clear(&c);
}

/* The store read through `fault` succeeds at the try `attempts`, each retry seen by the
   observer; a failure names the fault. */
static void expect_store_read_at_try(it_env *env, const char *fault, long timeout_ms, int attempts)
{
	retry_seen seen = {0};
	api_client *client = fault_client(env, fault, &seen, timeout_ms);
	capture c = {0};
	api_store_get(client, PIZZA_STORE, it_capture_cb, &c);
	it_expect_ok(env, &c);
	if (c.r->attempts != attempts || seen.count != attempts - 1)
		fail_msg("%s: read after %d attempts and %d retries seen, expected %d and %d",
			 fault, c.r->attempts, seen.count, attempts, attempts - 1);
	it_capture_clear(&c);
}

static void test_500_retried_until_success(void **state)
{
	expect_store_read_at_try(*state, "store:500:2", 0, 3);
}

/*
 * libcurl itself re-sends a request once when a reused keep-alive connection turns out to be
 * closed before any answer arrived, so a reset is only seen on a fresh connection: the
 * request under test is the first one of a client that uses a given session token.
 */
api_client *it_fresh_token_client(it_env *env, api_client *owner, const api_settings *base)
{
	it_ensure_session(env, owner);
	api_settings s = *base;
	s.api_key = NULL;
	s.profile = NULL;
	s.session_token = api_session_token(owner);
	return it_client(env, &s);
}

static void test_reset_retried(void **state)
{
	it_env *env = *state;
	retry_seen seen = {0};
	api_client *owner = fault_client(env, "discover:reset:1", &seen, 0);
	api_settings s = it_settings(env);
	s.on_retry = on_retry;
	s.on_retry_user = &seen;
	api_client *client = it_fresh_token_client(env, owner, &s);
	capture c = {0};
	discover_stores_request q = seattle(NULL);
	api_discover(client, &q, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_int_equal(c.r->attempts, 2);
	assert_int_equal(seen.count, 1);
	it_capture_clear(&c);
}

static void test_garbage_is_a_clean_non_json_error(void **state)
{
	it_env *env = *state;
	retry_seen seen = {0};
	api_client *client = fault_client(env, "discover:garbage:1", &seen, 0);
	capture c = {0};
	discover_stores_request q = seattle(NULL);
	api_discover(client, &q, it_capture_cb, &c);
	it_wait(env, &c, 1);
	assert_int_equal(c.r->outcome, API_ERR_NON_JSON);
	assert_int_equal(c.r->status, 200);
	assert_true(c.r->non_json_reply);
	assert_null(c.r->stores);
	assert_int_equal(c.r->attempts, 1);
	assert_int_equal(seen.count, 0);
	assert_non_null(strstr(c.r->message, "non-JSON"));

	it_capture_clear(&c); /* the fault is used up: the same call now works */
	api_discover(client, &q, it_capture_cb, &c);
	it_expect_ok(env, &c);
	it_capture_clear(&c);
}

static void test_timeout_is_retried_then_a_transport_error(void **state)
{
	it_env *env = *state;
	retry_seen seen = {0};
	retry_policy two = env->fast;
	two.max_attempts = 2;
	env->fast = two;
	api_client *client = fault_client(env, "discover:timeout", &seen, 300);
	capture c = {0};
	discover_stores_request q = seattle(NULL);
	api_discover(client, &q, it_capture_cb, &c);
	it_wait(env, &c, 1);
	assert_int_equal(c.r->outcome, API_ERR_TRANSPORT);
	assert_true(c.r->timed_out);
	assert_int_equal(c.r->status, 0);
	assert_int_equal(c.r->attempts, 2);
	assert_int_equal(seen.count, 1);
	/* In words (net/http_error.h), as a sentence: which host, and the limit that ran out. */
	assert_non_null(c.r->message);
	if (strncmp(c.r->message, "No answer from 127.0.0.1:", 25) != 0 ||
	    !strstr(c.r->message, " within 300 ms."))
		fail_msg("message: %s", c.r->message);
	it_capture_clear(&c);
}

static void test_timeout_once_then_success(void **state)
{
	expect_store_read_at_try(*state, "store:timeout:1", 300, 2);
}

static void test_retry_wait_can_be_cancelled(void **state)
{
	it_env *env = *state;
	retry_seen seen = {.cancel = true};
	api_client *client = fault_client(env, "discover:429:1", &seen, 0);
	capture c = {0};
	discover_stores_request q = seattle(NULL);
	api_discover(client, &q, it_capture_cb, &c);
	it_run_for(env, 1500);
	assert_int_equal(seen.count, 1);
	assert_int_equal(c.calls, 0);
	assert_int_equal(api_calls_pending(client), 0);
}

/* ------------------------------------------------------------------ cancellation */

typedef struct search_box {
	api_slot slot;
	int current; /* callbacks for the slot's current call */
	int stale;   /* callbacks for any other call: must stay 0 */
} search_box;

static void on_search(api_result *r, void *user)
{
	search_box *box = user;
	if (!api_slot_finish(&box->slot, r)) {
		box->stale++;
		return;
	}
	box->current++;
}

static void test_stale_search_never_calls_back(void **state)
{
	it_env *env = *state;
	it_start_sandbox(env, NULL);
	api_settings s = it_settings(env);
	s.profile = NULL;
	api_client *client = it_client(env, &s);
	it_ensure_session(env, client);
	search_box box = {0};
	discover_stores_request q1 = seattle("piz"), q2 = seattle("pizza");
	api_slot_start(&box.slot, api_discover(client, &q1, on_search, &box));
	api_handle *second = api_discover(client, &q2, on_search, &box);
	api_slot_start(&box.slot, second); /* cancels the first */
	assert_int_equal(box.slot.generation, 2);
	assert_int_equal(api_calls_pending(client), 1);
	count_goal first = {&box.current, 1};
	assert_true(loop_wait(&env->loop, count_reached, &first, 30000));
	it_run_for(env, 300);
	assert_int_equal(box.current, 1);
	assert_int_equal(box.stale, 0);
	assert_null(box.slot.call);
	assert_int_equal(api_calls_pending(client), 0);
}

static void test_errors_are_never_delivered_synchronously(void **state)
{
	it_env *env = *state;
	api_client *client = it_demo_client(env);
	capture c = {0};
	api_handle *h = api_store_get(client, NULL, it_capture_cb, &c);
	assert_non_null(h);
	assert_int_equal(c.calls, 0);
	it_wait(env, &c, 1);
	assert_int_equal(c.r->outcome, API_ERR_REQUEST);
	assert_int_equal(c.r->attempts, 0);
	assert_ptr_equal(c.r->handle, h);

	it_capture_clear(&c); /* cancelled before its deferred delivery: silent */
	api_cancel(api_store_get(client, "", it_capture_cb, &c));
	it_run_for(env, 100);
	assert_int_equal(c.calls, 0);
	assert_int_equal(api_calls_pending(client), 0);
}

/* ------------------------------------------------------------------ pure parts */

static void test_json_path_lines(void **state)
{
	(void)state;
	const char *rest;
	assert_int_equal(api_json_path_line("$.cart.lineItems[2].modifierGroups[0]", &rest), 2);
	assert_string_equal(rest, ".modifierGroups[0]");
	assert_int_equal(api_json_path_line("$.lineItems[0]", &rest), 0);
	assert_string_equal(rest, "");
	assert_int_equal(api_json_path_line("$.cart.lineItems[12].quantity", NULL), 12);
	assert_int_equal(api_json_path_line("$.amounts.tip", &rest), -1);
	assert_null(rest);
	assert_int_equal(api_json_path_line("$.cart.lineItems", NULL), -1);
	assert_int_equal(api_json_path_line("$.cart.lineItems[x]", NULL), -1);
	assert_int_equal(api_json_path_line("$.cart.lineItems[1", NULL), -1);
	assert_int_equal(api_json_path_line("$.cart.lineItems[1]x", NULL), -1);
	assert_int_equal(api_json_path_line("$.x.cart.lineItems[1]", NULL), -1);
	assert_int_equal(api_json_path_line(NULL, NULL), -1);

	validation_error_list src = {0};
	validation_error_list_add(&src, "ITEM_UNAVAILABLE", "Gone", "i1",
				  "$.cart.lineItems[1].modifierGroups[0].items[2]");
	validation_error_list_add(&src, "TIP_NOT_ACCEPTED", "No tips", NULL, "$.amounts.tip");
	validation_error_list_add(&src, "ITEM_UNAVAILABLE", "Past the end", NULL,
				  "$.cart.lineItems[5]");
	validation_error_list_add(&src, "STORE_CLOSED", "Closed", NULL, NULL);
	/* The 422 example of §5: an itemId and no jsonPath (nor message) belongs to every line
	   holding the item; an item the cart does not hold stays off the lines. */
	validation_error_list_add(&src, "MODIFIER_REQUIRED", NULL, "i1", NULL);
	validation_error_list_add(&src, "ITEM_UNAVAILABLE", NULL, "i9", NULL);
	static const char *const items[] = {"i1", "i2", "i1"};
	api_line_errors out = {0};
	api_line_errors_from(&out, &src, 3, items);
	assert_int_equal(out.n, 7);
	assert_int_equal(out.v[4].line, 0);
	assert_int_equal(out.v[5].line, 2);
	assert_string_equal(out.v[5].code, "MODIFIER_REQUIRED");
	assert_null(out.v[5].message);
	assert_null(out.v[5].field);
	assert_int_equal(out.v[6].line, -1);
	assert_string_equal(out.v[6].item_id, "i9");
	assert_int_equal(out.v[0].line, 1);
	assert_string_equal(out.v[0].field, "modifierGroups[0].items[2]");
	assert_string_equal(out.v[0].item_id, "i1");
	assert_int_equal(out.v[1].line, -1);
	assert_string_equal(out.v[1].field, "$.amounts.tip");
	assert_int_equal(out.v[2].line, -1); /* the cart has 3 lines */
	assert_int_equal(out.v[3].line, -1);
	assert_null(out.v[3].field);
	api_line_errors_clear(&out);
	validation_error_list_clear(&src);
}

static void test_url_policy_and_missing_url(void **state)
{
	it_env *env = *state;
	char err[256] = "";
	api_settings s = {.base_url = "http://example.com", .api_key = "zpka_x"};
	assert_null(api_client_new(&env->loop, &s, err, sizeof err));
	assert_true(err[0] != '\0');
	assert_null(strstr(err, "zpka_x"));
	s.base_url = NULL;
	err[0] = '\0';
	assert_null(api_client_new(&env->loop, &s, err, sizeof err));
	assert_true(err[0] != '\0');
}

#define T(f) cmocka_unit_test_setup_teardown(f, it_setup, it_teardown)

int main(void)
{
	static const struct CMUnitTest tests[] = {
	    T(test_json_path_lines),
	    T(test_url_policy_and_missing_url),
	    T(test_browse_calls_succeed),
	    T(test_session_and_checkout_calls_succeed),
	    T(test_store_not_found_is_a_problem),
	    T(test_malformed_guid_is_an_empty_404),
	    T(test_bad_key_is_401_and_never_shown),
	    T(test_anonymous_session_needs_a_user),
	    T(test_429_waits_retry_after),
	    T(test_500_retried_until_success),
	    T(test_reset_retried),
	    T(test_garbage_is_a_clean_non_json_error),
	    T(test_timeout_is_retried_then_a_transport_error),
	    T(test_timeout_once_then_success),
	    T(test_retry_wait_can_be_cancelled),
	    T(test_stale_search_never_calls_back),
	    T(test_errors_are_never_delivered_synchronously),
	};
	static it_tests all;
	it_tests_add(&all, tests, sizeof tests / sizeof *tests);
	it_client_sessions_tests(&all);
	it_client_orders_tests(&all);
	it_client_wire_tests(&all);
	return it_tests_run(&all, "IT_CLIENT_FILTER");
}

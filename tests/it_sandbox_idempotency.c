/*
 * Idempotency of place (contract §2.10, §6 Q8) against the demo data: replays, what is and is
 * not pinned to a key, concurrent requests with one key, strict mode, commit-then-reset, and
 * the 24-hour window.
 *
 * The cache lives in the server's memory, so a restart with a later --now cannot show the
 * window closing over HTTP. test_replay_window_is_24_hours checks it in-process instead,
 * through the world's own cache functions (the ones place uses) and a frozen clock that the
 * test moves. The caps on the cache and the session table are checked the same way.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "it_sandbox_orders.h"
#include "world.h"

#define RACERS 8
#define DAY_MS (24LL * 3600 * 1000)

static bool replayed(const http_reply *r)
{
	char v[16];
	return sandbox_http_header(r, "Idempotent-Replayed", v, sizeof v) && strcmp(v, "true") == 0;
}

/* Places `body` under `key` on the main sandbox; returns the body and whether it was a
   replay. */
static json_t *place_again(const json_t *body, const char *key, long expect, bool *was_replay)
{
	http_reply r;
	send_raw(&main_sb, "POST", PLACE, SANDBOX_DEMO_KEY, body, key, &r);
	assert_int_equal(r.status, expect);
	assert_conventions(&r, PLACE);
	*was_replay = replayed(&r);
	json_t *j = http_json(&r);
	http_reply_clear(&r);
	return j;
}

static void test_place_replay_and_key_reuse(void **state)
{
	char key[37], key2[37];
	bool again_replayed;
	journal_new_key(key);
	json_t *body = pizza_place_body(&main_sb, "tok_visa", 0);
	json_t *first = place_on(&main_sb, body, key, 200);
	json_t *again = place_again(body, key, 200, &again_replayed);
	assert_true(again_replayed);
	assert_true(json_equal(first, again));
	/* Same key, other body: today's behaviour returns the cached order (§6 Q8). */
	json_object_set_new(json_object_get(body, "payment"), "cardToken", json_string("tok_mc"));
	json_t *other = place_on(&main_sb, body, key, 200);
	assert_string_equal(str(other, "gettOrderId"), str(first, "gettOrderId"));
	/* No order was created in between: the next one gets the next partner number. */
	journal_new_key(key2);
	json_t *body2 = pizza_place_body(&main_sb, "tok_visa", 0);
	json_t *next = place_on(&main_sb, body2, key2, 200);
	assert_int_equal(px_of(next), px_of(first) + 1);
	json_decref(first);
	json_decref(again);
	json_decref(other);
	json_decref(next);
	json_decref(body);
	json_decref(body2);
}

/* A definitive failure is pinned to its key; a transient one is not. */
static void test_errors_pinned_or_not(void **state)
{
	char key[37];
	bool was_replay;
	journal_new_key(key);
	json_t *body = pizza_place_body(&main_sb, "tok_decline", 0);
	json_t *declined = place_on(&main_sb, body, key, 400);
	assert_problem(declined, 400, "PAYMENT_DECLINED");
	/* Even with a good card the key answers with its original decline, byte for byte. */
	json_object_set_new(json_object_get(body, "payment"), "cardToken", json_string("tok_visa"));
	json_t *again = place_again(body, key, 400, &was_replay);
	assert_true(was_replay);
	assert_true(json_equal(declined, again));
	json_decref(declined);
	json_decref(again);
	json_decref(body);

	/* PAYMENT_FAILED (retryable) is not cached: the retry with the same key charges again. */
	journal_new_key(key);
	body = pizza_place_body(&main_sb, "tok_fail", 0);
	json_t *failed = place_again(body, key, 400, &was_replay);
	assert_false(was_replay);
	assert_problem(failed, 400, "PAYMENT_FAILED");
	json_object_set_new(json_object_get(body, "payment"), "cardToken", json_string("tok_visa"));
	json_t *order = place_again(body, key, 200, &was_replay);
	assert_false(was_replay);
	assert_non_null(str(order, "gettOrderId"));
	json_decref(failed);
	json_decref(order);
	json_decref(body);
}

typedef struct racer {
	const json_t *body;
	const char *key;
	http_reply reply;
} racer;

static void *race(void *arg)
{
	racer *r = arg;
	send_raw(&main_sb, "POST", PLACE, SANDBOX_DEMO_KEY, r->body, r->key, &r->reply);
	return NULL;
}

/* RACERS requests with one key at once: one order, and every other answer is its replay. */
static void test_place_concurrent_same_key(void **state)
{
	char key[37], key2[37];
	journal_new_key(key);
	json_t *body = pizza_place_body(&main_sb, "tok_visa", 0);
	racer racers[RACERS];
	pthread_t threads[RACERS];
	for (int i = 0; i < RACERS; i++) {
		racers[i] = (racer){body, key, {0}};
		assert_int_equal(pthread_create(&threads[i], NULL, race, &racers[i]), 0);
	}
	for (int i = 0; i < RACERS; i++)
		pthread_join(threads[i], NULL);
	json_t *first = http_json(&racers[0].reply);
	int replays = 0;
	for (int i = 0; i < RACERS; i++) {
		assert_int_equal(racers[i].reply.status, 200);
		assert_conventions(&racers[i].reply, PLACE);
		replays += replayed(&racers[i].reply);
		json_t *j = http_json(&racers[i].reply);
		assert_string_equal(str(j, "gettOrderId"), str(first, "gettOrderId"));
		json_decref(j);
		http_reply_clear(&racers[i].reply);
	}
	assert_int_equal(replays, RACERS - 1);
	journal_new_key(key2);
	json_object_del(body, "validatedOrderToken"); /* spent by the first order */
	json_t *next = place_on(&main_sb, body, key2, 200);
	assert_int_equal(px_of(next), px_of(first) + 1); /* exactly one order for the racers */
	json_decref(first);
	json_decref(next);
	json_decref(body);
}

static void test_place_strict_idempotency(void **state)
{
	const char *args[] = {"--now", NOW, "--strict-idempotency", NULL};
	assert_true(sandbox_start(&aux_sb, DEMO_DATADIR, args));
	char key[37];
	journal_new_key(key);
	json_t *body = pizza_place_body(&aux_sb, "tok_visa", 0);
	json_t *o = place_on(&aux_sb, body, key, 200), *again = place_on(&aux_sb, body, key, 200);
	assert_string_equal(str(o, "gettOrderId"), str(again, "gettOrderId"));
	json_t *changed = json_deep_copy(body);
	json_object_set_new(json_object_get(changed, "payment"), "cardToken",
			    json_string("tok_mc"));
	json_t *p = place_on(&aux_sb, changed, key, 409);
	assert_problem(p, 409, "ORDER_ALREADY_PLACED");
	json_decref(p);
	/* The 409 is not cached: the original body still gets its order. */
	json_decref(again);
	again = place_on(&aux_sb, body, key, 200);
	assert_string_equal(str(o, "gettOrderId"), str(again, "gettOrderId"));
	json_decref(o);
	json_decref(again);
	json_decref(changed);
	json_decref(body);
	assert_int_equal(sandbox_stop(&aux_sb), 0);
}

static void test_commit_then_reset(void **state)
{
	const char *args[] = {"--now", NOW, "--fault", "place:commit-then-reset:1", NULL};
	assert_true(sandbox_start(&aux_sb, DEMO_DATADIR, args));
	char key[37], path[128];
	journal_new_key(key);
	json_t *body = pizza_place_body(&aux_sb, "tok_visa", 0);
	http_reply r;
	send_raw(&aux_sb, "POST", PLACE, SANDBOX_DEMO_KEY, body, key, &r);
	assert_int_not_equal(r.curl_code, 0); /* no HTTP answer at all */
	http_reply_clear(&r);
	json_t *o = place_on(&aux_sb, body, key, 200); /* the retry finds the committed order */
	assert_int_equal(px_of(o), 100001);	       /* the first and only order */
	snprintf(path, sizeof path, "/v1/marketplace/orders/%s", str(o, "gettOrderId"));
	json_decref(send_on(&aux_sb, "GET", path, SANDBOX_DEMO_KEY, NULL, NULL, 200));
	json_decref(o);
	json_decref(body);
	assert_int_equal(sandbox_stop(&aux_sb), 0);
}

/* The entry replays `answer`: the text it keeps reads back as the same JSON. */
static bool stored_as(const sbx_idem_entry *e, const json_t *answer)
{
	json_t *kept = json_loads(e->response, JSON_DECODE_ANY, NULL);
	bool same = json_equal(kept, answer);
	json_decref(kept);
	return same;
}

/* In-process: the window is [placed, placed + 24 h) of world time, per caller and key. */
static void test_replay_window_is_24_hours(void **state)
{
	const int64_t t0 = 1795030200000LL; /* 2026-11-18T19:30:00Z */
	sbx_config cfg = {.data_dir = strdup(SANDBOX_FIXTURE_DIR),
			  .api_key = strdup(SANDBOX_DEMO_KEY),
			  .clock_pinned = true,
			  .clock_frozen = true,
			  .pinned_ms = t0};
	sbx_world w;
	char err[512];
	assert_true(world_load(&w, &cfg, err, sizeof err));
	const char *slot = "api-key|0b8a6a36-0000-4000-8000-000000000001";
	json_t *answer = json_pack("{s:s}", "gettOrderId", "first");
	world_idem_store(&w, slot, "{}", 200, answer);

	w.config.pinned_ms = t0 + DAY_MS - 1;
	const sbx_idem_entry *e = world_idem_find(&w, slot);
	assert_non_null(e);
	assert_int_equal(e->status, 200);
	assert_true(stored_as(e, answer));
	assert_string_equal(e->scope, "api-key");
	assert_null(world_idem_find(&w, "someone-else|0b8a6a36-0000-4000-8000-000000000001"));

	w.config.pinned_ms = t0 + DAY_MS;
	assert_null(world_idem_find(&w, slot)); /* expired: place runs again */
	json_t *second = json_pack("{s:s}", "gettOrderId", "second");
	world_idem_store(&w, slot, "{}", 200, second);
	w.config.pinned_ms = t0 + 2 * DAY_MS - 1;
	e = world_idem_find(&w, slot);
	assert_non_null(e);
	assert_true(stored_as(e, second)); /* the new window runs from its store */
	json_decref(answer);
	json_decref(second);
	world_free(&w);
}

/* A fixture world with a frozen clock at t0 and the given caps. */
static void load_world(sbx_world *w, int64_t t0, size_t max_sessions, size_t max_idempotency)
{
	sbx_config cfg = {.data_dir = strdup(SANDBOX_FIXTURE_DIR),
			  .api_key = strdup(SANDBOX_DEMO_KEY),
			  .clock_pinned = true,
			  .clock_frozen = true,
			  .pinned_ms = t0,
			  .max_sessions = max_sessions,
			  .max_idempotency = max_idempotency};
	char err[512];
	assert_true(world_load(w, &cfg, err, sizeof err));
}

static void slot_of(int i, char out[64])
{
	snprintf(out, 64, "api-key|0b8a6a36-0000-4000-8000-%012d", i);
}

/* Stores answer i: an order (200) or a decline (400), each with a body of its own. */
static void store_answer(sbx_world *w, int i, int status)
{
	char slot[64], body[32];
	slot_of(i, slot);
	snprintf(body, sizeof body, "{\"n\":%d}", i);
	json_t *answer = json_pack("{s:i, s:i}", "n", i, "status", status);
	world_idem_store(w, slot, body, status, answer);
	json_decref(answer);
}

/* Answer i is kept and replays exactly what was stored. */
static bool replays(const sbx_world *w, int i, int status)
{
	char slot[64], body[32];
	slot_of(i, slot);
	const sbx_idem_entry *e = world_idem_find(w, slot);
	if (!e)
		return false;
	snprintf(body, sizeof body, "{\"n\":%d}", i);
	json_t *answer = json_pack("{s:i, s:i}", "n", i, "status", status);
	char digest[65];
	world_idem_digest(body, digest);
	assert_int_equal(e->status, status);
	assert_string_equal(e->request_digest, digest);
	assert_true(stored_as(e, answer));
	json_decref(answer);
	return true;
}

/* The cache never holds more than its cap; failed answers go before orders, the oldest
   first; whatever is kept replays as stored, within its 24 hours. */
static void test_cache_is_bounded(void **state)
{
	const int64_t t0 = 1795030200000LL;
	sbx_world w;
	load_world(&w, t0, 0, 32);
	assert_int_equal(world_max_idempotency(&w), 32);
	store_answer(&w, 0, 200); /* the oldest entry, an order */
	for (int i = 1; i <= 500; i++) {
		w.config.pinned_ms = t0 + i; /* every answer a little later */
		store_answer(&w, i, 400);
		assert_true(strmap_count(w.idempotency) <= 32);
	}
	assert_true(replays(&w, 0, 200));    /* failures made room for failures */
	for (int i = 500; i > 500 - 30; i--) /* the newest, a cap less one batch */
		assert_true(replays(&w, i, 400));
	assert_false(replays(&w, 1, 400));
	/* Orders push the failures out, then the oldest orders. */
	for (int i = 1000; i < 1100; i++) {
		store_answer(&w, i, 200);
		assert_true(strmap_count(w.idempotency) <= 32);
	}
	for (int i = 1099; i > 1099 - 30; i--)
		assert_true(replays(&w, i, 200));
	assert_false(replays(&w, 500, 400));
	assert_false(replays(&w, 0, 200));
	world_free(&w);
}

/* Expired entries leave at their 24 hours, long before the cap would push them out. */
static void test_cache_drops_expired_entries(void **state)
{
	const int64_t t0 = 1795030200000LL;
	sbx_world w;
	load_world(&w, t0, 0, 0); /* the default cap */
	assert_int_equal(world_max_idempotency(&w), SBX_DEFAULT_MAX_IDEMPOTENCY);
	for (int i = 0; i < 5; i++)
		store_answer(&w, i, i % 2 ? 400 : 200);
	w.config.pinned_ms = t0 + DAY_MS - 1;
	store_answer(&w, 5, 200); /* the five are still in their window */
	assert_int_equal(strmap_count(w.idempotency), 6);
	for (int i = 0; i < 5; i++)
		assert_true(replays(&w, i, i % 2 ? 400 : 200));
	w.config.pinned_ms = t0 + DAY_MS;
	store_answer(&w, 6, 400);
	assert_int_equal(strmap_count(w.idempotency), 2); /* 5 and 6 */
	assert_true(replays(&w, 5, 200));
	assert_true(replays(&w, 6, 400));
	world_free(&w);
}

static sbx_session *session_at(int i, int64_t expires_ms)
{
	sbx_session *s = calloc(1, sizeof *s);
	char token[32];
	snprintf(token, sizeof token, "token-%d", i);
	s->token = strdup(token);
	s->session_id = strdup(token);
	s->partner_user_id = strdup(token);
	s->expires_ms = expires_ms;
	return s;
}

/* The session table: expired sessions go at their expiresAt, then the oldest live ones. */
static void test_session_table_is_bounded(void **state)
{
	const int64_t t0 = 1795030200000LL;
	sbx_world w;
	load_world(&w, t0, 16, 0);
	for (int i = 0; i < 100; i++) {
		world_add_session(&w, session_at(i, t0 + DAY_MS));
		assert_true(strmap_count(w.sessions) <= 16);
	}
	assert_null(world_find_session(&w, "token-0")); /* the oldest went */
	char token[32];
	for (int i = 99; i > 99 - 15; i--) {
		snprintf(token, sizeof token, "token-%d", i);
		assert_non_null(world_find_session(&w, token));
	}
	world_free(&w);

	load_world(&w, t0, 0, 0);
	assert_int_equal(world_max_sessions(&w), SBX_DEFAULT_MAX_SESSIONS);
	world_add_session(&w, session_at(0, t0 + 1000));
	world_add_session(&w, session_at(1, t0 + 5000));
	w.config.pinned_ms = t0 + 1000;
	world_add_session(&w, session_at(2, t0 + DAY_MS));
	assert_null(world_find_session(&w, "token-0")); /* at its expiresAt */
	assert_non_null(world_find_session(&w, "token-1"));
	assert_non_null(world_find_session(&w, "token-2"));
	world_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_place_replay_and_key_reuse),
	    cmocka_unit_test(test_errors_pinned_or_not),
	    cmocka_unit_test(test_place_concurrent_same_key),
	    cmocka_unit_test_teardown(test_place_strict_idempotency, stop_aux),
	    cmocka_unit_test_teardown(test_commit_then_reset, stop_aux),
	    cmocka_unit_test(test_replay_window_is_24_hours),
	    cmocka_unit_test(test_cache_is_bounded),
	    cmocka_unit_test(test_cache_drops_expired_entries),
	    cmocka_unit_test(test_session_table_is_bounded),
	};
	return cmocka_run_group_tests(tests, orders_group_start, orders_group_stop);
}

/* Unit tests for src/persist/journal.c: the exactly-once place journal. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs_fixtures.h"
#include "persist/journal.h"
#include "base/xdg.h"

#define URL_A "https://api-sandbox.gett-tech.com"
#define URL_B "http://127.0.0.1:8080"
#define BODY_1                                                                                     \
	"{\"cart\":{\"storeId\":\"s\",\"lineItems\":[]},\"tip\":1.5,\"note\":\"caf\xc3\xa9 "       \
	"\\\"x\\\"\"}"
#define BODY_2 "{\"cart\":{\"storeId\":\"s\",\"lineItems\":[]},\"tip\":2}"

typedef struct fixture {
	char *root;
	journal *j;
	char err[1024];
	str_list problems;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	f->root = fx_xdg_root();
	f->j = journal_open(NULL, f->err, sizeof f->err);
	if (!f->j)
		fail_msg("journal_open: %s", f->err);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	journal_close(f->j);
	str_list_clear(&f->problems);
	fx_remove_tree(f->root);
	free(f->root);
	free(f);
	return 0;
}

static char *entry_file(fixture *f, const char *key)
{
	char name[64];
	snprintf(name, sizeof name, "%s.json", key);
	return xdg_path_join(journal_dir(f->j), name);
}

static void begin_ok(fixture *f, const char *key, const char *url, const char *body)
{
	if (!journal_begin(f->j, key, url, body, f->err, sizeof f->err))
		fail_msg("journal_begin: %s", f->err);
}

/* A new key, begun for `url` and `body`. */
static void begin_new(fixture *f, char key[JOURNAL_KEY_LEN + 1], const char *url, const char *body)
{
	journal_new_key(key);
	begin_ok(f, key, url, body);
}

static size_t pending_count(fixture *f, const char *url)
{
	journal_entry *v;
	size_t n;
	assert_true(journal_pending(f->j, url, &v, &n, &f->problems, f->err, sizeof f->err));
	journal_entries_free(v, n);
	return n;
}

/* Writes an entry file by hand, as an older or foreign gett-tui would have. */
static void write_entry(fixture *f, const char *key, const char *url, const char *created,
			const char *state_name)
{
	char text[1024];
	snprintf(text, sizeof text,
		 "{\"version\":1,\"idempotencyKey\":\"%s\",\"baseUrl\":\"%s\",\"body\":\"{}\","
		 "\"createdAt\":\"%s\",\"state\":\"%s\"%s}",
		 key, url, created, state_name,
		 strcmp(state_name, "pending") ? ",\"finishedAt\":\"2020-01-01T00:00:00Z\"" : "");
	char name[64];
	snprintf(name, sizeof name, "%s.json", key);
	free(fx_write(journal_dir(f->j), name, text, 0600));
}

static void test_new_keys_are_random_uuid_v4(void **state)
{
	(void)state;
	char a[JOURNAL_KEY_LEN + 1], b[JOURNAL_KEY_LEN + 1];
	journal_new_key(a);
	journal_new_key(b);
	assert_true(journal_key_valid(a));
	assert_string_not_equal(a, b);
	assert_int_equal(a[14], '4');		/* version nibble */
	assert_non_null(strchr("89ab", a[19])); /* RFC 4122 variant */
	assert_false(journal_key_valid("../../etc/passwd"));
	assert_false(
	    journal_key_valid("6F1C2A3B-5D4E-4F60-8A7B-9C0D1E2F3A4B")); /* lowercase only */
	assert_false(journal_key_valid(NULL));
}

static void test_default_directory_is_private_under_xdg_state(void **state)
{
	fixture *f = *state;
	char *expected = xdg_path_join(f->root, "state/gett-tui/journal");
	assert_string_equal(journal_dir(f->j), expected);
	struct stat st;
	assert_int_equal(stat(expected, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(expected);
}

static void test_begin_makes_the_body_durable_before_sending(void **state)
{
	fixture *f = *state;
	char key[JOURNAL_KEY_LEN + 1];
	begin_new(f, key, URL_A, BODY_1);

	char *path = entry_file(f, key);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(fx_count(journal_dir(f->j), NULL), 1); /* no temporary left behind */

	char *text = fx_read(path);
	json_t *root = json_loads(text, 0, NULL);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "body")), BODY_1);
	assert_string_equal(json_string_value(json_object_get(root, "idempotencyKey")), key);
	assert_string_equal(json_string_value(json_object_get(root, "baseUrl")), URL_A);
	assert_string_equal(json_string_value(json_object_get(root, "state")), "pending");
	assert_non_null(json_string_value(json_object_get(root, "createdAt")));
	json_decref(root);
	free(text);
	free(path);

	journal_entry *v;
	size_t n;
	assert_true(journal_pending(f->j, URL_A, &v, &n, &f->problems, f->err, sizeof f->err));
	assert_int_equal(n, 1);
	assert_string_equal(v[0].key, key);
	assert_string_equal(v[0].body, BODY_1);
	assert_true(journal_replay_safe(&v[0], time(NULL)));
	journal_entries_free(v, n);
}

static void test_begin_again_is_a_retry_but_a_key_serves_one_payload(void **state)
{
	fixture *f = *state;
	char key[JOURNAL_KEY_LEN + 1];
	begin_new(f, key, URL_A, BODY_1);
	begin_ok(f, key, URL_A, BODY_1);
	assert_int_equal(pending_count(f, NULL), 1);

	assert_false(journal_begin(f->j, key, URL_A, BODY_2, f->err, sizeof f->err));
	assert_non_null(strstr(f->err, key));
	assert_false(journal_begin(f->j, key, URL_B, BODY_1, f->err, sizeof f->err));
	assert_false(journal_begin(f->j, "not-a-key", URL_A, BODY_1, f->err, sizeof f->err));
	char other[JOURNAL_KEY_LEN + 1];
	journal_new_key(other);
	assert_false(journal_begin(f->j, other, URL_A, "{\"x\":\"\xff\"}", f->err, sizeof f->err));
	char *other_path = entry_file(f, other);
	assert_false(fx_exists(other_path)); /* nothing half-written */
	free(other_path);

	journal_entry *v;
	size_t n;
	assert_true(journal_pending(f->j, NULL, &v, &n, NULL, f->err, sizeof f->err));
	assert_int_equal(n, 1);
	assert_string_equal(v[0].body, BODY_1); /* the refused payloads changed nothing */
	journal_entries_free(v, n);
}

static void test_crash_leftover_temp_file_is_ignored(void **state)
{
	fixture *f = *state;
	char key[JOURNAL_KEY_LEN + 1], name[128];
	journal_new_key(key);
	/* what file_write_atomic leaves when killed before its rename */
	snprintf(name, sizeof name, ".%s.json.tmp-Ab12Cd", key);
	char *tmp = fx_write(journal_dir(f->j), name, "{\"version\":1,\"idempot", 0600);

	assert_int_equal(pending_count(f, NULL), 0);
	assert_int_equal(f->problems.n, 0);
	assert_true(fx_exists(tmp));
	assert_int_equal(fx_count(journal_dir(f->j), ".corrupt"), 0);

	char fresh[JOURNAL_KEY_LEN + 1];
	assert_true(
	    journal_key_for_body(f->j, URL_A, BODY_1, fresh, &f->problems, f->err, sizeof f->err));
	begin_ok(f, fresh, URL_A, BODY_1);
	assert_int_equal(pending_count(f, NULL), 1);
	free(tmp);
}

static void test_key_for_body_reuses_only_for_the_same_pending_body(void **state)
{
	fixture *f = *state;
	char k1[JOURNAL_KEY_LEN + 1], again[JOURNAL_KEY_LEN + 1], k2[JOURNAL_KEY_LEN + 1];
	char other_url[JOURNAL_KEY_LEN + 1], after[JOURNAL_KEY_LEN + 1];

	assert_true(journal_key_for_body(f->j, URL_A, BODY_1, k1, NULL, f->err, sizeof f->err));
	begin_ok(f, k1, URL_A, BODY_1);
	assert_true(journal_key_for_body(f->j, URL_A, BODY_1, again, NULL, f->err, sizeof f->err));
	assert_string_equal(again, k1);

	assert_true(journal_key_for_body(f->j, URL_A, BODY_2, k2, NULL, f->err, sizeof f->err));
	assert_string_not_equal(k2, k1);
	assert_true(
	    journal_key_for_body(f->j, URL_B, BODY_1, other_url, NULL, f->err, sizeof f->err));
	assert_string_not_equal(other_url, k1);

	assert_true(journal_finish(f->j, k1, JOURNAL_PLACED, "G-1", f->err, sizeof f->err));
	assert_true(journal_key_for_body(f->j, URL_A, BODY_1, after, NULL, f->err, sizeof f->err));
	assert_string_not_equal(after, k1); /* a finished order is not retried */
}

static void test_finish_clears_pending_and_records_the_outcome(void **state)
{
	fixture *f = *state;
	char placed[JOURNAL_KEY_LEN + 1], failed[JOURNAL_KEY_LEN + 1];
	begin_new(f, placed, URL_A, BODY_1);
	begin_new(f, failed, URL_A, BODY_2);
	assert_int_equal(pending_count(f, URL_A), 2);

	assert_true(journal_finish(f->j, placed, JOURNAL_PLACED, "G-77", f->err, sizeof f->err));
	assert_true(journal_finish(f->j, failed, JOURNAL_FAILED, NULL, f->err, sizeof f->err));
	assert_int_equal(pending_count(f, URL_A), 0);

	char *path = entry_file(f, placed);
	char *text = fx_read(path);
	json_t *root = json_loads(text, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(root, "state")), "placed");
	assert_string_equal(json_string_value(json_object_get(root, "gettOrderId")), "G-77");
	assert_non_null(json_object_get(root, "finishedAt"));
	json_decref(root);
	free(text);
	free(path);

	/* finishing again the same way is harmless; contradicting it is not */
	assert_true(journal_finish(f->j, placed, JOURNAL_PLACED, "G-77", f->err, sizeof f->err));
	assert_false(journal_finish(f->j, placed, JOURNAL_FAILED, NULL, f->err, sizeof f->err));
	assert_false(journal_begin(f->j, placed, URL_A, BODY_1, f->err, sizeof f->err));

	char unknown[JOURNAL_KEY_LEN + 1];
	journal_new_key(unknown);
	assert_false(journal_finish(f->j, unknown, JOURNAL_PLACED, "G", f->err, sizeof f->err));
	assert_non_null(strstr(f->err, unknown));
}

static void test_pending_is_per_url_and_oldest_first(void **state)
{
	fixture *f = *state;
	write_entry(f, "22222222-2222-4222-8222-222222222222", URL_A, "2030-01-02T00:00:00Z",
		    "pending");
	write_entry(f, "11111111-1111-4111-8111-111111111111", URL_A, "2030-01-03T00:00:00.250Z",
		    "pending");
	write_entry(f, "33333333-3333-4333-8333-333333333333", URL_A, "2030-01-01T00:00:00Z",
		    "pending");
	write_entry(f, "44444444-4444-4444-8444-444444444444", URL_B, "2030-01-01T00:00:00Z",
		    "pending");
	write_entry(f, "55555555-5555-4555-8555-555555555555", URL_A, "2030-01-01T00:00:00Z",
		    "failed");

	journal_entry *v;
	size_t n;
	assert_true(journal_pending(f->j, URL_A, &v, &n, &f->problems, f->err, sizeof f->err));
	assert_int_equal(f->problems.n, 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].key, "33333333-3333-4333-8333-333333333333");
	assert_string_equal(v[1].key, "22222222-2222-4222-8222-222222222222");
	assert_string_equal(v[2].key, "11111111-1111-4111-8111-111111111111");
	assert_true(v[0].created_at == 1893456000); /* 2030-01-01T00:00:00Z */
	journal_entries_free(v, n);
	assert_int_equal(pending_count(f, NULL), 4);
}

static void test_damaged_files_are_reported_and_set_aside(void **state)
{
	fixture *f = *state;
	const char *dir = journal_dir(f->j);
	char good[JOURNAL_KEY_LEN + 1];
	begin_new(f, good, URL_A, BODY_1);

	const char *truncated = "66666666-6666-4666-8666-666666666666";
	char name[64];
	snprintf(name, sizeof name, "%s.json", truncated);
	char *path = fx_write(dir, name, "{\"version\":1,\"idempotencyKey\":\"666", 0600);
	char *wrong_type = fx_write(dir, "77777777-7777-4777-8777-777777777777.json",
				    "{\"version\":1,\"idempotencyKey\":\"77777777-7777-4777-8777-"
				    "777777777777\",\"baseUrl\":\"x\",\"body\":42,"
				    "\"createdAt\":\"2030-01-01T00:00:00Z\",\"state\":\"pending\"}",
				    0600);
	char *stray = fx_write(dir, "notes.json", "{}", 0600);

	/* a scan without a problem list leaves them for one that can report */
	assert_int_equal(journal_prune(f->j, time(NULL)), 0);
	assert_true(fx_exists(path));

	assert_int_equal(pending_count(f, NULL), 1);
	assert_int_equal(f->problems.n, 3);
	bool named_truncated = false, named_path = false;
	for (size_t i = 0; i < f->problems.n; i++) {
		named_truncated |= strstr(f->problems.v[i], truncated) != NULL;
		named_path |= strstr(f->problems.v[i], "$.body") != NULL;
	}
	assert_true(named_truncated);
	assert_true(named_path);
	assert_false(fx_exists(path));
	assert_false(fx_exists(stray));
	assert_int_equal(fx_count(dir, ".corrupt"), 3);

	/* a second damaged file of the same name never replaces the first one set aside */
	free(fx_write(dir, name, "garbage", 0600));
	str_list_clear(&f->problems);
	assert_int_equal(pending_count(f, NULL), 1);
	assert_int_equal(f->problems.n, 1);
	assert_int_equal(fx_count(dir, ".corrupt"), 4);
	char aside[4096];
	snprintf(aside, sizeof aside, "%s.corrupt", path);
	char *first_aside = fx_read(aside);
	assert_non_null(first_aside);
	assert_string_equal(first_aside, "{\"version\":1,\"idempotencyKey\":\"666");
	free(first_aside);
	free(path);
	free(wrong_type);
	free(stray);
}

static void test_replay_window_and_pruning(void **state)
{
	fixture *f = *state;
	char pending[JOURNAL_KEY_LEN + 1], done[JOURNAL_KEY_LEN + 1];
	begin_new(f, pending, URL_A, BODY_1);
	begin_new(f, done, URL_A, BODY_2);
	assert_true(journal_finish(f->j, done, JOURNAL_PLACED, "G-1", f->err, sizeof f->err));

	journal_entry *v;
	size_t n;
	assert_true(journal_pending(f->j, URL_A, &v, &n, NULL, f->err, sizeof f->err));
	assert_int_equal(n, 1);
	time_t created = v[0].created_at;
	assert_true(journal_replay_safe(&v[0], created + 22 * 3600));
	assert_false(journal_replay_safe(&v[0], created + 24 * 3600));
	journal_entries_free(v, n);

	assert_int_equal(journal_prune(f->j, time(NULL)), 0); /* recent: kept */
	assert_int_equal(journal_prune(f->j, time(NULL) + 8 * 24 * 3600), 1);
	char *done_path = entry_file(f, done);
	assert_false(fx_exists(done_path));
	free(done_path);
	assert_int_equal(pending_count(f, URL_A), 1); /* pending entries are never pruned */
}

/* ------------------------------------------------------------------ states */

static journal_entry *list_ok(fixture *f, const char *url, journal_state state, size_t *n)
{
	journal_entry *v = NULL;
	if (!journal_list(f->j, url, state, &v, n, &f->problems, f->err, sizeof f->err))
		fail_msg("journal_list: %s", f->err);
	return v;
}

/* The one entry of URL_A in `state`, which must be `key` (caller frees, one entry). */
static journal_entry *only_listed(fixture *f, journal_state state, const char *key)
{
	size_t n;
	journal_entry *v = list_ok(f, URL_A, state, &n);
	if (n != 1 || strcmp(v[0].key, key) != 0 || v[0].state != state)
		fail_msg(
		    "listing state %d: %zu entries, the first %s in state %d; expected only %s",
		    state, n, n ? v[0].key : "-", n ? (int)v[0].state : -1, key);
	return v;
}

static size_t list_count(fixture *f, const char *url, journal_state state)
{
	size_t n = 0;
	journal_entry *v = list_ok(f, url, state, &n);
	journal_entries_free(v, n);
	return n;
}

static bool listed_key(fixture *f, const char *url, journal_state state, const char *key)
{
	size_t n;
	journal_entry *v = list_ok(f, url, state, &n);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		found |= strcmp(v[i].key, key) == 0;
	journal_entries_free(v, n);
	return found;
}

/* journal_list returns the entries in one state (for one URL), each carrying its outcome. */
static void test_list_by_state_carries_the_outcome(void **state)
{
	fixture *f = *state;
	char pending[JOURNAL_KEY_LEN + 1], placed[JOURNAL_KEY_LEN + 1];
	char failed[JOURNAL_KEY_LEN + 1], abandoned[JOURNAL_KEY_LEN + 1],
	    other[JOURNAL_KEY_LEN + 1];
	begin_new(f, pending, URL_A, BODY_1);
	begin_new(f, placed, URL_A, BODY_2);
	begin_new(f, failed, URL_A, "{\"n\":3}");
	begin_new(f, abandoned, URL_A, "{\"n\":4}");
	begin_new(f, other, URL_B, "{\"n\":5}");
	time_t before = time(NULL);
	assert_true(journal_finish(f->j, placed, JOURNAL_PLACED, "G-42", f->err, sizeof f->err));
	assert_true(journal_finish(f->j, failed, JOURNAL_FAILED, "ignored", f->err, sizeof f->err));
	assert_true(
	    journal_finish(f->j, abandoned, JOURNAL_ABANDONED, NULL, f->err, sizeof f->err));
	assert_true(journal_finish(f->j, other, JOURNAL_PLACED, "G-B", f->err, sizeof f->err));
	time_t after = time(NULL);

	journal_entry *v = only_listed(f, JOURNAL_STATE_PENDING, pending);
	assert_true(v[0].finished_at == 0);
	assert_null(v[0].gett_order_id);
	journal_entries_free(v, 1);

	v = only_listed(f, JOURNAL_STATE_PLACED, placed);
	assert_non_null(v[0].gett_order_id);
	assert_string_equal(v[0].gett_order_id, "G-42");
	assert_string_equal(v[0].body, BODY_2);
	assert_string_equal(v[0].base_url, URL_A);
	assert_true(v[0].finished_at >= before && v[0].finished_at <= after);
	assert_true(v[0].created_at <= v[0].finished_at);
	journal_entries_free(v, 1);

	v = only_listed(f, JOURNAL_STATE_FAILED, failed);
	assert_null(v[0].gett_order_id); /* only a placed entry records one */
	assert_true(v[0].finished_at >= before && v[0].finished_at <= after);
	journal_entries_free(v, 1);

	v = only_listed(f, JOURNAL_STATE_ABANDONED, abandoned);
	assert_null(v[0].gett_order_id);
	assert_true(v[0].finished_at >= before && v[0].finished_at <= after);
	journal_entries_free(v, 1);

	/* per URL, or every URL */
	assert_int_equal(list_count(f, URL_B, JOURNAL_STATE_PLACED), 1);
	assert_true(listed_key(f, URL_B, JOURNAL_STATE_PLACED, other));
	assert_int_equal(list_count(f, NULL, JOURNAL_STATE_PLACED), 2);
	assert_int_equal(list_count(f, URL_B, JOURNAL_STATE_PENDING), 0);
	assert_int_equal(f->problems.n, 0);
	/* journal_pending is the pending list */
	assert_int_equal(pending_count(f, URL_A), 1);
}

/* "abandoned" is written, read back (also from a file written by hand) and never retried. */
static void test_abandoned_state_round_trips(void **state)
{
	fixture *f = *state;
	char key[JOURNAL_KEY_LEN + 1];
	begin_new(f, key, URL_A, BODY_1);
	assert_true(journal_finish(f->j, key, JOURNAL_ABANDONED, "G-x", f->err, sizeof f->err));

	char *path = entry_file(f, key);
	char *text = fx_read(path);
	json_t *root = json_loads(text, 0, NULL);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "state")), "abandoned");
	assert_non_null(json_string_value(json_object_get(root, "finishedAt")));
	assert_null(json_object_get(root, "gettOrderId"));
	assert_string_equal(json_string_value(json_object_get(root, "body")), BODY_1);
	json_decref(root);
	free(text);
	free(path);

	assert_int_equal(pending_count(f, URL_A), 0);
	assert_true(listed_key(f, URL_A, JOURNAL_STATE_ABANDONED, key));
	/* abandoning again is harmless */
	assert_true(journal_finish(f->j, key, JOURNAL_ABANDONED, NULL, f->err, sizeof f->err));
	assert_true(listed_key(f, URL_A, JOURNAL_STATE_ABANDONED, key));

	/* the same order again is a new key: an abandoned entry is never sent again */
	char again[JOURNAL_KEY_LEN + 1];
	assert_true(journal_key_for_body(f->j, URL_A, BODY_1, again, NULL, f->err, sizeof f->err));
	assert_string_not_equal(again, key);
	assert_false(journal_begin(f->j, key, URL_A, BODY_1, f->err, sizeof f->err));

	/* as another gett-tui wrote it */
	write_entry(f, "88888888-8888-4888-8888-888888888888", URL_A, "2030-01-01T00:00:00Z",
		    "abandoned");
	assert_true(
	    listed_key(f, URL_A, JOURNAL_STATE_ABANDONED, "88888888-8888-4888-8888-888888888888"));
	assert_int_equal(list_count(f, URL_A, JOURNAL_STATE_ABANDONED), 2);
	assert_int_equal(f->problems.n, 0);
	assert_int_equal(fx_count(journal_dir(f->j), ".corrupt"), 0);
}

/* An abandoned entry may still learn its real outcome; a placed one never changes. */
static void test_finished_states_move_only_forward(void **state)
{
	fixture *f = *state;
	char a[JOURNAL_KEY_LEN + 1], b[JOURNAL_KEY_LEN + 1], p[JOURNAL_KEY_LEN + 1];
	begin_new(f, a, URL_A, BODY_1);
	begin_new(f, b, URL_A, BODY_2);
	begin_new(f, p, URL_A, "{\"n\":3}");
	assert_true(journal_finish(f->j, a, JOURNAL_ABANDONED, NULL, f->err, sizeof f->err));
	assert_true(journal_finish(f->j, b, JOURNAL_ABANDONED, NULL, f->err, sizeof f->err));

	/* abandoned -> placed: the order turned out to exist (ORDER_ALREADY_PLACED resolved) */
	assert_true(journal_finish(f->j, a, JOURNAL_PLACED, "G-late", f->err, sizeof f->err));
	size_t n;
	journal_entry *v = only_listed(f, JOURNAL_STATE_PLACED, a);
	assert_string_equal(v[0].gett_order_id, "G-late");
	journal_entries_free(v, 1);
	assert_false(listed_key(f, URL_A, JOURNAL_STATE_ABANDONED, a));
	/* and once placed it stays placed */
	assert_false(journal_finish(f->j, a, JOURNAL_ABANDONED, NULL, f->err, sizeof f->err));
	assert_false(journal_finish(f->j, a, JOURNAL_FAILED, NULL, f->err, sizeof f->err));
	assert_true(listed_key(f, URL_A, JOURNAL_STATE_PLACED, a));

	/* abandoned -> failed: a definitive refusal learnt later */
	assert_true(journal_finish(f->j, b, JOURNAL_FAILED, NULL, f->err, sizeof f->err));
	assert_true(listed_key(f, URL_A, JOURNAL_STATE_FAILED, b));
	assert_false(journal_finish(f->j, b, JOURNAL_ABANDONED, NULL, f->err, sizeof f->err));

	/* placed -> failed is refused, with the reason */
	assert_true(journal_finish(f->j, p, JOURNAL_PLACED, "G-9", f->err, sizeof f->err));
	f->err[0] = '\0';
	assert_false(journal_finish(f->j, p, JOURNAL_FAILED, NULL, f->err, sizeof f->err));
	assert_non_null(strstr(f->err, p));
	assert_non_null(strstr(f->err, "placed"));
	v = list_ok(f, URL_A, JOURNAL_STATE_PLACED, &n);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].key, p) == 0)
			assert_string_equal(v[i].gett_order_id, "G-9"); /* unchanged */
	journal_entries_free(v, n);
	assert_int_equal(list_count(f, URL_A, JOURNAL_STATE_FAILED), 1);
}

/* The user who began an entry stays with it through finishing, for the order history. */
static void test_entries_name_their_user(void **state)
{
	fixture *f = *state;
	char anon[JOURNAL_KEY_LEN + 1], alice[JOURNAL_KEY_LEN + 1];
	begin_new(f, anon, URL_A, BODY_1);
	journal_set_user(f->j, "alice@example.com");
	begin_new(f, alice, URL_A, BODY_2);
	assert_true(journal_finish(f->j, alice, JOURNAL_PLACED, "order-1", f->err, sizeof f->err));
	assert_true(journal_mark_seen(f->j, alice, f->err, sizeof f->err));
	journal_entry *v;
	size_t n;
	assert_true(journal_list(f->j, URL_A, JOURNAL_STATE_PLACED, &v, &n, &f->problems, f->err,
				 sizeof f->err));
	assert_int_equal(n, 1);
	assert_string_equal(v[0].user, "alice@example.com");
	journal_entries_free(v, n);
	assert_true(journal_pending(f->j, URL_A, &v, &n, &f->problems, f->err, sizeof f->err));
	assert_int_equal(n, 1);
	assert_null(v[0].user); /* begun before a user was set */
	journal_entries_free(v, n);
	journal_set_user(f->j, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_new_keys_are_random_uuid_v4),
	    cmocka_unit_test_setup_teardown(test_default_directory_is_private_under_xdg_state,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_begin_makes_the_body_durable_before_sending, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_begin_again_is_a_retry_but_a_key_serves_one_payload, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_crash_leftover_temp_file_is_ignored, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_key_for_body_reuses_only_for_the_same_pending_body,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_finish_clears_pending_and_records_the_outcome,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pending_is_per_url_and_oldest_first, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_damaged_files_are_reported_and_set_aside, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_replay_window_and_pruning, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_list_by_state_carries_the_outcome, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_abandoned_state_round_trips, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_entries_name_their_user, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_finished_states_move_only_forward, setup,
					    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

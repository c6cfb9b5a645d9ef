/* Unit tests for src/persist/catalog_cache.c: hits, misses, LRU eviction, id sanitising. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "persist/catalog_cache.h"
#include "fs_fixtures.h"
#include "base/xdg.h"

#define ID_A "059e198d-ef6d-41da-954a-c5ef06c14109"
#define ID_B "06d87d9a-a149-4955-a99a-445a6f4cbea0"
#define ID_C "08238984-5b16-4caf-8b49-d30fdd0a2ec7"
#define ID_D "a537ad3b-2691-428c-b37e-e8a34a79b218"
#define ID_E "d8134bec-c15b-405e-8493-3f3140feaeec"

typedef struct fixture {
	char *root;
	char *dir;
	catalog_cache *cache;
	char err[1024];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	f->root = fx_xdg_root();
	f->dir = xdg_path_join(f->root, "cache/gett-tui/catalogs");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	catalog_cache_close(f->cache);
	fx_remove_tree(f->root);
	free(f->root);
	free(f->dir);
	free(f);
	return 0;
}

static void open_cache(fixture *f, unsigned long long max_bytes)
{
	f->cache = catalog_cache_open(NULL, max_bytes, f->err, sizeof f->err);
	if (!f->cache)
		fail_msg("catalog_cache_open: %s", f->err);
}

/* A JSON document of exactly `size` bytes naming its id. */
static char *document(const char *id, size_t size)
{
	char *text = malloc(size + 1);
	int head = snprintf(text, size + 1, "{\"catalogSetId\":\"%s\",\"pad\":\"", id);
	assert_true(head > 0 && (size_t)head + 2 <= size);
	memset(text + head, 'x', size - (size_t)head - 2);
	memcpy(text + size - 2, "\"}", 3);
	return text;
}

static void put_ok(fixture *f, const char *id, size_t size)
{
	char *text = document(id, size);
	if (!catalog_cache_put(f->cache, id, text, size, f->err, sizeof f->err))
		fail_msg("catalog_cache_put: %s", f->err);
	free(text);
}

static bool cached(fixture *f, const char *id)
{
	size_t len;
	char *text = catalog_cache_get(f->cache, id, &len, f->err, sizeof f->err);
	assert_string_equal(f->err, "");
	free(text);
	return text != NULL;
}

/* Ages an entry without reading it (a read would refresh it). */
static void set_last_used(fixture *f, const char *id, time_t when)
{
	char name[256];
	snprintf(name, sizeof name, "%s.json", id);
	char *path = xdg_path_join(f->dir, name);
	struct timespec times[2] = {{when, 0}, {when, 0}};
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
	free(path);
}

static bool on_disk(fixture *f, const char *id)
{
	char name[256];
	snprintf(name, sizeof name, "%s.json", id);
	char *path = xdg_path_join(f->dir, name);
	bool exists = fx_exists(path);
	free(path);
	return exists;
}

static void test_miss_then_hit_returns_the_exact_text(void **state)
{
	fixture *f = *state;
	open_cache(f, 0);
	struct stat st;
	assert_int_equal(stat(f->dir, &st), 0); /* the XDG default, private */
	assert_int_equal(st.st_mode & 0777, 0700);

	size_t len = 99;
	assert_null(catalog_cache_get(f->cache, ID_A, &len, f->err, sizeof f->err));
	assert_string_equal(f->err, ""); /* a miss is not an error */

	char *text = document(ID_A, 500);
	assert_true(catalog_cache_put(f->cache, ID_A, text, 500, f->err, sizeof f->err));
	char *got = catalog_cache_get(f->cache, ID_A, &len, f->err, sizeof f->err);
	assert_non_null(got);
	assert_int_equal(len, 500);
	assert_memory_equal(got, text, 500);
	assert_int_equal(got[500], '\0');
	free(got);
	free(text);

	put_ok(f, ID_A, 300); /* replacing an entry does not count it twice */
	assert_true(catalog_cache_total_bytes(f->cache) == 300);
	assert_int_equal(fx_count(f->dir, NULL), 1);

	assert_true(catalog_cache_remove(f->cache, ID_A, f->err, sizeof f->err));
	assert_false(cached(f, ID_A));
	assert_true(catalog_cache_remove(f->cache, ID_A, f->err, sizeof f->err));
}

static void test_eviction_removes_least_recently_used_first(void **state)
{
	fixture *f = *state;
	open_cache(f, 1000);
	time_t now = time(NULL);
	put_ok(f, ID_A, 300);
	put_ok(f, ID_B, 300);
	put_ok(f, ID_C, 300);
	set_last_used(f, ID_A, now - 300);
	set_last_used(f, ID_B, now - 200);
	set_last_used(f, ID_C, now - 100);
	assert_true(cached(f, ID_A)); /* a hit makes A the most recent */

	put_ok(f, ID_D, 300); /* 1200 > 1000: B, now the oldest, goes */
	assert_false(on_disk(f, ID_B));
	assert_true(on_disk(f, ID_A));
	assert_true(on_disk(f, ID_C));
	assert_true(on_disk(f, ID_D));
	assert_true(catalog_cache_total_bytes(f->cache) == 900);

	set_last_used(f, ID_D, now - 50);
	put_ok(f, ID_E, 600); /* 1500: C (-100) then D (-50) go; A was used last */
	assert_false(on_disk(f, ID_C));
	assert_false(on_disk(f, ID_D));
	assert_true(on_disk(f, ID_A));
	assert_true(on_disk(f, ID_E));
	assert_true(catalog_cache_total_bytes(f->cache) <= 1000);
}

static void test_new_entry_survives_its_own_eviction(void **state)
{
	fixture *f = *state;
	open_cache(f, 1000);
	put_ok(f, ID_A, 400);
	set_last_used(f, ID_A, time(NULL) + 3600); /* clock skew: A looks newer than anything */
	put_ok(f, ID_B, 900);
	assert_true(on_disk(f, ID_B));
	assert_false(on_disk(f, ID_A));
}

static void test_document_larger_than_the_bound_is_refused(void **state)
{
	fixture *f = *state;
	open_cache(f, 1000);
	put_ok(f, ID_A, 400);
	char *big = document(ID_B, 1001);
	assert_false(catalog_cache_put(f->cache, ID_B, big, 1001, f->err, sizeof f->err));
	assert_string_not_equal(f->err, "");
	assert_false(on_disk(f, ID_B));
	assert_true(on_disk(f, ID_A)); /* nothing was evicted for it */
	free(big);
}

static void test_temporaries_and_strangers_are_not_entries(void **state)
{
	fixture *f = *state;
	open_cache(f, 1000);
	free(fx_write(f->dir, "." ID_A ".json.tmp-Xy12Zz", "partial", 0600));
	free(fx_write(f->dir, "README", "not a catalog, 1234567890", 0600));
	put_ok(f, ID_A, 200);
	assert_true(catalog_cache_total_bytes(f->cache) == 200);
}

static void test_bad_ids_never_reach_the_file_system(void **state)
{
	fixture *f = *state;
	open_cache(f, 0);
	char long_id[200];
	memset(long_id, 'a', sizeof long_id - 1);
	long_id[sizeof long_id - 1] = '\0';
	const char *bad[] = {"../escape",   "a/b",  "..",      ".",	 "",
			     "/etc/passwd", "x..y", "id.json", "spa ce", long_id};
	char *parent = xdg_path_join(f->root, "cache/gett-tui");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(catalog_cache_id_valid(bad[i]));
		f->err[0] = '\0';
		assert_false(catalog_cache_put(f->cache, bad[i], "{}", 2, f->err, sizeof f->err));
		assert_string_not_equal(f->err, "");
		size_t len;
		f->err[0] = '\0';
		assert_null(catalog_cache_get(f->cache, bad[i], &len, f->err, sizeof f->err));
		assert_string_not_equal(f->err, "");
		assert_false(catalog_cache_remove(f->cache, bad[i], f->err, sizeof f->err));
	}
	assert_false(catalog_cache_id_valid(NULL));
	assert_int_equal(fx_count(f->dir, NULL), 0);
	assert_int_equal(fx_count(parent, NULL), 1); /* only catalogs/ */
	assert_true(catalog_cache_id_valid(ID_A));
	assert_true(catalog_cache_id_valid("cs_1-B"));
	free(parent);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_miss_then_hit_returns_the_exact_text, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_eviction_removes_least_recently_used_first, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_new_entry_survives_its_own_eviction, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_document_larger_than_the_bound_is_refused, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_temporaries_and_strangers_are_not_entries, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_bad_ids_never_reach_the_file_system, setup,
					    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

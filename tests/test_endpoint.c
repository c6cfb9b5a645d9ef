/* Unit tests for src/wire/endpoint.c: the endpoint table and the paths filled from it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "wire/endpoint.h"

/* Every row is whole: a unique name, a method, a path under /v1/ whose braces pair up. */
static void test_rows_are_whole(void **state)
{
	(void)state;
	for (int i = 0; i < ENDPOINT_COUNT; i++) {
		const endpoint_info *e = endpoint_get((endpoint_id)i);
		assert_non_null(e);
		assert_true(e->name && *e->name);
		assert_true(!strcmp(e->method, "GET") || !strcmp(e->method, "POST") ||
			    !strcmp(e->method, "PUT"));
		assert_int_equal(strncmp(e->path, "/v1/", 4), 0);
		/* A cap lets every real answer through and stops a flood (bench_http). */
		assert_true(e->max_body >= ((size_t)1 << 20) && e->max_body <= ((size_t)64 << 20));
		int depth = 0;
		for (const char *p = e->path; *p; p++) {
			depth += *p == '{';
			depth -= *p == '}';
			assert_true(depth == 0 || depth == 1);
			if (*p == '{')
				assert_int_equal(p[-1], '/'); /* a placeholder is a whole segment */
		}
		assert_int_equal(depth, 0);
		for (int j = 0; j < i; j++) {
			const endpoint_info *o = endpoint_get((endpoint_id)j);
			assert_string_not_equal(e->name, o->name);
			assert_false(!strcmp(e->method, o->method) && !strcmp(e->path, o->path));
		}
	}
	assert_null(endpoint_get(ENDPOINT_COUNT));
	assert_string_equal(endpoint_name(ENDPOINT_COUNT), "?");
}

/* The rows the client's behaviour rests on (docs/openapi.yaml). */
static void test_known_rows(void **state)
{
	(void)state;
	const endpoint_info *place = endpoint_get(ENDPOINT_PLACE);
	assert_string_equal(place->name, "place");
	assert_string_equal(place->method, "POST");
	assert_string_equal(place->path, "/v1/marketplace/orders/place");
	assert_int_equal(place->auth, ENDPOINT_AUTH_KEY_OR_SESSION);
	assert_int_equal(place->retry, ENDPOINT_RETRY_KEYED);
	assert_false(place->empty_reply);
	assert_int_equal(endpoint_get(ENDPOINT_SESSION_CREATE)->auth, ENDPOINT_AUTH_KEY);
	assert_int_equal(endpoint_get(ENDPOINT_ORDER_GET)->auth, ENDPOINT_AUTH_KEY_OR_USER);
	assert_int_equal(endpoint_get(ENDPOINT_PAYMENTS_LIST)->auth, ENDPOINT_AUTH_USER);
	assert_int_equal(endpoint_get(ENDPOINT_PAYMENT_ADD)->retry, ENDPOINT_RETRY_UNSAFE);
	assert_true(endpoint_get(ENDPOINT_SESSION_INVALIDATE)->empty_reply);
	/* A whole menu is the one large answer. */
	assert_true(endpoint_get(ENDPOINT_CATALOG_SET_GET)->max_body >
		    endpoint_get(ENDPOINT_STORE_GET)->max_body);
	assert_string_equal(endpoint_get(ENDPOINT_FULFILLMENT_CONTEXT)->method, "PUT");
}

static void expect_path(endpoint_id id, const char *const *args, size_t n, const char *want)
{
	char *got = endpoint_path(id, args, n);
	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_paths(void **state)
{
	(void)state;
	expect_path(ENDPOINT_SESSION_ME, NULL, 0, "/v1/marketplace/session/me");
	const char *id[] = {"3f2c9a1e-8b7d"};
	expect_path(ENDPOINT_STORE_GET, id, 1, "/v1/marketplace/stores/3f2c9a1e-8b7d");
	/* A segment never escapes its place: '/', '?', '%' and spaces are encoded. */
	const char *odd[] = {"a/b?c d%~._-"};
	expect_path(ENDPOINT_ORDER_GET, odd, 1, "/v1/marketplace/orders/a%2Fb%3Fc%20d%25~._-");
	const char *utf8[] = {"caf\xc3\xa9"};
	expect_path(ENDPOINT_CATALOG_SET_GET, utf8, 1, "/v1/marketplace/catalog-sets/caf%C3%A9");
	expect_path(ENDPOINT_STORE_CATALOG, id, 1, "/v1/marketplace/stores/3f2c9a1e-8b7d/catalog");
}

static void test_paths_refused(void **state)
{
	(void)state;
	const char *empty[] = {""};
	const char *none[] = {NULL};
	const char *two[] = {"a", "b"};
	expect_path(ENDPOINT_STORE_GET, NULL, 0, NULL); /* its {storeId} has no value */
	expect_path(ENDPOINT_STORE_GET, empty, 1, NULL);
	expect_path(ENDPOINT_STORE_GET, none, 1, NULL);
	expect_path(ENDPOINT_STORE_GET, two, 2, NULL);
	expect_path(ENDPOINT_SESSION_ME, two, 1, NULL); /* no placeholder to fill */
	expect_path(ENDPOINT_COUNT, NULL, 0, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rows_are_whole),
	    cmocka_unit_test(test_known_rows),
	    cmocka_unit_test(test_paths),
	    cmocka_unit_test(test_paths_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* strmap and str_list: lookups, replacement, growth, insertion order. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"

static void test_strmap_put_get_replace(void **state)
{
	strmap *m = strmap_new();
	assert_null(strmap_get(m, "a"));
	assert_null(strmap_put(m, "a", xstrdup("1")));
	assert_null(strmap_put(m, "b", xstrdup("2")));
	assert_string_equal(strmap_get(m, "a"), "1");
	char *old = strmap_put(m, "a", xstrdup("3"));
	assert_string_equal(old, "1");
	free(old);
	assert_string_equal(strmap_get(m, "a"), "3");
	assert_int_equal(strmap_count(m), 2);
	assert_null(strmap_get(m, NULL));
	strmap_free(m, free);
}

static void test_strmap_growth_keeps_order_and_lookups(void **state)
{
	strmap *m = strmap_new();
	char key[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "key-%d", i);
		int *v = xmalloc(sizeof *v);
		*v = i;
		assert_null(strmap_put(m, key, v));
	}
	assert_int_equal(strmap_count(m), 5000);
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "key-%d", i);
		int *v = strmap_get(m, key);
		assert_non_null(v);
		assert_int_equal(*v, i);
		assert_string_equal(strmap_key_at(m, (size_t)i), key);
		assert_int_equal(*(int *)strmap_value_at(m, (size_t)i), i);
	}
	assert_null(strmap_get(m, "key-5000"));
	assert_null(strmap_key_at(m, 5000));
	strmap_free(m, free);
}

static void test_str_list(void **state)
{
	str_list a = {0}, b = {0};
	str_list_push(&a, "x");
	str_list_push(&a, "y");
	assert_true(str_list_contains(&a, "y"));
	assert_false(str_list_contains(&a, "z"));
	str_list_copy(&b, &a);
	str_list_clear(&a);
	assert_int_equal(a.n, 0);
	assert_int_equal(b.n, 2);
	assert_string_equal(b.v[1], "y");
	str_list_clear(&b);
	assert_null(xstrdup(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_strmap_put_get_replace),
	    cmocka_unit_test(test_strmap_growth_keeps_order_and_lookups),
	    cmocka_unit_test(test_str_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Typed JSON getters: presence rules, type errors with paths. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "jsonx.h"

static json_t *doc;

static int setup(void **state)
{
	doc = json_loads("{\"s\":\"hi\",\"b\":true,\"i\":3,\"r\":3.0,\"f\":3.5,\"n\":null,"
			 "\"m\":19.99,\"l\":[\"a\",\"b\"],\"bad\":[\"a\",1],\"o\":{},\"a\":[]}",
			 0, NULL);
	return doc ? 0 : -1;
}

static int teardown(void **state)
{
	json_decref(doc);
	return 0;
}

static void test_present_values(void **state)
{
	char *s = NULL;
	bool b = false;
	long long i = 0;
	money m = 0;
	bool present = false;
	json_err err;
	assert_true(jsonx_get_string(doc, "s", "$", true, &s, &err));
	assert_string_equal(s, "hi");
	free(s);
	assert_true(jsonx_get_bool(doc, "b", "$", true, &b, &err));
	assert_true(b);
	assert_true(jsonx_get_int(doc, "i", "$", true, &i, &err));
	assert_int_equal(i, 3);
	assert_true(jsonx_get_int(doc, "r", "$", true, &i, &err)); /* 3.0 is an integer */
	assert_true(jsonx_get_money(doc, "m", "$", true, &m, &present, &err));
	assert_int_equal(m, 1999);
	assert_true(present);
}

static void test_absent_and_null(void **state)
{
	char *s = NULL;
	long long i = 77;
	money m = 5;
	bool present = true;
	json_err err;
	assert_true(jsonx_get_string(doc, "missing", "$", false, &s, &err));
	assert_null(s);
	assert_true(jsonx_get_int(doc, "n", "$", false, &i, &err));
	assert_int_equal(i, 77);
	assert_true(jsonx_get_money(doc, "n", "$", false, &m, &present, &err));
	assert_false(present);
	assert_int_equal(m, 5);
	assert_false(jsonx_get_int(doc, "n", "$.x", true, &i, &err));
	assert_string_equal(err.path, "$.x.n");
	assert_string_equal(err.message, "required field is missing");
}

static void test_wrong_types_name_the_path(void **state)
{
	char *s = NULL;
	long long i;
	str_list l = {0};
	json_t *o;
	json_err err;
	assert_false(jsonx_get_string(doc, "i", "$.items.x", true, &s, &err));
	assert_string_equal(err.path, "$.items.x.i");
	assert_string_equal(err.message, "expected a string, got integer");
	assert_false(jsonx_get_int(doc, "f", "$", true, &i, &err));
	assert_string_equal(err.message, "expected an integer, got number");
	assert_false(jsonx_get_str_list(doc, "bad", "$", true, &l, &err));
	assert_string_equal(err.path, "$.bad[1]");
	assert_int_equal(l.n, 0);
	assert_false(jsonx_get_object(doc, "a", "$", true, &o, &err));
	assert_false(jsonx_get_array(doc, "o", "$", true, &o, &err));
	assert_true(jsonx_get_str_list(doc, "l", "$", true, &l, &err));
	assert_int_equal(l.n, 2);
	str_list_clear(&l);
	assert_false(jsonx_expect_object(json_object_get(doc, "a"), "$.a", &err));
	assert_string_equal(err.message, "expected an object, got array");
}

static void test_paths(void **state)
{
	char buf[64];
	jsonx_path_key(buf, sizeof buf, "$.items", "abc");
	assert_string_equal(buf, "$.items.abc");
	jsonx_path_key(buf, sizeof buf, "$.items", "a b");
	assert_string_equal(buf, "$.items[\"a b\"]");
	jsonx_path_index(buf, sizeof buf, "$.lineItems", 2);
	assert_string_equal(buf, "$.lineItems[2]");
	json_err err;
	json_err_set(&err, "$.x", "bad %d", 5);
	char text[128];
	assert_string_equal(json_err_text(&err, text, sizeof text), "$.x: bad 5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_present_values),
	    cmocka_unit_test(test_absent_and_null),
	    cmocka_unit_test(test_wrong_types_name_the_path),
	    cmocka_unit_test(test_paths),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* Money: exact decimal <-> cents, rounding rule, exact JSON output. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonx.h"
#include "base/money.h"

static money parse_ok(const char *text)
{
	money m = -999;
	assert_int_equal(money_parse_decimal(text, &m), MONEY_OK);
	return m;
}

static void test_parse_decimal_exact(void **state)
{
	assert_int_equal(parse_ok("0.1"), 10);
	assert_int_equal(parse_ok("0.29"), 29);
	assert_int_equal(parse_ok("19.99"), 1999);
	assert_int_equal(parse_ok("1234567.89"), 123456789);
	assert_int_equal(parse_ok("12"), 1200);
	assert_int_equal(parse_ok("12.50"), 1250);
	assert_int_equal(parse_ok("0.05"), 5);
	assert_int_equal(parse_ok("-4.5"), -450);
	assert_int_equal(parse_ok("1e2"), 10000);
	assert_int_equal(parse_ok("1.5E-1"), 15);
	assert_int_equal(parse_ok("0"), 0);
	assert_int_equal(parse_ok("-0.00"), 0);
	assert_int_equal(parse_ok("000123.40"), 12340);
}

static void test_parse_decimal_rounds_half_away_from_zero(void **state)
{
	money m;
	assert_int_equal(money_parse_decimal("1.005", &m), MONEY_ROUNDED);
	assert_int_equal(m, 101);
	assert_int_equal(money_parse_decimal("1.004", &m), MONEY_ROUNDED);
	assert_int_equal(m, 100);
	assert_int_equal(money_parse_decimal("-1.005", &m), MONEY_ROUNDED);
	assert_int_equal(m, -101);
	assert_int_equal(money_parse_decimal("0.0049999", &m), MONEY_ROUNDED);
	assert_int_equal(m, 0);
	assert_int_equal(money_parse_decimal("0.005", &m), MONEY_ROUNDED);
	assert_int_equal(m, 1);
	assert_int_equal(money_parse_decimal("0.0001", &m), MONEY_ROUNDED);
	assert_int_equal(m, 0);
	/* Trailing zeros beyond cents are not rounding. */
	assert_int_equal(money_parse_decimal("2.5000", &m), MONEY_OK);
	assert_int_equal(m, 250);
}

static void test_parse_decimal_rejects_garbage(void **state)
{
	money m = 42;
	const char *bad[] = {"",
			     "-",
			     ".",
			     "abc",
			     "1.2.3",
			     "12a",
			     "1e",
			     "1e99",
			     "--1",
			     "1,5",
			     "99999999999999999999",
			     NULL};
	for (const char **b = bad; *b; b++) {
		assert_int_equal(money_parse_decimal(*b, &m), MONEY_INVALID);
	}
	assert_int_equal(money_parse_decimal(NULL, &m), MONEY_INVALID);
	assert_int_equal(m, 42); /* untouched on error */
}

static void test_from_double_uses_shortest_text(void **state)
{
	money m;
	assert_int_equal(money_from_double(0.1, &m), MONEY_OK);
	assert_int_equal(m, 10);
	assert_int_equal(money_from_double(0.29, &m), MONEY_OK);
	assert_int_equal(m, 29);
	assert_int_equal(money_from_double(19.99, &m), MONEY_OK);
	assert_int_equal(m, 1999);
	assert_int_equal(money_from_double(1234567.89, &m), MONEY_OK);
	assert_int_equal(m, 123456789);
	/* 0.1 + 0.2 is not 0.3 in binary: the extra digits are reported, then rounded away. */
	assert_int_equal(money_from_double(0.1 + 0.2, &m), MONEY_ROUNDED);
	assert_int_equal(m, 30);
	/* The double nearest 1.005 is below it, but its shortest text is "1.005": half rounds up.
	 */
	assert_int_equal(money_from_double(1.005, &m), MONEY_ROUNDED);
	assert_int_equal(m, 101);
	assert_int_equal(money_from_double(1.0 / 0.0, &m), MONEY_INVALID);
	assert_int_equal(money_from_double(1e20, &m), MONEY_INVALID);
}

static void test_json_round_trip_is_exact(void **state)
{
	const money samples[] = {10, 29, 101, 1999, 123456789, 0, 5, -450, 1200, 99999999999LL};
	for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
		json_t *j = money_to_json(samples[i]);
		char *text = jsonx_dumps(j);
		json_t *back = json_loads(text, JSON_DECODE_ANY, NULL);
		money m = -1;
		assert_non_null(back);
		assert_int_equal(money_from_json(back, &m), MONEY_OK);
		assert_int_equal(m, samples[i]);
		/* Whole dollars are written as integers, the rest as the shortest exact decimal. */
		char dec[MONEY_TEXT_MAX];
		money_to_decimal(samples[i], dec);
		size_t len = strlen(dec);
		if (samples[i] % 100 == 0)
			dec[len - 3] = '\0';
		else if (dec[len - 1] == '0')
			dec[len - 1] = '\0';
		assert_string_equal(text, dec);
		free(text);
		json_decref(j);
		json_decref(back);
	}
}

static void test_dumps_prints_shortest_decimal(void **state)
{
	json_t *obj = json_pack("{s:o,s:o,s:o}", "a", money_to_json(10), "b", money_to_json(29),
				"c", money_to_json(123456789));
	char *text = jsonx_dumps(obj);
	assert_string_equal(text, "{\"a\":0.1,\"b\":0.29,\"c\":1234567.89}");
	free(text);
	json_decref(obj);
}

static void test_from_json_types(void **state)
{
	money m = 7;
	json_t *s = json_string("1.00"), *i = json_integer(3), *n = json_null();
	assert_int_equal(money_from_json(s, &m), MONEY_INVALID);
	assert_int_equal(money_from_json(n, &m), MONEY_INVALID);
	assert_int_equal(money_from_json(i, &m), MONEY_OK);
	assert_int_equal(m, 300);
	json_decref(s);
	json_decref(i);
	json_decref(n);
}

static void test_format(void **state)
{
	char buf[MONEY_TEXT_MAX];
	assert_string_equal(money_format(1250, buf), "$12.50");
	/* U+2212, the minus sign, never a hyphen; a change to a price carries its sign. */
	assert_string_equal(money_format(-5, buf), "\u2212$0.05");
	assert_string_equal(money_format(-500, buf), "\u2212$5.00");
	assert_string_equal(money_format(0, buf), "$0.00");
	assert_string_equal(money_format_delta(100, buf), "+$1.00");
	assert_string_equal(money_format_delta(-500, buf), "\u2212$5.00");
	assert_string_equal(money_format_delta(0, buf), "$0.00");
	assert_string_equal(money_format_delta(-MONEY_MAX_CENTS, buf), "\u2212$100,000,000,000.00");
	/* A comma every three digits of the dollars, as US prices are written. */
	assert_string_equal(money_format(167805, buf), "$1,678.05");
	assert_string_equal(money_format(99999, buf), "$999.99");
	assert_string_equal(money_format(100000, buf), "$1,000.00");
	assert_string_equal(money_format(9999999999, buf), "$99,999,999.99");
	assert_string_equal(money_format_delta(123456, buf), "+$1,234.56");
	assert_string_equal(money_format(INT64_MIN, buf), "\u2212$92,233,720,368,547,758.08");
	assert_string_equal(money_to_decimal(123456789, buf), "1234567.89");
	assert_string_equal(money_to_decimal(-100, buf), "-1.00");
}

static void test_percent_basis_points(void **state)
{
	assert_int_equal(money_percent_bp(1000, 1025), 103);   /* 10.25 -> 102.5 -> 103 */
	assert_int_equal(money_percent_bp(1999, 1000), 200);   /* 199.9 -> 200 */
	assert_int_equal(money_percent_bp(1004, 500), 50);     /* 50.2 */
	assert_int_equal(money_percent_bp(-1000, 1025), -103); /* half away from zero */
	assert_int_equal(money_percent_bp(MONEY_MAX_CENTS, 10000), MONEY_MAX_CENTS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_decimal_exact),
	    cmocka_unit_test(test_parse_decimal_rounds_half_away_from_zero),
	    cmocka_unit_test(test_parse_decimal_rejects_garbage),
	    cmocka_unit_test(test_from_double_uses_shortest_text),
	    cmocka_unit_test(test_json_round_trip_is_exact),
	    cmocka_unit_test(test_dumps_prints_shortest_decimal),
	    cmocka_unit_test(test_from_json_types),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_percent_basis_points),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

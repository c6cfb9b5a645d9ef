/* timestamp.h: the one parser and writer of wire instants. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/timestamp.h"

/* 2026-11-18T19:30:00Z */
#define NOV18 1795030200LL

static void test_parses_utc_with_and_without_fraction(void **state)
{
	(void)state;
	int64_t ms;
	assert_true(timestamp_parse_ms("2026-11-18T19:30:00Z", &ms));
	assert_int_equal(ms, NOV18 * 1000);
	assert_true(timestamp_parse_ms("2026-11-18T19:30:00.5Z", &ms));
	assert_int_equal(ms, NOV18 * 1000 + 500);
	assert_true(timestamp_parse_ms("2026-11-18T19:30:00.086Z", &ms));
	assert_int_equal(ms, NOV18 * 1000 + 86);
	/* Beyond milliseconds the digits are dropped, not rounded. */
	assert_true(timestamp_parse_ms("2026-11-18T19:30:00.123999999Z", &ms));
	assert_int_equal(ms, NOV18 * 1000 + 123);
	assert_true(timestamp_parse_ms("1970-01-01T00:00:00Z", &ms));
	assert_int_equal(ms, 0);
	/* Lower-case separators are RFC 3339 too. */
	assert_true(timestamp_parse_ms("2026-11-18t19:30:00z", &ms));
	assert_int_equal(ms, NOV18 * 1000);
}

static void test_numeric_offsets_move_the_instant(void **state)
{
	(void)state;
	time_t t;
	assert_true(timestamp_parse("2026-11-18T11:30:00-08:00", &t));
	assert_int_equal(t, NOV18);
	assert_true(timestamp_parse("2026-11-19T01:00:00+05:30", &t));
	assert_int_equal(t, NOV18);
	assert_true(timestamp_parse("2026-11-18T19:30:00.999+00:00", &t));
	assert_int_equal(t, NOV18);
}

static void test_leap_day_and_leap_second(void **state)
{
	(void)state;
	time_t t, u;
	assert_true(timestamp_parse("2028-02-29T12:00:00Z", &t));
	assert_true(timestamp_parse("2028-03-01T12:00:00Z", &u));
	assert_int_equal(u - t, 86400);
	/* :60 is accepted and lands on the next second, as timegm normalises it. */
	assert_true(timestamp_parse("2026-12-31T23:59:60Z", &t));
	assert_true(timestamp_parse("2027-01-01T00:00:00Z", &u));
	assert_int_equal(t, u);
}

static void test_refuses_malformed_text_and_impossible_dates(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    NULL,
	    "",
	    "yesterday",
	    "2026-11-18",
	    "2026-11-18T19:30Z",	 /* no seconds */
	    "2026-11-18T19:30:00",	 /* no zone */
	    "2026-11-18 19:30:00Z",	 /* space instead of T */
	    "2026-1-18T19:30:00Z",	 /* one-digit month */
	    "2026-11-18T19:30:00.Z",	 /* empty fraction */
	    "2026-11-18T19:30:00ZZ",	 /* trailing text */
	    "2026-11-18T19:30:00+0800",	 /* offset without colon */
	    "2026-11-18T19:30:00+24:00", /* offset out of range */
	    "2026-02-29T00:00:00Z",	 /* not a leap year */
	    "2026-04-31T00:00:00Z",	 /* April has 30 days */
	    "2026-13-01T00:00:00Z",	 /* month 13 */
	    "2026-11-18T24:00:00Z",	 /* hour 24 */
	    "2026-11-18T19:60:00Z",	 /* minute 60 */
	    "1969-12-31T23:59:59Z",	 /* before the epoch */
	    "+2026-11-18T19:30:00Z",	 /* sign */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t ms = 42;
		if (timestamp_parse_ms(bad[i], &ms))
			fail_msg("accepted \"%s\"", bad[i] ? bad[i] : "(null)");
		assert_int_equal(ms, 42); /* untouched */
	}
}

/* What is accepted can be written back: four-digit years from 1970, whatever the offset or a
 * leap second adds (10000-01-01 was printed as year 0000, 1969 did not parse again). */
static void test_instants_outside_the_years_1970_to_9999_are_refused(void **state)
{
	(void)state;
	int64_t ms;
	char buf[TIMESTAMP_MAX];
	assert_true(timestamp_parse_ms("9999-12-31T23:59:59.999Z", &ms));
	assert_string_equal(timestamp_format_ms(ms, buf), "9999-12-31T23:59:59.999Z");
	assert_false(timestamp_parse_ms("9999-12-31T23:59:60Z", &ms));
	assert_false(timestamp_parse_ms("9999-12-31T23:59:59-00:01", &ms));
	assert_false(timestamp_parse_ms("9999-12-31T23:30:00-23:59", &ms));
	assert_true(timestamp_parse_ms("9999-12-31T23:59:59+01:00", &ms));
	assert_false(timestamp_parse_ms("1970-01-01T00:00:00+00:01", &ms));
	assert_false(timestamp_parse_ms("1970-01-01T00:30:00.500+01:00", &ms));
	assert_true(timestamp_parse_ms("1970-01-01T00:00:00-00:01", &ms));
	assert_int_equal(ms, 60000);
}

static void test_formats_round_trip(void **state)
{
	(void)state;
	char buf[TIMESTAMP_MAX];
	assert_string_equal(timestamp_format((time_t)NOV18, buf), "2026-11-18T19:30:00Z");
	assert_string_equal(timestamp_format_ms(NOV18 * 1000 + 7, buf), "2026-11-18T19:30:00.007Z");
	assert_string_equal(timestamp_format_ms(0, buf), "1970-01-01T00:00:00.000Z");
	/* Before the epoch the milliseconds still count forward within the second. */
	assert_string_equal(timestamp_format_ms(-1, buf), "1969-12-31T23:59:59.999Z");
	int64_t ms;
	for (int64_t v = NOV18 * 1000 - 3000; v < NOV18 * 1000 + 3000; v += 997) {
		assert_true(timestamp_parse_ms(timestamp_format_ms(v, buf), &ms));
		assert_int_equal(ms, v);
	}
}

/* An offset or a leap second can carry 9999-12-31 into year 10000, which four digits cannot
   write (it came back as year 0000): such instants are refused, the last one that fits is not. */
static void test_refuses_instants_after_year_9999(void **state)
{
	(void)state;
	const char *beyond[] = {"9999-12-31T23:59:59-00:01", "9999-12-31T23:59:60Z",
				"9999-12-31T12:00:00-23:59"};
	for (size_t i = 0; i < sizeof beyond / sizeof beyond[0]; i++) {
		int64_t ms = 42;
		if (timestamp_parse_ms(beyond[i], &ms))
			fail_msg("accepted \"%s\"", beyond[i]);
		assert_int_equal(ms, 42);
	}
	int64_t ms;
	char buf[TIMESTAMP_MAX];
	assert_true(timestamp_parse_ms("9999-12-31T23:59:59.999Z", &ms));
	assert_string_equal(timestamp_format_ms(ms, buf), "9999-12-31T23:59:59.999Z");
	assert_true(timestamp_parse_ms("9999-12-31T23:59:59+01:00", &ms));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parses_utc_with_and_without_fraction),
	    cmocka_unit_test(test_numeric_offsets_move_the_instant),
	    cmocka_unit_test(test_leap_day_and_leap_second),
	    cmocka_unit_test(test_refuses_malformed_text_and_impossible_dates),
	    cmocka_unit_test(test_instants_outside_the_years_1970_to_9999_are_refused),
	    cmocka_unit_test(test_formats_round_trip),
	    cmocka_unit_test(test_refuses_instants_after_year_9999),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

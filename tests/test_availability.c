/*
 * Availability windows and time zones. Instants are fixed epoch seconds, each checked with
 * `date -u -d ... +%s` / `TZ=... date -d @N`; the comment next to each gives its local time.
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

#include "fs_fixtures.h"
#include "rules/availability.h"
#include "base/tz.h"

#define LA     "America/Los_Angeles"
#define TOKYO  "Asia/Tokyo"
#define BERLIN "Europe/Berlin"

/* 2026-03-08, LA springs forward at 10:00 UTC (02:00 PST -> 03:00 PDT). */
#define SPRING_0130_PST	  1772962200
#define SPRING_015959_PST 1772963999
#define SPRING_0300_PDT	  1772964000
#define SPRING_0400_PDT	  1772967600
/* 2026-11-01, LA falls back at 09:00 UTC (02:00 PDT -> 01:00 PST). */
#define FALL_0100_PDT	1793520000
#define FALL_0130_PDT	1793521800
#define FALL_0145_PDT	1793522700
#define FALL_0100_PST	1793523600
#define FALL_025959_PST 1793530799
#define FALL_0300_PST	1793530800
/* Week of Monday 2026-03-16 in LA (PDT, UTC-7). */
#define MON_0900      1773676800
#define MON_1500      1773698400
#define MON_1800      1773709200
#define MON_2300      1773727200
#define TUE_0700      1773756000
#define TUE_1030      1773768600
#define THU_1100      1773943200
#define FRI_2300      1774072800
#define SAT_0200      1774083600
#define SAT_1300      1774123200
#define NEXT_MON_1100 1774288800

static avail_list parse_ok(const char *text)
{
	json_error_t jerr;
	json_t *root = json_loads(text, JSON_DECODE_ANY, &jerr);
	assert_non_null(root);
	avail_list list;
	json_err err = {.path = ""};
	assert_true(avail_list_from_json(root, "$.availability", &list, &err));
	json_decref(root);
	return list;
}

static char last_error[256]; /* message of the latest expect_error */

static void expect_error(const char *text, const char *path)
{
	json_error_t jerr;
	json_t *root = json_loads(text, JSON_DECODE_ANY, &jerr);
	assert_non_null(root);
	avail_list list = {.n = 99, .published = true};
	json_err err = {.path = ""};
	assert_false(avail_list_from_json(root, "$.availability", &list, &err));
	assert_string_equal(err.path, path);
	assert_true(strlen(err.message) > 0);
	snprintf(last_error, sizeof last_error, "%s", err.message);
	assert_null(list.v);
	assert_int_equal(list.n, 0);
	assert_false(list.published);
	json_decref(root);
}

static char *window_json(const char *day, const char *start, const char *end)
{
	static char buf[256];
	snprintf(buf, sizeof buf,
		 "[{\"dayOfWeek\":\"Monday\",\"start\":\"09:00:00\",\"end\":\"10:00:00\"},"
		 "{\"dayOfWeek\":\"Monday\",\"start\":\"11:00:00\",\"end\":\"12:00:00\"},"
		 "{\"dayOfWeek\":%s,\"start\":%s,\"end\":%s}]",
		 day, start, end);
	return buf;
}

/* ---------------------------------------------------------------- parsing */

static void test_parse_valid_windows(void **state)
{
	avail_list list = parse_ok("[{\"dayOfWeek\":\"Sunday\",\"start\":\"07:30:15\","
				   "\"end\":\"23:59:59\"},"
				   "{\"dayOfWeek\":\"friday\",\"start\":\"22:00:00\","
				   "\"end\":\"00:00:00\",\"extra\":1},"
				   "{\"dayOfWeek\":\"SATURDAY\",\"start\":\"00:00:00\","
				   "\"end\":\"02:00:00\"}]");
	assert_true(list.published);
	assert_int_equal(list.n, 3);
	assert_int_equal(list.v[0].day, 0);
	assert_int_equal(list.v[0].start, 7 * 3600 + 30 * 60 + 15);
	assert_int_equal(list.v[0].end, 86399);
	assert_int_equal(list.v[1].day, 5);
	assert_int_equal(list.v[1].start, 22 * 3600);
	assert_int_equal(list.v[1].end, 86400); /* "00:00:00" as an end = end of day */
	assert_int_equal(list.v[2].day, 6);
	assert_int_equal(list.v[2].start, 0); /* ... but as a start it is midnight */
	assert_int_equal(list.v[2].end, 2 * 3600);
	avail_list_clear(&list);
	assert_null(list.v);
	assert_int_equal(list.n, 0);
	assert_false(list.published);
}

static void test_parse_null_absent_and_empty(void **state)
{
	avail_list list = {.n = 5, .published = true};
	json_err err = {.path = ""};
	assert_true(avail_list_from_json(NULL, "$.availability", &list, &err));
	assert_false(list.published);
	assert_int_equal(list.n, 0);

	json_t *null = json_null();
	list.published = true;
	assert_true(avail_list_from_json(null, "$.availability", &list, &err));
	assert_false(list.published);
	json_decref(null);

	list = parse_ok("[]");
	assert_true(list.published);
	assert_int_equal(list.n, 0);
	avail_list_clear(&list);
}

static void test_parse_wrong_container_types(void **state)
{
	expect_error("\"Monday 9-5\"", "$.availability");
	expect_error("{\"dayOfWeek\":\"Monday\"}", "$.availability");
	expect_error("[[]]", "$.availability[0]");
	expect_error("[{\"dayOfWeek\":\"Monday\",\"start\":\"09:00:00\",\"end\":\"10:00:00\"},"
		     "\"Tuesday 9-5\"]",
		     "$.availability[1]");
}

static void test_parse_day_errors(void **state)
{
	expect_error(window_json("\"Funday\"", "\"09:00:00\"", "\"10:00:00\""),
		     "$.availability[2].dayOfWeek");
	expect_error(window_json("\"Mon\"", "\"09:00:00\"", "\"10:00:00\""),
		     "$.availability[2].dayOfWeek");
	assert_non_null(strstr(last_error, "\"Mon\""));
	expect_error(window_json("1", "\"09:00:00\"", "\"10:00:00\""),
		     "$.availability[2].dayOfWeek");
	assert_non_null(strstr(last_error, "expected a string"));
	expect_error(window_json("null", "\"09:00:00\"", "\"10:00:00\""),
		     "$.availability[2].dayOfWeek");
	expect_error("[{\"start\":\"09:00:00\",\"end\":\"10:00:00\"}]",
		     "$.availability[0].dayOfWeek");
}

static void test_parse_time_errors(void **state)
{
	static const char *const bad[] = {
	    "\"9:00:00\"",  "\"09:00\"",     "\"24:00:00\"",  "\"12:60:00\"",
	    "\"12:00:60\"", "\"12:00:00Z\"", "\" 12:00:00\"", "\"1a:00:00\"",
	    "\"12-00-00\"", "\"\"",	     "43200",	      "true",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		expect_error(window_json("\"Monday\"", bad[i], "\"10:00:00\""),
			     "$.availability[2].start");
		expect_error(window_json("\"Monday\"", "\"09:00:00\"", bad[i]),
			     "$.availability[2].end");
	}
	expect_error(window_json("\"Monday\"", "\"24:00:00\"", "\"10:00:00\""),
		     "$.availability[2].start");
	assert_non_null(strstr(last_error, "24:00:00"));
	expect_error("[{\"dayOfWeek\":\"Monday\",\"start\":\"09:00:00\"}]",
		     "$.availability[0].end");
	assert_non_null(strstr(last_error, "missing"));
}

static void test_parse_keeps_inverted_windows_but_they_never_match(void **state)
{
	avail_list list = parse_ok("[{\"dayOfWeek\":\"Friday\",\"start\":\"22:00:00\","
				   "\"end\":\"02:00:00\"},"
				   "{\"dayOfWeek\":\"Friday\",\"start\":\"10:00:00\","
				   "\"end\":\"10:00:00\"}]");
	assert_int_equal(list.n, 2);
	assert_false(avail_window_is_valid(&list.v[0]));
	assert_false(avail_window_is_valid(&list.v[1]));
	assert_false(avail_is_open(&list, LA, FRI_2300));
	assert_false(avail_is_open(&list, LA, SAT_0200 - 1800));      /* Sat 01:30 */
	assert_false(avail_is_open(&list, LA, FRI_2300 - 13 * 3600)); /* Fri 10:00 */
	avail_status st = avail_next_change(&list, LA, FRI_2300);
	assert_int_equal(st.state, AVAIL_CLOSED_NEVER);
	avail_list_clear(&list);
}

static void test_window_validity(void **state)
{
	const avail_window ok = {1, 0, 86400}, short_one = {1, 100, 101};
	const avail_window empty = {1, 500, 500}, bad_day = {7, 0, 100}, neg_day = {-1, 0, 100};
	const avail_window neg_start = {1, -1, 100}, long_end = {1, 0, 86401};
	assert_true(avail_window_is_valid(&ok));
	assert_true(avail_window_is_valid(&short_one));
	assert_false(avail_window_is_valid(&empty));
	assert_false(avail_window_is_valid(&bad_day));
	assert_false(avail_window_is_valid(&neg_day));
	assert_false(avail_window_is_valid(&neg_start));
	assert_false(avail_window_is_valid(&long_end));
}

static void test_to_json_round_trip(void **state)
{
	const char *text =
	    "[{\"dayOfWeek\":\"Friday\",\"start\":\"22:00:00\",\"end\":\"00:00:00\"},"
	    "{\"dayOfWeek\":\"Saturday\",\"start\":\"00:00:00\",\"end\":\"02:00:00\"},"
	    "{\"dayOfWeek\":\"Sunday\",\"start\":\"07:30:15\",\"end\":\"06:00:00\"}]";
	json_t *in = json_loads(text, 0, NULL);
	avail_list list = parse_ok(text);
	json_t *out = avail_list_to_json(&list);
	assert_true(json_equal(in, out));
	json_decref(out);
	json_decref(in);
	avail_list_clear(&list);

	list =
	    parse_ok("[{\"dayOfWeek\":\"wednesday\",\"start\":\"00:00:00\",\"end\":\"00:00:00\"}]");
	out = avail_list_to_json(&list);
	assert_string_equal(json_string_value(json_object_get(json_array_get(out, 0), "dayOfWeek")),
			    "Wednesday");
	assert_string_equal(json_string_value(json_object_get(json_array_get(out, 0), "end")),
			    "00:00:00");
	json_decref(out);
	avail_list_clear(&list);

	list = parse_ok("[]");
	out = avail_list_to_json(&list);
	assert_true(json_is_array(out));
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
	avail_list_clear(&list);

	out = avail_list_to_json(&list); /* cleared -> unpublished */
	assert_true(json_is_null(out));
	json_decref(out);
}

static void test_day_names_and_times(void **state)
{
	for (int d = 0; d < 7; d++)
		assert_int_equal(avail_day_from_name(avail_day_name(d)), d);
	assert_string_equal(avail_day_name(0), "Sunday");
	assert_string_equal(avail_day_name(6), "Saturday");
	assert_null(avail_day_name(7));
	assert_int_equal(avail_day_from_name("tUeSdAy"), 2);
	assert_int_equal(avail_day_from_name("Tue"), -1);
	assert_int_equal(avail_day_from_name(""), -1);
	assert_int_equal(avail_day_from_name(NULL), -1);
	assert_string_equal(avail_day_abbrev(1), "Mon");
	assert_string_equal(avail_day_abbrev(9), "?");

	char buf[16];
	avail_format_time(0, buf, sizeof buf);
	assert_string_equal(buf, "00:00");
	avail_format_time(86400, buf, sizeof buf);
	assert_string_equal(buf, "00:00");
	avail_format_time(22 * 3600 + 30 * 60, buf, sizeof buf);
	assert_string_equal(buf, "22:30");
	avail_format_time(12 * 3600 + 34 * 60 + 56, buf, sizeof buf);
	assert_string_equal(buf, "12:34:56");

	assert_int_equal(avail_parse_time("00:00:00"), 0);
	assert_int_equal(avail_parse_time("23:59:59"), 86399);
	assert_int_equal(avail_parse_time("09:05:01"), 9 * 3600 + 5 * 60 + 1);
	assert_int_equal(avail_parse_time("24:00:00"), -1);
	assert_int_equal(avail_parse_time("12:60:00"), -1);
	assert_int_equal(avail_parse_time("12:00:60"), -1);
	assert_int_equal(avail_parse_time("9:05:01"), -1);
	assert_int_equal(avail_parse_time("09:05"), -1);
	assert_int_equal(avail_parse_time("09:05:01Z"), -1);
	assert_int_equal(avail_parse_time("09-05-01"), -1);
	assert_int_equal(avail_parse_time(""), -1);
}

/* ---------------------------------------------------------------- time zones */

static void test_tz_zone_exists(void **state)
{
	assert_true(tz_zone_exists(LA));
	assert_true(tz_zone_exists(TOKYO));
	assert_true(tz_zone_exists("UTC"));
	assert_false(tz_zone_exists("Mars/Olympus_Mons"));
	assert_false(tz_zone_exists("America"));	 /* a directory */
	assert_false(tz_zone_exists("zone.tab"));	 /* a file, but not TZif */
	assert_false(tz_zone_exists("../zoneinfo/UTC")); /* escapes TZDIR */
	assert_false(tz_zone_exists("America/../UTC"));
	assert_false(tz_zone_exists("/usr/share/zoneinfo/UTC"));
	assert_false(tz_zone_exists("PST8PDT,M3.2.0,M11.1.0")); /* POSIX rules are not zones */
	assert_false(tz_zone_exists(""));
	assert_false(tz_zone_exists(NULL));
}

static void test_tz_local_time_restores_tz(void **state)
{
	setenv("TZ", TOKYO, 1);
	tzset();
	struct tm tm;
	assert_true(tz_local_time(LA, SPRING_0300_PDT, &tm));
	assert_int_equal(tm.tm_hour, 3);
	assert_int_equal(tm.tm_mday, 8);
	assert_int_equal(tm.tm_wday, 0);
	assert_int_equal(tm.tm_gmtoff, -7 * 3600);
	assert_true(tm.tm_isdst > 0);
	assert_string_equal(getenv("TZ"), TOKYO);
	struct tm here;
	time_t t = SPRING_0300_PDT;
	localtime_r(&t, &here);
	assert_int_equal(here.tm_hour, 19); /* the process zone is back to Tokyo */

	unsetenv("TZ");
	tzset();
	assert_true(tz_local_time(LA, SPRING_015959_PST, &tm));
	assert_int_equal(tm.tm_hour, 1);
	assert_int_equal(tm.tm_gmtoff, -8 * 3600);
	assert_null(getenv("TZ"));

	tm.tm_hour = 42;
	assert_false(tz_local_time("Nowhere/Land", SPRING_0300_PDT, &tm));
	assert_int_equal(tm.tm_hour, 42);
}

static void test_tz_utc_time_gap_and_overlap(void **state)
{
	struct tm wall = {.tm_year = 126, .tm_mon = 2, .tm_mday = 8, .tm_hour = 2, .tm_min = 30};
	time_t t;
	assert_true(tz_utc_time(LA, &wall, &t));
	assert_int_equal(t, SPRING_0300_PDT); /* 02:30 does not exist: the jump to 03:00 */
	wall.tm_hour = 1;
	assert_true(tz_utc_time(LA, &wall, &t));
	assert_int_equal(t, SPRING_0130_PST);
	wall.tm_hour = 4;
	wall.tm_min = 0;
	assert_true(tz_utc_time(LA, &wall, &t));
	assert_int_equal(t, SPRING_0400_PDT);

	struct tm twice = {.tm_year = 126, .tm_mon = 10, .tm_mday = 1, .tm_hour = 1, .tm_min = 30};
	assert_true(tz_utc_time(LA, &twice, &t));
	assert_int_equal(t, FALL_0130_PDT); /* repeated: the first occurrence */

	struct tm tokyo = {.tm_year = 126, .tm_mon = 2, .tm_mday = 11, .tm_hour = 8, .tm_min = 30};
	assert_true(tz_utc_time(TOKYO, &tokyo, &t));
	assert_int_equal(t, 1773185400);
	assert_false(tz_utc_time("Nowhere/Land", &tokyo, &t));
}

static void test_tz_offsets_finds_transitions(void **state)
{
	tz_span spans[8];
	size_t n;
	assert_true(tz_offsets(LA, SPRING_0130_PST - 86400, SPRING_0130_PST + 86400, spans, 8, &n));
	assert_int_equal(n, 2);
	assert_int_equal(spans[0].start, SPRING_0130_PST - 86400);
	assert_int_equal(spans[0].utc_offset, -8 * 3600);
	assert_int_equal(spans[1].start, SPRING_0300_PDT);
	assert_int_equal(spans[1].utc_offset, -7 * 3600);

	assert_true(tz_offsets(LA, FALL_0100_PDT, FALL_0300_PST, spans, 8, &n));
	assert_int_equal(n, 2);
	assert_int_equal(spans[1].start, FALL_0100_PST);
	assert_int_equal(spans[1].utc_offset, -8 * 3600);

	assert_true(tz_offsets(TOKYO, SPRING_0130_PST, SPRING_0130_PST + 30 * 86400, spans, 8, &n));
	assert_int_equal(n, 1);
	assert_int_equal(spans[0].utc_offset, 9 * 3600);

	assert_false(tz_offsets(LA, FALL_0100_PDT, FALL_0300_PST, spans, 1, &n)); /* too many */
	assert_false(tz_offsets(LA, FALL_0300_PST, FALL_0100_PDT, spans, 8, &n));
	assert_false(tz_offsets("Nowhere/Land", FALL_0100_PDT, FALL_0300_PST, spans, 8, &n));
}

static void test_tz_unknown_when_tzdir_has_garbage(void **state)
{
	char *dir = fx_temp_dir();
	free(fx_write(dir, "Fake", "not a zone\n", 0600));
	setenv("TZDIR", dir, 1);
	bool fake_known = tz_zone_exists("Fake");
	bool la_known_there = tz_zone_exists(LA);
	unsetenv("TZDIR"); /* before asserting, so a failure cannot leak into later tests */
	fx_remove_tree(dir);
	free(dir);
	assert_false(fake_known);
	assert_false(la_known_there); /* TZDIR is honoured, as glibc does */
	assert_true(tz_zone_exists(LA));
}

/* ---------------------------------------------------------------- open now */

static const char *const overnight_json =
    "[{\"dayOfWeek\":\"Friday\",\"start\":\"22:00:00\",\"end\":\"00:00:00\"},"
    "{\"dayOfWeek\":\"Saturday\",\"start\":\"00:00:00\",\"end\":\"02:00:00\"}]";

static void test_open_overnight_across_midnight(void **state)
{
	avail_list list = parse_ok(overnight_json);
	assert_false(avail_is_open(&list, LA, FRI_2300 - 3600 - 1)); /* Fri 21:59:59 */
	assert_true(avail_is_open(&list, LA, FRI_2300 - 3600));	     /* Fri 22:00 */
	assert_true(avail_is_open(&list, LA, FRI_2300));
	assert_true(avail_is_open(&list, LA, SAT_0200 - 3600 - 1)); /* Fri 23:59:59 */
	assert_true(avail_is_open(&list, LA, SAT_0200 - 1800));	    /* Sat 01:30 */
	assert_true(avail_is_open(&list, LA, SAT_0200 - 1));
	assert_false(avail_is_open(&list, LA, SAT_0200)); /* end is exclusive */
	avail_list_clear(&list);
}

static void test_fail_closed(void **state)
{
	avail_list unpublished = {0};
	assert_false(avail_is_open(&unpublished, LA, MON_1800));
	assert_false(avail_is_open(NULL, LA, MON_1800));
	avail_list empty = parse_ok("[]");
	assert_false(avail_is_open(&empty, LA, MON_1800));
	avail_list_clear(&empty);

	avail_list always = parse_ok("[{\"dayOfWeek\":\"Monday\",\"start\":\"00:00:00\","
				     "\"end\":\"00:00:00\"}]");
	assert_true(avail_is_open(&always, LA, MON_1800));
	assert_false(avail_is_open(&always, "Nowhere/Land", MON_1800));
	assert_false(avail_is_open(&always, "", MON_1800));
	assert_false(avail_is_open(&always, NULL, MON_1800));
	avail_list_clear(&always);
}

static void test_dst_spring_forward(void **state)
{
	avail_list early = parse_ok("[{\"dayOfWeek\":\"Sunday\",\"start\":\"01:00:00\","
				    "\"end\":\"03:00:00\"}]");
	assert_true(avail_is_open(&early, LA, SPRING_0130_PST));
	assert_true(avail_is_open(&early, LA, SPRING_015959_PST));
	assert_false(avail_is_open(&early, LA, SPRING_0300_PDT)); /* one real hour only */
	avail_status st = avail_next_change(&early, LA, SPRING_0130_PST);
	assert_int_equal(st.state, AVAIL_OPEN);
	assert_int_equal(st.change, SPRING_0300_PDT);
	char buf[96];
	assert_string_equal(avail_status_text(&st, buf, sizeof buf), "Open now · closes at 03:00");
	avail_list_clear(&early);

	avail_list gap = parse_ok("[{\"dayOfWeek\":\"Sunday\",\"start\":\"02:30:00\","
				  "\"end\":\"04:00:00\"}]");
	assert_false(avail_is_open(&gap, LA, SPRING_015959_PST));
	assert_true(avail_is_open(&gap, LA, SPRING_0300_PDT));
	assert_false(avail_is_open(&gap, LA, SPRING_0400_PDT));
	st = avail_next_change(&gap, LA, SPRING_0130_PST);
	assert_int_equal(st.state, AVAIL_CLOSED);
	assert_int_equal(st.change, SPRING_0300_PDT); /* opens when the clocks jump */
	assert_int_equal(st.change_time, 3 * 3600);
	assert_int_equal(st.days_ahead, 0);
	assert_string_equal(avail_status_text(&st, buf, sizeof buf), "Closed · opens at 03:00");
	avail_list_clear(&gap);
}

static void test_dst_fall_back(void **state)
{
	avail_list list = parse_ok("[{\"dayOfWeek\":\"Sunday\",\"start\":\"01:00:00\","
				   "\"end\":\"03:00:00\"}]");
	assert_false(avail_is_open(&list, LA, FALL_0100_PDT - 1));
	assert_true(avail_is_open(&list, LA, FALL_0100_PDT));
	assert_true(avail_is_open(&list, LA, FALL_0100_PST));
	assert_true(avail_is_open(&list, LA, FALL_025959_PST));
	assert_false(avail_is_open(&list, LA, FALL_0300_PST));
	avail_status st = avail_next_change(&list, LA, FALL_0130_PDT);
	assert_int_equal(st.state, AVAIL_OPEN);
	assert_int_equal(st.change, FALL_0300_PST); /* three real hours after 01:00 PDT */
	avail_list_clear(&list);

	/* 01:00-01:30 happens twice: closed at 01:45 PDT, open again when clocks show 01:00 PST. */
	list = parse_ok("[{\"dayOfWeek\":\"Sunday\",\"start\":\"01:00:00\",\"end\":\"01:30:00\"}]");
	assert_false(avail_is_open(&list, LA, FALL_0145_PDT));
	st = avail_next_change(&list, LA, FALL_0145_PDT);
	assert_int_equal(st.state, AVAIL_CLOSED);
	assert_int_equal(st.change, FALL_0100_PST);
	char buf[96];
	assert_string_equal(avail_status_text(&st, buf, sizeof buf), "Closed · opens at 01:00");
	assert_true(avail_is_open(&list, LA, FALL_0100_PST + 60));
	avail_list_clear(&list);
}

static void test_local_day_differs_from_utc_day(void **state)
{
	/* 2026-03-11 03:00 UTC (a Wednesday) is Tuesday 20:00 in LA. */
	const time_t wed_0300_utc = 1773198000;
	avail_list tue = parse_ok("[{\"dayOfWeek\":\"Tuesday\",\"start\":\"19:00:00\","
				  "\"end\":\"21:00:00\"}]");
	avail_list wed = parse_ok("[{\"dayOfWeek\":\"Wednesday\",\"start\":\"02:00:00\","
				  "\"end\":\"04:00:00\"}]");
	assert_true(avail_is_open(&tue, LA, wed_0300_utc));
	assert_false(avail_is_open(&wed, LA, wed_0300_utc));
	assert_true(avail_is_open(&wed, "UTC", wed_0300_utc));
	avail_list_clear(&tue);
	avail_list_clear(&wed);
}

static void test_non_us_zones(void **state)
{
	/* 2026-03-10 23:30 UTC: Wednesday 08:30 in Tokyo, Tuesday 16:30 in LA. */
	const time_t instant = 1773185400;
	avail_list list = parse_ok("[{\"dayOfWeek\":\"Wednesday\",\"start\":\"08:00:00\","
				   "\"end\":\"09:00:00\"}]");
	assert_true(avail_is_open(&list, TOKYO, instant));
	assert_false(avail_is_open(&list, LA, instant));
	avail_list_clear(&list);

	/* Berlin skips 02:00-03:00 on 2026-03-29: a 02:15-02:45 window cannot open that night. */
	list = parse_ok("[{\"dayOfWeek\":\"Sunday\",\"start\":\"02:15:00\",\"end\":\"02:45:00\"}]");
	const time_t sun_0130_cet = 1774744200, next_sun_0215_cest = 1775348100;
	avail_status st = avail_next_change(&list, BERLIN, sun_0130_cet);
	assert_int_equal(st.state, AVAIL_CLOSED);
	assert_int_equal(st.change, next_sun_0215_cest);
	assert_int_equal(st.days_ahead, 7);
	char buf[96];
	assert_string_equal(avail_status_text(&st, buf, sizeof buf), "Closed · opens Sun 02:15");
	assert_true(avail_is_open(&list, BERLIN, next_sun_0215_cest));
	avail_list_clear(&list);
}

/* ---------------------------------------------------------------- next change */

static const char *const week_json =
    "[{\"dayOfWeek\":\"Monday\",\"start\":\"17:00:00\",\"end\":\"22:00:00\"},"
    "{\"dayOfWeek\":\"Monday\",\"start\":\"11:00:00\",\"end\":\"14:30:00\"},"
    "{\"dayOfWeek\":\"Tuesday\",\"start\":\"07:00:00\",\"end\":\"10:00:00\"},"
    "{\"dayOfWeek\":\"Thursday\",\"start\":\"11:00:00\",\"end\":\"14:30:00\"},"
    "{\"dayOfWeek\":\"Friday\",\"start\":\"18:00:00\",\"end\":\"00:00:00\"},"
    "{\"dayOfWeek\":\"Saturday\",\"start\":\"00:00:00\",\"end\":\"02:00:00\"}]";

static void expect_change(const avail_list *list, time_t now, avail_state state, time_t change,
			  const char *text)
{
	avail_status st = avail_next_change(list, LA, now);
	char buf[96];
	assert_int_equal(st.state, state);
	assert_int_equal(st.at, now);
	assert_int_equal(st.change, change);
	assert_string_equal(avail_status_text(&st, buf, sizeof buf), text);
	assert_int_equal(avail_status_is_open(&st), state == AVAIL_OPEN);
	assert_int_equal(avail_is_open(list, LA, now), state == AVAIL_OPEN);
}

static void test_next_change_texts(void **state)
{
	avail_list list = parse_ok(week_json);
	expect_change(&list, MON_1800, AVAIL_OPEN, MON_1800 + 4 * 3600,
		      "Open now · closes at 22:00");
	expect_change(&list, MON_1500, AVAIL_CLOSED, MON_1800 - 3600, "Closed · opens at 17:00");
	expect_change(&list, MON_2300, AVAIL_CLOSED, TUE_0700, "Closed · opens Tomorrow 07:00");
	expect_change(&list, TUE_1030, AVAIL_CLOSED, THU_1100, "Closed · opens Thu 11:00");
	expect_change(&list, FRI_2300, AVAIL_OPEN, SAT_0200, "Open now · closes at 02:00");
	expect_change(&list, SAT_1300, AVAIL_CLOSED, NEXT_MON_1100, "Closed · opens Mon 11:00");
	/* Monday 14:00, during lunch. */
	expect_change(&list, MON_1500 - 3600, AVAIL_OPEN, MON_1500 - 1800,
		      "Open now · closes at 14:30");
	avail_status st = avail_next_change(&list, LA, TUE_1030);
	assert_int_equal(st.change_day, 4);
	assert_int_equal(st.change_time, 11 * 3600);
	assert_int_equal(st.days_ahead, 2);
	avail_list_clear(&list);
}

static void test_next_change_long_open_periods(void **state)
{
	avail_list list = parse_ok("[{\"dayOfWeek\":\"Monday\",\"start\":\"00:00:00\","
				   "\"end\":\"00:00:00\"},"
				   "{\"dayOfWeek\":\"Tuesday\",\"start\":\"00:00:00\","
				   "\"end\":\"22:00:00\"}]");
	expect_change(&list, MON_0900, AVAIL_OPEN, MON_0900 + 37 * 3600,
		      "Open now · closes Tomorrow 22:00");
	avail_list_clear(&list);

	list =
	    parse_ok("[{\"dayOfWeek\":\"Monday\",\"start\":\"00:00:00\",\"end\":\"00:00:00\"},"
		     "{\"dayOfWeek\":\"Tuesday\",\"start\":\"00:00:00\",\"end\":\"00:00:00\"},"
		     "{\"dayOfWeek\":\"Wednesday\",\"start\":\"00:00:00\",\"end\":\"22:00:00\"}]");
	expect_change(&list, MON_0900, AVAIL_OPEN, MON_0900 + 61 * 3600,
		      "Open now · closes Wed 22:00");
	avail_list_clear(&list);
}

static void test_next_change_always_never_unknown(void **state)
{
	char buf[96];
	char json[1024] = "[";
	for (int d = 0; d < 7; d++) {
		char one[128];
		snprintf(one, sizeof one,
			 "%s{\"dayOfWeek\":\"%s\",\"start\":\"00:00:00\",\"end\":\"00:00:00\"}",
			 d ? "," : "", avail_day_name(d));
		strcat(json, one);
	}
	strcat(json, "]");
	avail_list always = parse_ok(json);
	avail_status st = avail_next_change(&always, LA, MON_1800);
	assert_int_equal(st.state, AVAIL_OPEN_ALWAYS);
	assert_string_equal(avail_status_text(&st, buf, sizeof buf), "Open 24 hours");
	st = avail_next_change(&always, LA, SPRING_0130_PST); /* across a DST jump too */
	assert_int_equal(st.state, AVAIL_OPEN_ALWAYS);
	st = avail_next_change(&always, "Nowhere/Land", MON_1800);
	assert_int_equal(st.state, AVAIL_NO_ZONE);
	assert_false(avail_status_is_open(&st));
	assert_string_equal(avail_status_text(&st, buf, sizeof buf),
			    "Hours unavailable (unknown time zone)");
	st = avail_next_change(&always, NULL, MON_1800);
	assert_int_equal(st.state, AVAIL_NO_ZONE);
	avail_list_clear(&always);

	avail_list empty = parse_ok("[]");
	st = avail_next_change(&empty, LA, MON_1800);
	assert_int_equal(st.state, AVAIL_CLOSED_NEVER);
	assert_string_equal(avail_status_text(&st, buf, sizeof buf), "Closed");
	avail_list_clear(&empty);

	avail_list unpublished = {0};
	st = avail_next_change(&unpublished, LA, MON_1800);
	assert_int_equal(st.state, AVAIL_UNPUBLISHED);
	assert_string_equal(avail_status_text(&st, buf, sizeof buf), "No hours published");
	st = avail_next_change(NULL, LA, MON_1800);
	assert_int_equal(st.state, AVAIL_UNPUBLISHED);
}

/* ---------------------------------------------------------------- weekly rendering */

static void expect_week(const char *json, const char *const expected[7])
{
	avail_list list = parse_ok(json);
	avail_week week;
	avail_week_render(&list, &week);
	for (int i = 0; i < 7; i++) {
		assert_int_equal(week.day[i], (i + 1) % 7);
		assert_string_equal(week.line[i], expected[i]);
	}
	avail_week_clear(&week);
	assert_null(week.line[0]);
	avail_list_clear(&list);
}

static void test_week_lines(void **state)
{
	static const char *const expected[7] = {
	    "Mon  11:00–14:30, 17:00–22:00",
	    "Tue  07:00–10:00",
	    "Wed  Closed",
	    "Thu  11:00–14:30",
	    "Fri  18:00–02:00",
	    "Sat  Closed",
	    "Sun  Closed",
	};
	expect_week(week_json, expected);
}

static void test_week_merging_and_edge_cases(void **state)
{
	/* Out of order and overlapping windows merge; Saturday runs into Sunday (wrap-around);
	 * Monday is all day so Sunday's late period stays on its own; odd seconds are shown. */
	static const char *const expected[7] = {
	    "Mon  Open 24 hours", "Tue  09:00–17:00", "Wed  Closed",	  "Thu  12:00:30–13:00",
	    "Fri  Closed",	  "Sat  20:00–01:00", "Sun  22:00–00:00",
	};
	expect_week("[{\"dayOfWeek\":\"Monday\",\"start\":\"00:00:00\",\"end\":\"00:00:00\"},"
		    "{\"dayOfWeek\":\"Tuesday\",\"start\":\"12:00:00\",\"end\":\"17:00:00\"},"
		    "{\"dayOfWeek\":\"Tuesday\",\"start\":\"09:00:00\",\"end\":\"12:00:00\"},"
		    "{\"dayOfWeek\":\"Tuesday\",\"start\":\"10:00:00\",\"end\":\"11:00:00\"},"
		    "{\"dayOfWeek\":\"Wednesday\",\"start\":\"15:00:00\",\"end\":\"09:00:00\"},"
		    "{\"dayOfWeek\":\"Thursday\",\"start\":\"12:00:30\",\"end\":\"13:00:00\"},"
		    "{\"dayOfWeek\":\"Saturday\",\"start\":\"20:00:00\",\"end\":\"00:00:00\"},"
		    "{\"dayOfWeek\":\"Sunday\",\"start\":\"00:00:00\",\"end\":\"01:00:00\"},"
		    "{\"dayOfWeek\":\"Sunday\",\"start\":\"22:00:00\",\"end\":\"00:00:00\"}]",
		    expected);
}

static void test_week_overnight_keeps_rest_of_next_day(void **state)
{
	static const char *const expected[7] = {
	    "Mon  Closed",
	    "Tue  Closed",
	    "Wed  Closed",
	    "Thu  20:00–03:00",
	    "Fri  11:00–15:00, 18:00–02:00",
	    "Sat  10:00–12:00",
	    "Sun  Closed",
	};
	expect_week("[{\"dayOfWeek\":\"Thursday\",\"start\":\"20:00:00\",\"end\":\"00:00:00\"},"
		    "{\"dayOfWeek\":\"Friday\",\"start\":\"00:00:00\",\"end\":\"03:00:00\"},"
		    "{\"dayOfWeek\":\"Friday\",\"start\":\"11:00:00\",\"end\":\"15:00:00\"},"
		    "{\"dayOfWeek\":\"Friday\",\"start\":\"18:00:00\",\"end\":\"00:00:00\"},"
		    "{\"dayOfWeek\":\"Saturday\",\"start\":\"00:00:00\",\"end\":\"02:00:00\"},"
		    "{\"dayOfWeek\":\"Saturday\",\"start\":\"10:00:00\",\"end\":\"12:00:00\"}]",
		    expected);
}

static void test_week_unpublished_is_all_closed(void **state)
{
	avail_list unpublished = {0};
	avail_week week;
	avail_week_render(&unpublished, &week);
	assert_string_equal(week.line[0], "Mon  Closed");
	assert_string_equal(week.line[6], "Sun  Closed");
	avail_week_clear(&week);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_valid_windows),
	    cmocka_unit_test(test_parse_null_absent_and_empty),
	    cmocka_unit_test(test_parse_wrong_container_types),
	    cmocka_unit_test(test_parse_day_errors),
	    cmocka_unit_test(test_parse_time_errors),
	    cmocka_unit_test(test_parse_keeps_inverted_windows_but_they_never_match),
	    cmocka_unit_test(test_window_validity),
	    cmocka_unit_test(test_to_json_round_trip),
	    cmocka_unit_test(test_day_names_and_times),
	    cmocka_unit_test(test_tz_zone_exists),
	    cmocka_unit_test(test_tz_local_time_restores_tz),
	    cmocka_unit_test(test_tz_utc_time_gap_and_overlap),
	    cmocka_unit_test(test_tz_offsets_finds_transitions),
	    cmocka_unit_test(test_tz_unknown_when_tzdir_has_garbage),
	    cmocka_unit_test(test_open_overnight_across_midnight),
	    cmocka_unit_test(test_fail_closed),
	    cmocka_unit_test(test_dst_spring_forward),
	    cmocka_unit_test(test_dst_fall_back),
	    cmocka_unit_test(test_local_day_differs_from_utc_day),
	    cmocka_unit_test(test_non_us_zones),
	    cmocka_unit_test(test_next_change_texts),
	    cmocka_unit_test(test_next_change_long_open_periods),
	    cmocka_unit_test(test_next_change_always_never_unknown),
	    cmocka_unit_test(test_week_lines),
	    cmocka_unit_test(test_week_merging_and_edge_cases),
	    cmocka_unit_test(test_week_overnight_keeps_rest_of_next_day),
	    cmocka_unit_test(test_week_unpublished_is_all_closed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

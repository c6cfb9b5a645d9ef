/*
 * IANA time zones (contract §1.6: availability is interpreted in the store's `timeZone`).
 *
 * Why glibc and TZ: Debian ships no maintained C time-zone library, and glibc only converts
 * through the process-wide TZ variable. Every call here therefore takes one mutex, points TZ
 * at the zone, converts with localtime_r, and restores the previous TZ (or its absence).
 * Other code must not read or change TZ (or call localtime/mktime) while another thread
 * is inside these functions; gett-tui keeps all time-zone work in this module.
 *
 * A zone is "known" when it names a TZif file under the zoneinfo directory ($TZDIR, else
 * /usr/share/zoneinfo). Unknown zones are errors rather than glibc's silent fall-back to UTC.
 */
#ifndef GETT_TZ_H
#define GETT_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Names like "America/Los_Angeles"; rejects absolute paths, "..", and non-TZif files. */
bool tz_zone_exists(const char *zone);

/* The instant t as broken-down local time in `zone` (tm_wday, tm_gmtoff, tm_isdst are set).
 * False (and *out untouched) for an unknown zone. */
bool tz_local_time(const char *zone, time_t t, struct tm *out);

/*
 * Local wall time -> instant. Only tm_year, tm_mon, tm_mday, tm_hour, tm_min, tm_sec are read
 * (out-of-range values are normalised, e.g. tm_mday 32). The answer is the earliest instant at
 * which clocks in `zone` show that time or later: a time repeated when clocks go back maps to
 * its first occurrence, and a time skipped when clocks go forward maps to the end of the gap
 * (02:30 on a spring-forward night -> the instant clocks jump to 03:00).
 */
bool tz_utc_time(const char *zone, const struct tm *local, time_t *out);

/* A stretch of time during which the zone's UTC offset is constant. */
typedef struct tz_span {
	time_t start;	 /* first instant of the span */
	long utc_offset; /* seconds east of UTC: local wall = instant + utc_offset */
} tz_span;

/*
 * The zone's offsets over [from, to): spans[0].start == from, each span lasts until the next
 * one starts, the last until `to`. Offset changes are found by sampling every 30 minutes and
 * bisecting, so two changes that cancel out within 30 minutes would be missed (tzdata has
 * none). False for an unknown zone, from >= to, or more than `max` spans.
 */
bool tz_offsets(const char *zone, time_t from, time_t to, tz_span *spans, size_t max, size_t *n);

#endif

/* Time-zone conversion through glibc's TZ variable; see tz.h for why. */
#include "base/tz.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/collections.h"

#define TZ_DEFAULT_DIR	 "/usr/share/zoneinfo"
#define TZ_NAME_MAX	 200
#define TZ_SAMPLE_STEP	 (30 * 60)
#define TZ_SEARCH_MARGIN (2 * 86400) /* more than any UTC offset (-12h..+14h) */

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

static bool tz_name_is_safe(const char *zone)
{
	size_t len = strlen(zone);
	if (len == 0 || len > TZ_NAME_MAX || zone[0] == '/')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = zone[i];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			  (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+' || c == '/' ||
			  c == '.';
		if (!ok)
			return false;
		/* No "." or ".." components, no hidden files: the name must stay inside TZDIR. */
		if (c == '.' && (i == 0 || zone[i - 1] == '/'))
			return false;
		if (c == '/' && (i + 1 == len || zone[i + 1] == '/'))
			return false;
	}
	return true;
}

bool tz_zone_exists(const char *zone)
{
	if (zone == NULL || !tz_name_is_safe(zone))
		return false;
	const char *dir = getenv("TZDIR");
	if (dir == NULL || dir[0] == '\0')
		dir = TZ_DEFAULT_DIR;
	char path[4096];
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, zone) >= sizeof path)
		return false;
	FILE *f = fopen(path, "rbe");
	if (f == NULL)
		return false;
	struct stat st;
	char magic[4];
	/* glibc silently uses UTC for a file it cannot parse, so insist on a TZif header. */
	bool ok = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
		  fread(magic, 1, sizeof magic, f) == sizeof magic &&
		  memcmp(magic, "TZif", sizeof magic) == 0;
	fclose(f);
	return ok;
}

/* Locks and switches TZ to `zone`; returns the previous TZ (NULL when it was unset). */
static char *tz_enter(const char *zone)
{
	char value[TZ_NAME_MAX + 2];
	snprintf(value, sizeof value, ":%s", zone); /* ':' = file only, never a POSIX rule */
	pthread_mutex_lock(&tz_lock);
	char *saved = xstrdup(getenv("TZ"));
	setenv("TZ", value, 1);
	tzset(); /* localtime_r need not re-read TZ by itself */
	return saved;
}

static void tz_leave(char *saved)
{
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	pthread_mutex_unlock(&tz_lock);
	free(saved);
}

/* UTC offset at t under the current TZ; false when t is out of range. */
static bool offset_at(time_t t, long *offset)
{
	struct tm tm;
	if (localtime_r(&t, &tm) == NULL)
		return false;
	*offset = tm.tm_gmtoff;
	return true;
}

bool tz_local_time(const char *zone, time_t t, struct tm *out)
{
	if (!tz_zone_exists(zone))
		return false;
	char *saved = tz_enter(zone);
	struct tm tm;
	bool ok = localtime_r(&t, &tm) != NULL;
	tz_leave(saved);
	if (ok)
		*out = tm;
	return ok;
}

/* First instant in (lo, hi] whose offset differs from lo's; hi's offset must differ. */
static bool bisect_change(time_t lo, time_t hi, long lo_offset, time_t *change)
{
	while (hi - lo > 1) {
		time_t mid = lo + (hi - lo) / 2;
		long offset;
		if (!offset_at(mid, &offset))
			return false;
		if (offset == lo_offset)
			lo = mid;
		else
			hi = mid;
	}
	*change = hi;
	return true;
}

static bool push_span(tz_span *spans, size_t max, size_t *n, time_t start, long offset)
{
	if (*n >= max)
		return false;
	spans[*n].start = start;
	spans[*n].utc_offset = offset;
	(*n)++;
	return true;
}

static bool collect_offsets(time_t from, time_t to, tz_span *spans, size_t max, size_t *n)
{
	long prev_offset;
	if (!offset_at(from, &prev_offset) || !push_span(spans, max, n, from, prev_offset))
		return false;
	time_t prev = from;
	while (prev < to - 1) {
		time_t cur = to - 1 - prev > TZ_SAMPLE_STEP ? prev + TZ_SAMPLE_STEP : to - 1;
		long offset;
		if (!offset_at(cur, &offset))
			return false;
		if (offset == prev_offset) {
			prev = cur;
			continue;
		}
		time_t change;
		if (!bisect_change(prev, cur, prev_offset, &change) ||
		    !offset_at(change, &prev_offset) ||
		    !push_span(spans, max, n, change, prev_offset))
			return false;
		prev = change; /* resample from here in case a second change hides before cur */
	}
	return true;
}

bool tz_offsets(const char *zone, time_t from, time_t to, tz_span *spans, size_t max, size_t *n)
{
	*n = 0;
	if (from >= to || !tz_zone_exists(zone))
		return false;
	char *saved = tz_enter(zone);
	bool ok = collect_offsets(from, to, spans, max, n);
	tz_leave(saved);
	if (!ok)
		*n = 0;
	return ok;
}

bool tz_utc_time(const char *zone, const struct tm *local, time_t *out)
{
	struct tm tm = {0};
	tm.tm_year = local->tm_year;
	tm.tm_mon = local->tm_mon;
	tm.tm_mday = local->tm_mday;
	tm.tm_hour = local->tm_hour;
	tm.tm_min = local->tm_min;
	tm.tm_sec = local->tm_sec;
	time_t wall = timegm(&tm); /* the clock reading counted as if it were UTC; TZ-independent */

	tz_span spans[16];
	size_t n;
	if (!tz_offsets(zone, wall - TZ_SEARCH_MARGIN, wall + TZ_SEARCH_MARGIN, spans, 16, &n))
		return false;
	bool found = false;
	time_t best = 0;
	for (size_t i = 0; i < n; i++) {
		time_t start = spans[i].start;
		time_t end = i + 1 < n ? spans[i + 1].start : wall + TZ_SEARCH_MARGIN;
		time_t exact = wall - spans[i].utc_offset;
		time_t candidate;
		if (exact >= start && exact < end)
			candidate = exact; /* clocks show exactly `wall` in this span */
		else if (i > 0 && start + spans[i].utc_offset >= wall)
			candidate = start; /* clocks jumped past `wall` when this span began */
		else
			continue;
		if (!found || candidate < best)
			best = candidate;
		found = true;
	}
	if (found)
		*out = best;
	return found;
}

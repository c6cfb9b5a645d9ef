/* Weekly opening windows evaluated: open-now, next change, weekly display (§3.3, §4.4). */
#include "rules/availability.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "base/tz.h"

#define DAY_SECONDS    86400
#define SEARCH_HORIZON (8 * DAY_SECONDS) /* a whole week plus slack for DST shifts */
#define MAX_SPANS      16

/* ---------------------------------------------------------------- evaluation */

/* Local wall-clock readings are handled as "seconds since 1970-01-01 00:00 local". */
static long long floor_div(long long a, long long b)
{
	return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

static long long wall_day(long long wall)
{
	return floor_div(wall, DAY_SECONDS);
}

static int weekday_of_day(long long day)
{
	return (int)(((day + 4) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
}

static bool open_at_wall(const avail_list *list, long long wall)
{
	long long day = wall_day(wall);
	int weekday = weekday_of_day(day);
	int seconds = (int)(wall - day * DAY_SECONDS);
	for (size_t i = 0; i < list->n; i++) {
		const avail_window *w = &list->v[i];
		if (avail_window_is_valid(w) && w->day == weekday && w->start <= seconds &&
		    seconds < w->end)
			return true;
	}
	return false;
}

static bool has_valid_window(const avail_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		if (avail_window_is_valid(&list->v[i]))
			return true;
	return false;
}

bool avail_is_open(const avail_list *list, const char *time_zone, time_t now)
{
	if (list == NULL || !list->published || !has_valid_window(list))
		return false;
	struct tm local;
	if (!tz_local_time(time_zone, now, &local))
		return false;
	return open_at_wall(list, (long long)now + local.tm_gmtoff);
}

/* The offset timeline over the search horizon, and the first change of open state on it. */
typedef struct change_search {
	const avail_list *list;
	tz_span spans[MAX_SPANS];
	size_t n_spans;
	time_t now;
	time_t end;
	bool open_now;
	bool found;
	time_t change;
} change_search;

static long span_offset_at(const change_search *cs, time_t t)
{
	long offset = cs->spans[0].utc_offset;
	for (size_t i = 1; i < cs->n_spans && cs->spans[i].start <= t; i++)
		offset = cs->spans[i].utc_offset;
	return offset;
}

static void consider(change_search *cs, time_t t, long offset)
{
	if (t <= cs->now || t >= cs->end || (cs->found && t >= cs->change))
		return;
	if (open_at_wall(cs->list, (long long)t + offset) != cs->open_now) {
		cs->change = t;
		cs->found = true;
	}
}

/* Open state can only change at a span start or where clocks pass a window boundary, so the
 * earliest such candidate whose state differs from now's is the next change. */
static void search_span(change_search *cs, size_t k)
{
	time_t start = cs->spans[k].start;
	time_t end = k + 1 < cs->n_spans ? cs->spans[k + 1].start : cs->end;
	long offset = cs->spans[k].utc_offset;
	if (k > 0)
		consider(cs, start, offset);
	long long wall_lo = (long long)start + offset, wall_hi = (long long)end + offset;
	for (long long day = wall_day(wall_lo); day <= wall_day(wall_hi - 1); day++) {
		int weekday = weekday_of_day(day);
		for (size_t i = 0; i < cs->list->n; i++) {
			const avail_window *w = &cs->list->v[i];
			if (!avail_window_is_valid(w) || w->day != weekday)
				continue;
			long long bounds[2] = {day * DAY_SECONDS + w->start,
					       day * DAY_SECONDS + w->end};
			for (int b = 0; b < 2; b++)
				if (bounds[b] >= wall_lo && bounds[b] < wall_hi)
					consider(cs, (time_t)(bounds[b] - offset), offset);
		}
	}
}

avail_status avail_next_change(const avail_list *list, const char *time_zone, time_t now)
{
	avail_status st = {.state = AVAIL_UNPUBLISHED, .at = now};
	if (list == NULL || !list->published)
		return st;
	st.state = AVAIL_CLOSED_NEVER;
	if (!has_valid_window(list))
		return st;
	change_search cs = {.list = list, .now = now, .end = now + SEARCH_HORIZON};
	if (time_zone == NULL ||
	    !tz_offsets(time_zone, now, cs.end, cs.spans, MAX_SPANS, &cs.n_spans)) {
		st.state = AVAIL_NO_ZONE;
		return st;
	}
	long long now_wall = (long long)now + cs.spans[0].utc_offset;
	cs.open_now = open_at_wall(list, now_wall);
	for (size_t k = 0; k < cs.n_spans; k++)
		search_span(&cs, k);
	if (!cs.found) {
		st.state = cs.open_now ? AVAIL_OPEN_ALWAYS : AVAIL_CLOSED_NEVER;
		return st;
	}
	long long change_wall = (long long)cs.change + span_offset_at(&cs, cs.change);
	st.state = cs.open_now ? AVAIL_OPEN : AVAIL_CLOSED;
	st.change = cs.change;
	st.change_day = weekday_of_day(wall_day(change_wall));
	st.change_time = (int)(change_wall - wall_day(change_wall) * DAY_SECONDS);
	st.days_ahead = (int)(wall_day(change_wall) - wall_day(now_wall));
	return st;
}

bool avail_status_is_open(const avail_status *status)
{
	return status->state == AVAIL_OPEN || status->state == AVAIL_OPEN_ALWAYS;
}

static const char *format_change(const avail_status *st, char *buf, size_t n, bool soon,
				 const char *at_fmt, const char *tomorrow_fmt, const char *day_fmt)
{
	char time[16];
	avail_format_time(st->change_time, time, sizeof time);
	if (soon)
		snprintf(buf, n, at_fmt, time);
	else if (st->days_ahead == 1)
		snprintf(buf, n, tomorrow_fmt, time);
	else
		snprintf(buf, n, day_fmt, avail_day_abbrev(st->change_day), time);
	return buf;
}

/* The states whose text names no time. */
static const char *const fixed_texts[] = {
    [AVAIL_UNPUBLISHED] = N_("No hours published"),
    [AVAIL_NO_ZONE] = N_("Hours unavailable (unknown time zone)"),
    [AVAIL_OPEN_ALWAYS] = N_("Open 24 hours"),
    [AVAIL_CLOSED_NEVER] = N_("Closed"),
};

const char *avail_status_text(const avail_status *status, char *buf, size_t n)
{
	switch (status->state) {
	case AVAIL_UNPUBLISHED:
	case AVAIL_NO_ZONE:
	case AVAIL_OPEN_ALWAYS:
	case AVAIL_CLOSED_NEVER:
		snprintf(buf, n, "%s", _(fixed_texts[status->state]));
		break;
	case AVAIL_OPEN:
		/* A close within 24 hours is unambiguous without a day, even past midnight. */
		return format_change(status, buf, n, status->change - status->at < DAY_SECONDS,
				     _("Open now · closes at %s"),
				     _("Open now · closes Tomorrow %s"),
				     _("Open now · closes %s %s"));
	case AVAIL_CLOSED:
		return format_change(status, buf, n, status->days_ahead == 0,
				     _("Closed · opens at %s"), _("Closed · opens Tomorrow %s"),
				     _("Closed · opens %s %s"));
	}
	return buf;
}

/* ---------------------------------------------------------------- weekly rendering */

typedef struct day_periods {
	avail_window *v; /* merged, sorted by start; `day` unused */
	size_t n;
	bool all_day;
	bool first_shown_by_previous; /* 00:00 period drawn on the previous day's line */
} day_periods;

static int compare_start(const void *a, const void *b)
{
	const avail_window *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

static void collect_day(const avail_list *list, int day, day_periods *out)
{
	out->v = xcalloc(list->n ? list->n : 1, sizeof *out->v);
	out->n = 0;
	for (size_t i = 0; i < list->n; i++)
		if (avail_window_is_valid(&list->v[i]) && list->v[i].day == day)
			out->v[out->n++] = list->v[i];
	qsort(out->v, out->n, sizeof *out->v, compare_start);
	size_t merged = 0;
	for (size_t i = 0; i < out->n; i++) {
		if (merged > 0 && out->v[i].start <= out->v[merged - 1].end) {
			if (out->v[i].end > out->v[merged - 1].end)
				out->v[merged - 1].end = out->v[i].end;
		} else {
			out->v[merged++] = out->v[i];
		}
	}
	out->n = merged;
	out->all_day = merged == 1 && out->v[0].start == 0 && out->v[0].end == DAY_SECONDS;
}

/* Whether `day`'s last period runs on into `next`'s first one at midnight. */
static bool runs_overnight(const day_periods *day, const day_periods *next)
{
	return !day->all_day && !next->all_day && day->n > 0 && next->n > 0 &&
	       day->v[day->n - 1].end == DAY_SECONDS && next->v[0].start == 0;
}

static void append(char **s, size_t *len, const char *text)
{
	size_t add = strlen(text);
	*s = xrealloc(*s, *len + add + 1);
	memcpy(*s + *len, text, add + 1);
	*len += add;
}

static char *render_day(int day, const day_periods *periods, const day_periods *next)
{
	char *line = NULL;
	size_t len = 0;
	append(&line, &len, avail_day_abbrev(day));
	append(&line, &len, "  ");
	if (periods->all_day) {
		append(&line, &len, _("Open 24 hours"));
		return line;
	}
	bool overnight = runs_overnight(periods, next);
	size_t shown = 0;
	for (size_t i = periods->first_shown_by_previous ? 1 : 0; i < periods->n; i++) {
		int end = periods->v[i].end;
		if (overnight && i + 1 == periods->n)
			end = next->v[0].end;
		char from[16], to[16], text[48];
		avail_format_time(periods->v[i].start, from, sizeof from);
		avail_format_time(end, to, sizeof to);
		snprintf(text, sizeof text, "%s%s–%s", shown++ ? ", " : "", from, to);
		append(&line, &len, text);
	}
	if (shown == 0)
		append(&line, &len, _("Closed"));
	return line;
}

void avail_week_render(const avail_list *list, avail_week *out)
{
	static const avail_list empty = {0};
	if (list == NULL || !list->published)
		list = &empty;
	day_periods days[7];
	for (int d = 0; d < 7; d++)
		collect_day(list, d, &days[d]);
	for (int d = 0; d < 7; d++)
		days[(d + 1) % 7].first_shown_by_previous =
		    runs_overnight(&days[d], &days[(d + 1) % 7]);
	for (int i = 0; i < AVAIL_WEEK_DAYS; i++) {
		int d = (i + 1) % 7; /* Monday first */
		out->day[i] = d;
		out->line[i] = render_day(d, &days[d], &days[(d + 1) % 7]);
	}
	for (int d = 0; d < 7; d++)
		free(days[d].v);
}

void avail_week_clear(avail_week *week)
{
	for (int i = 0; i < AVAIL_WEEK_DAYS; i++) {
		free(week->line[i]);
		week->line[i] = NULL;
	}
}

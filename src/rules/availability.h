/*
 * Weekly opening windows (contract §3.3, §4.4), evaluated in a store's IANA time zone.
 * Fail-closed: null or empty availability means never open.
 */
#ifndef GETT_AVAILABILITY_H
#define GETT_AVAILABILITY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "wire/avail.h"

/*
 * Whether the windows contain the local wall-clock time of `now` in `time_zone` (start <= t <
 * end, DST-correct). Fail-closed: unpublished, empty, or a NULL/unknown zone -> false.
 * Note §4.4: to decide whether a store takes orders, trust Store.isAcceptingOrders; this is for
 * catalogs and for display.
 */
bool avail_is_open(const avail_list *list, const char *time_zone, time_t now);

typedef enum avail_state {
	AVAIL_UNPUBLISHED,  /* availability null/absent: closed, hours unknown */
	AVAIL_NO_ZONE,	    /* time zone missing or unknown: closed, cannot evaluate */
	AVAIL_OPEN,	    /* open now; closes at `change` */
	AVAIL_OPEN_ALWAYS,  /* open now and does not close within a week (24/7) */
	AVAIL_CLOSED,	    /* closed now; opens at `change` */
	AVAIL_CLOSED_NEVER, /* closed now and no opening within a week (e.g. []) */
} avail_state;

typedef struct avail_status {
	avail_state state;
	time_t at;	 /* the instant evaluated */
	time_t change;	 /* AVAIL_OPEN/AVAIL_CLOSED: instant of the next change of state */
	int change_day;	 /* ...its local weekday, 0 = Sunday */
	int change_time; /* ...its local wall time, seconds after midnight */
	int days_ahead;	 /* ...local calendar days after the local date of `at` (0 = same day) */
} avail_status;

/*
 * Open state at `now` and the next change, searched up to 8 days ahead (a whole week plus DST
 * slack). The change is the end of the current contiguous open period, so a window ending at
 * 24:00 followed by the next day's 00:00 window counts as one period; a change at a DST jump
 * (e.g. a window starting in the skipped hour) is reported at the instant it really happens.
 */
avail_status avail_next_change(const avail_list *list, const char *time_zone, time_t now);
bool avail_status_is_open(const avail_status *status);
/*
 * English text via _(): "Open now · closes at 22:00" (closing within 24 hours), "Open now ·
 * closes Tomorrow 22:00" / "Open now · closes Wed 22:00" (later), "Open 24 hours",
 * "Closed · opens at 17:00" (today), "Closed · opens Tomorrow 07:00", "Closed · opens Mon 11:00"
 * (2-7 days ahead), "Closed" (never opens), "No hours published",
 * "Hours unavailable (unknown time zone)". Writes into buf and returns it.
 */
const char *avail_status_text(const avail_status *status, char *buf, size_t n);

/*
 * Opening hours for display, one line per day, Monday first (the usual order for a
 * week's hours), e.g. "Mon  11:00–14:30, 17:00–22:00", "Sun  Closed", "Tue  Open 24 hours".
 * Overlapping or touching windows of a day are merged. Overnight: when a day's last period ends
 * at 24:00 and the next day's first starts at 00:00 (and neither day is open 24 hours), the
 * line of the first day shows them as one ("Fri  18:00–02:00") and the next day's line omits
 * that part. An unpublished or empty list renders as seven "Closed" lines; callers that care
 * check `published` first. Lines are heap strings owned by the avail_week: free them with
 * avail_week_clear.
 */
#define AVAIL_WEEK_DAYS 7
typedef struct avail_week {
	int day[AVAIL_WEEK_DAYS];    /* weekday of each line (0 = Sunday): 1, 2, 3, 4, 5, 6, 0 */
	char *line[AVAIL_WEEK_DAYS]; /* UTF-8 */
} avail_week;

void avail_week_render(const avail_list *list, avail_week *out);
void avail_week_clear(avail_week *week);

#endif

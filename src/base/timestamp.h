/*
 * Instants on the wire (contract §1.5: ISO-8601 in UTC, e.g. "2026-03-11T14:30:00.000Z").
 *
 * One parser for every timestamp the programs read: the server's expiresAt and placedAt,
 * the journal's own records, and the --now options. Lenient in what it accepts (a fraction
 * of any length, "Z" or a numeric offset), strict about the calendar (31 February is
 * refused rather than normalised). Writers always print UTC with "Z".
 */
#ifndef GETT_TIMESTAMP_H
#define GETT_TIMESTAMP_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define TIMESTAMP_MAX 32 /* room for every text written here, with its NUL */

/* "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)" -> milliseconds since the epoch (the fraction
   beyond milliseconds is dropped). False for anything else, NULL included, and for an instant
   outside 1970-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z (what the writers can print). */
bool timestamp_parse_ms(const char *text, int64_t *unix_ms);
/* The same, in whole seconds (the fraction is dropped). */
bool timestamp_parse(const char *text, time_t *out);

/* "2026-03-11T14:30:00Z" */
const char *timestamp_format(time_t t, char buf[TIMESTAMP_MAX]);
/* "2026-03-11T14:30:00.000Z" */
const char *timestamp_format_ms(int64_t unix_ms, char buf[TIMESTAMP_MAX]);

#endif

/*
 * Weekly opening windows as on the wire (contract §3.3): the model, its JSON, day names and
 * wire times. rules/availability.h evaluates them.
 */
#ifndef GETT_AVAIL_H
#define GETT_AVAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <jansson.h>

#include "base/jsonx.h"

typedef struct avail_window {
	int day;   /* 0 = Sunday ... 6 = Saturday */
	int start; /* seconds after local midnight */
	int end;   /* exclusive; 86400 when the wire says "00:00:00" (end of day) */
} avail_window;

typedef struct avail_list {
	avail_window *v;
	size_t n;
	bool published; /* false when the wire had null or no field */
} avail_list;

/*
 * `value` may be NULL or JSON null (-> unpublished), else an array of
 * {"dayOfWeek": "Sunday".."Saturday", "start": "HH:mm:ss", "end": "HH:mm:ss"}.
 * Day names are matched case-insensitively (full English names only; the wire spelling is
 * capitalised and is what avail_list_to_json writes). Times are strict: exactly two digits each,
 * 00-23:00-59:00-59; an end of "00:00:00" is stored as 86400. Windows with start >= end are
 * kept (a real server's data must not stop the client) but never match; see
 * avail_window_is_valid. `path` names `value` ("$.availability"); errors name the element
 * ("$.availability[2].start"). *out is overwritten (not freed) and left empty on error.
 */
bool avail_list_from_json(const json_t *value, const char *path, avail_list *out, json_err *err);
/* JSON null when unpublished; an end of 86400 is written "00:00:00". Windows whose day or times
 * are out of range (never produced by the parser) are left out. */
json_t *avail_list_to_json(const avail_list *list);
/* Deep copy, every window kept (even one avail_list_to_json would leave out); dst is
   overwritten, not freed first. */
void avail_list_copy(avail_list *dst, const avail_list *src);
void avail_list_clear(avail_list *list); /* frees the windows; the list becomes unpublished */

/* 0 <= day <= 6 and 0 <= start < end <= 86400. Invalid windows are ignored everywhere. */
bool avail_window_is_valid(const avail_window *w);

/* Wire names: "Sunday" for 0 ...; NULL when out of range. */
const char *avail_day_name(int day);
/* Case-insensitive full English name -> 0..6, or -1. */
int avail_day_from_name(const char *name);
/* Strict wire time "HH:mm:ss" (two digits each, 00-23:00-59:00-59) -> seconds after
 * midnight, or -1. */
int avail_parse_time(const char *s);
/* Translated short display name ("Sun", "Mon", ...); "?" when out of range. */
const char *avail_day_abbrev(int day);
/* Seconds after midnight -> "HH:MM", or "HH:MM:SS" when the seconds are not zero; 86400 is
 * shown as "00:00" (the midnight that ends the day). */
void avail_format_time(int seconds, char *buf, size_t n);

#endif

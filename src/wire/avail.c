/* Weekly opening windows as the wire writes them (§3.3): parsing, writing, names and times. */
#include "wire/avail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/collections.h"
#include "base/i18n.h"

#define DAY_SECONDS 86400

static const char *const day_names[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
					 "Thursday", "Friday", "Saturday"};
static const char *const day_abbrevs[7] = {N_("Sun"), N_("Mon"), N_("Tue"), N_("Wed"),
					   N_("Thu"), N_("Fri"), N_("Sat")};

/* ---------------------------------------------------------------- names and times */

const char *avail_day_name(int day)
{
	return day >= 0 && day < 7 ? day_names[day] : NULL;
}

int avail_day_from_name(const char *name)
{
	for (int day = 0; name != NULL && day < 7; day++)
		if (strcasecmp(name, day_names[day]) == 0)
			return day;
	return -1;
}

const char *avail_day_abbrev(int day)
{
	return day >= 0 && day < 7 ? _(day_abbrevs[day]) : "?";
}

void avail_format_time(int seconds, char *buf, size_t n)
{
	int s = ((seconds % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS;
	if (s % 60 != 0)
		snprintf(buf, n, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, n, "%02d:%02d", s / 3600, s / 60 % 60);
}

bool avail_window_is_valid(const avail_window *w)
{
	return w->day >= 0 && w->day < 7 && w->start >= 0 && w->start < w->end &&
	       w->end <= DAY_SECONDS;
}

/* ---------------------------------------------------------------- wire format */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int avail_parse_time(const char *s)
{
	if (strlen(s) != 8 || s[2] != ':' || s[5] != ':')
		return -1;
	static const int digit_at[] = {0, 1, 3, 4, 6, 7};
	for (size_t i = 0; i < sizeof digit_at / sizeof digit_at[0]; i++)
		if (!is_digit(s[digit_at[i]]))
			return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0');
	int m = (s[3] - '0') * 10 + (s[4] - '0');
	int sec = (s[6] - '0') * 10 + (s[7] - '0');
	if (h > 23 || m > 59 || sec > 59)
		return -1;
	return h * 3600 + m * 60 + sec;
}

static void format_wire_time(int seconds, char *buf, size_t n)
{
	int s = seconds % DAY_SECONDS; /* 86400 (end of day) is spelled "00:00:00" */
	snprintf(buf, n, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
}

/* The string member `key` of `obj` (required); errors name "<path>.<key>". */
static const char *required_string(const json_t *obj, const char *key, const char *path,
				   char *key_path, size_t key_path_size, json_err *err)
{
	jsonx_path_key(key_path, key_path_size, path, key);
	const json_t *v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v)) {
		json_err_set(err, key_path, "required field is missing");
		return NULL;
	}
	if (!json_is_string(v)) {
		json_err_set(err, key_path, "expected a string, got %s", jsonx_type_name(v));
		return NULL;
	}
	return json_string_value(v);
}

/* The "HH:mm:ss" member `key` of `obj` (required), in seconds after midnight. */
static bool required_time(const json_t *obj, const char *key, const char *path, int *out,
			  json_err *err)
{
	char key_path[256];
	const char *text = required_string(obj, key, path, key_path, sizeof key_path, err);
	if (text == NULL)
		return false;
	*out = avail_parse_time(text);
	if (*out >= 0)
		return true;
	json_err_set(err, key_path, "invalid time \"%.40s\" (expected HH:mm:ss)", text);
	return false;
}

static bool window_from_json(const json_t *elem, const char *path, avail_window *out, json_err *err)
{
	if (!json_is_object(elem)) {
		json_err_set(err, path, "expected an object, got %s", jsonx_type_name(elem));
		return false;
	}
	char key_path[256];
	const char *day = required_string(elem, "dayOfWeek", path, key_path, sizeof key_path, err);
	if (day == NULL)
		return false;
	out->day = avail_day_from_name(day);
	if (out->day < 0) {
		json_err_set(err, key_path, "unknown day \"%.40s\" (expected Sunday to Saturday)",
			     day);
		return false;
	}
	if (!required_time(elem, "start", path, &out->start, err) ||
	    !required_time(elem, "end", path, &out->end, err))
		return false;
	if (out->end == 0)
		out->end = DAY_SECONDS;
	return true;
}

bool avail_list_from_json(const json_t *value, const char *path, avail_list *out, json_err *err)
{
	memset(out, 0, sizeof *out);
	if (value == NULL || json_is_null(value))
		return true;
	if (!json_is_array(value)) {
		json_err_set(err, path, "expected an array or null, got %s",
			     jsonx_type_name(value));
		return false;
	}
	size_t n = json_array_size(value);
	avail_window *v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		char elem_path[256];
		jsonx_path_index(elem_path, sizeof elem_path, path, i);
		if (!window_from_json(json_array_get(value, i), elem_path, &v[i], err)) {
			free(v);
			return false;
		}
	}
	out->v = v;
	out->n = n;
	out->published = true;
	return true;
}

json_t *avail_list_to_json(const avail_list *list)
{
	if (list == NULL || !list->published)
		return json_null();
	json_t *arr = json_array();
	for (size_t i = 0; i < list->n; i++) {
		const avail_window *w = &list->v[i];
		if (w->day < 0 || w->day > 6 || w->start < 0 || w->start >= DAY_SECONDS ||
		    w->end < 0 || w->end > DAY_SECONDS)
			continue;
		char start[16], end[16];
		format_wire_time(w->start, start, sizeof start);
		format_wire_time(w->end, end, sizeof end);
		json_t *obj = json_object();
		json_object_set_new(obj, "dayOfWeek", json_string(day_names[w->day]));
		json_object_set_new(obj, "start", json_string(start));
		json_object_set_new(obj, "end", json_string(end));
		json_array_append_new(arr, obj);
	}
	return arr;
}

void avail_list_copy(avail_list *dst, const avail_list *src)
{
	*dst = *src;
	dst->v = NULL;
	if (src->n) {
		dst->v = xmalloc(src->n * sizeof *dst->v);
		memcpy(dst->v, src->v, src->n * sizeof *dst->v);
	}
}

void avail_list_clear(avail_list *list)
{
	free(list->v);
	memset(list, 0, sizeof *list);
}

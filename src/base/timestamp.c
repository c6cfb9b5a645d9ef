/*
 * ISO-8601 instants (timestamp.h). Parsed by hand rather than with strptime: strptime
 * accepts one-digit fields and normalises impossible dates, and its %z differs between
 * C libraries.
 */
#include "base/timestamp.h"

#include <ctype.h>
#include <stdio.h>

/* 9999-12-31T23:59:59.999Z: the writers print four-digit years, and the parser reads no
   year before 1970, so an offset or a leap second must not carry an instant outside. */
#define LAST_MS 253402300799999LL

static bool read_digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool expect(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

/* ".123456" -> 123 (milliseconds); at least one digit. */
static bool read_fraction(const char **p, int *ms)
{
	int scale = 100, digits = 0;
	*ms = 0;
	while (isdigit((unsigned char)**p)) {
		*ms += (**p - '0') * scale;
		scale /= 10;
		(*p)++;
		digits++;
	}
	return digits > 0;
}

static int days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

/* "Z" or "±HH:MM" at the very end -> seconds east of UTC. */
static bool read_zone(const char *p, long *offset)
{
	*offset = 0;
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		return true;
	if (*p != '+' && *p != '-')
		return false;
	int sign = *p == '-' ? -1 : 1, hh, mm;
	p++;
	if (!read_digits(&p, 2, &hh) || !expect(&p, ':') || !read_digits(&p, 2, &mm) || *p ||
	    hh > 23 || mm > 59)
		return false;
	*offset = sign * (hh * 3600L + mm * 60L);
	return true;
}

bool timestamp_parse_ms(const char *text, int64_t *unix_ms)
{
	if (!text)
		return false;
	const char *p = text;
	int y, mo, d, h, mi, s, ms = 0;
	if (!read_digits(&p, 4, &y) || !expect(&p, '-') || !read_digits(&p, 2, &mo) ||
	    !expect(&p, '-') || !read_digits(&p, 2, &d))
		return false;
	if (*p != 'T' && *p != 't')
		return false;
	p++;
	if (!read_digits(&p, 2, &h) || !expect(&p, ':') || !read_digits(&p, 2, &mi) ||
	    !expect(&p, ':') || !read_digits(&p, 2, &s))
		return false;
	if (*p == '.') {
		p++;
		if (!read_fraction(&p, &ms))
			return false;
	}
	long offset;
	if (!read_zone(p, &offset))
		return false;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
	    mi > 59 || s > 60)
		return false; /* 31 February and friends included: never normalised */
	struct tm tm = {.tm_year = y - 1900,
			.tm_mon = mo - 1,
			.tm_mday = d,
			.tm_hour = h,
			.tm_min = mi,
			.tm_sec = s};
	time_t t = timegm(&tm); /* a leap second :60 becomes the next second */
	if (t == (time_t)-1)
		return false;
	int64_t at = ((int64_t)t - offset) * 1000 + ms;
	if (at < 0 || at > LAST_MS)
		return false;
	*unix_ms = at;
	return true;
}

bool timestamp_parse(const char *text, time_t *out)
{
	int64_t ms;
	if (!timestamp_parse_ms(text, &ms))
		return false;
	*out = (time_t)(ms / 1000);
	return true;
}

static void format_fields(time_t secs, char *buf, size_t n, const char *tail)
{
	struct tm tm;
	gmtime_r(&secs, &tm);
	/* The modulos only bound the text for the compiler; real dates are unaffected. */
	snprintf(buf, n, "%04u-%02u-%02uT%02u:%02u:%02u%s", (unsigned)(tm.tm_year + 1900) % 10000u,
		 (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
		 (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
		 (unsigned)tm.tm_sec % 100u, tail);
}

const char *timestamp_format(time_t t, char buf[TIMESTAMP_MAX])
{
	format_fields(t, buf, TIMESTAMP_MAX, "Z");
	return buf;
}

const char *timestamp_format_ms(int64_t unix_ms, char buf[TIMESTAMP_MAX])
{
	time_t secs = (time_t)(unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000);
	char tail[8];
	snprintf(tail, sizeof tail, ".%03uZ", (unsigned)(unix_ms - (int64_t)secs * 1000) % 1000u);
	format_fields(secs, buf, TIMESTAMP_MAX, tail);
	return buf;
}

#include "base/money.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"

/* Scales a decimal mantissa by 10^shift into cents, rounding half away from zero. */
static enum money_status scale_digits(const char *digits, size_t n, long shift, bool negative,
				      money *out)
{
	/* Digits that survive: all of them when shift >= 0, else drop -shift trailing digits. */
	long keep = shift >= 0 ? (long)n : (long)n + shift;
	int64_t v = 0;
	bool rounded = false;
	for (long i = 0; i < keep; i++) {
		int d = i < (long)n ? digits[i] - '0' : 0;
		if (v > (MONEY_MAX_CENTS - d) / 10)
			return MONEY_INVALID;
		v = v * 10 + d;
	}
	for (long i = 0; shift > 0 && i < shift; i++) {
		if (v > MONEY_MAX_CENTS / 10)
			return MONEY_INVALID;
		v *= 10;
	}
	if (keep < (long)n) {
		long first = keep < 0 ? -1 : keep;
		for (long i = first < 0 ? 0 : first; i < (long)n; i++)
			if (digits[i] != '0')
				rounded = true;
		/* The first dropped digit decides; only when it is a real digit (keep >= 0). */
		if (keep >= 0 && digits[keep] >= '5')
			v++;
	}
	if (v > MONEY_MAX_CENTS)
		return MONEY_INVALID;
	*out = negative ? -v : v;
	return rounded ? MONEY_ROUNDED : MONEY_OK;
}

enum money_status money_parse_decimal(const char *text, money *out)
{
	const char *p = text;
	bool negative = false;
	if (!p)
		return MONEY_INVALID;
	if (*p == '-' || *p == '+')
		negative = *p++ == '-';
	char digits[64];
	size_t n = 0;
	long frac = 0;
	bool seen_digit = false, seen_point = false;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			seen_digit = true;
			if (n == 0 && *p == '0') { /* leading zeros carry no value */
				if (seen_point)
					frac++;
				continue;
			}
			if (n >= sizeof digits)
				return MONEY_INVALID;
			digits[n++] = *p;
			if (seen_point)
				frac++;
		} else if (*p == '.' && !seen_point) {
			seen_point = true;
		} else {
			break;
		}
	}
	if (!seen_digit)
		return MONEY_INVALID;
	long exponent = 0;
	if (*p == 'e' || *p == 'E') {
		char *end;
		exponent = strtol(p + 1, &end, 10);
		if (end == p + 1 || exponent > 40 || exponent < -40)
			return MONEY_INVALID;
		p = end;
	}
	if (*p != '\0')
		return MONEY_INVALID;
	return scale_digits(digits, n, exponent - frac + 2, negative && n > 0, out);
}

enum money_status money_from_double(double major_units, money *out)
{
	if (!isfinite(major_units) || fabs(major_units) > (double)MONEY_MAX_CENTS / 100.0)
		return MONEY_INVALID;
	/* Fast path: a whole number of cents (the usual case) is exact as it stands, since the
	   correctly rounded k / 100.0 is the double nearest to the decimal k/100. */
	double cents = nearbyint(major_units * 100.0);
	if (cents / 100.0 == major_units) {
		*out = (money)cents;
		return MONEY_OK;
	}
	/* Shortest text that reads back as the same double: the number the sender wrote. */
	char buf[40];
	for (int precision = 1; precision <= 17; precision++) {
		snprintf(buf, sizeof buf, "%.*g", precision, major_units);
		/* A locale with a decimal comma must not change the meaning. */
		for (char *c = buf; *c; c++)
			if (*c == ',')
				*c = '.';
		if (strtod(buf, NULL) == major_units)
			break;
	}
	return money_parse_decimal(buf, out);
}

enum money_status money_from_json(const json_t *value, money *out)
{
	if (json_is_integer(value)) {
		json_int_t i = json_integer_value(value);
		if (i > MONEY_MAX_CENTS / 100 || i < -MONEY_MAX_CENTS / 100)
			return MONEY_INVALID;
		*out = (money)i * 100;
		return MONEY_OK;
	}
	if (json_is_real(value))
		return money_from_double(json_real_value(value), out);
	return MONEY_INVALID;
}

json_t *money_to_json(money cents)
{
	if (cents % 100 == 0)
		return json_integer(cents / 100);
	/* The correctly rounded quotient prints back exactly with 15 significant digits. */
	return json_real((double)cents / 100.0);
}

const char *money_to_decimal(money cents, char buf[MONEY_TEXT_MAX])
{
	uint64_t magnitude = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	snprintf(buf, MONEY_TEXT_MAX, "%s%llu.%02llu", cents < 0 ? "-" : "",
		 (unsigned long long)(magnitude / 100), (unsigned long long)(magnitude % 100));
	return buf;
}

/* The sign is U+2212, the minus sign of typography (docs/money.md "Display"): "-" is a hyphen.
   The terminal's text layer puts "-" where the charset lacks it (ui/widgets.c). */
#define MONEY_MINUS "\u2212"

static const char *format_signed(money cents, const char *plus, char buf[MONEY_TEXT_MAX])
{
	uint64_t magnitude = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	char dollars[24]; /* the whole dollars as US prices write them: "1,678" */
	str_thousands(magnitude / 100, dollars, sizeof dollars);
	snprintf(buf, MONEY_TEXT_MAX, "%s$%s.%02llu", cents < 0 ? MONEY_MINUS : plus, dollars,
		 (unsigned long long)(magnitude % 100));
	return buf;
}

const char *money_format(money cents, char buf[MONEY_TEXT_MAX])
{
	return format_signed(cents, "", buf);
}

const char *money_format_delta(money cents, char buf[MONEY_TEXT_MAX])
{
	return format_signed(cents, cents > 0 ? "+" : "", buf);
}

money money_percent_bp(money cents, int64_t basis_points)
{
	__int128 product = (__int128)cents * basis_points;
	__int128 q = product / 10000, r = product % 10000;
	if (r >= 5000)
		q++;
	else if (r <= -5000)
		q--;
	return (money)q;
}

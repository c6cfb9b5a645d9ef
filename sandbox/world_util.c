/* Small world helpers: ids, time text, distances, user lookups and session levels. */
#include <config.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <uuid/uuid.h>

#include "world.h"

void sbx_new_guid(char out[37])
{
	uuid_t u;
	uuid_generate_random(u);
	uuid_unparse_lower(u, out);
}

bool sbx_is_guid(const char *s)
{
	if (!s || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	}
	return true;
}

const char *sbx_format_time(int64_t unix_ms, char buf[32])
{
	time_t secs = (time_t)(unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000);
	int ms = (int)(unix_ms - (int64_t)secs * 1000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	/* The modulos only bound the text for the compiler; real dates are unaffected. */
	snprintf(buf, 32, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ",
		 (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
		 (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u,
		 (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u, (unsigned)ms % 1000u);
	return buf;
}

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

bool sbx_parse_time(const char *iso, int64_t *unix_ms)
{
	if (!iso)
		return false;
	const char *p = iso;
	int y, mo, d, h, mi, s, ms = 0;
	if (!read_digits(&p, 4, &y) || !expect(&p, '-') || !read_digits(&p, 2, &mo) ||
	    !expect(&p, '-') || !read_digits(&p, 2, &d) || !expect(&p, 'T') ||
	    !read_digits(&p, 2, &h) || !expect(&p, ':') || !read_digits(&p, 2, &mi) ||
	    !expect(&p, ':') || !read_digits(&p, 2, &s))
		return false;
	if (*p == '.') {
		p++;
		int scale = 100, digits = 0;
		while (isdigit((unsigned char)*p)) {
			if (scale > 0)
				ms += (*p - '0') * scale;
			scale /= 10;
			p++;
			digits++;
		}
		if (digits == 0)
			return false;
	}
	if (strcmp(p, "Z") != 0)
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
		return false;
	struct tm tm = {.tm_year = y - 1900,
			.tm_mon = mo - 1,
			.tm_mday = d,
			.tm_hour = h,
			.tm_min = mi,
			.tm_sec = s};
	time_t t = timegm(&tm);
	struct tm back;
	gmtime_r(&t, &back);
	if (back.tm_mday != d) /* 31 February and friends */
		return false;
	*unix_ms = (int64_t)t * 1000 + ms;
	return true;
}

double sbx_haversine_miles(double lat1, double lon1, double lat2, double lon2)
{
	const double earth_radius_miles = 3958.7613;
	const double rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) +
		   cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
	return 2 * earth_radius_miles * asin(fmin(1.0, sqrt(a)));
}

sbx_address *sbx_user_find_address(const sbx_user *user, const char *address_id)
{
	if (!user || !address_id)
		return NULL;
	for (size_t i = 0; i < user->n_addresses; i++)
		if (strcasecmp(user->addresses[i]->address_id, address_id) == 0)
			return user->addresses[i];
	return NULL;
}

sbx_payment *sbx_user_find_payment(const sbx_user *user, const char *payment_id)
{
	if (!user || !payment_id)
		return NULL;
	for (size_t i = 0; i < user->n_payments; i++)
		if (strcasecmp(user->payments[i]->payment_id, payment_id) == 0)
			return user->payments[i];
	return NULL;
}

int sbx_user_level(const sbx_user *user, str_list *missing)
{
	if (!user) {
		if (missing) {
			str_list_push(missing, "address");
			str_list_push(missing, "phone");
			str_list_push(missing, "payment");
		}
		return 0;
	}
	bool address = user->n_addresses > 0;
	bool phone = user->phone && *user->phone;
	bool payment = user->n_payments > 0;
	if (missing) {
		if (!address)
			str_list_push(missing, "address");
		if (!phone)
			str_list_push(missing, "phone");
		if (!payment)
			str_list_push(missing, "payment");
	}
	if (!address || !phone)
		return 1;
	return payment ? 3 : 2;
}

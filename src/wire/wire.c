/* Wire value formats shared by the client and the sandbox (see wire.h). */
#include "wire/wire.h"

#include <ctype.h>
#include <string.h>

#include "base/i18n.h"

bool wire_is_uuid(const char *s)
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

bool wire_is_uuid_v4(const char *s)
{
	/* xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx with N one of 8, 9, a, b (RFC 4122 §4.4). */
	return wire_is_uuid(s) && s[14] == '4' && strchr("89abAB", s[19]);
}

bool wire_is_e164(const char *phone)
{
	if (!phone || phone[0] != '+' || phone[1] < '1' || phone[1] > '9')
		return false;
	size_t digits = 0;
	for (const char *p = phone + 1; *p; p++, digits++)
		if (!isdigit((unsigned char)*p))
			return false;
	return digits >= 2 && digits <= 15;
}

bool wire_is_email(const char *email)
{
	const char *at = email ? strchr(email, '@') : NULL;
	if (!at || at == email || strchr(at + 1, '@'))
		return false;
	const char *dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || dot[1] == '\0')
		return false;
	for (const char *p = email; *p; p++)
		if (isspace((unsigned char)*p))
			return false;
	return true;
}

/* `n` digits at s; their value in *out. */
static bool digits(const char *s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		*out = *out * 10 + (s[i] - '0');
	}
	return true;
}

bool wire_card_expiry(const char *text, int *year, int *month)
{
	int y, m, d;
	size_t len = text ? strlen(text) : 0;
	bool ok;
	if (len == 5) /* MM/YY */
		ok = digits(text, 2, &m) && text[2] == '/' && digits(text + 3, 2, &y) &&
		     (y += 2000, true);
	else if (len == 7 || len == 10) /* YYYY-MM, YYYY-MM-DD */
		ok = digits(text, 4, &y) && text[4] == '-' && digits(text + 5, 2, &m) &&
		     (len == 7 || (text[7] == '-' && digits(text + 8, 2, &d) && d >= 1 && d <= 31));
	else
		ok = false;
	if (!ok || m < 1 || m > 12 || y < 2000 || y > 2100)
		return false;
	*year = y;
	*month = m;
	return true;
}

const char *wire_e164_hint(void)
{
	return _("E.164 form: + and country code, e.g. +15551234567");
}

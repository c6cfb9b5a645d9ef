/*
 * Money in integer minor units (cents). The wire carries dollars as JSON numbers
 * (contract §1.6); nothing in this program does arithmetic on binary floats.
 *
 * Parsing rule: a JSON number is read through its shortest round-trip decimal
 * text (the text the server wrote, for any value of up to 15 significant
 * digits), then converted to cents exactly. More than two decimals are rounded
 * half away from zero and reported as MONEY_ROUNDED so callers can warn.
 */
#ifndef GETT_MONEY_H
#define GETT_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

typedef int64_t money; /* cents */

/* Largest magnitude accepted: 10^13 cents ($100 billion), far below 2^53. */
#define MONEY_MAX_CENTS 10000000000000LL

enum money_status {
	MONEY_OK,      /* exact */
	MONEY_ROUNDED, /* had more than two decimals; rounded half away from zero */
	MONEY_INVALID, /* not a number, not finite, or out of range */
};

enum money_status money_parse_decimal(const char *text, money *out);
enum money_status money_from_double(double major_units, money *out);
enum money_status money_from_json(const json_t *value, money *out);

/* A JSON number that jsonx_dumps() prints as the shortest exact decimal ("19.99"). */
json_t *money_to_json(money cents);

/* "12.50", "-0.05": plain decimal, no currency sign. */
#define MONEY_TEXT_MAX 32
const char *money_to_decimal(money cents, char buf[MONEY_TEXT_MAX]);
/* "$12.50", "−$0.05": for display; the sign is U+2212 MINUS SIGN (docs/money.md "Display"). */
const char *money_format(money cents, char buf[MONEY_TEXT_MAX]);
/* A change to a price: "+$1.00", "−$5.00", "$0.00". */
const char *money_format_delta(money cents, char buf[MONEY_TEXT_MAX]);

/* cents * basis_points / 10000, rounded half away from zero (taxes, percentage fees). */
money money_percent_bp(money cents, int64_t basis_points);

#endif

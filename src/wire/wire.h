/*
 * Format checks of wire values shared by the client's models and gett-sandbox, so the rules
 * live in one place: GUIDs (§1.6), the UUID v4 of Idempotency-Key (§2.10), E.164 phones and
 * e-mail addresses (§2.1, §3.6).
 */
#ifndef GETT_WIRE_H
#define GETT_WIRE_H

#include <stdbool.h>

/* 8-4-4-4-12 hex digits, either case (§1.6: canonical GUID). */
bool wire_is_uuid(const char *s);
/* A GUID whose version nibble is 4 and whose variant is RFC 4122 (8, 9, a or b). */
bool wire_is_uuid_v4(const char *s);
/* "+" then 2 to 15 digits, the first not 0. */
bool wire_is_e164(const char *phone);
/* A card's expiry as the sandbox and the client read it (an AddPaymentCardRequest's
   `expiration`, a UserPaymentResponse's `expirationDate`): "YYYY-MM-DD", "YYYY-MM" or "MM/YY"
   (20YY), digits exactly, month 01..12, day 01..31, year 2000..2100. False for anything else
   (NULL too); *year and *month are set only on success. */
bool wire_card_expiry(const char *text, int *year, int *month);
/* How an E.164 phone is written, for every message that refuses one (the config file, the
   request models, gett-sandbox): "E.164 form: + and country code, e.g. +15551234567".
   Translated; static storage. */
const char *wire_e164_hint(void);
/* One "@" with text before it and a dotted domain after it; no blanks. */
bool wire_is_email(const char *email);

#endif

/*
 * Checkout: saved payments, addresses and profile (contract §2.12, §3.8). Every route needs
 * an identified session; the dispatcher answers 401 SESSION_USER_REQUIRED otherwise.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

#define PAGE_DEFAULT_LIMIT 50
#define PAGE_MAX_LIMIT	   100

static bool query_long(const sbx_request *req, sbx_response *resp, const char *name, long *out)
{
	const char *s = req_query(req, name);
	if (!s)
		return true;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno) {
		resp_problem(resp, req, 400, "INVALID_REQUEST",
			     "Query parameter %s must be an integer, got \"%s\".", name, s);
		return false;
	}
	*out = v;
	return true;
}

/* Paging for *PagedResult (§3.8): reads ?offset=&limit= (limit default 50, clamped 1..100,
   offset >= 0). False after a 400 for non-integer values. */
static bool sbx_paging(const sbx_request *req, sbx_response *resp, long *offset, long *limit)
{
	*offset = 0;
	*limit = PAGE_DEFAULT_LIMIT;
	if (!query_long(req, resp, "offset", offset) || !query_long(req, resp, "limit", limit))
		return false;
	*offset = *offset < 0 ? 0 : *offset;
	*limit = *limit < 1 ? 1 : *limit > PAGE_MAX_LIMIT ? PAGE_MAX_LIMIT : *limit;
	return true;
}

/* *PagedResult {items, totalCount, offset, limit, hasMore} over items[0..n). */
static json_t *paged(json_t *(*to_json)(const void *), void *const *items, size_t n, long offset,
		     long limit)
{
	json_t *arr = json_array();
	for (size_t i = (size_t)offset; i < n && i < (size_t)offset + (size_t)limit; i++)
		json_array_append_new(arr, to_json(items[i]));
	return json_pack("{s:o, s:I, s:I, s:I, s:b}", "items", arr, "totalCount", (json_int_t)n,
			 "offset", (json_int_t)offset, "limit", (json_int_t)limit, "hasMore",
			 (size_t)offset + (size_t)limit < n);
}

static json_t *payment_value_json(const void *p)
{
	return sbx_payment_to_json(p);
}

static json_t *address_value_json(const void *a)
{
	return sbx_address_to_json(a);
}

static void h_list_payments(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	long offset, limit;
	const sbx_user *u = req->principal.user;
	if (sbx_paging(req, resp, &offset, &limit))
		resp_json(resp, 200,
			  paged(payment_value_json, (void *const *)u->payments, u->n_payments,
				offset, limit));
}

static void h_list_addresses(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	long offset, limit;
	const sbx_user *u = req->principal.user;
	if (sbx_paging(req, resp, &offset, &limit))
		resp_json(resp, 200,
			  paged(address_value_json, (void *const *)u->addresses, u->n_addresses,
				offset, limit));
}

/* ------------------------------------------------------------------ add card */

typedef struct card_input {
	char *bin, *card_number, *card_type, *cvc, *last_four, *expiration;
	json_t *billing; /* borrowed */
} card_input;

static void card_input_clear(card_input *c)
{
	free(c->bin);
	free(c->card_number);
	free(c->card_type);
	free(c->cvc);
	free(c->last_four);
	free(c->expiration);
}

static bool parse_card(const json_t *b, card_input *c, json_err *err)
{
	static const char *const addr_keys[] = {"address1", "city", "postalCode", "state"};
	if (!jsonx_get_object(b, "billingAddress", "$", true, &c->billing, err) ||
	    !jsonx_get_string(b, "bin", "$", false, &c->bin, err) ||
	    !jsonx_get_string(b, "cardNumber", "$", false, &c->card_number, err) ||
	    !jsonx_get_string(b, "cardType", "$", false, &c->card_type, err) ||
	    !jsonx_get_string(b, "cvc", "$", false, &c->cvc, err) ||
	    !jsonx_get_string(b, "lastFour", "$", false, &c->last_four, err) ||
	    !jsonx_get_string(b, "expiration", "$", true, &c->expiration, err))
		return false;
	for (size_t i = 0; i < 4; i++) {
		char *v = NULL;
		bool ok =
		    jsonx_get_string(c->billing, addr_keys[i], "$.billingAddress", true, &v, err);
		free(v);
		if (!ok)
			return false;
	}
	return true;
}

/* Digits of s (spaces and dashes allowed) or NULL. */
static char *digits_of(const char *s)
{
	if (!s)
		return NULL;
	char *d = xmalloc(strlen(s) + 1);
	size_t n = 0;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			d[n++] = *s;
		else if (*s != ' ' && *s != '-') {
			free(d);
			return NULL;
		}
	}
	d[n] = '\0';
	return d;
}

static const char *brand_of(const char *digits)
{
	if (!digits || !digits[0])
		return NULL;
	if (digits[0] == '4')
		return "visa";
	if (digits[0] == '5' || digits[0] == '2')
		return "mastercard";
	if (digits[0] == '3' && (digits[1] == '4' || digits[1] == '7'))
		return "amex";
	if (digits[0] == '6')
		return "discover";
	return NULL;
}

/* Accepts YYYY-MM-DD, YYYY-MM or MM/YY; sets *year and *month. */
static bool parse_expiration(const char *s, int *year, int *month)
{
	int y, m, d, used = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && s[used] == '\0') {
	} else if (sscanf(s, "%4d-%2d%n", &y, &m, &used) == 2 && s[used] == '\0') {
	} else if (sscanf(s, "%2d/%2d%n", &m, &y, &used) == 2 && s[used] == '\0') {
		y += 2000;
	} else {
		return false;
	}
	*year = y;
	*month = m;
	return m >= 1 && m <= 12 && y >= 2000 && y <= 2100;
}

static bool card_invalid(sbx_response *resp, const sbx_request *req, const char *path,
			 const char *msg)
{
	resp_problem_at(resp, req, 400, "PAYMENT_METHOD_INVALID", path, msg);
	return false;
}

/* Fills the derived last four and card type; false after a PAYMENT_METHOD_INVALID. */
static bool check_card(card_input *c, const sbx_request *req, sbx_response *resp,
		       const sbx_world *w)
{
	char *number = digits_of(c->card_number);
	if (!c->last_four && number && strlen(number) >= 4)
		c->last_four = xstrdup(number + strlen(number) - 4);
	if (!c->card_type) {
		const char *brand = brand_of(c->bin ? c->bin : number);
		c->card_type = brand ? xstrdup(brand) : NULL;
	}
	free(number);
	bool four_digits = c->last_four && strlen(c->last_four) == 4;
	for (size_t i = 0; four_digits && i < 4; i++)
		four_digits = isdigit((unsigned char)c->last_four[i]);
	if (!four_digits)
		return card_invalid(resp, req, "$.lastFour",
				    "lastFour must be four digits (or send cardNumber)");
	if (!c->card_type || !c->card_type[0])
		return card_invalid(resp, req, "$.cardType", "card type is unknown");
	int y, m;
	if (!parse_expiration(c->expiration, &y, &m))
		return card_invalid(resp, req, "$.expiration",
				    "expiration must be YYYY-MM-DD, YYYY-MM or MM/YY");
	time_t now = world_now(w);
	struct tm tm;
	gmtime_r(&now, &tm);
	if (y < tm.tm_year + 1900 || (y == tm.tm_year + 1900 && m < tm.tm_mon + 1))
		return card_invalid(resp, req, "$.expiration", "the card has expired");
	return true;
}

static void h_add_payment(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	if (!req_require_object(req, resp))
		return;
	card_input c = {0};
	json_err err = {0};
	sbx_user *u = req->principal.user;
	if (!parse_card(req->body, &c, &err)) {
		resp_json_error(resp, req, &err);
	} else if (check_card(&c, req, resp, w)) {
		sbx_payment *p = sbx_user_add_payment(u, c.card_type, c.last_four, c.expiration);
		if (!u->last_payment_id)
			u->last_payment_id = xstrdup(p->payment_id);
		resp_json(resp, 200, sbx_payment_to_json(p));
	}
	card_input_clear(&c);
}

/* ------------------------------------------------------------------ addresses, profile */

static void h_add_address(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	static const char *const required[] = {"address1", "city", "postalCode", "state"};
	if (!req_require_object(req, resp))
		return;
	json_err err = {0};
	char *tmp = NULL, *instructions = NULL;
	bool typed = jsonx_get_string(req->body, "address2", "$", false, &tmp, &err) &&
		     jsonx_get_string(req->body, "instructions", "$", false, &instructions, &err);
	for (size_t i = 0; typed && i < 4; i++) {
		free(tmp);
		tmp = NULL;
		typed = jsonx_get_string(req->body, required[i], "$", false, &tmp, &err);
	}
	free(tmp);
	if (!typed) {
		resp_json_error(resp, req, &err);
		free(instructions);
		return;
	}
	json_t *problem = NULL;
	for (size_t i = 0; i < 4; i++) {
		const char *v = json_string_value(json_object_get(req->body, required[i]));
		if (v && *v)
			continue;
		if (!problem)
			problem = resp_problem(resp, req, 400, "ADDRESS_INVALID",
					       "The address is missing street, city, postal code "
					       "or state.");
		char path[32];
		snprintf(path, sizeof path, "$.%s", required[i]);
		sbx_add_error(problem, "ADDRESS_INVALID", "required", NULL, path);
	}
	double loc[2];
	if (!problem && !sbx_geocode(w, req->body, loc))
		resp_problem(
		    resp, req, 400, "ADDRESS_INVALID",
		    "The address could not be geocoded (the sandbox knows the postal codes "
		    "and cities of its stores and demo users).");
	else if (!problem) {
		sbx_user *u = req->principal.user;
		sbx_address *a = sbx_user_add_address(w, u, req->body, instructions, NULL);
		if (!u->last_user_address_id)
			u->last_user_address_id = xstrdup(a->address_id);
		resp_json(resp, 200, json_pack("{s:s}", "addressId", a->address_id));
	}
	free(instructions);
}

static void h_profile(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	if (!req_require_object(req, resp))
		return;
	json_err err = {0};
	char *phone = NULL;
	sbx_user *u = req->principal.user;
	if (!jsonx_get_string(req->body, "phone", "$", false, &phone, &err)) {
		resp_json_error(resp, req, &err);
	} else if (phone && !wire_is_e164(phone)) {
		json_t *p = resp_problem(resp, req, 400, "INVALID_REQUEST",
					 "phone must be E.164, e.g. +15551234567");
		sbx_add_error(p, "INVALID_REQUEST", "not E.164", NULL, "$.phone");
	} else {
		if (json_object_get(req->body, "phone")) { /* absent: unchanged; null: cleared */
			free(u->phone);
			u->phone = phone;
			phone = NULL;
		}
		resp_json(resp, 200, sbx_me_user_json(u));
	}
	free(phone);
}

void sbx_register_checkout_routes(sbx_router *r)
{
	sbx_route(r, ENDPOINT_PAYMENTS_LIST, h_list_payments, SBX_RATE_READ, NULL);
	sbx_route(r, ENDPOINT_PAYMENT_ADD, h_add_payment, SBX_RATE_WRITE, NULL);
	sbx_route(r, ENDPOINT_ADDRESSES_LIST, h_list_addresses, SBX_RATE_READ, NULL);
	sbx_route(r, ENDPOINT_ADDRESS_ADD, h_add_address, SBX_RATE_WRITE, NULL);
	sbx_route(r, ENDPOINT_PROFILE_UPDATE, h_profile, SBX_RATE_WRITE, NULL);
}

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
#include "wire/session.h"

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

/* The part of a list of n items that ?offset=&limit= asks for, and its *PagedResult header. */
typedef struct page_window {
	size_t first, count;
	long long total, offset, limit;
	bool has_more;
} page_window;

/* False after a 400. */
static bool page_of(const sbx_request *req, sbx_response *resp, size_t n, page_window *pw)
{
	long offset, limit;
	if (!sbx_paging(req, resp, &offset, &limit))
		return false;
	pw->first = (size_t)offset < n ? (size_t)offset : n;
	pw->count = n - pw->first < (size_t)limit ? n - pw->first : (size_t)limit;
	pw->total = (long long)n;
	pw->offset = offset;
	pw->limit = limit;
	pw->has_more = (size_t)offset + (size_t)limit < n;
	return true;
}

/* Sets the members every *_paged_result of wire/session.h shares, with room for the page's
   items; *first is the index of the page's first item. False after a 400. */
#define PAGE_START(req, resp, n, page, first_out)                                                  \
	({                                                                                         \
		page_window pw_;                                                                   \
		bool ok_ = page_of(req, resp, n, &pw_);                                            \
		if (ok_) {                                                                         \
			(page)->items = xcalloc(pw_.count + 1, sizeof *(page)->items);             \
			(page)->n_items = pw_.count;                                               \
			(page)->total_count = pw_.total;                                           \
			(page)->offset = pw_.offset;                                               \
			(page)->limit = pw_.limit;                                                 \
			(page)->has_more = pw_.has_more;                                           \
			*(first_out) = pw_.first;                                                  \
		}                                                                                  \
		ok_;                                                                               \
	})

static void h_list_payments(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	const sbx_user *u = req->principal.user;
	user_payment_paged_result page = {0};
	size_t first;
	if (!PAGE_START(req, resp, u->n_payments, &page, &first))
		return;
	/* A view: the items are shallow copies of the user's cards, never cleared. */
	for (size_t i = 0; i < page.n_items; i++)
		page.items[i] = *u->payments[first + i];
	resp_json(resp, 200, user_payment_paged_result_to_json(&page));
	free(page.items);
}

static void h_list_addresses(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	const sbx_user *u = req->principal.user;
	user_address_paged_result *page = xcalloc(1, sizeof *page);
	size_t first;
	if (PAGE_START(req, resp, u->n_addresses, page, &first)) {
		for (size_t i = 0; i < page->n_items; i++)
			sbx_address_wire(u->addresses[first + i], &page->items[i]);
		resp_json(resp, 200, user_address_paged_result_to_json(page));
	}
	user_address_paged_result_free(page);
}

/* ------------------------------------------------------------------ add card */

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

static bool card_invalid(sbx_response *resp, const sbx_request *req, const char *path,
			 const char *msg)
{
	resp_problem_at(resp, req, 400, "PAYMENT_METHOD_INVALID", path, msg);
	return false;
}

/* Fills the derived last four and card type; false after a PAYMENT_METHOD_INVALID. */
static bool check_card(add_payment_card_request *c, const sbx_request *req, sbx_response *resp,
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
	if (!wire_card_expiry(c->expiration, &y, &m))
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
	sbx_user *u = req->principal.user;
	add_payment_card_request *c =
	    REQ_PARSE_BODY(req, resp, add_payment_card_request_from_json_lenient);
	if (c && check_card(c, req, resp, w)) {
		sbx_payment *p = sbx_user_add_payment(u, c->card_type, c->last_four, c->expiration);
		if (!u->last_payment_id)
			u->last_payment_id = xstrdup(p->payment_id);
		resp_json(resp, 200, user_payment_response_to_json(p));
	}
	add_payment_card_request_free(c);
}

/* ------------------------------------------------------------------ addresses, profile */

static void h_add_address(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	if (!req_require_object(req, resp))
		return;
	json_err err = {0};
	char *instructions = NULL; /* the sandbox's extension of AddressInput (docs/sandbox.md) */
	address_input *in = address_input_from_json_lenient(req->body, &err);
	if (!in || !jsonx_get_string(req->body, "instructions", "$", false, &instructions, &err)) {
		resp_json_error(resp, req, &err);
		address_input_free(in);
		return;
	}
	external_address address = sbx_address_of_input(in);
	const char *const values[] = {in->address1, in->city, in->postal_code, in->state};
	static const char *const paths[] = {"$.address1", "$.city", "$.postalCode", "$.state"};
	json_t *problem = NULL;
	for (size_t i = 0; i < 4; i++) {
		if (values[i] && *values[i])
			continue;
		if (!problem)
			problem = resp_problem(resp, req, 400, "ADDRESS_INVALID",
					       "The address is missing street, city, postal code "
					       "or state.");
		sbx_add_error(problem, "ADDRESS_INVALID", "required", NULL, paths[i]);
	}
	double loc[2];
	if (!problem && !sbx_geocode(w, &address, loc))
		resp_problem(
		    resp, req, 400, "ADDRESS_INVALID",
		    "The address could not be geocoded (the sandbox knows the postal codes "
		    "and cities of its stores and demo users).");
	else if (!problem) {
		sbx_user *u = req->principal.user;
		sbx_address *a = sbx_user_add_address(w, u, &address, instructions, NULL);
		if (!u->last_user_address_id)
			u->last_user_address_id = xstrdup(a->address_id);
		add_address_response r = {.address_id = a->address_id};
		resp_json(resp, 200, add_address_response_to_json(&r));
	}
	address_input_free(in);
	free(instructions);
}

static void h_profile(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	sbx_user *u = req->principal.user;
	update_profile_request *r = REQ_PARSE_BODY(req, resp, update_profile_request_from_json);
	if (!r)
		return;
	if (r->phone && !wire_is_e164(r->phone)) {
		json_t *p = resp_problem(resp, req, 400, "INVALID_REQUEST", "phone must be in %s",
					 wire_e164_hint());
		sbx_add_error(p, "INVALID_REQUEST", "not E.164", NULL, "$.phone");
	} else {
		if (r->has_phone) { /* absent: unchanged; null: cleared */
			free(u->phone);
			u->phone = r->phone;
			r->phone = NULL;
		}
		session_me_user me = sbx_user_me(u);
		resp_json(resp, 200, session_me_user_to_json(&me));
	}
	update_profile_request_free(r);
}

void sbx_register_checkout_routes(sbx_router *r)
{
	sbx_route(r, ENDPOINT_PAYMENTS_LIST, h_list_payments, SBX_RATE_READ, NULL);
	sbx_route(r, ENDPOINT_PAYMENT_ADD, h_add_payment, SBX_RATE_WRITE, NULL);
	sbx_route(r, ENDPOINT_ADDRESSES_LIST, h_list_addresses, SBX_RATE_READ, NULL);
	sbx_route(r, ENDPOINT_ADDRESS_ADD, h_add_address, SBX_RATE_WRITE, NULL);
	sbx_route(r, ENDPOINT_PROFILE_UPDATE, h_profile, SBX_RATE_WRITE, NULL);
}

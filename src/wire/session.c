/* Sessions and checkout bodies (contract §2.1-§2.4, §2.12, §3.8, §3.9). */
#include "wire/session.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ helpers */

/* The first of `key` and its `alias` (legacy or MCP spelling) that is present and not null;
   `key` when both or neither are. */
static const char *key_or_alias(const json_t *obj, const char *key, const char *alias)
{
	return jsonx_has(obj, key) || !jsonx_has(obj, alias) ? key : alias;
}

static bool get_level(const json_t *obj, const char *path, long long *out, json_err *err)
{
	if (!jsonx_get_int(obj, "level", path, true, out, err))
		return false;
	if (*out < 0 || *out > 3)
		return jsonx_fail_key(err, path, "level", "expected an integer 0..3, got %lld",
				      *out);
	return true;
}

/* ------------------------------------------------------------------ AddressInput */

/* AddressInput: address1, city, postalCode and state are "required but nullable". */
static const jsonx_member address_input_members[] = {
    JSONX_MEMBER("address1", STRING, KEYED, address_input, address1),
    JSONX_MEMBER("address2", STRING, OPTIONAL, address_input, address2),
    JSONX_MEMBER("city", STRING, KEYED, address_input, city),
    JSONX_MEMBER("postalCode", STRING, KEYED, address_input, postal_code),
    JSONX_MEMBER("state", STRING, KEYED, address_input, state),
};

/* SessionAddress, as a session request writes it. */
static const jsonx_member session_address_members[] = {
    JSONX_MEMBER("address1", STRING, OPTIONAL, address_input, address1),
    JSONX_MEMBER("city", STRING, OPTIONAL, address_input, city),
    JSONX_MEMBER("postalCode", STRING, OPTIONAL, address_input, postal_code),
    JSONX_MEMBER("state", STRING, OPTIONAL, address_input, state),
};

static void address_input_clear(address_input *a)
{
	jsonx_free_members(JSONX_ROWS(address_input_members), a);
	memset(a, 0, sizeof *a);
}

void address_input_free(address_input *a)
{
	if (!a)
		return;
	address_input_clear(a);
	free(a);
}

/* Reads the rows of `rows` as they say (keyed) or every one as optional. */
static bool read_keyed(const json_t *v, const char *path, bool keyed, const jsonx_member *rows,
		       size_t n, void *out, json_err *err)
{
	return keyed ? jsonx_read_members(v, path, rows, n, out, err)
		     : jsonx_read_members_loosely(v, path, rows, n, out, err);
}

/* keyed: AddressInput rules; otherwise SessionAddress (everything optional). */
static bool address_parse_mode(const json_t *v, const char *path, bool keyed, address_input *out,
			       json_err *err)
{
	memset(out, 0, sizeof *out);
	bool ok = jsonx_expect_object(v, path, err) &&
		  read_keyed(v, path, keyed, JSONX_ROWS(address_input_members), out, err);
	if (!ok)
		address_input_clear(out);
	return ok;
}

static bool address_input_parse(const json_t *value, const char *path, address_input *out,
				json_err *err)
{
	return address_parse_mode(value, path, true, out, err);
}

static address_input *address_input_read(const json_t *value, bool keyed, json_err *err)
{
	address_input *a = xmalloc(sizeof *a);
	if (!address_parse_mode(value, "$", keyed, a, err)) {
		free(a);
		return NULL;
	}
	return a;
}

address_input *address_input_from_json(const json_t *value, json_err *err)
{
	return address_input_read(value, true, err);
}

address_input *address_input_from_json_lenient(const json_t *value, json_err *err)
{
	return address_input_read(value, false, err);
}

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *address_input_to_json(const address_input *a)
{
	return jsonx_members_to_json(JSONX_ROWS(address_input_members), a);
}

static json_t *session_address_to_json(const address_input *a)
{
	return jsonx_members_to_json(JSONX_ROWS(session_address_members), a);
}

/* ------------------------------------------------------------------ AddAddressResponse */

void add_address_response_free(add_address_response *r)
{
	if (!r)
		return;
	free(r->address_id);
	free(r);
}

add_address_response *add_address_response_from_json(const json_t *value, json_err *err)
{
	add_address_response *r = xcalloc(1, sizeof *r);
	if (!jsonx_expect_object(value, "$", err) ||
	    !jsonx_get_string(value, "addressId", "$", true, &r->address_id, err)) {
		add_address_response_free(r);
		return NULL;
	}
	return r;
}

json_t *add_address_response_to_json(const add_address_response *r)
{
	json_t *o = json_object();
	jsonx_set_string(o, "addressId", r->address_id);
	return o;
}

/* ------------------------------------------------------------------ UserAddressResponse */

void user_address_response_clear(user_address_response *r)
{
	free(r->user_address_id);
	if (r->address)
		external_address_clear(r->address);
	free(r->address);
	free(r->instructions);
	memset(r, 0, sizeof *r);
}

static bool user_address_response_parse(const json_t *value, const char *path,
					user_address_response *out, json_err *err)
{
	memset(out, 0, sizeof *out);
	json_t *addr = NULL;
	char child[256];
	jsonx_path_key(child, sizeof child, path, "address");
	bool ok =
	    jsonx_expect_object(value, path, err) &&
	    jsonx_get_string(value, "userAddressId", path, true, &out->user_address_id, err) &&
	    jsonx_get_object(value, "address", path, false, &addr, err) &&
	    jsonx_get_string(value, "instructions", path, false, &out->instructions, err);
	if (ok && addr) {
		out->address = xcalloc(1, sizeof *out->address);
		ok = external_address_parse(addr, child, out->address, err);
	}
	if (!ok)
		user_address_response_clear(out);
	return ok;
}

json_t *user_address_response_to_json(const user_address_response *r)
{
	json_t *o = json_object();
	jsonx_set_string(o, "userAddressId", r->user_address_id);
	if (r->address)
		json_object_set_new(o, "address", external_address_to_json(r->address));
	jsonx_set_string(o, "instructions", r->instructions);
	return o;
}

/* ------------------------------------------------------------------ UserPaymentResponse */

static const jsonx_member user_payment_members[] = {
    JSONX_MEMBER("paymentId", STRING, REQUIRED, user_payment_response, payment_id),
    JSONX_MEMBER("cardType", STRING, REQUIRED, user_payment_response, card_type),
    JSONX_MEMBER("lastFour", STRING, REQUIRED, user_payment_response, last_four),
    JSONX_MEMBER("expirationDate", STRING, OPTIONAL, user_payment_response, expiration_date),
};

void user_payment_response_clear(user_payment_response *r)
{
	jsonx_free_members(JSONX_ROWS(user_payment_members), r);
	memset(r, 0, sizeof *r);
}

void user_payment_response_free(user_payment_response *r)
{
	if (!r)
		return;
	user_payment_response_clear(r);
	free(r);
}

static bool user_payment_response_parse(const json_t *value, const char *path,
					user_payment_response *out, json_err *err)
{
	memset(out, 0, sizeof *out);
	return jsonx_parse_members(value, path, JSONX_ROWS(user_payment_members), out, err);
}

user_payment_response *user_payment_response_from_json(const json_t *value, json_err *err)
{
	return JSONX_PARSE_NEW(user_payment_response, value, user_payment_response_parse, err);
}

json_t *user_payment_response_to_json(const user_payment_response *r)
{
	return jsonx_members_to_json(JSONX_ROWS(user_payment_members), r);
}

/* ------------------------------------------------------------------ paged results */

/* The page fields shared by both *PagedResult shapes; returns the `items` array. */
static bool parse_page_header(const json_t *v, json_t **items, long long *total, long long *offset,
			      long long *limit, bool *has_more, json_err *err)
{
	return jsonx_expect_object(v, "$", err) &&
	       jsonx_get_array(v, "items", "$", true, items, err) &&
	       jsonx_get_int(v, "totalCount", "$", true, total, err) &&
	       jsonx_get_int(v, "offset", "$", true, offset, err) &&
	       jsonx_get_int(v, "limit", "$", true, limit, err) &&
	       jsonx_get_bool(v, "hasMore", "$", true, has_more, err);
}

static json_t *page_to_json(json_t *items, long long total, long long offset, long long limit,
			    bool has_more)
{
	json_t *o = json_object();
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "totalCount", json_integer(total));
	json_object_set_new(o, "offset", json_integer(offset));
	json_object_set_new(o, "limit", json_integer(limit));
	json_object_set_new(o, "hasMore", json_boolean(has_more));
	return o;
}

void user_address_paged_result_free(user_address_paged_result *page)
{
	if (!page)
		return;
	JSONX_FREE_ARRAY(page->items, page->n_items, user_address_response_clear);
	free(page);
}

user_address_paged_result *user_address_paged_result_from_json(const json_t *value, json_err *err)
{
	user_address_paged_result *page = xcalloc(1, sizeof *page);
	json_t *items = NULL;
	if (!parse_page_header(value, &items, &page->total_count, &page->offset, &page->limit,
			       &page->has_more, err) ||
	    !JSONX_PARSE_ARRAY(items, "$.items", &page->items, &page->n_items,
			       user_address_response_parse, err)) {
		user_address_paged_result_free(page);
		return NULL;
	}
	return page;
}

json_t *user_address_paged_result_to_json(const user_address_paged_result *page)
{
	json_t *items =
	    JSONX_ARRAY_TO_JSON(page->items, page->n_items, user_address_response_to_json);
	return page_to_json(items, page->total_count, page->offset, page->limit, page->has_more);
}

void user_payment_paged_result_free(user_payment_paged_result *page)
{
	if (!page)
		return;
	JSONX_FREE_ARRAY(page->items, page->n_items, user_payment_response_clear);
	free(page);
}

user_payment_paged_result *user_payment_paged_result_from_json(const json_t *value, json_err *err)
{
	user_payment_paged_result *page = xcalloc(1, sizeof *page);
	json_t *items = NULL;
	if (!parse_page_header(value, &items, &page->total_count, &page->offset, &page->limit,
			       &page->has_more, err) ||
	    !JSONX_PARSE_ARRAY(items, "$.items", &page->items, &page->n_items,
			       user_payment_response_parse, err)) {
		user_payment_paged_result_free(page);
		return NULL;
	}
	return page;
}

json_t *user_payment_paged_result_to_json(const user_payment_paged_result *page)
{
	json_t *items =
	    JSONX_ARRAY_TO_JSON(page->items, page->n_items, user_payment_response_to_json);
	return page_to_json(items, page->total_count, page->offset, page->limit, page->has_more);
}

/* ------------------------------------------------------------------ AddPaymentCardRequest, profile
 */

/* After billingAddress: bin..lastFour are "required but nullable". */
static const jsonx_member card_request_members[] = {
    JSONX_MEMBER("bin", STRING, KEYED, add_payment_card_request, bin),
    JSONX_MEMBER("cardNumber", STRING, KEYED, add_payment_card_request, card_number),
    JSONX_MEMBER("cardType", STRING, KEYED, add_payment_card_request, card_type),
    JSONX_MEMBER("cvc", STRING, KEYED, add_payment_card_request, cvc),
    JSONX_MEMBER("lastFour", STRING, KEYED, add_payment_card_request, last_four),
    JSONX_MEMBER("expiration", STRING, REQUIRED, add_payment_card_request, expiration),
};

void add_payment_card_request_free(add_payment_card_request *r)
{
	if (!r)
		return;
	address_input_clear(&r->billing_address);
	jsonx_free_members(JSONX_ROWS(card_request_members), r);
	free(r);
}

/* keyed: bin..lastFour must be present (the contract); otherwise they may be absent. */
static add_payment_card_request *card_request_read(const json_t *value, bool keyed, json_err *err)
{
	add_payment_card_request *r = xcalloc(1, sizeof *r);
	json_t *billing = NULL;
	bool ok = jsonx_expect_object(value, "$", err) &&
		  jsonx_get_object(value, "billingAddress", "$", true, &billing, err) &&
		  address_input_parse(billing, "$.billingAddress", &r->billing_address, err) &&
		  read_keyed(value, "$", keyed, JSONX_ROWS(card_request_members), r, err);
	if (!ok) {
		add_payment_card_request_free(r);
		return NULL;
	}
	return r;
}

add_payment_card_request *add_payment_card_request_from_json(const json_t *value, json_err *err)
{
	return card_request_read(value, true, err);
}

add_payment_card_request *add_payment_card_request_from_json_lenient(const json_t *value,
								     json_err *err)
{
	return card_request_read(value, false, err);
}

json_t *add_payment_card_request_to_json(const add_payment_card_request *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "billingAddress", address_input_to_json(&r->billing_address));
	jsonx_write_members(o, JSONX_ROWS(card_request_members), r);
	return o;
}

void update_profile_request_free(update_profile_request *r)
{
	if (!r)
		return;
	free(r->phone);
	free(r);
}

update_profile_request *update_profile_request_from_json(const json_t *value, json_err *err)
{
	update_profile_request *r = xcalloc(1, sizeof *r);
	if (!jsonx_expect_object(value, "$", err) ||
	    !jsonx_get_string(value, "phone", "$", false, &r->phone, err)) {
		update_profile_request_free(r);
		return NULL;
	}
	r->has_phone = json_object_get(value, "phone") != NULL;
	return r;
}

json_t *update_profile_request_to_json(const update_profile_request *r)
{
	json_t *o = json_object();
	if (r->phone || r->has_phone)
		json_object_set_new(o, "phone", string_or_null(r->phone));
	return o;
}

/* ------------------------------------------------------------------ SessionCreateRequest */

static void legacy_address_clear(session_legacy_address *a)
{
	free(a->formatted_address);
	free(a->unit);
	free(a->location);
	free(a->delivery_instructions);
	memset(a, 0, sizeof *a);
}

static bool legacy_address_parse(const json_t *v, const char *path, session_legacy_address *out,
				 json_err *err)
{
	memset(out, 0, sizeof *out);
	location loc = {0};
	bool ok =
	    jsonx_expect_object(v, path, err) &&
	    jsonx_get_string(v, "formattedAddress", path, false, &out->formatted_address, err) &&
	    jsonx_get_string(v, "unit", path, false, &out->unit, err) &&
	    jsonx_get_number(v, "latitude", path, false, &loc.latitude, err) &&
	    jsonx_get_number(v, "longitude", path, false, &loc.longitude, err) &&
	    jsonx_get_string(v, "deliveryInstructions", path, false, &out->delivery_instructions,
			     err);
	if (ok && jsonx_has(v, "latitude") && jsonx_has(v, "longitude")) {
		out->location = xmalloc(sizeof *out->location);
		*out->location = loc;
	}
	if (!ok)
		legacy_address_clear(out);
	return ok;
}

static void legacy_payment_clear(session_legacy_payment *p)
{
	free(p->brand);
	free(p->last4);
	memset(p, 0, sizeof *p);
}

static bool legacy_payment_parse(const json_t *v, const char *path, session_legacy_payment *out,
				 json_err *err)
{
	memset(out, 0, sizeof *out);
	bool ok = jsonx_expect_object(v, path, err) &&
		  jsonx_get_string(v, "brand", path, false, &out->brand, err) &&
		  jsonx_get_string(v, "last4", path, false, &out->last4, err) &&
		  jsonx_get_int(v, "expMonth", path, false, &out->exp_month, err) &&
		  jsonx_get_int(v, "expYear", path, false, &out->exp_year, err);
	out->has_expiry = ok && jsonx_has(v, "expMonth") && jsonx_has(v, "expYear");
	if (!ok)
		legacy_payment_clear(out);
	return ok;
}

static bool parse_legacy_lists(const json_t *v, session_create_request *r, json_err *err)
{
	json_t *addresses = NULL, *payments = NULL;
	return jsonx_get_array(v, "addresses", "$", false, &addresses, err) &&
	       jsonx_get_array(v, "paymentMethods", "$", false, &payments, err) &&
	       JSONX_PARSE_ARRAY(addresses, "$.addresses", &r->legacy_addresses,
				 &r->n_legacy_addresses, legacy_address_parse, err) &&
	       JSONX_PARSE_ARRAY(payments, "$.paymentMethods", &r->legacy_payments,
				 &r->n_legacy_payments, legacy_payment_parse, err);
}

/* As written; reading takes the legacy spellings too (key_or_alias). */
static const jsonx_member session_create_members[] = {
    JSONX_MEMBER("partnerUserId", STRING, OPTIONAL, session_create_request, partner_user_id),
    JSONX_MEMBER("email", STRING, OPTIONAL, session_create_request, email),
    JSONX_MEMBER("firstName", STRING, OPTIONAL, session_create_request, first_name),
    JSONX_MEMBER("lastName", STRING, OPTIONAL, session_create_request, last_name),
    JSONX_MEMBER("phone", STRING, OPTIONAL, session_create_request, phone),
};

void session_create_request_free(session_create_request *r)
{
	if (!r)
		return;
	jsonx_free_members(JSONX_ROWS(session_create_members), r);
	address_input_free(r->address);
	JSONX_FREE_ARRAY(r->legacy_addresses, r->n_legacy_addresses, legacy_address_clear);
	JSONX_FREE_ARRAY(r->legacy_payments, r->n_legacy_payments, legacy_payment_clear);
	free(r);
}

static bool parse_session_address(const json_t *v, session_create_request *r, json_err *err)
{
	json_t *addr = NULL;
	if (!jsonx_get_object(v, "address", "$", false, &addr, err))
		return false;
	if (!addr)
		return true;
	r->address = xcalloc(1, sizeof *r->address);
	return address_parse_mode(addr, "$.address", false, r->address, err);
}

static bool parse_expiration(const json_t *v, session_create_request *r, json_err *err)
{
	const char *key = key_or_alias(v, "expirationSeconds", "expiresInSeconds");
	r->has_expiration_seconds = jsonx_has(v, key);
	return jsonx_get_int(v, key, "$", false, &r->expiration_seconds, err);
}

session_create_request *session_create_request_from_json(const json_t *value, json_err *err)
{
	session_create_request *r = xcalloc(1, sizeof *r);
	bool ok = jsonx_expect_object(value, "$", err) &&
		  jsonx_get_string(value, key_or_alias(value, "partnerUserId", "userId"), "$",
				   false, &r->partner_user_id, err) &&
		  jsonx_get_string(value, "email", "$", false, &r->email, err) &&
		  jsonx_get_string(value, key_or_alias(value, "firstName", "givenName"), "$", false,
				   &r->first_name, err) &&
		  jsonx_get_string(value, key_or_alias(value, "lastName", "familyName"), "$", false,
				   &r->last_name, err) &&
		  jsonx_get_string(value, "phone", "$", false, &r->phone, err) &&
		  parse_session_address(value, r, err) && parse_expiration(value, r, err) &&
		  parse_legacy_lists(value, r, err);
	if (!ok) {
		session_create_request_free(r);
		return NULL;
	}
	return r;
}

json_t *session_create_request_to_json(const session_create_request *r)
{
	json_t *o = json_object();
	jsonx_write_members(o, JSONX_ROWS(session_create_members), r);
	if (r->address)
		json_object_set_new(o, "address", session_address_to_json(r->address));
	if (r->has_expiration_seconds)
		json_object_set_new(o, "expirationSeconds", json_integer(r->expiration_seconds));
	return o;
}

static bool filled(const char *s)
{
	return s && *s;
}

enum session_identity session_create_request_identity(const session_create_request *r)
{
	int n = filled(r->email) + filled(r->first_name) + filled(r->last_name);
	return n == 0	? SESSION_IDENTITY_NONE
	       : n == 3 ? SESSION_IDENTITY_COMPLETE
			: SESSION_IDENTITY_PARTIAL;
}

/* ------------------------------------------------------------------ SessionCreateResponse */

/* Before `level`; the first, `token`, is read by hand for its legacy spelling. */
static const jsonx_member session_members[] = {
    JSONX_MEMBER("token", STRING, REQUIRED, session_create_response, token),
    JSONX_MEMBER("expiresAt", STRING, OPTIONAL, session_create_response, expires_at),
    JSONX_MEMBER("sessionId", STRING, OPTIONAL, session_create_response, session_id),
    JSONX_MEMBER("partnerUserId", STRING, OPTIONAL, session_create_response, partner_user_id),
    JSONX_MEMBER_HAS("isAnonymous", BOOL, OPTIONAL, session_create_response, is_anonymous,
		     has_is_anonymous),
};

session_create_response *session_create_response_copy(const session_create_response *r)
{
	if (!r)
		return NULL;
	session_create_response *c = xmalloc(sizeof *c);
	*c = *r;
	jsonx_copy_members(JSONX_ROWS(session_members), c, r);
	return c;
}

void session_create_response_free(session_create_response *r)
{
	if (!r)
		return;
	jsonx_free_members(JSONX_ROWS(session_members), r);
	free(r);
}

session_create_response *session_create_response_from_json(const json_t *value, json_err *err)
{
	session_create_response *r = xcalloc(1, sizeof *r);
	r->level = -1;
	/* `token`, falling back to the legacy `sessionToken` (§6 Q1); the rest is optional. */
	bool ok = jsonx_expect_object(value, "$", err) &&
		  jsonx_get_string(value, key_or_alias(value, "token", "sessionToken"), "$", true,
				   &r->token, err) &&
		  jsonx_read_members(value, "$", session_members + 1,
				     JSONX_N_MEMBERS(session_members) - 1, r, err) &&
		  (!jsonx_has(value, "level") || get_level(value, "$", &r->level, err));
	if (!ok) {
		session_create_response_free(r);
		return NULL;
	}
	return r;
}

json_t *session_create_response_to_json(const session_create_response *r)
{
	json_t *o = json_object();
	jsonx_write_members(o, JSONX_ROWS(session_members), r);
	if (r->level >= 0)
		json_object_set_new(o, "level", json_integer(r->level));
	return o;
}

/* ------------------------------------------------------------------ FulfillmentContext */

static const jsonx_member fulfillment_members[] = {
    JSONX_MEMBER("mode", STRING, REQUIRED, fulfillment_context, mode),
    JSONX_MEMBER("addressId", STRING, OPTIONAL, fulfillment_context, address_id),
};

static void fulfillment_context_clear(fulfillment_context *fc)
{
	jsonx_free_members(JSONX_ROWS(fulfillment_members), fc);
	memset(fc, 0, sizeof *fc);
}

void fulfillment_context_free(fulfillment_context *fc)
{
	if (!fc)
		return;
	fulfillment_context_clear(fc);
	free(fc);
}

static bool fulfillment_context_parse(const json_t *value, const char *path,
				      fulfillment_context *out, json_err *err)
{
	memset(out, 0, sizeof *out);
	return jsonx_parse_members(value, path, JSONX_ROWS(fulfillment_members), out, err);
}

fulfillment_context *fulfillment_context_from_json(const json_t *value, json_err *err)
{
	return JSONX_PARSE_NEW(fulfillment_context, value, fulfillment_context_parse, err);
}

json_t *fulfillment_context_to_json(const fulfillment_context *fc)
{
	return jsonx_members_to_json(JSONX_ROWS(fulfillment_members), fc);
}

/* ------------------------------------------------------------------ SessionMeResponse */

static const jsonx_member me_user_members[] = {
    JSONX_MEMBER("userId", STRING, REQUIRED, session_me_user, user_id),
    JSONX_MEMBER("email", STRING, REQUIRED, session_me_user, email),
    JSONX_MEMBER("firstName", STRING, OPTIONAL, session_me_user, first_name),
    JSONX_MEMBER("lastName", STRING, OPTIONAL, session_me_user, last_name),
    JSONX_MEMBER("phone", STRING, OPTIONAL, session_me_user, phone),
    JSONX_MEMBER("lastPaymentId", STRING, OPTIONAL, session_me_user, last_payment_id),
    JSONX_MEMBER("lastUserAddressId", STRING, OPTIONAL, session_me_user, last_user_address_id),
};

static void session_me_user_clear(session_me_user *u)
{
	jsonx_free_members(JSONX_ROWS(me_user_members), u);
	memset(u, 0, sizeof *u);
}

static bool session_me_user_parse(const json_t *value, const char *path, session_me_user *out,
				  json_err *err)
{
	memset(out, 0, sizeof *out);
	return jsonx_parse_members(value, path, JSONX_ROWS(me_user_members), out, err);
}

json_t *session_me_user_to_json(const session_me_user *u)
{
	return jsonx_members_to_json(JSONX_ROWS(me_user_members), u);
}

/* Before and after `level` (0..3, read by hand). */
static const jsonx_member me_before_level[] = {
    JSONX_MEMBER("expiresAt", STRING, REQUIRED, session_me_response, expires_at),
    JSONX_MEMBER("isAnonymous", BOOL, REQUIRED, session_me_response, is_anonymous),
};
static const jsonx_member me_after_level[] = {
    JSONX_MEMBER("levelMissing", STR_LIST, REQUIRED, session_me_response, level_missing),
    JSONX_MEMBER("sessionId", STRING, REQUIRED, session_me_response, session_id),
};

void session_me_response_free(session_me_response *r)
{
	if (!r)
		return;
	jsonx_free_members(JSONX_ROWS(me_before_level), r);
	jsonx_free_members(JSONX_ROWS(me_after_level), r);
	fulfillment_context_free(r->fulfillment_context);
	if (r->user)
		session_me_user_clear(r->user);
	free(r->user);
	free(r);
}

static bool parse_me_members(const json_t *v, session_me_response *r, json_err *err)
{
	json_t *fc = NULL, *user = NULL;
	if (!jsonx_get_object(v, "fulfillmentContext", "$", false, &fc, err) ||
	    !jsonx_get_object(v, "user", "$", false, &user, err))
		return false;
	if (fc) {
		r->fulfillment_context = xcalloc(1, sizeof *r->fulfillment_context);
		if (!fulfillment_context_parse(fc, "$.fulfillmentContext", r->fulfillment_context,
					       err))
			return false;
	}
	if (user) {
		r->user = xcalloc(1, sizeof *r->user);
		if (!session_me_user_parse(user, "$.user", r->user, err))
			return false;
	}
	return true;
}

session_me_response *session_me_response_from_json(const json_t *value, json_err *err)
{
	session_me_response *r = xcalloc(1, sizeof *r);
	bool ok = jsonx_expect_object(value, "$", err) &&
		  jsonx_read_members(value, "$", JSONX_ROWS(me_before_level), r, err) &&
		  get_level(value, "$", &r->level, err) &&
		  jsonx_read_members(value, "$", JSONX_ROWS(me_after_level), r, err) &&
		  parse_me_members(value, r, err);
	if (!ok) {
		session_me_response_free(r);
		return NULL;
	}
	return r;
}

json_t *session_me_response_to_json(const session_me_response *r)
{
	json_t *o = json_object();
	jsonx_write_members(o, JSONX_ROWS(me_before_level), r);
	json_object_set_new(o, "level", json_integer(r->level));
	jsonx_write_members(o, JSONX_ROWS(me_after_level), r);
	json_object_set_new(o, "fulfillmentContext",
			    r->fulfillment_context
				? fulfillment_context_to_json(r->fulfillment_context)
				: json_null());
	json_object_set_new(o, "user", r->user ? session_me_user_to_json(r->user) : json_null());
	return o;
}

/*
 * Sessions (contract §2.1-§2.4, §3.9, §4.6, §6 Q1-Q3, Q18, Q26): create (current and legacy
 * paths, union of the three body shapes), me, invalidate, fulfillment context.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "sha256.h"

#define DEFAULT_LIFETIME_S (30LL * 24 * 3600) /* §2.1: default and maximum 30 days */
#define TOKEN_SECRET	   "gett-sandbox-hs256-secret"

/* ------------------------------------------------------------------ tokens (§6 Q26) */

static void base64url(const unsigned char *in, size_t n, char *out)
{
	static const char tbl[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = tbl[(v >> 18) & 63];
		out[o++] = tbl[(v >> 12) & 63];
		if (i + 1 < n)
			out[o++] = tbl[(v >> 6) & 63];
		if (i + 2 < n)
			out[o++] = tbl[v & 63];
	}
	out[o] = '\0';
}

static char *b64_json(json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	size_t n = strlen(text);
	char *out = xmalloc(n * 4 / 3 + 4);
	base64url((const unsigned char *)text, n, out);
	free(text);
	json_decref(v);
	return out;
}

/* header.payload.signature, HS256 over the first two parts with the sandbox secret. */
static char *make_token(const sbx_session *s)
{
	char *head = b64_json(json_pack("{s:s, s:s}", "alg", "HS256", "typ", "JWT"));
	char *body = b64_json(json_pack(
	    "{s:s, s:s, s:s, s:I, s:I, s:b}", "iss", "gett-sandbox", "sub", s->partner_user_id,
	    "jti", s->session_id, "iat", (json_int_t)(s->created_ms / 1000), "exp",
	    (json_int_t)(s->expires_ms / 1000), "anon", s->user == NULL));
	size_t n = strlen(head) + strlen(body) + 2;
	char *signing = xmalloc(n);
	snprintf(signing, n, "%s.%s", head, body);
	uint8_t mac[SHA256_DIGEST_LEN];
	hmac_sha256(TOKEN_SECRET, strlen(TOKEN_SECRET), signing, strlen(signing), mac);
	char sig[64];
	base64url(mac, sizeof mac, sig);
	char *token = xmalloc(n + strlen(sig) + 1);
	snprintf(token, n + strlen(sig) + 1, "%s.%s", signing, sig);
	free(head);
	free(body);
	free(signing);
	return token;
}

/* ------------------------------------------------------------------ create */

typedef struct create_args {
	char *partner_user_id, *email, *first, *last, *phone;
	json_t *address;   /* SessionAddress (borrowed) */
	json_t *addresses; /* legacy array (borrowed) */
	json_t *payments;  /* legacy paymentMethods (borrowed) */
	long long lifetime_s;
	bool has_lifetime;
} create_args;

static void create_args_clear(create_args *a)
{
	free(a->partner_user_id);
	free(a->email);
	free(a->first);
	free(a->last);
	free(a->phone);
}

/* Reads `key`, else the alias (MCP / legacy spellings, §6 Q2). */
static bool get_str2(const json_t *b, const char *key, const char *alias, char **out, json_err *err)
{
	return jsonx_get_string(b, key, "$", false, out, err) &&
	       (*out || jsonx_get_string(b, alias, "$", false, out, err));
}

static bool parse_create(const json_t *b, create_args *a, json_err *err)
{
	long long secs = 0;
	bool ok = get_str2(b, "partnerUserId", "userId", &a->partner_user_id, err) &&
		  jsonx_get_string(b, "email", "$", false, &a->email, err) &&
		  get_str2(b, "firstName", "givenName", &a->first, err) &&
		  get_str2(b, "lastName", "familyName", &a->last, err) &&
		  jsonx_get_string(b, "phone", "$", false, &a->phone, err) &&
		  jsonx_get_object(b, "address", "$", false, &a->address, err) &&
		  jsonx_get_array(b, "addresses", "$", false, &a->addresses, err) &&
		  jsonx_get_array(b, "paymentMethods", "$", false, &a->payments, err);
	if (!ok)
		return false;
	const char *key = json_object_get(b, "expirationSeconds") &&
				  !json_is_null(json_object_get(b, "expirationSeconds"))
			      ? "expirationSeconds"
			      : "expiresInSeconds";
	if (!jsonx_get_int(b, key, "$", false, &secs, err))
		return false;
	a->has_lifetime = json_object_get(b, key) && !json_is_null(json_object_get(b, key));
	a->lifetime_s = a->has_lifetime ? secs : DEFAULT_LIFETIME_S;
	return true;
}

/* 400 with one ValidationError; false so callers can `return reject(...)`. */
static bool reject(sbx_response *resp, const sbx_request *req, const char *path, const char *msg)
{
	resp_problem_at(resp, req, 400, "INVALID_REQUEST", path, msg);
	return false;
}

static bool check_create(const create_args *a, const sbx_request *req, sbx_response *resp)
{
	int parts = (a->email != NULL) + (a->first != NULL) + (a->last != NULL);
	if (parts != 0 && parts != 3) {
		json_t *p = resp_problem(resp, req, 400, "INVALID_REQUEST",
					 "email, firstName and lastName must be given together.");
		if (!a->email)
			sbx_add_error(p, "INVALID_REQUEST", "email is required", NULL, "$.email");
		if (!a->first)
			sbx_add_error(p, "INVALID_REQUEST", "firstName is required", NULL,
				      "$.firstName");
		if (!a->last)
			sbx_add_error(p, "INVALID_REQUEST", "lastName is required", NULL,
				      "$.lastName");
		return false;
	}
	if (a->email && !wire_is_email(a->email))
		return reject(resp, req, "$.email", "email is not a valid address");
	if (parts == 3 && (!a->first[0] || !a->last[0]))
		return reject(resp, req, a->first[0] ? "$.lastName" : "$.firstName",
			      "names must not be empty");
	if (a->phone && !wire_is_e164(a->phone))
		return reject(resp, req, "$.phone", "phone must be E.164, e.g. +15551234567");
	if (a->lifetime_s < 1)
		return reject(resp, req, "$.expirationSeconds",
			      "expirationSeconds must be a positive integer");
	if (a->partner_user_id && !a->partner_user_id[0])
		return reject(resp, req, "$.partnerUserId", "partnerUserId must not be empty");
	if (a->address) {
		static const char *const keys[] = {"address1", "city", "postalCode", "state"};
		for (size_t i = 0; i < 4; i++) {
			if (!json_is_string(json_object_get(a->address, keys[i]))) {
				char path[64];
				snprintf(path, sizeof path, "$.address.%s", keys[i]);
				return reject(resp, req, path, "address field is missing");
			}
		}
	}
	return true;
}

/* Legacy shapes (seed 000): addresses[] {formattedAddress, unit, latitude, longitude,
   deliveryInstructions}, paymentMethods[] {brand, last4, expMonth, expYear}. */
static void save_legacy(const sbx_world *w, sbx_user *u, const create_args *a)
{
	size_t i;
	json_t *e;
	json_array_foreach (a->addresses, i, e) {
		const char *line = json_string_value(json_object_get(e, "formattedAddress"));
		if (!line)
			continue;
		json_t *addr = json_pack("{s:s, s:s, s:s, s:s}", "address1", line, "city", "",
					 "postalCode", "", "state", "");
		json_t *unit = json_object_get(e, "unit");
		if (json_is_string(unit))
			json_object_set(addr, "address2", unit);
		sbx_address *sa = sbx_user_add_address(
		    w, u, addr, json_string_value(json_object_get(e, "deliveryInstructions")),
		    NULL);
		json_t *lat = json_object_get(e, "latitude"),
		       *lon = json_object_get(e, "longitude");
		if (json_is_number(lat) && json_is_number(lon))
			json_object_set_new(
			    sa->address, "location",
			    json_pack("{s:O, s:O}", "latitude", lat, "longitude", lon));
		json_decref(addr);
	}
	json_array_foreach (a->payments, i, e) {
		const char *brand = json_string_value(json_object_get(e, "brand"));
		const char *last4 = json_string_value(json_object_get(e, "last4"));
		json_t *mm = json_object_get(e, "expMonth"), *yy = json_object_get(e, "expYear");
		char exp[16] = "";
		if (json_is_integer(mm) && json_is_integer(yy))
			snprintf(exp, sizeof exp, "%04d-%02d", (int)json_integer_value(yy),
				 (int)json_integer_value(mm));
		if (brand && last4)
			sbx_user_add_payment(u, brand, last4, exp[0] ? exp : NULL);
	}
}

static sbx_user *resolve_user(sbx_world *w, const create_args *a)
{
	if (!a->email)
		return NULL;
	sbx_user *u = world_find_user_by_email(w, a->email);
	if (!u)
		u = world_add_user(w, a->email, a->first, a->last);
	if (a->phone) {
		free(u->phone);
		u->phone = xstrdup(a->phone);
	}
	if (!u->partner_user_id && a->partner_user_id)
		u->partner_user_id = xstrdup(a->partner_user_id);
	if (a->address)
		sbx_user_add_address(w, u, a->address, NULL, NULL);
	save_legacy(w, u, a);
	return u;
}

static sbx_session *new_session(sbx_world *w, sbx_user *user, const create_args *a)
{
	sbx_session *s = xcalloc(1, sizeof *s);
	char id[37];
	sbx_new_guid(id);
	s->session_id = xstrdup(id);
	if (a->partner_user_id) {
		s->partner_user_id = xstrdup(a->partner_user_id);
	} else if (user && user->partner_user_id) {
		s->partner_user_id = xstrdup(user->partner_user_id);
	} else {
		char gen[48];
		sbx_new_guid(id);
		snprintf(gen, sizeof gen, "gen_%s", id);
		s->partner_user_id = xstrdup(gen);
		if (user) /* stable across this user's sessions (fulfillment context is keyed by it)
			   */
			user->partner_user_id = xstrdup(gen);
	}
	s->user = user;
	long long life = a->lifetime_s > DEFAULT_LIFETIME_S ? DEFAULT_LIFETIME_S : a->lifetime_s;
	s->created_ms = world_now_ms(w);
	s->expires_ms = s->created_ms + life * 1000;
	s->token = make_token(s);
	strmap_put(w->sessions, s->token, s);
	return s;
}

static void create_session(sbx_request *req, sbx_response *resp, sbx_world *w, bool legacy)
{
	/* An absent body counts as {} (anonymous session). */
	if ((req->body_invalid || req->body) && !req_require_object(req, resp))
		return;
	json_t *empty = json_object();
	const json_t *body = req->body ? req->body : empty;
	create_args a = {0};
	json_err err = {0};
	if (!parse_create(body, &a, &err))
		resp_json_error(resp, req, &err);
	else if (check_create(&a, req, resp)) {
		sbx_user *user = resolve_user(w, &a);
		sbx_session *s = new_session(w, user, &a);
		int level = sbx_user_level(user, NULL);
		char ts[32];
		json_t *o =
		    json_pack("{s:s, s:s, s:b, s:i, s:s, s:s}", "token", s->token, "expiresAt",
			      timestamp_format_ms(s->expires_ms, ts), "isAnonymous", user == NULL,
			      "level", level > 2 ? 2 : level, "partnerUserId", s->partner_user_id,
			      "sessionId", s->session_id);
		if (legacy)
			json_object_set_new(o, "sessionToken", json_string(s->token));
		resp_json(resp, 200, o);
	}
	create_args_clear(&a);
	json_decref(empty);
}

static void h_create(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	create_session(req, resp, w, false);
}

static void h_create_legacy(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	create_session(req, resp, w, true);
}

/* ------------------------------------------------------------------ me, invalidate */

json_t *sbx_me_user_json(const sbx_user *u)
{
	json_t *o = json_pack("{s:s, s:s}", "userId", u->user_id, "email", u->email);
	json_object_set_new(o, "firstName",
			    u->first_name ? json_string(u->first_name) : json_null());
	json_object_set_new(o, "lastName", u->last_name ? json_string(u->last_name) : json_null());
	json_object_set_new(o, "phone", u->phone ? json_string(u->phone) : json_null());
	json_object_set_new(o, "lastPaymentId",
			    u->last_payment_id ? json_string(u->last_payment_id) : json_null());
	json_object_set_new(o, "lastUserAddressId",
			    u->last_user_address_id ? json_string(u->last_user_address_id)
						    : json_null());
	return o;
}

static json_t *fulfillment_json(const sbx_fulfillment *f)
{
	json_t *o = json_pack("{s:s}", "mode", f->mode);
	json_object_set_new(o, "addressId",
			    f->address_id ? json_string(f->address_id) : json_null());
	return o;
}

static void h_me(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	const sbx_session *s = req->principal.session;
	str_list missing = {0};
	int level = sbx_user_level(s->user, &missing);
	char ts[32];
	json_t *o =
	    json_pack("{s:s, s:b, s:i}", "expiresAt", timestamp_format_ms(s->expires_ms, ts),
		      "isAnonymous", s->user == NULL, "level", level);
	json_t *arr = json_array();
	for (size_t i = 0; i < missing.n; i++)
		json_array_append_new(arr, json_string(missing.v[i]));
	json_object_set_new(o, "levelMissing", arr);
	json_object_set_new(o, "sessionId", json_string(s->session_id));
	const sbx_fulfillment *f = s->user ? world_fulfillment(w, s->partner_user_id) : NULL;
	json_object_set_new(o, "fulfillmentContext", f ? fulfillment_json(f) : json_null());
	json_object_set_new(o, "user", s->user ? sbx_me_user_json(s->user) : json_null());
	str_list_clear(&missing);
	resp_json(resp, 200, o);
}

static void h_invalidate(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	req->principal.session->invalidated = true;
	resp_empty(resp, 204);
}

/* ------------------------------------------------------------------ fulfillment context */

static void h_fulfillment(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	if (!req_require_object(req, resp))
		return;
	char *mode = NULL, *address_id = NULL;
	json_err err = {0};
	const sbx_principal *p = &req->principal;
	if (!jsonx_get_string(req->body, "mode", "$", true, &mode, &err) ||
	    !jsonx_get_string(req->body, "addressId", "$", false, &address_id, &err)) {
		resp_json_error(resp, req, &err);
	} else if (strcmp(mode, "DeliveryByMerchant") != 0 && strcmp(mode, "Pickup") != 0) {
		reject(resp, req, "$.mode", "mode must be \"DeliveryByMerchant\" or \"Pickup\"");
	} else if (!address_id && strcmp(mode, "DeliveryByMerchant") == 0) {
		reject(resp, req, "$.addressId", "addressId is required for DeliveryByMerchant");
	} else if (address_id && !wire_is_uuid(address_id)) {
		reject(resp, req, "$.addressId", "addressId must be a GUID");
	} else {
		const sbx_address *a = sbx_user_find_address(p->user, address_id);
		if (address_id && (!a || !json_object_get(a->address, "location"))) {
			json_t *pb = resp_problem(resp, req, 400, "ADDRESS_INVALID",
						  a ? "The address could not be geocoded."
						    : "No such address for this session's user.");
			sbx_add_error(pb, "ADDRESS_INVALID", "unknown or ungeocodable address",
				      NULL, "$.addressId");
		} else {
			sbx_fulfillment *f = xcalloc(1, sizeof *f);
			f->mode = xstrdup(mode);
			f->address_id = a ? xstrdup(a->address_id) : NULL;
			sbx_fulfillment *old = strmap_put(w->fulfillment, p->partner_user_id, f);
			if (old) {
				free(old->mode);
				free(old->address_id);
				free(old);
			}
			resp_json(resp, 200, fulfillment_json(f));
		}
	}
	free(mode);
	free(address_id);
}

void sbx_register_session_routes(sbx_router *r)
{
	sbx_route(r, ENDPOINT_SESSION_CREATE, h_create, SBX_RATE_WRITE, "session");
	sbx_route(r, ENDPOINT_SESSION_CREATE_LEGACY, h_create_legacy, SBX_RATE_WRITE, "session");
	sbx_route(r, ENDPOINT_SESSION_ME, h_me, SBX_RATE_READ, "session");
	sbx_route(r, ENDPOINT_SESSION_INVALIDATE, h_invalidate, SBX_RATE_WRITE, "session");
	sbx_route(r, ENDPOINT_SESSION_INVALIDATE_LEGACY, h_invalidate, SBX_RATE_WRITE, "session");
	sbx_route(r, ENDPOINT_FULFILLMENT_CONTEXT, h_fulfillment, SBX_RATE_WRITE, "session");
}

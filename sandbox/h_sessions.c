/*
 * Sessions (contract §2.1-§2.4, §3.9, §4.6, §6 Q1-Q3, Q18, Q26): create (current and legacy
 * paths, union of the three body shapes), me, invalidate, fulfillment context. Bodies are read
 * and written by the models of wire/session.h; this file adds the server's rules and state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "sha256.h"
#include "wire/order.h"
#include "wire/session.h"

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

/* The signature of "header.payload", keyed by the sandbox secret and this process's own, so
   a token of an earlier run is never taken for one of ours. */
static void token_sign(const sbx_world *w, const char *signing, size_t n, char sig[64])
{
	char key[96];
	snprintf(key, sizeof key, "%s:%s", TOKEN_SECRET, w->session_secret);
	uint8_t mac[SHA256_DIGEST_LEN];
	hmac_sha256(key, strlen(key), signing, n, mac);
	base64url(mac, sizeof mac, sig);
}

/* header.payload.signature, HS256 over the first two parts (token_sign). */
static char *make_token(const sbx_world *w, const sbx_session *s)
{
	char *head = b64_json(json_pack("{s:s, s:s}", "alg", "HS256", "typ", "JWT"));
	char *body = b64_json(json_pack(
	    "{s:s, s:s, s:s, s:I, s:I, s:b}", "iss", "gett-sandbox", "sub", s->partner_user_id,
	    "jti", s->session_id, "iat", (json_int_t)(s->created_ms / 1000), "exp",
	    (json_int_t)(s->expires_ms / 1000), "anon", s->user == NULL));
	size_t n = strlen(head) + strlen(body) + 2;
	char *signing = xmalloc(n);
	snprintf(signing, n, "%s.%s", head, body);
	char sig[64];
	token_sign(w, signing, strlen(signing), sig);
	char *token = xmalloc(n + strlen(sig) + 1);
	snprintf(token, n + strlen(sig) + 1, "%s.%s", signing, sig);
	free(head);
	free(body);
	free(signing);
	return token;
}

/* The payload of a base64url segment (no padding) as JSON, or NULL. */
static json_t *b64_json_decode(const char *s, size_t n)
{
	static const char tbl[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	char *out = xmalloc(n * 3 / 4 + 4);
	size_t o = 0;
	unsigned acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = s[i] ? strchr(tbl, s[i]) : NULL;
		if (!p) {
			free(out);
			return NULL;
		}
		acc = (acc << 6) | (unsigned)(p - tbl);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	json_t *v = json_loadb(out, o, 0, NULL);
	free(out);
	return v;
}

const char *sbx_session_token_gone(const sbx_world *w, const char *token)
{
	const char *dot1 = strchr(token, '.'), *dot2 = strrchr(token, '.');
	if (!dot1 || dot2 == dot1 || strlen(dot2 + 1) >= 64)
		return NULL;
	char sig[64];
	token_sign(w, token, (size_t)(dot2 - token), sig);
	if (strcmp(sig, dot2 + 1) != 0)
		return NULL;
	json_t *payload = b64_json_decode(dot1 + 1, (size_t)(dot2 - dot1 - 1));
	json_int_t exp = json_integer_value(json_object_get(payload, "exp"));
	json_decref(payload);
	return world_now_ms(w) >= (int64_t)exp * 1000 ? "session expired"
						      : "session ended: the sandbox keeps only its "
							"newest sessions (--max-sessions)";
}

/* ------------------------------------------------------------------ create */

/* 400 with one ValidationError; false so callers can `return reject(...)`. */
static bool reject(sbx_response *resp, const sbx_request *req, const char *path, const char *msg)
{
	resp_problem_at(resp, req, 400, "INVALID_REQUEST", path, msg);
	return false;
}

/* What the model's parser leaves to the server: the identity tuple (the client's rule,
   session_create_request_identity), formats and ranges. */
static bool check_create(const session_create_request *a, const sbx_request *req,
			 sbx_response *resp)
{
	if (session_create_request_identity(a) == SESSION_IDENTITY_PARTIAL) {
		json_t *p = resp_problem(resp, req, 400, "INVALID_REQUEST",
					 "email, firstName and lastName must be given together.");
		static const char *const names[] = {"email", "firstName", "lastName"};
		const char *const values[] = {a->email, a->first_name, a->last_name};
		for (size_t i = 0; i < 3; i++) {
			if (values[i] && *values[i])
				continue;
			char msg[64], path[32];
			snprintf(msg, sizeof msg, "%s is required", names[i]);
			snprintf(path, sizeof path, "$.%s", names[i]);
			sbx_add_error(p, "INVALID_REQUEST", msg, NULL, path);
		}
		return false;
	}
	if (a->email && !wire_is_email(a->email))
		return reject(resp, req, "$.email", "email is not a valid address");
	if (a->phone && !wire_is_e164(a->phone)) {
		char msg[160];
		snprintf(msg, sizeof msg, "phone must be in %s", wire_e164_hint());
		return reject(resp, req, "$.phone", msg);
	}
	if (a->has_expiration_seconds && a->expiration_seconds < 1)
		return reject(resp, req, "$.expirationSeconds",
			      "expirationSeconds must be a positive integer");
	if (a->partner_user_id && !a->partner_user_id[0])
		return reject(resp, req, "$.partnerUserId", "partnerUserId must not be empty");
	if (a->address) {
		const address_input *in = a->address;
		const char *const values[] = {in->address1, in->city, in->postal_code, in->state};
		static const char *const paths[] = {"$.address.address1", "$.address.city",
						    "$.address.postalCode", "$.address.state"};
		for (size_t i = 0; i < 4; i++)
			if (!values[i])
				return reject(resp, req, paths[i], "address field is missing");
	}
	return true;
}

/* The legacy lists (seed 000): an address is its formattedAddress line (with a unit and a
   point when given), a card its brand, last4 and expiry. */
static void save_legacy(const sbx_world *w, sbx_user *u, const session_create_request *a)
{
	for (size_t i = 0; i < a->n_legacy_addresses; i++) {
		const session_legacy_address *e = &a->legacy_addresses[i];
		if (!e->formatted_address)
			continue;
		external_address addr = {.address1 = e->formatted_address,
					 .address2 = e->unit,
					 .city = "",
					 .postal_code = "",
					 .state = "",
					 .location = e->location};
		sbx_user_add_address(w, u, &addr, e->delivery_instructions, NULL);
	}
	for (size_t i = 0; i < a->n_legacy_payments; i++) {
		const session_legacy_payment *e = &a->legacy_payments[i];
		char exp[32] = "";
		if (e->has_expiry)
			snprintf(exp, sizeof exp, "%04lld-%02lld", e->exp_year, e->exp_month);
		if (e->brand && e->last4)
			sbx_user_add_payment(u, e->brand, e->last4, exp[0] ? exp : NULL);
	}
}

static sbx_user *resolve_user(sbx_world *w, const session_create_request *a)
{
	if (!a->email)
		return NULL;
	sbx_user *u = world_find_user_by_email(w, a->email);
	if (!u)
		u = world_add_user(w, a->email, a->first_name, a->last_name);
	if (a->phone) {
		free(u->phone);
		u->phone = xstrdup(a->phone);
	}
	if (!u->partner_user_id && a->partner_user_id)
		u->partner_user_id = xstrdup(a->partner_user_id);
	if (a->address) {
		external_address addr = sbx_address_of_input(a->address);
		sbx_user_add_address(w, u, &addr, NULL, NULL);
	}
	save_legacy(w, u, a);
	return u;
}

static sbx_session *new_session(sbx_world *w, sbx_user *user, const session_create_request *a)
{
	sbx_session *s = xcalloc(1, sizeof *s);
	s->session_id = sbx_new_id();
	if (a->partner_user_id) {
		s->partner_user_id = xstrdup(a->partner_user_id);
	} else if (user && user->partner_user_id) {
		s->partner_user_id = xstrdup(user->partner_user_id);
	} else {
		char gen[48], id[37];
		sbx_new_guid(id);
		snprintf(gen, sizeof gen, "gen_%s", id);
		s->partner_user_id = xstrdup(gen);
		if (user) /* stable across this user's sessions (fulfillment context is keyed by it)
			   */
			user->partner_user_id = xstrdup(gen);
	}
	s->user = user;
	long long life = !a->has_expiration_seconds		      ? DEFAULT_LIFETIME_S
			 : a->expiration_seconds > DEFAULT_LIFETIME_S ? DEFAULT_LIFETIME_S
								      : a->expiration_seconds;
	s->created_ms = world_now_ms(w);
	s->expires_ms = s->created_ms + life * 1000;
	s->token = make_token(w, s);
	world_add_session(w, s);
	return s;
}

static void create_session(sbx_request *req, sbx_response *resp, sbx_world *w, bool legacy)
{
	/* An absent body counts as {} (anonymous session). */
	if ((req->body_invalid || req->body) && !req_require_object(req, resp))
		return;
	json_t *empty = json_object();
	json_err err = {0};
	session_create_request *a =
	    session_create_request_from_json(req->body ? req->body : empty, &err);
	json_decref(empty);
	if (!a) {
		resp_json_error(resp, req, &err);
		return;
	}
	if (check_create(a, req, resp)) {
		sbx_user *user = resolve_user(w, a);
		sbx_session *s = new_session(w, user, a);
		int level = sbx_user_level(user, NULL);
		char ts[32];
		timestamp_format_ms(s->expires_ms, ts);
		session_create_response r = {.token = s->token,
					     .expires_at = ts,
					     .session_id = s->session_id,
					     .partner_user_id = s->partner_user_id,
					     .is_anonymous = user == NULL,
					     .has_is_anonymous = true,
					     .level = level > 2 ? 2 : level};
		json_t *o = session_create_response_to_json(&r);
		if (legacy) /* the legacy path also names the token sessionToken (§6 Q1) */
			json_object_set_new(o, "sessionToken", json_string(s->token));
		resp_json(resp, 200, o);
	}
	session_create_request_free(a);
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

static void h_me(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	const sbx_session *s = req->principal.session;
	char ts[32];
	timestamp_format_ms(s->expires_ms, ts);
	session_me_user user = s->user ? sbx_user_me(s->user) : (session_me_user){0};
	session_me_response r = {
	    .expires_at = ts,
	    .is_anonymous = s->user == NULL,
	    .session_id = s->session_id,
	    .fulfillment_context = s->user ? world_fulfillment(w, s->partner_user_id) : NULL,
	    .user = s->user ? &user : NULL,
	};
	r.level = sbx_user_level(s->user, &r.level_missing);
	resp_json(resp, 200, session_me_response_to_json(&r));
	str_list_clear(&r.level_missing);
}

static void h_invalidate(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	req->principal.session->invalidated = true;
	resp_empty(resp, 204);
}

/* ------------------------------------------------------------------ fulfillment context */

/* The body's rules beyond its types; false after the 400. */
static bool check_fulfillment(const fulfillment_context *fc, const sbx_request *req,
			      sbx_response *resp)
{
	if (fulfillment_kind_of(fc->mode) == FULFILLMENT_KIND_UNKNOWN)
		return reject(resp, req, "$.mode",
			      "mode must be \"DeliveryByMerchant\" or \"Pickup\"");
	if (!fc->address_id && fulfillment_kind_of(fc->mode) == FULFILLMENT_KIND_DELIVERY)
		return reject(resp, req, "$.addressId",
			      "addressId is required for DeliveryByMerchant");
	if (fc->address_id && !wire_is_uuid(fc->address_id))
		return reject(resp, req, "$.addressId", "addressId must be a GUID");
	return true;
}

static void h_fulfillment(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	const sbx_principal *p = &req->principal;
	fulfillment_context *fc = REQ_PARSE_BODY(req, resp, fulfillment_context_from_json);
	if (!fc)
		return;
	if (!check_fulfillment(fc, req, resp)) {
		fulfillment_context_free(fc);
		return;
	}
	const sbx_address *a = sbx_user_find_address(p->user, fc->address_id);
	if (fc->address_id && (!a || !a->address.location)) {
		json_t *pb = resp_problem(resp, req, 400, "ADDRESS_INVALID",
					  a ? "The address could not be geocoded."
					    : "No such address for this session's user.");
		sbx_add_error(pb, "ADDRESS_INVALID", "unknown or ungeocodable address", NULL,
			      "$.addressId");
		fulfillment_context_free(fc);
		return;
	}
	if (a) { /* the saved address's own spelling of its id */
		free(fc->address_id);
		fc->address_id = xstrdup(a->address_id);
	}
	fulfillment_context_free(strmap_put(w->fulfillment, p->partner_user_id, fc));
	resp_json(resp, 200, fulfillment_context_to_json(fc));
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

/*
 * Orders (contract §2.9-§2.11, §4, §6 Q7-Q9, Q16, Q20, Q23): validate, place, read.
 *
 * validate and place share one check pipeline (sbx_order_check, order_check.h). validate
 * reports line-level problems in the configured style; place always answers a
 * ProblemDetail (a 200 from place means an order exists).
 *
 * Place then checks the payment method and the validatedOrderToken, compares the sent
 * amounts with the recomputation cent by cent, charges (magic card tokens, §4.8) and
 * commits. Responses are cached under (caller, Idempotency-Key) for 24 h unless retryable.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "amounts.h"
#include "handlers.h"
#include "base/i18n.h"
#include "wire/order.h"
#include "order_check.h"
#include "sha256.h"

#define TOKEN_LIFETIME_MS  (15LL * 60 * 1000) /* §2.9: validatedOrderToken */
#define PAYMENT_FAIL_TIMES 2		      /* §4.8: tok_fail fails twice */

/* ------------------------------------------------------------------ order-side world state */

typedef struct orders_ext {
	strmap *consumed_tokens;  /* validatedOrderToken -> idempotency slot that used it */
	strmap *payment_attempts; /* idempotency slot -> long * (tok_fail attempts so far) */
	long next_partner_seq;
} orders_ext;

static void orders_ext_free(void *p)
{
	orders_ext *x = p;
	strmap_free(x->consumed_tokens, free);
	strmap_free(x->payment_attempts, free);
	free(x);
}

static orders_ext *ext_of(sbx_world *w)
{
	if (!w->orders_ext) {
		orders_ext *x = xcalloc(1, sizeof *x);
		x->consumed_tokens = strmap_new();
		x->payment_attempts = strmap_new();
		x->next_partner_seq = 100001;
		w->orders_ext = x;
		w->orders_ext_free = orders_ext_free;
	}
	return w->orders_ext;
}

/* ------------------------------------------------------------------ validatedOrderToken */

/*
 * "vot_<createdMs>_<nonce>_<mac>": self-verifying (HMAC over the first two parts, keyed by the
 * API key), so a sandbox restarted with a later --now still recognises its tokens and can
 * say they expired. Only "consumed" needs memory.
 */
static void token_mac(const sbx_world *w, const char *signed_part, char out[17])
{
	char key[256];
	snprintf(key, sizeof key, "vot:%s", w->config.api_key ? w->config.api_key : "");
	uint8_t mac[SHA256_DIGEST_LEN];
	hmac_sha256(key, strlen(key), signed_part, strlen(signed_part), mac);
	for (int i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", mac[i]);
}

static char *token_new(const sbx_world *w)
{
	char guid[37], nonce[17], signed_part[64], mac[17], *token = xmalloc(96);
	sbx_new_guid(guid);
	size_t n = 0;
	for (const char *p = guid; *p && n < 16; p++)
		if (*p != '-')
			nonce[n++] = *p;
	nonce[n] = '\0';
	snprintf(signed_part, sizeof signed_part, "%" PRId64 "_%s", world_now_ms(w), nonce);
	token_mac(w, signed_part, mac);
	snprintf(token, 96, "vot_%s_%s", signed_part, mac);
	return token;
}

static bool token_verify(const sbx_world *w, const char *token, int64_t *created_ms)
{
	if (strncmp(token, "vot_", 4) != 0 || strlen(token) > 90)
		return false;
	const char *mac_sep = strrchr(token, '_');
	char signed_part[96], mac[17];
	size_t len = (size_t)(mac_sep - token) - 4;
	if (mac_sep <= token + 4 || len >= sizeof signed_part)
		return false;
	memcpy(signed_part, token + 4, len);
	signed_part[len] = '\0';
	token_mac(w, signed_part, mac);
	if (strcmp(mac, mac_sep + 1) != 0)
		return false;
	char *end;
	long long ms = strtoll(signed_part, &end, 10);
	*created_ms = ms;
	return *end == '_';
}

/* §6 Q7: unknown -> 400, consumed by another key -> 409, older than 15 min -> 400. */
static bool check_token(const sbx_request *req, sbx_response *resp, sbx_world *w, const char *token,
			const char *slot)
{
	int64_t created;
	if (!token)
		return true;
	if (!token_verify(w, token, &created)) {
		resp_problem_at(resp, req, 400, "INVALID_REQUEST", "$.validatedOrderToken",
				_("Unknown validatedOrderToken; validate the order again."));
		return false;
	}
	const char *used_by = strmap_get(ext_of(w)->consumed_tokens, token);
	if (used_by && strcmp(used_by, slot) != 0) {
		resp_problem(resp, req, 409, "ORDER_ALREADY_PLACED",
			     _("This validation was already used to place an order."));
		return false;
	}
	if (world_now_ms(w) - created > TOKEN_LIFETIME_MS) {
		resp_problem_at(resp, req, 400, "INVALID_REQUEST", "$.validatedOrderToken",
				_("validation expired; re-validate"));
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------ validate */

static void h_validate(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	sbx_order_ctx ctx = {0};
	sbx_check_result r = sbx_order_check(req, resp, w, &ctx, NULL);
	if (r == SBX_CHECK_LINE_PROBLEMS && w->config.validation_style != SBX_VALIDATION_INLINE) {
		sbx_respond_line_problems(req, resp, w, ctx.holder);
	} else if (r != SBX_CHECK_ANSWERED) {
		json_t *o = sbx_order_json(&ctx);
		bool ok = r == SBX_CHECK_OK;
		json_object_set(o, "errors", json_object_get(ctx.holder, "errors"));
		json_object_set_new(o, "isValid", json_boolean(ok));
		json_object_set_new(o, "traceId", ok ? json_null() : json_string(req->trace_id));
		if (ok) {
			char *token = token_new(w);
			json_object_set_new(o, "validatedOrderToken", json_string(token));
			free(token);
		}
		resp_json(resp, 200, o);
		resp_header(resp, "Cache-Control", "no-store");
	}
	sbx_order_ctx_clear(&ctx);
}

/* ------------------------------------------------------------------ place: payment */

/* Shape and ownership of `payment` before anything is charged. */
static bool check_payment_method(const sbx_request *req, sbx_response *resp,
				 const payment_info *pay)
{
	const sbx_user *user = req->principal.user;
	switch (payment_kind_of(pay->type)) {
	case PAYMENT_KIND_GETT_PAYMENT:
		return true;
	case PAYMENT_KIND_CARD_ON_FILE: /* §3.6: the token and the processor it belongs to */
		if (!pay->card_token || !*pay->card_token) {
			resp_problem_at(resp, req, 400, "PAYMENT_METHOD_INVALID",
					"$.payment.cardToken", _("cardOnFile needs a cardToken."));
			return false;
		}
		if (pay->processor_type && *pay->processor_type)
			return true;
		resp_problem_at(resp, req, 400, "PAYMENT_METHOD_INVALID", "$.payment.processorType",
				_("cardOnFile needs a processorType, e.g. \"stripe\"."));
		return false;
	case PAYMENT_KIND_SAVED_CARD:
		if (!user) {
			resp_problem(resp, req, 401, "SESSION_USER_REQUIRED",
				     _("Paying with a saved card needs a session that identifies "
				       "the user."));
			return false;
		}
		if (pay->payment_id && sbx_user_find_payment(user, pay->payment_id))
			return true;
		resp_problem_at(resp, req, 400, "PAYMENT_METHOD_INVALID", "$.payment.paymentId",
				_("No saved card with this paymentId belongs to the user."));
		return false;
	case PAYMENT_KIND_UNKNOWN:
		break;
	}
	resp_problem_at(resp, req, 400, "PAYMENT_METHOD_INVALID", "$.payment.type",
			_("payment.type must be gettPayment, cardOnFile or savedCard."));
	return false;
}

/* The magic card tokens of §4.8; tok_fail counts attempts per Idempotency-Key. */
static bool charge(const sbx_request *req, sbx_response *resp, sbx_world *w,
		   const payment_info *pay, const char *slot)
{
	const char *tok =
	    payment_kind_of(pay->type) == PAYMENT_KIND_CARD_ON_FILE ? pay->card_token : "";
	if (strcmp(tok, "tok_decline") == 0) {
		resp_problem(resp, req, 400, "PAYMENT_DECLINED",
			     _("The card was declined. Try another payment method."));
		return false;
	}
	if (strcmp(tok, "tok_invalid") == 0) {
		resp_problem(resp, req, 400, "PAYMENT_METHOD_INVALID",
			     _("The card token is not valid."));
		return false;
	}
	if (strcmp(tok, "tok_fail") != 0)
		return true;
	strmap *attempts = ext_of(w)->payment_attempts;
	long *n = strmap_get(attempts, slot);
	if (!n) {
		n = xcalloc(1, sizeof *n);
		strmap_put(attempts, slot, n);
	}
	if (++*n > PAYMENT_FAIL_TIMES)
		return true;
	json_t *body = resp_problem(resp, req, 400, "PAYMENT_FAILED",
				    _("The payment processor had a temporary problem. Retry with "
				      "the same Idempotency-Key."));
	json_object_set_new(body, "retryAfter", json_integer(1));
	return false;
}

/* ------------------------------------------------------------------ place: commit */

static void commit(sbx_request *req, sbx_response *resp, sbx_world *w, const sbx_order_ctx *ctx,
		   const payment_info *pay, const char *token, const char *slot)
{
	orders_ext *x = ext_of(w);
	sbx_principal *p = &req->principal;
	sbx_order *o = xcalloc(1, sizeof *o);
	char id[37], partner_id[32], when[32];
	sbx_new_guid(id);
	snprintf(partner_id, sizeof partner_id, "PX-%ld", x->next_partner_seq++);
	o->order_id = xstrdup(id);
	o->placed_ms = world_now_ms(w);
	o->user_id = xstrdup(p->user ? p->user->user_id : NULL);
	o->partner_user_id =
	    xstrdup(p->kind == SBX_AUTH_SESSION ? p->partner_user_id
						: ctx->order.customer->partner_user_id);
	o->delivery = ctx->delivery;
	if (w->config.cancel_reason) { /* --cancel-after: the store will call it off */
		o->cancel_reason = xstrdup(w->config.cancel_reason);
		o->cancel_ms = o->placed_ms + w->config.cancel_after_ms;
	}

	json_t *j = sbx_order_json(ctx);
	json_object_set_new(j, "gettOrderId", json_string(id));
	json_object_set_new(j, "partnerOrderId", json_string(partner_id));
	json_object_set_new(j, "placedAt", json_string(timestamp_format_ms(o->placed_ms, when)));
	json_object_set_new(j, "isValid", json_true());
	json_object_set_new(j, "errors", json_array());
	json_object_set_new(j, "traceId", json_null());
	o->order = json_incref(j);
	strmap_put(w->orders, id, o);

	if (token)
		free(strmap_put(x->consumed_tokens, token, xstrdup(slot)));
	free(strmap_put(x->payment_attempts, slot, NULL));
	if (p->user && payment_kind_of(pay->type) == PAYMENT_KIND_SAVED_CARD) {
		free(p->user->last_payment_id);
		p->user->last_payment_id = xstrdup(pay->payment_id);
	}
	if (p->user && ctx->address_id) {
		free(p->user->last_user_address_id);
		p->user->last_user_address_id = xstrdup(ctx->address_id);
	}
	resp_json(resp, 200, j);
}

/* Everything after the Idempotency-Key bookkeeping; the answer is left in resp. The body is
   read once, by the client's PlaceOrderRequest model. */
static void place_execute(sbx_request *req, sbx_response *resp, sbx_world *w, const char *slot)
{
	sbx_order_ctx ctx = {0};
	json_err err = {0};
	if (!req_require_object(req, resp))
		return;
	place_order_request *place = place_order_request_from_json(req->body, &err);
	if (!place) {
		resp_json_error(resp, req, &err);
		return;
	}
	const payment_info *pay = &place->payment;
	char *token = place->order.validated_order_token; /* the order moves to ctx, not this */
	place->order.validated_order_token = NULL;
	if (!check_payment_method(req, resp, pay) || !check_token(req, resp, w, token, slot))
		goto out;
	sbx_check_result r = sbx_order_check(req, resp, w, &ctx, &place->order);
	if (r == SBX_CHECK_LINE_PROBLEMS)
		sbx_respond_line_problems(req, resp, w, ctx.holder);
	if (r != SBX_CHECK_OK)
		goto out;
	json_t *holder = json_pack("{s:[]}", "errors");
	if (sbx_amounts_diff(ctx.order.amounts, &ctx.amounts, holder) > 0) {
		char sent[MONEY_TEXT_MAX], now[MONEY_TEXT_MAX];
		const amounts *a = ctx.order.amounts;
		json_t *body = resp_problem(
		    resp, req, 400, "ORDER_TOTAL_DIFFERENT",
		    _("The order now totals %s (you sent %s). Validate again and confirm."),
		    money_format(ctx.amounts.total, now),
		    a && a->has_total ? money_format(a->total, sent) : _("no total"));
		json_object_set(body, "errors", json_object_get(holder, "errors"));
		json_decref(holder);
		goto out;
	}
	json_decref(holder);
	if (charge(req, resp, w, pay, slot))
		commit(req, resp, w, &ctx, pay, token, slot);
out:
	sbx_order_ctx_clear(&ctx);
	place_order_request_free(place);
	free(token);
}

/* ------------------------------------------------------------------ place: idempotency */

/* Keys belong to a caller: the partner's API key, or a session's partnerUserId. */
static char *idempotency_slot(const sbx_request *req)
{
	const sbx_principal *p = &req->principal;
	const char *who = p->kind == SBX_AUTH_SESSION ? p->partner_user_id : "api-key";
	size_t n = strlen(who) + strlen(req->idempotency_key) + 8;
	char *slot = xmalloc(n);
	snprintf(slot, n, "%s|%s", who, req->idempotency_key);
	for (char *c = strchr(slot, '|'); *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return slot;
}

static char *canonical_body(const sbx_request *req)
{
	if (req->body)
		return json_dumps(req->body, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	return xstrdup(req->body_raw ? req->body_raw : "");
}

/* §2.10 [sbx]: 2xx and non-retryable 4xx are pinned to the key; 429, 5xx, PAYMENT_FAILED not. */
static bool cacheable(const sbx_response *resp)
{
	if (resp->status >= 200 && resp->status < 300)
		return true;
	return resp->status >= 400 && resp->status < 500 && resp->status != 429 &&
	       !json_is_true(json_object_get(resp->json, "retryable"));
}

static void replay(sbx_response *resp, const sbx_idem_entry *e)
{
	resp_json(resp, e->status, json_loads(e->response, JSON_DECODE_ANY, NULL));
	resp->is_problem = e->status >= 400;
	resp_header(resp, "Idempotent-Replayed", "true");
}

static void h_place(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	const char *key = req->idempotency_key;
	if (!key || !*key) {
		resp_problem(resp, req, 400, "MISSING_IDEMPOTENCY_KEY",
			     _("Send an Idempotency-Key header (a fresh UUID per order)."));
		return;
	}
	if (!wire_is_uuid_v4(key)) { /* §2.10: "Idempotency-Key: <UUID v4>" */
		resp_problem(resp, req, 400, "INVALID_REQUEST",
			     _("The Idempotency-Key header must be a UUID v4."));
		return;
	}
	char *slot = idempotency_slot(req), *body = canonical_body(req);
	const sbx_idem_entry *e = world_idem_find(w, slot);
	if (e) {
		char digest[65];
		world_idem_digest(body, digest);
		if (w->config.strict_idempotency && strcmp(e->request_digest, digest) != 0)
			resp_problem(resp, req, 409, "ORDER_ALREADY_PLACED",
				     _("This Idempotency-Key was already used for a different "
				       "request; use a new key for a new order."));
		else
			replay(resp, e);
		goto out;
	}
	place_execute(req, resp, w, slot);
	if (cacheable(resp))
		world_idem_store(w, slot, body, resp->status, resp->json);
out:
	resp_header(resp, "Cache-Control", "no-store");
	free(slot);
	free(body);
}

/* ------------------------------------------------------------------ order read */

/* §4.5 [sbx]: pending -> confirmed -> preparing -> ready -> (inTransit) -> completed, one
   step per --status-step of world time; an order with a cancellation (--cancel-after) that
   comes before it completes is cancelled from then on (docs/sandbox.md "Order read"). */
static void add_lifecycle(json_t *o, const sbx_order *order, const sbx_world *w)
{
	static const char *const steps[] = {"pending", "confirmed", "preparing",
					    "ready",   "inTransit", "completed"};
	int64_t step =
	    w->config.status_step_ms > 0 ? w->config.status_step_ms : SBX_DEFAULT_STATUS_STEP_MS;
	int64_t now = world_now_ms(w), last = order->delivery ? 5 : 4;
	char when[32];
	if (order->cancel_reason && now >= order->cancel_ms &&
	    (order->cancel_ms - order->placed_ms) / step < last) {
		json_object_set_new(o, "state", json_string("cancelled"));
		json_object_set_new(o, "status", json_string("cancelled"));
		json_object_set_new(o, "cancelReason", json_string(order->cancel_reason));
		json_object_set_new(o, "statusUpdatedAt",
				    json_string(timestamp_format_ms(order->cancel_ms, when)));
		return;
	}
	int64_t elapsed = now - order->placed_ms;
	int64_t index = elapsed > 0 ? elapsed / step : 0;
	if (index > last)
		index = last;
	/* Pickup skips inTransit: its fifth step is already "completed". */
	const char *status = !order->delivery && index == 4 ? steps[5] : steps[index];
	bool done = strcmp(status, "completed") == 0;
	json_object_set_new(o, "state", json_string(done ? "completed" : "open"));
	json_object_set_new(o, "status", json_string(status));
	json_object_set_new(
	    o, "statusUpdatedAt",
	    json_string(timestamp_format_ms(order->placed_ms + index * step, when)));
}

static bool order_visible(const sbx_request *req, const sbx_order *o)
{
	const sbx_principal *p = &req->principal;
	if (p->kind == SBX_AUTH_API_KEY)
		return true; /* the partner sees every order it placed */
	if (p->user && o->user_id && strcmp(p->user->user_id, o->user_id) == 0)
		return true;
	return p->partner_user_id && o->partner_user_id &&
	       strcmp(p->partner_user_id, o->partner_user_id) == 0;
}

static void h_order_get(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	const char *raw = req_param(req, "orderId");
	char id[37] = "";
	if (raw && strlen(raw) < sizeof id)
		for (size_t i = 0; i <= strlen(raw); i++)
			id[i] = (char)tolower((unsigned char)raw[i]);
	const sbx_order *o = id[0] ? world_find_order(w, id) : NULL;
	if (!o || !order_visible(req, o)) {
		resp_problem(resp, req, 404, "NOT_FOUND", _("No order with id %s."),
			     raw ? raw : "");
		return;
	}
	json_t *j = json_deep_copy(o->order);
	add_lifecycle(j, o, w);
	resp_json(resp, 200, j);
	resp_header(resp, "Cache-Control", "no-store");
}

void sbx_register_order_routes(sbx_router *r)
{
	sbx_route(r, ENDPOINT_VALIDATE, h_validate, SBX_RATE_WRITE, "validate");
	sbx_route(r, ENDPOINT_PLACE, h_place, SBX_RATE_WRITE, "place");
	sbx_route(r, ENDPOINT_ORDER_GET, h_order_get, SBX_RATE_READ, NULL);
}

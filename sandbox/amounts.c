/*
 * The order side's shared core (see amounts.h): authoritative amounts (fees, taxes,
 * promotions, tip split) and the check pipeline of validate and place.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "amounts.h"
#include "handlers.h"
#include "i18n.h"
#include "pricing.h"
#include "server.h"

enum { PATH_LEN = 256, MSG_LEN = 512 };

/*
 * A percentage from the data ("percentOff": 10 or 12.5) in basis points. Money parsing
 * reads a decimal number exactly into hundredths, and hundredths of a percent are basis
 * points, so 12.5 -> 1250 without any float arithmetic.
 */
static bool percent_to_bp(const json_t *value, int64_t *bp)
{
	money hundredths;
	if (!json_is_number(value) || money_from_json(value, &hundredths) != MONEY_OK)
		return false;
	if (hundredths < 0 || hundredths > 10000)
		return false;
	*bp = hundredths;
	return true;
}

/* `_sandbox.promotion` {name, percentOff, minSubTotal}; malformed promotions are ignored. */
static money promotion_amount(const json_t *promo, money sub_total, const char **name)
{
	int64_t bp;
	money min_sub_total = 0;
	const json_t *min = json_object_get(promo, "minSubTotal");
	*name = json_string_value(json_object_get(promo, "name"));
	if (!json_is_object(promo) || !*name ||
	    !percent_to_bp(json_object_get(promo, "percentOff"), &bp))
		return 0;
	if (min && !json_is_null(min) && money_from_json(min, &min_sub_total) == MONEY_INVALID)
		return 0;
	if (sub_total < min_sub_total)
		return 0;
	return money_percent_bp(sub_total, bp);
}

static void add_line(amount_lines *lines, const char *name, money value)
{
	if (value != 0)
		amount_lines_add(lines, name, value);
}

static void compute_fees(const sbx_store *st, money sub_total, bool delivery, amounts *out)
{
	money delivery_fee = delivery ? st->extra.delivery_fee : 0;
	money service_fee = money_percent_bp(sub_total, st->extra.service_fee_bp);
	add_line(&out->fees_description, _("Delivery Fee"), delivery_fee);
	add_line(&out->fees_description, _("Service Fee"), service_fee);
	out->fees = delivery_fee + service_fee;
}

/* The driver gets the odd cent so the two halves always add up to the tip. */
static void split_tip(money tip, bool delivery, amounts *out)
{
	money staff = delivery ? tip / 2 : tip;
	add_line(&out->tip_description, _("Staff"), staff);
	if (delivery)
		add_line(&out->tip_description, _("Driver"), tip - staff);
	out->tip = tip;
}

void sbx_amounts_compute(const sbx_store *st, money sub_total, bool delivery, money tip,
			 amounts *out)
{
	memset(out, 0, sizeof *out);
	out->sub_total = sub_total;
	compute_fees(st, sub_total, delivery, out);

	const char *promo_name = NULL;
	out->promotions = promotion_amount(st->extra.promotion, sub_total, &promo_name);
	add_line(&out->promotions_description, promo_name, out->promotions);

	char tax_name[64];
	char rate[MONEY_TEXT_MAX];
	snprintf(tax_name, sizeof tax_name, _("Sales Tax (%s%%)"),
		 money_to_decimal(st->extra.tax_rate_bp, rate));
	out->taxes = money_percent_bp(sub_total - out->promotions, st->extra.tax_rate_bp);
	add_line(&out->taxes_description, tax_name, out->taxes);

	out->adjustments = 0;
	split_tip(tip, delivery, out);
	out->total =
	    out->sub_total + out->fees - out->promotions + out->taxes + out->adjustments + out->tip;

	out->has_sub_total = out->has_fees = out->has_taxes = out->has_promotions = true;
	out->has_adjustments = out->has_tip = out->has_total = true;
	out->fees_description.present = out->taxes_description.present = true;
	out->promotions_description.present = out->adjustments_description.present = true;
	out->tip_description.present = true;
}

static void diff_field(const char *key, bool sent_has, money sent, money expected, json_t *holder,
		       size_t *n)
{
	if (sent_has && sent == expected)
		return;
	char path[64], msg[256], want[MONEY_TEXT_MAX], got[MONEY_TEXT_MAX];
	snprintf(path, sizeof path, "$.amounts.%s", key);
	if (sent_has)
		snprintf(msg, sizeof msg, _("%s is now %s, not %s; validate again."), key,
			 money_format(expected, want), money_format(sent, got));
	else
		snprintf(msg, sizeof msg, _("%s is missing; send the amounts validate returned."),
			 key);
	sbx_add_error(holder, "ORDER_TOTAL_DIFFERENT", msg, NULL, path);
	(*n)++;
}

size_t sbx_amounts_diff(const amounts *sent, const amounts *expected, json_t *holder)
{
	static const amounts none = {0};
	const amounts *s = sent ? sent : &none;
	size_t n = 0;
	diff_field("subTotal", s->has_sub_total, s->sub_total, expected->sub_total, holder, &n);
	diff_field("fees", s->has_fees, s->fees, expected->fees, holder, &n);
	diff_field("taxes", s->has_taxes, s->taxes, expected->taxes, holder, &n);
	diff_field("promotions", s->has_promotions, s->promotions, expected->promotions, holder,
		   &n);
	diff_field("adjustments", s->has_adjustments, s->adjustments, expected->adjustments, holder,
		   &n);
	diff_field("tip", s->has_tip, s->tip, expected->tip, holder, &n);
	diff_field("total", s->has_total, s->total, expected->total, holder, &n);
	return n;
}

/* ------------------------------------------------------------------ small helpers */

void sbx_invalid_at(const sbx_request *req, sbx_response *resp, const char *code, const char *path,
		    const char *message)
{
	json_t *body = resp_problem(resp, req, 400, "INVALID_REQUEST", "%s", message);
	sbx_add_error(body, code, message, NULL, path);
}

static bool nonempty_string(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s && *s;
}

/* ------------------------------------------------------------------ the check pipeline */

void sbx_order_ctx_clear(sbx_order_ctx *ctx)
{
	external_order_clear(&ctx->order);
	json_decref(ctx->delivery_info);
	json_decref(ctx->customer);
	json_decref(ctx->holder);
	amounts_clear(&ctx->amounts);
}

static bool parse_order(const sbx_request *req, sbx_response *resp, sbx_order_ctx *ctx)
{
	json_t *copy = json_copy(req->body);
	json_object_del(copy, "deliveryInfo");
	json_err err = {0};
	bool ok = external_order_parse(copy, "$", &ctx->order, &err);
	json_decref(copy);
	if (!ok) {
		resp_json_error(resp, req, &err);
		return false;
	}
	enum fulfillment_kind kind = fulfillment_kind_of(ctx->order.fulfillment_type);
	if (kind == FULFILLMENT_KIND_UNKNOWN) {
		char msg[MSG_LEN];
		snprintf(msg, sizeof msg,
			 _("fulfillmentType must be \"%s\" or \"%s\", not \"%s\"."),
			 FULFILLMENT_DELIVERY, FULFILLMENT_PICKUP, ctx->order.fulfillment_type);
		sbx_invalid_at(req, resp, "INVALID_REQUEST", "$.fulfillmentType", msg);
		return false;
	}
	ctx->delivery = kind == FULFILLMENT_KIND_DELIVERY;
	const amounts *a = ctx->order.amounts;
	ctx->tip = a && a->has_tip ? a->tip : 0;
	if (ctx->tip < 0) {
		sbx_invalid_at(req, resp, "INVALID_REQUEST", "$.amounts.tip",
			       _("The tip cannot be negative."));
		return false;
	}
	return true;
}

/* customer: required with the API key (with partnerUserId, §3.6) and, on place, for
 * anonymous sessions; identified sessions default to the user's profile. */
static bool check_customer(const sbx_request *req, sbx_response *resp, sbx_order_ctx *ctx,
			   bool placing)
{
	const sbx_principal *p = &req->principal;
	const external_customer *c = ctx->order.customer;
	bool api_key = p->kind == SBX_AUTH_API_KEY;
	if (!c && (api_key || (placing && !p->user))) {
		sbx_invalid_at(req, resp, "INVALID_REQUEST", "$.customer",
			       api_key ? _("customer is required when calling with the API key.")
				       : _("customer is required without an identified session."));
		return false;
	}
	if (c && api_key && !c->partner_user_id) {
		sbx_invalid_at(
		    req, resp, "INVALID_REQUEST", "$.customer.partnerUserId",
		    _("customer.partnerUserId is required when calling with the API key."));
		return false;
	}
	if (c && !sbx_valid_email(c->email)) {
		sbx_invalid_at(req, resp, "INVALID_REQUEST", "$.customer.email",
			       _("customer.email is not an email address."));
		return false;
	}
	if (c && !sbx_valid_e164(c->phone)) {
		sbx_invalid_at(req, resp, "INVALID_REQUEST", "$.customer.phone",
			       _("customer.phone must be in E.164 form, e.g. +15551234567."));
		return false;
	}
	if (c) {
		ctx->customer = external_customer_to_json(c);
	} else if (p->user) {
		ctx->customer = json_object();
		jsonx_set_string(ctx->customer, "email", p->user->email);
		jsonx_set_string(ctx->customer, "firstName", p->user->first_name);
		jsonx_set_string(ctx->customer, "lastName", p->user->last_name);
		jsonx_set_string(ctx->customer, "phone", p->user->phone);
	}
	return true;
}

/* Store, catalog set, mode and tip: problems of the whole order. */
static bool check_store(const sbx_request *req, sbx_response *resp, const sbx_world *w,
			sbx_order_ctx *ctx)
{
	const cart *c = ctx->order.cart;
	if (!c->store_id) {
		resp_problem(resp, req, 400, "MISSING_STORE_ID", _("The cart has no storeId."));
		return false;
	}
	if (!c->catalog_set_id) {
		resp_problem(resp, req, 400, "CATALOGSET_REQUIRED",
			     _("The cart has no catalogSetId."));
		return false;
	}
	const sbx_store *s = ctx->store = world_find_store(w, c->store_id);
	if (!s) {
		resp_problem(resp, req, 404, "STORE_NOT_FOUND", _("No store with id %s."),
			     c->store_id);
		return false;
	}
	ctx->catalog = world_find_catalog(w, c->catalog_set_id);
	if (!ctx->catalog || !s->catalog_set_id ||
	    strcasecmp(s->catalog_set_id, c->catalog_set_id) != 0) {
		resp_problem(
		    resp, req, 404, "CATALOGSET_NOT_FOUND",
		    _("CatalogSet %s is not the current menu of %s; fetch the store again."),
		    c->catalog_set_id, s->name);
		return false;
	}
	char msg[MSG_LEN];
	if (ctx->delivery ? !s->delivery_allowed : !s->pickup_allowed) {
		snprintf(msg, sizeof msg,
			 ctx->delivery ? _("%s does not deliver; choose Pickup.")
				       : _("%s does not offer pickup; choose delivery."),
			 s->name);
		sbx_invalid_at(req, resp, "INVALID_REQUEST", "$.fulfillmentType", msg);
		return false;
	}
	bool tips = ctx->delivery ? s->accepts_delivery_tips : s->accepts_pickup_tips;
	if (ctx->tip > 0 && !tips) {
		snprintf(msg, sizeof msg, _("%s does not accept tips for %s orders."), s->name,
			 ctx->delivery ? _("delivery") : _("pickup"));
		sbx_invalid_at(req, resp, "TIP_NOT_ACCEPTED", "$.amounts.tip", msg);
		return false;
	}
	return true;
}

static bool check_open_and_nonempty(const sbx_request *req, sbx_response *resp, const sbx_world *w,
				    const sbx_order_ctx *ctx)
{
	if (!sbx_store_is_accepting(w, ctx->store, world_now(w))) {
		resp_problem(resp, req, 400, "STORE_CLOSED",
			     _("%s is not accepting orders right now."), ctx->store->name);
		return false;
	}
	if (ctx->order.cart->n_lines == 0) {
		resp_problem(resp, req, 400, "CART_EMPTY", _("The cart has no items."));
		return false;
	}
	return true;
}

/* Lines, then (when every line prices) the minimum order and the amounts. */
static void check_lines(const sbx_world *w, sbx_order_ctx *ctx)
{
	const cart *c = ctx->order.cart;
	bool clean = true;
	for (size_t i = 0; i < c->n_lines; i++) {
		char path[PATH_LEN];
		snprintf(path, sizeof path, "$.cart.lineItems[%zu]", i);
		clean &= sbx_check_line(ctx->catalog, &c->lines[i], path, ctx->store->time_zone,
					world_now(w), ctx->holder);
	}
	money sub_total;
	pricing_error perr;
	if (!clean)
		return;
	if (!pricing_cart_subtotal(ctx->catalog->set, c, &sub_total, &perr)) {
		char path[PATH_LEN];
		snprintf(path, sizeof path, "$.cart.lineItems[%ld]",
			 perr.line_index < 0 ? 0 : perr.line_index);
		sbx_add_error(ctx->holder, "INVALID_REQUEST", perr.message, NULL, path);
		return;
	}
	const sbx_store *s = ctx->store;
	if (s->has_minimum_order && sub_total < s->minimum_order) {
		char msg[MSG_LEN], gap[MONEY_TEXT_MAX], min[MONEY_TEXT_MAX];
		snprintf(msg, sizeof msg, _("Add %s more to reach the %s minimum."),
			 money_format(s->minimum_order - sub_total, gap),
			 money_format(s->minimum_order, min));
		sbx_add_error(ctx->holder, "ORDER_BELOW_MINIMUM", msg, NULL, "$.cart");
	}
	sbx_amounts_compute(s, sub_total, ctx->delivery, ctx->tip, &ctx->amounts);
	ctx->has_amounts = true;
}

/* The saved address of the caller's fulfillment context (§6 Q18), or NULL. */
static const sbx_address *context_address(const sbx_request *req, const sbx_world *w)
{
	const sbx_principal *p = &req->principal;
	const sbx_fulfillment *f =
	    p->partner_user_id ? world_fulfillment(w, p->partner_user_id) : NULL;
	return f && f->address_id ? sbx_user_find_address(p->user, f->address_id) : NULL;
}

static bool request_location(const json_t *address, double out[2])
{
	const json_t *loc = json_object_get(address, "location");
	const json_t *lat = json_object_get(loc, "latitude"),
		     *lon = json_object_get(loc, "longitude");
	if (!json_is_number(lat) || !json_is_number(lon))
		return false;
	out[0] = json_number_value(lat);
	out[1] = json_number_value(lon);
	return out[0] >= -90 && out[0] <= 90 && out[1] >= -180 && out[1] <= 180;
}

/* The five ADDRESS_INVALID field checks; true when all of them pass. */
static bool address_fields_ok(const json_t *address, sbx_order_ctx *ctx)
{
	static const char *const fields[] = {"address1", "city", "postalCode", "state"};
	if (!json_is_object(address)) {
		sbx_add_error(ctx->holder, "ADDRESS_INVALID",
			      _("A delivery order needs deliveryInfo.address."), NULL,
			      "$.deliveryInfo.address");
		return false;
	}
	bool ok = true;
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		if (nonempty_string(address, fields[i]))
			continue;
		char path[PATH_LEN], msg[MSG_LEN];
		snprintf(path, sizeof path, "$.deliveryInfo.address.%s", fields[i]);
		snprintf(msg, sizeof msg, _("The delivery address needs %s."), fields[i]);
		sbx_add_error(ctx->holder, "ADDRESS_INVALID", msg, NULL, path);
		ok = false;
	}
	return ok;
}

/* Geocodes like the rest of the sandbox (sbx_geocode); a `location` the client sent is only
 * a fallback for text the sandbox cannot place. Then the store's delivery radius. */
static void check_range(const sbx_world *w, json_t *address, sbx_order_ctx *ctx)
{
	double pt[2];
	if (!sbx_geocode(w, address, pt) && !request_location(address, pt)) {
		sbx_add_error(ctx->holder, "ADDRESS_INVALID",
			      _("We could not locate this address."), NULL,
			      "$.deliveryInfo.address");
		return;
	}
	json_object_set_new(address, "location",
			    json_pack("{s:f, s:f}", "latitude", pt[0], "longitude", pt[1]));
	const sbx_store *s = ctx->store;
	double miles =
	    s->has_location ? sbx_haversine_miles(s->latitude, s->longitude, pt[0], pt[1]) : 1e9;
	if (miles > s->extra.delivery_radius_miles) {
		char msg[MSG_LEN];
		snprintf(msg, sizeof msg,
			 _("This address is %.1f miles from %s, which delivers within %.1f miles."),
			 miles, s->name, s->extra.delivery_radius_miles);
		sbx_add_error(ctx->holder, "ADDRESS_OUT_OF_RANGE", msg, NULL,
			      "$.deliveryInfo.address");
	}
}

/* deliveryInfo (§3.6): kept as an echo with the geocoded location; delivery needs an address
 * (the body's, else the fulfillment context's saved one). False after a 400 for wrong types. */
static bool check_delivery(const sbx_request *req, sbx_response *resp, const sbx_world *w,
			   sbx_order_ctx *ctx)
{
	json_t *di = json_object_get(req->body, "deliveryInfo");
	if (json_is_null(di))
		di = NULL;
	if (di && !json_is_object(di)) {
		sbx_invalid_at(req, resp, "INVALID_REQUEST", "$.deliveryInfo",
			       _("deliveryInfo must be an object."));
		return false;
	}
	static const char *const strings[] = {"type", "instructions"};
	for (size_t i = 0; di && i < 2; i++) {
		json_t *v = json_object_get(di, strings[i]);
		if (v && !json_is_null(v) && !json_is_string(v)) {
			char path[PATH_LEN];
			snprintf(path, sizeof path, "$.deliveryInfo.%s", strings[i]);
			sbx_invalid_at(req, resp, "INVALID_REQUEST", path, _("Expected a string."));
			return false;
		}
	}
	if (!ctx->delivery)
		return true;
	ctx->delivery_info = di ? json_deep_copy(di) : json_object();
	json_t *address = json_object_get(ctx->delivery_info, "address");
	const sbx_address *saved = NULL;
	if ((!address || json_is_null(address)) && (saved = context_address(req, w))) {
		address = json_deep_copy(saved->address);
		json_object_set_new(ctx->delivery_info, "address", address);
		if (saved->instructions && !json_object_get(ctx->delivery_info, "instructions"))
			jsonx_set_string(ctx->delivery_info, "instructions", saved->instructions);
		ctx->address_id = saved->address_id;
	}
	if (address_fields_ok(address, ctx))
		check_range(w, address, ctx);
	return true;
}

sbx_check_result sbx_order_check(const sbx_request *req, sbx_response *resp, const sbx_world *w,
				 sbx_order_ctx *ctx, bool placing)
{
	ctx->holder = json_pack("{s:[]}", "errors");
	if (!req_require_object(req, resp) || !parse_order(req, resp, ctx) ||
	    !check_customer(req, resp, ctx, placing) || !check_store(req, resp, w, ctx) ||
	    !check_open_and_nonempty(req, resp, w, ctx))
		return SBX_CHECK_ANSWERED;
	check_lines(w, ctx);
	if (!check_delivery(req, resp, w, ctx))
		return SBX_CHECK_ANSWERED;
	return json_array_size(json_object_get(ctx->holder, "errors")) ? SBX_CHECK_LINE_PROBLEMS
								       : SBX_CHECK_OK;
}

/* The ExternalOrder echo shared by validate and place (without the outcome fields). */
json_t *sbx_order_json(const sbx_order_ctx *ctx)
{
	json_t *o = json_object();
	json_object_set_new(o, "cart", cart_to_json(ctx->order.cart));
	json_object_set_new(o, "fulfillmentType", json_string(ctx->order.fulfillment_type));
	if (ctx->delivery_info)
		json_object_set(o, "deliveryInfo", ctx->delivery_info);
	if (ctx->customer)
		json_object_set(o, "customer", ctx->customer);
	json_object_set_new(o, "amounts",
			    ctx->has_amounts ? amounts_to_json(&ctx->amounts) : json_null());
	return o;
}

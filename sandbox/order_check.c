/* The order checks shared by the cart helpers, validate and place (see order_check.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "amounts.h"
#include "handlers.h"
#include "base/i18n.h"
#include "rules/modifier_rules.h"
#include "order_check.h"
#include "rules/pricing.h"
#include "wire/problem.h"

enum { PATH_LEN = 256, MSG_LEN = 512 };

/* ------------------------------------------------------------------ the cart's menu */

const sbx_catalog_entry *sbx_cart_menu(const sbx_request *req, sbx_response *resp,
				       const sbx_world *w, const cart *c,
				       const sbx_store **store_out)
{
	if (!c->catalog_set_id) {
		resp_problem(resp, req, 400, "CATALOGSET_REQUIRED",
			     _("The cart has no catalogSetId."));
		return NULL;
	}
	if (!c->store_id) {
		resp_problem(resp, req, 400, "MISSING_STORE_ID", _("The cart has no storeId."));
		return NULL;
	}
	const sbx_store *st = world_find_store(w, c->store_id);
	if (!st) {
		resp_problem(resp, req, 404, "STORE_NOT_FOUND", _("No store with id %s."),
			     c->store_id);
		return NULL;
	}
	/* Only the store's current set counts: superseded ids 404 (§1.5). */
	const sbx_catalog_entry *entry = world_find_catalog(w, c->catalog_set_id);
	if (!entry || !st->catalog_set_id ||
	    strcasecmp(st->catalog_set_id, c->catalog_set_id) != 0) {
		resp_problem(
		    resp, req, 404, "CATALOGSET_NOT_FOUND",
		    _("CatalogSet %s is not the current menu of %s; fetch the store again."),
		    c->catalog_set_id, st->name);
		return NULL;
	}
	*store_out = st;
	return entry;
}

/* ------------------------------------------------------------------ line checks */

static void add_modifier_problems(const modifier_problems *problems, const char *line_path,
				  json_t *holder)
{
	for (size_t i = 0; i < problems->n; i++) {
		const modifier_problem *p = &problems->v[i];
		char path[PATH_LEN];
		snprintf(path, sizeof path, "%s%s", line_path, p->json_path ? p->json_path : "");
		sbx_add_error(holder, modifier_code_wire(p->code), p->message,
			      p->option_id ? p->option_id : p->item_id, path);
	}
}

bool sbx_check_line(const sbx_catalog_entry *entry, const line_item *line, const char *line_path,
		    const char *time_zone, time_t now, json_t *holder)
{
	const catalog_item *item = catalog_find_item(entry->set, line->item_id);
	char msg[256];
	if (!item || !sbx_item_on_menu(entry->set, line->item_id, NULL, 0)) {
		snprintf(msg, sizeof msg, _("Item %s is not on the menu."), line->item_id);
		sbx_add_error(holder, "ITEM_UNAVAILABLE", msg, line->item_id, line_path);
		return false;
	}
	if (time_zone && !sbx_item_on_menu(entry->set, line->item_id, time_zone, now)) {
		snprintf(msg, sizeof msg, _("%s is not available at this time."), item->name);
		sbx_add_error(holder, "ITEM_UNAVAILABLE", msg, line->item_id, line_path);
		return false;
	}
	modifier_problems problems = {0};
	bool clean = modifier_check_line(entry->set, line, &problems);
	add_modifier_problems(&problems, line_path, holder);
	modifier_problems_clear(&problems);
	return clean;
}

void sbx_respond_line_problems(const sbx_request *req, sbx_response *resp, const sbx_world *w,
			       const json_t *holder)
{
	const json_t *errors = json_object_get(holder, "errors");
	const json_t *first = json_array_get(errors, 0);
	const char *code = json_string_value(json_object_get(first, "code"));
	const char *message = json_string_value(json_object_get(first, "message"));
	if (!code)
		code = "VALIDATION_FAILED";
	const problem_code_info *info = problem_code_lookup(code);
	int status = info ? info->status : 400;
	if (w->config.validation_style == SBX_VALIDATION_422) {
		code = "VALIDATION_FAILED";
		status = 422;
	}
	size_t more = json_array_size(errors) - 1;
	json_t *body;
	if (more > 0)
		body = resp_problem(resp, req, status, code, _("%s (and %zu more problems)"),
				    message ? message : "", more);
	else
		body = resp_problem(resp, req, status, code, "%s", message ? message : "");
	json_object_set(body, "errors", json_object_get(holder, "errors"));
}

/* ------------------------------------------------------------------ the check pipeline */

static bool nonempty_string(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s && *s;
}

void sbx_order_ctx_clear(sbx_order_ctx *ctx)
{
	external_order_clear(&ctx->order);
	json_decref(ctx->delivery_info);
	json_decref(ctx->customer);
	json_decref(ctx->holder);
	amounts_clear(&ctx->amounts);
}

/* validate's body as the client's ExternalOrder; place's order, already parsed, moves in. */
static bool parse_order(const sbx_request *req, sbx_response *resp, sbx_order_ctx *ctx,
			external_order *placing)
{
	json_err err = {0};
	if (placing) {
		ctx->order = *placing;
		memset(placing, 0, sizeof *placing);
	} else if (!req_require_object(req, resp)) {
		return false;
	} else if (!external_order_parse(req->body, "$", &ctx->order, &err)) {
		resp_json_error(resp, req, &err);
		return false;
	}
	enum fulfillment_kind kind = fulfillment_kind_of(ctx->order.fulfillment_type);
	if (kind == FULFILLMENT_KIND_UNKNOWN) {
		char msg[MSG_LEN];
		snprintf(msg, sizeof msg,
			 _("fulfillmentType must be \"%s\" or \"%s\", not \"%s\"."),
			 FULFILLMENT_DELIVERY, FULFILLMENT_PICKUP, ctx->order.fulfillment_type);
		resp_problem_at(resp, req, 400, "INVALID_REQUEST", "$.fulfillmentType", msg);
		return false;
	}
	ctx->delivery = kind == FULFILLMENT_KIND_DELIVERY;
	const amounts *a = ctx->order.amounts;
	ctx->tip = a && a->has_tip ? a->tip : 0;
	if (ctx->tip < 0) {
		resp_problem_at(resp, req, 400, "INVALID_REQUEST", "$.amounts.tip",
				_("The tip cannot be negative."));
		return false;
	}
	return true;
}

/* The session user's profile as the echo's customer, or NULL when it would not be a valid
   ExternalCustomer (a user without a phone): the echo leaves it out rather than send what
   the schema refuses (§3.6). */
static json_t *profile_customer(const sbx_user *u)
{
	external_customer c = {.email = u->email,
			       .first_name = u->first_name,
			       .last_name = u->last_name,
			       .phone = u->phone};
	return external_customer_check(&c, "$.customer", NULL) ? external_customer_to_json(&c)
							       : NULL;
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
		resp_problem_at(resp, req, 400, "INVALID_REQUEST", "$.customer",
				api_key ? _("customer is required when calling with the API key.")
					: _("customer is required without an identified session."));
		return false;
	}
	if (c && api_key && !c->partner_user_id) {
		resp_problem_at(
		    resp, req, 400, "INVALID_REQUEST", "$.customer.partnerUserId",
		    _("customer.partnerUserId is required when calling with the API key."));
		return false;
	}
	json_err err = {0};
	if (c && !external_customer_check(c, "$.customer", &err)) { /* the client's own rule */
		resp_json_error(resp, req, &err);
		return false;
	}
	if (c)
		ctx->customer = external_customer_to_json(c);
	else if (p->user)
		ctx->customer = profile_customer(p->user);
	return true;
}

/* The core's handoff rule (external_order_has_handoff), here before the address: without one
   the fulfillment context supplies it. */
static bool check_handoff(const sbx_request *req, sbx_response *resp, const sbx_order_ctx *ctx)
{
	if (external_order_has_handoff(&ctx->order))
		return true;
	resp_problem_at(resp, req, 400, "INVALID_REQUEST", "$.deliveryInfo.type",
			_("A delivery order needs deliveryInfo.type, e.g. \"HandToCustomer\"."));
	return false;
}

/* Store, catalog set, mode and tip: problems of the whole order. */
static bool check_store(const sbx_request *req, sbx_response *resp, const sbx_world *w,
			sbx_order_ctx *ctx)
{
	ctx->catalog = sbx_cart_menu(req, resp, w, ctx->order.cart, &ctx->store);
	if (!ctx->catalog)
		return false;
	const sbx_store *s = ctx->store;
	char msg[MSG_LEN];
	if (ctx->delivery ? !s->delivery_allowed : !s->pickup_allowed) {
		snprintf(msg, sizeof msg,
			 ctx->delivery ? _("%s does not deliver; choose Pickup.")
				       : _("%s does not offer pickup; choose delivery."),
			 s->name);
		resp_problem_at(resp, req, 400, "INVALID_REQUEST", "$.fulfillmentType", msg);
		return false;
	}
	bool tips = ctx->delivery ? s->accepts_delivery_tips : s->accepts_pickup_tips;
	if (ctx->tip > 0 && !tips) { /* §4.9 */
		snprintf(msg, sizeof msg, _("%s does not accept tips for %s orders."), s->name,
			 ctx->delivery ? _("delivery") : _("pickup"));
		json_t *body = resp_problem(resp, req, 400, "INVALID_REQUEST", "%s", msg);
		sbx_add_error(body, "TIP_NOT_ACCEPTED", msg, NULL, "$.amounts.tip");
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
	/* A view of the echo's text; the sent location is not the geocoder's business. */
	external_address text = {
	    .address1 = (char *)json_string_value(json_object_get(address, "address1")),
	    .city = (char *)json_string_value(json_object_get(address, "city")),
	    .postal_code = (char *)json_string_value(json_object_get(address, "postalCode")),
	    .state = (char *)json_string_value(json_object_get(address, "state"))};
	if (!sbx_geocode(w, &text, pt) && !request_location(address, pt)) {
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

/* deliveryInfo (§3.6; its types are parse_order's): kept as an echo with the geocoded location;
 * delivery needs an address (the body's, else the fulfillment context's saved one). */
static void check_delivery(const sbx_request *req, const sbx_world *w, sbx_order_ctx *ctx)
{
	if (!ctx->delivery)
		return;
	json_t *di = json_object_get(req->body, "deliveryInfo");
	ctx->delivery_info = json_is_object(di) ? json_deep_copy(di) : json_object();
	json_t *address = json_object_get(ctx->delivery_info, "address");
	const sbx_address *saved = NULL;
	if ((!address || json_is_null(address)) && (saved = context_address(req, w))) {
		address = external_address_to_json(&saved->address);
		json_object_set_new(ctx->delivery_info, "address", address);
		if (saved->instructions && !json_object_get(ctx->delivery_info, "instructions"))
			jsonx_set_string(ctx->delivery_info, "instructions", saved->instructions);
		ctx->address_id = saved->address_id;
	}
	if (address_fields_ok(address, ctx))
		check_range(w, address, ctx);
}

sbx_check_result sbx_order_check(const sbx_request *req, sbx_response *resp, const sbx_world *w,
				 sbx_order_ctx *ctx, external_order *placing)
{
	ctx->holder = json_pack("{s:[]}", "errors");
	if (!parse_order(req, resp, ctx, placing) || !check_handoff(req, resp, ctx) ||
	    !check_customer(req, resp, ctx, placing != NULL) || !check_store(req, resp, w, ctx) ||
	    !check_open_and_nonempty(req, resp, w, ctx))
		return SBX_CHECK_ANSWERED;
	check_lines(w, ctx);
	check_delivery(req, w, ctx);
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

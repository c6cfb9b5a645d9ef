/*
 * Cart helpers (contract §2.8, §6 Q6, Q10, Q15): stateless (cart, op) -> cart.
 *
 *   POST /v1/marketplace/carts/add    (alias /carts/items)  {item, cart?, catalogSetId?, storeId?}
 *   POST /v1/marketplace/carts/remove {cart, lineItemId}
 *   POST /v1/marketplace/carts/update {cart, lineItemId, quantity}   quantity 0 removes
 *
 * Add checks the new line against the store's current CatalogSet (the item is on the menu,
 * modifier rules hold) but not against opening hours: validate does that. Remove and update
 * are pure list operations, so a cart holding stale lines can always be trimmed. The reply
 * is the schema Cart only (no totals, §6 Q15), selections always under `items`. The bodies are
 * read by the models of wire/cart.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "base/i18n.h"
#include "order_check.h"

/* ------------------------------------------------------------------ lines */

/* Index of the line the body names, or -1 after answering 400. */
static long find_target_line(const sbx_request *req, sbx_response *resp, const cart_line_request *r)
{
	long index = cart_find_line(r->cart, r->line_item_id);
	if (index < 0) {
		char msg[256];
		snprintf(msg, sizeof msg, _("The cart has no line with lineItemId %s."),
			 r->line_item_id);
		resp_problem_at(resp, req, 400, "INVALID_REQUEST", "$.lineItemId", msg);
	}
	return index;
}

/* ------------------------------------------------------------------ add */

static void h_cart_add(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	cart_add_item_request *a = REQ_PARSE_BODY(req, resp, cart_add_item_request_from_json);
	if (!a)
		return;
	/* The body's storeId and catalogSetId are for a cart that lacks them. */
	if (!a->cart)
		a->cart = cart_new(NULL, NULL);
	if (!a->cart->catalog_set_id)
		a->cart->catalog_set_id = xstrdup(a->catalog_set_id);
	if (!a->cart->store_id)
		a->cart->store_id = xstrdup(a->store_id);
	const sbx_store *st;
	const sbx_catalog_entry *entry = sbx_cart_menu(req, resp, w, a->cart, &st);
	if (!entry)
		goto out;
	if (a->item.line_item_id && cart_find_line(a->cart, a->item.line_item_id) >= 0) {
		resp_problem_at(resp, req, 400, "INVALID_REQUEST", "$.item.lineItemId",
				_("lineItemId is already used by another line of the cart."));
		goto out;
	}
	json_t *holder = json_object();
	if (!sbx_check_line(entry, &a->item, "$.item", NULL, 0, holder)) {
		sbx_respond_line_problems(req, resp, w, holder);
		json_decref(holder);
		goto out;
	}
	json_decref(holder);
	if (!a->item.line_item_id)
		a->item.line_item_id = sbx_new_id();
	cart_add_line(a->cart, &a->item); /* never merges: every add is its own line */
	resp_json(resp, 200, cart_to_json(a->cart));
out:
	cart_add_item_request_free(a);
}

/* ------------------------------------------------------------------ remove, update */

/* The remove or update body (with_quantity), or NULL after answering 400. */
static cart_line_request *line_request(sbx_request *req, sbx_response *resp, bool with_quantity)
{
	return REQ_PARSE_BODY(req, resp, cart_line_request_from_json, with_quantity);
}

static void h_cart_remove(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	cart_line_request *r = line_request(req, resp, false);
	long index = r ? find_target_line(req, resp, r) : -1;
	if (index >= 0) {
		cart_remove_line(r->cart, (size_t)index);
		resp_json(resp, 200, cart_to_json(r->cart));
	}
	cart_line_request_free(r);
}

static void h_cart_update(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	cart_line_request *r = line_request(req, resp, true);
	long index = -1;
	if (r && r->quantity < 0)
		resp_problem_at(resp, req, 400, "INVALID_REQUEST", "$.quantity",
				_("quantity must be 0 (remove the line) or more."));
	else if (r)
		index = find_target_line(req, resp, r);
	if (index >= 0) {
		if (r->quantity == 0)
			cart_remove_line(r->cart, (size_t)index);
		else
			r->cart->lines[index].quantity = r->quantity;
		resp_json(resp, 200, cart_to_json(r->cart));
	}
	cart_line_request_free(r);
}

void sbx_register_cart_routes(sbx_router *r)
{
	sbx_route(r, ENDPOINT_CART_ADD, h_cart_add, SBX_RATE_WRITE, NULL);
	sbx_route(r, ENDPOINT_CART_ITEMS, h_cart_add, SBX_RATE_WRITE, NULL);
	sbx_route(r, ENDPOINT_CART_REMOVE, h_cart_remove, SBX_RATE_WRITE, NULL);
	sbx_route(r, ENDPOINT_CART_UPDATE, h_cart_update, SBX_RATE_WRITE, NULL);
}

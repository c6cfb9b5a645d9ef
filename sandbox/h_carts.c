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
 * is the schema Cart only (no totals, §6 Q15), selections always under `items`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "base/i18n.h"
#include "order_check.h"

/* ------------------------------------------------------------------ request parsing */

/* cart_from_json roots its error paths at "$"; in these bodies the cart sits at "$.cart". */
static void reroot_cart_error(json_err *err)
{
	char rest[sizeof err->path];
	snprintf(rest, sizeof rest, "%s", err->path + (err->path[0] == '$'));
	snprintf(err->path, sizeof err->path, "$.cart%.*s", (int)(sizeof err->path - 7), rest);
}

/* The body's `cart` (required or optional). *out is NULL only on error or when absent. */
static bool parse_cart_member(const sbx_request *req, sbx_response *resp, bool required, cart **out)
{
	json_err err = {0};
	json_t *value = NULL;
	*out = NULL;
	if (!jsonx_get_object(req->body, "cart", "$", required, &value, &err)) {
		resp_json_error(resp, req, &err);
		return false;
	}
	if (!value)
		return true;
	*out = cart_from_json(value, &err);
	if (!*out) {
		reroot_cart_error(&err);
		resp_json_error(resp, req, &err);
		return false;
	}
	return true;
}

/* Index of the line named by the body's lineItemId, or -1 after answering 400. */
static long find_target_line(const sbx_request *req, sbx_response *resp, const cart *c)
{
	json_err err = {0};
	char *line_item_id = NULL;
	if (!jsonx_get_string(req->body, "lineItemId", "$", true, &line_item_id, &err)) {
		resp_json_error(resp, req, &err);
		return -1;
	}
	long index = cart_find_line(c, line_item_id);
	if (index < 0) {
		char msg[256];
		snprintf(msg, sizeof msg, _("The cart has no line with lineItemId %s."),
			 line_item_id);
		resp_problem_at(resp, req, 400, "INVALID_REQUEST", "$.lineItemId", msg);
	}
	free(line_item_id);
	return index;
}

/* ------------------------------------------------------------------ add */

typedef struct add_args {
	cart *cart;
	line_item item;
	char *store_id, *catalog_set_id; /* body fields, used when the cart lacks them */
} add_args;

static void add_args_clear(add_args *a)
{
	cart_free(a->cart);
	line_item_clear(&a->item);
	free(a->store_id);
	free(a->catalog_set_id);
}

static bool parse_add(const sbx_request *req, sbx_response *resp, add_args *a)
{
	json_err err = {0};
	json_t *item = NULL;
	if (!parse_cart_member(req, resp, false, &a->cart))
		return false;
	if (!jsonx_get_object(req->body, "item", "$", true, &item, &err) ||
	    !line_item_from_json(item, "$.item", &a->item, &err) ||
	    !jsonx_get_string(req->body, "storeId", "$", false, &a->store_id, &err) ||
	    !jsonx_get_string(req->body, "catalogSetId", "$", false, &a->catalog_set_id, &err)) {
		resp_json_error(resp, req, &err);
		return false;
	}
	if (!a->cart)
		a->cart = cart_new(NULL, NULL);
	if (!a->cart->catalog_set_id)
		a->cart->catalog_set_id = xstrdup(a->catalog_set_id);
	if (!a->cart->store_id)
		a->cart->store_id = xstrdup(a->store_id);
	return true;
}

static void h_cart_add(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	add_args a = {0};
	if (!req_require_object(req, resp) || !parse_add(req, resp, &a))
		goto out;
	const sbx_store *st;
	const sbx_catalog_entry *entry = sbx_cart_menu(req, resp, w, a.cart, &st);
	if (!entry)
		goto out;
	if (a.item.line_item_id && cart_find_line(a.cart, a.item.line_item_id) >= 0) {
		resp_problem_at(resp, req, 400, "INVALID_REQUEST", "$.item.lineItemId",
				_("lineItemId is already used by another line of the cart."));
		goto out;
	}
	json_t *holder = json_object();
	if (!sbx_check_line(entry, &a.item, "$.item", NULL, 0, holder)) {
		sbx_respond_line_problems(req, resp, w, holder);
		json_decref(holder);
		goto out;
	}
	json_decref(holder);
	if (!a.item.line_item_id) {
		char id[37];
		sbx_new_guid(id);
		a.item.line_item_id = xstrdup(id);
	}
	cart_add_line(a.cart, &a.item); /* never merges: every add is its own line */
	resp_json(resp, 200, cart_to_json(a.cart));
out:
	add_args_clear(&a);
}

/* ------------------------------------------------------------------ remove, update */

static void h_cart_remove(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	cart *c = NULL;
	if (!req_require_object(req, resp) || !parse_cart_member(req, resp, true, &c))
		goto out;
	long index = find_target_line(req, resp, c);
	if (index < 0)
		goto out;
	cart_remove_line(c, (size_t)index);
	resp_json(resp, 200, cart_to_json(c));
out:
	cart_free(c);
}

static void h_cart_update(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	cart *c = NULL;
	json_err err = {0};
	long long quantity = -1;
	if (!req_require_object(req, resp) || !parse_cart_member(req, resp, true, &c))
		goto out;
	if (!jsonx_get_int(req->body, "quantity", "$", true, &quantity, &err)) {
		resp_json_error(resp, req, &err);
		goto out;
	}
	if (quantity < 0) {
		resp_problem_at(resp, req, 400, "INVALID_REQUEST", "$.quantity",
				_("quantity must be 0 (remove the line) or more."));
		goto out;
	}
	long index = find_target_line(req, resp, c);
	if (index < 0)
		goto out;
	if (quantity == 0)
		cart_remove_line(c, (size_t)index);
	else
		c->lines[index].quantity = quantity;
	resp_json(resp, 200, cart_to_json(c));
out:
	cart_free(c);
}

void sbx_register_cart_routes(sbx_router *r)
{
	sbx_route(r, ENDPOINT_CART_ADD, h_cart_add, SBX_RATE_WRITE, NULL);
	sbx_route(r, ENDPOINT_CART_ITEMS, h_cart_add, SBX_RATE_WRITE, NULL);
	sbx_route(r, ENDPOINT_CART_REMOVE, h_cart_remove, SBX_RATE_WRITE, NULL);
	sbx_route(r, ENDPOINT_CART_UPDATE, h_cart_update, SBX_RATE_WRITE, NULL);
}

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
 *
 * Also home of the per-line checks that validate and place share (amounts.h).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "amounts.h"
#include "i18n.h"
#include "modifier_rules.h"
#include "problem.h"

enum { PATH_MAX_LEN = 512 };

/* ------------------------------------------------------------------ shared line checks */

static bool section_reaches(const catalog_set *set, const char *section_id, const char *item_id,
			    str_list *visited)
{
	if (str_list_contains(visited, section_id))
		return false; /* cycles in the section graph are tolerated, not followed */
	str_list_push(visited, section_id);
	const catalog_section *sec = catalog_find_section(set, section_id);
	if (!sec)
		return false;
	if (str_list_contains(&sec->item_ids, item_id))
		return true;
	for (size_t i = 0; i < sec->section_ids.n; i++)
		if (section_reaches(set, sec->section_ids.v[i], item_id, visited))
			return true;
	return false;
}

/* A menu item is reachable from some catalog, whatever its hours; options alone are not. */
static bool item_on_menu(const catalog_set *set, const char *item_id)
{
	str_list visited = {0};
	bool found = false;
	for (size_t c = 0; c < strmap_count(set->catalogs) && !found; c++) {
		const catalog *cat = strmap_value_at(set->catalogs, c);
		for (size_t s = 0; s < cat->section_ids.n && !found; s++)
			found = section_reaches(set, cat->section_ids.v[s], item_id, &visited);
	}
	str_list_clear(&visited);
	return found;
}

static void add_modifier_problems(const modifier_problems *problems, const char *line_path,
				  json_t *holder)
{
	for (size_t i = 0; i < problems->n; i++) {
		const modifier_problem *p = &problems->v[i];
		char path[PATH_MAX_LEN];
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
	if (!item || !item_on_menu(entry->set, line->item_id)) {
		snprintf(msg, sizeof msg, _("Item %s is not on the menu."), line->item_id);
		sbx_add_error(holder, "ITEM_UNAVAILABLE", msg, line->item_id, line_path);
		return false;
	}
	if (time_zone && !sbx_item_orderable(entry, line->item_id, time_zone, now)) {
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

static void invalid_field(const sbx_request *req, sbx_response *resp, const char *path,
			  const char *message)
{
	json_t *body = resp_problem(resp, req, 400, "INVALID_REQUEST", "%s", message);
	sbx_add_error(body, "INVALID_REQUEST", message, NULL, path);
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
		invalid_field(req, resp, "$.lineItemId", msg);
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

/* The store and its current catalog set for the cart, or NULL after answering. */
static const sbx_catalog_entry *cart_catalog(const sbx_request *req, sbx_response *resp,
					     const sbx_world *w, const cart *c)
{
	if (!c->catalog_set_id) {
		resp_problem(resp, req, 400, "CATALOGSET_REQUIRED",
			     _("A new cart needs a catalogSetId."));
		return NULL;
	}
	if (!c->store_id) {
		resp_problem(resp, req, 400, "MISSING_STORE_ID", _("A new cart needs a storeId."));
		return NULL;
	}
	const sbx_store *st = world_find_store(w, c->store_id);
	if (!st) {
		resp_problem(resp, req, 404, "STORE_NOT_FOUND", _("No store with id %s."),
			     c->store_id);
		return NULL;
	}
	/* Only the store's current set counts: superseded ids 404 (§1.5). */
	sbx_catalog_entry *entry = world_find_catalog(w, c->catalog_set_id);
	if (!entry || !st->catalog_set_id ||
	    strcasecmp(st->catalog_set_id, c->catalog_set_id) != 0) {
		resp_problem(
		    resp, req, 404, "CATALOGSET_NOT_FOUND",
		    _("CatalogSet %s is not the current menu of %s; fetch the store again."),
		    c->catalog_set_id, st->name);
		return NULL;
	}
	return entry;
}

static void h_cart_add(sbx_request *req, sbx_response *resp, sbx_world *w)
{
	add_args a = {0};
	if (!req_require_object(req, resp) || !parse_add(req, resp, &a))
		goto out;
	const sbx_catalog_entry *entry = cart_catalog(req, resp, w, a.cart);
	if (!entry)
		goto out;
	if (a.item.line_item_id && cart_find_line(a.cart, a.item.line_item_id) >= 0) {
		invalid_field(req, resp, "$.item.lineItemId",
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
		invalid_field(req, resp, "$.quantity",
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
	const sbx_auth_rule auth = SBX_AUTH_RULE_KEY_OR_SESSION;
	sbx_route(r, "POST", "/v1/marketplace/carts/add", h_cart_add, auth, SBX_RATE_WRITE, NULL);
	sbx_route(r, "POST", "/v1/marketplace/carts/items", h_cart_add, auth, SBX_RATE_WRITE, NULL);
	sbx_route(r, "POST", "/v1/marketplace/carts/remove", h_cart_remove, auth, SBX_RATE_WRITE,
		  NULL);
	sbx_route(r, "POST", "/v1/marketplace/carts/update", h_cart_update, auth, SBX_RATE_WRITE,
		  NULL);
}

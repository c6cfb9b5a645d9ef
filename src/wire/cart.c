/*
 * Cart, LineItem and CartModifierGroup (contract §3.5, §6 Q10).
 *
 * Input accepts the selection array as `items`, `lineItems` or the legacy
 * `selectedModifiers` (first present wins); output always writes `items` and
 * always writes `modifierGroups`, possibly empty, since the contract requires it.
 */
#include <stdlib.h>
#include <string.h>

#include "wire/cart.h"
#include "base/collections.h"
#include "base/i18n.h"

enum { JPATH = 512 };

static const char *const selection_keys[] = {"items", "lineItems", "selectedModifiers"};

/* The plain members of a line (its groups are read and written by hand after them) and of a
   cart (its lines after them). */
static const jsonx_member line_members[] = {
    JSONX_MEMBER("lineItemId", STRING, OPTIONAL, line_item, line_item_id),
    JSONX_MEMBER("itemId", STRING, REQUIRED, line_item, item_id),
    JSONX_MEMBER("quantity", INT, REQUIRED, line_item, quantity),
};
static const jsonx_member cart_members[] = {
    JSONX_MEMBER("storeId", STRING, OPTIONAL, cart, store_id),
    JSONX_MEMBER("catalogSetId", STRING, OPTIONAL, cart, catalog_set_id),
};

/* ---------------------------------------------------------------- clearing and copying */

static void group_clear(cart_modifier_group *g)
{
	free(g->modifier_group_id);
	JSONX_FREE_ARRAY(g->items, g->n_items, line_item_clear);
	memset(g, 0, sizeof *g);
}

void line_item_clear(line_item *line)
{
	if (!line)
		return;
	jsonx_free_members(JSONX_ROWS(line_members), line);
	JSONX_FREE_ARRAY(line->groups, line->n_groups, group_clear);
	memset(line, 0, sizeof *line);
}

static void group_copy(cart_modifier_group *dst, const cart_modifier_group *src)
{
	dst->modifier_group_id = xstrdup(src->modifier_group_id);
	dst->n_items = src->n_items;
	dst->items = src->n_items ? xcalloc(src->n_items, sizeof *dst->items) : NULL;
	for (size_t i = 0; i < src->n_items; i++)
		line_item_copy(&dst->items[i], &src->items[i]);
}

void line_item_copy(line_item *dst, const line_item *src)
{
	memset(dst, 0, sizeof *dst);
	jsonx_copy_members(JSONX_ROWS(line_members), dst, src);
	dst->n_groups = src->n_groups;
	dst->groups = src->n_groups ? xcalloc(src->n_groups, sizeof *dst->groups) : NULL;
	for (size_t i = 0; i < src->n_groups; i++)
		group_copy(&dst->groups[i], &src->groups[i]);
}

/* ---------------------------------------------------------------- equality */

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Selection order matters: tiers price selections by their position. */
static bool group_equal(const cart_modifier_group *a, const cart_modifier_group *b)
{
	if (a->n_items != b->n_items)
		return false;
	for (size_t i = 0; i < a->n_items; i++)
		if (!line_item_equal(&a->items[i], &b->items[i]))
			return false;
	return true;
}

static size_t count_nonempty_groups(const line_item *line)
{
	size_t n = 0;
	for (size_t i = 0; i < line->n_groups; i++)
		n += line->groups[i].n_items > 0;
	return n;
}

/* Every non-empty group of a has an equal counterpart (first with that id) in b. */
static bool groups_covered(const line_item *a, const line_item *b)
{
	for (size_t i = 0; i < a->n_groups; i++) {
		const cart_modifier_group *ga = &a->groups[i];
		if (ga->n_items == 0)
			continue;
		const cart_modifier_group *gb = line_item_find_group(b, ga->modifier_group_id);
		if (!gb || !group_equal(ga, gb))
			return false;
	}
	return true;
}

bool line_item_equal(const line_item *a, const line_item *b)
{
	if (!str_eq(a->item_id, b->item_id) || a->quantity != b->quantity)
		return false;
	return count_nonempty_groups(a) == count_nonempty_groups(b) && groups_covered(a, b) &&
	       groups_covered(b, a);
}

/* ---------------------------------------------------------------- groups */

cart_modifier_group *line_item_find_group(const line_item *line, const char *group_id)
{
	if (!line || !group_id)
		return NULL;
	for (size_t i = 0; i < line->n_groups; i++)
		if (str_eq(line->groups[i].modifier_group_id, group_id))
			return &line->groups[i];
	return NULL;
}

cart_modifier_group *line_item_ensure_group(line_item *line, const char *group_id)
{
	cart_modifier_group *g = line_item_find_group(line, group_id);
	if (g)
		return g;
	line->groups = xrealloc(line->groups, (line->n_groups + 1) * sizeof *line->groups);
	g = &line->groups[line->n_groups++];
	memset(g, 0, sizeof *g);
	g->modifier_group_id = xstrdup(group_id);
	return g;
}

/* ---------------------------------------------------------------- parsing */

/* First present, non-null spelling of the selection array; *key names it for error paths. */
static bool find_selection_array(const json_t *obj, const char *path, json_t **arr,
				 const char **key, json_err *err)
{
	*arr = NULL;
	for (size_t i = 0; i < sizeof selection_keys / sizeof *selection_keys; i++) {
		if (!jsonx_get_array(obj, selection_keys[i], path, false, arr, err))
			return false;
		if (*arr) {
			*key = selection_keys[i];
			return true;
		}
	}
	return true;
}

static bool group_from_json(const json_t *value, const char *path, cart_modifier_group *g,
			    json_err *err)
{
	json_t *arr;
	const char *key = NULL;
	if (!jsonx_expect_object(value, path, err) ||
	    !jsonx_get_string(value, "modifierGroupId", path, true, &g->modifier_group_id, err) ||
	    !find_selection_array(value, path, &arr, &key, err))
		return false;
	if (!arr)
		return true;
	char arr_path[JPATH];
	jsonx_path_key(arr_path, sizeof arr_path, path, key);
	return JSONX_PARSE_ARRAY(arr, arr_path, &g->items, &g->n_items, line_item_from_json, err);
}

static bool groups_from_json(const json_t *obj, const char *path, line_item *line, json_err *err)
{
	json_t *arr = NULL;
	if (!jsonx_get_array(obj, "modifierGroups", path, false, &arr, err))
		return false;
	if (!arr)
		return true;
	char arr_path[JPATH];
	jsonx_path_key(arr_path, sizeof arr_path, path, "modifierGroups");
	size_t n = json_array_size(arr);
	line->groups = n ? xcalloc(n, sizeof *line->groups) : NULL;
	for (size_t i = 0; i < n; i++) {
		char group_path[JPATH];
		jsonx_path_index(group_path, sizeof group_path, arr_path, i);
		line->n_groups++; /* counted first so a half-parsed group is still freed */
		if (!group_from_json(json_array_get(arr, i), group_path, &line->groups[i], err))
			return false;
	}
	return true;
}

bool line_item_from_json(const json_t *value, const char *path, line_item *out, json_err *err)
{
	line_item line = {0};
	bool ok = jsonx_expect_object(value, path, err) &&
		  jsonx_read_members(value, path, JSONX_ROWS(line_members), &line, err);
	if (ok && line.quantity < 1)
		ok = jsonx_fail_key(err, path, "quantity", _("must be at least 1, got %lld"),
				    line.quantity);
	ok = ok && groups_from_json(value, path, &line, err);
	if (!ok) {
		line_item_clear(&line);
		memset(out, 0, sizeof *out);
		return false;
	}
	*out = line;
	return true;
}

cart *cart_parse(const json_t *value, const char *path, json_err *err)
{
	if (!jsonx_expect_object(value, path, err))
		return NULL;
	cart *c = cart_new(NULL, NULL);
	json_t *arr = NULL;
	char lines_path[256];
	jsonx_path_key(lines_path, sizeof lines_path, path, "lineItems");
	if (!jsonx_read_members(value, path, JSONX_ROWS(cart_members), c, err) ||
	    !jsonx_get_array(value, "lineItems", path, false, &arr, err) ||
	    !JSONX_PARSE_ARRAY(arr, lines_path, &c->lines, &c->n_lines, line_item_from_json, err)) {
		cart_free(c);
		return NULL;
	}
	return c;
}

cart *cart_from_json(const json_t *value, json_err *err)
{
	return cart_parse(value, "$", err);
}

/* ---------------------------------------------------------------- serialisation */

json_t *line_item_to_json(const line_item *line)
{
	json_t *o = json_object();
	jsonx_write_members(o, JSONX_ROWS(line_members), line);
	json_t *groups = json_array();
	for (size_t i = 0; i < line->n_groups; i++) {
		const cart_modifier_group *g = &line->groups[i];
		json_t *items = JSONX_ARRAY_TO_JSON(g->items, g->n_items, line_item_to_json);
		json_t *go = json_object();
		jsonx_set_string(go, "modifierGroupId", g->modifier_group_id);
		json_object_set_new(go, "items", items);
		json_array_append_new(groups, go);
	}
	json_object_set_new(o, "modifierGroups", groups);
	return o;
}

json_t *cart_to_json(const cart *c)
{
	json_t *o = json_object();
	jsonx_write_members(o, JSONX_ROWS(cart_members), c);
	json_t *lines = JSONX_ARRAY_TO_JSON(c->lines, c->n_lines, line_item_to_json);
	json_object_set_new(o, "lineItems", lines);
	return o;
}

/* ---------------------------------------------------------------- cart lines */

cart *cart_new(const char *store_id, const char *catalog_set_id)
{
	cart *c = xcalloc(1, sizeof *c);
	c->store_id = xstrdup(store_id);
	c->catalog_set_id = xstrdup(catalog_set_id);
	return c;
}

cart *cart_copy(const cart *c)
{
	if (!c)
		return NULL;
	cart *copy = cart_new(c->store_id, c->catalog_set_id);
	if (c->n_lines)
		copy->lines = xcalloc(c->n_lines, sizeof *copy->lines);
	for (size_t i = 0; i < c->n_lines; i++)
		line_item_copy(&copy->lines[i], &c->lines[i]);
	copy->n_lines = c->n_lines;
	return copy;
}

void cart_free(cart *c)
{
	if (!c)
		return;
	jsonx_free_members(JSONX_ROWS(cart_members), c);
	JSONX_FREE_ARRAY(c->lines, c->n_lines, line_item_clear);
	free(c);
}

size_t cart_add_line(cart *c, line_item *line)
{
	c->lines = xrealloc(c->lines, (c->n_lines + 1) * sizeof *c->lines);
	c->lines[c->n_lines] = *line;
	memset(line, 0, sizeof *line);
	return c->n_lines++;
}

void cart_remove_line(cart *c, size_t index)
{
	if (!c || index >= c->n_lines)
		return;
	line_item_clear(&c->lines[index]);
	memmove(&c->lines[index], &c->lines[index + 1],
		(c->n_lines - index - 1) * sizeof *c->lines);
	c->n_lines--;
}

long cart_find_line(const cart *c, const char *line_item_id)
{
	if (!c || !line_item_id)
		return -1;
	for (size_t i = 0; i < c->n_lines; i++)
		if (str_eq(c->lines[i].line_item_id, line_item_id))
			return (long)i;
	return -1;
}

/* ------------------------------------------------------------------ the cart helpers' bodies */

/* The body's `cart` member, parsed in place: *out stays NULL when it is absent or null. */
static bool get_cart(const json_t *value, bool required, cart **out, json_err *err)
{
	json_t *c = NULL;
	if (!jsonx_get_object(value, "cart", "$", required, &c, err))
		return false;
	if (c)
		*out = cart_parse(c, "$.cart", err);
	return !c || *out;
}

void cart_add_item_request_free(cart_add_item_request *r)
{
	if (!r)
		return;
	line_item_clear(&r->item);
	cart_free(r->cart);
	free(r->catalog_set_id);
	free(r->store_id);
	free(r);
}

cart_add_item_request *cart_add_item_request_from_json(const json_t *value, json_err *err)
{
	cart_add_item_request *r = xcalloc(1, sizeof *r);
	json_t *item = NULL;
	bool ok = jsonx_expect_object(value, "$", err) && get_cart(value, false, &r->cart, err) &&
		  jsonx_get_object(value, "item", "$", true, &item, err) &&
		  line_item_from_json(item, "$.item", &r->item, err) &&
		  jsonx_get_string(value, "storeId", "$", false, &r->store_id, err) &&
		  jsonx_get_string(value, "catalogSetId", "$", false, &r->catalog_set_id, err);
	if (!ok) {
		cart_add_item_request_free(r);
		return NULL;
	}
	return r;
}

json_t *cart_add_item_request_to_json(const cart_add_item_request *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "item", line_item_to_json(&r->item));
	if (r->cart)
		json_object_set_new(o, "cart", cart_to_json(r->cart));
	jsonx_set_string(o, "catalogSetId", r->catalog_set_id);
	jsonx_set_string(o, "storeId", r->store_id);
	return o;
}

void cart_line_request_free(cart_line_request *r)
{
	if (!r)
		return;
	cart_free(r->cart);
	free(r->line_item_id);
	free(r);
}

cart_line_request *cart_line_request_from_json(const json_t *value, bool with_quantity,
					       json_err *err)
{
	cart_line_request *r = xcalloc(1, sizeof *r);
	bool ok =
	    jsonx_expect_object(value, "$", err) && get_cart(value, true, &r->cart, err) &&
	    jsonx_get_string(value, "lineItemId", "$", true, &r->line_item_id, err) &&
	    (!with_quantity || jsonx_get_int(value, "quantity", "$", true, &r->quantity, err));
	if (!ok) {
		cart_line_request_free(r);
		return NULL;
	}
	r->has_quantity = with_quantity;
	return r;
}

json_t *cart_line_request_to_json(const cart_line_request *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "cart", cart_to_json(r->cart));
	jsonx_set_string(o, "lineItemId", r->line_item_id);
	if (r->has_quantity)
		json_object_set_new(o, "quantity", json_integer(r->quantity));
	return o;
}

/*
 * Cart, LineItem and CartModifierGroup (contract §3.5). The cart is owned by the
 * client. A line's selections nest: each CartModifierGroup holds option lines,
 * which are LineItems themselves and may carry their own groups.
 *
 * On the wire the selection array is `items`; `lineItems` and the legacy
 * `selectedModifiers` are accepted on input (contract §6 Q10).
 */
#ifndef GETT_CART_H
#define GETT_CART_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "base/jsonx.h"

typedef struct line_item line_item;

typedef struct cart_modifier_group {
	char *modifier_group_id;
	line_item *items; /* selected options, in wire order (tier order) */
	size_t n_items;
} cart_modifier_group;

struct line_item {
	char *line_item_id; /* may be NULL */
	char *item_id;
	long long quantity; /* >= 1 */
	cart_modifier_group *groups;
	size_t n_groups;
};

typedef struct cart {
	char *store_id;
	char *catalog_set_id;
	line_item *lines;
	size_t n_lines;
} cart;

/* `path` names `value` in errors ("$.lineItems[1]"). *out is overwritten (zeroed on failure). */
bool line_item_from_json(const json_t *value, const char *path, line_item *out, json_err *err);
json_t *line_item_to_json(const line_item *line);
void line_item_clear(line_item *line);
/* Deep copy; dst is overwritten, not freed first. */
void line_item_copy(line_item *dst, const line_item *src);
/* Same configuration: ignores line_item_id, the order of groups and empty groups; the order of
 * selections inside a group matters (tiers price by position). */
bool line_item_equal(const line_item *a, const line_item *b);

/* Finds the selection group for group_id, or NULL. */
cart_modifier_group *line_item_find_group(const line_item *line, const char *group_id);
/* Finds or appends an empty selection group. */
cart_modifier_group *line_item_ensure_group(line_item *line, const char *group_id);

/* Returns a heap cart or NULL on error. */
cart *cart_from_json(const json_t *value, json_err *err);
/* The same, with errors under `path`: the cart's place in a larger body ("$.cart"). */
cart *cart_parse(const json_t *value, const char *path, json_err *err);
json_t *cart_to_json(const cart *c);
cart *cart_new(const char *store_id, const char *catalog_set_id);
/* Deep copy, lines as they are (even one cart_from_json would refuse); NULL for NULL. */
cart *cart_copy(const cart *c);
void cart_free(cart *c);
/* Takes ownership of *line's contents (leaves *line zeroed). Returns the new line's index. */
size_t cart_add_line(cart *c, line_item *line);
void cart_remove_line(cart *c, size_t index);
/* Index of the line with this lineItemId, or -1. */
long cart_find_line(const cart *c, const char *line_item_id);

/* ------------------------------------------------------------------ the cart helpers' bodies */

/* AddCartItemRequest (docs/openapi.yaml, POST /carts/add): the line to add, and the cart it goes
   into, or the store and catalog set of a new one. */
typedef struct cart_add_item_request {
	line_item item;
	cart *cart;	      /* NULL when absent or null */
	char *catalog_set_id; /* may be NULL */
	char *store_id;	      /* may be NULL */
} cart_add_item_request;

cart_add_item_request *cart_add_item_request_from_json(const json_t *value, json_err *err);
json_t *cart_add_item_request_to_json(const cart_add_item_request *r);
void cart_add_item_request_free(cart_add_item_request *r);

/* RemoveCartItemRequest and UpdateCartItemRequest (POST /carts/remove, /carts/update): a cart
   and the lineItemId of one of its lines, and for update the new quantity. */
typedef struct cart_line_request {
	cart *cart;
	char *line_item_id;
	long long quantity; /* update only; 0 removes the line */
	bool has_quantity;
} cart_line_request;

/* with_quantity: the update body, whose quantity is required. */
cart_line_request *cart_line_request_from_json(const json_t *value, bool with_quantity,
					       json_err *err);
json_t *cart_line_request_to_json(const cart_line_request *r);
void cart_line_request_free(cart_line_request *r);

#endif

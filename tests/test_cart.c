/* Unit tests for src/wire/cart.c: nested selections, input spellings, errors, line helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/cart.h"
#include "cart_fixtures.h"
#include "json_mutate.h"

JM_PARSE_FN(try_cart, cart, cart_from_json, cart_free)

static cart *parse_cart_text(const char *text, json_err *err)
{
	json_t *root = jm_load(text);
	cart *c = cart_from_json(root, err);
	json_decref(root);
	return c;
}

static bool parse_line_text(const char *text, line_item *out, json_err *err)
{
	json_t *root = jm_load(text);
	bool ok = line_item_from_json(root, "$.item", out, err);
	json_decref(root);
	return ok;
}

static char *dump_line(const line_item *line)
{
	return jm_dump(line_item_to_json(line));
}

/* ---------------------------------------------------------------- parsing */

static void test_nested_three_levels_parse(void **state)
{
	(void)state;
	json_err err = {{0}, {0}};
	cart *c = parse_cart_text(nested_cart_json, &err);
	assert_non_null(c);
	assert_string_equal(c->store_id, "store-1");
	assert_string_equal(c->catalog_set_id, "cs-1");
	assert_int_equal(c->n_lines, 2);

	const line_item *pizza = &c->lines[0];
	assert_string_equal(pizza->line_item_id, "L1");
	assert_string_equal(pizza->item_id, "pizza");
	assert_int_equal(pizza->quantity, 2);
	assert_int_equal(pizza->n_groups, 2);

	const cart_modifier_group *toppings = line_item_find_group(pizza, "toppings");
	assert_non_null(toppings);
	assert_int_equal(toppings->n_items, 2);
	assert_string_equal(toppings->items[0].item_id, "pepperoni");
	assert_int_equal(toppings->items[0].quantity, 2);
	assert_string_equal(toppings->items[1].item_id, "olives");
	assert_int_equal(toppings->items[1].n_groups, 0);

	const cart_modifier_group *cook = line_item_find_group(&toppings->items[0], "cook");
	assert_non_null(cook);
	const line_item *crispy = &cook->items[0];
	assert_string_equal(crispy->item_id, "crispy");
	const cart_modifier_group *finish = line_item_find_group(crispy, "finish");
	assert_non_null(finish);
	assert_string_equal(finish->items[0].item_id, "oil");
	assert_int_equal(finish->items[0].quantity, 3);

	const line_item *soda = &c->lines[1];
	assert_null(soda->line_item_id);
	assert_int_equal(soda->n_groups, 0);
	assert_null(line_item_find_group(soda, "size"));
	cart_free(c);
}

static void test_cart_round_trip(void **state)
{
	(void)state;
	json_err err = {{0}, {0}};
	cart *first = parse_cart_text(nested_cart_json, &err);
	json_t *out = cart_to_json(first);
	char *text = jsonx_dumps(out);
	assert_null(strstr(text, "unknown"));
	cart *second = cart_from_json(out, &err);
	assert_non_null(second);
	assert_int_equal(second->n_lines, first->n_lines);
	for (size_t i = 0; i < first->n_lines; i++) {
		assert_true(line_item_equal(&first->lines[i], &second->lines[i]));
		/* Line ids survive even though equality ignores them. */
		if (first->lines[i].line_item_id)
			assert_string_equal(first->lines[i].line_item_id,
					    second->lines[i].line_item_id);
		else
			assert_null(second->lines[i].line_item_id);
	}
	json_t *out2 = cart_to_json(second);
	assert_true(json_equal(out, out2));
	json_decref(out);
	json_decref(out2);
	free(text);
	cart_free(first);
	cart_free(second);
}

static void test_output_always_has_items_and_modifier_groups(void **state)
{
	(void)state;
	line_item line;
	json_err err = {{0}, {0}};
	assert_true(parse_line_text("{\"itemId\": \"soda\", \"quantity\": 1}", &line, &err));
	char *text = dump_line(&line);
	assert_non_null(strstr(text, "\"modifierGroups\":[]"));
	assert_null(strstr(text, "lineItemId"));
	free(text);

	cart_modifier_group *g = line_item_ensure_group(&line, "ice");
	assert_int_equal(g->n_items, 0);
	text = dump_line(&line);
	assert_non_null(strstr(text, "{\"modifierGroupId\":\"ice\",\"items\":[]}"));
	free(text);
	line_item_clear(&line);
}

static void test_selection_array_spellings(void **state)
{
	(void)state;
	static const char *const spellings[] = {"items", "lineItems", "selectedModifiers"};
	line_item parsed[3];
	for (size_t i = 0; i < 3; i++) {
		char text[512];
		snprintf(text, sizeof text,
			 "{\"itemId\": \"pizza\", \"quantity\": 1, \"modifierGroups\": ["
			 "{\"modifierGroupId\": \"toppings\", \"%s\": ["
			 "{\"itemId\": \"pepperoni\", \"quantity\": 2}, {\"itemId\": \"olives\", "
			 "\"quantity\": 1}]}]}",
			 spellings[i]);
		json_err err = {{0}, {0}};
		assert_true(parse_line_text(text, &parsed[i], &err));
		const cart_modifier_group *g = line_item_find_group(&parsed[i], "toppings");
		assert_non_null(g);
		assert_int_equal(g->n_items, 2);
		assert_string_equal(g->items[0].item_id, "pepperoni");
		assert_int_equal(g->items[0].quantity, 2);

		/* Whatever came in, `items` goes out. */
		char *out = dump_line(&parsed[i]);
		assert_non_null(strstr(out, "\"items\":[{"));
		assert_null(strstr(out, "selectedModifiers"));
		assert_null(strstr(out, "lineItems"));
		free(out);
	}
	assert_true(line_item_equal(&parsed[0], &parsed[1]));
	assert_true(line_item_equal(&parsed[0], &parsed[2]));
	for (size_t i = 0; i < 3; i++)
		line_item_clear(&parsed[i]);
}

static void test_items_spelling_takes_precedence(void **state)
{
	(void)state;
	line_item line;
	json_err err = {{0}, {0}};
	assert_true(parse_line_text("{\"itemId\": \"p\", \"quantity\": 1, \"modifierGroups\": ["
				    "{\"modifierGroupId\": \"g\", \"selectedModifiers\": "
				    "[{\"itemId\": \"legacy\", \"quantity\": 1}],"
				    " \"items\": [{\"itemId\": \"current\", \"quantity\": 1}]}]}",
				    &line, &err));
	assert_string_equal(line.groups[0].items[0].item_id, "current");
	line_item_clear(&line);

	/* A null `items` falls through to the next spelling. */
	assert_true(parse_line_text("{\"itemId\": \"p\", \"quantity\": 1, \"modifierGroups\": ["
				    "{\"modifierGroupId\": \"g\", \"items\": null,"
				    " \"lineItems\": [{\"itemId\": \"alt\", \"quantity\": 1}]}]}",
				    &line, &err));
	assert_string_equal(line.groups[0].items[0].item_id, "alt");
	line_item_clear(&line);
}

static void test_group_without_selection_array_is_empty(void **state)
{
	(void)state;
	line_item line;
	json_err err = {{0}, {0}};
	assert_true(parse_line_text("{\"itemId\": \"p\", \"quantity\": 1, \"modifierGroups\": ["
				    "{\"modifierGroupId\": \"g\"}]}",
				    &line, &err));
	assert_int_equal(line.n_groups, 1);
	assert_int_equal(line.groups[0].n_items, 0);
	line_item_clear(&line);
}

/* ---------------------------------------------------------------- errors */

struct bad_cart {
	const char *json;
	const char *path;
};

static void test_bad_carts_report_paths(void **state)
{
	(void)state;
	static const struct bad_cart cases[] = {
	    {"[]", "$"},
	    {"{\"storeId\": 1}", "$.storeId"},
	    {"{\"catalogSetId\": []}", "$.catalogSetId"},
	    {"{\"lineItems\": {}}", "$.lineItems"},
	    {"{\"lineItems\": [{\"itemId\": \"a\", \"quantity\": 1}, 5]}", "$.lineItems[1]"},
	    {"{\"lineItems\": [{\"itemId\": \"a\", \"quantity\": 1},"
	     " {\"itemId\": \"b\", \"quantity\": 0}]}",
	     "$.lineItems[1].quantity"},
	    {"{\"lineItems\": [{\"itemId\": \"a\", \"quantity\": 1},"
	     " {\"itemId\": \"b\", \"quantity\": -2}]}",
	     "$.lineItems[1].quantity"},
	    {"{\"lineItems\": [{\"itemId\": \"a\", \"quantity\": 1},"
	     " {\"itemId\": \"b\", \"quantity\": 1.5}]}",
	     "$.lineItems[1].quantity"},
	    {"{\"lineItems\": [{\"itemId\": \"a\", \"quantity\": \"2\"}]}",
	     "$.lineItems[0].quantity"},
	    {"{\"lineItems\": [{\"itemId\": \"a\"}]}", "$.lineItems[0].quantity"},
	    {"{\"lineItems\": [{\"itemId\": \"a\", \"quantity\": null}]}",
	     "$.lineItems[0].quantity"},
	    {"{\"lineItems\": [{\"quantity\": 1}]}", "$.lineItems[0].itemId"},
	    {"{\"lineItems\": [{\"itemId\": 7, \"quantity\": 1}]}", "$.lineItems[0].itemId"},
	    {"{\"lineItems\": [{\"itemId\": \"a\", \"quantity\": 1, \"lineItemId\": 3}]}",
	     "$.lineItems[0].lineItemId"},
	    {"{\"lineItems\": [{\"itemId\": \"a\", \"quantity\": 1, \"modifierGroups\": {}}]}",
	     "$.lineItems[0].modifierGroups"},
	    {"{\"lineItems\": [{\"itemId\": \"a\", \"quantity\": 1, \"modifierGroups\": [1]}]}",
	     "$.lineItems[0].modifierGroups[0]"},
	    {"{\"lineItems\": [{\"itemId\": \"a\", \"quantity\": 1, \"modifierGroups\":"
	     " [{\"items\": []}]}]}",
	     "$.lineItems[0].modifierGroups[0].modifierGroupId"},
	    {"{\"lineItems\": [{\"itemId\": \"a\", \"quantity\": 1, \"modifierGroups\":"
	     " [{\"modifierGroupId\": 4}]}]}",
	     "$.lineItems[0].modifierGroups[0].modifierGroupId"},
	    {"{\"lineItems\": [{\"itemId\": \"a\", \"quantity\": 1, \"modifierGroups\":"
	     " [{\"modifierGroupId\": \"g\", \"items\": {}}]}]}",
	     "$.lineItems[0].modifierGroups[0].items"},
	    {"{\"lineItems\": [{\"itemId\": \"a\", \"quantity\": 1, \"modifierGroups\":"
	     " [{\"modifierGroupId\": \"g\", \"lineItems\": \"x\"}]}]}",
	     "$.lineItems[0].modifierGroups[0].lineItems"},
	    {"{\"lineItems\": [{\"itemId\": \"a\", \"quantity\": 1, \"modifierGroups\":"
	     " [{\"modifierGroupId\": \"g\", \"items\": [{\"itemId\": \"o\", \"quantity\": 1},"
	     " {\"itemId\": \"o\", \"quantity\": 0}]}]}]}",
	     "$.lineItems[0].modifierGroups[0].items[1].quantity"},
	    {"{\"lineItems\": [{\"itemId\": \"a\", \"quantity\": 1, \"modifierGroups\":"
	     " [{\"modifierGroupId\": \"g\", \"selectedModifiers\": [{\"itemId\": \"o\"}]}]}]}",
	     "$.lineItems[0].modifierGroups[0].selectedModifiers[0].quantity"},
	    {"{\"lineItems\": [{\"itemId\": \"a\", \"quantity\": 1, \"modifierGroups\":"
	     " [{\"modifierGroupId\": \"g\", \"items\": [{\"itemId\": \"o\", \"quantity\": 1,"
	     " \"modifierGroups\": [{\"modifierGroupId\": \"h\", \"items\": [{\"itemId\": 9,"
	     " \"quantity\": 1}]}]}]}]}]}",
	     "$.lineItems[0].modifierGroups[0].items[0].modifierGroups[0].items[0].itemId"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_t *doc = jm_load(cases[i].json);
		jm_expect_rejected(doc, cases[i].json, cases[i].path, try_cart);
		json_decref(doc);
	}
}

static void test_failed_line_parse_leaves_output_empty(void **state)
{
	(void)state;
	line_item line;
	memset(&line, 0xAB, sizeof line);
	json_err err = {{0}, {0}};
	assert_false(parse_line_text("{\"itemId\": \"a\", \"quantity\": 0}", &line, &err));
	assert_string_equal(err.path, "$.item.quantity");
	assert_null(line.item_id);
	assert_int_equal(line.n_groups, 0);
	line_item_clear(&line); /* safe on the zeroed result */
}

static void test_missing_line_items_is_empty_cart(void **state)
{
	(void)state;
	json_err err = {{0}, {0}};
	cart *c = parse_cart_text("{\"storeId\": \"s\"}", &err);
	assert_non_null(c);
	assert_int_equal(c->n_lines, 0);
	assert_null(c->catalog_set_id);
	json_t *out = cart_to_json(c);
	assert_true(json_is_array(json_object_get(out, "lineItems")));
	assert_null(json_object_get(out, "catalogSetId"));
	json_decref(out);
	cart_free(c);
}

/* ---------------------------------------------------------------- line helpers */

static line_item make_line(const char *id, const char *item, long long quantity)
{
	line_item line = {0};
	line.line_item_id = id ? strdup(id) : NULL;
	line.item_id = strdup(item);
	line.quantity = quantity;
	return line;
}

static void add_option(line_item *line, const char *group, const char *option, long long qty)
{
	cart_modifier_group *g = line_item_ensure_group(line, group);
	g->items = realloc(g->items, (g->n_items + 1) * sizeof *g->items);
	g->items[g->n_items++] = make_line(NULL, option, qty);
}

static void copy_group(cart_modifier_group *dst, const cart_modifier_group *src)
{
	dst->modifier_group_id = strdup(src->modifier_group_id);
	dst->n_items = src->n_items;
	dst->items = calloc(src->n_items, sizeof *dst->items);
	for (size_t i = 0; i < src->n_items; i++)
		line_item_copy(&dst->items[i], &src->items[i]);
}

static void test_add_find_remove_lines(void **state)
{
	(void)state;
	cart *c = cart_new("store-1", "cs-1");
	assert_string_equal(c->store_id, "store-1");
	assert_int_equal(c->n_lines, 0);
	static const char *const ids[] = {"A", "B", "C"};
	for (size_t i = 0; i < 3; i++) {
		line_item line = make_line(ids[i], "pizza", (long long)i + 1);
		assert_int_equal(cart_add_line(c, &line), i);
		assert_null(line.item_id); /* ownership moved */
		assert_null(line.line_item_id);
	}
	assert_int_equal(cart_find_line(c, "B"), 1);
	assert_int_equal(cart_find_line(c, "Z"), -1);
	assert_int_equal(cart_find_line(c, NULL), -1);

	cart_remove_line(c, 1);
	assert_int_equal(c->n_lines, 2);
	assert_int_equal(cart_find_line(c, "B"), -1);
	assert_int_equal(cart_find_line(c, "C"), 1);
	assert_int_equal(c->lines[1].quantity, 3);

	cart_remove_line(c, 7); /* out of range: no-op */
	assert_int_equal(c->n_lines, 2);
	cart_remove_line(c, 1);
	cart_remove_line(c, 0);
	assert_int_equal(c->n_lines, 0);
	line_item line = make_line(NULL, "soda", 1);
	assert_int_equal(cart_add_line(c, &line), 0);
	cart_free(c);
}

static void test_ensure_group_finds_or_appends(void **state)
{
	(void)state;
	line_item line = make_line(NULL, "pizza", 1);
	cart_modifier_group *size = line_item_ensure_group(&line, "size");
	assert_string_equal(size->modifier_group_id, "size");
	assert_int_equal(line.n_groups, 1);
	add_option(&line, "size", "large", 1);
	add_option(&line, "toppings", "olives", 1);
	assert_int_equal(line.n_groups, 2);
	assert_int_equal(line_item_ensure_group(&line, "size")->n_items, 1);
	assert_int_equal(line.n_groups, 2);
	assert_ptr_equal(line_item_find_group(&line, "toppings"), &line.groups[1]);
	assert_null(line_item_find_group(&line, "drinks"));
	line_item_clear(&line);
	assert_null(line.groups);
	assert_int_equal(line.n_groups, 0);
}

static void test_copy_is_deep_and_equal(void **state)
{
	(void)state;
	line_item src = make_line("L1", "pizza", 2);
	add_option(&src, "toppings", "pepperoni", 2);
	add_option(&src.groups[0].items[0], "cook", "crispy", 1);

	line_item dst;
	line_item_copy(&dst, &src);
	assert_true(line_item_equal(&src, &dst));
	assert_string_equal(dst.line_item_id, "L1");
	assert_ptr_not_equal(dst.groups, src.groups);
	assert_ptr_not_equal(dst.groups[0].items[0].item_id, src.groups[0].items[0].item_id);

	/* Changing the copy's nested selection must not touch the source. */
	dst.groups[0].items[0].groups[0].items[0].quantity = 5;
	assert_int_equal(src.groups[0].items[0].groups[0].items[0].quantity, 1);
	assert_false(line_item_equal(&src, &dst));
	line_item_clear(&src);
	line_item_clear(&dst);
}

/* cart_copy keeps every line as it is, even one cart_from_json would refuse (no itemId, a
   quantity of 0), and owns all of its memory. */
static void test_cart_copy_is_deep_and_whole(void **state)
{
	(void)state;
	json_err err = {{0}, {0}};
	cart *c = parse_cart_text(nested_cart_json, &err);
	assert_non_null(c);
	line_item odd = make_line("L3", "gone", 0);
	free(odd.item_id);
	odd.item_id = NULL;
	add_option(&odd, "size", "large", 1);
	cart_add_line(c, &odd);

	cart *copy = cart_copy(c);
	assert_non_null(copy);
	assert_string_equal(copy->store_id, "store-1");
	assert_string_equal(copy->catalog_set_id, "cs-1");
	assert_int_equal(copy->n_lines, 3);
	for (size_t i = 0; i < c->n_lines; i++) {
		assert_true(line_item_equal(&c->lines[i], &copy->lines[i]));
		if (c->lines[i].n_groups)
			assert_ptr_not_equal(c->lines[i].groups, copy->lines[i].groups);
	}
	assert_null(copy->lines[2].item_id);
	assert_int_equal(copy->lines[2].quantity, 0);
	assert_string_equal(copy->lines[2].line_item_id, "L3");
	char *expected = jm_dump(cart_to_json(c));

	/* Scribbled on and freed, the original takes nothing of the copy with it. */
	c->store_id[0] = 'X';
	c->lines[0].item_id[0] = 'X';
	c->lines[0].groups[1].items[0].quantity = 9;
	cart_free(c);
	char *got = jm_dump(cart_to_json(copy));
	assert_string_equal(got, expected);
	assert_string_equal(copy->lines[0].item_id, "pizza");
	const cart_modifier_group *toppings = line_item_find_group(&copy->lines[0], "toppings");
	assert_int_equal(toppings->items[0].quantity, 2);
	free(expected);
	free(got);
	cart_free(copy);

	cart *empty = cart_new(NULL, NULL);
	copy = cart_copy(empty);
	cart_free(empty);
	assert_null(copy->store_id);
	assert_null(copy->lines);
	assert_int_equal(copy->n_lines, 0);
	cart_free(copy);
	assert_null(cart_copy(NULL));
}

static void test_equal_rules(void **state)
{
	(void)state;
	line_item a = make_line("L1", "pizza", 1);
	add_option(&a, "size", "large", 1);
	add_option(&a, "toppings", "pepperoni", 1);
	add_option(&a, "toppings", "olives", 1);

	/* Different line id, groups in the other order, plus an empty group: still equal. */
	line_item b = make_line("L2", "pizza", 1);
	add_option(&b, "toppings", "pepperoni", 1);
	add_option(&b, "toppings", "olives", 1);
	line_item_ensure_group(&b, "drinks");
	add_option(&b, "size", "large", 1);
	assert_true(line_item_equal(&a, &b));
	assert_true(line_item_equal(&b, &a));

	/* Selection order inside a group matters (tier pricing). */
	line_item c = make_line(NULL, "pizza", 1);
	add_option(&c, "size", "large", 1);
	add_option(&c, "toppings", "olives", 1);
	add_option(&c, "toppings", "pepperoni", 1);
	assert_false(line_item_equal(&a, &c));

	line_item d;
	line_item_copy(&d, &a);
	d.quantity = 2;
	assert_false(line_item_equal(&a, &d));
	d.quantity = 1;
	free(d.item_id);
	d.item_id = strdup("calzone");
	assert_false(line_item_equal(&a, &d));

	/* An extra non-empty group makes them differ in either direction. */
	line_item e;
	line_item_copy(&e, &a);
	add_option(&e, "drinks", "soda", 1);
	assert_false(line_item_equal(&a, &e));
	assert_false(line_item_equal(&e, &a));

	/* Same group count, but f repeats one group id instead of carrying "toppings". */
	line_item f = make_line(NULL, "pizza", 1);
	add_option(&f, "size", "large", 1);
	f.groups = realloc(f.groups, 2 * sizeof *f.groups);
	copy_group(&f.groups[1], &f.groups[0]);
	f.n_groups = 2;
	assert_false(line_item_equal(&a, &f));
	assert_false(line_item_equal(&f, &a));

	line_item *all[] = {&a, &b, &c, &d, &e, &f};
	for (size_t i = 0; i < 6; i++)
		line_item_clear(all[i]);
}

/* ---------------------------------------------------------------- the cart helpers' bodies */

#define ADD_BODY                                                                                   \
	"{\"item\": {\"itemId\": \"pie\", \"quantity\": 2}, \"cart\": {\"storeId\": \"s-1\","      \
	" \"catalogSetId\": \"c-1\", \"lineItems\": [{\"lineItemId\": \"l-1\", \"itemId\": "       \
	"\"tea\","                                                                                 \
	" \"quantity\": 1, \"modifierGroups\": []}]}, \"storeId\": \"s-2\"}"
#define UPDATE_BODY                                                                                \
	"{\"cart\": {\"lineItems\": [{\"lineItemId\": \"l-1\", \"itemId\": \"tea\", \"quantity\":" \
	" 1}]}, \"lineItemId\": \"l-1\", \"quantity\": 3}"

JM_PARSE_FN(try_add_body, cart_add_item_request, cart_add_item_request_from_json,
	    cart_add_item_request_free)

static cart_line_request *update_from_json(const json_t *value, json_err *err)
{
	return cart_line_request_from_json(value, true, err);
}

static cart_line_request *remove_from_json(const json_t *value, json_err *err)
{
	return cart_line_request_from_json(value, false, err);
}

JM_PARSE_FN(try_update_body, cart_line_request, update_from_json, cart_line_request_free)
JM_PARSE_FN(try_remove_body, cart_line_request, remove_from_json, cart_line_request_free)

static void test_cart_errors_name_their_place(void **state)
{
	(void)state;
	json_t *doc = jm_load("{\"lineItems\": [{\"itemId\": 5, \"quantity\": 1}]}");
	json_err err = {0};
	assert_null(cart_parse(doc, "$.cart", &err));
	assert_string_equal(err.path, "$.cart.lineItems[0].itemId");
	assert_null(cart_from_json(doc, &err));
	assert_string_equal(err.path, "$.lineItems[0].itemId");
	json_decref(doc);
}

static void test_add_item_request(void **state)
{
	(void)state;
	json_t *doc = jm_load(ADD_BODY);
	json_err err = {0};
	cart_add_item_request *r = cart_add_item_request_from_json(doc, &err);
	assert_non_null(r);
	assert_string_equal(r->item.item_id, "pie");
	assert_int_equal(r->item.quantity, 2);
	assert_int_equal(r->cart->n_lines, 1);
	assert_string_equal(r->store_id, "s-2");
	assert_null(r->catalog_set_id);
	json_t *out = cart_add_item_request_to_json(r);
	cart_add_item_request *again = cart_add_item_request_from_json(out, &err);
	assert_non_null(again);
	assert_true(line_item_equal(&again->item, &r->item));
	assert_string_equal(again->cart->store_id, "s-1");
	assert_string_equal(again->store_id, "s-2");
	cart_add_item_request_free(again);
	json_decref(out);
	cart_add_item_request_free(r);
	json_decref(doc);
	static const struct jm_bad_case bad[] = {
	    {"item", NULL, "$.item"},
	    {"item.itemId", NULL, "$.item.itemId"},
	    {"cart", "[]", "$.cart"},
	    {"cart.lineItems.0.quantity", "\"1\"", "$.cart.lineItems[0].quantity"},
	    {"storeId", "7", "$.storeId"},
	    {"catalogSetId", "{}", "$.catalogSetId"},
	};
	JM_EXPECT_FAILURES(ADD_BODY, bad, try_add_body);
	jm_expect_accepted(ADD_BODY, "cart", NULL, try_add_body);
	jm_expect_accepted(ADD_BODY, "cart", "null", try_add_body);
	jm_fuzz_document(ADD_BODY, try_add_body);
}

static void test_line_requests(void **state)
{
	(void)state;
	json_t *doc = jm_load(UPDATE_BODY);
	json_err err = {0};
	cart_line_request *r = cart_line_request_from_json(doc, true, &err);
	assert_non_null(r);
	assert_string_equal(r->line_item_id, "l-1");
	assert_true(r->has_quantity);
	assert_int_equal(r->quantity, 3);
	char *text = jm_dump(cart_line_request_to_json(r));
	assert_non_null(strstr(text, "\"lineItemId\":\"l-1\",\"quantity\":3"));
	free(text);
	cart_line_request_free(r);
	r = cart_line_request_from_json(doc, false, &err); /* remove: the quantity is not its */
	assert_non_null(r);
	assert_false(r->has_quantity);
	text = jm_dump(cart_line_request_to_json(r));
	assert_null(strstr(text, "quantity\":3"));
	free(text);
	cart_line_request_free(r);
	json_decref(doc);
	static const struct jm_bad_case bad[] = {
	    {"cart", NULL, "$.cart"},
	    {"cart", "null", "$.cart"},
	    {"cart.lineItems", "{}", "$.cart.lineItems"},
	    {"lineItemId", NULL, "$.lineItemId"},
	    {"lineItemId", "1", "$.lineItemId"},
	    {"quantity", NULL, "$.quantity"},
	    {"quantity", "1.5", "$.quantity"},
	};
	JM_EXPECT_FAILURES(UPDATE_BODY, bad, try_update_body);
	jm_expect_accepted(UPDATE_BODY, "quantity", NULL, try_remove_body);
	jm_fuzz_document(UPDATE_BODY, try_update_body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nested_three_levels_parse),
	    cmocka_unit_test(test_cart_round_trip),
	    cmocka_unit_test(test_output_always_has_items_and_modifier_groups),
	    cmocka_unit_test(test_selection_array_spellings),
	    cmocka_unit_test(test_items_spelling_takes_precedence),
	    cmocka_unit_test(test_group_without_selection_array_is_empty),
	    cmocka_unit_test(test_bad_carts_report_paths),
	    cmocka_unit_test(test_failed_line_parse_leaves_output_empty),
	    cmocka_unit_test(test_missing_line_items_is_empty_cart),
	    cmocka_unit_test(test_add_find_remove_lines),
	    cmocka_unit_test(test_ensure_group_finds_or_appends),
	    cmocka_unit_test(test_copy_is_deep_and_equal),
	    cmocka_unit_test(test_cart_copy_is_deep_and_whole),
	    cmocka_unit_test(test_equal_rules),
	    cmocka_unit_test(test_cart_errors_name_their_place),
	    cmocka_unit_test(test_add_item_request),
	    cmocka_unit_test(test_line_requests),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * The local shop (shop.h "a local shop"): offline browsing of a catalog file through the
 * shop's interface. Its catalog is the current one, with no store, its own time zone, file
 * and lint count; it cannot check out, its cart stays empty, it is never busy, and it leaves
 * nothing open on the loop once freed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "shop/shop.h"

#define VALID_CATALOG TEST_DATADIR "/lint/valid.json"
#define PINNED	      ((time_t)1795000000)

static time_t pinned_clock(void *user)
{
	return *(const time_t *)user;
}

typedef struct fixture {
	uv_loop_t loop;
	time_t now;
	catalog_set *set; /* owned by the shop */
	shop *shop;
} fixture;

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);
	assert_int_equal(uv_loop_init(&f->loop), 0);
	f->now = PINNED;
	json_err err = {0};
	assert_true(catalog_set_load_file(VALID_CATALOG, &f->set, &err));
	shop_local_settings ls = {
	    .loop = &f->loop,
	    .set = f->set,
	    .file = "menus/valid.json",
	    .lint_errors = 3,
	    .time_zone = "America/Los_Angeles",
	    .now = pinned_clock,
	    .user_data = &f->now,
	};
	f->shop = shop_new_local(&ls);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	shop_free(f->shop);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	int rc = uv_loop_close(&f->loop); /* nothing of the shop's is left on the loop */
	free(f);
	assert_int_equal(rc, 0);
	return 0;
}

static void test_browses_its_file(void **state)
{
	fixture *f = *state;
	assert_ptr_equal(shop_current_catalog(f->shop), f->set);
	assert_null(shop_current_store(f->shop));
	assert_false(shop_store_loading(f->shop));
	assert_string_equal(shop_current_time_zone(f->shop), "America/Los_Angeles");
	assert_string_equal(shop_catalog_file(f->shop), "menus/valid.json");
	assert_int_equal(shop_catalog_lint_errors(f->shop), 3);
	assert_int_equal(shop_now(f->shop), PINNED);
}

static void test_cannot_check_out(void **state)
{
	fixture *f = *state;
	assert_false(shop_can_check_out(f->shop));
	assert_int_equal(shop_busy(f->shop), 0);
	assert_false(shop_cancel_pending(f->shop));
	assert_int_equal(shop_discover_count(f->shop), 0);
	const cart *c = shop_cart(f->shop);
	assert_non_null(c);
	assert_int_equal(c->n_lines, 0);
	assert_null(shop_cart_catalog(f->shop));
	assert_false(shop_checkout_active(f->shop));
}

/* A line the menu would take still finds no cart: refused, and the cart stays empty. */
static void test_cart_refuses_lines(void **state)
{
	fixture *f = *state;
	const catalog_item *it = strmap_value_at(f->set->items, 0);
	line_item line = {0};
	line.item_id = xstrdup(it->item_id);
	line.quantity = 1;
	assert_int_equal(shop_cart_add(f->shop, &line, true), SHOP_CART_INVALID);
	assert_null(line.item_id); /* taken, as always */
	assert_int_equal(shop_cart(f->shop)->n_lines, 0);
	line.item_id = xstrdup(it->item_id);
	line.quantity = 1;
	assert_int_equal(shop_cart_replace(f->shop, 0, &line), SHOP_CART_INVALID);
	assert_int_equal(shop_cart(f->shop)->n_lines, 0);
}

/* Without a set (an empty file's) it still answers: nothing to show, never a crash. */
static void test_without_a_set(void **state)
{
	(void)state;
	uv_loop_t loop;
	assert_int_equal(uv_loop_init(&loop), 0);
	shop_local_settings ls = {.loop = &loop, .file = "x.json", .time_zone = "UTC"};
	shop *s = shop_new_local(&ls);
	assert_null(shop_current_catalog(s));
	assert_false(shop_can_check_out(s));
	assert_int_equal(shop_catalog_lint_errors(s), 0);
	shop_free(s);
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&loop), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_browses_its_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cannot_check_out, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cart_refuses_lines, setup, teardown),
	    cmocka_unit_test(test_without_a_set),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

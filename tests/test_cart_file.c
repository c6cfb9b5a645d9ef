/* Unit tests for src/persist/cart_file.c: atomic persistence of the client-owned cart. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/file.h"
#include "cart_fixtures.h"
#include "persist/cart_file.h"
#include "fs_fixtures.h"
#include "base/xdg.h"

#define URL_SANDBOX "https://api-sandbox.gett-tech.com"
#define URL_LOCAL   "http://127.0.0.1:8080"

typedef fx_files fixture;

static cart *cart_from_text(const char *text)
{
	json_t *root = json_loads(text, 0, NULL);
	assert_non_null(root);
	json_err err;
	cart *c = cart_from_json(root, &err);
	json_decref(root);
	assert_non_null(c);
	return c;
}

static cart *simple_cart(const char *store_id, const char *item_id, long long quantity)
{
	cart *c = cart_new(store_id, "cs-9");
	line_item line = {.item_id = strdup(item_id), .quantity = quantity};
	cart_add_line(c, &line);
	return c;
}

static cart_file *open_store(fixture *f, const char *url, const char *user)
{
	cart_file *s = cart_file_open(NULL, url, user, f->err, sizeof f->err);
	if (!s)
		fail_msg("cart_file_open: %s", f->err);
	return s;
}

static void save_ok(fixture *f, cart_file *s, const cart *c)
{
	if (!cart_file_save(s, c, NULL, f->err, sizeof f->err))
		fail_msg("cart_file_save: %s", f->err);
}

static void assert_same_cart(const cart *a, const cart *b)
{
	json_t *ja = cart_to_json(a), *jb = cart_to_json(b);
	assert_true(json_equal(ja, jb));
	json_decref(ja);
	json_decref(jb);
	assert_int_equal(a->n_lines, b->n_lines);
	for (size_t i = 0; i < a->n_lines; i++)
		assert_true(line_item_equal(&a->lines[i], &b->lines[i]));
}

static void test_round_trip_keeps_nested_selections(void **state)
{
	fixture *f = *state;
	cart *original = cart_from_text(nested_cart_json);
	cart_file *s = open_store(f, URL_SANDBOX, "ada-42");
	save_ok(f, s, original);
	cart_file_close(s);

	s = open_store(f, URL_SANDBOX, "ada-42"); /* as after a restart */
	cart *restored = cart_file_load(s, NULL, f->problem, sizeof f->problem);
	assert_string_equal(f->problem, "");
	assert_non_null(restored);
	assert_same_cart(original, restored);
	const cart_modifier_group *toppings = line_item_find_group(&restored->lines[0], "toppings");
	assert_non_null(toppings);
	const cart_modifier_group *cook = line_item_find_group(&toppings->items[0], "cook");
	assert_non_null(cook);
	const cart_modifier_group *finish = line_item_find_group(&cook->items[0], "finish");
	assert_non_null(finish);
	assert_string_equal(finish->items[0].item_id, "oil");
	assert_int_equal(finish->items[0].quantity, 3);

	/* every change is saved: the newest state is what comes back */
	cart_remove_line(restored, 0);
	save_ok(f, s, restored);
	cart *again = cart_file_load(s, NULL, f->problem, sizeof f->problem);
	assert_non_null(again);
	assert_int_equal(again->n_lines, 1);
	assert_string_equal(again->lines[0].item_id, "soda");

	cart_free(again);
	cart_free(restored);
	cart_free(original);
	cart_file_close(s);
}

static void test_file_is_private_and_written_whole(void **state)
{
	fixture *f = *state;
	cart_file *s = open_store(f, URL_SANDBOX, "ada-42");
	cart *c = simple_cart("store-1", "soda", 1);
	save_ok(f, s, c);

	char *dir = xdg_path_join(f->root, "state/gett-tui/carts");
	assert_true(strncmp(cart_file_path(s), dir, strlen(dir)) == 0);
	struct stat st;
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(cart_file_path(s), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(fx_count(dir, NULL), 1); /* no temporary files */

	/* the name reveals neither the user nor the server */
	const char *name = strrchr(cart_file_path(s), '/') + 1;
	assert_null(strstr(name, "ada"));
	assert_null(strstr(name, "sandbox"));
	free(dir);
	cart_free(c);
	cart_file_close(s);
}

static void test_carts_are_separate_per_url_and_user(void **state)
{
	fixture *f = *state;
	cart_file *ada = open_store(f, URL_SANDBOX, "ada");
	cart_file *bob = open_store(f, URL_SANDBOX, "bob");
	cart_file *ada_local = open_store(f, URL_LOCAL, "ada");
	cart_file *ada_slash = open_store(f, URL_SANDBOX "/", "ada");
	assert_string_not_equal(cart_file_path(ada), cart_file_path(bob));
	assert_string_not_equal(cart_file_path(ada), cart_file_path(ada_local));
	assert_string_equal(cart_file_path(ada), cart_file_path(ada_slash));

	cart *c1 = simple_cart("store-1", "pizza", 1);
	cart *c2 = simple_cart("store-2", "salad", 2);
	save_ok(f, ada, c1);
	save_ok(f, bob, c2);

	cart *got = cart_file_load(ada, NULL, f->problem, sizeof f->problem);
	assert_same_cart(c1, got);
	cart_free(got);
	got = cart_file_load(bob, NULL, f->problem, sizeof f->problem);
	assert_same_cart(c2, got);
	cart_free(got);
	assert_null(cart_file_load(ada_local, NULL, f->problem, sizeof f->problem));
	assert_string_equal(f->problem, "");

	/* an empty user is a cart of its own, not a wildcard */
	cart_file *anonymous = open_store(f, URL_SANDBOX, "");
	assert_null(cart_file_load(anonymous, NULL, f->problem, sizeof f->problem));
	cart_file_close(anonymous);

	cart_free(c1);
	cart_free(c2);
	cart_file_close(ada);
	cart_file_close(bob);
	cart_file_close(ada_local);
	cart_file_close(ada_slash);
}

static void test_saving_null_forgets_the_cart(void **state)
{
	fixture *f = *state;
	cart_file *s = open_store(f, URL_SANDBOX, "ada");
	cart *c = simple_cart("store-1", "pizza", 1);
	save_ok(f, s, c);
	save_ok(f, s, NULL);
	assert_false(fx_exists(cart_file_path(s)));
	assert_null(cart_file_load(s, NULL, f->problem, sizeof f->problem));
	assert_string_equal(f->problem, "");
	save_ok(f, s, NULL); /* nothing to delete is fine */

	cart_file *bad_user = open_store(f, URL_SANDBOX, "\xff\xfe");
	assert_false(cart_file_save(bad_user, c, NULL, f->err, sizeof f->err));
	assert_false(fx_exists(cart_file_path(bad_user)));
	cart_file_close(bad_user);
	cart_free(c);
	cart_file_close(s);
}

static void expect_set_aside(fixture *f, cart_file *s, const char *content, const char *why)
{
	const char *path = cart_file_path(s);
	char *dir = xstrdup(path);
	*strrchr(dir, '/') = '\0';
	assert_true(file_mkdir_p(dir, 0700));
	free(fx_write(dir, strrchr(path, '/') + 1, content, 0600));
	size_t aside_before = fx_count(dir, ".corrupt");

	assert_null(cart_file_load(s, NULL, f->problem, sizeof f->problem));
	assert_non_null(strstr(f->problem, path));
	if (!strstr(f->problem, why))
		fail_msg("problem \"%s\" does not mention \"%s\"", f->problem, why);
	assert_false(fx_exists(path));
	assert_int_equal(fx_count(dir, ".corrupt"), aside_before + 1);

	/* the next start is clean, and saving works again */
	assert_null(cart_file_load(s, NULL, f->problem, sizeof f->problem));
	assert_string_equal(f->problem, "");
	cart *c = simple_cart("store-1", "pizza", 1);
	save_ok(f, s, c);
	cart *back = cart_file_load(s, NULL, f->problem, sizeof f->problem);
	assert_non_null(back);
	cart_free(back);
	cart_free(c);
	save_ok(f, s, NULL);
	free(dir);
}

static void test_damaged_file_is_set_aside_and_cart_starts_empty(void **state)
{
	fixture *f = *state;
	cart_file *s = open_store(f, URL_SANDBOX, "ada");
	expect_set_aside(f, s, "{\"version\":1,\"baseUrl\":", "not JSON");
	expect_set_aside(f, s, "[]", "$");
	expect_set_aside(
	    f, s,
	    "{\"version\":1,\"baseUrl\":\"" URL_SANDBOX "\",\"user\":\"ada\",\"cart\":"
	    "{\"storeId\":\"s\",\"lineItems\":[{\"itemId\":\"x\",\"quantity\":\"two\"}]}}",
	    "quantity");
	expect_set_aside(f, s, "{\"version\":2,\"baseUrl\":\"x\",\"user\":\"ada\",\"cart\":{}}",
			 "version");
	/* a file copied over from another account is not silently adopted */
	expect_set_aside(f, s,
			 "{\"version\":1,\"baseUrl\":\"" URL_SANDBOX "\",\"user\":\"bob\",\"cart\":"
			 "{\"storeId\":\"s\",\"lineItems\":[]}}",
			 "another");
	cart_file_close(s);
}

/* ------------------------------------------------------------------ the checkout draft */

#define DRAFT_JSON                                                                                 \
	"{\"fulfillment\":\"pickup\",\"address\":{\"address1\":\"1100 Dexter Ave N\","             \
	"\"postalCode\":\"98109\"},\"instructions\":\"Ring twice at the caf\xc3\xa9\","            \
	"\"payment\":{\"label\":\"team card\"},\"tip\":{\"percentBp\":1500}}"

static json_t *file_json(const cart_file *s)
{
	char *text = fx_read(cart_file_path(s));
	assert_non_null(text);
	json_t *root = json_loads(text, 0, NULL);
	free(text);
	assert_non_null(root);
	return root;
}

/* The shop's checkout object is saved next to the cart and comes back exactly. */
static void test_checkout_object_round_trips(void **state)
{
	fixture *f = *state;
	json_t *draft = json_loads(DRAFT_JSON, 0, NULL);
	assert_non_null(draft);
	cart *c = cart_from_text(nested_cart_json);
	cart_file *s = open_store(f, URL_SANDBOX, "ada-42");
	if (!cart_file_save(s, c, draft, f->err, sizeof f->err))
		fail_msg("cart_file_save: %s", f->err);
	json_t *root = file_json(s);
	assert_true(json_equal(json_object_get(root, "checkout"), draft));
	json_decref(root);
	cart_file_close(s);

	s = open_store(f, URL_SANDBOX, "ada-42"); /* as after a restart */
	json_t *back = (json_t *)1;		  /* must be overwritten */
	cart *restored = cart_file_load(s, &back, f->problem, sizeof f->problem);
	assert_string_equal(f->problem, "");
	assert_non_null(restored);
	assert_same_cart(c, restored);
	assert_non_null(back);
	assert_true(json_equal(back, draft));
	assert_true(back != draft); /* a copy of the file's, not the caller's */
	json_decref(back);
	cart_free(restored);

	/* a later save without a draft drops it */
	save_ok(f, s, c);
	back = (json_t *)1;
	restored = cart_file_load(s, &back, f->problem, sizeof f->problem);
	assert_non_null(restored);
	assert_null(back);
	cart_free(restored);

	json_decref(draft);
	cart_free(c);
	cart_file_close(s);
}

/* NULL writes no "checkout" member at all (not null, not {}). */
static void test_null_checkout_writes_no_member(void **state)
{
	fixture *f = *state;
	cart *c = simple_cart("store-1", "soda", 2);
	cart_file *s = open_store(f, URL_SANDBOX, "ada");
	save_ok(f, s, c);
	json_t *root = file_json(s);
	assert_null(json_object_get(root, "checkout"));
	assert_non_null(json_object_get(root, "cart"));
	json_decref(root);

	json_t *back = (json_t *)1;
	cart *restored = cart_file_load(s, &back, f->problem, sizeof f->problem);
	assert_string_equal(f->problem, "");
	assert_non_null(restored);
	assert_null(back);
	cart_free(restored);

	/* nothing saved: no cart and no draft either */
	save_ok(f, s, NULL);
	back = (json_t *)1;
	assert_null(cart_file_load(s, &back, f->problem, sizeof f->problem));
	assert_string_equal(f->problem, "");
	assert_null(back);
	cart_free(c);
	cart_file_close(s);
}

/* A caller that wants no draft (checkout NULL) reads a file that has one. */
static void test_load_without_checkout_pointer(void **state)
{
	fixture *f = *state;
	json_t *draft = json_loads(DRAFT_JSON, 0, NULL);
	cart *c = simple_cart("store-1", "soda", 1);
	cart_file *s = open_store(f, URL_SANDBOX, "ada");
	assert_true(cart_file_save(s, c, draft, f->err, sizeof f->err));
	cart *restored = cart_file_load(s, NULL, f->problem, sizeof f->problem);
	assert_string_equal(f->problem, "");
	assert_non_null(restored);
	assert_same_cart(c, restored);
	cart_free(restored);
	json_decref(draft);
	cart_free(c);
	cart_file_close(s);
}

/* A damaged draft loses only the draft: the cart lines are the user's and are kept, and
   the file is not set aside. */
static void test_damaged_checkout_member_keeps_the_cart(void **state)
{
	fixture *f = *state;
	cart_file *s = open_store(f, URL_SANDBOX, "ada");
	const char *path = cart_file_path(s);
	char *dir = xstrdup(path);
	*strrchr(dir, '/') = '\0';
	assert_true(file_mkdir_p(dir, 0700));
	const char *damaged[] = {"\"checkout\":\"pickup\"", "\"checkout\":[1,2]",
				 "\"checkout\":null", "\"checkout\":42"};
	for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
		char text[512];
		snprintf(
		    text, sizeof text,
		    "{\"version\":1,\"baseUrl\":\"" URL_SANDBOX "\",\"user\":\"ada\",\"cart\":"
		    "{\"storeId\":\"s\",\"lineItems\":[{\"itemId\":\"x\",\"quantity\":2}]},%s}",
		    damaged[i]);
		free(fx_write(dir, strrchr(path, '/') + 1, text, 0600));
		json_t *back = (json_t *)1;
		cart *c = cart_file_load(s, &back, f->problem, sizeof f->problem);
		assert_string_equal(f->problem, "");
		assert_non_null(c);
		assert_int_equal(c->n_lines, 1);
		assert_int_equal(c->lines[0].quantity, 2);
		assert_null(back);
		assert_true(fx_exists(path));
		assert_int_equal(fx_count(dir, ".corrupt"), 0);
		cart_free(c);
	}
	free(dir);
	cart_file_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_round_trip_keeps_nested_selections, fx_files_setup,
					    fx_files_teardown),
	    cmocka_unit_test_setup_teardown(test_file_is_private_and_written_whole, fx_files_setup,
					    fx_files_teardown),
	    cmocka_unit_test_setup_teardown(test_carts_are_separate_per_url_and_user,
					    fx_files_setup, fx_files_teardown),
	    cmocka_unit_test_setup_teardown(test_saving_null_forgets_the_cart, fx_files_setup,
					    fx_files_teardown),
	    cmocka_unit_test_setup_teardown(test_damaged_file_is_set_aside_and_cart_starts_empty,
					    fx_files_setup, fx_files_teardown),
	    cmocka_unit_test_setup_teardown(test_checkout_object_round_trips, fx_files_setup,
					    fx_files_teardown),
	    cmocka_unit_test_setup_teardown(test_null_checkout_writes_no_member, fx_files_setup,
					    fx_files_teardown),
	    cmocka_unit_test_setup_teardown(test_load_without_checkout_pointer, fx_files_setup,
					    fx_files_teardown),
	    cmocka_unit_test_setup_teardown(test_damaged_checkout_member_keeps_the_cart,
					    fx_files_setup, fx_files_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

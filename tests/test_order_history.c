/* Unit tests for src/persist/order_history.c: the client's record of the orders it placed. */
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
#include "base/xdg.h"
#include "fs_fixtures.h"
#include "json_mutate.h"
#include "persist/order_history.h"

#define URL_SANDBOX "https://api-sandbox.gett-tech.com"
#define URL_LOCAL   "http://127.0.0.1:8080"

typedef struct fixture {
	char *root;
	char *dir; /* <root>/state/gett-tui/orders */
	char err[1024];
	char problem[8192];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	f->root = fx_xdg_root();
	char err[256];
	f->dir = xdg_app_subdir(NULL, XDG_STATE, "orders", err, sizeof err);
	assert_non_null(f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	fx_remove_tree(f->root);
	free(f->root);
	free(f->dir);
	free(f);
	return 0;
}

static order_history *open_history(fixture *f, const char *url, const char *user)
{
	order_history *h = order_history_open(NULL, url, user, f->problem, sizeof f->problem,
					      f->err, sizeof f->err);
	if (!h)
		fail_msg("order_history_open: %s", f->err);
	return h;
}

/* The amounts as a server sends them: a member we do not know and a decimal to keep. */
static const char server_amounts[] =
    "{\"subTotal\":19.99,\"fees\":0,\"taxes\":2.04,\"tip\":3,\"total\":25.03,"
    "\"futureMember\":{\"x\":1},\"taxesDescription\":[{\"name\":\"Sales tax\",\"value\":2.04}]}";

/* A record placed at `t` with key "key-<n>" and order "order-<n>". */
static order_history_entry make_entry(int n, time_t t)
{
	order_history_entry e = {0};
	char buf[64];
	snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012d", n);
	e.idempotency_key = strdup(buf);
	snprintf(buf, sizeof buf, "order-%d", n);
	e.gett_order_id = strdup(buf);
	e.store_id = strdup("store-1");
	e.store_name = strdup("Slice of Heaven");
	e.time_zone = strdup("America/Los_Angeles");
	e.catalog_set_id = strdup("cs-1");
	e.placed_at = t;
	e.n_lines = 1;
	e.lines = calloc(1, sizeof *e.lines);
	e.lines[0].line.item_id = strdup("pizza");
	e.lines[0].line.quantity = 2;
	cart_modifier_group *g = line_item_ensure_group(&e.lines[0].line, "size");
	g->items = calloc(1, sizeof *g->items);
	g->items[0].item_id = strdup("large");
	g->items[0].quantity = 1;
	g->n_items = 1;
	e.lines[0].name = strdup("Build Your Own Pizza");
	str_list_push(&e.lines[0].options, "Large");
	e.lines[0].unit_price = 1299;
	e.lines[0].line_total = 2598;
	e.lines[0].has_price = true;
	json_t *am = json_loads(server_amounts, 0, NULL);
	json_err err;
	e.amounts = amounts_from_json(am, &err);
	json_decref(am);
	assert_non_null(e.amounts);
	e.fulfillment_type = strdup(FULFILLMENT_DELIVERY);
	e.address = calloc(1, sizeof *e.address);
	e.address->address1 = strdup("1420 E Pine St");
	e.address->city = strdup("Seattle");
	e.address->postal_code = strdup("98122");
	e.address->state = strdup("WA");
	e.instructions = strdup("ring twice");
	e.payment_label = strdup("Visa ···· 4242");
	return e;
}

static void add_ok(fixture *f, order_history *h, const order_history_entry *e)
{
	if (!order_history_add(h, e, f->err, sizeof f->err))
		fail_msg("order_history_add: %s", f->err);
}

static void round_trip(void **state)
{
	fixture *f = *state;
	order_history *h = open_history(f, URL_SANDBOX, "demo@example.com");
	assert_int_equal(order_history_count(h), 0);
	assert_string_equal(f->problem, "");
	order_history_entry e = make_entry(1, 1700000000);
	add_ok(f, h, &e);
	order_history_close(h);

	/* A new run reads back what was written. */
	h = open_history(f, URL_SANDBOX "/", "demo@example.com");
	assert_string_equal(f->problem, "");
	assert_int_equal(order_history_count(h), 1);
	const order_history_entry *r = order_history_at(h, 0);
	assert_string_equal(r->idempotency_key, e.idempotency_key);
	assert_string_equal(r->gett_order_id, "order-1");
	assert_string_equal(r->store_name, "Slice of Heaven");
	assert_string_equal(r->time_zone, "America/Los_Angeles");
	assert_int_equal(r->placed_at, 1700000000);
	assert_int_equal(r->n_lines, 1);
	assert_true(line_item_equal(&r->lines[0].line, &e.lines[0].line));
	assert_string_equal(r->lines[0].name, "Build Your Own Pizza");
	assert_int_equal(r->lines[0].options.n, 1);
	assert_string_equal(r->lines[0].options.v[0], "Large");
	assert_true(r->lines[0].has_price);
	assert_int_equal(r->lines[0].unit_price, 1299);
	assert_int_equal(r->lines[0].line_total, 2598);
	assert_string_equal(r->fulfillment_type, FULFILLMENT_DELIVERY);
	assert_string_equal(r->address->address1, "1420 E Pine St");
	assert_string_equal(r->instructions, "ring twice");
	assert_string_equal(r->payment_label, "Visa ···· 4242");
	assert_null(r->state);
	/* The server's amounts, exactly: the unknown member and the decimals survive. */
	char *want = jm_dump(amounts_to_json(e.amounts)),
	     *got = jm_dump(amounts_to_json(r->amounts));
	assert_string_equal(got, want);
	assert_non_null(strstr(got, "\"futureMember\""));
	assert_non_null(strstr(got, "25.03"));
	assert_int_equal(r->amounts->total, 2503);
	free(want);
	free(got);
	/* No card token can be in the file: there is no member for one. */
	char *text = fx_read(order_history_path(h));
	assert_null(strstr(text, "cardToken"));
	free(text);
	/* 0600 in a 0700 directory. */
	struct stat st;
	assert_int_equal(stat(order_history_path(h), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(f->dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	order_history_entry_clear(&e);
	order_history_close(h);
}

static void newest_first_and_same_key_replaces(void **state)
{
	fixture *f = *state;
	order_history *h = open_history(f, URL_SANDBOX, "u");
	order_history_entry a = make_entry(1, 1000), b = make_entry(2, 3000),
			    c = make_entry(3, 2000);
	add_ok(f, h, &a);
	add_ok(f, h, &b);
	add_ok(f, h, &c);
	assert_int_equal(order_history_count(h), 3);
	assert_string_equal(order_history_at(h, 0)->gett_order_id, "order-2");
	assert_string_equal(order_history_at(h, 1)->gett_order_id, "order-3");
	assert_string_equal(order_history_at(h, 2)->gett_order_id, "order-1");
	/* Placed in the same second: the one added last is the newest. */
	order_history_entry d = make_entry(4, 3000);
	add_ok(f, h, &d);
	assert_string_equal(order_history_at(h, 0)->gett_order_id, "order-4");
	assert_string_equal(order_history_at(h, 1)->gett_order_id, "order-2");
	order_history_entry_clear(&d);
	order_history_close(h);
	h = open_history(f, URL_SANDBOX, "u"); /* and so it reads back */
	assert_string_equal(order_history_at(h, 0)->gett_order_id, "order-4");
	assert_string_equal(order_history_at(h, 1)->gett_order_id, "order-2");
	/* The same key again (a reconciliation after the same-step write) is one record. */
	free(a.store_name);
	a.store_name = strdup("Renamed");
	add_ok(f, h, &a);
	assert_int_equal(order_history_count(h), 4);
	assert_string_equal(order_history_find(h, a.idempotency_key)->store_name, "Renamed");
	assert_null(order_history_find(h, "nope"));
	assert_string_equal(order_history_find_order(h, "order-3")->idempotency_key,
			    c.idempotency_key);
	order_history_entry_clear(&a);
	order_history_entry_clear(&b);
	order_history_entry_clear(&c);
	order_history_close(h);
}

static void bounded_to_the_newest(void **state)
{
	fixture *f = *state;
	order_history *h = open_history(f, URL_SANDBOX, "u");
	order_history_set_limit(h, 3);
	for (int i = 1; i <= 5; i++) {
		order_history_entry e = make_entry(i, 1000 + i);
		add_ok(f, h, &e);
		order_history_entry_clear(&e);
	}
	assert_int_equal(order_history_count(h), 3);
	assert_string_equal(order_history_at(h, 0)->gett_order_id, "order-5");
	assert_string_equal(order_history_at(h, 2)->gett_order_id, "order-3");
	assert_null(order_history_find_order(h, "order-2"));
	/* An older order than every record kept does not push a newer one out. */
	order_history_entry old = make_entry(9, 10);
	add_ok(f, h, &old);
	assert_int_equal(order_history_count(h), 3);
	assert_null(order_history_find_order(h, "order-9"));
	order_history_entry_clear(&old);
	order_history_close(h);
	/* The file holds the bound too. */
	h = open_history(f, URL_SANDBOX, "u");
	assert_int_equal(order_history_count(h), 3);
	order_history_close(h);
	assert_int_equal(ORDER_HISTORY_MAX, 200);
}

static void status_is_recorded(void **state)
{
	fixture *f = *state;
	order_history *h = open_history(f, URL_SANDBOX, "u");
	order_history_entry e = make_entry(1, 1000);
	add_ok(f, h, &e);
	assert_true(order_history_set_status(h, "order-1", "open", "preparing", NULL, 2000, f->err,
					     sizeof f->err));
	assert_true(order_history_set_status(h, "order-1", "cancelled", "preparing",
					     "Store closed early", 3000, f->err, sizeof f->err));
	assert_false(order_history_set_status(h, "order-404", "open", "pending", NULL, 1, f->err,
					      sizeof f->err));
	/* A record made without its store (from the journal alone) learns it later, once. */
	order_history_entry bare = make_entry(2, 500);
	free(bare.store_name);
	free(bare.time_zone);
	bare.store_name = bare.time_zone = NULL;
	add_ok(f, h, &bare);
	bool changed = true;
	assert_true(order_history_set_store(h, "store-9", "Elsewhere", "UTC", &changed, f->err,
					    sizeof f->err));
	assert_false(changed); /* another store */
	assert_true(order_history_set_store(h, "store-1", "Slice", "America/Los_Angeles", &changed,
					    f->err, sizeof f->err));
	assert_true(changed);
	assert_string_equal(order_history_find_order(h, "order-2")->store_name, "Slice");
	assert_string_equal(order_history_find_order(h, "order-1")->store_name,
			    "Slice of Heaven"); /* kept: it had one */
	assert_true(order_history_set_store(h, "store-1", "Slice", "America/Los_Angeles", &changed,
					    f->err, sizeof f->err));
	assert_false(changed);
	order_history_entry_clear(&bare);
	order_history_close(h);
	h = open_history(f, URL_SANDBOX, "u");
	const order_history_entry *r = order_history_find_order(h, "order-1");
	assert_string_equal(r->state, "cancelled");
	assert_string_equal(order_history_find_order(h, "order-2")->time_zone,
			    "America/Los_Angeles");
	assert_string_equal(r->cancel_reason, "Store closed early");
	assert_int_equal(r->status_at, 3000);
	order_history_entry_clear(&e);
	order_history_close(h);
}

static void users_and_servers_are_kept_apart(void **state)
{
	fixture *f = *state;
	order_history *a = open_history(f, URL_SANDBOX, "alice@example.com");
	order_history *b = open_history(f, URL_SANDBOX, "bob@example.com");
	order_history *c = open_history(f, URL_LOCAL, "alice@example.com");
	assert_string_not_equal(order_history_path(a), order_history_path(b));
	assert_string_not_equal(order_history_path(a), order_history_path(c));
	/* Neither the URL nor the user shows in the file name. */
	assert_null(strstr(order_history_path(a), "alice"));
	order_history_entry e1 = make_entry(1, 1000), e2 = make_entry(2, 2000);
	add_ok(f, a, &e1);
	add_ok(f, b, &e2);
	order_history_close(a);
	order_history_close(b);
	order_history_close(c);
	a = open_history(f, URL_SANDBOX, "alice@example.com");
	b = open_history(f, URL_SANDBOX, "bob@example.com");
	c = open_history(f, URL_LOCAL, "alice@example.com");
	assert_int_equal(order_history_count(a), 1);
	assert_string_equal(order_history_at(a, 0)->gett_order_id, "order-1");
	assert_int_equal(order_history_count(b), 1);
	assert_string_equal(order_history_at(b, 0)->gett_order_id, "order-2");
	assert_int_equal(order_history_count(c), 0);
	/* A file copied from another account is not adopted: set aside, empty. */
	char *alice = fx_read(order_history_path(a));
	order_history_close(c);
	char *name = strdup(strrchr(order_history_path(b), '/') + 1);
	order_history_close(b);
	char *copied = fx_write(f->dir, name, alice, 0600);
	free(name);
	b = open_history(f, URL_SANDBOX, "bob@example.com");
	assert_int_equal(order_history_count(b), 0);
	assert_non_null(strstr(f->problem, "another server or user"));
	free(copied);
	free(alice);
	order_history_entry_clear(&e1);
	order_history_entry_clear(&e2);
	order_history_close(a);
	order_history_close(b);
}

static void corrupt_file_is_set_aside(void **state)
{
	fixture *f = *state;
	static const char *const damaged[] = {
	    "{\"version\":1,\"baseUrl\":", /* torn */
	    "[]",
	    "{\"version\":2,\"baseUrl\":\"" URL_SANDBOX "\",\"user\":\"u\",\"orders\":[]}",
	    "{\"version\":1,\"baseUrl\":\"" URL_SANDBOX "\",\"user\":\"u\",\"orders\":[{}]}",
	    "{\"version\":1,\"baseUrl\":\"" URL_SANDBOX "\",\"user\":\"u\",\"orders\":[{"
	    "\"idempotencyKey\":\"k\",\"placedAt\":\"yesterday\"}]}",
	    "{\"version\":1,\"baseUrl\":\"" URL_SANDBOX "\",\"user\":\"u\",\"orders\":[{"
	    "\"idempotencyKey\":\"k\",\"placedAt\":\"2026-01-01T00:00:00Z\",\"lines\":[{}]}]}",
	};
	order_history *h = open_history(f, URL_SANDBOX, "u");
	char *path = strdup(order_history_path(h));
	order_history_close(h);
	assert_true(file_mkdir_p(f->dir, 0700));
	for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
		FILE *out = fopen(path, "w");
		assert_non_null(out);
		fputs(damaged[i], out);
		fclose(out);
		h = open_history(f, URL_SANDBOX, "u");
		assert_int_equal(order_history_count(h), 0);
		assert_non_null(strstr(f->problem, "damaged"));
		assert_non_null(strstr(f->problem, ".corrupt"));
		/* Goes on: the next order is recorded in a fresh file. */
		order_history_entry e = make_entry(1, 1000);
		add_ok(f, h, &e);
		order_history_entry_clear(&e);
		order_history_close(h);
		h = open_history(f, URL_SANDBOX, "u");
		assert_int_equal(order_history_count(h), 1);
		assert_string_equal(f->problem, "");
		order_history_close(h);
	}
	assert_int_equal(fx_count(f->dir, ".corrupt"), sizeof damaged / sizeof damaged[0]);
	free(path);
}

/* Crash safety: a write never leaves a torn file (the temporary of a write that died is
   hidden and ignored), and two running copies of the app never lose each other's orders. */
static void crash_leftovers_and_two_processes(void **state)
{
	fixture *f = *state;
	order_history *h = open_history(f, URL_SANDBOX, "u");
	order_history_entry e1 = make_entry(1, 1000);
	add_ok(f, h, &e1);
	/* A write that died before its rename leaves ".<name>.tmp-XXXXXX" beside the file. */
	char *name = strrchr(order_history_path(h), '/') + 1;
	char tmp[128];
	snprintf(tmp, sizeof tmp, ".%s.tmp-abc123", name);
	free(fx_write(f->dir, tmp, "{\"version\":1,\"baseUrl\":", 0600));
	order_history *other = open_history(f, URL_SANDBOX, "u");
	assert_string_equal(f->problem, "");
	assert_int_equal(order_history_count(other), 1);
	/* Both add an order: each reads the file again first, so both orders are kept. */
	order_history_entry e2 = make_entry(2, 2000), e3 = make_entry(3, 3000);
	add_ok(f, other, &e2);
	add_ok(f, h, &e3);
	assert_int_equal(order_history_count(h), 3);
	assert_true(order_history_set_status(other, "order-1", "open", "ready", NULL, 5, f->err,
					     sizeof f->err));
	order_history_close(h);
	order_history_close(other);
	h = open_history(f, URL_SANDBOX, "u");
	assert_int_equal(order_history_count(h), 3);
	assert_non_null(order_history_find_order(h, "order-3"));
	assert_string_equal(order_history_find_order(h, "order-1")->status, "ready");
	order_history_close(h);
	order_history_entry_clear(&e1);
	order_history_entry_clear(&e2);
	order_history_entry_clear(&e3);
}

static void a_record_without_key_is_refused(void **state)
{
	fixture *f = *state;
	order_history *h = open_history(f, URL_SANDBOX, "u");
	order_history_entry e = make_entry(1, 1000);
	char *key = e.idempotency_key;
	e.idempotency_key = NULL;
	assert_false(order_history_add(h, &e, f->err, sizeof f->err));
	assert_int_equal(order_history_count(h), 0);
	e.idempotency_key = key;
	/* Text that is not UTF-8 is refused whole: the file keeps what it had. */
	add_ok(f, h, &e);
	order_history_entry bad = make_entry(2, 2000);
	free(bad.store_name);
	bad.store_name = strdup("Caf\xe9");
	assert_false(order_history_add(h, &bad, f->err, sizeof f->err));
	assert_int_equal(order_history_count(h), 1);
	order_history_close(h);
	h = open_history(f, URL_SANDBOX, "u");
	assert_int_equal(order_history_count(h), 1);
	assert_string_equal(f->problem, "");
	order_history_entry_clear(&e);
	order_history_entry_clear(&bad);
	order_history_close(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(newest_first_and_same_key_replaces, setup, teardown),
	    cmocka_unit_test_setup_teardown(bounded_to_the_newest, setup, teardown),
	    cmocka_unit_test_setup_teardown(status_is_recorded, setup, teardown),
	    cmocka_unit_test_setup_teardown(users_and_servers_are_kept_apart, setup, teardown),
	    cmocka_unit_test_setup_teardown(corrupt_file_is_set_aside, setup, teardown),
	    cmocka_unit_test_setup_teardown(crash_leftovers_and_two_processes, setup, teardown),
	    cmocka_unit_test_setup_teardown(a_record_without_key_is_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

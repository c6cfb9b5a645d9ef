/*
 * The view stack's generic parts (src/ui/app.h): key table rows bound by mode, and the hooks
 * through which app events reach views the app does not know. A view here is a test double;
 * the screen is a virtual one (as the headless scripts use), output thrown away.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "ui/app.h"
#include "ui/online.h"

enum { TEST_BROWSING = 1u << 0, TEST_ORDERING = 1u << 1 };
enum { TEST_ACT = VIEW_ACTION_FIRST };

static const ui_keybind test_keys[] = {
    {'x', 0, "x", "act", TEST_ACT, 0},
    {'c', 0, "c", "the cart", APP_ACTION_CART, TEST_ORDERING},
    {'q', 0, "q", "back", APP_ACTION_BACK, TEST_BROWSING},
    {'q', 0, "q", "quit", APP_ACTION_QUIT, TEST_ORDERING},
};

/* What the double saw: the last action and key its `key` got. */
typedef struct test_view {
	view base;
	int keys_seen;
	int last_action;
} test_view;

static void tv_draw(view *v, int rows, int cols) {}

static void tv_key(view *v, int action, ui_key key)
{
	test_view *t = (test_view *)v;
	t->keys_seen++;
	t->last_action = action;
}

static void tv_destroy(view *v)
{
	free(v);
}

static const view_ops test_ops = {
    .name = "Test",
    .draw = tv_draw,
    .key = tv_key,
    .destroy = tv_destroy,
    VIEW_KEYS(test_keys),
};

/* A second kind of view that counts its `enter` calls (app_raise). */
static int g_entered;

static void tv_enter(view *v)
{
	g_entered++;
}

static const view_ops entered_ops = {
    .name = "Entered",
    .draw = tv_draw,
    .key = tv_key,
    .enter = tv_enter,
    .destroy = tv_destroy,
};

static view *new_view(const view_ops *ops)
{
	test_view *t = xcalloc(1, sizeof *t);
	t->base.ops = ops;
	return &t->base;
}

/* What the hooks saw. */
typedef struct seen {
	int carts;
	int changes_calls;
	unsigned changes;
	int destroyed;
} seen;

static seen g_seen;

static void hook_cart(app *a)
{
	g_seen.carts++;
}

static void hook_changed(app *a, unsigned changes)
{
	g_seen.changes_calls++;
	g_seen.changes |= changes;
}

static void hook_destroy(void *user)
{
	g_seen.destroyed++;
	free(user);
}

typedef struct fixture {
	uv_loop_t loop;
	app a;
	shop *shop;
	FILE *out, *in;
	int fds[2];
} fixture;

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);
	g_seen = (seen){0};
	assert_int_equal(uv_loop_init(&f->loop), 0);
	app_init(&f->a, &f->loop);
	shop_local_settings ls = {.loop = &f->loop, .file = "t.json", .time_zone = "UTC"};
	f->shop = shop_new_local(&ls);
	f->a.shop = f->shop;
	f->out = fopen("/dev/null", "w");
	assert_non_null(f->out);
	assert_int_equal(pipe(f->fds), 0);
	f->in = fdopen(f->fds[0], "r");
	f->a.screen = newterm("xterm-256color", f->out, f->in);
	if (!f->a.screen)
		f->a.screen = newterm("vt100", f->out, f->in);
	assert_non_null(f->a.screen);
	resizeterm(24, 80);
	app_hooks hooks = {.cart = hook_cart,
			   .shop_changed = hook_changed,
			   .destroy = hook_destroy,
			   .user = xmalloc(8)};
	app_set_hooks(&f->a, &hooks);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	app_free(&f->a);
	endwin();
	delscreen(f->a.screen);
	fclose(f->out);
	fclose(f->in);
	close(f->fds[1]);
	shop_free(f->shop);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&f->loop), 0);
	free(f);
	return 0;
}

static test_view *push_view(app *a, unsigned mode)
{
	test_view *t = xcalloc(1, sizeof *t);
	t->base.ops = &test_ops;
	t->base.mode = mode;
	app_push(a, &t->base);
	return t;
}

static void test_rows_bound_by_mode(void **state)
{
	(void)state;
	view browsing = {.ops = &test_ops, .mode = TEST_BROWSING};
	view ordering = {.ops = &test_ops, .mode = TEST_ORDERING};
	view none = {.ops = &test_ops};
	assert_true(app_key_bound(&browsing, &test_keys[0])); /* modes 0: every mode */
	assert_true(app_key_bound(&none, &test_keys[0]));
	assert_false(app_key_bound(&browsing, &test_keys[1]));
	assert_true(app_key_bound(&ordering, &test_keys[1]));
	assert_false(app_key_bound(&none, &test_keys[1]));
	assert_true(app_key_bound(&browsing, &test_keys[2]));
	assert_false(app_key_bound(&ordering, &test_keys[2]));
}

/* A row of another mode is not bound: the key reaches the view raw (APP_ACTION_NONE). */
static void test_cart_key_only_in_its_mode(void **state)
{
	fixture *f = *state;
	test_view *t = push_view(&f->a, TEST_BROWSING);
	app_handle_key(&f->a, 'c');
	assert_int_equal(g_seen.carts, 0);
	assert_int_equal(t->keys_seen, 1);
	assert_int_equal(t->last_action, APP_ACTION_NONE);
	app_handle_key(&f->a, 'x');
	assert_int_equal(t->last_action, TEST_ACT);

	t = push_view(&f->a, TEST_ORDERING);
	app_handle_key(&f->a, 'c');
	assert_int_equal(g_seen.carts, 1); /* the hook, never the view */
	assert_int_equal(t->keys_seen, 0);
}

/* The same key, two rows: the one of the view's mode wins (q goes back, or quits). */
static void test_same_key_per_mode(void **state)
{
	fixture *f = *state;
	push_view(&f->a, TEST_BROWSING);
	push_view(&f->a, TEST_BROWSING);
	app_handle_key(&f->a, 'q');
	assert_int_equal(f->a.depth, 1);
	assert_false(f->a.quit);
	app_pop(&f->a);
	push_view(&f->a, TEST_ORDERING);
	push_view(&f->a, TEST_ORDERING);
	app_handle_key(&f->a, 'q');
	assert_int_equal(f->a.depth, 2);
	assert_true(f->a.quit); /* the local shop's cart is empty: no question */
}

static void test_shop_changes_reach_the_hook(void **state)
{
	fixture *f = *state;
	app_shop_changed(&f->a, SHOP_CHANGED_ORDER | SHOP_CHANGED_CART);
	assert_int_equal(g_seen.changes_calls, 1);
	assert_int_equal(g_seen.changes, SHOP_CHANGED_ORDER | SHOP_CHANGED_CART);
	assert_true(f->a.dirty);
}

/* Without hooks the cart key does nothing, and app_free frees nothing of theirs. */
static void test_no_hooks(void **state)
{
	fixture *f = *state;
	app_free(&f->a); /* the fixture's hooks go */
	assert_int_equal(g_seen.destroyed, 1);
	test_view *t = push_view(&f->a, TEST_ORDERING);
	app_handle_key(&f->a, 'c');
	assert_int_equal(g_seen.carts, 0);
	assert_int_equal(t->keys_seen, 0);
	app_shop_changed(&f->a, SHOP_CHANGED_ORDER);
	assert_int_equal(g_seen.changes_calls, 0);
	app_free(&f->a);
	assert_int_equal(g_seen.destroyed, 1);
}

/* n entries of `rows` rows each (a selectable row, then rows - 1 details), on a page of h. */
static void doc_of_entries(ui_doc *d, int n, int rows, int h)
{
	memset(d, 0, sizeof *d);
	for (int e = 0; e < n; e++)
		for (int r = 0; r < rows; r++)
			ui_doc_add(d, 0, 0, r == 0 ? 1 : 0, e, "entry %d row %d", e, r);
	ui_doc_resize(d, h);
	ui_doc_restore(d, 0, 0);
}

/* One move of a document and where it leaves the list. */
typedef struct doc_step {
	ui_move move;
	int top, cursor;
	const char *what;
} doc_step;

/* Makes the moves in turn; fails naming the first step that leaves top or cursor elsewhere. */
static void expect_doc_steps(ui_doc *d, const doc_step *steps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ui_doc_move(d, steps[i].move);
		if (d->list.top != steps[i].top || d->list.cursor != steps[i].cursor)
			fail_msg("step %zu (%s): top %d, cursor %d; expected top %d, cursor %d", i,
				 steps[i].what, d->list.top, d->list.cursor, steps[i].top,
				 steps[i].cursor);
	}
}

/* Paging moves whole entries: the page starts with the entry the bottom edge cut, the cursor
   moves as many entries, and no entry is cut at the top, the last page included. */
static void test_doc_pages_whole_entries(void **state)
{
	ui_doc d;
	doc_of_entries(&d, 10, 3, 8); /* rows 0..29; a page shows 2 entries and 2/3 of one */
	assert_int_equal(d.list.cursor, 0);
	static const doc_step pages[] = {
	    {UI_MOVE_PAGE_DOWN, 6, 6, "the first page down"},
	    {UI_MOVE_PAGE_DOWN, 12, 12, "the second page down"},
	    {UI_MOVE_PAGE_UP, 6, 6, "a page up"},
	    {UI_MOVE_PAGE_UP, 0, 0, "back to the top"},
	    {UI_MOVE_PAGE_UP, 0, 0, "at the top: stays"},
	    /* its first row an entry's (24), not rows 22..29 */
	    {UI_MOVE_LAST, 24, 27, "the last page"},
	};
	expect_doc_steps(&d, pages, sizeof pages / sizeof *pages);
	ui_doc_move(&d, UI_MOVE_FIRST);
	for (int i = 0; i < 4; i++)
		ui_doc_move(&d, UI_MOVE_PAGE_DOWN);
	assert_int_equal(d.list.top, 24);
	ui_doc_move(&d, UI_MOVE_PAGE_DOWN); /* the end is shown: the last entry */
	assert_int_equal(d.list.cursor, 27);
	/* j onto an entry below the page shows it whole, its first row not cut. */
	ui_doc_move(&d, UI_MOVE_FIRST);
	ui_doc_move(&d, UI_MOVE_DOWN);
	ui_doc_move(&d, UI_MOVE_DOWN);
	ui_doc_move(&d, UI_MOVE_DOWN);
	assert_int_equal(d.list.cursor, 9);
	assert_int_equal(d.list.top, 6);
	ui_doc_free(&d);
}

/* An entry taller than the page is paged by rows; a note under the last entry ("More
   below…") does not make the last page start inside an entry. */
static void test_doc_tall_entry_and_apart_row(void **state)
{
	ui_doc d;
	doc_of_entries(&d, 2, 20, 8);
	ui_doc_move(&d, UI_MOVE_PAGE_DOWN);
	assert_int_equal(d.list.top, 7);
	ui_doc_free(&d);

	doc_of_entries(&d, 4, 2, 8);
	ui_doc_add(&d, 0, 0, 0, 0, "More below"); /* rows 0..7, then row 8 */
	ui_doc_resize(&d, 8);
	ui_doc_move(&d, UI_MOVE_PAGE_DOWN);
	/* The last page starts on a whole entry (row 2), not on the second row of the first. */
	assert_int_equal(d.list.top, 2);
	assert_int_equal(d.list.cursor, 6);
	ui_doc_move(&d, UI_MOVE_PAGE_UP);
	assert_int_equal(d.list.top, 0);
	ui_doc_free(&d);
}

/* "Show X from anywhere": an open X comes back to the top, entered once (rebuilt), whether
   views were above it or it was already on top; none open is NULL, and nothing changes. */
static void test_raise_brings_back_and_enters(void **state)
{
	fixture *f = *state;
	app *a = &f->a;
	assert_null(app_raise(a, &entered_ops));
	view *x = new_view(&entered_ops);
	app_push(a, new_view(&test_ops));
	app_push(a, x);
	app_push(a, new_view(&test_ops));
	app_push(a, new_view(&test_ops));
	g_entered = 0;
	assert_ptr_equal(app_raise(a, &entered_ops), x);
	assert_ptr_equal(app_top(a), x);
	assert_int_equal(a->depth, 2);
	assert_int_equal(g_entered, 1);
	assert_ptr_equal(app_raise(a, &entered_ops), x); /* already on top: entered again */
	assert_int_equal(a->depth, 2);
	assert_int_equal(g_entered, 2);
	assert_null(app_raise(a, &(view_ops){.name = "absent"}));
	assert_int_equal(a->depth, 2);
}

static view *new_entered_view(app *a)
{
	return new_view(&entered_ops);
}

/* app_show: the open one comes back (entered, nothing made); none open, a new one is pushed. */
static void test_show_raises_else_pushes(void **state)
{
	fixture *f = *state;
	app *a = &f->a;
	app_show(a, &entered_ops, new_entered_view);
	view *x = app_top(a);
	assert_ptr_equal(x->ops, &entered_ops);
	assert_int_equal(a->depth, 1);
	app_push(a, new_view(&test_ops));
	g_entered = 0;
	app_show(a, &entered_ops, new_entered_view);
	assert_ptr_equal(app_top(a), x);
	assert_int_equal(a->depth, 1);
	assert_int_equal(g_entered, 1);
}

/* A document view whose build counts its calls and writes one row. */
static int g_built;

static void counted_build(view *v)
{
	g_built++;
	ui_doc *d = ui_doc_view_doc(v);
	ui_doc_clear(d);
	ui_doc_add(d, 0, 0, 1, 0, "%s", "row");
}

/* Only what the test calls: the view is never pushed. */
static const view_ops doc_ops = {
    .resize = ui_doc_view_resized,
    .destroy = ui_doc_view_destroy,
    .doc = ui_doc_view_doc,
};

/* The ui_doc_view base builds the rows again when the width changes (not on a height alone) and
   gives the document the rows its frame leaves. */
static void test_doc_view_builds_on_width(void **state)
{
	fixture *f = *state;
	ui_doc_view *dv = ui_doc_view_new(&f->a, &doc_ops, sizeof *dv, counted_build, 3);
	view *v = &dv->base;
	g_built = 0;
	v->ops->resize(v, 20, dv->cols);
	assert_int_equal(g_built, 0);
	assert_int_equal(dv->doc.list.height, 17);
	v->ops->resize(v, 20, dv->cols + 10);
	assert_int_equal(g_built, 1);
	assert_int_equal(dv->doc.n, 1);
	assert_ptr_equal(v->ops->doc(v), &dv->doc);
	v->ops->destroy(v);
}

/* A view's constructor starts zeroed with its ops and app (app_view_new); VIEW_KEYS counts the
   whole table. */
static void test_view_new_sets_ops_and_app(void **state)
{
	fixture *f = *state;
	assert_int_equal(test_ops.n_keys, 4);
	assert_ptr_equal(test_ops.keys, test_keys);
	test_view *t = app_view_new(&f->a, &test_ops, sizeof *t);
	assert_ptr_equal(t->base.ops, &test_ops);
	assert_ptr_equal(t->base.app, &f->a);
	assert_int_equal(t->base.mode, 0);
	assert_int_equal(t->keys_seen, 0);
	assert_int_equal(t->last_action, 0);
	app_push(&f->a, &t->base);
	assert_ptr_equal(app_top(&f->a), &t->base);
}

/* The words of an order's status: the state first, then the status, and "Placed" only where
   something says so (a state, or the confirmation of an order just placed); its fulfillment
   in words, or as the server wrote it. */
static void test_order_status_words(void **state)
{
	char buf[128];
	assert_string_equal(
	    ui_order_status_text("cancelled", "preparing", "Out of dough", false, buf, sizeof buf),
	    "Cancelled: Out of dough");
	assert_string_equal(ui_order_status_text("cancelled", NULL, NULL, true, buf, sizeof buf),
			    "Cancelled");
	assert_string_equal(
	    ui_order_status_text("completed", "ready", NULL, false, buf, sizeof buf), "Completed");
	assert_string_equal(ui_order_status_text("open", "inTransit", NULL, false, buf, sizeof buf),
			    "On the way");
	assert_string_equal(ui_order_status_text(NULL, "preparing", NULL, true, buf, sizeof buf),
			    "Preparing");
	assert_string_equal(ui_order_status_text("open", NULL, NULL, false, buf, sizeof buf),
			    "Placed");
	assert_string_equal(ui_order_status_text(NULL, NULL, NULL, true, buf, sizeof buf),
			    "Placed");
	assert_string_equal(ui_order_status_text(NULL, NULL, NULL, false, buf, sizeof buf),
			    "not read yet");
	assert_string_equal(ui_fulfillment_name(FULFILLMENT_PICKUP), "Pickup");
	assert_string_equal(ui_fulfillment_name(FULFILLMENT_DELIVERY), "Delivery");
	assert_string_equal(ui_fulfillment_name("drone"), "drone");
	assert_null(ui_fulfillment_name(NULL));
	assert_string_equal(ui_order_refresh_note(buf, sizeof buf),
			    "The status is read again every 5 s (r: now).");
	/* When it was placed: one form for the confirmation, the list and the detail. */
	time_t placed = 1795030200; /* 2026-11-18T19:30:00Z */
	assert_string_equal(ui_order_when(placed, "America/Los_Angeles", true, buf, sizeof buf),
			    "Wed 18 Nov 2026 11:30 (America/Los_Angeles)");
	assert_string_equal(ui_order_when(placed, "Asia/Tokyo", false, buf, sizeof buf),
			    "Thu 19 Nov 2026 04:30");
	/* An unknown zone: this machine's clock (the tests' America/Los_Angeles), unnamed. */
	assert_string_equal(ui_order_when(placed, "Nowhere/Atlantis", true, buf, sizeof buf),
			    "Wed 18 Nov 2026 11:30");
}

static int g_reads;
static shop *g_read_shop;

static void count_read(shop *s)
{
	g_reads++;
	g_read_shop = s;
}

/* The status is read again (through the view's shop) only while the view is on top, and never
   once stopped. */
static void test_refresh_reads_only_on_top(void **state)
{
	fixture *f = *state;
	app *a = &f->a;
	view *under = new_view(&test_ops), *top = new_view(&test_ops);
	app_push(a, under);
	app_push(a, top);
	g_reads = 0;
	ui_refresh *r_under = ui_refresh_start(under, count_read, 0);
	ui_refresh *r_stopped = ui_refresh_start(top, count_read, 0);
	ui_refresh_stop(r_stopped);
	uv_run(&f->loop, UV_RUN_NOWAIT);
	assert_int_equal(g_reads, 0);
	ui_refresh *r_top = ui_refresh_start(top, count_read, 0);
	uv_run(&f->loop, UV_RUN_NOWAIT);
	assert_int_equal(g_reads, 1);
	assert_ptr_equal(g_read_shop, f->shop);
	ui_refresh_stop(r_under);
	ui_refresh_stop(r_top);
}

/* Row 0 of the screen as text (ASCII here), blanks at the end dropped. */
static const char *screen_row0(char *buf, int n)
{
	mvinnstr(0, 0, buf, n - 1);
	for (int i = (int)strlen(buf); i > 0 && buf[i - 1] == ' '; i--)
		buf[i - 1] = '\0';
	return buf;
}

/* A view's title row: the title from column 1, the right words flush with the columns the
   badge leaves, cut before the title is. */
static void test_title_row(void **state)
{
	fixture *f = *state;
	app *a = &f->a;
	char row[128];
	resizeterm(24, 40);
	erase();
	ui_title(a, "Your orders", "3 orders", COLS);
	/* 38 columns from column 1: the last one is the terminal's margin. */
	assert_string_equal(screen_row0(row, sizeof row),
			    " Your orders                   3 orders");
	erase();
	a->badge = "DEMO"; /* and a blank before it: 5 columns fewer */
	ui_title(a, "Your orders", "3 orders", COLS);
	assert_string_equal(screen_row0(row, sizeof row), " Your orders              3 orders");
	erase();
	ui_title(a, "Your orders", "from a store with a very long name", COLS);
	screen_row0(row, sizeof row);
	assert_true(strncmp(row, " Your orders  from a store with", 31) == 0);
	assert_true(strlen(row) <= 34); /* cut within the columns the badge leaves */
	erase();
	ui_title(a, "Your orders", NULL, COLS);
	assert_string_equal(screen_row0(row, sizeof row), " Your orders");
	a->badge = NULL;
}

/* ------------------------------------------------------------------ hyperlinks */

/* A catalog is untrusted: only plain http(s) addresses of printable ASCII are linked. */
static void test_link_url_sanitized(void **state)
{
	assert_true(app_link_url_ok("https://img.example/pizza.jpg?w=640&h=480"));
	assert_true(app_link_url_ok("http://img.example/a%20b.png"));
	assert_true(app_link_url_ok("HTTPS://IMG.EXAMPLE/X"));
	static const char *const bad[] = {
	    "",
	    "img.example/pizza.jpg",
	    "javascript:alert(1)",
	    "file:///etc/passwd",
	    "ftp://img.example/x",
	    "https://img.example/\033]8;;https://evil.example\033\\x", /* ESC: a new link */
	    "https://img.example/\033[2J",			       /* ESC: clears */
	    "https://img.example/x\a",				       /* BEL ends OSC */
	    "https://img.example/x\x9c",			       /* C1 ST, raw */
	    "https://img.example/x\xc2\x9c",			       /* C1 ST in UTF-8 */
	    "https://img.example/ä.png",			       /* not ASCII */
	    "https://img.example/a b.png",
	    "https://img.example/x\x7f",
	    "https://img.example/\n",
	};
	assert_false(app_link_url_ok(NULL));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (app_link_url_ok(bad[i]))
			fail_msg("linked: %zu", i);
	char *huge = xmalloc(3000);
	memset(huge, 'a', 2999);
	huge[2999] = '\0';
	memcpy(huge, "https://", 8);
	assert_false(app_link_url_ok(huge));
	free(huge);
}

#define GOOD_URL "https://img.example/pizza.jpg"
#define EVIL_URL "https://img.example/\033]8;;https://evil.example\033\\x"

/* Draws two addresses and marks them as links: row 3 a good one, row 5 one with ESC. */
static void link_draw(view *v, int rows, int cols)
{
	ui_put(stdscr, 3, 4, GOOD_URL, cols, A_DIM);
	app_link(v->app, 3, GOOD_URL, GOOD_URL);
	ui_put(stdscr, 5, 4, "evil", cols, 0);
	app_link(v->app, 5, "evil", EVIL_URL);
	app_link(v->app, 7, "not drawn", GOOD_URL); /* nothing there */
}

static const view_ops link_ops = {
    .name = "Links",
    .draw = link_draw,
    .key = tv_key,
    .destroy = tv_destroy,
};

/* What app_write_links writes after a frame, as a string. */
static char *written_links(app *a, size_t *n_written)
{
	FILE *out = tmpfile();
	assert_non_null(out);
	*n_written = app_write_links(a, out);
	long len = ftell(out);
	char *text = xcalloc(1, (size_t)len + 1);
	rewind(out);
	assert_int_equal(fread(text, 1, (size_t)len, out), (size_t)len);
	fclose(out);
	return text;
}

/* The good address is written as an OSC 8 link around the same text at its place; the one
   with ESC never (neither linked nor its bytes written); the link drawn nowhere is dropped.
   Off or headless: nothing is written. Under a question's box the text is gone, and so is the
   link. */
static void test_links_written_only_sanitized(void **state)
{
	fixture *f = *state;
	app *a = &f->a;
	app_push(a, new_view(&link_ops));
	app_draw(a);
	assert_int_equal(a->n_links, 1);
	assert_int_equal(a->links[0].y, 3);
	assert_int_equal(a->links[0].x, 4);
	assert_true(a->links[0].attr & A_DIM);
	size_t n;
	char *out = written_links(a, &n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(out, ";" GOOD_URL "\033\\" GOOD_URL "\033]8;;\033\\"));
	assert_non_null(strstr(out, "\033]8;id=gett"));
	assert_null(strstr(out, "evil"));
	size_t osc8 = 0;
	for (const char *p = out; (p = strstr(p, "\033]8;")); p++)
		osc8++;
	assert_int_equal(osc8, 2); /* the link opened and closed, once */
	free(out);

	a->hyperlinks = false;
	out = written_links(a, &n);
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
	free(out);
	a->hyperlinks = true;

	a->headless = true; /* a script's virtual screen */
	out = written_links(a, &n);
	assert_int_equal(n, 0);
	free(out);
	a->headless = false;

	/* A question of many lines, in a box across the rows of the link: its text is gone. */
	app_ask(a, NULL, NULL, "%s", "Q\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15");
	app_draw(a);
	assert_int_equal(a->n_links, 0);
}

/* Each write() of the screen arrives as one message on a SOCK_SEQPACKET socket. */
static size_t writes_received(int fd)
{
	char buf[65536];
	size_t n = 0;
	while (recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0)
		n++;
	return n;
}

/* A redraw that changes every row goes to the terminal in one write, not one per cursor
   move (ncurses 6.4 flushes at each move until the screen has been through endwin()): over
   SSH each write is a packet, and a terminal can show the half-drawn frame between them. */
static void test_redraw_is_one_write(void **state)
{
	(void)state;
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	FILE *out = fdopen(sv[0], "w"), *in = fopen("/dev/null", "r");
	assert_non_null(out);
	assert_non_null(in);
	SCREEN *screen = newterm("xterm-256color", out, in);
	assert_non_null(screen);
	resizeterm(24, 80);
	uv_loop_t loop;
	assert_int_equal(uv_loop_init(&loop), 0);
	app a;
	app_init(&a, &loop);
	app_start_curses(&a);
	for (int page = 0; page < 3; page++) {
		writes_received(sv[1]);
		for (int y = 0; y < 24; y++) /* names and prices change place, as paging does */
			mvprintw(y, 0, "Dish number %d%*s$%d.00", page * 24 + y, 40 + y % 7 + page,
				 "", y * page);
		refresh();
		if (page > 0)
			assert_in_range(writes_received(sv[1]), 1, 2);
	}
	endwin();
	delscreen(screen);
	app_free(&a);
	fclose(out);
	fclose(in);
	close(sv[1]);
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&loop), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rows_bound_by_mode),
	    cmocka_unit_test_setup_teardown(test_cart_key_only_in_its_mode, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_same_key_per_mode, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_shop_changes_reach_the_hook, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_hooks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_raise_brings_back_and_enters, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_show_raises_else_pushes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_doc_view_builds_on_width, setup, teardown),
	    cmocka_unit_test(test_doc_pages_whole_entries),
	    cmocka_unit_test(test_doc_tall_entry_and_apart_row),
	    cmocka_unit_test_setup_teardown(test_view_new_sets_ops_and_app, setup, teardown),
	    cmocka_unit_test(test_order_status_words),
	    cmocka_unit_test_setup_teardown(test_refresh_reads_only_on_top, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_title_row, setup, teardown),
	    cmocka_unit_test(test_link_url_sanitized),
	    cmocka_unit_test_setup_teardown(test_links_written_only_sanitized, setup, teardown),
	    cmocka_unit_test(test_redraw_is_one_write),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * The cart: its lines with their selections in words, quantities (+/-), removal (x),
 * editing in the picker (Enter), lines no longer on the menu and the problems the last
 * validation found on each line. The subtotal is the client's estimate; the server's
 * amounts are shown at checkout (o).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "base/money.h"
#include "ui/online.h"
#include "rules/pricing.h"
#include "ui/views.h"

typedef struct cart_view {
	ui_doc_view page;
} cart_view;

enum {
	CART_MORE = VIEW_ACTION_FIRST,
	CART_LESS,
	CART_REMOVE,
	CART_EDIT,
	CART_CHECKOUT,
};
enum { ROW_LINE = 1 };

static const ui_keybind cart_keys[] = {
    {'+', '=', "+", N_("one more"), CART_MORE, 0},
    {'-', 0, "-", N_("one less"), CART_LESS, 0},
    {'x', UI_KEY_FN(KEY_DC), "x/Del", N_("remove the line"), CART_REMOVE, 0},
    {UI_KEY_ENTER, 0, "Enter", N_("change the line's options"), CART_EDIT, 0},
    {'o', 0, "o", N_("checkout"), CART_CHECKOUT, 0},
    {UI_KEY_ESC, UI_KEY_BS, "Esc/BS", N_("back"), APP_ACTION_BACK, 0},
    VIEW_KEY_ORDERS(0),
    VIEW_KEY_ACCOUNT(0),
};

static const view_ops cart_ops;

/* Validation problems are shown only while they describe the current cart. */
static const api_line_errors *current_errors(shop *s)
{
	return shop_validation(s) == SHOP_VALIDATION_INVALID ? shop_line_errors(s) : NULL;
}

#define CART_SUMMARY_ROWS 3

static void add_summary(cart_view *cv, const char *summary)
{
	const app *a = cv->page.base.app;
	int width = cv->page.cols - 2 - 4 - 2;
	const char *p = summary;
	for (int row = 0; *p && row < CART_SUMMARY_ROWS; row++) {
		const char *end =
		    row == CART_SUMMARY_ROWS - 1 ? p + strlen(p) : ui_fit_words(p, width);
		if (end == p)
			end = p + strlen(p);
		ui_doc_add(&cv->page.doc, 4, app_attr(a, UI_DIM), 0, 0, "%.*s", (int)(end - p), p);
		p = ui_wrap_next(end);
	}
}

static void add_line(cart_view *cv, size_t i, const line_item *line)
{
	app *a = cv->page.base.app;
	shop *s = a->shop;
	const catalog_set *set = shop_cart_catalog(s);
	char money_buf[MONEY_TEXT_MAX];
	money total;
	ui_row *r = ui_doc_add(&cv->page.doc, 0, A_BOLD, ROW_LINE, (long)i, "%lld × %s",
			       line->quantity, ui_item_name(set, line->item_id));
	if (set && pricing_line_total(set, line, &total, NULL))
		ui_row_set_right(r, app_attr(a, UI_PRICE), money_format(total, money_buf));
	else
		ui_row_set_right(r, app_attr(a, UI_DIM), "—");
	/* The selections in full: a long summary wraps (two rows, then cut) rather than lose
	   its last choices. */
	char *summary = ui_line_summary(set, line);
	if (summary[0])
		add_summary(cv, summary);
	free(summary);
	orderable when;
	if (shop_cart_line_is_stale(s, i)) {
		ui_doc_add(&cv->page.doc, 4, app_attr(a, UI_ERROR), 0, 0, "%s",
			   _("⚠ No longer on the menu: x removes it"));
	} else if (!shop_cart_line_orderable(s, i, &when)) {
		/* Its menu is closed now (a restored cart): when it opens, before checkout says
		   the store refuses it. */
		char words[128];
		ui_doc_add(&cv->page.doc, 4, app_attr(a, UI_ERROR), 0, 0,
			   _("⚠ Not available now (%s)"),
			   orderable_text(&when, words, sizeof words));
	}
	const api_line_errors *errors = current_errors(s);
	bool problems = false;
	for (size_t k = 0; errors && k < errors->n; k++)
		if (errors->v[k].line == (long)i) {
			ui_doc_add(&cv->page.doc, 4, app_attr(a, UI_ERROR), 0, 0, "⚠ %s",
				   errors->v[k].message ? errors->v[k].message : errors->v[k].code);
			problems = true;
		}
	/* The ways to fix a line the store refused; o checks the order again. */
	if (problems)
		ui_doc_add(&cv->page.doc, 6, app_attr(a, UI_DIM), 0, 0, "%s",
			   _("Fix: Enter changes the options, +/- the quantity, x removes it"));
}

/* The view's rows, from the shop (also view_ops.enter and .moved). */
static void build(view *v)
{
	cart_view *cv = (cart_view *)v;
	app *a = cv->page.base.app;
	shop *s = a->shop;
	const ui_row *cur = ui_doc_current(&cv->page.doc);
	long keep = cur ? cur->arg : -1;
	ui_doc_clear(&cv->page.doc);
	const cart *c = shop_cart(s);
	size_t stale = shop_cart_stale_count(s);
	if (stale > 0)
		ui_doc_add(&cv->page.doc, 0, app_attr(a, UI_ERROR), 0, 0,
			   ngettext("%zu line is no longer on the store's menu.",
				    "%zu lines are no longer on the store's menu.", stale),
			   stale);
	if (c->n_lines == 0)
		ui_doc_add(&cv->page.doc, 1, app_attr(a, UI_DIM), 0, 0, "%s",
			   _("Your cart is empty. Add items from a store's menu."));
	for (size_t i = 0; i < c->n_lines; i++)
		add_line(cv, i, &c->lines[i]);
	if (keep >= (long)c->n_lines)
		keep = (long)c->n_lines - 1;
	ui_doc_restore(&cv->page.doc, keep >= 0 ? ROW_LINE : 0, keep);
}

static void cart_draw(view *v, int rows, int cols)
{
	const app *a = v->app;
	shop *s = a->shop;
	const cart *c = shop_cart(s);
	const char *store_name = shop_cart_store_name(s);
	char buf[512], money_buf[MONEY_TEXT_MAX];
	snprintf(buf, sizeof buf, store_name ? _("Cart · %s") : _("Cart"), store_name);
	ui_doc_view_draw(v, buf, NULL, cols);
	mvwhline_set(stdscr, rows - 2, 0, WACS_HLINE, cols);
	money subtotal;
	const char *why = NULL; /* what the subtotal is, where it has room */
	if (c->n_lines == 0) {
		snprintf(buf, sizeof buf, "%s", _("Subtotal $0.00"));
	} else if (shop_cart_estimate(s, &subtotal)) {
		snprintf(buf, sizeof buf, _("Subtotal %s"), money_format(subtotal, money_buf));
		why = _("(estimate)");
	} else {
		snprintf(buf, sizeof buf, "%s", _("Subtotal unknown"));
		why = _("(a line cannot be priced)");
	}
	/* The subtotal, then the key that moves on (checkout); the other keys give way first. */
	attr_t dim = app_attr(a, UI_DIM);
	ui_part parts[] = {
	    {.text = buf, .priority = 9, .attr = A_BOLD},
	    {.text = why, .sep = " ", .priority = 5, .attr = A_BOLD},
	    {.text = _("+/- qty"), .sep = "  ", .priority = 2, .right = true, .attr = dim},
	    {.text = _("x remove"), .sep = " · ", .priority = 3, .attr = dim},
	    {.text = _("Enter edit"), .sep = " · ", .priority = 4, .attr = dim},
	    {.text = _("o checkout"), .sep = " · ", .priority = 8, .attr = dim},
	};
	/* An empty cart has no line for the keys to act on: the subtotal alone. */
	size_t n_parts = c->n_lines ? sizeof parts / sizeof parts[0] : 1;
	ui_put_parts(stdscr, rows - 1, 1, parts, n_parts, cols - 2, 0);
}

static void cart_key(view *v, int action, ui_key key)
{
	cart_view *cv = (cart_view *)v;
	app *a = v->app;
	shop *s = a->shop;
	const ui_row *cur = ui_doc_current(&cv->page.doc);
	const cart *c = shop_cart(s);
	size_t i = cur ? (size_t)cur->arg : 0;
	bool on_line = cur && i < c->n_lines;
	switch (action) {
	case CART_MORE:
		if (on_line && c->lines[i].quantity < VIEW_LINE_MAX_QUANTITY)
			shop_cart_set_quantity(s, i, c->lines[i].quantity + 1);
		else if (on_line)
			app_status(a, _("At most %d of one line."), VIEW_LINE_MAX_QUANTITY);
		break;
	case CART_LESS:
		if (on_line && c->lines[i].quantity > 1)
			shop_cart_set_quantity(s, i, c->lines[i].quantity - 1);
		else if (on_line)
			app_status(a, "%s", _("x removes the line."));
		break;
	case CART_REMOVE:
		if (on_line)
			shop_cart_remove(s, i);
		break;
	case CART_EDIT:
		if (on_line) {
			view *p = view_picker_edit(a, i);
			if (p)
				app_push(a, p);
			else
				app_status(a, "%s",
					   _("This item is no longer on the menu: x removes it."));
		}
		break;
	case CART_CHECKOUT:
		if (c->n_lines == 0)
			app_status(a, "%s", _("The cart is empty."));
		else
			app_push(a, view_checkout_new(a));
		return;
	default:
		break;
	}
	build(v);
}

static void cart_changed(view *v, unsigned changes)
{
	if (changes & (SHOP_CHANGED_CART | SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_STORE))
		build(v);
}

static const view_ops cart_ops = {
    .name = N_("Cart"),
    .draw = cart_draw,
    .key = cart_key,
    .resize = ui_doc_view_resized,
    .enter = build,
    .destroy = ui_doc_view_destroy,
    .changed = cart_changed,
    VIEW_KEYS(cart_keys),
    .doc = ui_doc_view_doc,
    .moved = build,
    .move_help =
	VIEW_MOVE_HELP(N_("next line"), N_("previous line"), N_("first line"), N_("last line")),
};

view *view_cart_new(app *a)
{
	cart_view *cv = ui_doc_view_new(a, &cart_ops, sizeof *cv, build, 4);
	return &cv->page.base;
}

void views_show_cart(app *a, long line)
{
	app_show(a, &cart_ops, view_cart_new); /* entered: built */
	cart_view *cv = (cart_view *)app_top(a);
	if (cv->page.base.ops != &cart_ops)
		return; /* the stack was full */
	if (line >= 0)
		ui_doc_focus(&cv->page.doc, ROW_LINE, line);
}

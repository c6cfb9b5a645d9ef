/*
 * The confirmation of a placed order: Gett's and the store's order numbers, when it
 * was placed, the total, and its status, read again every few seconds while the view
 * is open.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "base/money.h"
#include "ui/online.h"
#include "base/timestamp.h"
#include "ui/views.h"

typedef struct order_view {
	ui_doc_view page;
	ui_refresh *refresh;
} order_view;

enum { ORDER_REFRESH = VIEW_ACTION_FIRST };

static const ui_keybind order_keys[] = {
    {'r', 0, "r", N_("read the status now"), ORDER_REFRESH, 0},
    {UI_KEY_ESC, UI_KEY_ENTER, "Esc/Enter", N_("back to the stores"), APP_ACTION_BACK, 0},
    {UI_KEY_BS, 0, "BS", N_("back to the stores"), APP_ACTION_BACK, 0},
    VIEW_KEY_CART(0),
    VIEW_KEY_ORDERS(0),
    VIEW_KEY_ACCOUNT(0),
};

static const view_ops order_ops;

static void add_field(order_view *ov, const char *label, const char *value, attr_t attr)
{
	ui_row *r = ui_doc_add(&ov->page.doc, 0, 0, 0, 0, "%s", label);
	ui_row_set_right(r, attr, value ? value : "—");
}

/* The store the order went to, when it is the one on screen (for its name and zone). */
static const store *order_store(const shop *s, const external_order *o)
{
	const store *st = shop_current_store(s);
	if (!st || !st->store_id || !o->cart || !o->cart->store_id)
		return NULL;
	return strcmp(st->store_id, o->cart->store_id) == 0 ? st : NULL;
}

/* placedAt on the store's wall clock (ui_order_when), else as the server wrote it. */
static const char *placed_at_text(const char *placed_at, const char *zone, char *buf, size_t n)
{
	time_t t;
	if (!placed_at || !timestamp_parse(placed_at, &t))
		return placed_at;
	return ui_order_when(t, zone, true, buf, n);
}

/* The view's rows (view_ops.enter). */
static void build(view *v)
{
	order_view *ov = (order_view *)v;
	app *a = ov->page.base.app;
	shop *s = a->shop;
	const external_order *o = shop_placed_order(s);
	ui_doc_clear(&ov->page.doc);
	if (!o) {
		ui_doc_add(&ov->page.doc, 0, app_attr(a, UI_DIM), 0, 0, "%s",
			   _("No order placed."));
		ui_doc_restore(&ov->page.doc, 0, 0);
		return;
	}
	char buf[256], money_buf[MONEY_TEXT_MAX];
	const store *st = order_store(s, o);
	add_field(ov, _("Gett order"), o->gett_order_id, A_BOLD);
	add_field(ov, _("Store's order number"), o->partner_order_id, 0);
	add_field(ov, _("Placed at"),
		  placed_at_text(o->placed_at, st ? st->time_zone : NULL, buf, sizeof buf), 0);
	if (o->amounts && o->amounts->has_total)
		add_field(ov, _("Total"), money_format(o->amounts->total, money_buf), A_BOLD);
	if (o->amounts && o->amounts->has_tip && o->amounts->tip)
		add_field(ov, _("of which tip"), money_format(o->amounts->tip, money_buf), 0);
	add_field(ov, _("Fulfillment"), ui_fulfillment_name(o->fulfillment_type), 0);
	ui_doc_add(&ov->page.doc, 0, 0, 0, 0, "%s", "");
	add_field(
	    ov, _("Status"),
	    ui_order_status_text(o->state, o->status, o->cancel_reason, true, buf, sizeof buf),
	    order_state_of(o->state) == ORDER_STATE_CANCELLED ? app_attr(a, UI_ERROR)
							      : app_attr(a, UI_GOOD));
	ui_doc_add_wrapped(&ov->page.doc, 0, app_attr(a, UI_DIM), ov->page.cols - 4,
			   shop_order_unknown(s) ? ui_order_unknown_note()
						 : ui_order_refresh_note(buf, sizeof buf));
	const cart *c = o->cart;
	const catalog_set *set = shop_current_catalog(s);
	if (c && c->n_lines) {
		ui_doc_add(&ov->page.doc, 0, 0, 0, 0, "%s", "");
		ui_doc_add(&ov->page.doc, 0, app_attr(a, UI_HEADER), 0, 0, "%s", _("Items"));
		for (size_t i = 0; i < c->n_lines; i++) {
			/* The selections in full, wrapped under the item (as in the cart). */
			char *summary = ui_line_summary(set, &c->lines[i]);
			ui_doc_add(&ov->page.doc, 1, 0, 0, 0, "%lld × %s", c->lines[i].quantity,
				   ui_item_name(set, c->lines[i].item_id));
			if (summary[0])
				ui_doc_add_wrapped(&ov->page.doc, 5, app_attr(a, UI_DIM),
						   ov->page.cols - 9, summary);
			free(summary);
		}
	}
	ui_doc_restore(&ov->page.doc, 0, 0);
}

static void order_draw(view *v, int rows, int cols)
{
	const shop *s = v->app->shop;
	const external_order *o = shop_placed_order(s);
	const store *st = o ? order_store(s, o) : NULL;
	ui_doc_view_draw(v, _("✓ Order placed"), st ? st->name : NULL, cols);
	(void)rows;
}

static void order_key(view *v, int action, ui_key key)
{
	if (action == ORDER_REFRESH)
		shop_order_refresh(v->app->shop);
}

static void order_changed(view *v, unsigned changes)
{
	if (changes & (SHOP_CHANGED_ORDER | SHOP_CHANGED_CART))
		build(v);
}

static void order_destroy(view *v)
{
	ui_refresh_stop(((order_view *)v)->refresh);
	ui_doc_view_destroy(v);
}

static const view_ops order_ops = {
    .name = N_("Order"),
    .draw = order_draw,
    .key = order_key,
    .resize = ui_doc_view_resized,
    .enter = build,
    .destroy = order_destroy,
    .changed = order_changed,
    VIEW_KEYS(order_keys),
    .doc = ui_doc_view_doc,
    .move_help = VIEW_MOVE_HELP_SCROLL,
};

view *view_order_new(app *a)
{
	order_view *ov = ui_doc_view_new(a, &order_ops, sizeof *ov, build, 2);
	/* Read once right away (the place reply carries no status), then on the period. */
	ov->refresh = ui_refresh_start(&ov->page.base, shop_order_refresh, 0);
	return &ov->page.base;
}

void views_show_order(app *a)
{
	if (!a->shop || shop_place_state_now(a->shop) != SHOP_PLACE_DONE)
		return;
	if (app_raise(a, &order_ops))
		return;
	while (a->depth > 1)
		app_pop(a);
	app_push(a, view_order_new(a));
}

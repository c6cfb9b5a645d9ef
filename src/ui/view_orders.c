/*
 * The orders this client placed (the shop's order history): a list, newest first, with the
 * store, the date in the store's zone, the total and the last known status; one order opened
 * with its lines, amounts and its status read again on the confirmation's period; and
 * reorder (R), whose findings (gone, options changed, price changed) are shown before the
 * lines go in the cart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/money.h"
#include "ui/online.h"
#include "ui/views.h"

typedef struct orders_view {
	ui_doc_view page;
	bool reordering; /* a reorder this view started is being checked */
} orders_view;

typedef struct order_detail_view {
	orders_view base; /* base.page.base is the view */
	size_t index;
	ui_refresh *refresh;
} order_detail_view;

enum { ORDERS_OPEN = VIEW_ACTION_FIRST, ORDERS_REORDER, ORDERS_REFRESH };
enum { ROW_ORDER = 1 };

static const ui_keybind orders_keys[] = {
    {UI_KEY_ENTER, 0, "Enter", N_("open the order"), ORDERS_OPEN, 0},
    {'R', 0, "R", N_("order the same again"), ORDERS_REORDER, 0},
    {UI_KEY_ESC, UI_KEY_BS, "Esc/BS", N_("back"), APP_ACTION_BACK, 0},
    VIEW_KEY_CART(0),
    VIEW_KEY_ACCOUNT(0),
};

static const ui_keybind detail_keys[] = {
    {'r', 0, "r", N_("read the status now"), ORDERS_REFRESH, 0},
    {'R', 0, "R", N_("order the same again"), ORDERS_REORDER, 0},
    {UI_KEY_ESC, UI_KEY_BS, "Esc/BS", N_("back to the orders"), APP_ACTION_BACK, 0},
    VIEW_KEY_CART(0),
    VIEW_KEY_ACCOUNT(0),
};

static const view_ops orders_ops, detail_ops;

/* When the order was placed (ui_order_when). */
static const char *when_text(const order_history_entry *e, bool zone_too, char *buf, size_t n)
{
	return ui_order_when(e->placed_at, e->time_zone, zone_too, buf, n);
}

/* The status in words: "Cancelled: reason", "Completed", "On the way"… */
static const amounts *entry_amounts(const order_history_entry *e)
{
	return e->amounts;
}

/* ------------------------------------------------------------------ reorder */

static void reorder_accept(app *a, bool force);

static void replace_answer(app *a, bool yes, void *user)
{
	(void)user;
	if (yes)
		reorder_accept(a, true);
	else {
		shop_reorder_cancel(a->shop);
		app_status(a, "%s", _("Nothing reordered; the cart is as it was."));
	}
}

static void reorder_accept(app *a, bool force)
{
	switch (shop_reorder_accept(a->shop, force)) {
	case SHOP_CART_OK:
		views_show_cart(a, 0);
		app_status(a, "%s", _("The order's lines are in the cart: o checks out."));
		break;
	case SHOP_CART_OTHER_STORE:
		app_ask(a, replace_answer, NULL, "%s",
			_("The cart holds other lines. Replace them with this order's? (y/n)"));
		break;
	case SHOP_CART_INVALID:
		shop_reorder_cancel(a->shop);
		app_status(a, "%s",
			   shop_notice(a->shop)
			       ? shop_notice(a->shop)
			       : _("None of the order's lines can be ordered now."));
		break;
	}
}

static void findings_answer(app *a, ui_key key, void *user)
{
	(void)user;
	if (key == 'y')
		reorder_accept(a, false);
	else {
		shop_reorder_cancel(a->shop);
		app_status(a, "%s", _("Nothing reordered."));
	}
}

/* The findings in words, then the question. */
static void show_findings(app *a)
{
	shop *s = a->shop;
	size_t n = shop_reorder_finding_count(s), kept = shop_reorder_line_count(s);
	char text[1024];
	size_t len = 0;
	char was[MONEY_TEXT_MAX], now[MONEY_TEXT_MAX];
	if (!n)
		len +=
		    (size_t)snprintf(text + len, sizeof text - len, "%s\n",
				     _("Every line is on the menu as it was, at the same price."));
	for (size_t i = 0; i < n && len < sizeof text; i++) {
		const shop_reorder_finding *f = shop_reorder_finding_at(s, i);
		switch (f->kind) {
		case SHOP_REORDER_GONE:
			len +=
			    (size_t)snprintf(text + len, sizeof text - len,
					     _("%s: no longer on the menu (left out)\n"), f->name);
			break;
		case SHOP_REORDER_OPTIONS_CHANGED:
			len += (size_t)snprintf(
			    text + len, sizeof text - len,
			    _("%s: its options changed (left out; pick it again)%s%s\n"), f->name,
			    f->detail ? ": " : "", f->detail ? f->detail : "");
			break;
		case SHOP_REORDER_PRICE_CHANGED:
			len += (size_t)snprintf(
			    text + len, sizeof text - len, _("%s: was %s, now %s\n"), f->name,
			    money_format(f->was, was), money_format(f->now, now));
			break;
		}
	}
	if (len >= sizeof text)
		len = sizeof text - 1;
	if (!kept) {
		snprintf(text + len, sizeof text - len, "%s",
			 _("Nothing of this order can be ordered again. (Esc)"));
		app_choose(a, findings_answer, NULL, "n", "%s", text);
		return;
	}
	snprintf(
	    text + len, sizeof text - len,
	    ngettext("Put %zu line in the cart? (y/n)", "Put %zu lines in the cart? (y/n)", kept),
	    kept);
	app_choose(a, findings_answer, NULL, "yn", "%s", text);
}

static void reorder_check(orders_view *ov)
{
	app *a = ov->page.base.app;
	if (!ov->reordering)
		return;
	switch (shop_reorder_state_now(a->shop)) {
	case SHOP_REORDER_READY:
		ov->reordering = false;
		a->status[0] = '\0';
		show_findings(a);
		break;
	case SHOP_REORDER_FAILED:
		ov->reordering = false;
		app_status(a, "%s",
			   shop_notice(a->shop) ? shop_notice(a->shop)
						: _("The store's menu could not be read."));
		break;
	default:
		break;
	}
}

static void reorder_start(orders_view *ov, size_t index)
{
	app *a = ov->page.base.app;
	if (!shop_reorder_begin(a->shop, index)) {
		app_status(a, "%s", _("This order names no store to order from again."));
		return;
	}
	ov->reordering = true;
	app_status(a, "%s", _("Checking the order against the store's menu of today…"));
	reorder_check(ov);
}

/* ------------------------------------------------------------------ the list */

static void build_list(orders_view *ov)
{
	app *a = ov->page.base.app;
	shop *s = a->shop;
	long at = -1;
	const ui_row *cur = ui_doc_current(&ov->page.doc);
	if (cur)
		at = cur->arg;
	ui_doc_clear(&ov->page.doc);
	size_t n = shop_history_count(s);
	if (!n) {
		const char *path = shop_history_path(s);
		ui_doc_add(&ov->page.doc, 0, 0, 0, 0, "%s", _("No orders placed yet."));
		ui_doc_add(&ov->page.doc, 0, 0, 0, 0, "%s", "");
		ui_doc_add_wrapped(&ov->page.doc, 0, app_attr(a, UI_DIM), ov->page.cols - 4,
				   _("Orders placed with gett-tui are kept, newest first, in this "
				     "directory and file:"));
		if (path) {
			/* "~" for the home. */
			char buf[4096];
			const char *home = getenv("HOME"), *slash;
			size_t hlen = home ? strlen(home) : 0;
			if (hlen > 1 && strncmp(path, home, hlen) == 0 && path[hlen] == '/')
				snprintf(buf, sizeof buf, "~%s", path + hlen);
			else
				snprintf(buf, sizeof buf, "%s", path);
			/* The directory, then the file, each on rows of its own, never cut. */
			slash = strrchr(buf, '/');
			size_t split = slash ? (size_t)(slash - buf + 1) : 0, len = strlen(buf);
			int w = ov->page.cols > 8 ? ov->page.cols - 5 : 4;
			for (size_t k = 0; k < split; k += (size_t)w)
				ui_doc_add(&ov->page.doc, 1, 0, 0, 0, "%.*s",
					   (int)(split - k < (size_t)w ? split - k : (size_t)w),
					   buf + k);
			for (size_t k = split; k < len; k += (size_t)w)
				ui_doc_add(&ov->page.doc, 1, 0, 0, 0, "%.*s",
					   (int)(len - k < (size_t)w ? len - k : (size_t)w),
					   buf + k);
		}
		ui_doc_restore(&ov->page.doc, 0, 0);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const order_history_entry *e = shop_history_at(s, i);
		char when[96], status[256], money_buf[MONEY_TEXT_MAX];
		const amounts *am = entry_amounts(e);
		ui_row *r = ui_doc_add(&ov->page.doc, 0, A_BOLD, ROW_ORDER, (long)i, "%s",
				       e->store_name ? e->store_name : e->store_id);
		if (am && am->has_total)
			ui_row_set_right(r, app_attr(a, UI_PRICE),
					 money_format(am->total, money_buf));
		enum order_state st = order_state_of(e->state);
		ui_row *d = ui_doc_add(&ov->page.doc, 2, app_attr(a, UI_DIM), 0, 0, "%s",
				       when_text(e, false, when, sizeof when));
		ui_row_set_right(
		    d, st == ORDER_STATE_CANCELLED ? app_attr(a, UI_ERROR) : app_attr(a, UI_DIM),
		    ui_order_status_text(e->state, e->status, e->cancel_reason, false, status,
					 sizeof status));
	}
	ui_doc_restore(&ov->page.doc, ROW_ORDER, at < 0 ? 0 : at);
}

static void orders_draw(view *v, int rows, int cols)
{
	char count[64];
	size_t n = shop_history_count(v->app->shop);
	snprintf(count, sizeof count, ngettext("%zu order", "%zu orders", n), n);
	ui_doc_view_draw(v, _("Your orders"), n ? count : NULL, cols);
	(void)rows;
}

static void orders_enter(view *v)
{
	build_list((orders_view *)v);
}

static view *detail_new(app *a, size_t index);

static void orders_key(view *v, int action, ui_key key)
{
	orders_view *ov = (orders_view *)v;
	const ui_row *r = ui_doc_current(&ov->page.doc);
	(void)key;
	if (!r)
		return;
	if (action == ORDERS_OPEN)
		app_push(v->app, detail_new(v->app, (size_t)r->arg));
	else if (action == ORDERS_REORDER)
		reorder_start(ov, (size_t)r->arg);
}

static void orders_changed(view *v, unsigned changes)
{
	if (changes & SHOP_CHANGED_HISTORY) {
		build_list((orders_view *)v);
		reorder_check((orders_view *)v);
	}
}

/* A reorder still being checked when its view goes is dropped (nothing would show it). */
static void orders_destroy(view *v)
{
	orders_view *ov = (orders_view *)v;
	if (ov->reordering && v->app->shop)
		shop_reorder_cancel(v->app->shop);
	ui_doc_view_destroy(v);
}

static const view_ops orders_ops = {
    .name = N_("Orders"),
    .draw = orders_draw,
    .key = orders_key,
    .resize = ui_doc_view_resized,
    .enter = orders_enter,
    .destroy = orders_destroy,
    .changed = orders_changed,
    VIEW_KEYS(orders_keys),
    .doc = ui_doc_view_doc,
    .move_help = VIEW_MOVE_HELP(N_("next order"), N_("previous order"), NULL, NULL),
};

view *view_orders_new(app *a)
{
	orders_view *ov = ui_doc_view_new(a, &orders_ops, sizeof *ov, orders_enter, 2);
	return &ov->page.base;
}

void views_show_orders(app *a)
{
	if (a->shop)
		app_show(a, &orders_ops, view_orders_new);
}

/* ------------------------------------------------------------------ one order */

/* label and value on one row; where both do not fit, the value whole on rows of its own. */
static void add_field(orders_view *ov, const char *label, const char *value, attr_t attr)
{
	ui_doc *d = &ov->page.doc;
	if (!value || !value[0])
		value = "—";
	int width = ov->page.cols - 4;
	if (ui_text_width(label) + 2 + ui_text_width(value) <= width) {
		ui_row_set_right(ui_doc_add(d, 0, 0, 0, 0, "%s", label), attr, value);
		return;
	}
	ui_doc_add(d, 0, 0, 0, 0, "%s", label);
	ui_doc_add_wrapped(d, 1, attr, ov->page.cols - 3, value);
}

static void add_amount(ui_doc *d, const char *label, bool has, money value, bool minus, attr_t attr)
{
	char buf[MONEY_TEXT_MAX];
	if (!has)
		return;
	money_format(minus ? -value : value, buf); /* a discount: −$5.00 */
	ui_row *r = ui_doc_add(d, 1, attr, 0, 0, "%s", label);
	ui_row_set_right(r, attr, buf);
}

/* The opened order's rows (view_ops.enter). */
static void build_detail(view *v)
{
	order_detail_view *dv = (order_detail_view *)v;
	orders_view *ov = &dv->base;
	app *a = ov->page.base.app;
	shop *s = a->shop;
	ui_doc *d = &ov->page.doc;
	const order_history_entry *e = shop_history_opened(s);
	const external_order *o = shop_history_order(s);
	ui_doc_clear(d);
	if (!e) {
		ui_doc_add(d, 0, app_attr(a, UI_DIM), 0, 0, "%s",
			   _("This order is no longer kept."));
		ui_doc_restore(d, 0, 0);
		return;
	}
	char buf[512], money_buf[MONEY_TEXT_MAX];
	add_field(ov, _("Store"), e->store_name ? e->store_name : e->store_id, A_BOLD);
	add_field(ov, _("Gett order"), e->gett_order_id, 0);
	add_field(ov, _("Store's order number"), e->partner_order_id, 0);
	add_field(ov, _("Placed at"), when_text(e, true, buf, sizeof buf), 0);
	add_field(ov, _("Fulfillment"), ui_fulfillment_name(e->fulfillment_type), 0);
	if (e->address)
		add_field(ov, _("To"), ui_address_text(e->address, buf, sizeof buf), 0);
	if (e->payment_label)
		add_field(ov, _("Paid with"), e->payment_label, 0);
	ui_doc_add(d, 0, 0, 0, 0, "%s", "");
	/* The status as read now, else the last known one (said so). */
	const char *state = o ? o->state : e->state, *status = o ? o->status : e->status,
		   *reason = o ? o->cancel_reason : e->cancel_reason;
	ui_order_status_text(state, status, reason, false, buf, sizeof buf);
	if (!o && e->state) {
		size_t len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, " %s", _("(last known)"));
	}
	add_field(ov, _("Status"), buf,
		  order_state_of(state) == ORDER_STATE_CANCELLED ? app_attr(a, UI_ERROR)
								 : app_attr(a, UI_GOOD));
	const char *note =
	    !e->gett_order_id
		? _("The status cannot be read: the order's number was never received.")
	    : shop_history_unknown(s) ? ui_order_unknown_note()
				      : ui_order_refresh_note(buf, sizeof buf);
	ui_doc_add_wrapped(d, 0, app_attr(a, UI_DIM), ov->page.cols - 4, note);
	if (e->n_lines) {
		ui_doc_add(d, 0, 0, 0, 0, "%s", "");
		ui_doc_add(d, 0, app_attr(a, UI_HEADER), 0, 0, "%s", _("Items"));
		for (size_t i = 0; i < e->n_lines; i++) {
			const order_history_line *l = &e->lines[i];
			ui_row *r = ui_doc_add(d, 1, 0, 0, 0, "%lld × %s", l->line.quantity,
					       l->name ? l->name : l->line.item_id);
			if (l->has_price)
				ui_row_set_right(r, app_attr(a, UI_PRICE),
						 money_format(l->line_total, money_buf));
			if (l->options.n) {
				char opts[1024];
				size_t len = 0;
				opts[0] = '\0';
				for (size_t k = 0; k < l->options.n && len < sizeof opts; k++)
					len +=
					    (size_t)snprintf(opts + len, sizeof opts - len, "%s%s",
							     k ? ", " : "", l->options.v[k]);
				ui_doc_add_wrapped(d, 5, app_attr(a, UI_DIM), ov->page.cols - 9,
						   opts);
			}
		}
	}
	const amounts *am = o && o->amounts ? o->amounts : e->amounts;
	if (am) {
		ui_doc_add(d, 0, 0, 0, 0, "%s", "");
		ui_doc_add(d, 0, app_attr(a, UI_HEADER), 0, 0, "%s", _("Amounts (from the store)"));
		add_amount(d, _("Subtotal"), am->has_sub_total, am->sub_total, false, 0);
		add_amount(d, _("Fees"), am->has_fees && am->fees, am->fees, false, 0);
		add_amount(d, _("Promotions"), am->has_promotions && am->promotions, am->promotions,
			   true, 0);
		add_amount(d, _("Taxes"), am->has_taxes && am->taxes, am->taxes, false, 0);
		add_amount(d, _("Adjustments"), am->has_adjustments && am->adjustments,
			   am->adjustments, false, 0);
		add_amount(d, _("Tip"), am->has_tip && am->tip, am->tip, false, 0);
		add_amount(d, _("Total"), am->has_total, am->total, false, A_BOLD);
	}
	ui_doc_restore(d, 0, 0);
}

static void detail_draw(view *v, int rows, int cols)
{
	const order_history_entry *e = shop_history_opened(v->app->shop);
	char when[96];
	ui_doc_view_draw(v, _("Your order"), e ? when_text(e, false, when, sizeof when) : NULL,
			 cols);
	(void)rows;
}

static void detail_key(view *v, int action, ui_key key)
{
	order_detail_view *dv = (order_detail_view *)v;
	(void)key;
	if (action == ORDERS_REFRESH)
		shop_history_refresh(v->app->shop);
	else if (action == ORDERS_REORDER)
		reorder_start(&dv->base, dv->index);
}

static void detail_changed(view *v, unsigned changes)
{
	if (changes & SHOP_CHANGED_HISTORY) {
		build_detail(v);
		reorder_check((orders_view *)v);
	}
}

static void detail_destroy(view *v)
{
	order_detail_view *dv = (order_detail_view *)v;
	ui_refresh_stop(dv->refresh);
	if (v->app->shop) {
		if (dv->base.reordering)
			shop_reorder_cancel(v->app->shop);
		shop_history_close(v->app->shop);
	}
	ui_doc_view_destroy(v);
}

static const view_ops detail_ops = {
    .name = N_("Order"),
    .draw = detail_draw,
    .key = detail_key,
    .resize = ui_doc_view_resized,
    .enter = build_detail,
    .destroy = detail_destroy,
    .changed = detail_changed,
    VIEW_KEYS(detail_keys),
    .doc = ui_doc_view_doc,
    .move_help = VIEW_MOVE_HELP_SCROLL,
};

static view *detail_new(app *a, size_t index)
{
	order_detail_view *dv = ui_doc_view_new(a, &detail_ops, sizeof *dv, build_detail, 2);
	dv->index = index;
	shop_history_open(a->shop, index);
	/* shop_history_open reads the status once; then on the confirmation's period. */
	dv->refresh =
	    ui_refresh_start(&dv->base.page.base, shop_history_refresh, UI_ORDER_REFRESH_MS);
	return &dv->base.page.base;
}

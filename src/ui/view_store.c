/*
 * One store, opened through the shop: what it is, where, whether it takes orders,
 * delivery/pickup, tips and minimum, its menus (the ones open now first) with their
 * hours, and the store's weekly hours in its own time zone. Enter opens a menu.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/tz.h"
#include "ui/online.h"
#include "ui/views.h"

typedef struct store_view {
	ui_doc_view page;
	char *store_id;
	time_t built_minute; /* app_now() / 60 when the rows were built: their hours are its */
} store_view;

enum { STORE_OPEN = VIEW_ACTION_FIRST, STORE_RELOAD };
enum { ROW_MENU = 1 };

static const ui_keybind store_keys[] = {
    {UI_KEY_ENTER, 0, "Enter", N_("open the menu"), STORE_OPEN, 0},
    {'r', 0, "r", N_("load the store again"), STORE_RELOAD, 0},
    VIEW_KEY_CART(0),
    VIEW_KEY_ORDERS(0),
    VIEW_KEY_ACCOUNT(0),
    {UI_KEY_ESC, UI_KEY_BS, "Esc/BS", N_("back to the stores"), APP_ACTION_BACK, 0},
};

/* The store, once the shop has this one (not a previous store, not while loading). */
static const store *current(const store_view *sv)
{
	const store *st = shop_current_store(sv->page.base.app->shop);
	return st && strcmp(st->store_id, sv->store_id) == 0 ? st : NULL;
}

/* The store's distance: its own, else the one discovery listed it with (a store read by id
   carries none). */
static bool store_distance(const app *a, const store *st, double *miles)
{
	if (st->has_distance_miles) {
		*miles = st->distance_miles;
		return true;
	}
	for (size_t i = 0; i < shop_discover_count(a->shop); i++) {
		const store *d = shop_discover_store(a->shop, i);
		if (d && d->has_distance_miles && strcmp(d->store_id, st->store_id) == 0) {
			*miles = d->distance_miles;
			return true;
		}
	}
	return false;
}

/* "★ 4.6 (2318) · $$ · 0.4 mi" (brief: without the review count and price level). */
static void store_facts(const app *a, const store *st, char *buf, size_t n, bool brief)
{
	store with = *st; /* a shallow copy that only gains the distance */
	with.has_distance_miles = store_distance(a, st, &with.distance_miles);
	if (brief)
		ui_store_facts_brief(&with, buf, n);
	else
		ui_store_facts(&with, buf, n);
}

/* The store has no hours of its own (null or absent availability): nothing says when it
   opens, whatever its menus' hours are. */
static bool no_store_hours(const store *st)
{
	return !st->availability.published;
}

static const char *tips_text(const store *st)
{
	bool d = st->options.accepts_delivery_tips, p = st->options.accepts_pickup_tips;
	if (d && p)
		return _("tips welcome");
	if (d)
		return _("tips on delivery only");
	if (p)
		return _("tips on pickup only");
	return _("no tips");
}

/* Why adding from this store will ask to switch the mode (contract §4.7), or NULL. */
static const char *mode_warning(const shop *s, const store *st, shop_mode mode)
{
	if (shop_store_serves(s, st, mode))
		return NULL;
	if (mode == SHOP_MODE_PICKUP)
		return _("No pickup at this store: adding asks to switch to delivery.");
	if (!shop_store_supports_mode(st, mode))
		return _("No delivery from this store: adding asks to switch to pickup.");
	return st->pickup_allowed
		   ? _("Too far to deliver to this location: adding asks to switch to pickup.")
		   : _("Too far to deliver to this location, and no pickup.");
}

static void add_facts(store_view *sv, const store *st)
{
	app *a = sv->page.base.app;
	char buf[512], addr[512], when[128];
	if (st->description)
		ui_doc_add_wrapped(&sv->page.doc, 0, 0, sv->page.cols - 4, st->description);
	ui_doc_add(&sv->page.doc, 0, 0, 0, 0, "%s", "");
	if (st->address) {
		snprintf(buf, sizeof buf, _("Address: %s"),
			 ui_address_text(st->address, addr, sizeof addr));
		ui_doc_add_wrapped(&sv->page.doc, 0, 0, sv->page.cols - 4, buf);
	}
	avail_status status = avail_next_change(&st->availability, st->time_zone, app_now(a));
	avail_status_text(&status, when, sizeof when);
	bool taking = st->has_is_accepting_orders && st->is_accepting_orders;
	ui_row *r = no_store_hours(st)
			? ui_doc_add(&sv->page.doc, 0, 0, 0, 0, "%s", when)
			: ui_doc_add(&sv->page.doc, 0, 0, 0, 0, _("Hours: %s"), when);
	ui_row_set_right(r, taking ? app_attr(a, UI_GOOD) : app_attr(a, UI_ERROR),
			 taking ? _("Taking orders") : _("Not taking orders now"));
	ui_row_set_right_brief(r, taking ? _("Open") : _("Closed"));
	snprintf(buf, sizeof buf, "%s · %s", ui_store_modes(st), tips_text(st));
	if (st->options.has_minimum_order_amount) {
		char money_buf[MONEY_TEXT_MAX];
		size_t used = strlen(buf);
		snprintf(buf + used, sizeof buf - used, _(" · minimum order %s"),
			 money_format(st->options.minimum_order_amount, money_buf));
	}
	char orders[600];
	snprintf(orders, sizeof orders, _("Orders: %s"), buf);
	ui_doc_add_wrapped(&sv->page.doc, 0, 0, sv->page.cols - 4, orders);
	/* What the discovery badge "SAVE N%" stands for: the contract has only a discount
	   percent (§3.2); what applies to an order is in checkout's amounts. */
	if (st->has_savings && st->savings > 0) {
		snprintf(buf, sizeof buf,
			 _("SAVE %.0f%%: the store advertises %.0f%% off; checkout shows what "
			   "applies to your order."),
			 st->savings, st->savings);
		ui_doc_add_wrapped(&sv->page.doc, 0, app_attr(a, UI_GOOD), sv->page.cols - 4, buf);
	}
	shop_mode mode = shop_discover_mode(a->shop);
	const char *why = mode_warning(a->shop, st, mode);
	if (why)
		ui_doc_add(&sv->page.doc, 0, app_attr(a, UI_ERROR), 0, 0, "%s", why);
}

/* What stands in for the store or its menus until they are here: that they are loading, or
   that they could not be loaded and why. */
static void add_not_here(store_view *sv, int indent, const char *loading, const char *failed)
{
	const app *a = sv->page.base.app;
	bool busy = shop_store_loading(a->shop);
	ui_doc_add(&sv->page.doc, indent, app_attr(a, UI_DIM), 0, 0, "%s", busy ? loading : failed);
	if (!busy)
		ui_doc_add_failure(&sv->page.doc, a, indent, sv->page.cols - 4 - 2 * indent);
}

/* Menus open now first, each group in wire order, with their hours in a few words. */
static void add_menus(store_view *sv, const store *st, const catalog_set *set)
{
	app *a = sv->page.base.app;
	ui_doc_add(&sv->page.doc, 0, 0, 0, 0, "%s", "");
	ui_doc_add(&sv->page.doc, 0, app_attr(a, UI_HEADER), 0, 0, "%s", _("Menus"));
	if (!set) {
		add_not_here(sv, 1, _("Loading the menus…"),
			     _("The menus could not be loaded (r: try again)."));
		return;
	}
	size_t n = strmap_count(set->catalogs);
	if (n == 0)
		ui_doc_add(&sv->page.doc, 1, app_attr(a, UI_DIM), 0, 0, "%s", _("No menus."));
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			const catalog *c = strmap_value_at(set->catalogs, i);
			avail_status status =
			    avail_next_change(&c->availability, st->time_zone, app_now(a));
			bool open = avail_status_is_open(&status);
			if (open != (pass == 0))
				continue;
			char when[128], hours[512];
			ui_row *r =
			    ui_doc_add(&sv->page.doc, 1, A_BOLD, ROW_MENU, (long)i, "%s", c->name);
			/* A closed store with no hours: the menu's own hours do not say when it
			   opens. */
			bool unknown = no_store_hours(st) &&
				       !(st->has_is_accepting_orders && st->is_accepting_orders);
			ui_row_set_right(
			    r, open && !unknown ? app_attr(a, UI_GOOD) : app_attr(a, UI_DIM),
			    unknown ? _("store closed · no hours published")
				    : avail_status_text(&status, when, sizeof when));
			ui_doc_add(&sv->page.doc, 3, app_attr(a, UI_DIM), 0, 0, "%s",
				   ui_hours_compact(&c->availability, hours, sizeof hours));
		}
}

static void add_week(store_view *sv, const store *st)
{
	app *a = sv->page.base.app;
	ui_doc_add(&sv->page.doc, 0, 0, 0, 0, "%s", "");
	ui_doc_add(&sv->page.doc, 0, app_attr(a, UI_HEADER), 0, 0, _("Store hours (%s)"),
		   st->time_zone ? st->time_zone : _("time zone unknown"));
	if (!st->availability.published) {
		ui_doc_add(&sv->page.doc, 1, app_attr(a, UI_DIM), 0, 0, "%s",
			   _("No hours published"));
		return;
	}
	/* Today (on the store's clock) in bold and marked in words, for terminals without
	   attributes. */
	struct tm now;
	int today =
	    st->time_zone && tz_local_time(st->time_zone, app_now(a), &now) ? now.tm_wday : -1;
	avail_week week;
	avail_week_render(&st->availability, &week);
	for (int i = 0; i < AVAIL_WEEK_DAYS; i++) {
		if (week.day[i] == today)
			ui_doc_add(&sv->page.doc, 1, A_BOLD | A_REVERSE, 0, 0, _("%s  ← today"),
				   week.line[i]);
		else
			ui_doc_add(&sv->page.doc, 1, 0, 0, 0, "%s", week.line[i]);
	}
	avail_week_clear(&week);
}

static void build(store_view *sv)
{
	app *a = sv->page.base.app;
	const ui_row *cur = ui_doc_current(&sv->page.doc);
	int action = cur ? cur->action : 0;
	long arg = cur ? cur->arg : 0;
	ui_doc_clear(&sv->page.doc);
	sv->built_minute = app_now(a) / 60;
	const store *st = current(sv);
	if (!st) {
		add_not_here(sv, 0, _("Loading the store…"),
			     _("The store could not be loaded (r: try again)."));
		ui_doc_restore(&sv->page.doc, 0, 0);
		return;
	}
	add_facts(sv, st);
	add_menus(sv, st, shop_current_catalog(a->shop));
	add_week(sv, st);
	ui_doc_restore(&sv->page.doc, action, arg);
}

#define STORE_TITLE_ROWS 2

/* The title rows: the name with its facts on the right when both fit, else the name
   word-wrapped (up to STORE_TITLE_ROWS rows) and the facts on a row of their own. Draws
   when `draw`; returns the rows used. */
static int store_title(store_view *sv, int cols, bool draw)
{
	const app *a = sv->page.base.app;
	const store *st = current(sv);
	attr_t title = app_attr(a, UI_TITLE), dim = app_attr(a, UI_DIM);
	cols = app_title_cols(a, cols); /* the title's rows leave the badge its room */
	if (!st) {
		if (draw)
			ui_put(stdscr, 0, 1, _("Store"), cols - 2, title);
		return 1;
	}
	char facts[256], brief[256];
	store_facts(a, st, facts, sizeof facts, false);
	store_facts(a, st, brief, sizeof brief, true);
	int name_w = ui_text_width(st->name), width = cols - 2;
	if (name_w + 2 + ui_text_width(brief) <= width) {
		if (draw) {
			ui_part parts[] = {
			    {.text = st->name, .priority = 5, .attr = title},
			    {.text = facts,
			     .brief = brief,
			     .sep = "  ",
			     .priority = 3,
			     .right = true,
			     .attr = dim},
			};
			ui_put_parts(stdscr, 0, 1, parts, 2, width, 0);
		}
		return 1;
	}
	int y =
	    ui_put_wrapped(draw ? stdscr : NULL, 0, 1, st->name, width, STORE_TITLE_ROWS, title);
	if (facts[0]) {
		if (draw) {
			char *shown = ui_join_parts(
			    (ui_part[]){{.text = facts, .brief = brief, .priority = 1}}, 1, width);
			ui_put(stdscr, y, 1, shown, width, dim);
			free(shown);
		}
		y++;
	}
	return y;
}

static void store_draw(view *v, int rows, int cols)
{
	store_view *sv = (store_view *)v;
	const app *a = v->app;
	if (app_now(a) / 60 != sv->built_minute) /* "Open now", "opens at 11:00" move on */
		build(sv);
	int top = store_title(sv, cols, true);
	ui_doc_draw(a, &sv->page.doc, top + 1, cols);
	(void)rows;
}

static void rebuild(view *v)
{
	build((store_view *)v);
}

static void store_resize(view *v, int rows, int cols)
{
	store_view *sv = (store_view *)v;
	/* The description is wrapped to the width. */
	ui_doc_view_resize(v, cols, rows - 1 - store_title(sv, cols, false));
}

static void store_key(view *v, int action, ui_key key)
{
	store_view *sv = (store_view *)v;
	app *a = v->app;
	const ui_row *cur = ui_doc_current(&sv->page.doc);
	const catalog_set *set = shop_current_catalog(a->shop);
	switch (action) {
	case STORE_OPEN:
		if (cur && cur->action == ROW_MENU && set && current(sv) &&
		    (size_t)cur->arg < strmap_count(set->catalogs))
			app_push(a,
				 view_menu_new(a, strmap_key_at(set->catalogs, (size_t)cur->arg)));
		break;
	case STORE_RELOAD:
		shop_open_store(a->shop, sv->store_id);
		build(sv);
		break;
	default:
		break;
	}
}

static void store_changed(view *v, unsigned changes)
{
	if (changes & (SHOP_CHANGED_STORE | SHOP_CHANGED_BUSY)) {
		build((store_view *)v);
		store_resize(v, LINES - 1, COLS); /* the title may take another row */
	}
}

static void store_enter(view *v)
{
	build((store_view *)v);
	store_resize(v, LINES - 1, COLS);
}

static void store_destroy(view *v)
{
	free(((store_view *)v)->store_id);
	ui_doc_view_destroy(v);
}

static const view_ops store_ops = {
    .name = N_("Store"),
    .draw = store_draw,
    .key = store_key,
    .resize = store_resize,
    .enter = store_enter,
    .destroy = store_destroy,
    .changed = store_changed,
    VIEW_KEYS(store_keys),
    .doc = ui_doc_view_doc,
    .move_help = VIEW_MOVE_HELP_DOC(N_("next menu (or scroll)"), N_("previous menu (or scroll)")),
};

view *view_store_new(app *a, const char *store_id)
{
	/* Its frame is the title, as many rows as it takes (store_resize). */
	store_view *sv = ui_doc_view_new(a, &store_ops, sizeof *sv, rebuild, 0);
	sv->store_id = xstrdup(store_id);
	shop_open_store(a->shop, store_id);
	return &sv->page.base;
}

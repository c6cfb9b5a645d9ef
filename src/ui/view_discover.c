/*
 * Discovery: the stores near a location, from the shop. `/` searches as you type
 * (the shop debounces and drops stale answers), Tab switches delivery/pickup
 * (stores that cannot serve the mode stay listed, greyed), and the next page is
 * asked for when the cursor nears the end of the list.
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

/* Dishes listed under a store that matched through them. */
#define DISCOVER_MAX_DISHES 3
/* Ask for the next page when the cursor is this close to the last store. */
#define DISCOVER_PAGE_AHEAD 3
/* Farther than this, the nearest store is not "near you": the list says so first. */
#define DISCOVER_NEAR_MILES 50.0

typedef struct discover_view {
	ui_doc_view page;
	ui_input query;
	bool searching;
	char where[160];     /* the location in words */
	char shown_for[512]; /* query, mode and place the cursor was last reset for */
	size_t greyed;	     /* loaded stores that cannot serve the mode */
	bool asking_more;
	bool to_last;	/* G: the cursor follows the pages loading until the last store */
	char said[512]; /* the "Searching for …" status Enter left, cleared by the answer */
} discover_view;

enum {
	DISC_OPEN = VIEW_ACTION_FIRST,
	DISC_SEARCH,
	DISC_CLEAR,
	DISC_MODE,
	DISC_LOCATION,
	DISC_REFRESH,
	DISC_LAST,
};

enum { ROW_STORE = 1 };

static const ui_keybind discover_keys[] = {
    {UI_KEY_ENTER, 0, "Enter", N_("open the store"), DISC_OPEN, 0},
    {'/', 0, "/", N_("search as you type (Enter keeps, Esc clears)"), DISC_SEARCH, 0},
    {UI_KEY_TAB, 0, "Tab", N_("switch between delivery and pickup"), DISC_MODE, 0},
    {'l', 0, "l", N_("change the location"), DISC_LOCATION, 0},
    {'r', 0, "r", N_("search again"), DISC_REFRESH, 0},
    /* Not the keymap's G: the last store is on the last page, which may not be loaded. */
    {'G', UI_KEY_FN(KEY_END), "G/End", N_("last store (loads every page)"), DISC_LAST, 0},
    {UI_KEY_ESC, 0, "Esc", N_("cancel loading, or clear the search"), DISC_CLEAR, 0},
    VIEW_KEY_CART(0),
    VIEW_KEY_ORDERS(0),
    VIEW_KEY_ACCOUNT(0),
};

static const view_ops discover_ops;

/*
 * A dish's price in the words of its menu row (pricing_item_price_text): from the store's
 * catalog when it is loaded, else from the dish's own basePrice and startingAt.
 */
static bool dish_price(const app *a, const store *st, const matched_dish *dish, char *buf, size_t n)
{
	const store *open = shop_current_store(a->shop);
	const catalog_set *set = shop_current_catalog(a->shop);
	const catalog_item *it = open && set && strcmp(open->store_id, st->store_id) == 0
				     ? catalog_find_item(set, dish->item_id)
				     : NULL;
	if (it) {
		pricing_item_price_text(set, it, buf, n);
		return true;
	}
	if (!dish->has_base_price && !dish->has_starting_at)
		return false;
	pricing_shown_text(
	    pricing_shown_price(dish->base_price, dish->has_starting_at, dish->starting_at), buf,
	    n);
	return true;
}

static void add_store(discover_view *d, size_t index, const store *st, shop_mode mode)
{
	const app *a = d->page.base.app;
	bool too_far = shop_store_out_of_range(a->shop, st);
	bool serves = shop_store_serves(a->shop, st, mode);
	attr_t grey = serves ? 0 : A_DIM;
	d->greyed += !serves;
	const char *name = st->highlights && st->highlights->name ? st->highlights->name : st->name;
	ui_row *r = ui_doc_add(&d->page.doc, 0, grey | A_BOLD, ROW_STORE, (long)index, "%s", name);
	r->marked = true;
	r->greyed = !serves;
	char buf[512];
	ui_row_set_right(r, grey, ui_store_facts(st, buf, sizeof buf));
	ui_row_set_right_brief(r, ui_store_facts_brief(st, buf, sizeof buf));

	/* Second row: categories (tags included) and what the store can do now. */
	buf[0] = '\0';
	for (size_t i = 0; i < st->categories.n; i++) {
		size_t used = strlen(buf);
		snprintf(buf + used, sizeof buf - used, "%s%s", i ? " · " : "",
			 st->categories.v[i]);
	}
	r = ui_doc_add(&d->page.doc, 2, grey | app_attr(a, UI_DIM), 0, 0, "%s", buf);
	bool open = st->has_is_accepting_orders && st->is_accepting_orders;
	char state[256];
	snprintf(state, sizeof state, "%s · %s", open ? _("Open") : _("Closed"),
		 !too_far	      ? ui_store_modes(st)
		 : st->pickup_allowed ? _("Pickup · too far to deliver")
				      : _("Too far to deliver"));
	/* Narrow: the open state and the badge, whole ("Open · SAVE 10%"). */
	char brief[128];
	snprintf(brief, sizeof brief, "%s", open ? _("Open") : _("Closed"));
	if (st->has_savings && st->savings > 0) {
		size_t used = strlen(state);
		snprintf(state + used, sizeof state - used, _(" · SAVE %.0f%%"), st->savings);
		used = strlen(brief);
		snprintf(brief + used, sizeof brief - used, _(" · SAVE %.0f%%"), st->savings);
	}
	ui_row_set_right(r, grey | (open ? app_attr(a, UI_GOOD) : app_attr(a, UI_DIM)), state);
	ui_row_set_right_brief(r, brief);

	if (st->highlights && st->highlights->description &&
	    strstr(st->highlights->description, "«")) {
		r = ui_doc_add(&d->page.doc, 2, grey | app_attr(a, UI_DIM), 0, 0, "%s",
			       st->highlights->description);
		r->marked = true;
	}
	for (size_t i = 0; i < st->n_matched_dishes && i < DISCOVER_MAX_DISHES; i++) {
		const matched_dish *dish = &st->matched_dishes[i];
		const char *dname = dish->highlights && dish->highlights->name
					? dish->highlights->name
					: dish->name;
		r = ui_doc_add(&d->page.doc, 2, grey, 0, 0, "↳ %s", dname);
		r->marked = true;
		char price[64];
		if (dish_price(a, st, dish, price, sizeof price))
			ui_row_set_right(r, grey | app_attr(a, UI_PRICE), price);
	}
	if (st->n_matched_dishes > DISCOVER_MAX_DISHES)
		ui_doc_add(&d->page.doc, 4, grey | app_attr(a, UI_DIM), 0, 0,
			   ngettext("… and %zu more dish", "… and %zu more dishes",
				    st->n_matched_dishes - DISCOVER_MAX_DISHES),
			   st->n_matched_dishes - DISCOVER_MAX_DISHES);
}

/* Loads the next page when the cursor is near the end of what is loaded, or the next
   screenful would reach it (so that PgDn finds a whole page). */
static void maybe_more(discover_view *d)
{
	shop *s = d->page.base.app->shop;
	const ui_row *cur = ui_doc_current(&d->page.doc);
	size_t n = shop_discover_count(s);
	if (d->asking_more || !shop_discover_has_more(s) || shop_discover_loading(s))
		return;
	const ui_list *l = &d->page.doc.list;
	if (n > 0 && cur && cur->arg + DISCOVER_PAGE_AHEAD < (long)n &&
	    l->top + 2 * l->height < (int)d->page.doc.n)
		return;
	d->asking_more = true; /* the shop may report the change before returning */
	shop_discover_more(s);
	d->asking_more = false;
}

/* Stores listed, none of them near: say so before them (they are still offered). */
static void add_far_notice(discover_view *d)
{
	const app *a = d->page.base.app;
	double nearest = -1;
	for (size_t i = 0; i < shop_discover_count(a->shop); i++) {
		const store *st = shop_discover_store(a->shop, i);
		if (st && st->has_distance_miles && (nearest < 0 || st->distance_miles < nearest))
			nearest = st->distance_miles;
	}
	if (nearest <= DISCOVER_NEAR_MILES)
		return;
	char miles[32];
	ui_doc_add(&d->page.doc, 0, app_attr(a, UI_ERROR), 0, 0,
		   _("No stores near you: the nearest is %s away."),
		   ui_miles_text(nearest, miles, sizeof miles));
}

/* The view's rows (view_ops.enter). */
static void build(view *v)
{
	discover_view *d = (discover_view *)v;
	app *a = d->page.base.app;
	shop *s = a->shop;
	const ui_row *cur = ui_doc_current(&d->page.doc);
	long keep = cur ? cur->arg : -1;
	location where = shop_discover_location(s);
	char key[sizeof d->shown_for];
	snprintf(key, sizeof key, "%s|%d|%.6f,%.6f", shop_discover_query(s),
		 (int)shop_discover_mode(s), where.latitude, where.longitude);
	if (strcmp(key, d->shown_for) != 0) {
		/* Another search: start at the top of its results. */
		snprintf(d->shown_for, sizeof d->shown_for, "%s", key);
		keep = -1;
		d->to_last = false;
		d->page.doc.list.cursor = 0;
		d->page.doc.list.top = 0;
	}
	ui_doc_clear(&d->page.doc);
	d->greyed = 0;
	size_t n = shop_discover_count(s);
	shop_mode mode = shop_discover_mode(s);
	shop_search_end end = shop_discover_end(s);
	add_far_notice(d);
	for (size_t i = 0; i < n; i++) {
		const store *st = shop_discover_store(s, i);
		if (st)
			add_store(d, i, st, mode);
	}
	bool loading = shop_discover_loading(s);
	if (n == 0)
		ui_doc_add(&d->page.doc, 1, app_attr(a, UI_DIM), 0, 0, "%s",
			   loading			? _("Looking for stores…")
			   : end == SHOP_SEARCH_STOPPED ? _("Stopped: r searches again.")
			   : end == SHOP_SEARCH_FAILED
			       ? _("The stores could not be loaded (r: try again).")
			   : shop_discover_query(s)[0] ? _("No store matches the search.")
						       : _("No stores here."));
	if (n == 0 && !loading && end == SHOP_SEARCH_FAILED)
		ui_doc_add_failure(&d->page.doc, a, 1, d->page.cols - 4);
	else if (shop_discover_has_more(s))
		ui_doc_add(&d->page.doc, 1, app_attr(a, UI_DIM), 0, 0, "%s",
			   loading ? _("Loading more…") : _("More stores below…"));
	ui_doc_restore(&d->page.doc, keep >= 0 ? ROW_STORE : 0, keep);
	if (d->to_last) {
		ui_doc_move(&d->page.doc, UI_MOVE_LAST);
		d->to_last = loading && shop_discover_has_more(s);
	}
	maybe_more(d);
}

static void discover_draw(view *v, int rows, int cols)
{
	discover_view *d = (discover_view *)v;
	const app *a = v->app;
	shop *s = a->shop;
	char buf[512], found[64], where[256];
	snprintf(found, sizeof found, _("%lld found"), shop_discover_total(s));
	bool counted = shop_discover_count(s) > 0 ||
		       (!shop_discover_loading(s) && shop_discover_end(s) == SHOP_SEARCH_ANSWERED);
	snprintf(buf, sizeof buf, _("Stores · %s"), ui_mode_name(shop_discover_mode(s)));
	snprintf(where, sizeof where, _("near %s"), d->where);
	/* The mode and the count stay whole; the place is cut first. */
	attr_t title = app_attr(a, UI_TITLE);
	ui_part head[] = {
	    {.text = buf, .priority = 5, .attr = title},
	    {.text = where, .sep = " ", .priority = 1, .elastic = true, .min = 8, .attr = title},
	    {.text = counted ? found : NULL,
	     .sep = "  ",
	     .priority = 3,
	     .right = true,
	     .attr = app_attr(a, UI_DIM)},
	};
	ui_put_parts(stdscr, 0, 1, head, sizeof head / sizeof head[0], app_title_cols(a, cols) - 2,
		     0);
	bool delivery = shop_discover_mode(s) == SHOP_MODE_DELIVERY;
	if (d->searching || d->query.text[0]) {
		int x = 1 + ui_put(stdscr, 1, 1, _("Search: "), cols - 2, A_BOLD);
		ui_input_draw(stdscr, 1, x, cols - 1 - x, &d->query, A_BOLD, d->searching);
	} else {
		/* The keys, the rarer ones giving way first on a narrow screen. */
		ui_part keys[] = {
		    {.text = _("/ search"), .priority = 5},
		    {.text = delivery ? _("Tab: pickup") : _("Tab: delivery"),
		     .sep = " · ",
		     .priority = 4},
		    {.text = _("l location"), .sep = " · ", .priority = 3},
		    {.text = _("Enter open"), .sep = " · ", .priority = 2},
		    {.text = _("c cart"), .sep = " · ", .priority = 1},
		};
		ui_put_parts(stdscr, 1, 1, keys, sizeof keys / sizeof keys[0], cols - 2,
			     app_attr(a, UI_DIM));
	}
	/* Greyed, not hidden (contract §4.7): say what the grey means. */
	if (d->greyed > 0) {
		/* Where nothing greys (no dim), the rows are marked × and the legend says so. */
		bool marks = a->no_dim;
		ui_part legend[] = {
		    {.text = delivery ? (marks ? _("Stores marked × don't deliver here")
					       : _("Greyed stores don't deliver here"))
				      : (marks ? _("Stores marked × have no pickup (delivery only)")
					       : _("Greyed stores have no pickup (delivery only)")),
		     .brief = delivery ? (marks ? _("×: no delivery here")
						: _("Greyed: no delivery here"))
				       : (marks ? _("×: no pickup") : _("Greyed: no pickup")),
		     .priority = 5},
		    {.text = delivery ? _("Tab: switch to pickup") : _("Tab: switch to delivery"),
		     .brief = delivery ? _("Tab: pickup") : _("Tab: delivery"),
		     .sep = " · ",
		     .priority = 4},
		};
		ui_put_parts(stdscr, 2, 1, legend, 2, cols - 2, marks ? 0 : app_attr(a, UI_DIM));
	}
	ui_doc_draw(a, &d->page.doc, 3, cols);
	(void)rows;
}

static void set_query(discover_view *d)
{
	shop_discover_set_query(d->page.base.app->shop, d->query.text);
}

/*
 * Enter on a stale list (the stores of the text before the last keys, still shown while
 * the new search waits for its debounce or answer) opens nothing: it would open a store
 * that does not match what was typed. It sends the search at once and says so; the
 * answer clears the words (discover_changed).
 */
static bool still_searching(discover_view *d)
{
	app *a = d->page.base.app;
	if (!shop_discover_stale(a->shop))
		return false;
	shop_discover_search_now(a->shop);
	const char *query = shop_discover_query(a->shop);
	if (query[0])
		snprintf(d->said, sizeof d->said, _("Searching for “%s”…"), query);
	else
		snprintf(d->said, sizeof d->said, "%s", _("Looking for stores…"));
	app_status(a, "%s", d->said);
	return true;
}

static void toggle_mode(discover_view *d)
{
	shop *s = d->page.base.app->shop;
	shop_discover_set_mode(s, shop_discover_mode(s) == SHOP_MODE_DELIVERY ? SHOP_MODE_PICKUP
									      : SHOP_MODE_DELIVERY);
	build(&d->page.base);
}

static void search_key(discover_view *d, ui_key key)
{
	if (key == UI_KEY_ENTER) {
		/* The text is complete: no need to wait for the debounce. */
		d->searching = false;
		shop_discover_search_now(d->page.base.app->shop);
	} else if (key == UI_KEY_ESC) {
		d->searching = false;
		ui_input_clear(&d->query);
		set_query(d);
	} else if (key == UI_KEY_FN(KEY_DOWN) || key == UI_KEY_FN(KEY_UP)) {
		ui_doc_move(&d->page.doc, app_move_of_key(key));
		maybe_more(d);
	} else if (key == UI_KEY_TAB) {
		toggle_mode(d);
	} else if (ui_input_key(&d->query, key) == UI_INPUT_CHANGED) {
		set_query(d);
	}
}

static void discover_key(view *v, int action, ui_key key)
{
	discover_view *d = (discover_view *)v;
	app *a = v->app;
	if (d->searching) {
		search_key(d, key);
		return;
	}
	switch (action) {
	case DISC_OPEN: {
		if (still_searching(d))
			break;
		const ui_row *cur = ui_doc_current(&d->page.doc);
		const store *st = cur ? shop_discover_store(a->shop, (size_t)cur->arg) : NULL;
		if (st)
			app_push(a, view_store_new(a, st->store_id));
		break;
	}
	case DISC_SEARCH:
		d->searching = true;
		break;
	case DISC_CLEAR:
		if (d->query.text[0]) {
			ui_input_clear(&d->query);
			set_query(d);
		}
		break;
	case DISC_MODE:
		toggle_mode(d);
		break;
	case DISC_LOCATION:
		app_push(a, view_location_new(a));
		break;
	case DISC_REFRESH:
		shop_discover_refresh(a->shop);
		break;
	case DISC_LAST:
		ui_doc_move(&d->page.doc, UI_MOVE_LAST);
		d->to_last = shop_discover_has_more(a->shop);
		shop_discover_all(a->shop);
		break;
	default:
		break;
	}
}

static void discover_moved(view *v)
{
	((discover_view *)v)->to_last = false; /* moved elsewhere meanwhile */
	maybe_more((discover_view *)v);
}

static bool discover_capturing(const view *v)
{
	return ((const discover_view *)v)->searching;
}

static void discover_changed(view *v, unsigned changes)
{
	discover_view *d = (discover_view *)v;
	if (!(changes & SHOP_CHANGED_DISCOVERY))
		return;
	build(v);
	if (d->said[0] && !shop_discover_loading(v->app->shop)) {
		/* Answered (or failed: the notice replaced the words): no longer searching. */
		if (strcmp(v->app->status, d->said) == 0)
			app_status(v->app, "%s", "");
		d->said[0] = '\0';
	}
}

static const view_ops discover_ops = {
    .name = N_("Stores"),
    .draw = discover_draw,
    .key = discover_key,
    .resize = ui_doc_view_resized,
    .enter = build,
    .destroy = ui_doc_view_destroy,
    .capturing = discover_capturing,
    .changed = discover_changed,
    VIEW_KEYS(discover_keys),
    .doc = ui_doc_view_doc,
    .moved = discover_moved,
    .move_help =
	VIEW_MOVE_HELP(N_("next store"), N_("previous store"), N_("first store"), N_("last store")),
};

/* The location in words: a saved address's label when it is that address, else numbers. */
static void describe_location(discover_view *d, location where)
{
	shop *s = d->page.base.app->shop;
	for (size_t i = 0; i < shop_address_count(s); i++) {
		const shop_address *sa = shop_address_at(s, i);
		const location *loc = sa->address.location;
		if (loc && loc->latitude == where.latitude && loc->longitude == where.longitude) {
			snprintf(d->where, sizeof d->where, "%s (%s)", sa->label,
				 sa->address.address1);
			return;
		}
	}
	snprintf(d->where, sizeof d->where, "%.4f, %.4f", where.latitude, where.longitude);
}

void view_discover_set_location(app *a, location where, const char *label)
{
	shop_discover_set_location(a->shop, where);
	discover_view *d = (discover_view *)app_find(a, &discover_ops);
	if (!d)
		return;
	if (label)
		snprintf(d->where, sizeof d->where, "%s", label);
	else
		describe_location(d, where);
}

view *view_discover_new(app *a)
{
	discover_view *d = ui_doc_view_new(a, &discover_ops, sizeof *d, build, 3);
	describe_location(d, shop_discover_location(a->shop));
	ui_input_set(&d->query, shop_discover_query(a->shop));
	shop_discover_refresh(a->shop);
	return &d->page.base;
}

/*
 * Where discovery searches: one of the profile's saved addresses (those the server
 * has geocoded) or coordinates typed as "lat,lng".
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "ui/online.h"
#include "ui/views.h"

typedef struct location_view {
	ui_doc_view page;
	ui_input typed;
	bool typing;
} location_view;

enum { LOC_CHOOSE = VIEW_ACTION_FIRST, LOC_TYPE };
enum { ROW_ADDRESS = 1, ROW_TYPE };

static const ui_keybind location_keys[] = {
    {UI_KEY_ENTER, 0, "Enter", N_("search there"), LOC_CHOOSE, 0},
    {'e', '/', "e or /", N_("type coordinates (lat,lng)"), LOC_TYPE, 0},
    VIEW_KEY_CART(0),
    VIEW_KEY_ORDERS(0),
    VIEW_KEY_ACCOUNT(0),
    {UI_KEY_ESC, UI_KEY_BS, "Esc/BS", N_("back to the stores"), APP_ACTION_BACK, 0},
};

static void build(location_view *l)
{
	app *a = l->page.base.app;
	shop *s = a->shop;
	location now = shop_discover_location(s);
	ui_doc_clear(&l->page.doc);
	ui_doc_add(&l->page.doc, 0, A_BOLD, 0, 0, _("Searching near %.4f, %.4f"), now.latitude,
		   now.longitude);
	ui_doc_add(&l->page.doc, 0, 0, 0, 0, "%s", "");
	ui_doc_add(&l->page.doc, 0, app_attr(a, UI_HEADER), 0, 0, "%s", _("Saved addresses"));
	for (size_t i = 0; i < shop_address_count(s); i++) {
		const shop_address *sa = shop_address_at(s, i);
		char addr[512];
		ui_address_text(&sa->address, addr, sizeof addr);
		const location *loc = sa->address.location;
		ui_row *r = ui_doc_add(&l->page.doc, 1, loc ? 0 : app_attr(a, UI_DIM),
				       loc ? ROW_ADDRESS : 0, (long)i, "%s · %s", sa->label, addr);
		char where[96];
		if (loc)
			snprintf(where, sizeof where, "%.4f, %.4f", loc->latitude, loc->longitude);
		else
			snprintf(where, sizeof where, "%s", _("not on the map"));
		ui_row_set_right(r, app_attr(a, UI_DIM), where);
	}
	if (shop_address_count(s) == 0) {
		char path[PATH_MAX];
		ui_doc_add(&l->page.doc, 1, app_attr(a, UI_DIM), 0, 0,
			   _("None saved: add an [address NAME] section to %s (man gett-tui)."),
			   ui_config_path(a, path, sizeof path));
	}
	ui_doc_add(&l->page.doc, 0, 0, 0, 0, "%s", "");
	ui_row *r = ui_doc_add(&l->page.doc, 0, A_BOLD, ROW_TYPE, 0, "%s",
			       l->typing ? _("Coordinates: ") : _("Coordinates…"));
	if (l->typing)
		r->input = &l->typed;
	ui_doc_add(&l->page.doc, 2, app_attr(a, UI_DIM), 0, 0, "%s",
		   _("latitude,longitude in degrees, e.g. 47.6062,-122.3321"));
	const ui_row *cur = ui_doc_current(&l->page.doc);
	ui_doc_restore(&l->page.doc, cur ? cur->action : 0, cur ? cur->arg : 0);
}

static void location_draw(view *v, int rows, int cols)
{
	ui_doc_view_draw(v, _("Where to look for stores"), NULL, cols);
	(void)rows;
}

static bool parse_location(const char *text, location *out)
{
	char tail;
	double lat, lng;
	if (sscanf(text, " %lf , %lf %c", &lat, &lng, &tail) != 2 || lat < -90 || lat > 90 ||
	    lng < -180 || lng > 180)
		return false;
	out->latitude = lat;
	out->longitude = lng;
	return true;
}

static void choose(location_view *l)
{
	app *a = l->page.base.app;
	const ui_row *cur = ui_doc_current(&l->page.doc);
	if (!cur)
		return;
	if (cur->action == ROW_TYPE) {
		l->typing = true;
		build(l);
		return;
	}
	const shop_address *sa = shop_address_at(a->shop, (size_t)cur->arg);
	if (!sa || !sa->address.location)
		return;
	view_discover_set_location(a, *sa->address.location, NULL);
	app_pop(a); /* frees l */
}

static void type_key(location_view *l, ui_key key)
{
	app *a = l->page.base.app;
	location where;
	if (key == UI_KEY_ESC) {
		l->typing = false;
	} else if (key == UI_KEY_ENTER) {
		if (!parse_location(l->typed.text, &where)) {
			app_status(a, "%s", _("Type latitude,longitude, e.g. 47.6062,-122.3321"));
			return;
		}
		view_discover_set_location(a, where, NULL);
		app_pop(a); /* frees l */
		return;
	} else {
		ui_input_key(&l->typed, key);
	}
	build(l);
}

static void location_key(view *v, int action, ui_key key)
{
	location_view *l = (location_view *)v;
	if (l->typing) {
		type_key(l, key);
		return;
	}
	switch (action) {
	case LOC_CHOOSE:
		choose(l);
		break;
	case LOC_TYPE:
		ui_doc_focus(&l->page.doc, ROW_TYPE, 0);
		l->typing = true;
		build(l);
		break;
	default:
		break;
	}
}

static bool location_capturing(const view *v)
{
	return ((const location_view *)v)->typing;
}

static const view_ops location_ops = {
    .name = N_("Location"),
    .draw = location_draw,
    .key = location_key,
    .resize = ui_doc_view_resized,
    .destroy = ui_doc_view_destroy,
    .capturing = location_capturing,
    VIEW_KEYS(location_keys),
    .doc = ui_doc_view_doc,
    .move_help = VIEW_MOVE_HELP(N_("next choice"), N_("previous choice"), N_("first choice"),
				N_("last choice")),
};

view *view_location_new(app *a)
{
	location_view *l = ui_doc_view_new(a, &location_ops, sizeof *l, NULL, 2);
	build(l);
	return &l->page.base;
}

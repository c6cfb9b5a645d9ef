/*
 * One item in detail (i from the menu and the picker): its name, price, the compareAt price
 * with what is saved, the whole description wrapped (its own line breaks kept) and the image's
 * address, never cut, and a link to it (an OSC 8 hyperlink on a real terminal).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/money.h"
#include "rules/pricing.h"
#include "ui/online.h"
#include "ui/views.h"

typedef struct item_view {
	ui_doc_view page;
	char *item_id;
	bool cart_catalog; /* the item of a cart line: the cart's catalog set */
} item_view;

static const ui_keybind item_keys[] = {
    {UI_KEY_ESC, UI_KEY_BS, "Esc/BS", N_("back"), APP_ACTION_BACK, 0},
    {'i', 0, "i", N_("back"), APP_ACTION_BACK, 0},
};

static const catalog_set *item_set(const item_view *iv)
{
	shop *s = iv->page.base.app->shop;
	return iv->cart_catalog ? shop_cart_catalog(s) : shop_current_catalog(s);
}

/* The rows of the picture's address (their ui_row.arg): links to it where they show. */
#define ROW_PICTURE 1

/* text in rows of at most width bytes (an address has no spaces to wrap at). */
static void add_chunks(ui_doc *d, int indent, attr_t attr, int width, const char *text)
{
	size_t len = strlen(text), w = width > 4 ? (size_t)width : 4;
	for (size_t k = 0; k < len; k += w)
		ui_doc_add(d, indent, attr, 0, ROW_PICTURE, "%.*s",
			   (int)(len - k < w ? len - k : w), text + k);
}

/* Each row of the picture's address on screen links to it (app_link: a clickable OSC 8
   hyperlink where the terminal has them; an address that is not plain http(s) stays text). */
static void link_picture(item_view *iv)
{
	const catalog_set *set = item_set(iv);
	const catalog_item *it = set ? catalog_find_item(set, iv->item_id) : NULL;
	const ui_doc *d = &iv->page.doc;
	for (int i = 0; it && i < d->list.height && d->list.top + i < (int)d->n; i++)
		if (d->v[d->list.top + i].arg == ROW_PICTURE)
			app_link(iv->page.base.app, d->list.screen_y + i,
				 d->v[d->list.top + i].text, it->image_url);
}

static void build(view *v)
{
	item_view *iv = (item_view *)v;
	app *a = iv->page.base.app;
	ui_doc *d = &iv->page.doc;
	int width = iv->page.cols - 4;
	const catalog_set *set = item_set(iv);
	const catalog_item *it = set ? catalog_find_item(set, iv->item_id) : NULL;
	ui_doc_clear(d);
	if (!it) {
		ui_doc_add(d, 0, app_attr(a, UI_DIM), 0, 0, "%s",
			   _("This item is no longer on the menu."));
		ui_doc_restore(d, 0, 0);
		return;
	}
	char money_buf[MONEY_TEXT_MAX], was[MONEY_TEXT_MAX], text[512];
	ui_doc_add_wrapped(d, 0, A_BOLD, width, it->name ? it->name : it->item_id);
	ui_doc_add(d, 0, 0, 0, 0, "%s", "");
	/* The price of the menu row and the picker's header (pricing_item_shown), and the saving
	   the row's struck price shows. */
	pricing_shown shown = pricing_item_shown(set, it);
	money was_amount = pricing_shown_was(it, shown);
	ui_row *r = ui_doc_add(d, 0, 0, 0, 0, "%s", shown.from ? _("Price, from") : _("Price"));
	ui_row_set_right(r, app_attr(a, UI_PRICE) | A_BOLD, money_format(shown.amount, money_buf));
	if (was_amount) {
		money saved = was_amount - shown.amount;
		snprintf(text, sizeof text, _("was %s, you save %s (%d%%)"),
			 money_format(was_amount, was), money_format(saved, money_buf),
			 (int)(saved * 100 / was_amount));
		ui_row_set_right(ui_doc_add(d, 0, 0, 0, 0, "%s", _("Saving")), app_attr(a, UI_GOOD),
				 text);
	}
	if (it->modifier_group_ids.n) {
		snprintf(text, sizeof text,
			 ngettext("%zu choice of options: Enter in the menu picks them.",
				  "%zu choices of options: Enter in the menu picks them.",
				  it->modifier_group_ids.n),
			 it->modifier_group_ids.n);
		ui_doc_add_wrapped(d, 0, app_attr(a, UI_DIM), width, text);
	}
	ui_doc_add(d, 0, 0, 0, 0, "%s", "");
	if (it->description && it->description[0])
		ui_doc_add_wrapped(d, 0, 0, width, it->description); /* its line breaks kept */
	else
		ui_doc_add(d, 0, app_attr(a, UI_DIM), 0, 0, "%s", _("No description."));
	if (it->image_url && it->image_url[0]) {
		ui_doc_add(d, 0, 0, 0, 0, "%s", "");
		ui_doc_add(d, 0, app_attr(a, UI_HEADER), 0, 0, "%s", _("Picture"));
		add_chunks(d, 1, app_attr(a, UI_DIM), iv->page.cols - 4, it->image_url);
	}
	ui_doc_restore(d, 0, 0);
}

static void item_draw(view *v, int rows, int cols)
{
	ui_doc_view_draw(v, _("Item details"), NULL, cols);
	link_picture((item_view *)v);
	(void)rows;
}

static void item_key(view *v, int action, ui_key key)
{
	(void)v;
	(void)action;
	(void)key;
}

static void item_changed(view *v, unsigned changes)
{
	if (changes & (SHOP_CHANGED_STORE | SHOP_CHANGED_CART))
		build(v);
}

static void item_destroy(view *v)
{
	free(((item_view *)v)->item_id);
	ui_doc_view_destroy(v);
}

static const view_ops item_ops = {
    .name = N_("Item"),
    .draw = item_draw,
    .key = item_key,
    .resize = ui_doc_view_resized,
    .destroy = item_destroy,
    .changed = item_changed,
    VIEW_KEYS(item_keys),
    .doc = ui_doc_view_doc,
    .move_help = VIEW_MOVE_HELP_SCROLL,
};

view *view_item_new(app *a, const char *item_id, bool cart_catalog)
{
	item_view *iv = ui_doc_view_new(a, &item_ops, sizeof *iv, build, 2);
	iv->item_id = xstrdup(item_id);
	iv->cart_catalog = cart_catalog;
	build(&iv->page.base);
	return &iv->page.base;
}

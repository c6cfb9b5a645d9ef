/*
 * The views: their constructors (each a view_ops table in its own file) and how a run
 * starts them. The app (app.h) knows none of them; views_start_* push the first view and
 * register the hooks through which app events reach particular views.
 */
#ifndef GETT_UI_VIEWS_H
#define GETT_UI_VIEWS_H

#include "ui/app.h"

/* The most of one line the picker and the cart let a customer ask for. */
#define VIEW_LINE_MAX_QUANTITY 99

/* ------------------------------------------------------------------ starting a run */

/* Online (a->shop set by shop_new): registers the hooks (the cart key shows the cart, a placed
   order its confirmation, an unsettled earlier order its question) and pushes discovery. */
void views_start_online(app *a);
/* Offline browsing (a->shop over a local catalog, shop_new_local): pushes its menu. */
void views_start_offline(app *a);

/* ------------------------------------------------------------------ every shop */

/* The menu of the shop's current catalog set (a local shop's file, or the open store's):
   catalogs (open ones first), nested sections, items; the cursor starts in catalog_id (may
   be NULL: the first item). Where the shop cannot check out (shop_can_check_out), it only
   browses: no cart key, and Esc clears the filter without leaving. */
view *view_menu_new(app *a, const char *catalog_id);
/* The modifier picker for one item of the shop's current catalog set; `a` adds the line to
   the cart, or, where the shop cannot check out, only confirms its price. NULL when the
   item is unknown. */
view *view_picker_new(app *a, const char *item_id);
/* The picker on a copy of cart line `index`; `a` replaces the line. NULL when the line or
   its item is unknown. */
view *view_picker_edit(app *a, size_t index);

/* What the render audit (ui/audit_walk.h) reads of a menu or picker it drives: no drawing,
   only which row is which. */
typedef enum view_menu_row_kind {
	VIEW_MENU_CATALOG,
	VIEW_MENU_SECTION,
	VIEW_MENU_ITEM,
} view_menu_row_kind;
/* Row `row` of a menu view (view_menu_new): its kind, id and depth (catalogs 0, their sections
   1, …); false past the last row. */
bool view_menu_row(view *v, int row, view_menu_row_kind *kind, const char **id, int *depth);
/* Row `row` of a picker view (view_picker_new): its ids from the line, '/'-joined, groups and
   options alternating ("size", "size/large", "size/large/crust"); NULL past the last row. */
const char *view_picker_row_key(view *v, int row);

/* One item in detail (i in the menu and the picker): price, compareAt savings, the whole
   description, the picture's address; cart_catalog: the item of a cart line. */
view *view_item_new(app *a, const char *item_id, bool cart_catalog);

/* ------------------------------------------------------------------ online only */

/* Stores near the discovery location, search as you type, delivery/pickup. */
view *view_discover_new(app *a);
/* Moves discovery to `where`; label names it (NULL: a saved address's label, or numbers). */
void view_discover_set_location(app *a, location where, const char *label);
/* Where discovery searches: saved addresses, the home location, or typed coordinates. */
view *view_location_new(app *a);
/* One store (opened through the shop): details, hours, its menus. */
view *view_store_new(app *a, const char *store_id);
/* The cart's lines, quantities and estimate. */
view *view_cart_new(app *a);
/* Shows the cart view (the one on the stack, else a new one), cursor on `line` (-1: kept). */
void views_show_cart(app *a, long line);
/* Checkout: choices, the server's amounts, line errors, placing. */
view *view_checkout_new(app *a);
/* The placed order and its status. */
view *view_order_new(app *a);
/* Once an order is placed: back to the stores, with its confirmation on top. */
void views_show_order(app *a);
/* The orders placed (the shop's history), newest first; Enter opens one, R reorders. */
view *view_orders_new(app *a);
/* Shows the orders view (the one on the stack, else a new one). */
void views_show_orders(app *a);
/* The account: name, what it still needs, phone, delivery addresses, cards. */
view *view_account_new(app *a);
/* Shows the account view (the one on the stack, else a new one). */
void views_show_account(app *a);
/* At checkout: when the account lacks what the order needs (shop_account_checkout_fix), a blank
   row, the reason and the key that fixes it (A), wrapped to width; nothing otherwise. */
void views_add_account_fix(app *a, struct ui_doc *d, int width);

#endif

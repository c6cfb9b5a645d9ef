/* Constructors of the views (each a view_ops table in its own file). */
#ifndef GETT_UI_VIEWS_H
#define GETT_UI_VIEWS_H

#include "ui/app.h"

/* ------------------------------------------------------------------ offline and online */

/* Offline: the menu of a.set: catalogs (open ones first), nested sections, items. */
view *view_menu_new(app *a);
/* Online: the menu of the shop's current store; the cursor starts in catalog_id (may be
   NULL). */
view *view_menu_new_online(app *a, const char *catalog_id);
/* The modifier picker for one item of the menu's catalog set (a.set offline, the current
   store's online); NULL when the item is unknown. */
view *view_picker_new(app *a, const char *item_id);
/* Online: the picker on a copy of cart line `index`; `a` replaces the line. NULL when the
   line or its item is unknown. */
view *view_picker_edit(app *a, size_t index);

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

#endif

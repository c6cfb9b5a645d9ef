/* Constructors of the views (each a view_ops table in its own file). */
#ifndef GETT_UI_VIEWS_H
#define GETT_UI_VIEWS_H

#include "app.h"

/* The menu of a.set: catalogs (open ones first), nested sections, items. */
view *view_menu_new(app *a);
/* The modifier picker for one item; NULL when the item is unknown. */
view *view_picker_new(app *a, const char *item_id);

#endif

/*
 * The help overlay (`?`): the current view's keys in a box over the view (the app's movement
 * keys, in the view's words, when it has a cursor; then its own key table, then the app's
 * own keys). Two
 * columns when they fit without cutting a description; else one column that scrolls
 * (j/k, arrows, PgUp/PgDn) when the terminal is short. Any other key closes it.
 */
#ifndef GETT_UI_HELP_H
#define GETT_UI_HELP_H

#include <stdbool.h>

#include "ui/app.h"

/* Opens the overlay for the view on top. */
void help_open(app *a);
void help_draw(app *a, const view *v);
/* A key while the overlay is shown: scrolls it, or closes it. */
void help_key(app *a, const view *v, ui_key key);
/* The mouse wheel over the overlay: scrolls it by a row (dir 1 down, -1 up) when it scrolls;
   never closes it. */
void help_wheel(app *a, const view *v, int dir);

#endif

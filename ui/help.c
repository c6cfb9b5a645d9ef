/* The help overlay (help.h). */
#include <stdio.h>

#include "help.h"
#include "i18n.h"

/* Where everything goes for the current terminal size. */
typedef struct help_geometry {
	int label_w, columns, per_column, rows; /* rows: shown per column */
	int h, w, y0, x0;
	bool scrolls;
} help_geometry;

#define HELP_CHROME_ROWS 4 /* top and bottom border, the gap and the footer */
#define HELP_PAD	 4 /* border and space on each side of a column */

static void measure(const view_ops *ops, help_geometry *g)
{
	int n = (int)ops->n_keys, help_w = 0;
	g->label_w = 0;
	for (int i = 0; i < n; i++) {
		int lw = ui_text_width(ops->keys[i].label),
		    hw = ui_text_width(_(ops->keys[i].help));
		g->label_w = lw > g->label_w ? lw : g->label_w;
		help_w = hw > help_w ? hw : help_w;
	}
	int column_w = g->label_w + 2 + help_w + 2;
	int max_w = COLS - 2, max_rows = LINES - 1 - HELP_CHROME_ROWS;
	if (max_rows < 1)
		max_rows = 1;
	g->columns = n > max_rows && 2 * column_w + 2 <= max_w ? 2 : 1;
	g->per_column = (n + g->columns - 1) / g->columns;
	g->rows = g->per_column < max_rows ? g->per_column : max_rows;
	g->scrolls = g->rows < g->per_column;
	g->w = g->columns * column_w + 2;
	if (g->w > max_w)
		g->w = max_w;
	if (g->w < 30 && max_w >= 30)
		g->w = 30; /* room for the title and the footer */
	g->h = g->rows + HELP_CHROME_ROWS;
	g->y0 = (LINES - 1 - g->h) / 2;
	g->x0 = (COLS - g->w) / 2;
}

static int max_top(const help_geometry *g)
{
	return g->scrolls ? g->per_column - g->rows : 0;
}

void help_open(app *a)
{
	a->help_shown = true;
	a->help_top = 0;
}

void help_draw(app *a, const view *v)
{
	const view_ops *ops = v->ops;
	help_geometry g;
	measure(ops, &g);
	if (a->help_top > max_top(&g))
		a->help_top = max_top(&g); /* the terminal grew */
	ui_box(g.y0, g.x0, g.h, g.w);
	char text[96];
	snprintf(text, sizeof text, _(" Keys: %s "), _(ops->name));
	ui_put(stdscr, g.y0, g.x0 + 2, text, g.w - 4, app_attr(a, UI_TITLE));
	int column_w = (g.w - 2) / g.columns;
	for (int i = 0; i < (int)ops->n_keys; i++) {
		int row = i % g.per_column - a->help_top, col = i / g.per_column;
		if (row < 0 || row >= g.rows)
			continue;
		int x = g.x0 + 2 + col * column_w, y = g.y0 + 1 + row;
		ui_put(stdscr, y, x, ops->keys[i].label, g.label_w, A_BOLD);
		ui_put(stdscr, y, x + g.label_w + 2, _(ops->keys[i].help),
		       column_w - g.label_w - HELP_PAD, 0);
	}
	if (g.scrolls)
		snprintf(text, sizeof text, _("%d–%d of %d · j/k scroll · other keys close"),
			 a->help_top + 1, a->help_top + g.rows, g.per_column);
	else
		snprintf(text, sizeof text, "%s", _("Press any key to close"));
	ui_put(stdscr, g.y0 + g.h - 2, g.x0 + 2, text, g.w - 4, A_DIM);
}

void help_key(app *a, const view *v, ui_key key)
{
	help_geometry g;
	measure(v->ops, &g);
	int step = key == 'j' || key == UI_KEY_FN(KEY_DOWN) ? 1
		   : key == 'k' || key == UI_KEY_FN(KEY_UP) ? -1
		   : key == UI_KEY_FN(KEY_NPAGE)	    ? g.rows
		   : key == UI_KEY_FN(KEY_PPAGE)	    ? -g.rows
							    : 0;
	if (!g.scrolls || step == 0) {
		a->help_shown = false;
		return;
	}
	a->help_top += step;
	if (a->help_top > max_top(&g))
		a->help_top = max_top(&g);
	if (a->help_top < 0)
		a->help_top = 0;
}

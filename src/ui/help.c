/* The help overlay (help.h). */
#include <stdio.h>

#include "ui/help.h"
#include "base/i18n.h"

/* One row of the overlay: the key(s) and what they do (translated when drawn). */
typedef struct help_row {
	const char *label, *help;
} help_row;

#define HELP_MAX_ROWS 64

/* Whether the view binds `key` itself in its mode (its row then wins over the app's). */
static bool view_binds(const view *v, ui_key key)
{
	const view_ops *ops = v->ops;
	for (size_t j = 0; j < ops->n_keys; j++)
		if (app_key_bound(v, &ops->keys[j]) &&
		    (ops->keys[j].key == key || ops->keys[j].alt == key))
			return true;
	return false;
}

/* The view's keys as help lists them: the app's movement keys first, in the view's words,
   when it has something to move (a movement key the view binds itself is the view's), then
   the view's own table, as bound in the view's mode, then the app's own keys (help, quit,
   redraw). Returns the number of rows. */
static int help_rows(const view *v, help_row *rows)
{
	const view_ops *ops = v->ops;
	int n = 0;
	if (ops->list || ops->doc)
		for (size_t i = 0; i < app_n_move_keys && n < HELP_MAX_ROWS; i++) {
			const ui_keybind *k = &app_move_keys[i];
			if (view_binds(v, k->key))
				continue;
			const char *words = ops->move_help[k->action - APP_ACTION_MOVE];
			rows[n++] = (help_row){k->label, words ? words : k->help};
		}
	for (size_t i = 0; i < ops->n_keys && n < HELP_MAX_ROWS; i++)
		if (app_key_bound(v, &ops->keys[i]))
			rows[n++] = (help_row){ops->keys[i].label, ops->keys[i].help};
	for (size_t i = 0; i < app_n_keys && n < HELP_MAX_ROWS; i++)
		if (!view_binds(v, app_keys[i].key))
			rows[n++] = (help_row){app_keys[i].label, app_keys[i].help};
	return n;
}

/* Where everything goes for the current terminal size. */
typedef struct help_geometry {
	int label_w, columns, per_column, rows; /* rows: shown per column */
	int h, w, y0, x0;
	bool scrolls;
} help_geometry;

#define HELP_CHROME_ROWS 4 /* top and bottom border, the gap and the footer */
#define HELP_PAD	 4 /* border and space on each side of a column */
#define HELP_MIN_MARGIN	 8 /* view text beside the box narrower than this is cleared */

static void measure(const help_row *rows, int n, help_geometry *g)
{
	int help_w = 0;
	g->label_w = 0;
	for (int i = 0; i < n; i++) {
		int lw = ui_text_width(rows[i].label), hw = ui_text_width(_(rows[i].help));
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
	help_row rows[HELP_MAX_ROWS];
	int n = help_rows(v, rows);
	help_geometry g;
	measure(rows, n, &g);
	if (a->help_top > max_top(&g))
		a->help_top = max_top(&g); /* the terminal grew */
	/* A narrow margin beside the box would show only shreds of the view: cleared. */
	for (int y = g.y0; g.x0 < HELP_MIN_MARGIN && y < g.y0 + g.h && y < LINES - 1; y++)
		mvwhline(stdscr, y, 0, ' ', COLS);
	ui_box(g.y0, g.x0, g.h, g.w);
	char text[96];
	snprintf(text, sizeof text, _(" Keys: %s "), _(ops->name));
	ui_put(stdscr, g.y0, g.x0 + 2, text, g.w - 4, app_attr(a, UI_TITLE));
	int column_w = (g.w - 2) / g.columns;
	for (int i = 0; i < n; i++) {
		int row = i % g.per_column - a->help_top, col = i / g.per_column;
		if (row < 0 || row >= g.rows)
			continue;
		int x = g.x0 + 2 + col * column_w, y = g.y0 + 1 + row;
		ui_put(stdscr, y, x, rows[i].label, g.label_w, A_BOLD);
		ui_put(stdscr, y, x + g.label_w + 2, _(rows[i].help),
		       column_w - g.label_w - HELP_PAD, 0);
	}
	if (g.scrolls) {
		/* Narrow: the position and the keys stay, the words give way. */
		snprintf(text, sizeof text, _("%d–%d of %d"), a->help_top + 1, a->help_top + g.rows,
			 g.per_column);
		ui_part parts[] = {
		    {.text = text, .priority = 5},
		    {.text = _("j/k scroll"), .sep = " · ", .priority = 4},
		    {.text = _("other keys close"),
		     .brief = _("others close"),
		     .sep = " · ",
		     .priority = 3},
		};
		ui_put_parts(stdscr, g.y0 + g.h - 2, g.x0 + 2, parts, 3, g.w - 4, A_DIM);
	} else {
		ui_put(stdscr, g.y0 + g.h - 2, g.x0 + 2, _("Press any key to close"), g.w - 4,
		       A_DIM);
	}
}

void help_wheel(app *a, const view *v, int dir)
{
	help_row rows[HELP_MAX_ROWS];
	help_geometry g;
	measure(rows, help_rows(v, rows), &g);
	a->help_top += dir;
	if (a->help_top > max_top(&g))
		a->help_top = max_top(&g);
	if (a->help_top < 0)
		a->help_top = 0;
}

void help_key(app *a, const view *v, ui_key key)
{
	help_row rows[HELP_MAX_ROWS];
	int n = help_rows(v, rows);
	help_geometry g;
	measure(rows, n, &g);
	int step = 0;
	switch (app_move_of_key(key)) { /* the app's movement keys scroll it, as they list */
	case UI_MOVE_DOWN:
		step = 1;
		break;
	case UI_MOVE_UP:
		step = -1;
		break;
	case UI_MOVE_PAGE_DOWN:
		step = g.rows;
		break;
	case UI_MOVE_PAGE_UP:
		step = -g.rows;
		break;
	case UI_MOVE_FIRST:
		step = -n;
		break;
	case UI_MOVE_LAST:
		step = n;
		break;
	default:
		break;
	}
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

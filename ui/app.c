/* The application shell: view stack, status line, help overlay, terminal loop (app.h). */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app.h"
#include "collections.h"
#include "i18n.h"

void app_init(app *a, uv_loop_t *loop)
{
	memset(a, 0, sizeof *a);
	a->loop = loop;
}

void app_free(app *a)
{
	while (a->depth > 0) {
		view *v = a->stack[--a->depth];
		v->ops->destroy(v);
	}
	for (size_t i = 0; i < a->n_added; i++)
		line_item_clear(&a->added[i]);
	free(a->added);
	a->added = NULL;
	a->n_added = 0;
}

void app_start_curses(app *a)
{
	const char *no_color = getenv("NO_COLOR");
	a->colors = has_colors() && !(no_color && *no_color);
	if (!a->colors)
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_CYAN, -1);
	init_pair(2, COLOR_YELLOW, -1);
	init_pair(3, COLOR_WHITE, COLOR_RED);
	init_pair(4, COLOR_GREEN, -1);
}

attr_t app_attr(const app *a, enum ui_role role)
{
	switch (role) {
	case UI_TITLE:
		return A_BOLD | (a->colors ? COLOR_PAIR(1) : 0);
	case UI_HEADER:
		return A_BOLD | (a->colors ? COLOR_PAIR(2) : A_UNDERLINE);
	case UI_DIM:
		return A_DIM;
	case UI_CURSOR:
		return A_REVERSE;
	case UI_BANNER:
		return a->colors ? (COLOR_PAIR(3) | A_BOLD) : (A_REVERSE | A_BOLD);
	case UI_PRICE:
		return a->colors ? COLOR_PAIR(4) : 0;
	case UI_STATUS:
		return A_REVERSE;
	}
	return 0;
}

view *app_top(const app *a)
{
	return a->depth ? a->stack[a->depth - 1] : NULL;
}

static void resize_view(app *a, view *v)
{
	if (v->ops->resize)
		v->ops->resize(v, LINES - 1, COLS);
}

void app_push(app *a, view *v)
{
	if (a->depth == sizeof a->stack / sizeof a->stack[0]) {
		v->ops->destroy(v);
		return;
	}
	view *old = app_top(a);
	if (old && old->ops->leave)
		old->ops->leave(old);
	v->app = a;
	a->stack[a->depth++] = v;
	resize_view(a, v);
	if (v->ops->enter)
		v->ops->enter(v);
}

void app_pop(app *a)
{
	if (a->depth == 0)
		return;
	view *v = a->stack[--a->depth];
	if (v->ops->leave)
		v->ops->leave(v);
	v->ops->destroy(v);
	view *top = app_top(a);
	if (top) {
		resize_view(a, top);
		if (top->ops->enter)
			top->ops->enter(top);
	}
}

void app_status(app *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->status, sizeof a->status, fmt, ap);
	va_end(ap);
}

void app_record_added(app *a, line_item *line)
{
	a->added = xrealloc(a->added, (a->n_added + 1) * sizeof *a->added);
	a->added[a->n_added++] = *line;
	memset(line, 0, sizeof *line);
}

bool app_too_small(void)
{
	return COLS < APP_MIN_COLS || LINES < APP_MIN_ROWS;
}

static int lookup_action(const view_ops *ops, ui_key key)
{
	for (size_t i = 0; i < ops->n_keys; i++)
		if (ops->keys[i].key == key || (ops->keys[i].alt && ops->keys[i].alt == key))
			return ops->keys[i].action;
	return APP_ACTION_NONE;
}

void app_handle_key(app *a, ui_key key)
{
	view *v = app_top(a);
	if (!v)
		return;
	if (app_too_small()) {
		if (key == 'q')
			a->quit = true;
		return;
	}
	if (a->help_shown) {
		a->help_shown = false;
		return;
	}
	a->status[0] = '\0';
	if (v->ops->capturing && v->ops->capturing(v)) {
		v->ops->key(v, APP_ACTION_NONE, key);
		return;
	}
	int action = lookup_action(v->ops, key);
	switch (action) {
	case APP_ACTION_HELP:
		a->help_shown = true;
		return;
	case APP_ACTION_QUIT:
		a->quit = true;
		return;
	case APP_ACTION_BACK:
		if (a->depth > 1)
			app_pop(a);
		else
			a->quit = true;
		return;
	default:
		v->ops->key(v, action, key);
	}
}

void app_relayout(app *a)
{
	for (size_t i = 0; i < a->depth; i++)
		resize_view(a, a->stack[i]);
}

static void draw_too_small(void)
{
	char buf[160];
	int y = LINES / 2 - 1;
	if (y < 0)
		y = 0;
	ui_put(stdscr, y, 0, _("Terminal too small"), COLS, A_BOLD);
	snprintf(buf, sizeof buf, _("%dx%d, need at least %dx%d"), COLS, LINES, APP_MIN_COLS,
		 APP_MIN_ROWS);
	if (y + 1 < LINES)
		ui_put(stdscr, y + 1, 0, buf, COLS, 0);
	if (y + 2 < LINES)
		ui_put(stdscr, y + 2, 0, _("Enlarge it, or q to quit"), COLS, A_DIM);
}

static void draw_status(app *a, const view *v)
{
	int y = LINES - 1;
	attr_t attr = app_attr(a, UI_STATUS);
	wattron(stdscr, attr);
	mvwhline(stdscr, y, 0, ' ', COLS);
	wattroff(stdscr, attr);
	const char *text = a->status[0] ? a->status : _("? help");
	ui_put(stdscr, y, 1, text, COLS - 2, attr);
	(void)v;
}

static void draw_box(int y0, int x0, int h, int w)
{
	for (int y = 0; y < h; y++)
		mvwhline(stdscr, y0 + y, x0, ' ', w);
	wattron(stdscr, A_BOLD);
	mvwadd_wch(stdscr, y0, x0, WACS_ULCORNER);
	mvwhline_set(stdscr, y0, x0 + 1, WACS_HLINE, w - 2);
	mvwadd_wch(stdscr, y0, x0 + w - 1, WACS_URCORNER);
	mvwvline_set(stdscr, y0 + 1, x0, WACS_VLINE, h - 2);
	mvwvline_set(stdscr, y0 + 1, x0 + w - 1, WACS_VLINE, h - 2);
	mvwadd_wch(stdscr, y0 + h - 1, x0, WACS_LLCORNER);
	mvwhline_set(stdscr, y0 + h - 1, x0 + 1, WACS_HLINE, w - 2);
	mvwadd_wch(stdscr, y0 + h - 1, x0 + w - 1, WACS_LRCORNER);
	wattroff(stdscr, A_BOLD);
}

/* The current view's key table in a box; two columns when one does not fit the height. */
static void draw_help(app *a, const view *v)
{
	const view_ops *ops = v->ops;
	int n = (int)ops->n_keys, label_w = 0;
	for (int i = 0; i < n; i++) {
		int lw = ui_text_width(ops->keys[i].label);
		if (lw > label_w)
			label_w = lw;
	}
	int max_rows = LINES - 1 - 4; /* the box's border, gap and footer */
	int columns = n > max_rows ? 2 : 1;
	int per_column = (n + columns - 1) / columns;
	int h = per_column + 4;
	int w = COLS - 8 < 64 * columns ? COLS - 8 : 64 * columns;
	if (h > LINES - 1)
		h = LINES - 1;
	int y0 = (LINES - 1 - h) / 2, x0 = (COLS - w) / 2;
	draw_box(y0, x0, h, w);
	char title[96];
	snprintf(title, sizeof title, _(" Keys: %s "), _(ops->name));
	ui_put(stdscr, y0, x0 + 2, title, w - 4, app_attr(a, UI_TITLE));
	int col_w = (w - 2) / columns;
	for (int i = 0; i < n; i++) {
		int row = i % per_column, col = i / per_column;
		if (row >= h - 4)
			continue;
		int x = x0 + 2 + col * col_w;
		ui_put(stdscr, y0 + 1 + row, x, ops->keys[i].label, label_w, A_BOLD);
		ui_put(stdscr, y0 + 1 + row, x + label_w + 2, _(ops->keys[i].help),
		       col_w - label_w - 4, 0);
	}
	ui_put(stdscr, y0 + h - 2, x0 + 2, _("Press any key to close"), w - 4, A_DIM);
}

void app_draw(app *a)
{
	werase(stdscr);
	view *v = app_top(a);
	if (app_too_small()) {
		draw_too_small();
	} else if (v) {
		v->ops->draw(v, LINES - 1, COLS);
		draw_status(a, v);
		if (a->help_shown)
			draw_help(a, v);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

ui_key app_key_from_curses(int rc, wint_t wch)
{
	if (rc == KEY_CODE_YES) {
		if (wch == KEY_ENTER)
			return UI_KEY_ENTER;
		if (wch == KEY_BTAB)
			return UI_KEY_FN(KEY_BTAB);
		return UI_KEY_FN((int)wch);
	}
	if (wch == '\r')
		return UI_KEY_ENTER;
	if (wch == 127 || wch == 8)
		return UI_KEY_BS;
	return (ui_key)wch;
}

/* ---------------------------------------------------------------- the real terminal */

typedef struct term_loop {
	app *a;
	uv_poll_t input;
	uv_signal_t sig_winch, sig_int, sig_term, sig_hup, sig_tstp;
} term_loop;

static void stop_loop(term_loop *t)
{
	uv_poll_stop(&t->input);
	uv_signal_stop(&t->sig_winch);
	uv_signal_stop(&t->sig_int);
	uv_signal_stop(&t->sig_term);
	uv_signal_stop(&t->sig_hup);
	uv_signal_stop(&t->sig_tstp);
	uv_stop(t->a->loop);
}

static void on_input(uv_poll_t *h, int status, int events)
{
	term_loop *t = h->data;
	wint_t wch;
	int rc;
	while (!t->a->quit && (rc = get_wch(&wch)) != ERR) {
		if (rc == KEY_CODE_YES && wch == KEY_RESIZE) {
			app_relayout(t->a);
			continue;
		}
		app_handle_key(t->a, app_key_from_curses(rc, wch));
	}
	if (t->a->quit)
		stop_loop(t);
	else
		app_draw(t->a);
}

static void on_winch(uv_signal_t *h, int signum)
{
	term_loop *t = h->data;
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	app_relayout(t->a);
	clearok(curscr, TRUE);
	app_draw(t->a);
}

static void on_fatal_signal(uv_signal_t *h, int signum)
{
	term_loop *t = h->data;
	t->a->quit = true;
	t->a->exit_code = 128 + signum;
	stop_loop(t);
}

static void on_tstp(uv_signal_t *h, int signum)
{
	term_loop *t = h->data;
	endwin();
	raise(SIGSTOP);
	/* Resumed: the terminal may have changed size while we were away. */
	on_winch(&t->sig_winch, SIGWINCH);
}

static void close_handle(uv_handle_t *h)
{
	if (!uv_is_closing(h))
		uv_close(h, NULL);
}

int app_run_terminal(app *a)
{
	term_loop t;
	memset(&t, 0, sizeof t);
	t.a = a;
	/* Signals first, so ncurses sees them handled and leaves them to the loop. */
	uv_signal_t *sigs[] = {&t.sig_winch, &t.sig_int, &t.sig_term, &t.sig_hup, &t.sig_tstp};
	for (size_t i = 0; i < 5; i++) {
		uv_signal_init(a->loop, sigs[i]);
		sigs[i]->data = &t;
	}
	uv_signal_start(&t.sig_winch, on_winch, SIGWINCH);
	uv_signal_start(&t.sig_int, on_fatal_signal, SIGINT);
	uv_signal_start(&t.sig_term, on_fatal_signal, SIGTERM);
	uv_signal_start(&t.sig_hup, on_fatal_signal, SIGHUP);
	uv_signal_start(&t.sig_tstp, on_tstp, SIGTSTP);

	a->screen = newterm(NULL, stdout, stdin);
	if (!a->screen) {
		fprintf(stderr, _("gett-tui: cannot initialise the terminal (TERM=%s)\n"),
			getenv("TERM") ? getenv("TERM") : "");
		for (size_t i = 0; i < 5; i++)
			close_handle((uv_handle_t *)sigs[i]);
		uv_run(a->loop, UV_RUN_DEFAULT);
		return 1;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	app_start_curses(a);
	app_relayout(a);
	app_draw(a);

	int rc = uv_poll_init(a->loop, &t.input, STDIN_FILENO);
	if (rc == 0) {
		t.input.data = &t;
		uv_poll_start(&t.input, UV_READABLE, on_input);
		uv_run(a->loop, UV_RUN_DEFAULT);
	}

	endwin();
	delscreen(a->screen);
	a->screen = NULL;
	if (rc == 0)
		close_handle((uv_handle_t *)&t.input);
	for (size_t i = 0; i < 5; i++)
		close_handle((uv_handle_t *)sigs[i]);
	uv_run(a->loop, UV_RUN_DEFAULT);
	if (rc != 0) {
		fprintf(stderr, _("gett-tui: cannot read keys from standard input: %s\n"),
			uv_strerror(rc));
		return 1;
	}
	return a->exit_code;
}

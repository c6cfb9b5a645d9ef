/* The application shell: view stack, key dispatch, status line, help overlay (app.h); the
   real terminal loop is app_term.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <wchar.h>

#include "ui/app.h"
#include "base/collections.h"
#include "base/xalloc.h"
#include "ui/help.h"
#include "base/i18n.h"
#include "ui/online.h"

void app_init(app *a, uv_loop_t *loop)
{
	memset(a, 0, sizeof *a);
	a->loop = loop;
	a->mouse = true;
	a->hyperlinks = true;
}

static void links_clear(app *a)
{
	for (size_t i = 0; i < a->n_links; i++) {
		free(a->links[i].text);
		free(a->links[i].url);
	}
	a->n_links = 0;
}

void app_free(app *a)
{
	while (a->depth > 0) {
		view *v = a->stack[--a->depth];
		v->ops->destroy(v);
	}
	if (a->hooks.destroy)
		a->hooks.destroy(a->hooks.user);
	memset(&a->hooks, 0, sizeof a->hooks);
	links_clear(a);
	free(a->links);
	a->links = NULL;
	a->cap_links = 0;
}

void app_set_hooks(app *a, const app_hooks *hooks)
{
	a->hooks = *hooks;
}

/* ncurses 6.4 flushes its output after every cursor move until the screen has been through
   endwin() and back (its mvcur tells a program that only uses terminfo from a curses screen
   by that state): a redraw went out as about a hundred write()s, so many small packets over
   SSH and a half-drawn frame for a terminal to show. Going through endwin() once, before
   anything is drawn, makes each redraw one write, as after a suspend and resume. */
static void batch_output(void)
{
	endwin();
	app_keypad_again();
}

void app_keypad_again(void)
{
	keypad(stdscr, is_keypad(stdscr));
}

void app_start_curses(app *a)
{
	batch_output();
	const char *no_color = getenv("NO_COLOR");
	a->no_dim = !(termattrs() & A_DIM);
	a->colors = has_colors() && !(no_color && *no_color);
	if (!a->colors)
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_CYAN, -1);
	init_pair(2, COLOR_YELLOW, -1);
	init_pair(3, COLOR_WHITE, COLOR_RED);
	init_pair(4, COLOR_GREEN, -1);
	init_pair(5, COLOR_RED, -1);
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
	case UI_MATCH:
		/* Not bold: names are bold already. Underline shows without colour too. */
		return A_UNDERLINE;
	case UI_ERROR:
		return a->colors ? (COLOR_PAIR(5) | A_BOLD) : A_BOLD;
	case UI_GOOD:
		return a->colors ? COLOR_PAIR(4) : 0;
	}
	return 0;
}

view *app_top(const app *a)
{
	return a->depth ? a->stack[a->depth - 1] : NULL;
}

view *app_find(const app *a, const view_ops *ops)
{
	for (size_t i = a->depth; i > 0; i--)
		if (a->stack[i - 1]->ops == ops)
			return a->stack[i - 1];
	return NULL;
}

static void resize_view(app *a, view *v)
{
	if (v->ops->resize)
		v->ops->resize(v, LINES - 1, COLS);
}

void *app_view_new(app *a, const view_ops *ops, size_t size)
{
	view *v = xcalloc(1, size);
	v->ops = ops;
	v->app = a;
	return v;
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
	if (a->question.shown && a->question.user == v)
		a->question.shown = false; /* its answer would reach a freed view */
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

void app_pop_to(app *a, view *v)
{
	while (a->depth > 0 && app_top(a) != v)
		app_pop(a);
}

view *app_raise(app *a, const view_ops *ops)
{
	view *v = app_find(a, ops);
	if (!v)
		return NULL;
	if (app_top(a) != v)
		app_pop_to(a, v); /* app_pop enters the view it uncovers */
	else if (v->ops->enter)
		v->ops->enter(v);
	return v;
}

static bool unsaved_above(const app *a, const view *stop, char *buf, size_t n);

static void answer_raise(app *a, bool yes, void *user)
{
	if (yes)
		app_raise(a, user); /* the view_ops app_show was given */
}

void app_ask_leave(app *a, app_answer_cb answer, void *user, const char *lost)
{
	app_ask(a, answer, user, _("%s. Leave without saving? (y/n)"), lost);
}

void app_show(app *a, const view_ops *ops, view *(*make)(app *a))
{
	/* Raising a view closes the ones above it: what they would lose (an edited cart line
	   under the cart, say) is asked about first, in the quit question's words. */
	view *v = app_find(a, ops);
	char lost[512];
	if (v && v != app_top(a) && unsaved_above(a, v, lost, sizeof lost)) {
		app_ask_leave(a, answer_raise, (void *)ops, lost);
		return;
	}
	if (!app_raise(a, ops))
		app_push(a, make(a));
}

time_t app_now(const app *a)
{
	time_t real = time(NULL);
	return a->clock_pinned ? a->clock_at + (real - a->clock_started) : real;
}

bool app_minute_passed(const app *a)
{
	return app_now(a) / 60 != a->drawn_minute;
}

time_t app_clock(void *user)
{
	return app_now(user);
}

void app_pin_clock(app *a, time_t at)
{
	a->clock_pinned = true;
	a->clock_at = at;
	a->clock_started = time(NULL);
}

void app_ask(app *a, app_answer_cb answer, void *user, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->question.text, sizeof a->question.text, fmt, ap);
	va_end(ap);
	a->question.shown = true;
	a->question.answer = answer;
	a->question.choose = NULL;
	a->question.user = user;
	a->dirty = true;
}

void app_choose(app *a, app_choice_cb choose, void *user, const char *keys, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->question.text, sizeof a->question.text, fmt, ap);
	va_end(ap);
	snprintf(a->question.keys, sizeof a->question.keys, "%s", keys);
	a->question.shown = true;
	a->question.answer = NULL;
	a->question.choose = choose;
	a->question.user = user;
	a->dirty = true;
}

bool app_later(app *a, app_later_cb fn, void *user)
{
	if (a->n_later == APP_MAX_LATER)
		return false;
	a->later[a->n_later].fn = fn;
	a->later[a->n_later].user = user;
	a->n_later++;
	return true;
}

/* Runs deferred work once nothing is being dispatched any more. */
static void run_later(app *a)
{
	if (a->dispatching > 0)
		return;
	while (a->n_later > 0) {
		app_later_cb fn = a->later[0].fn;
		void *user = a->later[0].user;
		memmove(a->later, a->later + 1, --a->n_later * sizeof a->later[0]);
		fn(a, user);
	}
}

void app_shop_changed(app *a, unsigned changes)
{
	if (!a->shop)
		return;
	a->dispatching++;
	if (changes & SHOP_CHANGED_NOTICE) {
		const char *notice = shop_notice(a->shop);
		if (notice)
			app_status(a, "%s", notice);
	}
	if (a->hooks.shop_changed)
		a->hooks.shop_changed(a, changes);
	view *v = app_top(a);
	if (v && v->ops->changed)
		v->ops->changed(v, changes);
	a->dirty = true;
	a->dispatching--;
	run_later(a);
}

bool app_idle(const app *a)
{
	/* shop_busy counts a search still waiting for its debounce. */
	return a->shop ? shop_busy(a->shop) == 0 : !uv_loop_alive(a->loop);
}

void app_status(app *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->status, sizeof a->status, fmt, ap);
	va_end(ap);
	a->dirty = true;
}

bool app_too_small(void)
{
	return COLS < APP_MIN_COLS || LINES < APP_MIN_ROWS;
}

const ui_keybind app_move_keys[] = {
    {'j', UI_KEY_FN(KEY_DOWN), "j/↓", N_("next row"), APP_ACTION_MOVE + UI_MOVE_DOWN, 0},
    {'k', UI_KEY_FN(KEY_UP), "k/↑", N_("previous row"), APP_ACTION_MOVE + UI_MOVE_UP, 0},
    {UI_KEY_FN(KEY_NPAGE), UI_KEY_CTRL('f'), "PgDn/Ctrl-F", N_("page down"),
     APP_ACTION_MOVE + UI_MOVE_PAGE_DOWN, 0},
    {UI_KEY_FN(KEY_PPAGE), UI_KEY_CTRL('b'), "PgUp/Ctrl-B", N_("page up"),
     APP_ACTION_MOVE + UI_MOVE_PAGE_UP, 0},
    {'g', UI_KEY_FN(KEY_HOME), "g/Home", N_("first row"), APP_ACTION_MOVE + UI_MOVE_FIRST, 0},
    {'G', UI_KEY_FN(KEY_END), "G/End", N_("last row"), APP_ACTION_MOVE + UI_MOVE_LAST, 0},
};
const size_t app_n_move_keys = sizeof app_move_keys / sizeof app_move_keys[0];

const ui_keybind app_keys[] = {
    {'?', 0, "?", N_("this help"), APP_ACTION_HELP, 0},
    {'q', 0, "q", N_("quit (may ask first)"), APP_ACTION_QUIT, 0},
    {UI_KEY_CTRL('l'), 0, "Ctrl-L", N_("redraw the screen"), APP_ACTION_REDRAW, 0},
};
const size_t app_n_keys = sizeof app_keys / sizeof app_keys[0];

bool app_key_bound(const view *v, const ui_keybind *k)
{
	return k->modes == 0 || (k->modes & v->mode) != 0;
}

/* The action of `key` in the table, or APP_ACTION_NONE; with v, only entries bound in its
   mode. */
static int lookup_in(const view *v, const ui_keybind *keys, size_t n, ui_key key)
{
	for (size_t i = 0; i < n; i++)
		if ((keys[i].key == key || (keys[i].alt && keys[i].alt == key)) &&
		    (!v || app_key_bound(v, &keys[i])))
			return keys[i].action;
	return APP_ACTION_NONE;
}

ui_move app_move_of_key(ui_key key)
{
	int action = lookup_in(NULL, app_move_keys, app_n_move_keys, key);
	return action == APP_ACTION_NONE ? UI_MOVE_NONE : (ui_move)(action - APP_ACTION_MOVE);
}

/* The view's own table first, then the movement keys when it has something to move, then the
   app's own keys. */
static int lookup_action(const view *v, ui_key key)
{
	const view_ops *ops = v->ops;
	int action = lookup_in(v, ops->keys, ops->n_keys, key);
	if (action == APP_ACTION_NONE && (ops->list || ops->doc))
		action = lookup_in(NULL, app_move_keys, app_n_move_keys, key);
	if (action == APP_ACTION_NONE)
		action = lookup_in(NULL, app_keys, app_n_keys, key);
	return action;
}

/* A movement action on the view's list or document, then the view's follow-up. */
static void move_cursor(view *v, ui_move m)
{
	if (v->ops->list)
		ui_list_move(v->ops->list(v), m);
	else
		ui_doc_move(v->ops->doc(v), m);
	if (v->ops->moved)
		v->ops->moved(v);
}

static void answer_choice(app *a, ui_key key)
{
	if (key >= 'A' && key <= 'Z')
		key = key - 'A' + 'a';
	if (key != UI_KEY_ESC && (key <= 0 || key > 127 || !strchr(a->question.keys, key)))
		return;
	a->question.shown = false;
	a->status[0] = '\0';
	a->question.choose(a, key, a->question.user);
}

static void answer_question(app *a, ui_key key)
{
	if (a->question.choose) {
		answer_choice(a, key);
		return;
	}
	bool yes = key == 'y' || key == 'Y';
	if (!yes && key != 'n' && key != 'N' && key != UI_KEY_ESC)
		return;
	a->question.shown = false;
	a->status[0] = '\0';
	if (a->question.answer)
		a->question.answer(a, yes, a->question.user);
}

static void answer_quit(app *a, bool yes, void *user)
{
	(void)user;
	if (yes)
		a->quit = true;
}

/* What closing the views above `stop` (NULL: all of them) would lose that nothing keeps (a
   half-configured item), from the view nearest the top that says so; false when nothing. */
static bool unsaved_above(const app *a, const view *stop, char *buf, size_t n)
{
	for (size_t i = a->depth; i > 0 && a->stack[i - 1] != stop; i--) {
		const view *v = a->stack[i - 1];
		if (v->ops->unsaved && v->ops->unsaved(v, buf, n))
			return true;
	}
	return false;
}

/* q, from anywhere: quits at once when nothing is at stake, else asks first (an order being
   placed, a half-configured item, the cart, which is kept for next time). */
static void quit(app *a)
{
	const cart *c = a->shop ? shop_cart(a->shop) : NULL;
	char words[1024], lost[512];
	bool has_cart = c && c->n_lines > 0,
	     has_unsaved = unsaved_above(a, NULL, lost, sizeof lost);
	if (a->shop && shop_place_in_flight(a->shop))
		app_ask(a, answer_quit, NULL, "%s",
			_("An order is being placed and its answer has not come yet. Quit anyway? "
			  "The app asks the server about it at the next start; it is never placed "
			  "twice. (y/n)"));
	else if (has_unsaved && has_cart)
		app_ask(a, answer_quit, NULL,
			_("Quit? %s; your cart (%s) is kept for next time. (y/n)"), lost,
			ui_cart_summary(a->shop, words, sizeof words));
	else if (has_unsaved)
		app_ask(a, answer_quit, NULL, _("Quit? %s. (y/n)"), lost);
	else if (has_cart)
		app_ask(a, answer_quit, NULL,
			_("Quit? Your cart (%s) is kept for next time. (y/n)"),
			ui_cart_summary(a->shop, words, sizeof words));
	else
		a->quit = true;
}

/* Ctrl-L: the whole terminal is painted again at the next update, whatever it shows now
   (another program's output, a terminal that lost its contents). */
static void redraw(app *a)
{
	clearok(curscr, TRUE);
	a->dirty = true;
}

static void dispatch_key(app *a, view *v, ui_key key)
{
	if (v->ops->capturing && v->ops->capturing(v)) {
		v->ops->key(v, APP_ACTION_NONE, key);
		return;
	}
	/* Esc also stops what the user is waiting for (search, store, validation), then
	   does what it does in the view (back, clear): the wait is over either way. */
	if (key == UI_KEY_ESC && a->shop && shop_busy(a->shop) > 0) {
		if (shop_cancel_pending(a->shop))
			app_status(a, "%s", _("Cancelled."));
		else if (shop_place_in_flight(a->shop))
			app_status(a, "%s",
				   _("The order was sent and cannot be called back; its "
				     "outcome shows wherever you are."));
	}
	int action = lookup_action(v, key);
	switch (action) {
	case APP_ACTION_HELP:
		help_open(a);
		return;
	case APP_ACTION_QUIT:
		quit(a);
		return;
	case APP_ACTION_BACK:
		if (a->depth > 1)
			app_pop(a);
		else
			quit(a);
		return;
	case APP_ACTION_CART:
		if (a->hooks.cart)
			a->hooks.cart(a);
		return;
	case APP_ACTION_REDRAW:
		redraw(a);
		return;
	case APP_ACTION_ORDERS:
		if (a->hooks.orders)
			a->hooks.orders(a);
		return;
	case APP_ACTION_ACCOUNT:
		if (a->hooks.account)
			a->hooks.account(a);
		return;
	default:
		if (action > APP_ACTION_MOVE && action < APP_ACTION_MOVE_END)
			move_cursor(v, (ui_move)(action - APP_ACTION_MOVE));
		else
			v->ops->key(v, action, key);
	}
}

void app_handle_key(app *a, ui_key key)
{
	view *v = app_top(a);
	if (!v)
		return;
	/* Ctrl-L repaints whatever is shown: a question, the help, a view reading text. */
	if (lookup_in(NULL, app_keys, app_n_keys, key) == APP_ACTION_REDRAW) {
		redraw(a);
		return;
	}
	/* Too small: the views get no keys; q quits (asking first, as always) and a question
	   on screen still takes its answer. */
	if (app_too_small() && !a->question.shown && key != 'q')
		return;
	if (a->help_shown && !app_too_small()) {
		help_key(a, v, key);
		return;
	}
	a->dispatching++;
	if (a->question.shown) {
		answer_question(a, key);
	} else if (app_too_small()) {
		quit(a);
	} else {
		a->status[0] = '\0';
		dispatch_key(a, v, key);
	}
	a->dispatching--;
	run_later(a);
}

/* A wheel notch moves a list by this many rows, and scrolls a document (where it has no entry
   to move to) by as many. */
#define APP_WHEEL_ROWS 3

static void wheel(view *v, ui_move m)
{
	if (v->ops->list) {
		for (int i = 0; i < APP_WHEEL_ROWS; i++)
			ui_list_move(v->ops->list(v), m);
	} else {
		ui_doc *d = v->ops->doc(v);
		int cursor = d->list.cursor;
		for (int i = 0; i < APP_WHEEL_ROWS && d->list.cursor == cursor; i++)
			ui_doc_move(d, m);
	}
	if (v->ops->moved)
		v->ops->moved(v);
}

/* A click selects the row under it; on the row already selected it is Enter. */
static void click(app *a, view *v, int y)
{
	int row, cursor;
	if (v->ops->list) {
		ui_list *l = v->ops->list(v);
		row = ui_list_row_at(l, y);
		cursor = l->cursor;
		if (row >= 0 && row != cursor) {
			l->cursor = row;
			ui_list_clamp(l);
		}
	} else {
		ui_doc *d = v->ops->doc(v);
		row = ui_doc_row_at(d, y);
		cursor = d->list.cursor;
		if (row >= 0 && row != cursor)
			ui_doc_select(d, row);
	}
	if (row < 0)
		return;
	if (row == cursor)
		dispatch_key(a, v, UI_KEY_ENTER);
	else if (v->ops->moved)
		v->ops->moved(v);
}

void app_mouse(app *a, int y, int x, app_mouse_event ev)
{
	view *v = app_top(a);
	(void)x;
	if (!a->mouse || !v || app_too_small() || a->question.shown)
		return;
	if (a->help_shown) {
		if (ev == APP_MOUSE_CLICK)
			a->help_shown = false;
		else
			help_wheel(a, v, ev == APP_MOUSE_WHEEL_UP ? -1 : 1);
		a->dirty = true;
		return;
	}
	if ((v->ops->capturing && v->ops->capturing(v)) || (!v->ops->list && !v->ops->doc))
		return;
	a->dispatching++;
	a->status[0] = '\0';
	if (ev == APP_MOUSE_CLICK)
		click(a, v, y);
	else
		wheel(v, ev == APP_MOUSE_WHEEL_UP ? UI_MOVE_UP : UI_MOVE_DOWN);
	a->dirty = true;
	a->dispatching--;
	run_later(a);
}

void app_relayout(app *a)
{
	for (size_t i = 0; i < a->depth; i++)
		resize_view(a, a->stack[i]);
}

/* A status or question longer than the status line takes up to this many rows. */
#define APP_STATUS_MAX_ROWS 4

/*
 * Draws text on rows filled with attr, its last row on `bottom`, from column 1 within
 * `width` columns: one row when it fits, else word-wrapped upwards over the view (at most
 * APP_STATUS_MAX_ROWS, the last cut with "…"), so that a long message is read whole (the
 * request and trace ids of an error are never here: views show them as a "support:" line).
 */
static void put_bottom(int bottom, const char *text, int width, attr_t attr)
{
	const char *start[APP_STATUS_MAX_ROWS], *end[APP_STATUS_MAX_ROWS];
	int n = 0;
	for (const char *p = text + strspn(text, " "); *p && n < APP_STATUS_MAX_ROWS;
	     p = ui_wrap_next(end[n - 1])) {
		start[n] = p;
		end[n] = n == APP_STATUS_MAX_ROWS - 1 ? p + strlen(p) : ui_fit_words(p, width);
		n++;
	}
	if (n == 0) {
		start[0] = end[0] = text;
		n = 1;
	}
	for (int i = 0; i < n; i++) {
		int y = bottom - (n - 1) + i;
		if (y < 0)
			continue;
		size_t len = (size_t)(end[i] - start[i]);
		char *row = xmalloc(len + 1);
		memcpy(row, start[i], len);
		row[len] = '\0';
		wattron(stdscr, attr);
		mvwhline(stdscr, y, 0, ' ', COLS);
		wattroff(stdscr, attr);
		ui_put(stdscr, y, 1, row, width, attr);
		free(row);
	}
}

/* A question of several lines, or too long for the status line, is asked in a box. */
static bool question_boxed(const app *a)
{
	const char *t = a->question.text;
	return strchr(t, '\n') || ui_text_width(t) > COLS - 2;
}

#define BOX_MAX_COLS 76

/* The question in a box over the view: its first line bold, each line word-wrapped. */
static void draw_question_box(const app *a)
{
	int w = COLS - 4 < BOX_MAX_COLS ? COLS - 4 : BOX_MAX_COLS, inner = w - 4;
	const char *text = a->question.text, *row[32];
	size_t len[32];
	int n = 0, max_rows = LINES - 3 < 32 ? LINES - 3 : 32;
	for (const char *p = text; *p && n < max_rows;) {
		const char *end = ui_fit_words(p, inner);
		row[n] = p;
		len[n++] = (size_t)(end - p);
		p = ui_wrap_next(end);
	}
	int h = n + 2, y0 = (LINES - 1 - h) / 2, x0 = (COLS - w) / 2;
	if (y0 < 0)
		y0 = 0;
	for (int y = y0; y < y0 + h && y < LINES - 1; y++) /* no view text beside the box */
		mvwhline(stdscr, y, 0, ' ', COLS);
	ui_box(y0, x0, h, w);
	for (int i = 0; i < n; i++) {
		char *part = xmalloc(len[i] + 1);
		memcpy(part, row[i], len[i]);
		part[len[i]] = '\0';
		ui_put(stdscr, y0 + 1 + i, x0 + 2, part, inner, i == 0 ? A_BOLD : 0);
		free(part);
	}
}

/* Whether text wraps into at most `rows` rows of `width` columns. */
static bool fits_rows(const char *text, int width, int rows)
{
	int n = 0;
	for (const char *p = text; *p; p = ui_wrap_next(ui_fit_words(p, width)))
		if (++n > rows)
			return false;
	return true;
}

/* A question cut to its first sentence and its keys ("Quit? (y/n)"), in place: a terminal too
   small for the whole still shows what is asked and how to answer. */
static void short_question(char *text)
{
	char *ask = strchr(text, '?'), *keys = strrchr(text, '(');
	if (ask && keys && keys > ask)
		memmove(ask + 1, keys - 1, strlen(keys - 1) + 1);
}

static void draw_too_small(app *a)
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
	/* The quit question (q with a cart) is answered here too. */
	if (a->question.shown && y + 3 < LINES) {
		char flat[sizeof a->question.text];
		snprintf(flat, sizeof flat, "%s", a->question.text);
		for (char *p = strchr(flat, '\n'); p; p = strchr(p, '\n'))
			*p = ' ';
		int rows = LINES - 1 - (y + 2);
		if (!fits_rows(flat, COLS - 2,
			       rows < APP_STATUS_MAX_ROWS ? rows : APP_STATUS_MAX_ROWS))
			short_question(flat);
		put_bottom(LINES - 1, flat, COLS - 2, app_attr(a, UI_BANNER));
	}
}

/* "⠹ working" while calls are in flight; "retrying in 4 s" while one waits to retry. */
static void activity_text(app *a, char *buf, size_t n)
{
	static const char *const frames[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
	buf[0] = '\0';
	if (!a->shop || shop_busy(a->shop) == 0)
		return;
	api_retry_state st;
	const char *frame = frames[(uv_now(a->loop) / 100) % 10];
	/* A sent order cannot be called back: Esc is never offered for it. */
	bool placing = shop_place_in_flight(a->shop);
	if (shop_retry_state(a->shop, &st) && st.waiting) {
		uint64_t now = uv_now(a->loop);
		long ms = st.next_retry_at > now ? (long)(st.next_retry_at - now) : 0;
		snprintf(buf, n,
			 placing ? _("%s placing: asking again in %ld s")
				 : _("%s retrying in %ld s · Esc cancels"),
			 frame, (ms + 999) / 1000);
	} else {
		snprintf(buf, n,
			 placing ? _("%s placing the order") : _("%s working · Esc cancels"),
			 frame);
	}
}

static void draw_status(app *a, const view *v)
{
	bool asking = a->question.shown && !question_boxed(a);
	if (a->question.shown && !asking)
		draw_question_box(a);
	attr_t attr = app_attr(a, asking ? UI_BANNER : UI_STATUS);
	char activity[128] = "";
	if (!asking)
		activity_text(a, activity, sizeof activity);
	int width = COLS - 2;
	if (activity[0]) {
		int w = ui_text_width(activity);
		width = COLS - 4 - (w < COLS / 2 ? w : COLS / 2);
	}
	const char *text = asking ? a->question.text : a->status[0] ? a->status : _("? help");
	put_bottom(LINES - 1, text, width, attr);
	if (activity[0])
		ui_put_right(stdscr, LINES - 1, COLS - 1, activity, COLS / 2, attr);
	(void)v;
}

/* The title keeps at least this share of the row (in fifths) from the cart's badge: the
   badge takes a shorter form, or none, before it crowds a title out. */
#define APP_TITLE_MIN_FIFTHS 3

/* What the right end of the title row shows: the cart (items and the client's estimate of
   their subtotal) and app.badge ("DEMO"), and the columns both take with the blanks before
   them. */
typedef struct title_badge {
	char cart[160]; /* "" when the cart is empty or has no room */
	const char *demo;
	int width;
} title_badge;

/*
 * The cart in the longest words that leave the title its share of `cols`: "2 items · est.
 * $24.50", "2 · ~$24.50", then only "2 items". The subtotal is
 * pricing's estimate from the client's own catalog, never the server's Amounts (only checkout
 * shows those as final, shop.h), so every form with money says it is an estimate; when a line
 * cannot be priced (a stale line, a menu still loading), or the view shows the server's
 * Amounts (view_ops.shows_amounts), the items are counted alone.
 */
static void cart_badge(const app *a, int cols, title_badge *b)
{
	long long items = a->shop ? shop_cart_items(a->shop) : 0;
	if (items <= 0)
		return;
	money subtotal;
	char money_buf[MONEY_TEXT_MAX];
	const view *top = app_top(a);
	bool estimate = !(top && top->ops->shows_amounts) && shop_cart_estimate(a->shop, &subtotal);
	const char *sum = estimate ? money_format(subtotal, money_buf) : NULL;
	const char *forms[] = {
	    sum ? ngettext("%lld item · est. %s", "%lld items · est. %s", items) : NULL,
	    sum ? _("%lld · ~%s") : NULL,
	    ngettext("%lld item", "%lld items", items),
	};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		if (!forms[i])
			continue;
		char text[sizeof b->cart];
		snprintf(text, sizeof text, forms[i], items, sum);
		/* Two blanks before it: apart from what a title puts at its right end ("Ivy
		   Chen", "1 order"), even where colour does not tell them apart. */
		int need = ui_text_width(text) + 2;
		if ((cols - b->width - need) * 5 >= cols * APP_TITLE_MIN_FIFTHS) {
			memcpy(b->cart, text, sizeof text);
			b->width += need;
			return;
		}
	}
}

static void title_badge_of(const app *a, int cols, title_badge *b)
{
	memset(b, 0, sizeof *b);
	if (a->badge) {
		int need = ui_text_width(a->badge) + 1; /* and a blank before it */
		if (cols >= need + 12) {
			b->demo = a->badge;
			b->width = need;
		}
	}
	cart_badge(a, cols, b);
}

int app_title_cols(const app *a, int cols)
{
	title_badge b;
	title_badge_of(a, cols, &b);
	return cols - b.width;
}

/* The badge at the right end of the title row, in the columns every view left it
   (app_title_cols): the cart, then app.badge ("DEMO"). Drawn at every repaint from the shop,
   so it follows every change of the cart (app_shop_changed marks the screen dirty). */
static void draw_badge(const app *a)
{
	title_badge b;
	title_badge_of(a, COLS, &b);
	int right = COLS - 1;
	if (b.demo)
		right = ui_put_right(stdscr, 0, right, b.demo, COLS, app_attr(a, UI_BANNER)) - 1;
	if (b.cart[0])
		ui_put_right(stdscr, 0, right, b.cart, COLS, app_attr(a, UI_PRICE) | A_BOLD);
}

/* Printable ASCII from `from` (0x20, the blank, or 0x21) to 0x7e: one column a byte, and
   nothing a terminal reads as a control (C0, DEL, or C1 and UTF-8 bytes, >= 0x80). */
static bool ascii_from(const char *s, unsigned char from)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < from || *p > 0x7e)
			return false;
	return true;
}

bool app_link_url_ok(const char *url)
{
	if (!url || strlen(url) > 2048)
		return false;
	if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0)
		return false;
	return ascii_from(url, 0x21); /* no blank: an address has none */
}

void app_link(app *a, int y, const char *text, const char *url)
{
	if (!text[0] || !ascii_from(text, 0x20) || !app_link_url_ok(url))
		return;
	if (a->n_links == a->cap_links) {
		a->cap_links = a->cap_links ? 2 * a->cap_links : 8;
		a->links = xrealloc(a->links, a->cap_links * sizeof *a->links);
	}
	a->links[a->n_links++] =
	    (app_screen_link){.y = y, .x = -1, .text = xstrdup(text), .url = xstrdup(url)};
}

/* Whether row y of stdscr shows text from column x, cell by cell. */
static bool row_shows(int y, int x, const char *text)
{
	for (int i = 0; text[i]; i++)
		if ((int)(mvwinch(stdscr, y, x + i) & A_CHARTEXT) != (unsigned char)text[i])
			return false;
	return true;
}

/* After everything is drawn: each link finds its text on its row, with the attributes it
   is shown in; a link whose text is no longer there (the help, a question over it) goes. */
static void links_place(app *a)
{
	size_t kept = 0;
	for (size_t i = 0; i < a->n_links; i++) {
		app_screen_link *l = &a->links[i];
		int len = (int)strlen(l->text);
		for (int x = 0; l->x < 0 && l->y >= 0 && l->y < LINES && x + len <= COLS; x++)
			if (row_shows(l->y, x, l->text))
				l->x = x;
		if (l->x < 0) {
			free(l->text);
			free(l->url);
			continue;
		}
		chtype cell = mvwinch(stdscr, l->y, l->x);
		l->attr = (attr_t)(cell & A_ATTRIBUTES & ~A_COLOR);
		l->pair = (short)PAIR_NUMBER(cell & A_COLOR);
		a->links[kept++] = *l;
	}
	a->n_links = kept;
}

void app_draw(app *a)
{
	a->dirty = false;
	a->drawn_minute = app_now(a) / 60;
	links_clear(a);
	werase(stdscr);
	view *v = app_top(a);
	if (app_too_small()) {
		draw_too_small(a);
	} else if (v) {
		v->ops->draw(v, LINES - 1, COLS);
		draw_badge(a);
		draw_status(a, v);
		if (a->help_shown)
			help_draw(a, v);
	}
	links_place(a);
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

/*
 * The terminal application: one libuv loop, a stack of views, the status line
 * and the help overlay. Views are presentation only; each is a small table of
 * functions (like tig's view_ops) plus a key table that both dispatches keys and
 * feeds the `?` help overlay, so help cannot drift from the keys.
 *
 * The same app runs on a real terminal (app_run_terminal) or headless on a
 * virtual ncurses screen driven by a script (script.h); keys reach views only
 * through app_handle_key in both cases.
 *
 * The data comes only from the shop (src/shop/shop.h), online or over a local catalog
 * file: views call shop_* and the shop's change callback reaches the top view through
 * app_shop_changed. The app knows no particular view: what must open one on an app event
 * (the cart key, a placed order) is a hook (app_hooks), registered by views.h's
 * views_start_*.
 */
#ifndef GETT_UI_APP_H
#define GETT_UI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <curses.h>
#include <uv.h>

#include "shop/shop.h"
#include "ui/widgets.h"

/* Below this the views are replaced by a "terminal too small" notice. */
#define APP_MIN_COLS 40
#define APP_MIN_ROWS 12

/* Actions every view may list in its key table; views number theirs from VIEW_ACTION_FIRST. */
enum {
	APP_ACTION_NONE = 0,
	APP_ACTION_HELP,
	APP_ACTION_QUIT,
	APP_ACTION_BACK,
	APP_ACTION_CART,    /* the cart view, from anywhere (app_hooks.cart) */
	APP_ACTION_REDRAW,  /* repaint the whole terminal (Ctrl-L) */
	APP_ACTION_ORDERS,  /* the orders placed, from anywhere (app_hooks.orders) */
	APP_ACTION_ACCOUNT, /* the account, from anywhere (app_hooks.account) */
	/* The movement actions, APP_ACTION_MOVE + a ui_move: bound once, in app_move_keys, for
	   every view with a list or a document (view_ops.list/.doc), never in a view's table. */
	APP_ACTION_MOVE = 10,
	APP_ACTION_MOVE_END = APP_ACTION_MOVE + UI_MOVE_COUNT,
	VIEW_ACTION_FIRST = 100,
};

typedef struct ui_keybind {
	ui_key key;
	ui_key alt;	   /* a second key for the same action, or 0 */
	const char *label; /* how help shows the key(s), e.g. "j/↓" */
	const char *help;  /* N_() text, translated when shown */
	int action;
	/* The view modes (view.mode bits) the key is bound in; 0: in every mode. One table
	   serves a view in all its modes, and help lists only the keys bound now. */
	unsigned modes;
} ui_keybind;

/* The rows of a view's key table that show the cart, the orders placed and the account from
   anywhere (app_hooks), bound in `modes` (0: every mode): the same key and words in every view
   that lists them (each but its own). */
#define VIEW_KEY_CART(modes)                                                                       \
	{                                                                                          \
		'c', 0, "c", N_("the cart"), APP_ACTION_CART, (modes)                              \
	}
#define VIEW_KEY_ORDERS(modes)                                                                     \
	{                                                                                          \
		'O', 0, "O", N_("your orders"), APP_ACTION_ORDERS, (modes)                         \
	}
#define VIEW_KEY_ACCOUNT(modes)                                                                    \
	{                                                                                          \
		'A', 0, "A", N_("your account"), APP_ACTION_ACCOUNT, (modes)                       \
	}

/* The app keymap: the movement keys (j/k and arrows, PgDn/PgUp with Ctrl-F/Ctrl-B, g/G with
   Home/End), in the order help lists them, first, above each view's own keys. */
extern const ui_keybind app_move_keys[];
extern const size_t app_n_move_keys;
/* The movement a key asks for in app_move_keys, or UI_MOVE_NONE; for views that read keys raw
   (capturing) and still move. */
ui_move app_move_of_key(ui_key key);
/* The app's own keys, the same in every view: help (?), quit (q, asking first when something
   would be lost) and redraw (Ctrl-L, also while a view reads text). A view's table never
   repeats them; help lists them last. */
extern const ui_keybind app_keys[];
extern const size_t app_n_keys;

struct app;
struct view;
struct ui_doc;

typedef struct view_ops {
	const char *name;
	/* Draws into the first `rows` rows of stdscr (the status line is the app's). */
	void (*draw)(struct view *v, int rows, int cols);
	/* `action` from the key table, or APP_ACTION_NONE for an unbound key. */
	void (*key)(struct view *v, int action, ui_key key);
	void (*resize)(struct view *v, int rows, int cols);
	void (*enter)(struct view *v);
	void (*leave)(struct view *v);
	void (*destroy)(struct view *v);
	/* True while the view reads text (a filter): every key goes to `key` raw. */
	bool (*capturing)(const struct view *v);
	/* On the top view: the shop changed (shop_change bits). May be NULL. */
	void (*changed)(struct view *v, unsigned changes);
	/* The view's own keys: its actions and the app's (help, quit, back, cart). */
	const ui_keybind *keys;
	size_t n_keys;
	/* A view that has a cursor to move sets one of these (both NULL: no movement keys). The app
	   then binds app_move_keys for it, moves what they return, up to date, and lists the
	   movement keys first in its help; its own table does not repeat them (and a key in it
	   wins over a movement key). */
	ui_list *(*list)(struct view *v);
	struct ui_doc *(*doc)(struct view *v); /* ui_doc: online.h */
	/* After a movement action moved the cursor (what depends on it). May be NULL. */
	void (*moved)(struct view *v);
	/* Help's words for the movement actions here, by ui_move (N_() text, e.g. "next store");
	   NULL keeps app_move_keys' own ("next row", "page down"…). */
	const char *move_help[UI_MOVE_COUNT];
	/* What quitting now would lose that nothing keeps (a half-configured item), as a clause
	   for the quit question ("Margherita was not added to the cart": "Quit? %s. (y/n)"),
	   written into buf; false when nothing. May be NULL. */
	bool (*unsaved)(const struct view *v, char *buf, size_t n);
	/* The view shows the server's Amounts for the cart: the title's cart badge counts the
	   items only, so no estimate of ours stands beside the store's figures. */
	bool shows_amounts;
} view_ops;

/* view_ops.keys and .n_keys from a view's key table (an array). */
#define VIEW_KEYS(table) .keys = (table), .n_keys = sizeof(table) / sizeof(table)[0]
/* view_ops.move_help: j/k, g/G in the view's words (N_() text; NULL keeps app_move_keys' own). */
#define VIEW_MOVE_HELP(down, up, first, last)                                                      \
	{                                                                                          \
		[UI_MOVE_DOWN] = (down), [UI_MOVE_UP] = (up), [UI_MOVE_FIRST] = (first),           \
		[UI_MOVE_LAST] = (last)                                                            \
	}
/* ... of a view that moves through a document: j/k in its words, g/G to its top and bottom. */
#define VIEW_MOVE_HELP_DOC(down, up) VIEW_MOVE_HELP(down, up, N_("top"), N_("bottom"))
/* ... of a document with nothing to select: it only scrolls. */
#define VIEW_MOVE_HELP_SCROLL VIEW_MOVE_HELP_DOC(N_("scroll down"), N_("scroll up"))

typedef struct view {
	const view_ops *ops;
	struct app *app;
	/* The mode the view is in (one bit the view defines, or 0): which entries of its key
	   table with `modes` set are bound. */
	unsigned mode;
} view;

/* Whether the key table entry k is bound in v's mode (ui_keybind.modes). */
bool app_key_bound(const view *v, const ui_keybind *k);

typedef void (*app_answer_cb)(struct app *a, bool yes, void *user);
typedef void (*app_choice_cb)(struct app *a, ui_key key, void *user);
typedef void (*app_later_cb)(struct app *a, void *user);

/*
 * How app events reach particular views, which the app does not know: registered once by
 * the side that pushes the first view (views.h). Every member may be NULL.
 */
typedef struct app_hooks {
	/* APP_ACTION_CART: shows the cart. */
	void (*cart)(struct app *a);
	/* The shop changed: after its notice is on the status line, before the top view hears
	   it (view_ops.changed). */
	void (*shop_changed)(struct app *a, unsigned changes);
	/* At app_free, after the views: frees `user`. */
	void (*destroy)(void *user);
	void *user; /* the hooks' own state */
	/* APP_ACTION_ORDERS, APP_ACTION_ACCOUNT: show the orders placed, the account. */
	void (*orders)(struct app *a);
	void (*account)(struct app *a);
} app_hooks;

#define APP_MAX_VIEWS 12
#define APP_MAX_LATER 4

/* Text on the screen that links to a web address (app_link), written as an OSC 8 hyperlink
   on a real terminal. */
typedef struct app_screen_link {
	int y, x;    /* where the text is on the screen */
	char *text;  /* printable ASCII, as drawn there */
	char *url;   /* app_link_url_ok */
	attr_t attr; /* the attributes it was drawn in (it is written again, linked) */
	short pair;
} app_screen_link;

typedef struct app {
	uv_loop_t *loop;
	SCREEN *screen;
	bool headless;
	/* Mouse events are asked of the terminal (config [ui] mouse; on unless turned off). */
	bool mouse;
	/* Links (app_link) are written as OSC 8 hyperlinks on a real terminal (config [ui]
	   hyperlinks, and neither NO_HYPERLINKS nor NO_TERM_HYPERLINKS set; on unless turned off:
	   terminals without them ignore the sequence). */
	bool hyperlinks;
	bool quit;
	int exit_code;
	bool colors;
	/* The terminal cannot dim (vt100): what is greyed gets a marker or a word as well. */
	bool no_dim;
	view *stack[APP_MAX_VIEWS];
	size_t depth;
	bool help_shown;
	int help_top; /* the first key row the help overlay shows (help.h) */
	char status[512];
	/* The only source of data for the views: online, or over a local catalog (shop.h
	   shop_new_local). */
	shop *shop;
	app_hooks hooks;
	/* A pinned clock (--now): app_now() = pinned + time elapsed since started. */
	bool clock_pinned;
	time_t clock_at, clock_started;
	time_t drawn_minute; /* app_now() / 60 at the last draw (app_minute_passed) */
	/* Shown at the right end of every view's title row ("DEMO" in demo mode), or NULL; the
	   cart's badge goes before it (app_title_cols). */
	const char *badge;
	/* Something changed outside a key press: the loop (terminal or script) redraws. */
	bool dirty;
	/* A yes/no question on the status line; every key goes to it while shown. */
	struct {
		bool shown;
		char text[1024];
		app_answer_cb answer; /* app_ask */
		app_choice_cb choose; /* app_choose */
		char keys[16];	      /* the keys that answer (app_choose) */
		void *user;
	} question;
	/* Work deferred to a safe point (after the key or change being handled). */
	struct {
		app_later_cb fn;
		void *user;
	} later[APP_MAX_LATER];
	size_t n_later;
	int dispatching;
	/* The links on the screen as last drawn (app_link), only those still shown as marked. */
	app_screen_link *links;
	size_t n_links, cap_links;
} app;

/* Attributes by role; monochrome fallbacks when colours are off (NO_COLOR, no colours). */
enum ui_role {
	UI_TITLE,
	UI_HEADER,
	UI_DIM,
	UI_CURSOR,
	UI_BANNER,
	UI_PRICE,
	UI_STATUS,
	UI_MATCH, /* search matches inside highlighted text */
	UI_ERROR, /* validation errors, stale lines */
	UI_GOOD,  /* open, valid, placed */
};
attr_t app_attr(const app *a, enum ui_role role);

void app_init(app *a, uv_loop_t *loop);
void app_free(app *a);
/* Sets up colours after the curses screen exists (and makes each redraw one write). */
void app_start_curses(app *a);
/* After endwin(): the terminal back in keypad mode at once, as the screen asked for. endwin()
   leaves it until the next read, so the first arrow key would come as ESC [ B. */
void app_keypad_again(void);

/* A new view: `size` zeroed bytes (a struct whose first member is the view) with its ops and
   app set; every view's constructor starts here. */
void *app_view_new(app *a, const view_ops *ops, size_t size);
void app_push(app *a, view *v);
void app_pop(app *a);
view *app_top(const app *a);
/* The topmost view with these ops, or NULL. */
view *app_find(const app *a, const view_ops *ops);
/* Pops every view above v (v stays). */
void app_pop_to(app *a, view *v);
/* Brings the topmost view with these ops back to the top, entered again (its `enter`
   rebuilds it), and returns it; NULL when none is open (the caller pushes a new one). One
   way for every "show X from anywhere" (the cart, orders, the account, the confirmation). */
view *app_raise(app *a, const view_ops *ops);
/* app_raise, else pushes make(a): a view there is one of, shown from anywhere. */
void app_show(app *a, const view_ops *ops, view *(*make)(app *a));

/* The clock the views show hours against: real time, or the pinned --now clock. */
time_t app_now(const app *a);
/* A new minute of the app's clock since the last draw: what is open now may have changed, so
   the screen is drawn again even with no key (a menu left on screen at 10:59 says at 11:00
   that lunch is open). */
bool app_minute_passed(const app *a);
/* app_now for a callback given the app as `user` (shop_settings.now). */
time_t app_clock(void *user);
void app_pin_clock(app *a, time_t at);
/* Registers the hooks (copied); the app calls hooks->destroy at app_free. */
void app_set_hooks(app *a, const app_hooks *hooks);

/* Asks a yes/no question (y, or n/Esc); answer runs once. A question whose `user` is a view
   is dropped when that view is popped. */
void app_ask(app *a, app_answer_cb answer, void *user, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* "<lost>. Leave without saving? (y/n)": the one question before unsaved work is let go, with
   `lost` in the words of view_ops.unsaved. */
void app_ask_leave(app *a, app_answer_cb answer, void *user, const char *lost);
/* Asks a question answered by one of `keys` (ASCII) or Esc (passed as UI_KEY_ESC); choose
   runs once. Text of several lines ('\n') or too long for the status line is shown in a
   box over the view, as app_ask's is. */
void app_choose(app *a, app_choice_cb choose, void *user, const char *keys, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Runs fn once the current key or change has been handled (views may pop then). */
bool app_later(app *a, app_later_cb fn, void *user); /* false when the queue is full */
/* The shop's change callback (status notice, app_hooks.shop_changed, top view, redraw). */
void app_shop_changed(app *a, unsigned changes);
/* No call in flight and nothing debounced (the headless `wait`); with no shop: loop not alive.
   Does not run the loop (safe from its callbacks). */
bool app_idle(const app *a);

void app_status(app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void app_handle_key(app *a, ui_key key);
/* What the mouse did, as the terminal reports it (app_term.c) or a script says (`click`). */
typedef enum app_mouse_event {
	APP_MOUSE_CLICK, /* the first button pressed */
	APP_MOUSE_WHEEL_UP,
	APP_MOUSE_WHEEL_DOWN,
} app_mouse_event;
/* A mouse event at screen row y, column x, through the top view's list or document
   (view_ops.list/.doc) and the app's movement actions: a click selects the row under it, and
   a click on the row already selected opens it (as Enter does); the wheel moves as the
   movement keys do (three rows of a list; a document's next entry, or three rows where it
   only scrolls). Over the help, the wheel scrolls it and a click closes it. Ignored while a
   question is asked, a view reads text, or the terminal is too small. */
void app_mouse(app *a, int y, int x, app_mouse_event ev);
void app_relayout(app *a);
/* The columns a view's title row may use: the terminal's, less the badge at its right end:
   the cart ("2 items · est. $24.50", shorter on a narrow terminal, never more than two fifths
   of the row; nothing while the cart is empty) and app.badge ("DEMO"). Every view fits its
   title into these, so the badge never cuts a title. */
int app_title_cols(const app *a, int cols);
void app_draw(app *a);
bool app_too_small(void);

/* Whether url may go into a terminal's hyperlink sequence: http:// or https://, at most
   2048 bytes (VTE's limit is 2083), printable ASCII only. A catalog is untrusted input: an
   address with a control character (ESC, BEL, C1), a space or a non-ASCII byte could end the
   sequence early and inject its own; such an address is shown as text, never linked. */
bool app_link_url_ok(const char *url);
/* From a view's draw: the text drawn on screen row y (its first occurrence there) links to
   url. Ignored unless url passes app_link_url_ok and text is printable ASCII; app_draw keeps
   it only while the text is still on that row once everything is drawn (not covered by the
   help or a question). The real terminal writes the links after each update (app_term.c). */
void app_link(app *a, int y, const char *text, const char *url);
/* Writes the links of the last app_draw to out, each as ESC ] 8 ; id=… ; URL ESC \ text
   ESC ] 8 ; ; ESC \ at its place (the terminal's cup, its attributes again), then puts the
   cursor back where curses left it and the attributes to normal, so curses' idea of the
   terminal stays true. Nothing when a.hyperlinks is off, headless, or without cup. Returns
   the links written. */
size_t app_write_links(app *a, FILE *out);

/* Runs on the real terminal until quit; returns the exit code. */
int app_run_terminal(app *a);

/* Translates a curses get_wch result into a ui_key. */
ui_key app_key_from_curses(int rc, wint_t wch);

#endif

/*
 * Helpers shared by the online views: highlighted search text, the cursor bar, the words
 * for modes, stores, addresses, hours, cart lines and the whole cart, the scrolling row
 * documents (ui_doc) the views are built from, the configuration path and a failure notice
 * in sentences, and the question about an unsettled earlier order. Only that question
 * (ui_ask_unsettled) acts on the shop; everything else just reads it.
 */
#ifndef GETT_UI_ONLINE_H
#define GETT_UI_ONLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/app.h"

/* Search highlights wrap matches in « » (U+00AB, U+00BB; contract §3.2). */
#define UI_MARK_OPEN  L'\u00ab'
#define UI_MARK_CLOSE L'\u00bb'

/*
 * Writes text at (y, x) within max_cols columns with the sentinels removed and the
 * text between them drawn with `attr | mark`; cut with "…" like ui_put. Returns the
 * columns used.
 */
int ui_put_marked(WINDOW *w, int y, int x, const char *utf8, int max_cols, attr_t attr,
		  attr_t mark);

/* The cursor row: reverse video across the row and "›" in column 0; returns its attribute. */
attr_t ui_cursor_bar(const app *a, int y, int cols);

/* "Delivery" / "Pickup". */
const char *ui_mode_name(shop_mode mode);
/* An order's fulfillmentType in words: "Pickup", "Delivery", else as the server wrote it. */
const char *ui_fulfillment_name(const char *wire);
/* The cart in words for a question: "2 × Garlic Knots, Jalapeño Poppers from Slice of
   Heaven Pizza Co. ($14.45)" (names of the first lines, "and N more" after). */
const char *ui_cart_summary(shop *s, char *buf, size_t n);
/* An earlier order that was sent but never confirmed while the cart changed since: asks the
   user to settle it (s), forget it (f) or decide later (Esc). A no-op when there is none. */
void ui_ask_unsettled(app *a);
/* "Delivery · Pickup", "Delivery only", "Pickup only". */
const char *ui_store_modes(const store *st);
/* "1420 E Pine St, Apt 305, Seattle, WA 98122" into buf. */
const char *ui_address_text(const external_address *addr, char *buf, size_t n);
/* A week's windows in few words: "Mon–Fri 11:00–22:00 · Sat–Sun Closed". */
const char *ui_hours_compact(const avail_list *hours, char *buf, size_t n);
/* "★ 4.6 (312) · $$ · 1.2 mi" (the parts the store has) into buf. */
const char *ui_store_facts(const store *st, char *buf, size_t n);
/* A distance as the store list and its notices write it: "0.4 mi", "12.5 mi", "2,377 mi". */
const char *ui_miles_text(double miles, char *buf, size_t n);
/* The same in fewer words, for a narrow screen: "★ 4.6 · 1.2 mi". */
const char *ui_store_facts_brief(const store *st, char *buf, size_t n);

/*
 * A scrolling document of rows, some of them selectable (action != 0): the store,
 * discovery, cart, checkout and order views are such documents, rebuilt from the shop
 * whenever it changes. The cursor moves between selectable rows; where there are none
 * in a direction, the motion keys scroll instead.
 */
typedef struct ui_row {
	char *text;
	attr_t attr;
	bool marked;	   /* text holds « » highlights */
	char *right;	   /* right-aligned text (prices, facts), or NULL */
	char *right_brief; /* shorter words for it on a narrow screen, or NULL */
	attr_t right_attr;
	int indent;
	int action; /* 0: not selectable; else the view's meaning */
	long arg;
	/* Greyed (a store that cannot serve the mode): dimmed by its attr, and where the
	   terminal cannot dim (app.no_dim) the text starts with "× ". */
	bool greyed;
	/* A text being typed (the view's, not owned): text is its label, and the input follows
	   it, scrolled around its cursor. NULL for other rows. */
	ui_input *input;
} ui_row;

typedef struct ui_doc {
	ui_row *v;
	size_t n, cap;
	ui_list list; /* count = n; cursor = a selectable row or -1; top; height */
} ui_doc;

/* The first member of a view that is a document (the store, discovery, cart, checkout, order,
   orders, account, item and location views): the view, its rows, the width they were built
   for, and how they are built. The ui_doc_view_* functions serve as parts of such a view's
   view_ops. */
typedef struct ui_doc_view {
	view base;
	ui_doc doc;
	int cols; /* the width the rows were wrapped to */
	/* Builds the rows again from the shop for the width in cols (often the view's enter);
	   NULL when they do not depend on the width. */
	void (*build)(view *v);
	/* The screen rows that are not the document (its title, a search line, a footer). */
	int frame_rows;
} ui_doc_view;

/* A new one (app_view_new), to be built for the terminal's width now. */
void *ui_doc_view_new(app *a, const view_ops *ops, size_t size, void (*build)(view *v),
		      int frame_rows);
/* view_ops.doc: its document. */
ui_doc *ui_doc_view_doc(view *v);
/* view_ops.destroy of one that owns nothing else: frees the doc and the view (one that owns
   more frees that first, then calls it). */
void ui_doc_view_destroy(view *v);
/* view_ops.draw of one that is its title row (ui_title) over its document, from row 2. */
void ui_doc_view_draw(view *v, const char *title, const char *right, int cols);
/* view_ops.resize's part: when cols is not the width the rows were built for, notes it and
   builds them again (ui_doc_view.build); then the document gets `height` rows. */
void ui_doc_view_resize(view *v, int cols, int height);
/* view_ops.resize of one whose frame keeps its rows (frame_rows): the rest is the document
   (with view_ops.doc = ui_doc_view_doc, what every document view's table lists). */
void ui_doc_view_resized(view *v, int rows, int cols);

/* Empties the document (keeps the scroll state for ui_doc_restore). */
void ui_doc_clear(ui_doc *d);
void ui_doc_free(ui_doc *d);
/* A view's title row: `title` from column 1 in the title's colour and `right` (NULL: none)
   dimmed, flush right, cut and then dropped before the title is cut; both within
   app_title_cols, so the app's badge keeps its room. */
void ui_title(const app *a, const char *title, const char *right, int cols);
ui_row *ui_doc_add(ui_doc *d, int indent, attr_t attr, int action, long arg, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void ui_row_set_right(ui_row *r, attr_t attr, const char *text);
/* Shorter words for the right text when the row is narrow (ui_fit_parts' brief). */
void ui_row_set_right_brief(ui_row *r, const char *text);
/* Adds `text` word-wrapped to `width` columns (at least one row), a row at each of its line
   breaks (ui_fit_words). */
void ui_doc_add_wrapped(ui_doc *d, int indent, attr_t attr, int width, const char *text);
/* The configuration file, for sentences that say what to set in it: its path with the
   home directory written "~", or "your configuration file" when the shop does not know it. */
const char *ui_config_path(const app *a, char *buf, size_t n);
/* Under a view's "could not be loaded": the shop's notice (why) and, dimmed, its support
   detail (request and trace ids), each wrapped to `width`; nothing when there is no notice. */
void ui_doc_add_failure(ui_doc *d, const app *a, int indent, int width);
/* After a rebuild: the cursor goes back to the row with (action, arg), else the first
   selectable row at or after the old index. */
void ui_doc_restore(ui_doc *d, int action, long arg);
/* The row under the cursor, or NULL when nothing is selectable. */
const ui_row *ui_doc_current(const ui_doc *d);
/* Moves the cursor to the row with (action, arg); false when there is none. */
bool ui_doc_focus(ui_doc *d, int action, long arg);
void ui_doc_resize(ui_doc *d, int height);
/* Moves between selectable rows (scrolling where there are none in that direction). A page
   moves by whole entries (a selectable row and the rows under it): the next page starts
   with the entry the bottom edge cut, and the cursor moves as many entries as the page.
   False for UI_MOVE_NONE. */
bool ui_doc_move(ui_doc *d, ui_move move);
/* The selectable row a click on screen row y means: the row itself, or the one whose entry it
   continues (the rows under a selectable row indented deeper than it, as a store's second
   line); -1 for anything else. */
int ui_doc_row_at(const ui_doc *d, int y);
/* Puts the cursor on row `row` (a selectable one) and scrolls it into view. */
void ui_doc_select(ui_doc *d, int row);
/* Draws rows [top, top + height) from screen row y (remembered in list.screen_y). */
void ui_doc_draw(const app *a, ui_doc *d, int y, int cols);

/* The name of a cart line's item, or its id when the catalog does not know it. */
const char *ui_item_name(const catalog_set *set, const char *item_id);
/* The line's selections in words: "Large, Thin, Pepperoni ×2 (Extra cheese)" (heap; "" when
   none). */
char *ui_line_summary(const catalog_set *set, const line_item *line);

/* ------------------------------------------------------------------ a placed order's status */

/* How often an order's status is read again while its view is on top (the confirmation and an
   order opened from the history). */
#define UI_ORDER_REFRESH_MS 5000

/* An order's status in words, its state first: "Cancelled: reason", "Completed", the status's
   label (order_status_label), "Placed" when the state is known or `placed` says so (the
   confirmation: the place reply carries no status), else "not read yet". Into buf. */
const char *ui_order_status_text(const char *state, const char *status, const char *reason,
				 bool placed, char *buf, size_t n);
/* "The status is read again every 5 s (r: now)." (UI_ORDER_REFRESH_MS) into buf. */
const char *ui_order_refresh_note(char *buf, size_t n);
/* In its place once the server no longer knows the order (shop_history_unknown,
   shop_order_unknown): the reads cannot succeed, so no promise of them. */
const char *ui_order_unknown_note(void);
/* When an order was placed, "Wed 18 Nov 2026 11:30", on the store's wall clock (`zone`, named
   after it when zone_too: "… (America/Los_Angeles)"), else on this machine's. Into buf. */
const char *ui_order_when(time_t placed, const char *zone, bool zone_too, char *buf, size_t n);

/* Reads a view's order status again: calls read(shop) (shop_order_refresh,
   shop_history_refresh) after first_ms, then every UI_ORDER_REFRESH_MS, each time v is the
   top view then. */
typedef struct ui_refresh ui_refresh;
ui_refresh *ui_refresh_start(view *v, void (*read)(shop *s), uint64_t first_ms);
/* Stops it for good (the view's destroy): read never runs again; the memory is freed once
   libuv has closed the timer, after the view. */
void ui_refresh_stop(ui_refresh *r);

#endif

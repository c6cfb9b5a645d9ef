/*
 * Presentation helpers shared by every view: display-width aware text (accents,
 * CJK and emoji measured with wcwidth, truncated with "…") and a scrolling list.
 */
#ifndef GETT_UI_WIDGETS_H
#define GETT_UI_WIDGETS_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>
#include <curses.h>

/* Keys as views see them: characters as their wide value, curses KEY_* codes tagged. */
typedef int ui_key;
#define UI_KEY_FN(k)   (0x1000000 | (k))
#define UI_KEY_ENTER   '\n'
#define UI_KEY_ESC     27
#define UI_KEY_TAB     '\t'
#define UI_KEY_BS      UI_KEY_FN(KEY_BACKSPACE)
#define UI_KEY_CTRL(c) ((c)&0x1f)

/*
 * Text from outside (a catalog is untrusted input) is shown as it is, and no control character
 * ever reaches the terminal. One rule, applied by ui_wide to everything drawn: on one line, a
 * tab and a line break ("\n", "\r\n", "\r") are a blank; every other control character (C0,
 * DEL, C1, the bidirectional controls that would reorder the row (str_is_bidi_control in
 * base/collections.h: U+202A..U+202E, U+2066..U+2069), and under a UTF-8 locale what wcwidth
 * calls unprintable) is shown escaped as the linter writes it (lint_display): ESC is "\x1b",
 * NEL "\u0085", RLO "\u202e", each as wide as its escape. Wrapped text breaks its rows at the
 * line breaks first (ui_fit_words, ui_wrap_next).
 */
/* UTF-8 (whatever the locale) -> heap wide string; invalid bytes become '?'. Under a locale
   whose charset is not UTF-8 (an explicit ISO-8859-1), a character the charset lacks becomes
   a stand-in ("›" ">", "…" "...", "★" "*", box drawing "-|+", else iconv's transliteration,
   else '?'), so every text is drawn in the terminal's charset. Never NULL. */
wchar_t *ui_wide(const char *utf8);
/* Display width of a UTF-8 string as ui_wide shows it (an escape counts its columns). */
int ui_text_width(const char *utf8);
/*
 * The longest prefix of `text` that fits `max_cols` columns, with "…" appended
 * when something was cut; control characters as ui_wide shows them. Heap string, never NULL.
 */
wchar_t *ui_fit(const char *utf8, int max_cols, int *width_out);
/* The mark of cut text: "…" (1 column), or "..." (3) where the locale's charset lacks it. */
const wchar_t *ui_ellipsis(int *width);
/* Writes text at (y, x) within max_cols columns; returns the columns used. */
int ui_put(WINDOW *w, int y, int x, const char *utf8, int max_cols, attr_t attr);
/* Writes text so that it ends at column `right` (exclusive); returns its start column. */
int ui_put_right(WINDOW *w, int y, int right, const char *utf8, int max_cols, attr_t attr);
/* utf8 struck through, heap-allocated: U+0336 (combining long stroke overlay) after every
   character. ncurses has no strikethrough attribute; terminals draw the overlay, and the
   width is unchanged. Under a locale whose charset lacks the overlay: "was " and the text. */
char *ui_strike(const char *utf8);

/* A cursor over `count` rows shown `height` at a time. */
typedef struct ui_list {
	int count;
	int cursor;
	int top;
	int height;
	/* The screen row the first shown row was last drawn on, where a mouse click is read; 0
	   until drawn (row 0 is always a title). Set by whoever draws the rows. */
	int screen_y;
} ui_list;

/* The movement actions every list and document shares; the keys that ask for them are the
   app's (app_move_keys in app.h), decoded there once for every view. */
typedef enum ui_move {
	UI_MOVE_NONE = 0,
	UI_MOVE_DOWN,
	UI_MOVE_UP,
	UI_MOVE_PAGE_DOWN,
	UI_MOVE_PAGE_UP,
	UI_MOVE_FIRST,
	UI_MOVE_LAST,
	UI_MOVE_COUNT
} ui_move;

/* Keeps cursor in [0, count) and visible. */
void ui_list_clamp(ui_list *list);
/* Moves the cursor (a page also scrolls by a page). False for UI_MOVE_NONE. */
bool ui_list_move(ui_list *list, ui_move move);
/* The row shown on screen row y (a mouse click), or -1 when none is. */
int ui_list_row_at(const ui_list *list, int y);

/*
 * A one-line text input (search, filter, courier instructions, coordinates, a tip): UTF-8
 * text with a cursor, edited with the keys readline users expect, and shown scrolled
 * horizontally around the cursor. The cursor moves by character (a base character with the
 * combining marks after it); the display is measured by width (wcwidth).
 */
#define UI_INPUT_MAX 256
typedef struct ui_input {
	char text[UI_INPUT_MAX]; /* UTF-8, NUL-terminated */
	size_t cursor;		 /* byte offset, on a character boundary */
	size_t first;		 /* byte offset of the first character shown (ui_input_draw) */
} ui_input;

/* Replaces the text (cut at a character boundary when too long); the cursor goes to the end. */
void ui_input_set(ui_input *in, const char *utf8);
void ui_input_clear(ui_input *in);

typedef enum ui_input_result {
	UI_INPUT_NOT_MINE = 0, /* not an editing key: the caller's (Enter, Esc, Up, Tab…) */
	UI_INPUT_KEPT,	       /* consumed, the text unchanged (the cursor moved, or full) */
	UI_INPUT_CHANGED,      /* the text changed */
} ui_input_result;

/* Printable characters are inserted at the cursor; Backspace and Delete (Ctrl-D) delete a
   character before / at the cursor; Left/Right (Ctrl-B/Ctrl-F) move by a character,
   Home/End (Ctrl-A/Ctrl-E) to the start / end; Ctrl-U deletes to the start, Ctrl-K to the end,
   Ctrl-W the word before the cursor. A full input takes no more text (UI_INPUT_KEPT). */
ui_input_result ui_input_key(ui_input *in, ui_key key);

/* What a `cols`-column field shows: the text from in->first (moved so that the cursor is in
   view, and as far left as the field allows), with "…" at an end where text is hidden. Heap
   UTF-8; *cursor_col is the cursor's column in it and *cursor_w its cell's width (1 at the
   end of the text, where the cursor is a blank cell). */
char *ui_input_visible(ui_input *in, int cols, int *cursor_col, int *cursor_w);
/* Draws the input at (y, x) within `cols` columns: scrolled around the cursor, which is shown
   in reverse video, when `active`; else its start, cut with "…". Returns the columns used. */
int ui_input_draw(WINDOW *w, int y, int x, int cols, ui_input *in, attr_t attr, bool active);
/* The end of the longest run of whole words from p that fits `width` columns, never past a
   line break; for word-wrapping. A first word wider than the row is broken between two of
   its characters (text without spaces: Chinese, Japanese). */
const char *ui_fit_words(const char *p, int width);
/* Draws utf8 word-wrapped to `width` columns on rows from (y, x), at most max_rows, the last
   with the rest cut with "…" (its line breaks then blanks); only counts when w is NULL.
   Returns the rows used (0 for ""). */
int ui_put_wrapped(WINDOW *w, int y, int x, const char *utf8, int width, int max_rows, attr_t attr);
/* Where the row after one that ends at `end` (from ui_fit_words) starts: past the blanks and
   one line break, so that "a\n\nb" is three rows, the middle one empty. */
const char *ui_wrap_next(const char *end);
/*
 * A line of parts that must share too few columns (a header's name, rule and count; a row's
 * name and price; a hint's keys). What matters more is never cut before what matters less:
 * ui_fit_parts gives way lowest `priority` first (the later part on a tie), one step at a
 * time until the parts fit: first parts take their `brief` words and `elastic` ones (names,
 * descriptions) are cut with "…" down to `min` columns; when that is not enough, parts are
 * dropped, again lowest priority first. Columns left over go back to the cut parts, higher
 * priority first; what still does not fit is cut by the caller.
 */
typedef struct ui_part {
	const char *text;  /* the words; NULL or "": no part */
	const char *brief; /* shorter words for a narrow line, or NULL */
	const char *sep;   /* before the part when one before it is shown (" · "), or NULL */
	int priority;	   /* higher gives way later */
	bool elastic;	   /* may be cut with "…" (down to min) before anything is dropped */
	int min;	   /* elastic: the fewest columns it is cut to (0: UI_PART_MIN_COLS) */
	bool right;	   /* ui_put_parts: drawn flush right (then so are the parts after it) */
	attr_t attr;	   /* ui_put_parts: added to the line's attribute */
	/* Set by ui_fit_parts: the words shown (text or brief; NULL: dropped) and their
	   columns (fewer than the words' width: cut with "…"). */
	const char *shown;
	int cols;
} ui_part;
#define UI_PART_MIN_COLS 12

/* Fits the parts into max_cols (above); returns the columns they use with their separators. */
int ui_fit_parts(ui_part *parts, size_t n, int max_cols);
/* The parts fitted into max_cols, joined by their separators: a heap UTF-8 string. */
char *ui_join_parts(ui_part *parts, size_t n, int max_cols);
/* Draws the parts fitted into max_cols from (y, x), the `right` ones flush with x + max_cols,
   each with base | its attr; returns the columns the left parts use. */
int ui_put_parts(WINDOW *w, int y, int x, ui_part *parts, size_t n, int max_cols, attr_t base);
/* ui_put_parts of parts ui_fit_parts has already fitted into max_cols (their `shown` and
   `cols`), for a caller that keeps the fit of a line it draws again and again (a long menu's
   rows, redrawn on every key): the same cells, without fitting them again. */
int ui_put_fitted_parts(WINDOW *w, int y, int x, const ui_part *parts, size_t n, int max_cols,
			attr_t base);

/*
 * What drawing had to cut, for the render audit (`gett-tui audit`, ui/audit_walk.h): while a
 * sink is set, every text ui_put / ui_put_right cut with "…" and every part ui_put_parts
 * dropped or drew in its brief words is reported with the screen row it was meant for, so the
 * audit reads the decisions the fit functions made instead of re-deriving them. No sink (the
 * default): nothing is measured twice and nothing is reported.
 */
typedef enum ui_cut_kind {
	UI_CUT_CUT,	  /* drawn cut with "…": `cols` of its `width` columns */
	UI_CUT_SHORTENED, /* a part drawn in its brief words (`shown`) */
	UI_CUT_DROPPED,	  /* a part not drawn at all */
} ui_cut_kind;

typedef struct ui_cut {
	ui_cut_kind kind;
	int y, x;	   /* where it was drawn (or would have been: the line's start) */
	const char *text;  /* the words asked for (a part's text, not its brief) */
	const char *shown; /* UI_CUT_SHORTENED: the brief words drawn instead; else NULL */
	int cols, width;   /* the columns shown (0 when dropped) and the text's full width */
} ui_cut;

typedef void (*ui_cut_fn)(const ui_cut *cut, void *user);
/* Sets the sink (NULL: none); the cuts of every later draw go to it. */
void ui_set_cut_sink(ui_cut_fn fn, void *user);

/* Clears the h x w rectangle at (y0, x0) on stdscr and draws a frame around it. */
void ui_box(int y0, int x0, int h, int w);

#endif

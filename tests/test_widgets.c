/* src/ui/widgets.c: display widths, truncation by columns, filtering and the list helper. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include "ui/widgets.h"

static int setup_locale(void **state)
{
	(void)state;
	return setlocale(LC_CTYPE, "C.UTF-8") ? 0 : -1;
}

static void assert_fit(const char *text, int cols, const wchar_t *want, int want_width)
{
	int width = -1;
	wchar_t *got = ui_fit(text, cols, &width);
	if (wcscmp(got, want) != 0)
		fail_msg("ui_fit(\"%s\", %d) = \"%ls\", want \"%ls\"", text, cols, got, want);
	assert_int_equal(width, want_width);
	free(got);
}

/* The joined parts of a picker group header at `cols`. */
static char *header_at(int cols)
{
	ui_part parts[] = {
	    {.text = "Dipping Sauces (extras $0.40 after the first)",
	     .priority = 3,
	     .elastic = true},
	    {.text = "Choose up to 6", .sep = " · ", .priority = 5},
	    {.text = "2 chosen", .sep = " · ", .priority = 4},
	    {.text = "first one at regular price, then $0.40 each",
	     .brief = "then $0.40 each",
	     .sep = "  ",
	     .priority = 2},
	};
	return ui_join_parts(parts, 4, cols);
}

static void test_parts_fit_whole_when_there_is_room(void **state)
{
	(void)state;
	char *s = header_at(200);
	assert_string_equal(s, "Dipping Sauces (extras $0.40 after the first) · Choose up to 6 · "
			       "2 chosen  first one at regular price, then $0.40 each");
	free(s);
}

static void test_parts_cut_the_name_before_rules_counts_and_prices(void **state)
{
	(void)state;
	/* 78 columns: the name is cut, the tiers take their brief words, the rule and the
	   count stay whole. */
	char *s = header_at(78);
	assert_int_equal(ui_text_width(s), 78);
	assert_non_null(strstr(s, "Choose up to 6 · 2 chosen  then $0.40 each"));
	assert_non_null(strstr(s, "Dipping Sauces"));
	assert_non_null(strstr(s, "…"));
	free(s);
	/* 40 columns: the tiers go, the name is cut to what is left. */
	s = header_at(40);
	assert_true(ui_text_width(s) <= 40);
	assert_non_null(strstr(s, "Choose up to 6 · 2 chosen"));
	assert_null(strstr(s, "$0.40 each"));
	assert_non_null(strstr(s, "Dipping"));
	free(s);
	/* Narrower than the rule and the count with a minimal name: the name goes last. */
	s = header_at(26);
	assert_string_equal(s, "Choose up to 6 · 2 chosen");
	free(s);
}

static void test_parts_lowest_priority_gives_way_first(void **state)
{
	(void)state;
	ui_part parts[] = {
	    {.text = "Subtotal $36.00", .priority = 6},
	    {.text = "(estimate)", .sep = " ", .priority = 4},
	    {.text = "+/- qty", .sep = " · ", .priority = 1},
	    {.text = "x remove", .sep = " · ", .priority = 2},
	    {.text = "Enter edit", .sep = " · ", .priority = 3},
	    {.text = "o checkout", .sep = " · ", .priority = 5},
	};
	char *s = ui_join_parts(parts, 6, 63);
	assert_string_equal(s, "Subtotal $36.00 (estimate) · x remove · Enter edit · o checkout");
	free(s);
	s = ui_join_parts(parts, 6, 39);
	assert_string_equal(s, "Subtotal $36.00 (estimate) · o checkout");
	free(s);
	s = ui_join_parts(parts, 6, 30);
	assert_string_equal(s, "Subtotal $36.00 · o checkout");
	free(s);
	/* A part that fits nowhere is cut by the caller, never by a lower one. */
	s = ui_join_parts(parts, 6, 10);
	assert_string_equal(s, "Subtotal …");
	free(s);
}

static void test_parts_skip_empty_and_measure_columns(void **state)
{
	(void)state;
	ui_part parts[] = {
	    {.text = "麻婆豆腐 Mapo Tofu", .priority = 1, .elastic = true, .min = 7},
	    {.text = NULL, .sep = " · ", .priority = 9},
	    {.text = "", .sep = " · ", .priority = 9},
	    {.text = "$14.95", .sep = "  ", .priority = 5, .right = true},
	};
	assert_int_equal(ui_fit_parts(parts, 4, 80), 18 + 2 + 6);
	assert_null(parts[1].shown);
	assert_int_equal(ui_fit_parts(parts, 4, 16), 16);
	assert_int_equal(parts[0].cols, 8);
	assert_string_equal(parts[3].shown, "$14.95");
	char *s = ui_join_parts(parts, 4, 15);
	assert_string_equal(s, "麻婆豆…  $14.95");
	free(s);
}

static void test_width_counts_columns_not_bytes(void **state)
{
	(void)state;
	assert_int_equal(ui_text_width("abc"), 3);
	assert_int_equal(ui_text_width("Jalapeño"), 8);
	assert_int_equal(ui_text_width("ラーメン"), 8);
	assert_int_equal(ui_text_width("Hot 🔥"), 6);
	assert_int_equal(ui_text_width("e\xcc\x81"), 1); /* e + combining acute */
	assert_int_equal(ui_text_width(""), 0);
}

static void test_fit_keeps_text_that_fits(void **state)
{
	(void)state;
	assert_fit("ラーメン", 8, L"ラーメン", 8);
	assert_fit("abc", 10, L"abc", 3);
}

static void test_fit_truncates_with_ellipsis(void **state)
{
	(void)state;
	assert_fit("abcdef", 4, L"abc…", 4);
	/* A wide character that would straddle the limit is dropped, not split. */
	assert_fit("ab漢字", 4, L"ab…", 3);
	assert_fit("漢字漢字", 5, L"漢字…", 5);
	assert_fit("🔥🔥🔥", 4, L"🔥…", 3);
	/* A combining mark stays with its base character. */
	assert_fit("ae\xcc\x81xyz", 3, L"ae\u0301…", 3);
	assert_fit("abc", 0, L"", 0);
	assert_fit("abc", 1, L"…", 1);
}

static void test_fit_replaces_bad_bytes_and_controls(void **state)
{
	(void)state;
	assert_fit("a\xff"
		   "b",
		   10, L"a?b", 3);
	/* One line: a tab and a line break (any of the three) are a blank. */
	assert_fit("a\tb", 10, L"a b", 3);
	assert_fit("\u4f7f\u7528\n\u642d\u914d", 10, L"\u4f7f\u7528 \u642d\u914d", 9);
	assert_fit("a\r\nb\rc", 10, L"a b c", 5);
}

/* A catalog is untrusted input: every other control character is shown escaped as its JSON
   writes it, and none reaches the terminal raw. */
static void test_fit_escapes_control_characters(void **state)
{
	(void)state;
	assert_fit("a\x1b[31mb", 20, L"a\\x1b[31mb", 10);
	assert_fit("bell\a", 20, L"bell\\x07", 8);
	assert_fit("del\x7f", 20, L"del\\x7f", 7);
	assert_fit("c1\xc2\x85", 20, L"c1\\u0085", 8);		    /* U+0085, NEL */
	assert_fit("ls\xe2\x80\xa8", 20, L"ls\\u2028", 8);	    /* U+2028: unprintable */
	assert_fit("nc\xf4\x8f\xbf\xbf", 20, L"nc\\U0010ffff", 12); /* a noncharacter */
	assert_int_equal(ui_text_width("\x1b"), 4);
	/* Cut like any text: the escape is four columns of ASCII. */
	assert_fit("\x1b\x1b", 6, L"\\x1b\\…", 6);
	/* No control character survives, whichever it is. */
	for (unsigned c = 1; c < 0xa0; c++) {
		if (c == 0x20)
			c = 0x7f;
		char text[4] = {0};
		if (c < 0x80)
			text[0] = (char)c;
		else
			text[0] = (char)0xc2, text[1] = (char)c;
		wchar_t *got = ui_fit(text, 20, NULL);
		for (const wchar_t *g = got; *g; g++)
			if (*g < 0x20 || (*g >= 0x7f && *g < 0xa0))
				fail_msg("control U+%04X reaches the terminal", c);
		free(got);
	}
	/* In a charset without the characters too. */
	assert_non_null(setlocale(LC_CTYPE, "C"));
	assert_fit("a\x1b\tb", 20, L"a\\x1b b", 7);
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
}

/* The bidirectional controls (U+202A..U+202E, U+2066..U+2069) would reorder the rest of a row
   in a terminal that implements bidi, and have no width: each is shown escaped, as wide as its
   escape, in every locale. The marks of right-to-left menus (LRM, RLM, ALM) and their letters
   are text. */
static void test_fit_escapes_bidi_controls(void **state)
{
	(void)state;
	assert_fit("Cola \u202e5.99", 20, L"Cola \\u202e5.99", 15);
	assert_int_equal(ui_text_width("Cola \u202e5.99"), 15);
	assert_fit("\u202e\u202e", 8, L"\\u202e\\…", 8); /* cut like any text */
	static const unsigned nine[] = {0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
					0x2066, 0x2067, 0x2068, 0x2069};
	for (size_t i = 0; i < sizeof nine / sizeof *nine; i++) {
		char text[8];
		wchar_t want[16];
		snprintf(text, sizeof text, "a%c%c%cb", 0xe2, 0x80 | (nine[i] >> 6 & 0x3f),
			 0x80 | (nine[i] & 0x3f));
		swprintf(want, sizeof want / sizeof *want, L"a\\u%04xb", nine[i]);
		assert_fit(text, 20, want, 8);
		assert_int_equal(ui_text_width(text), 8);
	}
	assert_fit("\u05ea\u05d4 \u200f(\u05d7\u05dd)\u200e", 20,
		   L"\u05ea\u05d4 \u200f(\u05d7\u05dd)\u200e", 7);
	assert_fit("\u0634\u0627\u064a \u061c1", 20, L"\u0634\u0627\u064a \u061c1", 5);
	/* In a charset without the characters too. */
	assert_non_null(setlocale(LC_CTYPE, "C"));
	assert_fit("a\u2067b", 20, L"a\\u2067b", 8);
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
}

static void test_list_motion_and_clamp(void **state)
{
	(void)state;
	ui_list l = {.count = 50, .cursor = 0, .top = 0, .height = 10};
	assert_true(ui_list_move(&l, UI_MOVE_DOWN));
	assert_int_equal(l.cursor, 1);
	assert_true(ui_list_move(&l, UI_MOVE_UP));
	assert_true(ui_list_move(&l, UI_MOVE_UP));
	assert_int_equal(l.cursor, 0); /* no wrap */
	assert_true(ui_list_move(&l, UI_MOVE_LAST));
	assert_int_equal(l.cursor, 49);
	assert_int_equal(l.top, 40); /* last page full, cursor visible */
	assert_true(ui_list_move(&l, UI_MOVE_PAGE_UP));
	assert_int_equal(l.cursor, 40);
	assert_true(l.cursor >= l.top && l.cursor < l.top + l.height);
	assert_true(ui_list_move(&l, UI_MOVE_FIRST));
	assert_int_equal(l.cursor, 0);
	assert_int_equal(l.top, 0);
	assert_true(ui_list_move(&l, UI_MOVE_PAGE_DOWN));
	assert_int_equal(l.cursor, 9);
	assert_false(ui_list_move(&l, UI_MOVE_NONE));
	/* Shrinking the list pulls the cursor back inside. */
	l.count = 5;
	ui_list_clamp(&l);
	assert_int_equal(l.cursor, 4);
	assert_int_equal(l.top, 0);
	l.count = 0;
	ui_list_clamp(&l);
	assert_int_equal(l.cursor, 0);
}

/* Types each character of a UTF-8 string as a key. */
static void type(ui_input *in, const char *utf8)
{
	wchar_t *ws = ui_wide(utf8);
	for (wchar_t *p = ws; *p; p++)
		assert_int_equal(ui_input_key(in, (ui_key)*p), UI_INPUT_CHANGED);
	free(ws);
}

/* Typing inserts whole characters at the cursor, Backspace removes one character (not one
   byte), and a full input is never overrun. */
static void test_input_edits_by_character(void **state)
{
	(void)state;
	ui_input in;
	ui_input_clear(&in);
	type(&in, "a\u00e9\u30e9"); /* é: two bytes, ラ: three */
	assert_string_equal(in.text, "a\u00e9\u30e9");
	assert_int_equal(in.cursor, strlen(in.text));
	assert_int_equal(ui_input_key(&in, UI_KEY_BS), UI_INPUT_CHANGED);
	assert_string_equal(in.text, "a\u00e9");
	assert_int_equal(ui_input_key(&in, UI_KEY_BS), UI_INPUT_CHANGED);
	assert_int_equal(ui_input_key(&in, UI_KEY_BS), UI_INPUT_CHANGED);
	assert_int_equal(ui_input_key(&in, UI_KEY_BS), UI_INPUT_KEPT); /* empty stays empty */
	assert_string_equal(in.text, "");
	/* Control and function keys that are not editing keys are the caller's. */
	assert_int_equal(ui_input_key(&in, '\n'), UI_INPUT_NOT_MINE);
	assert_int_equal(ui_input_key(&in, UI_KEY_ESC), UI_INPUT_NOT_MINE);
	assert_int_equal(ui_input_key(&in, UI_KEY_FN(KEY_DOWN)), UI_INPUT_NOT_MINE);
	assert_string_equal(in.text, "");
	/* A pasted C1 or bidirectional control is kept out (it would be drawn as its escape,
	   wider than the cursor counts it); the right-to-left marks are text. */
	assert_int_equal(ui_input_key(&in, 0x85), UI_INPUT_KEPT);
	assert_int_equal(ui_input_key(&in, 0x202e), UI_INPUT_KEPT);
	assert_int_equal(ui_input_key(&in, 0x2067), UI_INPUT_KEPT);
	assert_string_equal(in.text, "");
	assert_int_equal(ui_input_key(&in, 0x05ea), UI_INPUT_CHANGED);
	assert_int_equal(ui_input_key(&in, 0x200f), UI_INPUT_CHANGED);
	assert_string_equal(in.text, "\u05ea\u200f");
	ui_input_clear(&in);
	/* Full: the last character that fits is kept whole, the next is refused. */
	for (int i = 0; i < UI_INPUT_MAX - 2; i++)
		ui_input_key(&in, 'x');
	assert_int_equal(strlen(in.text), UI_INPUT_MAX - 2);
	assert_int_equal(ui_input_key(&in, 0x00e9), UI_INPUT_KEPT); /* two bytes: no room */
	assert_int_equal(ui_input_key(&in, 'y'), UI_INPUT_CHANGED);
	assert_int_equal(ui_input_key(&in, 'z'), UI_INPUT_KEPT);
	assert_int_equal(strlen(in.text), UI_INPUT_MAX - 1);
	/* A text set from elsewhere is cut at a character boundary. */
	char long_text[UI_INPUT_MAX + 8];
	memset(long_text, 'x', UI_INPUT_MAX - 2);
	strcpy(long_text + UI_INPUT_MAX - 2, "\u00e9\u00e9");
	ui_input_set(&in, long_text);
	assert_int_equal(strlen(in.text), UI_INPUT_MAX - 2);
	assert_int_equal(in.cursor, UI_INPUT_MAX - 2);
}

/* The readline keys: arrows and Ctrl-B/F by character (a combining mark goes with its
   letter), Home/End and Ctrl-A/E, Delete and Ctrl-D, Ctrl-U, Ctrl-K and Ctrl-W. */
static void test_input_readline_keys(void **state)
{
	(void)state;
	ui_input in;
	ui_input_set(&in, "Buzz 305, leave at the door");
	assert_int_equal(ui_input_key(&in, UI_KEY_CTRL('w')), UI_INPUT_CHANGED);
	assert_string_equal(in.text, "Buzz 305, leave at the ");
	assert_int_equal(ui_input_key(&in, UI_KEY_CTRL('w')), UI_INPUT_CHANGED);
	assert_string_equal(in.text, "Buzz 305, leave at ");
	assert_int_equal(ui_input_key(&in, UI_KEY_CTRL('a')), UI_INPUT_KEPT);
	assert_int_equal(in.cursor, 0);
	type(&in, ">");
	assert_string_equal(in.text, ">Buzz 305, leave at ");
	assert_int_equal(ui_input_key(&in, UI_KEY_FN(KEY_DC)), UI_INPUT_CHANGED); /* the B */
	assert_string_equal(in.text, ">uzz 305, leave at ");
	assert_int_equal(ui_input_key(&in, UI_KEY_FN(KEY_RIGHT)), UI_INPUT_KEPT);
	assert_int_equal(ui_input_key(&in, UI_KEY_CTRL('f')), UI_INPUT_KEPT);
	assert_int_equal(ui_input_key(&in, UI_KEY_FN(KEY_LEFT)), UI_INPUT_KEPT);
	assert_int_equal(in.cursor, 2);
	assert_int_equal(ui_input_key(&in, UI_KEY_CTRL('k')), UI_INPUT_CHANGED);
	assert_string_equal(in.text, ">u");
	assert_int_equal(ui_input_key(&in, UI_KEY_CTRL('d')), UI_INPUT_KEPT); /* at the end */
	assert_int_equal(ui_input_key(&in, UI_KEY_FN(KEY_HOME)), UI_INPUT_KEPT);
	assert_int_equal(ui_input_key(&in, UI_KEY_FN(KEY_END)), UI_INPUT_KEPT);
	assert_int_equal(in.cursor, 2);
	assert_int_equal(ui_input_key(&in, UI_KEY_CTRL('u')), UI_INPUT_CHANGED);
	assert_string_equal(in.text, "");
	assert_int_equal(ui_input_key(&in, UI_KEY_CTRL('e')), UI_INPUT_KEPT);

	/* "Café" with a combining acute accent, then a wide character: one step each. */
	ui_input_set(&in, "Cafe\u0301\u30e9x");
	size_t end = in.cursor;
	ui_input_key(&in, UI_KEY_FN(KEY_LEFT));
	assert_int_equal(in.cursor, end - 1); /* before x */
	ui_input_key(&in, UI_KEY_FN(KEY_LEFT));
	assert_int_equal(in.cursor, end - 4); /* before ラ (three bytes) */
	ui_input_key(&in, UI_KEY_FN(KEY_LEFT));
	assert_int_equal(in.cursor, 3); /* before e + U+0301, one character */
	ui_input_key(&in, UI_KEY_FN(KEY_RIGHT));
	assert_int_equal(in.cursor, end - 4);
	ui_input_key(&in, UI_KEY_BS); /* removes é whole */
	assert_string_equal(in.text, "Caf\u30e9x");
	ui_input_key(&in, UI_KEY_FN(KEY_DC)); /* removes ラ whole */
	assert_string_equal(in.text, "Cafx");
}

static void assert_visible(ui_input *in, int cols, const char *want, int want_col, int want_w)
{
	int col = -1, w = -1;
	char *got = ui_input_visible(in, cols, &col, &w);
	if (strcmp(got, want) != 0)
		fail_msg("visible(\"%s\", cursor %zu, %d cols) = \"%s\", want \"%s\"", in->text,
			 in->cursor, cols, got, want);
	assert_int_equal(col, want_col);
	assert_int_equal(w, want_w);
	assert_true(ui_text_width(got) <= cols);
	free(got);
}

/* A text longer than its field scrolls around the cursor, with "…" where text is hidden; the
   cursor cell at the end counts; wide characters are measured by width. */
static void test_input_scrolls_around_the_cursor(void **state)
{
	(void)state;
	ui_input in;
	ui_input_clear(&in);
	assert_visible(&in, 10, "", 0, 1);
	type(&in, "Buzz 305");
	assert_visible(&in, 10, "Buzz 305", 8, 1);
	type(&in, " leave it");
	/* The end of what is typed shows, with the cursor after it. */
	assert_visible(&in, 10, "…leave it", 9, 1);
	ui_input_key(&in, UI_KEY_CTRL('a'));
	assert_visible(&in, 10, "Buzz 305 …", 0, 1); /* Home: the start, cut on the right */
	for (int i = 0; i < 9; i++)
		ui_input_key(&in, UI_KEY_FN(KEY_RIGHT));
	/* The field follows the cursor only once it reaches the right edge. */
	assert_visible(&in, 10, "…zz 305 l…", 8, 1);
	for (int i = 0; i < 3; i++)
		ui_input_key(&in, UI_KEY_FN(KEY_LEFT));
	assert_visible(&in, 10, "…zz 305 l…", 5, 1);
	ui_input_key(&in, UI_KEY_CTRL('e'));
	ui_input_key(&in, UI_KEY_CTRL('w'));
	ui_input_key(&in, UI_KEY_CTRL('w')); /* "Buzz 305 " fits again: no mark on the left */
	assert_visible(&in, 10, "Buzz 305 ", 9, 1);

	/* Wide characters: ラーメン is 8 columns; the cursor on one is 2 wide. */
	ui_input_set(&in, "\u30e9\u30fc\u30e1\u30f3 \u6a2a\u4e01");
	assert_visible(&in, 8, "… \u6a2a\u4e01", 6, 1);
	ui_input_key(&in, UI_KEY_CTRL('a'));
	assert_visible(&in, 8, "\u30e9\u30fc\u30e1…", 0, 2);
	assert_visible(&in, 2, "\u30e9", 0, 2); /* too narrow for the marks */
}

/* Word-wrapping for boxed questions and long status lines: whole words by display width. */
static void test_fit_words_breaks_between_words(void **state)
{
	(void)state;
	const char *text = "Pickup at Café Ümlaut · 612 E Pine St";
	assert_ptr_equal(ui_fit_words(text, 9), text + strlen("Pickup at"));
	/* "Pickup at Café" is 14 columns but 16 bytes: it fits 14. */
	assert_ptr_equal(ui_fit_words(text, 14), text + strlen("Pickup at Café"));
	/* A word wider than the row is broken between characters, so nothing is cut. */
	const char *long_word = "Supercalifragilistic word";
	assert_ptr_equal(ui_fit_words(long_word, 5), long_word + strlen("Super"));
	assert_ptr_equal(ui_fit_words(text, 80), text + strlen(text));
	/* Text without spaces: by columns, a wide character never split. */
	const char *cjk = "\u4f7f\u7528\u53f0\u7063\u8c6c";
	assert_ptr_equal(ui_fit_words(cjk, 5), cjk + 2 * 3);
	assert_ptr_equal(ui_fit_words(cjk, 1), cjk + 3); /* at least one character */
	const char *accent = "ae\xcc\x81xyz";		 /* the mark stays with its letter */
	assert_ptr_equal(ui_fit_words(accent, 2), accent + 4);
}

/* Rows of wrapped text, as ui_doc_add_wrapped and ui_put_wrapped take them. */
static char *wrap_rows(const char *text, int width)
{
	char *out = calloc(1, 1);
	size_t len = 0;
	const char *p = text;
	do {
		const char *end = ui_fit_words(p, width);
		out = realloc(out, len + (size_t)(end - p) + 2);
		memcpy(out + len, p, (size_t)(end - p));
		len += (size_t)(end - p);
		out[len++] = '|';
		out[len] = '\0';
		p = ui_wrap_next(end);
	} while (*p);
	return out;
}

/* In wrapped text a line break is a row break; a blank line stays; \r\n is one break. */
static void test_wrap_breaks_rows_at_line_breaks(void **state)
{
	(void)state;
	const struct {
		const char *text;
		int width;
		const char *rows;
	} cases[] = {
	    {"\u4f7f\u7528\u53f0\u7063\u8c6c\u4e94\u82b1\n\u642d\u914d\u7279\u88fd", 40,
	     "\u4f7f\u7528\u53f0\u7063\u8c6c\u4e94\u82b1|\u642d\u914d\u7279\u88fd|"},
	    {"one two\n\nthree", 40, "one two||three|"},
	    {"one two\r\nthree\rfour", 40, "one two|three|four|"},
	    {"one two three\nfour", 8, "one two|three|four|"},
	    {"trailing\n", 40, "trailing|"},
	    {"", 40, "|"},
	    {"tab\tseparated words", 13, "tab\tseparated|words|"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = wrap_rows(cases[i].text, cases[i].width);
		if (strcmp(got, cases[i].rows) != 0)
			fail_msg("wrap(\"%s\", %d) = \"%s\", want \"%s\"", cases[i].text,
				 cases[i].width, got, cases[i].rows);
		free(got);
	}
	/* A bidirectional control is as wide as its escape in wrapped text too. */
	char *got = wrap_rows("Tea \u2067hot\u2069 now", 16);
	assert_string_equal(got, "Tea|\u2067hot\u2069|now|");
	free(got);
	/* ui_put_wrapped counts the same rows, the last taking the rest. */
	assert_int_equal(ui_put_wrapped(NULL, 0, 0, "a\nb\nc", 10, 5, 0), 3);
	assert_int_equal(ui_put_wrapped(NULL, 0, 0, "a\nb\nc", 10, 2, 0), 2);
	assert_int_equal(ui_put_wrapped(NULL, 0, 0, "", 10, 2, 0), 0);
}

static void test_strike_overlays_every_character(void **state)
{
	(void)state;
	char *s = ui_strike("$19.99");
	assert_string_equal(s, "$\u03361\u03369\u0336.\u03369\u03369\u0336");
	assert_int_equal(ui_text_width(s), 6); /* the overlay takes no column */
	free(s);
	s = ui_strike("\u5ddd\u00e9"); /* a wide and a two-byte character stay whole */
	assert_string_equal(s, "\u5ddd\u0336\u00e9\u0336");
	assert_int_equal(ui_text_width(s), 3);
	free(s);
	s = ui_strike("");
	assert_string_equal(s, "");
	free(s);
}

/* The text is UTF-8 whatever the locale; in one whose charset lacks a character (the C
   locale's ASCII here, an explicit ISO-8859-1 on a terminal) it becomes a stand-in, and the
   widths and cut marks follow. */
static void test_wide_in_a_charset_without_the_characters(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C"));
	wchar_t *w = ui_wide("Stores \u00b7 Delivery \u203a \u2605 4.6 \u2026 \u2713 \u26a0");
	assert_true(wcscmp(w, L"Stores - Delivery > * 4.6 ... + !") == 0);
	free(w);
	assert_int_equal(ui_text_width("Caf\u00e9 \u5ddd"), 6); /* iconv: "Cafe ?" */
	char *s = ui_strike("$19.99");
	assert_string_equal(s, "was $19.99");
	free(s);
	int width = -1;
	w = ui_fit("Slice \u00b7 of Heaven Pizza", 12, &width);
	assert_true(wcscmp(w, L"Slice - o...") == 0);
	assert_int_equal(width, 12);
	free(w);
	w = ui_wide("\u2212$5.00"); /* money's minus sign */
	assert_true(wcscmp(w, L"-$5.00") == 0);
	free(w);
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
}

/* The render audit's sink (ui_set_cut_sink): what ui_put cut and what ui_put_parts dropped
   or shortened, with the row; nothing once the sink is unset. The window may be NULL: curses
   then draws nothing, and the fitting is the same. */
typedef struct cuts_seen {
	ui_cut v[8];
	char text[8][128];
	size_t n;
} cuts_seen;

static void collect_cut(const ui_cut *cut, void *user)
{
	cuts_seen *seen = user;
	if (seen->n == 8)
		return;
	snprintf(seen->text[seen->n], sizeof seen->text[0], "%s", cut->text);
	seen->v[seen->n++] = *cut;
}

static void test_cut_sink_reports_what_was_cut(void **state)
{
	(void)state;
	cuts_seen seen = {0};
	ui_set_cut_sink(collect_cut, &seen);
	ui_put(NULL, 3, 0, "Margherita", 20, 0); /* fits: nothing to say */
	ui_put(NULL, 4, 0, "Quattro Formaggi", 8, 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.v[0].kind, UI_CUT_CUT);
	assert_int_equal(seen.v[0].y, 4);
	assert_string_equal(seen.text[0], "Quattro Formaggi");
	assert_int_equal(seen.v[0].cols, 8);
	assert_int_equal(seen.v[0].width, 16);
	seen.n = 0;
	ui_part parts[] = {
	    {.text = "Extras", .priority = 3, .elastic = true},
	    {.text = "Choose up to 6", .brief = "up to 6", .sep = " · ", .priority = 5},
	    {.text = "first one free, then $0.40 each", .sep = "  ", .priority = 1},
	};
	ui_put_parts(NULL, 7, 1, parts, 3, 20, 0);
	/* The rule took its brief words and the tiers went; the name fits whole. */
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.v[0].kind, UI_CUT_SHORTENED);
	assert_string_equal(seen.text[0], "Choose up to 6");
	assert_string_equal(seen.v[0].shown, "up to 6");
	assert_int_equal(seen.v[1].kind, UI_CUT_DROPPED);
	assert_int_equal(seen.v[1].y, 7);
	assert_int_equal(seen.v[1].cols, 0);
	assert_string_equal(seen.text[1], "first one free, then $0.40 each");
	ui_set_cut_sink(NULL, NULL);
	seen.n = 0;
	ui_put(NULL, 4, 0, "Quattro Formaggi", 8, 0);
	assert_int_equal(seen.n, 0);
}

/* The cells of row 0 of a and b agree: characters (with their combining marks) and
   attributes. */
static void assert_same_cells(WINDOW *a, WINDOW *b, int cols)
{
	for (int x = 0; x < cols; x++) {
		cchar_t ca, cb;
		wchar_t wa[CCHARW_MAX + 1], wb[CCHARW_MAX + 1];
		attr_t aa, ab;
		short pa, pb;
		assert_int_equal(mvwin_wch(a, 0, x, &ca), OK);
		assert_int_equal(mvwin_wch(b, 0, x, &cb), OK);
		getcchar(&ca, wa, &aa, &pa, NULL);
		getcchar(&cb, wb, &ab, &pb, NULL);
		assert_true(wcscmp(wa, wb) == 0);
		assert_int_equal(aa, ab);
		assert_int_equal(pa, pb);
	}
}

/* ui_put draws text shown as it is without building it first (a redraw's common case): the
   cells, the columns and where it ends are those of ui_fit's text drawn with waddwstr, for
   every kind of text, in a UTF-8 locale and in one whose charset lacks most of it. */
static void test_put_draws_what_fit_measures(void **state)
{
	(void)state;
	static const char *const texts[] = {
	    "",
	    "Margherita",
	    "Jalape\u00f1o \u00b7 $12.50",
	    "\u30e9\u30fc\u30e1\u30f3",
	    "$1\u0336.\u03365\u0336",
	    "Hot \U0001f525",
	    "tab\there",
	    "esc\x1b[31m",
	    "bad \xff byte",
	    "nel\xc2\x85",
	    "rlo\u202e5.99",
	    "A name far too long for the twelve columns",
	    "Eggs & Ham",
	    "e\u0301\u0302\u0303\u0304\u0305\u0306x \u0301",
	};
	/* What the text is drawn over: nothing, or wide characters it cuts in half at both
	   ends (an overlay on a Japanese menu). */
	static const wchar_t *const under[] = {L"",
					       L"\u30e9\u30fc\u30e1\u30f3\u30e9\u30fc\u30e1\u30f3"};
	attr_t attrs[] = {A_BOLD, A_REVERSE | A_DIM};
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	assert_non_null(out);
	assert_non_null(in);
	SCREEN *screen = newterm("xterm-256color", out, in);
	assert_non_null(screen);
	WINDOW *a = newwin(1, 40, 0, 0), *b = newwin(1, 40, 0, 0);
	/* A colour pair too, as the views' attributes have (app_attr). */
	assert_int_equal(start_color(), OK);
	assert_int_equal(init_pair(1, COLOR_YELLOW, COLOR_BLUE), OK);
	attrs[1] |= COLOR_PAIR(1);
	for (int locale = 0; locale < 2; locale++) {
		assert_non_null(setlocale(LC_CTYPE, locale ? "C" : "C.UTF-8"));
		for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
			for (int k = 0; k < 8; k++) {
				bool right = k & 1;
				const wchar_t *bg = under[(k >> 1) & 1];
				attr_t attr = attrs[k >> 2];
				werase(a);
				werase(b);
				mvwaddwstr(a, 0, 0, bg);
				mvwaddwstr(b, 0, 0, bg);
				int width;
				wchar_t *fit = ui_fit(texts[i], 12, &width);
				int x = right ? ui_put_right(a, 0, 31, texts[i], 12, attr)
					      : ui_put(a, 0, 3, texts[i], 12, attr);
				assert_int_equal(x, right ? 31 - width : width);
				if (width > 0) { /* nothing to draw: ui_put does not move */
					wattron(b, attr);
					mvwaddwstr(b, 0, right ? 31 - width : 3, fit);
					wattroff(b, attr);
					assert_int_equal(getcurx(a), getcurx(b));
				}
				assert_same_cells(a, b, 40);
				assert_int_equal(ui_text_width(texts[i]) > 12,
						 width < ui_text_width(texts[i]));
				free(fit);
			}
		}
	}
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	delwin(a);
	delwin(b);
	endwin();
	delscreen(screen);
	fclose(out);
	fclose(in);
}

/* The cells a one-line row and wrapped text leave on a screen: a bidirectional control drawn as
   its escape, never raw (where a terminal would reorder the row around it). */
static void test_put_shows_bidi_controls_escaped(void **state)
{
	(void)state;
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	assert_non_null(out);
	assert_non_null(in);
	SCREEN *screen = newterm("vt100", out, in);
	assert_non_null(screen);
	WINDOW *w = newwin(4, 20, 0, 0);
	wchar_t row[21];
	assert_int_equal(ui_put(w, 0, 0, "Cola \u202e5.99", 20, 0), 15);
	assert_int_equal(mvwinnwstr(w, 0, 0, row, 15), 15);
	assert_true(wcscmp(row, L"Cola \\u202e5.99") == 0);
	werase(w);
	assert_int_equal(ui_put_wrapped(w, 0, 0, "Tea \u2067hot\u2069 now", 16, 4, 0), 3);
	assert_int_equal(mvwinnwstr(w, 1, 0, row, 15), 15);
	assert_true(wcscmp(row, L"\\u2067hot\\u2069") == 0);
	delwin(w);
	endwin();
	delscreen(screen);
	fclose(out);
	fclose(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_width_counts_columns_not_bytes),
	    cmocka_unit_test(test_cut_sink_reports_what_was_cut),
	    cmocka_unit_test(test_put_draws_what_fit_measures),
	    cmocka_unit_test(test_put_shows_bidi_controls_escaped),
	    cmocka_unit_test(test_fit_keeps_text_that_fits),
	    cmocka_unit_test(test_fit_truncates_with_ellipsis),
	    cmocka_unit_test(test_fit_replaces_bad_bytes_and_controls),
	    cmocka_unit_test(test_fit_escapes_control_characters),
	    cmocka_unit_test(test_fit_escapes_bidi_controls),
	    cmocka_unit_test(test_list_motion_and_clamp),
	    cmocka_unit_test(test_input_edits_by_character),
	    cmocka_unit_test(test_input_readline_keys),
	    cmocka_unit_test(test_input_scrolls_around_the_cursor),
	    cmocka_unit_test(test_strike_overlays_every_character),
	    cmocka_unit_test(test_fit_words_breaks_between_words),
	    cmocka_unit_test(test_wrap_breaks_rows_at_line_breaks),
	    cmocka_unit_test(test_parts_fit_whole_when_there_is_room),
	    cmocka_unit_test(test_parts_cut_the_name_before_rules_counts_and_prices),
	    cmocka_unit_test(test_parts_lowest_priority_gives_way_first),
	    cmocka_unit_test(test_parts_skip_empty_and_measure_columns),
	    cmocka_unit_test(test_wide_in_a_charset_without_the_characters),
	};
	return cmocka_run_group_tests(tests, setup_locale, NULL);
}

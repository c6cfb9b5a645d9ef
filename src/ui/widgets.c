/* Display-width aware text and the scrolling list (widgets.h). */
#include <iconv.h>
#include <langinfo.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/collections.h"
#include "ui/widgets.h"

/* wc in the locale's charset with iconv's transliteration ("é" -> "e" in ASCII), as
   multibyte text into buf; false when there is none. */
static bool iconv_translit(wchar_t wc, char *buf, size_t n)
{
	char to[64];
	snprintf(to, sizeof to, "%s//TRANSLIT", nl_langinfo(CODESET));
	iconv_t cd = iconv_open(to, "WCHAR_T");
	if (cd == (iconv_t)-1)
		return false;
	char *in = (char *)&wc, *out = buf;
	size_t in_left = sizeof wc, out_left = n - 1;
	size_t r = iconv(cd, &in, &in_left, &out, &out_left);
	iconv_close(cd);
	*out = '\0';
	/* glibc writes '?' for what it cannot transliterate: that is no stand-in. */
	return r != (size_t)-1 && buf[0] && strcmp(buf, "?") != 0;
}

/* One UTF-8 character at p (at most `left` bytes): its length, or 0 when invalid (an
   overlong form, a surrogate, a cut sequence). */
static size_t utf8_char(const unsigned char *p, size_t left, wchar_t *wc)
{
	static const unsigned long min[] = {0, 0, 0x80, 0x800, 0x10000};
	size_t len = p[0] < 0x80		   ? 1
		     : p[0] >= 0xC2 && p[0] < 0xE0 ? 2
		     : p[0] >= 0xE0 && p[0] < 0xF0 ? 3
		     : p[0] >= 0xF0 && p[0] < 0xF5 ? 4
						   : 0;
	if (len == 0 || len > left)
		return 0;
	unsigned long c = len == 1 ? p[0] : p[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3F);
	}
	if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*wc = (wchar_t)c;
	return len;
}

/* Plain-text stand-ins for the characters the interface draws, where the locale's charset
   lacks them (first match wins; iconv's transliteration covers the rest). */
static const struct {
	wchar_t from;
	const char *to;
} ascii_of[] = {
    {L'\u00b7', "-"},  {L'\u203a', ">"},  {L'\u2039', "<"},  {L'\u2026', "..."}, {L'\u2014', "-"},
    {L'\u2013', "-"},  {L'\u2605', "*"},  {L'\u2713', "+"},  {L'\u26a0', "!"},	 {L'\u21b3', ">"},
    {L'\u2191', "^"},  {L'\u2193', "v"},  {L'\u2190', "<"},  {L'\u2192', ">"},	 {L'\u2022', "*"},
    {L'\u00d7', "x"},  {L'\u2500', "-"},  {L'\u2502', "|"},  {L'\u250c', "+"},	 {L'\u2510', "+"},
    {L'\u2514', "+"},  {L'\u2518', "+"},  {L'\u251c', "+"},  {L'\u2524', "+"},	 {L'\u2264', "<="},
    {L'\u2265', ">="}, {L'\u00ab', "<<"}, {L'\u00bb', ">>"}, {L'\u2018', "'"},	 {L'\u2019', "'"},
    {L'\u201c', "\""}, {L'\u201d', "\""}, {L'\u00a0', " "},  {L'\u2212', "-"},
};

/* Appends wc to out[*n], or what stands for it in this locale's charset. */
static void put_local(wchar_t *out, size_t *n, size_t cap, wchar_t wc, bool utf8_locale)
{
	char mb[MB_LEN_MAX];
	if (utf8_locale || wctomb(mb, wc) > 0) {
		out[(*n)++] = wc;
		return;
	}
	if (wc >= 0x2800 && wc <= 0x28FF) { /* braille: the spinner's frames */
		out[(*n)++] = L'*';
		return;
	}
	const char *to = NULL;
	for (size_t i = 0; i < sizeof ascii_of / sizeof ascii_of[0] && !to; i++)
		if (ascii_of[i].from == wc)
			to = ascii_of[i].to;
	char translit[16] = "";
	if (!to && iconv_translit(wc, translit, sizeof translit))
		to = translit;
	if (!to) {
		if (wcwidth(wc) != 0 || wc < 0x300) /* a combining mark is dropped */
			out[(*n)++] = L'?';
		return;
	}
	for (const char *p = to; *p && *n < cap; p++) {
		wchar_t c;
		int r = mbtowc(&c, p, strlen(p));
		out[(*n)++] = r > 0 ? c : L'?';
		if (r > 1)
			p += r - 1;
	}
}

/* The length of the line break at p ("\n", "\r\n" or "\r": exports from other systems carry
   all three), 0 when there is none. */
static size_t line_break_len(const char *p)
{
	return p[0] == '\r' && p[1] == '\n' ? 2 : p[0] == '\n' || p[0] == '\r' ? 1 : 0;
}

/* A character no terminal may receive raw: C0 but the tab and line breaks (a blank, below),
   DEL and C1; the bidirectional controls that reorder a row (str_is_bidi_control: a
   terminal that implements bidi would show a name or a price out of the catalog's order, and
   the control itself has no width), in every locale; under a UTF-8 locale, also what wcwidth
   calls unprintable (U+2028, unassigned code points). The marks LRM, RLM (U+200E, U+200F)
   and ALM (U+061C) are shown as they are: real right-to-left menus (Hebrew, Arabic) use them,
   and they reorder nothing by themselves. */
static bool is_control(wchar_t wc, bool utf8_locale)
{
	if (wc < 0x7f) /* printable ASCII needs no wcwidth, which a redraw calls per cell */
		return wc < 0x20;
	if (wc < 0xa0 || str_is_bidi_control((unsigned long)wc))
		return true;
	return utf8_locale && wcwidth(wc) < 0;
}

/* Appends the escape of wc in ASCII, which every charset has, written as the linter writes
   it (lint_display): "\x1b" for a C0 control or DEL, "\u0085" for a code point beyond them,
   "\U0010ffff" beyond the BMP. */
static void put_escape(wchar_t *out, size_t *n, size_t cap, wchar_t wc)
{
	char esc[16];
	snprintf(esc, sizeof esc,
		 wc < 0x80     ? "\\x%02lx"
		 : wc > 0xFFFF ? "\\U%08lx"
			       : "\\u%04lx",
		 (unsigned long)wc);
	for (const char *e = esc; *e && *n < cap; e++)
		out[(*n)++] = (wchar_t)*e;
}

wchar_t *ui_wide(const char *utf8)
{
	/* The program's text is UTF-8 whatever the locale; an explicit locale of another charset
	   (ISO-8859-1) gets each character in that charset, or a stand-in for it. */
	bool utf8_locale = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	/* At most 4 characters for a byte: an escape of a C0 control, "\x1b" (a stand-in
	   such as "..." is 3 for 3 bytes; iconv's transliteration at most 4 for 2, " 1/4"). */
	size_t len = strlen(utf8), cap = len * 4 + 1, n = 0;
	wchar_t *out = xcalloc(cap + 4, sizeof *out); /* and room for a cut mark */
	const unsigned char *p = (const unsigned char *)utf8, *end = p + len;
	while (p < end && n + 3 < cap) {
		wchar_t wc;
		size_t r = utf8_char(p, (size_t)(end - p), &wc);
		if (r == 0) {
			/* Invalid or truncated sequence: show one '?' per bad byte. */
			wc = L'?';
			r = 1;
		}
		if (wc == L'\t' || wc == L'\n' || wc == L'\r') {
			/* One line: a tab and a line break are a blank. */
			r = wc == L'\r' ? line_break_len((const char *)p) : 1;
			out[n++] = L' ';
		} else if (is_control(wc, utf8_locale)) {
			put_escape(out, &n, cap, wc);
		} else {
			put_local(out, &n, cap, wc, utf8_locale);
		}
		p += r;
	}
	out[n] = 0;
	return out;
}

static int char_width(wchar_t *wc)
{
	if (*wc >= 0x20 && *wc < 0x7f)
		return 1; /* what wcwidth says, in every locale, without the call */
	int w = wcwidth(*wc);
	if (w < 0) {
		*wc = L'?';
		w = 1;
	}
	return w;
}

/* The width of text that ui_wide shows as it is (printable ASCII; under a UTF-8 locale, valid
   UTF-8 with no control character), measured without building it; -1 for any other text. */
static int plain_width(const char *utf8, size_t len)
{
	const unsigned char *p = (const unsigned char *)utf8, *end = p + len;
	int total = 0;
	bool utf8_checked = false;
	while (p < end) {
		if (*p >= 0x20 && *p < 0x7f) {
			total++, p++;
			continue;
		}
		if (!utf8_checked && strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
			return -1;
		utf8_checked = true;
		wchar_t wc;
		size_t r = utf8_char(p, (size_t)(end - p), &wc);
		int w = r && !is_control(wc, true) ? wcwidth(wc) : -1;
		if (w < 0 || total > INT_MAX - w)
			return -1;
		total += w, p += r;
	}
	return total;
}

int ui_text_width(const char *utf8)
{
	/* Every row of every redraw measures its parts: no copy for text shown as it is. */
	int plain = plain_width(utf8, strlen(utf8));
	if (plain >= 0)
		return plain;
	wchar_t *ws = ui_wide(utf8);
	int total = 0;
	for (wchar_t *p = ws; *p; p++)
		total += char_width(p);
	free(ws);
	return total;
}

const wchar_t *ui_ellipsis(int *width)
{
	bool utf8_locale = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	*width = utf8_locale ? 1 : 3;
	return utf8_locale ? L"\u2026" : L"...";
}

wchar_t *ui_fit(const char *utf8, int max_cols, int *width_out)
{
	wchar_t *ws = ui_wide(utf8);
	int total = 0;
	size_t n = 0;
	for (; ws[n]; n++)
		total += char_width(&ws[n]);
	if (max_cols < 0)
		max_cols = 0;
	if (total > max_cols) {
		int used = 0, mark_w;
		size_t keep = 0;
		const wchar_t *mark = ui_ellipsis(&mark_w);
		if (mark_w > max_cols) /* "..." in a column or two: just the text */
			mark = L"", mark_w = 0;
		int room = max_cols > 0 ? max_cols - mark_w : 0; /* columns for the ellipsis */
		while (ws[keep] && used + wcwidth(ws[keep]) <= room)
			used += wcwidth(ws[keep++]);
		/* Zero-width marks belong to the character before them. */
		while (ws[keep] && wcwidth(ws[keep]) == 0)
			keep++;
		if (max_cols > 0) {
			for (const wchar_t *m = mark; *m; m++)
				ws[keep++] = *m;
			used += mark_w;
		}
		ws[keep] = 0;
		total = used;
	}
	if (width_out)
		*width_out = total;
	return ws;
}

/* The render audit's sink (ui_set_cut_sink), or NULL. */
static ui_cut_fn cut_sink;
static void *cut_sink_user;

void ui_set_cut_sink(ui_cut_fn fn, void *user)
{
	cut_sink = fn;
	cut_sink_user = user;
}

static void report_cut(ui_cut cut)
{
	if (cut_sink)
		cut_sink(&cut, cut_sink_user);
}

/* The longest text (bytes) put_fitted draws from the stack: wider than any screen. */
#define PUT_PLAIN_MAX 512

/* True when the cell at (y, x) holds a half of a wide character. */
static bool wide_at(WINDOW *w, int y, int x)
{
	cchar_t c;
	return mvwin_wch(w, y, x, &c) == OK && wcwidth(c.chars[0]) > 1;
}

/* Draws ws (n characters, ui_wide's, `cols` columns that fit the window) at (y, x) with the
   window's attributes, leaving the cursor after it: waddnwstr. Most of what a redraw draws
   goes in as ready cells, which is half the CPU: waddnwstr takes each character through
   wadd_wch, the most of a key in a long menu after the screen's update. The cells
   are the ones wadd_wch makes: a character of one column with the marks after it (a struck
   price's overlays), the window's attributes and colour pair (no view sets a background).
   Left to waddnwstr: wide characters; text that reaches the last column, where waddnwstr
   wraps the cursor; and text that starts or ends on a half of a wide character, which
   wadd_wchnstr would blank where waddnwstr keeps it. A cell's characters are written into
   cchar_t's `chars` (ncursesw's public layout, which configure requires): setcchar for each
   cell cost as much as waddnwstr. */
static void put_wide(WINDOW *w, int y, int x, const wchar_t *ws, size_t n, int cols)
{
	bool cells_ok =
	    x >= 0 && x + cols < getmaxx(w) && !wide_at(w, y, x) && !wide_at(w, y, x + cols);
	cchar_t cell, cells[PUT_PLAIN_MAX];
	size_t k = 0, marks = 0;
	if (cells_ok) {
		attr_t a;
		short pair;
		wattr_get(w, &a, &pair, NULL);
		setcchar(&cell, L" ", a, pair, NULL);
	}
	for (size_t i = 0; cells_ok && i < n; i++) {
		int cw = ws[i] >= 0x20 && ws[i] < 0x7f ? 1 : wcwidth(ws[i]);
		if (cw == 1) {
			cells[k] = cell;
			cells[k++].chars[0] = ws[i];
			marks = 0;
		} else if (cw == 0 && k > 0 && marks < CCHARW_MAX - 1) {
			cells[k - 1].chars[1 + marks++] = ws[i];
		} else {
			cells_ok = false;
		}
	}
	if (!cells_ok) {
		mvwaddnwstr(w, y, x, ws, (int)n);
		return;
	}
	mvwadd_wchnstr(w, y, x, cells, (int)k);
	wmove(w, y, x + (int)k);
}

/* Writes the text cut to max_cols from column `col`, or ending just before it (ends_at_col);
   returns the columns used. */
static int put_fitted(WINDOW *w, int y, int col, bool ends_at_col, const char *utf8, int max_cols,
		      attr_t attr)
{
	/* Text shown as it is that fits, the common case of a redraw: no heap, no cut. */
	size_t len = strlen(utf8), n = 0;
	wchar_t ws[PUT_PLAIN_MAX + 1];
	int plain = -1;
	if (len <= PUT_PLAIN_MAX) {
		/* Its printable ASCII start (often all of it) is measured and widened in one
		   pass: a character a byte and a column (a long menu's every key). */
		for (const unsigned char *p = (const unsigned char *)utf8; *p >= 0x20 && *p < 0x7f;
		     p++)
			ws[n++] = *p;
		int rest = n == len ? 0 : plain_width(utf8 + n, len - n);
		plain = rest >= 0 ? (int)n + rest : -1;
	}
	if (plain >= 0 && plain <= max_cols) {
		for (const unsigned char *p = (const unsigned char *)utf8 + n; *p; n++)
			p += utf8_char(p, len - (size_t)(p - (const unsigned char *)utf8), &ws[n]);
		ws[n] = 0;
		if (plain > 0) {
			wattron(w, attr);
			put_wide(w, y, ends_at_col ? col - plain : col, ws, n, plain);
			wattroff(w, attr);
		}
		return plain;
	}
	int width;
	wchar_t *cut = ui_fit(utf8, max_cols, &width);
	if (cut_sink) {
		int full = ui_text_width(utf8);
		if (full > width)
			report_cut((ui_cut){UI_CUT_CUT, y, ends_at_col ? col - width : col, utf8,
					    NULL, width, full});
	}
	if (width > 0) {
		wattron(w, attr);
		mvwaddwstr(w, y, ends_at_col ? col - width : col, cut);
		wattroff(w, attr);
	}
	free(cut);
	return width;
}

int ui_put(WINDOW *w, int y, int x, const char *utf8, int max_cols, attr_t attr)
{
	return put_fitted(w, y, x, false, utf8, max_cols, attr);
}

int ui_put_right(WINDOW *w, int y, int right, const char *utf8, int max_cols, attr_t attr)
{
	return right - put_fitted(w, y, right, true, utf8, max_cols, attr);
}

char *ui_strike(const char *utf8)
{
	static const char overlay[] = "\u0336";
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
		/* A charset without the overlay (ISO-8859-1): the word says it instead. */
		size_t len = strlen(utf8) + 8;
		char *was = xmalloc(len);
		snprintf(was, len, "was %s", utf8);
		return was;
	}
	size_t n = strlen(utf8);
	char *out = xmalloc(n * (1 + sizeof overlay) + 1), *o = out;
	for (const char *p = utf8; *p;) {
		size_t len = 1;
		while ((p[len] & 0xC0) == 0x80) /* continuation bytes of this character */
			len++;
		memcpy(o, p, len);
		o += len;
		p += len;
		memcpy(o, overlay, sizeof overlay - 1);
		o += sizeof overlay - 1;
	}
	*o = '\0';
	return out;
}

void ui_list_clamp(ui_list *list)
{
	if (list->height < 1)
		list->height = 1;
	if (list->cursor >= list->count)
		list->cursor = list->count - 1;
	if (list->cursor < 0)
		list->cursor = 0;
	if (list->top > list->cursor)
		list->top = list->cursor;
	if (list->cursor >= list->top + list->height)
		list->top = list->cursor - list->height + 1;
	if (list->top > list->count - list->height)
		list->top = list->count - list->height;
	if (list->top < 0)
		list->top = 0;
}

bool ui_list_move(ui_list *list, ui_move move)
{
	int page = list->height > 1 ? list->height - 1 : 1;
	switch (move) {
	case UI_MOVE_DOWN:
		list->cursor++;
		break;
	case UI_MOVE_UP:
		list->cursor--;
		break;
	case UI_MOVE_PAGE_DOWN:
		list->cursor += page;
		list->top += page;
		break;
	case UI_MOVE_PAGE_UP:
		list->cursor -= page;
		list->top -= page;
		break;
	case UI_MOVE_FIRST:
		list->cursor = 0;
		break;
	case UI_MOVE_LAST:
		list->cursor = list->count - 1;
		break;
	default:
		return false;
	}
	ui_list_clamp(list);
	return true;
}

int ui_list_row_at(const ui_list *list, int y)
{
	int i = y - list->screen_y;
	if (list->screen_y <= 0 || i < 0 || i >= list->height || list->top + i >= list->count)
		return -1;
	return list->top + i;
}

/* ---------------------------------------------------------------- the text input */

/* The code point at s (its length in *len, at least 1); an invalid byte is one '?'. */
static wchar_t code_point_at(const char *s, size_t *len)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	wchar_t wc;
	size_t r = mbrtowc(&wc, s, strlen(s), &st);
	if (r == 0 || r == (size_t)-1 || r == (size_t)-2) {
		*len = 1;
		return L'?';
	}
	*len = r;
	return wc;
}

/* Columns of a code point as drawn: combining marks 0, what cannot be shown 1 ('?'). */
static int code_point_width(wchar_t wc)
{
	int w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

/* The start of the character after the one at pos: a code point and its combining marks. */
static size_t next_char(const char *t, size_t pos)
{
	size_t len;
	if (!t[pos])
		return pos;
	code_point_at(t + pos, &len);
	pos += len;
	while (t[pos] && wcwidth(code_point_at(t + pos, &len)) == 0)
		pos += len;
	return pos;
}

static size_t prev_code_point(const char *t, size_t pos)
{
	if (pos == 0)
		return 0;
	pos--;
	while (pos > 0 && ((unsigned char)t[pos] & 0xC0) == 0x80)
		pos--;
	return pos;
}

/* The start of the character before pos (a combining mark belongs to the one before it). */
static size_t prev_char(const char *t, size_t pos)
{
	size_t len;
	pos = prev_code_point(t, pos);
	while (pos > 0 && wcwidth(code_point_at(t + pos, &len)) == 0)
		pos = prev_code_point(t, pos);
	return pos;
}

/* Columns of t[from, to). */
static int span_width(const char *t, size_t from, size_t to)
{
	int w = 0;
	size_t len;
	for (size_t p = from; p < to && t[p]; p += len)
		w += code_point_width(code_point_at(t + p, &len));
	return w;
}

static void delete_span(ui_input *in, size_t from, size_t to)
{
	memmove(in->text + from, in->text + to, strlen(in->text + to) + 1);
	in->cursor = from;
}

void ui_input_set(ui_input *in, const char *utf8)
{
	size_t n = 0, len;
	while (utf8[n]) {
		code_point_at(utf8 + n, &len);
		if (n + len >= sizeof in->text)
			break;
		n += len;
	}
	memcpy(in->text, utf8, n);
	in->text[n] = '\0';
	in->cursor = n;
	in->first = 0;
}

void ui_input_clear(ui_input *in)
{
	ui_input_set(in, "");
}

static ui_input_result insert_key(ui_input *in, ui_key key)
{
	/* A pasted C1 or bidirectional control is kept out: drawn as its escape (ui_wide), it would
	   be wider than the cursor counts it, and it is no text to search for or to send. */
	if ((key >= 0x80 && key < 0xa0) || str_is_bidi_control((unsigned long)key))
		return UI_INPUT_KEPT;
	char mb[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t len = wcrtomb(mb, (wchar_t)key, &st), used = strlen(in->text);
	if (len == (size_t)-1 || used + len >= sizeof in->text)
		return UI_INPUT_KEPT;
	memmove(in->text + in->cursor + len, in->text + in->cursor, used - in->cursor + 1);
	memcpy(in->text + in->cursor, mb, len);
	in->cursor += len;
	return UI_INPUT_CHANGED;
}

/* Ctrl-W: the blanks before the cursor, then the word before them (readline's
   unix-word-rubout). */
static size_t word_start(const char *t, size_t pos)
{
	while (pos > 0 && t[pos - 1] == ' ')
		pos--;
	while (pos > 0 && t[pos - 1] != ' ')
		pos--;
	return pos;
}

ui_input_result ui_input_key(ui_input *in, ui_key key)
{
	char *t = in->text;
	size_t at = in->cursor, end = strlen(t), to = at;
	switch (key) {
	case UI_KEY_BS:
		to = prev_char(t, at);
		break;
	case UI_KEY_FN(KEY_DC):
	case UI_KEY_CTRL('d'):
		if (at == end)
			return UI_INPUT_KEPT;
		delete_span(in, at, next_char(t, at));
		return UI_INPUT_CHANGED;
	case UI_KEY_CTRL('u'):
		to = 0;
		break;
	case UI_KEY_CTRL('w'):
		to = word_start(t, at);
		break;
	case UI_KEY_CTRL('k'):
		if (at == end)
			return UI_INPUT_KEPT;
		t[at] = '\0';
		return UI_INPUT_CHANGED;
	case UI_KEY_FN(KEY_LEFT):
	case UI_KEY_CTRL('b'):
		in->cursor = prev_char(t, at);
		return UI_INPUT_KEPT;
	case UI_KEY_FN(KEY_RIGHT):
	case UI_KEY_CTRL('f'):
		in->cursor = next_char(t, at);
		return UI_INPUT_KEPT;
	case UI_KEY_FN(KEY_HOME):
	case UI_KEY_CTRL('a'):
		in->cursor = 0;
		return UI_INPUT_KEPT;
	case UI_KEY_FN(KEY_END):
	case UI_KEY_CTRL('e'):
		in->cursor = end;
		return UI_INPUT_KEPT;
	default:
		if (key < ' ' || key >= UI_KEY_FN(0) || key == 127)
			return UI_INPUT_NOT_MINE;
		return insert_key(in, key);
	}
	/* Backspace, Ctrl-U, Ctrl-W: delete [to, at). */
	if (to == at)
		return UI_INPUT_KEPT;
	delete_span(in, to, at);
	return UI_INPUT_CHANGED;
}

/* Whether the text from `from` to its end, the cursor's cell at the end included, fits `cols`
   columns with a "…" before it when something is hidden on the left. */
static bool tail_fits(const ui_input *in, size_t from, size_t end, int cols)
{
	return (from > 0) + span_width(in->text, from, end) + (in->cursor == end) <= cols;
}

/* Whether the cursor's cell shows when the field starts at `from`. */
static bool cursor_shows(const ui_input *in, size_t from, size_t end, int cols, int cursor_w)
{
	if (tail_fits(in, from, end, cols))
		return true;
	/* Cut on the right: a "…" takes the last column. */
	return (from > 0) + span_width(in->text, from, in->cursor) + cursor_w <= cols - 1;
}

char *ui_input_visible(ui_input *in, int cols, int *cursor_col, int *cursor_w)
{
	const char *t = in->text;
	size_t end = strlen(t);
	if (in->cursor > end)
		in->cursor = end;
	int cw = in->cursor == end ? 1 : span_width(t, in->cursor, next_char(t, in->cursor));
	if (cw < 1)
		cw = 1;
	if (in->first > in->cursor)
		in->first = in->cursor;
	if (cols < 3) { /* no room for the marks: the cursor's character, then what fits */
		in->first = in->cursor;
	} else {
		while (in->first < in->cursor && !cursor_shows(in, in->first, end, cols, cw))
			in->first = next_char(t, in->first);
		/* Room on the right (text deleted, End): show more of what comes before. */
		while (in->first > 0 && tail_fits(in, prev_char(t, in->first), end, cols))
			in->first = prev_char(t, in->first);
	}
	bool left = cols >= 3 && in->first > 0;
	bool right = cols >= 3 && !tail_fits(in, in->first, end, cols);
	int room = cols - left - right, used = 0;
	size_t stop = in->first;
	while (t[stop]) {
		size_t after = next_char(t, stop);
		int w = span_width(t, stop, after);
		if (used + w > room)
			break;
		used += w;
		stop = after;
	}
	size_t n = stop - in->first;
	char *out = xmalloc(n + 2 * sizeof "…");
	snprintf(out, n + 2 * sizeof "…", "%s%.*s%s", left ? "…" : "", (int)n, t + in->first,
		 right ? "…" : "");
	*cursor_col = left + span_width(t, in->first, in->cursor);
	*cursor_w = cw;
	return out;
}

int ui_input_draw(WINDOW *w, int y, int x, int cols, ui_input *in, attr_t attr, bool active)
{
	if (cols <= 0)
		return 0;
	if (!active)
		return ui_put(w, y, x, in->text, cols, attr);
	int cursor_col, cursor_w;
	char *shown = ui_input_visible(in, cols, &cursor_col, &cursor_w);
	int used = ui_put(w, y, x, shown, cols, attr);
	free(shown);
	if (cursor_col >= cols)
		return used;
	if (cursor_col >= used) { /* at the end of the text: a blank cell */
		mvwaddch(w, y, x + cursor_col, ' ' | attr);
		used = cursor_col + 1;
	}
	attr_t cursor = attr ^ A_REVERSE;
	mvwchgat(w, y, x + cursor_col, cursor_w, cursor & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
	return used;
}

/* Clears the rectangle and frames it (help overlay, questions in a box). */
void ui_box(int y0, int x0, int h, int w)
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

/* Blanks between words: the space and the tab (drawn as a space). */
#define WORD_BLANKS " \t"

/* The bytes of the character at p: a lead byte and its continuation bytes (an invalid
   sequence is one '?' a byte in ui_wide, so the widths of the pieces still add up). */
static size_t char_len(const char *p)
{
	size_t len = 1;
	while (((unsigned char)p[len] & 0xC0) == 0x80)
		len++;
	return len;
}

/* Columns of the character p[0, len) as ui_wide shows it. */
static int char_cols(const char *p, size_t len)
{
	unsigned char c = (unsigned char)*p;
	if (len == 1 && c >= 0x20 && c < 0x7f)
		return 1;
	char *one = xmalloc(len + 1);
	memcpy(one, p, len);
	one[len] = '\0';
	int w = ui_text_width(one);
	free(one);
	return w;
}

static bool is_blank(char c)
{
	return c && strchr(WORD_BLANKS, c);
}

/* One pass over the row, character by character (a description of any length costs a row's
   worth per row): the end of the last whole word that fits, else, when the first word is
   wider than the row, as many of its characters as fit (at least one; a combining mark stays
   with the character before it), so that text without spaces (Chinese, Japanese, a long
   address) wraps rather than is cut. */
const char *ui_fit_words(const char *p, int width)
{
	const char *word_end = p, *fit = p, *q = p;
	int cols = 0;
	while (*q && !line_break_len(q)) {
		size_t len = char_len(q);
		cols += char_cols(q, len);
		if (cols > width)
			return word_end != p ? word_end : fit != p ? fit : q + len;
		bool blank = is_blank(*q);
		q += len;
		fit = q;
		if (!blank && (!*q || line_break_len(q) || is_blank(*q)))
			word_end = q;
	}
	return q;
}

int ui_put_wrapped(WINDOW *w, int y, int x, const char *utf8, int width, int max_rows, attr_t attr)
{
	int rows = 0;
	for (const char *p = utf8; *p && rows < max_rows; rows++) {
		const char *end = rows == max_rows - 1 ? p + strlen(p) : ui_fit_words(p, width);
		if (w) {
			char *row = xmalloc((size_t)(end - p) + 1);
			memcpy(row, p, (size_t)(end - p));
			row[end - p] = '\0';
			ui_put(w, y + rows, x, row, width, attr);
			free(row);
		}
		p = ui_wrap_next(end);
	}
	return rows;
}

const char *ui_wrap_next(const char *end)
{
	end += strspn(end, WORD_BLANKS);
	return end + line_break_len(end);
}

/* ------------------------------------------------------------------ fitting parts */

static bool part_present(const ui_part *p)
{
	return p->text && p->text[0];
}

static int part_min(const ui_part *p, int full)
{
	int min = p->min > 0 ? p->min : UI_PART_MIN_COLS;
	return min < full ? min : full;
}

/* The columns the parts take, with the separators of the shown ones. */
static int parts_width(const ui_part *parts, size_t n)
{
	int total = 0;
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (!parts[i].shown)
			continue;
		if (any && parts[i].sep)
			total += ui_text_width(parts[i].sep);
		total += parts[i].cols;
		any = true;
	}
	return total;
}

/* One step of giving way for part p; false when it has none left. Before anything is dropped
   (`drop` false), parts take their brief words and elastic ones are cut; then they are
   dropped. */
static bool give_way(ui_part *p, bool drop)
{
	if (!p->shown)
		return false;
	if (!drop) {
		if (p->shown == p->text && p->brief && p->brief[0]) {
			p->shown = p->brief;
			p->cols = ui_text_width(p->brief);
			return true;
		}
		int min = part_min(p, ui_text_width(p->shown));
		if (p->elastic && p->cols > min) {
			p->cols = min;
			return true;
		}
		return false;
	}
	p->shown = NULL;
	p->cols = 0;
	return true;
}

/* The lowest-priority part that can still give way (the later one on a tie), or -1. */
static int next_to_give_way(ui_part *parts, size_t n, bool drop)
{
	int pick = -1;
	for (size_t i = 0; i < n; i++) {
		ui_part probe = parts[i];
		if (!give_way(&probe, drop))
			continue;
		if (pick < 0 || parts[i].priority <= parts[pick].priority)
			pick = (int)i;
	}
	return pick;
}

static size_t shown_count(const ui_part *parts, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += parts[i].shown != NULL;
	return k;
}

int ui_fit_parts(ui_part *parts, size_t n, int max_cols)
{
	for (size_t i = 0; i < n; i++) {
		parts[i].shown = part_present(&parts[i]) ? parts[i].text : NULL;
		parts[i].cols = parts[i].shown ? ui_text_width(parts[i].shown) : 0;
	}
	for (int pass = 0; pass < 2; pass++)
		while (parts_width(parts, n) > max_cols) {
			int i = next_to_give_way(parts, n, pass == 1);
			if (i < 0 || (pass == 1 && shown_count(parts, n) == 1))
				break;
			give_way(&parts[i], pass == 1);
		}
	/* The last part standing is cut when even it does not fit. */
	if (shown_count(parts, n) == 1)
		for (size_t i = 0; i < n; i++)
			if (parts[i].shown && parts[i].cols > max_cols)
				parts[i].cols = max_cols > 0 ? max_cols : 0;
	/* Columns left over go back to the parts that were cut, higher priority first. */
	for (;;) {
		int room = max_cols - parts_width(parts, n), pick = -1;
		if (room <= 0)
			break;
		for (size_t i = 0; i < n; i++)
			if (parts[i].shown && parts[i].cols < ui_text_width(parts[i].shown) &&
			    (pick < 0 || parts[i].priority > parts[pick].priority))
				pick = (int)i;
		if (pick < 0)
			break;
		int full = ui_text_width(parts[pick].shown);
		parts[pick].cols = parts[pick].cols + room < full ? parts[pick].cols + room : full;
	}
	return parts_width(parts, n);
}

static void append_text(char **buf, size_t *len, const char *text)
{
	size_t add = strlen(text);
	*buf = xrealloc(*buf, *len + add + 1);
	memcpy(*buf + *len, text, add + 1);
	*len += add;
}

/* The part's words cut to its columns (UTF-8, heap). */
static char *part_text(const ui_part *p)
{
	wchar_t *ws = ui_fit(p->shown, p->cols, NULL);
	size_t cap = wcslen(ws) * MB_LEN_MAX + 1, len = 0;
	char *out = xmalloc(cap);
	mbstate_t st;
	memset(&st, 0, sizeof st);
	for (wchar_t *c = ws; *c; c++) {
		size_t r = wcrtomb(out + len, *c, &st);
		if (r != (size_t)-1)
			len += r;
	}
	out[len] = '\0';
	free(ws);
	return out;
}

char *ui_join_parts(ui_part *parts, size_t n, int max_cols)
{
	ui_fit_parts(parts, n, max_cols);
	char *buf = xstrdup("");
	size_t len = 0;
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (!parts[i].shown)
			continue;
		if (any && parts[i].sep)
			append_text(&buf, &len, parts[i].sep);
		char *t = part_text(&parts[i]);
		append_text(&buf, &len, t);
		free(t);
		any = true;
	}
	return buf;
}

int ui_put_parts(WINDOW *w, int y, int x, ui_part *parts, size_t n, int max_cols, attr_t base)
{
	ui_fit_parts(parts, n, max_cols);
	return ui_put_fitted_parts(w, y, x, parts, n, max_cols, base);
}

int ui_put_fitted_parts(WINDOW *w, int y, int x, const ui_part *parts, size_t n, int max_cols,
			attr_t base)
{
	for (size_t i = 0; cut_sink && i < n; i++) {
		const ui_part *p = &parts[i];
		if (part_present(p) && !p->shown)
			report_cut((ui_cut){UI_CUT_DROPPED, y, x, p->text, NULL, 0,
					    ui_text_width(p->text)});
		else if (p->shown && p->shown != p->text)
			report_cut((ui_cut){UI_CUT_SHORTENED, y, x, p->text, p->shown, p->cols,
					    ui_text_width(p->text)});
	}
	size_t first_right = n;
	for (size_t i = 0; i < n; i++)
		if (parts[i].right) {
			first_right = i;
			break;
		}
	/* The right parts' width, their separators between them included. */
	int right_width = 0;
	bool any = false;
	for (size_t i = first_right; i < n; i++) {
		if (!parts[i].shown)
			continue;
		if (any && parts[i].sep)
			right_width += ui_text_width(parts[i].sep);
		right_width += parts[i].cols;
		any = true;
	}
	int col = x, left_used = 0;
	any = false;
	for (size_t i = 0; i < n; i++) {
		if (i == first_right) {
			left_used = col - x;
			col = x + max_cols - right_width;
			any = false;
		}
		if (!parts[i].shown)
			continue;
		if (any && parts[i].sep)
			col += ui_put(w, y, col, parts[i].sep, x + max_cols - col, base);
		col += ui_put(w, y, col, parts[i].shown, parts[i].cols, base | parts[i].attr);
		any = true;
	}
	return first_right == n ? col - x : left_used;
}

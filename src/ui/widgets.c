/* Display-width aware text and the scrolling list (widgets.h). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "base/collections.h"
#include "ui/widgets.h"

wchar_t *ui_wide(const char *utf8)
{
	size_t len = strlen(utf8);
	wchar_t *out = xcalloc(len + 1, sizeof *out);
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = 0;
	const char *p = utf8;
	while (*p) {
		wchar_t wc;
		size_t r = mbrtowc(&wc, p, (size_t)(utf8 + len - p), &st);
		if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
			/* Invalid or truncated sequence: show one '?' per bad byte. */
			memset(&st, 0, sizeof st);
			wc = L'?';
			r = 1;
		}
		out[n++] = wc;
		p += r;
	}
	out[n] = 0;
	return out;
}

static int char_width(wchar_t *wc)
{
	int w = wcwidth(*wc);
	if (w < 0) {
		*wc = L'?';
		w = 1;
	}
	return w;
}

int ui_text_width(const char *utf8)
{
	wchar_t *ws = ui_wide(utf8);
	int total = 0;
	for (wchar_t *p = ws; *p; p++)
		total += char_width(p);
	free(ws);
	return total;
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
		int used = 0;
		size_t keep = 0;
		int room = max_cols > 0 ? max_cols - 1 : 0; /* one column for the ellipsis */
		while (ws[keep] && used + wcwidth(ws[keep]) <= room)
			used += wcwidth(ws[keep++]);
		/* Zero-width marks belong to the character before them. */
		while (ws[keep] && wcwidth(ws[keep]) == 0)
			keep++;
		if (max_cols > 0) {
			ws[keep++] = L'\u2026';
			used++;
		}
		ws[keep] = 0;
		total = used;
	}
	if (width_out)
		*width_out = total;
	return ws;
}

/* Writes the text cut to max_cols from column `col`, or ending just before it (ends_at_col);
   returns the columns used. */
static int put_fitted(WINDOW *w, int y, int col, bool ends_at_col, const char *utf8, int max_cols,
		      attr_t attr)
{
	int width;
	wchar_t *ws = ui_fit(utf8, max_cols, &width);
	if (width > 0) {
		wattron(w, attr);
		mvwaddwstr(w, y, ends_at_col ? col - width : col, ws);
		wattroff(w, attr);
	}
	free(ws);
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

bool ui_text_contains(const char *haystack, const char *needle)
{
	wchar_t *h = ui_wide(haystack), *n = ui_wide(needle);
	for (wchar_t *p = h; *p; p++)
		*p = (wchar_t)towlower((wint_t)*p);
	for (wchar_t *p = n; *p; p++)
		*p = (wchar_t)towlower((wint_t)*p);
	bool found = wcsstr(h, n) != NULL;
	free(h);
	free(n);
	return found;
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

static void delete_last_char(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && ((unsigned char)s[n - 1] & 0xC0) == 0x80)
		n--;
	if (n > 0)
		n--;
	s[n] = '\0';
}

bool ui_input_key(char *text, size_t size, ui_key key)
{
	if (key == UI_KEY_BS) {
		delete_last_char(text);
		return true;
	}
	if (key < ' ' || key >= UI_KEY_FN(0) || key == 127)
		return false;
	char mb[MB_LEN_MAX + 1];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t len = wcrtomb(mb, (wchar_t)key, &st);
	if (len == (size_t)-1 || strlen(text) + len >= size)
		return true;
	mb[len] = '\0';
	strcat(text, mb);
	return true;
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

/* The end of the longest run of whole words from p that fits `width` columns (at least one
   word: a longer word is cut when drawn). */
const char *ui_fit_words(const char *p, int width)
{
	const char *end = p, *q = p;
	while (*q) {
		const char *word_end = q + strspn(q, " ");
		word_end += strcspn(word_end, " ");
		size_t n = (size_t)(word_end - p);
		char *candidate = xmalloc(n + 1);
		memcpy(candidate, p, n);
		candidate[n] = '\0';
		bool fits = ui_text_width(candidate) <= width;
		free(candidate);
		if (!fits && end != p)
			break;
		end = q = word_end;
		if (!fits)
			break;
	}
	return end;
}

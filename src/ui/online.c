/* Presentation helpers shared by the online views (online.h). */
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/tz.h"
#include "ui/online.h"

typedef struct marked_text {
	wchar_t *chars;
	bool *marked;
	size_t n;
	int width;
} marked_text;

/* Splits the sentinels out; control characters as ui_wide shows them (escaped). */
static marked_text marked_parse(const char *utf8)
{
	wchar_t *ws = ui_wide(utf8);
	size_t len = wcslen(ws);
	marked_text t = {xcalloc(len + 4, sizeof(wchar_t)), xcalloc(len + 4, sizeof(bool)), 0, 0};
	bool in_mark = false;
	for (size_t i = 0; i < len; i++) {
		if (ws[i] == UI_MARK_OPEN || ws[i] == UI_MARK_CLOSE) {
			in_mark = ws[i] == UI_MARK_OPEN;
			continue;
		}
		wchar_t c = ws[i];
		int w = wcwidth(c);
		if (w < 0) {
			c = L'?';
			w = 1;
		}
		t.chars[t.n] = c;
		t.marked[t.n++] = in_mark;
		t.width += w;
	}
	free(ws);
	return t;
}

/* Cuts the text to max_cols with a trailing "…" (not marked) when it does not fit. */
static void marked_fit(marked_text *t, int max_cols)
{
	if (max_cols < 0)
		max_cols = 0;
	if (t->width <= max_cols)
		return;
	int mark_w;
	const wchar_t *mark = ui_ellipsis(&mark_w);
	if (mark_w > max_cols)
		mark = L"", mark_w = 0;
	int used = 0, room = max_cols > 0 ? max_cols - mark_w : 0;
	size_t keep = 0;
	while (keep < t->n && used + wcwidth(t->chars[keep]) <= room)
		used += wcwidth(t->chars[keep++]);
	while (keep < t->n && wcwidth(t->chars[keep]) == 0)
		keep++;
	if (max_cols > 0) {
		for (const wchar_t *m = mark; *m; m++) {
			t->chars[keep] = *m;
			t->marked[keep++] = false;
		}
		used += mark_w;
	}
	t->n = keep;
	t->width = used;
}

int ui_put_marked(WINDOW *w, int y, int x, const char *utf8, int max_cols, attr_t attr, attr_t mark)
{
	marked_text t = marked_parse(utf8);
	marked_fit(&t, max_cols);
	wmove(w, y, x);
	for (size_t i = 0; i < t.n;) {
		size_t j = i;
		while (j < t.n && t.marked[j] == t.marked[i])
			j++;
		attr_t run = t.marked[i] ? (attr | mark) : attr;
		wattron(w, run);
		waddnwstr(w, t.chars + i, (int)(j - i));
		wattroff(w, run);
		i = j;
	}
	int width = t.width;
	free(t.chars);
	free(t.marked);
	return width;
}

attr_t ui_cursor_bar(const app *a, int y, int cols)
{
	attr_t attr = app_attr(a, UI_CURSOR);
	wattron(stdscr, attr);
	mvwhline(stdscr, y, 0, ' ', cols);
	wattroff(stdscr, attr);
	ui_put(stdscr, y, 0, "›", 1, attr); /* visible without colour or reverse video */
	return attr;
}

const char *ui_mode_name(shop_mode mode)
{
	return mode == SHOP_MODE_PICKUP ? _("Pickup") : _("Delivery");
}

const char *ui_fulfillment_name(const char *wire)
{
	switch (fulfillment_kind_of(wire)) {
	case FULFILLMENT_KIND_PICKUP:
		return ui_mode_name(SHOP_MODE_PICKUP);
	case FULFILLMENT_KIND_DELIVERY:
		return ui_mode_name(SHOP_MODE_DELIVERY);
	case FULFILLMENT_KIND_UNKNOWN:
		break;
	}
	return wire;
}

static void append(char *buf, size_t n, const char *text)
{
	size_t used = strlen(buf);
	if (used + 1 < n)
		snprintf(buf + used, n - used, "%s", text);
}

#define SUMMARY_NAMES 3

const char *ui_cart_summary(shop *s, char *buf, size_t n)
{
	const cart *c = shop_cart(s);
	const catalog_set *set = shop_cart_catalog(s);
	buf[0] = '\0';
	for (size_t i = 0; i < c->n_lines && i < SUMMARY_NAMES; i++) {
		char part[256];
		const line_item *l = &c->lines[i];
		const char *name = ui_item_name(set, l->item_id);
		if (l->quantity > 1)
			snprintf(part, sizeof part, "%s%lld × %s", i ? ", " : "", l->quantity,
				 name);
		else
			snprintf(part, sizeof part, "%s%s", i ? ", " : "", name);
		str_trim_partial_utf8(part); /* a long name is cut between characters */
		append(buf, n, part);
	}
	char part[512];
	if (c->n_lines > SUMMARY_NAMES) {
		snprintf(part, sizeof part, _(" and %zu more"), c->n_lines - SUMMARY_NAMES);
		append(buf, n, part);
	}
	const char *store_name = shop_cart_store_name(s);
	snprintf(part, sizeof part, _(" from %s"), store_name ? store_name : _("another store"));
	append(buf, n, part);
	money subtotal;
	char money_buf[MONEY_TEXT_MAX];
	if (shop_cart_estimate(s, &subtotal)) {
		snprintf(part, sizeof part, " (%s)", money_format(subtotal, money_buf));
		append(buf, n, part);
	}
	return buf;
}

static void answer_unsettled(app *a, ui_key key, void *user)
{
	(void)user;
	if (key == 's')
		shop_unsettled_settle(a->shop);
	else if (key == 'f')
		shop_unsettled_forget(a->shop);
	else
		app_status(
		    a, "%s",
		    _("The earlier order is still unsettled: nothing new is placed until you "
		      "decide (P asks again)."));
}

void ui_ask_unsettled(app *a)
{
	shop_unsettled u;
	if (!a->shop || !shop_unsettled_get(a->shop, &u))
		return;
	char total[MONEY_TEXT_MAX] = "", when[32] = "";
	struct tm tm;
	localtime_r(&u.sent_at, &tm);
	strftime(when, sizeof when, "%a %H:%M", &tm);
	if (u.total >= 0)
		money_format(u.total, total);
	app_choose(a, answer_unsettled, NULL, "sf",
		   _("An earlier order was sent but never confirmed\n"
		     "%s%s%lld item(s) · %s · %s, sent %s. Your cart has changed since.\n"
		     "s  settle it: ask the server (if it never arrived, it may be placed now)\n"
		     "f  forget it: it is never sent again (if it did arrive, you have both)\n"
		     "Esc  decide later: nothing new is placed until then"),
		   total, total[0] ? " · " : "", u.items, u.destination, u.card, when);
}

const char *ui_store_modes(const store *st)
{
	if (st->delivery_allowed && st->pickup_allowed)
		return _("Delivery · Pickup");
	if (st->delivery_allowed)
		return _("Delivery only");
	if (st->pickup_allowed)
		return _("Pickup only");
	return _("No delivery or pickup");
}

const char *ui_address_text(const external_address *addr, char *buf, size_t n)
{
	if (!addr) {
		snprintf(buf, n, "%s", _("no address"));
		return buf;
	}
	snprintf(buf, n, "%s%s%s, %s, %s %s", addr->address1 ? addr->address1 : "",
		 addr->address2 ? ", " : "", addr->address2 ? addr->address2 : "",
		 addr->city ? addr->city : "", addr->state ? addr->state : "",
		 addr->postal_code ? addr->postal_code : "");
	return buf;
}

/* "Mon  11:00–22:00" -> "11:00–22:00": what follows the day's name. */
static const char *week_line_hours(const char *line)
{
	const char *p = strchr(line, ' ');
	if (!p)
		return line;
	while (*p == ' ')
		p++;
	return p;
}

const char *ui_hours_compact(const avail_list *hours, char *buf, size_t n)
{
	buf[0] = '\0';
	if (!hours->published) {
		snprintf(buf, n, "%s", _("No hours published"));
		return buf;
	}
	avail_week week;
	avail_week_render(hours, &week);
	for (int i = 0; i < AVAIL_WEEK_DAYS;) {
		const char *text = week_line_hours(week.line[i]);
		int j = i + 1;
		while (j < AVAIL_WEEK_DAYS && strcmp(week_line_hours(week.line[j]), text) == 0)
			j++;
		char part[256];
		if (j - 1 == i)
			snprintf(part, sizeof part, "%s%s %s", buf[0] ? " · " : "",
				 avail_day_abbrev(week.day[i]), text);
		else
			snprintf(part, sizeof part, "%s%s–%s %s", buf[0] ? " · " : "",
				 avail_day_abbrev(week.day[i]), avail_day_abbrev(week.day[j - 1]),
				 text);
		append(buf, n, part);
		i = j;
	}
	avail_week_clear(&week);
	return buf;
}

/* The store's facts in full (rating with its review count, price level, distance) or, brief,
   only the rating and the distance. */
static const char *store_facts(const store *st, bool brief, char *buf, size_t n)
{
	char part[64];
	buf[0] = '\0';
	if (st->has_rating) {
		if (st->has_review_count && !brief)
			snprintf(part, sizeof part, "★ %.1f (%lld)", st->rating, st->review_count);
		else
			snprintf(part, sizeof part, "★ %.1f", st->rating);
		append(buf, n, part);
	}
	if (!brief && st->has_price_level && st->price_level >= 1 && st->price_level <= 4) {
		snprintf(part, sizeof part, "%s%.*s", buf[0] ? " · " : "", (int)st->price_level,
			 "$$$$");
		append(buf, n, part);
	}
	if (st->has_distance_miles) {
		char miles[32];
		snprintf(part, sizeof part, "%s%s", buf[0] ? " · " : "",
			 ui_miles_text(st->distance_miles, miles, sizeof miles));
		append(buf, n, part);
	}
	return buf;
}

const char *ui_store_facts(const store *st, char *buf, size_t n)
{
	return store_facts(st, false, buf, n);
}

const char *ui_store_facts_brief(const store *st, char *buf, size_t n)
{
	return store_facts(st, true, buf, n);
}

/* ------------------------------------------------------------------ documents */

void ui_doc_clear(ui_doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].text);
		free(d->v[i].right);
		free(d->v[i].right_brief);
	}
	d->n = 0;
	d->list.count = 0;
}

void ui_doc_free(ui_doc *d)
{
	ui_doc_clear(d);
	free(d->v);
	d->v = NULL;
	d->cap = 0;
}

void *ui_doc_view_new(app *a, const view_ops *ops, size_t size, void (*build)(view *v),
		      int frame_rows)
{
	ui_doc_view *dv = app_view_new(a, ops, size);
	dv->cols = COLS;
	dv->build = build;
	dv->frame_rows = frame_rows;
	return dv;
}

ui_doc *ui_doc_view_doc(view *v)
{
	return &((ui_doc_view *)v)->doc;
}

void ui_doc_view_destroy(view *v)
{
	ui_doc_free(ui_doc_view_doc(v));
	free(v);
}

void ui_title(const app *a, const char *title, const char *right, int cols)
{
	ui_part parts[] = {
	    {.text = title, .priority = 5, .attr = app_attr(a, UI_TITLE)},
	    {.text = right,
	     .sep = "  ",
	     .priority = 1,
	     .elastic = true,
	     .right = true,
	     .attr = app_attr(a, UI_DIM)},
	};
	ui_put_parts(stdscr, 0, 1, parts, 2, app_title_cols(a, cols) - 2, 0);
}

void ui_doc_view_draw(view *v, const char *title, const char *right, int cols)
{
	ui_title(v->app, title, right, cols);
	ui_doc_draw(v->app, ui_doc_view_doc(v), 2, cols);
}

void ui_doc_view_resize(view *v, int cols, int height)
{
	ui_doc_view *dv = (ui_doc_view *)v;
	if (cols != dv->cols) {
		dv->cols = cols;
		if (dv->build)
			dv->build(v);
	}
	ui_doc_resize(&dv->doc, height);
}

void ui_doc_view_resized(view *v, int rows, int cols)
{
	ui_doc_view_resize(v, cols, rows - ((ui_doc_view *)v)->frame_rows);
}

ui_row *ui_doc_add(ui_doc *d, int indent, attr_t attr, int action, long arg, const char *fmt, ...)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ui_row *r = &d->v[d->n++];
	memset(r, 0, sizeof *r);
	r->text = xstrdup(buf);
	r->attr = attr;
	r->indent = indent;
	r->action = action;
	r->arg = arg;
	d->list.count = (int)d->n;
	return r;
}

void ui_row_set_right(ui_row *r, attr_t attr, const char *text)
{
	free(r->right);
	r->right = xstrdup(text);
	r->right_attr = attr;
}

void ui_row_set_right_brief(ui_row *r, const char *text)
{
	free(r->right_brief);
	r->right_brief = xstrdup(text);
}

void ui_doc_add_wrapped(ui_doc *d, int indent, attr_t attr, int width, const char *text)
{
	if (width < 10)
		width = 10;
	/* The text's own line breaks are kept (widgets.h: one rule for every text drawn). */
	const char *p = text;
	do {
		const char *end = ui_fit_words(p, width);
		ui_doc_add(d, indent, attr, 0, 0, "%.*s", (int)(end - p), p);
		p = ui_wrap_next(end);
	} while (*p);
}

const char *ui_config_path(const app *a, char *buf, size_t n)
{
	const char *path = a->shop ? shop_config_path(a->shop) : NULL;
	const char *home = getenv("HOME");
	size_t len = home ? strlen(home) : 0;
	while (len > 1 && home[len - 1] == '/')
		len--;
	if (!path)
		snprintf(buf, n, "%s", _("your configuration file"));
	else if (len > 1 && strncmp(path, home, len) == 0 && path[len] == '/')
		snprintf(buf, n, "~%s", path + len);
	else
		snprintf(buf, n, "%s", path);
	return buf;
}

void ui_doc_add_failure(ui_doc *d, const app *a, int indent, int width)
{
	const char *notice = a->shop ? shop_notice(a->shop) : NULL;
	if (!notice)
		return;
	ui_doc_add_wrapped(d, indent, app_attr(a, UI_ERROR), width, notice);
	if (shop_notice_support(a->shop))
		ui_doc_add_wrapped(d, indent, app_attr(a, UI_DIM), width,
				   shop_notice_support(a->shop));
}

static int next_selectable(const ui_doc *d, int from, int dir)
{
	for (int i = from; i >= 0 && i < (int)d->n; i += dir)
		if (d->v[i].action)
			return i;
	return -1;
}

static int last_page_top(const ui_doc *d);

static void clamp_top(ui_doc *d)
{
	if (d->list.height < 1)
		d->list.height = 1;
	int max_top = last_page_top(d);
	if (d->list.top > max_top)
		d->list.top = max_top;
	if (d->list.top < 0)
		d->list.top = 0;
}

/*
 * Paging moves whole entries: an entry is a selectable row and the rows under it up to the
 * next one (a store and its details, a cart line and its selections); the rows above the
 * first selectable row are an entry of their own.
 */
static bool starts_entry(const ui_doc *d, int i)
{
	return i <= 0 || d->v[i].action;
}

static int entry_start(const ui_doc *d, int row)
{
	while (row > 0 && !starts_entry(d, row))
		row--;
	return row < 0 ? 0 : row;
}

/* The row after the entry that starts at `start`. */
static int entry_end(const ui_doc *d, int start)
{
	int i = start + 1;
	while (i < (int)d->n && !starts_entry(d, i))
		i++;
	return i;
}

/* The first entry start at or after row; n when there is none. */
static int entry_from(const ui_doc *d, int row)
{
	while (row < (int)d->n && !starts_entry(d, row))
		row++;
	return row;
}

/* The top of the last page: the end of the document shown, a whole entry first (rows are
   cut only when the last entry is taller than the page). */
static int last_page_top(const ui_doc *d)
{
	int min = (int)d->n - d->list.height;
	if (min <= 0)
		return 0;
	int s = entry_from(d, min);
	return s < (int)d->n ? s : min;
}

/* Scrolls the cursor into view when it is not: with its whole entry when that fits the
   page, the top on an entry (no entry cut at the top). */
static void show_cursor(ui_doc *d)
{
	int c = d->list.cursor;
	if (d->list.height < 1)
		d->list.height = 1;
	if (c >= 0 && c < (int)d->n) {
		int h = d->list.height, end = entry_end(d, c);
		if (c < d->list.top) {
			d->list.top = c;
		} else if (c >= d->list.top + h) {
			int t = (end - c <= h ? end : c + 1) - h;
			/* The text above the first choice (a store's facts) may be cut: it is
			   context, and snapping past it would hide all of it. */
			int s = entry_start(d, t) == 0 && !d->v[0].action ? t : entry_from(d, t);
			d->list.top = s <= c ? s : c;
		}
	}
	clamp_top(d);
}

void ui_doc_restore(ui_doc *d, int action, long arg)
{
	int old = d->list.cursor;
	d->list.cursor = -1;
	if (action && ui_doc_focus(d, action, arg))
		return;
	if (old < 0)
		old = 0;
	if (old >= (int)d->n)
		old = (int)d->n - 1;
	d->list.cursor = next_selectable(d, old, 1);
	if (d->list.cursor < 0)
		d->list.cursor = next_selectable(d, old, -1);
	show_cursor(d);
}

const ui_row *ui_doc_current(const ui_doc *d)
{
	int c = d->list.cursor;
	return c >= 0 && c < (int)d->n && d->v[c].action ? &d->v[c] : NULL;
}

bool ui_doc_focus(ui_doc *d, int action, long arg)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].action == action && d->v[i].arg == arg) {
			d->list.cursor = (int)i;
			show_cursor(d);
			return true;
		}
	return false;
}

void ui_doc_resize(ui_doc *d, int height)
{
	d->list.height = height;
	if (d->list.cursor >= 0 && d->list.cursor < height)
		d->list.top = 0; /* a taller screen shows the rows above the cursor again */
	show_cursor(d);
}

static int count_selectable(const ui_doc *d, int from, int to)
{
	int k = 0;
	for (int i = from; i < to && i < (int)d->n; i++)
		k += d->v[i].action != 0;
	return k;
}

/* After a page: the cursor moved as many entries as the page did (not past the first or
   last), then into the page when that left it outside. */
static void follow_page(ui_doc *d, int entries, int dir)
{
	int c = d->list.cursor, top = d->list.top, h = d->list.height;
	if (c < 0) {
		c = next_selectable(d, dir > 0 ? top : top + h - 1, dir);
	} else {
		for (int next; entries > 0 && (next = next_selectable(d, c + dir, dir)) >= 0;
		     entries--)
			c = next;
	}
	if (c >= 0 && c >= top + h) {
		int in = next_selectable(d, top + h - 1, -1);
		c = in >= top ? in : c;
	} else if (c >= 0 && c < top) {
		int in = next_selectable(d, top, 1);
		c = in >= 0 && in < top + h ? in : c;
	}
	d->list.cursor = c;
}

static void page_down(ui_doc *d)
{
	int top = d->list.top, h = d->list.height, n = (int)d->n;
	if (top + h >= n) { /* the end is shown: the last selectable row */
		int last = next_selectable(d, n - 1, -1);
		if (last >= 0)
			d->list.cursor = last;
		show_cursor(d);
		return;
	}
	/* The next page starts with the entry the bottom edge cut, or the one below it. */
	int next = entry_start(d, top + h);
	if (next <= top) /* an entry taller than the page: by rows */
		next = top + (h > 1 ? h - 1 : 1);
	int entries = count_selectable(d, top, next), last = last_page_top(d);
	d->list.top = next < last ? next : last;
	follow_page(d, entries, 1);
}

static void page_up(ui_doc *d)
{
	int top = d->list.top, h = d->list.height;
	if (top == 0) {
		d->list.cursor = next_selectable(d, 0, 1);
		show_cursor(d);
		return;
	}
	/* The whole entries above the top that fit a page. */
	int s = top;
	while (s > 0) {
		int p = entry_start(d, s - 1);
		if (top - p > h)
			break;
		s = p;
	}
	if (s == top) /* the entry above is taller than the page: by rows */
		s = top - (h > 1 ? h - 1 : 1);
	if (s < 0)
		s = 0;
	d->list.top = s;
	follow_page(d, count_selectable(d, s, top), -1);
}

static void step(ui_doc *d, int dir)
{
	int from = d->list.cursor >= 0 ? d->list.cursor + dir : (dir > 0 ? d->list.top : 0);
	int next = next_selectable(d, from, dir);
	/* Text above the first (or below the last) selectable row is reached by scrolling. */
	if (next < 0) {
		d->list.top += dir;
		clamp_top(d);
		return;
	}
	d->list.cursor = next;
	show_cursor(d);
}

bool ui_doc_move(ui_doc *d, ui_move move)
{
	if (d->list.height < 1)
		d->list.height = 1;
	switch (move) {
	case UI_MOVE_DOWN:
		step(d, 1);
		break;
	case UI_MOVE_UP:
		step(d, -1);
		break;
	case UI_MOVE_PAGE_DOWN:
		page_down(d);
		break;
	case UI_MOVE_PAGE_UP:
		page_up(d);
		break;
	case UI_MOVE_FIRST:
		d->list.top = 0;
		d->list.cursor = next_selectable(d, 0, 1);
		show_cursor(d);
		break;
	case UI_MOVE_LAST:
		d->list.top = last_page_top(d);
		d->list.cursor = next_selectable(d, (int)d->n - 1, -1);
		show_cursor(d);
		break;
	default:
		return false;
	}
	return true;
}

int ui_doc_row_at(const ui_doc *d, int y)
{
	int row = ui_list_row_at(&d->list, y);
	if (row < 0 || row >= (int)d->n || !d->v[row].text[0])
		return -1;
	int indent = d->v[row].indent; /* the least indent of the rows passed */
	for (int i = row; i >= 0; i--) {
		const ui_row *r = &d->v[i];
		if (r->action)
			return i == row || r->indent < indent ? i : -1;
		if (!r->text[0]) /* a blank row ends an entry */
			return -1;
		if (r->indent < indent)
			indent = r->indent;
	}
	return -1;
}

void ui_doc_select(ui_doc *d, int row)
{
	if (row < 0 || row >= (int)d->n || !d->v[row].action)
		return;
	d->list.cursor = row;
	show_cursor(d);
}

void ui_doc_draw(const app *a, ui_doc *d, int y, int cols)
{
	d->list.screen_y = y;
	for (int i = 0; i < d->list.height && d->list.top + i < (int)d->n; i++) {
		int idx = d->list.top + i;
		const ui_row *r = &d->v[idx];
		attr_t base =
		    idx == d->list.cursor && r->action ? ui_cursor_bar(a, y + i, cols) : 0;
		int x = 2 + r->indent, room = cols - 1 - x;
		if (r->greyed && a->no_dim) { /* no grey to tell it: a mark does */
			int w = ui_put(stdscr, y + i, x, "× ", room, base);
			x += w;
			room -= w;
		}
		if (r->input) {
			/* A text being typed: its label, then the input; beside it the right text
			   (a hint) only where it leaves the input most of the row. */
			int right = cols - 1;
			if (r->right &&
			    ui_text_width(r->right) + 2 <= (room - ui_text_width(r->text)) / 2)
				right = ui_put_right(stdscr, y + i, right, r->right, cols / 2,
						     base | (base ? 0 : r->right_attr)) -
					2;
			x += ui_put(stdscr, y + i, x, r->text, right - x, base | r->attr);
			ui_input_draw(stdscr, y + i, x, right - x, r->input, base | r->attr, true);
			continue;
		}
		/* The right text (a price, a state, facts) is never cut before the row's own
		   words: those are cut first, then the right text takes its brief words. */
		ui_part parts[] = {
		    {.text = r->text, .priority = 1, .elastic = true},
		    {.text = r->right,
		     .brief = r->right_brief,
		     .sep = "  ",
		     .priority = 2,
		     .elastic = true,
		     .right = true,
		     .attr = base ? 0 : r->right_attr},
		};
		ui_fit_parts(parts, 2, room);
		int left = parts[0].shown ? parts[0].cols : 0;
		if (r->marked) {
			/* Measured with its « » sentinels: it gets the room the right text
			   leaves. */
			int right_cols = parts[1].shown ? parts[1].cols + 2 : 0;
			left = room - right_cols;
		}
		if (parts[1].shown)
			ui_put_right(stdscr, y + i, cols - 1, parts[1].shown, parts[1].cols,
				     base | parts[1].attr);
		if (r->marked)
			ui_put_marked(stdscr, y + i, x, r->text, left, base | r->attr,
				      app_attr(a, UI_MATCH));
		else if (parts[0].shown)
			ui_put(stdscr, y + i, x, r->text, left, base | r->attr);
	}
}

const char *ui_item_name(const catalog_set *set, const char *item_id)
{
	const catalog_item *it = set ? catalog_find_item(set, item_id) : NULL;
	return it ? it->name : item_id;
}

static void summarise(const catalog_set *set, const line_item *line, char **buf, size_t *len,
		      size_t *cap, int depth)
{
	bool first = true;
	for (size_t g = 0; g < line->n_groups; g++)
		for (size_t i = 0; i < line->groups[g].n_items; i++) {
			const line_item *opt = &line->groups[g].items[i];
			char part[320];
			snprintf(part, sizeof part, "%s%s", first ? "" : ", ",
				 ui_item_name(set, opt->item_id));
			str_trim_partial_utf8(part);
			if (opt->quantity > 1) {
				size_t used = strlen(part);
				snprintf(part + used, sizeof part - used, " ×%lld", opt->quantity);
			}
			first = false;
			size_t add = strlen(part) + 3;
			if (*len + add + 1 > *cap) {
				*cap = (*len + add + 1) * 2;
				*buf = xrealloc(*buf, *cap);
			}
			strcpy(*buf + *len, part);
			*len += strlen(part);
			if (opt->n_groups > 0 && depth < 8) {
				strcpy(*buf + *len, " (");
				*len += 2;
				size_t before = *len;
				summarise(set, opt, buf, len, cap, depth + 1);
				if (*len == before) {
					*len -= 2; /* empty nested groups: no parentheses */
					(*buf)[*len] = '\0';
				} else {
					if (*len + 2 > *cap) {
						*cap = *len + 2;
						*buf = xrealloc(*buf, *cap);
					}
					(*buf)[(*len)++] = ')';
					(*buf)[*len] = '\0';
				}
			}
		}
}

char *ui_line_summary(const catalog_set *set, const line_item *line)
{
	size_t len = 0, cap = 64;
	char *buf = xmalloc(cap);
	buf[0] = '\0';
	summarise(set, line, &buf, &len, &cap, 0);
	return buf;
}

/* ------------------------------------------------------------------ a placed order's status */

const char *ui_order_status_text(const char *state, const char *status, const char *reason,
				 bool placed, char *buf, size_t n)
{
	enum order_state st = order_state_of(state);
	if (st == ORDER_STATE_CANCELLED)
		snprintf(buf, n, _("Cancelled%s%s"), reason ? ": " : "", reason ? reason : "");
	else if (st == ORDER_STATE_COMPLETED)
		snprintf(buf, n, "%s", _("Completed"));
	else if (status)
		snprintf(buf, n, "%s", order_status_label(status));
	else if (state || placed)
		snprintf(buf, n, "%s", _("Placed"));
	else
		snprintf(buf, n, "%s", _("not read yet"));
	return buf;
}

const char *ui_order_refresh_note(char *buf, size_t n)
{
	snprintf(buf, n, _("The status is read again every %d s (r: now)."),
		 UI_ORDER_REFRESH_MS / 1000);
	return buf;
}

const char *ui_miles_text(double miles, char *buf, size_t n)
{
	if (miles < 100) {
		snprintf(buf, n, _("%.1f mi"), miles);
	} else { /* whole miles, grouped: tenths of a far store say nothing */
		char whole[32];
		str_thousands((unsigned long long)miles, whole, sizeof whole);
		snprintf(buf, n, _("%s mi"), whole);
	}
	return buf;
}

const char *ui_order_unknown_note(void)
{
	/* The view's lasting note; the status line said it once (shop_history_note_unknown). */
	return _("The server no longer knows this order: the status shown is the last one read "
		 "(r: ask again).");
}

const char *ui_order_when(time_t placed, const char *zone, bool zone_too, char *buf, size_t n)
{
	struct tm tm;
	bool in_zone = zone && tz_local_time(zone, placed, &tm);
	if (!in_zone)
		localtime_r(&placed, &tm);
	char when[64];
	strftime(when, sizeof when, "%a %d %b %Y %H:%M", &tm);
	if (zone_too && in_zone)
		snprintf(buf, n, "%s (%s)", when, zone);
	else
		snprintf(buf, n, "%s", when);
	return buf;
}

struct ui_refresh {
	uv_timer_t timer; /* first: the close callback frees the whole */
	view *v;	  /* NULL once stopped */
	void (*read)(shop *s);
};

static void on_refresh(uv_timer_t *t)
{
	ui_refresh *r = (ui_refresh *)t;
	if (r->v && app_top(r->v->app) == r->v)
		r->read(r->v->app->shop);
}

ui_refresh *ui_refresh_start(view *v, void (*read)(shop *s), uint64_t first_ms)
{
	ui_refresh *r = xcalloc(1, sizeof *r);
	r->v = v;
	r->read = read;
	uv_timer_init(v->app->loop, &r->timer);
	uv_timer_start(&r->timer, on_refresh, first_ms, UI_ORDER_REFRESH_MS);
	return r;
}

static void free_refresh(uv_handle_t *h)
{
	free(h);
}

void ui_refresh_stop(ui_refresh *r)
{
	uv_timer_stop(&r->timer);
	r->v = NULL;
	uv_close((uv_handle_t *)&r->timer, free_refresh);
}

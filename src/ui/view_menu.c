/*
 * The menu view: every catalog of the set (the ones open now first), its
 * sections as an indented tree and their items with prices. `/` filters items
 * by name as you type; Enter opens the picker.
 *
 * The set is the shop's current one: a local shop's file, or the open store's,
 * read again whenever the shop says the store changed (rows point into the set,
 * so they are rebuilt when the shop replaces it). Where the shop cannot check
 * out (offline browsing) the menu is the first view: no cart key, and Esc only
 * clears the filter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/textfold.h"
#include "rules/orderable.h"
#include "rules/pricing.h"
#include "ui/online.h"
#include "ui/views.h"

/* Sections nested deeper than this are not shown (and a cycle cannot loop). */
#define MENU_MAX_DEPTH 8

enum row_kind { ROW_CATALOG, ROW_SECTION, ROW_ITEM };

/* An item row's parts: name, when it can be ordered, the old price, the price (draw_item). */
#define MENU_ITEM_PARTS 4

typedef struct menu_row {
	enum row_kind kind;
	int depth;
	const char *id;
	char *text; /* catalog rows: name and opening state */
	bool open;  /* catalog rows: open when the rows were built (open ones come first) */
	/* Item rows: what the row says, made when it is first drawn and kept, since a long menu
	   is redrawn on every key. Current while texts_gen is the view's hours_gen
	   (a new reading of the hours, every minute: check_hours); the rows themselves are built
	   again when the set or the filter changes. */
	unsigned texts_gen;	  /* 0: not made yet */
	bool now;		  /* orderable now */
	char *price, *was, *when; /* was, when: NULL when there is none */
	/* The fit of the parts (ui_fit_parts) into fit_cols columns, kept with the texts: each
	   part's columns, -1 where it is dropped. */
	int fit_cols;
	int part_cols[MENU_ITEM_PARTS];
} menu_row;

typedef struct menu_view {
	view base;
	const catalog_set *built;   /* the set the rows point into */
	unsigned long built_serial; /* its catalog_set_serial */
	menu_row *rows;
	size_t n_rows, cap_rows;
	ui_list list;
	ui_input filter;
	bool filtering;
	char *filter_folded;	  /* the filter as textfold folds it: case and accents ignored */
	orderable_map *orderable; /* for the clock at `checked_at` */
	time_t checked_at;
	unsigned hours_gen; /* counts the orderable maps made: rows' texts of another are stale */
} menu_view;

enum {
	MENU_NEXT_SECTION = VIEW_ACTION_FIRST,
	MENU_PREV_SECTION,
	MENU_OPEN,
	MENU_FILTER,
	MENU_CLEAR_FILTER,
	MENU_BACK,
	MENU_DETAIL,
};

/* The view's modes (view.mode): a shop that cannot check out only browses, from this first
   view; one that can came here from a store and orders. */
enum {
	MENU_BROWSING = 1u << 0,
	MENU_ORDERING = 1u << 1,
};

static const ui_keybind menu_keys[] = {
    {UI_KEY_TAB, ']', "Tab/]", N_("next section"), MENU_NEXT_SECTION, 0},
    {UI_KEY_FN(KEY_BTAB), '[', "S-Tab/[", N_("previous section"), MENU_PREV_SECTION, 0},
    {UI_KEY_ENTER, 0, "Enter", N_("choose options for the item"), MENU_OPEN, 0},
    {'/', 0, "/", N_("filter items by name (Enter keeps, Esc clears)"), MENU_FILTER, 0},
    {'i', 0, "i", N_("the item's details"), MENU_DETAIL, 0},
    VIEW_KEY_CART(MENU_ORDERING),
    VIEW_KEY_ORDERS(MENU_ORDERING),
    VIEW_KEY_ACCOUNT(MENU_ORDERING),
    {UI_KEY_ESC, UI_KEY_BS, "Esc/BS", N_("clear the filter, or back to the store"), MENU_BACK,
     MENU_ORDERING},
    {UI_KEY_ESC, 0, "Esc", N_("clear the filter"), MENU_CLEAR_FILTER, MENU_BROWSING},
};

static const catalog_set *menu_set(const menu_view *m)
{
	return shop_current_catalog(m->base.app->shop);
}

static menu_row *push_row(menu_view *m, enum row_kind kind, int depth, const char *id)
{
	if (m->n_rows == m->cap_rows) {
		m->cap_rows = m->cap_rows ? m->cap_rows * 2 : 64;
		m->rows = xrealloc(m->rows, m->cap_rows * sizeof *m->rows);
	}
	menu_row *r = &m->rows[m->n_rows++];
	r->kind = kind;
	r->depth = depth;
	r->id = id;
	r->text = NULL;
	r->texts_gen = 0;
	r->price = r->was = r->when = NULL;
	return r;
}

static void free_row_texts(menu_row *r)
{
	free(r->price);
	free(r->was);
	free(r->when);
	r->price = r->was = r->when = NULL;
}

static void truncate_rows(menu_view *m, size_t n)
{
	while (m->n_rows > n) {
		menu_row *r = &m->rows[--m->n_rows];
		free(r->text);
		free_row_texts(r);
	}
}

/* True when section_id is one of the sections enclosing the one being added (a cycle). */
static bool on_path(const char *const *path, int depth, const char *section_id)
{
	for (int i = 0; i < depth; i++)
		if (strcmp(path[i], section_id) == 0)
			return true;
	return false;
}

/* Adds a section and what it contains; returns the number of items added. `path` holds the
 * enclosing sections, so a section cycle (a lint error) is shown once rather than forever. */
static size_t add_section(menu_view *m, const char *section_id, int depth, const char **path)
{
	const catalog_set *set = m->built;
	const catalog_section *s = catalog_find_section(set, section_id);
	if (!s || depth > MENU_MAX_DEPTH || on_path(path, depth - 1, section_id))
		return 0;
	path[depth - 1] = s->section_id;
	size_t mark = m->n_rows, items = 0;
	push_row(m, ROW_SECTION, depth, s->section_id);
	for (size_t i = 0; i < s->item_ids.n; i++) {
		const catalog_item *it = catalog_find_item(set, s->item_ids.v[i]);
		if (!it || (m->filter.text[0] && !textfold_contains(it->name, m->filter_folded)))
			continue;
		push_row(m, ROW_ITEM, depth + 1, it->item_id);
		items++;
	}
	for (size_t i = 0; i < s->section_ids.n; i++)
		items += add_section(m, s->section_ids.v[i], depth + 1, path);
	if (m->filter.text[0] && items == 0)
		truncate_rows(m, mark);
	return items;
}

/* The catalog row's text by the app's clock ("Lunch · Closed · opens at 11:00"), newly
   allocated; *open says whether it is open now. */
static char *catalog_state(const menu_view *m, const catalog *c, bool *open)
{
	const app *a = m->base.app;
	avail_status st =
	    avail_next_change(&c->availability, shop_current_time_zone(a->shop), app_now(a));
	*open = avail_status_is_open(&st);
	/* A closed store with no hours of its own: its menus' hours do not say when it opens. */
	const store *shop_st = shop_current_store(a->shop);
	bool unknown = shop_st && !shop_st->availability.published &&
		       !(shop_st->has_is_accepting_orders && shop_st->is_accepting_orders);
	char buf[128];
	const char *state = unknown ? _("store closed · no hours published")
				    : avail_status_text(&st, buf, sizeof buf);
	size_t n = strlen(c->name) + strlen(state) + 8;
	char *text = xmalloc(n);
	snprintf(text, n, "%s · %s", c->name, state);
	return text;
}

static void add_catalog(menu_view *m, const catalog *c, char *text, bool open)
{
	size_t mark = m->n_rows, items = 0;
	const char *path[MENU_MAX_DEPTH + 1];
	menu_row *r = push_row(m, ROW_CATALOG, 0, c->catalog_id);
	r->text = text;
	r->open = open;
	for (size_t i = 0; i < c->section_ids.n; i++)
		items += add_section(m, c->section_ids.v[i], 1, path);
	if (m->filter.text[0] && items == 0)
		truncate_rows(m, mark);
}

static void first_item(menu_view *m)
{
	m->list.cursor = 0;
	for (size_t i = 0; i < m->n_rows; i++)
		if (m->rows[i].kind == ROW_ITEM) {
			m->list.cursor = (int)i;
			break;
		}
	m->list.top = 0;
	ui_list_clamp(&m->list);
}

/* Which items can be ordered now: computed with the rows, again when the minute changes. */
static void check_hours(menu_view *m)
{
	const app *a = m->base.app;
	time_t now = app_now(a);
	if (m->orderable && now / 60 == m->checked_at / 60)
		return;
	orderable_map_free(m->orderable);
	m->orderable = orderable_map_new(m->built, shop_current_store(a->shop),
					 shop_current_time_zone(a->shop), now);
	m->checked_at = now;
	if (++m->hours_gen == 0) /* wrapped: 0 is a row's "not made yet" */
		m->hours_gen = 1;
}

/* Open catalogs first (by the app's clock), each group in wire order. */
static void build_rows(menu_view *m)
{
	const catalog_set *set = menu_set(m);
	truncate_rows(m, 0);
	free(m->filter_folded);
	m->filter_folded = textfold_dup(m->filter.text);
	/* A filter keeps the set, and what can be ordered in it. */
	if (catalog_set_serial(set) != m->built_serial) {
		orderable_map_free(m->orderable);
		m->orderable = NULL;
	}
	m->built = set;
	m->built_serial = catalog_set_serial(set);
	size_t n = set ? strmap_count(set->catalogs) : 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			const catalog *c = strmap_value_at(set->catalogs, i);
			bool open;
			char *text = catalog_state(m, c, &open);
			if (open == (pass == 0))
				add_catalog(m, c, text, open);
			else
				free(text);
		}
	m->list.count = (int)m->n_rows;
	check_hours(m);
	first_item(m);
}

/* Where a row is, in words that outlive a rebuild: its catalog, and which row of that catalog
   with its kind and id it is (a section or an item may be listed twice, and in two catalogs). */
typedef struct menu_place {
	const char *catalog_id; /* point into the set, which stays */
	enum row_kind kind;
	const char *id;
	int nth;
} menu_place;

static bool same_row(const menu_row *r, enum row_kind kind, const char *id)
{
	return r->kind == kind && strcmp(r->id, id) == 0;
}

static menu_place place_of(const menu_view *m, int row)
{
	menu_place p = {NULL, m->rows[row].kind, m->rows[row].id, 0};
	for (int i = row; i >= 0 && !p.catalog_id; i--) {
		if (m->rows[i].kind == ROW_CATALOG)
			p.catalog_id = m->rows[i].id;
		else if (i < row && same_row(&m->rows[i], p.kind, p.id))
			p.nth++;
	}
	return p;
}

/* The row at `p`, or -1. */
static int row_at(const menu_view *m, const menu_place *p)
{
	int nth = -1;
	for (size_t i = 0; i < m->n_rows; i++) {
		const menu_row *r = &m->rows[i];
		if (r->kind == ROW_CATALOG)
			nth = p->catalog_id && strcmp(r->id, p->catalog_id) == 0 ? 0 : -1;
		if (nth >= 0 && same_row(r, p->kind, p->id) && nth++ == p->nth)
			return (int)i;
	}
	return -1;
}

/* The rows built again, the cursor kept on the row it was on, at the same height on the
   screen. */
static void rebuild_keeping_cursor(menu_view *m)
{
	bool had_rows = m->n_rows > 0;
	menu_place at = had_rows ? place_of(m, m->list.cursor) : (menu_place){0};
	int offset = m->list.cursor - m->list.top;
	build_rows(m);
	int row = had_rows ? row_at(m, &at) : -1;
	if (row >= 0) {
		m->list.cursor = row;
		m->list.top = row - offset;
		ui_list_clamp(&m->list);
	}
}

/* A new minute: the catalogs' rows say what is open by the new clock. One that opened or
   closed moves (open ones first), and the cursor stays on its row: a menu left on screen
   at 10:59 must not go on saying "Lunch · Closed · opens at 11:00". */
static void follow_clock(menu_view *m)
{
	unsigned gen = m->hours_gen;
	check_hours(m);
	if (gen == m->hours_gen || gen == 0)
		return;
	for (size_t i = 0; i < m->n_rows; i++) {
		menu_row *r = &m->rows[i];
		if (r->kind != ROW_CATALOG)
			continue;
		bool open;
		char *text = catalog_state(m, catalog_find_catalog(m->built, r->id), &open);
		if (open != r->open) {
			free(text);
			rebuild_keeping_cursor(m);
			return;
		}
		free(r->text);
		r->text = text;
	}
}

static int header_rows(const menu_view *m)
{
	bool banner = shop_catalog_lint_errors(m->base.app->shop) > 0;
	return 1 + (banner ? 1 : 0) + ((m->filtering || m->filter.text[0]) ? 1 : 0);
}

/* The item row's texts, made again only when the hours were read again (check_hours). */
static void row_texts(const menu_view *m, menu_row *r, const catalog_item *it)
{
	if (r->texts_gen == m->hours_gen)
		return;
	free_row_texts(r);
	char price[64], money_buf[MONEY_TEXT_MAX], when[128];
	/* Not orderable now: when it is ("opens 11:00", "opens Mon 08:00"). */
	orderable o = orderable_map_get(m->orderable, it->item_id);
	r->now = orderable_is_now(&o);
	if (!r->now)
		r->when = xstrdup(orderable_text(&o, when, sizeof when));
	pricing_shown shown = pricing_item_shown(m->built, it);
	money was = pricing_shown_was(it, shown);
	if (was)
		r->was = ui_strike(money_format(was, money_buf));
	r->price = xstrdup(pricing_shown_text(shown, price, sizeof price));
	r->texts_gen = m->hours_gen;
	r->fit_cols = -1;
}

static void draw_item(menu_view *m, menu_row *r, int y, int x, int cols, attr_t base, bool cursor)
{
	const app *a = m->base.app;
	const catalog_item *it = catalog_find_item(m->built, r->id);
	row_texts(m, r, it);
	/* Not orderable now: dimmed, with when it is. */
	attr_t dim = r->now ? 0 : app_attr(a, UI_DIM);
	/* The price stays whole; the name is cut first, then when it can be ordered (the
	   catalog's header says it too) and the old price give way. */
	ui_part parts[MENU_ITEM_PARTS] = {
	    {.text = it->name, .priority = 3, .elastic = true, .attr = dim},
	    {.text = r->when,
	     .sep = "  ",
	     .priority = 1,
	     .elastic = true,
	     .right = true,
	     .attr = dim},
	    {.text = r->was, .sep = "  ", .priority = 2, .attr = base ? 0 : app_attr(a, UI_DIM)},
	    {.text = r->price,
	     .sep = r->was ? " " : "  ",
	     .priority = 5,
	     .attr = dim | (cursor || !r->now ? 0 : app_attr(a, UI_PRICE))},
	};
	int max_cols = cols - 1 - x;
	if (r->fit_cols != max_cols) {
		ui_fit_parts(parts, MENU_ITEM_PARTS, max_cols);
		for (int i = 0; i < MENU_ITEM_PARTS; i++)
			r->part_cols[i] = parts[i].shown ? parts[i].cols : -1;
		r->fit_cols = max_cols;
	} else {
		/* The parts have no brief words: each shows its text, or nothing. */
		for (int i = 0; i < MENU_ITEM_PARTS; i++) {
			parts[i].shown = r->part_cols[i] >= 0 ? parts[i].text : NULL;
			parts[i].cols = r->part_cols[i] >= 0 ? r->part_cols[i] : 0;
		}
	}
	ui_put_fitted_parts(stdscr, y, x, parts, MENU_ITEM_PARTS, max_cols, base);
}

static void draw_row(menu_view *m, menu_row *r, int y, int cols, bool cursor)
{
	const app *a = m->base.app;
	attr_t base = cursor ? ui_cursor_bar(a, y, cols) : 0;
	int x = 1 + 2 * r->depth;
	if (r->kind == ROW_CATALOG) {
		ui_put(stdscr, y, x, r->text, cols - x - 1, base | app_attr(a, UI_TITLE));
		return;
	}
	if (r->kind == ROW_SECTION) {
		const catalog_section *s = catalog_find_section(m->built, r->id);
		ui_put(stdscr, y, x, s->name, cols - x - 1, base | app_attr(a, UI_HEADER));
		return;
	}
	draw_item(m, r, y, x, cols, base, cursor);
}

static void menu_resize(view *v, int rows, int cols);

/* Online, the shop may have replaced the set the rows point into. */
static void sync_set(menu_view *m)
{
	if (catalog_set_serial(menu_set(m)) != m->built_serial) {
		build_rows(m);
		menu_resize(&m->base, LINES - 1, COLS);
	}
}

static void draw_title(menu_view *m, int cols)
{
	const app *a = m->base.app;
	char buf[512];
	const char *file = shop_catalog_file(a->shop);
	if (file) { /* a local catalog: the first view, titled like the program */
		const char *base = strrchr(file, '/');
		snprintf(buf, sizeof buf, _("gett-tui · offline catalog · %s"),
			 base ? base + 1 : file);
		ui_put(stdscr, 0, 0, buf, app_title_cols(a, cols), app_attr(a, UI_TITLE));
		return;
	}
	const store *st = shop_current_store(a->shop);
	snprintf(buf, sizeof buf, _("%s · Menu"), st ? st->name : _("Store"));
	/* Indented like the other store views' titles. */
	ui_title(a, buf, NULL, cols);
}

static void menu_draw(view *v, int rows, int cols)
{
	menu_view *m = (menu_view *)v;
	const app *a = v->app;
	char buf[512];
	int y = 1;
	sync_set(m);
	follow_clock(m);
	draw_title(m, cols);
	size_t lint_errors = shop_catalog_lint_errors(a->shop);
	if (lint_errors) {
		snprintf(buf, sizeof buf,
			 ngettext("%zu error in this catalog: run gett-tui lint %s",
				  "%zu errors in this catalog: run gett-tui lint %s", lint_errors),
			 lint_errors, shop_catalog_file(a->shop));
		attr_t attr = app_attr(a, UI_BANNER);
		wattron(stdscr, attr);
		mvwhline(stdscr, y, 0, ' ', cols);
		wattroff(stdscr, attr);
		ui_put(stdscr, y++, 1, buf, cols - 2, attr);
	}
	if (m->filtering || m->filter.text[0]) {
		int x = 1 + ui_put(stdscr, y, 1, _("Filter: "), cols - 2, A_BOLD);
		ui_input_draw(stdscr, y++, x, cols - 1 - x, &m->filter, A_BOLD, m->filtering);
	}
	if (m->n_rows == 0)
		ui_put(stdscr, y + 1, 3,
		       !m->built	   ? _("Loading the menu…")
		       : m->filter.text[0] ? _("No item matches the filter.")
					   : _("This catalog set has no catalogs."),
		       cols - 4, A_DIM);
	m->list.screen_y = y; /* where a click lands */
	for (int i = 0; i < m->list.height && m->list.top + i < (int)m->n_rows; i++) {
		int idx = m->list.top + i;
		draw_row(m, &m->rows[idx], y + i, cols, idx == m->list.cursor);
	}
	/* The description of the item under the cursor, just above the status line. */
	if (m->n_rows && m->rows[m->list.cursor].kind == ROW_ITEM) {
		const catalog_item *it = catalog_find_item(m->built, m->rows[m->list.cursor].id);
		if (it->description)
			ui_put(stdscr, rows - 1, 1, it->description, cols - 2, app_attr(a, UI_DIM));
	}
}

static void menu_resize(view *v, int rows, int cols)
{
	menu_view *m = (menu_view *)v;
	m->list.height = rows - header_rows(m) - 1;
	if (m->list.cursor < m->list.height)
		m->list.top = 0; /* a taller screen shows the rows above the cursor again */
	ui_list_clamp(&m->list);
}

static void jump_section(menu_view *m, int dir)
{
	for (int i = m->list.cursor + dir; i >= 0 && i < (int)m->n_rows; i += dir)
		if (m->rows[i].kind != ROW_ITEM) {
			m->list.cursor = i;
			/* Show the section at the top, with its items below it. */
			m->list.top = i;
			ui_list_clamp(&m->list);
			return;
		}
}

static void refilter(menu_view *m)
{
	build_rows(m);
	menu_resize(&m->base, LINES - 1, COLS);
}

static void filter_key(menu_view *m, ui_key key)
{
	if (key == UI_KEY_ENTER) {
		m->filtering = false;
	} else if (key == UI_KEY_ESC) {
		m->filtering = false;
		ui_input_clear(&m->filter);
	} else if (key == UI_KEY_FN(KEY_DOWN) || key == UI_KEY_FN(KEY_UP)) {
		ui_list_move(&m->list, app_move_of_key(key));
		return;
	} else if (ui_input_key(&m->filter, key) != UI_INPUT_CHANGED) {
		return; /* not an editing key, or the cursor moved */
	}
	refilter(m);
}

static void menu_key(view *v, int action, ui_key key)
{
	menu_view *m = (menu_view *)v;
	sync_set(m);
	if (m->filtering) {
		filter_key(m, key);
		return;
	}
	switch (action) {
	case MENU_NEXT_SECTION:
		jump_section(m, 1);
		break;
	case MENU_PREV_SECTION:
		jump_section(m, -1);
		break;
	case MENU_FILTER:
		m->filtering = true;
		menu_resize(v, LINES - 1, COLS);
		break;
	case MENU_CLEAR_FILTER:
		if (m->filter.text[0]) {
			ui_input_clear(&m->filter);
			refilter(m);
		}
		break;
	case MENU_BACK:
		if (m->filter.text[0]) {
			ui_input_clear(&m->filter);
			refilter(m);
		} else {
			app_pop(v->app); /* frees m */
		}
		break;
	case MENU_DETAIL:
		if (m->n_rows && m->rows[m->list.cursor].kind == ROW_ITEM)
			app_push(v->app, view_item_new(v->app, m->rows[m->list.cursor].id, false));
		break;
	case MENU_OPEN:
		if (m->n_rows && m->rows[m->list.cursor].kind == ROW_ITEM) {
			view *p = view_picker_new(v->app, m->rows[m->list.cursor].id);
			if (p)
				app_push(v->app, p);
		}
		break;
	default:
		break;
	}
}

/* The rows of the catalog set on screen now (it may have changed since the last key). */
static ui_list *menu_list(view *v)
{
	menu_view *m = (menu_view *)v;
	sync_set(m);
	return &m->list;
}

static bool menu_capturing(const view *v)
{
	return ((const menu_view *)v)->filtering;
}

static void menu_changed(view *v, unsigned changes)
{
	menu_view *m = (menu_view *)v;
	if (changes & SHOP_CHANGED_STORE) {
		orderable_map_free(m->orderable); /* the store's open state may have changed */
		m->orderable = NULL;
		sync_set(m);
	}
}

static void menu_destroy(view *v)
{
	menu_view *m = (menu_view *)v;
	truncate_rows(m, 0);
	free(m->rows);
	free(m->filter_folded);
	orderable_map_free(m->orderable);
	free(m);
}

static const view_ops menu_ops = {
    .name = N_("Menu"),
    .draw = menu_draw,
    .key = menu_key,
    .resize = menu_resize,
    .destroy = menu_destroy,
    .capturing = menu_capturing,
    .changed = menu_changed,
    VIEW_KEYS(menu_keys),
    .list = menu_list,
};

/* The cursor on the catalog's first item, with the catalog's row at the top. */
static void focus_catalog(menu_view *m, const char *catalog_id)
{
	for (size_t i = 0; i < m->n_rows; i++) {
		if (m->rows[i].kind != ROW_CATALOG || strcmp(m->rows[i].id, catalog_id) != 0)
			continue;
		m->list.cursor = (int)i;
		for (size_t j = i + 1; j < m->n_rows && m->rows[j].kind != ROW_CATALOG; j++)
			if (m->rows[j].kind == ROW_ITEM) {
				m->list.cursor = (int)j;
				break;
			}
		m->list.top = (int)i;
		return;
	}
}

bool view_menu_row(view *v, int row, view_menu_row_kind *kind, const char **id, int *depth)
{
	menu_view *m = (menu_view *)v;
	sync_set(m);
	if (row < 0 || (size_t)row >= m->n_rows)
		return false;
	const menu_row *r = &m->rows[row];
	*kind = r->kind == ROW_CATALOG	 ? VIEW_MENU_CATALOG
		: r->kind == ROW_SECTION ? VIEW_MENU_SECTION
					 : VIEW_MENU_ITEM;
	*id = r->id;
	*depth = r->depth;
	return true;
}

view *view_menu_new(app *a, const char *catalog_id)
{
	menu_view *m = app_view_new(a, &menu_ops, sizeof *m);
	m->base.mode = shop_can_check_out(a->shop) ? MENU_ORDERING : MENU_BROWSING;
	build_rows(m);
	if (catalog_id)
		focus_catalog(m, catalog_id);
	return &m->base;
}

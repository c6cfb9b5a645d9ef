/* The render audit's walk (audit_walk.h). */
#include "ui/audit_walk.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/jsonx.h"
#include "rules/modifier_rules.h"
#include "rules/orderable.h"
#include "rules/pricing.h"
#include "ui/online.h"
#include "ui/script.h"
#include "ui/views.h"

/* Nested option states explored per item (each a picker with one more option chosen, and
   each drawing at least one group not drawn at its depth before). */
#define AUDIT_MAX_NESTED 256
/* Sections nested deeper than this are not walked (the menu shows no deeper ones). */
#define AUDIT_MAX_DEPTH 16
#define AUDIT_PATH_MAX	4096

/* One cut the fit functions reported while a screen was drawn (widgets.h ui_cut), copied. */
typedef struct audit_cut {
	ui_cut_kind kind;
	int y;
	char *text, *shown;
	int cols, width;
} audit_cut;

typedef struct walker {
	app *a;
	const catalog_set *set;
	const audit_walk_options *o;
	lint_audit_report *report;
	char size[32];
	char screen[AUDIT_PATH_MAX + 40]; /* the screen drawn last: "80x24/catalog-c/…/menu" */
	audit_cut *cuts;
	size_t n_cuts, cap_cuts;
	bool failed;
	char *why;
	size_t why_len;
} walker;

static void clear_cuts(walker *w)
{
	for (size_t i = 0; i < w->n_cuts; i++) {
		free(w->cuts[i].text);
		free(w->cuts[i].shown);
	}
	w->n_cuts = 0;
}

static void on_cut(const ui_cut *cut, void *user)
{
	walker *w = user;
	if (w->n_cuts == w->cap_cuts) {
		w->cap_cuts = w->cap_cuts ? w->cap_cuts * 2 : 32;
		w->cuts = xrealloc(w->cuts, w->cap_cuts * sizeof *w->cuts);
	}
	w->cuts[w->n_cuts++] = (audit_cut){
	    cut->kind, cut->y,	  xstrdup(cut->text), cut->shown ? xstrdup(cut->shown) : NULL,
	    cut->cols, cut->width};
}

/* ------------------------------------------------------------------ screen names */

/* The most of an id a file name keeps: with its prefix and hash, well under the 255 bytes a
   file name may have. */
#define AUDIT_SEGMENT_ID_MAX 80

/* "item-" and the id as a safe file name: letters, digits, '.', '_' and '-' kept, anything
   else '_', at most AUDIT_SEGMENT_ID_MAX of them, and then, when anything was changed or cut,
   a hash of the whole id, so that two ids never share a name. */
static void segment(char *buf, size_t n, const char *prefix, const char *id)
{
	size_t len = (size_t)snprintf(buf, n, "%s-", prefix), kept = 0;
	bool changed = false;
	uint32_t hash = 2166136261u; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		hash = (hash ^ *p) * 16777619u;
		if (kept == AUDIT_SEGMENT_ID_MAX || len + 10 >= n) { /* room for "~%08x" */
			changed = true;
			continue;
		}
		bool safe = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-';
		buf[len++] = safe ? (char)*p : '_';
		kept++;
		changed |= !safe;
	}
	buf[len] = '\0';
	if (changed || !*id)
		snprintf(buf + len, n - len, "~%08x", (unsigned)hash);
}

/* Draws the app and writes the screen as `path`.txt under the size's folder; the cuts drawing
   reported are in w->cuts until the next screen. */
static void draw_screen(walker *w, const char *path)
{
	clear_cuts(w);
	ui_set_cut_sink(on_cut, w);
	app_draw(w->a);
	ui_set_cut_sink(NULL, NULL);
	w->report->n_screens++;
	snprintf(w->screen, sizeof w->screen, "%s/%s", w->size, path);
	if (!w->o->out_dir || w->failed)
		return;
	char file[AUDIT_PATH_MAX];
	snprintf(file, sizeof file, "%s/%s/%s.txt", w->o->out_dir, w->size, path);
	char *slash = strrchr(file, '/');
	*slash = '\0';
	bool ok = file_mkdir_p(file, 0777);
	*slash = '/';
	if (!ok || !script_screen_dump(file, false)) {
		snprintf(w->why, w->why_len, _("cannot write %s: %s"), file, strerror(errno));
		w->failed = true;
	}
}

static void press(walker *w, ui_key key)
{
	app_handle_key(w->a, key);
}

/* ------------------------------------------------------------------ findings */

/* What became of the text, for a finding: "shows as "Quattro…" (8 of 22 columns)". */
static const char *cut_words(const audit_cut *c, char *buf, size_t n)
{
	if (c->kind == UI_CUT_DROPPED) {
		snprintf(buf, n, _("\"%s\" is not shown (%d columns did not fit)"), c->text,
			 c->width);
	} else if (c->kind == UI_CUT_SHORTENED) {
		snprintf(buf, n, _("\"%s\" shows as \"%s\""), c->text, c->shown);
	} else {
		wchar_t *ws = ui_fit(c->text, c->cols, NULL);
		char shown[512];
		if (wcstombs(shown, ws, sizeof shown) == (size_t)-1)
			shown[0] = '\0';
		shown[sizeof shown - 1] = '\0';
		free(ws);
		snprintf(buf, n, _("\"%s\" shows as \"%s\" (%d of %d columns)"), c->text, shown,
			 c->cols, c->width);
	}
	return buf;
}

static void cut_finding(walker *w, const audit_cut *c, const char *kind, const char *map,
			const char *id, const char *field)
{
	char path[1024], entry[1024], words[1400];
	jsonx_path_key(entry, sizeof entry, map, id);
	if (field)
		jsonx_path_key(path, sizeof path, entry, field);
	else
		snprintf(path, sizeof path, "%s", entry);
	lint_audit_add(w->report, kind, w->size, w->screen, path, "%s",
		       cut_words(c, words, sizeof words));
}

static bool same_text(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The list row a screen row shows, or -1. */
static int list_row(const ui_list *l, int y)
{
	if (y < l->screen_y || y >= l->screen_y + l->height)
		return -1;
	int row = l->top + (y - l->screen_y);
	return row < l->count ? row : -1;
}

/* A menu screen: names and prices of the rows, as drawn. */
static void menu_cuts(walker *w, view *v)
{
	const ui_list *l = v->ops->list(v);
	for (size_t i = 0; i < w->n_cuts; i++) {
		const audit_cut *c = &w->cuts[i];
		view_menu_row_kind kind;
		const char *id;
		int depth;
		if (!view_menu_row(v, list_row(l, c->y), &kind, &id, &depth))
			continue;
		if (kind == VIEW_MENU_ITEM) {
			const catalog_item *it = catalog_find_item(w->set, id);
			char price[64];
			if (same_text(c->text, it->name))
				cut_finding(w, c, "item-name-cut", "$.items", id, "name");
			else if (same_text(c->text,
					   pricing_shown_text(pricing_item_shown(w->set, it), price,
							      sizeof price)))
				cut_finding(w, c, "item-price-cut", "$.items", id, "basePrice");
		} else if (kind == VIEW_MENU_SECTION) {
			const catalog_section *s = catalog_find_section(w->set, id);
			if (same_text(c->text, s->name))
				cut_finding(w, c, "section-name-cut", "$.sections", id, "name");
		} else {
			/* The row is "Name · state": the name is cut when the cut reaches it. */
			const catalog *cat = catalog_find_catalog(w->set, id);
			size_t len = strlen(cat->name);
			if (strncmp(c->text, cat->name, len) == 0 &&
			    c->cols <= ui_text_width(cat->name))
				cut_finding(w, c, "catalog-name-cut", "$.catalogs", id, "name");
		}
	}
}

/* The last id of a picker row key and, for an option, its group's. */
static bool split_key(const char *key, char *group, char *option, size_t n)
{
	int parts = 1;
	for (const char *p = key; *p; p++)
		parts += *p == '/';
	const char *last = strrchr(key, '/');
	const char *tail = last ? last + 1 : key;
	if (parts % 2 == 1) { /* a group row */
		snprintf(group, n, "%s", tail);
		option[0] = '\0';
		return true;
	}
	const char *before = key;
	for (const char *p = key; p < last; p++)
		if (*p == '/')
			before = p + 1;
	snprintf(group, n, "%.*s", (int)(last - before), before);
	snprintf(option, n, "%s", tail);
	return false;
}

static void picker_row_cut(walker *w, const audit_cut *c, const char *key)
{
	char gid[512], oid[512];
	bool is_group = split_key(key, gid, oid, sizeof gid);
	const modifier_group *g = catalog_find_group(w->set, gid);
	if (!g)
		return;
	if (!is_group) {
		const catalog_item *opt = catalog_find_item(w->set, oid);
		if (opt && same_text(c->text, opt->name))
			cut_finding(w, c, "option-name-cut", "$.items", oid, "name");
		else if (opt)
			cut_finding(w, c, "option-price-cut", "$.items", oid, "basePrice");
		return;
	}
	char rule[MODIFIER_TEXT_MAX];
	modifier_group_rule_text(g, rule, sizeof rule);
	if (same_text(c->text, modifier_group_label(g)))
		cut_finding(w, c, "group-name-cut", "$.modifierGroups", gid, "name");
	else if (!(c->kind == UI_CUT_SHORTENED && same_text(c->text, rule)))
		/* The rule's brief ("up to 3" for "Choose up to 3") keeps its meaning; anything
		   else lost from the rule, the count or the tiers is a finding. */
		cut_finding(w, c, "group-rule-cut", "$.modifierGroups", gid, NULL);
}

/* A picker screen: the title's name and price, the groups' and options' rows. */
static void picker_cuts(walker *w, view *v, const catalog_item *it)
{
	const ui_list *l = v->ops->list(v);
	char price[64];
	pricing_item_price_text(w->set, it, price, sizeof price);
	for (size_t i = 0; i < w->n_cuts; i++) {
		const audit_cut *c = &w->cuts[i];
		if (c->y == 0) {
			if (same_text(c->text, it->name))
				cut_finding(w, c, "item-name-cut", "$.items", it->item_id, "name");
			else if (same_text(c->text, price))
				cut_finding(w, c, "item-price-cut", "$.items", it->item_id,
					    "basePrice");
			continue;
		}
		const char *key = view_picker_row_key(v, list_row(l, c->y));
		if (key)
			picker_row_cut(w, c, key);
	}
}

/* ------------------------------------------------------------------ the picker */

/* The picker's rows, every one drawn: the first page, then a screen each time moving down
   scrolls ("picker-2", "picker-3"…); then whether its end can be reached at all. */
static void walk_picker_pages(walker *w, view *v, const catalog_item *it, const char *base)
{
	ui_list *l = v->ops->list(v);
	char screen[AUDIT_PATH_MAX];
	press(w, UI_KEY_FN(KEY_HOME));
	snprintf(screen, sizeof screen, "%s/picker", base);
	draw_screen(w, screen);
	picker_cuts(w, v, it);
	int page = 1, top = l->top;
	for (int i = 1; i < l->count; i++) {
		press(w, UI_KEY_FN(KEY_DOWN));
		if (l->top == top)
			continue;
		top = l->top;
		snprintf(screen, sizeof screen, "%s/picker-%d", base, ++page);
		draw_screen(w, screen);
		picker_cuts(w, v, it);
	}
	press(w, UI_KEY_FN(KEY_END));
	if (l->count > 0 && (l->height < 1 || l->top + l->height < l->count)) {
		char entry[1024];
		jsonx_path_key(entry, sizeof entry, "$.items", it->item_id);
		snprintf(screen, sizeof screen, "%s/picker", base);
		lint_audit_add(
		    w->report, "picker-no-scroll", w->size, w->screen, entry,
		    _("%s: %d rows of options, and the last that can be shown is row %d"), it->name,
		    l->count, l->height > 0 ? l->top + l->height : 0);
	}
}

/* A picker for the item with the options `chosen` (row keys) chosen in turn, as Space does. */
static view *open_picker(walker *w, const char *item_id, const str_list *chosen)
{
	view *v = view_picker_new(w->a, item_id);
	if (!v)
		return NULL;
	app_push(w->a, v);
	ui_list *l = v->ops->list(v);
	for (size_t k = 0; k < chosen->n; k++)
		for (int i = 0; i < l->count; i++)
			if (same_text(view_picker_row_key(v, i), chosen->v[k])) {
				l->cursor = i;
				ui_list_clamp(l);
				press(w, ' ');
				break;
			}
	return v;
}

/* Whether the option row `key` has its groups shown under it (the next row is one of them). */
static bool expanded(view *v, int row, const char *key)
{
	const char *next = view_picker_row_key(v, row + 1);
	size_t n = strlen(key);
	return next && strncmp(next, key, n) == 0 && next[n] == '/';
}

/* The folder of a nested state: "group-g/option-o" for each option chosen to show it. */
static void nested_folder(char *buf, size_t n, const char *base, const char *key)
{
	snprintf(buf, n, "%s", base);
	char *copy = xstrdup(key), *save = NULL;
	bool group = true;
	for (char *id = strtok_r(copy, "/", &save); id; id = strtok_r(NULL, "/", &save)) {
		char seg[600];
		segment(seg, sizeof seg, group ? "group" : "option", id);
		size_t len = strlen(buf);
		snprintf(buf + len, n - len, "/%s", seg);
		group = !group;
	}
	free(copy);
}

/* The budget ran out before `opt`'s groups were drawn: never a silent "ok" for them. */
static void walk_limit_finding(walker *w, const catalog_item *it, const catalog_item *opt)
{
	char entry[1024];
	jsonx_path_key(entry, sizeof entry, "$.items", it->item_id);
	lint_audit_add(w->report, "picker-not-walked", w->size, w->screen, entry,
		       _("%s: the groups %s shows were not drawn: the audit draws at most %d "
			 "pickers an item"),
		       it->name, opt->name, AUDIT_MAX_NESTED);
}

/* Whether choosing `opt` at `depth` would draw a group not drawn at that depth yet (`drawn`:
   "depth:groupId"); marks its groups drawn when `mark`. A group is walked once a depth: the
   states an option order would otherwise spend on combinations are left for the groups only a
   later option shows, and the indentation of each depth is still seen. */
static bool draws_new_group(const catalog_item *opt, size_t depth, str_list *drawn, bool mark)
{
	bool fresh = false;
	for (size_t g = 0; g < opt->modifier_group_ids.n; g++) {
		char key[600];
		snprintf(key, sizeof key, "%zu:%s", depth, opt->modifier_group_ids.v[g]);
		if (str_list_contains(drawn, key))
			continue;
		fresh = true;
		if (mark)
			str_list_push(drawn, key);
	}
	return fresh;
}

/* The picker as it opens, then again with each option that has groups of its own (and is not
   chosen already) chosen, depth first, so that every nested group is drawn at every depth it
   appears. `drawn` holds the groups drawn so far; what the budget leaves unwalked is said. */
static void walk_picker(walker *w, const catalog_item *it, const char *base, str_list *chosen,
			str_list *drawn, int *budget)
{
	view *v = open_picker(w, it->item_id, chosen);
	if (!v)
		return;
	const char *last = chosen->n ? chosen->v[chosen->n - 1] : NULL;
	char folder[AUDIT_PATH_MAX];
	if (last) {
		nested_folder(folder, sizeof folder, base, last);
		int row = -1;
		for (int i = 0; i < v->ops->list(v)->count; i++)
			if (same_text(view_picker_row_key(v, i), last))
				row = i;
		if (row < 0 || !expanded(v, row, last)) { /* refused: nothing new to show */
			app_pop(w->a);
			return;
		}
	} else {
		snprintf(folder, sizeof folder, "%s", base);
	}
	walk_picker_pages(w, v, it, folder);
	str_list next = {0};
	for (int i = 0; i < v->ops->list(v)->count; i++) {
		const char *key = view_picker_row_key(v, i);
		char gid[512], oid[512];
		if (split_key(key, gid, oid, sizeof gid) ||
		    (last && strncmp(key, last, strlen(last))))
			continue;
		const catalog_item *opt = catalog_find_item(w->set, oid);
		if (opt && opt->modifier_group_ids.n && !expanded(v, i, key))
			str_list_push(&next, key);
	}
	app_pop(w->a);
	for (size_t i = 0; i < next.n && chosen->n < MODIFIER_MAX_DEPTH; i++) {
		char gid[512], oid[512];
		split_key(next.v[i], gid, oid, sizeof gid);
		const catalog_item *opt = catalog_find_item(w->set, oid);
		if (!draws_new_group(opt, chosen->n + 1, drawn, false))
			continue;
		if (*budget <= 0) {
			walk_limit_finding(w, it, opt);
			continue;
		}
		(*budget)--;
		draws_new_group(opt, chosen->n + 1, drawn, true);
		str_list_push(chosen, next.v[i]);
		walk_picker(w, it, base, chosen, drawn, budget);
		free(chosen->v[--chosen->n]);
	}
	str_list_clear(&next);
}

/* ------------------------------------------------------------------ details */

/* The item's details (`i` on its menu row), every page; a description cut, or one whose end
   cannot be scrolled to, is a finding. */
static void walk_detail(walker *w, const catalog_item *it, const char *base)
{
	size_t depth = w->a->depth;
	press(w, 'i');
	if (w->a->depth == depth)
		return;
	view *v = app_top(w->a);
	ui_doc *d = v->ops->doc(v);
	char screen[AUDIT_PATH_MAX], entry[1024], path[1200];
	jsonx_path_key(entry, sizeof entry, "$.items", it->item_id);
	jsonx_path_key(path, sizeof path, entry, "description");
	for (int page = 1;; page++) {
		if (page == 1)
			snprintf(screen, sizeof screen, "%s/detail", base);
		else
			snprintf(screen, sizeof screen, "%s/detail-%d", base, page);
		draw_screen(w, screen);
		for (size_t i = 0; i < w->n_cuts; i++)
			if (w->cuts[i].y >= d->list.screen_y && it->description &&
			    strstr(it->description, w->cuts[i].text))
				cut_finding(w, &w->cuts[i], "description-cut", "$.items",
					    it->item_id, "description");
		int top = d->list.top;
		press(w, UI_KEY_FN(KEY_NPAGE));
		if (d->list.top == top)
			break;
	}
	press(w, UI_KEY_FN(KEY_END));
	if (it->description && d->list.top + d->list.height < (int)d->n)
		lint_audit_add(w->report, "description-cut", w->size, w->screen, path,
			       _("%s: the details have %zu rows and the last that can be shown is "
				 "row %d"),
			       it->name, d->n, d->list.top + d->list.height);
	app_pop(w->a);
}

/* ------------------------------------------------------------------ the menu */

static void walk_item(walker *w, const char *item_id, const char *base)
{
	const catalog_item *it = catalog_find_item(w->set, item_id);
	if (!it)
		return;
	walk_detail(w, it, base);
	str_list chosen = {0}, drawn = {0};
	int budget = AUDIT_MAX_NESTED;
	walk_picker(w, it, base, &chosen, &drawn, &budget);
	str_list_clear(&chosen);
	str_list_clear(&drawn);
}

/* Every row of the menu, the cursor on it as the movement keys put it, each a screen; each
   item's details and picker. */
static void walk_menu(walker *w)
{
	view *v = app_top(w->a);
	ui_list *l = v->ops->list(v);
	char segs[AUDIT_MAX_DEPTH + 1][600], base[AUDIT_PATH_MAX], screen[AUDIT_PATH_MAX + 8];
	view_menu_row_kind kind;
	const char *id;
	int depth;
	press(w, UI_KEY_FN(KEY_HOME));
	for (int row = 0; view_menu_row(v, row, &kind, &id, &depth) && !w->failed; row++) {
		if (row > 0)
			press(w, UI_KEY_FN(KEY_DOWN));
		if (l->cursor != row) { /* the keys could not reach it: put it there */
			l->cursor = row;
			ui_list_clamp(l);
		}
		if (depth > AUDIT_MAX_DEPTH)
			continue;
		segment(segs[depth], sizeof segs[depth],
			kind == VIEW_MENU_CATALOG   ? "catalog"
			: kind == VIEW_MENU_SECTION ? "section"
						    : "item",
			id);
		base[0] = '\0';
		for (int i = 0; i <= depth; i++) {
			size_t len = strlen(base);
			if (snprintf(base + len, sizeof base - len, "%s%s", i ? "/" : "", segs[i]) <
			    0)
				break;
		}
		snprintf(screen, sizeof screen, "%s/menu", base);
		draw_screen(w, screen);
		menu_cuts(w, v);
		if (kind == VIEW_MENU_ITEM)
			walk_item(w, id, base);
	}
}

/* ------------------------------------------------------------------ rules */

static void check_groups(walker *w, const catalog_item *owner, strmap *seen)
{
	for (size_t i = 0; i < owner->modifier_group_ids.n; i++) {
		const modifier_group *g =
		    catalog_find_group(w->set, owner->modifier_group_ids.v[i]);
		if (!g || strmap_get(seen, g->modifier_group_id))
			continue;
		strmap_put(seen, g->modifier_group_id, (void *)g);
		char entry[1024], ids[1100], path[1200];
		jsonx_path_key(entry, sizeof entry, "$.modifierGroups", g->modifier_group_id);
		jsonx_path_key(ids, sizeof ids, entry, "itemIds");
		const char *label = modifier_group_label(g);
		for (size_t j = 0; j < g->item_ids.n; j++) {
			const char *oid = g->item_ids.v[j];
			const catalog_item *opt = catalog_find_item(w->set, oid);
			char reason[MODIFIER_TEXT_MAX] = "";
			money m;
			pricing_error err = {0};
			jsonx_path_index(path, sizeof path, ids, j);
			if (!opt) {
				lint_audit_add(
				    w->report, "option-never-chosen", NULL, NULL, path,
				    _("%s: option \"%s\" is not in the catalog: the picker "
				      "does not show it"),
				    label, oid);
				continue;
			}
			if (g->maximum_allowed <=
			    0) /* the refusal names the group: once is enough */
				lint_audit_add(w->report, "option-never-chosen", NULL, NULL, path,
					       _("%s: %s can never be chosen: none allowed "
						 "(maximumAllowed is 0)"),
					       label, opt->name);
			else if (!modifier_group_can_add(w->set, NULL, g, oid, reason,
							 sizeof reason))
				lint_audit_add(w->report, "option-never-chosen", NULL, NULL, path,
					       _("%s: %s can never be chosen: %s"), label,
					       opt->name, reason);
			else if (!pricing_cheapest(w->set, oid, &m, &err) &&
				 err.status == PRICING_UNSATISFIABLE)
				lint_audit_add(w->report, "option-never-chosen", NULL, NULL, path,
					       _("%s: choosing %s never makes a line that can be "
						 "added: %s"),
					       label, opt->name, err.message);
			check_groups(w, opt, seen);
		}
	}
}

/* What holds at every size: items that can never be added, options that can never be chosen
   (every item of the menu, every group reachable from it). */
static void check_rules(walker *w)
{
	view *v = app_top(w->a);
	view_menu_row_kind kind;
	const char *id;
	int depth;
	strmap *seen = strmap_new(), *items = strmap_new();
	orderable_map *hours =
	    orderable_map_new(w->set, NULL, shop_current_time_zone(w->a->shop), app_now(w->a));
	for (int row = 0; view_menu_row(v, row, &kind, &id, &depth); row++) {
		const catalog_item *it = catalog_find_item(w->set, id);
		if (kind != VIEW_MENU_ITEM || !it || strmap_get(items, id))
			continue;
		strmap_put(items, id, (void *)it);
		char entry[1024];
		jsonx_path_key(entry, sizeof entry, "$.items", id);
		money m;
		pricing_error err = {0};
		orderable o = orderable_map_get(hours, id);
		if (!pricing_cheapest(w->set, id, &m, &err) && err.status == PRICING_UNSATISFIABLE)
			lint_audit_add(w->report, "item-never-added", NULL, NULL, entry,
				       _("%s can never be added: %s"), it->name, err.message);
		else if (o.state == ORDERABLE_NEVER)
			lint_audit_add(w->report, "item-never-added", NULL, NULL, entry,
				       _("%s can never be added: no catalog that lists it opens "
					 "within a week"),
				       it->name);
		check_groups(w, it, seen);
	}
	orderable_map_free(hours);
	strmap_free(items, NULL);
	strmap_free(seen, NULL);
}

/* ------------------------------------------------------------------ sizes */

bool audit_walk(app *a, const audit_walk_options *o, lint_audit_report *report, char *why,
		size_t why_len)
{
	walker w = {.a = a,
		    .set = shop_current_catalog(a->shop),
		    .o = o,
		    .report = report,
		    .why = why,
		    .why_len = why_len};
	script_screen screen;
	if (!w.set || o->n_sizes == 0) {
		snprintf(why, why_len, "%s", _("nothing to walk"));
		return false;
	}
	if (!script_screen_open(a, &screen, o->sizes[0].cols, o->sizes[0].rows)) {
		snprintf(why, why_len, "%s", _("cannot set up the virtual screen"));
		return false;
	}
	views_start_offline(a);
	check_rules(&w);
	for (size_t i = 0; i < o->n_sizes && !w.failed; i++) {
		snprintf(w.size, sizeof w.size, "%dx%d", o->sizes[i].cols, o->sizes[i].rows);
		str_list_push(&report->sizes, w.size);
		resizeterm(o->sizes[i].rows, o->sizes[i].cols);
		app_relayout(a);
		if (app_too_small()) {
			draw_screen(&w, "menu");
			lint_audit_add(report, "screen-too-small", w.size, w.screen, "$",
				       _("below %dx%d nothing but \"Terminal too small\" is shown"),
				       APP_MIN_COLS, APP_MIN_ROWS);
			continue;
		}
		walk_menu(&w);
	}
	clear_cuts(&w);
	free(w.cuts);
	while (a->depth > 0)
		app_pop(a);
	script_screen_close(a, &screen);
	return !w.failed;
}

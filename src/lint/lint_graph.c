/*
 * Catalog linter: checks that follow references across entries. Reachability is
 * one breadth-first walk from the catalogs; cycles are one iterative depth-first
 * search per graph with white/grey/black marking (a grey target is a back edge,
 * i.e. a cycle). Both are linear in entries plus references, and iterative so a
 * very deep catalog cannot overflow the C stack.
 */
#include <stdlib.h>
#include <string.h>

#include "wire/catalog.h"
#include "base/i18n.h"
#include "base/jsonx.h"
#include "lint/lint_int.h"
#include "rules/pricing.h"

/* ---------------------------------------------------------------- reachability */

typedef struct worklist {
	lint_node **nodes;
	const lint_map **maps;
	size_t n, cap;
} worklist;

static void work_push(worklist *w, lint_node *node, const lint_map *map)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->nodes = xrealloc(w->nodes, w->cap * sizeof *w->nodes);
		w->maps = xrealloc(w->maps, w->cap * sizeof *w->maps);
	}
	w->nodes[w->n] = node;
	w->maps[w->n++] = map;
}

/* Marks every not yet reached entry that node->obj[key] names, and queues it. */
static void reach_refs(worklist *w, const lint_node *node, const char *key, const lint_map *to)
{
	const json_t *arr = json_object_get(node->obj, key);
	size_t i;
	const json_t *v;
	json_array_foreach (arr, i, v) {
		lint_node *target = lint_lookup(to, json_string_value(v));
		if (target && target->obj && !target->reachable) {
			target->reachable = true;
			work_push(w, target, to);
		}
	}
}

static void warn_unreachable(linter *L, const lint_map *map)
{
	for (size_t i = 0; i < map->n; i++) {
		const lint_node *node = &map->nodes[i];
		if (node->obj && !node->reachable) {
			lint_set_subject(L, map, node);
			lint_report(L, LINT_WARNING, L->cur_path,
				    _("not reachable from any catalog"));
		}
	}
	lint_set_subject(L, NULL, NULL);
}

void lint_check_reachability(linter *L)
{
	worklist w = {0};
	for (size_t i = 0; i < L->catalogs.n; i++)
		if (L->catalogs.nodes[i].obj)
			reach_refs(&w, &L->catalogs.nodes[i], "sectionIds", &L->sections);
	while (w.n) {
		w.n--;
		lint_node *node = w.nodes[w.n];
		const lint_map *map = w.maps[w.n];
		if (map == &L->sections) {
			reach_refs(&w, node, "itemIds", &L->items);
			reach_refs(&w, node, "sectionIds", &L->sections);
		} else if (map == &L->items) {
			reach_refs(&w, node, "modifierGroupIds", &L->groups);
		} else {
			reach_refs(&w, node, "itemIds", &L->items);
		}
	}
	free(w.nodes);
	free(w.maps);
	warn_unreachable(L, &L->sections);
	warn_unreachable(L, &L->items);
}

/* ---------------------------------------------------------------- cycles */

/* One kind of reference: entries of `from` name entries of `to` in the list `key` (the one their
   lint_node.refs holds). */
typedef struct graph_edge {
	const lint_map *from;
	const char *key;
	const lint_map *to;
	const char *closing_fmt; /* takes the target id and the cycle text */
} graph_edge;

typedef struct dfs_frame {
	lint_node *node;
	const graph_edge *edge;
	size_t next; /* next index in node->refs */
} dfs_frame;

typedef struct dfs {
	linter *L;
	const graph_edge *edges;
	size_t n_edges;
	dfs_frame *stack;
	size_t n, cap;
} dfs;

static const graph_edge *edge_from(const dfs *d, const lint_map *map)
{
	for (size_t i = 0; i < d->n_edges; i++)
		if (d->edges[i].from == map)
			return &d->edges[i];
	return NULL;
}

static void dfs_push(dfs *d, lint_node *node, const graph_edge *edge)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->stack = xrealloc(d->stack, d->cap * sizeof *d->stack);
	}
	node->colour = GREY;
	node->stack_pos = d->n;
	d->stack[d->n++] = (dfs_frame){node, edge, 0};
}

static void append(char *buf, size_t n, const char *s)
{
	size_t used = strlen(buf);
	if (used < n)
		snprintf(buf + used, n - used, "%s", s);
}

/* "a -> b -> a", eliding the middle of long cycles so the text stays bounded. */
static void cycle_text(const dfs *d, const lint_node *target, char *buf, size_t n)
{
	enum { HEAD = 6 };
	char id[80];
	buf[0] = '\0';
	size_t from = target->stack_pos, len = d->n - from;
	for (size_t k = from; k < d->n; k++) {
		if (len > HEAD + 2 && k == from + HEAD) {
			append(buf, n, "... -> ");
			k = d->n - 1;
		}
		append(buf, n, lint_display(d->stack[k].node->id, id, sizeof id));
		append(buf, n, " -> ");
	}
	append(buf, n, lint_display(target->id, id, sizeof id));
}

static void report_cycle(dfs *d, const dfs_frame *top, size_t index, const lint_node *target)
{
	linter *L = d->L;
	char base[LINT_PATH_MAX], path[LINT_PATH_MAX], cycle[1024], id[160];
	lint_set_subject(L, top->edge->from, top->node);
	jsonx_path_key(base, sizeof base, L->cur_path, top->edge->key);
	jsonx_path_index(path, sizeof path, base, index);
	cycle_text(d, target, cycle, sizeof cycle);
	lint_report(L, LINT_ERROR, path, top->edge->closing_fmt,
		    lint_display(target->id, id, sizeof id), cycle);
	lint_set_subject(L, NULL, NULL);
}

/* Advances the top frame by one reference; pops it when it has none left. */
static void dfs_step(dfs *d)
{
	dfs_frame *top = &d->stack[d->n - 1];
	const json_t *arr = top->node->refs;
	if (top->next >= json_array_size(arr)) {
		top->node->colour = BLACK;
		d->n--;
		return;
	}
	size_t i = top->next++;
	lint_node *target = lint_lookup(top->edge->to, json_string_value(json_array_get(arr, i)));
	if (!target || !target->obj)
		return;
	if (target->colour == GREY)
		report_cycle(d, top, i, target);
	else if (target->colour == WHITE)
		dfs_push(d, target, edge_from(d, top->edge->to));
}

static void find_cycles(linter *L, const graph_edge *edges, size_t n_edges, lint_map *start)
{
	dfs d = {L, edges, n_edges, NULL, 0, 0};
	for (size_t i = 0; i < start->n; i++) {
		lint_node *node = &start->nodes[i];
		if (!node->obj || node->colour != WHITE)
			continue;
		dfs_push(&d, node, edge_from(&d, start));
		while (d.n)
			dfs_step(&d);
	}
	free(d.stack);
}

void lint_check_section_cycles(linter *L)
{
	const graph_edge edges[] = {
	    {&L->sections, "sectionIds", &L->sections,
	     _("child section \"%s\" closes a cycle: %s")},
	};
	find_cycles(L, edges, 1, &L->sections);
}

/* Every modifier cycle passes through an item, so starting from items finds them all. */
void lint_check_modifier_cycles(linter *L)
{
	const graph_edge edges[] = {
	    {&L->items, "modifierGroupIds", &L->groups,
	     _("modifier group \"%s\" closes a cycle: %s")},
	    {&L->groups, "itemIds", &L->items, _("option \"%s\" closes a cycle: %s")},
	};
	size_t errors = L->res->n_errors;
	find_cycles(L, edges, 2, &L->items);
	L->modifier_cycle = L->res->n_errors > errors;
}

/* ---------------------------------------------------------------- startingAt */

/*
 * Without a modifier cycle, an item's cheapest configuration is its basePrice plus a
 * cost that depends only on its modifierGroupIds list (only a cycle can make an
 * option's cost depend on the item at the root). Items share few distinct lists, so
 * pricing runs once per list rather than once per item.
 */
typedef struct extra_cost {
	bool ok;
	money above_base;
} extra_cost;

/* The item's modifierGroupIds as one string; ids are length-prefixed so no two lists
 * collide. */
static char *group_list_key(const json_t *item)
{
	const json_t *arr = json_object_get(item, "modifierGroupIds");
	size_t n = 1;
	for (size_t i = 0; i < json_array_size(arr); i++) {
		const char *id = json_string_value(json_array_get(arr, i));
		n += (id ? strlen(id) : 0) + 24;
	}
	char *key = xmalloc(n);
	size_t used = 0;
	for (size_t i = 0; i < json_array_size(arr); i++) {
		const char *id = json_string_value(json_array_get(arr, i));
		if (!id)
			id = "";
		size_t len = strlen(id);
		/* "LEN:ID" written by hand: snprintf here was an eighth of the lint of a big menu.
		 */
		char digits[24];
		size_t d = 0;
		for (size_t v = len; d == 0 || v > 0; v /= 10)
			digits[d++] = (char)('0' + v % 10);
		while (d > 0)
			key[used++] = digits[--d];
		key[used++] = ':';
		memcpy(key + used, id, len);
		used += len;
	}
	key[used] = '\0';
	return key;
}

static bool cheapest_of(const linter *L, const catalog_set *set, strmap *by_list,
			const lint_node *node, money *out)
{
	if (L->modifier_cycle)
		return pricing_cheapest(set, node->id, out, NULL);
	const catalog_item *item = catalog_find_item(set, node->id);
	if (!item)
		return false;
	char *key = group_list_key(node->obj);
	extra_cost *cost = strmap_get(by_list, key);
	if (!cost) {
		money full = 0;
		cost = xcalloc(1, sizeof *cost);
		cost->ok = pricing_cheapest(set, node->id, &full, NULL);
		cost->above_base = full - item->base_price;
		strmap_put(by_list, key, cost);
	}
	free(key);
	*out = item->base_price + cost->above_base;
	return cost->ok;
}

/*
 * Worth the model: an item with startingAt, or one sold on its own that lacks it and has
 * groups (only groups can make the cheapest configuration differ from basePrice).
 */
static bool starting_at_checked(const lint_node *node)
{
	return node->has_starting_at ||
	       (node->sold && json_array_size(json_object_get(node->obj, "modifierGroupIds")) > 0);
}

/*
 * startingAt is display-only (contract §4.1): "the cheapest orderable configuration". When
 * it is present it must say so; when it is absent from an item sold on its own whose
 * cheapest configuration is not its basePrice, a client showing basePrice promises less
 * than the customer can pay (gett-tui shows "from" the cheapest itself, pricing_item_shown).
 * The cheapest configuration needs the model, so this check runs only when the
 * model parser accepts the document; when it does not, the type errors that stop
 * it are already reported and startingAt is checked on the next run.
 */
void lint_check_starting_at(linter *L, const json_t *root)
{
	bool any = false;
	for (size_t i = 0; i < L->items.n && !any; i++)
		any = starting_at_checked(&L->items.nodes[i]);
	if (!any)
		return;
	json_err err;
	catalog_set *set = catalog_set_from_json(root, &err);
	if (!set)
		return;
	strmap *by_list = strmap_new();
	for (size_t i = 0; i < L->items.n; i++) {
		const lint_node *node = &L->items.nodes[i];
		money cheapest;
		if (!starting_at_checked(node) || !cheapest_of(L, set, by_list, node, &cheapest))
			continue;
		money said = node->starting_at;
		if (!node->has_starting_at) {
			const catalog_item *item = catalog_find_item(set, node->id);
			said = item ? item->base_price : cheapest;
		}
		if (cheapest == said)
			continue;
		char path[LINT_PATH_MAX], a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX];
		lint_set_subject(L, &L->items, node);
		jsonx_path_key(path, sizeof path, L->cur_path, "startingAt");
		if (node->has_starting_at)
			lint_report(
			    L, LINT_WARNING, path,
			    _("startingAt %s differs from the cheapest valid configuration %s"),
			    money_to_decimal(said, a), money_to_decimal(cheapest, b));
		else
			lint_report(L, LINT_WARNING, path,
				    _("no startingAt: a menu shows %s, but the cheapest valid "
				      "configuration costs %s"),
				    money_to_decimal(said, a), money_to_decimal(cheapest, b));
	}
	lint_set_subject(L, NULL, NULL);
	strmap_free(by_list, free);
	catalog_set_free(set);
}

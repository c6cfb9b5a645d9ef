/*
 * Modifier rules engine (contract §4.3, §6 Q12–Q14): checking a selection,
 * building one from defaults, and the picker's add/remove/set-quantity edits.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "rules/modifier_rules.h"

enum { JSON_PATH_MAX = 1024, LABEL_MAX = 128 };

/* ---------------------------------------------------------------- problems */

void modifier_problems_clear(modifier_problems *problems)
{
	if (!problems)
		return;
	for (size_t i = 0; i < problems->n; i++) {
		modifier_problem *p = &problems->v[i];
		free(p->item_id);
		free(p->group_id);
		free(p->option_id);
		str_list_clear(&p->path);
		free(p->json_path);
		free(p->message);
	}
	free(problems->v);
	problems->v = NULL;
	problems->n = 0;
}

const char *modifier_code_wire(modifier_code code)
{
	switch (code) {
	case MODIFIER_REQUIRED:
	case MODIFIER_TOO_MANY:
	case MODIFIER_DUPLICATE_NOT_ALLOWED:
		return "MODIFIER_REQUIRED"; /* §2.8: the group min/max/duplicate rule code */
	case MODIFIER_NOT_AN_OPTION:
	case MODIFIER_ITEM_UNAVAILABLE:
		return "ITEM_UNAVAILABLE";
	case MODIFIER_BAD_QUANTITY:
	case MODIFIER_GROUP_REPEATED:
	case MODIFIER_CYCLE:
		return "INVALID_REQUEST";
	}
	return "INVALID_REQUEST";
}

/*
 * Where a walk over a selection (or a catalog for defaults) stands: the id path
 * and JSON path of the current owner line and the item ids above it.
 */
typedef struct walk {
	const catalog_set *set;
	modifier_problems *out; /* may be NULL */
	bool clean;
	str_list ids;		/* alternating group/option ids from the line to the owner */
	str_list items;		/* item ids from the line to the owner: the cycle guard */
	const char *owner_name; /* NULL at the top level */
	char json[JSON_PATH_MAX];
} walk;

typedef struct problem_at {
	modifier_code code;
	const char *item_id;
	const char *group_id;
	const char *option_id;
	const char *json_path;
	long long count;
} problem_at;

static problem_at place(modifier_code code, const char *item_id, const char *group_id,
			const char *option_id, const char *json_path, long long count)
{
	return (problem_at){code, item_id, group_id, option_id, json_path, count};
}

static void __attribute__((format(printf, 3, 4)))
report(walk *w, const problem_at *at, const char *fmt, ...)
{
	w->clean = false;
	if (!w->out)
		return;
	w->out->v = xrealloc(w->out->v, (w->out->n + 1) * sizeof *w->out->v);
	modifier_problem *p = &w->out->v[w->out->n++];
	memset(p, 0, sizeof *p);
	p->code = at->code;
	p->item_id = xstrdup(at->item_id);
	p->group_id = xstrdup(at->group_id);
	p->option_id = xstrdup(at->option_id);
	str_list_copy(&p->path, &w->ids);
	if (at->group_id)
		str_list_push(&p->path, at->group_id);
	if (at->group_id && at->option_id)
		str_list_push(&p->path, at->option_id);
	p->json_path = xstrdup(at->json_path ? at->json_path : w->json);
	p->count = at->count;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	str_trim_partial_utf8(msg);
	p->message = xstrdup(msg);
}

static void walk_clear(walk *w)
{
	str_list_clear(&w->ids);
	str_list_clear(&w->items);
}

static void pop(str_list *list)
{
	free(list->v[--list->n]);
}

/* ---------------------------------------------------------------- groups in words */

long long modifier_group_count(const cart_modifier_group *sel)
{
	long long count = 0;
	for (size_t i = 0; sel && i < sel->n_items; i++)
		if (sel->items[i].quantity > 0 &&
		    __builtin_add_overflow(count, sel->items[i].quantity, &count))
			return __LONG_LONG_MAX__;
	return count;
}

bool modifier_group_is_radio(const modifier_group *group)
{
	return group && group->maximum_allowed == 1;
}

const char *modifier_group_label(const modifier_group *group)
{
	/* Verbatim: "Choose your Crust" stays whole, as the catalog's owner wrote it (the rule
	   beside it says what to do; stripping words would also turn "A la carte" into "La
	   carte"). */
	if (!group)
		return "";
	return group->name ? group->name : group->modifier_group_id ? group->modifier_group_id : "";
}

const char *modifier_group_rule_text(const modifier_group *group, char *buf, size_t n)
{
	if (!buf || n == 0)
		return "";
	long long min = group ? group->minimum_allowed : 0;
	long long max = group ? group->maximum_allowed : 0;
	if (max <= 0 || max < min)
		snprintf(buf, n, "%s", _("Not available"));
	else if (min <= 0 && max == 1)
		snprintf(buf, n, "%s", _("Optional"));
	else if (min <= 0)
		snprintf(buf, n,
			 ngettext("Choose up to %lld", "Choose up to %lld", (unsigned long)max),
			 max);
	else if (min == max)
		snprintf(buf, n, ngettext("Choose %lld", "Choose %lld", (unsigned long)min), min);
	else
		snprintf(buf, n, _("Choose %lld to %lld"), min, max);
	return buf;
}

/* "Size", or "Dressing (Side salad)" below the top level. */
static const char *group_title(const walk *w, const modifier_group *group, char *buf, size_t n)
{
	const char *label = modifier_group_label(group);
	if (w->owner_name)
		snprintf(buf, n, _("%s (%s)"), label, w->owner_name);
	else
		snprintf(buf, n, "%s", label);
	str_trim_partial_utf8(buf); /* a long name is cut, never mid-character */
	return buf;
}

static const char *item_name(const catalog_item *item, const char *fallback_id)
{
	return item && item->name ? item->name : fallback_id;
}

/* ---------------------------------------------------------------- checking */

static void check_owner(walk *w, const catalog_item *item, const line_item *line, int depth);

/* "$parent.key[index]"; an absurdly deep path is cut short (still terminated). */
static void json_child(char *dst, size_t n, const char *parent, const char *key, size_t index)
{
	if (snprintf(dst, n, "%s.%s[%zu]", parent, key, index) >= (int)n)
		dst[n - 1] = '\0';
}

/* Index of the first selection of group_id in line, or line->n_groups. */
static size_t first_group_index(const line_item *line, const char *group_id)
{
	size_t i = 0;
	while (i < line->n_groups && strcmp(line->groups[i].modifier_group_id, group_id) != 0)
		i++;
	return i;
}

static bool seen_before(const cart_modifier_group *sel, size_t j)
{
	for (size_t i = 0; i < j; i++)
		if (strcmp(sel->items[i].item_id, sel->items[j].item_id) == 0)
			return true;
	return false;
}

/* Whether one of the item's groups (those the set has) passes `test`. */
static bool any_group(const catalog_set *set, const catalog_item *item,
		      bool (*test)(const modifier_group *g))
{
	for (size_t i = 0; i < item->modifier_group_ids.n; i++) {
		const modifier_group *g = catalog_find_group(set, item->modifier_group_ids.v[i]);
		if (g && test(g))
			return true;
	}
	return false;
}

static bool group_is_required(const modifier_group *g)
{
	return g->minimum_allowed > 0;
}

static bool group_has_defaults(const modifier_group *g)
{
	return g->n_defaults > 0;
}

/* An option line that itself carries (or must carry) groups: guard, then descend. */
static void descend(walk *w, const modifier_group *group, const catalog_item *opt_item,
		    const line_item *opt, const char *opt_json, const char *title, int depth)
{
	problem_at at = place(MODIFIER_CYCLE, opt_item->item_id, group->modifier_group_id,
			      opt->item_id, opt_json, 0);
	if (str_list_contains(&w->items, opt_item->item_id)) {
		report(w, &at, _("%s: %s cannot contain itself"), title, item_name(opt_item, NULL));
		return;
	}
	if (depth + 1 >= MODIFIER_MAX_DEPTH) {
		report(w, &at, _("%s: options are nested too deeply"), title);
		return;
	}
	char saved_json[JSON_PATH_MAX];
	memcpy(saved_json, w->json, sizeof saved_json);
	const char *saved_owner = w->owner_name;
	str_list_push(&w->ids, group->modifier_group_id);
	str_list_push(&w->ids, opt->item_id);
	str_list_push(&w->items, opt_item->item_id);
	snprintf(w->json, sizeof w->json, "%s", opt_json);
	w->owner_name = item_name(opt_item, opt->item_id);
	check_owner(w, opt_item, opt, depth + 1);
	w->owner_name = saved_owner;
	memcpy(w->json, saved_json, sizeof saved_json);
	pop(&w->items);
	pop(&w->ids);
	pop(&w->ids);
}

static void check_option(walk *w, const modifier_group *group, const cart_modifier_group *sel,
			 size_t j, const char *group_json, const char *title, int depth)
{
	const line_item *opt = &sel->items[j];
	char json[JSON_PATH_MAX];
	json_child(json, sizeof json, group_json, "items", j);
	const catalog_item *opt_item = catalog_find_item(w->set, opt->item_id);
	problem_at at = place(MODIFIER_ITEM_UNAVAILABLE, opt->item_id, group->modifier_group_id,
			      opt->item_id, json, 0);
	if (!opt_item) {
		report(w, &at, _("%s: option %s is no longer available"), title, opt->item_id);
		return;
	}
	const char *name = item_name(opt_item, opt->item_id);
	if (!modifier_group_has_option(group, opt->item_id)) {
		at.code = MODIFIER_NOT_AN_OPTION;
		report(w, &at, _("%s: %s is not an option here"), title, name);
		return;
	}
	if (opt->quantity < 1) {
		at.code = MODIFIER_BAD_QUANTITY;
		report(w, &at, _("%s: quantity of %s must be at least 1"), title, name);
	}
	if (!group->enable_duplicate_items && (opt->quantity > 1 || seen_before(sel, j))) {
		at.code = MODIFIER_DUPLICATE_NOT_ALLOWED;
		report(w, &at, _("%s: %s can be chosen only once"), title, name);
	}
	if (opt->n_groups > 0 || any_group(w->set, opt_item, group_is_required))
		descend(w, group, opt_item, opt, json, title, depth);
}

static void check_group(walk *w, const line_item *line, const modifier_group *group, int depth)
{
	size_t index = first_group_index(line, group->modifier_group_id);
	const cart_modifier_group *sel = index < line->n_groups ? &line->groups[index] : NULL;
	char json[JSON_PATH_MAX];
	if (sel)
		json_child(json, sizeof json, w->json, "modifierGroups", index);
	else
		snprintf(json, sizeof json, "%s", w->json);
	char title[2 * LABEL_MAX];
	group_title(w, group, title, sizeof title);
	long long count = modifier_group_count(sel);
	problem_at at =
	    place(MODIFIER_REQUIRED, line->item_id, group->modifier_group_id, NULL, json, count);
	long long min = group->minimum_allowed, max = group->maximum_allowed;
	if (count < min && count == 0)
		report(w, &at, ngettext("%s: choose %lld", "%s: choose %lld", (unsigned long)min),
		       title, min);
	else if (count < min)
		report(w, &at,
		       ngettext("%s: choose %lld more", "%s: choose %lld more",
				(unsigned long)(min - count)),
		       title, min - count);
	at.code = MODIFIER_TOO_MANY;
	if (count > max && max == 0)
		report(w, &at, _("%s: remove %lld (none allowed)"), title, count);
	else if (count > max)
		report(w, &at,
		       ngettext("%s: remove %lld (up to %lld allowed)",
				"%s: remove %lld (up to %lld allowed)",
				(unsigned long)(count - max)),
		       title, count - max, max);
	for (size_t j = 0; sel && j < sel->n_items; j++)
		check_option(w, group, sel, j, json, title, depth);
}

static bool listed_before(const str_list *ids, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (strcmp(ids->v[j], ids->v[i]) == 0)
			return true;
	return false;
}

/* Selections the item does not offer, and groups selected twice. */
static void check_foreign_groups(walk *w, const catalog_item *item, const line_item *line)
{
	for (size_t i = 0; i < line->n_groups; i++) {
		const char *gid = line->groups[i].modifier_group_id;
		const modifier_group *group = catalog_find_group(w->set, gid);
		char json[JSON_PATH_MAX], title[2 * LABEL_MAX];
		json_child(json, sizeof json, w->json, "modifierGroups", i);
		problem_at at = place(MODIFIER_GROUP_REPEATED, line->item_id, gid, NULL, json,
				      modifier_group_count(&line->groups[i]));
		if (group)
			group_title(w, group, title, sizeof title);
		if (first_group_index(line, gid) < i && group) {
			report(w, &at, _("%s is listed more than once"), title);
			continue;
		}
		at.code = MODIFIER_ITEM_UNAVAILABLE;
		if (!group)
			report(w, &at, _("%s: option group %s is no longer available"),
			       item_name(item, line->item_id), gid);
		else if (!catalog_item_has_group(item, gid))
			report(w, &at, _("%s is not offered with %s"), title,
			       item_name(item, line->item_id));
	}
}

static void check_owner(walk *w, const catalog_item *item, const line_item *line, int depth)
{
	const str_list *gids = &item->modifier_group_ids;
	for (size_t i = 0; i < gids->n; i++) {
		const modifier_group *group = catalog_find_group(w->set, gids->v[i]);
		/* A dangling id in the catalog is lint's business; the user cannot fix it. */
		if (group && !listed_before(gids, i))
			check_group(w, line, group, depth);
	}
	check_foreign_groups(w, item, line);
}

bool modifier_check_line(const catalog_set *set, const line_item *line, modifier_problems *out)
{
	walk w = {.set = set, .out = out, .clean = true};
	const catalog_item *item = catalog_find_item(set, line->item_id);
	problem_at at = place(MODIFIER_ITEM_UNAVAILABLE, line->item_id, NULL, NULL, "", 0);
	if (!item) {
		report(&w, &at, _("%s is no longer available"), line->item_id);
		return false;
	}
	if (line->quantity < 1) {
		at.code = MODIFIER_BAD_QUANTITY;
		report(&w, &at, _("%s: quantity must be at least 1"),
		       item_name(item, line->item_id));
	}
	str_list_push(&w.items, item->item_id);
	check_owner(&w, item, line, 0);
	walk_clear(&w);
	return w.clean;
}

bool modifier_line_is_complete(const catalog_set *set, const line_item *line)
{
	return modifier_check_line(set, line, NULL);
}

/* ---------------------------------------------------------------- defaults */

static line_item *append_option(cart_modifier_group *sel, const char *option_id, long long q)
{
	sel->items = xrealloc(sel->items, (sel->n_items + 1) * sizeof *sel->items);
	line_item *entry = &sel->items[sel->n_items++];
	memset(entry, 0, sizeof *entry);
	entry->item_id = xstrdup(option_id);
	entry->quantity = q;
	return entry;
}

static void fill_defaults(walk *w, const catalog_item *item, line_item *line, int depth);

/* False (after reporting) when an option's own defaults cannot be expanded safely. */
static bool may_expand(walk *w, const problem_at *at, const catalog_item *opt_item,
		       const char *title, int depth)
{
	if (!any_group(w->set, opt_item, group_has_defaults))
		return true;
	if (str_list_contains(&w->items, opt_item->item_id)) {
		report(w, at, _("%s: %s cannot contain itself"), title, item_name(opt_item, NULL));
		return false;
	}
	if (depth + 1 >= MODIFIER_MAX_DEPTH) {
		report(w, at, _("%s: options are nested too deeply"), title);
		return false;
	}
	return true;
}

/* Appends option_id × q to the owner's group and fills the new line's own defaults. */
static void add_option_line(walk *w, line_item *owner, const modifier_group *group,
			    const catalog_item *opt_item, long long q, int depth)
{
	cart_modifier_group *sel = line_item_ensure_group(owner, group->modifier_group_id);
	line_item *entry = append_option(sel, opt_item->item_id, q);
	if (!any_group(w->set, opt_item, group_has_defaults))
		return;
	const char *saved_owner = w->owner_name;
	str_list_push(&w->ids, group->modifier_group_id);
	str_list_push(&w->ids, opt_item->item_id);
	str_list_push(&w->items, opt_item->item_id);
	w->owner_name = item_name(opt_item, opt_item->item_id);
	fill_defaults(w, opt_item, entry, depth + 1);
	w->owner_name = saved_owner;
	pop(&w->items);
	pop(&w->ids);
	pop(&w->ids);
}

/* Clamps a default's quantity to the rules; 0 means skip. Reports every change. */
static long long default_quantity(walk *w, problem_at *at, const modifier_group *group,
				  const catalog_default *d, long long count, const char *title,
				  const char *name, const line_item *owner)
{
	long long q = d->quantity;
	if (q < 1) {
		at->code = MODIFIER_BAD_QUANTITY;
		report(w, at, _("%s: default %s has quantity %lld"), title, name, q);
		return 0;
	}
	if (!group->enable_duplicate_items) {
		const cart_modifier_group *sel =
		    line_item_find_group(owner, group->modifier_group_id);
		bool already = false;
		for (size_t i = 0; sel && i < sel->n_items && !already; i++)
			already = strcmp(sel->items[i].item_id, d->item_id) == 0;
		if (already || q > 1) {
			at->code = MODIFIER_DUPLICATE_NOT_ALLOWED;
			report(w, at, _("%s: %s can be chosen only once"), title, name);
			if (already)
				return 0;
			q = 1;
		}
	}
	long long room = group->maximum_allowed - count;
	if (q > room) {
		at->code = MODIFIER_TOO_MANY;
		at->count = count + q;
		report(w, at, _("%s: default %s exceeds the maximum of %lld"), title, name,
		       group->maximum_allowed);
		q = room > 0 ? room : 0;
	}
	return q;
}

static void fill_group_defaults(walk *w, line_item *owner, const modifier_group *group, int depth)
{
	char title[2 * LABEL_MAX];
	group_title(w, group, title, sizeof title);
	long long count = 0;
	for (size_t i = 0; i < group->n_defaults; i++) {
		const catalog_default *d = &group->defaults[i];
		const catalog_item *opt_item = catalog_find_item(w->set, d->item_id);
		problem_at at = place(MODIFIER_NOT_AN_OPTION, owner->item_id,
				      group->modifier_group_id, d->item_id, NULL, count);
		const char *name = item_name(opt_item, d->item_id);
		if (!modifier_group_has_option(group, d->item_id)) {
			report(w, &at, _("%s: default %s is not an option here"), title, name);
			continue;
		}
		if (!opt_item) {
			at.code = MODIFIER_ITEM_UNAVAILABLE;
			report(w, &at, _("%s: option %s is no longer available"), title,
			       d->item_id);
			continue;
		}
		long long q = default_quantity(w, &at, group, d, count, title, name, owner);
		at.code = MODIFIER_CYCLE;
		if (q <= 0 || !may_expand(w, &at, opt_item, title, depth))
			continue;
		add_option_line(w, owner, group, opt_item, q, depth);
		count += q;
	}
}

static void fill_defaults(walk *w, const catalog_item *item, line_item *line, int depth)
{
	const str_list *gids = &item->modifier_group_ids;
	for (size_t i = 0; i < gids->n; i++) {
		const modifier_group *group = catalog_find_group(w->set, gids->v[i]);
		if (group && !listed_before(gids, i))
			fill_group_defaults(w, line, group, depth);
	}
}

bool modifier_line_from_defaults(const catalog_set *set, const char *item_id, line_item *out,
				 modifier_problems *report_out)
{
	memset(out, 0, sizeof *out);
	walk w = {.set = set, .out = report_out, .clean = true};
	const catalog_item *item = catalog_find_item(set, item_id);
	if (!item) {
		problem_at at = place(MODIFIER_ITEM_UNAVAILABLE, item_id, NULL, NULL, "", 0);
		report(&w, &at, _("%s is no longer available"), item_id);
		return false;
	}
	out->item_id = xstrdup(item->item_id);
	out->quantity = 1;
	str_list_push(&w.items, item->item_id);
	fill_defaults(&w, item, out, 0);
	walk_clear(&w);
	return true;
}

/* ---------------------------------------------------------------- editing */

static bool __attribute__((format(printf, 3, 4))) say(char *reason, size_t n, const char *fmt, ...)
{
	if (reason && n > 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(reason, n, fmt, ap);
		va_end(ap);
		str_trim_partial_utf8(reason); /* names in it are cut between characters */
	}
	return false;
}

static long long option_quantity(const cart_modifier_group *sel, const char *option_id)
{
	long long q = 0;
	for (size_t i = 0; sel && i < sel->n_items; i++)
		if (strcmp(sel->items[i].item_id, option_id) == 0 && sel->items[i].quantity > 0)
			q += sel->items[i].quantity;
	return q;
}

/* Refusals shared by add and set-quantity: membership, existence, a zero cap. */
static bool option_refused(const catalog_set *set, const modifier_group *group,
			   const char *option_id, char *reason, size_t n)
{
	if (!group || !option_id || !modifier_group_has_option(group, option_id))
		return !say(reason, n, "%s", _("Not an option of this group"));
	if (!catalog_find_item(set, option_id))
		return !say(reason, n, "%s", _("No longer available"));
	if (group->maximum_allowed <= 0) {
		return !say(reason, n, _("%s: none allowed"), modifier_group_label(group));
	}
	return false;
}

static bool refuse_over_max(const modifier_group *group, char *reason, size_t n)
{
	return say(
	    reason, n,
	    ngettext("%s: up to %lld", "%s: up to %lld", (unsigned long)group->maximum_allowed),
	    modifier_group_label(group), group->maximum_allowed);
}

bool modifier_group_can_add(const catalog_set *set, const cart_modifier_group *sel,
			    const modifier_group *group, const char *option_id, char *reason,
			    size_t n)
{
	say(reason, n, "%s", "");
	if (option_refused(set, group, option_id, reason, n))
		return false;
	long long have = option_quantity(sel, option_id);
	if (have > 0 && (!group->enable_duplicate_items || modifier_group_is_radio(group)))
		return say(reason, n, "%s", _("Already chosen"));
	long long count = modifier_group_count(sel);
	if (modifier_group_is_radio(group)) {
		if (count > 0)
			say(reason, n, _("Replaces %s"),
			    item_name(catalog_find_item(set, sel->items[0].item_id),
				      sel->items[0].item_id));
		return true;
	}
	if (count >= group->maximum_allowed)
		return refuse_over_max(group, reason, n);
	return true;
}

bool modifier_group_can_remove(const cart_modifier_group *sel, const modifier_group *group,
			       const char *option_id, char *reason, size_t n)
{
	say(reason, n, "%s", "");
	if (!option_id || option_quantity(sel, option_id) == 0)
		return say(reason, n, "%s", _("Not chosen"));
	return true;
}

static void remove_entry(cart_modifier_group *sel, size_t i)
{
	line_item_clear(&sel->items[i]);
	memmove(&sel->items[i], &sel->items[i + 1], (sel->n_items - i - 1) * sizeof *sel->items);
	sel->n_items--;
}

/* Keeps lines tidy: a group with no selection left is dropped from the owner. */
static void drop_if_empty(line_item *owner, const char *group_id)
{
	size_t i = first_group_index(owner, group_id);
	if (i >= owner->n_groups || owner->groups[i].n_items > 0)
		return;
	free(owner->groups[i].modifier_group_id);
	free(owner->groups[i].items);
	memmove(&owner->groups[i], &owner->groups[i + 1],
		(owner->n_groups - i - 1) * sizeof *owner->groups);
	owner->n_groups--;
}

static void clear_selection(cart_modifier_group *sel)
{
	while (sel->n_items > 0)
		remove_entry(sel, sel->n_items - 1);
}

/* Takes `drop` units away from the option's last lines. */
static void shrink_option(cart_modifier_group *sel, const char *option_id, long long drop)
{
	for (size_t i = sel->n_items; i-- > 0 && drop > 0;) {
		line_item *e = &sel->items[i];
		if (strcmp(e->item_id, option_id) != 0)
			continue;
		long long take = e->quantity < drop ? e->quantity : drop;
		e->quantity -= take;
		drop -= take;
		if (e->quantity <= 0)
			remove_entry(sel, i);
	}
}

/* Adds `more` units: onto the option's last line, or a new line with its defaults. */
static void grow_option(const catalog_set *set, line_item *owner, const modifier_group *group,
			const char *option_id, long long more)
{
	cart_modifier_group *sel = line_item_ensure_group(owner, group->modifier_group_id);
	for (size_t i = sel->n_items; i-- > 0;) {
		if (strcmp(sel->items[i].item_id, option_id) == 0) {
			sel->items[i].quantity += more;
			return;
		}
	}
	walk w = {.set = set, .clean = true};
	str_list_push(&w.items, owner->item_id);
	add_option_line(&w, owner, group, catalog_find_item(set, option_id), more, 0);
	walk_clear(&w);
}

static bool owner_lacks_group(const catalog_set *set, const line_item *owner,
			      const modifier_group *group, char *reason, size_t n)
{
	const catalog_item *item = catalog_find_item(set, owner->item_id);
	if (group && item && !catalog_item_has_group(item, group->modifier_group_id))
		return !say(reason, n, "%s", _("Not offered with this item"));
	return false;
}

bool modifier_group_add(const catalog_set *set, line_item *owner, const modifier_group *group,
			const char *option_id, char *reason, size_t n)
{
	if (owner_lacks_group(set, owner, group, reason, n))
		return false;
	cart_modifier_group *sel =
	    line_item_find_group(owner, group ? group->modifier_group_id : "");
	if (!modifier_group_can_add(set, sel, group, option_id, reason, n))
		return false;
	if (modifier_group_is_radio(group) && sel)
		clear_selection(sel);
	grow_option(set, owner, group, option_id, 1);
	return true;
}

bool modifier_group_remove(line_item *owner, const modifier_group *group, const char *option_id,
			   char *reason, size_t n)
{
	cart_modifier_group *sel =
	    line_item_find_group(owner, group ? group->modifier_group_id : "");
	if (!modifier_group_can_remove(sel, group, option_id, reason, n))
		return false;
	shrink_option(sel, option_id, 1);
	drop_if_empty(owner, group->modifier_group_id);
	return true;
}

bool modifier_group_set_quantity(const catalog_set *set, line_item *owner,
				 const modifier_group *group, const char *option_id,
				 long long quantity, char *reason, size_t n)
{
	say(reason, n, "%s", "");
	if (quantity < 0)
		return say(reason, n, "%s", _("Quantity cannot be negative"));
	cart_modifier_group *sel =
	    line_item_find_group(owner, group ? group->modifier_group_id : "");
	long long have = option_id ? option_quantity(sel, option_id) : 0;
	if (quantity == have)
		return true;
	if (quantity == 0) {
		shrink_option(sel, option_id, have);
		drop_if_empty(owner, group->modifier_group_id);
		return true;
	}
	if (owner_lacks_group(set, owner, group, reason, n) ||
	    option_refused(set, group, option_id, reason, n))
		return false;
	if (!group->enable_duplicate_items && quantity > 1)
		return say(reason, n, _("%s can be chosen only once"),
			   item_name(catalog_find_item(set, option_id), option_id));
	long long others = modifier_group_count(sel) - have;
	if (modifier_group_is_radio(group) && quantity == 1)
		others = 0; /* radio: the new choice replaces the others */
	if (quantity > group->maximum_allowed - others)
		return refuse_over_max(group, reason, n);
	if (modifier_group_is_radio(group) && sel && have == 0)
		clear_selection(sel);
	if (quantity > have)
		grow_option(set, owner, group, option_id, quantity - have);
	else
		shrink_option(sel, option_id, have - quantity);
	return true;
}

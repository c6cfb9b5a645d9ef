/*
 * Price previews: configured unit prices, line totals, cart subtotals, the
 * cheapest configuration of an item and tier wording (contract §4.1, §4.2).
 *
 * Decision (contract silent): a tier price replaces only the option's own
 * basePrice for that slot; the option's nested selections are still added on
 * top, once per unit of the option line.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "rules/modifier_rules.h"
#include "rules/pricing.h"

/* Item evaluations allowed for one pricing_cheapest call before giving up. */
enum { CHEAPEST_BUDGET = 100000 };

/* ---------------------------------------------------------------- checked arithmetic */

static bool in_range(money v)
{
	return v <= MONEY_MAX_CENTS && v >= -MONEY_MAX_CENTS;
}

static bool add_money(money a, money b, money *out)
{
	money r;
	if (__builtin_add_overflow(a, b, &r) || !in_range(r))
		return false;
	*out = r;
	return true;
}

static bool mul_money(money a, long long times, money *out)
{
	money r;
	if (__builtin_mul_overflow(a, (money)times, &r) || !in_range(r))
		return false;
	*out = r;
	return true;
}

/* ---------------------------------------------------------------- errors */

static const char *status_format(pricing_status status)
{
	switch (status) {
	case PRICING_OK:
		return "%s";
	case PRICING_UNKNOWN_ITEM:
		return _("Item %s is not in the catalog");
	case PRICING_UNKNOWN_GROUP:
		return _("Option group %s is not in the catalog");
	case PRICING_UNKNOWN_OPTION:
		return _("Option %s is not in the catalog");
	case PRICING_BAD_QUANTITY:
		return _("Quantity of %s must be at least 1");
	case PRICING_TOO_DEEP:
		return _("Options of %s are nested too deeply or contain themselves");
	case PRICING_OVERFLOW:
		return _("Price of %s is too large");
	case PRICING_UNSATISFIABLE:
		return _("Option group %s cannot be completed");
	case PRICING_TOO_COMPLEX:
		return _("Options of %s are too complex to price");
	}
	return "%s";
}

/* err->id is `id`; the message names `shown` (the id, or what a customer sees). */
static bool fail_named(pricing_error *err, pricing_status status, const char *id, const char *shown)
{
	if (!err)
		return false;
	err->status = status;
	err->line_index = -1;
	snprintf(err->id, sizeof err->id, "%s", id ? id : "");
	str_trim_partial_utf8(err->id); /* a long id is cut between characters */
	snprintf(err->message, sizeof err->message, status_format(status), shown ? shown : "");
	str_trim_partial_utf8(err->message);
	return false;
}

static bool fail(pricing_error *err, pricing_status status, const char *id)
{
	return fail_named(err, status, id, id);
}

/* ---------------------------------------------------------------- tiers */

/* Tier with the greatest offset ≤ k (the first of equal offsets), or NULL. */
static const catalog_tier *tier_at(const modifier_group *g, long long k)
{
	const catalog_tier *best = NULL;
	for (size_t i = 0; i < g->n_tiers; i++) {
		const catalog_tier *t = &g->tiers[i];
		if (t->offset <= k && (!best || t->offset > best->offset))
			best = t;
	}
	return best;
}

/* Smallest tier offset > k, or LLONG_MAX: where the slot price may change next. */
static long long next_boundary(const modifier_group *g, long long k)
{
	long long next = LLONG_MAX;
	for (size_t i = 0; i < g->n_tiers; i++)
		if (g->tiers[i].offset > k && g->tiers[i].offset < next)
			next = g->tiers[i].offset;
	return next;
}

/* Price of slots [first, first + count) for an option with basePrice `base`, run by run. */
static bool slots_price(const modifier_group *g, money base, long long first, long long count,
			money *out)
{
	money total = 0;
	long long k = first;
	long long left = count;
	while (left > 0) {
		const catalog_tier *t = tier_at(g, k);
		long long boundary = next_boundary(g, k);
		long long run = boundary - k < left ? boundary - k : left;
		money part;
		if (!mul_money(t ? t->price : base, run, &part) || !add_money(total, part, &total))
			return false;
		k += run;
		left -= run;
	}
	*out = total;
	return true;
}

money pricing_next_selection_price(const modifier_group *group, const cart_modifier_group *sel,
				   const catalog_item *option)
{
	const catalog_tier *t = group ? tier_at(group, modifier_group_count(sel)) : NULL;
	return t ? t->price : (option ? option->base_price : 0);
}

/* ---------------------------------------------------------------- configured prices */

static bool price_selections(const catalog_set *set, const line_item *line, int depth, money *out,
			     pricing_error *err);

/* One option line: its slots (tier or basePrice) plus its nested selections per unit. */
static bool price_option(const catalog_set *set, const modifier_group *g, const line_item *opt,
			 long long first_slot, int depth, money *out, pricing_error *err)
{
	if (opt->quantity < 1)
		return fail(err, PRICING_BAD_QUANTITY, opt->item_id);
	const catalog_item *item = catalog_find_item(set, opt->item_id);
	if (!item)
		return fail(err, PRICING_UNKNOWN_OPTION, opt->item_id);
	money slots, nested, nested_all;
	if (!slots_price(g, item->base_price, first_slot, opt->quantity, &slots))
		return fail(err, PRICING_OVERFLOW, opt->item_id);
	if (!price_selections(set, opt, depth + 1, &nested, err))
		return false;
	if (!mul_money(nested, opt->quantity, &nested_all) || !add_money(slots, nested_all, out))
		return fail(err, PRICING_OVERFLOW, opt->item_id);
	return true;
}

static bool price_group(const catalog_set *set, const cart_modifier_group *sel, int depth,
			money *out, pricing_error *err)
{
	const modifier_group *g = catalog_find_group(set, sel->modifier_group_id);
	if (!g)
		return fail(err, PRICING_UNKNOWN_GROUP, sel->modifier_group_id);
	money total = 0;
	long long slot = 0;
	for (size_t i = 0; i < sel->n_items; i++) {
		const line_item *opt = &sel->items[i];
		money price = 0;
		if (!price_option(set, g, opt, slot, depth, &price, err))
			return false;
		if (!add_money(total, price, &total) ||
		    __builtin_add_overflow(slot, opt->quantity, &slot))
			return fail(err, PRICING_OVERFLOW, sel->modifier_group_id);
	}
	*out = total;
	return true;
}

/* Σ of every selection group of `line` (not its own basePrice). */
static bool price_selections(const catalog_set *set, const line_item *line, int depth, money *out,
			     pricing_error *err)
{
	if (line->n_groups > 0 && depth >= PRICING_MAX_DEPTH)
		return fail(err, PRICING_TOO_DEEP, line->item_id);
	money total = 0;
	for (size_t i = 0; i < line->n_groups; i++) {
		money price = 0;
		if (!price_group(set, &line->groups[i], depth, &price, err))
			return false;
		if (!add_money(total, price, &total))
			return fail(err, PRICING_OVERFLOW, line->groups[i].modifier_group_id);
	}
	*out = total;
	return true;
}

bool pricing_unit_price(const catalog_set *set, const line_item *line, money *out,
			pricing_error *err)
{
	const catalog_item *item = catalog_find_item(set, line->item_id);
	if (!item)
		return fail(err, PRICING_UNKNOWN_ITEM, line->item_id);
	money extras, unit;
	if (!price_selections(set, line, 0, &extras, err))
		return false;
	if (!add_money(item->base_price, extras, &unit))
		return fail(err, PRICING_OVERFLOW, line->item_id);
	*out = unit;
	return true;
}

bool pricing_line_total(const catalog_set *set, const line_item *line, money *out,
			pricing_error *err)
{
	if (line->quantity < 1)
		return fail(err, PRICING_BAD_QUANTITY, line->item_id);
	money unit, total;
	if (!pricing_unit_price(set, line, &unit, err))
		return false;
	if (!mul_money(unit, line->quantity, &total))
		return fail(err, PRICING_OVERFLOW, line->item_id);
	*out = total;
	return true;
}

bool pricing_cart_subtotal(const catalog_set *set, const cart *c, money *out, pricing_error *err)
{
	money subtotal = 0;
	for (size_t i = 0; i < c->n_lines; i++) {
		money line;
		bool ok = pricing_line_total(set, &c->lines[i], &line, err);
		if (ok && !add_money(subtotal, line, &subtotal))
			ok = fail(err, PRICING_OVERFLOW, c->lines[i].item_id);
		if (!ok) {
			if (err)
				err->line_index = (long)i;
			return false;
		}
	}
	*out = subtotal;
	return true;
}

/* ---------------------------------------------------------------- one option's charge */

/* Σ over the option lines of option_id in sel: their slots only. Nested selections are rows
   of their own in the picker, each showing its own charge: counted here too, the charges on
   screen would add up to more than the unit price. */
static bool chosen_charge(const catalog_set *set, const modifier_group *g,
			  const cart_modifier_group *sel, const char *option_id, bool *chosen,
			  money *out, pricing_error *err)
{
	money total = 0;
	long long slot = 0;
	*chosen = false;
	for (size_t i = 0; sel && i < sel->n_items; i++) {
		const line_item *opt = &sel->items[i];
		if (strcmp(opt->item_id, option_id) == 0) {
			const catalog_item *item = catalog_find_item(set, opt->item_id);
			money price = 0;
			if (!item)
				return fail(err, PRICING_UNKNOWN_OPTION, opt->item_id);
			if (opt->quantity < 1)
				return fail(err, PRICING_BAD_QUANTITY, opt->item_id);
			if (!slots_price(g, item->base_price, slot, opt->quantity, &price))
				return fail(err, PRICING_OVERFLOW, opt->item_id);
			if (!add_money(total, price, &total))
				return fail(err, PRICING_OVERFLOW, option_id);
			*chosen = true;
		}
		if (opt->quantity > 0 && __builtin_add_overflow(slot, opt->quantity, &slot))
			return fail(err, PRICING_OVERFLOW, g->modifier_group_id);
	}
	*out = total;
	return true;
}

bool pricing_option_charge(const catalog_set *set, const line_item *owner,
			   const modifier_group *group, const char *option_id, pricing_charge *out,
			   pricing_error *err)
{
	const cart_modifier_group *sel = line_item_find_group(owner, group->modifier_group_id);
	const catalog_item *option = catalog_find_item(set, option_id);
	if (!option)
		return fail(err, PRICING_UNKNOWN_OPTION, option_id);
	pricing_charge c = {.tiered = group->n_tiers > 0};
	c.can_add = modifier_group_can_add(set, sel, group, option_id, NULL, 0);
	if (!chosen_charge(set, group, sel, option_id, &c.chosen, &c.amount, err))
		return false;
	if (!c.chosen && !c.can_add) {
		c.amount = pricing_next_selection_price(group, sel, option);
	} else if (!c.chosen) {
		/* What choosing it now adds: choose it on a copy and price it there. */
		line_item copy;
		line_item_copy(&copy, owner);
		bool ok = modifier_group_add(set, &copy, group, option_id, NULL, 0);
		bool modifier_added = ok;
		const cart_modifier_group *after =
		    line_item_find_group(&copy, group->modifier_group_id);
		bool chosen = false;
		if (ok)
			ok = chosen_charge(set, group, after, option_id, &chosen, &c.amount, err);
		else
			c.amount = pricing_next_selection_price(group, sel, option);
		line_item_clear(&copy);
		if (!ok && modifier_added) /* the copy could not be priced: no charge to show */
			return false;
	}
	*out = c;
	return true;
}

/* ---------------------------------------------------------------- prices on screen */

pricing_shown pricing_shown_price(money base_price, bool has_starting_at, money starting_at)
{
	if (has_starting_at && starting_at != base_price)
		return (pricing_shown){starting_at, true};
	return (pricing_shown){base_price, false};
}

/*
 * Without startingAt the cheapest complete configuration stands in for it (contract §4.1:
 * what startingAt would say), so a bare basePrice never promises less than a customer can
 * pay. And a bare price, with or without startingAt, must be what the picker opens with (its
 * defaults, modifier_line_from_defaults): when those cost more, the price reads "from".
 */
pricing_shown pricing_item_shown(const catalog_set *set, const catalog_item *item)
{
	money cheapest = item->starting_at;
	if (set && !item->has_starting_at && !pricing_cheapest(set, item->item_id, &cheapest, NULL))
		cheapest = item->base_price;
	pricing_shown shown =
	    pricing_shown_price(item->base_price, item->has_starting_at || set, cheapest);
	if (!set || shown.from || item->modifier_group_ids.n == 0)
		return shown;
	line_item line;
	money opened;
	if (modifier_line_from_defaults(set, item->item_id, &line, NULL) &&
	    pricing_unit_price(set, &line, &opened, NULL) && opened > shown.amount)
		shown.from = true;
	line_item_clear(&line);
	return shown;
}

const char *pricing_shown_text(pricing_shown shown, char *buf, size_t n)
{
	char money_buf[MONEY_TEXT_MAX];
	money_format(shown.amount, money_buf);
	if (shown.from)
		snprintf(buf, n, _("from %s"), money_buf);
	else if (n > 0) { /* what snprintf "%s" writes, for less: every row of every redraw */
		size_t len = strnlen(money_buf, n - 1);
		memcpy(buf, money_buf, len);
		buf[len] = '\0';
	}
	return buf;
}

money pricing_shown_was(const catalog_item *item, pricing_shown shown)
{
	return item->has_compare_at && item->compare_at > shown.amount ? item->compare_at : 0;
}

const char *pricing_item_price_text(const catalog_set *set, const catalog_item *item, char *buf,
				    size_t n)
{
	return pricing_shown_text(pricing_item_shown(set, item), buf, n);
}

/* ---------------------------------------------------------------- cheapest configuration */

typedef enum cheap_result { CHEAP_OK, CHEAP_IMPOSSIBLE, CHEAP_ERROR } cheap_result;

typedef struct cheap_memo {
	cheap_result result;
	money price;
} cheap_memo;

typedef struct cheap_ctx {
	const catalog_set *set;
	str_list path; /* item ids under evaluation: the cycle guard */
	strmap *memo;  /* item id -> cheap_memo, for results no cycle/depth cut influenced */
	long budget;
	bool cut;		       /* the current evaluation hit a cycle or the depth limit */
	const modifier_group *blocked; /* the most recent group found impossible */
	pricing_error *err;
} cheap_ctx;

static cheap_result cheapest_item(cheap_ctx *c, const catalog_item *item, int depth, money *out);

static int cmp_money(const void *a, const void *b)
{
	money x = *(const money *)a, y = *(const money *)b;
	return (x > y) - (x < y);
}

/* Σ of the `take` smallest of vals[0..n) (sorts vals). */
static bool sum_smallest(money *vals, size_t n, size_t take, money *out)
{
	qsort(vals, n, sizeof *vals, cmp_money);
	money total = 0;
	for (size_t i = 0; i < take; i++)
		if (!add_money(total, vals[i], &total))
			return false;
	*out = total;
	return true;
}

typedef struct option_cost {
	money base;   /* the option's basePrice: paid in slots no tier covers */
	money nested; /* cheapest fill of the option's own required groups */
} option_cost;

static int cmp_by_base(const void *a, const void *b)
{
	return cmp_money(&((const option_cost *)a)->base, &((const option_cost *)b)->base);
}

/*
 * Distinct options: `untiered` of them pay base + nested, `tiered` pay nested only.
 * Some optimum puts every untiered pick before every tiered pick in basePrice
 * order (swapping an inverted pair never costs more), so try each split point.
 */
static bool best_distinct(option_cost *opts, size_t n, size_t untiered, size_t tiered, money *out)
{
	qsort(opts, n, sizeof *opts, cmp_by_base);
	money *tmp = xcalloc(n ? n : 1, sizeof *tmp);
	bool found = false, ok = true;
	money best = 0;
	for (size_t s = untiered; ok && s + tiered <= n; s++) {
		money a = 0, b = 0, sum;
		for (size_t i = 0; i < s; i++)
			ok = ok && add_money(opts[i].base, opts[i].nested, &tmp[i]);
		ok = ok && sum_smallest(tmp, s, untiered, &a);
		for (size_t i = s; i < n; i++)
			tmp[i - s] = opts[i].nested;
		ok = ok && sum_smallest(tmp, n - s, tiered, &b) && add_money(a, b, &sum);
		if (ok && (!found || sum < best)) {
			best = sum;
			found = true;
		}
	}
	free(tmp);
	*out = best;
	return ok && found;
}

/* The same option may repeat: every slot takes the cheapest choice for its kind. */
static bool best_repeated(const option_cost *opts, size_t n, long long untiered, long long tiered,
			  money *out)
{
	money best_full = 0, best_nested = 0;
	for (size_t i = 0; i < n; i++) {
		money full;
		if (!add_money(opts[i].base, opts[i].nested, &full))
			return false;
		if (i == 0 || full < best_full)
			best_full = full;
		if (i == 0 || opts[i].nested < best_nested)
			best_nested = opts[i].nested;
	}
	money a, b;
	return mul_money(best_full, untiered, &a) && mul_money(best_nested, tiered, &b) &&
	       add_money(a, b, out);
}

/* Cost of each choosable option of g (distinct ids); *n_out counts them. */
static cheap_result collect_options(cheap_ctx *c, const modifier_group *g, int depth,
				    option_cost *opts, size_t *n_out)
{
	size_t n = 0;
	for (size_t i = 0; i < g->item_ids.n; i++) {
		const char *id = g->item_ids.v[i];
		bool repeated = false;
		for (size_t j = 0; j < i && !repeated; j++)
			repeated = strcmp(g->item_ids.v[j], id) == 0;
		const catalog_item *opt = repeated ? NULL : catalog_find_item(c->set, id);
		if (!opt)
			continue;
		money full;
		cheap_result r = cheapest_item(c, opt, depth + 1, &full);
		if (r == CHEAP_ERROR)
			return r;
		if (r == CHEAP_IMPOSSIBLE)
			continue;
		opts[n].base = opt->base_price;
		opts[n].nested = full - opt->base_price;
		n++;
	}
	*n_out = n;
	return CHEAP_OK;
}

/* Cheapest way to make exactly minimumAllowed selections in g. */
static cheap_result cheapest_group(cheap_ctx *c, const modifier_group *g, int depth, money *out)
{
	long long m = g->minimum_allowed;
	if (m > g->maximum_allowed)
		return CHEAP_IMPOSSIBLE;
	option_cost *opts = xcalloc(g->item_ids.n ? g->item_ids.n : 1, sizeof *opts);
	size_t n = 0;
	cheap_result r = collect_options(c, g, depth, opts, &n);
	if (r == CHEAP_OK && (n == 0 || (!g->enable_duplicate_items && (long long)n < m)))
		r = CHEAP_IMPOSSIBLE;
	if (r != CHEAP_OK) {
		free(opts);
		return r;
	}
	/* Slots below the first tier offset pay the option's basePrice; the rest a tier price. */
	long long first_tier = g->n_tiers ? g->tiers[0].offset : LLONG_MAX;
	for (size_t i = 1; i < g->n_tiers; i++)
		if (g->tiers[i].offset < first_tier)
			first_tier = g->tiers[i].offset;
	long long untiered = m < first_tier ? m : first_tier;
	long long tiered = m - untiered;
	money tier_sum, picks;
	bool ok = slots_price(g, 0, untiered, tiered, &tier_sum) &&
		  (g->enable_duplicate_items
		       ? best_repeated(opts, n, untiered, tiered, &picks)
		       : best_distinct(opts, n, (size_t)untiered, (size_t)tiered, &picks)) &&
		  add_money(tier_sum, picks, out);
	free(opts);
	if (!ok) {
		fail(c->err, PRICING_OVERFLOW, g->modifier_group_id);
		return CHEAP_ERROR;
	}
	return CHEAP_OK;
}

static cheap_result cheapest_groups(cheap_ctx *c, const catalog_item *item, int depth, money *out)
{
	money total = item->base_price;
	for (size_t i = 0; i < item->modifier_group_ids.n; i++) {
		const modifier_group *g = catalog_find_group(c->set, item->modifier_group_ids.v[i]);
		if (!g || g->minimum_allowed <= 0)
			continue;
		money part;
		cheap_result r = cheapest_group(c, g, depth, &part);
		if (r == CHEAP_IMPOSSIBLE)
			c->blocked = g;
		if (r != CHEAP_OK)
			return r;
		if (!add_money(total, part, &total)) {
			fail(c->err, PRICING_OVERFLOW, item->item_id);
			return CHEAP_ERROR;
		}
	}
	*out = total;
	return CHEAP_OK;
}

static cheap_result cheapest_item(cheap_ctx *c, const catalog_item *item, int depth, money *out)
{
	if (depth > PRICING_MAX_DEPTH || str_list_contains(&c->path, item->item_id)) {
		c->cut = true;
		return CHEAP_IMPOSSIBLE;
	}
	const cheap_memo *known = strmap_get(c->memo, item->item_id);
	if (known) {
		*out = known->price;
		return known->result;
	}
	if (--c->budget < 0) {
		fail(c->err, PRICING_TOO_COMPLEX, item->item_id);
		return CHEAP_ERROR;
	}
	bool outer_cut = c->cut;
	c->cut = false;
	str_list_push(&c->path, item->item_id);
	money price = 0;
	cheap_result r = cheapest_groups(c, item, depth, &price);
	free(c->path.v[--c->path.n]);
	if (r != CHEAP_ERROR && !c->cut) {
		cheap_memo *memo = xmalloc(sizeof *memo);
		memo->result = r;
		memo->price = price;
		free(strmap_put(c->memo, item->item_id, memo));
	}
	c->cut = c->cut || outer_cut;
	*out = price;
	return r;
}

bool pricing_cheapest(const catalog_set *set, const char *item_id, money *out, pricing_error *err)
{
	const catalog_item *item = catalog_find_item(set, item_id);
	if (!item)
		return fail(err, PRICING_UNKNOWN_ITEM, item_id);
	cheap_ctx c = {.set = set, .memo = strmap_new(), .budget = CHEAPEST_BUDGET, .err = err};
	money price = 0;
	cheap_result r = cheapest_item(&c, item, 0, &price);
	if (r == CHEAP_IMPOSSIBLE && c.blocked) /* named as the picker names it, the id kept */
		fail_named(err, PRICING_UNSATISFIABLE, c.blocked->modifier_group_id,
			   modifier_group_label(c.blocked));
	else if (r == CHEAP_IMPOSSIBLE)
		fail(err, PRICING_UNSATISFIABLE, item_id);
	strmap_free(c.memo, free);
	str_list_clear(&c.path);
	if (r != CHEAP_OK)
		return false;
	*out = price;
	return true;
}

/* ---------------------------------------------------------------- tier wording */

typedef struct text_buf {
	char *s;
	size_t n, len;
} text_buf;

static void __attribute__((format(printf, 2, 3))) append(text_buf *b, const char *fmt, ...)
{
	if (b->len >= b->n)
		return;
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(b->s + b->len, b->n - b->len, fmt, ap);
	va_end(ap);
	if (w > 0)
		b->len += (size_t)w < b->n - b->len ? (size_t)w : b->n - b->len - 1;
}

/* A run of slots [start, end) at one price; regular = the option's own basePrice. */
typedef struct tier_run {
	long long count; /* LLONG_MAX for the open-ended last run */
	bool regular;
	money price;
} tier_run;

static void append_first_run(text_buf *b, const tier_run *r, const char *price)
{
	if (r->regular && r->count == 1)
		append(b, "%s", _("first one at regular price"));
	else if (r->regular)
		append(b,
		       ngettext("first %lld at regular price", "first %lld at regular price",
				(unsigned long)r->count),
		       r->count);
	else if (r->price == 0 && r->count == 1)
		append(b, "%s", _("first one free"));
	else if (r->price == 0)
		append(b, ngettext("first %lld free", "first %lld free", (unsigned long)r->count),
		       r->count);
	else if (r->count == 1)
		append(b, _("first one at %s"), price);
	else
		append(b,
		       ngettext("first %lld at %s each", "first %lld at %s each",
				(unsigned long)r->count),
		       r->count, price);
}

static void append_middle_run(text_buf *b, const tier_run *r, const char *price)
{
	if (r->price == 0 && r->count == 1)
		append(b, "%s", _("next one free"));
	else if (r->price == 0)
		append(b, ngettext("next %lld free", "next %lld free", (unsigned long)r->count),
		       r->count);
	else if (r->count == 1)
		append(b, _("next one at %s"), price);
	else
		append(b,
		       ngettext("next %lld at %s each", "next %lld at %s each",
				(unsigned long)r->count),
		       r->count, price);
}

static void append_last_run(text_buf *b, const tier_run *r, const char *price, bool only)
{
	if (r->price == 0)
		append(b, "%s", only ? _("free") : _("then free"));
	else
		append(b, only ? _("%s each") : _("then %s each"), price);
}

/* Runs in slot order; tiers sorted by offset, the first of equal offsets wins (as in pricing). */
static size_t tier_runs(const modifier_group *g, tier_run *runs)
{
	size_t n = 0;
	for (long long k = 0;; n++) {
		const catalog_tier *t = tier_at(g, k);
		long long next = next_boundary(g, k);
		runs[n].regular = t == NULL;
		runs[n].price = t ? t->price : 0;
		runs[n].count = next == LLONG_MAX ? LLONG_MAX : next - k;
		if (next == LLONG_MAX)
			return n + 1;
		k = next;
	}
}

const char *pricing_tiers_text(const modifier_group *group, char *buf, size_t n)
{
	if (!buf || n == 0)
		return "";
	buf[0] = '\0';
	if (!group || group->n_tiers == 0)
		return buf;
	tier_run *runs = xcalloc(group->n_tiers + 1, sizeof *runs);
	size_t n_runs = tier_runs(group, runs);
	text_buf b = {buf, n, 0};
	for (size_t i = 0; i < n_runs; i++) {
		char price[MONEY_TEXT_MAX];
		money_format(runs[i].price, price);
		if (i > 0)
			append(&b, "%s", _(", "));
		if (runs[i].count == LLONG_MAX)
			append_last_run(&b, &runs[i], price, n_runs == 1);
		else if (i == 0)
			append_first_run(&b, &runs[i], price);
		else
			append_middle_run(&b, &runs[i], price);
	}
	free(runs);
	return buf;
}

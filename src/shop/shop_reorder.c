/*
 * Reorder (docs/client.md "Order history"): a past order's lines, checked against the store's
 * current catalog set before they become a cart. The store is fetched for its current
 * catalogSetId (§1.5: a set is an immutable version, so the set itself may come from the
 * cache), then each line is compared: gone, options that no longer fit, a new price. Nothing
 * reaches the cart before the user has seen the findings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "rules/modifier_rules.h"
#include "rules/pricing.h"
#include "shop/shop_int.h"

static void clear_findings(shop *s)
{
	for (size_t i = 0; i < s->reorder.n_findings; i++)
		free(s->reorder.findings[i].detail);
	free(s->reorder.findings);
	s->reorder.findings = NULL;
	s->reorder.n_findings = 0;
	free(s->reorder.keep);
	s->reorder.keep = NULL;
}

void shop_reorder_free(shop *s)
{
	clear_findings(s);
	order_history_entry_clear(&s->reorder.entry);
	s->reorder.state = SHOP_REORDER_NONE;
}

void shop_reorder_cancel(shop *s)
{
	if (s->reorder.state == SHOP_REORDER_NONE)
		return;
	shop_reorder_free(s);
	shop_notify(s, SHOP_CHANGED_HISTORY);
}

bool shop_reorder_begin(shop *s, size_t index)
{
	const order_history_entry *e = shop_history_at(s, index);
	if (!e || !e->store_id || !e->n_lines)
		return false;
	shop_reorder_free(s);
	order_history_entry_copy(&s->reorder.entry, e);
	s->reorder.state = SHOP_REORDER_LOADING;
	/* Always fetched: the store names its current catalog set (shop_menu_load). */
	shop_menu_load(&s->open, s->reorder.entry.store_id);
	shop_notify(s, SHOP_CHANGED_HISTORY | SHOP_CHANGED_STORE | SHOP_CHANGED_BUSY);
	return true;
}

static void add_finding(shop *s, size_t line, shop_reorder_kind kind, money was, money now,
			const char *detail)
{
	s->reorder.findings = xrealloc(s->reorder.findings,
				       (s->reorder.n_findings + 1) * sizeof *s->reorder.findings);
	const order_history_line *l = &s->reorder.entry.lines[line];
	s->reorder.findings[s->reorder.n_findings++] = (shop_reorder_finding){
	    .line = line,
	    .kind = kind,
	    .name = l->name ? l->name : l->line.item_id,
	    .was = was,
	    .now = now,
	    .detail = detail ? xstrdup(detail) : NULL,
	};
}

/* What no longer fits in the line, in words, from the rules' first problem. */
static char *options_problem(const catalog_set *set, const line_item *line)
{
	modifier_problems mp = {0};
	if (modifier_check_line(set, line, &mp))
		return NULL;
	const modifier_problem *p = &mp.v[0];
	const char *id = p->option_id ? p->option_id : p->group_id ? p->group_id : p->item_id;
	const catalog_item *opt = p->option_id ? catalog_find_item(set, p->option_id) : NULL;
	const modifier_group *grp = p->group_id ? catalog_find_group(set, p->group_id) : NULL;
	const char *name = opt && opt->name ? opt->name : grp && grp->name ? grp->name : id;
	char buf[512];
	snprintf(buf, sizeof buf, _("%s no longer fits (%s)"), name ? name : "?",
		 modifier_code_wire(p->code));
	modifier_problems_clear(&mp);
	return xstrdup(buf);
}

/* Compares every recorded line with the set; fills findings and keep. */
static void compare(shop *s, const catalog_set *set)
{
	const order_history_entry *e = &s->reorder.entry;
	s->reorder.keep = xcalloc(e->n_lines + 1, sizeof *s->reorder.keep);
	for (size_t i = 0; i < e->n_lines; i++) {
		const order_history_line *l = &e->lines[i];
		if (!catalog_find_item(set, l->line.item_id)) {
			add_finding(s, i, SHOP_REORDER_GONE, 0, 0, NULL);
			continue;
		}
		char *why = options_problem(set, &l->line);
		pricing_error pe;
		money now = 0;
		if (!why && !pricing_unit_price(set, &l->line, &now, &pe))
			why = xstrdup(pe.message);
		if (why) {
			add_finding(s, i, SHOP_REORDER_OPTIONS_CHANGED, 0, 0, why);
			free(why);
			continue;
		}
		s->reorder.keep[i] = true;
		if (l->has_price && now != l->unit_price)
			add_finding(s, i, SHOP_REORDER_PRICE_CHANGED, l->unit_price, now, NULL);
	}
}

unsigned shop_reorder_menu_ready(shop *s)
{
	if (s->reorder.state != SHOP_REORDER_LOADING)
		return 0;
	if (!s->open.store_id || strcmp(s->open.store_id, s->reorder.entry.store_id) != 0) {
		shop_reorder_free(s); /* another store was opened meanwhile */
		return SHOP_CHANGED_HISTORY;
	}
	if (!s->open.set) {
		s->reorder.state = SHOP_REORDER_FAILED;
		if (!s->notice)
			shop_set_notice(s, _("The store's menu could not be read, so the order "
					     "cannot be repeated now."));
		return SHOP_CHANGED_HISTORY;
	}
	clear_findings(s);
	compare(s, s->open.set);
	s->reorder.state = SHOP_REORDER_READY;
	return SHOP_CHANGED_HISTORY;
}

shop_reorder_state shop_reorder_state_now(const shop *s)
{
	return s->reorder.state;
}

size_t shop_reorder_finding_count(const shop *s)
{
	return s->reorder.state == SHOP_REORDER_READY ? s->reorder.n_findings : 0;
}

const shop_reorder_finding *shop_reorder_finding_at(const shop *s, size_t index)
{
	return index < shop_reorder_finding_count(s) ? &s->reorder.findings[index] : NULL;
}

size_t shop_reorder_line_count(const shop *s)
{
	size_t n = 0;
	if (s->reorder.state != SHOP_REORDER_READY)
		return 0;
	for (size_t i = 0; i < s->reorder.entry.n_lines; i++)
		n += s->reorder.keep[i];
	return n;
}

shop_cart_result shop_reorder_accept(shop *s, bool force)
{
	if (s->reorder.state != SHOP_REORDER_READY || !shop_reorder_line_count(s)) {
		shop_set_notice(s, _("Nothing of this order can be ordered again."));
		shop_notify(s, SHOP_CHANGED_NOTICE);
		return SHOP_CART_INVALID;
	}
	if (s->cart->n_lines && !force)
		return SHOP_CART_OTHER_STORE;
	if (s->cart->n_lines)
		shop_cart_clear(s);
	size_t added = 0;
	shop_cart_result last = SHOP_CART_INVALID;
	for (size_t i = 0; i < s->reorder.entry.n_lines; i++) {
		if (!s->reorder.keep[i])
			continue;
		line_item line;
		line_item_copy(&line, &s->reorder.entry.lines[i].line);
		free(line.line_item_id); /* a new cart's line */
		line.line_item_id = NULL;
		last = shop_cart_add(s, &line, true);
		added += last == SHOP_CART_OK;
	}
	shop_reorder_free(s);
	shop_notify(s, SHOP_CHANGED_HISTORY);
	return added ? SHOP_CART_OK : last;
}

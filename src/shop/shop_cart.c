/*
 * The client-owned cart: every change is saved atomically (cart_file.h, one file
 * per base URL and user) and the cart is restored at start. A restored cart is
 * checked against its store's *current* catalog set: when the set changed, the
 * cart moves to it and every line that no longer fits is reported as stale
 * (shop_cart_line_is_stale), never dropped silently.
 */
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "rules/modifier_rules.h"
#include "rules/orderable.h"
#include "rules/pricing.h"
#include "shop/shop_int.h"

static bool same_id(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

void shop_cart_save(shop *s)
{
	char err[600] = "";
	const cart *c = s->cart->n_lines ? s->cart : NULL; /* an empty cart has no file */
	json_t *draft = c ? shop_draft_to_json(s) : NULL;
	if (!cart_file_save(s->carts, c, draft, err, sizeof err))
		shop_set_notice(s, err);
	json_decref(draft);
}

static void give_line_id(line_item *line)
{
	if (line->line_item_id)
		return;
	char id[JOURNAL_KEY_LEN + 1];
	journal_new_key(id);
	line->line_item_id = xstrdup(id);
}

/* ------------------------------------------------------------------ stale lines */

static void stale_resize(shop *s)
{
	free(s->stale);
	s->stale = s->cart->n_lines ? xcalloc(s->cart->n_lines, sizeof *s->stale) : NULL;
}

/* Marks the lines that do not fit `set` (unknown ids, broken modifier rules). */
static size_t mark_stale(shop *s, const catalog_set *set)
{
	stale_resize(s);
	size_t n = 0;
	for (size_t i = 0; set && i < s->cart->n_lines; i++) {
		s->stale[i] = !modifier_check_line(set, &s->cart->lines[i], NULL);
		n += s->stale[i];
	}
	return n;
}

static void report_stale(shop *s, size_t n)
{
	if (!n)
		return;
	char buf[256];
	snprintf(buf, sizeof buf,
		 n == 1
		     ? _("%zu item in your cart is no longer available; remove or replace it.")
		     : _("%zu items in your cart are no longer available; remove or replace them."),
		 n);
	shop_set_notice(s, buf);
}

/* The cart menu holds the store's current set: move the cart to it and re-check. */
static unsigned recheck(shop *s)
{
	const shop_menu *m = &s->cart_menu;
	if (!m->set)
		return 0;
	if (!same_id(s->cart->catalog_set_id, m->set_id)) {
		free(s->cart->catalog_set_id);
		s->cart->catalog_set_id = xstrdup(m->set_id);
		shop_cart_save(s);
		shop_checkout_invalidate(s);
	} else if (s->co.active) {
		shop_checkout_invalidate(s); /* a percentage tip can be priced now */
	}
	report_stale(s, mark_stale(s, m->set));
	return SHOP_CHANGED_CART | SHOP_CHANGED_CHECKOUT;
}

static void on_cart_menu_ready(shop_menu *menu)
{
	shop *s = menu->owner;
	unsigned changes = SHOP_CHANGED_BUSY | recheck(s);
	shop_notify(s, changes);
}

/* ------------------------------------------------------------------ restore, free */

void shop_cart_restore(shop *s)
{
	shop_menu_init(s, &s->cart_menu, on_cart_menu_ready);
	char problem[4600] = "";
	json_t *draft = NULL;
	s->cart = cart_file_load(s->carts, &draft, problem, sizeof problem);
	if (problem[0])
		shop_set_notice(s, problem);
	if (!s->cart)
		s->cart = cart_new(NULL, NULL);
	for (size_t i = 0; i < s->cart->n_lines; i++)
		give_line_id(&s->cart->lines[i]);
	shop_draft_restore(s, draft);
	json_decref(draft);
	shop_place_recognise_cart(s);
	stale_resize(s);
	if (s->cart->n_lines && s->cart->store_id)
		shop_menu_load(&s->cart_menu, s->cart->store_id);
}

void shop_cart_free(shop *s)
{
	shop_menu_clear(&s->cart_menu);
	cart_free(s->cart);
	s->cart = NULL;
	free(s->stale);
	s->stale = NULL;
}

/* The cart lost its last line: it belongs to no store any more, and the next one starts
   with a fresh checkout draft. */
static void forget_store(shop *s)
{
	free(s->cart->store_id);
	free(s->cart->catalog_set_id);
	s->cart->store_id = s->cart->catalog_set_id = NULL;
	shop_menu_clear(&s->cart_menu);
	shop_draft_reset(s);
}

void shop_cart_empty(shop *s)
{
	while (s->cart->n_lines)
		cart_remove_line(s->cart, s->cart->n_lines - 1);
	forget_store(s);
	stale_resize(s);
	shop_cart_save(s);
}

unsigned shop_cart_follow_open(shop *s)
{
	const shop_menu *open = &s->open;
	if (!s->cart->n_lines || !open->set || !same_id(s->cart->store_id, open->store_id))
		return 0;
	shop_menu_adopt(&s->cart_menu, open);
	return recheck(s);
}

/* The same cart: its store and lines (ids, items, quantities, options). The catalog set id
   is left out: a cart moves to its store's current set (recheck) and stays the same cart. */
bool shop_cart_matches(const shop *s, const json_t *cart_json)
{
	if (!s->cart->n_lines || !json_is_object(cart_json))
		return false;
	json_t *mine = cart_to_json(s->cart), *theirs = json_deep_copy(cart_json);
	json_object_del(mine, "catalogSetId");
	json_object_del(theirs, "catalogSetId");
	bool same = json_equal(mine, theirs);
	json_decref(mine);
	json_decref(theirs);
	return same;
}

/* ------------------------------------------------------------------ changing lines */

/* Whether the line can go into a cart on the menu's set now; if not, the notice says why. */
static bool line_fits(shop *s, const shop_menu *menu, const line_item *line)
{
	const catalog_set *set = menu->set;
	modifier_problems problems = {0};
	const char *why = NULL;
	char reason[256];
	money total;
	if (!set)
		why = _("The menu has not been loaded yet.");
	else if (!line->item_id || !catalog_find_item(set, line->item_id))
		why = _("This item is not on the menu.");
	else if (line->quantity < 1)
		why = _("The quantity must be at least 1.");
	else if (!modifier_check_line(set, line, &problems))
		why = problems.n && problems.v[0].message
			  ? problems.v[0].message
			  : _("The choices for this item are not valid.");
	else if (!pricing_line_total(set, line, &total, NULL))
		why = _("This item cannot be priced.");
	else {
		const catalog_item *it = catalog_find_item(set, line->item_id);
		orderable o = orderable_item(set, line->item_id, menu->st,
					     menu->st ? menu->st->time_zone : NULL, shop_now(s));
		if (!orderable_is_now(&o))
			why = orderable_reason(&o, it->name, reason, sizeof reason);
	}
	if (why)
		shop_set_notice(s, why);
	modifier_problems_clear(&problems);
	return why == NULL;
}

/* A refused line: consumed like an accepted one. */
static shop_cart_result refuse(shop *s, line_item *line, shop_cart_result why)
{
	line_item_clear(line);
	shop_notify(s, 0); /* the notice, if it changed */
	return why;
}

static void changed(shop *s)
{
	s->co.menu_refreshed = false; /* a new cart may be checked against a new menu */
	shop_cart_save(s);
	shop_checkout_invalidate(s);
	shop_notify(s, SHOP_CHANGED_CART | SHOP_CHANGED_CHECKOUT);
}

/* Prepares the cart to take a line of the open store. */
static shop_cart_result make_room(shop *s, bool force)
{
	const shop_menu *open = &s->open;
	if (s->cart->n_lines && !same_id(s->cart->store_id, open->store_id)) {
		if (!force)
			return SHOP_CART_OTHER_STORE;
		while (s->cart->n_lines)
			cart_remove_line(s->cart, s->cart->n_lines - 1);
		shop_draft_reset(s);
	}
	if (!s->cart->n_lines) {
		free(s->cart->store_id);
		s->cart->store_id = xstrdup(open->store_id);
	}
	if (!same_id(s->cart_menu.set_id, open->set_id) ||
	    !same_id(s->cart_menu.store_id, open->store_id)) {
		shop_menu_adopt(&s->cart_menu, open);
		free(s->cart->catalog_set_id);
		s->cart->catalog_set_id = xstrdup(open->set_id);
	}
	return SHOP_CART_OK;
}

shop_cart_result shop_cart_add(shop *s, line_item *line, bool force)
{
	shop_cart_result res = SHOP_CART_INVALID;
	if (line_fits(s, &s->open, line) && s->open.st)
		res = make_room(s, force);
	if (res != SHOP_CART_OK)
		return refuse(s, line, res);
	give_line_id(line);
	cart_add_line(s->cart, line);
	mark_stale(s, s->cart_menu.set);
	changed(s);
	return SHOP_CART_OK;
}

shop_cart_result shop_cart_add_in_mode(shop *s, line_item *line, bool force, shop_mode mode)
{
	shop_cart_result res = shop_cart_add(s, line, force);
	if (res == SHOP_CART_OK && shop_discover_mode(s) != mode)
		shop_discover_set_mode(s, mode);
	return res;
}

void shop_cart_set_quantity(shop *s, size_t index, long long quantity)
{
	if (index >= s->cart->n_lines)
		return;
	if (quantity <= 0) {
		shop_cart_remove(s, index);
		return;
	}
	if (s->cart->lines[index].quantity == quantity)
		return;
	s->cart->lines[index].quantity = quantity;
	changed(s);
}

void shop_cart_remove(shop *s, size_t index)
{
	if (index >= s->cart->n_lines)
		return;
	cart_remove_line(s->cart, index);
	if (s->stale)
		memmove(&s->stale[index], &s->stale[index + 1],
			(s->cart->n_lines - index) * sizeof *s->stale);
	if (!s->cart->n_lines) {
		forget_store(s);
		stale_resize(s);
	}
	changed(s);
}

shop_cart_result shop_cart_replace(shop *s, size_t index, line_item *line)
{
	if (index >= s->cart->n_lines || !line_fits(s, &s->cart_menu, line))
		return refuse(s, line, SHOP_CART_INVALID);
	line_item *old = &s->cart->lines[index];
	free(line->line_item_id); /* the line keeps its identity */
	line->line_item_id = old->line_item_id;
	old->line_item_id = NULL;
	line_item_clear(old);
	*old = *line;
	memset(line, 0, sizeof *line);
	s->stale[index] = false;
	changed(s);
	return SHOP_CART_OK;
}

void shop_cart_clear(shop *s)
{
	if (!s->cart->n_lines)
		return;
	shop_cart_empty(s);
	shop_checkout_invalidate(s);
	shop_notify(s, SHOP_CHANGED_CART | SHOP_CHANGED_CHECKOUT);
}

/* ------------------------------------------------------------------ reading */

const cart *shop_cart(const shop *s)
{
	return s->cart;
}

const catalog_set *shop_cart_catalog(const shop *s)
{
	return s->cart_menu.set;
}

const char *shop_cart_store_name(const shop *s)
{
	return s->cart->n_lines && s->cart_menu.st ? s->cart_menu.st->name : NULL;
}

const store *shop_cart_store(const shop *s)
{
	return s->cart->n_lines ? s->cart_menu.st : NULL;
}

bool shop_cart_estimate(const shop *s, money *subtotal)
{
	if (!s->cart_menu.set)
		return false;
	return pricing_cart_subtotal(s->cart_menu.set, s->cart, subtotal, NULL);
}

long long shop_cart_items(const shop *s)
{
	long long items = 0; /* a quantity is only known to be >= 1 (a cart file, the server) */
	for (size_t i = 0; i < s->cart->n_lines; i++) {
		items = count_add(items, s->cart->lines[i].quantity);
	}
	return items;
}

bool shop_cart_line_orderable(const shop *s, size_t index, orderable *out)
{
	const shop_menu *m = &s->cart_menu;
	if (index >= s->cart->n_lines || !m->set)
		return true;
	*out = orderable_item(m->set, s->cart->lines[index].item_id, m->st,
			      m->st ? m->st->time_zone : NULL, shop_now(s));
	return orderable_is_now(out);
}

size_t shop_cart_stale_count(const shop *s)
{
	size_t n = 0;
	for (size_t i = 0; s->stale && i < s->cart->n_lines; i++)
		n += s->stale[i];
	return n;
}

bool shop_cart_line_is_stale(const shop *s, size_t index)
{
	return s->stale && index < s->cart->n_lines && s->stale[index];
}

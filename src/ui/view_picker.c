/*
 * The modifier picker: the item's groups with their rules in words, options
 * pre-selected from the defaults, nested groups of chosen options indented under
 * them, and the live unit and line price. The selection is a line_item edited
 * only through modifier_rules.h, so the picker cannot disagree with the rules.
 *
 * `a` adds the line to the shop's cart (or replaces the cart line being edited);
 * where the shop cannot check out (offline browsing) it only confirms the line
 * and its price. The set is the shop's current one (the cart's, when editing)
 * and is looked up again when the shop replaces it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "rules/modifier_rules.h"
#include "base/money.h"
#include "ui/online.h"
#include "rules/orderable.h"
#include "rules/pricing.h"
#include "ui/views.h"

enum pick_kind { PICK_GROUP, PICK_OPTION };

typedef struct pick_row {
	enum pick_kind kind;
	int depth;
	line_item *owner; /* the line or option line the group belongs to */
	const modifier_group *group;
	const catalog_item *option; /* PICK_OPTION only */
	char *key;		    /* ids from the line, '/'-joined (matches problem paths) */
} pick_row;

typedef struct picker_view {
	view base;
	long edit_index;	    /* the cart line being edited, or -1 */
	const catalog_set *built;   /* the set item and rows point into */
	unsigned long built_serial; /* its catalog_set_serial */
	/* The item's price in its menu row's words, worked out once for the set (it looks for the
	   cheapest configuration: not for every redraw). Current while shown_serial is
	   built_serial. */
	pricing_shown shown;
	unsigned long shown_serial;
	char *item_id;
	const catalog_item *item; /* NULL when the set no longer has it */
	line_item line;
	line_item initial; /* the line as the picker opened it: a change is asked about on quit */
	pick_row *rows;
	size_t n_rows, cap_rows;
	int max_depth; /* the deepest row's: pick_indent shares the width out by it */
	ui_list list;
	/* The mode the line is added in: the current one, or the other once the user agreed to
	   switch; the shop switches only if the line goes in. */
	shop_mode add_mode;
} picker_view;

enum {
	PICK_NEXT_GROUP = VIEW_ACTION_FIRST,
	PICK_PREV_GROUP,
	PICK_TOGGLE,
	PICK_MORE,
	PICK_LESS,
	PICK_QTY_UP,
	PICK_QTY_DOWN,
	PICK_ADD,
	PICK_DETAIL,
	PICK_BACK, /* editing: back to the cart, asking first when the changes are not saved */
};

/* The view's modes (view.mode): what `a` does and where back goes. */
enum {
	PICK_BROWSING = 1u << 0, /* the shop cannot check out: no cart */
	PICK_ADDING = 1u << 1,	 /* a new line for the cart */
	PICK_EDITING = 1u << 2,	 /* a cart line */
};

static const ui_keybind picker_keys[] = {
    {UI_KEY_TAB, ']', "Tab/]", N_("next group"), PICK_NEXT_GROUP, 0},
    {UI_KEY_FN(KEY_BTAB), '[', "S-Tab/[", N_("previous group"), PICK_PREV_GROUP, 0},
    {' ', UI_KEY_ENTER, "Space/Enter", N_("choose or unchoose the option"), PICK_TOGGLE, 0},
    {'+', '=', "+", N_("one more of the option (where allowed)"), PICK_MORE, 0},
    {'-', 0, "-", N_("one less of the option"), PICK_LESS, 0},
    {'>', 0, ">", N_("one more of this item"), PICK_QTY_UP, 0},
    {'<', 0, "<", N_("one less of this item"), PICK_QTY_DOWN, 0},
    {'a', 0, "a", N_("add to the order"), PICK_ADD, PICK_BROWSING},
    {'a', 0, "a", N_("add to the cart"), PICK_ADD, PICK_ADDING},
    {'a', 0, "a", N_("save the changes to the cart line"), PICK_ADD, PICK_EDITING},
    {'i', 0, "i", N_("the item's details"), PICK_DETAIL, 0},
    VIEW_KEY_CART(PICK_ADDING | PICK_EDITING),
    VIEW_KEY_ORDERS(PICK_ADDING | PICK_EDITING),
    VIEW_KEY_ACCOUNT(PICK_ADDING | PICK_EDITING),
    {UI_KEY_ESC, UI_KEY_BS, "Esc/BS", N_("back to the menu"), APP_ACTION_BACK,
     PICK_BROWSING | PICK_ADDING},
    {UI_KEY_ESC, UI_KEY_BS, "Esc/BS", N_("back to the cart"), PICK_BACK, PICK_EDITING},
};

static const catalog_set *picker_set(const picker_view *p)
{
	const app *a = p->base.app;
	return p->edit_index >= 0 ? shop_cart_catalog(a->shop) : shop_current_catalog(a->shop);
}

static void clear_rows(picker_view *p)
{
	for (size_t i = 0; i < p->n_rows; i++)
		free(p->rows[i].key);
	p->n_rows = 0;
}

static char *join_key(const char *prefix, const char *id)
{
	size_t n = (prefix ? strlen(prefix) + 1 : 0) + strlen(id) + 1;
	char *k = xmalloc(n);
	snprintf(k, n, "%s%s%s", prefix ? prefix : "", prefix ? "/" : "", id);
	return k;
}

static pick_row *push_row(picker_view *p, enum pick_kind kind, int depth, line_item *owner,
			  const modifier_group *g, const catalog_item *option, char *key)
{
	if (p->n_rows == p->cap_rows) {
		p->cap_rows = p->cap_rows ? p->cap_rows * 2 : 32;
		p->rows = xrealloc(p->rows, p->cap_rows * sizeof *p->rows);
	}
	pick_row *r = &p->rows[p->n_rows++];
	*r = (pick_row){kind, depth, owner, g, option, key};
	if (depth > p->max_depth)
		p->max_depth = depth;
	return r;
}

static void add_groups(picker_view *p, line_item *owner, const catalog_item *owner_item, int depth,
		       const char *prefix)
{
	const catalog_set *set = p->built;
	if (depth >= MODIFIER_MAX_DEPTH)
		return;
	for (size_t i = 0; i < owner_item->modifier_group_ids.n; i++) {
		const modifier_group *g =
		    catalog_find_group(set, owner_item->modifier_group_ids.v[i]);
		if (!g)
			continue;
		char *gkey = join_key(prefix, g->modifier_group_id);
		push_row(p, PICK_GROUP, depth, owner, g, NULL, gkey);
		cart_modifier_group *sel = line_item_find_group(owner, g->modifier_group_id);
		for (size_t j = 0; j < g->item_ids.n; j++) {
			const catalog_item *opt = catalog_find_item(set, g->item_ids.v[j]);
			if (!opt)
				continue;
			char *okey = join_key(gkey, opt->item_id);
			push_row(p, PICK_OPTION, depth, owner, g, opt, okey);
			for (size_t k = 0; sel && k < sel->n_items; k++)
				if (strcmp(sel->items[k].item_id, opt->item_id) == 0)
					add_groups(p, &sel->items[k], opt, depth + 1, okey);
		}
	}
}

static void build_rows(picker_view *p)
{
	clear_rows(p);
	p->max_depth = 0;
	if (p->item)
		add_groups(p, &p->line, p->item, 0, NULL);
	p->list.count = (int)p->n_rows;
	ui_list_clamp(&p->list);
}

/* Whether the item can be ordered now: the menu view's rule (orderable.h), the shop's too. */
static orderable picker_orderable(const picker_view *p)
{
	const app *a = p->base.app;
	if (p->edit_index >= 0)
		return (orderable){.state = ORDERABLE_NOW}; /* the shop checks the cart's line */
	return orderable_item(p->built, p->item_id, shop_current_store(a->shop),
			      shop_current_time_zone(a->shop), app_now(a));
}

static long long option_count(const pick_row *r)
{
	const cart_modifier_group *sel =
	    line_item_find_group(r->owner, r->group->modifier_group_id);
	long long n = 0;
	for (size_t i = 0; sel && i < sel->n_items; i++)
		if (strcmp(sel->items[i].item_id, r->option->item_id) == 0)
			n += sel->items[i].quantity;
	return n;
}

/* Columns a row at depth is indented by: 4 a level, unless the deepest row would then take more
   than a quarter of the width (a narrow screen, a deep tree); then the levels share that quarter,
   at least one column each, so a nested name keeps the rest of the row. */
#define PICK_INDENT 4
static int pick_indent(const picker_view *p, int depth, int cols)
{
	int room = cols / 4, step = PICK_INDENT;
	if (p->max_depth > 0 && p->max_depth * step > room)
		step = room / p->max_depth > 1 ? room / p->max_depth : 1;
	return depth * step;
}

static void draw_group(picker_view *p, const pick_row *r, int y, int cols, attr_t base)
{
	const app *a = p->base.app;
	char rule[MODIFIER_TEXT_MAX], tiers[MODIFIER_TEXT_MAX], chosen[64];
	long long count =
	    modifier_group_count(line_item_find_group(r->owner, r->group->modifier_group_id));
	snprintf(chosen, sizeof chosen, _("%lld chosen"), count);
	pricing_tiers_text(r->group, tiers, sizeof tiers);
	/* On a narrow line: "first 2 free, then $1.50 each" -> "then $1.50 each", "Choose up to
	   6" -> "up to 6". */
	const char *then = strrchr(tiers, ',');
	modifier_group_rule_text(r->group, rule, sizeof rule);
	const char *choose = _("Choose "), *rule_brief = NULL;
	if (strncmp(rule, choose, strlen(choose)) == 0 &&
	    strncmp(rule + strlen(choose), _("up to "), strlen(_("up to "))) == 0)
		rule_brief = rule + strlen(choose);
	int x = 1 + pick_indent(p, r->depth, cols);
	/* The name as the catalog has it, the rule beside it; the rule, the count and the tiers'
	   prices stay whole, the name is cut first. Too narrow for all (a deep row on a small
	   screen), the tiers then the count give way: the name and the rule say what to choose. */
	ui_part parts[] = {
	    {.text = modifier_group_label(r->group),
	     .priority = 4,
	     .elastic = true,
	     .attr = app_attr(a, UI_HEADER)},
	    {.text = rule,
	     .brief = rule_brief,
	     .sep = " · ",
	     .priority = 5,
	     .attr = app_attr(a, UI_HEADER)},
	    {.text = chosen, .sep = " · ", .priority = 3, .attr = app_attr(a, UI_HEADER)},
	    {.text = tiers,
	     .brief = then ? then + 2 : NULL,
	     .sep = "  ",
	     .priority = 2,
	     .right = true,
	     .attr = base ? 0 : app_attr(a, UI_DIM)},
	};
	ui_put_parts(stdscr, y, x, parts, sizeof parts / sizeof parts[0], cols - 1 - x, base);
}

/* What the option's row says on its right: its charge now, from pricing_option_charge. */
static const char *charge_text(const pick_row *r, const pricing_charge *c, char *buf, size_t n)
{
	char money_buf[MONEY_TEXT_MAX];
	bool has_price = c->tiered || r->option->base_price != 0;
	if (!c->chosen && !c->can_add && !modifier_group_is_radio(r->group))
		snprintf(buf, n, "%s", _("max reached"));
	else if (c->amount != 0)
		snprintf(buf, n, "%s", money_format_delta(c->amount, money_buf));
	else if (has_price)
		snprintf(buf, n, "%s", c->chosen ? _("included") : _("free"));
	else
		buf[0] = '\0';
	return buf;
}

static void draw_option(picker_view *p, const pick_row *r, int y, int cols, attr_t base)
{
	const app *a = p->base.app;
	long long count = option_count(r);
	char mark[32], price[64];
	if (modifier_group_is_radio(r->group))
		snprintf(mark, sizeof mark, "%s", count ? "(•)" : "( )");
	else if (count > 1)
		snprintf(mark, sizeof mark, "[%lld]", count);
	else
		snprintf(mark, sizeof mark, "%s", count ? "[x]" : "[ ]");
	pricing_charge charge;
	price[0] = '\0';
	bool full = false;
	if (pricing_option_charge(p->built, r->owner, r->group, r->option->item_id, &charge,
				  NULL)) {
		charge_text(r, &charge, price, sizeof price);
		/* The group is full: this option cannot be added (dimmed, and said in words). */
		full = !charge.chosen && !charge.can_add && !modifier_group_is_radio(r->group);
	}
	attr_t text = base | (full ? app_attr(a, UI_DIM) : 0);
	int x = 3 + pick_indent(p, r->depth, cols);
	x += ui_put(stdscr, y, x, mark, cols - x, text) + 1;
	/* The charge is never cut before the name. */
	ui_part parts[] = {
	    {.text = r->option->name,
	     .priority = 1,
	     .elastic = true,
	     .min = 6,
	     .attr = full ? app_attr(a, UI_DIM) : 0},
	    {.text = price,
	     .sep = "  ",
	     .priority = 2,
	     .right = true,
	     .attr = base			  ? 0
		     : full || charge.amount == 0 ? app_attr(a, UI_DIM)
						  : app_attr(a, UI_PRICE)},
	};
	ui_put_parts(stdscr, y, x, parts, 2, cols - 1 - x, base);
}

static void draw_totals(picker_view *p, int y, int cols)
{
	const app *a = p->base.app;
	money unit, total;
	char u[MONEY_TEXT_MAX], t[MONEY_TEXT_MAX], buf[256], brief[256] = "";
	if (p->built && pricing_unit_price(p->built, &p->line, &unit, NULL) &&
	    pricing_line_total(p->built, &p->line, &total, NULL)) {
		snprintf(buf, sizeof buf, _("Qty %lld · Unit %s · Line %s"), p->line.quantity,
			 money_format(unit, u), money_format(total, t));
		snprintf(brief, sizeof brief, _("Qty %lld · Line %s"), p->line.quantity, t);
	} else {
		snprintf(buf, sizeof buf, _("Qty %lld · price unavailable"), p->line.quantity);
	}
	mvwhline_set(stdscr, y - 1, 0, WACS_HLINE, cols);
	/* The prices, then the key that moves on; "Esc: back" gives way first. */
	ui_part parts[] = {
	    {.text = buf, .brief = brief, .priority = 5, .attr = A_BOLD},
	    {.text = p->base.mode == PICK_BROWSING  ? _("a: add")
		     : p->base.mode == PICK_EDITING ? _("a: save")
						    : _("a: add to cart"),
	     .brief = p->base.mode == PICK_ADDING ? _("a: add") : NULL,
	     .sep = "  ",
	     .priority = 4,
	     .right = true,
	     .attr = app_attr(a, UI_DIM)},
	    {.text = _("Esc: back"), .sep = " · ", .priority = 2, .attr = app_attr(a, UI_DIM)},
	};
	ui_put_parts(stdscr, y, 1, parts, sizeof parts / sizeof parts[0], cols - 2, 0);
}

static void picker_resize(view *v, int rows, int cols);

/* The description under the title, wrapped at its line breaks and to the width on up to two
   rows (one on a screen shorter than PICK_TALL_ROWS, where the options need them), the last
   cut (i shows it whole); drawn when `draw`. Returns the rows it takes, at least 1. */
#define PICK_TALL_ROWS 16
static int picker_description(const picker_view *p, int rows, int cols, bool draw)
{
	const char *text = p->item ? p->item->description : NULL;
	int n = text ? ui_put_wrapped(draw ? stdscr : NULL, 1, 1, text, cols - 2,
				      rows < PICK_TALL_ROWS ? 1 : 2, app_attr(p->base.app, UI_DIM))
		     : 0;
	return n > 1 ? n : 1;
}

/* Online, the shop may have replaced the set: find the item again and rebuild the rows. */
static void sync_set(picker_view *p)
{
	const catalog_set *set = picker_set(p);
	if (catalog_set_serial(set) == p->built_serial)
		return;
	p->built = set;
	p->built_serial = catalog_set_serial(set);
	p->item = set ? catalog_find_item(set, p->item_id) : NULL;
	build_rows(p);
	picker_resize(&p->base, LINES - 1, COLS);
}

static void picker_draw(view *v, int rows, int cols)
{
	picker_view *p = (picker_view *)v;
	const app *a = v->app;
	char price[64];
	sync_set(p);
	if (!p->item) {
		ui_title(a, _("Options"), NULL, cols);
		ui_put(stdscr, 2, 3,
		       p->built ? _("This item is no longer on the menu.") : _("Loading the menu…"),
		       cols - 4, A_DIM);
		return;
	}
	/* The same words as the item's menu row (pricing_item_shown, orderable_text). */
	if (p->shown_serial != p->built_serial) {
		p->shown = pricing_item_shown(p->built, p->item);
		p->shown_serial = p->built_serial;
	}
	int right = ui_put_right(stdscr, 0, app_title_cols(a, cols) - 1,
				 pricing_shown_text(p->shown, price, sizeof price), 24,
				 app_attr(a, UI_PRICE));
	orderable o = picker_orderable(p);
	if (!orderable_is_now(&o)) {
		char when[128];
		right = ui_put_right(stdscr, 0, right - 2, orderable_text(&o, when, sizeof when),
				     cols / 3, app_attr(a, UI_DIM)) -
			1;
	}
	ui_put(stdscr, 0, 1, p->item->name, right - 3, app_attr(a, UI_TITLE));
	int top = 2 + picker_description(p, rows, cols, true); /* a gap, then the rows */
	if (p->n_rows == 0)
		ui_put(stdscr, top, 3, _("No options to choose."), cols - 4, A_DIM);
	p->list.screen_y = top; /* where a click lands */
	for (int i = 0; i < p->list.height && p->list.top + i < (int)p->n_rows; i++) {
		int idx = p->list.top + i;
		attr_t base = idx == p->list.cursor ? ui_cursor_bar(a, top + i, cols) : 0;
		if (p->rows[idx].kind == PICK_GROUP)
			draw_group(p, &p->rows[idx], top + i, cols, base);
		else
			draw_option(p, &p->rows[idx], top + i, cols, base);
	}
	draw_totals(p, rows - 1, cols);
}

static void picker_resize(view *v, int rows, int cols)
{
	picker_view *p = (picker_view *)v;
	/* title, description, gap; rule and totals */
	p->list.height = rows - 4 - picker_description(p, rows, cols, false);
	if (p->list.cursor < p->list.height)
		p->list.top = 0;
	ui_list_clamp(&p->list);
}

static void jump_group(picker_view *p, int dir)
{
	for (int i = p->list.cursor + dir; i >= 0 && i < (int)p->n_rows; i += dir)
		if (p->rows[i].kind == PICK_GROUP) {
			p->list.cursor = i;
			ui_list_clamp(&p->list);
			return;
		}
}

/* Puts the cursor on the row whose key is KEY (a path of group and option ids), if any. */
static void cursor_to_row_key(picker_view *p, const char *key)
{
	for (size_t i = 0; i < p->n_rows; i++)
		if (strcmp(p->rows[i].key, key) == 0) {
			p->list.cursor = (int)i;
			ui_list_clamp(&p->list);
			break;
		}
}

/* Applies one edit to the option under the cursor; the status line says why when refused. */
static void edit_option(picker_view *p, int action)
{
	app *a = p->base.app;
	if (p->n_rows == 0 || p->rows[p->list.cursor].kind != PICK_OPTION)
		return;
	const pick_row *r = &p->rows[p->list.cursor];
	char reason[MODIFIER_TEXT_MAX] = "";
	long long count = option_count(r);
	bool ok;
	if (action == PICK_MORE)
		ok = modifier_group_add(p->built, r->owner, r->group, r->option->item_id, reason,
					sizeof reason);
	else if (action == PICK_LESS)
		ok = modifier_group_remove(r->owner, r->group, r->option->item_id, reason,
					   sizeof reason);
	else if (count > 0 && modifier_group_is_radio(r->group) && r->group->minimum_allowed > 0)
		return; /* a required single choice is changed by choosing another option */
	else if (count > 0)
		ok = modifier_group_set_quantity(p->built, r->owner, r->group, r->option->item_id,
						 0, reason, sizeof reason);
	else
		ok = modifier_group_add(p->built, r->owner, r->group, r->option->item_id, reason,
					sizeof reason);
	if (reason[0])
		app_status(a, "%s", reason);
	if (!ok)
		return;
	/* Choosing one option of a single choice drops the nested groups of the one it replaces:
	   when those rows were above, the cursor stays on the option just chosen, not on its old
	   row number (which would now be the next option). */
	char *key = xstrdup(r->key);
	build_rows(p);
	cursor_to_row_key(p, key);
	free(key);
}

static void cursor_to_key(picker_view *p, const str_list *path)
{
	size_t n = 0;
	for (size_t i = 0; i < path->n; i++)
		n += strlen(path->v[i]) + 1;
	char *want = xcalloc(n + 1, 1);
	for (size_t i = 0; i < path->n; i++) {
		if (i)
			strcat(want, "/");
		strcat(want, path->v[i]);
	}
	cursor_to_row_key(p, want);
	free(want);
}

/* After the shop took (or refused) the line: leaves with a word on the status line. */
static void leave_with(picker_view *p, const char *fmt)
{
	app *a = p->base.app;
	char name[256], money_buf[MONEY_TEXT_MAX];
	money total = 0;
	pricing_line_total(p->built, &p->line, &total, NULL);
	snprintf(name, sizeof name, "%s", p->item->name);
	str_trim_partial_utf8(name); /* a long name is cut between characters */
	long long qty = p->line.quantity;
	app_pop(a); /* frees p */
	app_status(a, fmt, name, qty, money_format(total, money_buf));
}

static void answer_new_cart(app *a, bool yes, void *user);

/* Gives the shop a copy: it takes the copy (zeroing it) or leaves it for us to free. */
static void try_add(picker_view *p, bool force)
{
	app *a = p->base.app;
	line_item copy;
	line_item_copy(&copy, &p->line);
	shop_cart_result r = shop_cart_add_in_mode(a->shop, &copy, force, p->add_mode);
	line_item_clear(&copy);
	if (r == SHOP_CART_OTHER_STORE) {
		/* The shop checked the line first: only a line it would take gets here. */
		char cart_words[1024];
		app_ask(a, answer_new_cart, p,
			_("Your cart has %s. Empty it and start a new cart with this item? (y/n)"),
			ui_cart_summary(a->shop, cart_words, sizeof cart_words));
	} else if (r == SHOP_CART_INVALID) {
		const char *why = shop_notice(a->shop);
		app_status(a, "%s", why ? why : _("This item cannot be added to the cart."));
	} else {
		leave_with(p, _("Added to the cart: %s ×%lld — %s · c: cart"));
	}
}

static void answer_new_cart(app *a, bool yes, void *user)
{
	if (yes)
		try_add(user, true);
	else
		app_status(a, "%s", _("Not added: the cart keeps its items."));
}

static shop_mode other_mode(shop_mode mode)
{
	return mode == SHOP_MODE_DELIVERY ? SHOP_MODE_PICKUP : SHOP_MODE_DELIVERY;
}

static void answer_switch_mode(app *a, bool yes, void *user)
{
	if (!yes) {
		app_status(a, "%s", _("Not added."));
		return;
	}
	picker_view *p = user;
	p->add_mode = other_mode(shop_discover_mode(a->shop));
	try_add(p, false);
}

static void add_to_cart(picker_view *p)
{
	app *a = p->base.app;
	if (p->edit_index >= 0) {
		line_item copy;
		line_item_copy(&copy, &p->line);
		shop_cart_result r = shop_cart_replace(a->shop, (size_t)p->edit_index, &copy);
		line_item_clear(&copy);
		if (r == SHOP_CART_OK) {
			leave_with(p, _("Updated: %s ×%lld — %s"));
		} else {
			const char *why = shop_notice(a->shop);
			app_status(a, "%s", why ? why : _("The cart line could not be changed."));
		}
		return;
	}
	/* Contract §4.7: a store that cannot serve the chosen mode asks to switch first. */
	const store *st = shop_current_store(a->shop);
	shop_mode mode = shop_discover_mode(a->shop);
	p->add_mode = mode;
	if (st && !shop_store_serves(a->shop, st, mode) &&
	    shop_store_serves(a->shop, st, other_mode(mode))) {
		const char *why = shop_store_supports_mode(st, mode) ? _("too far to deliver here")
								     : ui_store_modes(st);
		app_ask(a, answer_switch_mode, p, _("%s: %s. Switch to %s and add it? (y/n)"),
			st->name, why, ui_mode_name(other_mode(mode)));
		return;
	}
	try_add(p, false);
}

/* Whether no choice of options completes the item (a required group with no options, or fewer
   than its minimum, counting the options' own required groups: pricing_cheapest finds none),
   said in words: "Cannot add yet" would promise what cannot happen. */
static bool picker_never_complete(const picker_view *p, char *buf, size_t n)
{
	money cheapest;
	pricing_error err;
	if (pricing_cheapest(p->built, p->item_id, &cheapest, &err) ||
	    err.status != PRICING_UNSATISFIABLE)
		return false;
	const modifier_group *g = catalog_find_group(p->built, err.id);
	if (!g)
		snprintf(buf, n, _("Cannot be ordered: %s cannot be completed."), p->item->name);
	else if (g->maximum_allowed < g->minimum_allowed)
		snprintf(buf, n, _("Cannot be ordered: “%s” asks for more options than it allows."),
			 modifier_group_label(g));
	else if (g->item_ids.n == 0)
		snprintf(buf, n, _("Cannot be ordered: “%s” has no options to choose."),
			 modifier_group_label(g));
	else if ((long long)g->item_ids.n < g->minimum_allowed)
		snprintf(buf, n, _("Cannot be ordered: “%s” has too few options to choose %lld."),
			 modifier_group_label(g), g->minimum_allowed);
	else /* enough options, but each asks for a choice that cannot be made */
		snprintf(buf, n,
			 _("Cannot be ordered: no option of “%s” can be completed (each asks for "
			   "choices that cannot be made)."),
			 modifier_group_label(g));
	return true;
}

static void add_to_order(picker_view *p)
{
	app *a = p->base.app;
	if (!p->item)
		return;
	/* Checked before the choices (a closed item is not worth completing) and before any
	   question (switch the mode, start a new cart) is asked. */
	orderable o = picker_orderable(p);
	if (!orderable_is_now(&o)) {
		char why[256];
		app_status(a, "%s", orderable_reason(&o, p->item->name, why, sizeof why));
		return;
	}
	modifier_problems problems = {0};
	if (!modifier_check_line(p->built, &p->line, &problems) && problems.n > 0) {
		char never[MODIFIER_TEXT_MAX + 64];
		if (picker_never_complete(p, never, sizeof never))
			app_status(a, "%s", never);
		else
			app_status(a, _("Cannot add yet: %s"), problems.v[0].message);
		cursor_to_key(p, &problems.v[0].path);
		modifier_problems_clear(&problems);
		return;
	}
	modifier_problems_clear(&problems);
	money total = 0;
	pricing_error err;
	if (!pricing_line_total(p->built, &p->line, &total, &err)) {
		app_status(a, "%s", err.message);
		return;
	}
	if (shop_can_check_out(a->shop)) {
		add_to_cart(p);
		return;
	}
	/* No cart to take it (offline browsing): the line was checked and priced, and that is
	   all there is to tell. */
	leave_with(p, _("Added: %s ×%lld — %s"));
}

static bool picker_unsaved(const view *v, char *buf, size_t n);

static void answer_leave(app *a, bool yes, void *user)
{
	/* Only the picker: a view pushed while the question was up (an order's confirmation)
	   is not the one asked about. */
	if (yes && app_top(a) == user)
		app_pop(a);
}

/* Esc while editing a cart line: a changed line is asked about, in the quit question's words
   (picker_unsaved), since the cart keeps the line as it was. A new item's choices are let go
   at once, as Esc from an item does in ordering apps: nothing saved is lost. */
static void leave_edit(picker_view *p)
{
	app *a = p->base.app;
	char lost[512];
	if (picker_unsaved(&p->base, lost, sizeof lost))
		app_ask_leave(a, answer_leave, p, lost);
	else
		app_pop(a);
}

static void picker_key(view *v, int action, ui_key key)
{
	picker_view *p = (picker_view *)v;
	sync_set(p);
	switch (action) {
	case PICK_DETAIL:
		app_push(v->app, view_item_new(v->app, p->item_id, p->edit_index >= 0));
		return;
	case PICK_NEXT_GROUP:
		jump_group(p, 1);
		break;
	case PICK_PREV_GROUP:
		jump_group(p, -1);
		break;
	case PICK_TOGGLE:
	case PICK_MORE:
	case PICK_LESS:
		edit_option(p, action);
		break;
	case PICK_QTY_UP:
		if (p->line.quantity < VIEW_LINE_MAX_QUANTITY)
			p->line.quantity++;
		else
			app_status(p->base.app, _("At most %d of one line."),
				   VIEW_LINE_MAX_QUANTITY);
		break;
	case PICK_QTY_DOWN:
		if (p->line.quantity > 1)
			p->line.quantity--;
		break;
	case PICK_ADD:
		add_to_order(p);
		break;
	case PICK_BACK:
		leave_edit(p); /* may free p */
		return;
	default:
		break;
	}
}

/* The rows of the item as the catalog set has it now. */
static ui_list *picker_list(view *v)
{
	picker_view *p = (picker_view *)v;
	sync_set(p);
	return &p->list;
}

/* Options changed and not added (or, editing, not saved): quitting would lose them. */
static bool picker_unsaved(const view *v, char *buf, size_t n)
{
	const picker_view *p = (const picker_view *)v;
	/* Asked of every view when quitting, not only the one on top: the set p->item points
	   into may have been replaced (and freed) since this view last drew. */
	const catalog_set *set = picker_set(p);
	const catalog_item *item = catalog_set_serial(set) == p->built_serial ? p->item
				   : set ? catalog_find_item(set, p->item_id)
					 : NULL;
	if (!item || line_item_equal(&p->line, &p->initial))
		return false;
	snprintf(buf, n,
		 p->edit_index >= 0	  ? _("Your changes to %s are not saved")
		 : v->mode == PICK_ADDING ? _("%s was not added to the cart")
					  : _("The options chosen for %s will be lost"),
		 item->name);
	return true;
}

static void picker_destroy(view *v)
{
	picker_view *p = (picker_view *)v;
	clear_rows(p);
	free(p->rows);
	line_item_clear(&p->line);
	line_item_clear(&p->initial);
	free(p->item_id);
	free(p);
}

static const view_ops picker_ops = {
    .name = N_("Options"),
    .draw = picker_draw,
    .key = picker_key,
    .resize = picker_resize,
    .destroy = picker_destroy,
    VIEW_KEYS(picker_keys),
    .list = picker_list,
    .unsaved = picker_unsaved,
};

static picker_view *picker_alloc(app *a, unsigned mode, long edit_index)
{
	picker_view *p = app_view_new(a, &picker_ops, sizeof *p);
	p->base.mode = mode;
	p->edit_index = edit_index;
	p->built = picker_set(p);
	p->built_serial = catalog_set_serial(p->built);
	return p;
}

const char *view_picker_row_key(view *v, int row)
{
	picker_view *p = (picker_view *)v;
	sync_set(p);
	return row >= 0 && (size_t)row < p->n_rows ? p->rows[row].key : NULL;
}

view *view_picker_new(app *a, const char *item_id)
{
	picker_view *p =
	    picker_alloc(a, shop_can_check_out(a->shop) ? PICK_ADDING : PICK_BROWSING, -1);
	p->item = p->built ? catalog_find_item(p->built, item_id) : NULL;
	if (!p->item) {
		free(p);
		return NULL;
	}
	p->item_id = xstrdup(item_id);
	modifier_problems report = {0};
	modifier_line_from_defaults(p->built, item_id, &p->line, &report);
	if (report.n > 0)
		app_status(a, _("Some defaults were adjusted: %s"), report.v[0].message);
	modifier_problems_clear(&report);
	line_item_copy(&p->initial, &p->line);
	build_rows(p);
	p->list.cursor = p->n_rows > 1 ? 1 : 0; /* the first option */
	return &p->base;
}

view *view_picker_edit(app *a, size_t index)
{
	const cart *c = shop_cart(a->shop);
	if (index >= c->n_lines)
		return NULL;
	picker_view *p = picker_alloc(a, PICK_EDITING, (long)index);
	p->item = p->built ? catalog_find_item(p->built, c->lines[index].item_id) : NULL;
	if (!p->item) {
		free(p);
		return NULL;
	}
	line_item_copy(&p->line, &c->lines[index]);
	line_item_copy(&p->initial, &p->line);
	p->item_id = xstrdup(p->line.item_id);
	build_rows(p);
	p->list.cursor = p->n_rows > 1 ? 1 : 0;
	return &p->base;
}

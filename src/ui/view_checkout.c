/*
 * Checkout: fulfillment mode, address and courier instructions, payment method and
 * tip (only where the store takes tips for the mode), then what the server said:
 * whether the order is valid, the problems (each with a way to fix it), and the
 * server's Amounts with every breakdown line. The shop validates on entry and on
 * every change. `P` asks for an explicit yes before placing; once placed the
 * confirmation view replaces the checkout.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "base/money.h"
#include "ui/online.h"
#include "ui/views.h"

/* Tip presets in basis points of the subtotal (0 = no tip); the last choice is "custom".
   A preset stays a percentage: the shop recomputes it when the subtotal changes. */
static const int tip_presets_bp[] = {0, 1000, 1500, 2000};
#define TIP_PRESETS (sizeof tip_presets_bp / sizeof tip_presets_bp[0])

typedef enum checkout_input {
	INPUT_NONE,
	INPUT_INSTRUCTIONS, /* typing courier instructions */
	INPUT_TIP_MENU,	    /* choosing a tip preset */
	INPUT_TIP_CUSTOM,   /* typing a tip amount */
} checkout_input;

typedef struct checkout_view {
	ui_doc_view page;
	checkout_input input;
	ui_input typed;
	money asked_tip;	   /* a high custom tip waiting for the user's yes */
	unsigned asked_generation; /* what the place question named (shop_place_confirmed) */
} checkout_view;

enum {
	CO_CHOOSE = VIEW_ACTION_FIRST,
	CO_TIP,
	CO_PLACE,
};
enum {
	ROW_MODE = 1,
	ROW_ADDRESS,
	ROW_INSTRUCTIONS,
	ROW_PAYMENT,
	ROW_TIP,
	ROW_TIP_CHOICE,
	ROW_ERROR
};

static const ui_keybind checkout_keys[] = {
    {UI_KEY_ENTER, ' ', "Enter", N_("change the choice, or fix the problem"), CO_CHOOSE, 0},
    {'t', 0, "t", N_("set the tip"), CO_TIP, 0},
    {'P', 0, "P", N_("place the order (asks first)"), CO_PLACE, 0},
    VIEW_KEY_CART(0),
    VIEW_KEY_ORDERS(0),
    VIEW_KEY_ACCOUNT(0),
    {UI_KEY_ESC, UI_KEY_BS, "Esc/BS", N_("back to the cart"), APP_ACTION_BACK, 0},
};

static money estimate(shop *s)
{
	money subtotal = 0;
	if (!shop_checkout_tip_base(s, &subtotal))
		subtotal = 0;
	return subtotal;
}

/* "15 % · $5.40", "$5.00" or "none". */
static const char *tip_text(shop *s, char *buf, size_t n)
{
	shop_tip tip = shop_checkout_tip_choice(s);
	char money_buf[MONEY_TEXT_MAX];
	money_format(shop_checkout_tip(s), money_buf);
	if (tip.kind == SHOP_TIP_PERCENT)
		snprintf(buf, n, _("%d%% · %s"), tip.percent_bp / 100, money_buf);
	else if (tip.kind == SHOP_TIP_AMOUNT)
		snprintf(buf, n, "%s", money_buf);
	else
		snprintf(buf, n, "%s", _("none"));
	return buf;
}

/* Under a choice with nothing saved: where to add one, e.g. "[address NAME]". */
static void add_config_hint(checkout_view *cv, const char *section)
{
	app *a = cv->page.base.app;
	char path[PATH_MAX], text[PATH_MAX + 128];
	snprintf(text, sizeof text, _("To add one: a %s section in %s (man gett-tui)."), section,
		 ui_config_path(a, path, sizeof path));
	ui_doc_add_wrapped(&cv->page.doc, 2, app_attr(a, UI_DIM), cv->page.cols - 6, text);
}

/* "Delivery to home · 1 Pine St, Seattle, WA 98122" or "Pickup at <store> · <its address>". */
static const char *destination_text(shop *s, char *buf, size_t n)
{
	char addr[512];
	if (shop_checkout_mode(s) == SHOP_MODE_PICKUP) {
		const store *st = shop_cart_store(s);
		snprintf(buf, n, _("Pickup at %s · %s"), st && st->name ? st->name : _("the store"),
			 ui_address_text(st ? st->address : NULL, addr, sizeof addr));
	} else {
		const shop_address *sa = shop_address_at(s, shop_checkout_address(s));
		snprintf(buf, n, _("Delivery to %s · %s"), sa ? sa->label : "",
			 ui_address_text(sa ? &sa->address : NULL, addr, sizeof addr));
	}
	return buf;
}

static void add_choices(checkout_view *cv)
{
	app *a = cv->page.base.app;
	shop *s = a->shop;
	char buf[512], money_buf[MONEY_TEXT_MAX];
	shop_mode mode = shop_checkout_mode(s);
	ui_row *r =
	    ui_doc_add(&cv->page.doc, 0, 0, ROW_MODE, 0, _("Fulfillment: %s"), ui_mode_name(mode));
	ui_row_set_right(r, app_attr(a, UI_DIM), _("Enter: switch"));
	if (mode == SHOP_MODE_PICKUP) /* where to go, on screen before the question names it */
		ui_doc_add(&cv->page.doc, 0, 0, 0, 0, "%s", destination_text(s, buf, sizeof buf));
	if (mode == SHOP_MODE_DELIVERY) {
		const shop_address *sa = shop_address_at(s, shop_checkout_address(s));
		if (sa)
			r = ui_doc_add(&cv->page.doc, 0, 0, ROW_ADDRESS, 0,
				       _("Deliver to: %s · %s"), sa->label,
				       ui_address_text(&sa->address, buf, sizeof buf));
		else
			r = ui_doc_add(&cv->page.doc, 0, app_attr(a, UI_ERROR), ROW_ADDRESS, 0,
				       "%s", _("Deliver to: no saved address"));
		if (shop_address_count(s) > 1)
			ui_row_set_right(r, app_attr(a, UI_DIM), _("Enter: next"));
		if (!sa)
			add_config_hint(cv, _("[address NAME]"));
		if (cv->input == INPUT_INSTRUCTIONS) {
			r = ui_doc_add(&cv->page.doc, 0, A_BOLD, ROW_INSTRUCTIONS, 0, "%s",
				       _("Instructions: "));
			r->input = &cv->typed;
		} else
			r = ui_doc_add(
			    &cv->page.doc, 0, 0, ROW_INSTRUCTIONS, 0, _("Instructions: %s"),
			    shop_checkout_instructions(s)[0] ? shop_checkout_instructions(s)
							     : _("none"));
		ui_row_set_right(r, app_attr(a, UI_DIM),
				 cv->input == INPUT_INSTRUCTIONS ? _("Enter keeps · Esc cancels")
								 : _("Enter: edit"));
	}
	const shop_payment *pay = shop_payment_at(s, shop_checkout_payment(s));
	if (shop_checkout_payment_waiting(s))
		r = ui_doc_add(&cv->page.doc, 0, app_attr(a, UI_DIM), ROW_PAYMENT, 0, "%s",
			       _("Payment: your saved card, being read from the server…"));
	else
		r = ui_doc_add(&cv->page.doc, 0, pay ? 0 : app_attr(a, UI_ERROR), ROW_PAYMENT, 0,
			       _("Payment: %s"), pay ? pay->label : _("none saved"));
	if (!pay)
		add_config_hint(cv, _("[payment NAME]"));
	if (shop_payment_count(s) > 1)
		ui_row_set_right(r, app_attr(a, UI_DIM), _("Enter: next"));
	if (!shop_checkout_tips_allowed(s))
		return;
	r = ui_doc_add(&cv->page.doc, 0, 0, ROW_TIP, 0, _("Tip: %s"), tip_text(s, buf, sizeof buf));
	ui_row_set_right(r, app_attr(a, UI_DIM), _("t: change"));
	if (cv->input == INPUT_TIP_MENU) {
		money base = estimate(s);
		for (size_t i = 0; i < TIP_PRESETS; i++) {
			money tip = money_percent_bp(base, tip_presets_bp[i]);
			if (tip_presets_bp[i])
				r = ui_doc_add(&cv->page.doc, 2, 0, ROW_TIP_CHOICE, (long)i,
					       _("%zu  %d%%"), i + 1, tip_presets_bp[i] / 100);
			else
				r = ui_doc_add(&cv->page.doc, 2, 0, ROW_TIP_CHOICE, (long)i,
					       _("%zu  no tip"), i + 1);
			ui_row_set_right(r, app_attr(a, UI_PRICE), money_format(tip, money_buf));
		}
		ui_doc_add(&cv->page.doc, 2, 0, ROW_TIP_CHOICE, (long)TIP_PRESETS,
			   _("%zu  custom…"), TIP_PRESETS + 1);
	} else if (cv->input == INPUT_TIP_CUSTOM) {
		r = ui_doc_add(&cv->page.doc, 2, A_BOLD, ROW_TIP_CHOICE, (long)TIP_PRESETS, "%s",
			       _("Custom tip: $"));
		r->input = &cv->typed;
	}
}

/* The part of the order's message that no problem row repeats (often nothing), or the whole
   message. */
static const char *message_rest(const char *message, const api_line_errors *errors)
{
	for (size_t k = 0; errors && k < errors->n; k++) {
		const char *text = errors->v[k].message;
		size_t n = text ? strlen(text) : 0;
		if (n && strncmp(message, text, n) == 0)
			return message + n + strspn(message + n, " ");
	}
	return message;
}

static void add_problems(checkout_view *cv)
{
	app *a = cv->page.base.app;
	shop *s = a->shop;
	const api_line_errors *errors = shop_line_errors(s);
	const char *message = shop_validation_message(s);
	const cart *c = shop_cart(s);
	for (size_t k = 0; errors && k < errors->n; k++) {
		const api_line_error *e = &errors->v[k];
		const char *text = e->message ? e->message : e->code;
		ui_row *r;
		const char *item =
		    e->line >= 0 && (size_t)e->line < c->n_lines
			? ui_item_name(shop_cart_catalog(s), c->lines[e->line].item_id)
			: NULL;
		if (item && strstr(text, item))
			r = ui_doc_add(&cv->page.doc, 2, app_attr(a, UI_ERROR), ROW_ERROR, (long)k,
				       _("Line %ld: %s"), e->line + 1, text);
		else if (item)
			r = ui_doc_add(&cv->page.doc, 2, app_attr(a, UI_ERROR), ROW_ERROR, (long)k,
				       _("Line %ld · %s: %s"), e->line + 1, item, text);
		else
			r = ui_doc_add(&cv->page.doc, 2, app_attr(a, UI_ERROR), ROW_ERROR, (long)k,
				       "%s", text);
		ui_row_set_right(r, app_attr(a, UI_DIM), _("Enter: fix"));
	}
	const char *rest = message ? message_rest(message, errors) : "";
	if (rest[0])
		ui_doc_add_wrapped(&cv->page.doc, 2,
				   rest == message ? app_attr(a, UI_ERROR) : app_attr(a, UI_DIM),
				   cv->page.cols - 6, rest);
	if (shop_validation_support(s))
		ui_doc_add_wrapped(&cv->page.doc, 2, app_attr(a, UI_DIM), cv->page.cols - 6,
				   shop_validation_support(s));
}

static void add_validation(checkout_view *cv)
{
	app *a = cv->page.base.app;
	shop *s = a->shop;
	const char *why = shop_validation_message(s);
	ui_doc_add(&cv->page.doc, 0, 0, 0, 0, "%s", "");
	switch (shop_validation(s)) {
	case SHOP_VALIDATION_NONE:
		ui_doc_add(&cv->page.doc, 0, app_attr(a, UI_DIM), 0, 0, "%s",
			   _("Not checked yet."));
		break;
	case SHOP_VALIDATION_RUNNING:
		ui_doc_add(&cv->page.doc, 0, app_attr(a, UI_DIM), 0, 0, "%s",
			   _("Checking the order with the store…"));
		break;
	case SHOP_VALIDATION_VALID:
		/* Once placing has an outcome or is under way, that is what the user reads. */
		if (shop_place_state_now(s) == SHOP_PLACE_IDLE)
			ui_doc_add_wrapped(&cv->page.doc, 0, app_attr(a, UI_GOOD) | A_BOLD,
					   cv->page.cols - 4,
					   _("✓ The store accepts this order. P places it."));
		break;
	case SHOP_VALIDATION_INVALID:
		ui_doc_add(&cv->page.doc, 0, app_attr(a, UI_ERROR), 0, 0, "%s",
			   _("✗ The store cannot take the order as it is:"));
		add_problems(cv);
		break;
	case SHOP_VALIDATION_FAILED: {
		char text[1024];
		snprintf(text, sizeof text, _("The order could not be checked: %s"),
			 why ? why : _("no answer"));
		ui_doc_add_wrapped(&cv->page.doc, 0, app_attr(a, UI_ERROR), cv->page.cols - 4,
				   text);
		/* Once, dimmed, under the message: the ids support needs. */
		if (shop_validation_support(s))
			ui_doc_add_wrapped(&cv->page.doc, 0, app_attr(a, UI_DIM), cv->page.cols - 4,
					   shop_validation_support(s));
		break;
	}
	}
}

static void add_amount(checkout_view *cv, const char *label, money value, bool has,
		       const amount_lines *lines, bool subtract)
{
	app *a = cv->page.base.app;
	char text[MONEY_TEXT_MAX];
	if (!has && !(lines && lines->n))
		return;
	/* A discount subtracts: −$5.00 (a negative one adds, and shows so). */
	money_format(subtract ? -value : value, text);
	ui_row *r = ui_doc_add(&cv->page.doc, 1, 0, 0, 0, "%s", label);
	ui_row_set_right(r, 0, text);
	for (size_t i = 0; lines && i < lines->n; i++) {
		money_format(subtract ? -lines->v[i].value : lines->v[i].value, text);
		r = ui_doc_add(&cv->page.doc, 3, app_attr(a, UI_DIM), 0, 0, "%s", lines->v[i].name);
		ui_row_set_right(r, app_attr(a, UI_DIM), text);
	}
}

/* The server's Amounts (contract §3.7): the only money shown as final. */
static void add_amounts(checkout_view *cv)
{
	app *a = cv->page.base.app;
	shop *s = a->shop;
	const external_order *o = shop_validated_order(s);
	const amounts *am = o ? o->amounts : NULL;
	if (!am)
		return;
	ui_doc_add(&cv->page.doc, 0, 0, 0, 0, "%s", "");
	ui_doc_add(&cv->page.doc, 0, app_attr(a, UI_HEADER), 0, 0, "%s",
		   _("Amounts (from the store)"));
	add_amount(cv, _("Subtotal"), am->sub_total, am->has_sub_total, NULL, false);
	add_amount(cv, _("Fees"), am->fees, am->has_fees, &am->fees_description, false);
	add_amount(cv, _("Promotions"), am->promotions, am->has_promotions,
		   &am->promotions_description, true);
	add_amount(cv, _("Taxes"), am->taxes, am->has_taxes, &am->taxes_description, false);
	add_amount(cv, _("Adjustments"), am->adjustments, am->has_adjustments && am->adjustments,
		   &am->adjustments_description, false);
	add_amount(cv, _("Tip"), am->tip, am->has_tip, &am->tip_description, false);
	if (am->has_total) {
		char money_buf[MONEY_TEXT_MAX];
		ui_row *r = ui_doc_add(&cv->page.doc, 1, A_BOLD, 0, 0, "%s", _("Total"));
		ui_row_set_right(r, A_BOLD, money_format(am->total, money_buf));
	}
	const str_list *warnings = shop_amount_warnings(s);
	for (size_t i = 0; warnings && i < warnings->n; i++)
		ui_doc_add(&cv->page.doc, 1, app_attr(a, UI_ERROR), 0, 0, _("⚠ %s"),
			   warnings->v[i]);
}

/* What placing says now, and whether it is bad news; NULL when there is nothing to say. */
static const char *place_text(shop *s, char *buf, size_t n, bool *bad)
{
	*bad = false;
	switch (shop_place_state_now(s)) {
	case SHOP_PLACE_REVALIDATING:
		return _("Checking the amounts again before placing…");
	case SHOP_PLACE_SENDING:
		return _("Placing the order… It has been sent and cannot be called back: Esc only "
			 "leaves this screen, and the outcome shows wherever you are.");
	case SHOP_PLACE_RESOLVING:
		return _("The server says this order was already placed; finding it…");
	case SHOP_PLACE_NEEDS_CONFIRMATION:
		return _("The amounts changed: check them, then P to place at the new total.");
	case SHOP_PLACE_FAILED:
		*bad = true;
		snprintf(buf, n, _("✗ The order was not placed: %s"),
			 shop_place_failure(s) ? shop_place_failure(s)
					       : _("the store refused it."));
		return buf;
	case SHOP_PLACE_UNKNOWN:
		*bad = true;
		return _("No answer came back after the order was sent, so it may or may not have "
			 "been placed. It cannot be placed twice: P asks the server again with the "
			 "same request, and the app asks by itself at its next start.");
	case SHOP_PLACE_ALREADY_PLACED:
		*bad = true;
		return _("The server says this order was already placed, but the app could not "
			 "read it back. Do not order it again: check your orders with the store "
			 "first.");
	default:
		return NULL;
	}
}

static void add_place_state(checkout_view *cv)
{
	app *a = cv->page.base.app;
	char buf[1400];
	bool bad;
	const char *text = place_text(a->shop, buf, sizeof buf, &bad);
	if (!text)
		return;
	ui_doc_add(&cv->page.doc, 0, 0, 0, 0, "%s", "");
	ui_doc_add_wrapped(&cv->page.doc, 0, bad ? app_attr(a, UI_ERROR) | A_BOLD : A_BOLD,
			   cv->page.cols - 4, text);
	const char *support = shop_place_state_now(a->shop) == SHOP_PLACE_FAILED
				  ? shop_place_failure_support(a->shop)
			      : bad ? shop_notice_support(a->shop)
				    : NULL;
	if (support)
		ui_doc_add_wrapped(&cv->page.doc, 0, app_attr(a, UI_DIM), cv->page.cols - 4,
				   support);
}

static void build(checkout_view *cv)
{
	const ui_row *cur = ui_doc_current(&cv->page.doc);
	int action = cur ? cur->action : 0;
	long arg = cur ? cur->arg : 0;
	ui_doc_clear(&cv->page.doc);
	add_choices(cv);
	views_add_account_fix(cv->page.base.app, &cv->page.doc, cv->page.cols - 4);
	add_validation(cv);
	add_place_state(cv);
	add_amounts(cv);
	ui_doc_restore(&cv->page.doc, action, arg);
}

static void checkout_draw(view *v, int rows, int cols)
{
	const app *a = v->app;
	shop *s = a->shop;
	const char *store_name = shop_cart_store_name(s);
	char buf[512], money_buf[MONEY_TEXT_MAX];
	snprintf(buf, sizeof buf, store_name ? _("Checkout · %s") : _("Checkout"), store_name);
	ui_doc_view_draw(v, buf, NULL, cols);
	mvwhline_set(stdscr, rows - 2, 0, WACS_HLINE, cols);
	const external_order *o = shop_validated_order(s);
	shop_validation_state state = shop_validation(s);
	bool confirmed = state == SHOP_VALIDATION_VALID && o && o->amounts && o->amounts->has_total;
	if (confirmed)
		snprintf(buf, sizeof buf, _("Total %s"),
			 money_format(o->amounts->total, money_buf));
	else if (state == SHOP_VALIDATION_INVALID) /* "yet" would promise it: it said no */
		snprintf(buf, sizeof buf, "%s", _("Total: none, the store refused this order"));
	else
		snprintf(buf, sizeof buf, "%s", _("Total: not confirmed by the store yet"));
	/* The total, then the key that moves on (P); the others give way first. */
	attr_t dim = app_attr(a, UI_DIM);
	bool sent = shop_place_in_flight(s);
	ui_part parts[] = {
	    {.text = buf,
	     .brief = confirmed				 ? NULL
		      : state == SHOP_VALIDATION_INVALID ? _("Total: refused")
							 : _("Total: not confirmed"),
	     .priority = 9,
	     .attr = A_BOLD},
	    {.text = sent ? _("sent: cannot be called back") : _("P place"),
	     .brief = sent ? _("sent") : NULL,
	     .sep = "  ",
	     .priority = 8,
	     .right = true,
	     .attr = dim},
	    {.text = sent ? NULL : _("t tip"), .sep = " · ", .priority = 4, .attr = dim},
	    {.text = sent ? NULL : _("c cart"), .sep = " · ", .priority = 3, .attr = dim},
	    {.text = sent ? _("Esc leaves") : _("Esc back"),
	     .sep = " · ",
	     .priority = 2,
	     .attr = dim},
	};
	ui_put_parts(stdscr, rows - 1, 1, parts, sizeof parts / sizeof parts[0], cols - 2, 0);
}

static void rebuild(view *v)
{
	build((checkout_view *)v);
}

static void switch_mode(checkout_view *cv)
{
	app *a = cv->page.base.app;
	shop_mode want = shop_checkout_mode(a->shop) == SHOP_MODE_DELIVERY ? SHOP_MODE_PICKUP
									   : SHOP_MODE_DELIVERY;
	shop_checkout_set_mode(a->shop, want);
	if (shop_checkout_mode(a->shop) != want)
		app_status(a, _("This store does not offer %s."), ui_mode_name(want));
}

/* Moves to what a whole-order problem points at ("$.amounts.tip", "$.deliveryInfo", ...). */
static void fix_field(checkout_view *cv, const api_line_error *e)
{
	app *a = cv->page.base.app;
	const char *path = e->field ? e->field : e->json_path ? e->json_path : "";
	static const struct {
		const char *prefix;
		int row;
	} targets[] = {
	    {"$.amounts.tip", ROW_TIP},
	    {"$.fulfillmentType", ROW_MODE},
	    {"$.deliveryInfo", ROW_ADDRESS},
	    {"$.payment", ROW_PAYMENT},
	};
	for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
		if (strncmp(path, targets[i].prefix, strlen(targets[i].prefix)) == 0 &&
		    ui_doc_focus(&cv->page.doc, targets[i].row, 0))
			return;
	if (strncmp(path, "$.cart", 6) == 0 || !path[0]) {
		views_show_cart(a, -1); /* pops this view */
		return;
	}
	app_status(a, "%s", e->message ? e->message : e->code);
}

static void fix_problem(checkout_view *cv, size_t k)
{
	app *a = cv->page.base.app;
	const api_line_errors *errors = shop_line_errors(a->shop);
	if (!errors || k >= errors->n)
		return;
	const api_line_error *e = &errors->v[k];
	if (e->line >= 0)
		views_show_cart(a, e->line); /* pops this view */
	else
		fix_field(cv, e);
}

static void choose_tip(checkout_view *cv, size_t preset)
{
	app *a = cv->page.base.app;
	if (preset >= TIP_PRESETS) {
		cv->input = INPUT_TIP_CUSTOM;
		ui_input_clear(&cv->typed);
		return;
	}
	cv->input = INPUT_NONE;
	if (!shop_checkout_set_tip_percent(a->shop, tip_presets_bp[preset]))
		app_status(a, "%s", _("This store takes no tips for this order."));
}

static void set_custom_tip(app *a, money tip)
{
	if (!shop_checkout_set_tip(a->shop, tip))
		app_status(a, "%s", _("This store takes no tips for this order."));
}

static void answer_high_tip(app *a, bool yes, void *user)
{
	checkout_view *cv = user;
	if (yes)
		set_custom_tip(a, cv->asked_tip);
	else
		app_status(a, "%s", _("The tip is unchanged."));
}

/* A tip above SHOP_TIP_HIGH_BP of the subtotal is a typo more often than not: ask. */
static void custom_tip(checkout_view *cv, money tip)
{
	app *a = cv->page.base.app;
	char tip_buf[MONEY_TEXT_MAX], base_buf[MONEY_TEXT_MAX];
	if (!shop_tip_is_high(a->shop, tip)) {
		set_custom_tip(a, tip);
		return;
	}
	cv->asked_tip = tip;
	app_ask(a, answer_high_tip, cv,
		_("A tip of %s is more than %d%% of the %s subtotal. Use it? (y/n)"),
		money_format(tip, tip_buf), SHOP_TIP_HIGH_BP / 100,
		money_format(estimate(a->shop), base_buf));
}

/* Acts on the row under the cursor; returns false when the view may be gone. */
static bool choose(checkout_view *cv)
{
	app *a = cv->page.base.app;
	shop *s = a->shop;
	const ui_row *cur = ui_doc_current(&cv->page.doc);
	if (!cur)
		return true;
	switch (cur->action) {
	case ROW_MODE:
		switch_mode(cv);
		break;
	case ROW_ADDRESS:
		if (shop_address_count(s) > 1)
			shop_checkout_set_address(s, (shop_checkout_address(s) + 1) %
							 shop_address_count(s));
		break;
	case ROW_INSTRUCTIONS:
		cv->input = INPUT_INSTRUCTIONS;
		ui_input_set(&cv->typed, shop_checkout_instructions(s));
		break;
	case ROW_PAYMENT:
		if (shop_payment_count(s) > 1)
			shop_checkout_set_payment(s, (shop_checkout_payment(s) + 1) %
							 shop_payment_count(s));
		break;
	case ROW_TIP:
		cv->input = INPUT_TIP_MENU;
		break;
	case ROW_ERROR:
		fix_problem(cv, (size_t)cur->arg);
		return false;
	default:
		break;
	}
	return true;
}

/* The yes is for what the question named: shop_place_confirmed refuses it when the order
   changed while the question was on screen. */
static void answer_place(app *a, bool yes, void *user)
{
	checkout_view *cv = user;
	if (yes)
		shop_place_confirmed(a->shop, cv->asked_generation);
	else
		app_status(a, "%s", _("Not placed."));
}

/* The question names all that matters: total, where, the card, and a tip out of the
   ordinary. It is asked in a box (app_ask) when it does not fit the status line. */
static void ask_place(checkout_view *cv, const amounts *am)
{
	app *a = cv->page.base.app;
	shop *s = a->shop;
	cv->asked_generation = shop_checkout_generation(s);
	const shop_payment *pay = shop_payment_at(s, shop_checkout_payment(s));
	char total[MONEY_TEXT_MAX], tip[MONEY_TEXT_MAX], where[700], note[200] = "";
	if (shop_tip_is_high(s, am->tip))
		snprintf(note, sizeof note, _("The tip, %s, is more than %d%% of the subtotal.\n"),
			 money_format(am->tip, tip), SHOP_TIP_HIGH_BP / 100);
	app_ask(a, answer_place, cv,
		_("Place this order for %s?\n%s\nPaid with %s\n%sy place it · n not now"),
		money_format(am->total, total), destination_text(s, where, sizeof where),
		pay ? pay->label : _("no payment"), note);
}

static void place(checkout_view *cv)
{
	app *a = cv->page.base.app;
	shop *s = a->shop;
	shop_unsettled u;
	if (shop_unsettled_get(s, &u)) {
		ui_ask_unsettled(a);
		return;
	}
	shop_place_state st = shop_place_state_now(s);
	if (shop_place_in_flight(s) || st == SHOP_PLACE_REVALIDATING) {
		app_status(a, "%s", _("The order is being placed."));
		return;
	}
	shop_unsettled sent;
	if (st == SHOP_PLACE_UNKNOWN && shop_place_unknown_request(s, &sent)) {
		char total[MONEY_TEXT_MAX];
		cv->asked_generation = shop_checkout_generation(s);
		app_ask(a, answer_place, cv,
			_("Ask the server again about the order sent for %s?\n%s · %s\nIf it "
			  "never arrived it may be placed now, exactly as it was sent; it is never "
			  "placed twice.\ny ask · n not now"),
			sent.total >= 0 ? money_format(sent.total, total) : _("this cart"),
			sent.destination, sent.card);
		return;
	}
	const external_order *o = shop_validated_order(s);
	if (shop_validation(s) != SHOP_VALIDATION_VALID || !o || !o->amounts ||
	    !o->amounts->has_total) {
		app_status(a, "%s",
			   shop_validation(s) == SHOP_VALIDATION_RUNNING
			       ? _("Wait for the store to check the order.")
			       : _("The order cannot be placed until the store accepts it."));
		return;
	}
	ask_place(cv, o->amounts);
}

static void input_key(checkout_view *cv, ui_key key)
{
	app *a = cv->page.base.app;
	if (key == UI_KEY_ESC) {
		cv->input = INPUT_NONE;
	} else if (cv->input == INPUT_TIP_MENU) {
		const ui_row *cur = ui_doc_current(&cv->page.doc);
		if (key >= '1' && key < '1' + (int)TIP_PRESETS + 1)
			choose_tip(cv, (size_t)(key - '1'));
		else if (key == UI_KEY_ENTER && cur && cur->action == ROW_TIP_CHOICE)
			choose_tip(cv, (size_t)cur->arg);
		else /* the movement keys move between the tips */
			ui_doc_move(&cv->page.doc, app_move_of_key(key));
	} else if (key == UI_KEY_ENTER && cv->input == INPUT_TIP_CUSTOM) {
		money tip;
		if (money_parse_decimal(cv->typed.text, &tip) != MONEY_OK || tip < 0) {
			app_status(a, "%s", _("Type the tip in dollars, e.g. 5 or 4.50"));
			return;
		}
		cv->input = INPUT_NONE;
		custom_tip(cv, tip);
	} else if (key == UI_KEY_ENTER) {
		cv->input = INPUT_NONE;
		shop_checkout_set_instructions(a->shop, cv->typed.text);
	} else {
		ui_input_key(&cv->typed, key);
	}
	build(cv);
}

static void checkout_key(view *v, int action, ui_key key)
{
	checkout_view *cv = (checkout_view *)v;
	if (cv->input != INPUT_NONE) {
		input_key(cv, key);
		return;
	}
	shop *s = v->app->shop;
	bool placing =
	    shop_place_in_flight(s) || shop_place_state_now(s) == SHOP_PLACE_REVALIDATING;
	if (placing && (action == CO_CHOOSE || action == CO_TIP)) {
		app_status(v->app, "%s",
			   _("The order is being placed: its choices cannot change now."));
		return;
	}
	switch (action) {
	case CO_CHOOSE:
		if (!choose(cv))
			return;
		break;
	case CO_TIP:
		if (!shop_checkout_tips_allowed(v->app->shop)) {
			app_status(v->app, "%s", _("This store takes no tips for this order."));
			return;
		}
		ui_doc_focus(&cv->page.doc, ROW_TIP, 0);
		cv->input = INPUT_TIP_MENU;
		break;
	case CO_PLACE:
		place(cv);
		break;
	default:
		return;
	}
	build(cv);
}

static bool checkout_capturing(const view *v)
{
	return ((const checkout_view *)v)->input != INPUT_NONE;
}

/* Placing ends in the confirmation view, which app_shop_changed opens. */
static void checkout_changed(view *v, unsigned changes)
{
	checkout_view *cv = (checkout_view *)v;
	if (changes & (SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_ORDER | SHOP_CHANGED_CART |
		       SHOP_CHANGED_NOTICE | SHOP_CHANGED_ACCOUNT))
		build(cv);
}

/* Checkout is active while the view is on top: leaving it (another view, back) ends it, so
   nothing re-validates in the background and nothing half-checked is placed. */
static void checkout_enter(view *v)
{
	if (!shop_checkout_active(v->app->shop))
		shop_checkout_begin(v->app->shop);
	build((checkout_view *)v);
}

static void checkout_leave(view *v)
{
	shop_checkout_end(v->app->shop);
}

static const view_ops checkout_ops = {
    .name = N_("Checkout"),
    .draw = checkout_draw,
    .key = checkout_key,
    .resize = ui_doc_view_resized,
    .enter = checkout_enter,
    .leave = checkout_leave,
    .destroy = ui_doc_view_destroy,
    .capturing = checkout_capturing,
    .changed = checkout_changed,
    VIEW_KEYS(checkout_keys),
    .doc = ui_doc_view_doc,
    .move_help =
	VIEW_MOVE_HELP_DOC(N_("next choice (or scroll)"), N_("previous choice (or scroll)")),
    .shows_amounts = true,
};

view *view_checkout_new(app *a)
{
	checkout_view *cv = ui_doc_view_new(a, &checkout_ops, sizeof *cv, rebuild, 4);
	return &cv->page.base; /* checkout begins when the view is entered */
}

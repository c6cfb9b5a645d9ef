/*
 * Checkout: the user's choices (mode, address, instructions, payment, tip) and the
 * validation of the cart with them (contract §2.9). In checkout every change
 * re-validates at once, latest wins; the server's Amounts of a VALID validation
 * are the only money shown as final. Placing is in shop_place.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "shop/shop_int.h"

#define HANDOFF_TYPE "HandToCustomer" /* contract §6 Q5 */

static const char *mode_wire(shop_mode mode)
{
	return mode == SHOP_MODE_PICKUP ? FULFILLMENT_PICKUP : FULFILLMENT_DELIVERY;
}

/* ------------------------------------------------------------------ validation results */

static void clear_results(shop *s)
{
	external_order_free(s->co.validated);
	s->co.validated = NULL;
	str_list_clear(&s->co.warnings);
	api_line_errors_clear(&s->co.line_errors);
	free(s->co.message);
	s->co.message = NULL;
	free(s->co.support);
	s->co.support = NULL;
}

void shop_checkout_free(shop *s)
{
	api_slot_cancel(&s->co.call);
	clear_results(s);
	external_order_free(s->co.sent);
	s->co.sent = NULL;
	free(s->co.instructions);
	s->co.instructions = NULL;
	shop_draft_reset(s);
}

static void take_valid(shop *s, api_result *r)
{
	external_order *o = r->order;
	r->order = NULL;
	if (!o->amounts || !o->amounts->has_total) {
		s->co.state = SHOP_VALIDATION_FAILED;
		s->co.message = xstrdup(_("The server validated the order but sent no amounts."));
		shop_set_notice(s, s->co.message);
		external_order_free(o);
		return;
	}
	s->co.state = SHOP_VALIDATION_VALID;
	s->co.generation++;
	s->co.validated = o;
	s->co.validated_at = uv_now(s->loop);
	str_list_copy(&s->co.warnings, &o->amounts->warnings);
	amounts_check(o->amounts, &s->co.warnings);
}

/* The server no longer knows the cart's catalog set or one of its items: the menu changed
   since the cart was made (contract §5 CATALOGSET_NOT_FOUND, ITEM_UNAVAILABLE). */
static bool menu_outdated(const api_result *r)
{
	if (problem_has_code(r->problem, "CATALOGSET_NOT_FOUND"))
		return true;
	for (size_t i = 0; i < r->errors.n; i++)
		if (r->errors.v[i].code &&
		    (strcmp(r->errors.v[i].code, "ITEM_UNAVAILABLE") == 0 ||
		     strcmp(r->errors.v[i].code, "CATALOGSET_NOT_FOUND") == 0))
			return true;
	return false;
}

/* Reads the store and its current catalog set again, once per cart change: when they
   arrive every line is re-checked against them (shop_cart.c recheck), the user is told
   which lines are no longer available, and checkout validates again. */
static void refresh_cart_menu(shop *s)
{
	if (s->co.menu_refreshed || !s->cart->store_id)
		return;
	s->co.menu_refreshed = true;
	shop_menu_load(&s->cart_menu, s->cart->store_id);
	shop_set_notice(s, _("The store's menu differs from the one this cart was made from: "
			     "reading it again to check every item in your cart…"));
}

static void on_validated(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->co.call, r))
		return;
	if ((r->outcome == API_ERR_INVALID || r->outcome == API_ERR_HTTP) && menu_outdated(r))
		refresh_cart_menu(s);
	if (r->outcome == API_OK && r->order) {
		take_valid(s, r);
	} else if (r->outcome == API_ERR_INVALID) {
		s->co.state = SHOP_VALIDATION_INVALID;
		s->co.line_errors = r->errors;
		memset(&r->errors, 0, sizeof r->errors);
		s->co.message = shop_result_text(s, r);
		s->co.support = shop_result_support(r);
	} else {
		s->co.state = SHOP_VALIDATION_FAILED;
		s->co.message = shop_result_text(s, r);
		s->co.support = shop_result_support(r);
		shop_set_notice(s, s->co.message);
		shop_set_notice_support(s, r);
	}
	shop_place_after_validation(s);
	shop_notify(s, SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_ORDER | SHOP_CHANGED_BUSY);
}

/* ------------------------------------------------------------------ the order to validate */

static external_delivery_info *delivery_info(const shop *s)
{
	const shop_address *a = &s->addresses[s->co.address];
	external_delivery_info *d = xcalloc(1, sizeof *d);
	d->type = xstrdup(HANDOFF_TYPE);
	d->address = xcalloc(1, sizeof *d->address);
	external_address_copy(d->address, &a->address);
	d->instructions =
	    s->co.instructions && *s->co.instructions ? xstrdup(s->co.instructions) : NULL;
	return d;
}

/* A line whose menu is closed now: the same rule that keeps it out of the cart
   (orderable.h) keeps it from being sent, with when it opens. */
static const char *closed_line(const shop *s, char *buf, size_t n)
{
	const catalog_set *set = shop_cart_catalog(s);
	for (size_t i = 0; i < s->cart->n_lines; i++) {
		orderable when;
		if (shop_cart_line_is_stale(s, i) || shop_cart_line_orderable(s, i, &when))
			continue; /* a stale line is the server's to judge, with its line error */
		const catalog_item *it = catalog_find_item(set, s->cart->lines[i].item_id);
		return orderable_reason(&when, it && it->name ? it->name : "?", buf, n);
	}
	return NULL;
}

/* The ExternalOrder validate gets (§2.9), or NULL with the reason (in buf, or static). */
static external_order *order_to_validate(const shop *s, const char **why, char *buf, size_t n)
{
	if (!s->cart->n_lines) {
		*why = _("Your cart is empty.");
		return NULL;
	}
	if (s->co.mode == SHOP_MODE_DELIVERY && !s->n_addresses) {
		*why = _("Delivery needs an address: add one to your profile, or choose pickup.");
		return NULL;
	}
	if (s->co.mode == SHOP_MODE_DELIVERY && s->co.want_address) {
		*why = _("Your saved address is still being read from the server.");
		return NULL;
	}
	if ((*why = closed_line(s, buf, n)))
		return NULL;
	money base;
	if (s->co.tip.kind == SHOP_TIP_PERCENT && shop_checkout_tips_allowed(s) &&
	    !shop_checkout_tip_base(s, &base)) {
		*why = _("The menu is still loading; the tip is worked out once it is here.");
		return NULL;
	}
	external_order *o = xcalloc(1, sizeof *o);
	o->cart = cart_copy(s->cart);
	o->fulfillment_type = xstrdup(mode_wire(s->co.mode));
	if (s->co.mode == SHOP_MODE_DELIVERY)
		o->delivery_info = delivery_info(s);
	o->customer = shop_customer_copy(s->customer);
	o->amounts = xcalloc(1, sizeof *o->amounts);
	o->amounts->tip = shop_checkout_tip(s);
	o->amounts->has_tip = true;
	return o;
}

void shop_validate_now(shop *s)
{
	api_slot_cancel(&s->co.call);
	clear_results(s);
	external_order_free(s->co.sent);
	s->co.sent = NULL;
	const char *why = NULL;
	char reason[512];
	external_order *o = order_to_validate(s, &why, reason, sizeof reason);
	if (!o) {
		s->co.state = SHOP_VALIDATION_INVALID;
		s->co.message = xstrdup(why);
		shop_place_after_validation(s);
		return;
	}
	s->co.sent = o;
	api_handle *call = api_validate(s->api, o, on_validated, s);
	api_slot_start(&s->co.call, call);
	s->co.state = call ? SHOP_VALIDATION_RUNNING : SHOP_VALIDATION_FAILED;
}

/* The order changed while it was checked before placing: what the user said yes to is not
   what would be sent, so nothing is. */
static void not_placed_changed(shop *s)
{
	s->pl.state = SHOP_PLACE_IDLE;
	shop_set_notice(s, _("Not placed: the order changed while it was being checked. Check "
			     "it, then P to place it."));
}

void shop_checkout_invalidate(shop *s)
{
	api_slot_cancel(&s->co.call);
	clear_results(s);
	s->co.state = SHOP_VALIDATION_NONE;
	/* What was confirmed, refused or placed no longer holds for the cart as it is now; a
	   request still out, or sent with an unknown outcome, stays what it is until known. */
	shop_place_state st = s->pl.state;
	if (st == SHOP_PLACE_NEEDS_CONFIRMATION || st == SHOP_PLACE_FAILED ||
	    st == SHOP_PLACE_DONE || st == SHOP_PLACE_ALREADY_PLACED)
		s->pl.state = SHOP_PLACE_IDLE;
	if (st == SHOP_PLACE_REVALIDATING)
		not_placed_changed(s);
	if (s->co.active && s->cart->n_lines)
		shop_validate_now(s);
}

/* ------------------------------------------------------------------ choices */

static bool tips_allowed_for(const shop *s, shop_mode mode)
{
	const store *st = s->cart_menu.st;
	if (!st)
		return false;
	return mode == SHOP_MODE_PICKUP ? st->options.accepts_pickup_tips
					: st->options.accepts_delivery_tips;
}

void shop_choose_address(shop *s, size_t index)
{
	s->co.address = index;
	free(s->co.instructions);
	s->co.instructions =
	    index < s->n_addresses ? xstrdup(s->addresses[index].instructions) : NULL;
}

/* A choice changed: it is part of the cart's draft, saved with it. */
static void choice_changed(shop *s)
{
	s->co.drafted = true;
	shop_cart_save(s);
	shop_checkout_invalidate(s);
	shop_notify(s, SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_ORDER | SHOP_CHANGED_BUSY);
}

/* The card of the last order placed on this server, when it is still one of the choices. */
static size_t last_placed_payment(shop *s)
{
	size_t n, found = SIZE_MAX;
	journal_entry *v = shop_journal_list(s, JOURNAL_STATE_PLACED, &n);
	for (size_t i = n; i-- > 0 && found == SIZE_MAX;) { /* newest first */
		json_t *body = json_loads(v[i].body, 0, NULL);
		payment_info info = {0};
		json_err e;
		if (payment_info_parse(json_object_get(body, "payment"), "$.payment", &info, &e))
			found = shop_payment_find(s, &info);
		payment_info_clear(&info);
		json_decref(body);
	}
	journal_entries_free(v, n);
	return found;
}

/* Defaults for a cart that has no draft yet. */
static void draft_defaults(shop *s)
{
	s->co.mode = shop_mode_default(s, s->cart_menu.st);
	shop_choose_address(s, 0);
	size_t card = shop_account_default_for_draft(s);
	if (card == SIZE_MAX)
		card = last_placed_payment(s);
	s->co.payment = card != SIZE_MAX ? card : 0;
	s->co.payment_defaulted = true;
	s->co.tip = (shop_tip){SHOP_TIP_NONE, 0, 0};
	s->co.drafted = true;
}

void shop_checkout_begin(shop *s)
{
	s->co.active = true;
	shop_saved_fetch(s);
	if (!s->co.drafted)
		draft_defaults(s);
	const store *st = s->cart_menu.st;
	if (st && !shop_store_supports_mode(st, s->co.mode))
		s->co.mode = shop_mode_default(s, st);
	shop_place_find_unsettled(s); /* asked about before anything new is placed */
	choice_changed(s);
}

void shop_checkout_end(shop *s)
{
	s->co.active = false;
	if (s->pl.state == SHOP_PLACE_REVALIDATING) { /* nothing was sent: nothing will be */
		s->pl.state = SHOP_PLACE_IDLE;
		shop_set_notice(s,
				_("Not placed: checkout was left before the order was checked."));
	}
	if (s->co.call.call) {
		api_slot_cancel(&s->co.call);
		s->co.state = SHOP_VALIDATION_NONE;
	}
	shop_notify(s, SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_ORDER | SHOP_CHANGED_BUSY);
}

unsigned shop_checkout_generation(const shop *s)
{
	return s->co.generation;
}

bool shop_checkout_active(const shop *s)
{
	return s->co.active;
}

void shop_checkout_set_mode(shop *s, shop_mode mode)
{
	const store *st = s->cart_menu.st;
	if (mode == s->co.mode || (st && !shop_store_supports_mode(st, mode)))
		return;
	s->co.mode = mode; /* the tip choice stays; where tips are not taken it sends 0 */
	choice_changed(s);
}

shop_mode shop_checkout_mode(const shop *s)
{
	return s->co.mode;
}

void shop_checkout_set_address(shop *s, size_t index)
{
	if (index >= s->n_addresses || index == s->co.address)
		return;
	shop_choose_address(s, index);
	shop_draft_drop_wanted(s, true, false);
	choice_changed(s);
}

size_t shop_checkout_address(const shop *s)
{
	return s->co.address;
}

void shop_checkout_set_instructions(shop *s, const char *text)
{
	if (strcmp(shop_checkout_instructions(s), text ? text : "") == 0)
		return;
	free(s->co.instructions);
	s->co.instructions = xstrdup(text);
	choice_changed(s);
}

const char *shop_checkout_instructions(const shop *s)
{
	return s->co.instructions ? s->co.instructions : "";
}

void shop_checkout_set_payment(shop *s, size_t index)
{
	if (index >= s->n_payments)
		return;
	bool refused = s->pl.state == SHOP_PLACE_FAILED;
	if (index == s->co.payment && !refused)
		return;
	s->co.payment = index;
	s->co.payment_defaulted = false;
	s->co.generation++;
	if (s->pl.state == SHOP_PLACE_REVALIDATING)
		not_placed_changed(s);
	shop_draft_drop_wanted(s, false, true);
	s->co.drafted = true;
	if (!refused) { /* the card is not part of what validate checks */
		shop_cart_save(s);
		shop_notify(s, SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_ORDER);
		return;
	}
	s->pl.state = SHOP_PLACE_IDLE; /* another card: the decline no longer stands */
	shop_set_notice(s, NULL);
	choice_changed(s);
}

size_t shop_checkout_payment(const shop *s)
{
	return s->co.payment;
}

unsigned shop_checkout_payment_follow_default(shop *s)
{
	if (!s->co.drafted || !s->co.payment_defaulted || s->pl.state != SHOP_PLACE_IDLE)
		return 0;
	size_t card = shop_account_default_for_draft(s);
	if (card == SIZE_MAX || card == s->co.payment)
		return 0;
	s->co.payment = card; /* the card is not part of what validate checks */
	s->co.generation++;
	shop_cart_save(s);
	return SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_ORDER;
}

bool shop_checkout_payment_waiting(const shop *s)
{
	return s->co.want_payment != NULL;
}

static bool set_tip(shop *s, shop_tip tip)
{
	money amount = tip.amount;
	if (tip.kind == SHOP_TIP_PERCENT && (tip.percent_bp < 0 || tip.percent_bp > 10000))
		return false;
	if (tip.kind == SHOP_TIP_AMOUNT && (amount < 0 || amount > MONEY_MAX_CENTS))
		return false;
	bool some = (tip.kind == SHOP_TIP_PERCENT && tip.percent_bp > 0) ||
		    (tip.kind == SHOP_TIP_AMOUNT && amount > 0);
	if (some && !tips_allowed_for(s, s->co.mode))
		return false;
	if (!some)
		tip = (shop_tip){SHOP_TIP_NONE, 0, 0};
	shop_tip now = s->co.tip;
	if (now.kind == tip.kind && now.percent_bp == tip.percent_bp && now.amount == tip.amount)
		return true;
	s->co.tip = tip;
	choice_changed(s);
	return true;
}

bool shop_checkout_set_tip(shop *s, money tip)
{
	return set_tip(s, (shop_tip){SHOP_TIP_AMOUNT, 0, tip});
}

bool shop_checkout_set_tip_percent(shop *s, int percent_bp)
{
	return set_tip(s, (shop_tip){SHOP_TIP_PERCENT, percent_bp, 0});
}

shop_tip shop_checkout_tip_choice(const shop *s)
{
	return s->co.tip;
}

bool shop_checkout_tip_base(const shop *s, money *subtotal)
{
	return shop_cart_estimate(s, subtotal);
}

money shop_checkout_tip(const shop *s)
{
	money base = 0;
	if (!tips_allowed_for(s, s->co.mode))
		return 0;
	switch (s->co.tip.kind) {
	case SHOP_TIP_PERCENT:
		return shop_checkout_tip_base(s, &base)
			   ? money_percent_bp(base, s->co.tip.percent_bp)
			   : 0;
	case SHOP_TIP_AMOUNT:
		return s->co.tip.amount;
	default:
		return 0;
	}
}

bool shop_checkout_tips_allowed(const shop *s)
{
	return tips_allowed_for(s, s->co.mode);
}

bool shop_tip_is_high(const shop *s, money tip)
{
	money base = 0;
	if (tip <= 0 || !shop_checkout_tip_base(s, &base))
		return false;
	return base <= 0 || tip > money_percent_bp(base, SHOP_TIP_HIGH_BP);
}

const shop_address *shop_address_at(const shop *s, size_t index)
{
	return index < s->n_addresses ? &s->addresses[index] : NULL;
}

size_t shop_address_count(const shop *s)
{
	return s->n_addresses;
}

const shop_payment *shop_payment_at(const shop *s, size_t index)
{
	return index < s->n_payments ? &s->payments[index] : NULL;
}

size_t shop_payment_count(const shop *s)
{
	return s->n_payments;
}

/* ------------------------------------------------------------------ reading */

shop_validation_state shop_validation(const shop *s)
{
	return s->co.state;
}

const external_order *shop_validated_order(const shop *s)
{
	return s->co.state == SHOP_VALIDATION_VALID ? s->co.validated : NULL;
}

const str_list *shop_amount_warnings(const shop *s)
{
	return &s->co.warnings;
}

const api_line_errors *shop_line_errors(const shop *s)
{
	return &s->co.line_errors;
}

const char *shop_validation_message(const shop *s)
{
	return s->co.message;
}

const char *shop_validation_support(const shop *s)
{
	return s->co.support;
}

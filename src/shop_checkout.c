/*
 * Checkout: the user's choices (mode, address, instructions, payment, tip) and the
 * validation of the cart with them (contract §2.9). In checkout every change
 * re-validates at once, latest wins; the server's Amounts of a VALID validation
 * are the only money shown as final. Placing is in shop_place.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "shop_int.h"

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
	s->co.validated = o;
	s->co.validated_at = uv_now(s->loop);
	str_list_copy(&s->co.warnings, &o->amounts->warnings);
	amounts_check(o->amounts, &s->co.warnings);
}

static void on_validated(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->co.call, r))
		return;
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

static cart *cart_copy(const cart *c)
{
	json_t *j = cart_to_json(c);
	json_err err;
	cart *copy = cart_from_json(j, &err);
	json_decref(j);
	return copy;
}

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

/* The ExternalOrder validate gets (§2.9), or NULL with the reason. */
static external_order *order_to_validate(const shop *s, const char **why)
{
	if (!s->cart->n_lines) {
		*why = _("Your cart is empty.");
		return NULL;
	}
	if (s->co.mode == SHOP_MODE_DELIVERY && !s->n_addresses) {
		*why = _("Delivery needs an address: add one to your profile, or choose pickup.");
		return NULL;
	}
	external_order *o = xcalloc(1, sizeof *o);
	o->cart = cart_copy(s->cart);
	o->fulfillment_type = xstrdup(mode_wire(s->co.mode));
	if (s->co.mode == SHOP_MODE_DELIVERY)
		o->delivery_info = delivery_info(s);
	o->customer = shop_customer_copy(s->customer);
	o->amounts = xcalloc(1, sizeof *o->amounts);
	o->amounts->tip = s->co.tip;
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
	external_order *o = order_to_validate(s, &why);
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

void shop_checkout_invalidate(shop *s)
{
	api_slot_cancel(&s->co.call);
	clear_results(s);
	s->co.state = SHOP_VALIDATION_NONE;
	shop_place_state st = s->pl.state;
	if (st != SHOP_PLACE_SENDING && st != SHOP_PLACE_IDLE)
		s->pl.state = SHOP_PLACE_IDLE; /* what was confirmed no longer holds */
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

static void choice_changed(shop *s)
{
	shop_checkout_invalidate(s);
	shop_notify(s, SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_ORDER | SHOP_CHANGED_BUSY);
}

void shop_checkout_begin(shop *s)
{
	s->co.active = true;
	s->co.mode = shop_mode_default(s, s->cart_menu.st);
	shop_saved_fetch(s);
	shop_choose_address(s, 0);
	s->co.payment = 0;
	if (!tips_allowed_for(s, s->co.mode))
		s->co.tip = 0;
	choice_changed(s);
}

void shop_checkout_end(shop *s)
{
	s->co.active = false;
	if (!s->co.call.call)
		return;
	api_slot_cancel(&s->co.call);
	s->co.state = SHOP_VALIDATION_NONE;
	shop_notify(s, SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_BUSY);
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
	s->co.mode = mode;
	if (!tips_allowed_for(s, mode))
		s->co.tip = 0;
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
	choice_changed(s);
}

size_t shop_checkout_address(const shop *s)
{
	return s->co.address;
}

void shop_checkout_set_instructions(shop *s, const char *text)
{
	const char *now = s->co.instructions ? s->co.instructions : "";
	if (strcmp(now, text ? text : "") == 0)
		return;
	free(s->co.instructions);
	s->co.instructions = xstrdup(text);
	if (s->co.mode == SHOP_MODE_DELIVERY)
		choice_changed(s);
	else
		shop_notify(s, SHOP_CHANGED_CHECKOUT);
}

void shop_checkout_set_payment(shop *s, size_t index)
{
	if (index >= s->n_payments || index == s->co.payment)
		return;
	s->co.payment = index; /* not part of what validate checks */
	shop_notify(s, SHOP_CHANGED_CHECKOUT);
}

size_t shop_checkout_payment(const shop *s)
{
	return s->co.payment;
}

bool shop_checkout_set_tip(shop *s, money tip)
{
	if (tip < 0 || tip > MONEY_MAX_CENTS || (tip > 0 && !tips_allowed_for(s, s->co.mode)))
		return false;
	if (tip == s->co.tip)
		return true;
	s->co.tip = tip;
	choice_changed(s);
	return true;
}

money shop_checkout_tip(const shop *s)
{
	return s->co.tip;
}

bool shop_checkout_tips_allowed(const shop *s)
{
	return tips_allowed_for(s, s->co.mode);
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

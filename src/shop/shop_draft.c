/*
 * The checkout draft belongs to the cart (docs/checkout.md): the user's choices are
 * saved in the cart file next to the lines (cart_file.h) and read back at start.
 * Choices are saved by what they are, not by position, because the lists change:
 *
 *   {"fulfillment":"DeliveryByMerchant"|"Pickup" (the wire names, order.h),
 *    "address":{"address1":"…","postalCode":"…"}, "instructions":"…",
 *    "payment":{"paymentId":"…"} | {"label":"…"},
 *    "tip":{"percentBp":1500} | {"cents":540}}
 *
 * Card tokens are never written here: a card from the config is found by its label, a
 * saved card by its paymentId. A saved address or card the server has not listed yet
 * waits (want_address / want_payment) until its list arrives (shop_saved.c).
 */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "shop/shop_int.h"

void shop_draft_drop_wanted(shop *s, bool address, bool payment)
{
	if (address && s->co.want_address) {
		external_address_clear(s->co.want_address);
		free(s->co.want_address);
		s->co.want_address = NULL;
	}
	if (payment) {
		free(s->co.want_payment);
		s->co.want_payment = NULL;
	}
}

void shop_draft_reset(shop *s)
{
	shop_draft_drop_wanted(s, true, true);
	s->co.drafted = false;
	s->co.payment_defaulted = false;
	s->co.tip = (shop_tip){SHOP_TIP_NONE, 0, 0};
}

/* ------------------------------------------------------------------ writing */

static json_t *address_json(const shop *s)
{
	const external_address *a = s->co.want_address;
	if (!a && s->co.address < s->n_addresses)
		a = &s->addresses[s->co.address].address;
	if (!a)
		return NULL;
	json_t *j = json_object();
	jsonx_set_string(j, "address1", a->address1);
	jsonx_set_string(j, "postalCode", a->postal_code);
	return j;
}

static json_t *payment_json(const shop *s)
{
	if (s->co.want_payment)
		return json_pack("{ss}", "paymentId", s->co.want_payment);
	if (s->co.payment >= s->n_payments)
		return NULL;
	const shop_payment *p = &s->payments[s->co.payment];
	if (p->info.payment_id)
		return json_pack("{ss}", "paymentId", p->info.payment_id);
	return p->label ? json_pack("{ss}", "label", p->label) : NULL;
}

static json_t *tip_json(shop_tip tip)
{
	if (tip.kind == SHOP_TIP_PERCENT)
		return json_pack("{sI}", "percentBp", (json_int_t)tip.percent_bp);
	if (tip.kind == SHOP_TIP_AMOUNT)
		return json_pack("{sI}", "cents", (json_int_t)tip.amount);
	return NULL;
}

json_t *shop_draft_to_json(const shop *s)
{
	if (!s->co.drafted)
		return NULL;
	json_t *j = json_object();
	jsonx_set_string(j, "fulfillment",
			 s->co.mode == SHOP_MODE_PICKUP ? FULFILLMENT_PICKUP
							: FULFILLMENT_DELIVERY);
	json_t *part = address_json(s);
	if (part)
		json_object_set_new(j, "address", part);
	jsonx_set_string(j, "instructions", s->co.instructions);
	if ((part = payment_json(s)))
		json_object_set_new(j, "payment", part);
	if ((part = tip_json(s->co.tip)))
		json_object_set_new(j, "tip", part);
	return j;
}

/* ------------------------------------------------------------------ reading */

static const char *member_text(const json_t *obj, const char *key)
{
	const char *text = json_string_value(json_object_get(obj, key));
	return text && *text ? text : NULL;
}

static void restore_address(shop *s, const json_t *j)
{
	external_address want = {
	    .address1 = (char *)member_text(j, "address1"),
	    .postal_code = (char *)member_text(j, "postalCode"),
	};
	if (!want.address1)
		return;
	for (size_t i = 0; i < s->n_addresses; i++)
		if (shop_address_same(&s->addresses[i].address, &want)) {
			s->co.address = i;
			return;
		}
	s->co.want_address = xcalloc(1, sizeof *s->co.want_address);
	s->co.want_address->address1 = xstrdup(want.address1);
	s->co.want_address->postal_code = xstrdup(want.postal_code);
}

static void restore_payment(shop *s, const json_t *j)
{
	const char *id = member_text(j, "paymentId"), *label = member_text(j, "label");
	for (size_t i = 0; i < s->n_payments; i++) {
		const shop_payment *p = &s->payments[i];
		if ((id && p->info.payment_id && strcmp(id, p->info.payment_id) == 0) ||
		    (!id && label && p->label && strcmp(label, p->label) == 0)) {
			s->co.payment = i;
			return;
		}
	}
	if (id)
		s->co.want_payment = xstrdup(id);
}

static shop_tip restore_tip(const json_t *j)
{
	json_t *bp = json_object_get(j, "percentBp"), *cents = json_object_get(j, "cents");
	if (json_is_integer(bp) && json_integer_value(bp) > 0 && json_integer_value(bp) <= 10000)
		return (shop_tip){SHOP_TIP_PERCENT, (int)json_integer_value(bp), 0};
	if (json_is_integer(cents) && json_integer_value(cents) > 0 &&
	    json_integer_value(cents) <= MONEY_MAX_CENTS)
		return (shop_tip){SHOP_TIP_AMOUNT, 0, (money)json_integer_value(cents)};
	return (shop_tip){SHOP_TIP_NONE, 0, 0};
}

/* A damaged or partial draft loses only what is damaged: the rest is the user's. */
void shop_draft_restore(shop *s, const json_t *draft)
{
	if (!json_is_object(draft) || !s->cart->n_lines)
		return;
	const char *mode = member_text(draft, "fulfillment");
	s->co.mode =
	    mode && strcmp(mode, FULFILLMENT_PICKUP) == 0 ? SHOP_MODE_PICKUP : SHOP_MODE_DELIVERY;
	shop_choose_address(s, 0);
	restore_address(s, json_object_get(draft, "address"));
	const char *instructions = member_text(draft, "instructions");
	free(s->co.instructions);
	s->co.instructions = instructions ? xstrdup(instructions) : NULL;
	s->co.payment = 0;
	restore_payment(s, json_object_get(draft, "payment"));
	s->co.tip = restore_tip(json_object_get(draft, "tip"));
	s->co.drafted = true;
}

unsigned shop_draft_resolve_saved(shop *s)
{
	bool found = false;
	for (size_t i = 0; s->co.want_address && i < s->n_addresses; i++)
		if (shop_address_same(&s->addresses[i].address, s->co.want_address)) {
			s->co.address = i; /* the restored instructions stay */
			shop_draft_drop_wanted(s, true, false);
			found = true;
		}
	for (size_t i = 0; s->co.want_payment && i < s->n_payments; i++)
		if (s->payments[i].info.payment_id &&
		    strcmp(s->payments[i].info.payment_id, s->co.want_payment) == 0) {
			s->co.payment = i;
			shop_draft_drop_wanted(s, false, true);
			found = true;
		}
	if (!found)
		return 0;
	if (s->co.active)
		shop_checkout_invalidate(s);
	return SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_ORDER;
}

unsigned shop_draft_forget_missing(shop *s, bool address, bool payment)
{
	const char *why = NULL;
	if (address && s->co.want_address) {
		shop_draft_drop_wanted(s, true, false);
		s->co.address = 0;
		why = _("The address saved with your cart is no longer on your account: the first "
			"address is chosen instead.");
	}
	if (payment && s->co.want_payment) {
		shop_draft_drop_wanted(s, false, true);
		s->co.payment = 0;
		s->co.payment_defaulted = true; /* the account's default card may follow */
		why = _("The card saved with your cart is no longer on your account: your default "
			"card is chosen instead.");
	}
	if (!why)
		return 0;
	shop_set_notice(s, why);
	shop_cart_save(s);
	if (s->co.active)
		shop_checkout_invalidate(s);
	return SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_ORDER | SHOP_CHANGED_NOTICE;
}

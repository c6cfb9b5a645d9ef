/* Authoritative order amounts: fees, taxes, promotions and the tip split (see amounts.h). */
#include <stdio.h>
#include <string.h>

#include "amounts.h"
#include "base/i18n.h"
#include "server.h"

/*
 * A percentage from the data ("percentOff": 10 or 12.5) in basis points. Money parsing
 * reads a decimal number exactly into hundredths, and hundredths of a percent are basis
 * points, so 12.5 -> 1250 without any float arithmetic.
 */
static bool percent_to_bp(const json_t *value, int64_t *bp)
{
	money hundredths;
	if (!json_is_number(value) || money_from_json(value, &hundredths) != MONEY_OK)
		return false;
	if (hundredths < 0 || hundredths > 10000)
		return false;
	*bp = hundredths;
	return true;
}

/* `_sandbox.promotion` {name, percentOff, minSubTotal}; malformed promotions are ignored. */
static money promotion_amount(const json_t *promo, money sub_total, const char **name)
{
	int64_t bp;
	money min_sub_total = 0;
	const json_t *min = json_object_get(promo, "minSubTotal");
	*name = json_string_value(json_object_get(promo, "name"));
	if (!json_is_object(promo) || !*name ||
	    !percent_to_bp(json_object_get(promo, "percentOff"), &bp))
		return 0;
	if (min && !json_is_null(min) && money_from_json(min, &min_sub_total) == MONEY_INVALID)
		return 0;
	if (sub_total < min_sub_total)
		return 0;
	return money_percent_bp(sub_total, bp);
}

static void add_line(amount_lines *lines, const char *name, money value)
{
	if (value != 0)
		amount_lines_add(lines, name, value);
}

static void compute_fees(const sbx_store *st, money sub_total, bool delivery, amounts *out)
{
	money delivery_fee = delivery ? st->extra.delivery_fee : 0;
	money service_fee = money_percent_bp(sub_total, st->extra.service_fee_bp);
	add_line(&out->fees_description, _("Delivery Fee"), delivery_fee);
	add_line(&out->fees_description, _("Service Fee"), service_fee);
	out->fees = delivery_fee + service_fee;
}

/* The driver gets the odd cent so the two halves always add up to the tip. */
static void split_tip(money tip, bool delivery, amounts *out)
{
	money staff = delivery ? tip / 2 : tip;
	add_line(&out->tip_description, _("Staff"), staff);
	if (delivery)
		add_line(&out->tip_description, _("Driver"), tip - staff);
	out->tip = tip;
}

void sbx_amounts_compute(const sbx_store *st, money sub_total, bool delivery, money tip,
			 amounts *out)
{
	memset(out, 0, sizeof *out);
	out->sub_total = sub_total;
	compute_fees(st, sub_total, delivery, out);

	const char *promo_name = NULL;
	out->promotions = promotion_amount(st->extra.promotion, sub_total, &promo_name);
	add_line(&out->promotions_description, promo_name, out->promotions);

	char tax_name[64];
	char rate[MONEY_TEXT_MAX];
	snprintf(tax_name, sizeof tax_name, _("Sales Tax (%s%%)"),
		 money_to_decimal(st->extra.tax_rate_bp, rate));
	out->taxes = money_percent_bp(sub_total - out->promotions, st->extra.tax_rate_bp);
	add_line(&out->taxes_description, tax_name, out->taxes);

	out->adjustments = 0;
	split_tip(tip, delivery, out);
	out->total =
	    out->sub_total + out->fees - out->promotions + out->taxes + out->adjustments + out->tip;

	out->has_sub_total = out->has_fees = out->has_taxes = out->has_promotions = true;
	out->has_adjustments = out->has_tip = out->has_total = true;
	out->fees_description.present = out->taxes_description.present = true;
	out->promotions_description.present = out->adjustments_description.present = true;
	out->tip_description.present = true;
}

static void diff_field(const char *key, bool sent_has, money sent, money expected, json_t *holder,
		       size_t *n)
{
	if (sent_has && sent == expected)
		return;
	char path[64], msg[256], want[MONEY_TEXT_MAX], got[MONEY_TEXT_MAX];
	snprintf(path, sizeof path, "$.amounts.%s", key);
	if (sent_has)
		snprintf(msg, sizeof msg, _("%s is now %s, not %s; validate again."), key,
			 money_format(expected, want), money_format(sent, got));
	else
		snprintf(msg, sizeof msg, _("%s is missing; send the amounts validate returned."),
			 key);
	sbx_add_error(holder, "ORDER_TOTAL_DIFFERENT", msg, NULL, path);
	(*n)++;
}

size_t sbx_amounts_diff(const amounts *sent, const amounts *expected, json_t *holder)
{
	static const amounts none = {0};
	const amounts *s = sent ? sent : &none;
	size_t n = 0;
	diff_field("subTotal", s->has_sub_total, s->sub_total, expected->sub_total, holder, &n);
	diff_field("fees", s->has_fees, s->fees, expected->fees, holder, &n);
	diff_field("taxes", s->has_taxes, s->taxes, expected->taxes, holder, &n);
	diff_field("promotions", s->has_promotions, s->promotions, expected->promotions, holder,
		   &n);
	diff_field("adjustments", s->has_adjustments, s->adjustments, expected->adjustments, holder,
		   &n);
	diff_field("tip", s->has_tip, s->tip, expected->tip, holder, &n);
	diff_field("total", s->has_total, s->total, expected->total, holder, &n);
	return n;
}

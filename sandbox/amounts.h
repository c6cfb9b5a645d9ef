/*
 * The authoritative Amounts of a sandbox order (contract §3.7, §4.9, docs/sandbox.md
 * "Amounts"), in integer cents, from the store's `_sandbox` settings:
 *   fees        = delivery fee (DeliveryByMerchant only) + service fee
 *                 (serviceFeePercent of subTotal)
 *   promotions  = promotion.percentOff of subTotal when subTotal ≥ minSubTotal
 *   taxes       = taxRateBasisPoints of (subTotal − promotions); fees and tip untaxed
 *   adjustments = 0
 *   tip         = as sent; split Staff/Driver for delivery, Staff for pickup
 *   total       = subTotal + fees − promotions + taxes + adjustments + tip
 * Percentages round half away from zero (money_percent_bp). Every breakdown
 * lists its non-zero parts and sums exactly to its category total.
 */
#ifndef GETT_SANDBOX_AMOUNTS_H
#define GETT_SANDBOX_AMOUNTS_H

#include <stdbool.h>
#include <jansson.h>

#include "base/money.h"
#include "wire/order.h"
#include "world.h"

/* Fills *out (overwritten, every total and breakdown present); amounts_clear() releases it. */
void sbx_amounts_compute(const sbx_store *st, money sub_total, bool delivery, money tip,
			 amounts *out);

/*
 * Compares the amounts a client sent to place against the recomputation, field by field in
 * cents; a missing field counts as different. Appends one ORDER_TOTAL_DIFFERENT
 * ValidationError per difference to holder's `errors` array (jsonPath "$.amounts.<field>",
 * see sbx_add_error). Returns the number of differences. `sent` may be NULL (then every
 * field differs).
 */
size_t sbx_amounts_diff(const amounts *sent, const amounts *expected, json_t *holder);

#endif

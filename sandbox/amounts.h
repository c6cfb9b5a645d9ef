/*
 * gett-sandbox order side, shared between h_carts.c and h_orders.c: the
 * authoritative Amounts of an order (contract §3.7, §4.9, docs/sandbox.md
 * "Orders"), the per-line checks of carts and orders (§4.3, §4.4) and the check
 * pipeline validate and place share (§2.9, §6 Q9).
 *
 * Amounts, in integer cents, from the store's `_sandbox` settings:
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
#include <time.h>
#include <jansson.h>

#include "cart.h"
#include "money.h"
#include "order.h"
#include "server.h"
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

/*
 * The checks one cart line must pass (shared by the cart helpers and validate/place):
 * the item exists in the set and is a menu item (reachable from some catalog's sections),
 * and its selections obey the modifier rules (modifier_rules.h). With `time_zone` non-NULL
 * the item must also be reachable from a catalog open at `now` (sbx_item_orderable).
 * Appends ValidationErrors to holder's `errors` array, each jsonPath starting with
 * `line_path` ("$.cart.lineItems[2]"). Returns true when the line is clean.
 */
bool sbx_check_line(const sbx_catalog_entry *entry, const line_item *line, const char *line_path,
		    const char *time_zone, time_t now, json_t *holder);

/*
 * Answers line-level problems collected in holder's `errors` (contract §6 Q9) as a
 * ProblemDetail: errorCode and status of the first error (§5 table), detail = its message,
 * errors[] = all of them; 422 VALIDATION_FAILED instead under --validation-style 422.
 * The inline style (200 isValid:false) is validate's own business.
 */
void sbx_respond_line_problems(const sbx_request *req, sbx_response *resp, const sbx_world *w,
			       const json_t *holder);

/* ------------------------------------------------------------------ the check pipeline */

/*
 * sbx_order_check() runs, in order:
 *   1. request shape (400 INVALID_REQUEST with the JSON path): body, fulfillmentType,
 *      customer (required with the API key; on place also for anonymous sessions), tip >= 0;
 *   2. whole-order problems, always a ProblemDetail: store / catalog set unknown (404),
 *      mode not offered, tip not accepted (§4.9), store closed, empty cart;
 *   3. line-level problems, collected in ctx->holder (§6 Q9): items and modifier rules per
 *      line, the minimum order, the delivery address (ADDRESS_INVALID / _OUT_OF_RANGE).
 * Amounts are computed whenever every line prices, even with other line-level problems.
 */
typedef struct sbx_order_ctx {
	external_order order;  /* the body without deliveryInfo (handled here, §3.1) */
	bool delivery;	       /* DeliveryByMerchant */
	json_t *delivery_info; /* echo with the geocoded location (owned) or NULL */
	json_t *customer;      /* echo (owned) or NULL */
	const sbx_store *store;
	const sbx_catalog_entry *catalog;
	money tip;
	json_t *holder;		/* {"errors": [...]}: line-level problems */
	bool has_amounts;	/* subTotal was computable */
	amounts amounts;	/* authoritative, when has_amounts */
	const char *address_id; /* saved address used from the fulfillment context, or NULL */
} sbx_order_ctx;

typedef enum sbx_check_result {
	SBX_CHECK_OK,
	SBX_CHECK_ANSWERED,	 /* a ProblemDetail is in resp */
	SBX_CHECK_LINE_PROBLEMS, /* ctx->holder has errors */
} sbx_check_result;

/* 400 INVALID_REQUEST whose errors[0] has `code` (e.g. TIP_NOT_ACCEPTED) at `path`. */
void sbx_invalid_at(const sbx_request *req, sbx_response *resp, const char *code, const char *path,
		    const char *message);
/* ctx must start zeroed; `placing` selects place's stricter customer rule. */
sbx_check_result sbx_order_check(const sbx_request *req, sbx_response *resp, const sbx_world *w,
				 sbx_order_ctx *ctx, bool placing);
void sbx_order_ctx_clear(sbx_order_ctx *ctx);
/* The ExternalOrder echo shared by validate and place (without the outcome fields). */
json_t *sbx_order_json(const sbx_order_ctx *ctx);

#endif

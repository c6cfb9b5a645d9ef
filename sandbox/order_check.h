/*
 * The order checks of gett-sandbox, shared by the cart helpers (h_carts.c) and by validate and
 * place (h_orders.c): contract §2.8, §2.9, §4.3, §4.4, §4.9 and §6 Q9.
 *
 * sbx_order_check() runs, in order:
 *   1. request shape (400 INVALID_REQUEST with the JSON path): the body read by the client's
 *      model (external_order_parse; place reads its PlaceOrderRequest once itself),
 *      fulfillmentType, customer (required with the API key; on place also for anonymous
 *      sessions), tip >= 0;
 *   2. whole-order problems, always a ProblemDetail: catalog set / store missing or unknown,
 *      mode not offered, tip not accepted (§4.9), store closed, empty cart;
 *   3. line-level problems, collected in ctx->holder (§6 Q9): items and modifier rules per
 *      line, the minimum order, the delivery address (ADDRESS_INVALID / _OUT_OF_RANGE).
 * Amounts (amounts.h) are computed whenever every line prices, even with other line-level
 * problems.
 */
#ifndef GETT_SANDBOX_ORDER_CHECK_H
#define GETT_SANDBOX_ORDER_CHECK_H

#include <stdbool.h>
#include <time.h>
#include <jansson.h>

#include "wire/cart.h"
#include "wire/order.h"
#include "server.h"
#include "world.h"

/*
 * The store and its *current* catalog set named by a cart: 400 CATALOGSET_REQUIRED, then
 * 400 MISSING_STORE_ID, 404 STORE_NOT_FOUND, and 404 CATALOGSET_NOT_FOUND for any set that is
 * not the store's current one (§1.5). NULL after answering; *store_out is set on success.
 */
const sbx_catalog_entry *sbx_cart_menu(const sbx_request *req, sbx_response *resp,
				       const sbx_world *w, const cart *c,
				       const sbx_store **store_out);

/*
 * The checks one cart line must pass: the item exists in the set and is a menu item
 * (reachable from some catalog's sections), and its selections obey the modifier rules
 * (modifier_rules.h). With `time_zone` non-NULL the item must also be reachable from a
 * catalog open at `now`. Appends ValidationErrors to holder's `errors` array, each jsonPath
 * starting with `line_path` ("$.cart.lineItems[2]"). Returns true when the line is clean.
 */
bool sbx_check_line(const sbx_catalog_entry *entry, const line_item *line, const char *line_path,
		    const char *time_zone, time_t now, json_t *holder);

/*
 * Answers line-level problems collected in holder's `errors` as a ProblemDetail: errorCode
 * and status of the first error (§5 table), detail = its message, errors[] = all of them;
 * 422 VALIDATION_FAILED instead under --validation-style 422. The inline style (200
 * isValid:false) is validate's own business.
 */
void sbx_respond_line_problems(const sbx_request *req, sbx_response *resp, const sbx_world *w,
			       const json_t *holder);

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

/* ctx must start zeroed. `placing` is NULL for validate, whose body is read here as an
   ExternalOrder; place passes the order of the PlaceOrderRequest it parsed, which the check
   takes over (moved into ctx->order, *placing left empty), and gets place's stricter
   customer rule. */
sbx_check_result sbx_order_check(const sbx_request *req, sbx_response *resp, const sbx_world *w,
				 sbx_order_ctx *ctx, external_order *placing);
void sbx_order_ctx_clear(sbx_order_ctx *ctx);
/* The ExternalOrder echo shared by validate and place (without the outcome fields). */
json_t *sbx_order_json(const sbx_order_ctx *ctx);

#endif

/*
 * Orders (contract §3.6, §3.7, §4.5): ExternalOrder with its customer,
 * delivery info, payment and Amounts, and PlaceOrderRequest = order + payment.
 *
 * Enum-like wire strings (fulfillmentType, payment type, state, status) are
 * kept verbatim so unknown values from a real server survive and can be shown
 * raw; the *_kind helpers classify the known ones.
 *
 * Amounts are parsed strictly for the totals and leniently for the breakdowns
 * (§3.7): an unreadable breakdown entry is skipped and noted in
 * amounts.warnings. A parsed amounts keeps the object it came from (`raw`), and
 * amounts_to_json() sends that back verbatim, unknown members and breakdown shapes
 * included: place must echo validate's amounts exactly (§2.10).
 *
 * Responses are parsed leniently (required-on-request is not required-on-response);
 * the *_check functions hold the request rules, for what the client sends and for what
 * the sandbox receives.
 */
#ifndef GETT_ORDER_H
#define GETT_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "wire/cart.h"
#include "base/collections.h"
#include "base/jsonx.h"
#include "base/money.h"
#include "wire/problem.h"
#include "wire/store.h"

/* ------------------------------------------------------------------ enums kept as strings */

#define FULFILLMENT_DELIVERY "DeliveryByMerchant"
#define FULFILLMENT_PICKUP   "Pickup"

enum fulfillment_kind {
	FULFILLMENT_KIND_UNKNOWN,
	FULFILLMENT_KIND_DELIVERY,
	FULFILLMENT_KIND_PICKUP
};
enum fulfillment_kind fulfillment_kind_of(const char *wire);

enum payment_kind {
	PAYMENT_KIND_UNKNOWN,
	PAYMENT_KIND_GETT_PAYMENT, /* "gettPayment" */
	PAYMENT_KIND_CARD_ON_FILE, /* "cardOnFile" */
	PAYMENT_KIND_SAVED_CARD,   /* "savedCard" */
};
enum payment_kind payment_kind_of(const char *wire);
const char *payment_kind_wire(enum payment_kind kind); /* NULL for UNKNOWN */

enum order_state {
	ORDER_STATE_UNKNOWN,
	ORDER_STATE_OPEN,
	ORDER_STATE_COMPLETED,
	ORDER_STATE_CANCELLED
};
enum order_state order_state_of(const char *wire);

enum order_status {
	ORDER_STATUS_UNKNOWN,
	ORDER_STATUS_PENDING,
	ORDER_STATUS_CONFIRMED,
	ORDER_STATUS_PREPARING,
	ORDER_STATUS_READY,
	ORDER_STATUS_IN_TRANSIT, /* "inTransit" */
};
enum order_status order_status_of(const char *wire);
const char *order_status_wire(enum order_status status); /* NULL for UNKNOWN */
/* Translated label for a known status ("Preparing"); the raw wire string otherwise. */
const char *order_status_label(const char *wire);

/* ------------------------------------------------------------------ Amounts (§3.7) */

typedef struct amount_line {
	char *name;
	money value;
} amount_line;

typedef struct amount_lines {
	amount_line *v;
	size_t n;
	bool present; /* the breakdown was on the wire (possibly empty) */
} amount_lines;

void amount_lines_add(amount_lines *lines, const char *name, money value);

typedef struct amounts {
	money sub_total, fees, taxes, promotions, adjustments, tip, total;
	bool has_sub_total, has_fees, has_taxes, has_promotions, has_adjustments, has_tip,
	    has_total;
	amount_lines fees_description;
	amount_lines taxes_description;
	amount_lines promotions_description; /* positive values */
	amount_lines adjustments_description;
	amount_lines tip_description;
	str_list
	    warnings; /* lenient-parse notes (skipped entries, rounded values); not serialised */
	/* The object as received (owned), or NULL when built locally. amounts_to_json() emits it
	   verbatim, so code that changes a parsed amounts must drop it (amounts_drop_raw). */
	json_t *raw;
} amounts;

amounts *amounts_from_json(const json_t *value, json_err *err);
/* A copy of `raw` when there is one, else built from the fields. */
json_t *amounts_to_json(const amounts *a);
void amounts_drop_raw(amounts *a);
void amounts_copy(amounts *dst, const amounts *src);
void amounts_clear(amounts *a);
void amounts_free(amounts *a);

/*
 * Checks, in cents, that each present breakdown sums to its category total and
 * that total == subTotal + fees - promotions + taxes + adjustments + tip
 * (absent parts count as 0; the formula is checked only when total is present).
 * Appends one human-readable warning per mismatch; returns true when consistent.
 */
bool amounts_check(const amounts *a, str_list *warnings);

/* ------------------------------------------------------------------ parties and payment */

typedef struct external_customer {
	char *email;
	char *first_name;
	char *last_name;
	char *phone;
	char *partner_user_id; /* may be NULL */
} external_customer;

/* The request rules of §3.6: email, firstName, lastName and an E.164 phone, all non-empty.
   False with err at the offending member of `path`. */
bool external_customer_check(const external_customer *c, const char *path, json_err *err);
json_t *external_customer_to_json(const external_customer *c);
void external_customer_copy(external_customer *dst, const external_customer *src);
void external_customer_clear(external_customer *c);

typedef struct external_delivery_info {
	char *type; /* handoff, e.g. "HandToCustomer" (§6 Q5); may be NULL on responses */
	external_address *address; /* NULL when absent */
	char *instructions;	   /* may be NULL */
} external_delivery_info;

typedef struct payment_info {
	char *type;	      /* gettPayment | cardOnFile | savedCard (kept verbatim) */
	char *card_token;     /* cardOnFile */
	char *processor_type; /* cardOnFile: stripe, braintree, ... */
	char *payment_id;     /* savedCard */
} payment_info;

bool payment_info_parse(const json_t *value, const char *path, payment_info *out, json_err *err);
json_t *payment_info_to_json(const payment_info *p);
void payment_info_clear(payment_info *p);

/* ------------------------------------------------------------------ ExternalOrder */

typedef struct external_order {
	cart *cart;		/* required */
	char *fulfillment_type; /* required; FULFILLMENT_DELIVERY / FULFILLMENT_PICKUP */
	amounts *amounts;	/* NULL when absent or null */
	external_customer *customer;
	external_delivery_info *delivery_info;
	validation_error_list errors;
	bool has_errors; /* the array was on the wire (possibly empty) */
	bool is_valid;
	bool has_is_valid;
	char *gett_order_id;
	char *partner_order_id;
	char *placed_at;
	char *trace_id;
	/* sandbox extensions (§6 Q7, §4.5) */
	char *validated_order_token;
	char *state;
	char *status;
	char *cancel_reason;
} external_order;

bool external_order_parse(const json_t *value, const char *path, external_order *out,
			  json_err *err);
external_order *external_order_from_json(const json_t *value, json_err *err);
json_t *external_order_to_json(const external_order *o);
/* The request rules for validate/place (§3.6): a cart, a fulfillmentType, a customer (when
   sent) that passes external_customer_check, and deliveryInfo.type for DeliveryByMerchant. */
bool external_order_check(const external_order *o, json_err *err);
/* The handoff rule within external_order_check: false only for a DeliveryByMerchant order
   whose deliveryInfo.type is absent or empty (any other string will do, §6 Q5). */
bool external_order_has_handoff(const external_order *o);
void external_order_clear(external_order *o);
void external_order_free(external_order *o);

typedef struct place_order_request {
	external_order order;
	payment_info payment; /* required */
} place_order_request;

place_order_request *place_order_request_from_json(const json_t *value, json_err *err);
json_t *place_order_request_to_json(const place_order_request *req);
/* The body of POST /orders/place (docs/openapi.yaml placeOrder) as text: the one builder of
   what is journaled and sent, byte for byte the same for the same request (caller frees). */
char *place_order_request_body(const place_order_request *req);
void place_order_request_free(place_order_request *req);

#endif

/* Unit tests for src/wire/order.c: ExternalOrder, Amounts (lenient breakdowns, checks), payment. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/order.h"
#include "wire/wire.h"
#include "json_mutate.h"

/* 2 x pizza (16.50) + soda (2.50) = 35.50; total = 35.50 + 3.49 - 5 + 3.02 - 0.50 + 6 = 42.51. */
#define AMOUNTS                                                                                    \
	"{\"subTotal\": 35.5, \"fees\": 3.49, \"taxes\": 3.02, \"promotions\": 5,"                 \
	" \"adjustments\": -0.5, \"tip\": 6, \"total\": 42.51,"                                    \
	" \"feesDescription\": [{\"name\": \"Delivery fee\", \"value\": 2.99},"                    \
	"   {\"name\": \"Service fee\", \"value\": 0.5}],"                                         \
	" \"taxesDescription\": [{\"name\": \"Sales tax\", \"value\": 3.02}],"                     \
	" \"promotionsDescription\": [{\"name\": \"WELCOME5\", \"value\": 5}],"                    \
	" \"adjustmentsDescription\": [{\"name\": \"Goodwill credit\", \"value\": -0.5}],"         \
	" \"tipDescription\": [{\"name\": \"Staff\", \"value\": 3}, {\"name\": \"Driver\","        \
	"   \"value\": 3}]}"

#define ORDER_FIELDS                                                                               \
	"\"cart\": {\"storeId\": \"3f2c9a1e-8b7d-4c6a-9e21-5d4f0b7a1c33\","                        \
	"  \"catalogSetId\": \"9a7e2b44-1c0d-4f7e-8a55-0b3c2d1e6f70\", \"lineItems\": ["           \
	"  {\"lineItemId\": \"L1\", \"itemId\": \"pizza\", \"quantity\": 2, \"modifierGroups\": [" \
	"    {\"modifierGroupId\": \"size\", \"items\": [{\"itemId\": \"large\", \"quantity\": 1," \
	"     \"modifierGroups\": []}]}]},"                                                        \
	"  {\"lineItemId\": \"L2\", \"itemId\": \"soda\", \"quantity\": 1,"                        \
	"   \"modifierGroups\": []}]},"                                                            \
	" \"fulfillmentType\": \"DeliveryByMerchant\", \"amounts\": " AMOUNTS ","                  \
	" \"customer\": {\"email\": \"ada@example.com\", \"firstName\": \"Ada\","                  \
	"   \"lastName\": \"Lovelace\", \"phone\": \"+15551234567\","                              \
	"   \"partnerUserId\": \"partner-42\"},"                                                   \
	" \"deliveryInfo\": {\"type\": \"HandToCustomer\", \"address\": {\"address1\":"            \
	"   \"1 Infinite Loop\", \"city\": \"Cupertino\", \"postalCode\": \"95014\","              \
	"   \"state\": \"CA\"}, \"instructions\": \"Ring twice\"},"                                \
	" \"errors\": [{\"code\": \"ITEM_UNAVAILABLE\", \"message\": \"Soda is sold out\","        \
	"   \"itemId\": \"soda\", \"jsonPath\": \"$.cart.lineItems[1]\"}],"                        \
	" \"isValid\": false, \"gettOrderId\": \"8c1d7e0a-5b5e-4b8e-9f0e-2a6d3c4b5a69\","          \
	" \"partnerOrderId\": \"prov-778\", \"placedAt\": \"2026-03-11T14:30:00.000Z\","           \
	" \"traceId\": \"4bf92f3577b34da6a3ce929d0e0e4736\", \"validatedOrderToken\": "            \
	"\"vot_9f2\","                                                                             \
	" \"state\": \"cancelled\", \"status\": \"preparing\","                                    \
	" \"cancelReason\": \"Restaurant closed early\""

#define FULL_ORDER "{" ORDER_FIELDS "}"

#define PLACE_REQUEST                                                                              \
	"{" ORDER_FIELDS ", \"payment\": {\"type\": \"cardOnFile\", \"cardToken\": \"tok_visa\","  \
	" \"processorType\": \"stripe\", \"paymentId\": \"pay-1\"}}"

#define MINIMAL_REQUEST                                                                            \
	"{\"cart\": {\"storeId\": \"s\", \"catalogSetId\": \"c\", \"lineItems\": []},"             \
	" \"fulfillmentType\": \"Pickup\", \"amounts\": {\"tip\": 2}}"

/* ------------------------------------------------------------------ parse wrappers */

JM_PARSE_FN(try_order, external_order, external_order_from_json, external_order_free)
JM_PARSE_FN(try_place, place_order_request, place_order_request_from_json, place_order_request_free)

static external_order *parse_order_text(const char *text)
{
	json_t *root = jm_load(text);
	json_err err = {0};
	external_order *o = external_order_from_json(root, &err);
	json_decref(root);
	if (!o)
		fail_msg("order rejected: %s: %s", err.path, err.message);
	return o;
}

static amounts *parse_amounts_text(const char *text)
{
	json_t *root = jm_load(text);
	json_err err = {0};
	amounts *a = amounts_from_json(root, &err);
	json_decref(root);
	if (!a)
		fail_msg("amounts rejected: %s: %s", err.path, err.message);
	return a;
}

static void assert_line(const amount_lines *lines, size_t i, const char *name, money value)
{
	assert_true(i < lines->n);
	assert_string_equal(lines->v[i].name, name);
	assert_int_equal(lines->v[i].value, value);
}

/* True when some entry of the list contains `needle`. */
static bool any_contains(const str_list *list, const char *needle)
{
	for (size_t i = 0; i < list->n; i++)
		if (strstr(list->v[i], needle))
			return true;
	return false;
}

/* ------------------------------------------------------------------ ExternalOrder */

static void test_full_order_parses_every_field(void **state)
{
	(void)state;
	external_order *o = parse_order_text(FULL_ORDER);
	assert_non_null(o->cart);
	assert_int_equal(o->cart->n_lines, 2);
	assert_string_equal(o->cart->lines[0].groups[0].items[0].item_id, "large");
	assert_string_equal(o->fulfillment_type, FULFILLMENT_DELIVERY);
	assert_int_equal(fulfillment_kind_of(o->fulfillment_type), FULFILLMENT_KIND_DELIVERY);
	assert_non_null(o->amounts);
	assert_int_equal(o->amounts->sub_total, 3550);
	assert_int_equal(o->amounts->total, 4251);
	assert_int_equal(o->amounts->adjustments, -50);
	assert_string_equal(o->customer->phone, "+15551234567");
	assert_string_equal(o->customer->partner_user_id, "partner-42");
	assert_string_equal(o->delivery_info->type, "HandToCustomer");
	assert_string_equal(o->delivery_info->address->city, "Cupertino");
	assert_null(o->delivery_info->address->address2);
	assert_string_equal(o->delivery_info->instructions, "Ring twice");
	assert_true(o->has_errors);
	assert_int_equal(o->errors.n, 1);
	assert_string_equal(o->errors.v[0].code, "ITEM_UNAVAILABLE");
	assert_string_equal(o->errors.v[0].json_path, "$.cart.lineItems[1]");
	assert_true(o->has_is_valid);
	assert_false(o->is_valid);
	assert_string_equal(o->gett_order_id, "8c1d7e0a-5b5e-4b8e-9f0e-2a6d3c4b5a69");
	assert_string_equal(o->partner_order_id, "prov-778");
	assert_string_equal(o->placed_at, "2026-03-11T14:30:00.000Z");
	assert_string_equal(o->trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
	assert_string_equal(o->validated_order_token, "vot_9f2");
	assert_int_equal(order_state_of(o->state), ORDER_STATE_CANCELLED);
	assert_int_equal(order_status_of(o->status), ORDER_STATUS_PREPARING);
	assert_string_equal(o->cancel_reason, "Restaurant closed early");
	external_order_free(o);
}

static void test_order_round_trip_is_identity(void **state)
{
	(void)state;
	json_t *in = jm_load(FULL_ORDER);
	external_order *o = external_order_from_json(in, NULL);
	assert_non_null(o);
	json_t *out = external_order_to_json(o);
	if (!json_equal(in, out)) {
		char *a = jsonx_dumps(in), *b = jsonx_dumps(out);
		fail_msg("round trip changed the order:\n%s\n%s", a, b);
	}
	json_decref(out);
	json_decref(in);
	external_order_free(o);
}

static void test_minimal_request_serialises_only_what_is_set(void **state)
{
	(void)state;
	external_order *o = parse_order_text(MINIMAL_REQUEST);
	assert_int_equal(fulfillment_kind_of(o->fulfillment_type), FULFILLMENT_KIND_PICKUP);
	assert_null(o->customer);
	assert_null(o->delivery_info);
	assert_false(o->has_errors);
	assert_false(o->has_is_valid);
	assert_true(o->amounts->has_tip);
	assert_false(o->amounts->has_total);
	assert_false(o->amounts->tip_description.present);
	char *text = jm_dump(external_order_to_json(o));
	assert_string_equal(text, "{\"cart\":{\"storeId\":\"s\",\"catalogSetId\":\"c\","
				  "\"lineItems\":[]},\"fulfillmentType\":\"Pickup\","
				  "\"amounts\":{\"tip\":2}}");
	free(text);
	external_order_free(o);
}

static void test_order_optional_fields_accept_null(void **state)
{
	(void)state;
	static const char *const optional[] = {
	    "amounts",
	    "customer",
	    "deliveryInfo",
	    "errors",
	    "isValid",
	    "gettOrderId",
	    "partnerOrderId",
	    "placedAt",
	    "traceId",
	    "validatedOrderToken",
	    "state",
	    "status",
	    "cancelReason",
	    "customer.partnerUserId",
	    "deliveryInfo.address",
	    "deliveryInfo.instructions",
	    "errors.0.itemId",
	    "errors.0.jsonPath",
	    "amounts.total",
	    "amounts.feesDescription",
	    "amounts.tipDescription",
	};
	for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++) {
		jm_expect_accepted(FULL_ORDER, optional[i], "null", try_order);
		jm_expect_accepted(FULL_ORDER, optional[i], NULL, try_order);
	}
	jm_expect_accepted(FULL_ORDER, "loyaltyPoints", "{\"earned\": 12}", try_order);
	jm_expect_accepted(FULL_ORDER, "amounts.currency", "\"USD\"", try_order);
	jm_expect_accepted(FULL_ORDER, "customer.middleName", "7", try_order);
}

static const struct jm_bad_case ORDER_BAD[] = {
    {"cart", "[]", "$.cart"},
    {"cart.storeId", "5", "$.cart.storeId"},
    {"cart.lineItems", "{}", "$.cart.lineItems"},
    {"cart.lineItems.0.quantity", "\"2\"", "$.cart.lineItems[0].quantity"},
    {"cart.lineItems.1.itemId", "[]", "$.cart.lineItems[1].itemId"},
    {"fulfillmentType", "1", "$.fulfillmentType"},
    {"amounts", "42.51", "$.amounts"},
    {"amounts.subTotal", "\"35.50\"", "$.amounts.subTotal"},
    {"amounts.fees", "true", "$.amounts.fees"},
    {"amounts.taxes", "{}", "$.amounts.taxes"},
    {"amounts.promotions", "[]", "$.amounts.promotions"},
    {"amounts.adjustments", "\"-0.5\"", "$.amounts.adjustments"},
    {"amounts.tip", "\"6\"", "$.amounts.tip"},
    {"amounts.total", "\"42.51\"", "$.amounts.total"},
    {"amounts.total", "1e20", "$.amounts.total"},
    {"customer", "\"ada@example.com\"", "$.customer"},
    {"customer.email", "1", "$.customer.email"},
    {"customer.firstName", "[]", "$.customer.firstName"},
    {"customer.lastName", "false", "$.customer.lastName"},
    {"customer.phone", "15551234567", "$.customer.phone"},
    {"customer.partnerUserId", "42", "$.customer.partnerUserId"},
    {"deliveryInfo", "[]", "$.deliveryInfo"},
    {"deliveryInfo.type", "3", "$.deliveryInfo.type"},
    {"deliveryInfo.address", "\"1 Infinite Loop\"", "$.deliveryInfo.address"},
    {"deliveryInfo.address.postalCode", "95014", "$.deliveryInfo.address.postalCode"},
    {"deliveryInfo.instructions", "{}", "$.deliveryInfo.instructions"},
    {"errors", "{}", "$.errors"},
    {"errors.0", "\"ITEM_UNAVAILABLE\"", "$.errors[0]"},
    {"errors.0.code", "404", "$.errors[0].code"},
    {"errors.0.message", "[]", "$.errors[0].message"},
    {"errors.0.itemId", "7", "$.errors[0].itemId"},
    {"errors.0.jsonPath", "true", "$.errors[0].jsonPath"},
    {"isValid", "\"false\"", "$.isValid"},
    {"gettOrderId", "12", "$.gettOrderId"},
    {"partnerOrderId", "778", "$.partnerOrderId"},
    {"placedAt", "1741703400", "$.placedAt"},
    {"traceId", "{}", "$.traceId"},
    {"validatedOrderToken", "[]", "$.validatedOrderToken"},
    {"state", "0", "$.state"},
    {"status", "true", "$.status"},
    {"cancelReason", "5", "$.cancelReason"},
};

static void test_order_wrong_types_name_the_path(void **state)
{
	(void)state;
	JM_EXPECT_FAILURES(FULL_ORDER, ORDER_BAD, try_order);
}

static const struct jm_bad_case ORDER_MISSING[] = {
    {"cart", NULL, "$.cart"},
    {"cart", "null", "$.cart"},
    {"fulfillmentType", NULL, "$.fulfillmentType"},
    {"cart.lineItems.0.itemId", NULL, "$.cart.lineItems[0].itemId"},
    {"errors.0.code", NULL, "$.errors[0].code"},
};

static void test_order_missing_required_fields(void **state)
{
	(void)state;
	JM_EXPECT_FAILURES(FULL_ORDER, ORDER_MISSING, try_order);
}

/* Required on requests only (§3.6): a response may leave them out, e.g. the echo of a
   signed-in customer who has no phone. */
static const char *const REQUEST_ONLY[] = {
    "customer.email",
    "customer.firstName",
    "customer.lastName",
    "customer.phone",
    "deliveryInfo.type",
    "errors.0.message",
    "deliveryInfo.address.address1",
    "deliveryInfo.address.city",
    "deliveryInfo.address.postalCode",
    "deliveryInfo.address.state",
};

static void test_order_response_lacks_request_only_fields(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof REQUEST_ONLY / sizeof *REQUEST_ONLY; i++) {
		jm_expect_accepted(FULL_ORDER, REQUEST_ONLY[i], NULL, try_order);
		jm_expect_accepted(FULL_ORDER, REQUEST_ONLY[i], "null", try_order);
	}
	json_t *doc = jm_mutate(FULL_ORDER, "customer.phone", NULL);
	external_order *o = external_order_from_json(doc, NULL);
	assert_non_null(o);
	assert_null(o->customer->phone);
	assert_string_equal(o->customer->email, "ada@example.com");
	external_order_free(o);
	json_decref(doc);
}

/* The same fields through the request rules: what we send, and what the sandbox receives. */
static bool try_order_request(const json_t *value, json_err *err)
{
	external_order *o = external_order_from_json(value, err);
	bool ok = o && external_order_check(o, err);
	external_order_free(o);
	return ok;
}

static const struct jm_bad_case REQUEST_MISSING[] = {
    {"customer.email", NULL, "$.customer.email"},
    {"customer.firstName", NULL, "$.customer.firstName"},
    {"customer.lastName", "\"\"", "$.customer.lastName"},
    {"customer.phone", NULL, "$.customer.phone"},
    {"customer.phone", "\"555-1234\"", "$.customer.phone"},
    {"customer.email", "\"ada\"", "$.customer.email"},
    {"deliveryInfo.type", NULL, "$.deliveryInfo.type"},
    {"deliveryInfo", NULL, "$.deliveryInfo"},
    {"deliveryInfo.address.address1", NULL, "$.deliveryInfo.address.address1"},
    {"deliveryInfo.address.city", "\"\"", "$.deliveryInfo.address.city"},
    {"deliveryInfo.address.postalCode", NULL, "$.deliveryInfo.address.postalCode"},
    {"deliveryInfo.address.state", NULL, "$.deliveryInfo.address.state"},
};

/* FULL_ORDER for pickup, which carries no deliveryInfo (a new reference). */
static json_t *pickup_order(void)
{
	json_t *pickup = jm_mutate(FULL_ORDER, "fulfillmentType", "\"Pickup\"");
	json_object_del(pickup, "deliveryInfo");
	return pickup;
}

static void test_order_request_rules(void **state)
{
	(void)state;
	json_t *full = jm_load(FULL_ORDER);
	json_err err = {0};
	assert_true(try_order_request(full, &err));
	json_decref(full);
	JM_EXPECT_FAILURES(FULL_ORDER, REQUEST_MISSING, try_order_request);
	/* No customer at all is the session's business; pickup needs no deliveryInfo. */
	jm_expect_accepted(FULL_ORDER, "customer", NULL, try_order_request);
	json_t *pickup = pickup_order();
	assert_true(try_order_request(pickup, &err));
	json_decref(pickup);
}

/* A refused phone is explained in the words the config file and gett-sandbox use too. */
static void test_customer_phone_message_is_the_wire_hint(void **state)
{
	(void)state;
	external_customer c = {.email = "ada@example.com",
			       .first_name = "Ada",
			       .last_name = "Lovelace",
			       .phone = "555-1234"};
	json_err err = {0};
	assert_false(external_customer_check(&c, "$.customer", &err));
	assert_string_equal(err.path, "$.customer.phone");
	assert_non_null(strstr(err.message, wire_e164_hint()));
	assert_non_null(strstr(wire_e164_hint(), "+15551234567"));
}

/* One reading of a card's expiry for the sandbox (which refuses what it cannot read) and the
   client (which shows it as MM/YYYY). */
static void test_card_expiry_forms(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int year, month; /* 0: refused */
	} cases[] = {
	    {"2028-09-30", 2028, 9}, {"2028-09", 2028, 9}, {"09/28", 2028, 9},
	    {"12/99", 2099, 12},     {"2100-01", 2100, 1}, {"2000-01-01", 2000, 1},
	    {"2028-13", 0, 0},	     {"2028-00-10", 0, 0}, {"13/28", 0, 0},
	    {"2028-09-32", 0, 0},    {"2028-09-00", 0, 0}, {"1999-12", 0, 0},
	    {"2101-01", 0, 0},	     {"2028-9-30", 0, 0},  {" 2028-09", 0, 0},
	    {"2028-09-30T00", 0, 0}, {"9/28", 0, 0},	   {"2028/09", 0, 0},
	    {"+028-09", 0, 0},	     {"", 0, 0},	   {"next year", 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int y = -1, m = -1;
		bool ok = wire_card_expiry(cases[i].text, &y, &m);
		if (ok != (cases[i].year != 0) ||
		    (ok && (y != cases[i].year || m != cases[i].month)))
			fail_msg("\"%s\": %s %d-%d", cases[i].text, ok ? "read as" : "refused", y,
				 m);
		if (!ok && (y != -1 || m != -1))
			fail_msg("\"%s\": refused but wrote the outputs", cases[i].text);
	}
	int y, m;
	assert_false(wire_card_expiry(NULL, &y, &m));
}

/* The handoff rule alone: what the sandbox asks of a delivery before it looks at the address. */
static bool handoff_of(const char *where, const char *replacement)
{
	json_t *doc = where ? jm_mutate(FULL_ORDER, where, replacement) : jm_load(FULL_ORDER);
	external_order *o = external_order_from_json(doc, NULL);
	assert_non_null(o);
	bool ok = external_order_has_handoff(o);
	external_order_free(o);
	json_decref(doc);
	return ok;
}

static void test_order_handoff_rule(void **state)
{
	(void)state;
	assert_true(handoff_of(NULL, NULL));
	assert_true(handoff_of("deliveryInfo.type", "\"LeaveAtDoor\"")); /* any text */
	assert_false(handoff_of("deliveryInfo.type", NULL));
	assert_false(handoff_of("deliveryInfo.type", "\"\""));
	assert_false(handoff_of("deliveryInfo.type", "null"));
	assert_false(handoff_of("deliveryInfo", NULL));
	assert_true(handoff_of("deliveryInfo.address", NULL)); /* the address is another rule */
	json_t *pickup = pickup_order();
	external_order *o = external_order_from_json(pickup, NULL);
	assert_true(external_order_has_handoff(o));
	external_order_free(o);
	json_decref(pickup);
}

static void test_customer_copy_is_deep(void **state)
{
	(void)state;
	external_customer c = {.email = "a@b.co",
			       .first_name = "A",
			       .last_name = "B",
			       .phone = "+15551234567",
			       .partner_user_id = "p-1"};
	external_customer copy = {0};
	external_customer_copy(&copy, &c);
	assert_ptr_not_equal(copy.email, c.email);
	assert_string_equal(copy.phone, "+15551234567");
	assert_string_equal(copy.partner_user_id, "p-1");
	assert_true(external_customer_check(&copy, "$.customer", NULL));
	free(copy.partner_user_id);
	copy.partner_user_id = NULL;
	external_customer partial = {.email = "a@b.co"};
	external_customer_clear(&copy);
	external_customer_copy(&copy, &partial); /* NULL members stay NULL */
	assert_null(copy.phone);
	json_err err = {0};
	assert_false(external_customer_check(&copy, "$.customer", &err));
	assert_string_equal(err.path, "$.customer.firstName");
	external_customer_clear(&copy);
}

static void test_order_fuzz_never_crashes(void **state)
{
	(void)state;
	jm_fuzz_document(FULL_ORDER, try_order);
}

/* ------------------------------------------------------------------ PlaceOrderRequest */

static void test_place_request_round_trip(void **state)
{
	(void)state;
	json_t *in = jm_load(PLACE_REQUEST);
	json_err err = {0};
	place_order_request *r = place_order_request_from_json(in, &err);
	assert_non_null(r);
	assert_int_equal(payment_kind_of(r->payment.type), PAYMENT_KIND_CARD_ON_FILE);
	assert_string_equal(r->payment.card_token, "tok_visa");
	assert_string_equal(r->payment.processor_type, "stripe");
	assert_int_equal(r->order.amounts->total, 4251);
	json_t *out = place_order_request_to_json(r);
	assert_true(json_equal(in, out));
	json_decref(out);
	json_decref(in);
	place_order_request_free(r);
}

/* One text for one request: a pending journal entry is found again by its body byte for byte,
   so the key order is fixed, and the validated amounts go back as validate sent them (a
   member we do not read included). */
static void test_place_request_body_is_one_text(void **state)
{
	(void)state;
	json_t *in = jm_load("{\"payment\": {\"type\": \"gettPayment\"},"
			     " \"validatedOrderToken\": \"vot-1\","
			     " \"amounts\": {\"total\": 12.5, \"serverOnly\": 1},"
			     " \"fulfillmentType\": \"Pickup\","
			     " \"cart\": {\"storeId\": \"s\", \"catalogSetId\": \"c\","
			     " \"lineItems\": [{\"itemId\": \"i\", \"quantity\": 2}]}}");
	json_err err = {0};
	place_order_request *r = place_order_request_from_json(in, &err);
	assert_non_null(r);
	char *body = place_order_request_body(r);
	assert_string_equal(
	    body, "{\"cart\":{\"storeId\":\"s\",\"catalogSetId\":\"c\",\"lineItems\":"
		  "[{\"itemId\":\"i\",\"quantity\":2,\"modifierGroups\":[]}]},"
		  "\"fulfillmentType\":\"Pickup\","
		  "\"amounts\":{\"total\":12.5,\"serverOnly\":1},"
		  "\"validatedOrderToken\":\"vot-1\",\"payment\":{\"type\":\"gettPayment\"}}");
	free(body);
	json_decref(in);
	place_order_request_free(r);
}

static const struct jm_bad_case PLACE_BAD[] = {
    {"payment", NULL, "$.payment"},
    {"payment", "null", "$.payment"},
    {"payment", "\"cardOnFile\"", "$.payment"},
    {"payment.type", NULL, "$.payment.type"},
    {"payment.type", "2", "$.payment.type"},
    {"payment.cardToken", "[]", "$.payment.cardToken"},
    {"payment.processorType", "{}", "$.payment.processorType"},
    {"payment.paymentId", "9", "$.payment.paymentId"},
    {"cart", NULL, "$.cart"},
    {"amounts.tip", "\"5\"", "$.amounts.tip"},
};

static void test_place_request_bad_fields(void **state)
{
	(void)state;
	JM_EXPECT_FAILURES(PLACE_REQUEST, PLACE_BAD, try_place);
	jm_expect_accepted(PLACE_REQUEST, "payment.cardToken", NULL, try_place);
	jm_expect_accepted(PLACE_REQUEST, "payment.type", "\"applePay\"", try_place);
	jm_fuzz_document(PLACE_REQUEST, try_place);
}

/* ------------------------------------------------------------------ Amounts */

static void test_amounts_echo_exactly(void **state)
{
	(void)state;
	/* Values whose binary doubles are inexact must still print as the server wrote them. */
	static const char *const text =
	    "{\"subTotal\":1234567.89,\"fees\":0.1,\"taxes\":0.2,\"promotions\":0.3,"
	    "\"adjustments\":-0.07,\"tip\":19.99,\"total\":1234587.81,"
	    "\"feesDescription\":[{\"name\":\"Bag\",\"value\":0.1}],"
	    "\"promotionsDescription\":[]}";
	amounts *a = parse_amounts_text(text);
	assert_int_equal(a->sub_total, 123456789);
	assert_int_equal(a->adjustments, -7);
	assert_true(a->promotions_description.present);
	assert_int_equal(a->promotions_description.n, 0);
	assert_false(a->taxes_description.present);
	char *out = jm_dump(amounts_to_json(a));
	json_t *expected = jm_load(text);
	char *want = jsonx_dumps(expected);
	assert_string_equal(out, want);
	assert_non_null(strstr(out, "\"subTotal\":1234567.89"));
	assert_non_null(strstr(out, "\"tip\":19.99"));
	free(want);
	free(out);
	json_decref(expected);
	/* The empty promotions breakdown does not explain the 0.30; the formula itself holds. */
	str_list w = {0};
	assert_false(amounts_check(a, &w));
	assert_int_equal(w.n, 1);
	assert_non_null(strstr(w.v[0], "$0.30"));
	str_list_clear(&w);
	amounts_free(a);
}

static void test_breakdown_array_of_objects_any_label_key(void **state)
{
	(void)state;
	amounts *a = parse_amounts_text(
	    "{\"fees\": 3.49, \"feesDescription\": [{\"description\": \"Delivery fee\","
	    " \"amount\": 2.99}, {\"label\": \"Service fee\", \"value\": 0.5}],"
	    " \"taxes\": 3, \"taxesDescription\": [{\"key\": \"State\", \"value\": 2},"
	    " {\"type\": \"City\", \"amount\": 1}]}");
	assert_int_equal(a->fees_description.n, 2);
	assert_line(&a->fees_description, 0, "Delivery fee", 299);
	assert_line(&a->fees_description, 1, "Service fee", 50);
	assert_line(&a->taxes_description, 0, "State", 200);
	assert_line(&a->taxes_description, 1, "City", 100);
	assert_int_equal(a->warnings.n, 0);
	str_list w = {0};
	assert_true(amounts_check(a, &w));
	assert_int_equal(w.n, 0);
	char *out = jm_dump(amounts_to_json(a)); /* as received: place echoes it (§2.10) */
	assert_non_null(strstr(out, "{\"description\":\"Delivery fee\",\"amount\":2.99}"));
	free(out);
	amounts_drop_raw(a); /* built from the fields: the contract's {name, value} */
	out = jm_dump(amounts_to_json(a));
	assert_non_null(strstr(out, "\"feesDescription\":[{\"name\":\"Delivery fee\","
				    "\"value\":2.99},{\"name\":\"Service fee\",\"value\":0.5}]"));
	free(out);
	amounts_free(a);
}

/* §2.10: place sends the amounts "exactly as the last validate returned them": unknown
   members, breakdown shapes and decimals survive parse -> copy -> serialise. */
static void test_amounts_raw_survives_copy_and_dump(void **state)
{
	(void)state;
	static const char *const text =
	    "{\"subTotal\":12.35,\"fees\":0.1,\"taxes\":1.07,\"tip\":0,\"total\":13.52,"
	    "\"currency\":\"USD\",\"feesDescription\":{\"Bag\":0.1},"
	    "\"taxesDescription\":[[\"City\",0.07],{\"label\":\"State\",\"value\":1,"
	    "\"rate\":\"10.35%\"}],\"serviceCharge\":{\"value\":0.3,\"note\":\"x\"}}";
	amounts *a = parse_amounts_text(text);
	amounts copy;
	amounts_copy(&copy, a);
	amounts_free(a);
	char *out = jsonx_dumps(copy.raw);
	json_t *j = amounts_to_json(&copy);
	char *out2 = jsonx_dumps(j);
	json_decref(j);
	assert_string_equal(out, out2);
	json_t *want = jm_load(text);
	char *want_text = jsonx_dumps(want);
	assert_string_equal(out2, want_text);
	/* Decimals print as written, never as 0.10000000000000001 or 12.349999999999999. */
	assert_non_null(strstr(out2, "\"subTotal\":12.35,"));
	assert_non_null(strstr(out2, "\"fees\":0.1,"));
	assert_non_null(strstr(out2, "{\"Bag\":0.1}"));
	assert_non_null(strstr(out2, "\"currency\":\"USD\""));
	assert_null(strstr(out2, "0000000"));
	free(out);
	free(out2);
	free(want_text);
	json_decref(want);
	amounts_clear(&copy);
}

static void test_breakdown_pairs(void **state)
{
	(void)state;
	amounts *a = parse_amounts_text(
	    "{\"tip\": 10, \"tipDescription\": [[\"Staff\", 5], [\"Driver\", 5]]}");
	assert_true(a->tip_description.present);
	assert_int_equal(a->tip_description.n, 2);
	assert_line(&a->tip_description, 0, "Staff", 500);
	assert_line(&a->tip_description, 1, "Driver", 500);
	assert_int_equal(a->warnings.n, 0);
	amounts_free(a);
}

static void test_breakdown_plain_map(void **state)
{
	(void)state;
	amounts *a = parse_amounts_text("{\"tip\": 10, \"tipDescription\": {\"Staff\": 5,"
					" \"Driver\": 4.5, \"Kitchen\": 0.5}, \"promotions\": 5,"
					" \"promotionsDescription\": {\"name\": \"WELCOME5\","
					" \"value\": 5}}");
	assert_int_equal(a->tip_description.n, 3);
	assert_line(&a->tip_description, 0, "Staff", 500);
	assert_line(&a->tip_description, 1, "Driver", 450);
	assert_line(&a->tip_description, 2, "Kitchen", 50);
	/* A lone {"name","value"} object is one line, not a map of two. */
	assert_int_equal(a->promotions_description.n, 1);
	assert_line(&a->promotions_description, 0, "WELCOME5", 500);
	str_list w = {0};
	assert_true(amounts_check(a, &w));
	str_list_clear(&w);
	amounts_free(a);
}

static void test_breakdown_bad_entries_skipped_with_warnings(void **state)
{
	(void)state;
	json_t *doc = jm_load(FULL_ORDER);
	json_t *amt = json_object_get(doc, "amounts");
	json_object_set_new(
	    amt, "feesDescription",
	    jm_load("[{\"name\": \"Delivery fee\", \"value\": 2.99}, {\"name\": \"x\"},"
		    " 5, [\"Bag\"], [\"Bag\", \"0.50\"], {\"value\": 0.5},"
		    " {\"name\": \"Huge\", \"value\": 1e300}]"));
	json_object_set_new(amt, "taxesDescription", jm_load("\"Sales tax 3.02\""));
	json_object_set_new(amt, "tipDescription",
			    jm_load("{\"Staff\": \"three\", \"Driver\": 6}"));
	json_err err = {0};
	external_order *o = external_order_from_json(doc, &err);
	assert_non_null(o);
	const amounts *a = o->amounts;
	assert_int_equal(a->fees_description.n, 1);
	assert_line(&a->fees_description, 0, "Delivery fee", 299);
	assert_false(a->taxes_description.present);
	assert_int_equal(a->tip_description.n, 1);
	assert_line(&a->tip_description, 0, "Driver", 600);
	assert_int_equal(a->warnings.n, 8);
	for (size_t i = 1; i <= 6; i++) {
		char path[64];
		snprintf(path, sizeof path, "$.amounts.feesDescription[%zu]", i);
		if (!any_contains(&a->warnings, path))
			fail_msg("no warning for %s", path);
	}
	assert_true(any_contains(&a->warnings, "$.amounts.taxesDescription"));
	assert_true(any_contains(&a->warnings, "$.amounts.tipDescription.Staff"));
	/* The totals still stand; the check now reports the short fee breakdown. */
	assert_int_equal(a->total, 4251);
	str_list w = {0};
	assert_false(amounts_check(a, &w));
	assert_int_equal(w.n, 1);
	assert_non_null(strstr(w.v[0], "$2.99"));
	assert_non_null(strstr(w.v[0], "$3.49"));
	str_list_clear(&w);
	external_order_free(o);
	json_decref(doc);
}

static void test_amounts_check_consistent(void **state)
{
	(void)state;
	amounts *a = parse_amounts_text(AMOUNTS);
	str_list w = {0};
	assert_true(amounts_check(a, &w));
	assert_int_equal(w.n, 0);
	amounts_free(a);

	a = parse_amounts_text("{\"tip\": 4}"); /* a validate request: nothing to check */
	assert_true(amounts_check(a, &w));
	assert_int_equal(w.n, 0);
	amounts_free(a);

	/* Absent parts count as zero. */
	a = parse_amounts_text("{\"subTotal\": 20, \"tip\": 2.5, \"total\": 22.5}");
	assert_true(amounts_check(a, &w));
	amounts_free(a);
}

static void test_amounts_check_reports_mismatches(void **state)
{
	(void)state;
	json_t *doc = jm_load(AMOUNTS);
	json_object_set_new(doc, "total", json_real(42.52));
	json_object_set_new(doc, "taxes", json_real(3.12));
	json_object_set_new(doc, "tipDescription", jm_load("[[\"Staff\", 3]]"));
	amounts *a = amounts_from_json(doc, NULL);
	assert_non_null(a);
	str_list w = {0};
	assert_false(amounts_check(a, &w));
	assert_int_equal(w.n, 3);
	assert_true(any_contains(&w, "$3.02")); /* tax lines */
	assert_true(any_contains(&w, "$3.12")); /* tax total */
	assert_true(any_contains(&w, "$6.00")); /* tip total vs $3.00 of lines */
	assert_true(any_contains(&w, "$42.52"));
	assert_true(any_contains(&w, "$42.61")); /* 35.50 + 3.49 - 5 + 3.12 - 0.50 + 6 */
	str_list_clear(&w);
	amounts_free(a);
	json_decref(doc);

	/* Promotions are subtracted: a server adding them would be caught. */
	a = parse_amounts_text("{\"subTotal\": 20, \"promotions\": 5, \"total\": 25}");
	assert_false(amounts_check(a, &w));
	assert_true(any_contains(&w, "$15.00"));
	str_list_clear(&w);
	amounts_free(a);
}

static void test_amounts_rounding_is_warned(void **state)
{
	(void)state;
	amounts *a =
	    parse_amounts_text("{\"fees\": 1.005, \"tipDescription\": [[\"Staff\", 0.125]],"
			       " \"tip\": 0.13}");
	assert_int_equal(a->fees, 101);
	assert_line(&a->tip_description, 0, "Staff", 13);
	assert_int_equal(a->warnings.n, 2);
	assert_true(any_contains(&a->warnings, "$.fees"));
	assert_true(any_contains(&a->warnings, "$.tipDescription[0]"));
	amounts_free(a);
}

static void test_amounts_copy_is_deep(void **state)
{
	(void)state;
	amounts *a = parse_amounts_text(AMOUNTS);
	str_list_push(&a->warnings, "note");
	amounts copy;
	amounts_copy(&copy, a);
	amounts_free(a);
	assert_int_equal(copy.total, 4251);
	assert_line(&copy.fees_description, 1, "Service fee", 50);
	assert_line(&copy.tip_description, 0, "Staff", 300);
	assert_string_equal(copy.warnings.v[0], "note");
	amounts_clear(&copy);
}

static void test_amounts_top_level_errors(void **state)
{
	(void)state;
	json_t *doc = jm_load("{\"subTotal\": \"35.50\"}");
	json_err err = {0};
	assert_null(amounts_from_json(doc, &err));
	assert_string_equal(err.path, "$.subTotal");
	json_decref(doc);
	doc = jm_load("[1, 2]");
	assert_null(amounts_from_json(doc, &err));
	assert_string_equal(err.path, "$");
	json_decref(doc);
}

static void test_amount_lines_built_by_hand_serialise(void **state)
{
	(void)state;
	amounts a = {0};
	a.tip = 700;
	a.has_tip = true;
	amount_lines_add(&a.tip_description, "Staff", 350);
	amount_lines_add(&a.tip_description, "Driver", 350);
	char *out = jm_dump(amounts_to_json(&a));
	assert_string_equal(out,
			    "{\"tip\":7,\"tipDescription\":[{\"name\":\"Staff\",\"value\":3.5},"
			    "{\"name\":\"Driver\",\"value\":3.5}]}");
	free(out);
	amounts_clear(&a);
}

/* ------------------------------------------------------------------ enums */

static void test_enum_helpers(void **state)
{
	(void)state;
	assert_int_equal(fulfillment_kind_of("DeliveryByMerchant"), FULFILLMENT_KIND_DELIVERY);
	assert_int_equal(fulfillment_kind_of("Pickup"), FULFILLMENT_KIND_PICKUP);
	assert_int_equal(fulfillment_kind_of("delivery"), FULFILLMENT_KIND_UNKNOWN);
	assert_int_equal(fulfillment_kind_of(NULL), FULFILLMENT_KIND_UNKNOWN);

	assert_int_equal(payment_kind_of("gettPayment"), PAYMENT_KIND_GETT_PAYMENT);
	assert_int_equal(payment_kind_of("savedCard"), PAYMENT_KIND_SAVED_CARD);
	assert_int_equal(payment_kind_of("SavedCard"), PAYMENT_KIND_UNKNOWN);
	assert_string_equal(payment_kind_wire(PAYMENT_KIND_CARD_ON_FILE), "cardOnFile");
	assert_null(payment_kind_wire(PAYMENT_KIND_UNKNOWN));

	assert_int_equal(order_state_of("open"), ORDER_STATE_OPEN);
	assert_int_equal(order_state_of("completed"), ORDER_STATE_COMPLETED);
	assert_int_equal(order_state_of("canceled"), ORDER_STATE_UNKNOWN);

	assert_int_equal(order_status_of("pending"), ORDER_STATUS_PENDING);
	assert_int_equal(order_status_of("inTransit"), ORDER_STATUS_IN_TRANSIT);
	assert_int_equal(order_status_of("shipped"), ORDER_STATUS_UNKNOWN);
	assert_string_equal(order_status_wire(ORDER_STATUS_READY), "ready");
	assert_null(order_status_wire(ORDER_STATUS_UNKNOWN));
	assert_string_equal(order_status_label("inTransit"), "On the way");
	assert_string_equal(order_status_label("manual_review"), "manual_review");
	assert_string_equal(order_status_label(NULL), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_order_parses_every_field),
	    cmocka_unit_test(test_order_round_trip_is_identity),
	    cmocka_unit_test(test_minimal_request_serialises_only_what_is_set),
	    cmocka_unit_test(test_order_optional_fields_accept_null),
	    cmocka_unit_test(test_order_wrong_types_name_the_path),
	    cmocka_unit_test(test_order_missing_required_fields),
	    cmocka_unit_test(test_order_response_lacks_request_only_fields),
	    cmocka_unit_test(test_order_request_rules),
	    cmocka_unit_test(test_customer_copy_is_deep),
	    cmocka_unit_test(test_amounts_raw_survives_copy_and_dump),
	    cmocka_unit_test(test_order_handoff_rule),
	    cmocka_unit_test(test_customer_phone_message_is_the_wire_hint),
	    cmocka_unit_test(test_card_expiry_forms),
	    cmocka_unit_test(test_order_fuzz_never_crashes),
	    cmocka_unit_test(test_place_request_round_trip),
	    cmocka_unit_test(test_place_request_bad_fields),
	    cmocka_unit_test(test_amounts_echo_exactly),
	    cmocka_unit_test(test_breakdown_array_of_objects_any_label_key),
	    cmocka_unit_test(test_breakdown_pairs),
	    cmocka_unit_test(test_breakdown_plain_map),
	    cmocka_unit_test(test_breakdown_bad_entries_skipped_with_warnings),
	    cmocka_unit_test(test_amounts_check_consistent),
	    cmocka_unit_test(test_amounts_check_reports_mismatches),
	    cmocka_unit_test(test_amounts_rounding_is_warned),
	    cmocka_unit_test(test_amounts_copy_is_deep),
	    cmocka_unit_test(test_amounts_top_level_errors),
	    cmocka_unit_test(test_amount_lines_built_by_hand_serialise),
	    cmocka_unit_test(test_enum_helpers),
	    cmocka_unit_test(test_place_request_body_is_one_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

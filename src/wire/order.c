/* Orders, amounts, customers and payments (contract §3.6, §3.7, §4.5). */
#include "wire/order.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "wire/wire.h"

/* ------------------------------------------------------------------ enums */

enum fulfillment_kind fulfillment_kind_of(const char *wire)
{
	if (wire && strcmp(wire, FULFILLMENT_DELIVERY) == 0)
		return FULFILLMENT_KIND_DELIVERY;
	if (wire && strcmp(wire, FULFILLMENT_PICKUP) == 0)
		return FULFILLMENT_KIND_PICKUP;
	return FULFILLMENT_KIND_UNKNOWN;
}

static const char *const PAYMENT_WIRE[] = {
    [PAYMENT_KIND_GETT_PAYMENT] = "gettPayment",
    [PAYMENT_KIND_CARD_ON_FILE] = "cardOnFile",
    [PAYMENT_KIND_SAVED_CARD] = "savedCard",
};

static const char *const STATE_WIRE[] = {
    [ORDER_STATE_OPEN] = "open",
    [ORDER_STATE_COMPLETED] = "completed",
    [ORDER_STATE_CANCELLED] = "cancelled",
};

static const char *const STATUS_WIRE[] = {
    [ORDER_STATUS_PENDING] = "pending",	     [ORDER_STATUS_CONFIRMED] = "confirmed",
    [ORDER_STATUS_PREPARING] = "preparing",  [ORDER_STATUS_READY] = "ready",
    [ORDER_STATUS_IN_TRANSIT] = "inTransit",
};

/* Index of wire in names[1..n), or 0 (the UNKNOWN member). */
static int wire_index(const char *const *names, size_t n, const char *wire)
{
	for (size_t i = 1; wire && i < n; i++)
		if (strcmp(names[i], wire) == 0)
			return (int)i;
	return 0;
}

#define WIRE_INDEX(names, wire) wire_index(names, sizeof names / sizeof names[0], wire)

enum payment_kind payment_kind_of(const char *wire)
{
	return (enum payment_kind)WIRE_INDEX(PAYMENT_WIRE, wire);
}

const char *payment_kind_wire(enum payment_kind kind)
{
	return kind > PAYMENT_KIND_UNKNOWN && kind <= PAYMENT_KIND_SAVED_CARD ? PAYMENT_WIRE[kind]
									      : NULL;
}

enum order_state order_state_of(const char *wire)
{
	return (enum order_state)WIRE_INDEX(STATE_WIRE, wire);
}

enum order_status order_status_of(const char *wire)
{
	return (enum order_status)WIRE_INDEX(STATUS_WIRE, wire);
}

const char *order_status_wire(enum order_status status)
{
	return status > ORDER_STATUS_UNKNOWN && status <= ORDER_STATUS_IN_TRANSIT
		   ? STATUS_WIRE[status]
		   : NULL;
}

const char *order_status_label(const char *wire)
{
	switch (order_status_of(wire)) {
	case ORDER_STATUS_PENDING:
		return _("Pending");
	case ORDER_STATUS_CONFIRMED:
		return _("Confirmed");
	case ORDER_STATUS_PREPARING:
		return _("Preparing");
	case ORDER_STATUS_READY:
		return _("Ready");
	case ORDER_STATUS_IN_TRANSIT:
		return _("On the way");
	case ORDER_STATUS_UNKNOWN:
		break;
	}
	return wire ? wire : "";
}

/* ------------------------------------------------------------------ helpers */

__attribute__((format(printf, 2, 3))) static void add_warning(str_list *list, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	str_list_push(list, buf);
}

/* ------------------------------------------------------------------ amount lines */

void amount_lines_add(amount_lines *lines, const char *name, money value)
{
	lines->v = xrealloc(lines->v, (lines->n + 1) * sizeof *lines->v);
	lines->v[lines->n].name = xstrdup(name);
	lines->v[lines->n].value = value;
	lines->n++;
	lines->present = true;
}

static void amount_lines_clear(amount_lines *lines)
{
	for (size_t i = 0; i < lines->n; i++)
		free(lines->v[i].name);
	free(lines->v);
	memset(lines, 0, sizeof *lines);
}

static void amount_lines_copy(amount_lines *dst, const amount_lines *src)
{
	memset(dst, 0, sizeof *dst);
	for (size_t i = 0; i < src->n; i++)
		amount_lines_add(dst, src->v[i].name, src->v[i].value);
	dst->present = src->present;
}

static const char *const LABEL_KEYS[] = {"name", "description", "label", "key", "type"};
static const char *const AMOUNT_KEYS[] = {"value", "amount"};

static const char *line_label(const json_t *obj)
{
	for (size_t i = 0; i < sizeof LABEL_KEYS / sizeof LABEL_KEYS[0]; i++) {
		const json_t *v = json_object_get(obj, LABEL_KEYS[i]);
		if (json_is_string(v))
			return json_string_value(v);
	}
	return NULL;
}

static const json_t *line_amount(const json_t *obj)
{
	for (size_t i = 0; i < sizeof AMOUNT_KEYS / sizeof AMOUNT_KEYS[0]; i++) {
		const json_t *v = json_object_get(obj, AMOUNT_KEYS[i]);
		if (v && !json_is_null(v))
			return v;
	}
	return NULL;
}

/* Adds one line if label and amount are usable; otherwise notes why it was skipped. */
static void add_lenient_line(amount_lines *out, const char *label, const json_t *amount,
			     const char *path, str_list *warnings)
{
	money cents = 0;
	enum money_status st = amount ? money_from_json(amount, &cents) : MONEY_INVALID;
	if (!label || st == MONEY_INVALID) {
		add_warning(warnings,
			    _("%s: breakdown entry skipped (needs a label and an amount)"), path);
		return;
	}
	if (st == MONEY_ROUNDED)
		add_warning(warnings, _("%s: amount had more than two decimals; rounded to cents"),
			    path);
	amount_lines_add(out, label, cents);
}

static void parse_line_entry(const json_t *entry, const char *path, amount_lines *out,
			     str_list *warnings)
{
	if (json_is_object(entry)) {
		add_lenient_line(out, line_label(entry), line_amount(entry), path, warnings);
	} else if (json_is_array(entry) && json_array_size(entry) == 2 &&
		   json_is_string(json_array_get(entry, 0))) {
		add_lenient_line(out, json_string_value(json_array_get(entry, 0)),
				 json_array_get(entry, 1), path, warnings);
	} else {
		add_lenient_line(out, NULL, NULL, path, warnings);
	}
}

/* Any of: [{"name","value"}...], [["Staff",5]...], {"Staff":5,...} or a lone {"name","value"}. */
static void parse_breakdown(const json_t *v, const char *path, amount_lines *out,
			    str_list *warnings)
{
	memset(out, 0, sizeof *out);
	if (!v || json_is_null(v))
		return;
	char child[256];
	if (json_is_array(v)) {
		out->present = true;
		for (size_t i = 0; i < json_array_size(v); i++) {
			jsonx_path_index(child, sizeof child, path, i);
			parse_line_entry(json_array_get(v, i), child, out, warnings);
		}
	} else if (json_is_object(v) && line_label(v) && line_amount(v)) {
		out->present = true;
		parse_line_entry(v, path, out, warnings);
	} else if (json_is_object(v)) {
		out->present = true;
		const char *key;
		json_t *amount;
		json_object_foreach ((json_t *)v, key, amount) {
			jsonx_path_key(child, sizeof child, path, key);
			add_lenient_line(out, key, amount, child, warnings);
		}
	} else {
		add_warning(warnings, _("%s: breakdown ignored (expected a list, got %s)"), path,
			    jsonx_type_name(v));
	}
}

/* ------------------------------------------------------------------ Amounts */

struct amount_field {
	const char *key;
	const char *label; /* for warnings */
	size_t value_off;
	size_t has_off;
	const char *lines_key; /* NULL for subTotal and total */
	size_t lines_off;
};

#define AMOUNT_PLAIN(key, label, member)                                                           \
	{                                                                                          \
		key, label, offsetof(amounts, member), offsetof(amounts, has_##member), NULL, 0    \
	}
#define AMOUNT_WITH_LINES(key, label, member)                                                      \
	{                                                                                          \
		key, label, offsetof(amounts, member), offsetof(amounts, has_##member),            \
		    key "Description", offsetof(amounts, member##_description)                     \
	}

/* Wire order of §3.7; the breakdown names are the category name + "Description". */
static const struct amount_field AMOUNT_FIELDS[] = {
    AMOUNT_PLAIN("subTotal", N_("Subtotal"), sub_total),
    AMOUNT_WITH_LINES("fees", N_("Fees"), fees),
    AMOUNT_WITH_LINES("taxes", N_("Taxes"), taxes),
    AMOUNT_WITH_LINES("promotions", N_("Promotions"), promotions),
    AMOUNT_WITH_LINES("adjustments", N_("Adjustments"), adjustments),
    AMOUNT_WITH_LINES("tip", N_("Tip"), tip),
    AMOUNT_PLAIN("total", N_("Total"), total),
};

#define N_AMOUNT_FIELDS (sizeof AMOUNT_FIELDS / sizeof AMOUNT_FIELDS[0])

static money *field_value(amounts *a, const struct amount_field *f)
{
	return (money *)((char *)a + f->value_off);
}

static bool *field_has(amounts *a, const struct amount_field *f)
{
	return (bool *)((char *)a + f->has_off);
}

static amount_lines *field_lines(amounts *a, const struct amount_field *f)
{
	return f->lines_key ? (amount_lines *)((char *)a + f->lines_off) : NULL;
}

/* Read-only views of the same members. */
static bool field_present(const amounts *a, const struct amount_field *f)
{
	return *(const bool *)((const char *)a + f->has_off);
}

static money field_or_zero(const amounts *a, const struct amount_field *f)
{
	return field_present(a, f) ? *(const money *)((const char *)a + f->value_off) : 0;
}

static const amount_lines *field_lines_of(const amounts *a, const struct amount_field *f)
{
	return f->lines_key ? (const amount_lines *)((const char *)a + f->lines_off) : NULL;
}

void amounts_clear(amounts *a)
{
	for (size_t i = 0; i < N_AMOUNT_FIELDS; i++) {
		amount_lines *lines = field_lines(a, &AMOUNT_FIELDS[i]);
		if (lines)
			amount_lines_clear(lines);
	}
	str_list_clear(&a->warnings);
	json_decref(a->raw);
	memset(a, 0, sizeof *a);
}

void amounts_drop_raw(amounts *a)
{
	json_decref(a->raw);
	a->raw = NULL;
}

void amounts_free(amounts *a)
{
	if (!a)
		return;
	amounts_clear(a);
	free(a);
}

static bool parse_amount_total(const json_t *value, const char *path, amounts *out,
			       const struct amount_field *f, json_err *err)
{
	if (!jsonx_get_money(value, f->key, path, false, field_value(out, f), field_has(out, f),
			     err))
		return false;
	money ignored;
	if (*field_has(out, f) &&
	    money_from_json(json_object_get(value, f->key), &ignored) == MONEY_ROUNDED) {
		char child[256];
		jsonx_path_key(child, sizeof child, path, f->key);
		add_warning(&out->warnings,
			    _("%s: amount had more than two decimals; rounded to cents"), child);
	}
	return true;
}

static bool amounts_parse(const json_t *value, const char *path, amounts *out, json_err *err)
{
	memset(out, 0, sizeof *out);
	if (!jsonx_expect_object(value, path, err))
		return false;
	for (size_t i = 0; i < N_AMOUNT_FIELDS; i++) {
		if (!parse_amount_total(value, path, out, &AMOUNT_FIELDS[i], err)) {
			amounts_clear(out);
			return false;
		}
	}
	for (size_t i = 0; i < N_AMOUNT_FIELDS; i++) {
		const struct amount_field *f = &AMOUNT_FIELDS[i];
		if (!f->lines_key)
			continue;
		char child[256];
		jsonx_path_key(child, sizeof child, path, f->lines_key);
		parse_breakdown(json_object_get(value, f->lines_key), child, field_lines(out, f),
				&out->warnings);
	}
	out->raw = json_deep_copy(value);
	return true;
}

amounts *amounts_from_json(const json_t *value, json_err *err)
{
	return JSONX_PARSE_NEW(amounts, value, amounts_parse, err);
}

json_t *amounts_to_json(const amounts *a)
{
	if (a->raw)
		return json_deep_copy(a->raw);
	json_t *o = json_object();
	for (size_t i = 0; i < N_AMOUNT_FIELDS; i++) {
		const struct amount_field *f = &AMOUNT_FIELDS[i];
		if (field_present(a, f))
			json_object_set_new(o, f->key, money_to_json(field_or_zero(a, f)));
	}
	for (size_t i = 0; i < N_AMOUNT_FIELDS; i++) {
		const struct amount_field *f = &AMOUNT_FIELDS[i];
		const amount_lines *lines = field_lines_of(a, f);
		if (!lines || !lines->present)
			continue;
		json_t *arr = json_array();
		for (size_t j = 0; j < lines->n; j++) {
			json_t *line = json_object();
			json_object_set_new(line, "name", json_string(lines->v[j].name));
			json_object_set_new(line, "value", money_to_json(lines->v[j].value));
			json_array_append_new(arr, line);
		}
		json_object_set_new(o, f->lines_key, arr);
	}
	return o;
}

void amounts_copy(amounts *dst, const amounts *src)
{
	*dst = *src;
	for (size_t i = 0; i < N_AMOUNT_FIELDS; i++) {
		const struct amount_field *f = &AMOUNT_FIELDS[i];
		if (f->lines_key)
			amount_lines_copy(field_lines(dst, f), field_lines_of(src, f));
	}
	memset(&dst->warnings, 0, sizeof dst->warnings);
	str_list_copy(&dst->warnings, &src->warnings);
	dst->raw = src->raw ? json_deep_copy(src->raw) : NULL;
}

static bool check_breakdown(const amounts *a, const struct amount_field *f, str_list *warnings)
{
	const amount_lines *lines = field_lines_of(a, f);
	if (!lines || !lines->present)
		return true;
	money sum = 0;
	bool overflow = false;
	for (size_t i = 0; i < lines->n; i++)
		overflow |= __builtin_add_overflow(sum, lines->v[i].value, &sum);
	money expected = field_or_zero(a, f);
	if (!overflow && sum == expected)
		return true;
	char got[MONEY_TEXT_MAX], want[MONEY_TEXT_MAX];
	add_warning(warnings, _("%s: the breakdown adds up to %s but the amount is %s"),
		    _(f->label), overflow ? "?" : money_format(sum, got),
		    money_format(expected, want));
	return false;
}

bool amounts_check(const amounts *a, str_list *warnings)
{
	bool ok = true;
	for (size_t i = 0; i < N_AMOUNT_FIELDS; i++)
		ok &= check_breakdown(a, &AMOUNT_FIELDS[i], warnings);
	if (!a->has_total)
		return ok;
	/* Each part is bounded by MONEY_MAX_CENTS, so this cannot overflow. */
	money expected = (a->has_sub_total ? a->sub_total : 0) + (a->has_fees ? a->fees : 0) -
			 (a->has_promotions ? a->promotions : 0) + (a->has_taxes ? a->taxes : 0) +
			 (a->has_adjustments ? a->adjustments : 0) + (a->has_tip ? a->tip : 0);
	if (expected != a->total) {
		char got[MONEY_TEXT_MAX], want[MONEY_TEXT_MAX];
		add_warning(
		    warnings,
		    _("Total is %s but subtotal + fees - promotions + taxes + adjustments + "
		      "tip = %s"),
		    money_format(a->total, got), money_format(expected, want));
		ok = false;
	}
	return ok;
}

/* ------------------------------------------------------------------ customer, delivery, payment */

/* All optional on reading (external_customer_check is the request rule). */
static const jsonx_member customer_members[] = {
    JSONX_MEMBER("email", STRING, OPTIONAL, external_customer, email),
    JSONX_MEMBER("firstName", STRING, OPTIONAL, external_customer, first_name),
    JSONX_MEMBER("lastName", STRING, OPTIONAL, external_customer, last_name),
    JSONX_MEMBER("phone", STRING, OPTIONAL, external_customer, phone),
    JSONX_MEMBER("partnerUserId", STRING, OPTIONAL, external_customer, partner_user_id),
};

void external_customer_clear(external_customer *c)
{
	jsonx_free_members(JSONX_ROWS(customer_members), c);
	memset(c, 0, sizeof *c);
}

/* Lenient (responses): every field may be missing, e.g. a session user without a phone. */
static bool external_customer_parse(const json_t *value, const char *path, external_customer *out,
				    json_err *err)
{
	memset(out, 0, sizeof *out);
	return jsonx_parse_members(value, path, JSONX_ROWS(customer_members), out, err);
}

static bool require_text(const char *s, const char *path, const char *key, json_err *err)
{
	return (s && *s) || jsonx_fail_key(err, path, key, "required field is missing");
}

bool external_customer_check(const external_customer *c, const char *path, json_err *err)
{
	if (!require_text(c->email, path, "email", err) ||
	    !require_text(c->first_name, path, "firstName", err) ||
	    !require_text(c->last_name, path, "lastName", err) ||
	    !require_text(c->phone, path, "phone", err))
		return false;
	if (!wire_is_email(c->email))
		return jsonx_fail_key(err, path, "email", "not an email address");
	if (!wire_is_e164(c->phone))
		return jsonx_fail_key(err, path, "phone", "must be in %s", wire_e164_hint());
	return true;
}

void external_customer_copy(external_customer *dst, const external_customer *src)
{
	jsonx_copy_members(JSONX_ROWS(customer_members), dst, src);
}

json_t *external_customer_to_json(const external_customer *c)
{
	return jsonx_members_to_json(JSONX_ROWS(customer_members), c);
}

static void external_delivery_info_clear(external_delivery_info *d)
{
	free(d->type);
	if (d->address)
		external_address_clear(d->address);
	free(d->address);
	free(d->instructions);
	memset(d, 0, sizeof *d);
}

static bool external_delivery_info_parse(const json_t *value, const char *path,
					 external_delivery_info *out, json_err *err)
{
	memset(out, 0, sizeof *out);
	bool ok = jsonx_expect_object(value, path, err) &&
		  jsonx_get_string(value, "type", path, false, &out->type, err) &&
		  JSONX_PARSE_OPT_MEMBER(value, path, "address", &out->address,
					 external_address_parse, err) &&
		  jsonx_get_string(value, "instructions", path, false, &out->instructions, err);
	if (!ok)
		external_delivery_info_clear(out);
	return ok;
}

static json_t *external_delivery_info_to_json(const external_delivery_info *d)
{
	json_t *o = json_object();
	jsonx_set_string(o, "type", d->type);
	if (d->address)
		json_object_set_new(o, "address", external_address_to_json(d->address));
	jsonx_set_string(o, "instructions", d->instructions);
	return o;
}

static const jsonx_member payment_members[] = {
    JSONX_MEMBER("type", STRING, REQUIRED, payment_info, type),
    JSONX_MEMBER("cardToken", STRING, OPTIONAL, payment_info, card_token),
    JSONX_MEMBER("processorType", STRING, OPTIONAL, payment_info, processor_type),
    JSONX_MEMBER("paymentId", STRING, OPTIONAL, payment_info, payment_id),
};

void payment_info_clear(payment_info *p)
{
	jsonx_free_members(JSONX_ROWS(payment_members), p);
	memset(p, 0, sizeof *p);
}

bool payment_info_parse(const json_t *value, const char *path, payment_info *out, json_err *err)
{
	memset(out, 0, sizeof *out);
	return jsonx_parse_members(value, path, JSONX_ROWS(payment_members), out, err);
}

json_t *payment_info_to_json(const payment_info *p)
{
	return jsonx_members_to_json(JSONX_ROWS(payment_members), p);
}

/* ------------------------------------------------------------------ ExternalOrder */

/* After the cart, fulfillmentType and the nested members, which are read by hand. */
static const jsonx_member order_members[] = {
    JSONX_MEMBER_HAS("isValid", BOOL, OPTIONAL, external_order, is_valid, has_is_valid),
    JSONX_MEMBER("gettOrderId", STRING, OPTIONAL, external_order, gett_order_id),
    JSONX_MEMBER("partnerOrderId", STRING, OPTIONAL, external_order, partner_order_id),
    JSONX_MEMBER("placedAt", STRING, OPTIONAL, external_order, placed_at),
    JSONX_MEMBER("traceId", STRING, OPTIONAL, external_order, trace_id),
    JSONX_MEMBER("validatedOrderToken", STRING, OPTIONAL, external_order, validated_order_token),
    JSONX_MEMBER("state", STRING, OPTIONAL, external_order, state),
    JSONX_MEMBER("status", STRING, OPTIONAL, external_order, status),
    JSONX_MEMBER("cancelReason", STRING, OPTIONAL, external_order, cancel_reason),
};

void external_order_clear(external_order *o)
{
	cart_free(o->cart);
	free(o->fulfillment_type);
	amounts_free(o->amounts);
	if (o->customer)
		external_customer_clear(o->customer);
	free(o->customer);
	if (o->delivery_info)
		external_delivery_info_clear(o->delivery_info);
	free(o->delivery_info);
	validation_error_list_clear(&o->errors);
	jsonx_free_members(JSONX_ROWS(order_members), o);
	memset(o, 0, sizeof *o);
}

void external_order_free(external_order *o)
{
	if (!o)
		return;
	external_order_clear(o);
	free(o);
}

static bool parse_order_cart(const json_t *value, const char *path, external_order *out,
			     json_err *err)
{
	json_t *c = NULL;
	if (!jsonx_get_object(value, "cart", path, true, &c, err))
		return false;
	char child[256];
	jsonx_path_key(child, sizeof child, path, "cart");
	out->cart = cart_parse(c, child, err);
	return out->cart != NULL;
}

static bool parse_order_errors(const json_t *value, const char *path, external_order *out,
			       json_err *err)
{
	json_t *arr = NULL;
	if (!jsonx_get_array(value, "errors", path, false, &arr, err))
		return false;
	if (!arr)
		return true;
	out->has_errors = true;
	char child[256];
	jsonx_path_key(child, sizeof child, path, "errors");
	return validation_error_list_parse(arr, child, &out->errors, err);
}

bool external_order_parse(const json_t *value, const char *path, external_order *out, json_err *err)
{
	memset(out, 0, sizeof *out);
	bool ok =
	    jsonx_expect_object(value, path, err) && parse_order_cart(value, path, out, err) &&
	    jsonx_get_string(value, "fulfillmentType", path, true, &out->fulfillment_type, err) &&
	    JSONX_PARSE_OPT_MEMBER(value, path, "amounts", &out->amounts, amounts_parse, err) &&
	    JSONX_PARSE_OPT_MEMBER(value, path, "customer", &out->customer, external_customer_parse,
				   err) &&
	    JSONX_PARSE_OPT_MEMBER(value, path, "deliveryInfo", &out->delivery_info,
				   external_delivery_info_parse, err) &&
	    parse_order_errors(value, path, out, err) &&
	    jsonx_read_members(value, path, JSONX_ROWS(order_members), out, err);
	if (!ok)
		external_order_clear(out);
	return ok;
}

external_order *external_order_from_json(const json_t *value, json_err *err)
{
	return JSONX_PARSE_NEW(external_order, value, external_order_parse, err);
}

json_t *external_order_to_json(const external_order *o)
{
	json_t *j = json_object();
	if (o->cart)
		json_object_set_new(j, "cart", cart_to_json(o->cart));
	jsonx_set_string(j, "fulfillmentType", o->fulfillment_type);
	if (o->amounts)
		json_object_set_new(j, "amounts", amounts_to_json(o->amounts));
	if (o->customer)
		json_object_set_new(j, "customer", external_customer_to_json(o->customer));
	if (o->delivery_info)
		json_object_set_new(j, "deliveryInfo",
				    external_delivery_info_to_json(o->delivery_info));
	if (o->has_errors || o->errors.n)
		json_object_set_new(j, "errors", validation_error_list_to_json(&o->errors));
	jsonx_write_members(j, JSONX_ROWS(order_members), o);
	return j;
}

bool external_order_has_handoff(const external_order *o)
{
	if (fulfillment_kind_of(o->fulfillment_type) != FULFILLMENT_KIND_DELIVERY)
		return true;
	const char *type = o->delivery_info ? o->delivery_info->type : NULL;
	return type && *type;
}

bool external_order_check(const external_order *o, json_err *err)
{
	if (!o->cart)
		return jsonx_fail_key(err, "$", "cart", "required field is missing");
	if (!require_text(o->fulfillment_type, "$", "fulfillmentType", err))
		return false;
	if (o->customer && !external_customer_check(o->customer, "$.customer", err))
		return false;
	if (fulfillment_kind_of(o->fulfillment_type) != FULFILLMENT_KIND_DELIVERY)
		return true;
	if (!o->delivery_info)
		return jsonx_fail_key(err, "$", "deliveryInfo", "required for %s",
				      FULFILLMENT_DELIVERY);
	if (!external_order_has_handoff(o))
		return jsonx_fail_key(err, "$.deliveryInfo", "type", "required field is missing");
	return !o->delivery_info->address ||
	       external_address_check(o->delivery_info->address, "$.deliveryInfo.address", err);
}

/* ------------------------------------------------------------------ PlaceOrderRequest */

void place_order_request_free(place_order_request *req)
{
	if (!req)
		return;
	external_order_clear(&req->order);
	payment_info_clear(&req->payment);
	free(req);
}

place_order_request *place_order_request_from_json(const json_t *value, json_err *err)
{
	place_order_request *req = xcalloc(1, sizeof *req);
	json_t *payment = NULL;
	bool ok = external_order_parse(value, "$", &req->order, err) &&
		  jsonx_get_object(value, "payment", "$", true, &payment, err) &&
		  payment_info_parse(payment, "$.payment", &req->payment, err);
	if (!ok) {
		place_order_request_free(req);
		return NULL;
	}
	return req;
}

json_t *place_order_request_to_json(const place_order_request *req)
{
	json_t *j = external_order_to_json(&req->order);
	json_object_set_new(j, "payment", payment_info_to_json(&req->payment));
	return j;
}

char *place_order_request_body(const place_order_request *req)
{
	json_t *j = place_order_request_to_json(req);
	char *text = jsonx_dumps(j);
	json_decref(j);
	return text;
}

/*
 * One function per endpoint the client calls (contract §2): serialise the typed input with
 * the models and jsonx_dumps, fill the path from the endpoint table (endpoint.h, which also
 * gives the method, the auth rule and the retry class), and read the 2xx reply into the
 * api_result member of the table's reply model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/api_int.h"
#include "base/i18n.h"

/* validate/place 200 with isValid:false is the first of the three invalid shapes (§6 Q9). */
static void check_order_validity(const api_call *call, api_result *r)
{
	external_order *o = r->order;
	if (call->endpoint == ENDPOINT_ORDER_GET || !o->has_is_valid || o->is_valid)
		return;
	r->outcome = API_ERR_INVALID;
	api_line_errors_from(&r->errors, &o->errors, call->cart_items.n,
			     (const char *const *)call->cart_items.v);
	r->trace_id = xstrdup(o->trace_id);
	const char *first = r->errors.n ? r->errors.v[0].message : NULL;
	if (first)
		api_result_set_message(call->client, r, "%s", first);
	else
		api_result_set_message(call->client, r, "%s", _("The order is not valid."));
}

/* One reader per reply model of the table (endpoints.def `reply`): the member it fills. */
typedef bool reply_reader(const api_call *call, const json_t *root, api_result *r, json_err *err);

#define READ_INTO(member, model)                                                                   \
	static bool read_##model(const api_call *call, const json_t *root, api_result *r,          \
				 json_err *err)                                                    \
	{                                                                                          \
		(void)call;                                                                        \
		return (r->member = model##_from_json(root, err)) != NULL;                         \
	}
READ_INTO(session, session_create_response)
READ_INTO(me, session_me_response)
READ_INTO(fulfillment_context, fulfillment_context)
READ_INTO(stores, discover_stores_response)
READ_INTO(store, store)
READ_INTO(catalog_set, catalog_set)
READ_INTO(payments, user_payment_paged_result)
READ_INTO(payment, user_payment_response)
READ_INTO(addresses, user_address_paged_result)
READ_INTO(address, add_address_response)
#undef READ_INTO

static bool read_external_order(const api_call *call, const json_t *root, api_result *r,
				json_err *err)
{
	if (!(r->order = external_order_from_json(root, err)))
		return false;
	check_order_validity(call, r);
	return true;
}

/* Whatever the body says, the 2xx is the answer. */
static bool read_none(const api_call *call, const json_t *root, api_result *r, json_err *err)
{
	(void)call, (void)root, (void)r, (void)err;
	return true;
}

/* The cart endpoints are the sandbox's (stateless cart helpers): the client keeps its cart
   itself and never calls them. */
#define read_cart NULL

static reply_reader *const readers[ENDPOINT_COUNT] = {
#define ENDPOINT(id, name, method, path, auth, retry, reply, empty, mib)                           \
	[ENDPOINT_##id] = read_##reply,
#include "wire/endpoints.def"
#undef ENDPOINT
};

bool api_parse_success(const api_call *call, const json_t *root, api_result *r, json_err *err)
{
	reply_reader *read = readers[call->endpoint];
	return !read || read(call, root, r, err);
}

/* ------------------------------------------------------------------ building calls */

static api_call *new_call(api_client *client, api_endpoint ep, api_done_cb done, void *user)
{
	if (client->shutting_down)
		return NULL;
	return api_call_new(client, ep, done, user);
}

/* Sets the body from a model's JSON (consumed) and sends. */
static api_call *start(api_call *call, json_t *body)
{
	if (!call) {
		json_decref(body);
		return NULL;
	}
	if (body) {
		call->body = jsonx_dumps(body);
		json_decref(body);
	}
	api_call_dispatch(call, false);
	return call;
}

/* The path's one {placeholder} is `id`; fails the call for a missing id. */
static api_call *start_with_id(api_call *call, const char *id)
{
	if (!call)
		return NULL;
	free(call->path);
	call->path = endpoint_path(call->endpoint, &id, 1);
	if (!call->path)
		return api_call_fail_later(call, _("No identifier was given."));
	return start(call, NULL);
}

static api_call *missing_input(api_call *call)
{
	return call ? api_call_fail_later(call, _("The request is incomplete.")) : NULL;
}

/* Starts the call with the body to_json(request), or fails it as incomplete without a request. */
#define START_REQUEST(call, request, to_json)                                                      \
	((request) ? start(call, to_json(request)) : missing_input(call))

api_call *api_session_create(api_client *client, const session_create_request *request,
			     api_done_cb done, void *user)
{
	api_call *call = new_call(client, ENDPOINT_SESSION_CREATE, done, user);
	json_t *body = request ? session_create_request_to_json(request) : json_object();
	return start(call, body);
}

api_call *api_session_me(api_client *client, api_done_cb done, void *user)
{
	api_call *call = new_call(client, ENDPOINT_SESSION_ME, done, user);
	return start(call, NULL);
}

api_call *api_fulfillment_context_set(api_client *client, const fulfillment_context *context,
				      api_done_cb done, void *user)
{
	api_call *call = new_call(client, ENDPOINT_FULFILLMENT_CONTEXT, done, user);
	if (!context || !context->mode)
		return missing_input(call);
	return start(call, fulfillment_context_to_json(context));
}

api_call *api_discover(api_client *client, const discover_stores_request *request, api_done_cb done,
		       void *user)
{
	api_call *call = new_call(client, ENDPOINT_DISCOVER, done, user);
	return START_REQUEST(call, request, discover_stores_request_to_json);
}

api_call *api_store_get(api_client *client, const char *store_id, api_done_cb done, void *user)
{
	api_call *call = new_call(client, ENDPOINT_STORE_GET, done, user);
	return start_with_id(call, store_id);
}

api_call *api_catalog_set_get(api_client *client, const char *catalog_set_id, api_done_cb done,
			      void *user)
{
	api_call *call = new_call(client, ENDPOINT_CATALOG_SET_GET, done, user);
	return start_with_id(call, catalog_set_id);
}

/* Strict in what we send (§3.6): an order the request rules refuse never leaves. */
static api_call *refuse_order(api_call *call, const json_err *err)
{
	char text[600], msg[700];
	snprintf(msg, sizeof msg, _("The order is incomplete: %s"),
		 json_err_text(err, text, sizeof text));
	return api_call_fail_later(call, msg);
}

api_call *api_validate(api_client *client, const external_order *order, api_done_cb done,
		       void *user)
{
	api_call *call = new_call(client, ENDPOINT_VALIDATE, done, user);
	if (!call)
		return NULL;
	if (!order || !order->cart)
		return missing_input(call);
	json_err err = {0};
	if (!external_order_check(order, &err))
		return refuse_order(call, &err);
	for (size_t i = 0; i < order->cart->n_lines; i++)
		str_list_push(&call->cart_items,
			      order->cart->lines[i].item_id ? order->cart->lines[i].item_id : "");
	return start(call, external_order_to_json(order));
}

/* The itemId of each $.cart.lineItems[i] in a serialised order, to place errors on lines. */
static void cart_items_in(const char *body, str_list *out)
{
	json_t *root = json_loads(body, 0, NULL);
	const json_t *lines = json_object_get(json_object_get(root, "cart"), "lineItems");
	size_t i;
	const json_t *line;
	json_array_foreach (lines, i, line) {
		const char *id = json_string_value(json_object_get(line, "itemId"));
		str_list_push(out, id ? id : "");
	}
	json_decref(root);
}

api_call *api_place_text(api_client *client, const char *body, const char *idempotency_key,
			 api_done_cb done, void *user)
{
	api_call *call = new_call(client, ENDPOINT_PLACE, done, user);
	if (!call)
		return NULL;
	if (!body || !*body)
		return missing_input(call);
	if (!idempotency_key || !*idempotency_key)
		return api_call_fail_later(call, _("Placing an order needs an Idempotency-Key."));
	if (strpbrk(idempotency_key, "\r\n"))
		return api_call_fail_later(call, _("The Idempotency-Key is not valid."));
	call->idempotency_key = xstrdup(idempotency_key);
	cart_items_in(body, &call->cart_items);
	call->body = xstrdup(body);
	api_call_dispatch(call, false);
	return call;
}

api_call *api_place(api_client *client, const place_order_request *request,
		    const char *idempotency_key, api_done_cb done, void *user)
{
	json_err err = {0};
	if (!request || !request->order.cart || !external_order_check(&request->order, &err)) {
		api_call *call = new_call(client, ENDPOINT_PLACE, done, user);
		if (call && request && request->order.cart)
			return refuse_order(call, &err);
		return missing_input(call);
	}
	char *body = place_order_request_body(request);
	api_call *call = api_place_text(client, body, idempotency_key, done, user);
	free(body);
	return call;
}

api_call *api_order_get(api_client *client, const char *gett_order_id, api_done_cb done, void *user)
{
	api_call *call = new_call(client, ENDPOINT_ORDER_GET, done, user);
	return start_with_id(call, gett_order_id);
}

/* The path's query: offset and limit when >= 0. */
static api_call *start_paged(api_call *call, long long offset, long long limit)
{
	if (!call)
		return NULL;
	char buf[160];
	int n = snprintf(buf, sizeof buf, "%s", call->path);
	const char *sep = "?";
	if (offset >= 0) {
		n += snprintf(buf + n, sizeof buf - (size_t)n, "%soffset=%lld", sep, offset);
		sep = "&";
	}
	if (limit >= 0)
		snprintf(buf + n, sizeof buf - (size_t)n, "%slimit=%lld", sep, limit);
	free(call->path);
	call->path = xstrdup(buf);
	return start(call, NULL);
}

api_call *api_payments_list(api_client *client, long long offset, long long limit, api_done_cb done,
			    void *user)
{
	api_call *call = new_call(client, ENDPOINT_PAYMENTS_LIST, done, user);
	return start_paged(call, offset, limit);
}

api_call *api_payment_add(api_client *client, const add_payment_card_request *request,
			  api_done_cb done, void *user)
{
	api_call *call = new_call(client, ENDPOINT_PAYMENT_ADD, done, user);
	return START_REQUEST(call, request, add_payment_card_request_to_json);
}

api_call *api_addresses_list(api_client *client, long long offset, long long limit,
			     api_done_cb done, void *user)
{
	api_call *call = new_call(client, ENDPOINT_ADDRESSES_LIST, done, user);
	return start_paged(call, offset, limit);
}

api_call *api_address_add(api_client *client, const address_input *address, api_done_cb done,
			  void *user)
{
	/* Safe to repeat: the server dedups addresses by their fields (§2.12). */
	api_call *call = new_call(client, ENDPOINT_ADDRESS_ADD, done, user);
	return START_REQUEST(call, address, address_input_to_json);
}

api_call *api_profile_update(api_client *client, const update_profile_request *request,
			     api_done_cb done, void *user)
{
	api_call *call = new_call(client, ENDPOINT_PROFILE_UPDATE, done, user);
	return START_REQUEST(call, request, update_profile_request_to_json);
}

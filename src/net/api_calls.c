/*
 * One function per endpoint (contract §2): serialise the typed input with the
 * models and jsonx_dumps, pick the auth rule and retry mode, and parse the 2xx
 * reply into the matching api_result member.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/api_int.h"
#include "base/i18n.h"

#define P "/v1/marketplace"

/* Percent-encodes a path segment (everything but RFC 3986 unreserved). */
static char *escape_segment(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = xmalloc(strlen(s) * 3 + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

bool api_body_optional(api_endpoint endpoint)
{
	return endpoint == API_SESSION_INVALIDATE || endpoint == API_PROFILE_UPDATE ||
	       endpoint == API_FULFILLMENT_CONTEXT;
}

/* validate/place 200 with isValid:false is the first of the three invalid shapes (§6 Q9). */
static void check_order_validity(const api_call *call, api_result *r)
{
	external_order *o = r->order;
	if (call->endpoint == API_ORDER_GET || !o->has_is_valid || o->is_valid)
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

bool api_parse_success(const api_call *call, const json_t *root, api_result *r, json_err *err)
{
	switch (call->endpoint) {
	case API_SESSION_CREATE:
		return (r->session = session_create_response_from_json(root, err)) != NULL;
	case API_SESSION_ME:
		return (r->me = session_me_response_from_json(root, err)) != NULL;
	case API_FULFILLMENT_CONTEXT:
		return (r->fulfillment_context = fulfillment_context_from_json(root, err)) != NULL;
	case API_DISCOVER:
		return (r->stores = discover_stores_response_from_json(root, err)) != NULL;
	case API_STORE_GET:
		return (r->store = store_from_json(root, err)) != NULL;
	case API_CATALOG_SET_GET:
		return (r->catalog_set = catalog_set_from_json(root, err)) != NULL;
	case API_VALIDATE:
	case API_PLACE:
	case API_ORDER_GET:
		if (!(r->order = external_order_from_json(root, err)))
			return false;
		check_order_validity(call, r);
		return true;
	case API_PAYMENTS_LIST:
		return (r->payments = user_payment_paged_result_from_json(root, err)) != NULL;
	case API_PAYMENT_ADD:
		return (r->payment = user_payment_response_from_json(root, err)) != NULL;
	case API_ADDRESSES_LIST:
		return (r->addresses = user_address_paged_result_from_json(root, err)) != NULL;
	case API_ADDRESS_ADD:
		return (r->address = add_address_response_from_json(root, err)) != NULL;
	case API_SESSION_INVALIDATE:
	case API_PROFILE_UPDATE:
	case API_ENDPOINT_COUNT:
		return true; /* whatever the body says, the 2xx is the answer */
	}
	return true;
}

/* ------------------------------------------------------------------ building calls */

static api_call *new_call(api_client *client, api_endpoint ep, const char *method, api_auth auth,
			  api_retry_mode mode, api_done_cb done, void *user)
{
	if (client->shutting_down)
		return NULL;
	return api_call_new(client, ep, method, auth, mode, done, user);
}

/* Sets the body from a model's JSON (consumed) and sends. */
static api_call *start(api_call *call, const char *path, json_t *body)
{
	if (!call) {
		json_decref(body);
		return NULL;
	}
	call->path = xstrdup(path);
	if (body) {
		call->body = jsonx_dumps(body);
		json_decref(body);
	}
	api_call_dispatch(call, false);
	return call;
}

/* "/v1/marketplace/<prefix>/<escaped id>"; fails the call for a missing id. */
static api_call *start_with_id(api_call *call, const char *prefix, const char *id)
{
	if (!call)
		return NULL;
	if (!id || !*id)
		return api_call_fail_later(call, _("No identifier was given."));
	char *seg = escape_segment(id);
	size_t n = strlen(prefix) + strlen(seg) + 2;
	char *path = xmalloc(n);
	snprintf(path, n, "%s/%s", prefix, seg);
	free(seg);
	start(call, path, NULL);
	free(path);
	return call;
}

static api_call *missing_input(api_call *call)
{
	return call ? api_call_fail_later(call, _("The request is incomplete.")) : NULL;
}

api_call *api_session_create(api_client *client, const session_create_request *request,
			     api_done_cb done, void *user)
{
	api_call *call =
	    new_call(client, API_SESSION_CREATE, "POST", API_AUTH_KEY, API_RETRY_SAFE, done, user);
	json_t *body = request ? session_create_request_to_json(request) : json_object();
	return start(call, P "/session/create", body);
}

api_call *api_session_me(api_client *client, api_done_cb done, void *user)
{
	api_call *call =
	    new_call(client, API_SESSION_ME, "GET", API_AUTH_SESSION, API_RETRY_SAFE, done, user);
	return start(call, P "/session/me", NULL);
}

static void on_invalidated(api_call *call, api_result *result)
{
	api_client *client = call->client;
	if (result->outcome != API_OK && result->status != 401)
		return; /* a 401 means the token is dead anyway */
	if (call->used_own_session)
		api_session_forget(client, call->session_gen);
	else if (call->used_given_token && client->given_token) {
		xwipe_free(client->given_token);
		client->given_token = NULL;
	}
}

api_call *api_session_invalidate(api_client *client, api_done_cb done, void *user)
{
	api_call *call = new_call(client, API_SESSION_INVALIDATE, "POST", API_AUTH_SESSION,
				  API_RETRY_SAFE, done, user);
	if (!call)
		return NULL;
	call->no_reauth = true;
	call->on_finish = on_invalidated;
	/* `{}` rather than no body: a body-less POST carries no Content-Length, which some
	   gateways answer with 411. */
	return start(call, P "/session/invalidate", json_object());
}

api_call *api_fulfillment_context_set(api_client *client, const fulfillment_context *context,
				      api_done_cb done, void *user)
{
	api_call *call = new_call(client, API_FULFILLMENT_CONTEXT, "PUT", API_AUTH_SESSION,
				  API_RETRY_SAFE, done, user);
	if (!context || !context->mode)
		return missing_input(call);
	return start(call, P "/session/fulfillment-context", fulfillment_context_to_json(context));
}

api_call *api_discover(api_client *client, const discover_stores_request *request, api_done_cb done,
		       void *user)
{
	api_call *call =
	    new_call(client, API_DISCOVER, "POST", API_AUTH_ANY, API_RETRY_SAFE, done, user);
	if (!request)
		return missing_input(call);
	return start(call, P "/stores/discover", discover_stores_request_to_json(request));
}

api_call *api_store_get(api_client *client, const char *store_id, api_done_cb done, void *user)
{
	api_call *call =
	    new_call(client, API_STORE_GET, "GET", API_AUTH_ANY, API_RETRY_SAFE, done, user);
	return start_with_id(call, P "/stores", store_id);
}

api_call *api_catalog_set_get(api_client *client, const char *catalog_set_id, api_done_cb done,
			      void *user)
{
	api_call *call =
	    new_call(client, API_CATALOG_SET_GET, "GET", API_AUTH_ANY, API_RETRY_SAFE, done, user);
	return start_with_id(call, P "/catalog-sets", catalog_set_id);
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
	api_call *call =
	    new_call(client, API_VALIDATE, "POST", API_AUTH_ANY, API_RETRY_SAFE, done, user);
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
	return start(call, P "/orders/validate", external_order_to_json(order));
}

char *api_place_body(const place_order_request *request)
{
	json_t *j = place_order_request_to_json(request);
	char *text = jsonx_dumps(j);
	json_decref(j);
	return text;
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
	api_call *call =
	    new_call(client, API_PLACE, "POST", API_AUTH_ANY, API_RETRY_KEYED, done, user);
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
	call->path = xstrdup(P "/orders/place");
	call->body = xstrdup(body);
	api_call_dispatch(call, false);
	return call;
}

api_call *api_place(api_client *client, const place_order_request *request,
		    const char *idempotency_key, api_done_cb done, void *user)
{
	json_err err = {0};
	if (!request || !request->order.cart || !external_order_check(&request->order, &err)) {
		api_call *call =
		    new_call(client, API_PLACE, "POST", API_AUTH_ANY, API_RETRY_KEYED, done, user);
		if (call && request && request->order.cart)
			return refuse_order(call, &err);
		return missing_input(call);
	}
	char *body = api_place_body(request);
	api_call *call = api_place_text(client, body, idempotency_key, done, user);
	free(body);
	return call;
}

api_call *api_order_get(api_client *client, const char *gett_order_id, api_done_cb done, void *user)
{
	api_call *call = new_call(client, API_ORDER_GET, "GET", API_AUTH_KEY_OR_USER,
				  API_RETRY_SAFE, done, user);
	return start_with_id(call, P "/orders", gett_order_id);
}

static api_call *start_paged(api_call *call, const char *path, long long offset, long long limit)
{
	char buf[160];
	int n = snprintf(buf, sizeof buf, "%s", path);
	const char *sep = "?";
	if (offset >= 0) {
		n += snprintf(buf + n, sizeof buf - (size_t)n, "%soffset=%lld", sep, offset);
		sep = "&";
	}
	if (limit >= 0)
		snprintf(buf + n, sizeof buf - (size_t)n, "%slimit=%lld", sep, limit);
	return start(call, buf, NULL);
}

api_call *api_payments_list(api_client *client, long long offset, long long limit, api_done_cb done,
			    void *user)
{
	api_call *call = new_call(client, API_PAYMENTS_LIST, "GET", API_AUTH_SESSION,
				  API_RETRY_SAFE, done, user);
	return start_paged(call, P "/checkout/payments", offset, limit);
}

api_call *api_payment_add(api_client *client, const add_payment_card_request *request,
			  api_done_cb done, void *user)
{
	api_call *call = new_call(client, API_PAYMENT_ADD, "POST", API_AUTH_SESSION,
				  API_RETRY_UNSAFE, done, user);
	if (!request)
		return missing_input(call);
	return start(call, P "/checkout/payments", add_payment_card_request_to_json(request));
}

api_call *api_addresses_list(api_client *client, long long offset, long long limit,
			     api_done_cb done, void *user)
{
	api_call *call = new_call(client, API_ADDRESSES_LIST, "GET", API_AUTH_SESSION,
				  API_RETRY_SAFE, done, user);
	return start_paged(call, P "/checkout/addresses", offset, limit);
}

api_call *api_address_add(api_client *client, const address_input *address, api_done_cb done,
			  void *user)
{
	/* Safe to repeat: the server dedups addresses by their fields (§2.12). */
	api_call *call =
	    new_call(client, API_ADDRESS_ADD, "POST", API_AUTH_SESSION, API_RETRY_SAFE, done, user);
	if (!address)
		return missing_input(call);
	return start(call, P "/checkout/addresses", address_input_to_json(address));
}

api_call *api_profile_update(api_client *client, const update_profile_request *request,
			     api_done_cb done, void *user)
{
	api_call *call = new_call(client, API_PROFILE_UPDATE, "PUT", API_AUTH_SESSION,
				  API_RETRY_SAFE, done, user);
	if (!request)
		return missing_input(call);
	return start(call, P "/checkout/profile", update_profile_request_to_json(request));
}

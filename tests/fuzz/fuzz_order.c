/* Orders (wire/order.h): an order, its amounts, a place-order request, a cart (wire/cart.h). */
#include "fuzz.h"

#include "wire/cart.h"
#include "wire/order.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *root = fuzz_json(data, size);
	if (!root)
		return 0;
	json_err err;
	external_order *o = external_order_from_json(root, &err);
	if (o) {
		external_order_check(o, &err);
		json_decref(external_order_to_json(o));
		external_order_free(o);
	}
	amounts *a = amounts_from_json(root, &err);
	if (a) {
		str_list warnings = {0};
		amounts_check(a, &warnings);
		str_list_clear(&warnings);
		amounts copy;
		amounts_copy(&copy, a);
		json_decref(amounts_to_json(&copy));
		amounts_clear(&copy);
		amounts_free(a);
	}
	place_order_request *req = place_order_request_from_json(root, &err);
	if (req) {
		json_decref(place_order_request_to_json(req));
		place_order_request_free(req);
	}
	cart *c = cart_from_json(root, &err);
	if (c) {
		json_decref(cart_to_json(c));
		cart_free(c);
	}
	json_decref(root);
	return 0;
}

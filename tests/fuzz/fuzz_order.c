/* Orders (wire/order.h): an order, its amounts, a place-order request, a cart (wire/cart.h). */
#include "fuzz.h"

#include "wire/cart.h"
#include "wire/order.h"

static void check_json(json_t *root)
{
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
	FUZZ_PARSE(place_order_request);
	FUZZ_PARSE(cart);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_json_input(data, size, check_json);
}

/* Stores and discovery (wire/store.h): a store, a discover request and its response. */
#include "fuzz.h"

#include "wire/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *root = fuzz_json(data, size);
	if (!root)
		return 0;
	json_err err;
	store *s = store_from_json(root, &err);
	if (s) {
		json_decref(store_to_json(s));
		store_free(s);
	}
	discover_stores_request *req = discover_stores_request_from_json(root, &err);
	if (req) {
		json_decref(discover_stores_request_to_json(req));
		discover_stores_request_free(req);
	}
	discover_stores_response *resp = discover_stores_response_from_json(root, &err);
	if (resp) {
		json_decref(discover_stores_response_to_json(resp));
		discover_stores_response_free(resp);
	}
	external_address addr;
	if (external_address_parse(root, "$", &addr, &err)) {
		external_address_check(&addr, "$", &err);
		json_decref(external_address_to_json(&addr));
		external_address_clear(&addr);
	}
	json_decref(root);
	return 0;
}

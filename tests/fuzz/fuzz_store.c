/* Stores and discovery (wire/store.h): a store, a discover request and its response. */
#include "fuzz.h"

#include "wire/store.h"

static void check_json(json_t *root)
{
	json_err err;
	FUZZ_PARSE(store);
	FUZZ_PARSE(discover_stores_request);
	FUZZ_PARSE(discover_stores_response);
	external_address addr;
	if (external_address_parse(root, "$", &addr, &err)) {
		external_address_check(&addr, "$", &err);
		json_decref(external_address_to_json(&addr));
		external_address_clear(&addr);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_json_input(data, size, check_json);
}

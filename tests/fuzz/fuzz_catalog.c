/* CatalogSet (wire/catalog.h): parse, write back, and what was written parses again. */
#include "fuzz.h"

#include "wire/catalog.h"

static void check_json(json_t *root)
{
	json_err err;
	catalog_set *set = catalog_set_from_json(root, &err);
	if (!set)
		return;
	json_t *out = catalog_set_to_json(set);
	catalog_set *again = catalog_set_from_json(out, &err);
	if (!again) /* what we write, we must read */
		abort();
	catalog_set_free(again);
	json_decref(out);
	catalog_set_free(set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_json_input(data, size, check_json);
}

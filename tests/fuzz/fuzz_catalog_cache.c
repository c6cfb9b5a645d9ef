/* The catalog cache (persist/catalog_cache.h): the input is a cached entry, read back and
 * parsed as the shop does (shop_discovery.c), removed when it does not parse. */
#include "fuzz.h"

#include "persist/catalog_cache.h"
#include "wire/catalog.h"

#define ID "7d3c5a52-0b8e-4f7e-9a39-2f7c1c4f0a11"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	catalog_cache *cache = catalog_cache_open(fuzz_dir(), 1024 * 1024, err, sizeof err);
	if (!cache)
		abort();
	char path[256];
	snprintf(path, sizeof path, "%s/%s.json", fuzz_dir(), ID);
	fuzz_write(path, data, size);
	catalog_cache_total_bytes(cache);
	size_t len;
	char *text = catalog_cache_get(cache, ID, &len, err, sizeof err);
	if (text) {
		json_t *root = json_loadb(text, len, 0, NULL);
		json_err jerr;
		catalog_set *set = root ? catalog_set_from_json(root, &jerr) : NULL;
		json_decref(root);
		if (!set)
			catalog_cache_remove(cache, ID, err, sizeof err);
		catalog_set_free(set);
		free(text);
	}
	catalog_cache_close(cache);
	fuzz_clean_dir();
	return 0;
}

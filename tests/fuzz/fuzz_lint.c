/* The catalog linter (lint/lint.h) on any JSON document, with both of its outputs. */
#include "fuzz.h"

#include "lint/lint.h"

static void check_json(json_t *root)
{
	static FILE *null_out;
	if (!null_out && !(null_out = fopen("/dev/null", "w")))
		abort();
	lint_result *r = lint_catalog_json(root);
	lint_print_text(null_out, "fuzz.json", r);
	json_t *out = lint_to_json("fuzz.json", r);
	json_decref(out);
	lint_result_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_json_input(data, size, check_json);
}

/* Error replies (wire/problem.h): any body with any status, as the client reads them. */
#include "fuzz.h"

#include "wire/problem.h"

static void check_json(json_t *root)
{
	json_err err;
	problem_detail *p = problem_from_json(root, &err);
	if (p) {
		json_decref(problem_to_json(p));
		problem_free(p);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	/* The first two bytes pick the status (100..999), the rest is the body. */
	int status = 100 + (data[0] << 8 | data[1]) % 900;
	problem_detail *p = problem_from_response(status, (const char *)data + 2, size - 2,
						  size % 2 ? "application/problem+json" : NULL);
	if (!p)
		abort(); /* always returns a problem */
	problem_is_retryable(p);
	problem_has_code(p, "STORE_CLOSED");
	json_decref(problem_to_json(p));
	problem_free(p);
	return fuzz_json_input(data + 2, size - 2, check_json);
}

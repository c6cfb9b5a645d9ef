/* Money (base/money.h): decimal text and JSON numbers; what is written reads back the same. */
#include "fuzz.h"

#include "base/money.h"

static void check_round_trip(money m)
{
	char text[MONEY_TEXT_MAX];
	money back;
	if (money_parse_decimal(money_to_decimal(m, text), &back) != MONEY_OK || back != m)
		abort();
	money_format(m, text);
	json_t *j = money_to_json(m);
	if (money_from_json(j, &back) != MONEY_OK || back != m)
		abort();
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	money m;
	if (money_parse_decimal(text, &m) != MONEY_INVALID) {
		check_round_trip(m);
		money_percent_bp(m, size % 2 ? 825 : -10000);
	}
	free(text);
	json_t *root = fuzz_json(data, size);
	if (root) {
		if (money_from_json(root, &m) != MONEY_INVALID)
			check_round_trip(m);
		json_decref(root);
	}
	return 0;
}

/* Timestamps (base/timestamp.h): what parses is written as UTC and reads back the same. */
#include "fuzz.h"

#include "base/timestamp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	char buf[TIMESTAMP_MAX];
	int64_t ms, ms_back;
	if (timestamp_parse_ms(text, &ms)) {
		if (!timestamp_parse_ms(timestamp_format_ms(ms, buf), &ms_back) || ms_back != ms)
			abort();
	}
	time_t t, t_back;
	if (timestamp_parse(text, &t)) {
		if (!timestamp_parse(timestamp_format(t, buf), &t_back) || t_back != t)
			abort();
	}
	free(text);
	return 0;
}

/* Opening windows (wire/avail.h): the list as JSON, and wire times and day names as text. */
#include "fuzz.h"

#include "wire/avail.h"

static void check_json(json_t *root)
{
	json_err err;
	avail_list list;
	if (avail_list_from_json(root, "$.availability", &list, &err)) {
		for (size_t i = 0; i < list.n; i++)
			avail_window_is_valid(&list.v[i]);
		json_t *out = avail_list_to_json(&list);
		avail_list again;
		if (!avail_list_from_json(out, "$.availability", &again, &err))
			abort();
		avail_list_clear(&again);
		json_decref(out);
		avail_list_clear(&list);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	int t = avail_parse_time(text);
	if (t >= 0) {
		char buf[16];
		avail_format_time(t, buf, sizeof buf);
	}
	int day = avail_day_from_name(text);
	if (day >= 0 && (!avail_day_name(day) || !avail_day_abbrev(day)))
		abort();
	free(text);
	return fuzz_json_input(data, size, check_json);
}

/* See bench_gen.h. */
#include "bench_gen.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"

enum {
	PER_SECTION = BENCH_GEN_PER_SECTION,
	GROUPS = 50,
	OPTIONS_PER_GROUP = BENCH_GEN_OPTIONS / 50
};

static void add_groups(json_t *items, json_t *groups)
{
	for (int g = 0; g < GROUPS; g++) {
		char gid[32];
		snprintf(gid, sizeof gid, "group-%d", g);
		json_t *options = json_array();
		for (int o = 0; o < OPTIONS_PER_GROUP; o++) {
			char oid[32], name[48];
			snprintf(oid, sizeof oid, "option-%d-%d", g, o);
			snprintf(name, sizeof name, "Option %d of group %d", o, g);
			/* Option o of any group costs 0.25 * (o + 1). */
			json_object_set_new(items, oid,
					    json_pack("{s:s, s:s, s:o}", "itemId", oid, "name",
						      name, "basePrice",
						      money_to_json(25 * (o + 1))));
			json_array_append_new(options, json_string(oid));
		}
		bool required = g % 2 == 0;
		json_t *group =
		    json_pack("{s:s, s:s, s:o, s:i, s:i, s:b}", "modifierGroupId", gid, "name",
			      required ? "Choose one" : "Extras", "itemIds", options,
			      "minimumAllowed", required ? 1 : 0, "maximumAllowed",
			      required ? 1 : 5, "enableDuplicateItems", !required);
		if (!required)
			json_object_set_new(group, "tiers",
					    json_pack("[{s:i, s:i}, {s:i, s:f}]", "offset", 0,
						      "price", 0, "offset", 2, "price", 0.5));
		json_object_set_new(groups, gid, group);
	}
}

json_t *bench_gen_catalog(int n_sections)
{
	json_t *items = json_object(), *groups = json_object(), *sections = json_object();
	json_t *section_ids = json_array();
	add_groups(items, groups);
	for (int s = 0; s < n_sections; s++) {
		char sid[32];
		snprintf(sid, sizeof sid, "section-%d", s);
		json_t *item_ids = json_array();
		for (int i = 0; i < PER_SECTION; i++) {
			char iid[32], name[48], required[32], extras[32];
			int n = s * PER_SECTION + i;
			snprintf(iid, sizeof iid, "item-%d", n);
			snprintf(name, sizeof name, "Dish number %d", n);
			snprintf(required, sizeof required, "group-%d", (n % (GROUPS / 2)) * 2);
			snprintf(extras, sizeof extras, "group-%d", (n % (GROUPS / 2)) * 2 + 1);
			money base = 500 + (n % 40) * 25;
			json_object_set_new(
			    items, iid,
			    json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:[s, s]}", "itemId", iid,
				      "name", name, "description", "A generated dish", "basePrice",
				      money_to_json(base), "startingAt", money_to_json(base + 25),
				      "compareAt", money_to_json(base + 100), "modifierGroupIds",
				      required, extras));
			json_array_append_new(item_ids, json_string(iid));
		}
		json_object_set_new(sections, sid,
				    json_pack("{s:s, s:s, s:o}", "sectionId", sid, "name", sid,
					      "itemIds", item_ids));
		json_array_append_new(section_ids, json_string(sid));
	}
	json_t *availability = json_array();
	const char *days[] = {"Sunday",	  "Monday", "Tuesday", "Wednesday",
			      "Thursday", "Friday", "Saturday"};
	for (int d = 0; d < 7; d++)
		json_array_append_new(availability,
				      json_pack("{s:s, s:s, s:s}", "dayOfWeek", days[d], "start",
						"08:00:00", "end", "00:00:00"));
	return json_pack("{s:s, s:{s:{s:s, s:s, s:o, s:o}}, s:o, s:o, s:o}", "catalogSetId",
			 "bench", "catalogs", "all-day", "catalogId", "all-day", "name", "All Day",
			 "sectionIds", section_ids, "availability", availability, "sections",
			 sections, "items", items, "modifierGroups", groups);
}

char *bench_gen_catalog_text(int sections, size_t *len)
{
	json_t *generated = bench_gen_catalog(sections);
	char *text = json_dumps(generated, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(generated);
	*len = strlen(text);
	return text;
}

/*
 * `make bench`: how long linting takes next to parsing. Generates a clean
 * 10,000-item CatalogSet in memory (9,500 menu items in 95 sections, 500 modifier
 * options in 50 groups, every menu item with a required and a tiered optional
 * group and a correct startingAt, so every check runs), then times json_loads
 * and lint_catalog_json, best of 5 each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <jansson.h>

#include "lint/lint.h"
#include "base/money.h"

enum { SECTIONS = 95, PER_SECTION = 100, GROUPS = 50, OPTIONS_PER_GROUP = 10, RUNS = 5 };

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

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

static json_t *make_catalog(void)
{
	json_t *items = json_object(), *groups = json_object(), *sections = json_object();
	json_t *section_ids = json_array();
	add_groups(items, groups);
	for (int s = 0; s < SECTIONS; s++) {
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

int main(void)
{
	json_t *generated = make_catalog();
	char *text = json_dumps(generated, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(generated);
	double best_parse = 1e300, best_lint = 1e300;
	size_t findings = 0, n_items = 0;
	for (int run = 0; run < RUNS; run++) {
		double t0 = now_ms();
		json_error_t jerr;
		json_t *root = json_loads(text, 0, &jerr);
		double t1 = now_ms();
		if (!root) {
			fprintf(stderr, "bench_lint: generated JSON does not parse: %s\n",
				jerr.text);
			return 1;
		}
		lint_result *r = lint_catalog_json(root);
		double t2 = now_ms();
		findings = r->n;
		n_items = json_object_size(json_object_get(root, "items"));
		lint_result_free(r);
		json_decref(root);
		if (t1 - t0 < best_parse)
			best_parse = t1 - t0;
		if (t2 - t1 < best_lint)
			best_lint = t2 - t1;
	}
	free(text);
	printf("lint: generated clean catalog, %zu items, %zu findings\n", n_items, findings);
	printf("lint json_loads of it: %.1f ms (best of %d)\n", best_parse, RUNS);
	printf("lint lint_catalog_json: %.1f ms (best of %d), %.2f x the parse\n", best_lint, RUNS,
	       best_lint / best_parse);
	if (findings) {
		fprintf(stderr, "bench_lint: the generated catalog should lint clean\n");
		return 1;
	}
	return 0;
}

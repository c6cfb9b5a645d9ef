/*
 * `make bench`: how long linting takes next to parsing. Generates a clean
 * 10,000-item CatalogSet in memory (bench_gen.h: 9,500 menu items in 95 sections,
 * 500 modifier options in 50 groups, so every check runs), then times json_loads
 * and lint_catalog_json, best of 5 each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <jansson.h>

#include "bench_gen.h"
#include "lint/lint.h"

/* 10,000 items: 9,500 menu items and 500 options. */
enum { SECTIONS = 95, RUNS = 5 };

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(void)
{
	size_t len;
	char *text = bench_gen_catalog_text(SECTIONS, &len);
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

/*
 * A generated, lint-clean CatalogSet for `make bench` (docs/benchmarks.md): 100 menu items
 * per section, all sections in one catalog open every day from 08:00 to midnight, and 500
 * modifier options in 50 groups. Every menu item has a required group and a tiered optional
 * one and a correct startingAt, so every lint check runs. Items are "Dish number N" (N from 0),
 * so a filter on a digit string matches a known share of them.
 */
#ifndef GETT_BENCH_GEN_H
#define GETT_BENCH_GEN_H

#include <stddef.h>
#include <jansson.h>

/* Menu items per section and modifier options: sections * 100 + 500 items in all. */
#define BENCH_GEN_PER_SECTION 100
#define BENCH_GEN_OPTIONS     500

/* The catalog with `sections` sections, as a tree (caller decrefs). */
json_t *bench_gen_catalog(int sections);
/* The same as compact JSON text (caller frees), with its length. */
char *bench_gen_catalog_text(int sections, size_t *len);

#endif

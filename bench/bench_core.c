/*
 * `make bench`: the core library on demo data (docs/benchmarks.md).
 *   catalog  parse + index of the biggest demo catalog, its heap, catalog_find_item
 *   pricing  pricing_unit_price and modifier_check_line on full configurations
 *   money    money_to_json -> money_from_json round trips
 * Times are the best of N runs on CLOCK_MONOTONIC; the data is read into memory first,
 * so the disk is not measured.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"
#include "base/arena.h"
#include "rules/modifier_rules.h"
#include "base/money.h"
#include "rules/pricing.h"

enum { LOAD_RUNS = 5 };

#define MIB (1024.0 * 1024.0)

/* ------------------------------------------------------------------ catalog */

/* Bytes the allocator has handed out and not had back; -1 where it cannot tell. */
static double heap_in_use(void)
{
#if defined(__SANITIZE_ADDRESS__) || !defined(__GLIBC__) || __GLIBC__ < 2 ||                       \
    (__GLIBC__ == 2 && __GLIBC_MINOR__ < 33)
	return -1; /* ASan replaces malloc; mallinfo2 is glibc >= 2.33 */
#else
	struct mallinfo2 mi = mallinfo2();
	return (double)mi.uordblks + (double)mi.hblkhd;
#endif
}

static catalog_set *parse_and_index(const char *text, double *parse_s, double *index_s,
				    json_t **root_out)
{
	double t0 = bench_now();
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr);
	double t1 = bench_now();
	if (!root)
		bench_fail("catalog does not parse: line %d: %s", jerr.line, jerr.text);
	json_err err;
	catalog_set *set = catalog_set_from_json(root, &err);
	double t2 = bench_now();
	if (!set) {
		char buf[600];
		bench_fail("catalog_set_from_json: %s", json_err_text(&err, buf, sizeof buf));
	}
	*parse_s = t1 - t0;
	*index_s = t2 - t1;
	*root_out = root;
	return set;
}

static void print_heap(const char *text)
{
	/* One load with the heap read before, while the JSON tree and the set are both
	   alive (the load's high-water mark) and after the tree is freed (what stays). */
	double before = heap_in_use(), parse_s, index_s;
	json_t *root;
	catalog_set *set = parse_and_index(text, &parse_s, &index_s, &root);
	/* The set lives in an arena of its own (mmap), which mallinfo2 does not count. */
	double in_arena = (double)arena_used(set->mem);
	double both = heap_in_use() + in_arena;
	json_decref(root);
	double retained = heap_in_use() + in_arena;
	catalog_set_free(set);
	if (before < 0) {
		printf("catalog heap: n/a (needs glibc mallinfo2, no sanitizers)\n");
		return;
	}
	printf("catalog heap, JSON tree + catalog_set alive: %.2f MiB (mallinfo2 in-use growth + "
	       "the set's arena)\n",
	       (both - before) / MIB);
	printf("catalog heap, catalog_set after the tree is freed: %.2f MiB (mallinfo2 in-use "
	       "growth + the set's arena)\n",
	       (retained - before) / MIB);
}

typedef struct lookup_ctx {
	const catalog_set *set;
	char **ids;
	size_t n;
} lookup_ctx;

/* One pass over every item id. */
static size_t lookup_all(void *p)
{
	lookup_ctx *c = p;
	for (size_t i = 0; i < c->n; i++)
		if (!catalog_find_item(c->set, c->ids[i]))
			return 0;
	return c->n;
}

static void bench_lookups(const catalog_set *set)
{
	lookup_ctx c = {set, malloc(strmap_count(set->items) * sizeof(char *)),
			strmap_count(set->items)};
	/* Copies, so that no lookup can hit a pointer-equal key by luck. */
	for (size_t i = 0; i < c.n; i++)
		c.ids[i] = strdup(strmap_key_at(set->items, i));
	double rate = bench_best_rate(lookup_all, &c, BENCH_RUNS, BENCH_MIN_SECONDS);
	for (size_t i = 0; i < c.n; i++)
		free(c.ids[i]);
	free(c.ids);
	if (rate < 0)
		bench_fail("catalog_find_item missed an id of its own set");
	char buf[32];
	printf("catalog_find_item over all %zu ids: %s lookups/s (best of %d runs of >= %.1f s)\n",
	       c.n, bench_si(rate, buf, sizeof buf), BENCH_RUNS, BENCH_MIN_SECONDS);
}

static void bench_catalog(void)
{
	size_t size;
	char *path = bench_biggest_catalog(&size);
	char *text = bench_read_file(path, NULL);
	double parse_s, index_s, best_parse = 1e9, best_index = 1e9, best_total = 1e9;
	json_t *root;
	catalog_set *set = NULL;
	for (int run = 0; run < LOAD_RUNS; run++) {
		if (set)
			catalog_set_free(set);
		set = parse_and_index(text, &parse_s, &index_s, &root);
		json_decref(root);
		best_parse = parse_s < best_parse ? parse_s : best_parse;
		best_index = index_s < best_index ? index_s : best_index;
		best_total = parse_s + index_s < best_total ? parse_s + index_s : best_total;
	}
	const json_t *store = bench_store(NULL, set->catalog_set_id);
	const char *name = json_string_value(json_object_get(store, "name"));
	printf("catalog: %s, %.0f KiB, %zu items, %zu sections, %zu modifier groups\n",
	       name ? name : path, (double)size / 1024, strmap_count(set->items),
	       strmap_count(set->sections), strmap_count(set->modifier_groups));
	printf("catalog parse (json_loads): %.2f ms (best of %d)\n", best_parse * 1e3, LOAD_RUNS);
	printf("catalog index (catalog_set_from_json): %.2f ms (best of %d)\n", best_index * 1e3,
	       LOAD_RUNS);
	printf("catalog parse + index: %.2f ms (best of %d)\n", best_total * 1e3, LOAD_RUNS);
	print_heap(text);
	bench_lookups(set);
	catalog_set_free(set);
	free(text);
	free(path);
}

/* ------------------------------------------------------------------ pricing and rules */

typedef struct line_ctx {
	const catalog_set *set;
	const line_item *line;
} line_ctx;

enum { BATCH = 100 };

static size_t unit_prices(void *p)
{
	line_ctx *c = p;
	money unit;
	for (int i = 0; i < BATCH; i++)
		if (!pricing_unit_price(c->set, c->line, &unit, NULL))
			return 0;
	return BATCH;
}

static size_t rule_checks(void *p)
{
	line_ctx *c = p;
	modifier_problems problems = {0};
	for (int i = 0; i < BATCH; i++) {
		bool ok = modifier_check_line(c->set, c->line, &problems);
		modifier_problems_clear(&problems);
		if (!ok)
			return 0;
	}
	return BATCH;
}

static void bench_line(const char *label, const catalog_set *set, const line_item *line)
{
	line_ctx c = {set, line};
	money unit;
	pricing_error err;
	if (!pricing_unit_price(set, line, &unit, &err))
		bench_fail("%s: %s", label, err.message);
	char price[MONEY_TEXT_MAX], buf[32];
	double rate = bench_best_rate(unit_prices, &c, BENCH_RUNS, BENCH_MIN_SECONDS);
	if (rate < 0)
		bench_fail("%s: pricing_unit_price failed", label);
	printf("pricing_unit_price, %s (%s): %s prices/s (best of %d runs of >= %.1f s)\n", label,
	       money_format(unit, price), bench_si(rate, buf, sizeof buf), BENCH_RUNS,
	       BENCH_MIN_SECONDS);
	rate = bench_best_rate(rule_checks, &c, BENCH_RUNS, BENCH_MIN_SECONDS);
	if (rate < 0)
		bench_fail("%s: modifier_check_line found a problem", label);
	printf("modifier_check_line, %s: %s checks/s (best of %d runs of >= %.1f s)\n", label,
	       bench_si(rate, buf, sizeof buf), BENCH_RUNS, BENCH_MIN_SECONDS);
}

static void bench_pricing(void)
{
	catalog_set *pizza_set = bench_store_catalog(BENCH_PIZZA_STORE);
	catalog_set *combo_set = bench_store_catalog(BENCH_COMBO_STORE);
	line_item pizza, combo;
	bench_pizza_line(pizza_set, &pizza);
	bench_combo_line(combo_set, &combo);
	bench_line("pizza: Large, Thin, 5 toppings", pizza_set, &pizza);
	bench_line("Smash Combo: 3 levels, 6 choices", combo_set, &combo);
	line_item_clear(&pizza);
	line_item_clear(&combo);
	catalog_set_free(pizza_set);
	catalog_set_free(combo_set);
}

/* ------------------------------------------------------------------ money */

enum { MONEY_BATCH = 1000 };

/* Amounts from -$10,000.00 to $10,000.00 in an order that defeats branch prediction. */
static size_t money_round_trips(void *p)
{
	unsigned *seed = p;
	for (int i = 0; i < MONEY_BATCH; i++) {
		*seed = *seed * 1103515245u + 12345u;
		money cents = (money)(*seed % 2000001u) - 1000000;
		json_t *j = money_to_json(cents);
		money back;
		bool ok = money_from_json(j, &back) == MONEY_OK && back == cents;
		json_decref(j);
		if (!ok)
			return 0;
	}
	return MONEY_BATCH;
}

static void bench_money(void)
{
	unsigned seed = 1;
	double rate = bench_best_rate(money_round_trips, &seed, BENCH_RUNS, BENCH_MIN_SECONDS);
	if (rate < 0)
		bench_fail("money_from_json(money_to_json(x)) != x");
	char buf[32];
	printf("money_to_json + money_from_json: %s round trips/s (best of %d runs of >= %.1f s)\n",
	       bench_si(rate, buf, sizeof buf), BENCH_RUNS, BENCH_MIN_SECONDS);
}

int main(void)
{
	bench_catalog();
	bench_pricing();
	bench_money();
	return 0;
}

/*
 * Shared by the `make bench` programs (docs/benchmarks.md): a monotonic clock,
 * best-of-N throughput loops, percentiles, and the demo data they measure
 * (the biggest catalog, the §4.1 pizza and the Smash Combo in full configuration).
 */
#ifndef GETT_BENCH_COMMON_H
#define GETT_BENCH_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "wire/cart.h"
#include "wire/catalog.h"

#ifndef DEMO_DATADIR
#error "DEMO_DATADIR must name the demo data directory (set in Makefile.am)"
#endif

/* Runs and minimum length of one throughput run (best of BENCH_RUNS is reported). */
#define BENCH_RUNS	  5
#define BENCH_MIN_SECONDS 0.2

/* Seconds on CLOCK_MONOTONIC. */
double bench_now(void);

/* Does some work and returns how many operations it did; 0 means it failed. */
typedef size_t (*bench_op)(void *ctx);
/*
 * Calls op repeatedly until min_seconds have passed, `runs` times; returns the best
 * run's operations per second, or -1 when op failed.
 */
double bench_best_rate(bench_op op, void *ctx, int runs, double min_seconds);

/* Nearest-rank percentile (p in 0..100) of n values; sorts v in place. */
double bench_percentile(double *v, size_t n, double p);

/* "12.3 M", "456.7 k", "89.0": a rate with an SI prefix, in buf. */
const char *bench_si(double value, char *buf, size_t n);

/* Fails the benchmark: prints "bench: <message>" on stderr and exits 1. */
void bench_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* ------------------------------------------------------------------ demo data */

/* DEMO_DATADIR/stores.json, parsed once (never freed: the process is short). */
const json_t *bench_stores(void);
/* The store whose `stem` is stem, or whose catalogSetId is id (either may be NULL). */
const json_t *bench_store(const char *stem, const char *catalog_set_id);
/* Path of the biggest file in DEMO_DATADIR/catalogs (heap string) and its size. */
char *bench_biggest_catalog(size_t *size);
/* Reads a whole file (heap string, NUL-terminated); exits on error. */
char *bench_read_file(const char *path, size_t *len);
/* The catalog set of the store with this stem; exits on error. */
catalog_set *bench_store_catalog(const char *stem);
/* The first item of the set called `name`, or NULL. */
const catalog_item *bench_item_named(const catalog_set *set, const char *name);

/* Stems and item names of the priced configurations (data/README.md "Notable stores"). */
#define BENCH_PIZZA_STORE "slice-of-heaven-pizza-co"
#define BENCH_PIZZA_ITEM  "Build Your Own Pizza"
#define BENCH_COMBO_STORE "fremont-burger-lab"
#define BENCH_COMBO_ITEM  "Smash Combo"

/*
 * Full configurations, built through the picker's own rules engine and checked
 * complete; exit on any failure. Pizza: Large, Thin & Crispy, five toppings
 * (Pepperoni x2, Mushrooms, Black Olives, Fresh Basil: tiers apply). Combo: Double
 * Smash with Swiss and an Extra Slice (three levels), Onion Rings, a Salted
 * Caramel Milkshake. Caller clears *out.
 */
void bench_pizza_line(const catalog_set *set, line_item *out);
void bench_combo_line(const catalog_set *set, line_item *out);

#endif

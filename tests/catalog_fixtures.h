/*
 * Shared test fixtures for pricing and modifier rules: small catalog sets
 * written as JSON with single quotes (turned into double quotes before
 * parsing, so the literals stay readable; fixtures therefore avoid apostrophes).
 */
#ifndef GETT_TEST_CATALOG_FIXTURES_H
#define GETT_TEST_CATALOG_FIXTURES_H

#include "wire/cart.h"
#include "wire/catalog.h"

/* Contract §4.1 worked example: Pizza 12.00, Size (Large 3.00, XL 4.50), tiered Toppings. */
extern const char FIXTURE_PIZZA[];
/* A dozen bagels: one group, min 12 max 12, four options, duplicates allowed. */
extern const char FIXTURE_BAGELS[];
/* Sandwich and wrap: duplicates off, radio, max 0, defaults (valid and invalid). */
extern const char FIXTURE_SANDWICH[];
/* Meal -> Main (Burger) -> Side (Salad, tiered) -> Dressing: three levels deep. */
extern const char FIXTURE_MEAL[];
/* Alpha requires Beta requires Alpha (a cycle); Delta/Echo form a cycle with an exit (Cherry). */
extern const char FIXTURE_CYCLE[];

/* Parses a single-quoted JSON fixture into a catalog set; fails the test on error. */
catalog_set *fixture_catalog(const char *single_quoted_json);
/* Parses a single-quoted JSON LineItem; fails the test on error. Caller clears *out. */
void fixture_line(const char *single_quoted_json, line_item *out);
/*
 * A chain c0 -> c1 -> ... -> c<n>: item ck has optional group gk offering c<k+1>
 * (basePrice 1.00 each). Caller frees.
 */
catalog_set *fixture_chain(int n);

#endif

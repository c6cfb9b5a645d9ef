/*
 * ExternalCatalogSet (contract §3.4): catalogs, sections, items and modifier
 * groups, each in an id-indexed map for O(1) lookup. Modifier options are items.
 *
 * Parsing is lenient about references (a dangling id is kept; lookups return
 * NULL) and strict about types (a wrong type is an error with its JSON path).
 * When a map key and the object's own id differ, the map key wins.
 *
 * A set is built once and then only read: every entry, string and list of it lives in the set's
 * arena (mem), each map's keys are its entries' own ids, and catalog_set_free drops them all at
 * once. So nothing in a set is changed or freed on its own (no str_list_push or str_list_clear on
 * its lists); a copy is made with the usual functions (str_list_copy, xstrdup).
 */
#ifndef GETT_CATALOG_H
#define GETT_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "wire/avail.h"
#include "base/collections.h"
#include "base/jsonx.h"
#include "base/money.h"

typedef struct catalog_tier {
	long long offset; /* 0-based selection index where this price starts */
	money price;	  /* per selection */
} catalog_tier;

typedef struct catalog_default {
	char *item_id;
	long long quantity;
} catalog_default;

typedef struct catalog_item {
	char *item_id;
	char *name;
	char *description; /* may be NULL */
	char *image_url;   /* may be NULL */
	money base_price;  /* 0 when absent */
	bool has_base_price;
	money starting_at; /* display only */
	bool has_starting_at;
	money compare_at; /* display only */
	bool has_compare_at;
	str_list modifier_group_ids;
} catalog_item;

typedef struct modifier_group {
	char *modifier_group_id;
	char *name;
	str_list item_ids; /* the options, in display order */
	long long minimum_allowed;
	long long maximum_allowed;
	bool enable_duplicate_items;
	catalog_default *defaults;
	size_t n_defaults;
	catalog_tier *tiers; /* sorted by offset (stable) */
	size_t n_tiers;
} modifier_group;

typedef struct catalog_section {
	char *section_id;
	char *name;
	str_list item_ids;
	str_list section_ids; /* child sections */
} catalog_section;

typedef struct catalog {
	char *catalog_id;
	char *name;
	str_list section_ids;
	avail_list availability;
} catalog;

typedef struct catalog_set {
	char *catalog_set_id;	 /* may be NULL */
	char *store_id;		 /* may be NULL (commerce push format carries it) */
	strmap *catalogs;	 /* id -> catalog */
	strmap *sections;	 /* id -> catalog_section */
	strmap *items;		 /* id -> catalog_item */
	strmap *modifier_groups; /* id -> modifier_group */
	arena *mem;		 /* all of the above lives here */
	unsigned long serial;	 /* catalog_set_serial */
} catalog_set;

/* A set's identity, unique in the process (0 for none). A view that keeps pointers into a set
   tells a new one by it: a set made where a freed one was has the same address. */
unsigned long catalog_set_serial(const catalog_set *set);

/* NULL on error (err filled). A missing top-level map is read as empty. */
catalog_set *catalog_set_from_json(const json_t *root, json_err *err);
/* Reads and parses a CatalogSet file. A JSON syntax error is reported at path "$" as
 * "line L column C: text". *out is NULL on failure. */
bool catalog_set_load_file(const char *path, catalog_set **out, json_err *err);
json_t *catalog_set_to_json(const catalog_set *set);
void catalog_set_free(catalog_set *set);

const catalog *catalog_find_catalog(const catalog_set *set, const char *catalog_id);
const catalog_section *catalog_find_section(const catalog_set *set, const char *section_id);
const catalog_item *catalog_find_item(const catalog_set *set, const char *item_id);
const modifier_group *catalog_find_group(const catalog_set *set, const char *modifier_group_id);

/* True when option_id is one of the group's options. */
bool modifier_group_has_option(const modifier_group *group, const char *option_id);
/* True when group_id is in the item's modifierGroupIds. */
bool catalog_item_has_group(const catalog_item *item, const char *group_id);

#endif

/*
 * ExternalCatalogSet parsing, serialisation and lookups (contract §3.4, §4.2).
 *
 * Leniency choices where the contract is silent: a missing top-level map is an
 * empty map (a real server may omit an empty one), while a present map of the
 * wrong type is an error. Counts that cannot be negative (minimum/maximum,
 * tier offsets, default quantities) are rejected when negative.
 */
#include <stdlib.h>
#include <string.h>

#include "wire/catalog.h"
#include "base/i18n.h"

enum { JPATH = 512 };

/* ---------------------------------------------------------------- plain members */

/* Each entry's first row is its own id: written from the map key we keep. It is read like the
   other rows (a wrong type is an error), then the map key takes its place. */
static const jsonx_member catalog_members[] = {
    JSONX_MEMBER("catalogId", STRING, OPTIONAL, catalog, catalog_id),
    JSONX_MEMBER("name", STRING, OPTIONAL, catalog, name),
    JSONX_MEMBER("sectionIds", STR_LIST, REQUIRED, catalog, section_ids),
};
static const jsonx_member section_members[] = {
    JSONX_MEMBER("sectionId", STRING, OPTIONAL, catalog_section, section_id),
    JSONX_MEMBER("name", STRING, REQUIRED, catalog_section, name),
    JSONX_MEMBER("itemIds", STR_LIST, OPTIONAL, catalog_section, item_ids),
    JSONX_MEMBER("sectionIds", STR_LIST, OPTIONAL, catalog_section, section_ids),
};
static const jsonx_member item_members[] = {
    JSONX_MEMBER("itemId", STRING, OPTIONAL, catalog_item, item_id),
    JSONX_MEMBER("name", STRING, REQUIRED, catalog_item, name),
    JSONX_MEMBER("description", STRING, OPTIONAL, catalog_item, description),
    JSONX_MEMBER("imageUrl", STRING, OPTIONAL, catalog_item, image_url),
    JSONX_MEMBER_HAS("basePrice", MONEY, OPTIONAL, catalog_item, base_price, has_base_price),
    JSONX_MEMBER_HAS("startingAt", MONEY, OPTIONAL, catalog_item, starting_at, has_starting_at),
    JSONX_MEMBER_HAS("compareAt", MONEY, OPTIONAL, catalog_item, compare_at, has_compare_at),
    JSONX_MEMBER("modifierGroupIds", STR_LIST, OPTIONAL, catalog_item, modifier_group_ids),
};
/* Before the counts, which must not be negative (get_count). */
static const jsonx_member group_members[] = {
    JSONX_MEMBER("modifierGroupId", STRING, OPTIONAL, modifier_group, modifier_group_id),
    JSONX_MEMBER("name", STRING, REQUIRED, modifier_group, name),
    JSONX_MEMBER("itemIds", STR_LIST, REQUIRED, modifier_group, item_ids),
};
static const jsonx_member set_members[] = {
    JSONX_MEMBER("catalogSetId", STRING, OPTIONAL, catalog_set, catalog_set_id),
    JSONX_MEMBER("storeId", STRING, OPTIONAL, catalog_set, store_id),
};

/* ---------------------------------------------------------------- freeing */

void catalog_set_free(catalog_set *set)
{
	if (!set)
		return;
	/* Everything else lives in set->mem: the windows are the only thing held apart. */
	for (size_t i = 0; i < strmap_count(set->catalogs); i++) {
		catalog *c = strmap_value_at(set->catalogs, i);
		avail_list_clear(&c->availability);
	}
	strmap_free(set->catalogs, NULL);
	strmap_free(set->sections, NULL);
	strmap_free(set->items, NULL);
	strmap_free(set->modifier_groups, NULL);
	arena_free(set->mem);
	free(set);
}

/* ---------------------------------------------------------------- field helpers */

static bool get_count(const json_t *obj, const char *key, const char *path, bool required,
		      long long *out, json_err *err)
{
	if (!jsonx_get_int(obj, key, path, required, out, err))
		return false;
	if (*out < 0)
		return jsonx_fail_key(err, path, key, _("must not be negative, got %lld"), *out);
	return true;
}

/* ---------------------------------------------------------------- entry parsers */

/* Each parser reads one entry into set->mem, with `id` (the map key, already in set->mem) as its
   own id (set after reading its rows: the map key wins), or returns NULL with err set. */

static void *parse_catalog(catalog_set *set, char *id, const json_t *obj, const char *path,
			   json_err *err)
{
	catalog *c = arena_alloc(set->mem, sizeof *c);
	char avail_path[JPATH];
	jsonx_path_key(avail_path, sizeof avail_path, path, "availability");
	if (!jsonx_read_members_in(set->mem, obj, path, JSONX_ROWS(catalog_members), c, err) ||
	    !avail_list_from_json(json_object_get(obj, "availability"), avail_path,
				  &c->availability, err))
		return NULL; /* avail_list_from_json kept nothing */
	c->catalog_id = id;
	return c;
}

static void *parse_section(catalog_set *set, char *id, const json_t *obj, const char *path,
			   json_err *err)
{
	catalog_section *s = arena_alloc(set->mem, sizeof *s);
	if (!jsonx_read_members_in(set->mem, obj, path, JSONX_ROWS(section_members), s, err))
		return NULL;
	s->section_id = id;
	return s;
}

static void *parse_item(catalog_set *set, char *id, const json_t *obj, const char *path,
			json_err *err)
{
	catalog_item *it = arena_alloc(set->mem, sizeof *it);
	if (!jsonx_read_members_in(set->mem, obj, path, JSONX_ROWS(item_members), it, err))
		return NULL;
	it->item_id = id;
	return it;
}

static bool parse_defaults(catalog_set *set, modifier_group *g, const json_t *obj, const char *path,
			   json_err *err)
{
	json_t *arr = NULL;
	if (!jsonx_get_array(obj, "defaultItems", path, false, &arr, err))
		return false;
	if (!arr)
		return true;
	char arr_path[JPATH];
	jsonx_path_key(arr_path, sizeof arr_path, path, "defaultItems");
	size_t n = json_array_size(arr);
	g->defaults = arena_alloc_array(set->mem, n ? n : 1, sizeof *g->defaults);
	for (size_t i = 0; i < n; i++) {
		const json_t *entry = json_array_get(arr, i);
		char entry_path[JPATH];
		jsonx_path_index(entry_path, sizeof entry_path, arr_path, i);
		catalog_default *d = &g->defaults[g->n_defaults];
		d->quantity = 1; /* absent quantity means pre-selected once */
		if (!jsonx_expect_object(entry, entry_path, err) ||
		    !jsonx_get_string_in(set->mem, entry, "itemId", entry_path, true, &d->item_id,
					 err) ||
		    !get_count(entry, "quantity", entry_path, false, &d->quantity, err))
			return false;
		g->n_defaults++;
	}
	return true;
}

/* Insertion sort: stable, and tier lists are tiny. */
static void sort_tiers(catalog_tier *tiers, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		catalog_tier t = tiers[i];
		size_t j = i;
		while (j > 0 && tiers[j - 1].offset > t.offset) {
			tiers[j] = tiers[j - 1];
			j--;
		}
		tiers[j] = t;
	}
}

static bool parse_tiers(catalog_set *set, modifier_group *g, const json_t *obj, const char *path,
			json_err *err)
{
	json_t *arr = NULL;
	if (!jsonx_get_array(obj, "tiers", path, false, &arr, err))
		return false;
	if (!arr)
		return true;
	char arr_path[JPATH];
	jsonx_path_key(arr_path, sizeof arr_path, path, "tiers");
	size_t n = json_array_size(arr);
	g->tiers = arena_alloc_array(set->mem, n ? n : 1, sizeof *g->tiers);
	for (size_t i = 0; i < n; i++) {
		const json_t *entry = json_array_get(arr, i);
		char entry_path[JPATH];
		jsonx_path_index(entry_path, sizeof entry_path, arr_path, i);
		catalog_tier *t = &g->tiers[i];
		if (!jsonx_expect_object(entry, entry_path, err) ||
		    !get_count(entry, "offset", entry_path, true, &t->offset, err) ||
		    !jsonx_get_money(entry, "price", entry_path, true, &t->price, NULL, err))
			return false;
	}
	g->n_tiers = n;
	sort_tiers(g->tiers, g->n_tiers);
	return true;
}

static void *parse_group(catalog_set *set, char *id, const json_t *obj, const char *path,
			 json_err *err)
{
	modifier_group *g = arena_alloc(set->mem, sizeof *g);
	if (!jsonx_read_members_in(set->mem, obj, path, JSONX_ROWS(group_members), g, err) ||
	    !get_count(obj, "minimumAllowed", path, true, &g->minimum_allowed, err) ||
	    !get_count(obj, "maximumAllowed", path, true, &g->maximum_allowed, err) ||
	    !jsonx_get_bool(obj, "enableDuplicateItems", path, false, &g->enable_duplicate_items,
			    err) ||
	    !parse_defaults(set, g, obj, path, err) || !parse_tiers(set, g, obj, path, err))
		return NULL;
	g->modifier_group_id = id;
	return g;
}

typedef void *(*entry_parser)(catalog_set *set, char *id, const json_t *obj, const char *path,
			      json_err *err);

/* Missing map -> empty; wrong type -> error. Entries keep wire order. */
static bool parse_map(catalog_set *set, const json_t *root, const char *key, entry_parser parse,
		      strmap *map, json_err *err)
{
	json_t *obj = NULL;
	if (!jsonx_get_object(root, key, "$", false, &obj, err))
		return false;
	if (!obj)
		return true;
	char map_path[JPATH];
	jsonx_path_key(map_path, sizeof map_path, "$", key);
	const char *id;
	json_t *value;
	json_object_foreach (obj, id, value) {
		char path[JPATH];
		jsonx_path_key(path, sizeof path, map_path, id);
		if (!jsonx_expect_object(value, path, err))
			return false;
		char *own_id = arena_strdup(set->mem, id); /* the entry's id and the map's key */
		void *entry = parse(set, own_id, value, path, err);
		if (!entry)
			return false;
		strmap_put(map, own_id,
			   entry); /* a JSON object's keys are unique: nothing replaced */
	}
	return true;
}

catalog_set *catalog_set_from_json(const json_t *root, json_err *err)
{
	if (!jsonx_expect_object(root, "$", err))
		return NULL;
	static unsigned long last_serial;
	catalog_set *set = xcalloc(1, sizeof *set);
	set->serial = ++last_serial;
	set->mem = arena_new(0);
	set->catalogs = strmap_new_borrowing();
	set->sections = strmap_new_borrowing();
	set->items = strmap_new_borrowing();
	set->modifier_groups = strmap_new_borrowing();
	if (!jsonx_read_members_in(set->mem, root, "$", JSONX_ROWS(set_members), set, err) ||
	    !parse_map(set, root, "catalogs", parse_catalog, set->catalogs, err) ||
	    !parse_map(set, root, "sections", parse_section, set->sections, err) ||
	    !parse_map(set, root, "items", parse_item, set->items, err) ||
	    !parse_map(set, root, "modifierGroups", parse_group, set->modifier_groups, err)) {
		catalog_set_free(set);
		return NULL;
	}
	return set;
}

bool catalog_set_load_file(const char *path, catalog_set **out, json_err *err)
{
	*out = NULL;
	json_error_t jerr;
	jsonx_doc *doc = jsonx_doc_load_file(path, JSON_DECODE_ANY, &jerr);
	if (!doc) {
		/* Open/read failures have no position (line < 1); don't print one. */
		if (jerr.line >= 1)
			json_err_set(err, "$", _("line %d column %d: %s"), jerr.line, jerr.column,
				     jerr.text);
		else
			json_err_set(err, "$", "%s", jerr.text);
		return false;
	}
	*out = catalog_set_from_json(jsonx_doc_root(doc), err);
	jsonx_doc_close(doc);
	return *out != NULL;
}

/* ---------------------------------------------------------------- serialisation */

static json_t *catalog_to_json(const catalog *c)
{
	json_t *o = json_object();
	jsonx_write_members(o, JSONX_ROWS(catalog_members), c);
	if (c->availability.published)
		json_object_set_new(o, "availability", avail_list_to_json(&c->availability));
	return o;
}

static json_t *section_to_json(const catalog_section *s)
{
	json_t *o = json_object();
	jsonx_write_members(o, JSONX_ROWS(section_members), s);
	return o;
}

static json_t *item_to_json(const catalog_item *it)
{
	json_t *o = json_object();
	jsonx_write_members(o, JSONX_ROWS(item_members), it);
	return o;
}

static json_t *group_to_json(const modifier_group *g)
{
	json_t *o = json_object();
	jsonx_write_members(o, JSONX_ROWS(group_members), g);
	json_object_set_new(o, "minimumAllowed", json_integer(g->minimum_allowed));
	json_object_set_new(o, "maximumAllowed", json_integer(g->maximum_allowed));
	json_object_set_new(o, "enableDuplicateItems", json_boolean(g->enable_duplicate_items));
	if (g->n_defaults) {
		json_t *arr = json_array();
		for (size_t i = 0; i < g->n_defaults; i++)
			json_array_append_new(arr, json_pack("{s:s, s:I}", "itemId",
							     g->defaults[i].item_id, "quantity",
							     (json_int_t)g->defaults[i].quantity));
		json_object_set_new(o, "defaultItems", arr);
	}
	if (g->n_tiers) {
		json_t *arr = json_array();
		for (size_t i = 0; i < g->n_tiers; i++)
			json_array_append_new(
			    arr, json_pack("{s:I, s:o}", "offset", (json_int_t)g->tiers[i].offset,
					   "price", money_to_json(g->tiers[i].price)));
		json_object_set_new(o, "tiers", arr);
	}
	return o;
}

static json_t *map_to_json(const strmap *map, json_t *(*to_json)(const void *))
{
	json_t *o = json_object();
	for (size_t i = 0; i < strmap_count(map); i++)
		json_object_set_new(o, strmap_key_at(map, i), to_json(strmap_value_at(map, i)));
	return o;
}

/* Adapters so map_to_json can take one function-pointer type. */
static json_t *catalog_value_to_json(const void *v)
{
	return catalog_to_json(v);
}

static json_t *section_value_to_json(const void *v)
{
	return section_to_json(v);
}

static json_t *item_value_to_json(const void *v)
{
	return item_to_json(v);
}

static json_t *group_value_to_json(const void *v)
{
	return group_to_json(v);
}

json_t *catalog_set_to_json(const catalog_set *set)
{
	json_t *o = json_object();
	jsonx_write_members(o, JSONX_ROWS(set_members), set);
	json_object_set_new(o, "catalogs", map_to_json(set->catalogs, catalog_value_to_json));
	json_object_set_new(o, "sections", map_to_json(set->sections, section_value_to_json));
	json_object_set_new(o, "items", map_to_json(set->items, item_value_to_json));
	json_object_set_new(o, "modifierGroups",
			    map_to_json(set->modifier_groups, group_value_to_json));
	return o;
}

/* ---------------------------------------------------------------- lookups */

const catalog *catalog_find_catalog(const catalog_set *set, const char *catalog_id)
{
	return set && catalog_id ? strmap_get(set->catalogs, catalog_id) : NULL;
}

const catalog_section *catalog_find_section(const catalog_set *set, const char *section_id)
{
	return set && section_id ? strmap_get(set->sections, section_id) : NULL;
}

const catalog_item *catalog_find_item(const catalog_set *set, const char *item_id)
{
	return set && item_id ? strmap_get(set->items, item_id) : NULL;
}

const modifier_group *catalog_find_group(const catalog_set *set, const char *modifier_group_id)
{
	return set && modifier_group_id ? strmap_get(set->modifier_groups, modifier_group_id)
					: NULL;
}

bool modifier_group_has_option(const modifier_group *group, const char *option_id)
{
	return group && option_id && str_list_contains(&group->item_ids, option_id);
}

bool catalog_item_has_group(const catalog_item *item, const char *group_id)
{
	return item && group_id && str_list_contains(&item->modifier_group_ids, group_id);
}

unsigned long catalog_set_serial(const catalog_set *set)
{
	return set ? set->serial : 0;
}

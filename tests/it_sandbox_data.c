/*
 * Data integrity of gett-sandbox's demo data (data/) and of the integration-test fixture
 * (tests/data/sandbox): everything loads through the sandbox's own loader, every store's
 * catalog set resolves, every reference inside catalogs and users is well-formed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "fs_fixtures.h"
#include "handlers.h"
#include "base/tz.h"
#include "world.h"

static const char *const data_dirs[] = {DEMO_DATADIR, TEST_DATADIR "/sandbox"};

static void load(sbx_world *w, const char *dir)
{
	sbx_config cfg = {.data_dir = strdup(dir), .api_key = strdup("k")};
	char err[1024] = "";
	bool ok = world_load(w, &cfg, err, sizeof err);
	if (!ok)
		fprintf(stderr, "%s: %s\n", dir, err);
	assert_true(ok);
}

/* Loads every data directory in turn and runs `check` on its world. */
static void on_every_world(void (*check)(const sbx_world *w))
{
	for (size_t d = 0; d < sizeof data_dirs / sizeof *data_dirs; d++) {
		sbx_world w;
		load(&w, data_dirs[d]);
		check(&w);
		world_free(&w);
	}
}

static void check_not_empty(const sbx_world *w)
{
	assert_true(strmap_count(w->stores) > 0);
	assert_true(strmap_count(w->users) > 0);
}

static void test_data_loads(void **state)
{
	on_every_world(check_not_empty);
}

static void check_store(const sbx_world *w, const sbx_store *s)
{
	assert_true(wire_is_uuid(s->store_id));
	assert_non_null(s->catalog_set_id);
	const sbx_catalog_entry *e = world_find_catalog(w, s->catalog_set_id);
	assert_non_null(e);
	if (e->set->store_id)
		assert_string_equal(e->set->store_id, s->store_id);
	assert_true(s->delivery_allowed || s->pickup_allowed);
	assert_true(s->has_location);
	assert_true(tz_zone_exists(s->time_zone));
	if (s->delivery_allowed)
		assert_true(s->extra.delivery_radius_miles > 0);
	json_t *served = store_to_json(s->wire); /* what the sandbox serves of the store */
	assert_null(json_object_get(served, "_sandbox"));
	json_decref(served);
	bool has_dish = false; /* something on its menu can be ordered */
	for (size_t i = 0; i < strmap_count(e->set->items) && !has_dish; i++) {
		const catalog_item *it = strmap_value_at(e->set->items, i);
		has_dish = sbx_item_on_menu(e->set, it->item_id, NULL, 0);
	}
	assert_true(has_dish);
}

static void check_stores(const sbx_world *w)
{
	for (size_t i = 0; i < strmap_count(w->stores); i++)
		check_store(w, strmap_value_at(w->stores, i));
}

static void test_every_store_has_its_catalog(void **state)
{
	on_every_world(check_stores);
}

static void assert_all_in(const str_list *ids, const strmap *map, const char *what)
{
	for (size_t i = 0; i < ids->n; i++) {
		if (!strmap_get(map, ids->v[i])) {
			fprintf(stderr, "dangling %s reference %s\n", what, ids->v[i]);
			fail();
		}
	}
}

/* Every map key equals the object's own id field (§3.4). */
static void assert_keys_match(const json_t *wire, const char *map, const char *id_key)
{
	const char *key;
	json_t *obj;
	json_object_foreach (json_object_get(wire, map), key, obj) {
		const char *own = json_string_value(json_object_get(obj, id_key));
		if (own)
			assert_string_equal(own, key);
	}
}

/* §3.4, §4.2, §4.3: options exist, min <= max, defaults are options and fit in the maximum,
   tiers start at 0 or later with non-negative prices. */
static void check_group(const modifier_group *g, const catalog_set *set)
{
	assert_all_in(&g->item_ids, set->items, "option");
	assert_true(g->minimum_allowed >= 0 && g->minimum_allowed <= g->maximum_allowed);
	long long defaults = 0;
	for (size_t k = 0; k < g->n_defaults; k++) {
		assert_true(modifier_group_has_option(g, g->defaults[k].item_id));
		assert_true(g->defaults[k].quantity >= 1);
		defaults += g->defaults[k].quantity;
	}
	assert_true(defaults <= g->maximum_allowed);
	for (size_t k = 0; k < g->n_tiers; k++)
		assert_true(g->tiers[k].offset >= 0 && g->tiers[k].price >= 0);
}

static void check_catalog(const sbx_catalog_entry *e)
{
	const catalog_set *set = e->set;
	assert_true(strmap_count(set->catalogs) > 0);
	for (size_t i = 0; i < strmap_count(set->catalogs); i++) {
		const catalog *c = strmap_value_at(set->catalogs, i);
		assert_all_in(&c->section_ids, set->sections, "section");
	}
	for (size_t i = 0; i < strmap_count(set->sections); i++) {
		const catalog_section *s = strmap_value_at(set->sections, i);
		assert_all_in(&s->item_ids, set->items, "item");
		assert_all_in(&s->section_ids, set->sections, "section");
	}
	for (size_t i = 0; i < strmap_count(set->items); i++) {
		const catalog_item *it = strmap_value_at(set->items, i);
		assert_all_in(&it->modifier_group_ids, set->modifier_groups, "modifier group");
	}
	for (size_t i = 0; i < strmap_count(set->modifier_groups); i++)
		check_group(strmap_value_at(set->modifier_groups, i), set);
	for (size_t i = 0; i < strmap_count(set->items); i++) {
		const catalog_item *it = strmap_value_at(set->items, i);
		assert_true(it->base_price >= 0); /* prices never go negative */
	}
	assert_keys_match(e->wire, "catalogs", "catalogId");
	assert_keys_match(e->wire, "sections", "sectionId");
	assert_keys_match(e->wire, "items", "itemId");
	assert_keys_match(e->wire, "modifierGroups", "modifierGroupId");
}

static void check_catalogs(const sbx_world *w)
{
	for (size_t i = 0; i < strmap_count(w->catalog_sets); i++)
		check_catalog(strmap_value_at(w->catalog_sets, i));
}

static void test_catalog_references_resolve(void **state)
{
	on_every_world(check_catalogs);
}

static void check_user(const sbx_world *w, const sbx_user *u)
{
	assert_true(wire_is_email(u->email));
	assert_true(world_find_user_by_email(w, u->email) == u); /* unique */
	assert_non_null(u->first_name);
	assert_non_null(u->last_name);
	if (u->phone)
		assert_true(wire_is_e164(u->phone));
	for (size_t i = 0; i < u->n_addresses; i++) {
		const sbx_address *a = u->addresses[i];
		assert_true(wire_is_uuid(a->address_id));
		assert_non_null(a->address.location); /* usable for delivery */
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(u->addresses[k]->address_id, a->address_id);
	}
	for (size_t i = 0; i < u->n_payments; i++) {
		const sbx_payment *p = u->payments[i];
		assert_true(wire_is_uuid(p->payment_id));
		assert_int_equal(strlen(p->last_four), 4);
		assert_true(p->card_type && p->card_type[0]);
	}
	if (u->last_payment_id)
		assert_non_null(sbx_user_find_payment(u, u->last_payment_id));
	if (u->last_user_address_id)
		assert_non_null(sbx_user_find_address(u, u->last_user_address_id));
}

static void check_users(const sbx_world *w)
{
	for (size_t i = 0; i < strmap_count(w->users); i++)
		check_user(w, strmap_value_at(w->users, i));
}

static void test_user_references_are_well_formed(void **state)
{
	on_every_world(check_users);
}

/* The loader itself must reject broken data, naming the file. */
static void test_loader_reports_missing_catalog(void **state)
{
	char *dir = fx_temp_dir();
	free(fx_write(
	    dir, "stores.json",
	    "{\"stores\":[{\"storeId\":\"11111111-1111-4111-8111-111111111111\",\"name\":\"X\","
	    "\"stem\":\"x\",\"categories\":[],\"deliveryAllowed\":true,"
	    "\"pickupAllowed\":true,\"options\":{},"
	    "\"catalogSetId\":\"22222222-2222-4222-8222-222222222222\"}]}",
	    0600));
	sbx_config cfg = {.data_dir = strdup(dir), .api_key = strdup("k")};
	sbx_world w;
	char err[1024] = "";
	assert_false(world_load(&w, &cfg, err, sizeof err));
	assert_non_null(strstr(err, "catalogs/22222222-2222-4222-8222-222222222222.json"));
	fx_remove_tree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_data_loads),
	    cmocka_unit_test(test_every_store_has_its_catalog),
	    cmocka_unit_test(test_catalog_references_resolve),
	    cmocka_unit_test(test_user_references_are_well_formed),
	    cmocka_unit_test(test_loader_reports_missing_catalog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

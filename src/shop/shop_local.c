/*
 * A local shop (shop.h "a local shop"): offline browsing of one catalog file through the
 * same interface as the online shop, so the views have one path for both. It is the online
 * shop's state with no API client and no files: the catalog set is registered as the open
 * menu's, with no store, and the cart is an empty one that nothing fills.
 */
#include "shop/shop.h"

#include <stdlib.h>

#include "base/xalloc.h"
#include "shop/shop_int.h"

/* The id the local set is registered under (shop_set_add); no wire id is ever this. */
#define LOCAL_SET_ID "local:"

shop *shop_new_local(const shop_local_settings *set)
{
	shop *s = xcalloc(1, sizeof *s);
	s->loop = set->loop;
	s->user = xstrdup("anonymous");
	s->now = set->now;
	s->user_data = set->user_data;
	s->local.on = true;
	s->local.file = xstrdup(set->file);
	s->local.lint_errors = set->lint_errors;
	s->local.time_zone = xstrdup(set->time_zone);
	shop_discovery_init(s);
	shop_menu_init(s, &s->cart_menu, NULL);
	s->cart = cart_new(NULL, NULL);
	s->co.mode = SHOP_MODE_DELIVERY;
	if (set->set) {
		s->open.set = shop_set_add(s, LOCAL_SET_ID, set->set);
		s->open.set_id = xstrdup(LOCAL_SET_ID);
	}
	return s;
}

void shop_local_free(shop *s)
{
	free(s->local.file);
	free(s->local.time_zone);
}

bool shop_can_check_out(const shop *s)
{
	return !s->local.on;
}

const char *shop_catalog_file(const shop *s)
{
	return s->local.file;
}

size_t shop_catalog_lint_errors(const shop *s)
{
	return s->local.lint_errors;
}

const char *shop_current_time_zone(const shop *s)
{
	if (s->local.on)
		return s->local.time_zone;
	return s->open.st ? s->open.st->time_zone : NULL;
}

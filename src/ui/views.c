/*
 * How a run starts its views, and the hooks through which app events reach particular
 * views online (views.h): the app itself knows none of them.
 */
#include "ui/views.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/xalloc.h"
#include "ui/online.h"

/* What the online hooks remember between shop changes. */
typedef struct views_online {
	char *order_shown;	  /* gettOrderId of the placed order last shown */
	char unsettled_asked[40]; /* the unsettled order last asked about (shop_unsettled.id) */
	long long restored_items; /* items of the cart restored at start; 0 once said by name */
	char restored_said[256];  /* the notice as last put on the status line */
} views_online;

/* "Your cart from Slice of Heaven Pizza Co., 2 items, was restored." (without the store until
   its name is known); said again by name only while the status line still shows it. */
static void say_restored(app *a, views_online *on)
{
	const char *from = shop_cart_store_name(a->shop);
	long long items = on->restored_items;
	if (on->restored_said[0] && strcmp(a->status, on->restored_said) != 0) {
		on->restored_items = 0; /* something else was said since */
		return;
	}
	if (from)
		snprintf(on->restored_said, sizeof on->restored_said,
			 ngettext("Your cart from %s, %lld item, was restored.",
				  "Your cart from %s, %lld items, was restored.", items),
			 from, items);
	else
		snprintf(on->restored_said, sizeof on->restored_said,
			 ngettext("Your cart, %lld item, was restored.",
				  "Your cart, %lld items, was restored.", items),
			 items);
	app_status(a, "%s", on->restored_said);
	if (from)
		on->restored_items = 0;
}

static void show_order(app *a, void *user)
{
	(void)user;
	views_show_order(a);
	shop_order_shown(a->shop); /* on screen: a later crash is no longer news */
}

/* A newly placed order (also one replayed from the journal) gets its confirmation view. */
static void watch_placed(app *a, views_online *on)
{
	const external_order *o = shop_placed_order(a->shop);
	if (shop_place_state_now(a->shop) != SHOP_PLACE_DONE || !o || !o->gett_order_id)
		return;
	if (on->order_shown && strcmp(on->order_shown, o->gett_order_id) == 0)
		return;
	if (!app_later(a, show_order, NULL))
		return; /* the next change tries again: a confirmation is never dropped */
	free(on->order_shown);
	on->order_shown = xstrdup(o->gett_order_id);
}

/* An earlier order left unsettled is asked about once when it turns up (P asks again). */
static void watch_unsettled(app *a, views_online *on)
{
	shop_unsettled u;
	if (a->question.shown || !shop_unsettled_get(a->shop, &u) ||
	    strcmp(u.id, on->unsettled_asked) == 0)
		return;
	snprintf(on->unsettled_asked, sizeof on->unsettled_asked, "%s", u.id);
	ui_ask_unsettled(a);
}

static void online_shop_changed(app *a, unsigned changes)
{
	views_online *on = a->hooks.user;
	if (on->restored_items && shop_cart_store_name(a->shop))
		say_restored(a, on);
	if (changes & SHOP_CHANGED_ORDER) {
		watch_placed(a, a->hooks.user);
		watch_unsettled(a, a->hooks.user);
	}
}

static void online_cart(app *a)
{
	views_show_cart(a, -1);
}

static void online_destroy(void *user)
{
	views_online *on = user;
	free(on->order_shown);
	free(on);
}

void views_start_online(app *a)
{
	app_hooks hooks = {
	    .cart = online_cart,
	    .orders = views_show_orders,
	    .account = views_show_account,
	    .shop_changed = online_shop_changed,
	    .destroy = online_destroy,
	    .user = xcalloc(1, sizeof(views_online)),
	};
	app_set_hooks(a, &hooks);
	app_push(a, view_discover_new(a));
	/* A saved cart was restored: said once, at start (with its store's name once known). */
	views_online *on = a->hooks.user;
	on->restored_items = shop_cart_items(a->shop);
	if (on->restored_items)
		say_restored(a, on);
}

void views_start_offline(app *a)
{
	app_push(a, view_menu_new(a, NULL));
}

/*
 * The account (GET /session/me): who the session is, what it still needs to order (address,
 * phone, card) with the key that fixes each, the phone (p), the delivery addresses with a form
 * to add one (a; the server's geocoded result is shown), and the saved cards, one of which is
 * chosen as the default (Enter or d). Cards are never entered here: they are added in the
 * partner's app. An anonymous session is told what identifying needs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "ui/online.h"
#include "ui/views.h"

enum { FIELD_ADDRESS1, FIELD_ADDRESS2, FIELD_CITY, FIELD_STATE, FIELD_POSTAL, FIELD_COUNT };

typedef struct account_view {
	ui_doc_view page;
	/* What is being typed: nothing, the phone, or the address form (field). */
	enum { TYPING_NONE, TYPING_PHONE, TYPING_ADDRESS } typing;
	int field;
	ui_input phone;
	ui_input fields[FIELD_COUNT];
	/* A write this view started: its outcome is said once. */
	enum { WROTE_NONE, WROTE_PHONE, WROTE_ADDRESS } wrote;
} account_view;

enum {
	ACCOUNT_CHOOSE = VIEW_ACTION_FIRST,
	ACCOUNT_PHONE,
	ACCOUNT_ADDRESS,
	ACCOUNT_DEFAULT,
	ACCOUNT_REFRESH,
};
enum { ROW_PHONE = 1, ROW_ADDRESS, ROW_ADD, ROW_CARD };

static const ui_keybind account_keys[] = {
    {UI_KEY_ENTER, 0, "Enter", N_("act on the row"), ACCOUNT_CHOOSE, 0},
    {'p', 0, "p", N_("set the phone"), ACCOUNT_PHONE, 0},
    {'a', 0, "a", N_("add a delivery address"), ACCOUNT_ADDRESS, 0},
    {'d', 0, "d", N_("make the card the default"), ACCOUNT_DEFAULT, 0},
    {'r', 0, "r", N_("read the account again"), ACCOUNT_REFRESH, 0},
    {UI_KEY_ESC, UI_KEY_BS, "Esc/BS", N_("back"), APP_ACTION_BACK, 0},
    VIEW_KEY_CART(0),
    VIEW_KEY_ORDERS(0),
};

static const char *const field_names[FIELD_COUNT] = {
    N_("Street"), N_("Apt, suite (optional)"), N_("City"), N_("State"), N_("Postal code"),
};

static const view_ops account_ops;

static void add_field(ui_doc *d, int action, const char *label, const char *value, attr_t attr)
{
	ui_row *r = ui_doc_add(d, 0, 0, action, 0, "%s", label);
	ui_row_set_right(r, attr, value && value[0] ? value : "—");
}

static void add_missing(account_view *av, unsigned missing)
{
	app *a = av->page.base.app;
	ui_doc *d = &av->page.doc;
	ui_doc_add(d, 0, app_attr(a, UI_HEADER), 0, 0, "%s", _("Still needed to order"));
	if (!missing) {
		ui_doc_add(d, 1, app_attr(a, UI_GOOD), 0, 0, "%s",
			   _("Nothing: this account can order."));
		return;
	}
	if (missing & SHOP_MISSING_ADDRESS)
		ui_row_set_right(
		    ui_doc_add(d, 1, app_attr(a, UI_ERROR), 0, 0, "%s", _("A delivery address")), 0,
		    _("a: add one"));
	if (missing & SHOP_MISSING_PHONE)
		ui_row_set_right(
		    ui_doc_add(d, 1, app_attr(a, UI_ERROR), 0, 0, "%s", _("A phone number")), 0,
		    _("p: set it"));
	if (missing & SHOP_MISSING_PAYMENT)
		ui_row_set_right(ui_doc_add(d, 1, app_attr(a, UI_ERROR), 0, 0, "%s",
					    shop_payment_count(a->shop)
						? _("A card saved with the account")
						: _("A card")),
				 0, _("add it in the partner's app, then r"));
}

static void add_form(account_view *av)
{
	app *a = av->page.base.app;
	ui_doc *d = &av->page.doc;
	for (int f = 0; f < FIELD_COUNT; f++) {
		bool here = av->typing == TYPING_ADDRESS && av->field == f;
		ui_row *r = ui_doc_add(d, 2, here ? A_BOLD : 0, 0, 0, "%s", _(field_names[f]));
		char value[UI_INPUT_MAX + 2];
		snprintf(value, sizeof value, "%s%s", av->fields[f].text, here ? "_" : "");
		ui_row_set_right(r, here ? A_BOLD : app_attr(a, UI_DIM), value[0] ? value : " ");
	}
	ui_doc_add(d, 2, app_attr(a, UI_DIM), 0, 0, "%s",
		   _("Tab/Enter: next field · Enter on the last: save · Esc: cancel"));
}

static void build(account_view *av)
{
	app *a = av->page.base.app;
	shop *s = a->shop;
	ui_doc *d = &av->page.doc;
	int width = av->page.cols - 4;
	const ui_row *cur = ui_doc_current(d);
	int at_action = cur ? cur->action : 0;
	long at_arg = cur ? cur->arg : 0;
	ui_doc_clear(d);
	switch (shop_account_state_now(s)) {
	case SHOP_ACCOUNT_UNKNOWN:
	case SHOP_ACCOUNT_LOADING:
		ui_doc_add(d, 0, app_attr(a, UI_DIM), 0, 0, "%s", _("Reading your account…"));
		ui_doc_restore(d, 0, 0);
		return;
	case SHOP_ACCOUNT_FAILED:
		ui_doc_add(d, 0, app_attr(a, UI_ERROR), 0, 0, "%s",
			   _("Your account could not be read."));
		if (shop_account_error(s))
			ui_doc_add_wrapped(d, 0, 0, width, shop_account_error(s));
		ui_doc_add(d, 0, app_attr(a, UI_DIM), 0, 0, "%s", _("r: read it again"));
		ui_doc_restore(d, 0, 0);
		return;
	case SHOP_ACCOUNT_ANONYMOUS: {
		ui_doc_add(d, 0, A_BOLD, 0, 0, "%s",
			   _("You are not signed in (an anonymous session)."));
		ui_doc_add(d, 0, 0, 0, 0, "%s", "");
		const char *text = shop_account_anonymous_text(s);
		if (text)
			ui_doc_add_wrapped(d, 0, 0, width, text);
		ui_doc_restore(d, 0, 0);
		return;
	}
	case SHOP_ACCOUNT_IDENTIFIED:
		break;
	}
	const session_me_response *me = shop_account_me(s);
	const session_me_user *u = me ? me->user : NULL;
	char phone[UI_INPUT_MAX + 2];
	add_field(d, 0, _("Name"), shop_account_name(s), A_BOLD);
	add_field(d, 0, _("E-mail"), u ? u->email : NULL, 0);
	if (av->typing == TYPING_PHONE)
		snprintf(phone, sizeof phone, "%s_", av->phone.text);
	else
		snprintf(phone, sizeof phone, "%s", u && u->phone ? u->phone : _("none"));
	add_field(d, ROW_PHONE, _("Phone"), phone,
		  av->typing == TYPING_PHONE ? A_BOLD
					     : (u && u->phone ? 0 : app_attr(a, UI_ERROR)));
	if (av->typing == TYPING_PHONE)
		ui_doc_add(
		    d, 2, app_attr(a, UI_DIM), 0, 0, "%s",
		    _("In international form, e.g. +12065550123 · Enter: save · Esc: cancel"));
	switch (shop_account_write_state(s)) {
	case SHOP_WRITE_SAVING:
		ui_doc_add(d, 0, app_attr(a, UI_DIM), 0, 0, "%s", _("Saving…"));
		break;
	case SHOP_WRITE_FAILED:
		if (shop_account_write_error(s)) {
			char why[512];
			snprintf(why, sizeof why, _("Not saved: %s"), shop_account_write_error(s));
			ui_doc_add_wrapped(d, 0, app_attr(a, UI_ERROR), width, why);
		}
		break;
	default:
		break;
	}
	ui_doc_add(d, 0, 0, 0, 0, "%s", "");
	add_missing(av, shop_account_missing(s));

	ui_doc_add(d, 0, 0, 0, 0, "%s", "");
	ui_doc_add(d, 0, app_attr(a, UI_HEADER), 0, 0, "%s", _("Delivery addresses"));
	for (size_t i = 0; i < shop_address_count(s); i++) {
		const shop_address *sa = shop_address_at(s, i);
		char addr[512];
		ui_row *r = ui_doc_add(d, 1, 0, ROW_ADDRESS, (long)i, "%s · %s", sa->label,
				       ui_address_text(&sa->address, addr, sizeof addr));
		if (i == shop_account_added_address_index(s))
			ui_row_set_right(r, app_attr(a, UI_GOOD), _("just added"));
	}
	const user_address_response *added = shop_account_added_address(s);
	if (added && added->address) {
		char text[256];
		if (added->address->location)
			snprintf(text, sizeof text,
				 _("The address just added is on the map at %.4f, %.4f."),
				 added->address->location->latitude,
				 added->address->location->longitude);
		else
			snprintf(text, sizeof text, "%s",
				 _("The address just added could not be put on the map."));
		ui_doc_add_wrapped(d, 2, app_attr(a, UI_GOOD), width - 2, text);
	}
	ui_doc_add(d, 1, A_BOLD, ROW_ADD, 0, "%s", _("Add a delivery address… (a)"));
	if (av->typing == TYPING_ADDRESS)
		add_form(av);

	ui_doc_add(d, 0, 0, 0, 0, "%s", "");
	ui_doc_add(d, 0, app_attr(a, UI_HEADER), 0, 0, "%s", _("Cards"));
	size_t def = shop_account_default_payment(s);
	for (size_t i = 0; i < shop_payment_count(s); i++) {
		const shop_payment *p = shop_payment_at(s, i);
		ui_row *r = ui_doc_add(d, 1, 0, ROW_CARD, (long)i, "%s", p->label);
		if (i == def)
			ui_row_set_right(r, app_attr(a, UI_GOOD), _("default"));
	}
	if (!shop_payment_count(s))
		ui_doc_add(d, 1, app_attr(a, UI_DIM), 0, 0, "%s", _("No saved card."));
	if (shop_account_default_gone(s))
		ui_doc_add_wrapped(d, 1, app_attr(a, UI_DIM), width - 1,
				   _("The card you chose as the default is no longer saved: choose "
				     "another."));
	ui_doc_add_wrapped(d, 1, app_attr(a, UI_DIM), width - 1,
			   _("Cards are added in the partner's app: gett-tui never asks for a card "
			     "number. Enter or d makes the card under the cursor the default."));
	if (av->typing == TYPING_PHONE)
		ui_doc_focus(d, ROW_PHONE, 0);
	else if (av->typing == TYPING_ADDRESS)
		ui_doc_focus(d, ROW_ADD, 0);
	else
		ui_doc_restore(d, at_action, at_arg);
}

static void account_draw(view *v, int rows, int cols)
{
	ui_doc_view_draw(v, _("Your account"), shop_account_name(v->app->shop), cols);
	(void)rows;
}

static void rebuild(view *v)
{
	build((account_view *)v);
}

static bool identified(account_view *av)
{
	if (shop_account_state_now(av->page.base.app->shop) == SHOP_ACCOUNT_IDENTIFIED)
		return true;
	app_status(av->page.base.app, "%s",
		   _("Only a signed-in account has a phone, addresses and cards."));
	return false;
}

static void start_phone(account_view *av)
{
	if (!identified(av))
		return;
	const session_me_response *me = shop_account_me(av->page.base.app->shop);
	ui_input_set(&av->phone, me && me->user && me->user->phone ? me->user->phone : "");
	av->typing = TYPING_PHONE;
	build(av);
}

static void start_address(account_view *av)
{
	if (!identified(av))
		return;
	memset(av->fields, 0, sizeof av->fields);
	av->field = 0;
	av->typing = TYPING_ADDRESS;
	build(av);
}

static void save_address(account_view *av)
{
	app *a = av->page.base.app;
	static const int required[] = {FIELD_ADDRESS1, FIELD_CITY, FIELD_STATE, FIELD_POSTAL};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!av->fields[required[i]].text[0]) {
			av->field = required[i];
			app_status(a, _("%s is needed."), _(field_names[required[i]]));
			build(av);
			return;
		}
	address_input in = {
	    .address1 = av->fields[FIELD_ADDRESS1].text,
	    .address2 = av->fields[FIELD_ADDRESS2].text[0] ? av->fields[FIELD_ADDRESS2].text : NULL,
	    .city = av->fields[FIELD_CITY].text,
	    .state = av->fields[FIELD_STATE].text,
	    .postal_code = av->fields[FIELD_POSTAL].text,
	};
	av->typing = TYPING_NONE;
	av->wrote = WROTE_ADDRESS;
	shop_account_add_address(a->shop, &in);
	build(av);
}

static void type_key(account_view *av, ui_key key)
{
	app *a = av->page.base.app;
	if (key == UI_KEY_ESC) {
		av->typing = TYPING_NONE;
		app_status(a, "%s", _("Nothing saved."));
	} else if (av->typing == TYPING_PHONE) {
		if (key == UI_KEY_ENTER) {
			av->typing = TYPING_NONE;
			av->wrote = WROTE_PHONE;
			shop_account_set_phone(a->shop, av->phone.text);
		} else
			ui_input_key(&av->phone, key);
	} else if (key == UI_KEY_ENTER && av->field == FIELD_COUNT - 1) {
		save_address(av);
		return;
	} else if (key == UI_KEY_ENTER || key == '\t') {
		av->field = (av->field + 1) % FIELD_COUNT;
	} else if (key == UI_KEY_FN(KEY_BTAB) || key == UI_KEY_FN(KEY_UP)) {
		av->field = (av->field + FIELD_COUNT - 1) % FIELD_COUNT;
	} else if (key == UI_KEY_FN(KEY_DOWN)) {
		av->field = (av->field + 1) % FIELD_COUNT;
	} else {
		ui_input_key(&av->fields[av->field], key);
	}
	build(av);
}

static void set_default(account_view *av)
{
	app *a = av->page.base.app;
	const ui_row *cur = ui_doc_current(&av->page.doc);
	if (!cur || cur->action != ROW_CARD) {
		app_status(a, "%s", _("Move to a card first."));
		return;
	}
	shop_account_set_default_payment(a->shop, (size_t)cur->arg);
	const shop_payment *p = shop_payment_at(a->shop, (size_t)cur->arg);
	app_status(a, _("%s is the card of every new order now."), p ? p->label : "");
	build(av);
}

static void account_key(view *v, int action, ui_key key)
{
	account_view *av = (account_view *)v;
	const ui_row *cur = ui_doc_current(&av->page.doc);
	if (av->typing != TYPING_NONE) {
		type_key(av, key);
		return;
	}
	switch (action) {
	case ACCOUNT_CHOOSE:
		if (!cur)
			break;
		if (cur->action == ROW_PHONE)
			start_phone(av);
		else if (cur->action == ROW_ADD)
			start_address(av);
		else if (cur->action == ROW_CARD)
			set_default(av);
		else if (cur->action == ROW_ADDRESS) {
			const shop_address *sa = shop_address_at(v->app->shop, (size_t)cur->arg);
			if (sa && sa->address.location) {
				view_discover_set_location(v->app, *sa->address.location,
							   sa->label);
				app_status(v->app, "%s", _("The stores are searched near it now."));
			}
		}
		break;
	case ACCOUNT_PHONE:
		start_phone(av);
		break;
	case ACCOUNT_ADDRESS:
		start_address(av);
		break;
	case ACCOUNT_DEFAULT:
		set_default(av);
		break;
	case ACCOUNT_REFRESH:
		shop_account_refresh(v->app->shop);
		shop_account_payments_refresh(v->app->shop);
		build(av);
		break;
	default:
		break;
	}
}

static bool account_capturing(const view *v)
{
	return ((const account_view *)v)->typing != TYPING_NONE;
}

static void account_changed(view *v, unsigned changes)
{
	account_view *av = (account_view *)v;
	app *a = v->app;
	if (!(changes & (SHOP_CHANGED_ACCOUNT | SHOP_CHANGED_CHECKOUT)))
		return;
	shop_account_write w = shop_account_write_state(a->shop);
	if (av->wrote != WROTE_NONE && w == SHOP_WRITE_DONE) {
		app_status(a, "%s",
			   av->wrote == WROTE_PHONE ? _("Phone saved.") : _("Address saved."));
		av->wrote = WROTE_NONE;
	} else if (av->wrote != WROTE_NONE && w == SHOP_WRITE_FAILED) {
		av->wrote = WROTE_NONE;
	}
	build(av);
}

static void account_enter(view *v)
{
	shop *s = v->app->shop;
	shop_account_state st = shop_account_state_now(s);
	if (st == SHOP_ACCOUNT_UNKNOWN || st == SHOP_ACCOUNT_FAILED)
		shop_account_refresh(s);
	build((account_view *)v);
}

static const view_ops account_ops = {
    .name = N_("Account"),
    .draw = account_draw,
    .key = account_key,
    .resize = ui_doc_view_resized,
    .enter = account_enter,
    .destroy = ui_doc_view_destroy,
    .capturing = account_capturing,
    .changed = account_changed,
    VIEW_KEYS(account_keys),
    .doc = ui_doc_view_doc,
    .move_help = VIEW_MOVE_HELP(N_("next choice"), N_("previous choice"), NULL, NULL),
};

view *view_account_new(app *a)
{
	account_view *av = ui_doc_view_new(a, &account_ops, sizeof *av, rebuild, 2);
	return &av->page.base;
}

void views_show_account(app *a)
{
	if (a->shop)
		app_show(a, &account_ops, view_account_new);
}

void views_add_account_fix(app *a, ui_doc *d, int width)
{
	const char *why = NULL;
	shop_account_fix fix = shop_account_checkout_fix(a->shop, &why);
	const char *key = NULL;
	switch (fix) {
	case SHOP_FIX_NONE:
		return;
	case SHOP_FIX_IDENTIFY:
		key = _("A shows what identifies you.");
		break;
	case SHOP_FIX_ADDRESS:
		key = _("A adds a delivery address.");
		break;
	case SHOP_FIX_PHONE:
		key = _("A sets the phone.");
		break;
	case SHOP_FIX_PAYMENT:
		key = _("A lists your cards.");
		break;
	}
	char text[1024];
	snprintf(text, sizeof text, "%s %s", why ? why : "", key);
	ui_doc_add(d, 0, 0, 0, 0, "%s", "");
	ui_doc_add_wrapped(d, 0, app_attr(a, UI_ERROR), width, text);
}

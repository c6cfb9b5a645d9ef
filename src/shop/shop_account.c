/*
 * The session's account (contract §2.2, §2.12, §3.9, §4.6): who the session is, what it lacks
 * (levelMissing), and the writes a terminal client may make: the phone (PUT checkout/profile)
 * and an address (POST checkout/addresses). Cards are never entered here: a card number is
 * not something a terminal client collects (§2.12); they are added in the partner's app and
 * only listed and chosen. After each write session/me is read again, since the level is
 * recomputed from the current data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/xdg.h"
#include "shop/shop_int.h"

static void clear_added(shop *s)
{
	if (s->account.added) {
		user_address_response_clear(s->account.added);
		free(s->account.added);
		s->account.added = NULL;
	}
}

bool shop_account_init(shop *s, const char *state_dir, char *err, size_t err_len)
{
	char *dir = state_dir ? xdg_path_join(state_dir, "account") : NULL;
	bool ok = account_file_init(&s->account.file, dir, s->base_url, s->user, err, err_len);
	free(dir);
	return ok;
}

void shop_account_free(shop *s)
{
	api_slot_cancel(&s->account.me_call);
	api_slot_cancel(&s->account.write_call);
	session_me_response_free(s->account.me);
	s->account.me = NULL;
	free(s->account.name);
	free(s->account.anonymous_text);
	free(s->account.write_error);
	free(s->account.read_error);
	s->account.read_error = NULL;
	free(s->account.want_address_id);
	free(s->account.default_payment_id);
	free(s->account.default_payment_label);
	s->account.name = s->account.anonymous_text = s->account.write_error = NULL;
	s->account.want_address_id = NULL;
	s->account.default_payment_id = s->account.default_payment_label = NULL;
	keyed_file_clear(&s->account.file);
	clear_added(s);
}

/* ------------------------------------------------------------------ session/me */

/* The default card chosen in an earlier run, read once with the account (unless one was chosen
   in this run already). */
static void read_default(shop *s)
{
	if (s->account.default_read || !s->account.file.path)
		return;
	s->account.default_read = true;
	char *id, *label, problem[4600];
	account_file_load_payment(&s->account.file, &id, &label, problem, sizeof problem);
	if (problem[0])
		shop_set_notice(s, problem);
	if (s->account.default_payment_id || s->account.default_payment_label) {
		free(id);
		free(label);
		return;
	}
	s->account.default_payment_id = id;
	s->account.default_payment_label = label;
}

static void take_me(shop *s, session_me_response *me)
{
	session_me_response_free(s->account.me);
	s->account.me = me;
	free(s->account.name);
	s->account.name = NULL;
	const session_me_user *u = me->user;
	if (u && !me->is_anonymous) {
		char buf[512];
		if (u->first_name && *u->first_name)
			snprintf(buf, sizeof buf, "%s%s%s", u->first_name,
				 u->last_name && *u->last_name ? " " : "",
				 u->last_name ? u->last_name : "");
		else
			snprintf(buf, sizeof buf, "%s", u->email ? u->email : "");
		s->account.name = buf[0] ? xstrdup(buf) : NULL;
		s->account.state = SHOP_ACCOUNT_IDENTIFIED;
	} else {
		s->account.state = SHOP_ACCOUNT_ANONYMOUS;
	}
}

static void on_me(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->account.me_call, r))
		return;
	unsigned changes = SHOP_CHANGED_ACCOUNT | SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_BUSY;
	if (r->outcome == API_OK && r->me) {
		take_me(s, r->me);
		r->me = NULL;
		read_default(s);
		changes |= shop_checkout_payment_follow_default(s);
	} else {
		/* Not the notice: a read in the background must not hide what the start-up said
		   (an order recovered after a crash); the Account view shows it. */
		s->account.state = SHOP_ACCOUNT_FAILED;
		free(s->account.read_error);
		s->account.read_error = shop_result_text(s, r);
	}
	shop_notify(s, changes);
}

void shop_account_start(shop *s)
{
	api_handle *call = api_session_me(s->api, on_me, s);
	api_slot_start(&s->account.me_call, call);
	if (call && s->account.state != SHOP_ACCOUNT_IDENTIFIED &&
	    s->account.state != SHOP_ACCOUNT_ANONYMOUS)
		s->account.state = SHOP_ACCOUNT_LOADING;
}

void shop_account_refresh(shop *s)
{
	if (!s->api)
		return; /* a local shop */
	shop_account_start(s);
	shop_notify(s, SHOP_CHANGED_ACCOUNT | SHOP_CHANGED_BUSY);
}

const char *shop_account_error(const shop *s)
{
	return s->account.state == SHOP_ACCOUNT_FAILED ? s->account.read_error : NULL;
}

shop_account_state shop_account_state_now(const shop *s)
{
	return s->account.state;
}

const session_me_response *shop_account_me(const shop *s)
{
	return s->account.me;
}

const char *shop_account_name(const shop *s)
{
	return s->account.name;
}

unsigned shop_account_missing(const shop *s)
{
	const session_me_response *me = s->account.me;
	if (!me)
		return 0;
	unsigned bits = 0;
	if (str_list_contains(&me->level_missing, "address"))
		bits |= SHOP_MISSING_ADDRESS;
	if (str_list_contains(&me->level_missing, "phone"))
		bits |= SHOP_MISSING_PHONE;
	if (str_list_contains(&me->level_missing, "payment"))
		bits |= SHOP_MISSING_PAYMENT;
	return bits;
}

const char *shop_account_anonymous_text(const shop *s)
{
	if (s->account.state != SHOP_ACCOUNT_ANONYMOUS)
		return NULL;
	if (!s->account.anonymous_text) {
		char buf[1024];
		snprintf(buf, sizeof buf,
			 _("You are not signed in: the session is anonymous, so it has no phone, "
			   "saved addresses or cards. The [profile] section of %s identifies you: "
			   "set email, first-name and last-name there (see man gett-tui), then "
			   "start gett-tui again."),
			 s->config_path ? s->config_path : _("your gett-tui configuration file"));
		((shop *)s)->account.anonymous_text = xstrdup(buf);
	}
	return s->account.anonymous_text;
}

shop_account_fix shop_account_checkout_fix(const shop *s, const char **why)
{
	shop_account_fix fix = SHOP_FIX_NONE;
	const char *text = NULL;
	bool delivery = s->co.mode == SHOP_MODE_DELIVERY;
	bool anonymous = s->account.state == SHOP_ACCOUNT_ANONYMOUS;
	unsigned missing = shop_account_missing(s);
	if (anonymous && !s->customer) {
		fix = SHOP_FIX_IDENTIFY;
		text = shop_account_anonymous_text(s);
	} else if (delivery && !s->n_addresses) {
		fix = SHOP_FIX_ADDRESS;
		text = _("There is no delivery address: add one to your account, or choose "
			 "pickup.");
	} else if (!anonymous && (missing & SHOP_MISSING_PHONE) &&
		   !(s->customer && s->customer->phone)) {
		fix = SHOP_FIX_PHONE;
		text = _("Your account has no phone number, which the store needs to reach you: "
			 "add one to your account.");
	} else if (!s->n_payments) {
		fix = SHOP_FIX_PAYMENT;
		text = _("There is no card to pay with. Cards are added in the partner's app, "
			 "never in gett-tui; they show here once saved.");
	}
	if (why)
		*why = text;
	return fix;
}

/* ------------------------------------------------------------------ writes */

shop_account_write shop_account_write_state(const shop *s)
{
	return s->account.write;
}

const char *shop_account_write_error(const shop *s)
{
	return s->account.write == SHOP_WRITE_FAILED ? s->account.write_error : NULL;
}

/* Returns whether the write succeeded; a failure keeps the server's words. */
static bool write_ended(shop *s, const api_result *r)
{
	free(s->account.write_error);
	s->account.write_error = NULL;
	if (r->outcome == API_OK) {
		s->account.write = SHOP_WRITE_DONE;
		return true;
	}
	s->account.write = SHOP_WRITE_FAILED;
	/* A field's own message ("not E.164") says more than the whole-request detail. */
	const char *field = r->errors.n && r->errors.v[0].message ? r->errors.v[0].message : NULL;
	char *text = shop_result_text(s, r);
	if (field && !strstr(text, field)) {
		char buf[1400];
		snprintf(buf, sizeof buf, "%s (%s)", text, field);
		free(text);
		text = xstrdup(buf);
	}
	s->account.write_error = text;
	shop_set_notice(s, text);
	shop_set_notice_support(s, r);
	return false;
}

static void start_write(shop *s, api_handle *call)
{
	api_slot_start(&s->account.write_call, call);
	s->account.write = call ? SHOP_WRITE_SAVING : SHOP_WRITE_FAILED;
	if (!call) {
		free(s->account.write_error);
		s->account.write_error = xstrdup(_("The request could not be sent."));
	}
	shop_notify(s, SHOP_CHANGED_ACCOUNT | SHOP_CHANGED_BUSY);
}

static void on_profile(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->account.write_call, r))
		return;
	if (write_ended(s, r))
		shop_account_refresh(s); /* the level follows the new phone */
	shop_notify(s, SHOP_CHANGED_ACCOUNT | SHOP_CHANGED_BUSY);
}

void shop_account_set_phone(shop *s, const char *phone)
{
	if (!s->api)
		return;
	update_profile_request req = {.phone = phone && *phone ? (char *)phone : NULL,
				      .has_phone = true};
	start_write(s, api_profile_update(s->api, &req, on_profile, s));
}

static void on_address_added(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->account.write_call, r))
		return;
	if (write_ended(s, r) && r->address && r->address->address_id) {
		free(s->account.want_address_id);
		s->account.want_address_id = xstrdup(r->address->address_id);
		clear_added(s);
		/* The server keeps the address geocoded: its list says where it is. */
		shop_saved_reload(s, true, false);
		shop_account_refresh(s);
	}
	shop_notify(s, SHOP_CHANGED_ACCOUNT | SHOP_CHANGED_BUSY);
}

void shop_account_add_address(shop *s, const address_input *address)
{
	if (!s->api)
		return;
	start_write(s, api_address_add(s->api, address, on_address_added, s));
}

void shop_account_saw_addresses(shop *s, const user_address_response *items, size_t n)
{
	if (!s->account.want_address_id)
		return;
	for (size_t i = 0; i < n; i++) {
		const user_address_response *ua = &items[i];
		if (!ua->user_address_id || strcmp(ua->user_address_id, s->account.want_address_id))
			continue;
		clear_added(s);
		user_address_response *copy = xcalloc(1, sizeof *copy);
		copy->user_address_id = xstrdup(ua->user_address_id);
		if (ua->address) {
			copy->address = xcalloc(1, sizeof *copy->address);
			external_address_copy(copy->address, ua->address);
		}
		copy->instructions = ua->instructions ? xstrdup(ua->instructions) : NULL;
		s->account.added = copy;
		free(s->account.want_address_id);
		s->account.want_address_id = NULL;
		return;
	}
}

const user_address_response *shop_account_added_address(const shop *s)
{
	return s->account.added;
}

size_t shop_account_added_address_index(const shop *s)
{
	const user_address_response *a = s->account.added;
	for (size_t i = 0; a && a->address && i < s->n_addresses; i++)
		if (shop_address_same(&s->addresses[i].address, a->address))
			return i;
	return SIZE_MAX;
}

/* ------------------------------------------------------------------ cards */

void shop_account_payments_refresh(shop *s)
{
	if (!s->api)
		return;
	shop_saved_reload(s, false, true);
	shop_notify(s, SHOP_CHANGED_ACCOUNT | SHOP_CHANGED_BUSY);
}

void shop_account_set_default_payment(shop *s, size_t index)
{
	if (index >= s->n_payments)
		return;
	free(s->account.default_payment_id);
	free(s->account.default_payment_label);
	const shop_payment *p = &s->payments[index];
	s->account.default_payment_id = p->info.payment_id ? xstrdup(p->info.payment_id) : NULL;
	s->account.default_payment_label = p->info.payment_id ? NULL : xstrdup(p->label);
	s->account.default_read = true; /* this choice wins over the one saved earlier */
	/* Kept for the next runs: the API has no "set default" call (docs/client.md "Account"). */
	char err[4600];
	if (s->account.file.path &&
	    !account_file_save_payment(&s->account.file, s->account.default_payment_id,
				       s->account.default_payment_label, err, sizeof err))
		shop_set_notice(s, err);
	shop_checkout_set_payment(s, index);
	shop_notify(s, SHOP_CHANGED_ACCOUNT);
}

/* The card chosen, found again by what it is (the list may have been read again since). */
static size_t chosen_default(const shop *s)
{
	const char *id = s->account.default_payment_id, *label = s->account.default_payment_label;
	if (id) {
		payment_info p = {.payment_id = (char *)id};
		return shop_payment_find(s, &p);
	}
	for (size_t i = 0; label && i < s->n_payments; i++)
		if (strcmp(s->payments[i].label, label) == 0)
			return i;
	return SIZE_MAX;
}

size_t shop_account_default_for_draft(const shop *s)
{
	size_t i = chosen_default(s);
	const session_me_user *u = s->account.me ? s->account.me->user : NULL;
	if (i == SIZE_MAX && u && u->last_payment_id) { /* §3.9: the card used last */
		payment_info p = {.payment_id = u->last_payment_id};
		i = shop_payment_find(s, &p);
	}
	return i;
}

size_t shop_account_default_payment(const shop *s)
{
	return shop_account_default_for_draft(s);
}

bool shop_account_default_gone(const shop *s)
{
	return (s->account.default_payment_id || s->account.default_payment_label) &&
	       s->saved.pay_state == SHOP_SAVED_LOADED && chosen_default(s) == SIZE_MAX;
}

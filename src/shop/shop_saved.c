/*
 * The user's saved addresses and cards from the server (contract §2.12, §3.8), offered at
 * checkout after the config profile's own (shop.h "shop_address"). Each list is read page
 * by page (offset/limit until hasMore is false) and merged once complete: entries equal to
 * a config entry are left out, the choice already made stays chosen. An anonymous session
 * answers 401 SESSION_USER_REQUIRED: the config's entries stay, without a word, and the
 * list is never asked for again. Any other failure sets the notice and leaves checkout as
 * it was; the next checkout asks again.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "shop/shop_int.h"
#include "wire/wire.h"

#define SAVED_MAX 500 /* entries read per list at most: paging always ends */

static void start_addresses(shop *s);
static void start_payments(shop *s);

/* ------------------------------------------------------------------ labels */

/* The brand as people write it: "visa" -> "Visa", "amex" -> "American Express". */
static const char *brand_name(const char *card_type, char *buf, size_t n)
{
	static const struct {
		const char *key, *name;
	} brands[] = {
	    {"visa", "Visa"},
	    {"mastercard", "Mastercard"},
	    {"amex", "American Express"},
	    {"americanexpress", "American Express"},
	    {"discover", "Discover"},
	    {"diners", "Diners Club"},
	    {"dinersclub", "Diners Club"},
	    {"jcb", "JCB"},
	    {"unionpay", "UnionPay"},
	};
	if (!card_type || !*card_type)
		return _("Card");
	char key[32];
	size_t k = 0;
	for (const char *p = card_type; *p && k + 1 < sizeof key; p++)
		if (isalnum((unsigned char)*p))
			key[k++] = (char)tolower((unsigned char)*p);
	key[k] = '\0';
	for (size_t i = 0; i < sizeof brands / sizeof brands[0]; i++)
		if (strcmp(key, brands[i].key) == 0)
			return brands[i].name;
	snprintf(buf, n, "%s", card_type);
	buf[0] = (char)toupper((unsigned char)buf[0]);
	return buf;
}

/* "2028-09-30", "2028-09" or "09/28" -> "09/2028"; any other text as it is; NULL when none. */
static const char *expiry_text(const char *date, char *buf, size_t n)
{
	int year, month;
	if (!date || !*date)
		return NULL;
	if (wire_card_expiry(date, &year, &month))
		snprintf(buf, n, "%02d/%04d", month, year);
	else
		snprintf(buf, n, "%s", date);
	return buf;
}

/* "Visa ···· 4242 (exp 09/2028)" (heap). */
static char *card_label(const user_payment_response *p)
{
	char brand_buf[64], exp_buf[64], out[256];
	const char *brand = brand_name(p->card_type, brand_buf, sizeof brand_buf);
	const char *last4 = p->last_four ? p->last_four : "";
	const char *exp = expiry_text(p->expiration_date, exp_buf, sizeof exp_buf);
	if (exp)
		snprintf(out, sizeof out, _("%s ···· %s (exp %s)"), brand, last4, exp);
	else
		snprintf(out, sizeof out, _("%s ···· %s"), brand, last4);
	return xstrdup(out);
}

/* ------------------------------------------------------------------ merging */

static bool same_text(const char *a, const char *b)
{
	return a && b && *a && strcasecmp(a, b) == 0;
}

bool shop_address_same(const external_address *a, const external_address *b)
{
	return same_text(a->address1, b->address1) && same_text(a->postal_code, b->postal_code);
}

static size_t find_address(const shop *s, const external_address *a)
{
	for (size_t i = 0; i < s->n_addresses; i++)
		if (shop_address_same(&s->addresses[i].address, a))
			return i;
	return SIZE_MAX;
}

static bool same_id(const char *a, const char *b)
{
	return a && b && *a && strcmp(a, b) == 0;
}

size_t shop_payment_find(const shop *s, const payment_info *p)
{
	for (size_t i = 0; i < s->n_payments; i++) {
		const payment_info *q = &s->payments[i].info;
		if (same_id(q->payment_id, p->payment_id) || same_id(q->card_token, p->card_token))
			return i;
	}
	return SIZE_MAX;
}

static size_t find_payment(const shop *s, const char *payment_id)
{
	payment_info p = {.payment_id = (char *)payment_id};
	return shop_payment_find(s, &p);
}

/* Drops the server's entries (after the config's); returns how many there were. */
static size_t drop_server_addresses(shop *s)
{
	size_t dropped = s->n_addresses - s->n_config_addresses;
	for (size_t i = s->n_config_addresses; i < s->n_addresses; i++) {
		free(s->addresses[i].label);
		external_address_clear(&s->addresses[i].address);
		free(s->addresses[i].instructions);
	}
	s->n_addresses = s->n_config_addresses;
	return dropped;
}

static size_t drop_server_payments(shop *s)
{
	size_t dropped = s->n_payments - s->n_config_payments;
	for (size_t i = s->n_config_payments; i < s->n_payments; i++) {
		free(s->payments[i].label);
		payment_info_clear(&s->payments[i].info);
	}
	s->n_payments = s->n_config_payments;
	return dropped;
}

/* The pages read become addresses after the config's; returns the changes. */
static unsigned merge_addresses(shop *s)
{
	size_t cur = s->co.address, before = s->n_addresses;
	/* A server entry chosen earlier is found again by what it is, not where it was. */
	external_address chosen = {0};
	bool chose_server = cur >= s->n_config_addresses && cur < before;
	if (chose_server)
		external_address_copy(&chosen, &s->addresses[cur].address);
	bool changed = drop_server_addresses(s) > 0;
	s->addresses =
	    xrealloc(s->addresses, (s->n_addresses + s->saved.n_addrs + 1) * sizeof *s->addresses);
	for (size_t i = 0; i < s->saved.n_addrs; i++) {
		user_address_response *ua = &s->saved.addrs[i];
		if (!ua->address || find_address(s, ua->address) != SIZE_MAX)
			continue;
		shop_address *sa = &s->addresses[s->n_addresses++];
		sa->label = xstrdup(_("saved"));
		sa->address = *ua->address; /* moved */
		free(ua->address);
		ua->address = NULL;
		sa->instructions = ua->instructions;
		ua->instructions = NULL;
		changed = true;
	}
	if (!changed) {
		external_address_clear(&chosen);
		return 0;
	}
	unsigned changes = SHOP_CHANGED_CHECKOUT;
	if (chose_server) {
		size_t again = find_address(s, &chosen);
		if (again != SIZE_MAX) {
			s->co.address = again; /* the same address: instructions and amounts hold */
		} else {
			shop_choose_address(s, 0);
			if (s->co.active)
				shop_checkout_invalidate(s);
			changes |= SHOP_CHANGED_ORDER;
		}
		external_address_clear(&chosen);
	} else if (cur >= before && s->n_addresses > 0) {
		/* There was none to choose: delivery can be validated now. */
		shop_choose_address(s, 0);
		if (s->co.active)
			shop_checkout_invalidate(s);
		changes |= SHOP_CHANGED_ORDER;
	}
	return changes;
}

static unsigned merge_payments(shop *s)
{
	size_t cur = s->co.payment;
	char *chosen = NULL; /* paymentId of a server card chosen earlier */
	if (cur >= s->n_config_payments && cur < s->n_payments)
		chosen = xstrdup(s->payments[cur].info.payment_id);
	bool changed = drop_server_payments(s) > 0;
	s->payments =
	    xrealloc(s->payments, (s->n_payments + s->saved.n_pays + 1) * sizeof *s->payments);
	for (size_t i = 0; i < s->saved.n_pays; i++) {
		const user_payment_response *up = &s->saved.pays[i];
		if (!up->payment_id || !*up->payment_id ||
		    find_payment(s, up->payment_id) != SIZE_MAX)
			continue;
		shop_payment *sp = &s->payments[s->n_payments++];
		memset(sp, 0, sizeof *sp);
		sp->label = card_label(up);
		sp->info.type = xstrdup(payment_kind_wire(PAYMENT_KIND_SAVED_CARD));
		sp->info.payment_id = xstrdup(up->payment_id);
		changed = true;
	}
	if (changed && cur >= s->n_config_payments) {
		size_t again = chosen ? find_payment(s, chosen) : SIZE_MAX;
		s->co.payment = again != SIZE_MAX ? again : 0;
	}
	free(chosen);
	return changed ? SHOP_CHANGED_CHECKOUT : 0;
}

/* ------------------------------------------------------------------ reading */

/* Drops the entries read so far; the array stays for the next reading. */
static void drop_addresses(shop *s)
{
	for (size_t i = 0; i < s->saved.n_addrs; i++)
		user_address_response_clear(&s->saved.addrs[i]);
	s->saved.n_addrs = 0;
}

static void drop_payments(shop *s)
{
	for (size_t i = 0; i < s->saved.n_pays; i++)
		user_payment_response_clear(&s->saved.pays[i]);
	s->saved.n_pays = 0;
}

static void clear_pages(shop *s)
{
	drop_addresses(s);
	free(s->saved.addrs);
	s->saved.addrs = NULL;
	drop_payments(s);
	free(s->saved.pays);
	s->saved.pays = NULL;
}

/* An anonymous session is not an error; anything else is said once. */
static unsigned read_failed(shop *s, shop_saved_state *state, const api_result *r, bool addresses)
{
	if (r->problem && problem_has_code(r->problem, "SESSION_USER_REQUIRED")) {
		*state = SHOP_SAVED_ANONYMOUS; /* the list will never hold a restored choice */
		return shop_draft_forget_missing(s, addresses, !addresses);
	}
	*state = SHOP_SAVED_FAILED;
	char *why = shop_result_text(s, r);
	char buf[1200];
	snprintf(buf, sizeof buf,
		 addresses ? _("Your saved addresses could not be read: %s")
			   : _("Your saved cards could not be read: %s"),
		 why);
	free(why);
	shop_set_notice(s, buf);
	shop_set_notice_support(s, r);
	return SHOP_CHANGED_NOTICE;
}

/* Appends the n items of a page (each `size` bytes, taken over) to the *count items read so
   far, with room for one more; returns the array, which may have moved. */
static void *append_page(void *items, size_t *count, const void *page, size_t n, size_t size)
{
	items = xrealloc(items, (*count + n + 1) * size);
	if (n) /* an empty page may have no array at all */
		memcpy((char *)items + *count * size, page, n * size);
	*count += n;
	return items;
}

/* Whether another page is to be read after `got` items of `page_n` more. */
static bool more_pages(bool has_more, size_t page_n, size_t got)
{
	return has_more && page_n > 0 && got < SAVED_MAX;
}

static void on_addresses(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->saved.addr_call, r))
		return;
	unsigned changes = SHOP_CHANGED_BUSY;
	user_address_paged_result *page = r->outcome == API_OK ? r->addresses : NULL;
	if (!page) {
		changes |= read_failed(s, &s->saved.addr_state, r, true);
		drop_addresses(s);
	} else {
		s->saved.addrs = append_page(s->saved.addrs, &s->saved.n_addrs, page->items,
					     page->n_items, sizeof *page->items);
		bool more = more_pages(page->has_more, page->n_items, s->saved.n_addrs);
		page->n_items = 0; /* the items are the shop's now */
		if (more) {
			start_addresses(s);
		} else {
			shop_account_saw_addresses(s, s->saved.addrs, s->saved.n_addrs);
			changes |= merge_addresses(s) | shop_draft_resolve_saved(s) |
				   shop_draft_forget_missing(s, true, false) | SHOP_CHANGED_ACCOUNT;
			s->saved.addr_state = SHOP_SAVED_LOADED;
			drop_addresses(s);
		}
	}
	shop_notify(s, changes);
}

static void on_payments(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->saved.pay_call, r))
		return;
	unsigned changes = SHOP_CHANGED_BUSY;
	user_payment_paged_result *page = r->outcome == API_OK ? r->payments : NULL;
	if (!page) {
		changes |= read_failed(s, &s->saved.pay_state, r, false);
		drop_payments(s);
	} else {
		s->saved.pays = append_page(s->saved.pays, &s->saved.n_pays, page->items,
					    page->n_items, sizeof *page->items);
		bool more = more_pages(page->has_more, page->n_items, s->saved.n_pays);
		page->n_items = 0;
		if (more) {
			start_payments(s);
		} else {
			changes |= merge_payments(s) | shop_draft_resolve_saved(s) |
				   shop_draft_forget_missing(s, false, true);
			s->saved.pay_state = SHOP_SAVED_LOADED;
			changes |= shop_checkout_payment_follow_default(s) | SHOP_CHANGED_ACCOUNT;
			drop_payments(s);
		}
	}
	shop_notify(s, changes);
}

/* The next page starts where the items read so far end (the server may clamp the limit:
   the offset follows what it sent, §3.8). */
static void start_addresses(shop *s)
{
	api_handle *call = api_addresses_list(s->api, (long long)s->saved.n_addrs,
					      s->saved.page_limit, on_addresses, s);
	api_slot_start(&s->saved.addr_call, call);
	s->saved.addr_state = call ? SHOP_SAVED_LOADING : SHOP_SAVED_FAILED;
}

static void start_payments(shop *s)
{
	api_handle *call = api_payments_list(s->api, (long long)s->saved.n_pays,
					     s->saved.page_limit, on_payments, s);
	api_slot_start(&s->saved.pay_call, call);
	s->saved.pay_state = call ? SHOP_SAVED_LOADING : SHOP_SAVED_FAILED;
}

static bool wanted(shop_saved_state state)
{
	return state == SHOP_SAVED_NONE || state == SHOP_SAVED_FAILED;
}

void shop_saved_fetch(shop *s)
{
	/* No page is held here: a list starts again from offset 0. */
	if (wanted(s->saved.addr_state))
		start_addresses(s);
	if (wanted(s->saved.pay_state))
		start_payments(s);
}

void shop_saved_reload(shop *s, bool addresses, bool payments)
{
	if (addresses && s->saved.addr_state != SHOP_SAVED_ANONYMOUS) {
		api_slot_cancel(&s->saved.addr_call);
		drop_addresses(s);
		start_addresses(s);
	}
	if (payments && s->saved.pay_state != SHOP_SAVED_ANONYMOUS) {
		api_slot_cancel(&s->saved.pay_call);
		drop_payments(s);
		start_payments(s);
	}
}

unsigned shop_saved_cancel(shop *s)
{
	bool busy = s->saved.addr_call.call || s->saved.pay_call.call;
	api_slot_cancel(&s->saved.addr_call);
	api_slot_cancel(&s->saved.pay_call);
	if (s->saved.addr_state == SHOP_SAVED_LOADING)
		s->saved.addr_state = SHOP_SAVED_NONE;
	if (s->saved.pay_state == SHOP_SAVED_LOADING)
		s->saved.pay_state = SHOP_SAVED_NONE;
	clear_pages(s);
	return busy ? SHOP_CHANGED_BUSY : 0;
}

void shop_saved_free(shop *s)
{
	shop_saved_cancel(s);
}

/*
 * The shop's life cycle, its notices and busy state, and the catalog sets it holds
 * in memory. The flows themselves are in shop_discovery.c, shop_cart.c,
 * shop_checkout.c and shop_place.c (docs/client.md "Shop").
 */
#include "shop/shop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "shop/shop_int.h"
#include "base/xdg.h"

#define DEFAULT_DEBOUNCE_MS 250

/* ------------------------------------------------------------------ copies */

/* Only a customer that passes the request rules (§3.6) is sent at all: a partial profile
   leaves the customer to the session, as before. */
external_customer *shop_customer_copy(const external_customer *c)
{
	if (!c || !external_customer_check(c, "$", NULL))
		return NULL;
	external_customer *copy = xcalloc(1, sizeof *copy);
	external_customer_copy(copy, c);
	return copy;
}

static void payment_copy(payment_info *dst, const payment_info *src)
{
	dst->type = xstrdup(src->type);
	dst->card_token = xstrdup(src->card_token);
	dst->processor_type = xstrdup(src->processor_type);
	dst->payment_id = xstrdup(src->payment_id);
}

static void copy_choices(shop *s, const shop_settings *set)
{
	if (set->n_addresses) {
		s->addresses = xcalloc(set->n_addresses, sizeof *s->addresses);
		for (size_t i = 0; i < set->n_addresses; i++) {
			const shop_address *a = &set->addresses[i];
			s->addresses[i].label = xstrdup(a->label);
			external_address_copy(&s->addresses[i].address, &a->address);
			s->addresses[i].instructions = xstrdup(a->instructions);
		}
		s->n_addresses = s->n_config_addresses = set->n_addresses;
	}
	if (set->n_payments) {
		s->payments = xcalloc(set->n_payments, sizeof *s->payments);
		for (size_t i = 0; i < set->n_payments; i++) {
			s->payments[i].label = xstrdup(set->payments[i].label);
			payment_copy(&s->payments[i].info, &set->payments[i].info);
		}
		s->n_payments = s->n_config_payments = set->n_payments;
	}
	s->customer = shop_customer_copy(set->customer);
}

static void free_choices(shop *s)
{
	for (size_t i = 0; i < s->n_addresses; i++) {
		free(s->addresses[i].label);
		external_address_clear(&s->addresses[i].address);
		free(s->addresses[i].instructions);
	}
	free(s->addresses);
	for (size_t i = 0; i < s->n_payments; i++) {
		free(s->payments[i].label);
		payment_info_clear(&s->payments[i].info);
	}
	free(s->payments);
	if (s->customer) {
		external_customer_clear(s->customer);
		free(s->customer);
	}
}

/* ------------------------------------------------------------------ life cycle */

/* "<dir>/<name>" when dir is given, else NULL (the module's XDG default). */
static char *sub_dir(const char *dir, const char *name)
{
	return dir ? xdg_path_join(dir, name) : NULL;
}

static bool open_files(shop *s, const shop_settings *set, char *err, size_t err_len)
{
	char *jdir = sub_dir(set->state_dir, "journal");
	char *cdir = sub_dir(set->state_dir, "carts");
	char *kdir = sub_dir(set->cache_dir, "catalogs");
	s->journal = journal_open(jdir, err, err_len);
	if (s->journal)
		s->carts = cart_file_open(cdir, s->base_url, s->user, err, err_len);
	if (s->carts)
		s->catalogs = catalog_cache_open(kdir, set->catalog_cache_bytes, err, err_len);
	free(jdir);
	free(cdir);
	free(kdir);
	return s->catalogs != NULL;
}

static void close_files(shop *s)
{
	journal_close(s->journal);
	cart_file_close(s->carts);
	catalog_cache_close(s->catalogs);
}

shop *shop_new(const shop_settings *set, char *err, size_t err_len)
{
	if (!set || !set->loop || !set->api || !set->base_url || !*set->base_url) {
		snprintf(err, err_len, "%s",
			 _("The shop needs a loop, an API client and a base URL."));
		return NULL;
	}
	shop *s = xcalloc(1, sizeof *s);
	s->loop = set->loop;
	s->api = set->api;
	s->base_url = xstrdup(set->base_url);
	for (size_t n = strlen(s->base_url); n > 1 && s->base_url[n - 1] == '/';)
		s->base_url[--n] = '\0'; /* one journal and one cart per server, however spelled */
	s->user = xstrdup(set->user && *set->user ? set->user : "anonymous");
	s->config_path = set->config_path && *set->config_path ? xstrdup(set->config_path) : NULL;
	if (!open_files(s, set, err, err_len) ||
	    !shop_history_init(s, set->state_dir, err, err_len) ||
	    !shop_account_init(s, set->state_dir, err, err_len)) {
		close_files(s);
		order_history_close(s->hist.file);
		keyed_file_clear(&s->account.file);
		free(s->notice);
		free(s->base_url);
		free(s->user);
		free(s);
		return NULL;
	}
	s->home = set->home;
	copy_choices(s, set);
	shop_history_start(s);
	s->debounce_ms =
	    set->search_debounce_ms > 0 ? set->search_debounce_ms : DEFAULT_DEBOUNCE_MS;
	s->max_age_ms = set->validation_max_age_ms > 0 ? (uint64_t)set->validation_max_age_ms
						       : (uint64_t)SHOP_VALIDATION_MAX_AGE_MS;
	s->on_change = set->on_change;
	s->user_data = set->user_data;
	s->now = set->now;
	s->saved.page_limit = set->saved_page_limit > 0 ? set->saved_page_limit : SHOP_SAVED_PAGE;

	shop_discovery_init(s);
	s->co.mode = SHOP_MODE_DELIVERY;
	shop_cart_restore(s);
	if (strcmp(s->user, "anonymous") != 0) /* a profile user: the session names them */
		shop_saved_fetch(s);
	shop_account_start(s); /* no callback from shop_new */
	return s;
}

void shop_free(shop *s)
{
	if (!s)
		return;
	s->on_change = NULL; /* never calls back afterwards */
	shop_reorder_free(s);
	shop_account_free(s);
	shop_history_free(s);
	shop_saved_free(s);
	shop_place_free(s);
	shop_checkout_free(s);
	shop_cart_free(s);
	shop_discovery_free(s);
	for (size_t i = 0; i < s->n_sets; i++) {
		free(s->sets[i].id);
		catalog_set_free(s->sets[i].set);
	}
	free(s->sets);
	free_choices(s);
	close_files(s);
	shop_local_free(s);
	free(s->notice);
	free(s->notice_support);
	free(s->config_path);
	free(s->base_url);
	free(s->user);
	free(s);
}

/* ------------------------------------------------------------------ busy, notices */

#define MAX_SLOTS 16

/* Every call the shop may have in flight. */
static size_t slots_of(const shop *s, const api_slot *out[MAX_SLOTS])
{
	size_t k = 0;
	out[k++] = &s->disc.call;
	out[k++] = &s->disc.range_call;
	out[k++] = &s->open.store_call;
	out[k++] = &s->open.catalog_call;
	out[k++] = &s->cart_menu.store_call;
	out[k++] = &s->cart_menu.catalog_call;
	out[k++] = &s->co.call;
	out[k++] = &s->pl.call;
	out[k++] = &s->pl.refresh;
	out[k++] = &s->pl.resolve;
	out[k++] = &s->replay.call;
	out[k++] = &s->saved.addr_call;
	out[k++] = &s->saved.pay_call;
	out[k++] = &s->hist.call;
	out[k++] = &s->account.me_call;
	out[k++] = &s->account.write_call;
	return k;
}

size_t shop_busy(const shop *s)
{
	const api_slot *v[MAX_SLOTS];
	size_t n = slots_of(s, v), busy = s->disc.debounce_armed ? 1 : 0;
	for (size_t i = 0; i < n; i++)
		busy += v[i]->call != NULL;
	return busy;
}

bool shop_retry_state(const shop *s, api_retry_state *out)
{
	const api_slot *v[MAX_SLOTS];
	size_t n = slots_of(s, v);
	for (size_t i = 0; i < n; i++) {
		if (!v[i]->call)
			continue;
		api_handle_retry_state(v[i]->call, out);
		if (out->waiting)
			return true;
	}
	memset(out, 0, sizeof *out);
	return false;
}

bool shop_cancel_pending(shop *s)
{
	unsigned changes = 0;
	if (s->disc.call.call || s->disc.debounce_armed || s->disc.range_call.call) {
		api_slot_cancel(&s->disc.call);
		api_slot_cancel(&s->disc.range_call);
		uv_timer_stop(s->disc.debounce);
		s->disc.debounce_armed = false;
		s->disc.loading = false;
		s->disc.want_all = false;
		s->disc.end = SHOP_SEARCH_STOPPED;
		changes |= SHOP_CHANGED_DISCOVERY;
	}
	if (shop_menu_loading(&s->open)) {
		api_slot_cancel(&s->open.store_call);
		api_slot_cancel(&s->open.catalog_call);
		changes |= SHOP_CHANGED_STORE;
		if (shop_reorder_state_now(s) == SHOP_REORDER_LOADING) {
			shop_reorder_free(s); /* its menu will not come */
			changes |= SHOP_CHANGED_HISTORY;
		}
	}
	if (s->co.call.call) {
		api_slot_cancel(&s->co.call);
		s->co.state = SHOP_VALIDATION_NONE;
		if (s->pl.state == SHOP_PLACE_REVALIDATING)
			s->pl.state = SHOP_PLACE_IDLE;
		changes |= SHOP_CHANGED_CHECKOUT | SHOP_CHANGED_ORDER;
	}
	if (s->pl.refresh.call) {
		api_slot_cancel(&s->pl.refresh);
		changes |= SHOP_CHANGED_ORDER;
	}
	if (s->hist.call.call) {
		api_slot_cancel(&s->hist.call);
		changes |= SHOP_CHANGED_HISTORY;
	}
	changes |= shop_saved_cancel(s);
	/* A place in flight and journal replays go on: their outcome must be known. */
	if (changes)
		shop_notify(s, changes | SHOP_CHANGED_BUSY);
	return changes != 0;
}

const char *shop_notice(const shop *s)
{
	return s->notice;
}

time_t shop_now(const shop *s)
{
	return s->now ? s->now(s->user_data) : time(NULL);
}

const char *shop_notice_support(const shop *s)
{
	return s->notice_support;
}

const char *shop_config_path(const shop *s)
{
	return s->config_path;
}

void shop_notify(shop *s, unsigned changes)
{
	if (s->notice_changed)
		changes |= SHOP_CHANGED_NOTICE;
	s->notice_changed = false;
	if (s->on_change && changes)
		s->on_change(s, changes, s->user_data);
}

void shop_set_notice(shop *s, const char *text)
{
	free(s->notice);
	s->notice = xstrdup(text);
	free(s->notice_support);
	s->notice_support = NULL;
	s->notice_changed = true;
}

void shop_set_notice_support(shop *s, const api_result *r)
{
	free(s->notice_support);
	s->notice_support = shop_result_support(r);
}

/* The client's sentence for codes whose server text is written for developers: what the
   person can do about it. %s is the configuration file. Credentials are never shown. */
static const struct {
	const char *code;
	const char *text;
} CLIENT_SENTENCES[] = {
    {"SESSION_USER_REQUIRED",
     N_("This needs to know who you are: set email, first-name and last-name in the "
	"[profile] section of %s (see man gett-tui).")},
    {"UNAUTHENTICATED",
     N_("The server did not accept the API key or session token: check GETT_API_KEY, "
	"GETT_SESSION_TOKEN or api-key-file in %s (see man gett-tui).")},
    {"FORBIDDEN",
     N_("The server does not allow this with the credentials in use: check GETT_API_KEY, "
	"GETT_SESSION_TOKEN or api-key-file in %s (see man gett-tui).")},
};

char *shop_result_text(const shop *s, const api_result *r)
{
	const problem_detail *p = r->problem;
	for (size_t i = 0; p && i < sizeof CLIENT_SENTENCES / sizeof CLIENT_SENTENCES[0]; i++) {
		if (!problem_has_code(p, CLIENT_SENTENCES[i].code))
			continue;
		char buf[1024];
		snprintf(buf, sizeof buf, _(CLIENT_SENTENCES[i].text),
			 s && s->config_path ? s->config_path
					     : _("your gett-tui configuration file"));
		return xstrdup(buf);
	}
	const char *text = p && p->detail && *p->detail ? p->detail : r->message;
	if (!text || !*text)
		text = _("The request failed.");
	return xstrdup(text);
}

char *shop_result_clause(const shop *s, const api_result *r)
{
	char *text = shop_result_text(s, r);
	size_t n = strlen(text);
	if (n > 1 && text[n - 1] == '.' && text[n - 2] != '.')
		text[n - 1] = '\0';
	return text;
}

char *shop_result_support(const api_result *r)
{
	const problem_detail *p = r->problem;
	const char *req = r->request_id ? r->request_id : p ? p->request_id : NULL;
	const char *trace = r->trace_id ? r->trace_id : p ? p->trace_id : NULL;
	char buf[512];
	if (req && *req && trace && *trace)
		snprintf(buf, sizeof buf, _("support: request %s · trace %s"), req, trace);
	else if (req && *req)
		snprintf(buf, sizeof buf, _("support: request %s"), req);
	else if (trace && *trace)
		snprintf(buf, sizeof buf, _("support: trace %s"), trace);
	else
		return NULL;
	return xstrdup(buf);
}

void shop_set_notice_from(shop *s, const api_result *r)
{
	free(s->notice);
	s->notice = shop_result_text(s, r);
	free(s->notice_support);
	s->notice_support = shop_result_support(r);
	s->notice_changed = true;
}

/* ------------------------------------------------------------------ catalog sets */

const catalog_set *shop_set_find(const shop *s, const char *id)
{
	for (size_t i = 0; id && i < s->n_sets; i++)
		if (strcmp(s->sets[i].id, id) == 0)
			return s->sets[i].set;
	return NULL;
}

const catalog_set *shop_set_add(shop *s, const char *id, catalog_set *set)
{
	const catalog_set *known = shop_set_find(s, id);
	if (known) {
		catalog_set_free(set);
		return known;
	}
	s->sets = xrealloc(s->sets, (s->n_sets + 1) * sizeof *s->sets);
	s->sets[s->n_sets++] = (shop_set){xstrdup(id), set};
	return set;
}

void shop_sets_prune(shop *s)
{
	size_t kept = 0;
	for (size_t i = 0; i < s->n_sets; i++) {
		const catalog_set *set = s->sets[i].set;
		if (set == s->open.set || set == s->cart_menu.set) {
			s->sets[kept++] = s->sets[i];
			continue;
		}
		free(s->sets[i].id);
		catalog_set_free(s->sets[i].set);
	}
	s->n_sets = kept;
}

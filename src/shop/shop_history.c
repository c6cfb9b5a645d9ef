/*
 * The orders placed (docs/client.md "Order history"): a record per order, written in the same
 * step as the journal entry is finished as placed, and at start-up from the journal's placed
 * entries of this user that the history lacks, so that the two agree whatever instant the app
 * stopped at. Reading an order (§2.11) updates its record's last known status (§4.5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "base/timestamp.h"
#include "base/xdg.h"
#include "rules/pricing.h"
#include "shop/shop_int.h"

/* ------------------------------------------------------------------ building a record */

/* The store with this id among those the shop holds, or NULL. */
static const store *known_store(const shop *s, const char *store_id)
{
	if (!store_id)
		return NULL;
	const store *menus[] = {s->cart_menu.st, s->open.st};
	for (size_t i = 0; i < 2; i++)
		if (menus[i] && menus[i]->store_id && strcmp(menus[i]->store_id, store_id) == 0)
			return menus[i];
	for (size_t i = 0; i < s->disc.n; i++)
		if (s->disc.stores[i].store_id && strcmp(s->disc.stores[i].store_id, store_id) == 0)
			return &s->disc.stores[i];
	return NULL;
}

/* The set in memory, else from the disk cache (*owned, to free); NULL when neither has it. */
static const catalog_set *known_set(shop *s, const char *id, catalog_set **owned)
{
	*owned = NULL;
	if (!id)
		return NULL;
	const catalog_set *set = shop_set_find(s, id);
	if (set || !s->catalogs || !catalog_cache_id_valid(id))
		return set;
	char err[600] = "";
	size_t len;
	char *text = catalog_cache_get(s->catalogs, id, &len, err, sizeof err);
	json_t *root = text ? json_loadb(text, len, 0, NULL) : NULL;
	json_err e;
	*owned = root ? catalog_set_from_json(root, &e) : NULL;
	json_decref(root);
	free(text);
	return *owned;
}

/* The option names of a line's selections, nested ones after their option. */
static void option_names(const catalog_set *set, const line_item *line, str_list *out, int depth)
{
	if (depth > PRICING_MAX_DEPTH)
		return;
	for (size_t g = 0; g < line->n_groups; g++) {
		const cart_modifier_group *grp = &line->groups[g];
		for (size_t i = 0; i < grp->n_items; i++) {
			const line_item *opt = &grp->items[i];
			const catalog_item *it = set ? catalog_find_item(set, opt->item_id) : NULL;
			const char *name = it && it->name ? it->name : opt->item_id;
			char buf[512];
			if (opt->quantity > 1) /* as the cart writes a line's options */
				snprintf(buf, sizeof buf, "%s ×%lld", name, opt->quantity);
			else
				snprintf(buf, sizeof buf, "%s", name ? name : "?");
			str_list_push(out, buf);
			option_names(set, opt, out, depth + 1);
		}
	}
}

static char *dup_or_null(const char *text)
{
	return text ? xstrdup(text) : NULL;
}

static void record_lines(order_history_entry *h, const cart *c, const catalog_set *set)
{
	h->lines = xcalloc(c->n_lines + 1, sizeof *h->lines);
	h->n_lines = c->n_lines;
	for (size_t i = 0; i < c->n_lines; i++) {
		order_history_line *l = &h->lines[i];
		line_item_copy(&l->line, &c->lines[i]);
		const catalog_item *it = set ? catalog_find_item(set, c->lines[i].item_id) : NULL;
		l->name = dup_or_null(it ? it->name : NULL);
		if (set)
			option_names(set, &c->lines[i], &l->options, 0);
		l->has_price = set && pricing_unit_price(set, &c->lines[i], &l->unit_price, NULL) &&
			       pricing_line_total(set, &c->lines[i], &l->line_total, NULL);
	}
}

/* The record of journal entry e: what was sent (its body), what the server answered (may be
   NULL) and what the shop still knows about the store and its menu. */
static void build_record(shop *s, const journal_entry *e, const external_order *answer,
			 order_history_entry *h)
{
	memset(h, 0, sizeof *h);
	h->idempotency_key = xstrdup(e->key);
	json_t *root = json_loads(e->body, 0, NULL);
	json_err je;
	place_order_request *req = root ? place_order_request_from_json(root, &je) : NULL;
	json_decref(root);
	const external_order *sent = req ? &req->order : NULL;
	const cart *c = sent && sent->cart ? sent->cart : answer ? answer->cart : NULL;
	const char *order_id =
	    answer && answer->gett_order_id ? answer->gett_order_id : e->gett_order_id;
	h->gett_order_id = dup_or_null(order_id);
	h->partner_order_id = dup_or_null(answer ? answer->partner_order_id : NULL);
	time_t placed = 0;
	if (!answer || !answer->placed_at || !timestamp_parse(answer->placed_at, &placed))
		placed = e->finished_at ? e->finished_at : e->created_at;
	h->placed_at = placed ? placed : time(NULL);
	catalog_set *owned = NULL;
	if (c) {
		h->store_id = dup_or_null(c->store_id);
		h->catalog_set_id = dup_or_null(c->catalog_set_id);
		const store *st = known_store(s, c->store_id);
		if (st) {
			h->store_name = dup_or_null(st->name);
			h->time_zone = dup_or_null(st->time_zone);
		}
		record_lines(h, c, known_set(s, c->catalog_set_id, &owned));
	}
	catalog_set_free(owned);
	/* The amounts as the server returned them: the place answer's, else those validated and
	   echoed byte for byte in the request (§2.10). */
	const amounts *a = answer && answer->amounts ? answer->amounts
			   : sent		     ? sent->amounts
						     : NULL;
	if (a) {
		h->amounts = xcalloc(1, sizeof *h->amounts);
		amounts_copy(h->amounts, a);
	}
	const external_order *how = sent ? sent : answer;
	if (how) {
		h->fulfillment_type = dup_or_null(how->fulfillment_type);
		const external_delivery_info *di = how->delivery_info;
		if (fulfillment_kind_of(how->fulfillment_type) == FULFILLMENT_KIND_DELIVERY && di) {
			if (di->address) {
				h->address = xcalloc(1, sizeof *h->address);
				external_address_copy(h->address, di->address);
			}
			h->instructions = dup_or_null(di->instructions);
		}
	}
	if (req) {
		size_t p = shop_payment_find(s, &req->payment);
		if (p != SIZE_MAX)
			h->payment_label = xstrdup(s->payments[p].label);
	}
	if (answer && (answer->state || answer->status)) {
		h->state = dup_or_null(answer->state);
		h->status = dup_or_null(answer->status);
		h->cancel_reason = dup_or_null(answer->cancel_reason);
		h->status_at = time(NULL);
	}
	place_order_request_free(req);
}

static void record(shop *s, const journal_entry *e, const external_order *answer)
{
	order_history_entry h;
	build_record(s, e, answer, &h);
	char err[4600] = "";
	if (!order_history_add(s->hist.file, &h, err, sizeof err))
		shop_set_notice(s, err);
	order_history_entry_clear(&h);
}

/* ------------------------------------------------------------------ agreeing with the journal */

static bool has_key(shop *s, const journal_entry *e, const void *key)
{
	(void)s;
	return strcmp(e->key, key) == 0;
}

void shop_journal_placed(shop *s, const char *key, const external_order *answer)
{
	shop_journal_finish(s, key, JOURNAL_PLACED, answer ? answer->gett_order_id : NULL);
	if (!s->hist.file)
		return;
	if (order_history_find(s->hist.file, key)) {
		/* Finished again (ORDER_ALREADY_PLACED resolved to it): the record made when it
		   was placed stays, and learns the status read now. */
		shop_history_note_order(s, answer);
		return;
	}
	journal_entry *e = shop_journal_find(s, JOURNAL_STATE_PLACED, true, has_key, key);
	if (!e)
		return; /* not recorded as placed (the notice says why): nothing to agree with */
	/* Another user's entry (replayed here) is recorded by that user's history at its start;
	   an entry that names nobody is recorded by the shop that learns it was placed. */
	if (!e->user || strcmp(e->user, s->user) == 0)
		record(s, e, answer);
	journal_entries_free(e, 1);
}

/* Whether the entry would be kept by a full history (older than every record kept: no). */
static bool fits(const order_history *h, const journal_entry *e)
{
	size_t n = order_history_count(h);
	if (n < ORDER_HISTORY_MAX)
		return true;
	time_t t = e->finished_at ? e->finished_at : e->created_at;
	return t >= order_history_at(h, n - 1)->placed_at;
}

/* The app stopped after the journal said placed and before the history was written: the
   journal's placed entries of this user that the history lacks are recorded now. */
static void reconcile(shop *s)
{
	size_t n;
	journal_entry *v = shop_journal_list(s, JOURNAL_STATE_PLACED, &n);
	for (size_t i = 0; i < n; i++) {
		const journal_entry *e = &v[i];
		if (!e->user || strcmp(e->user, s->user) != 0 ||
		    order_history_find(s->hist.file, e->key) || !fits(s->hist.file, e))
			continue;
		record(s, e, NULL);
	}
	journal_entries_free(v, n);
}

bool shop_history_init(shop *s, const char *state_dir, char *err, size_t err_len)
{
	char *dir = state_dir ? xdg_path_join(state_dir, "orders") : NULL;
	char problem[4600];
	s->hist.file =
	    order_history_open(dir, s->base_url, s->user, problem, sizeof problem, err, err_len);
	free(dir);
	if (!s->hist.file)
		return false;
	if (problem[0])
		shop_set_notice(s, problem);
	journal_set_user(s->journal, s->user);
	return true;
}

void shop_history_start(shop *s)
{
	reconcile(s);
}

/* Stops reading the order shown and forgets it; `key` (may be NULL) is the one shown next. */
static void show_order(shop *s, const char *key)
{
	api_slot_cancel(&s->hist.call);
	free(s->hist.open_key);
	s->hist.open_key = xstrdup(key);
	external_order_free(s->hist.order);
	s->hist.order = NULL;
	s->hist.unknown = false;
}

void shop_history_free(shop *s)
{
	show_order(s, NULL);
	order_history_close(s->hist.file);
	s->hist.file = NULL;
}

/* ------------------------------------------------------------------ reading */

size_t shop_history_count(const shop *s)
{
	return s->hist.file ? order_history_count(s->hist.file) : 0;
}

const order_history_entry *shop_history_at(const shop *s, size_t index)
{
	return s->hist.file ? order_history_at(s->hist.file, index) : NULL;
}

const char *shop_history_path(const shop *s)
{
	return s->hist.file ? order_history_path(s->hist.file) : NULL;
}

const order_history_entry *shop_history_opened(const shop *s)
{
	return s->hist.file && s->hist.open_key ? order_history_find(s->hist.file, s->hist.open_key)
						: NULL;
}

const external_order *shop_history_order(const shop *s)
{
	return s->hist.order;
}

bool shop_history_unknown(const shop *s)
{
	return s->hist.unknown;
}

unsigned shop_history_note_order(shop *s, const external_order *o)
{
	if (!s->hist.file || !o || !o->gett_order_id ||
	    !order_history_find_order(s->hist.file, o->gett_order_id))
		return 0;
	char err[4600] = "";
	if (!order_history_set_status(s->hist.file, o->gett_order_id, o->state, o->status,
				      o->cancel_reason, time(NULL), err, sizeof err))
		shop_set_notice(s, err);
	return SHOP_CHANGED_HISTORY;
}

unsigned shop_history_note_store(shop *s, const store *st)
{
	if (!s->hist.file || !st || !st->store_id)
		return 0;
	bool changed = false;
	char err[4600] = "";
	if (!order_history_set_store(s->hist.file, st->store_id, st->name, st->time_zone, &changed,
				     err, sizeof err))
		shop_set_notice(s, err);
	return changed ? SHOP_CHANGED_HISTORY : 0;
}

void shop_history_note_unknown(shop *s, bool *unknown)
{
	/* docs/tui.md: the status line gives sentences, never ids. */
	if (!*unknown)
		shop_set_notice(s, _("The server no longer knows this order; the status shown is "
				     "the last one read."));
	*unknown = true;
}

static void on_history_read(api_result *r, void *user)
{
	shop *s = user;
	if (!api_slot_finish(&s->hist.call, r))
		return;
	unsigned changes = SHOP_CHANGED_HISTORY | SHOP_CHANGED_BUSY;
	const order_history_entry *open = shop_history_opened(s);
	if (r->outcome == API_OK && r->order && open && open->gett_order_id &&
	    r->order->gett_order_id && strcmp(r->order->gett_order_id, open->gett_order_id) == 0) {
		external_order_free(s->hist.order);
		s->hist.order = r->order;
		r->order = NULL;
		changes |= shop_history_note_order(s, s->hist.order);
		s->hist.unknown = false;
	} else if (r->outcome != API_OK && r->status == 404 && open) {
		shop_history_note_unknown(s, &s->hist.unknown);
	} else if (r->outcome != API_OK) {
		shop_set_notice_from(s, r);
	}
	shop_notify(s, changes);
}

void shop_history_refresh(shop *s)
{
	const order_history_entry *e = shop_history_opened(s);
	if (!e || !e->gett_order_id)
		return;
	api_slot_start(&s->hist.call, api_order_get(s->api, e->gett_order_id, on_history_read, s));
	shop_notify(s, SHOP_CHANGED_BUSY);
}

void shop_history_open(shop *s, size_t index)
{
	const order_history_entry *e = shop_history_at(s, index);
	if (!e)
		return;
	show_order(s, e->idempotency_key);
	shop_notify(s, SHOP_CHANGED_HISTORY);
	shop_history_refresh(s);
}

void shop_history_close(shop *s)
{
	show_order(s, NULL);
	shop_notify(s, SHOP_CHANGED_HISTORY | SHOP_CHANGED_BUSY);
}

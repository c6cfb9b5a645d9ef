/*
 * File: {"version":1,"baseUrl":"…","user":"…","orders":[<record>…]}, newest first, where a
 * record is
 *   {"idempotencyKey","gettOrderId","partnerOrderId","placedAt","catalogSetId",
 *    "store":{"storeId","name","timeZone"},
 *    "lines":[{"line":<line_item_to_json>,"name","options":[…],"unitPrice","lineTotal"}],
 *    "amounts":<as the server returned them>,
 *    "fulfillment":{"type","address":<external_address>,"instructions"},"payment":"label",
 *    "status":{"state","status","cancelReason","readAt"}}
 * Optional members are left out when unknown.
 */
#include "persist/order_history.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/jsonx.h"
#include "base/timestamp.h"
#include "persist/keyed_file.h"

#define ORDER_HISTORY_VERSION 1

/* Namespace of the history file names (a fixed random UUID; never change it, or every history
   is orphaned). */
static const char history_namespace[] = "b3f4a6c2-1d7e-4f0a-8c55-6e2d9a1b7c40";

struct order_history {
	keyed_file file;
	size_t limit;
	order_history_entry *v; /* newest first */
	size_t n;
};

/* ------------------------------------------------------------------ entries */

/* The record's plain members, each run where it stands: the ids after idempotencyKey, the
   members of "store" and of "status" (before readAt), a line's after "line". */
static const jsonx_member entry_ids[] = {
    JSONX_MEMBER("gettOrderId", STRING, OPTIONAL, order_history_entry, gett_order_id),
    JSONX_MEMBER("partnerOrderId", STRING, OPTIONAL, order_history_entry, partner_order_id),
};
static const jsonx_member entry_store[] = {
    JSONX_MEMBER("storeId", STRING, OPTIONAL, order_history_entry, store_id),
    JSONX_MEMBER("name", STRING, OPTIONAL, order_history_entry, store_name),
    JSONX_MEMBER("timeZone", STRING, OPTIONAL, order_history_entry, time_zone),
};
static const jsonx_member entry_status[] = {
    JSONX_MEMBER("state", STRING, OPTIONAL, order_history_entry, state),
    JSONX_MEMBER("status", STRING, OPTIONAL, order_history_entry, status),
    JSONX_MEMBER("cancelReason", STRING, OPTIONAL, order_history_entry, cancel_reason),
};
static const jsonx_member line_members[] = {
    JSONX_MEMBER("name", STRING, OPTIONAL, order_history_line, name),
    JSONX_MEMBER("options", STR_LIST, OPTIONAL, order_history_line, options),
};

void order_history_line_clear(order_history_line *l)
{
	line_item_clear(&l->line);
	jsonx_free_members(JSONX_ROWS(line_members), l);
	memset(l, 0, sizeof *l);
}

void order_history_entry_clear(order_history_entry *e)
{
	free(e->idempotency_key);
	jsonx_free_members(JSONX_ROWS(entry_ids), e);
	jsonx_free_members(JSONX_ROWS(entry_store), e);
	free(e->catalog_set_id);
	JSONX_FREE_ARRAY(e->lines, e->n_lines, order_history_line_clear);
	amounts_free(e->amounts);
	free(e->fulfillment_type);
	if (e->address) {
		external_address_clear(e->address);
		free(e->address);
	}
	free(e->instructions);
	free(e->payment_label);
	jsonx_free_members(JSONX_ROWS(entry_status), e);
	memset(e, 0, sizeof *e);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void order_history_entry_copy(order_history_entry *dst, const order_history_entry *src)
{
	memset(dst, 0, sizeof *dst);
	dst->idempotency_key = dup_or_null(src->idempotency_key);
	jsonx_copy_members(JSONX_ROWS(entry_ids), dst, src);
	jsonx_copy_members(JSONX_ROWS(entry_store), dst, src);
	dst->catalog_set_id = dup_or_null(src->catalog_set_id);
	dst->placed_at = src->placed_at;
	dst->lines = xcalloc(src->n_lines + 1, sizeof *dst->lines);
	dst->n_lines = src->n_lines;
	for (size_t i = 0; i < src->n_lines; i++) {
		const order_history_line *s = &src->lines[i];
		order_history_line *d = &dst->lines[i];
		line_item_copy(&d->line, &s->line);
		jsonx_copy_members(JSONX_ROWS(line_members), d, s);
		d->unit_price = s->unit_price;
		d->line_total = s->line_total;
		d->has_price = s->has_price;
	}
	if (src->amounts) {
		dst->amounts = xcalloc(1, sizeof *dst->amounts);
		amounts_copy(dst->amounts, src->amounts);
	}
	dst->fulfillment_type = dup_or_null(src->fulfillment_type);
	if (src->address) {
		dst->address = xcalloc(1, sizeof *dst->address);
		external_address_copy(dst->address, src->address);
	}
	dst->instructions = dup_or_null(src->instructions);
	dst->payment_label = dup_or_null(src->payment_label);
	jsonx_copy_members(JSONX_ROWS(entry_status), dst, src);
	dst->status_at = src->status_at;
}

static void entries_free(order_history_entry *v, size_t n)
{
	JSONX_FREE_ARRAY(v, n, order_history_entry_clear);
}

/* ------------------------------------------------------------------ encoding */

static void set_time(json_t *obj, const char *key, time_t t)
{
	char buf[TIMESTAMP_MAX];
	json_object_set_new(obj, key, json_string(timestamp_format(t, buf)));
}

/* NULL when a text is not valid UTF-8 (jansson refuses it): such a record is not written. */
static json_t *entry_to_json(const order_history_entry *e)
{
	json_t *o = json_object();
	bool ok = json_object_set_new(o, "idempotencyKey", json_string(e->idempotency_key)) == 0;
	jsonx_write_members(o, JSONX_ROWS(entry_ids), e);
	set_time(o, "placedAt", e->placed_at);
	jsonx_set_string(o, "catalogSetId", e->catalog_set_id);
	json_t *st = json_object();
	jsonx_write_members(st, JSONX_ROWS(entry_store), e);
	json_object_set_new(o, "store", st);
	json_t *lines = json_array();
	for (size_t i = 0; i < e->n_lines; i++) {
		const order_history_line *l = &e->lines[i];
		json_t *lj = json_object();
		ok = ok && json_object_set_new(lj, "line", line_item_to_json(&l->line)) == 0;
		jsonx_write_members(lj, JSONX_ROWS(line_members), l);
		if (l->has_price) {
			json_object_set_new(lj, "unitPrice", money_to_json(l->unit_price));
			json_object_set_new(lj, "lineTotal", money_to_json(l->line_total));
		}
		json_array_append_new(lines, lj);
	}
	json_object_set_new(o, "lines", lines);
	if (e->amounts)
		json_object_set_new(o, "amounts", amounts_to_json(e->amounts));
	json_t *f = json_object();
	jsonx_set_string(f, "type", e->fulfillment_type);
	if (e->address)
		json_object_set_new(f, "address", external_address_to_json(e->address));
	jsonx_set_string(f, "instructions", e->instructions);
	json_object_set_new(o, "fulfillment", f);
	jsonx_set_string(o, "payment", e->payment_label);
	if (e->state || e->status || e->cancel_reason || e->status_at) {
		json_t *s = json_object();
		jsonx_write_members(s, JSONX_ROWS(entry_status), e);
		if (e->status_at)
			set_time(s, "readAt", e->status_at);
		json_object_set_new(o, "status", s);
	}
	/* jsonx_set_string leaves out what jansson refused: compare the texts that were given. */
	const char *given[] = {
	    e->gett_order_id, e->partner_order_id, e->store_id,	      e->store_name,
	    e->time_zone,     e->payment_label,	   e->instructions,   e->state,
	    e->status,	      e->cancel_reason,	   e->catalog_set_id, e->fulfillment_type};
	for (size_t i = 0; ok && i < sizeof given / sizeof given[0]; i++) {
		json_t *t = given[i] ? json_string(given[i]) : NULL;
		ok = !given[i] || t;
		json_decref(t);
	}
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static bool get_time(const json_t *obj, const char *key, const char *path, bool required,
		     time_t *out, json_err *e)
{
	char *text = NULL;
	if (!jsonx_get_string(obj, key, path, required, &text, e))
		return false;
	bool ok = !text || timestamp_parse(text, out);
	if (!ok)
		json_err_set(e, path, _("%s is not a timestamp"), key);
	free(text);
	return ok;
}

static bool line_from_json(const json_t *v, const char *path, order_history_line *l, json_err *e)
{
	json_t *line = NULL;
	bool has_unit = false, has_total = false;
	char lpath[160];
	snprintf(lpath, sizeof lpath, "%s.line", path);
	return jsonx_expect_object(v, path, e) &&
	       jsonx_get_object(v, "line", path, true, &line, e) &&
	       line_item_from_json(line, lpath, &l->line, e) &&
	       jsonx_read_members(v, path, JSONX_ROWS(line_members), l, e) &&
	       jsonx_get_money(v, "unitPrice", path, false, &l->unit_price, &has_unit, e) &&
	       jsonx_get_money(v, "lineTotal", path, false, &l->line_total, &has_total, e) &&
	       ((l->has_price = has_unit && has_total), true);
}

static bool entry_from_json(const json_t *v, const char *path, order_history_entry *o, json_err *e)
{
	json_t *st = NULL, *lines = NULL, *am = NULL, *f = NULL, *status = NULL;
	bool ok = jsonx_expect_object(v, path, e) &&
		  jsonx_get_string(v, "idempotencyKey", path, true, &o->idempotency_key, e) &&
		  jsonx_read_members(v, path, JSONX_ROWS(entry_ids), o, e) &&
		  get_time(v, "placedAt", path, true, &o->placed_at, e) &&
		  jsonx_get_string(v, "catalogSetId", path, false, &o->catalog_set_id, e) &&
		  jsonx_get_object(v, "store", path, false, &st, e) &&
		  jsonx_get_array(v, "lines", path, false, &lines, e) &&
		  jsonx_get_object(v, "amounts", path, false, &am, e) &&
		  jsonx_get_object(v, "fulfillment", path, false, &f, e) &&
		  jsonx_get_string(v, "payment", path, false, &o->payment_label, e) &&
		  jsonx_get_object(v, "status", path, false, &status, e);
	char sub[96];
	if (ok && st) {
		snprintf(sub, sizeof sub, "%s.store", path);
		ok = jsonx_read_members(st, sub, JSONX_ROWS(entry_store), o, e);
	}
	if (ok && lines) {
		o->lines = xcalloc(json_array_size(lines) + 1, sizeof *o->lines);
		for (size_t i = 0; ok && i < json_array_size(lines); i++) {
			snprintf(sub, sizeof sub, "%s.lines[%zu]", path, i);
			ok = line_from_json(json_array_get(lines, i), sub, &o->lines[i], e);
			o->n_lines = i + 1; /* cleared with the rest on failure */
		}
	}
	if (ok && am)
		ok = (o->amounts = amounts_from_json(am, e)) != NULL;
	if (ok && f) {
		json_t *addr = NULL;
		snprintf(sub, sizeof sub, "%s.fulfillment", path);
		ok = jsonx_get_string(f, "type", sub, false, &o->fulfillment_type, e) &&
		     jsonx_get_object(f, "address", sub, false, &addr, e) &&
		     jsonx_get_string(f, "instructions", sub, false, &o->instructions, e);
		if (ok && addr) {
			o->address = xcalloc(1, sizeof *o->address);
			snprintf(sub, sizeof sub, "%s.fulfillment.address", path);
			ok = external_address_parse(addr, sub, o->address, e);
		}
	}
	if (ok && status) {
		snprintf(sub, sizeof sub, "%s.status", path);
		ok = jsonx_read_members(status, sub, JSONX_ROWS(entry_status), o, e) &&
		     get_time(status, "readAt", sub, false, &o->status_at, e);
	}
	if (!ok)
		order_history_entry_clear(o);
	return ok;
}

/* ------------------------------------------------------------------ file */

/* Newest placed first; records placed in the same second keep their order (the one added
   last first), so the sort is stable: an insertion sort, for at most ORDER_HISTORY_MAX + 1. */
static void sort_newest_first(order_history_entry *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		order_history_entry e = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1].placed_at < e.placed_at; j--)
			v[j] = v[j - 1];
		v[j] = e;
	}
}

/* The records of a file (after its header). */
typedef struct records {
	order_history_entry *v;
	size_t n;
} records;

static bool decode(const json_t *root, void *out, char *why, size_t why_len)
{
	records *r = out;
	json_err e = {0};
	json_t *orders = NULL;
	bool ok = jsonx_get_array(root, "orders", "$", true, &orders, &e);
	if (!ok)
		json_err_text(&e, why, why_len);
	size_t count = ok ? json_array_size(orders) : 0;
	order_history_entry *v = xcalloc(count + 1, sizeof *v);
	size_t got = 0;
	for (size_t i = 0; ok && i < count; i++) {
		char path[32];
		snprintf(path, sizeof path, "$.orders[%zu]", i);
		ok = entry_from_json(json_array_get(orders, i), path, &v[got], &e);
		if (!ok)
			json_err_text(&e, why, why_len);
		else
			got++;
	}
	if (!ok) {
		entries_free(v, got);
		return false;
	}
	/* Keys are unique: the first (newest written) wins. */
	size_t k = 0;
	for (size_t i = 0; i < got; i++) {
		bool dup = false;
		for (size_t j = 0; j < k && !dup; j++)
			dup = strcmp(v[j].idempotency_key, v[i].idempotency_key) == 0;
		if (dup)
			order_history_entry_clear(&v[i]);
		else
			v[k++] = v[i];
	}
	sort_newest_first(v, k);
	r->v = v;
	r->n = k;
	return true;
}

/* Reads the file into *v; a damaged one is set aside, both failures described in `problem`. */
static keyed_file_read read_file(const order_history *h, order_history_entry **v, size_t *n,
				 char *problem, size_t problem_len)
{
	records r = {0};
	keyed_file_read got =
	    keyed_file_load(&h->file, ORDER_HISTORY_VERSION, decode, &r, _("the order history"),
			    _("the history starts empty"), problem, problem_len);
	*v = r.v;
	*n = r.n;
	return got;
}

static bool write_file(const order_history *h, const order_history_entry *v, size_t n, char *err,
		       size_t err_len)
{
	json_t *root = keyed_file_root(&h->file, ORDER_HISTORY_VERSION);
	json_t *orders = json_array();
	bool complete = root != NULL;
	for (size_t i = 0; complete && i < n; i++) {
		json_t *o = entry_to_json(&v[i]);
		complete = o != NULL;
		json_array_append_new(orders, o);
	}
	if (complete)
		json_object_set_new(root, "orders", orders);
	else
		json_decref(orders);
	bool ok = keyed_file_write(&h->file, complete ? root : NULL, _("the order history"), err,
				   err_len);
	json_decref(root);
	return ok;
}

/* ------------------------------------------------------------------ public */

order_history *order_history_open(const char *dir, const char *base_url, const char *user,
				  char *problem, size_t problem_len, char *err, size_t err_len)
{
	problem[0] = '\0';
	order_history *h = xcalloc(1, sizeof *h);
	if (!keyed_file_init(&h->file, dir, "orders", history_namespace, base_url, user, err,
			     err_len)) {
		free(h);
		return NULL;
	}
	h->limit = ORDER_HISTORY_MAX;
	read_file(h, &h->v, &h->n, problem, problem_len);
	return h;
}

void order_history_close(order_history *h)
{
	if (!h)
		return;
	entries_free(h->v, h->n);
	keyed_file_clear(&h->file);
	free(h);
}

const char *order_history_path(const order_history *h)
{
	return h->file.path;
}

void order_history_set_limit(order_history *h, size_t limit)
{
	h->limit = limit ? limit : ORDER_HISTORY_MAX;
}

size_t order_history_count(const order_history *h)
{
	return h->n;
}

const order_history_entry *order_history_at(const order_history *h, size_t index)
{
	return index < h->n ? &h->v[index] : NULL;
}

const order_history_entry *order_history_find(const order_history *h, const char *key)
{
	for (size_t i = 0; key && i < h->n; i++)
		if (strcmp(h->v[i].idempotency_key, key) == 0)
			return &h->v[i];
	return NULL;
}

const order_history_entry *order_history_find_order(const order_history *h,
						    const char *gett_order_id)
{
	for (size_t i = 0; gett_order_id && i < h->n; i++)
		if (h->v[i].gett_order_id && strcmp(h->v[i].gett_order_id, gett_order_id) == 0)
			return &h->v[i];
	return NULL;
}

/* The records on disk (another process may have added some), else those in memory. */
static void load_latest(order_history *h, order_history_entry **v, size_t *n)
{
	char problem[4600];
	if (read_file(h, v, n, problem, sizeof problem) == KEYED_FILE_OK)
		return;
	/* Missing (deleted), damaged (set aside) or unreadable: what this process knows. */
	*v = xcalloc(h->n + 1, sizeof **v);
	for (size_t i = 0; i < h->n; i++)
		order_history_entry_copy(&(*v)[i], &h->v[i]);
	*n = h->n;
}

/* Writes v (sorted, bounded) and adopts it; frees it on failure. */
static bool commit(order_history *h, order_history_entry *v, size_t n, char *err, size_t err_len)
{
	sort_newest_first(v, n);
	while (n > h->limit)
		order_history_entry_clear(&v[--n]);
	if (!write_file(h, v, n, err, err_len)) {
		entries_free(v, n);
		return false;
	}
	entries_free(h->v, h->n);
	h->v = v;
	h->n = n;
	return true;
}

bool order_history_add(order_history *h, const order_history_entry *e, char *err, size_t err_len)
{
	if (!e->idempotency_key || !*e->idempotency_key) {
		snprintf(err, err_len, "%s", _("an order without an Idempotency-Key"));
		return false;
	}
	order_history_entry *v;
	size_t n;
	load_latest(h, &v, &n);
	v = xrealloc(v, (n + 2) * sizeof *v);
	size_t at = n;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].idempotency_key, e->idempotency_key) == 0)
			at = i;
	if (at < n) { /* replaced where it is */
		order_history_entry_clear(&v[at]);
	} else { /* a new one goes first among those placed in the same second */
		memmove(v + 1, v, n * sizeof *v);
		at = 0;
		n++;
	}
	order_history_entry_copy(&v[at], e);
	return commit(h, v, n, err, err_len);
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static void set_text(char **dst, const char *src)
{
	free(*dst);
	*dst = dup_or_null(src);
}

bool order_history_set_status(order_history *h, const char *gett_order_id, const char *state,
			      const char *status, const char *cancel_reason, time_t at, char *err,
			      size_t err_len)
{
	const order_history_entry *known = order_history_find_order(h, gett_order_id);
	if (!known) {
		snprintf(err, err_len, _("no order %s in the order history"),
			 gett_order_id ? gett_order_id : "");
		return false;
	}
	if (same_text(known->state, state) && same_text(known->status, status) &&
	    same_text(known->cancel_reason, cancel_reason))
		return true; /* nothing new: the file is not rewritten for every poll */
	order_history_entry *v;
	size_t n;
	load_latest(h, &v, &n);
	order_history_entry *e = NULL;
	for (size_t i = 0; i < n && !e; i++)
		if (v[i].gett_order_id && strcmp(v[i].gett_order_id, gett_order_id) == 0)
			e = &v[i];
	if (!e) { /* another process dropped it (the bound): keep ours */
		v = xrealloc(v, (n + 2) * sizeof *v);
		order_history_entry_copy(&v[n], known);
		e = &v[n++];
	}
	set_text(&e->state, state);
	set_text(&e->status, status);
	set_text(&e->cancel_reason, cancel_reason);
	e->status_at = at;
	return commit(h, v, n, err, err_len);
}

/* Whether record e lacks what the store can tell. */
static bool lacks_store(const order_history_entry *e, const char *store_id, const char *name,
			const char *time_zone)
{
	return e->store_id && strcmp(e->store_id, store_id) == 0 &&
	       ((!e->store_name && name) || (!e->time_zone && time_zone));
}

bool order_history_set_store(order_history *h, const char *store_id, const char *name,
			     const char *time_zone, bool *changed, char *err, size_t err_len)
{
	*changed = false;
	bool any = false;
	for (size_t i = 0; store_id && i < h->n && !any; i++)
		any = lacks_store(&h->v[i], store_id, name, time_zone);
	if (!any)
		return true;
	order_history_entry *v;
	size_t n;
	load_latest(h, &v, &n);
	for (size_t i = 0; i < n; i++) {
		order_history_entry *e = &v[i];
		if (!lacks_store(e, store_id, name, time_zone))
			continue;
		if (!e->store_name)
			e->store_name = dup_or_null(name);
		if (!e->time_zone)
			e->time_zone = dup_or_null(time_zone);
	}
	*changed = commit(h, v, n, err, err_len);
	return *changed;
}

/*
 * Loading the demo data (data/README.md) and managing users' saved addresses and cards.
 * Every parse error names the file and the JSON path, so broken data is easy to fix.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sha256.h"
#include "wire/store.h"
#include "world.h"

static char *lower_dup(const char *s)
{
	char *d = xstrdup(s);
	for (char *p = d; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

static bool fail(char *err, size_t n, const char *file, const json_err *jerr)
{
	char buf[600];
	snprintf(err, n, "%s: %s", file, json_err_text(jerr, buf, sizeof buf));
	return false;
}

static json_t *load_json(const char *path, char *err, size_t n)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, JSON_DECODE_ANY, &jerr);
	if (!root && jerr.line >= 1)
		snprintf(err, n, "%s: line %d column %d: %s", path, jerr.line, jerr.column,
			 jerr.text);
	else if (!root)
		snprintf(err, n, "%s: %s", path, jerr.text);
	return root;
}

/* A top-level array, or an object wrapping it under `key`. */
static json_t *list_of(json_t *root, const char *key)
{
	if (json_is_array(root))
		return root;
	json_t *arr = json_object_get(root, key);
	return json_is_array(arr) ? arr : NULL;
}

/* ------------------------------------------------------------------ stores */

static bool parse_extra(const json_t *obj, const char *path, sbx_store_extra *x, json_err *err)
{
	memset(x, 0, sizeof *x);
	if (!obj)
		return true;
	long long tax = 0;
	money fee_bp = 0;
	if (!jsonx_expect_object(obj, path, err) ||
	    !jsonx_get_number(obj, "deliveryRadiusMiles", path, false, &x->delivery_radius_miles,
			      err) ||
	    !jsonx_get_money(obj, "deliveryFee", path, false, &x->delivery_fee, NULL, err) ||
	    /* A percentage read as "money" gives hundredths of a percent: basis points, exactly. */
	    !jsonx_get_money(obj, "serviceFeePercent", path, false, &fee_bp, NULL, err) ||
	    !jsonx_get_int(obj, "taxRateBasisPoints", path, false, &tax, err) ||
	    !jsonx_get_bool(obj, "exclusive", path, false, &x->exclusive, err) ||
	    !jsonx_get_bool(obj, "closed", path, false, &x->closed, err))
		return false;
	x->service_fee_bp = fee_bp;
	x->tax_rate_bp = tax;
	json_t *promo = json_object_get(obj, "promotion");
	if (promo && !json_is_null(promo))
		x->promotion = json_incref(promo);
	return true;
}

static void fill_store(sbx_store *s, const store *m)
{
	s->store_id = lower_dup(m->store_id);
	s->name = xstrdup(m->name);
	s->description = xstrdup(m->description);
	s->catalog_set_id = m->catalog_set_id ? lower_dup(m->catalog_set_id) : NULL;
	s->time_zone = xstrdup(m->time_zone);
	if (m->address && m->address->location) {
		s->has_location = true;
		s->latitude = m->address->location->latitude;
		s->longitude = m->address->location->longitude;
	}
	s->delivery_allowed = m->delivery_allowed;
	s->pickup_allowed = m->pickup_allowed;
	s->accepts_delivery_tips = m->options.accepts_delivery_tips;
	s->accepts_pickup_tips = m->options.accepts_pickup_tips;
	s->has_minimum_order = m->options.has_minimum_order_amount;
	s->minimum_order = m->options.minimum_order_amount;
	s->has_savings = m->has_savings;
	s->savings = m->savings;
	s->rating = m->has_rating ? m->rating : 0;
	/* Synthetic tags are computed per response; drop any the data carries. */
	static const char *const synthetic[] = {"Closest", "Popular", "Savings", "Exclusive"};
	for (size_t i = 0; i < m->categories.n; i++) {
		bool skip = false;
		for (size_t k = 0; k < 4; k++)
			skip = skip || strcmp(m->categories.v[i], synthetic[k]) == 0;
		if (!skip)
			str_list_push(&s->categories, m->categories.v[i]);
	}
	s->availability.published = m->availability.published;
	s->availability.n = m->availability.n;
	s->availability.v = NULL;
	if (m->availability.n) {
		s->availability.v = xcalloc(m->availability.n, sizeof *s->availability.v);
		memcpy(s->availability.v, m->availability.v,
		       m->availability.n * sizeof *s->availability.v);
	}
	/* Served as the client's model writes it, without the members computed on output (never
	   trust the data for them). */
	store view = *m; /* shares m's strings: nothing of it is freed */
	view.store_id = s->store_id;
	view.has_is_accepting_orders = view.has_distance_miles = false;
	view.highlights = NULL;
	view.matched_dishes = NULL;
	view.n_matched_dishes = 0;
	s->wire = store_copy(&view);
}

static bool load_store(sbx_world *w, const json_t *obj, const char *path, const char *file,
		       char *err, size_t n)
{
	json_err jerr = {0};
	if (!jsonx_expect_object(obj, path, &jerr))
		return fail(err, n, file, &jerr);
	char xpath[256];
	jsonx_path_key(xpath, sizeof xpath, path, "_sandbox");
	store m; /* `_sandbox` is not the model's: store_parse passes over it */
	sbx_store_extra extra;
	if (!store_parse(obj, path, &m, &jerr))
		return fail(err, n, file, &jerr);
	if (!wire_is_uuid(m.store_id)) {
		json_err_set(&jerr, path, "storeId \"%s\" is not a GUID", m.store_id);
		store_clear(&m);
		return fail(err, n, file, &jerr);
	}
	if (!parse_extra(json_object_get(obj, "_sandbox"), xpath, &extra, &jerr)) {
		store_clear(&m);
		return fail(err, n, file, &jerr);
	}
	if (world_find_store(w, m.store_id)) {
		json_err_set(&jerr, path, "duplicate storeId %s", m.store_id);
		store_clear(&m);
		json_decref(extra.promotion);
		return fail(err, n, file, &jerr);
	}
	sbx_store *s = xcalloc(1, sizeof *s);
	s->extra = extra;
	fill_store(s, &m);
	store_clear(&m);
	strmap_put(w->stores, s->store_id, s);
	return true;
}

static bool load_catalog(sbx_world *w, const char *id, char *err, size_t n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/catalogs/%s.json", w->config.data_dir, id);
	json_t *root = load_json(path, err, n);
	if (!root)
		return false;
	json_err jerr = {0};
	catalog_set *set = catalog_set_from_json(root, &jerr);
	if (!set) {
		json_decref(root);
		return fail(err, n, path, &jerr);
	}
	sbx_catalog_entry *e = xcalloc(1, sizeof *e);
	e->catalog_set_id = xstrdup(id);
	e->set = set;
	if (!json_object_get(root, "catalogSetId"))
		json_object_set_new(root, "catalogSetId", json_string(id));
	e->wire = root;
	char *text = jsonx_dumps(root);
	char hex[2 * SHA256_DIGEST_LEN + 1];
	sha256_hex(text, strlen(text), hex);
	free(text);
	snprintf(e->etag, sizeof e->etag, "\"%.32s\"", hex);
	strmap_put(w->catalog_sets, id, e);
	return true;
}

static bool load_stores(sbx_world *w, char *err, size_t n)
{
	char file[4096];
	snprintf(file, sizeof file, "%s/stores.json", w->config.data_dir);
	json_t *root = load_json(file, err, n);
	if (!root)
		return false;
	json_t *arr = list_of(root, "stores");
	bool ok = arr != NULL;
	if (!ok)
		snprintf(err, n, "%s: expected an array of stores (or {\"stores\": [...]})", file);
	for (size_t i = 0; ok && i < json_array_size(arr); i++) {
		char path[64];
		jsonx_path_index(path, sizeof path, arr == root ? "$" : "$.stores", i);
		ok = load_store(w, json_array_get(arr, i), path, file, err, n);
	}
	json_decref(root);
	/* Every referenced catalog set must load (data integrity, and §2.7 needs them). */
	for (size_t i = 0; ok && i < strmap_count(w->stores); i++) {
		const sbx_store *s = strmap_value_at(w->stores, i);
		if (s->catalog_set_id && !world_find_catalog(w, s->catalog_set_id))
			ok = load_catalog(w, s->catalog_set_id, err, n);
	}
	return ok;
}

/* ------------------------------------------------------------------ users */

/* Lower-case, trimmed, inner whitespace collapsed, for the dedup hash. */
static void append_normalised(char *buf, size_t n, const char *s)
{
	size_t len = strlen(buf);
	bool space = false;
	for (; s && *s && len + 2 < n; s++) {
		if (isspace((unsigned char)*s)) {
			space = len > 0 && buf[len - 1] != '|';
			continue;
		}
		if (space)
			buf[len++] = ' ';
		space = false;
		buf[len++] = (char)tolower((unsigned char)*s);
	}
	if (len + 1 < n)
		buf[len++] = '|';
	buf[len] = '\0';
}

static void guid_from_digest(const uint8_t *d, char out[37])
{
	uint8_t b[16];
	memcpy(b, d, 16);
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40); /* looks like v4 */
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

sbx_address *sbx_user_add_address(const sbx_world *w, sbx_user *user,
				  const external_address *address, const char *instructions,
				  bool *existed)
{
	const char *const fields[] = {address->address1, address->address2, address->city,
				      address->state, address->postal_code};
	char norm[1024] = "";
	for (size_t i = 0; i < 5; i++)
		append_normalised(norm, sizeof norm, fields[i]);
	char hash[2 * SHA256_DIGEST_LEN + 1];
	sha256_hex(norm, strlen(norm), hash);
	for (size_t i = 0; i < user->n_addresses; i++) {
		if (strcmp(user->addresses[i]->hash, hash) == 0) {
			if (existed)
				*existed = true;
			return user->addresses[i];
		}
	}
	if (existed)
		*existed = false;
	char seed[256];
	uint8_t d[SHA256_DIGEST_LEN];
	snprintf(seed, sizeof seed, "%s|%s", user->user_id, hash);
	sha256(seed, strlen(seed), d);
	sbx_address *a = xcalloc(1, sizeof *a);
	char id[37];
	guid_from_digest(d, id);
	a->address_id = xstrdup(id);
	a->hash = xstrdup(hash);
	a->instructions = xstrdup(instructions);
	external_address_copy(&a->address, address);
	double loc[2];
	if (!address->location && sbx_geocode(w, address, loc)) {
		a->address.location = xmalloc(sizeof *a->address.location);
		*a->address.location = (location){loc[0], loc[1]};
	}
	user->addresses =
	    xrealloc(user->addresses, (user->n_addresses + 1) * sizeof *user->addresses);
	user->addresses[user->n_addresses++] = a;
	return a;
}

sbx_payment *sbx_user_add_payment(sbx_user *user, const char *card_type, const char *last_four,
				  const char *expiration)
{
	sbx_payment *p = xcalloc(1, sizeof *p);
	p->payment_id = sbx_new_id();
	p->card_type = xstrdup(card_type);
	p->last_four = xstrdup(last_four);
	p->expiration_date = xstrdup(expiration);
	user->payments = xrealloc(user->payments, (user->n_payments + 1) * sizeof *user->payments);
	user->payments[user->n_payments++] = p;
	return p;
}

sbx_user *world_add_user(sbx_world *w, const char *email, const char *first_name,
			 const char *last_name)
{
	sbx_user *u = xcalloc(1, sizeof *u);
	u->user_id = sbx_new_id();
	u->email = xstrdup(email);
	u->first_name = xstrdup(first_name);
	u->last_name = xstrdup(last_name);
	strmap_put(w->users, u->user_id, u);
	return u;
}

void sbx_address_wire(const sbx_address *a, user_address_response *out)
{
	*out = (user_address_response){.user_address_id = xstrdup(a->address_id),
				       .address = xcalloc(1, sizeof *out->address),
				       .instructions = xstrdup(a->instructions)};
	external_address_copy(out->address, &a->address);
}

external_address sbx_address_of_input(const address_input *in)
{
	return (external_address){.address1 = in->address1,
				  .address2 = in->address2,
				  .city = in->city,
				  .postal_code = in->postal_code,
				  .state = in->state};
}

/* Saved addresses in users.json: {userAddressId?, address: ExternalAddress, instructions?}; the
   data may pin an address's location. */
static bool load_user_addresses(const sbx_world *w, sbx_user *u, const json_t *obj,
				const char *path, json_err *err)
{
	json_t *arr = NULL;
	char apath[256];
	jsonx_path_key(apath, sizeof apath, path, "addresses");
	if (!jsonx_get_array(obj, "addresses", path, false, &arr, err))
		return false;
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *e = json_array_get(arr, i), *addr = NULL;
		char epath[256], addr_path[300];
		jsonx_path_index(epath, sizeof epath, apath, i);
		jsonx_path_key(addr_path, sizeof addr_path, epath, "address");
		char *instructions = NULL, *id = NULL;
		external_address address = {0};
		bool ok = jsonx_expect_object(e, epath, err) &&
			  jsonx_get_object(e, "address", epath, true, &addr, err) &&
			  external_address_parse(addr, addr_path, &address, err) &&
			  jsonx_get_string(e, "instructions", epath, false, &instructions, err) &&
			  jsonx_get_string(e, "userAddressId", epath, false, &id, err);
		if (ok) {
			sbx_address *a = sbx_user_add_address(w, u, &address, instructions, NULL);
			/* The data's own id is kept, so its references stay valid. */
			if (id && wire_is_uuid(id)) {
				free(a->address_id);
				a->address_id = lower_dup(id);
			}
		}
		external_address_clear(&address);
		free(instructions);
		free(id);
		if (!ok)
			return false;
	}
	return true;
}

/* Saved cards in users.json are UserPaymentResponses ({paymentId?, cardType, lastFour,
   expirationDate?}). */
static bool load_user_payments(sbx_user *u, const json_t *obj, const char *path, json_err *err)
{
	json_t *arr = NULL;
	char ppath[256];
	jsonx_path_key(ppath, sizeof ppath, path, "payments");
	if (!jsonx_get_array(obj, "payments", path, false, &arr, err))
		return false;
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *e = json_array_get(arr, i);
		char epath[256];
		jsonx_path_index(epath, sizeof epath, ppath, i);
		char *id = NULL, *type = NULL, *four = NULL, *exp = NULL;
		bool ok = jsonx_expect_object(e, epath, err) &&
			  jsonx_get_string(e, "paymentId", epath, false, &id, err) &&
			  jsonx_get_string(e, "cardType", epath, true, &type, err) &&
			  jsonx_get_string(e, "lastFour", epath, true, &four, err) &&
			  jsonx_get_string(e, "expirationDate", epath, false, &exp, err);
		if (ok) {
			sbx_payment *p = sbx_user_add_payment(u, type, four, exp);
			if (id && wire_is_uuid(id)) {
				free(p->payment_id);
				p->payment_id = lower_dup(id);
			}
		}
		free(id);
		free(type);
		free(four);
		free(exp);
		if (!ok)
			return false;
	}
	return true;
}

static bool load_user(sbx_world *w, const json_t *obj, const char *path, json_err *err)
{
	char *id = NULL, *email = NULL, *first = NULL, *last = NULL;
	bool ok = jsonx_expect_object(obj, path, err) &&
		  jsonx_get_string(obj, "userId", path, false, &id, err) &&
		  jsonx_get_string(obj, "email", path, true, &email, err) &&
		  jsonx_get_string(obj, "firstName", path, false, &first, err) &&
		  jsonx_get_string(obj, "lastName", path, false, &last, err);
	if (ok && !id) { /* the demo data has none: derive a stable one from the email */
		char *key = lower_dup(email);
		uint8_t d[SHA256_DIGEST_LEN];
		sha256(key, strlen(key), d);
		free(key);
		char guid[37];
		guid_from_digest(d, guid);
		id = xstrdup(guid);
	}
	if (ok && world_find_user_by_email(w, email)) {
		json_err_set(err, path, "duplicate email %s", email);
		ok = false;
	}
	if (ok && !wire_is_uuid(id)) {
		json_err_set(err, path, "userId \"%s\" is not a GUID", id);
		ok = false;
	}
	if (ok && world_find_user(w, id)) {
		json_err_set(err, path, "duplicate userId %s", id);
		ok = false;
	}
	sbx_user *u = NULL;
	if (ok) {
		u = xcalloc(1, sizeof *u);
		u->user_id = lower_dup(id);
		u->email = xstrdup(email);
		u->first_name = xstrdup(first);
		u->last_name = xstrdup(last);
		strmap_put(w->users, u->user_id, u);
		ok =
		    jsonx_get_string(obj, "phone", path, false, &u->phone, err) &&
		    jsonx_get_string(obj, "partnerUserId", path, false, &u->partner_user_id, err) &&
		    load_user_addresses(w, u, obj, path, err) &&
		    load_user_payments(u, obj, path, err) &&
		    jsonx_get_string(obj, "lastPaymentId", path, false, &u->last_payment_id, err) &&
		    jsonx_get_string(obj, "lastUserAddressId", path, false,
				     &u->last_user_address_id, err);
	}
	if (ok && u->last_payment_id && !sbx_user_find_payment(u, u->last_payment_id)) {
		json_err_set(err, path, "lastPaymentId %s is not one of the user's payments",
			     u->last_payment_id);
		ok = false;
	}
	if (ok && u->last_user_address_id && !sbx_user_find_address(u, u->last_user_address_id)) {
		json_err_set(err, path, "lastUserAddressId %s is not one of the user's addresses",
			     u->last_user_address_id);
		ok = false;
	}
	free(id);
	free(email);
	free(first);
	free(last);
	return ok;
}

static bool load_users(sbx_world *w, char *err, size_t n)
{
	char file[4096];
	snprintf(file, sizeof file, "%s/users.json", w->config.data_dir);
	FILE *probe = fopen(file, "r");
	if (!probe)
		return true; /* optional: a sandbox without demo users still works */
	fclose(probe);
	json_t *root = load_json(file, err, n);
	if (!root)
		return false;
	json_t *arr = list_of(root, "users");
	bool ok = arr != NULL;
	json_err jerr = {0};
	if (!ok)
		snprintf(err, n, "%s: expected an array of users (or {\"users\": [...]})", file);
	for (size_t i = 0; ok && i < json_array_size(arr); i++) {
		char path[64];
		jsonx_path_index(path, sizeof path, arr == root ? "$" : "$.users", i);
		ok = load_user(w, json_array_get(arr, i), path, &jerr);
		if (!ok)
			fail(err, n, file, &jerr);
	}
	json_decref(root);
	return ok;
}

bool world_load(sbx_world *w, sbx_config *config, char *err, size_t n)
{
	memset(w, 0, sizeof *w);
	pthread_mutex_init(&w->lock, NULL);
	w->config = *config;
	memset(config, 0, sizeof *config);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	w->clock_origin_mono_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	w->stores = strmap_new();
	w->catalog_sets = strmap_new();
	w->users = strmap_new();
	w->sessions = strmap_new();
	sbx_new_guid(w->session_secret);
	w->fulfillment = strmap_new();
	w->orders = strmap_new();
	w->idempotency = strmap_new();
	if (!load_stores(w, err, n) || !load_users(w, err, n)) {
		world_free(w);
		return false;
	}
	return true;
}

/*
 * Place-order journal. One file per idempotency key:
 *   {"version":1,"idempotencyKey":"…","baseUrl":"…","body":"<exact request text>",
 *    "createdAt":"2026-03-11T14:30:00Z","state":"pending"}
 * finish rewrites it with "state":"placed"|"failed"|"abandoned", "finishedAt" and
 * "gettOrderId".
 */
#include "persist/journal.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/jsonx.h"
#include "base/timestamp.h"
#include "base/xdg.h"
#include "wire/wire.h"

#define JOURNAL_VERSION 1
#define FILE_SUFFIX	".json"

struct journal {
	char *dir;
	char *user; /* written into the entries begun (journal_set_user); may be NULL */
};

/* Indexed by journal_state. */
static const char *const state_names[] = {"pending", "placed", "failed", "abandoned"};

/* A parsed journal file: the entry with its state and outcome. */
typedef struct record {
	journal_entry entry;
} record;

static void record_clear(record *r)
{
	journal_entry_clear(&r->entry);
}

void journal_entry_clear(journal_entry *entry)
{
	free(entry->base_url);
	free(entry->body);
	free(entry->gett_order_id);
	free(entry->user);
	memset(entry, 0, sizeof *entry);
}

/* ------------------------------------------------------------------- keys */

void journal_new_key(char key[JOURNAL_KEY_LEN + 1])
{
	uuid_t id;
	uuid_generate_random(id);
	uuid_unparse_lower(id, key);
}

bool journal_key_valid(const char *key)
{
	/* Lower case only: a key names a file, and one key must not have two names. */
	if (!wire_is_uuid(key))
		return false;
	for (const char *p = key; *p; p++)
		if (isupper((unsigned char)*p))
			return false;
	return true;
}

static char *entry_path(const journal *j, const char *key)
{
	char name[JOURNAL_KEY_LEN + sizeof FILE_SUFFIX];
	snprintf(name, sizeof name, "%s%s", key, FILE_SUFFIX);
	return xdg_path_join(j->dir, name);
}

/* --------------------------------------------------------------- open/close */

journal *journal_open(const char *dir, char *err, size_t err_len)
{
	char *path = xdg_app_subdir_made(dir, XDG_STATE, "journal",
					 _("cannot create the order journal %s: %s"), err, err_len);
	if (!path)
		return NULL;
	journal *j = xcalloc(1, sizeof *j);
	j->dir = path;
	journal_prune(j, time(NULL));
	return j;
}

void journal_close(journal *j)
{
	if (!j)
		return;
	free(j->dir);
	free(j->user);
	free(j);
}

void journal_set_user(journal *j, const char *user)
{
	free(j->user);
	j->user = user ? xstrdup(user) : NULL;
}

const char *journal_dir(const journal *j)
{
	return j->dir;
}

/* ------------------------------------------------------------ file format */

static bool state_of(const char *name, journal_state *out)
{
	for (int s = JOURNAL_STATE_PENDING; s <= JOURNAL_STATE_ABANDONED; s++)
		if (strcmp(name, state_names[s]) == 0) {
			*out = (journal_state)s;
			return true;
		}
	return false;
}

static bool decode_record(const char *text, size_t len, const char *key, record *r, char *why,
			  size_t why_len)
{
	long long version = 0;
	json_t *root = jsonx_load_versioned(text, len, &version, why, why_len);
	if (!root)
		return false;
	json_err e = {0};
	char *file_key = NULL, *state = NULL, *created = NULL, *finished = NULL;
	json_t *seen = json_object_get(root, "seen");
	r->entry.seen = !json_is_false(seen); /* absent: written before it existed, seen */
	bool ok = jsonx_get_string(root, "idempotencyKey", "$", true, &file_key, &e) &&
		  jsonx_get_string(root, "baseUrl", "$", true, &r->entry.base_url, &e) &&
		  jsonx_get_string(root, "body", "$", true, &r->entry.body, &e) &&
		  jsonx_get_string(root, "createdAt", "$", true, &created, &e) &&
		  jsonx_get_string(root, "state", "$", true, &state, &e) &&
		  jsonx_get_string(root, "finishedAt", "$", false, &finished, &e) &&
		  jsonx_get_string(root, "gettOrderId", "$", false, &r->entry.gett_order_id, &e) &&
		  jsonx_get_string(root, "user", "$", false, &r->entry.user, &e);
	if (!ok)
		json_err_text(&e, why, why_len);
	else if (version != JOURNAL_VERSION)
		snprintf(why, why_len, _("unsupported version %lld"), version);
	else if (strcmp(file_key, key) != 0)
		snprintf(why, why_len, _("idempotencyKey does not match the file name"));
	else if (!timestamp_parse(created, &r->entry.created_at) ||
		 (finished && !timestamp_parse(finished, &r->entry.finished_at)))
		snprintf(why, why_len, _("bad timestamp"));
	else if (!state_of(state, &r->entry.state))
		snprintf(why, why_len, _("unknown state"));
	else if (r->entry.state != JOURNAL_STATE_PENDING && !finished)
		snprintf(why, why_len, _("finished entry without finishedAt"));
	ok = ok && why[0] == '\0';
	snprintf(r->entry.key, sizeof r->entry.key, "%s", key);
	free(file_key);
	free(state);
	free(created);
	free(finished);
	json_decref(root);
	if (!ok)
		record_clear(r);
	return ok;
}

static bool write_record(const journal *j, const record *r, char *err, size_t err_len)
{
	json_t *url = json_string(r->entry.base_url), *body = json_string(r->entry.body);
	if (!url || !body) { /* jansson refuses invalid UTF-8 */
		json_decref(url);
		json_decref(body);
		snprintf(err, err_len, _("the order request is not valid UTF-8 text"));
		return false;
	}
	json_t *root = json_object();
	char created[TIMESTAMP_MAX], finished[TIMESTAMP_MAX];
	timestamp_format(r->entry.created_at, created);
	json_object_set_new(root, "version", json_integer(JOURNAL_VERSION));
	json_object_set_new(root, "idempotencyKey", json_string(r->entry.key));
	json_object_set_new(root, "baseUrl", url);
	json_object_set_new(root, "body", body);
	json_object_set_new(root, "createdAt", json_string(created));
	json_object_set_new(root, "state", json_string(state_names[r->entry.state]));
	if (r->entry.user && json_object_set_new(root, "user", json_string(r->entry.user)) != 0) {
		json_decref(root);
		snprintf(err, err_len, _("the user's name is not valid UTF-8 text"));
		return false;
	}
	if (r->entry.state != JOURNAL_STATE_PENDING) {
		timestamp_format(r->entry.finished_at, finished);
		json_object_set_new(root, "finishedAt", json_string(finished));
		jsonx_set_string(root, "gettOrderId", r->entry.gett_order_id);
		if (r->entry.state == JOURNAL_STATE_PLACED)
			json_object_set_new(root, "seen", json_boolean(r->entry.seen));
	}
	char *text = jsonx_dumps(root);
	json_decref(root);
	char *path = entry_path(j, r->entry.key);
	bool ok = file_write_atomic(path, text, strlen(text), 0600);
	if (!ok)
		snprintf(err, err_len, _("cannot write the order journal entry %s: %s"), path,
			 strerror(errno));
	free(path);
	free(text);
	return ok;
}

typedef enum load_result { LOAD_OK, LOAD_MISSING, LOAD_DAMAGED, LOAD_IO_ERROR } load_result;

/*
 * Reads the entry for key. A damaged file is described in `problem` and, when set_aside,
 * renamed to *.corrupt; an I/O error is described there too but the file stays.
 */
static load_result load_record(const journal *j, const char *key, bool set_aside, record *r,
			       char *problem, size_t problem_len)
{
	memset(r, 0, sizeof *r);
	char *path = entry_path(j, key);
	char *text;
	size_t len;
	load_result res = LOAD_OK;
	if (!file_read(path, &text, &len)) {
		res = errno == ENOENT ? LOAD_MISSING : LOAD_IO_ERROR;
		if (res == LOAD_IO_ERROR)
			snprintf(problem, problem_len,
				 _("cannot read the order journal entry %s: %s"), path,
				 strerror(errno));
		free(path);
		return res;
	}
	char why[300] = "";
	if (!decode_record(text, len, key, r, why, sizeof why)) {
		char aside[4096];
		res = LOAD_DAMAGED;
		if (!set_aside)
			snprintf(problem, problem_len, _("order journal entry %s is damaged (%s)"),
				 path, why);
		else if (file_set_aside(path, ".corrupt", aside, sizeof aside))
			snprintf(problem, problem_len,
				 _("order journal entry %s is damaged (%s); it was moved to %s"),
				 path, why, aside);
		else
			snprintf(problem, problem_len,
				 _("order journal entry %s is damaged (%s) and could not be moved "
				   "aside: %s"),
				 path, why, strerror(errno));
	}
	free(text);
	free(path);
	return res;
}

/* ---------------------------------------------------------------- begin/finish */

static bool check_key(const char *key, char *err, size_t err_len)
{
	if (journal_key_valid(key))
		return true;
	snprintf(err, err_len, _("idempotency key is not a lowercase UUID"));
	return false;
}

bool journal_begin(journal *j, const char *key, const char *base_url, const char *body, char *err,
		   size_t err_len)
{
	if (!check_key(key, err, err_len))
		return false;
	record r;
	char problem[4600] = "";
	switch (load_record(j, key, true, &r, problem, sizeof problem)) {
	case LOAD_OK: {
		bool same = r.entry.state == JOURNAL_STATE_PENDING &&
			    strcmp(r.entry.base_url, base_url) == 0 &&
			    strcmp(r.entry.body, body) == 0;
		if (!same)
			snprintf(err, err_len,
				 r.entry.state == JOURNAL_STATE_PENDING
				     ? _("idempotency key %s is already used for a different order")
				     : _("the order with idempotency key %s is already finished"),
				 key);
		record_clear(&r);
		return same;
	}
	case LOAD_IO_ERROR:
		snprintf(err, err_len, "%s", problem);
		return false;
	case LOAD_MISSING:
	case LOAD_DAMAGED: /* set aside; start afresh */
		break;
	}
	r.entry.base_url = (char *)base_url;
	r.entry.body = (char *)body;
	r.entry.user = j->user;
	snprintf(r.entry.key, sizeof r.entry.key, "%s", key);
	r.entry.created_at = time(NULL);
	r.entry.state = JOURNAL_STATE_PENDING;
	return write_record(j, &r, err, err_len);
}

bool journal_finish(journal *j, const char *key, journal_outcome outcome, const char *gett_order_id,
		    char *err, size_t err_len)
{
	if (!check_key(key, err, err_len))
		return false;
	record r;
	char problem[4600] = "";
	load_result res = load_record(j, key, true, &r, problem, sizeof problem);
	if (res == LOAD_MISSING)
		snprintf(err, err_len, _("no order journal entry for idempotency key %s"), key);
	else if (res != LOAD_OK)
		snprintf(err, err_len, "%s", problem);
	if (res != LOAD_OK)
		return false;
	journal_state target = (journal_state)outcome;
	bool ok = true;
	/* An abandoned entry may still learn its real outcome (ORDER_ALREADY_PLACED resolved). */
	bool open = r.entry.state == JOURNAL_STATE_PENDING ||
		    (r.entry.state == JOURNAL_STATE_ABANDONED && target != JOURNAL_STATE_ABANDONED);
	if (open) {
		r.entry.state = target;
		r.entry.finished_at = time(NULL);
		free(r.entry.gett_order_id);
		r.entry.gett_order_id = outcome == JOURNAL_PLACED ? xstrdup(gett_order_id) : NULL;
		r.entry.seen = false; /* until journal_mark_seen */
		ok = write_record(j, &r, err, err_len);
	} else if (r.entry.state != target) {
		snprintf(err, err_len,
			 _("the order with idempotency key %s already finished as %s"), key,
			 state_names[r.entry.state]);
		ok = false;
	}
	record_clear(&r);
	return ok;
}

bool journal_mark_seen(journal *j, const char *key, char *err, size_t err_len)
{
	if (!check_key(key, err, err_len))
		return false;
	record r;
	char problem[4600] = "";
	load_result res = load_record(j, key, true, &r, problem, sizeof problem);
	if (res != LOAD_OK) {
		snprintf(err, err_len, "%s",
			 problem[0] ? problem : _("no order journal entry for this key"));
		return false;
	}
	bool ok = true;
	if (r.entry.state == JOURNAL_STATE_PLACED && !r.entry.seen) {
		r.entry.seen = true;
		ok = write_record(j, &r, err, err_len);
	}
	record_clear(&r);
	return ok;
}

/* ----------------------------------------------------------------- scanning */

/* The keys of the entries in the directory; other *.json names go to strays when wanted. */
static bool list_keys(journal *j, str_list *keys, str_list *strays, char *err, size_t err_len)
{
	DIR *d = opendir(j->dir);
	if (!d) {
		snprintf(err, err_len, _("cannot read the order journal %s: %s"), j->dir,
			 strerror(errno));
		return false;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		size_t len = strlen(name);
		size_t sl = strlen(FILE_SUFFIX);
		/* Hidden names are atomic_file temporaries, never entries. */
		if (name[0] == '.' || len <= sl || strcmp(name + len - sl, FILE_SUFFIX) != 0)
			continue;
		if (len - sl == JOURNAL_KEY_LEN) {
			char key[JOURNAL_KEY_LEN + 1];
			memcpy(key, name, JOURNAL_KEY_LEN);
			key[JOURNAL_KEY_LEN] = '\0';
			if (journal_key_valid(key)) {
				str_list_push(keys, key);
				continue;
			}
		}
		if (strays)
			str_list_push(strays, name);
	}
	closedir(d);
	return true;
}

/* Files that cannot be entries are moved aside, one message each. */
static void set_aside_strays(journal *j, const str_list *strays, str_list *problems)
{
	for (size_t i = 0; i < strays->n; i++) {
		char *path = xdg_path_join(j->dir, strays->v[i]);
		char aside[4096], msg[8400];
		if (file_set_aside(path, ".corrupt", aside, sizeof aside))
			snprintf(msg, sizeof msg,
				 _("%s is not named after an idempotency key; it was moved to %s"),
				 path, aside);
		else
			snprintf(msg, sizeof msg, _("%s is not named after an idempotency key"),
				 path);
		str_list_push(problems, msg);
		free(path);
	}
}

/*
 * Calls visit() for every readable record. With `problems`, damaged files are set aside
 * and reported there; without, they are left alone for a scan that can report them.
 */
static bool scan(journal *j, str_list *problems, char *err, size_t err_len,
		 void (*visit)(record *r, void *ctx), void *ctx)
{
	str_list keys = {0}, strays = {0};
	if (!list_keys(j, &keys, problems ? &strays : NULL, err, err_len))
		return false;
	set_aside_strays(j, &strays, problems);
	for (size_t i = 0; i < keys.n; i++) {
		record r;
		char problem[4600] = "";
		if (load_record(j, keys.v[i], problems != NULL, &r, problem, sizeof problem) ==
		    LOAD_OK)
			visit(&r, ctx);
		else if (problem[0] && problems)
			str_list_push(problems, problem);
		record_clear(&r);
	}
	str_list_clear(&keys);
	str_list_clear(&strays);
	return true;
}

typedef struct collect_ctx {
	const char *base_url;
	journal_state state;
	journal_entry *v;
	size_t n;
} collect_ctx;

static void collect(record *r, void *ctx)
{
	collect_ctx *p = ctx;
	if (r->entry.state != p->state || (p->base_url && strcmp(r->entry.base_url, p->base_url)))
		return;
	p->v = xrealloc(p->v, (p->n + 1) * sizeof *p->v);
	p->v[p->n++] = r->entry; /* moves the strings */
	memset(&r->entry, 0, sizeof r->entry);
}

static int by_age(const void *a, const void *b)
{
	const journal_entry *x = a, *y = b;
	if (x->created_at != y->created_at)
		return x->created_at < y->created_at ? -1 : 1;
	return strcmp(x->key, y->key);
}

bool journal_list(journal *j, const char *base_url, journal_state state, journal_entry **entries,
		  size_t *n, str_list *problems, char *err, size_t err_len)
{
	collect_ctx p = {.base_url = base_url, .state = state};
	*entries = NULL;
	*n = 0;
	if (!scan(j, problems, err, err_len, collect, &p))
		return false;
	if (p.n > 1)
		qsort(p.v, p.n, sizeof *p.v, by_age);
	*entries = p.v;
	*n = p.n;
	return true;
}

bool journal_pending(journal *j, const char *base_url, journal_entry **entries, size_t *n,
		     str_list *problems, char *err, size_t err_len)
{
	return journal_list(j, base_url, JOURNAL_STATE_PENDING, entries, n, problems, err, err_len);
}

void journal_entries_free(journal_entry *entries, size_t n)
{
	JSONX_FREE_ARRAY(entries, n, journal_entry_clear);
}

bool journal_key_for_body(journal *j, const char *base_url, const char *body,
			  char key[JOURNAL_KEY_LEN + 1], str_list *problems, char *err,
			  size_t err_len)
{
	journal_entry *v;
	size_t n;
	if (!journal_pending(j, base_url, &v, &n, problems, err, err_len))
		return false;
	bool found = false;
	for (size_t i = 0; i < n && !found; i++)
		if (strcmp(v[i].body, body) == 0) {
			memcpy(key, v[i].key, JOURNAL_KEY_LEN + 1);
			found = true;
		}
	journal_entries_free(v, n);
	if (!found)
		journal_new_key(key);
	return true;
}

bool journal_replay_safe(const journal_entry *entry, time_t now)
{
	return now - entry->created_at < JOURNAL_REPLAY_WINDOW_SECONDS;
}

typedef struct prune_ctx {
	journal *j;
	time_t now;
	size_t removed;
} prune_ctx;

static void prune_one(record *r, void *ctx)
{
	prune_ctx *p = ctx;
	if (r->entry.state == JOURNAL_STATE_PENDING ||
	    p->now - r->entry.finished_at < JOURNAL_KEEP_FINISHED_SECONDS)
		return;
	char *path = entry_path(p->j, r->entry.key);
	if (file_remove_durable(path))
		p->removed++;
	free(path);
}

size_t journal_prune(journal *j, time_t now)
{
	prune_ctx p = {.j = j, .now = now};
	char err[256];
	/* Damaged files stay where they are, for journal_pending to report. */
	scan(j, NULL, err, sizeof err, prune_one, &p);
	return p.removed;
}

#include "base/jsonx.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/file.h"
#include "base/i18n.h"
#include "base/xalloc.h"

void json_err_set(json_err *err, const char *path, const char *fmt, ...)
{
	if (!err)
		return;
	snprintf(err->path, sizeof err->path, "%s", path ? path : "$");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
}

const char *json_err_text(const json_err *err, char *buf, size_t n)
{
	snprintf(buf, n, "%s: %s", err->path, err->message);
	return buf;
}

/* Keys that are not plain identifiers are quoted: $.items["a b"]. */
static bool is_plain_key(const char *key)
{
	if (!*key)
		return false;
	for (const char *c = key; *c; c++)
		if (*c == '.' || *c == '[' || *c == ']' || *c == '"' || *c == ' ')
			return false;
	return true;
}

/* buf = the NULL-ended parts one after another, cut to n - 1 bytes like snprintf. Paths are
   made for every entry of a catalog read or linted: snprintf took a tenth of that time. */
static void path_concat(char *buf, size_t n, const char *const *parts)
{
	if (n == 0)
		return;
	size_t used = 0;
	for (; *parts && used < n - 1; parts++) {
		size_t len = strlen(*parts);
		if (len > n - 1 - used)
			len = n - 1 - used;
		memcpy(buf + used, *parts, len);
		used += len;
	}
	buf[used] = '\0';
}

void jsonx_path_key(char *buf, size_t n, const char *parent, const char *key)
{
	if (is_plain_key(key))
		path_concat(buf, n, (const char *const[]){parent, ".", key, NULL});
	else
		path_concat(buf, n, (const char *const[]){parent, "[\"", key, "\"]", NULL});
}

void jsonx_path_index(char *buf, size_t n, const char *parent, size_t index)
{
	snprintf(buf, n, "%s[%zu]", parent, index);
}

const char *jsonx_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
		return "integer";
	case JSON_REAL:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "boolean";
	case JSON_NULL:
		return "null";
	}
	return "unknown";
}

bool jsonx_fail_key(json_err *err, const char *parent, const char *key, const char *fmt, ...)
{
	if (!err)
		return false;
	char child[sizeof err->path]; /* parent may be err->path itself */
	jsonx_path_key(child, sizeof child, parent, key);
	snprintf(err->path, sizeof err->path, "%s", child);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return false;
}

bool jsonx_has(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	return v && !json_is_null(v);
}

/* 3.0 is an integer written loosely; 3.5 is not. */
bool jsonx_is_integral(const json_t *v)
{
	if (json_is_integer(v))
		return true;
	double d = json_real_value(v); /* 0 for anything but a real */
	return json_is_real(v) && d == floor(d) && fabs(d) < 9e15;
}

bool jsonx_is(const json_t *v, jsonx_kind kind)
{
	switch (kind) {
	case JSONX_STRING:
		return json_is_string(v);
	case JSONX_BOOL:
		return json_is_boolean(v);
	case JSONX_INTEGER:
		return jsonx_is_integral(v);
	case JSONX_NUMBER:
		return json_is_number(v);
	case JSONX_OBJECT:
		return json_is_object(v);
	case JSONX_ARRAY:
		return json_is_array(v);
	}
	return false;
}

/* The member `key` of obj as it is there: NULL when absent (or obj is no object), maybe null. */
static json_t *lookup(const json_t *obj, const char *key)
{
	return json_is_object(obj) ? json_object_get(obj, key) : NULL;
}

static bool wrong_type(const json_t *v, const char *path, const char *key, const char *expected,
		       json_err *err)
{
	return jsonx_fail_key(err, path, key, "expected %s, got %s", expected, jsonx_type_name(v));
}

/* The member `key` (found as `found`, see lookup) checked: false (with err) when it is required
   and absent or when it is not of `kind` (`expected` names what it should be). *value is NULL if
   absent or null. The getters below take what was found, so that reading many members of one
   object can find them all in one pass (read_members). */
static bool typed_value(json_t *found, const char *key, const char *path, bool required,
			jsonx_kind kind, const char *expected, json_t **value, json_err *err)
{
	*value = json_is_null(found) ? NULL : found;
	if (!*value && required)
		return jsonx_fail_key(err, path, key, "required field is missing");
	if (*value && !jsonx_is(*value, kind))
		return wrong_type(*value, path, key, expected, err);
	return true;
}

static bool typed_member(const json_t *obj, const char *key, const char *path, bool required,
			 jsonx_kind kind, const char *expected, json_t **value, json_err *err)
{
	return typed_value(lookup(obj, key), key, path, required, kind, expected, value, err);
}

/* A copy of the string v: in `strings` when given (its length is known: no strlen), else by
   malloc. */
static char *copy_string(arena *strings, const json_t *v)
{
	return strings ? arena_strndup(strings, json_string_value(v), json_string_length(v))
		       : xstrdup(json_string_value(v));
}

/* jsonx_get_string of what was found, copying into `strings` (when given) instead of by
   malloc. */
static bool string_found(arena *strings, json_t *found, const char *key, const char *path,
			 bool required, char **out, json_err *err)
{
	json_t *v;
	if (!typed_value(found, key, path, required, JSONX_STRING, "a string", &v, err))
		return false;
	if (!v)
		return true;
	if (!strings)
		free(*out);
	*out = copy_string(strings, v);
	return true;
}

bool jsonx_get_string(const json_t *obj, const char *key, const char *path, bool required,
		      char **out, json_err *err)
{
	return string_found(NULL, lookup(obj, key), key, path, required, out, err);
}

bool jsonx_get_string_in(arena *strings, const json_t *obj, const char *key, const char *path,
			 bool required, char **out, json_err *err)
{
	return string_found(strings, lookup(obj, key), key, path, required, out, err);
}

static bool bool_found(json_t *found, const char *key, const char *path, bool required, bool *out,
		       json_err *err)
{
	json_t *v;
	if (!typed_value(found, key, path, required, JSONX_BOOL, "a boolean", &v, err))
		return false;
	if (!v)
		return true;
	*out = json_is_true(v);
	return true;
}

bool jsonx_get_bool(const json_t *obj, const char *key, const char *path, bool required, bool *out,
		    json_err *err)
{
	return bool_found(lookup(obj, key), key, path, required, out, err);
}

static bool int_found(json_t *found, const char *key, const char *path, bool required,
		      long long *out, json_err *err)
{
	json_t *v;
	if (!typed_value(found, key, path, required, JSONX_INTEGER, "an integer", &v, err))
		return false;
	if (!v)
		return true;
	*out = json_is_integer(v) ? json_integer_value(v) : (long long)json_real_value(v);
	return true;
}

bool jsonx_get_int(const json_t *obj, const char *key, const char *path, bool required,
		   long long *out, json_err *err)
{
	return int_found(lookup(obj, key), key, path, required, out, err);
}

static bool number_found(json_t *found, const char *key, const char *path, bool required,
			 double *out, json_err *err)
{
	json_t *v;
	if (!typed_value(found, key, path, required, JSONX_NUMBER, "a number", &v, err))
		return false;
	if (!v)
		return true;
	*out = json_number_value(v);
	return true;
}

bool jsonx_get_number(const json_t *obj, const char *key, const char *path, bool required,
		      double *out, json_err *err)
{
	return number_found(lookup(obj, key), key, path, required, out, err);
}

static bool money_found(json_t *found, const char *key, const char *path, bool required, money *out,
			bool *present, json_err *err)
{
	json_t *v;
	if (present)
		*present = false;
	if (!typed_value(found, key, path, required, JSONX_NUMBER, "a number", &v, err))
		return false;
	if (!v)
		return true;
	money m;
	if (money_from_json(v, &m) == MONEY_INVALID)
		return jsonx_fail_key(err, path, key, "amount out of range");
	*out = m;
	if (present)
		*present = true;
	return true;
}

bool jsonx_get_money(const json_t *obj, const char *key, const char *path, bool required,
		     money *out, bool *present, json_err *err)
{
	return money_found(lookup(obj, key), key, path, required, out, present, err);
}

/* jsonx_get_str_list of what was found, with the list (its array and its strings) in `strings`
   when given: one allocation for the array, as its size is known. */
static bool str_list_found(arena *strings, json_t *found, const char *key, const char *path,
			   bool required, str_list *out, json_err *err)
{
	json_t *v;
	if (!typed_value(found, key, path, required, JSONX_ARRAY, "an array of strings", &v, err))
		return false;
	if (!v)
		return true;
	if (strings)
		*out = (str_list){0};
	else
		str_list_clear(out);
	size_t n = json_array_size(v);
	if (n == 0)
		return true;
	out->v =
	    strings ? arena_alloc_array(strings, n, sizeof *out->v) : xcalloc(n, sizeof *out->v);
	size_t i;
	json_t *s;
	json_array_foreach (v, i, s) {
		if (!json_is_string(s)) {
			char p[256], pi[280];
			jsonx_path_key(p, sizeof p, path, key);
			jsonx_path_index(pi, sizeof pi, p, i);
			json_err_set(err, pi, "expected a string, got %s", jsonx_type_name(s));
			if (!strings)
				str_list_clear(out);
			return false;
		}
		out->v[out->n++] = copy_string(strings, s);
	}
	return true;
}

bool jsonx_get_str_list(const json_t *obj, const char *key, const char *path, bool required,
			str_list *out, json_err *err)
{
	return str_list_found(NULL, lookup(obj, key), key, path, required, out, err);
}

/* An object or array member handed out as it is: *out is NULL unless it is there and fits. */
static bool typed_container(const json_t *obj, const char *key, const char *path, bool required,
			    jsonx_kind kind, const char *expected, json_t **out, json_err *err)
{
	*out = NULL;
	json_t *v;
	if (!typed_member(obj, key, path, required, kind, expected, &v, err))
		return false;
	*out = v;
	return true;
}

bool jsonx_get_object(const json_t *obj, const char *key, const char *path, bool required,
		      json_t **out, json_err *err)
{
	return typed_container(obj, key, path, required, JSONX_OBJECT, "an object", out, err);
}

bool jsonx_get_array(const json_t *obj, const char *key, const char *path, bool required,
		     json_t **out, json_err *err)
{
	return typed_container(obj, key, path, required, JSONX_ARRAY, "an array", out, err);
}

bool jsonx_expect_object(const json_t *v, const char *path, json_err *err)
{
	if (json_is_object(v))
		return true;
	json_err_set(err, path, "expected an object, got %s", v ? jsonx_type_name(v) : "nothing");
	return false;
}

json_t *jsonx_load_versioned(const char *text, size_t len, long long *version, char *why,
			     size_t why_len)
{
	json_error_t jerr;
	json_t *root = json_loadb(text, len, 0, &jerr);
	if (!root) {
		snprintf(why, why_len, _("not JSON: %s"), jerr.text);
		return NULL;
	}
	json_err e = {0};
	if (!jsonx_expect_object(root, "$", &e) ||
	    !jsonx_get_int(root, "version", "$", true, version, &e)) {
		json_err_text(&e, why, why_len);
		json_decref(root);
		return NULL;
	}
	return root;
}

void jsonx_set_string(json_t *obj, const char *key, const char *s)
{
	if (s)
		json_object_set_new(obj, key, json_string(s));
}

void jsonx_set_str_list(json_t *obj, const char *key, const str_list *list)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < list->n; i++)
		json_array_append_new(arr, json_string(list->v[i]));
	json_object_set_new(obj, key, arr);
}

char *jsonx_dumps(const json_t *v)
{
	return json_dumps(v, JSONX_DUMP_FLAGS | JSON_ENCODE_ANY);
}

json_t *jsonx_number(double x)
{
	if (isfinite(x) && x == floor(x) && fabs(x) < 9007199254740992.0)
		return json_integer((json_int_t)x);
	return json_real(x);
}

#define MEMBER_AT(p, off, type)	 ((type *)((char *)(p) + (off)))
#define CMEMBER_AT(p, off, type) ((const type *)((const char *)(p) + (off)))

/* Reads row m from `found`, the row's member of the object at `path` (see lookup). */
static bool read_member(json_t *found, const char *path, const jsonx_member *m, bool loosely,
			arena *strings, void *out, json_err *err)
{
	bool required = m->need == JSONX_REQUIRED;
	if (m->need == JSONX_KEYED && !loosely && !found)
		return jsonx_fail_key(err, path, m->key, "required field is missing");
	if (m->has != JSONX_NO_FLAG && m->type != JSONX_M_MONEY)
		*MEMBER_AT(out, m->has, bool) = found && !json_is_null(found);
	switch (m->type) {
	case JSONX_M_STRING:
		return string_found(strings, found, m->key, path, required,
				    MEMBER_AT(out, m->offset, char *), err);
	case JSONX_M_BOOL:
		return bool_found(found, m->key, path, required, MEMBER_AT(out, m->offset, bool),
				  err);
	case JSONX_M_INT:
		return int_found(found, m->key, path, required,
				 MEMBER_AT(out, m->offset, long long), err);
	case JSONX_M_NUMBER:
		return number_found(found, m->key, path, required,
				    MEMBER_AT(out, m->offset, double), err);
	case JSONX_M_MONEY:
		return money_found(found, m->key, path, required, MEMBER_AT(out, m->offset, money),
				   m->has != JSONX_NO_FLAG ? MEMBER_AT(out, m->has, bool) : NULL,
				   err);
	case JSONX_M_STR_LIST:
		return str_list_found(strings, found, m->key, path, required,
				      MEMBER_AT(out, m->offset, str_list), err);
	}
	return false;
}

void jsonx_members_read(jsonx_members *m, const json_t *obj)
{
	m->obj = obj;
	m->n = 0;
	m->all = json_object_size(obj) <= JSONX_MEMBERS_MAX;
	if (!m->all)
		return; /* jsonx_members_get asks jansson */
	for (void *it = json_object_iter((json_t *)obj); it;
	     it = json_object_iter_next((json_t *)obj, it)) {
		m->keys[m->n] = json_object_iter_key(it);
		m->values[m->n++] = json_object_iter_value(it);
	}
}

json_t *jsonx_members_get(const jsonx_members *m, const char *key)
{
	if (!m->all)
		return lookup(m->obj, key);
	for (size_t i = 0; i < m->n; i++)
		if (m->keys[i][0] == key[0] && strcmp(m->keys[i], key) == 0)
			return m->values[i];
	return NULL;
}

static bool read_members(const json_t *obj, const char *path, const jsonx_member *rows, size_t n,
			 bool loosely, arena *strings, void *out, json_err *err)
{
	jsonx_members found;
	jsonx_members_read(&found, obj);
	for (size_t i = 0; i < n; i++)
		if (!read_member(jsonx_members_get(&found, rows[i].key), path, &rows[i], loosely,
				 strings, out, err))
			return false;
	return true;
}

bool jsonx_read_members(const json_t *obj, const char *path, const jsonx_member *rows, size_t n,
			void *out, json_err *err)
{
	return read_members(obj, path, rows, n, false, NULL, out, err);
}

bool jsonx_read_members_loosely(const json_t *obj, const char *path, const jsonx_member *rows,
				size_t n, void *out, json_err *err)
{
	return read_members(obj, path, rows, n, true, NULL, out, err);
}

bool jsonx_read_members_in(arena *strings, const json_t *obj, const char *path,
			   const jsonx_member *rows, size_t n, void *out, json_err *err)
{
	return read_members(obj, path, rows, n, false, strings, out, err);
}

static json_t *member_json(const jsonx_member *m, const void *in)
{
	switch (m->type) {
	case JSONX_M_STRING: {
		const char *s = *CMEMBER_AT(in, m->offset, char *);
		bool nulled = m->need == JSONX_KEYED || m->need == JSONX_NULLABLE;
		return s ? json_string(s) : nulled ? json_null() : NULL;
	}
	case JSONX_M_BOOL:
		return json_boolean(*CMEMBER_AT(in, m->offset, bool));
	case JSONX_M_INT:
		return json_integer(*CMEMBER_AT(in, m->offset, long long));
	case JSONX_M_NUMBER:
		return jsonx_number(*CMEMBER_AT(in, m->offset, double));
	case JSONX_M_MONEY:
		return money_to_json(*CMEMBER_AT(in, m->offset, money));
	case JSONX_M_STR_LIST:
		break; /* jsonx_set_str_list */
	}
	return NULL;
}

void jsonx_write_members(json_t *obj, const jsonx_member *rows, size_t n, const void *in)
{
	for (size_t i = 0; i < n; i++) {
		const jsonx_member *m = &rows[i];
		bool nulled = m->need == JSONX_KEYED || m->need == JSONX_NULLABLE;
		if (m->has != JSONX_NO_FLAG && !*CMEMBER_AT(in, m->has, bool)) {
			if (nulled)
				json_object_set_new(obj, m->key, json_null());
			continue;
		}
		if (m->type == JSONX_M_STR_LIST) {
			jsonx_set_str_list(obj, m->key, CMEMBER_AT(in, m->offset, str_list));
			continue;
		}
		json_t *v = member_json(m, in);
		if (v)
			json_object_set_new(obj, m->key, v);
	}
}

bool jsonx_parse_members(const json_t *value, const char *path, const jsonx_member *rows, size_t n,
			 void *out, json_err *err)
{
	if (jsonx_expect_object(value, path, err) &&
	    jsonx_read_members(value, path, rows, n, out, err))
		return true;
	jsonx_free_members(rows, n, out);
	return false;
}

json_t *jsonx_members_to_json(const jsonx_member *rows, size_t n, const void *in)
{
	json_t *o = json_object();
	jsonx_write_members(o, rows, n, in);
	return o;
}

void jsonx_free_members(const jsonx_member *rows, size_t n, void *p)
{
	for (size_t i = 0; i < n; i++) {
		const jsonx_member *m = &rows[i];
		if (m->type == JSONX_M_STRING) {
			char **s = MEMBER_AT(p, m->offset, char *);
			free(*s);
			*s = NULL;
		} else if (m->type == JSONX_M_STR_LIST) {
			str_list_clear(MEMBER_AT(p, m->offset, str_list));
		}
	}
}

void jsonx_copy_members(const jsonx_member *rows, size_t n, void *dst, const void *src)
{
	static const size_t size[] = {
	    [JSONX_M_BOOL] = sizeof(bool),
	    [JSONX_M_INT] = sizeof(long long),
	    [JSONX_M_NUMBER] = sizeof(double),
	    [JSONX_M_MONEY] = sizeof(money),
	};
	for (size_t i = 0; i < n; i++) {
		const jsonx_member *m = &rows[i];
		if (m->has != JSONX_NO_FLAG)
			*MEMBER_AT(dst, m->has, bool) = *CMEMBER_AT(src, m->has, bool);
		if (m->type == JSONX_M_STRING) {
			*MEMBER_AT(dst, m->offset, char *) =
			    xstrdup(*CMEMBER_AT(src, m->offset, char *));
		} else if (m->type == JSONX_M_STR_LIST) {
			str_list *d = MEMBER_AT(dst, m->offset, str_list);
			memset(d, 0, sizeof *d);
			str_list_copy(d, CMEMBER_AT(src, m->offset, str_list));
		} else {
			memcpy(MEMBER_AT(dst, m->offset, char), CMEMBER_AT(src, m->offset, char),
			       size[m->type]);
		}
	}
}

/* ---------------------------------------------------------------- documents in an arena */

struct jsonx_doc {
	json_t *root;
	arena *values;
	jsonx_doc *next_open;
};

/* Documents not yet closed (their values are never freed one by one), and the one being
   parsed (jansson's allocations go to it). */
static jsonx_doc *open_docs;
static jsonx_doc *filling;

static void *doc_malloc(size_t n)
{
	/* NULL when the system refuses memory: jansson fails the parse as out of memory. */
	return filling ? arena_try_alloc(filling->values, n) : malloc(n);
}

static void doc_free(void *p)
{
	for (const jsonx_doc *d = open_docs; d && p; d = d->next_open)
		if (arena_owns(d->values, p))
			return; /* freed with its document */
	free(p);
}

jsonx_doc *jsonx_doc_load_file(const char *path, size_t flags, json_error_t *err)
{
	char *text;
	size_t len;
	if (!file_read_named(path, &text, &len)) { /* a pipe too, as json_load_file read it */
		/* json_load_file's words, so callers print what they printed before. */
		const char *reason = strerror(errno);
		if (err) {
			memset(err, 0, sizeof *err);
			err->line = err->column = -1;
			snprintf(err->source, sizeof err->source, "%s", path);
			snprintf(err->text, sizeof err->text, "unable to open %s: %s", path,
				 reason);
		}
		return NULL;
	}
	jsonx_doc *doc = jsonx_doc_loadb(text, len, flags, err);
	free(text);
	return doc;
}

jsonx_doc *jsonx_doc_loadb(const char *text, size_t len, size_t flags, json_error_t *err)
{
	static bool installed;
	if (!installed) {
		json_set_alloc_funcs(doc_malloc, doc_free);
		installed = true;
	}
	jsonx_doc *doc = xcalloc(1, sizeof *doc);
	/* Jansson's tree takes about eight times the text: one mapping is usually enough, and
	   pages never touched cost nothing. */
	doc->values = arena_new(len * 16 + 65536);
	doc->next_open = open_docs;
	open_docs = doc;
	filling = doc;
	doc->root = json_loadb(text, len, flags, err);
	filling = NULL;
	if (!doc->root) {
		jsonx_doc_close(doc);
		return NULL;
	}
	return doc;
}

const json_t *jsonx_doc_root(const jsonx_doc *doc)
{
	return doc->root;
}

void jsonx_doc_close(jsonx_doc *doc)
{
	if (!doc)
		return;
	for (jsonx_doc **d = &open_docs; *d; d = &(*d)->next_open)
		if (*d == doc) {
			*d = doc->next_open;
			break;
		}
	arena_free(doc->values);
	free(doc);
}

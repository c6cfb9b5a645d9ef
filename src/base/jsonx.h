/*
 * Typed access to jansson values with errors that name the JSON path
 * ("$.items.abc.basePrice: expected a number, got string"). Used by every model.
 *
 * Conventions for the getters: a missing key or JSON null leaves *out untouched
 * and returns true, unless `required`, in which case it is an error. A present
 * value of the wrong type is always an error. The `path` argument is the path of
 * `obj` itself ("$" for the root).
 */
#ifndef GETT_JSONX_H
#define GETT_JSONX_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "base/arena.h"
#include "base/collections.h"
#include "base/money.h"

typedef struct json_err {
	char path[256];
	char message[256];
} json_err;

void json_err_set(json_err *err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "PATH: MESSAGE" */
const char *json_err_text(const json_err *err, char *buf, size_t n);

/* Child paths: "$.items" + "abc" -> "$.items.abc"; "$.lineItems" + 2 -> "$.lineItems[2]". */
void jsonx_path_key(char *buf, size_t n, const char *parent, const char *key);
void jsonx_path_index(char *buf, size_t n, const char *parent, size_t index);

const char *jsonx_type_name(const json_t *v);

/* Sets err at the child path parent.key ("$.items.abc") and returns false. */
bool jsonx_fail_key(json_err *err, const char *parent, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The kinds of value a field may have to hold. */
typedef enum jsonx_kind {
	JSONX_STRING,
	JSONX_BOOL,
	JSONX_INTEGER, /* jsonx_is_integral */
	JSONX_NUMBER,
	JSONX_OBJECT,
	JSONX_ARRAY
} jsonx_kind;

/* Whether v (which may be NULL) is of that kind. */
bool jsonx_is(const json_t *v, jsonx_kind kind);

/* Whether obj has `key` with a value other than JSON null. */
bool jsonx_has(const json_t *obj, const char *key);
/* An integer, or a real with no fraction that fits one: 3.0 is accepted, 3.5 is not. */
bool jsonx_is_integral(const json_t *v);

bool jsonx_get_string(const json_t *obj, const char *key, const char *path, bool required,
		      char **out, json_err *err); /* *out is a fresh copy; previous value freed */
/* The same with the copy made in `strings` (it lives as long as the arena; the previous value is
   left alone). */
bool jsonx_get_string_in(arena *strings, const json_t *obj, const char *key, const char *path,
			 bool required, char **out, json_err *err);
bool jsonx_get_bool(const json_t *obj, const char *key, const char *path, bool required, bool *out,
		    json_err *err);
bool jsonx_get_int(const json_t *obj, const char *key, const char *path, bool required,
		   long long *out, json_err *err); /* integers only; 3.0 is accepted, 3.5 is not */
bool jsonx_get_number(const json_t *obj, const char *key, const char *path, bool required,
		      double *out, json_err *err); /* non-money numbers: latitude, rating */
/* *present (may be NULL) tells whether a non-null value was there. Rounded values are accepted. */
bool jsonx_get_money(const json_t *obj, const char *key, const char *path, bool required,
		     money *out, bool *present, json_err *err);
bool jsonx_get_str_list(const json_t *obj, const char *key, const char *path, bool required,
			str_list *out, json_err *err);
/* Returns the object/array member (or NULL when absent/null) after checking its type. */
bool jsonx_get_object(const json_t *obj, const char *key, const char *path, bool required,
		      json_t **out, json_err *err);
bool jsonx_get_array(const json_t *obj, const char *key, const char *path, bool required,
		     json_t **out, json_err *err);
bool jsonx_expect_object(const json_t *v, const char *path, json_err *err);

/*
 * An object's members read in one walk, for many lookups by key: json_object_get hashes the key
 * it is given, and scanning the few members of an entry is cheaper (reading or linting the
 * 10,000 items of a big menu looks eight keys up in each). Keys and values are borrowed from
 * obj. An object of more than JSONX_MEMBERS_MAX members (or no object) is looked up as usual.
 */
enum { JSONX_MEMBERS_MAX = 16 };
typedef struct jsonx_members {
	const json_t *obj;
	bool all; /* keys and values hold every member */
	size_t n;
	const char *keys[JSONX_MEMBERS_MAX];
	json_t *values[JSONX_MEMBERS_MAX];
} jsonx_members;
void jsonx_members_read(jsonx_members *m, const json_t *obj);
/* obj's member `key` (NULL when absent; JSON null as it is), as json_object_get gives it. */
json_t *jsonx_members_get(const jsonx_members *m, const char *key);

/* Parses text that the program wrote itself to read back later: a JSON object with the
   integer member "version", stored in *version. Returns the object (a new reference), or NULL
   with `why` saying what is wrong ("not JSON: …", "$.version: required field is missing"). */
json_t *jsonx_load_versioned(const char *text, size_t len, long long *version, char *why,
			     size_t why_len);

/*
 * A JSON file read for one look (a catalog file opened to browse or lint): read whole with one
 * read (file_read; jansson's json_load_file reads through getc) and parsed with json_loadb into
 * an arena, big blocks filled in order, so that dropping the document unmaps a few blocks
 * instead of freeing every value one by one (which costs about a third of the parse, and leaves
 * the process's memory fragmented at several times the file's size).
 *
 * Jansson allocates through one process-wide pair of functions (json_set_alloc_funcs): the
 * first load installs a pair that allocates from the document being parsed during a load
 * (jsonx_doc_load_file, jsonx_doc_loadb) only, and otherwise calls malloc and free (ignoring the
 * free of a value in an open document). So values made before, between and after loads behave as
 * ever, but a document's values live exactly as long as the document: read them, never keep a
 * reference (json_incref) past jsonx_doc_close, and never change the tree. Loads are not
 * thread-safe.
 */
typedef struct jsonx_doc jsonx_doc;
/* Reads and parses `path` (any JSON value; `flags` as json_loadb's). NULL with *err filled
   as json_load_file does: the position of a syntax error, or line -1 and a text that names
   the file when it cannot be read ("unable to open PATH: REASON"). */
jsonx_doc *jsonx_doc_load_file(const char *path, size_t flags, json_error_t *err);
/* The same for len bytes already in memory (a catalog fetched from a URL); text stays the
   caller's. NULL with *err as json_loadb fills it. */
jsonx_doc *jsonx_doc_loadb(const char *text, size_t len, size_t flags, json_error_t *err);
/* The document's root; borrowed until jsonx_doc_close. */
const json_t *jsonx_doc_root(const jsonx_doc *doc);
/* Frees the document and every value in it (NULL is allowed). */
void jsonx_doc_close(jsonx_doc *doc);

/*
 * Optional nested object member `key` of `value` (at `path`): when present and not null it
 * is parsed with parse_fn(member, member_path, *slot, err) into a fresh zeroed struct stored
 * in *slot; *slot stays as it was when absent. Evaluates to false on a wrong type or a
 * failed parse (the caller's clear frees *slot).
 */
#define JSONX_PARSE_OPT_MEMBER(value, path, key, slot, parse_fn, err)                              \
	({                                                                                         \
		json_t *member_ = NULL;                                                            \
		bool ok_ = jsonx_get_object(value, key, path, false, &member_, err);               \
		if (ok_ && member_) {                                                              \
			char child_[256];                                                          \
			jsonx_path_key(child_, sizeof child_, path, key);                          \
			*(slot) = xcalloc(1, sizeof **(slot));                                     \
			ok_ = parse_fn(member_, child_, *(slot), err);                             \
		}                                                                                  \
		ok_;                                                                               \
	})

/*
 * A top-level body: a fresh `type` parsed from `value` at "$" with parse_fn(value, "$", new,
 * err), which must leave it cleared on failure. Evaluates to it, or to NULL (freed) on failure.
 */
#define JSONX_PARSE_NEW(type, value, parse_fn, err)                                                \
	({                                                                                         \
		type *new_ = xmalloc(sizeof *new_);                                                \
		if (!parse_fn(value, "$", new_, err)) {                                            \
			free(new_);                                                                \
			new_ = NULL;                                                               \
		}                                                                                  \
		new_;                                                                              \
	})

/*
 * Parses every element of the JSON array `arr` (at `arr_path`; NULL parses as empty) with
 * parse_fn(element, element_path, &(*items)[i], err) into a fresh array *items (NULL when
 * empty). *n counts the elements parsed, so the caller's clear frees exactly those;
 * parse_fn must leave an element it fails on cleared. Evaluates to false on the first
 * failure.
 */
#define JSONX_PARSE_ARRAY(arr, arr_path, items, n, parse_fn, err)                                  \
	({                                                                                         \
		size_t count_ = json_array_size(arr);                                              \
		bool ok_ = true;                                                                   \
		*(items) = count_ ? xcalloc(count_, sizeof **(items)) : NULL;                      \
		for (size_t i_ = 0; ok_ && i_ < count_; i_++) {                                    \
			char path_[512];                                                           \
			jsonx_path_index(path_, sizeof path_, arr_path, i_);                       \
			ok_ = parse_fn(json_array_get(arr, i_), path_, &(*(items))[i_], err);      \
			if (ok_)                                                                   \
				*(n) = i_ + 1;                                                     \
		}                                                                                  \
		ok_;                                                                               \
	})

/* Frees an array of n models (as JSONX_PARSE_ARRAY makes): clear_fn(&items[i]) for each, then
   the array itself. */
#define JSONX_FREE_ARRAY(items, n, clear_fn)                                                       \
	do {                                                                                       \
		for (size_t i_ = 0; i_ < (n); i_++)                                                \
			clear_fn(&(items)[i_]);                                                    \
		free(items);                                                                       \
	} while (0)

/* A new JSON array of to_json_fn(&items[i]) for each of the n models of `items`. */
#define JSONX_ARRAY_TO_JSON(items, n, to_json_fn)                                                  \
	({                                                                                         \
		json_t *array_ = json_array();                                                     \
		for (size_t i_ = 0; i_ < (n); i_++)                                                \
			json_array_append_new(array_, to_json_fn(&(items)[i_]));                   \
		array_;                                                                            \
	})

/* Setters that skip NULL strings, so optional fields are omitted rather than null. */
void jsonx_set_string(json_t *obj, const char *key, const char *s);
void jsonx_set_str_list(json_t *obj, const char *key, const str_list *list);

/* A number as JSON: an integral value prints as an integer ("savings": 11, not 11.0). */
json_t *jsonx_number(double x);

/*
 * Member descriptors: one row per plain member of a model (a string, a flag, a number, an
 * amount, a list of strings), so that reading, writing, freeing and copying those members is
 * written once here instead of once per struct. A model keeps hand code only for what is its
 * own (nested models, enums, arrays of models, lenient legacy readings) and calls these for
 * the rest. Rows are read and written in table order, so a table lists members in the order
 * the model writes them.
 */
typedef enum jsonx_member_type {
	JSONX_M_STRING,	  /* char *: written when not NULL */
	JSONX_M_BOOL,	  /* bool */
	JSONX_M_INT,	  /* long long (jsonx_get_int) */
	JSONX_M_NUMBER,	  /* double (jsonx_get_number), written by jsonx_number */
	JSONX_M_MONEY,	  /* money (jsonx_get_money) */
	JSONX_M_STR_LIST, /* str_list: always written, [] when empty */
} jsonx_member_type;

typedef enum jsonx_member_need {
	JSONX_OPTIONAL, /* absent or null leaves the member as it was */
	JSONX_REQUIRED, /* absent or null is "required field is missing" */
	/* A string that must be present but may be null ("string|null but required"); written
	   as null when NULL. */
	JSONX_KEYED,
	JSONX_NULLABLE, /* read as JSONX_OPTIONAL; written as null when unset */
} jsonx_member_need;

#define JSONX_NO_FLAG ((size_t)-1)

typedef struct jsonx_member {
	const char *key; /* the JSON member name */
	jsonx_member_type type;
	jsonx_member_need need;
	size_t offset; /* offsetof(model, field) */
	/* offsetof(model, has_field), or JSONX_NO_FLAG. With a flag, reading sets it to
	   whether a non-null value was there and writing skips the member when it is false;
	   without one, a scalar is always written. A JSONX_NULLABLE member whose flag is false
	   (or string is NULL) is written as null. */
	size_t has;
} jsonx_member;

/* Rows of a table: JSONX_MEMBER("storeId", STRING, REQUIRED, store, store_id),
   JSONX_MEMBER_HAS("rating", NUMBER, OPTIONAL, store, rating, has_rating); a call takes a
   whole table as JSONX_ROWS(table). */
#define JSONX_MEMBER(key, type, need, model, field)                                                \
	{                                                                                          \
		key, JSONX_M_##type, JSONX_##need, offsetof(model, field), JSONX_NO_FLAG           \
	}
#define JSONX_MEMBER_HAS(key, type, need, model, field, has_field)                                 \
	{                                                                                          \
		key, JSONX_M_##type, JSONX_##need, offsetof(model, field),                         \
		    offsetof(model, has_field)                                                     \
	}
#define JSONX_N_MEMBERS(rows) (sizeof(rows) / sizeof((rows)[0]))
#define JSONX_ROWS(rows)      (rows), JSONX_N_MEMBERS(rows)

/* Reads each row's member of obj (at `path`) into the struct at `out`, stopping at the first
   error (err as the jsonx_get_* functions set it); what was read stays for the caller's clear. */
bool jsonx_read_members(const json_t *obj, const char *path, const jsonx_member *rows, size_t n,
			void *out, json_err *err);
/* The same, with the rows' strings and lists (their arrays too) made in `strings`: a model built
   once and freed whole (wire/catalog.h). Such lists are read only: str_list_push and
   str_list_clear must not touch them. */
bool jsonx_read_members_in(arena *strings, const json_t *obj, const char *path,
			   const jsonx_member *rows, size_t n, void *out, json_err *err);
/* The same, but a JSONX_KEYED member may be absent too: the lenient reading of a request. */
bool jsonx_read_members_loosely(const json_t *obj, const char *path, const jsonx_member *rows,
				size_t n, void *out, json_err *err);
/* Sets each row's member of the struct at `in` on obj, in table order. */
void jsonx_write_members(json_t *obj, const jsonx_member *rows, size_t n, const void *in);
/* For a model that is its rows alone: jsonx_expect_object(value) and jsonx_read_members; on
   failure the rows' strings and lists are freed again (jsonx_free_members). */
bool jsonx_parse_members(const json_t *value, const char *path, const jsonx_member *rows, size_t n,
			 void *out, json_err *err);
/* A new JSON object holding the rows' members of the struct at `in`. */
json_t *jsonx_members_to_json(const jsonx_member *rows, size_t n, const void *in);
/* Frees each row's string or list of the struct at `p` and leaves it NULL or empty. */
void jsonx_free_members(const jsonx_member *rows, size_t n, void *p);
/* Copies each row's member (and flag) of `src` into `dst`; strings and lists are fresh copies
   and whatever dst held there is overwritten, not freed. */
void jsonx_copy_members(const jsonx_member *rows, size_t n, void *dst, const void *src);

/* Serialises compactly with money printed exactly (see money.h). Caller frees. */
char *jsonx_dumps(const json_t *v);
#define JSONX_DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

#endif

/* Typed JSON getters: presence rules, type errors with paths. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/jsonx.h"
#include "fs_fixtures.h"

static json_t *doc;

static int setup(void **state)
{
	doc = json_loads("{\"s\":\"hi\",\"b\":true,\"i\":3,\"r\":3.0,\"f\":3.5,\"n\":null,"
			 "\"m\":19.99,\"l\":[\"a\",\"b\"],\"bad\":[\"a\",1],\"o\":{},\"a\":[]}",
			 0, NULL);
	return doc ? 0 : -1;
}

static int teardown(void **state)
{
	json_decref(doc);
	return 0;
}

static void test_present_values(void **state)
{
	char *s = NULL;
	bool b = false;
	long long i = 0;
	money m = 0;
	bool present = false;
	json_err err;
	assert_true(jsonx_get_string(doc, "s", "$", true, &s, &err));
	assert_string_equal(s, "hi");
	free(s);
	assert_true(jsonx_get_bool(doc, "b", "$", true, &b, &err));
	assert_true(b);
	assert_true(jsonx_get_int(doc, "i", "$", true, &i, &err));
	assert_int_equal(i, 3);
	assert_true(jsonx_get_int(doc, "r", "$", true, &i, &err)); /* 3.0 is an integer */
	assert_true(jsonx_get_money(doc, "m", "$", true, &m, &present, &err));
	assert_int_equal(m, 1999);
	assert_true(present);
}

static void test_absent_and_null(void **state)
{
	char *s = NULL;
	long long i = 77;
	money m = 5;
	bool present = true;
	json_err err;
	assert_true(jsonx_get_string(doc, "missing", "$", false, &s, &err));
	assert_null(s);
	assert_true(jsonx_get_int(doc, "n", "$", false, &i, &err));
	assert_int_equal(i, 77);
	assert_true(jsonx_get_money(doc, "n", "$", false, &m, &present, &err));
	assert_false(present);
	assert_int_equal(m, 5);
	assert_false(jsonx_get_int(doc, "n", "$.x", true, &i, &err));
	assert_string_equal(err.path, "$.x.n");
	assert_string_equal(err.message, "required field is missing");
}

static void test_wrong_types_name_the_path(void **state)
{
	char *s = NULL;
	long long i;
	str_list l = {0};
	json_t *o;
	json_err err;
	assert_false(jsonx_get_string(doc, "i", "$.items.x", true, &s, &err));
	assert_string_equal(err.path, "$.items.x.i");
	assert_string_equal(err.message, "expected a string, got integer");
	assert_false(jsonx_get_int(doc, "f", "$", true, &i, &err));
	assert_string_equal(err.message, "expected an integer, got number");
	assert_false(jsonx_get_str_list(doc, "bad", "$", true, &l, &err));
	assert_string_equal(err.path, "$.bad[1]");
	assert_int_equal(l.n, 0);
	assert_false(jsonx_get_object(doc, "a", "$", true, &o, &err));
	assert_false(jsonx_get_array(doc, "o", "$", true, &o, &err));
	assert_true(jsonx_get_str_list(doc, "l", "$", true, &l, &err));
	assert_int_equal(l.n, 2);
	str_list_clear(&l);
	assert_false(jsonx_expect_object(json_object_get(doc, "a"), "$.a", &err));
	assert_string_equal(err.message, "expected an object, got array");
}

static void test_paths(void **state)
{
	char buf[64];
	jsonx_path_key(buf, sizeof buf, "$.items", "abc");
	assert_string_equal(buf, "$.items.abc");
	jsonx_path_key(buf, sizeof buf, "$.items", "a b");
	assert_string_equal(buf, "$.items[\"a b\"]");
	char small[8]; /* cut like snprintf: n - 1 bytes and the NUL */
	jsonx_path_key(small, sizeof small, "$.items", "abc");
	assert_string_equal(small, "$.items");
	jsonx_path_key(small, sizeof small, "$.a", "b c");
	assert_string_equal(small, "$.a[\"b ");
	jsonx_path_index(buf, sizeof buf, "$.lineItems", 2);
	assert_string_equal(buf, "$.lineItems[2]");
	json_err err;
	json_err_set(&err, "$.x", "bad %d", 5);
	char text[128];
	assert_string_equal(json_err_text(&err, text, sizeof text), "$.x: bad 5");
}

static void test_presence_and_integral(void **state)
{
	assert_true(jsonx_has(doc, "s"));
	assert_true(jsonx_has(doc, "a")); /* an empty array is a value */
	assert_false(jsonx_has(doc, "n"));
	assert_false(jsonx_has(doc, "missing"));
	assert_true(jsonx_is_integral(json_object_get(doc, "i")));
	assert_true(jsonx_is_integral(json_object_get(doc, "r")));
	assert_false(jsonx_is_integral(json_object_get(doc, "f")));
	assert_false(jsonx_is_integral(json_object_get(doc, "s")));
	assert_false(jsonx_is_integral(json_object_get(doc, "n")));
	json_t *huge = json_real(1e16); /* whole, but past the bound where integers stop */
	assert_false(jsonx_is_integral(huge));
	json_decref(huge);
}

static void test_fail_key_names_the_child(void **state)
{
	json_err err;
	assert_false(jsonx_fail_key(&err, "$.items", "a b", "bad %d", 7));
	assert_string_equal(err.path, "$.items[\"a b\"]");
	assert_string_equal(err.message, "bad 7");
	/* The parent may be the error's own path. */
	assert_false(jsonx_fail_key(&err, err.path, "x", "again"));
	assert_string_equal(err.path, "$.items[\"a b\"].x");
	assert_false(jsonx_fail_key(NULL, "$", "x", "nobody listens"));
}

typedef struct named {
	char *name;
} named;

static bool named_parse(const json_t *v, const char *path, named *out, json_err *err)
{
	memset(out, 0, sizeof *out);
	bool ok = jsonx_expect_object(v, path, err) &&
		  jsonx_get_string(v, "name", path, true, &out->name, err);
	if (!ok) {
		free(out->name);
		out->name = NULL;
	}
	return ok;
}

static void named_free_all(named *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

static void test_parse_array_counts_what_it_parsed(void **state)
{
	json_t *arr = json_loads("[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":3}]", 0, NULL);
	named *v = NULL;
	size_t n = 0;
	json_err err;
	assert_false(JSONX_PARSE_ARRAY(arr, "$.list", &v, &n, named_parse, &err));
	assert_int_equal(n, 2); /* the caller frees exactly these */
	assert_string_equal(v[1].name, "b");
	assert_string_equal(err.path, "$.list[2].name");
	named_free_all(v, n);

	json_array_remove(arr, 2);
	n = 0;
	assert_true(JSONX_PARSE_ARRAY(arr, "$.list", &v, &n, named_parse, &err));
	assert_int_equal(n, 2);
	assert_string_equal(v[0].name, "a");
	named_free_all(v, n);

	json_array_clear(arr);
	n = 0;
	assert_true(JSONX_PARSE_ARRAY(arr, "$.list", &v, &n, named_parse, &err));
	assert_null(v);
	assert_int_equal(n, 0);
	json_decref(arr);
}

static void test_parse_new(void **state)
{
	json_t *good = json_loads("{\"name\":\"x\"}", 0, NULL);
	json_t *bad = json_loads("{\"name\":1}", 0, NULL);
	json_err err;
	named *n = JSONX_PARSE_NEW(named, good, named_parse, &err);
	assert_non_null(n);
	assert_string_equal(n->name, "x");
	free(n->name);
	free(n);
	assert_null(JSONX_PARSE_NEW(named, bad, named_parse, &err));
	assert_string_equal(err.path, "$.name");
	json_decref(good);
	json_decref(bad);
}

static void test_parse_opt_member(void **state)
{
	json_t *obj = json_loads("{\"who\":{\"name\":\"x\"},\"nobody\":null,\"bad\":[],"
				 "\"empty\":{}}",
				 0, NULL);
	named *slot = NULL;
	json_err err;
	assert_true(JSONX_PARSE_OPT_MEMBER(obj, "$.o", "missing", &slot, named_parse, &err));
	assert_true(JSONX_PARSE_OPT_MEMBER(obj, "$.o", "nobody", &slot, named_parse, &err));
	assert_null(slot);
	assert_true(JSONX_PARSE_OPT_MEMBER(obj, "$.o", "who", &slot, named_parse, &err));
	assert_string_equal(slot->name, "x");
	free(slot->name);
	free(slot);
	slot = NULL;
	assert_false(JSONX_PARSE_OPT_MEMBER(obj, "$.o", "bad", &slot, named_parse, &err));
	assert_string_equal(err.path, "$.o.bad");
	assert_null(slot);
	assert_false(JSONX_PARSE_OPT_MEMBER(obj, "$.o", "empty", &slot, named_parse, &err));
	assert_string_equal(err.path, "$.o.empty.name");
	assert_non_null(slot); /* allocated before the failure: the caller's clear frees it */
	free(slot);
	json_decref(obj);
}

/* A model with one member of each kind the descriptors know. */
typedef struct sample {
	char *id;
	char *note;
	char *keyed;
	bool open;
	long long count;
	bool has_count;
	double rating;
	bool has_rating;
	money price;
	bool has_price;
	str_list tags;
} sample;

static const jsonx_member sample_members[] = {
    JSONX_MEMBER("id", STRING, REQUIRED, sample, id),
    JSONX_MEMBER("note", STRING, OPTIONAL, sample, note),
    JSONX_MEMBER("keyed", STRING, KEYED, sample, keyed),
    JSONX_MEMBER("open", BOOL, REQUIRED, sample, open),
    JSONX_MEMBER_HAS("count", INT, OPTIONAL, sample, count, has_count),
    JSONX_MEMBER_HAS("rating", NUMBER, OPTIONAL, sample, rating, has_rating),
    JSONX_MEMBER_HAS("price", MONEY, OPTIONAL, sample, price, has_price),
    JSONX_MEMBER("tags", STR_LIST, OPTIONAL, sample, tags),
};
#define N_SAMPLE JSONX_N_MEMBERS(sample_members)

static bool sample_read(const char *text, sample *out, json_err *err)
{
	json_t *v = json_loads(text, 0, NULL);
	assert_non_null(v);
	memset(out, 0, sizeof *out);
	bool ok = jsonx_read_members(v, "$.s", sample_members, N_SAMPLE, out, err);
	json_decref(v);
	return ok;
}

static char *sample_dump(const sample *s)
{
	json_t *o = json_object();
	jsonx_write_members(o, sample_members, N_SAMPLE, s);
	char *text = jsonx_dumps(o);
	json_decref(o);
	return text;
}

/* Read into an arena, every string and list of the rows lives there; the checks and their errors
   are those of jsonx_read_members. */
static void test_members_read_into_arena(void **state)
{
	(void)state;
	json_t *v = json_loads("{\"id\":\"a\",\"keyed\":null,\"open\":false,"
			       "\"tags\":[\"x\",\"yz\"]}",
			       0, NULL);
	arena *mem = arena_new(0);
	sample s = {0};
	json_err err;
	assert_true(jsonx_read_members_in(mem, v, "$.s", JSONX_ROWS(sample_members), &s, &err));
	assert_string_equal(s.id, "a");
	assert_true(arena_owns(mem, s.id));
	assert_null(s.note);
	assert_int_equal(s.tags.n, 2);
	assert_string_equal(s.tags.v[1], "yz");
	assert_true(arena_owns(mem, s.tags.v));
	assert_true(arena_owns(mem, s.tags.v[1]));
	json_decref(v);
	v = json_loads("{\"id\":\"a\",\"keyed\":\"k\",\"open\":true,\"tags\":[\"x\",1]}", 0, NULL);
	assert_false(jsonx_read_members_in(mem, v, "$.s", JSONX_ROWS(sample_members), &s, &err));
	assert_string_equal(err.path, "$.s.tags[1]");
	assert_string_equal(err.message, "expected a string, got integer");
	char *one = NULL;
	assert_true(jsonx_get_string_in(mem, v, "keyed", "$.s", true, &one, &err));
	assert_true(arena_owns(mem, one));
	assert_false(jsonx_get_string_in(mem, v, "open", "$.s", false, &one, &err));
	assert_string_equal(err.message, "expected a string, got boolean");
	json_decref(v);
	arena_free(mem); /* the one free: ASan reports a row left on the heap as a leak */
}

/* Members are matched to rows by their whole key, in any order, with unknown ones passed over:
   keys that share their first letters are not confused. */
static void test_members_found_by_whole_key(void **state)
{
	(void)state;
	sample s = {0};
	json_err err;
	static const jsonx_member near_rows[] = {
	    JSONX_MEMBER("n", STRING, OPTIONAL, sample, id),
	    JSONX_MEMBER("note", STRING, REQUIRED, sample, note),
	    JSONX_MEMBER("no", STRING, OPTIONAL, sample, keyed),
	};
	json_t *v = json_loads("{\"nothing\":1,\"no\":\"b\",\"note\":\"c\",\"n\":\"a\"}", 0, NULL);
	assert_true(jsonx_read_members(v, "$", JSONX_ROWS(near_rows), &s, &err));
	assert_string_equal(s.id, "a");
	assert_string_equal(s.note, "c");
	assert_string_equal(s.keyed, "b");
	jsonx_free_members(JSONX_ROWS(near_rows), &s);
	json_decref(v);
	v = json_loads("{\"notes\":\"c\",\"n\":\"a\"}", 0, NULL);
	assert_false(jsonx_read_members(v, "$", JSONX_ROWS(near_rows), &s, &err));
	assert_string_equal(err.path, "$.note");
	jsonx_free_members(JSONX_ROWS(near_rows), &s);
	json_decref(v);
}

/* A members snapshot answers as json_object_get does: for a small object, a big one (looked up
   by jansson) and no object at all. */
static void test_members_snapshot(void **state)
{
	(void)state;
	json_t *small = json_loads("{\"a\":1,\"ab\":null,\"b\":\"x\"}", 0, NULL);
	json_t *big = json_object();
	for (int i = 0; i < JSONX_MEMBERS_MAX + 4; i++) {
		char key[16];
		snprintf(key, sizeof key, "k%d", i);
		json_object_set_new(big, key, json_integer(i));
	}
	json_t *text = json_string("not an object");
	const json_t *objs[] = {small, big, NULL, text};
	const char *keys[] = {"a", "ab", "b", "abc", "k0", "k19", "k20", ""};
	for (size_t o = 0; o < sizeof objs / sizeof *objs; o++) {
		jsonx_members m;
		jsonx_members_read(&m, objs[o]);
		for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
			assert_ptr_equal(jsonx_members_get(&m, keys[k]),
					 json_object_get(objs[o], keys[k]));
	}
	json_decref(small);
	json_decref(big);
	json_decref(text);
}

static void test_members_read_and_write_back(void **state)
{
	sample s;
	json_err err;
	const char *full = "{\"id\":\"a\",\"note\":\"n\",\"keyed\":\"k\",\"open\":true,"
			   "\"count\":3,\"rating\":4.5,\"price\":19.99,\"tags\":[\"x\",\"y\"]}";
	assert_true(sample_read(full, &s, &err));
	assert_string_equal(s.id, "a");
	assert_string_equal(s.keyed, "k");
	assert_true(s.open);
	assert_true(s.has_count);
	assert_int_equal(s.count, 3);
	assert_true(s.has_rating);
	assert_true(s.has_price);
	assert_int_equal(s.price, 1999);
	assert_int_equal(s.tags.n, 2);
	char *text = sample_dump(&s);
	assert_string_equal(text, full); /* table order, every member */
	free(text);
	jsonx_free_members(sample_members, N_SAMPLE, &s);
	assert_null(s.id);
	assert_null(s.note);
	assert_int_equal(s.tags.n, 0);
}

static void test_members_absent_null_and_flags(void **state)
{
	sample s;
	json_err err;
	/* keyed may be null; the flagged members are absent or null */
	assert_true(sample_read("{\"id\":\"a\",\"keyed\":null,\"open\":false,\"count\":null,"
				"\"rating\":11.0}",
				&s, &err));
	assert_null(s.note);
	assert_null(s.keyed);
	assert_false(s.has_count);
	assert_true(s.has_rating);
	assert_false(s.has_price);
	char *text = sample_dump(&s);
	/* absent optional strings and unflagged members are left out; keyed is null; an integral
	   number prints as an integer; a list is always written */
	assert_string_equal(text, "{\"id\":\"a\",\"keyed\":null,\"open\":false,\"rating\":11,"
				  "\"tags\":[]}");
	free(text);
	jsonx_free_members(sample_members, N_SAMPLE, &s);
}

static void test_members_errors_name_the_path(void **state)
{
	sample s;
	json_err err;
	assert_false(sample_read("{\"keyed\":null,\"open\":true}", &s, &err));
	assert_string_equal(err.path, "$.s.id");
	assert_string_equal(err.message, "required field is missing");
	jsonx_free_members(sample_members, N_SAMPLE, &s);

	assert_false(sample_read("{\"id\":\"a\",\"open\":true}", &s, &err));
	assert_string_equal(err.path, "$.s.keyed");
	assert_string_equal(err.message, "required field is missing");
	jsonx_free_members(sample_members, N_SAMPLE, &s);

	/* read loosely, a keyed member may be absent */
	json_t *v = json_loads("{\"id\":\"a\",\"open\":true}", 0, NULL);
	memset(&s, 0, sizeof s);
	assert_true(jsonx_read_members_loosely(v, "$.s", JSONX_ROWS(sample_members), &s, &err));
	assert_null(s.keyed);
	jsonx_free_members(sample_members, N_SAMPLE, &s);
	json_decref(v);

	assert_false(sample_read("{\"id\":\"a\",\"keyed\":null,\"open\":1}", &s, &err));
	assert_string_equal(err.path, "$.s.open");
	assert_string_equal(err.message, "expected a boolean, got integer");
	assert_string_equal(s.id, "a"); /* what was read stays for the caller's clear */
	jsonx_free_members(sample_members, N_SAMPLE, &s);

	assert_false(
	    sample_read("{\"id\":\"a\",\"keyed\":null,\"open\":true,\"count\":3.5}", &s, &err));
	assert_string_equal(err.path, "$.s.count");
	assert_string_equal(err.message, "expected an integer, got number");
	jsonx_free_members(sample_members, N_SAMPLE, &s);

	assert_false(sample_read("{\"id\":\"a\",\"keyed\":null,\"open\":true,"
				 "\"tags\":[\"x\",2]}",
				 &s, &err));
	assert_string_equal(err.path, "$.s.tags[1]");
	jsonx_free_members(sample_members, N_SAMPLE, &s);
}

static void test_members_copy(void **state)
{
	sample s, c;
	json_err err;
	assert_true(sample_read("{\"id\":\"a\",\"keyed\":\"k\",\"open\":true,\"price\":2,"
				"\"tags\":[\"x\"]}",
				&s, &err));
	memset(&c, 0, sizeof c);
	jsonx_copy_members(sample_members, N_SAMPLE, &c, &s);
	jsonx_free_members(sample_members, N_SAMPLE, &s);
	assert_string_equal(c.id, "a");
	assert_null(c.note);
	assert_string_equal(c.keyed, "k");
	assert_true(c.open);
	assert_false(c.has_count);
	assert_true(c.has_price);
	assert_int_equal(c.price, 200);
	assert_int_equal(c.tags.n, 1);
	assert_string_equal(c.tags.v[0], "x");
	jsonx_free_members(sample_members, N_SAMPLE, &c);
}

/* A nullable member is read as an optional one and written as null when unset. */
typedef struct nullable {
	char *label;
	double savings;
	bool has_savings;
} nullable;

static const jsonx_member nullable_members[] = {
    JSONX_MEMBER("label", STRING, NULLABLE, nullable, label),
    JSONX_MEMBER_HAS("savings", NUMBER, NULLABLE, nullable, savings, has_savings),
};

static void test_members_nullable(void **state)
{
	json_t *v = json_loads("{\"savings\":null}", 0, NULL);
	nullable n = {0};
	json_err err;
	assert_true(jsonx_read_members(v, "$", JSONX_ROWS(nullable_members), &n, &err));
	assert_null(n.label);
	assert_false(n.has_savings);
	json_t *o = json_object();
	jsonx_write_members(o, JSONX_ROWS(nullable_members), &n);
	char *text = jsonx_dumps(o);
	assert_string_equal(text, "{\"label\":null,\"savings\":null}");
	free(text);
	json_decref(o);
	json_decref(v);
}

static void test_members_parse_and_to_json(void **state)
{
	json_t *v = json_loads("{\"id\":\"a\",\"note\":\"n\",\"keyed\":null,\"open\":2}", 0, NULL);
	sample s = {0};
	json_err err;
	/* a failed parse leaves no string or list behind */
	assert_false(jsonx_parse_members(v, "$.s", JSONX_ROWS(sample_members), &s, &err));
	assert_string_equal(err.path, "$.s.open");
	assert_null(s.id);
	assert_null(s.note);
	assert_false(jsonx_parse_members(json_array_get(doc, 0), "$.s", JSONX_ROWS(sample_members),
					 &s, &err));
	assert_string_equal(err.message, "expected an object, got nothing");

	json_object_set_new(v, "open", json_true());
	assert_true(jsonx_parse_members(v, "$.s", JSONX_ROWS(sample_members), &s, &err));
	json_t *o = jsonx_members_to_json(JSONX_ROWS(sample_members), &s);
	char *text = jsonx_dumps(o);
	assert_string_equal(text, "{\"id\":\"a\",\"note\":\"n\",\"keyed\":null,\"open\":true,"
				  "\"tags\":[]}");
	free(text);
	json_decref(o);
	jsonx_free_members(JSONX_ROWS(sample_members), &s);
	json_decref(v);
}

typedef struct pair {
	long long n;
	char *s;
} pair;

static bool pair_parse(const json_t *v, const char *path, pair *out, json_err *err)
{
	memset(out, 0, sizeof *out);
	return jsonx_expect_object(v, path, err) &&
	       jsonx_get_int(v, "n", path, true, &out->n, err) &&
	       jsonx_get_string(v, "s", path, false, &out->s, err);
}

static json_t *pair_to_json(const pair *p)
{
	json_t *o = json_pack("{sI}", "n", (json_int_t)p->n);
	jsonx_set_string(o, "s", p->s);
	return o;
}

static int cleared;

static void pair_clear(pair *p)
{
	free(p->s);
	p->s = NULL;
	cleared++;
}

static void test_array_helpers(void **state)
{
	json_t *arr = json_loads("[{\"n\":1,\"s\":\"a\"},{\"n\":2}]", 0, NULL);
	pair *v = NULL;
	size_t n = 0;
	json_err err = {0};
	assert_true(JSONX_PARSE_ARRAY(arr, "$.v", &v, &n, pair_parse, &err));
	assert_int_equal(n, 2);
	json_t *back = JSONX_ARRAY_TO_JSON(v, n, pair_to_json);
	assert_true(json_equal(back, arr));
	cleared = 0;
	JSONX_FREE_ARRAY(v, n, pair_clear);
	assert_int_equal(cleared, 2);
	pair *empty = NULL;
	size_t none_n = n - 2;
	json_t *none = JSONX_ARRAY_TO_JSON(empty, none_n, pair_to_json);
	assert_int_equal(json_array_size(none), 0);
	json_decref(none);
	json_decref(back);
	json_decref(arr);
}

/* ---------------------------------------------------------------- jsonx_doc */

static void test_doc_loads_a_file(void **state)
{
	(void)state;
	char *path = fx_write_temp("{\"items\": {\"a\": {\"name\": \"A\", \"price\": 1.5}}}");
	json_t *before = json_string("made before the load"); /* freed while the doc is open */
	json_error_t jerr;
	jsonx_doc *d = jsonx_doc_load_file(path, 0, &jerr);
	assert_non_null(d);
	json_decref(before);
	json_t *between = json_pack("{s:s}", "made", "between"); /* outlives the doc */
	const json_t *a = json_object_get(json_object_get(jsonx_doc_root(d), "items"), "a");
	assert_string_equal(json_string_value(json_object_get(a, "name")), "A");
	assert_true(json_real_value(json_object_get(a, "price")) == 1.5);
	jsonx_doc_close(d);
	assert_string_equal(json_string_value(json_object_get(between, "made")), "between");
	json_decref(between);
	unlink(path);
	free(path);
}

/* Two documents open at once: closing one leaves the other whole. */
static void test_doc_two_open(void **state)
{
	(void)state;
	char *p1 = fx_write_temp("[\"one\"]"), *p2 = fx_write_temp("{\"two\": [1, 2, 3]}");
	jsonx_doc *d1 = jsonx_doc_load_file(p1, 0, NULL);
	jsonx_doc *d2 = jsonx_doc_load_file(p2, 0, NULL);
	assert_non_null(d1);
	assert_non_null(d2);
	jsonx_doc_close(d1);
	assert_int_equal(json_array_size(json_object_get(jsonx_doc_root(d2), "two")), 3);
	jsonx_doc_close(d2);
	jsonx_doc_close(NULL);
	unlink(p1);
	unlink(p2);
	free(p1);
	free(p2);
}

/* Bytes in memory: the text stays the caller's, errors are json_loadb's. */
static void test_doc_from_bytes(void **state)
{
	(void)state;
	char text[] = "{\"a\": [1, 2]} trailing";
	jsonx_doc *d = jsonx_doc_loadb(text, strlen("{\"a\": [1, 2]}"), 0, NULL);
	assert_non_null(d);
	assert_int_equal(json_array_size(json_object_get(jsonx_doc_root(d), "a")), 2);
	jsonx_doc_close(d);
	assert_string_equal(text, "{\"a\": [1, 2]} trailing");
	json_error_t mine, theirs;
	assert_null(jsonx_doc_loadb(text, strlen(text), 0, &mine));
	assert_null(json_loadb(text, strlen(text), 0, &theirs));
	assert_int_equal(mine.line, theirs.line);
	assert_int_equal(mine.column, theirs.column);
	assert_string_equal(mine.text, theirs.text);
}

/* The errors are json_load_file's: a syntax error's position, and a file that cannot be
   read named without one. */
static void test_doc_errors_like_json_load_file(void **state)
{
	(void)state;
	char *path = fx_write_temp("{\n  \"items\": {\n    \"a\": {\"name\": \"A\",}\n  }\n}\n");
	json_error_t mine, theirs;
	assert_null(jsonx_doc_load_file(path, 0, &mine));
	assert_null(json_load_file(path, 0, &theirs));
	assert_int_equal(mine.line, theirs.line);
	assert_int_equal(mine.column, theirs.column);
	assert_string_equal(mine.text, theirs.text);
	unlink(path);
	free(path);

	assert_null(jsonx_doc_load_file("/nonexistent/dir/catalog.json", 0, &mine));
	assert_null(json_load_file("/nonexistent/dir/catalog.json", 0, &theirs));
	assert_int_equal(mine.line, -1);
	assert_string_equal(mine.text, theirs.text);
	assert_null(jsonx_doc_load_file("/", 0, &mine)); /* no regular file */
	assert_int_equal(mine.line, -1);
	assert_non_null(strstr(mine.text, "unable to open /: "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_present_values),
	    cmocka_unit_test(test_members_read_into_arena),
	    cmocka_unit_test(test_members_found_by_whole_key),
	    cmocka_unit_test(test_members_snapshot),
	    cmocka_unit_test(test_absent_and_null),
	    cmocka_unit_test(test_wrong_types_name_the_path),
	    cmocka_unit_test(test_paths),
	    cmocka_unit_test(test_presence_and_integral),
	    cmocka_unit_test(test_fail_key_names_the_child),
	    cmocka_unit_test(test_parse_array_counts_what_it_parsed),
	    cmocka_unit_test(test_parse_opt_member),
	    cmocka_unit_test(test_parse_new),
	    cmocka_unit_test(test_members_read_and_write_back),
	    cmocka_unit_test(test_members_absent_null_and_flags),
	    cmocka_unit_test(test_members_errors_name_the_path),
	    cmocka_unit_test(test_members_copy),
	    cmocka_unit_test(test_members_nullable),
	    cmocka_unit_test(test_members_parse_and_to_json),
	    cmocka_unit_test(test_array_helpers),
	    cmocka_unit_test(test_doc_loads_a_file),
	    cmocka_unit_test(test_doc_two_open),
	    cmocka_unit_test(test_doc_from_bytes),
	    cmocka_unit_test(test_doc_errors_like_json_load_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

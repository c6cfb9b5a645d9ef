/* JSON mutation helpers shared by the unit tests; see json_mutate.h. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_mutate.h"

json_t *jm_load(const char *text)
{
	json_error_t jerr;
	json_t *root = json_loads(text, JSON_DECODE_ANY, &jerr);
	if (!root)
		fail_msg("test JSON invalid: %s (line %d) in %s", jerr.text, jerr.line, text);
	return root;
}

char *jm_dump(json_t *j)
{
	char *text = jsonx_dumps(j);
	json_decref(j);
	return text;
}

/* Navigates "stores.3.rating" to the parent of the last segment, which is copied to `last`. */
static json_t *parent_of(json_t *root, const char *where, char *last, size_t n)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", where);
	json_t *cur = root;
	char *save = NULL;
	char *seg = strtok_r(buf, ".", &save);
	for (char *next; (next = strtok_r(NULL, ".", &save)); seg = next)
		cur = json_is_array(cur) ? json_array_get(cur, strtoul(seg, NULL, 10))
					 : json_object_get(cur, seg);
	if (!cur || !seg)
		fail_msg("bad mutation path %s", where);
	snprintf(last, n, "%s", seg);
	return cur;
}

json_t *jm_mutate(const char *base, const char *where, const char *replacement)
{
	json_t *root = jm_load(base);
	char last[128];
	json_t *parent = parent_of(root, where, last, sizeof last);
	json_t *value = replacement ? jm_load(replacement) : NULL;
	if (json_is_array(parent)) {
		if (!value || json_array_set_new(parent, strtoul(last, NULL, 10), value))
			fail_msg("bad array mutation path %s", where);
	} else if (value) {
		json_object_set_new(parent, last, value);
	} else if (json_object_del(parent, last)) {
		fail_msg("nothing to remove at %s", where);
	}
	return root;
}

static bool path_matches(const char *path, const char *expected)
{
	size_t len = strlen(expected);
	if (len && expected[len - 1] == '*')
		return strncmp(path, expected, len - 1) == 0;
	return strcmp(path, expected) == 0;
}

void jm_expect_rejected(const json_t *doc, const char *what, const char *path, jm_parse_fn parse)
{
	json_err err = {0};
	if (parse(doc, &err))
		fail_msg("%s was accepted", what);
	if (!path_matches(err.path, path))
		fail_msg("%s: error at %s (%s), expected %s", what, err.path, err.message, path);
	assert_true(err.message[0] != '\0');
}

/* "where = replacement" for failure messages. */
static void describe(char *buf, size_t n, const char *where, const char *replacement)
{
	snprintf(buf, n, "%s = %s", where, replacement ? replacement : "(removed)");
}

void jm_expect_failures(const char *base, const struct jm_bad_case *cases, size_t n,
			jm_parse_fn parse)
{
	for (size_t i = 0; i < n; i++) {
		json_t *doc = jm_mutate(base, cases[i].where, cases[i].replacement);
		char what[512];
		describe(what, sizeof what, cases[i].where, cases[i].replacement);
		jm_expect_rejected(doc, what, cases[i].path, parse);
		json_decref(doc);
	}
}

void jm_expect_accepted(const char *base, const char *where, const char *replacement,
			jm_parse_fn parse)
{
	json_t *doc = jm_mutate(base, where, replacement);
	json_err err = {0};
	if (!parse(doc, &err)) {
		char what[512];
		describe(what, sizeof what, where, replacement);
		fail_msg("%s rejected: %s: %s", what, err.path, err.message);
	}
	json_decref(doc);
}

static void check_no_crash(json_t *root, jm_parse_fn parse)
{
	json_err err = {0};
	if (!parse(root, &err))
		assert_true(err.path[0] == '$' && err.message[0] != '\0');
}

static void set_member(json_t *node, const char *key, size_t index, json_t *value)
{
	if (key)
		json_object_set_new(node, key, value);
	else
		json_array_set_new(node, index, value);
}

static void fuzz_node(json_t *root, json_t *node, jm_parse_fn parse)
{
	static const char *const replacements[] = {"null", "0",	 "-1", "2.5", "\"x\"",
						   "true", "[]", "{}", "[1]"};
	size_t n = json_is_object(node) ? json_object_size(node) : json_array_size(node);
	char **keys = calloc(n + 1, sizeof *keys); /* stays all-NULL for arrays */
	size_t k = 0;
	const char *key;
	json_t *child;
	json_object_foreach (node, key, child)
		keys[k++] = strdup(key);
	for (size_t i = 0; i < n; i++) {
		child = keys[i] ? json_object_get(node, keys[i]) : json_array_get(node, i);
		json_incref(child);
		for (size_t r = 0; r < sizeof replacements / sizeof replacements[0]; r++) {
			set_member(node, keys[i], i, jm_load(replacements[r]));
			check_no_crash(root, parse);
		}
		if (keys[i]) {
			json_object_del(node, keys[i]);
			check_no_crash(root, parse);
		}
		set_member(node, keys[i], i, child);
		if (json_is_object(child) || json_is_array(child))
			fuzz_node(root, child, parse);
		free(keys[i]);
	}
	free(keys);
}

void jm_fuzz_document(const char *text, jm_parse_fn parse)
{
	json_t *root = jm_load(text);
	fuzz_node(root, root, parse);
	json_decref(root);
}

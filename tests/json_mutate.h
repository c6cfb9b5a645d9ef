/* JSON helpers shared by the cmocka unit tests of the model parsers.
 *
 * A test starts from a valid document, plants one change in a fresh copy ("mutation") and checks
 * that the parser under test rejects it with an error at the expected JSON path, or accepts it.
 * jm_fuzz_document() plants every JSON type at every node to show parsing never crashes or leaks.
 * Bad test input (invalid JSON, a mutation path that names nothing) fails the running test. */
#ifndef GETT_TESTS_JSON_MUTATE_H
#define GETT_TESTS_JSON_MUTATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/jsonx.h"

/* Parses `text` (any JSON value, not only objects); a new reference. */
json_t *jm_load(const char *text);

/* jsonx_dumps(j), then releases `j` (steals the reference); the caller frees the text. */
char *jm_dump(json_t *j);

/* A fresh parse of `base` with the value at `where` replaced by the JSON text `replacement`, or
 * removed when `replacement` is NULL. `where` is member names joined by '.', digits indexing
 * arrays: "stores.3.rating". Removing an array element or a missing member fails the test. */
json_t *jm_mutate(const char *base, const char *where, const char *replacement);

/* Parses `value` with the parser under test and frees the result: true when accepted, otherwise
 * false with `err` filled in. */
typedef bool (*jm_parse_fn)(const json_t *value, json_err *err);

/* Defines `static bool name(const json_t *, json_err *)`, a jm_parse_fn over
 * `type *parse(const json_t *, json_err *)` and `void release(type *)` (which must accept NULL). */
#define JM_PARSE_FN(name, type, parse, release)                                                    \
	static bool name(const json_t *value, json_err *err)                                       \
	{                                                                                          \
		type *parsed_ = parse(value, err);                                                 \
		release(parsed_);                                                                  \
		return parsed_ != NULL;                                                            \
	}

/* One mutation that must be rejected. */
struct jm_bad_case {
	const char *where;	 /* what to change, as for jm_mutate() */
	const char *replacement; /* JSON text, or NULL to remove the member */
	const char *path;	 /* expected error path; a trailing '*' matches it as a prefix */
};

/* Requires `parse` to reject `doc` with a non-empty message and an error at `path` (trailing '*':
 * prefix). `what` names the document in failure messages. */
void jm_expect_rejected(const json_t *doc, const char *what, const char *path, jm_parse_fn parse);

/* Applies each case to `base` in turn and requires jm_expect_rejected() of the result. */
void jm_expect_failures(const char *base, const struct jm_bad_case *cases, size_t n,
			jm_parse_fn parse);

/* jm_expect_failures over the whole of an array of cases. */
#define JM_EXPECT_FAILURES(base, cases, parse)                                                     \
	jm_expect_failures(base, cases, sizeof(cases) / sizeof(cases)[0], parse)

/* Requires `parse` to accept `base` mutated as by jm_mutate(base, where, replacement). */
void jm_expect_accepted(const char *base, const char *where, const char *replacement,
			jm_parse_fn parse);

/* Replaces every node of `text` in turn with every JSON type (and removes every member): `parse`
 * must either accept or fail with a "$..." path and a message, never crash or leak (ASan). */
void jm_fuzz_document(const char *text, jm_parse_fn parse);

#endif

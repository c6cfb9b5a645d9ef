/*
 * Internals shared by the linter's translation units (lint.c: fields and entries, lint_graph.c:
 * references across entries, lint_output.c: order and output, lint_open.c: opening a file,
 * lint_cli.c: the command). Not part of the public face.
 */
#ifndef GETT_LINT_INT_H
#define GETT_LINT_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "base/collections.h"
#include "base/jsonx.h"
#include "lint/lint.h"
#include "base/money.h"

enum { LINT_PATH_MAX = 512 };

/* Sort rank of the top-level maps, in document order. */
enum lint_rank { RANK_ROOT, RANK_CATALOGS, RANK_SECTIONS, RANK_ITEMS, RANK_GROUPS };

enum lint_colour { WHITE, GREY, BLACK };

typedef struct lint_node {
	const char *id;	     /* the map key (owned by the JSON tree) */
	const json_t *value; /* the entry as written */
	const json_t *obj;   /* the same when it is an object, else NULL */
	size_t index;	     /* position in its map */
	/* The list of ids the cycle checks follow, as the entry's check found it (an array, or
	   NULL): a section's sectionIds, an item's modifierGroupIds, a group's itemIds. */
	const json_t *refs;
	unsigned char colour;
	bool reachable;
	bool sold;	   /* items: listed by a section, so sold on their own */
	size_t stack_pos;  /* depth on the DFS stack while GREY */
	money starting_at; /* items: a valid startingAt */
	bool has_starting_at;
} lint_node;

typedef struct lint_map {
	const char *path; /* "$.items" */
	unsigned rank;
	lint_node *nodes;
	size_t n;
	strmap *by_id; /* id -> lint_node */
} lint_map;

typedef struct linter {
	lint_result *res;
	size_t cap;
	lint_map catalogs, sections, items, groups;
	/* The entry being checked: the subject of every message reported. */
	const lint_map *cur_map;
	const lint_node *cur_node;
	char cur_path[LINT_PATH_MAX];
	jsonx_members entry; /* the members of the entry being checked, for its many lookups */
	bool modifier_cycle; /* set by lint_check_modifier_cycles */
	/* lint_count_errors: errors are counted, not kept, and the checks that can only warn
	   (reachability, startingAt, the name and description texts, a missing basePrice) are
	   not run. */
	bool errors_only;
} linter;

void lint_set_subject(linter *L, const lint_map *map, const lint_node *node);
void lint_report(linter *L, lint_severity severity, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
lint_node *lint_lookup(const lint_map *map, const char *id);
/* Control characters and the bidirectional controls escaped (\x1b, \u0085, \u202e), cut to fit
   n bytes on a character boundary. */
const char *lint_display(const char *s, char *buf, size_t n);

/* Why `text` (len bytes that `name` names) is not JSON, after jansson refused it with jerr, in
   one home for `gett-tui lint FILE|URL`, --catalog and audit: "NAME: not JSON: the file is
   empty", "…: it looks like HTML (it starts with '<')" (a server's error page), else jansson's
   position and words. */
void lint_why_not_json(const char *name, const char *text, size_t len, const json_error_t *jerr,
		       char *why, size_t why_len);

/* lint_output.c: document order (see lint.h). */
void lint_sort_findings(lint_result *result);

/* lint_graph.c */
void lint_check_reachability(linter *L);
void lint_check_section_cycles(linter *L);
void lint_check_modifier_cycles(linter *L);
void lint_check_starting_at(linter *L, const json_t *root);

#endif

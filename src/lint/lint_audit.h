/*
 * The render audit's findings (`gett-tui audit`, docs/audit.md): what a customer could not read
 * or do on a catalog at a screen size. ui/audit_walk.h walks the views and fills a report;
 * this module keeps it and writes it as text or JSON, beside the linter's own output (ui/ and
 * cli/ never call jansson). Findings keep the order they were found in: first those that hold
 * at every size (rules of the catalog), then size by size in walking order.
 */
#ifndef GETT_LINT_AUDIT_H
#define GETT_LINT_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/collections.h"

typedef struct lint_audit_finding {
	char *kind;	 /* a stable word for tools: "item-name-cut", "option-never-chosen"… */
	char *size;	 /* "80x24", or NULL: at every size */
	char *screen;	 /* the screen it was seen on ("80x24/catalog-c/…/picker"), or NULL */
	char *json_path; /* what in the catalog: "$.items.margherita.name" */
	char *message;	 /* for people, translated */
} lint_audit_finding;

typedef struct lint_audit_report {
	lint_audit_finding *v;
	size_t n, cap;
	str_list sizes;	  /* the sizes walked, "80x24" */
	size_t n_screens; /* the screens drawn */
	strmap *seen;	  /* kind, size and path of every finding (lint_audit_add) */
} lint_audit_report;

/* Adds a finding unless one of the same kind, size and json_path is there already (the first
   screen it was seen on is kept); returns whether it was added. size and screen may be NULL. */
bool lint_audit_add(lint_audit_report *r, const char *kind, const char *size, const char *screen,
		    const char *json_path, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void lint_audit_clear(lint_audit_report *r);

/* One line per finding, "FILE: SIZE: KIND: JSONPATH: message [SCREEN]" (SIZE "all" for the
   catalog's rules), then, unless quiet, "FILE: N findings, M screens at K sizes" (or "FILE:
   ok, …" when there is none). */
void lint_audit_print_text(FILE *out, const char *file, const lint_audit_report *r, bool quiet);
/* {"file", "sizes", "screens", "findings": [{"kind", "size", "screen", "path", "message"}]}
   (size and screen null when none), indented, and a newline. */
void lint_audit_print_json(FILE *out, const char *file, const lint_audit_report *r);

#endif

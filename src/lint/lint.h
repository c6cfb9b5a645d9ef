/*
 * Catalog linter (`gett-tui lint`): checks a CatalogSet (contract §3.4, §4.1–§4.4)
 * on the raw jansson tree, so it reports every problem instead of stopping at the
 * first one like the model parser does.
 *
 * Findings are ordered like the document: root fields, then catalogs, sections,
 * items and modifier groups, each map in wire order; within one entry by JSON path,
 * then message. The work is linear in the size of the document: every map is read
 * once, id lookups go through hash maps and cycles are found with one colour-marking
 * depth-first search per graph.
 */
#ifndef GETT_LINT_H
#define GETT_LINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#include "wire/catalog.h"

typedef enum lint_severity {
	LINT_ERROR,   /* the catalog is wrong: a client or the server would misbehave */
	LINT_WARNING, /* suspicious but usable */
} lint_severity;

typedef struct lint_finding {
	lint_severity severity;
	char *json_path; /* "$.items.abc.basePrice" */
	char *message;	 /* translated, names the offending id and its name */
	/* Document-order sort key: top-level map rank and the entry's index in it. */
	unsigned rank;
	size_t entry;
} lint_finding;

typedef struct lint_result {
	lint_finding *v;
	size_t n;
	size_t n_errors;
	size_t n_warnings;
	size_t n_items;	 /* entries of $.items (options included), for the summary line */
	size_t n_groups; /* entries of $.modifierGroups */
} lint_result;

/* Never NULL; `root` may be any JSON value (a non-object is one error at "$"). */
lint_result *lint_catalog_json(const json_t *root);
/* The number of errors lint_catalog_json reports (the banner of `gett-tui --catalog`), in
   less time: nothing is worded, and the checks that only ever warn (reachability, startingAt,
   which reads the document into the model once more; blank or padded names, control
   characters, a missing basePrice) are not run. */
size_t lint_count_errors(const json_t *root);
void lint_result_free(lint_result *result);

/*
 * Opens a CatalogSet file to browse it (`gett-tui --catalog`): reads it once, counts its lint
 * errors into *n_errors (lint_count_errors) (a catalog with errors still opens, under a banner) and
 * parses it with the model (wire/catalog.h; the caller frees the set). NULL when the file cannot be
 * read, is not JSON or the model cannot read it: `why` then says so in a sentence that names
 * the file ("FILE: cannot read: …", "FILE: not JSON: the file is empty", "…: it looks like
 * HTML", "…: line L column C: …", "FILE: cannot open this catalog: JSONPATH: …").
 */
catalog_set *lint_open_catalog(const char *path, size_t *n_errors, char *why, size_t why_len);

/* The same for len bytes already read (a catalog fetched from a URL, `gett-tui audit URL`),
   which `name` names in `why`. */
catalog_set *lint_open_catalog_text(const char *name, const char *text, size_t len,
				    size_t *n_errors, char *why, size_t why_len);

/* One line per finding: "FILE: error|warning: JSONPATH: message". */
void lint_print_text(FILE *out, const char *filename, const lint_result *result);
/* A JSON array of {"file","severity","path","message"} objects; caller decrefs. */
json_t *lint_to_json(const char *filename, const lint_result *result);

/* Exit codes of the command line front end. */
enum {
	LINT_EXIT_CLEAN = 0,	/* no errors (warnings allowed) */
	LINT_EXIT_ERRORS = 1,	/* at least one error */
	LINT_EXIT_BAD_INPUT = 2 /* a file or URL could not be read or is not JSON, or bad usage */
};

/*
 * Reads a catalog set at a URL for `gett-tui lint URL`. The linter sits beside the network
 * layer, not above it, so the program hands it one (cli/catalog_fetch.h). Returns the body
 * (caller frees; *len bytes, NUL-terminated), or NULL with `why` set to one sentence that
 * does not repeat the URL. *shown is always set: the URL fit to print (credentials
 * redacted), which the output names instead of the URL as given; caller frees.
 */
typedef char *(*lint_fetch_fn)(const char *url, size_t *len, char **shown, char *why,
			       size_t why_len);

/* True when a FILE argument is a URL ("scheme://..."): it goes to the fetcher. */
bool lint_arg_is_url(const char *arg);

/*
 * `gett-tui lint [--format text|json] [--quiet] FILE|URL...` with argv[0] being the
 * subcommand name ("lint"). "-" reads standard input; a URL is read by `fetch` (NULL: URLs
 * are refused as bad input). lint_run takes the streams explicitly so tests can capture
 * them; lint_main uses stdin, stdout and stderr.
 */
int lint_run(int argc, char **argv, FILE *in, FILE *out, FILE *err, lint_fetch_fn fetch);
int lint_main(int argc, char **argv, lint_fetch_fn fetch);

#endif

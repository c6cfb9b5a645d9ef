/*
 * Opening a CatalogSet file to browse it (`gett-tui --catalog FILE`, lint.h): the file is
 * read once, parsed by the model and its lint errors counted for the menu's banner, so a
 * catalog with lint errors still opens while one the model cannot read does not.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/jsonx.h"
#include "lint/lint.h"
#include "lint/lint_int.h"

/* Parses and counts the lint errors of a document already read, then closes it. */
static catalog_set *open_doc(const char *name, jsonx_doc *doc, size_t *n_errors, char *why,
			     size_t why_len)
{
	const json_t *root = jsonx_doc_root(doc);
	json_err err = {0};
	catalog_set *set = catalog_set_from_json(root, &err);
	if (set) { /* the banner says how many errors: they are counted, not worded */
		*n_errors = lint_count_errors(root);
	} else {
		char buf[600], shown[1200]; /* the path names the catalog's ids: escaped */
		snprintf(why, why_len, _("%s: cannot open this catalog: %s"), name,
			 lint_display(json_err_text(&err, buf, sizeof buf), shown, sizeof shown));
	}
	jsonx_doc_close(doc);
	return set;
}

void lint_why_not_json(const char *name, const char *text, size_t len, const json_error_t *jerr,
		       char *why, size_t why_len)
{
	size_t i = 0; /* the first byte that is not JSON's white space (RFC 8259, 2) */
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
		i++;
	if (i == len) /* jansson: "line 1 column 0: unexpected token near end of file" */
		snprintf(why, why_len, _("%s: not JSON: the file is empty"), name);
	else if (text[i] == '<') /* a web server's error page, a saved HTML page */
		snprintf(why, why_len, _("%s: not JSON: it looks like HTML (it starts with '<')"),
			 name);
	else
		snprintf(why, why_len, _("%s: not JSON: line %d column %d: %s"), name, jerr->line,
			 jerr->column, jerr->text);
}

catalog_set *lint_open_catalog_text(const char *name, const char *text, size_t len,
				    size_t *n_errors, char *why, size_t why_len)
{
	*n_errors = 0;
	json_error_t jerr;
	jsonx_doc *doc = jsonx_doc_loadb(text, len, JSON_DECODE_ANY, &jerr);
	if (!doc) {
		lint_why_not_json(name, text, len, &jerr, why, why_len);
		return NULL;
	}
	return open_doc(name, doc, n_errors, why, why_len);
}

catalog_set *lint_open_catalog(const char *path, size_t *n_errors, char *why, size_t why_len)
{
	*n_errors = 0;
	char *text;
	size_t len;
	/* Read here, not by jsonx_doc_load_file: why it is not JSON looks at the text. */
	if (!file_read_named(path, &text, &len)) {
		snprintf(why, why_len, _("%s: cannot read: %s"), path, strerror(errno));
		return NULL;
	}
	json_error_t jerr;
	jsonx_doc *doc = jsonx_doc_loadb(text, len, JSON_DECODE_ANY, &jerr);
	if (!doc)
		lint_why_not_json(path, text, len, &jerr, why, why_len);
	free(text); /* before the model's parse and the lint, which need only the tree */
	return doc ? open_doc(path, doc, n_errors, why, why_len) : NULL;
}

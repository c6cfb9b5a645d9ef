/*
 * Opening a CatalogSet file to browse it (`gett-tui --catalog FILE`, lint.h): the file is
 * read once, parsed by the model and its lint errors counted for the menu's banner, so a
 * catalog with lint errors still opens while one the model cannot read does not.
 */
#include <stdio.h>

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

catalog_set *lint_open_catalog(const char *path, size_t *n_errors, char *why, size_t why_len)
{
	*n_errors = 0;
	json_error_t jerr;
	jsonx_doc *doc = jsonx_doc_load_file(path, JSON_DECODE_ANY, &jerr);
	if (!doc) {
		/* Open and read failures have no position (line < 1), and jansson's text names
		   the file already. */
		if (jerr.line >= 1)
			snprintf(why, why_len, _("%s: line %d column %d: %s"), path, jerr.line,
				 jerr.column, jerr.text);
		else
			snprintf(why, why_len, "%s", jerr.text);
		return NULL;
	}
	return open_doc(path, doc, n_errors, why, why_len);
}

catalog_set *lint_open_catalog_text(const char *name, const char *text, size_t len,
				    size_t *n_errors, char *why, size_t why_len)
{
	*n_errors = 0;
	json_error_t jerr;
	jsonx_doc *doc = jsonx_doc_loadb(text, len, JSON_DECODE_ANY, &jerr);
	if (!doc) {
		snprintf(why, why_len, _("%s: line %d column %d: %s"), name, jerr.line, jerr.column,
			 jerr.text);
		return NULL;
	}
	return open_doc(name, doc, n_errors, why, why_len);
}

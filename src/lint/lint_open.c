/*
 * Opening a CatalogSet file to browse it (`gett-tui --catalog FILE`, lint.h): the file is
 * read once, linted for the menu's banner and parsed by the model, so a catalog with lint
 * errors still opens while one the model cannot read does not.
 */
#include <stdio.h>

#include "base/i18n.h"
#include "lint/lint.h"

/* Lints and parses a document already read; `root` stays the caller's. */
static catalog_set *open_root(const char *name, const json_t *root, size_t *n_errors, char *why,
			      size_t why_len)
{
	lint_result *lint = lint_catalog_json(root);
	*n_errors = lint->n_errors;
	lint_result_free(lint);
	json_err err = {0};
	catalog_set *set = catalog_set_from_json(root, &err);
	if (!set) {
		char buf[600];
		snprintf(why, why_len, _("%s: cannot open this catalog: %s"), name,
			 json_err_text(&err, buf, sizeof buf));
		*n_errors = 0;
	}
	return set;
}

catalog_set *lint_open_catalog(const char *path, size_t *n_errors, char *why, size_t why_len)
{
	*n_errors = 0;
	json_error_t jerr;
	json_t *root = json_load_file(path, JSON_DECODE_ANY, &jerr);
	if (!root) {
		/* Open and read failures have no position (line < 1), and jansson's text names
		   the file already. */
		if (jerr.line >= 1)
			snprintf(why, why_len, _("%s: line %d column %d: %s"), path, jerr.line,
				 jerr.column, jerr.text);
		else
			snprintf(why, why_len, "%s", jerr.text);
		return NULL;
	}
	catalog_set *set = open_root(path, root, n_errors, why, why_len);
	json_decref(root);
	return set;
}

catalog_set *lint_open_catalog_text(const char *name, const char *text, size_t len,
				    size_t *n_errors, char *why, size_t why_len)
{
	*n_errors = 0;
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_DECODE_ANY, &jerr);
	if (!root) {
		snprintf(why, why_len, _("%s: line %d column %d: %s"), name, jerr.line, jerr.column,
			 jerr.text);
		return NULL;
	}
	catalog_set *set = open_root(name, root, n_errors, why, why_len);
	json_decref(root);
	return set;
}

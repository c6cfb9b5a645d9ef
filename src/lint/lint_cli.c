/*
 * `gett-tui lint [--format text|json] [--quiet] FILE|URL...`: the command line face of
 * lint.h. Every file is linted even after one fails to load; the exit status is the worst
 * outcome (2 unreadable/not JSON, 1 errors found, 0 clean). A URL is read by the fetcher the
 * program passes in, then linted exactly as a file.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"
#include "base/file.h"
#include "base/i18n.h"
#include "lint/lint.h"
#include "lint/lint_int.h"

#define STDIN_NAME "<stdin>"

static void usage(FILE *out)
{
	fputs(_("Usage: gett-tui lint [--format text|json] [--quiet] FILE|URL...\n"
		"Check CatalogSet JSON files and report every problem, one per line:\n"
		"  FILE: error|warning: JSONPATH: message\n"
		"A file with no problem prints \"FILE: ok, N items, M groups\" (text only).\n"
		"A FILE of '-' reads standard input. A URL (https://, or http:// to this\n"
		"machine) is fetched once, with a size cap and a time limit, and checked\n"
		"the same way.\n"
		"\n"
		"  --format text|json  output format (default text); json prints one array\n"
		"  -q, --quiet         print nothing for a file with no problem\n"
		"  -h, --help          show this help\n"
		"\n"
		"Exit status: 0 no errors (warnings allowed), 1 errors found,\n"
		"2 a file or URL could not be read or is not JSON, or bad usage.\n"),
	      out);
}

bool lint_arg_is_url(const char *arg)
{
	size_t scheme = strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "0123456789+.-");
	return scheme > 0 && isalpha((unsigned char)arg[0]) && strncmp(arg + scheme, "://", 3) == 0;
}

/* The bytes of a file or standard input; NULL after telling `err` why it could not. */
static char *read_file(const char *arg, const char *name, FILE *in, FILE *err, size_t *len)
{
	bool is_stdin = strcmp(arg, "-") == 0;
	FILE *f = is_stdin ? in : fopen(arg, "rb");
	if (!f) {
		fprintf(err, _("%s: cannot read: %s\n"), name, strerror(errno));
		return NULL;
	}
	char *text = NULL;
	file_read_stream(f, &text, len);
	int read_errno = errno;
	if (!is_stdin)
		fclose(f);
	if (!text)
		fprintf(err, _("%s: cannot read: %s\n"), name, strerror(read_errno));
	return text;
}

/* Parses what was read (and frees it); NULL after telling `err` why it is not JSON. */
static json_t *parse(char *text, size_t len, const char *name, FILE *err)
{
	json_error_t jerr;
	/* Any JSON value parses, so `[]` is a lint error rather than "not JSON". */
	json_t *root = json_loadb(text, len, JSON_DECODE_ANY, &jerr);
	if (!root) {
		char why[8192]; /* a name can be a long path or URL */
		lint_why_not_json(name, text, len, &jerr, why, sizeof why);
		fprintf(err, "%s\n", why);
	}
	free(text);
	return root;
}

typedef struct lint_args {
	bool json;
	bool help;
	bool quiet;
	const char **files;
	size_t n_files;
} lint_args;

/* "FILE: ok, 12 items, 3 groups": a clean run says so, so a script's log shows what was
   checked (and that it was not empty). */
static void print_ok(FILE *out, const char *name, const lint_result *result)
{
	char items[64], groups[64];
	snprintf(items, sizeof items, ngettext("%zu item", "%zu items", result->n_items),
		 result->n_items);
	snprintf(groups, sizeof groups, ngettext("%zu group", "%zu groups", result->n_groups),
		 result->n_groups);
	fprintf(out, _("%s: ok, %s, %s\n"), name, items, groups);
}

/* Lints one file or URL into `out` (text) or `all` (json); returns its exit status. */
static int lint_file(const char *arg, const lint_args *args, lint_fetch_fn fetch, FILE *in,
		     FILE *out, FILE *err, json_t *all)
{
	char *shown = NULL, *text = NULL, why[512];
	size_t len = 0;
	if (!lint_arg_is_url(arg)) {
		shown = xstrdup(strcmp(arg, "-") == 0 ? STDIN_NAME : arg);
		text = read_file(arg, shown, in, err, &len);
	} else if (!fetch) {
		shown = xstrdup(arg);
		fprintf(err, _("%s: cannot read a URL here\n"), shown);
	} else if (!(text = fetch(arg, &len, &shown, why, sizeof why))) {
		fprintf(err, _("%s: cannot fetch: %s\n"), shown, why);
	}
	json_t *root = text ? parse(text, len, shown, err) : NULL;
	if (!root) {
		free(shown);
		return LINT_EXIT_BAD_INPUT;
	}
	lint_result *result = lint_catalog_json(root);
	json_decref(root);
	if (all) {
		json_t *arr = lint_to_json(shown, result);
		json_array_extend(all, arr);
		json_decref(arr);
	} else if (result->n > 0) {
		lint_print_text(out, shown, result);
	} else if (!args->quiet) {
		print_ok(out, shown, result);
	}
	int status = result->n_errors ? LINT_EXIT_ERRORS : LINT_EXIT_CLEAN;
	lint_result_free(result);
	free(shown);
	return status;
}

/* Bad usage, as the rest of the command line says it (GNU style, src/cli/main.c): one line
   saying what is wrong, one saying where help is. */
static void usage_error(FILE *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void usage_error(FILE *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("gett-tui lint: ", err);
	vfprintf(err, fmt, ap);
	va_end(ap);
	fprintf(err, "\n%s\n", _("Try 'gett-tui lint --help' for more information."));
}

static bool set_format(lint_args *args, const char *value, FILE *err)
{
	if (!value) {
		usage_error(err, "%s", _("--format needs a value (text or json)"));
		return false;
	}
	if (strcmp(value, "text") != 0 && strcmp(value, "json") != 0) {
		usage_error(err, _("unknown format \"%s\" (use text or json)"), value);
		return false;
	}
	args->json = strcmp(value, "json") == 0;
	return true;
}

/* False on bad usage (already reported). args->files must hold argc entries. */
static bool parse_args(int argc, char **argv, lint_args *args, FILE *err)
{
	bool options_done = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
			args->files[args->n_files++] = a;
		} else if (strcmp(a, "--") == 0) {
			options_done = true;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			args->help = true;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			args->quiet = true;
		} else if (strcmp(a, "--format") == 0) {
			if (!set_format(args, i + 1 < argc ? argv[++i] : NULL, err))
				return false;
		} else if (strncmp(a, "--format=", 9) == 0) {
			if (!set_format(args, a + 9, err))
				return false;
		} else {
			usage_error(err, _("unknown option \"%s\""), a);
			return false;
		}
	}
	return true;
}

int lint_run(int argc, char **argv, FILE *in, FILE *out, FILE *err, lint_fetch_fn fetch)
{
	lint_args args = {0};
	args.files = xcalloc(argc > 0 ? (size_t)argc : 1, sizeof *args.files);
	int status = LINT_EXIT_CLEAN;
	if (!parse_args(argc, argv, &args, err)) {
		status = LINT_EXIT_BAD_INPUT;
	} else if (args.help) {
		usage(out);
	} else if (args.n_files == 0) {
		usage_error(err, "%s", _("no files given (a FILE, - or a URL)"));
		status = LINT_EXIT_BAD_INPUT;
	} else {
		json_t *all = args.json ? json_array() : NULL;
		for (size_t i = 0; i < args.n_files; i++) {
			int s = lint_file(args.files[i], &args, fetch, in, out, err, all);
			if (s > status)
				status = s;
		}
		if (all) {
			char *text = json_dumps(all, JSON_INDENT(2));
			fprintf(out, "%s\n", text);
			free(text);
			json_decref(all);
		}
	}
	free(args.files);
	fflush(out);
	return status;
}

int lint_main(int argc, char **argv, lint_fetch_fn fetch)
{
	return lint_run(argc, argv, stdin, stdout, stderr, fetch);
}

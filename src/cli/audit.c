/* `gett-tui audit` (audit.h). */
#include "cli/audit.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/timestamp.h"
#include "cli/catalog_fetch.h"
#include "cli/offline.h"
#include "lint/lint.h"
#include "lint/lint_audit.h"
#include "ui/audit_walk.h"
#include "ui/views.h"

#define AUDIT_MAX_SIZES 16

static void usage(FILE *out)
{
	fputs(
	    _("Usage: gett-tui audit [--sizes 80x24,120x40,...] [--out DIR] [--format text|json]\n"
	      "                      [--now TIME] [--quiet] FILE|URL\n"
	      "Walk every catalog, section, item and modifier picker (nested groups included)\n"
	      "of a CatalogSet at each screen size, headless, and report what a customer could\n"
	      "not read or do, one finding per line:\n"
	      "  FILE: SIZE: KIND: JSONPATH: message [SCREEN]\n"
	      "(SIZE \"all\" for what holds at every size). A URL (https://, or http:// to this\n"
	      "machine) is fetched once, as gett-tui lint fetches it.\n"
	      "\n"
	      "  --sizes LIST        screen sizes, COLSxROWS separated by commas (default 80x24)\n"
	      "  --out DIR           write every screen as text, one file per screen named by\n"
	      "                      its path: DIR/80x24/catalog-ID/section-ID/item-ID/picker.txt\n"
	      "  --format text|json  output format (default text); json prints one object\n"
	      "  --now TIME          read the hours at TIME (UTC, e.g. 2026-11-18T19:30:00Z),\n"
	      "                      so two runs compare at the same moment\n"
	      "  -q, --quiet         text: no summary line\n"
	      "  -h, --help          show this help\n"
	      "\n"
	      "Exit status: 0 nothing found, 1 findings, 2 the catalog could not be read, a\n"
	      "screen could not be written, or bad usage.\n"),
	    out);
}

static int usage_error(const char *what)
{
	fprintf(stderr, "gett-tui audit: %s\n%s\n", what,
		_("Try 'gett-tui audit --help' for more information."));
	return LINT_EXIT_BAD_INPUT;
}

/* "80x24,120x40" -> sizes; false when any is not COLSxROWS (1 to 1000 each). */
static bool parse_sizes(const char *list, audit_size *sizes, size_t *n)
{
	*n = 0;
	const char *p = list;
	for (;;) {
		int cols, rows, used = 0;
		if (*n == AUDIT_MAX_SIZES || sscanf(p, "%4dx%4d%n", &cols, &rows, &used) != 2 ||
		    used == 0 || cols < 1 || rows < 1 || cols > 1000 || rows > 1000 ||
		    (p[used] != ',' && p[used] != '\0'))
			return false;
		sizes[(*n)++] = (audit_size){cols, rows};
		p += used;
		if (!*p)
			return true;
		p++;
	}
}

typedef struct audit_args {
	audit_size sizes[AUDIT_MAX_SIZES];
	size_t n_sizes;
	const char *out_dir;
	bool json, quiet;
	const char *now; /* pins the clock: "opens at …" notes the same in every run */
	const char *source;
} audit_args;

/* -1 to go on, else an exit status. */
static int parse_args(int argc, char **argv, audit_args *args)
{
	static const struct option longopts[] = {
	    {"sizes", required_argument, NULL, 's'},
	    {"out", required_argument, NULL, 'o'},
	    {"format", required_argument, NULL, 'f'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"now", required_argument, NULL, 'n'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	char msg[512];
	args->sizes[0] = (audit_size){80, 24};
	args->n_sizes = 1;
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (!parse_sizes(optarg, args->sizes, &args->n_sizes)) {
				snprintf(msg, sizeof msg,
					 _("--sizes wants COLSxROWS separated by commas (at most "
					   "%d), e.g. 80x24,120x40; got \"%s\""),
					 AUDIT_MAX_SIZES, optarg);
				return usage_error(msg);
			}
			break;
		case 'o':
			args->out_dir = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0) {
				snprintf(msg, sizeof msg,
					 _("unknown format \"%s\" (use text or json)"), optarg);
				return usage_error(msg);
			}
			args->json = strcmp(optarg, "json") == 0;
			break;
		case 'n': {
			time_t t;
			if (!timestamp_parse(optarg, &t)) {
				snprintf(msg, sizeof msg,
					 _("--now wants a UTC time like 2026-11-18T19:30:00Z; got "
					   "\"%s\""),
					 optarg);
				return usage_error(msg);
			}
			args->now = optarg;
			break;
		}
		case 'q':
			args->quiet = true;
			break;
		case 'h':
			usage(stdout);
			return LINT_EXIT_CLEAN;
		case ':':
			snprintf(msg, sizeof msg, _("option '%s' requires an argument"),
				 argv[optind - 1]);
			return usage_error(msg);
		default:
			snprintf(msg, sizeof msg, _("unrecognized option '%s'"), argv[optind - 1]);
			return usage_error(msg);
		}
	}
	if (optind == argc)
		return usage_error(_("no catalog given (a FILE or a URL)"));
	if (optind + 1 < argc) {
		snprintf(msg, sizeof msg, _("one catalog at a time: unexpected '%s'"),
			 argv[optind + 1]);
		return usage_error(msg);
	}
	args->source = argv[optind];
	return -1;
}

/* The catalog of a file or a URL; NULL after saying why. *shown names it (caller frees). */
static catalog_set *open_source(const char *source, size_t *lint_errors, char **shown)
{
	char why[1200];
	catalog_set *set = NULL;
	*lint_errors = 0;
	if (!lint_arg_is_url(source)) {
		*shown = xstrdup(source);
		set = lint_open_catalog(source, lint_errors, why, sizeof why);
	} else {
		size_t len = 0;
		char *text = catalog_fetch_url(source, &len, shown, why, sizeof why);
		if (!text) {
			fprintf(stderr, _("gett-tui audit: %s: cannot fetch: %s\n"), *shown, why);
			return NULL;
		}
		set = lint_open_catalog_text(*shown, text, len, lint_errors, why, sizeof why);
		free(text);
	}
	if (!set)
		fprintf(stderr, "gett-tui audit: %s\n", why);
	return set;
}

int audit_main(int argc, char **argv)
{
	audit_args args = {0};
	int status = parse_args(argc, argv, &args);
	if (status >= 0)
		return status;
	size_t lint_errors;
	char *shown = NULL;
	catalog_set *set = open_source(args.source, &lint_errors, &shown);
	if (!set) {
		free(shown);
		return LINT_EXIT_BAD_INPUT;
	}
	offline_session s;
	if (!offline_session_open(&s, set, shown, lint_errors, args.now)) {
		free(shown);
		return LINT_EXIT_BAD_INPUT;
	}
	audit_walk_options o = {
	    .sizes = args.sizes, .n_sizes = args.n_sizes, .out_dir = args.out_dir};
	lint_audit_report report = {0};
	char why[1200] = "";
	bool walked = audit_walk(&s.a, &o, &report, why, sizeof why);
	offline_session_close(&s);
	if (!walked) {
		fprintf(stderr, "gett-tui audit: %s: %s\n", shown, why);
		status = LINT_EXIT_BAD_INPUT;
	} else {
		if (args.json)
			lint_audit_print_json(stdout, shown, &report);
		else
			lint_audit_print_text(stdout, shown, &report, args.quiet);
		status = report.n ? LINT_EXIT_ERRORS : LINT_EXIT_CLEAN;
	}
	lint_audit_clear(&report);
	free(shown);
	fflush(stdout);
	return status;
}

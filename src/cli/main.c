/*
 * gett-tui: `gett-tui lint ...`, or the terminal UI. Offline (`--catalog FILE`)
 * it browses a local CatalogSet with no network and no key; otherwise it is
 * online (run_online.h), in demo mode when nothing is configured.
 */
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui/app.h"
#include "base/i18n.h"
#include "cli/audit.h"
#include "cli/catalog_fetch.h"
#include "cli/offline.h"
#include "lint/lint.h"
#include "persist/config.h"
#include "cli/run_online.h"
#include "ui/script.h"
#include "base/timestamp.h"
#include "ui/views.h"

enum { EXIT_USAGE = 2 };

typedef struct options {
	const char *catalog_path; /* offline mode when set */
	const char *script_path;  /* headless mode when set */
	int cols, rows;		  /* virtual screen size (headless) */
	const char *api_url;	  /* online */
	const char *now;	  /* pinned clock, e.g. 2026-11-18T19:30:00Z */
	const char *debug_log;	  /* online: requests and responses, secrets redacted */
	bool debug_log_personal;  /* ...keeping names, email, phone and street addresses */
} options;

static void usage(FILE *out)
{
	fputs(_("Usage: gett-tui [--api-url URL] [--now TIME] [--script FILE] [--size COLSxROWS]\n"
		"                [--debug-log FILE [--debug-log-personal]]\n"
		"       gett-tui --catalog FILE [--now TIME] [--script FILE] [--size COLSxROWS]\n"
		"       gett-tui lint [--format text|json] [--quiet] FILE|URL...\n"
		"       gett-tui audit [--sizes 80x24,...] [--out DIR] [--format text|json]\n"
		"                      [--now TIME] [--quiet] FILE|URL\n"
		"\n"
		"Without --catalog gett-tui orders online, with the configuration in\n"
		"$XDG_CONFIG_HOME/gett-tui/config (by default ~/.config/gett-tui/config); with\n"
		"none at all it starts its own gett-sandbox with demo data (demo mode). The API\n"
		"key is never an option: it comes from GETT_API_KEY or the config's\n"
		"api-key-file. In the interface, ? lists the keys of the current screen. The\n"
		"manual: man gett-tui.\n"
		"\n"
		"The orders placed are recorded in $XDG_STATE_HOME/gett-tui/orders/\n"
		"(by default ~/.local/state/gett-tui/orders/), one file per API URL and user\n"
		"(O shows them); the saved cart and the place journal are beside it, in carts/\n"
		"and journal/.\n"
		"\n"
		"  --api-url URL       the API's base URL (overrides the config and GETT_API_URL)\n"
		"  --now TIME          pin the clock, e.g. 2026-11-18T19:30:00Z (hours shown, and\n"
		"                      the demo sandbox's clock)\n"
		"  --debug-log FILE    append requests and responses to FILE (secrets redacted,\n"
		"                      personal data written [PERSONAL])\n"
		"  --debug-log-personal  keep names, email, phone and addresses in the debug log\n"
		"  --catalog FILE      browse a local CatalogSet offline (no network, no key)\n"
		"  --script FILE       run headless, executing the commands in FILE (see the\n"
		"                      manual for the commands)\n"
		"  --size COLSxROWS    size of the headless screen (default 80x24)\n"
		"  -h, --help          show this help\n"
		"  --version           show the version\n"),
	      out);
}

/* One line saying what is wrong, one saying where help is (GNU style); the usage status. */
static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s\n", _("Try 'gett-tui --help' for more information."));
	return EXIT_USAGE;
}

/* Returns -1 to go on, else an exit status. */
static int parse_options(int argc, char **argv, options *o)
{
	static const struct option longopts[] = {
	    {"catalog", required_argument, NULL, 'c'},
	    {"script", required_argument, NULL, 's'},
	    {"size", required_argument, NULL, 'z'},
	    {"api-url", required_argument, NULL, 'u'},
	    {"now", required_argument, NULL, 'n'},
	    {"debug-log", required_argument, NULL, 'd'},
	    {"debug-log-personal", no_argument, NULL, 'P'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	o->cols = 80;
	o->rows = 24;
	int c;
	char tail;
	opterr = 0; /* our own words, GNU style, without the path of argv[0] */
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->catalog_path = optarg;
			break;
		case 's':
			o->script_path = optarg;
			break;
		case 'z':
			if (sscanf(optarg, "%dx%d%c", &o->cols, &o->rows, &tail) != 2 ||
			    o->cols < 1 || o->rows < 1 || o->cols > 1000 || o->rows > 1000) {
				fprintf(stderr,
					_("gett-tui: --size wants COLSxROWS, e.g. 80x24\n"));
				return EXIT_USAGE;
			}
			break;
		case 'u':
			o->api_url = optarg;
			break;
		case 'n': {
			time_t t;
			if (!timestamp_parse(optarg, &t)) {
				fprintf(stderr, _("gett-tui: --now wants a UTC time like "
						  "2026-11-18T19:30:00Z\n"));
				return EXIT_USAGE;
			}
			o->now = optarg;
			break;
		}
		case 'd':
			o->debug_log = optarg;
			break;
		case 'P':
			o->debug_log_personal = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("gett-tui %s\n", PACKAGE_VERSION);
			return 0;
		case ':':
			return usage_error(_("gett-tui: option '%s' requires an argument"),
					   argv[optind - 1]);
		default:
			if (optopt)
				return usage_error(_("gett-tui: invalid option -- '%c'"), optopt);
			return usage_error(_("gett-tui: unrecognized option '%s'"),
					   argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error(_("gett-tui: unexpected argument '%s'"), argv[optind]);
	if (o->debug_log_personal && !o->debug_log) {
		fprintf(stderr, _("gett-tui: --debug-log-personal needs --debug-log FILE\n"));
		return EXIT_USAGE;
	}
	if (o->catalog_path && (o->api_url || o->debug_log)) {
		fprintf(stderr, _("gett-tui: --catalog is offline: it takes no --api-url or "
				  "--debug-log\n"));
		return EXIT_USAGE;
	}
	return -1;
}

/* The configuration's [ui] section (mouse, hyperlinks) holds offline too. Nothing else in it
   matters here, so a file that cannot be read is said and browsing goes on with the defaults. */
static void apply_ui_config(app *a)
{
	config cfg;
	char err[512];
	if (config_load(NULL, &cfg, err, sizeof err)) {
		a->mouse = cfg.ui_mouse;
		a->hyperlinks = cfg.ui_hyperlinks;
	} else {
		fprintf(stderr, _("gett-tui: %s (browsing with the default [ui] settings)\n"), err);
	}
	config_clear(&cfg);
}

/* Offline browsing: the views over a local shop of the catalog file. */
static int run_offline(const options *o)
{
	char why[1200];
	size_t lint_errors;
	catalog_set *set = lint_open_catalog(o->catalog_path, &lint_errors, why, sizeof why);
	if (!set) {
		fprintf(stderr, "gett-tui: %s\n", why);
		return 1;
	}
	offline_session s;
	if (!offline_session_open(&s, set, o->catalog_path, lint_errors, o->now))
		return 1;
	apply_ui_config(&s.a);
	views_start_offline(&s.a);
	int status = o->script_path ? script_run(&s.a, o->script_path, o->cols, o->rows)
				    : app_run_terminal(&s.a);
	offline_session_close(&s);
	return status;
}

/* The locale the environment asks for (LC_ALL, then LC_CTYPE, then LANG), or NULL. */
static const char *requested_ctype(void)
{
	const char *names[] = {"LC_ALL", "LC_CTYPE", "LANG"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *v = getenv(names[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

/*
 * Names, prices and borders need UTF-8. Headless runs always use it, so they render the same
 * everywhere. On a terminal, C.UTF-8 (always present in glibc) stands in when no locale is
 * set, or when the one asked for is a UTF-8 locale this machine does not have: the usual case
 * over SSH to a fresh machine, where the client sends LANG=en_US.UTF-8 and only C exists.
 * An explicit non-UTF-8 locale is respected.
 */
static void choose_ctype(bool headless)
{
	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return;
	const char *want = requested_ctype();
	bool wants_utf8 = want && (strcasestr(want, "utf-8") || strcasestr(want, "utf8"));
	if (headless || wants_utf8 || !want || strcmp(want, "C") == 0 || strcmp(want, "POSIX") == 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

int main(int argc, char **argv)
{
	/* Never LC_NUMERIC: JSON money must keep its '.' decimal point. */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
	if (argc > 1 && strcmp(argv[1], "lint") == 0)
		return lint_main(argc - 1, argv + 1, catalog_fetch_url);
	if (argc > 1 && strcmp(argv[1], "audit") == 0) {
		choose_ctype(true); /* headless: UTF-8, so every run measures text alike */
		return audit_main(argc - 1, argv + 1);
	}

	options o = {0};
	int rc = parse_options(argc, argv, &o);
	if (rc >= 0)
		return rc;
	/* Painting a screen nobody can answer helps no one (a pipe, a cron job, ssh without -t). */
	if (!o.script_path && !isatty(STDIN_FILENO)) {
		fprintf(stderr, "%s\n",
			_("gett-tui: cannot read keys: standard input is not a terminal (use "
			  "--script FILE to run without one)"));
		return 1;
	}
	choose_ctype(o.script_path != NULL);
	if (!o.catalog_path) {
		online_options on = {.api_url = o.api_url,
				     .now = o.now,
				     .debug_log = o.debug_log,
				     .debug_log_personal = o.debug_log_personal,
				     .script_path = o.script_path,
				     .cols = o.cols,
				     .rows = o.rows};
		return run_online(&on);
	}
	return run_offline(&o);
}

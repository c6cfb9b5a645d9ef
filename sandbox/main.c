/* gett-sandbox: command line, start-up and clean shutdown (docs/sandbox.md). */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "server.h"
#include "base/timestamp.h"

#define DEFAULT_LISTEN	"127.0.0.1:8787"
#define DEFAULT_API_KEY "zpka_sandbox_demo"
#define MAX_FAULTS	32
#define MAX_STEP_S	86400.0 /* --status-step: a day per step at the most */

/* §1.4 sandbox limits (5x production), per 60 s window. */
static const long default_limits[SBX_RATE_CLASS_COUNT] = {5000, 500, 300};
static const char *const class_names[SBX_RATE_CLASS_COUNT] = {"read", "write", "discovery"};

typedef struct cli {
	bool exit_with_stdin;
	char *host;
	unsigned port;
	sbx_fault faults[MAX_FAULTS];
	size_t n_faults;
} cli;

static void usage(FILE *out)
{
	fprintf(
	    out,
	    _("Usage: gett-sandbox [OPTION]...\n"
	      "Local emulator of the Gett Marketfront API.\n\n"
	      "  --listen HOST:PORT        address to listen on (default %s;\n"
	      "                            port 0 picks a free port)\n"
	      "  --data DIR                demo data directory (default %s)\n"
	      "  --now TIME                pin the clock, e.g. 2026-11-18T19:30:00Z; it then\n"
	      "                            advances with real elapsed time\n"
	      "  --freeze-clock            with --now: keep the clock still\n"
	      "  --api-key KEY             accepted partner API key (default %s)\n"
	      "  --fault ENDPOINT:KIND[:COUNT]\n"
	      "                            inject failures (repeatable); ENDPOINT is session,\n"
	      "                            discover, store, catalog, validate, place or any;\n"
	      "                            KIND is 429, 500, 502, 503, timeout, reset, garbage\n"
	      "                            or commit-then-reset; COUNT requests (default all)\n"
	      "  --rate-limit CLASS=N      requests per minute for read, write or discovery\n"
	      "  --strict-idempotency      same Idempotency-Key with another body -> 409\n"
	      "  --validation-style=STYLE  problem (default), inline or 422\n"
	      "  --status-step SECONDS     order status advances one step per SECONDS of\n"
	      "                            clock time (default 30; fractions allowed)\n"
	      "  --cancel-after SECONDS[:REASON]\n"
	      "                            every order placed is cancelled SECONDS of clock\n"
	      "                            time later (0: at once) with REASON, unless it\n"
	      "                            completed first\n"
	      "  --max-sessions N          sessions kept at most; the oldest go first\n"
	      "                            (default %d)\n"
	      "  --max-idempotency-entries N\n"
	      "                            place answers kept for replay at most; the oldest\n"
	      "                            failed ones go first (default %d)\n"
	      "  --exit-with-stdin         stop when standard input closes (a parent that\n"
	      "                            started us died)\n"
	      "  --help                    show this help and exit\n"
	      "  --version                 show the version and exit\n"),
	    DEFAULT_LISTEN, PKGDATADIR, DEFAULT_API_KEY, SBX_DEFAULT_MAX_SESSIONS,
	    SBX_DEFAULT_MAX_IDEMPOTENCY);
}

static bool bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "gett-sandbox: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s\n", _("Try 'gett-sandbox --help'."));
	return false;
}

static bool parse_listen(const char *arg, cli *c)
{
	const char *colon = strrchr(arg, ':');
	if (!colon || colon == arg)
		return bad(_("--listen wants HOST:PORT, got \"%s\""), arg);
	char *end;
	errno = 0;
	long port = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno || port < 0 || port > 65535)
		return bad(_("bad port in --listen \"%s\""), arg);
	size_t len = (size_t)(colon - arg);
	if (arg[0] == '[' && arg[len - 1] == ']') { /* [::1]:8080 */
		arg++;
		len -= 2;
	}
	free(c->host);
	c->host = strndup(arg, len);
	c->port = (unsigned)port;
	return true;
}

static bool parse_rate_limit(const char *arg, sbx_config *cfg)
{
	const char *eq = strchr(arg, '=');
	if (!eq)
		return bad(_("--rate-limit wants CLASS=N, got \"%s\""), arg);
	for (int i = 0; i < SBX_RATE_CLASS_COUNT; i++) {
		if (strlen(class_names[i]) != (size_t)(eq - arg) ||
		    strncmp(arg, class_names[i], (size_t)(eq - arg)) != 0)
			continue;
		char *end;
		errno = 0;
		long n = strtol(eq + 1, &end, 10);
		if (eq[1] == '\0' || *end != '\0' || errno || n < 1)
			return bad(_("--rate-limit: N must be a positive integer in \"%s\""), arg);
		cfg->rate_limits[i] = n;
		return true;
	}
	return bad(_("--rate-limit: CLASS must be read, write or discovery in \"%s\""), arg);
}

enum {
	OPT_LISTEN = 256,
	OPT_DATA,
	OPT_NOW,
	OPT_FREEZE,
	OPT_API_KEY,
	OPT_FAULT,
	OPT_RATE,
	OPT_STRICT,
	OPT_STYLE,
	OPT_STATUS_STEP,
	OPT_CANCEL_AFTER,
	OPT_EXIT_WITH_STDIN,
	OPT_MAX_SESSIONS,
	OPT_MAX_IDEMPOTENCY,
	OPT_HELP,
	OPT_VERSION,
};

static const struct option options[] = {
    {"listen", required_argument, NULL, OPT_LISTEN},
    {"data", required_argument, NULL, OPT_DATA},
    {"now", required_argument, NULL, OPT_NOW},
    {"freeze-clock", no_argument, NULL, OPT_FREEZE},
    {"api-key", required_argument, NULL, OPT_API_KEY},
    {"fault", required_argument, NULL, OPT_FAULT},
    {"rate-limit", required_argument, NULL, OPT_RATE},
    {"strict-idempotency", no_argument, NULL, OPT_STRICT},
    {"validation-style", required_argument, NULL, OPT_STYLE},
    {"status-step", required_argument, NULL, OPT_STATUS_STEP},
    {"cancel-after", required_argument, NULL, OPT_CANCEL_AFTER},
    {"exit-with-stdin", no_argument, NULL, OPT_EXIT_WITH_STDIN},
    {"max-sessions", required_argument, NULL, OPT_MAX_SESSIONS},
    {"max-idempotency-entries", required_argument, NULL, OPT_MAX_IDEMPOTENCY},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static bool parse_style(const char *arg, sbx_config *cfg)
{
	if (strcmp(arg, "problem") == 0)
		cfg->validation_style = SBX_VALIDATION_PROBLEM;
	else if (strcmp(arg, "inline") == 0)
		cfg->validation_style = SBX_VALIDATION_INLINE;
	else if (strcmp(arg, "422") == 0)
		cfg->validation_style = SBX_VALIDATION_422;
	else
		return bad(_("--validation-style must be problem, inline or 422, not \"%s\""), arg);
	return true;
}

/* Seconds per order status step: a positive number up to a day, kept in milliseconds. */
static bool parse_status_step(const char *arg, sbx_config *cfg)
{
	char *end;
	errno = 0;
	double s = strtod(arg, &end);
	long long ms = (long long)(s * 1000 + 0.5);
	if (end == arg || *end != '\0' || errno || !(s > 0) || s > MAX_STEP_S || ms < 1)
		return bad(_("--status-step wants a number of seconds above 0 and at most 86400, "
			     "not \"%s\""),
			   arg);
	cfg->status_step_ms = ms;
	return true;
}

/* --cancel-after SECONDS[:REASON]: a sandbox decision (docs/sandbox.md "Order read"), since
   the contract has no cancel call; seconds from 0 up to a day, the reason any text. */
static bool parse_cancel_after(const char *arg, sbx_config *cfg)
{
	char *end;
	errno = 0;
	double s = strtod(arg, &end);
	if (end == arg || (*end && *end != ':') || errno || !(s >= 0) || s > MAX_STEP_S ||
	    (*end == ':' && !end[1]))
		return bad(_("--cancel-after wants SECONDS[:REASON], seconds from 0 to 86400, not "
			     "\"%s\""),
			   arg);
	cfg->cancel_after_ms = (int64_t)(s * 1000 + 0.5);
	free(cfg->cancel_reason);
	cfg->cancel_reason = strdup(*end ? end + 1 : _("The store cancelled the order."));
	return true;
}

/* --max-sessions, --max-idempotency-entries: a positive count. */
static bool parse_max(const char *option, const char *arg, size_t *out)
{
	char *end;
	errno = 0;
	long long n = strtoll(arg, &end, 10);
	if (end == arg || *end != '\0' || errno || n < 1 || n > 100000000) {
		fprintf(stderr, "gett-sandbox: ");
		fprintf(stderr, _("%s wants a whole number from 1 to 100000000, not \"%s\""),
			option, arg);
		fprintf(stderr, "\n%s\n", _("Try 'gett-sandbox --help'."));
		return false;
	}
	*out = (size_t)n;
	return true;
}

static bool parse_fault(const char *arg, cli *c)
{
	char err[256];
	if (c->n_faults == MAX_FAULTS)
		return bad(_("too many --fault options (at most 32); ignoring \"%s\""), arg);
	if (!sbx_fault_parse(arg, &c->faults[c->n_faults], err, sizeof err))
		return bad("%s", err);
	c->n_faults++;
	return true;
}

static void set_string(char **slot, const char *value)
{
	free(*slot);
	*slot = strdup(value);
}

/* One option; false on a bad value. *exit_now is set by --help/--version. */
static bool apply_option(int opt, const char *arg, cli *c, sbx_config *cfg, bool *exit_now)
{
	switch (opt) {
	case OPT_LISTEN:
		return parse_listen(arg, c);
	case OPT_DATA:
		set_string(&cfg->data_dir, arg);
		return true;
	case OPT_NOW:
		cfg->clock_pinned = timestamp_parse_ms(arg, &cfg->pinned_ms);
		return cfg->clock_pinned || bad(_("--now wants an ISO-8601 UTC time like "
						  "2026-11-18T19:30:00Z, not \"%s\""),
						arg);
	case OPT_FREEZE:
		cfg->clock_frozen = true;
		return true;
	case OPT_API_KEY:
		if (!arg[0])
			return bad("%s", _("--api-key must not be empty"));
		set_string(&cfg->api_key, arg);
		return true;
	case OPT_FAULT:
		return parse_fault(arg, c);
	case OPT_RATE:
		return parse_rate_limit(arg, cfg);
	case OPT_STRICT:
		cfg->strict_idempotency = true;
		return true;
	case OPT_STYLE:
		return parse_style(arg, cfg);
	case OPT_STATUS_STEP:
		return parse_status_step(arg, cfg);
	case OPT_CANCEL_AFTER:
		return parse_cancel_after(arg, cfg);
	case OPT_EXIT_WITH_STDIN:
		c->exit_with_stdin = true;
		return true;
	case OPT_MAX_SESSIONS:
		return parse_max("--max-sessions", arg, &cfg->max_sessions);
	case OPT_MAX_IDEMPOTENCY:
		return parse_max("--max-idempotency-entries", arg, &cfg->max_idempotency);
	case OPT_HELP:
		usage(stdout);
		*exit_now = true;
		return true;
	case OPT_VERSION:
		printf("gett-sandbox (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		*exit_now = true;
		return true;
	}
	return false; /* getopt already printed why */
}

static bool parse_args(int argc, char **argv, cli *c, sbx_config *cfg, bool *exit_now)
{
	int opt;
	opterr = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (!apply_option(opt, optarg, c, cfg, exit_now)) {
			if (opt == '?')
				fprintf(stderr, "%s\n", _("Try 'gett-sandbox --help'."));
			return false;
		}
		if (*exit_now)
			return true;
	}
	if (optind < argc)
		return bad(_("unexpected argument \"%s\""), argv[optind]);
	if (cfg->clock_frozen && !cfg->clock_pinned)
		return bad("%s", _("--freeze-clock needs --now"));
	return true;
}

static void print_listen_line(const char *host, unsigned port)
{
	bool v6 = strchr(host, ':') != NULL;
	printf("listening on http://%s%s%s:%u\n", v6 ? "[" : "", host, v6 ? "]" : "", port);
	fflush(stdout);
}

/* gett-tui's demo mode holds our stdin open; EOF means it is gone, even after SIGKILL. */
static void *watch_stdin(void *unused)
{
	char buf[256];
	while (read(STDIN_FILENO, buf, sizeof buf) > 0)
		;
	kill(getpid(), SIGTERM);
	return NULL;
}

static int run(cli *c, sbx_config *cfg)
{
	sigset_t stop_signals;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	/* Blocked before any thread starts, so only sigwait() below sees them. */
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);

	char err[1024];
	sbx_world world;
	if (!world_load(&world, cfg, err, sizeof err)) {
		fprintf(stderr, _("gett-sandbox: cannot load data: %s\n"), err);
		return 1;
	}
	sbx_router *routes = sbx_router_new();
	sbx_register_routes(routes);
	sbx_server *server = sbx_server_start(&world, routes, c->faults, c->n_faults, c->host,
					      c->port, err, sizeof err);
	if (!server) {
		fprintf(stderr, "gett-sandbox: %s\n", err);
		sbx_router_free(routes);
		world_free(&world);
		return 1;
	}
	print_listen_line(c->host, sbx_server_port(server));
	pthread_t watcher;
	if (c->exit_with_stdin && pthread_create(&watcher, NULL, watch_stdin, NULL) == 0)
		pthread_detach(watcher);
	int sig;
	sigwait(&stop_signals, &sig);
	sbx_server_stop(server);
	sbx_router_free(routes);
	world_free(&world);
	return 0;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C"); /* JSON numbers never take a decimal comma */
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);

	cli c = {.host = strdup("127.0.0.1"), .port = 8787};
	sbx_config cfg = {.validation_style = SBX_VALIDATION_PROBLEM};
	memcpy(cfg.rate_limits, default_limits, sizeof default_limits);
	bool exit_now = false;
	int status = 2;
	if (parse_args(argc, argv, &c, &cfg, &exit_now)) {
		status = 0;
		if (!exit_now) {
			if (!cfg.data_dir)
				cfg.data_dir = strdup(PKGDATADIR);
			if (!cfg.api_key)
				cfg.api_key = strdup(DEFAULT_API_KEY);
			status = run(&c, &cfg);
		}
	}
	free(cfg.data_dir); /* NULL when world_load took ownership */
	free(cfg.api_key);
	free(cfg.cancel_reason);
	free(c.host);
	return status;
}

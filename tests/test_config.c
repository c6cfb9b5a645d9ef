/* Unit tests for src/persist/config.c: format, precedence, permissions, secrecy, demo mode. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "persist/config.h"
#include "fs_fixtures.h"
#include "wire/wire.h"
#include "base/xdg.h"

#define SECRET "zpka_s3cr3t_TEST_KEY_0123456789"

typedef struct fixture {
	char *root;
	char *config_dir; /* $XDG_CONFIG_HOME/gett-tui */
	config cfg;
	config_resolved res;
	char err[1024];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	f->root = fx_xdg_root();
	unsetenv("GETT_API_KEY");
	unsetenv("GETT_SESSION_TOKEN");
	unsetenv("GETT_API_URL");
	char *config_home = xdg_path_join(f->root, "config");
	f->config_dir = xdg_path_join(config_home, "gett-tui");
	free(config_home);
	mkdir(f->config_dir, 0700);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	config_clear(&f->cfg);
	config_resolved_clear(&f->res);
	fx_remove_tree(f->root);
	free(f->root);
	free(f->config_dir);
	free(f);
	return 0;
}

/* Writes the default config file with `mode`; returns its path (heap). */
static char *write_config(fixture *f, const char *text, mode_t mode)
{
	return fx_write(f->config_dir, "config", text, mode);
}

static void load_ok(fixture *f, const char *text)
{
	char *path = write_config(f, text, 0600);
	if (!config_load(NULL, &f->cfg, f->err, sizeof f->err))
		fail_msg("config_load failed: %s", f->err);
	assert_string_equal(f->cfg.path, path);
	free(path);
}

/* Loads text expecting failure; returns the error. */
static const char *load_fails(fixture *f, const char *text)
{
	free(write_config(f, text, 0600));
	assert_false(config_load(NULL, &f->cfg, f->err, sizeof f->err));
	assert_null(f->cfg.path);
	return f->err;
}

static void resolve_ok(fixture *f, const char *cli_url)
{
	config_resolved_clear(&f->res);
	if (!config_resolve(&f->cfg, cli_url, &f->res, f->err, sizeof f->err))
		fail_msg("config_resolve failed: %s", f->err);
}

/* The ```ini block of docs/config.md: the documented example must stay valid. */
static char *docs_example(void)
{
	char *doc = fx_read(TEST_DATADIR "/../../docs/config.md");
	assert_non_null(doc);
	char *start = strstr(doc, "```ini\n");
	assert_non_null(start);
	start += strlen("```ini\n");
	char *end = strstr(start, "```");
	assert_non_null(end);
	*end = '\0';
	char *example = strdup(start);
	free(doc);
	return example;
}

static void test_documented_example_parses(void **state)
{
	fixture *f = *state;
	char *example = docs_example();
	load_ok(f, example);
	free(example);
	const config *c = &f->cfg;
	assert_int_equal(c->environment, CONFIG_ENV_SANDBOX);
	assert_null(c->api_url);
	assert_non_null(c->api_key_file);
	assert_true(c->api_key_file[0] == '/');
	assert_int_equal(c->warnings.n, 0);
	const config_profile *p = &c->profile;
	assert_string_equal(p->email, "ada@example.com");
	assert_string_equal(p->phone, "+15551234567");
	assert_non_null(p->partner_user_id);
	assert_int_equal(p->n_addresses, 2);
	/* default-address = work moves it in front of home, which comes first in the file */
	assert_string_equal(p->addresses[0].name, "work");
	assert_string_equal(p->addresses[1].name, "home");
	assert_non_null(p->addresses[1].instructions);
	assert_int_equal(p->n_payments, 2);
	assert_int_equal(p->payments[0].type, CONFIG_PAYMENT_CARD_ON_FILE);
	assert_string_equal(p->payments[0].card_token, "tok_visa");
	assert_string_equal(p->payments[0].processor, "stripe");
	assert_int_equal(p->payments[1].type, CONFIG_PAYMENT_SAVED_CARD);
	assert_non_null(p->payments[1].payment_id);
	assert_true(c->catalog_cache_max_bytes == 128ULL * 1024 * 1024);
	assert_true(c->ui_mouse);
}

/* [ui] mouse: on when unset, off with any of the usual words for no; another value is an
   error that names the line. */
static void test_ui_mouse_setting(void **state)
{
	fixture *f = *state;
	load_ok(f, "[ui]\n");
	assert_true(f->cfg.ui_mouse);
	static const char *const off[] = {"false", "no", "off", "0", "False", "OFF"};
	for (size_t i = 0; i < sizeof off / sizeof off[0]; i++) {
		char text[64];
		snprintf(text, sizeof text, "[ui]\nmouse = %s\n", off[i]);
		config_clear(&f->cfg);
		load_ok(f, text);
		if (f->cfg.ui_mouse)
			fail_msg("mouse = %s left the mouse on", off[i]);
	}
	static const char *const on[] = {"true", "yes", "on", "1", "TRUE"};
	for (size_t i = 0; i < sizeof on / sizeof on[0]; i++) {
		char text[64];
		snprintf(text, sizeof text, "[ui]\nmouse = %s\n", on[i]);
		config_clear(&f->cfg);
		load_ok(f, text);
		if (!f->cfg.ui_mouse)
			fail_msg("mouse = %s turned the mouse off", on[i]);
	}
	config_clear(&f->cfg);
	load_ok(f, "[ui]\nmouse =\n"); /* empty: as if unset */
	assert_true(f->cfg.ui_mouse);
	config_clear(&f->cfg);
	const char *err = load_fails(f, "# the terminal's\n[ui]\nmouse = sometimes\n");
	assert_non_null(strstr(err, ":3:"));
	assert_non_null(strstr(err, "mouse must be true or false"));
	assert_null(strstr(err, "sometimes"));
	config_clear(&f->cfg);
	load_ok(f, "[ui]\nscroll = fast\n");
	assert_int_equal(f->cfg.warnings.n, 1);
}

/* [ui] hyperlinks: on when unset, off with false; another value names the key and line. */
static void test_ui_hyperlinks_setting(void **state)
{
	fixture *f = *state;
	load_ok(f, "[ui]\n");
	assert_true(f->cfg.ui_hyperlinks);
	config_clear(&f->cfg);
	load_ok(f, "[ui]\nhyperlinks = false\n");
	assert_false(f->cfg.ui_hyperlinks);
	assert_true(f->cfg.ui_mouse);
	assert_int_equal(f->cfg.warnings.n, 0);
	config_clear(&f->cfg);
	load_ok(f, "[ui]\nhyperlinks = yes\nmouse = off\n");
	assert_true(f->cfg.ui_hyperlinks);
	assert_false(f->cfg.ui_mouse);
	config_clear(&f->cfg);
	const char *err = load_fails(f, "[ui]\nhyperlinks = maybe\n");
	assert_non_null(strstr(err, ":2:"));
	assert_non_null(strstr(err, "hyperlinks must be true or false"));
}

static void test_missing_default_file_is_empty_config_and_demo_mode(void **state)
{
	fixture *f = *state;
	assert_true(config_load(NULL, &f->cfg, f->err, sizeof f->err));
	assert_null(f->cfg.path);
	assert_true(f->cfg.catalog_cache_max_bytes == CONFIG_DEFAULT_CATALOG_CACHE_BYTES);
	resolve_ok(f, NULL);
	assert_true(f->res.demo_mode);
	assert_null(f->res.base_url);
	assert_null(f->res.api_key);
	assert_null(f->res.session_token);
}

static void test_missing_explicit_file_is_an_error(void **state)
{
	fixture *f = *state;
	char *path = xdg_path_join(f->root, "nope.ini");
	assert_false(config_load(path, &f->cfg, f->err, sizeof f->err));
	assert_non_null(strstr(f->err, path));
	free(path);
}

static void test_demo_mode_needs_nothing_configured(void **state)
{
	fixture *f = *state;
	assert_true(config_load(NULL, &f->cfg, f->err, sizeof f->err));

	setenv("GETT_API_KEY", "   ", 1); /* blank is unset */
	resolve_ok(f, NULL);
	assert_true(f->res.demo_mode);

	setenv("GETT_API_KEY", SECRET, 1);
	resolve_ok(f, NULL);
	assert_false(f->res.demo_mode);
	assert_string_equal(f->res.base_url, CONFIG_SANDBOX_URL); /* never production by default */
	assert_string_equal(f->res.api_key, SECRET);
	unsetenv("GETT_API_KEY");

	setenv("GETT_SESSION_TOKEN", " eyJ.token.sig\n", 1);
	resolve_ok(f, NULL);
	assert_false(f->res.demo_mode);
	assert_string_equal(f->res.session_token, "eyJ.token.sig");
	unsetenv("GETT_SESSION_TOKEN");

	resolve_ok(f, "http://127.0.0.1:8080");
	assert_false(f->res.demo_mode);
	assert_string_equal(f->res.base_url, "http://127.0.0.1:8080");
	assert_null(f->res.api_key);

	config_clear(&f->cfg);
	load_ok(f, "[api]\nenvironment = production\n");
	resolve_ok(f, NULL);
	assert_false(f->res.demo_mode);
	assert_string_equal(f->res.base_url, CONFIG_PRODUCTION_URL);
}

static void test_url_precedence_file_env_command_line(void **state)
{
	fixture *f = *state;
	load_ok(f, "[api]\nenvironment = production\napi-url = https://file.example/\n");
	resolve_ok(f, NULL);
	assert_string_equal(f->res.base_url,
			    "https://file.example"); /* api-url beats environment */

	setenv("GETT_API_URL", "https://env.example", 1);
	resolve_ok(f, NULL);
	assert_string_equal(f->res.base_url, "https://env.example");

	resolve_ok(f, "https://cli.example//");
	assert_string_equal(f->res.base_url, "https://cli.example");

	setenv("GETT_API_URL", "", 1); /* empty: as if unset */
	resolve_ok(f, NULL);
	assert_string_equal(f->res.base_url, "https://file.example");
	setenv("GETT_API_URL", " \t ", 1); /* blank too */
	resolve_ok(f, NULL);
	assert_string_equal(f->res.base_url, "https://file.example");
	unsetenv("GETT_API_URL");
}

static void test_key_precedence_env_over_key_file(void **state)
{
	fixture *f = *state;
	free(fx_write(f->config_dir, "api-key", "\n  zpka_from_file \n\n", 0600));
	load_ok(f, "api-key-file = api-key\n"); /* relative to the config directory */
	char *expected = xdg_path_join(f->config_dir, "api-key");
	assert_string_equal(f->cfg.api_key_file, expected);
	free(expected);
	resolve_ok(f, NULL);
	assert_string_equal(f->res.api_key, "zpka_from_file");
	assert_false(f->res.demo_mode);

	setenv("GETT_API_KEY", "zpka_from_env", 1);
	resolve_ok(f, NULL);
	assert_string_equal(f->res.api_key, "zpka_from_env");
	unsetenv("GETT_API_KEY");
}

static void test_xdg_subdir_default_and_override(void **state)
{
	fixture *f = *state;
	char *dir = xdg_app_subdir(NULL, XDG_STATE, "journal", f->err, sizeof f->err);
	char *state_home = xdg_path_join(f->root, "state");
	char *app = xdg_path_join(state_home, "gett-tui");
	char *want = xdg_path_join(app, "journal");
	assert_string_equal(dir, want);
	free(dir);
	dir = xdg_app_subdir("/elsewhere/j", XDG_STATE, "journal", f->err, sizeof f->err);
	assert_string_equal(dir, "/elsewhere/j");
	free(dir);
	free(want);
	free(app);
	free(state_home);
}

static void test_tilde_key_file_path(void **state)
{
	fixture *f = *state;
	load_ok(f, "[api]\napi-key-file = ~/secrets/gett\n");
	char *expected = xdg_path_join(getenv("HOME"), "secrets/gett");
	assert_string_equal(f->cfg.api_key_file, expected);
	free(expected);
}

static void test_config_readable_by_others_is_refused(void **state)
{
	fixture *f = *state;
	static const mode_t modes[] = {0644, 0640, 0604};
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		char *path = write_config(f, "[api]\nenvironment = sandbox\n", modes[i]);
		chmod(path, modes[i]);
		assert_false(config_load(NULL, &f->cfg, f->err, sizeof f->err));
		char expected[2048];
		snprintf(expected, sizeof expected,
			 "gett-tui: %s is readable by your group or other users; run: chmod 600 %s",
			 path, path);
		assert_string_equal(f->err, expected);
		assert_int_equal(f->cfg.environment, CONFIG_ENV_UNSET);
		chmod(path, 0600);
		assert_true(config_load(NULL, &f->cfg, f->err, sizeof f->err));
		assert_int_equal(f->cfg.environment, CONFIG_ENV_SANDBOX);
		config_clear(&f->cfg);
		free(path);
	}
}

static void test_key_file_readable_by_others_is_refused(void **state)
{
	fixture *f = *state;
	char *key_path = fx_write(f->config_dir, "key", SECRET "\n", 0644);
	char text[1024];
	snprintf(text, sizeof text, "[api]\napi-key-file = %s\n", key_path);
	load_ok(f, text);
	assert_false(config_resolve(&f->cfg, NULL, &f->res, f->err, sizeof f->err));
	char expected[2048];
	snprintf(expected, sizeof expected,
		 "gett-tui: %s is readable by your group or other users; run: chmod 600 %s",
		 key_path, key_path);
	assert_string_equal(f->err, expected);
	assert_null(f->res.api_key);

	chmod(key_path, 0600);
	resolve_ok(f, NULL);
	assert_string_equal(f->res.api_key, SECRET);
	free(key_path);
}

/* A FIFO named as the config or the key file used to hang start-up in open(): both are
   refused at once, in plain words. The alarm turns a hang back into a failure. */
static void test_fifo_config_and_key_file_are_refused_without_waiting(void **state)
{
	fixture *f = *state;
	char *fifo = xdg_path_join(f->config_dir, "config");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	alarm(10);
	assert_false(config_load(NULL, &f->cfg, f->err, sizeof f->err));
	char expected[2048];
	snprintf(expected, sizeof expected, "gett-tui: %s is not a regular file", fifo);
	assert_string_equal(f->err, expected);
	unlink(fifo);

	char *key_fifo = xdg_path_join(f->config_dir, "key");
	assert_int_equal(mkfifo(key_fifo, 0600), 0);
	char text[1024];
	snprintf(text, sizeof text, "[api]\napi-key-file = %s\n", key_fifo);
	load_ok(f, text);
	assert_false(config_resolve(&f->cfg, NULL, &f->res, f->err, sizeof f->err));
	snprintf(expected, sizeof expected, "gett-tui: %s is not a regular file", key_fifo);
	assert_string_equal(f->err, expected);
	alarm(0);
	free(fifo);
	free(key_fifo);
}

/* Every failure path a key could plausibly end up in: none may print it. */
static void test_key_never_appears_in_error_text(void **state)
{
	fixture *f = *state;
	char text[1024];

	/* the key file's content is broken */
	char *key_path = fx_write(f->config_dir, "key", SECRET "\n" SECRET "x\n", 0600);
	snprintf(text, sizeof text, "api-key-file = %s\n", key_path);
	load_ok(f, text);
	assert_false(config_resolve(&f->cfg, NULL, &f->res, f->err, sizeof f->err));
	assert_non_null(strstr(f->err, key_path));
	assert_null(strstr(f->err, SECRET));
	chmod(key_path, 0644);
	assert_false(config_resolve(&f->cfg, NULL, &f->res, f->err, sizeof f->err));
	assert_null(strstr(f->err, SECRET));
	config_clear(&f->cfg);
	free(key_path);

	/* the key pasted where the path belongs */
	load_ok(f, "api-key-file = " SECRET "\n");
	assert_false(config_resolve(&f->cfg, NULL, &f->res, f->err, sizeof f->err));
	assert_non_null(strstr(f->err, ":1:"));
	assert_null(strstr(f->err, SECRET));
	config_clear(&f->cfg);

	/* the key written into the config file itself, or into the URL setting */
	load_ok(f, "[api]\napi-key = " SECRET "\n");
	assert_int_equal(f->cfg.warnings.n, 1);
	assert_null(strstr(f->cfg.warnings.v[0], SECRET));
	config_clear(&f->cfg);
	load_fails(f, "[api]\napi-url = " SECRET "\n");
	assert_null(strstr(f->err, SECRET));
	load_fails(f, "[api]\nenvironment = " SECRET "\n");
	assert_null(strstr(f->err, SECRET));

	/* environment variables swapped or mangled */
	setenv("GETT_API_URL", SECRET, 1);
	assert_false(config_resolve(&f->cfg, NULL, &f->res, f->err, sizeof f->err));
	assert_non_null(strstr(f->err, "GETT_API_URL"));
	assert_null(strstr(f->err, SECRET));
	unsetenv("GETT_API_URL");
	assert_false(config_resolve(&f->cfg, SECRET, &f->res, f->err, sizeof f->err));
	assert_null(strstr(f->err, SECRET));
	setenv("GETT_API_KEY", SECRET " " SECRET, 1);
	assert_false(config_resolve(&f->cfg, NULL, &f->res, f->err, sizeof f->err));
	assert_non_null(strstr(f->err, "GETT_API_KEY"));
	assert_null(strstr(f->err, SECRET));
	unsetenv("GETT_API_KEY");
}

static void test_bad_values_name_file_and_line(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *text;
		const char *line;
		const char *mentions;
	} cases[] = {
	    {"[api]\n\nenvironment = staging\n", ":3:", "environment"},
	    {"[api]\napi-url = http://example.com\n", ":2:", "api-url"},
	    {"[api]\napi-url = ftp://example.com\n", ":2:", "api-url"},
	    {"[profile]\nphone = 555-1234\n", ":2:", "phone"},
	    {"[profile]\nemail = not-an-address\n", ":2:", "email"},
	    {"# comment\n[payment p]\ncard-token = 4242 4242 4242 4242\nprocessor = stripe\n",
	     ":3:", "card number"},
	    {"[payment saved]\npayment-id = 12\n", ":2:", "payment-id"},
	    {"[cache]\ncatalog-max-size = lots\n", ":2:", "catalog-max-size"},
	    {"[cache]\ncatalog-max-size = 12Q\n", ":2:", "catalog-max-size"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *err = load_fails(f, cases[i].text);
		char *path = xdg_path_join(f->config_dir, "config");
		assert_true(strncmp(err, "gett-tui: ", 10) == 0);
		assert_non_null(strstr(err, path));
		if (!strstr(err, cases[i].line) || !strstr(err, cases[i].mentions))
			fail_msg("case %zu: unexpected error \"%s\"", i, err);
		free(path);
	}
}

/* A config file with `value` put into `fmt` loads exactly when the wire's `rule` accepts the
   value; a failure names `what` and the value. */
static void expect_config_agrees(fixture *f, const char *what, const char *fmt, const char *value,
				 bool (*rule)(const char *))
{
	char text[256];
	snprintf(text, sizeof text, fmt, value);
	free(write_config(f, text, 0600));
	bool loaded = config_load(NULL, &f->cfg, f->err, sizeof f->err);
	config_clear(&f->cfg);
	if (loaded != rule(value))
		fail_msg("%s \"%s\": config %s it, the wire %s", what, value,
			 loaded ? "accepts" : "refuses", loaded ? "does not" : "does");
}

/* The config file and the wire (sandbox, order checks) share one rule per format (src/wire/wire.h):
   a phone or e-mail the config accepts is one the sandbox accepts, and the other way round. */
static void test_phone_and_email_rules_agree_with_the_wire(void **state)
{
	fixture *f = *state;
	static const char *const phones[] = {
	    "+15551234567",	 "+12",		"+1",
	    "+123456",		 "+1234567",	"+123456789012345",
	    "+1234567890123456", "+0123456789", "15551234567",
	    "+1 555 1234",	 "+1-555-1234", "+",
	};
	static const char *const emails[] = {
	    "ada@example.com", "a@b.c",		 "a@b", "@b.c", "a@", "a@.c", "a@b.", "a@b@c.d",
	    "a b@c.d",	       "not-an-address",
	};
	for (size_t i = 0; i < sizeof phones / sizeof phones[0]; i++)
		expect_config_agrees(f, "phone", "[profile]\nphone = %s\n", phones[i],
				     wire_is_e164);
	for (size_t i = 0; i < sizeof emails / sizeof emails[0]; i++)
		expect_config_agrees(f, "email",
				     "[profile]\nemail = %s\nfirst-name = A\nlast-name = B\n",
				     emails[i], wire_is_email);
	/* the wire's rules themselves: up to 15 digits (E.164), a dotted domain */
	assert_true(wire_is_e164("+123456789012345"));
	assert_false(wire_is_e164("+1234567890123456"));
	assert_false(wire_is_email("a@b"));
}

static void test_malformed_lines_are_reported_with_line_numbers(void **state)
{
	fixture *f = *state;
	assert_non_null(
	    strstr(load_fails(f, "[api]\nenvironment = sandbox\njust words\n"), "config:3:"));
	assert_non_null(strstr(load_fails(f, "[api\nenvironment = sandbox\n"), "config:1:"));
	/* the first problem wins, whether it is syntax or a value */
	assert_non_null(strstr(load_fails(f, "[api]\nenvironment = moon\n\noops\n"), "config:2:"));
	assert_non_null(strstr(
	    load_fails(f, "[api]\nenvironment = sandbox\n\noops\nenvironment = x\n"), "config:4:"));

	char long_line[400];
	memset(long_line, 'a', sizeof long_line);
	memcpy(long_line, "[profile]\nemail = ", 18);
	memcpy(long_line + sizeof long_line - 14, "@example.com\n", 14);
	assert_non_null(strstr(load_fails(f, long_line), "config:2:"));
}

static void test_incomplete_sections_are_errors(void **state)
{
	fixture *f = *state;
	const char *err = load_fails(f, "[api]\nenvironment = sandbox\n\n[address home]\n"
					"address1 = 1 Main St\ncity = Springfield\n");
	assert_non_null(strstr(err, "config:4:")); /* the section header */
	assert_non_null(strstr(err, "home"));

	err = load_fails(f, "[profile]\nphone = +15551234567\nemail = a@b.c\n");
	assert_non_null(strstr(err, "config:1:"));
	assert_non_null(strstr(err, "first-name"));

	err = load_fails(f, "[payment p]\ncard-token = tok_visa\n");
	assert_non_null(strstr(err, "processor"));
	err = load_fails(f, "[payment p]\ncard-token = tok_visa\nprocessor = stripe\n"
			    "payment-id = 6f1c2a3b-0000-4000-8000-000000000001\n");
	assert_non_null(strstr(err, "both"));
	err = load_fails(f, "[profile]\ndefault-payment = none\n");
	assert_non_null(strstr(err, "config:2:"));
}

static void test_unknown_keys_and_sections_are_warnings(void **state)
{
	fixture *f = *state;
	load_ok(f, "[api]\ncolour = blue\nenvironment = sandbox\n[themes]\nx = 1\ny = 2\n"
		   "[profile]\nemail = a@b.c\nfirst-name = A\nlast-name = B\nemail = c@d.e\n");
	assert_int_equal(f->cfg.environment, CONFIG_ENV_SANDBOX);
	assert_string_equal(f->cfg.profile.email, "c@d.e");
	assert_int_equal(f->cfg.warnings.n, 3);
	assert_non_null(strstr(f->cfg.warnings.v[0], "config:2:"));
	assert_non_null(strstr(f->cfg.warnings.v[0], "colour"));
	assert_non_null(strstr(f->cfg.warnings.v[1], "config:4:")); /* once per section */
	assert_non_null(strstr(f->cfg.warnings.v[1], "themes"));
	assert_non_null(strstr(f->cfg.warnings.v[2], "config:11:"));
	assert_non_null(strstr(f->cfg.warnings.v[2], "line 8"));
}

static void test_key_spellings_indentation_and_comments(void **state)
{
	fixture *f = *state;
	load_ok(f, "[address home]\n"
		   "    address1 = 1 Main St\n"
		   "\tcity = Springfield\n"
		   "  state = IL\n"
		   "  postalCode = 62701\n"
		   "  Instructions = ring twice ; dog is friendly\n"
		   "[address \"work\"]\n"
		   "address1=2 Side St\ncity=Springfield\nstate=IL\npostal_code=62702\n"
		   "address2 =\ninstructions = gate;code 12\n");
	const config_profile *p = &f->cfg.profile;
	assert_int_equal(p->n_addresses, 2);
	assert_string_equal(p->addresses[0].city, "Springfield"); /* not a continuation line */
	assert_string_equal(p->addresses[0].postal_code, "62701");
	assert_string_equal(p->addresses[0].instructions, "ring twice");
	assert_string_equal(p->addresses[1].name, "work");
	assert_string_equal(p->addresses[1].postal_code, "62702");
	assert_null(p->addresses[1].address2); /* empty value = unset */
	assert_string_equal(p->addresses[1].instructions, "gate;code 12");
	assert_int_equal(f->cfg.warnings.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_documented_example_parses, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ui_mouse_setting, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ui_hyperlinks_setting, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_default_file_is_empty_config_and_demo_mode,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_explicit_file_is_an_error, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_demo_mode_needs_nothing_configured, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_url_precedence_file_env_command_line, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_key_precedence_env_over_key_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tilde_key_file_path, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_xdg_subdir_default_and_override, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_config_readable_by_others_is_refused, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_key_file_readable_by_others_is_refused, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_fifo_config_and_key_file_are_refused_without_waiting, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_never_appears_in_error_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_values_name_file_and_line, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_phone_and_email_rules_agree_with_the_wire, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_malformed_lines_are_reported_with_line_numbers,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_incomplete_sections_are_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_keys_and_sections_are_warnings, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_key_spellings_indentation_and_comments, setup,
					    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

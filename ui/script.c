/* Headless script runner (script.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "collections.h"
#include "i18n.h"
#include "script.h"

#define SCRIPT_EXPECT_SECONDS 5
#define SCRIPT_WAIT_SECONDS   15

static const struct {
	const char *name;
	ui_key key;
} key_names[] = {
    {"Enter", UI_KEY_ENTER},
    {"Esc", UI_KEY_ESC},
    {"Tab", UI_KEY_TAB},
    {"S-Tab", UI_KEY_FN(KEY_BTAB)},
    {"BS", UI_KEY_BS},
    {"Space", ' '},
    {"Up", UI_KEY_FN(KEY_UP)},
    {"Down", UI_KEY_FN(KEY_DOWN)},
    {"Left", UI_KEY_FN(KEY_LEFT)},
    {"Right", UI_KEY_FN(KEY_RIGHT)},
    {"PgUp", UI_KEY_FN(KEY_PPAGE)},
    {"PgDn", UI_KEY_FN(KEY_NPAGE)},
    {"Home", UI_KEY_FN(KEY_HOME)},
    {"End", UI_KEY_FN(KEY_END)},
};

ui_key script_key_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strcasecmp(name, key_names[i].name) == 0)
			return key_names[i].key;
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3])
		return UI_KEY_CTRL(name[2]);
	return 0;
}

/* Line-drawing characters stored as alternate-charset letters, shown as Unicode. */
static wchar_t acs_to_unicode(wchar_t c)
{
	switch (c) {
	case 'q':
		return L'─';
	case 'x':
		return L'│';
	case 'l':
		return L'┌';
	case 'k':
		return L'┐';
	case 'm':
		return L'└';
	case 'j':
		return L'┘';
	default:
		return c;
	}
}

static void append_wide(char **buf, size_t *len, size_t *cap, wchar_t wc)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = wcrtomb(mb, wc, &st);
	if (n == (size_t)-1) {
		mb[0] = '?';
		n = 1;
	}
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*buf = xrealloc(*buf, *cap);
	}
	memcpy(*buf + *len, mb, n);
	*len += n;
	(*buf)[*len] = '\0';
}

char *script_screen_row(int y)
{
	int cols = COLS;
	cchar_t *cells = xcalloc((size_t)cols + 1, sizeof *cells);
	mvwin_wchnstr(stdscr, y, 0, cells, cols);
	size_t len = 0, cap = (size_t)cols * 4 + 1;
	char *out = xmalloc(cap);
	out[0] = '\0';
	for (int x = 0; x < cols; x++) {
		wchar_t wch[CCHARW_MAX + 1] = {0};
		attr_t attr = 0;
		short pair = 0;
		getcchar(&cells[x], wch, &attr, &pair, NULL);
		if (wch[0] == 0)
			wch[0] = L' ';
		if (attr & A_ALTCHARSET)
			wch[0] = acs_to_unicode(wch[0]);
		/* win_wchnstr already leaves out the extra cells of wide characters. */
		for (int i = 0; i < CCHARW_MAX && wch[i]; i++)
			append_wide(&out, &len, &cap, wch[i]);
	}
	while (len > 0 && out[len - 1] == ' ')
		out[--len] = '\0';
	free(cells);
	return out;
}

static bool screen_contains(const char *text)
{
	bool found = false;
	for (int y = 0; y < LINES && !found; y++) {
		char *row = script_screen_row(y);
		found = strstr(row, text) != NULL;
		free(row);
	}
	return found;
}

static bool dump_screen(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	for (int y = 0; y < LINES; y++) {
		char *row = script_screen_row(y);
		fprintf(f, "%s\n", row);
		free(row);
	}
	return fclose(f) == 0;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Lets pending loop work run; true once nothing is left to do. */
static bool run_pending(app *a)
{
	uv_run(a->loop, UV_RUN_NOWAIT);
	return !uv_loop_alive(a->loop);
}

static void press(app *a, ui_key key)
{
	if (a->quit)
		return;
	app_handle_key(a, key);
	run_pending(a);
	app_draw(a);
}

/* Feeds every character of a UTF-8 string as a key. */
static void type_text(app *a, const char *text)
{
	wchar_t *ws = ui_wide(text);
	for (wchar_t *p = ws; *p; p++)
		press(a, (ui_key)*p);
	free(ws);
}

static long repeat_count(const char *s, const char **err)
{
	if (*s == '\0')
		return 1;
	if (*s != '*') {
		*err = _("unexpected text after a key");
		return 0;
	}
	char *end;
	long n = strtol(s + 1, &end, 10);
	if (end == s + 1 || *end || n < 1 || n > 10000) {
		*err = _("bad repeat count");
		return 0;
	}
	return n;
}

/* One token of `press`: <Name>[*N], X*N or a run of characters. */
static const char *press_token(app *a, const char *tok)
{
	const char *err = NULL;
	if (tok[0] == '<' && strchr(tok, '>') && tok[1] != '>') {
		const char *close = strchr(tok, '>');
		char name[32];
		size_t n = (size_t)(close - tok - 1);
		if (n >= sizeof name)
			return _("unknown key");
		memcpy(name, tok + 1, n);
		name[n] = '\0';
		ui_key key = script_key_from_name(name);
		if (!key)
			return _("unknown key");
		long times = repeat_count(close + 1, &err);
		for (long i = 0; i < times; i++)
			press(a, key);
		return err;
	}
	wchar_t *ws = ui_wide(tok);
	if (ws[0] && ws[1] == L'*') {
		char *rest = xstrdup(tok);
		long times = repeat_count(strchr(rest, '*'), &err);
		for (long i = 0; i < times; i++)
			press(a, (ui_key)ws[0]);
		free(rest);
	} else {
		for (wchar_t *p = ws; *p; p++)
			press(a, (ui_key)*p);
	}
	free(ws);
	return err;
}

static const char *cmd_press(app *a, char *args)
{
	for (char *save = NULL, *tok = strtok_r(args, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		const char *err = press_token(a, tok);
		if (err)
			return err;
	}
	return NULL;
}

static const char *cmd_expect(app *a, const char *text)
{
	double deadline = now_seconds() + SCRIPT_EXPECT_SECONDS;
	for (;;) {
		app_draw(a);
		if (screen_contains(text))
			return NULL;
		if (now_seconds() > deadline)
			return _("not on screen");
		run_pending(a);
		usleep(10000);
	}
}

static const char *cmd_wait(app *a)
{
	double deadline = now_seconds() + SCRIPT_WAIT_SECONDS;
	while (!run_pending(a)) {
		if (now_seconds() > deadline)
			return _("still busy after 15 s");
		usleep(10000);
	}
	app_draw(a);
	return NULL;
}

static bool parse_size(const char *s, int *cols, int *rows)
{
	char tail;
	return sscanf(s, "%dx%d%c", cols, rows, &tail) == 2 && *cols > 0 && *rows > 0 &&
	       *cols <= 1000 && *rows <= 1000;
}

static const char *cmd_resize(app *a, const char *arg)
{
	int cols, rows;
	if (!parse_size(arg, &cols, &rows))
		return _("expected COLSxROWS");
	resizeterm(rows, cols);
	app_relayout(a);
	app_draw(a);
	return NULL;
}

/* Strips surrounding double quotes, so `expect "Large"` and `expect Large` agree. */
static char *unquote(char *s)
{
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s[n - 1] = '\0';
		return s + 1;
	}
	return s;
}

/* Runs one command; returns NULL on success or why it failed. */
static const char *run_command(app *a, char *line, bool *stop)
{
	char *cmd = line;
	char *args = strpbrk(line, " \t");
	if (args) {
		*args++ = '\0';
		args += strspn(args, " \t");
	} else {
		args = line + strlen(line);
	}
	if (strcmp(cmd, "press") == 0)
		return cmd_press(a, args);
	if (strcmp(cmd, "type") == 0) {
		type_text(a, unquote(args));
		return NULL;
	}
	if (strcmp(cmd, "wait") == 0)
		return cmd_wait(a);
	if (strcmp(cmd, "expect") == 0)
		return *args ? cmd_expect(a, unquote(args)) : _("expected TEXT");
	if (strcmp(cmd, "dump") == 0)
		return !*args ? _("expected FILE") : dump_screen(args) ? NULL : strerror(errno);
	if (strcmp(cmd, "resize") == 0)
		return cmd_resize(a, args);
	if (strcmp(cmd, "quit") == 0) {
		*stop = true;
		return NULL;
	}
	return _("unknown command");
}

static int run_lines(app *a, const char *path, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0, status = 0;
	bool stop = false;
	while (!stop && !a->quit && (n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
			line[--n] = '\0';
		char *text = line + strspn(line, " \t");
		if (!*text || *text == '#')
			continue;
		char *copy = xstrdup(text);
		const char *err = run_command(a, text, &stop);
		if (err) {
			fprintf(stderr, "%s:%d: %s: %s\n", path, lineno, copy, err);
			status = SCRIPT_EXIT_FAILED;
			stop = true;
		}
		free(copy);
	}
	free(line);
	return status ? status : a->exit_code;
}

int script_run(app *a, const char *path, int cols, int rows)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, _("gett-tui: %s: %s\n"), path, strerror(errno));
		return 2;
	}
	int fds[2];
	FILE *out = fopen("/dev/null", "w");
	if (!out || pipe(fds) != 0) {
		fprintf(stderr, _("gett-tui: cannot set up the virtual screen: %s\n"),
			strerror(errno));
		fclose(f);
		if (out)
			fclose(out);
		return 2;
	}
	FILE *in = fdopen(fds[0], "r");
	/* A known terminal type, whatever the environment says: the output is thrown away. */
	a->screen = newterm("xterm-256color", out, in);
	if (!a->screen)
		a->screen = newterm("vt100", out, in);
	if (!a->screen) {
		fprintf(stderr, _("gett-tui: no terminfo entry for the virtual screen\n"));
		fclose(f);
		fclose(out);
		fclose(in);
		close(fds[1]);
		return 2;
	}
	a->headless = true;
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	resizeterm(rows, cols);
	app_start_curses(a);
	app_relayout(a);
	app_draw(a);
	int status = run_lines(a, path, f);
	endwin();
	delscreen(a->screen);
	a->screen = NULL;
	fclose(f);
	fclose(out);
	fclose(in);
	close(fds[1]);
	return status;
}

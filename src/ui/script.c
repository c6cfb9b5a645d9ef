/* Headless script runner (script.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "ui/script.h"

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
    {"Del", UI_KEY_FN(KEY_DC)},
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

char *script_screen_attrs(int y)
{
	static const char codes[] = ".123456789abcdef";
	int cols = COLS;
	cchar_t *cells = xcalloc((size_t)cols + 1, sizeof *cells);
	mvwin_wchnstr(stdscr, y, 0, cells, cols);
	char *out = xcalloc((size_t)cols * CCHARW_MAX + 1, 1);
	size_t len = 0, used = 0; /* used: up to the last cell that is not a plain space */
	for (int x = 0; x < cols; x++) {
		wchar_t wch[CCHARW_MAX + 1] = {0};
		attr_t attr = 0;
		short pair = 0;
		getcchar(&cells[x], wch, &attr, &pair, NULL);
		int bits = ((attr & A_BOLD) ? 1 : 0) | ((attr & A_DIM) ? 2 : 0) |
			   ((attr & A_UNDERLINE) ? 4 : 0) | ((attr & A_REVERSE) ? 8 : 0);
		/* One code per character of script_screen_row (combining marks included). */
		for (int i = 0; i == 0 || (i < CCHARW_MAX && wch[i]); i++)
			out[len++] = codes[bits];
		if (wch[0] && wch[0] != L' ')
			used = len;
	}
	/* The text row is trimmed of trailing spaces: so is this one. */
	out[used] = '\0';
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

bool script_screen_dump(const char *path, bool attrs)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	for (int y = 0; y < LINES; y++) {
		char *row = script_screen_row(y);
		fprintf(f, "%s\n", row);
		free(row);
		if (attrs) {
			row = script_screen_attrs(y);
			fprintf(f, "%s\n", row);
			free(row);
		}
	}
	return fclose(f) == 0;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The script's loop, run like the terminal's: each step blocks in the loop until there is
 * news (I/O, a timer) and then redraws if something changed. The tick bounds every step, and
 * the prepare handle ends a step before it sleeps once the screen is stale or what `wait` waits
 * for has happened: work that finishes early in a loop iteration would otherwise leave the
 * loop sleeping until its next timer (the API client's are up to 30 s away).
 */
#define SCRIPT_TICK_MS 20

typedef struct runner {
	app *a;
	uv_timer_t tick;
	uv_prepare_t news;
	bool want_idle; /* `wait` is running */
	int open;	/* handles not closed yet */
} runner;

/* Ends the step even when the tick fell due before the loop polled: libuv then polls
 * with no timeout at all if no other timer is pending. */
static void on_tick(uv_timer_t *h)
{
	uv_stop(h->loop);
}

static void on_news(uv_prepare_t *h)
{
	runner *r = h->data;
	app *a = r->a;
	if (a->dirty || a->quit || (r->want_idle && a->shop && app_idle(a)))
		uv_stop(a->loop);
}

static void runner_start(runner *r, app *a)
{
	memset(r, 0, sizeof *r);
	r->a = a;
	uv_timer_init(a->loop, &r->tick);
	r->tick.data = r;
	uv_prepare_init(a->loop, &r->news);
	r->news.data = r;
	uv_prepare_start(&r->news, on_news);
	uv_unref((uv_handle_t *)&r->news); /* it must not keep the loop alive (offline `wait`) */
	r->open = 2;
}

static void on_runner_closed(uv_handle_t *h)
{
	runner *r = h->data;
	r->open--;
}

static void runner_stop(runner *r)
{
	uv_close((uv_handle_t *)&r->tick, on_runner_closed);
	uv_close((uv_handle_t *)&r->news, on_runner_closed);
	while (r->open > 0)
		uv_run(r->a->loop, UV_RUN_NOWAIT);
}

/* One step of the loop (at most SCRIPT_TICK_MS of sleep), then a redraw if needed. */
static void step(runner *r)
{
	uv_update_time(r->a->loop); /* the tick counts from now, not from the loop's last wake-up */
	uv_timer_start(&r->tick, on_tick, SCRIPT_TICK_MS, 0);
	uv_run(r->a->loop, UV_RUN_ONCE);
	uv_timer_stop(&r->tick);
	if (r->a->dirty)
		app_draw(r->a);
}

/* Like a key from the terminal: handled, the work it started gets going, then drawn. */
static void press(runner *r, ui_key key)
{
	app *a = r->a;
	if (a->quit)
		return;
	app_handle_key(a, key);
	uv_run(a->loop, UV_RUN_NOWAIT);
	app_draw(a);
}

/* Feeds every character of a UTF-8 string as a key. */
static void type_text(runner *r, const char *text)
{
	wchar_t *ws = ui_wide(text);
	for (wchar_t *p = ws; *p; p++)
		press(r, (ui_key)*p);
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
static const char *press_token(runner *r, const char *tok)
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
			press(r, key);
		return err;
	}
	wchar_t *ws = ui_wide(tok);
	if (ws[0] && ws[1] == L'*') {
		char *rest = xstrdup(tok);
		long times = repeat_count(strchr(rest, '*'), &err);
		for (long i = 0; i < times; i++)
			press(r, (ui_key)ws[0]);
		free(rest);
	} else {
		for (wchar_t *p = ws; *p; p++)
			press(r, (ui_key)*p);
	}
	free(ws);
	return err;
}

static const char *cmd_press(runner *r, char *args)
{
	for (char *save = NULL, *tok = strtok_r(args, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		const char *err = press_token(r, tok);
		if (err)
			return err;
	}
	return NULL;
}

/* The screen is what the terminal would show: redrawn only when something changed. */
static const char *cmd_expect(runner *r, const char *text)
{
	double deadline = now_seconds() + SCRIPT_EXPECT_SECONDS;
	for (;;) {
		if (screen_contains(text))
			return NULL;
		if (now_seconds() > deadline)
			return _("not on screen");
		step(r);
	}
}

/* Online: until no call is in flight and no debounced search can still start. */
static const char *cmd_wait(runner *r)
{
	double deadline = now_seconds() + SCRIPT_WAIT_SECONDS;
	const char *err = NULL;
	r->want_idle = true;
	while (!app_idle(r->a)) {
		if (now_seconds() > deadline) {
			err = _("still busy after 15 s");
			break;
		}
		step(r);
	}
	r->want_idle = false;
	if (r->a->dirty)
		app_draw(r->a);
	return err;
}

/* True when `text` is on row y and every cell of that occurrence has `attr`. */
static bool row_has_attr(int y, const wchar_t *text, attr_t attr)
{
	int cols = COLS;
	cchar_t *cells = xcalloc((size_t)cols + 1, sizeof *cells);
	mvwin_wchnstr(stdscr, y, 0, cells, cols);
	wchar_t *chars = xcalloc((size_t)cols + 1, sizeof *chars);
	attr_t *attrs = xcalloc((size_t)cols + 1, sizeof *attrs);
	int n = 0;
	for (int x = 0; x < cols; x++) {
		wchar_t wch[CCHARW_MAX + 1] = {0};
		short pair = 0;
		getcchar(&cells[x], wch, &attrs[n], &pair, NULL);
		chars[n++] = wch[0] ? wch[0] : L' ';
	}
	bool found = false;
	size_t len = wcslen(text);
	for (int x = 0; !found && x + (int)len <= n; x++) {
		if (wcsncmp(chars + x, text, len) != 0)
			continue;
		found = true;
		for (size_t i = 0; i < len; i++)
			if (!(attrs[x + (int)i] & attr))
				found = false;
	}
	free(cells);
	free(chars);
	free(attrs);
	return found;
}

static const char *cmd_expect_attr(runner *r, const char *text, attr_t attr)
{
	wchar_t *ws = ui_wide(text);
	double deadline = now_seconds() + SCRIPT_EXPECT_SECONDS;
	const char *err = NULL;
	for (;;) {
		bool found = false;
		for (int y = 0; y < LINES && !found; y++)
			found = row_has_attr(y, ws, attr);
		if (found)
			break;
		if (now_seconds() > deadline) {
			err =
			    attr == A_BOLD ? _("not on screen in bold") : _("not on screen dimmed");
			break;
		}
		step(r);
	}
	free(ws);
	return err;
}

/* Lets time pass with the loop running (timers such as the order status refresh). */
static const char *cmd_sleep(runner *r, const char *arg)
{
	char *end;
	double seconds = strtod(arg, &end);
	if (end == arg || *end || seconds < 0 || seconds > 60)
		return _("expected SECONDS (0-60)");
	double until = now_seconds() + seconds;
	while (now_seconds() < until)
		step(r);
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

/* `click COL ROW`, `wheel up|down COL ROW`: a mouse event at a cell, counted from 1 as
   terminals report them (ROW is the line of a `dump`). */
static const char *cmd_mouse(runner *r, const char *cmd, const char *args)
{
	app_mouse_event ev = APP_MOUSE_CLICK;
	if (strcmp(cmd, "wheel") == 0) {
		size_t n = strcspn(args, " \t");
		if (n == 2 && strncmp(args, "up", 2) == 0)
			ev = APP_MOUSE_WHEEL_UP;
		else if (n == 4 && strncmp(args, "down", 4) == 0)
			ev = APP_MOUSE_WHEEL_DOWN;
		else
			return _("expected up or down, COL and ROW");
		args += n;
	}
	int col, row;
	char tail;
	if (sscanf(args, "%d %d %c", &col, &row, &tail) != 2 || col < 1 || row < 1 || col > COLS ||
	    row > LINES)
		return _("expected COL ROW on the screen, from 1");
	if (r->a->quit)
		return NULL;
	app_mouse(r->a, row - 1, col - 1, ev);
	uv_run(r->a->loop, UV_RUN_NOWAIT);
	app_draw(r->a);
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
static const char *run_command(runner *r, char *line, bool *stop)
{
	char *cmd = line;
	char *args = strpbrk(line, " \t");
	if (args) {
		*args++ = '\0';
		args += strspn(args, " \t");
	} else {
		args = line + strlen(line);
	}
	app *a = r->a;
	if (strcmp(cmd, "press") == 0)
		return cmd_press(r, args);
	if (strcmp(cmd, "type") == 0) {
		type_text(r, unquote(args));
		return NULL;
	}
	if (strcmp(cmd, "wait") == 0)
		return cmd_wait(r);
	if (strcmp(cmd, "expect") == 0)
		return *args ? cmd_expect(r, unquote(args)) : _("expected TEXT");
	if (strcmp(cmd, "expect-bold") == 0)
		return *args ? cmd_expect_attr(r, unquote(args), A_BOLD) : _("expected TEXT");
	if (strcmp(cmd, "expect-dim") == 0)
		return *args ? cmd_expect_attr(r, unquote(args), A_DIM) : _("expected TEXT");
	if (strcmp(cmd, "sleep") == 0)
		return cmd_sleep(r, args);
	if (strcmp(cmd, "dump") == 0)
		return !*args				 ? _("expected FILE")
		       : script_screen_dump(args, false) ? NULL
							 : strerror(errno);
	if (strcmp(cmd, "dump-attrs") == 0)
		return !*args				? _("expected FILE")
		       : script_screen_dump(args, true) ? NULL
							: strerror(errno);
	if (strcmp(cmd, "resize") == 0)
		return cmd_resize(a, args);
	if (strcmp(cmd, "click") == 0 || strcmp(cmd, "wheel") == 0)
		return cmd_mouse(r, cmd, args);
	if (strcmp(cmd, "quit") == 0) {
		*stop = true;
		return NULL;
	}
	return _("unknown command");
}

static int run_lines(runner *r, const char *path, FILE *f)
{
	app *a = r->a;
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
		const char *err = run_command(r, text, &stop);
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

bool script_screen_open(app *a, script_screen *s, int cols, int rows)
{
	int fds[2];
	memset(s, 0, sizeof *s);
	s->out = fopen("/dev/null", "w");
	if (!s->out || pipe(fds) != 0) {
		fprintf(stderr, _("gett-tui: cannot set up the virtual screen: %s\n"),
			strerror(errno));
		if (s->out)
			fclose(s->out);
		return false;
	}
	s->in = fdopen(fds[0], "r");
	s->in_write = fds[1];
	/* A known terminal type, whatever the environment says: the output is thrown away. */
	a->screen = newterm("xterm-256color", s->out, s->in);
	if (!a->screen)
		a->screen = newterm("vt100", s->out, s->in);
	if (!a->screen) {
		fprintf(stderr, _("gett-tui: no terminfo entry for the virtual screen\n"));
		fclose(s->out);
		fclose(s->in);
		close(s->in_write);
		return false;
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
	return true;
}

void script_screen_close(app *a, script_screen *s)
{
	endwin();
	delscreen(a->screen);
	a->screen = NULL;
	fclose(s->out);
	fclose(s->in);
	close(s->in_write);
}

int script_run(app *a, const char *path, int cols, int rows)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, _("gett-tui: %s: %s\n"), path, strerror(errno));
		return 2;
	}
	script_screen screen;
	if (!script_screen_open(a, &screen, cols, rows)) {
		fclose(f);
		return 2;
	}
	runner r;
	runner_start(&r, a);
	int status = run_lines(&r, path, f);
	runner_stop(&r);
	script_screen_close(a, &screen);
	fclose(f);
	return status;
}

/*
 * The app on a real terminal (app_run_terminal in app.h): ncurses on the libuv loop, the
 * signals that end, suspend or resize it, and a last resort that gives the terminal back
 * when the program dies by a crash signal.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "base/i18n.h"
#include "net/loop_wait.h"
#include "shop/shop.h"
#include "ui/app.h"

#include <term.h> /* tigetstr; last: it defines short macros (lines, columns...) */

/* ---------------------------------------------------------------- hyperlinks */

/* Where link_putc writes: tputs and vid_puts take an output function without user data. */
static FILE *link_out;

static int link_putc(int c)
{
	return putc(c, link_out);
}

/* The same id for every row of one address (FNV-1a of it), so that a terminal highlights the
   rows of a link cut over several rows together (OSC 8's id parameter). */
static unsigned long link_id(const char *url)
{
	unsigned long h = 2166136261UL;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		h = ((h ^ *p) * 16777619UL) & 0xffffffffUL;
	return h;
}

/*
 * Curses knows nothing of OSC 8, so the links are written behind its back, after it has
 * updated the screen: at each link's cell (cup) the same text again, in the same attributes,
 * inside the hyperlink sequence; then the attributes back to normal through vid_puts (which
 * keeps curses' record of them) and the cursor back where curses left it (curscr's), so its
 * next update starts from a terminal it knows. A terminal without OSC 8 ignores the sequence
 * (tmux 3.3 too; 3.4 keeps the link and passes it on to terminals with its `hyperlinks`
 * feature).
 */
size_t app_write_links(app *a, FILE *out)
{
	const char *cup = tigetstr("cup");
	if (!a->hyperlinks || a->headless || a->n_links == 0 || !cup || cup == (char *)-1)
		return 0;
	link_out = out;
	for (size_t i = 0; i < a->n_links; i++) {
		const app_screen_link *l = &a->links[i];
		tputs(tiparm(cup, l->y, l->x), 1, link_putc);
		vid_puts(l->attr, l->pair, NULL, link_putc);
		/* The address passed app_link_url_ok: printable ASCII, nothing that ends the
		   sequence. */
		fprintf(out, "\033]8;id=gett%08lx;%s\033\\%s\033]8;;\033\\", link_id(l->url),
			l->url, l->text);
	}
	vid_puts(A_NORMAL, 0, NULL, link_putc);
	int y, x;
	getyx(curscr, y, x);
	tputs(tiparm(cup, y, x), 1, link_putc);
	fflush(out);
	return a->n_links;
}

/* ---------------------------------------------------------------- the real terminal */

typedef struct term_loop {
	app *a;
	uv_poll_t input;
	uv_signal_t sig_winch, sig_int, sig_quit, sig_term, sig_hup, sig_tstp;
	uv_check_t redraw; /* draws after loop work that changed something */
	uv_timer_t tick;   /* animates the spinner and the retry countdown */
	int closing;	   /* handles whose close has not completed */
} term_loop;

/* A frame: curses' update, then the links it cannot write (only to a real terminal). */
static void draw(app *a)
{
	app_draw(a);
	if (isatty(STDOUT_FILENO))
		app_write_links(a, stdout);
}

static void stop_loop(term_loop *t)
{
	uv_check_stop(&t->redraw);
	uv_timer_stop(&t->tick);
	uv_poll_stop(&t->input);
	uv_signal_stop(&t->sig_winch);
	uv_signal_stop(&t->sig_int);
	uv_signal_stop(&t->sig_quit);
	uv_signal_stop(&t->sig_term);
	uv_signal_stop(&t->sig_hup);
	uv_signal_stop(&t->sig_tstp);
	uv_stop(t->a->loop);
}

/* The buttons asked for: presses only (a release means nothing here), and the wheel. */
#ifdef BUTTON5_PRESSED
#define MOUSE_WHEEL_DOWN BUTTON5_PRESSED
#else
#define MOUSE_WHEEL_DOWN 0
#endif
#define MOUSE_EVENTS (BUTTON1_PRESSED | BUTTON4_PRESSED | MOUSE_WHEEL_DOWN)

static void on_mouse(app *a)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON1_PRESSED)
		app_mouse(a, ev.y, ev.x, APP_MOUSE_CLICK);
	else if (ev.bstate & BUTTON4_PRESSED)
		app_mouse(a, ev.y, ev.x, APP_MOUSE_WHEEL_UP);
	else if (MOUSE_WHEEL_DOWN && (ev.bstate & MOUSE_WHEEL_DOWN))
		app_mouse(a, ev.y, ev.x, APP_MOUSE_WHEEL_DOWN);
}

static void on_input(uv_poll_t *h, int status, int events)
{
	term_loop *t = h->data;
	wint_t wch;
	int rc;
	while (!t->a->quit && (rc = get_wch(&wch)) != ERR) {
		if (rc == KEY_CODE_YES && wch == KEY_RESIZE) {
			app_relayout(t->a);
			continue;
		}
		if (rc == KEY_CODE_YES && wch == KEY_MOUSE) {
			on_mouse(t->a);
			continue;
		}
		app_handle_key(t->a, app_key_from_curses(rc, wch));
	}
	if (t->a->quit)
		stop_loop(t);
	else
		draw(t->a);
}

static void on_redraw(uv_check_t *h)
{
	term_loop *t = h->data;
	if (t->a->quit) {
		stop_loop(t);
		return;
	}
	if (t->a->dirty) {
		t->a->dirty = false;
		draw(t->a);
	}
}

static void on_tick(uv_timer_t *h)
{
	term_loop *t = h->data;
	if ((t->a->shop && shop_busy(t->a->shop) > 0) || app_minute_passed(t->a))
		t->a->dirty = true;
}

static void on_winch(uv_signal_t *h, int signum)
{
	term_loop *t = h->data;
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	app_relayout(t->a);
	clearok(curscr, TRUE);
	draw(t->a);
}

static void on_fatal_signal(uv_signal_t *h, int signum)
{
	term_loop *t = h->data;
	t->a->quit = true;
	t->a->exit_code = 128 + signum;
	stop_loop(t);
}

static void on_tstp(uv_signal_t *h, int signum)
{
	term_loop *t = h->data;
	endwin();
	raise(SIGSTOP);
	/* Resumed: the terminal may have changed size while we were away. */
	app_keypad_again();
	on_winch(&t->sig_winch, SIGWINCH);
}

/* ---------------------------------------------------------------- last resort */

/*
 * A crash signal (abort, a bad pointer) ends the program without endwin(): the alternate
 * screen, the hidden cursor, keypad mode and a terminal without echo or line editing would
 * stay behind. This handler gives them back and dies of the same signal. Only write() and
 * tcsetattr() run in it (async-signal-safe); what they need is prepared beforehand.
 */
static const int crash_signals[] = {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL};
#define N_CRASH_SIGNALS (sizeof crash_signals / sizeof crash_signals[0])

static struct {
	struct termios shell_modes; /* the terminal as the shell left it */
	bool have_modes;
	char reset[256]; /* leave the alternate screen, show the cursor, keypad off, plain text */
	size_t reset_len;
	struct sigaction previous[N_CRASH_SIGNALS];
} crash;

static void crash_restore_terminal(int signum)
{
	if (crash.reset_len && write(STDOUT_FILENO, crash.reset, crash.reset_len) < 0) {
		/* nothing more can be done from here */
	}
	if (crash.have_modes)
		tcsetattr(STDIN_FILENO, TCSANOW, &crash.shell_modes);
	raise(signum); /* SA_RESETHAND: the default action, a core or a plain death */
}

static void crash_add_capability(const char *name)
{
	const char *seq = tigetstr(name);
	if (!seq || seq == (char *)-1)
		return;
	size_t n = strlen(seq);
	if (crash.reset_len + n < sizeof crash.reset) {
		memcpy(crash.reset + crash.reset_len, seq, n);
		crash.reset_len += n;
	}
}

/* Before newterm(): the shell's terminal modes. */
static void crash_save_modes(void)
{
	crash.have_modes = tcgetattr(STDIN_FILENO, &crash.shell_modes) == 0;
}

/* After newterm(): the terminal's own reset sequences (and mouse reports off, where the
   terminal reports them as xterm does), then the handler. */
static void crash_arm(bool mouse)
{
	crash.reset_len = 0;
	static const char *const caps[] = {"sgr0", "rmkx", "cnorm", "rmcup"};
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
		crash_add_capability(caps[i]);
	const char *kmous = tigetstr("kmous");
	static const char mouse_off[] = "\033[?1000l\033[?1006l";
	if (mouse && kmous && kmous != (char *)-1 &&
	    crash.reset_len + sizeof mouse_off - 1 < sizeof crash.reset) {
		memcpy(crash.reset + crash.reset_len, mouse_off, sizeof mouse_off - 1);
		crash.reset_len += sizeof mouse_off - 1;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = crash_restore_terminal;
	sa.sa_flags = (int)(SA_RESETHAND | SA_NODEFER);
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < N_CRASH_SIGNALS; i++)
		sigaction(crash_signals[i], &sa, &crash.previous[i]);
}

static void crash_disarm(void)
{
	for (size_t i = 0; i < N_CRASH_SIGNALS; i++)
		sigaction(crash_signals[i], &crash.previous[i], NULL);
}

/* ---------------------------------------------------------------- running */

static void on_closed(uv_handle_t *h)
{
	term_loop *t = h->data;
	t->closing--;
}

static void close_handle(uv_handle_t *h)
{
	term_loop *t = h->data;
	if (!uv_is_closing(h)) {
		t->closing++;
		uv_close(h, on_closed);
	}
}

/* Only this loop's handles: the app's other work (the shop, a sandbox) goes on elsewhere. */
static void wait_closed(term_loop *t)
{
	loop_wait(t->a->loop, loop_wait_count_zero, &t->closing, 0);
}

int app_run_terminal(app *a)
{
	term_loop t;
	memset(&t, 0, sizeof t);
	t.a = a;
	/* Signals first, so ncurses sees them handled and leaves them to the loop. */
	uv_signal_t *sigs[] = {&t.sig_winch, &t.sig_int, &t.sig_quit,
			       &t.sig_term,  &t.sig_hup, &t.sig_tstp};
	const size_t n_sigs = sizeof sigs / sizeof sigs[0];
	for (size_t i = 0; i < n_sigs; i++) {
		uv_signal_init(a->loop, sigs[i]);
		sigs[i]->data = &t;
	}
	uv_signal_start(&t.sig_winch, on_winch, SIGWINCH);
	uv_signal_start(&t.sig_int, on_fatal_signal, SIGINT);
	uv_signal_start(&t.sig_quit, on_fatal_signal, SIGQUIT); /* Ctrl-\ ends it as Ctrl-C does */
	uv_signal_start(&t.sig_term, on_fatal_signal, SIGTERM);
	uv_signal_start(&t.sig_hup, on_fatal_signal, SIGHUP);
	uv_signal_start(&t.sig_tstp, on_tstp, SIGTSTP);

	/* The conventions for "no hyperlinks, whatever the terminal": no-hyperlinks.org's
	   NO_HYPERLINKS (set, not empty) and GNU libtextstyle's NO_TERM_HYPERLINKS (set). */
	const char *no_links = getenv("NO_HYPERLINKS");
	if ((no_links && *no_links) || getenv("NO_TERM_HYPERLINKS"))
		a->hyperlinks = false;
	crash_save_modes();
	a->screen = newterm(NULL, stdout, stdin);
	if (!a->screen) {
		fprintf(stderr, _("gett-tui: cannot initialise the terminal (TERM=%s)\n"),
			getenv("TERM") ? getenv("TERM") : "");
		for (size_t i = 0; i < n_sigs; i++)
			close_handle((uv_handle_t *)sigs[i]);
		wait_closed(&t);
		return 1;
	}
	crash_arm(a->mouse);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	if (a->mouse) {
		mouseinterval(0); /* each press as it comes: a second click is a second press */
		mousemask(MOUSE_EVENTS, NULL);
	}
	app_start_curses(a);
	app_relayout(a);
	draw(a);

	/* Neither keeps the loop alive: only the terminal and the app's own work do. */
	uv_check_init(a->loop, &t.redraw);
	t.redraw.data = &t;
	uv_check_start(&t.redraw, on_redraw);
	uv_unref((uv_handle_t *)&t.redraw);
	uv_timer_init(a->loop, &t.tick);
	t.tick.data = &t;
	uv_timer_start(&t.tick, on_tick, 100, 100);
	uv_unref((uv_handle_t *)&t.tick);

	t.input.data = &t;
	int stdin_flags = fcntl(STDIN_FILENO, F_GETFL);
	int rc = uv_poll_init(a->loop, &t.input, STDIN_FILENO);
	/* uv_poll_init makes the descriptor non-blocking, and the terminal's open file is shared
	   with the shell: left so, the shell's reads fail once we exit or are suspended ("sh:
	   turning off NDELAY mode"). ncurses in nodelay mode polls before it reads, so keys
	   never block on a blocking descriptor. */
	if (stdin_flags != -1)
		fcntl(STDIN_FILENO, F_SETFL, stdin_flags);
	if (rc == 0) {
		uv_poll_start(&t.input, UV_READABLE, on_input);
		uv_run(a->loop, UV_RUN_DEFAULT);
	}

	endwin();
	crash_disarm();
	delscreen(a->screen);
	a->screen = NULL;
	close_handle((uv_handle_t *)&t.redraw);
	close_handle((uv_handle_t *)&t.tick);
	if (rc == 0)
		close_handle((uv_handle_t *)&t.input);
	for (size_t i = 0; i < n_sigs; i++)
		close_handle((uv_handle_t *)sigs[i]);
	wait_closed(&t);
	if (rc != 0) {
		fprintf(stderr, _("gett-tui: cannot read keys from standard input: %s\n"),
			uv_strerror(rc));
		return 1;
	}
	return a->exit_code;
}

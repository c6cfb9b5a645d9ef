/* See sandbox_launch.h; the search order is documented in docs/client.md "Demo mode". */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/collections.h"
#include "base/i18n.h"
#include "cli/sandbox_launch.h"

#if !defined(BINDIR) || !defined(PKGDATADIR)
#error "BINDIR and PKGDATADIR come from Makefile.am"
#endif

#define SANDBOX_NAME	   "gett-sandbox"
#define SOURCE_DATA_MARKER ".gett-tui-source-data" /* Makefile.am writes it; never installed */
#define READY_PREFIX	   "listening on http://127.0.0.1:"
#define DEFAULT_START_MS   10000u
#define DEFAULT_KILL_MS	   3000u
#define STDERR_SETTLE_MS   250u /* after the exit, wait this long for the last stderr bytes */
#define MAX_ARGS	   64
#define STDERR_TAIL_SIZE   2048

typedef enum sl_state {
	SL_STARTING, /* spawned, waiting for the listening line */
	SL_FAILING,  /* failure decided; waiting for the exit and stderr before reporting */
	SL_READY,
	SL_IDLE,     /* failure reported, or died after ready: only the stop is left */
	SL_STOPPING, /* SIGTERM sent, waiting for the exit */
	SL_CLOSING,  /* handles closing */
} sl_state;

struct sandbox_launch {
	uv_loop_t *loop;
	uv_process_t proc;
	uv_pipe_t in, out, err;
	uv_timer_t timer; /* start timeout, stderr settle, deferred report, kill grace */
	sl_state state;
	bool proc_init; /* uv_spawn ran (it initialises proc even when it fails) */
	bool spawned, exited, out_eof, err_eof;
	int64_t exit_status;
	int term_signal;
	pid_t pid;

	char *binary, *data_dir;
	unsigned start_timeout_ms, kill_after_ms;
	sandbox_launch_ready_cb on_ready;
	sandbox_launch_exit_cb on_exit;
	sandbox_launch_stopped_cb on_stopped;
	void *user;

	char line[256]; /* first stdout line so far */
	size_t line_len;
	char base_url[64];
	char reason[768]; /* why the start failed, before the stderr text */
	char *message;	  /* the reported error, with the stderr text */

	char err_tail[STDERR_TAIL_SIZE]; /* the last bytes of the child's stderr */
	size_t err_tail_len;
	bool err_tail_cut;
	char out_buf[512], err_buf[512]; /* read buffers; libuv reads one stream at a time */
	int pending_closes;
};

static void on_timer(uv_timer_t *timer);

/* ------------------------------------------------------------ where things are */

static bool is_set(const char *s)
{
	return s && s[0];
}

static bool is_executable_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

static bool is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* dir + "/" + SANDBOX_NAME into out when that is an executable file. */
static bool try_dir(const char *dir, size_t dir_len, char *out, size_t n)
{
	if (dir_len == 0) { /* an empty $PATH entry means the current directory */
		dir = ".";
		dir_len = 1;
	}
	int len = snprintf(out, n, "%.*s/%s", (int)dir_len, dir, SANDBOX_NAME);
	return len > 0 && (size_t)len < n && is_executable_file(out);
}

static bool try_path_var(const char *path, char *out, size_t n)
{
	for (const char *p = path; p;) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		if (try_dir(p, len, out, n))
			return true;
		p = colon ? colon + 1 : NULL;
	}
	return false;
}

bool sandbox_launch_pick_binary(const sandbox_launch_places *places, char *out, size_t n, char *err,
				size_t err_len)
{
	if (is_set(places->env_binary)) {
		/* Trusted as given: if it is wrong the spawn error names it. */
		snprintf(out, n, "%s", places->env_binary);
		return true;
	}
	const char *slash = places->exe_path ? strrchr(places->exe_path, '/') : NULL;
	if (slash && try_dir(places->exe_path, (size_t)(slash - places->exe_path), out, n))
		return true;
	if (is_set(places->bindir) && try_dir(places->bindir, strlen(places->bindir), out, n))
		return true;
	if (places->path && try_path_var(places->path, out, n))
		return true;
	out[0] = '\0';
	snprintf(err, err_len,
		 _("gett-sandbox was not found next to gett-tui, in %s or on $PATH; set "
		   "GETT_SANDBOX to its path"),
		 is_set(places->bindir) ? places->bindir : "?");
	return false;
}

/* True when path lies inside dir (both compared after resolving symbolic links). */
static bool is_inside(const char *path, const char *dir)
{
	char real_dir[PATH_MAX];
	if (!realpath(dir, real_dir))
		return false;
	size_t len = strlen(real_dir);
	return strncmp(path, real_dir, len) == 0 && path[len] == '/';
}

void sandbox_launch_pick_data_dir(const sandbox_launch_places *places, char *out, size_t n)
{
	const char *dir = places->pkgdata_dir;
	if (is_set(places->env_data))
		dir = places->env_data;
	else if (places->exe_path && is_set(places->build_dir) && is_set(places->src_data_dir) &&
		 is_inside(places->exe_path, places->build_dir) &&
		 is_directory(places->src_data_dir))
		dir = places->src_data_dir;
	snprintf(out, n, "%s", dir ? dir : "");
}

/* A build tree has SOURCE_DATA_MARKER at its top, one line naming the source tree's data/;
   it is looked for next to the executable and one directory up (the test programs in
   tests/). So no build or source path is compiled into the programs that get installed. */
static void find_build_tree(sandbox_launch_places *places)
{
	if (!places->exe_path)
		return;
	snprintf(places->build_buf, sizeof places->build_buf, "%s", places->exe_path);
	for (int up = 0; up < 2; up++) {
		char *slash = strrchr(places->build_buf, '/');
		if (!slash || slash == places->build_buf)
			return;
		*slash = '\0';
		char marker[PATH_MAX + sizeof SOURCE_DATA_MARKER + 1];
		snprintf(marker, sizeof marker, "%s/%s", places->build_buf, SOURCE_DATA_MARKER);
		FILE *f = fopen(marker, "r");
		if (!f)
			continue;
		char *line = fgets(places->src_data_buf, sizeof places->src_data_buf, f);
		fclose(f);
		if (line)
			line[strcspn(line, "\n")] = '\0';
		if (line && line[0]) {
			places->build_dir = places->build_buf;
			places->src_data_dir = places->src_data_buf;
		}
		return;
	}
}

/* Fills places from the environment, uv_exepath(), the build tree's marker and the
   installation directories. */
static void sandbox_launch_places_current(sandbox_launch_places *places)
{
	memset(places, 0, sizeof *places);
	places->env_binary = getenv("GETT_SANDBOX");
	places->env_data = getenv("GETT_SANDBOX_DATA");
	size_t size = sizeof places->exe_buf;
	if (uv_exepath(places->exe_buf, &size) == 0)
		places->exe_path = places->exe_buf;
	places->bindir = BINDIR;
	places->path = getenv("PATH");
	find_build_tree(places);
	places->pkgdata_dir = PKGDATADIR;
}

/* The binary pick for this process (sandbox_launch_places_current()). */
static bool sandbox_launch_find_binary(char *out, size_t n, char *err, size_t err_len)
{
	sandbox_launch_places places;
	sandbox_launch_places_current(&places);
	return sandbox_launch_pick_binary(&places, out, n, err, err_len);
}

void sandbox_launch_find_data_dir(char *out, size_t n)
{
	sandbox_launch_places places;
	sandbox_launch_places_current(&places);
	sandbox_launch_pick_data_dir(&places, out, n);
}

/* ------------------------------------------------------------ stderr tail */

static void tail_append(sandbox_launch *sl, const char *data, size_t n)
{
	if (n >= STDERR_TAIL_SIZE) {
		data += n - STDERR_TAIL_SIZE;
		n = STDERR_TAIL_SIZE;
		sl->err_tail_len = 0;
		sl->err_tail_cut = true;
	} else if (sl->err_tail_len + n > STDERR_TAIL_SIZE) {
		size_t drop = sl->err_tail_len + n - STDERR_TAIL_SIZE;
		memmove(sl->err_tail, sl->err_tail + drop, sl->err_tail_len - drop);
		sl->err_tail_len -= drop;
		sl->err_tail_cut = true;
	}
	memcpy(sl->err_tail + sl->err_tail_len, data, n);
	sl->err_tail_len += n;
}

/* The captured stderr as one line: non-empty lines joined with "; ". Caller frees. */
static char *tail_text(const sandbox_launch *sl)
{
	const char *p = sl->err_tail, *end = sl->err_tail + sl->err_tail_len;
	if (sl->err_tail_cut) { /* the first line is a fragment */
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	char *text = xmalloc(STDERR_TAIL_SIZE * 2 + 1);
	size_t len = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		while (p < line_end && (*p == ' ' || *p == '\t'))
			p++;
		const char *q = line_end;
		while (q > p && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\r'))
			q--;
		if (q > p) {
			if (len) {
				memcpy(text + len, "; ", 2);
				len += 2;
			}
			memcpy(text + len, p, (size_t)(q - p));
			len += (size_t)(q - p);
		}
		p = nl ? nl + 1 : end;
	}
	text[len] = '\0';
	return text;
}

/* ------------------------------------------------------------ reporting */

static void set_reason_exit(sandbox_launch *sl, bool was_ready)
{
	char *r = sl->reason;
	size_t n = sizeof sl->reason;
	int sig = sl->term_signal;
	if (sig && was_ready)
		snprintf(r, n, _("the demo sandbox %s was killed by signal %d (%s)"), sl->binary,
			 sig, strsignal(sig));
	else if (sig)
		snprintf(r, n,
			 _("the demo sandbox %s was killed by signal %d (%s) before it was ready"),
			 sl->binary, sig, strsignal(sig));
	else if (was_ready)
		snprintf(r, n, _("the demo sandbox %s exited with status %d"), sl->binary,
			 (int)sl->exit_status);
	else
		snprintf(r, n, _("the demo sandbox %s exited with status %d before it was ready"),
			 sl->binary, (int)sl->exit_status);
}

/* reason + the child's stderr, into sl->message. */
static const char *compose_message(sandbox_launch *sl)
{
	char *tail = tail_text(sl);
	free(sl->message);
	size_t n = strlen(sl->reason) + strlen(tail) + 3;
	sl->message = xmalloc(n);
	if (tail[0])
		snprintf(sl->message, n, "%s: %s", sl->reason, tail);
	else
		snprintf(sl->message, n, "%s", sl->reason);
	free(tail);
	return sl->message;
}

static void report_failure(sandbox_launch *sl)
{
	uv_timer_stop(&sl->timer);
	sl->state = SL_IDLE;
	const char *message = compose_message(sl);
	if (sl->on_ready)
		sl->on_ready(sl, NULL, NULL, message, sl->user);
}

/* In SL_FAILING: report once the child is gone and its stderr drained (or had its chance). */
static void report_failure_when_settled(sandbox_launch *sl)
{
	if (sl->state != SL_FAILING || !sl->exited)
		return;
	uv_timer_start(&sl->timer, on_timer, sl->err_eof ? 0 : STDERR_SETTLE_MS, 0);
}

static void kill_child(sandbox_launch *sl, int signum)
{
	if (sl->spawned && !sl->exited)
		uv_process_kill(&sl->proc, signum);
}

/* Decides the failure (the first reason wins), kills the child and waits for it. */
static void fail(sandbox_launch *sl, const char *reason)
{
	if (sl->state != SL_STARTING)
		return;
	snprintf(sl->reason, sizeof sl->reason, "%s", reason);
	sl->state = SL_FAILING;
	uv_timer_stop(&sl->timer);
	kill_child(sl, SIGKILL);
	report_failure_when_settled(sl);
}

/* ------------------------------------------------------------ closing */

static void on_handle_closed(uv_handle_t *handle)
{
	sandbox_launch *sl = handle->data;
	if (--sl->pending_closes > 0 || sl->state != SL_CLOSING)
		return;
	sandbox_launch_stopped_cb done = sl->on_stopped;
	void *user = sl->user;
	free(sl->binary);
	free(sl->data_dir);
	free(sl->message);
	free(sl);
	if (done)
		done(user);
}

static void close_handle(sandbox_launch *sl, uv_handle_t *handle)
{
	if (uv_is_closing(handle))
		return;
	sl->pending_closes++;
	uv_close(handle, on_handle_closed);
}

/* Close callbacks never run inside uv_close(), so the last one frees sl. */
static void close_all(sandbox_launch *sl)
{
	sl->state = SL_CLOSING;
	close_handle(sl, (uv_handle_t *)&sl->timer);
	close_handle(sl, (uv_handle_t *)&sl->in);
	close_handle(sl, (uv_handle_t *)&sl->out);
	close_handle(sl, (uv_handle_t *)&sl->err);
	/* A start that failed before uv_spawn (no binary found, too many arguments) has a
	   process handle libuv never saw: closing it would abort. */
	if (sl->proc_init)
		close_handle(sl, (uv_handle_t *)&sl->proc);
}

/* ------------------------------------------------------------ child events */

static void on_child_exit(uv_process_t *proc, int64_t exit_status, int term_signal)
{
	sandbox_launch *sl = proc->data;
	sl->exited = true;
	sl->exit_status = exit_status;
	sl->term_signal = term_signal;
	switch (sl->state) {
	case SL_STARTING:
		set_reason_exit(sl, false);
		sl->state = SL_FAILING;
		uv_timer_stop(&sl->timer);
		report_failure_when_settled(sl);
		break;
	case SL_FAILING:
		report_failure_when_settled(sl);
		break;
	case SL_READY:
		sl->state = SL_IDLE;
		sl->base_url[0] = '\0';
		set_reason_exit(sl, true);
		if (sl->on_exit)
			sl->on_exit(sl, compose_message(sl), sl->user);
		break;
	case SL_STOPPING:
		close_all(sl);
		break;
	case SL_IDLE:
	case SL_CLOSING:
		break;
	}
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
	(void)suggested;
	sandbox_launch *sl = handle->data;
	if (handle == (uv_handle_t *)&sl->out)
		*buf = uv_buf_init(sl->out_buf, sizeof sl->out_buf);
	else
		*buf = uv_buf_init(sl->err_buf, sizeof sl->err_buf);
}

/* The port of an exact "listening on http://127.0.0.1:PORT" line; 0 when it is not one. */
static unsigned long announced_port(const char *line)
{
	size_t prefix_len = strlen(READY_PREFIX);
	if (strncmp(line, READY_PREFIX, prefix_len) != 0)
		return 0;
	const char *digits = line + prefix_len;
	if (digits[0] < '0' || digits[0] > '9')
		return 0;
	char *end;
	errno = 0;
	unsigned long port = strtoul(digits, &end, 10);
	return errno || *end != '\0' || port > 65535 ? 0 : port;
}

/* The complete first line: the announcement, or a failure. */
static void on_first_line(sandbox_launch *sl)
{
	unsigned long port = announced_port(sl->line);
	if (port == 0) {
		char reason[sizeof sl->reason];
		snprintf(reason, sizeof reason,
			 _("the demo sandbox %s printed \"%.200s\" instead of its address"),
			 sl->binary, sl->line);
		fail(sl, reason);
		return;
	}
	snprintf(sl->base_url, sizeof sl->base_url, "http://127.0.0.1:%lu", port);
	sl->state = SL_READY;
	uv_timer_stop(&sl->timer);
	if (sl->on_ready)
		sl->on_ready(sl, sl->base_url, SANDBOX_LAUNCH_DEMO_KEY, NULL, sl->user);
}

static void take_stdout(sandbox_launch *sl, const char *data, size_t n)
{
	for (size_t i = 0; i < n && sl->state == SL_STARTING; i++) {
		if (data[i] == '\n') {
			sl->line[sl->line_len] = '\0';
			on_first_line(sl);
			return;
		}
		if (sl->line_len + 1 == sizeof sl->line) {
			sl->line[sl->line_len] = '\0';
			on_first_line(sl); /* too long: reported as an unexpected line */
			return;
		}
		sl->line[sl->line_len++] = data[i];
	}
}

/* After the announcement stdout is drained and ignored, so the child never blocks on it. */
static void on_stdout(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
	sandbox_launch *sl = stream->data;
	if (nread > 0) {
		take_stdout(sl, buf->base, (size_t)nread);
	} else if (nread < 0) {
		sl->out_eof = true;
		uv_read_stop(stream); /* the exit callback reports a start that ends here */
	}
}

static void on_stderr(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
	sandbox_launch *sl = stream->data;
	if (nread > 0) {
		tail_append(sl, buf->base, (size_t)nread);
	} else if (nread < 0) {
		sl->err_eof = true;
		uv_read_stop(stream);
		report_failure_when_settled(sl);
	}
}

static void on_timer(uv_timer_t *timer)
{
	sandbox_launch *sl = timer->data;
	char reason[sizeof sl->reason];
	switch (sl->state) {
	case SL_STARTING:
		snprintf(reason, sizeof reason,
			 _("the demo sandbox %s did not report its address within %u ms"),
			 sl->binary, sl->start_timeout_ms);
		fail(sl, reason);
		break;
	case SL_FAILING:
		report_failure(sl); /* settled: the child is gone */
		break;
	case SL_STOPPING:
		kill_child(sl, SIGKILL); /* the SIGTERM grace is over */
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------ start and stop */

static bool spawn_child(sandbox_launch *sl, const sandbox_launch_opts *opts)
{
	/* --exit-with-stdin: the sandbox stops when our end of its stdin closes, even if
	   gett-tui is killed outright (libuv offers no PR_SET_PDEATHSIG hook). */
	char listen[32];
	snprintf(listen, sizeof listen, "127.0.0.1:%u", opts->port);
	char *args[MAX_ARGS] = {sl->binary,
				"--listen",
				listen,
				"--data",
				sl->data_dir,
				"--api-key",
				SANDBOX_LAUNCH_DEMO_KEY,
				"--exit-with-stdin"};
	size_t n = 8;
	for (size_t i = 0; opts->extra_args && opts->extra_args[i]; i++) {
		if (n + 1 == MAX_ARGS) {
			snprintf(sl->reason, sizeof sl->reason,
				 _("too many arguments for the demo sandbox (at most %d)"),
				 MAX_ARGS - 9);
			return false;
		}
		args[n++] = (char *)opts->extra_args[i];
	}
	args[n] = NULL;
	/* stdin is a pipe we hold and never write: the child sees EOF when gett-tui is gone. */
	uv_stdio_container_t stdio[3] = {
	    {.flags = UV_CREATE_PIPE | UV_READABLE_PIPE, .data.stream = (uv_stream_t *)&sl->in},
	    {.flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE, .data.stream = (uv_stream_t *)&sl->out},
	    {.flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE, .data.stream = (uv_stream_t *)&sl->err},
	};
	uv_process_options_t po = {
	    .exit_cb = on_child_exit,
	    .file = sl->binary,
	    .args = args,
	    .stdio_count = 3,
	    .stdio = stdio,
	};
	sl->proc_init = true;
	int rc = uv_spawn(sl->loop, &sl->proc, &po);
	if (rc != 0) {
		snprintf(sl->reason, sizeof sl->reason, _("cannot start the demo sandbox %s: %s"),
			 sl->binary, uv_strerror(rc));
		return false;
	}
	sl->spawned = true;
	sl->pid = sl->proc.pid;
	uv_read_start((uv_stream_t *)&sl->out, on_alloc, on_stdout);
	uv_read_start((uv_stream_t *)&sl->err, on_alloc, on_stderr);
	return true;
}

static void init_handles(sandbox_launch *sl)
{
	uv_timer_init(sl->loop, &sl->timer);
	uv_pipe_init(sl->loop, &sl->in, 0);
	uv_pipe_init(sl->loop, &sl->out, 0);
	uv_pipe_init(sl->loop, &sl->err, 0);
	sl->timer.data = sl->in.data = sl->out.data = sl->err.data = sl->proc.data = sl;
}

/* The binary and data directory from opts or the search; false with sl->reason set. */
static bool resolve_places(sandbox_launch *sl, const sandbox_launch_opts *opts)
{
	char path[PATH_MAX];
	if (opts->binary)
		sl->binary = xstrdup(opts->binary);
	else if (sandbox_launch_find_binary(path, sizeof path, sl->reason, sizeof sl->reason))
		sl->binary = xstrdup(path);
	else
		sl->binary = xstrdup(SANDBOX_NAME);
	if (opts->data_dir) {
		sl->data_dir = xstrdup(opts->data_dir);
	} else {
		sandbox_launch_find_data_dir(path, sizeof path);
		sl->data_dir = xstrdup(path);
	}
	return sl->reason[0] == '\0';
}

sandbox_launch *sandbox_launch_start(uv_loop_t *loop, const sandbox_launch_opts *opts,
				     sandbox_launch_ready_cb on_ready, void *user)
{
	static const sandbox_launch_opts no_opts;
	if (!opts)
		opts = &no_opts;
	sandbox_launch *sl = xcalloc(1, sizeof *sl);
	sl->loop = loop;
	sl->on_ready = on_ready;
	sl->on_exit = opts->on_exit;
	sl->user = user;
	sl->start_timeout_ms = opts->start_timeout_ms ? opts->start_timeout_ms : DEFAULT_START_MS;
	sl->kill_after_ms = opts->kill_after_ms ? opts->kill_after_ms : DEFAULT_KILL_MS;
	sl->state = SL_STARTING;
	init_handles(sl);
	if (resolve_places(sl, opts) && spawn_child(sl, opts)) {
		uv_timer_start(&sl->timer, on_timer, sl->start_timeout_ms, 0);
		return sl;
	}
	/* Nothing runs: report on the next loop turn, never from inside this call. */
	sl->state = SL_FAILING;
	sl->exited = sl->out_eof = sl->err_eof = true;
	report_failure_when_settled(sl);
	return sl;
}

void sandbox_launch_stop(sandbox_launch *sl, sandbox_launch_stopped_cb on_stopped)
{
	if (!sl || sl->state == SL_STOPPING || sl->state == SL_CLOSING)
		return;
	sl->on_stopped = on_stopped;
	sl->on_ready = NULL;
	sl->on_exit = NULL;
	uv_timer_stop(&sl->timer);
	close_handle(sl, (uv_handle_t *)&sl->in); /* EOF first: the polite way to say goodbye */
	if (!sl->spawned || sl->exited) {
		close_all(sl);
		return;
	}
	sl->state = SL_STOPPING;
	kill_child(sl, SIGTERM);
	uv_timer_start(&sl->timer, on_timer, sl->kill_after_ms, 0);
}

const char *sandbox_launch_base_url(const sandbox_launch *sl)
{
	return sl->state == SL_READY ? sl->base_url : NULL;
}

pid_t sandbox_launch_pid(const sandbox_launch *sl)
{
	return sl->pid;
}

const char *sandbox_launch_binary(const sandbox_launch *sl)
{
	return sl->binary;
}

const char *sandbox_launch_data_dir(const sandbox_launch *sl)
{
	return sl->data_dir;
}

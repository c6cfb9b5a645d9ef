/* See sandbox_harness.h. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox_harness.h"

#define MAX_ARGS 64

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* Reads one line from fd within timeout_ms. */
static bool read_line(int fd, char *buf, size_t n, long timeout_ms)
{
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	size_t len = 0;
	while (len + 1 < n) {
		long left = timeout_ms - elapsed_ms(&start);
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return false;
		ssize_t got = read(fd, buf + len, 1);
		if (got <= 0)
			return false;
		if (buf[len] == '\n') {
			buf[len] = '\0';
			return true;
		}
		len++;
	}
	return false;
}

/* Forks argv with stdout (and stderr when err_fd) on pipes, and stdin on a pipe when in_fd. */
static pid_t spawn(const char *const *argv, int *out_fd, int *err_fd, int *in_fd)
{
	int out[2], err[2] = {-1, -1}, in[2] = {-1, -1};
	if (pipe(out) != 0 || (err_fd && pipe(err) != 0) || (in_fd && pipe(in) != 0))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive a crashed test */
		dup2(out[1], STDOUT_FILENO);
		if (err_fd)
			dup2(err[1], STDERR_FILENO);
		if (in_fd)
			dup2(in[0], STDIN_FILENO);
		int fds[] = {out[0], out[1], err[0], err[1], in[0], in[1]};
		for (size_t i = 0; i < sizeof fds / sizeof *fds; i++)
			if (fds[i] >= 0)
				close(fds[i]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	*out_fd = out[0];
	if (err_fd) {
		close(err[1]);
		*err_fd = err[0];
	}
	if (in_fd) {
		close(in[0]);
		*in_fd = in[1];
	}
	return pid;
}

/* Running sandboxes, so a failed assertion (which skips sandbox_stop) leaks none. */
#define MAX_RUNNING 16
static pid_t running[MAX_RUNNING];

static void track(pid_t pid, pid_t replace)
{
	for (size_t i = 0; i < MAX_RUNNING; i++) {
		if (running[i] == replace) {
			running[i] = pid;
			return;
		}
	}
}

void sandbox_kill_all(void)
{
	for (size_t i = 0; i < MAX_RUNNING; i++) {
		if (running[i] > 0) {
			kill(running[i], SIGKILL);
			waitpid(running[i], NULL, 0);
			running[i] = 0;
		}
	}
}

/* The port of "listening on http://127.0.0.1:PORT", nothing before or after; 0 otherwise. */
static unsigned listening_port(const char *line)
{
	const char *prefix = "listening on http://127.0.0.1:";
	size_t n = strlen(prefix);
	if (strncmp(line, prefix, n) != 0 || line[n] == '\0' ||
	    strspn(line + n, "0123456789") != strlen(line + n))
		return 0;
	unsigned long port = strtoul(line + n, NULL, 10);
	return port <= 65535 ? (unsigned)port : 0;
}

bool sandbox_start_args(sandbox *sb, const char *const *args, bool pipe_stdin)
{
	const char *argv[MAX_ARGS] = {SANDBOX_BIN};
	size_t n = 1;
	for (size_t i = 0; args && args[i] && n + 1 < MAX_ARGS; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	memset(sb, 0, sizeof *sb);
	sb->stdin_fd = -1;
	sb->pid = spawn(argv, &sb->stdout_fd, NULL, pipe_stdin ? &sb->stdin_fd : NULL);
	if (sb->pid < 0) {
		perror("sandbox_start: fork");
		return false;
	}
	track(sb->pid, 0);
	char line[256];
	if (!read_line(sb->stdout_fd, line, sizeof line, 15000) ||
	    (sb->port = listening_port(line)) == 0) {
		fprintf(stderr, "sandbox_start: no listening line from %s\n", SANDBOX_BIN);
		sandbox_stop(sb);
		return false;
	}
	snprintf(sb->base_url, sizeof sb->base_url, "http://127.0.0.1:%u", sb->port);
	return true;
}

bool sandbox_start(sandbox *sb, const char *data_dir, const char *const *extra)
{
	const char *args[MAX_ARGS] = {"--listen", "127.0.0.1:0", "--data", data_dir};
	size_t n = 4;
	for (size_t i = 0; extra && extra[i] && n + 1 < MAX_ARGS; i++)
		args[n++] = extra[i];
	args[n] = NULL;
	return sandbox_start_args(sb, args, false);
}

static int decode_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

/* Waits up to timeout_ms; the waitpid result (0 while it still runs). */
static pid_t wait_for(pid_t pid, long timeout_ms, int *status)
{
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	pid_t got;
	while ((got = waitpid(pid, status, WNOHANG)) == 0 && elapsed_ms(&start) < timeout_ms)
		usleep(10000);
	return got;
}

static void release(sandbox *sb)
{
	close(sb->stdout_fd);
	if (sb->stdin_fd > 0)
		close(sb->stdin_fd);
	sb->stdin_fd = -1;
	track(0, sb->pid);
	sb->pid = 0;
}

int sandbox_stop_with(sandbox *sb, int sig)
{
	if (sb->pid <= 0)
		return -1;
	kill(sb->pid, sig);
	int status = 0;
	pid_t got = wait_for(sb->pid, 10000, &status);
	if (got == 0) {
		fprintf(stderr, "sandbox_stop: no exit after signal %d, killing\n", sig);
		kill(sb->pid, SIGKILL);
		waitpid(sb->pid, &status, 0);
	}
	release(sb);
	return got < 0 ? -1 : decode_status(status);
}

int sandbox_stop(sandbox *sb)
{
	return sandbox_stop_with(sb, SIGTERM);
}

int sandbox_wait_exit(sandbox *sb, long timeout_ms)
{
	if (sb->pid <= 0)
		return -1;
	int status = 0;
	pid_t got = wait_for(sb->pid, timeout_ms, &status);
	if (got == 0)
		return -2;
	release(sb);
	return got < 0 ? -1 : decode_status(status);
}

int sandbox_run_to_exit(const char *const *args, char *stderr_buf, size_t n)
{
	const char *argv[MAX_ARGS] = {SANDBOX_BIN};
	size_t k = 1;
	for (size_t i = 0; args && args[i] && k + 1 < MAX_ARGS; i++)
		argv[k++] = args[i];
	argv[k] = NULL;
	int out_fd, err_fd;
	pid_t pid = spawn(argv, &out_fd, &err_fd, NULL);
	if (pid < 0)
		return -1;
	size_t len = 0;
	char sink[512];
	ssize_t got;
	while (stderr_buf && len + 1 < n && (got = read(err_fd, stderr_buf + len, n - len - 1)) > 0)
		len += (size_t)got;
	if (stderr_buf)
		stderr_buf[len] = '\0';
	while (read(err_fd, sink, sizeof sink) > 0)
		;
	while (read(out_fd, sink, sizeof sink) > 0)
		;
	close(out_fd);
	close(err_fd);
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return decode_status(status);
}

/* ------------------------------------------------------------------ HTTP */

size_t http_buf_append(char *data, size_t size, size_t nmemb, void *userdata)
{
	http_buf *b = userdata;
	size_t n = size * nmemb;
	char *p = realloc(b->p, b->n + n + 1);
	if (!p)
		return 0;
	memcpy(p + b->n, data, n);
	b->p = p;
	b->n += n;
	b->p[b->n] = '\0';
	return n;
}

void sandbox_http_request(const sandbox *sb, const char *method, const char *path,
			  const char *const *headers, const char *body, long timeout_ms,
			  http_reply *out)
{
	static bool initialised;
	if (!initialised) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		initialised = true;
	}
	memset(out, 0, sizeof *out);
	char url[1024];
	snprintf(url, sizeof url, "%s%s", sb->base_url, path);
	http_buf b = {0}, h = {0};
	CURL *c = curl_easy_init();
	struct curl_slist *list = NULL;
	for (size_t i = 0; headers && headers[i]; i++)
		list = curl_slist_append(list, headers[i]);
	if (body)
		list = curl_slist_append(list, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_buf_append);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, http_buf_append);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms > 0 ? timeout_ms : 10000L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	out->curl_code = (int)curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	curl_slist_free_all(list);
	curl_easy_cleanup(c);
	out->body = b.p ? b.p : calloc(1, 1);
	out->body_len = b.n;
	out->headers = h.p ? h.p : calloc(1, 1);
}

void sandbox_api_call(const sandbox *sb, const char *method, const char *path, const char *token,
		      const char *body, http_reply *out)
{
	char auth[2048];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token ? token : "");
	const char *headers[] = {"Accept: application/json", token ? auth : NULL, NULL};
	sandbox_http_request(sb, method, path, headers, body, 0, out);
}

void http_reply_clear(http_reply *r)
{
	free(r->body);
	free(r->headers);
	memset(r, 0, sizeof *r);
}

const char *sandbox_http_header(const http_reply *r, const char *name, char *out, size_t n)
{
	size_t len = strlen(name);
	for (const char *line = r->headers; line && *line;) {
		const char *end = strstr(line, "\r\n");
		size_t line_len = end ? (size_t)(end - line) : strlen(line);
		if (line_len > len && line[len] == ':' && strncasecmp(line, name, len) == 0) {
			const char *v = line + len + 1;
			while (*v == ' ')
				v++;
			size_t vlen = line_len - (size_t)(v - line);
			snprintf(out, n, "%.*s", (int)vlen, v);
			return out;
		}
		line += line_len + (end ? 2 : 0);
	}
	return NULL;
}

json_t *http_json(const http_reply *r)
{
	return json_loadb(r->body, r->body_len, JSON_DECODE_ANY, NULL);
}

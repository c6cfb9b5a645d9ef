/* Starts and stops tests/rewrite_proxy.py for the integration tests (see proxy_harness.h). */
#include "proxy_harness.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 32

/* The first stdout line (the port), within 15 s; 0 when none came. */
static unsigned read_port(int fd)
{
	char line[32];
	size_t len = 0;
	while (len + 1 < sizeof line) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, 15000) <= 0 || read(fd, line + len, 1) != 1)
			return 0;
		if (line[len] == '\n')
			break;
		len++;
	}
	line[len] = '\0';
	unsigned long port = strtoul(line, NULL, 10);
	return len && strspn(line, "0123456789") == len && port <= 65535 ? (unsigned)port : 0;
}

static pid_t spawn(const char *const *argv, int *out_fd)
{
	int out[2];
	if (pipe(out) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive a crashed test */
		dup2(out[1], STDOUT_FILENO);
		close(out[0]);
		close(out[1]);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	*out_fd = out[0];
	return pid;
}

bool rewrite_proxy_start(rewrite_proxy *px, const char *upstream, const char *const *rules)
{
	memset(px, 0, sizeof *px);
	/* GETT_TRAFFIC_DIR keeps every proxy's log there for tests/openapi_check.py
	 * (`make check-traffic`); otherwise the log is a temporary file. */
	static unsigned kept;
	const char *keep = getenv("GETT_TRAFFIC_DIR");
	px->keep_log = keep && *keep;
	if (px->keep_log)
		snprintf(px->log_path, sizeof px->log_path, "%s/proxy_%ld_%u.jsonl", keep,
			 (long)getpid(), kept++);
	else
		snprintf(px->log_path, sizeof px->log_path, "/tmp/rewrite_proxy_%ld_%p.log",
			 (long)getpid(), (void *)px);
	unlink(px->log_path);
	const char *argv[MAX_ARGS] = {"python3", REWRITE_PROXY_SCRIPT, upstream, "--log",
				      px->log_path};
	size_t n = 5;
	for (size_t i = 0; rules && rules[i] && n + 3 < MAX_ARGS; i++) {
		argv[n++] = "--rule";
		argv[n++] = rules[i];
	}
	argv[n] = NULL;
	px->pid = spawn(argv, &px->stdout_fd);
	if (px->pid < 0) {
		perror("rewrite_proxy_start: fork");
		return false;
	}
	if ((px->port = read_port(px->stdout_fd)) == 0) {
		fprintf(stderr, "rewrite_proxy_start: no port from %s\n", REWRITE_PROXY_SCRIPT);
		rewrite_proxy_stop(px);
		return false;
	}
	snprintf(px->base_url, sizeof px->base_url, "http://127.0.0.1:%u", px->port);
	return true;
}

void rewrite_proxy_stop(rewrite_proxy *px)
{
	if (px->pid <= 0)
		return;
	kill(px->pid, SIGTERM);
	waitpid(px->pid, NULL, 0);
	close(px->stdout_fd);
	if (!px->keep_log)
		unlink(px->log_path);
	px->pid = 0;
}

json_t *rewrite_proxy_requests(const rewrite_proxy *px)
{
	json_t *all = json_array();
	FILE *f = fopen(px->log_path, "r");
	char *line = NULL;
	size_t cap = 0;
	while (f && getline(&line, &cap, f) > 0) {
		json_t *entry = json_loads(line, 0, NULL);
		if (entry)
			json_array_append_new(all, entry);
	}
	free(line);
	if (f)
		fclose(f);
	return all;
}

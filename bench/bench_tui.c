/*
 * `make bench`: headless gett-tui on the biggest demo catalog (docs/benchmarks.md).
 * Times `gett-tui --catalog FILE --script SCRIPT --size 120x40` as a whole process
 * (posix_spawn to waitpid, CLOCK_MONOTONIC), best of 3, for a script that pages
 * through the menu and for one that only opens it and quits; the difference over
 * the number of keys is the cost of one keypress (key handling plus a redraw).
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_common.h"

#ifndef GETT_TUI_BIN
#error "GETT_TUI_BIN must name the gett-tui binary (set in Makefile.am)"
#endif

extern char **environ;

enum { RUNS = 3 };
#define SIZE "120x40"

typedef struct keys {
	const char *name;
	int repeat;
} keys;

/* From the top down the menu and back, then down again: 200 keys, each one a redraw. Repeated
   ROUNDS times so that the keys, not start-up noise, dominate the difference. */
static const keys paging[] = {{"<Home>", 1}, {"<PgDn>", 50}, {"<PgUp>", 50}, {"<End>", 1},
			      {"<Home>", 1}, {"<PgDn>", 50}, {"<Down>", 47}};
#define N_PAGING (sizeof paging / sizeof *paging)
enum { ROUNDS = 5 };

/* Writes a script that waits for the menu, presses the keys `rounds` times and quits; returns
   the key count. */
static int write_script(const char *path, const keys *k, size_t n, int rounds)
{
	FILE *f = fopen(path, "w");
	if (!f)
		bench_fail("cannot write %s", path);
	int total = 0;
	fprintf(f, "expect Open 24 hours\n");
	for (int r = 0; r < rounds; r++) {
		for (size_t i = 0; i < n; i++) {
			fprintf(f, "press %s*%d\n", k[i].name, k[i].repeat);
			total += k[i].repeat;
		}
	}
	fprintf(f, "quit\n");
	if (fclose(f) != 0)
		bench_fail("cannot write %s", path);
	return total;
}

/* One run of gett-tui; seconds from spawn to exit. Exits on a non-zero status. */
static double run_once(const char *catalog_path, const char *script, const char *err_path)
{
	char *argv[] = {
	    GETT_TUI_BIN, "--catalog", (char *)catalog_path, "--script", (char *)script, "--size",
	    SIZE,	  NULL};
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, err_path, O_WRONLY | O_CREAT | O_TRUNC,
					 0600);
	pid_t pid;
	double start = bench_now();
	int rc = posix_spawn(&pid, GETT_TUI_BIN, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		bench_fail("cannot start %s: %s", GETT_TUI_BIN, strerror(rc));
	int status;
	if (waitpid(pid, &status, 0) != pid)
		bench_fail("waitpid failed");
	double elapsed = bench_now() - start;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char *err = bench_read_file(err_path, NULL);
		bench_fail("gett-tui failed (status %d): %s", status, err);
	}
	return elapsed;
}

static double best_of(const char *catalog_path, const char *script, const char *err_path)
{
	double best = 1e9;
	for (int i = 0; i < RUNS; i++) {
		double t = run_once(catalog_path, script, err_path);
		best = t < best ? t : best;
	}
	return best;
}

int main(void)
{
	if (access(GETT_TUI_BIN, X_OK) != 0) {
		printf("tui: skipped: gett-tui not built\n");
		return 0;
	}
	char dir[] = "/tmp/gett-bench-tui-XXXXXX";
	if (!mkdtemp(dir))
		bench_fail("mkdtemp failed");
	char open_path[sizeof dir + 16], paging_path[sizeof dir + 16], err_path[sizeof dir + 16];
	snprintf(open_path, sizeof open_path, "%s/open.txt", dir);
	snprintf(paging_path, sizeof paging_path, "%s/paging.txt", dir);
	snprintf(err_path, sizeof err_path, "%s/stderr.txt", dir);
	write_script(open_path, NULL, 0, 0);
	int n_keys = write_script(paging_path, paging, N_PAGING, ROUNDS);
	setenv("LC_ALL", "C.UTF-8", 1); /* what the headless tests use */
	size_t size;
	char *catalog_path = bench_biggest_catalog(&size);
	run_once(catalog_path, open_path, err_path); /* warm the page cache */
	double open_s = best_of(catalog_path, open_path, err_path);
	double paging_s = best_of(catalog_path, paging_path, err_path);
	unlink(open_path);
	unlink(paging_path);
	unlink(err_path);
	rmdir(dir);
	free(catalog_path);
	printf("tui " SIZE ", biggest catalog, open the menu and quit: %.1f ms wall (best of %d)\n",
	       open_s * 1e3, RUNS);
	printf("tui " SIZE ", biggest catalog, open + %d paging keys: %.1f ms wall (best of %d)\n",
	       n_keys, paging_s * 1e3, RUNS);
	printf("tui " SIZE ", per keypress (difference / %d keys): %.3f ms\n", n_keys,
	       (paging_s - open_s) / n_keys * 1e3);
	return 0;
}

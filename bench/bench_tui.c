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
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"
#include "bench_gen.h"
#include "lint/lint.h"

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

/* On the filter line: type "123", erase it; each character filters again. */
static const keys filter_keys[] = {{"1", 1}, {"2", 1}, {"3", 1}, {"<BS>", 3}};
#define N_FILTER (sizeof filter_keys / sizeof *filter_keys)
enum { FILTER_ROUNDS = 10, GEN_RUNS = 3 };

/* Writes a script that waits for `expect`, runs the `head` lines, presses the keys `rounds`
   times, runs the `tail` lines and quits; returns the count of the repeated keys. */
static int write_script(const char *path, const char *expect, const char *head, const keys *k,
			size_t n, int rounds, const char *tail)
{
	FILE *f = fopen(path, "w");
	if (!f)
		bench_fail("cannot write %s", path);
	int total = 0;
	fprintf(f, "expect %s\n%s", expect, head ? head : "");
	for (int r = 0; r < rounds; r++) {
		for (size_t i = 0; i < n; i++) {
			fprintf(f, "press %s*%d\n", k[i].name, k[i].repeat);
			total += k[i].repeat;
		}
	}
	fprintf(f, "%squit\n", tail ? tail : "");
	if (fclose(f) != 0)
		bench_fail("cannot write %s", path);
	return total;
}

/* What one run of gett-tui cost: wall time, CPU time (user + system, from wait4) and, when
   asked for, the resident set once its script had dumped the first screen. */
typedef struct run_cost {
	double wall, cpu;
	double rss; /* bytes; 0 unless rss_mark was given */
} run_cost;

/* VmRSS of a live process, in bytes; 0 when it cannot be read. */
static double process_rss(pid_t pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	double kib = 0;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %lf kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib * 1024;
}

/* One run of the program argv[0]. With rss_mark, it dumps its screen to that file and then
   sleeps: the resident set is read once the file exists. Exits on a non-zero status. */
static run_cost spawn_once(char *const argv[], const char *err_path, const char *rss_mark)
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, err_path, O_WRONLY | O_CREAT | O_TRUNC,
					 0600);
	if (rss_mark)
		unlink(rss_mark);
	pid_t pid;
	run_cost cost = {0};
	double start = bench_now();
	int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		bench_fail("cannot start %s: %s", argv[0], strerror(rc));
	while (rss_mark && access(rss_mark, F_OK) != 0 && bench_now() - start < 30)
		usleep(2000);
	if (rss_mark) {
		usleep(20000); /* the dump is written: let the script reach its sleep */
		cost.rss = process_rss(pid);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) != pid)
		bench_fail("waitpid failed");
	cost.wall = bench_now() - start;
	cost.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
		   (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char *err = bench_read_file(err_path, NULL);
		bench_fail("%s failed (status %d): %s", argv[0], status, err);
	}
	return cost;
}

/* One run of gett-tui on a catalog and a script (see spawn_once for rss_mark). */
static run_cost run_once(const char *catalog_path, const char *script, const char *err_path,
			 const char *rss_mark)
{
	/* A pinned clock: whether a catalog is open (and its rows dimmed with "opens …") is the
	   same in every run, whatever the time of day. */
	char *argv[] = {
	    GETT_TUI_BIN, "--catalog", (char *)catalog_path,   "--script", (char *)script, "--size",
	    SIZE,	  "--now",     "2026-11-18T19:30:00Z", NULL};
	return spawn_once(argv, err_path, rss_mark);
}

/* The best of `runs` runs: least wall and least CPU time (each its own best run). */
static run_cost best_of(const char *catalog_path, const char *script, const char *err_path,
			int runs)
{
	run_cost best = {1e9, 1e9, 0};
	for (int i = 0; i < runs; i++) {
		run_cost c = run_once(catalog_path, script, err_path, NULL);
		best.wall = c.wall < best.wall ? c.wall : best.wall;
		best.cpu = c.cpu < best.cpu ? c.cpu : best.cpu;
	}
	return best;
}

/* ------------------------------------------------------------ generated catalogs */

/* Seconds of this process's CPU time. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The bare parse every figure is compared with: json_loadb of the bytes, best CPU time. */
static double bare_parse(const char *text, size_t len)
{
	double best = 1e9;
	for (int i = 0; i < GEN_RUNS; i++) {
		json_error_t jerr;
		double t0 = cpu_now();
		json_t *root = json_loadb(text, len, 0, &jerr);
		double t = cpu_now() - t0;
		if (!root)
			bench_fail("the generated catalog does not parse: %s", jerr.text);
		json_decref(root);
		best = t < best ? t : best;
	}
	return best;
}

/* `bench_tui --bare-parse FILE`: read the file, json_loadb it, exit: what a fresh process
   pays for the parse alone (first touch of its memory included), as gett-tui does. */
static int bare_parse_main(const char *path)
{
	size_t len;
	char *text = bench_read_file(path, &len);
	json_error_t jerr;
	if (!json_loadb(text, len, 0, &jerr))
		bench_fail("%s does not parse: %s", path, jerr.text);
	return 0; /* the tree is left to exit, as gett-tui leaves its memory to its own frees */
}

/* The bare parse of `path` in a fresh process, less a fresh process parsing `empty_path`:
   best CPU time of each. The same conditions as gett-tui's opening less its start-up. */
static double bare_parse_fresh(const char *path, const char *empty_path, const char *err_path)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		bench_fail("cannot find this program (/proc/self/exe)");
	self[n] = '\0';
	double best[2] = {1e9, 1e9};
	const char *files[2] = {path, empty_path};
	for (int f = 0; f < 2; f++) {
		char *argv[] = {self, "--bare-parse", (char *)files[f], NULL};
		for (int i = 0; i < GEN_RUNS; i++) {
			double cpu = spawn_once(argv, err_path, NULL).cpu;
			best[f] = cpu < best[f] ? cpu : best[f];
		}
	}
	return best[0] - best[1];
}

/* lint_open_catalog in this process (read, parse, lint, index; no terminal): best CPU time. */
static double open_in_process(const char *path)
{
	double best = 1e9;
	for (int i = 0; i < GEN_RUNS; i++) {
		char why[1024];
		size_t errors;
		double t0 = cpu_now();
		catalog_set *set = lint_open_catalog(path, &errors, why, sizeof why);
		double t = cpu_now() - t0;
		if (!set || errors)
			bench_fail("the generated catalog does not open clean: %s", set ? "" : why);
		catalog_set_free(set);
		best = t < best ? t : best;
	}
	return best;
}

/* Writes the generated catalog with `sections` sections to dir/name; returns its text. */
static char *write_generated(const char *dir, const char *name, int sections, char *path,
			     size_t path_len, size_t *len)
{
	char *text = bench_gen_catalog_text(sections, len);
	snprintf(path, path_len, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(text, 1, *len, f) != *len || fclose(f) != 0)
		bench_fail("cannot write %s", path);
	return text;
}

/* The figures of docs/benchmarks.md "bench_tui" on generated catalogs, each beside the bare
   parse of the same bytes measured here. */
static void generated_figures(const char *dir, const char *err_path)
{
	char small[512], big[512], huge[512], open_path[512], keys_path[512], filter_path[512],
	    rss_path[512], mark[512];
	size_t small_len, big_len, huge_len;
	free(write_generated(dir, "empty.json", 0, small, sizeof small, &small_len));
	char *big_text = write_generated(dir, "big.json", 95, big, sizeof big, &big_len);
	char *huge_text = write_generated(dir, "huge.json", 495, huge, sizeof huge, &huge_len);
	size_t big_items = 95 * BENCH_GEN_PER_SECTION + BENCH_GEN_OPTIONS;
	size_t huge_items = 495 * BENCH_GEN_PER_SECTION + BENCH_GEN_OPTIONS;
	snprintf(open_path, sizeof open_path, "%s/gen-open.txt", dir);
	snprintf(keys_path, sizeof keys_path, "%s/gen-keys.txt", dir);
	snprintf(filter_path, sizeof filter_path, "%s/gen-filter.txt", dir);
	snprintf(rss_path, sizeof rss_path, "%s/gen-rss.txt", dir);
	snprintf(mark, sizeof mark, "%s/gen-rss.dump", dir);
	/* Every catalog shows its one catalog's name; the others their first item too. */
	write_script(open_path, "All Day", NULL, NULL, 0, 0, NULL);
	int n_keys = write_script(keys_path, "Dish number 0", NULL, paging, N_PAGING, ROUNDS, NULL);
	/* Each typed or erased character filters the whole menu again. */
	int n_filter = 2 + write_script(filter_path, "Dish number 0", "press /\n", filter_keys,
					N_FILTER, FILTER_ROUNDS, "press <Esc>\n");
	char rss_tail[600];
	snprintf(rss_tail, sizeof rss_tail, "dump %s\nsleep 0.3\n", mark);
	write_script(rss_path, "All Day", rss_tail, NULL, 0, 0, NULL);

	double parse_big = bare_parse(big_text, big_len),
	       parse_huge = bare_parse(huge_text, huge_len);
	free(big_text);
	free(huge_text);
	double in_process = open_in_process(big);
	double parse_fresh = bare_parse_fresh(big, small, err_path);
	run_once(big, open_path, err_path, NULL); /* warm the page cache */
	run_cost empty = best_of(small, open_path, err_path, GEN_RUNS);
	run_cost open_big = best_of(big, open_path, err_path, GEN_RUNS);
	run_cost keys_big = best_of(big, keys_path, err_path, GEN_RUNS);
	run_cost open_huge = best_of(huge, open_path, err_path, GEN_RUNS);
	run_cost filter_huge = best_of(huge, filter_path, err_path, GEN_RUNS);
	double rss_empty = run_once(small, rss_path, err_path, mark).rss;
	double rss_big = run_once(big, rss_path, err_path, mark).rss;

	printf("tui generated catalog, %zu items, %.2f MB: bare json_loadb %.1f ms CPU (best of "
	       "%d)\n",
	       big_items, (double)big_len / 1e6, parse_big * 1e3, GEN_RUNS);
	printf("tui generated %zu items, lint_open_catalog in process (read, parse, lint, index): "
	       "%.1f ms CPU, %.2f x the parse\n",
	       big_items, in_process * 1e3, in_process / parse_big);
	printf("tui " SIZE ", catalog with no items, open and quit (start-up): %.1f ms CPU (best "
	       "of %d), %.2f x the parse\n",
	       empty.cpu * 1e3, GEN_RUNS, empty.cpu / parse_big);
	printf("tui " SIZE ", generated %zu items, open the menu and quit: %.1f ms CPU (best of "
	       "%d), %.2f x the parse\n",
	       big_items, open_big.cpu * 1e3, GEN_RUNS, open_big.cpu / parse_big);
	/* What opening this catalog costs (load, lint, index, first frame) over starting up. */
	double opening = open_big.cpu - empty.cpu;
	printf("tui " SIZE ", generated %zu items, opening it (the above less start-up): %.1f ms "
	       "CPU, %.2f x the parse in a warm heap\n",
	       big_items, opening * 1e3, opening / parse_big);
	/* Like with like: a fresh process pays for first touching the memory it builds in, the
	   bare parse's as much as gett-tui's. */
	printf("tui generated %zu items, bare json_loadb in a fresh process (less its start-up): "
	       "%.1f ms CPU; opening it in gett-tui: %.2f x that (target <= 1.3)\n",
	       big_items, parse_fresh * 1e3, opening / parse_fresh);
	double per_key = (keys_big.cpu - open_big.cpu) / n_keys;
	printf("tui " SIZE ", generated %zu items, per key (%d paging keys): %.3f ms CPU, %.4f x "
	       "the parse (target <= 0.1 ms)\n",
	       big_items, n_keys, per_key * 1e3, per_key / parse_big);
	double per_filter = (filter_huge.cpu - open_huge.cpu) / n_filter;
	printf("tui generated catalog, %zu items, %.2f MB: bare json_loadb %.1f ms CPU (best of "
	       "%d); open and quit %.1f ms CPU, %.2f x its parse\n",
	       huge_items, (double)huge_len / 1e6, parse_huge * 1e3, GEN_RUNS, open_huge.cpu * 1e3,
	       open_huge.cpu / parse_huge);
	printf("tui " SIZE ", generated %zu items, per filter keystroke (%d keys): %.2f ms CPU, "
	       "%.3f x its parse (target <= 10 ms)\n",
	       huge_items, n_filter, per_filter * 1e3, per_filter / parse_huge);
	double grown = rss_big - rss_empty;
	printf("tui " SIZE ", generated %zu items, resident memory after load: %.1f MB, %.1f MB "
	       "over a catalog with no items, %.2f x the file (target <= 3)\n",
	       big_items, rss_big / 1e6, grown / 1e6, grown / (double)big_len);
	const char *made[] = {small, big, huge, open_path, keys_path, filter_path, rss_path, mark};
	for (size_t i = 0; i < sizeof made / sizeof *made; i++)
		unlink(made[i]);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--bare-parse") == 0)
		return bare_parse_main(argv[2]);
	/* `bench_tui --write-catalog FILE SECTIONS`: the generated catalog these figures use (95
	   sections: 10,000 items), for the callgrind recipe of docs/benchmarks.md. */
	if (argc == 4 && strcmp(argv[1], "--write-catalog") == 0) {
		char path[4096];
		size_t len;
		/* An absolute FILE stays one ("" + "/" + "/tmp/big.json"). */
		free(write_generated(argv[2][0] == '/' ? "" : ".", argv[2], atoi(argv[3]), path,
				     sizeof path, &len));
		return 0;
	}
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
	write_script(open_path, "Open 24 hours", NULL, NULL, 0, 0, NULL);
	int n_keys =
	    write_script(paging_path, "Open 24 hours", NULL, paging, N_PAGING, ROUNDS, NULL);
	setenv("LC_ALL", "C.UTF-8", 1); /* what the headless tests use */
	size_t size;
	char *catalog_path = bench_biggest_catalog(&size);
	run_once(catalog_path, open_path, err_path, NULL); /* warm the page cache */
	double open_s = best_of(catalog_path, open_path, err_path, RUNS).wall;
	double paging_s = best_of(catalog_path, paging_path, err_path, RUNS).wall;
	unlink(open_path);
	unlink(paging_path);
	free(catalog_path);
	printf("tui " SIZE ", biggest catalog, open the menu and quit: %.1f ms wall (best of %d)\n",
	       open_s * 1e3, RUNS);
	printf("tui " SIZE ", biggest catalog, open + %d paging keys: %.1f ms wall (best of %d)\n",
	       n_keys, paging_s * 1e3, RUNS);
	printf("tui " SIZE ", per keypress (difference / %d keys): %.3f ms\n", n_keys,
	       (paging_s - open_s) / n_keys * 1e3);
	generated_figures(dir, err_path);
	unlink(err_path);
	rmdir(dir);
	return 0;
}

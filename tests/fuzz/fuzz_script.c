/*
 * The --script language (ui/script.h) driving the offline app, as `gett-tui --catalog FILE
 * --script FILE` does (cli/main.c): keys, typing, resizes and whatever views they reach. The
 * virtual screen needs no terminal. Scripts that would write files (`dump`) or wait on the
 * clock (`sleep`, and `expect` whose text is absent waits 5 s) are not run, nor sizes and
 * repeat counts that only make a run slow.
 */
#include "fuzz.h"

#include <locale.h>

#include "lint/lint.h"
#include "shop/shop.h"
#include "ui/script.h"
#include "ui/views.h"
#include "wire/catalog.h"

/* Slice of Heaven Pizza Co., the catalog of tests/tui/menu.test whose scripts are the seeds. */
#define CATALOG DEMO_DATADIR "/catalogs/3dd48647-5d32-4cbd-af71-69d9ec04512e.json"

int LLVMFuzzerInitialize(int *argc, char ***argv);
const char *__lsan_default_suppressions(void);

/* ncurses keeps some of what newterm allocates for the life of the process. */
const char *__lsan_default_suppressions(void)
{
	return "leak:libncursesw\nleak:libtinfo\n";
}

static uv_loop_t loop;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	if (uv_loop_init(&loop) != 0)
		abort();
	return 0;
}

static time_t pinned_clock(void *user)
{
	(void)user;
	return 1795030200; /* a Wednesday, 11:30 in Seattle: lunch is open */
}

/* True when the line is one the harness runs (see the top). */
static bool line_allowed(const char *line)
{
	line += strspn(line, " \t");
	static const char *const slow[] = {"dump", "sleep", "expect"};
	for (size_t i = 0; i < sizeof slow / sizeof *slow; i++)
		if (strncmp(line, slow[i], strlen(slow[i])) == 0)
			return false;
	const char *args = strpbrk(line, " \t");
	int cols, rows;
	if (strncmp(line, "resize", 6) == 0 && args &&
	    sscanf(args + strspn(args, " \t"), "%dx%d", &cols, &rows) == 2 &&
	    (cols > 300 || rows > 120))
		return false;
	for (const char *star = strchr(line, '*'); star; star = strchr(star + 1, '*'))
		if (strtol(star + 1, NULL, 10) > 50)
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Line by line as the runner reads them (a NUL ends a line's text, not the script). */
	for (size_t at = 0; at < size;) {
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t n = nl ? (size_t)(nl - (data + at)) : size - at;
		char *line = fuzz_text(data + at, n);
		bool allowed = line_allowed(line);
		free(line);
		if (!allowed)
			return 0;
		at += n + 1;
	}
	char path[256];
	snprintf(path, sizeof path, "%s/script", fuzz_dir());
	fuzz_write(path, data, size);
	/* As cli/main.c runs `--catalog`: a local shop over the set (it takes the set). */
	char why[1200];
	size_t lint_errors;
	catalog_set *set = lint_open_catalog(CATALOG, &lint_errors, why, sizeof why);
	if (!set)
		abort();
	app a;
	app_init(&a, &loop);
	app_pin_clock(&a, pinned_clock(NULL));
	shop_local_settings ls = {.loop = &loop,
				  .set = set,
				  .file = CATALOG,
				  .lint_errors = lint_errors,
				  .time_zone = "America/Los_Angeles",
				  .now = pinned_clock};
	a.shop = shop_new_local(&ls);
	views_start_offline(&a);
	script_run(&a, path, 80, 24);
	app_free(&a);
	shop_free(a.shop);
	uv_run(&loop, UV_RUN_DEFAULT); /* the shop's timer closes */
	return 0;
}

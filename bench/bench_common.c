/* See bench_common.h. */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "bench_common.h"
#include "rules/modifier_rules.h"

double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void bench_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

double bench_best_rate(bench_op op, void *ctx, int runs, double min_seconds)
{
	double best = 0;
	for (int run = 0; run < runs; run++) {
		size_t ops = 0;
		double start = bench_now(), elapsed;
		do {
			size_t done = op(ctx);
			if (done == 0)
				return -1;
			ops += done;
			elapsed = bench_now() - start;
		} while (elapsed < min_seconds);
		double rate = (double)ops / elapsed;
		if (rate > best)
			best = rate;
	}
	return best;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double bench_percentile(double *v, size_t n, double p)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999); /* ceil, 1-based */
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

const char *bench_si(double value, char *buf, size_t n)
{
	if (value >= 1e6)
		snprintf(buf, n, "%.2f M", value / 1e6);
	else if (value >= 1e3)
		snprintf(buf, n, "%.1f k", value / 1e3);
	else
		snprintf(buf, n, "%.1f", value);
	return buf;
}

/* ------------------------------------------------------------------ demo data */

char *bench_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		bench_fail("cannot open %s", path);
	size_t cap = 1 << 16, n = 0;
	char *text = malloc(cap);
	size_t got;
	while (text && (got = fread(text + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0)
			text = realloc(text, cap *= 2);
	}
	bool failed = ferror(f) || !text;
	fclose(f);
	if (failed)
		bench_fail("cannot read %s", path);
	text[n] = '\0';
	if (len)
		*len = n;
	return text;
}

const json_t *bench_stores(void)
{
	static json_t *root;
	if (!root) {
		json_error_t jerr;
		root = json_load_file(DEMO_DATADIR "/stores.json", 0, &jerr);
		if (!root)
			bench_fail("%s/stores.json: %s", DEMO_DATADIR, jerr.text);
	}
	return json_object_get(root, "stores");
}

static bool field_is(const json_t *obj, const char *key, const char *want)
{
	const char *have = json_string_value(json_object_get(obj, key));
	return want && have && strcmp(have, want) == 0;
}

const json_t *bench_store(const char *stem, const char *catalog_set_id)
{
	size_t i;
	const json_t *s;
	json_array_foreach (bench_stores(), i, s) {
		if (field_is(s, "stem", stem) || field_is(s, "catalogSetId", catalog_set_id))
			return s;
	}
	return NULL;
}

char *bench_biggest_catalog(size_t *size)
{
	const char *dir_path = DEMO_DATADIR "/catalogs";
	DIR *dir = opendir(dir_path);
	if (!dir)
		bench_fail("cannot open %s", dir_path);
	char *best = NULL;
	off_t best_size = -1;
	struct dirent *e;
	while ((e = readdir(dir))) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir_path, e->d_name);
		struct stat st;
		if (stat(path, &st) == 0 && st.st_size > best_size) {
			free(best);
			best = strdup(path);
			best_size = st.st_size;
		}
	}
	closedir(dir);
	if (!best)
		bench_fail("no catalogs in %s", dir_path);
	*size = (size_t)best_size;
	return best;
}

catalog_set *bench_store_catalog(const char *stem)
{
	const json_t *store = bench_store(stem, NULL);
	const char *id = json_string_value(json_object_get(store, "catalogSetId"));
	if (!id)
		bench_fail("no store %s in stores.json", stem);
	char path[4096];
	snprintf(path, sizeof path, "%s/catalogs/%s.json", DEMO_DATADIR, id);
	catalog_set *set;
	json_err err;
	if (!catalog_set_load_file(path, &set, &err)) {
		char buf[600];
		bench_fail("%s: %s", path, json_err_text(&err, buf, sizeof buf));
	}
	return set;
}

const catalog_item *bench_item_named(const catalog_set *set, const char *name)
{
	for (size_t i = 0; i < strmap_count(set->items); i++) {
		const catalog_item *item = strmap_value_at(set->items, i);
		if (strcmp(item->name, name) == 0)
			return item;
	}
	return NULL;
}

/* ------------------------------------------------------------------ configurations */

/* The group called group_name among owner's item's groups. */
static const modifier_group *group_named(const catalog_set *set, const line_item *owner,
					 const char *group_name)
{
	const catalog_item *item = catalog_find_item(set, owner->item_id);
	for (size_t i = 0; item && i < item->modifier_group_ids.n; i++) {
		const modifier_group *g = catalog_find_group(set, item->modifier_group_ids.v[i]);
		if (g && strcmp(g->name, group_name) == 0)
			return g;
	}
	bench_fail("%s has no group \"%s\"", owner->item_id, group_name);
}

/* Chooses option_name in group_name of owner (a line or option line); returns its option
   line, so that nested groups can be filled. */
static line_item *choose(const catalog_set *set, line_item *owner, const char *group_name,
			 const char *option_name)
{
	const modifier_group *g = group_named(set, owner, group_name);
	const char *option_id = NULL;
	for (size_t i = 0; i < g->item_ids.n && !option_id; i++) {
		const catalog_item *o = catalog_find_item(set, g->item_ids.v[i]);
		if (o && strcmp(o->name, option_name) == 0)
			option_id = o->item_id;
	}
	char reason[MODIFIER_TEXT_MAX];
	if (!option_id || !modifier_group_add(set, owner, g, option_id, reason, sizeof reason))
		bench_fail("cannot choose \"%s\" in \"%s\"", option_name, group_name);
	cart_modifier_group *sel = line_item_find_group(owner, g->modifier_group_id);
	for (size_t i = sel->n_items; i-- > 0;)
		if (strcmp(sel->items[i].item_id, option_id) == 0)
			return &sel->items[i];
	bench_fail("\"%s\" chosen but not in the selection", option_name);
}

static void start_line(const catalog_set *set, const char *item_name, line_item *out)
{
	const catalog_item *item = bench_item_named(set, item_name);
	if (!item || !modifier_line_from_defaults(set, item->item_id, out, NULL))
		bench_fail("no item \"%s\"", item_name);
}

static void check_complete(const catalog_set *set, const line_item *line, const char *what)
{
	if (!modifier_line_is_complete(set, line))
		bench_fail("the %s configuration breaks a modifier rule", what);
}

void bench_pizza_line(const catalog_set *set, line_item *out)
{
	start_line(set, BENCH_PIZZA_ITEM, out);
	choose(set, out, "Size", "Large (16\")");
	choose(set, out, "Crust", "Thin & Crispy");
	const char *toppings[] = {"Pepperoni", "Pepperoni", "Mushrooms", "Black Olives",
				  "Fresh Basil"};
	for (size_t i = 0; i < sizeof toppings / sizeof *toppings; i++)
		choose(set, out, "Toppings", toppings[i]);
	check_complete(set, out, "pizza");
}

void bench_combo_line(const catalog_set *set, line_item *out)
{
	start_line(set, BENCH_COMBO_ITEM, out);
	line_item *burger = choose(set, out, "Choose Burger", "Double Smash");
	line_item *cheese = choose(set, burger, "Cheese", "Swiss");
	choose(set, cheese, "Extra", "Extra Slice");
	choose(set, out, "Choose Side", "Onion Rings");
	line_item *shake = choose(set, out, "Choose Drink", "Milkshake");
	choose(set, shake, "Shake Flavor", "Salted Caramel");
	check_complete(set, out, "combo");
}

/*
 * Catalog linter: one fixture per defect under tests/data/lint/ (each a copy of
 * valid.json seeded with exactly that defect), inline documents for the rest, the
 * command line front end through lint_run with captured streams, and the demo
 * catalogs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/collections.h"
#include "fs_fixtures.h"
#include "lint/lint.h"

#define LINT_DATA TEST_DATADIR "/lint"

/* ---------------------------------------------------------------- helpers */

static lint_result *lint_text(const char *text)
{
	json_error_t jerr;
	json_t *root = json_loads(text, JSON_DECODE_ANY, &jerr);
	if (!root)
		fail_msg("test JSON does not parse: %s", jerr.text);
	lint_result *r = lint_catalog_json(root);
	json_decref(root);
	return r;
}

static lint_result *lint_fixture(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s.json", LINT_DATA, name);
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);
	if (!root)
		fail_msg("%s: %s", path, jerr.text);
	lint_result *r = lint_catalog_json(root);
	json_decref(root);
	return r;
}

static void dump(const char *what, const lint_result *r)
{
	print_message("findings of %s:\n", what);
	lint_print_text(stderr, what, r);
}

static const lint_finding *find_path(const lint_result *r, const char *path)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].json_path, path) == 0)
			return &r->v[i];
	return NULL;
}

/* Everything a stream received, as a string (caller frees). */
static char *slurp(FILE *f)
{
	fflush(f);
	long n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	char *s = xmalloc((size_t)n + 1);
	size_t got = fread(s, 1, (size_t)n, f);
	s[got] = '\0';
	return s;
}

typedef struct run_output {
	int status;
	char *out;
	char *err;
} run_output;

/* What run_cli passes lint_run to read URLs (NULL: none). */
static lint_fetch_fn cli_fetch;

/* Runs `lint ARGS...` with `input` on standard input. */
static run_output run_cli(const char *input, int argc, const char **args)
{
	FILE *in = tmpfile(), *out = tmpfile(), *err = tmpfile();
	assert_non_null(in);
	assert_non_null(out);
	assert_non_null(err);
	fputs(input ? input : "", in);
	rewind(in);
	char **argv = xcalloc((size_t)argc + 2, sizeof *argv);
	argv[0] = (char *)"lint";
	for (int i = 0; i < argc; i++)
		argv[i + 1] = (char *)args[i];
	run_output r;
	r.status = lint_run(argc + 1, argv, in, out, err, cli_fetch);
	r.out = slurp(out);
	r.err = slurp(err);
	fclose(in);
	fclose(out);
	fclose(err);
	free(argv);
	return r;
}

static void run_output_free(run_output *r)
{
	free(r->out);
	free(r->err);
}

/* ---------------------------------------------------------------- fixtures */

typedef struct seeded {
	const char *file; /* error_* or warning_*: the severity of its one finding */
	const char *path; /* of the finding: "$.<map>.<id>...", the id quoted in the message */
	const char *name; /* must appear in parentheses; NULL when the entry has none */
} seeded;

static const seeded SEEDED[] = {
    {"error_name_type", "$.items.cola.name", NULL},
    {"error_name_missing", "$.sections.drinks.name", NULL},
    {"error_base_price_type", "$.items.margherita.basePrice", "Margherita"},
    {"error_minimum_type", "$.modifierGroups.toppings.minimumAllowed", "Toppings"},
    {"error_maximum_missing", "$.modifierGroups.size.maximumAllowed", "Choose Size"},
    {"error_not_object", "$.items.cola", NULL},
    {"error_id_mismatch", "$.items.cola.itemId", "Cola"},
    {"error_dangling_catalog_section", "$.catalogs.lunch.sectionIds[2]", "Lunch Menu"},
    {"error_dangling_section_item", "$.sections.drinks.itemIds[1]", "Drinks"},
    {"error_dangling_child_section", "$.sections.food.sectionIds[1]", "Food"},
    {"error_dangling_item_group", "$.items.cola.modifierGroupIds[0]", "Cola"},
    {"error_dangling_option", "$.modifierGroups.toppings.itemIds[2]", "Toppings"},
    {"error_default_not_option", "$.modifierGroups.size.defaultItems[0].itemId", "Choose Size"},
    {"error_section_cycle", "$.sections.pizzas.sectionIds[0]", "Pizzas"},
    {"error_modifier_cycle", "$.items.olives.modifierGroupIds[0]", "Olives"},
    {"error_minimum_above_maximum", "$.modifierGroups.size.minimumAllowed", "Choose Size"},
    {"error_minimum_negative", "$.modifierGroups.toppings.minimumAllowed", "Toppings"},
    {"error_minimum_unreachable", "$.modifierGroups.size.minimumAllowed", "Choose Size"},
    {"error_required_group_empty", "$.modifierGroups.sauce.minimumAllowed", "Choose Sauce"},
    {"error_defaults_over_maximum", "$.modifierGroups.toppings.defaultItems", "Toppings"},
    {"error_default_repeated", "$.modifierGroups.size.defaultItems[1].itemId", "Choose Size"},
    {"error_tier_offset_negative", "$.modifierGroups.toppings.tiers[1].offset", "Toppings"},
    {"error_tier_offset_repeated", "$.modifierGroups.toppings.tiers[2].offset", "Toppings"},
    {"error_tier_price_negative", "$.modifierGroups.toppings.tiers[1].price", "Toppings"},
    {"error_price_negative", "$.items.cola.basePrice", "Cola"},
    {"error_price_decimals", "$.items.large.basePrice", "Large"},
    {"error_availability_day", "$.catalogs.lunch.availability[0].dayOfWeek", "Lunch Menu"},
    {"error_availability_time", "$.catalogs.lunch.availability[0].start", "Lunch Menu"},
    {"error_availability_order", "$.catalogs.lunch.availability[0]", "Lunch Menu"},
    {"warning_unreachable_item", "$.items.garlic", "Garlic Bread"},
    {"warning_unreachable_section", "$.sections.specials", "Specials"},
    {"warning_never_open", "$.catalogs.lunch.availability", "Lunch Menu"},
    {"warning_no_availability", "$.catalogs.lunch.availability", "Lunch Menu"},
    {"warning_starting_at", "$.items.margherita.startingAt", "Margherita"},
    {"warning_no_starting_at", "$.items.margherita.startingAt", "Margherita"},
    {"warning_compare_at", "$.items.margherita.compareAt", "Margherita"},
    {"warning_empty_section", "$.sections.desserts", "Desserts"},
    {"warning_name_control", "$.items.cola.name", "Co\\x1bla"},
    {"warning_name_blank", "$.items.cola.name", NULL},
    {"warning_name_padded", "$.modifierGroups.toppings.name", "Toppings "},
    {"warning_base_price_missing", "$.items.cola.basePrice", "Cola"},
    {"warning_description_control", "$.items.margherita.description", "Margherita"},
    {"warning_name_bidi", "$.items.cola.name", "Co\\u202ela"},
    {"warning_description_bidi", "$.items.margherita.description", "Margherita"},
    {"warning_maximum_zero", "$.modifierGroups.toppings.maximumAllowed", "Toppings"},
};

static void test_valid_fixture_is_clean(void **state)
{
	(void)state;
	lint_result *r = lint_fixture("valid");
	if (r->n)
		dump("valid", r);
	assert_int_equal(r->n, 0);
	assert_int_equal(r->n_errors, 0);
	assert_int_equal(r->n_warnings, 0);
	lint_result_free(r);
}

/* The id in a finding's path "$.<map>.<id>..." (the entry the finding is about). */
static void seeded_id(const char *path, char *id, size_t n)
{
	const char *start = strchr(path + 2, '.');
	assert_non_null(start);
	start++;
	size_t len = strcspn(start, ".[");
	assert_true(len > 0 && len < n);
	memcpy(id, start, len);
	id[len] = '\0';
}

static void check_seeded(const seeded *s)
{
	bool error = strncmp(s->file, "error_", 6) == 0;
	if (!error && strncmp(s->file, "warning_", 8) != 0)
		fail_msg("%s: a fixture's name begins with error_ or warning_", s->file);
	lint_severity severity = error ? LINT_ERROR : LINT_WARNING;
	char id[64];
	seeded_id(s->path, id, sizeof id);
	lint_result *r = lint_fixture(s->file);
	if (r->n != 1)
		dump(s->file, r);
	/* Exactly the seeded defect: nothing else, in particular no other error. */
	assert_int_equal(r->n, 1);
	assert_int_equal(r->n_errors, error ? 1 : 0);
	assert_int_equal(r->n_warnings, error ? 0 : 1);
	const lint_finding *f = &r->v[0];
	assert_int_equal(f->severity, severity);
	assert_string_equal(f->json_path, s->path);
	char quoted[128];
	snprintf(quoted, sizeof quoted, "\"%s\"", id);
	if (!strstr(f->message, quoted))
		fail_msg("%s: message lacks the id %s: %s", s->file, quoted, f->message);
	if (s->name) {
		char named[128];
		snprintf(named, sizeof named, "\"%s\" (%s)", id, s->name);
		if (!strstr(f->message, named))
			fail_msg("%s: message lacks %s: %s", s->file, named, f->message);
	} else if (strstr(f->message, "\" (")) {
		fail_msg("%s: message shows a name the entry lacks: %s", s->file, f->message);
	}
	lint_result_free(r);
}

static void test_each_seeded_fixture_reports_exactly_its_defect(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof SEEDED / sizeof *SEEDED; i++)
		check_seeded(&SEEDED[i]);
}

/* Every fixture in the directory is listed above, so none goes untested. */
static void test_every_fixture_file_is_covered(void **state)
{
	(void)state;
	str_list paths = fx_list(LINT_DATA, ".json");
	for (size_t f = 0; f < paths.n; f++) {
		const char *name = strrchr(paths.v[f], '/') + 1;
		size_t n = strlen(name);
		bool listed = strcmp(name, "valid.json") == 0;
		for (size_t i = 0; i < sizeof SEEDED / sizeof *SEEDED && !listed; i++)
			listed = strlen(SEEDED[i].file) == n - 5 &&
				 strncmp(SEEDED[i].file, name, n - 5) == 0;
		if (!listed)
			fail_msg("fixture %s has no expectation", name);
	}
	assert_int_equal(paths.n, sizeof SEEDED / sizeof *SEEDED + 1);
	str_list_clear(&paths);
}

/* The banner's count is the number of errors the full lint reports, on every fixture (each
   error and each warning the linter knows) and on a file with several errors at once. */
static void test_count_errors_is_the_lint_count(void **state)
{
	(void)state;
	for (size_t i = 0; i <= sizeof SEEDED / sizeof *SEEDED; i++) {
		const char *name = i < sizeof SEEDED / sizeof *SEEDED ? SEEDED[i].file : "valid";
		char path[512];
		snprintf(path, sizeof path, "%s/%s.json", LINT_DATA, name);
		json_t *root = json_load_file(path, 0, NULL);
		assert_non_null(root);
		lint_result *r = lint_catalog_json(root);
		if (lint_count_errors(root) != r->n_errors)
			fail_msg("%s: %zu errors counted, %zu reported", name,
				 lint_count_errors(root), r->n_errors);
		lint_result_free(r);
		json_decref(root);
	}
	json_t *many =
	    json_loads("{\"catalogs\": [], \"sections\": 1, \"items\": {\"a\": 2}}", 0, NULL);
	lint_result *r = lint_catalog_json(many);
	assert_true(r->n_errors >= 3);
	assert_int_equal(lint_count_errors(many), r->n_errors);
	lint_result_free(r);
	json_decref(many);
	assert_int_equal(lint_count_errors(NULL), 1);
}

/* ---------------------------------------------------------------- messages */

static void test_type_error_message_names_field_and_types(void **state)
{
	(void)state;
	lint_result *r = lint_fixture("error_base_price_type");
	assert_string_equal(
	    r->v[0].message,
	    "item \"margherita\" (Margherita): basePrice must be a number, got string");
	lint_result_free(r);
}

/* The label is taken from the path once the path is built, whatever order a compiler
 * evaluates arguments in (it was read before being written: valgrind saw it). */
static void test_missing_and_negative_messages_name_the_field(void **state)
{
	(void)state;
	lint_result *r = lint_fixture("error_maximum_missing");
	assert_string_equal(r->v[0].message,
			    "modifier group \"size\" (Choose Size): maximumAllowed is required");
	lint_result_free(r);
	r = lint_fixture("error_minimum_negative");
	assert_string_equal(
	    r->v[0].message,
	    "modifier group \"toppings\" (Toppings): minimumAllowed must not be negative, got -1");
	lint_result_free(r);
	r = lint_fixture("error_tier_offset_negative");
	assert_string_equal(
	    r->v[0].message,
	    "modifier group \"toppings\" (Toppings): tiers[1].offset must not be negative, got -2");
	lint_result_free(r);
	r = lint_fixture("error_name_missing");
	assert_string_equal(r->v[0].message, "section \"drinks\": name is required");
	lint_result_free(r);
}

static void test_cycle_message_spells_the_cycle(void **state)
{
	(void)state;
	lint_result *r = lint_fixture("error_section_cycle");
	assert_non_null(strstr(r->v[0].message, "food -> pizzas -> food"));
	lint_result_free(r);
	r = lint_fixture("error_modifier_cycle");
	assert_non_null(strstr(r->v[0].message, "toppings -> olives -> toppings"));
	lint_result_free(r);
}

static void test_starting_at_message_gives_both_amounts(void **state)
{
	(void)state;
	lint_result *r = lint_fixture("warning_starting_at");
	assert_non_null(strstr(r->v[0].message, "12.00"));
	assert_non_null(strstr(r->v[0].message, "15.00"));
	lint_result_free(r);
	/* Without startingAt a menu shows basePrice 12.00, but the cheapest pizza is 15.00. */
	r = lint_fixture("warning_no_starting_at");
	assert_non_null(strstr(r->v[0].message, "no startingAt: a menu shows 12.00"));
	assert_non_null(strstr(r->v[0].message, "costs 15.00"));
	lint_result_free(r);
}

/* ---------------------------------------------------------------- inline documents */

/* Items sharing a group list share the cost above basePrice, but each keeps its own. */
static void test_starting_at_per_item_with_shared_groups(void **state)
{
	(void)state;
	const char *fmt =
	    "{\"catalogs\": {\"c\": {\"sectionIds\": [\"s\"], \"availability\": [{\"dayOfWeek\":"
	    " \"Monday\", \"start\": \"00:00:00\", \"end\": \"00:00:00\"}]}},"
	    " \"sections\": {\"s\": {\"name\": \"S\", \"itemIds\": [\"a\", \"b\", \"c\"]}},"
	    " \"items\": {\"a\": {\"name\": \"A\", \"basePrice\": 10, \"startingAt\": 13,"
	    "                     \"modifierGroupIds\": [\"size\"]},"
	    "            \"b\": {\"name\": \"B\", \"basePrice\": 20, \"startingAt\": 23,"
	    "                     \"modifierGroupIds\": [\"size\"]},"
	    "            \"c\": {\"name\": \"C\", \"basePrice\": 5, \"startingAt\": 9,"
	    "                     \"modifierGroupIds\": [\"size\"]},"
	    "            \"small\": {\"name\": \"Small\", \"basePrice\": 3, \"modifierGroupIds\": "
	    "%s},"
	    "            \"large\": {\"name\": \"Large\", \"basePrice\": 4}},"
	    " \"modifierGroups\": {\"size\": {\"name\": \"Size\", \"itemIds\": [\"small\", "
	    "\"large\"],"
	    "                     \"minimumAllowed\": 1, \"maximumAllowed\": 1}}}";
	char doc[2048];
	snprintf(doc, sizeof doc, fmt, "[]");
	lint_result *r = lint_text(doc);
	if (r->n != 1)
		dump("shared groups", r);
	assert_int_equal(r->n, 1);
	assert_string_equal(r->v[0].json_path, "$.items.c.startingAt");
	assert_non_null(strstr(r->v[0].message, "startingAt 9.00 differs"));
	assert_non_null(strstr(r->v[0].message, "configuration 8.00"));
	lint_result_free(r);

	/* Small -> Size -> Small: Small alone now costs 3 + 4, so Large (4) is cheapest. */
	snprintf(doc, sizeof doc, fmt, "[\"size\"]");
	r = lint_text(doc);
	if (r->n != 3)
		dump("shared groups, cyclic", r);
	assert_int_equal(r->n_errors, 1);
	assert_int_equal(r->n_warnings, 2);
	const lint_finding *fa = find_path(r, "$.items.a.startingAt");
	const lint_finding *fb = find_path(r, "$.items.b.startingAt");
	assert_non_null(fa);
	assert_non_null(fb);
	assert_non_null(strstr(fa->message, "configuration 14.00"));
	assert_non_null(strstr(fb->message, "configuration 24.00"));
	assert_null(find_path(r, "$.items.c.startingAt"));
	lint_result_free(r);
}

static void test_non_object_root_is_one_error(void **state)
{
	(void)state;
	lint_result *r = lint_text("[1, 2]");
	assert_int_equal(r->n, 1);
	assert_int_equal(r->n_errors, 1);
	assert_string_equal(r->v[0].json_path, "$");
	lint_result_free(r);
}

static void test_missing_maps_are_errors(void **state)
{
	(void)state;
	lint_result *r = lint_text("{\"catalogs\": {}, \"sections\": {}, \"items\": {}}");
	assert_int_equal(r->n, 1);
	assert_string_equal(r->v[0].json_path, "$.modifierGroups");
	assert_int_equal(r->v[0].severity, LINT_ERROR);
	lint_result_free(r);
}

/* Unlike the model parser, which stops at the first problem. */
static void test_every_problem_is_reported(void **state)
{
	(void)state;
	lint_result *r =
	    lint_text("{\"catalogs\": {}, \"sections\": {},"
		      " \"items\": {\"a\": {\"name\": 1, \"basePrice\": \"x\", \"compareAt\": -1},"
		      "            \"b\": {\"basePrice\": 1.001}},"
		      " \"modifierGroups\": {\"g\": {\"name\": \"G\", \"itemIds\": [\"a\", 7],"
		      "                    \"minimumAllowed\": true, \"maximumAllowed\": 1}}}");
	const char *errors[] = {
	    "$.items.a.name",
	    "$.items.a.basePrice",
	    "$.items.a.compareAt",
	    "$.items.b.name",
	    "$.items.b.basePrice",
	    "$.modifierGroups.g.itemIds[1]",
	    "$.modifierGroups.g.minimumAllowed",
	};
	size_t n = sizeof errors / sizeof *errors;
	if (r->n_errors != n)
		dump("inline", r);
	assert_int_equal(r->n_errors, n);
	for (size_t i = 0; i < n; i++) {
		const lint_finding *f = find_path(r, errors[i]);
		if (!f || f->severity != LINT_ERROR)
			fail_msg("no error at %s", errors[i]);
	}
	/* Both items are unreachable: no catalog names them. */
	assert_int_equal(r->n_warnings, 2);
	lint_result_free(r);
}

/* Root fields, then catalogs, sections, items, groups; each map in wire order. */
static void test_findings_follow_document_order(void **state)
{
	(void)state;
	lint_result *r = lint_text(
	    "{\"catalogSetId\": 5, \"modifierGroups\": {},"
	    " \"items\": {\"z\": {\"name\": \"Z\", \"basePrice\": -1},"
	    "            \"a\": {\"name\": \"A\", \"basePrice\": -2}},"
	    " \"sections\": {\"s\": {\"name\": \"S\", \"itemIds\": [\"z\", \"a\", \"q\"]}},"
	    " \"catalogs\": {\"c\": {\"sectionIds\": [\"s\"], \"availability\": []}}}");
	const char *order[] = {"$.catalogSetId", "$.catalogs.c.availability",
			       "$.sections.s.itemIds[2]", "$.items.z.basePrice",
			       "$.items.a.basePrice"};
	assert_int_equal(r->n, sizeof order / sizeof *order);
	for (size_t i = 0; i < r->n; i++)
		assert_string_equal(r->v[i].json_path, order[i]);
	lint_result_free(r);
}

static void test_array_indexes_sort_numerically(void **state)
{
	(void)state;
	char doc[4096] = "{\"catalogs\": {\"c\": {\"sectionIds\": [";
	for (int i = 0; i < 12; i++)
		snprintf(doc + strlen(doc), sizeof doc - strlen(doc), "%s\"missing%d\"",
			 i ? ", " : "", i);
	strcat(doc, "], \"availability\": [{\"dayOfWeek\": \"Monday\", \"start\": \"00:00:00\","
		    " \"end\": \"00:00:00\"}]}}, \"sections\": {}, \"items\": {},"
		    " \"modifierGroups\": {}}");
	lint_result *r = lint_text(doc);
	assert_int_equal(r->n, 12);
	for (int i = 0; i < 12; i++) {
		char path[64];
		snprintf(path, sizeof path, "$.catalogs.c.sectionIds[%d]", i);
		assert_string_equal(r->v[i].json_path, path);
	}
	lint_result_free(r);
}

static void test_quantity_and_duplicates_rules_for_defaults(void **state)
{
	(void)state;
	lint_result *r = lint_text(
	    "{\"catalogs\": {}, \"sections\": {}, \"modifierGroups\": {\"g\": {\"name\": \"G\","
	    " \"itemIds\": [\"o\"], \"minimumAllowed\": 0, \"maximumAllowed\": 5,"
	    " \"defaultItems\": [{\"itemId\": \"o\", \"quantity\": 2},"
	    "                    {\"itemId\": \"o\", \"quantity\": 0}]}},"
	    " \"items\": {\"o\": {\"name\": \"O\"}}}");
	const lint_finding *twice = find_path(r, "$.modifierGroups.g.defaultItems[0].quantity");
	const lint_finding *zero = find_path(r, "$.modifierGroups.g.defaultItems[1].quantity");
	assert_non_null(twice);
	assert_non_null(zero);
	assert_int_equal(r->n_errors, 2);
	lint_result_free(r);
}

/* A minimum that duplicates make reachable with one option is fine; none at all is not. */
static void test_minimum_with_duplicates(void **state)
{
	(void)state;
	const char *fmt =
	    "{\"catalogs\": {}, \"sections\": {}, \"items\": {\"o\": {\"name\": \"O\"}},"
	    " \"modifierGroups\": {\"g\": {\"name\": \"G\", \"itemIds\": %s,"
	    " \"minimumAllowed\": 12, \"maximumAllowed\": 12,"
	    " \"enableDuplicateItems\": true}}}";
	char doc[512];
	snprintf(doc, sizeof doc, fmt, "[\"o\"]");
	lint_result *r = lint_text(doc);
	assert_int_equal(r->n_errors, 0);
	lint_result_free(r);
	snprintf(doc, sizeof doc, fmt, "[]");
	r = lint_text(doc);
	assert_int_equal(r->n_errors, 1);
	assert_non_null(find_path(r, "$.modifierGroups.g.minimumAllowed"));
	lint_result_free(r);
}

/* A group with no options says so; one that allows none of its options warns, unless it is
   also required: minimum above maximum is then the one finding (an error). */
static void test_empty_and_maximum_zero_groups(void **state)
{
	(void)state;
	lint_result *r = lint_fixture("error_required_group_empty");
	assert_string_equal(r->v[0].message,
			    "modifier group \"sauce\" (Choose Sauce): "
			    "minimumAllowed (1) cannot be reached: the group has no "
			    "options");
	lint_result_free(r);
	r = lint_fixture("warning_maximum_zero");
	assert_string_equal(r->v[0].message,
			    "modifier group \"toppings\" (Toppings): "
			    "maximumAllowed is 0: its 2 options can never be chosen");
	lint_result_free(r);
	r = lint_text("{\"catalogs\": {}, \"sections\": {}, \"items\": {\"o\": {\"name\": \"O\"}},"
		      " \"modifierGroups\": {\"g\": {\"name\": \"G\", \"itemIds\": [\"o\"],"
		      " \"minimumAllowed\": 1, \"maximumAllowed\": 0}}}");
	assert_int_equal(r->n_errors, 1);
	assert_null(find_path(r, "$.modifierGroups.g.maximumAllowed"));
	const lint_finding *f = find_path(r, "$.modifierGroups.g.minimumAllowed");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "greater than maximumAllowed"));
	lint_result_free(r);
}

static void test_end_of_day_window_and_bad_times(void **state)
{
	(void)state;
	lint_result *r = lint_text(
	    "{\"catalogs\": {\"c\": {\"sectionIds\": [], \"availability\": ["
	    " {\"dayOfWeek\": \"Sunday\", \"start\": \"18:00:00\", \"end\": \"00:00:00\"},"
	    " {\"dayOfWeek\": \"monday\", \"start\": \"24:00:00\", \"end\": \"10:00:60\"},"
	    " {\"dayOfWeek\": \"Tuesday\", \"start\": \"10:00:00\", \"end\": \"10:00:00\"},"
	    " {\"start\": 9}]}}, \"sections\": {}, \"items\": {}, \"modifierGroups\": {}}");
	const char *errors[] = {
	    "$.catalogs.c.availability[1].dayOfWeek", "$.catalogs.c.availability[1].end",
	    "$.catalogs.c.availability[1].start",     "$.catalogs.c.availability[2]",
	    "$.catalogs.c.availability[3].dayOfWeek", "$.catalogs.c.availability[3].end",
	    "$.catalogs.c.availability[3].start",
	};
	size_t n = sizeof errors / sizeof *errors;
	if (r->n != n)
		dump("windows", r);
	assert_int_equal(r->n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(r->v[i].json_path, errors[i]);
	lint_result_free(r);
}

/* Control characters in ids and names never reach the output raw. */
static void test_control_characters_are_escaped(void **state)
{
	(void)state;
	lint_result *r = lint_text(
	    "{\"catalogs\": {}, \"sections\": {}, \"modifierGroups\": {},"
	    " \"items\": {\"a\\u001b[2Jb\": {\"name\": \"X\\u0007\\u009b\", \"basePrice\": -1}}}");
	for (size_t i = 0; i < r->n; i++) {
		for (const char *c = r->v[i].message; *c; c++)
			assert_true((unsigned char)*c >= 0x20 && *c != 0x7f);
		assert_null(strstr(r->v[i].message, "\xc2\x9b"));
	}
	assert_non_null(strstr(r->v[0].message, "a\\x1b[2Jb"));
	assert_non_null(strstr(r->v[0].message, "X\\x07\\u009b"));
	/* The path keeps the real key; text output escapes it. */
	assert_non_null(strchr(r->v[0].json_path, 0x1b));
	FILE *out = tmpfile();
	lint_print_text(out, "f", r);
	char *text = slurp(out);
	fclose(out);
	assert_null(strchr(text, 0x1b));
	assert_null(strchr(text, 0x07));
	free(text);
	lint_result_free(r);
}

/* A deep chain must not overflow the stack, and a long cycle's text stays short. */
static void test_deep_and_long_cycles(void **state)
{
	(void)state;
	enum { N = 50000 };
	json_t *sections = json_object();
	for (int i = 0; i < N; i++) {
		char id[32], next[32];
		snprintf(id, sizeof id, "s%d", i);
		snprintf(next, sizeof next, "s%d", (i + 1) % N);
		json_object_set_new(
		    sections, id,
		    json_pack("{s:s, s:[s], s:[]}", "name", id, "sectionIds", next, "itemIds"));
	}
	json_t *root = json_pack("{s:{s:{s:[s], s:[{s:s, s:s, s:s}]}}, s:o, s:{}, s:{}}",
				 "catalogs", "c", "sectionIds", "s0", "availability", "dayOfWeek",
				 "Monday", "start", "08:00:00", "end", "09:00:00", "sections",
				 sections, "items", "modifierGroups");
	assert_non_null(root);
	lint_result *r = lint_catalog_json(root);
	json_decref(root);
	assert_int_equal(r->n, 1);
	char path[64];
	snprintf(path, sizeof path, "$.sections.s%d.sectionIds[0]", N - 1);
	assert_string_equal(r->v[0].json_path, path);
	assert_non_null(strstr(r->v[0].message, "s0 -> s1"));
	assert_non_null(strstr(r->v[0].message, "..."));
	assert_true(strlen(r->v[0].message) < 300);
	lint_result_free(r);
}

/* ---------------------------------------------------------------- output */

static void test_text_output_line_format(void **state)
{
	(void)state;
	lint_result *r = lint_fixture("error_price_negative");
	FILE *out = tmpfile();
	lint_print_text(out, "menu.json", r);
	char *text = slurp(out);
	fclose(out);
	char expected[512];
	snprintf(expected, sizeof expected, "menu.json: error: $.items.cola.basePrice: %s\n",
		 r->v[0].message);
	assert_string_equal(text, expected);
	free(text);
	lint_result_free(r);
}

static void test_json_output_matches_findings(void **state)
{
	(void)state;
	lint_result *r = lint_fixture("warning_compare_at");
	json_t *arr = lint_to_json("m.json", r);
	assert_int_equal(json_array_size(arr), r->n);
	json_t *o = json_array_get(arr, 0);
	assert_string_equal(json_string_value(json_object_get(o, "file")), "m.json");
	assert_string_equal(json_string_value(json_object_get(o, "severity")), "warning");
	assert_string_equal(json_string_value(json_object_get(o, "path")), r->v[0].json_path);
	assert_string_equal(json_string_value(json_object_get(o, "message")), r->v[0].message);
	json_decref(arr);
	lint_result_free(r);
}

/* One catalog set around `items` and `groups` (JSON object bodies); section "s" lists `sold`. */
static lint_result *lint_menu(const char *sold, const char *items, const char *groups)
{
	char text[4096];
	snprintf(text, sizeof text,
		 "{\"catalogs\": {\"c\": {\"name\": \"C\", \"sectionIds\": [\"s\"],"
		 " \"availability\": [{\"dayOfWeek\": \"Monday\", \"start\": \"09:00:00\","
		 " \"end\": \"17:00:00\"}]}},"
		 " \"sections\": {\"s\": {\"name\": \"S\", \"itemIds\": [%s]}},"
		 " \"items\": {%s}, \"modifierGroups\": {%s}}",
		 sold, items, groups);
	return lint_text(text);
}

static size_t count_message(const lint_result *r, const char *part)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += strstr(r->v[i].message, part) != NULL;
	return n;
}

/* Only an item sold on its own, with no price and no required choice, sells for nothing. */
static void test_base_price_missing_only_where_it_sells_free(void **state)
{
	(void)state;
	lint_result *r = lint_menu(
	    "\"free\", \"null\", \"zero\", \"sized\"",
	    "\"free\": {\"name\": \"Free\"}, \"null\": {\"name\": \"Null\", \"basePrice\": null},"
	    " \"zero\": {\"name\": \"Zero\", \"basePrice\": 0},"
	    " \"sized\": {\"name\": \"Sized\", \"modifierGroupIds\": [\"size\", \"extra\"]},"
	    " \"small\": {\"name\": \"Small\", \"basePrice\": 3},"
	    " \"ice\": {\"name\": \"No ice\"}",
	    "\"size\": {\"name\": \"Size\", \"itemIds\": [\"small\"], \"minimumAllowed\": 1,"
	    " \"maximumAllowed\": 1},"
	    " \"extra\": {\"name\": \"Extra\", \"itemIds\": [\"ice\"], \"minimumAllowed\": 0,"
	    " \"maximumAllowed\": 1}");
	if (r->n != 3)
		dump("base price", r);
	/* "sized" is priced by its size, and lacks the startingAt that says so. */
	assert_int_equal(r->n, 3);
	assert_int_equal(count_message(r, "no basePrice"), 2);
	assert_string_equal(find_path(r, "$.items.sized.startingAt")->message,
			    "item \"sized\" (Sized): no startingAt: a menu shows 0.00, but the "
			    "cheapest valid configuration costs 3.00");
	assert_non_null(find_path(r, "$.items.free.basePrice"));
	assert_non_null(find_path(r, "$.items.null.basePrice"));
	assert_string_equal(find_path(r, "$.items.free.basePrice")->message,
			    "item \"free\" (Free): no basePrice: the item sells for 0.00");
	lint_result_free(r);
}

/* Blanks at either end of any name are reported, Unicode blanks included; inner ones are not. */
static void test_padded_names_of_every_kind(void **state)
{
	(void)state;
	char text[2048];
	snprintf(
	    text, sizeof text,
	    "{\"catalogs\": {\"c\": {\"name\": \" Lunch\", \"sectionIds\": [\"s\"],"
	    " \"availability\": [{\"dayOfWeek\": \"Monday\", \"start\": \"09:00:00\","
	    " \"end\": \"17:00:00\"}]}},"
	    " \"sections\": {\"s\": {\"name\": \"Drinks\u00a0\", \"itemIds\": [\"x\", \"y\"]}},"
	    " \"items\": {\"x\": {\"name\": \"\u3000\u7d05\u8336\", \"basePrice\": 1},"
	    " \"y\": {\"name\": \"Iced  tea\", \"basePrice\": 1,"
	    " \"modifierGroupIds\": [\"g\"]}, \"o\": {\"name\": \"Caf\u00e9\", \"basePrice\": 1}},"
	    " \"modifierGroups\": {\"g\": {\"name\": \"Quantity \", \"itemIds\": [\"o\"],"
	    " \"minimumAllowed\": 0, \"maximumAllowed\": 1}}}");
	lint_result *r = lint_text(text);
	if (r->n != 4)
		dump("padded", r);
	assert_int_equal(r->n, 4);
	assert_int_equal(r->n_warnings, 4);
	assert_non_null(find_path(r, "$.catalogs.c.name"));
	assert_non_null(find_path(r, "$.sections.s.name"));
	assert_non_null(find_path(r, "$.items.x.name"));
	assert_string_equal(find_path(r, "$.modifierGroups.g.name")->message,
			    "modifier group \"g\" (Quantity ): name \"Quantity \" starts or ends "
			    "with a blank");
	lint_result_free(r);
}

/* "\n" and "\r\n" are line breaks in a description; every other control is reported once. */
static const char DESCRIBED_ITEMS[] =
    "\"a\": {\"name\": \"A\", \"basePrice\": 1, \"description\": \"one\\ntwo\\r\\nthree\\n\"},"
    " \"b\": {\"name\": \"B\", \"basePrice\": 1, \"description\": \"tab\\there\"},"
    " \"c\": {\"name\": \"C\", \"basePrice\": 1, \"description\": \"lone\\rreturn\"},"
    " \"d\": {\"name\": \"D\", \"basePrice\": 1, \"description\": \"next\\u0085line\"},"
    " \"e\": {\"name\": \"E\", \"basePrice\": 1, \"description\": \"\\u001b[31mred\\u0007\"}";

static void test_description_line_breaks_are_text(void **state)
{
	(void)state;
	lint_result *r = lint_menu("\"a\", \"b\", \"c\", \"d\", \"e\"", DESCRIBED_ITEMS, "");
	if (r->n != 4)
		dump("descriptions", r);
	assert_int_equal(r->n, 4);
	assert_null(find_path(r, "$.items.a.description"));
	assert_non_null(strstr(find_path(r, "$.items.b.description")->message, "character \\x09 "));
	assert_non_null(strstr(find_path(r, "$.items.c.description")->message, "character \\x0d "));
	assert_non_null(
	    strstr(find_path(r, "$.items.d.description")->message, "character \\u0085 "));
	assert_non_null(strstr(find_path(r, "$.items.e.description")->message, "character \\x1b "));
	assert_int_equal(count_message(r, "line breaks"), 4);
	lint_result_free(r);
}

/* The bidirectional controls that reorder a row (U+202A..U+202E, U+2066..U+2069) are warned of
   once a name or description, and every message shows them escaped, as the UI does; the marks
   of right-to-left menus (LRM, RLM, ALM) and Hebrew letters are text. */
static void test_bidi_controls_are_warned_and_escaped(void **state)
{
	(void)state;
	lint_result *r =
	    lint_menu("\"rlo\", \"iso\", \"he\"",
		      "\"rlo\": {\"name\": \"Cola \u202e5.99\u202c \u202a\", \"basePrice\": 1},"
		      " \"iso\": {\"name\": \"Tea\", \"basePrice\": 1,"
		      " \"description\": \"hot \u2067\u05ea\u05d4\u2069 \u2066\"},"
		      " \"he\": {\"name\": \"\u05ea\u05d4 \u200f(\u05d7\u05dd)\u200e\","
		      " \"basePrice\": 1, \"description\": \"\u0634\u0627\u064a \u061c1\"}",
		      "");
	if (r->n != 2)
		dump("bidi", r);
	assert_int_equal(r->n, 2);
	assert_int_equal(r->n_warnings, 2);
	assert_string_equal(find_path(r, "$.items.rlo.name")->message,
			    "item \"rlo\" (Cola \\u202e5.99\\u202c \\u202a): name contains the "
			    "bidirectional control character \\u202e (it can reorder what a "
			    "terminal shows)");
	assert_string_equal(find_path(r, "$.items.iso.description")->message,
			    "item \"iso\" (Tea): description contains the bidirectional control "
			    "character \\u2067 (it can reorder what a terminal shows)");
	assert_null(find_path(r, "$.items.he.name"));
	assert_null(find_path(r, "$.items.he.description"));
	/* Not one raw in any message, nor in the text output. */
	FILE *out = tmpfile();
	lint_print_text(out, "f", r);
	char *text = slurp(out);
	fclose(out);
	assert_null(strstr(text, "\u202e"));
	assert_null(strstr(text, "\u202c"));
	assert_non_null(strstr(text, "(Cola \\u202e5.99\\u202c \\u202a)"));
	free(text);
	lint_result_free(r);
	/* Every one of the nine, in an id (an error's subject) as in a name. */
	static const unsigned long nine[] = {0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
					     0x2066, 0x2067, 0x2068, 0x2069};
	for (size_t i = 0; i < sizeof nine / sizeof *nine; i++) {
		char json_text[512], want[32];
		snprintf(
		    json_text, sizeof json_text,
		    "{\"catalogs\": {}, \"sections\": {}, \"modifierGroups\": {},"
		    " \"items\": {\"a\\u%04lxb\": {\"name\": \"x\\u%04lxy\", \"basePrice\": -1}}}",
		    nine[i], nine[i]);
		r = lint_text(json_text);
		assert_true(r->n > 0);
		for (size_t k = 0; k < r->n; k++)
			for (const char *c = r->v[k].message; *c; c++)
				assert_int_equal(str_bidi_control_at(c), 0);
		snprintf(want, sizeof want, "\"a\\u%04lxb\" (x\\u%04lxy)", nine[i], nine[i]);
		if (!strstr(r->v[0].message, want))
			fail_msg("U+%04lX: %s", nine[i], r->v[0].message);
		lint_result_free(r);
	}
}

/* ---------------------------------------------------------------- command line */

static char *fixture_path(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s.json", LINT_DATA, name);
	return xstrdup(path);
}

static void test_cli_clean_file_says_ok_unless_quiet(void **state)
{
	(void)state;
	char *valid = fixture_path("valid");
	char expected[600];
	snprintf(expected, sizeof expected, "%s: ok, 6 items, 2 groups\n", valid);
	run_output o = run_cli(NULL, 1, (const char *[]){valid});
	assert_int_equal(o.status, 0);
	assert_string_equal(o.out, expected);
	assert_string_equal(o.err, "");
	run_output_free(&o);
	o = run_cli(NULL, 2, (const char *[]){"--quiet", valid});
	assert_int_equal(o.status, 0);
	assert_string_equal(o.out, "");
	run_output_free(&o);
	o = run_cli(NULL, 2, (const char *[]){"-q", valid});
	assert_string_equal(o.out, "");
	run_output_free(&o);
	/* --quiet hides only the ok line: findings are still printed. */
	char *warn = fixture_path("warning_empty_section");
	o = run_cli(NULL, 2, (const char *[]){"-q", warn});
	assert_non_null(strstr(o.out, ": warning: $.sections.desserts: "));
	run_output_free(&o);
	o = run_cli("{\"catalogs\": {}, \"sections\": {}, \"items\": {\"x\": {\"name\": \"X\"}},"
		    " \"modifierGroups\": {\"g\": {\"name\": \"G\", \"itemIds\": [\"x\"],"
		    " \"minimumAllowed\": 0, \"maximumAllowed\": 1}}}",
		    1, (const char *[]){"-"});
	/* x is an option only (free on purpose), unreachable: one warning, so no ok line. */
	assert_null(strstr(o.out, ": ok, "));
	run_output_free(&o);
	free(warn);
	free(valid);
}

static const char *fake_body;
static int fake_calls;

/* A fetcher that hands out fake_body, or fails when it is NULL; credentials are redacted
   in the name it gives, as the real one does. */
static char *fake_fetch(const char *url, size_t *len, char **shown, char *why, size_t why_len)
{
	fake_calls++;
	*shown = xstrdup(strstr(url, "secret@") ? "https://[REDACTED]@menus.test/c.json" : url);
	if (!fake_body) {
		snprintf(why, why_len, "the server answered HTTP 404 (not found)");
		return NULL;
	}
	*len = strlen(fake_body);
	return xstrdup(fake_body);
}

static void test_cli_url_is_fetched_and_linted_as_a_file(void **state)
{
	(void)state;
	assert_true(lint_arg_is_url("https://menus.test/c.json"));
	assert_true(lint_arg_is_url("http://127.0.0.1:8080/c.json"));
	assert_true(lint_arg_is_url("ftp://x/c.json")); /* the fetcher refuses it, by name */
	assert_false(lint_arg_is_url("menu.json"));
	assert_false(lint_arg_is_url("./https://x"));
	assert_false(lint_arg_is_url("-"));
	cli_fetch = fake_fetch;
	fake_calls = 0;
	fake_body = "{\"catalogs\": {\"c\": {\"name\": \"C\", \"sectionIds\": [\"s\"],"
		    " \"availability\": [{\"dayOfWeek\": \"Monday\", \"start\": \"09:00:00\","
		    " \"end\": \"17:00:00\"}]}}, \"sections\": {\"s\": {\"name\": \"S\","
		    " \"itemIds\": [\"x\"]}}, \"items\": {\"x\": {\"name\": \"X\","
		    " \"basePrice\": 1}}, \"modifierGroups\": {}}";
	run_output o = run_cli(NULL, 1, (const char *[]){"https://menus.test/c.json"});
	assert_int_equal(o.status, 0);
	assert_string_equal(o.out, "https://menus.test/c.json: ok, 1 item, 0 groups\n");
	run_output_free(&o);
	o = run_cli(NULL, 1, (const char *[]){"https://me:secret@menus.test/c.json"});
	assert_string_equal(o.out, "https://[REDACTED]@menus.test/c.json: ok, 1 item, 0 groups\n");
	run_output_free(&o);
	fake_body = "[1,";
	o = run_cli(NULL, 1, (const char *[]){"https://menus.test/c.json"});
	assert_int_equal(o.status, 2);
	assert_non_null(strstr(o.err, "https://menus.test/c.json: not JSON: line 1 "));
	run_output_free(&o);
	fake_body = "<html><body>Sign in to continue</body></html>"; /* a 200 that is a page */
	o = run_cli(NULL, 1, (const char *[]){"https://menus.test/c.json"});
	assert_int_equal(o.status, 2);
	assert_string_equal(o.err, "https://menus.test/c.json: not JSON: it looks like HTML (it "
				   "starts with '<')\n");
	run_output_free(&o);
	fake_body = NULL;
	o = run_cli(NULL, 1, (const char *[]){"https://menus.test/c.json"});
	assert_int_equal(o.status, 2);
	assert_string_equal(o.err, "https://menus.test/c.json: cannot fetch: the server answered "
				   "HTTP 404 (not found)\n");
	run_output_free(&o);
	assert_int_equal(fake_calls, 5);
	/* Without a fetcher a URL is bad input, never a file name. */
	cli_fetch = NULL;
	o = run_cli(NULL, 1, (const char *[]){"https://menus.test/c.json"});
	assert_int_equal(o.status, 2);
	assert_non_null(strstr(o.err, "cannot read a URL here"));
	run_output_free(&o);
}

static void test_cli_warnings_only_exit_zero(void **state)
{
	(void)state;
	char *warn = fixture_path("warning_empty_section");
	run_output o = run_cli(NULL, 1, (const char *[]){warn});
	assert_int_equal(o.status, 0);
	char prefix[600];
	snprintf(prefix, sizeof prefix, "%s: warning: $.sections.desserts: ", warn);
	assert_memory_equal(o.out, prefix, strlen(prefix));
	run_output_free(&o);
	free(warn);
}

static void test_cli_errors_exit_one(void **state)
{
	(void)state;
	char *bad = fixture_path("error_tier_price_negative");
	run_output o = run_cli(NULL, 1, (const char *[]){bad});
	assert_int_equal(o.status, 1);
	char prefix[600];
	snprintf(prefix, sizeof prefix,
		 "%s: error: $.modifierGroups.toppings.tiers[1].price: ", bad);
	assert_memory_equal(o.out, prefix, strlen(prefix));
	assert_string_equal(o.err, "");
	run_output_free(&o);
	free(bad);
}

/* An unreadable file is exit 2, yet the other files are still linted. */
static void test_cli_unreadable_and_not_json_exit_two(void **state)
{
	(void)state;
	char *bad = fixture_path("error_price_negative");
	char *garbage = fx_write_temp("{\"catalogs\": {\n  \"c\": [1,,2]\n}}");
	const char *missing = "/nonexistent/dir/menu.json";
	run_output o = run_cli(NULL, 3, (const char *[]){missing, garbage, bad});
	assert_int_equal(o.status, 2);
	char expected[600];
	snprintf(expected, sizeof expected, "%s: cannot read: ", missing);
	assert_non_null(strstr(o.err, expected));
	snprintf(expected, sizeof expected, "%s: not JSON: line 2 column ", garbage);
	assert_non_null(strstr(o.err, expected));
	snprintf(expected, sizeof expected, "%s: error: $.items.cola.basePrice: ", bad);
	assert_non_null(strstr(o.out, expected));
	run_output_free(&o);
	unlink(garbage);
	free(garbage);
	free(bad);
}

static void test_cli_directory_cannot_be_read(void **state)
{
	(void)state;
	run_output o = run_cli(NULL, 1, (const char *[]){LINT_DATA});
	assert_int_equal(o.status, 2);
	assert_non_null(strstr(o.err, ": cannot read: "));
	run_output_free(&o);
}

static void test_cli_reads_stdin_for_dash(void **state)
{
	(void)state;
	run_output o = run_cli("{\"catalogs\": {}, \"sections\": {}, \"items\": {},"
			       " \"modifierGroups\": {\"g\": {\"name\": \"G\", \"itemIds\": [],"
			       " \"minimumAllowed\": 2, \"maximumAllowed\": 1}}}",
			       1, (const char *[]){"-"});
	assert_int_equal(o.status, 1);
	const char *expected = "<stdin>: error: $.modifierGroups.g.minimumAllowed: modifier group "
			       "\"g\" (G): minimumAllowed (2) is greater than maximumAllowed (1)\n";
	assert_string_equal(o.out, expected);
	run_output_free(&o);

	o = run_cli("not json", 1, (const char *[]){"-"});
	assert_int_equal(o.status, 2);
	assert_non_null(strstr(o.err, "<stdin>: not JSON: line 1 column "));
	run_output_free(&o);
}

static void test_cli_json_format_parses_and_matches(void **state)
{
	(void)state;
	char *a = fixture_path("error_id_mismatch");
	char *b = fixture_path("warning_name_blank");
	char *valid = fixture_path("valid");
	for (int variant = 0; variant < 2; variant++) {
		run_output o =
		    variant ? run_cli(NULL, 4, (const char *[]){"--format=json", a, valid, b})
			    : run_cli(NULL, 5, (const char *[]){a, "--format", "json", valid, b});
		assert_int_equal(o.status, 1);
		json_error_t jerr;
		json_t *arr = json_loads(o.out, 0, &jerr);
		if (!arr)
			fail_msg("not JSON: %s\n%s", jerr.text, o.out);
		assert_true(json_is_array(arr));
		assert_int_equal(json_array_size(arr), 2);
		const char *expect[2][3] = {{a, "error", "$.items.cola.itemId"},
					    {b, "warning", "$.items.cola.name"}};
		for (size_t i = 0; i < 2; i++) {
			json_t *f = json_array_get(arr, i);
			assert_string_equal(json_string_value(json_object_get(f, "file")),
					    expect[i][0]);
			assert_string_equal(json_string_value(json_object_get(f, "severity")),
					    expect[i][1]);
			assert_string_equal(json_string_value(json_object_get(f, "path")),
					    expect[i][2]);
			assert_non_null(
			    strstr(json_string_value(json_object_get(f, "message")), "\"cola\""));
		}
		json_decref(arr);
		run_output_free(&o);
	}
	free(a);
	free(b);
	free(valid);
}

static void test_cli_usage(void **state)
{
	(void)state;
	run_output o = run_cli(NULL, 1, (const char *[]){"--help"});
	assert_int_equal(o.status, 0);
	assert_non_null(strstr(o.out, "Usage: gett-tui lint"));
	run_output_free(&o);

	o = run_cli(NULL, 0, (const char *[]){NULL});
	assert_int_equal(o.status, 2);
	assert_non_null(strstr(o.err, "no files given"));
	run_output_free(&o);

	o = run_cli(NULL, 2, (const char *[]){"--format", "xml"});
	assert_int_equal(o.status, 2);
	assert_non_null(strstr(o.err, "xml"));
	run_output_free(&o);

	o = run_cli(NULL, 1, (const char *[]){"--format"});
	assert_int_equal(o.status, 2);
	run_output_free(&o);

	o = run_cli(NULL, 2, (const char *[]){"--verbose", "x.json"});
	assert_int_equal(o.status, 2);
	assert_non_null(strstr(o.err, "--verbose"));
	run_output_free(&o);
}

/* ---------------------------------------------------------------- demo data */

static void test_demo_catalogs_have_no_errors(void **state)
{
	(void)state;
	str_list paths = fx_list(DEMO_DATADIR "/catalogs", ".json");
	if (paths.n == 0)
		skip();
	for (size_t i = 0; i < paths.n; i++) {
		json_error_t jerr;
		json_t *root = json_load_file(paths.v[i], 0, &jerr);
		if (!root)
			fail_msg("%s: %s", paths.v[i], jerr.text);
		lint_result *r = lint_catalog_json(root);
		json_decref(root);
		if (r->n_errors)
			dump(paths.v[i], r);
		assert_int_equal(r->n_errors, 0);
		lint_result_free(r);
	}
	str_list_clear(&paths);
}

/* ---------------------------------------------------------------- lint_open_catalog */

static void test_open_catalog_clean(void **state)
{
	(void)state;
	char why[1024] = "";
	size_t errors = 99;
	catalog_set *set = lint_open_catalog(LINT_DATA "/valid.json", &errors, why, sizeof why);
	assert_non_null(set);
	assert_int_equal(errors, 0);
	assert_true(strmap_count(set->items) > 0);
	catalog_set_free(set);
}

/* Lint errors do not stop a catalog the model can read: they are counted for the banner. */
static void test_open_catalog_with_lint_errors(void **state)
{
	(void)state;
	char why[1024] = "";
	size_t errors = 0;
	catalog_set *set =
	    lint_open_catalog(LINT_DATA "/error_dangling_option.json", &errors, why, sizeof why);
	assert_non_null(set);
	assert_int_equal(errors, 1);
	catalog_set_free(set);
}

static void test_open_catalog_not_json(void **state)
{
	(void)state;
	char *path = fx_write_temp("{\"items\": ");
	char why[1024] = "", want[1100];
	size_t errors = 7;
	assert_null(lint_open_catalog(path, &errors, why, sizeof why));
	assert_int_equal(errors, 0);
	snprintf(want, sizeof want, "%s: not JSON: line 1 column ", path);
	assert_true(strncmp(why, want, strlen(want)) == 0);
	unlink(path);
	free(path);
}

/* An empty file and an HTML page (a server's error page saved or fetched) are said in plain
   words, the same by lint, --catalog and audit; a real syntax error keeps its position. */
static void test_not_json_in_plain_words(void **state)
{
	(void)state;
	const struct {
		const char *text, *said;
	} cases[] = {
	    {"", "not JSON: the file is empty"},
	    {" \n\t\r\n", "not JSON: the file is empty"},
	    {"\n  <!DOCTYPE html><html><body>502 Bad Gateway</body></html>",
	     "not JSON: it looks like HTML (it starts with '<')"},
	    {"\n\n  {\"items\": <", "not JSON: line 3 column "},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *path = fx_write_temp(cases[i].text);
		char why[1024] = "", want[1100];
		size_t errors = 7;
		assert_null(lint_open_catalog(path, &errors, why, sizeof why));
		snprintf(want, sizeof want, "%s: %s", path, cases[i].said);
		if (strncmp(why, want, strlen(want)) != 0)
			fail_msg("open %s: \"%s\", want \"%s\"", path, why, want);
		assert_null(lint_open_catalog_text("menu", cases[i].text, strlen(cases[i].text),
						   &errors, why, sizeof why));
		snprintf(want, sizeof want, "menu: %s", cases[i].said);
		assert_true(strncmp(why, want, strlen(want)) == 0);
		run_output o = run_cli(cases[i].text, 1, (const char *[]){"-"});
		assert_int_equal(o.status, 2);
		snprintf(want, sizeof want, "<stdin>: %s", cases[i].said);
		if (strncmp(o.err, want, strlen(want)) != 0)
			fail_msg("lint -: \"%s\", want \"%s\"", o.err, want);
		run_output_free(&o);
		unlink(path);
		free(path);
	}
}

static void test_open_catalog_missing_file(void **state)
{
	(void)state;
	char why[1024] = "";
	size_t errors = 7;
	assert_null(lint_open_catalog("/nonexistent/dir/catalog.json", &errors, why, sizeof why));
	assert_int_equal(errors, 0);
	assert_non_null(strstr(why, "/nonexistent/dir/catalog.json"));
}

/* JSON the model cannot read: the sentence names the file and the JSON path. */
static void test_open_catalog_model_refuses(void **state)
{
	(void)state;
	char why[1024] = "";
	size_t errors = 7;
	const char *path = LINT_DATA "/error_name_type.json";
	assert_null(lint_open_catalog(path, &errors, why, sizeof why));
	assert_int_equal(errors, 0);
	assert_true(strncmp(why, path, strlen(path)) == 0);
	assert_non_null(strstr(why, ": cannot open this catalog: $.items."));
	assert_non_null(strstr(why, ".name: "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid_fixture_is_clean),
	    cmocka_unit_test(test_each_seeded_fixture_reports_exactly_its_defect),
	    cmocka_unit_test(test_every_fixture_file_is_covered),
	    cmocka_unit_test(test_count_errors_is_the_lint_count),
	    cmocka_unit_test(test_type_error_message_names_field_and_types),
	    cmocka_unit_test(test_missing_and_negative_messages_name_the_field),
	    cmocka_unit_test(test_cycle_message_spells_the_cycle),
	    cmocka_unit_test(test_starting_at_message_gives_both_amounts),
	    cmocka_unit_test(test_starting_at_per_item_with_shared_groups),
	    cmocka_unit_test(test_non_object_root_is_one_error),
	    cmocka_unit_test(test_missing_maps_are_errors),
	    cmocka_unit_test(test_every_problem_is_reported),
	    cmocka_unit_test(test_findings_follow_document_order),
	    cmocka_unit_test(test_array_indexes_sort_numerically),
	    cmocka_unit_test(test_quantity_and_duplicates_rules_for_defaults),
	    cmocka_unit_test(test_minimum_with_duplicates),
	    cmocka_unit_test(test_empty_and_maximum_zero_groups),
	    cmocka_unit_test(test_end_of_day_window_and_bad_times),
	    cmocka_unit_test(test_control_characters_are_escaped),
	    cmocka_unit_test(test_bidi_controls_are_warned_and_escaped),
	    cmocka_unit_test(test_deep_and_long_cycles),
	    cmocka_unit_test(test_text_output_line_format),
	    cmocka_unit_test(test_json_output_matches_findings),
	    cmocka_unit_test(test_base_price_missing_only_where_it_sells_free),
	    cmocka_unit_test(test_padded_names_of_every_kind),
	    cmocka_unit_test(test_description_line_breaks_are_text),
	    cmocka_unit_test(test_cli_clean_file_says_ok_unless_quiet),
	    cmocka_unit_test(test_cli_url_is_fetched_and_linted_as_a_file),
	    cmocka_unit_test(test_cli_warnings_only_exit_zero),
	    cmocka_unit_test(test_cli_errors_exit_one),
	    cmocka_unit_test(test_cli_unreadable_and_not_json_exit_two),
	    cmocka_unit_test(test_cli_directory_cannot_be_read),
	    cmocka_unit_test(test_cli_reads_stdin_for_dash),
	    cmocka_unit_test(test_cli_json_format_parses_and_matches),
	    cmocka_unit_test(test_cli_usage),
	    cmocka_unit_test(test_demo_catalogs_have_no_errors),
	    cmocka_unit_test(test_open_catalog_clean),
	    cmocka_unit_test(test_open_catalog_with_lint_errors),
	    cmocka_unit_test(test_open_catalog_not_json),
	    cmocka_unit_test(test_not_json_in_plain_words),
	    cmocka_unit_test(test_open_catalog_missing_file),
	    cmocka_unit_test(test_open_catalog_model_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

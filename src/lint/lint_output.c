/*
 * Catalog linter: the order of findings and their text and JSON forms.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/collections.h"
#include "lint/lint_int.h"

/* ---------------------------------------------------------------- ordering */

/* Digit runs compare by value so "[10]" sorts after "[9]". */
static int natural_compare(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			size_t na = 0, nb = 0;
			while (isdigit((unsigned char)a[na]))
				na++;
			while (isdigit((unsigned char)b[nb]))
				nb++;
			if (na != nb)
				return na < nb ? -1 : 1;
			int c = strncmp(a, b, na);
			if (c)
				return c;
			a += na;
			b += nb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int finding_compare(const void *pa, const void *pb)
{
	const lint_finding *a = pa, *b = pb;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->entry != b->entry)
		return a->entry < b->entry ? -1 : 1;
	int c = natural_compare(a->json_path, b->json_path);
	if (c)
		return c;
	c = strcmp(a->message, b->message);
	if (c)
		return c;
	return (int)a->severity - (int)b->severity;
}

void lint_sort_findings(lint_result *result)
{
	if (result->n > 1) /* v is NULL when there are no findings */
		qsort(result->v, result->n, sizeof *result->v, finding_compare);
}

/* ---------------------------------------------------------------- output */

void lint_result_free(lint_result *result)
{
	if (!result)
		return;
	for (size_t i = 0; i < result->n; i++) {
		free(result->v[i].json_path);
		free(result->v[i].message);
	}
	free(result->v);
	free(result);
}

/* "error" / "warning": stable words for tools, never translated. */
static const char *lint_severity_name(lint_severity severity)
{
	return severity == LINT_ERROR ? "error" : "warning";
}

void lint_print_text(FILE *out, const char *filename, const lint_result *result)
{
	char path[LINT_PATH_MAX];
	for (size_t i = 0; i < result->n; i++) {
		const lint_finding *f = &result->v[i];
		/* Messages are already escaped; paths carry the keys as written. */
		fprintf(out, "%s: %s: %s: %s\n", filename, lint_severity_name(f->severity),
			lint_display(f->json_path, path, sizeof path), f->message);
	}
}

/* A JSON string even for text that is not UTF-8 (a file name can be anything). */
static json_t *json_text(const char *s)
{
	json_t *v = json_string(s);
	if (v)
		return v;
	char *copy = xstrdup(s);
	for (char *c = copy; *c; c++)
		if ((unsigned char)*c >= 0x80)
			*c = '?';
	v = json_string(copy);
	free(copy);
	return v;
}

json_t *lint_to_json(const char *filename, const lint_result *result)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < result->n; i++) {
		const lint_finding *f = &result->v[i];
		json_t *o = json_object();
		json_object_set_new(o, "file", json_text(filename));
		json_object_set_new(o, "severity", json_string(lint_severity_name(f->severity)));
		json_object_set_new(o, "path", json_text(f->json_path));
		json_object_set_new(o, "message", json_text(f->message));
		json_array_append_new(arr, o);
	}
	return arr;
}

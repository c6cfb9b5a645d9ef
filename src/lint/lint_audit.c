/* The render audit's findings (lint_audit.h). */
#include "lint/lint_audit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "base/i18n.h"
#include "base/jsonx.h"
#include "base/xalloc.h"

/* Length of the valid UTF-8 sequence at s (RFC 3629: no overlongs, surrogates or code points
   past U+10FFFF), 0 when none starts there. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	size_t n = c >= 0xc2 && c <= 0xdf   ? 2
		   : c >= 0xe0 && c <= 0xef ? 3
		   : c >= 0xf0 && c <= 0xf4 ? 4
					    : 0;
	unsigned char lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
	unsigned char hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
	for (size_t i = 1; i < n; i++)
		if (s[i] < (i == 1 ? lo : 0x80) || s[i] > (i == 1 ? hi : 0xbf))
			return 0;
	return n;
}

/* A finding's text as it may be printed to a terminal and put in JSON: catalog text (names,
   ids) keeps its characters, but control characters (C0, DEL, C1), the bidirectional controls
   (str_is_bidi_control) and bytes that are not UTF-8 (a name cut mid-character by a fixed
   buffer on the way here) are written \xHH / \u00HH / \u202e, as lint_display writes them.
   Heap. */
static char *finding_text(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	char *out = xmalloc(4 * strlen(text) + 1), *o = out;
	while (*s) {
		size_t n = utf8_len(s);
		unsigned long bidi = str_bidi_control_at((const char *)s);
		if (n == 1 && *s >= 0x20 && *s != 0x7f) {
			*o++ = (char)*s++;
		} else if (n == 2 && s[0] == 0xc2 && s[1] <= 0x9f) {
			o += sprintf(o, "\\u00%02x", s[1]);
			s += 2;
		} else if (bidi) {
			o += sprintf(o, "\\u%04lx", bidi);
			s += 3;
		} else if (n > 1) {
			memcpy(o, s, n);
			o += n;
			s += n;
		} else {
			o += sprintf(o, "\\x%02x", *s++);
		}
	}
	*o = '\0';
	return out;
}

bool lint_audit_add(lint_audit_report *r, const char *kind, const char *size, const char *screen,
		    const char *json_path, const char *fmt, ...)
{
	/* One finding per kind, size and thing: a key of the three, in a map (a big menu cut at a
	   small size has thousands). */
	size_t key_len = strlen(kind) + strlen(size ? size : "") + strlen(json_path) + 3;
	char *key = xmalloc(key_len);
	snprintf(key, key_len, "%s\t%s\t%s", kind, size ? size : "", json_path);
	if (!r->seen)
		r->seen = strmap_new();
	bool known = strmap_get(r->seen, key) != NULL;
	if (!known)
		strmap_put(r->seen, key, r);
	free(key);
	if (known)
		return false;
	va_list ap;
	va_start(ap, fmt);
	char *message = NULL;
	if (vasprintf(&message, fmt, ap) < 0)
		message = xstrdup(fmt); /* out of memory: xstrdup says so and ends the run */
	va_end(ap);
	char *shown = finding_text(message);
	free(message);
	if (r->n == r->cap)
		r->v = xrealloc(r->v, (r->cap = r->cap ? r->cap * 2 : 16) * sizeof *r->v);
	r->v[r->n++] = (lint_audit_finding){
	    .kind = xstrdup(kind),
	    .size = size ? xstrdup(size) : NULL,
	    .screen = screen ? xstrdup(screen) : NULL,
	    .json_path = finding_text(json_path),
	    .message = shown,
	};
	return true;
}

void lint_audit_clear(lint_audit_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].kind);
		free(r->v[i].size);
		free(r->v[i].screen);
		free(r->v[i].json_path);
		free(r->v[i].message);
	}
	free(r->v);
	strmap_free(r->seen, NULL);
	str_list_clear(&r->sizes);
	memset(r, 0, sizeof *r);
}

void lint_audit_print_text(FILE *out, const char *file, const lint_audit_report *r, bool quiet)
{
	for (size_t i = 0; i < r->n; i++) {
		const lint_audit_finding *f = &r->v[i];
		fprintf(out, "%s: %s: %s: %s: %s", file, f->size ? f->size : "all", f->kind,
			f->json_path, f->message);
		if (f->screen)
			fprintf(out, " [%s]", f->screen);
		fputc('\n', out);
	}
	if (quiet)
		return;
	char screens[64], sizes[64];
	snprintf(screens, sizeof screens, ngettext("%zu screen", "%zu screens", r->n_screens),
		 r->n_screens);
	snprintf(sizes, sizeof sizes, ngettext("%zu size", "%zu sizes", r->sizes.n), r->sizes.n);
	if (r->n == 0)
		fprintf(out, _("%s: ok, %s at %s\n"), file, screens, sizes);
	else
		fprintf(
		    out,
		    ngettext("%s: %zu finding, %s at %s\n", "%s: %zu findings, %s at %s\n", r->n),
		    file, r->n, screens, sizes);
}

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

void lint_audit_print_json(FILE *out, const char *file, const lint_audit_report *r)
{
	json_t *root = json_object();
	json_object_set_new(root, "file", json_string(file));
	json_t *sizes = json_array();
	for (size_t i = 0; i < r->sizes.n; i++)
		json_array_append_new(sizes, json_string(r->sizes.v[i]));
	json_object_set_new(root, "sizes", sizes);
	json_object_set_new(root, "screens", json_integer((json_int_t)r->n_screens));
	json_t *findings = json_array();
	for (size_t i = 0; i < r->n; i++) {
		const lint_audit_finding *f = &r->v[i];
		json_t *o = json_object();
		json_object_set_new(o, "kind", json_string(f->kind));
		json_object_set_new(o, "size", string_or_null(f->size));
		json_object_set_new(o, "screen", string_or_null(f->screen));
		json_object_set_new(o, "path", json_string(f->json_path));
		json_object_set_new(o, "message", json_string(f->message));
		json_array_append_new(findings, o);
	}
	json_object_set_new(root, "findings", findings);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fprintf(out, "%s\n", text);
	free(text);
	json_decref(root);
}

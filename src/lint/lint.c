/*
 * Catalog linter: per-entry checks (types, ids, rules inside one entry) and the
 * making of findings. Checks that follow references across entries are in
 * lint_graph.c, ordering and output in lint_output.c.
 *
 * Choices where the contract is silent: a missing top-level map is an error (§3.4
 * marks all four required) even though the model parser reads it as empty; an
 * integral real such as 3.0 counts as an integer, as in the model parser; a default
 * quantity must be at least 1; names and ids are shown with control characters
 * escaped so a hostile catalog cannot drive the terminal. What a catalog owner would not
 * want a customer to see is a warning: a name with blanks at its ends, a description with a
 * control character other than a line break ("\n", "\r\n"), a name or a description with a
 * bidirectional control (bidi_field), an item sold on its own that has no basePrice, a modifier
 * group whose maximumAllowed of 0 leaves its options unchoosable (the man page, LINT
 * SUBCOMMAND, lists them for users).
 */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/availability.h"
#include "base/i18n.h"
#include "base/jsonx.h"
#include "lint/lint_int.h"

/* ---------------------------------------------------------------- findings */

/* Control characters become \xHH or \u00HH, the bidirectional controls (str_is_bidi_control)
 * \u202e, as the UI shows them (ui_wide); long text is cut (on a character boundary) so one
 * message stays readable and valid UTF-8. */
const char *lint_display(const char *s, char *buf, size_t n)
{
	const unsigned char *c = (const unsigned char *)s;
	size_t o = 0;
	while (*c) {
		unsigned long cp;
		size_t control = str_control_at((const char *)c, &cp);
		size_t len = *c < 0x80 ? 1 : *c >= 0xf0 ? 4 : *c >= 0xe0 ? 3 : 2;
		size_t need = control == 1 ? 4 : control ? 6 : len;
		if (o + need + 4 > n) {
			o += (size_t)snprintf(buf + o, n - o, "...");
			break;
		}
		if (control) {
			o += (size_t)snprintf(buf + o, n - o,
					      control == 1 ? "\\x%02lx" : "\\u%04lx", cp);
			c += control;
			continue;
		}
		for (size_t k = 0; k < len && *c; k++)
			buf[o++] = (char)*c++;
	}
	buf[o] = '\0';
	return buf;
}

static bool is_blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

static const char *subject_format(unsigned rank, bool named)
{
	switch (rank) {
	case RANK_CATALOGS:
		return named ? _("catalog \"%s\" (%s)") : _("catalog \"%s\"");
	case RANK_SECTIONS:
		return named ? _("section \"%s\" (%s)") : _("section \"%s\"");
	case RANK_ITEMS:
		return named ? _("item \"%s\" (%s)") : _("item \"%s\"");
	default:
		return named ? _("modifier group \"%s\" (%s)") : _("modifier group \"%s\"");
	}
}

static char *subject_text(const lint_map *map, const lint_node *node)
{
	char id[160], name[160], buf[400];
	/* Looked up here, for the few entries a message names, not when indexing every one. */
	const char *entry_name = json_string_value(json_object_get(node->obj, "name"));
	bool named = entry_name && !is_blank(entry_name);
	snprintf(buf, sizeof buf, subject_format(map->rank, named),
		 lint_display(node->id, id, sizeof id),
		 named ? lint_display(entry_name, name, sizeof name) : "");
	return xstrdup(buf);
}

static char *vformat(const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	char *s = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	vsnprintf(s, n > 0 ? (size_t)n + 1 : 1, fmt, again);
	va_end(again);
	return s;
}

void lint_set_subject(linter *L, const lint_map *map, const lint_node *node)
{
	L->cur_map = map;
	L->cur_node = node;
	if (node)
		jsonx_path_key(L->cur_path, sizeof L->cur_path, map->path, node->id);
	else
		snprintf(L->cur_path, sizeof L->cur_path, "$");
}

void lint_report(linter *L, lint_severity severity, const char *path, const char *fmt, ...)
{
	if (L->errors_only) {
		L->res->n_errors += severity == LINT_ERROR;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	char *detail = vformat(fmt, ap);
	va_end(ap);
	lint_result *r = L->res;
	if (r->n == L->cap) {
		L->cap = L->cap ? L->cap * 2 : 16;
		r->v = xrealloc(r->v, L->cap * sizeof *r->v);
	}
	lint_finding *f = &r->v[r->n++];
	f->severity = severity;
	f->json_path = xstrdup(path);
	f->rank = L->cur_node ? L->cur_map->rank : RANK_ROOT;
	f->entry = L->cur_node ? L->cur_node->index : 0;
	if (L->cur_node) {
		char *subject = subject_text(L->cur_map, L->cur_node);
		size_t n = strlen(subject) + strlen(detail) + 3;
		f->message = xmalloc(n);
		snprintf(f->message, n, "%s: %s", subject, detail);
		free(subject);
		free(detail);
	} else {
		f->message = detail;
	}
	if (severity == LINT_ERROR)
		r->n_errors++;
	else
		r->n_warnings++;
}

/* The field's path relative to the entry being checked: "tiers[0].price". */
static const char *label_of(const linter *L, const char *path)
{
	size_t n = strlen(L->cur_path);
	if (strncmp(path, L->cur_path, n) == 0 && path[n])
		return path + n + (path[n] == '.');
	return path;
}

/* ---------------------------------------------------------------- typed fields */

static const char *want_text(jsonx_kind w)
{
	switch (w) {
	case JSONX_STRING:
		return _("a string");
	case JSONX_NUMBER:
		return _("a number");
	case JSONX_INTEGER:
		return _("an integer");
	case JSONX_BOOL:
		return _("a boolean");
	case JSONX_ARRAY:
		return _("an array");
	case JSONX_OBJECT:
		return _("an object");
	}
	return "";
}

static long long int_value(const json_t *v)
{
	return json_is_integer(v) ? (long long)json_integer_value(v)
				  : (long long)json_real_value(v);
}

/* True when v has the wanted type; else reports it at path. */
static bool expect(linter *L, const json_t *v, const char *path, jsonx_kind w)
{
	if (jsonx_is(v, w))
		return true;
	lint_report(L, LINT_ERROR, path, _("%s must be %s, got %s"), label_of(L, path),
		    want_text(w), jsonx_type_name(v));
	return false;
}

/* "base.key" in buf. Paths are built only when something is reported: formatting one
 * for every field would cost more than all the checks. */
static const char *key_path(char buf[LINT_PATH_MAX], const char *base, const char *key)
{
	jsonx_path_key(buf, LINT_PATH_MAX, base, key);
	return buf;
}

/* obj's member `key`: from the entry being checked's members when obj is that entry. */
static const json_t *member_of(const linter *L, const json_t *obj, const char *key)
{
	return obj == L->entry.obj ? jsonx_members_get(&L->entry, key) : json_object_get(obj, key);
}

/* The member when present (not null) with the wanted type, else NULL (reported if wrong). */
static const json_t *field(linter *L, const json_t *obj, const char *base, const char *key,
			   jsonx_kind w, bool required)
{
	char path[LINT_PATH_MAX];
	const json_t *v = member_of(L, obj, key);
	if (!v || json_is_null(v)) {
		if (required) {
			/* The path first: argument evaluation order is unspecified. */
			key_path(path, base, key);
			lint_report(L, LINT_ERROR, path, _("%s is required"), label_of(L, path));
		}
		return NULL;
	}
	if (jsonx_is(v, w))
		return v;
	expect(L, v, key_path(path, base, key), w);
	return NULL;
}

/* A count that cannot be negative (minimumAllowed, tier offset). */
static bool count_field(linter *L, const json_t *obj, const char *base, const char *key,
			bool required, long long *out)
{
	const json_t *v = field(L, obj, base, key, JSONX_INTEGER, required);
	if (!v)
		return false;
	*out = int_value(v);
	if (*out >= 0)
		return true;
	char path[LINT_PATH_MAX];
	key_path(path, base, key);
	lint_report(L, LINT_ERROR, path, _("%s must not be negative, got %lld"), label_of(L, path),
		    *out);
	return false;
}

/*
 * money_from_json finds the shortest round-trip text, which is exact but slow. A
 * real that is a whole number of cents (x / 100.0 == d for the nearest integer x)
 * gives the same cents, since below 10^13 cents a decimal of 15 significant digits
 * maps to one double; only the rest goes the slow way. This is most of the time
 * linting takes on a large catalog.
 */
static enum money_status to_money(const json_t *v, money *out)
{
	if (json_is_real(v)) {
		double d = json_real_value(v);
		double cents = round(d * 100.0);
		if (fabs(cents) <= (double)MONEY_MAX_CENTS && cents / 100.0 == d) {
			*out = (money)cents;
			return MONEY_OK;
		}
	}
	return money_from_json(v, out);
}

/* A price: a number, not negative, at most two decimals. True when all hold. */
static bool money_field(linter *L, const json_t *obj, const char *base, const char *key,
			bool required, money *out)
{
	const json_t *v = field(L, obj, base, key, JSONX_NUMBER, required);
	if (!v)
		return false;
	enum money_status status = to_money(v, out);
	if (status == MONEY_OK && *out >= 0)
		return true;
	char path[LINT_PATH_MAX], text[MONEY_TEXT_MAX];
	const char *label = label_of(L, key_path(path, base, key));
	if (status == MONEY_INVALID) {
		lint_report(L, LINT_ERROR, path, _("%s is out of range"), label);
		return false;
	}
	bool ok = true;
	if (status == MONEY_ROUNDED) {
		lint_report(L, LINT_ERROR, path, _("%s has more than two decimals (%.15g)"), label,
			    json_number_value(v));
		ok = false;
	}
	if (*out < 0) {
		lint_report(L, LINT_ERROR, path, _("%s must not be negative, got %s"), label,
			    money_to_decimal(*out, text));
		ok = false;
	}
	return ok;
}

/* The first control character of s, or NULL: C0 controls, DEL, and C1 controls (U+0080..
 * U+009F, UTF-8 C2 80..C2 9F). With `line_breaks`, "\n" and "\r\n" are text, not controls:
 * descriptions exported from real menus break lines, and mean it; a lone "\r" is not. */
static const char *first_control(const char *s, bool line_breaks)
{
	unsigned long cp;
	for (const char *c = s; *c; c++) {
		if (line_breaks && (c[0] == '\n' || (c[0] == '\r' && c[1] == '\n')))
			continue;
		/* A bidirectional control has a warning of its own (bidi_field). */
		if (str_control_at(c, &cp) && !str_is_bidi_control(cp))
			return c;
	}
	return NULL;
}

/* Bytes of the blank that starts at s, 0 when none: a space, a no-break space (U+00A0),
 * the typographic spaces U+2000..U+200A, U+202F, U+205F and the ideographic space U+3000
 * of CJK menus. Control characters are not counted: they have their own warning. */
static size_t blank_len(const unsigned char *s)
{
	if (s[0] == ' ')
		return 1;
	if (s[0] == 0xc2 && s[1] == 0xa0)
		return 2;
	if (s[0] == 0xe2 && s[1] == 0x80 && ((s[2] >= 0x80 && s[2] <= 0x8a) || s[2] == 0xaf))
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)
		return 3;
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/* A name a customer sees with a blank before or after it ("Quantity "): shown as is, it
 * misaligns, and a search or a second export no longer matches it. */
static bool is_padded(const char *s)
{
	const unsigned char *c = (const unsigned char *)s;
	size_t n = strlen(s);
	if (n == 0)
		return false;
	if (blank_len(c))
		return true;
	for (size_t k = 1; k <= 3 && k <= n; k++)
		if (blank_len(c + n - k) == k)
			return true;
	return false;
}

/* A name or a description with a bidirectional control (str_is_bidi_control): a terminal that
 * implements bidi shows the rest of the row in an order the catalog did not write, and the
 * control itself has no width, so nobody reading the screen can tell. One warning a field,
 * naming the first (gett-tui shows it escaped, docs/tui.md). */
static void bidi_field(linter *L, const char *key, const char *text)
{
	for (const char *c = text; *c; c++) {
		if (!str_bidi_control_at(c))
			continue;
		char path[LINT_PATH_MAX], shown[16], one[4] = {c[0], c[1], c[2], '\0'};
		lint_report(L, LINT_WARNING, key_path(path, L->cur_path, key),
			    _("%s contains the bidirectional control character %s (it can reorder "
			      "what a terminal shows)"),
			    key, lint_display(one, shown, sizeof shown));
		return;
	}
}

static void name_field(linter *L, const json_t *obj, bool required)
{
	const json_t *v = field(L, obj, L->cur_path, "name", JSONX_STRING, required);
	if (!v || L->errors_only) /* what follows only warns */
		return;
	char path[LINT_PATH_MAX], text[160];
	const char *name = json_string_value(v);
	if (is_blank(name)) {
		lint_report(L, LINT_WARNING, key_path(path, L->cur_path, "name"),
			    _("name is blank"));
		return;
	}
	if (first_control(name, false))
		lint_report(L, LINT_WARNING, key_path(path, L->cur_path, "name"),
			    _("name contains control characters"));
	bidi_field(L, "name", name);
	if (is_padded(name))
		lint_report(L, LINT_WARNING, key_path(path, L->cur_path, "name"),
			    _("name \"%s\" starts or ends with a blank"),
			    lint_display(name, text, sizeof text));
}

/* A description may hold line breaks; any other control character is reported, named, and so
 * is a bidirectional control. */
static void description_field(linter *L, const json_t *obj)
{
	const json_t *v = field(L, obj, L->cur_path, "description", JSONX_STRING, false);
	/* Its type can be an error; what follows only warns. */
	if (!v || L->errors_only)
		return;
	bidi_field(L, "description", json_string_value(v));
	const char *c = first_control(json_string_value(v), true);
	if (!c)
		return;
	char path[LINT_PATH_MAX], shown[16];
	size_t len = (unsigned char)c[0] == 0xc2 ? 2 : 1;
	char one[3] = {c[0], len == 2 ? c[1] : '\0', '\0'};
	lint_report(L, LINT_WARNING, key_path(path, L->cur_path, "description"),
		    _("description contains the control character %s (only line breaks, \\n "
		      "and \\r\\n, belong in a description)"),
		    lint_display(one, shown, sizeof shown));
}

/* The optional own id must be a string equal to the map key. */
static void own_id_field(linter *L, const json_t *obj, const char *key)
{
	const json_t *v = field(L, obj, L->cur_path, key, JSONX_STRING, false);
	if (!v || strcmp(json_string_value(v), L->cur_node->id) == 0)
		return;
	char path[LINT_PATH_MAX], own[160], map_key[160];
	jsonx_path_key(path, sizeof path, L->cur_path, key);
	lint_report(L, LINT_ERROR, path, _("%s \"%s\" differs from its map key \"%s\""), key,
		    lint_display(json_string_value(v), own, sizeof own),
		    lint_display(L->cur_node->id, map_key, sizeof map_key));
}

/*
 * A list of ids: each must be a string naming an entry of `target`
 * (dangling_fmt, marked with N_(), takes the id). Returns the array when it is one, else NULL.
 */
static const json_t *ref_list(linter *L, const json_t *obj, const char *key, bool required,
			      const lint_map *target, const char *dangling_fmt)
{
	const json_t *arr = field(L, obj, L->cur_path, key, JSONX_ARRAY, required);
	if (!arr)
		return NULL;
	for (size_t i = 0; i < json_array_size(arr); i++) {
		const json_t *v = json_array_get(arr, i);
		const char *id = json_string_value(v);
		if (id && lint_lookup(target, id))
			continue;
		char base[LINT_PATH_MAX], path[LINT_PATH_MAX], text[160];
		jsonx_path_index(path, sizeof path, key_path(base, L->cur_path, key), i);
		if (!id)
			expect(L, v, path, JSONX_STRING);
		else
			lint_report(L, LINT_ERROR, path, _(dangling_fmt),
				    lint_display(id, text, sizeof text));
	}
	return arr;
}

/* ---------------------------------------------------------------- availability */

/* Exactly as on the wire ("Monday"): the app is lenient about case, a server may not be. */
static bool is_day_name(const char *s)
{
	for (int day = 0; day < 7; day++)
		if (strcmp(s, avail_day_name(day)) == 0)
			return true;
	return false;
}

static int time_field(linter *L, const json_t *window, const char *base, const char *key)
{
	const json_t *v = field(L, window, base, key, JSONX_STRING, true);
	if (!v)
		return -1;
	int t = avail_parse_time(json_string_value(v));
	if (t < 0) {
		char path[LINT_PATH_MAX], text[64];
		jsonx_path_key(path, sizeof path, base, key);
		lint_report(L, LINT_ERROR, path, _("%s \"%s\" is not a time of the form HH:mm:ss"),
			    label_of(L, path),
			    lint_display(json_string_value(v), text, sizeof text));
	}
	return t;
}

static void check_window(linter *L, const json_t *window, const char *path)
{
	if (!expect(L, window, path, JSONX_OBJECT))
		return;
	const json_t *day = field(L, window, path, "dayOfWeek", JSONX_STRING, true);
	if (day && !is_day_name(json_string_value(day))) {
		char day_path[LINT_PATH_MAX], text[64];
		jsonx_path_key(day_path, sizeof day_path, path, "dayOfWeek");
		lint_report(L, LINT_ERROR, day_path, _("unknown dayOfWeek \"%s\""),
			    lint_display(json_string_value(day), text, sizeof text));
	}
	int start = time_field(L, window, path, "start");
	int end = time_field(L, window, path, "end");
	/* "00:00:00" as the end means the end of the day. */
	if (start >= 0 && end > 0 && start >= end)
		lint_report(L, LINT_ERROR, path, _("%s: start %s is not before end %s"),
			    label_of(L, path), json_string_value(json_object_get(window, "start")),
			    json_string_value(json_object_get(window, "end")));
}

static void availability_field(linter *L, const json_t *obj)
{
	char path[LINT_PATH_MAX], window_path[LINT_PATH_MAX];
	jsonx_path_key(path, sizeof path, L->cur_path, "availability");
	const json_t *arr = member_of(L, obj, "availability");
	if (arr && !json_is_null(arr) && !expect(L, arr, path, JSONX_ARRAY))
		return;
	if (json_array_size(arr) == 0) {
		lint_report(L, LINT_WARNING, path,
			    _("no availability windows: the catalog is never open"));
		return;
	}
	size_t i;
	const json_t *window;
	json_array_foreach (arr, i, window) {
		jsonx_path_index(window_path, sizeof window_path, path, i);
		check_window(L, window, window_path);
	}
}

/* ---------------------------------------------------------------- entries */

static void check_catalog(linter *L, const json_t *obj)
{
	own_id_field(L, obj, "catalogId");
	name_field(L, obj, false);
	ref_list(L, obj, "sectionIds", true, &L->sections, N_("section \"%s\" does not exist"));
	availability_field(L, obj);
}

/* The items a section lists are sold on their own. */
static void mark_sold(linter *L, const json_t *item_ids)
{
	size_t i;
	const json_t *id;
	json_array_foreach (item_ids, i, id) {
		lint_node *item = lint_lookup(&L->items, json_string_value(id));
		if (item)
			item->sold = true;
	}
}

static void check_section(linter *L, lint_node *node, const json_t *obj)
{
	own_id_field(L, obj, "sectionId");
	name_field(L, obj, true);
	const json_t *items =
	    ref_list(L, obj, "itemIds", false, &L->items, N_("item \"%s\" does not exist"));
	if (!L->errors_only) /* only the warning of check_base_price_missing asks */
		mark_sold(L, items);
	const json_t *children = ref_list(L, obj, "sectionIds", false, &L->sections,
					  N_("child section \"%s\" does not exist"));
	node->refs = children;
	/* A wrongly typed list is already an error; don't also call the section empty. */
	bool lists_ok =
	    (items || !jsonx_has(obj, "itemIds")) && (children || !jsonx_has(obj, "sectionIds"));
	if (lists_ok && json_array_size(items) == 0 && json_array_size(children) == 0)
		lint_report(L, LINT_WARNING, L->cur_path, _("has no items and no child sections"));
}

/* True when one of the item's modifier groups requires a choice (minimumAllowed >= 1). */
static bool has_required_group(const linter *L, const json_t *obj)
{
	size_t i;
	const json_t *id;
	json_array_foreach (json_object_get(obj, "modifierGroupIds"), i, id) {
		const lint_node *group = lint_lookup(&L->groups, json_string_value(id));
		const json_t *min =
		    group && group->obj ? json_object_get(group->obj, "minimumAllowed") : NULL;
		if (json_is_number(min) && json_number_value(min) >= 1)
			return true;
	}
	return false;
}

/*
 * An item sold on its own (listed by a section) without a basePrice costs nothing (§4.1:
 * basePrice is the only price that counts): almost always an export that lost the price.
 * Options (items listed only by modifier groups) are often free on purpose, and an item
 * with a required group is priced by that choice (a size), so neither is reported.
 */
static void check_base_price_missing(linter *L, const lint_node *node, const json_t *obj)
{
	if (L->errors_only || !node->sold || jsonx_has(obj, "basePrice") ||
	    has_required_group(L, obj))
		return;
	char path[LINT_PATH_MAX];
	lint_report(L, LINT_WARNING, key_path(path, L->cur_path, "basePrice"),
		    _("no basePrice: the item sells for 0.00"));
}

static void check_item(linter *L, lint_node *node, const json_t *obj)
{
	own_id_field(L, obj, "itemId");
	name_field(L, obj, true);
	description_field(L, obj);
	check_base_price_missing(L, node, obj);
	field(L, obj, L->cur_path, "imageUrl", JSONX_STRING, false);
	money base = 0, compare_at = 0;
	/* An absent basePrice is zero; a bad one makes compareAt uncomparable. */
	bool base_ok = money_field(L, obj, L->cur_path, "basePrice", false, &base) ||
		       !jsonx_has(obj, "basePrice");
	node->has_starting_at =
	    money_field(L, obj, L->cur_path, "startingAt", false, &node->starting_at);
	if (money_field(L, obj, L->cur_path, "compareAt", false, &compare_at) && base_ok &&
	    compare_at <= base) {
		char path[LINT_PATH_MAX], a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX];
		jsonx_path_key(path, sizeof path, L->cur_path, "compareAt");
		lint_report(L, LINT_WARNING, path, _("compareAt %s is not above basePrice %s"),
			    money_to_decimal(compare_at, a), money_to_decimal(base, b));
	}
	node->refs = ref_list(L, obj, "modifierGroupIds", false, &L->groups,
			      N_("modifier group \"%s\" does not exist"));
}

/* Defaults must name options of this group, fit under the maximum and repeat only with
 * duplicates enabled. `options` is NULL when itemIds was unusable. */
typedef struct group_facts {
	strmap *options; /* option ids of the group; NULL when itemIds is unusable */
	bool duplicates;
	bool duplicates_known;
	bool max_ok;
	long long max;
} group_facts;

static void check_default(linter *L, const json_t *entry, const char *path, const group_facts *g,
			  strmap *seen, long long *total, bool *total_ok)
{
	const json_t *id = field(L, entry, path, "itemId", JSONX_STRING, true);
	char qty_path[LINT_PATH_MAX], id_path[LINT_PATH_MAX], text[160];
	jsonx_path_key(qty_path, sizeof qty_path, path, "quantity");
	jsonx_path_key(id_path, sizeof id_path, path, "itemId");
	long long q = 1; /* absent quantity: pre-selected once */
	const json_t *qv = field(L, entry, path, "quantity", JSONX_INTEGER, false);
	if (qv) {
		q = int_value(qv);
		if (q < 1) {
			lint_report(L, LINT_ERROR, qty_path, _("%s must be at least 1, got %lld"),
				    label_of(L, qty_path), q);
			*total_ok = false;
			return;
		}
	} else if (jsonx_has(entry, "quantity")) {
		*total_ok = false;
	}
	*total = count_add(*total, q);
	if (!id || !g->options)
		return;
	const char *s = json_string_value(id);
	lint_display(s, text, sizeof text);
	if (!strmap_get(g->options, s)) {
		lint_report(L, LINT_ERROR, id_path,
			    _("default item \"%s\" is not one of the group's options"), text);
		return;
	}
	if (!g->duplicates_known || g->duplicates)
		return;
	if (strmap_get(seen, s))
		lint_report(L, LINT_ERROR, id_path,
			    _("default item \"%s\" is repeated but duplicates are not enabled"),
			    text);
	else if (q > 1)
		lint_report(L, LINT_ERROR, qty_path,
			    _("default item \"%s\" has quantity %lld but duplicates are not "
			      "enabled"),
			    text, q);
	strmap_put(seen, s, (void *)entry);
}

static void check_defaults(linter *L, const json_t *obj, const group_facts *g)
{
	const json_t *arr = field(L, obj, L->cur_path, "defaultItems", JSONX_ARRAY, false);
	if (!arr)
		return;
	char base[LINT_PATH_MAX], path[LINT_PATH_MAX];
	jsonx_path_key(base, sizeof base, L->cur_path, "defaultItems");
	strmap *seen = strmap_new();
	long long total = 0;
	bool total_ok = true;
	size_t i;
	const json_t *entry;
	json_array_foreach (arr, i, entry) {
		jsonx_path_index(path, sizeof path, base, i);
		if (expect(L, entry, path, JSONX_OBJECT))
			check_default(L, entry, path, g, seen, &total, &total_ok);
		else
			total_ok = false;
	}
	strmap_free(seen, NULL);
	if (total_ok && g->max_ok && total > g->max)
		lint_report(L, LINT_ERROR, base,
			    _("default quantities add up to %lld, more than maximumAllowed (%lld)"),
			    total, g->max);
}

static void check_tiers(linter *L, const json_t *obj)
{
	const json_t *arr = field(L, obj, L->cur_path, "tiers", JSONX_ARRAY, false);
	if (!arr)
		return;
	char base[LINT_PATH_MAX], path[LINT_PATH_MAX], offset_path[LINT_PATH_MAX];
	jsonx_path_key(base, sizeof base, L->cur_path, "tiers");
	strmap *offsets = strmap_new();
	size_t i;
	const json_t *tier;
	json_array_foreach (arr, i, tier) {
		jsonx_path_index(path, sizeof path, base, i);
		if (!expect(L, tier, path, JSONX_OBJECT))
			continue;
		long long offset;
		if (count_field(L, tier, path, "offset", true, &offset)) {
			char key[32];
			snprintf(key, sizeof key, "%lld", offset);
			jsonx_path_key(offset_path, sizeof offset_path, path, "offset");
			if (strmap_put(offsets, key, (void *)tier))
				lint_report(L, LINT_ERROR, offset_path,
					    _("tier offset %lld is repeated"), offset);
		}
		money price;
		money_field(L, tier, path, "price", true, &price);
	}
	strmap_free(offsets, NULL);
}

/* Distinct option ids of the group; *choosable counts those that exist as items. */
static strmap *option_set(const linter *L, const json_t *options, size_t *choosable)
{
	strmap *set = strmap_new();
	*choosable = 0;
	size_t i;
	const json_t *v;
	json_array_foreach (options, i, v) {
		const char *id = json_string_value(v);
		if (!id || strmap_get(set, id))
			continue;
		strmap_put(set, id, (void *)v);
		if (lint_lookup(&L->items, id))
			(*choosable)++;
	}
	return set;
}

static void check_minimum(linter *L, long long min, const group_facts *g, size_t choosable)
{
	char path[LINT_PATH_MAX];
	jsonx_path_key(path, sizeof path, L->cur_path, "minimumAllowed");
	if (g->max_ok && min > g->max) {
		lint_report(L, LINT_ERROR, path,
			    _("minimumAllowed (%lld) is greater than maximumAllowed (%lld)"), min,
			    g->max);
	} else if (g->options && g->duplicates_known && min > 0) {
		if (choosable == 0)
			lint_report(L, LINT_ERROR, path,
				    _("minimumAllowed (%lld) cannot be reached: the group has no "
				      "options"),
				    min);
		else if (!g->duplicates && choosable < (unsigned long long)min)
			lint_report(L, LINT_ERROR, path,
				    _("minimumAllowed (%lld) cannot be reached: only %zu distinct "
				      "options and duplicates are not enabled"),
				    min, choosable);
	}
}

/* A group that lists options but allows none of them (maximumAllowed 0): the picker shows
   options nobody can choose. A required one is already an error (minimum above maximum). */
static void check_maximum_zero(linter *L, bool required, const group_facts *g, size_t choosable)
{
	if (L->errors_only || !g->max_ok || g->max != 0 || required || choosable == 0)
		return;
	char path[LINT_PATH_MAX];
	lint_report(L, LINT_WARNING, key_path(path, L->cur_path, "maximumAllowed"),
		    ngettext("maximumAllowed is 0: its %zu option can never be chosen",
			     "maximumAllowed is 0: its %zu options can never be chosen",
			     (unsigned long)choosable),
		    choosable);
}

static void check_group(linter *L, lint_node *node, const json_t *obj)
{
	own_id_field(L, obj, "modifierGroupId");
	name_field(L, obj, true);
	const json_t *options =
	    ref_list(L, obj, "itemIds", true, &L->items, N_("option item \"%s\" does not exist"));
	node->refs = options;
	group_facts g = {0};
	long long min = 0;
	bool min_ok = count_field(L, obj, L->cur_path, "minimumAllowed", true, &min);
	g.max_ok = count_field(L, obj, L->cur_path, "maximumAllowed", true, &g.max);
	const json_t *dup = field(L, obj, L->cur_path, "enableDuplicateItems", JSONX_BOOL, false);
	g.duplicates = json_is_true(dup);
	g.duplicates_known = dup || !jsonx_has(obj, "enableDuplicateItems");
	size_t choosable = 0;
	if (options)
		g.options = option_set(L, options, &choosable);
	if (min_ok)
		check_minimum(L, min, &g, choosable);
	check_maximum_zero(L, min_ok && min > 0, &g, choosable);
	check_defaults(L, obj, &g);
	check_tiers(L, obj);
	strmap_free(g.options, NULL);
}

/* ---------------------------------------------------------------- maps */

lint_node *lint_lookup(const lint_map *map, const char *id)
{
	return id ? strmap_get(map->by_id, id) : NULL;
}

/* Indexes one top-level map so references resolve in O(1). */
static void index_map(linter *L, const json_t *root, lint_map *map, const char *path, unsigned rank)
{
	map->path = path;
	map->rank = rank;
	map->by_id = strmap_new_borrowing(); /* the ids are the tree's keys, which outlive it */
	const char *key = path + 2;	     /* "$.items" -> "items" */
	json_t *obj = json_object_get(root, key);
	if (!obj || json_is_null(obj)) {
		lint_report(L, LINT_ERROR, path, _("%s is required"), key);
		return;
	}
	if (!expect(L, obj, path, JSONX_OBJECT))
		return;
	map->nodes = xcalloc(json_object_size(obj), sizeof *map->nodes);
	const char *id;
	json_t *value;
	json_object_foreach (obj, id, value) {
		lint_node *node = &map->nodes[map->n];
		node->id = id;
		node->index = map->n++;
		node->obj = json_is_object(value) ? value : NULL;
		node->value = value;
		strmap_put(map->by_id, id, node);
	}
}

static void check_map(linter *L, lint_map *map)
{
	for (size_t i = 0; i < map->n; i++) {
		lint_node *node = &map->nodes[i];
		lint_set_subject(L, map, node);
		jsonx_members_read(&L->entry, node->obj);
		if (!node->obj) {
			lint_report(L, LINT_ERROR, L->cur_path, _("must be an object, got %s"),
				    jsonx_type_name(node->value));
			continue;
		}
		switch (map->rank) {
		case RANK_CATALOGS:
			check_catalog(L, node->obj);
			break;
		case RANK_SECTIONS:
			check_section(L, node, node->obj);
			break;
		case RANK_ITEMS:
			check_item(L, node, node->obj);
			break;
		default:
			check_group(L, node, node->obj);
			break;
		}
	}
	lint_set_subject(L, NULL, NULL);
	L->entry.obj = NULL;
}

static void free_map(lint_map *map)
{
	free(map->nodes);
	strmap_free(map->by_id, NULL);
}

/* ---------------------------------------------------------------- public face */

static lint_result *lint_with(const json_t *root, bool errors_only)
{
	linter L = {.errors_only = errors_only};
	L.res = xcalloc(1, sizeof *L.res);
	lint_set_subject(&L, NULL, NULL);
	if (!json_is_object(root)) {
		lint_report(&L, LINT_ERROR, "$", _("a catalog set must be an object, got %s"),
			    root ? jsonx_type_name(root) : "nothing");
		return L.res;
	}
	field(&L, root, "$", "catalogSetId", JSONX_STRING, false);
	field(&L, root, "$", "storeId", JSONX_STRING, false);
	index_map(&L, root, &L.catalogs, "$.catalogs", RANK_CATALOGS);
	index_map(&L, root, &L.sections, "$.sections", RANK_SECTIONS);
	index_map(&L, root, &L.items, "$.items", RANK_ITEMS);
	index_map(&L, root, &L.groups, "$.modifierGroups", RANK_GROUPS);
	L.res->n_items = L.items.n;
	L.res->n_groups = L.groups.n;
	check_map(&L, &L.catalogs);
	check_map(&L, &L.sections);
	check_map(&L, &L.items);
	check_map(&L, &L.groups);
	lint_check_section_cycles(&L);
	lint_check_modifier_cycles(&L);
	if (!errors_only) {
		lint_check_reachability(&L);
		lint_check_starting_at(&L, root);
	}
	free_map(&L.catalogs);
	free_map(&L.sections);
	free_map(&L.items);
	free_map(&L.groups);
	lint_sort_findings(L.res);
	return L.res;
}

lint_result *lint_catalog_json(const json_t *root)
{
	return lint_with(root, false);
}

size_t lint_count_errors(const json_t *root)
{
	lint_result *r = lint_with(root, true);
	size_t n = r->n_errors;
	lint_result_free(r);
	return n;
}

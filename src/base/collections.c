#include "base/collections.h"

#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void str_list_push(str_list *list, const char *s)
{
	list->v = xrealloc(list->v, (list->n + 1) * sizeof *list->v);
	list->v[list->n++] = xstrdup(s);
}

bool str_list_contains(const str_list *list, const char *s)
{
	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->v[i], s) == 0)
			return true;
	return false;
}

void str_list_clear(str_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		free(list->v[i]);
	free(list->v);
	list->v = NULL;
	list->n = 0;
}

void str_list_copy(str_list *dst, const str_list *src)
{
	str_list_clear(dst);
	for (size_t i = 0; i < src->n; i++)
		str_list_push(dst, src->v[i]);
}

void str_trim_partial_utf8(char *s)
{
	size_t len = strlen(s), start = len;
	while (start > 0 && ((unsigned char)s[start - 1] & 0xc0) == 0x80 && len - start < 3)
		start--; /* continuation bytes of the last character */
	if (start == 0 || (unsigned char)s[start - 1] < 0xc0)
		return; /* ASCII, or no lead byte before them: nothing to judge */
	unsigned char lead = (unsigned char)s[start - 1];
	size_t want = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
	if (len - (start - 1) < want)
		s[start - 1] = '\0';
}

bool str_is_bidi_control(unsigned long cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

unsigned long str_bidi_control_at(const char *s)
{
	const unsigned char *c = (const unsigned char *)s;
	if (c[0] != 0xe2 || (c[1] & 0xc0) != 0x80 || (c[2] & 0xc0) != 0x80)
		return 0;
	unsigned long cp = 0x2000ul | (c[1] & 0x3ful) << 6 | (c[2] & 0x3ful);
	return str_is_bidi_control(cp) ? cp : 0;
}

/*
 * Open addressing over indexes into an insertion-ordered entry array: lookups are
 * O(1) and iteration follows insertion order. Entries are never removed (models
 * are built once and read many times), which keeps probing simple.
 */
struct strmap_entry {
	char *key;
	void *value;
	uint64_t hash;
};

struct strmap {
	struct strmap_entry *entries;
	size_t count, cap_entries;
	size_t *slots;	/* index + 1; 0 = empty */
	size_t n_slots; /* power of two */
	bool borrowing; /* keys are the caller's: neither copied nor freed */
};

static uint64_t hash_string(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

strmap *strmap_new(void)
{
	strmap *map = xcalloc(1, sizeof *map);
	map->n_slots = 16;
	map->slots = xcalloc(map->n_slots, sizeof *map->slots);
	return map;
}

strmap *strmap_new_borrowing(void)
{
	strmap *map = strmap_new();
	map->borrowing = true;
	return map;
}

void strmap_free(strmap *map, void (*free_value)(void *))
{
	if (!map)
		return;
	for (size_t i = 0; i < map->count; i++) {
		if (!map->borrowing)
			free(map->entries[i].key);
		if (free_value)
			free_value(map->entries[i].value);
	}
	free(map->entries);
	free(map->slots);
	free(map);
}

static size_t *find_slot(const strmap *map, const char *key, uint64_t hash)
{
	size_t mask = map->n_slots - 1;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		size_t *slot = &map->slots[i];
		if (*slot == 0)
			return slot;
		const struct strmap_entry *e = &map->entries[*slot - 1];
		if (e->hash == hash && strcmp(e->key, key) == 0)
			return slot;
	}
}

static void grow_slots(strmap *map)
{
	free(map->slots);
	map->n_slots *= 2;
	map->slots = xcalloc(map->n_slots, sizeof *map->slots);
	for (size_t i = 0; i < map->count; i++)
		*find_slot(map, map->entries[i].key, map->entries[i].hash) = i + 1;
}

void *strmap_put(strmap *map, const char *key, void *value)
{
	uint64_t hash = hash_string(key);
	size_t *slot = find_slot(map, key, hash);
	if (*slot) {
		struct strmap_entry *e = &map->entries[*slot - 1];
		void *old = e->value;
		e->value = value;
		if (map->borrowing) /* the old key may go with the old value */
			e->key = (char *)key;
		return old;
	}
	if (map->count == map->cap_entries) {
		map->cap_entries = map->cap_entries ? map->cap_entries * 2 : 16;
		map->entries = xrealloc(map->entries, map->cap_entries * sizeof *map->entries);
	}
	char *kept = map->borrowing ? (char *)key : xstrdup(key);
	map->entries[map->count] = (struct strmap_entry){kept, value, hash};
	*slot = ++map->count;
	if (map->count * 4 >= map->n_slots * 3)
		grow_slots(map);
	return NULL;
}

void *strmap_get(const strmap *map, const char *key)
{
	if (!map || !key)
		return NULL;
	size_t *slot = find_slot(map, key, hash_string(key));
	return *slot ? map->entries[*slot - 1].value : NULL;
}

size_t strmap_count(const strmap *map)
{
	return map ? map->count : 0;
}

size_t strmap_remove_if(strmap *map, bool (*drop)(const char *key, void *value, void *user),
			void *user, void (*free_value)(void *))
{
	size_t kept = 0, count = map->count;
	for (size_t i = 0; i < count; i++) {
		struct strmap_entry e = map->entries[i];
		if (drop(e.key, e.value, user)) {
			if (!map->borrowing)
				free(e.key);
			if (free_value)
				free_value(e.value);
		} else {
			map->entries[kept++] = e;
		}
	}
	map->count = kept;
	if (kept != count) { /* slots hold indexes: rebuild them */
		memset(map->slots, 0, map->n_slots * sizeof *map->slots);
		for (size_t i = 0; i < kept; i++)
			*find_slot(map, map->entries[i].key, map->entries[i].hash) = i + 1;
	}
	return count - kept;
}

const char *strmap_key_at(const strmap *map, size_t i)
{
	return i < map->count ? map->entries[i].key : NULL;
}

void *strmap_value_at(const strmap *map, size_t i)
{
	return i < map->count ? map->entries[i].value : NULL;
}

size_t str_control_at(const char *s, unsigned long *cp)
{
	const unsigned char *c = (const unsigned char *)s;
	unsigned long bidi;
	if (c[0] && (c[0] < 0x20 || c[0] == 0x7f)) {
		*cp = c[0];
		return 1;
	}
	if (c[0] == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f) { /* its code point is its 2nd byte */
		*cp = c[1];
		return 2;
	}
	if ((bidi = str_bidi_control_at(s))) {
		*cp = bidi;
		return 3;
	}
	return 0;
}

void str_blank_controls(char *s)
{
	char *w = s;
	unsigned long cp;
	for (const char *r = s; *r;) {
		size_t n = str_control_at(r, &cp);
		if (n) {
			*w++ = ' ';
			r += n;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

const char *str_thousands(unsigned long long n, char *out, size_t out_len)
{
	char digits[24];
	int len = snprintf(digits, sizeof digits, "%llu", n);
	size_t w = 0;
	for (int i = 0; i < len && w + 2 < out_len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[w++] = ',';
		out[w++] = digits[i];
	}
	if (out_len)
		out[w] = '\0';
	return out;
}

long long count_add(long long a, long long b)
{
	return a > LLONG_MAX - b ? LLONG_MAX : a + b;
}

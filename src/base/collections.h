/*
 * Small containers the models need: a string list and a string-keyed hash map
 * that keeps insertion order (so output is deterministic and follows the wire).
 */
#ifndef GETT_COLLECTIONS_H
#define GETT_COLLECTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/xalloc.h"

typedef struct str_list {
	char **v;
	size_t n;
} str_list;

void str_list_push(str_list *list, const char *s); /* copies s */
bool str_list_contains(const str_list *list, const char *s);
void str_list_clear(str_list *list);
void str_list_copy(str_list *dst, const str_list *src);

/* Text cut to a fixed buffer (snprintf) may end inside a UTF-8 character: drops that partial
   last character, so the text stays valid UTF-8 (jansson refuses anything else). */
void str_trim_partial_utf8(char *s);
/* a + b for counts that cannot be negative (b >= 0), LLONG_MAX rather than overflow: a
   quantity from a file or a server is only known to be at least 1. */
long long count_add(long long a, long long b);

/* n in decimal with a comma every three digits ("2,377"), as US English writes numbers (money,
   distances); cut to fit out_len. */
const char *str_thousands(unsigned long long n, char *out, size_t out_len);

/* The control character s starts with: C0 and DEL (1 byte), a C1 control (U+0080..U+009F, 2
   bytes) or a bidirectional control (str_is_bidi_control, 3 bytes). Returns its length and
   sets *cp; 0 when s does not start with one. The one rule for what lint, a log or a message
   must not pass on raw (the screen's own, ui_wide, works on wide characters). */
size_t str_control_at(const char *s, unsigned long *cp);
/* Every control character of s (str_control_at) becomes one space, in place: text from
   outside, such as a server's words, that goes to a terminal or a log as it is. */
void str_blank_controls(char *s);

/* Whether code point cp is a Unicode bidirectional formatting control that reorders the text
   around it: the embeddings and overrides U+202A..U+202E (LRE, RLE, PDF, LRO, RLO) and the
   isolates U+2066..U+2069 (LRI, RLI, FSI, PDI), the "Trojan Source" set (CVE-2021-42574). A
   terminal that implements bidi shows a row with one out of the order it was written, and the
   control itself has no width. The marks U+200E, U+200F (LRM, RLM) and U+061C (ALM) are not
   in it: real right-to-left menus (Hebrew, Arabic) use them, and they reorder nothing by
   themselves. The one home of this test: the UI shows these escaped, lint warns of them
   (docs/tui.md). */
bool str_is_bidi_control(unsigned long cp);
/* The code point of the control of that set that UTF-8 text s starts with (every one is
   three bytes, E2 80 xx or E2 81 xx), else 0. */
unsigned long str_bidi_control_at(const char *s);

typedef struct strmap strmap;

strmap *strmap_new(void);
/* A map that keeps its keys as given instead of copying them: each key must stay valid while its
   entry is in the map (a model whose values hold their own id, in memory that outlives the map). */
strmap *strmap_new_borrowing(void);
/* free_value may be NULL. */
void strmap_free(strmap *map, void (*free_value)(void *));
/* Inserts or replaces; returns the previous value (caller frees) or NULL. The key is copied
   (strmap_new_borrowing: the key given is kept, on replacing too). */
void *strmap_put(strmap *map, const char *key, void *value);
void *strmap_get(const strmap *map, const char *key);
size_t strmap_count(const strmap *map);
/* Iteration in insertion order, i in [0, strmap_count). */
const char *strmap_key_at(const strmap *map, size_t i);
void *strmap_value_at(const strmap *map, size_t i);
/* Removes every entry for which drop(key, value, user) is true, visiting them in insertion
   order (so a caller can drop the oldest first); the rest keep their order. free_value (may
   be NULL) frees each removed value. Returns how many were removed. One pass: O(count). */
size_t strmap_remove_if(strmap *map, bool (*drop)(const char *key, void *value, void *user),
			void *user, void (*free_value)(void *));

/* An intrusive doubly linked list: `head` points at the first node, each node has the members
   `prev` and `next`. Pushing puts the node first; unlinking leaves its links NULL. */
#define DLIST_PUSH(head, node)                                                                     \
	do {                                                                                       \
		(node)->prev = NULL;                                                               \
		(node)->next = (head);                                                             \
		if (head)                                                                          \
			(head)->prev = (node);                                                     \
		(head) = (node);                                                                   \
	} while (0)
#define DLIST_UNLINK(head, node)                                                                   \
	do {                                                                                       \
		if ((node)->prev)                                                                  \
			(node)->prev->next = (node)->next;                                         \
		else                                                                               \
			(head) = (node)->next;                                                     \
		if ((node)->next)                                                                  \
			(node)->next->prev = (node)->prev;                                         \
		(node)->prev = (node)->next = NULL;                                                \
	} while (0)

#endif

/*
 * A region: many small allocations made one after another and dropped all at once, for a
 * structure built once, read, then freed whole (a parsed JSON document, a catalog set). One
 * free unmaps a few blocks instead of freeing every value one by one, and values made together
 * sit together in memory.
 *
 * Blocks are mapped from the system (mmap), each at least twice the one before; memory is never
 * reused inside an arena, so every allocation comes zeroed.
 */
#ifndef GETT_ARENA_H
#define GETT_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct arena arena;

/* An arena whose first block holds about `first` bytes (0: a page); it is mapped at once, but
   pages never touched cost nothing. */
arena *arena_new(size_t first);
/* Frees every allocation of the arena and the arena (NULL is allowed). */
void arena_free(arena *a);

/* n zeroed bytes aligned as malloc aligns them (0 bytes: a valid pointer, not to be written);
   aborts when out of memory, like xmalloc. */
void *arena_alloc(arena *a, size_t n);
/* The same, but NULL when the system refuses memory (a parser that reports it itself). */
void *arena_try_alloc(arena *a, size_t n);
/* n zeroed elements of `size` bytes (arena_alloc), the product checked for overflow. */
void *arena_alloc_array(arena *a, size_t n, size_t size);
/* A copy of the len bytes at s, NUL-terminated. */
char *arena_strndup(arena *a, const char *s, size_t len);
/* A copy of s; NULL stays NULL. */
char *arena_strdup(arena *a, const char *s);

/* The bytes of its blocks, less the unused end of the newest: what the arena holds, which
   malloc's statistics do not see (make bench's catalog memory). */
size_t arena_used(const arena *a);
/* Whether p points into one of the arena's blocks. */
bool arena_owns(const arena *a, const void *p);

#endif

/*
 * Allocation helpers that abort on out-of-memory: nothing sensible can continue without memory.
 */
#ifndef GETT_XALLOC_H
#define GETT_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s); /* xstrdup(NULL) == NULL */
/* What they do when memory runs out (for allocators of their own, base/arena.h): says so, aborts.
 */
_Noreturn void xout_of_memory(void);
/* Overwrites a secret string (key, token) with zeros, then frees it; NULL is fine. */
void xwipe_free(char *s);

#endif

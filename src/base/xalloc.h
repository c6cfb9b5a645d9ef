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
/* Overwrites a secret string (key, token) with zeros, then frees it; NULL is fine. */
void xwipe_free(char *s);

#endif

#include "base/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/xalloc.h"

/* One mapping; allocations follow the header, in order. */
typedef struct arena_block {
	struct arena_block *next;
	size_t size; /* bytes of the mapping, header included */
} arena_block;

struct arena {
	char *next, *end;    /* the free part of the newest block */
	arena_block *blocks; /* newest first */
};

#define ARENA_ALIGN	       16 /* malloc's alignment on the platforms we build for */
#define ARENA_LARGE_PAGES_FROM ((size_t)16 << 20)

static size_t align_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

static arena_block *block_new(size_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	size = align_up(size, page > 0 ? (size_t)page : 4096);
	/* mmap, not malloc: freeing the arena gives the pages back to the system at once. */
	void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	/* Large pages where the system gives them on request: a tenth fewer cycles for a parse
	   that touches every page once. Only a hint, and only for a big block: a large page is
	   resident whole once touched, so a small arena kept for long (a catalog set) would hold
	   up to 2 MiB a block it does not use. */
	if (size >= ARENA_LARGE_PAGES_FROM)
		madvise(m, size, MADV_HUGEPAGE);
#endif
	arena_block *b = m;
	b->next = NULL;
	b->size = size;
	return b;
}

/* Makes b the block allocations come from. */
static void use_block(arena *a, arena_block *b)
{
	b->next = a->blocks;
	a->blocks = b;
	a->next = (char *)b + align_up(sizeof *b, ARENA_ALIGN);
	a->end = (char *)b + b->size;
}

arena *arena_new(size_t first)
{
	arena *a = xcalloc(1, sizeof *a);
	arena_block *b = block_new(first ? first : 1); /* rounded up to a page */
	if (b)					       /* else arena_try_alloc maps smaller ones */
		use_block(a, b);
	return a;
}

void arena_free(arena *a)
{
	if (!a)
		return;
	for (arena_block *b = a->blocks, *next; b; b = next) {
		next = b->next;
		munmap(b, b->size);
	}
	free(a);
}

/* A new block for an allocation of n bytes that the current one has no room for. */
static bool grow(arena *a, size_t n)
{
	if (n > SIZE_MAX / 4) /* no system maps that much; n * 2 below must not wrap */
		return false;
	size_t grown = a->blocks && a->blocks->size <= SIZE_MAX / 4 ? a->blocks->size * 2 : 0;
	arena_block *b = block_new(grown > n * 2 ? grown : n * 2 + 4096);
	if (!b)
		return false;
	use_block(a, b);
	return true;
}

/* Called for every value of a parsed document (base/jsonx.h): kept to a few instructions. */
void *arena_try_alloc(arena *a, size_t n)
{
	if (n > SIZE_MAX - ARENA_ALIGN) /* align_up would wrap to a small size */
		return NULL;
	n = align_up(n, ARENA_ALIGN); /* 0 bytes: a pointer that may be the next one's */
	if ((size_t)(a->end - a->next) < n && !grow(a, n))
		return NULL;
	void *p = a->next;
	a->next += n;
	return p;
}

void *arena_alloc(arena *a, size_t n)
{
	void *p = arena_try_alloc(a, n);
	if (!p)
		xout_of_memory();
	return p;
}

void *arena_alloc_array(arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		xout_of_memory();
	return arena_alloc(a, n * size);
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
	char *copy = arena_alloc(a, len + 1); /* zeroed: the NUL is there */
	memcpy(copy, s, len);
	return copy;
}

char *arena_strdup(arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

size_t arena_used(const arena *a)
{
	size_t used = 0;
	for (const arena_block *b = a->blocks; b; b = b->next)
		used += b == a->blocks ? (size_t)(a->next - (const char *)b) : b->size;
	return used;
}

bool arena_owns(const arena *a, const void *p)
{
	for (const arena_block *b = a->blocks; b; b = b->next)
		if ((const char *)p >= (const char *)b &&
		    (const char *)p < (const char *)b + b->size)
			return true;
	return false;
}

/*
 * Disk cache of CatalogSet documents by catalogSetId, in $XDG_CACHE_HOME/gett-tui/catalogs/.
 * A catalogSetId names an immutable catalog version (contract §1.5), so an entry never
 * goes stale; it only stops being used. The raw JSON text is kept; the API layer parses
 * it (catalog_set_from_json) and removes an entry that fails to parse.
 *
 * The total size is bounded; least recently used entries go first. Recency is the file's
 * mtime, set on store and on every hit (atime is unreliable under noatime/relatime).
 */
#ifndef GETT_CATALOG_CACHE_H
#define GETT_CATALOG_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#define CATALOG_CACHE_DEFAULT_MAX_BYTES (64ULL * 1024 * 1024)

typedef struct catalog_cache catalog_cache;

/* dir NULL: $XDG_CACHE_HOME/gett-tui/catalogs (created 0700). max_bytes 0: the default. */
catalog_cache *catalog_cache_open(const char *dir, unsigned long long max_bytes, char *err,
				  size_t err_len);
void catalog_cache_close(catalog_cache *cache);

/* Ids are GUIDs per the contract; accepted: 1-128 of [A-Za-z0-9_-]. Nothing else can
   reach the file system ("/", "..", "." are all refused). */
bool catalog_cache_id_valid(const char *catalog_set_id);

/*
 * The cached text (NUL-terminated, caller frees) and marks the entry as just used.
 * NULL with err[0] == '\0' on a miss; NULL with err set on a bad id or an I/O error.
 */
char *catalog_cache_get(catalog_cache *cache, const char *catalog_set_id, size_t *len, char *err,
			size_t err_len);

/*
 * Stores the text atomically, then evicts least recently used entries until the total is
 * within the bound (the new entry is kept). A document larger than the bound is refused.
 */
bool catalog_cache_put(catalog_cache *cache, const char *catalog_set_id, const char *json,
		       size_t len, char *err, size_t err_len);

/* Drops one entry (e.g. it failed to parse). A missing entry is success. */
bool catalog_cache_remove(catalog_cache *cache, const char *catalog_set_id, char *err,
			  size_t err_len);

/* Sum of the entries' sizes now on disk. */
unsigned long long catalog_cache_total_bytes(catalog_cache *cache);

#endif

#include "persist/catalog_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/collections.h"
#include "base/i18n.h"
#include "base/xdg.h"

#define MAX_ID_LEN  128
#define FILE_SUFFIX ".json"

struct catalog_cache {
	char *dir;
	unsigned long long max_bytes;
};

typedef struct cached_file {
	char *name;
	unsigned long long size;
	struct timespec used; /* mtime */
} cached_file;

bool catalog_cache_id_valid(const char *id)
{
	size_t n = id ? strlen(id) : 0;
	if (n == 0 || n > MAX_ID_LEN)
		return false;
	return strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

static char *entry_path(const catalog_cache *c, const char *id)
{
	char name[MAX_ID_LEN + sizeof FILE_SUFFIX];
	snprintf(name, sizeof name, "%s%s", id, FILE_SUFFIX);
	return xdg_path_join(c->dir, name);
}

static bool check_id(const char *id, char *err, size_t err_len)
{
	if (catalog_cache_id_valid(id))
		return true;
	snprintf(err, err_len, _("catalogSetId is not a valid identifier"));
	return false;
}

catalog_cache *catalog_cache_open(const char *dir, unsigned long long max_bytes, char *err,
				  size_t err_len)
{
	char *path = xdg_app_subdir_made(dir, XDG_CACHE, "catalogs",
					 _("cannot create the catalog cache %s: %s"), err, err_len);
	if (!path)
		return NULL;
	catalog_cache *c = xcalloc(1, sizeof *c);
	c->dir = path;
	c->max_bytes = max_bytes ? max_bytes : CATALOG_CACHE_DEFAULT_MAX_BYTES;
	return c;
}

void catalog_cache_close(catalog_cache *c)
{
	if (!c)
		return;
	free(c->dir);
	free(c);
}

char *catalog_cache_get(catalog_cache *c, const char *id, size_t *len, char *err, size_t err_len)
{
	err[0] = '\0';
	*len = 0;
	if (!check_id(id, err, err_len))
		return NULL;
	char *path = entry_path(c, id);
	char *text = NULL;
	if (file_read(path, &text, len))
		utimensat(AT_FDCWD, path, NULL, 0); /* now = most recently used */
	else if (errno != ENOENT)
		snprintf(err, err_len, _("cannot read the cached catalog %s: %s"), path,
			 strerror(errno));
	free(path);
	return text;
}

/* Cache entries on disk; hidden names (atomic_file temporaries) and strangers excluded. */
static cached_file *list_entries(const catalog_cache *c, size_t *n)
{
	*n = 0;
	DIR *d = opendir(c->dir);
	if (!d)
		return NULL;
	cached_file *v = NULL;
	size_t sl = strlen(FILE_SUFFIX);
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		size_t len = strlen(name);
		if (name[0] == '.' || len <= sl || strcmp(name + len - sl, FILE_SUFFIX) != 0)
			continue;
		struct stat st;
		if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
			continue;
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[*n] = (cached_file){xstrdup(name), (unsigned long long)st.st_size, st.st_mtim};
		(*n)++;
	}
	closedir(d);
	return v;
}

static void free_entries(cached_file *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

static int least_recent_first(const void *a, const void *b)
{
	const cached_file *x = a, *y = b;
	if (x->used.tv_sec != y->used.tv_sec)
		return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
	if (x->used.tv_nsec != y->used.tv_nsec)
		return x->used.tv_nsec < y->used.tv_nsec ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void evict(catalog_cache *c, const char *keep_name)
{
	size_t n;
	cached_file *v = list_entries(c, &n);
	unsigned long long total = 0;
	for (size_t i = 0; i < n; i++)
		total += v[i].size;
	qsort(v, n, sizeof *v, least_recent_first);
	for (size_t i = 0; i < n && total > c->max_bytes; i++) {
		if (strcmp(v[i].name, keep_name) == 0)
			continue;
		char *path = xdg_path_join(c->dir, v[i].name);
		if (unlink(path) == 0 || errno == ENOENT)
			total -= v[i].size;
		free(path);
	}
	free_entries(v, n);
}

bool catalog_cache_put(catalog_cache *c, const char *id, const char *json, size_t len, char *err,
		       size_t err_len)
{
	if (!check_id(id, err, err_len))
		return false;
	if (len > c->max_bytes) {
		snprintf(err, err_len, _("catalog %s (%zu bytes) is larger than the whole cache"),
			 id, len);
		return false;
	}
	char *path = entry_path(c, id);
	bool ok = file_write_atomic(path, json, len, 0600);
	if (!ok)
		snprintf(err, err_len, _("cannot write the cached catalog %s: %s"), path,
			 strerror(errno));
	free(path);
	if (ok) {
		char name[MAX_ID_LEN + sizeof FILE_SUFFIX];
		snprintf(name, sizeof name, "%s%s", id, FILE_SUFFIX);
		evict(c, name);
	}
	return ok;
}

bool catalog_cache_remove(catalog_cache *c, const char *id, char *err, size_t err_len)
{
	if (!check_id(id, err, err_len))
		return false;
	char *path = entry_path(c, id);
	bool ok = unlink(path) == 0 || errno == ENOENT;
	if (!ok)
		snprintf(err, err_len, _("cannot remove the cached catalog %s: %s"), path,
			 strerror(errno));
	free(path);
	return ok;
}

unsigned long long catalog_cache_total_bytes(catalog_cache *c)
{
	size_t n;
	cached_file *v = list_entries(c, &n);
	unsigned long long total = 0;
	for (size_t i = 0; i < n; i++)
		total += v[i].size;
	free_entries(v, n);
	return total;
}

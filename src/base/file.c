#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "base/collections.h"

/* Splits "a/b/c" into a heap "a/b" (or "." for a bare name) and a pointer to "c". */
static char *dir_of(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	if (!slash) {
		*base = path;
		return xstrdup(".");
	}
	*base = slash + 1;
	if (slash == path)
		return xstrdup("/");
	size_t n = (size_t)(slash - path);
	char *dir = xmalloc(n + 1);
	memcpy(dir, path, n);
	dir[n] = '\0';
	return dir;
}

static bool write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += w;
		len -= (size_t)w;
	}
	return true;
}

/* Makes a rename or unlink inside `dir` durable. */
static bool fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0;
	int saved = errno;
	close(fd);
	errno = saved;
	return ok;
}

/* fsync_dir() of path's directory, keeping errno from it. */
static bool fsync_parent(const char *path)
{
	const char *base;
	char *dir = dir_of(path, &base);
	bool ok = fsync_dir(dir);
	int saved = errno;
	free(dir);
	errno = saved;
	return ok;
}

bool file_write_atomic(const char *path, const void *data, size_t len, mode_t mode)
{
	const char *base;
	char *dir = dir_of(path, &base);
	size_t tl = strlen(dir) + strlen(base) + 16;
	char *tmp = xmalloc(tl);
	snprintf(tmp, tl, "%s/.%s.tmp-XXXXXX", dir, base);

	bool ok = false;
	int fd = mkostemp(tmp, O_CLOEXEC); /* 0600: never briefly readable by others */
	if (fd >= 0) {
		ok = fchmod(fd, mode) == 0 && write_all(fd, data, len) && fsync(fd) == 0;
		int saved = errno;
		if (close(fd) != 0 && ok) {
			saved = errno;
			ok = false;
		}
		if (ok && rename(tmp, path) != 0) {
			saved = errno;
			ok = false;
		}
		if (!ok)
			unlink(tmp);
		else if (!fsync_dir(dir)) {
			saved = errno;
			ok = false;
		}
		errno = saved;
	}
	int saved = errno;
	free(tmp);
	free(dir);
	errno = saved;
	return ok;
}

int file_open_regular(const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return FILE_NOT_REGULAR;
	}
	int flags = fcntl(fd, F_GETFL);
	if (flags >= 0)
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	return fd;
}

bool file_read(const char *path, char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	struct stat st;
	int fd = file_open_regular(path, &st);
	if (fd == FILE_NOT_REGULAR)
		errno = EINVAL;
	if (fd < 0)
		return false;
	/* Room for the whole file and its NUL at once; the loop still reads a file that grew. */
	size_t cap = st.st_size > 0 ? (size_t)st.st_size + 2 : 4096, n = 0;
	char *data = xmalloc(cap);
	for (;;) {
		if (cap - n < 2) {
			cap *= 2;
			data = xrealloc(data, cap);
		}
		ssize_t r = read(fd, data + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int saved = errno;
			free(data);
			close(fd);
			errno = saved;
			return false;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	data[n] = '\0';
	*buf = data;
	*len = n;
	return true;
}

bool file_read_stream(FILE *f, char **buf, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *data = xmalloc(cap);
	errno = 0;
	for (;;) {
		n += fread(data + n, 1, cap - n - 1, f);
		if (n < cap - 1)
			break;
		cap *= 2;
		data = xrealloc(data, cap);
	}
	if (ferror(f)) {
		int e = errno ? errno : EIO;
		free(data);
		errno = e;
		return false;
	}
	data[n] = '\0';
	*buf = data;
	*len = n;
	return true;
}

bool file_read_named(const char *path, char **buf, size_t *len)
{
	/* Asked first, not tried: file_read's non-blocking open of a FIFO would come and go before
	   the writer writes, and the writer would then die of SIGPIPE. */
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return file_read(path, buf, len);
	*buf = NULL;
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	bool ok = file_read_stream(f, buf, len);
	int saved = errno;
	fclose(f);
	errno = saved;
	return ok;
}

static bool mkdir_one(const char *path, mode_t mode)
{
	if (mkdir(path, mode) == 0)
		return true;
	if (errno != EEXIST)
		return false;
	struct stat st;
	if (stat(path, &st) != 0)
		return false;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return false;
	}
	return true;
}

bool file_mkdir_p(const char *path, mode_t mode)
{
	if (!path[0]) {
		errno = ENOENT;
		return false;
	}
	char *copy = xstrdup(path);
	bool ok = true;
	for (char *p = copy + 1; ok && *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		ok = mkdir_one(copy, mode);
		*p = '/';
	}
	if (ok)
		ok = mkdir_one(copy, mode);
	int saved = errno;
	free(copy);
	errno = saved;
	return ok;
}

bool file_remove_durable(const char *path)
{
	if (unlink(path) != 0)
		return errno == ENOENT;
	return fsync_parent(path);
}

bool file_set_aside(const char *path, const char *suffix, char *new_path, size_t new_path_len)
{
	for (unsigned attempt = 0; attempt < 1000; attempt++) {
		int n = attempt == 0
			    ? snprintf(new_path, new_path_len, "%s%s", path, suffix)
			    : snprintf(new_path, new_path_len, "%s.%u%s", path, attempt, suffix);
		if (n < 0 || (size_t)n >= new_path_len) {
			errno = ENAMETOOLONG;
			return false;
		}
		/* link() fails with EEXIST instead of replacing, which rename() would do. */
		if (link(path, new_path) == 0) {
			if (unlink(path) != 0) {
				int saved = errno;
				unlink(new_path);
				errno = saved;
				return false;
			}
			fsync_parent(path);
			return true;
		}
		if (errno == EEXIST)
			continue;
		/* No hard links here (some FUSE or FAT mounts): a check-then-rename is the best
		   available; only this user writes these directories anyway. */
		struct stat st;
		if (lstat(new_path, &st) == 0)
			continue;
		if (errno != ENOENT)
			return false;
		if (rename(path, new_path) != 0)
			return false;
		fsync_parent(path);
		return true;
	}
	errno = EEXIST;
	return false;
}

void file_name_for_pair(const char *namespace_uuid, const char *base_url, const char *user,
			char name[64])
{
	size_t ul = strlen(base_url), nl = strlen(user);
	char *input = xmalloc(ul + 1 + nl);
	memcpy(input, base_url, ul);
	input[ul] = '\0';
	memcpy(input + ul + 1, user, nl);
	uuid_t ns, id;
	uuid_parse(namespace_uuid, ns);
	uuid_generate_sha1(id, ns, input, ul + 1 + nl);
	free(input);
	char text[37];
	uuid_unparse_lower(id, text);
	snprintf(name, 64, "%s.json", text);
}

/*
 * File primitives shared by the config, the journal, the cart file and the catalog cache.
 * Writes are crash-safe: a reader of `path` sees either the old content or the new, never a torn
 * file: the data goes to a temporary file in the same directory, is fsync()ed, then
 * rename()d over `path`, and the directory is fsync()ed so the rename itself is durable.
 *
 * Every function returns true on success, or false with errno set (the caller words
 * the message, since only it knows what the file is for).
 */
#ifndef GETT_FILE_H
#define GETT_FILE_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/* Temporary files are named ".<basename>.tmp-XXXXXX": hidden, so directory scanners that
   only look at "*.json" names never mistake a crash leftover for a real entry. */
bool file_write_atomic(const char *path, const void *data, size_t len, mode_t mode);

/* Return of file_open_regular for a path that exists but is no regular file. */
#define FILE_NOT_REGULAR (-2)

/* Opens path read-only without ever waiting: a FIFO or a device named where a file is expected
   would block open() or read() for ever, so it is opened non-blocking and refused unless it is
   a regular file. Returns a blocking descriptor (caller closes) and fills *st; -1 with errno
   when it cannot be opened; FILE_NOT_REGULAR when it is something else than a file. */
int file_open_regular(const char *path, struct stat *st);

/* Reads the whole regular file (anything else fails with EINVAL); *buf is NUL-terminated
   (caller frees), *len excludes the NUL. */
bool file_read(const char *path, char **buf, size_t *len);
/* Reads all of a stream (standard input, a pipe) to its end; *buf as file_read's. False with
   errno on a read error. */
bool file_read_stream(FILE *f, char **buf, size_t *len);
/* Reads the whole of what `path` names, a regular file or not: a pipe, /dev/stdin, a shell's
   <(…). Blocking, so only for what a person named on the command line (a catalog), never for
   the files gett-tui finds itself (file_read). */
bool file_read_named(const char *path, char **buf, size_t *len);

/* The file name ("<uuid>.json") of what a program keeps per server and user (a cart, an order
   history): a name-based UUID (v5) of base_url and user in `namespace_uuid`, so neither the
   URL nor the user shows in the name and no two pairs collide (a NUL separates them, which a
   URL cannot contain). */
void file_name_for_pair(const char *namespace_uuid, const char *base_url, const char *user,
			char name[64]);

/* Creates path and any missing parents with `mode`; existing directories are left alone. */
bool file_mkdir_p(const char *path, mode_t mode);

/* Unlinks path and fsyncs its directory. A missing file is success. */
bool file_remove_durable(const char *path);

/*
 * Moves a damaged file out of the way without ever replacing another file: path becomes
 * "<path><suffix>", or "<path>.1<suffix>", "<path>.2<suffix>"... when taken. The new
 * name is written to new_path.
 */
bool file_set_aside(const char *path, const char *suffix, char *new_path, size_t new_path_len);

#endif

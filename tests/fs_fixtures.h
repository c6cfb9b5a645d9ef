/* Temporary directories and files for the tests of the client's file system modules. */
#ifndef GETT_TESTS_FS_FIXTURES_H
#define GETT_TESTS_FS_FIXTURES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "base/collections.h"

/* A fresh directory under $TMPDIR (or /tmp); heap path. Fails the test on error. */
char *fx_temp_dir(void);
/* Writes text to a fresh file under $TMPDIR (or /tmp); heap path, the caller unlinks it. Fails
   the test on error. */
char *fx_write_temp(const char *text);
/* rm -rf, without following symlinks. */
void fx_remove_tree(const char *path);
/* Writes text to dir/name (parents must exist) with the given mode; returns the heap path. */
char *fx_write(const char *dir, const char *name, const char *text, mode_t mode);
/* The file's content (heap) or NULL when it cannot be read. */
char *fx_read(const char *path);
bool fx_exists(const char *path);
/* The paths dir/NAME of the names in dir that end with suffix (NULL: all but . and ..), in
   directory order; none when dir cannot be read. */
str_list fx_list(const char *dir, const char *suffix);
/* How many fx_list finds. */
size_t fx_count(const char *dir, const char *suffix);
/* A fresh directory as fx_temp_dir, with XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_CACHE_HOME and
   HOME pointed into it (created); heap path. */
char *fx_xdg_root(void);

/* The state of a test of a file module: a fresh XDG root (fx_xdg_root, removed afterwards) and
   room for the module's messages. */
typedef struct fx_files {
	char *root;
	char err[1024];
	char problem[8192];
} fx_files;
/* cmocka setup and teardown: *state is an fx_files. */
int fx_files_setup(void **state);
int fx_files_teardown(void **state);

#endif

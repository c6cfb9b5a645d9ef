#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fs_fixtures.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/xdg.h"

/* A template for mkdtemp or mkstemp under $TMPDIR (or /tmp); heap. */
static char *temp_template(void)
{
	const char *tmp = getenv("TMPDIR");
	return xdg_path_join(tmp && tmp[0] == '/' ? tmp : "/tmp", "gett-test-XXXXXX");
}

char *fx_temp_dir(void)
{
	char *templ = temp_template();
	if (!mkdtemp(templ))
		fail_msg("mkdtemp failed");
	return templ;
}

char *fx_write_temp(const char *text)
{
	char *path = temp_template();
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t len = strlen(text);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

void fx_remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		chmod(path, 0700);
		DIR *d = opendir(path);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			char *child = xdg_path_join(path, de->d_name);
			fx_remove_tree(child);
			free(child);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

char *fx_write(const char *dir, const char *name, const char *text, mode_t mode)
{
	char *path = xdg_path_join(dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		fail_msg("cannot create %s", path);
	size_t len = strlen(text);
	if (write(fd, text, len) != (ssize_t)len)
		fail_msg("cannot write %s", path);
	fchmod(fd, mode);
	close(fd);
	return path;
}

char *fx_read(const char *path)
{
	char *buf;
	size_t len;
	return file_read(path, &buf, &len) ? buf : NULL;
}

bool fx_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

str_list fx_list(const char *dir, const char *suffix)
{
	str_list paths = {0};
	DIR *d = opendir(dir);
	if (!d)
		return paths;
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		size_t len = strlen(name), sl = suffix ? strlen(suffix) : 0;
		if (suffix && (len < sl || strcmp(name + len - sl, suffix) != 0))
			continue;
		char *path = xdg_path_join(dir, name);
		str_list_push(&paths, path);
		free(path);
	}
	closedir(d);
	return paths;
}

size_t fx_count(const char *dir, const char *suffix)
{
	str_list paths = fx_list(dir, suffix);
	size_t n = paths.n;
	str_list_clear(&paths);
	return n;
}

static void set_xdg(const char *root)
{
	static const char *const vars[][2] = {{"XDG_CONFIG_HOME", "config"},
					      {"XDG_STATE_HOME", "state"},
					      {"XDG_CACHE_HOME", "cache"},
					      {"HOME", "home"}};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		char *dir = xdg_path_join(root, vars[i][1]);
		mkdir(dir, 0700);
		setenv(vars[i][0], dir, 1);
		free(dir);
	}
}

char *fx_xdg_root(void)
{
	char *root = fx_temp_dir();
	set_xdg(root);
	return root;
}

int fx_files_setup(void **state)
{
	fx_files *f = calloc(1, sizeof *f);
	f->root = fx_xdg_root();
	*state = f;
	return 0;
}

int fx_files_teardown(void **state)
{
	fx_files *f = *state;
	fx_remove_tree(f->root);
	free(f->root);
	free(f);
	return 0;
}

#include "base/xdg.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/collections.h"
#include "base/file.h"
#include "base/i18n.h"

#define APP_DIR_NAME "gett-tui"

const char *xdg_home(void)
{
	const char *home = getenv("HOME");
	if (home && home[0] == '/')
		return home;
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
}

char *xdg_path_join(const char *dir, const char *name)
{
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	size_t nl = strlen(name);
	char *out = xmalloc(dl + 1 + nl + 1);
	memcpy(out, dir, dl);
	out[dl] = '/';
	memcpy(out + dl + 1, name, nl + 1);
	return out;
}

char *xdg_app_dir(xdg_kind kind, char *err, size_t err_len)
{
	static const struct {
		const char *var;
		const char *home_default;
	} table[] = {
	    [XDG_CONFIG] = {"XDG_CONFIG_HOME", ".config"},
	    [XDG_STATE] = {"XDG_STATE_HOME", ".local/state"},
	    [XDG_CACHE] = {"XDG_CACHE_HOME", ".cache"},
	};
	const char *env = getenv(table[kind].var);
	if (env && env[0] == '/')
		return xdg_path_join(env, APP_DIR_NAME);
	const char *home = xdg_home();
	if (!home) {
		snprintf(err, err_len, _("neither $%s nor $HOME is set to an absolute path"),
			 table[kind].var);
		return NULL;
	}
	char *base = xdg_path_join(home, table[kind].home_default);
	char *dir = xdg_path_join(base, APP_DIR_NAME);
	free(base);
	return dir;
}

char *xdg_app_subdir(const char *dir, xdg_kind kind, const char *name, char *err, size_t err_len)
{
	if (dir)
		return xstrdup(dir);
	char *app = xdg_app_dir(kind, err, err_len);
	char *sub = app ? xdg_path_join(app, name) : NULL;
	free(app);
	return sub;
}

char *xdg_app_subdir_made(const char *dir, xdg_kind kind, const char *name, const char *unmade,
			  char *err, size_t err_len)
{
	char *path = xdg_app_subdir(dir, kind, name, err, err_len);
	if (path && !file_mkdir_p(path, 0700)) {
		snprintf(err, err_len, unmade, path, strerror(errno));
		free(path);
		return NULL;
	}
	return path;
}

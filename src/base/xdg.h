/*
 * XDG base directories (XDG Base Directory Specification 0.8) for gett-tui:
 * $XDG_CONFIG_HOME, $XDG_STATE_HOME and $XDG_CACHE_HOME when set to an absolute
 * path, otherwise ~/.config, ~/.local/state and ~/.cache. Relative values are
 * ignored, as the specification requires.
 */
#ifndef GETT_XDG_H
#define GETT_XDG_H

#include <stddef.h>

typedef enum xdg_kind { XDG_CONFIG, XDG_STATE, XDG_CACHE } xdg_kind;

/* "<base>/gett-tui", heap-allocated; NULL (err set) when neither the variable nor a home
   directory is usable. Nothing is created. */
char *xdg_app_dir(xdg_kind kind, char *err, size_t err_len);
/* A heap copy of `dir` when given, else "<xdg_app_dir(kind)>/<name>"; NULL (err set) as
   xdg_app_dir. Nothing is created. */
char *xdg_app_subdir(const char *dir, xdg_kind kind, const char *name, char *err, size_t err_len);
/* xdg_app_subdir, then created with its parents (0700). When it cannot be, NULL with err set
   from `unmade`, a format of the path and the reason ("cannot create the catalog cache %s: %s"). */
char *xdg_app_subdir_made(const char *dir, xdg_kind kind, const char *name, const char *unmade,
			  char *err, size_t err_len);

/* The user's home directory ($HOME if absolute, else the password database), or NULL. */
const char *xdg_home(void);

/* "a/b" joined with one '/'; heap-allocated. */
char *xdg_path_join(const char *dir, const char *name);

#endif

/*
 * What gett-tui keeps per (API base URL, user) — the cart, the order history, the account's
 * choices — is one file each, found and checked the same way: $XDG_STATE_HOME/gett-tui/KIND/
 * (or a directory given), named by a name-based UUID of the URL and the user (file.h
 * file_name_for_pair), so neither appears in the name; both are stored inside, next to the
 * file's version, and checked on load, so a file copied from another account is never adopted.
 */
#ifndef GETT_KEYED_FILE_H
#define GETT_KEYED_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

typedef struct keyed_file {
	char *dir;	/* the kind's directory (created 0700 by keyed_file_write) */
	char *path;	/* dir/<uuid>.json */
	char *base_url; /* as given, less trailing '/' (one server, however it is written) */
	char *user;	/* partnerUserId or e-mail; "" for an anonymous session */
} keyed_file;

/* Names the file of (base_url, user) in `dir`, or with dir NULL in $XDG_STATE_HOME/gett-tui/
   `kind`; `namespace_uuid` is the kind's own (never changed, or its files are orphaned). False
   (err set) when no directory can be named. */
bool keyed_file_init(keyed_file *f, const char *dir, const char *kind, const char *namespace_uuid,
		     const char *base_url, const char *user, char *err, size_t err_len);
void keyed_file_clear(keyed_file *f);

/* A new file's root: {"version":version,"baseUrl":…,"user":…}; NULL when the URL or the user is
   not valid UTF-8 (a file missing them would only be found damaged on the next start). */
json_t *keyed_file_root(const keyed_file *f, long long version);
/* Whether `root` (read with jsonx_load_versioned, which gave `version`) is this file's: its
   baseUrl and user, and version `want`; else false with what is wrong in `why`. */
bool keyed_file_check(const keyed_file *f, const json_t *root, long long version, long long want,
		      char *why, size_t why_len);
/* Writes root (NULL: what keyed_file_root gave for invalid text) atomically, file 0600, making
   the directory 0700 first. False with a sentence in err naming the path: `what` is the file
   for people, e.g. _("the cart"). */
bool keyed_file_write(const keyed_file *f, const json_t *root, const char *what, char *err,
		      size_t err_len);

#endif

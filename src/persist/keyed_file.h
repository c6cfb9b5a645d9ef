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

/* Reads the rest of a file whose header was found right; false with what is wrong in `why`. */
typedef bool (*keyed_file_decoder)(const json_t *root, void *out, char *why, size_t why_len);

typedef enum keyed_file_read {
	KEYED_FILE_OK,
	KEYED_FILE_MISSING,  /* nothing was saved */
	KEYED_FILE_DAMAGED,  /* set aside as *.corrupt (when it could be): `problem` says so */
	KEYED_FILE_IO_ERROR, /* it could not be read, and is left in place: `problem` */
} keyed_file_read;

/*
 * Reads the file: its version (`version`), baseUrl and user are checked, then `decode(root,
 * out)` reads the rest. A file that fails either is damaged: it is renamed *.corrupt and
 * `problem` says "<what> <path> is damaged (<why>); it was moved to <path>.corrupt… and
 * <then>" (what: _("the saved cart"), then: _("the cart starts empty")). problem[0] is '\0'
 * unless DAMAGED or IO_ERROR.
 */
keyed_file_read keyed_file_load(const keyed_file *f, long long version, keyed_file_decoder decode,
				void *out, const char *what, const char *then, char *problem,
				size_t problem_len);
/* Writes root (NULL: what keyed_file_root gave for invalid text) atomically, file 0600, making
   the directory 0700 first. False with a sentence in err naming the path: `what` is the file
   for people, e.g. _("the cart"). */
bool keyed_file_write(const keyed_file *f, const json_t *root, const char *what, char *err,
		      size_t err_len);

#endif

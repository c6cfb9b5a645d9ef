/*
 * Exactly-once order placement (contract §2.10): before a place request is sent, its
 * Idempotency-Key, base URL and exact body are made durable in
 * $XDG_STATE_HOME/gett-tui/journal/<key>.json. A crash or a lost response leaves the
 * entry pending; at start-up the app replays it with the same key, and the server
 * answers with the original result instead of placing a second order.
 *
 * Entries are written atomically (atomic_file.h), files 0600 in a 0700 directory.
 * Damaged files are never deleted: they are renamed to "*.corrupt" and reported.
 */
#ifndef GETT_JOURNAL_H
#define GETT_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "base/collections.h"

#define JOURNAL_KEY_LEN 36 /* a lowercase UUID v4 */
/* The server deduplicates a key for 24 h; a pending entry older than this (a margin for
   clock skew) could be executed anew by a replay, so the user has to decide. */
#define JOURNAL_REPLAY_WINDOW_SECONDS (23 * 3600)
/* Finished entries are kept this long (to answer "was it placed?"), then pruned. */
#define JOURNAL_KEEP_FINISHED_SECONDS (7 * 24 * 3600)

typedef struct journal journal;

/* Where an entry stands; its name is the file's "state". */
typedef enum journal_state {
	JOURNAL_STATE_PENDING,
	JOURNAL_STATE_PLACED,
	JOURNAL_STATE_FAILED,
	JOURNAL_STATE_ABANDONED,
} journal_state;

/* How a pending entry finishes (values of journal_state). */
typedef enum journal_outcome {
	JOURNAL_PLACED = JOURNAL_STATE_PLACED, /* the server returned the order (gettOrderId) */
	JOURNAL_FAILED =
	    JOURNAL_STATE_FAILED, /* a definitive refusal: replaying cannot change it */
	/* The user chose not to settle it (the outcome stays unknown; never replayed again). */
	JOURNAL_ABANDONED = JOURNAL_STATE_ABANDONED,
} journal_outcome;

typedef struct journal_entry {
	char key[JOURNAL_KEY_LEN + 1];
	char *base_url;
	char *body; /* the exact request text */
	time_t created_at;
	journal_state state;
	time_t finished_at;  /* 0 while pending */
	char *gett_order_id; /* JOURNAL_STATE_PLACED only; may be NULL */
	/* JOURNAL_STATE_PLACED: the user has seen the confirmation ("seen" in the file;
	   entries written before it existed count as seen). */
	bool seen;
	/* Who placed it (journal_set_user when it began; "user" in the file); NULL for entries
	   written before it was recorded. The order history reconciles by it. */
	char *user;
} journal_entry;

/* dir NULL: $XDG_STATE_HOME/gett-tui/journal. Creates it (0700) and prunes old finished
   entries. */
journal *journal_open(const char *dir, char *err, size_t err_len);
void journal_close(journal *j);
const char *journal_dir(const journal *j);
/* The user (partnerUserId or e-mail, as shop_settings.user) recorded in the entries begun from
   now on (copied; NULL: none). One journal serves every user of a base URL; the order history,
   kept per user, tells its entries apart by it. */
void journal_set_user(journal *j, const char *user);

/* A fresh random UUID v4, lowercase. */
void journal_new_key(char key[JOURNAL_KEY_LEN + 1]);
bool journal_key_valid(const char *key);

/*
 * Records a pending placement; returns only once it is on disk. Beginning again with the
 * same key, URL and body is a no-op (a retry keeps the first createdAt); the same key with
 * anything else is refused: keys stay 1:1 with payloads.
 */
bool journal_begin(journal *j, const char *key, const char *base_url, const char *body, char *err,
		   size_t err_len);
/* Marks a pending entry finished (an abandoned one may still become placed or failed).
   gett_order_id is recorded for JOURNAL_PLACED (may be NULL). */
bool journal_finish(journal *j, const char *key, journal_outcome outcome, const char *gett_order_id,
		    char *err, size_t err_len);

/* Records that the user saw the confirmation of this placed order: a crash between placing
   and showing it is told at the next start. */
bool journal_mark_seen(journal *j, const char *key, char *err, size_t err_len);

/*
 * Pending entries for base_url (NULL: every URL), oldest first. Damaged files are skipped;
 * with `problems` they are also renamed to *.corrupt and one message per file is appended
 * (with NULL they stay in place for a later call to report). False only when the
 * directory cannot be read.
 */
bool journal_pending(journal *j, const char *base_url, journal_entry **entries, size_t *n,
		     str_list *problems, char *err, size_t err_len);
/* As journal_pending, for the entries in `state` (finished ones are kept
   JOURNAL_KEEP_FINISHED_SECONDS). */
bool journal_list(journal *j, const char *base_url, journal_state state, journal_entry **entries,
		  size_t *n, str_list *problems, char *err, size_t err_len);
void journal_entries_free(journal_entry *entries, size_t n);
/* Frees one entry's strings and zeroes it. */
void journal_entry_clear(journal_entry *entry);

/*
 * The key to use for this order: the key of a pending entry with the same URL and the
 * same body (a retry), else a fresh one. A changed body always gets a new key.
 */
bool journal_key_for_body(journal *j, const char *base_url, const char *body,
			  char key[JOURNAL_KEY_LEN + 1], str_list *problems, char *err,
			  size_t err_len);

/* Whether replaying is still covered by the server's 24 h deduplication. */
bool journal_replay_safe(const journal_entry *entry, time_t now);

/* Deletes finished entries older than JOURNAL_KEEP_FINISHED_SECONDS at `now`; returns how
   many. Pending and damaged files are never touched. */
size_t journal_prune(journal *j, time_t now);

#endif

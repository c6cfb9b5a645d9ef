/*
 * What the user chose in the Account view and the API cannot keep: the default card of new
 * orders. The API has no "set default" call (its lastPaymentId is only the card used last,
 * §3.9), so the choice is the client's: one file per (API base URL, user) under
 * $XDG_STATE_HOME/gett-tui/account/ (keyed_file.h), written atomically, 0600 in a 0700
 * directory. A damaged file is set aside as *.corrupt and the choice is forgotten; nothing
 * here ever fails on what a file contains.
 */
#ifndef GETT_ACCOUNT_FILE_H
#define GETT_ACCOUNT_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "persist/keyed_file.h"

/* Names the file of (base_url, user) in dir, or with dir NULL in
   $XDG_STATE_HOME/gett-tui/account; `user` as for the cart file (cart_file.h). False (err set)
   only when no directory can be named. Cleared with keyed_file_clear. */
bool account_file_init(keyed_file *f, const char *dir, const char *base_url, const char *user,
		       char *err, size_t err_len);

/* The default card saved: a saved card by its paymentId, a card of the configuration by its
   label (card tokens are never written). Both NULL (nothing saved) deletes the file. False
   (err set) when it cannot be written. */
bool account_file_save_payment(const keyed_file *f, const char *payment_id, const char *label,
			       char *err, size_t err_len);
/* The default card saved: *payment_id or *label set (heap, the caller frees), both NULL when
   none was saved. `problem` (problem[0] '\0' otherwise) says when the file could not be read
   or was damaged (then set aside); the choice is then forgotten. */
void account_file_load_payment(const keyed_file *f, char **payment_id, char **label, char *problem,
			       size_t problem_len);

#endif

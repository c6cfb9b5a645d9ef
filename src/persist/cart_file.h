/*
 * The client-owned cart on disk: saved atomically on every change and restored on
 * start, one file per (API base URL, user) under $XDG_STATE_HOME/gett-tui/carts/.
 * The file name is a name-based UUID (SHA-1) of the URL and user, so neither appears
 * in it; both are stored inside and checked on load.
 */
#ifndef GETT_CART_STORE_H
#define GETT_CART_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "wire/cart.h"

typedef struct cart_file cart_file;

/*
 * dir NULL: $XDG_STATE_HOME/gett-tui/carts (created 0700 on the first save). `user`
 * identifies the account (partnerUserId or e-mail; "" for an anonymous session).
 * A trailing '/' on base_url does not make a different cart.
 */
cart_file *cart_file_open(const char *dir, const char *base_url, const char *user, char *err,
			  size_t err_len);
void cart_file_close(cart_file *store);
const char *cart_file_path(const cart_file *store);

/* Writes the cart atomically (file 0600) with the checkout choices made for it (`checkout`,
   an object the shop reads back; may be NULL); c == NULL deletes the saved cart. */
bool cart_file_save(cart_file *store, const cart *c, const json_t *checkout, char *err,
		    size_t err_len);

/*
 * The saved cart, or NULL; with `checkout`, its saved checkout object (a new reference, or
 * NULL when none was saved). NULL with problem[0] == '\0' means nothing was saved; otherwise
 * `problem` says what went wrong: a damaged file has been renamed to *.corrupt (the caller
 * goes on with an empty cart), an unreadable one is left in place.
 */
cart *cart_file_load(cart_file *store, json_t **checkout, char *problem, size_t problem_len);

#endif

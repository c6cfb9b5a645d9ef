/*
 * File: {"version":1,"baseUrl":"…","user":"…","cart":<cart_to_json>,
 *        "checkout":<the checkout choices for this cart, written by the shop; optional>}
 */
#include "persist/cart_file.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/jsonx.h"
#include "persist/keyed_file.h"

#define CART_FILE_VERSION 1

/* Namespace of gett-tui cart file names (a fixed random UUID; never change it, or every
   saved cart is orphaned). */
static const char cart_namespace[] = "5d0c3d6e-8f0b-4a43-9a55-2f6f0f1c7e21";

struct cart_file {
	keyed_file file;
};

cart_file *cart_file_open(const char *dir, const char *base_url, const char *user, char *err,
			  size_t err_len)
{
	cart_file *s = xcalloc(1, sizeof *s);
	if (keyed_file_init(&s->file, dir, "carts", cart_namespace, base_url, user, err, err_len))
		return s;
	free(s);
	return NULL;
}

void cart_file_close(cart_file *s)
{
	if (!s)
		return;
	keyed_file_clear(&s->file);
	free(s);
}

const char *cart_file_path(const cart_file *s)
{
	return s->file.path;
}

bool cart_file_save(cart_file *s, const cart *c, const json_t *checkout, char *err, size_t err_len)
{
	if (!c) {
		if (file_remove_durable(s->file.path))
			return true;
		snprintf(err, err_len, _("cannot delete the saved cart %s: %s"), s->file.path,
			 strerror(errno));
		return false;
	}
	json_t *root = keyed_file_root(&s->file, CART_FILE_VERSION);
	/* A cart that is not valid UTF-8 makes no member: nothing damaged is written. */
	if (root && json_object_set_new(root, "cart", cart_to_json(c)) != 0) {
		json_decref(root);
		root = NULL;
	}
	if (root && checkout)
		json_object_set_new(root, "checkout", json_deep_copy(checkout));
	bool ok = keyed_file_write(&s->file, root, _("the cart"), err, err_len);
	json_decref(root);
	return ok;
}

/* What a cart file holds after its header. */
typedef struct cart_read {
	cart *cart;
	json_t **checkout; /* NULL: not wanted */
} cart_read;

static bool decode(const json_t *root, void *out, char *why, size_t why_len)
{
	cart_read *r = out;
	json_err e = {0};
	json_t *cart_json = NULL;
	if (!jsonx_get_object(root, "cart", "$", true, &cart_json, &e) ||
	    !(r->cart = cart_from_json(cart_json, &e))) {
		json_err_text(&e, why, why_len);
		return false;
	}
	json_t *draft = json_object_get(root, "checkout");
	if (r->checkout && json_is_object(draft))
		*r->checkout = json_incref(draft);
	return true;
}

cart *cart_file_load(cart_file *s, json_t **checkout, char *problem, size_t problem_len)
{
	if (checkout)
		*checkout = NULL;
	cart_read r = {.checkout = checkout};
	keyed_file_load(&s->file, CART_FILE_VERSION, decode, &r, _("the saved cart"),
			_("the cart starts empty"), problem, problem_len);
	return r.cart;
}

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

/* Parses the file; on failure `why` says what is wrong. */
static cart *decode(const cart_file *s, const char *text, size_t len, json_t **checkout, char *why,
		    size_t why_len)
{
	long long version = 0;
	json_t *root = jsonx_load_versioned(text, len, &version, why, why_len);
	if (!root)
		return NULL;
	json_err e = {0};
	json_t *cart_json = NULL;
	cart *c = NULL;
	if (keyed_file_check(&s->file, root, version, CART_FILE_VERSION, why, why_len) &&
	    (!jsonx_get_object(root, "cart", "$", true, &cart_json, &e) ||
	     !(c = cart_from_json(cart_json, &e))))
		json_err_text(&e, why, why_len);
	json_t *draft = json_object_get(root, "checkout");
	if (c && checkout && json_is_object(draft))
		*checkout = json_incref(draft);
	json_decref(root);
	return c;
}

cart *cart_file_load(cart_file *s, json_t **checkout, char *problem, size_t problem_len)
{
	problem[0] = '\0';
	if (checkout)
		*checkout = NULL;
	char *text;
	size_t len;
	if (!file_read(s->file.path, &text, &len)) {
		if (errno != ENOENT)
			snprintf(problem, problem_len, _("cannot read the saved cart %s: %s"),
				 s->file.path, strerror(errno));
		return NULL;
	}
	char why[300] = "";
	cart *c = decode(s, text, len, checkout, why, sizeof why);
	free(text);
	if (c)
		return c;
	char aside[4096];
	if (file_set_aside(s->file.path, ".corrupt", aside, sizeof aside))
		snprintf(problem, problem_len,
			 _("the saved cart %s is damaged (%s); it was moved to %s and the cart "
			   "starts empty"),
			 s->file.path, why, aside);
	else
		snprintf(problem, problem_len,
			 _("the saved cart %s is damaged (%s); the cart starts empty"),
			 s->file.path, why);
	return NULL;
}

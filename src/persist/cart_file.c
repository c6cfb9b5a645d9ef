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
#include "net/http.h"
#include "base/i18n.h"
#include "base/jsonx.h"
#include "base/xdg.h"

#define CART_FILE_VERSION 1

/* Namespace of gett-tui cart file names (a fixed random UUID; never change it, or every
   saved cart is orphaned). */
static const char cart_namespace[] = "5d0c3d6e-8f0b-4a43-9a55-2f6f0f1c7e21";

struct cart_file {
	char *dir;
	char *path;
	char *base_url;
	char *user;
};

cart_file *cart_file_open(const char *dir, const char *base_url, const char *user, char *err,
			  size_t err_len)
{
	char *carts = xdg_app_subdir(dir, XDG_STATE, "carts", err, err_len);
	if (!carts)
		return NULL;
	cart_file *s = xcalloc(1, sizeof *s);
	s->dir = carts;
	s->base_url = http_url_trim_slashes(base_url);
	s->user = xstrdup(user ? user : "");
	char name[64];
	file_name_for_pair(cart_namespace, s->base_url, s->user, name);
	s->path = xdg_path_join(s->dir, name);
	return s;
}

void cart_file_close(cart_file *s)
{
	if (!s)
		return;
	free(s->dir);
	free(s->path);
	free(s->base_url);
	free(s->user);
	free(s);
}

const char *cart_file_path(const cart_file *s)
{
	return s->path;
}

bool cart_file_save(cart_file *s, const cart *c, const json_t *checkout, char *err, size_t err_len)
{
	if (!c) {
		if (file_remove_durable(s->path))
			return true;
		snprintf(err, err_len, _("cannot delete the saved cart %s: %s"), s->path,
			 strerror(errno));
		return false;
	}
	if (!file_mkdir_p(s->dir, 0700)) {
		snprintf(err, err_len, _("cannot create %s: %s"), s->dir, strerror(errno));
		return false;
	}
	json_t *root = json_object();
	json_object_set_new(root, "version", json_integer(CART_FILE_VERSION));
	/* json_object_set_new() fails on the NULL that json_string() returns for invalid
	   UTF-8; a file missing a member would only be found damaged on the next start. */
	bool complete = json_object_set_new(root, "baseUrl", json_string(s->base_url)) == 0 &&
			json_object_set_new(root, "user", json_string(s->user)) == 0 &&
			json_object_set_new(root, "cart", cart_to_json(c)) == 0;
	if (checkout)
		json_object_set_new(root, "checkout", json_deep_copy(checkout));
	char *text = complete ? jsonx_dumps(root) : NULL;
	json_decref(root);
	bool ok = text && file_write_atomic(s->path, text, strlen(text), 0600);
	if (!ok)
		snprintf(err, err_len, _("cannot save the cart to %s: %s"), s->path,
			 text ? strerror(errno) : _("it is not valid UTF-8 text"));
	free(text);
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
	char *url = NULL, *user = NULL;
	json_t *cart_json = NULL;
	cart *c = NULL;
	if (!jsonx_get_string(root, "baseUrl", "$", true, &url, &e) ||
	    !jsonx_get_string(root, "user", "$", true, &user, &e) ||
	    !jsonx_get_object(root, "cart", "$", true, &cart_json, &e))
		json_err_text(&e, why, why_len);
	else if (version != CART_FILE_VERSION)
		snprintf(why, why_len, _("unsupported version %lld"), version);
	else if (strcmp(url, s->base_url) != 0 || strcmp(user, s->user) != 0)
		snprintf(why, why_len, _("it belongs to another server or user"));
	else if (!(c = cart_from_json(cart_json, &e)))
		json_err_text(&e, why, why_len);
	json_t *draft = json_object_get(root, "checkout");
	if (c && checkout && json_is_object(draft))
		*checkout = json_incref(draft);
	free(url);
	free(user);
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
	if (!file_read(s->path, &text, &len)) {
		if (errno != ENOENT)
			snprintf(problem, problem_len, _("cannot read the saved cart %s: %s"),
				 s->path, strerror(errno));
		return NULL;
	}
	char why[300] = "";
	cart *c = decode(s, text, len, checkout, why, sizeof why);
	free(text);
	if (c)
		return c;
	char aside[4096];
	if (file_set_aside(s->path, ".corrupt", aside, sizeof aside))
		snprintf(problem, problem_len,
			 _("the saved cart %s is damaged (%s); it was moved to %s and the cart "
			   "starts empty"),
			 s->path, why, aside);
	else
		snprintf(problem, problem_len,
			 _("the saved cart %s is damaged (%s); the cart starts empty"), s->path,
			 why);
	return NULL;
}

/*
 * File: {"version":1,"baseUrl":"…","user":"…","defaultPayment":{"paymentId":"…"}|{"label":"…"}}
 */
#include "persist/account_file.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/jsonx.h"
#include "persist/keyed_file.h"

#define ACCOUNT_FILE_VERSION 1

/* Namespace of the account file names (a fixed random UUID; never change it, or every saved
   choice is orphaned). */
static const char account_namespace[] = "7e1f2c9a-4b63-4d8e-9a07-c5d1e8f3b264";

bool account_file_init(keyed_file *f, const char *dir, const char *base_url, const char *user,
		       char *err, size_t err_len)
{
	return keyed_file_init(f, dir, "account", account_namespace, base_url, user, err, err_len);
}

bool account_file_save_payment(const keyed_file *f, const char *payment_id, const char *label,
			       char *err, size_t err_len)
{
	if (!payment_id && !label) {
		if (file_remove_durable(f->path))
			return true;
		snprintf(err, err_len, _("cannot delete %s: %s"), f->path, strerror(errno));
		return false;
	}
	json_t *root = keyed_file_root(f, ACCOUNT_FILE_VERSION);
	json_t *choice = payment_id ? json_pack("{ss}", "paymentId", payment_id)
				    : json_pack("{ss}", "label", label);
	/* json_pack fails on text that is not UTF-8: then nothing damaged is written. */
	if (root && (!choice || json_object_set_new(root, "defaultPayment", choice) != 0)) {
		json_decref(root);
		root = NULL;
	} else if (!root) {
		json_decref(choice);
	}
	bool ok = keyed_file_write(f, root, _("the account's choices"), err, err_len);
	json_decref(root);
	return ok;
}

/* The choice read from a file (after its header). */
typedef struct choice {
	char *payment_id, *label;
} choice;

static bool decode(const json_t *root, void *out, char *why, size_t why_len)
{
	choice *c = out;
	json_err e = {0};
	json_t *saved = NULL;
	if (jsonx_get_object(root, "defaultPayment", "$", false, &saved, &e) &&
	    (!saved ||
	     (jsonx_get_string(saved, "paymentId", "$.defaultPayment", false, &c->payment_id, &e) &&
	      jsonx_get_string(saved, "label", "$.defaultPayment", false, &c->label, &e))))
		return true;
	json_err_text(&e, why, why_len);
	free(c->payment_id);
	free(c->label);
	c->payment_id = c->label = NULL;
	return false;
}

void account_file_load_payment(const keyed_file *f, char **payment_id, char **label, char *problem,
			       size_t problem_len)
{
	choice c = {0};
	keyed_file_load(f, ACCOUNT_FILE_VERSION, decode, &c, _("the saved default card"),
			_("no card is chosen"), problem, problem_len);
	*payment_id = c.payment_id;
	*label = c.label;
}

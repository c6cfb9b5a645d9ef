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

struct account_file {
	keyed_file file;
};

account_file *account_file_open(const char *dir, const char *base_url, const char *user, char *err,
				size_t err_len)
{
	account_file *f = xcalloc(1, sizeof *f);
	if (keyed_file_init(&f->file, dir, "account", account_namespace, base_url, user, err,
			    err_len))
		return f;
	free(f);
	return NULL;
}

void account_file_close(account_file *f)
{
	if (!f)
		return;
	keyed_file_clear(&f->file);
	free(f);
}

const char *account_file_path(const account_file *f)
{
	return f->file.path;
}

bool account_file_save_payment(account_file *f, const char *payment_id, const char *label,
			       char *err, size_t err_len)
{
	if (!payment_id && !label) {
		if (file_remove_durable(f->file.path))
			return true;
		snprintf(err, err_len, _("cannot delete %s: %s"), f->file.path, strerror(errno));
		return false;
	}
	json_t *root = keyed_file_root(&f->file, ACCOUNT_FILE_VERSION);
	json_t *choice = payment_id ? json_pack("{ss}", "paymentId", payment_id)
				    : json_pack("{ss}", "label", label);
	/* json_pack fails on text that is not UTF-8: then nothing damaged is written. */
	if (root && (!choice || json_object_set_new(root, "defaultPayment", choice) != 0)) {
		json_decref(root);
		root = NULL;
	} else if (!root) {
		json_decref(choice);
	}
	bool ok = keyed_file_write(&f->file, root, _("the account's choices"), err, err_len);
	json_decref(root);
	return ok;
}

/* The choice in the file's text; false with what is wrong in `why`. */
static bool decode(const account_file *f, const char *text, size_t len, char **payment_id,
		   char **label, char *why, size_t why_len)
{
	long long version = 0;
	json_t *root = jsonx_load_versioned(text, len, &version, why, why_len);
	if (!root)
		return false;
	json_err e = {0};
	json_t *choice = NULL;
	bool ok = keyed_file_check(&f->file, root, version, ACCOUNT_FILE_VERSION, why, why_len);
	if (ok &&
	    (!jsonx_get_object(root, "defaultPayment", "$", false, &choice, &e) ||
	     (choice &&
	      (!jsonx_get_string(choice, "paymentId", "$.defaultPayment", false, payment_id, &e) ||
	       !jsonx_get_string(choice, "label", "$.defaultPayment", false, label, &e))))) {
		json_err_text(&e, why, why_len);
		ok = false;
	}
	json_decref(root);
	return ok;
}

void account_file_load_payment(account_file *f, char **payment_id, char **label, char *problem,
			       size_t problem_len)
{
	*payment_id = *label = NULL;
	problem[0] = '\0';
	char *text;
	size_t len;
	if (!file_read(f->file.path, &text, &len)) {
		if (errno != ENOENT)
			snprintf(problem, problem_len, _("cannot read %s: %s"), f->file.path,
				 strerror(errno));
		return;
	}
	char why[300] = "";
	bool ok = decode(f, text, len, payment_id, label, why, sizeof why);
	free(text);
	if (ok)
		return;
	free(*payment_id);
	free(*label);
	*payment_id = *label = NULL;
	char aside[4096];
	if (file_set_aside(f->file.path, ".corrupt", aside, sizeof aside))
		snprintf(problem, problem_len,
			 _("the saved default card %s is damaged (%s); it was moved to %s and no "
			   "card is chosen"),
			 f->file.path, why, aside);
	else
		snprintf(problem, problem_len,
			 _("the saved default card %s is damaged (%s); no card is chosen"),
			 f->file.path, why);
}

#include "persist/keyed_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/jsonx.h"
#include "base/xalloc.h"
#include "base/xdg.h"
#include "net/http.h"

bool keyed_file_init(keyed_file *f, const char *dir, const char *kind, const char *namespace_uuid,
		     const char *base_url, const char *user, char *err, size_t err_len)
{
	memset(f, 0, sizeof *f);
	f->dir = xdg_app_subdir(dir, XDG_STATE, kind, err, err_len);
	if (!f->dir)
		return false;
	f->base_url = http_url_trim_slashes(base_url);
	f->user = xstrdup(user ? user : "");
	char name[64];
	file_name_for_pair(namespace_uuid, f->base_url, f->user, name);
	f->path = xdg_path_join(f->dir, name);
	return true;
}

void keyed_file_clear(keyed_file *f)
{
	free(f->dir);
	free(f->path);
	free(f->base_url);
	free(f->user);
	memset(f, 0, sizeof *f);
}

json_t *keyed_file_root(const keyed_file *f, long long version)
{
	json_t *root = json_object();
	json_object_set_new(root, "version", json_integer(version));
	/* json_object_set_new() fails on the NULL that json_string() returns for invalid UTF-8. */
	if (json_object_set_new(root, "baseUrl", json_string(f->base_url)) == 0 &&
	    json_object_set_new(root, "user", json_string(f->user)) == 0)
		return root;
	json_decref(root);
	return NULL;
}

/* Whether `root` is this file's: version `want`, its baseUrl and user. */
static bool check_header(const keyed_file *f, const json_t *root, long long version, long long want,
			 char *why, size_t why_len)
{
	json_err e = {0};
	char *url = NULL, *user = NULL;
	bool ok = false;
	if (!jsonx_get_string(root, "baseUrl", "$", true, &url, &e) ||
	    !jsonx_get_string(root, "user", "$", true, &user, &e))
		json_err_text(&e, why, why_len);
	else if (version != want)
		snprintf(why, why_len, _("unsupported version %lld"), version);
	else if (strcmp(url, f->base_url) != 0 || strcmp(user, f->user) != 0)
		snprintf(why, why_len, "%s", _("it belongs to another server or user"));
	else
		ok = true;
	free(url);
	free(user);
	return ok;
}

bool keyed_file_write(const keyed_file *f, const json_t *root, const char *what, char *err,
		      size_t err_len)
{
	if (!file_mkdir_p(f->dir, 0700)) {
		snprintf(err, err_len, _("cannot create %s: %s"), f->dir, strerror(errno));
		return false;
	}
	char *text = root ? jsonx_dumps(root) : NULL;
	bool ok = text && file_write_atomic(f->path, text, strlen(text), 0600);
	if (!ok)
		snprintf(err, err_len, _("cannot save %s to %s: %s"), what, f->path,
			 text ? strerror(errno) : _("it is not valid UTF-8 text"));
	free(text);
	return ok;
}

keyed_file_read keyed_file_load(const keyed_file *f, long long version, keyed_file_decoder decode,
				void *out, const char *what, const char *then, char *problem,
				size_t problem_len)
{
	problem[0] = '\0';
	char *text;
	size_t len;
	if (!file_read(f->path, &text, &len)) {
		if (errno == ENOENT)
			return KEYED_FILE_MISSING;
		snprintf(problem, problem_len, _("cannot read %s %s: %s"), what, f->path,
			 strerror(errno));
		return KEYED_FILE_IO_ERROR;
	}
	char why[300] = "";
	long long got = 0;
	json_t *root = jsonx_load_versioned(text, len, &got, why, sizeof why);
	free(text);
	bool ok = root && check_header(f, root, got, version, why, sizeof why) &&
		  decode(root, out, why, sizeof why);
	json_decref(root);
	if (ok)
		return KEYED_FILE_OK;
	char aside[4096];
	if (file_set_aside(f->path, ".corrupt", aside, sizeof aside))
		snprintf(problem, problem_len,
			 _("%s %s is damaged (%s); it was moved to %s and %s"), what, f->path, why,
			 aside, then);
	else
		snprintf(problem, problem_len, _("%s %s is damaged (%s); %s"), what, f->path, why,
			 then);
	return KEYED_FILE_DAMAGED;
}

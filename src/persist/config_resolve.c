/* Resolution of the configuration against the environment and the command line. */
#include "persist/config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "persist/config_int.h"
#include "net/http.h"
#include "base/i18n.h"

#define MAX_KEY_FILE_BYTES 4096

/* Credentials go into an HTTP header: one line of printable ASCII. */
static bool credential_well_formed(const char *s)
{
	if (!s[0])
		return false;
	for (; *s; s++)
		if (*s <= ' ' || *s > '~')
			return false;
	return true;
}

static char *trimmed_copy(const char *s, size_t len)
{
	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	char *out = xmalloc(len + 1);
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

static bool read_key_file(const config *cfg, char **key, char *err, size_t err_len)
{
	const char *path = cfg->api_key_file;
	char reason[1024];
	int fd = config_open_secret(path, reason, sizeof reason);
	if (fd < 0) {
		/* The path is not echoed when it does not exist: a key pasted into api-key-file
		   instead of a path would otherwise be printed. */
		if (errno == ENOENT)
			snprintf(
			    err, err_len,
			    _("gett-tui: %s:%d: the file named by api-key-file does not exist"),
			    cfg->path ? cfg->path : "config", cfg->api_key_file_line);
		else
			snprintf(err, err_len, "%s", reason);
		return false;
	}
	bool ok = false;
	char buf[MAX_KEY_FILE_BYTES + 1];
	ssize_t n = -1;
	if ((n = read(fd, buf, sizeof buf)) < 0)
		snprintf(err, err_len, _("gett-tui: cannot read %s: %s"), path, strerror(errno));
	else if ((size_t)n > MAX_KEY_FILE_BYTES)
		snprintf(err, err_len, _("gett-tui: %s is too large to be an API key file"), path);
	else {
		*key = trimmed_copy(buf, (size_t)n);
		ok = credential_well_formed(*key);
		if (!ok) {
			snprintf(err, err_len,
				 (*key)[0]
				     ? _("gett-tui: %s must hold the API key alone on one line")
				     : _("gett-tui: %s is empty; put the API key in it"),
				 path);
			xwipe_free(*key);
			*key = NULL;
		}
	}
	close(fd);
	memset(buf, 0, sizeof buf);
	return ok;
}

/* An environment credential: unset or blank means none. */
static bool env_credential(const char *var, char **out, char *err, size_t err_len)
{
	const char *v = getenv(var);
	*out = NULL;
	if (!v)
		return true;
	char *t = trimmed_copy(v, strlen(v));
	if (!t[0]) {
		free(t);
		return true;
	}
	if (!credential_well_formed(t)) {
		snprintf(err, err_len, _("gett-tui: %s must be one line without spaces"), var);
		xwipe_free(t);
		return false;
	}
	*out = t;
	return true;
}

static bool is_blank(const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	return *s == '\0';
}

static bool pick_url(const config *cfg, const char *cli_api_url, char **url, char *err,
		     size_t err_len)
{
	const char *env = getenv("GETT_API_URL");
	const char *value = NULL, *source = NULL;
	if (cli_api_url && cli_api_url[0]) {
		value = cli_api_url;
		source = "--api-url";
	} else if (env && !is_blank(env)) { /* blank counts as unset, like the credentials */
		value = env;
		source = "GETT_API_URL";
	}
	if (value) {
		if (!config_url_acceptable(value)) {
			snprintf(
			    err, err_len,
			    _("gett-tui: %s must be an https:// URL (plain http:// only to this "
			      "machine)"),
			    source);
			return false;
		}
		*url = http_url_trim_slashes(value);
	} else if (cfg->api_url)
		*url = xstrdup(cfg->api_url);
	else if (cfg->environment == CONFIG_ENV_PRODUCTION)
		*url = xstrdup(CONFIG_PRODUCTION_URL);
	else if (cfg->environment == CONFIG_ENV_SANDBOX)
		*url = xstrdup(CONFIG_SANDBOX_URL);
	return true;
}

bool config_resolve(const config *cfg, const char *cli_api_url, config_resolved *out, char *err,
		    size_t err_len)
{
	memset(out, 0, sizeof *out);
	if (!pick_url(cfg, cli_api_url, &out->base_url, err, err_len) ||
	    !env_credential("GETT_API_KEY", &out->api_key, err, err_len) ||
	    !env_credential("GETT_SESSION_TOKEN", &out->session_token, err, err_len) ||
	    (!out->api_key && cfg->api_key_file &&
	     !read_key_file(cfg, &out->api_key, err, err_len))) {
		config_resolved_clear(out);
		return false;
	}
	if (!out->base_url && !out->api_key && !out->session_token)
		out->demo_mode = true;
	else if (!out->base_url)
		out->base_url = xstrdup(CONFIG_SANDBOX_URL);
	return true;
}

void config_resolved_clear(config_resolved *r)
{
	free(r->base_url);
	xwipe_free(r->api_key);
	xwipe_free(r->session_token);
	memset(r, 0, sizeof *r);
}

/*
 * Configuration file parsing with inih; the format is documented in docs/config.md.
 * Resolution against the environment is in client_config_resolve.c.
 */
#include "persist/config.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "persist/config_int.h"
#include "base/file.h"
#include "net/http.h"
#include "base/i18n.h"
#include "wire/wire.h"
#include "base/xdg.h"

/* --------------------------------------------------------------- small helpers */

static void set_str(char **field, const char *value)
{
	free(*field);
	*field = value[0] ? xstrdup(value) : NULL;
}

/* Neither group nor others may read a file holding secrets. */
static bool secret_unreadable_by_others(const struct stat *st)
{
	return (st->st_mode & (S_IRGRP | S_IROTH)) == 0;
}

int config_open_secret(const char *path, char *err, size_t err_len)
{
	struct stat st;
	int fd = file_open_regular(path, &st);
	int saved = errno;
	if (fd == FILE_NOT_REGULAR) {
		snprintf(err, err_len, _("gett-tui: %s is not a regular file"), path);
		saved = EINVAL;
	} else if (fd < 0) {
		snprintf(err, err_len, _("gett-tui: cannot read %s: %s"), path, strerror(saved));
	} else if (!secret_unreadable_by_others(&st)) {
		snprintf(
		    err, err_len,
		    _("gett-tui: %s is readable by your group or other users; run: chmod 600 %s"),
		    path, path);
		close(fd);
		saved = EACCES;
	} else {
		return fd;
	}
	errno = saved;
	return -1;
}

/* "Postal_Code" and "postal-code" both become "postalcode": the file may use the wire's
   camelCase names or the documented kebab-case ones. */
static void normalize_key(const char *name, char *out, size_t out_len)
{
	size_t n = 0;
	for (; *name && n + 1 < out_len; name++)
		if (*name != '-' && *name != '_')
			out[n++] = (char)tolower((unsigned char)*name);
	out[n] = '\0';
}

/* A raw card number (13-19 digits, maybe grouped) must never sit in the config. */
static bool looks_like_pan(const char *s)
{
	int digits = 0;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (*s != ' ' && *s != '-')
			return false;
	}
	return digits >= 13 && digits <= 19;
}

/* "64MiB", "64M", "512k", "1G", "1048576". Binary multiples. */
static bool parse_size(const char *s, unsigned long long *out)
{
	errno = 0;
	char *end;
	if (!isdigit((unsigned char)s[0]))
		return false;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno)
		return false;
	while (*end == ' ')
		end++;
	unsigned shift = 0;
	if (*end) {
		const char *unit = strchr("kmg", tolower((unsigned char)*end));
		if (!unit || !*unit)
			return false;
		shift = 10 * (unsigned)(unit - "kmg" + 1);
		end++;
		if (strcasecmp(end, "ib") == 0 || strcasecmp(end, "b") == 0)
			end += strlen(end);
		if (*end)
			return false;
	}
	if (v == 0 || v > (ULLONG_MAX >> shift))
		return false;
	*out = v << shift;
	return true;
}

bool config_url_acceptable(const char *url)
{
	char ignored[256];
	if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0)
		return false;
	return http_url_allowed(url, ignored, sizeof ignored);
}

/* ------------------------------------------------------------- parse context */

typedef struct parse_ctx {
	config *cfg;
	const char *path;
	FILE *file;
	char *line;
	size_t line_cap;
	int lineno;
	int section_line;
	char *error; /* first error; the parse goes on so inih's own count stays right */
	int error_line;
	strmap *seen; /* "section\nkey" already set -> duplicate warning */
	str_list warned_sections;
	char *default_address, *default_payment;
	int default_address_line, default_payment_line, profile_line;
} parse_ctx;

static void fail_at(parse_ctx *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail_at(parse_ctx *p, int line, const char *fmt, ...)
{
	if (p->error)
		return;
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	size_t n = strlen(p->path) + strlen(msg) + 48;
	p->error = xmalloc(n);
	snprintf(p->error, n, "gett-tui: %s:%d: %s", p->path, line, msg);
	p->error_line = line;
}

static void warn_at(parse_ctx *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void warn_at(parse_ctx *p, int line, const char *fmt, ...)
{
	char msg[400], full[700];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(full, sizeof full, _("gett-tui: warning: %s:%d: %s"), p->path, line, msg);
	str_list_push(&p->cfg->warnings, full);
}

/* inih reader: one physical line per call, so p->lineno is the line the handler sees.
   Leading blanks are dropped: inih would otherwise read an indented line as the
   continuation of the previous value. */
static char *read_line(char *str, int num, void *stream)
{
	parse_ctx *p = stream;
	if (getline(&p->line, &p->line_cap, p->file) < 0)
		return NULL;
	p->lineno++;
	const char *s = p->line + strspn(p->line, " \t");
	if (*s == '[')
		p->section_line = p->lineno;
	size_t len = strlen(s);
	if (len + 1 > (size_t)num) {
		fail_at(p, p->lineno, _("line is longer than %d characters"), num - 3);
		s = "\n";
		len = 1;
	}
	memcpy(str, s, len + 1);
	return str;
}

/* ------------------------------------------------------------------ sections */

typedef enum section_kind {
	SEC_API,
	SEC_PROFILE,
	SEC_ADDRESS,
	SEC_PAYMENT,
	SEC_CACHE,
	SEC_UI,
	SEC_UNKNOWN
} section_kind;

/* "[address home]", "[address \"home\"]", "[address.home]" -> SEC_ADDRESS, "home". */
static section_kind split_section(const char *section, char *label, size_t label_len)
{
	size_t kind_len = strcspn(section, " \t.:");
	const char *rest = section + kind_len;
	rest += strspn(rest, " \t.:\"");
	snprintf(label, label_len, "%s", rest);
	size_t n = strlen(label);
	while (n > 0 && (label[n - 1] == '"' || label[n - 1] == ' '))
		label[--n] = '\0';
	static const struct {
		const char *name;
		section_kind kind;
		bool labelled;
	} kinds[] = {{"api", SEC_API, false},	     {"profile", SEC_PROFILE, false},
		     {"address", SEC_ADDRESS, true}, {"payment", SEC_PAYMENT, true},
		     {"cache", SEC_CACHE, false},    {"ui", SEC_UI, false}};
	if (kind_len == 0)
		return label[0] ? SEC_UNKNOWN : SEC_API; /* keys before any header: [api] */
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (strlen(kinds[i].name) != kind_len ||
		    strncasecmp(section, kinds[i].name, kind_len) != 0)
			continue;
		if (!kinds[i].labelled && label[0])
			return SEC_UNKNOWN;
		if (!label[0])
			snprintf(label, label_len, "%s", kinds[i].name);
		return kinds[i].kind;
	}
	return SEC_UNKNOWN;
}

/* The entry of the array v (n entries: an address or a payment) labelled `name`; the first
   mention of a label appends it, dated to the section's header line for messages. */
#define ENTRY_NAMED(p, v, n, label)                                                                \
	({                                                                                         \
		__typeof__(&(v)[0]) e_ = NULL;                                                     \
		for (size_t i_ = 0; !e_ && i_ < (n); i_++)                                         \
			if (strcmp((v)[i_].name, label) == 0)                                      \
				e_ = &(v)[i_];                                                     \
		if (!e_) {                                                                         \
			(v) = xrealloc(v, ((n) + 1) * sizeof *(v));                                \
			e_ = &(v)[(n)++];                                                          \
			memset(e_, 0, sizeof *e_);                                                 \
			e_->name = xstrdup(label);                                                 \
			e_->line = (p)->section_line;                                              \
		}                                                                                  \
		e_;                                                                                \
	})

static config_address *address_named(parse_ctx *p, const char *name)
{
	config_profile *pr = &p->cfg->profile;
	return ENTRY_NAMED(p, pr->addresses, pr->n_addresses, name);
}

static config_payment *payment_named(parse_ctx *p, const char *name)
{
	config_profile *pr = &p->cfg->profile;
	return ENTRY_NAMED(p, pr->payments, pr->n_payments, name);
}

/* Each returns false for an unknown key; a bad value is reported through fail_at. */

static bool api_entry(parse_ctx *p, const char *key, const char *name, const char *value)
{
	config *cfg = p->cfg;
	if (strcmp(key, "environment") == 0) {
		if (strcasecmp(value, "sandbox") == 0)
			cfg->environment = CONFIG_ENV_SANDBOX;
		else if (strcasecmp(value, "production") == 0)
			cfg->environment = CONFIG_ENV_PRODUCTION;
		else if (!value[0])
			cfg->environment = CONFIG_ENV_UNSET;
		else
			fail_at(p, p->lineno,
				_("environment must be \"sandbox\" or \"production\""));
	} else if (strcmp(key, "apiurl") == 0) {
		free(cfg->api_url);
		cfg->api_url = NULL;
		if (value[0] && !config_url_acceptable(value))
			fail_at(
			    p, p->lineno,
			    _("%s must be an https:// URL (plain http:// only to this machine)"),
			    name);
		else if (value[0])
			cfg->api_url = http_url_trim_slashes(value);
	} else if (strcmp(key, "apikeyfile") == 0) {
		free(cfg->api_key_file);
		cfg->api_key_file = NULL;
		cfg->api_key_file_line = p->lineno;
		if (value[0] == '~' && value[1] == '/') {
			const char *home = xdg_home();
			if (!home)
				fail_at(p, p->lineno, _("cannot expand ~: no home directory"));
			else
				cfg->api_key_file = xdg_path_join(home, value + 2);
		} else if (value[0] == '/') {
			cfg->api_key_file = xstrdup(value);
		} else if (value[0]) { /* relative to the config file's directory */
			char *dir = xstrdup(p->path);
			char *slash = strrchr(dir, '/');
			if (slash)
				*slash = '\0';
			cfg->api_key_file = slash ? xdg_path_join(dir, value) : xstrdup(value);
			free(dir);
		}
	} else if (strcmp(key, "apikey") == 0 || strcmp(key, "sessiontoken") == 0) {
		warn_at(p, p->lineno,
			_("%s is never read from the config file; use api-key-file or the "
			  "GETT_API_KEY / GETT_SESSION_TOKEN environment variables"),
			name);
	} else {
		return false;
	}
	return true;
}

static bool profile_entry(parse_ctx *p, const char *key, const char *value)
{
	config_profile *pr = &p->cfg->profile;
	if (!p->profile_line)
		p->profile_line = p->section_line;
	if (strcmp(key, "partneruserid") == 0)
		set_str(&pr->partner_user_id, value);
	else if (strcmp(key, "email") == 0) {
		if (value[0] && !wire_is_email(value))
			fail_at(p, p->lineno, _("email is not an e-mail address"));
		set_str(&pr->email, value);
	} else if (strcmp(key, "firstname") == 0)
		set_str(&pr->first_name, value);
	else if (strcmp(key, "lastname") == 0)
		set_str(&pr->last_name, value);
	else if (strcmp(key, "phone") == 0) {
		if (value[0] && !wire_is_e164(value))
			fail_at(p, p->lineno, _("phone must be in %s"), wire_e164_hint());
		set_str(&pr->phone, value);
	} else if (strcmp(key, "defaultaddress") == 0) {
		set_str(&p->default_address, value);
		p->default_address_line = p->lineno;
	} else if (strcmp(key, "defaultpayment") == 0) {
		set_str(&p->default_payment, value);
		p->default_payment_line = p->lineno;
	} else
		return false;
	return true;
}

static bool address_entry(parse_ctx *p, const char *label, const char *key, const char *value)
{
	static const struct {
		const char *key;
		size_t offset;
	} fields[] = {
	    {"address1", offsetof(config_address, address1)},
	    {"address2", offsetof(config_address, address2)},
	    {"city", offsetof(config_address, city)},
	    {"state", offsetof(config_address, state)},
	    {"postalcode", offsetof(config_address, postal_code)},
	    {"zip", offsetof(config_address, postal_code)},
	    {"instructions", offsetof(config_address, instructions)},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (strcmp(key, fields[i].key) != 0)
			continue;
		config_address *a = address_named(p, label);
		set_str((char **)((char *)a + fields[i].offset), value);
		return true;
	}
	return false;
}

static bool payment_entry(parse_ctx *p, const char *label, const char *key, const char *value)
{
	if (strcmp(key, "cardtoken") == 0) {
		if (looks_like_pan(value))
			fail_at(
			    p, p->lineno,
			    _("card-token looks like a card number; put your payment processor's "
			      "token there, never the card number"));
		set_str(&payment_named(p, label)->card_token, value);
	} else if (strcmp(key, "processor") == 0 || strcmp(key, "processortype") == 0) {
		config_payment *pm = payment_named(p, label);
		set_str(&pm->processor, value);
		for (char *c = pm->processor; c && *c; c++)
			*c = (char)tolower((unsigned char)*c);
	} else if (strcmp(key, "paymentid") == 0) {
		if (value[0] && !wire_is_uuid(value))
			fail_at(p, p->lineno,
				_("payment-id must be a GUID (from the saved payments list)"));
		set_str(&payment_named(p, label)->payment_id, value);
	} else
		return false;
	return true;
}

static bool cache_entry(parse_ctx *p, const char *key, const char *value)
{
	if (strcmp(key, "catalogmaxsize") != 0)
		return false;
	unsigned long long bytes = CONFIG_DEFAULT_CATALOG_CACHE_BYTES;
	if (value[0] && !parse_size(value, &bytes))
		fail_at(p, p->lineno,
			_("catalog-max-size must be a size such as 64MiB, 512KiB or 1GiB"));
	p->cfg->catalog_cache_max_bytes = bytes;
	return true;
}

/* A yes/no value as people write it: true/false, yes/no, on/off, 1/0 (any case). */
static bool parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

static bool ui_entry(parse_ctx *p, const char *key, const char *value)
{
	bool *setting = strcmp(key, "mouse") == 0	 ? &p->cfg->ui_mouse
			: strcmp(key, "hyperlinks") == 0 ? &p->cfg->ui_hyperlinks
							 : NULL;
	if (!setting)
		return false;
	bool on = true;
	if (value[0] && !parse_bool(value, &on))
		fail_at(p, p->lineno, _("%s must be true or false"), key);
	*setting = on;
	return true;
}

static void note_duplicate(parse_ctx *p, const char *section, const char *key, const char *name)
{
	size_t n = strlen(section) + strlen(key) + 2;
	char *id = xmalloc(n);
	snprintf(id, n, "%s\n%s", section, key);
	intptr_t prev = (intptr_t)strmap_put(p->seen, id, (void *)(intptr_t)p->lineno);
	if (prev)
		warn_at(p, p->lineno, _("%s was already set on line %d; this later value wins"),
			name, (int)prev);
	free(id);
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
	parse_ctx *p = user;
	char key[64], label[128];
	normalize_key(name, key, sizeof key);
	section_kind kind = split_section(section, label, sizeof label);
	bool known = false;
	switch (kind) {
	case SEC_API:
		known = api_entry(p, key, name, value);
		break;
	case SEC_PROFILE:
		known = profile_entry(p, key, value);
		break;
	case SEC_ADDRESS:
		known = address_entry(p, label, key, value);
		break;
	case SEC_PAYMENT:
		known = payment_entry(p, label, key, value);
		break;
	case SEC_CACHE:
		known = cache_entry(p, key, value);
		break;
	case SEC_UI:
		known = ui_entry(p, key, value);
		break;
	case SEC_UNKNOWN:
		if (!str_list_contains(&p->warned_sections, section)) {
			str_list_push(&p->warned_sections, section);
			warn_at(p, p->section_line, _("unknown section [%s] is ignored"), section);
		}
		return 1;
	}
	if (!known)
		warn_at(p, p->lineno, _("unknown key \"%s\" in [%s] is ignored"), name,
			section[0] ? section : "api");
	else
		note_duplicate(p, section, key, name);
	return 1;
}

/* ------------------------------------------------------------ post-checks */

/* Moves the entry labelled `label`, of the n entries of size elem (addresses or payments, each
   starting with its name), to the front, where the default goes; false when none is. */
static bool label_to_front(void *array, size_t n, size_t elem, const char *label)
{
	_Static_assert(offsetof(config_address, name) == 0 && offsetof(config_payment, name) == 0,
		       "an entry starts with its name");
	char *a = array;
	size_t index = 0;
	while (index < n && strcmp(*(char *const *)(a + index * elem), label) != 0)
		index++;
	if (index == n)
		return false;
	char tmp[sizeof(config_address) > sizeof(config_payment) ? sizeof(config_address)
								 : sizeof(config_payment)];
	memcpy(tmp, a + index * elem, elem);
	memmove(a + elem, a, index * elem);
	memcpy(a, tmp, elem);
	return true;
}

static void check_addresses(parse_ctx *p)
{
	config_profile *pr = &p->cfg->profile;
	for (size_t i = 0; i < pr->n_addresses; i++) {
		const config_address *a = &pr->addresses[i];
		if (!a->address1 || !a->city || !a->state || !a->postal_code)
			fail_at(p, a->line,
				_("[address %s] needs address1, city, state and postal-code"),
				a->name);
	}
	if (p->default_address && !label_to_front(pr->addresses, pr->n_addresses,
						  sizeof *pr->addresses, p->default_address))
		fail_at(p, p->default_address_line,
			_("default-address names no [address ...] section"));
}

static void check_payments(parse_ctx *p)
{
	config_profile *pr = &p->cfg->profile;
	for (size_t i = 0; i < pr->n_payments; i++) {
		config_payment *pm = &pr->payments[i];
		if (pm->card_token && pm->payment_id)
			fail_at(
			    p, pm->line,
			    _("[payment %s] has both card-token and payment-id; a payment is one "
			      "or the other"),
			    pm->name);
		else if (pm->payment_id)
			pm->type = CONFIG_PAYMENT_SAVED_CARD;
		else if (pm->card_token && pm->processor)
			pm->type = CONFIG_PAYMENT_CARD_ON_FILE;
		else if (pm->card_token)
			fail_at(p, pm->line,
				_("[payment %s] needs processor (e.g. stripe) with card-token"),
				pm->name);
		else
			fail_at(p, pm->line,
				_("[payment %s] needs card-token and processor, or payment-id"),
				pm->name);
	}
	if (p->default_payment &&
	    !label_to_front(pr->payments, pr->n_payments, sizeof *pr->payments, p->default_payment))
		fail_at(p, p->default_payment_line,
			_("default-payment names no [payment ...] section"));
}

/* The server refuses a partial identity tuple (contract §2.1); say so before it does. */
static void check_identity(parse_ctx *p)
{
	const config_profile *pr = &p->cfg->profile;
	int given = !!pr->email + !!pr->first_name + !!pr->last_name;
	if (given != 0 && given != 3)
		fail_at(
		    p, p->profile_line,
		    _("[profile] needs email, first-name and last-name together, or none of them"));
}

/* ------------------------------------------------------------------- loading */

char *config_default_path(char *err, size_t err_len)
{
	char *dir = xdg_app_dir(XDG_CONFIG, err, err_len);
	if (!dir)
		return NULL;
	char *path = xdg_path_join(dir, "config");
	free(dir);
	return path;
}

static void addresses_free(config_address *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].address1);
		free(v[i].address2);
		free(v[i].city);
		free(v[i].state);
		free(v[i].postal_code);
		free(v[i].instructions);
	}
	free(v);
}

static void payments_free(config_payment *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].card_token);
		free(v[i].processor);
		free(v[i].payment_id);
	}
	free(v);
}

void config_clear(config *cfg)
{
	free(cfg->path);
	free(cfg->api_url);
	free(cfg->api_key_file);
	config_profile *pr = &cfg->profile;
	free(pr->partner_user_id);
	free(pr->email);
	free(pr->first_name);
	free(pr->last_name);
	free(pr->phone);
	addresses_free(pr->addresses, pr->n_addresses);
	payments_free(pr->payments, pr->n_payments);
	str_list_clear(&cfg->warnings);
	memset(cfg, 0, sizeof *cfg);
	cfg->catalog_cache_max_bytes = CONFIG_DEFAULT_CATALOG_CACHE_BYTES;
	cfg->ui_mouse = true;
	cfg->ui_hyperlinks = true;
}

static bool parse_open_file(FILE *file, const char *path, config *cfg, char *err, size_t err_len)
{
	parse_ctx p = {.cfg = cfg, .path = path, .file = file, .seen = strmap_new()};
	int rc = ini_parse_stream(read_line, &p, on_entry, &p);
	if (rc > 0 && (!p.error || rc < p.error_line)) {
		free(p.error);
		p.error = NULL;
		fail_at(&p, rc, _("expected \"key = value\" or \"[section]\""));
	} else if (rc < 0 && !p.error) {
		fail_at(&p, p.lineno, _("cannot read the file"));
	}
	check_addresses(&p);
	check_payments(&p);
	check_identity(&p);
	bool ok = !p.error;
	if (!ok)
		snprintf(err, err_len, "%s", p.error);
	free(p.error);
	free(p.line);
	free(p.default_address);
	free(p.default_payment);
	str_list_clear(&p.warned_sections);
	strmap_free(p.seen, NULL);
	return ok;
}

bool config_load(const char *path, config *cfg, char *err, size_t err_len)
{
	memset(cfg, 0, sizeof *cfg);
	config_clear(cfg);
	char *own = NULL;
	if (!path) {
		own = config_default_path(err, err_len);
		if (!own) {
			char reason[256];
			snprintf(reason, sizeof reason, "%s", err);
			snprintf(err, err_len, "gett-tui: %s", reason);
			return false;
		}
	}
	const char *file_path = path ? path : own;
	int fd = config_open_secret(file_path, err, err_len);
	if (fd < 0) {
		bool missing_default = !path && errno == ENOENT;
		if (missing_default)
			err[0] = '\0';
		free(own);
		return missing_default;
	}
	bool ok = false;
	FILE *file = fdopen(fd, "r");
	if (!file) {
		snprintf(err, err_len, _("gett-tui: cannot read %s: %s"), file_path,
			 strerror(errno));
		close(fd);
	} else {
		ok = parse_open_file(file, file_path, cfg, err, err_len);
		fclose(file);
	}
	if (ok) {
		cfg->path = own ? own : xstrdup(path);
		return true;
	}
	free(own);
	config_clear(cfg);
	return false;
}

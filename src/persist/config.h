/*
 * gett-tui's configuration: $XDG_CONFIG_HOME/gett-tui/config, an INI file (format in
 * docs/config.md), overridden by the environment (GETT_API_URL, GETT_API_KEY,
 * GETT_SESSION_TOKEN) and by --api-url. The API key is never taken from the command
 * line, and files holding secrets must not be readable by other users.
 *
 * Every message this module produces is a complete line for stderr, starting with
 * "gett-tui: ", and never contains a configured value: no key, no token, no URL.
 */
#ifndef GETT_CLIENT_CONFIG_H
#define GETT_CLIENT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "base/collections.h"

#define CONFIG_SANDBOX_URL		   "https://api-sandbox.gett-tech.com"
#define CONFIG_PRODUCTION_URL		   "https://api.gett-tech.com"
#define CONFIG_DEFAULT_CATALOG_CACHE_BYTES (64ULL * 1024 * 1024)

typedef enum config_environment {
	CONFIG_ENV_UNSET,
	CONFIG_ENV_SANDBOX,
	CONFIG_ENV_PRODUCTION,
} config_environment;

typedef struct config_address {
	char *name; /* label of the section: [address home] -> "home" */
	char *address1;
	char *address2; /* may be NULL */
	char *city;
	char *state;
	char *postal_code;
	char *instructions; /* courier notes, may be NULL */
	int line;	    /* line of the section header, for messages */
} config_address;

typedef enum config_payment_type {
	CONFIG_PAYMENT_CARD_ON_FILE, /* the partner processor's token (PaymentInfo cardOnFile) */
	CONFIG_PAYMENT_SAVED_CARD,   /* a Gett saved payment (PaymentInfo savedCard) */
} config_payment_type;

typedef struct config_payment {
	char *name; /* label of the section: [payment visa] -> "visa" */
	config_payment_type type;
	char *card_token; /* cardOnFile */
	char *processor;  /* cardOnFile: processorType, e.g. "stripe" */
	char *payment_id; /* savedCard */
	int line;
} config_payment;

typedef struct config_profile {
	char *partner_user_id; /* all may be NULL */
	char *email;
	char *first_name;
	char *last_name;
	char *phone;		   /* E.164 */
	config_address *addresses; /* file order, except that the default comes first */
	size_t n_addresses;
	config_payment *payments; /* likewise */
	size_t n_payments;
} config_profile;

typedef struct config {
	char *path; /* the file that was read; NULL when the default file does not exist */
	config_environment environment;
	char *api_url;	    /* explicit base URL without trailing '/', or NULL */
	char *api_key_file; /* absolute path, or NULL */
	int api_key_file_line;
	unsigned long long
	    catalog_cache_max_bytes; /* CONFIG_DEFAULT_CATALOG_CACHE_BYTES if unset */
	bool ui_mouse; /* [ui] mouse: the app reads mouse clicks and the wheel (true if unset) */
	/* [ui] hyperlinks: addresses on screen are written as OSC 8 hyperlinks (true if unset) */
	bool ui_hyperlinks;
	config_profile profile;
	str_list warnings; /* unknown keys or sections and the like: worth showing, not fatal */
} config;

/* "$XDG_CONFIG_HOME/gett-tui/config" (heap), or NULL with err set. */
char *config_default_path(char *err, size_t err_len);

/*
 * Reads the file at `path`, or the default path when NULL (a missing default file gives
 * an empty config; a missing explicit file is an error). Refuses a file readable by other
 * users. On failure cfg is left empty and err names file:line. Always config_clear() cfg.
 */
bool config_load(const char *path, config *cfg, char *err, size_t err_len);
void config_clear(config *cfg);

typedef struct config_resolved {
	char *base_url;	     /* no trailing '/'; NULL in demo mode */
	char *api_key;	     /* NULL when none */
	char *session_token; /* NULL when none */
	/* Nothing configured at all (no key, no token, no URL anywhere): the app starts its own
	   gett-sandbox and points base_url at it. */
	bool demo_mode;
} config_resolved;

/*
 * Applies the precedence file < environment < command line. cli_api_url is the value of
 * --api-url or NULL. The key comes from GETT_API_KEY, else from api-key-file (trimmed).
 * With credentials but no URL anywhere the sandbox URL is used: never production by default.
 * Having no credentials outside demo mode is not an error here; the caller reports it.
 */
bool config_resolve(const config *cfg, const char *cli_api_url, config_resolved *out, char *err,
		    size_t err_len);
/* Wipes the secrets before freeing them. */
void config_resolved_clear(config_resolved *r);

#endif

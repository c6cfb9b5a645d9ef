/*
 * Online mode: configuration, the demo sandbox when nothing is configured, the API
 * client and the shop, then the views (on the terminal or headless).
 */
#ifndef GETT_CLI_RUN_ONLINE_H
#define GETT_CLI_RUN_ONLINE_H

#include <stdbool.h>

typedef struct online_options {
	const char *api_url;	 /* --api-url, or NULL */
	const char *now;	 /* --now: pins the app's clock and the demo sandbox's */
	const char *debug_log;	 /* --debug-log FILE, or NULL */
	bool debug_log_personal; /* --debug-log-personal: the log keeps personal data */
	const char *script_path; /* headless when set */
	int cols, rows;
} online_options;

/* Returns the exit status. */
int run_online(const online_options *o);

#endif

/*
 * A local shop over one catalog set and the app on it, without a terminal yet: what
 * `gett-tui --catalog FILE` browses (main.c) and what `gett-tui audit` walks (audit.c).
 */
#ifndef GETT_CLI_OFFLINE_H
#define GETT_CLI_OFFLINE_H

#include <limits.h>
#include <stddef.h>
#include <uv.h>

#include "ui/app.h"

typedef struct offline_session {
	uv_loop_t loop;
	app a; /* a.shop: the local shop */
	char tz_buf[PATH_MAX];
} offline_session;

/* Takes `set` (freed with the shop, also on failure); `file` names it in the menu's title,
   lint_errors for the menu's banner; `now` (may be NULL) pins the app's clock (--now). False
   when the loop cannot be made. Nothing is pushed: the caller starts the views. */
bool offline_session_open(offline_session *s, catalog_set *set, const char *file,
			  size_t lint_errors, const char *now);
void offline_session_close(offline_session *s);

#endif

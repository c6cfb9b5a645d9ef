/* A local shop and its app (offline.h). */
#include "cli/offline.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/timestamp.h"

/* The local zone's IANA name for catalog hours: $TZ, /etc/localtime's target, else UTC. */
static const char *local_time_zone(char *buf, size_t n)
{
	const char *tz = getenv("TZ");
	if (tz && *tz)
		return tz[0] == ':' ? tz + 1 : tz;
	ssize_t len = readlink("/etc/localtime", buf, n - 1);
	if (len > 0) {
		buf[len] = '\0';
		const char *z = strstr(buf, "zoneinfo/");
		if (z)
			return z + strlen("zoneinfo/");
	}
	return "UTC";
}

bool offline_session_open(offline_session *s, catalog_set *set, const char *file,
			  size_t lint_errors, const char *now)
{
	if (uv_loop_init(&s->loop) != 0) {
		catalog_set_free(set);
		return false;
	}
	app_init(&s->a, &s->loop);
	time_t pinned;
	if (now && timestamp_parse(now, &pinned))
		app_pin_clock(&s->a, pinned);
	shop_local_settings ls = {
	    .loop = &s->loop,
	    .set = set,
	    .file = file,
	    .lint_errors = lint_errors,
	    .time_zone = local_time_zone(s->tz_buf, sizeof s->tz_buf),
	    .now = app_clock, /* hours against the app's clock (--now pins it) */
	    .user_data = &s->a,
	};
	s->a.shop = shop_new_local(&ls);
	return true;
}

void offline_session_close(offline_session *s)
{
	app_free(&s->a);
	shop_free(s->a.shop);
	uv_run(&s->loop, UV_RUN_DEFAULT); /* the shop's timer closes */
	uv_loop_close(&s->loop);
}

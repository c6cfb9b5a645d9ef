/* Online mode: config, demo sandbox, API client, shop, views (run_online.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui/app.h"
#include "persist/config.h"
#include "base/collections.h"
#include "base/i18n.h"
#include "net/loop_wait.h"
#include "cli/run_online.h"
#include "cli/sandbox_launch.h"
#include "ui/script.h"
#include "base/timestamp.h"
#include "ui/views.h"

#define SEARCH_DEBOUNCE_MS 250
/* The demo sandbox listens on a new port each run: carts and the journal are scoped to this
   name instead, so a demo cart survives a restart. */
#define DEMO_SCOPE "demo:gett-sandbox"
/* A demo sandbox that dies this soon after its start, this many times in a row, is not
   started again. */
#define DEMO_QUICK_DEATH_MS   10000
#define DEMO_MAX_QUICK_DEATHS 3

/* Where discovery starts without a saved address on the map: downtown Seattle. */
static const location default_home = {47.6062, -122.3321};

/* The demo user of the bundled data (data/users.json), for demo mode without a profile. */
static const location demo_home = {47.6153, -122.3141};

typedef struct online {
	uv_loop_t loop;
	app a;
	config cfg;
	config_resolved res;
	sandbox_launch *sandbox;
	bool sandbox_settled;
	char *sandbox_error;
	char *base_url;
	const char *api_key;
	FILE *debug_log;
	bool debug_log_personal;
	api_client *api;
	shop *shop;
	shop_address *addresses;
	shop_payment *payments;
	external_customer customer;
	bool demo_profile;
	/* Demo mode: --now for the sandbox, when the current one started (uv_now), the port a
	   restart asks for, and how many in a row died soon after starting. */
	const char *now;
	uint64_t sandbox_started;
	unsigned restart_port;
	int quick_deaths;
	/* Ticks while a call waits to be retried, so "retrying in N s" counts down (the shop
	   announces the wait only when it starts). */
	uv_timer_t retry_tick;
	int shutting_down; /* steps of the shutdown still running */
} online;

/* Re-armed for the moment the whole seconds shown change; stops once nothing waits. */
static void on_retry_tick(uv_timer_t *h)
{
	online *on = h->data;
	on->a.dirty = true;
	api_retry_state st;
	if (!on->shop || !shop_retry_state(on->shop, &st))
		return;
	uv_update_time(&on->loop);
	uint64_t now = uv_now(&on->loop);
	uint64_t left = st.next_retry_at > now ? st.next_retry_at - now : 0;
	/* "retrying in N s" shows ceil(left / 1000): it changes at the next multiple of 1000. */
	uv_timer_start(&on->retry_tick, on_retry_tick, left ? (left - 1) % 1000 + 1 : 1, 0);
}

/* The API client scheduled a retry (api_settings.on_retry). */
static void on_api_retry(api_handle *call, api_endpoint endpoint, const api_retry_state *state,
			 void *user)
{
	online *on = user;
	(void)call;
	(void)endpoint;
	(void)state;
	if (uv_is_closing((uv_handle_t *)&on->retry_tick))
		return;
	uv_timer_stop(&on->retry_tick);
	on_retry_tick(&on->retry_tick); /* redraws now and counts down from here */
}

static void on_sandbox_ready(sandbox_launch *sl, const char *base_url, const char *api_key,
			     const char *error, void *user)
{
	online *on = user;
	(void)sl;
	on->sandbox_settled = true;
	if (error) {
		on->sandbox_error = xstrdup(error);
		return;
	}
	on->base_url = xstrdup(base_url);
	on->api_key = api_key; /* lives until the sandbox is stopped */
}

static void on_sandbox_exit(sandbox_launch *sl, const char *message, void *user);

/* Starts the demo sandbox on `port` (0: any); on_ready settles it. */
static void launch_sandbox(online *on, unsigned port, sandbox_launch_ready_cb on_ready)
{
	const char *extra[] = {"--now", on->now, NULL};
	sandbox_launch_opts opts = {0};
	opts.extra_args = on->now ? extra : NULL;
	opts.on_exit = on_sandbox_exit;
	opts.port = port;
	on->sandbox_started = uv_now(&on->loop);
	on->sandbox = sandbox_launch_start(&on->loop, &opts, on_ready, on);
}

static unsigned url_port(const char *url)
{
	const char *colon = url ? strrchr(url, ':') : NULL;
	return colon ? (unsigned)strtoul(colon + 1, NULL, 10) : 0;
}

static void on_sandbox_restarted(sandbox_launch *sl, const char *base_url, const char *api_key,
				 const char *error, void *user)
{
	online *on = user;
	if (error && on->restart_port) {
		/* The port was taken meanwhile: any port will do, and the client moves there. */
		sandbox_launch_stop(sl, NULL);
		on->restart_port = 0;
		launch_sandbox(on, 0, on_sandbox_restarted);
		return;
	}
	if (error) {
		app_status(&on->a, _("The demo server stopped and could not be restarted: %s"),
			   error);
		return;
	}
	bool moved = strcmp(base_url, on->base_url) != 0;
	if (!api_client_server_restarted(on->api, moved ? base_url : NULL)) {
		app_status(&on->a, "%s", _("The demo server stopped and could not be restarted."));
		return;
	}
	free(on->base_url);
	on->base_url = xstrdup(base_url);
	on->api_key = api_key;
	app_status(&on->a, "%s", _("The demo server stopped; restarted it."));
}

/*
 * The demo sandbox died (crashed, killed): the cart is the client's and survives, but the
 * sandbox's state does not, so a new one starts on the same port (the client keeps its base
 * URL) and the client forgets its session. One that keeps dying right after its start is
 * left stopped.
 */
static void on_sandbox_exit(sandbox_launch *sl, const char *message, void *user)
{
	online *on = user;
	uv_update_time(&on->loop);
	bool quick = uv_now(&on->loop) - on->sandbox_started < DEMO_QUICK_DEATH_MS;
	on->quick_deaths = quick ? on->quick_deaths + 1 : 0;
	sandbox_launch_stop(sl, NULL);
	on->sandbox = NULL;
	if (on->quick_deaths >= DEMO_MAX_QUICK_DEATHS) {
		app_status(&on->a, _("The demo server keeps stopping (%s); quit and start again."),
			   message);
		return;
	}
	app_status(&on->a, "%s", _("The demo server stopped; restarting it…"));
	on->restart_port = url_port(on->base_url);
	launch_sandbox(on, on->restart_port, on_sandbox_restarted);
}

/* Demo mode: starts gett-sandbox and waits (on the loop) until it listens. */
static bool start_sandbox(online *on, const online_options *o)
{
	on->now = o->now;
	launch_sandbox(on, 0, on_sandbox_ready);
	/* No deadline here: sandbox_launch has its own start timeout. */
	loop_wait(&on->loop, loop_wait_flag_set, &on->sandbox_settled, 0);
	if (on->sandbox_error) {
		fprintf(stderr, _("gett-tui: cannot start the demo: %s\n"), on->sandbox_error);
		return false;
	}
	return true;
}

static char *dup_text(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Dana Demo from the sandbox's users: who she is and her home, where discovery starts. Her
   other address and her saved cards come from the sandbox (the shop reads them). */
static void use_demo_profile(online *on)
{
	config_profile *p = &on->cfg.profile;
	p->partner_user_id = xstrdup("demo-user");
	p->email = xstrdup("demo@example.com");
	p->first_name = xstrdup("Dana");
	p->last_name = xstrdup("Demo");
	p->phone = xstrdup("+12065550123");
	p->addresses = xcalloc(1, sizeof *p->addresses);
	p->n_addresses = 1;
	config_address *ad = &p->addresses[0];
	ad->name = xstrdup("home");
	ad->address1 = xstrdup("1420 E Pine St");
	ad->address2 = xstrdup("Apt 305");
	ad->city = xstrdup("Seattle");
	ad->state = xstrdup("WA");
	ad->postal_code = xstrdup("98122");
	ad->instructions = xstrdup("Buzz 305 at the side door on 15th Ave.");
	on->demo_profile = true;
}

/* The profile's addresses and payments in the shop's terms (the shop copies them). */
static void profile_to_shop(online *on)
{
	const config_profile *p = &on->cfg.profile;
	on->addresses = xcalloc(p->n_addresses + 1, sizeof *on->addresses);
	for (size_t i = 0; i < p->n_addresses; i++) {
		const config_address *ca = &p->addresses[i];
		shop_address *sa = &on->addresses[i];
		sa->label = dup_text(ca->name);
		sa->address.address1 = dup_text(ca->address1);
		sa->address.address2 = dup_text(ca->address2);
		sa->address.city = dup_text(ca->city);
		sa->address.state = dup_text(ca->state);
		sa->address.postal_code = dup_text(ca->postal_code);
		sa->instructions = dup_text(ca->instructions);
		if (on->demo_profile && i == 0) {
			sa->address.location = xmalloc(sizeof *sa->address.location);
			*sa->address.location = demo_home;
		}
	}
	on->payments = xcalloc(p->n_payments + 1, sizeof *on->payments);
	for (size_t i = 0; i < p->n_payments; i++) {
		const config_payment *cp = &p->payments[i];
		shop_payment *sp = &on->payments[i];
		sp->label = dup_text(cp->name);
		if (cp->type == CONFIG_PAYMENT_CARD_ON_FILE) {
			sp->info.type = xstrdup(payment_kind_wire(PAYMENT_KIND_CARD_ON_FILE));
			sp->info.card_token = dup_text(cp->card_token);
			sp->info.processor_type = dup_text(cp->processor);
		} else {
			sp->info.type = xstrdup(payment_kind_wire(PAYMENT_KIND_SAVED_CARD));
			sp->info.payment_id = dup_text(cp->payment_id);
		}
	}
	on->customer.email = p->email;
	on->customer.first_name = p->first_name;
	on->customer.last_name = p->last_name;
	on->customer.phone = p->phone;
	on->customer.partner_user_id = p->partner_user_id;
}

static void free_shop_profile(online *on)
{
	for (size_t i = 0; on->addresses && i < on->cfg.profile.n_addresses; i++) {
		free(on->addresses[i].label);
		free(on->addresses[i].instructions);
		external_address_clear(&on->addresses[i].address);
	}
	for (size_t i = 0; on->payments && i < on->cfg.profile.n_payments; i++) {
		free(on->payments[i].label);
		payment_info_clear(&on->payments[i].info);
	}
	free(on->addresses);
	free(on->payments);
}

/* Requests and responses hold addresses and phone numbers: the log is the user's alone (0600;
   an existing file readable by others is tightened, or refused when it cannot be), and a FIFO
   or device is refused instead of blocking the start. */
static FILE *open_debug_log(const char *path)
{
	int fd =
	    open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0600);
	struct stat st;
	const char *problem = NULL;
	if (fd < 0)
		problem = errno == ENXIO ? _("not a regular file") /* a FIFO with no reader */
					 : strerror(errno);
	else if (fstat(fd, &st) != 0)
		problem = strerror(errno);
	else if (!S_ISREG(st.st_mode))
		problem = _("not a regular file");
	else if ((st.st_mode & 077) && fchmod(fd, st.st_mode & 0700) != 0)
		problem = _("readable by others, and its mode cannot be changed to 600");
	FILE *f = problem ? NULL : fdopen(fd, "a");
	if (!f) {
		fprintf(stderr, _("gett-tui: --debug-log %s: %s\n"), path,
			problem ? problem : strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	setvbuf(f, NULL, _IOLBF, 0);
	return f;
}

static bool make_client(online *on)
{
	const config_profile *p = &on->cfg.profile;
	api_profile profile = {p->partner_user_id, p->email, p->first_name, p->last_name, p->phone};
	api_settings as = {0};
	as.base_url = on->base_url;
	as.api_key = on->api_key;
	as.session_token = on->res.session_token;
	as.profile = &profile;
	as.debug_log = on->debug_log;
	as.debug_log_personal = on->debug_log_personal;
	as.on_retry = on_api_retry;
	as.on_retry_user = on;
	char err[512];
	on->api = api_client_new(&on->loop, &as, err, sizeof err);
	if (!on->api) {
		fprintf(stderr, "gett-tui: %s\n", err);
		return false;
	}
	return true;
}

static void on_shop_change(shop *s, unsigned changes, void *user)
{
	(void)s;
	app_shop_changed(user, changes);
}

static bool make_shop(online *on)
{
	const config_profile *p = &on->cfg.profile;
	profile_to_shop(on);
	char err[512];
	shop_settings ss = {0};
	ss.loop = &on->loop;
	ss.api = on->api;
	ss.base_url = on->res.demo_mode ? DEMO_SCOPE : on->base_url;
	ss.user = p->partner_user_id ? p->partner_user_id : p->email ? p->email : "anonymous";
	char *default_path = on->cfg.path ? NULL : config_default_path(err, sizeof err);
	ss.config_path = on->cfg.path ? on->cfg.path : default_path;
	ss.catalog_cache_bytes = on->cfg.catalog_cache_max_bytes;
	ss.home = default_home;
	if (p->n_addresses > 0 && on->addresses[0].address.location)
		ss.home = *on->addresses[0].address.location;
	ss.addresses = on->addresses;
	ss.n_addresses = p->n_addresses;
	ss.payments = on->payments;
	ss.n_payments = p->n_payments;
	bool identity = p->email && p->first_name && p->last_name && p->phone;
	ss.customer = identity ? &on->customer : NULL;
	ss.search_debounce_ms = SEARCH_DEBOUNCE_MS;
	ss.on_change = on_shop_change;
	ss.user_data = &on->a;
	ss.now = app_clock; /* the shop checks hours against the app's clock (--now pins it) */
	on->shop = shop_new(&ss, err, sizeof err);
	free(default_path);
	if (!on->shop) {
		fprintf(stderr, "gett-tui: %s\n", err);
		return false;
	}
	return true;
}

/* Resolves where to connect; false (message printed) when it cannot. */
static bool resolve(online *on, const online_options *o)
{
	char err[512];
	if (!config_load(NULL, &on->cfg, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return false;
	}
	for (size_t i = 0; i < on->cfg.warnings.n; i++)
		fprintf(stderr, "%s\n", on->cfg.warnings.v[i]);
	if (!config_resolve(&on->cfg, o->api_url, &on->res, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return false;
	}
	if (on->res.demo_mode) {
		on->a.badge = _("DEMO");
		if (!on->cfg.profile.email && on->cfg.profile.n_addresses == 0)
			use_demo_profile(on);
		return start_sandbox(on, o);
	}
	if (!on->res.api_key && !on->res.session_token) {
		char *path = on->cfg.path ? NULL : config_default_path(err, sizeof err);
		fprintf(stderr,
			_("gett-tui: an API URL is set but no credentials: set GETT_API_KEY or "
			  "GETT_SESSION_TOKEN, or api-key-file in the [api] section of %s (see "
			  "man gett-tui)\n"),
			on->cfg.path ? on->cfg.path
			: path	     ? path
				     : _("your configuration file"));
		free(path);
		return false;
	}
	on->base_url = xstrdup(on->res.base_url);
	on->api_key = on->res.api_key;
	return true;
}

static void run_views(online *on, const online_options *o, int *status)
{
	app *a = &on->a;
	a->shop = on->shop;
	a->mouse = on->cfg.ui_mouse;
	a->hyperlinks = on->cfg.ui_hyperlinks;
	size_t resumed = shop_resume_pending(on->shop);
	views_start_online(a);
	if (resumed)
		app_status(a, "%s",
			   ngettext("Your last order got no answer before the app closed: asking "
				    "the server about it (it is never placed twice)…",
				    "Orders that got no answer before the app closed: asking the "
				    "server about them (none is placed twice)…",
				    resumed));
	*status =
	    o->script_path ? script_run(a, o->script_path, o->cols, o->rows) : app_run_terminal(a);
}

static void on_sandbox_stopped(void *user)
{
	online *on = user;
	on->shutting_down--;
}

static void on_api_down(void *user)
{
	online *on = user;
	on->shutting_down--;
	if (on->sandbox) {
		/* Only now: the session was invalidated on the sandbox while it still ran. */
		sandbox_launch_stop(on->sandbox, on_sandbox_stopped);
		on->sandbox = NULL;
	}
}

static void shut_down(online *on)
{
	uv_close((uv_handle_t *)&on->retry_tick, NULL);
	app_free(&on->a);
	if (on->shop)
		shop_free(on->shop);
	on->a.shop = NULL;
	if (on->sandbox)
		on->shutting_down++;
	if (on->api) {
		on->shutting_down++;
		api_client_shutdown(on->api, on_api_down, on);
	} else if (on->sandbox) {
		sandbox_launch_stop(on->sandbox, on_sandbox_stopped);
		on->sandbox = NULL;
	}
	loop_wait(&on->loop, loop_wait_count_zero, &on->shutting_down, 0);
	uv_run(&on->loop, UV_RUN_DEFAULT); /* whatever else is closing */
	if (on->debug_log)
		fclose(on->debug_log);
	free_shop_profile(on);
	free(on->base_url);
	free(on->sandbox_error);
	config_resolved_clear(&on->res);
	config_clear(&on->cfg);
	uv_loop_close(&on->loop);
}

int run_online(const online_options *o)
{
	online *on = xcalloc(1, sizeof *on);
	int status = 1;
	if (uv_loop_init(&on->loop) != 0) {
		free(on);
		return 1;
	}
	app_init(&on->a, &on->loop);
	uv_timer_init(&on->loop, &on->retry_tick);
	on->retry_tick.data = on;
	time_t pinned;
	if (o->now && timestamp_parse(o->now, &pinned))
		app_pin_clock(&on->a, pinned);
	on->debug_log_personal = o->debug_log_personal;
	if (o->debug_log && !(on->debug_log = open_debug_log(o->debug_log))) {
		shut_down(on);
		free(on);
		return 1;
	}
	if (resolve(on, o) && make_client(on) && make_shop(on))
		run_views(on, o, &status);
	shut_down(on);
	free(on);
	return status;
}

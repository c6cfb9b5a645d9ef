/*
 * Shared pieces of the API client integration test (it_client.c, it_client_orders.c):
 * a uv loop, one real gett-sandbox per test, clients on it, and callbacks that
 * capture results so a test can drive the loop until they arrive.
 */
#ifndef GETT_TESTS_IT_CLIENT_H
#define GETT_TESTS_IT_CLIENT_H

#include <stdbool.h>
#include <stdio.h>
#include <uv.h>

#include "it_demo.h"
#include "net/api.h"
#include "sandbox_harness.h"

#define IT_MAX_CLIENTS 4

/* More demo data (data/README.md) than it_demo.h names. */
#define COFFEE_CATALOG	"afe096ad-830f-416e-9612-692979e46c06"
#define DEMO_ADDRESS_ID "3c50f454-17d9-4f99-819b-3992177ef9e3"

typedef struct it_env {
	uv_loop_t loop;
	bool loop_up;
	sandbox sb;
	bool sandbox_up;
	api_client *clients[IT_MAX_CLIENTS];
	size_t n_clients;
	char log_path[64];
	FILE *log;
	api_profile profile; /* the demo user */
	retry_policy fast;   /* short backoff so fault tests stay quick */
} it_env;

/* Every result a callback received, taken over (api_result_take). */
typedef struct capture {
	int calls;
	api_result *r; /* the last one */
} capture;

int it_setup(void **state);
int it_teardown(void **state);

/* Starts gett-sandbox on the demo data with extra arguments (NULL-terminated, may be NULL). */
void it_start_sandbox(it_env *env, const char *const *args);
/* Settings for the sandbox: demo key, demo profile, fast retries, no log. */
api_settings it_settings(it_env *env);
api_client *it_client(it_env *env, const api_settings *settings);
/* Starts gett-sandbox on the demo data and returns a client with it_settings(). */
api_client *it_demo_client(it_env *env);
/* The same, writing the debug log (read it with it_read_log or it_expect_log). */
api_client *it_demo_client_logged(it_env *env);
/* Ensures client's session and fails the test unless that works. */
void it_ensure_session(it_env *env, api_client *client);
/* Opens env->log_path for writing and returns it (for api_settings.debug_log). */
FILE *it_open_log(it_env *env);
/* The whole debug log so far (caller frees). */
char *it_read_log(it_env *env);
/* Reads the debug log so far and fails the test, naming the text and the caller's line, when
   one of `present` is missing from it or one of `absent` is in it (both lists end with NULL;
   IT_TEXTS writes one). */
#define IT_TEXTS(...)			    ((const char *const[]){__VA_ARGS__, NULL})
#define it_expect_log(env, present, absent) it_expect_log_at(env, present, absent, __LINE__)
void it_expect_log_at(it_env *env, const char *const *present, const char *const *absent, int line);

void it_capture_cb(api_result *result, void *user);
void it_capture_clear(capture *c);
/* Runs the loop until c->calls >= calls (fails the test after 30 s). */
void it_wait(it_env *env, const capture *c, int calls);
/* Runs the loop for about ms milliseconds. */
void it_run_for(it_env *env, long ms);
/* Waits for the next result in c and fails the test (printing the message) unless API_OK. */
void it_expect_ok(it_env *env, capture *c);

/* Ensures owner's session, then a client that uses its token (and not yet a connection). */
api_client *it_fresh_token_client(it_env *env, api_client *owner, const api_settings *base);

/* Shuts every client down and waits until they are gone. */
void it_shutdown_clients(it_env *env);

/* A pickup order of two simple items (line 1 unknown when bad_line), with only the tip. */
external_order *it_pickup_order(const char *store_id, const char *catalog_set_id, bool bad_line,
				money tip);

/* The cases of each file, for it_client.c's main (it_demo.h). */
void it_client_sessions_tests(it_tests *all);
void it_client_orders_tests(it_tests *all);
void it_client_wire_tests(it_tests *all);

#endif

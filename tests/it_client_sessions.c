/*
 * Sessions of the API client against gett-sandbox: creation from the profile,
 * renewal inside the margin, one re-creation after a 401, a given token used as
 * is, invalidation on shutdown, and secrets kept out of the debug log.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "it_client.h"

/* ------------------------------------------------------------------ sessions */

static void test_session_recreated_once_after_401(void **state)
{
	it_env *env = *state;
	api_client *owner = it_demo_client_logged(env);
	capture c = {0};
	api_session_ensure(owner, it_capture_cb, &c);
	it_expect_ok(env, &c);
	char *old_token = strdup(api_session_token(owner));
	char *old_id = strdup(api_session_current(owner)->session_id);

	/* Someone else ends that session behind the owner's back. */
	api_settings other = {.base_url = env->sb.base_url, .session_token = old_token};
	api_client *intruder = it_client(env, &other);
	it_capture_clear(&c);
	api_session_invalidate(intruder, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_null(api_session_token(intruder));

	it_capture_clear(&c);
	api_session_me(owner, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_int_equal(c.r->attempts, 2); /* 401, then the same call with the new token */
	assert_string_not_equal(api_session_token(owner), old_token);
	assert_string_not_equal(api_session_current(owner)->session_id, old_id);
	assert_string_equal(c.r->me->session_id, api_session_current(owner)->session_id);
	it_capture_clear(&c);

	it_expect_log(env, NULL, IT_TEXTS(old_token, api_session_token(owner), SANDBOX_DEMO_KEY));
	free(old_token);
	free(old_id);
}

static void test_session_renewed_inside_the_margin(void **state)
{
	it_env *env = *state;
	it_start_sandbox(env, NULL);
	api_settings s = it_settings(env);
	s.session_lifetime_s = 30; /* shorter than the 60 s margin: always due for renewal */
	api_client *client = it_client(env, &s);
	capture c = {0};
	api_session_ensure(client, it_capture_cb, &c);
	it_expect_ok(env, &c);
	char *first = strdup(c.r->session->session_id);
	char *old_token = strdup(c.r->session->token);
	it_capture_clear(&c);
	api_session_ensure(client, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_string_not_equal(c.r->session->session_id, first);
	free(first);

	/* The replaced token was ended (fire and forget): it no longer works. */
	for (int i = 0; i < 200 && api_calls_pending(client) > 0; i++)
		it_run_for(env, 25);
	api_settings old = {.base_url = env->sb.base_url, .session_token = old_token};
	api_client *stale = it_client(env, &old);
	it_capture_clear(&c);
	api_session_me(stale, it_capture_cb, &c);
	it_wait(env, &c, 1);
	assert_int_equal(c.r->status, 401);
	assert_string_equal(c.r->problem->detail, "session invalidated");
	free(old_token);

	it_capture_clear(&c); /* a call made meanwhile still goes through */
	api_session_me(client, it_capture_cb, &c);
	it_expect_ok(env, &c);
	it_capture_clear(&c);
}

static void test_session_kept_outside_the_margin(void **state)
{
	it_env *env = *state;
	api_client *client = it_demo_client(env);
	capture c = {0};
	api_session_ensure(client, it_capture_cb, &c);
	it_expect_ok(env, &c);
	char *first = strdup(c.r->session->session_id);
	it_capture_clear(&c);
	api_session_ensure(client, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_string_equal(c.r->session->session_id, first);
	free(first);
	it_capture_clear(&c);
}

static void test_given_token_is_used_as_is(void **state)
{
	it_env *env = *state;
	it_start_sandbox(env, NULL);
	api_settings s = it_settings(env);
	api_client *owner = it_client(env, &s);
	capture c = {0};
	api_session_ensure(owner, it_capture_cb, &c);
	it_expect_ok(env, &c);
	char *token = strdup(api_session_token(owner));

	api_settings given = {.base_url = env->sb.base_url, .session_token = token};
	api_client *client = it_client(env, &given);
	it_capture_clear(&c);
	api_session_ensure(client, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_null(c.r->session);
	assert_null(api_session_current(client));
	assert_string_equal(api_session_token(client), token);

	it_capture_clear(&c);
	api_session_me(client, it_capture_cb, &c);
	it_expect_ok(env, &c);
	assert_string_equal(c.r->me->user->email, DEMO_USER_EMAIL);

	it_capture_clear(&c); /* no key: the key-only call is refused locally */
	session_create_request empty = {0};
	api_session_create(client, &empty, it_capture_cb, &c);
	it_wait(env, &c, 1);
	assert_int_equal(c.r->outcome, API_ERR_REQUEST);
	it_capture_clear(&c);
	free(token);
}

static void test_shutdown_invalidates_the_session(void **state)
{
	it_env *env = *state;
	api_client *client = it_demo_client(env);
	it_ensure_session(env, client);
	char *token = strdup(api_session_token(client));

	http_reply before;
	sandbox_api_call(&env->sb, "GET", "/v1/marketplace/session/me", token, NULL, &before);
	assert_int_equal(before.status, 200);
	http_reply_clear(&before);

	it_shutdown_clients(env);
	http_reply after;
	sandbox_api_call(&env->sb, "GET", "/v1/marketplace/session/me", token, NULL, &after);
	assert_int_equal(after.status, 401);
	http_reply_clear(&after);
	free(token);
}

/* ------------------------------------------------------------------ secrets */

static void test_debug_log_redacts_secrets(void **state)
{
	it_env *env = *state;
	api_client *client = it_demo_client_logged(env);
	capture c = {0};
	it_ensure_session(env, client);
	char *token = strdup(api_session_token(client));
	address_input billing = {
	    .address1 = "1 Main St", .city = "Seattle", .postal_code = "98101", .state = "WA"};
	add_payment_card_request card = {.billing_address = billing,
					 .bin = "411111",
					 .card_number = "tok_secret_card_number_123",
					 .card_type = "visa",
					 .cvc = "tok_secret_cvc_456",
					 .last_four = "1111",
					 .expiration = "2031-01-31"};
	api_payment_add(client, &card, it_capture_cb, &c);
	it_expect_ok(env, &c);
	it_capture_clear(&c);
	api_store_get(client, UNKNOWN_GUID, it_capture_cb, &c);
	it_wait(env, &c, 1);
	assert_null(strstr(c.r->message, token));
	it_capture_clear(&c);

	it_expect_log(
	    env,
	    IT_TEXTS("/v1/marketplace/session/create", "Authorization: Bearer [REDACTED]",
		     "\"token\":\"[REDACTED]\"", "STORE_NOT_FOUND"),
	    IT_TEXTS(SANDBOX_DEMO_KEY, token, "tok_secret_card_number_123", "tok_secret_cvc_456"));
	free(token);
}

/* Credentials written into the API URL ("http://qa:secret@host") never reach the debug log. */
static void test_debug_log_hides_url_credentials(void **state)
{
	it_env *env = *state;
	it_start_sandbox(env, NULL);
	api_settings s = it_settings(env);
	const char *host = strstr(env->sb.base_url, "://") + 3;
	char url[512];
	snprintf(url, sizeof url, "http://qa:UrlSecret42@%s", host);
	s.base_url = url;
	s.debug_log = it_open_log(env);
	api_client *client = it_client(env, &s);
	capture c = {0};
	api_store_get(client, UNKNOWN_GUID, it_capture_cb, &c);
	it_wait(env, &c, 1);
	it_capture_clear(&c);
	it_expect_log(env, IT_TEXTS("http://[REDACTED]@"), IT_TEXTS("UrlSecret42"));
}

/* Names, email and phone are written "[PERSONAL]" in the debug log unless asked for. */
static void test_debug_log_keeps_personal_data_only_when_asked(void **state)
{
	it_env *env = *state;
	it_start_sandbox(env, NULL);
	for (int keep = 0; keep <= 1; keep++) {
		api_settings s = it_settings(env);
		s.debug_log = it_open_log(env);
		s.debug_log_personal = keep;
		api_client *client = it_client(env, &s);
		capture c = {0};
		it_ensure_session(env, client);
		api_session_me(client, it_capture_cb, &c);
		it_expect_ok(env, &c);
		it_capture_clear(&c);
		if (keep)
			it_expect_log(env, IT_TEXTS(DEMO_USER_EMAIL), NULL);
		else
			it_expect_log(env, IT_TEXTS("\"email\":\"[PERSONAL]\""),
				      IT_TEXTS(DEMO_USER_EMAIL, "Dana"));
		it_shutdown_clients(env);
		fclose(env->log);
		env->log = NULL;
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, it_setup, it_teardown)

void it_client_sessions_tests(it_tests *all)
{
	static const struct CMUnitTest tests[] = {
	    T(test_session_recreated_once_after_401),
	    T(test_session_renewed_inside_the_margin),
	    T(test_session_kept_outside_the_margin),
	    T(test_given_token_is_used_as_is),
	    T(test_shutdown_invalidates_the_session),
	    T(test_debug_log_redacts_secrets),
	    T(test_debug_log_hides_url_credentials),
	    T(test_debug_log_keeps_personal_data_only_when_asked),
	};
	it_tests_add(all, tests, sizeof tests / sizeof *tests);
}

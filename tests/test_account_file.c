/* Unit tests for src/persist/account_file.c: the default card, kept per server and user. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs_fixtures.h"
#include "persist/account_file.h"

#define URL_SANDBOX "https://api-sandbox.gett-tech.com"
#define URL_LOCAL   "http://127.0.0.1:8080"
#define CARD_ID	    "a0ac990a-f66b-4f68-ab47-9b2811f4f9d4"

typedef fx_files fixture;

static keyed_file *open_file(fixture *f, const char *url, const char *user)
{
	keyed_file *a = calloc(1, sizeof *a);
	if (!account_file_init(a, NULL, url, user, f->err, sizeof f->err))
		fail_msg("account_file_init: %s", f->err);
	return a;
}

static void close_file(keyed_file *a)
{
	keyed_file_clear(a);
	free(a);
}

/* Loads the choice and checks it: id or label expected (NULL: none), no problem. */
static void expect_choice(fixture *f, keyed_file *a, const char *id, const char *label)
{
	char *got_id, *got_label;
	account_file_load_payment(a, &got_id, &got_label, f->problem, sizeof f->problem);
	assert_string_equal(f->problem, "");
	if (id)
		assert_string_equal(got_id, id);
	else
		assert_null(got_id);
	if (label)
		assert_string_equal(got_label, label);
	else
		assert_null(got_label);
	free(got_id);
	free(got_label);
}

static void test_nothing_saved(void **state)
{
	fixture *f = *state;
	keyed_file *a = open_file(f, URL_SANDBOX, "demo-user");
	expect_choice(f, a, NULL, NULL);
	assert_false(fx_exists(a->path));
	close_file(a);
}

/* The choice outlives the process (a new open reads it), in a private file under
   $XDG_STATE_HOME/gett-tui/account/ that names neither the server nor the user. */
static void test_saved_choice_is_read_back(void **state)
{
	fixture *f = *state;
	keyed_file *a = open_file(f, URL_SANDBOX, "demo-user");
	assert_true(account_file_save_payment(a, CARD_ID, NULL, f->err, sizeof f->err));
	const char *path = a->path;
	assert_non_null(strstr(path, "/state/gett-tui/account/"));
	assert_null(strstr(path, "demo-user"));
	assert_null(strstr(path, "api-sandbox"));
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	close_file(a);

	a = open_file(f, URL_SANDBOX "/", "demo-user"); /* the same server */
	expect_choice(f, a, CARD_ID, NULL);
	/* A card of the configuration is kept by its label; the new choice replaces the old. */
	assert_true(account_file_save_payment(a, NULL, "Work Visa", f->err, sizeof f->err));
	expect_choice(f, a, NULL, "Work Visa");
	/* Nothing chosen: the file goes. */
	assert_true(account_file_save_payment(a, NULL, NULL, f->err, sizeof f->err));
	assert_false(fx_exists(a->path));
	expect_choice(f, a, NULL, NULL);
	close_file(a);
}

/* Each server and each user has a choice of its own. */
static void test_per_server_and_user(void **state)
{
	fixture *f = *state;
	keyed_file *a = open_file(f, URL_SANDBOX, "demo-user");
	assert_true(account_file_save_payment(a, CARD_ID, NULL, f->err, sizeof f->err));
	keyed_file *other_user = open_file(f, URL_SANDBOX, "pat");
	keyed_file *other_url = open_file(f, URL_LOCAL, "demo-user");
	assert_string_not_equal(a->path, other_user->path);
	assert_string_not_equal(a->path, other_url->path);
	expect_choice(f, other_user, NULL, NULL);
	expect_choice(f, other_url, NULL, NULL);
	close_file(other_user);
	close_file(other_url);
	close_file(a);
}

/* Damaged, foreign or from a future version: set aside, said, and no card is chosen. */
static void test_damaged_file_is_set_aside(void **state)
{
	fixture *f = *state;
	static const char *const texts[] = {
	    "{\"version\":1,\"baseUrl\":", /* torn */
	    "{\"version\":2,\"baseUrl\":\"" URL_SANDBOX "\",\"user\":\"demo-user\"}",
	    "{\"version\":1,\"baseUrl\":\"" URL_SANDBOX "\",\"user\":\"bob\","
	    "\"defaultPayment\":{\"paymentId\":\"x\"}}",
	    "{\"version\":1,\"baseUrl\":\"" URL_SANDBOX "\",\"user\":\"demo-user\","
	    "\"defaultPayment\":{\"paymentId\":7}}",
	};
	static const char *const why[] = {"not JSON", "version", "another server or user",
					  "$.defaultPayment.paymentId"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		keyed_file *a = open_file(f, URL_SANDBOX, "demo-user");
		const char *path = a->path;
		char *dir = strdup(path);
		*strrchr(dir, '/') = '\0';
		assert_true(account_file_save_payment(a, CARD_ID, NULL, f->err, sizeof f->err));
		free(fx_write(dir, strrchr(path, '/') + 1, texts[i], 0600));
		char *id, *label;
		account_file_load_payment(a, &id, &label, f->problem, sizeof f->problem);
		assert_null(id);
		assert_null(label);
		if (!strstr(f->problem, why[i]) || !strstr(f->problem, ".corrupt"))
			fail_msg("text %zu: %s", i, f->problem);
		assert_false(fx_exists(path));
		assert_int_equal(fx_count(dir, NULL), i + 1); /* the .corrupt files */
		expect_choice(f, a, NULL, NULL);	      /* then forgotten */
		free(dir);
		close_file(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_nothing_saved, fx_files_setup, fx_files_teardown),
	    cmocka_unit_test_setup_teardown(test_saved_choice_is_read_back, fx_files_setup,
					    fx_files_teardown),
	    cmocka_unit_test_setup_teardown(test_per_server_and_user, fx_files_setup,
					    fx_files_teardown),
	    cmocka_unit_test_setup_teardown(test_damaged_file_is_set_aside, fx_files_setup,
					    fx_files_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

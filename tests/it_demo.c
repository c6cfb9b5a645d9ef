#include "it_demo.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>

api_profile it_demo_profile(void)
{
	return (api_profile){.partner_user_id = "demo-user",
			     .email = DEMO_USER_EMAIL,
			     .first_name = "Dana",
			     .last_name = "Demo"};
}

retry_policy it_fast_retries(void)
{
	return (retry_policy){
	    .max_attempts = 4, .base_delay_ms = 40, .max_delay_ms = 200, .max_wait_ms = 120000};
}

char *it_read_log_file(FILE *log, const char *path)
{
	fflush(log);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *text = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return text;
}

int it_close_loop(uv_loop_t *loop, sandbox *sb, bool sandbox_up, const char *who)
{
	if (sandbox_up)
		sandbox_stop(sb);
	uv_run(loop, UV_RUN_DEFAULT); /* lets every closed handle finish */
	if (uv_loop_close(loop) != 0) {
		fprintf(stderr, "%s: uv handles left open\n", who);
		return -1;
	}
	return 0;
}

void it_tests_add(it_tests *all, const struct CMUnitTest *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (all->n == IT_MAX_TESTS) {
			fprintf(stderr, "more than IT_MAX_TESTS (%d) cases\n", IT_MAX_TESTS);
			exit(1);
		}
		all->v[all->n++] = &cases[i];
	}
}

int it_tests_run(const it_tests *all, const char *filter_env)
{
	struct CMUnitTest *group = calloc(all->n, sizeof *group);
	for (size_t i = 0; i < all->n; i++)
		group[i] = *all->v[i];
	if (getenv(filter_env))
		cmocka_set_test_filter(getenv(filter_env));
	int failed = _cmocka_run_group_tests("tests", group, all->n, NULL, NULL);
	free(group);
	return failed;
}

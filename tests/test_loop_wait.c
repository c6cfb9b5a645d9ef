/* loop_wait: a wait met inside a timer callback returns without sleeping on in poll;
   deadlines; the helper leaves no handle behind. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "net/loop_wait.h"

/* Fires only if loop_wait slept on in poll after its condition was met. */
#define TRIPWIRE_MS 10000

typedef struct fixture {
	uv_loop_t loop;
	uv_timer_t setter, tripwire;
	bool flag, tripped;
	int count;
} fixture;

static void on_setter(uv_timer_t *t)
{
	fixture *f = t->data;
	f->flag = true;
	f->count--;
}

static void on_tripwire(uv_timer_t *t)
{
	((fixture *)t->data)->tripped = true;
}

static int setup(void **state)
{
	fixture *f = test_calloc(1, sizeof *f);
	uv_loop_init(&f->loop);
	uv_timer_init(&f->loop, &f->setter);
	uv_timer_init(&f->loop, &f->tripwire);
	f->setter.data = f->tripwire.data = f;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	uv_close((uv_handle_t *)&f->setter, NULL);
	uv_close((uv_handle_t *)&f->tripwire, NULL);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	int rc = uv_loop_close(&f->loop); /* UV_EBUSY if loop_wait left a handle open */
	test_free(f);
	return rc == 0 ? 0 : -1;
}

/* The setter is already due when the loop starts, so it runs in the timers phase that
   precedes the poll; the tripwire is the only other thing the loop could wait for. Plain
   UV_RUN_ONCE would sleep in that poll until the tripwire fires. */
static void test_flag_set_by_timer_returns_before_poll_sleeps(void **state)
{
	fixture *f = *state;
	uv_timer_start(&f->setter, on_setter, 0, 0);
	uv_timer_start(&f->tripwire, on_tripwire, TRIPWIRE_MS, 0);
	assert_true(loop_wait(&f->loop, loop_wait_flag_set, &f->flag, 0));
	assert_false(f->tripped);
}

static void test_count_reaching_zero(void **state)
{
	fixture *f = *state;
	f->count = 2;
	uv_timer_start(&f->setter, on_setter, 0, 1); /* repeats: two decrements */
	uv_timer_start(&f->tripwire, on_tripwire, TRIPWIRE_MS, 0);
	assert_true(loop_wait(&f->loop, loop_wait_count_zero, &f->count, 0));
	assert_int_equal(f->count, 0);
	assert_false(f->tripped);
	uv_timer_stop(&f->setter);
}

static void test_deadline_ends_a_wait_that_never_comes(void **state)
{
	fixture *f = *state;
	uv_timer_start(&f->tripwire, on_tripwire, TRIPWIRE_MS, 0);
	assert_false(loop_wait(&f->loop, loop_wait_flag_set, &f->flag, 20));
	assert_false(f->tripped);
}

static void test_already_true_does_not_run_the_loop(void **state)
{
	fixture *f = *state;
	f->flag = true;
	uv_timer_start(&f->setter, on_setter, 0, 0);
	f->count = 1;
	assert_true(loop_wait(&f->loop, loop_wait_flag_set, &f->flag, 0));
	assert_int_equal(f->count, 1); /* the setter never ran */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_flag_set_by_timer_returns_before_poll_sleeps,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_count_reaching_zero, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deadline_ends_a_wait_that_never_comes, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_already_true_does_not_run_the_loop, setup,
					    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

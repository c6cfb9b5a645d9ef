/* strmap and str_list: lookups, replacement, growth, insertion order. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/collections.h"

/* Drops keys whose number is odd, and at most `budget` of them. */
static bool drop_odd(const char *key, void *value, void *user)
{
	(void)value;
	size_t *budget = user;
	if (*budget == 0 || atoi(key + 1) % 2 == 0)
		return false;
	--*budget;
	return true;
}

static void test_strmap_remove_if(void **state)
{
	(void)state;
	strmap *m = strmap_new();
	char key[16];
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof key, "k%d", i);
		strmap_put(m, key, xstrdup(key));
	}
	size_t budget = 10; /* the first (oldest) ten odd keys */
	assert_int_equal(strmap_remove_if(m, drop_odd, &budget, free), 10);
	assert_int_equal(strmap_count(m), 90);
	assert_null(strmap_get(m, "k1"));
	assert_null(strmap_get(m, "k19"));
	assert_string_equal(strmap_get(m, "k21"), "k21");
	assert_string_equal(strmap_get(m, "k0"), "k0");
	assert_string_equal(strmap_key_at(m, 0), "k0"); /* the rest keep their order */
	assert_string_equal(strmap_key_at(m, 1), "k2");
	assert_string_equal(strmap_key_at(m, 10), "k20");
	assert_string_equal(strmap_key_at(m, 11), "k21");
	budget = 0;
	assert_int_equal(strmap_remove_if(m, drop_odd, &budget, free), 0);
	/* Lookups and insertion still work after the slots were rebuilt. */
	assert_null(strmap_put(m, "k1", xstrdup("again")));
	assert_string_equal(strmap_key_at(m, 90), "k1");
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof key, "k%d", i);
		if (i == 1 || i >= 20 || i % 2 == 0)
			assert_non_null(strmap_get(m, key));
		else
			assert_null(strmap_get(m, key));
	}
	strmap_free(m, free);
}

static void test_strmap_put_get_replace(void **state)
{
	strmap *m = strmap_new();
	assert_null(strmap_get(m, "a"));
	assert_null(strmap_put(m, "a", xstrdup("1")));
	assert_null(strmap_put(m, "b", xstrdup("2")));
	assert_string_equal(strmap_get(m, "a"), "1");
	char *old = strmap_put(m, "a", xstrdup("3"));
	assert_string_equal(old, "1");
	free(old);
	assert_string_equal(strmap_get(m, "a"), "3");
	assert_int_equal(strmap_count(m), 2);
	assert_null(strmap_get(m, NULL));
	strmap_free(m, free);
}

static void test_strmap_growth_keeps_order_and_lookups(void **state)
{
	strmap *m = strmap_new();
	char key[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "key-%d", i);
		int *v = xmalloc(sizeof *v);
		*v = i;
		assert_null(strmap_put(m, key, v));
	}
	assert_int_equal(strmap_count(m), 5000);
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "key-%d", i);
		int *v = strmap_get(m, key);
		assert_non_null(v);
		assert_int_equal(*v, i);
		assert_string_equal(strmap_key_at(m, (size_t)i), key);
		assert_int_equal(*(int *)strmap_value_at(m, (size_t)i), i);
	}
	assert_null(strmap_get(m, "key-5000"));
	assert_null(strmap_key_at(m, 5000));
	strmap_free(m, free);
}

static void test_str_list(void **state)
{
	str_list a = {0}, b = {0};
	str_list_push(&a, "x");
	str_list_push(&a, "y");
	assert_true(str_list_contains(&a, "y"));
	assert_false(str_list_contains(&a, "z"));
	str_list_copy(&b, &a);
	str_list_clear(&a);
	assert_int_equal(a.n, 0);
	assert_int_equal(b.n, 2);
	assert_string_equal(b.v[1], "y");
	str_list_clear(&b);
	assert_null(xstrdup(NULL));
}

typedef struct node {
	struct node *prev, *next;
	int id;
} node;

static void test_dlist(void **state)
{
	node a = {.id = 1}, b = {.id = 2}, c = {.id = 3};
	node *head = NULL;
	DLIST_PUSH(head, &a);
	DLIST_PUSH(head, &b);
	DLIST_PUSH(head, &c); /* c b a */
	assert_ptr_equal(head, &c);
	assert_ptr_equal(c.next, &b);
	assert_ptr_equal(a.prev, &b);
	DLIST_UNLINK(head, &b); /* the middle */
	assert_ptr_equal(c.next, &a);
	assert_ptr_equal(a.prev, &c);
	assert_null(b.prev);
	assert_null(b.next);
	DLIST_UNLINK(head, &c); /* the head */
	assert_ptr_equal(head, &a);
	assert_null(a.prev);
	DLIST_UNLINK(head, &a); /* the last */
	assert_null(head);
}

/* A cut inside a character drops that character; whole characters and ASCII stay. */
/* Each control becomes one space, whatever its length in UTF-8; text, accents and CJK stay. */
static void test_blank_controls(void **state)
{
	(void)state;
	char s[] = "a\x1b[0m\x7f\xc2\x9b\xe2\x80\xae"
		   "b\xe2\x81\xa6"
		   "c Ph\xe1\xbb\x9f \xe6\x97\xa5\r\n";
	str_blank_controls(s);
	assert_string_equal(s, "a [0m   b c Ph\xe1\xbb\x9f \xe6\x97\xa5  ");
	char empty[] = "";
	str_blank_controls(empty);
	assert_string_equal(empty, "");
	char marks[] = "\xe2\x80\x8f\xc2\xa0"; /* RLM and a no-break space are text */
	str_blank_controls(marks);
	assert_string_equal(marks, "\xe2\x80\x8f\xc2\xa0");
}

static void test_trim_partial_utf8(void **state)
{
	(void)state;
	char cut3[] = "ab\xe3\x83", cut4[] = "\xf0\x9f\x8d", whole[] = "ピザ", ascii[] = "pizza";
	char one[] = "\xe3", bare[] = "x\x83";
	str_trim_partial_utf8(cut3);
	assert_string_equal(cut3, "ab");
	str_trim_partial_utf8(cut4);
	assert_string_equal(cut4, "");
	str_trim_partial_utf8(whole);
	assert_string_equal(whole, "ピザ");
	str_trim_partial_utf8(ascii);
	assert_string_equal(ascii, "pizza");
	str_trim_partial_utf8(one);
	assert_string_equal(one, "");
	str_trim_partial_utf8(bare); /* no lead byte: not ours to judge */
	assert_string_equal(bare, "x\x83");
}

/* The nine that reorder a row, and nothing beside them: not the marks (LRM, RLM, ALM), not
   their neighbours (U+2029, U+202F, U+2065, U+206A), not text that only starts like one. */
static void test_bidi_controls(void **state)
{
	(void)state;
	static const unsigned long yes[] = {0x202a, 0x202e, 0x2066, 0x2069};
	static const unsigned long no[] = {0x200e, 0x200f, 0x061c, 0x2029, 0x202f, 0x2065, 0x206a};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		assert_true(str_is_bidi_control(yes[i]));
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		assert_false(str_is_bidi_control(no[i]));
	assert_int_equal(str_bidi_control_at("\u202ex"), 0x202e);
	assert_int_equal(str_bidi_control_at("\u2067"), 0x2067);
	assert_int_equal(str_bidi_control_at("\u202a"), 0x202a);
	assert_int_equal(str_bidi_control_at("\u200f"), 0);
	assert_int_equal(str_bidi_control_at("\u2069" + 1), 0); /* not at a character's start */
	assert_int_equal(str_bidi_control_at("\xe2\x80"), 0);	/* cut short */
	assert_int_equal(str_bidi_control_at("x"), 0);
	assert_int_equal(str_bidi_control_at(""), 0);
}

/* A map that borrows its keys keeps the very pointers given (on replacing too) and never frees
   them: here they are not even on the heap, so freeing one would crash. */
static void test_strmap_borrowing(void **state)
{
	(void)state;
	char keys[3][8] = {"a", "b", "a"};
	strmap *m = strmap_new_borrowing();
	assert_null(strmap_put(m, keys[0], "1"));
	assert_null(strmap_put(m, keys[1], "2"));
	assert_ptr_equal(strmap_key_at(m, 0), keys[0]);
	assert_string_equal(strmap_put(m, keys[2], "3"), "1");
	assert_ptr_equal(strmap_key_at(m, 0), keys[2]); /* the new value's own key */
	assert_string_equal(strmap_get(m, "a"), "3");
	assert_int_equal(strmap_count(m), 2);
	strmap_free(m, NULL);
}

/* Allocations are zeroed, aligned, apart, and owned; one bigger than a block still fits. */
static void test_arena(void **state)
{
	(void)state;
	arena *a = arena_new(0);
	char *prev = NULL;
	for (int i = 0; i < 1000; i++) {
		char *p = arena_alloc(a, (size_t)(i % 40) + 1);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (int k = 0; k < i % 40 + 1; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xff, (size_t)(i % 40) + 1);
		assert_true(p != prev);
		assert_true(arena_owns(a, p));
		prev = p;
	}
	size_t big_n = (size_t)1 << 20;
	unsigned char *big = arena_alloc(a, big_n);
	assert_int_equal(big[0] | big[big_n - 1], 0);
	assert_true(arena_owns(a, big + big_n - 1));
	char local;
	assert_false(arena_owns(a, &local));
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	assert_string_equal(arena_strdup(a, "whole"), "whole");
	assert_null(arena_strdup(a, NULL));
	/* Sizes past what any system maps are refused, not wrapped into small blocks. */
	assert_null(arena_try_alloc(a, SIZE_MAX - 3));
	assert_null(arena_try_alloc(a, SIZE_MAX / 2));
	assert_non_null(arena_alloc_array(a, 3, 8));
	arena_free(a);
	arena_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_strmap_put_get_replace),
	    cmocka_unit_test(test_strmap_growth_keeps_order_and_lookups),
	    cmocka_unit_test(test_strmap_remove_if),
	    cmocka_unit_test(test_strmap_borrowing),
	    cmocka_unit_test(test_arena),
	    cmocka_unit_test(test_str_list),
	    cmocka_unit_test(test_dlist),
	    cmocka_unit_test(test_trim_partial_utf8),
	    cmocka_unit_test(test_blank_controls),
	    cmocka_unit_test(test_bidi_controls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

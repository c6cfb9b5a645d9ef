/* Text folding for matching (base/textfold.h): case and Latin diacritics, as typed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/textfold.h"

/* What the menu filter does with typed text: fold it once, then look in each name. */
static bool contains(const char *haystack, const char *typed)
{
	char *folded = textfold_dup(typed);
	bool found = textfold_contains(haystack, folded);
	free(folded);
	return found;
}

static void assert_folds(const char *text, const char *want)
{
	char *got = textfold_dup(text);
	assert_string_equal(got, want);
	free(got);
}

static void test_folds_case_and_accents(void **state)
{
	(void)state;
	assert_folds("Phở Tái", "pho tai");
	assert_folds("Bún Bò Huế 🔥", "bun bo hue 🔥");
	assert_folds("Crème BRÛLÉE", "creme brulee");
	assert_folds("Käse", "kase");
	assert_folds("ĐẬU HŨ", "dau hu");
	assert_folds("Tonkotsu ラーメン", "tonkotsu ラーメン");
	assert_folds("ПИЦЦА Ωμέγα", "пицца ωμέγα");
	assert_folds("bad \xC3 byte", "bad \xC3 byte");
	assert_folds("", "");
	/* Letters written as two: Æbleskiver, Straße, Bœuf, Ĳssel. */
	assert_folds("Æbleskiver æ", "aebleskiver ae");
	assert_folds("Straße", "strasse");
	assert_folds("BŒUF bœuf", "boeuf boeuf");
	assert_folds("Ĳssel", "ijssel");
	/* The final sigma is a sigma: ΟΔΟΣ and οδος are the same word. */
	assert_folds("ΟΔΟΣ οδος", "οδοσ οδοσ");
	/* Not UTF-8 (an overlong "À", a byte past F7): kept as bytes, never a letter. */
	assert_folds("x\xE0\x83\x80y", "x\xE0\x83\x80y");
	assert_folds("x\xF8\x80y", "x\xF8\x80y");
}

static void test_contains_ignores_case_and_accents(void **state)
{
	(void)state;
	/* Vietnamese, typed without its marks or with some of them. */
	assert_true(contains("Phở Tái", "pho"));
	assert_true(contains("Phở Tái", "PHỞ"));
	assert_true(contains("Bún Bò Huế 🔥", "bun"));
	assert_true(contains("Bún Bò Huế 🔥", "bú"));
	assert_true(contains("Bún Bò Huế 🔥", "bo hue"));
	/* French, German: either side may carry the accent. */
	assert_true(contains("Crème brûlée", "creme"));
	assert_true(contains("CRÈME brûlée", "crème"));
	assert_true(contains("Creme brulee", "crème brûlée"));
	assert_true(contains("Käse", "KASE"));
	/* CJK and emoji compare as they are. */
	assert_true(contains("Tonkotsu ラーメン", "ラー"));
	assert_false(contains("Tonkotsu ラーメン", "ラン"));
	assert_true(contains("Пицца", "ПИЦ"));
	/* Plain ASCII, the fast path. */
	assert_true(contains("Pepperoni Classic", "PEPP"));
	assert_true(contains("anything", ""));
	assert_false(contains("Margherita", "pepp"));
	assert_false(contains("Phở Tái", "phx"));
	assert_true(contains("Æbleskiver (5)", "aebleskiver"));
	assert_true(contains("Straße", "strasse"));
	assert_false(contains("x\xE0\x83\x80y", "xay"));
}

static void test_long_names(void **state)
{
	(void)state;
	char name[1000];
	memset(name, 'x', sizeof name);
	memcpy(name + 900, "Crème", strlen("Crème"));
	name[sizeof name - 1] = '\0';
	assert_true(contains(name, "creme"));
	assert_false(contains(name, "brulee"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_folds_case_and_accents),
	    cmocka_unit_test(test_contains_ignores_case_and_accents),
	    cmocka_unit_test(test_long_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

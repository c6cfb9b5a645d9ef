/*
 * Text folded for matching what a person types against names: case and Latin diacritics are
 * ignored, so "pho" finds "Phở", "creme" finds "Crème brûlée" and "KASE" finds "Käse".
 * One home for the menu filter (ui/view_menu.c) and the sandbox's discovery search
 * (sandbox/search.c, docs/sandbox.md).
 *
 * The fold is a fixed table, not the locale (towlower, iconv //TRANSLIT depend on LC_CTYPE):
 * ASCII is lower-cased; Latin-1, Latin Extended-A, Ơ/Ư and the Vietnamese letters
 * (U+1EA0..U+1EF9) become their ASCII base letter, and Æ, ß, Œ, Ĳ the two letters they are
 * written as ("ae", "ss", "oe", "ij"); Greek and Cyrillic capitals become small letters, and
 * the final sigma a sigma; everything else (CJK, emoji, bytes that are not UTF-8, overlong
 * sequences included) is kept byte for byte. A folded text is never longer than the text.
 */
#ifndef GETT_TEXTFOLD_H
#define GETT_TEXTFOLD_H

#include <stdbool.h>
#include <stddef.h>

/* Writes the folded [s, s+len) and a NUL to out (room for len + 1); returns its length. */
size_t textfold(const char *s, size_t len, char *out);
/* Folded copy of s (xmalloc'd). */
char *textfold_dup(const char *s);
/* True when the folded haystack contains `folded` (a textfold result; "" is in everything). */
bool textfold_contains(const char *haystack, const char *folded);

#endif

/* Query words, matching and « » highlighting for discovery; see search.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "search.h"

#define OPEN_MARK  "\xC2\xAB" /* « */
#define CLOSE_MARK "\xC2\xBB" /* » */

static const char *const stop_words[] = {
    "a",     "an",     "and",  "any", "are",  "at",    "best",	 "by",	 "find",
    "for",   "from",   "good", "i",   "in",   "is",    "it",	 "me",	 "my",
    "near",  "nearby", "of",   "on",  "or",   "place", "places", "some", "spot",
    "spots", "that",   "the",  "to",  "want", "where", "with",
};

/* Latin letters with diacritics fold to their ASCII base so "pho" finds "Phở" and "creme"
   finds "Crème" ('.' = no folding). */
static const char fold_c0_17f[] =
    "aaaaaaaceeeeiiiidnooooo.ouuuuytsaaaaaaaceeeeiiiidnooooo.ouuuuytyaaaaaaccccccccddddeeeeeeeeee"
    "gggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyz"
    "zzzzzs";
static const char fold_1ea0_1ef9[] =
    "aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy";

_Static_assert(sizeof fold_c0_17f == 0x17F - 0xC0 + 2, "one letter per code point");
_Static_assert(sizeof fold_1ea0_1ef9 == 0x1EF9 - 0x1EA0 + 2, "one letter per code point");

/* Decodes one UTF-8 sequence at *p (advancing it); a bad sequence is U+FFFD, one byte long. */
static unsigned decode_utf8(const unsigned char **p, const unsigned char *end)
{
	const unsigned char *s = *p;
	unsigned c = s[0];
	int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	if (extra && end - s <= extra) {
		*p = s + 1;
		return 0xFFFD; /* truncated sequence */
	}
	unsigned cp = extra == 0 ? c : c & (0x3F >> extra);
	for (int i = 1; i <= extra; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*p = s + 1;
			return 0xFFFD;
		}
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	*p = s + 1 + extra;
	return cp;
}

static char fold_char(unsigned cp)
{
	if (cp < 0x80)
		return (char)tolower((int)cp);
	if (cp >= 0xC0 && cp <= 0x17F)
		return fold_c0_17f[cp - 0xC0];
	if (cp == 0x1A0 || cp == 0x1A1)
		return 'o';
	if (cp == 0x1AF || cp == 0x1B0)
		return 'u';
	if (cp >= 0x1EA0 && cp <= 0x1EF9)
		return fold_1ea0_1ef9[cp - 0x1EA0];
	return '.';
}

/* Lower-cased, diacritics-folded copy of [s, s+len) into out (size >= len + 1). */
static void fold(const char *s, size_t len, char *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t n = 0;
	while (p < end) {
		const unsigned char *start = p;
		char f = fold_char(decode_utf8(&p, end));
		if (f != '.') {
			out[n++] = f;
		} else { /* keep other characters (CJK, emoji) byte for byte */
			memcpy(out + n, start, (size_t)(p - start));
			n += (size_t)(p - start);
		}
	}
	out[n] = '\0';
}

static bool is_word_char(unsigned char c)
{
	return isalnum(c) || c >= 0x80 || c == '\'';
}

static bool is_stop_word(const char *w)
{
	for (size_t i = 0; i < sizeof stop_words / sizeof *stop_words; i++)
		if (strcmp(w, stop_words[i]) == 0)
			return true;
	return false;
}

void search_query_parse(const char *text, search_query *q)
{
	memset(q, 0, sizeof *q);
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	while (*p) {
		while (*p && !is_word_char(*p))
			p++;
		const unsigned char *start = p;
		while (*p && is_word_char(*p))
			p++;
		size_t len = (size_t)(p - start);
		while (len > 0 && start[len - 1] == '\'')
			len--;
		while (len > 0 && start[0] == '\'') {
			start++;
			len--;
		}
		if (len == 0)
			continue;
		char *w = xmalloc(len + 1);
		fold((const char *)start, len, w);
		len = strlen(w);
		if (len > 3 && w[len - 1] == 's' && w[len - 2] != 's')
			w[len - 1] = '\0'; /* "pizzas" -> "pizza", but keep "glass" */
		if (!is_stop_word(w) && !str_list_contains(&q->words, w))
			str_list_push(&q->words, w);
		free(w);
	}
}

void search_query_clear(search_query *q)
{
	str_list_clear(&q->words);
}

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* Index of the query word matching text word [w, w+len), or -1. Latin query words match a
   word prefix; others (CJK has no spaces between words) match anywhere inside the word. */
static int word_match(const search_query *q, const char *w, size_t len)
{
	char stack[256];
	char *folded = len < sizeof stack ? stack : xmalloc(len + 1);
	fold(w, len, folded);
	int found = -1;
	for (size_t i = 0; i < q->words.n && found < 0; i++) {
		const char *qw = q->words.v[i];
		size_t n = strlen(qw);
		if (is_ascii(qw) ? strncmp(folded, qw, n) == 0 : strstr(folded, qw) != NULL)
			found = (int)i;
	}
	if (folded != stack)
		free(folded);
	return found;
}

/* Calls `hit` for each matching word of text; returns the bitmask of query words seen. */
static unsigned long scan(const search_query *q, const char *text,
			  void (*hit)(void *ctx, size_t start, size_t len), void *ctx)
{
	unsigned long seen = 0;
	size_t i = 0, n = strlen(text);
	while (i < n) {
		if (!is_word_char((unsigned char)text[i])) {
			i++;
			continue;
		}
		size_t start = i;
		while (i < n && is_word_char((unsigned char)text[i]))
			i++;
		int m = word_match(q, text + start, i - start);
		if (m >= 0) {
			seen |= 1UL << (m % (int)(8 * sizeof seen));
			if (hit)
				hit(ctx, start, i - start);
		}
	}
	return seen;
}

unsigned long search_match_mask(const search_query *q, const char *text)
{
	return text && q->words.n ? scan(q, text, NULL, NULL) : 0;
}

typedef struct hl_ctx {
	const char *text;
	char *out;
	size_t len, copied;
} hl_ctx;

static void append(hl_ctx *c, const char *s, size_t n)
{
	memcpy(c->out + c->len, s, n);
	c->len += n;
}

static void on_hit(void *ctx, size_t start, size_t len)
{
	hl_ctx *c = ctx;
	append(c, c->text + c->copied, start - c->copied);
	append(c, OPEN_MARK, 2);
	append(c, c->text + start, len);
	append(c, CLOSE_MARK, 2);
	c->copied = start + len;
}

char *search_highlight(const search_query *q, const char *text)
{
	if (!text)
		return NULL;
	size_t n = strlen(text);
	/* At most (n + 1) / 2 words, each adding 4 marker bytes. */
	hl_ctx c = {.text = text, .out = xmalloc(3 * n + 3)};
	if (q->words.n)
		scan(q, text, on_hit, &c);
	append(&c, text + c.copied, n - c.copied);
	c.out[c.len] = '\0';
	return c.out;
}

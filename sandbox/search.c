/* Query words, matching and « » highlighting for discovery; see search.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "search.h"

#include "base/textfold.h"

#define OPEN_MARK  "\xC2\xAB" /* « */
#define CLOSE_MARK "\xC2\xBB" /* » */

static const char *const stop_words[] = {
    "a",     "an",     "and",  "any", "are",  "at",    "best",	 "by",	 "find",
    "for",   "from",   "good", "i",   "in",   "is",    "it",	 "me",	 "my",
    "near",  "nearby", "of",   "on",  "or",   "place", "places", "some", "spot",
    "spots", "that",   "the",  "to",  "want", "where", "with",
};

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
		len = textfold((const char *)start, len, w);
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
	textfold(w, len, folded);
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

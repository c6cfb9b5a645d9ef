/* Case and diacritics folding for matching; see textfold.h. */
#include "base/textfold.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

/* The ASCII base letter of each code point ('.' = no folding). */
static const char fold_c0_17f[] =
    "aaaaaaaceeeeiiiidnooooo.ouuuuytsaaaaaaaceeeeiiiidnooooo.ouuuuytyaaaaaaccccccccddddeeeeeeeeee"
    "gggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyz"
    "zzzzzs";
static const char fold_1ea0_1ef9[] =
    "aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy";

_Static_assert(sizeof fold_c0_17f == 0x17F - 0xC0 + 2, "one letter per code point");
_Static_assert(sizeof fold_1ea0_1ef9 == 0x1EF9 - 0x1EA0 + 2, "one letter per code point");

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

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
	/* A continuation byte as a start, F8..FF: not UTF-8. */
	if ((c >= 0x80 && c < 0xC0) || c >= 0xF8) {
		*p = s + 1;
		return 0xFFFD;
	}
	unsigned cp = extra == 0 ? c : c & (0x3F >> extra);
	for (int i = 1; i <= extra; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*p = s + 1;
			return 0xFFFD;
		}
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	static const unsigned least[] = {0, 0x80, 0x800, 0x10000};
	if (cp < least[extra] || cp > 0x10FFFF) { /* overlong, or past Unicode: not a letter */
		*p = s + 1;
		return 0xFFFD;
	}
	*p = s + 1 + extra;
	return cp;
}

/* Letters written as two in ASCII ("Æbleskiver" is found by "aebleskiver"): each is two UTF-8
   bytes, so folding never makes text longer. */
static const char *fold_to_pair(unsigned cp)
{
	switch (cp) {
	case 0xC6: /* Æ */
	case 0xE6:
		return "ae";
	case 0xDF: /* ß */
		return "ss";
	case 0x152: /* Œ */
	case 0x153:
		return "oe";
	case 0x132: /* Ĳ */
	case 0x133:
		return "ij";
	}
	return NULL;
}

/* The ASCII letter cp folds to, or 0 for none. */
static char fold_to_ascii(unsigned cp)
{
	char f = 0;
	if (cp >= 0xC0 && cp <= 0x17F)
		f = fold_c0_17f[cp - 0xC0];
	else if (cp == 0x1A0 || cp == 0x1A1) /* Ơ ơ */
		f = 'o';
	else if (cp == 0x1AF || cp == 0x1B0) /* Ư ư */
		f = 'u';
	else if (cp >= 0x1EA0 && cp <= 0x1EF9)
		f = fold_1ea0_1ef9[cp - 0x1EA0];
	return f == '.' ? 0 : f;
}

/* The small letter of a Greek or Cyrillic capital (two UTF-8 bytes either way), else cp; the
   final sigma is sigma. */
static unsigned fold_case(unsigned cp)
{
	if (cp == 0x3C2) /* ς */
		return 0x3C3;
	if ((cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) || (cp >= 0x410 && cp <= 0x42F))
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 0x50;
	return cp;
}

size_t textfold(const char *s, size_t len, char *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t n = 0;
	while (p < end) {
		if (*p < 0x80) {
			out[n++] = (char)ascii_lower(*p++);
			continue;
		}
		const unsigned char *start = p;
		unsigned cp = decode_utf8(&p, end);
		char f = fold_to_ascii(cp);
		unsigned lower = fold_case(cp);
		const char *pair = fold_to_pair(cp);
		if (pair) {
			out[n++] = pair[0];
			out[n++] = pair[1];
		} else if (f) {
			out[n++] = f;
		} else if (lower != cp) {
			out[n++] = (char)(0xC0 | (lower >> 6));
			out[n++] = (char)(0x80 | (lower & 0x3F));
		} else { /* kept as it is */
			memcpy(out + n, start, (size_t)(p - start));
			n += (size_t)(p - start);
		}
	}
	out[n] = '\0';
	return n;
}

char *textfold_dup(const char *s)
{
	size_t len = strlen(s);
	char *out = xmalloc(len + 1);
	textfold(s, len, out);
	return out;
}

/* The fast path of textfold_contains: for an ASCII haystack, folding is tolower. */
static bool ascii_contains(const char *haystack, const char *folded)
{
	for (const char *h = haystack;; h++) {
		size_t i = 0;
		while (folded[i] && ascii_lower((unsigned char)h[i]) == (unsigned char)folded[i])
			i++;
		if (!folded[i])
			return true;
		if (!h[i])
			return false;
	}
}

bool textfold_contains(const char *haystack, const char *folded)
{
	size_t len = 0;
	bool ascii = true;
	for (; haystack[len]; len++)
		ascii &= (unsigned char)haystack[len] < 0x80;
	if (ascii) /* most names: no copy (a menu of 50,000 items is filtered on every key) */
		return ascii_contains(haystack, folded);
	char stack[256];
	char *h = len < sizeof stack ? stack : xmalloc(len + 1);
	textfold(haystack, len, h);
	bool found = strstr(h, folded) != NULL;
	if (h != stack)
		free(h);
	return found;
}

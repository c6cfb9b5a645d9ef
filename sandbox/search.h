/*
 * Free-text matching for discovery (contract §2.5, §4.7): the query is split into lower-case
 * words (stop words dropped); a query word matches a text word that starts with it (so "pizz"
 * finds "Pizza"); a trailing plural "s" on a query word of 4+ letters is ignored ("pizzas").
 * Matching ignores case and Latin diacritics (base/textfold.h: "pho" finds "Phở"); other UTF-8
 * bytes are word characters and compared as is.
 */
#ifndef GETT_SANDBOX_SEARCH_H
#define GETT_SANDBOX_SEARCH_H

#include <stdbool.h>

#include "base/collections.h"

typedef struct search_query {
	str_list words; /* empty: no search (browse mode) */
} search_query;

void search_query_parse(const char *text, search_query *q);
void search_query_clear(search_query *q);

/* Bit i set when query word i (mod the width) occurs in text; for coverage across fields. */
unsigned long search_match_mask(const search_query *q, const char *text);
/* Copy of text with every matching word wrapped in « » (U+00AB/U+00BB); NULL for NULL. */
char *search_highlight(const search_query *q, const char *text);

#endif

/*
 * stop_words.h - the English function words a best-match search leaves
 * out of its ORed words ("why did oil prices fall": oil, prices, fall).
 * Only there: a query that requires every word keeps them, and the index
 * holds every word.
 */
#ifndef DEFCON_STOP_WORDS_H
#define DEFCON_STOP_WORDS_H

#include <stddef.h>

/* 1 when the `len` bytes of `word` (any case) are an English stop word. */
int defcon_stop_word(const char *word, size_t len);

#endif

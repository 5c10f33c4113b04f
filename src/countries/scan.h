/*
 * scan.h - cutting text into words for the country matcher (internal to
 * the countries module).
 *
 * The scanner keeps each word's shape (lower case, capitalized, all
 * capitals), what separates it from the word before (a space, punctuation,
 * the end of a sentence, a blank line) and which block of the article it
 * is in (0 the title, 1 the lead paragraph, 2...). It allocates nothing.
 */
#ifndef DEFCON_COUNTRY_SCAN_H
#define DEFCON_COUNTRY_SCAN_H

#include <stddef.h>

#include "gazetteer.h"
#include "ascii.h"

enum word_shape { SHAPE_LOWER, SHAPE_CAPITALIZED, SHAPE_UPPER, SHAPE_OTHER };

/* What separates a word from the one before it, weakest first. */
enum word_gap { GAP_TIGHT, GAP_PUNCT, GAP_SENTENCE, GAP_BLOCK };

struct word {
    const unsigned char *start;
    size_t len;
    size_t ordinal;          /* position among the article's words */
    int block;               /* 0 the title, 1 the lead, 2... */
    unsigned char shape;
    unsigned char gap;       /* before this word */
    unsigned char dotted;    /* an abbreviation with dots: U.S., N.Z. */
    size_t block_start;      /* offset of the word's block in the text */
};

struct scanner {
    const unsigned char *text;
    size_t len;
    size_t pos;
    size_t ordinal;
    int block;
    size_t block_start;
    int at_start;            /* nothing scanned in this text yet */
    int after_short_capital; /* the last word looked like "St" or "Inc" */
};

/* Whether a lower-case word of `len` bytes starting with `letter` can
 * start a term: only currency words do, so most words are passed over
 * without hashing them. */
static inline int country_lower_word_may_start_term(unsigned char letter, size_t len)
{
    return len < 32 && (defcon_country_lower_first_lengths[letter - 'a'] >> len) & 1u;
}

/* Starts scanning `len` bytes of `text` (borrowed until the scan ends) as
 * block `block`, numbering its words from `ordinal`. */
void defcon_scanner_start(struct scanner *s, const char *text, size_t len, int block,
                          size_t ordinal);

/* Cuts the next word into *w; returns 0 at the end of the text. When
 * `skipped` is not NULL, lower-case words that cannot start a term are
 * passed over on the way, in a tight loop: the last of them is written to
 * *skipped (for the rules that look at the word before a match) and
 * *skipped_any set to 1. */
int defcon_scanner_next(struct scanner *s, struct word *w, struct word *skipped,
                        int *skipped_any);

/* Headline case: no word of four or more letters starts with a lower-case
 * letter, as in Reuters' all-caps titles or Title Case headlines, looking
 * from `pos` to the end of the block. There capitals say nothing about
 * names. */
int defcon_block_is_headline(const unsigned char *text, size_t len, size_t pos);

/* Writes the key a word is looked up by into key[]: ASCII lower case, and
 * a dotted abbreviation always ending in a dot. Returns its length, or 0
 * when it is too long to be in the table. */
size_t defcon_word_key(const struct word *w, char key[COUNTRY_WORD_MAX + 1]);

/* Whether the word is `len` bytes of `text` (a key: lower case), in any
 * case. */
int defcon_word_is(const struct word *w, const char *text, size_t len);

#endif

/*
 * fingerprint.h - near-duplicate fingerprints of articles, and the rule
 * that says when two articles are copies of one story.
 *
 * Wire archives hold many copies of a story: the same item sent twice, a
 * rewrite with a changed lead, a headline-only flash sent ahead of the full
 * text. A fingerprint is computed once at index time from the tokens the
 * indexer already has (stems, as FTS5 indexes them), so a query pays
 * nothing to fold copies:
 *  - the body's SimHash: 64 bits, each the sign of the sum over the body's
 *    shingles (runs of DEFCON_FINGERPRINT_SHINGLE stems) of that bit of the
 *    shingle's hash, ±1. Texts sharing most shingles get hashes differing
 *    in few bits; the Hamming distance estimates the angle between the
 *    texts' shingle vectors. Eight bytes an article, and near neighbours
 *    are found by exact lookups of its bands (copies.h);
 *  - a hash of the title's stems in order (case, punctuation and
 *    inflection do not count), the signal for a headline-only flash;
 *  - hashes of the body's paragraphs (blocks of at least
 *    DEFCON_PARAGRAPH_MIN_TERMS stems; the DEFCON_FINGERPRINT_PARAGRAPHS
 *    with the lowest hashes, a sample that two versions of a text draw
 *    alike), for a rewrite whose new lead or added paragraphs move the
 *    SimHash too far: Reuters sends a story again with a new lead, or
 *    longer, the same day;
 *  - the title's first stems (16-bit hashes) and a 512-bit Bloom filter
 *    of the stems of the title and the lead paragraph, for a flash whose
 *    headline is worded otherwise than its story's: "SEARS ROEBUCK AND CO
 *    FEBRUARY SALES UP 4.9 PCT" flashes the story "SEARS <S> FEBRUARY
 *    SALES UP 4.9 PCT" that opens "Sears, Roebuck and Co said...";
 *  - the number of body terms, to tell a flash from a story;
 *  - the day range of the article's date.
 *
 * Two articles are copies when their dates are close and their texts
 * near-identical:
 *  - on the same day: bodies at most DEFCON_COPY_DISTANCE bits apart (a
 *    reworded sentence or a corrected figure), both long enough for the
 *    hash to mean something, and, beyond DEFCON_COPY_RESENT_DISTANCE
 *    bits, with a paragraph or the headline in common (two items of one
 *    template, a eurobond issue of another company, differ by a few bits
 *    but in every paragraph); or at least two paragraphs in common that
 *    hold DEFCON_COPY_PARAGRAPH_SHARE percent of the sampled paragraph
 *    terms of the article with fewer (a changed lead, an added
 *    paragraph); or one a flash (a body of fewer than
 *    DEFCON_FINGERPRINT_MIN_TERMS terms) with the other's headline, or
 *    a headline-only flash (fewer than DEFCON_HEADLINE_ONLY_TERMS body
 *    terms) whose headline has DEFCON_HEADLINE_MIN_STEMS stems or more,
 *    starts with the other's first title stem, and has its stems all
 *    (all but one, from 7 stems on) in the other's title or lead;
 *  - on neighbouring days (DEFCON_COPY_DAYS apart at most): bodies at most
 *    DEFCON_COPY_RESENT_DISTANCE bits apart, an item sent again after
 *    midnight. A daily report (central bank operations, market closes)
 *    repeats its words with new figures each day: another day's item
 *    that differs in more than a few words is another story, and so is
 *    a flash under the same headline;
 *  - further apart: never. The same words a week later are another story
 *    (Reuters' "Bundesbank leaves credit policies unchanged" of 5 and 19
 *    March 1987).
 */
#ifndef DEFCON_FINGERPRINT_H
#define DEFCON_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "tokenizer.h"

/* Stems a shingle: three catches reordered and rewritten sentences while
 * leaving most shingles of a lightly edited text intact. */
#define DEFCON_FINGERPRINT_SHINGLE 3

/* Bodies with fewer terms are flashes: their SimHash is kept but two of
 * them are compared by title, not by body. */
#define DEFCON_FINGERPRINT_MIN_TERMS 25

/* Titles with fewer terms ("(untitled)", "Correction", "Table") name no
 * story: they get no title hash. */
#define DEFCON_FINGERPRINT_MIN_TITLE_TERMS 3

/* Paragraphs sampled, and the fewest stems a sampled paragraph has
 * (shorter ones, "Shr 12 cts vs 10 cts", recur in unrelated items). */
#define DEFCON_FINGERPRINT_PARAGRAPHS 8
#define DEFCON_PARAGRAPH_MIN_TERMS 10

/* Title stems kept, and the fewest a flash headline must have to be
 * matched against a story's title and lead rather than its headline. */
#define DEFCON_FINGERPRINT_TITLE_STEMS 16
#define DEFCON_HEADLINE_MIN_STEMS 4

/* Most body terms of a headline-only flash matched that way: a short item
 * of its own ("Hog prices advanced 2.00 dlrs at the opening") is not a
 * flash of the day's other item on hogs. */
#define DEFCON_HEADLINE_ONLY_TERMS 5

/* 64-bit words of the Bloom filter of a story's title and lead stems. */
#define DEFCON_FINGERPRINT_LEAD_WORDS 8

/* Share (percent) of the smaller sample's terms in shared paragraphs. */
#define DEFCON_COPY_PARAGRAPH_SHARE 60

/* Largest SimHash distance (bits of 64) of copies of one day. */
#define DEFCON_COPY_DISTANCE 7

/* Largest distance in days between the dates of copies, and the largest
 * SimHash distance of copies on different days. */
#define DEFCON_COPY_DAYS 1
#define DEFCON_COPY_RESENT_DISTANCE 3

/* A date's precision in a fingerprint. Dates of other precisions than a
 * day are close only to dates of the same period (two saves of a story
 * filed under one month folder); undated articles only to undated ones. */
typedef struct defcon_fingerprint {
    uint64_t body;                     /* SimHash of the body's shingles; 0 if no body */
    uint64_t title;                    /* hash of the title's stems; 0 if none or too short */
    uint32_t body_terms;               /* terms in the body */
    defcon_date_precision precision;   /* of the date */
    long day;                          /* first day of the date's period; 0 if undated */
    int paragraph_count;               /* sampled paragraphs, 0..DEFCON_FINGERPRINT_PARAGRAPHS */
    uint32_t paragraphs[DEFCON_FINGERPRINT_PARAGRAPHS];        /* their hashes, ascending */
    uint16_t paragraph_terms[DEFCON_FINGERPRINT_PARAGRAPHS];   /* their stems */
    int title_stem_count;              /* 0..DEFCON_FINGERPRINT_TITLE_STEMS */
    uint16_t title_stems[DEFCON_FINGERPRINT_TITLE_STEMS];     /* distinct, in order */
    uint64_t lead[DEFCON_FINGERPRINT_LEAD_WORDS];   /* Bloom filter: stems of title and lead */
} defcon_fingerprint;

/* Why two articles are copies, or not. */
typedef enum defcon_copy_reason {
    DEFCON_COPY_NONE = 0,    /* not copies */
    DEFCON_COPY_TEXT,        /* near-identical bodies, close in date */
    DEFCON_COPY_HEADLINE,    /* a flash with the other's headline, close in date */
    DEFCON_COPY_PARAGRAPHS   /* most paragraphs shared the same day: a rewrite */
} defcon_copy_reason;

/* Computes the fingerprint of an article from the tokens of its title and
 * body (as defcon_tokenizer_run made them; either may be NULL for none),
 * the body text they were made from (`body_len` bytes, paragraphs
 * separated by a blank line as article.h gives them; NULL: one paragraph)
 * and its date (NULL for undated). Pure: no allocation, no state. */
void defcon_fingerprint_compute(const defcon_tokens *title, const defcon_tokens *body,
                                const char *body_text, size_t body_len,
                                const defcon_date *date, defcon_fingerprint *out);

/* Of two articles' paragraph samples: how many hashes they share, and
 * whether those hold DEFCON_COPY_PARAGRAPH_SHARE percent of the smaller
 * sample's terms (returns 1) or not (0). */
int defcon_fingerprint_share_paragraphs(const defcon_fingerprint *a, const defcon_fingerprint *b,
                                        int *shared);

/* The number of bits in which two SimHashes differ (0..64). */
int defcon_fingerprint_distance(uint64_t a, uint64_t b);

/* How far apart the articles' dates are for copies: 0 for the same day
 * (or the same period of a coarser precision, both undated included), the
 * number of days between two dates to the day, -1 when the precisions
 * differ (a month is not close to one of its days: it may be any). */
long defcon_fingerprint_days_apart(const defcon_fingerprint *a, const defcon_fingerprint *b);

/* Whether a and b are copies of one story, and why (see the top). The
 * relation is symmetric. */
defcon_copy_reason defcon_fingerprint_compare(const defcon_fingerprint *a,
                                              const defcon_fingerprint *b);

/* Whether a flash's headline is told by a story's title and lead (see
 * the top); the order of the arguments does not matter. */
int defcon_fingerprint_flash_of(const defcon_fingerprint *flash, const defcon_fingerprint *story);

/* How well b matches a as a copy, for choosing among several: lower is
 * better; meaningful only when defcon_fingerprint_compare says copies. */
int defcon_fingerprint_match_cost(const defcon_fingerprint *a, const defcon_fingerprint *b);

/* Whether the article is a flash (a body too short to hash meaningfully). */
int defcon_fingerprint_is_flash(const defcon_fingerprint *fingerprint);

#endif

/*
 * evidence.h - what the matcher gathers about each country an article
 * names, before scoring (internal to the countries module).
 *
 * match.c fills a country_article from the title, body and dateline;
 * about.c scores it. Both only read the generated tables.
 */
#ifndef DEFCON_COUNTRY_EVIDENCE_H
#define DEFCON_COUNTRY_EVIDENCE_H

#include <stddef.h>

#include "gazetteer.h"

struct evidence {
    int country;
    int count[KIND_COUNT];
    int dateline;          /* the dateline names it */
    int title_count;       /* named in the title (economy aside) */
    int lead_count;        /* ... in the first block of the body */
    size_t first_ordinal;  /* first named, economy aside */
};

/* A word with two readings, counted until the article decides. */
struct pending {
    int term;
    int count;
    int title_count;
    int lead_count;
    size_t first_ordinal;
};

#define LOCAL_EVIDENCE 32
#define MAX_PENDING 16

struct country_article {
    short slot[COUNTRY_COUNT];          /* index in items, or -1 */
    struct evidence local[LOCAL_EVIDENCE];
    struct evidence *items;             /* local, or heap when it overflows */
    size_t count, capacity;
    struct pending pending[MAX_PENDING];
    size_t pending_count;
    size_t words;
    size_t title_words;
    int has_dateline;                   /* a dateline, placed or not */
    int dateline_country;               /* -1 for none */
    int shared_forms[COUNTRY_SHARED_FORM_COUNT];   /* mentions of each
                                           legal form of several countries */
    int out_of_memory;
};

/* Currencies, legal forms and listings speak of an economy, not of a
 * country by name: they count apart. */
static inline int country_kind_is_economic(int kind)
{
    return kind == KIND_CURRENCY || kind == KIND_LEGAL_FORM || kind == KIND_LISTING;
}

/* Scans title (NUL-terminated, or NULL), body (`body_len` bytes, or NULL)
 * and dateline (NUL-terminated, or NULL) into *a and settles the words
 * with two readings. Returns 0, or -1 when memory runs out; either way
 * release *a with defcon_country_article_release(). */
int defcon_country_article_gather(struct country_article *a, const char *title,
                                  const char *body, size_t body_len, const char *dateline);

/* Frees what *a allocated. */
void defcon_country_article_release(struct country_article *a);

/* How many times the article names the country (economy aside). */
int defcon_country_evidence_named(const struct evidence *e);

/* How many legal forms of companies the article names that are not the
 * country's: other countries' (GmbH, Plc) and those of several countries
 * it is not one of (Ltd, for the U.S.). */
int defcon_country_other_legal_forms(const struct country_article *a, const struct evidence *e);

#endif

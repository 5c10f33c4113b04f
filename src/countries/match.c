/*
 * match.c - finds the countries an article names and gathers the evidence
 * for each.
 *
 * Matching is one pass over the words scan.c cuts: a word that may start
 * a term is lower-cased, hashed and looked up among the first words of
 * the known terms, and the longest term that fits the following words
 * wins ("Papua New Guinea" before "Guinea", "New Mexico" before "Mexico",
 * "Indian Ocean", which names no country, before "Indian"). Each term is
 * one kind of evidence: a name, a demonym, a capital, an institution, a
 * leader, a place inside the country, a currency or a company's legal
 * form; Reuters' tickers (<ICI.L>) add the country of their stock
 * exchange. Ambiguous words follow their rule from
 * src/gazetteer/ambiguous.tsv; the ones with two readings (Georgia,
 * Korea, Congo, Moscow) are settled after the pass by the rest of the
 * article. Then the same matcher reads the dateline, where places known
 * only to datelines ("N.J.", "Stamford") count too, and the last place it
 * names marks its country. Scoring is about.c's.
 *
 * Nothing is allocated per word and the tables are read-only, so any
 * number of threads may call in at once.
 */
#include "countries.h"
#include "evidence.h"
#include "scan.h"

#include <stdlib.h>
#include <string.h>

/* The hash of a key, eight bytes at a time; mirrors key_hash() in
 * gen_country_table.py. */
static uint32_t key_hash(const char *key, size_t len)
{
    uint64_t h = (uint64_t)len * UINT64_C(0x9E3779B97F4A7C15);
    size_t i, j;

    for (i = 0; i < len; i += 8) {
        uint64_t chunk = 0;
        for (j = 0; j < 8 && i + j < len; j++)
            chunk |= (uint64_t)(unsigned char)key[i + j] << (8 * j);
        h = (h ^ chunk) * UINT64_C(0xFF51AFD7ED558CCD);
        h ^= h >> 32;
    }
    return (uint32_t)h;
}

/* Whether a word can start a term at all, before hashing it: most words
 * are lower case, and only currency words start a term in lower case. */
static int word_may_start_term(const struct word *w)
{
    if (w->shape == SHAPE_OTHER)
        return 0;
    if (w->shape == SHAPE_LOWER && w->start[0] < 0x80)
        return country_lower_word_may_start_term(w->start[0], w->len);
    return 1;
}

/* ------------------------------------------------------------------ */
/* Looking words up                                                   */

static const struct country_bucket *bucket_find(const char *key, size_t len)
{
    uint32_t hash = key_hash(key, len);
    uint32_t slot = hash & (COUNTRY_BUCKET_COUNT - 1);

    for (;;) {
        const struct country_bucket *b = &defcon_country_buckets[slot];
        if (b->count == 0)
            return NULL;
        if (b->hash == hash) {
            const char *words = defcon_country_terms[b->first].words;
            if (strncmp(words, key, len) == 0 && (words[len] == ' ' || words[len] == '\0'))
                return b;
        }
        slot = (slot + 1) & (COUNTRY_BUCKET_COUNT - 1);
    }
}

static int word_in_list(const struct word *w, const char *const *list)
{
    size_t i;

    for (i = 0; list[i] != NULL; i++)
        if (defcon_word_is(w, list[i], strlen(list[i])))
            return 1;
    return 0;
}

/* Words that may follow or precede an ambiguous name without making it
 * part of a person's or company's name ("Chad Foreign Minister",
 * "Turkey Tuesday"). */
static int is_free_word(const struct word *w)
{
    static const char *const free_words[] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "president", "prime", "foreign",
        "finance", "minister", "ministry", "government", "embassy", "ambassador", "king",
        "queen", "crown", "central", "national", "state", NULL
    };

    return word_in_list(w, free_words);
}

/* Words that open a sentence with a capital without being a name: "In
 * Jordan" is the country, "Michael Jordan" is not. */
static int is_function_word(const struct word *w)
{
    static const char *const function_words[] = {
        "in", "to", "from", "for", "and", "but", "or", "nor", "the", "a", "an", "at", "on",
        "with", "by", "of", "into", "across", "near", "inside", "outside", "against", "like",
        "unlike", "after", "before", "since", "while", "when", "if", "as", "both", "so",
        "then", "also", "only", "even", "about", "over", "under", "through", "between",
        "among", "within", "without", "toward", "towards", "via", "visiting", "meanwhile",
        "neighbouring", "neighboring", "where", NULL
    };

    return word_in_list(w, function_words);
}

static int is_capitalized(const struct word *w)
{
    return w->shape == SHAPE_CAPITALIZED || w->shape == SHAPE_UPPER;
}

/* Whether word `index` of a term may be written as `w`. */
static int word_case_fits(const struct country_term *term, size_t index, const struct word *w)
{
    switch (term->case_rule) {
    case CASE_UPPER:
        return w->shape == SHAPE_UPPER;
    case CASE_LOWER_OK:
        /* A currency word: "yen", "YEN", or "Yen" opening a sentence, but
         * not "Rand" inside a company's name. */
        return w->shape != SHAPE_CAPITALIZED || (index == 0 && w->gap >= GAP_SENTENCE);
    default:
        /* A phrase that hides a country ("Guinea pig") only needs its
         * first word capitalized; a name needs the words it writes so. */
        if (term->kind == KIND_NONE && index > 0)
            return 1;
        return !(term->capitals & (1u << index)) || is_capitalized(w);
    }
}

/* ------------------------------------------------------------------ */
/* Matching terms against the words of one text                       */

/* Room for the longest term, the word after it and the word before. */
#define RING_SIZE 16

struct matcher {
    struct scanner scanner;
    struct word ring[RING_SIZE];
    size_t head;          /* ring[head] is the next word to match */
    size_t ahead;         /* words scanned but not yet consumed */
    int has_previous;     /* ring[head - 1] holds the word before */
    int ended;
};

/* The word i places ahead, scanning as needed, or NULL at the end. When
 * looking for the first word of a match, words that cannot start a term
 * are passed over in the scanner; the last becomes the previous word. */
static const struct word *matcher_peek(struct matcher *m, size_t i)
{
    while (m->ahead <= i) {
        struct word *next = &m->ring[(m->head + m->ahead) % RING_SIZE];
        struct word *skipped = m->ahead == 0 ? &m->ring[(m->head + RING_SIZE - 1) % RING_SIZE]
                                             : NULL;
        if (m->ended || !defcon_scanner_next(&m->scanner, next, skipped, &m->has_previous)) {
            m->ended = 1;
            return NULL;
        }
        m->ahead++;
    }
    return &m->ring[(m->head + i) % RING_SIZE];
}

static const struct word *matcher_previous(const struct matcher *m)
{
    return m->has_previous ? &m->ring[(m->head + RING_SIZE - 1) % RING_SIZE] : NULL;
}

static void matcher_consume(struct matcher *m, size_t n)
{
    m->head = (m->head + n) % RING_SIZE;
    m->ahead -= n;
    m->has_previous = 1;
}

/* Whether the words from the matcher's position spell the term; the
 * first word, `first_len` bytes of key, is already known to be the
 * term's. */
static int term_fits(struct matcher *m, const struct country_term *term, size_t first_len)
{
    const char *p = term->words + first_len;
    size_t i, len;

    if (!word_case_fits(term, 0, matcher_peek(m, 0)))
        return 0;
    for (i = 1; i < term->word_count; i++) {
        const struct word *w = matcher_peek(m, i);
        if (w == NULL || w->gap != GAP_TIGHT)
            return 0;
        p++;                       /* the space before word i */
        for (len = 0; p[len] != ' ' && p[len] != '\0'; len++)
            continue;
        if (!defcon_word_is(w, p, len) || !word_case_fits(term, i, w))
            return 0;
        p += len;
    }
    return 1;
}

/* Whether the word after a match of `n` words glues it to a name:
 * "Jordan Marsh", "Turkey Hill", "Chad Therapeutics". */
static int followed_by_name(struct matcher *m, size_t n)
{
    const struct word *next = matcher_peek(m, n);

    return next != NULL && next->gap == GAP_TIGHT && is_capitalized(next) && !is_free_word(next);
}

/* Applies the term's rule for ambiguous words (ambiguous.tsv) to a match
 * of `n` words. In headline-case blocks capitals carry no information, so
 * the name rules stand aside there and only the pronoun rule applies. */
static int rule_allows(struct matcher *m, const struct country_term *term, size_t n)
{
    const struct word *first = matcher_peek(m, 0);
    const struct word *previous = matcher_previous(m);
    int headline;

    if (term->rule == RULE_PLAIN || term->rule == RULE_CONTEXT)
        return 1;
    headline = defcon_block_is_headline(m->scanner.text, m->scanner.len, first->block_start);
    switch (term->rule) {
    case RULE_NAME_PART:
        /* "Vernon Jordan": a capitalized word just before it that is
         * neither a function word opening the sentence ("In Jordan") nor
         * a title ("King"); or a capitalized word after it. */
        if (headline)
            return 1;
        if (previous != NULL && first->gap == GAP_TIGHT && is_capitalized(previous)
            && !is_free_word(previous)
            && !(previous->gap >= GAP_SENTENCE && is_function_word(previous)))
            return 0;
        return !followed_by_name(m, n);
    case RULE_BEFORE_NAME:
        return headline || !followed_by_name(m, n);
    case RULE_PRONOUN:
        if (!headline || previous == NULL || first->gap != GAP_TIGHT)
            return 1;
        return !word_in_list(previous, term->pronouns);
    default:
        return 1;
    }
}

/* ------------------------------------------------------------------ */
/* Evidence gathered for one article                                  */


static void article_init(struct country_article *a)
{
    memset(a->slot, 0xFF, sizeof a->slot);
    a->items = a->local;
    a->count = 0;
    a->capacity = LOCAL_EVIDENCE;
    a->pending_count = 0;
    a->words = 0;
    a->title_words = 0;
    a->dateline_country = -1;
    memset(a->shared_forms, 0, sizeof a->shared_forms);
    a->out_of_memory = 0;
}

void defcon_country_article_release(struct country_article *a)
{
    if (a->items != a->local)
        free(a->items);
    a->items = NULL;
}

static struct evidence *article_evidence(struct country_article *a, int country)
{
    struct evidence *e;

    if (a->slot[country] >= 0)
        return &a->items[a->slot[country]];
    if (a->count == a->capacity) {
        size_t capacity = a->capacity * 2;
        struct evidence *grown = malloc(capacity * sizeof *grown);
        if (grown == NULL) {
            a->out_of_memory = 1;
            return NULL;
        }
        memcpy(grown, a->items, a->count * sizeof *grown);
        if (a->items != a->local)
            free(a->items);
        a->items = grown;
        a->capacity = capacity;
    }
    e = &a->items[a->count];
    memset(e, 0, sizeof *e);
    e->country = country;
    e->first_ordinal = (size_t)-1;
    a->slot[country] = (short)a->count++;
    return e;
}

static void evidence_add(struct country_article *a, int country, int kind, int count,
                         int title_count, int lead_count, size_t ordinal)
{
    struct evidence *e = article_evidence(a, country);

    if (e == NULL)
        return;
    e->count[kind] += count;
    if (country_kind_is_economic(kind))
        return;
    e->title_count += title_count;
    e->lead_count += lead_count;
    if (ordinal < e->first_ordinal)
        e->first_ordinal = ordinal;
}

/* How many times the article names a country (economy aside). */
int defcon_country_evidence_named(const struct evidence *e)
{
    int kind, n = 0;

    for (kind = 0; kind < KIND_COUNT; kind++)
        if (!country_kind_is_economic(kind))
            n += e->count[kind];
    return n;
}

int defcon_country_other_legal_forms(const struct country_article *a, const struct evidence *e)
{
    size_t i, k;
    int n = 0;

    for (i = 0; i < a->count; i++)
        if (a->items[i].country != e->country)
            n += a->items[i].count[KIND_LEGAL_FORM];
    for (i = 0; i < COUNTRY_SHARED_FORM_COUNT; i++) {
        const short *countries = defcon_country_shared_forms[i];
        if (a->shared_forms[i] == 0)
            continue;
        for (k = 0; countries[k] >= 0 && countries[k] != e->country; k++)
            continue;
        if (countries[k] < 0)
            n += a->shared_forms[i];
    }
    return n;
}

static int named_count(const struct country_article *a, int country)
{
    if (country < 0 || a->slot[country] < 0)
        return 0;
    return defcon_country_evidence_named(&a->items[a->slot[country]]);
}

/* A word with two readings goes to the one the rest of the article names
 * more often; to the usual one on a tie. */
static void pending_settle(struct country_article *a, const struct pending *p)
{
    const struct country_term *term = &defcon_country_terms[p->term];
    int alternate = named_count(a, term->alternate) > named_count(a, term->country);
    int country = alternate ? term->alternate : term->country;
    int kind = alternate ? term->alternate_kind : term->kind;

    evidence_add(a, country, kind, p->count, p->title_count, p->lead_count, p->first_ordinal);
}

/* The block number the dateline is scanned as: neither title nor body. */
#define DATELINE_BLOCK (-1)

static void record_match(struct country_article *a, int term_index, const struct word *first)
{
    const struct country_term *term = &defcon_country_terms[term_index];
    int in_title = first->block == 0, in_lead = first->block == 1;
    size_t i;

    if (term->kind == KIND_NONE)
        return;
    if (term->country < 0) {
        /* A legal form of several countries' companies (Ltd). */
        if (first->block != DATELINE_BLOCK)
            a->shared_forms[term->alternate]++;
        return;
    }
    if (first->block == DATELINE_BLOCK) {
        /* The last place a dateline names is the most precise: the
         * region after the city ("LONDON, Ontario"). A word with two
         * readings takes the one of the place before it ("TBILISI,
         * Georgia") or else the one the article settled on. */
        int country = term->country;
        if (term->rule == RULE_CONTEXT
            && (a->dateline_country == term->alternate
                || named_count(a, term->alternate) > named_count(a, country)))
            country = term->alternate;
        a->dateline_country = country;
        return;
    }
    if (term->kind == KIND_DATELINE)
        return;
    if (term->rule != RULE_CONTEXT) {
        evidence_add(a, term->country, term->kind, 1, in_title, in_lead, first->ordinal);
        return;
    }
    for (i = 0; i < a->pending_count; i++)
        if (a->pending[i].term == term_index)
            break;
    if (i == a->pending_count) {
        if (a->pending_count == MAX_PENDING) {
            /* Too many distinct two-way words: take the usual reading. */
            evidence_add(a, term->country, term->kind, 1, in_title, in_lead, first->ordinal);
            return;
        }
        memset(&a->pending[i], 0, sizeof a->pending[i]);
        a->pending[i].term = term_index;
        a->pending[i].first_ordinal = first->ordinal;
        a->pending_count++;
    }
    a->pending[i].count++;
    a->pending[i].title_count += in_title;
    a->pending[i].lead_count += in_lead;
}

/* A stock ticker the way Reuters writes one: "<", up to eight capitals or
 * digits, then optionally a dot or a space and an exchange suffix of up
 * to four capitals, then ">" (<IBM>, <ICI.L>, <GARJ J>). Returns the byte
 * just after it, or NULL; *symbol_len, *suffix and *suffix_len say what
 * it holds. */
static const unsigned char *ticker_at(const unsigned char *start, const unsigned char *end,
                                      size_t *symbol_len, const unsigned char **suffix,
                                      size_t *suffix_len)
{
    const unsigned char *p = start;
    size_t n = 0;

    while (p < end && n <= 8 && (defcon_country_byte_class[*p] & (BYTE_UPPER | BYTE_DIGIT))) {
        p++;
        n++;
    }
    if (n == 0 || n > 8 || p >= end)
        return NULL;
    *symbol_len = n;
    *suffix = p;
    *suffix_len = 0;
    if (*p == '.' || *p == ' ') {
        *suffix = ++p;
        while (p < end && (defcon_country_byte_class[*p] & BYTE_UPPER) && *suffix_len <= 4) {
            p++;
            ++*suffix_len;
        }
        if (*suffix_len == 0 || *suffix_len > 4)
            return NULL;
    }
    return (p < end && *p == '>') ? p + 1 : NULL;
}

/* The country of an exchange suffix ("" for a bare U.S. ticker), or -1. */
static int exchange_country(const unsigned char *suffix, size_t len)
{
    size_t i;

    for (i = 0; i < COUNTRY_EXCHANGE_COUNT; i++)
        if (strlen(defcon_country_exchanges[i].suffix) == len
            && memcmp(defcon_country_exchanges[i].suffix, suffix, len) == 0)
            return defcon_country_exchanges[i].country;
    return -1;
}

/* If the word opens a ticker, counts it as a listing and returns how many
 * words the ticker spans (they name no country); otherwise 0. */
static size_t match_ticker(struct country_article *a, struct matcher *m, const struct word *w)
{
    const unsigned char *text = m->scanner.text, *suffix, *after;
    size_t symbol_len, suffix_len, n = 1;
    int country;
    const struct word *next;

    if (w->start == text || w->start[-1] != '<' || w->shape == SHAPE_LOWER)
        return 0;
    after = ticker_at(w->start, text + m->scanner.len, &symbol_len, &suffix, &suffix_len);
    if (after == NULL)
        return 0;
    /* On NASDAQ a fifth letter F marks a foreign issuer: no U.S. listing
     * to speak of. */
    if (suffix_len == 0 && symbol_len == 5 && w->start[4] == 'F')
        country = -1;
    else
        country = exchange_country(suffix, suffix_len);
    if (country >= 0)
        evidence_add(a, country, KIND_LISTING, 1, 0, 0, w->ordinal);
    while ((next = matcher_peek(m, n)) != NULL && next->start < after)
        n++;
    return n;
}

/* Runs the matcher over one text: the title (block 0) or the body
 * (blocks 1, 2, ...). */
static void match_text(struct country_article *a, const char *text, size_t len, int block)
{
    struct matcher m;
    const struct word *w;

    m.head = 0;
    m.ahead = 0;
    m.has_previous = 0;
    m.ended = 0;
    defcon_scanner_start(&m.scanner, text, len, block, a->words);
    while ((w = matcher_peek(&m, 0)) != NULL) {
        const struct country_bucket *b = NULL;
        char key[COUNTRY_WORD_MAX + 1];
        size_t consumed = 1, key_len;
        unsigned k;

        if (w->gap != GAP_TIGHT && (consumed = match_ticker(a, &m, w)) > 0) {
            matcher_consume(&m, consumed);
            continue;
        }
        consumed = 1;
        if (word_may_start_term(w) && (key_len = defcon_word_key(w, key)) > 0)
            b = bucket_find(key, key_len);
        for (k = 0; b != NULL && k < b->count; k++) {
            int index = b->first + (int)k;
            const struct country_term *term = &defcon_country_terms[index];
            if (term_fits(&m, term, key_len) && rule_allows(&m, term, term->word_count)) {
                record_match(a, index, matcher_peek(&m, 0));
                consumed = term->word_count;
                break;
            }
        }
        matcher_consume(&m, consumed);
    }
    a->words = m.scanner.ordinal;
}

/* The length of the place in a dateline, its date left out: "KEARNY,
 * N.J., March 20" is "KEARNY, N.J.". Parts holding a digit are dates. One
 * pass from the end. */
static size_t dateline_place_length(const char *dateline)
{
    size_t len = strlen(dateline), i = len;
    int digit = 0;

    while (i > 0) {
        char c = dateline[--i];
        if (c >= '0' && c <= '9') {
            digit = 1;
        } else if (c == ',') {
            if (!digit)
                return len;
            len = i;
            digit = 0;
        }
    }
    return digit ? 0 : len;
}

/* Reads the place a dateline names; after the title and body, so that a
 * word with two readings follows the article. */
static void match_dateline(struct country_article *a, const char *dateline)
{
    size_t words = a->words;
    struct evidence *e;

    match_text(a, dateline, dateline_place_length(dateline), DATELINE_BLOCK);
    a->words = words;
    if (a->dateline_country >= 0 && (e = article_evidence(a, a->dateline_country)) != NULL)
        e->dateline = 1;
}

/* Scans title, body and dateline and settles the two-way words. */
int defcon_country_article_gather(struct country_article *a, const char *title,
                                  const char *body, size_t body_len, const char *dateline)
{
    size_t i;

    article_init(a);
    if (title != NULL)
        match_text(a, title, strlen(title), 0);
    a->title_words = a->words;
    if (body != NULL)
        match_text(a, body, body_len, 1);
    for (i = 0; i < a->pending_count; i++)
        pending_settle(a, &a->pending[i]);
    a->has_dateline = dateline != NULL && dateline[0] != '\0';
    if (dateline != NULL)
        match_dateline(a, dateline);
    return a->out_of_memory ? -1 : 0;
}

static void evidence_export(const struct country_article *a, const struct evidence *e,
                            defcon_country_evidence *out)
{
    memcpy(out->code, defcon_country_records[e->country].code, 3);
    out->names = e->count[KIND_NAME];
    out->demonyms = e->count[KIND_DEMONYM];
    out->capitals = e->count[KIND_CAPITAL];
    out->institutions = e->count[KIND_INSTITUTION];
    out->leaders = e->count[KIND_LEADER];
    out->places = e->count[KIND_PLACE];
    out->currencies = e->count[KIND_CURRENCY];
    out->legal_forms = e->count[KIND_LEGAL_FORM];
    out->listings = e->count[KIND_LISTING];
    out->other_legal_forms = defcon_country_other_legal_forms(a, e);
    out->title_mentions = e->title_count;
    out->lead_mentions = e->lead_count;
    out->first = (defcon_country_evidence_named(e) > 0 && a->words > 1)
                     ? (double)e->first_ordinal / (double)(a->words - 1) : 1.0;
    out->dateline = e->dateline;
    out->title_words = (int)a->title_words;
    out->body_words = (int)(a->words - a->title_words);
}

int defcon_countries_evidence(const char *title, const char *body, size_t body_len,
                              const char *dateline, defcon_country_evidence **items,
                              size_t *count)
{
    struct country_article a;
    size_t i;
    int rc;

    *items = NULL;
    *count = 0;
    rc = defcon_country_article_gather(&a, title, body, body_len, dateline);
    if (rc == 0 && a.count > 0) {
        *items = malloc(a.count * sizeof **items);
        if (*items == NULL)
            rc = -1;
        for (i = 0; rc == 0 && i < a.count; i++)
            evidence_export(&a, &a.items[i], &(*items)[i]);
        if (rc == 0)
            *count = a.count;
    }
    defcon_country_article_release(&a);
    return rc;
}

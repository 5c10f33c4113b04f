/*
 * countries.c - the country gazetteer and matcher.
 *
 * The tables (country_table.inc) are generated at build time by
 * src/gazetteer/gen_country_table.py from Debian's iso-codes and our own
 * lists; this file only reads them. Matching is one pass over the text:
 * a scanner cuts it into words (case-aware: it keeps each word's shape and
 * what separates it from the previous one), a word that may start a term
 * is lower-cased, hashed and looked up among the first words of the known
 * terms, and the longest term that fits the following words wins ("Papua
 * New Guinea" before "Guinea", "New Mexico" before "Mexico", "Indian
 * Ocean", which names no country, before "Indian"). Each term is one kind
 * of evidence: a name, a demonym, a capital, an institution, a leader, a
 * place inside the country, a currency or a company's legal form; Reuters'
 * tickers (<ICI.L>) add the country of their stock exchange. Ambiguous
 * words follow their rule from src/gazetteer/ambiguous.tsv; the ones with
 * two readings (Georgia, Korea, Congo, Moscow) are settled after the pass
 * by the rest of the article. Then the same matcher reads the dateline,
 * where places known only to datelines ("N.J.", "Stamford") count too,
 * and the last place it names marks its country. Last, a small logistic
 * model (one for dated articles, one for the rest) turns each country's
 * evidence into a score and the `about` decision.
 *
 * Nothing here is mutable after the build and nothing is allocated per
 * word, so any number of threads may call in at once.
 */
#include "countries.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Kinds of evidence; the order matches KINDS in the generator. */
enum evidence_kind {
    KIND_NAME,          /* short, official or other name, abbreviation */
    KIND_DEMONYM,       /* Iranian, Soviet */
    KIND_CAPITAL,       /* Tehran, Washington */
    KIND_INSTITUTION,   /* White House, Bundesbank */
    KIND_LEADER,        /* Gorbachev, Kim Jong Un */
    KIND_PLACE,         /* Texas, Osaka */
    KIND_CURRENCY,      /* yen, Canadian dlrs */
    KIND_LEGAL_FORM,    /* Plc, GmbH */
    KIND_LISTING,       /* a ticker on its stock exchange: <ICI.L> */
    KIND_DATELINE,      /* a city or region only read in a dateline: Chicago,
                           Calif. */
    KIND_NONE,          /* a phrase that names no country: Indian Ocean */
    KIND_COUNT = KIND_NONE
};

enum term_case {
    CASE_NAME,       /* capitalized or all-caps words, connectors any case */
    CASE_UPPER,      /* only in capitals: US, UK, DPRK */
    CASE_LOWER_OK    /* a currency word: lower case or capitals */
};

enum term_rule {
    RULE_PLAIN,
    RULE_CONTEXT,      /* two readings: the article decides */
    RULE_NAME_PART,    /* also a person's name: not next to another name */
    RULE_BEFORE_NAME,  /* also starts company names: not before a name */
    RULE_PRONOUN       /* US: not the pronoun in all-caps text */
};

struct country_record {
    const char *code;
    const char *alpha3;
    const char *name;
    int historical;
    const char *const *predecessors;
};

struct country_term {
    const char *words;          /* keys joined by single spaces */
    unsigned char word_count;
    unsigned char capitals;     /* bit i: word i must be capitalized */
    unsigned char kind;
    unsigned char case_rule;
    unsigned char rule;
    short country;              /* index in country_records, -1 for none */
    short alternate;            /* RULE_CONTEXT: the other reading */
    unsigned char alternate_kind;
    const char *const *pronouns;   /* RULE_PRONOUN: the words before a pronoun */
};

struct country_bucket {
    uint32_t hash;       /* of the first word */
    unsigned short first;  /* first term with that first word */
    unsigned short count;  /* 0 for an empty bucket */
};

struct country_exchange {
    const char *suffix;  /* after the dot of a ticker; "" for none */
    short country;
};

struct country_name {
    const char *key;     /* lookup_normalize()d */
    short country;
    const char *display;
};

#include "country_table.inc"

/* ------------------------------------------------------------------ */
/* Scanning text into words                                           */

/* Byte classes (country_byte_class[] in the generated table): one lookup
 * per byte tells word bytes from the separators and which separators end
 * a sentence. */
enum byte_class {
    BYTE_LOWER = 1,      /* a-z */
    BYTE_UPPER = 2,      /* A-Z */
    BYTE_DIGIT = 4,      /* 0-9 */
    BYTE_HIGH = 8,       /* part of a multi-byte UTF-8 character */
    BYTE_TIGHT = 16,     /* space, tab, CR, hyphen, apostrophe */
    BYTE_NEWLINE = 32,
    BYTE_STOP = 64,      /* . ! ? : ; */
    BYTE_WORD = BYTE_LOWER | BYTE_UPPER | BYTE_DIGIT | BYTE_HIGH
};

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

static unsigned char ascii_lower(unsigned char c)
{
    return (country_byte_class[c] & BYTE_UPPER) ? (unsigned char)(c + 32) : c;
}

/* The length of the UTF-8 punctuation character at p (Latin-1 symbols
 * U+0080-U+00BF such as the no-break space and guillemets, general
 * punctuation U+2000-U+206F such as curly quotes and dashes, CJK
 * punctuation U+3000-U+303F), or 0 when p starts a letter. Mirrors
 * is_word_byte() in gen_country_table.py. */
static size_t utf8_punctuation_length(const unsigned char *p, size_t left)
{
    if (p[0] == 0xC2 && left >= 2)
        return 2;
    if (left >= 3 && ((p[0] == 0xE2 && (p[1] == 0x80 || p[1] == 0x81))
                      || (p[0] == 0xE3 && p[1] == 0x80)))
        return 3;
    return 0;
}

/* Headline case: no word of four or more letters starts with a lower-case
 * letter, as in Reuters' all-caps titles or Title Case headlines. There
 * capitals say nothing about names, so the rules that read them are off.
 * Looks from pos to the end of the block; most blocks answer at once. */
static int block_is_headline(const unsigned char *text, size_t len, size_t pos)
{
    int newlines = 0;

    while (pos < len) {
        unsigned char cls = country_byte_class[text[pos]];
        if (cls & BYTE_LOWER) {
            size_t start = pos;
            while (pos < len && (country_byte_class[text[pos]] & (BYTE_LOWER | BYTE_UPPER)))
                pos++;
            if (pos - start >= 4 && (start == 0 || !(country_byte_class[text[start - 1]] & BYTE_WORD)))
                return 0;
            newlines = 0;
            continue;
        }
        if (cls & BYTE_NEWLINE) {
            if (++newlines >= 2)
                break;
        } else if (!(cls & BYTE_TIGHT) || text[pos] == '-' || text[pos] == '\'') {
            newlines = 0;
        }
        pos++;
    }
    return 1;
}

static void scanner_start(struct scanner *s, const char *text, size_t len, int block,
                          size_t ordinal)
{
    s->text = (const unsigned char *)text;
    s->len = len;
    s->pos = 0;
    s->ordinal = ordinal;
    s->block = block;
    s->block_start = 0;
    s->at_start = 1;
    s->after_short_capital = 0;
}

/* Skips the separators before the next word and classifies them; a blank
 * line starts a new block. A dot right after a short capitalized word
 * ("St. Louis", "Inc. said") is taken for an abbreviation, not the end
 * of a sentence. Returns 0 at the end of the text. */
static int scanner_skip_gap(struct scanner *s, int *gap)
{
    const unsigned char *t = s->text;
    size_t begin = s->pos;
    int newlines = 0, worst = GAP_TIGHT;

    /* Most words are followed by one space and a plain word. */
    if (s->pos + 1 < s->len && t[s->pos] == ' '
        && (country_byte_class[t[s->pos + 1]] & (BYTE_LOWER | BYTE_UPPER | BYTE_DIGIT))
        && !s->at_start) {
        s->pos++;
        *gap = GAP_TIGHT;
        return 1;
    }
    while (s->pos < s->len) {
        unsigned char c = t[s->pos], cls = country_byte_class[c];
        if (cls & BYTE_WORD) {
            size_t skip = (cls & BYTE_HIGH) ? utf8_punctuation_length(t + s->pos, s->len - s->pos)
                                            : 0;
            if (skip == 0)
                break;
            if (worst < GAP_PUNCT)
                worst = GAP_PUNCT;
            newlines = 0;
            s->pos += skip;
            continue;
        }
        if (cls & BYTE_NEWLINE) {
            if (++newlines == 2 && worst != GAP_BLOCK) {
                worst = GAP_BLOCK;
                s->block++;
                s->block_start = s->pos;
            }
        } else if (cls & BYTE_TIGHT) {
            if (c == '-' || c == '\'')
                newlines = 0;
        } else {
            int kind = GAP_PUNCT;
            if ((cls & BYTE_STOP) && !(c == '.' && s->pos == begin && s->after_short_capital))
                kind = GAP_SENTENCE;
            if (kind > worst)
                worst = kind;
            newlines = 0;
        }
        s->pos++;
    }
    *gap = s->at_start ? GAP_BLOCK : worst;
    return s->pos < s->len;
}

/* Whether a lower-case word of `len` bytes starting with `letter` can
 * start a term: only currency words do, so most words are passed over
 * without hashing them. */
static int lower_word_may_start_term(unsigned char letter, size_t len)
{
    return len < 32 && (country_lower_first_lengths[letter - 'a'] >> len) & 1u;
}

/* Cuts the next word; returns 0 at the end of the text. When `skipped`
 * is not NULL, lower-case words that cannot start a term are passed over
 * on the way, in a tight loop: the last of them is written to *skipped
 * (for the rules that look at the word before a match) and *skipped_any
 * set to 1. */
static int scanner_next(struct scanner *s, struct word *w, struct word *skipped,
                        int *skipped_any)
{
    const unsigned char *t = s->text;
    size_t start, i, last_start = 0, last_len = 0, last_ordinal = 0;
    unsigned char first, seen = 0;
    int gap, last_gap = 0, any = 0, found;

    for (;;) {
        found = scanner_skip_gap(s, &gap);
        if (!found)
            break;
        s->at_start = 0;
        start = i = s->pos;
        first = country_byte_class[t[start]];
        if (skipped == NULL || !(first & BYTE_LOWER) || (i + 1 < s->len && t[i + 1] == '.'))
            break;
        for (i++; i < s->len; i++) {
            unsigned char cls = country_byte_class[t[i]];
            if (!(cls & BYTE_WORD)
                || ((cls & BYTE_HIGH) && utf8_punctuation_length(t + i, s->len - i)))
                break;
        }
        if (lower_word_may_start_term(t[start], i - start)) {
            s->pos = start;
            break;
        }
        last_start = start;
        last_len = i - start;
        last_gap = gap;
        last_ordinal = s->ordinal++;
        any = 1;
        s->pos = i;
        s->after_short_capital = 0;
    }
    if (any) {
        skipped->start = t + last_start;
        skipped->len = last_len;
        skipped->shape = SHAPE_LOWER;
        skipped->gap = (unsigned char)last_gap;
        skipped->dotted = 0;
        skipped->block = s->block;
        skipped->block_start = s->block_start;
        skipped->ordinal = last_ordinal;
        *skipped_any = 1;
    }
    if (!found)
        return 0;

    start = i = s->pos;
    first = country_byte_class[t[start]];
    w->dotted = 0;
    if ((first & (BYTE_LOWER | BYTE_UPPER)) && i + 1 < s->len && t[i + 1] == '.') {
        /* A dotted abbreviation: single letters each followed by a dot,
         * the last dot optional ("U.S." and "U.S" alike). */
        w->dotted = 1;
        i += 2;
        while (i < s->len && (country_byte_class[t[i]] & (BYTE_LOWER | BYTE_UPPER))
               && !(i + 1 < s->len && (country_byte_class[t[i + 1]] & BYTE_WORD))) {
            seen |= country_byte_class[t[i]];
            i++;
            if (i < s->len && t[i] == '.')
                i++;
            else
                break;
        }
    } else {
        i++;
        while (i < s->len) {
            unsigned char cls = country_byte_class[t[i]];
            if (!(cls & BYTE_WORD)
                || ((cls & BYTE_HIGH) && utf8_punctuation_length(t + i, s->len - i)))
                break;
            seen |= cls;
            i++;
        }
    }
    s->pos = i;

    w->start = t + start;
    w->len = i - start;
    if (first & BYTE_LOWER)
        w->shape = SHAPE_LOWER;
    else if (first & BYTE_UPPER)
        w->shape = (seen & BYTE_LOWER) || (w->len == 1) ? SHAPE_CAPITALIZED : SHAPE_UPPER;
    else if (t[start] == 0xC3 && start + 1 < s->len)
        w->shape = t[start + 1] < 0x9F ? SHAPE_CAPITALIZED : SHAPE_LOWER;
    else if (first & BYTE_HIGH)
        w->shape = SHAPE_CAPITALIZED;
    else
        w->shape = SHAPE_OTHER;
    s->after_short_capital = !w->dotted && w->len <= 3 && (first & BYTE_UPPER);
    w->gap = (unsigned char)gap;
    w->block_start = s->block_start;
    w->block = s->block;
    w->ordinal = s->ordinal++;
    return 1;
}

/* The key a word is looked up by: ASCII lower case, and a dotted
 * abbreviation always ending in a dot. Returns its length, or 0 when it
 * is too long to be in the table. */
static size_t word_key(const struct word *w, char key[COUNTRY_WORD_MAX + 1])
{
    size_t i;

    if (w->len + w->dotted > COUNTRY_WORD_MAX)
        return 0;
    for (i = 0; i < w->len; i++)
        key[i] = (char)ascii_lower(w->start[i]);
    if (w->dotted && key[i - 1] != '.')
        key[i++] = '.';
    key[i] = '\0';
    return i;
}

/* Whether the word is `len` bytes of `text` (a key: lower case), in any
 * case. */
static int word_is(const struct word *w, const char *text, size_t len)
{
    size_t i;

    if (w->dotted) {
        char key[COUNTRY_WORD_MAX + 1];
        return word_key(w, key) == len && memcmp(key, text, len) == 0;
    }
    if (w->len != len)
        return 0;
    for (i = 0; i < len; i++)
        if (ascii_lower(w->start[i]) != (unsigned char)text[i])
            return 0;
    return 1;
}

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
        return lower_word_may_start_term(w->start[0], w->len);
    return 1;
}

/* ------------------------------------------------------------------ */
/* Looking words up                                                   */

static const struct country_bucket *bucket_find(const char *key, size_t len)
{
    uint32_t hash = key_hash(key, len);
    uint32_t slot = hash & (COUNTRY_BUCKET_COUNT - 1);

    for (;;) {
        const struct country_bucket *b = &country_buckets[slot];
        if (b->count == 0)
            return NULL;
        if (b->hash == hash) {
            const char *words = country_terms[b->first].words;
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
        if (word_is(w, list[i], strlen(list[i])))
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
        if (m->ended || !scanner_next(&m->scanner, next, skipped, &m->has_previous)) {
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
        if (!word_is(w, p, len) || !word_case_fits(term, i, w))
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
    headline = block_is_headline(m->scanner.text, m->scanner.len, first->block_start);
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

struct article {
    short slot[COUNTRY_COUNT];          /* index in items, or -1 */
    struct evidence local[LOCAL_EVIDENCE];
    struct evidence *items;             /* local, or heap when it overflows */
    size_t count, capacity;
    struct pending pending[MAX_PENDING];
    size_t pending_count;
    size_t words;
    size_t title_words;
    int dateline_country;               /* -1 for none */
    int out_of_memory;
};

/* Currencies, legal forms and listings speak of an economy, not of a
 * country by name: they count apart. */
static int is_economic(int kind)
{
    return kind == KIND_CURRENCY || kind == KIND_LEGAL_FORM || kind == KIND_LISTING;
}

static void article_init(struct article *a)
{
    memset(a->slot, 0xFF, sizeof a->slot);
    a->items = a->local;
    a->count = 0;
    a->capacity = LOCAL_EVIDENCE;
    a->pending_count = 0;
    a->words = 0;
    a->title_words = 0;
    a->dateline_country = -1;
    a->out_of_memory = 0;
}

static void article_release(struct article *a)
{
    if (a->items != a->local)
        free(a->items);
    a->items = NULL;
}

static struct evidence *article_evidence(struct article *a, int country)
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

static void evidence_add(struct article *a, int country, int kind, int count, int title_count,
                         int lead_count, size_t ordinal)
{
    struct evidence *e = article_evidence(a, country);

    if (e == NULL)
        return;
    e->count[kind] += count;
    if (is_economic(kind))
        return;
    e->title_count += title_count;
    e->lead_count += lead_count;
    if (ordinal < e->first_ordinal)
        e->first_ordinal = ordinal;
}

/* How many times the article names a country (economy aside). */
static int evidence_named(const struct evidence *e)
{
    int kind, n = 0;

    for (kind = 0; kind < KIND_COUNT; kind++)
        if (!is_economic(kind))
            n += e->count[kind];
    return n;
}

static int named_count(const struct article *a, int country)
{
    return (country < 0 || a->slot[country] < 0) ? 0
                                                  : evidence_named(&a->items[a->slot[country]]);
}

/* A word with two readings goes to the one the rest of the article names
 * more often; to the usual one on a tie. */
static void pending_settle(struct article *a, const struct pending *p)
{
    const struct country_term *term = &country_terms[p->term];
    int alternate = named_count(a, term->alternate) > named_count(a, term->country);
    int country = alternate ? term->alternate : term->country;
    int kind = alternate ? term->alternate_kind : term->kind;

    evidence_add(a, country, kind, p->count, p->title_count, p->lead_count, p->first_ordinal);
}

/* The block number the dateline is scanned as: neither title nor body. */
#define DATELINE_BLOCK (-1)

static void record_match(struct article *a, int term_index, const struct word *first)
{
    const struct country_term *term = &country_terms[term_index];
    int in_title = first->block == 0, in_lead = first->block == 1;
    size_t i;

    if (term->kind == KIND_NONE)
        return;
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

    while (p < end && n <= 8 && (country_byte_class[*p] & (BYTE_UPPER | BYTE_DIGIT))) {
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
        while (p < end && (country_byte_class[*p] & BYTE_UPPER) && *suffix_len <= 4) {
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
        if (strlen(country_exchanges[i].suffix) == len
            && memcmp(country_exchanges[i].suffix, suffix, len) == 0)
            return country_exchanges[i].country;
    return -1;
}

/* If the word opens a ticker, counts it as a listing and returns how many
 * words the ticker spans (they name no country); otherwise 0. */
static size_t match_ticker(struct article *a, struct matcher *m, const struct word *w)
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
static void match_text(struct article *a, const char *text, size_t len, int block)
{
    struct matcher m;
    const struct word *w;

    m.head = 0;
    m.ahead = 0;
    m.has_previous = 0;
    m.ended = 0;
    scanner_start(&m.scanner, text, len, block, a->words);
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
        if (word_may_start_term(w) && (key_len = word_key(w, key)) > 0)
            b = bucket_find(key, key_len);
        for (k = 0; b != NULL && k < b->count; k++) {
            int index = b->first + (int)k;
            const struct country_term *term = &country_terms[index];
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
static void match_dateline(struct article *a, const char *dateline)
{
    size_t words = a->words;
    struct evidence *e;

    match_text(a, dateline, dateline_place_length(dateline), DATELINE_BLOCK);
    a->words = words;
    if (a->dateline_country >= 0 && (e = article_evidence(a, a->dateline_country)) != NULL)
        e->dateline = 1;
}

/* Scans title, body and dateline and settles the two-way words. */
static int article_gather(struct article *a, const char *title, const char *body,
                          size_t body_len, const char *dateline)
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
    if (dateline != NULL)
        match_dateline(a, dateline);
    return a->out_of_memory ? -1 : 0;
}

static void evidence_export(const struct article *a, const struct evidence *e,
                            defcon_country_evidence *out)
{
    memcpy(out->code, country_records[e->country].code, 3);
    out->names = e->count[KIND_NAME];
    out->demonyms = e->count[KIND_DEMONYM];
    out->capitals = e->count[KIND_CAPITAL];
    out->institutions = e->count[KIND_INSTITUTION];
    out->leaders = e->count[KIND_LEADER];
    out->places = e->count[KIND_PLACE];
    out->currencies = e->count[KIND_CURRENCY];
    out->legal_forms = e->count[KIND_LEGAL_FORM];
    out->listings = e->count[KIND_LISTING];
    out->title_mentions = e->title_count;
    out->lead_mentions = e->lead_count;
    out->first = (evidence_named(e) > 0 && a->words > 1)
                     ? (double)e->first_ordinal / (double)(a->words - 1) : 1.0;
    out->dateline = e->dateline;
    out->title_words = (int)a->title_words;
    out->body_words = (int)(a->words - a->title_words);
}

int defcon_countries_evidence(const char *title, const char *body, size_t body_len,
                              const char *dateline, defcon_country_evidence **items,
                              size_t *count)
{
    struct article a;
    size_t i;
    int rc;

    *items = NULL;
    *count = 0;
    rc = article_gather(&a, title, body, body_len, dateline);
    if (rc == 0 && a.count > 0) {
        *items = malloc(a.count * sizeof **items);
        if (*items == NULL)
            rc = -1;
        for (i = 0; rc == 0 && i < a.count; i++)
            evidence_export(&a, &a.items[i], &(*items)[i]);
        if (rc == 0)
            *count = a.count;
    }
    article_release(&a);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Scoring                                                            */

/* The scoring models: logistic regressions over general signals of
 * prominence, fitted on the Reuters-21578 place labels of even article
 * ids and checked on the odd ones (bench/country_accuracy.c prints both).
 * Where the story was filed changes what the rest means, so there are two:
 * one for articles whose dateline names a country, fitted on those, and
 * one for all others: the weights fitted before datelines were read, on
 * every article, and a weight for a title without a body that names the
 * country by no name, fitted on every article with its dateline hidden
 * and the other weights held. (Refitting all of the latter gains nothing
 * on the held-out ids and loses one-sentence stories, which Reuters
 * hardly has.) A country's score is the model's probability that the
 * article is about it; it is `about` from one half up. */
struct score_model {
    double bias;
    double kind[KIND_COUNT];   /* per log(1 + mentions of that kind) */
    double in_title;           /* named in the title */
    double lead_mentions;      /* per log(1 + mentions in the lead) */
    double first_named;        /* named before any other country */
    double nothing_named;      /* no country named at all: economy alone */
    double countries_named;    /* per log(1 + countries named) */
    double share;              /* its share of the article's mentions of
                                  countries */
    double position;           /* where first named: 0 the first word, 1
                                  the last or never */
    double text_words;         /* per log(1 + words of the body, or of the
                                  title when it stands alone) */
    double title_alone_unnamed;   /* a title without a body that names it
                                     by no name or demonym */
    double dateline;           /* the dateline names it */
    double dateline_alone;     /* ... and the text does not */
    double dateline_other;     /* the dateline names another country */
};

enum { MODEL_UNDATED, MODEL_DATED };

static const struct score_model models[2] = {
    [MODEL_UNDATED] = {
        .bias = -1.193,
        .kind = {
            [KIND_NAME] = 0.863,
            [KIND_DEMONYM] = 0.545,
            [KIND_CAPITAL] = -0.076,
            [KIND_INSTITUTION] = 0.546,
            [KIND_LEADER] = 0.591,
            [KIND_PLACE] = 0.061,
            [KIND_CURRENCY] = -0.249,
            [KIND_LEGAL_FORM] = 0.260,
            [KIND_LISTING] = 3.374,
        },
        .in_title = 0.735,
        .lead_mentions = 1.536,
        .first_named = 0.749,
        .nothing_named = 1.791,
        .countries_named = -0.341,
        .title_alone_unnamed = -2.611,
    },
    [MODEL_DATED] = {
        .bias = -0.278,
        .kind = {
            [KIND_NAME] = 1.622,
            [KIND_DEMONYM] = 0.982,
            [KIND_CAPITAL] = 0.068,
            [KIND_INSTITUTION] = -0.242,
            [KIND_LEADER] = 0.077,
            [KIND_PLACE] = -0.332,
            [KIND_CURRENCY] = -0.263,
            [KIND_LEGAL_FORM] = 0.549,
            [KIND_LISTING] = 2.018,
        },
        .in_title = 0.748,
        .lead_mentions = 1.084,
        .first_named = 0.097,
        .nothing_named = 1.015,
        .countries_named = 0.728,
        .share = 0.509,
        .position = -0.642,
        .text_words = -0.307,
        .dateline = 1.934,
        .dateline_alone = 1.653,
        .dateline_other = -1.934,
    },
};

struct scored {
    int country;
    int count;
    int in_title, in_lead, in_dateline;
    double score;
    int about;
};

static void score_article(const struct article *a, struct scored *scored)
{
    size_t i, first = (size_t)-1, named = 0, mentions = 0;
    size_t body_words = a->words - a->title_words;
    const struct score_model *model =
        &models[a->dateline_country >= 0 ? MODEL_DATED : MODEL_UNDATED];
    double text_words = log1p((double)(body_words > 0 ? body_words : a->title_words));
    int k;

    for (i = 0; i < a->count; i++) {
        int n = evidence_named(&a->items[i]);
        if (n > 0) {
            named++;
            mentions += (size_t)n;
            if (a->items[i].first_ordinal < first)
                first = a->items[i].first_ordinal;
        }
    }
    for (i = 0; i < a->count; i++) {
        const struct evidence *e = &a->items[i];
        struct scored *s = &scored[i];
        double z = model->bias + model->text_words * text_words, position = 1.0;
        s->country = e->country;
        s->count = evidence_named(e);
        s->in_title = e->title_count > 0;
        s->in_lead = e->lead_count > 0;
        s->in_dateline = e->dateline;
        for (k = 0; k < KIND_COUNT; k++)
            z += model->kind[k] * log1p((double)e->count[k]);
        z += model->in_title * s->in_title + model->lead_mentions * log1p((double)e->lead_count)
             + model->countries_named * log1p((double)named);
        if (s->count > 0) {
            z += model->share * (double)s->count / (double)mentions;
            if (a->words > 1)
                position = (double)e->first_ordinal / (double)(a->words - 1);
            if (e->first_ordinal == first)
                z += model->first_named;
        }
        z += model->position * position;
        if (named == 0)
            z += model->nothing_named;
        if (e->dateline)
            z += s->count > 0 ? model->dateline : model->dateline + model->dateline_alone;
        else if (a->dateline_country >= 0)
            z += model->dateline_other;
        if (body_words == 0 && e->count[KIND_NAME] + e->count[KIND_DEMONYM] == 0)
            z += model->title_alone_unnamed;
        s->score = 1.0 / (1.0 + exp(-z));
        s->about = z >= 0.0;
    }
}

static int scored_order(const void *left, const void *right)
{
    const struct scored *l = left, *r = right;

    if (l->about != r->about)
        return r->about - l->about;
    if (l->score > r->score)
        return -1;
    if (l->score < r->score)
        return 1;
    return strcmp(country_records[l->country].code, country_records[r->country].code);
}

int defcon_countries_find(const char *title, const char *body, size_t body_len,
                          const char *dateline, defcon_country_list *out)
{
    struct article a;
    struct scored local[LOCAL_EVIDENCE];
    struct scored *scored = local;
    size_t i, n = 0;
    int rc;

    out->items = NULL;
    out->count = 0;
    rc = article_gather(&a, title, body, body_len, dateline);
    if (rc == 0 && a.count > LOCAL_EVIDENCE) {
        scored = malloc(a.count * sizeof *scored);
        if (scored == NULL)
            rc = -1;
    }
    if (rc == 0 && a.count > 0) {
        score_article(&a, scored);
        qsort(scored, a.count, sizeof *scored, scored_order);
        out->items = malloc(a.count * sizeof *out->items);
        if (out->items == NULL)
            rc = -1;
    }
    for (i = 0; rc == 0 && i < a.count; i++) {
        const struct scored *s = &scored[i];
        defcon_country_mention *m;
        /* A country known only from its currency or legal forms is listed
         * only when the article is about it. */
        if (s->count == 0 && !s->about)
            continue;
        m = &out->items[n++];
        memcpy(m->code, country_records[s->country].code, 3);
        m->count = s->count;
        m->in_title = s->in_title;
        m->in_lead = s->in_lead;
        m->in_dateline = s->in_dateline;
        m->score = s->score;
        m->about = s->about;
    }
    if (rc == 0) {
        out->count = n;
        if (n == 0) {
            free(out->items);
            out->items = NULL;
        }
    } else {
        defcon_country_list_clear(out);
    }
    if (scored != local)
        free(scored);
    article_release(&a);
    return rc;
}

void defcon_country_list_clear(defcon_country_list *list)
{
    if (list == NULL)
        return;
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

/* ------------------------------------------------------------------ */
/* Names for --country                                                */

/* The form lookup keys take (mirrors lookup_key() in the generator):
 * ASCII lower case, dots and apostrophes dropped, any other run of ASCII
 * separators one space, no space at either end. Returns 0 if it does not
 * fit. */
static int lookup_normalize(const char *name, char *out, size_t size)
{
    const unsigned char *p = (const unsigned char *)name;
    size_t n = 0;
    int pending_space = 0;

    for (; *p; p++) {
        unsigned char c = *p;
        if (c == '.' || c == '\'')
            continue;
        if (c == 0xE2 && p[1] == 0x80 && p[2] == 0x99) {   /* U+2019 */
            p += 2;
            continue;
        }
        if (c < 0x80 && !(country_byte_class[c] & (BYTE_LOWER | BYTE_UPPER | BYTE_DIGIT))) {
            pending_space = n > 0;
            continue;
        }
        if (pending_space) {
            if (n + 1 >= size)
                return 0;
            out[n++] = ' ';
            pending_space = 0;
        }
        if (n + 1 >= size)
            return 0;
        out[n++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    out[n] = '\0';
    return 1;
}

static int name_compare(const void *key, const void *entry)
{
    return strcmp(key, ((const struct country_name *)entry)->key);
}

int defcon_country_lookup(const char *name, char code[3])
{
    char key[128];
    const struct country_name *found;

    if (name == NULL || !lookup_normalize(name, key, sizeof key) || key[0] == '\0')
        return 0;
    found = bsearch(key, country_lookup_names, COUNTRY_LOOKUP_COUNT,
                    sizeof country_lookup_names[0], name_compare);
    if (found == NULL)
        return 0;
    memcpy(code, country_records[found->country].code, 3);
    return 1;
}

/* Levenshtein distance, capped: strings longer than 63 bytes are far. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i, j;
    size_t row[64];

    if (la > 63 || lb > 63)
        return 64;
    for (j = 0; j <= lb; j++)
        row[j] = j;
    for (i = 1; i <= la; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (j = 1; j <= lb; j++) {
            size_t above = row[j];
            size_t best = diagonal + (a[i - 1] != b[j - 1]);
            if (above + 1 < best)
                best = above + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diagonal = above;
        }
    }
    return row[lb];
}

/* How far a known name is from what was typed: the edit distance, except
 * that a name containing the typed text as a word ("korea" in "north
 * korea") counts as one edit away. */
static size_t suggestion_distance(const char *typed, const char *key)
{
    size_t distance = edit_distance(typed, key);
    size_t length = strlen(typed);
    const char *p = key;

    while (length > 0 && (p = strstr(p, typed)) != NULL) {
        int starts = p == key || p[-1] == ' ';
        int ends = p[length] == '\0' || p[length] == ' ';
        if (starts && ends && distance > 1)
            distance = 1;
        p++;
    }
    return distance;
}

size_t defcon_country_suggest(const char *name, const char **names, size_t max)
{
    char typed[128], display[128];
    size_t best_distance[COUNTRY_COUNT];
    const char *best_name[COUNTRY_COUNT];
    size_t i, n = 0;

    if (name == NULL || max == 0 || !lookup_normalize(name, typed, sizeof typed))
        return 0;
    for (i = 0; i < COUNTRY_COUNT; i++) {
        best_distance[i] = (size_t)-1;
        best_name[i] = NULL;
    }
    /* The closest of each country's names, so that suggestions are
     * different countries; codes are never suggested, and a country's
     * display name wins a tie. */
    for (i = 0; i < COUNTRY_LOOKUP_COUNT; i++) {
        const struct country_name *entry = &country_lookup_names[i];
        size_t distance;
        if (strlen(entry->display) <= 3 && strcmp(entry->key, "uk") != 0)
            continue;
        distance = suggestion_distance(typed, entry->key);
        if (distance < best_distance[entry->country]) {
            best_distance[entry->country] = distance;
            best_name[entry->country] = entry->display;
        }
    }
    for (i = 0; i < COUNTRY_COUNT; i++) {
        if (best_name[i] != NULL
            && lookup_normalize(country_records[i].name, display, sizeof display)
            && suggestion_distance(typed, display) <= best_distance[i])
            best_name[i] = country_records[i].name;
    }
    while (n < max) {
        size_t pick = COUNTRY_COUNT, distance = (size_t)-1;
        for (i = 0; i < COUNTRY_COUNT; i++) {
            if (best_name[i] != NULL && best_distance[i] < distance) {
                distance = best_distance[i];
                pick = i;
            }
        }
        if (pick == COUNTRY_COUNT)
            break;
        names[n++] = best_name[pick];
        best_name[pick] = NULL;
    }
    return n;
}

static const struct country_record *record_find(const char *code)
{
    char key[3];
    size_t lo = 0, hi = COUNTRY_COUNT;

    if (code == NULL || code[0] == '\0' || code[1] == '\0' || code[2] != '\0')
        return NULL;
    key[0] = (char)((code[0] >= 'a' && code[0] <= 'z') ? code[0] - 32 : code[0]);
    key[1] = (char)((code[1] >= 'a' && code[1] <= 'z') ? code[1] - 32 : code[1]);
    key[2] = '\0';
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, country_records[mid].code);
        if (c == 0)
            return &country_records[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *defcon_country_name(const char *code)
{
    const struct country_record *r = record_find(code);

    return r ? r->name : NULL;
}

const char *const *defcon_country_predecessors(const char *code)
{
    const struct country_record *r = record_find(code);

    return r ? r->predecessors : country_no_predecessors;
}

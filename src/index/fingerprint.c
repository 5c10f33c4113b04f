/*
 * fingerprint.c - SimHash of an article's body shingles, the hash of its
 * title, and the rule deciding when two articles are copies (see
 * fingerprint.h for why these signals and these limits).
 *
 * Every stem's hash is the one its token carries (defcon_term_hash(),
 * hash.h: FNV-1a, then a 64-bit finalizer so nearby strings spread over
 * all bits); a shingle's hash combines its stems'
 * hashes in order, so "rates cut" and "cut rates" differ. A body shorter
 * than a shingle contributes its stems one by one.
 */
#include "fingerprint.h"
#include "hash.h"

#include <stdlib.h>
#include <string.h>

static uint64_t combine(uint64_t seed, uint64_t value)
{
    return defcon_hash_mix64(seed * 0x9e3779b97f4a7c15ULL + value);
}

/* Counts, for each of the 64 bits, how many shingle hashes set it. The
 * hashes wait in a block; a block is counted in eight accumulators held
 * in registers, in byte lanes (accumulator k counts bits k, k + 8, ...,
 * k + 56), so a hash costs eight additions, not 64, and a block of at
 * most 255 hashes cannot overflow a lane. */
#define BLOCK_HASHES 255

typedef struct bit_counts {
    uint64_t block[BLOCK_HASHES];
    int pending;            /* hashes in the block */
    uint32_t ones[64];
    uint32_t total;
} bit_counts;

static void count_block(bit_counts *c)
{
    const uint64_t low_bits = 0x0101010101010101ULL;   /* bit 0 of each byte */
    uint64_t lane0 = 0, lane1 = 0, lane2 = 0, lane3 = 0;
    uint64_t lane4 = 0, lane5 = 0, lane6 = 0, lane7 = 0;

    for (int i = 0; i < c->pending; i++) {
        uint64_t h = c->block[i];
        lane0 += h & low_bits;
        lane1 += h >> 1 & low_bits;
        lane2 += h >> 2 & low_bits;
        lane3 += h >> 3 & low_bits;
        lane4 += h >> 4 & low_bits;
        lane5 += h >> 5 & low_bits;
        lane6 += h >> 6 & low_bits;
        lane7 += h >> 7 & low_bits;
    }
    {
        const uint64_t lanes[8] = {lane0, lane1, lane2, lane3, lane4, lane5, lane6, lane7};
        for (int k = 0; k < 8; k++)
            for (int byte = 0; byte < 8; byte++)
                c->ones[8 * byte + k] += (uint32_t)(lanes[k] >> (8 * byte) & 0xff);
    }
    c->total += (uint32_t)c->pending;
    c->pending = 0;
}

static void count_bits(bit_counts *c, uint64_t h)
{
    c->block[c->pending++] = h;
    if (c->pending == BLOCK_HASHES)
        count_block(c);
}

/* The SimHash of a body, built one stem hash at a time: the last stems
 * wait in a small window (oldest first), so the body needs no array of
 * its own whatever its length. */
typedef struct simhash {
    bit_counts counts;
    uint64_t window[DEFCON_FINGERPRINT_SHINGLE];
    size_t seen, count;       /* stems added so far, of `count` in all */
} simhash;

static void simhash_start(simhash *s, size_t count)
{
    s->counts.pending = 0;
    s->counts.total = 0;
    memset(s->counts.ones, 0, sizeof s->counts.ones);
    memset(s->window, 0, sizeof s->window);
    s->seen = 0;
    s->count = count;
}

static void simhash_add(simhash *s, uint64_t stem)
{
    enum { W = DEFCON_FINGERPRINT_SHINGLE };
    uint64_t h;

    if (s->count < W) {        /* shorter than a shingle: stems alone */
        count_bits(&s->counts, stem);
        return;
    }
    for (size_t k = 1; k < W; k++)
        s->window[k - 1] = s->window[k];
    s->window[W - 1] = stem;
    if (++s->seen < W)
        return;
    h = s->window[0];          /* the oldest stem of the shingle first */
    for (size_t k = 1; k < W; k++)
        h = combine(h, s->window[k]);
    count_bits(&s->counts, h);
}

static uint64_t simhash_end(simhash *s)
{
    uint64_t result = 0;

    if (s->count == 0)
        return 0;
    count_block(&s->counts);
    for (int bit = 0; bit < 64; bit++)
        if (2 * s->counts.ones[bit] > s->counts.total)   /* more +1 than -1 */
            result |= 1ULL << bit;
    return result ? result : 1;    /* 0 means "no body" */
}

static uint64_t title_hash(const defcon_tokens *title)
{
    uint64_t h = 0x51ed27a1c0ffee11ULL;

    if (title == NULL || title->count < DEFCON_FINGERPRINT_MIN_TITLE_TERMS)
        return 0;
    for (size_t i = 0; i < title->count; i++)
        h = combine(h, title->items[i].hash);
    return h ? h : 1;
}

/* Keeps a paragraph in the sample when its hash is among the lowest. */
static void sample_paragraph(defcon_fingerprint *out, uint64_t hash, size_t terms)
{
    uint32_t h = (uint32_t)(hash >> 32) ? (uint32_t)(hash >> 32) : 1;
    int n = out->paragraph_count, at = n;

    if (terms < DEFCON_PARAGRAPH_MIN_TERMS)
        return;
    while (at > 0 && out->paragraphs[at - 1] > h)
        at--;
    if ((at > 0 && out->paragraphs[at - 1] == h) || at == DEFCON_FINGERPRINT_PARAGRAPHS)
        return;   /* a repeated paragraph, or not among the lowest */
    if (n == DEFCON_FINGERPRINT_PARAGRAPHS)
        n--;      /* the highest drops out */
    for (int k = n; k > at; k--) {
        out->paragraphs[k] = out->paragraphs[k - 1];
        out->paragraph_terms[k] = out->paragraph_terms[k - 1];
    }
    out->paragraphs[at] = h;
    out->paragraph_terms[at] = (uint16_t)(terms > UINT16_MAX ? UINT16_MAX : terms);
    out->paragraph_count = n + 1;
}

/* The end of the paragraph holding byte `at`: the next blank line. */
static size_t paragraph_end(const char *text, size_t len, size_t at)
{
    const char *p = text + at, *end = text + len;

    if (at >= len)
        return len;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL && p + 1 < end) {
        if (p[1] == '\n')
            return (size_t)(p - text);
        p++;
    }
    return len;
}

/* The paragraph being hashed while the body's stems go by. */
typedef struct paragraph_state {
    size_t end, terms;
    uint64_t hash;
} paragraph_state;

static void paragraph_add(paragraph_state *p, defcon_fingerprint *out, const defcon_tokens *body,
                          size_t i, const char *text, size_t len, uint64_t stem)
{
    size_t start = (size_t)body->items[i].start;

    if (i == 0 || (text && start >= p->end)) {
        if (p->terms > 0)
            sample_paragraph(out, p->hash, p->terms);
        p->end = text && start < len ? paragraph_end(text, len, start) : (size_t)-1;
        p->hash = 0x2545f4914f6cdd1dULL;
        p->terms = 0;
    }
    p->hash = combine(p->hash, stem);
    p->terms++;
}

static uint16_t stem16(uint64_t hash)
{
    uint16_t v = (uint16_t)(hash >> 40);
    return v ? v : 1;
}

/* Two of the Bloom filter's 512 bits a stem: bits 0-8 and 7-15 of its
 * 16-bit hash (a story's title and lead set about 100 of them, so a stem
 * it lacks passes for present about once in 30). */
static void bloom_add(uint64_t bloom[DEFCON_FINGERPRINT_LEAD_WORDS], uint16_t v)
{
    unsigned first = v & 511u, second = (unsigned)v >> 7;

    bloom[first >> 6] |= 1ULL << (first & 63);
    bloom[second >> 6] |= 1ULL << (second & 63);
}

static int bloom_has(const uint64_t bloom[DEFCON_FINGERPRINT_LEAD_WORDS], uint16_t v)
{
    unsigned first = v & 511u, second = (unsigned)v >> 7;

    return (bloom[first >> 6] >> (first & 63) & 1) && (bloom[second >> 6] >> (second & 63) & 1);
}

/* The title's first distinct stems, and their bits in the Bloom filter
 * of the title and the body's first paragraph. */
static void sample_headline(const defcon_tokens *title, defcon_fingerprint *out)
{
    for (size_t i = 0; title && i < title->count; i++) {
        uint16_t v = stem16(title->items[i].hash);
        int seen = 0;
        bloom_add(out->lead, v);
        for (int k = 0; k < out->title_stem_count; k++)
            seen |= out->title_stems[k] == v;
        if (!seen && out->title_stem_count < DEFCON_FINGERPRINT_TITLE_STEMS)
            out->title_stems[out->title_stem_count++] = v;
    }
}

/* One pass over the body, each stem hashed once: the SimHash, the
 * paragraph sample, and the lead paragraph's stems in the Bloom filter. */
static void sample_body(const defcon_tokens *body, const char *text, size_t len,
                        defcon_fingerprint *out)
{
    size_t lead_end = text ? paragraph_end(text, len, 0) : (size_t)-1;
    paragraph_state paragraph = {0, 0, 0};
    simhash sim;

    out->paragraph_count = 0;
    if (body == NULL)
        return;
    simhash_start(&sim, body->count);
    for (size_t i = 0; i < body->count; i++) {
        uint64_t stem = body->items[i].hash;
        simhash_add(&sim, stem);
        paragraph_add(&paragraph, out, body, i, text, len, stem);
        if ((size_t)body->items[i].start < lead_end)
            bloom_add(out->lead, stem16(stem));
    }
    if (paragraph.terms > 0)
        sample_paragraph(out, paragraph.hash, paragraph.terms);
    out->body = simhash_end(&sim);
}

int defcon_fingerprint_flash_of(const defcon_fingerprint *a, const defcon_fingerprint *b)
{
    const defcon_fingerprint *flash = a->body_terms < b->body_terms ? a : b;
    const defcon_fingerprint *story = flash == a ? b : a;
    int missing = 0;

    if (flash->body_terms >= DEFCON_HEADLINE_ONLY_TERMS || defcon_fingerprint_is_flash(story)
        || flash->title_stem_count < DEFCON_HEADLINE_MIN_STEMS || story->title_stem_count == 0
        || flash->title_stems[0] != story->title_stems[0])
        return 0;
    for (int k = 0; k < flash->title_stem_count; k++)
        missing += !bloom_has(story->lead, flash->title_stems[k]);
    return missing <= (flash->title_stem_count >= 7 ? 1 : 0);
}

void defcon_fingerprint_compute(const defcon_tokens *title, const defcon_tokens *body,
                                const char *body_text, size_t body_len,
                                const defcon_date *date, defcon_fingerprint *out)
{
    memset(out, 0, sizeof *out);
    out->title = title_hash(title);
    out->body_terms = body ? (uint32_t)(body->count > UINT32_MAX ? UINT32_MAX : body->count) : 0;
    sample_body(body, body_text, body_len, out);
    sample_headline(title, out);
    if (date == NULL || date->precision == DEFCON_DATE_NONE) {
        out->precision = DEFCON_DATE_NONE;
        out->day = 0;
    } else {
        out->precision = date->precision;
        out->day = defcon_date_first_day(date);
    }
}

int defcon_fingerprint_share_paragraphs(const defcon_fingerprint *a, const defcon_fingerprint *b,
                                        int *shared)
{
    long a_terms = 0, b_terms = 0, a_shared = 0, b_shared = 0;
    int i = 0, j = 0;

    *shared = 0;
    for (int k = 0; k < a->paragraph_count; k++)
        a_terms += a->paragraph_terms[k];
    for (int k = 0; k < b->paragraph_count; k++)
        b_terms += b->paragraph_terms[k];
    while (i < a->paragraph_count && j < b->paragraph_count) {   /* both ascending */
        if (a->paragraphs[i] < b->paragraphs[j]) {
            i++;
        } else if (a->paragraphs[i] > b->paragraphs[j]) {
            j++;
        } else {
            a_shared += a->paragraph_terms[i++];
            b_shared += b->paragraph_terms[j++];
            (*shared)++;
        }
    }
    if (*shared < 2)
        return 0;
    return a_terms <= b_terms ? a_shared * 100 >= DEFCON_COPY_PARAGRAPH_SHARE * a_terms
                              : b_shared * 100 >= DEFCON_COPY_PARAGRAPH_SHARE * b_terms;
}

int defcon_fingerprint_distance(uint64_t a, uint64_t b)
{
    uint64_t x = a ^ b;
    int n = 0;

    while (x) {
        x &= x - 1;
        n++;
    }
    return n;
}

long defcon_fingerprint_days_apart(const defcon_fingerprint *a, const defcon_fingerprint *b)
{
    if (a->precision != b->precision)
        return -1;
    if (a->precision == DEFCON_DATE_DAY)
        return labs(a->day - b->day);
    return a->day == b->day ? 0 : -1;
}

int defcon_fingerprint_is_flash(const defcon_fingerprint *fingerprint)
{
    return fingerprint->body_terms < DEFCON_FINGERPRINT_MIN_TERMS;
}

defcon_copy_reason defcon_fingerprint_compare(const defcon_fingerprint *a,
                                              const defcon_fingerprint *b)
{
    int a_flash = defcon_fingerprint_is_flash(a), b_flash = defcon_fingerprint_is_flash(b);
    long days = defcon_fingerprint_days_apart(a, b);

    if (days < 0 || days > DEFCON_COPY_DAYS)
        return DEFCON_COPY_NONE;
    if (!a_flash && !b_flash) {
        int limit = days == 0 ? DEFCON_COPY_DISTANCE : DEFCON_COPY_RESENT_DISTANCE, shared;
        int distance = defcon_fingerprint_distance(a->body, b->body);
        if (distance <= limit) {
            /* Beyond a few bits, two items of one template (a eurobond
             * issue, another company) look alike: a paragraph left intact
             * or the same headline must say it is one story edited. */
            int any;
            defcon_fingerprint_share_paragraphs(a, b, &any);
            if (distance <= DEFCON_COPY_RESENT_DISTANCE || any > 0
                || (a->title != 0 && a->title == b->title))
                return DEFCON_COPY_TEXT;
        }
        if (days == 0 && defcon_fingerprint_share_paragraphs(a, b, &shared))
            return DEFCON_COPY_PARAGRAPHS;
        return DEFCON_COPY_NONE;
    }
    if (days == 0 && ((a->title != 0 && a->title == b->title)
                      || defcon_fingerprint_flash_of(a, b)))
        return DEFCON_COPY_HEADLINE;
    return DEFCON_COPY_NONE;
}

int defcon_fingerprint_match_cost(const defcon_fingerprint *a, const defcon_fingerprint *b)
{
    int cost;

    /* Near-identical text is stronger evidence than shared paragraphs, and
     * those than a shared headline; among texts the closer one wins, then
     * the one under the same title. */
    if (defcon_fingerprint_is_flash(a) || defcon_fingerprint_is_flash(b))
        cost = 2 * (DEFCON_COPY_DISTANCE + 1) + 1;
    else if (defcon_fingerprint_distance(a->body, b->body) > DEFCON_COPY_DISTANCE)
        cost = 2 * (DEFCON_COPY_DISTANCE + 1);
    else
        cost = 2 * defcon_fingerprint_distance(a->body, b->body)
               + (a->title == 0 || a->title != b->title);
    return cost * (DEFCON_COPY_DAYS + 1) + (int)labs(a->day - b->day);
}

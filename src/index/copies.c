/*
 * copies.c - the in-memory copy groups of an indexing run; see copies.h.
 *
 * Articles live in one array. A lookup key (a band of the SimHash, or the
 * title hash, or the title's first stem, tagged with the date's precision) and a day lead, through an
 * open-addressing table, to a chain of postings naming the articles filed
 * under that key for that day. A chain holds, for a body band, about one
 * 256th of the day's articles; for a title, the day's articles with that
 * headline: lookups stay short however many articles a run holds.
 */
#include "copies.h"
#include "array.h"
#include "hash.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
    int64_t id, story;
    defcon_fingerprint fingerprint;
    int removed;
} entry;

typedef struct posting {
    uint32_t entry;
    uint32_t next;        /* index + 1 of the next posting; 0 ends the chain */
} posting;

typedef struct slot {
    uint64_t key;
    int32_t day;
    uint32_t head;        /* index + 1 of the first posting; 0: empty slot */
} slot;

struct defcon_copies {
    entry *entries;
    size_t entry_count, entry_capacity;
    posting *postings;
    size_t posting_count, posting_capacity;
    slot *slots;
    size_t slot_count, slots_used;   /* slot_count: a power of two */
    long live;
};

#define FIRST_SLOTS 1024
#define KEY_TITLE 0xA5u       /* tag of a title key, beside band numbers 0..7 */
#define KEY_PARAGRAPH 0xB7u   /* tag of a paragraph key */
#define KEY_FIRST_STEM 0xC3u  /* tag of a title's first stem */
#define KEYS_MAX (DEFCON_COPY_BANDS + 2 + DEFCON_FINGERPRINT_PARAGRAPHS)

/* The lookup keys of a fingerprint; returns how many. A flash's body
 * is never compared, so it is not filed under its bands or paragraphs. */
static int keys_of(const defcon_fingerprint *fp, uint64_t keys[KEYS_MAX])
{
    uint64_t tag = (uint64_t)fp->precision << 56;
    int n = 0;

    if (fp->body != 0 && !defcon_fingerprint_is_flash(fp))
        for (int band = 0; band < DEFCON_COPY_BANDS; band++)
            keys[n++] = tag | (uint64_t)band << 8 | (fp->body >> (8 * band) & 0xff);
    if (!defcon_fingerprint_is_flash(fp))
        for (int i = 0; i < fp->paragraph_count; i++)
            keys[n++] = tag | (uint64_t)KEY_PARAGRAPH << 48 | fp->paragraphs[i];
    if (fp->title != 0)
        keys[n++] = tag | (uint64_t)KEY_TITLE << 48 | (fp->title & 0xffffffffffffULL);
    if (defcon_fingerprint_is_flash(fp)
            ? fp->body_terms < DEFCON_HEADLINE_ONLY_TERMS
                  && fp->title_stem_count >= DEFCON_HEADLINE_MIN_STEMS
            : fp->title_stem_count > 0)
        keys[n++] = tag | (uint64_t)KEY_FIRST_STEM << 48 | fp->title_stems[0];
    return n;
}

/* Asks the processor to start loading an address that will be read soon
 * (a hint only: without the builtin it does nothing). */
#if defined(__GNUC__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif

/* Where the probe for (key, day) starts. */
static size_t home_of(const defcon_copies *c, uint64_t key, long day)
{
    return (size_t)defcon_hash_mix64(key ^ (uint64_t)day * 0x9e3779b97f4a7c15ULL)
           & (c->slot_count - 1);
}

/* The slot of (key, day) probed from `i`, its home: the slot holding it,
 * or the empty slot where it would go. */
static size_t probe_from(const defcon_copies *c, uint64_t key, long day, size_t i)
{
    size_t mask = c->slot_count - 1;

    while (c->slots[i].head != 0 && (c->slots[i].key != key || c->slots[i].day != (int32_t)day))
        i = (i + 1) & mask;
    return i;
}

static size_t slot_of(const defcon_copies *c, uint64_t key, long day)
{
    return probe_from(c, key, day, home_of(c, key, day));
}

static int grow_slots(defcon_copies *c)
{
    slot *old = c->slots;
    size_t old_count = c->slot_count;
    size_t count = old_count ? old_count * 2 : FIRST_SLOTS;

    c->slots = defcon_array_zeroed(count, sizeof *c->slots);
    if (!c->slots) {
        c->slots = old;
        return -1;
    }
    c->slot_count = count;
    for (size_t i = 0; i < old_count; i++)
        if (old[i].head != 0)
            c->slots[slot_of(c, old[i].key, old[i].day)] = old[i];
    free(old);
    return 0;
}

static int reserve(void **items, size_t *capacity, size_t need, size_t size)
{
    size_t n = *capacity ? *capacity : 256;
    void *grown;

    if (need <= *capacity)
        return 0;
    while (n < need)
        n *= 2;
    if (n > UINT32_MAX - 1)
        return -1;
    grown = realloc(*items, n * size);
    if (!grown)
        return -1;
    *items = grown;
    *capacity = n;
    return 0;
}

int defcon_copies_new(defcon_copies **out)
{
    defcon_copies *c = calloc(1, sizeof *c);

    *out = NULL;
    if (!c || grow_slots(c) != 0) {
        free(c);
        return -1;
    }
    *out = c;
    return 0;
}

void defcon_copies_free(defcon_copies *copies)
{
    if (!copies)
        return;
    free(copies->entries);
    free(copies->postings);
    free(copies->slots);
    free(copies);
}

long defcon_copies_count(const defcon_copies *copies)
{
    return copies->live;
}

size_t defcon_copies_bytes(const defcon_copies *c)
{
    return sizeof *c + c->entry_capacity * sizeof *c->entries
           + c->posting_capacity * sizeof *c->postings + c->slot_count * sizeof *c->slots;
}

void defcon_copies_clear(defcon_copies *c)
{
    memset(c->slots, 0, c->slot_count * sizeof *c->slots);
    c->slots_used = 0;
    c->entry_count = 0;
    c->posting_count = 0;
    c->live = 0;
}

int defcon_copies_insert(defcon_copies *c, int64_t id, const defcon_fingerprint *fingerprint,
                         int64_t story)
{
    uint64_t keys[KEYS_MAX];
    int n = keys_of(fingerprint, keys);

    if (reserve((void **)&c->entries, &c->entry_capacity, c->entry_count + 1, sizeof *c->entries)
        || reserve((void **)&c->postings, &c->posting_capacity, c->posting_count + (size_t)n,
                   sizeof *c->postings))
        return -1;
    /* Keep the table at most half full, counting the slots this may take. */
    while ((c->slots_used + (size_t)n) * 2 > c->slot_count)
        if (grow_slots(c) != 0)
            return -1;
    c->entries[c->entry_count] = (entry){id, story, *fingerprint, 0};
    for (int k = 0; k < n; k++) {
        size_t s = slot_of(c, keys[k], fingerprint->day);
        if (c->slots[s].head == 0) {
            c->slots[s].key = keys[k];
            c->slots[s].day = (int32_t)fingerprint->day;
            c->slots_used++;
        }
        c->postings[c->posting_count] = (posting){(uint32_t)c->entry_count, c->slots[s].head};
        c->slots[s].head = (uint32_t)++c->posting_count;
    }
    c->entry_count++;
    c->live++;
    return 0;
}

/* The best copy of `fp` among the articles filed, or NULL. */
static const entry *best_copy(const defcon_copies *c, const defcon_fingerprint *fp,
                              defcon_copy_reason *reason)
{
    uint64_t keys[KEYS_MAX];
    size_t homes[KEYS_MAX * (2 * DEFCON_COPY_DAYS + 1)];
    int n = keys_of(fp, keys), best_cost = 0, h = 0;
    long reach = fp->precision == DEFCON_DATE_DAY ? DEFCON_COPY_DAYS : 0;
    const entry *best = NULL;

    /* The probes land all over a table of megabytes: start loading every
     * home slot before walking any, so the misses overlap. */
    for (int k = 0; k < n; k++)
        for (long day = fp->day - reach; day <= fp->day + reach; day++) {
            homes[h] = home_of(c, keys[k], day);
            PREFETCH(&c->slots[homes[h]]);
            h++;
        }
    h = 0;
    for (int k = 0; k < n; k++)
        for (long day = fp->day - reach; day <= fp->day + reach; day++) {
            size_t s = probe_from(c, keys[k], day, homes[h++]);
            for (uint32_t p = c->slots[s].head; p != 0; p = c->postings[p - 1].next) {
                const entry *e = &c->entries[c->postings[p - 1].entry];
                defcon_copy_reason why;
                int cost;
                if (e->removed || (why = defcon_fingerprint_compare(fp, &e->fingerprint)) == 0)
                    continue;
                cost = defcon_fingerprint_match_cost(fp, &e->fingerprint);
                if (!best || cost < best_cost || (cost == best_cost && e->story < best->story)) {
                    best = e;
                    best_cost = cost;
                    *reason = why;
                }
            }
        }
    return best;
}

int defcon_copies_add(defcon_copies *c, int64_t id, const defcon_fingerprint *fingerprint,
                      int64_t *story, defcon_copy_reason *reason)
{
    defcon_copy_reason why = DEFCON_COPY_NONE;
    const entry *best = best_copy(c, fingerprint, &why);
    int64_t found = best ? best->story : id;

    if (defcon_copies_insert(c, id, fingerprint, found) != 0)
        return -1;
    *story = found;
    if (reason)
        *reason = why;
    return 0;
}

int defcon_copies_remove(defcon_copies *c, int64_t id, const defcon_fingerprint *fingerprint)
{
    uint64_t keys[KEYS_MAX];
    int n = keys_of(fingerprint, keys);

    for (int k = 0; k < n; k++) {
        size_t s = slot_of(c, keys[k], fingerprint->day);
        for (uint32_t p = c->slots[s].head; p != 0; p = c->postings[p - 1].next) {
            entry *e = &c->entries[c->postings[p - 1].entry];
            if (e->id == id && !e->removed) {
                e->removed = 1;
                c->live--;
                return 1;
            }
        }
    }
    return 0;
}

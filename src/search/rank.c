/*
 * rank.c - top-k bm25 with bound pruning; see rank.h.
 *
 * bm25 of a row, with weighted frequencies f(p) = sum over the phrase's
 * matches of the weight of their column, and D the row's length in tokens:
 *     sum over phrases p of idf(p) * f(p) (k1 + 1) / (f(p) + k1 (1 - b + b D / avgdl))
 * Each term grows as D shrinks, so the least D the row can have gives an
 * upper bound that needs no lookup of D: each column holds at least one
 * token past its last match (FTS5 gives the matches' offsets). avgdl is computed once per query, as FTS5 does, and so is
 * idf = log((N - n + 0.5) / (n + 0.5)), at least 1e-6, n the rows holding
 * the phrase. Counting n takes a pass over the phrase's doclist, so: a
 * phrase of one term takes n from the terms table when the search hands
 * it over (defcon_ranker_known_rows); a lone phrase whose every match the
 * ranker sees is not counted either: its idf scales every score alike, so
 * the rows are ranked without it and the kept scores multiplied by it at
 * the end, n being the rows seen; any other phrase is counted when some
 * row first scores it in a weighted column (never, for a country filter's
 * codes).
 */
#include "rank.h"

#include "array.h"
#include "tokenizer.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define K1 1.2
#define B 0.75
#define MAX_WEIGHTS 8

/* Helpers called for every row by several passes, inlined into each: as
 * calls they cost a common word's walk 3% more instructions. */
#define PER_ROW static inline __attribute__((always_inline))

typedef struct ranked_row {
    double score;
    long long rowid;
    long long story;              /* its story, when the ranker folds copies */
    unsigned long long matched;   /* the phrases it holds (the first 64) */
} ranked_row;

struct defcon_ranker {
    size_t k, count;
    ranked_row *heap;        /* a min-heap: heap[0] is the k-th best */
    double weights[MAX_WEIGHTS];
    int weight_count;
    int sees_every_match;    /* see defcon_ranker_sees_every_match() */
    int deferred;            /* one phrase, idf left out of the scores */
    double rows;             /* N, for the deferred idf */
    long long *known;        /* see defcon_ranker_known_rows() */
    int known_count;
    long scored, skipped, counted;
    long dropped;                 /* skipped before all their phrases were read */
    long walked, candidates;      /* rows seen, and those whose bound at length 0
                                     beat the k-th best (rank_function) */
    unsigned long long *groups;   /* see defcon_ranker_prefer_all() */
    int group_count;
    defcon_story_fn story_of;     /* see defcon_ranker_fold_stories() */
    void *story_context;
    int story_failed;
    defcon_length_fn length_of;   /* see defcon_ranker_by_bound() */
    void *length_context;
    int length_failed;
    struct aside_row *aside;      /* rows set aside (defcon_ranker_by_bound) */
    double *aside_frequency;      /* ... their frequencies, `phrases` a row */
    size_t aside_count, aside_capacity;
    int keeps_rowids, rowids_failed;   /* see defcon_ranker_keep_rowids() */
    int walks_any;                /* see defcon_ranker_walk_any() */
    long long *left_out;          /* see defcon_ranker_leave_out() */
    size_t left_out_count;
    long long *rowids;
    size_t rowid_count, rowid_capacity;
    int phrases;
    double *idf;                  /* a copy of the query's idf (its statistics
                                     go with the statement) and average length */
    double avgdl;
    _Atomic double *shared_floor; /* see defcon_ranker_pair(); NULL: alone */
    int owns_floor;
};

/* A row set aside, and where its frequencies are. */
typedef struct aside_row {
    double bound, bonus;
    long long rowid;
    unsigned long long matched;
    size_t at;
} aside_row;

/* What one query needs once: per phrase idf (NOT_COUNTED until a row
 * needs it), the average row length, and room for the current row's
 * frequencies. Kept as FTS5 aux data. */
typedef struct query_stats {
    int phrases;
    double avgdl, rows;
    double *idf;
    double *frequency;
    /* With more than one phrase and every idf known (and at most 64 with
     * groups): the phrases by idf, highest first, and rest[j] the most
     * that those from the j-th on can add to a score (idf (k1 + 1) each,
     * at any frequency and length), so that a row can be dropped before
     * all its phrases are read (row_frequencies). NULL otherwise. */
    int *order;
    double *rest;
} query_stats;

#define NOT_COUNTED (-1.0)

/* bm25's idf of a phrase held by `hits` of `rows` rows. */
static double idf_of(double rows, double hits)
{
    double idf = log((rows - hits + 0.5) / (hits + 0.5));
    return idf > 0.0 ? idf : 1e-6;
}

/* Whether a row holding the phrases of `matched` holds a phrase of every
 * group of defcon_ranker_prefer_all (never when there are no groups). */
static int holds_all(const defcon_ranker *r, unsigned long long matched)
{
    int i;

    for (i = 0; i < r->group_count; i++)
        if (!(matched & r->groups[i]))
            return 0;
    return r->group_count > 0;
}

/* ---- the heap ---- */

/* Whether a ranks below b: lower score, or equal score and higher rowid. */
static int ranks_below(const ranked_row *a, const ranked_row *b)
{
    return a->score < b->score || (a->score == b->score && a->rowid > b->rowid);
}

/* The score a row must reach to enter the best k: the k-th best once the
 * top is full, and with a paired ranker the higher of both rankers' k-th
 * bests (each is at most the k-th best of the two together, copies
 * folded or not); -HUGE_VAL before that. */
static double entry_floor(const defcon_ranker *r)
{
    double own = r->count == r->k ? r->heap[0].score : -HUGE_VAL;
    double paired = r->shared_floor
                        ? atomic_load_explicit(r->shared_floor, memory_order_relaxed)
                        : -HUGE_VAL;

    return own > paired ? own : paired;
}

/* Raises the paired rankers' floor to this one's k-th best. */
static void publish_floor(defcon_ranker *r)
{
    double seen, own;

    if (!r->shared_floor || r->count < r->k)
        return;
    own = r->heap[0].score;
    seen = atomic_load_explicit(r->shared_floor, memory_order_relaxed);
    while (own > seen && !atomic_compare_exchange_weak_explicit(r->shared_floor, &seen, own,
                                                                memory_order_relaxed,
                                                                memory_order_relaxed))
        ;
}

static void sift_down(ranked_row *heap, size_t count, size_t i)
{
    for (;;) {
        size_t least = i, left = 2 * i + 1, right = left + 1;
        ranked_row swap;
        if (left < count && ranks_below(&heap[left], &heap[least]))
            least = left;
        if (right < count && ranks_below(&heap[right], &heap[least]))
            least = right;
        if (least == i)
            return;
        swap = heap[i];
        heap[i] = heap[least];
        heap[least] = swap;
        i = least;
    }
}

/* Folding: whether the row's story already holds a place in the heap.
 * Returns 1 when the row was dealt with (dropped as the worse of its
 * story, or put in its story's place), 0 when it is to be offered as a
 * story of its own, -1 when its story could not be read. */
static int fold_into_story(defcon_ranker *r, ranked_row *row)
{
    size_t i;

    if (r->story_of(r->story_context, row->rowid, &row->story) != 0)
        return -1;
    for (i = 0; i < r->count && r->heap[i].story != row->story; i++)
        ;
    if (i == r->count)
        return 0;
    if (!ranks_below(&r->heap[i], row))
        return 1;
    r->heap[i] = *row;   /* a better score: it may sink below its children */
    sift_down(r->heap, r->count, i);
    return 1;
}

static void ranker_offer(defcon_ranker *r, long long rowid, double score,
                         unsigned long long matched)
{
    ranked_row row;
    size_t i;
    int folded;

    row.score = score;
    row.rowid = rowid;
    row.story = rowid;
    row.matched = matched;
    if (r->count == r->k && !ranks_below(&r->heap[0], &row))
        return;   /* below the k-th best: nothing to fold either */
    if (r->story_of && (folded = fold_into_story(r, &row)) != 0) {
        r->story_failed |= folded < 0;
        return;
    }
    if (r->count < r->k) {
        for (i = r->count++; i > 0 && ranks_below(&row, &r->heap[(i - 1) / 2]); i = (i - 1) / 2)
            r->heap[i] = r->heap[(i - 1) / 2];
        r->heap[i] = row;
    } else {
        r->heap[0] = row;
        sift_down(r->heap, r->count, 0);
    }
    publish_floor(r);
}

defcon_ranker *defcon_ranker_new(size_t k, const double *weights, int weight_count)
{
    defcon_ranker *r;

    if (k == 0 || weight_count < 0 || weight_count > MAX_WEIGHTS)
        return NULL;
    r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->heap = malloc(k * sizeof *r->heap);
    if (!r->heap) {
        free(r);
        return NULL;
    }
    r->k = k;
    r->weight_count = weight_count;
    if (weight_count)
        memcpy(r->weights, weights, (size_t)weight_count * sizeof *weights);
    return r;
}

static int compare_best_first(const void *a, const void *b)
{
    const ranked_row *x = a, *y = b;
    if (ranks_below(y, x))
        return -1;
    return ranks_below(x, y) ? 1 : 0;
}

size_t defcon_ranker_results(const defcon_ranker *ranker, long long *rowids, double *scores)
{
    return defcon_ranker_results_matched(ranker, rowids, scores, NULL);
}

size_t defcon_ranker_results_matched(const defcon_ranker *ranker, long long *rowids,
                                     double *scores, unsigned long long *matched)
{
    ranked_row *sorted = malloc((ranker->count ? ranker->count : 1) * sizeof *sorted);
    double scale = 1.0;
    size_t i;

    if (!sorted)
        return 0;
    memcpy(sorted, ranker->heap, ranker->count * sizeof *sorted);
    qsort(sorted, ranker->count, sizeof *sorted, compare_best_first);
    if (ranker->deferred)
        scale = idf_of(ranker->rows, (double)(ranker->scored + ranker->skipped));
    for (i = 0; i < ranker->count; i++) {
        double bonus = holds_all(ranker, sorted[i].matched) ? DEFCON_RANK_ALL_BONUS : 0.0;
        rowids[i] = sorted[i].rowid;
        scores[i] = (sorted[i].score - bonus) * scale;
        if (matched)
            matched[i] = sorted[i].matched;
    }
    free(sorted);
    return ranker->count;
}

void defcon_ranker_sees_every_match(defcon_ranker *ranker)
{
    ranker->sees_every_match = 1;
}

void defcon_ranker_counts(const defcon_ranker *ranker, long *scored, long *skipped,
                          long *counted)
{
    *scored = ranker->scored;
    *skipped = ranker->skipped;
    *counted = ranker->counted;
}

long defcon_ranker_dropped(const defcon_ranker *ranker)
{
    return ranker->dropped;
}

int defcon_ranker_known_rows(defcon_ranker *ranker, const long long *known, int count)
{
    long long *copy = count > 0 ? malloc((size_t)count * sizeof *copy) : NULL;

    if (count > 0 && !copy)
        return -1;
    if (count > 0)
        memcpy(copy, known, (size_t)count * sizeof *copy);
    free(ranker->known);
    ranker->known = copy;
    ranker->known_count = count > 0 ? count : 0;
    return 0;
}

void defcon_ranker_by_bound(defcon_ranker *ranker, defcon_length_fn length_of, void *context)
{
    ranker->length_of = length_of;
    ranker->length_context = context;
}

void defcon_ranker_keep_rowids(defcon_ranker *ranker)
{
    ranker->keeps_rowids = 1;
}

long defcon_ranker_take_rowids(defcon_ranker *ranker, long long **rowids)
{
    long count = ranker->rowids_failed ? -1 : (long)ranker->rowid_count;

    *rowids = ranker->rowids;
    ranker->rowids = NULL;
    ranker->rowid_count = ranker->rowid_capacity = 0;
    return count;
}

/* Keeps a row's rowid (defcon_ranker_keep_rowids). */
static void keep_rowid(defcon_ranker *r, long long rowid)
{
    if (r->rowid_count == r->rowid_capacity) {
        size_t capacity = r->rowid_capacity ? r->rowid_capacity * 2 : 1024;
        long long *grown = realloc(r->rowids, capacity * sizeof *grown);
        if (!grown) {
            r->rowids_failed = 1;
            return;
        }
        r->rowids = grown;
        r->rowid_capacity = capacity;
    }
    r->rowids[r->rowid_count++] = rowid;
}

static void free_aside(defcon_ranker *r)
{
    free(r->aside);
    free(r->aside_frequency);
    free(r->idf);
    free(r->rowids);
}

int defcon_ranker_pair(defcon_ranker *a, defcon_ranker *b)
{
    _Atomic double *shared = malloc(sizeof *shared);

    if (!shared)
        return -1;
    atomic_init(shared, -HUGE_VAL);
    a->shared_floor = b->shared_floor = shared;
    a->owns_floor = 1;
    return 0;
}

void defcon_ranker_free(defcon_ranker *ranker)
{
    if (!ranker)
        return;
    if (ranker->owns_floor)
        free((void *)ranker->shared_floor);
    free_aside(ranker);
    free(ranker->known);
    free(ranker->left_out);
    free(ranker->groups);
    free(ranker->heap);
    free(ranker);
}

/* ---- the auxiliary function ---- */

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *context)
{
    (void)api;
    (void)fts;
    (*(sqlite3_int64 *)context)++;
    return SQLITE_OK;
}

static void free_stats(void *p)
{
    query_stats *stats = p;
    if (!stats)
        return;
    free(stats->idf);
    free(stats->order);
    free(stats->rest);
    free(stats);
}

/* Fills stats->order and stats->rest when they apply (see query_stats).
 * Returns SQLITE_OK or SQLITE_NOMEM. */
static int prepare_order(query_stats *stats, const defcon_ranker *ranker)
{
    int i, j;

    if (stats->phrases < 2 || (ranker->group_count > 0 && stats->phrases > 64))
        return SQLITE_OK;
    for (i = 0; i < stats->phrases; i++)
        if (stats->idf[i] == NOT_COUNTED)
            return SQLITE_OK;
    stats->order = malloc((size_t)stats->phrases * sizeof *stats->order);
    stats->rest = malloc(((size_t)stats->phrases + 1) * sizeof *stats->rest);
    if (!stats->order || !stats->rest)
        return SQLITE_NOMEM;
    for (i = 0; i < stats->phrases; i++) {   /* by idf, highest first: a few phrases */
        int phrase = i;
        for (j = i; j > 0 && stats->idf[stats->order[j - 1]] < stats->idf[phrase]; j--)
            stats->order[j] = stats->order[j - 1];
        stats->order[j] = phrase;
    }
    stats->rest[stats->phrases] = 0.0;
    for (j = stats->phrases - 1; j >= 0; j--)
        stats->rest[j] = stats->rest[j + 1] + stats->idf[stats->order[j]] * (K1 + 1.0);
    return SQLITE_OK;
}

static int query_stats_of(const Fts5ExtensionApi *api, Fts5Context *fts, defcon_ranker *ranker,
                          query_stats **out)
{
    query_stats *stats = api->xGetAuxdata(fts, 0);
    sqlite3_int64 rows = 0, tokens = 0;
    int rc = SQLITE_OK, i;

    if (stats) {
        *out = stats;
        return SQLITE_OK;
    }
    stats = calloc(1, sizeof *stats);
    if (!stats)
        return SQLITE_NOMEM;
    stats->phrases = api->xPhraseCount(fts);
    stats->idf = calloc((size_t)(stats->phrases ? stats->phrases : 1) * 2, sizeof(double));
    if (!stats->idf) {
        free(stats);
        return SQLITE_NOMEM;
    }
    stats->frequency = stats->idf + stats->phrases;
    rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK)
        rc = api->xColumnTotalSize(fts, -1, &tokens);
    if (rc == SQLITE_OK) {
        stats->rows = (double)rows;
        stats->avgdl = rows > 0 ? (double)tokens / (double)rows : 1.0;
        ranker->rows = stats->rows;
    }
    for (i = 0; i < stats->phrases; i++) {
        int known = ranker->known_count == stats->phrases && ranker->known[i] >= 0
                    && api->xPhraseSize(fts, i) == 1;
        stats->idf[i] = known ? idf_of(stats->rows, (double)ranker->known[i]) : NOT_COUNTED;
    }
    ranker->deferred = ranker->sees_every_match && stats->phrases == 1
                       && stats->idf[0] == NOT_COUNTED;
    if (ranker->deferred)
        stats->idf[0] = 1.0;
    if (rc == SQLITE_OK)
        rc = prepare_order(stats, ranker);
    if (rc == SQLITE_OK)
        rc = api->xSetAuxdata(fts, stats, free_stats);
    else
        free_stats(stats);
    *out = rc == SQLITE_OK ? stats : NULL;
    return rc;
}

/* Counts the rows holding phrase i, for its idf. */
static int count_phrase(const Fts5ExtensionApi *api, Fts5Context *fts, defcon_ranker *ranker,
                        query_stats *stats, int i)
{
    sqlite3_int64 hits = 0;
    int rc = api->xQueryPhrase(fts, i, &hits, count_row);

    if (rc == SQLITE_OK)
        stats->idf[i] = idf_of(stats->rows, (double)hits);
    ranker->counted++;
    return rc;
}

/* One phrase's part of bm25 (see the top): idf, weighted frequency f,
 * length term norm. */
static double bm25_term(double idf, double f, double norm)
{
    return f > 0.0 ? idf * f * (K1 + 1.0) / (f + K1 * norm) : 0.0;
}

/* Best match's bonus while a row can still hold every group: 0 once a
 * group has been read whole (`read`, phrases a bit each) and none of its
 * phrases is `held`, or when there are no groups. */
static double bonus_possible(const defcon_ranker *ranker, unsigned long long read,
                             unsigned long long held)
{
    int g;

    for (g = 0; g < ranker->group_count; g++)
        if ((ranker->groups[g] & read) == ranker->groups[g] && !(ranker->groups[g] & held))
            return 0.0;
    return ranker->group_count > 0 ? DEFCON_RANK_ALL_BONUS : 0.0;
}

/* Sums a row's least length from past[], each weighted column's last
 * match + 1. */
static double sum_past(const int *past, int columns)
{
    double shortest = 0.0;
    int i;

    for (i = 0; i < columns; i++)
        shortest += past[i];
    return shortest;
}

/* The weighted frequency of phrase i in the current row of `fts`, into *f;
 * with `past` (not NULL), each weighted column's last match + 1 raised to
 * it. Returns an SQLite code. */
PER_ROW int phrase_frequency(const Fts5ExtensionApi *api, Fts5Context *fts,
                             const defcon_ranker *ranker, int i, int *past, double *f)
{
    Fts5PhraseIter iter;
    int column, offset, columns = ranker->weight_count,
                        rc = api->xPhraseFirst(fts, i, &iter, &column, &offset);

    *f = 0.0;
    if (rc != SQLITE_OK)
        return rc;
    for (; column >= 0; api->xPhraseNext(fts, &iter, &column, &offset)) {
        *f += column < columns ? ranker->weights[column] : 1.0;
        if (past && column < columns && offset >= past[column])
            past[column] = offset + 1;
    }
    return SQLITE_OK;
}

/* The weighted frequency of each phrase in the current row, into
 * stats->frequency; with `past` (not NULL), also each weighted column's
 * last match + 1, for the least length the row can have: a column holds
 * at least one token past its last match. With stats->order and a full
 * top (`floor`, the k-th best score, else -HUGE_VAL), the phrases are
 * read highest idf first, and the row is dropped (*dropped set, the
 * frequencies left unread) as soon as what it holds so far and the most
 * the rest could add fall below the floor: with groups, the bonus too
 * while no group has been read whole without being held. */
static int row_frequencies(const Fts5ExtensionApi *api, Fts5Context *fts,
                           const defcon_ranker *ranker, query_stats *stats, int *past,
                           double floor, int *dropped)
{
    int j, columns = ranker->weight_count, ordered = stats->order && floor > -HUGE_VAL;
    double most = 0.0;   /* the score at length 0 of the phrases read */
    unsigned long long read = 0, held = 0;   /* phrases read, and held (groups) */

    *dropped = 0;
    for (j = 0; past && j < columns; j++)
        past[j] = 0;
    for (j = 0; j < stats->phrases; j++) {
        int i = ordered ? stats->order[j] : j;
        double f;
        int rc = phrase_frequency(api, fts, ranker, i, past, &f);
        if (rc != SQLITE_OK)
            return rc;
        stats->frequency[i] = f;
        if (!ordered)
            continue;
        most += bm25_term(stats->idf[i], f, 1.0 - B);
        if (ranker->group_count > 0) {   /* at most 64 phrases then (prepare_order) */
            read |= 1ULL << i;
            held |= f > 0.0 ? 1ULL << i : 0;
        }
        if (most + stats->rest[j + 1] + bonus_possible(ranker, read, held) < floor) {
            *dropped = 1;
            return SQLITE_OK;
        }
    }
    return SQLITE_OK;
}

/* The least length the current row can have, its matches read again
 * (row_frequencies, which writes the same frequencies again). */
static double row_shortest(const Fts5ExtensionApi *api, Fts5Context *fts,
                           const defcon_ranker *ranker, query_stats *stats)
{
    int past[MAX_WEIGHTS], dropped;

    if (row_frequencies(api, fts, ranker, stats, past, -HUGE_VAL, &dropped) != SQLITE_OK)
        return 0.0;   /* no bound beyond the shortest possible */
    return sum_past(past, ranker->weight_count);
}

/* bm25 over phrase frequencies `frequency` (`phrases` of them), the
 * length term being `norm` (1 - b + b * length / average length). With
 * the shortest length that can be (norm 1 - b) it is the highest score
 * the row can have. */
static double bm25_of(const double *idf, const double *frequency, int phrases, double norm)
{
    double sum = 0.0;
    int i;

    for (i = 0; i < phrases; i++)
        sum += bm25_term(idf[i], frequency[i], norm);
    return sum;
}

static double bm25_sum(const query_stats *stats, double norm)
{
    return bm25_of(stats->idf, stats->frequency, stats->phrases, norm);
}

/* bm25_sum over the phrases `held` (held_count of them, ascending, every
 * other frequency 0: the same sum), or over all when NULL. */
static double bm25_held(const query_stats *stats, const int *held, int held_count, double norm)
{
    double sum = 0.0;
    int i;

    if (!held)
        return bm25_sum(stats, norm);
    for (i = 0; i < held_count; i++)
        sum += bm25_term(stats->idf[held[i]], stats->frequency[held[i]], norm);
    return sum;
}

/* ---- rows set aside, scored best bound first ---- */

/* Best bound first; ties: lower rowid first. */
static int compare_aside(const void *a, const void *b)
{
    const aside_row *x = a, *y = b;

    if (x->bound != y->bound)
        return x->bound > y->bound ? -1 : 1;
    return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

/* Sets the current row aside. Returns SQLITE_OK or SQLITE_NOMEM. */
static int set_aside(defcon_ranker *r, const query_stats *stats, long long rowid, double bound,
                     double bonus, unsigned long long matched)
{
    size_t phrases = (size_t)stats->phrases;
    aside_row *row;

    if (r->aside_count == r->aside_capacity) {
        size_t capacity = r->aside_capacity ? r->aside_capacity * 2 : 4096;
        aside_row *rows = realloc(r->aside, capacity * sizeof *rows);
        double *frequencies;
        if (!rows)
            return SQLITE_NOMEM;
        r->aside = rows;
        frequencies = realloc(r->aside_frequency, capacity * phrases * sizeof *frequencies);
        if (!frequencies)
            return SQLITE_NOMEM;
        r->aside_frequency = frequencies;
        r->aside_capacity = capacity;
    }
    if (!r->idf) {
        r->idf = malloc((phrases ? phrases : 1) * sizeof *r->idf);
        if (!r->idf)
            return SQLITE_NOMEM;
    }
    /* A phrase's idf is known once a row holds it: copied with each row */
    memcpy(r->idf, stats->idf, phrases * sizeof *r->idf);
    r->phrases = stats->phrases;
    r->avgdl = stats->avgdl;
    row = &r->aside[r->aside_count];
    row->bound = bound;
    row->bonus = bonus;
    row->rowid = rowid;
    row->matched = matched;
    row->at = r->aside_count * phrases;
    memcpy(r->aside_frequency + row->at, stats->frequency, phrases * sizeof *stats->frequency);
    r->aside_count++;
    return SQLITE_OK;
}

/* Moves rows[i] down the heap of `count` rows whose first is the best
 * bound (compare_aside). */
static void sift_aside(aside_row *rows, size_t count, size_t i)
{
    for (;;) {
        size_t best = i, left = 2 * i + 1, right = left + 1;
        aside_row swap;
        if (left < count && compare_aside(&rows[left], &rows[best]) < 0)
            best = left;
        if (right < count && compare_aside(&rows[right], &rows[best]) < 0)
            best = right;
        if (best == i)
            return;
        swap = rows[i];
        rows[i] = rows[best];
        rows[best] = swap;
        i = best;
    }
}

/* Scores the rows set aside, best bound first (a heap: most are never
 * taken out), until a bound falls below the k-th best score; the rest are
 * skipped. Returns 0, or -1 when a length or a story could not be read. */
static int score_aside(defcon_ranker *r)
{
    size_t i, n = r->aside_count;

    for (i = n / 2; i-- > 0;)
        sift_aside(r->aside, n, i);
    r->aside_count = 0;
    for (; n > 0; n--) {
        aside_row taken = r->aside[0], *row = &taken;
        int tokens = 0;
        double score;
        if (row->bound < entry_floor(r))
            break;
        r->aside[0] = r->aside[n - 1];
        sift_aside(r->aside, n - 1, 0);
        if (r->length_of(r->length_context, row->rowid, &tokens) != 0) {
            r->length_failed = 1;
            return -1;
        }
        score = bm25_of(r->idf, r->aside_frequency + row->at, r->phrases,
                        1.0 - B + B * (double)tokens / r->avgdl) + row->bonus;
        r->scored++;
        ranker_offer(r, row->rowid, score, row->matched);
        if (r->story_failed)
            return -1;
    }
    r->skipped += (long)n;
    return 0;
}

int defcon_ranker_finish(defcon_ranker *ranker)
{
    if (ranker->length_failed || ranker->story_failed)
        return -1;
    return ranker->aside_count > 0 ? score_aside(ranker) : 0;
}

/* Offers a row whose frequencies are stats->frequency, every idf of those
 * held known: its rowid `rowid`, else (NULL) the current row's of `fts`,
 * read only when needed; `past` (not NULL) each weighted column's last
 * match + 1, else the least length read again from the current row of
 * `fts` when needed; `held` (not NULL) the phrases it holds, ascending,
 * else those of a frequency above 0; its length read through the
 * ranker's length function, else from `fts`. *scored set to 1 and *score_less_bonus to its score less
 * the bonus when it was scored in full here. Returns SQLITE_OK, or an
 * SQLite code with *message set when the message is ours. */
PER_ROW int offer_row(const Fts5ExtensionApi *api, Fts5Context *fts, defcon_ranker *ranker,
                      query_stats *stats, const long long *rowid, const int *past,
                      const int *held, int held_count, int *scored, double *score_less_bonus,
                      const char **message)
{
    double bound, score, bonus, entry;
    unsigned long long matched = 0;
    int rc, i, tokens = 0;

    if (held) {
        for (i = 0; i < held_count; i++)
            if (held[i] < 64)
                matched |= 1ULL << held[i];
    } else {
        for (i = 0; i < stats->phrases && i < 64; i++)
            if (stats->frequency[i] > 0.0)
                matched |= 1ULL << i;
    }
    bonus = holds_all(ranker, matched) ? DEFCON_RANK_ALL_BONUS : 0.0;
    /* The bound at no length first: most rows that fall are below it */
    bound = bm25_held(stats, held, held_count, 1.0 - B) + bonus;
    entry = entry_floor(ranker);
    if (bound >= entry) {
        double shortest = past ? sum_past(past, ranker->weight_count)
                               : row_shortest(api, fts, ranker, stats);
        bound = bm25_held(stats, held, held_count, 1.0 - B + B * shortest / stats->avgdl)
                + bonus;
        ranker->candidates++;
    }
    ranker->walked++;
    if (bound < entry) {
        ranker->skipped++;
        return SQLITE_OK;
    }
    if (ranker->length_of) {   /* scored later, best bound first */
        rc = set_aside(ranker, stats, rowid ? *rowid : api->xRowid(fts), bound, bonus, matched);
        if (rc == SQLITE_OK && ranker->aside_count == DEFCON_RANK_BATCH
            && score_aside(ranker) != 0)
            rc = SQLITE_ERROR;
        if (rc != SQLITE_OK)
            *message = rc == SQLITE_NOMEM ? "out of memory"
                                          : "cannot read an article's length or story";
        return rc;
    }
    rc = api->xColumnSize(fts, -1, &tokens);
    if (rc != SQLITE_OK)
        return rc;
    score = bm25_sum(stats, 1.0 - B + B * (double)tokens / stats->avgdl) + bonus;
    ranker->scored++;
    ranker_offer(ranker, rowid ? *rowid : api->xRowid(fts), score, matched);
    if (ranker->story_failed) {
        *message = "cannot read an article's story";
        return SQLITE_ERROR;
    }
    *scored = 1;
    *score_less_bonus = score - bonus;
    return SQLITE_OK;
}

/* Offers the current row of `fts` to the ranker; *scored set to 1 and
 * *score to its score less the bonus when it was scored in full here.
 * Returns SQLITE_OK, or an SQLite code with *message set when the message
 * is ours. */
static int rank_row(const Fts5ExtensionApi *api, Fts5Context *fts, defcon_ranker *ranker,
                    query_stats *stats, int *scored, double *score_less_bonus,
                    const char **message)
{
    int rc, i, past[MAX_WEIGHTS], track, dropped = 0;

    *message = NULL;
    *scored = 0;
    if (ranker->keeps_rowids)
        keep_rowid(ranker, api->xRowid(fts));
    /* The least length costs a second reading of the matches for each row
     * whose bound at length 0 beats the k-th best: noted while reading
     * them the first time instead, as long as one row in 16 does. */
    track = ranker->candidates * 16 > ranker->walked;
    rc = row_frequencies(api, fts, ranker, stats, track ? past : NULL, entry_floor(ranker),
                         &dropped);
    if (rc == SQLITE_OK && dropped) {   /* below the k-th best, whatever its length */
        ranker->walked++;
        ranker->skipped++;
        ranker->dropped++;
        return SQLITE_OK;
    }
    for (i = 0; rc == SQLITE_OK && i < stats->phrases; i++)
        if (stats->frequency[i] > 0.0 && stats->idf[i] == NOT_COUNTED)
            rc = count_phrase(api, fts, ranker, stats, i);
    if (rc != SQLITE_OK)
        return rc;
    return offer_row(api, fts, ranker, stats, NULL, track ? past : NULL, NULL, 0, scored,
                     score_less_bonus, message);
}

/* The ranker of an auxiliary function's one argument, else NULL with the
 * error set. */
static defcon_ranker *ranker_argument(sqlite3_context *context, int argument_count,
                                      sqlite3_value **arguments, const char *function)
{
    defcon_ranker *ranker = argument_count == 1
                                ? sqlite3_value_pointer(arguments[0], DEFCON_RANK_POINTER)
                                : NULL;
    char message[64];

    if (!ranker) {
        snprintf(message, sizeof message, "%s needs a ranker", function);
        sqlite3_result_error(context, message, -1);
    }
    return ranker;
}

static void rank_failed(sqlite3_context *context, int rc, const char *message)
{
    if (message)
        sqlite3_result_error(context, message, -1);
    else
        sqlite3_result_error_code(context, rc);
}

/* defcon_bm25(fts, ranker): offers the row; returns its score when it
 * was scored in full here, else NULL. */
static void rank_function(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context,
                          int argument_count, sqlite3_value **arguments)
{
    defcon_ranker *ranker = ranker_argument(context, argument_count, arguments,
                                            DEFCON_RANK_FUNCTION);
    query_stats *stats = NULL;
    const char *message = NULL;
    double score = 0.0;
    int rc, scored = 0;

    if (!ranker)
        return;
    rc = query_stats_of(api, fts, ranker, &stats);
    if (rc == SQLITE_OK)
        rc = rank_row(api, fts, ranker, stats, &scored, &score, &message);
    if (rc != SQLITE_OK)
        rank_failed(context, rc, message);
    else if (scored)
        sqlite3_result_double(context, score);
    else
        sqlite3_result_null(context);
}

/* A row holding a phrase other than the one walked last, when any phrase
 * will do (defcon_ranker_walk_any). */
typedef struct held_row {
    long long rowid;
    double frequency;
    int phrase;
    int past[MAX_WEIGHTS];        /* as row_frequencies' */
} held_row;

typedef struct walk {
    defcon_ranker *ranker;
    query_stats *stats;
    const char *message;
    int phrase;                   /* the phrase being gathered or walked */
    long long *excluded;          /* rows holding another phrase, ascending */
    size_t excluded_count, excluded_capacity, at;
    held_row *held;               /* ... with what they hold, by rowid */
    size_t held_count, held_capacity, held_at;
    int *listed, listed_count;    /* the phrases the row offered holds, ascending */
} walk;

/* Grows the array at `items` (the address of a T *; `size`-byte items,
 * *capacity of them) when it is full; SQLITE_OK, or SQLITE_NOMEM with
 * w->message set. */
static int make_room(walk *w, void *items, size_t *capacity, size_t count, size_t size)
{
    if (count < *capacity || defcon_array_grow(items, capacity, size, 1024) == 0)
        return SQLITE_OK;
    w->message = "out of memory";
    return SQLITE_NOMEM;
}

/* Leaves `rowid` out of the walk (to be sorted). An SQLite code. */
static int exclude(walk *w, long long rowid)
{
    int rc = make_room(w, &w->excluded, &w->excluded_capacity, w->excluded_count,
                       sizeof *w->excluded);

    if (rc == SQLITE_OK)
        w->excluded[w->excluded_count++] = rowid;
    return rc;
}

static int exclude_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *context)
{
    return exclude(context, api->xRowid(fts));
}

static int hold_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *context)
{
    walk *w = context;
    held_row *row;
    int rc = make_room(w, &w->held, &w->held_capacity, w->held_count, sizeof *w->held);

    if (rc != SQLITE_OK)
        return rc;
    row = &w->held[w->held_count];
    memset(row->past, 0, sizeof row->past);
    row->rowid = api->xRowid(fts);
    row->phrase = w->phrase;
    rc = phrase_frequency(api, fts, w->ranker, 0, row->past, &row->frequency);
    if (rc == SQLITE_OK)
        w->held_count++;
    return rc;
}

static int compare_rowids(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;

    return x < y ? -1 : x > y;
}

/* Sorts the held rows by rowid: `runs` runs, each ascending (a phrase's
 * rows), run r being [bounds[r], bounds[r + 1]), merged two by two.
 * SQLITE_OK, or SQLITE_NOMEM with w->message set. */
static int merge_held(walk *w, size_t *bounds, int runs)
{
    held_row *from = w->held, *to = malloc((w->held_count ? w->held_count : 1) * sizeof *to);
    int r, merged;

    if (!to) {
        w->message = "out of memory";
        return SQLITE_NOMEM;
    }
    for (; runs > 1; runs = merged) {
        for (r = 0, merged = 0; r < runs; r += 2, merged++) {
            size_t a = bounds[r], mid = bounds[r + 1], b = mid,
                   end = r + 1 < runs ? bounds[r + 2] : mid, at = a;
            while (a < mid && b < end)
                to[at++] = from[b].rowid < from[a].rowid ? from[b++] : from[a++];
            memcpy(to + at, from + a, (mid - a) * sizeof *to);
            at += mid - a;
            memcpy(to + at, from + b, (end - b) * sizeof *to);
            bounds[merged] = bounds[r];
        }
        bounds[merged] = w->held_count;
        w->held = to;   /* the merged rows, and the other buffer next */
        to = from;
        from = w->held;
    }
    free(to);
    return SQLITE_OK;
}

/* Whether `rowid` is left out; rows asked in ascending order. */
static int excluded(walk *w, long long rowid)
{
    while (w->at < w->excluded_count && w->excluded[w->at] < rowid)
        w->at++;
    return w->at < w->excluded_count && w->excluded[w->at] == rowid;
}

static int walk_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *context)
{
    walk *w = context;
    defcon_ranker *ranker = w->ranker;
    query_stats *stats = w->stats;
    int past[MAX_WEIGHTS] = {0}, scored, rc, first = 0;
    double score;

    if (w->excluded_count && excluded(w, api->xRowid(fts)))
        return SQLITE_OK;
    if (stats->phrases != 1 || ranker->group_count > 0 || stats->idf[0] == NOT_COUNTED)
        return rank_row(api, fts, ranker, stats, &scored, &score, &w->message);
    /* One phrase, no bonus: most rows fall below the k-th best at their
     * bound at no length, read here at once (as rank_row would find) */
    if (ranker->keeps_rowids)
        keep_rowid(ranker, api->xRowid(fts));
    rc = phrase_frequency(api, fts, ranker, 0, past, &stats->frequency[0]);
    if (rc != SQLITE_OK)
        return rc;
    if (bm25_term(stats->idf[0], stats->frequency[0], 1.0 - B) < entry_floor(ranker)) {
        ranker->walked++;
        ranker->skipped++;
        return SQLITE_OK;
    }
    return offer_row(api, fts, ranker, stats, NULL, past, &first, 1, &scored, &score,
                     &w->message);
}

/* Lists phrase p as held by the row, in order. */
static void list_phrase(walk *w, int p)
{
    int i = w->listed_count++;

    for (; i > 0 && w->listed[i - 1] > p; i--)
        w->listed[i] = w->listed[i - 1];
    w->listed[i] = p;
}

/* Adds the held rows of `rowid` from w->held_at on to the row's
 * frequencies, phrases and least length. */
static void add_held(walk *w, long long rowid, int *past)
{
    int c;

    for (; w->held_at < w->held_count && w->held[w->held_at].rowid == rowid; w->held_at++) {
        const held_row *row = &w->held[w->held_at];
        w->stats->frequency[row->phrase] = row->frequency;
        list_phrase(w, row->phrase);
        for (c = 0; c < w->ranker->weight_count; c++)
            if (row->past[c] > past[c])
                past[c] = row->past[c];
    }
}

/* Clears the last row's frequencies and phrases, and its least length. */
static void clear_row(walk *w, int *past)
{
    int i;

    for (i = 0; i < w->listed_count; i++)
        w->stats->frequency[w->listed[i]] = 0.0;
    w->listed_count = 0;
    memset(past, 0, MAX_WEIGHTS * sizeof *past);
}

/* Offers row `rowid`, holding the phrases listed, unless it is left out;
 * `fts` its context, or NULL for a held row the walked phrase is not in. */
static int offer_listed(const Fts5ExtensionApi *api, Fts5Context *fts, walk *w, long long rowid,
                        const int *past)
{
    double score;
    int scored;

    if (w->excluded_count && excluded(w, rowid))
        return SQLITE_OK;
    if (w->ranker->keeps_rowids)
        keep_rowid(w->ranker, rowid);
    return offer_row(api, fts, w->ranker, w->stats, &rowid, past, w->listed, w->listed_count,
                     &scored, &score, &w->message);
}

/* Offers the held rows below `below`, which the walked phrase is not in. */
static int offer_held(const Fts5ExtensionApi *api, walk *w, long long below)
{
    int past[MAX_WEIGHTS], rc = SQLITE_OK;

    while (rc == SQLITE_OK && w->held_at < w->held_count && w->held[w->held_at].rowid < below) {
        long long rowid = w->held[w->held_at].rowid;
        clear_row(w, past);
        add_held(w, rowid, past);
        rc = offer_listed(api, NULL, w, rowid, past);
    }
    return rc;
}

/* A row of the phrase walked last, any phrase doing: the held rows before
 * it offered, then it with what it holds of the others. */
static int any_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *context)
{
    walk *w = context;
    long long rowid = api->xRowid(fts);
    int past[MAX_WEIGHTS], rc = offer_held(api, w, rowid);

    if (rc != SQLITE_OK)
        return rc;
    clear_row(w, past);
    rc = phrase_frequency(api, fts, w->ranker, 0, past, &w->stats->frequency[w->phrase]);
    if (rc != SQLITE_OK)
        return rc;
    list_phrase(w, w->phrase);
    add_held(w, rowid, past);
    return offer_listed(api, fts, w, rowid, past);
}

/* Walks the rows holding any of the expression's phrases: each but the
 * commonest gathered with its frequencies, then the commonest walked, the
 * gathered rows offered in rowid order among its own. */
static int walk_any(const Fts5ExtensionApi *api, Fts5Context *fts, walk *w)
{
    query_stats *stats = w->stats;
    int rc = SQLITE_OK, i, last = 0, runs = 0;
    size_t *bounds;

    w->listed = malloc((size_t)stats->phrases * sizeof *w->listed);
    if (!w->listed) {
        w->message = "out of memory";
        return SQLITE_NOMEM;
    }
    memset(stats->frequency, 0, (size_t)stats->phrases * sizeof *stats->frequency);

    for (i = 0; rc == SQLITE_OK && i < stats->phrases; i++)
        if (stats->idf[i] == NOT_COUNTED)
            rc = count_phrase(api, fts, w->ranker, stats, i);
    for (i = 1; i < stats->phrases; i++)
        if (stats->idf[i] < stats->idf[last])
            last = i;
    bounds = malloc((size_t)stats->phrases * sizeof *bounds);
    if (!bounds) {
        w->message = "out of memory";
        return SQLITE_NOMEM;
    }
    for (i = 0; rc == SQLITE_OK && i < stats->phrases; i++)
        if (i != last) {
            bounds[runs++] = w->held_count;
            w->phrase = i;
            rc = api->xQueryPhrase(fts, i, w, hold_row);
        }
    bounds[runs] = w->held_count;
    if (rc == SQLITE_OK && runs > 1)
        rc = merge_held(w, bounds, runs);
    free(bounds);
    w->phrase = last;
    if (rc == SQLITE_OK)
        rc = api->xQueryPhrase(fts, last, w, any_row);
    if (rc == SQLITE_OK)
        rc = offer_held(api, w, INT64_MAX);
    return rc;
}

/* defcon_walk(fts, ranker), called for the first match of an expression
 * that is one phrase, its first phrase NOT the others ORed, or (with
 * defcon_ranker_walk_any) any of its phrases; offers the rows it matches
 * but those the ranker leaves out (defcon_ranker_leave_out) to the ranker
 * in rowid order, and returns NULL.
 * - NOT: gathers the rows holding the others (each in FTS5's loop,
 *   xQueryPhrase), then walks those of the first, past them. Those rows
 *   are scored on the first phrase alone, as they hold no other; its idf
 *   counted first when not known, as a row at a time would (one phrase
 *   alone defers it: query_stats_of).
 * - Any: walk_any. Every idf is counted first when not known. */
static void walk_function(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context,
                          int argument_count, sqlite3_value **arguments)
{
    walk w;
    query_stats *stats = NULL, first;
    int rc, i, phrases = api->xPhraseCount(fts), any;

    memset(&w, 0, sizeof w);
    w.ranker = ranker_argument(context, argument_count, arguments, DEFCON_WALK_FUNCTION);
    if (!w.ranker)
        return;
    any = phrases > 1 && w.ranker->walks_any;
    if (any && !w.ranker->length_of) {
        sqlite3_result_error(context, DEFCON_WALK_FUNCTION " of several phrases needs a "
                             "ranker by bound", -1);
        return;
    }
    rc = query_stats_of(api, fts, w.ranker, &stats);
    for (i = 1; rc == SQLITE_OK && !any && i < phrases; i++)
        rc = api->xQueryPhrase(fts, i, &w, exclude_row);
    for (i = 0; rc == SQLITE_OK && (size_t)i < w.ranker->left_out_count; i++)
        rc = exclude(&w, w.ranker->left_out[i]);
    /* Each phrase's rows come ascending */
    if (rc == SQLITE_OK && ((!any && phrases > 2) || w.ranker->left_out_count > 0))
        qsort(w.excluded, w.excluded_count, sizeof *w.excluded, compare_rowids);
    if (rc == SQLITE_OK && any) {
        w.stats = stats;
        rc = walk_any(api, fts, &w);
    } else {
        if (rc == SQLITE_OK && phrases > 1 && stats->idf[0] == NOT_COUNTED)
            rc = count_phrase(api, fts, w.ranker, stats, 0);
        if (rc == SQLITE_OK && phrases > 1) {   /* the first phrase alone */
            first = *stats;
            first.phrases = 1;
            first.order = NULL;
            first.rest = NULL;
            w.stats = &first;
        } else {
            w.stats = stats;
        }
        if (rc == SQLITE_OK)
            rc = api->xQueryPhrase(fts, 0, &w, walk_row);
    }
    free(w.excluded);
    free(w.held);
    free(w.listed);
    if (rc != SQLITE_OK)
        rank_failed(context, rc, w.message);
    else
        sqlite3_result_null(context);
}

void defcon_ranker_walk_any(defcon_ranker *ranker)
{
    ranker->walks_any = 1;
}

int defcon_ranker_leave_out(defcon_ranker *ranker, const long long *rowids, size_t count)
{
    long long *copy = count > 0 ? malloc(count * sizeof *copy) : NULL;

    if (count > 0 && !copy)
        return -1;
    if (count > 0)
        memcpy(copy, rowids, count * sizeof *copy);
    free(ranker->left_out);
    ranker->left_out = copy;
    ranker->left_out_count = count;
    return 0;
}

int defcon_ranker_merge(defcon_ranker *into, defcon_ranker *part)
{
    size_t i;

    for (i = 0; i < part->count && !into->story_failed; i++)
        ranker_offer(into, part->heap[i].rowid, part->heap[i].score, part->heap[i].matched);
    into->scored += part->scored;
    into->skipped += part->skipped;
    into->counted += part->counted;
    into->dropped += part->dropped;
    into->walked += part->walked;
    into->candidates += part->candidates;
    /* A range without matches never met the statement's statistics */
    into->deferred |= part->deferred;
    if (part->rows > into->rows)
        into->rows = part->rows;
    into->length_failed |= part->length_failed;
    into->story_failed |= part->story_failed;
    into->rowids_failed |= part->rowids_failed;
    if (into->keeps_rowids && part->rowid_count > 0) {
        size_t need = into->rowid_count + part->rowid_count;
        long long *grown = need > into->rowid_capacity
                               ? realloc(into->rowids, need * sizeof *grown) : into->rowids;
        if (!grown) {
            into->rowids_failed = 1;
        } else {
            memcpy(grown + into->rowid_count, part->rowids,
                   part->rowid_count * sizeof *grown);
            into->rowids = grown;
            into->rowid_count = need;
            if (need > into->rowid_capacity)
                into->rowid_capacity = need;
        }
    }
    return into->story_failed || into->length_failed ? -1 : 0;
}

void defcon_ranker_fold_stories(defcon_ranker *ranker, defcon_story_fn story_of, void *context)
{
    ranker->story_of = story_of;
    ranker->story_context = context;
}

int defcon_rank_register(sqlite3 *db)
{
    fts5_api *api = defcon_fts5_api(db);

    if (!api)
        return SQLITE_ERROR;
    if (api->xCreateFunction(api, DEFCON_RANK_FUNCTION, NULL, rank_function, NULL) != SQLITE_OK)
        return SQLITE_ERROR;
    return api->xCreateFunction(api, DEFCON_WALK_FUNCTION, NULL, walk_function, NULL);
}

int defcon_ranker_prefer_all(defcon_ranker *ranker, const unsigned long long *groups, int count)
{
    unsigned long long *copy = NULL;

    if (count > 0) {
        copy = malloc((size_t)count * sizeof *copy);
        if (!copy)
            return -1;
        memcpy(copy, groups, (size_t)count * sizeof *copy);
    }
    free(ranker->groups);
    ranker->groups = copy;
    ranker->group_count = count;
    return 0;
}

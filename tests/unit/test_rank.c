/*
 * test_rank.c - the top-k ranker (rank.h) gives exactly FTS5's ORDER BY
 * rank, and skips the rows that cannot make the top.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "check.h"
#include "rank.h"
#include "tokenizer.h"

static const char *const words[] = {"oil", "price", "talks", "nuclear", "iran", "summit",
                                    "minister", "said", "trade", "deal", "missile", "border"};

static unsigned long next_random(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

/* A document of `n` words, skewed towards the first words of the list. */
static void make_text(unsigned long *state, int n, char *out, size_t size)
{
    size_t len = 0;
    int i;

    out[0] = '\0';
    for (i = 0; i < n; i++) {
        unsigned long r = next_random(state) % 100;
        const char *w = words[r < 30 ? 7 : r < 45 ? 0 : r % 12];
        len += (size_t)snprintf(out + len, size - len, "%s%s", i ? " " : "", w);
        if (len >= size - 16)
            break;
    }
}

static sqlite3_stmt *docsize;   /* t_docsize by id, for the length function */
static long lengths_read;

/* The length function of rank.h over t: the sum of the varints of the
 * row's t_docsize blob. */
static int row_length(void *context, long long rowid, int *tokens)
{
    const unsigned char *blob;
    int size, at = 0, sum = 0, value = 0;

    (void)context;
    lengths_read++;
    sqlite3_bind_int64(docsize, 1, rowid);
    if (sqlite3_step(docsize) != SQLITE_ROW) {
        sqlite3_reset(docsize);
        return -1;
    }
    blob = sqlite3_column_blob(docsize, 0);
    size = sqlite3_column_bytes(docsize, 0);
    while (at < size) {   /* the sizes here are far below 2^56 */
        value = (value << 7) | (blob[at] & 0x7f);
        if (!(blob[at++] & 0x80)) {
            sum += value;
            value = 0;
        }
    }
    sqlite3_reset(docsize);
    *tokens = sum;
    return 0;
}

/* Offers every row matching `match` to `ranker` (defcon_bm25 in the
 * statement); with `by_bound`, ranks by bound (lengths from row_length)
 * and then scores the rows set aside. */
static void rank_match(sqlite3 *db, const char *match, defcon_ranker *ranker, int by_bound)
{
    sqlite3_stmt *stmt = NULL;

    if (by_bound)
        defcon_ranker_by_bound(ranker, row_length, NULL);
    CHECK(sqlite3_prepare_v2(db, "SELECT " DEFCON_RANK_FUNCTION "(t, ?2) FROM t WHERE t MATCH ?1",
                             -1, &stmt, NULL) == SQLITE_OK);
    sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_pointer(stmt, 2, ranker, DEFCON_RANK_POINTER, NULL);
    while (sqlite3_step(stmt) == SQLITE_ROW)
        ;
    CHECK(sqlite3_finalize(stmt) == SQLITE_OK);
    if (by_bound)
        CHECK(defcon_ranker_finish(ranker) == 0);
}

/* Set by compare_one: rows scored in full by the last ranking. */
static long last_scored, last_dropped;

/* Ranks `match` with the ranker, told (`whole`) or not that it sees every
 * match and given `known` row counts of its phrases or not, and checks the
 * result against FTS5's ORDER BY rank. `passes` is how many phrases the
 * ranker must count the rows of for their idf. */
static void compare_one(sqlite3 *db, const char *match, size_t k, int expect_skips, int whole,
                        const long long *known, int known_count, long passes, int by_bound)
{
    const double weights[3] = {10.0, 1.0, 0.0};
    defcon_ranker *ranker = defcon_ranker_new(k, weights, 3);
    sqlite3_stmt *stmt = NULL;
    long long *rowids = calloc(k, sizeof *rowids);
    double *scores = calloc(k, sizeof *scores);
    size_t n, i;
    long scored, skipped, counted;

    CHECK(ranker && rowids && scores);
    if (!ranker || !rowids || !scores)
        return;
    if (whole)
        defcon_ranker_sees_every_match(ranker);
    if (known_count)
        CHECK(defcon_ranker_known_rows(ranker, known, known_count) == 0);
    rank_match(db, match, ranker, by_bound);
    n = defcon_ranker_results(ranker, rowids, scores);

    CHECK(sqlite3_prepare_v2(db, "SELECT rowid, -rank FROM t WHERE t MATCH ?1"
                                 " ORDER BY rank, rowid LIMIT ?2", -1, &stmt, NULL) == SQLITE_OK);
    sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, (sqlite3_int64)k);
    for (i = 0; sqlite3_step(stmt) == SQLITE_ROW; i++) {
        CHECK(i < n);
        if (i >= n)
            break;
        CHECK_LONG(rowids[i], sqlite3_column_int64(stmt, 0));
        CHECK(fabs(scores[i] - sqlite3_column_double(stmt, 1)) < 1e-9);
    }
    CHECK_LONG(i, n);
    sqlite3_finalize(stmt);
    defcon_ranker_counts(ranker, &scored, &skipped, &counted);
    if (expect_skips)
        CHECK(skipped > 0);   /* rows set aside without their length */
    if (expect_skips)
        printf("%s: %ld scored, %ld skipped\n", match, scored, skipped);
    if (counted != passes)
        printf("%s (whole %d, known %d): %ld phrases counted, expected %ld\n", match, whole,
               known_count, counted, passes);
    CHECK_LONG(counted, passes);
    last_scored = scored;
    last_dropped = defcon_ranker_dropped(ranker);
    defcon_ranker_free(ranker);
    free(rowids);
    free(scores);
}

/* Rows of t whose title or body holds `phrase`: what the terms table
 * holds for a one-term phrase. */
static long long rows_holding(sqlite3 *db, const char *phrase)
{
    char match[128];
    sqlite3_stmt *stmt = NULL;
    long long n = -1;

    snprintf(match, sizeof match, "{title body} : \"%s\"", phrase);
    CHECK(sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &stmt, NULL)
          == SQLITE_OK);
    sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW)
        n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return n;
}

/* `phrases`: the phrases of `match` that score (not only in countries);
 * `terms`: its phrases in order, NULL for one the terms table cannot
 * know (several words, a country), or no list at all. */
static void compare(sqlite3 *db, const char *match, size_t k, int expect_skips, long phrases,
                    const char *const *terms, int term_count)
{
    long long known[8];
    long unknown = 0;
    long in_order = 0;
    int i, by_bound;

    for (by_bound = 0; by_bound <= 1; by_bound++) {
        compare_one(db, match, k, expect_skips, 0, NULL, 0, phrases, by_bound);
        /* A lone phrase's idf then comes from the rows the ranker sees. */
        compare_one(db, match, k, expect_skips, 1, NULL, 0,
                    phrases == 1 && !strchr(match, ':') ? 0 : phrases, by_bound);
        if (!by_bound)
            in_order = last_scored;
        else   /* best bound first: never more lengths read than in order */
            CHECK(last_scored <= in_order);
        if (!terms)
            continue;
        /* Known row counts: only the phrases without one are counted. */
        unknown = 0;
        for (i = 0; i < term_count; i++) {
            known[i] = terms[i] ? rows_holding(db, terms[i]) : -1;
            unknown += !terms[i] && !(strchr(match, ':') && i == term_count - 1);
        }
        compare_one(db, match, k, expect_skips, 0, known, term_count, unknown, by_bound);
    }
}

/* Best match: with a group a word, the rows holding every word come
 * first, each part in FTS5's order; with known counts most rows are
 * dropped before all their words are read, and the top is the same. */
static void compare_groups(sqlite3 *db, const char *const *group_words, int count, size_t k,
                           int by_bound)
{
    const double weights[3] = {10.0, 1.0, 0.0};
    defcon_ranker *ranker = defcon_ranker_new(k, weights, 3);
    unsigned long long groups[8];
    long long known[8], *rowids = calloc(k, sizeof *rowids);
    double *scores = calloc(k, sizeof *scores);
    char any[256] = "", all[256] = "";
    sqlite3_stmt *stmt = NULL;
    size_t n, i;
    int w;

    CHECK(ranker && rowids && scores && count <= 8);
    if (!ranker || !rowids || !scores || count > 8)
        return;
    for (w = 0; w < count; w++) {
        snprintf(any + strlen(any), sizeof any - strlen(any), "%s%s", w ? " OR " : "", group_words[w]);
        snprintf(all + strlen(all), sizeof all - strlen(all), "%s%s", w ? " AND " : "", group_words[w]);
        groups[w] = 1ULL << w;
        known[w] = rows_holding(db, group_words[w]);
    }
    CHECK(defcon_ranker_prefer_all(ranker, groups, count) == 0);
    CHECK(defcon_ranker_known_rows(ranker, known, count) == 0);
    rank_match(db, any, ranker, by_bound);
    n = defcon_ranker_results(ranker, rowids, scores);
    CHECK(sqlite3_prepare_v2(db, "SELECT rowid, -rank, rowid IN (SELECT rowid FROM t WHERE t MATCH"
                                 " ?2) AS whole FROM t WHERE t MATCH ?1"
                                 " ORDER BY whole DESC, rank, rowid LIMIT ?3", -1, &stmt, NULL)
          == SQLITE_OK);
    sqlite3_bind_text(stmt, 1, any, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, all, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, (sqlite3_int64)k);
    /* The bonus, added and taken off again, blurs scores below 1e-9:
     * rows whose scores differ by less may come in either order. */
    for (i = 0; sqlite3_step(stmt) == SQLITE_ROW && i < n; i++) {
        double want = sqlite3_column_double(stmt, 1);
        CHECK(fabs(scores[i] - want) < 1e-9);
        if (rowids[i] != sqlite3_column_int64(stmt, 0))
            CHECK((i > 0 && fabs(scores[i - 1] - want) < 1e-9)
                  || (i + 1 < n && fabs(scores[i + 1] - want) < 1e-9));
    }
    CHECK_LONG(i, n);
    CHECK_LONG(n, k);
    sqlite3_finalize(stmt);
    printf("%s, groups: %ld rows dropped early (by bound %d)\n", any,
           defcon_ranker_dropped(ranker), by_bound);
    CHECK(defcon_ranker_dropped(ranker) > 0);
    defcon_ranker_free(ranker);
    free(rowids);
    free(scores);
}

/* Stories for the folding test: a hundred consecutive rowids a story. */
static int story_of_hundred(void *context, long long rowid, long long *story)
{
    (*(long *)context)++;
    *story = rowid / 100;
    return 0;
}

/* With stories, the ranker keeps the best-ranked row of each of the k best
 * stories: FTS5's order with each story's later rows left out. Returns
 * how many rows of FTS5's order were so left out. */
static long compare_folded(sqlite3 *db, const char *match, size_t k, int by_bound)
{
    const double weights[3] = {10.0, 1.0, 0.0};
    defcon_ranker *ranker = defcon_ranker_new(k, weights, 3);
    sqlite3_stmt *stmt = NULL;
    long long rowids[16], seen[16];
    double scores[16];
    size_t n, i = 0, kept = 0, j;
    long asked = 0, folded = 0;

    CHECK(ranker != NULL && k <= 16);
    defcon_ranker_fold_stories(ranker, story_of_hundred, &asked);
    rank_match(db, match, ranker, by_bound);
    n = defcon_ranker_results(ranker, rowids, scores);
    CHECK_LONG(n, k);
    sqlite3_prepare_v2(db, "SELECT rowid, -rank FROM t WHERE t MATCH ?1 ORDER BY rank, rowid", -1,
                       &stmt, NULL);
    sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
    while (kept < k && sqlite3_step(stmt) == SQLITE_ROW) {
        long long rowid = sqlite3_column_int64(stmt, 0);
        for (j = 0; j < kept && seen[j] != rowid / 100; j++)
            ;
        if (j < kept) {
            folded++;   /* a later row of a story already kept */
            continue;
        }
        seen[kept++] = rowid / 100;
        CHECK_LONG(rowids[i], rowid);
        CHECK(fabs(scores[i] - sqlite3_column_double(stmt, 1)) < 1e-9);
        i++;
    }
    sqlite3_finalize(stmt);
    CHECK_LONG(i, k);
    CHECK(asked > 0 && asked < 3000);   /* asked only for rows entering the top */
    defcon_ranker_free(ranker);
    return folded;
}

static const char *const said[] = {"said"}, *const oil[] = {"oil"},
                         *const oil_price[] = {"oil", "price"}, *const two_words[] = {NULL},
                         *const iran_summit[] = {"iran", "summit"},
                         *const said_ru[] = {"said", NULL}, *const border[] = {"border"};

int main(void)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *insert = NULL;
    unsigned long state = 42;
    char title[256], body[4096];
    int i;

    CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
    CHECK(defcon_tokenizer_register(db, NULL) == SQLITE_OK);
    CHECK(defcon_rank_register(db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(title, body, countries,"
                           " tokenize='" DEFCON_TOKENIZER_NAME "');"
                           "INSERT INTO t(t, rank) VALUES('rank', 'bm25(10.0, 1.0, 0.0)');",
                       NULL, NULL, NULL) == SQLITE_OK);
    CHECK(sqlite3_prepare_v2(db, "INSERT INTO t(title, body, countries) VALUES(?1, ?2, ?3)", -1,
                             &insert, NULL) == SQLITE_OK);
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    for (i = 0; i < 3000; i++) {
        make_text(&state, 2 + (int)(next_random(&state) % 8), title, sizeof title);
        make_text(&state, 5 + (int)(next_random(&state) % 300), body, sizeof body);
        sqlite3_bind_text(insert, 1, title, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 2, body, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 3, i % 3 ? "IR" : "RU IR", -1, SQLITE_STATIC);
        sqlite3_step(insert);
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    CHECK(sqlite3_prepare_v2(db, "SELECT sz FROM t_docsize WHERE id = ?1", -1, &docsize, NULL)
          == SQLITE_OK);
    /* FTS5 reads "said" through our tokenizer (stemmed): the terms are the
     * stems, as the terms table holds them. */

    compare(db, "said", 10, 1, 1, said, 1);      /* a word in nearly every row */
    compare(db, "oil", 25, 1, 1, oil, 1);
    compare(db, "oil price", 10, 0, 2, oil_price, 2);
    compare(db, "\"nuclear talks\"", 10, 0, 1, two_words, 1);
    compare(db, "iran OR summit", 10, 0, 2, iran_summit, 2);
    /* The country filter's phrase only matches a column of weight 0. */
    compare(db, "{title body} : (said) AND {countries} : (\"ru\")", 10, 0, 1, said_ru, 2);
    compare(db, "said", 1, 1, 1, NULL, 0);
    compare(db, "border", 3000, 0, 1, border, 1);   /* k above the matches: all of them */
    CHECK(compare_folded(db, "said", 10, 0) + compare_folded(db, "oil price", 16, 0) > 0);
    CHECK(compare_folded(db, "said", 10, 1) + compare_folded(db, "oil price", 16, 1) > 0);
    /* Best bound first reads fewer lengths where many rows match once. */
    lengths_read = 0;
    compare_one(db, "said", 10, 1, 0, NULL, 0, 1, 1);
    {
        long by_bound = lengths_read;
        lengths_read = 0;
        compare_one(db, "said", 10, 1, 0, NULL, 0, 1, 0);
        printf("said: %ld lengths read best bound first, %ld rows scored in order\n",
               by_bound, last_scored);
        CHECK(by_bound < last_scored);
        /* A row is at least as long as its last match: a bound on that
         * length rules most of the 3,000 rows out without reading theirs
         * (2,513 read without it, 2,559 scored in order). */
        CHECK(by_bound < 300 && last_scored < 300);
    }

    /* With known counts, an OR of words reads the rarest first and drops
     * most rows before reading the common ones, in both modes. */
    {
        const char *const five[] = {"missile", "border", "summit", "oil", "said"};
        long long known[5];
        int w, by_bound;
        for (w = 0; w < 5; w++)
            known[w] = rows_holding(db, five[w]);
        for (by_bound = 0; by_bound <= 1; by_bound++) {
            compare_one(db, "missile OR border OR summit OR oil OR said", 10, 1, 0, known, 5, 0,
                        by_bound);
            printf("5 words ORed: %ld rows dropped early (by bound %d)\n", last_dropped, by_bound);
            CHECK(last_dropped > 300);   /* of 3,000 rows */
        }
        compare_one(db, "missile OR border OR summit OR oil OR said", 10, 1, 0, NULL, 0, 5, 1);
        CHECK_LONG(last_dropped, 0);   /* unknown counts: every phrase read */
    }

    {
        const char *const words3[] = {"missile", "border", "said"};
        const char *const words2[] = {"summit", "deal"};
        int by_bound;
        for (by_bound = 0; by_bound <= 1; by_bound++) {
            compare_groups(db, words3, 3, 10, by_bound);
            compare_groups(db, words2, 2, 25, by_bound);
        }
    }

    /* Known counts are used as given, and only when they fit the query. */
    {
        const double weights[3] = {10.0, 1.0, 0.0};
        const long long wrong[2] = {1, 1}, too_few[1] = {1};
        long long rowids[1];
        double right_score = 0, scores[1];
        long scored, skipped, counted;
        int round;
        for (round = 0; round < 3; round++) {
            defcon_ranker *ranker = defcon_ranker_new(1, weights, 3);
            if (round == 1)
                defcon_ranker_known_rows(ranker, wrong, 2);
            if (round == 2)
                defcon_ranker_known_rows(ranker, too_few, 1);
            rank_match(db, "oil price", ranker, 0);
            CHECK(defcon_ranker_results(ranker, rowids, scores) == 1);
            defcon_ranker_counts(ranker, &scored, &skipped, &counted);
            if (round == 0)
                right_score = scores[0];
            if (round == 1)
                CHECK(scores[0] > right_score + 1.0 && counted == 0);
            if (round == 2)   /* two phrases, one count: ignored */
                CHECK(fabs(scores[0] - right_score) < 1e-9 && counted == 2);
            defcon_ranker_free(ranker);
        }
    }
    CHECK(defcon_ranker_new(0, NULL, 0) == NULL);
    sqlite3_finalize(docsize);
    sqlite3_close(db);
    return check_finish();
}

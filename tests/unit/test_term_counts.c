/*
 * test_terms.c - the article counts of terms (src/index/term_counts.c): counted once
 * an article, merged, stored in blocks through many flushes of additions
 * and removals, and read back exactly as a plain reference count says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "check.h"
#include "term_counts.h"
#include "tokenizer.h"

#define VOCABULARY 3000
#define ARTICLES 400

static long reference[VOCABULARY];

static unsigned long next_random(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

/* Term i of the vocabulary: distinct strings of 1 to 12 bytes that sort
 * in no particular relation to i, some sharing prefixes. */
static void term_name(int i, char out[24])
{
    static const char letters[] = "etaoinshrdlucmfw";
    int n = 0, v = i * 7919 % 65521;

    out[n++] = letters[i % 16];
    while (v > 0 && n < 12) {
        out[n++] = letters[v % 16];
        v /= 16;
    }
    snprintf(out + n, 24 - (size_t)n, "%d", i / 4096);
}

static void add_token(defcon_tokens *tokens, const char *term)
{
    CHECK(defcon_tokens_add(tokens, term, (int)strlen(term), 0, 0) == SQLITE_OK);
}

/* An article: a title and a body of Zipf-like terms with repeats; `mark`
 * gets 1 for each term it holds. */
static void make_article(unsigned long *state, defcon_tokens *title, defcon_tokens *body,
                         char *mark)
{
    char name[24];
    int i, n = 1 + (int)(next_random(state) % 60);

    defcon_tokens_reset(title);
    defcon_tokens_reset(body);
    memset(mark, 0, VOCABULARY);
    for (i = 0; i < n; i++) {
        int t = (int)(next_random(state) % VOCABULARY);
        t = (t * t / VOCABULARY * (int)(next_random(state) % 2) + (int)(next_random(state) % 7))
            % VOCABULARY;
        term_name(t, name);
        add_token(i < 4 ? title : body, name);
        mark[t] = 1;
    }
}

typedef struct seen {
    long terms, wrong;
} seen;

static int compare_with_reference(void *context, const char *term, size_t len, long long articles)
{
    seen *s = context;
    char name[24];
    int i;

    s->terms++;
    for (i = 0; i < VOCABULARY; i++) {
        term_name(i, name);
        if (strlen(name) == len && memcmp(name, term, len) == 0)
            break;
    }
    if (i == VOCABULARY || reference[i] != articles) {
        printf("term %.*s: stored %lld, expected %ld\n", (int)len, term, articles,
               i < VOCABULARY ? reference[i] : -1L);
        s->wrong++;
    }
    return 0;
}

/* A range's visits: the terms in [low, high) with their counts, in order. */
typedef struct ranged {
    seen counts;
    const char *low, *high;
    char last[24];
    long out_of_order;
} ranged;

static int check_in_range(void *context, const char *term, size_t len, long long articles)
{
    ranged *r = context;
    char name[24];

    snprintf(name, sizeof name, "%.*s", (int)len, term);
    if ((r->low && strcmp(name, r->low) < 0) || (r->high && strcmp(name, r->high) >= 0)
        || (r->last[0] && strcmp(name, r->last) <= 0))
        r->out_of_order++;
    snprintf(r->last, sizeof r->last, "%s", name);
    return compare_with_reference(&r->counts, term, len, articles);
}

/* defcon_terms_range visits exactly the terms held between low and high. */
static void check_range(sqlite3 *db, const char *low, const char *high)
{
    ranged r;
    long expected = 0;
    char name[24];
    int i;

    memset(&r, 0, sizeof r);
    r.low = low;
    r.high = high;
    CHECK(defcon_terms_range(db, low, low ? strlen(low) : 0, high, high ? strlen(high) : 0,
                             check_in_range, &r) == SQLITE_OK);
    for (i = 0; i < VOCABULARY; i++) {
        term_name(i, name);
        expected += reference[i] > 0 && (!low || strcmp(name, low) >= 0)
                    && (!high || strcmp(name, high) < 0);
    }
    CHECK_LONG(r.counts.terms, expected);
    CHECK_LONG(r.counts.wrong, 0);
    CHECK_LONG(r.out_of_order, 0);
}

static void check_table(sqlite3 *db)
{
    seen s = {0, 0};
    long expected = 0;
    sqlite3_stmt *lookup = NULL;
    char name[24];
    int i;

    CHECK(defcon_terms_each(db, compare_with_reference, &s) == SQLITE_OK);
    for (i = 0; i < VOCABULARY; i++)
        expected += reference[i] > 0;
    CHECK_LONG(s.terms, expected);
    CHECK_LONG(s.wrong, 0);
    check_range(db, "e", "f");          /* the terms of one first letter */
    check_range(db, "ia", "it");
    check_range(db, "s", NULL);
    check_range(db, NULL, "d");
    check_range(db, "oa1", "oa10");     /* maybe none */
    check_range(db, "zz", NULL);        /* past the last term */
    for (i = 0; i < VOCABULARY; i += 37) {
        long long articles = -1;
        term_name(i, name);
        CHECK(defcon_terms_lookup(db, &lookup, name, strlen(name), &articles) == SQLITE_OK);
        CHECK_LONG(articles, reference[i]);
    }
    sqlite3_finalize(lookup);
}

int main(void)
{
    sqlite3 *db = NULL;
    defcon_term_writer *term_writer = NULL;
    defcon_term_counts *worker = defcon_term_counts_new(), *writer = defcon_term_counts_new();
    defcon_tokens title = {NULL, 0, 0, DEFCON_BUFFER_INIT}, body = {NULL, 0, 0, DEFCON_BUFFER_INIT};
    unsigned long state = 7, replay;
    char *mark = malloc(VOCABULARY);
    long long articles = -1;
    sqlite3_stmt *lookup = NULL, *blocks = NULL;
    int round, a, i;

    CHECK(worker && writer && mark);
    CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
    CHECK(defcon_term_writer_new(db, &term_writer) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "CREATE TABLE terms(first TEXT PRIMARY KEY, counts BLOB NOT NULL)"
                           " WITHOUT ROWID", NULL, NULL, NULL) == SQLITE_OK);

    /* One article: a term counts once however often it occurs. */
    make_article(&state, &title, &body, mark);
    add_token(&title, "iran");
    add_token(&body, "iran");
    add_token(&body, "iran");
    {
        const defcon_tokens *lists[2] = {&title, &body};
        CHECK(defcon_term_counts_add_article(worker, lists, 2, +1) == 0);
        CHECK(defcon_term_counts_add_article(worker, lists, 2, +1) == 0);
    }
    CHECK(defcon_term_writer_store(term_writer, worker) == SQLITE_OK);
    CHECK_LONG(defcon_term_counts_size(worker), 0);
    CHECK(defcon_terms_lookup(db, &lookup, "iran", 4, &articles) == SQLITE_OK);
    CHECK_LONG(articles, 2);
    CHECK(defcon_terms_lookup(db, &lookup, "irak", 4, &articles) == SQLITE_OK);
    CHECK_LONG(articles, 0);
    CHECK(defcon_terms_lookup(db, &lookup, "", 0, &articles) == SQLITE_OK);
    CHECK_LONG(articles, 0);
    sqlite3_exec(db, "DELETE FROM terms", NULL, NULL, NULL);

    /* Rounds of articles added, then some removed again (the same
     * articles, replayed from the same seed), each round flushed through
     * a merge as the indexer does: blocks split, shrink and vanish. */
    for (round = 0; round < 6; round++) {
        unsigned long start = state;
        for (a = 0; a < ARTICLES; a++) {
            const defcon_tokens *lists[2] = {&title, &body};
            make_article(&state, &title, &body, mark);
            CHECK(defcon_term_counts_add_article(worker, lists, 2, +1) == 0);
            for (i = 0; i < VOCABULARY; i++)
                reference[i] += mark[i];
        }
        /* Take back the first half of the round's articles but in the
         * last round, which takes back everything. */
        replay = start;
        for (a = 0; a < (round == 5 ? ARTICLES : ARTICLES / 2); a++) {
            const defcon_tokens *lists[2] = {&title, &body};
            make_article(&replay, &title, &body, mark);
            CHECK(defcon_term_counts_add_article(writer, lists, 2, -1) == 0);
            for (i = 0; i < VOCABULARY; i++)
                reference[i] -= mark[i];
        }
        CHECK(defcon_term_counts_merge(writer, worker) == 0);
        CHECK_LONG(defcon_term_counts_size(worker), 0);
        CHECK(defcon_term_writer_store(term_writer, writer) == SQLITE_OK);
        check_table(db);
    }
    /* Blocks hold up to 128 terms: thousands of terms took many rows. */
    CHECK(sqlite3_prepare_v2(db, "SELECT count(*) FROM terms", -1, &blocks, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(blocks) == SQLITE_ROW);
    CHECK(sqlite3_column_int(blocks, 0) > 5);
    sqlite3_finalize(blocks);

    /* Blocks stay full through many flushes of new terms spread over the
     * whole range (as a growing archive brings them): a block grown past
     * 128 terms becomes two halves, so blocks average 64 terms or more. */
    sqlite3_exec(db, "DELETE FROM terms", NULL, NULL, NULL);
    for (round = 0; round < 20; round++) {
        const defcon_tokens *lists[2] = {&title, &body};
        char name[24];
        defcon_tokens_reset(&title);
        defcon_tokens_reset(&body);
        for (i = round; i < VOCABULARY; i += 20) {
            term_name(i, name);
            add_token(&body, name);
        }
        CHECK(defcon_term_counts_add_article(writer, lists, 2, +1) == 0);
        CHECK(defcon_term_writer_store(term_writer, writer) == SQLITE_OK);
    }
    CHECK(sqlite3_prepare_v2(db, "SELECT count(*) FROM terms", -1, &blocks, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(blocks) == SQLITE_ROW);
    fprintf(stderr, "%d terms in %d blocks\n", VOCABULARY, sqlite3_column_int(blocks, 0));
    CHECK(sqlite3_column_int(blocks, 0) * 64 <= VOCABULARY);
    sqlite3_finalize(blocks);

    /* A damaged block is reported, not read past. */
    CHECK(sqlite3_exec(db, "UPDATE terms SET counts = x'6f696c' WHERE first ="
                           " (SELECT min(first) FROM terms)", NULL, NULL, NULL) == SQLITE_OK);
    {
        seen s = {0, 0};
        CHECK(defcon_terms_each(db, compare_with_reference, &s) == SQLITE_CORRUPT);
    }

    defcon_term_writer_free(term_writer);
    defcon_term_writer_free(NULL);
    sqlite3_finalize(lookup);
    sqlite3_close(db);
    defcon_term_counts_free(worker);
    defcon_term_counts_free(writer);
    defcon_term_counts_free(NULL);
    defcon_tokens_free(&title);
    defcon_tokens_free(&body);
    free(mark);
    return check_finish();
}

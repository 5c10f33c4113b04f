/*
 * copies.c - how copies fold on a real wire archive.
 *
 *   copies [--sample FILE] [--seed N] [--pairs N] [--show ID]... CORPUS
 *
 * CORPUS is the Reuters-21578 folder in the archive's format (articles/;
 * see its README). Every article is parsed with defcon_article_parse() as
 * the indexer does, its title and body tokenized by the defcon tokenizer,
 * fingerprinted (fingerprint.h) and filed in path order into the copy
 * groups of one run (copies.h), exactly as an indexing run would.
 *
 * Printed: how many articles, how many fold into another's story (by
 * reason), how many stories, the largest groups, the story of each --show
 * ID, the CPU time of tokenizing (which the indexer does anyway),
 * fingerprinting and filing, and the memory of the copy groups. --store
 * files the articles again through the index's copy store into a fresh
 * database DB, in two runs, and checks every story against memory's.
 * --sample writes N
 * (default 100) folded pairs, each an article and the first article of
 * its story, drawn with a seeded generator (--seed, default 1987), with
 * titles, dates and the first lines of both bodies, for a person to judge.
 *
 * Exit status: 0 on success, 2 on a usage error or when the corpus cannot
 * be read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "article.h"
#include "copies.h"
#include "copy_store.h"
#include "corpus.h"
#include "fingerprint.h"
#include "tokenizer.h"

#define MAX_FILE_BYTES (64u << 20)
#define MAX_SHOWN 16
#define LEAD_BYTES 400

typedef struct item {
    char *id, *title, *date, *lead;
    int64_t story;
    defcon_copy_reason reason;
    int distance;            /* of body SimHashes to the story's first article */
} item;

typedef struct run {
    item *items;
    size_t count;
    defcon_copies *copies;
    defcon_fingerprint *fingerprints;
    defcon_tokenizer *tokenizer;
    defcon_tokens title, body;
    double tokenizing, fingerprinting, filing;   /* CPU seconds */
} run;

static void usage(FILE *out)
{
    fputs("usage: copies [--sample FILE] [--seed N] [--pairs N] [--show ID]... [--store DB] CORPUS\n",
          out);
}

static char *copy_lead(const char *body)
{
    size_t n = strlen(body);
    char *lead;

    if (n > LEAD_BYTES)
        n = LEAD_BYTES;
    while (n > 0 && n < strlen(body) && ((unsigned char)body[n] & 0xc0) == 0x80)
        n--;   /* never cut a UTF-8 sequence */
    lead = malloc(n + 1);
    if (lead) {
        memcpy(lead, body, n);
        lead[n] = '\0';
    }
    return lead;
}

/* Parses, fingerprints and files one article; returns 0, or -1 when it
 * cannot be read or parsed (reported). */
static int file_article(run *r, const char *root, const char *path)
{
    char *data = NULL, error[512], date[11];
    size_t len;
    defcon_article a;
    item *it = &r->items[r->count];
    defcon_fingerprint *fp = &r->fingerprints[r->count];
    clock_t start, tokenized, fingerprinted;
    int rc = 0;

    if (defcon_corpus_read(root, path, MAX_FILE_BYTES, &data, &len, error, sizeof error) != 0
        || defcon_article_parse(path, data, len, &a, error, sizeof error) != 0) {
        fprintf(stderr, "copies: %s: %s\n", path, error);
        free(data);
        return -1;
    }
    start = clock();
    defcon_tokens_reset(&r->title);
    defcon_tokens_reset(&r->body);
    if (defcon_tokenizer_run(r->tokenizer, a.title, strlen(a.title), &r->title, NULL, NULL)
            != SQLITE_OK
        || defcon_tokenizer_run(r->tokenizer, a.body, a.body_len, &r->body, NULL, NULL)
            != SQLITE_OK)
        rc = -1;
    tokenized = clock();
    defcon_fingerprint_compute(&r->title, &r->body, a.body, a.body_len, &a.date, fp);
    fingerprinted = clock();
    if (rc == 0 && defcon_copies_add(r->copies, (int64_t)r->count, fp, &it->story,
                                     &it->reason) != 0)
        rc = -1;
    r->tokenizing += (double)(tokenized - start) / CLOCKS_PER_SEC;
    r->fingerprinting += (double)(fingerprinted - tokenized) / CLOCKS_PER_SEC;
    r->filing += (double)(clock() - fingerprinted) / CLOCKS_PER_SEC;
    if (rc == 0) {
        it->id = strdup(a.id ? a.id : path);
        it->title = strdup(a.title);
        it->date = strdup(defcon_date_format(&a.date, date));
        it->lead = copy_lead(a.body);
        it->distance = defcon_fingerprint_distance(fp->body, r->fingerprints[it->story].body);
        r->count++;
    } else {
        fprintf(stderr, "copies: %s: out of memory or tokenizer failure\n", path);
    }
    defcon_article_clear(&a);
    free(data);
    return rc;
}

static const char *reason_name(defcon_copy_reason reason)
{
    return reason == DEFCON_COPY_TEXT         ? "text"
           : reason == DEFCON_COPY_HEADLINE   ? "headline"
           : reason == DEFCON_COPY_PARAGRAPHS ? "paragraphs"
                                              : "none";
}

static int by_size_desc(const void *a, const void *b)
{
    const long *x = a, *y = b;
    return (x[1] < y[1]) - (x[1] > y[1]);
}

static void print_summary(const run *r)
{
    long folded = 0, by_text = 0, by_paragraphs = 0, by_headline = 0, groups = 0, multi = 0;
    long *sizes = calloc(r->count ? r->count : 1, sizeof *sizes);
    long (*order)[2] = malloc((r->count ? r->count : 1) * sizeof *order);

    for (size_t i = 0; sizes && i < r->count; i++) {
        sizes[r->items[i].story]++;
        if (r->items[i].story != (int64_t)i) {
            folded++;
            by_text += r->items[i].reason == DEFCON_COPY_TEXT;
            by_headline += r->items[i].reason == DEFCON_COPY_HEADLINE;
            by_paragraphs += r->items[i].reason == DEFCON_COPY_PARAGRAPHS;
        }
    }
    for (size_t i = 0; sizes && order && i < r->count; i++) {
        groups += sizes[i] > 0;
        multi += sizes[i] > 1;
        order[i][0] = (long)i;
        order[i][1] = sizes[i];
    }
    printf("articles: %zu\nstories: %ld (%ld of them with copies)\n", r->count, groups, multi);
    printf("folded: %ld articles (%.1f%%): %ld by text, %ld by shared paragraphs, %ld"
           " headline-only by title\n", folded,
           r->count ? 100.0 * (double)folded / (double)r->count : 0.0, by_text, by_paragraphs,
           by_headline);
    if (sizes && order) {
        qsort(order, r->count, sizeof *order, by_size_desc);
        for (size_t i = 0; i < r->count && i < 5 && order[i][1] > 1; i++)
            printf("  group of %ld: %s \"%s\" (%s)\n", order[i][1], r->items[order[i][0]].id,
                   r->items[order[i][0]].title, r->items[order[i][0]].date);
    }
    printf("CPU a article: tokenizing %.1f us (the indexer does it anyway), fingerprint %.1f us,"
           " filing %.1f us; copy groups in memory: %.1f MB\n",
           r->count ? 1e6 * r->tokenizing / (double)r->count : 0.0,
           r->count ? 1e6 * r->fingerprinting / (double)r->count : 0.0,
           r->count ? 1e6 * r->filing / (double)r->count : 0.0,
           (double)defcon_copies_bytes(r->copies) / 1e6);
    free(sizes);
    free(order);
}

static void show(const run *r, const char *id)
{
    for (size_t i = 0; i < r->count; i++)
        if (strcmp(r->items[i].id, id) == 0) {
            const item *s = &r->items[r->items[i].story];
            printf("%s (%s) story %s (%s) %s\n", id, r->items[i].date, s->id, s->date,
                   reason_name(r->items[i].reason));
            return;
        }
    printf("%s: not in the corpus\n", id);
}

static unsigned long next_random(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

/* Writes `pairs` folded pairs drawn without repeats (a partial shuffle). */
static int write_sample(const run *r, const char *path, unsigned long seed, long pairs)
{
    size_t n = 0, *folded = malloc((r->count ? r->count : 1) * sizeof *folded);
    FILE *out = fopen(path, "w");

    if (!folded || !out) {
        free(folded);
        if (out)
            fclose(out);
        return -1;
    }
    for (size_t i = 0; i < r->count; i++)
        if (r->items[i].story != (int64_t)i)
            folded[n++] = i;
    fprintf(out, "# %ld folded pairs of %zu, seed %lu: an article, then the first of its story\n",
            pairs < (long)n ? pairs : (long)n, n, seed);
    for (long k = 0; k < pairs && (size_t)k < n; k++) {
        size_t j = (size_t)k + next_random(&seed) % (n - (size_t)k), t = folded[j];
        const item *a, *s;
        folded[j] = folded[k];
        folded[k] = t;
        a = &r->items[t];
        s = &r->items[a->story];
        fprintf(out, "\n== pair %ld: %s, distance %d\n", k + 1, reason_name(a->reason),
                a->distance);
        fprintf(out, "-- %s %s %s\n%s\n", a->id, a->date, a->title, a->lead);
        fprintf(out, "-- %s %s %s\n%s\n", s->id, s->date, s->title, s->lead);
    }
    free(folded);
    return fclose(out);
}

/* Files the articles again, in the same order, through the index's copy
 * store (copy_store.h) in a fresh database at `path`, as two runs: all
 * but the last tenth, then (a later run that must read the earlier days
 * back) the rest. Every story must be the one memory alone gave.
 * Returns 0, or -1 when SQLite fails. */
static int check_store(const run *r, const char *path)
{
    sqlite3 *db = NULL;
    defcon_copy_store *store = NULL;
    size_t split = r->count - r->count / 10;
    long mismatches = 0, days = 0;
    clock_t start = clock();
    int rc;

    remove(path);
    rc = sqlite3_open(path, &db);
    for (int pass = 0; rc == SQLITE_OK && pass < 2; pass++) {
        size_t from = pass ? split : 0, to = pass ? r->count : split;
        rc = defcon_copy_store_open(db, &store);
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
        for (size_t i = from; rc == SQLITE_OK && i < to; i++) {
            int64_t story;
            rc = defcon_copy_store_add(store, (int64_t)i, &r->fingerprints[i], &story, NULL);
            mismatches += story != r->items[i].story;
        }
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        if (store)
            days += defcon_copy_store_days_read(store);
        defcon_copy_store_close(store);
        store = NULL;
    }
    if (rc != SQLITE_OK)
        fprintf(stderr, "copies: %s: %s\n", path, sqlite3_errmsg(db));
    else
        printf("copy store %s: two runs (%zu and %zu articles), %.3f s CPU, %ld days read,"
               " %ld stories differing from memory's\n", path, split, r->count - split,
               (double)(clock() - start) / CLOCKS_PER_SEC, days, mismatches);
    sqlite3_close(db);
    return rc == SQLITE_OK && mismatches == 0 ? 0 : -1;
}

static int setup(run *r, size_t capacity)
{
    sqlite3 *db = NULL;
    int rc;

    memset(r, 0, sizeof *r);
    r->items = calloc(capacity ? capacity : 1, sizeof *r->items);
    r->fingerprints = calloc(capacity ? capacity : 1, sizeof *r->fingerprints);
    if (!r->items || !r->fingerprints || defcon_copies_new(&r->copies) != 0)
        return -1;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    rc = defcon_tokenizer_new(db, &r->tokenizer);
    sqlite3_close(db);   /* the tokenizer keeps what it needs of FTS5 */
    return rc == SQLITE_OK ? 0 : -1;
}

static void teardown(run *r)
{
    for (size_t i = 0; i < r->count; i++) {
        free(r->items[i].id);
        free(r->items[i].title);
        free(r->items[i].date);
        free(r->items[i].lead);
    }
    free(r->items);
    free(r->fingerprints);
    defcon_copies_free(r->copies);
    defcon_tokenizer_free(r->tokenizer);
    defcon_tokens_free(&r->title);
    defcon_tokens_free(&r->body);
}

int main(int argc, char **argv)
{
    const char *root = NULL, *sample = NULL, *store = NULL, *shown[MAX_SHOWN];
    char articles[4096];
    unsigned long seed = 1987;
    long pairs = 100;
    int show_count = 0, status = 0;
    defcon_corpus corpus;
    run r;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--sample") == 0 && i + 1 < argc) {
            sample = argv[++i];
        } else if (strcmp(argv[i], "--store") == 0 && i + 1 < argc) {
            store = argv[++i];
        } else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            seed = strtoul(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--pairs") == 0 && i + 1 < argc) {
            pairs = strtol(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--show") == 0 && i + 1 < argc && show_count < MAX_SHOWN) {
            shown[show_count++] = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] != '-' && root == NULL) {
            root = argv[i];
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (root == NULL) {
        usage(stderr);
        return 2;
    }
    snprintf(articles, sizeof articles, "%s/articles", root);
    if (defcon_corpus_walk(&corpus, articles, NULL, NULL) != 0) {
        fprintf(stderr, "copies: %s: %s\n", articles, corpus.message);
        return 2;
    }
    if (setup(&r, corpus.count) != 0) {
        fprintf(stderr, "copies: cannot set up (out of memory or no FTS5)\n");
        status = 2;
    }
    for (size_t k = 0; status == 0 && k < corpus.count; k++)
        file_article(&r, articles, defcon_corpus_path(&corpus, k));
    if (status == 0) {
        print_summary(&r);
        for (int i = 0; i < show_count; i++)
            show(&r, shown[i]);
        if (sample && write_sample(&r, sample, seed, pairs) != 0) {
            fprintf(stderr, "copies: %s: cannot write the sample\n", sample);
            status = 2;
        }
        if (store && check_store(&r, store) != 0)
            status = 2;
    }
    teardown(&r);
    defcon_corpus_free(&corpus);
    return status;
}

/*
 * query_latency.c - in-process query timing for the benchmarks (bench/run).
 *
 *   query-latency --db PATH [--runs N] [--warmup N] [--max-seconds S] SPEC...
 *       opens the index once, and for each SPEC runs the search WARMUP
 *       times untimed (fewer if they take over a second), then RUNS times
 *       timed (fewer once MAX-SECONDS pass: at least 20, unless they
 *       would take over 3 * MAX-SECONDS; at least one), and prints one
 *       JSON object per SPEC on stdout: the matches, the runs, and p50,
 *       p95, p99, mean and max in milliseconds.
 *   query-latency --db PATH --pick
 *       prints words of the index for the query mix, chosen by how many
 *       articles hold them (see pick_words), as "role<TAB>word<TAB>docs",
 *       then "article<TAB>ID<TAB>0" (an article of 400 bytes of body or
 *       more, a quarter of the way down rowid order, for similar) and
 *       "paragraph<TAB>TEXT<TAB>0" (its body's first 60 words, as a
 *       researcher would paste them).
 *
 * A SPEC is "label|query|options"; the options are separated by spaces:
 *   country=X      (repeatable; a code, name or demonym, as --country)
 *   since=D until=D  date bounds, as --since and --until
 *   sort=relevance|newest|oldest  limit=N
 *   bare           hits without snippets or highlights (as --format paths)
 *   facets         time the country facets of the matches instead of hits
 *   by=year|month  time the timeline of the matches instead of hits
 *   similar        the query is an article's id: time `similar ID`
 *   kwic           hits carry their marked bodies and each is cut into
 *                  concordance lines, as --kwic does
 *   page_terms_after=N  a prefix's page is fetched by its own terms from N
 *                  matches on (defcon_search_request.page_terms_after)
 *   parallel_after=N  the ranking pass runs in two threads from N
 *                  estimated matches on; -1: never
 *                  (defcon_search_request.parallel_after)
 *   seek_cost_rows=N  best match counts a long query's every-word matches
 *                  piecewise when its lookups, costed N rows each, cost
 *                  less than FTS5's AND; -1: never
 *                  (defcon_search_request.seek_cost_rows)
 *   phrase_walk=-1 one phrase's rows are ranked a row at a time through
 *                  the statement, not walked in FTS5's loop
 *                  (defcon_search_request.phrase_walk)
 * One timed run is what a search costs a caller that holds an open index
 * (opened DEFCON_DB_READ_MAPPED, as a long-lived process should):
 * defcon_search_prepare, then defcon_search_run delivering the hits with
 * their snippets (or the facets, or the timeline), then defcon_search_free.
 * The whole-process figures of bench/run time defcon-search itself.
 *
 * Exit status: 0 when every query ran, 2 when the index could not be
 * opened or a query failed (the message names the query).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "countries.h"
#include "database.h"
#include "date.h"
#include "kwic.h"
#include "search.h"

/* Runs are cut short after --max-seconds, but not below MIN_RUNS unless
 * three times that has passed, and never below one. */
enum { MIN_RUNS = 20, MAX_FACETS = 20 };

typedef enum timed_operation {
    TIMED_HITS = 0,
    TIMED_FACETS,
    TIMED_TIMELINE_YEAR,
    TIMED_TIMELINE_MONTH
} timed_operation;

typedef struct query_spec {
    char *text;                        /* the spec, cut in place into the fields */
    const char *label, *query, *options;
    defcon_search_request request;
    char codes[DEFCON_MAX_COUNTRY_FILTERS][3];
    timed_operation operation;
} query_spec;

static double now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec * 1e3 + (double)now.tv_nsec / 1e6;
}

/* Reads one date bound; `last` picks the last day of a period. */
static int parse_day(const char *text, int last, long *day)
{
    defcon_date date;
    if (defcon_date_parse(text, strlen(text), &date) != DEFCON_DATE_OK)
        return -1;
    *day = last ? defcon_date_last_day(&date) : defcon_date_first_day(&date);
    return 0;
}

/* Cuts "label|query|options" into *spec and fills its request. Returns 0,
 * or -1 with a message on stderr. */
static int spec_parse(const char *argument, query_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->text = malloc(strlen(argument) + 1);
    if (spec->text == NULL) {
        fprintf(stderr, "query-latency: out of memory\n");
        return -1;
    }
    strcpy(spec->text, argument);
    char *bar1 = strchr(spec->text, '|');
    char *bar2 = strrchr(spec->text, '|');   /* a pasted query may hold bars */
    if (bar1 == NULL || bar2 == bar1) {
        fprintf(stderr, "query-latency: '%s' is not label|query|options\n", argument);
        return -1;
    }
    *bar1 = *bar2 = '\0';
    spec->label = spec->text;
    spec->query = bar1 + 1;
    spec->options = bar2 + 1;
    defcon_search_request_init(&spec->request);
    spec->request.query = spec->query;

    /* The options are parsed from a copy, which strtok may cut up. */
    char options[1024];
    snprintf(options, sizeof options, "%s", spec->options);
    for (char *option = strtok(options, " "); option; option = strtok(NULL, " ")) {
        char *value = strchr(option, '=');
        if (value)
            *value++ = '\0';
        int ok = 1;
        if (strcmp(option, "facets") == 0 && !value) {
            spec->operation = TIMED_FACETS;
        } else if (strcmp(option, "bare") == 0 && !value) {
            spec->request.bare = 1;
        } else if (strcmp(option, "similar") == 0 && !value) {
            spec->request.similar_to = spec->query;
            spec->request.query = NULL;
        } else if (strcmp(option, "kwic") == 0 && !value) {
            spec->request.kwic = 1;
        } else if (strcmp(option, "page_terms_after") == 0 && value) {
            char *end;
            spec->request.page_terms_after = strtol(value, &end, 10);
            ok = *end == '\0' && spec->request.page_terms_after > 0;
        } else if (strcmp(option, "parallel_after") == 0 && value) {
            char *end;
            spec->request.parallel_after = strtol(value, &end, 10);
            ok = *end == '\0' && spec->request.parallel_after != 0;
        } else if (strcmp(option, "seek_cost_rows") == 0 && value) {
            char *end;
            spec->request.seek_cost_rows = strtol(value, &end, 10);
            ok = *end == '\0' && spec->request.seek_cost_rows != 0;
        } else if (strcmp(option, "phrase_walk") == 0 && value) {
            ok = strcmp(value, "-1") == 0;
            spec->request.phrase_walk = -1;
        } else if (strcmp(option, "by") == 0 && value) {
            ok = strcmp(value, "year") == 0 || strcmp(value, "month") == 0;
            spec->operation = strcmp(value, "month") == 0 ? TIMED_TIMELINE_MONTH
                                                          : TIMED_TIMELINE_YEAR;
        } else if (strcmp(option, "country") == 0 && value) {
            size_t n = spec->request.country_count;
            ok = n < DEFCON_MAX_COUNTRY_FILTERS && defcon_country_lookup(value, spec->codes[n]);
            if (ok) {
                spec->request.countries[n] = spec->codes[n];
                spec->request.country_count = n + 1;
            }
        } else if (strcmp(option, "since") == 0 && value) {
            ok = parse_day(value, 0, &spec->request.since_day) == 0;
            spec->request.has_since = 1;
        } else if (strcmp(option, "until") == 0 && value) {
            ok = parse_day(value, 1, &spec->request.until_day) == 0;
            spec->request.has_until = 1;
        } else if (strcmp(option, "sort") == 0 && value) {
            ok = 1;
            if (strcmp(value, "newest") == 0)
                spec->request.sort = DEFCON_SORT_NEWEST;
            else if (strcmp(value, "oldest") == 0)
                spec->request.sort = DEFCON_SORT_OLDEST;
            else
                ok = strcmp(value, "relevance") == 0;
        } else if (strcmp(option, "limit") == 0 && value) {
            char *end;
            spec->request.limit = strtol(value, &end, 10);
            ok = end != value && *end == '\0' && spec->request.limit >= 0;
        } else {
            ok = 0;
        }
        if (!ok) {
            fprintf(stderr, "query-latency: %s: cannot use option '%s%s%s'\n", spec->label,
                    option, value ? "=" : "", value ? value : "");
            return -1;
        }
    }
    return 0;
}

static int consume_kwic_line(void *context, const defcon_kwic_line *line)
{
    size_t *bytes = context;
    *bytes += strlen(line->left) + strlen(line->match) + strlen(line->right);
    return 0;
}

/* Reads each field of each hit, as a printer would; a concordance's
 * lines where the hit carries its marked body. */
static int consume_hit(void *context, const defcon_hit *hit)
{
    size_t *bytes = context;
    *bytes += strlen(hit->path) + (hit->title_marked ? strlen(hit->title_marked) : 0)
            + (hit->snippet ? strlen(hit->snippet) : 0);
    if (hit->body_marked)
        return defcon_kwic_each(hit->body_marked, DEFCON_KWIC_COLUMNS, consume_kwic_line, bytes);
    return 0;
}

/* One search, start to end; *shares (when not NULL) the threads its
 * ranking pass took (0: none). Returns 0, or -1 with a message on stderr. */
static int spec_run_once(defcon_db *db, const query_spec *spec, int *shares)
{
    defcon_search *search = NULL;
    int rc = 0;
    if (defcon_search_prepare(db, &spec->request, &search) != DEFCON_SEARCH_OK) {
        fprintf(stderr, "query-latency: %s: %s\n", spec->label,
                search ? defcon_search_errmsg(search) : "out of memory");
        defcon_search_free(search);
        return -1;
    }
    if (spec->operation == TIMED_FACETS) {
        defcon_facet facets[MAX_FACETS];
        rc = defcon_search_facets(search, NULL, facets, MAX_FACETS) < 0 ? -1 : 0;
    } else if (spec->operation == TIMED_HITS) {
        size_t bytes = 0;
        rc = defcon_search_run(search, consume_hit, &bytes) < 0 ? -1 : 0;
        if (shares)
            *shares = defcon_search_ranking_shares(search);
    } else {
        defcon_period *periods = NULL;
        size_t count = 0;
        rc = defcon_search_timeline(search, spec->operation == TIMED_TIMELINE_MONTH,
                                    &periods, &count, NULL);
        free(periods);
    }
    if (rc != 0)
        fprintf(stderr, "query-latency: %s: %s\n", spec->label, defcon_search_errmsg(search));
    defcon_search_free(search);
    return rc;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The nearest-rank percentile of sorted times. */
static double percentile(const double *sorted, long count, double fraction)
{
    long rank = (long)ceil(fraction * (double)count);
    return sorted[rank < 1 ? 0 : rank - 1];
}

/* Writes `text` as a JSON string. */
static void print_json_string(const char *text)
{
    putchar('"');
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if (*c == '"' || *c == '\\')
            printf("\\%c", *c);
        else if (*c < 0x20)
            printf("\\u%04x", *c);
        else
            putchar(*c);
    }
    putchar('"');
}

static int spec_measure(defcon_db *db, const query_spec *spec, long runs, long warmup,
                        double max_seconds)
{
    long matches = -1, undated = 0;
    int shares = 0;
    defcon_search *search = NULL;
    if (defcon_search_prepare(db, &spec->request, &search) == DEFCON_SEARCH_OK)
        defcon_search_count(search, &matches, &undated);
    defcon_search_free(search);

    /* Warm up: the runs asked for, but no more than a second's worth
     * beyond the first, so a slow query does not take minutes. */
    double warm_until = now_ms() + 1e3;
    for (long i = 0; i < warmup && (i == 0 || now_ms() < warm_until); i++)
        if (spec_run_once(db, spec, &shares) != 0)
            return -1;
    double *times = malloc((size_t)runs * sizeof *times);
    if (times == NULL) {
        fprintf(stderr, "query-latency: out of memory\n");
        return -1;
    }
    double start_ms = now_ms();
    double deadline = start_ms + max_seconds * 1e3;
    double hard_deadline = start_ms + 3 * max_seconds * 1e3;
    long done = 0;
    double total = 0;
    while (done < runs
           && (done == 0 || now_ms() < deadline
               || (done < MIN_RUNS && now_ms() < hard_deadline))) {
        double start = now_ms();
        if (spec_run_once(db, spec, &shares) != 0) {
            free(times);
            return -1;
        }
        times[done] = now_ms() - start;
        total += times[done++];
    }
    qsort(times, (size_t)done, sizeof *times, compare_doubles);
    printf("{\"label\":");
    print_json_string(spec->label);
    printf(",\"query\":");
    print_json_string(spec->query);
    printf(",\"options\":");
    print_json_string(spec->options);
    printf(",\"matches\":%ld,\"shares\":%d,\"runs\":%ld,\"p50_ms\":%.4f,\"p95_ms\":%.4f,"
           "\"p99_ms\":%.4f,\"mean_ms\":%.4f,\"max_ms\":%.4f}\n",
           matches, shares, done, percentile(times, done, 0.50), percentile(times, done, 0.95),
           percentile(times, done, 0.99), total / (double)done, times[done - 1]);
    fflush(stdout);
    free(times);
    return 0;
}

/* A candidate word for one role in the query mix. */
typedef struct picked_word {
    const char *role;
    double share;          /* the share of articles it should be in */
    char word[64];
    long docs;
    long distance;         /* from the wanted count; -1 before any */
} picked_word;

static int is_plain_word(const char *term, int min_len)
{
    int len = 0;
    for (; term[len]; len++)
        if (term[len] < 'a' || term[len] > 'z')
            return 0;
    return len >= min_len && len < 64;
}

/* Prints an article with a body to paste (its id) and its body's first
 * PASTED_WORDS words on one line: a paragraph to paste. */
#define PASTED_WORDS 60
static int pick_article(sqlite3 *sql, long total)
{
    sqlite3_stmt *statement = NULL;
    int rc = sqlite3_prepare_v2(sql, "SELECT id, body FROM articles WHERE length(body) >= 400"
                                     " ORDER BY rowid LIMIT 1 OFFSET ?1", -1, &statement, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(statement, 1, total / 4);   /* of those with a paragraph to paste */
        rc = sqlite3_step(statement);
    }
    if (rc != SQLITE_ROW) {
        fprintf(stderr, "query-latency: picking an article: %s\n", sqlite3_errmsg(sql));
        sqlite3_finalize(statement);
        return -1;
    }
    printf("article\t%s\t0\nparagraph\t", (const char *)sqlite3_column_text(statement, 0));
    const char *c = (const char *)sqlite3_column_text(statement, 1);
    int words = 0, in_word = 0;
    for (; c && *c && words < PASTED_WORDS; c++) {
        int space = *c == ' ' || *c == '\t' || *c == '\n' || *c == '\r';
        if (space && in_word)
            words++;
        if (!space || (in_word && words < PASTED_WORDS))
            putchar(space ? ' ' : *c);
        in_word = !space;
    }
    printf("\t0\n");
    sqlite3_finalize(statement);
    return 0;
}

/* Chooses, from the index's own terms, a rare word (in about 0.01% of
 * the articles, at least 3), a common one (about 10%) and a second one
 * for two-word queries (about 3%): lower-case letters only, at least 5
 * letters, the first in term order among the closest counts. The terms
 * are stems, shown as the shortest indexed word with that stem; that the
 * word finds articles is checked. */
static int pick_words(defcon_db *db)
{
    sqlite3 *sql = defcon_db_sqlite(db);
    sqlite3_stmt *statement = NULL;
    long total = 0;
    int rc = sqlite3_prepare_v2(sql, "SELECT count(*) FROM articles", -1, &statement, NULL);
    if (rc == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW)
        total = (long)sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    statement = NULL;
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(sql, "CREATE VIRTUAL TABLE temp.bench_terms "
                               "USING fts5vocab(main, fts, row)", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(sql, "SELECT term, doc FROM temp.bench_terms", -1,
                                &statement, NULL);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "query-latency: reading the index's terms: %s\n", sqlite3_errmsg(sql));
        sqlite3_finalize(statement);
        return -1;
    }
    picked_word picks[] = {
        {"rare", 0.0001, "", 0, -1},
        {"common", 0.10, "", 0, -1},
        {"second", 0.03, "", 0, -1},
    };
    size_t pick_count = sizeof picks / sizeof picks[0];
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        const char *term = (const char *)sqlite3_column_text(statement, 0);
        long docs = (long)sqlite3_column_int64(statement, 1);
        if (term == NULL || !is_plain_word(term, 5))
            continue;
        for (size_t i = 0; i < pick_count; i++) {
            long wanted = (long)(picks[i].share * (double)total);
            if (wanted < 3)
                wanted = 3;
            long distance = labs(docs - wanted);
            if (picks[i].distance < 0 || distance < picks[i].distance) {
                snprintf(picks[i].word, sizeof picks[i].word, "%s", term);
                picks[i].docs = docs;
                picks[i].distance = distance;
            }
        }
    }
    sqlite3_finalize(statement);
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "query-latency: reading the index's terms: %s\n", sqlite3_errmsg(sql));
        return -1;
    }
    /* Show a word as written rather than its stem where the index knows
     * one (the shortest): it stems to the same term, so finds the same. */
    rc = sqlite3_prepare_v2(sql, "SELECT word FROM vocab WHERE stem = ?1 "
                                 "ORDER BY length(word), word LIMIT 1", -1, &statement, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < pick_count; i++) {
        sqlite3_reset(statement);
        sqlite3_bind_text(statement, 1, picks[i].word, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(statement) == SQLITE_ROW) {
            const char *word = (const char *)sqlite3_column_text(statement, 0);
            if (word != NULL && is_plain_word(word, 1))
                snprintf(picks[i].word, sizeof picks[i].word, "%s", word);
        }
    }
    sqlite3_finalize(statement);
    for (size_t i = 0; i < pick_count; i++) {
        if (picks[i].distance < 0) {
            fprintf(stderr, "query-latency: the index has no words to pick from\n");
            return -1;
        }
        query_spec spec;
        memset(&spec, 0, sizeof spec);
        defcon_search_request_init(&spec.request);
        spec.request.query = picks[i].word;
        defcon_search *search = NULL;
        long found = 0, undated = 0;
        if (defcon_search_prepare(db, &spec.request, &search) != DEFCON_SEARCH_OK
            || defcon_search_count(search, &found, &undated) != 0 || found == 0)
            fprintf(stderr, "query-latency: warning: the picked word '%s' finds nothing\n",
                    picks[i].word);
        defcon_search_free(search);
        printf("%s\t%s\t%ld\n", picks[i].role, picks[i].word, picks[i].docs);
    }
    return pick_article(sql, total);
}

static void usage(FILE *stream)
{
    fputs("usage: query-latency --db PATH [--runs N] [--warmup N] [--max-seconds S]\n"
          "                     'label|query|options'...\n"
          "       query-latency --db PATH --pick\n"
          "Times each query in the process, warm, and prints one JSON object per query\n"
          "(p50, p95, p99 in milliseconds). Options: country=X since=D until=D\n"
          "sort=relevance|newest|oldest limit=N bare facets by=year|month.\n", stream);
}

int main(int argc, char **argv)
{
    const char *db_path = NULL;
    long runs = 200, warmup = 5;
    double max_seconds = 20;
    int pick = 0, first_spec = argc;
    for (int i = 1; i < argc && first_spec == argc; i++) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--pick") == 0) {
            pick = 1;
        } else if (strcmp(argv[i], "--db") == 0 && value) {
            db_path = argv[++i];
        } else if (strcmp(argv[i], "--runs") == 0 && value) {
            runs = strtol(argv[++i], &end, 10);
        } else if (strcmp(argv[i], "--warmup") == 0 && value) {
            warmup = strtol(argv[++i], &end, 10);
        } else if (strcmp(argv[i], "--max-seconds") == 0 && value) {
            max_seconds = strtod(argv[++i], &end);
        } else if (argv[i][0] != '-') {
            first_spec = i;
        } else {
            fprintf(stderr, "query-latency: unexpected argument '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
        if (end != NULL && (*end != '\0' || end == value)) {
            fprintf(stderr, "query-latency: '%s' is not a number\n", value);
            return 2;
        }
    }
    if (db_path == NULL || runs < 1 || warmup < 0 || (pick == (first_spec < argc))) {
        usage(stderr);
        return 2;
    }
    if (runs < MIN_RUNS)
        runs = MIN_RUNS;

    defcon_db *db = NULL;
    if (defcon_db_open(db_path, DEFCON_DB_READ_MAPPED, NULL, &db, NULL) != 0) {
        fprintf(stderr, "query-latency: %s: %s\n", db_path,
                db ? defcon_db_errmsg(db) : "out of memory");
        defcon_db_close(db);
        return 2;
    }
    int rc = 0;
    if (pick)
        rc = pick_words(db);
    for (int i = first_spec; rc == 0 && i < argc; i++) {
        query_spec spec;
        rc = spec_parse(argv[i], &spec);
        if (rc == 0)
            rc = spec_measure(db, &spec, runs, warmup, max_seconds);
        free(spec.text);
    }
    defcon_db_close(db);
    return rc == 0 ? 0 : 2;
}

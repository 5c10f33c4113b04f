/*
 * test_strict_count.c - best match counts the articles that hold every
 * word of a long plain query piecewise (search.c's
 * count_strict_piecewise: the rows holding its two rarest words, then
 * each other word looked up in each of them). The count must be the one
 * FTS5 gives for the AND as written (the total of the same query with
 * DEFCON_MATCH_ALL): queries pasted from the archive's own articles, with
 * negated words, names of several spellings, countries and dates; and the
 * shapes that must be counted as written are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buffer.h"
#include "check.h"
#include "database.h"
#include "indexer.h"
#include "search.h"

static char root[256], archive[300], db_path[300];

/* Common words first, then rarer ones; names with other spellings
 * (Gaddafi, Qaddafi, Kadhafi are one name to a search). */
static const char *const common[] = {"the", "said", "of", "a", "minister", "talks", "oil"};
static const char *const rare[] = {
    "reactor", "missile", "treaty", "sanctions", "embassy", "inspectors", "uranium",
    "ceasefire", "election", "border", "summit", "tanker", "refinery", "drought", "harvest",
    "envoy", "frigate", "pipeline", "tariff", "quota", "Gaddafi", "Qaddafi", "Kadhafi",
    "Iran", "Moscow", "Germany", "Tehran", "Bonn"};
#define COMMON_COUNT (sizeof common / sizeof common[0])
#define RARE_COUNT (sizeof rare / sizeof rare[0])
#define ARTICLES 1200
#define ARTICLE_WORDS 40

static unsigned long next_random(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

static const char *article_words[ARTICLES][ARTICLE_WORDS];

/* Article n: a common word for most places, a rare one for one in four,
 * dated over three years. */
static int write_article(int n, unsigned long *state)
{
    char path[400];
    FILE *out;
    int i;

    for (i = 0; i < ARTICLE_WORDS; i++)
        article_words[n][i] = next_random(state) % 4 == 0
                                  ? rare[next_random(state) % RARE_COUNT]
                                  : common[next_random(state) % COMMON_COUNT];
    snprintf(path, sizeof path, "%s/a%04d.md", archive, n);
    out = fopen(path, "w");
    if (!out)
        return -1;
    fprintf(out, "---\ntitle: Report %d\ndate: %d-%02d-%02d\n---\n", n, 2001 + n / 400,
            1 + n / 33 % 12, 1 + n % 28);
    for (i = 0; i < ARTICLE_WORDS; i++)
        fprintf(out, "%s%s", article_words[n][i], i % 10 == 9 ? ".\n" : " ");
    return fclose(out);
}

typedef struct query_case {
    const char *query, *country, *since, *until;
} query_case;

/* The count the search makes with `match`: best match's count of the
 * articles holding every word (and *candidates, how it was made), or the
 * total of the query as written. 0, or -1 when the search failed. */
static long seek_cost_rows;   /* the requests' (search.h) */

static int count_with(defcon_db *db, const query_case *c, defcon_match match, long *count,
                      long *candidates)
{
    defcon_search_request request;
    defcon_search *search = NULL;
    long undated = 0;
    size_t words = 0;
    int rc = -1;

    defcon_search_request_init(&request);
    request.query = c->query;
    request.match = match;
    request.seek_cost_rows = seek_cost_rows;
    check_request_filters(&request, c->country, c->since, c->until);
    if (defcon_search_prepare(db, &request, &search) == DEFCON_SEARCH_OK) {
        *candidates = defcon_search_strict_candidates(search);
        if (match == DEFCON_MATCH_ALL)
            rc = defcon_search_count(search, count, &undated);
        else
            rc = (defcon_search_relaxed(search, count, &words), 0);
    }
    if (rc != 0)
        fprintf(stderr, "  %s: %s\n", c->query, search ? defcon_search_errmsg(search) : "no memory");
    defcon_search_free(search);
    return rc;
}

/* Best match's count of `c` is the AND's; returns how it was made. */
static long check_count(defcon_db *db, const query_case *c, long *count)
{
    long strict = -1, all = -2, candidates = -1, none = 0;

    CHECK(count_with(db, c, DEFCON_MATCH_BEST, &strict, &candidates) == 0);
    CHECK(count_with(db, c, DEFCON_MATCH_ALL, &all, &none) == 0);
    CHECK_LONG(none, -1);   /* as written: nothing counted piecewise */
    if (strict != all)
        fprintf(stderr, "  %s%s%s: %ld piecewise, %ld as written\n", c->query,
                c->country ? " country " : "", c->country ? c->country : "", strict, all);
    CHECK_LONG(strict, all);
    *count = strict;
    return candidates;
}

int main(void)
{
    static const char *const countries[] = {NULL, "IR", "DE", "RU"};
    defcon_index_options options;
    defcon_index_stats stats;
    defcon_db *db = NULL;
    unsigned long state = 1987;
    char error[512], text[512];
    long count, candidates, piecewise = 0, found = 0, empty = 0;
    int n, q;

    if (check_temp_folder("strict_count", root, sizeof root) != 0)
        return 1;
    snprintf(archive, sizeof archive, "%s/archive", root);
    snprintf(db_path, sizeof db_path, "%s/index.db", root);
    CHECK(mkdir(archive, 0700) == 0);
    for (n = 0; n < ARTICLES; n++)
        CHECK(write_article(n, &state) == 0);
    memset(&options, 0, sizeof options);
    options.threads = 2;
    CHECK(defcon_index_run(db_path, archive, &options, &stats, error, sizeof error) == 0);
    CHECK(defcon_db_open(db_path, DEFCON_DB_READ, NULL, &db, NULL) == 0);

    /* Lookups costed as one row each: piecewise whenever there are at most
     * PIECEWISE_CANDIDATES candidates (at the default cost, a small
     * archive is rarely worth it), so the count is checked on every shape.
     * Pasted from an article: 4 to 14 of its words in a row, now and then
     * a rare word from elsewhere, a negated word, a country or a date
     * range. */
    seek_cost_rows = 1;
    for (q = 0; q < 300; q++) {
        query_case c = {text, NULL, NULL, NULL};
        int from = (int)(next_random(&state) % ARTICLES);
        int start = (int)(next_random(&state) % (ARTICLE_WORDS - 14));
        int words = 4 + (int)(next_random(&state) % 11), i;
        size_t len = 0;

        for (i = 0; i < words; i++)
            len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", i ? " " : "",
                                    article_words[from][start + i]);
        if (q % 4 == 3)   /* and a rare word of another article */
            len += (size_t)snprintf(text + len, sizeof text - len, " %s",
                                    rare[next_random(&state) % RARE_COUNT]);
        if (q % 5 == 1)
            snprintf(text + len, sizeof text - len, " -%s", rare[next_random(&state) % RARE_COUNT]);
        c.country = countries[q % 7 < 4 ? q % 7 : 0];
        if (q % 6 == 2) {
            c.since = "2001-06";
            c.until = "2002-07-15";
        }
        candidates = check_count(db, &c, &count);
        piecewise += candidates >= 0;
        found += candidates >= 0 && count > 0;
        empty += candidates >= 0 && count == 0;
    }
    fprintf(stderr, "  300 pasted queries: %ld counted piecewise, %ld of them with matches, "
                    "%ld without\n", piecewise, found, empty);
    CHECK(piecewise >= 100);
    CHECK(found >= 20);
    CHECK(empty >= 5);

    {   /* a word no article holds: no candidate at all, at any cost but
         * never (negative) */
        query_case c = {"embassy missile zzyzzyva treaty reactor said the of", NULL, NULL, NULL};
        CHECK_LONG(check_count(db, &c, &count), 0);
        CHECK_LONG(count, 0);
        seek_cost_rows = 0;
        CHECK_LONG(check_count(db, &c, &count), 0);
        seek_cost_rows = -1;
        CHECK_LONG(check_count(db, &c, &count), -1);
        CHECK_LONG(count, 0);
        seek_cost_rows = 1;
    }
    {   /* other spellings of a name count as the name */
        query_case c = {"Gaddafi embassy reactor said the of a minister", NULL, NULL, NULL};
        CHECK(check_count(db, &c, &count) >= 0);
        CHECK(count > 0);
    }
    {   /* words every article holds: too many candidates, as written */
        query_case c = {"the said of minister a talks oil the", NULL, NULL, NULL};
        CHECK_LONG(check_count(db, &c, &count), -1);
        CHECK(count > 0);
    }
    {   /* seven words: FTS5's AND costs little, as written */
        query_case c = {"reactor missile treaty embassy said the of", NULL, NULL, NULL};
        CHECK_LONG(check_count(db, &c, &count), -1);
    }
    {   /* a phrase among the words: as written */
        query_case c = {"\"the reactor\" missile treaty embassy said of a minister", NULL, NULL,
                        NULL};
        CHECK_LONG(check_count(db, &c, &count), -1);
    }

    defcon_db_close(db);
    check_remove_folder(root);
    return check_finish();
}

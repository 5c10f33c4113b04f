/*
 * test_page_terms.c - a page of a query with a prefix fetched by the
 * page's own terms of the prefix (search.c's page_expression, from
 * defcon_search_request.page_terms_after matches on) gives exactly the
 * hits, highlights, snippets and scores of the page fetched with the
 * prefix itself.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buffer.h"
#include "check.h"
#include "database.h"
#include "indexer.h"
#include "search.h"

static char root[256], archive[300], db_path[300];

/* Words of the prefix "pres" whose stems differ (president -> presid,
 * pressure -> pressur ...), others that share the first letter, and a
 * word whose stem drops the prefix "sanitiz" (sanitized -> sanit). */
static const char *const words[] = {
    "president", "presidency", "press", "pressure", "preserve", "presented", "present",
    "prices", "protest", "oil", "minister", "talks", "Iran", "border", "sanitized", "said",
    "the", "of", "trade", "summit"};
#define WORD_COUNT (sizeof words / sizeof words[0])

static unsigned long next_random(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

static int write_article(int n, unsigned long *state)
{
    char path[400];
    FILE *out;
    int i, count = 6 + (int)(next_random(state) % 60);

    snprintf(path, sizeof path, "%s/a%03d.md", archive, n);
    out = fopen(path, "w");
    if (!out)
        return -1;
    fprintf(out, "---\ntitle: %s %s talks\ndate: 2001-02-%02d\n---\n",
            words[next_random(state) % WORD_COUNT], words[next_random(state) % WORD_COUNT],
            1 + n % 28);
    for (i = 0; i < count; i++)
        fprintf(out, "%s%s", words[next_random(state) % WORD_COUNT],
                i % 12 == 11 ? ".\n" : " ");
    fprintf(out, "end.\n");
    return fclose(out);
}

typedef struct page {
    defcon_buffer text;    /* every hit's rowid, score, title and snippet */
    long hits;
} page;

static int on_hit(void *context, const defcon_hit *hit)
{
    page *p = context;

    p->hits++;
    return defcon_buffer_printf(&p->text, "%lld %.17g [%s] [%s]\n", hit->rowid, hit->score,
                                hit->title_marked ? hit->title_marked : "",
                                hit->snippet ? hit->snippet : "");
}

/* Runs `query` (with `country` when not NULL) on `db`, its page fetched by
 * terms from `after` matches on, into *out; returns whether the page was
 * fetched by terms, or -1 when the search failed. */
static int run(defcon_db *db, const char *query, const char *country, long after, long offset,
               page *out)
{
    defcon_search_request request;
    defcon_search *search = NULL;
    int by_terms = -1;

    defcon_search_request_init(&request);
    request.query = query;
    request.page_terms_after = after;
    request.offset = offset;
    request.limit = 7;
    if (country) {
        request.countries[0] = country;
        request.country_count = 1;
    }
    memset(out, 0, sizeof *out);
    if (defcon_search_prepare(db, &request, &search) == DEFCON_SEARCH_OK
        && defcon_search_run(search, on_hit, out) >= 0)
        by_terms = defcon_search_paged_by_terms(search);
    else
        fprintf(stderr, "  %s: %s\n", query, search ? defcon_search_errmsg(search) : "no memory");
    defcon_search_free(search);
    return by_terms;
}

/* The page by terms (after 1 match) is the page by the prefix (never by
 * terms); `expect_terms`: whether the query allows it. */
static void check_same(defcon_db *db, const char *query, const char *country, long offset,
                       int expect_terms)
{
    page by_prefix, by_terms;
    int prefix_way = run(db, query, country, LONG_MAX, offset, &by_prefix);
    int terms_way = run(db, query, country, 1, offset, &by_terms);

    fprintf(stderr, "  %s%s%s, offset %ld: %ld hits\n", query, country ? " in " : "",
            country ? country : "", offset, by_prefix.hits);
    CHECK_LONG(prefix_way, 0);
    CHECK_LONG(terms_way, expect_terms);
    CHECK(by_prefix.hits > 0);
    CHECK_LONG(by_terms.hits, by_prefix.hits);
    CHECK_STR(defcon_buffer_cstr(&by_terms.text), defcon_buffer_cstr(&by_prefix.text));
    defcon_buffer_free(&by_prefix.text);
    defcon_buffer_free(&by_terms.text);
}

int main(void)
{
    defcon_index_options options;
    defcon_index_stats stats;
    defcon_db *db = NULL;
    unsigned long state = 1987;
    char error[512];
    int n;

    if (check_temp_folder("page_terms", root, sizeof root) != 0)
        return 1;
    snprintf(archive, sizeof archive, "%s/archive", root);
    snprintf(db_path, sizeof db_path, "%s/index.db", root);
    CHECK(mkdir(archive, 0700) == 0);
    for (n = 0; n < 60; n++)
        CHECK(write_article(n, &state) == 0);
    memset(&options, 0, sizeof options);
    options.threads = 1;
    CHECK(defcon_index_run(db_path, archive, &options, &stats, error, sizeof error) == 0);
    CHECK(defcon_db_open(db_path, DEFCON_DB_READ, NULL, &db, NULL) == 0);

    check_same(db, "pres*", NULL, 0, 1);
    check_same(db, "pres*", NULL, 3, 1);             /* a later page */
    check_same(db, "title:pres*", NULL, 0, 1);
    check_same(db, "pres* oil", NULL, 0, 1);
    check_same(db, "pres* OR minister", NULL, 0, 1);
    check_same(db, "oil NOT presid*", NULL, 0, 1);    /* no row holds it: no term */
    check_same(db, "sanitiz*", NULL, 0, 1);           /* the expander's stem alone */
    check_same(db, "pres* border", "IR", 0, 1);       /* with the countries column */
    check_same(db, "NEAR(pres* oil, 5)", NULL, 0, 0);  /* NEAR takes the prefix itself */
    check_same(db, "\"the pres*\"", NULL, 0, 0);       /* and so does a phrase */

    defcon_db_close(db);
    check_remove_folder(root);
    return check_finish();
}

/*
 * test_parallel_rank.c - the ranking pass cut in two shares of the rowid
 * range, ranked in two threads on two connections and merged (search.c's
 * rank_matches, from defcon_search_request.parallel_after estimated
 * matches on), gives exactly the hits, scores, copies and counts of the
 * pass run whole: every query shape, filters, pages, best match, similar,
 * copies folded and not. So does the pass of an expression of one phrase
 * walked in FTS5's own loop (defcon_walk, defcon_search_request.phrase_walk),
 * alone, less the rows of other terms or ORed with them, against the same
 * pass a row at a time, and the walk is taken exactly where nothing but
 * those phrases bounds the rows (and the terms left out are fewer than
 * the phrase's).
 */
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

static const char *const words[] = {
    "oil", "prices", "minister", "talks", "border", "summit", "said", "spokesman",
    "the", "of", "a", "trade", "reactor", "missile", "treaty", "sanctions", "embassy",
    "Iran", "Moscow", "Germany", "inspectors", "uranium", "ceasefire", "election"};
#define WORD_COUNT (sizeof words / sizeof words[0])
#define ARTICLES 1500

static unsigned long next_random(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

/* Article n, dated over three years; one in ten is a copy of the one
 * before it, a day later (copies fold into one story). */
static int write_article(int n, unsigned long *state, unsigned long *copy_state)
{
    char path[400];
    FILE *out;
    unsigned long saved = *state;
    int i, count, copy = n % 10 == 9;

    if (copy)
        *state = *copy_state;   /* the text of the article before */
    *copy_state = *state;
    count = 10 + (int)(next_random(state) % 70);
    snprintf(path, sizeof path, "%s/a%04d.md", archive, n);
    out = fopen(path, "w");
    if (!out)
        return -1;
    fprintf(out, "---\ntitle: %s %s %s\ndate: %d-%02d-%02d\n---\n",
            words[next_random(state) % WORD_COUNT], words[next_random(state) % WORD_COUNT],
            words[next_random(state) % WORD_COUNT], 2001 + (n - copy) / 500,
            1 + (n - copy) / 40 % 12, 1 + (n - copy) % 27 + copy);
    for (i = 0; i < count; i++)
        fprintf(out, "%s%s", words[next_random(state) % WORD_COUNT],
                i % 12 == 11 ? ".\n" : " ");
    fprintf(out, "end.\n");
    if (copy)
        *state = saved + 1;
    return fclose(out);
}

/* An article naming `name`, beyond the generated ones. */
static int write_named(int n, const char *name)
{
    char path[400];

    snprintf(path, sizeof path, "%s/a%04d.md", archive, n);
    return check_write_file(path, "---\ntitle: %s talks\ndate: 2003-06-%02d\n---\n"
                                  "%s said the talks ended, a spokesman said of zirconium.\n",
                            name, 1 + n % 27, name);
}

typedef struct result {
    defcon_buffer text;   /* every hit: rowid, score, title, snippet, copies */
    long hits, total;
    int shares, walked;
} result;

static int on_hit(void *context, const defcon_hit *hit)
{
    result *r = context;
    size_t i;
    int rc;

    r->hits++;
    rc = defcon_buffer_printf(&r->text, "%lld %.17g [%s] [%s]", hit->rowid, hit->score,
                              hit->title_marked ? hit->title_marked : "",
                              hit->snippet ? hit->snippet : "");
    for (i = 0; i < hit->copy_count; i++)
        rc |= defcon_buffer_printf(&r->text, " %s", hit->copy_ids[i]);
    return rc | defcon_buffer_putc(&r->text, '\n');
}

typedef struct shape {
    const char *query, *similar_to, *country, *since, *until;
    long limit, offset;
    int all_copies, match;
    int whole;            /* ranked in one thread whatever the estimate */
    int walks;            /* one phrase, nothing else: walked when whole */
} shape;

/* Runs the shape with `parallel_after` and `phrase_walk` into *out; 0, or
 * -1 when the search failed. */
static int run(defcon_db *db, const shape *s, long parallel_after, int phrase_walk, result *out)
{
    defcon_search_request request;
    defcon_search *search = NULL;
    long undated = 0;
    int rc = -1;

    defcon_search_request_init(&request);
    request.query = s->query;
    request.similar_to = s->similar_to;
    request.limit = s->limit ? s->limit : 10;
    request.offset = s->offset;
    request.all_copies = s->all_copies;
    if (s->match)
        request.match = (defcon_match)s->match;
    request.parallel_after = parallel_after;
    request.phrase_walk = phrase_walk;
    check_request_filters(&request, s->country, s->since, s->until);
    memset(out, 0, sizeof *out);
    if (defcon_search_prepare(db, &request, &search) == DEFCON_SEARCH_OK
        && defcon_search_run(search, on_hit, out) >= 0
        && defcon_search_count(search, &out->total, &undated) == 0) {
        out->shares = defcon_search_ranking_shares(search);
        out->walked = defcon_search_ranking_walked(search);
        rc = 0;
    } else {
        fprintf(stderr, "  %s: %s\n", s->query ? s->query : s->similar_to,
                search ? defcon_search_errmsg(search) : "no memory");
    }
    defcon_search_free(search);
    return rc;
}

/* The shape ranked in two shares (after 1 estimated match), and ranked
 * whole a row at a time, gives what it gives ranked whole (never in
 * shares, walked where it can be). */
static void check_same(defcon_db *db, const shape *s, int expect_shares)
{
    result whole, shares, rows;

    CHECK(run(db, s, -1, 0, &whole) == 0);
    CHECK(run(db, s, 1, 0, &shares) == 0);
    CHECK(run(db, s, -1, -1, &rows) == 0);
    fprintf(stderr, "  %s%s%s: %ld hits of %ld, %d shares, %s\n",
            s->query ? s->query : "similar ", s->similar_to ? s->similar_to : "",
            s->country ? " (country)" : "", whole.hits, whole.total, shares.shares,
            whole.walked ? "walked" : "row by row");
    CHECK_LONG(whole.shares, 1);
    CHECK_LONG(shares.shares, expect_shares);
    CHECK_LONG(whole.walked, s->walks);
    CHECK_LONG(shares.walked, expect_shares == 1 && s->walks);
    CHECK_LONG(rows.walked, 0);
    CHECK(whole.hits > 0);
    CHECK_LONG(shares.hits, whole.hits);
    CHECK_LONG(shares.total, whole.total);
    CHECK_STR(defcon_buffer_cstr(&shares.text), defcon_buffer_cstr(&whole.text));
    CHECK_LONG(rows.hits, whole.hits);
    CHECK_LONG(rows.total, whole.total);
    CHECK_STR(defcon_buffer_cstr(&rows.text), defcon_buffer_cstr(&whole.text));
    defcon_buffer_free(&whole.text);
    defcon_buffer_free(&shares.text);
    defcon_buffer_free(&rows.text);
}

int main(void)
{
    static const shape shapes[] = {
        {.query = "oil", .walks = 1},
        {.query = "said", .walks = 1},                  /* in nearly every article */
        {.query = "said", .limit = 1, .walks = 1},
        {.query = "said", .limit = 40, .offset = 30, .walks = 1},   /* a later page */
        {.query = "oil prices"},
        {.query = "\"a spokesman said\"", .walks = 1},  /* one phrase: idf deferred */
        {.query = "\"the treaty\" reactor"},
        {.query = "oil OR uranium", .walks = 1},
        {.query = "oil NOT prices", .walks = 1},   /* prices in fewer articles */
        {.query = "NEAR(spokesman said, 3)"},
        {.query = "title:summit talks"},
        /* a country filter's share of the matches is not estimated */
        {.query = "oil", .country = "IR", .whole = 1},
        {.query = "said", .since = "2002-03-01", .until = "2003-02-14"},
        {.query = "said", .since = "2002"},
        {.query = "said", .all_copies = 1, .walks = 1},
        {.query = "oil summit reactor embassy ceasefire"},   /* best match relaxes */
        {.query = "oil summit reactor", .match = DEFCON_MATCH_ANY},
        /* similar's 16 terms are walked, not cut in two, less the article
         * and its story's copies (a0109 is a copy of a0108) */
        {.similar_to = "a0100.md", .whole = 1, .walks = 1},
        {.similar_to = "a0108.md", .whole = 1, .walks = 1},
        {.similar_to = "a0109.md", .whole = 1, .walks = 1},
        {.similar_to = "a0109.md", .all_copies = 1, .whole = 1, .walks = 1},
    };
    defcon_index_options options;
    defcon_index_stats stats;
    defcon_db *db = NULL;
    unsigned long state = 1984, copy_state = 0;
    char error[512];
    size_t i;
    int n;

    if (check_temp_folder("parallel_rank", root, sizeof root) != 0)
        return 1;
    snprintf(archive, sizeof archive, "%s/archive", root);
    snprintf(db_path, sizeof db_path, "%s/index.db", root);
    CHECK(mkdir(archive, 0700) == 0);
    for (n = 0; n < ARTICLES; n++)
        CHECK(write_article(n, &state, &copy_state) == 0);
    CHECK(write_named(ARTICLES, "Gaddafi") == 0);   /* one name, two spellings */
    CHECK(write_named(ARTICLES + 1, "Qaddafi") == 0);
    memset(&options, 0, sizeof options);
    options.threads = 2;
    CHECK(defcon_index_run(db_path, archive, &options, &stats, error, sizeof error) == 0);
    CHECK(defcon_db_open(db_path, DEFCON_DB_READ, NULL, &db, NULL) == 0);

    for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
        check_same(db, &shapes[i], shapes[i].whole ? 1 : 2);
    {   /* a prefix is never cut: FTS5 merges its doclists whatever the range */
        shape prefix = {.query = "sanc*"};
        check_same(db, &prefix, 1);
    }
    {   /* a field query is estimated at nothing */
        shape field = {.query = "title:summit", .walks = 1};
        check_same(db, &field, 1);
    }
    {   /* a name of several spellings is several phrases, either will do */
        shape name = {.query = "Gaddafi", .walks = 1};
        check_same(db, &name, 2);
    }
    {   /* terms ORed: all but the commonest held, it walked */
        static const shape any[] = {
            /* four phrases (two spellings): walked, not cut in two */
            {.query = "oil OR uranium OR Gaddafi", .whole = 1, .walks = 1},
            {.query = "said OR talks", .limit = 40, .offset = 30, .walks = 1},
            {.query = "\"a spokesman said\" OR zirconium", .walks = 1},   /* idf counted */
            {.query = "Gaddafi OR zirconium", .walks = 1},   /* rows holding both */
            {.query = "oil OR (uranium OR treaty)", .all_copies = 1, .walks = 1},
            {.query = "oil OR NEAR(spokesman said)"},
            {.query = "oil OR title:summit"},
        };
        for (i = 0; i < sizeof any / sizeof any[0]; i++)
            check_same(db, &any[i], any[i].whole ? 1 : 2);
    }
    {   /* a phrase less rarer terms: their rows gathered, the phrase's walked */
        static const shape less[] = {
            {.query = "talks NOT Gaddafi", .walks = 1},   /* a negated name: as typed */
            {.query = "talks -zirconium -Gaddafi", .walks = 1},
            {.query = "\"a spokesman said\" NOT zirconium", .walks = 1},   /* idf counted */
            {.query = "said -(Gaddafi OR zirconium)", .limit = 40, .offset = 30, .walks = 1},
            {.query = "said NOT (talks ended)"},   /* a group: not walked */
            {.query = "zirconium NOT oil"},        /* more rows left out than held */
            {.query = "Gaddafi NOT oil"},          /* the first term two phrases */
            {.query = "title:talks NOT zirconium"},
        };
        for (i = 0; i < sizeof less / sizeof less[0]; i++)
            check_same(db, &less[i], 2);
    }

    defcon_db_close(db);
    check_remove_folder(root);
    return check_finish();
}

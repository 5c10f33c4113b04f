/*
 * search.c - running searches; see search.h.
 *
 * The SQL is assembled from fixed fragments, every value bound by name.
 * With a query, FTS5 drives: it applies the MATCH, the rowid range that a
 * date filter becomes (rowids follow the date, database.h), and, for the
 * date orders, walks rowids in order so a LIMIT stops it early. Without a
 * query the articles table is read in rowid order under the same filters.
 */
#include "search.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "countries.h"
#include "query.h"
#include "codes.h"
#include "rank.h"
#include "terms.h"
#include "tokenizer.h"

/* Relevance searches reaching deeper than this many hits use FTS5's own
 * ORDER BY rank instead of the ranker (rank.h), which keeps them all. */
#define MAX_RANKED 10000
/* Most stems one prefix term may add. */
#define MAX_PREFIX_STEMS 64
/* Characters of the body read for a snippet when there is no query. */
#define LEAD_CHARS 1500
/* Most matches a row may hold for snippet(), whose time grows with their
 * square: a 50 MB article that holds the word 600,000 times would stall
 * a search for hours. Rows with more show their lead instead. */
#define MAX_SNIPPET_MATCHES 1000

struct defcon_search {
    defcon_db *db;
    defcon_search_request request;
    int has_query;                   /* FTS5 drives: words or countries to match */
    int has_words;                   /* the researcher's own words: rank by them */
    defcon_buffer expression;
    defcon_tokenizer *tokenizer;     /* created on first need */
    sqlite3_stmt *hits, *count, *undated;
    sqlite3_stmt *hit;               /* one row by rowid, for the ranker's best */
    int ranked;                      /* hits come from the ranker: its score */
    double ranked_score;
    char message[1024];
};

static int fail(defcon_search *search, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int fail(defcon_search *search, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    vsnprintf(search->message, sizeof search->message, format, args);
    va_end(args);
    return -1;
}

/* The database's own wording (database.c), which names a damaged file. */
static int fail_sqlite(defcon_search *search, const char *what)
{
    defcon_db_fail_sqlite(search->db, what);
    return fail(search, "%s", defcon_db_errmsg(search->db));
}

const char *defcon_search_errmsg(const defcon_search *search)
{
    return search ? search->message : "out of memory";
}

const char *defcon_search_expression(const defcon_search *search)
{
    return defcon_buffer_cstr(&search->expression);
}

void defcon_search_request_init(defcon_search_request *request)
{
    memset(request, 0, sizeof *request);
    request->sort = DEFCON_SORT_RELEVANCE;
    request->limit = 10;
    request->snippet_words = 24;
}

static int ensure_tokenizer(defcon_search *search)
{
    if (search->tokenizer)
        return 0;
    if (defcon_tokenizer_new(defcon_db_sqlite(search->db), &search->tokenizer) != SQLITE_OK)
        return fail(search, "cannot create the tokenizer");
    return 0;
}

/* Folds `text` as the index does; succeeds only when it is one word. */
static int fold_one_word(defcon_search *search, const char *text, defcon_buffer *word)
{
    defcon_tokens tokens = {NULL, 0, 0, DEFCON_BUFFER_INIT};
    int rc = -1;

    if (ensure_tokenizer(search) == 0
        && defcon_tokenizer_fold(search->tokenizer, text, strlen(text), &tokens) == SQLITE_OK
        && tokens.count == 1) {
        defcon_buffer_clear(word);
        rc = defcon_buffer_append(word, tokens.terms.data, (size_t)tokens.items[0].term_len);
    }
    defcon_tokens_free(&tokens);
    return rc;
}

/* The prefix expander of query.h: stems of indexed words that start with
 * the prefix while their stems do not ("sanitiz" -> "sanit"). */
static int expand_prefix(void *context, const char *prefix, defcon_buffer *stems)
{
    defcon_search *search = context;
    defcon_buffer folded = DEFCON_BUFFER_INIT, upper = DEFCON_BUFFER_INIT;
    sqlite3_stmt *stmt = NULL;
    int rc = 0;

    if (fold_one_word(search, prefix, &folded) != 0 || folded.len == 0) {
        defcon_buffer_free(&folded);
        return 0;   /* several words or none: FTS5's own prefix match only */
    }
    /* Every word starting with the prefix sorts below prefix + 0xff. */
    if (defcon_buffer_append(&upper, folded.data, folded.len) != 0
        || defcon_buffer_putc(&upper, (char)0xff) != 0)
        rc = -1;
    if (rc == 0
        && sqlite3_prepare_v2(defcon_db_sqlite(search->db),
                              "SELECT DISTINCT stem FROM vocab WHERE word >= ?1 AND word < ?2"
                              " AND substr(stem, 1, length(?1)) <> ?1 LIMIT ?3",
                              -1, &stmt, NULL) != SQLITE_OK)
        rc = -1;
    if (rc == 0) {
        sqlite3_bind_text(stmt, 1, folded.data, (int)folded.len, SQLITE_STATIC);
        /* Bound as text: a blob sorts above every text value. */
        sqlite3_bind_text(stmt, 2, upper.data, (int)upper.len, SQLITE_STATIC);
        sqlite3_bind_int(stmt, 3, MAX_PREFIX_STEMS);
        while (rc == 0 && sqlite3_step(stmt) == SQLITE_ROW) {
            const char *stem = (const char *)sqlite3_column_text(stmt, 0);
            if (defcon_buffer_append(stems, stem, strlen(stem) + 1) != 0)
                rc = -1;
        }
    }
    sqlite3_finalize(stmt);
    defcon_buffer_free(&folded);
    defcon_buffer_free(&upper);
    return rc;
}

/* ---- what the terms table knows of the query's phrases ---- */

typedef struct phrase_rows {
    defcon_search *search;
    sqlite3_stmt *lookup;
    defcon_tokens tokens;
    long long *known;
    int count, capacity;
    int failed;
} phrase_rows;

/* A defcon_phrase_visitor: the articles holding the phrase when it is one
 * term that the search's words reach in title and body, else -1. */
static int visit_phrase(void *context, const char *text, size_t len, int prefix, int narrowed)
{
    phrase_rows *p = context;
    long long rows = -1;

    if (p->count == p->capacity) {
        int bigger = p->capacity ? p->capacity * 2 : 16;
        long long *grown = realloc(p->known, (size_t)bigger * sizeof *grown);
        if (!grown) {
            p->failed = 1;
            return 1;
        }
        p->known = grown;
        p->capacity = bigger;
    }
    defcon_tokens_reset(&p->tokens);
    if (!prefix && !narrowed
        && defcon_tokenizer_run(p->search->tokenizer, text, len, &p->tokens, NULL, NULL)
               == SQLITE_OK
        && p->tokens.count == 1
        && defcon_terms_lookup(defcon_db_sqlite(p->search->db), &p->lookup,
                               p->tokens.terms.data + p->tokens.items[0].term,
                               (size_t)p->tokens.items[0].term_len, &rows) != SQLITE_OK)
        rows = -1;
    p->known[p->count++] = rows;
    return 0;
}

/* Tells the ranker the row counts the terms table holds for the query's
 * phrases. Without them (an old index, odd syntax) it counts them itself:
 * slower, same result. Returns 0, or -1 when out of memory. */
static int give_known_rows(defcon_search *search, defcon_ranker *ranker)
{
    phrase_rows p;
    int rc;

    memset(&p, 0, sizeof p);
    p.search = search;
    if (ensure_tokenizer(search) != 0)
        return 0;
    rc = defcon_query_phrases(search->expression.data, search->expression.len, visit_phrase, &p);
    if (p.failed)
        rc = -2;
    else if (rc == 0)
        rc = defcon_ranker_known_rows(ranker, p.known, p.count) == 0 ? 0 : -2;
    sqlite3_finalize(p.lookup);
    defcon_tokens_free(&p.tokens);
    free(p.known);
    return rc == -2 ? -1 : 0;
}

/* ---- SQL assembly ---- */

/* Completes the FTS5 expression: the researcher's words are kept to the
 * title and body, and each --country becomes a term of the countries
 * column, ORed with its predecessor states unless the request is exact:
 *   {title body} : (...) AND {countries} : ("RU" OR "SU") */
static int add_country_terms(defcon_search *search)
{
    const defcon_search_request *r = &search->request;
    defcon_buffer words = search->expression;
    size_t i, k;
    int rc = 0;

    memset(&search->expression, 0, sizeof search->expression);
    if (words.len)
        rc |= defcon_buffer_printf(&search->expression, "{title body} : (%s)", words.data);
    defcon_buffer_free(&words);
    for (i = 0; i < r->country_count; i++) {
        const char *const *before = r->exact_countries
                                        ? NULL : defcon_country_predecessors(r->countries[i]);
        rc |= defcon_buffer_printf(&search->expression, "%s{countries} : (\"%s\"",
                                   search->expression.len ? " AND " : "", r->countries[i]);
        for (k = 0; before && before[k]; k++)
            rc |= defcon_buffer_printf(&search->expression, " OR \"%s\"", before[k]);
        rc |= defcon_buffer_putc(&search->expression, ')');
    }
    return rc ? -1 : 0;
}

/* The WHERE conditions after "WHERE": the match (words and countries),
 * the rowid range and the date filter. */
static int append_conditions(defcon_search *search, defcon_buffer *sql, int with_dates)
{
    const defcon_search_request *r = &search->request;
    const char *rowid = search->has_query ? "fts.rowid" : "a.rowid";
    int rc = 0;

    if (search->has_query)
        rc |= defcon_buffer_puts(sql, "fts MATCH :expr AND ");
    rc |= defcon_buffer_printf(sql, "%s >= :lo AND %s < :hi", rowid, rowid);
    if (with_dates && r->has_until)
        rc |= defcon_buffer_puts(sql, " AND a.last_day <= :until");
    return rc ? -1 : 0;
}

/* The hits query. With `by_rowid`, no order: it fetches the one row of
 * a [rowid, rowid + 1) range (FTS5's ORDER BY rank would rank every
 * match to return it). */
static int build_hits_sql(defcon_search *search, defcon_buffer *sql, int by_rowid)
{
    const defcon_search_request *r = &search->request;
    int rc = 0;

    rc |= defcon_buffer_puts(sql, "SELECT a.rowid, a.id, a.path, a.title, a.date, a.source, a.url, ");
    if (r->bare)
        rc |= defcon_buffer_puts(sql, "NULL, a.title, NULL, NULL, NULL, NULL");
    /* By rowid the ranker already has the score; rank here would make FTS5
     * recount every match of each phrase for its idf, for one row. */
    else if (search->has_words)
        rc |= defcon_buffer_printf(sql, "%s, highlight(fts, 0, char(1), char(2)),"
                                        " CASE WHEN " DEFCON_INSTANCES_FUNCTION "(fts) <= %d"
                                        " THEN snippet(fts, 1, char(1), char(2), '…', :words)"
                                        " END, ", by_rowid ? "NULL" : "-fts.rank",
                                   MAX_SNIPPET_MATCHES);
    else
        rc |= defcon_buffer_printf(sql, "NULL, a.title, substr(a.body, 1, %d), ", LEAD_CHARS);
    if (!r->bare)
        rc |= defcon_buffer_puts(sql,
            "a.countries, (SELECT group_concat(m.key || ':'"
            " || json_extract(m.value, '$.count'), ',') FROM json_each(a.mentions) m)");
    if (r->bare)
        ;
    else if (search->has_words)   /* the lead, for rows with too many matches for snippet() */
        rc |= defcon_buffer_printf(sql, ", CASE WHEN " DEFCON_INSTANCES_FUNCTION "(fts) > %d"
                                        " THEN substr(a.body, 1, %d) END",
                                   MAX_SNIPPET_MATCHES, LEAD_CHARS);
    else
        rc |= defcon_buffer_puts(sql, ", NULL");
    if (search->has_query)
        rc |= defcon_buffer_puts(sql, " FROM fts CROSS JOIN articles a ON a.rowid = fts.rowid WHERE ");
    else
        rc |= defcon_buffer_puts(sql, " FROM articles a WHERE ");
    rc |= append_conditions(search, sql, 1);
    if (by_rowid)
        ;
    else if (search->has_words && r->sort == DEFCON_SORT_RELEVANCE)
        rc |= defcon_buffer_puts(sql, " ORDER BY fts.rank");
    else if (r->sort == DEFCON_SORT_OLDEST)   /* rowids run newest first */
        rc |= defcon_buffer_printf(sql, " ORDER BY %s DESC",
                                   search->has_query ? "fts.rowid" : "a.rowid");
    else
        rc |= defcon_buffer_printf(sql, " ORDER BY %s", search->has_query ? "fts.rowid" : "a.rowid");
    rc |= defcon_buffer_puts(sql, " LIMIT :limit OFFSET :offset");
    return rc ? -1 : 0;
}

/* "SELECT <what> FROM <the matching articles as a> WHERE <conditions>".
 * With a query and `what` not reading the articles table (`reads_articles`
 * 0: only fts columns, count(*) or an FTS5 function), the join is left out
 * unless the date filter needs it: a count of a common word then walks
 * FTS5's doclist only. */
static int build_matching_sql(defcon_search *search, defcon_buffer *sql, const char *what,
                              int reads_articles, int with_dates)
{
    int needs_articles = reads_articles || (with_dates && search->request.has_until);
    int rc = defcon_buffer_printf(sql, "SELECT %s FROM ", what);

    if (search->has_query && !needs_articles)
        rc |= defcon_buffer_puts(sql, "fts WHERE ");
    else if (search->has_query)
        rc |= defcon_buffer_puts(sql, "fts CROSS JOIN articles a ON a.rowid = fts.rowid WHERE ");
    else
        rc |= defcon_buffer_puts(sql, "articles a WHERE ");
    rc |= append_conditions(search, sql, with_dates);
    return rc ? -1 : 0;
}

static int build_count_sql(defcon_search *search, defcon_buffer *sql, int with_dates)
{
    return build_matching_sql(search, sql, "count(*)", 0, with_dates);
}

static void bind_named_int64(sqlite3_stmt *stmt, const char *name, long long value)
{
    int index = sqlite3_bind_parameter_index(stmt, name);
    if (index > 0)
        sqlite3_bind_int64(stmt, index, value);
}

/* Binds everything but :lo, :hi, :limit and :offset. */
static void bind_common(defcon_search *search, sqlite3_stmt *stmt)
{
    const defcon_search_request *r = &search->request;
    int index = sqlite3_bind_parameter_index(stmt, ":expr");

    if (index > 0)
        sqlite3_bind_text(stmt, index, search->expression.data, (int)search->expression.len,
                          SQLITE_STATIC);
    bind_named_int64(stmt, ":words", r->snippet_words);
    if (r->has_until)
        bind_named_int64(stmt, ":until", r->until_day);
}

/* The rowid range [lo, hi) the request covers. Rowids run from the
 * newest day down (database.h): the until day gives the low end. */
static void rowid_range(const defcon_search_request *r, long long *lo, long long *hi)
{
    *lo = 0;
    *hi = INT64_MAX;
    if (r->has_since || r->has_until)
        *hi = defcon_rowid_undated_start();   /* undated never match a date filter */
    if (r->has_until)
        *lo = defcon_rowid_day_start(r->until_day);
    if (r->has_since)
        *hi = defcon_rowid_day_end(r->since_day);
}

static int prepare_statement(defcon_search *search, defcon_buffer *sql, sqlite3_stmt **stmt)
{
    if (sqlite3_prepare_v2(defcon_db_sqlite(search->db), defcon_buffer_cstr(sql), (int)sql->len,
                           stmt, NULL) != SQLITE_OK)
        return fail_sqlite(search, "preparing the search");
    bind_common(search, *stmt);
    return 0;
}

defcon_search_status defcon_search_prepare(defcon_db *db, const defcon_search_request *request,
                                           defcon_search **out)
{
    defcon_search *search = calloc(1, sizeof *search);
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    defcon_query_status status = DEFCON_QUERY_EMPTY;
    int filters;

    *out = search;
    if (!search)
        return DEFCON_SEARCH_FAILED;
    search->db = db;
    search->request = *request;
    filters = request->country_count > 0 || request->has_since || request->has_until;
    if (request->query) {
        status = defcon_query_translate(request->query, expand_prefix, search,
                                        &search->expression, search->message,
                                        sizeof search->message);
        if (status == DEFCON_QUERY_ERROR)
            return DEFCON_SEARCH_BAD_QUERY;
    }
    if (status == DEFCON_QUERY_EMPTY && !filters) {
        if (request->query && request->query[0]) {
            fail(search, "the query \"%s\" has no words to search for", request->query);
            return DEFCON_SEARCH_NOTHING;
        }
        fail(search, "nothing to search for: give a query or a filter");
        return DEFCON_SEARCH_BAD_QUERY;
    }
    search->has_words = status == DEFCON_QUERY_OK;
    if (!search->has_words)
        defcon_buffer_clear(&search->expression);
    if (add_country_terms(search) != 0) {
        fail(search, "out of memory");
        return DEFCON_SEARCH_FAILED;
    }
    search->has_query = search->expression.len > 0;
    if (build_hits_sql(search, &sql, 0) != 0) {
        defcon_buffer_free(&sql);
        fail(search, "out of memory");
        return DEFCON_SEARCH_FAILED;
    }
    if (prepare_statement(search, &sql, &search->hits) != 0) {
        defcon_buffer_free(&sql);
        return DEFCON_SEARCH_FAILED;
    }
    defcon_buffer_free(&sql);
    return DEFCON_SEARCH_OK;
}

/* Turns an FTS5 error about the expression into a query error. */
static long run_failed(defcon_search *search)
{
    fail_sqlite(search, "searching");
    return -1;
}

/* The snippet for a hit without a query: the first words of the body. */
static void lead_of(const char *body, int words, defcon_buffer *out)
{
    const char *p = body ? body : "";
    int count = 0, in_word = 0;

    defcon_buffer_clear(out);
    while (*p == ' ' || *p == '\n')
        p++;
    for (; *p; p++) {
        int space = *p == ' ' || *p == '\n' || *p == '\t';
        if (!space && !in_word && ++count > words)
            break;
        in_word = !space;
        defcon_buffer_putc(out, space ? ' ' : *p);
    }
    while (out->len && out->data[out->len - 1] == ' ')
        out->data[--out->len] = '\0';
    if (*p)
        defcon_buffer_puts(out, "…");
}

static const char *column_text(sqlite3_stmt *stmt, int column)
{
    return (const char *)sqlite3_column_text(stmt, column);
}

/* Appends the country of the 2 letters at `code` to `storage` (an array
 * of defcon_hit_country); skips anything that is not 2 letters long. */
static int put_hit_country(defcon_buffer *storage, const char *code, size_t len, long mentions)
{
    defcon_hit_country country;

    if (len != 2)
        return 0;
    memset(&country, 0, sizeof country);
    memcpy(country.code, code, 2);
    country.mentions = mentions > 0 && mentions < 1000000000L ? (int)mentions : 0;
    return defcon_buffer_append(storage, (const char *)&country, sizeof country);
}

/* The hit's countries from what the hits SQL returns: `about`, the codes
 * the article is about, space-separated (articles.countries), and
 * `mentions`, "KP:5,IR:4" from the articles.mentions JSON. The structs go
 * to `storage` (mentions first, then those about, each with its count
 * looked up among the mentions) and the hit points into it. The one
 * place the stored forms are read back. Returns 0 or -1. */
static int decode_hit_countries(const char *about, const char *mentions, defcon_buffer *storage,
                                defcon_hit *hit)
{
    const char *p;
    size_t i, n;
    int rc = 0;

    defcon_buffer_clear(storage);
    for (p = mentions ? mentions : ""; rc == 0 && *p; p += n + (p[n] == ',')) {
        const char *colon;
        n = strcspn(p, ",");
        colon = memchr(p, ':', n);
        if (colon)
            rc = put_hit_country(storage, p, (size_t)(colon - p), strtol(colon + 1, NULL, 10));
    }
    hit->mention_count = storage->len / sizeof(defcon_hit_country);
    for (p = about ? about : ""; rc == 0 && *p; p += n + (p[n] == ' ')) {
        const defcon_hit_country *known = (const defcon_hit_country *)(void *)storage->data;
        long count = 0;
        n = strcspn(p, " ");
        for (i = 0; i < hit->mention_count && n == 2; i++)
            if (memcmp(known[i].code, p, 2) == 0)
                count = known[i].mentions;
        rc = put_hit_country(storage, p, n, count);
    }
    hit->mentions = (const defcon_hit_country *)(void *)storage->data;
    hit->countries = hit->mentions ? hit->mentions + hit->mention_count : NULL;
    hit->country_count = storage->len / sizeof(defcon_hit_country) - hit->mention_count;
    return rc;
}

/* Runs a hits statement over [lo, hi) with the given window. Returns
 * the rows seen or -1. *stop is set when the callback asked to stop. */
static long run_statement(defcon_search *search, sqlite3_stmt *stmt, long long lo, long long hi,
                          long limit, long offset, defcon_hit_callback callback, void *context,
                          int *stop)
{
    defcon_buffer lead = DEFCON_BUFFER_INIT, countries = DEFCON_BUFFER_INIT;
    long rows = 0;
    int rc;

    sqlite3_reset(stmt);
    bind_named_int64(stmt, ":lo", lo);
    bind_named_int64(stmt, ":hi", hi);
    bind_named_int64(stmt, ":limit", limit);
    bind_named_int64(stmt, ":offset", offset);
    while (!*stop && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        defcon_hit hit;
        hit.rowid = sqlite3_column_int64(stmt, 0);
        hit.id = column_text(stmt, 1);
        hit.path = column_text(stmt, 2);
        hit.title = column_text(stmt, 3);
        hit.date = column_text(stmt, 4);
        hit.source = column_text(stmt, 5);
        hit.url = column_text(stmt, 6);
        hit.has_score = search->ranked || sqlite3_column_type(stmt, 7) != SQLITE_NULL;
        hit.score = search->ranked ? search->ranked_score : sqlite3_column_double(stmt, 7);
        hit.title_marked = column_text(stmt, 8);
        if (search->has_words && sqlite3_column_type(stmt, 12) == SQLITE_NULL) {
            hit.snippet = column_text(stmt, 9);
        } else {
            lead_of(column_text(stmt, search->has_words ? 12 : 9), search->request.snippet_words,
                    &lead);
            hit.snippet = defcon_buffer_cstr(&lead);
        }
        if (decode_hit_countries(column_text(stmt, 10), column_text(stmt, 11), &countries,
                                 &hit) != 0) {
            defcon_buffer_free(&lead);
            defcon_buffer_free(&countries);
            sqlite3_reset(stmt);
            return fail(search, "out of memory");
        }
        rows++;
        if (callback && callback(context, &hit) != 0)
            *stop = 1;
    }
    defcon_buffer_free(&lead);
    defcon_buffer_free(&countries);
    if (!*stop && rc != SQLITE_DONE) {
        sqlite3_reset(stmt);
        return run_failed(search);
    }
    sqlite3_reset(stmt);
    return rows;
}

static int count_range(defcon_search *search, sqlite3_stmt **stmt, int with_dates,
                       long long lo, long long hi, long *count)
{
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    int rc;

    if (!*stmt) {
        if (build_count_sql(search, &sql, with_dates) != 0) {
            defcon_buffer_free(&sql);
            return fail(search, "out of memory");
        }
        rc = prepare_statement(search, &sql, stmt);
        defcon_buffer_free(&sql);
        if (rc != 0)
            return -1;
    }
    sqlite3_reset(*stmt);
    bind_named_int64(*stmt, ":lo", lo);
    bind_named_int64(*stmt, ":hi", hi);
    rc = sqlite3_step(*stmt);
    *count = rc == SQLITE_ROW ? (long)sqlite3_column_int64(*stmt, 0) : 0;
    sqlite3_reset(*stmt);
    if (rc != SQLITE_ROW)
        return fail_sqlite(search, "counting");
    return 0;
}

static long run_phase(defcon_search *search, long long lo, long long hi, long limit, long offset,
                      defcon_hit_callback callback, void *context, int *stop)
{
    return run_statement(search, search->hits, lo, hi, limit, offset, callback, context, stop);
}

/* Relevance order through the ranker (rank.h): every match in [lo, hi)
 * is offered to it, then the best rows are fetched one by one. Returns the
 * rows given to the callback, or -1. */
static long run_ranked(defcon_search *search, long long lo, long long hi,
                       defcon_hit_callback callback, void *context, int *stop)
{
    const defcon_search_request *r = &search->request;
    const double weights[3] = {DEFCON_TITLE_WEIGHT, 1.0, 0.0};
    size_t k = (size_t)(r->limit + r->offset), n, i;
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    defcon_ranker *ranker;
    sqlite3_stmt *stmt = NULL;
    long long *rowids = NULL;
    double *scores = NULL;
    long rows = 0, got;
    int rc;

    if (r->limit <= 0)
        return 0;
    ranker = defcon_ranker_new(k, weights, 3);
    if (ranker && lo == 0 && hi == INT64_MAX && !r->has_until)
        defcon_ranker_sees_every_match(ranker);
    if (ranker && give_known_rows(search, ranker) != 0) {
        defcon_ranker_free(ranker);
        ranker = NULL;
    }
    rowids = malloc(k * sizeof *rowids);
    scores = malloc(k * sizeof *scores);
    if (!ranker || !rowids || !scores
        || build_matching_sql(search, &sql, DEFCON_RANK_FUNCTION "(fts, :ranker)", 0, 1) != 0) {
        rows = fail(search, "out of memory");
    } else if (prepare_statement(search, &sql, &stmt) == 0) {
        bind_named_int64(stmt, ":lo", lo);
        bind_named_int64(stmt, ":hi", hi);
        sqlite3_bind_pointer(stmt, sqlite3_bind_parameter_index(stmt, ":ranker"), ranker,
                             DEFCON_RANK_POINTER, NULL);
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
            ;
        if (rc != SQLITE_DONE)
            rows = run_failed(search);
    } else {
        rows = -1;
    }
    sqlite3_finalize(stmt);
    defcon_buffer_free(&sql);
    if (rows == 0 && !search->hit) {
        if (build_hits_sql(search, &sql, 1) != 0)
            rows = fail(search, "out of memory");
        else if (prepare_statement(search, &sql, &search->hit) != 0)
            rows = -1;
        defcon_buffer_free(&sql);
    }
    if (rows == 0) {
        n = defcon_ranker_results(ranker, rowids, scores);
        search->ranked = 1;
        for (i = (size_t)r->offset; rows >= 0 && !*stop && i < n; i++) {
            search->ranked_score = scores[i];
            got = run_statement(search, search->hit, rowids[i], rowids[i] + 1, 1, 0, callback,
                                context, stop);
            rows = got < 0 ? -1 : rows + got;
        }
        search->ranked = 0;
    }
    defcon_ranker_free(ranker);
    free(rowids);
    free(scores);
    return rows;
}

long defcon_search_run(defcon_search *search, defcon_hit_callback callback, void *context)
{
    const defcon_search_request *r = &search->request;
    long long lo, hi;
    long rows, more, dated;
    int stop = 0;

    long long undated = defcon_rowid_undated_start();

    rowid_range(r, &lo, &hi);
    if (search->has_words && r->sort == DEFCON_SORT_RELEVANCE && r->limit + r->offset <= MAX_RANKED)
        return run_ranked(search, lo, hi, callback, context, &stop);
    if (r->sort != DEFCON_SORT_OLDEST || hi <= undated)
        return run_phase(search, lo, hi, r->limit, r->offset, callback, context, &stop);
    /* Oldest first: the dated articles in date order, then the undated. */
    rows = run_phase(search, lo, undated, r->limit, r->offset, callback, context, &stop);
    if (rows < 0 || stop || rows >= r->limit)
        return rows;
    if (rows > 0) {
        dated = r->offset + rows;
    } else if (count_range(search, &search->count, 1, lo, undated, &dated) != 0) {
        return -1;
    }
    more = run_phase(search, undated, hi, r->limit - rows,
                     r->offset > dated ? r->offset - dated : 0, callback, context, &stop);
    return more < 0 ? -1 : rows + more;
}

int defcon_search_count(defcon_search *search, long *total, long *undated_left_out)
{
    const defcon_search_request *r = &search->request;
    long long lo, hi;

    *total = 0;
    *undated_left_out = 0;
    rowid_range(r, &lo, &hi);
    if (count_range(search, &search->count, 1, lo, hi, total) != 0)
        return -1;
    if (r->has_since || r->has_until)
        return count_range(search, &search->undated, 0, defcon_rowid_undated_start(), INT64_MAX,
                           undated_left_out);
    return 0;
}

/* ---- timeline, span and facets ---- */

/* Prepares `sql` (freed here) with the common values and the full rowid
 * range bound. */
static sqlite3_stmt *prepare_matching(defcon_search *search, defcon_buffer *sql, int built)
{
    sqlite3_stmt *stmt = NULL;
    long long lo, hi;

    if (built != 0) {
        fail(search, "out of memory");
    } else if (prepare_statement(search, sql, &stmt) == 0) {
        rowid_range(&search->request, &lo, &hi);
        bind_named_int64(stmt, ":lo", lo);
        bind_named_int64(stmt, ":hi", hi);
    }
    defcon_buffer_free(sql);
    return stmt;
}

/* The period after `label` ("1987" -> "1988", "1987-12" -> "1988-01"). */
static void next_period(char label[12], int by_month)
{
    /* Labels come from dates of years 1900 to 2100 (date.h). */
    int year = atoi(label) % 9999, month = by_month ? atoi(label + 5) % 100 : 0;

    if (year < 0 || month < 0)
        year = month = 0;

    if (by_month && month < 12) {
        snprintf(label, 12, "%04d-%02d", year, month + 1);
        return;
    }
    if (by_month)
        snprintf(label, 12, "%04d-01", year + 1);
    else
        snprintf(label, 12, "%04d", year + 1);
}

int defcon_search_timeline(defcon_search *search, int by_month, defcon_period **periods,
                           size_t *count, long *coarse)
{
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    sqlite3_stmt *matches, *totals = NULL;
    defcon_period *list = NULL;
    size_t n = 0, capacity = 0, i;
    int width = by_month ? 7 : 4, rc = 0;
    char label[12];

    *periods = NULL;
    *count = 0;
    if (coarse)
        *coarse = 0;
    rc = defcon_buffer_printf(&sql, "SELECT substr(date, 1, %d) AS period, count(*) FROM (",
                              width);
    rc |= build_matching_sql(search, &sql, "a.date AS date", 1, 1);
    rc |= defcon_buffer_puts(&sql, " AND a.date IS NOT NULL) GROUP BY period ORDER BY period");
    matches = prepare_matching(search, &sql, rc);
    rc = 0;
    if (!matches)
        return -1;
    while (rc == 0 && sqlite3_step(matches) == SQLITE_ROW) {
        const char *period = column_text(matches, 0);
        long hits = (long)sqlite3_column_int64(matches, 1);
        if ((int)strlen(period) < width) {
            if (coarse)
                *coarse += hits;
            continue;
        }
        /* Fill the empty periods since the last one. */
        if (n > 0) {
            memcpy(label, list[n - 1].label, sizeof label);
            next_period(label, by_month);
        } else {
            snprintf(label, sizeof label, "%s", period);
        }
        for (;;) {
            if (n == capacity) {
                size_t bigger = capacity ? capacity * 2 : 64;
                defcon_period *grown = realloc(list, bigger * sizeof *grown);
                if (!grown) {
                    rc = fail(search, "out of memory");
                    break;
                }
                list = grown;
                capacity = bigger;
            }
            memcpy(list[n].label, label, sizeof label);
            list[n].total = 0;
            if (strcmp(label, period) >= 0) {
                list[n++].matches = hits;
                break;
            }
            list[n++].matches = 0;
            next_period(label, by_month);
        }
    }
    sqlite3_finalize(matches);
    if (rc == 0 && n > 0) {
        if (sqlite3_prepare_v2(defcon_db_sqlite(search->db),
                               "SELECT label, articles FROM periods WHERE label >= ?2"
                               " AND label < ?3 AND length(label) = ?1 ORDER BY label",
                               -1, &totals, NULL) != SQLITE_OK) {
            rc = fail_sqlite(search, "counting the archive");
        } else {
            char end[12];
            memcpy(end, list[n - 1].label, sizeof end);
            next_period(end, by_month);
            sqlite3_bind_int(totals, 1, width);
            sqlite3_bind_text(totals, 2, list[0].label, -1, SQLITE_STATIC);
            sqlite3_bind_text(totals, 3, end, -1, SQLITE_STATIC);
            i = 0;
            while (sqlite3_step(totals) == SQLITE_ROW) {
                const char *period = column_text(totals, 0);
                while (i < n && strcmp(list[i].label, period) < 0)
                    i++;
                if (i < n && strcmp(list[i].label, period) == 0)
                    list[i].total = (long)sqlite3_column_int64(totals, 1);
            }
            sqlite3_finalize(totals);
        }
    }
    if (rc != 0) {
        free(list);
        return -1;
    }
    *periods = list;
    *count = n;
    return 0;
}

static int span_end(defcon_search *search, const char *order, char date[11])
{
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    sqlite3_stmt *stmt;
    const char *rowid = search->has_query ? "fts.rowid" : "a.rowid";
    long long lo, hi;
    int rc;

    date[0] = '\0';
    rc = build_matching_sql(search, &sql, "a.date", 1, 1);
    rc |= defcon_buffer_printf(&sql, " ORDER BY %s %s LIMIT 1", rowid, order);
    stmt = prepare_matching(search, &sql, rc);
    if (!stmt)
        return -1;
    /* Only dated articles have a place in time. */
    rowid_range(&search->request, &lo, &hi);
    if (hi > defcon_rowid_undated_start())
        bind_named_int64(stmt, ":hi", defcon_rowid_undated_start());
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW && column_text(stmt, 0))
        snprintf(date, 11, "%s", column_text(stmt, 0));
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail_sqlite(search, "finding the first and last mention");
    return 0;
}

int defcon_search_span(defcon_search *search, char first[11], char last[11])
{
    /* Rowids run newest first (database.h). */
    if (span_end(search, "DESC", first) != 0)
        return -1;
    return span_end(search, "ASC", last);
}

/* Index of a two-letter code in a 26 x 26 table, or -1. */
static int code_slot(const char *code)
{
    if (code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z')
        return -1;
    return (code[0] - 'A') * 26 + (code[1] - 'A');
}

/* Counts the codes in `codes` ("KP IR RU", len bytes) into counts[]. */
static void count_codes(const char *codes, size_t len, long counts[26 * 26])
{
    size_t i;

    for (i = 0; i + 1 < len; i++) {
        if ((i == 0 || codes[i - 1] == ' ') && (i + 2 == len || codes[i + 2] == ' ')) {
            int slot = code_slot(codes + i);
            if (slot >= 0)
                counts[slot]++;
            i++;
        }
    }
}

/* The countries the matches are about: the matching rowids from FTS5 (or
 * the rowid range), in rowid order, each one's codes from its block of
 * article_codes (codes.h) rather than from its row. */
static int count_about(defcon_search *search, long counts[26 * 26])
{
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    defcon_code_reader *reader = NULL;
    sqlite3_stmt *stmt;
    int rc;

    rc = build_matching_sql(search, &sql, search->has_query ? "fts.rowid" : "a.rowid", 0, 1);
    stmt = prepare_matching(search, &sql, rc);
    if (!stmt)
        return -1;
    rc = defcon_code_reader_new(defcon_db_sqlite(search->db), &reader);
    while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *codes;
        size_t len;
        rc = defcon_code_reader_get(reader, sqlite3_column_int64(stmt, 0), &codes, &len);
        if (rc == SQLITE_OK && len)
            count_codes(codes, len, counts);
    }
    defcon_code_reader_free(reader);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return rc == SQLITE_CORRUPT ? fail(search, "the index's country codes are damaged: "
                                                   "rebuild it with defcon-index --full")
                                    : fail_sqlite(search, "counting countries");
    return 0;
}

/* Every country the matches mention, from each row's JSON. */
static int count_mentioned(defcon_search *search, long counts[26 * 26])
{
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    sqlite3_stmt *stmt;
    int rc;

    rc = build_matching_sql(search, &sql, "a.mentions", 1, 1);
    stmt = prepare_matching(search, &sql, rc);
    if (!stmt)
        return -1;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *start = column_text(stmt, 0), *p = start;
        /* {"KP":{...},"IR":{...}}: every code is two capitals after a
         * quote that a colon follows. */
        for (; p && *p; p++) {
            if ((p[0] >= 'A' && p[0] <= 'Z') && (p[1] >= 'A' && p[1] <= 'Z') && p > start
                && p[-1] == '"' && p[2] == '"' && p[3] == ':') {
                counts[code_slot(p)]++;
                p++;
            }
        }
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return fail_sqlite(search, "counting countries");
    return 0;
}

long defcon_search_facets(defcon_search *search, const char *with_code, defcon_facet *facets,
                          size_t max)
{
    const char *const *before = NULL;
    long counts[26 * 26];
    size_t k, n = 0;
    int slot;

    memset(counts, 0, sizeof counts);
    if ((with_code ? count_mentioned(search, counts) : count_about(search, counts)) != 0)
        return -1;
    if (with_code) {
        before = search->request.exact_countries ? NULL : defcon_country_predecessors(with_code);
        if ((slot = code_slot(with_code)) >= 0)
            counts[slot] = 0;
        for (k = 0; before && before[k]; k++)
            if ((slot = code_slot(before[k])) >= 0)
                counts[slot] = 0;
    }
    /* The `max` largest, by count then code: a selection, the table is small. */
    while (n < max) {
        int best = -1, i;
        for (i = 0; i < 26 * 26; i++)
            if (counts[i] > 0 && (best < 0 || counts[i] > counts[best]))
                best = i;
        if (best < 0)
            break;
        facets[n].code[0] = (char)('A' + best / 26);
        facets[n].code[1] = (char)('A' + best % 26);
        facets[n].code[2] = '\0';
        facets[n].count = counts[best];
        counts[best] = 0;
        n++;
    }
    return (long)n;
}

/* ---- spelling suggestions ---- */

/* Edit distance with transpositions, giving up above `limit`. */
static int edit_distance(const char *a, size_t n, const char *b, size_t m, int limit)
{
    int rows[3][66];
    size_t i, j;

    if (n > 64 || m > 64)
        return limit + 1;
    if ((n > m ? n - m : m - n) > (size_t)limit)
        return limit + 1;
    for (j = 0; j <= m; j++)
        rows[0][j] = (int)j;
    for (i = 1; i <= n; i++) {
        int *cur = rows[i % 3], *prev = rows[(i - 1) % 3], *prev2 = rows[(i + 1) % 3];
        int best = cur[0] = (int)i;
        for (j = 1; j <= m; j++) {
            int cost = a[i - 1] != b[j - 1];
            int d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (prev[j - 1] + cost < d)
                d = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d;
            if (d < best)
                best = d;
        }
        if (best > limit)
            return limit + 1;
    }
    return rows[n % 3][m];
}

typedef struct candidate {
    defcon_buffer word;
    int distance;
    long documents;
} candidate;

static void consider(candidate *best, const char *word, size_t len, int distance, long documents)
{
    if (distance < best->distance
        || (distance == best->distance && documents > best->documents)) {
        defcon_buffer_clear(&best->word);
        defcon_buffer_append(&best->word, word, len);
        best->distance = distance;
        best->documents = documents;
    }
}

/* Documents holding `stem`, from the FTS5 vocabulary. */
static long stem_documents(sqlite3_stmt *documents, const char *stem, int len)
{
    long count = 0;

    sqlite3_bind_text(documents, 1, stem, len, SQLITE_STATIC);
    if (sqlite3_step(documents) == SQLITE_ROW)
        count = (long)sqlite3_column_int64(documents, 0);
    sqlite3_reset(documents);
    return count;
}

static int suggest_word(defcon_search *search, const char *typed, sqlite3_stmt *terms,
                        sqlite3_stmt *words, sqlite3_stmt *documents, defcon_buffer *out)
{
    defcon_buffer folded = DEFCON_BUFFER_INIT;
    candidate best = {DEFCON_BUFFER_INIT, 0, 0};
    const char *stem;
    char low[2], high[2];
    int stem_len, limit, rc = 0;

    if (fold_one_word(search, typed, &folded) != 0 || folded.len < 3) {
        defcon_buffer_free(&folded);
        return 0;
    }
    stem = defcon_tokenizer_stem(search->tokenizer, folded.data, (int)folded.len, &stem_len);
    if (stem_documents(documents, stem, stem_len) > 0) {
        defcon_buffer_free(&folded);
        return 0;   /* the word is there: nothing to correct */
    }
    limit = folded.len <= 4 ? 1 : 2;
    best.distance = limit + 1;
    /* Candidates share the first letter: typos rarely hit it, and it keeps
     * the scan to a slice of the vocabulary. */
    low[0] = folded.data[0];
    low[1] = '\0';
    high[0] = (char)(folded.data[0] + 1);
    high[1] = '\0';
    sqlite3_bind_text(terms, 1, low, 1, SQLITE_STATIC);
    sqlite3_bind_text(terms, 2, high, 1, SQLITE_STATIC);
    while (sqlite3_step(terms) == SQLITE_ROW) {
        const char *term = column_text(terms, 0);
        size_t len = (size_t)sqlite3_column_bytes(terms, 0);
        int d = edit_distance(folded.data, folded.len, term, len, limit);
        if (d <= limit)
            consider(&best, term, len, d, (long)sqlite3_column_int64(terms, 1));
    }
    sqlite3_reset(terms);
    sqlite3_bind_text(words, 1, low, 1, SQLITE_STATIC);
    sqlite3_bind_text(words, 2, high, 1, SQLITE_STATIC);
    while (sqlite3_step(words) == SQLITE_ROW) {
        const char *word = column_text(words, 0);
        size_t len = (size_t)sqlite3_column_bytes(words, 0);
        int d = edit_distance(folded.data, folded.len, word, len, limit);
        if (d <= limit) {
            const char *word_stem = column_text(words, 1);
            long docs = stem_documents(documents, word_stem, sqlite3_column_bytes(words, 1));
            consider(&best, word, len, d, docs);
        }
    }
    sqlite3_reset(words);
    if (best.distance <= limit && best.documents > 0) {
        /* Offer the word in the researcher's own capitalisation. */
        if (typed[0] >= 'A' && typed[0] <= 'Z' && best.word.data[0] >= 'a' && best.word.data[0] <= 'z')
            best.word.data[0] = (char)(best.word.data[0] - 'a' + 'A');
        rc = defcon_buffer_printf(out, "%s\t%s\n", typed, best.word.data);
    }
    defcon_buffer_free(&best.word);
    defcon_buffer_free(&folded);
    return rc;
}

int defcon_search_suggest(defcon_search *search, defcon_buffer *suggestions)
{
    sqlite3 *sqlite = defcon_db_sqlite(search->db);
    sqlite3_stmt *terms = NULL, *words = NULL, *documents = NULL;
    defcon_buffer list = DEFCON_BUFFER_INIT;
    size_t at;
    int rc = 0;

    if (!search->request.query || ensure_tokenizer(search) != 0)
        return 0;
    if (defcon_query_words(search->request.query, &list) != 0)
        return fail(search, "out of memory");
    if (sqlite3_exec(sqlite, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms"
                             " USING fts5vocab(main, fts, row)", NULL, NULL, NULL) != SQLITE_OK
        || sqlite3_prepare_v2(sqlite, "SELECT term, doc FROM temp.fts_terms"
                                      " WHERE term >= ?1 AND term < ?2", -1, &terms, NULL) != SQLITE_OK
        || sqlite3_prepare_v2(sqlite, "SELECT word, stem FROM vocab WHERE word >= ?1 AND word < ?2",
                              -1, &words, NULL) != SQLITE_OK
        || sqlite3_prepare_v2(sqlite, "SELECT doc FROM temp.fts_terms WHERE term = ?1", -1,
                              &documents, NULL) != SQLITE_OK)
        rc = fail_sqlite(search, "looking for suggestions");
    for (at = 0; rc == 0 && at < list.len; at += strlen(list.data + at) + 1)
        rc = suggest_word(search, list.data + at, terms, words, documents, suggestions);
    sqlite3_finalize(terms);
    sqlite3_finalize(words);
    sqlite3_finalize(documents);
    defcon_buffer_free(&list);
    return rc;
}

void defcon_search_free(defcon_search *search)
{
    if (!search)
        return;
    sqlite3_finalize(search->hits);
    sqlite3_finalize(search->hit);
    sqlite3_finalize(search->count);
    sqlite3_finalize(search->undated);
    defcon_tokenizer_free(search->tokenizer);
    defcon_buffer_free(&search->expression);
    free(search);
}

/* ---- single articles and highlighting, for `show` ---- */

static char *column_copy(sqlite3_stmt *stmt, int column)
{
    const char *text = column_text(stmt, column);
    return text ? strdup(text) : NULL;
}

int defcon_article_find(defcon_db *db, const char *key, defcon_article_record *out)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    if (sqlite3_prepare_v2(defcon_db_sqlite(db),
                           "SELECT id, path, title, date, source, url, countries, body"
                           " FROM articles WHERE id = ?1 UNION ALL"
                           " SELECT id, path, title, date, source, url, countries, body"
                           " FROM articles WHERE path = ?1 LIMIT 1",
                           -1, &stmt, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(db, "finding the article");
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        out->id = column_copy(stmt, 0);
        out->path = column_copy(stmt, 1);
        out->title = column_copy(stmt, 2);
        out->date = column_copy(stmt, 3);
        out->source = column_copy(stmt, 4);
        out->url = column_copy(stmt, 5);
        out->countries = column_copy(stmt, 6);
        out->body = column_copy(stmt, 7);
        if (!out->id || !out->path || !out->title || !out->body) {
            defcon_article_record_clear(out);
            sqlite3_finalize(stmt);
            return defcon_db_fail(db, "out of memory");
        }
        sqlite3_finalize(stmt);
        return 1;
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return defcon_db_fail_sqlite(db, "finding the article");
    return 0;
}

void defcon_article_record_clear(defcon_article_record *record)
{
    if (!record)
        return;
    free(record->id);
    free(record->path);
    free(record->title);
    free(record->date);
    free(record->source);
    free(record->url);
    free(record->countries);
    free(record->body);
    memset(record, 0, sizeof *record);
}

struct defcon_highlighter {
    defcon_tokenizer *tokenizer;
    defcon_buffer stems;          /* NUL-separated stems of the query's words */
    defcon_tokens scratch;
};

/* Appends the folded, stemmed form of each word of `text`. */
static int append_stems(defcon_highlighter *h, const char *text, size_t len, defcon_buffer *out)
{
    size_t i;

    defcon_tokens_reset(&h->scratch);
    if (defcon_tokenizer_run(h->tokenizer, text, len, &h->scratch, NULL, NULL) != SQLITE_OK)
        return -1;
    for (i = 0; i < h->scratch.count; i++) {
        const defcon_token *t = &h->scratch.items[i];
        if (defcon_buffer_append(out, h->scratch.terms.data + t->term, (size_t)t->term_len) != 0
            || defcon_buffer_putc(out, '\0') != 0)
            return -1;
    }
    return 0;
}

defcon_highlighter *defcon_highlighter_new(defcon_db *db, const char *query)
{
    defcon_highlighter *h = calloc(1, sizeof *h);
    defcon_buffer words = DEFCON_BUFFER_INIT;
    size_t at;
    int rc = 0;

    if (!h)
        return NULL;
    if (defcon_tokenizer_new(defcon_db_sqlite(db), &h->tokenizer) != SQLITE_OK) {
        free(h);
        return NULL;
    }
    if (query && defcon_query_words(query, &words) != 0)
        rc = -1;
    for (at = 0; rc == 0 && at < words.len; at += strlen(words.data + at) + 1)
        rc = append_stems(h, words.data + at, strlen(words.data + at), &h->stems);
    defcon_buffer_free(&words);
    if (rc != 0) {
        defcon_highlighter_free(h);
        return NULL;
    }
    return h;
}

int defcon_highlighter_match(void *highlighter, const char *word, size_t len)
{
    defcon_highlighter *h = highlighter;
    defcon_buffer stems = DEFCON_BUFFER_INIT;
    size_t at, mine;
    int found = 0;

    if (!h || !h->stems.len || append_stems(h, word, len, &stems) != 0 || !stems.len) {
        defcon_buffer_free(&stems);
        return 0;
    }
    /* A word is one token here; compare its stem with each query stem. */
    for (at = 0; !found && at < h->stems.len; at += strlen(h->stems.data + at) + 1)
        for (mine = 0; !found && mine < stems.len; mine += strlen(stems.data + mine) + 1)
            found = strcmp(h->stems.data + at, stems.data + mine) == 0;
    defcon_buffer_free(&stems);
    return found;
}

void defcon_highlighter_free(defcon_highlighter *highlighter)
{
    if (!highlighter)
        return;
    defcon_tokenizer_free(highlighter->tokenizer);
    defcon_buffer_free(&highlighter->stems);
    defcon_tokens_free(&highlighter->scratch);
    free(highlighter);
}

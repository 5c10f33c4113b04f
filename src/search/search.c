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
#include "array.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "countries.h"
#include "search_internal.h"
#include "query.h"
#include "country_blocks.h"
#include "rank.h"
#include "term_counts.h"
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


int defcon_search_fail(defcon_search *search, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    vsnprintf(search->message, sizeof search->message, format, args);
    va_end(args);
    return -1;
}

/* The database's own wording (database.c), which names a damaged file. */
int defcon_search_fail_sqlite(defcon_search *search, const char *what)
{
    defcon_db_fail_sqlite(search->db, what);
    return defcon_search_fail(search, "%s", defcon_db_errmsg(search->db));
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

int defcon_search_ensure_tokenizer(defcon_search *search)
{
    if (search->tokenizer)
        return 0;
    if (defcon_tokenizer_new(defcon_db_sqlite(search->db), &search->tokenizer) != SQLITE_OK)
        return defcon_search_fail(search, "cannot create the tokenizer");
    return 0;
}

/* Folds `text` as the index does; succeeds only when it is one word. */
int defcon_search_fold_word(defcon_search *search, const char *text, defcon_buffer *word)
{
    defcon_tokens tokens = {NULL, 0, 0, DEFCON_BUFFER_INIT};
    int rc = -1;

    if (defcon_search_ensure_tokenizer(search) == 0
        && defcon_tokenizer_fold(search->tokenizer, text, strlen(text), &tokens) == SQLITE_OK
        && tokens.count == 1) {
        defcon_buffer_clear(word);
        rc = defcon_buffer_append(word, tokens.terms.data, (size_t)tokens.items[0].term_len);
    }
    defcon_tokens_free(&tokens);
    return rc;
}

/* The articles holding `text` (`len` bytes) from the terms table, when
 * the index folds and stems it into one term; -1 when it is not one term
 * or the lookup fails. `tokens` is scratch. Every lookup of the search
 * goes through its one statement, terms_lookup. */
static long long one_term_rows(defcon_search *search, defcon_tokens *tokens, const char *text,
                               size_t len)
{
    long long rows = -1;

    defcon_tokens_reset(tokens);
    if (defcon_search_ensure_tokenizer(search) == 0
        && defcon_tokenizer_run(search->tokenizer, text, len, tokens, NULL, NULL) == SQLITE_OK
        && tokens->count == 1
        && defcon_terms_lookup(defcon_db_sqlite(search->db), &search->terms_lookup,
                               tokens->terms.data + tokens->items[0].term,
                               (size_t)tokens->items[0].term_len, &rows) != SQLITE_OK)
        rows = -1;
    return rows;
}

/* Another spelling of a name is left out when it would add fewer than one
 * match in SPELLING_RARITY to those of the word it replaces
 * (defcon_spelling_filter in query.h). */
#define SPELLING_RARITY 100

/* Whether term `i` of `a` is also a term of `b`. */
static int shares_term(const defcon_tokens *a, size_t i, const defcon_tokens *b)
{
    size_t j;

    for (j = 0; j < b->count; j++)
        if (a->items[i].term_len == b->items[j].term_len
            && memcmp(a->terms.data + a->items[i].term, b->terms.data + b->items[j].term,
                      (size_t)a->items[i].term_len) == 0)
            return 1;
    return 0;
}

/* The articles holding term `i` of `tokens`; -1 when the lookup fails. */
static long long term_rows(defcon_search *search, const defcon_tokens *tokens, size_t i)
{
    long long rows = -1;

    if (defcon_terms_lookup(defcon_db_sqlite(search->db), &search->terms_lookup,
                            tokens->terms.data + tokens->items[i].term,
                            (size_t)tokens->items[i].term_len, &rows) != SQLITE_OK)
        return -1;
    return rows;
}

/* The fewest (`fewest`) or the most articles holding a term of `tokens`
 * that `other` lacks, into *rows (-1: every term is shared). Returns 0,
 * or -1 when a count cannot be read. */
static int unshared_rows(defcon_search *search, const defcon_tokens *tokens,
                         const defcon_tokens *other, int fewest, long long *rows)
{
    size_t i;

    *rows = -1;
    for (i = 0; i < tokens->count; i++) {
        long long n;
        if (shares_term(tokens, i, other))
            continue;
        n = term_rows(search, tokens, i);
        if (n < 0)
            return -1;
        if (*rows < 0 || (fewest ? n < *rows : n > *rows))
            *rows = n;
    }
    return 0;
}

/* The spelling filter of query.h. The terms the spelling has and the name
 * lacks must all be held by some article, and the rarest of them by at
 * least one in SPELLING_RARITY of the articles holding the most common
 * term the name has and the spelling lacks. When the table cannot tell,
 * the spelling is kept: it costs time, never a match. */
static int index_holds(void *context, const char *name, size_t name_len, const char *spelling,
                       size_t len)
{
    defcon_search *search = context;
    defcon_tokens theirs = {NULL, 0, 0, DEFCON_BUFFER_INIT};
    defcon_tokens ours = {NULL, 0, 0, DEFCON_BUFFER_INIT};
    long long rarest = -1, commonest = -1;
    int keep = 1;

    if (defcon_search_ensure_tokenizer(search) != 0
        || defcon_tokenizer_run(search->tokenizer, spelling, len, &theirs, NULL, NULL) != SQLITE_OK
        || defcon_tokenizer_run(search->tokenizer, name, name_len, &ours, NULL, NULL) != SQLITE_OK
        || unshared_rows(search, &theirs, &ours, 1, &rarest) != 0
        || (rarest > 0 && unshared_rows(search, &ours, &theirs, 0, &commonest) != 0))
        goto done;
    keep = rarest != 0 && (commonest < 0 || rarest < 0 || rarest * SPELLING_RARITY >= commonest);
done:
    defcon_tokens_free(&theirs);
    defcon_tokens_free(&ours);
    return keep;
}

/* The prefix expander of query.h: stems of indexed words that start with
 * the prefix while their stems do not ("sanitiz" -> "sanit"). */
static int expand_prefix(void *context, const char *prefix, defcon_buffer *stems)
{
    defcon_search *search = context;
    defcon_buffer folded = DEFCON_BUFFER_INIT, upper = DEFCON_BUFFER_INIT;
    sqlite3_stmt *stmt = NULL;
    int rc = 0;

    if (defcon_search_fold_word(search, prefix, &folded) != 0 || folded.len == 0) {
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
    defcon_tokens tokens;
    long long *known;
    size_t count, capacity;
} phrase_rows;

/* Appends one phrase's count (-1: not known). 0, or -1 out of memory. */
static int push_rows(phrase_rows *p, long long rows)
{
    if (p->count == p->capacity
        && defcon_array_grow(&p->known, &p->capacity, sizeof *p->known, 16) != 0)
        return -1;
    p->known[p->count++] = rows;
    return 0;
}

/* Adds the articles holding a phrase when it is one term that the
 * search's words reach in title and body, else -1. Returns 0, or -1 when
 * out of memory. */
static int add_phrase_rows(phrase_rows *p, const char *text, size_t len, int prefix,
                           int narrowed)
{
    return push_rows(p, prefix || narrowed ? -1 : one_term_rows(p->search, &p->tokens, text, len));
}

/* The row counts the terms table holds for the expression's phrases,
 * into p->known, numbered as FTS5 numbers them: the query's own (as the
 * query recorded them), then each country filter's codes, not counted
 * (they weigh nothing); -1 for a phrase it does not know. Without the
 * counts (an old index) the ranker counts itself: slower, same result.
 * Free p->known. Returns 0, or -1 when out of memory. */
static int known_rows(defcon_search *search, phrase_rows *p)
{
    const defcon_search_request *r = &search->request;
    defcon_query_phrase phrase;
    size_t i, k, count = search->has_words && search->query
                                ? defcon_query_phrase_count(search->query) : 0;
    int rc = 0;

    memset(p, 0, sizeof *p);
    p->search = search;
    if (defcon_search_ensure_tokenizer(search) != 0)
        return 0;
    for (i = 0; rc == 0 && i < count; i++) {
        defcon_query_phrase_at(search->query, i, &phrase);
        rc = add_phrase_rows(p, phrase.text, phrase.len, phrase.prefix, phrase.narrowed);
    }
    for (i = 0; rc == 0 && search->request.similar_to && i < (size_t)search->similar_row_count;
         i++)   /* similar's terms: counted when chosen */
        rc = push_rows(p, search->similar_rows[i]);
    for (i = 0; rc == 0 && i < r->country_count; i++) {
        const char *const *before = r->exact_countries
                                        ? NULL : defcon_country_predecessors(r->countries[i]);
        rc = add_phrase_rows(p, r->countries[i], strlen(r->countries[i]), 0, 1);
        for (k = 0; rc == 0 && before && before[k]; k++)
            rc = add_phrase_rows(p, before[k], strlen(before[k]), 0, 1);
    }
    defcon_tokens_free(&p->tokens);
    return rc == 0 ? 0 : -1;
}

/* ---- SQL assembly ---- */

/* Completes the FTS5 expression: each --country becomes a code of the
 * codes column, ORed with its predecessor states unless the request is
 * exact, written with DEFCON_CODES_MARK (shown here as ^):
 *   (...) AND ("^RU" OR "^SU")
 * Codes are upper case and words lower case (tokenizer.h), so the words
 * need no column filter to keep to the title and body. append_country_terms
 * writes the codes' part, add_country_terms the whole. */
static int append_country_terms(const defcon_search_request *r, defcon_buffer *out)
{
    size_t i, k;
    int rc = 0;

    for (i = 0; i < r->country_count; i++) {
        const char *const *before = r->exact_countries
                                        ? NULL : defcon_country_predecessors(r->countries[i]);
        rc |= defcon_buffer_printf(out, "%s(\"%c%s\"", out->len ? " AND " : "",
                                   DEFCON_CODES_MARK, r->countries[i]);
        for (k = 0; before && before[k]; k++)
            rc |= defcon_buffer_printf(out, " OR \"%c%s\"", DEFCON_CODES_MARK, before[k]);
        rc |= defcon_buffer_putc(out, ')');
    }
    return rc ? -1 : 0;
}

static int add_country_terms(defcon_search *search)
{
    const defcon_search_request *r = &search->request;
    defcon_buffer words = search->expression;
    int rc = 0;

    memset(&search->expression, 0, sizeof search->expression);
    if (words.len)
        rc |= defcon_buffer_printf(&search->expression, "(%s)", words.data);
    defcon_buffer_free(&words);
    rc |= append_country_terms(r, &search->expression);
    return rc ? -1 : 0;
}

/* The WHERE conditions after "WHERE": the match (words and countries),
 * the rowid range and the date filter. */
static int append_other_conditions(defcon_search *search, defcon_buffer *sql, int with_dates,
                                   int with_left_out);

static int append_conditions(defcon_search *search, defcon_buffer *sql, int with_dates)
{
    const char *rowid = search->has_query ? "fts.rowid" : "a.rowid";
    int rc = 0;

    if (search->has_query)
        rc |= defcon_buffer_puts(sql, "fts MATCH :expr AND ");
    rc |= defcon_buffer_printf(sql, "%s >= :lo AND %s < :hi", rowid, rowid);
    rc |= append_other_conditions(search, sql, with_dates, 1);
    return rc ? -1 : 0;
}

/* The conditions after the MATCH and the rowid range, each " AND ...";
 * similar's article and its copies only `with_left_out`. */
static int append_other_conditions(defcon_search *search, defcon_buffer *sql, int with_dates,
                                   int with_left_out)
{
    const defcon_search_request *r = &search->request;
    const char *rowid = search->has_query ? "fts.rowid" : "a.rowid";
    int rc = 0;

    /* --until: the rowid range holds the articles whose date starts by
     * then; of those, only a month or a year begun on the first day of
     * the until's month or year can end after it (any earlier period has
     * ended), so only rows of those two days look their date up. */
    if (with_dates && r->has_until)
        rc |= defcon_buffer_printf(sql, " AND (%s NOT BETWEEN :month_lo AND :month_hi AND %s"
                                        " NOT BETWEEN :year_lo AND :year_hi OR (SELECT last_day"
                                        " FROM articles WHERE rowid = %s) <= :until)",
                                   rowid, rowid, rowid);
    if (with_left_out && search->excluded)
        rc |= defcon_buffer_printf(sql, " AND %s <> :excluded", rowid);
    if (with_left_out && search->excluded_story)   /* similar: not its own copies either */
        rc |= defcon_buffer_printf(sql, " AND %s <> :excluded_story AND %s NOT IN (SELECT rowid"
                                        " FROM copies WHERE story = :excluded_story AND"
                                        " story <> rowid)", rowid, rowid);
    if (search->leave_out_folded && search->folded.len)
        rc |= defcon_buffer_printf(sql, " AND %s NOT IN (SELECT value FROM json_each(:folded))",
                                   rowid);
    /* levels is small: SQLite walks it and looks each rowid up */
    if (r->level > 0)
        rc |= defcon_buffer_printf(sql, " AND %s IN (SELECT rowid FROM levels WHERE level = :level)",
                                   rowid);
    else if (r->level == DEFCON_LEVEL_STATED)
        rc |= defcon_buffer_printf(sql, " AND %s IN (SELECT rowid FROM levels)", rowid);
    return rc ? -1 : 0;
}

/* How the ranker's best rows are fetched (build_hits_sql):
 *  - FETCH_ROW: a statement a row, bound to the row's [rowid, rowid + 1)
 *    range and its place on the page (:place, column 17): from the
 *    articles table alone for a page without snippets, else with the
 *    MATCH, which FTS5 evaluates by seeking each term to the row;
 *  - FETCH_PAGE: one statement for the page, where the expression holds a
 *    prefix: FTS5 merges a prefix's every doclist whatever the range, so
 *    a statement a row would merge them again for each. The rowids go in
 *    as the JSON array :page, within the range [:lo, :hi) that holds them,
 *    ordered by their place in it (column 17); the unary + keeps SQLite
 *    from handing FTS5 each rowid in turn. From page_terms_after matches
 *    on, :expr is the page's own terms of the prefix instead
 *    (page_expression), which FTS5 walks only over [:lo, :hi). */
enum { FETCH_LISTING, FETCH_ROW, FETCH_PAGE };

/* The hits query: a listing (FETCH_LISTING), or the ranker's best rows
 * (`fetch`, see above). */
static int build_hits_sql(defcon_search *search, defcon_buffer *sql, int fetch)
{
    int by_rowid = fetch != FETCH_LISTING;
    const defcon_search_request *r = &search->request;
    int rc = 0;

    rc |= defcon_buffer_puts(sql, "SELECT a.rowid, a.id, a.path, a.title, a.date, a.source, a.url, ");
    if (r->bare)
        rc |= defcon_buffer_puts(sql, "NULL, a.title, NULL, NULL, NULL, NULL, NULL, NULL, NULL");
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
    if (r->kwic && search->has_words)   /* the whole body marked, for --kwic */
        rc |= defcon_buffer_printf(sql, ", CASE WHEN " DEFCON_INSTANCES_FUNCTION "(fts) <= %d"
                                        " THEN highlight(fts, 1, char(1), char(2)) END",
                                   MAX_SNIPPET_MATCHES);
    else if (!r->bare)
        rc |= defcon_buffer_puts(sql, ", NULL");
    if (!r->bare)   /* 14, 15: the level it assesses */
        rc |= defcon_buffer_puts(sql, ", l.level, l.colour");
    rc |= defcon_buffer_puts(sql, ", a.member");   /* 16, bare or not */
    if (fetch == FETCH_ROW && r->bare)   /* 17: the place on the page */
        return rc || defcon_buffer_puts(sql, ", :place FROM articles a WHERE a.rowid >= :lo"
                                             " AND a.rowid < :hi LIMIT :limit OFFSET :offset")
               ? -1 : 0;
    if (fetch == FETCH_ROW)
        rc |= defcon_buffer_puts(sql, ", :place");
    if (fetch == FETCH_PAGE)
        rc |= defcon_buffer_puts(sql, ", (SELECT key FROM json_each(:page) WHERE value = a.rowid)");
    if (search->has_query)
        rc |= defcon_buffer_puts(sql, " FROM fts CROSS JOIN articles a ON a.rowid = fts.rowid");
    else
        rc |= defcon_buffer_puts(sql, " FROM articles a");
    if (!r->bare)
        rc |= defcon_buffer_puts(sql, " LEFT JOIN levels l ON l.rowid = a.rowid");
    rc |= defcon_buffer_puts(sql, " WHERE ");
    if (fetch == FETCH_ROW)
        return rc || defcon_buffer_puts(sql, "fts MATCH :expr AND fts.rowid >= :lo AND fts.rowid"
                                             " < :hi LIMIT :limit OFFSET :offset") != 0 ? -1 : 0;
    if (fetch == FETCH_PAGE)
        return rc || defcon_buffer_puts(sql, "fts MATCH :expr AND fts.rowid >= :lo AND fts.rowid"
                                             " < :hi AND +fts.rowid IN (SELECT value FROM"
                                             " json_each(:page)) ORDER BY 18"
                                             " LIMIT :limit OFFSET :offset") != 0 ? -1 : 0;
    rc |= append_conditions(search, sql, 1);
    if (search->has_words && r->sort == DEFCON_SORT_RELEVANCE)
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
 * (an --until looks up only the dates of two days, see append_conditions):
 * a count of a common word then walks FTS5's doclist only. */
int defcon_search_matching_sql(defcon_search *search, defcon_buffer *sql, const char *what,
                              int reads_articles, int with_dates)
{
    int rc = defcon_buffer_printf(sql, "SELECT %s FROM ", what);

    if (search->has_query && !reads_articles)
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
    return defcon_search_matching_sql(search, sql, "count(*)", 0, with_dates);
}

void defcon_search_bind_int64(sqlite3_stmt *stmt, const char *name, long long value)
{
    int index = sqlite3_bind_parameter_index(stmt, name);
    if (index > 0)
        sqlite3_bind_int64(stmt, index, value);
}

/* The first day of the month (`year` 0) or the year holding `day`. */
static long period_start(long day, int year)
{
    defcon_date date;
    int y, m, d;

    defcon_date_from_day(day, &y, &m, &d);
    memset(&date, 0, sizeof date);
    date.year = y;
    date.month = year ? 1 : m;
    date.day = 1;
    date.precision = DEFCON_DATE_DAY;
    return defcon_date_first_day(&date);
}

/* Binds the rowid range of `day` to :lo_name and :hi_name (inclusive). */
static void bind_day_block(sqlite3_stmt *stmt, const char *lo_name, const char *hi_name, long day)
{
    defcon_search_bind_int64(stmt, lo_name, defcon_rowid_day_start(day));
    defcon_search_bind_int64(stmt, hi_name, defcon_rowid_day_end(day) - 1);
}

/* Binds everything but :lo, :hi, :limit and :offset. */
static void bind_common(defcon_search *search, sqlite3_stmt *stmt)
{
    const defcon_search_request *r = &search->request;
    int index = sqlite3_bind_parameter_index(stmt, ":expr");

    if (index > 0)
        sqlite3_bind_text(stmt, index, search->expression.data, (int)search->expression.len,
                          SQLITE_STATIC);
    defcon_search_bind_int64(stmt, ":words", r->snippet_words);
    defcon_search_bind_int64(stmt, ":excluded", search->excluded);
    defcon_search_bind_int64(stmt, ":excluded_story", search->excluded_story);
    index = sqlite3_bind_parameter_index(stmt, ":folded");
    if (index > 0)
        sqlite3_bind_text(stmt, index, search->folded.data, (int)search->folded.len,
                          SQLITE_STATIC);
    if (r->has_until) {
        bind_day_block(stmt, ":month_lo", ":month_hi", period_start(r->until_day, 0));
        bind_day_block(stmt, ":year_lo", ":year_hi", period_start(r->until_day, 1));
        defcon_search_bind_int64(stmt, ":until", r->until_day);
    }
    defcon_search_bind_int64(stmt, ":level", r->level);
}

/* The rowid range [lo, hi) the request covers. Rowids run from the
 * newest day down (database.h): the until day gives the low end. */
void defcon_search_rowid_range(const defcon_search_request *r, long long *lo, long long *hi)
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

int defcon_search_prepare_sql(defcon_search *search, defcon_buffer *sql, sqlite3_stmt **stmt)
{
    if (sqlite3_prepare_v2(defcon_db_sqlite(search->db), defcon_buffer_cstr(sql), (int)sql->len,
                           stmt, NULL) != SQLITE_OK)
        return defcon_search_fail_sqlite(search, "preparing the search");
    bind_common(search, *stmt);
    return 0;
}

/* Prepares `sql` (freed here) with the common values and the full rowid
 * range bound. */
sqlite3_stmt *defcon_search_prepare_matching(defcon_search *search, defcon_buffer *sql, int built)
{
    sqlite3_stmt *stmt = NULL;
    long long lo, hi;

    if (built != 0) {
        defcon_search_fail(search, "out of memory");
    } else if (defcon_search_prepare_sql(search, sql, &stmt) == 0) {
        defcon_search_rowid_range(&search->request, &lo, &hi);
        defcon_search_bind_int64(stmt, ":lo", lo);
        defcon_search_bind_int64(stmt, ":hi", hi);
    }
    defcon_buffer_free(sql);
    return stmt;
}

static int count_range(defcon_search *search, sqlite3_stmt **stmt, int with_dates,
                       long long lo, long long hi, long *count);

/* Best match's count of the articles holding every word of a long plain
 * query (a question, a pasted paragraph). FTS5 counts an AND by moving
 * every term to each row another term holds, 50 terms for a paragraph,
 * and a rowid bound would not narrow it: FTS5 finds the expression's
 * first match from the start whatever the bound. So the rows holding its
 * two rarest words (with the filters: countries, dates, level) are the
 * candidates, at most PIECEWISE_CANDIDATES of them, and every other term
 * is looked up in the candidates still standing, rarest first, until
 * none is left (keep_holding; a negated word must be missing). A query
 * of fewer than PIECEWISE_TERMS words (FTS5's AND costs little), a
 * phrase, a word the index makes several terms of, or more candidates
 * than the AND would cost leave *done 0: the AND is then counted as
 * written. Returns 0, or -1. */
#define PIECEWISE_TERMS 8
#define PIECEWISE_CANDIDATES 256

typedef struct strict_term {
    size_t term;         /* of the query (query.h's defcon_query_plain_term) */
    long long rows;      /* articles holding it */
    int negated;
} strict_term;

static int by_term_rows(const void *a, const void *b)
{
    const strict_term *x = a, *y = b;
    if (x->negated != y->negated)
        return x->negated ? 1 : -1;
    return x->rows < y->rows ? -1 : x->rows > y->rows;
}

/* Reads into rows[] the candidates, the rows holding `rarest` (the two
 * rarest terms); *n is `most` + 1 when there are more. */
static int strict_candidates(defcon_search *search, const char *rarest, long long lo,
                             long long hi, size_t most, long long *rows, size_t *n)
{
    defcon_buffer sql = DEFCON_BUFFER_INIT, probe = DEFCON_BUFFER_INIT;
    sqlite3_stmt *stmt = NULL;
    int rc = defcon_search_matching_sql(search, &sql, "fts.rowid", 0, 1);

    rc |= defcon_buffer_printf(&sql, " LIMIT %zu", most + 1);
    rc |= defcon_buffer_puts(&probe, rarest);
    rc |= append_country_terms(&search->request, &probe);
    *n = 0;
    if (rc != 0) {
        rc = defcon_search_fail(search, "out of memory");
    } else if ((rc = defcon_search_prepare_sql(search, &sql, &stmt)) == 0) {
        sqlite3_bind_text(stmt, sqlite3_bind_parameter_index(stmt, ":expr"), probe.data,
                          (int)probe.len, SQLITE_STATIC);
        defcon_search_bind_int64(stmt, ":lo", lo);
        defcon_search_bind_int64(stmt, ":hi", hi);
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
            rows[(*n)++] = sqlite3_column_int64(stmt, 0);
        rc = rc == SQLITE_DONE ? 0 : defcon_search_fail_sqlite(search, "counting");
    }
    sqlite3_finalize(stmt);
    defcon_buffer_free(&sql);
    defcon_buffer_free(&probe);
    return rc;
}

/* Keeps of rows[0, *n) (ascending) those that hold the term (or,
 * negated, lack it). A term held by many more articles than there are
 * rows is sought in each (`seek`: FTS5 finds a row through the doclist's
 * index); another is ANDed with the two rarest terms (`expression` holds
 * the three) over the range from the first row to the last: a doclist of
 * a few pages has no index, and seeking in it walks it from its start for
 * each row. */
static int keep_holding(defcon_search *search, sqlite3_stmt *stmt, const char *expression,
                        int negated, int seek, long long *rows, size_t *n)
{
    size_t i = 0, kept = 0, at = 0;
    int rc = SQLITE_DONE;
    unsigned char *held = calloc(*n ? *n : 1, 1);

    if (!held)
        return defcon_search_fail(search, "out of memory");
    sqlite3_bind_text(stmt, 1, expression, -1, SQLITE_STATIC);
    for (i = 0; i < *n && (rc == SQLITE_DONE || rc == SQLITE_ROW); i = seek ? i + 1 : *n) {
        sqlite3_reset(stmt);
        sqlite3_bind_int64(stmt, 2, rows[i]);
        sqlite3_bind_int64(stmt, 3, seek ? rows[i] : rows[*n - 1]);
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            long long row = sqlite3_column_int64(stmt, 0);
            while (at < *n && rows[at] < row)
                at++;
            if (at < *n && rows[at] == row)
                held[at] = 1;
        }
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) {
        free(held);
        return defcon_search_fail_sqlite(search, "counting");
    }
    for (i = 0; i < *n; i++)
        if (held[i] != negated)
            rows[kept++] = rows[i];
    *n = kept;
    free(held);
    return 0;
}

/* A term is sought row by row from this many of its articles a row. */
#define SEEK_ROWS 1000

/* Writes the expression of the query's term `term`, ANDed to `out` when
 * it holds one already. */
static int and_term(defcon_search *search, size_t term, defcon_buffer *scratch,
                    defcon_buffer *out)
{
    if (defcon_query_term_expression(search->query, term, scratch) != 0
        || defcon_buffer_printf(out, "%s(%s)", out->len ? " AND " : "", scratch->data) != 0)
        return defcon_search_fail(search, "out of memory");
    return 0;
}

static int count_strict_piecewise(defcon_search *search, long long lo, long long hi, long *count,
                                  int *done)
{
    defcon_query_plain_term *plain = NULL;
    defcon_tokens tokens = {NULL, 0, 0, DEFCON_BUFFER_INIT};
    defcon_buffer rarest = DEFCON_BUFFER_INIT, scratch = DEFCON_BUFFER_INIT;
    defcon_buffer expression = DEFCON_BUFFER_INIT;
    strict_term *terms = NULL;
    long long *rows = NULL;
    sqlite3_stmt *stmt = NULL;
    long long seek_cost = search->request.seek_cost_rows > 0 ? search->request.seek_cost_rows
                                                              : DEFCON_SEEK_COST_ROWS;
    long long most = 0;
    size_t total = 0, positives = 0, i, n = 0;
    int rc = 0;

    *done = 0;
    if (search->request.seek_cost_rows < 0)
        return 0;
    if (defcon_query_plain_term_list(search->query, &plain, &total) != 0)
        return defcon_search_fail(search, "out of memory");
    for (i = 0; i < total; i++)
        positives += !plain[i].negated;
    if (positives < PIECEWISE_TERMS) {
        free(plain);
        return 0;
    }
    terms = malloc(total * sizeof *terms);
    rows = malloc((PIECEWISE_CANDIDATES + 1) * sizeof *rows);
    if (!terms || !rows)
        rc = defcon_search_fail(search, "out of memory");
    for (i = 0; rc == 0 && i < total; i++) {
        terms[i].term = plain[i].term;
        terms[i].rows = plain[i].phrase
                            ? -1 : one_term_rows(search, &tokens, plain[i].text, plain[i].len);
        terms[i].negated = plain[i].negated;
        if (terms[i].rows < 0)
            break;   /* not one term: counted as written */
    }
    if (rc == 0 && i == total) {
        /* Each candidate may have every other term looked up in it, where
         * the AND steps each term about as far as the rarest one's rows:
         * the most candidates worth it. */
        qsort(terms, total, sizeof *terms, by_term_rows);
        most = (long long)positives * terms[0].rows / ((long long)(total - 2) * seek_cost);
        if (most > PIECEWISE_CANDIDATES)
            most = PIECEWISE_CANDIDATES;
        rc = and_term(search, terms[0].term, &scratch, &rarest);
        if (rc == 0)
            rc = and_term(search, terms[1].term, &scratch, &rarest);
        if (rc == 0)
            rc = strict_candidates(search, rarest.data, lo, hi, (size_t)most, rows, &n);
    }
    if (rc == 0 && i == total && (long long)n <= most) {
        search->strict_candidates = (long)n;
        if (sqlite3_prepare_v2(defcon_db_sqlite(search->db),
                               "SELECT fts.rowid FROM fts WHERE fts MATCH ?1"
                               " AND fts.rowid >= ?2 AND fts.rowid <= ?3", -1,
                               &stmt, NULL) != SQLITE_OK)
            rc = defcon_search_fail_sqlite(search, "preparing the search");
        for (i = 2; rc == 0 && i < total && n > 0; i++) {
            int seek = terms[i].rows >= (long long)n * SEEK_ROWS;
            defcon_buffer_clear(&expression);
            if (!seek && defcon_buffer_puts(&expression, rarest.data) != 0)
                rc = defcon_search_fail(search, "out of memory");
            if (rc == 0)
                rc = and_term(search, terms[i].term, &scratch, &expression);
            if (rc == 0)
                rc = keep_holding(search, stmt, expression.data, terms[i].negated, seek, rows, &n);
        }
        *count = (long)n;
        *done = rc == 0;
    }
    sqlite3_finalize(stmt);
    defcon_tokens_free(&tokens);
    defcon_buffer_free(&rarest);
    defcon_buffer_free(&scratch);
    defcon_buffer_free(&expression);
    free(plain);
    free(terms);
    free(rows);
    return rc;
}

/* Best match (search.h): counts the articles that hold every word, and
 * when they are fewer than the page asks for, writes the relaxed
 * expression instead. --any relaxes at once. Returns 0, or -1. */
static int relax_if_needed(defcon_search *search)
{
    const defcon_search_request *r = &search->request;
    sqlite3_stmt *count = NULL;
    long long lo, hi;
    int rc;

    if (!search->has_words || !search->query || r->match == DEFCON_MATCH_ALL || r->sort != DEFCON_SORT_RELEVANCE
        || defcon_query_plain_terms(search->query) < (r->match == DEFCON_MATCH_ANY ? 1u : 2u))
        return 0;
    if (r->match == DEFCON_MATCH_BEST) {
        int done = 0;
        defcon_search_rowid_range(r, &lo, &hi);
        rc = count_strict_piecewise(search, lo, hi, &search->strict_matches, &done);
        if (rc == 0 && !done)
            rc = count_range(search, &count, 1, lo, hi, &search->strict_matches);
        sqlite3_finalize(count);
        if (rc != 0)
            return -1;
        if (search->strict_matches >= r->offset + r->limit)
            return 0;
    }
    if (defcon_query_relaxed_expression(search->query, expand_prefix, search,
                                        &search->expression, search->message,
                                        sizeof search->message) != 0
        || add_country_terms(search) != 0)
        return -1;
    search->relaxed = 1;
    return 0;
}

/* How many articles hold a word of the query (query.h's cap on long
 * relaxed queries): its one term as the index folds it, looked up in the
 * terms table; -1 when the word is not one term or the lookup fails. */
static long long word_rows(void *context, const char *text, size_t len)
{
    defcon_tokens tokens = {NULL, 0, 0, DEFCON_BUFFER_INIT};
    long long rows = one_term_rows(context, &tokens, text, len);

    defcon_tokens_free(&tokens);
    return rows;
}

/* Whether the search folds copies (fold.c), and similar's own story. */
static int prepare_folding(defcon_search *search)
{
    int has = 0;

    if (defcon_search_index_has_copies(search, &has) != 0)
        return -1;
    search->folding = has && !search->request.all_copies;
    search->walked_matches = -1;
    search->leave_out_folded = 1;
    /* similar: its story (its own rowid when it is a story's first). */
    if (has && search->excluded
        && defcon_search_story_of(search, search->excluded, &search->excluded_story, NULL) != 0)
        return -1;
    return 0;
}

defcon_search_status defcon_search_prepare(defcon_db *db, const defcon_search_request *request,
                                           defcon_search **out)
{
    defcon_search *search = calloc(1, sizeof *search);
    defcon_query_status status = DEFCON_QUERY_EMPTY;
    int filters;

    *out = search;
    if (!search)
        return DEFCON_SEARCH_FAILED;
    search->db = db;
    search->request = *request;
    search->strict_candidates = -1;
    filters = request->country_count > 0 || request->has_since || request->has_until
              || request->level != 0;
    if (request->similar_to) {
        int found = defcon_search_similar_expression(search, request->similar_to,
                                                     &search->expression, &search->excluded);
        if (found <= 0)
            return found == 0 ? DEFCON_SEARCH_NOTHING : DEFCON_SEARCH_FAILED;
        status = DEFCON_QUERY_OK;
    } else if (request->query) {
        status = defcon_query_parse(request->query, &search->query, search->message,
                                    sizeof search->message);
        if (status == DEFCON_QUERY_OK) {
            defcon_query_set_variants(search->query, !request->exact_names);
            defcon_query_set_word_rows(search->query, word_rows, search);
            defcon_query_set_variant_filter(search->query, index_holds, search);
        }
        if (status == DEFCON_QUERY_OK
            && defcon_query_expression(search->query, expand_prefix, search,
                                       &search->expression, search->message,
                                       sizeof search->message) != 0)
            status = DEFCON_QUERY_ERROR;
        if (status == DEFCON_QUERY_ERROR)
            return DEFCON_SEARCH_BAD_QUERY;
    }
    if (status == DEFCON_QUERY_EMPTY && !filters) {
        if (request->query && request->query[0]) {
            defcon_search_fail(search, "the query \"%s\" has no words to search for", request->query);
            return DEFCON_SEARCH_NOTHING;
        }
        defcon_search_fail(search, "nothing to search for: give a query or a filter");
        return DEFCON_SEARCH_BAD_QUERY;
    }
    search->has_words = status == DEFCON_QUERY_OK;
    if (!search->has_words)
        defcon_buffer_clear(&search->expression);
    if (add_country_terms(search) != 0) {
        defcon_search_fail(search, "out of memory");
        return DEFCON_SEARCH_FAILED;
    }
    search->has_query = search->expression.len > 0;
    if (relax_if_needed(search) != 0 || prepare_folding(search) != 0)
        return DEFCON_SEARCH_FAILED;
    /* The hits statement is made when a listing first needs it (run_phase):
     * a ranked page never does. */
    return DEFCON_SEARCH_OK;
}

int defcon_search_relaxed(const defcon_search *search, long *strict_matches, size_t *words)
{
    *strict_matches = search->strict_matches;
    *words = search->query ? defcon_query_plain_terms(search->query) : 0;
    return search->relaxed;
}

long defcon_search_strict_candidates(const defcon_search *search)
{
    return search->strict_candidates;
}

size_t defcon_search_relaxed_dropped(const defcon_search *search)
{
    return search->relaxed && search->query ? defcon_query_relaxed_dropped(search->query) : 0;
}

int defcon_search_describe_variants(const defcon_search *search, defcon_buffer *out)
{
    return search->query ? defcon_query_describe_variants(search->query, out) : 0;
}

/* Turns an FTS5 error about the expression into a query error. */
static long run_failed(defcon_search *search)
{
    defcon_search_fail_sqlite(search, "searching");
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

const char *defcon_search_column_text(sqlite3_stmt *stmt, int column)
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

/* The words of a plain query that the phrases of `matched` stand for,
 * each once, into search->matched_words. Returns how many. */
static size_t matched_words(defcon_search *search, unsigned long long matched,
                            const char *const **words)
{
    defcon_query_phrase phrase;
    size_t count = 0, i, k, n, len;
    size_t terms[64];

    *words = search->matched_words;
    if (!search->query || !defcon_query_plain_terms(search->query))
        return 0;
    n = defcon_query_phrase_count(search->query);
    for (i = 0; i < n && i < 64; i++) {
        if (!(matched & (1ULL << i)))
            continue;
        defcon_query_phrase_at(search->query, i, &phrase);
        for (k = 0; k < count && terms[k] != phrase.term; k++)
            ;
        if (k < count)
            continue;
        terms[count] = phrase.term;
        search->matched_words[count++] = defcon_query_term_word(search->query, phrase.term, &len);
    }
    return count;
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
    defcon_search_bind_int64(stmt, ":lo", lo);
    defcon_search_bind_int64(stmt, ":hi", hi);
    defcon_search_bind_int64(stmt, ":limit", limit);
    defcon_search_bind_int64(stmt, ":offset", offset);
    while (!*stop && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        defcon_hit hit;
        memset(&hit, 0, sizeof hit);
        hit.rowid = sqlite3_column_int64(stmt, 0);
        hit.id = defcon_search_column_text(stmt, 1);
        hit.path = defcon_search_column_text(stmt, 2);
        hit.title = defcon_search_column_text(stmt, 3);
        hit.date = defcon_search_column_text(stmt, 4);
        hit.source = defcon_search_column_text(stmt, 5);
        hit.url = defcon_search_column_text(stmt, 6);
        hit.has_member = sqlite3_column_type(stmt, 16) != SQLITE_NULL;
        hit.member = sqlite3_column_int64(stmt, 16);
        hit.has_score = sqlite3_column_type(stmt, 7) != SQLITE_NULL;
        hit.score = sqlite3_column_double(stmt, 7);
        if (search->ranked) {   /* its place on the ranker's page */
            long place = (long)sqlite3_column_int64(stmt, 17);
            if (place < 0 || place >= search->ranked_count)
                continue;
            hit.has_score = 1;
            hit.score = search->ranked_scores[place];
            hit.matched_word_count = matched_words(search, search->ranked_matched[place],
                                                   &hit.matched_words);
        }
        hit.title_marked = defcon_search_column_text(stmt, 8);
        if (!search->request.bare) {
            hit.body_marked = defcon_search_column_text(stmt, 13);
            hit.level = sqlite3_column_int(stmt, 14);
            hit.colour = defcon_search_column_text(stmt, 15);
        }
        if (search->has_words && sqlite3_column_type(stmt, 12) == SQLITE_NULL) {
            hit.snippet = defcon_search_column_text(stmt, 9);
        } else {
            lead_of(defcon_search_column_text(stmt, search->has_words ? 12 : 9), search->request.snippet_words,
                    &lead);
            hit.snippet = defcon_buffer_cstr(&lead);
        }
        if (decode_hit_countries(defcon_search_column_text(stmt, 10),
                                 defcon_search_column_text(stmt, 11), &countries, &hit) != 0) {
            defcon_buffer_free(&lead);
            defcon_buffer_free(&countries);
            sqlite3_reset(stmt);
            return defcon_search_fail(search, "out of memory");
        }
        if (defcon_search_attach_copies(search, &hit) != 0) {
            defcon_buffer_free(&lead);
            defcon_buffer_free(&countries);
            sqlite3_reset(stmt);
            return -1;
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
            return defcon_search_fail(search, "out of memory");
        }
        rc = defcon_search_prepare_sql(search, &sql, stmt);
        defcon_buffer_free(&sql);
        if (rc != 0)
            return -1;
    }
    sqlite3_reset(*stmt);
    defcon_search_bind_int64(*stmt, ":lo", lo);
    defcon_search_bind_int64(*stmt, ":hi", hi);
    rc = sqlite3_step(*stmt);
    *count = rc == SQLITE_ROW ? (long)sqlite3_column_int64(*stmt, 0) : 0;
    sqlite3_reset(*stmt);
    if (rc != SQLITE_ROW)
        return defcon_search_fail_sqlite(search, "counting");
    return 0;
}

static long run_phase(defcon_search *search, long long lo, long long hi, long limit, long offset,
                      defcon_hit_callback callback, void *context, int *stop)
{
    if (!search->hits) {
        defcon_buffer sql = DEFCON_BUFFER_INIT;
        int rc = build_hits_sql(search, &sql, FETCH_LISTING);
        if (rc != 0)
            rc = defcon_search_fail(search, "out of memory");
        else
            rc = defcon_search_prepare_sql(search, &sql, &search->hits);
        defcon_buffer_free(&sql);
        if (rc != 0)
            return -1;
    }
    return run_statement(search, search->hits, lo, hi, limit, offset, callback, context, stop);
}

/* Best match: the articles holding every word the relaxed expression
 * ORs (one of the spellings of each) rank first. Returns 0, or -1. */
static int prefer_all_words(defcon_search *search, defcon_ranker *ranker)
{
    unsigned long long groups[64];
    size_t terms[64], count = 0, i, k, n = defcon_query_phrase_count(search->query);
    defcon_query_phrase phrase;

    for (i = 0; i < n && i < 64; i++) {
        defcon_query_phrase_at(search->query, i, &phrase);
        for (k = 0; k < count && terms[k] != phrase.term; k++)
            ;
        if (k == count) {
            terms[count] = phrase.term;
            groups[count++] = 0;
        }
        groups[k] |= 1ULL << i;
    }
    return defcon_ranker_prefer_all(ranker, groups, (int)count);
}

/* The story function of rank.h. */
static int ranked_story(void *context, long long rowid, long long *story)
{
    return defcon_search_story_of(context, rowid, story, NULL);
}

/* The length function of rank.h: the sum of a row's column sizes, as
 * FTS5 keeps them in fts_docsize (one varint a column), read through one
 * blob handle moved from row to row (a statement a row costs twice as
 * much). */
static int row_length(void *context, long long rowid, int *tokens)
{
    defcon_search *search = context;
    sqlite3 *db = defcon_db_sqlite(search->db);
    unsigned char blob[64];
    unsigned long long sum = 0, value;
    size_t at = 0, used;
    int size, rc;

    *tokens = 0;
    rc = search->docsize ? sqlite3_blob_reopen(search->docsize, rowid)
                         : sqlite3_blob_open(db, "main", "fts_docsize", "sz", rowid, 0,
                                             &search->docsize);
    size = rc == SQLITE_OK ? sqlite3_blob_bytes(search->docsize) : 0;
    if (size > (int)sizeof blob)
        size = (int)sizeof blob;   /* three columns: 27 bytes at most */
    if (rc == SQLITE_OK)
        rc = sqlite3_blob_read(search->docsize, blob, size, 0);
    if (rc != SQLITE_OK)
        return sqlite3_errcode(db) == SQLITE_ERROR
                   ? defcon_search_fail(search, "reading an article's length: %s is damaged (no "
                                        "length for article %lld): remove it and run "
                                        "defcon-index again", defcon_db_path(search->db), rowid)
                   : defcon_search_fail_sqlite(search, "reading an article's length");
    while (at < (size_t)size
           && (used = defcon_search_read_varint(blob + at, (size_t)size - at, &value)) > 0) {
        sum += value;
        at += used;
    }
    *tokens = sum > INT_MAX ? INT_MAX : (int)sum;
    return 0;
}

size_t defcon_search_read_varint(const unsigned char *p, size_t n, unsigned long long *value)
{
    size_t i;

    *value = 0;
    for (i = 0; i < n; i++) {
        if (i == 8) {
            *value = (*value << 8) | p[i];
            return 9;
        }
        *value = (*value << 7) | (p[i] & 0x7f);
        if (!(p[i] & 0x80))
            return i + 1;
    }
    return 0;
}

static int holds_prefix(const defcon_search *search);
static long long phrase_rows_at_most(defcon_search *search, const phrase_rows *known, size_t i,
                                     defcon_tokens *tokens);

/* How the ranking pass walks the rows in FTS5's own loop (rank.h:
 * DEFCON_WALK_FUNCTION), if it does: WALK_NONE, a row at a time. */
enum walk_kind { WALK_NONE, WALK_FIRST_LESS, WALK_ANY };

/* At most this many rows of the phrases not walked last are held in
 * memory (56 bytes each) by a walk of any phrase. */
#define WALK_MAX_HELD 500000

/* From this many phrases on, a walk of any phrase is taken over a pass in
 * two threads (rank_matches): a row at a time reads every phrase of every
 * row, a walk each phrase's own rows, on one core. 1,000,000 articles, in
 * process, p50 of 20 runs, three alternating rounds (ms), walked against
 * two threads: 4 terms 31-38 against 37-42, 4 common terms 57-60 against
 * 57-60, 3 terms 26-33 against 31-32; 2 terms 21 against 20-21 (10 runs,
 * two rounds); similar's 16 42-48 against 115-118. */
#define WALK_OVER_SHARES 4

/* Whether and how the ranking pass may walk the rows of the query's
 * phrases in FTS5's own loop: when nothing else bounds them (no rowid
 * bound, no condition besides the match but similar's article and its
 * copies, which the walk leaves out itself; no country filter: `known`
 * holds a count a phrase, as FTS5 numbers them), there is no prefix,
 * whose doclists FTS5 would merge again for the walk, and the expression
 * is
 * - one phrase, or one phrase NOT other terms
 *   (defcon_query_first_phrase_less_others): the rows of the terms left
 *   out are gathered first, about 300 instructions a row where FTS5's NOT
 *   steps over them for a few tens, and a row of the first phrase walked
 *   saves about 550: so only when the terms table knows them to be at
 *   most as many as the first phrase can hold;
 * - or an OR of terms (defcon_query_any_phrase, similar's terms): the
 *   rows of all but the commonest are held with their frequencies, at
 *   most WALK_MAX_HELD. */
static enum walk_kind walk_kind(defcon_search *search, const phrase_rows *known, long long lo,
                                long long hi)
{
    defcon_buffer other = DEFCON_BUFFER_INIT;
    defcon_tokens tokens = {NULL, 0, 0, DEFCON_BUFFER_INIT};
    long long rest = 0, first = -1, rows, most = 0;
    size_t i, count = 0;
    int similar = search->request.similar_to != NULL;
    enum walk_kind kind = WALK_FIRST_LESS;

    if (search->request.phrase_walk < 0 || !search->has_words || search->relaxed || lo != 0
        || hi != INT64_MAX || holds_prefix(search))
        return WALK_NONE;
    if (similar)
        count = (size_t)search->similar_row_count;
    else if (search->query)
        count = defcon_query_phrase_count(search->query);
    if (count == 0 || known->count != count)
        return WALK_NONE;
    if (count > 1 && !similar && defcon_query_first_phrase_less_others(search->query)) {
        for (i = 1; i < count && rest >= 0; i++)
            rest = known->known[i] >= 0 ? rest + known->known[i] : -1;
        first = phrase_rows_at_most(search, known, 0, &tokens);
        if (rest < 0 || first < 0 || rest > first)
            kind = WALK_NONE;
    } else if (count > 1 && (similar || defcon_query_any_phrase(search->query))) {
        kind = WALK_ANY;
        for (i = 0; i < count && kind == WALK_ANY; i++) {
            rows = similar ? known->known[i] : phrase_rows_at_most(search, known, i, &tokens);
            rest += rows;
            most = rows > most ? rows : most;
            if (rows < 0 || rest - most > WALK_MAX_HELD)
                kind = WALK_NONE;
        }
    } else if (count != 1) {
        kind = WALK_NONE;
    }
    defcon_tokens_free(&tokens);
    if (kind != WALK_NONE
        && (append_other_conditions(search, &other, 1, 0) != 0 || other.len != 0))
        kind = WALK_NONE;
    defcon_buffer_free(&other);
    return kind;
}

/* Tells a walking ranker the rows the statement's conditions leave out:
 * similar's article and its story's other copies. 0, or -1 with the
 * message set. */
static int leave_out_similar(defcon_search *search, defcon_ranker *ranker)
{
    long long *rows = NULL;
    size_t count = 0, capacity = 0;
    sqlite3_stmt *stmt = NULL;
    int rc = SQLITE_DONE;

    if (!search->excluded && !search->excluded_story)
        return 0;
    if (defcon_array_grow(&rows, &capacity, sizeof *rows, 16) != 0)
        return defcon_search_fail(search, "out of memory");
    if (search->excluded)
        rows[count++] = search->excluded;
    if (search->excluded_story) {
        rows[count++] = search->excluded_story;
        if (sqlite3_prepare_v2(defcon_db_sqlite(search->db),
                               "SELECT rowid FROM copies WHERE story = ?1 AND story <> rowid", -1,
                               &stmt, NULL) != SQLITE_OK) {
            free(rows);
            return defcon_search_fail_sqlite(search, "reading an article's copies");
        }
        sqlite3_bind_int64(stmt, 1, search->excluded_story);
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            if (count == capacity && defcon_array_grow(&rows, &capacity, sizeof *rows, 16) != 0) {
                rc = SQLITE_NOMEM;
                break;
            }
            rows[count++] = sqlite3_column_int64(stmt, 0);
        }
        sqlite3_finalize(stmt);
    }
    if (rc == SQLITE_DONE && defcon_ranker_leave_out(ranker, rows, count) != 0)
        rc = SQLITE_NOMEM;
    free(rows);
    if (rc != SQLITE_DONE)
        return rc == SQLITE_NOMEM ? defcon_search_fail(search, "out of memory")
                                  : defcon_search_fail_sqlite(search, "reading an article's copies");
    return 0;
}

/* The walking statement: the function runs once, on the first match. */
#define WALK_SQL "SELECT " DEFCON_WALK_FUNCTION "(fts, :ranker) FROM fts WHERE fts MATCH :expr" \
                 " LIMIT 1"

/* The ranking statement: the ranker is fed from the WHERE clause (rank.h:
 * defcon_bm25 returns NULL, so no row comes back a match), last, once
 * every other condition holds (SQLite may test a condition holding a
 * subquery, as --until's, after a plain one). Each bound of the rowid
 * range only when it bounds anything: SQLite tests it again on every row
 * FTS5 gives. */
static int ranking_sql(defcon_search *search, defcon_buffer *sql, long long lo, long long hi)
{
    int rc = defcon_buffer_puts(sql, "SELECT fts.rowid FROM fts WHERE fts MATCH :expr");

    if (lo != 0)
        rc |= defcon_buffer_puts(sql, " AND fts.rowid >= :lo");
    if (hi != INT64_MAX)
        rc |= defcon_buffer_puts(sql, " AND fts.rowid < :hi");
    rc |= defcon_buffer_puts(sql, " AND CASE WHEN 1");

    rc |= append_other_conditions(search, sql, 1, 1);
    rc |= defcon_buffer_puts(sql, " THEN " DEFCON_RANK_FUNCTION "(fts, :ranker) END IS NOT NULL");
    return rc ? -1 : 0;
}

/* The most rows phrase i of the expression can hold, from the terms
 * table: its count in `known` for a single term, else its rarest word's;
 * -1 when the table knows none (a prefix, a field, an unknown term).
 * `tokens` is scratch. */
static long long phrase_rows_at_most(defcon_search *search, const phrase_rows *known, size_t i,
                                     defcon_tokens *tokens)
{
    defcon_query_phrase phrase;
    long long least = i < known->count ? known->known[i] : -1, rows;
    size_t t;

    defcon_query_phrase_at(search->query, i, &phrase);
    defcon_tokens_reset(tokens);
    if (phrase.prefix || phrase.narrowed)
        return -1;
    /* A phrase of several terms: the terms table knows each alone */
    if (least < 0 && defcon_search_ensure_tokenizer(search) == 0
        && defcon_tokenizer_run(search->tokenizer, phrase.text, phrase.len, tokens, NULL,
                                NULL) == SQLITE_OK)
        for (t = 0; t < tokens->count; t++)
            if ((rows = term_rows(search, tokens, t)) >= 0 && (least < 0 || rows < least))
                least = rows;
    return least;
}

/* Most matches the ranking pass can walk, from the terms table, up to
 * `cap`: a phrase counts as its rarest word (one of a single term as its
 * count in `known`, known_rows); a plain query not relaxed (every phrase
 * required) as its rarest phrase, any other as the sum of its phrases
 * (similar's terms their articles). Prefixes, fields and unknown terms
 * count nothing. */
static long long estimated_matches(defcon_search *search, const phrase_rows *known,
                                   long long cap)
{
    defcon_tokens tokens = {NULL, 0, 0, DEFCON_BUFFER_INIT};
    defcon_query_phrase phrase;
    long long sum = 0, least_phrase = -1;
    size_t i, count = search->has_words && search->query
                             ? defcon_query_phrase_count(search->query) : 0;
    int every = count && !search->relaxed && defcon_query_plain_terms(search->query) > 0;

    for (i = 0; search->request.similar_to && i < (size_t)search->similar_row_count; i++)
        sum += search->similar_rows[i] > 0 ? search->similar_rows[i] : 0;
    if (count && defcon_search_ensure_tokenizer(search) != 0)
        count = 0;
    for (i = 0; i < count && (every || sum < cap); i++) {
        long long least = phrase_rows_at_most(search, known, i, &tokens);
        defcon_query_phrase_at(search->query, i, &phrase);
        if (phrase.prefix || phrase.narrowed)
            continue;
        sum += least > 0 ? least : 0;
        if (least_phrase < 0 || (least >= 0 && least < least_phrase))
            least_phrase = least;
    }
    defcon_tokens_free(&tokens);
    return every ? (least_phrase > 0 ? least_phrase : 0) : sum;
}

/* A ranker for the ranking pass over [lo, hi) of the search's range,
 * told the phrases' `known` counts, its stories and lengths read through
 * `reader` (the search, or its copy on another connection); NULL when out
 * of memory. */
static defcon_ranker *new_ranker(defcon_search *search, defcon_search *reader,
                                 const phrase_rows *known, long long lo, long long hi, size_t k)
{
    const double weights[3] = {DEFCON_TITLE_WEIGHT, 1.0, 0.0};
    defcon_ranker *ranker = defcon_ranker_new(k, weights, 3);

    if (!ranker)
        return NULL;
    if (search->folding)
        defcon_ranker_fold_stories(ranker, ranked_story, reader);
    defcon_ranker_by_bound(ranker, row_length, reader);
    if (lo == 0 && hi == INT64_MAX && !search->request.has_until && !search->request.level)
        defcon_ranker_sees_every_match(ranker);
    if (defcon_ranker_known_rows(ranker, known->known, (int)known->count) != 0
        || (search->relaxed && prefer_all_words(search, ranker) != 0)) {
        defcon_ranker_free(ranker);
        return NULL;
    }
    return ranker;
}

/* Runs the ranking statement `sql` over [lo, hi) into `ranker`, which
 * keeps the rowids it walks, and finishes it. Returns 0, or -1 with the
 * message set. */
static int run_ranking(defcon_search *search, defcon_buffer *sql, long long lo, long long hi,
                       defcon_ranker *ranker)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if (defcon_search_prepare_sql(search, sql, &stmt) != 0)
        return -1;
    defcon_search_bind_int64(stmt, ":lo", lo);
    defcon_search_bind_int64(stmt, ":hi", hi);
    sqlite3_bind_pointer(stmt, sqlite3_bind_parameter_index(stmt, ":ranker"), ranker,
                         DEFCON_RANK_POINTER, NULL);
    /* The rowids it walks are the search's matches: a count or the
     * folded set needs no other pass (defcon_search_count, fold.c). The
     * ranker keeps them: the statement is one aggregate row, not a row a
     * match handed back through sqlite3_step. */
    defcon_ranker_keep_rowids(ranker);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        ;
    rc = rc == SQLITE_DONE ? 0 : (int)run_failed(search);
    if (rc == 0 && defcon_ranker_finish(ranker) != 0)
        rc = -1;
    sqlite3_finalize(stmt);
    return rc;
}

/* The upper share of a ranking pass split in two (rank_matches), ranked
 * in a thread of its own: a copy of the search on a connection of its
 * own, with statements of its own; the expression, the request and the
 * folded set borrowed, unchanged while it runs. */
typedef struct rank_share {
    defcon_search search;
    defcon_db *main_db;           /* the search's own: opened again */
    defcon_buffer *sql;
    long long lo, hi;
    defcon_ranker *ranker;
    int rc;
} rank_share;

static void share_init(rank_share *share, const defcon_search *search)
{
    share->search = *search;
    share->search.db = NULL;
    share->search.tokenizer = NULL;
    share->search.hits = share->search.count = share->search.undated = NULL;
    share->search.imprecise = share->search.page = NULL;
    share->search.docsize = NULL;
    share->search.story_only = share->search.story_of = share->search.copies_of = NULL;
    share->search.terms_lookup = NULL;
    share->search.seen = NULL;
    share->search.seen_count = 0;
    share->search.message[0] = '\0';
}

static void *rank_share_run(void *argument)
{
    rank_share *share = argument;
    defcon_search *search = &share->search;
    char error[512];

    /* Opened here the first time: its cost overlaps the other share */
    search->db = defcon_db_another(share->main_db, error, sizeof error);
    if (!search->db)
        share->rc = defcon_search_fail(search, "opening a second connection: %s", error);
    else
        share->rc = run_ranking(search, share->sql, share->lo, share->hi, share->ranker);
    if (search->docsize)
        sqlite3_blob_close(search->docsize);
    sqlite3_finalize(search->story_only);
    return NULL;
}

/* A month of the periods table: where its rowids end, and its articles. */
typedef struct month_articles {
    long long end, articles;
} month_articles;

/* Where to cut [lo, hi) in two shares of about as many dated articles
 * (the periods table's months, newest first: newer days have lower
 * rowids, and each month stays in one share), when the `estimate` of
 * matches over all dated articles, scaled to those in the range, reaches
 * `after`. 0 when it does not, or when no cut falls inside the range. */
static long long split_rowid(defcon_search *search, long long lo, long long hi,
                             long long estimate, long long after)
{
    sqlite3_stmt *stmt = NULL;
    month_articles *months = NULL;
    long long all = 0, in_range = 0, half = 0, cut = 0;
    size_t n = 0, capacity = 0, i;
    int rc = 0;

    if (sqlite3_prepare_v2(defcon_db_sqlite(search->db),
                           "SELECT label, articles FROM periods WHERE length(label) = 7"
                           " ORDER BY label DESC", -1, &stmt, NULL) != SQLITE_OK)
        rc = -1;
    while (rc == 0 && sqlite3_step(stmt) == SQLITE_ROW) {
        const char *label = (const char *)sqlite3_column_text(stmt, 0);
        long long articles = sqlite3_column_int64(stmt, 1), end;
        defcon_date month;
        if (!label || defcon_date_parse(label, strlen(label), &month) != DEFCON_DATE_OK)
            continue;
        all += articles;
        end = defcon_rowid_day_end(defcon_date_first_day(&month));
        if (end <= lo || defcon_rowid_day_start(defcon_date_last_day(&month)) >= hi)
            continue;   /* outside the range */
        if (n == capacity && defcon_array_grow(&months, &capacity, sizeof *months, 64) != 0)
            rc = -1;
        else
            months[n++] = (month_articles){end, articles};
        in_range += articles;
    }
    sqlite3_finalize(stmt);
    if (rc == 0 && in_range > 0 && (double)estimate * (double)in_range / (double)all >= after)
        for (i = 0; i < n && cut == 0; i++)
            if ((half += months[i].articles) * 2 >= in_range)
                cut = months[i].end;
    free(months);
    return cut > lo && cut < hi ? cut : 0;
}

/* The ranking pass: every match in [lo, hi) offered to a ranker keeping
 * the best k. From request.parallel_after estimated matches on
 * (estimated_matches), the range is cut in two shares of about as many
 * articles, the upper ranked in a thread of its own on a second
 * connection while this one ranks the lower, and the two rankers merged:
 * the same hits and scores, in about half the time on two cores. Returns
 * the ranker, or NULL with the message set. */
static defcon_ranker *rank_matches(defcon_search *search, long long lo, long long hi, size_t k)
{
    const defcon_search_request *r = &search->request;
    defcon_buffer sql = DEFCON_BUFFER_INIT, share_sql = DEFCON_BUFFER_INIT;
    phrase_rows known;
    defcon_ranker *ranker = known_rows(search, &known) == 0
                                ? new_ranker(search, search, &known, lo, hi, k) : NULL;
    long long after = r->parallel_after > 0 ? r->parallel_after : DEFCON_PARALLEL_AFTER;
    long long cut = 0, estimate, range_lo, range_hi;
    rank_share *share = NULL;
    enum walk_kind walk;
    pthread_t thread;
    int rc = 0, started = 0;
    long seen;
    size_t i;

    /* Not with a prefix, whose doclists FTS5 merges whatever the range,
     * nor with a country or level filter, whose share of the matches the
     * estimate cannot tell, nor for a walk of many phrases ORed */
    walk = ranker ? walk_kind(search, &known, lo, hi) : WALK_NONE;
    if (ranker && r->parallel_after >= 0 && !holds_prefix(search) && !r->country_count
        && !(walk == WALK_ANY && known.count >= WALK_OVER_SHARES)
        && !r->level && (estimate = estimated_matches(search, &known, after)) >= after)
        cut = split_rowid(search, lo, hi, estimate, after);
    if (cut && !(share = calloc(1, sizeof *share)))
        cut = 0;
    if (share) {
        share_init(share, search);
        share->main_db = search->db;
        share->sql = &share_sql;
        share->lo = cut;
        share->hi = hi;
        share->ranker = new_ranker(search, &share->search, &known, lo, hi, k);
        if (share->ranker && defcon_ranker_pair(ranker, share->ranker) != 0) {
            defcon_ranker_free(share->ranker);
            share->ranker = NULL;
        }
        if (!share->ranker) {
            free(share);
            share = NULL;
            cut = 0;
        }
    }
    if (share)
        walk = WALK_NONE;
    search->ranking_walked = walk != WALK_NONE;
    if (walk == WALK_ANY)
        defcon_ranker_walk_any(ranker);
    if (!ranker)
        rc = defcon_search_fail(search, "out of memory");
    else if (search->ranking_walked && leave_out_similar(search, ranker) != 0)
        rc = -1;
    else if (search->ranking_walked)
        rc = defcon_buffer_puts(&sql, WALK_SQL) != 0 ? defcon_search_fail(search, "out of memory")
                                                     : 0;
    else if (ranking_sql(search, &sql, lo, cut ? cut : hi) != 0
             || (share && ranking_sql(search, &share_sql, cut, hi) != 0))
        rc = defcon_search_fail(search, "out of memory");
    if (rc == 0 && share)
        started = pthread_create(&thread, NULL, rank_share_run, share) == 0;
    search->ranking_shares = share ? 2 : 1;
    search->seen_all = 0;
    if (rc == 0)
        rc = run_ranking(search, &sql, lo, share ? cut : hi, ranker);
    if (share) {
        if (started)
            pthread_join(thread, NULL);
        else if (rc == 0)
            rank_share_run(share);   /* no thread: after this share */
        if (rc == 0 && share->rc != 0)
            rc = defcon_search_fail(search, "%s", share->search.message);
        if (rc == 0 && defcon_ranker_merge(ranker, share->ranker) != 0)
            rc = defcon_search_fail(search, "cannot read an article's story");
        defcon_ranker_free(share->ranker);
        free(share);
    }
    defcon_buffer_free(&sql);
    defcon_buffer_free(&share_sql);
    free(known.known);
    if (rc == 0) {
        free(search->seen);
        seen = defcon_ranker_take_rowids(ranker, &search->seen);
        search->seen_count = seen > 0 ? (size_t)seen : 0;
        if (seen < 0)
            rc = defcon_search_fail(search, "out of memory");
    }
    if (rc != 0) {
        defcon_ranker_free(ranker);
        return NULL;
    }
    defcon_search_rowid_range(r, &range_lo, &range_hi);
    search->seen_all = lo == range_lo && hi == range_hi;
    for (i = 1; search->seen_all && i < search->seen_count; i++)
        if (search->seen[i - 1] > search->seen[i]) {   /* FTS5 gives them ascending */
            qsort(search->seen, search->seen_count, sizeof *search->seen,
                  defcon_search_compare_rowids);
            break;
        }
    return ranker;
}

/* Ranks and keeps the best `want` rows (with folding, the best-ranked
 * of each story) in *rowids, *scores and *matched, allocated here.
 * Returns how many, or -1. */
static long rank_page(defcon_search *search, long long lo, long long hi, size_t want,
                      long long **rowids, double **scores, unsigned long long **matched)
{
    defcon_ranker *ranker;
    size_t n;

    *rowids = malloc(want * sizeof **rowids);
    *scores = malloc(want * sizeof **scores);
    *matched = malloc(want * sizeof **matched);
    if (!*rowids || !*scores || !*matched)
        return defcon_search_fail(search, "out of memory");
    ranker = rank_matches(search, lo, hi, want);
    if (!ranker)
        return -1;
    n = defcon_ranker_results_matched(ranker, *rowids, *scores, *matched);
    defcon_ranker_free(ranker);
    return (long)n;
}

/* Whether the expression holds a prefix ("pres"*). */
static int holds_prefix(const defcon_search *search)
{
    size_t i, n = search->query ? defcon_query_phrase_count(search->query) : 0;
    defcon_query_phrase phrase;

    for (i = 0; i < n; i++) {
        defcon_query_phrase_at(search->query, i, &phrase);
        if (phrase.prefix)
            return 1;
    }
    return 0;
}

/* ---- a page's prefixes as words (defcon_query_page_expression) ---- */

typedef struct page_words {
    defcon_search *search;
    const long long *rowids;
    size_t count;
    sqlite3_stmt *texts;      /* a row's indexed columns */
} page_words;

/* Whether term[0, len) is among the terms after the mark of `phrase`. */
static int holds_term(const defcon_buffer *phrase, const char *term, size_t len)
{
    const char *at = phrase->data + 1, *end = phrase->data + phrase->len, *stop;

    for (; at < end; at = stop + 1) {
        stop = memchr(at, DEFCON_TERMS_SEPARATOR, (size_t)(end - at));
        if (!stop)
            stop = end;
        if ((size_t)(stop - at) == len && memcmp(at, term, len) == 0)
            return 1;
    }
    return 0;
}

/* The defcon_prefix_words of a page: the terms of the page's rows (every
 * indexed column, folded and stemmed as the index was) that start with the
 * folded prefix, after DEFCON_TERMS_MARK (tokenizer.h). 1 when the prefix
 * does not fold to one term, or a row is gone. */
static int page_prefix_words(void *context, const char *prefix, defcon_buffer *phrase)
{
    page_words *page = context;
    defcon_search *search = page->search;
    defcon_buffer folded = DEFCON_BUFFER_INIT;
    defcon_tokens tokens = {NULL, 0, 0, DEFCON_BUFFER_INIT};
    size_t row, i, start = phrase->len;
    int rc = 0, column;

    if (defcon_search_fold_word(search, prefix, &folded) != 0 || folded.len == 0) {
        defcon_buffer_free(&folded);
        return 1;
    }
    if (defcon_buffer_putc(phrase, DEFCON_TERMS_MARK) != 0
        || (!page->texts
            && sqlite3_prepare_v2(defcon_db_sqlite(search->db),
                                  "SELECT title, body FROM articles WHERE rowid = ?1",
                                  -1, &page->texts, NULL) != SQLITE_OK))
        rc = -1;
    for (row = 0; rc == 0 && row < page->count; row++) {
        sqlite3_reset(page->texts);
        sqlite3_bind_int64(page->texts, 1, page->rowids[row]);
        if (sqlite3_step(page->texts) != SQLITE_ROW) {
            rc = 1;   /* gone since it was ranked: the prefix as it is */
            break;
        }
        for (column = 0; rc == 0 && column < 2; column++) {
            const char *text = (const char *)sqlite3_column_text(page->texts, column);
            size_t len = (size_t)sqlite3_column_bytes(page->texts, column);
            defcon_tokens_reset(&tokens);
            if (text && defcon_tokenizer_fold(search->tokenizer, text, len, &tokens) != SQLITE_OK)
                rc = -1;
            for (i = 0; rc == 0 && text && i < tokens.count; i++) {
                const char *term = tokens.terms.data + tokens.items[i].term;
                int stem_len = tokens.items[i].term_len;
                size_t term_len;
                /* The term is the word's stem, and stemming keeps a word's
                 * first letter: only words sharing it need stemming. */
                if (term[0] != folded.data[0])
                    continue;
                term = defcon_tokenizer_stem(search->tokenizer, term, stem_len, &stem_len);
                term_len = (size_t)stem_len;
                if (term_len < folded.len || memcmp(term, folded.data, folded.len) != 0
                    || holds_term(phrase, term, term_len))
                    continue;
                if (phrase->len > start + 1
                    && defcon_buffer_putc(phrase, DEFCON_TERMS_SEPARATOR) != 0)
                    rc = -1;
                else if (defcon_buffer_append(phrase, term, term_len) != 0)
                    rc = -1;
            }
        }
    }
    if (page->texts)
        sqlite3_reset(page->texts);
    defcon_tokens_free(&tokens);
    defcon_buffer_free(&folded);
    return rc;
}

/* The expression for fetching the ranker's rows `rowids` one by one when
 * the query holds a prefix: each prefix becomes the terms of those rows
 * it stands for (query.h), with countries as the search adds them.
 * Returns 0; 1 when a prefix cannot be written so (the page is then
 * fetched with the prefix, FETCH_PAGE); -1 with the message set. */
static int page_expression(defcon_search *search, const long long *rowids, size_t count,
                           defcon_buffer *expression)
{
    page_words page = {search, rowids, count, NULL};
    int rc;

    if (defcon_search_ensure_tokenizer(search) != 0)
        return -1;
    rc = defcon_query_page_expression(search->query, expand_prefix, search, page_prefix_words,
                                      &page, expression);
    sqlite3_finalize(page.texts);
    if (rc == 0) {   /* add_country_terms works on the search's expression */
        defcon_buffer query_expression = search->expression;
        search->expression = *expression;
        if (add_country_terms(search) != 0)
            rc = -1;
        *expression = search->expression;
        search->expression = query_expression;
    }
    if (rc < 0)
        defcon_search_fail(search, "cannot write the expression that fetches the page");
    return rc;
}

/* Binds `expression` to the page statement's :expr. */
static void bind_page_expression(defcon_search *search, const defcon_buffer *expression)
{
    sqlite3_bind_text(search->page, sqlite3_bind_parameter_index(search->page, ":expr"),
                      expression->data, (int)expression->len, SQLITE_STATIC);
}

/* Relevance order through the ranker (rank.h): every match in [lo, hi)
 * is offered to it, then the best rows are fetched one by one. Returns the
 * rows given to the callback, or -1. */
static long run_ranked(defcon_search *search, long long lo, long long hi,
                       defcon_hit_callback callback, void *context, int *stop)
{
    const defcon_search_request *r = &search->request;
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    long long *rowids = NULL;
    double *scores = NULL;
    unsigned long long *matched = NULL;
    defcon_buffer page_expr = DEFCON_BUFFER_INIT;
    size_t i;
    long rows = 0, n;
    int fetch = !r->bare && holds_prefix(search) ? FETCH_PAGE : FETCH_ROW, by_words = 0;

    if (r->limit <= 0)
        return 0;
    /* The ranker folds copies itself: none is left out beforehand. */
    search->leave_out_folded = 0;
    n = rank_page(search, lo, hi, (size_t)(r->limit + r->offset), &rowids, &scores, &matched);
    /* FETCH_PAGE merges every doclist of the prefix again; at scale it
     * costs less to write the prefix as the page's own terms of it
     * (page_expression). */
    if (n > r->offset && fetch == FETCH_PAGE
        && (long)search->seen_count >= (r->page_terms_after > 0 ? r->page_terms_after
                                                                 : DEFCON_PAGE_TERMS_AFTER)) {
        int written = page_expression(search, rowids + r->offset, (size_t)(n - r->offset),
                                      &page_expr);
        if (written < 0)
            n = -1;
        by_words = written == 0;
        if (by_words)   /* a few terms, each seeking to each row */
            fetch = FETCH_ROW;
    }
    search->paged_by_terms = by_words;
    if (n > r->offset && search->page && search->page_fetch != fetch) {
        sqlite3_finalize(search->page);
        search->page = NULL;
    }
    if (n > r->offset && !search->page) {
        search->page_fetch = fetch;
        if (build_hits_sql(search, &sql, fetch) != 0)
            n = defcon_search_fail(search, "out of memory");
        else if (defcon_search_prepare_sql(search, &sql, &search->page) != 0)
            n = -1;
        defcon_buffer_free(&sql);
    }
    search->leave_out_folded = 1;
    if (n > r->offset && fetch == FETCH_ROW) {
        search->ranked = 1;
        search->ranked_scores = scores + r->offset;
        search->ranked_matched = matched + r->offset;
        search->ranked_count = n - r->offset;
        if (by_words)
            bind_page_expression(search, &page_expr);
        for (i = (size_t)r->offset; rows >= 0 && !*stop && (long)i < n; i++) {
            long got;
            defcon_search_bind_int64(search->page, ":place", (long long)i - r->offset);
            got = run_statement(search, search->page, rowids[i], rowids[i] + 1, 1, 0, callback,
                                context, stop);
            rows = got < 0 ? -1 : rows + got;
        }
        if (by_words) {
            sqlite3_reset(search->page);
            bind_page_expression(search, &search->expression);
        }
        search->ranked = 0;
    } else if (n > r->offset) {   /* FETCH_PAGE: the rowids as JSON, their range */
        long long first = rowids[r->offset], last = rowids[r->offset];
        for (i = (size_t)r->offset; i < (size_t)n; i++) {
            first = rowids[i] < first ? rowids[i] : first;
            last = rowids[i] > last ? rowids[i] : last;
            if (defcon_buffer_printf(&sql, "%c%lld", i == (size_t)r->offset ? '[' : ',',
                                     rowids[i]) != 0)
                n = defcon_search_fail(search, "out of memory");
        }
        if (n >= 0 && defcon_buffer_putc(&sql, ']') != 0)
            n = defcon_search_fail(search, "out of memory");
        if (n >= 0) {
            sqlite3_reset(search->page);
            sqlite3_bind_text(search->page, sqlite3_bind_parameter_index(search->page, ":page"),
                              sql.data, (int)sql.len, SQLITE_STATIC);
            search->ranked = 1;
            search->ranked_scores = scores + r->offset;
            search->ranked_matched = matched + r->offset;
            search->ranked_count = n - r->offset;
            rows = run_statement(search, search->page, first, last + 1, n - r->offset, 0,
                                 callback, context, stop);
            search->ranked = 0;
            sqlite3_reset(search->page);   /* the bound page is freed below */
        }
    }
    if (n < 0)
        rows = -1;
    defcon_buffer_free(&sql);
    defcon_buffer_free(&page_expr);
    free(rowids);
    free(scores);
    free(matched);
    return rows;
}

int defcon_search_paged_by_terms(const defcon_search *search)
{
    return search->paged_by_terms;
}

int defcon_search_ranking_shares(const defcon_search *search)
{
    return search->ranking_shares;
}

int defcon_search_ranking_walked(const defcon_search *search)
{
    return search->ranking_walked;
}

/* A listing in date order leaves the folded set out (fold.c): the hits
 * statement is made again once the set is known. Returns 0 or -1. */
static int fold_listing(defcon_search *search)
{
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    int rc;

    if (defcon_search_fold(search) != 0)
        return -1;
    if (!search->folded.len || search->hits_fold)
        return 0;
    sqlite3_finalize(search->hits);
    search->hits = NULL;
    rc = build_hits_sql(search, &sql, FETCH_LISTING);
    if (rc != 0)
        rc = defcon_search_fail(search, "out of memory");
    else
        rc = defcon_search_prepare_sql(search, &sql, &search->hits);
    defcon_buffer_free(&sql);
    search->hits_fold = rc == 0;
    return rc;
}

long defcon_search_run(defcon_search *search, defcon_hit_callback callback, void *context)
{
    const defcon_search_request *r = &search->request;
    long long lo, hi;
    long rows, more, dated;
    int stop = 0;

    long long undated = defcon_rowid_undated_start();

    defcon_search_rowid_range(r, &lo, &hi);
    if (search->has_words && r->sort == DEFCON_SORT_RELEVANCE && r->limit + r->offset <= MAX_RANKED)
        return run_ranked(search, lo, hi, callback, context, &stop);
    if (fold_listing(search) != 0)
        return -1;
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
    if (defcon_search_fold(search) != 0)
        return -1;
    defcon_search_rowid_range(r, &lo, &hi);
    if (search->walked_matches >= 0)   /* folding walked them: the stories */
        *total = search->walked_matches - search->folded_count;
    else if (search->seen_all && !search->folding)   /* the ranker walked them */
        *total = (long)search->seen_count;
    else if (count_range(search, &search->count, 1, lo, hi, total) != 0)
        return -1;
    if (r->has_since || r->has_until)
        return count_range(search, &search->undated, 0, defcon_rowid_undated_start(), INT64_MAX,
                           undated_left_out);
    return 0;
}

/* The longest period a date stands for (a leap year), in days: an article
 * dated less precisely than a day that reaches into the range has its
 * first day (its rowid's day) at most this many days before the range. */
#define LONGEST_DATE_DAYS 366

/* The count of the articles a date range cuts through: the matches whose
 * period (a month or a year) overlaps [:since, :until] without lying in
 * it, among the rows of one day, [:lo, :hi). */
static int build_imprecise_sql(defcon_search *search, defcon_buffer *sql)
{
    int rc = defcon_search_matching_sql(search, sql, "count(*)", 1, 0);

    rc |= defcon_buffer_puts(sql, " AND a.last_day >= :since"
                                  " AND (a.first_day < :since OR a.last_day > :until)");
    return rc ? -1 : 0;
}

/* Adds to *count the articles of `day` that the range cuts through. */
static int count_imprecise_day(defcon_search *search, long day, long *count)
{
    int rc;

    sqlite3_reset(search->imprecise);
    defcon_search_bind_int64(search->imprecise, ":lo", defcon_rowid_day_start(day));
    defcon_search_bind_int64(search->imprecise, ":hi", defcon_rowid_day_end(day));
    rc = sqlite3_step(search->imprecise);
    if (rc == SQLITE_ROW)
        *count += (long)sqlite3_column_int64(search->imprecise, 0);
    sqlite3_reset(search->imprecise);
    return rc == SQLITE_ROW ? 0 : defcon_search_fail_sqlite(search, "counting");
}

/* A date less precise than a day (a month, a year) is filed under its
 * first day, the first of a month (database.h's rowids). The range cuts
 * through its period when that starts before since and reaches it, or
 * starts by until and ends after it: so only the firsts of the months
 * from a year before since to since, and from a year before until to
 * until, can hold such an article, and only their rows are read. */
int defcon_search_count_imprecise(defcon_search *search, long *left_out)
{
    const defcon_search_request *r = &search->request;
    long since = r->has_since ? r->since_day : LONG_MIN / 2;
    long until = r->has_until ? r->until_day : LONG_MAX / 2;
    long windows[2][2], day;
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    int rc = 0, count = 0, w, year, month, mday;

    *left_out = 0;
    if (!r->has_since && !r->has_until)
        return 0;
    if (!search->imprecise) {
        if (build_imprecise_sql(search, &sql) != 0) {
            defcon_buffer_free(&sql);
            return defcon_search_fail(search, "out of memory");
        }
        rc = defcon_search_prepare_sql(search, &sql, &search->imprecise);
        defcon_buffer_free(&sql);
        if (rc != 0)
            return -1;
        defcon_search_bind_int64(search->imprecise, ":since", since);
        defcon_search_bind_int64(search->imprecise, ":until", until);
    }
    if (r->has_since) {   /* [first, last] of days, the second after the first */
        windows[count][0] = since - LONGEST_DATE_DAYS;
        windows[count++][1] = since - 1;
    }
    if (r->has_until) {
        windows[count][0] = until - LONGEST_DATE_DAYS;
        windows[count++][1] = until;
        if (count == 2 && windows[1][0] <= windows[0][1])
            windows[1][0] = windows[0][1] + 1;   /* overlapping: each day once */
    }
    for (w = 0; rc == 0 && w < count; w++) {
        for (day = windows[w][0]; rc == 0 && day <= windows[w][1]; day++) {
            defcon_date_from_day(day, &year, &month, &mday);
            if (mday == 1 && year >= DEFCON_DATE_MIN_YEAR && year <= DEFCON_DATE_MAX_YEAR)
                rc = count_imprecise_day(search, day, left_out);
        }
    }
    return rc;
}

void defcon_search_free(defcon_search *search)
{
    if (!search)
        return;
    sqlite3_finalize(search->hits);
    sqlite3_finalize(search->page);
    sqlite3_blob_close(search->docsize);
    sqlite3_finalize(search->story_only);
    free(search->seen);
    free(search->folded_rows);
    sqlite3_finalize(search->count);
    sqlite3_finalize(search->undated);
    sqlite3_finalize(search->story_of);
    sqlite3_finalize(search->terms_lookup);
    sqlite3_finalize(search->copies_of);
    defcon_buffer_free(&search->folded);
    defcon_buffer_free(&search->copy_text);
    sqlite3_finalize(search->imprecise);
    defcon_tokenizer_free(search->tokenizer);
    defcon_buffer_free(&search->expression);
    defcon_query_free(search->query);
    free(search);
}


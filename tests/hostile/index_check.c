/*
 * index_check.c - the end-to-end tests' view into an index database.
 *
 * The reliability tests (tests/e2e/crash_kill.sh, concurrency.sh,
 * disk_full.sh, hostile_files.sh) must look inside an index that a killed
 * or refused defcon-index left behind, without trusting the programs under
 * test. This small tool, linked with the library only for the tokenizer
 * (FTS5 cannot check an index whose tokenizer it does not know), does two
 * things:
 *
 *   index-check check DB   runs PRAGMA integrity_check and FTS5's own
 *                          integrity-check (which, for our external-content
 *                          table, compares the full-text index with the
 *                          articles table), and looks for country rows of
 *                          articles that do not exist, for two rows of
 *                          one path, for a term whose article count
 *                          in the terms table (terms.h) is not the one
 *                          FTS5's own vocabulary gives, and for country
 *                          codes in article_codes (codes.h) that are not
 *                          the articles' own, and for copies, levels and
 *                          HTML rows of missing articles (and articles
 *                          with no copies row). Prints "ok", or each
 *                          problem; exit status 0 when all is well, 1 when
 *                          not, 2 when the database cannot be opened.
 *   index-check dump DB    prints one line per article, ordered by path:
 *                          path, id, date, then a digest of every stored
 *                          field (title, body, source, url, topics, size,
 *                          modification time, hash, day range, countries).
 *                          Two dumps are equal exactly when the indexes
 *                          hold the same articles in the same versions,
 *                          whatever their rowids (which depend on history).
 *
 * Paths and ids are printed with tabs, newlines and backslashes escaped, so
 * one article is always one line.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "buffer.h"
#include "country_blocks.h"
#include "corpus.h"
#include "term_counts.h"
#include "tokenizer.h"

static const char usage_text[] =
    "Usage: index-check check DB\n"
    "       index-check dump DB\n";

static int open_database(const char *path, sqlite3 **db)
{
    if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        fprintf(stderr, "index-check: cannot open %s: %s\n", path,
                *db ? sqlite3_errmsg(*db) : "out of memory");
        return -1;
    }
    sqlite3_busy_timeout(*db, 10000);
    if (defcon_tokenizer_register(*db, NULL) != SQLITE_OK) {
        fprintf(stderr, "index-check: cannot register the tokenizer on %s\n", path);
        return -1;
    }
    return 0;
}

/* Runs `sql` and prints every row of its first column that is not "ok",
 * prefixed by `what`. Returns the number of problems (an SQL error is one). */
static int report_rows(sqlite3 *db, const char *what, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    int problems = 0, rc;

    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        printf("%s: %s\n", what, sqlite3_errmsg(db));
        return 1;
    }
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(stmt, 0);
        if (text && strcmp(text, "ok") == 0)
            continue;
        printf("%s: %s\n", what, text ? text : "(null)");
        problems++;
    }
    if (rc != SQLITE_DONE) {
        printf("%s: %s\n", what, sqlite3_errmsg(db));
        problems++;
    }
    sqlite3_finalize(stmt);
    return problems;
}

/* The terms table against FTS5's vocabulary: every term of title and
 * body with the number of rows holding it. */
typedef struct term_check {
    sqlite3 *db;
    sqlite3_stmt *truth;
    defcon_buffer previous;
    long terms;
    int problems;
} term_check;

static int check_term(void *context, const char *term, size_t len, long long articles)
{
    term_check *c = context;
    long long expected = 0;
    size_t n = len < c->previous.len ? len : c->previous.len;
    int order = memcmp(c->previous.data ? c->previous.data : "", term, n);

    if (c->terms > 0 && (order > 0 || (order == 0 && c->previous.len >= len))) {
        printf("term counts: %.*s out of order\n", (int)len, term);
        c->problems++;
    }
    defcon_buffer_clear(&c->previous);
    defcon_buffer_append(&c->previous, term, len);
    c->terms++;
    sqlite3_bind_text(c->truth, 1, term, (int)len, SQLITE_STATIC);
    if (sqlite3_step(c->truth) == SQLITE_ROW)
        expected = sqlite3_column_int64(c->truth, 0);
    sqlite3_reset(c->truth);
    if (expected != articles) {
        printf("term counts: %.*s held by %lld articles, counted %lld\n", (int)len, term,
               expected, articles);
        c->problems++;
    }
    return c->problems > 20;   /* enough to tell */
}

static int check_terms(sqlite3 *db)
{
    term_check c;
    sqlite3_stmt *stmt = NULL;
    long truth_terms = -1;
    int rc;

    memset(&c, 0, sizeof c);
    c.db = db;
    if (sqlite3_exec(db, "CREATE VIRTUAL TABLE temp.check_vocab USING fts5vocab(main, fts, instance);"
                         " CREATE TEMP TABLE check_truth(term TEXT PRIMARY KEY, articles INTEGER)"
                         " WITHOUT ROWID;"
                         " INSERT INTO check_truth SELECT term, count(DISTINCT doc)"
                         " FROM temp.check_vocab WHERE col IN ('title', 'body') GROUP BY term;",
                     NULL, NULL, NULL) != SQLITE_OK
        || sqlite3_prepare_v2(db, "SELECT articles FROM check_truth WHERE term = ?1", -1,
                              &c.truth, NULL) != SQLITE_OK
        || sqlite3_prepare_v2(db, "SELECT count(*) FROM check_truth", -1, &stmt, NULL)
               != SQLITE_OK) {
        printf("term counts: %s\n", sqlite3_errmsg(db));
        sqlite3_finalize(c.truth);
        return 1;
    }
    if (sqlite3_step(stmt) == SQLITE_ROW)
        truth_terms = (long)sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    rc = defcon_terms_each(db, check_term, &c);
    if (rc != SQLITE_OK) {
        printf("term counts: %s\n", rc == SQLITE_CORRUPT ? "a malformed block" : sqlite3_errstr(rc));
        c.problems++;
    } else if (c.problems == 0 && c.terms != truth_terms) {
        printf("term counts: %ld terms, FTS5 holds %ld\n", c.terms, truth_terms);
        c.problems++;
    }
    sqlite3_finalize(c.truth);
    defcon_buffer_free(&c.previous);
    return c.problems;
}

/* article_codes against each article's countries column. */
static int check_codes(sqlite3 *db)
{
    defcon_code_reader *reader = NULL;
    sqlite3_stmt *stmt = NULL;
    long long with_codes = 0, stored = -1;
    int problems = 0, rc;

    rc = defcon_code_reader_new(db, &reader);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "SELECT rowid, countries FROM articles ORDER BY rowid", -1,
                                &stmt, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        long long rowid = sqlite3_column_int64(stmt, 0);
        const char *want = (const char *)sqlite3_column_text(stmt, 1), *got;
        size_t want_len = want ? strlen(want) : 0, got_len;
        rc = defcon_code_reader_get(reader, rowid, &got, &got_len);
        with_codes += want_len > 0;
        if (rc == SQLITE_OK
            && (got_len != want_len || (want_len > 0 && memcmp(got, want, want_len) != 0))
            && problems++ < 20)
            printf("country codes: article %lld has \"%s\", stored \"%.*s\"\n", rowid,
                   want ? want : "", (int)got_len, got ? got : "");
    }
    if (rc == SQLITE_DONE)
        rc = defcon_codes_count(db, &stored);
    if (rc != SQLITE_OK) {
        printf("country codes: %s\n", rc == SQLITE_CORRUPT ? "a malformed block" : sqlite3_errstr(rc));
        problems++;
    } else if (stored != with_codes) {
        printf("country codes: %lld stored, %lld articles have codes\n", stored, with_codes);
        problems++;
    }
    sqlite3_finalize(stmt);
    defcon_code_reader_free(reader);
    return problems;
}

static int check(sqlite3 *db)
{
    int problems = report_rows(db, "integrity_check", "PRAGMA integrity_check");

    /* A rank of 1 makes FTS5 also compare the index with the content
     * table, row by row, through the tokenizer. */
    problems += report_rows(db, "fts5 integrity-check",
                            "INSERT INTO fts(fts, rank) VALUES('integrity-check', 1)");
    problems += report_rows(db, "orphan countries",
                            "SELECT 'country row of missing article ' || article"
                            " FROM article_countries"
                            " WHERE article NOT IN (SELECT rowid FROM articles)");
    problems += report_rows(db, "duplicate paths",
                            "SELECT 'path ' || path || ' member ' || ifnull(member, '-')"
                            " || ' has ' || count(*) || ' rows'"
                            " FROM articles GROUP BY path, member HAVING count(*) > 1");
    problems += report_rows(db, "articles without a file",
                            "SELECT 'path ' || path || ' is not in files' FROM articles a"
                            " WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.path = a.path)");
    problems += report_rows(db, "fts row count",
                            "SELECT 'fts has ' || (SELECT count(*) FROM fts) || ' rows, articles '"
                            " || (SELECT count(*) FROM articles)"
                            " WHERE (SELECT count(*) FROM fts) != (SELECT count(*) FROM articles)");
    problems += report_rows(db, "copies",
                            "SELECT 'copies row of missing article ' || rowid FROM copies"
                            " WHERE rowid NOT IN (SELECT rowid FROM articles)"
                            " UNION ALL SELECT 'article ' || rowid || ' has no copies row'"
                            " FROM articles WHERE rowid NOT IN (SELECT rowid FROM copies)");
    problems += report_rows(db, "levels and HTML",
                            "SELECT 'levels row of missing article ' || rowid FROM levels"
                            " WHERE rowid NOT IN (SELECT rowid FROM articles)"
                            " UNION ALL SELECT 'article_html row of missing article ' || rowid"
                            " FROM article_html WHERE rowid NOT IN (SELECT rowid FROM articles)");
    problems += check_terms(db);
    problems += check_codes(db);
    if (problems == 0)
        printf("ok\n");
    return problems == 0 ? 0 : 1;
}

/* Prints `text` with tab, newline, carriage return and backslash escaped. */
static void print_escaped(const unsigned char *text)
{
    for (; text && *text; text++) {
        switch (*text) {
        case '\t': fputs("\\t", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\r': fputs("\\r", stdout); break;
        case '\\': fputs("\\\\", stdout); break;
        default: putchar(*text); break;
        }
    }
}

/* Appends column `i` of `stmt` to `all`, tagged with its type so that NULL
 * and "" differ, and followed by a separator no text holds. */
static int append_column(defcon_buffer *all, sqlite3_stmt *stmt, int i)
{
    int type = sqlite3_column_type(stmt, i);
    const char *bytes = (const char *)sqlite3_column_blob(stmt, i);
    int len = sqlite3_column_bytes(stmt, i);

    if (defcon_buffer_printf(all, "%d:", type) != 0)
        return -1;
    if (type != SQLITE_NULL && len > 0 && defcon_buffer_append(all, bytes, (size_t)len) != 0)
        return -1;
    return defcon_buffer_append(all, "\0\x01", 2);
}

static int dump(sqlite3 *db)
{
    static const char sql[] =
        "SELECT a.path, id, date, first_day, last_day, source, url, topics, f.size, f.mtime_ns,"
        " f.hash, member, key, captured, capture_url, capture_date, record_id, title, body,"
        " (SELECT level || ' ' || ifnull(colour, '') FROM levels l WHERE l.rowid = a.rowid),"
        " (SELECT group_concat(code || ' ' || mentions || ' ' || in_title || ' ' || in_lead"
        "   || ' ' || printf('%.6f', score) || ' ' || about, ';')"
        "  FROM (SELECT * FROM article_countries c WHERE c.article = a.rowid ORDER BY code))"
        " FROM articles a JOIN files f ON f.path = a.path ORDER BY a.path, member";
    sqlite3_stmt *stmt = NULL;
    defcon_buffer all = DEFCON_BUFFER_INIT;
    int rc, i, columns;

    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        fprintf(stderr, "index-check: %s\n", sqlite3_errmsg(db));
        return 2;
    }
    columns = sqlite3_column_count(stmt);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        defcon_buffer_clear(&all);
        for (i = 1; i < columns; i++) {
            if (append_column(&all, stmt, i) != 0) {
                fprintf(stderr, "index-check: out of memory\n");
                rc = SQLITE_NOMEM;
                break;
            }
        }
        if (rc != SQLITE_ROW)
            break;
        print_escaped(sqlite3_column_text(stmt, 0));
        putchar('\t');
        print_escaped(sqlite3_column_text(stmt, 1));
        putchar('\t');
        print_escaped(sqlite3_column_text(stmt, 2));
        printf("\t%016llx\n",
               (unsigned long long)defcon_content_hash(all.data ? all.data : "", all.len));
    }
    defcon_buffer_free(&all);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "index-check: reading the articles: %s\n", sqlite3_errmsg(db));
        return 2;
    }
    return fflush(stdout) == 0 ? 0 : 2;
}

int main(int argc, char **argv)
{
    sqlite3 *db = NULL;
    int rc;

    if (argc != 3 || (strcmp(argv[1], "check") != 0 && strcmp(argv[1], "dump") != 0)) {
        fputs(usage_text, stderr);
        return 2;
    }
    if (open_database(argv[2], &db) != 0) {
        sqlite3_close(db);
        return 2;
    }
    rc = strcmp(argv[1], "check") == 0 ? check(db) : dump(db);
    sqlite3_close(db);
    return rc;
}

/*
 * stored_article.c - one article as the index holds it, found by id or
 * path, and a highlighter that marks the words of a query in its text as
 * the index would match them (folded and stemmed alike): for `show`.
 */
#include "search.h"

#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "tokenizer.h"

/* ---- single articles and highlighting, for `show` ---- */

static char *column_copy(sqlite3_stmt *stmt, int column)
{
    const char *text = (const char *)sqlite3_column_text(stmt, column);
    return text ? strdup(text) : NULL;
}

/* The article's rows in the side tables: its HTML, level and colour. */
#define SIDE_COLUMNS                                                       \
    "(SELECT html FROM article_html h WHERE h.rowid = a.rowid),"           \
    " (SELECT level FROM levels l WHERE l.rowid = a.rowid),"               \
    " (SELECT colour FROM levels l WHERE l.rowid = a.rowid)"

int defcon_article_find(defcon_db *db, const char *key, defcon_article_record *out)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    if (sqlite3_prepare_v2(defcon_db_sqlite(db),
                           "SELECT id, path, title, date, source, url, countries, body,"
                           " (SELECT hash FROM files f WHERE f.path = a.path), " SIDE_COLUMNS
                           " FROM articles a WHERE id = ?1 UNION ALL"
                           " SELECT id, path, title, date, source, url, countries, body,"
                           " (SELECT hash FROM files f WHERE f.path = a.path), " SIDE_COLUMNS
                           " FROM articles a WHERE path = ?1 LIMIT 1",
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
        out->hash = (uint64_t)sqlite3_column_int64(stmt, 8);
        out->html = column_copy(stmt, 9);
        out->level = sqlite3_column_int(stmt, 10);
        out->colour = column_copy(stmt, 11);
        if (!out->id || !out->path || !out->title || !out->body
            || (!out->html && sqlite3_column_type(stmt, 9) != SQLITE_NULL)) {
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
    free(record->html);
    free(record->colour);
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
    defcon_query *parsed = NULL;
    defcon_buffer words = DEFCON_BUFFER_INIT;
    size_t at;
    int rc = 0;

    if (!h)
        return NULL;
    if (defcon_tokenizer_new(defcon_db_sqlite(db), &h->tokenizer) != SQLITE_OK) {
        free(h);
        return NULL;
    }
    if (query && defcon_query_parse(query, &parsed, NULL, 0) == DEFCON_QUERY_OK
        && defcon_query_words(parsed, &words) != 0)
        rc = -1;
    defcon_query_free(parsed);
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

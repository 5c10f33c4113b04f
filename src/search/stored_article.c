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

#include "ascii.h"
#include "edit_distance.h"
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

/* ---- ids close to one that names no article, for `show` ---- */

/* A candidate id and how far it is from the key: 0 holds the key, else
 * edits; shorter ids first among equals. */
typedef struct id_candidate {
    char *id;
    int distance;
    size_t length;
} id_candidate;

/* Whether `text` holds `key`, ASCII letters in any case. */
static int holds_folded(const char *text, const char *key, size_t key_len)
{
    size_t i, k;

    for (; *text; text++) {
        for (i = 0, k = 0; k < key_len && text[i]
                           && defcon_ascii_lower(text[i]) == defcon_ascii_lower(key[k]);
             i++, k++)
            ;
        if (k == key_len)
            return 1;
    }
    return 0;
}

/* How far `id` is from `key`: 0 when it holds it, else the edits to the
 * whole id or to its last part without extension, or -1 when too far. */
static int id_distance(const char *id, const char *key, size_t key_len)
{
    const char *slash = strrchr(id, '/');
    const char *last = slash ? slash + 1 : id;
    const char *dot = strrchr(last, '.');
    size_t last_len = dot && dot > last ? (size_t)(dot - last) : strlen(last);
    int limit = key_len >= 6 ? (int)(key_len / 3) : 1;
    int whole, part;

    if (holds_folded(id, key, key_len))
        return 0;
    whole = defcon_edit_distance(key, key_len, id, strlen(id), limit);
    part = defcon_edit_distance(key, key_len, last, last_len, limit);
    if (part < whole)
        whole = part;
    return whole <= limit ? whole : -1;
}

static int candidate_before(const id_candidate *a, const id_candidate *b)
{
    if (a->distance != b->distance)
        return a->distance < b->distance;
    if (a->length != b->length)
        return a->length < b->length;
    return strcmp(a->id, b->id) < 0;
}

/* Puts `c` in its place among the `*count` best (at most `max`), taking
 * its id over; a candidate that does not make it is freed. */
static void keep_best(id_candidate *best, size_t *count, size_t max, id_candidate c)
{
    size_t at = *count;

    if (*count == max) {
        if (!candidate_before(&c, &best[max - 1])) {
            free(c.id);
            return;
        }
        free(best[--at].id);
    } else {
        (*count)++;
    }
    for (; at > 0 && candidate_before(&c, &best[at - 1]); at--)
        best[at] = best[at - 1];
    best[at] = c;
}

long defcon_article_suggest(defcon_db *db, const char *key, char **ids, size_t max)
{
    id_candidate best[16];
    size_t count = 0, key_len = strlen(key), i;
    sqlite3_stmt *stmt = NULL;
    int rc;

    if (max > sizeof best / sizeof best[0])
        max = sizeof best / sizeof best[0];
    if (max == 0 || key_len == 0)
        return 0;
    /* The id index covers the scan: no article's text is read. */
    if (sqlite3_prepare_v2(defcon_db_sqlite(db), "SELECT id FROM articles", -1, &stmt,
                           NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(db, "finding close ids");
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(stmt, 0);
        id_candidate c;
        if (!id || (c.distance = id_distance(id, key, key_len)) < 0)
            continue;
        c.length = strlen(id);
        if (!(c.id = strdup(id)))
            break;
        keep_best(best, &count, max, c);
    }
    sqlite3_finalize(stmt);
    for (i = 0; i < count; i++)
        ids[i] = best[i].id;
    if (rc == SQLITE_DONE)
        return (long)count;
    for (i = 0; i < count; i++)
        free(ids[i]);
    return rc == SQLITE_ROW ? defcon_db_fail(db, "out of memory")
                            : defcon_db_fail_sqlite(db, "finding close ids");
}

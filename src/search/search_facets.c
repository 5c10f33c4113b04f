/*
 * search_facets.c - country facets of the matches: the countries they are
 * about (from the article_codes blocks, country_blocks.h) or that they
 * mention beside a given country.
 */
#include "search_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "countries.h"
#include "country_blocks.h"

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

    rc = defcon_search_matching_sql(search, &sql, search->has_query ? "fts.rowid" : "a.rowid", 0, 1);
    stmt = defcon_search_prepare_matching(search, &sql, rc);
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
        return rc == SQLITE_CORRUPT ? defcon_search_fail(search, "the index's country codes are damaged: "
                                                   "rebuild it with defcon-index --full")
                                    : defcon_search_fail_sqlite(search, "counting countries");
    return 0;
}

/* Every country the matches mention, from each row's JSON. */
static int count_mentioned(defcon_search *search, long counts[26 * 26])
{
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    sqlite3_stmt *stmt;
    int rc;

    rc = defcon_search_matching_sql(search, &sql, "a.mentions", 1, 1);
    stmt = defcon_search_prepare_matching(search, &sql, rc);
    if (!stmt)
        return -1;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *start = defcon_search_column_text(stmt, 0), *p = start;
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
        return defcon_search_fail_sqlite(search, "counting countries");
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
    if (defcon_search_fold(search) != 0)   /* stories, not copies */
        return -1;
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


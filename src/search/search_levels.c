/*
 * search_levels.c - the history of the alert levels the matching articles
 * assess (`defcon-search levels`); see search.h.
 *
 * The levels table holds a row only for the articles that state a level
 * (defcon_level.h), so the history is read through the search's own
 * conditions (words, countries, dates, --level) and joined to it; the
 * order is by date, which rowids follow (database.h): descending rowids
 * are oldest first, and the undated articles, whose rowids lie above
 * every date, are put last.
 */
#include "search_internal.h"

#include <string.h>

/* The history's SQL: the matching articles with their levels, in order. */
static int build_levels_sql(defcon_search *search, defcon_buffer *sql)
{
    int newest = search->request.sort == DEFCON_SORT_NEWEST;
    int rc = defcon_buffer_puts(sql, "SELECT rowid, id, path, title, date, level, colour FROM (");

    rc |= defcon_search_matching_sql(search, sql,
                                     "a.rowid AS rowid, a.id AS id, a.path AS path,"
                                     " a.title AS title, a.date AS date,"
                                     " (SELECT l.level FROM levels l WHERE l.rowid = a.rowid)"
                                     " AS level,"
                                     " (SELECT l.colour FROM levels l WHERE l.rowid = a.rowid)"
                                     " AS colour", 1, 1);
    rc |= defcon_buffer_printf(sql, ") WHERE level IS NOT NULL ORDER BY date IS NULL, rowid %s",
                               newest ? "ASC" : "DESC");
    return rc ? -1 : 0;
}

long defcon_search_levels(defcon_search *search, int changes_only, long *stating,
                          defcon_hit_callback callback, void *context)
{
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    sqlite3_stmt *stmt = defcon_search_prepare_matching(search, &sql, build_levels_sql(search, &sql));
    long passed = 0, seen = 0;
    int rc = SQLITE_DONE, previous = 0, stop = 0;

    if (!stmt)
        return -1;
    while (!stop && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        defcon_hit hit;
        memset(&hit, 0, sizeof hit);
        hit.rowid = sqlite3_column_int64(stmt, 0);
        hit.id = defcon_search_column_text(stmt, 1);
        hit.path = defcon_search_column_text(stmt, 2);
        hit.title = hit.title_marked = defcon_search_column_text(stmt, 3);
        hit.date = defcon_search_column_text(stmt, 4);
        hit.level = sqlite3_column_int(stmt, 5);
        hit.colour = defcon_search_column_text(stmt, 6);
        seen++;
        if (changes_only && hit.level == previous)
            continue;
        previous = hit.level;
        passed++;
        stop = callback && callback(context, &hit) != 0;
    }
    if (!stop && rc != SQLITE_DONE)
        passed = defcon_search_fail_sqlite(search, "reading the levels");
    sqlite3_finalize(stmt);
    if (stating)
        *stating = seen;
    return passed;
}

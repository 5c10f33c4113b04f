/*
 * article_scan.c - reading every stored article in order; see
 * article_scan.h.
 */
#include "article_scan.h"

static const char *text_column(sqlite3_stmt *stmt, int column)
{
    return (const char *)sqlite3_column_text(stmt, column);
}

long defcon_articles_scan(defcon_db *db, defcon_article_scan_fn callback, void *context)
{
    sqlite3_stmt *stmt = NULL;
    defcon_stored_article a;
    long count = 0;
    int rc;

    if (sqlite3_prepare_v2(defcon_db_sqlite(db),
                           "SELECT a.rowid, a.id, a.path, a.title, a.body, a.date, a.first_day,"
                           " a.last_day, a.source, a.url, a.topics, replace(a.countries, ' ', ','),"
                           " (SELECT group_concat(m.key || ':' || json_extract(m.value, '$.count'),"
                           " ',') FROM json_each(a.mentions) m)"
                           " FROM articles a ORDER BY a.rowid",
                           -1, &stmt, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(db, "reading the articles");
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        a.rowid = sqlite3_column_int64(stmt, 0);
        a.id = text_column(stmt, 1);
        a.path = text_column(stmt, 2);
        a.title = text_column(stmt, 3);
        a.body = text_column(stmt, 4);
        a.date = text_column(stmt, 5);
        a.first_day = (long)sqlite3_column_int64(stmt, 6);
        a.last_day = (long)sqlite3_column_int64(stmt, 7);
        a.source = text_column(stmt, 8);
        a.url = text_column(stmt, 9);
        a.topics = text_column(stmt, 10);
        a.countries = text_column(stmt, 11);
        a.mentions = text_column(stmt, 12);
        count++;
        if (callback(context, &a) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return defcon_db_fail_sqlite(db, "reading the articles");
    return count;
}

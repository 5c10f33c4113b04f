/*
 * test_search_cache.c - defcon_db_configure_search_cache(): with huge
 * pages on, SQLite's page cache takes its pages from the 2 MB block, a
 * scan over more pages than the block holds reads every row right, and a
 * call once SQLite has started changes nothing. Its own program: the
 * block must be given before SQLite starts.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "database.h"

#define ROWS 3000
#define PAD 2000   /* bytes a row: ROWS rows take about 6 MB, three blocks */

/* Whether the kernel's setting lets a program advise huge pages. */
static int huge_pages_allowed(void)
{
    size_t len = 0;
    char *setting = check_read_file("/sys/kernel/mm/transparent_hugepage/enabled", &len);
    int allowed = setting && strstr(setting, "[never]") == NULL;

    free(setting);
    return allowed;
}

static int fill(const char *path)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open(path, &db);

    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db,
                          "CREATE TABLE t(x INTEGER, pad BLOB);"
                          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                          " WHERE i < 3000) INSERT INTO t SELECT i, zeroblob(2000) FROM n;",
                          NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

int main(void)
{
    char folder[512], path[600];
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    int placed, used = 0, most = 0, size = 0, largest = 0;

    defcon_db_configure_process();
    placed = defcon_db_configure_search_cache();
    if (!placed && huge_pages_allowed()) {
        CHECK(placed);   /* refused only where the kernel says never */
        return check_finish();
    }
    if (!placed)
        check_skip("huge pages are off here: the page cache stays where SQLite puts it");
    if (check_temp_folder("search-cache", folder, sizeof folder) != 0)
        return 1;
    snprintf(path, sizeof path, "%s/t.db", folder);
    CHECK(fill(path) == SQLITE_OK);

    /* A reading connection, as a search opens one */
    sqlite3_status(SQLITE_STATUS_PAGECACHE_USED, &used, &most, 1);
    CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    CHECK(sqlite3_prepare_v2(db, "SELECT count(*), sum(x), sum(length(pad)) FROM t", -1, &stmt,
                             NULL)
          == SQLITE_OK);
    CHECK(sqlite3_step(stmt) == SQLITE_ROW);
    CHECK_LONG(sqlite3_column_int64(stmt, 0), ROWS);
    CHECK_LONG(sqlite3_column_int64(stmt, 1), (long)ROWS * (ROWS + 1) / 2);
    CHECK_LONG(sqlite3_column_int64(stmt, 2), (long)ROWS * PAD);
    sqlite3_finalize(stmt);

    /* Its pages came from the block, each fitting a slot */
    CHECK(sqlite3_status(SQLITE_STATUS_PAGECACHE_USED, &used, &most, 0) == SQLITE_OK);
    CHECK(most > 0);
    CHECK(most <= (2 << 20) / 4096);
    CHECK(sqlite3_status(SQLITE_STATUS_PAGECACHE_SIZE, &size, &largest, 0) == SQLITE_OK);
    CHECK(largest > 4096);
    printf("%d slots of the block in use at most, pages of %d bytes with their header\n", most,
           largest);
    sqlite3_close(db);

    /* SQLite has started: a second call places nothing */
    CHECK(defcon_db_configure_search_cache() == 0);
    check_remove_folder(folder);
    return check_finish();
}

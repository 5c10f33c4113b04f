/*
 * test_connection_pool.c - unit tests of the server's connection pool
 * (connection_pool.c): a connection sees a reindexed database at its next
 * use, the time limit interrupts a statement and the connection is opened
 * anew, the pool has a bound, and every index has a build id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "connection_pool.h"
#include "indexer.h"
#include "search.h"

static char root[256], archive[300], db_path[300];

static int write_article(const char *name, const char *title)
{
    char path[400];

    snprintf(path, sizeof path, "%s/%s", archive, name);
    return check_write_file(path, "---\ntitle: %s\ndate: 2001-02-03\n---\n%s and more words.\n",
                            title, title);
}

static int index_archive(void)
{
    defcon_index_options options;
    defcon_index_stats stats;
    char error[512];

    memset(&options, 0, sizeof options);
    options.threads = 1;
    return defcon_index_run(db_path, archive, &options, &stats, error, sizeof error);
}

/* 1 when the slot's connection finds the article `key`. */
static int finds(defcon_pool_slot *slot, const char *key)
{
    defcon_article_record record;
    int found = defcon_article_find(defcon_pool_db(slot), key, &record);

    defcon_article_record_clear(&record);
    return found;
}

static void test_reopen(defcon_pool *pool)
{
    char error[512], first_build[64];
    defcon_pool_slot *slot = defcon_pool_acquire(pool, error, sizeof error);

    CHECK(slot != NULL);
    if (!slot)
        return;
    CHECK(finds(slot, "one.md") == 1);
    CHECK(finds(slot, "two.md") == 0);
    CHECK_LONG(strlen(defcon_pool_build_id(slot)), 32);
    CHECK(defcon_pool_archive(slot) && strstr(defcon_pool_archive(slot), "archive"));
    snprintf(first_build, sizeof first_build, "%s", defcon_pool_build_id(slot));
    defcon_pool_release(pool, slot);
    CHECK(write_article("two.md", "Second article") == 0 && index_archive() == 0);
    slot = defcon_pool_acquire(pool, error, sizeof error);
    CHECK(slot != NULL);
    if (!slot)
        return;
    CHECK(finds(slot, "two.md") == 1);   /* the reindex is seen */
    CHECK(strcmp(defcon_pool_build_id(slot), first_build) != 0);
    defcon_pool_release(pool, slot);
}

static void test_time_limit(defcon_pool *pool)
{
    char error[512];
    defcon_pool_slot *slot = defcon_pool_acquire(pool, error, sizeof error);
    sqlite3_stmt *stmt = NULL;
    double start;
    int rc;

    CHECK(slot != NULL);
    if (!slot)
        return;
    CHECK(sqlite3_prepare_v2(defcon_db_sqlite(defcon_pool_db(slot)),
                             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
                             " SELECT count(*) FROM n", -1, &stmt, NULL) == SQLITE_OK);
    defcon_pool_arm(slot, 0.05);
    start = defcon_pool_now();
    rc = sqlite3_step(stmt);
    CHECK_LONG(rc, SQLITE_INTERRUPT);
    CHECK(defcon_pool_now() - start < 5.0);
    CHECK(defcon_pool_timed_out(slot));
    sqlite3_finalize(stmt);
    defcon_pool_release(pool, slot);
    /* The next use gets a fresh connection, with no time limit left. */
    slot = defcon_pool_acquire(pool, error, sizeof error);
    CHECK(slot != NULL && !defcon_pool_timed_out(slot) && finds(slot, "one.md") == 1);
    defcon_pool_release(pool, slot);
}

static void test_bound(void)
{
    defcon_pool *pool = defcon_pool_new(db_path, 0, 2);
    defcon_pool_slot *a, *b, *c;
    char error[512] = "";

    a = defcon_pool_acquire(pool, error, sizeof error);
    b = defcon_pool_acquire(pool, error, sizeof error);
    c = defcon_pool_acquire(pool, error, sizeof error);
    CHECK(a && b && a != b && !c);
    CHECK(strstr(error, "in use") != NULL);
    defcon_pool_release(pool, b);
    c = defcon_pool_acquire(pool, error, sizeof error);
    CHECK(c == b);
    defcon_pool_release(pool, a);
    defcon_pool_release(pool, c);
    defcon_pool_free(pool);
    pool = defcon_pool_new("/nonexistent/index.db", 0, 1);
    CHECK(defcon_pool_acquire(pool, error, sizeof error) == NULL);
    CHECK(strstr(error, "no index at /nonexistent/index.db") != NULL);
    defcon_pool_free(pool);
    defcon_pool_free(NULL);
}

/* Removes what the test wrote. */
static void clean_up(void)
{
    static const char *const files[] = {"archive/one.md", "archive/two.md", "index.db",
                                        "index.db-wal", "index.db-shm", "index.db-journal",
                                        NULL};
    char path[400];
    size_t i;

    for (i = 0; files[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", root, files[i]);
        unlink(path);
    }
    rmdir(archive);
    rmdir(root);
}

int main(void)
{
    defcon_pool *pool;

    snprintf(root, sizeof root, "%s/defcon-pool-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(root))
        check_skip("cannot make a temporary folder");
    snprintf(archive, sizeof archive, "%s/archive", root);
    snprintf(db_path, sizeof db_path, "%s/index.db", root);
    CHECK(mkdir(archive, 0755) == 0);
    CHECK(write_article("one.md", "First article") == 0);
    CHECK(index_archive() == 0);
    pool = defcon_pool_new(db_path, 0, 4);
    CHECK(pool != NULL);
    if (pool) {
        test_reopen(pool);
        test_time_limit(pool);
        defcon_pool_free(pool);
    }
    test_bound();
    clean_up();
    return check_finish();
}

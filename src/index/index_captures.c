/*
 * index_captures.c - one article however many times it was captured.
 *
 * The same article reaches an archive several ways: a saved page, a WARC
 * capture, a feed item, two captures on different days. Every capture
 * has a key (archive_file.h: its canonical URL's); the index holds one
 * article a key, the newest capture, and remembers the others in the
 * folded table (file, member, capture time), without their text. When
 * the capture that won is removed or replaced, the files of the folded
 * ones are read again at the end of the run (a second round of jobs),
 * so that the newest capture still in the archive becomes the article.
 */
#include "indexer_internal.h"

#include <stdlib.h>
#include <string.h>

/* A capture that lost: its place is kept under `key`. */
static int remember_folded(run *r, const char *key, const char *path, int has_member,
                           long long member, long long captured)
{
    sqlite3_stmt *stmt = r->sql.fold;

    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, path, -1, SQLITE_TRANSIENT);
    if (has_member)
        sqlite3_bind_int64(stmt, 3, member);
    else
        sqlite3_bind_null(stmt, 3);
    sqlite3_bind_int64(stmt, 4, captured);
    return defcon_indexer_step_done(r, stmt, "folding a capture");
}

/* The article of this batch stored at `rowid` and not indexed yet, or
 * NULL when the row is from an earlier batch or run. */
static slot_article *batch_article(run *r, long long rowid)
{
    size_t i;

    for (i = 0; i < r->write_count; i++) {
        slot_article *item = &r->pool.slots[r->writes[i].job % WINDOW].items[r->writes[i].item];
        if (r->writes[i].rowid == rowid && !item->dropped)
            return item;
    }
    return NULL;
}

/* Takes the older capture at `rowid` out of the index. */
static int drop_older(run *r, long long rowid)
{
    slot_article *waiting = batch_article(r, rowid);

    if (!waiting)
        return defcon_indexer_delete_article(r, rowid);
    /* Stored by this batch, not yet in FTS5 nor counted anywhere but in
     * the terms its worker counted. */
    waiting->dropped = 1;
    if (defcon_indexer_uncount(r, waiting) != 0)
        return -1;
    sqlite3_bind_int64(r->sql.delete_article, 1, rowid);
    return defcon_indexer_step_done(r, r->sql.delete_article, "folding a capture");
}

int defcon_indexer_fold(run *r, const job *j, slot_article *item)
{
    const defcon_article *a = &item->article;
    sqlite3_stmt *stmt = r->sql.find_key;
    long long rowid, member, captured;
    int rc, has_member;
    char *path;

    if (!a->key)
        return 1;
    sqlite3_bind_text(stmt, 1, a->key, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(stmt);
        return rc == SQLITE_DONE ? 1 : defcon_db_fail_sqlite(r->db, "reading the index");
    }
    rowid = sqlite3_column_int64(stmt, 0);
    path = sqlite3_column_text(stmt, 1) ? strdup((const char *)sqlite3_column_text(stmt, 1))
                                        : strdup("");
    has_member = sqlite3_column_type(stmt, 2) != SQLITE_NULL;
    member = sqlite3_column_int64(stmt, 2);
    captured = sqlite3_column_int64(stmt, 3);
    sqlite3_reset(stmt);
    if (!path)
        return defcon_db_fail(r->db, "out of memory");
    if (a->captured > captured) {
        rc = remember_folded(r, a->key, path, has_member, member, captured);
        if (rc == 0)
            rc = drop_older(r, rowid);
        rc = rc == 0 ? 1 : -1;
    } else {
        rc = remember_folded(r, a->key, r->corpus.files[j->file].name, a->has_member,
                             a->member, a->captured);
        item->dropped = 1;
        if (rc == 0)
            rc = defcon_indexer_uncount(r, item);
    }
    free(path);
    return rc;
}

static int compare_file_name(const void *key, const void *element)
{
    return strcmp(key, ((const defcon_corpus_file *)element)->name);
}

void defcon_indexer_queue_reread(run *r, const char *path)
{
    const defcon_corpus_file *file = bsearch(path, r->corpus.files, r->corpus.count,
                                             sizeof *r->corpus.files, compare_file_name);
    size_t i = file ? (size_t)(file - r->corpus.files) : 0;
    job *j;

    if (!file || r->queued[i] == 2)
        return;
    r->queued[i] = 2;
    j = &r->jobs[r->job_count++];
    memset(j, 0, sizeof *j);
    j->file = (uint32_t)i;
    j->has_old = 1;
    j->force = 1;
}

int defcon_indexer_plan_rereads(run *r)
{
    sqlite3_stmt *stmt = r->sql.orphans;
    int rc;

    r->job_count = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *path = (const char *)sqlite3_column_text(stmt, 0);
        if (path)
            defcon_indexer_queue_reread(r, path);
    }
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? 0 : defcon_db_fail_sqlite(r->db, "reading the index");
}

/*
 * index_files.c - what the index knows of each archive file: its row in
 * the files table (size, time, hash: what the next run compares), and
 * the articles and folded captures it holds, found by path when the file
 * changes or goes.
 */
#include "indexer_internal.h"

#include <string.h>

#include "array.h"

/* Runs `stmt` with `path` bound as ?1 (no rows). */
static int step_path(run *r, sqlite3_stmt *stmt, const char *path, const char *what)
{
    sqlite3_bind_text(stmt, 1, path, -1, SQLITE_STATIC);
    return defcon_indexer_step_done(r, stmt, what);
}

/* Adds the rowids of the articles of `path` to the batch's old ones. */
int defcon_indexer_collect_olds(run *r, const char *path)
{
    int rc;

    sqlite3_bind_text(r->sql.file_rowids, 1, path, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(r->sql.file_rowids)) == SQLITE_ROW) {
        if (r->old_count == r->old_capacity
            && defcon_array_grow(&r->olds, &r->old_capacity, sizeof *r->olds, 64) != 0) {
            sqlite3_reset(r->sql.file_rowids);
            return defcon_db_fail(r->db, "out of memory");
        }
        r->olds[r->old_count++] = sqlite3_column_int64(r->sql.file_rowids, 0);
    }
    sqlite3_reset(r->sql.file_rowids);
    if (rc != SQLITE_DONE)
        return defcon_db_fail_sqlite(r->db, "reading the index");
    return step_path(r, r->sql.forget_folded, path, "removing an article");
}

int defcon_indexer_store_file(run *r, const job *j, const slot *s)
{
    const defcon_corpus_file *file = &r->corpus.files[j->file];

    sqlite3_bind_text(r->sql.store_file, 1, file->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(r->sql.store_file, 2, file->size);
    sqlite3_bind_int64(r->sql.store_file, 3, file->mtime_ns);
    sqlite3_bind_int64(r->sql.store_file, 4, (sqlite3_int64)s->hash);
    return defcon_indexer_step_done(r, r->sql.store_file, "storing a file");
}

int defcon_indexer_forget_files(run *r, const char *paths, size_t len)
{
    size_t at = 0;
    int rc = 0;

    r->old_count = 0;
    while (rc == 0 && at < len) {
        const char *path = paths + at;
        rc = defcon_indexer_collect_olds(r, path);
        if (rc == 0)
            rc = step_path(r, r->sql.delete_file, path, "removing a file");
        at += strlen(path) + 1;
    }
    return rc;
}

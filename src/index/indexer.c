/*
 * indexer.c - one indexing run; see indexer.h.
 *
 * Threads: this thread owns the SQLite connection and is the only writer
 * (index_writer.c). Worker threads (index_workers.c) take the files to
 * read in order, each into a slot of a ring of WINDOW slots, and do
 * everything that does not need the database. This thread applies the
 * slots in job order (the last path first, see BATCH), so a run is
 * deterministic, and FTS5 replays the workers' tokens (tokenizer.h)
 * instead of tokenizing again. This file plans the run (what changed
 * since the last one) and drives it in one transaction.
 */
#include "indexer_internal.h"
#include "array.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"

void defcon_indexer_emit(run *r, defcon_index_event_kind kind, const char *path,
                         const char *message)
{
    defcon_index_event event;

    if (!r->options->listener)
        return;
    memset(&event, 0, sizeof event);
    event.kind = kind;
    event.path = path;
    event.message = message;
    event.done = r->pool.applied;
    event.total = r->job_count;
    r->options->listener(r->options->listener_context, &event);
}

static int add_job(run *r, size_t file, int has_old, uint64_t hash)
{
    job *j = &r->jobs[r->job_count++];

    r->queued[file] = 1;
    j->file = (uint32_t)file;
    j->has_old = (unsigned char)has_old;
    j->force = 0;
    j->old_hash = hash;
    return 0;
}

/* Whether the indexed `path` lies at or below a path the walk could not
 * read: then its absence from the walk does not mean the file is gone. */
static int was_unread(const run *r, const char *path)
{
    size_t at = 0;

    if (r->unread_lost)
        return 1;
    while (at < r->unread.len) {
        const char *unread = r->unread.data + at;
        size_t len = strlen(unread);
        if (strcmp(unread, ".") == 0
            || (strncmp(path, unread, len) == 0 && (path[len] == '\0' || path[len] == '/')))
            return 1;
        at += len + 1;
    }
    return 0;
}

/* Turns the jobs, planned in path order, to run from the last path to the
 * first (see BATCH). */
static void reverse_jobs(run *r)
{
    long a = 0, b = r->job_count - 1;

    while (a < b) {
        job t = r->jobs[a];
        r->jobs[a++] = r->jobs[b];
        r->jobs[b--] = t;
    }
}

/* Merges the sorted walk with the index's sorted files: unchanged files
 * are counted, changed and new ones become jobs, and what the index
 * holds of files that are gone is removed (but not of those the walk
 * could not see). */
static int plan(run *r)
{
    sqlite3 *sqlite = defcon_db_sqlite(r->db);
    sqlite3_stmt *stmt = NULL;
    defcon_buffer gone = DEFCON_BUFFER_INIT;
    size_t i = 0;
    int rc;

    if (r->corpus.count > UINT32_MAX)
        return defcon_db_fail(r->db, "%zu files: more than one index can hold",
                              r->corpus.count);
    r->jobs = malloc((r->corpus.count ? r->corpus.count : 1) * sizeof *r->jobs);
    r->queued = calloc(r->corpus.count ? r->corpus.count : 1, 1);
    if (!r->jobs || !r->queued)
        return defcon_db_fail(r->db, "out of memory");
    if (sqlite3_prepare_v2(sqlite, "SELECT path, size, mtime_ns, hash FROM files ORDER BY path",
                           -1, &stmt, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "reading the index");
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *path = (const char *)sqlite3_column_text(stmt, 0);
        int cmp = 1;

        if (!path) {     /* only a damaged file holds a NULL key */
            rc = SQLITE_CORRUPT;
            break;
        }
        while (i < r->corpus.count && (cmp = strcmp(r->corpus.files[i].name, path)) < 0)
            add_job(r, i++, 0, 0);
        if (i < r->corpus.count && cmp == 0) {
            const defcon_corpus_file *file = &r->corpus.files[i];
            if (file->size == sqlite3_column_int64(stmt, 1)
                && file->mtime_ns == sqlite3_column_int64(stmt, 2))
                r->stats->unchanged++;
            else
                add_job(r, i, 1, (uint64_t)sqlite3_column_int64(stmt, 3));
            i++;
            continue;
        }
        if (was_unread(r, path))
            continue;
        if (defcon_buffer_append(&gone, path, strlen(path) + 1) != 0) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    if (rc == SQLITE_CORRUPT) {
        defcon_db_fail(r->db, "%s is damaged (a file without a path): remove it and run "
                       "defcon-index again", defcon_db_path(r->db));
        sqlite3_finalize(stmt);
        defcon_buffer_free(&gone);
        return -1;
    }
    if (rc != SQLITE_DONE) {
        defcon_db_fail_sqlite(r->db, "reading the index");
        sqlite3_finalize(stmt);
        defcon_buffer_free(&gone);
        return -1;
    }
    sqlite3_finalize(stmt);
    while (i < r->corpus.count)
        add_job(r, i++, 0, 0);
    reverse_jobs(r);
    rc = defcon_indexer_remove_files(r, gone.data ? gone.data : "", gone.len);
    defcon_buffer_free(&gone);
    return rc;
}

/* Counts a skip under its kind (the last slot takes the kinds past the
 * table's size) and reports it. */
void defcon_indexer_skip(run *r, const char *path, const char *kind, const char *detail)
{
    defcon_indexer_skip_many(r, path, kind, detail, 1);
}

void defcon_indexer_skip_many(run *r, const char *path, const char *kind, const char *detail,
                              long count)
{
    defcon_index_stats *stats = r->stats;
    size_t i;
    defcon_index_event event;

    for (i = 0; i < stats->skip_kinds && strcmp(stats->skips[i].kind, kind) != 0; i++)
        ;
    if (i == stats->skip_kinds) {
        if (i == DEFCON_INDEX_SKIP_KINDS)
            i--;
        else
            stats->skip_kinds++;
        snprintf(stats->skips[i].kind, sizeof stats->skips[i].kind, "%s",
                 i == DEFCON_INDEX_SKIP_KINDS - 1 ? "other things" : kind);
    }
    stats->skips[i].count += count;
    stats->skipped += count;
    if (!r->options->listener)
        return;
    memset(&event, 0, sizeof event);
    event.kind = DEFCON_INDEX_SKIPPED;
    event.path = path;
    event.message = detail;
    event.skip_kind = kind;
    r->options->listener(r->options->listener_context, &event);
}

static void walk_skip(void *context, const char *path, const char *kind, const char *detail)
{
    defcon_indexer_skip(context, path, kind, detail);
}

static void walk_problem(void *context, const char *path, const char *reason)
{
    run *r = context;

    r->stats->failed++;
    if (defcon_buffer_append(&r->unread, path, strlen(path) + 1) != 0)
        r->unread_lost = 1;
    defcon_indexer_emit(r, DEFCON_INDEX_FAILED, path, reason);
}

/* How much pending data FTS5 may keep in memory this run (database.h). */
static int set_pending_limit(run *r)
{
    int many = r->corpus.count >= DEFCON_MANY_FILES, rc;
    int bytes = many ? DEFCON_FTS_HASH_BYTES_MANY_FILES : DEFCON_FTS_HASH_BYTES;
    char pragma[64];

    snprintf(pragma, sizeof pragma, "PRAGMA cache_size = -%d",
             many ? DEFCON_CACHE_KB_MANY_FILES : DEFCON_CACHE_KB);
    if (sqlite3_exec(defcon_db_sqlite(r->db), pragma, NULL, NULL, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "configuring the index");

    /* Written only when it changes: a run that changes nothing writes
     * nothing, and so commits without a sync or a checkpoint. */
    sqlite3_bind_int(r->sql.same_hashsize, 1, bytes);
    rc = sqlite3_step(r->sql.same_hashsize);
    sqlite3_reset(r->sql.same_hashsize);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc != SQLITE_DONE)
        return defcon_db_fail_sqlite(r->db, "configuring the index");
    sqlite3_bind_int(r->sql.set_hashsize, 1, bytes);
    return defcon_indexer_step_done(r, r->sql.set_hashsize, "configuring the index");
}

static int run_in_transaction(run *r, const char *archive)
{
    sqlite3 *sqlite = defcon_db_sqlite(r->db);
    char *absolute;
    int rc;

    /* One writer at a time: a second run is refused, not queued. */
    if (sqlite3_exec(sqlite, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "starting the update");
    rc = defcon_indexer_prepare_statements(r);
    if (rc == 0 && defcon_tokenizer_new(sqlite, &r->tokenizer) != SQLITE_OK)
        rc = defcon_db_fail(r->db, "cannot create a tokenizer");
    if (rc == 0)
        rc = set_pending_limit(r);
    if (rc == 0 && r->options->full)
        rc = defcon_indexer_exec(r, "DELETE FROM articles; DELETE FROM files; DELETE FROM folded;"
                     " DELETE FROM vocab; DELETE FROM periods;"
                     " DELETE FROM terms; DELETE FROM article_codes;"
                     " INSERT INTO fts(fts) VALUES('delete-all');",
                  "clearing the index");
    if (rc == 0)
        rc = plan(r);
    if (rc == 0)
        rc = defcon_indexer_start_workers(r);
    if (rc == 0)
        rc = defcon_indexer_apply_all(r);
    defcon_indexer_stop_workers(r);
    if (rc == 0)
        rc = defcon_indexer_store_periods(r);
    if (rc == 0) {
        absolute = realpath(archive, NULL);
        rc = defcon_db_meta_set(r->db, "archive", absolute ? absolute : archive);
        free(absolute);
    }
    if (rc == 0)
        rc = defcon_indexer_count_articles(r);
    defcon_indexer_finalize_statements(r);
    if (rc == 0 && sqlite3_exec(sqlite, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = defcon_db_fail_sqlite(r->db, "committing the update");
    if (rc != 0) {
        sqlite3_exec(sqlite, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    defcon_db_finish_first_build(r->db);
    return 0;
}

int defcon_index_run(const char *db_path, const char *archive,
                     const defcon_index_options *options, defcon_index_stats *stats,
                     char *error, size_t error_size)
{
    run *r = calloc(1, sizeof *r);
    double start = defcon_clock_seconds();
    defcon_walk_options walk;
    int rc = -1, i;

    memset(stats, 0, sizeof *stats);
    memset(&walk, 0, sizeof walk);
    walk.follow_links = options->follow_links;
    walk.problem = walk_problem;
    walk.skip = walk_skip;
    walk.context = r;
    if (!r) {
        snprintf(error, error_size, "out of memory");
        return -1;
    }
    r->options = options;
    r->stats = stats;
    for (i = 0; i < WINDOW; i++)
        r->pool.slots[i].job = -1;
    pthread_mutex_init(&r->pool.lock, NULL);
    pthread_cond_init(&r->pool.work_ready, NULL);
    pthread_cond_init(&r->pool.slot_done, NULL);
    r->replay = defcon_replay_new();
    r->removed_terms = defcon_term_counts_new();
    r->codes = defcon_code_changes_new();
    if (!r->replay || !r->removed_terms || !r->codes) {
        snprintf(error, error_size, "out of memory");
    } else if (defcon_corpus_walk_with(&r->corpus, archive, &walk) != 0) {
        snprintf(error, error_size, "%s", r->corpus.message);
    } else if (defcon_db_open(db_path, options->full ? DEFCON_DB_REBUILD : DEFCON_DB_WRITE,
                              r->replay, &r->db, NULL) != 0) {
        snprintf(error, error_size, "%s", defcon_db_errmsg(r->db));
    } else {
        rc = run_in_transaction(r, archive);
        if (rc != 0)
            snprintf(error, error_size, "%s", defcon_db_errmsg(r->db));
    }
    if (r->replay)
        defcon_replay_counts(r->replay, &stats->replayed, &stats->retokenized);
    defcon_db_close(r->db);
    for (i = 0; i < WINDOW; i++)
        defcon_indexer_slot_free(&r->pool.slots[i]);
    free(r->writes);
    free(r->olds);
    for (i = 0; i < r->pool.worker_count; i++) {
        defcon_tokenizer_free(r->pool.workers[i].tokenizer);
        defcon_term_counts_free(r->pool.workers[i].terms);
        pthread_mutex_destroy(&r->pool.workers[i].terms_lock);
    }
    defcon_tokenizer_free(r->tokenizer);
    defcon_term_counts_free(r->removed_terms);
    defcon_code_changes_free(r->codes);
    defcon_tokens_free(&r->old_title);
    defcon_tokens_free(&r->old_body);
    defcon_replay_free(r->replay);
    defcon_corpus_free(&r->corpus);
    defcon_buffer_free(&r->unread);
    defcon_count_map_free(&r->last_rowids);
    defcon_count_map_free(&r->periods);
    free(r->jobs);
    free(r->queued);
    pthread_mutex_destroy(&r->pool.lock);
    pthread_cond_destroy(&r->pool.work_ready);
    pthread_cond_destroy(&r->pool.slot_done);
    free(r);
    stats->seconds = defcon_clock_seconds() - start;
    return rc;
}

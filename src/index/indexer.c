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
#include <time.h>
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
    j->recheck = 0;
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

/* The guards of indexer.h against losing an index by mistake, once the
 * plan knows how many of the `indexed` articles are gone: another folder
 * than the index's is refused unless most of its files are the index's
 * (the archive moved), and so is a run removing most of the index. */
static int check_removals(run *r, size_t gone, size_t indexed)
{
    const char *db = defcon_db_path(r->db);
    int other_folder = r->indexed_root && r->archive_real && !r->options->full
                       && strcmp(r->indexed_root, r->archive_real) != 0;

    if (other_folder && indexed > 0 && (indexed - gone) * 2 < indexed)
        return defcon_db_fail(r->db,
                              "the index %s holds the archive %s (%zu articles), and %s is "
                              "another folder (%zu of its files are in the index): indexing it "
                              "would replace that archive. To replace the index with this "
                              "folder: defcon-index --db %s --full %s; to keep both, give "
                              "another --db", db, r->indexed_root, indexed, r->archive,
                              indexed - gone, db, r->archive);
    if (other_folder)
        snprintf(r->stats->moved_from, sizeof r->stats->moved_from, "%s", r->indexed_root);
    if (gone * 2 > indexed && gone > 10 && !r->options->allow_removals)
        return defcon_db_fail(r->db,
                              "this run would remove %zu of the %zu articles of %s: their files "
                              "are no longer under %s. Refused, in case the archive is "
                              "incomplete (an unmounted disk, a wrong folder); check it, or "
                              "rerun with --allow-removals to remove them", gone, indexed, db,
                              r->archive);
    return 0;
}

/* The articles the index holds before the run. */
static int count_articles_indexed(run *r, size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    *count = 0;
    if (sqlite3_prepare_v2(defcon_db_sqlite(r->db), "SELECT count(*) FROM articles", -1, &stmt,
                           NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "reading the index");
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        *count = (size_t)sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return rc == SQLITE_ROW ? 0 : defcon_db_fail_sqlite(r->db, "reading the index");
}

/* Timestamps coarser than this (FAT's two seconds) are as good as equal. */
#define TIMESTAMP_MARGIN_NS 2000000000LL

/* Files whose time is not older than *from may have been rewritten in the
 * tick the last writing run read them in (database.h): their size and
 * time prove nothing. LLONG_MAX (none) for an index that never said when
 * it was written. Returns 0 or -1. */
static int racy_time(run *r, long long *from)
{
    char *value = NULL;

    *from = LLONG_MAX;
    if (defcon_db_meta_get(r->db, DEFCON_META_WRITE_START, &value) != 0)
        return -1;
    if (value)
        *from = strtoll(value, NULL, 10) - TIMESTAMP_MARGIN_NS;
    free(value);
    return 0;
}

/* The time now, in nanoseconds since 1970 (as files' times). */
static long long now_ns(void)
{
    struct timespec now;

    clock_gettime(CLOCK_REALTIME, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

/* After a run that wrote: its start, for the next run's racy_time. */
static int store_write_start(run *r, int changes_before)
{
    char number[32];

    if (sqlite3_total_changes(defcon_db_sqlite(r->db)) == changes_before)
        return 0;
    snprintf(number, sizeof number, "%lld", r->started_ns);
    return defcon_db_meta_set(r->db, DEFCON_META_WRITE_START, number);
}

/* Plans corpus file `i`, which the index holds (`stmt`'s row: path,
 * size, mtime_ns, hash): unchanged, a job, or a job that only hashes it
 * again (`racy_from`, racy_time). */
static void plan_indexed_file(run *r, size_t i, sqlite3_stmt *stmt, long long racy_from)
{
    const defcon_corpus_file *file = &r->corpus.files[i];
    int same = file->size == sqlite3_column_int64(stmt, 1)
               && file->mtime_ns == sqlite3_column_int64(stmt, 2);

    if (same && file->mtime_ns < racy_from) {
        r->stats->unchanged++;
        return;
    }
    add_job(r, i, 1, (uint64_t)sqlite3_column_int64(stmt, 3));
    r->jobs[r->job_count - 1].recheck = (unsigned char)same;
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
    size_t i = 0, indexed = 0;
    long long racy_from;
    int rc;

    if (racy_time(r, &racy_from) != 0)
        return -1;

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
            plan_indexed_file(r, i++, stmt, racy_from);
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
    rc = count_articles_indexed(r, &indexed);
    if (rc == 0)
        rc = defcon_indexer_forget_files(r, gone.data ? gone.data : "", gone.len);
    if (rc == 0)
        rc = check_removals(r, r->old_count, indexed);
    if (rc == 0)
        rc = defcon_indexer_remove_articles(r, r->olds, r->old_count);
    r->old_count = 0;
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

/* Notes the folder the index was built from and the one given now. */
static int remember_root(run *r, const char *archive)
{
    r->archive = archive;
    r->archive_real = realpath(archive, NULL);
    return defcon_db_meta_get(r->db, "archive", &r->indexed_root);
}

/* A new build id (database.h) when the run changed the index or the
 * index has none: 128 random bits as hex, from /dev/urandom, else from the
 * clock and the process id. A run that changes nothing keeps it, and so
 * still writes nothing. */
static int store_build_id(run *r)
{
    unsigned char bytes[16];
    char hex[2 * sizeof bytes + 1], *current = NULL;
    struct timespec now;
    FILE *random;
    size_t i, got = 0;
    int rc;

    if (defcon_db_meta_get(r->db, DEFCON_META_BUILD_ID, &current) != 0)
        return -1;
    rc = current && r->stats->added + r->stats->updated + r->stats->removed == 0;
    free(current);
    if (rc)
        return 0;
    random = fopen("/dev/urandom", "rb");
    if (random) {
        got = fread(bytes, 1, sizeof bytes, random);
        fclose(random);
    }
    if (got != sizeof bytes) {
        clock_gettime(CLOCK_REALTIME, &now);
        for (i = 0; i < sizeof bytes; i++)
            bytes[i] = (unsigned char)((unsigned long long)now.tv_nsec >> (i % 4 * 8)
                                       ^ (unsigned long long)now.tv_sec >> (i % 8 * 4)
                                       ^ (unsigned long long)getpid() >> (i % 3 * 8));
    }
    for (i = 0; i < sizeof bytes; i++)
        snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
    return defcon_db_meta_set(r->db, DEFCON_META_BUILD_ID, hex);
}

static int run_in_transaction(run *r, const char *archive)
{
    sqlite3 *sqlite = defcon_db_sqlite(r->db);
    int rc, changes_before;

    /* One writer at a time: a second run is refused, not queued. */
    if (sqlite3_exec(sqlite, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "starting the update");
    changes_before = sqlite3_total_changes(sqlite);
    rc = defcon_indexer_prepare_statements(r);
    if (rc == 0 && defcon_tokenizer_new(sqlite, &r->tokenizer) != SQLITE_OK)
        rc = defcon_db_fail(r->db, "cannot create a tokenizer");
    if (rc == 0)
        rc = set_pending_limit(r);
    if (rc == 0 && r->options->full)
        rc = defcon_indexer_exec(r, "DELETE FROM articles; DELETE FROM files; DELETE FROM folded;"
                     " DELETE FROM levels; DELETE FROM article_html;"
                     " DELETE FROM vocab; DELETE FROM periods;"
                     " DELETE FROM terms; DELETE FROM article_codes; DELETE FROM copies;"
                     " DELETE FROM boilerplate; DELETE FROM sites;"
                     " INSERT INTO fts(fts) VALUES('delete-all');",
                  "clearing the index");
    if (rc == 0)
        rc = remember_root(r, archive);
    if (rc == 0)
        rc = defcon_indexer_boilerplate_start(r);
    if (rc == 0)
        rc = plan(r);
    if (rc == 0)
        rc = defcon_indexer_start_workers(r);
    if (rc == 0)
        rc = defcon_indexer_apply_all(r);
    defcon_indexer_stop_workers(r);
    if (rc == 0)
        rc = defcon_indexer_pass_on_ids(r);
    if (rc == 0)
        rc = defcon_indexer_store_periods(r);
    if (rc == 0)
        rc = defcon_db_meta_set(r->db, "archive", r->archive_real ? r->archive_real : archive);
    if (rc == 0)
        rc = defcon_indexer_count_articles(r);
    if (rc == 0)
        rc = defcon_indexer_merge_segments(r);
    if (rc == 0)
        rc = store_write_start(r, changes_before);
    if (rc == 0)
        rc = store_build_id(r);
    defcon_indexer_finalize_statements(r);
    defcon_indexer_boilerplate_free(r);
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
    r->started_ns = now_ns();   /* before the walk reads any file's time */
    for (i = 0; i < WINDOW; i++)
        r->pool.slots[i].job = -1;
    r->pool.awaited = -1;
    pthread_mutex_init(&r->pool.lock, NULL);
    pthread_cond_init(&r->pool.work_ready, NULL);
    pthread_cond_init(&r->pool.slot_done, NULL);
    r->replay = defcon_replay_new();
    r->removed_terms = defcon_term_counts_new();
    r->stored_words = defcon_term_counts_new();
    r->codes = defcon_code_changes_new();
    if (!r->replay || !r->removed_terms || !r->stored_words || !r->codes) {
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
    defcon_term_counts_free(r->stored_words);
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
    free(r->archive_real);
    free(r->indexed_root);
    pthread_mutex_destroy(&r->pool.lock);
    pthread_cond_destroy(&r->pool.work_ready);
    pthread_cond_destroy(&r->pool.slot_done);
    free(r);
    stats->seconds = defcon_clock_seconds() - start;
    return rc;
}

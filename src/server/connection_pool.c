/*
 * connection_pool.c - read-only connections checked for a changed index;
 * see connection_pool.h.
 */
#include "connection_pool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* VM instructions between two looks at the clock. */
#define PROGRESS_STEPS 1000

struct defcon_pool_slot {
    defcon_db *db;                 /* NULL until opened */
    sqlite3 *probe;                /* data_version, outside any transaction */
    sqlite3_int64 data_version;
    dev_t device;
    ino_t inode;
    char *archive;
    char build_id[64];
    double deadline;               /* 0: none */
    int timed_out, stale, in_use;
};

struct defcon_pool {
    char *path;
    int immutable;
    size_t max;
    pthread_mutex_t lock;
    defcon_pool_slot *slots;
};

double defcon_pool_now(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

defcon_pool *defcon_pool_new(const char *path, int immutable, size_t max)
{
    defcon_pool *pool = calloc(1, sizeof *pool);

    if (!pool)
        return NULL;
    pool->path = strdup(path);
    pool->slots = calloc(max ? max : 1, sizeof *pool->slots);
    if (!pool->path || !pool->slots) {
        free(pool->path);
        free(pool->slots);
        free(pool);
        return NULL;
    }
    pool->immutable = immutable;
    pool->max = max ? max : 1;
    pthread_mutex_init(&pool->lock, NULL);
    return pool;
}

static void slot_close(defcon_pool_slot *slot)
{
    defcon_db_close(slot->db);
    sqlite3_close(slot->probe);
    free(slot->archive);
    slot->db = NULL;
    slot->probe = NULL;
    slot->archive = NULL;
    slot->stale = slot->timed_out = 0;
}

void defcon_pool_free(defcon_pool *pool)
{
    size_t i;

    if (!pool)
        return;
    for (i = 0; i < pool->max; i++)
        slot_close(&pool->slots[i]);
    pthread_mutex_destroy(&pool->lock);
    free(pool->slots);
    free(pool->path);
    free(pool);
}

static int progress(void *context)
{
    defcon_pool_slot *slot = context;

    if (slot->deadline > 0 && defcon_pool_now() > slot->deadline) {
        slot->timed_out = 1;
        return 1;
    }
    return 0;
}

/* The committed state of the index as the probe sees it, or -1. */
static sqlite3_int64 data_version(sqlite3 *probe)
{
    sqlite3_stmt *stmt = NULL;
    sqlite3_int64 version = -1;

    if (probe && sqlite3_prepare_v2(probe, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK
        && sqlite3_step(stmt) == SQLITE_ROW)
        version = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return version;
}

static void set_build_id(defcon_pool *pool, defcon_pool_slot *slot, const struct stat *st)
{
    char *stored = NULL;

    if (defcon_db_meta_get(slot->db, DEFCON_META_BUILD_ID, &stored) == 0 && stored && *stored
        && strlen(stored) < sizeof slot->build_id)
        snprintf(slot->build_id, sizeof slot->build_id, "%s", stored);
    else   /* an index built before build ids: the file's identity and state */
        snprintf(slot->build_id, sizeof slot->build_id, "f%llx-%llx-%llx-%llx",
                 (unsigned long long)st->st_ino, (unsigned long long)st->st_size,
                 (unsigned long long)st->st_mtime, (unsigned long long)data_version(slot->probe));
    (void)pool;
    free(stored);
}

static int slot_open(defcon_pool *pool, defcon_pool_slot *slot, char *error, size_t size)
{
    struct stat st;

    slot_close(slot);
    if (stat(pool->path, &st) != 0) {
        snprintf(error, size, "no index at %s", pool->path);
        return -1;
    }
    if (defcon_db_open(pool->path, pool->immutable ? DEFCON_DB_READ_IMMUTABLE
                                                   : DEFCON_DB_READ_MAPPED,
                       NULL, &slot->db, NULL) != 0) {
        snprintf(error, size, "%s", defcon_db_errmsg(slot->db));
        slot_close(slot);
        return -1;
    }
    /* The probe opens after the snapshot: a commit in between makes the
     * next check reopen once, never miss a change. */
    if (!pool->immutable
        && sqlite3_open_v2(pool->path, &slot->probe, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                           NULL) != SQLITE_OK) {
        sqlite3_close(slot->probe);
        slot->probe = NULL;
    }
    slot->data_version = data_version(slot->probe);
    slot->device = st.st_dev;
    slot->inode = st.st_ino;
    defcon_db_meta_get(slot->db, "archive", &slot->archive);
    set_build_id(pool, slot, &st);
    sqlite3_progress_handler(defcon_db_sqlite(slot->db), PROGRESS_STEPS, progress, slot);
    return 0;
}

/* Whether the index changed since the slot opened it. */
static int slot_is_stale(defcon_pool *pool, defcon_pool_slot *slot)
{
    struct stat st;

    if (!slot->db || slot->stale)
        return 1;
    if (stat(pool->path, &st) == 0 && (st.st_dev != slot->device || st.st_ino != slot->inode))
        return 1;
    return slot->probe && data_version(slot->probe) != slot->data_version;
}

defcon_pool_slot *defcon_pool_acquire(defcon_pool *pool, char *error, size_t size)
{
    defcon_pool_slot *slot = NULL;
    size_t i;

    pthread_mutex_lock(&pool->lock);
    /* An open connection first, else a free place for a new one. */
    for (i = 0; i < pool->max && !slot; i++)
        if (!pool->slots[i].in_use && pool->slots[i].db)
            slot = &pool->slots[i];
    for (i = 0; i < pool->max && !slot; i++)
        if (!pool->slots[i].in_use)
            slot = &pool->slots[i];
    if (slot)
        slot->in_use = 1;
    pthread_mutex_unlock(&pool->lock);
    if (!slot) {
        snprintf(error, size, "every connection to the index is in use: try again");
        return NULL;
    }
    if (slot_is_stale(pool, slot) && slot_open(pool, slot, error, size) != 0) {
        defcon_pool_release(pool, slot);
        return NULL;
    }
    slot->timed_out = 0;
    slot->deadline = 0;
    return slot;
}

void defcon_pool_release(defcon_pool *pool, defcon_pool_slot *slot)
{
    if (!slot)
        return;
    slot->deadline = 0;
    /* A connection to an index that has changed goes now: idle, it would
     * keep its old snapshot, and a WAL index's log could not be reset. */
    if (slot->db && slot_is_stale(pool, slot))
        slot_close(slot);
    pthread_mutex_lock(&pool->lock);
    slot->in_use = 0;
    pthread_mutex_unlock(&pool->lock);
}

defcon_db *defcon_pool_db(defcon_pool_slot *slot)
{
    return slot->db;
}

const char *defcon_pool_archive(const defcon_pool_slot *slot)
{
    return slot->archive;
}

const char *defcon_pool_build_id(const defcon_pool_slot *slot)
{
    return slot->build_id;
}

void defcon_pool_arm(defcon_pool_slot *slot, double seconds)
{
    slot->deadline = seconds > 0 ? defcon_pool_now() + seconds : 0;
}

int defcon_pool_timed_out(defcon_pool_slot *slot)
{
    if (slot->timed_out)
        slot->stale = 1;
    return slot->timed_out;
}

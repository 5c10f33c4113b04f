/*
 * index_ids.c - each article's id, unique in the index. An article's own
 * id is its path ("path#member" for one of a file's many articles); the
 * id it declares (front matter id, canonical URL, feed guid) is used when
 * free. A path always stays its own article's id: a declaration naming
 * another article's own id is refused. Of two declarations of one id,
 * the article indexed by an earlier run keeps it; of two indexed in one
 * run, the first in path order. An article refused keeps its own id and
 * the one it asked for (articles.asked_id); once no article holds that
 * id any more, the end of a run passes it on, first in path order, so an
 * id is not lost until the waiting file changes.
 */
#include "indexer_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"

/* The article holding an id. */
typedef struct holder {
    char *path;              /* malloc'd; NULL: the id is free */
    long long rowid;
    long long member;
    int has_member;
} holder;

static void holder_clear(holder *h)
{
    free(h->path);
    memset(h, 0, sizeof *h);
}

/* Finds the article that has `id`. Returns 0 (h->path NULL when none) or
 * -1 on a database error. */
static int find_holder(run *r, const char *id, holder *h)
{
    sqlite3_stmt *stmt = r->sql.find_id;
    int rc;

    memset(h, 0, sizeof *h);
    sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        const char *path = (const char *)sqlite3_column_text(stmt, 0);
        h->path = strdup(path ? path : "");
        h->rowid = sqlite3_column_int64(stmt, 1);
        h->has_member = sqlite3_column_type(stmt, 2) != SQLITE_NULL;
        h->member = sqlite3_column_int64(stmt, 2);
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return defcon_db_fail_sqlite(r->db, "reading the index");
    if (rc == SQLITE_ROW && !h->path)
        return defcon_db_fail(r->db, "out of memory");
    return 0;
}

/* An article's own id: its path, or "path#member". */
static const char *own_id(const char *path, int has_member, long long member, char *buffer,
                          size_t size)
{
    if (!has_member)
        return path;
    snprintf(buffer, size, "%s#%lld", path, member);
    return buffer;
}

static int compare_file_name(const void *key, const void *element)
{
    return strcmp(key, ((const defcon_corpus_file *)element)->name);
}

/* Whether this run indexes the file at `path` (so its row is this run's). */
static int queued_this_run(const run *r, const char *path)
{
    const defcon_corpus_file *file = bsearch(path, r->corpus.files, r->corpus.count,
                                             sizeof *r->corpus.files, compare_file_name);

    return file && r->queued[file - r->corpus.files];
}

/* Warns that the article of `path` does not get the `id` it declares,
 * which `other` has, as its path (`as_path`) or by declaring it first. */
static void warn_refused(run *r, const char *path, const char *id, const char *other, int as_path)
{
    char message[2048];

    snprintf(message, sizeof message,
             as_path ? "id \"%s\" is the path of %s: this article's id is its path"
                     : "id \"%s\" is already used by %s: this article's id is its path "
                       "(the id passes to it when no other article holds it)",
             id, other);
    r->stats->warnings++;
    defcon_indexer_emit(r, DEFCON_INDEX_WARNING, path, message);
}

/* Sets the id of the article at `rowid` and the one it waits for
 * (NULL: none). Returns 1 when set, 0 when another article has `id`,
 * -1 on a database error. */
static int set_id(run *r, long long rowid, const char *id, const char *asked)
{
    sqlite3_stmt *stmt = r->sql.set_id;
    int rc;

    sqlite3_bind_int64(stmt, 1, rowid);
    sqlite3_bind_text(stmt, 2, id, -1, SQLITE_STATIC);
    if (asked)
        sqlite3_bind_text(stmt, 3, asked, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(stmt, 3);
    rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE)
        return defcon_db_fail_sqlite(r->db, "storing an article");
    return sqlite3_changes(defcon_db_sqlite(r->db)) > 0;
}

/* Makes the holder `h` of `id` give it up for its own id and wait for it,
 * warning on the holder's file that `winner` has it now. 0 or -1. */
static int give_up(run *r, const holder *h, const char *id, const char *winner, int as_path)
{
    char own[1024], fallback[1100];
    const char *own_name = own_id(h->path, h->has_member, h->member, own, sizeof own);
    int rc;

    warn_refused(r, h->path, id, winner, as_path);
    rc = set_id(r, h->rowid, own_name, id);
    if (rc == 0) {
        snprintf(fallback, sizeof fallback, "%s#%lld", own_name, h->rowid);
        rc = set_id(r, h->rowid, fallback, id);
    }
    if (rc == 0)
        return defcon_db_fail(r->db, "%s: no free id for the article", h->path);
    return rc < 0 ? -1 : 0;
}

/* Stores the article under its own id `own`, taking it back from an
 * article that declared it. Returns 1 stored, 0 not (the id is another
 * article's own), -1 on error. */
static int store_own(run *r, const job *j, slot_article *s, long long rowid, const char *own)
{
    holder h;
    int rc = defcon_indexer_insert_row(r, j, s, rowid, own, NULL);

    if (rc != 0 || find_holder(r, own, &h) != 0)
        return rc;
    if (h.path) {
        char buffer[1024];
        if (strcmp(own_id(h.path, h.has_member, h.member, buffer, sizeof buffer), own) != 0) {
            rc = give_up(r, &h, own, r->corpus.files[j->file].name, 1);
            if (rc == 0)
                rc = defcon_indexer_insert_row(r, j, s, rowid, own, NULL);
        }
    }
    holder_clear(&h);
    return rc;
}

/* Stores the article under the id it declares when it may have it, else
 * under its own id `own`, waiting for `declared`. Returns 1 stored, 0 not
 * (its own id is taken), -1 on error. */
static int store_declared(run *r, const job *j, slot_article *s, long long rowid,
                          const char *declared, const char *own)
{
    const char *path = r->corpus.files[j->file].name;
    char buffer[1024];
    holder h;
    int rc = defcon_indexer_insert_row(r, j, s, rowid, declared, NULL);

    if (rc != 0 || find_holder(r, declared, &h) != 0)
        return rc;
    if (h.path && strcmp(own_id(h.path, h.has_member, h.member, buffer, sizeof buffer),
                         declared) == 0) {
        warn_refused(r, path, declared, h.path, 1);
        rc = defcon_indexer_insert_row(r, j, s, rowid, own, declared);
    } else if (h.path && strcmp(h.path, path) > 0 && queued_this_run(r, h.path)) {
        /* The holder comes later in path order: it gives the id up. */
        rc = give_up(r, &h, declared, path, 0);
        if (rc == 0)
            rc = defcon_indexer_insert_row(r, j, s, rowid, declared, NULL);
    } else {
        warn_refused(r, path, declared, h.path ? h.path : "another article", 0);
        rc = defcon_indexer_insert_row(r, j, s, rowid, own, declared);
    }
    holder_clear(&h);
    return rc;
}

int defcon_indexer_store_row(run *r, const job *j, slot_article *s, long long rowid)
{
    const defcon_corpus_file *file = &r->corpus.files[j->file];
    const defcon_article *a = &s->article;
    char own_buffer[1024], fallback[1100];
    const char *own = own_id(file->name, a->has_member, a->member, own_buffer, sizeof own_buffer);
    const char *declared = a->id && a->id[0] && strcmp(a->id, own) != 0 ? a->id : NULL;
    int rc = declared ? store_declared(r, j, s, rowid, declared, own)
                      : store_own(r, j, s, rowid, own);

    if (rc == 0) {
        /* The own id is some other article's own (a file named like a
         * member, "x.warc#5"): make it unique. */
        snprintf(fallback, sizeof fallback, "%s#%lld", own, rowid);
        rc = defcon_indexer_insert_row(r, j, s, rowid, fallback, declared);
        if (rc == 0)
            rc = defcon_db_fail(r->db, "%s: no free id for the article", file->name);
    }
    return rc < 0 ? -1 : 0;
}

/* An article waiting for the id it declares. */
typedef struct waiting {
    long long rowid;
    char *path, *asked;
} waiting;

static void waiting_free(waiting *list, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        free(list[i].path);
        free(list[i].asked);
    }
    free(list);
}

/* Reads the waiting articles, in path order, into *list (malloc'd).
 * Returns 0 or -1. */
static int read_waiting(run *r, waiting **list, size_t *count)
{
    sqlite3_stmt *stmt = r->sql.waiting_ids;
    size_t capacity = 0;
    int rc;

    *list = NULL;
    *count = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *path = (const char *)sqlite3_column_text(stmt, 1);
        const char *asked = (const char *)sqlite3_column_text(stmt, 2);
        waiting *w;
        if ((*count == capacity
             && defcon_array_grow(list, &capacity, sizeof **list, 16) != 0)
            || !path || !asked)
            break;
        w = &(*list)[(*count)++];
        w->rowid = sqlite3_column_int64(stmt, 0);
        w->path = strdup(path);
        w->asked = strdup(asked);
        if (!w->path || !w->asked)
            break;
    }
    sqlite3_reset(stmt);
    if (rc == SQLITE_DONE)
        return 0;
    return rc == SQLITE_ROW ? defcon_db_fail(r->db, "out of memory")
                            : defcon_db_fail_sqlite(r->db, "reading the index");
}

int defcon_indexer_pass_on_ids(run *r)
{
    waiting *list;
    size_t count, i;
    int rc = read_waiting(r, &list, &count);

    for (i = 0; rc == 0 && i < count; i++) {
        char message[1200];
        holder h;
        rc = find_holder(r, list[i].asked, &h);
        if (rc == 0 && !h.path && (rc = set_id(r, list[i].rowid, list[i].asked, NULL)) > 0) {
            snprintf(message, sizeof message, "now has the id \"%s\" it declares: no other "
                     "article holds it any more", list[i].asked);
            defcon_indexer_emit(r, DEFCON_INDEX_WARNING, list[i].path, message);
            r->stats->warnings++;
        }
        holder_clear(&h);
        rc = rc < 0 ? -1 : 0;
    }
    waiting_free(list, count);
    return rc;
}

/*
 * fold.c - near-identical copies folded at query time (search.h).
 *
 * The indexer files every article's fingerprint and story in the table
 * `copies` (index/copy_store.h); the partial index `copies_folded` lists
 * the copies only, the articles whose story is another's. So folding
 * costs nothing where an archive has no copies (one probe of an empty
 * index) and, where it has, work in proportion to its copies and to the
 * matches, never a lookup per match in the database:
 *  - in a listing in relevance order the ranker keeps the best k stories,
 *    each by its best-ranked article, asking a row's story only when the
 *    row would enter the top k (rank.h, defcon_ranker_fold_stories);
 *  - counts, timelines, facets and listings in date order leave out the
 *    folded set: of each story's matching articles all but one (its
 *    first article when it matches, else the matching copy with the
 *    lowest rowid, the newest). The set is computed once a search, from
 *    the matching rowids and the copies, and bound as a JSON array that
 *    SQLite turns into an ephemeral index for NOT IN; the walk that made
 *    it also gives the count of stories (matches less the folded set);
 *  - each hit shown lists its story's other matching articles.
 */
#include "search_internal.h"

#include <stdlib.h>
#include <string.h>

#include "array.h"

typedef struct copy_pair {
    long long rowid, story;
} copy_pair;

int defcon_search_compare_rowids(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* Pairs compare by their first member, then their second. */
static int compare_pairs(const void *a, const void *b)
{
    const copy_pair *x = a, *y = b;
    int c = defcon_search_compare_rowids(&x->rowid, &y->rowid);
    return c ? c : defcon_search_compare_rowids(&x->story, &y->story);
}

/* For looking a rowid up among copies sorted by rowid. */
static int compare_pairs_by_rowid(const void *a, const void *b)
{
    return defcon_search_compare_rowids(&((const copy_pair *)a)->rowid,
                                        &((const copy_pair *)b)->rowid);
}

static int holds(const long long *sorted, size_t count, long long rowid)
{
    return count > 0
        && bsearch(&rowid, sorted, count, sizeof *sorted, defcon_search_compare_rowids) != NULL;
}

int defcon_search_index_has_copies(defcon_search *search, int *has)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    *has = 0;
    if (sqlite3_prepare_v2(defcon_db_sqlite(search->db),
                           "SELECT 1 FROM copies INDEXED BY copies_folded WHERE story <> rowid"
                           " LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
        return defcon_search_fail_sqlite(search, "reading the copies");
    rc = sqlite3_step(stmt);
    *has = rc == SQLITE_ROW;
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return defcon_search_fail_sqlite(search, "reading the copies");
    return 0;
}

/* Every copy of the index as (rowid, story), sorted by rowid. */
static int load_copies(defcon_search *search, copy_pair **pairs, size_t *count)
{
    sqlite3_stmt *stmt = NULL;
    size_t capacity = 0;
    int rc;

    *pairs = NULL;
    *count = 0;
    if (sqlite3_prepare_v2(defcon_db_sqlite(search->db),
                           "SELECT rowid, story FROM copies INDEXED BY copies_folded"
                           " WHERE story <> rowid", -1, &stmt, NULL) != SQLITE_OK)
        return defcon_search_fail_sqlite(search, "reading the copies");
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (*count == capacity && defcon_array_grow(pairs, &capacity, sizeof **pairs, 256) != 0) {
            rc = SQLITE_NOMEM;
            break;
        }
        (*pairs)[*count].rowid = sqlite3_column_int64(stmt, 0);
        (*pairs)[(*count)++].story = sqlite3_column_int64(stmt, 1);
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return rc == SQLITE_NOMEM ? defcon_search_fail(search, "out of memory")
                                  : defcon_search_fail_sqlite(search, "reading the copies");
    if (*count > 1)
        qsort(*pairs, *count, sizeof **pairs, compare_pairs);
    return 0;
}

/* The rowids of every matching article (folding not applied), sorted. */
static int load_matches(defcon_search *search, long long **rowids, size_t *count)
{
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    sqlite3_stmt *stmt;
    size_t capacity = 0;
    int rc;

    *rowids = NULL;
    *count = 0;
    rc = defcon_search_matching_sql(search, &sql, search->has_query ? "fts.rowid" : "a.rowid", 0, 1);
    stmt = defcon_search_prepare_matching(search, &sql, rc);
    if (!stmt)
        return -1;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (*count == capacity && defcon_array_grow(rowids, &capacity, sizeof **rowids, 1024) != 0) {
            rc = SQLITE_NOMEM;
            break;
        }
        (*rowids)[(*count)++] = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return rc == SQLITE_NOMEM ? defcon_search_fail(search, "out of memory")
                                  : defcon_search_fail_sqlite(search, "finding the copies");
    if (*count > 1)
        qsort(*rowids, *count, sizeof **rowids, defcon_search_compare_rowids);
    return 0;
}

/* Adds rowid to the folded set: the JSON array being written in
 * search->folded and the array search->folded_rows (sorted at the end). */
static int put_folded(defcon_search *search, long long rowid)
{
    long long *grown = realloc(search->folded_rows,
                               (size_t)(search->folded_count + 1) * sizeof *grown);

    if (!grown)
        return -1;
    search->folded_rows = grown;
    grown[search->folded_count] = rowid;
    return defcon_buffer_printf(&search->folded, "%s%lld", search->folded.len ? "," : "[",
                                rowid);
}

int defcon_search_is_folded(const defcon_search *search, long long rowid)
{
    return search->leave_out_folded && search->folded.len
        && holds(search->folded_rows, (size_t)search->folded_count, rowid);
}

/* The folded set (see the top) of the matches against the copies, as a
 * JSON array into search->folded, counted in search->folded_count. */
static int fold_set(defcon_search *search, const long long *matches, size_t match_count,
                    const copy_pair *copies, size_t copy_count)
{
    copy_pair *waiting = NULL, key;
    size_t waiting_count = 0, capacity = 0, i;
    int rc = 0;

    for (i = 0; rc == 0 && i < match_count; i++) {
        const copy_pair *copy;
        key.rowid = matches[i];
        key.story = 0;
        copy = bsearch(&key, copies, copy_count, sizeof key, compare_pairs_by_rowid);
        if (!copy)
            continue;
        if (holds(matches, match_count, copy->story)) {
            rc = put_folded(search, copy->rowid);   /* its first article shows */
            search->folded_count++;
        } else if (waiting_count < capacity
                   || defcon_array_grow(&waiting, &capacity, sizeof *waiting, 64) == 0) {
            waiting[waiting_count].rowid = copy->story;   /* by story, then rowid */
            waiting[waiting_count++].story = copy->rowid;
        } else {
            rc = -1;
        }
    }
    if (waiting_count > 1)
        qsort(waiting, waiting_count, sizeof *waiting, compare_pairs);
    for (i = 1; rc == 0 && i < waiting_count; i++) {
        if (waiting[i].rowid != waiting[i - 1].rowid)
            continue;   /* the first of a story shows */
        rc = put_folded(search, waiting[i].story);
        search->folded_count++;
    }
    free(waiting);
    if (rc == 0 && search->folded.len)
        rc = defcon_buffer_putc(&search->folded, ']');
    if (rc == 0 && search->folded_count > 1)
        qsort(search->folded_rows, (size_t)search->folded_count, sizeof *search->folded_rows,
              defcon_search_compare_rowids);
    return rc == 0 ? 0 : defcon_search_fail(search, "out of memory");
}

int defcon_search_fold(defcon_search *search)
{
    long long *loaded = NULL;
    const long long *matches = NULL;
    copy_pair *copies = NULL;
    size_t match_count = 0, copy_count = 0;
    int rc;

    if (!search->folding || search->folded_ready)
        return 0;
    rc = load_copies(search, &copies, &copy_count);
    if (rc == 0 && copy_count > 0 && search->seen_all) {
        matches = search->seen;   /* the ranker walked them, ascending */
        match_count = search->seen_count;
    } else if (rc == 0 && copy_count > 0) {
        rc = load_matches(search, &loaded, &match_count);
        matches = loaded;
    }
    if (rc == 0 && copy_count > 0)
        search->walked_matches = (long)match_count;   /* what a count would find */
    if (rc == 0)
        rc = fold_set(search, matches, match_count, copies, copy_count);
    free(loaded);
    free(copies);
    if (rc == 0)
        search->folded_ready = 1;
    return rc;
}

long defcon_search_copies_folded(const defcon_search *search)
{
    return search->folded_count;
}

int defcon_search_story_of(defcon_search *search, long long rowid, long long *story,
                           int *grouped)
{
    /* A copy is grouped; a story's first article is when a copy names it
     * (one probe of the partial index of copies). Without `grouped`, the
     * story alone: one probe of copies (the ranker asks it for every row
     * that would enter the best k). */
    sqlite3_stmt **stmt = grouped ? &search->story_of : &search->story_only;
    int rc;

    *story = rowid;
    if (grouped)
        *grouped = 0;
    if (!*stmt
        && sqlite3_prepare_v2(defcon_db_sqlite(search->db),
                              grouped ? "SELECT story, story <> rowid OR EXISTS (SELECT 1 FROM"
                                        " copies c INDEXED BY copies_folded WHERE c.story ="
                                        " copies.rowid AND c.story <> c.rowid) FROM copies"
                                        " WHERE rowid = ?1"
                                      : "SELECT story FROM copies WHERE rowid = ?1",
                              -1, stmt, NULL) != SQLITE_OK)
        return defcon_search_fail_sqlite(search, "reading the copies");
    sqlite3_bind_int64(*stmt, 1, rowid);
    rc = sqlite3_step(*stmt);
    if (rc == SQLITE_ROW) {
        *story = sqlite3_column_int64(*stmt, 0);
        if (grouped)
            *grouped = sqlite3_column_int(*stmt, 1);
    }
    sqlite3_reset(*stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return defcon_search_fail_sqlite(search, "reading the copies");
    return 0;
}

/* The statement listing a story's other matching articles. When the
 * ranker walked every match (search->seen), it lists the story's other
 * articles and attach_copies keeps those among the matches: no lookup
 * of each in FTS5, which would evaluate the query again for each. */
static int prepare_copies_of(defcon_search *search)
{
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    int rc = defcon_buffer_puts(&sql,
        "SELECT a.id, a.rowid FROM articles a WHERE a.rowid IN (SELECT rowid FROM copies"
        " WHERE story = :story AND story <> rowid UNION ALL SELECT :story)"
        " AND a.rowid <> :shown");

    search->copies_of_seen = search->seen_all;
    if (!search->copies_of_seen)
        rc |= defcon_buffer_puts(&sql, " AND a.rowid >= :lo AND a.rowid < :hi");
    if (search->copies_of_seen)
        ;
    else if (search->request.has_until)
        rc |= defcon_buffer_puts(&sql, " AND a.last_day <= :until");
    if (search->has_query && !search->copies_of_seen)
        rc |= defcon_buffer_puts(&sql, " AND EXISTS (SELECT 1 FROM fts WHERE fts MATCH :expr"
                                       " AND fts.rowid = a.rowid)");
    rc |= defcon_buffer_puts(&sql, " ORDER BY a.rowid");
    if (rc != 0)
        rc = defcon_search_fail(search, "out of memory");
    else
        rc = defcon_search_prepare_sql(search, &sql, &search->copies_of);
    defcon_buffer_free(&sql);
    return rc;
}

int defcon_search_attach_copies(defcon_search *search, defcon_hit *hit)
{
    long long story, lo, hi;
    size_t count = 0, i, at = 0;
    int rc, grouped;

    hit->copy_ids = NULL;
    hit->copy_count = 0;
    if (!search->folding || search->request.bare)   /* paths and counts show no copies */
        return 0;
    if (defcon_search_story_of(search, hit->rowid, &story, &grouped) != 0)
        return -1;
    if (!grouped)
        return 0;   /* a story of one article: nothing to list */
    if (search->copies_of && search->copies_of_seen != search->seen_all) {
        sqlite3_finalize(search->copies_of);
        search->copies_of = NULL;
    }
    if (!search->copies_of && prepare_copies_of(search) != 0)
        return -1;
    defcon_search_rowid_range(&search->request, &lo, &hi);
    defcon_search_bind_int64(search->copies_of, ":story", story);
    defcon_search_bind_int64(search->copies_of, ":shown", hit->rowid);
    defcon_search_bind_int64(search->copies_of, ":lo", lo);
    defcon_search_bind_int64(search->copies_of, ":hi", hi);
    defcon_buffer_clear(&search->copy_text);
    while ((rc = sqlite3_step(search->copies_of)) == SQLITE_ROW && count < DEFCON_MAX_COPIES_LISTED) {
        const char *id = defcon_search_column_text(search->copies_of, 0);
        if (search->copies_of_seen
            && !holds(search->seen, search->seen_count,
                      sqlite3_column_int64(search->copies_of, 1)))
            continue;
        if (defcon_buffer_append(&search->copy_text, id, strlen(id) + 1) != 0) {
            rc = SQLITE_NOMEM;
            break;
        }
        count++;
    }
    sqlite3_reset(search->copies_of);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return rc == SQLITE_NOMEM ? defcon_search_fail(search, "out of memory")
                                  : defcon_search_fail_sqlite(search, "listing the copies");
    for (i = 0; i < count; i++) {
        search->copy_ids[i] = search->copy_text.data + at;
        at += strlen(search->copy_ids[i]) + 1;
    }
    hit->copy_ids = search->copy_ids;
    hit->copy_count = count;
    return 0;
}

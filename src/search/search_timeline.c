/*
 * search_timeline.c - when the matches were published: counts per year or
 * month beside the archive's own (the periods table), and the first and
 * last dated match.
 */
#include "search_internal.h"
#include "array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "database.h"
#include "date.h"

/* The timeline being built: one entry per period from the first match
 * on, empty periods included. */
typedef struct timeline {
    defcon_period *list;
    size_t count, capacity;
} timeline;

/* Appends `when` with `matches`; 0, or -1 when out of memory. */
static int timeline_add(timeline *t, const defcon_period_of_time *when, long matches)
{
    defcon_period *entry;

    if (t->count == t->capacity
        && defcon_array_grow(&t->list, &t->capacity, sizeof *t->list, 64) != 0)
        return -1;
    entry = &t->list[t->count++];
    entry->when = *when;
    defcon_period_label(when, entry->label);
    entry->matches = matches;
    entry->total = 0;
    return 0;
}

/* Adds `matches` in `when`, after the empty periods since the last one. */
static int timeline_reach(timeline *t, const defcon_period_of_time *when, long matches)
{
    defcon_period_of_time next;

    if (t->count > 0) {
        next = t->list[t->count - 1].when;
        for (defcon_period_next(&next); defcon_period_compare(&next, when) < 0;
             defcon_period_next(&next))
            if (timeline_add(t, &next, 0) != 0)
                return -1;
    }
    return timeline_add(t, when, matches);
}

/* Fills in each period's total from the periods table. 0, or -1. */
static int timeline_totals(defcon_search *search, timeline *t, int by_month)
{
    sqlite3_stmt *totals = NULL;
    defcon_period_of_time end = t->list[t->count - 1].when, when;
    char end_label[DEFCON_PERIOD_LABEL_SIZE];
    size_t i = 0;

    if (sqlite3_prepare_v2(defcon_db_sqlite(search->db),
                           "SELECT label, articles FROM periods WHERE label >= ?2"
                           " AND label < ?3 AND length(label) = ?1 ORDER BY label",
                           -1, &totals, NULL) != SQLITE_OK)
        return defcon_search_fail_sqlite(search, "counting the archive");
    defcon_period_next(&end);
    defcon_period_label(&end, end_label);
    sqlite3_bind_int(totals, 1, by_month ? 7 : 4);
    sqlite3_bind_text(totals, 2, t->list[0].label, -1, SQLITE_STATIC);
    sqlite3_bind_text(totals, 3, end_label, -1, SQLITE_STATIC);
    while (sqlite3_step(totals) == SQLITE_ROW) {
        if (!defcon_period_of_date(defcon_search_column_text(totals, 0), by_month, &when))
            continue;
        while (i < t->count && defcon_period_compare(&t->list[i].when, &when) < 0)
            i++;
        if (i < t->count && defcon_period_compare(&t->list[i].when, &when) == 0)
            t->list[i].total = (long)sqlite3_column_int64(totals, 1);
    }
    sqlite3_finalize(totals);
    return 0;
}

/* Whether the article `rowid`, which lies on 1 January, is dated by its
 * year alone: 1, 0, or -1 on failure. Only such rows need the articles
 * table in a monthly timeline. */
static int dated_by_year(defcon_search *search, sqlite3_stmt **stmt, long long rowid)
{
    int rc;

    if (!*stmt && sqlite3_prepare_v2(defcon_db_sqlite(search->db),
                                     "SELECT length(date) = 4 FROM articles WHERE rowid = ?1",
                                     -1, stmt, NULL) != SQLITE_OK)
        return defcon_search_fail_sqlite(search, "reading a date");
    sqlite3_bind_int64(*stmt, 1, rowid);
    rc = sqlite3_step(*stmt);
    rc = rc == SQLITE_ROW ? sqlite3_column_int(*stmt, 0) : rc == SQLITE_DONE ? 0 : -1;
    sqlite3_reset(*stmt);
    return rc < 0 ? defcon_search_fail_sqlite(search, "reading a date") : rc;
}

/* The period of a dated rowid: its day's year, or month. */
static defcon_period_of_time period_of_rowid(long long rowid, int by_month, int *first_of_year)
{
    defcon_period_of_time when;
    int mday;

    defcon_date_from_day(defcon_rowid_day(rowid), &when.year, &when.month, &mday);
    *first_of_year = when.month == 1 && mday == 1;
    if (!by_month)
        when.month = 0;
    return when;
}

/* Counts the matches per period from their rowids alone (a rowid's range
 * is its date's first day): no lookup of each match's date. Rowids come
 * newest first, so each period's matches come in one run; the runs are
 * added to `runs` newest first. Articles dated by year alone sit on 1
 * January: a monthly timeline leaves them out, in *coarse. 0 or -1. */
static int count_periods(defcon_search *search, int by_month, timeline *runs, long *coarse)
{
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    const char *rowid = search->has_query ? "fts.rowid" : "a.rowid";
    sqlite3_stmt *matches, *dates = NULL;
    long long undated = defcon_rowid_undated_start();
    int rc, first_of_year, year_only;

    rc = defcon_search_matching_sql(search, &sql, rowid, 0, 1);
    rc |= defcon_buffer_printf(&sql, " ORDER BY %s", rowid);
    matches = defcon_search_prepare_matching(search, &sql, rc);
    if (!matches)
        return -1;
    rc = 0;
    while (rc == 0 && sqlite3_step(matches) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(matches, 0);
        defcon_period_of_time when;
        if (id >= undated)
            break;   /* the undated come last, in no period */
        when = period_of_rowid(id, by_month, &first_of_year);
        year_only = by_month && first_of_year ? dated_by_year(search, &dates, id) : 0;
        if (year_only < 0)
            rc = -1;
        else if (year_only)
            ++*coarse;
        else if (runs->count > 0 && defcon_period_compare(&runs->list[runs->count - 1].when,
                                                          &when) == 0)
            runs->list[runs->count - 1].matches++;
        else if (timeline_add(runs, &when, 1) != 0)
            rc = defcon_search_fail(search, "out of memory");
    }
    sqlite3_finalize(matches);
    sqlite3_finalize(dates);
    return rc;
}

int defcon_search_timeline(defcon_search *search, int by_month, defcon_period **periods,
                           size_t *count, long *coarse)
{
    timeline runs = {NULL, 0, 0}, t = {NULL, 0, 0};
    long coarse_count = 0;
    size_t i;
    int rc;

    *periods = NULL;
    *count = 0;
    if (coarse)
        *coarse = 0;
    if (defcon_search_fold(search) != 0)   /* stories, not copies */
        return -1;
    rc = count_periods(search, by_month, &runs, &coarse_count);
    for (i = runs.count; rc == 0 && i > 0; i--)   /* oldest first, gaps filled */
        if (timeline_reach(&t, &runs.list[i - 1].when, runs.list[i - 1].matches) != 0)
            rc = defcon_search_fail(search, "out of memory");
    free(runs.list);
    if (rc == 0 && t.count > 0)
        rc = timeline_totals(search, &t, by_month);
    if (rc != 0) {
        free(t.list);
        return -1;
    }
    if (coarse)
        *coarse = coarse_count;
    *periods = t.list;
    *count = t.count;
    return 0;
}

/* Steps `stmt` once for a date into date[11] (left empty without a row)
 * and finalizes it. Returns 0, or -1 with the message set. */
static int read_date(defcon_search *search, sqlite3_stmt *stmt, char date[11])
{
    int rc = sqlite3_step(stmt);

    if (rc == SQLITE_ROW && defcon_search_column_text(stmt, 0))
        snprintf(date, 11, "%s", defcon_search_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return defcon_search_fail_sqlite(search, "finding the first and last mention");
    return 0;
}

static int span_end(defcon_search *search, const char *order, char date[11])
{
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    sqlite3_stmt *stmt;
    const char *rowid = search->has_query ? "fts.rowid" : "a.rowid";
    long long lo, hi;
    int rc;

    date[0] = '\0';
    rc = defcon_search_matching_sql(search, &sql, "a.date", 1, 1);
    rc |= defcon_buffer_printf(&sql, " ORDER BY %s %s LIMIT 1", rowid, order);
    stmt = defcon_search_prepare_matching(search, &sql, rc);
    if (!stmt)
        return -1;
    /* Only dated articles have a place in time. */
    defcon_search_rowid_range(&search->request, &lo, &hi);
    if (hi > defcon_rowid_undated_start())
        defcon_search_bind_int64(stmt, ":hi", defcon_rowid_undated_start());
    return read_date(search, stmt, date);
}

/* span_end from the matches the ranker walked: the date of the first
 * dated one in `step` order (1: newest first) that is not folded. */
static int span_end_seen(defcon_search *search, int step, char date[11])
{
    long long undated = defcon_rowid_undated_start();
    size_t n = search->seen_count, i;
    sqlite3_stmt *stmt = NULL;

    date[0] = '\0';
    for (i = 0; i < n; i++) {
        long long rowid = search->seen[step > 0 ? i : n - 1 - i];
        if (rowid >= undated || defcon_search_is_folded(search, rowid))
            continue;
        if (sqlite3_prepare_v2(defcon_db_sqlite(search->db),
                               "SELECT date FROM articles WHERE rowid = ?1", -1, &stmt,
                               NULL) != SQLITE_OK)
            return defcon_search_fail_sqlite(search, "finding the first and last mention");
        sqlite3_bind_int64(stmt, 1, rowid);
        return read_date(search, stmt, date);
    }
    return 0;
}

int defcon_search_span(defcon_search *search, char first[11], char last[11])
{
    if (search->seen_all)   /* the ranker walked the matches: two lookups */
        return span_end_seen(search, -1, first) != 0 ? -1 : span_end_seen(search, 1, last);
    /* Rowids run newest first (database.h). */
    if (span_end(search, "DESC", first) != 0)
        return -1;
    return span_end(search, "ASC", last);
}


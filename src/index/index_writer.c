/*
 * index_writer.c - the writing side of an indexing run, on the run's own
 * thread, the only one that touches the database: its statements, the
 * removal of old versions, rowids from dates, ids, the articles and fts
 * rows, and the counts kept beside them (terms, country blocks, periods,
 * vocab).
 */
#include "indexer_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive_file.h"
#include "array.h"
#include "date.h"
#include "text.h"

static int prepare(run *r, sqlite3_stmt **stmt, const char *sql)
{
    if (sqlite3_prepare_v3(defcon_db_sqlite(r->db), sql, -1, SQLITE_PREPARE_PERSISTENT, stmt,
                           NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "preparing the index");
    return 0;
}

int defcon_indexer_prepare_statements(run *r)
{
    sqlite3 *sqlite = defcon_db_sqlite(r->db);

    if (defcon_term_writer_new(sqlite, &r->term_writer) != SQLITE_OK
        || defcon_code_writer_new(sqlite, &r->code_writer) != SQLITE_OK)
        return defcon_db_fail(r->db, "out of memory");
    if (defcon_copy_store_open(sqlite, &r->copy_store) != SQLITE_OK)
        return r->copy_store ? defcon_db_fail_sqlite(r->db, "opening the copies table")
                             : defcon_db_fail(r->db, "out of memory");
    /* A clash on a unique column (an id another file has) inserts
     * nothing; insert_article sees that and picks another id. */
    return prepare(r, &r->sql.insert_article,
                   "INSERT INTO articles(rowid, id, path, date, first_day, last_day, source,"
                   " url, topics, member, key, captured, capture_url, capture_date,"
                   " record_id, countries, mentions, lines, title, body, asked_id)"
                   " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                   " ?16, ?17, ?21, ?18, ?19, ?20) ON CONFLICT DO NOTHING")
        || prepare(r, &r->sql.insert_fts,
                   "INSERT INTO fts(rowid, title, body, codes) VALUES(?1, ?2, ?3, char(30) || ?4)")
        || prepare(r, &r->sql.next_rowid,
                   "SELECT max(rowid) FROM articles WHERE rowid >= ?1 AND rowid < ?2")
        || prepare(r, &r->sql.select_old,
                   "SELECT title, body, codes, date, lines, first_day FROM articles"
                   " WHERE rowid = ?1")
        || prepare(r, &r->sql.delete_fts, "INSERT INTO fts(fts, rowid, title, body, codes)"
                                      " VALUES('delete', ?1, ?2, ?3, ?4)")
        || prepare(r, &r->sql.delete_article, "DELETE FROM articles WHERE rowid = ?1")
        || prepare(r, &r->sql.insert_level,
                   "INSERT OR REPLACE INTO levels(rowid, level, colour) VALUES(?1, ?2, ?3)")
        || prepare(r, &r->sql.delete_level, "DELETE FROM levels WHERE rowid = ?1")
        || prepare(r, &r->sql.insert_html,
                   "INSERT OR REPLACE INTO article_html(rowid, html) VALUES(?1, ?2)")
        || prepare(r, &r->sql.delete_html, "DELETE FROM article_html WHERE rowid = ?1")
        || prepare(r, &r->sql.touch,
                   "UPDATE files SET size = ?2, mtime_ns = ?3 WHERE path = ?1")
        || prepare(r, &r->sql.file_rowids, "SELECT rowid FROM articles WHERE path = ?1")
        || prepare(r, &r->sql.stale_articles,
                   "SELECT rowid FROM articles WHERE path = ?1 AND captured <> ?2")
        || prepare(r, &r->sql.stale_folded,
                   "SELECT rowid FROM folded WHERE path = ?1 AND captured <> ?2")
        || prepare(r, &r->sql.recapture_article,
                   "UPDATE articles SET captured = ?2 WHERE rowid = ?1")
        || prepare(r, &r->sql.recapture_folded,
                   "UPDATE folded SET captured = ?2 WHERE rowid = ?1")

        || prepare(r, &r->sql.forget_folded, "DELETE FROM folded WHERE path = ?1")
        || prepare(r, &r->sql.store_file,
                   "INSERT INTO files(path, size, mtime_ns, hash) VALUES(?1, ?2, ?3, ?4)"
                   " ON CONFLICT(path) DO UPDATE SET size = excluded.size,"
                   " mtime_ns = excluded.mtime_ns, hash = excluded.hash")
        || prepare(r, &r->sql.delete_file, "DELETE FROM files WHERE path = ?1")
        || prepare(r, &r->sql.find_key,
                   "SELECT rowid, path, member, captured FROM articles WHERE key = ?1"
                   " ORDER BY captured DESC LIMIT 1")
        || prepare(r, &r->sql.fold,
                   "INSERT INTO folded(key, path, member, captured) VALUES(?1, ?2, ?3, ?4)")
        || prepare(r, &r->sql.orphans,
                   "SELECT DISTINCT path FROM folded f WHERE NOT EXISTS (SELECT 1 FROM"
                   " articles a WHERE a.key = f.key AND a.captured >= f.captured)"
                   " ORDER BY path")
        || prepare(r, &r->sql.insert_word, "INSERT OR IGNORE INTO vocab(word, stem) VALUES(?1, ?2)")
        || prepare(r, &r->sql.set_hashsize, "INSERT INTO fts(fts, rank) VALUES('hashsize', ?1)")
        || prepare(r, &r->sql.same_hashsize,
                   "SELECT 1 FROM fts_config WHERE k = 'hashsize' AND v = ?1")
        || prepare(r, &r->sql.find_id, "SELECT path, rowid, member FROM articles WHERE id = ?1")
        || prepare(r, &r->sql.set_id,
                   "UPDATE OR IGNORE articles SET id = ?2, asked_id = ?3 WHERE rowid = ?1")
        || prepare(r, &r->sql.waiting_ids,
                   "SELECT rowid, path, asked_id FROM articles INDEXED BY articles_asked"
                   " WHERE asked_id IS NOT NULL ORDER BY path, member")
        || prepare(r, &r->sql.add_period,
                   "INSERT INTO periods(label, articles) VALUES(?1, ?2) ON CONFLICT(label)"
                   " DO UPDATE SET articles = articles + excluded.articles");
}

void defcon_indexer_finalize_statements(run *r)
{
    writer_statements *sql = &r->sql;
    sqlite3_stmt **all[] = {&sql->insert_article, &sql->insert_fts, &sql->next_rowid,
                            &sql->select_old, &sql->delete_fts, &sql->delete_article,
                            &sql->touch, &sql->insert_word, &sql->find_id, &sql->set_id,
                            &sql->waiting_ids, &sql->add_period, &sql->set_hashsize,
                            &sql->same_hashsize, &sql->file_rowids, &sql->forget_folded, &sql->store_file,
                            &sql->delete_file, &sql->find_key, &sql->fold, &sql->orphans,
                            &sql->insert_level, &sql->delete_level, &sql->insert_html,
                            &sql->delete_html, &sql->stale_articles, &sql->stale_folded,
                            &sql->recapture_article, &sql->recapture_folded};
    size_t i;

    for (i = 0; i < sizeof all / sizeof all[0]; i++) {
        sqlite3_finalize(*all[i]);
        *all[i] = NULL;
    }
    defcon_term_writer_free(r->term_writer);
    defcon_code_writer_free(r->code_writer);
    defcon_copy_store_close(r->copy_store);
    r->term_writer = NULL;
    r->code_writer = NULL;
    r->copy_store = NULL;
}

/* Runs a statement that returns no rows, then resets it. */
int defcon_indexer_step_done(run *r, sqlite3_stmt *stmt, const char *what)
{
    int rc = sqlite3_step(stmt);

    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE)
        return defcon_db_fail_sqlite(r->db, what);
    return 0;
}

int defcon_indexer_exec(run *r, const char *sql, const char *what)
{
    if (sqlite3_exec(defcon_db_sqlite(r->db), sql, NULL, NULL, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, what);
    return 0;
}

/* Counts an article dated `date` (text as stored: YYYY, YYYY-MM or
 * YYYY-MM-DD; NULL when undated) in or out of its year and month. */
static int count_period(run *r, const char *date, int delta)
{
    defcon_period_of_time period;
    long long *count;
    int by_month;

    for (by_month = 0; by_month <= 1; by_month++) {
        if (!defcon_period_of_date(date, by_month, &period))
            return 0;
        count = defcon_count_map_find(&r->periods, defcon_period_key(&period), 1);
        if (!count)
            return defcon_db_fail(r->db, "out of memory");
        *count += delta;
    }
    return 0;
}

/* Column `i` of `stmt` as text, "" for NULL (title and body never are). */
static const char *column_text_or_empty(sqlite3_stmt *stmt, int i)
{
    const char *text = (const char *)sqlite3_column_text(stmt, i);
    return text ? text : "";
}

/* Takes the terms of a removed article's title and body out of the
 * counts, tokenizing them into r->old_title and r->old_body. Returns 0 or
 * -1. */
static int uncount_terms(run *r, const char *title, size_t title_len, const char *body,
                         size_t body_len)
{
    const defcon_tokens *lists[2] = {&r->old_title, &r->old_body};

    defcon_tokens_reset(&r->old_title);
    defcon_tokens_reset(&r->old_body);
    if (defcon_tokenizer_run(r->tokenizer, title, title_len, &r->old_title, NULL, NULL)
            != SQLITE_OK
        || defcon_tokenizer_run(r->tokenizer, body, body_len, &r->old_body, NULL, NULL)
               != SQLITE_OK
        || defcon_term_counts_add_article(r->removed_terms, lists, 2, -1) != 0)
        return defcon_db_fail(r->db, "out of memory while counting terms");
    return 0;
}

int defcon_indexer_delete_article(run *r, long long rowid)
{
    int rc;

    sqlite3_bind_int64(r->sql.select_old, 1, rowid);
    rc = sqlite3_step(r->sql.select_old);
    if (rc == SQLITE_ROW) {
        const char *title = column_text_or_empty(r->sql.select_old, 0);
        const char *body = column_text_or_empty(r->sql.select_old, 1);
        size_t title_len = (size_t)sqlite3_column_bytes(r->sql.select_old, 0);
        size_t body_len = (size_t)sqlite3_column_bytes(r->sql.select_old, 1);
        rc = uncount_terms(r, title, title_len, body, body_len);
        /* External content: FTS5 must see the old text to forget it, and
         * takes the tokens just made for the counts (tokenizer.h). */
        if (rc == 0) {
            defcon_replay_clear(r->replay);
            defcon_replay_push(r->replay, title, title_len, &r->old_title);
            defcon_replay_push(r->replay, body, body_len, &r->old_body);
            sqlite3_bind_int64(r->sql.delete_fts, 1, rowid);
            sqlite3_bind_text(r->sql.delete_fts, 2, title, (int)title_len, SQLITE_STATIC);
            sqlite3_bind_text(r->sql.delete_fts, 3, body, (int)body_len, SQLITE_STATIC);
            sqlite3_bind_value(r->sql.delete_fts, 4, sqlite3_column_value(r->sql.select_old, 2));
            rc = defcon_indexer_step_done(r, r->sql.delete_fts, "removing an article");
            sqlite3_clear_bindings(r->sql.delete_fts);
            defcon_replay_clear(r->replay);
        }
        if (rc == 0)
            rc = count_period(r, (const char *)sqlite3_column_text(r->sql.select_old, 3), -1);
        if (rc == 0)
            rc = defcon_indexer_boilerplate_remove(
                r, sqlite3_column_blob(r->sql.select_old, 4),
                sqlite3_column_bytes(r->sql.select_old, 4),
                sqlite3_column_type(r->sql.select_old, 5) == SQLITE_NULL
                    ? rowid : sqlite3_column_int64(r->sql.select_old, 5));
    } else {
        rc = rc == SQLITE_DONE ? 0 : defcon_db_fail_sqlite(r->db, "removing an article");
    }
    sqlite3_reset(r->sql.select_old);
    if (rc != 0)
        return -1;
    if (defcon_code_changes_remove(r->codes, rowid) != 0)
        return defcon_db_fail(r->db, "out of memory");
    if (defcon_copy_store_remove(r->copy_store, rowid) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "removing an article's fingerprint");
    sqlite3_bind_int64(r->sql.delete_level, 1, rowid);
    sqlite3_bind_int64(r->sql.delete_html, 1, rowid);
    if (defcon_indexer_step_done(r, r->sql.delete_level, "removing an article's level") != 0
        || defcon_indexer_step_done(r, r->sql.delete_html, "removing an article's HTML") != 0)
        return -1;
    sqlite3_bind_int64(r->sql.delete_article, 1, rowid);
    return defcon_indexer_step_done(r, r->sql.delete_article, "removing an article");
}

/* The next free rowid of the article's day. Within a day rowids are given
 * from the bottom up: the run goes from the last path to the first, so an
 * archive whose paths follow its dates is indexed in ascending rowid order
 * (see BATCH), and the last file of a day comes first in newest-first
 * order (database.h). The first of each day comes from the index, the next
 * ones from memory. Returns 0 with a reason in
 * error[size] when the day is full, -1 on a database error. */
static long long allocate_rowid(run *r, const defcon_date *date, char *error, size_t size)
{
    int dated = date->precision != DEFCON_DATE_NONE;
    long day = dated ? defcon_date_first_day(date) : 0;
    long long start = dated ? defcon_rowid_day_start(day) : defcon_rowid_undated_start();
    long long end = start + (1LL << DEFCON_ROWID_DAY_SHIFT);
    long long rowid = start;
    long long *last = defcon_count_map_find(&r->last_rowids, start, 1);
    int rc;

    if (!last) {
        defcon_db_fail(r->db, "out of memory");
        return -1;
    }
    if (*last) {
        rowid = *last + 1;
    } else {
        sqlite3_bind_int64(r->sql.next_rowid, 1, start);
        sqlite3_bind_int64(r->sql.next_rowid, 2, end);
        rc = sqlite3_step(r->sql.next_rowid);
        if (rc == SQLITE_ROW && sqlite3_column_type(r->sql.next_rowid, 0) != SQLITE_NULL)
            rowid = sqlite3_column_int64(r->sql.next_rowid, 0) + 1;
        sqlite3_reset(r->sql.next_rowid);
        if (rc != SQLITE_ROW) {
            defcon_db_fail_sqlite(r->db, "allocating an article number");
            return -1;
        }
    }
    if (rowid >= end) {
        snprintf(error, size, "more than %lld articles share its date",
                 1LL << DEFCON_ROWID_DAY_SHIFT);
        return 0;
    }
    *last = rowid;
    return rowid;
}

static void bind_text_or_null(sqlite3_stmt *stmt, int index, const char *text)
{
    if (text)
        sqlite3_bind_text(stmt, index, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(stmt, index);
}

int defcon_indexer_insert_row(run *r, const job *j, slot_article *s, long long rowid,
                              const char *id, const char *asked)
{
    const defcon_corpus_file *file = &r->corpus.files[j->file];
    const defcon_article *a = &s->article;
    sqlite3_stmt *stmt = r->sql.insert_article;
    unsigned char lines[8 * (DEFCON_BOILERPLATE_MAX_LINES + 1)];
    char date_text[11];
    int rc;

    sqlite3_bind_int64(stmt, 1, rowid);
    sqlite3_bind_text(stmt, 2, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, file->name, -1, SQLITE_STATIC);
    if (a->date.precision != DEFCON_DATE_NONE) {
        sqlite3_bind_text(stmt, 4, defcon_date_format(&a->date, date_text), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(stmt, 5, defcon_date_first_day(&a->date));
        sqlite3_bind_int64(stmt, 6, defcon_date_last_day(&a->date));
    }
    bind_text_or_null(stmt, 7, a->source);
    bind_text_or_null(stmt, 8, a->url);
    bind_text_or_null(stmt, 9, a->topics);
    if (a->has_member)
        sqlite3_bind_int64(stmt, 10, a->member);
    bind_text_or_null(stmt, 11, a->key);
    sqlite3_bind_int64(stmt, 12, a->captured);
    bind_text_or_null(stmt, 13, a->capture_url);
    bind_text_or_null(stmt, 14, a->capture_date);
    bind_text_or_null(stmt, 15, a->record_id);
    sqlite3_bind_text(stmt, 16, defcon_buffer_cstr(&s->country_codes), (int)s->country_codes.len,
                      SQLITE_STATIC);
    sqlite3_bind_text(stmt, 17, defcon_buffer_cstr(&s->mentions), (int)s->mentions.len,
                      SQLITE_STATIC);
    sqlite3_bind_text(stmt, 18, a->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 19, a->body, (int)a->body_len, SQLITE_STATIC);
    bind_text_or_null(stmt, 20, asked);
    sqlite3_bind_blob(stmt, 21, lines, (int)defcon_indexer_boilerplate_encode(&s->lines, lines),
                      SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (rc != SQLITE_DONE)
        return defcon_db_fail_sqlite(r->db, "storing an article");
    return sqlite3_changes(defcon_db_sqlite(r->db)) > 0;
}

/* Stores the level the article assesses, when it states one, and the
 * cleaned HTML of an article from an HTML page. */
static int store_side_rows(run *r, const slot_article *s, long long rowid)
{
    const char *colour = defcon_colour_name(s->level.colour);

    if (s->article.html) {
        sqlite3_bind_int64(r->sql.insert_html, 1, rowid);
        sqlite3_bind_text(r->sql.insert_html, 2, s->article.html, -1, SQLITE_STATIC);
        if (defcon_indexer_step_done(r, r->sql.insert_html, "storing an article's HTML") != 0)
            return -1;
    }
    if (!s->level.level)
        return 0;
    sqlite3_bind_int64(r->sql.insert_level, 1, rowid);
    sqlite3_bind_int(r->sql.insert_level, 2, s->level.level);
    bind_text_or_null(r->sql.insert_level, 3, colour);
    return defcon_indexer_step_done(r, r->sql.insert_level, "storing an article's level");
}

/* Indexes the stored article `s` in FTS5 (with the workers' tokens
 * replayed) and counts it in its periods. Returns 0 or -1. */
static int index_article(run *r, slot_article *s, long long rowid)
{
    const defcon_article *a = &s->article;
    int64_t story;
    int rc;

    defcon_replay_clear(r->replay);
    defcon_replay_push(r->replay, a->title, strlen(a->title), &s->title_tokens);
    defcon_replay_push(r->replay, a->body, a->body_len, &s->body_tokens);
    defcon_replay_push(r->replay, defcon_buffer_cstr(&s->country_codes), s->country_codes.len,
                       &s->country_tokens);
    sqlite3_bind_int64(r->sql.insert_fts, 1, rowid);
    sqlite3_bind_text(r->sql.insert_fts, 2, a->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(r->sql.insert_fts, 3, a->body, (int)a->body_len, SQLITE_STATIC);
    sqlite3_bind_text(r->sql.insert_fts, 4, defcon_buffer_cstr(&s->country_codes),
                      (int)s->country_codes.len, SQLITE_STATIC);
    rc = defcon_indexer_step_done(r, r->sql.insert_fts, "indexing an article");
    defcon_replay_clear(r->replay);
    if (rc != 0 || store_side_rows(r, s, rowid) != 0)
        return -1;
    if (defcon_code_changes_set(r->codes, rowid, defcon_buffer_cstr(&s->country_codes)) != 0)
        return defcon_db_fail(r->db, "out of memory");
    if (defcon_copy_store_add(r->copy_store, rowid, &s->fingerprint, &story, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "filing an article's fingerprint");
    if (defcon_indexer_boilerplate_add(r, s, rowid) != 0)
        return -1;
    if (a->date.precision != DEFCON_DATE_NONE) {
        char date_text[11];
        return count_period(r, defcon_date_format(&a->date, date_text), +1);
    }
    return 0;
}

/* Words the writer remembers having stored (run.stored_words), about
 * 3 MB of table and text. */
#define STORED_WORDS_MAX 100000

/* Adds the slot's new (word, stem) pairs to vocab, but for the words this
 * run has stored already. */
static int store_words(run *r, const slot *s)
{
    size_t at = 0;
    int rc = 0;

    while (rc == 0 && at < s->words.len) {
        const char *word = s->words.data + at;
        size_t word_len = strlen(word);
        const char *stem = word + word_len + 1;
        int fresh;
        at = (size_t)(stem - s->words.data) + strlen(stem) + 1;
        if (defcon_term_counts_size(r->stored_words) >= STORED_WORDS_MAX) {
            defcon_term_counts_free(r->stored_words);
            r->stored_words = defcon_term_counts_new();
        }
        fresh = r->stored_words ? defcon_term_counts_insert(r->stored_words, word, word_len) : -1;
        if (fresh < 0)
            return defcon_db_fail(r->db, "out of memory");
        if (fresh == 0)
            continue;
        sqlite3_bind_text(r->sql.insert_word, 1, word, (int)word_len, SQLITE_STATIC);
        sqlite3_bind_text(r->sql.insert_word, 2, stem, -1, SQLITE_STATIC);
        rc = defcon_indexer_step_done(r, r->sql.insert_word, "storing the vocabulary");
    }
    return rc;
}

/* Takes back the terms a worker counted for an article not stored. */
int defcon_indexer_uncount(run *r, const slot_article *item)
{
    const defcon_tokens *lists[2];

    defcon_indexer_counted_lists(item, lists);
    if (defcon_term_counts_add_article(r->removed_terms, lists, 2, -1) != 0)
        return defcon_db_fail(r->db, "out of memory while counting terms");
    return 0;
}

/* Reports what the file left out, and the damage found in it. */
static void report_slot(run *r, const char *path, slot *s)
{
    size_t i;

    for (i = 0; i < s->skip_count; i++)
        defcon_indexer_skip_many(r, path, s->skips[i].kind, s->skips[i].detail,
                                 s->skips[i].count);
    if (s->warning_count > 0) {
        if (s->warning_count > 5)
            defcon_text_append_item(&s->warnings, "; ", "%zu more problems",
                                    s->warning_count - 5);
        r->stats->warnings++;
        defcon_indexer_emit(r, DEFCON_INDEX_WARNING, path, defcon_buffer_cstr(&s->warnings));
    }
}

/* A rowid for each article of a parsed file, queued for writing. */
static int queue_articles(run *r, long k, slot *s)
{
    const char *path = r->corpus.files[r->jobs[k].file].name;
    size_t i;

    for (i = 0; i < s->item_count; i++) {
        slot_article *item = &s->items[i];
        if (item->article.warnings) {
            r->stats->warnings++;
            defcon_indexer_emit(r, DEFCON_INDEX_WARNING, path, item->article.warnings);
        }
        item->rowid = allocate_rowid(r, &item->article.date, s->error, sizeof s->error);
        if (item->rowid < 0)
            return -1;
        if (item->rowid == 0) {
            item->dropped = 1;
            r->stats->failed++;
            defcon_indexer_emit(r, DEFCON_INDEX_FAILED, path, s->error);
            if (defcon_indexer_uncount(r, item) != 0)
                return -1;
            continue;
        }
        if (r->write_count == r->write_capacity
            && defcon_array_grow(&r->writes, &r->write_capacity, sizeof *r->writes, 256) != 0)
            return defcon_db_fail(r->db, "out of memory");
        r->writes[r->write_count].rowid = item->rowid;
        r->writes[r->write_count].job = k;
        r->writes[r->write_count++].item = i;
    }
    return 0;
}

/* A file touched, not changed: what was captured at its time (all but a
 * web archive's records, which carry their own capture dates) takes the
 * new time, as a fresh build would give it. A capture folded into another
 * may so become the newest: the next round reads it again (the orphans
 * of defcon_indexer_plan_rereads). Rows are updated one by one, by rowid:
 * an UPDATE that may change several rows takes a statement savepoint, at
 * which FTS5 writes out its pending terms. Returns 0 or -1. */
static int touch_captures(run *r, const defcon_corpus_file *file)
{
    sqlite3_stmt *find[2] = {r->sql.stale_articles, r->sql.stale_folded};
    sqlite3_stmt *set[2] = {r->sql.recapture_article, r->sql.recapture_folded};
    long long seconds = file->mtime_ns / 1000000000LL;
    int i, rc = 0, step;

    if (defcon_archive_kind_streams(defcon_article_kind_of(file->name)))
        return 0;
    for (i = 0; rc == 0 && i < 2; i++) {
        sqlite3_bind_text(find[i], 1, file->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(find[i], 2, seconds);
        while (rc == 0 && (step = sqlite3_step(find[i])) == SQLITE_ROW) {
            sqlite3_bind_int64(set[i], 1, sqlite3_column_int64(find[i], 0));
            sqlite3_bind_int64(set[i], 2, seconds);
            rc = defcon_indexer_step_done(r, set[i], "updating a capture time");
        }
        if (rc == 0 && step != SQLITE_DONE)
            rc = defcon_db_fail_sqlite(r->db, "updating a capture time");
        sqlite3_reset(find[i]);
    }
    return rc;
}

/* The first look at a finished slot: failures, touched files, skips and
 * warnings; a parsed file's old version is queued for removal, its
 * articles for writing and the file recorded. Returns 0, or -1 on a
 * database error. */
static int prepare_slot(run *r, long k, slot *s)
{
    const job *j = &r->jobs[k];
    const defcon_corpus_file *file = &r->corpus.files[j->file];
    defcon_index_stats *stats = r->stats;

    stats->bytes_read += (long long)s->bytes;
    if (s->outcome == JOB_FAILED) {
        /* The old version, if any, stays: nothing is lost. */
        stats->failed++;
        defcon_indexer_emit(r, DEFCON_INDEX_FAILED, file->name, s->error);
        return 0;
    }
    if (s->outcome == JOB_NOTHING) {
        /* As with a failure, an old version stays. */
        defcon_indexer_skip(r, file->name, "empty files", "empty file: nothing to index");
        return 0;
    }
    if (s->outcome == JOB_SAME_CONTENT) {
        stats->unchanged++;
        if (j->recheck)   /* same size, time and content: nothing to write */
            return 0;
        sqlite3_bind_text(r->sql.touch, 1, file->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(r->sql.touch, 2, file->size);
        sqlite3_bind_int64(r->sql.touch, 3, file->mtime_ns);
        if (defcon_indexer_step_done(r, r->sql.touch, "updating an article") != 0)
            return -1;
        return touch_captures(r, file);
    }
    report_slot(r, file->name, s);
    /* An article is refused before anything is written, so the old
     * version is only removed when the new one will take its place; a
     * database error after that fails the whole run, which rolls back. */
    if ((j->has_old && s->chunks_applied == 0 && defcon_indexer_collect_olds(r, file->name) != 0)
        || defcon_indexer_store_file(r, j, s) != 0 || store_words(r, s) != 0)
        return -1;
    return queue_articles(r, k, s);
}

static int compare_rowids(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* An article of a batch waiting to be written. */
int defcon_indexer_remove_articles(run *r, long long *rowids, size_t count)
{
    size_t k;
    int rc = 0;

    /* In rowid order, for FTS5 (see BATCH). qsort() wants a real array
     * even for no elements, and `rowids` is NULL when nothing is gone. */
    if (count > 1)
        qsort(rowids, count, sizeof *rowids, compare_rowids);
    for (k = 0; rc == 0 && k < count; k++) {
        rc = defcon_indexer_delete_article(r, rowids[k]);
        if (rc == 0)
            r->stats->removed++;
    }
    return rc;
}

static int compare_pending(const void *a, const void *b)
{
    return compare_rowids(&((const pending *)a)->rowid, &((const pending *)b)->rowid);
}

/* Writes the country codes of the articles written and removed so far. */
static int store_codes(run *r)
{
    if (defcon_code_writer_store(r->code_writer, r->codes) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "storing country codes");
    return 0;
}

static slot_article *pending_item(run *r, const pending *p)
{
    return &r->pool.slots[p->job % WINDOW].items[p->item];
}

/* Writes the finished jobs first..end-1: the old versions of changed
 * files are removed in rowid order, the new rows stored in job order
 * (store_row() settles ids, defcon_indexer_fold() captures of one
 * article), and the new articles indexed in rowid order (see BATCH). */
/* Writes the queued articles: the old versions are removed in rowid
 * order, the new rows stored in job order (store_row() settles ids,
 * defcon_indexer_fold() captures of one article), and the new articles
 * indexed in rowid order (see BATCH). */
static int write_queued(run *r)
{
    size_t i;
    int rc = 0;

    if (r->old_count > 1)
        qsort(r->olds, r->old_count, sizeof *r->olds, compare_rowids);
    for (i = 0; rc == 0 && i < r->old_count; i++)
        rc = defcon_indexer_delete_article(r, r->olds[i]);
    for (i = 0; rc == 0 && i < r->write_count; i++) {
        const job *j = &r->jobs[r->writes[i].job];
        slot_article *item = pending_item(r, &r->writes[i]);
        rc = defcon_indexer_fold(r, j, item);
        if (rc == 1)
            rc = defcon_indexer_store_row(r, j, item, r->writes[i].rowid);
    }
    if (rc == 0 && r->write_count > 1)
        qsort(r->writes, r->write_count, sizeof *r->writes, compare_pending);
    for (i = 0; rc == 0 && i < r->write_count; i++) {
        const job *j = &r->jobs[r->writes[i].job];
        slot_article *item = pending_item(r, &r->writes[i]);
        if (item->dropped)
            continue;
        rc = index_article(r, item, r->writes[i].rowid);
        if (rc == 0 && j->force)
            continue;
        if (rc == 0 && j->has_old)
            r->stats->updated++;
        else if (rc == 0)
            r->stats->added++;
    }
    return rc == 0 ? store_codes(r) : rc;
}

/* Writes the finished jobs first..end-1. */
static int apply_batch(run *r, long first, long end)
{
    long k;
    int rc = 0;

    r->write_count = r->old_count = 0;
    for (k = first; rc == 0 && k < end; k++)
        rc = prepare_slot(r, k, &r->pool.slots[k % WINDOW]);
    return rc == 0 ? write_queued(r) : rc;
}

/* Writes the chunk of articles the worker of job `k` handed over (see
 * CHUNK_ITEMS); the first chunk removes the file's old version. */
static int apply_chunk(run *r, long k)
{
    slot *s = &r->pool.slots[k % WINDOW];
    const job *j = &r->jobs[k];
    const char *path = r->corpus.files[j->file].name;
    int rc = 0;

    r->write_count = r->old_count = 0;
    report_slot(r, path, s);
    if (s->chunks_applied == 0 && j->has_old)
        rc = defcon_indexer_collect_olds(r, path);
    if (rc == 0 && s->chunks_applied == 0)
        rc = defcon_indexer_store_file(r, j, s);
    if (rc == 0)
        rc = store_words(r, s);
    if (rc == 0)
        rc = queue_articles(r, k, s);
    if (rc == 0)
        rc = write_queued(r);
    defcon_indexer_slot_release_chunk(s);
    s->chunks_applied++;
    return rc;
}

/* Stores the term counts gathered so far when there are many of them, or
 * with `all` (every job applied, so every worker's counts are final).
 * Returns 0 or -1. */
static int flush_terms(run *r, int all)
{
    size_t total = 0;
    int i, rc = 0, failed = 0;

    for (i = 0; i < r->pool.worker_count; i++) {
        worker *w = &r->pool.workers[i];
        pthread_mutex_lock(&w->terms_lock);
        total += defcon_term_counts_size(w->terms);
        failed |= w->terms_failed;
        pthread_mutex_unlock(&w->terms_lock);
    }
    if (failed)
        return defcon_db_fail(r->db, "out of memory while counting terms");
    if (!all && total < TERM_TAKE_LIMIT)
        return 0;
    /* The writer's set stays under its limit: written out first if the
     * workers' terms could take it over. */
    if (defcon_term_counts_size(r->removed_terms) + total > TERM_STORE_LIMIT
        && defcon_term_writer_store(r->term_writer, r->removed_terms)
               != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "counting terms");
    /* Into the writer's own set, so a term the workers share is written
     * once; each worker goes on with an empty set meanwhile. */
    for (i = 0; rc == 0 && i < r->pool.worker_count; i++) {
        worker *w = &r->pool.workers[i];
        defcon_term_counts *fresh = defcon_term_counts_new(), *full;
        if (!fresh)
            return defcon_db_fail(r->db, "out of memory while counting terms");
        pthread_mutex_lock(&w->terms_lock);
        full = w->terms;
        w->terms = fresh;
        pthread_mutex_unlock(&w->terms_lock);
        if (defcon_term_counts_merge(r->removed_terms, full) != 0)
            rc = defcon_db_fail(r->db, "out of memory while counting terms");
        defcon_term_counts_free(full);
    }
    if (rc == 0 && all
        && defcon_term_writer_store(r->term_writer, r->removed_terms)
               != SQLITE_OK)
        rc = defcon_db_fail_sqlite(r->db, "counting terms");
    return rc;
}

/* Writes the finished jobs first..end-1 and gives their slots back to
 * the workers. */
static int finish_jobs(run *r, long first, long end)
{
    long k;
    int rc;

    if (first >= end)
        return 0;
    rc = apply_batch(r, first, end);
    if (rc == 0)
        rc = flush_terms(r, 0);
    for (k = first; k < end; k++)
        defcon_indexer_slot_reset(&r->pool.slots[k % WINDOW]);
    pthread_mutex_lock(&r->pool.lock);
    r->pool.applied = end;
    pthread_cond_broadcast(&r->pool.work_ready);
    pthread_mutex_unlock(&r->pool.lock);
    defcon_indexer_emit(r, DEFCON_INDEX_PROGRESS, NULL, NULL);
    return rc;
}

/* Applies every job's slot in order as the workers fill them. A file
 * whose articles come in chunks has the jobs before it written first,
 * then each chunk as it comes. */
static int apply_round(run *r)
{
    int rc = 0;

    while (rc == 0 && r->pool.applied < r->job_count) {
        long first = r->pool.applied, k;
        long end = first + BATCH < r->job_count ? first + BATCH : r->job_count;

        pthread_mutex_lock(&r->pool.lock);
        for (k = first; rc == 0 && k < end; k++) {
            slot *s = &r->pool.slots[k % WINDOW];
            while (rc == 0 && !(s->done && s->job == k)) {
                if (!(s->chunk_ready && s->job == k)) {
                    r->pool.awaited = k;
                    pthread_cond_wait(&r->pool.slot_done, &r->pool.lock);
                    r->pool.awaited = -1;
                    continue;
                }
                pthread_mutex_unlock(&r->pool.lock);
                rc = finish_jobs(r, first, k);
                first = k;
                if (rc == 0)
                    rc = apply_chunk(r, k);
                if (rc == 0)
                    rc = flush_terms(r, 0);
                pthread_mutex_lock(&r->pool.lock);
                s->chunk_ready = 0;
                pthread_cond_broadcast(&r->pool.work_ready);
            }
        }
        pthread_mutex_unlock(&r->pool.lock);
        if (rc == 0)
            rc = finish_jobs(r, first, end);
    }
    return rc;
}

/* Rounds of reading a run may take: the planned jobs, then files read
 * again, each once a run: those whose folded captures lost the newer
 * capture they were folded into (its file removed or changed), so that
 * the newest remaining capture is the article, and those whose articles
 * were read knowing other boilerplate than the counts now say
 * (index_boilerplate.c). */
#define MAX_ROUNDS 3

/* Applies every job's slot in order as the workers fill them. */
int defcon_indexer_apply_all(run *r)
{
    int rc = apply_round(r), round;

    for (round = 1; rc == 0; round++) {
        /* The workers are done with the jobs: wait for them to leave
         * before the list changes under them. */
        defcon_indexer_stop_workers(r);
        r->job_count = 0;
        if (round < MAX_ROUNDS)
            rc = defcon_indexer_plan_rereads(r);
        if (rc == 0)
            rc = defcon_indexer_boilerplate_settle(r, round < MAX_ROUNDS);
        if (rc != 0 || r->job_count == 0)
            break;
        rc = defcon_indexer_restart_workers(r);
        if (rc == 0)
            rc = apply_round(r);
    }
    /* Every job is applied: the counts are complete, with the removals
     * of plan() even when there was nothing to index. */
    if (rc == 0)
        rc = store_codes(r);
    return rc == 0 ? flush_terms(r, 1) : rc;
}

/* Adds this run's changes to the per-period article counts. */
int defcon_indexer_store_periods(run *r)
{
    size_t position = 0;
    long long key, delta;
    int rc = 0;

    while (rc == 0 && defcon_count_map_next(&r->periods, &position, &key, &delta)) {
        defcon_period_of_time period = defcon_period_from_key((long)key);
        char label[DEFCON_PERIOD_LABEL_SIZE];
        if (delta == 0)
            continue;
        defcon_period_label(&period, label);
        sqlite3_bind_text(r->sql.add_period, 1, label, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(r->sql.add_period, 2, delta);
        rc = defcon_indexer_step_done(r, r->sql.add_period, "counting articles per period");
    }
    if (rc == 0)
        rc = defcon_indexer_exec(r, "DELETE FROM periods WHERE articles <= 0",
                                 "counting articles per period");
    return rc;
}

int defcon_indexer_count_articles(run *r)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if (sqlite3_prepare_v2(defcon_db_sqlite(r->db), "SELECT (SELECT count(*) FROM articles),"
                           " (SELECT count(*) FROM folded),"
                           " (SELECT count(*) FROM copies WHERE story <> rowid)", -1, &stmt,
                           NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "counting articles");
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        r->stats->articles = (long)sqlite3_column_int64(stmt, 0);
        r->stats->folded = (long)sqlite3_column_int64(stmt, 1);
        r->stats->copies = (long)sqlite3_column_int64(stmt, 2);
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_ROW ? 0 : defcon_db_fail_sqlite(r->db, "counting articles");
}

int defcon_indexer_merge_segments(run *r)
{
    long written = r->stats->added + r->stats->updated;

    if (written == 0 || written < r->stats->articles / 2)
        return 0;
    return defcon_indexer_exec(r, "INSERT INTO fts(fts) VALUES('optimize')",
                               "merging the full-text index");
}

/*
 * indexer.c - one indexing run; see indexer.h.
 *
 * Threads: this thread owns the SQLite connection and is the only writer.
 * Worker threads take the files to read in order, each into a slot of a
 * ring of WINDOW slots, and do everything that does not need the
 * database: read, hash, parse (front matter, capture, cmark), find
 * countries, tokenize and stem. This thread applies the slots in job
 * order (the last path first, see BATCH), so a run is deterministic, and
 * FTS5 replays the workers' tokens (tokenizer.h) instead of tokenizing
 * again.
 */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE   /* syscall(SYS_gettid), see lower_worker_priority */
#endif
#include "indexer.h"
#include "clock.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#endif

#include "article.h"
#include "buffer.h"
#include "country_blocks.h"
#include "corpus.h"
#include "countries.h"
#include "database.h"
#include "term_counts.h"
#include "tokenizer.h"

/* Files in flight between the workers and the writer. */
#define WINDOW (2 * BATCH)
/* Files the writer takes at a time. FTS5 writes out its pending data
 * whenever a rowid comes below the previous one (a new segment, to be
 * merged later), and rowids follow dates newest first. So jobs run from
 * the last path to the first (plan()), which for an archive in dated
 * folders is ascending rowid order, and each batch is written in rowid
 * order, for archives whose paths do not follow dates: at most one such
 * flush a batch instead of one an article. */
#define BATCH 512
/* How far below the writer the workers run (see lower_worker_priority). */
#define WORKER_NICE 5
/* Distinct terms the workers' sets may hold before the writer takes them
 * over (a merge into its own set, in memory), and distinct terms its own
 * set may hold before it writes them to the terms table, which rewrites
 * most of the table's blocks each time: at 1,000,000 articles 201 writes
 * of about 22,000 terms took 15 of 134 s. The writer's set stays well
 * under three quarters of 65,536 (workers add terms while it writes),
 * where its table would double: a few MB in all, as the counts of a big
 * archive would not fit the memory target at once. */
#define TERM_TAKE_LIMIT 24576
#define TERM_STORE_LIMIT 45000
/* Largest file we read. */
#define MAX_FILE_BYTES ((size_t)256 << 20)
/* Most threads we start, whatever the machine. */
#define MAX_THREADS 16

/* Appends a (word, stem) pair the tokenizer reports for the vocab table
 * to the slot's list, "word\0stem\0". Each worker's stem cache reports a
 * word once while it stays cached, so the list is short; the writer's
 * INSERT OR IGNORE removes the remaining repeats. */
static int new_word(void *context, const char *word, int word_len, const char *stem,
                    int stem_len)
{
    defcon_buffer *words = context;

    if (defcon_buffer_append(words, word, (size_t)word_len) != 0
        || defcon_buffer_putc(words, '\0') != 0
        || defcon_buffer_append(words, stem, (size_t)stem_len) != 0
        || defcon_buffer_putc(words, '\0') != 0)
        return -1;
    return 0;
}

/* ---- a small map from a number to a number ---- */

/* Open addressing over 64-bit keys; used for the last rowid of each day
 * and for the change in article counts per period. */
typedef struct day_map {
    long long *keys;         /* key + 1; 0 marks an empty slot */
    long long *values;
    size_t slot_count, used;
} day_map;

static uint64_t mix_key(long long key)
{
    return defcon_content_hash((const char *)&key, sizeof key);
}

/* The value slot of `key`, created (as 0) if `create`; NULL when absent
 * or out of memory. */
static long long *day_map_find(day_map *map, long long key, int create)
{
    size_t i;

    if (create && map->used * 2 >= map->slot_count) {
        size_t count = map->slot_count ? map->slot_count * 2 : 1024, k;
        long long *keys = calloc(count, sizeof *keys), *values = calloc(count, sizeof *values);
        if (!keys || !values) {
            free(keys);
            free(values);
            return NULL;
        }
        for (k = 0; k < map->slot_count; k++) {
            if (!map->keys[k])
                continue;
            for (i = (size_t)mix_key(map->keys[k]) & (count - 1); keys[i]; i = (i + 1) & (count - 1))
                ;
            keys[i] = map->keys[k];
            values[i] = map->values[k];
        }
        free(map->keys);
        free(map->values);
        map->keys = keys;
        map->values = values;
        map->slot_count = count;
    }
    if (!map->slot_count)
        return NULL;
    for (i = (size_t)mix_key(key + 1) & (map->slot_count - 1); map->keys[i];
         i = (i + 1) & (map->slot_count - 1))
        if (map->keys[i] == key + 1)
            return &map->values[i];
    if (!create)
        return NULL;
    map->keys[i] = key + 1;
    map->values[i] = 0;
    map->used++;
    return &map->values[i];
}

static void day_map_free(day_map *map)
{
    free(map->keys);
    free(map->values);
    memset(map, 0, sizeof *map);
}

/* ---- jobs ---- */

typedef enum job_outcome {
    JOB_FAILED,
    JOB_SAME_CONTENT,        /* touched, not changed */
    JOB_PARSED
} job_outcome;

typedef struct job {         /* 24 bytes: one per file to index */
    uint32_t file;           /* index in the corpus (plan() checks the count) */
    int has_old;
    long long old_rowid;
    uint64_t old_hash;
} job;

typedef struct slot {
    long job;                /* which job the slot holds, -1 when free */
    int done;
    long long rowid;         /* the rowid it is written under, 0: none */
    job_outcome outcome;
    char error[512];
    uint64_t hash;
    size_t bytes;
    defcon_article article;
    defcon_tokens title_tokens, body_tokens, country_tokens;
    defcon_country_list countries;
    defcon_buffer country_codes;     /* "KP IR RU": the countries it is about */
    defcon_buffer mentions;          /* JSON of every country mentioned */
    defcon_buffer words;             /* new (word, stem) pairs for vocab */
} slot;

typedef struct worker {
    pthread_t thread;
    struct run *run;
    defcon_tokenizer *tokenizer;
    int started;
    /* The terms of the articles it parsed (terms.h), counted ahead of the
     * writer: the writer takes the set over now and then (flush_terms). */
    pthread_mutex_t terms_lock;
    defcon_term_counts *terms;
    int terms_failed;        /* out of memory counting: the run fails */
} worker;

typedef struct run {
    defcon_db *db;
    const defcon_index_options *options;
    defcon_index_stats *stats;
    defcon_corpus corpus;
    job *jobs;
    long job_count;
    unsigned char *queued;   /* per corpus file: 1 when this run indexes it */

    pthread_mutex_t lock;
    pthread_cond_t work_ready, slot_done;
    long next_job;           /* next job a worker takes */
    long applied;            /* jobs the writer has finished with */
    int stopping;
    slot slots[WINDOW];
    worker workers[MAX_THREADS];
    int worker_count;

    sqlite3_stmt *insert_article, *insert_fts, *next_rowid, *select_old, *delete_fts,
        *delete_article, *touch, *insert_word, *find_id, *give_up_id,
        *add_period, *set_hashsize, *same_hashsize;
    defcon_replay *replay;
    /* The writer's own changes to the term counts: articles removed, and
     * parsed articles that were not stored after all (a worker counted
     * them). Its tokenizer reads the removed articles' text. */
    defcon_term_counts *removed_terms;
    defcon_tokenizer *tokenizer;
    defcon_tokens old_title, old_body;
    defcon_term_writer *term_writer;
    /* Country codes of the articles written and removed, for the
     * article_codes blocks: stored after each batch. */
    defcon_code_changes *codes;
    defcon_code_writer *code_writer;
    day_map last_rowids;     /* last rowid given out per day key, this run */
    day_map periods;         /* change of the article count per period */
    /* Paths the walk could not read ("." for the whole archive), each
     * followed by a NUL: what the index holds below them is kept, as a
     * file that fails keeps its previous version. */
    defcon_buffer unread;
    int unread_lost;         /* out of memory recording one: keep everything */
} run;

static void emit(run *r, defcon_index_event_kind kind, const char *path, const char *message)
{
    defcon_index_event event;

    if (!r->options->listener)
        return;
    event.kind = kind;
    event.path = path;
    event.message = message;
    event.done = r->applied;
    event.total = r->job_count;
    r->options->listener(r->options->listener_context, &event);
}

/* Token lists above this many tokens are freed after use rather than
 * kept for the next file: a window of slots must not all keep the size
 * of the largest article they ever held. */
#define KEEP_TOKENS 8192

static void tokens_release(defcon_tokens *tokens)
{
    if (tokens->capacity > KEEP_TOKENS)
        defcon_tokens_free(tokens);
    else
        defcon_tokens_reset(tokens);
}

static void slot_reset(slot *s)
{
    defcon_article_clear(&s->article);
    tokens_release(&s->title_tokens);
    tokens_release(&s->body_tokens);
    tokens_release(&s->country_tokens);
    defcon_country_list_clear(&s->countries);
    defcon_buffer_clear(&s->country_codes);
    defcon_buffer_clear(&s->mentions);
    defcon_buffer_clear(&s->words);
    s->error[0] = '\0';
    s->done = 0;
}

/* Appends a small non-negative integer without printf (hot path). */
static int append_number(defcon_buffer *out, long value)
{
    char digits[24];
    int n = 0;

    if (value < 0)
        value = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0);
    if (defcon_buffer_reserve(out, (size_t)n) != 0)
        return -1;
    while (n > 0)
        out->data[out->len++] = digits[--n];
    out->data[out->len] = '\0';
    return 0;
}

/* Writes the countries as the articles row keeps them: the codes of those
 * the article is about, space-separated (most prominent first: the list
 * is sorted so), and a JSON object of every mention, e.g.
 *   {"KP":{"count":12,"title":1,"lead":1,"score":0.931,"about":1}}
 * The score keeps three decimals. The country the dateline names, the
 * place the story was filed from, also has "dateline":1. */
static int describe_countries(slot *s)
{
    defcon_buffer *json = &s->mentions;
    size_t i;
    int rc = defcon_buffer_putc(json, '{');

    for (i = 0; i < s->countries.count; i++) {
        const defcon_country_mention *m = &s->countries.items[i];
        long thousandths = (long)(m->score * 1000.0 + 0.5);
        if (m->about) {
            if (s->country_codes.len)
                rc |= defcon_buffer_putc(&s->country_codes, ' ');
            rc |= defcon_buffer_puts(&s->country_codes, m->code);
        }
        if (i)
            rc |= defcon_buffer_putc(json, ',');
        rc |= defcon_buffer_putc(json, '"');
        rc |= defcon_buffer_puts(json, m->code);
        rc |= defcon_buffer_puts(json, "\":{\"count\":");
        rc |= append_number(json, m->count);
        rc |= defcon_buffer_puts(json, m->in_title ? ",\"title\":1" : ",\"title\":0");
        rc |= defcon_buffer_puts(json, m->in_lead ? ",\"lead\":1" : ",\"lead\":0");
        if (m->in_dateline)
            rc |= defcon_buffer_puts(json, ",\"dateline\":1");
        rc |= defcon_buffer_puts(json, ",\"score\":");
        rc |= append_number(json, thousandths / 1000);
        rc |= defcon_buffer_putc(json, '.');
        rc |= defcon_buffer_putc(json, (char)('0' + thousandths / 100 % 10));
        rc |= defcon_buffer_putc(json, (char)('0' + thousandths / 10 % 10));
        rc |= defcon_buffer_putc(json, (char)('0' + thousandths % 10));
        rc |= defcon_buffer_puts(json, m->about ? ",\"about\":1}" : ",\"about\":0}");
    }
    rc |= defcon_buffer_putc(json, '}');
    return rc ? -1 : 0;
}

/* The title and body token lists of a slot: the text whose terms count. */
static void counted_lists(const slot *s, const defcon_tokens *lists[2])
{
    lists[0] = &s->title_tokens;
    lists[1] = &s->body_tokens;
}

/* Counts the terms of a parsed article, which the writer will store
 * (or take back out, see prepare_slot). */
static void count_terms(worker *w, const slot *s)
{
    const defcon_tokens *lists[2];

    counted_lists(s, lists);
    pthread_mutex_lock(&w->terms_lock);
    if (!w->terms_failed && defcon_term_counts_add_article(w->terms, lists, 2, +1) != 0)
        w->terms_failed = 1;
    pthread_mutex_unlock(&w->terms_lock);
}

/* Everything about one file that does not need the database. */
static void work_on(worker *w, const job *j, slot *s)
{
    run *r = w->run;
    const char *path = defcon_corpus_path(&r->corpus, j->file);
    char *data = NULL;
    size_t len = 0;

    if (defcon_corpus_read(r->corpus.root, path, MAX_FILE_BYTES, &data, &len, s->error,
                           sizeof s->error) != 0) {
        s->outcome = JOB_FAILED;
        return;
    }
    s->bytes = len;
    s->hash = defcon_content_hash(data, len);
    if (j->has_old && s->hash == j->old_hash) {
        s->outcome = JOB_SAME_CONTENT;
        free(data);
        return;
    }
    s->outcome = JOB_FAILED;
    if (defcon_article_parse(path, data, len, &s->article, s->error, sizeof s->error) != 0) {
        free(data);
        return;
    }
    free(data);
    if (defcon_countries_find(s->article.title, s->article.body, s->article.body_len,
                              s->article.dateline, &s->countries) != 0
        || describe_countries(s) != 0
        || defcon_tokenizer_run(w->tokenizer, defcon_buffer_cstr(&s->country_codes),
                                s->country_codes.len, &s->country_tokens, NULL, NULL) != SQLITE_OK
        || defcon_tokenizer_run(w->tokenizer, s->article.title, strlen(s->article.title),
                                &s->title_tokens, new_word, &s->words) != SQLITE_OK
        || defcon_tokenizer_run(w->tokenizer, s->article.body, s->article.body_len,
                                &s->body_tokens, new_word, &s->words) != SQLITE_OK) {
        snprintf(s->error, sizeof s->error, "out of memory while indexing");
        return;
    }
    s->outcome = JOB_PARSED;
    count_terms(w, s);
}

/* The writer, the only thread that can store anything, is the critical
 * path: with as many workers as cores it got about two thirds of a core
 * and the workers waited for it (0.7 s of the 1.2 s Reuters build). So the
 * workers run a little behind it in priority; when it waits, they still
 * have every core. Linux gives each thread its own nice value. */
static void lower_worker_priority(void)
{
#if defined(__linux__)
    id_t thread = (id_t)syscall(SYS_gettid);
    int nice_value;

    errno = 0;
    nice_value = getpriority(PRIO_PROCESS, thread);
    if (errno == 0)
        setpriority(PRIO_PROCESS, thread, nice_value + WORKER_NICE);
#endif
}

static void *worker_main(void *argument)
{
    worker *w = argument;
    run *r = w->run;

    lower_worker_priority();

    pthread_mutex_lock(&r->lock);
    for (;;) {
        long n;
        slot *s;

        while (!r->stopping && r->next_job < r->job_count && r->next_job >= r->applied + WINDOW)
            pthread_cond_wait(&r->work_ready, &r->lock);
        if (r->stopping || r->next_job >= r->job_count)
            break;
        n = r->next_job++;
        s = &r->slots[n % WINDOW];
        pthread_mutex_unlock(&r->lock);

        work_on(w, &r->jobs[n], s);

        pthread_mutex_lock(&r->lock);
        s->job = n;
        s->done = 1;
        pthread_cond_broadcast(&r->slot_done);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

/* ---- statements ---- */

static int prepare(run *r, sqlite3_stmt **stmt, const char *sql)
{
    if (sqlite3_prepare_v3(defcon_db_sqlite(r->db), sql, -1, SQLITE_PREPARE_PERSISTENT, stmt,
                           NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "preparing the index");
    return 0;
}

static int prepare_all(run *r)
{
    sqlite3 *sqlite = defcon_db_sqlite(r->db);

    if (defcon_term_writer_new(sqlite, &r->term_writer) != SQLITE_OK
        || defcon_code_writer_new(sqlite, &r->code_writer) != SQLITE_OK)
        return defcon_db_fail(r->db, "out of memory");
    /* A clash on a unique column (an id another file has) inserts
     * nothing; insert_article sees that and picks another id. */
    return prepare(r, &r->insert_article,
                   "INSERT INTO articles(rowid, id, path, date, first_day, last_day, source,"
                   " url, topics, size, mtime_ns, hash, countries, mentions, title, body)"
                   " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                   " ?16) ON CONFLICT DO NOTHING")
        || prepare(r, &r->insert_fts,
                   "INSERT INTO fts(rowid, title, body, countries) VALUES(?1, ?2, ?3, ?4)")
        || prepare(r, &r->next_rowid,
                   "SELECT max(rowid) FROM articles WHERE rowid >= ?1 AND rowid < ?2")
        || prepare(r, &r->select_old,
                   "SELECT title, body, countries, date FROM articles WHERE rowid = ?1")
        || prepare(r, &r->delete_fts, "INSERT INTO fts(fts, rowid, title, body, countries)"
                                      " VALUES('delete', ?1, ?2, ?3, ?4)")
        || prepare(r, &r->delete_article, "DELETE FROM articles WHERE rowid = ?1")
        || prepare(r, &r->touch, "UPDATE articles SET size = ?2, mtime_ns = ?3 WHERE rowid = ?1")
        || prepare(r, &r->insert_word, "INSERT OR IGNORE INTO vocab(word, stem) VALUES(?1, ?2)")
        || prepare(r, &r->set_hashsize, "INSERT INTO fts(fts, rank) VALUES('hashsize', ?1)")
        || prepare(r, &r->same_hashsize,
                   "SELECT 1 FROM fts_config WHERE k = 'hashsize' AND v = ?1")
        || prepare(r, &r->find_id, "SELECT path, rowid FROM articles WHERE id = ?1")
        || prepare(r, &r->give_up_id,
                   "UPDATE OR IGNORE articles SET id = ?2 WHERE rowid = ?1")
        || prepare(r, &r->add_period,
                   "INSERT INTO periods(label, articles) VALUES(?1, ?2) ON CONFLICT(label)"
                   " DO UPDATE SET articles = articles + excluded.articles");
}

static void finalize_all(run *r)
{
    sqlite3_stmt **all[] = {&r->insert_article, &r->insert_fts, &r->next_rowid,
                            &r->select_old, &r->delete_fts, &r->delete_article, &r->touch,
                            &r->insert_word, &r->find_id, &r->give_up_id,
                            &r->add_period, &r->set_hashsize, &r->same_hashsize};
    size_t i;

    for (i = 0; i < sizeof all / sizeof all[0]; i++) {
        sqlite3_finalize(*all[i]);
        *all[i] = NULL;
    }
    defcon_term_writer_free(r->term_writer);
    defcon_code_writer_free(r->code_writer);
    r->term_writer = NULL;
    r->code_writer = NULL;
}

/* Runs a statement that returns no rows, then resets it. */
static int step_done(run *r, sqlite3_stmt *stmt, const char *what)
{
    int rc = sqlite3_step(stmt);

    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE)
        return defcon_db_fail_sqlite(r->db, what);
    return 0;
}

static int exec(run *r, const char *sql, const char *what)
{
    if (sqlite3_exec(defcon_db_sqlite(r->db), sql, NULL, NULL, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, what);
    return 0;
}

/* ---- writing ---- */

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
        count = day_map_find(&r->periods, defcon_period_key(&period), 1);
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

static int delete_article(run *r, long long rowid)
{
    int rc;

    sqlite3_bind_int64(r->select_old, 1, rowid);
    rc = sqlite3_step(r->select_old);
    if (rc == SQLITE_ROW) {
        const char *title = column_text_or_empty(r->select_old, 0);
        const char *body = column_text_or_empty(r->select_old, 1);
        size_t title_len = (size_t)sqlite3_column_bytes(r->select_old, 0);
        size_t body_len = (size_t)sqlite3_column_bytes(r->select_old, 1);
        rc = uncount_terms(r, title, title_len, body, body_len);
        /* External content: FTS5 must see the old text to forget it, and
         * takes the tokens just made for the counts (tokenizer.h). */
        if (rc == 0) {
            defcon_replay_clear(r->replay);
            defcon_replay_push(r->replay, title, title_len, &r->old_title);
            defcon_replay_push(r->replay, body, body_len, &r->old_body);
            sqlite3_bind_int64(r->delete_fts, 1, rowid);
            sqlite3_bind_text(r->delete_fts, 2, title, (int)title_len, SQLITE_STATIC);
            sqlite3_bind_text(r->delete_fts, 3, body, (int)body_len, SQLITE_STATIC);
            sqlite3_bind_value(r->delete_fts, 4, sqlite3_column_value(r->select_old, 2));
            rc = step_done(r, r->delete_fts, "removing an article");
            sqlite3_clear_bindings(r->delete_fts);
            defcon_replay_clear(r->replay);
        }
        if (rc == 0)
            rc = count_period(r, (const char *)sqlite3_column_text(r->select_old, 3), -1);
    } else {
        rc = rc == SQLITE_DONE ? 0 : defcon_db_fail_sqlite(r->db, "removing an article");
    }
    sqlite3_reset(r->select_old);
    if (rc != 0)
        return -1;
    if (defcon_code_changes_remove(r->codes, rowid) != 0)
        return defcon_db_fail(r->db, "out of memory");
    sqlite3_bind_int64(r->delete_article, 1, rowid);
    return step_done(r, r->delete_article, "removing an article");
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
    long long *last = day_map_find(&r->last_rowids, start, 1);
    int rc;

    if (!last) {
        defcon_db_fail(r->db, "out of memory");
        return -1;
    }
    if (*last) {
        rowid = *last + 1;
    } else {
        sqlite3_bind_int64(r->next_rowid, 1, start);
        sqlite3_bind_int64(r->next_rowid, 2, end);
        rc = sqlite3_step(r->next_rowid);
        if (rc == SQLITE_ROW && sqlite3_column_type(r->next_rowid, 0) != SQLITE_NULL)
            rowid = sqlite3_column_int64(r->next_rowid, 0) + 1;
        sqlite3_reset(r->next_rowid);
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

/* The path of the article that has `id` (a malloc'd string), or NULL;
 * its rowid in *rowid. */
static char *id_owner(run *r, const char *id, long long *rowid)
{
    char *owner = NULL;

    *rowid = 0;
    sqlite3_bind_text(r->find_id, 1, id, -1, SQLITE_STATIC);
    if (sqlite3_step(r->find_id) == SQLITE_ROW) {
        const char *other = (const char *)sqlite3_column_text(r->find_id, 0);
        owner = strdup(other ? other : "");
        *rowid = sqlite3_column_int64(r->find_id, 1);
    }
    sqlite3_reset(r->find_id);
    return owner;
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

/* Warns that the article of `path` cannot have `id`, which `holder` has:
 * its id is its path. */
static void warn_id_taken(run *r, const char *path, const char *id, const char *holder)
{
    char message[1024];

    snprintf(message, sizeof message,
             "id \"%s\" is already used by %s: this article's id is its path", id, holder);
    r->stats->warnings++;
    emit(r, DEFCON_INDEX_WARNING, path, message);
}

/* Makes the article at `rowid`, stored earlier in this run from `path`,
 * give up its id for its path (or path#rowid), with a warning naming the
 * file that now holds the id. Returns 0 or -1. */
static int give_up_id(run *r, const char *path, long long rowid, const char *id,
                      const char *holder)
{
    char fallback[1024];
    int rc, attempt;

    warn_id_taken(r, path, id, holder);
    snprintf(fallback, sizeof fallback, "%s#%lld", path, rowid);
    for (attempt = 0; attempt < 2; attempt++) {
        sqlite3_bind_int64(r->give_up_id, 1, rowid);
        sqlite3_bind_text(r->give_up_id, 2, attempt ? fallback : path, -1, SQLITE_STATIC);
        rc = sqlite3_step(r->give_up_id);
        sqlite3_reset(r->give_up_id);
        if (rc != SQLITE_DONE)
            return defcon_db_fail_sqlite(r->db, "storing an article");
        if (sqlite3_changes(defcon_db_sqlite(r->db)) > 0)
            return 0;
    }
    return defcon_db_fail(r->db, "%s: no free id for the article", path);
}

/* Inserts the articles row with `id`. Returns 1 when inserted, 0 when the
 * id is taken (nothing inserted), -1 on a database error. */
static int insert_row(run *r, const job *j, slot *s, long long rowid, const char *id)
{
    const defcon_corpus_file *file = &r->corpus.files[j->file];
    const defcon_article *a = &s->article;
    sqlite3_stmt *stmt = r->insert_article;
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
    sqlite3_bind_int64(stmt, 10, file->size);
    sqlite3_bind_int64(stmt, 11, file->mtime_ns);
    sqlite3_bind_int64(stmt, 12, (sqlite3_int64)s->hash);
    sqlite3_bind_text(stmt, 13, defcon_buffer_cstr(&s->country_codes), (int)s->country_codes.len,
                      SQLITE_STATIC);
    sqlite3_bind_text(stmt, 14, defcon_buffer_cstr(&s->mentions), (int)s->mentions.len,
                      SQLITE_STATIC);
    sqlite3_bind_text(stmt, 15, a->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 16, a->body, (int)a->body_len, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (rc != SQLITE_DONE)
        return defcon_db_fail_sqlite(r->db, "storing an article");
    return sqlite3_changes(defcon_db_sqlite(r->db)) > 0;
}

/* Inserts the articles row of slot `s` under `rowid`, settling its id:
 * an article indexed by an earlier run keeps its id; of two files this run
 * indexes, the first in path order does (the run goes from the last path
 * to the first, so it takes the id over). Returns 0, or -1 on a database
 * error. */
static int store_row(run *r, const job *j, slot *s, long long rowid)
{
    const defcon_corpus_file *file = &r->corpus.files[j->file];
    const defcon_article *a = &s->article;
    const char *id = a->id && a->id[0] ? a->id : file->name;
    char fallback[1024];
    int rc;

    rc = insert_row(r, j, s, rowid, id);
    if (rc == 0 && id != file->name) {
        long long owner_rowid;
        char *owner = id_owner(r, id, &owner_rowid);
        if (owner && strcmp(owner, file->name) > 0 && queued_this_run(r, owner)) {
            /* The holder comes later in path order: it gives the id up. */
            rc = give_up_id(r, owner, owner_rowid, id, file->name);
            if (rc == 0)
                rc = insert_row(r, j, s, rowid, id);
        } else {
            /* Held from an earlier run or by an earlier path: this
             * article keeps its path as id. */
            warn_id_taken(r, file->name, id, owner ? owner : "another article");
            rc = insert_row(r, j, s, rowid, file->name);
        }
        free(owner);
    }
    if (rc == 0) {
        /* The path itself is some other file's id: make it unique. */
        snprintf(fallback, sizeof fallback, "%s#%lld", file->name, rowid);
        rc = insert_row(r, j, s, rowid, fallback);
        if (rc == 0)
            rc = defcon_db_fail(r->db, "%s: no free id for the article", file->name);
    }
    return rc < 0 ? -1 : 0;
}

/* Indexes the stored article of slot `s` in FTS5 (with the workers'
 * tokens replayed) and counts it in its periods. Returns 0 or -1. */
static int index_article(run *r, slot *s, long long rowid)
{
    const defcon_article *a = &s->article;
    int rc;

    defcon_replay_clear(r->replay);
    defcon_replay_push(r->replay, a->title, strlen(a->title), &s->title_tokens);
    defcon_replay_push(r->replay, a->body, a->body_len, &s->body_tokens);
    defcon_replay_push(r->replay, defcon_buffer_cstr(&s->country_codes), s->country_codes.len,
                       &s->country_tokens);
    sqlite3_bind_int64(r->insert_fts, 1, rowid);
    sqlite3_bind_text(r->insert_fts, 2, a->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(r->insert_fts, 3, a->body, (int)a->body_len, SQLITE_STATIC);
    sqlite3_bind_text(r->insert_fts, 4, defcon_buffer_cstr(&s->country_codes),
                      (int)s->country_codes.len, SQLITE_STATIC);
    rc = step_done(r, r->insert_fts, "indexing an article");
    defcon_replay_clear(r->replay);
    if (rc != 0)
        return -1;
    if (defcon_code_changes_set(r->codes, rowid, defcon_buffer_cstr(&s->country_codes)) != 0)
        return defcon_db_fail(r->db, "out of memory");
    if (a->date.precision != DEFCON_DATE_NONE) {
        char date_text[11];
        return count_period(r, defcon_date_format(&a->date, date_text), +1);
    }
    return 0;
}

/* Adds the slot's new (word, stem) pairs to vocab. */
static int store_words(run *r, const slot *s)
{
    size_t at = 0;
    int rc = 0;

    while (rc == 0 && at < s->words.len) {
        const char *word = s->words.data + at;
        const char *stem = word + strlen(word) + 1;
        sqlite3_bind_text(r->insert_word, 1, word, -1, SQLITE_STATIC);
        sqlite3_bind_text(r->insert_word, 2, stem, -1, SQLITE_STATIC);
        rc = step_done(r, r->insert_word, "storing the vocabulary");
        at = (size_t)(stem - s->words.data) + strlen(stem) + 1;
    }
    return rc;
}

/* The first look at a finished slot: failures, touched files, warnings,
 * and a rowid for an article to write. Returns 1 when the article is to
 * be written (s->rowid set), 0 when there is nothing more to do, -1 on a
 * database error. */
static int prepare_slot(run *r, const job *j, slot *s)
{
    const defcon_corpus_file *file = &r->corpus.files[j->file];
    defcon_index_stats *stats = r->stats;

    s->rowid = 0;
    stats->bytes_read += (long long)s->bytes;
    if (s->outcome == JOB_FAILED) {
        /* The old version, if any, stays: nothing is lost. */
        stats->failed++;
        emit(r, DEFCON_INDEX_FAILED, file->name, s->error);
        return 0;
    }
    if (s->outcome == JOB_SAME_CONTENT) {
        stats->unchanged++;
        sqlite3_bind_int64(r->touch, 1, j->old_rowid);
        sqlite3_bind_int64(r->touch, 2, file->size);
        sqlite3_bind_int64(r->touch, 3, file->mtime_ns);
        return step_done(r, r->touch, "updating an article");
    }
    if (s->article.warnings) {
        stats->warnings++;
        emit(r, DEFCON_INDEX_WARNING, file->name, s->article.warnings);
    }
    /* An article is refused before anything is written, so the old
     * version is only removed when the new one will take its place; a
     * database error after that fails the whole run, which rolls back. */
    s->rowid = allocate_rowid(r, &s->article.date, s->error, sizeof s->error);
    if (s->rowid < 0)
        return -1;
    if (s->rowid == 0) {
        const defcon_tokens *lists[2];
        counted_lists(s, lists);
        /* Its worker counted its terms: take them back. */
        if (defcon_term_counts_add_article(r->removed_terms, lists, 2, -1) != 0)
            return defcon_db_fail(r->db, "out of memory while counting terms");
        stats->failed++;
        emit(r, DEFCON_INDEX_FAILED, file->name, s->error);
        return 0;
    }
    return 1;
}

static int compare_rowids(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* An article of a batch waiting to be written. */
typedef struct pending {
    long long rowid;
    long job;
} pending;

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

/* Writes the finished jobs first..end-1: the old versions of changed
 * articles are removed in rowid order, the new rows stored in job order
 * (store_row() settles ids), and the new articles indexed in rowid order
 * (see BATCH). */
static int apply_batch(run *r, long first, long end)
{
    pending writes[BATCH];
    long long olds[BATCH];
    size_t n = 0, m = 0, i;
    long k;
    int rc = 0;

    for (k = first; rc == 0 && k < end; k++) {
        const job *j = &r->jobs[k];
        rc = prepare_slot(r, j, &r->slots[k % WINDOW]);
        if (rc == 1) {
            writes[n].rowid = r->slots[k % WINDOW].rowid;
            writes[n++].job = k;
            if (j->has_old)
                olds[m++] = j->old_rowid;
            rc = 0;
        }
    }
    qsort(olds, m, sizeof *olds, compare_rowids);
    for (i = 0; rc == 0 && i < m; i++)
        rc = delete_article(r, olds[i]);
    for (i = 0; rc == 0 && i < n; i++)
        rc = store_row(r, &r->jobs[writes[i].job], &r->slots[writes[i].job % WINDOW],
                       writes[i].rowid);
    qsort(writes, n, sizeof *writes, compare_pending);
    for (i = 0; rc == 0 && i < n; i++) {
        const job *j = &r->jobs[writes[i].job];
        rc = index_article(r, &r->slots[writes[i].job % WINDOW], writes[i].rowid);
        if (rc == 0)
            rc = store_words(r, &r->slots[writes[i].job % WINDOW]);
        if (rc == 0 && j->has_old)
            r->stats->updated++;
        else if (rc == 0)
            r->stats->added++;
    }
    return rc == 0 ? store_codes(r) : rc;
}

/* ---- planning: what changed since the last run ---- */

static int add_job(run *r, size_t file, int has_old, long long rowid, uint64_t hash)
{
    job *j = &r->jobs[r->job_count++];

    r->queued[file] = 1;
    j->file = (uint32_t)file;
    j->has_old = has_old;
    j->old_rowid = rowid;
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

/* Merges the sorted walk with the index's sorted paths: unchanged files
 * are counted, changed and new ones become jobs, and articles whose file
 * is gone are removed (but not those the walk could not see). */
static int plan(run *r)
{
    sqlite3 *sqlite = defcon_db_sqlite(r->db);
    sqlite3_stmt *stmt = NULL;
    long long *gone = NULL;
    size_t gone_count = 0, gone_capacity = 0, i = 0, k;
    int rc;

    if (r->corpus.count > UINT32_MAX)
        return defcon_db_fail(r->db, "%zu files: more than one index can hold",
                              r->corpus.count);
    r->jobs = malloc((r->corpus.count ? r->corpus.count : 1) * sizeof *r->jobs);
    r->queued = calloc(r->corpus.count ? r->corpus.count : 1, 1);
    if (!r->jobs || !r->queued)
        return defcon_db_fail(r->db, "out of memory");
    if (sqlite3_prepare_v2(sqlite,
                           "SELECT path, rowid, size, mtime_ns, hash FROM articles ORDER BY path",
                           -1, &stmt, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "reading the index");
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *path = (const char *)sqlite3_column_text(stmt, 0);
        long long rowid = sqlite3_column_int64(stmt, 1);
        int cmp = 1;

        while (i < r->corpus.count && (cmp = strcmp(r->corpus.files[i].name, path)) < 0)
            add_job(r, i++, 0, 0, 0);
        if (i < r->corpus.count && cmp == 0) {
            const defcon_corpus_file *file = &r->corpus.files[i];
            if (file->size == sqlite3_column_int64(stmt, 2)
                && file->mtime_ns == sqlite3_column_int64(stmt, 3))
                r->stats->unchanged++;
            else
                add_job(r, i, 1, rowid, (uint64_t)sqlite3_column_int64(stmt, 4));
            i++;
            continue;
        }
        if (was_unread(r, path))
            continue;
        if (gone_count == gone_capacity) {
            size_t capacity = gone_capacity ? gone_capacity * 2 : 256;
            long long *bigger = realloc(gone, capacity * sizeof *gone);
            if (!bigger) {
                rc = SQLITE_NOMEM;
                break;
            }
            gone = bigger;
            gone_capacity = capacity;
        }
        gone[gone_count++] = rowid;
    }
    if (rc != SQLITE_DONE) {
        defcon_db_fail_sqlite(r->db, "reading the index");
        sqlite3_finalize(stmt);
        free(gone);
        return -1;
    }
    sqlite3_finalize(stmt);
    while (i < r->corpus.count)
        add_job(r, i++, 0, 0, 0);
    rc = 0;
    reverse_jobs(r);
    /* In rowid order, for FTS5 (see BATCH). qsort() wants a real array
     * even for no elements, and `gone` is NULL when nothing is gone. */
    if (gone_count > 1)
        qsort(gone, gone_count, sizeof *gone, compare_rowids);
    for (k = 0; rc == 0 && k < gone_count; k++) {
        rc = delete_article(r, gone[k]);
        if (rc == 0)
            r->stats->removed++;
    }
    free(gone);
    return rc;
}

/* ---- the run ---- */

static int start_workers(run *r)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int count = r->options->threads > 0 ? r->options->threads : (int)(cores > 0 ? cores : 1);
    int i;

    if (count > MAX_THREADS)
        count = MAX_THREADS;
    for (i = 0; i < count; i++) {
        worker *w = &r->workers[i];
        w->run = r;
        pthread_mutex_init(&w->terms_lock, NULL);
        r->worker_count = i + 1;
        if (defcon_tokenizer_new(defcon_db_sqlite(r->db), &w->tokenizer) != SQLITE_OK)
            return defcon_db_fail(r->db, "cannot create a tokenizer");
        w->terms = defcon_term_counts_new();
        if (!w->terms)
            return defcon_db_fail(r->db, "out of memory");
        if (pthread_create(&w->thread, NULL, worker_main, w) != 0)
            return defcon_db_fail(r->db, "cannot start a worker thread: %s", strerror(errno));
        w->started = 1;
    }
    return 0;
}

static void stop_workers(run *r)
{
    int i;

    pthread_mutex_lock(&r->lock);
    r->stopping = 1;
    pthread_cond_broadcast(&r->work_ready);
    pthread_mutex_unlock(&r->lock);
    for (i = 0; i < r->worker_count; i++) {
        if (r->workers[i].started)
            pthread_join(r->workers[i].thread, NULL);
        r->workers[i].started = 0;
    }
}

/* Stores the term counts gathered so far when there are many of them, or
 * with `all` (every job applied, so every worker's counts are final).
 * Returns 0 or -1. */
static int flush_terms(run *r, int all)
{
    size_t total = 0;
    int i, rc = 0, failed = 0;

    for (i = 0; i < r->worker_count; i++) {
        worker *w = &r->workers[i];
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
    for (i = 0; rc == 0 && i < r->worker_count; i++) {
        worker *w = &r->workers[i];
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

/* Applies every job's slot in order as the workers fill them. */
static int apply_all(run *r)
{
    int rc = 0;

    while (rc == 0 && r->applied < r->job_count) {
        long end = r->applied + BATCH < r->job_count ? r->applied + BATCH : r->job_count, k;

        pthread_mutex_lock(&r->lock);
        for (k = r->applied; k < end; k++) {
            slot *s = &r->slots[k % WINDOW];
            while (!(s->done && s->job == k))
                pthread_cond_wait(&r->slot_done, &r->lock);
        }
        pthread_mutex_unlock(&r->lock);

        rc = apply_batch(r, r->applied, end);
        if (rc == 0)
            rc = flush_terms(r, 0);
        for (k = r->applied; k < end; k++)
            slot_reset(&r->slots[k % WINDOW]);

        pthread_mutex_lock(&r->lock);
        r->applied = end;
        pthread_cond_broadcast(&r->work_ready);
        pthread_mutex_unlock(&r->lock);
        emit(r, DEFCON_INDEX_PROGRESS, NULL, NULL);
    }
    /* Every job is applied: the counts are complete, with the removals
     * of plan() even when there was nothing to index. */
    if (rc == 0)
        rc = store_codes(r);
    return rc == 0 ? flush_terms(r, 1) : rc;
}


/* Adds this run's changes to the per-period article counts. */
static int store_periods(run *r)
{
    size_t i;
    int rc = 0;

    for (i = 0; rc == 0 && i < r->periods.slot_count; i++) {
        defcon_period_of_time period;
        char label[DEFCON_PERIOD_LABEL_SIZE];
        if (!r->periods.keys[i] || r->periods.values[i] == 0)
            continue;
        period = defcon_period_from_key((long)(r->periods.keys[i] - 1));
        defcon_period_label(&period, label);
        sqlite3_bind_text(r->add_period, 1, label, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(r->add_period, 2, r->periods.values[i]);
        rc = step_done(r, r->add_period, "counting articles per period");
    }
    if (rc == 0)
        rc = exec(r, "DELETE FROM periods WHERE articles <= 0", "counting articles per period");
    return rc;
}

static int count_articles(run *r)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if (sqlite3_prepare_v2(defcon_db_sqlite(r->db), "SELECT count(*) FROM articles", -1, &stmt,
                           NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "counting articles");
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        r->stats->articles = (long)sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return rc == SQLITE_ROW ? 0 : defcon_db_fail_sqlite(r->db, "counting articles");
}

static void walk_problem(void *context, const char *path, const char *reason)
{
    run *r = context;

    r->stats->failed++;
    if (defcon_buffer_append(&r->unread, path, strlen(path) + 1) != 0)
        r->unread_lost = 1;
    emit(r, DEFCON_INDEX_FAILED, path, reason);
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
    sqlite3_bind_int(r->same_hashsize, 1, bytes);
    rc = sqlite3_step(r->same_hashsize);
    sqlite3_reset(r->same_hashsize);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc != SQLITE_DONE)
        return defcon_db_fail_sqlite(r->db, "configuring the index");
    sqlite3_bind_int(r->set_hashsize, 1, bytes);
    return step_done(r, r->set_hashsize, "configuring the index");
}

static int run_in_transaction(run *r, const char *archive)
{
    sqlite3 *sqlite = defcon_db_sqlite(r->db);
    char *absolute;
    int rc;

    /* One writer at a time: a second run is refused, not queued. */
    if (sqlite3_exec(sqlite, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "starting the update");
    rc = prepare_all(r);
    if (rc == 0 && defcon_tokenizer_new(sqlite, &r->tokenizer) != SQLITE_OK)
        rc = defcon_db_fail(r->db, "cannot create a tokenizer");
    if (rc == 0)
        rc = set_pending_limit(r);
    if (rc == 0 && r->options->full)
        rc = exec(r, "DELETE FROM articles; DELETE FROM vocab; DELETE FROM periods;"
                     " DELETE FROM terms; DELETE FROM article_codes;"
                     " INSERT INTO fts(fts) VALUES('delete-all');",
                  "clearing the index");
    if (rc == 0)
        rc = plan(r);
    if (rc == 0)
        rc = start_workers(r);
    if (rc == 0)
        rc = apply_all(r);
    stop_workers(r);
    if (rc == 0)
        rc = store_periods(r);
    if (rc == 0) {
        absolute = realpath(archive, NULL);
        rc = defcon_db_meta_set(r->db, "archive", absolute ? absolute : archive);
        free(absolute);
    }
    if (rc == 0)
        rc = count_articles(r);
    finalize_all(r);
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
    int rc = -1, i;

    memset(stats, 0, sizeof *stats);
    if (!r) {
        snprintf(error, error_size, "out of memory");
        return -1;
    }
    r->options = options;
    r->stats = stats;
    for (i = 0; i < WINDOW; i++)
        r->slots[i].job = -1;
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->work_ready, NULL);
    pthread_cond_init(&r->slot_done, NULL);
    r->replay = defcon_replay_new();
    r->removed_terms = defcon_term_counts_new();
    r->codes = defcon_code_changes_new();
    if (!r->replay || !r->removed_terms || !r->codes) {
        snprintf(error, error_size, "out of memory");
    } else if (defcon_corpus_walk(&r->corpus, archive, walk_problem, r) != 0) {
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
    for (i = 0; i < WINDOW; i++) {
        slot_reset(&r->slots[i]);
        defcon_tokens_free(&r->slots[i].title_tokens);
        defcon_tokens_free(&r->slots[i].body_tokens);
        defcon_tokens_free(&r->slots[i].country_tokens);
        defcon_buffer_free(&r->slots[i].country_codes);
        defcon_buffer_free(&r->slots[i].mentions);
        defcon_buffer_free(&r->slots[i].words);
    }
    for (i = 0; i < r->worker_count; i++) {
        defcon_tokenizer_free(r->workers[i].tokenizer);
        defcon_term_counts_free(r->workers[i].terms);
        pthread_mutex_destroy(&r->workers[i].terms_lock);
    }
    defcon_tokenizer_free(r->tokenizer);
    defcon_term_counts_free(r->removed_terms);
    defcon_code_changes_free(r->codes);
    defcon_tokens_free(&r->old_title);
    defcon_tokens_free(&r->old_body);
    defcon_replay_free(r->replay);
    defcon_corpus_free(&r->corpus);
    defcon_buffer_free(&r->unread);
    day_map_free(&r->last_rowids);
    day_map_free(&r->periods);
    free(r->jobs);
    free(r->queued);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->work_ready);
    pthread_cond_destroy(&r->slot_done);
    free(r);
    stats->seconds = defcon_clock_seconds() - start;
    return rc;
}

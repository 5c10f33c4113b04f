/*
 * index_workers.c - the worker threads of an indexing run. Each takes the
 * next job, reads its file into a slot of the ring, and does everything
 * that does not need the database: hash, parse (front matter, capture,
 * cmark), find countries, tokenize and stem, count the article's terms.
 * The writer (index_writer.c) applies the slots in job order.
 */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE   /* syscall(SYS_gettid), see lower_worker_priority */
#endif
#include "indexer_internal.h"
#include "archive_file.h"
#include "array.h"
#include "text.h"

#include "json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#endif

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

static void tokens_release(defcon_tokens *tokens)
{
    if (tokens->capacity > KEEP_TOKENS)
        defcon_tokens_free(tokens);
    else
        defcon_tokens_reset(tokens);
}

/* Items kept for reuse between files: a web archive's thousands are
 * freed after use rather than kept by every slot of the ring. */
#define KEEP_ITEMS 16

static void item_release(slot_article *item)
{
    defcon_article_clear(&item->article);
    tokens_release(&item->title_tokens);
    tokens_release(&item->body_tokens);
    tokens_release(&item->country_tokens);
    defcon_country_list_clear(&item->countries);
    defcon_buffer_clear(&item->country_codes);
    defcon_buffer_clear(&item->mentions);
    item->rowid = 0;
    item->dropped = 0;
    memset(&item->level, 0, sizeof item->level);
}

static void item_free(slot_article *item)
{
    item_release(item);
    defcon_tokens_free(&item->title_tokens);
    defcon_tokens_free(&item->body_tokens);
    defcon_tokens_free(&item->country_tokens);
    defcon_buffer_free(&item->country_codes);
    defcon_buffer_free(&item->mentions);
    defcon_boilerplate_lines_free(&item->lines);
}

void defcon_indexer_slot_release_chunk(slot *s)
{
    size_t i;

    for (i = 0; i < s->item_count; i++)
        item_release(&s->items[i]);
    s->item_count = 0;
    s->chunk_bytes = 0;
    for (i = 0; i < s->skip_count; i++)
        free(s->skips[i].detail);
    s->skip_count = 0;
    defcon_buffer_clear(&s->warnings);
    s->warning_count = 0;
    defcon_buffer_clear(&s->words);
}

void defcon_indexer_slot_reset(slot *s)
{
    size_t i;

    defcon_indexer_slot_release_chunk(s);
    if (s->item_capacity > KEEP_ITEMS) {
        for (i = 0; i < s->item_capacity; i++)
            item_free(&s->items[i]);
        free(s->items);
        s->items = NULL;
        s->item_capacity = 0;
    }
    s->error[0] = '\0';
    s->done = 0;
    s->chunk_ready = 0;
    s->chunks_applied = 0;
    s->chunk_bytes = 0;
}

void defcon_indexer_slot_free(slot *s)
{
    size_t i;

    defcon_indexer_slot_reset(s);
    for (i = 0; i < s->item_capacity; i++)
        item_free(&s->items[i]);
    free(s->items);
    free(s->skips);
    defcon_buffer_free(&s->warnings);
    defcon_buffer_free(&s->words);
    memset(s, 0, sizeof *s);
}

/* Writes the countries as the articles row keeps them: the codes of those
 * the article is about, space-separated (most prominent first: the list
 * is sorted so), and a JSON object of every mention, e.g.
 *   {"KP":{"count":12,"title":1,"lead":1,"score":0.931,"about":1}}
 * The score keeps three decimals. The country the dateline names, the
 * place the story was filed from, also has "dateline":1. */
static int describe_countries(slot_article *s)
{
    defcon_buffer *json = &s->mentions;
    size_t i;
    int rc = defcon_buffer_putc(json, '{');

    for (i = 0; i < s->countries.count; i++) {
        const defcon_country_mention *m = &s->countries.items[i];
        if (m->about) {
            if (s->country_codes.len)
                rc |= defcon_buffer_putc(&s->country_codes, ' ');
            rc |= defcon_buffer_puts(&s->country_codes, m->code);
        }
        rc |= defcon_json_key(json, m->code);
        rc |= defcon_buffer_putc(json, '{');
        rc |= defcon_json_key(json, "count");
        rc |= defcon_json_integer(json, m->count);
        rc |= defcon_json_key(json, "title");
        rc |= defcon_json_integer(json, m->in_title ? 1 : 0);
        rc |= defcon_json_key(json, "lead");
        rc |= defcon_json_integer(json, m->in_lead ? 1 : 0);
        if (m->in_dateline) {
            rc |= defcon_json_key(json, "dateline");
            rc |= defcon_json_integer(json, 1);
        }
        rc |= defcon_json_key(json, "score");
        rc |= defcon_json_fixed(json, m->score, 3);
        rc |= defcon_json_key(json, "about");
        rc |= defcon_json_integer(json, m->about ? 1 : 0);
        rc |= defcon_buffer_putc(json, '}');
    }
    rc |= defcon_buffer_putc(json, '}');
    return rc ? -1 : 0;
}

/* The title and body token lists of an article: the text whose terms count. */
void defcon_indexer_counted_lists(const slot_article *s, const defcon_tokens *lists[2])
{
    lists[0] = &s->title_tokens;
    lists[1] = &s->body_tokens;
}

/* Counts the terms of a parsed article, which the writer will store
 * (or take back out, see prepare_slot). */
static void count_terms(worker *w, const slot_article *s)
{
    const defcon_tokens *lists[2];

    defcon_indexer_counted_lists(s, lists);
    pthread_mutex_lock(&w->terms_lock);
    if (!w->terms_failed && defcon_term_counts_add_article(w->terms, lists, 2, +1) != 0)
        w->terms_failed = 1;
    pthread_mutex_unlock(&w->terms_lock);
}

/* Countries, tokens and term counts of one parsed article. */
static int analyse(worker *w, slot *s, slot_article *item)
{
    const defcon_article *a = &item->article;

    if (defcon_countries_find(a->title, a->body, a->body_len, a->dateline, &item->countries)
            != 0
        || describe_countries(item) != 0
        || defcon_tokenizer_run(w->tokenizer, defcon_buffer_cstr(&item->country_codes),
                                item->country_codes.len, &item->country_tokens, NULL, NULL)
               != SQLITE_OK
        || defcon_tokenizer_run(w->tokenizer, a->title, strlen(a->title), &item->title_tokens,
                                new_word, &s->words) != SQLITE_OK
        || defcon_tokenizer_run(w->tokenizer, a->body, a->body_len, &item->body_tokens,
                                new_word, &s->words) != SQLITE_OK)
        return -1;
    defcon_fingerprint_compute(&item->title_tokens, &item->body_tokens, a->body, a->body_len,
                               &a->date, &item->fingerprint);
    defcon_level_find(a->title, a->body, a->body_len, &item->level);
    count_terms(w, item);
    return 0;
}

/* The archive sink (archive_file.h): each article into the slot. */
static int take_article(void *context, defcon_article *article)
{
    worker *w = context;
    slot *s = w->current;
    slot_article *item;

    if (s->item_count == s->item_capacity) {
        size_t old = s->item_capacity;
        if (defcon_array_grow(&s->items, &s->item_capacity, sizeof *s->items, 4) != 0)
            return -1;
        memset(s->items + old, 0, (s->item_capacity - old) * sizeof *s->items);
    }
    item = &s->items[s->item_count++];
    item->article = *article;
    memset(article, 0, sizeof *article);
    if (defcon_boilerplate_apply(defcon_corpus_path(&w->run->corpus, w->run->jobs[s->job].file),
                                 &item->article, defcon_indexer_boilerplate_known, w->run,
                                 &item->lines) != 0
        || analyse(w, s, item) != 0) {
        item_release(item);
        s->item_count--;
        return -1;
    }
    s->chunk_bytes += item->article.body_len + strlen(item->article.title);
    if (s->item_count >= CHUNK_ITEMS || s->chunk_bytes >= CHUNK_BYTES)
        return defcon_indexer_hand_over(w->run, s);
    return 0;
}

static void take_skip(void *context, const char *kind, const char *detail, long count)
{
    slot *s = ((worker *)context)->current;
    slot_skip *last = s->skip_count ? &s->skips[s->skip_count - 1] : NULL;

    /* Unnamed skips of one kind in a row are one entry. */
    if (last && !detail && !last->detail && strcmp(last->kind, kind) == 0) {
        last->count += count;
        return;
    }
    if (s->skip_count == s->skip_capacity
        && defcon_array_grow(&s->skips, &s->skip_capacity, sizeof *s->skips, 8) != 0)
        return;   /* out of memory: the skip goes uncounted */
    last = &s->skips[s->skip_count++];
    snprintf(last->kind, sizeof last->kind, "%s", kind);
    last->detail = detail ? strdup(detail) : NULL;
    last->count = count;
}

/* Warnings kept for one file; more are counted. */
#define MAX_WARNINGS 5

static void take_warning(void *context, const char *message)
{
    slot *s = ((worker *)context)->current;

    if (s->warning_count++ < MAX_WARNINGS)
        defcon_text_append_item(&s->warnings, "; ", "%s", message);
}

/* Reads and hashes a file. Returns 1 to parse it, 0 when done with it. */
static int read_file(run *r, const job *j, slot *s, int streams, char **data, size_t *len)
{
    const char *path = defcon_corpus_path(&r->corpus, j->file);

    if (streams) {
        long long bytes = 0;
        if (defcon_corpus_hash_file(r->corpus.root, path, &s->hash, &bytes, s->error,
                                    sizeof s->error) != 0)
            return 0;
        s->bytes = (size_t)bytes;
    } else {
        if (defcon_corpus_read(r->corpus.root, path, MAX_FILE_BYTES, data, len, s->error,
                               sizeof s->error) != 0)
            return 0;
        s->bytes = *len;
        s->hash = defcon_content_hash(*data, *len);
    }
    if (j->has_old && !j->force && s->hash == j->old_hash) {
        s->outcome = JOB_SAME_CONTENT;
        return 0;
    }
    return 1;
}

/* Everything about one file that does not need the database. */
static void work_on(worker *w, const job *j, slot *s)
{
    run *r = w->run;
    const char *path = defcon_corpus_path(&r->corpus, j->file);
    const defcon_corpus_file *file = &r->corpus.files[j->file];
    int streams = defcon_archive_kind_streams(defcon_article_kind_of(path));
    long long mtime = file->mtime_ns / 1000000000LL;
    defcon_archive_sink sink = {take_article, take_skip, take_warning, w};
    defcon_buffer full = DEFCON_BUFFER_INIT;
    char *data = NULL;
    size_t len = 0;
    int rc;

    s->outcome = JOB_FAILED;
    w->current = s;
    if (!read_file(r, j, s, streams, &data, &len)) {
        free(data);
        return;
    }
    if (!streams) {
        rc = defcon_archive_parse_memory(path, data, len, mtime, &sink, s->error,
                                         sizeof s->error);
    } else if (defcon_buffer_printf(&full, "%s/%s", r->corpus.root, path) != 0) {
        rc = -1;
        snprintf(s->error, sizeof s->error, "out of memory");
    } else {
        rc = defcon_archive_parse_path(defcon_buffer_cstr(&full), path, mtime, &sink, s->error,
                                       sizeof s->error);
    }
    free(data);
    defcon_buffer_free(&full);
    if (rc == DEFCON_ARTICLE_NOTHING)
        s->outcome = JOB_NOTHING;
    else if (rc == 0)
        s->outcome = JOB_PARSED;
    if (rc != 0) {
        /* Nothing of it is stored: give back the terms counted. */
        size_t i;
        for (i = 0; i < s->item_count; i++) {
            const defcon_tokens *lists[2];
            defcon_indexer_counted_lists(&s->items[i], lists);
            pthread_mutex_lock(&w->terms_lock);
            if (!w->terms_failed
                && defcon_term_counts_add_article(w->terms, lists, 2, -1) != 0)
                w->terms_failed = 1;
            pthread_mutex_unlock(&w->terms_lock);
        }
    }
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

    pthread_mutex_lock(&r->pool.lock);
    for (;;) {
        long n;
        slot *s;

        while (!r->pool.stopping && r->pool.next_job < r->job_count
               && r->pool.next_job >= r->pool.applied + WINDOW)
            pthread_cond_wait(&r->pool.work_ready, &r->pool.lock);
        if (r->pool.stopping || r->pool.next_job >= r->job_count)
            break;
        n = r->pool.next_job++;
        s = &r->pool.slots[n % WINDOW];
        s->job = n;     /* the writer may see chunks before it is done */
        pthread_mutex_unlock(&r->pool.lock);

        work_on(w, &r->jobs[n], s);

        pthread_mutex_lock(&r->pool.lock);
        s->job = n;
        s->done = 1;
        if (r->pool.awaited == n)   /* no wake-up for a job it does not need yet */
            pthread_cond_signal(&r->pool.slot_done);
    }
    pthread_mutex_unlock(&r->pool.lock);
    return NULL;
}

int defcon_indexer_start_workers(run *r)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int count = r->options->threads > 0 ? r->options->threads : (int)(cores > 0 ? cores : 1);
    int i;

    if (count > MAX_THREADS)
        count = MAX_THREADS;
    for (i = 0; i < count; i++) {
        worker *w = &r->pool.workers[i];
        w->run = r;
        pthread_mutex_init(&w->terms_lock, NULL);
        r->pool.worker_count = i + 1;
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

int defcon_indexer_hand_over(run *r, slot *s)
{
    int stopping;

    pthread_mutex_lock(&r->pool.lock);
    s->chunk_ready = 1;
    pthread_cond_broadcast(&r->pool.slot_done);
    while (s->chunk_ready && !r->pool.stopping)
        pthread_cond_wait(&r->pool.work_ready, &r->pool.lock);
    stopping = r->pool.stopping;
    pthread_mutex_unlock(&r->pool.lock);
    return stopping ? -1 : 0;
}

int defcon_indexer_restart_workers(run *r)
{
    int i;

    defcon_indexer_stop_workers(r);
    pthread_mutex_lock(&r->pool.lock);
    r->pool.stopping = 0;
    r->pool.next_job = 0;
    r->pool.applied = 0;
    pthread_mutex_unlock(&r->pool.lock);
    for (i = 0; i < r->pool.worker_count; i++) {
        worker *w = &r->pool.workers[i];
        if (pthread_create(&w->thread, NULL, worker_main, w) != 0)
            return defcon_db_fail(r->db, "cannot start a worker thread: %s", strerror(errno));
        w->started = 1;
    }
    return 0;
}

void defcon_indexer_stop_workers(run *r)
{
    int i;

    pthread_mutex_lock(&r->pool.lock);
    r->pool.stopping = 1;
    pthread_cond_broadcast(&r->pool.work_ready);
    pthread_mutex_unlock(&r->pool.lock);
    for (i = 0; i < r->pool.worker_count; i++) {
        if (r->pool.workers[i].started)
            pthread_join(r->pool.workers[i].thread, NULL);
        r->pool.workers[i].started = 0;
    }
}

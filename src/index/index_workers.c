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

void defcon_indexer_slot_reset(slot *s)
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

/* The title and body token lists of a slot: the text whose terms count. */
void defcon_indexer_counted_lists(const slot *s, const defcon_tokens *lists[2])
{
    lists[0] = &s->title_tokens;
    lists[1] = &s->body_tokens;
}

/* Counts the terms of a parsed article, which the writer will store
 * (or take back out, see prepare_slot). */
static void count_terms(worker *w, const slot *s)
{
    const defcon_tokens *lists[2];

    defcon_indexer_counted_lists(s, lists);
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
    int rc;

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
    rc = defcon_article_parse(path, data, len, &s->article, s->error, sizeof s->error);
    if (rc != 0) {
        if (rc == DEFCON_ARTICLE_NOTHING)
            s->outcome = JOB_NOTHING;
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
        pthread_mutex_unlock(&r->pool.lock);

        work_on(w, &r->jobs[n], s);

        pthread_mutex_lock(&r->pool.lock);
        s->job = n;
        s->done = 1;
        pthread_cond_broadcast(&r->pool.slot_done);
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

/*
 * indexer_internal.h - what the three files of one indexing run share
 * (internal to src/index/): indexer.c plans the run and drives it,
 * index_workers.c reads, parses and tokenizes files on worker threads,
 * index_writer.c writes the results on the run's own thread.
 */
#ifndef DEFCON_INDEXER_INTERNAL_H
#define DEFCON_INDEXER_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "article.h"
#include "boilerplate.h"
#include "buffer.h"
#include "corpus.h"
#include "count_map.h"
#include "countries.h"
#include "copy_store.h"
#include "country_blocks.h"
#include "defcon_level.h"
#include "database.h"
#include "fingerprint.h"
#include "indexer.h"
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
/* Token lists above this many tokens are freed after use rather than
 * kept for the next file: a window of slots must not all keep the size
 * of the largest article they ever held. */
#define KEEP_TOKENS 8192

typedef enum job_outcome {
    JOB_FAILED,
    JOB_SAME_CONTENT,        /* touched, not changed */
    JOB_NOTHING,             /* nothing to index (an empty file): skipped */
    JOB_PARSED
} job_outcome;

typedef struct job {         /* 16 bytes: one per file to index */
    uint32_t file;           /* index in the corpus (plan() checks the count) */
    unsigned char has_old;   /* the index holds a version of the file */
    unsigned char force;     /* read it even if its hash is the same: a
                              * capture it holds may win again (see
                              * defcon_indexer_apply_all) */
    unsigned char recheck;   /* same size and time, but a time so close to
                              * the last writing run's start that a rewrite
                              * in the same tick would not show: hashed
                              * again, nothing written when the same */
    uint64_t old_hash;
} job;

/* One article of a slot's file. */
typedef struct slot_article {
    defcon_article article;
    long long rowid;         /* the rowid it is written under, 0: none */
    int dropped;             /* not to be indexed: folded into another
                              * capture, or refused */
    defcon_tokens title_tokens, body_tokens, country_tokens;
    defcon_country_list countries;
    defcon_buffer country_codes;     /* "KP IR RU": the countries it is about */
    defcon_buffer mentions;          /* JSON of every country mentioned */
    defcon_fingerprint fingerprint;  /* for finding its copies (fingerprint.h) */
    defcon_level level;              /* the level it assesses (defcon_level.h) */
    defcon_boilerplate_lines lines;  /* its candidate lines (boilerplate.h) */
} slot_article;

/* Things of a file left out on purpose, counted by kind. */
typedef struct slot_skip {
    char kind[64];
    char *detail;            /* NULL: counted, not named */
    long count;
} slot_skip;

/* A file's articles go to the writer in chunks of this many at most (or
 * of CHUNK_BYTES of text), so that a web archive or a feed of any size
 * is never held in memory whole: the worker waits while the writer
 * stores a chunk. Small, because every slot of the window may hold up
 * to a chunk (an archive of many small feeds). */
#define CHUNK_ITEMS 32
#define CHUNK_BYTES ((size_t)8 << 20)

typedef struct slot {
    long job;                /* which job the slot holds, -1 when free */
    int done;
    int chunk_ready;         /* a chunk of the file's articles waits for the
                              * writer (the worker waits on work_ready) */
    int chunks_applied;      /* chunks the writer stored: the old version
                              * of the file is gone after the first */
    size_t chunk_bytes;      /* text held by the items */
    job_outcome outcome;
    char error[512];
    uint64_t hash;
    size_t bytes;
    slot_article *items;     /* the file's articles (kept for reuse) */
    size_t item_count, item_capacity;
    slot_skip *skips;
    size_t skip_count, skip_capacity;
    defcon_buffer warnings;  /* damage in parts of the file, "; "-separated */
    size_t warning_count;
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
    slot *current;           /* the slot it fills (the archive sink's) */
} worker;

/* The workers and the ring of slots they fill for the writer. */
typedef struct worker_pool {
    pthread_mutex_t lock;
    pthread_cond_t work_ready, slot_done;
    long next_job;           /* next job a worker takes */
    long applied;            /* jobs the writer has finished with */
    long awaited;            /* the job the writer sleeps on, -1: none; a
                              * worker wakes it only when that one is done
                              * (or a chunk is ready), never for another */
    int stopping;
    slot slots[WINDOW];
    worker workers[MAX_THREADS];
    int worker_count;
} worker_pool;

/* The writer's statements (index_writer.c prepares and finalizes them). */
typedef struct writer_statements {
    sqlite3_stmt *insert_article, *insert_fts, *next_rowid, *select_old, *delete_fts,
        *delete_article, *touch, *insert_word, *find_id, *set_id, *waiting_ids,
        *add_period, *set_hashsize, *same_hashsize, *file_rowids, *forget_folded,
        *store_file, *delete_file, *find_key, *fold, *orphans, *insert_level, *delete_level,
        *insert_html, *delete_html, *stale_articles, *stale_folded, *recapture_article,
        *recapture_folded;
} writer_statements;

/* An article of a batch waiting to be indexed. */
typedef struct pending {
    long long rowid;
    long job;
    size_t item;
} pending;

/* What a run learns of boilerplate (index_boilerplate.c). */
typedef struct boilerplate_learner boilerplate_learner;

typedef struct run {
    defcon_db *db;
    const defcon_index_options *options;
    defcon_index_stats *stats;
    defcon_corpus corpus;
    job *jobs;
    long job_count;
    unsigned char *queued;   /* per corpus file: 1 when this run indexes it */
    const char *archive;     /* the folder as given */
    char *archive_real;      /* ... with every link resolved */
    char *indexed_root;      /* the folder the index was built from, if known */

    worker_pool pool;
    writer_statements sql;
    defcon_replay *replay;
    /* The writer's own changes to the term counts: articles removed, and
     * parsed articles that were not stored after all (a worker counted
     * them). Its tokenizer reads the removed articles' text. */
    defcon_term_counts *removed_terms;
    /* Words this run has put in vocab (their changes unused): each worker
     * reports a word again once it left its stem cache, and the workers
     * report the same words; a word seen skips its INSERT. Emptied when
     * it holds STORED_WORDS_MAX words. */
    defcon_term_counts *stored_words;
    defcon_tokenizer *tokenizer;
    defcon_tokens old_title, old_body;
    defcon_term_writer *term_writer;
    /* Country codes of the articles written and removed, for the
     * article_codes blocks: stored after each batch. */
    defcon_code_changes *codes;
    defcon_code_writer *code_writer;
    /* Fingerprints and stories of the articles (copy_store.h): each
     * article stored is filed, each removed forgotten. */
    defcon_copy_store *copy_store;
    boilerplate_learner *boilerplate;
    /* The batch being written: its articles, and the old versions. */
    pending *writes;
    size_t write_count, write_capacity;
    long long *olds;
    size_t old_count, old_capacity;
    defcon_count_map last_rowids;     /* last rowid given out per day key, this run */
    defcon_count_map periods;         /* change of the article count per period */
    /* Paths the walk could not read ("." for the whole archive), each
     * followed by a NUL: what the index holds below them is kept, as a
     * file that fails keeps its previous version. */
    defcon_buffer unread;
    int unread_lost;         /* out of memory recording one: keep everything */
    long long started_ns;    /* this run's start, before the walk (realtime) */
} run;

void defcon_indexer_emit(run *r, defcon_index_event_kind kind, const char *path,
                         const char *message);

/* Runs a statement that returns no rows, then resets it. */
int defcon_indexer_step_done(run *r, sqlite3_stmt *stmt, const char *what);

int defcon_indexer_exec(run *r, const char *sql, const char *what);

int defcon_indexer_prepare_statements(run *r);

void defcon_indexer_finalize_statements(run *r);

int defcon_indexer_start_workers(run *r);

void defcon_indexer_stop_workers(run *r);

void defcon_indexer_slot_reset(slot *s);

/* The title and body token lists of an article: the text whose terms count. */
void defcon_indexer_counted_lists(const slot_article *item, const defcon_tokens *lists[2]);

/* Empties a slot of the chunk the writer stored: its articles, skips,
 * warnings and words; the job goes on. */
void defcon_indexer_slot_release_chunk(slot *s);

/* Frees what a slot keeps between jobs. */
void defcon_indexer_slot_free(slot *s);

/* Starts the workers again on the run's jobs from the first, after they
 * finished the previous ones (defcon_indexer_apply_all's second round). */
int defcon_indexer_restart_workers(run *r);

/* Applies every job's slot in order as the workers fill them. */
int defcon_indexer_apply_all(run *r);

/* On a worker: hands the slot's articles so far to the writer and waits
 * until it has stored them. Returns 0, or -1 when the run is stopping. */
int defcon_indexer_hand_over(run *r, slot *s);

/* Adds this run's changes to the per-period article counts. */
int defcon_indexer_store_periods(run *r);

int defcon_indexer_count_articles(run *r);

/* After defcon_indexer_count_articles: when this run wrote at least half
 * of the index's articles (a fresh build, --full, a first run over most of
 * an archive), merges FTS5's segments into one. A query seeks every term
 * in every segment, so a fresh Reuters index of 18 segments spent a third
 * of a short search there; one merge costs about what writing the index
 * once did. Smaller runs leave the merging to FTS5's automerge. */
int defcon_indexer_merge_segments(run *r);

/* Counts something left out on purpose under `kind` and reports it. */
void defcon_indexer_skip(run *r, const char *path, const char *kind, const char *detail);

/* The same for `count` things at once. */
void defcon_indexer_skip_many(run *r, const char *path, const char *kind, const char *detail,
                              long count);

/* Forgets the files at `paths` (each followed by a NUL, `len` bytes in
 * all): their rows and folded captures go, their articles' rowids are
 * collected in r->olds for defcon_indexer_remove_articles. Returns 0, or
 * -1 with the message in the db. */
int defcon_indexer_forget_files(run *r, const char *paths, size_t len);

/* Removes the articles of `rowids` (sorted here) from the index, counting
 * each in the run's stats. Returns 0, or -1 with the message in the db. */
int defcon_indexer_remove_articles(run *r, long long *rowids, size_t count);

/* The files table (index_files.c). */

/* Adds the rowids of the articles of `path` to r->olds, to be removed,
 * and forgets its folded captures. Returns 0 or -1. */
int defcon_indexer_collect_olds(run *r, const char *path);

/* Records the file of job `j` as read (size, time, the slot's hash). */
int defcon_indexer_store_file(run *r, const job *j, const slot *s);

/* Inserts the articles row of `s` under `rowid` with `id`, waiting for
 * `asked` (NULL: none; index_ids.c). Returns 1 when inserted, 0 when the
 * id is taken (nothing inserted), -1 on a database error. */
int defcon_indexer_insert_row(run *r, const job *j, slot_article *s, long long rowid,
                              const char *id, const char *asked);

/* Ids (index_ids.c). */

/* Inserts the articles row of `s` under `rowid`, settling its id as
 * index_ids.c's rules say, with warnings naming both files of a clash.
 * Returns 0, or -1 on a database error. */
int defcon_indexer_store_row(run *r, const job *j, slot_article *s, long long rowid);

/* Gives each article waiting for the id it declares that id when no
 * article holds it any more (its holder removed or changed), first in
 * path order, with a warning. Writes nothing when none is free. 0 or -1. */
int defcon_indexer_pass_on_ids(run *r);

/* Captures of one article (index_captures.c). */

/* Decides whether the article `item` of job `j`, about to be stored,
 * is a capture of an article the index holds (same key): the newer
 * capture is kept and the other folded (its place kept in the folded
 * table, its terms taken back). Returns 1 to store the item, 0 when it
 * was folded, -1 on a database error. */
int defcon_indexer_fold(run *r, const job *j, slot_article *item);

/* Plans a second round: the files holding folded captures that no
 * longer have a newer capture in the index (it was removed or changed)
 * become forced jobs, each file once a run. Returns 0 (r->job_count set,
 * 0 when none) or -1. */
int defcon_indexer_plan_rereads(run *r);

/* Takes back the terms a worker counted for an article not stored. */
int defcon_indexer_uncount(run *r, const slot_article *item);

/* Removes the article at `rowid` from the index (its row, its FTS5
 * entry, its counts). Returns 0 or -1. */
int defcon_indexer_delete_article(run *r, long long rowid);

/* Queues the file at `path` to be read again in the next round (once a
 * run; a file no longer in the archive is ignored). */
void defcon_indexer_queue_reread(run *r, const char *path);

/* Boilerplate learned across the archive (index_boilerplate.c). */

/* Loads what the index knows (the keys removed so far) and prepares the
 * statements. Returns 0 or -1. */
int defcon_indexer_boilerplate_start(run *r);

/* Frees it all; accepts a run that never started. */
void defcon_indexer_boilerplate_free(run *r);

/* For the workers (a defcon_boilerplate_known, `context` the run):
 * whether `key` is to be removed. Thread-safe. */
int defcon_indexer_boilerplate_known(void *context, uint64_t key);

/* Counts the candidate lines of an article stored under `rowid`. */
int defcon_indexer_boilerplate_add(run *r, const slot_article *item, long long rowid);

/* Takes back the counts of a removed article: `blob` is its lines
 * column, `day` its first day, or its rowid when undated. */
int defcon_indexer_boilerplate_remove(run *r, const void *blob, int bytes, long long day);

/* The lines column of an article: out must hold
 * 8 * (DEFCON_BOILERPLATE_MAX_LINES + 1) bytes. Returns the length. */
size_t defcon_indexer_boilerplate_encode(const defcon_boilerplate_lines *lines,
                                         unsigned char *out);

/* At the end of a round: stores the counts, decides which keys are
 * boilerplate now and, if `may_read_again`, queues the files of the
 * articles read otherwise (defcon_indexer_queue_reread). Returns 0 or -1. */
int defcon_indexer_boilerplate_settle(run *r, int may_read_again);

#endif

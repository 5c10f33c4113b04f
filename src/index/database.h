/*
 * database.h - the index database: opening it, its schema, its settings.
 *
 * The index is one SQLite file. Its tables (see database.c for the SQL):
 *   meta(key, value)          schema version, archive folder
 *   files(path, size, mtime_ns, hash)
 *                             every archive file read, for the next run
 *   articles(rowid, id, path, member, date, first_day, last_day, source,
 *            url, topics, key, captured, capture_url, capture_date,
 *            record_id, asked_id, countries, mentions, title, body)
 *                             one row per article (a file is one article,
 *                             or holds many: member numbers them); rowids follow the date,
 *                             newest first (see defcon_rowid_day_start) so a date range
 *                             is a rowid range; `countries` holds the codes
 *                             of the countries it is about ("KP IR RU"),
 *                             `mentions` every country mentioned, as JSON
 *   fts(title, body, codes)
 *                             FTS5 over articles (external content) with
 *                             the "defcon" tokenizer, ranked by bm25 with
 *                             the title weighted above the body; `codes`,
 *                             a generated column of articles (the
 *                             countries after DEFCON_CODES_MARK), makes
 *                             --country an FTS5 term that no word reaches
 *                             and weighs nothing in the ranking
 *   levels(rowid, level, colour)
 *                             the alert level an article assesses, for the
 *                             articles that state one (defcon_level.h)
 *   article_html(rowid, html) the main content of an article read from an
 *                             HTML page as minimal safe HTML, for show --html
 *   folded(key, path, member, captured)
 *                             captures of an article a newer capture holds
 *   vocab(word, stem)         folded words whose stem differs: prefix
 *                             queries and spelling suggestions
 *   terms(first, counts)      articles whose title or body holds each
 *                             indexed term, for bm25's idf, in blocks of
 *                             terms (terms.h)
 *   article_codes(block, codes)
 *                             the country codes of articles in blocks of
 *                             consecutive rowids, for facets (codes.h)
 *   periods(label, articles)  articles per year and per month
 *   article_countries         a view of `mentions`: (article, code,
 *                             mentions, in_title, in_lead, score, about)
 * Every connection registers our tokenizer, so FTS5 queries work on it.
 */
#ifndef DEFCON_DATABASE_H
#define DEFCON_DATABASE_H

#include <sqlite3.h>

#include "tokenizer.h"

/* Bumped whenever the schema or the tokenizer changes what is stored. */
#define DEFCON_SCHEMA_VERSION 8

/* Title weight relative to the body in bm25. */
#define DEFCON_TITLE_WEIGHT 10.0

/* Bytes of pending index data FTS5 keeps in memory before writing a
 * segment (its default is 1 MB): the more, the fewer segments to merge.
 * Each indexing run sets it; an archive of many files, whose list takes
 * memory of its own, gets the smaller value: at a million articles 16 MB
 * took the indexer's peak memory to 265 MB, 8 MB to 250 MB. */
#define DEFCON_FTS_HASH_BYTES (16 * 1024 * 1024)
#define DEFCON_FTS_HASH_BYTES_MANY_FILES (8 * 1024 * 1024)
#define DEFCON_MANY_FILES 500000
/* The writer's page cache, in KB (16 MB; 12 MB for many files, for the
 * same reason). */
#define DEFCON_CACHE_KB 16384
#define DEFCON_CACHE_KB_MANY_FILES 12288

/* Rowids follow the date, newest first: each day owns a range of
 * 2^DEFCON_ROWID_DAY_SHIFT rowids, the ranges of later days lie below
 * those of earlier ones, and undated articles take the range above every
 * date. So a date range is a rowid range, and newest first is ascending
 * rowid order, the order FTS5 walks cheaply and can stop early in. */
#define DEFCON_ROWID_DAY_SHIFT 24

/* The rowid range [start, end) of a day (days since 1970-01-01, within
 * the years of date.h). */
long long defcon_rowid_day_start(long day);
long long defcon_rowid_day_end(long day);

/* Where the undated articles' range starts; every dated rowid is below. */
long long defcon_rowid_undated_start(void);

/* The day (days since 1970-01-01) whose range holds a dated `rowid`:
 * the first day of the article's date, whatever its precision. */
long defcon_rowid_day(long long rowid);

typedef enum defcon_db_mode {
    DEFCON_DB_READ,     /* searching: read-only, fails if missing; the
                           handle sees the index as it was when opened (one
                           read transaction), so all a search reports
                           agrees whatever a running defcon-index commits */
    DEFCON_DB_READ_MAPPED, /* as READ, for a process that runs many searches:
                           the index is read through a memory map, not
                           copied into a page cache. At a million articles
                           warm queries take 0.5x to 0.9x the time (date
                           range p50 17 -> 9 ms, facets 211 -> 98 ms), but a
                           process that runs one query pays a page fault
                           for each page it touches (about +10 ms), so
                           defcon-search does not use it */
    DEFCON_DB_READ_IMMUTABLE, /* as READ_MAPPED, for a copy of the index that
                           nothing writes (a read-only copy per machine,
                           `serve --immutable`): opened with SQLite's
                           immutable=1, so no locks and no -wal or -shm
                           file are looked at; a pending -wal is refused */
    DEFCON_DB_WRITE,    /* indexing: creates the file and schema if needed
                           (see defcon_db_finish_first_build) */
    DEFCON_DB_REBUILD   /* as WRITE, but an index of another schema version is
                           dropped and made anew (it cannot be read anyway) */
} defcon_db_mode;

/* A handle, and what is made from it (searches, statements), is for one
 * thread at a time: its connection takes no locks of its own. */
typedef struct defcon_db defcon_db;

/* Process-wide SQLite settings for a program that is about to use it:
 * SQLite's allocation statistics off (Debian turns them on), which
 * otherwise take a global lock on every allocation, thousands in a short
 * search. Call at the start of main, before any thread and before any
 * other SQLite call; later calls change nothing. */
void defcon_db_configure_process(void);

/* For a process that reads the index for one search and exits
 * (defcon-search): SQLite's page cache in one 2 MB block aligned for, and
 * advised to, a transparent huge page. Each page SQLite reads otherwise
 * lands in memory the process touches for the first time, a page fault
 * each (4 us on a virtual machine, where a 2 MB page costs 160 us once).
 * The block holds about as many pages as the default cache of a reading
 * connection (2 MB); past that, pages are recycled as before. Not for the
 * indexer, whose larger cache this would cap. Skipped where huge pages
 * are off (`never` in /sys/kernel/mm/transparent_hugepage/enabled) or
 * unknown. Call after defcon_db_configure_process() and before any other
 * SQLite call. Returns 1 when the cache was so placed, else 0. */
int defcon_db_configure_search_cache(void);

/* Opens the index at `path`. Always sets *out (NULL only when memory runs
 * out) so that defcon_db_errmsg() can say what went wrong; returns 0 on
 * success and -1 on failure, with DEFCON_DB_MISSING in *missing (if not
 * NULL) set when a read-only open found no file. `replay` is passed to the
 * tokenizer (see tokenizer.h); NULL for searching. */
int defcon_db_open(const char *path, defcon_db_mode mode, defcon_replay *replay,
                   defcon_db **out, int *missing);

/* A second connection to `db`'s index, for reading in another thread
 * while `db`'s own thread waits for it: opened on first need as `db` was
 * (a writer's for plain reading) and kept, with its page cache, until
 * `db` is closed. NULL when it cannot be opened, with the reason in
 * `error`. Borrowed from `db`. */
defcon_db *defcon_db_another(defcon_db *db, char *error, size_t error_size);

/* The message of the last failure on this handle. Borrowed. */
const char *defcon_db_errmsg(const defcon_db *db);

/* Records a message: printf-style. Returns -1 for convenience. */
int defcon_db_fail(defcon_db *db, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Records SQLite's message for the last failed call, prefixed by `what`;
 * a busy database (another run holds the write lock) and a damaged one
 * get messages of their own that say what to do. Returns -1. */
int defcon_db_fail_sqlite(defcon_db *db, const char *what);

/* The connection, for the index and search modules. Borrowed. */
sqlite3 *defcon_db_sqlite(defcon_db *db);

/* The path the database was opened with. Borrowed. */
const char *defcon_db_path(const defcon_db *db);

/* The meta key of the build id: a random hex string that every indexing
 * run that changes the index (or finds none) writes anew, so that a
 * client can key caches on it (`serve --immutable`). */
#define DEFCON_META_BUILD_ID "build_id"

/* The meta key of the start (nanoseconds since 1970, before the walk) of
 * the last indexing run that wrote: a file whose time is not older than
 * that, less a margin, may have been rewritten in the same tick as that
 * run read it (git's "racily clean" entries), so the next run hashes it
 * again (indexer.c). */
#define DEFCON_META_WRITE_START "write_start_ns"

/* Reads a meta value into a malloc'd string (*value NULL if absent).
 * Returns 0 or -1. */
int defcon_db_meta_get(defcon_db *db, const char *key, char **value);
int defcon_db_meta_set(defcon_db *db, const char *key, const char *value);

/* A new database is built with a rollback journal, which writes each page
 * once (WAL writes it twice: to the -wal file, then back at the
 * checkpoint), and turned to WAL, which lets searches read while later runs
 * write, once its first run has committed. Call after that commit. The
 * switch cannot fail the run: the index is committed either way, and if
 * it is refused (a search holds the file) the next run makes it. */
void defcon_db_finish_first_build(defcon_db *db);

/* Closes the connection and frees the handle. Accepts NULL. */
void defcon_db_close(defcon_db *db);

#endif

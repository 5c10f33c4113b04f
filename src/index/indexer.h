/*
 * indexer.h - bringing the index up to date with the archive.
 *
 * One run: walk the archive; compare every file with what the index holds
 * (size and modification time, then a hash of the content); remove the
 * articles whose files are gone; read, parse, find countries in and
 * tokenize the new and changed files on worker threads; write them on
 * this thread. The whole run is one transaction: if it dies, the previous
 * index is intact, and the next run does the work again.
 */
#ifndef DEFCON_INDEXER_H
#define DEFCON_INDEXER_H

#include <stddef.h>

typedef enum defcon_index_event_kind {
    DEFCON_INDEX_PROGRESS,    /* done of total files read so far */
    DEFCON_INDEX_FAILED,      /* a file could not be read or parsed */
    DEFCON_INDEX_WARNING,     /* a file was indexed, with a problem noted */
    DEFCON_INDEX_SKIPPED      /* left out on purpose (a link, another kind
                                 of file): `message` says why, `skip_kind`
                                 what it is */
} defcon_index_event_kind;

typedef struct defcon_index_event {
    defcon_index_event_kind kind;
    const char *path;         /* relative to the archive; NULL for PROGRESS */
    const char *message;      /* the reason; NULL for PROGRESS */
    const char *skip_kind;    /* SKIPPED: what was left out, as counted in
                                 defcon_index_stats (NULL otherwise) */
    long done, total;         /* files handled and to handle (PROGRESS) */
} defcon_index_event;

/* Receives events on the calling thread, while the run goes on. The
 * strings are valid only during the call. */
typedef void (*defcon_index_listener)(void *context, const defcon_index_event *event);

typedef struct defcon_index_options {
    int full;                 /* rebuild everything instead of updating */
    int threads;              /* parsing threads; 0 means one per core */
    int follow_links;         /* follow symbolic links out of the archive */
    int allow_removals;       /* remove however many articles are gone (by
                                 default a run that would remove more than
                                 half of them, and more than 10, is refused) */
    defcon_index_listener listener;   /* may be NULL */
    void *listener_context;
} defcon_index_options;

/* How many of one kind of thing a run left out on purpose. */
typedef struct defcon_index_skip {
    char kind[64];            /* "links out of the archive", "files of another
                                 kind (.pdf)", ...; "other things" collects
                                 the kinds past DEFCON_INDEX_SKIP_KINDS */
    long count;
} defcon_index_skip;

#define DEFCON_INDEX_SKIP_KINDS 16

typedef struct defcon_index_stats {
    long added, updated, removed, unchanged, failed, warnings;
    long skipped;             /* left out on purpose, all kinds */
    char moved_from[512];     /* the archive's previous folder when the run
                                 recognised it moved ("" otherwise) */
    defcon_index_skip skips[DEFCON_INDEX_SKIP_KINDS];   /* by kind, first seen first */
    size_t skip_kinds;
    long articles;            /* articles in the index after the run */
    long folded;              /* captures in the index folded into a newer
                                 capture of the same article (a page saved,
                                 crawled and in a feed is one article) */
    long copies;              /* articles in the index that are near-identical
                                 copies of another story's article
                                 (fingerprint.h): searches fold them */
    long long bytes_read;     /* bytes of files read */
    double seconds;           /* wall-clock time of the run */
    long replayed, retokenized;   /* documents FTS5 took pre-tokenized or not */
} defcon_index_stats;

/* Updates (or creates) the index at `db_path` from the archive folder
 * `archive`. The index remembers the folder it was built from: another
 * folder is refused (its articles would replace the index's) unless the
 * run is `full`, and accepted as the same archive moved when at least half
 * of the index's files are found at the same paths under it. A run that
 * would remove more than half of the articles (and more than 10) is
 * refused unless `allow_removals`: an unmounted disk or a wrong folder must
 * not empty an index. Refusals leave the index untouched and say how to
 * proceed deliberately. Returns 0 when the run committed (files that failed are
 * counted in stats->failed and reported to the listener), or -1 when the
 * run could not be done, with the reason in error[error_size] and the
 * previous index untouched. */
int defcon_index_run(const char *db_path, const char *archive,
                     const defcon_index_options *options, defcon_index_stats *stats,
                     char *error, size_t error_size);

#endif

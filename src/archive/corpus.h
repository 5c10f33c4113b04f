/*
 * corpus.h - walking the archive folder and reading its files.
 *
 * The walk lists every archive file (by defcon_article_kind_of) below a
 * folder, recursively, skipping hidden entries and never entering a folder
 * twice. Symbolic links are not followed by default: a link into the
 * archive is left out (its target is walked at its own path, so a file is
 * indexed once), and a link out of the archive is left out unless the
 * caller asks to follow such links, so that nobody who can write into the
 * archive can have the indexer read files elsewhere (/etc/shadow) into an
 * index others read. Everything left out is reported as a skip, with a
 * kind to count it by. Paths are relative to the folder and sorted
 * bytewise, so runs are deterministic and can be merged against the
 * index's own sorted list.
 */
#ifndef DEFCON_CORPUS_H
#define DEFCON_CORPUS_H

#include <stddef.h>
#include <stdint.h>

typedef struct defcon_corpus_file {
    union {               /* one or the other: 8 MB a million files */
        size_t path;      /* while walking: offset of the relative path in
                           * the names arena, which may still move */
        const char *name; /* that path, once the walk is complete */
    };
    long long size;
    long long mtime_ns;
} defcon_corpus_file;

/* A problem met while walking (an unreadable folder, a dangling link):
 * reported, not fatal. `path` is relative to the root. */
typedef void (*defcon_corpus_problem)(void *context, const char *path, const char *reason);

/* Something left out on purpose (a link, a file of another kind): not a
 * failure. `kind` names what it is, for a count per kind ("links out of
 * the archive", "files of another kind (.pdf)"); `detail` says why, for a
 * warning. Both valid during the call only. */
typedef void (*defcon_corpus_skip)(void *context, const char *path, const char *kind,
                                   const char *detail);

typedef struct defcon_walk_options {
    int follow_links;            /* follow links out of the archive */
    defcon_corpus_problem problem;   /* may be NULL */
    defcon_corpus_skip skip;         /* may be NULL */
    void *context;               /* for both callbacks */
} defcon_walk_options;

typedef struct defcon_corpus {
    char *root;                  /* the folder as given */
    defcon_corpus_file *files;   /* sorted by path */
    size_t count, capacity;
    char *names;                 /* NUL-terminated relative paths, back to back */
    size_t names_len, names_capacity;
    int resorted;                /* the walk's own order was not path order
                                  * (never expected: see corpus.c) */
    char message[512];           /* why the walk failed, when it did */
} defcon_corpus;

/* Lists the archive files under `root` into *corpus (zeroed first).
 * Returns 0, or -1 when the root itself cannot be read or memory runs out
 * (corpus->message says why). Problems with single entries go to
 * `problem` (may be NULL) and the walk goes on. */
int defcon_corpus_walk(defcon_corpus *corpus, const char *root,
                       defcon_corpus_problem problem, void *context);

/* The same walk with options: links and skips as the options say. */
int defcon_corpus_walk_with(defcon_corpus *corpus, const char *root,
                            const defcon_walk_options *options);

/* The relative path of file `i`. Borrowed from the corpus. */
const char *defcon_corpus_path(const defcon_corpus *corpus, size_t i);

/* Frees the listing. Accepts NULL. */
void defcon_corpus_free(defcon_corpus *corpus);

/* Reads the whole file `root`/`relative_path` into a malloc'd buffer
 * (NUL-terminated; *len excludes the NUL). Files above `max_bytes` are
 * refused. On failure returns -1 and writes the reason (strerror or
 * "file too large ...") into error[error_size]. */
int defcon_corpus_read(const char *root, const char *relative_path, size_t max_bytes,
                       char **data, size_t *len, char *error, size_t error_size);

/* A 64-bit hash of the bytes, to tell changed contents from touched files. */
uint64_t defcon_content_hash(const char *data, size_t len);

/* A 64-bit hash of the file `root`/`relative_path` read as a stream, in
 * constant memory (for web archives, never read whole): not the same
 * value as defcon_content_hash of its bytes. Sets *bytes to its size.
 * Returns 0, or -1 with the reason in error[error_size]. */
int defcon_corpus_hash_file(const char *root, const char *relative_path, uint64_t *hash,
                            long long *bytes, char *error, size_t error_size);

#endif

/*
 * copy_store.h - fingerprints and stories kept in the index, so that a
 * later run finds the copies of its new articles among the old ones.
 *
 * The table `copies` (DEFCON_COPY_STORE_SCHEMA) holds one row an article:
 * its fingerprint (fingerprint.h) and its story, the rowid of the first
 * article of its copy group; 40-odd bytes an article. A query folds
 * copies by the story with nothing to compute.
 *
 * During a run the store keeps a defcon_copies (copies.h) of the days it
 * has seen: filing an article loads, once, the stored articles of its
 * days and of the neighbouring ones (one indexed range read a day), finds
 * its story in memory and writes its row. When the memory holds
 * DEFCON_COPY_STORE_MEMORY articles (defcon_copy_store_limit_memory) it
 * is emptied and the days are read again as needed, so a run of any size
 * keeps a bounded amount in memory; an archive whose files come in date
 * order reads each day about once.
 *
 * The store writes in the caller's transaction and is used by one thread.
 */
#ifndef DEFCON_COPY_STORE_H
#define DEFCON_COPY_STORE_H

#include <stdint.h>
#include <sqlite3.h>

#include "copies.h"
#include "fingerprint.h"

#define DEFCON_COPY_STORE_SCHEMA                                                     \
    "CREATE TABLE IF NOT EXISTS copies("                                            \
    " rowid INTEGER PRIMARY KEY, body INTEGER NOT NULL, title INTEGER NOT NULL,"    \
    " terms INTEGER NOT NULL, precision INTEGER NOT NULL, day INTEGER NOT NULL,"    \
    " story INTEGER NOT NULL, paragraphs BLOB, headline BLOB);"                     \
    "CREATE INDEX IF NOT EXISTS copies_by_day ON copies(precision, day);"

/* Articles held in memory before it is emptied (under 1 KB each). */
#define DEFCON_COPY_STORE_MEMORY 20000

typedef struct defcon_copy_store defcon_copy_store;

/* Opens the store on `db`, creating its table when missing. Returns an
 * SQLite code and sets *out, or sets *out = NULL on failure (the reason
 * is then the connection's sqlite3_errmsg, or SQLITE_NOMEM). */
int defcon_copy_store_open(sqlite3 *db, defcon_copy_store **out);

/* Finalizes its statements and frees it. Accepts NULL. */
void defcon_copy_store_close(defcon_copy_store *store);

/* Files article `rowid` (replacing a row it had) and sets *story, and
 * *reason when not NULL (see defcon_copies_add). Returns an SQLite code. */
int defcon_copy_store_add(defcon_copy_store *store, int64_t rowid,
                          const defcon_fingerprint *fingerprint, int64_t *story,
                          defcon_copy_reason *reason);

/* Removes article `rowid` (nothing when it has no row). Articles that
 * took their story from it keep that story id. Returns an SQLite code. */
int defcon_copy_store_remove(defcon_copy_store *store, int64_t rowid);

/* The story of article `rowid` into *story; SQLITE_NOTFOUND when it has
 * no row. Returns an SQLite code. */
int defcon_copy_store_story(defcon_copy_store *store, int64_t rowid, int64_t *story);

/* Sets how many articles memory holds before it is emptied (default
 * DEFCON_COPY_STORE_MEMORY; at least 1). */
void defcon_copy_store_limit_memory(defcon_copy_store *store, long articles);

/* How many days were read from the index, for measurements. */
long defcon_copy_store_days_read(const defcon_copy_store *store);

#endif

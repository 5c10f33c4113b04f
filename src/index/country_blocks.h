/*
 * codes.h - the country codes of every article, by rowid, for facets.
 *
 * Country facets count the codes of every match: at a million articles a
 * common word has 100,000 matches, and looking up each one's row (or an
 * index entry) is a b-tree descent a match, most of a facet's time. The
 * `article_codes` table (database.h) keeps the codes ("KP IR RU") of the
 * articles that have any in blocks of neighbouring rowids (up to 1,024
 * articles of each of 16 consecutive days, codes.c), so the matches of a
 * facet, which come in rowid order, take one lookup a block. The indexer
 * gathers changes in a defcon_code_changes and writes them after each
 * batch.
 */
#ifndef DEFCON_CODES_H
#define DEFCON_CODES_H

#include <stddef.h>
#include <sqlite3.h>

/* Changes to write, in the order made. One thread at a time. */
typedef struct defcon_code_changes defcon_code_changes;

/* No changes, or NULL when out of memory. */
defcon_code_changes *defcon_code_changes_new(void);

/* Records that the article `rowid` has the codes `codes` (copied; "" or
 * NULL: none), or (remove_row) that it is gone. Returns 0, or -1 when
 * out of memory. */
int defcon_code_changes_set(defcon_code_changes *changes, long long rowid, const char *codes);
int defcon_code_changes_remove(defcon_code_changes *changes, long long rowid);

/* Writes country code changes to article_codes; owns its statements. */
typedef struct defcon_code_writer defcon_code_writer;

/* Creates a writer for `db` (borrowed: it must outlive the writer).
 * Returns an SQLite code; *out is NULL unless SQLITE_OK. */
int defcon_code_writer_new(sqlite3 *db, defcon_code_writer **out);

/* Writes the changes to article_codes (in the caller's transaction), a
 * read and a write a block touched, then forgets them. Returns an SQLite
 * code. */
int defcon_code_writer_store(defcon_code_writer *writer, defcon_code_changes *changes);

/* Finalizes the writer's statements and frees it; NULL is fine. */
void defcon_code_writer_free(defcon_code_writer *writer);

void defcon_code_changes_free(defcon_code_changes *changes);

/* Reads the codes of articles, fastest in ascending rowid order. */
typedef struct defcon_code_reader defcon_code_reader;

/* Returns an SQLite code; *out is NULL on failure. */
int defcon_code_reader_new(sqlite3 *db, defcon_code_reader **out);

/* The codes of article `rowid` into *codes (len bytes, not NUL-terminated,
 * borrowed until the next call), or *len 0 when it has none. Returns an
 * SQLite code (SQLITE_CORRUPT for a malformed block). */
int defcon_code_reader_get(defcon_code_reader *reader, long long rowid, const char **codes,
                           size_t *len);

/* The articles with codes in the table, for checks. Returns an SQLite code. */
int defcon_codes_count(sqlite3 *db, long long *articles);

void defcon_code_reader_free(defcon_code_reader *reader);

#endif

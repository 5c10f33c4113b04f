/*
 * terms.h - how many articles hold each term: the document frequencies
 * behind bm25's idf.
 *
 * FTS5 keeps no count of the rows holding a term; its bm25 reads the
 * term's whole doclist to count them, once per query and phrase, which at
 * a million articles costs more than ranking a date range. So the indexer
 * keeps the counts in the `terms` table (database.h): every term (a stem,
 * as the tokenizer writes it) with the number of articles whose title or
 * body holds it, which is what FTS5 counts for a phrase of that one term
 * (no word reaches the codes column: tokenizer.h). The ranker (rank.h)
 * reads them.
 * The table stores them in blocks of consecutive terms (terms.c).
 *
 * While indexing, changes are gathered in a defcon_term_counts (term ->
 * change in articles) and written by defcon_terms_store in the indexer's
 * transaction.
 */
#ifndef DEFCON_TERMS_H
#define DEFCON_TERMS_H

#include <stddef.h>
#include <sqlite3.h>

#include "tokenizer.h"

/* Changes to the article count of terms. One thread at a time. */
typedef struct defcon_term_counts defcon_term_counts;

/* An empty set of changes, or NULL when out of memory. */
defcon_term_counts *defcon_term_counts_new(void);

/* Adds `delta` (+1 for an article stored, -1 for one removed) to every
 * distinct term of the article's token lists (its title and body): a term
 * counts once an article however often it occurs. Returns 0, or -1 when
 * out of memory (the counts are then incomplete: fail the run). */
int defcon_term_counts_add_article(defcon_term_counts *counts,
                                   const defcon_tokens *const *lists, int list_count,
                                   int delta);

/* Adds `term` with no change when absent, so that a defcon_term_counts
 * also serves as a set of strings. Returns 1 when it was added, 0 when it
 * was there, -1 when out of memory. */
int defcon_term_counts_insert(defcon_term_counts *counts, const char *term, size_t len);

/* Distinct terms with a change recorded. */
size_t defcon_term_counts_size(const defcon_term_counts *counts);

/* Adds the changes of `from` to `into` and empties `from`. Returns 0, or
 * -1 when out of memory (`into` then holds part of them). */
int defcon_term_counts_merge(defcon_term_counts *into, defcon_term_counts *from);

/* Writes term counts to the terms table; owns its prepared statements. */
typedef struct defcon_term_writer defcon_term_writer;

/* Creates a writer for `db` (borrowed: it must outlive the writer).
 * Returns an SQLite code; *out is NULL unless SQLITE_OK. */
int defcon_term_writer_new(sqlite3 *db, defcon_term_writer **out);

/* Applies the changes to the terms table (inside the caller's
 * transaction), dropping terms no article holds any more, then empties
 * `counts`. Returns an SQLite code. */
int defcon_term_writer_store(defcon_term_writer *writer, defcon_term_counts *counts);

/* Finalizes the writer's statements and frees it; NULL is fine. */
void defcon_term_writer_free(defcon_term_writer *writer);

void defcon_term_counts_free(defcon_term_counts *counts);

/* The number of articles holding `term` (len bytes) into *articles, 0
 * for a term no article holds, using `*stmt` (prepared on first use;
 * finalize it when done). Returns an SQLite code. */
int defcon_terms_lookup(sqlite3 *db, sqlite3_stmt **stmt, const char *term, size_t len,
                        long long *articles);

/* Called by defcon_terms_each for each term in order, with its count.
 * Returns 0 to go on, non-zero to stop. */
typedef int (*defcon_term_visitor)(void *context, const char *term, size_t len,
                                   long long articles);

/* Visits every term of the table in order (for checks and tests).
 * Returns SQLITE_OK (also when the visitor stopped), SQLITE_CORRUPT for
 * a malformed block, or another SQLite code. */
int defcon_terms_each(sqlite3 *db, defcon_term_visitor visit, void *context);

/* Visits, in order, the terms from `low` (low_len bytes) up to but not
 * including `high` (high_len bytes); NULL: from the first, or to the
 * last. Reads only the blocks that hold them. Returns as
 * defcon_terms_each. */
int defcon_terms_range(sqlite3 *db, const char *low, size_t low_len, const char *high,
                       size_t high_len, defcon_term_visitor visit, void *context);

#endif

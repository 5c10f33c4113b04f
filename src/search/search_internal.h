/*
 * search_internal.h - what the files of the search module share: the
 * search object, its error helpers and the SQL it is assembled from.
 * Internal to src/search/: search.c (hits and counts), search_timeline.c,
 * search_facets.c, suggest.c.
 */
#ifndef DEFCON_SEARCH_INTERNAL_H
#define DEFCON_SEARCH_INTERNAL_H

#include <sqlite3.h>

#include "buffer.h"
#include "query.h"
#include "search.h"
#include "tokenizer.h"

/* How many terms stand for an article in `similar` (similar.c): its most
 * distinctive by tf-idf, as Lucene's MoreLikeThis keeps its max query
 * terms; on Reuters 12, 16 and 24 give the same share of similar
 * articles sharing a topic, fewer are faster. */
#define DEFCON_SIMILAR_TERMS 16

/* A search. search.c's share_init copies it for the second thread of a
 * ranking pass: a new member that the search owns (a statement, a blob,
 * a buffer it writes while ranking) must be reset there. */
struct defcon_search {
    defcon_db *db;
    defcon_search_request request;
    int has_query;                   /* FTS5 drives: words or countries to match */
    int has_words;                   /* the researcher's own words: rank by them */
    defcon_query *query;             /* the researcher's words, parsed; NULL: none */
    defcon_buffer expression;
    defcon_tokenizer *tokenizer;     /* created on first need */
    sqlite3_stmt *hits, *count, *undated;
    sqlite3_stmt *imprecise;         /* partial dates the range cuts through */
    sqlite3_stmt *page;              /* the ranker's best rows, in its order */
    int page_fetch;                  /* ... how it fetches them (search.c) */
    int paged_by_terms;              /* ... last by the page's terms of a prefix */
    int ranking_shares;              /* the last ranking pass: 1, or 2 threads */
    int ranking_walked;              /* ... walked one phrase (DEFCON_WALK_FUNCTION) */
    sqlite3_blob *docsize;           /* a row's length, for the ranker */
    sqlite3_stmt *story_only;        /* a row's story alone (fold.c) */
    int ranked;                      /* hits come from the ranker: */
    const double *ranked_scores;     /* ... their scores by place on the page */
    const unsigned long long *ranked_matched;   /* ... and the phrases they hold */
    long ranked_count;
    int relaxed;                     /* best match: too few held every word */
    long strict_matches;             /* ... how many did */
    long strict_candidates;          /* ... rows looked at to count them
                                        piecewise (-1: counted as written) */
    const char *matched_words[64];   /* the current hit's words (borrowed) */
    long long excluded;              /* similar: the article itself (0: none) */
    long long excluded_story;        /* ... and its story's other copies */
    long long similar_rows[DEFCON_SIMILAR_TERMS];   /* ... the articles holding each */
    int similar_row_count;                          /* of its terms, in order */
    /* Copies folded (fold.c): whether this search folds (not --all-copies,
     * and the index has copies), the folded set once computed (a JSON
     * array; empty: none) and whether the statements being built leave
     * it out; the current hit's copies. */
    int folding, folded_ready, leave_out_folded, hits_fold;
    defcon_buffer folded;
    long folded_count;
    long long *folded_rows;          /* the folded set again, ascending */
    long walked_matches;             /* the matches the folded set was made from
                                        (-1: not walked), to count without a pass */
    long long *seen;                 /* every match's rowid, ascending, when the
                                        ranker walked them all (seen_all) */
    size_t seen_count;
    int seen_all;
    sqlite3_stmt *story_of, *copies_of;
    int copies_of_seen;              /* copies_of was made to check against seen */
    sqlite3_stmt *terms_lookup;      /* a term's articles (terms table): the ranker's
                                        idf, the cap on long queries, spellings */
    defcon_buffer copy_text;
    const char *copy_ids[DEFCON_MAX_COPIES_LISTED];
    char message[1024];
};

/* Whether `rowid` is in the folded set the statements being built leave
 * out (none until the set is computed, or when they keep it). */
int defcon_search_is_folded(const defcon_search *search, long long rowid);

/* Reads the SQLite varint at p[0, n) (as FTS5 writes its averages and
 * sizes: seven bits a byte, high bit set on all but the last, a ninth
 * byte giving eight bits) into *value. Returns the bytes read, or 0 when
 * it runs past n. */
size_t defcon_search_read_varint(const unsigned char *p, size_t n, unsigned long long *value);

/* Writes a message for defcon_search_errmsg; returns -1. */
int defcon_search_fail(defcon_search *search, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The database's own message about `what` failing; returns -1. */
int defcon_search_fail_sqlite(defcon_search *search, const char *what);

/* qsort and bsearch order of rowids (long long), ascending. */
int defcon_search_compare_rowids(const void *a, const void *b);

/* Creates the search's tokenizer on first need. 0, or -1 with a message. */
int defcon_search_ensure_tokenizer(defcon_search *search);

/* Folds `text` as the index does into `word`; 0 only when it is one word. */
int defcon_search_fold_word(defcon_search *search, const char *text, defcon_buffer *word);

/* Appends "SELECT <what> FROM <the matching articles as a> WHERE
 * <conditions>" to `sql`. `reads_articles` says whether `what` reads the
 * articles table; `with_dates` whether the date filter applies. 0 or -1. */
int defcon_search_matching_sql(defcon_search *search, defcon_buffer *sql, const char *what,
                               int reads_articles, int with_dates);

/* Prepares `sql` and binds the request's common values. 0, or -1. */
int defcon_search_prepare_sql(defcon_search *search, defcon_buffer *sql, sqlite3_stmt **stmt);

/* Prepares `sql` (freed here; `built` non-zero when assembling it failed)
 * with the common values and the request's rowid range bound. NULL on
 * failure, with the message set. */
sqlite3_stmt *defcon_search_prepare_matching(defcon_search *search, defcon_buffer *sql,
                                             int built);

/* The rowid range [lo, hi) the request covers (rowids follow the date). */
void defcon_search_rowid_range(const defcon_search_request *r, long long *lo, long long *hi);

void defcon_search_bind_int64(sqlite3_stmt *stmt, const char *name, long long value);
const char *defcon_search_column_text(sqlite3_stmt *stmt, int column);

/* fold.c: whether the index holds any copy, into *has. 0 or -1. */
int defcon_search_index_has_copies(defcon_search *search, int *has);

/* fold.c: computes the folded set once (a no-op unless search->folding).
 * 0, or -1 with the message set. */
int defcon_search_fold(defcon_search *search);

/* fold.c: the story of article `rowid` (its own rowid when it has no
 * row in copies) and, when `grouped` is not NULL, whether the story holds
 * another article (this one is a copy, or a copy names it). 0 or -1. */
int defcon_search_story_of(defcon_search *search, long long rowid, long long *story,
                           int *grouped);

/* fold.c: sets hit->copy_ids and copy_count to the other matching
 * articles of the hit's story (none unless search->folding). The ids
 * stay valid until the next call. 0 or -1. */
int defcon_search_attach_copies(defcon_search *search, defcon_hit *hit);

/* similar.c: the expression of the articles most like the article `key`
 * (an id or a path): its distinctive terms ORed; *rowid is its own.
 * Returns 1, 0 when there is no such article (a message set), or -1. */
int defcon_search_similar_expression(defcon_search *search, const char *key,
                                     defcon_buffer *expression, long long *rowid);

/* similar.c: the expression of the articles most like the article `key`
 * (an id or a path): its distinctive terms ORed; *rowid is its own.
 * Returns 1, 0 when there is no such article (a message set), or -1. */
int defcon_search_similar_expression(defcon_search *search, const char *key,
                                     defcon_buffer *expression, long long *rowid);

#endif

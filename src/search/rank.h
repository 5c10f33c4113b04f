/*
 * rank.h - the top matches by bm25, without scoring every match in full.
 *
 * FTS5's ORDER BY rank scores each matching row completely (a lookup of
 * the row's length for every match) and sorts them all, so a common word
 * costs microseconds per match. The ranker keeps the best k rows seen so
 * far; the auxiliary function defcon_bm25(fts, ranker) it feeds first
 * bounds a row's score from its term frequencies alone (the score of the
 * shortest possible row) and reads the row's length only when that bound
 * beats the k-th best score (with defcon_ranker_by_bound, once the rows
 * that might are taken best bound first). The scores are FTS5's bm25 with
 * the same weights, so the ranking is the one ORDER BY rank gives.
 */
#ifndef DEFCON_RANK_H
#define DEFCON_RANK_H

#include <stddef.h>
#include <sqlite3.h>

/* Name of the auxiliary function, and the pointer type of its argument. */
#define DEFCON_RANK_FUNCTION "defcon_bm25"
#define DEFCON_RANK_POINTER "defcon_ranker"

/* defcon_walk(fts, ranker): for an expression of one phrase, or of its
 * first phrase NOT the others ORed, called on its first match (LIMIT 1),
 * it offers every row holding the first phrase and none of the others to
 * the ranker as defcon_bm25 would, in FTS5's own loop over the phrase's
 * rows (the extension API's xQueryPhrase) rather than a statement step
 * and a function call a row: a fifth of a common word's work. The rows
 * of the others are gathered first, each phrase in the same loop. Every
 * row, whatever the statement's rowid bounds. The walk is one step of the
 * statement: a progress handler (serve's time limit) is called only by
 * the statements it runs on the way (lengths, stories), so a walk can
 * outlast a deadline by its own length (title:the at 1,000,000 articles:
 * 50 ms warm, 400 ms from a cold file cache), as a statement with a
 * prefix can by FTS5's merge of the prefix's doclists. */
#define DEFCON_WALK_FUNCTION "defcon_walk"

typedef struct defcon_ranker defcon_ranker;

/* Registers defcon_bm25 and defcon_walk on `db`. Returns an SQLite code. */
int defcon_rank_register(sqlite3 *db);

/* A ranker keeping the best `k` rows (k >= 1), scoring columns with the
 * given weights (`weight_count` of them, as bm25's arguments). NULL when
 * out of memory. */
defcon_ranker *defcon_ranker_new(size_t k, const double *weights, int weight_count);

/* The rows kept, best first (ties: lower rowid first), into rowids[] and
 * scores[] (each of room for k). Returns how many. */
size_t defcon_ranker_results(const defcon_ranker *ranker, long long *rowids, double *scores);

/* Tells the ranker that the statement feeding it visits every row the
 * expression matches (no rowid range or other condition), so that for a
 * lone phrase it can take the phrase's row count (for idf) from the rows
 * it sees instead of a pass of its own over the doclist. Scores returned
 * by sqlite3 for each row then leave that idf out; the results have it. */
void defcon_ranker_sees_every_match(defcon_ranker *ranker);

/* Hands the ranker the row counts of the query's phrases, read from the
 * terms table (terms.h): known[i] >= 0 for phrase i (in FTS5's order)
 * holding one term, -1 where not known (a prefix, a longer phrase, a
 * narrower column filter). They spare the ranker counting those phrases.
 * Ignored unless `count` is the query's phrase count and each known
 * phrase is one token. Copied. Returns 0, or -1 when out of memory. */
int defcon_ranker_known_rows(defcon_ranker *ranker, const long long *known, int count);

/* Rows scored in full, rows set aside by their bound, and passes made to
 * count a phrase's rows for its idf: for tests and the curious. */
void defcon_ranker_counts(const defcon_ranker *ranker, long *scored, long *skipped,
                          long *counted);

/* Of the rows skipped, how many were dropped before all their phrases were
 * read: with several phrases whose row counts are known, the phrases are
 * read highest idf first, and a row goes as soon as what it holds and the
 * most the others could add fall below the k-th best score. */
long defcon_ranker_dropped(const defcon_ranker *ranker);

/* Best match: the rows that hold a phrase of every group (each a set of
 * phrases, a bit per phrase in FTS5's order, the first 64: the spellings
 * of one word) rank before every other row, by DEFCON_RANK_ALL_BONUS
 * added to their scores while ranking (the scores returned leave it out).
 * Copied. Returns 0, or -1 when out of memory. */
#define DEFCON_RANK_ALL_BONUS 1e6
int defcon_ranker_prefer_all(defcon_ranker *ranker, const unsigned long long *groups, int count);

/* As defcon_ranker_results, with the phrases each row holds (a bit per
 * phrase, the first 64) into matched[] when it is not NULL. */
size_t defcon_ranker_results_matched(const defcon_ranker *ranker, long long *rowids,
                                     double *scores, unsigned long long *matched);

/* The story of article `rowid` (its own rowid when it is a copy of
 * none) into *story. Returns 0, or -1 when it cannot be read. */
typedef int (*defcon_story_fn)(void *context, long long rowid, long long *story);

/* Folds copies: the ranker keeps the best k stories, each by its
 * best-ranked row, asking `story_of` the story of a row only when the
 * row would enter the best k (a few times k over a whole ranking). A
 * failure of `story_of` fails the ranking statement. */
void defcon_ranker_fold_stories(defcon_ranker *ranker, defcon_story_fn story_of, void *context);

/* The length in tokens of row `rowid` (all columns, as FTS5's
 * xColumnSize(-1)) into *tokens. Returns 0, or -1 when it cannot be read. */
typedef int (*defcon_length_fn)(void *context, long long rowid, int *tokens);

/* Scores rows in the order of their bounds instead of the order they
 * come in: the rows whose bound beats the k-th best are set aside with
 * their frequencies (up to DEFCON_RANK_BATCH at a time), then taken best
 * bound first, each row's length read through `length_of`, until a bound
 * falls below the k-th best score: the rows with the most matches, in the
 * title first, fill the best k early, and the many rows that match once
 * need no length. The results are the same. defcon_bm25 then returns NULL
 * for every row (a WHERE clause "defcon_bm25(fts, ?) IS NOT NULL" feeds
 * the ranker without handing back a row a match). defcon_ranker_finish()
 * must be called once the statement is done. */
/* A batch is scored when it is full: the first one fills the best k, and
 * from then on most rows are skipped by their bound alone, never set
 * aside (a batch of 65,536 cost 'secure' on Reuters 3% more). */
#define DEFCON_RANK_BATCH 1024
void defcon_ranker_by_bound(defcon_ranker *ranker, defcon_length_fn length_of, void *context);

/* Scores the rows set aside (defcon_ranker_by_bound). Returns 0, or -1
 * when a length or a story could not be read. */
int defcon_ranker_finish(defcon_ranker *ranker);

/* Makes the ranker keep the rowid of every row it is offered, in the
 * order offered; defcon_ranker_take_rowids hands them over (the caller
 * frees them) and returns how many, or -1 when memory ran out on the
 * way. Lets the statement feeding the ranker return no row a match. */
void defcon_ranker_keep_rowids(defcon_ranker *ranker);

/* Makes defcon_walk take the rows holding any of its expression's
 * phrases (an OR of terms: query.h, defcon_query_any_phrase) rather than
 * those holding the first and none of the others. Needs
 * defcon_ranker_by_bound. */
void defcon_ranker_walk_any(defcon_ranker *ranker);

/* Makes defcon_walk leave rows out (`count` rowids, any order, copied):
 * those a statement a row at a time would leave out by its conditions
 * (similar's article and its copies). Returns 0, or -1 when out of
 * memory. */
int defcon_ranker_leave_out(defcon_ranker *ranker, const long long *rowids, size_t count);
long defcon_ranker_take_rowids(defcon_ranker *ranker, long long **rowids);

/* Pairs two rankers of one search that rank two rowid ranges at once (in
 * two threads): each skips rows below the higher of their k-th best
 * scores, which is at most the k-th best of the two together. `a` must
 * outlive `b`. Returns 0, or -1 when out of memory. */
int defcon_ranker_pair(defcon_ranker *a, defcon_ranker *b);

/* Moves what `part` kept into `into`, both finished (defcon_ranker_finish)
 * and made alike for two rowid ranges of one statement, `into`'s range
 * below `part`'s: the best k of both (folded by `into`'s stories), their
 * counts summed, so a deferred idf (defcon_ranker_sees_every_match)
 * counts the rows of both, and `part`'s kept rowids after `into`'s.
 * Returns 0, or -1 when a story could not be read or memory ran out. */
int defcon_ranker_merge(defcon_ranker *into, defcon_ranker *part);

void defcon_ranker_free(defcon_ranker *ranker);

#endif

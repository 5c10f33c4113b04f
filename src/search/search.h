/*
 * search.h - running a search on the index: query, filters, ranking,
 * snippets, counts and spelling suggestions.
 *
 * A search is prepared once (the query is translated, see query.h, and
 * the SQL built with every value bound) and then run: hits arrive in
 * order through a callback. Matched words in titles and snippets are
 * wrapped in DEFCON_MARK_START / DEFCON_MARK_END bytes, which the output
 * printers turn into colour or strip.
 */
#ifndef DEFCON_SEARCH_H
#define DEFCON_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "buffer.h"
#include "database.h"
#include "date.h"

#define DEFCON_MARK_START '\x01'
#define DEFCON_MARK_END '\x02'

/* How the words of a plain query (no operators) must match. */
typedef enum defcon_match {
    DEFCON_MATCH_BEST = 0,        /* all of them; when fewer than a page of
                                     articles hold them all, most of them,
                                     ranked by how many and how well */
    DEFCON_MATCH_ALL,             /* every word (--all) */
    DEFCON_MATCH_ANY              /* any word, ranked (--any) */
} defcon_match;

typedef enum defcon_sort {
    DEFCON_SORT_RELEVANCE = 0,
    DEFCON_SORT_NEWEST,
    DEFCON_SORT_OLDEST
} defcon_sort;

/* Most countries one search may require. */
#define DEFCON_MAX_COUNTRY_FILTERS 16

typedef struct defcon_search_request {
    const char *query;            /* as typed; NULL or blank: filters only */
    const char *countries[DEFCON_MAX_COUNTRY_FILTERS];   /* ISO alpha-2 codes */
    size_t country_count;         /* every one must hold */
    int exact_countries;          /* 0: a code also reaches its predecessors */
    int has_since, has_until;     /* date filters, inclusive, in days since */
    long since_day, until_day;    /* 1970-01-01 (date.h) */
    defcon_sort sort;
    long limit, offset;
    int snippet_words;            /* words per snippet (FTS5 tokens) */
    int bare;                     /* hits without snippets, highlights or
                                     countries: for paths and counts */
    defcon_match match;           /* plain queries only; others as written */
    int kwic;                     /* hits carry their whole body, matches marked
                                     (body_marked), for a concordance */
    const char *similar_to;       /* instead of a query: the articles most like
                                     this one (an id or a path), itself left out */
    int exact_names;              /* no name variants (Qaddafi, Gaddafi) */
    int all_copies;               /* 0: near-identical copies of one story
                                     fold into one hit and count once (the
                                     story's best-ranked article shows in
                                     relevance order; in date order its
                                     first article when that matches, else
                                     its newest matching copy, see fold.c); 1:
                                     every article counts (--all-copies) */
    int level;                    /* 1-5: only the articles assessing that alert
                                     level (defcon_level.h); DEFCON_LEVEL_STATED:
                                     those assessing any; 0: no filter */
    long page_terms_after;        /* matches from which a page of a query with a
                                     prefix is fetched by the page's own terms
                                     of it rather than by merging every
                                     doclist of the prefix again (the same
                                     hits; faster only at scale); 0: the
                                     default, DEFCON_PAGE_TERMS_AFTER */
    long parallel_after;          /* estimated matches from which the ranking
                                     pass is cut in two shares of the rowid
                                     range, ranked in two threads on two
                                     connections (the same hits and scores);
                                     0: the default, DEFCON_PARALLEL_AFTER;
                                     negative: never */
    long seek_cost_rows;          /* best match's count of the articles
                                     holding every word of a long query is
                                     made piecewise when a lookup of a term
                                     in each candidate row, costed as an AND
                                     stepping over this many rows, costs
                                     less than the AND (search.c); 0: the
                                     default, DEFCON_SEEK_COST_ROWS;
                                     negative: never piecewise */
    int phrase_walk;              /* 0: the ranking pass of an expression of
                                     one phrase (a word, a phrase, a title
                                     word; not a prefix), or of a word or
                                     phrase NOT rarer terms, walks the
                                     phrase's rows in FTS5's own loop when
                                     nothing else bounds them (rank.h:
                                     DEFCON_WALK_FUNCTION; the same hits,
                                     scores and counts); negative: a row at
                                     a time through the statement */
} defcon_search_request;

/* The default of defcon_search_request.seek_cost_rows: a lookup of a term
 * in one row, 30,000 to 60,000 instructions, against 100 to 200 for each
 * row an AND steps over (callgrind). */
#define DEFCON_SEEK_COST_ROWS 250

/* The default of defcon_search_request.page_terms_after: below it, merging
 * the prefix's doclists again costs less than reading and tokenizing the
 * page's rows (bench/README.md, "Prefixes"). */
#define DEFCON_PAGE_TERMS_AFTER 5000

/* The default of defcon_search_request.parallel_after: below it a second
 * thread and connection cost more than they save (bench/README.md). */
#define DEFCON_PARALLEL_AFTER 100000

/* Most copies one hit lists (a story's other matching articles). */
#define DEFCON_MAX_COPIES_LISTED 64

#define DEFCON_LEVEL_STATED (-1)

/* Fills the request with defaults: relevance, 10 hits, 24-word snippets. */
void defcon_search_request_init(defcon_search_request *request);

/* A country a hit names, with how often the article mentions it (in
 * title and body; 0 when not recorded). */
typedef struct defcon_hit_country {
    char code[3];                 /* ISO 3166 alpha-2, NUL-terminated */
    int mentions;
} defcon_hit_country;

/* One hit. Every string and array is borrowed and valid only during the
 * callback; optional strings are NULL when absent. */
typedef struct defcon_hit {
    long long rowid;
    const char *id, *path, *title, *date, *source, *url;
    int has_member;               /* one of the many articles of the file at */
    long long member;             /* path: a WARC record's offset, a feed's item */
    int has_score;
    double score;                 /* bm25, higher is better; no query: none */
    const char *title_marked;     /* the title, matches marked */
    const char *snippet;          /* part of the body, matches marked */
    const defcon_hit_country *countries;  /* those it is about, most prominent first */
    size_t country_count;
    const defcon_hit_country *mentions;   /* every country mentioned, as stored */
    size_t mention_count;
    const char *body_marked;      /* request.kwic: the body, matches marked; NULL
                                     for a row with too many matches to mark */
    const char *const *matched_words;     /* ranked hits of a plain query: the */
    size_t matched_word_count;            /* query's words it holds, as typed */
    const char *const *copy_ids;          /* folding: the ids of the story's other */
    size_t copy_count;                    /* matching articles (its near-identical
                                             copies), at most DEFCON_MAX_COPIES_LISTED */
    int level;                    /* the alert level it assesses, 0: none (or bare) */
    const char *colour;           /* ... its colour as stated ("Blue"), or NULL */
} defcon_hit;

/* Receives each hit; returns 0 to go on, non-zero to stop. */
typedef int (*defcon_hit_callback)(void *context, const defcon_hit *hit);

typedef struct defcon_search defcon_search;

typedef enum defcon_search_status {
    DEFCON_SEARCH_OK = 0,
    DEFCON_SEARCH_BAD_QUERY,      /* the query cannot be understood */
    DEFCON_SEARCH_NOTHING,        /* no words (only punctuation) and no filter */
    DEFCON_SEARCH_FAILED          /* the database failed */
} defcon_search_status;

/* Prepares a search. Sets *out (NULL only when memory runs out) so that
 * defcon_search_errmsg() can tell why a preparation failed. `db` must
 * outlive the search. */
defcon_search_status defcon_search_prepare(defcon_db *db, const defcon_search_request *request,
                                           defcon_search **out);

/* Whether best match relaxed the search (too few articles held every
 * word: defcon_search_request's DEFCON_MATCH_BEST, or --any), with how
 * many held them all and how many words the query has. */
int defcon_search_relaxed(const defcon_search *search, long *strict_matches, size_t *words);

/* How best match counted the articles holding every word: the number of
 * candidate rows (those holding the two rarest words) it looked each
 * other word up in, or -1 when FTS5 counted the AND as written (a short
 * query, a phrase, many candidates) or nothing was counted. */
long defcon_search_strict_candidates(const defcon_search *search);

/* How many words of a long relaxed query were left out as too common
 * (query.h's DEFCON_RELAXED_MAX_WORDS most distinctive words are kept). */
size_t defcon_search_relaxed_dropped(const defcon_search *search);

/* Appends the variant groups of the query's names (for --explain). */
int defcon_search_describe_variants(const defcon_search *search, defcon_buffer *out);

/* The FTS5 expression the query became ("" with no query). Borrowed. */
const char *defcon_search_expression(const defcon_search *search);

/* Runs the search, calling `callback` for each hit in order.
 * Returns the number of hits, or -1 on failure. */
long defcon_search_run(defcon_search *search, defcon_hit_callback callback, void *context);

/* Whether the last run fetched its page by the page's own terms of the
 * query's prefix (defcon_search_request.page_terms_after), for tests. */
int defcon_search_paged_by_terms(const defcon_search *search);

/* How many shares the last ranking pass was cut into: 1, or 2 when it
 * ran in two threads (defcon_search_request.parallel_after), for tests. */
int defcon_search_ranking_shares(const defcon_search *search);

/* Whether the last ranking pass walked one phrase's rows in FTS5's loop
 * (defcon_search_request.phrase_walk), for tests. */
int defcon_search_ranking_walked(const defcon_search *search);

/* Counts every matching article (ignoring limit and offset), and, when the
 * request has a date filter, the undated articles that would otherwise
 * match (they never match a date filter). When the search folds copies
 * these are stories: a story's copies count once, here and in timelines,
 * spans and facets. Returns 0 or -1. */
int defcon_search_count(defcon_search *search, long *total, long *undated_left_out);

/* How many matching articles folding left out of the counts, as copies
 * of a story counted once (0 with --all-copies or before a count). */
long defcon_search_copies_folded(const defcon_search *search);
/* A date filter keeps an article whose whole period lies in the range: one
 * dated only "1987" is not known to fall after 1987-06-01, nor in 1987-07.
 * Counts into *left_out the matches the filter so leaves out, those dated
 * to a month or year that the range only partly covers (0 without a date
 * filter). Returns 0 or -1. */
int defcon_search_count_imprecise(defcon_search *search, long *left_out);

/* For a query that found nothing: appends to `suggestions` lines
 * "word\tsuggestion\n" for each query word absent from the index that has
 * a close word in the index's vocabulary. Returns 0 or -1. */
int defcon_search_suggest(defcon_search *search, defcon_buffer *suggestions);

/* The history of the alert levels the matching articles assess
 * (defcon_level.h): each matching article that states a level, as a hit
 * with only its id, path, title (also as title_marked), date, level and
 * colour, oldest first (newest first with DEFCON_SORT_NEWEST), undated
 * articles last; the request's limit and offset do not apply. A request
 * with level DEFCON_LEVEL_STATED reads only those articles (the fastest);
 * level 0 reads every match. With `changes_only` an article is passed only
 * when its level differs from the one before it (the first always is).
 * *stating (if not NULL) gets how many matching articles state a level.
 * Returns how many were passed to `callback` (which returns non-zero to
 * stop), or -1. */
long defcon_search_levels(defcon_search *search, int changes_only, long *stating,
                          defcon_hit_callback callback, void *context);

/* One period of a timeline. */
typedef struct defcon_period {
    defcon_period_of_time when;   /* the year, or the month (date.h) */
    char label[DEFCON_PERIOD_LABEL_SIZE];   /* "1987" or "1987-03" */
    long matches;         /* matching articles dated in the period */
    long total;           /* all articles dated in the period */
} defcon_period;

/* Counts the matching articles per year (by_month 0) or month, from the
 * first to the last period with a match, empty periods included. Articles
 * dated only by year are left out of a monthly timeline and counted in
 * *coarse (if not NULL). *periods is malloc'd (free it). Returns 0 or -1. */
int defcon_search_timeline(defcon_search *search, int by_month, defcon_period **periods,
                           size_t *count, long *coarse);

/* The dates of the earliest and latest dated matching articles, into
 * first[11] and last[11] ("" when none). Returns 0 or -1. */
int defcon_search_span(defcon_search *search, char first[11], char last[11]);

typedef struct defcon_facet {
    char code[3];         /* ISO alpha-2 */
    long count;           /* matching articles */
} defcon_facet;

/* Country facets of the matching articles, most frequent first, at most
 * `max` into facets[]. With `with_code` NULL: the countries the matches
 * are about. Otherwise: the countries the matches mention besides
 * `with_code` (and, unless the request is exact, its predecessors).
 * Returns how many were written, or -1. */
long defcon_search_facets(defcon_search *search, const char *with_code, defcon_facet *facets,
                          size_t max);

/* One stored article, for `show`. Strings are owned by the record and
 * freed by defcon_article_record_clear(). */
typedef struct defcon_article_record {
    char *id, *path, *title, *date, *source, *url, *countries, *body;
    char *html;                   /* articles from HTML pages: the cleaned main
                                     content as safe HTML (html_page.h); else NULL */
    int level;                    /* the alert level it assesses, 0: none */
    char *colour;                 /* ... its colour as stated, or NULL */
    uint64_t hash;                /* of the file's bytes when indexed (corpus.h) */
} defcon_article_record;

/* Finds the article whose id or path (relative to the archive) is `key`.
 * Returns 1 when found, 0 when not, -1 on failure (message in the db). */
int defcon_article_find(defcon_db *db, const char *key, defcon_article_record *out);

void defcon_article_record_clear(defcon_article_record *record);

/* For an id or path `key` that names no article: the ids of at most `max`
 * stored articles it may have meant, as git suggests commands for a
 * mistyped one: ids holding `key` (in any case) first, shortest first,
 * then those a few edits away from it, whole or by their last part
 * without its extension ("busines" finds ".../business.md"). Writes
 * malloc'd strings to ids[] (the caller frees each) and returns how many,
 * or -1 on failure (message in the db). */
long defcon_article_suggest(defcon_db *db, const char *key, char **ids, size_t max);

/* Tells whether a word of a text matches a query's words as the index
 * would (folded and stemmed alike): for highlighting a whole article. */
typedef struct defcon_highlighter defcon_highlighter;

/* Creates a highlighter for the plain words of `query` (NULL or blank:
 * nothing matches). Returns NULL when out of memory or the tokenizer
 * cannot be made. */
defcon_highlighter *defcon_highlighter_new(defcon_db *db, const char *query);

/* 1 if `word` (len bytes) matches one of the query's words. Usable as a
 * defcon_render_match_fn with the highlighter as context. */
int defcon_highlighter_match(void *highlighter, const char *word, size_t len);

void defcon_highlighter_free(defcon_highlighter *highlighter);

const char *defcon_search_errmsg(const defcon_search *search);

void defcon_search_free(defcon_search *search);

#endif

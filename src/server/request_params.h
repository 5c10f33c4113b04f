/*
 * request_params.h - the parameters of a web request, checked once.
 *
 * Every page and API call of `defcon-search serve` takes its state from
 * the URL's query string (q, country, exact, since, until, sort, level, limit,
 * offset, by, id), so that a bookmark is a saved search. This module
 * turns the decoded key/value pairs into a typed structure, refusing
 * what is too long, malformed or unknown with a message meant for the
 * reader and an HTTP status, and turns the structure back into a URL.
 * It does no I/O and knows nothing of HTTP libraries: the server feeds it
 * pairs, the fuzz target raw query strings.
 */
#ifndef DEFCON_REQUEST_PARAMS_H
#define DEFCON_REQUEST_PARAMS_H

#include <stddef.h>

#include "buffer.h"
#include "search.h"

/* Limits, each answered with a clear error (status 400). */
#define DEFCON_WEB_MAX_QUERY_BYTES 1000    /* the query as typed */
#define DEFCON_WEB_MAX_VALUE_BYTES 4096    /* any other value (an id may be a path) */
#define DEFCON_WEB_MAX_PAGE_SIZE 100       /* hits per page or API call */
#define DEFCON_WEB_MAX_OFFSET 10000        /* deepest hit a page may start at */
#define DEFCON_WEB_MAX_PARAMETERS 64       /* key/value pairs in one URL */
#define DEFCON_WEB_DEFAULT_PAGE_SIZE 10

typedef enum defcon_timeline_by {
    DEFCON_BY_AUTO = 0,    /* years, or months when the matches span two years or less */
    DEFCON_BY_YEAR,
    DEFCON_BY_MONTH
} defcon_timeline_by;

typedef struct defcon_request_params {
    char query[DEFCON_WEB_MAX_QUERY_BYTES + 1];    /* "" when absent */
    char countries[DEFCON_MAX_COUNTRY_FILTERS][3]; /* ISO alpha-2 codes */
    size_t country_count;
    int exact_countries;
    char since[11], until[11];   /* as given, normalised (YYYY[-MM[-DD]]); "" when absent */
    long since_day, until_day;   /* the first day of since, the last of until */
    defcon_sort sort;
    long limit, offset;
    int level;                   /* 1-5: the assessed alert level (search.h); 0: any */
    defcon_timeline_by by;
    char id[DEFCON_WEB_MAX_VALUE_BYTES + 1];       /* article id or path; "" when absent */
    int pairs;                   /* key/value pairs seen */
    int status;                  /* 0, or the HTTP status of the first error */
    char error[512];             /* what was wrong, for the reader */
} defcon_request_params;

/* Fills `params` with the defaults: no query, relevance, 10 hits from 0. */
void defcon_request_params_init(defcon_request_params *params);

/* Takes one decoded pair: `value` is `value_len` bytes (NUL bytes in it
 * are refused). Repeatable: country. Empty values are ignored (an empty
 * form field), unknown keys too. The first error is kept in
 * params->status and params->error, later pairs are then ignored.
 * Returns 0, or -1 once there is an error. */
int defcon_request_params_add(defcon_request_params *params, const char *key,
                              const char *value, size_t value_len);

/* Splits a raw query string ("q=oil+price&country=IR", no '?') at '&',
 * decodes '+' and %XX in keys and values, and adds each pair. Returns 0
 * or -1 (see defcon_request_params_add). */
int defcon_request_params_parse(defcon_request_params *params, const char *query_string,
                                size_t len);

/* Checks what only all pairs together can tell (since after until, a
 * page past DEFCON_WEB_MAX_OFFSET). Returns 0, or -1 with the error set. */
int defcon_request_params_check(defcon_request_params *params);

/* Fills a search request (search.h) from the parameters; the request
 * borrows strings from `params`, which must outlive it. */
void defcon_request_params_to_search(const defcon_request_params *params,
                                     defcon_search_request *request);

/* Appends `path` and the query string that gives these parameters back
 * (defaults left out; id only when `with_id`), percent-encoded but not
 * HTML-escaped. */
int defcon_request_params_url(const defcon_request_params *params, const char *path,
                              int with_id, defcon_buffer *out);

/* Adds the country `code` to the filters unless it is already there.
 * Returns 0, or -1 when there are DEFCON_MAX_COUNTRY_FILTERS already. */
int defcon_request_params_add_country(defcon_request_params *params, const char *code);

/* Removes the country filter at `index`. */
void defcon_request_params_remove_country(defcon_request_params *params, size_t index);

#endif

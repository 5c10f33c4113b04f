/*
 * similar.c - the articles most like one article (`defcon-search similar
 * ID`): its distinctive terms, by tf-idf over its title and body, ORed
 * into an expression that the search ranks like any other. The term
 * counts come from the index (term_counts.h), so nothing is read but the
 * article itself.
 */
#include "search_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "database.h"
#include "stop_words.h"
#include "term_counts.h"

/* How many terms stand for an article. */
#define SIMILAR_TERMS DEFCON_SIMILAR_TERMS

typedef struct weighted_term {
    const char *text;
    int len;
    double weight;
    long long holding;            /* articles holding it */
} weighted_term;

static int compare_terms(const void *a, const void *b)
{
    const weighted_term *x = a, *y = b;
    int n = x->len < y->len ? x->len : y->len, c = memcmp(x->text, y->text, (size_t)n);

    return c ? c : x->len - y->len;
}

static int by_weight(const void *a, const void *b)
{
    const weighted_term *x = a, *y = b;

    return (x->weight < y->weight) - (x->weight > y->weight);
}

/* The terms of `tokens` (title ones counting `weight` each), one entry a
 * distinct term with its frequency, into *out. Returns how many, or -1. */
static long term_frequencies(const defcon_tokens *title, const defcon_tokens *body,
                             double title_weight, weighted_term **out)
{
    size_t n = title->count + body->count, i, distinct = 0;
    weighted_term *all = malloc((n ? n : 1) * sizeof *all);

    if (!all)
        return -1;
    for (i = 0; i < n; i++) {
        const defcon_tokens *t = i < title->count ? title : body;
        const defcon_token *token = &t->items[i < title->count ? i : i - title->count];
        all[i].text = t->terms.data + token->term;
        all[i].len = token->term_len;
        all[i].weight = t == title ? title_weight : 1.0;
    }
    qsort(all, n, sizeof *all, compare_terms);
    for (i = 0; i < n; i++) {
        if (distinct > 0 && compare_terms(&all[distinct - 1], &all[i]) == 0)
            all[distinct - 1].weight += all[i].weight;
        else
            all[distinct++] = all[i];
    }
    *out = all;
    return (long)distinct;
}

/* Weighs each term by its idf (terms held by one article only, stop words
 * and numbers are left out) and keeps the best SIMILAR_TERMS first. */
static int weigh_terms(defcon_search *search, weighted_term *terms, long count, double articles)
{
    sqlite3_stmt *lookup = NULL;
    long i;
    int rc = SQLITE_OK;

    for (i = 0; rc == SQLITE_OK && i < count; i++) {
        long long holding = 0;
        int letters = 0, k;
        for (k = 0; k < terms[i].len; k++)
            letters += terms[i].text[k] < '0' || terms[i].text[k] > '9';
        if (!letters || defcon_stop_word(terms[i].text, (size_t)terms[i].len)) {
            terms[i].weight = 0.0;
            continue;
        }
        rc = defcon_terms_lookup(defcon_db_sqlite(search->db), &lookup, terms[i].text,
                                 (size_t)terms[i].len, &holding);
        terms[i].weight = holding > 1 ? terms[i].weight * log(articles / (double)holding) : 0.0;
        terms[i].holding = holding;
    }
    sqlite3_finalize(lookup);
    qsort(terms, (size_t)count, sizeof *terms, by_weight);
    return rc == SQLITE_OK ? 0 : -1;
}

/* Reads the article `key` (id or path): its rowid, title and body. */
static int read_article(defcon_search *search, const char *key, long long *rowid,
                        defcon_buffer *title, defcon_buffer *body, double *articles)
{
    sqlite3 *db = defcon_db_sqlite(search->db);
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT rowid, title, body, (SELECT count(*) FROM articles)"
                                    " FROM articles WHERE id = ?1 OR path = ?1 LIMIT 1",
                                -1, &stmt, NULL);
    int found = 0;

    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            found = 1;
            *rowid = sqlite3_column_int64(stmt, 0);
            *articles = (double)sqlite3_column_int64(stmt, 3);
            if (defcon_buffer_puts(title, defcon_search_column_text(stmt, 1)) != 0
                || defcon_buffer_puts(body, defcon_search_column_text(stmt, 2)) != 0)
                found = -1;
            rc = SQLITE_DONE;
        }
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return defcon_search_fail_sqlite(search, "reading the article");
    return found < 0 ? defcon_search_fail(search, "out of memory") : found;
}

int defcon_search_similar_expression(defcon_search *search, const char *key,
                                     defcon_buffer *expression, long long *rowid)
{
    defcon_buffer title = DEFCON_BUFFER_INIT, body = DEFCON_BUFFER_INIT;
    defcon_tokens title_tokens = {NULL, 0, 0, DEFCON_BUFFER_INIT},
                  body_tokens = {NULL, 0, 0, DEFCON_BUFFER_INIT};
    weighted_term *terms = NULL;
    double articles = 0;
    long count = 0, i;
    int rc = read_article(search, key, rowid, &title, &body, &articles);

    if (rc == 0)
        defcon_search_fail(search, "no article has the id or path '%s'", key);
    if (rc == 1 && defcon_search_ensure_tokenizer(search) != 0)
        rc = -1;
    if (rc == 1
        && (defcon_tokenizer_run(search->tokenizer, defcon_buffer_cstr(&title), title.len,
                                 &title_tokens, NULL, NULL) != SQLITE_OK
            || defcon_tokenizer_run(search->tokenizer, defcon_buffer_cstr(&body), body.len,
                                    &body_tokens, NULL, NULL) != SQLITE_OK
            || (count = term_frequencies(&title_tokens, &body_tokens, DEFCON_TITLE_WEIGHT,
                                         &terms)) < 0
            || weigh_terms(search, terms, count, articles) != 0))
        rc = defcon_search_fail(search, "out of memory reading the article's terms");
    defcon_buffer_clear(expression);
    search->similar_row_count = 0;
    for (i = 0; rc == 1 && i < count && i < SIMILAR_TERMS && terms[i].weight > 0.0; i++) {
        if (defcon_buffer_printf(expression, "%s\"%.*s\"", i ? " OR " : "", terms[i].len,
                                 terms[i].text) != 0)
            rc = defcon_search_fail(search, "out of memory");
        /* The ranker's idf needs each phrase's articles: known already. */
        search->similar_rows[search->similar_row_count++] = terms[i].holding;
    }
    if (rc == 1 && expression->len == 0)
        rc = defcon_search_fail(search, "the article '%s' has no words other articles hold", key);
    free(terms);
    defcon_tokens_free(&title_tokens);
    defcon_tokens_free(&body_tokens);
    defcon_buffer_free(&title);
    defcon_buffer_free(&body);
    return rc;
}

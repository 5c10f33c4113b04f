/*
 * suggest.c - spelling suggestions for a query that found nothing: for
 * each query word absent from the index, the closest indexed word.
 */
#include "search_internal.h"

#include "edit_distance.h"
#include "term_counts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- spelling suggestions ---- */

typedef struct candidate {
    defcon_buffer word;
    int distance;
    long documents;
    int is_word;      /* from the vocabulary of words, not a bare stem */
} candidate;

/* Keeps the closest candidate; of equally close ones the most frequent,
 * and of those a word over a stem ("Nakasone", not its stem "nakason"). */
static void consider(candidate *best, const char *word, size_t len, int distance, long documents,
                     int is_word)
{
    if (distance < best->distance
        || (distance == best->distance && documents > best->documents)
        || (distance == best->distance && documents == best->documents && is_word
            && !best->is_word)) {
        defcon_buffer_clear(&best->word);
        defcon_buffer_append(&best->word, word, len);
        best->distance = distance;
        best->documents = documents;
        best->is_word = is_word;
    }
}

/* A word the index holds is still worth correcting when a close word is
 * far more common ("Volker", 1 article; "Volcker", 122). */
#define FAR_MORE_COMMON 20

/* Articles holding `stem` (in title or body), from the terms table
 * (term_counts.h); 0 when the lookup fails. */
static long stem_documents(defcon_search *search, sqlite3_stmt **documents, const char *stem,
                           int len)
{
    long long count = 0;

    if (defcon_terms_lookup(defcon_db_sqlite(search->db), documents, stem, (size_t)len, &count)
        != SQLITE_OK)
        return 0;
    return (long)count;
}

/* The terms table's terms near a typed word (defcon_terms_range). */
typedef struct near_terms {
    const char *folded, *stem;
    size_t folded_len;
    int stem_len, limit;
    candidate *best;
} near_terms;

static int consider_term(void *context, const char *term, size_t len, long long articles)
{
    near_terms *n = context;
    int d = defcon_edit_distance(n->folded, n->folded_len, term, len, n->limit);

    if (d <= n->limit && d > 0
        && !((int)len == n->stem_len && memcmp(term, n->stem, len) == 0))
        consider(n->best, term, len, d, (long)articles, 0);
    return 0;
}

static int suggest_word(defcon_search *search, const char *typed, sqlite3_stmt *words,
                        sqlite3_stmt **documents, defcon_buffer *out)
{
    defcon_buffer folded = DEFCON_BUFFER_INIT;
    candidate best = {DEFCON_BUFFER_INIT, 0, 0, 0};
    near_terms near;
    const char *stem;
    char low[2], high[2];
    int stem_len, limit, rc = 0;
    long present;

    if (defcon_search_fold_word(search, typed, &folded) != 0 || folded.len < 3) {
        defcon_buffer_free(&folded);
        return 0;
    }
    stem = defcon_tokenizer_stem(search->tokenizer, folded.data, (int)folded.len, &stem_len);
    present = stem_documents(search, documents, stem, stem_len);
    limit = folded.len <= 4 ? 1 : 2;
    best.distance = limit + 1;
    /* Candidates share the first letter: typos rarely hit it, and it keeps
     * the scan to a slice of the vocabulary. */
    low[0] = folded.data[0];
    low[1] = '\0';
    high[0] = (char)(folded.data[0] + 1);
    high[1] = '\0';
    near.folded = folded.data;
    near.folded_len = folded.len;
    near.stem = stem;
    near.stem_len = stem_len;
    near.limit = limit;
    near.best = &best;
    if (defcon_terms_range(defcon_db_sqlite(search->db), low, 1, high, 1, consider_term, &near)
        != SQLITE_OK)
        rc = defcon_search_fail_sqlite(search, "looking for suggestions");
    sqlite3_bind_text(words, 1, low, 1, SQLITE_STATIC);
    sqlite3_bind_text(words, 2, high, 1, SQLITE_STATIC);
    while (sqlite3_step(words) == SQLITE_ROW) {
        const char *word = defcon_search_column_text(words, 0);
        size_t len = (size_t)sqlite3_column_bytes(words, 0);
        int d = defcon_edit_distance(folded.data, folded.len, word, len, limit);
        const char *word_stem = defcon_search_column_text(words, 1);
        int word_stem_len = sqlite3_column_bytes(words, 1);
        if (d <= limit && d > 0
            && !(word_stem_len == stem_len && memcmp(word_stem, stem, (size_t)stem_len) == 0))
            consider(&best, word, len, d,
                     stem_documents(search, documents, word_stem, word_stem_len), 1);
    }
    sqlite3_reset(words);
    if (rc == 0 && best.distance <= limit && best.documents > 0
        && (present == 0 || (best.documents >= FAR_MORE_COMMON * present
                             && best.documents >= FAR_MORE_COMMON))) {
        /* Offer the word in the researcher's own capitalisation. */
        if (typed[0] >= 'A' && typed[0] <= 'Z' && best.word.data[0] >= 'a' && best.word.data[0] <= 'z')
            best.word.data[0] = (char)(best.word.data[0] - 'a' + 'A');
        rc = defcon_buffer_printf(out, "%s\t%s\n", typed, best.word.data);
    }
    defcon_buffer_free(&best.word);
    defcon_buffer_free(&folded);
    return rc;
}

int defcon_search_suggest(defcon_search *search, defcon_buffer *suggestions)
{
    sqlite3 *sqlite = defcon_db_sqlite(search->db);
    sqlite3_stmt *words = NULL, *documents = NULL;
    defcon_buffer list = DEFCON_BUFFER_INIT;
    size_t at;
    int rc = 0;

    if (!search->query || defcon_search_ensure_tokenizer(search) != 0)
        return 0;
    if (defcon_query_words(search->query, &list) != 0)
        return defcon_search_fail(search, "out of memory");
    if (sqlite3_prepare_v2(sqlite, "SELECT word, stem FROM vocab WHERE word >= ?1 AND word < ?2",
                           -1, &words, NULL) != SQLITE_OK)
        rc = defcon_search_fail_sqlite(search, "looking for suggestions");
    for (at = 0; rc == 0 && at < list.len; at += strlen(list.data + at) + 1)
        rc = suggest_word(search, list.data + at, words, &documents, suggestions);
    sqlite3_finalize(words);
    sqlite3_finalize(documents);
    defcon_buffer_free(&list);
    return rc;
}


/*
 * suggest.c - spelling suggestions for a query that found nothing: for
 * each query word absent from the index, the closest indexed word.
 */
#include "search_internal.h"

#include "edit_distance.h"
#include "term_counts.h"
#include "array.h"

#include <limits.h>
#include <stdio.h>
#include <stdint.h>
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

/* A typed word looking for a suggestion, and the best candidate so far. */
typedef struct typed_word {
    const char *typed;
    defcon_buffer folded, stem;
    int limit;
    long present;          /* articles holding its own stem */
    uint64_t letters;      /* defcon_edit_letters of folded */
    candidate best;
} typed_word;

/* The words of one first letter, for one pass over its terms. */
typedef struct letter_words {
    typed_word **words;
    size_t count;
} letter_words;

/* Whether `word` (`len` bytes) can be within the typed word's limit, by
 * what costs less than the distance: each byte of length between them
 * takes an edit, and so does each byte value one lacks
 * (defcon_edit_distance_at_least). *letters is the word's set, made here
 * the first time a typed word asks (0 until then). */
static int may_be_close(const typed_word *w, const char *word, size_t len, uint64_t *letters)
{
    if ((len > w->folded.len ? len - w->folded.len : w->folded.len - len) > (size_t)w->limit)
        return 0;
    if (!*letters)
        *letters = defcon_edit_letters(word, len);
    return defcon_edit_distance_at_least(w->letters, *letters) <= w->limit;
}

static int consider_term(void *context, const char *term, size_t len, long long articles)
{
    letter_words *letter = context;
    uint64_t letters = 0;
    size_t i;

    for (i = 0; i < letter->count; i++) {
        typed_word *w = letter->words[i];
        int d;
        if (!may_be_close(w, term, len, &letters))
            continue;
        d = defcon_edit_distance(w->folded.data, w->folded.len, term, len, w->limit);
        if (d <= w->limit && d > 0
            && !(len == w->stem.len && memcmp(term, w->stem.data, len) == 0))
            consider(&w->best, term, len, d, (long)articles, 0);
    }
    return 0;
}

/* The vocabulary's words of the letter (their stems' articles counted
 * once a word is close to one of the typed words). */
static void consider_words(defcon_search *search, sqlite3_stmt *words,
                           sqlite3_stmt **documents, letter_words *letter)
{
    while (sqlite3_step(words) == SQLITE_ROW) {
        const char *word = defcon_search_column_text(words, 0);
        size_t len = (size_t)sqlite3_column_bytes(words, 0), i;
        const char *word_stem = defcon_search_column_text(words, 1);
        size_t word_stem_len = (size_t)sqlite3_column_bytes(words, 1);
        long documents_of_stem = -1;
        uint64_t letters = 0;
        for (i = 0; i < letter->count; i++) {
            typed_word *w = letter->words[i];
            int d;
            if (!may_be_close(w, word, len, &letters))
                continue;
            d = defcon_edit_distance(w->folded.data, w->folded.len, word, len, w->limit);
            if (d > w->limit || d == 0
                || (word_stem_len == w->stem.len
                    && memcmp(word_stem, w->stem.data, word_stem_len) == 0))
                continue;
            if (documents_of_stem < 0)
                documents_of_stem = stem_documents(search, documents, word_stem,
                                                   (int)word_stem_len);
            consider(&w->best, word, len, d, documents_of_stem, 1);
        }
    }
    sqlite3_reset(words);
}

/* Prepares a typed word; 0 when it can have no suggestion (fewer than
 * three letters, or so common that no term can be FAR_MORE_COMMON times
 * as common among `total` articles), 1 when it is to be looked for, -1
 * when out of memory. */
static int typed_word_init(defcon_search *search, typed_word *w, const char *typed,
                           sqlite3_stmt **documents, long long total)
{
    const char *stem;
    int stem_len;

    memset(w, 0, sizeof *w);
    w->typed = typed;
    if (defcon_search_fold_word(search, typed, &w->folded) != 0 || w->folded.len < 3)
        return 0;
    stem = defcon_tokenizer_stem(search->tokenizer, w->folded.data, (int)w->folded.len,
                                 &stem_len);
    if (defcon_buffer_append(&w->stem, stem, (size_t)stem_len) != 0)
        return -1;
    w->present = stem_documents(search, documents, w->stem.data, (int)w->stem.len);
    if (w->present > 0 && (long long)w->present * FAR_MORE_COMMON > total)
        return 0;
    w->limit = w->folded.len <= 4 ? 1 : 2;
    w->letters = defcon_edit_letters(w->folded.data, w->folded.len);
    w->best.distance = w->limit + 1;
    return 1;
}

/* Appends the word's suggestion, when its best candidate is one. */
static int write_suggestion(typed_word *w, defcon_buffer *out)
{
    candidate *best = &w->best;

    if (!w->limit || best->distance > w->limit || best->documents <= 0
        || (w->present > 0 && (best->documents < FAR_MORE_COMMON * w->present
                               || best->documents < FAR_MORE_COMMON)))
        return 0;
    /* Offer the word in the researcher's own capitalisation. */
    if (w->typed[0] >= 'A' && w->typed[0] <= 'Z' && best->word.data[0] >= 'a'
        && best->word.data[0] <= 'z')
        best->word.data[0] = (char)(best->word.data[0] - 'a' + 'A');
    return defcon_buffer_printf(out, "%s\t%s\n", w->typed, best->word.data);
}

/* Articles the index holds: the first varint of FTS5's averages record
 * (its row count); LLONG_MAX when it cannot be read. */
static long long total_articles(defcon_search *search)
{
    sqlite3_stmt *stmt = NULL;
    long long total = LLONG_MAX;

    if (sqlite3_prepare_v2(defcon_db_sqlite(search->db),
                           "SELECT block FROM fts_data WHERE id = 1", -1, &stmt, NULL)
            == SQLITE_OK
        && sqlite3_step(stmt) == SQLITE_ROW) {
        const unsigned char *p = sqlite3_column_blob(stmt, 0);
        unsigned long long value;
        if (p && defcon_search_read_varint(p, (size_t)sqlite3_column_bytes(stmt, 0), &value) > 0
            && value < (unsigned long long)LLONG_MAX)
            total = (long long)value;
    }
    sqlite3_finalize(stmt);
    return total;
}

/* By first letter, then by place in the query. */
static int compare_letters(const void *a, const void *b)
{
    const typed_word *x = *(typed_word *const *)a, *y = *(typed_word *const *)b;
    unsigned char cx = (unsigned char)x->folded.data[0], cy = (unsigned char)y->folded.data[0];

    if (cx != cy)
        return cx < cy ? -1 : 1;
    return x < y ? -1 : x > y;
}

int defcon_search_suggest(defcon_search *search, defcon_buffer *suggestions)
{
    sqlite3 *sqlite = defcon_db_sqlite(search->db);
    sqlite3_stmt *words = NULL, *documents = NULL;
    defcon_buffer list = DEFCON_BUFFER_INIT;
    typed_word *typed = NULL, **looked = NULL;
    size_t at, count = 0, capacity = 0, wanted = 0, i, j;
    long long total;
    int rc = 0;

    if (!search->query || defcon_search_ensure_tokenizer(search) != 0)
        return 0;
    if (defcon_query_words(search->query, &list) != 0)
        return defcon_search_fail(search, "out of memory");
    total = total_articles(search);
    for (at = 0; rc == 0 && at < list.len; at += strlen(list.data + at) + 1) {
        int r;
        if (count == capacity
            && defcon_array_grow(&typed, &capacity, sizeof *typed, 16) != 0) {
            rc = defcon_search_fail(search, "out of memory");
            break;
        }
        r = typed_word_init(search, &typed[count++], list.data + at, &documents, total);
        if (r < 0)
            rc = defcon_search_fail(search, "out of memory");
        wanted += r > 0;
    }
    if (rc == 0 && wanted && !(looked = malloc(wanted * sizeof *looked)))
        rc = defcon_search_fail(search, "out of memory");
    for (i = 0, j = 0; rc == 0 && i < count; i++)
        if (typed[i].limit)
            looked[j++] = &typed[i];
    if (rc == 0 && wanted) {
        qsort(looked, wanted, sizeof *looked, compare_letters);
        if (sqlite3_prepare_v2(sqlite, "SELECT word, stem FROM vocab WHERE word >= ?1 AND word < ?2",
                               -1, &words, NULL) != SQLITE_OK)
            rc = defcon_search_fail_sqlite(search, "looking for suggestions");
    }
    /* Candidates share the first letter: typos rarely hit it, and it keeps
     * each scan to a slice of the vocabulary, one scan a letter. */
    for (i = 0; rc == 0 && i < wanted; i = j) {
        letter_words letter;
        char low[2], high[2];
        low[0] = looked[i]->folded.data[0];
        high[0] = (char)(low[0] + 1);
        low[1] = high[1] = '\0';
        for (j = i; j < wanted && looked[j]->folded.data[0] == low[0]; j++)
            ;
        letter.words = looked + i;
        letter.count = j - i;
        if (defcon_terms_range(sqlite, low, 1, high, 1, consider_term, &letter) != SQLITE_OK)
            rc = defcon_search_fail_sqlite(search, "looking for suggestions");
        sqlite3_bind_text(words, 1, low, 1, SQLITE_STATIC);
        sqlite3_bind_text(words, 2, high, 1, SQLITE_STATIC);
        if (rc == 0)
            consider_words(search, words, &documents, &letter);
    }
    for (i = 0; rc == 0 && i < count; i++)
        rc = write_suggestion(&typed[i], suggestions);
    for (i = 0; i < count; i++) {
        defcon_buffer_free(&typed[i].folded);
        defcon_buffer_free(&typed[i].stem);
        defcon_buffer_free(&typed[i].best.word);
    }
    free(typed);
    free(looked);
    sqlite3_finalize(words);
    sqlite3_finalize(documents);
    defcon_buffer_free(&list);
    return rc;
}

/*
 * query.h - from what a researcher types to an FTS5 MATCH expression.
 *
 * The query language: plain words (ANDed), "quoted phrases", OR, NOT and
 * -word, word* (prefix), NEAR(a b, 5), title:word and title:"a phrase",
 * and parentheses. Everything else is text: punctuation inside or around
 * words (U.S.-Iran, Zarif's, a lone ") never breaks a query, because
 * every word or phrase reaches FTS5 as a quoted string that FTS5 hands to
 * our tokenizer. Only real mistakes are errors: an operator with nothing
 * on one side, unbalanced parentheses, a query with only negated terms.
 *
 * Prefix terms need help from the index: it holds stems, so "sanitiz*"
 * must also reach the stem "sanit" of "sanitize". The translator asks the
 * caller's expander for the complete stems of indexed words that start
 * with the prefix but whose stems do not, and ORs them in.
 *
 * The rules in detail (doc/query-language.md has them with examples):
 *  - Words are separated by white space (control characters count as white
 *    space) and by parentheses. A word or phrase without a letter or digit
 *    (as FTS5's unicode61 sees them: "+++", "--", "|", "—") is dropped.
 *  - OR binds tighter than AND, as in web and news-database searches:
 *    `iran OR iraq sanctions` means (iran OR iraq) AND sanctions. AND is
 *    optional. Operators are uppercase; `or`, `and`, `not`, `near` are
 *    words. `|` and `&` are punctuation, not operators.
 *  - NOT x and -x exclude the one term x that follows (a word, "phrase",
 *    field:term, NEAR(...) or a parenthesised group). `-` negates only at
 *    the start of a word and before a letter, digit, quote or parenthesis,
 *    so e-mail, 50-50 and a lone - are text. A side of OR cannot be
 *    negated (`a OR -b` is an error: FTS5 cannot search "everything but").
 *  - A quote opens a phrase at the start of a word; the phrase ends at the
 *    next quote or, if there is none, at the end of the query. Inside a
 *    word a quote is text (5'10", Zarif"s).
 *  - title: and body: (any case) apply to the term right after the colon,
 *    which is always taken as a term: title:OR is the word OR in titles.
 *    With nothing right after the colon, or another name before it
 *    (http:, U.S.:, 10:30), the colon is text.
 *  - NEAR( must follow NEAR with no space; inside go words and phrases
 *    only, then optionally a comma and a distance from 0 to
 *    DEFCON_QUERY_MAX_NEAR_DISTANCE (FTS5's default is 10).
 *  - A misplaced operator is an error, never silently a word (`OR a`,
 *    `a AND`, `a NOT`, `AND`): the message says to write it in lowercase to
 *    search for the word. Parentheses must balance and may not be empty.
 *  - Parentheses and field filters nest at most DEFCON_QUERY_MAX_DEPTH
 *    deep. FTS5's parser has a fixed stack of 100 entries, and one level
 *    can take six of them (a NOT group around an OR); the worst shapes
 *    overflow it from 16 levels on, so 10 leaves a wide margin.
 */
#ifndef DEFCON_QUERY_H
#define DEFCON_QUERY_H

#include <stddef.h>

#include "buffer.h"

/* Called once per prefix term with the prefix as typed (without the '*').
 * Appends to `stems` zero or more stems, each followed by a NUL byte
 * ("sanit\0saniti\0"). Returns 0, or -1 on failure (the translation then
 * fails with "could not expand prefix"). May be NULL: no expansion. */
typedef int (*defcon_prefix_expander)(void *context, const char *prefix,
                                      defcon_buffer *stems);

/* How deep parentheses and field filters may nest in a query. */
#define DEFCON_QUERY_MAX_DEPTH 10

/* The largest distance NEAR(..., N) accepts. */
#define DEFCON_QUERY_MAX_NEAR_DISTANCE 100000

typedef enum defcon_query_status {
    DEFCON_QUERY_OK = 0,
    DEFCON_QUERY_EMPTY,     /* nothing searchable (blank, or only punctuation) */
    DEFCON_QUERY_ERROR      /* a mistake; `error` says what and where */
} defcon_query_status;

/* A parsed query: parse once, then ask it for the FTS5 expression, its
 * words and its phrases. Not thread-safe; one search uses one. */
typedef struct defcon_query defcon_query;

/* Parses `text`. On OK sets *out (free it with defcon_query_free). On
 * ERROR, writes a message quoting the offending part of the query into
 * error[error_size], e.g. "NEAR( needs a closing parenthesis: ...", and
 * on EMPTY one saying there is nothing to search for; *out is then NULL.
 * `error` may be NULL when error_size is 0. */
defcon_query_status defcon_query_parse(const char *text, defcon_query **out, char *error,
                                       size_t error_size);

/* Writes the FTS5 expression of the query over the columns "title" and
 * "body" to `expression` (cleared first), valid UTF-8 (invalid bytes in
 * the query became U+FFFD). Prefix terms are widened with the stems the
 * expander gives. Also records the expression's phrases (below). Returns
 * 0, or -1 with a message in error[error_size] (the expander failed, or
 * memory ran out). */
int defcon_query_expression(defcon_query *query, defcon_prefix_expander expander,
                            void *expander_context, defcon_buffer *expression, char *error,
                            size_t error_size);

/* Called, while a page expression is written, once per prefix term with
 * the prefix as typed (without the '*'). Appends to `phrase` a string that
 * the index's tokenizer reads, in a query, as one token that is any term
 * of the page's rows starting with the prefix (tokenizer.h's
 * DEFCON_TERMS_MARK). Returns 0, 1 when the prefix cannot be replaced so
 * (it is not one term), or -1 on failure. */
typedef int (*defcon_prefix_words)(void *context, const char *prefix, defcon_buffer *phrase);

/* Writes, like defcon_query_expression, an expression for fetching a page
 * of rows known to match: each prefix term becomes the phrase `words_of`
 * gives, the terms of those rows it stands for as one token (FTS5 then
 * seeks a few terms to each row instead of merging every doclist of the
 * prefix again). Over those rows it matches as the query's expression
 * does, with the same phrases, so highlight() and snippet() give the same.
 * The phrases recorded by the last defcon_query_expression are kept.
 * Returns 0; 1 when a prefix cannot be replaced (inside a phrase or NEAR,
 * or `words_of` says so); -1 when the expander or `words_of` failed or
 * memory ran out. */
int defcon_query_page_expression(defcon_query *query, defcon_prefix_expander expander,
                                 void *expander_context, defcon_prefix_words words_of,
                                 void *words_context, defcon_buffer *expression);

/* One phrase of the expression last written, in the order FTS5 numbers
 * them: its text with FTS5's quoting undone (`len` bytes, NUL-terminated,
 * owned by the query and valid until it writes another expression or is
 * freed), whether it is a prefix ("nucl"*), and whether title: or body:
 * narrows it. */
typedef struct defcon_query_phrase {
    const char *text;
    size_t len;
    int prefix;
    int narrowed;
    size_t term;          /* which term of the query it stands for (the
                             spellings of one name share it): see
                             defcon_query_term_text */
} defcon_query_phrase;

/* How many phrases the expression last written holds (0 before one is
 * written), and the phrase at `index` (below that count). */
size_t defcon_query_phrase_count(const defcon_query *query);
void defcon_query_phrase_at(const defcon_query *query, size_t index, defcon_query_phrase *out);

/* Whether the expression last written matches the rows holding its first
 * phrase and none of the others: it is that phrase alone, or a term's one
 * phrase (no other spellings) NOT the others ORed, each of them a negated
 * term's own or an ORed group's (not inside a NEAR group, a field or an
 * AND). */
int defcon_query_first_phrase_less_others(const defcon_query *query);

/* Whether the expression last written matches the rows holding any of
 * its phrases: each of them a term's own (its spellings, a prefix's
 * stems), the terms ORed (not inside a NEAR group, a field or an AND). */
int defcon_query_any_phrase(const defcon_query *query);

/* Appends to `words` every plain search word of the query (not operators,
 * not negated terms), each followed by a NUL byte: for highlighting in
 * `show` and for spelling suggestions. Returns 0, or -1 on no memory.
 * Words come as typed (Zarif's, U.S.-Iran), with the words of positive
 * phrases and NEAR groups one by one. Prefix terms (word*) are left out:
 * they are not whole words. */
int defcon_query_words(defcon_query *query, defcon_buffer *words);

void defcon_query_free(defcon_query *query);

/* The text of a term of the query (a word, or a phrase's words), as
 * typed: `*len` bytes, not NUL-terminated, owned by the query. */
const char *defcon_query_term_text(const defcon_query *query, size_t term, size_t *len);

/* The text of a term as a NUL-terminated string, owned by the query and
 * valid until it is freed (for the words a hit matched). */
const char *defcon_query_term_word(defcon_query *query, size_t term, size_t *len);

/* ---- Best match ----
 * A query of plain words and "phrases" (no OR, NEAR, field, prefix or
 * group) can be relaxed when too few articles hold every word: the
 * phrases stay required, the words are ORed, English stop words left out
 * (unless the query holds nothing else), negated words (-word, NOT word)
 * stay excluded, and the search ranks the articles by how many and how
 * well they match. Text is also prepared as
 * people paste it: in a query in capitals alone AND, OR and NOT are
 * words; without operators, parentheses are text, and unpaired quotes. */

/* How many terms a plain query has (words and phrases); 0 when it uses
 * operators and is to be taken as written. */
size_t defcon_query_plain_terms(const defcon_query *query);

/* A plain query's terms one by one, for counting the articles that hold
 * every word without FTS5 evaluating an AND of them all (search.c's
 * strict count). defcon_query_plain_term_list sets *terms (malloc'd; the
 * caller frees it) and *count to the terms, the positive ones first
 * (defcon_query_plain_terms of them), then the negated: each its text as
 * typed, whether it is a phrase or negated, and which term of the query
 * it is (as defcon_query_term_text numbers them); no term when the query
 * is not plain. defcon_query_term_expression writes the FTS5 expression
 * the query's own writes for such a term, the name's other spellings
 * ORed; the recorded phrases stay those of the last expression written.
 * Both return 0, or -1 when out of memory. */
typedef struct defcon_query_plain_term {
    const char *text;
    size_t len;
    int phrase;
    int negated;
    size_t term;
} defcon_query_plain_term;

int defcon_query_plain_term_list(const defcon_query *query, defcon_query_plain_term **terms,
                                 size_t *count);
int defcon_query_term_expression(defcon_query *query, size_t term, defcon_buffer *expression);

/* A long question or a pasted paragraph is matched, once relaxed, on its
 * DEFCON_RELAXED_MAX_WORDS most distinctive words, those the fewest
 * articles hold, as Lucene's MoreLikeThis keeps its most distinctive
 * terms: the common words of a long text add matches to rank but little
 * to the ranking. Words no article holds are left out first. */
#define DEFCON_RELAXED_MAX_WORDS 12

/* How many articles hold a word as the index folds it (`len` bytes of
 * text as typed), or -1 when not known. */
typedef long long (*defcon_word_rows)(void *context, const char *text, size_t len);

/* Gives the query the function that counts a word's articles, for the cap
 * above; without one, every word is kept. */
void defcon_query_set_word_rows(defcon_query *query, defcon_word_rows rows, void *context);

/* How many words the last relaxed expression left out for the cap. */
size_t defcon_query_relaxed_dropped(const defcon_query *query);

/* Writes the relaxed expression of a plain query (as written for one that
 * is not plain), recording its phrases like defcon_query_expression. */
int defcon_query_relaxed_expression(defcon_query *query, defcon_prefix_expander expander,
                                    void *expander_context, defcon_buffer *expression,
                                    char *error, size_t error_size);

/* With `on`, expressions written after this OR every word or phrase that
 * is a name with its other spellings (name_variants.h: Qaddafi, Gaddafi,
 * Kadhafi). Off by default. */
void defcon_query_set_variants(defcon_query *query, int on);

/* Tells whether another spelling of the name `name` (as typed, folded)
 * is worth searching: 1 yes, 0 no. The search's filter keeps a spelling
 * the index holds (every word of it), and not one that would add almost
 * nothing: where the typed word is a common word of the archive ("said")
 * and the other spelling a rare one ("saed"), the word is used as a word
 * of the language, not as a name, and the other spelling only costs the
 * search another evaluation of the phrase. Spellings that fail are left
 * out of the expression and of --explain; the name as written always
 * stays. */
typedef int (*defcon_spelling_filter)(void *context, const char *name, size_t name_len,
                                      const char *spelling, size_t len);

/* Sets the filter of other spellings (none by default: all are kept). */
void defcon_query_set_variant_filter(defcon_query *query, defcon_spelling_filter filter,
                                     void *context);

/* Appends, for --explain, the variant groups of the query's names:
 * "qaddafi = gaddafi, kadhafi (table); ...". 0, or -1 out of memory. */
int defcon_query_describe_variants(const defcon_query *query, defcon_buffer *out);

/* Parses `text` and writes its expression in one call: the status of the
 * parse, or ERROR when writing the expression failed (see above). */
defcon_query_status defcon_query_translate(const char *text, defcon_prefix_expander expander,
                                           void *expander_context, defcon_buffer *expression,
                                           char *error, size_t error_size);

#endif

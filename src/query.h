/*
 * query.h - from what a researcher types to an FTS5 MATCH expression.
 *
 * The query language: plain words (ANDed), "quoted phrases", OR, NOT and
 * -word, word* (prefix), NEAR(a b, 5), title:word and title:"a phrase",
 * and parentheses. Everything else is text: punctuation inside or around
 * words (U.S.-Iran, Zarif's, C++, a lone ") never breaks a query, because
 * every word or phrase reaches FTS5 as a quoted string that FTS5 hands to
 * our tokenizer. Only real mistakes are errors: an operator with nothing
 * on one side, unbalanced parentheses, a query with only negated terms.
 *
 * Prefix terms need help from the index: it holds stems, so "sanitiz*"
 * must also reach the stem "sanit" of "sanitize". The translator asks the
 * caller's expander for the complete stems of indexed words that start
 * with the prefix but whose stems do not, and ORs them in.
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

typedef enum defcon_query_status {
    DEFCON_QUERY_OK = 0,
    DEFCON_QUERY_EMPTY,     /* nothing searchable (blank, or only punctuation) */
    DEFCON_QUERY_ERROR      /* a mistake; `error` says what and where */
} defcon_query_status;

/* Translates `query` into an FTS5 expression written to `expression`
 * (cleared first). The columns are "title" and "body". On ERROR, writes
 * a message quoting the offending part of the query into
 * error[error_size], e.g. "NEAR( needs a closing parenthesis". */
defcon_query_status defcon_query_translate(const char *query,
                                           defcon_prefix_expander expander,
                                           void *expander_context,
                                           defcon_buffer *expression,
                                           char *error, size_t error_size);

/* Appends to `words` every plain search word of `query` (not operators,
 * not negated terms), each followed by a NUL byte: for highlighting in
 * `show` and for spelling suggestions. Returns 0, or -1 on no memory. */
int defcon_query_words(const char *query, defcon_buffer *words);

#endif

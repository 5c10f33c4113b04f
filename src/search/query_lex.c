/*
 * query_lex.c - the first pass over a query: the typed text cleaned
 * (control characters turned into spaces, invalid UTF-8 into U+FFFD) and
 * cut into tokens: words, "phrases", operators, parentheses, field
 * prefixes and NEAR groups. Also the errors every pass reports, quoting
 * the part of the query they concern.
 *
 * FTS5 treats a quoted string that yields no token as a phrase that
 * matches nothing, which would empty a whole AND. So words are dropped
 * unless they hold a character unicode61 keeps: an ASCII letter or digit,
 * or a non-ASCII code point outside unicode61's separators (token_chars.h).
 */
#include "query_tree.h"
#include "array.h"
#include "ascii.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "token_chars.h"

const char *const defcon_query_field_names[FIELD_COUNT] = {"title", "body"};

/* --- Characters ---------------------------------------------------------- */

/* Non-ASCII characters the lexer treats as white space: C1 controls,
 * Unicode spaces, zero-width space and the byte-order mark. */
static int is_unicode_space(uint32_t c)
{
    return (c >= 0x80 && c <= 0x9F) || c == 0xA0 || c == 0x1680
        || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029
        || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/* Whether text[start, end), valid UTF-8, holds a character of a token. */
int defcon_query_has_word_character(const char *text, size_t start, size_t end)
{
    while (start < end)
        if (defcon_token_char(defcon_text_next_codepoint(text, end, &start)))
            return 1;
    return 0;
}

/* Copies `query` into `out`, with control characters and Unicode spaces
 * turned into ASCII spaces and each byte of invalid UTF-8 into U+FFFD, so
 * the rest of the translator sees plain spaces and valid UTF-8 only. */
int defcon_query_clean(const char *query, defcon_buffer *out)
{
    const unsigned char *s = (const unsigned char *)query;
    size_t length = strlen(query), i = 0, start;
    unsigned long c;
    int rc;

    rc = defcon_buffer_reserve(out, length);
    while (rc == 0 && i < length) {
        if (s[i] < 0x20 || s[i] == 0x7F) {
            rc = defcon_buffer_putc(out, ' ');
            i++;
            continue;
        }
        start = i;
        c = defcon_text_next_codepoint(query, length, &i);
        if (c == 0xFFFD)
            rc = defcon_buffer_append(out, DEFCON_TEXT_REPLACEMENT, 3);
        else if (i - start > 1 && is_unicode_space((uint32_t)c))
            rc = defcon_buffer_putc(out, ' ');
        else
            rc = defcon_buffer_append(out, query + start, i - start);
    }
    return rc;
}

/* --- Errors --------------------------------------------------------------- */

/* Cuts s[0, length) back so that it does not end inside a UTF-8 sequence. */
static void end_on_character(char *s, size_t length)
{
    size_t lead = length, need;
    unsigned char c;

    while (lead > 0 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0)
        return;
    c = (unsigned char)s[lead - 1];
    need = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (length - (lead - 1) < need)
        s[lead - 1] = '\0';
}

/* Copies text[start, end) into quote, cut to QUOTE_MAX bytes on a
 * character boundary; "..." marks the cut, at the front if keep_tail. */
static void quote_text(const char *text, size_t start, size_t end, int keep_tail,
                       char quote[QUOTE_MAX + 4])
{
    size_t length = end - start;

    if (length <= QUOTE_MAX) {
        memcpy(quote, text + start, length);
        quote[length] = '\0';
    } else if (keep_tail) {
        size_t from = end - QUOTE_MAX;
        while (from < end && ((unsigned char)text[from] & 0xC0) == 0x80)
            from++;
        memcpy(quote, "...", 3);
        memcpy(quote + 3, text + from, end - from);
        quote[3 + end - from] = '\0';
    } else {
        size_t to = start + QUOTE_MAX;
        while (to > start && ((unsigned char)text[to] & 0xC0) == 0x80)
            to--;
        memcpy(quote, text + start, to - start);
        memcpy(quote + (to - start), "...", 4);
    }
}

/* Records the first error: `before`, the quoted text[start, end), `after`.
 * Always returns -1, for the callers to pass on. */
int defcon_query_fail_at(struct translator *t, const char *before, size_t start, size_t end,
                   int keep_tail, const char *after)
{
    char quote[QUOTE_MAX + 4];
    int written;

    if (t->failed)
        return -1;
    t->failed = 1;
    if (!t->error || t->error_size == 0)
        return -1;
    quote_text(defcon_buffer_cstr(&t->text), start, end, keep_tail, quote);
    written = snprintf(t->error, t->error_size, "%s\"%s\"%s", before, quote, after);
    if (written < 0)
        t->error[0] = '\0';
    else if ((size_t)written >= t->error_size)
        end_on_character(t->error, t->error_size - 1);
    return -1;
}

int defcon_query_fail_out_of_memory(struct translator *t)
{
    if (!t->failed && t->error && t->error_size > 0)
        snprintf(t->error, t->error_size, "out of memory");
    t->failed = 1;
    t->out_of_memory = 1;
    return -1;
}

/* --- Lexer ---------------------------------------------------------------- */

static struct token *push_token(struct translator *t, enum token_kind kind,
                                size_t start, size_t end)
{
    struct token *token;

    if (t->token_count == t->token_capacity
        && defcon_array_grow(&t->tokens, &t->token_capacity, sizeof *t->tokens, 64) != 0) {
        defcon_query_fail_out_of_memory(t);
        return NULL;
    }
    token = &t->tokens[t->token_count++];
    memset(token, 0, sizeof *token);
    token->kind = kind;
    token->start = token->text_start = start;
    token->end = token->text_end = end;
    return token;
}

/* What may follow a "-" that negates: a word, a phrase or a group. */
static int begins_term(unsigned char c)
{
    return defcon_ascii_is_alnum((char)c) || c >= 0x80 || c == '"' || c == '(';
}

/* Matches "title:" or "body:" (any case) at text[pos] with a term right
 * after the colon: returns the field and sets *length, or returns -1. */
static int match_field(const char *text, size_t pos, size_t limit, size_t *length)
{
    size_t i, k, n;

    for (i = 0; i < FIELD_COUNT; i++) {
        n = strlen(defcon_query_field_names[i]);
        if (limit - pos < n + 2)
            continue;
        for (k = 0; k < n && defcon_ascii_lower(text[pos + k]) == defcon_query_field_names[i][k]; k++)
            ;
        if (k < n || text[pos + n] != ':' || text[pos + n + 1] == ' '
            || text[pos + n + 1] == ')')
            continue;
        *length = n + 1;
        return (int)i;
    }
    return -1;
}

/* Lexes the phrase whose opening quote is at text[pos]; returns where the
 * lexer goes on, or NONE when memory runs out. */
static size_t lex_phrase(struct translator *t, size_t pos, size_t limit)
{
    const char *text = t->text.data;
    size_t open = pos, content_start = pos + 1, content_end, end;
    struct token *token;
    int prefix = 0;

    end = content_start;
    while (end < limit && text[end] != '"')
        end++;
    content_end = end;
    if (end < limit) {
        end++;
        while (end < limit && text[end] == '*') {
            end++;
            prefix = 1;
        }
    }
    /* "kim jong*": a star at the end inside the quotes is a prefix too. */
    for (;;) {
        while (content_end > content_start && text[content_end - 1] == ' ')
            content_end--;
        if (content_end == content_start || text[content_end - 1] != '*')
            break;
        content_end--;
        prefix = 1;
    }
    while (content_start < content_end && text[content_start] == ' ')
        content_start++;
    token = push_token(t, TOKEN_PHRASE, open, end);
    if (!token)
        return NONE;
    token->text_start = content_start;
    token->text_end = content_end;
    token->prefix = prefix;
    return end;
}

static size_t lex_span(struct translator *t, size_t pos, size_t limit, int in_near);

/* Lexes NEAR( at text[start], whose "(" is at text[open]: the NEAR token,
 * the tokens of its words, the distance after the last comma, and the
 * closing parenthesis. Without a closing parenthesis there is nothing
 * more to lex. Returns where the lexer goes on, or NONE. */
static size_t lex_near(struct translator *t, size_t start, size_t open)
{
    const char *text = t->text.data;
    size_t length = t->text.len, close = NONE, comma = NONE, i;
    int at_token_start = 1;
    struct token *token;

    /* Quotes count as in the lexer: they open a phrase at a token start. */
    for (i = open + 1; i < length && close == NONE; i++) {
        char c = text[i];
        if (c == ' ' || c == '(') {
            at_token_start = 1;
        } else if (c == ')') {
            close = i;
        } else if (c == '"' && at_token_start) {
            i++;
            while (i < length && text[i] != '"')
                i++;
            if (i == length)
                break;
        } else {
            if (c == ',')
                comma = i;
            at_token_start = 0;
        }
    }
    if (close == NONE) {
        token = push_token(t, TOKEN_NEAR, start, length);
        if (!token)
            return NONE;
        token->unclosed = 1;
        return length;
    }
    if (!push_token(t, TOKEN_NEAR, start, close + 1)
        || lex_span(t, open + 1, comma != NONE ? comma : close, 1) == NONE)
        return NONE;
    if (comma != NONE) {
        token = push_token(t, TOKEN_DISTANCE, comma, close);
        if (!token)
            return NONE;
        token->text_start = comma + 1;
        while (token->text_start < close && text[token->text_start] == ' ')
            token->text_start++;
        while (token->text_end > token->text_start && text[token->text_end - 1] == ' ')
            token->text_end--;
    }
    if (!push_token(t, TOKEN_CLOSE, close, close + 1))
        return NONE;
    return close + 1;
}

/* Lexes a word at text[pos]: an operator, NEAR(, or a word (a prefix if it
 * ends in stars). Returns where the lexer goes on, or NONE. */
static size_t lex_word(struct translator *t, size_t pos, size_t limit, int in_near,
                       int term_only)
{
    const char *text = t->text.data;
    size_t start = pos, length, base;
    enum token_kind kind = TOKEN_WORD;
    struct token *token;

    while (pos < limit && text[pos] != ' ' && text[pos] != '(' && text[pos] != ')')
        pos++;
    length = pos - start;
    if (!in_near && length == 4 && memcmp(text + start, "NEAR", 4) == 0
        && pos < limit && text[pos] == '(')
        return lex_near(t, start, pos);
    if (!term_only) {
        if (length == 2 && memcmp(text + start, "OR", 2) == 0)
            kind = TOKEN_OR;
        else if (length == 3 && memcmp(text + start, "AND", 3) == 0)
            kind = TOKEN_AND;
        else if (length == 3 && memcmp(text + start, "NOT", 3) == 0)
            kind = TOKEN_NOT;
    }
    token = push_token(t, kind, start, pos);
    if (!token)
        return NONE;
    if (kind == TOKEN_WORD) {
        base = pos;
        while (base > start && text[base - 1] == '*')
            base--;
        if (base > start && base < pos) {
            token->text_end = base;
            token->prefix = 1;
        }
    }
    return pos;
}

/* Lexes text[pos, limit) into tokens; in_near for the inside of NEAR(...),
 * where NEAR( is not looked for again. Returns where lexing stopped, or
 * NONE when memory runs out. */
static size_t lex_span(struct translator *t, size_t pos, size_t limit, int in_near)
{
    const char *text = t->text.data;
    int boundary = 1;     /* after white space or a parenthesis */
    int term_only = 0;    /* after "-" or "field:": operators are words */
    size_t length;
    int field;

    while (pos < limit) {
        unsigned char c = (unsigned char)text[pos];
        if (c == ' ') {
            pos++;
            boundary = 1;
            term_only = 0;
        } else if (c == '(' || c == ')') {
            if (!push_token(t, c == '(' ? TOKEN_OPEN : TOKEN_CLOSE, pos, pos + 1))
                return NONE;
            pos++;
            boundary = 1;
            term_only = 0;
        } else if (c == '"') {
            pos = lex_phrase(t, pos, limit);
            if (pos == NONE)
                return NONE;
            boundary = 0;
            term_only = 0;
        } else if (c == '-' && boundary && !term_only && pos + 1 < limit
                   && begins_term((unsigned char)text[pos + 1])) {
            if (!push_token(t, TOKEN_MINUS, pos, pos + 1))
                return NONE;
            pos++;
            boundary = 0;
            term_only = 1;
        } else if ((field = match_field(text, pos, limit, &length)) >= 0) {
            struct token *token = push_token(t, TOKEN_FIELD, pos, pos + length);
            if (!token)
                return NONE;
            token->field = field;
            pos += length;
            boundary = 0;
            term_only = 1;
        } else {
            pos = lex_word(t, pos, limit, in_near, term_only);
            if (pos == NONE)
                return NONE;
            boundary = 0;
            term_only = 0;
        }
    }
    return pos;
}

int defcon_query_lex(struct translator *t)
{
    if (lex_span(t, 0, t->text.len, 0) == NONE
        || !push_token(t, TOKEN_END, t->text.len, t->text.len))
        return -1;
    return 0;
}

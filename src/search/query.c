/*
 * query.c - the query as an object: parsed once (query_lex.c,
 * query_parse.c), then asked for what each consumer needs: the FTS5 MATCH
 * expression, the plain words, the phrases in FTS5's numbering. See
 * query.h for the language, doc/query-language.md for examples.
 *
 * The expression is written with every word and phrase quoted and every
 * compound operand in parentheses, so nothing a researcher types reaches
 * FTS5 as syntax. While it is written, each phrase is recorded in the order
 * FTS5 will number it, so that nothing ever reads the expression back.
 */
#include "query.h"
#include "array.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "name_variants.h"
#include "query_tree.h"
#include "stop_words.h"
#include "text.h"

struct defcon_query {
    struct translator tree;
    size_t root;
    defcon_buffer prepared;       /* the text as parsed (prepare_text) */
    defcon_buffer words;          /* every term, NUL-terminated (term_word) */
    size_t *word_offsets;         /* ... where each node's starts */
    defcon_word_rows word_rows;   /* best match's cap (query.h) */
    void *word_rows_context;
    size_t relaxed_dropped;
};

/* --- The expression --------------------------------------------------------- */

static int put(struct translator *t, defcon_buffer *out, const char *text)
{
    return defcon_buffer_puts(out, text) == 0 ? 0 : defcon_query_fail_out_of_memory(t);
}

/* Writes text[start, end) as an FTS5 string: in double quotes, with each
 * double quote doubled. */
static int put_string(struct translator *t, defcon_buffer *out, const char *text,
                      size_t start, size_t end)
{
    size_t run = start;

    if (defcon_buffer_putc(out, '"') != 0)
        return defcon_query_fail_out_of_memory(t);
    for (; start < end; start++) {
        if (text[start] != '"')
            continue;
        if (defcon_buffer_append(out, text + run, start + 1 - run) != 0)
            return defcon_query_fail_out_of_memory(t);
        run = start;
    }
    if (defcon_buffer_append(out, text + run, end - run) != 0
        || defcon_buffer_putc(out, '"') != 0)
        return defcon_query_fail_out_of_memory(t);
    return 0;
}

/* Notes a phrase just written, as FTS5 will number it: its text with the
 * quoting undone, whether it is a prefix, and whether title: or body:
 * narrows it. */
static int record_phrase(struct translator *t, const char *text, size_t len, int prefix,
                         size_t term)
{
    struct recorded_phrase *phrase;

    if (t->phrase_count == t->phrase_capacity
        && defcon_array_grow(&t->phrases, &t->phrase_capacity, sizeof *t->phrases, 16) != 0)
        return defcon_query_fail_out_of_memory(t);
    phrase = &t->phrases[t->phrase_count];
    phrase->offset = t->phrase_text.len;
    phrase->len = len;
    phrase->prefix = prefix;
    phrase->narrowed = t->field_depth > 0;
    phrase->term = term;
    if (defcon_buffer_append(&t->phrase_text, text, len) != 0
        || defcon_buffer_putc(&t->phrase_text, '\0') != 0)
        return defcon_query_fail_out_of_memory(t);
    t->phrase_count++;
    return 0;
}

/* Whether a stem from the expander can go into the expression: valid
 * UTF-8 without control characters, holding a character of a token. */
static int is_usable_stem(const char *stem, size_t length)
{
    return defcon_text_utf8_check(stem, length) == length
        && defcon_text_find_control(stem, length) == length && !memchr(stem, '\t', length)
        && !memchr(stem, '\n', length) && defcon_query_has_word_character(stem, 0, length);
}

/* Writes a word or phrase; a prefix word with `expand` also gets the stems
 * from the expander: ("sanitiz"* OR "sanit"). */
/* The spellings of the name `text` is that the variant filter keeps, the
 * name itself first; returns how many. */
static int find_variants(const struct translator *t, const char *text, size_t len,
                         defcon_name_variants *variants)
{
    int kept = 1, i;

    if (defcon_name_variants_find(text, len, variants) < 2)
        return variants->count;
    for (i = 1; i < variants->count; i++) {
        if (t->variant_filter
            && !t->variant_filter(t->variant_filter_context, variants->names[0],
                                  strlen(variants->names[0]), variants->names[i],
                                  strlen(variants->names[i])))
            continue;
        if (kept != i)
            memcpy(variants->names[kept], variants->names[i], sizeof variants->names[i]);
        kept++;
    }
    variants->count = kept;
    return kept;
}

/* Writes a word or a phrase with the other spellings of the name it is
 * (name_variants.h): ("qaddafi" OR "gaddafi" OR "kadhafi"). Returns 1 when
 * it had variants and was written, 0 when it has none, -1 on failure. */
static int emit_variants(struct translator *t, size_t index, defcon_buffer *out)
{
    const struct node *term = &t->nodes[index];
    const char *text = t->text.data + term->text_start;
    size_t len = term->text_end - term->text_start;
    defcon_name_variants variants;
    int i;

    if (!t->variants || term->prefix || term->negated
        || find_variants(t, text, len, &variants) < 2)
        return 0;
    if (put(t, out, "(") != 0 || put_string(t, out, text, 0, len) != 0
        || record_phrase(t, text, len, 0, index) != 0)
        return -1;
    for (i = 1; i < variants.count; i++)
        if (put(t, out, " OR ") != 0
            || put_string(t, out, variants.names[i], 0, strlen(variants.names[i])) != 0
            || record_phrase(t, variants.names[i], strlen(variants.names[i]), 0, index) != 0)
            return -1;
    return put(t, out, ")") == 0 ? 1 : -1;
}

/* Writes a prefix term of a page expression (defcon_query_page_expression)
 * as the one string t->prefix_words makes of it. */
static int put_page_terms(struct translator *t, const struct node *term, defcon_buffer *out)
{
    defcon_buffer prefix = DEFCON_BUFFER_INIT, terms = DEFCON_BUFFER_INIT;
    int rc = defcon_buffer_append(&prefix, t->text.data + term->text_start,
                                  term->text_end - term->text_start);

    if (rc != 0)
        rc = defcon_query_fail_out_of_memory(t);
    else if ((rc = t->prefix_words(t->prefix_words_context, defcon_buffer_cstr(&prefix),
                                   &terms)) != 0) {
        t->cannot_replace |= rc > 0;
        t->failed = 1;
        rc = -1;
    } else {
        rc = put_string(t, out, defcon_buffer_cstr(&terms), 0, terms.len);
    }
    defcon_buffer_free(&prefix);
    defcon_buffer_free(&terms);
    return rc;
}

static int emit_term(struct translator *t, size_t index, int expand, defcon_buffer *out)
{
    const struct node *term = &t->nodes[index];
    const char *text = t->text.data, *stem, *stems_end = NULL, *stem_end;
    size_t usable = 0;
    /* Not inside NEAR(...) (expand 0), which takes strings only. */
    int rc = expand ? emit_variants(t, index, out) : 0;

    if (rc != 0)
        return rc < 0 ? -1 : 0;

    if (t->prefix_words && term->prefix && (!expand || term->phrase)) {
        t->cannot_replace = 1;   /* a phrase's last word, or inside NEAR */
        t->failed = 1;
        return -1;
    }

    if (expand && term->prefix && !term->phrase && t->expander) {
        defcon_buffer_clear(&t->prefix);
        defcon_buffer_clear(&t->stems);
        if (defcon_buffer_append(&t->prefix, text + term->text_start,
                                 term->text_end - term->text_start) != 0)
            return defcon_query_fail_out_of_memory(t);
        if (t->expander(t->expander_context, defcon_buffer_cstr(&t->prefix), &t->stems) != 0)
            return defcon_query_fail_at(t, "could not expand prefix ", term->start, term->end, 0, "");
        stems_end = defcon_buffer_cstr(&t->stems) + t->stems.len;
        for (stem = defcon_buffer_cstr(&t->stems); stem < stems_end; stem = stem_end + 1) {
            stem_end = memchr(stem, '\0', (size_t)(stems_end - stem));
            if (!stem_end)
                stem_end = stems_end;
            usable += is_usable_stem(stem, (size_t)(stem_end - stem));
        }
    }
    if (usable && put(t, out, "(") != 0)
        return -1;
    if (t->prefix_words && term->prefix) {
        if (put_page_terms(t, term, out) != 0)
            return -1;
    } else if (put_string(t, out, text, term->text_start, term->text_end) != 0
               || (term->prefix && put(t, out, "*") != 0)) {
        return -1;
    }
    if (record_phrase(t, text + term->text_start, term->text_end - term->text_start,
                         term->prefix, index) != 0)
        return -1;
    if (!usable)
        return 0;
    for (stem = defcon_buffer_cstr(&t->stems); stem < stems_end; stem = stem_end + 1) {
        stem_end = memchr(stem, '\0', (size_t)(stems_end - stem));
        if (!stem_end)
            stem_end = stems_end;
        if (!is_usable_stem(stem, (size_t)(stem_end - stem)))
            continue;
        if (put(t, out, " OR ") != 0
            || put_string(t, out, stem, 0, (size_t)(stem_end - stem)) != 0
            || record_phrase(t, stem, (size_t)(stem_end - stem), 0, index) != 0)
            return -1;
    }
    return put(t, out, ")");
}

static int emit_node(struct translator *t, size_t index, defcon_buffer *out);

/* Writes a child node, in parentheses unless it is one unit; after a
 * field's colon, another field needs them too. */
static int emit_operand(struct translator *t, size_t index, int after_colon,
                        defcon_buffer *out)
{
    enum shape shape = t->nodes[index].shape;
    int wrap = shape == SHAPE_AND || shape == SHAPE_OR || shape == SHAPE_NOT
        || (after_colon && shape == SHAPE_FIELD);

    if ((wrap && put(t, out, "(") != 0) || emit_node(t, index, out) != 0
        || (wrap && put(t, out, ")") != 0))
        return -1;
    return 0;
}

/* Writes the non-empty children of one sign, joined by `separator`, in
 * parentheses if there is more than one and `group` is set. */
static int emit_children(struct translator *t, size_t index, int negated,
                         const char *separator, int group, defcon_buffer *out)
{
    const struct node *node = &t->nodes[index];
    size_t count = negated ? node->negatives : node->positives, child, written = 0;

    group = group && count > 1;
    if (group && put(t, out, "(") != 0)
        return -1;
    for (child = node->first; child != NONE; child = t->nodes[child].next) {
        if (t->nodes[child].shape == SHAPE_EMPTY || t->nodes[child].negated != negated)
            continue;
        if ((written++ > 0 && put(t, out, separator) != 0)
            || emit_operand(t, child, 0, out) != 0)
            return -1;
    }
    return group ? put(t, out, ")") : 0;
}

/* Writes a node that is not empty, without parentheses around it. */
static int emit_node(struct translator *t, size_t index, defcon_buffer *out)
{
    const struct node *node = &t->nodes[index];
    size_t child, written = 0;
    int rc;

    switch (node->kind) {
    case NODE_TERM:
        return emit_term(t, index, 1, out);
    case NODE_NEAR:
        if (node->only != NONE)
            return emit_term(t, node->only, 0, out);
        if (put(t, out, "NEAR(") != 0)
            return -1;
        for (child = node->first; child != NONE; child = t->nodes[child].next) {
            if (t->nodes[child].shape == SHAPE_EMPTY)
                continue;
            if ((written++ > 0 && put(t, out, " ") != 0) || emit_term(t, child, 0, out) != 0)
                return -1;
        }
        if (node->distance >= 0 && defcon_buffer_printf(out, ", %ld", node->distance) != 0)
            return defcon_query_fail_out_of_memory(t);
        return put(t, out, ")");
    case NODE_FIELD:
        if (put(t, out, defcon_query_field_names[node->field]) != 0 || put(t, out, ":") != 0)
            return -1;
        t->field_depth++;
        rc = emit_operand(t, node->first, 1, out);
        t->field_depth--;
        return rc;
    case NODE_OR:
    case NODE_AND:
        if (node->only != NONE)
            return emit_node(t, node->only, out);
        if (node->negatives == 0)
            return emit_children(t, index, 0, node->kind == NODE_OR ? " OR " : " AND ", 0,
                                 out);
        /* FTS5's NOT is binary: (positives) NOT (negatives ORed). */
        if (emit_children(t, index, 0, " AND ", 1, out) != 0 || put(t, out, " NOT ") != 0)
            return -1;
        return emit_children(t, index, 1, " OR ", 1, out);
    }
    return 0;
}

/* Appends the words of a non-empty, positive node to `words`. */
static int collect_words(struct translator *t, size_t index, defcon_buffer *words)
{
    const struct node *node = &t->nodes[index];
    const char *text = t->text.data;
    size_t child, start, end;

    if (node->shape == SHAPE_EMPTY)
        return 0;
    switch (node->kind) {
    case NODE_TERM:
        if (node->prefix)
            return 0;
        for (start = node->text_start; start < node->text_end; start = end) {
            end = start;
            while (end < node->text_end && (text[end] != ' ' || !node->phrase))
                end++;
            if (defcon_query_has_word_character(text, start, end)
                && (defcon_buffer_append(words, text + start, end - start) != 0
                    || defcon_buffer_putc(words, '\0') != 0))
                return defcon_query_fail_out_of_memory(t);
            while (end < node->text_end && text[end] == ' ')
                end++;
        }
        return 0;
    case NODE_FIELD:
        return collect_words(t, node->first, words);
    case NODE_NEAR:
    case NODE_OR:
    case NODE_AND:
        for (child = node->first; child != NONE; child = t->nodes[child].next)
            if (!t->nodes[child].negated && collect_words(t, child, words) != 0)
                return -1;
        return 0;
    }
    return 0;
}

/* --- Text as people paste it ------------------------------------------------ */

/* Whether the word at text[i] (i at a word's start) is an operator of the
 * language: OR, AND, NOT, NEAR(, -word, title:, body:. */
static int operator_at(const char *text, size_t i)
{
    static const char *const words[] = {"OR", "AND", "NOT"};
    size_t k, n;

    for (k = 0; k < sizeof words / sizeof words[0]; k++) {
        n = strlen(words[k]);
        if (strncmp(text + i, words[k], n) == 0
            && (text[i + n] == '\0' || text[i + n] == ' ' || text[i + n] == '\t'
                || text[i + n] == '\n' || text[i + n] == '(' || text[i + n] == ')'
                || text[i + n] == '"'))
            return 1;
    }
    if (strncmp(text + i, "NEAR(", 5) == 0)
        return 1;
    if (text[i] == '-' && (defcon_ascii_is_alnum(text[i + 1]) || text[i + 1] == '"'
                           || text[i + 1] == '('))
        return 1;
    return strncasecmp(text + i, "title:", 6) == 0 || strncasecmp(text + i, "body:", 5) == 0;
}

/* In a query written in capitals alone, AND, OR and NOT are words: they
 * are lowered so the lexer takes them as such (FTS5 ignores case). */
static void lower_operator_words(defcon_buffer *text)
{
    static const char *const words[] = {"AND", "OR", "NOT"};
    size_t i, k, n;

    for (i = 0; i < text->len; i++) {
        if (i > 0 && text->data[i - 1] != ' ' && text->data[i - 1] != '\t'
            && text->data[i - 1] != '\n' && text->data[i - 1] != '(')
            continue;
        for (k = 0; k < sizeof words / sizeof words[0]; k++) {
            n = strlen(words[k]);
            if (strncmp(text->data + i, words[k], n) == 0 && operator_at(text->data, i)) {
                for (; n > 0; n--, i++)
                    text->data[i] = defcon_ascii_lower(text->data[i]);
                break;
            }
        }
    }
}

/* Rewrites what people paste (a question, a sentence, a numbered list) so
 * that it never fails to parse: in a query written in capitals alone, AND,
 * OR and NOT are words (the text is lowered); in a query without
 * operators, parentheses are text, and so are quotes when they do not
 * pair up. A query with operators is taken as written. */
static int prepare_text(const char *text, defcon_buffer *out)
{
    size_t i, open = 0;
    int lower = 0, upper = 0, operators = 0, in_phrase = 0;

    for (i = 0; text[i]; i++) {
        lower |= text[i] >= 'a' && text[i] <= 'z';
        upper |= text[i] >= 'A' && text[i] <= 'Z';
    }
    if (defcon_buffer_puts(out, text) != 0 || !out->data)
        return -1;
    if (upper && !lower)
        lower_operator_words(out);
    for (i = 0; !operators && i < out->len; i++)
        if (i == 0 || out->data[i - 1] == ' ' || out->data[i - 1] == '\t'
            || out->data[i - 1] == '\n' || out->data[i - 1] == '(')
            operators = operator_at(out->data, i);
    if (operators)
        return 0;
    /* Parentheses are text; so is a quote that opens a phrase (at a word's
     * start) and that no later quote closes. */
    for (i = 0; i < out->len; i++) {
        char c = out->data[i];
        if (c == '(' || c == ')') {
            out->data[i] = ' ';
        } else if (c == '"' && in_phrase) {
            in_phrase = 0;
        } else if (c == '"' && (i == 0 || out->data[i - 1] == ' ' || out->data[i - 1] == '\t'
                                || out->data[i - 1] == '\n')) {
            in_phrase = 1;
            open = i;
        }
    }
    if (in_phrase)
        out->data[open] = ' ';
    return 0;
}

/* --- The object ------------------------------------------------------------- */

defcon_query_status defcon_query_parse(const char *text, defcon_query **out, char *error,
                                       size_t error_size)
{
    defcon_query *query = calloc(1, sizeof *query);
    struct translator *t;

    *out = NULL;
    if (!query) {
        if (error && error_size > 0)
            snprintf(error, error_size, "out of memory");
        return DEFCON_QUERY_ERROR;
    }
    t = &query->tree;
    if (prepare_text(text ? text : "", &query->prepared) != 0) {
        defcon_query_free(query);
        if (error && error_size > 0)
            snprintf(error, error_size, "out of memory");
        return DEFCON_QUERY_ERROR;
    }
    if (defcon_query_tree_build(t, query->prepared.data, error, error_size, &query->root) != 0) {
        defcon_query_free(query);
        return DEFCON_QUERY_ERROR;
    }
    if (query->root == NONE || t->nodes[query->root].shape == SHAPE_EMPTY) {
        defcon_query_fail_at(t, "nothing to search for: ", 0, t->text.len, 0, "");
        defcon_query_free(query);
        return DEFCON_QUERY_EMPTY;
    }
    if (t->nodes[query->root].shape == SHAPE_NEGATED_ONLY) {
        defcon_query_fail_at(t, "a query needs at least one word that is not negated: ", 0,
                             t->text.len, 0, "");
        defcon_query_free(query);
        return DEFCON_QUERY_ERROR;
    }
    t->error = NULL;          /* the caller's buffer is not kept */
    t->error_size = 0;
    *out = query;
    return DEFCON_QUERY_OK;
}

/* Readies the tree for writing an expression: no phrases yet, the
 * caller's error buffer and expander. */
static void start_writing(struct translator *t, defcon_prefix_expander expander,
                          void *expander_context, defcon_buffer *expression, char *error,
                          size_t error_size)
{
    defcon_buffer_clear(expression);
    defcon_buffer_clear(&t->phrase_text);
    t->phrase_count = 0;
    t->field_depth = 0;
    t->failed = t->out_of_memory = 0;
    t->error = error;
    t->error_size = error_size;
    if (error && error_size > 0)
        error[0] = '\0';
    t->expander = expander;
    t->expander_context = expander_context;
}

int defcon_query_expression(defcon_query *query, defcon_prefix_expander expander,
                            void *expander_context, defcon_buffer *expression, char *error,
                            size_t error_size)
{
    struct translator *t = &query->tree;
    int rc;

    start_writing(t, expander, expander_context, expression, error, error_size);
    rc = emit_node(t, query->root, expression);
    if (rc != 0) {
        defcon_buffer_clear(expression);
        t->phrase_count = 0;
    }
    t->error = NULL;
    t->error_size = 0;
    return rc == 0 ? 0 : -1;
}

int defcon_query_page_expression(defcon_query *query, defcon_prefix_expander expander,
                                 void *expander_context, defcon_prefix_words words_of,
                                 void *words_context, defcon_buffer *expression)
{
    struct translator *t = &query->tree;
    /* The recorded phrases stay those of the query's expression: what
     * this one records is cut off again. */
    size_t phrases = t->phrase_count, phrase_text = t->phrase_text.len;
    int rc, cannot;

    defcon_buffer_clear(expression);
    t->field_depth = 0;
    t->failed = t->out_of_memory = 0;
    t->error = NULL;
    t->error_size = 0;
    t->expander = expander;
    t->expander_context = expander_context;
    t->prefix_words = words_of;
    t->prefix_words_context = words_context;
    t->cannot_replace = 0;
    rc = emit_node(t, query->root, expression);
    cannot = t->cannot_replace;
    t->prefix_words = NULL;
    t->prefix_words_context = NULL;
    t->phrase_count = phrases;
    t->phrase_text.len = phrase_text;
    if (t->phrase_text.data)
        t->phrase_text.data[phrase_text] = '\0';
    if (rc == 0)
        return 0;
    defcon_buffer_clear(expression);
    return cannot ? 1 : -1;
}

size_t defcon_query_phrase_count(const defcon_query *query)
{
    return query->tree.phrase_count;
}

/* The node standing for `index`: through groups and NEARs of one part. */
static size_t stand_in(const struct translator *t, size_t index)
{
    while ((t->nodes[index].kind == NODE_AND || t->nodes[index].kind == NODE_OR
            || t->nodes[index].kind == NODE_NEAR)
           && t->nodes[index].only != NONE)
        index = t->nodes[index].only;
    return index;
}

/* Whether `index` stands for `term`, or is an OR of nodes that may. */
static int ors_term(const struct translator *t, size_t index, size_t term)
{
    size_t child;

    index = stand_in(t, index);
    if (index == term)
        return 1;
    if (t->nodes[index].kind != NODE_OR || t->nodes[index].negatives > 0)
        return 0;
    for (child = t->nodes[index].first; child != NONE; child = t->nodes[child].next)
        if (t->nodes[child].shape != SHAPE_EMPTY && ors_term(t, child, term))
            return 1;
    return 0;
}

/* Whether a negated child of `node` stands for `term`, or ORs it. */
static int negates_term(const struct translator *t, const struct node *node, size_t term)
{
    size_t child;

    for (child = node->first; child != NONE; child = t->nodes[child].next)
        if (t->nodes[child].negated && t->nodes[child].shape != SHAPE_EMPTY
            && ors_term(t, child, term))
            return 1;
    return 0;
}

int defcon_query_any_phrase(const defcon_query *query)
{
    const struct translator *t = &query->tree;
    size_t top, i;

    if (query->root == NONE || t->phrase_count == 0)
        return 0;
    top = stand_in(t, query->root);
    for (i = 0; i < t->phrase_count; i++)
        if (t->nodes[t->phrases[i].term].kind != NODE_TERM
            || !ors_term(t, top, t->phrases[i].term))
            return 0;
    return 1;
}

int defcon_query_first_phrase_less_others(const defcon_query *query)
{
    const struct translator *t = &query->tree;
    const struct node *top;
    size_t child, positive = NONE, i;

    if (query->root == NONE || t->phrase_count == 0)
        return 0;
    top = &t->nodes[stand_in(t, query->root)];
    if ((top->kind != NODE_AND && top->kind != NODE_OR) || top->negatives == 0)
        return t->phrase_count == 1;
    if (top->positives != 1)
        return 0;
    for (child = top->first; child != NONE; child = t->nodes[child].next)
        if (!t->nodes[child].negated && t->nodes[child].shape != SHAPE_EMPTY)
            positive = stand_in(t, child);
    if (positive == NONE || t->nodes[positive].kind != NODE_TERM || t->phrases[0].term != positive)
        return 0;
    for (i = 1; i < t->phrase_count; i++)
        if (t->phrases[i].term == positive || t->nodes[t->phrases[i].term].kind != NODE_TERM
            || !negates_term(t, top, t->phrases[i].term))
            return 0;
    return 1;
}

void defcon_query_phrase_at(const defcon_query *query, size_t index, defcon_query_phrase *out)
{
    const struct recorded_phrase *phrase = &query->tree.phrases[index];

    out->text = query->tree.phrase_text.data + phrase->offset;
    out->len = phrase->len;
    out->prefix = phrase->prefix;
    out->narrowed = phrase->narrowed;
    out->term = phrase->term;
}

int defcon_query_words(defcon_query *query, defcon_buffer *words)
{
    size_t length = words->len;

    query->tree.failed = query->tree.out_of_memory = 0;
    if (collect_words(&query->tree, query->root, words) == 0)
        return 0;
    words->len = length;
    if (words->data)
        words->data[length] = '\0';
    return -1;
}

void defcon_query_free(defcon_query *query)
{
    if (!query)
        return;
    defcon_query_tree_free(&query->tree);
    defcon_buffer_free(&query->prepared);
    defcon_buffer_free(&query->words);
    free(query->word_offsets);
    free(query);
}

defcon_query_status defcon_query_translate(const char *text, defcon_prefix_expander expander,
                                           void *expander_context, defcon_buffer *expression,
                                           char *error, size_t error_size)
{
    defcon_query *query;
    defcon_query_status status = defcon_query_parse(text, &query, error, error_size);

    defcon_buffer_clear(expression);
    if (status == DEFCON_QUERY_OK
        && defcon_query_expression(query, expander, expander_context, expression, error,
                                   error_size) != 0)
        status = DEFCON_QUERY_ERROR;
    defcon_query_free(query);
    return status;
}

/* --- Best match ---------------------------------------------------------------- */

/* The terms of a plain query: the root itself, or the children of an AND
 * of terms, negated ones (-word, NOT word) among them. Returns how many
 * are positive (into terms[] if not NULL, the negated ones into
 * negated[] and their number into *negated_count), 0 when the query uses
 * other operators (OR, NEAR, a field, a prefix, a group). */
static size_t plain_terms(const defcon_query *query, size_t *terms, size_t *negated,
                          size_t *negated_count)
{
    const struct translator *t = &query->tree;
    const struct node *root = &t->nodes[query->root];
    size_t child, count = 0, negatives = 0;

    if (root->kind == NODE_TERM) {
        if (root->prefix)
            return 0;
        if (terms)
            terms[0] = query->root;
        return 1;
    }
    if (root->kind != NODE_AND)
        return 0;
    for (child = root->first; child != NONE; child = t->nodes[child].next) {
        const struct node *c = &t->nodes[child];
        if (c->shape == SHAPE_EMPTY)
            continue;
        if (c->kind != NODE_TERM || c->prefix)
            return 0;
        if (c->negated) {
            if (negated)
                negated[negatives] = child;
            negatives++;
        } else {
            if (terms)
                terms[count] = child;
            count++;
        }
    }
    if (negated_count)
        *negated_count = negatives;
    return count;
}

size_t defcon_query_plain_terms(const defcon_query *query)
{
    return plain_terms(query, NULL, NULL, NULL);
}

int defcon_query_plain_term_list(const defcon_query *query, defcon_query_plain_term **terms,
                                 size_t *count)
{
    const struct translator *t = &query->tree;
    size_t negatives = 0, positives, i;
    size_t *nodes = malloc((t->node_count ? t->node_count : 1) * 2 * sizeof *nodes);

    *terms = NULL;
    *count = 0;
    if (!nodes)
        return -1;
    positives = plain_terms(query, nodes, nodes + t->node_count, &negatives);
    if (positives > 0 && !(*terms = malloc((positives + negatives) * sizeof **terms))) {
        free(nodes);
        return -1;
    }
    for (i = 0; positives > 0 && i < positives + negatives; i++) {
        size_t which = i < positives ? nodes[i] : nodes[t->node_count + i - positives];
        const struct node *node = &t->nodes[which];
        (*terms)[i].text = t->text.data + node->text_start;
        (*terms)[i].len = node->text_end - node->text_start;
        (*terms)[i].phrase = node->phrase;
        (*terms)[i].negated = i >= positives;
        (*terms)[i].term = which;
    }
    *count = positives > 0 ? positives + negatives : 0;
    free(nodes);
    return 0;
}

int defcon_query_term_expression(defcon_query *query, size_t term, defcon_buffer *expression)
{
    struct translator *t = &query->tree;
    size_t phrases = t->phrase_count, phrase_text = t->phrase_text.len;
    int rc;

    defcon_buffer_clear(expression);
    t->field_depth = 0;
    t->failed = t->out_of_memory = 0;
    t->expander = NULL;
    t->expander_context = NULL;
    rc = emit_term(t, term, 1, expression);
    /* What the term recorded is cut off again. */
    t->phrase_count = phrases;
    t->phrase_text.len = phrase_text;
    if (t->phrase_text.data)
        t->phrase_text.data[phrase_text] = '\0';
    if (rc != 0)
        defcon_buffer_clear(expression);
    return rc;
}

/* Whether the term is an English stop word. */
static int is_stop_term(const struct translator *t, const struct node *term)
{
    return !term->phrase
        && defcon_stop_word(t->text.data + term->text_start, term->text_end - term->text_start);
}

/* Writes the terms of one kind: phrases (joined by AND) or words (joined
 * by OR, stop words left out when `skip_stops`). Returns how many. */
static long emit_plain(struct translator *t, const size_t *terms, size_t count, int phrases,
                       int skip_stops, const unsigned char *dropped, defcon_buffer *out)
{
    const char *separator = phrases ? " AND " : " OR ";
    size_t i;
    long written = 0;

    for (i = 0; i < count; i++) {
        const struct node *term = &t->nodes[terms[i]];
        if (term->phrase != phrases || (skip_stops && is_stop_term(t, term))
            || (dropped && dropped[i]))
            continue;
        if ((written++ > 0 && put(t, out, separator) != 0) || emit_term(t, terms[i], 1, out) != 0)
            return -1;
    }
    return written;
}

/* Writes " NOT (negated terms ORed)" after the relaxed part. 0 or -1. */
static int emit_negated(struct translator *t, const size_t *negated, size_t count,
                        defcon_buffer *out)
{
    size_t i;

    if (count == 0)
        return 0;
    if (put(t, out, " NOT (") != 0)
        return -1;
    for (i = 0; i < count; i++)
        if ((i > 0 && put(t, out, " OR ") != 0) || emit_term(t, negated[i], 1, out) != 0)
            return -1;
    return put(t, out, ")");
}

void defcon_query_set_word_rows(defcon_query *query, defcon_word_rows rows, void *context)
{
    query->word_rows = rows;
    query->word_rows_context = context;
}

size_t defcon_query_relaxed_dropped(const defcon_query *query)
{
    return query->relaxed_dropped;
}

/* A word to be ORed, with how many articles hold it. */
typedef struct counted_word {
    size_t index;                 /* in the plain terms */
    long long rows;
} counted_word;

/* Fewest articles first; words no article holds last (they match
 * nothing: kept only while nothing else fills the places). */
static int by_rows(const void *a, const void *b)
{
    const counted_word *x = a, *y = b;
    if ((x->rows == 0) != (y->rows == 0))
        return x->rows == 0 ? 1 : -1;
    if (x->rows != y->rows)
        return x->rows < y->rows ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Whether plain term i repeats the text of an earlier kept word. */
static int repeats_kept(const struct translator *t, const size_t *terms, const counted_word *kept,
                        size_t kept_count, size_t i)
{
    const struct node *a = &t->nodes[terms[i]];
    size_t k;

    for (k = 0; k < kept_count; k++) {
        const struct node *b = &t->nodes[terms[kept[k].index]];
        if (a->text_end - a->text_start == b->text_end - b->text_start
            && strncasecmp(t->text.data + a->text_start, t->text.data + b->text_start,
                           a->text_end - a->text_start) == 0)
            return 1;
    }
    return 0;
}

/* The cap of query.h: sets *dropped (count flags, malloc'd) when more than
 * DEFCON_RELAXED_MAX_WORDS words would be ORed, leaving it NULL otherwise.
 * Returns 0, or -1 when out of memory. */
static int drop_common_words(defcon_query *query, const size_t *terms, size_t count,
                             int skip_stops, unsigned char **dropped)
{
    const struct translator *t = &query->tree;
    counted_word *words;
    size_t n = 0, kept = 0, i;

    *dropped = NULL;
    query->relaxed_dropped = 0;
    for (i = 0; i < count; i++)
        n += !t->nodes[terms[i]].phrase && !(skip_stops && is_stop_term(t, &t->nodes[terms[i]]));
    if (!query->word_rows || n <= DEFCON_RELAXED_MAX_WORDS)
        return 0;
    words = malloc(n * sizeof *words);
    *dropped = calloc(count, 1);
    if (!words || !*dropped) {
        free(words);
        free(*dropped);
        *dropped = NULL;
        return -1;
    }
    for (i = 0, n = 0; i < count; i++) {
        const struct node *term = &t->nodes[terms[i]];
        if (term->phrase || (skip_stops && is_stop_term(t, term)))
            continue;
        words[n].index = i;
        words[n++].rows = query->word_rows(query->word_rows_context,
                                           t->text.data + term->text_start,
                                           term->text_end - term->text_start);
    }
    qsort(words, n, sizeof *words, by_rows);
    for (i = 0; i < n; i++) {
        int repeat = repeats_kept(t, terms, words, kept, words[i].index);
        if (!repeat && kept < DEFCON_RELAXED_MAX_WORDS) {
            words[kept++] = words[i];   /* kept ones gather at the front */
            continue;
        }
        (*dropped)[words[i].index] = 1;
        query->relaxed_dropped += !repeat;
    }
    free(words);
    return 0;
}

int defcon_query_relaxed_expression(defcon_query *query, defcon_prefix_expander expander,
                                    void *expander_context, defcon_buffer *expression,
                                    char *error, size_t error_size)
{
    struct translator *t = &query->tree;
    size_t count = plain_terms(query, NULL, NULL, NULL), i, stops = 0, words = 0, negatives = 0;
    size_t *terms, *negated;
    unsigned char *dropped = NULL;
    long phrases = 0, ored = 0;
    int rc = 0;

    query->relaxed_dropped = 0;
    if (count == 0)
        return defcon_query_expression(query, expander, expander_context, expression, error,
                                       error_size);
    terms = malloc(t->node_count * sizeof *terms);
    negated = malloc(t->node_count * sizeof *negated);
    if (!terms || !negated) {
        free(terms);
        free(negated);
        return -1;
    }
    plain_terms(query, terms, negated, &negatives);
    for (i = 0; i < count; i++) {
        words += !t->nodes[terms[i]].phrase;
        stops += is_stop_term(t, &t->nodes[terms[i]]);
    }
    if (drop_common_words(query, terms, count, stops < words, &dropped) != 0) {
        free(terms);
        free(negated);
        return -1;
    }
    start_writing(t, expander, expander_context, expression, error, error_size);
    /* ("phrase" AND "phrase" AND (word OR word OR ...)) NOT (negated) */
    rc = negatives ? put(t, expression, "(") : 0;
    phrases = rc == 0 ? emit_plain(t, terms, count, 1, 0, NULL, expression) : -1;
    if (phrases > 0 && words > 0)
        rc = put(t, expression, " AND (");
    if (phrases >= 0 && rc == 0 && words > 0)
        ored = emit_plain(t, terms, count, 0, stops < words, dropped, expression);
    if (rc == 0 && phrases > 0 && words > 0)
        rc = put(t, expression, ")");
    if (rc == 0 && negatives)
        rc = put(t, expression, ")") != 0 ? -1 : emit_negated(t, negated, negatives, expression);
    free(terms);
    free(negated);
    free(dropped);
    t->error = NULL;
    t->error_size = 0;
    if (phrases < 0 || ored < 0 || rc != 0) {
        defcon_buffer_clear(expression);
        t->phrase_count = 0;
        return -1;
    }
    return 0;
}

const char *defcon_query_term_word(defcon_query *query, size_t term, size_t *len)
{
    const struct translator *t = &query->tree;
    size_t i;

    /* Every term copied once, NUL-terminated, into one arena: the pointers
     * handed out stay valid while the query lives. */
    if (!query->word_offsets) {
        query->word_offsets = calloc(t->node_count ? t->node_count : 1,
                                     sizeof *query->word_offsets);
        for (i = 0; query->word_offsets && i < t->node_count; i++) {
            const struct node *node = &t->nodes[i];
            query->word_offsets[i] = query->words.len;
            if (node->kind == NODE_TERM
                && (defcon_buffer_append(&query->words, t->text.data + node->text_start,
                                         node->text_end - node->text_start) != 0
                    || defcon_buffer_putc(&query->words, '\0') != 0))
                break;
        }
        if (!query->word_offsets || i < t->node_count || !query->words.data) {
            free(query->word_offsets);
            query->word_offsets = NULL;
            *len = 0;
            return "";
        }
    }
    *len = t->nodes[term].text_end - t->nodes[term].text_start;
    return query->words.data + query->word_offsets[term];
}

void defcon_query_set_variants(defcon_query *query, int on)
{
    query->tree.variants = on;
}

void defcon_query_set_variant_filter(defcon_query *query, defcon_spelling_filter filter,
                                     void *context)
{
    query->tree.variant_filter = filter;
    query->tree.variant_filter_context = context;
}

const char *defcon_query_term_text(const defcon_query *query, size_t term, size_t *len)
{
    const struct node *node = &query->tree.nodes[term];

    *len = node->text_end - node->text_start;
    return query->tree.text.data + node->text_start;
}

int defcon_query_describe_variants(const defcon_query *query, defcon_buffer *out)
{
    const struct translator *t = &query->tree;
    size_t i;
    int rc = 0;

    for (i = 0; rc == 0 && i < t->node_count; i++) {
        const struct node *term = &t->nodes[i];
        defcon_name_variants variants;
        char line[512];
        if (term->kind != NODE_TERM || term->prefix || term->negated
            || find_variants(t, t->text.data + term->text_start,
                             term->text_end - term->text_start, &variants) < 2)
            continue;
        defcon_name_variants_describe(&variants, line, sizeof line);
        rc = defcon_buffer_printf(out, "%s%s", out->len ? "; " : "", line);
    }
    return rc;
}

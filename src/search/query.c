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

#include "query_tree.h"
#include "text.h"

struct defcon_query {
    struct translator tree;
    size_t root;
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
static int record_phrase(struct translator *t, const char *text, size_t len, int prefix)
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
static int emit_term(struct translator *t, size_t index, int expand, defcon_buffer *out)
{
    const struct node *term = &t->nodes[index];
    const char *text = t->text.data, *stem, *stems_end = NULL, *stem_end;
    size_t usable = 0;

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
    if (put_string(t, out, text, term->text_start, term->text_end) != 0
        || (term->prefix && put(t, out, "*") != 0)
        || record_phrase(t, text + term->text_start, term->text_end - term->text_start,
                         term->prefix) != 0)
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
            || record_phrase(t, stem, (size_t)(stem_end - stem), 0) != 0)
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
    if (defcon_query_tree_build(t, text, error, error_size, &query->root) != 0) {
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

int defcon_query_expression(defcon_query *query, defcon_prefix_expander expander,
                            void *expander_context, defcon_buffer *expression, char *error,
                            size_t error_size)
{
    struct translator *t = &query->tree;
    int rc;

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
    rc = emit_node(t, query->root, expression);
    if (rc != 0) {
        defcon_buffer_clear(expression);
        t->phrase_count = 0;
    }
    t->error = NULL;
    t->error_size = 0;
    return rc == 0 ? 0 : -1;
}

size_t defcon_query_phrase_count(const defcon_query *query)
{
    return query->tree.phrase_count;
}

void defcon_query_phrase_at(const defcon_query *query, size_t index, defcon_query_phrase *out)
{
    const struct recorded_phrase *phrase = &query->tree.phrases[index];

    out->text = query->tree.phrase_text.data + phrase->offset;
    out->len = phrase->len;
    out->prefix = phrase->prefix;
    out->narrowed = phrase->narrowed;
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

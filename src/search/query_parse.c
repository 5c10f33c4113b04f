/*
 * query_parse.c - the second pass over a query: a recursive-descent
 * parser, bounded in depth, builds the tree in one array from the tokens;
 * then each node's shape is worked out, and what FTS5 cannot express (a
 * group of negations, a negated side of OR) is rejected.
 */
#include "query_tree.h"
#include "array.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- Parser --------------------------------------------------------------- */

static const struct token *peek(const struct translator *t)
{
    return &t->tokens[t->current];
}

static void advance(struct translator *t)
{
    if (t->tokens[t->current].kind != TOKEN_END)
        t->current++;
}

static int begins_primary(enum token_kind kind)
{
    return kind == TOKEN_WORD || kind == TOKEN_PHRASE || kind == TOKEN_OPEN
        || kind == TOKEN_FIELD || kind == TOKEN_NEAR;
}

static int begins_unary(enum token_kind kind)
{
    return begins_primary(kind) || kind == TOKEN_NOT || kind == TOKEN_MINUS;
}

/* Reports an operator at tokens[index] with nothing on one side, quoting
 * it with its neighbours. */
static int fail_operator(struct translator *t, size_t index, const char *message)
{
    size_t start = index > 0 ? t->tokens[index - 1].start : t->tokens[index].start;
    size_t end = t->tokens[index + 1].kind != TOKEN_END ? t->tokens[index + 1].end
                                                        : t->tokens[index].end;
    return defcon_query_fail_at(t, message, start, end, 0,
                   " (to search for the word, write it in lowercase)");
}

static size_t new_node(struct translator *t, enum node_kind kind, size_t start, size_t end)
{
    struct node *node;

    if (t->node_count == t->node_capacity
        && defcon_array_grow(&t->nodes, &t->node_capacity, sizeof *t->nodes, 64) != 0) {
        defcon_query_fail_out_of_memory(t);
        return NONE;
    }
    node = &t->nodes[t->node_count];
    memset(node, 0, sizeof *node);
    node->kind = kind;
    node->start = start;
    node->end = end;
    node->distance = -1;
    node->first = node->last = node->next = node->only = NONE;
    return t->node_count++;
}

static void add_child(struct translator *t, size_t parent, size_t child)
{
    struct node *p = &t->nodes[parent];

    if (p->first == NONE)
        p->first = child;
    else
        t->nodes[p->last].next = child;
    p->last = child;
    if (t->nodes[child].end > p->end)
        p->end = t->nodes[child].end;
}

/* Adds `child` to `parent`; a child of the same kind (a parenthesised AND
 * in an AND, an OR in an OR) gives its children instead, which keeps the
 * expression flat and FTS5's parser stack shallow. */
static void add_operand(struct translator *t, size_t parent, size_t child)
{
    struct node *p = &t->nodes[parent], *c = &t->nodes[child];

    if (c->kind != p->kind || c->negated || c->first == NONE) {
        add_child(t, parent, child);
        return;
    }
    if (p->first == NONE)
        p->first = c->first;
    else
        t->nodes[p->last].next = c->first;
    p->last = c->last;
    if (c->end > p->end)
        p->end = c->end;
    c->first = c->last = NONE;
}


static int parse_sequence(struct translator *t, int depth, size_t *out);

static int parse_near(struct translator *t, size_t *out)
{
    const struct token *near = peek(t), *token;
    size_t node, child;
    long distance;
    size_t i;

    if (near->unclosed)
        return defcon_query_fail_at(t, "NEAR( needs a closing parenthesis: ", near->start, near->end,
                       0, "");
    node = new_node(t, NODE_NEAR, near->start, near->end);
    if (node == NONE)
        return -1;
    advance(t);
    for (;;) {
        token = peek(t);
        if (token->kind == TOKEN_WORD || token->kind == TOKEN_PHRASE) {
            child = new_node(t, NODE_TERM, token->start, token->end);
            if (child == NONE)
                return -1;
            t->nodes[child].text_start = token->text_start;
            t->nodes[child].text_end = token->text_end;
            t->nodes[child].phrase = token->kind == TOKEN_PHRASE;
            t->nodes[child].prefix = token->prefix;
            add_child(t, node, child);
        } else if (token->kind == TOKEN_DISTANCE) {
            distance = 0;
            for (i = token->text_start; i < token->text_end; i++) {
                char c = t->text.data[i];
                if (c < '0' || c > '9' || distance > DEFCON_QUERY_MAX_NEAR_DISTANCE)
                    break;
                distance = distance * 10 + (c - '0');
            }
            if (i == token->text_start || i < token->text_end
                || distance > DEFCON_QUERY_MAX_NEAR_DISTANCE) {
                char before[100];
                snprintf(before, sizeof before,
                         "the NEAR distance must be a whole number from 0 to %d, not ",
                         DEFCON_QUERY_MAX_NEAR_DISTANCE);
                return defcon_query_fail_at(t, before, token->text_start, token->text_end, 0, "");
            }
            t->nodes[node].distance = distance;
        } else if (token->kind == TOKEN_CLOSE) {
            break;
        } else {
            return defcon_query_fail_at(t, "NEAR(...) takes only words and phrases, not ", token->start,
                           token->end, 0, "");
        }
        advance(t);
    }
    advance(t);
    if (t->nodes[node].first == NONE)
        return defcon_query_fail_at(t, "NEAR( needs words or phrases inside: ", near->start, near->end,
                       0, "");
    *out = node;
    return 0;
}

static int fail_too_deep(struct translator *t, const struct token *token)
{
    char before[100];

    snprintf(before, sizeof before,
             "the query nests parentheses and field filters more than %d deep: ",
             DEFCON_QUERY_MAX_DEPTH);
    return defcon_query_fail_at(t, before, token->start, t->text.len, 0, "");
}

/* primary: word | "phrase" | ( sequence ) | field:primary | NEAR(...) */
static int parse_primary(struct translator *t, int depth, size_t *out)
{
    const struct token *token = peek(t);
    size_t open = t->current, node = NONE, child = NONE;

    switch (token->kind) {
    case TOKEN_WORD:
    case TOKEN_PHRASE:
        node = new_node(t, NODE_TERM, token->start, token->end);
        if (node == NONE)
            return -1;
        t->nodes[node].text_start = token->text_start;
        t->nodes[node].text_end = token->text_end;
        t->nodes[node].phrase = token->kind == TOKEN_PHRASE;
        t->nodes[node].prefix = token->prefix;
        advance(t);
        *out = node;
        return 0;
    case TOKEN_OPEN:
        if (depth >= DEFCON_QUERY_MAX_DEPTH)
            return fail_too_deep(t, token);
        advance(t);
        if (parse_sequence(t, depth + 1, &node) != 0)
            return -1;
        if (peek(t)->kind != TOKEN_CLOSE)
            return defcon_query_fail_at(t, "unbalanced parentheses: ", t->tokens[open].start,
                           t->text.len, 0, " is never closed");
        if (node == NONE)
            return defcon_query_fail_at(t, "empty parentheses: ", t->tokens[open].start,
                           peek(t)->end, 0, "");
        t->nodes[node].start = t->tokens[open].start;
        t->nodes[node].end = peek(t)->end;
        advance(t);
        *out = node;
        return 0;
    case TOKEN_FIELD:
        if (depth >= DEFCON_QUERY_MAX_DEPTH)
            return fail_too_deep(t, token);
        node = new_node(t, NODE_FIELD, token->start, token->end);
        if (node == NONE)
            return -1;
        t->nodes[node].field = token->field;
        advance(t);
        if (parse_primary(t, depth + 1, &child) != 0)
            return -1;
        add_child(t, node, child);
        *out = node;
        return 0;
    case TOKEN_NEAR:
        return parse_near(t, out);
    default:
        return defcon_query_fail_at(t, "expected a word or phrase, not ", token->start, token->end, 0, "");
    }
}

/* unary: NOT primary | -primary | primary */
static int parse_unary(struct translator *t, int depth, size_t *out)
{
    const struct token *token = peek(t);
    size_t operator_index = t->current, start = token->start;
    int negated = token->kind == TOKEN_NOT || token->kind == TOKEN_MINUS;

    if (negated) {
        advance(t);
        if (!begins_primary(peek(t)->kind))
            return fail_operator(t, operator_index, "NOT needs a term after it: ");
    }
    if (parse_primary(t, depth, out) != 0)
        return -1;
    if (negated) {
        t->nodes[*out].negated = 1;
        t->nodes[*out].start = start;
    }
    return 0;
}

/* alternative: unary { OR unary } -- OR binds tighter than AND. */
static int parse_alternative(struct translator *t, int depth, size_t *out)
{
    size_t first = NONE, node, operand = NONE, operator_index;

    if (parse_unary(t, depth, &first) != 0)
        return -1;
    if (peek(t)->kind != TOKEN_OR) {
        *out = first;
        return 0;
    }
    node = new_node(t, NODE_OR, t->nodes[first].start, t->nodes[first].end);
    if (node == NONE)
        return -1;
    add_operand(t, node, first);
    while (peek(t)->kind == TOKEN_OR) {
        operator_index = t->current;
        advance(t);
        if (!begins_unary(peek(t)->kind))
            return fail_operator(t, operator_index, "OR needs a term on its right: ");
        if (parse_unary(t, depth, &operand) != 0)
            return -1;
        add_operand(t, node, operand);
    }
    *out = node;
    return 0;
}

/* sequence: alternative { [AND] alternative }, up to ")" or the end.
 * Sets *out to NONE when there is nothing before that. */
static int parse_sequence(struct translator *t, int depth, size_t *out)
{
    size_t node, child = NONE, first, operator_index;

    node = new_node(t, NODE_AND, peek(t)->start, peek(t)->start);
    if (node == NONE)
        return -1;
    for (;;) {
        enum token_kind kind = peek(t)->kind;
        if (kind == TOKEN_END || kind == TOKEN_CLOSE)
            break;
        if (kind == TOKEN_OR)
            return fail_operator(t, t->current, "OR needs a term on its left: ");
        if (kind == TOKEN_AND) {
            operator_index = t->current;
            if (t->nodes[node].first == NONE)
                return fail_operator(t, operator_index, "AND needs a term on its left: ");
            advance(t);
            if (!begins_unary(peek(t)->kind))
                return fail_operator(t, operator_index, "AND needs a term on its right: ");
            continue;
        }
        if (parse_alternative(t, depth, &child) != 0)
            return -1;
        add_operand(t, node, child);
    }
    /* A lone term stands for itself, unless the AND must say it is negated. */
    first = t->nodes[node].first;
    if (first == NONE)
        *out = NONE;
    else if (first == t->nodes[node].last && !t->nodes[first].negated)
        *out = first;
    else
        *out = node;
    return 0;
}

/* --- Simplification and output -------------------------------------------- */

static int fail_negated_group(struct translator *t, size_t index)
{
    return defcon_query_fail_at(t, "a group needs at least one word that is not negated: ",
                   t->nodes[index].start, t->nodes[index].end, 0, "");
}

/* Sets the shape of a node and its children, and rejects what FTS5 cannot
 * search: a group of negations, a negated side of OR. */
static int shape_node(struct translator *t, size_t index)
{
    struct node *node = &t->nodes[index];
    size_t child, last_positive = NONE;
    const struct node *c = NULL;

    switch (node->kind) {
    case NODE_TERM:
        node->shape = defcon_query_has_word_character(t->text.data, node->text_start, node->text_end)
                          ? SHAPE_ATOM : SHAPE_EMPTY;
        return 0;
    case NODE_NEAR:
        for (child = node->first; child != NONE; child = t->nodes[child].next) {
            shape_node(t, child);
            if (t->nodes[child].shape != SHAPE_EMPTY) {
                node->positives++;
                last_positive = child;
            }
        }
        node->only = node->positives == 1 ? last_positive : NONE;
        node->shape = node->positives ? SHAPE_ATOM : SHAPE_EMPTY;
        return 0;
    case NODE_FIELD:
        if (shape_node(t, node->first) != 0)
            return -1;
        c = &t->nodes[node->first];
        if (c->shape == SHAPE_NEGATED_ONLY)
            return fail_negated_group(t, node->first);
        node->shape = c->shape == SHAPE_EMPTY ? SHAPE_EMPTY : SHAPE_FIELD;
        return 0;
    case NODE_OR:
    case NODE_AND:
        for (child = node->first; child != NONE; child = c->next) {
            if (shape_node(t, child) != 0)
                return -1;
            c = &t->nodes[child];
            if (c->shape == SHAPE_EMPTY)
                continue;
            if (c->shape == SHAPE_NEGATED_ONLY)
                return fail_negated_group(t, child);
            if (c->negated && node->kind == NODE_OR)
                return defcon_query_fail_at(t, "a side of OR cannot be negated: ", c->start, c->end, 0,
                               " (to exclude both sides, write -(a OR b))");
            if (c->negated) {
                node->negatives++;
            } else {
                node->positives++;
                last_positive = child;
            }
        }
        if (node->positives == 0)
            node->shape = node->negatives ? SHAPE_NEGATED_ONLY : SHAPE_EMPTY;
        else if (node->positives == 1 && node->negatives == 0) {
            node->only = last_positive;
            node->shape = t->nodes[last_positive].shape;
        } else if (node->negatives > 0)
            node->shape = SHAPE_NOT;
        else
            node->shape = node->kind == NODE_OR ? SHAPE_OR : SHAPE_AND;
        return 0;
    }
    return 0;
}

/* --- Building the tree ---------------------------------------------------- */

int defcon_query_tree_build(struct translator *t, const char *query, char *error,
                            size_t error_size, size_t *root)
{
    memset(t, 0, sizeof *t);
    t->error = error;
    t->error_size = error_size;
    if (error && error_size > 0)
        error[0] = '\0';
    *root = NONE;
    if (defcon_query_clean(query ? query : "", &t->text) != 0 || !t->text.data)
        return defcon_query_fail_out_of_memory(t);
    if (defcon_query_lex(t) != 0)
        return -1;
    if (parse_sequence(t, 0, root) != 0)
        return -1;
    if (peek(t)->kind == TOKEN_CLOSE)
        return defcon_query_fail_at(t, "unbalanced parentheses: ", 0, peek(t)->end, 1,
                       " closes a parenthesis that was never opened");
    if (*root != NONE && shape_node(t, *root) != 0)
        return -1;
    return 0;
}

void defcon_query_tree_free(struct translator *t)
{
    defcon_buffer_free(&t->text);
    defcon_buffer_free(&t->prefix);
    defcon_buffer_free(&t->stems);
    defcon_buffer_free(&t->phrase_text);
    free(t->phrases);
    free(t->tokens);
    free(t->nodes);
}

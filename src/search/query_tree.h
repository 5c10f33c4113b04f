/*
 * query_tree.h - the query's syntax tree, shared by the three files that
 * build and read it (internal to the query module; see query.h).
 *
 * query_lex.c cleans the typed text and cuts it into tokens,
 * query_parse.c builds the tree of nodes in one array and works out each
 * node's shape (what it amounts to once the parts with nothing searchable
 * are gone), and query.c writes the FTS5 expression, the words and the
 * phrases from it.
 */
#ifndef DEFCON_QUERY_TREE_H
#define DEFCON_QUERY_TREE_H

#include <stddef.h>

#include "buffer.h"
#include "query.h"

#define NONE ((size_t)-1)

/* How many bytes of the query an error message quotes at most. */
#define QUOTE_MAX 60

/* The columns a query may name before a colon (title, body), as FTS5
 * knows them. */
extern const char *const defcon_query_field_names[];
#define FIELD_COUNT 2

enum token_kind {
    TOKEN_WORD, TOKEN_PHRASE, TOKEN_OR, TOKEN_AND, TOKEN_NOT, TOKEN_MINUS,
    TOKEN_OPEN, TOKEN_CLOSE, TOKEN_FIELD, TOKEN_NEAR, TOKEN_DISTANCE,
    TOKEN_END
};

struct token {
    enum token_kind kind;
    size_t start, end;            /* the token in the cleaned query */
    size_t text_start, text_end;  /* words, phrases, distances: their text */
    int prefix;                   /* word* or "phrase"* */
    int field;                    /* TOKEN_FIELD: index in field_names */
    int unclosed;                 /* TOKEN_NEAR: no ")" follows */
};

enum node_kind { NODE_TERM, NODE_NEAR, NODE_FIELD, NODE_AND, NODE_OR };

/* What a node amounts to once the parts with nothing searchable are gone;
 * it decides where the expression needs parentheses. */
enum shape {
    SHAPE_EMPTY,          /* nothing searchable: left out */
    SHAPE_NEGATED_ONLY,   /* only negated terms: FTS5 cannot search it */
    SHAPE_ATOM,           /* a string, a prefix expansion, a NEAR group */
    SHAPE_FIELD,          /* title:...: an atom, but not after another colon */
    SHAPE_AND,
    SHAPE_OR,
    SHAPE_NOT             /* positives NOT negatives */
};

struct node {
    enum node_kind kind;
    size_t start, end;            /* span in the cleaned query, for messages */
    size_t text_start, text_end;  /* NODE_TERM */
    int phrase, prefix, negated;
    int field;                    /* NODE_FIELD: index in field_names */
    long distance;                /* NODE_NEAR; -1 leaves FTS5's default */
    size_t first, last, next;     /* children, and the next sibling */
    enum shape shape;             /* set by shape_node */
    size_t only;                  /* the one child standing for the node */
    size_t positives, negatives;  /* children that are not empty, by sign */
};

/* One parsed query. Library code: errors go into `error`, never out. */
struct translator {
    defcon_buffer text;           /* the cleaned query */
    struct token *tokens;
    size_t token_count, token_capacity, current;
    struct node *nodes;
    size_t node_count, node_capacity;
    char *error;
    size_t error_size;
    int failed, out_of_memory;
    defcon_prefix_expander expander;
    void *expander_context;
    defcon_buffer prefix, stems;  /* scratch for prefix expansion */
    /* Set while a page expression is written (defcon_query_page_expression):
     * each prefix term becomes the words this gives. cannot_replace: a
     * prefix could not be. */
    defcon_prefix_words prefix_words;
    void *prefix_words_context;
    int cannot_replace;
    /* The phrases written into the expression, in FTS5's order: their
     * text one after another in phrase_text (each NUL-terminated). */
    struct recorded_phrase {
        size_t offset, len;
        int prefix, narrowed;
        size_t term;              /* the query term it stands for (a node) */
    } *phrases;
    size_t phrase_count, phrase_capacity;
    defcon_buffer phrase_text;
    int field_depth;              /* inside title: or body: while writing */
    int variants;                 /* OR each name's spellings (name_variants.h) */
    defcon_spelling_filter variant_filter;   /* NULL: keep every spelling */
    void *variant_filter_context;
};
/* Cleans, lexes and parses `query` into `t` (zeroed first); *root is NONE
 * for a query with no terms at all. Returns 0, or -1 with the error
 * recorded. defcon_query_tree_free releases what it holds, in any case. */
int defcon_query_tree_build(struct translator *t, const char *query, char *error,
                            size_t error_size, size_t *root);
void defcon_query_tree_free(struct translator *t);

/* Copies `query` into `out`, with control characters and Unicode spaces
 * turned into ASCII spaces and invalid UTF-8 into U+FFFD. */
int defcon_query_clean(const char *query, defcon_buffer *out);

/* Cuts t->text into t->tokens, ending with TOKEN_END. 0, or -1. */
int defcon_query_lex(struct translator *t);

/* Whether text[start, end), valid UTF-8, holds a character that FTS5's
 * unicode61 keeps in a token. */
int defcon_query_has_word_character(const char *text, size_t start, size_t end);

/* Records the first error: `before`, the quoted text[start, end), `after`
 * (the tail kept when keep_tail). Always returns -1. */
int defcon_query_fail_at(struct translator *t, const char *before, size_t start, size_t end,
                         int keep_tail, const char *after);
int defcon_query_fail_out_of_memory(struct translator *t);

#endif

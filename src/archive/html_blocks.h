/*
 * html_blocks.h - the state the main-text passes share (internal to
 * html_text.c, html_blocks.c and html_score.c).
 *
 * A block is a run of text between block-level boundaries: a paragraph,
 * a heading, a list item, a table cell. Its text and its minimal HTML are
 * kept as ranges of two buffers shared by all blocks.
 */
#ifndef DEFCON_HTML_BLOCKS_H
#define DEFCON_HTML_BLOCKS_H

#include <libxml/tree.h>
#include <stddef.h>

#include "buffer.h"
#include "html_text.h"

/* A block's class, as jusText names them. */
enum { BLOCK_BAD, BLOCK_SHORT, BLOCK_NEAR_GOOD, BLOCK_GOOD };
/* What a block is. */
enum { KIND_PARAGRAPH, KIND_HEADING, KIND_ITEM, KIND_PRE, KIND_CELL };

typedef struct element_info {
    size_t text;      /* visible text bytes in the element */
    size_t good;      /* bytes of good blocks in it */
    int protected;    /* holds (or is) the article body the page marks */
} element_info;

typedef struct html_block {
    size_t text_start, text_end;   /* in html_extractor.text */
    size_t html_start, html_end;   /* in html_extractor.html */
    size_t chars;                  /* characters other than spaces */
    size_t link_chars;             /* of them, inside links */
    size_t weight;                 /* chars, East Asian ones counted thrice */
    size_t words, stop_words;
    xmlNodePtr element;            /* the block-level element holding it */
    xmlNodePtr list;               /* the ul/ol of a list item */
    int kind, level, quote;        /* level: a heading's 1-6; quote: in a blockquote */
    int cls;                       /* BLOCK_* from the block alone */
    int final_cls;                 /* BLOCK_* after its neighbours */
    /* The cls of the nearest good or bad block before and after it, and
     * of the nearest good, bad or near-good one (BLOCK_BAD past the ends). */
    int before_decided, before_near, after_decided, after_near;
} html_block;

typedef struct html_candidate {
    xmlNodePtr node;
    int tier;                      /* 1 article body, 2 <article>, 3 <main> */
} html_candidate;

/* At most this many parts of a split article body are joined. */
#define HTML_PARTS_MAX 16

/* An inline element that writes tags into a block's HTML. */
typedef struct html_inline {
    xmlNodePtr node;
    const char *tag;               /* "em", "strong" or "a" */
    int written;                   /* its opening tag is in the current block */
} html_inline;

#define HTML_INLINE_MAX 32

typedef struct html_extractor {
    element_info *info;            /* by element number (_private) */
    size_t info_count, info_cap;
    size_t page_text;              /* visible text bytes of the page */
    int strict;                    /* remove by class, id, role and tag */
    int last_resort;               /* keep any block that reads as prose */
    html_candidate *candidates;
    size_t candidate_count, candidate_cap;
    xmlNodePtr parts[HTML_PARTS_MAX];   /* the chosen container's split-off parts */
    int part_count;
    size_t item_count;             /* <article> elements */
    defcon_buffer text, html;      /* of all blocks */
    html_block *blocks;
    size_t count, cap;
    /* While collecting: */
    html_block current;
    int open, space, link_depth, pre_depth;
    html_inline inlines[HTML_INLINE_MAX];
    int inline_count;
    int english;                   /* stop words mean something on this page */
} html_extractor;

/* The element's counters, or NULL for a node that was not numbered. */
element_info *defcon_html_info(const html_extractor *x, xmlNodePtr node);

/* 1 when `node`, an element, is boilerplate to leave out. */
int defcon_html_junk(const html_extractor *x, xmlNodePtr node);

/* Cuts the page into blocks (x->blocks). Returns 0, or -1 when memory
 * runs out. */
int defcon_html_blocks_collect(html_extractor *x, xmlNodePtr root);

/* Sets each block's classes. */
void defcon_html_blocks_classify(html_extractor *x);

/* Chooses the container (out->container, out->structural). */
void defcon_html_blocks_choose(html_extractor *x, xmlNodePtr root, defcon_html_text *out);

/* Writes the container's good blocks to out->body and out->html. */
int defcon_html_blocks_output(html_extractor *x, const char *title, defcon_html_text *out);

#endif

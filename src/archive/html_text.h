/*
 * html_text.h - the main text of a parsed HTML page (internal to
 * html_page.c).
 *
 * The page is cut into blocks (paragraphs, headings, list items, quotes,
 * table cells) by one iterative walk that leaves out what is never the
 * article: scripts and styles, navigation, asides, headers and footers,
 * forms, hidden elements, and elements whose class or id names comments,
 * share buttons, related lists, cookie banners, advertising. Each block is
 * classified by its length, link density and stop-word density, then by
 * its neighbours (as jusText does). The article's container is the page's
 * own markup when it holds most of the good text (itemprop=articleBody,
 * WordPress's entry-content and similar, <article>, <main>, role=main),
 * else the deepest element that holds most of it. The body is the
 * container's blocks that are not boilerplate.
 */
#ifndef DEFCON_HTML_TEXT_H
#define DEFCON_HTML_TEXT_H

#include <libxml/HTMLparser.h>

#include "buffer.h"

typedef struct defcon_html_text {
    defcon_buffer body;       /* paragraphs separated by "\n\n" */
    defcon_buffer html;       /* the same as minimal safe HTML */
    xmlNodePtr container;     /* the element chosen as the article, or NULL */
    int structural;           /* 1 when the container came from the page's markup */
    size_t good_blocks;       /* blocks classified as article text on the page */
    size_t item_count;        /* <article> elements and similar items (listings) */
    size_t linked_headings;   /* headings that are links (listings' entry titles) */
} defcon_html_text;

/* Finds the main text of `doc`. `title` (may be NULL) is the page's
 * title, left out of the body when a heading repeats it. Returns 0, or -1
 * when memory runs out; *out is then freed. Free it with
 * defcon_html_text_free(). */
int defcon_html_text_extract(xmlDocPtr doc, const char *title, defcon_html_text *out);

/* Frees the buffers of *text; accepts NULL. */
void defcon_html_text_free(defcon_html_text *text);

/* Appends the text content of `node` as one line (spaces collapsed,
 * control characters dropped), reading at most DEFCON_HTML_PAGE_MAX_DEPTH
 * levels deep. Returns 0, or -1 when memory runs out. */
int defcon_html_text_of(xmlNodePtr node, defcon_buffer *out);

#endif

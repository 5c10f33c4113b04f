/*
 * html_walk.h - iterative walks over a libxml2 tree (internal to the HTML
 * reader).
 *
 * Pages can nest elements as deep as they like (100,000 <div>s is a known
 * attack), so no walk here recurses: the walker follows the tree's parent
 * and sibling links, reporting each node when it is entered and when it
 * is left, and never goes deeper than DEFCON_HTML_PAGE_MAX_DEPTH levels
 * below its root.
 */
#ifndef DEFCON_HTML_WALK_H
#define DEFCON_HTML_WALK_H

#include <libxml/tree.h>

typedef struct defcon_html_walk {
    xmlNodePtr root;      /* the subtree walked */
    xmlNodePtr node;      /* the current node */
    int entering;         /* 1: the node was just entered; 0: it is being left */
    int depth;            /* levels below root */
    int skip;             /* set after an enter event to not go into the node */
} defcon_html_walk;

/* Starts a walk of the subtree at `root`: the first event is entering root. */
void defcon_html_walk_start(defcon_html_walk *walk, xmlNodePtr root);

/* Moves to the next event; returns 0 when the walk is over. Each node is
 * entered, then (after its children, unless skipped) left. */
int defcon_html_walk_next(defcon_html_walk *walk);

/* Returns 1 when `node` is an element named `name` (lower case). */
int defcon_html_is(xmlNodePtr node, const char *name);

/* Returns the value of attribute `name` of an element, borrowed from the
 * tree, or NULL when it has none (or holds more than one text child). */
const char *defcon_html_attribute(xmlNodePtr node, const char *name);

#endif

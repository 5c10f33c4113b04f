/*
 * html_walk.c - iterative tree walks for the HTML reader (html_walk.h).
 */
#include "html_walk.h"

#include <string.h>
#include <strings.h>

#include "html_page.h"

void defcon_html_walk_start(defcon_html_walk *walk, xmlNodePtr root)
{
    walk->root = root;
    walk->node = NULL;
    walk->entering = 1;
    walk->depth = 0;
    walk->skip = 0;
}

int defcon_html_walk_next(defcon_html_walk *walk)
{
    xmlNodePtr node = walk->node;

    if (!node) {
        if (!walk->root || walk->depth < 0)
            return 0;
        walk->node = walk->root;
        walk->entering = 1;
        walk->skip = 0;
        return 1;
    }
    if (walk->entering) {
        int descend = !walk->skip && node->children && walk->depth < DEFCON_HTML_PAGE_MAX_DEPTH
                      && (node->type == XML_ELEMENT_NODE || node->type == XML_DOCUMENT_NODE
                          || node->type == XML_HTML_DOCUMENT_NODE);
        walk->skip = 0;
        if (descend) {
            walk->node = node->children;
            walk->depth++;
            return 1;
        }
        walk->entering = 0;
        return 1;
    }
    if (node == walk->root) {
        walk->node = NULL;
        walk->depth = -1;
        return 0;
    }
    if (node->next) {
        walk->node = node->next;
        walk->entering = 1;
        return 1;
    }
    walk->node = node->parent;
    walk->depth--;
    walk->entering = 0;
    return walk->node != NULL;
}

int defcon_html_is(xmlNodePtr node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE && node->name
           && node->name[0] == (unsigned char)name[0]
           && strcmp((const char *)node->name, name) == 0;
}

const char *defcon_html_attribute(xmlNodePtr node, const char *name)
{
    xmlAttrPtr attr;

    if (!node || node->type != XML_ELEMENT_NODE)
        return NULL;
    for (attr = node->properties; attr; attr = attr->next) {
        if (!attr->name || (attr->name[0] | 0x20) != (name[0] | 0x20)
            || strcasecmp((const char *)attr->name, name) != 0)
            continue;
        if (!attr->children)
            return "";
        if (attr->children->type == XML_TEXT_NODE && !attr->children->next
            && attr->children->content)
            return (const char *)attr->children->content;
        return NULL;
    }
    return NULL;
}

/*
 * html_meta.h - an HTML page's metadata (internal to html_page.c): the
 * <title>, the <meta> tags (Open Graph, article:*, Dublin Core...), the
 * canonical link, JSON-LD's headline and datePublished, <time datetime>
 * and the page's <h1> elements, gathered in one iterative walk.
 */
#ifndef DEFCON_HTML_META_H
#define DEFCON_HTML_META_H

#include <libxml/tree.h>

#include "buffer.h"

typedef struct defcon_html_meta {
    char *title;            /* <title>, one line */
    char *og_title, *og_site_name, *og_url, *og_type;
    char *published;        /* article:published_time or itemprop=datePublished */
    char *other_date;       /* pubdate, DC.date and similar meta tags */
    char *canonical;        /* <link rel=canonical> href */
    char *ld_headline, *ld_date;   /* from JSON-LD */
    char *time_datetime;    /* the first <time datetime> */
    char *body_class;       /* <body class> */
    xmlNodePtr first_h1;
    int h1_count;
} defcon_html_meta;

/* Fills *meta from `doc`. Returns 0, or -1 when memory runs out (the
 * fields found so far stay set: free them with defcon_html_meta_free). */
int defcon_html_meta_read(xmlDocPtr doc, defcon_html_meta *meta);

/* Frees the strings of *meta and zeroes it; accepts NULL. */
void defcon_html_meta_free(defcon_html_meta *meta);

/* Finds "key": "string" anywhere in the JSON text `json` and appends the
 * decoded string to `out`. Returns 1 when found, 0 when not, -1 when
 * memory runs out. */
int defcon_html_json_find_string(const char *json, const char *key, defcon_buffer *out);

#endif

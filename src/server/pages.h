/*
 * pages.h - the server-rendered HTML pages of `defcon-search serve`.
 *
 * Every page is whole HTML with no script and no external asset: the
 * search page (the query box, filters, ranked hits, facets, the timeline
 * chart, pages and export links), an article, the query language's help,
 * and error pages. Their state is the URL's (request_params.h); every
 * link they hold is a URL of the same kind. Every value from the index
 * or the request is escaped (html.h).
 */
#ifndef DEFCON_PAGES_H
#define DEFCON_PAGES_H

#include "buffer.h"
#include "search.h"
#include "web.h"

/* The stylesheet (/style.css) and the help page's body, compiled in, as
 * NULL-terminated lists of parts to append in order (C limits the length
 * of one string literal). */
extern const char *const defcon_page_css[];
extern const char *const defcon_page_help_html[];

/* Appends the NULL-terminated `parts` to `out`. Returns 0 or -1. */
int defcon_page_append_parts(defcon_buffer *out, const char *const *parts);

/* GET /: the search page; with neither query nor filter, the form and a
 * few example searches. */
int defcon_page_search(defcon_web_context *context, defcon_web_reply *reply);

/* GET /article?id=...: one article with the query's words highlighted. */
int defcon_page_article(defcon_web_context *context, defcon_web_reply *reply);

/* GET /help: the query language. */
int defcon_page_help(defcon_web_context *context, defcon_web_reply *reply);

/* GET /style.css. */
int defcon_page_style(defcon_web_context *context, defcon_web_reply *reply);

/* Fills `reply` with an error page of `status` saying `message` (plain
 * text), the search form kept as `params` has it (NULL: empty).
 * Returns 0 or -1. */
int defcon_page_error(defcon_web_reply *reply, int status, const char *message,
                      const defcon_request_params *params);

/* Appends the start of a page: head, the site's header with the search
 * form filled from `params` (NULL: empty), and opens <main>. `title` is
 * plain text. `wide`: a second column (facets) follows the main one. */
int defcon_page_begin(defcon_buffer *out, const char *title, const defcon_request_params *params,
                      int wide);

/* Closes what defcon_page_begin opened. */
int defcon_page_end(defcon_buffer *out);

/* Appends `params` as a URL for `path` (request_params.h), HTML-escaped
 * for an attribute. */
int defcon_page_href(defcon_buffer *out, const defcon_request_params *params, const char *path,
                     int with_id);

#endif

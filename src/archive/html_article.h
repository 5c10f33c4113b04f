/*
 * html_article.h - one HTML page (a saved page, a WARC capture, a feed
 * item's content) to an article: title, date, source, canonical URL and
 * the main text as plain text blocks separated by "\n\n".
 *
 * This is the one place the indexer turns HTML into an article: the page
 * extractor (html_page.h, when it lands) plugs in here and nowhere else.
 * Until then the page is parsed with libxml2's HTML parser; the title is
 * og:title, else the first <h1>, else <title> less the site's suffix
 * ("Headline | Site"); the date article:published_time, else the first
 * <time datetime>, else the URL (/2019/04/29/slug/); the canonical URL
 * <link rel=canonical>, else the URL given; the text is that of the
 * article's element (itemprop=articleBody, WordPress's entry-content,
 * <article>, <main>, else <body>) without navigation, headers, footers,
 * forms, sidebars, comments and share buttons.
 */
#ifndef DEFCON_HTML_ARTICLE_H
#define DEFCON_HTML_ARTICLE_H

#include <stddef.h>

#include "article.h"

/* Parses the `len` bytes of an HTML page. `charset_hint` is the charset
 * an HTTP header declared (or NULL: then the page's own declaration, or
 * UTF-8 when the bytes are valid UTF-8, else Windows-1252); `url` where
 * the page was found (or NULL). Fills title (never NULL), date_text and
 * date (undated when the page and the URL have none), source, url
 * (canonical), body and body_len of *out, which the caller clears later.
 * Sets *not_article to a static reason ("og:type website", "no text")
 * when the page is not an article, else NULL. Returns 0, or -1 with a
 * reason in error[error_size] (the page cannot be parsed, out of
 * memory), *out then cleared. Thread-safe once defcon_feed_global_init
 * has run. */
int defcon_html_article_parse(const char *bytes, size_t len, const char *charset_hint,
                              const char *url, defcon_article *out, const char **not_article,
                              char *error, size_t error_size);

#endif

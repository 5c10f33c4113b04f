/*
 * html_article.h - one HTML page (a saved page, a WARC capture) to an
 * article: title, date, source, canonical URL and the main text as plain
 * text blocks separated by "\n\n".
 *
 * This is the one place the indexer turns a page into an article: the
 * page extractor (html_page.h: metadata, main text, listings told from
 * articles) does the work, and this function maps its page to the
 * article the index stores, the date parsed (date.h).
 */
#ifndef DEFCON_HTML_ARTICLE_H
#define DEFCON_HTML_ARTICLE_H

#include <stddef.h>

#include "article.h"

/* Parses the `len` bytes of an HTML page. `charset_hint` is the charset
 * an HTTP header declared (or NULL); `url` where the page was found (or
 * NULL). Fills title (never NULL), date_text and date (undated when the
 * page and the URL have none), source, url (canonical), body and
 * body_len of *out, which the caller clears later. When the page is not
 * an article (a listing, the home page, no main text), writes why into
 * reason[reason_size], else makes it "". Returns 0, or -1 with a reason
 * in error[error_size] (a page over the extractor's size limit, one that
 * cannot be parsed, out of memory), *out then cleared. Thread-safe. */
int defcon_html_article_parse(const char *bytes, size_t len, const char *charset_hint,
                              const char *url, defcon_article *out, char *reason,
                              size_t reason_size, char *error, size_t error_size);

#endif

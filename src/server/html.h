/*
 * html.h - text made safe for the web pages: escaped for HTML text and
 * attributes, matches marked, values percent-encoded for URLs.
 *
 * Every byte the server puts in a page that came from the index or the
 * request goes through one of these functions: they are the one place
 * that knows what each context needs.
 */
#ifndef DEFCON_HTML_H
#define DEFCON_HTML_H

#include <stddef.h>

#include "buffer.h"

/* Appends the `len` bytes of `text` escaped for HTML text and quoted
 * attribute values: & < > " ' become character references, control
 * characters other than tab and newline become spaces, ill-formed UTF-8
 * becomes U+FFFD, and DEFCON_MARK bytes (search.h) are dropped.
 * Returns 0, or -1 when memory runs out. */
int defcon_html_escape_len(defcon_buffer *out, const char *text, size_t len);

/* As defcon_html_escape_len, for a NUL-terminated string (NULL: nothing). */
int defcon_html_escape(defcon_buffer *out, const char *text);

/* As defcon_html_escape, but the DEFCON_MARK_START/END pairs of `marked`
 * become <mark>...</mark>, always balanced: an unclosed mark is closed at
 * the end, a stray end mark is dropped. */
int defcon_html_escape_marked(defcon_buffer *out, const char *marked);

/* Appends `text` percent-encoded for a URL query component: letters,
 * digits and - . _ ~ stay, a space becomes '+', every other byte %XX. */
int defcon_url_escape(defcon_buffer *out, const char *text);

/* Whether `url` is an absolute http: or https: URL, the only kind the
 * pages make into links (no javascript:, data: or relative URLs from
 * the index). */
int defcon_url_is_web(const char *url);

#endif

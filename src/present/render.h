/*
 * render.h - an article's Markdown shown to a reader: on a terminal, or
 * as HTML.
 *
 * The terminal renderer walks the cmark tree and lays the text out in
 * lines of a given width: headings bold and underlined, emphasis in
 * italics and bold, lists with bullets or numbers, block quotes behind a
 * bar, code indented and never wrapped, links as "text <url>". ANSI
 * styles are written only when asked for; without them the same layout
 * comes out as plain text (headings underlined with '=' or '-'). Words
 * that match a search can be highlighted: the caller says which.
 *
 * Both renderers take Markdown as it is, without front matter (the
 * caller, show.c, drops that once: a body may itself begin with a "---"
 * rule), replace ill-formed UTF-8 with U+FFFD, and never pass raw HTML or
 * control characters through: article text cannot move the cursor,
 * change colours or inject markup.
 */
#ifndef DEFCON_RENDER_H
#define DEFCON_RENDER_H

#include <stddef.h>

#include "buffer.h"

/* Says whether the `len` bytes of `word` (a run of letters and digits,
 * not NUL-terminated) match the search, so that the renderer highlights
 * them. Returns nonzero for a match. Called once per word shown. */
typedef int (*defcon_render_match_fn)(void *context, const char *word, size_t len);

typedef struct defcon_render_options {
    int width;                       /* wrap lines at this many columns;
                                        0 or less: do not wrap */
    int color;                       /* nonzero: write ANSI styles */
    defcon_render_match_fn is_match; /* words to highlight, or NULL */
    void *match_context;             /* handed to is_match */
} defcon_render_options;

/* Appends the terminal rendering of the `len` bytes of `markdown` to
 * `out`: lines end with "\n", blocks are separated by one blank line
 * (items of a tight list by none), no line ends with a space. Matching
 * words are shown bold and in colour when `options->color` is set, and
 * unstyled otherwise. Lines may be wider than the width only where a
 * code block line is, or where nesting leaves fewer than 10 columns.
 * `options` may be NULL (no wrapping, no colour, no highlighting).
 * Returns 0, or -1 when memory runs out (`out` then holds part of the
 * rendering). Thread-safe if `is_match` is. */
int defcon_render_terminal(const char *markdown, size_t len,
                           const defcon_render_options *options, defcon_buffer *out);

/* Appends the HTML rendering of the `len` bytes of `markdown` to `out`,
 * by cmark in its safe mode: raw HTML is replaced by a comment and links
 * to javascript:, vbscript:, file: and most data: URLs are dropped.
 * Returns 0, or -1 when memory runs out. Thread-safe. */
int defcon_render_html(const char *markdown, size_t len, defcon_buffer *out);

/* Copies the `len` bytes of `html` (from defcon_render_html or escaped
 * text) to `out`, wrapping each word of its text for which `is_match`
 * says yes in <mark>; tags and character references are copied as they
 * are. With `is_match` NULL the HTML is copied unchanged. Returns 0 or -1
 * when memory runs out. */
int defcon_render_html_marks(const char *html, size_t len, defcon_render_match_fn is_match,
                             void *match_context, defcon_buffer *out);

#endif

/*
 * markdown.h - Markdown to plain text, for indexing and snippets.
 *
 * The Markdown is parsed by cmark and its tree walked with cmark's
 * iterator (no recursion, so any nesting depth is safe). The text keeps
 * what a reader reads and drops the markup:
 *  - headings, paragraphs, list items, block quotes, code blocks (fenced
 *    or indented) and HTML blocks each make one block; blocks are
 *    separated by exactly one blank line ("\n\n") and no block holds a
 *    blank line (blank lines inside code blocks are dropped);
 *  - inside a block, a soft line break becomes a space and a hard line
 *    break a newline;
 *  - links give their text (not the URL), images their alt text, code
 *    spans their code, entities are decoded;
 *  - raw HTML, in blocks or inline, is reduced to its text: tags,
 *    comments and the contents of <script> and <style> are dropped,
 *    entities (&amp; &lt; &#39; ...) decoded, whitespace runs made one
 *    space; block-level tags (<p>, <div>, <li>, <h1>...) separate blocks
 *    and <br> breaks the line.
 *  - A backslash before a digit at the start of a line ("\1.75 mln") is
 *    dropped. Archive converters write it to stop a line such as "1987.
 *    ..." from reading as a list item; CommonMark does not count it as an
 *    escape and would show it.
 */
#ifndef DEFCON_MARKDOWN_H
#define DEFCON_MARKDOWN_H

#include <stddef.h>

#include "buffer.h"

/* Converts the `len` bytes of `markdown` (valid UTF-8, need not be
 * NUL-terminated) to plain text appended to `body`.
 *
 * The title: when `first_heading` is not NULL, the text of the document's
 * first heading (made one line) is appended to it; nothing when there is
 * no heading. When the very first block of the document is a heading and
 * `title` is NULL (the heading is then the article's title) or equal to
 * `title` (ignoring ASCII case and whitespace runs), that heading is left
 * out of the body, so that the body starts with the lead paragraph.
 * Any other heading stays in the body.
 *
 * Returns 0, or -1 when memory runs out (the buffers then hold partial
 * text). Thread-safe. */
int defcon_markdown_to_text(const char *markdown, size_t len, const char *title,
                            defcon_buffer *body, defcon_buffer *first_heading);

/* Appends the text of the HTML fragment `html` as described above for
 * raw HTML blocks, with blocks separated by "\n\n". Returns 0 or -1 when
 * memory runs out. */
int defcon_markdown_html_to_text(const char *html, size_t len, defcon_buffer *out);

/* Appends Markdown that shows `text` (NULL counts as "") literally: every
 * ASCII punctuation mark backslash-escaped, so that plain text (a page
 * capture's body, a title) renders as written. 0, or -1 out of memory. */
int defcon_markdown_escape(const char *text, defcon_buffer *out);

#endif

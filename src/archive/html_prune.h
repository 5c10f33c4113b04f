/*
 * html_prune.h - what the HTML parser would only build to throw away
 * (internal to the HTML reader).
 *
 * Pages carry much inline CSS and JavaScript: a WordPress page often holds
 * more bytes of <style> and <script> than of text. libxml2 reads those
 * bytes character by character into text nodes that the reader then
 * skips (html_text.c's always-junk tags). Emptying them first, in one pass
 * over the decoded page, saves that work and changes nothing the reader
 * looks at: the elements stay (with their attributes, so hidden or
 * typed elements keep what they say), and JSON-LD scripts, which
 * html_meta.c reads, keep their content.
 */
#ifndef DEFCON_HTML_PRUNE_H
#define DEFCON_HTML_PRUNE_H

#include "buffer.h"

/* Removes, in place, the content of every <script> element whose type is
 * not JSON-LD (application/ld+json) and of every <style> element of the
 * UTF-8 page in `page`. Tags are found as the HTML tokenizer finds them:
 * outside comments (<!-- -->) and outside other tags' quoted attribute
 * values; the content ends at the first "</script" or "</style" (any
 * case), as HTML's raw text does. An element left open runs to the end
 * of the page, which is then cut there. Cannot fail. */
void defcon_html_prune(defcon_buffer *page);

#endif

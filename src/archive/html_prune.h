/*
 * html_prune.h - what the HTML parser would only build to throw away
 * (internal to the HTML reader).
 *
 * Pages carry much inline CSS and JavaScript: a WordPress page often holds
 * more bytes of <style> and <script> than of text, and its tags carry
 * long attributes no reader here looks at (srcset, data-*, onclick...).
 * libxml2 reads all of it character by character into nodes that are
 * then skipped. Taking it out first, in one pass over the decoded page,
 * saves that work and changes nothing the reader sees: the elements stay
 * with the attributes the reader asks for (so hidden or typed elements
 * keep what they say), and JSON-LD scripts, which html_meta.c reads,
 * keep their content. (On the 181 pages of bench/extraction_quality the
 * reader's output is the same byte for byte; libxml2's work falls by
 * about three quarters.)
 */
#ifndef DEFCON_HTML_PRUNE_H
#define DEFCON_HTML_PRUNE_H

#include "buffer.h"

/* Removes, in place, from the UTF-8 page in `page`: the content of every
 * <script> element whose type is not JSON-LD (application/ld+json) and of
 * every <style> element, and from every start tag the attributes other
 * than those html_prune.c lists (the ones the reader reads: class, id,
 * style, hidden, aria-hidden, rel, role, href, type, datetime, itemprop,
 * property, content, name, and charset and http-equiv). Tags are found
 * as the HTML tokenizer finds them: outside comments (<!-- -->, kept
 * whole) and outside quoted attribute values; a script's or style's
 * content ends at the first "</script" or "</style" (any case), as HTML's
 * raw text does, and one left open runs to the end of the page. What is
 * kept is kept byte for byte. Cannot fail. */
void defcon_html_prune(defcon_buffer *page);

#endif

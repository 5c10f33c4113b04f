/*
 * capture.h - plain-text captures of pages of the DEFCON site.
 *
 * A capture is the text of one web page as a browser would copy it:
 *
 *     The DEFCON Warning System                      <- site header
 *     Ongoing Geointel and Analysis ... Established 1984
 *     Headline of the article                        <- title
 *     First paragraph ...                            <- body
 *     Read more at DW                                <- source
 *     Ongoing Geointel and Analysis ...              <- footer, from here
 *     © 2023 The DEFCON Warning System. ...             to the end
 *     The DEFCON Warning System is a private ...
 *
 * The header and footer are recognised by their shape, not by position:
 * a line that is the site's name, or starts with the site's tagline, or a
 * copyright line naming the site. The header is such lines at the top;
 * the footer starts at the first such line after the headline and runs to
 * the end, and a closing paragraph that starts with the site's name (the
 * disclaimer) is footer too. A capture without a header is read the same
 * way: its first non-empty line is the title.
 *
 * A template this file does not know (a new tagline, status line or
 * disclaimer) is not guessed here: its lines recur on every capture of
 * the site, and the indexer learns them as boilerplate (boilerplate.h).
 */
#ifndef DEFCON_CAPTURE_H
#define DEFCON_CAPTURE_H

#include <stddef.h>

/* A capture's parts. Strings are owned by the struct and NUL-terminated. */
typedef struct defcon_capture {
    char *title;      /* the headline made one line; "" when there is none */
    char *source;     /* X of the first "Read more at X" line, or NULL */
    char *body;       /* paragraphs separated by "\n\n"; lines of one
                         paragraph by "\n"; "" when there is none */
    size_t body_len;
} defcon_capture;

/* Reads the `len` bytes of `text` (valid UTF-8 with "\n" line endings,
 * need not be NUL-terminated) into *out. Lines are trimmed; "Read more
 * at X" lines are not body text. Returns 0, or -1 when memory runs out
 * (*out is then empty). Thread-safe. */
int defcon_capture_parse(const char *text, size_t len, defcon_capture *out);

/* Frees the strings and zeroes the struct. Accepts NULL. */
void defcon_capture_clear(defcon_capture *capture);

#endif

/*
 * html_charset.h - an HTML page's bytes to UTF-8, whatever its encoding.
 *
 * Internal to the HTML reader (html_page.c). The encoding is taken, in
 * this order, from a byte order mark, the caller's hint (an HTTP header),
 * a <meta charset> or <meta http-equiv="Content-Type"> near the top of the
 * page; an undeclared page is UTF-8 when it is valid UTF-8 and
 * Windows-1252 otherwise. A page declared UTF-8 that is not (a charset
 * lie) is repaired with U+FFFD, or read as Windows-1252 when it holds no
 * valid multi-byte sequence at all. The result is always valid UTF-8.
 */
#ifndef DEFCON_HTML_CHARSET_H
#define DEFCON_HTML_CHARSET_H

#include <stddef.h>

#include "buffer.h"

/* Appends the page decoded to UTF-8 to `out` (a byte order mark is
 * dropped) and copies the name of the encoding it used ("UTF-8",
 * "windows-1252", or the declared name passed to iconv) to `used`
 * (`used_size` bytes, may be 0). Bytes that cannot be decoded become
 * U+FFFD. Returns 0, or -1 when memory runs out. */
int defcon_html_charset_decode(const char *bytes, size_t length, const char *hint,
                               defcon_buffer *out, char *used, size_t used_size);

/* Finds a charset declared by a <meta> tag in the first bytes of the page
 * and copies its name to `name` (`name_size` bytes). Returns 1 when found,
 * 0 when not. */
int defcon_html_charset_sniff(const char *bytes, size_t length, char *name, size_t name_size);

#endif

/*
 * charset.h - reading text that is not UTF-8. HTML pages (html_charset.c)
 * and plain-text archive files (article.c) both fall back to Windows-1252
 * when their bytes are not UTF-8 and hold no UTF-8 sequence at all.
 */
#ifndef DEFCON_CHARSET_H
#define DEFCON_CHARSET_H

#include <stddef.h>

#include "buffer.h"

/* Appends `bytes` read as Windows-1252 to `out` as UTF-8 (the five bytes
 * it leaves undefined become U+FFFD). 0, or -1 when out of memory. */
int defcon_charset_windows_1252(const char *bytes, size_t length, defcon_buffer *out);

/* How many well-formed multi-byte UTF-8 sequences `bytes` holds: none in
 * a text with bytes above 0x7F means another charset, not damaged UTF-8. */
size_t defcon_charset_utf8_sequences(const char *bytes, size_t length);

#endif

/*
 * text.h - UTF-8 helpers shared by the article readers.
 *
 * Archive files are meant to be UTF-8 but arrive as whatever the capture
 * tool wrote: broken UTF-8, UTF-16 with a byte order mark, CRLF line
 * endings. These functions check and repair text so that everything past
 * the reader is valid UTF-8 with "\n" line endings. They keep no state and
 * are safe from any thread. Functions that append to a buffer return 0 on
 * success and -1 when memory runs out.
 */
#ifndef DEFCON_TEXT_H
#define DEFCON_TEXT_H

#include <stddef.h>

#include "buffer.h"

/* The replacement character U+FFFD, in UTF-8. */
#define DEFCON_TEXT_REPLACEMENT "\xEF\xBF\xBD"

/* Returns the offset of the first byte of `data` that does not begin a
 * well-formed UTF-8 sequence (overlong forms, surrogates and code points
 * above U+10FFFF are ill-formed), or `len` when all of it is valid. */
size_t defcon_text_utf8_check(const char *data, size_t len);

/* Appends `data` to `out`, replacing each ill-formed part with U+FFFD: a
 * truncated sequence counts as one error, a stray byte as one. Adds the
 * number of replacements to *replaced. */
int defcon_text_utf8_repair(const char *data, size_t len, defcon_buffer *out,
                            size_t *replaced);

/* Appends the UTF-16 text `data` (without its byte order mark) to `out`
 * as UTF-8. `big_endian` selects the byte order. Unpaired surrogates and a
 * trailing odd byte become U+FFFD and are counted in *replaced. */
int defcon_text_utf16_to_utf8(const char *data, size_t len, int big_endian,
                              defcon_buffer *out, size_t *replaced);

/* Appends code point `cp` as UTF-8; values that are not Unicode scalar
 * values (surrogates, above U+10FFFF, zero) become U+FFFD. */
int defcon_text_put_codepoint(defcon_buffer *out, unsigned long cp);

/* Returns the offset of the first control character in `data` other than
 * newline and tab: a byte below 0x20 or DEL (0x7F); `len` when there is
 * none. Fast on long runs of text, for scans over whole files. */
size_t defcon_text_find_control(const char *data, size_t len);

/* Decodes the UTF-8 character at data[*pos] (at most `len` bytes in all),
 * moves *pos past it and returns its code point; an ill-formed byte is
 * read alone as U+FFFD. *pos must be below len. */
unsigned long defcon_text_next_codepoint(const char *data, size_t len, size_t *pos);

/* Returns how many terminal columns a code point takes: 0 for combining
 * marks and zero-width characters, 2 for East Asian wide characters and
 * emoji, 1 for the rest (control characters included: callers replace
 * them). An approximation of wcwidth() that needs no locale. */
int defcon_text_codepoint_width(unsigned long cp);

/* Returns the columns the UTF-8 text takes, per the function above. */
size_t defcon_text_display_width(const char *data, size_t len);

/* Whether a terminal or a browser could act on code point `cp` instead
 * of showing it: a C0 control (below U+0020), DEL, a C1 control
 * (U+0080-U+009F, U+009B starts escape sequences on some terminals), or a
 * bidi embedding, override or isolate (U+202A-U+202E, U+2066-U+2069),
 * which reorders what follows it. Output neutralises these. */
int defcon_text_is_unsafe(unsigned long cp);

/* Appends the `len` bytes of UTF-8 `data` for output: each unsafe code
 * point (above) becomes `replacement` ("?" or DEFCON_TEXT_REPLACEMENT),
 * except the ASCII controls listed in `keep` (such as "\n\t"; NULL keeps
 * none); each ill-formed byte becomes U+FFFD. Every printer, `show` and
 * the server's pages send their text through this (JSON escapes instead:
 * json.h). */
int defcon_text_append_safe(defcon_buffer *out, const char *data, size_t len, const char *keep,
                            const char *replacement);

/* Appends `data` with "\r\n" and lone "\r" line endings turned into "\n". */
int defcon_text_unix_newlines(const char *data, size_t len, defcon_buffer *out);

/* Returns the length in bytes of the space character that starts `data`
 * (`len` bytes): ASCII blanks (space, tab, newline, CR, FF, VT) or a
 * Unicode space separator such as U+00A0 NO-BREAK SPACE, which web page
 * captures are full of. Returns 0 for any other character. */
size_t defcon_text_space_length(const char *data, size_t len);

/* Like defcon_text_space_length() for the character that ends `data`. */
size_t defcon_text_space_length_before(const char *data, size_t len);

/* Appends `data` as one line: runs of spaces (as above) and control
 * characters (newlines, NUL, escape...) become one ASCII space, and
 * leading and trailing ones are dropped. Metadata such as titles goes
 * through this, so it can be printed on a terminal as it is. */
int defcon_text_append_line(defcon_buffer *out, const char *data, size_t len);

/* Returns a newly allocated copy of `data` made one line as by
 * defcon_text_append_line(), or NULL when memory runs out. The caller
 * frees it. */
char *defcon_text_line_dup(const char *data, size_t len);

/* Appends a printf-formatted item to a list kept in `list`, putting
 * `separator` (such as "; " or ", ") before it unless the list is empty. */
int defcon_text_append_item(defcon_buffer *list, const char *separator,
                            const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Appends at most `max_bytes` bytes of `data` for quoting in a message,
 * cut on a character boundary and followed by "..." when cut. */
int defcon_text_append_excerpt(defcon_buffer *out, const char *data, size_t len,
                               size_t max_bytes);

#endif

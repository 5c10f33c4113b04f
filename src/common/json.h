/*
 * json.h - writing JSON: the one place where text becomes JSON.
 *
 * Every JSON the programs print (search hits, timelines, facets) is built
 * with these functions into a buffer (buffer.h), so escaping and the
 * handling of ill-formed UTF-8 are decided once. Objects are written as
 * they go: a key after "{" or "[" gets no comma, any other key one. The
 * functions keep no state and are safe from any thread; each returns 0,
 * or -1 when memory runs out (the buffer then holds part of the text).
 */
#ifndef DEFCON_JSON_H
#define DEFCON_JSON_H

#include "buffer.h"

/* Appends `text` (NULL counts as "") as a JSON string, quotes included:
 * '"' and '\\' escaped, control characters and DEL as \n, \t, \r or
 * \u00XX, C1 controls and bidi overrides (text.h's unsafe code points)
 * as \uXXXX, each ill-formed UTF-8 byte replaced with U+FFFD. */
int defcon_json_string(defcon_buffer *out, const char *text);

/* Appends `text` as a JSON string as above, or null when it is NULL. */
int defcon_json_string_or_null(defcon_buffer *out, const char *text);

/* Appends the key of an object member, `"name":`, after a comma unless
 * `out` ends with "{" or "[" (the member is the first). `name` is
 * escaped like any string. */
int defcon_json_key(defcon_buffer *out, const char *name);

/* Appends a whole number. */
int defcon_json_integer(defcon_buffer *out, long value);

/* Appends a number with six significant digits ("%.6g"); one that is not
 * finite, which JSON cannot hold, as null. */
int defcon_json_number(defcon_buffer *out, double value);

/* Appends a number with `decimals` digits after the point (0.931);
 * one that is not finite as null. */
int defcon_json_fixed(defcon_buffer *out, double value, int decimals);

#endif

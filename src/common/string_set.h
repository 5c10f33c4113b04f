/*
 * string_set.h - a set of strings, for "have I seen this one already?"
 * over a stream (the paths format prints a file holding many articles
 * once, however many of its articles match).
 *
 * Open addressing over the strings' hashes, copies kept; it grows as
 * needed. Not thread-safe: one owner.
 */
#ifndef DEFCON_STRING_SET_H
#define DEFCON_STRING_SET_H

#include <stddef.h>

typedef struct defcon_string_set {
    char **slots;           /* owned copies; NULL for an empty slot */
    size_t capacity;        /* a power of two, or 0 */
    size_t count;
} defcon_string_set;

#define DEFCON_STRING_SET_INIT {NULL, 0, 0}

/* Adds a copy of `text` unless the set holds it. Returns 1 when it was
 * added, 0 when it was there already, -1 when memory runs out (the set
 * is then unchanged). */
int defcon_string_set_add(defcon_string_set *set, const char *text);

/* Frees the copies and the table and empties the set; accepts an empty
 * set. */
void defcon_string_set_free(defcon_string_set *set);

#endif

/*
 * kwic.h - words in context: the concordance of `--kwic`, one line per
 * occurrence of the query's words in a hit's text, the matched word
 * between its left and right context, as corpus linguists read them.
 */
#ifndef DEFCON_KWIC_H
#define DEFCON_KWIC_H

#include <stddef.h>

/* One occurrence: the matched word and the context on each side, plain
 * text on one line (line breaks as spaces), cut at a word. Borrowed: valid
 * during the callback. */
typedef struct defcon_kwic_line {
    const char *left, *match, *right;
} defcon_kwic_line;

/* The context on each side, in display columns. */
#define DEFCON_KWIC_COLUMNS 40

typedef int (*defcon_kwic_callback)(void *context, const defcon_kwic_line *line);

/* Calls `callback` for each span of `marked` (text with matches wrapped in
 * DEFCON_MARK_START/END, search.h) with up to `columns` display columns of
 * context on each side. Stops when the callback returns non-zero. Returns
 * 0, or -1 when out of memory. */
int defcon_kwic_each(const char *marked, size_t columns, defcon_kwic_callback callback,
                     void *context);

#endif

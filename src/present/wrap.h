/*
 * wrap.h - word wrapping: the one place that says where a line of text
 * breaks, shared by the result printers (snippets and titles) and the
 * article renderer (render.c).
 *
 * Text is cut into words at spaces; a word's width is its display width
 * in terminal columns (text.h: East Asian wide characters count 2,
 * combining marks 0). Lines are filled greedily: a word goes on the
 * current line, after one space, when it fits, else it starts the next.
 * The caller writes the words and the line breaks, in its own styles.
 */
#ifndef DEFCON_WRAP_H
#define DEFCON_WRAP_H

#include <stddef.h>

/* One word of a text: the bytes [start, end) and the columns they take. */
typedef struct defcon_wrap_word {
    size_t start, end;
    size_t width;
    int forced_break;   /* a "\n" the text itself breaks the line with */
} defcon_wrap_word;

/* Finds the next word of the `len` bytes of `text` from *pos on: skips
 * spaces (and tabs and newlines, unless `newline_breaks`), then takes the
 * bytes up to the next space, tab or newline. With `newline_breaks`, a
 * newline is returned alone as a word of width 0 with `forced_break` set.
 * The highlighting marks of search.h (DEFCON_MARK_START/END) take no
 * columns; other control bytes one (callers show a replacement). Moves
 * *pos past the word and returns 1, or returns 0 at the end of the text. */
int defcon_wrap_next_word(const char *text, size_t len, size_t *pos, int newline_breaks,
                          defcon_wrap_word *word);

/* Returns 1 when a word of `width` columns must start a new line: the
 * line already holds `column` columns (0: nothing yet) of `available`,
 * and the word with the space before it would go past them. A word never
 * leaves an empty line, however wide it is. */
int defcon_wrap_needs_break(size_t column, size_t width, size_t available);

/* The display width of the `len` bytes of `text`, as words are counted
 * above (marks take no columns). */
size_t defcon_wrap_width(const char *text, size_t len);

#endif

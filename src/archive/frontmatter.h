/*
 * frontmatter.h - the YAML metadata block at the top of a Markdown file.
 *
 * A Markdown article may start with front matter: a line "---", YAML
 * text, and a closing line "---" (or "..."). Only a few keys matter to
 * the archive: title, date, source, url, id, dateline (the place a
 * story was filed from, "PEKING, March 9"), and topics or tags (a list
 * or a text). Other keys are read and ignored. Every value is taken as
 * the scalar text written in the file, so a YAML timestamp such as
 * 1987-03-09T05:03:38Z stays that text.
 *
 * The YAML is read as a stream of libyaml events, never built into a
 * tree, and aliases are never expanded: an "alias bomb" costs no more
 * than its own bytes. A known key with an unusable value (a list or
 * mapping where a text is expected, an alias) is ignored with a warning;
 * text that is not YAML, or YAML that is not a mapping, is an error.
 */
#ifndef DEFCON_FRONTMATTER_H
#define DEFCON_FRONTMATTER_H

#include <stddef.h>

#include "buffer.h"

/* The values of the keys the archive uses. Each is owned by the struct,
 * NUL-terminated and made one line (whitespace runs become one space, see
 * defcon_text_append_line()); NULL when the key is absent, null or empty. */
typedef struct defcon_frontmatter {
    char *id;
    char *title;
    char *date;
    char *source;
    char *url;
    char *topics;   /* "topics" and "tags" items, joined with ", " */
    char *dateline; /* "PEKING, March 9": where the story was filed */
} defcon_frontmatter;

/* Reads the front matter at the very start of `text` (`len` bytes of
 * valid UTF-8 with "\n" line endings, need not be NUL-terminated).
 * On success returns 0, fills *out (all NULL when there is no front
 * matter), sets *body_offset to the first byte after the closing line (0
 * when there is no front matter), and appends one "; "-separated warning
 * to `warnings` per ignored value. On failure returns -1, leaves *out
 * empty and writes the reason into error[error_size], naming the line in
 * the file: "front matter never ends (opened on line 1)", "front matter
 * is not valid YAML on line 3: ...", "front matter is not a YAML mapping
 * of keys to values (it is a list)", or "out of memory". Thread-safe. */
int defcon_frontmatter_read(const char *text, size_t len, defcon_frontmatter *out,
                            size_t *body_offset, defcon_buffer *warnings,
                            char *error, size_t error_size);

/* Returns the offset of the first byte after the front matter block at
 * the start of `text`, without reading its YAML: 0 when there is no
 * block or it never ends. For showing a file's Markdown. */
size_t defcon_frontmatter_skip(const char *text, size_t len);

/* Frees every value and sets them to NULL. Accepts NULL. */
void defcon_frontmatter_clear(defcon_frontmatter *frontmatter);

#endif

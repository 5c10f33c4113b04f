/*
 * show.h - one whole article, for `defcon-search show`: found in the
 * index by its id or its path, and rendered for a terminal (render.h)
 * under a header in the printers' styles (style.h), or as HTML.
 *
 * A Markdown article is shown from its file while the file is the one
 * indexed (inside the archive, same content hash: article_file.h), its
 * front matter dropped once; other articles (page captures) and files
 * that changed, went or now lead out of the archive are shown from the
 * text the index holds, literally, with a note saying why. Every text
 * is made safe for a terminal or a page (text.h). Nothing is printed:
 * the rendering is appended to the caller's buffer.
 */
#ifndef DEFCON_SHOW_H
#define DEFCON_SHOW_H

#include <stddef.h>

#include "buffer.h"
#include "database.h"

typedef struct defcon_show_options {
    int html;             /* nonzero: HTML (cmark's safe mode), not terminal text */
    int color;            /* ANSI styles in terminal text */
    int width;            /* columns to wrap terminal text at; 0: no wrapping */
    const char *query;    /* words to highlight (terminal text and HTML), or NULL */
} defcon_show_options;

typedef enum defcon_show_status {
    DEFCON_SHOW_OK = 0,
    DEFCON_SHOW_NOT_FOUND,    /* no article has that id or path */
    DEFCON_SHOW_FAILED        /* the database failed, or memory ran out */
} defcon_show_status;

/* Finds the article `key` names and appends its rendering to `out`.
 * `key` is an id, a path relative to the archive, or a path as results
 * list it: behind the archive folder as printer.h shows it, or any path
 * (absolute or relative to the current folder) to the file inside the
 * indexed archive. With DEFCON_SHOW_OK `out` holds the header, a blank
 * line and the article (terminal), or a whole HTML page (doctype, UTF-8
 * charset, the title as <title> and <h1>, the query's words in <mark>),
 * and error[error_size] holds a note for the user ("PATH: the file
 * changed since it was indexed: ...") or "". Otherwise `out` may hold
 * part of it and error[error_size] says why (for NOT_FOUND: "no article
 * with the id or path '...' in the index; ..." and a hint). `db` is
 * borrowed. */
defcon_show_status defcon_show_article(defcon_db *db, const char *key,
                                       const defcon_show_options *options, defcon_buffer *out,
                                       char *error, size_t error_size);

#endif

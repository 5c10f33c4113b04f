/*
 * article_file.h - an article's Markdown for display (`show`, the server's
 * article page), taken from its file only when that file is still the
 * one the index read.
 *
 * The file is read at display time, long after indexing: by then it may
 * have changed, or have been replaced by a symbolic link to a file
 * outside the archive (`ln -s /etc/shadow e.md`). So the file is used
 * only when its real path lies inside the archive folder and its content
 * hash is the indexed one; otherwise the text the index holds is shown,
 * and the caller is told why. Either way the Markdown comes out with its
 * front matter dropped and every unsafe character (text.h) but newline
 * and tab replaced with U+FFFD, ready for render.h.
 */
#ifndef DEFCON_ARTICLE_FILE_H
#define DEFCON_ARTICLE_FILE_H

#include "buffer.h"
#include "search.h"

typedef enum defcon_article_origin {
    DEFCON_ARTICLE_FROM_FILE = 0,   /* the file, unchanged since indexing */
    DEFCON_ARTICLE_NOT_MARKDOWN,    /* the index's text: the file is not Markdown
                                     * (a page capture), or the archive is unknown */
    DEFCON_ARTICLE_FILE_CHANGED,    /* the index's text: the file changed since indexing */
    DEFCON_ARTICLE_FILE_OUTSIDE,    /* the index's text: the path leads out of the archive */
    DEFCON_ARTICLE_FILE_GONE        /* the index's text: the file cannot be read */
} defcon_article_origin;

/* Appends the Markdown of article `a` (a record of search.h, with its
 * hash) to `out`: its file below `archive` (the folder the index names;
 * NULL: unknown) when the checks above pass, else the index's body (no
 * title) as literal Markdown. Sets *origin to say which. Returns 0, or -1
 * when memory runs out. */
int defcon_article_markdown(const char *archive, const defcon_article_record *a,
                            defcon_buffer *out, defcon_article_origin *origin);

/* A sentence for the user about `origin` ("the file changed since it
 * was indexed: ..."), or NULL for DEFCON_ARTICLE_FROM_FILE and
 * DEFCON_ARTICLE_NOT_MARKDOWN, which need no word. Static storage. */
const char *defcon_article_origin_note(defcon_article_origin origin);

#endif

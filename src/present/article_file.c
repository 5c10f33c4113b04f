/*
 * article_file.c - an article's Markdown for display, from its file when
 * that file is still the indexed one, else from the index; see
 * article_file.h.
 *
 * realpath() resolves every link of the file's path, so a link planted
 * after indexing that leads out of the archive is seen before anything is
 * read; the content hash (corpus.h, the indexer's own) then tells a file
 * that changed since indexing, whatever its path, from the indexed one.
 */
#include "article_file.h"

#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "markdown.h"
#include "corpus.h"
#include "frontmatter.h"
#include "text.h"

/* Largest article file shown from disk. */
#define MAX_FILE_BYTES ((size_t)256 << 20)

/* `path` below `folder` (both real paths): the part after the folder, or
 * NULL when it lies elsewhere. */
static const char *below(const char *path, const char *folder)
{
    size_t n = strlen(folder);

    if (strncmp(path, folder, n) == 0 && path[n] == '/' && path[n + 1])
        return path + n + 1;
    return NULL;
}

/* Reads the file of `a` if it is still the indexed one: into *data (the
 * caller frees it) and *len. Returns the origin to report. */
static defcon_article_origin read_checked(const char *archive, const defcon_article_record *a,
                                          char **data, size_t *len)
{
    defcon_buffer joined = DEFCON_BUFFER_INIT;
    char *root = realpath(archive, NULL), *real = NULL, error[256];
    const char *relative = NULL;
    defcon_article_origin origin = DEFCON_ARTICLE_FILE_GONE;

    if (root && defcon_buffer_printf(&joined, "%s/%s", archive, a->path) == 0)
        real = realpath(defcon_buffer_cstr(&joined), NULL);
    if (real) {
        relative = below(real, root);
        origin = DEFCON_ARTICLE_FILE_OUTSIDE;
    }
    if (relative) {
        origin = DEFCON_ARTICLE_FILE_GONE;
        if (defcon_corpus_read(root, relative, MAX_FILE_BYTES, data, len, error, sizeof error) == 0)
            origin = defcon_content_hash(*data, *len) == a->hash ? DEFCON_ARTICLE_FROM_FILE
                                                                 : DEFCON_ARTICLE_FILE_CHANGED;
    }
    if (origin != DEFCON_ARTICLE_FROM_FILE) {
        free(*data);
        *data = NULL;
    }
    defcon_buffer_free(&joined);
    free(real);
    free(root);
    return origin;
}

int defcon_article_markdown(const char *archive, const defcon_article_record *a,
                            defcon_buffer *out, defcon_article_origin *origin)
{
    defcon_buffer markdown = DEFCON_BUFFER_INIT;
    char *data = NULL;
    size_t len = 0, skip;
    int rc;

    *origin = DEFCON_ARTICLE_NOT_MARKDOWN;
    if (archive && defcon_article_kind_of(a->path) == DEFCON_ARTICLE_MARKDOWN)
        *origin = read_checked(archive, a, &data, &len);
    if (*origin == DEFCON_ARTICLE_FROM_FILE) {
        skip = defcon_frontmatter_skip(data, len);
        rc = defcon_buffer_append(&markdown, data + skip, len - skip);
    } else {
        rc = defcon_markdown_escape(a->body, &markdown);
    }
    free(data);
    if (rc == 0)
        rc = defcon_text_append_safe(out, defcon_buffer_cstr(&markdown), markdown.len, "\n\t",
                                     DEFCON_TEXT_REPLACEMENT);
    defcon_buffer_free(&markdown);
    return rc;
}

const char *defcon_article_origin_note(defcon_article_origin origin)
{
    switch (origin) {
    case DEFCON_ARTICLE_FILE_CHANGED:
        return "the file changed since it was indexed: showing the text the index holds "
               "(reindex to see the new version)";
    case DEFCON_ARTICLE_FILE_OUTSIDE:
        return "the file's path now leads out of the archive (a symbolic link?): showing the "
               "text the index holds";
    case DEFCON_ARTICLE_FILE_GONE:
        return "the file cannot be read any more: showing the text the index holds";
    default:
        return NULL;
    }
}

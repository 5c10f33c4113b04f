/*
 * show.c - finding one article and rendering it whole; see show.h.
 *
 * The index gives the record (search.h's defcon_article_record); the
 * Markdown comes from the file when it can (corpus.h), with its front
 * matter skipped here and only here (frontmatter.h), so that a body that
 * begins with a "---" rule keeps what follows it. render.c lays it out.
 */
#include "show.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "corpus.h"
#include "frontmatter.h"
#include "printer.h"
#include "render.h"
#include "search.h"
#include "style.h"

/* Largest article file shown from disk. */
#define MAX_FILE_BYTES ((size_t)256 << 20)

/* Markdown that shows `text` literally: every ASCII punctuation mark
 * escaped. For bodies that are plain text (page captures) and titles. */
static int literal_markdown(const char *text, defcon_buffer *out)
{
    const char *p;
    int rc = 0;

    for (p = text ? text : ""; rc == 0 && *p; p++) {
        if ((*p >= '!' && *p <= '/') || (*p >= ':' && *p <= '@') || (*p >= '[' && *p <= '`')
            || (*p >= '{' && *p <= '~'))
            rc = defcon_buffer_putc(out, '\\');
        if (rc == 0)
            rc = defcon_buffer_putc(out, *p);
    }
    return rc;
}

/* The article's Markdown without front matter: the file as it is now
 * when it is Markdown and still readable, else the stored text. */
static int article_markdown(const char *archive, const defcon_article_record *a,
                            defcon_buffer *out)
{
    char *data = NULL, error[256];
    size_t len = 0, skip;
    int rc;

    if (!archive || defcon_article_kind_of(a->path) != DEFCON_ARTICLE_MARKDOWN
        || defcon_corpus_read(archive, a->path, MAX_FILE_BYTES, &data, &len, error,
                              sizeof error) != 0)
        return literal_markdown(a->body, out);
    skip = defcon_frontmatter_skip(data, len);
    rc = defcon_buffer_append(out, data + skip, len - skip);
    free(data);
    return rc;
}

/* `path` relative to `folder` when it lies inside it, else NULL. */
static const char *inside(const char *path, const char *folder)
{
    size_t n = strlen(folder);

    if (strncmp(path, folder, n) == 0 && path[n] == '/' && path[n + 1])
        return path + n + 1;
    return NULL;
}

/* Looks the article up by id or path, also as listed in results: with the
 * archive folder in front, relative to here or absolute. Returns 1 when
 * found, 0 when not, -1 on failure. */
static int find_article(defcon_db *db, const char *archive, const char *key,
                        defcon_article_record *a)
{
    const char *relative;
    char *real;
    int rc = defcon_article_find(db, key, a);

    if (rc != 0 || !archive)
        return rc;
    relative = inside(key, defcon_display_folder(archive));
    if (relative)
        return defcon_article_find(db, relative, a);
    real = realpath(key, NULL);
    relative = real ? inside(real, archive) : NULL;
    if (relative)
        rc = defcon_article_find(db, relative, a);
    free(real);
    return rc;
}

/* The title in bold, then date · source · id · countries, dimmed. */
static int append_header(const defcon_article_record *a, int color, defcon_buffer *out)
{
    int rc = defcon_buffer_printf(out, "%s%s%s\n%s%s · %s · %s",
                                  DEFCON_STYLE(color, DEFCON_STYLE_TITLE),
                                  a->title && a->title[0] ? a->title : "(untitled)",
                                  DEFCON_STYLE(color, DEFCON_STYLE_RESET),
                                  DEFCON_STYLE(color, DEFCON_STYLE_META),
                                  a->date ? a->date : "undated",
                                  a->source ? a->source : "no source", a->id);

    if (a->countries && a->countries[0])
        rc |= defcon_buffer_printf(out, " · %s", a->countries);
    rc |= defcon_buffer_printf(out, "%s\n\n", DEFCON_STYLE(color, DEFCON_STYLE_RESET));
    return rc ? -1 : 0;
}

/* The title as a heading, escaped, then the article, as HTML. */
static int render_html(const defcon_article_record *a, const defcon_buffer *markdown,
                       defcon_buffer *out)
{
    defcon_buffer page = DEFCON_BUFFER_INIT;
    int rc = defcon_buffer_puts(&page, "# ") | literal_markdown(a->title, &page)
             | defcon_buffer_puts(&page, "\n\n")
             | defcon_buffer_append(&page, markdown->data, markdown->len);

    if (rc == 0)
        rc = defcon_render_html(page.data, page.len, out);
    defcon_buffer_free(&page);
    return rc;
}

static int render_terminal(defcon_db *db, const defcon_article_record *a,
                           const defcon_buffer *markdown, const defcon_show_options *options,
                           defcon_buffer *out)
{
    defcon_highlighter *highlighter = NULL;
    defcon_render_options render;
    int rc;

    memset(&render, 0, sizeof render);
    render.width = options->width;
    render.color = options->color;
    if (options->query && options->query[0]) {
        /* Without a highlighter (no memory for it) the article is still
         * worth showing: defcon_highlighter_match(NULL) matches nothing. */
        highlighter = defcon_highlighter_new(db, options->query);
        render.is_match = defcon_highlighter_match;
        render.match_context = highlighter;
    }
    rc = append_header(a, options->color, out);
    if (rc == 0)
        rc = defcon_render_terminal(markdown->data ? markdown->data : "", markdown->len, &render,
                                    out);
    defcon_highlighter_free(highlighter);
    return rc;
}

defcon_show_status defcon_show_article(defcon_db *db, const char *key,
                                       const defcon_show_options *options, defcon_buffer *out,
                                       char *error, size_t error_size)
{
    defcon_buffer markdown = DEFCON_BUFFER_INIT;
    defcon_article_record a;
    defcon_show_status status = DEFCON_SHOW_FAILED;
    char *archive = NULL;
    int found;

    memset(&a, 0, sizeof a);
    if (defcon_db_meta_get(db, "archive", &archive) != 0) {
        snprintf(error, error_size, "%s", defcon_db_errmsg(db));
        return DEFCON_SHOW_FAILED;
    }
    found = find_article(db, archive, key, &a);
    if (found < 0)
        snprintf(error, error_size, "%s", defcon_db_errmsg(db));
    else if (found == 0)
        snprintf(error, error_size, "no article with the id or path '%s'", key);
    else if (article_markdown(archive, &a, &markdown) != 0
             || (options->html ? render_html(&a, &markdown, out)
                               : render_terminal(db, &a, &markdown, options, out)) != 0)
        snprintf(error, error_size, "out of memory");
    else
        status = DEFCON_SHOW_OK;
    if (found == 0)
        status = DEFCON_SHOW_NOT_FOUND;
    defcon_article_record_clear(&a);
    defcon_buffer_free(&markdown);
    free(archive);
    return status;
}

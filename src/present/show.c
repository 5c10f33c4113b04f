/*
 * show.c - finding one article and rendering it whole; see show.h.
 *
 * The index gives the record (search.h's defcon_article_record); the
 * Markdown comes from the file only while it is the indexed one
 * (article_file.h: inside the archive, same hash), else from the index.
 * render.c lays it out; every field of the header is made safe (text.h).
 */
#include "show.h"

#include "markdown.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article_file.h"
#include "countries.h"
#include "html.h"
#include "printer.h"
#include "render.h"
#include "search.h"
#include "style.h"
#include "text.h"

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

/* Appends `text` made safe for a terminal or a page (text.h). */
static int append_safe(defcon_buffer *out, const char *text)
{
    return defcon_text_append_safe(out, text, strlen(text), NULL, "?");
}

/* The countries of `codes` ("KP IR") by name, as search results list them. */
static int append_country_names(defcon_buffer *out, const char *codes)
{
    const char *c = codes;
    int rc = 0, first = 1;

    while (rc == 0 && c && *c) {
        size_t n = strcspn(c, " ,");
        char code[3] = {c[0], n > 1 ? c[1] : '\0', '\0'};
        const char *name = n == 2 ? defcon_country_name(code) : NULL;
        if (n > 0) {
            rc |= defcon_buffer_puts(out, first ? "" : ", ");
            rc |= name ? defcon_buffer_puts(out, name)
                       : defcon_buffer_printf(out, "%.*s", (int)n, c);
            first = 0;
        }
        c += n;
        c += strspn(c, " ,");
    }
    return rc;
}

/* The title in bold, then date · source · id · countries, dimmed. */
static int append_header(const defcon_article_record *a, int color, defcon_buffer *out)
{
    int rc = defcon_buffer_puts(out, DEFCON_STYLE(color, DEFCON_STYLE_TITLE));

    rc |= append_safe(out, a->title && a->title[0] ? a->title : "(untitled)");
    rc |= defcon_buffer_printf(out, "%s\n%s", DEFCON_STYLE(color, DEFCON_STYLE_RESET),
                               DEFCON_STYLE(color, DEFCON_STYLE_META));
    rc |= append_safe(out, a->date ? a->date : "undated");
    rc |= defcon_buffer_puts(out, " · ");
    rc |= append_safe(out, a->source ? a->source : "no source");
    rc |= defcon_buffer_puts(out, " · ");
    rc |= append_safe(out, a->id);
    if (a->countries && a->countries[0]) {
        rc |= defcon_buffer_puts(out, " · ");
        rc |= append_country_names(out, a->countries);
    }
    if (a->level > 0) {   /* the level it assesses (defcon_level.h) */
        rc |= defcon_buffer_printf(out, " · DEFCON %d", a->level);
        if (a->colour) {
            rc |= defcon_buffer_putc(out, ' ');
            rc |= append_safe(out, a->colour);
        }
    }
    rc |= defcon_buffer_printf(out, "%s\n\n", DEFCON_STYLE(color, DEFCON_STYLE_RESET));
    return rc ? -1 : 0;
}

/* The article as HTML: for one read from an HTML page, the cleaned main
 * content the index keeps (headings, paragraphs, lists, quotes: safe HTML
 * from html_page.h) under the title as <h1>; otherwise the Markdown (or
 * the escaped text) through cmark, the title first as a heading. */
static int article_html(const defcon_article_record *a, const char *title,
                        const defcon_buffer *markdown, defcon_buffer *html)
{
    defcon_buffer source = DEFCON_BUFFER_INIT;
    int rc = 0;

    if (a->html) {
        rc |= defcon_buffer_puts(html, "<h1>") | defcon_html_escape(html, title)
              | defcon_buffer_puts(html, "</h1>\n");
        /* Made by our extractor, but read from a file others can write. */
        rc |= defcon_text_append_safe(html, a->html, strlen(a->html), "\n\t",
                                      DEFCON_TEXT_REPLACEMENT);
        return rc ? -1 : 0;
    }
    rc |= defcon_buffer_puts(&source, "# ") | defcon_markdown_escape(title, &source)
          | defcon_buffer_puts(&source, "\n\n");
    if (rc == 0)
        rc = defcon_buffer_append(&source, markdown->data ? markdown->data : "", markdown->len);
    if (rc == 0)
        rc = defcon_render_html(defcon_buffer_cstr(&source), source.len, html);
    defcon_buffer_free(&source);
    return rc ? -1 : 0;
}

/* A whole HTML page (doctype, charset, the title): the title as a
 * heading, then the article, the query's words in <mark>. */
static int render_html(defcon_db *db, const defcon_article_record *a,
                       const defcon_buffer *markdown, const defcon_show_options *options,
                       defcon_buffer *out)
{
    defcon_buffer html = DEFCON_BUFFER_INIT, safe = DEFCON_BUFFER_INIT;
    defcon_highlighter *highlighter = NULL;
    const char *text = a->title && a->title[0] ? a->title : "(untitled)";
    int rc = defcon_text_append_safe(&safe, text, strlen(text), NULL, DEFCON_TEXT_REPLACEMENT);

    text = defcon_buffer_cstr(&safe);
    if (options->query && options->query[0])
        highlighter = defcon_highlighter_new(db, options->query);
    rc |= defcon_buffer_puts(out, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
                                  "<title>");
    rc |= defcon_html_escape(out, text);
    rc |= defcon_buffer_puts(out, "</title>\n</head>\n<body>\n");
    if (rc == 0)
        rc = article_html(a, text, markdown, &html);
    if (rc == 0)
        rc = defcon_render_html_marks(defcon_buffer_cstr(&html), html.len,
                                      highlighter ? defcon_highlighter_match : NULL, highlighter,
                                      out);
    rc |= defcon_buffer_puts(out, "</body>\n</html>\n");
    defcon_highlighter_free(highlighter);
    defcon_buffer_free(&html);
    defcon_buffer_free(&safe);
    return rc ? -1 : 0;
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

/* The number of close ids `show` suggests for one that names no article. */
#define SUGGESTED_IDS 5

/* Appends "; did you mean:" and the ids of the articles `key` may have
 * meant, one a line (search.h); nothing when there are none. */
static void append_close_ids(defcon_db *db, const char *key, defcon_buffer *out)
{
    char *ids[SUGGESTED_IDS];
    long count = defcon_article_suggest(db, key, ids, SUGGESTED_IDS), i;

    if (count > 0)
        defcon_buffer_puts(out, "\nthe most similar ids:");
    for (i = 0; i < count; i++) {
        defcon_buffer_puts(out, "\n    ");
        append_safe(out, ids[i]);
        free(ids[i]);
    }
}

/* Why `key` names no article, with hints: the ids it may have meant, and
 * how to search for it, as it may have been meant as a search. */
static void not_found(defcon_db *db, const char *key, char *error, size_t error_size)
{
    defcon_buffer quoted = DEFCON_BUFFER_INIT, close = DEFCON_BUFFER_INIT;
    const char *q;

    append_safe(&quoted, key);
    append_close_ids(db, key, &close);
    q = defcon_buffer_cstr(&quoted);
    if (strchr(key, '/') || strchr(key, '.'))
        snprintf(error, error_size,
                 "no article with the id or path '%s' in the index (a search lists ids and "
                 "paths: defcon-search --format paths WORDS)%s", q, defcon_buffer_cstr(&close));
    else
        snprintf(error, error_size,
                 "no article with the id or path '%s' in the index; to search for the word: "
                 "defcon-search %s%s", q, q, defcon_buffer_cstr(&close));
    defcon_buffer_free(&quoted);
    defcon_buffer_free(&close);
}

defcon_show_status defcon_show_article(defcon_db *db, const char *key,
                                       const defcon_show_options *options, defcon_buffer *out,
                                       char *error, size_t error_size)
{
    defcon_buffer markdown = DEFCON_BUFFER_INIT;
    defcon_article_record a;
    defcon_article_origin origin = DEFCON_ARTICLE_FROM_FILE;
    defcon_show_status status = DEFCON_SHOW_FAILED;
    char *archive = NULL;
    const char *note;
    int found;

    memset(&a, 0, sizeof a);
    error[0] = '\0';
    if (defcon_db_meta_get(db, "archive", &archive) != 0) {
        snprintf(error, error_size, "%s", defcon_db_errmsg(db));
        return DEFCON_SHOW_FAILED;
    }
    found = find_article(db, archive, key, &a);
    if (found < 0)
        snprintf(error, error_size, "%s", defcon_db_errmsg(db));
    else if (found == 0)
        not_found(db, key, error, error_size);
    else if (defcon_article_markdown(archive, &a, &markdown, &origin) != 0
             || (options->html ? render_html(db, &a, &markdown, options, out)
                               : render_terminal(db, &a, &markdown, options, out)) != 0)
        snprintf(error, error_size, "out of memory");
    else
        status = DEFCON_SHOW_OK;
    if (found == 0)
        status = DEFCON_SHOW_NOT_FOUND;
    note = defcon_article_origin_note(origin);
    if (status == DEFCON_SHOW_OK && note)
        snprintf(error, error_size, "%s: %s", a.path, note);
    defcon_article_record_clear(&a);
    defcon_buffer_free(&markdown);
    free(archive);
    return status;
}

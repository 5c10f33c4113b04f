/*
 * article_page.c - one article as a page (GET /article?id=...): its
 * metadata, countries and original URL, and its text as clean HTML with
 * the query's words highlighted; see pages.h.
 *
 * The text is the article's Markdown file when the archive folder the
 * index names is here and the file is still the indexed one (its
 * formatting kept), else the text the index stored: article_file.h.
 * cmark's safe HTML renderer (render.h) makes the HTML; words are then marked in its text
 * (never inside a tag) when the highlighter says they match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article_file.h"
#include "countries.h"
#include "html.h"
#include "pages.h"
#include "render.h"
#include "search.h"
#include "markdown.h"
#include "text.h"
#include "token_chars.h"

/* The article's Markdown (article_file.h): its file when it is still
 * the indexed one, else the stored text. */
static int article_markdown(const char *archive, const defcon_article_record *a,
                            defcon_buffer *out)
{
    defcon_article_origin origin;

    return defcon_article_markdown(archive, a, out, &origin);
}

static int fact(defcon_buffer *out, const char *name, const char *value)
{
    int rc = 0;

    if (!value || !value[0])
        return 0;
    rc |= defcon_buffer_printf(out, "<dt>%s</dt><dd>", name);
    rc |= defcon_html_escape(out, value);
    return rc | defcon_buffer_puts(out, "</dd>");
}

/* The metadata: date, source, countries (links), original URL, id, path. */
static int facts(defcon_buffer *out, const defcon_request_params *p, const defcon_article_record *a)
{
    const char *c = a->countries;
    int rc = defcon_buffer_puts(out, "<dl class=\"facts\">"), first = 1;

    rc |= fact(out, "Date", a->date ? a->date : "undated");
    rc |= fact(out, "Source", a->source);
    if (c && *c)
        rc |= defcon_buffer_puts(out, "<dt>About</dt><dd>");
    while (c && *c) {   /* "KP IR RU" */
        size_t n = strcspn(c, " ,");
        if (n == 2) {
            defcon_request_params next = *p;
            char code[3] = {c[0], c[1], '\0'};
            const char *name = defcon_country_name(code);
            next.id[0] = '\0';
            next.offset = 0;
            defcon_request_params_add_country(&next, code);
            rc |= defcon_buffer_puts(out, first ? "<a href=\"" : ", <a href=\"");
            rc |= defcon_page_href(out, &next, "/", 0);
            rc |= defcon_buffer_puts(out, "\">");
            rc |= defcon_html_escape(out, name ? name : code);
            rc |= defcon_buffer_puts(out, "</a>");
            first = 0;
        }
        c += n;
        c += strspn(c, " ,");
    }
    if (a->countries && *a->countries)
        rc |= defcon_buffer_puts(out, "</dd>");
    if (defcon_url_is_web(a->url)) {
        rc |= defcon_buffer_puts(out, "<dt>Original</dt><dd><a rel=\"noopener noreferrer nofollow\""
                                      " href=\"");
        rc |= defcon_html_escape(out, a->url);
        rc |= defcon_buffer_puts(out, "\">");
        rc |= defcon_html_escape(out, a->url);
        rc |= defcon_buffer_puts(out, "</a></dd>");
    } else {
        rc |= fact(out, "Original", a->url);
    }
    rc |= fact(out, "Id", a->id);
    rc |= fact(out, "Path", a->path);
    return rc | defcon_buffer_puts(out, "</dl>");
}

/* Appends `html`, its matching words marked when there is a highlighter. */
static int append_marked(defcon_buffer *out, const defcon_buffer *html,
                         defcon_highlighter *highlighter)
{
    return defcon_render_html_marks(defcon_buffer_cstr(html), html->len,
                                    highlighter ? defcon_highlighter_match : NULL, highlighter,
                                    out);
}

/* The title (the open <h1> closed here), the facts and the text as HTML,
 * the query's words highlighted in title and text. */
static int article_text(defcon_web_context *context, const defcon_article_record *a,
                        defcon_buffer *out)
{
    defcon_buffer markdown = DEFCON_BUFFER_INIT, html = DEFCON_BUFFER_INIT;
    defcon_highlighter *highlighter = NULL;
    int rc = article_markdown(context->archive, a, &markdown);

    if (rc == 0 && context->params->query[0]) {
        highlighter = defcon_highlighter_new(context->db, context->params->query);
        if (!highlighter)
            rc = -1;
    }
    rc |= defcon_html_escape(&html, a->title[0] ? a->title : "(untitled)");
    if (rc == 0)
        rc = append_marked(out, &html, highlighter);
    rc |= defcon_buffer_puts(out, "</h1>");
    rc |= facts(out, context->params, a);
    defcon_buffer_clear(&html);
    if (rc == 0)
        rc = defcon_render_html(defcon_buffer_cstr(&markdown), markdown.len, &html);
    rc |= defcon_buffer_puts(out, "<div class=\"body\">");
    if (rc == 0)
        rc = append_marked(out, &html, highlighter);
    rc |= defcon_buffer_puts(out, "</div>");
    defcon_highlighter_free(highlighter);
    defcon_buffer_free(&markdown);
    defcon_buffer_free(&html);
    return rc ? -1 : 0;
}

int defcon_page_article(defcon_web_context *context, defcon_web_reply *reply)
{
    const defcon_request_params *p = context->params;
    defcon_article_record a;
    defcon_buffer *out = &reply->body;
    int found, rc = 0;

    if (!p->id[0])
        return defcon_page_error(reply, 400, "which article? The address needs an id", p);
    found = defcon_article_find(context->db, p->id, &a);
    if (found < 0) {
        snprintf(context->error, sizeof context->error, "%s", defcon_db_errmsg(context->db));
        return -1;
    }
    if (found == 0)
        return defcon_page_error(reply, 404, "no article with this id in the index", p);
    rc |= defcon_page_begin(out, a.title[0] ? a.title : "(untitled)", p, 0);
    rc |= defcon_buffer_puts(out, "<p><a href=\"");
    rc |= defcon_page_href(out, p, "/", 0);
    rc |= defcon_buffer_puts(out, p->query[0] || p->country_count ? "\">← Back to the results</a></p>"
                                                                 : "\">← Search</a></p>");
    rc |= defcon_buffer_puts(out, "<article class=\"full\"><h1>");
    if (rc == 0)
        rc = article_text(context, &a, out);
    rc |= defcon_buffer_puts(out, "</article></main>");
    rc |= defcon_page_end(out);
    defcon_article_record_clear(&a);
    reply->status = 200;
    reply->content_type = DEFCON_WEB_HTML;
    if (rc)
        snprintf(context->error, sizeof context->error, "out of memory");
    return rc ? -1 : 0;
}

/*
 * html_article.c - an HTML page to an article; see html_article.h. The
 * page extractor's fields are moved into the article, not copied.
 */
#include "html_article.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_page.h"

int defcon_html_article_parse(const char *bytes, size_t len, const char *charset_hint,
                              const char *url, defcon_article *out, char *reason,
                              size_t reason_size, char *error, size_t error_size)
{
    defcon_html_page page;

    memset(out, 0, sizeof *out);
    if (reason_size > 0)
        reason[0] = '\0';
    if (defcon_html_page_parse(bytes, len, charset_hint, url, &page, error, error_size) != 0)
        return -1;
    if (!page.is_article)
        snprintf(reason, reason_size, "%s",
                 page.not_article_reason ? page.not_article_reason : "not an article");
    out->title = page.title ? page.title : strdup("");
    out->source = page.source;
    out->url = page.url;
    out->date_text = page.date;
    out->body = page.body ? page.body : strdup("");
    out->html = page.html;
    page.title = page.source = page.url = page.date = page.body = page.html = NULL;
    defcon_html_page_clear(&page);
    if (!out->title || !out->body) {
        defcon_article_clear(out);
        snprintf(error, error_size, "out of memory");
        return -1;
    }
    out->body_len = strlen(out->body);
    if (out->date_text
        && defcon_date_parse(out->date_text, strlen(out->date_text), &out->date)
               != DEFCON_DATE_OK)
        memset(&out->date, 0, sizeof out->date);
    return 0;
}

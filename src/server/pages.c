/*
 * pages.c - the search page and what every page shares: the head, the
 * site's header with the search form, error pages; see pages.h.
 *
 * The search page runs one prepared search (search.h) for the hits, the
 * count, the timeline and the country facets, and writes them as one
 * HTML document; every link in it is the page's own URL with one thing
 * changed (a filter added or removed, another page), so the browser's
 * history and bookmarks hold every state.
 */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "countries.h"
#include "html.h"

int defcon_page_href(defcon_buffer *out, const defcon_request_params *params, const char *path,
                     int with_id)
{
    defcon_buffer url = DEFCON_BUFFER_INIT;
    int rc = defcon_request_params_url(params, path, with_id, &url);

    rc |= defcon_html_escape(out, defcon_buffer_cstr(&url));
    defcon_buffer_free(&url);
    return rc ? -1 : 0;
}

static int country_field(defcon_buffer *out, int index, const char *value, const char *label)
{
    int rc = defcon_buffer_printf(out, "<div class=\"field\"><label for=\"country-%d\">%s</label>"
                                       "<input id=\"country-%d\" name=\"country\" value=\"",
                                  index, label, index);
    rc |= defcon_html_escape(out, value);
    rc |= defcon_buffer_puts(out, "\" placeholder=\"Iran, KP, Soviet\" autocomplete=\"off\">"
                                  "</div>");
    return rc;
}

static int date_field(defcon_buffer *out, const char *name, const char *label, const char *value)
{
    int rc = defcon_buffer_printf(out, "<div class=\"field\"><label for=\"%s\">%s</label>"
                                       "<input id=\"%s\" name=\"%s\" value=\"",
                                  name, label, name, name);
    rc |= defcon_html_escape(out, value);
    rc |= defcon_buffer_puts(out, "\" placeholder=\"YYYY-MM-DD\" inputmode=\"numeric\""
                                  " autocomplete=\"off\"></div>");
    return rc;
}

static int search_form(defcon_buffer *out, const defcon_request_params *p)
{
    static const char *const sorts[][2] = {{"relevance", "Relevance"}, {"newest", "Newest first"},
                                           {"oldest", "Oldest first"}};
    size_t i;
    int rc = 0;

    rc |= defcon_buffer_puts(out, "<form class=\"search\" role=\"search\" action=\"/\" method=\"get\">"
                                  "<div class=\"query-row\"><label class=\"visually-hidden\""
                                  " for=\"q\">Search the archive</label><input id=\"q\" name=\"q\""
                                  " type=\"search\" value=\"");
    rc |= defcon_html_escape(out, p ? p->query : "");
    rc |= defcon_buffer_printf(out, "\" maxlength=\"%d\" placeholder=\"zarif visit, &quot;kim jong"
                                    " un&quot;, nucl*\" autocomplete=\"off\">"
                                    "<button type=\"submit\">Search</button>"
                                    "<a class=\"help-link\" href=\"/help\">Query language</a>"
                                    "</div><fieldset class=\"filters\"><legend>Filters</legend>",
                               DEFCON_WEB_MAX_QUERY_BYTES);
    for (i = 0; p && i < p->country_count; i++) {
        const char *name = defcon_country_name(p->countries[i]);
        rc |= country_field(out, (int)i, name ? name : p->countries[i], "Country");
    }
    if (!p || p->country_count < DEFCON_MAX_COUNTRY_FILTERS)
        rc |= country_field(out, p ? (int)p->country_count : 0, "",
                            p && p->country_count ? "And country" : "Country");
    rc |= date_field(out, "since", "Since", p ? p->since : "");
    rc |= date_field(out, "until", "Until", p ? p->until : "");
    rc |= defcon_buffer_puts(out, "<div class=\"field\"><label for=\"sort\">Sort</label>"
                                  "<select id=\"sort\" name=\"sort\">");
    for (i = 0; i < 3; i++)
        rc |= defcon_buffer_printf(out, "<option value=\"%s\"%s>%s</option>", sorts[i][0],
                                   p && (size_t)p->sort == i ? " selected" : "", sorts[i][1]);
    rc |= defcon_buffer_printf(out, "</select></div><div class=\"field check\"><input type=\"checkbox\""
                                    " id=\"exact\" name=\"exact\" value=\"1\"%s><label"
                                    " for=\"exact\">exactly these countries</label></div>",
                               p && p->exact_countries ? " checked" : "");
    if (p && p->limit != DEFCON_WEB_DEFAULT_PAGE_SIZE)
        rc |= defcon_buffer_printf(out, "<input type=\"hidden\" name=\"limit\" value=\"%ld\">",
                                   p->limit);
    rc |= defcon_buffer_puts(out, "</fieldset></form>");
    return rc;
}

int defcon_page_begin(defcon_buffer *out, const char *title, const defcon_request_params *params,
                      int wide)
{
    int rc = defcon_buffer_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                                     "<meta name=\"viewport\" content=\"width=device-width,"
                                     "initial-scale=1\"><meta name=\"color-scheme\""
                                     " content=\"light dark\"><title>");

    rc |= defcon_html_escape(out, title);
    rc |= defcon_buffer_puts(out, " · DEFCON archive</title><link rel=\"stylesheet\""
                                  " href=\"/style.css\"></head>\n<body><a class=\"skip\""
                                  " href=\"#main\">Skip to the content</a><header class=\"site\">"
                                  "<div class=\"bar-inner\"><a class=\"brand\" href=\"/\">DEFCON"
                                  " <span>archive search</span></a>");
    rc |= search_form(out, params);
    rc |= defcon_buffer_printf(out, "</div></header>\n<div class=\"layout%s\"><main id=\"main\""
                                    " tabindex=\"-1\">", wide ? "" : " single");
    return rc ? -1 : 0;
}

int defcon_page_end(defcon_buffer *out)
{
    return defcon_buffer_puts(out, "</div>\n<footer class=\"site\">Searches the archive's index,"
                                   " read-only. <a href=\"/help\">Query language</a> · JSON:"
                                   " <a href=\"/api/search?q=nuclear\">/api/search</a></footer>"
                                   "</body></html>\n");
}

int defcon_page_error(defcon_web_reply *reply, int status, const char *message,
                      const defcon_request_params *params)
{
    defcon_buffer *out = &reply->body;
    int rc;

    defcon_buffer_clear(out);
    reply->status = status;
    reply->content_type = DEFCON_WEB_HTML;
    rc = defcon_page_begin(out, status == 404 ? "Not found" : "Error", params, 0);
    rc |= defcon_buffer_printf(out, "<h1>%s</h1><p class=\"error\" role=\"alert\">",
                               status == 404 ? "Not found"
                               : status == 503 ? "Try again" : status >= 500 ? "Server error"
                               : "That search cannot be run");
    rc |= defcon_html_escape(out, message);
    rc |= defcon_buffer_puts(out, "</p><p><a href=\"/help\">The query language</a> ·"
                                  " <a href=\"/\">A new search</a></p></main>");
    rc |= defcon_page_end(out);
    return rc ? -1 : 0;
}

int defcon_page_append_parts(defcon_buffer *out, const char *const *parts)
{
    int rc = 0;

    for (; rc == 0 && *parts; parts++)
        rc = defcon_buffer_puts(out, *parts);
    return rc;
}

int defcon_page_help(defcon_web_context *context, defcon_web_reply *reply)
{
    defcon_buffer *out = &reply->body;
    int rc = defcon_page_begin(out, "Query language", context->params, 0);

    rc |= defcon_page_append_parts(out, defcon_page_help_html);
    rc |= defcon_buffer_puts(out, "</main>");
    rc |= defcon_page_end(out);
    reply->status = 200;
    reply->content_type = DEFCON_WEB_HTML;
    if (rc)
        snprintf(context->error, sizeof context->error, "out of memory");
    return rc ? -1 : 0;
}

int defcon_page_style(defcon_web_context *context, defcon_web_reply *reply)
{
    reply->status = 200;
    reply->content_type = "text/css; charset=utf-8";
    if (defcon_page_append_parts(&reply->body, defcon_page_css) != 0) {
        snprintf(context->error, sizeof context->error, "out of memory");
        return -1;
    }
    return 0;
}

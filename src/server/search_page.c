/*
 * search_page.c - the search page (GET /): hits, count, timeline, facets,
 * pages and export links of one prepared search; see pages.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "countries.h"
#include "html.h"
#include "pages.h"
#include "timeline_svg.h"

#define FACET_COUNTRIES 12
#define FACET_YEARS 25
#define PAGE_LINKS 3      /* pages linked on each side of the current one */
#define HIT_COUNTRIES 8

typedef struct page_state {
    defcon_web_context *context;
    const defcon_request_params *params;
    defcon_buffer *out;
    long shown;
    int failed;
} page_state;

static int set_error(defcon_web_context *context, const char *message)
{
    snprintf(context->error, sizeof context->error, "%s", message);
    return -1;
}

static int country_link(defcon_buffer *out, const defcon_request_params *params,
                        const char *code)
{
    defcon_request_params next = *params;
    const char *name = defcon_country_name(code);
    int rc = 0;

    next.id[0] = '\0';
    next.offset = 0;
    defcon_request_params_add_country(&next, code);
    rc |= defcon_buffer_puts(out, "<a href=\"");
    rc |= defcon_page_href(out, &next, "/", 0);
    rc |= defcon_buffer_puts(out, "\">");
    rc |= defcon_html_escape(out, name ? name : code);
    rc |= defcon_buffer_puts(out, "</a>");
    return rc;
}

/* "+2 near-identical: id, id", each a link to the copy's page. */
static int copies_line(defcon_buffer *out, const defcon_request_params *params,
                       const defcon_hit *hit)
{
    defcon_request_params target = *params;
    int rc = defcon_buffer_printf(out, "<p class=\"meta copies\">+%zu near-identical: ",
                                  hit->copy_count);

    for (size_t i = 0; i < hit->copy_count; i++) {
        snprintf(target.id, sizeof target.id, "%s", hit->copy_ids[i]);
        rc |= defcon_buffer_puts(out, i ? ", <a href=\"" : "<a href=\"");
        rc |= defcon_page_href(out, &target, "/article", 1);
        rc |= defcon_buffer_puts(out, "\">");
        rc |= defcon_html_escape(out, hit->copy_ids[i]);
        rc |= defcon_buffer_puts(out, "</a>");
    }
    return rc | defcon_buffer_puts(out, "</p>");
}

static int on_hit(void *context, const defcon_hit *hit)
{
    page_state *page = context;
    defcon_buffer *out = page->out;
    defcon_request_params target = *page->params;
    size_t n = hit->country_count < HIT_COUNTRIES ? hit->country_count : HIT_COUNTRIES, i;
    int rc = 0;

    snprintf(target.id, sizeof target.id, "%s", hit->id ? hit->id : "");
    rc |= defcon_buffer_printf(out, "<li><h2><span class=\"rank\">%ld.</span><a href=\"",
                               page->params->offset + page->shown + 1);
    rc |= defcon_page_href(out, &target, "/article", 1);
    rc |= defcon_buffer_puts(out, "\">");
    if (hit->title_marked && hit->title_marked[0])
        rc |= defcon_html_escape_marked(out, hit->title_marked);
    else
        rc |= defcon_buffer_puts(out, "(untitled)");
    rc |= defcon_buffer_puts(out, "</a></h2><p class=\"meta\">");
    rc |= defcon_html_escape(out, hit->date ? hit->date : "undated");
    if (hit->source && hit->source[0]) {
        rc |= defcon_buffer_puts(out, " · ");
        rc |= defcon_html_escape(out, hit->source);
    }
    for (i = 0; i < n; i++) {
        rc |= defcon_buffer_puts(out, i == 0 ? " · " : ", ");
        rc |= country_link(out, page->params, hit->countries[i].code);
    }
    rc |= defcon_buffer_puts(out, "</p>");
    if (hit->snippet && hit->snippet[0]) {
        rc |= defcon_buffer_puts(out, "<p class=\"snippet\">");
        rc |= defcon_html_escape_marked(out, hit->snippet);
        rc |= defcon_buffer_puts(out, "</p>");
    }
    if (hit->copy_count > 0)
        rc |= copies_line(out, page->params, hit);
    rc |= defcon_buffer_puts(out, "</li>\n");
    page->shown++;
    page->failed |= rc != 0;
    return rc != 0;
}

/* The filters in force, each a link that removes it. */
static int active_filters(defcon_buffer *out, const defcon_request_params *p)
{
    defcon_request_params next;
    size_t i;
    int rc = 0;

    if (p->country_count == 0 && !p->since[0] && !p->until[0])
        return 0;
    rc |= defcon_buffer_puts(out, "<ul class=\"chips\" aria-label=\"Filters in force\">");
    for (i = 0; i < p->country_count; i++) {
        const char *name = defcon_country_name(p->countries[i]);
        next = *p;
        next.offset = 0;
        defcon_request_params_remove_country(&next, i);
        rc |= defcon_buffer_puts(out, "<li><a href=\"");
        rc |= defcon_page_href(out, &next, "/", 0);
        rc |= defcon_buffer_puts(out, "\">");
        rc |= defcon_html_escape(out, name ? name : p->countries[i]);
        rc |= defcon_buffer_puts(out, " ✕<span class=\"visually-hidden\"> (remove this"
                                      " filter)</span></a></li>");
    }
    if (p->since[0] || p->until[0]) {
        next = *p;
        next.offset = 0;
        next.since[0] = next.until[0] = '\0';
        rc |= defcon_buffer_puts(out, "<li><a href=\"");
        rc |= defcon_page_href(out, &next, "/", 0);
        rc |= defcon_buffer_printf(out, "\">%s%s%s%s ✕<span class=\"visually-hidden\"> (remove"
                                        " this filter)</span></a></li>",
                                   p->since[0] ? "from " : "", p->since,
                                   p->until[0] ? " until " : "", p->until);
    }
    return rc | defcon_buffer_puts(out, "</ul>");
}

static int period_link(void *context, const char *label, defcon_buffer *href)
{
    defcon_request_params next = *(const defcon_request_params *)context;

    next.offset = 0;
    snprintf(next.since, sizeof next.since, "%s", label);
    snprintf(next.until, sizeof next.until, "%s", label);
    next.by = DEFCON_BY_AUTO;
    return defcon_request_params_url(&next, "/", 0, href);
}

/* The chart, by year or by month (see defcon_timeline_by). */
static int timeline_section(page_state *page, defcon_search *search, const defcon_period *years,
                            size_t year_count)
{
    const defcon_request_params *p = page->params;
    defcon_request_params other = *p;
    defcon_period *months = NULL;
    size_t month_count = 0;
    int by_month = p->by == DEFCON_BY_MONTH || (p->by == DEFCON_BY_AUTO && year_count <= 2);
    int rc = 0;

    if (year_count == 0)
        return 0;
    if (by_month && defcon_search_timeline(search, 1, &months, &month_count, NULL) != 0)
        return set_error(page->context, defcon_search_errmsg(search));
    if ((by_month ? month_count : year_count) == 1) {   /* one bar tells nothing: say it */
        const defcon_period *only = by_month ? months : years;
        rc = defcon_buffer_printf(page->out, "<p class=\"summary\">Every dated match is from %s:"
                                             " %ld of the %ld articles of the %s.</p>",
                                  only->label, only->matches, only->total,
                                  by_month ? "month" : "year");
        free(months);
        return rc ? set_error(page->context, "out of memory") : 0;
    }
    rc |= defcon_buffer_printf(page->out, "<section class=\"timeline\" aria-labelledby=\"tl\">"
                                          "<h2 id=\"tl\">Matches per %s</h2>",
                               by_month ? "month" : "year");
    rc |= defcon_timeline_svg(page->out, by_month ? months : years,
                              by_month ? month_count : year_count,
                              by_month ? "Matching articles per month; each bar filters to"
                                         " its month"
                                       : "Matching articles per year; each bar filters to its"
                                         " year", period_link, (void *)p);
    other.by = by_month ? DEFCON_BY_YEAR : DEFCON_BY_MONTH;
    rc |= defcon_buffer_puts(page->out, "<p class=\"legend\"><span class=\"swatch bar\"></span>"
                                        "matching articles<span class=\"swatch share\"></span>"
                                        "their share of the period's articles · <a href=\"");
    rc |= defcon_page_href(page->out, &other, "/", 0);
    rc |= defcon_buffer_printf(page->out, "\">by %s</a></p></section>",
                               by_month ? "year" : "month");
    free(months);
    return rc ? set_error(page->context, "out of memory") : 0;
}

/* A list of country facets, each a link that adds the filter when
 * `linked` (a country the matches only mention is no filter: the filter
 * is for articles about it); those already filtered are left out. */
static int country_facets(page_state *page, const defcon_facet *facets, long n, int linked)
{
    defcon_buffer *out = page->out;
    size_t i, k, shown = 0;
    int rc = defcon_buffer_puts(out, "<ul>");

    for (i = 0; i < (size_t)n && shown < FACET_COUNTRIES; i++) {
        for (k = 0; k < page->params->country_count; k++)
            if (strcmp(page->params->countries[k], facets[i].code) == 0)
                break;
        if (k < page->params->country_count)
            continue;   /* already a filter */
        rc |= defcon_buffer_puts(out, "<li>");
        if (linked) {
            rc |= country_link(out, page->params, facets[i].code);
        } else {
            const char *name = defcon_country_name(facets[i].code);
            rc |= defcon_html_escape(out, name ? name : facets[i].code);
        }
        rc |= defcon_buffer_printf(out, " <span>%ld</span></li>", facets[i].count);
        shown++;
    }
    if (shown == 0)
        rc |= defcon_buffer_puts(out, "<li>none</li>");
    return rc | defcon_buffer_puts(out, "</ul>");
}

static int year_facets(page_state *page, const defcon_period *years, size_t year_count)
{
    defcon_buffer *out = page->out;
    size_t i, shown = 0;
    int rc = defcon_buffer_puts(out, "<h2>Years</h2><ul>");

    for (i = year_count; i > 0 && shown < FACET_YEARS; i--) {
        defcon_buffer href = DEFCON_BUFFER_INIT;
        if (years[i - 1].matches == 0)
            continue;
        rc |= period_link((void *)page->params, years[i - 1].label, &href);
        rc |= defcon_buffer_puts(out, "<li><a href=\"");
        rc |= defcon_html_escape(out, defcon_buffer_cstr(&href));
        rc |= defcon_buffer_printf(out, "\">%s</a> <span>%ld</span></li>", years[i - 1].label,
                                   years[i - 1].matches);
        defcon_buffer_free(&href);
        shown++;
    }
    if (shown == 0)
        rc |= defcon_buffer_puts(out, "<li>no dated matches</li>");
    return rc | defcon_buffer_puts(out, "</ul>");
}

/* The aside: the countries the matches are about, those mentioned with
 * the first country filter, and the matches' years. */
static int facets_aside(page_state *page, defcon_search *search, const defcon_period *years,
                        size_t year_count)
{
    defcon_facet facets[FACET_COUNTRIES + DEFCON_MAX_COUNTRY_FILTERS];
    const size_t max = sizeof facets / sizeof facets[0];
    const defcon_request_params *p = page->params;
    long n = defcon_search_facets(search, NULL, facets, max);
    int rc = 0;

    if (n < 0)
        return set_error(page->context, defcon_search_errmsg(search));
    rc |= defcon_buffer_puts(page->out, "<aside aria-label=\"Narrow the search\">"
                                        "<h2>Countries</h2>");
    rc |= country_facets(page, facets, n, 1);
    if (p->country_count > 0) {
        const char *name = defcon_country_name(p->countries[0]);
        n = defcon_search_facets(search, p->countries[0], facets, max);
        if (n < 0)
            return set_error(page->context, defcon_search_errmsg(search));
        rc |= defcon_buffer_puts(page->out, "<h2>Mentioned with ");
        rc |= defcon_html_escape(page->out, name ? name : p->countries[0]);
        rc |= defcon_buffer_puts(page->out, "</h2>");
        rc |= country_facets(page, facets, n, 0);
    }
    rc |= year_facets(page, years, year_count);
    rc |= defcon_buffer_puts(page->out, "</aside>");
    return rc ? set_error(page->context, "out of memory") : 0;
}

static int page_link(defcon_buffer *out, const defcon_request_params *p, long offset,
                     const char *text, int current)
{
    defcon_request_params next = *p;
    int rc = 0;

    if (current)
        return defcon_buffer_printf(out, "<span aria-current=\"page\">%s</span>", text);
    next.offset = offset;
    rc |= defcon_buffer_puts(out, "<a href=\"");
    rc |= defcon_page_href(out, &next, "/", 0);
    rc |= defcon_buffer_printf(out, "\">%s</a>", text);
    return rc;
}

static int pagination(defcon_buffer *out, const defcon_request_params *p, long total)
{
    long limit = p->limit > 0 ? p->limit : 1;
    long last_offset = total > 0 ? (total - 1) / limit * limit : 0;
    long current = p->offset / limit, page;
    char text[32];
    int rc = 0;

    if (last_offset > DEFCON_WEB_MAX_OFFSET)
        last_offset = DEFCON_WEB_MAX_OFFSET / limit * limit;
    if (total <= limit && p->offset == 0)
        return 0;
    rc |= defcon_buffer_puts(out, "<nav class=\"pages\" aria-label=\"Pages of results\">");
    if (p->offset > 0)
        rc |= page_link(out, p, p->offset - limit > 0 ? p->offset - limit : 0, "← Previous", 0);
    for (page = current - PAGE_LINKS; page <= current + PAGE_LINKS; page++) {
        if (page < 0 || page * limit > last_offset)
            continue;
        snprintf(text, sizeof text, "%ld", page + 1);
        rc |= page_link(out, p, page * limit, text, page == current);
    }
    if (p->offset + limit <= last_offset)
        rc |= page_link(out, p, p->offset + limit, "Next →", 0);
    return rc | defcon_buffer_puts(out, "</nav>");
}

static int export_links(defcon_buffer *out, const defcon_request_params *p, long total)
{
    defcon_request_params all = *p;
    int rc = 0;

    all.offset = 0;
    all.limit = DEFCON_WEB_DEFAULT_PAGE_SIZE;
    rc |= defcon_buffer_printf(out, "<p class=\"export\">Download all %ld matching article%s:"
                                    " <a href=\"", total, total == 1 ? "" : "s");
    rc |= defcon_page_href(out, &all, "/export.csv", 0);
    rc |= defcon_buffer_puts(out, "\" download>CSV</a> · <a href=\"");
    rc |= defcon_page_href(out, &all, "/export.jsonl", 0);
    rc |= defcon_buffer_puts(out, "\" download>JSON Lines</a> · as JSON: <a href=\"");
    rc |= defcon_page_href(out, p, "/api/search", 0);
    rc |= defcon_buffer_puts(out, "\">/api/search</a></p>");
    return rc;
}

/* Writes `query` with its first occurrence of `word` (any case) made
 * `replacement`, or only the replacement when the word is not found. */
static void replace_word(const char *query, const char *word, size_t word_len,
                         const char *replacement, size_t replacement_len, char *out,
                         size_t size)
{
    size_t i, n = strlen(query);

    for (i = 0; word_len && i + word_len <= n; i++)
        if (strncasecmp(query + i, word, word_len) == 0) {
            snprintf(out, size, "%.*s%.*s%s", (int)i, query, (int)replacement_len, replacement,
                     query + i + word_len);
            return;
        }
    snprintf(out, size, "%.*s", (int)replacement_len, replacement);
}

/* Nothing matched: the spelling suggestions, each a link. */
static int suggestions(page_state *page, defcon_search *search)
{
    defcon_buffer lines = DEFCON_BUFFER_INIT, *out = page->out;
    const char *line;
    int rc = 0;

    if (!page->params->query[0] || defcon_search_suggest(search, &lines) != 0 || !lines.len) {
        defcon_buffer_free(&lines);
        return 0;
    }
    for (line = lines.data; rc == 0 && *line;) {
        const char *tab = strchr(line, '\t'), *end = strchr(line, '\n');
        defcon_request_params next = *page->params;
        if (!tab || !end || tab > end)
            break;
        replace_word(page->params->query, line, (size_t)(tab - line), tab + 1,
                     (size_t)(end - tab - 1), next.query, sizeof next.query);
        rc |= defcon_buffer_puts(out, "<p>Did you mean <a href=\"");
        rc |= defcon_page_href(out, &next, "/", 0);
        rc |= defcon_buffer_puts(out, "\">");
        rc |= defcon_html_escape(out, next.query);
        rc |= defcon_buffer_puts(out, "</a>?</p>");
        line = end + 1;
    }
    defcon_buffer_free(&lines);
    return rc;
}

/* With neither query nor filter: the form and a few searches to start. */
static int landing(defcon_web_context *context, defcon_web_reply *reply)
{
    static const char *const examples[][2] = {
        {"/?q=nuclear+test", "nuclear test"},
        {"/?q=%22kim+jong+un%22", "\"kim jong un\""},
        {"/?q=sanctions&country=IR", "sanctions, about Iran"},
        {"/?q=oil+price&sort=oldest", "oil price, oldest first"},
        {"/?country=KP", "everything about North Korea"}};
    defcon_buffer *out = &reply->body;
    size_t i;
    int rc = defcon_page_begin(out, "Search", context->params, 0);

    rc |= defcon_buffer_puts(out, "<h1>Search the archive</h1><p>Type words, a phrase in quotes"
                                  " or a prefix with <code>*</code>; narrow by country and date."
                                  " <a href=\"/help\">The query language</a> has it all.</p>"
                                  "<p>Try:</p><ul>");
    for (i = 0; i < sizeof examples / sizeof examples[0]; i++)
        rc |= defcon_buffer_printf(out, "<li><a href=\"%s\">%s</a></li>", examples[i][0],
                                   examples[i][1]);
    rc |= defcon_buffer_puts(out, "</ul></main>");
    rc |= defcon_page_end(out);
    reply->status = 200;
    reply->content_type = DEFCON_WEB_HTML;
    return rc ? set_error(context, "out of memory") : 0;
}

/* What a search left out or folded, for the summary line. */
typedef struct left_out {
    long undated, imprecise, folded;
} left_out;

static int summary(defcon_buffer *out, const defcon_request_params *p, long shown, long total,
                   const left_out *left)
{
    long undated = left->undated, folded = left->folded;
    int rc = defcon_buffer_puts(out, "<p class=\"summary\" role=\"status\">");

    if (shown > 0)
        rc |= defcon_buffer_printf(out, "%s %ld–%ld of %ld", folded > 0 ? "Stories" : "Articles",
                                   p->offset + 1, p->offset + shown, total);
    else if (total > 0)
        rc |= defcon_buffer_printf(out, "No articles past %ld (of %ld matching)", p->offset,
                                   total);
    else
        rc |= defcon_buffer_puts(out, "No articles match");
    if (p->query[0]) {
        rc |= defcon_buffer_puts(out, shown > 0 || total > 0 ? " for <q>" : " <q>");
        rc |= defcon_html_escape(out, p->query);
        rc |= defcon_buffer_puts(out, "</q>");
    }
    if (undated > 0)
        rc |= defcon_buffer_printf(out, "; %ld undated article%s left out by the date filter",
                                   undated, undated == 1 ? "" : "s");
    if (left->imprecise > 0)
        rc |= defcon_buffer_printf(out, "; %ld article%s left out, dated to a month or year only"
                                        " partly in the dates", left->imprecise,
                                   left->imprecise == 1 ? "" : "s");
    if (folded > 0)
        rc |= defcon_buffer_printf(out, "; %ld near-identical cop%s counted with %s", folded,
                                   folded == 1 ? "y" : "ies",
                                   folded == 1 ? "its story" : "their stories");
    return rc | defcon_buffer_puts(out, ".</p>");
}

/* The results part of the page, after the search was prepared. */
static int results(page_state *page, defcon_search *search)
{
    defcon_buffer *out = page->out;
    defcon_period *years = NULL;
    size_t year_count = 0, words;
    long total = 0, undated = 0, hits, strict;
    left_out left = {0, 0, 0};
    int rc = 0;

    rc |= defcon_buffer_puts(out, "<ol class=\"hits\">");
    hits = defcon_search_run(search, on_hit, page);
    if (hits < 0 || page->failed || defcon_search_count(search, &total, &undated) != 0
        || defcon_search_count_imprecise(search, &left.imprecise) != 0
        || defcon_search_timeline(search, 0, &years, &year_count, NULL) != 0) {
        free(years);
        return page->failed ? set_error(page->context, "out of memory")
                            : set_error(page->context, defcon_search_errmsg(search));
    }
    rc |= defcon_buffer_puts(out, "</ol>");
    /* The summary and chart go above the hits: written after, moved up. */
    {
        defcon_buffer head = DEFCON_BUFFER_INIT;
        page->out = &head;
        rc |= active_filters(&head, page->params);
        left.undated = undated;
        left.folded = defcon_search_copies_folded(search);
        rc |= summary(&head, page->params, hits, total, &left);
        if ((hits == 0 && total == 0) || defcon_search_relaxed(search, &strict, &words))
            rc |= suggestions(page, search);
        rc |= timeline_section(page, search, years, year_count) != 0;
        page->out = out;
        rc |= defcon_buffer_append(&head, out->data, out->len);
        defcon_buffer_clear(out);
        rc |= defcon_buffer_append(out, head.data ? head.data : "", head.len);
        defcon_buffer_free(&head);
    }
    rc |= pagination(out, page->params, total);
    if (total > 0)
        rc |= export_links(out, page->params, total);
    rc |= defcon_buffer_puts(out, "</main>");
    if (rc == 0)
        rc = facets_aside(page, search, years, year_count);
    free(years);
    return rc ? -1 : 0;
}

int defcon_page_search(defcon_web_context *context, defcon_web_reply *reply)
{
    const defcon_request_params *p = context->params;
    defcon_search_request request;
    defcon_search *search = NULL;
    defcon_buffer hits = DEFCON_BUFFER_INIT, title = DEFCON_BUFFER_INIT;
    page_state page = {context, p, &hits, 0, 0};
    int rc;

    if (!p->query[0] && p->country_count == 0 && !p->since[0] && !p->until[0])
        return landing(context, reply);
    defcon_request_params_to_search(p, &request);
    switch (defcon_search_prepare(context->db, &request, &search)) {
    case DEFCON_SEARCH_OK:
        break;
    case DEFCON_SEARCH_BAD_QUERY:
    case DEFCON_SEARCH_NOTHING:
        rc = defcon_page_error(reply, 400, defcon_search_errmsg(search), p);
        defcon_search_free(search);
        return rc ? set_error(context, "out of memory") : 0;
    default:
        set_error(context, defcon_search_errmsg(search));
        defcon_search_free(search);
        return -1;
    }
    rc = results(&page, search);
    defcon_search_free(search);
    if (rc == 0) {
        rc |= defcon_buffer_puts(&title, p->query[0] ? p->query : "Filtered articles");
        rc |= defcon_page_begin(&reply->body, defcon_buffer_cstr(&title), p, 1);
        rc |= defcon_buffer_append(&reply->body, hits.data ? hits.data : "", hits.len);
        rc |= defcon_page_end(&reply->body);
        if (rc)
            set_error(context, "out of memory");
    }
    defcon_buffer_free(&hits);
    defcon_buffer_free(&title);
    reply->status = 200;
    reply->content_type = DEFCON_WEB_HTML;
    return rc ? -1 : 0;
}

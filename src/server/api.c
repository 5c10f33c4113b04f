/*
 * api.c - the JSON API; see api.h.
 *
 * Hits, timelines and facets are written by the printers of output.h,
 * the very code behind `defcon-search --json`, into a memory stream, and
 * set into the answer's arrays as they are: the API and the command line
 * cannot drift apart.
 */
#include "api.h"
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "printer.h"
#include "search.h"

#define FACETS_MAX 20

static int set_error(defcon_web_context *context, const char *message)
{
    snprintf(context->error, sizeof context->error, "%s", message);
    return -1;
}

int defcon_api_error(defcon_web_reply *reply, int status, const char *message,
                     const char *version)
{
    defcon_buffer *out = &reply->body;
    int rc = 0;

    defcon_buffer_clear(out);
    reply->status = status;
    reply->content_type = DEFCON_WEB_JSON;
    rc |= defcon_buffer_puts(out, "{\"version\":");
    rc |= defcon_json_string(out, version);
    rc |= defcon_buffer_printf(out, ",\"status\":%d,\"error\":", status);
    rc |= defcon_json_string(out, message);
    rc |= defcon_buffer_puts(out, "}\n");
    return rc ? -1 : 0;
}

static int begin_answer(defcon_web_context *context, defcon_web_reply *reply)
{
    reply->status = 200;
    reply->content_type = DEFCON_WEB_JSON;
    return defcon_buffer_puts(&reply->body, "{\"version\":")
           | defcon_json_string(&reply->body, context->version)
           | defcon_buffer_printf(&reply->body, ",\"format_version\":%d",
                                  DEFCON_JSON_FORMAT_VERSION);
}

/* A memory stream with a JSON printer on it. */
typedef struct json_lines {
    char *data;
    size_t size;
    FILE *stream;
    defcon_printer *printer;
} json_lines;

static int lines_open(json_lines *lines)
{
    defcon_output_options options;

    memset(lines, 0, sizeof *lines);
    memset(&options, 0, sizeof options);
    options.format = DEFCON_OUTPUT_JSON;
    lines->stream = open_memstream(&lines->data, &lines->size);
    if (lines->stream)
        lines->printer = defcon_printer_new(lines->stream, &options);
    return lines->printer ? 0 : -1;
}

/* Closes the stream and appends its lines to `out` as the elements of a
 * JSON array (brackets included). */
static int lines_close(json_lines *lines, defcon_buffer *out)
{
    const char *p;
    int rc = 0, first = 1;

    defcon_printer_free(lines->printer);
    if (lines->stream && fclose(lines->stream) != 0)
        rc = -1;
    rc |= defcon_buffer_putc(out, '[');
    for (p = lines->data; rc == 0 && p && *p;) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        rc |= defcon_buffer_puts(out, first ? "" : ",");
        rc |= defcon_buffer_append(out, p, n);
        first = 0;
        p += n + (end != NULL);
    }
    rc |= defcon_buffer_putc(out, ']');
    free(lines->data);
    memset(lines, 0, sizeof *lines);
    return rc ? -1 : 0;
}

/* Prepares the context's search; a query that cannot be understood is
 * answered here (*answered set). */
static int prepare(defcon_web_context *context, defcon_web_reply *reply, int bare,
                   defcon_search_request *request, defcon_search **search, int *answered)
{
    defcon_search_status status;

    *answered = 0;
    defcon_request_params_to_search(context->params, request);
    request->bare = bare;
    status = defcon_search_prepare(context->db, request, search);
    if (status == DEFCON_SEARCH_OK)
        return 0;
    if (status == DEFCON_SEARCH_BAD_QUERY || status == DEFCON_SEARCH_NOTHING) {
        *answered = 1;
        return defcon_api_error(reply, 400, defcon_search_errmsg(*search), context->version);
    }
    return set_error(context, defcon_search_errmsg(*search));
}

static int on_hit(void *context, const defcon_hit *hit)
{
    return defcon_printer_hit(context, hit) != 0;
}

static int append_suggestions(defcon_search *search, defcon_buffer *out)
{
    defcon_buffer lines = DEFCON_BUFFER_INIT;
    const char *line;
    int rc = defcon_buffer_puts(out, ",\"suggestions\":["), first = 1;

    if (defcon_search_suggest(search, &lines) == 0)
        for (line = defcon_buffer_cstr(&lines); rc == 0 && *line;) {
            const char *tab = strchr(line, '\t'), *end = strchr(line, '\n');
            defcon_buffer word = DEFCON_BUFFER_INIT, suggestion = DEFCON_BUFFER_INIT;
            if (!tab || !end || tab > end)
                break;
            rc |= defcon_buffer_append(&word, line, (size_t)(tab - line));
            rc |= defcon_buffer_append(&suggestion, tab + 1, (size_t)(end - tab - 1));
            rc |= defcon_buffer_puts(out, first ? "{\"word\":" : ",{\"word\":");
            rc |= defcon_json_string(out, defcon_buffer_cstr(&word));
            rc |= defcon_buffer_puts(out, ",\"suggestion\":");
            rc |= defcon_json_string(out, defcon_buffer_cstr(&suggestion));
            rc |= defcon_buffer_putc(out, '}');
            defcon_buffer_free(&word);
            defcon_buffer_free(&suggestion);
            first = 0;
            line = end + 1;
        }
    defcon_buffer_free(&lines);
    return rc | defcon_buffer_putc(out, ']');
}

/* The counts of a search, as the command line's footer gives them:
 * ,"total":N (stories when copies fold),"undated_left_out":N,
 * "imprecise_left_out":N (dated only partly in the range),
 * "copies_folded":N */
static int put_counts(defcon_buffer *out, const defcon_search *search, long total, long undated,
                      long imprecise)
{
    return defcon_buffer_printf(out, ",\"total\":%ld,\"undated_left_out\":%ld,"
                                     "\"imprecise_left_out\":%ld,\"copies_folded\":%ld",
                                total, undated, imprecise, defcon_search_copies_folded(search));
}

int defcon_api_search(defcon_web_context *context, defcon_web_reply *reply)
{
    defcon_search_request request;
    defcon_search *search = NULL;
    json_lines lines;
    long hits, total = 0, undated = 0, imprecise = 0, strict;
    size_t words;
    int answered, rc;

    if (prepare(context, reply, 0, &request, &search, &answered) != 0 || answered) {
        defcon_search_free(search);
        return answered ? 0 : -1;
    }
    if (lines_open(&lines) != 0) {
        lines_close(&lines, &reply->body);
        defcon_search_free(search);
        return set_error(context, "out of memory");
    }
    hits = defcon_search_run(search, on_hit, lines.printer);
    if (hits < 0 || defcon_search_count(search, &total, &undated) != 0
        || defcon_search_count_imprecise(search, &imprecise) != 0) {
        set_error(context, defcon_search_errmsg(search));
        lines_close(&lines, &reply->body);
        defcon_search_free(search);
        return -1;
    }
    rc = begin_answer(context, reply);
    rc |= put_counts(&reply->body, search, total, undated, imprecise);
    rc |= defcon_buffer_printf(&reply->body, ",\"offset\":%ld,\"limit\":%ld,\"hits\":",
                               request.offset, request.limit);
    rc |= lines_close(&lines, &reply->body);
    if ((total == 0 || defcon_search_relaxed(search, &strict, &words))
        && context->params->query[0])
        rc |= append_suggestions(search, &reply->body);
    rc |= defcon_buffer_puts(&reply->body, "}\n");
    defcon_search_free(search);
    return rc ? set_error(context, "out of memory") : 0;
}

int defcon_api_count(defcon_web_context *context, defcon_web_reply *reply)
{
    defcon_search_request request;
    defcon_search *search = NULL;
    long total = 0, undated = 0, imprecise = 0;
    int answered, rc;

    if (prepare(context, reply, 1, &request, &search, &answered) != 0 || answered) {
        defcon_search_free(search);
        return answered ? 0 : -1;
    }
    if (defcon_search_count(search, &total, &undated) != 0
        || defcon_search_count_imprecise(search, &imprecise) != 0) {
        set_error(context, defcon_search_errmsg(search));
        defcon_search_free(search);
        return -1;
    }
    rc = begin_answer(context, reply);
    rc |= put_counts(&reply->body, search, total, undated, imprecise);
    rc |= defcon_buffer_puts(&reply->body, "}\n");
    defcon_search_free(search);
    return rc ? set_error(context, "out of memory") : 0;
}

int defcon_api_timeline(defcon_web_context *context, defcon_web_reply *reply)
{
    defcon_search_request request;
    defcon_search *search = NULL;
    defcon_period *periods = NULL;
    size_t count = 0;
    long coarse = 0, folded;
    char first[11] = "", last[11] = "";
    int answered, rc, by_month = context->params->by == DEFCON_BY_MONTH;
    defcon_timeline_summary summary;
    json_lines lines;

    memset(&summary, 0, sizeof summary);
    if (prepare(context, reply, 1, &request, &search, &answered) != 0 || answered) {
        defcon_search_free(search);
        return answered ? 0 : -1;
    }
    if (defcon_search_timeline(search, by_month, &periods, &count, &coarse) != 0
        || defcon_search_span(search, first, last) != 0) {
        set_error(context, defcon_search_errmsg(search));
        free(periods);
        defcon_search_free(search);
        return -1;
    }
    folded = defcon_search_copies_folded(search);
    defcon_search_free(search);
    rc = lines_open(&lines);
    summary.coarse = coarse;
    summary.first = first;
    summary.last = last;
    if (rc == 0)
        rc = defcon_printer_timeline(lines.printer, periods, count, &summary);
    free(periods);
    rc |= begin_answer(context, reply);
    rc |= defcon_buffer_printf(&reply->body, ",\"by\":\"%s\",\"coarse\":%ld,"
                                             "\"copies_folded\":%ld,\"first\":",
                               by_month ? "month" : "year", coarse, folded);
    rc |= defcon_json_string(&reply->body, first[0] ? first : NULL);
    rc |= defcon_buffer_puts(&reply->body, ",\"last\":");
    rc |= defcon_json_string(&reply->body, last);
    rc |= defcon_buffer_puts(&reply->body, ",\"periods\":");
    rc |= lines_close(&lines, &reply->body);
    rc |= defcon_buffer_puts(&reply->body, "}\n");
    return rc ? set_error(context, "out of memory") : 0;
}

int defcon_api_facets(defcon_web_context *context, defcon_web_reply *reply)
{
    const defcon_request_params *p = context->params;
    defcon_search_request request;
    defcon_search *search = NULL;
    defcon_facet facets[FACETS_MAX];
    json_lines lines;
    long n, folded;
    size_t i;
    int answered, rc;

    if (prepare(context, reply, 0, &request, &search, &answered) != 0 || answered) {
        defcon_search_free(search);
        return answered ? 0 : -1;
    }
    rc = lines_open(&lines);
    n = defcon_search_facets(search, NULL, facets, FACETS_MAX);
    if (rc == 0 && n >= 0)
        rc = defcon_printer_facets(lines.printer, "about", NULL, facets, (size_t)n);
    for (i = 0; rc == 0 && n >= 0 && i < p->country_count; i++) {
        n = defcon_search_facets(search, p->countries[i], facets, FACETS_MAX);
        if (n >= 0)
            rc = defcon_printer_facets(lines.printer, "mentioned", p->countries[i], facets,
                                       (size_t)n);
    }
    if (n < 0)
        set_error(context, defcon_search_errmsg(search));
    folded = defcon_search_copies_folded(search);
    defcon_search_free(search);
    rc |= begin_answer(context, reply);
    rc |= defcon_buffer_printf(&reply->body, ",\"copies_folded\":%ld,\"facets\":", folded);
    rc |= lines_close(&lines, &reply->body);
    rc |= defcon_buffer_puts(&reply->body, "}\n");
    if (n < 0)
        return -1;
    return rc ? set_error(context, "out of memory") : 0;
}

static int json_field(defcon_buffer *out, const char *name, const char *value)
{
    return defcon_buffer_printf(out, ",\"%s\":", name)
           | (value ? defcon_json_string(out, value) : defcon_buffer_puts(out, "null"));
}

int defcon_api_article(defcon_web_context *context, defcon_web_reply *reply)
{
    defcon_article_record a;
    defcon_buffer *out = &reply->body;
    const char *c;
    int found, rc, first = 1;

    if (!context->params->id[0])
        return defcon_api_error(reply, 400, "which article? Give its id", context->version);
    found = defcon_article_find(context->db, context->params->id, &a);
    if (found < 0)
        return set_error(context, defcon_db_errmsg(context->db));
    if (found == 0)
        return defcon_api_error(reply, 404, "no article with this id", context->version);
    rc = begin_answer(context, reply);
    rc |= defcon_buffer_puts(out, ",\"article\":{\"id\":");
    rc |= defcon_json_string(out, a.id);
    rc |= json_field(out, "path", a.path);
    rc |= json_field(out, "title", a.title);
    rc |= json_field(out, "date", a.date);
    rc |= json_field(out, "source", a.source);
    rc |= json_field(out, "url", a.url);
    rc |= defcon_buffer_puts(out, ",\"countries\":[");
    for (c = a.countries; c && *c;) {
        size_t n = strcspn(c, " ,");
        if (n == 2) {
            char code[3] = {c[0], c[1], '\0'};
            rc |= defcon_buffer_puts(out, first ? "" : ",");
            rc |= defcon_json_string(out, code);
        }
        first &= n != 2;
        c += n;
        c += strspn(c, " ,");
    }
    rc |= defcon_buffer_putc(out, ']');
    rc |= json_field(out, "body", a.body);
    rc |= defcon_buffer_puts(out, "}}\n");
    defcon_article_record_clear(&a);
    return rc ? set_error(context, "out of memory") : 0;
}

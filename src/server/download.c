/*
 * download.c - streamed CSV and JSON Lines of every matching article; see
 * download.h.
 */
#include "download.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "printer.h"
#include "search.h"

typedef struct download {
    defcon_db *db;
    defcon_search_request request;
    defcon_request_params params;   /* the request borrows from it */
    int csv;
    long offset;                    /* of the next page */
    int done;
    char message[256];
} download;

static int print_hit(void *printer, const defcon_hit *hit)
{
    return defcon_printer_hit(printer, hit) != 0;
}

static void download_free(void *stream)
{
    free(stream);
}

/* Runs one page of the search into `chunk` through a printer. */
static int download_next(void *stream, defcon_buffer *chunk)
{
    download *d = stream;
    defcon_output_options options;
    defcon_search *search = NULL;
    defcon_printer *printer;
    char *data = NULL;
    size_t size = 0;
    FILE *memory;
    long hits = -1;

    if (d->done)
        return 0;
    memset(&options, 0, sizeof options);
    options.format = d->csv ? DEFCON_OUTPUT_CSV : DEFCON_OUTPUT_JSON;
    d->request.offset = d->offset;
    d->request.limit = DEFCON_DOWNLOAD_PAGE;
    if (defcon_search_prepare(d->db, &d->request, &search) != DEFCON_SEARCH_OK) {
        defcon_search_free(search);
        return -1;
    }
    memory = open_memstream(&data, &size);
    printer = memory ? defcon_printer_new(memory, &options) : NULL;
    if (printer)
        hits = defcon_search_run(search, print_hit, printer);
    defcon_printer_free(printer);
    if (memory && fclose(memory) != 0)
        hits = -1;
    defcon_search_free(search);
    if (hits >= 0 && data) {
        /* The CSV printer heads each page; the file has one header. */
        const char *rows = data;
        if (d->csv && d->offset > 0 && strchr(rows, '\n'))
            rows = strchr(rows, '\n') + 1;
        if (defcon_buffer_append(chunk, rows, size - (size_t)(rows - data)) != 0)
            hits = -1;
    }
    free(data);
    if (hits < 0)
        return -1;
    d->offset += hits;
    if (hits < DEFCON_DOWNLOAD_PAGE || d->offset >= DEFCON_DOWNLOAD_MAX)
        d->done = 1;
    return d->done ? 0 : 1;
}

int defcon_download_start(defcon_web_context *context, defcon_web_reply *reply, int csv)
{
    download *d = calloc(1, sizeof *d);
    defcon_search *search = NULL;
    defcon_search_status status;

    if (!d) {
        snprintf(context->error, sizeof context->error, "out of memory");
        return -1;
    }
    d->db = context->db;
    d->params = *context->params;
    d->csv = csv;
    defcon_request_params_to_search(&d->params, &d->request);
    /* A query that cannot be run is told now, with a status, not as an
     * empty file. */
    status = defcon_search_prepare(d->db, &d->request, &search);
    if (status != DEFCON_SEARCH_OK) {
        snprintf(context->error, sizeof context->error, "%s", defcon_search_errmsg(search));
        defcon_search_free(search);
        free(d);
        if (status == DEFCON_SEARCH_FAILED)
            return -1;
        reply->status = 400;
        reply->content_type = "text/plain; charset=utf-8";
        return defcon_buffer_printf(&reply->body, "%s\n", context->error);
    }
    defcon_search_free(search);
    reply->status = 200;
    reply->content_type = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
    reply->attachment = csv ? "defcon-results.csv" : "defcon-results.jsonl";
    reply->stream = d;
    reply->next = download_next;
    reply->free_stream = download_free;
    return 0;
}

int defcon_download_csv(defcon_web_context *context, defcon_web_reply *reply)
{
    return defcon_download_start(context, reply, 1);
}

int defcon_download_jsonl(defcon_web_context *context, defcon_web_reply *reply)
{
    return defcon_download_start(context, reply, 0);
}

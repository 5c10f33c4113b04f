/*
 * web.h - what the server's page, API and download handlers share: the
 * request they answer and the reply they fill.
 *
 * Handlers know nothing of HTTP libraries. server.c parses the request's
 * parameters (request_params.h), lends a handler a database connection
 * for the request's thread and a reply to fill, and sends the reply: a
 * whole body, or a stream it pulls part by part (an export of every
 * matching article), the connection staying lent until the stream ends.
 */
#ifndef DEFCON_WEB_H
#define DEFCON_WEB_H

#include "buffer.h"
#include "database.h"
#include "request_params.h"

typedef struct defcon_web_context {
    defcon_db *db;                          /* lent for this request */
    const char *archive;                    /* the archive folder, or NULL */
    const char *version;                    /* of the program */
    const defcon_request_params *params;    /* checked (status 0) */
    char error[512];                        /* why a handler returned -1 */
} defcon_web_context;

/* Appends the next part of a streamed body to `chunk`. Returns 1 when
 * more follows, 0 at the end (a last part may have been appended), -1 on
 * failure (the server cuts the response off). */
typedef int (*defcon_web_next_fn)(void *stream, defcon_buffer *chunk);

typedef struct defcon_web_reply {
    int status;                  /* HTTP status */
    const char *content_type;    /* a static string */
    const char *attachment;      /* file name to download as (static), or NULL */
    defcon_buffer body;          /* the whole body, unless `stream` is set */
    void *stream;                /* a streamed body, pulled with next() */
    defcon_web_next_fn next;
    void (*free_stream)(void *stream);
} defcon_web_reply;

/* Fills the reply, from the context's parameters and database. Returns 0
 * when the reply is filled (an error page for a missing article or a
 * query that cannot be understood is a filled reply), or -1 when the
 * database failed or memory ran out, with context->error set; the server
 * then answers with an error of its own (a time limit reached, or 500). */
typedef int (*defcon_web_handler)(defcon_web_context *context, defcon_web_reply *reply);

#define DEFCON_WEB_HTML "text/html; charset=utf-8"
#define DEFCON_WEB_JSON "application/json; charset=utf-8"

#endif

/*
 * server.h - `defcon-search serve`: the search page and the JSON API over
 * HTTP, on one index, read-only.
 *
 * libmicrohttpd parses HTTP and runs a pool of threads; this module
 * routes each request to a handler (pages.h, api.h, download.h), lends it
 * a read-only database connection, and sends its reply with a strict
 * Content-Security-Policy. Connections are kept in a pool, one in use per
 * request; before each use the index file's identity (device and inode)
 * and SQLite's data_version are compared with those the connection saw,
 * and a connection to an index that a defcon-index run has since changed
 * or replaced is opened again, so a reindexed database is served without
 * a restart. Each request gets a time limit (SQLite's progress handler);
 * limits on query length and page size are request_params.h's. Nothing
 * is ever read from disk but the index (and, for an article page, the
 * article's file the index names, see pages.h).
 *
 * The library prints nothing: one line per request goes to the caller's
 * log function. Signals are the program's: it starts the server, waits,
 * and stops it.
 */
#ifndef DEFCON_SERVER_H
#define DEFCON_SERVER_H

/* Receives one log line (no newline at the end). Called from the
 * server's threads, at any time between start and stop. */
typedef void (*defcon_server_log_fn)(void *context, const char *line);

typedef struct defcon_server_options {
    const char *db_path;
    const char *address;          /* numeric IPv4 or IPv6 address to listen on */
    unsigned short port;          /* 0: any free port (see defcon_server_port) */
    int threads;                  /* threads answering requests; 0: 4 */
    int immutable;                /* open the index immutable (database.h) and
                                     send cache headers keyed on its build id */
    double time_limit;            /* seconds a request may take; 0: 10 */
    const char *version;          /* the program's, for the API */
    defcon_server_log_fn log;     /* may be NULL */
    void *log_context;
} defcon_server_options;

typedef struct defcon_server defcon_server;

/* Opens the index once (to fail early on a missing or foreign file),
 * binds the address and starts answering. Always sets *out (NULL only
 * when memory runs out) so that defcon_server_errmsg() can say why it
 * failed. Returns 0 or -1. The options' strings are copied. */
int defcon_server_start(const defcon_server_options *options, defcon_server **out);

/* The port the server listens on. */
unsigned short defcon_server_port(const defcon_server *server);

/* Why the start failed. Borrowed. */
const char *defcon_server_errmsg(const defcon_server *server);

/* Stops answering (requests under way finish), closes every connection
 * and frees the server. Accepts NULL. */
void defcon_server_stop(defcon_server *server);

#endif

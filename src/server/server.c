/*
 * server.c - the HTTP side of `defcon-search serve`: libmicrohttpd's
 * daemon and thread pool, routing, the reply's headers, caching for an
 * immutable index, time limits, and one log line per request; see
 * server.h.
 */
#include "server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "api.h"
#include "connection_pool.h"
#include "download.h"
#include "html.h"
#include "pages.h"
#include "web.h"

#define DEFAULT_THREADS 4
#define DEFAULT_TIME_LIMIT 10.0
#define MAX_DOWNLOADS 4            /* streamed exports at once */
#define STREAM_BLOCK (32 * 1024)
#define LOG_URL_BYTES 600

#define SECURITY_POLICY "default-src 'none'; style-src 'self'; img-src 'self' data:;" \
                        " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

struct defcon_server {
    char *db_path, *address, *version;
    defcon_server_options options;
    defcon_pool *pool;
    struct MHD_Daemon *daemon;
    pthread_mutex_t lock;
    int downloads;                 /* streams under way */
    unsigned short port;
    char message[512];
};

typedef struct route {
    const char *path;
    defcon_web_handler handler;
    int api;                       /* errors as JSON */
    int needs_db;
    int download;
} route;

static const route routes[] = {
    {"/", defcon_page_search, 0, 1, 0},
    {"/article", defcon_page_article, 0, 1, 0},
    {"/help", defcon_page_help, 0, 0, 0},
    {"/style.css", defcon_page_style, 0, 0, 0},
    {"/export.csv", defcon_download_csv, 0, 1, 1},
    {"/export.jsonl", defcon_download_jsonl, 0, 1, 1},
    {"/api/search", defcon_api_search, 1, 1, 0},
    {"/api/count", defcon_api_count, 1, 1, 0},
    {"/api/timeline", defcon_api_timeline, 1, 1, 0},
    {"/api/facets", defcon_api_facets, 1, 1, 0},
    {"/api/article", defcon_api_article, 1, 1, 0},
};

/* Where an unknown /api/ address finds how to answer: in JSON. */
static const route api_errors = {"/api/", NULL, 1, 0, 0};

/* One request, from its first byte to its log line. */
typedef struct request {
    defcon_server *server;
    double start;
    char method[8];
    defcon_buffer url;             /* path and query, for the log */
    defcon_request_params params;
    int status;
    unsigned long long bytes;
    int stream;                    /* a download: bytes counted as sent */
} request;

/* A streamed body under way: the reply, its connection and what is left
 * of the last part. */
typedef struct stream_state {
    defcon_server *server;
    request *request;
    defcon_pool_slot *slot;
    defcon_web_reply reply;
    defcon_buffer part;
    size_t sent;                   /* of part */
    int finished;
} stream_state;

static const route *find_route(const char *url)
{
    size_t i;

    for (i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (strcmp(url, routes[i].path) == 0)
            return &routes[i];
    return NULL;
}

static enum MHD_Result collect_pair(void *context, enum MHD_ValueKind kind, const char *key,
                                    size_t key_size, const char *value, size_t value_size)
{
    request *r = context;

    (void)kind;
    (void)key_size;
    defcon_buffer_putc(&r->url, strchr(defcon_buffer_cstr(&r->url), '?') ? '&' : '?');
    defcon_url_escape(&r->url, key);
    if (value) {
        defcon_buffer_putc(&r->url, '=');
        /* The log shows the value's first bytes only. */
        if (value_size > LOG_URL_BYTES) {
            defcon_buffer cut = DEFCON_BUFFER_INIT;
            defcon_buffer_append(&cut, value, LOG_URL_BYTES);
            defcon_url_escape(&r->url, defcon_buffer_cstr(&cut));
            defcon_buffer_puts(&r->url, "...");
            defcon_buffer_free(&cut);
        } else if (!memchr(value, '\0', value_size)) {
            defcon_url_escape(&r->url, value);
        }
    }
    defcon_request_params_add(&r->params, key, value ? value : "", value ? value_size : 0);
    return MHD_YES;
}

static void add_common_headers(struct MHD_Response *response, const char *content_type)
{
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
    MHD_add_response_header(response, "Content-Security-Policy", SECURITY_POLICY);
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(response, "X-Frame-Options", "DENY");
}

/* Sends a whole body; takes the reply's buffer. */
static enum MHD_Result send_body(struct MHD_Connection *connection, request *r,
                                 defcon_web_reply *reply, const char *etag)
{
    size_t len = reply->body.len;
    char *data = defcon_buffer_detach(&reply->body);
    struct MHD_Response *response;
    enum MHD_Result result;

    if (!data)
        len = 0;
    response = MHD_create_response_from_buffer(len, data ? data : (char *)"",
                                               data ? MHD_RESPMEM_MUST_FREE
                                                    : MHD_RESPMEM_PERSISTENT);
    if (!response) {
        free(data);
        return MHD_NO;
    }
    add_common_headers(response, reply->content_type ? reply->content_type : DEFCON_WEB_HTML);
    if (etag) {
        MHD_add_response_header(response, MHD_HTTP_HEADER_ETAG, etag);
        MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL,
                                "public, max-age=3600");
    } else {
        MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    }
    if (reply->status == 405)
        MHD_add_response_header(response, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    if (reply->status == 503)
        MHD_add_response_header(response, MHD_HTTP_HEADER_RETRY_AFTER, "5");
    r->status = reply->status;
    r->bytes = len;
    result = MHD_queue_response(connection, (unsigned int)reply->status, response);
    MHD_destroy_response(response);
    return result;
}

static int error_reply(defcon_web_reply *reply, const route *rt, int status, const char *message,
                       const defcon_request_params *params, const char *version)
{
    if (rt && rt->api)
        return defcon_api_error(reply, status, message, version);
    return defcon_page_error(reply, status, message, params);
}

static ssize_t read_stream(void *context, uint64_t position, char *buf, size_t max)
{
    stream_state *s = context;
    int more;

    (void)position;
    while (s->sent == s->part.len) {
        if (s->finished)
            return MHD_CONTENT_READER_END_OF_STREAM;
        defcon_buffer_clear(&s->part);
        s->sent = 0;
        defcon_pool_arm(s->slot, s->server->options.time_limit);
        more = s->reply.next(s->reply.stream, &s->part);
        defcon_pool_arm(s->slot, 0);
        if (more < 0) {
            defcon_pool_timed_out(s->slot);
            s->request->status = 599;   /* logged as cut off */
            return MHD_CONTENT_READER_END_WITH_ERROR;
        }
        s->finished = more == 0;
    }
    if (max > s->part.len - s->sent)
        max = s->part.len - s->sent;
    memcpy(buf, s->part.data + s->sent, max);
    s->sent += max;
    s->request->bytes += max;
    return (ssize_t)max;
}

static void free_stream(void *context)
{
    stream_state *s = context;

    if (s->reply.free_stream)
        s->reply.free_stream(s->reply.stream);
    defcon_buffer_free(&s->part);
    defcon_buffer_free(&s->reply.body);
    defcon_pool_release(s->server->pool, s->slot);
    pthread_mutex_lock(&s->server->lock);
    s->server->downloads--;
    pthread_mutex_unlock(&s->server->lock);
    free(s);
}

/* Sends a streamed body; the stream keeps the connection until it ends. */
static enum MHD_Result send_stream(struct MHD_Connection *connection, request *r,
                                   stream_state *s)
{
    struct MHD_Response *response;
    enum MHD_Result result;
    char disposition[128];

    response = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK, read_stream, s,
                                                 free_stream);
    if (!response) {
        free_stream(s);
        return MHD_NO;
    }
    add_common_headers(response, s->reply.content_type);
    MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"", s->reply.attachment);
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disposition);
    r->status = s->reply.status;
    r->stream = 1;
    result = MHD_queue_response(connection, (unsigned int)s->reply.status, response);
    MHD_destroy_response(response);
    return result;
}

/* Whether the client's If-None-Match holds `etag`. */
static int client_has(struct MHD_Connection *connection, const char *etag)
{
    const char *held = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
                                                   MHD_HTTP_HEADER_IF_NONE_MATCH);

    return held && (strstr(held, etag) || strcmp(held, "*") == 0);
}

/* Hands a download its own stream state, which keeps the slot. */
static enum MHD_Result start_download(struct MHD_Connection *connection, request *r,
                                      defcon_pool_slot *slot, defcon_web_reply *reply)
{
    stream_state *s = calloc(1, sizeof *s);

    if (!s) {
        if (reply->free_stream)
            reply->free_stream(reply->stream);
        defcon_pool_release(r->server->pool, slot);
        pthread_mutex_lock(&r->server->lock);
        r->server->downloads--;
        pthread_mutex_unlock(&r->server->lock);
        return MHD_NO;
    }
    s->server = r->server;
    s->request = r;
    s->slot = slot;
    s->reply = *reply;
    return send_stream(connection, r, s);
}

/* Runs the route's handler on a lent connection; fills `reply`. Returns
 * 1 when the reply is a stream that now owns the slot. */
static int run_handler(defcon_server *server, const route *rt, request *r,
                       defcon_pool_slot *slot, defcon_web_reply *reply)
{
    defcon_web_context context;
    double limit = server->options.time_limit;
    int rc;

    memset(&context, 0, sizeof context);
    context.db = slot ? defcon_pool_db(slot) : NULL;
    context.archive = slot ? defcon_pool_archive(slot) : NULL;
    context.version = server->version;
    context.params = &r->params;
    if (slot)
        defcon_pool_arm(slot, limit);
    rc = rt->handler(&context, reply);
    if (slot)
        defcon_pool_arm(slot, 0);
    if (rc == 0)
        return reply->stream != NULL;
    defcon_buffer_clear(&reply->body);
    if (slot && defcon_pool_timed_out(slot)) {
        char message[160];
        snprintf(message, sizeof message, "the search took longer than %.0f seconds and was"
                 " stopped: narrow it with more words or filters", limit);
        error_reply(reply, rt, 503, message, &r->params, server->version);
    } else {
        error_reply(reply, rt, 500, context.error, &r->params, server->version);
    }
    return 0;
}

/* Takes a connection for a route that needs one; a download must also
 * find a place among MAX_DOWNLOADS. Fills an error reply when it cannot. */
static defcon_pool_slot *lend_slot(defcon_server *server, const route *rt, request *r,
                                   defcon_web_reply *reply)
{
    defcon_pool_slot *slot;
    char error[512];

    if (rt->download) {
        int refused;
        pthread_mutex_lock(&server->lock);
        refused = server->downloads >= MAX_DOWNLOADS;
        if (!refused)
            server->downloads++;
        pthread_mutex_unlock(&server->lock);
        if (refused) {
            error_reply(reply, rt, 503, "too many downloads at once: try again in a moment",
                        &r->params, server->version);
            return NULL;
        }
    }
    slot = defcon_pool_acquire(server->pool, error, sizeof error);
    if (!slot) {
        error_reply(reply, rt, 503, error, &r->params, server->version);
        if (rt->download) {
            pthread_mutex_lock(&server->lock);
            server->downloads--;
            pthread_mutex_unlock(&server->lock);
        }
    }
    return slot;
}

static enum MHD_Result handle(struct MHD_Connection *connection, request *r, const char *url)
{
    defcon_server *server = r->server;
    const route *rt = find_route(url);
    defcon_web_reply reply;
    defcon_pool_slot *slot = NULL;
    char etag[80];
    enum MHD_Result result;

    memset(&reply, 0, sizeof reply);
    MHD_get_connection_values_n(connection, MHD_GET_ARGUMENT_KIND, collect_pair, r);
    defcon_request_params_check(&r->params);
    if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
        error_reply(&reply, rt, 405, "only GET and HEAD are answered here", NULL,
                    server->version);
    else if (!rt)
        error_reply(&reply, strncmp(url, "/api/", 5) == 0 ? &api_errors : NULL, 404,
                    "there is no page at this address", NULL, server->version);
    else if (r->params.status)
        error_reply(&reply, rt, r->params.status, r->params.error, &r->params, server->version);
    else if (!rt->needs_db || (slot = lend_slot(server, rt, r, &reply)) != NULL) {
        /* Keyed on the build id of an immutable index, or the version for
         * what the index does not change (the stylesheet, the help). */
        int cacheable = !rt->download && (server->options.immutable || !rt->needs_db);
        snprintf(etag, sizeof etag, "\"%s\"", slot ? defcon_pool_build_id(slot) : server->version);
        if (cacheable && client_has(connection, etag)) {
            reply.status = 304;
            reply.content_type = rt->api ? DEFCON_WEB_JSON : DEFCON_WEB_HTML;
        } else if (run_handler(server, rt, r, slot, &reply)) {
            return start_download(connection, r, slot, &reply);
        }
        if (rt->download && slot) {
            pthread_mutex_lock(&server->lock);
            server->downloads--;
            pthread_mutex_unlock(&server->lock);
        }
        defcon_pool_release(server->pool, slot);
        result = send_body(connection, r, &reply,
                           cacheable && (reply.status == 200 || reply.status == 304) ? etag
                                                                                    : NULL);
        defcon_buffer_free(&reply.body);
        return result;
    }
    result = send_body(connection, r, &reply, NULL);
    defcon_buffer_free(&reply.body);
    return result;
}

/* The method for the log: capitals only, so a log line stays one line. */
static void log_method(const char *method, char *out, size_t size)
{
    size_t i;

    for (i = 0; i + 1 < size && method[i]; i++)
        out[i] = method[i] >= 'A' && method[i] <= 'Z' ? method[i] : '?';
    out[i] = '\0';
}

/* The decoded path for the log, cut at LOG_URL_BYTES, with spaces,
 * control and non-ASCII bytes written as %XX: a path cannot forge lines. */
static void log_path(const char *url, defcon_buffer *out)
{
    const unsigned char *p = (const unsigned char *)url;
    size_t i;

    for (i = 0; p[i] && i < LOG_URL_BYTES; i++) {
        if (p[i] <= 0x20 || p[i] >= 0x7f || p[i] == '%' || p[i] == '?' || p[i] == '&')
            defcon_buffer_printf(out, "%%%02X", p[i]);
        else
            defcon_buffer_putc(out, (char)p[i]);
    }
}

static enum MHD_Result answer(void *context, struct MHD_Connection *connection, const char *url,
                             const char *method, const char *version, const char *upload_data,
                             size_t *upload_data_size, void **request_context)
{
    request *r = *request_context;

    (void)version;
    (void)upload_data;
    if (!r) {   /* the headers have arrived: the request starts */
        r = calloc(1, sizeof *r);
        if (!r)
            return MHD_NO;
        r->server = context;
        r->start = defcon_pool_now();
        log_method(method, r->method, sizeof r->method);
        defcon_request_params_init(&r->params);
        log_path(url, &r->url);
        *request_context = r;
        return MHD_YES;
    }
    if (*upload_data_size) {   /* a body nobody asked for: read and dropped */
        *upload_data_size = 0;
        return MHD_YES;
    }
    return handle(connection, r, url);
}

static void client_address(struct MHD_Connection *connection, char *out, size_t size)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

    snprintf(out, size, "-");
    if (info && info->client_addr)
        getnameinfo(info->client_addr, info->client_addr->sa_family == AF_INET6
                                           ? sizeof(struct sockaddr_in6)
                                           : sizeof(struct sockaddr_in),
                    out, (socklen_t)size, NULL, 0, NI_NUMERICHOST);
}

/* The request is over: one log line, then its memory goes. */
static void completed(void *context, struct MHD_Connection *connection, void **request_context,
                      enum MHD_RequestTerminationCode how)
{
    defcon_server *server = context;
    request *r = *request_context;
    defcon_buffer line = DEFCON_BUFFER_INIT;
    char when[32], address[64];
    struct tm tm;
    time_t now = time(NULL);

    if (!r)
        return;
    if (server->options.log) {
        gmtime_r(&now, &tm);
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        client_address(connection, address, sizeof address);
        defcon_buffer_printf(&line, "%s %s %s %s %d %llu %.1fms%s", when, address, r->method,
                             defcon_buffer_cstr(&r->url), r->status ? r->status : 499,
                             r->bytes, (defcon_pool_now() - r->start) * 1000.0,
                             how == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (cut off)");
        server->options.log(server->options.log_context, defcon_buffer_cstr(&line));
    }
    defcon_buffer_free(&line);
    defcon_buffer_free(&r->url);
    free(r);
    *request_context = NULL;
}

static int fail(defcon_server *server, const char *message)
{
    snprintf(server->message, sizeof server->message, "%s", message);
    return -1;
}

/* Fills `address` from the options; sets *ipv6. */
static int socket_address(defcon_server *server, struct sockaddr_storage *address, int *ipv6)
{
    struct sockaddr_in *v4 = (struct sockaddr_in *)address;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)address;

    memset(address, 0, sizeof *address);
    *ipv6 = 0;
    if (inet_pton(AF_INET, server->address, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(server->options.port);
        return 0;
    }
    if (inet_pton(AF_INET6, server->address, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(server->options.port);
        *ipv6 = 1;
        return 0;
    }
    snprintf(server->message, sizeof server->message,
             "'%s' is not a numeric IPv4 or IPv6 address", server->address);
    return -1;
}

static int start_daemon(defcon_server *server)
{
    struct sockaddr_storage address;
    const union MHD_DaemonInfo *info;
    int ipv6;

    if (socket_address(server, &address, &ipv6) != 0)
        return -1;
    server->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | (ipv6 ? MHD_USE_IPv6 : 0),
        server->options.port, NULL, NULL, answer, server,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&address,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)server->options.threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)1024,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1,
        MHD_OPTION_NOTIFY_COMPLETED, completed, server,
        MHD_OPTION_END);
    if (!server->daemon) {
        snprintf(server->message, sizeof server->message,
                 "cannot listen on %s port %u (in use, or not an address of this machine?)",
                 server->address, (unsigned)server->options.port);
        return -1;
    }
    info = MHD_get_daemon_info(server->daemon, MHD_DAEMON_INFO_BIND_PORT);
    server->port = info ? info->port : server->options.port;
    return 0;
}

int defcon_server_start(const defcon_server_options *options, defcon_server **out)
{
    defcon_server *server = calloc(1, sizeof *server);
    defcon_pool_slot *slot;

    *out = server;
    if (!server)
        return -1;
    pthread_mutex_init(&server->lock, NULL);
    server->options = *options;
    if (server->options.threads <= 0)
        server->options.threads = DEFAULT_THREADS;
    if (server->options.time_limit <= 0)
        server->options.time_limit = DEFAULT_TIME_LIMIT;
    server->db_path = strdup(options->db_path);
    server->address = strdup(options->address ? options->address : "127.0.0.1");
    server->version = strdup(options->version ? options->version : "unknown");
    if (!server->db_path || !server->address || !server->version)
        return fail(server, "out of memory");
    server->pool = defcon_pool_new(server->db_path, options->immutable,
                                   (size_t)server->options.threads + MAX_DOWNLOADS);
    if (!server->pool)
        return fail(server, "out of memory");
    /* Open once now: a missing or foreign index fails the start. */
    slot = defcon_pool_acquire(server->pool, server->message, sizeof server->message);
    if (!slot)
        return -1;
    defcon_pool_release(server->pool, slot);
    return start_daemon(server);
}

unsigned short defcon_server_port(const defcon_server *server)
{
    return server->port;
}

const char *defcon_server_errmsg(const defcon_server *server)
{
    return server ? server->message : "out of memory";
}

void defcon_server_stop(defcon_server *server)
{
    if (!server)
        return;
    if (server->daemon)
        MHD_stop_daemon(server->daemon);
    defcon_pool_free(server->pool);
    pthread_mutex_destroy(&server->lock);
    free(server->db_path);
    free(server->address);
    free(server->version);
    free(server);
}

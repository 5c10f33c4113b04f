/*
 * serve_command.c - `defcon-search serve`: parses the options, starts the
 * server (server.h), waits for SIGINT or SIGTERM and stops it cleanly.
 * Log lines go to stderr, one per request.
 */
#include "serve_command.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

#ifndef DEFCON_VERSION
#define DEFCON_VERSION "unknown"
#endif

static const char serve_usage[] =
    "Usage: defcon-search serve [--db PATH] [--listen ADDR:PORT] [--immutable]\n"
    "                           [--threads N] [--time-limit SECONDS]\n"
    "Serve the index as a search page and a JSON API (/api/search, /api/count,\n"
    "/api/timeline, /api/facets, /api/article), read-only.\n"
    "\n"
    "  --db PATH          the index (default: $DEFCON_DB, else defcon.db)\n"
    "  --listen ADDR:PORT where to listen (default 127.0.0.1:8080; port 0: any\n"
    "                     free port); [::1]:8080 for IPv6. Anything but a loopback\n"
    "                     address opens the archive to the network\n"
    "  --immutable        the index is a copy nothing writes: open it immutable\n"
    "                     and send cache headers keyed on its build id\n"
    "  --threads N        threads answering requests (default 4)\n"
    "  --time-limit S     seconds a request may take (default 10)\n"
    "  -h, --help         show this help and exit\n"
    "\n"
    "One line per request goes to stderr. SIGINT or SIGTERM stops the server.\n";

static void log_line(void *context, const char *line)
{
    (void)context;
    fprintf(stderr, "%s\n", line);
}

/* "ADDR:PORT", "[V6]:PORT", ":PORT" or "PORT". */
static int parse_listen(const char *text, char *address, size_t size, unsigned short *port)
{
    const char *colon = strrchr(text, ':'), *port_text = text;
    char *end;
    long value;

    snprintf(address, size, "127.0.0.1");
    if (text[0] == '[') {
        const char *close = strchr(text, ']');
        if (!close || close[1] != ':' || (size_t)(close - text) >= size)
            return -1;
        snprintf(address, size, "%.*s", (int)(close - text - 1), text + 1);
        port_text = close + 2;
    } else if (colon) {
        if ((size_t)(colon - text) >= size)
            return -1;
        if (colon > text)
            snprintf(address, size, "%.*s", (int)(colon - text), text);
        port_text = colon + 1;
    }
    value = strtol(port_text, &end, 10);
    if (end == port_text || *end || value < 0 || value > 65535)
        return -1;
    *port = (unsigned short)value;
    return 0;
}

static int parse_options(int argc, char **argv, defcon_server_options *o, char *address,
                         size_t address_size)
{
    enum { OPT_DB = 256, OPT_LISTEN, OPT_IMMUTABLE, OPT_THREADS, OPT_TIME_LIMIT };
    static const struct option long_options[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"immutable", no_argument, NULL, OPT_IMMUTABLE},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"time-limit", required_argument, NULL, OPT_TIME_LIMIT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    static char program_name[] = "defcon-search serve";
    char *end;
    int c;

    argv[0] = program_name;   /* getopt's messages name the program */
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            o->db_path = optarg;
            break;
        case OPT_LISTEN:
            if (parse_listen(optarg, address, address_size, &o->port) != 0) {
                fprintf(stderr, "defcon-search serve: --listen wants ADDR:PORT, such as"
                                " 127.0.0.1:8080, not '%s'\n", optarg);
                return 2;
            }
            break;
        case OPT_IMMUTABLE:
            o->immutable = 1;
            break;
        case OPT_THREADS:
            o->threads = (int)strtol(optarg, &end, 10);
            if (*end || o->threads < 1 || o->threads > 256) {
                fprintf(stderr, "defcon-search serve: --threads wants 1 to 256, not '%s'\n",
                        optarg);
                return 2;
            }
            break;
        case OPT_TIME_LIMIT:
            o->time_limit = strtod(optarg, &end);
            if (*end || !(o->time_limit > 0 && o->time_limit <= 3600)) {
                fprintf(stderr, "defcon-search serve: --time-limit wants seconds from 0 to 3600,"
                                " not '%s'\n", optarg);
                return 2;
            }
            break;
        case 'h':
            fputs(serve_usage, stdout);
            return 0;
        default:
            fputs("Try 'defcon-search serve --help' for more information.\n", stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "defcon-search serve: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    return -1;
}

int defcon_serve_command(int argc, char **argv)
{
    defcon_server_options options;
    defcon_server *server = NULL;
    char address[128] = "127.0.0.1";
    sigset_t stop_signals;
    int rc, received = 0;

    memset(&options, 0, sizeof options);
    options.db_path = getenv("DEFCON_DB");
    if (!options.db_path || !*options.db_path)
        options.db_path = "defcon.db";
    options.port = 8080;
    rc = parse_options(argc, argv, &options, address, sizeof address);
    if (rc >= 0)
        return rc;
    options.address = address;
    options.version = DEFCON_VERSION;
    options.log = log_line;
    /* The server's threads inherit this mask: the signals wait for us. */
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (defcon_server_start(&options, &server) != 0) {
        fprintf(stderr, "defcon-search serve: %s\n", defcon_server_errmsg(server));
        defcon_server_stop(server);
        return 2;
    }
    fprintf(stderr, "defcon-search serve: %s on http://%s%s%s:%u/ (Ctrl-C stops)\n",
            options.db_path, strchr(address, ':') ? "[" : "", address,
            strchr(address, ':') ? "]" : "", (unsigned)defcon_server_port(server));
    sigwait(&stop_signals, &received);
    fprintf(stderr, "defcon-search serve: %s: stopping\n",
            received == SIGINT ? "interrupted" : "terminated");
    defcon_server_stop(server);
    return 0;
}

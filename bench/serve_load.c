/*
 * serve_load.c - the load generator of bench/serve_load: N concurrent
 * clients send GET requests to a `defcon-search serve` on this machine
 * for S seconds, and it reports requests, failures and latency (p50,
 * p90, p99, max).
 *
 * Each client is a thread that opens a connection per request (no
 * keep-alive: the worst case for the server), sends the next path of the
 * list and reads the whole answer. A failure is a refused connection, a
 * status other than 200 or an answer cut short. Loopback only: it will
 * not load another machine.
 *
 *   serve-load --port P [--clients 50] [--seconds 60] [--json] PATH...
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_CLIENTS 512
#define MAX_SAMPLES_PER_CLIENT 2000000

typedef struct client {
    pthread_t thread;
    int index;
    double *samples;            /* latencies, ms */
    size_t count, capacity;
    long failures;
    char first_failure[160];
} client;

static struct {
    unsigned short port;
    int clients;
    double seconds, deadline;
    char **paths;
    int path_count;
} load;

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One request; returns its HTTP status, or -1 when it failed to complete. */
static int request(const char *path)
{
    struct sockaddr_in address;
    struct timeval timeout = {30, 0};
    char buffer[16384];
    int fd = socket(AF_INET, SOCK_STREAM, 0), status = -1;
    size_t got = 0, length;
    ssize_t n;

    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons(load.port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        close(fd);
        return -1;
    }
    length = (size_t)snprintf(buffer, sizeof buffer, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Connection: close\r\n\r\n", path);
    if (length >= sizeof buffer || send(fd, buffer, length, MSG_NOSIGNAL) != (ssize_t)length) {
        close(fd);
        return -1;
    }
    while ((n = recv(fd, buffer, sizeof buffer, 0)) > 0) {
        if (got == 0 && n >= 12 && memcmp(buffer, "HTTP/1.", 7) == 0)
            status = atoi(buffer + 9);
        got += (size_t)n;
    }
    close(fd);
    return n < 0 ? -1 : status;
}

static void *run_client(void *argument)
{
    client *c = argument;
    long i = c->index;

    while (now() < load.deadline) {
        const char *path = load.paths[i++ % load.path_count];
        double start = now();
        int status = request(path);
        double ms = (now() - start) * 1000.0;
        if (status != 200) {
            if (c->failures++ == 0)
                snprintf(c->first_failure, sizeof c->first_failure, "%s: %s", path,
                         status < 0 ? "no complete answer" : "not 200");
            continue;
        }
        if (c->count == c->capacity && c->capacity < MAX_SAMPLES_PER_CLIENT) {
            size_t capacity = c->capacity ? c->capacity * 2 : 1024;
            double *grown = realloc(c->samples, capacity * sizeof *grown);
            if (!grown)
                break;
            c->samples = grown;
            c->capacity = capacity;
        }
        if (c->count < c->capacity)
            c->samples[c->count++] = ms;
    }
    return NULL;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(const double *sorted, size_t count, double p)
{
    size_t at;

    if (count == 0)
        return 0;
    at = (size_t)(p * (double)(count - 1) + 0.5);
    return sorted[at];
}

static int usage(void)
{
    fputs("usage: serve-load --port P [--clients N] [--seconds S] [--json] PATH...\n", stderr);
    return 2;
}

/* Parses the options; the paths are the rest. */
static int parse(int argc, char **argv, int *json)
{
    int i;

    load.clients = 50;
    load.seconds = 60;
    for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--json") == 0)
            *json = 1;
        else if (i + 1 < argc && strcmp(argv[i], "--port") == 0)
            load.port = (unsigned short)atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--clients") == 0)
            load.clients = atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--seconds") == 0)
            load.seconds = atof(argv[++i]);
        else
            return -1;
    }
    load.paths = argv + i;
    load.path_count = argc - i;
    if (load.port == 0 || load.clients < 1 || load.clients > MAX_CLIENTS || load.seconds <= 0
        || load.seconds > 3600 || load.path_count == 0)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    static client clients[MAX_CLIENTS];
    double *all, started;
    size_t total = 0, k;
    long failures = 0;
    int i, json = 0;

    if (parse(argc, argv, &json) != 0)
        return usage();
    started = now();
    load.deadline = started + load.seconds;
    for (i = 0; i < load.clients; i++) {
        clients[i].index = i;
        if (pthread_create(&clients[i].thread, NULL, run_client, &clients[i]) != 0)
            return 2;
    }
    for (i = 0; i < load.clients; i++) {
        pthread_join(clients[i].thread, NULL);
        total += clients[i].count;
        failures += clients[i].failures;
    }
    all = malloc((total ? total : 1) * sizeof *all);
    if (!all)
        return 2;
    for (i = 0, k = 0; i < load.clients; i++) {
        memcpy(all + k, clients[i].samples, clients[i].count * sizeof *all);
        k += clients[i].count;
        free(clients[i].samples);
    }
    qsort(all, total, sizeof *all, compare);
    printf(json ? "{\"clients\":%d,\"seconds\":%.1f,\"requests\":%zu,\"failures\":%ld,"
                  "\"requests_per_second\":%.1f,\"p50_ms\":%.2f,\"p90_ms\":%.2f,\"p99_ms\":%.2f,"
                  "\"max_ms\":%.2f}\n"
                : "%d clients, %.1f s: %zu requests, %ld failed, %.1f/s; latency p50 %.2f ms,"
                  " p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
           load.clients, now() - started, total, failures, (double)total / (now() - started),
           percentile(all, total, 0.50), percentile(all, total, 0.90),
           percentile(all, total, 0.99), total ? all[total - 1] : 0.0);
    for (i = 0; i < load.clients; i++)
        if (clients[i].failures) {
            fprintf(stderr, "serve-load: first failure: %s\n", clients[i].first_failure);
            break;
        }
    free(all);
    return 0;
}

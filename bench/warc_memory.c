/*
 * warc_memory.c - the WARC reader's memory and speed on a large archive
 * (issue 12: "a 1 GB WARC indexes with peak memory under 256 MB").
 *
 *   warc-memory [--size-mb N] [--plain] [--dir DIR] [--keep] [--seed S]
 *       writes a WARC of about N MB on disk (default 1024) into a new
 *       temporary folder under DIR (default $TMPDIR or /tmp): one gzip
 *       member a record unless --plain. Its records are what a crawl of a
 *       news site holds: HTML pages (some chunked, some gzip-encoded, a
 *       few of 2 to 6 MB, one in 500 above the 16 MB payload maximum),
 *       requests, images, scripts, revisits and redirects. Then a child
 *       process reads it through defcon_warc_reader and the program
 *       prints, as one JSON object: the file's size, the bytes the
 *       reader decompressed, the records by outcome, the seconds, MB/s
 *       of file and of WARC data, and the child's peak resident memory
 *       (getrusage of the waited-for child alone, so the writer's memory is not
 *       counted). The file is deleted unless --keep.
 *
 * Exit status: 0 when read without error, 2 otherwise. Not a test: it
 * reports, and bench/README.md says what to expect.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "buffer.h"
#include "warc.h"

typedef struct options {
    uint64_t size_mb;
    int plain, keep;
    unsigned long seed;
    const char *dir;
} options;

static const char *const words[] = {
    "nuclear", "talks", "the", "of", "missile", "Pyongyang", "sanctions", "and", "Tehran",
    "summit", "a", "in", "to", "warhead", "treaty", "inspectors", "enrichment", "said", "on",
    "minister", "test", "launch", "DEFCON", "level", "assessment", "Moscow", "Washington",
    "deterrence", "uranium", "with", "is", "for", "that", "ballistic", "regime", "was",
};

static unsigned long next_random(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

/* An HTML page of about `size` bytes of varied text. */
static void make_page(defcon_buffer *out, size_t size, unsigned long *state)
{
    size_t n = sizeof words / sizeof words[0];

    defcon_buffer_clear(out);
    defcon_buffer_printf(out, "<!DOCTYPE html><html><head><title>Report %lu</title></head>"
                              "<body><article><h1>Report</h1>\n", next_random(state));
    while (out->len < size) {
        int k, length = 20 + (int)(next_random(state) % 60);

        defcon_buffer_puts(out, "<p>");
        for (k = 0; k < length; k++)
            defcon_buffer_printf(out, "%s%s", k ? " " : "", words[next_random(state) % n]);
        defcon_buffer_puts(out, ".</p>\n");
    }
    defcon_buffer_puts(out, "</article></body></html>\n");
}

static void gzip_into(defcon_buffer *out, const char *data, size_t len, int window_bits)
{
    z_stream z;

    memset(&z, 0, sizeof z);
    deflateInit2(&z, 1, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
    defcon_buffer_clear(out);
    defcon_buffer_reserve(out, deflateBound(&z, len) + 64);
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out->data;
    z.avail_out = (uInt)(out->cap - 1);
    deflate(&z, Z_FINISH);
    out->len = z.total_out;
    out->data[out->len] = '\0';
    deflateEnd(&z);
}

/* Pages and images made once and reused: the reader's work is the same
 * whatever the text, and the writer stays fast. */
typedef struct pool {
    defcon_buffer pages[8], packed[8];  /* 5 to 80 KB, and gzip-encoded */
    defcon_buffer big[2];               /* 2 and 6 MB */
    defcon_buffer huge;                 /* 20 MB: above the payload maximum */
    defcon_buffer image;                /* 200 KB of noise */
} pool;

static void make_pool(pool *p, unsigned long *state)
{
    size_t i;

    memset(p, 0, sizeof *p);
    for (i = 0; i < 8; i++) {
        make_page(&p->pages[i], 5000 + i * 10000, state);
        gzip_into(&p->packed[i], p->pages[i].data, p->pages[i].len, 15 + 16);
    }
    make_page(&p->big[0], (size_t)2 << 20, state);
    make_page(&p->big[1], (size_t)6 << 20, state);
    make_page(&p->huge, (size_t)20 << 20, state);
    defcon_buffer_reserve(&p->image, 200000);
    for (i = 0; i < 200000; i++)
        p->image.data[i] = (char)next_random(state);
    p->image.len = 200000;
}

/* Writes one record (as one gzip member unless plain). */
static int put_record(FILE *out, const options *opt, defcon_buffer *record, defcon_buffer *packed)
{
    if (opt->plain)
        return fwrite(record->data, 1, record->len, out) == record->len ? 0 : -1;
    gzip_into(packed, record->data, record->len, 15 + 16);
    return fwrite(packed->data, 1, packed->len, out) == packed->len ? 0 : -1;
}

/* Builds the next record of the crawl into `record`. */
static void next_record(defcon_buffer *record, const pool *p, uint64_t n, unsigned long *state)
{
    static const char http[] = "Content-Type: application/http; msgtype=response\r\n";
    defcon_buffer block = DEFCON_BUFFER_INIT;
    unsigned long pick = next_random(state) % 100;
    const defcon_buffer *page = &p->pages[next_random(state) % 8];
    const char *type = "response", *extra = http;

    if (n % 500 == 499)
        page = &p->huge;
    else if (n % 200 == 99)
        page = &p->big[n % 400 == 99];
    if (pick < 40 || n % 200 == 99 || n % 500 == 499) {
        defcon_buffer_puts(&block, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n");
        if (pick % 3 == 1 && page->len < 100000) {
            const defcon_buffer *packed = &p->packed[page - p->pages];

            defcon_buffer_puts(&block, "Content-Encoding: gzip\r\n\r\n");
            defcon_buffer_append(&block, packed->data, packed->len);
        } else if (pick % 3 == 2) {
            defcon_buffer_printf(&block, "Transfer-Encoding: chunked\r\n\r\n%zx\r\n", page->len);
            defcon_buffer_append(&block, page->data, page->len);
            defcon_buffer_puts(&block, "\r\n0\r\n\r\n");
        } else {
            defcon_buffer_puts(&block, "\r\n");
            defcon_buffer_append(&block, page->data, page->len);
        }
    } else if (pick < 60) {
        type = "request";
        extra = "Content-Type: application/http; msgtype=request\r\n";
        defcon_buffer_puts(&block, "GET /2019/04/29/report/ HTTP/1.1\r\nHost: example.org\r\n\r\n");
    } else if (pick < 75) {
        defcon_buffer_puts(&block, "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n");
        defcon_buffer_append(&block, p->image.data, 10000 + next_random(state) % 190000);
    } else if (pick < 83) {
        defcon_buffer_puts(&block, "HTTP/1.1 200 OK\r\nContent-Type: application/javascript\r\n\r\n");
        defcon_buffer_append(&block, p->pages[2].data, p->pages[2].len);
    } else if (pick < 90) {
        type = "revisit";
        defcon_buffer_puts(&block, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n");
    } else if (pick < 95) {
        defcon_buffer_puts(&block, "HTTP/1.1 301 Moved Permanently\r\nLocation: /x/\r\n\r\n");
    } else {
        type = "metadata";
        extra = "Content-Type: application/warc-fields\r\n";
        defcon_buffer_puts(&block, "outlink: https://example.org/a/ E a/@href\r\n");
    }
    defcon_buffer_clear(record);
    defcon_buffer_printf(record, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%016llx>"
                                 "\r\nWARC-Date: 2019-04-29T10:11:12Z\r\nWARC-Target-URI: "
                                 "https://example.org/2019/04/%02llu/report-%llu/\r\n%s"
                                 "WARC-Payload-Digest: sha1:%llu\r\nContent-Length: %zu\r\n\r\n",
                         type, (unsigned long long)n, (unsigned long long)(n % 28 + 1),
                         (unsigned long long)n, extra, (unsigned long long)(n % 5000), block.len);
    defcon_buffer_append(record, block.data, block.len);
    defcon_buffer_puts(record, "\r\n\r\n");
    defcon_buffer_free(&block);
}

/* Writes the archive; returns its size, or 0 on failure. */
static uint64_t generate(const char *path, const options *opt)
{
    defcon_buffer record = DEFCON_BUFFER_INIT, packed = DEFCON_BUFFER_INIT;
    unsigned long state = opt->seed;
    uint64_t target = opt->size_mb << 20, n;
    FILE *out = fopen(path, "wb");
    pool p;
    size_t i;
    long size = 0;

    if (!out)
        return 0;
    make_pool(&p, &state);
    for (n = 0; (uint64_t)ftello(out) < target; n++) {
        next_record(&record, &p, n, &state);
        if (put_record(out, opt, &record, &packed) < 0)
            break;
    }
    size = (long)ftello(out);
    if (fclose(out) != 0)
        size = 0;
    for (i = 0; i < 8; i++) {
        defcon_buffer_free(&p.pages[i]);
        defcon_buffer_free(&p.packed[i]);
    }
    defcon_buffer_free(&p.big[0]);
    defcon_buffer_free(&p.big[1]);
    defcon_buffer_free(&p.huge);
    defcon_buffer_free(&p.image);
    defcon_buffer_free(&record);
    defcon_buffer_free(&packed);
    return size > 0 ? (uint64_t)size : 0;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The child: reads the archive and writes its figures to `report` as the
 * inside of a JSON object. Exit status 0, or 2 on errors. */
static int read_archive(const char *path, FILE *report)
{
    defcon_warc_reader *reader;
    defcon_warc_record record;
    uint64_t payload_bytes = 0, warc_bytes = 0;
    double started = now(), seconds;
    char error[512];
    int rc;

    if (defcon_warc_reader_open_file(path, &reader, error, sizeof error) < 0) {
        fprintf(stderr, "warc-memory: %s\n", error);
        return 2;
    }
    while ((rc = defcon_warc_reader_next(reader, &record)) != 0) {
        if (rc < 0) {
            fprintf(stderr, "warc-memory: %s\n", defcon_warc_reader_error(reader));
            continue;
        }
        payload_bytes += record.payload_len;
        warc_bytes = record.position.offset + record.content_length;
    }
    seconds = now() - started;
    {
        const defcon_warc_counts *c = defcon_warc_reader_counts(reader);

        fprintf(report, "\"records\": %llu, \"payloads\": %llu, \"payload_bytes\": %llu, "
                        "\"revisits\": %llu, \"skipped_too_large\": %llu, "
                        "\"skipped_other\": %llu, \"errors\": %llu, \"warc_bytes\": %llu, "
                        "\"read_seconds\": %.3f",
                (unsigned long long)c->records, (unsigned long long)c->payloads,
                (unsigned long long)payload_bytes, (unsigned long long)c->revisits,
                (unsigned long long)c->skipped[DEFCON_WARC_SKIP_TOO_LARGE],
                (unsigned long long)(c->records - c->payloads - c->revisits
                                     - c->skipped[DEFCON_WARC_SKIP_TOO_LARGE]),
                (unsigned long long)c->errors, (unsigned long long)warc_bytes, seconds);
        rc = c->errors ? 2 : 0;
    }
    defcon_warc_reader_close(reader);
    return rc;
}

static int parse_options(int argc, char **argv, options *opt)
{
    int i;

    opt->size_mb = 1024;
    opt->plain = opt->keep = 0;
    opt->seed = 1;
    opt->dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--size-mb") == 0 && i + 1 < argc)
            opt->size_mb = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            opt->seed = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
            opt->dir = argv[++i];
        else if (strcmp(argv[i], "--plain") == 0)
            opt->plain = 1;
        else if (strcmp(argv[i], "--keep") == 0)
            opt->keep = 1;
        else {
            fprintf(stderr, "usage: warc-memory [--size-mb N] [--plain] [--dir DIR] [--keep] "
                            "[--seed S]\n");
            return -1;
        }
    }
    return opt->size_mb > 0 ? 0 : -1;
}

/* Runs read_archive in a child; its report goes through a pipe, its peak
 * memory comes from getrusage once it has been waited for. Returns the child's exit status, or 2. */
static int measure(const char *path, char *report, size_t report_size, struct rusage *usage)
{
    int fds[2], status = 0;
    size_t used = 0;
    ssize_t got;
    pid_t child;

    if (pipe(fds) != 0)
        return 2;
    child = fork();
    if (child < 0)
        return 2;
    if (child == 0) {
        FILE *out = fdopen(fds[1], "w");

        close(fds[0]);
        _exit(out ? read_archive(path, out) | (fclose(out) != 0) : 2);
    }
    close(fds[1]);
    while (used + 1 < report_size
           && (got = read(fds[0], report + used, report_size - used - 1)) > 0)
        used += (size_t)got;
    report[used] = '\0';
    close(fds[0]);
    /* The only child: RUSAGE_CHILDREN is its usage alone. */
    if (waitpid(child, &status, 0) != child || getrusage(RUSAGE_CHILDREN, usage) != 0
        || !WIFEXITED(status))
        return 2;
    return WEXITSTATUS(status);
}

/* A number of the child's report ("key": value), or 0. */
static double figure(const char *report, const char *key)
{
    char quoted[64];
    const char *at;

    snprintf(quoted, sizeof quoted, "\"%s\": ", key);
    at = strstr(report, quoted);
    return at ? strtod(at + strlen(quoted), NULL) : 0;
}

int main(int argc, char **argv)
{
    options opt;
    char folder[4096], path[4200], report[2048];
    struct rusage usage;
    double started, generate_seconds, seconds;
    uint64_t size;
    int status;

    if (parse_options(argc, argv, &opt) < 0)
        return 2;
    snprintf(folder, sizeof folder, "%s/warc-memory-XXXXXX", opt.dir);
    if (!mkdtemp(folder)) {
        perror("warc-memory: mkdtemp");
        return 2;
    }
    snprintf(path, sizeof path, "%s/bench.%s", folder, opt.plain ? "warc" : "warc.gz");
    started = now();
    size = generate(path, &opt);
    generate_seconds = now() - started;
    if (size == 0) {
        fprintf(stderr, "warc-memory: cannot write %s\n", path);
        return 2;
    }
    memset(&usage, 0, sizeof usage);
    status = measure(path, report, sizeof report, &usage);
    seconds = figure(report, "read_seconds");
    printf("{\"file\": \"%s\", \"file_bytes\": %llu, \"gzip\": %s, \"generate_seconds\": %.1f, "
           "%s, \"file_mb_per_s\": %.1f, \"warc_mb_per_s\": %.1f, \"peak_rss_mb\": %.1f}\n",
           path, (unsigned long long)size, opt.plain ? "false" : "true", generate_seconds, report,
           seconds > 0 ? (double)size / 1048576.0 / seconds : 0.0,
           seconds > 0 ? figure(report, "warc_bytes") / 1048576.0 / seconds : 0.0,
           (double)usage.ru_maxrss / 1024.0);
    if (!opt.keep) {
        unlink(path);
        rmdir(folder);
    }
    return status;
}

/*
 * extraction_quality.c - runs the HTML page reader over a list of pages
 * for bench/extraction_quality, which scores what it prints.
 *
 * Reads lines "id<TAB>url<TAB>path" on stdin, parses each file with
 * defcon_html_page_parse() (the url given, no charset hint) and prints one
 * JSON object a line: {"id", "title", "date", "is_article", "body"}.
 * The last line on stderr gives the pages, bytes and seconds spent in the
 * parser alone (reading files excluded), for pages per second.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buffer.h"
#include "html_page.h"

static void put_json_string(FILE *out, const char *text)
{
    const unsigned char *p = (const unsigned char *)(text ? text : "");

    if (!text) {
        fputs("null", out);
        return;
    }
    putc('"', out);
    for (; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            putc(*p, out);
    }
    putc('"', out);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    defcon_buffer data = DEFCON_BUFFER_INIT;
    char chunk[65536];
    size_t n;

    if (!f)
        return NULL;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (defcon_buffer_append(&data, chunk, n) != 0)
            break;
    fclose(f);
    *len = data.len;
    return data.data ? data.data : calloc(1, 1);
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
    char line[8192], error[256];
    size_t pages = 0, bytes = 0;
    double seconds = 0;
    int status = 0;

    while (fgets(line, sizeof line, stdin)) {
        char *id = strtok(line, "\t\n"), *url = strtok(NULL, "\t\n"), *path = strtok(NULL, "\t\n");
        defcon_html_page page;
        size_t len = 0;
        char *data;
        double start;

        if (!id || !url || !path)
            continue;
        if (!(data = read_file(path, &len))) {
            fprintf(stderr, "extraction-quality: cannot read %s\n", path);
            status = 2;
            continue;
        }
        start = now();
        if (defcon_html_page_parse(data, len, NULL, url, &page, error, sizeof error) != 0) {
            fprintf(stderr, "extraction-quality: %s: %s\n", path, error);
            memset(&page, 0, sizeof page);
        }
        seconds += now() - start;
        pages++;
        bytes += len;
        printf("{\"id\": ");
        put_json_string(stdout, id);
        printf(", \"title\": ");
        put_json_string(stdout, page.title);
        printf(", \"date\": ");
        put_json_string(stdout, page.date);
        printf(", \"is_article\": %d, \"reason\": ", page.is_article);
        put_json_string(stdout, page.not_article_reason);
        printf(", \"body\": ");
        put_json_string(stdout, page.body ? page.body : "");
        printf("}\n");
        defcon_html_page_clear(&page);
        free(data);
    }
    fprintf(stderr, "pages %zu bytes %zu seconds %.6f\n", pages, bytes, seconds);
    return status;
}

/*
 * check.c - the unit tests' assertion kit; see check.h.
 */
#include "check.h"

#include "buffer.h"
#include "date.h"
#include "search.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed;
static int failed;

void check_true(int ok, const char *what, const char *file, int line)
{
    if (ok) {
        passed++;
        return;
    }
    failed++;
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
}

void check_str(const char *got, const char *want, const char *what,
               const char *file, int line)
{
    if ((got == NULL && want == NULL) || (got && want && strcmp(got, want) == 0)) {
        passed++;
        return;
    }
    failed++;
    fprintf(stderr, "%s:%d: %s\n  got:  %s%s%s\n  want: %s%s%s\n", file, line, what,
            got ? "\"" : "", got ? got : "NULL", got ? "\"" : "",
            want ? "\"" : "", want ? want : "NULL", want ? "\"" : "");
}

void check_long(long got, long want, const char *what, const char *file, int line)
{
    if (got == want) {
        passed++;
        return;
    }
    failed++;
    fprintf(stderr, "%s:%d: %s\n  got:  %ld\n  want: %ld\n", file, line, what, got, want);
}

int check_finish(void)
{
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

void check_skip(const char *why)
{
    printf("skipped: %s\n", why);
    exit(77);
}

char *check_read_file(const char *path, size_t *len)
{
    defcon_buffer data = DEFCON_BUFFER_INIT;
    char chunk[4096];
    FILE *file = fopen(path, "rb");
    size_t n;

    if (!file)
        return NULL;
    while ((n = fread(chunk, 1, sizeof chunk, file)) > 0)
        defcon_buffer_append(&data, chunk, n);
    fclose(file);
    *len = data.len;
    return defcon_buffer_detach(&data);
}

int check_write_file(const char *path, const char *format, ...)
{
    FILE *file = fopen(path, "w");
    va_list arguments;
    int written;

    if (!file)
        return -1;
    va_start(arguments, format);
    written = vfprintf(file, format, arguments);
    va_end(arguments);
    return fclose(file) == 0 && written >= 0 ? 0 : -1;
}

int check_temp_folder(const char *name, char *out, size_t size)
{
    const char *tmp = getenv("TMPDIR");

    snprintf(out, size, "%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
    if (!mkdtemp(out)) {
        perror("mkdtemp");
        return -1;
    }
    return 0;
}

void check_remove_folder(const char *path)
{
    char command[1100];

    snprintf(command, sizeof command, "rm -rf '%s'", path);
    if (system(command) != 0)
        fprintf(stderr, "could not remove %s\n", path);
}

void check_request_filters(struct defcon_search_request *request, const char *country,
                           const char *since, const char *until)
{
    defcon_date date;

    if (country) {
        request->countries[0] = country;
        request->country_count = 1;
    }
    if (since) {
        CHECK(defcon_date_parse(since, strlen(since), &date) == DEFCON_DATE_OK);
        request->has_since = 1;
        request->since_day = defcon_date_first_day(&date);
    }
    if (until) {
        CHECK(defcon_date_parse(until, strlen(until), &date) == DEFCON_DATE_OK);
        request->has_until = 1;
        request->until_day = defcon_date_last_day(&date);
    }
}

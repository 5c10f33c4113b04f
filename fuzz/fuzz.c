/*
 * fuzz.c - helpers shared by the libFuzzer targets; see fuzz.h.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

int fuzz_clean_text(const uint8_t *data, size_t size, defcon_buffer *out)
{
    defcon_buffer repaired = DEFCON_BUFFER_INIT;
    size_t replaced = 0, start = out->len, i;
    int rc = defcon_text_utf8_repair((const char *)data, size, &repaired, &replaced);

    if (rc == 0)
        rc = defcon_text_unix_newlines(repaired.data ? repaired.data : "", repaired.len, out);
    /* article.c refuses files with NUL bytes before any reader sees them. */
    for (i = start; rc == 0 && i < out->len; i++)
        if (out->data[i] == '\0')
            out->data[i] = ' ';
    defcon_buffer_free(&repaired);
    return rc;
}

void fuzz_require(int condition, const char *what)
{
    if (!condition) {
        fprintf(stderr, "contract broken: %s\n", what);
        abort();
    }
}

void fuzz_require_text(const char *text, size_t len, const char *what)
{
    fuzz_require(text != NULL, what);
    fuzz_require(defcon_text_utf8_check(text, len) == len, what);
    fuzz_require(memchr(text, '\0', len) == NULL, what);
}

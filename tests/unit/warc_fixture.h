/*
 * warc_fixture.h - builds WARC files for the archive tests (test_warc.c,
 * test_wacz.c): records with any header and block, one gzip member a
 * record or the whole file as one member, and a byte source over memory.
 * Header-only (static inline): each test program includes it once.
 */
#ifndef DEFCON_WARC_FIXTURE_H
#define DEFCON_WARC_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "buffer.h"
#include "warc.h"

/* Appends a record: its WARC-Type, a target URI (or NULL), further header
 * lines (each ending "\r\n", or NULL), the block, and its Content-Length:
 * the block's own length unless `lie` is not 0 (then length + lie). */
static inline void fixture_record(defcon_buffer *out, const char *type, const char *uri,
                                  const char *extra, const char *block, size_t block_len,
                                  long lie)
{
    static int serial;

    defcon_buffer_printf(out, "WARC/1.1\r\nWARC-Type: %s\r\n", type);
    defcon_buffer_printf(out, "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\n",
                         ++serial);
    defcon_buffer_puts(out, "WARC-Date: 2019-04-29T10:11:12.123456Z\r\n");
    if (uri)
        defcon_buffer_printf(out, "WARC-Target-URI: %s\r\n", uri);
    if (extra)
        defcon_buffer_puts(out, extra);
    defcon_buffer_printf(out, "Content-Length: %ld\r\n\r\n", (long)block_len + lie);
    defcon_buffer_append(out, block, block_len);
    defcon_buffer_puts(out, "\r\n\r\n");
}

/* Appends `len` bytes of `data` as one gzip member. */
static inline void fixture_gzip(defcon_buffer *out, const char *data, size_t len)
{
    z_stream z;
    int rc;

    memset(&z, 0, sizeof z);
    deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    do {
        defcon_buffer_reserve(out, 65536);
        z.next_out = (Bytef *)out->data + out->len;
        z.avail_out = 65536;
        rc = deflate(&z, Z_FINISH);
        out->len += 65536 - z.avail_out;
    } while (rc == Z_OK);
    out->data[out->len] = '\0';
    deflateEnd(&z);
}

/* A byte source over memory; `seekable` 0 leaves seek NULL. */
typedef struct fixture_memory {
    const char *data;
    size_t len, pos;
    size_t total_read;    /* bytes handed to the reader, re-reads included */
} fixture_memory;

static inline long fixture_read(void *context, void *buffer, size_t size, char *error,
                                size_t error_size)
{
    fixture_memory *memory = context;
    size_t n = memory->len - memory->pos;

    (void)error;
    (void)error_size;
    if (n > size)
        n = size;
    memcpy(buffer, memory->data + memory->pos, n);
    memory->pos += n;
    memory->total_read += n;
    return (long)n;
}

static inline int fixture_seek(void *context, uint64_t offset, char *error,
                               size_t error_size)
{
    fixture_memory *memory = context;

    if (offset > memory->len) {
        snprintf(error, error_size, "past the end");
        return -1;
    }
    memory->pos = (size_t)offset;
    return 0;
}

static inline defcon_warc_reader *fixture_open(fixture_memory *memory, const char *data,
                                               size_t len, int seekable)
{
    defcon_byte_source source = {fixture_read, fixture_seek, NULL, NULL};
    defcon_warc_reader *reader = NULL;
    char error[256];

    memory->data = data;
    memory->len = len;
    memory->pos = 0;
    memory->total_read = 0;
    source.context = memory;
    if (!seekable)
        source.seek = NULL;
    if (defcon_warc_reader_open_source(&source, "test.warc", &reader, error, sizeof error) < 0)
        fprintf(stderr, "%s\n", error);
    return reader;
}

#endif

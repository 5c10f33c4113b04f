/*
 * warc_stream.h - the byte layer under the WARC reader (warc.c): a window
 * of uncompressed bytes over a byte source, plain or gzip.
 *
 * A gzip source is read as a sequence of members (zlib, one member after
 * the other), and the stream remembers where the recent members started,
 * so a record's position can be given and reached again. A damaged member
 * (corrupt data, a file that ends inside it, bytes that are not a member)
 * is reported once and the stream goes on at the next member it finds.
 * Internal to the archive readers; not a public interface.
 */
#ifndef DEFCON_WARC_STREAM_H
#define DEFCON_WARC_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#include "warc.h"

/* The window holds this much uncompressed data; requests for more than
 * half of it are refused by defcon_warc_stream_need. */
#define DEFCON_WARC_WINDOW ((size_t)256 << 10)
#define DEFCON_WARC_RAW ((size_t)64 << 10)
#define DEFCON_WARC_MEMBERS 32

typedef struct defcon_warc_stream {
    defcon_byte_source source;
    int gzip;                     /* -1 not yet known, 0 plain, 1 gzip */
    z_stream z;
    int z_ready;                  /* inflateInit2 done */
    int in_member;                /* inside a gzip member */
    unsigned char *raw;           /* compressed input, DEFCON_WARC_RAW bytes */
    size_t raw_pos, raw_len;
    uint64_t raw_base;            /* file offset of raw[0] */
    int source_ended;
    unsigned char *window;        /* DEFCON_WARC_WINDOW bytes */
    size_t start, end;            /* the unread bytes: window[start..end) */
    uint64_t offset;              /* stream offset of window[start] */
    uint64_t member_raw[DEFCON_WARC_MEMBERS];   /* recent member starts, a ring */
    uint64_t member_start[DEFCON_WARC_MEMBERS];
    unsigned members;             /* how many were ever added */
    uint64_t current_member;      /* raw offset of the member being inflated */
    char message[400];            /* the last error */
} defcon_warc_stream;

/* Sets up *stream over `source` (owned from now on). 0, or -1 (memory). */
int defcon_warc_stream_init(defcon_warc_stream *stream, const defcon_byte_source *source);

/* Frees the buffers and closes the source. */
void defcon_warc_stream_free(defcon_warc_stream *stream);

/* Makes at least `n` bytes (at most DEFCON_WARC_WINDOW / 2) available.
 * Returns 1 when they are, 0 when the stream ends first (what remains is
 * still available), -1 on damage or a read failure (stream->message; the
 * stream has moved to the next gzip member it could find, if any). */
int defcon_warc_stream_need(defcon_warc_stream *stream, size_t n);

/* Like need(1) but adds whatever more the source gives: 1 more bytes
 * came, 0 end, -1 damage. */
int defcon_warc_stream_fill(defcon_warc_stream *stream);

/* The unread bytes and their count. */
const unsigned char *defcon_warc_stream_data(const defcon_warc_stream *stream);
size_t defcon_warc_stream_available(const defcon_warc_stream *stream);

/* Drops `n` available bytes. */
void defcon_warc_stream_consume(defcon_warc_stream *stream, size_t n);

/* Where a record starting at stream offset `offset` (not yet consumed)
 * can be found again. */
defcon_warc_position defcon_warc_stream_position(const defcon_warc_stream *stream,
                                                 uint64_t offset);

/* Moves to `position`. 0, or -1 (cannot seek, or damage on the way). */
int defcon_warc_stream_seek(defcon_warc_stream *stream, const defcon_warc_position *position);

#endif

/*
 * warc_stream.c - the uncompressed byte window under the WARC reader; see
 * warc_stream.h.
 *
 * Plain files are read straight into the window. Gzip files go through a
 * raw buffer and zlib, one member at a time: at the end of a member the
 * stream checks that the next bytes start another member (1f 8b 08) and
 * notes where it starts, in the file and in the uncompressed stream,
 * which is what a record's position is made of.
 */
#include "warc_stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char gzip_magic[3] = {0x1f, 0x8b, 0x08};

int defcon_warc_stream_init(defcon_warc_stream *stream, const defcon_byte_source *source)
{
    memset(stream, 0, sizeof *stream);
    stream->source = *source;
    stream->gzip = -1;
    stream->raw = malloc(DEFCON_WARC_RAW);
    stream->window = malloc(DEFCON_WARC_WINDOW);
    if (!stream->raw || !stream->window)
        return -1;
    return 0;
}

void defcon_warc_stream_free(defcon_warc_stream *stream)
{
    if (stream->z_ready)
        inflateEnd(&stream->z);
    free(stream->raw);
    free(stream->window);
    if (stream->source.close)
        stream->source.close(stream->source.context);
    memset(stream, 0, sizeof *stream);
}

/* Reads more raw bytes after those kept. 1 read some, 0 end, -1 failure. */
static int read_raw(defcon_warc_stream *stream)
{
    long got;

    if (stream->source_ended)
        return 0;
    if (stream->raw_pos > 0) {
        memmove(stream->raw, stream->raw + stream->raw_pos, stream->raw_len - stream->raw_pos);
        stream->raw_base += stream->raw_pos;
        stream->raw_len -= stream->raw_pos;
        stream->raw_pos = 0;
    }
    if (stream->raw_len == DEFCON_WARC_RAW)
        return 1;
    got = stream->source.read(stream->source.context, stream->raw + stream->raw_len,
                              DEFCON_WARC_RAW - stream->raw_len, stream->message,
                              sizeof stream->message);
    if (got < 0)
        return -1;
    if (got == 0) {
        stream->source_ended = 1;
        return 0;
    }
    stream->raw_len += (size_t)got;
    return 1;
}

/* Makes `n` raw bytes available if the source has them. -1 on failure. */
static int raw_need(defcon_warc_stream *stream, size_t n)
{
    while (stream->raw_len - stream->raw_pos < n) {
        int rc = read_raw(stream);

        if (rc <= 0)
            return rc;
    }
    return 1;
}

/* Skips raw bytes up to the next gzip member header, or to the end. */
static int skip_to_member(defcon_warc_stream *stream)
{
    for (;;) {
        const unsigned char *at;
        size_t left;
        int rc = raw_need(stream, sizeof gzip_magic);

        if (rc < 0)
            return -1;
        left = stream->raw_len - stream->raw_pos;
        if (left < sizeof gzip_magic) {
            stream->raw_pos = stream->raw_len;
            return 0;
        }
        at = memchr(stream->raw + stream->raw_pos, gzip_magic[0], left - 2);
        if (!at) {
            stream->raw_pos = stream->raw_len - 2;
            continue;
        }
        stream->raw_pos = (size_t)(at - stream->raw);
        if (memcmp(at, gzip_magic, sizeof gzip_magic) == 0)
            return 1;
        stream->raw_pos++;
    }
}

static void add_member(defcon_warc_stream *stream, uint64_t raw_offset, uint64_t start)
{
    unsigned slot = stream->members % DEFCON_WARC_MEMBERS;

    stream->member_raw[slot] = raw_offset;
    stream->member_start[slot] = start;
    stream->members++;
}

/* Starts the member at the current raw position. 1 started, 0 end of the
 * file, -1 the bytes there are not a member (skipped, message set) or a
 * read failed. */
static int begin_member(defcon_warc_stream *stream)
{
    int rc = raw_need(stream, sizeof gzip_magic);
    uint64_t where;

    if (rc < 0)
        return -1;
    if (stream->raw_len == stream->raw_pos)
        return 0;
    where = stream->raw_base + stream->raw_pos;
    if (stream->raw_len - stream->raw_pos < sizeof gzip_magic
        || memcmp(stream->raw + stream->raw_pos, gzip_magic, sizeof gzip_magic) != 0) {
        stream->raw_pos++;
        if (skip_to_member(stream) < 0)
            return -1;
        snprintf(stream->message, sizeof stream->message,
                 "offset %llu: %llu bytes that are not a gzip member (skipped)",
                 (unsigned long long)where,
                 (unsigned long long)(stream->raw_base + stream->raw_pos - where));
        return -1;
    }
    if (inflateReset(&stream->z) != Z_OK)
        return -1;
    stream->in_member = 1;
    stream->current_member = where;
    add_member(stream, where, stream->offset + (stream->end - stream->start));
    return 1;
}

/* Drops the unread bytes that came from the member being inflated: a
 * damaged member's data cannot be trusted, and a record cut by it must
 * not be read as if whole. */
static void drop_member_output(defcon_warc_stream *stream)
{
    unsigned slot = (stream->members - 1) % DEFCON_WARC_MEMBERS;
    uint64_t member = stream->members ? stream->member_start[slot] : 0;

    if (member >= stream->offset && member - stream->offset < stream->end - stream->start)
        stream->end = stream->start + (size_t)(member - stream->offset);
    else if (member < stream->offset)
        stream->end = stream->start;
}

/* The member being inflated is damaged: report it and look for the next. */
static int member_damaged(defcon_warc_stream *stream, const char *what)
{
    char detail[128];

    snprintf(detail, sizeof detail, "%s", what ? what : "damaged data");
    stream->in_member = 0;
    drop_member_output(stream);
    if (stream->raw_pos > stream->raw_len)
        stream->raw_pos = stream->raw_len;
    if (skip_to_member(stream) < 0)
        return -1;
    snprintf(stream->message, sizeof stream->message,
             "offset %llu: corrupt gzip member (%s); going on at the next member",
             (unsigned long long)stream->current_member, detail);
    return -1;
}

/* Inflates into the window's free space. 1 bytes came, 0 end, -1 damage. */
static int fill_gzip(defcon_warc_stream *stream)
{
    for (;;) {
        size_t room = DEFCON_WARC_WINDOW - stream->end, produced;
        int rc;

        if (!stream->in_member) {
            rc = begin_member(stream);
            if (rc <= 0)
                return rc;
        }
        if (stream->raw_pos == stream->raw_len) {
            rc = read_raw(stream);
            if (rc < 0)
                return -1;
            if (rc == 0) {
                stream->in_member = 0;
                drop_member_output(stream);
                snprintf(stream->message, sizeof stream->message,
                         "offset %llu: truncated gzip member (the file ends inside it)",
                         (unsigned long long)stream->current_member);
                return -1;
            }
        }
        stream->z.next_in = stream->raw + stream->raw_pos;
        stream->z.avail_in = (uInt)(stream->raw_len - stream->raw_pos);
        stream->z.next_out = stream->window + stream->end;
        stream->z.avail_out = (uInt)room;
        rc = inflate(&stream->z, Z_NO_FLUSH);
        stream->raw_pos = stream->raw_len - stream->z.avail_in;
        produced = room - stream->z.avail_out;
        stream->end += produced;
        if (rc == Z_STREAM_END)
            stream->in_member = 0;
        else if (rc != Z_OK && rc != Z_BUF_ERROR)
            return member_damaged(stream, stream->z.msg);
        if (produced > 0)
            return 1;
    }
}

/* Reads the first bytes and tells plain from gzip. */
static int detect(defcon_warc_stream *stream)
{
    int rc = raw_need(stream, 2);

    if (rc < 0)
        return -1;
    stream->gzip = stream->raw_len >= 2 && stream->raw[0] == gzip_magic[0]
                   && stream->raw[1] == gzip_magic[1];
    if (stream->gzip) {
        if (inflateInit2(&stream->z, 15 + 16) != Z_OK) {
            snprintf(stream->message, sizeof stream->message, "out of memory");
            return -1;
        }
        stream->z_ready = 1;
        return 1;
    }
    /* Plain: what was read is already stream data. */
    memcpy(stream->window + stream->end, stream->raw, stream->raw_len);
    stream->end += stream->raw_len;
    stream->raw_pos = stream->raw_len = 0;
    return 1;
}

static int fill_plain(defcon_warc_stream *stream)
{
    size_t room;
    long got;

    if (stream->source_ended)
        return 0;
    room = DEFCON_WARC_WINDOW - stream->end;
    /* Reads of at most DEFCON_WARC_RAW bytes: after a seek (a lying
     * length undone) no more is read again than needed. */
    if (room > DEFCON_WARC_RAW)
        room = DEFCON_WARC_RAW;
    got = stream->source.read(stream->source.context, stream->window + stream->end, room,
                              stream->message, sizeof stream->message);
    if (got < 0)
        return -1;
    if (got == 0) {
        stream->source_ended = 1;
        return 0;
    }
    stream->end += (size_t)got;
    return 1;
}

int defcon_warc_stream_fill(defcon_warc_stream *stream)
{
    size_t before;

    if (stream->gzip < 0) {
        before = stream->end;
        if (detect(stream) < 0)
            return -1;
        if (stream->end > before)
            return 1;
    }
    if (stream->start > 0 && stream->end > DEFCON_WARC_WINDOW / 2) {
        memmove(stream->window, stream->window + stream->start, stream->end - stream->start);
        stream->end -= stream->start;
        stream->start = 0;
    } else if (stream->start == stream->end) {
        stream->start = stream->end = 0;
    }
    if (stream->end == DEFCON_WARC_WINDOW)
        return 1;
    return stream->gzip ? fill_gzip(stream) : fill_plain(stream);
}

int defcon_warc_stream_need(defcon_warc_stream *stream, size_t n)
{
    if (n > DEFCON_WARC_WINDOW / 2)
        n = DEFCON_WARC_WINDOW / 2;
    while (stream->end - stream->start < n) {
        int rc = defcon_warc_stream_fill(stream);

        if (rc <= 0)
            return rc;
    }
    return 1;
}

const unsigned char *defcon_warc_stream_data(const defcon_warc_stream *stream)
{
    return stream->window + stream->start;
}

size_t defcon_warc_stream_available(const defcon_warc_stream *stream)
{
    return stream->end - stream->start;
}

void defcon_warc_stream_consume(defcon_warc_stream *stream, size_t n)
{
    if (n > stream->end - stream->start)
        n = stream->end - stream->start;
    stream->start += n;
    stream->offset += n;
}

defcon_warc_position defcon_warc_stream_position(const defcon_warc_stream *stream,
                                                 uint64_t offset)
{
    defcon_warc_position position = {offset, offset, offset};
    unsigned kept, i;

    if (stream->gzip != 1)
        return position;
    /* The latest member that starts at or before the offset; members
     * older than the ring are found again from the start of the file. */
    position.raw_offset = position.member_start = 0;
    kept = stream->members < DEFCON_WARC_MEMBERS ? stream->members : DEFCON_WARC_MEMBERS;
    for (i = 0; i < kept; i++) {
        unsigned slot = (stream->members - 1 - i) % DEFCON_WARC_MEMBERS;

        if (stream->member_start[slot] <= offset) {
            position.raw_offset = stream->member_raw[slot];
            position.member_start = stream->member_start[slot];
            break;
        }
    }
    return position;
}

int defcon_warc_stream_seek(defcon_warc_stream *stream, const defcon_warc_position *position)
{
    uint64_t skip;

    if (!stream->source.seek) {
        snprintf(stream->message, sizeof stream->message, "the source cannot seek");
        return -1;
    }
    if (position->offset < position->member_start) {
        snprintf(stream->message, sizeof stream->message, "not a record position");
        return -1;
    }
    if (stream->gzip < 0 && defcon_warc_stream_need(stream, 1) < 0)
        return -1;
    if (stream->source.seek(stream->source.context,
                            stream->gzip == 1 ? position->raw_offset : position->offset,
                            stream->message, sizeof stream->message) < 0)
        return -1;
    stream->raw_pos = stream->raw_len = 0;
    stream->raw_base = stream->gzip == 1 ? position->raw_offset : position->offset;
    stream->source_ended = 0;
    stream->in_member = 0;
    stream->start = stream->end = 0;
    stream->members = 0;
    if (stream->gzip != 1) {
        stream->offset = position->offset;
        return 0;
    }
    stream->offset = position->member_start;
    for (skip = position->offset - position->member_start; skip > 0;) {
        size_t n;
        int rc = defcon_warc_stream_need(stream, 1);

        if (rc <= 0) {
            if (rc == 0)
                snprintf(stream->message, sizeof stream->message,
                         "offset %llu is past the end of the stream",
                         (unsigned long long)position->offset);
            return -1;
        }
        n = defcon_warc_stream_available(stream);
        if (n > skip)
            n = (size_t)skip;
        defcon_warc_stream_consume(stream, n);
        skip -= n;
    }
    return 0;
}

/*
 * warc.c - the streaming WARC reader; see warc.h for the contract.
 *
 * One record at a time: the header fields are read into a small buffer,
 * the block is either skipped in place (records that are not wanted) or
 * read into a buffer no larger than the maximum payload and decoded
 * (warc_http.c). The bytes come from warc_stream.c, which hides gzip.
 * After each block the two line ends that close a record are checked: if
 * they are not there, the Content-Length lied, and the reader goes back to
 * the block's start (when the source can seek) and looks for the next
 * "WARC/1.x" line, so records a too-long length swallowed are still read.
 */
#include "warc.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "buffer.h"
#include "warc_http.h"
#include "warc_stream.h"

struct defcon_warc_reader {
    defcon_warc_stream stream;
    char *name;                /* the file, for messages */
    size_t max_payload;
    defcon_buffer fields;      /* the version line, then the record's fields:
                                * "WARC/1.0\0name\0value\0name\0value\0..." */
    defcon_buffer http;        /* its HTTP header block */
    defcon_buffer body;        /* its body as stored */
    defcon_buffer payload;     /* the body decoded */
    defcon_buffer detail;      /* why it was skipped */
    defcon_http_response response;
    defcon_warc_record record;
    defcon_warc_counts counts;
    int resync;                /* look for a "WARC/" line before the next record */
    int pending;               /* a stream error met after a good record, to report */
    uint64_t known_end;        /* where the stream was seen to end (0: not yet) */
    char message[800];
};

static const char *const type_names[DEFCON_WARC_TYPE_COUNT] = {
    "warcinfo", "response", "resource", "request", "metadata",
    "revisit", "conversion", "continuation", "other",
};

static const char *const skip_names[DEFCON_WARC_SKIP_REASON_COUNT] = {
    "not skipped", "record type", "content type", "HTTP status", "too large",
    "empty", "bad HTTP header", "content encoding",
};

const char *defcon_warc_type_name(defcon_warc_type type)
{
    return (unsigned)type < DEFCON_WARC_TYPE_COUNT ? type_names[type] : "other";
}

const char *defcon_warc_skip_name(defcon_warc_skip skip)
{
    return (unsigned)skip < DEFCON_WARC_SKIP_REASON_COUNT ? skip_names[skip] : "unknown";
}

/* Sets the message: "FILE: offset N: what" (with the gzip member for
 * compressed files). Returns -1 for the caller to pass on. */
static int fail_at(defcon_warc_reader *reader, uint64_t offset, const char *format, ...)
{
    char what[400];
    va_list args;
    int used;

    va_start(args, format);
    vsnprintf(what, sizeof what, format, args);
    va_end(args);
    if (reader->stream.gzip == 1) {
        defcon_warc_position at = defcon_warc_stream_position(&reader->stream, offset);

        used = snprintf(reader->message, sizeof reader->message,
                        "%s: offset %llu of the decompressed stream (gzip member at byte %llu): %s",
                        reader->name, (unsigned long long)offset,
                        (unsigned long long)at.raw_offset, what);
    } else {
        used = snprintf(reader->message, sizeof reader->message, "%s: offset %llu: %s",
                        reader->name, (unsigned long long)offset, what);
    }
    (void)used;
    return -1;
}

/* A stream failure (damaged gzip, read error): its own message names the
 * place. The next call looks for a record. */
static int fail_stream(defcon_warc_reader *reader)
{
    snprintf(reader->message, sizeof reader->message, "%s: %s", reader->name,
             reader->stream.message);
    reader->resync = 1;
    return -1;
}

static const char *find_field(const defcon_warc_reader *reader, const char *name)
{
    const char *at = reader->fields.data, *end = at + reader->fields.len;

    if (at)
        at += strlen(at) + 1;   /* the version line comes first */
    while (at && at < end) {
        const char *value = at + strlen(at) + 1;

        if (strcasecmp(at, name) == 0)
            return value;
        at = value + strlen(value) + 1;
    }
    return NULL;
}

const char *defcon_warc_reader_field(const defcon_warc_reader *reader, const char *name)
{
    return find_field(reader, name);
}

/* Drops the spaces, tabs and CR around text[*len]. */
static void trim(const char **text, size_t *len)
{
    while (*len > 0 && (**text == ' ' || **text == '\t')) {
        (*text)++;
        (*len)--;
    }
    while (*len > 0 && ((*text)[*len - 1] == ' ' || (*text)[*len - 1] == '\t'
                        || (*text)[*len - 1] == '\r'))
        (*len)--;
}

/* Appends `len` bytes trimmed of spaces and a NUL. */
static int put_trimmed(defcon_buffer *buf, const char *text, size_t len)
{
    trim(&text, &len);
    if (defcon_buffer_append(buf, text, len) < 0)
        return -1;
    return defcon_buffer_putc(buf, '\0');
}

/* Splits the header block (after the version line) into fields. A line
 * that starts with a space continues the previous value. */
static int split_fields(defcon_warc_reader *reader, const char *text, size_t len)
{
    const char *line = text, *end = text + len;
    int have_field = 0;

    while (line < end) {
        const char *eol = memchr(line, '\n', (size_t)(end - line)), *colon;
        size_t line_len = (size_t)((eol ? eol : end) - line);

        if ((*line == ' ' || *line == '\t') && have_field && line_len > 1) {
            reader->fields.len--;   /* reopen the last value */
            if (defcon_buffer_putc(&reader->fields, ' ') < 0
                || put_trimmed(&reader->fields, line, line_len) < 0)
                return -1;
        } else if ((colon = memchr(line, ':', line_len)) != NULL && colon > line) {
            size_t name_len = (size_t)(colon - line), value_len = line_len - name_len - 1;
            const char *value = colon + 1;

            trim(&value, &value_len);
            /* URIs lose the angle brackets WARC/1.0 allowed around them. */
            if (name_len >= 3 && strncasecmp(colon - 3, "URI", 3) == 0 && value_len >= 2
                && value[0] == '<' && value[value_len - 1] == '>') {
                value++;
                value_len -= 2;
            }
            if (put_trimmed(&reader->fields, line, name_len) < 0
                || put_trimmed(&reader->fields, value, value_len) < 0)
                return -1;
            have_field = 1;
        }
        line += line_len + 1;
    }
    return 0;
}

static defcon_warc_type type_of(const char *name)
{
    int i;

    for (i = 0; name && i < DEFCON_WARC_OTHER; i++)
        if (strcasecmp(name, type_names[i]) == 0)
            return (defcon_warc_type)i;
    return DEFCON_WARC_OTHER;
}

static int parse_length(const char *text, uint64_t *length)
{
    uint64_t value = 0;

    if (!text || !isdigit((unsigned char)*text))
        return -1;
    for (; isdigit((unsigned char)*text); text++) {
        if (value > ((uint64_t)1 << 58))
            return -1;
        value = value * 10 + (uint64_t)(*text - '0');
    }
    if (*text != '\0')
        return -1;
    *length = value;
    return 0;
}

/* Fills the record's header part from the fields. */
static int describe_record(defcon_warc_reader *reader, const char *version)
{
    defcon_warc_record *record = &reader->record;

    record->version = version;
    record->type_name = find_field(reader, "WARC-Type");
    record->type = type_of(record->type_name);
    record->target_uri = find_field(reader, "WARC-Target-URI");
    record->date = find_field(reader, "WARC-Date");
    record->record_id = find_field(reader, "WARC-Record-ID");
    record->refers_to = find_field(reader, "WARC-Refers-To");
    record->refers_to_target_uri = find_field(reader, "WARC-Refers-To-Target-URI");
    record->refers_to_date = find_field(reader, "WARC-Refers-To-Date");
    record->payload_digest = find_field(reader, "WARC-Payload-Digest");
    record->profile = find_field(reader, "WARC-Profile");
    record->content_type = find_field(reader, "Content-Type");
    record->truncated = find_field(reader, "WARC-Truncated");
    return parse_length(find_field(reader, "Content-Length"), &record->content_length);
}

/* Reads the header block at the stream's position (the record's first
 * byte). Returns 1, 0 at the end, -1 on damage (message set). */
static int read_header(defcon_warc_reader *reader, uint64_t start)
{
    defcon_warc_stream *stream = &reader->stream;
    const char *data, *eol;
    size_t have = 0, header_len = 0, version_len;
    int rc;

    for (;;) {
        rc = defcon_warc_stream_need(stream, have + 1);
        if (rc < 0)
            return fail_stream(reader);
        data = (const char *)defcon_warc_stream_data(stream);
        have = defcon_warc_stream_available(stream);
        if (have >= 5 && strncmp(data, "WARC/", 5) != 0) {
            reader->resync = 1;
            defcon_warc_stream_consume(stream, 1);
            return fail_at(reader, start, "garbage between records (no WARC/1.x line)");
        }
        header_len = defcon_http_header_end(data, have < DEFCON_WARC_MAX_HEADER
                                                      ? have : DEFCON_WARC_MAX_HEADER);
        if (header_len > 0)
            break;
        reader->resync = 1;
        if (have >= DEFCON_WARC_MAX_HEADER)
            return fail_at(reader, start, "record header longer than %zu bytes",
                           DEFCON_WARC_MAX_HEADER);
        if (rc == 0) {
            defcon_warc_stream_consume(stream, have);
            return fail_at(reader, start, "truncated record header (the file ends)");
        }
        reader->resync = 0;
    }
    eol = memchr(data, '\n', header_len);
    version_len = (size_t)(eol - data);
    defcon_buffer_clear(&reader->fields);
    if (put_trimmed(&reader->fields, data, version_len) < 0
        || split_fields(reader, eol + 1, header_len - version_len - 1) < 0)
        return fail_at(reader, start, "out of memory");
    defcon_warc_stream_consume(stream, header_len);
    if (describe_record(reader, reader->fields.data) < 0) {
        reader->resync = 1;
        return fail_at(reader, start, "record without a valid Content-Length");
    }
    return 1;
}

/* Skips or reads (into `into`, when not NULL) `n` bytes of the block.
 * Returns 1, 0 when the file ends first, -1 on stream damage. */
static int take_bytes(defcon_warc_reader *reader, uint64_t n, defcon_buffer *into)
{
    defcon_warc_stream *stream = &reader->stream;

    while (n > 0) {
        size_t have;
        int rc = defcon_warc_stream_need(stream, 1);

        if (rc <= 0)
            return rc;
        have = defcon_warc_stream_available(stream);
        if (have > n)
            have = (size_t)n;
        if (into && defcon_buffer_append(into, (const char *)defcon_warc_stream_data(stream),
                                         have) < 0) {
            snprintf(stream->message, sizeof stream->message, "out of memory");
            return -1;
        }
        defcon_warc_stream_consume(stream, have);
        n -= have;
    }
    return 1;
}

static void skip_record(defcon_warc_reader *reader, defcon_warc_skip why, const char *format,
                        ...)
{
    va_list args;

    reader->record.outcome = DEFCON_WARC_SKIPPED;
    reader->record.skip = why;
    defcon_buffer_clear(&reader->detail);
    va_start(args, format);
    defcon_buffer_vprintf(&reader->detail, format, args);
    va_end(args);
}

/* Reads the HTTP header block at the start of a block of `*remaining`
 * bytes into reader->response. Returns 1, 0 when there is none (the
 * record is skipped as BAD_HTTP), -1 on stream damage. */
static int read_http_header(defcon_warc_reader *reader, uint64_t *remaining)
{
    defcon_warc_stream *stream = &reader->stream;
    size_t want = *remaining < DEFCON_WARC_MAX_HEADER ? (size_t)*remaining
                                                      : DEFCON_WARC_MAX_HEADER;
    size_t have, header_len;
    int rc = defcon_warc_stream_need(stream, want);

    if (rc < 0)
        return -1;
    have = defcon_warc_stream_available(stream);
    if (have > want)
        have = want;
    header_len = defcon_http_header_end((const char *)defcon_warc_stream_data(stream), have);
    if (header_len == 0 && have == *remaining && have > 0)
        header_len = have;   /* headers only, without the closing blank line */
    defcon_buffer_clear(&reader->http);
    if (header_len == 0
        || defcon_buffer_append(&reader->http, (const char *)defcon_warc_stream_data(stream),
                                header_len) < 0
        || defcon_http_parse_response(reader->http.data, header_len, &reader->response) < 0) {
        skip_record(reader, DEFCON_WARC_SKIP_BAD_HTTP, "no HTTP response header block");
        return 0;
    }
    defcon_warc_stream_consume(stream, header_len);
    *remaining -= header_len;
    reader->record.http_status = reader->response.status;
    return 1;
}

/* Decodes reader->body into reader->payload: chunks, then gzip or
 * deflate. Skips the record when that fails. */
static void decode_body(defcon_warc_reader *reader)
{
    defcon_buffer swap;
    char error[200];
    int rc;

    if (reader->response.chunked)
        defcon_http_dechunk(&reader->body);
    if (reader->response.encoding == DEFCON_HTTP_GZIP
        && (reader->body.len < 2 || (unsigned char)reader->body.data[0] != 0x1f
            || (unsigned char)reader->body.data[1] != 0x8b))
        reader->response.encoding = DEFCON_HTTP_IDENTITY;   /* stored decoded */
    if (reader->response.encoding == DEFCON_HTTP_IDENTITY) {
        swap = reader->payload;
        reader->payload = reader->body;
        reader->body = swap;
    } else {
        rc = defcon_http_inflate(reader->body.data, reader->body.len, reader->response.encoding,
                                 reader->max_payload, &reader->payload, error, sizeof error);
        if (rc == 1) {
            skip_record(reader, DEFCON_WARC_SKIP_TOO_LARGE, "more than %zu bytes decoded",
                        reader->max_payload);
            return;
        }
        if (rc < 0) {
            skip_record(reader, DEFCON_WARC_SKIP_ENCODING, "damaged %s content: %s",
                        reader->response.encoding_name, error);
            return;
        }
    }
    if (reader->payload.len == 0) {
        skip_record(reader, DEFCON_WARC_SKIP_EMPTY, "no payload");
        return;
    }
    reader->record.outcome = DEFCON_WARC_PAYLOAD;
}

/* Whether the payload of `remaining` bytes is wanted; skips the record
 * with the reason when not. */
static int payload_wanted(defcon_warc_reader *reader, int http, uint64_t remaining)
{
    defcon_http_response *response = &reader->response;
    int status = response->status;

    if (http && (status < 200 || status > 299 || status == 204 || status == 206)) {
        skip_record(reader, DEFCON_WARC_SKIP_HTTP_STATUS, "HTTP status %d", status);
        return 0;
    }
    if (remaining == 0) {
        skip_record(reader, DEFCON_WARC_SKIP_EMPTY, "no payload");
        return 0;
    }
    if (response->media_type[0] == '\0') {
        size_t have;

        if (defcon_warc_stream_need(&reader->stream, 512) < 0)
            return -1;
        have = defcon_warc_stream_available(&reader->stream);
        if (!defcon_http_sniff_markup((const char *)defcon_warc_stream_data(&reader->stream),
                                      have < remaining ? have : (size_t)remaining)) {
            skip_record(reader, DEFCON_WARC_SKIP_CONTENT_TYPE, "no content type, not markup");
            return 0;
        }
    } else if (!defcon_http_media_wanted(response->media_type)) {
        skip_record(reader, DEFCON_WARC_SKIP_CONTENT_TYPE, "content type %s",
                    response->media_type);
        return 0;
    }
    if (response->encoding == DEFCON_HTTP_UNKNOWN_ENCODING) {
        skip_record(reader, DEFCON_WARC_SKIP_ENCODING, "content encoding %s",
                    response->encoding_name);
        return 0;
    }
    if (remaining > reader->max_payload) {
        skip_record(reader, DEFCON_WARC_SKIP_TOO_LARGE, "%llu bytes, more than %zu",
                    (unsigned long long)remaining, reader->max_payload);
        return 0;
    }
    return 1;
}

/* Reads or skips the block of the record just described. Returns 1, 0
 * when the file ends inside it, -1 on stream damage. */
static int read_block(defcon_warc_reader *reader)
{
    defcon_warc_record *record = &reader->record;
    uint64_t remaining = record->content_length;
    const char *type = record->content_type ? record->content_type : "";
    int http = strncasecmp(type, "application/http", 16) == 0, rc;

    memset(&reader->response, 0, sizeof reader->response);
    if (record->type == DEFCON_WARC_RESPONSE || record->type == DEFCON_WARC_REVISIT) {
        if (http && remaining > 0 && (rc = read_http_header(reader, &remaining)) <= 0) {
            if (rc < 0)
                return -1;
            return take_bytes(reader, remaining, NULL);
        }
    }
    if (!http)
        defcon_http_parse_content_type(type, strlen(type), reader->response.media_type,
                                       sizeof reader->response.media_type,
                                       reader->response.charset,
                                       sizeof reader->response.charset);
    if (record->type == DEFCON_WARC_REVISIT) {
        record->outcome = DEFCON_WARC_REVISIT_RECORD;
        return take_bytes(reader, remaining, NULL);
    }
    if (record->type != DEFCON_WARC_RESPONSE && record->type != DEFCON_WARC_RESOURCE) {
        skip_record(reader, DEFCON_WARC_SKIP_RECORD_TYPE, "%s record",
                    defcon_warc_type_name(record->type));
        return take_bytes(reader, remaining, NULL);
    }
    rc = payload_wanted(reader, http, remaining);
    if (rc <= 0)
        return rc < 0 ? -1 : take_bytes(reader, remaining, NULL);
    defcon_buffer_clear(&reader->body);
    defcon_buffer_clear(&reader->payload);
    rc = take_bytes(reader, remaining, &reader->body);
    if (rc > 0)
        decode_body(reader);
    return rc;
}

/* Checks the two line ends after a block. 1 they are there (or the file
 * ends, or a record follows at once), 0 they are not: the length lied;
 * -1 the stream broke before they could be read (a damaged member: the
 * record is not to be trusted). Damage met after a complete record is
 * kept for the next call. */
static int check_record_end(defcon_warc_reader *reader)
{
    defcon_warc_stream *stream = &reader->stream;
    const unsigned char *data;
    size_t have, i = 0;
    int rc = defcon_warc_stream_need(stream, 4);

    data = defcon_warc_stream_data(stream);
    have = defcon_warc_stream_available(stream);
    while (i < have && i < 4 && (data[i] == '\r' || data[i] == '\n'))
        i++;
    if (i == 4) {
        defcon_warc_stream_consume(stream, i);
        if (rc < 0)
            reader->pending = 1;
        return 1;
    }
    if (rc < 0)
        return -1;
    defcon_warc_stream_consume(stream, i);
    if (defcon_warc_stream_need(stream, 5) < 0)
        return -1;
    data = defcon_warc_stream_data(stream);
    have = defcon_warc_stream_available(stream);
    return have == 0 || (have >= 5 && memcmp(data, "WARC/", 5) == 0);
}

/* Looks for the next "WARC/<digits>.<digits>" line. 1 found (the stream
 * is at it), 0 the file ends, -1 stream damage on the way. */
static int find_next_record(defcon_warc_reader *reader)
{
    defcon_warc_stream *stream = &reader->stream;

    for (;;) {
        const unsigned char *data, *at;
        size_t have, i;
        int rc = defcon_warc_stream_need(stream, 16);

        if (rc < 0)
            return -1;
        data = defcon_warc_stream_data(stream);
        have = defcon_warc_stream_available(stream);
        if (have < 8) {
            defcon_warc_stream_consume(stream, have);
            return 0;
        }
        at = memchr(data, 'W', have - 7);
        if (!at) {
            defcon_warc_stream_consume(stream, have - 7);
            continue;
        }
        defcon_warc_stream_consume(stream, (size_t)(at - data));
        if (defcon_warc_stream_need(stream, 16) < 0)
            return -1;
        data = defcon_warc_stream_data(stream);
        have = defcon_warc_stream_available(stream);
        i = 5;
        if (have >= 8 && memcmp(data, "WARC/", 5) == 0 && isdigit(data[5])) {
            while (i < have && isdigit(data[i]))
                i++;
            if (i + 1 < have && data[i] == '.' && isdigit(data[i + 1])) {
                for (i++; i < have && isdigit(data[i]);)
                    i++;
                if (i < have && (data[i] == '\r' || data[i] == '\n'))
                    return 1;
            }
        }
        defcon_warc_stream_consume(stream, 1);
    }
}

/* After a block that did not end where its length said: back to the
 * block's start when the source can seek, then on to the next record. */
static int length_lied(defcon_warc_reader *reader, uint64_t start, uint64_t block,
                       int truncated)
{
    defcon_warc_position at = defcon_warc_stream_position(&reader->stream, block);
    uint64_t length = reader->record.content_length;

    reader->resync = 1;
    reader->pending = 0;
    if (reader->stream.source.seek && defcon_warc_stream_seek(&reader->stream, &at) < 0)
        return fail_stream(reader);
    if (truncated)
        return fail_at(reader, start, "truncated record: Content-Length says %llu bytes but "
                                      "the file ends first; looking for the next record",
                       (unsigned long long)length);
    return fail_at(reader, start, "the record does not end where its Content-Length (%llu) "
                                  "says; looking for the next record",
                   (unsigned long long)length);
}

static void count_record(defcon_warc_reader *reader)
{
    defcon_warc_record *record = &reader->record;

    reader->counts.records++;
    if (record->outcome == DEFCON_WARC_PAYLOAD) {
        reader->counts.payloads++;
        record->payload = reader->payload.data;
        record->payload_len = reader->payload.len;
    } else if (record->outcome == DEFCON_WARC_REVISIT_RECORD) {
        reader->counts.revisits++;
    } else {
        reader->counts.skipped[record->skip]++;
        if (record->skip == DEFCON_WARC_SKIP_RECORD_TYPE)
            reader->counts.skipped_by_type[record->type]++;
        record->skip_detail = defcon_buffer_cstr(&reader->detail);
    }
    record->media_type = reader->response.media_type[0] ? reader->response.media_type : NULL;
    record->charset = reader->response.charset[0] ? reader->response.charset : NULL;
}

/* Reads the record at the stream's position. 1, 0 at the end, -1. */
static int read_record(defcon_warc_reader *reader)
{
    defcon_warc_stream *stream = &reader->stream;
    uint64_t start, block;
    int rc;

    for (;;) {   /* blank lines between records are tolerated */
        rc = defcon_warc_stream_need(stream, 1);
        if (rc < 0)
            return fail_stream(reader);
        if (rc == 0)
            return 0;
        if (*defcon_warc_stream_data(stream) != '\r' && *defcon_warc_stream_data(stream) != '\n')
            break;
        defcon_warc_stream_consume(stream, 1);
    }
    start = stream->offset;
    memset(&reader->record, 0, sizeof reader->record);
    reader->record.position = defcon_warc_stream_position(stream, start);
    reader->record.offset = stream->gzip == 1 ? reader->record.position.raw_offset : start;
    rc = read_header(reader, start);
    if (rc <= 0)
        return rc;
    block = stream->offset;
    /* A block known to run past the end is not read to the end again:
     * many such records would otherwise cost a pass over the file each. */
    if (reader->known_end && reader->record.content_length > reader->known_end - block)
        return length_lied(reader, start, block, 1);
    rc = read_block(reader);
    if (rc < 0)
        return fail_stream(reader);
    if (rc == 0) {
        reader->known_end = stream->offset;
        return length_lied(reader, start, block, 1);
    }
    rc = check_record_end(reader);
    if (rc < 0)
        return fail_stream(reader);
    if (rc == 0)
        return length_lied(reader, start, block, 0);
    count_record(reader);
    return 1;
}

int defcon_warc_reader_next(defcon_warc_reader *reader, defcon_warc_record *record)
{
    int rc;

    memset(record, 0, sizeof *record);
    if (reader->pending) {
        reader->pending = 0;
        reader->resync = 1;
        reader->counts.errors++;
        snprintf(reader->message, sizeof reader->message, "%s: %s", reader->name,
                 reader->stream.message);
        return -1;
    }
    if (reader->resync) {
        rc = find_next_record(reader);
        if (rc < 0) {
            reader->counts.errors++;
            return fail_stream(reader);
        }
        if (rc == 0)
            return 0;
        reader->resync = 0;
    }
    rc = read_record(reader);
    if (rc < 0)
        reader->counts.errors++;
    if (rc == 1)
        *record = reader->record;
    return rc;
}

int defcon_warc_reader_read_at(defcon_warc_reader *reader, const defcon_warc_position *position,
                               defcon_warc_record *record)
{
    int rc;

    memset(record, 0, sizeof *record);
    reader->resync = 0;
    reader->pending = 0;
    if (defcon_warc_stream_seek(&reader->stream, position) < 0) {
        snprintf(reader->message, sizeof reader->message, "%s: cannot reach offset %llu: %s",
                 reader->name, (unsigned long long)position->offset, reader->stream.message);
        return -1;
    }
    rc = read_record(reader);
    if (rc == 1)
        *record = reader->record;
    if (rc == 0)
        return fail_at(reader, position->offset, "no record there (the file ends)");
    return rc;
}

int defcon_warc_sniff(const void *data, size_t len)
{
    unsigned char start[16];
    z_stream z;
    int rc;

    if (len >= 7 && memcmp(data, "WARC/1.", 7) == 0)
        return 1;
    if (len < 3 || memcmp(data, "\x1f\x8b\x08", 3) != 0)
        return 0;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 16) != Z_OK)
        return 0;
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = len > (uInt)-1 ? (uInt)-1 : (uInt)len;
    z.next_out = start;
    z.avail_out = sizeof start;
    rc = inflate(&z, Z_NO_FLUSH);
    inflateEnd(&z);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
        return 0;
    return sizeof start - z.avail_out >= 7 && memcmp(start, "WARC/1.", 7) == 0 ? 2 : 0;
}

const char *defcon_warc_reader_error(const defcon_warc_reader *reader)
{
    return reader->message;
}

const defcon_warc_counts *defcon_warc_reader_counts(const defcon_warc_reader *reader)
{
    return &reader->counts;
}

int defcon_warc_reader_is_gzip(const defcon_warc_reader *reader)
{
    return reader->stream.gzip == 1;
}

void defcon_warc_reader_set_max_payload(defcon_warc_reader *reader, size_t max_payload)
{
    reader->max_payload = max_payload > 0 ? max_payload : 1;
}

int defcon_warc_reader_open_source(const defcon_byte_source *source, const char *name,
                                   defcon_warc_reader **out, char *error, size_t error_size)
{
    defcon_warc_reader *reader = calloc(1, sizeof *reader);

    *out = NULL;
    if (!reader || defcon_warc_stream_init(&reader->stream, source) < 0
        || !(reader->name = strdup(name ? name : "(WARC)"))) {
        if (reader)
            defcon_warc_reader_close(reader);
        else if (source->close)
            source->close(source->context);
        snprintf(error, error_size, "%s: out of memory", name ? name : "(WARC)");
        return -1;
    }
    reader->max_payload = DEFCON_WARC_MAX_PAYLOAD;
    *out = reader;
    return 0;
}

static long file_read(void *context, void *buffer, size_t size, char *error, size_t error_size)
{
    size_t got = fread(buffer, 1, size, context);

    if (got == 0 && ferror(context)) {
        snprintf(error, error_size, "read error: %s", strerror(errno));
        return -1;
    }
    return (long)got;
}

static int file_seek(void *context, uint64_t offset, char *error, size_t error_size)
{
    if (offset > (uint64_t)INT64_MAX || fseeko(context, (off_t)offset, SEEK_SET) != 0) {
        snprintf(error, error_size, "cannot seek to byte %llu: %s",
                 (unsigned long long)offset, strerror(errno));
        return -1;
    }
    return 0;
}

static void file_close(void *context)
{
    fclose(context);
}

int defcon_warc_reader_open_file(const char *path, defcon_warc_reader **out, char *error,
                                 size_t error_size)
{
    defcon_byte_source source = {file_read, file_seek, file_close, NULL};

    *out = NULL;
    source.context = fopen(path, "rb");
    if (!source.context) {
        snprintf(error, error_size, "%s: %s", path, strerror(errno));
        return -1;
    }
    return defcon_warc_reader_open_source(&source, path, out, error, error_size);
}

void defcon_warc_reader_close(defcon_warc_reader *reader)
{
    if (!reader)
        return;
    defcon_warc_stream_free(&reader->stream);
    defcon_buffer_free(&reader->fields);
    defcon_buffer_free(&reader->http);
    defcon_buffer_free(&reader->body);
    defcon_buffer_free(&reader->payload);
    defcon_buffer_free(&reader->detail);
    free(reader->name);
    free(reader);
}

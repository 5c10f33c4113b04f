/*
 * warc_http.c - HTTP header blocks, media types and body decoding for the
 * web archive readers; see warc_http.h.
 *
 * Archived HTTP is taken as the crawler saw it, so the parsing is lenient
 * where servers are sloppy (LF line ends, odd spacing, header case) and
 * strict where a wrong guess would feed garbage to the indexer (a body
 * that claims gzip but is damaged is refused, not passed on).
 */
#include "warc_http.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

size_t defcon_http_header_end(const char *data, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (data[i] != '\n')
            continue;
        if (i + 1 < len && data[i + 1] == '\n')
            return i + 2;
        if (i + 2 < len && data[i + 1] == '\r' && data[i + 2] == '\n')
            return i + 3;
    }
    return 0;
}

/* Copies `len` bytes into out[size] in lower case, trimmed. */
static void copy_lower(const char *text, size_t len, char *out, size_t size)
{
    size_t n = 0;

    while (len > 0 && isspace((unsigned char)*text)) {
        text++;
        len--;
    }
    while (len > 0 && isspace((unsigned char)text[len - 1]))
        len--;
    while (n + 1 < size && n < len) {
        out[n] = (char)tolower((unsigned char)text[n]);
        n++;
    }
    out[n] = '\0';
}

void defcon_http_parse_content_type(const char *value, size_t len, char *media_type,
                                    size_t media_size, char *charset, size_t charset_size)
{
    const char *semicolon = memchr(value, ';', len);
    size_t media_len = semicolon ? (size_t)(semicolon - value) : len;

    copy_lower(value, media_len, media_type, media_size);
    charset[0] = '\0';
    while (semicolon) {
        const char *param = semicolon + 1, *end = value + len, *next, *equals;

        next = memchr(param, ';', (size_t)(end - param));
        if (!next)
            next = end;
        while (param < next && isspace((unsigned char)*param))
            param++;
        equals = memchr(param, '=', (size_t)(next - param));
        if (equals && equals - param == 7 && strncasecmp(param, "charset", 7) == 0) {
            const char *v = equals + 1, *v_end = next;

            while (v < v_end && (isspace((unsigned char)*v) || *v == '"' || *v == '\''))
                v++;
            while (v_end > v && (isspace((unsigned char)v_end[-1]) || v_end[-1] == '"'
                                 || v_end[-1] == '\''))
                v_end--;
            copy_lower(v, (size_t)(v_end - v), charset, charset_size);
        }
        semicolon = next < end ? next : NULL;
    }
}

static defcon_http_encoding encoding_of(const char *name)
{
    if (name[0] == '\0' || strcmp(name, "identity") == 0)
        return DEFCON_HTTP_IDENTITY;
    if (strcmp(name, "gzip") == 0 || strcmp(name, "x-gzip") == 0)
        return DEFCON_HTTP_GZIP;
    if (strcmp(name, "deflate") == 0)
        return DEFCON_HTTP_DEFLATE;
    return DEFCON_HTTP_UNKNOWN_ENCODING;
}

/* Applies one header field (name and value, not NUL-terminated). */
static void apply_field(defcon_http_response *out, const char *name, size_t name_len,
                        const char *value, size_t value_len)
{
    char lowered[64];

    if (name_len == 12 && strncasecmp(name, "content-type", 12) == 0) {
        defcon_http_parse_content_type(value, value_len, out->media_type,
                                       sizeof out->media_type, out->charset,
                                       sizeof out->charset);
    } else if (name_len == 17 && strncasecmp(name, "transfer-encoding", 17) == 0) {
        copy_lower(value, value_len, lowered, sizeof lowered);
        out->chunked = strstr(lowered, "chunked") != NULL;
    } else if (name_len == 16 && strncasecmp(name, "content-encoding", 16) == 0) {
        copy_lower(value, value_len, out->encoding_name, sizeof out->encoding_name);
        out->encoding = encoding_of(out->encoding_name);
    }
}

int defcon_http_parse_response(const char *header, size_t len, defcon_http_response *out)
{
    const char *line = header, *end = header + len, *space;
    int status = 0, digits = 0;

    memset(out, 0, sizeof *out);
    if (len < 12 || strncmp(header, "HTTP/", 5) != 0)
        return -1;
    space = memchr(header, ' ', len);
    if (!space)
        return -1;
    for (space++; space < end && digits < 3 && isdigit((unsigned char)*space); space++, digits++)
        status = status * 10 + (*space - '0');
    if (digits != 3)
        return -1;
    out->status = status;
    while ((line = memchr(line, '\n', (size_t)(end - line))) != NULL) {
        const char *next, *colon, *value_end;

        line++;
        next = memchr(line, '\n', (size_t)(end - line));
        value_end = next ? next : end;
        colon = memchr(line, ':', (size_t)(value_end - line));
        if (colon)
            apply_field(out, line, (size_t)(colon - line), colon + 1,
                        (size_t)(value_end - colon - 1));
    }
    return 0;
}

int defcon_http_media_wanted(const char *media_type)
{
    static const char *const wanted[] = {
        "text/html", "application/xhtml+xml", "application/rss+xml", "application/atom+xml",
        "application/rdf+xml", "application/xml", "text/xml",
    };
    size_t i;

    for (i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
        if (strcmp(media_type, wanted[i]) == 0)
            return 1;
    return 0;
}

int defcon_http_sniff_markup(const char *data, size_t len)
{
    static const char *const openings[] = {"<!doctype html", "<html", "<?xml", "<rss", "<feed",
                                           "<head", "<!--"};
    size_t i = 0, k;

    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && isspace((unsigned char)data[i]))
        i++;
    for (k = 0; k < sizeof openings / sizeof openings[0]; k++) {
        size_t n = strlen(openings[k]);

        if (len - i >= n && strncasecmp(data + i, openings[k], n) == 0)
            return 1;
    }
    return 0;
}

/* Reads a chunk-size line at data[*at]: hex digits, then extensions, then
 * a line end. Returns 0 and the size, or -1. */
static int chunk_size(const char *data, size_t len, size_t *at, size_t *size)
{
    size_t i = *at, value = 0;
    int digits = 0;

    while (i < len && isxdigit((unsigned char)data[i])) {
        int c = tolower((unsigned char)data[i]);

        if (value > ((size_t)-1 >> 5))
            return -1;
        value = value * 16 + (size_t)(isdigit(c) ? c - '0' : c - 'a' + 10);
        i++;
        digits++;
    }
    if (digits == 0)
        return -1;
    while (i < len && data[i] != '\n')
        i++;
    if (i == len)
        return -1;
    *at = i + 1;
    *size = value;
    return 0;
}

int defcon_http_dechunk(defcon_buffer *body)
{
    size_t in = 0, out = 0, size;
    char *data = body->data;

    if (!data || chunk_size(data, body->len, &in, &size) < 0)
        return -1;
    for (;;) {
        if (size == 0)
            break;
        if (size > body->len - in)
            size = body->len - in;   /* cut short: keep what is there */
        memmove(data + out, data + in, size);
        out += size;
        in += size;
        if (in < body->len && data[in] == '\r')
            in++;
        if (in < body->len && data[in] == '\n')
            in++;
        if (in >= body->len || chunk_size(data, body->len, &in, &size) < 0)
            break;
    }
    body->len = out;
    data[out] = '\0';
    return 0;
}

/* One inflate pass with the given window bits. */
static int inflate_with(const char *data, size_t len, int window_bits, size_t max_bytes,
                        defcon_buffer *out, char *error, size_t error_size)
{
    z_stream z;
    int rc = Z_OK;

    memset(&z, 0, sizeof z);
    defcon_buffer_clear(out);
    if (inflateInit2(&z, window_bits) != Z_OK) {
        snprintf(error, error_size, "out of memory");
        return -1;
    }
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    while (rc == Z_OK) {
        size_t room = max_bytes + 1 - out->len;

        if (room > 65536)
            room = 65536;
        if (defcon_buffer_reserve(out, room) < 0) {
            inflateEnd(&z);
            snprintf(error, error_size, "out of memory");
            return -1;
        }
        z.next_out = (Bytef *)out->data + out->len;
        z.avail_out = (uInt)room;
        rc = inflate(&z, Z_NO_FLUSH);
        out->len += room - z.avail_out;
        out->data[out->len] = '\0';
        if (out->len > max_bytes) {
            inflateEnd(&z);
            out->len = max_bytes;
            out->data[out->len] = '\0';
            return 1;
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0)
            rc = out->len > 0 ? Z_STREAM_END : Z_DATA_ERROR;   /* cut short */
    }
    if (rc != Z_STREAM_END)
        snprintf(error, error_size, "%s", z.msg ? z.msg : "damaged compressed data");
    inflateEnd(&z);
    return rc == Z_STREAM_END ? 0 : -1;
}

int defcon_http_inflate(const char *data, size_t len, defcon_http_encoding encoding,
                        size_t max_bytes, defcon_buffer *out, char *error, size_t error_size)
{
    int rc;

    if (len > (uInt)-1) {
        snprintf(error, error_size, "compressed body too large");
        return -1;
    }
    if (encoding == DEFCON_HTTP_GZIP)
        return inflate_with(data, len, 15 + 16, max_bytes, out, error, error_size);
    /* "deflate" is meant to be zlib-wrapped, but many servers send raw
     * deflate data: try one, then the other. */
    rc = inflate_with(data, len, 15, max_bytes, out, error, error_size);
    if (rc == -1)
        rc = inflate_with(data, len, -15, max_bytes, out, error, error_size);
    return rc;
}

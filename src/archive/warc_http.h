/*
 * warc_http.h - the HTTP side of web archive records: the response header
 * block a `response` record starts with, media types and charsets, and
 * the decoding of the body (chunked transfer encoding, gzip and deflate
 * content encodings). Used by warc.c; internal to the archive readers.
 */
#ifndef DEFCON_WARC_HTTP_H
#define DEFCON_WARC_HTTP_H

#include <stddef.h>

#include "buffer.h"

typedef enum defcon_http_encoding {
    DEFCON_HTTP_IDENTITY,
    DEFCON_HTTP_GZIP,
    DEFCON_HTTP_DEFLATE,
    DEFCON_HTTP_UNKNOWN_ENCODING
} defcon_http_encoding;

typedef struct defcon_http_response {
    int status;                    /* 200, 404... */
    char media_type[128];          /* lower case, "" when not given */
    char charset[64];              /* lower case, "" when not given */
    int chunked;                   /* Transfer-Encoding: chunked */
    defcon_http_encoding encoding; /* Content-Encoding */
    char encoding_name[32];        /* as given, for messages */
} defcon_http_response;

/* Finds the end of an HTTP header block in `data` (the blank line after
 * it): returns the length of the block with that blank line, or 0 when
 * `len` bytes hold no end. */
size_t defcon_http_header_end(const char *data, size_t len);

/* Parses a response header block ("HTTP/1.1 200 OK" and fields). Returns
 * 0, or -1 when it is not an HTTP response. */
int defcon_http_parse_response(const char *header, size_t len, defcon_http_response *out);

/* Splits a Content-Type value into media type and charset (both lower
 * case, "" when absent), truncated to the buffers' sizes. */
void defcon_http_parse_content_type(const char *value, size_t len, char *media_type,
                                    size_t media_size, char *charset, size_t charset_size);

/* Whether a media type is one the reader delivers: HTML, XHTML, XML feeds. */
int defcon_http_media_wanted(const char *media_type);

/* Whether the first bytes of a payload look like HTML or XML, for
 * payloads that declare no media type. */
int defcon_http_sniff_markup(const char *data, size_t len);

/* Decodes a chunked body in place. Returns 0, or -1 when the body is not
 * chunked (left untouched: some crawlers store the body decoded while
 * keeping the header). A body cut inside a chunk keeps what was read. */
int defcon_http_dechunk(defcon_buffer *body);

/* Decodes `len` bytes of gzip or deflate (zlib or raw) into `out`
 * (emptied first). Returns 0, 1 when the result would pass `max_bytes`
 * (out then holds no more than that), or -1 when the data is damaged
 * (reason in error[error_size]) or memory runs out. */
int defcon_http_inflate(const char *data, size_t len, defcon_http_encoding encoding,
                        size_t max_bytes, defcon_buffer *out, char *error, size_t error_size);

#endif

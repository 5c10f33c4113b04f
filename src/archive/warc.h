/*
 * warc.h - a streaming reader of web archives: WARC 1.0 and 1.1 files,
 * plain (.warc) or gzip-compressed (.warc.gz: one gzip member a record, as
 * the standard's annex recommends, or the whole file as one member).
 *
 * The reader walks the records in order and holds only one record's
 * header and at most one payload in memory (a payload is never larger
 * than the reader's maximum, DEFCON_WARC_MAX_PAYLOAD unless set), so
 * memory stays bounded whatever the file's size. It reads through a byte
 * source (a read callback), so the same code serves a file on disk and a
 * member of a ZIP (wacz.h).
 *
 * Every record is returned with its header fields and an outcome:
 *   - DEFCON_WARC_PAYLOAD: a `response` (its HTTP header block parsed:
 *     status, Content-Type, charset; chunked transfer encoding and gzip or
 *     deflate content encoding decoded) or `resource` record whose content
 *     is HTML or XML (a feed): the payload bytes are delivered;
 *   - DEFCON_WARC_REVISIT: a `revisit` record, with what it refers to
 *     (see "Revisits" below);
 *   - DEFCON_WARC_SKIPPED: everything else, with a reason, counted in
 *     defcon_warc_reader_counts().
 *
 * Damage (a corrupt or truncated gzip member, a Content-Length that lies,
 * garbage between records) makes defcon_warc_reader_next() return -1 with
 * a message naming the file and the offset; the reader has then moved on
 * to the next record it can find, and the following call goes on from
 * there, so the rest of the file is still read.
 *
 * A loop over a file:
 *
 *     defcon_warc_reader *reader;
 *     defcon_warc_record record;
 *     char error[512];
 *     int rc;
 *
 *     if (defcon_warc_reader_open_file(path, &reader, error, sizeof error) < 0)
 *         return report(error);
 *     while ((rc = defcon_warc_reader_next(reader, &record)) != 0) {
 *         if (rc < 0)
 *             report(defcon_warc_reader_error(reader));   // and go on
 *         else if (record.outcome == DEFCON_WARC_PAYLOAD)
 *             index_page(record.target_uri, record.date, record.record_id,
 *                        record.charset, record.payload, record.payload_len);
 *     }
 *     summary(defcon_warc_reader_counts(reader));
 *     defcon_warc_reader_close(reader);
 *
 * Revisits: a revisit record has no payload of its own; it says the
 * capture at `refers_to_target_uri` and `refers_to_date` (record
 * `refers_to`) had the same payload (`payload_digest`). To resolve it,
 * the caller keeps, for the records delivered so far, a map from payload
 * digest (and from target URI) to the record's `position`, which is a few
 * integers. When a revisit's digest or target is in the map, the payload
 * is the one already delivered; if the caller needs the bytes again (it
 * kept only the position), defcon_warc_reader_read_at() reads that record
 * again (on a second reader over the same file, or on the same reader
 * after the pass: it moves the reader). Records resolved this way keep
 * the revisit's own date as their capture date.
 */
#ifndef DEFCON_WARC_H
#define DEFCON_WARC_H

#include <stddef.h>
#include <stdint.h>

/* The largest payload delivered by default (16 MiB), after decoding;
 * larger payloads are skipped with DEFCON_WARC_SKIP_TOO_LARGE. */
#define DEFCON_WARC_MAX_PAYLOAD ((size_t)16 << 20)

/* The largest record header and HTTP header block accepted (64 KiB). */
#define DEFCON_WARC_MAX_HEADER ((size_t)64 << 10)

/* Where bytes come from. `read` reads up to `size` bytes into `buffer`
 * and returns how many, 0 at the end, or -1 on failure with the reason in
 * error[error_size]. `seek` moves to byte `offset` from the start and
 * returns 0, or -1 with a reason; it is NULL for a source that cannot
 * seek (then defcon_warc_reader_read_at fails, and recovery from a lying
 * Content-Length only looks forward). `close`, when not NULL, releases
 * `context` when the reader is closed. */
typedef struct defcon_byte_source {
    long (*read)(void *context, void *buffer, size_t size, char *error, size_t error_size);
    int (*seek)(void *context, uint64_t offset, char *error, size_t error_size);
    void (*close)(void *context);
    void *context;
} defcon_byte_source;

/* Where a record is, enough to read it again. For a plain file the three
 * numbers are the record's offset. For a gzip file, `raw_offset` is where
 * the gzip member holding the record starts in the file, `member_start`
 * the offset in the uncompressed stream where that member's data starts,
 * and `offset` the record's own offset in the uncompressed stream (equal
 * to member_start when each record is its own member). */
typedef struct defcon_warc_position {
    uint64_t raw_offset;
    uint64_t member_start;
    uint64_t offset;
} defcon_warc_position;

typedef enum defcon_warc_type {
    DEFCON_WARC_WARCINFO,
    DEFCON_WARC_RESPONSE,
    DEFCON_WARC_RESOURCE,
    DEFCON_WARC_REQUEST,
    DEFCON_WARC_METADATA,
    DEFCON_WARC_REVISIT,
    DEFCON_WARC_CONVERSION,
    DEFCON_WARC_CONTINUATION,
    DEFCON_WARC_OTHER,          /* absent or unknown WARC-Type */
    DEFCON_WARC_TYPE_COUNT
} defcon_warc_type;

typedef enum defcon_warc_outcome {
    DEFCON_WARC_PAYLOAD,
    DEFCON_WARC_REVISIT_RECORD,
    DEFCON_WARC_SKIPPED
} defcon_warc_outcome;

/* Why a record was skipped. */
typedef enum defcon_warc_skip {
    DEFCON_WARC_SKIP_NONE,
    DEFCON_WARC_SKIP_RECORD_TYPE,   /* warcinfo, request, metadata... */
    DEFCON_WARC_SKIP_CONTENT_TYPE,  /* not HTML nor XML (images, scripts...) */
    DEFCON_WARC_SKIP_HTTP_STATUS,   /* not a 2xx answer with content (redirects, 404s) */
    DEFCON_WARC_SKIP_TOO_LARGE,     /* payload above the reader's maximum */
    DEFCON_WARC_SKIP_EMPTY,         /* no payload bytes */
    DEFCON_WARC_SKIP_BAD_HTTP,      /* the HTTP header block cannot be parsed */
    DEFCON_WARC_SKIP_ENCODING,      /* unknown or damaged content encoding */
    DEFCON_WARC_SKIP_REASON_COUNT
} defcon_warc_skip;

/* One record. Every pointer is borrowed from the reader and valid until
 * the next call on it; strings are NUL-terminated, NULL when the field is
 * absent. URIs lose the angle brackets WARC/1.0 allowed around them;
 * record ids keep theirs ("<urn:uuid:...>"). */
typedef struct defcon_warc_record {
    const char *version;             /* "WARC/1.0", "WARC/1.1" */
    defcon_warc_type type;
    const char *type_name;           /* WARC-Type as written */
    const char *target_uri;          /* WARC-Target-URI */
    const char *date;                /* WARC-Date, as written (the capture date) */
    const char *record_id;           /* WARC-Record-ID */
    const char *refers_to;           /* WARC-Refers-To */
    const char *refers_to_target_uri;/* WARC-Refers-To-Target-URI */
    const char *refers_to_date;      /* WARC-Refers-To-Date */
    const char *payload_digest;      /* WARC-Payload-Digest */
    const char *profile;             /* WARC-Profile (revisits) */
    const char *content_type;        /* the record's own Content-Type */
    const char *truncated;           /* WARC-Truncated ("length", "time"...):
                                      * the crawler cut the payload short */
    uint64_t content_length;         /* the record's Content-Length */
    uint64_t offset;                 /* where the record starts: in the file
                                      * for plain files, at its gzip member
                                      * for compressed ones (as CDX indexes
                                      * count); see position for the rest */
    defcon_warc_position position;

    /* From the HTTP header block (response and revisit records). */
    int http_status;                 /* 0 when there is none */
    const char *media_type;          /* of the payload, lower case, without
                                      * parameters ("text/html"); NULL if none */
    const char *charset;             /* declared charset, lower case, or NULL */

    defcon_warc_outcome outcome;
    defcon_warc_skip skip;           /* DEFCON_WARC_SKIP_NONE unless skipped */
    const char *skip_detail;         /* e.g. "content type image/png"; NULL
                                      * unless skipped */
    const char *payload;             /* decoded payload bytes (NUL-terminated
                                      * after payload_len), NULL unless
                                      * outcome is DEFCON_WARC_PAYLOAD */
    size_t payload_len;
} defcon_warc_record;

/* What a reader has seen so far. */
typedef struct defcon_warc_counts {
    uint64_t records;                              /* records read */
    uint64_t payloads;                             /* delivered */
    uint64_t revisits;
    uint64_t skipped[DEFCON_WARC_SKIP_REASON_COUNT];
    uint64_t skipped_by_type[DEFCON_WARC_TYPE_COUNT]; /* the RECORD_TYPE skips */
    uint64_t errors;                               /* -1 returns */
} defcon_warc_counts;

typedef struct defcon_warc_reader defcon_warc_reader;

/* Whether `len` bytes that start a file start a WARC: 1 plain ("WARC/1."
 * first), 2 gzip whose first member inflates to that, 0 neither. A few
 * hundred bytes are enough. */
int defcon_warc_sniff(const void *data, size_t len);

/* Opens a reader on `path` (plain or gzip, told by its first bytes, not
 * its name). Returns 0 and *out, or -1 with *out NULL and the reason
 * (naming the file) in error[error_size]. */
int defcon_warc_reader_open_file(const char *path, defcon_warc_reader **out, char *error,
                                 size_t error_size);

/* Opens a reader on a byte source; `name` (copied) names it in messages.
 * The reader owns the source from now on (its close runs at
 * defcon_warc_reader_close, also when this fails). */
int defcon_warc_reader_open_source(const defcon_byte_source *source, const char *name,
                                   defcon_warc_reader **out, char *error, size_t error_size);

/* Sets the largest payload delivered (bytes after decoding, at least 1). */
void defcon_warc_reader_set_max_payload(defcon_warc_reader *reader, size_t max_payload);

/* Reads the next record into *record. Returns 1 with a record, 0 at the
 * end of the file, or -1 on damage, with defcon_warc_reader_error()
 * saying what and where ("FILE: offset N: ..."); after -1 the reader has
 * skipped to the next record it could find and the next call goes on. */
int defcon_warc_reader_next(defcon_warc_reader *reader, defcon_warc_record *record);

/* Moves the reader to `position` (from an earlier record of this file)
 * and reads that record, as defcon_warc_reader_next does; later calls to
 * next go on after it. Returns 1, or -1 with the error set (the source
 * cannot seek, or the record cannot be read). Reaching a record inside a
 * gzip member that holds several means decompressing that member from its
 * start up to the record. */
int defcon_warc_reader_read_at(defcon_warc_reader *reader, const defcon_warc_position *position,
                               defcon_warc_record *record);

/* The value of any header field of the current record (name compared
 * without case), or NULL. Borrowed like the record. */
const char *defcon_warc_reader_field(const defcon_warc_reader *reader, const char *name);

/* The message of the last -1; "" before any. Borrowed. */
const char *defcon_warc_reader_error(const defcon_warc_reader *reader);

/* The counts so far. Borrowed, updated by every call. */
const defcon_warc_counts *defcon_warc_reader_counts(const defcon_warc_reader *reader);

/* Whether the file is gzip-compressed (known after the first next). */
int defcon_warc_reader_is_gzip(const defcon_warc_reader *reader);

/* Frees the reader and closes its source. Accepts NULL. */
void defcon_warc_reader_close(defcon_warc_reader *reader);

/* Short English names for messages and summaries: "response", "content
 * type"... Static strings. */
const char *defcon_warc_type_name(defcon_warc_type type);
const char *defcon_warc_skip_name(defcon_warc_skip skip);

#endif

/*
 * web_archive.c - the pages of WARC and WACZ files as articles; see
 * archive_file.h.
 *
 * One streaming reader walks the records (warc.h). Each delivered HTML
 * payload becomes a page (archive_file.c); its payload digest and target
 * URI are remembered with its position, so that a later revisit record
 * that names either can be resolved: the capture it repeats is read
 * again through a second reader, and sent with the revisit's own date as
 * a new capture of the same page. Everything else is counted as a skip
 * by its reason.
 */
#include "archive_file.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wacz.h"
#include "warc.h"

/* Where a capture is: entry `entry` of a WACZ (0 for a WARC file). */
typedef struct seen_capture {
    char *key;                 /* "d:" digest or "u:" target URI; NULL: free */
    size_t entry;
    defcon_warc_position position;
} seen_capture;

typedef struct archive_reading {
    const char *full_path;
    const char *relative_path;
    const defcon_archive_sink *sink;
    defcon_wacz *wacz;         /* NULL for a WARC file */
    size_t entry;
    defcon_warc_reader *again;  /* the second reader, for revisits */
    size_t again_entry;
    seen_capture *seen;
    size_t seen_count, seen_capacity;   /* capacity a power of two */
    char *error;
    size_t error_size;
} archive_reading;

static uint64_t hash_text(const char *text)
{
    uint64_t h = 1469598103934665603ULL;

    while (*text)
        h = (h ^ (unsigned char)*text++) * 1099511628211ULL;
    return h;
}

static seen_capture *find_slot(seen_capture *table, size_t capacity, const char *key)
{
    size_t i = (size_t)hash_text(key) & (capacity - 1);

    while (table[i].key && strcmp(table[i].key, key) != 0)
        i = (i + 1) & (capacity - 1);
    return &table[i];
}

static int grow_seen(archive_reading *reading)
{
    size_t capacity = reading->seen_capacity ? reading->seen_capacity * 2 : 256, i;
    seen_capture *table = calloc(capacity, sizeof *table);

    if (!table)
        return -1;
    for (i = 0; i < reading->seen_capacity; i++)
        if (reading->seen[i].key)
            *find_slot(table, capacity, reading->seen[i].key) = reading->seen[i];
    free(reading->seen);
    reading->seen = table;
    reading->seen_capacity = capacity;
    return 0;
}

/* "d:digest" or "u:uri" into a malloc'd string, or NULL. */
static char *make_key(char prefix, const char *value)
{
    size_t len = strlen(value);
    char *key = malloc(len + 3);

    if (key) {
        key[0] = prefix;
        key[1] = ':';
        memcpy(key + 2, value, len + 1);
    }
    return key;
}

/* Remembers where the capture with `value` (digest or URI) is. */
static int remember(archive_reading *reading, char prefix, const char *value,
                    const defcon_warc_position *position)
{
    seen_capture *slot;
    char *key;

    if (!value || !*value)
        return 0;
    if ((reading->seen_count + 1) * 4 > reading->seen_capacity * 3 && grow_seen(reading) != 0)
        return -1;
    key = make_key(prefix, value);
    if (!key)
        return -1;
    slot = find_slot(reading->seen, reading->seen_capacity, key);
    if (slot->key) {
        free(key);
    } else {
        slot->key = key;
        reading->seen_count++;
    }
    slot->entry = reading->entry;
    slot->position = *position;
    return 0;
}

static const seen_capture *recall(const archive_reading *reading, char prefix,
                                  const char *value)
{
    const seen_capture *slot;
    char *key;

    if (!value || !*value || reading->seen_capacity == 0)
        return NULL;
    key = make_key(prefix, value);
    if (!key)
        return NULL;
    slot = find_slot(reading->seen, reading->seen_capacity, key);
    free(key);
    return slot->key ? slot : NULL;
}

static void forget_all(archive_reading *reading)
{
    size_t i;

    for (i = 0; i < reading->seen_capacity; i++)
        free(reading->seen[i].key);
    free(reading->seen);
    reading->seen = NULL;
    reading->seen_count = reading->seen_capacity = 0;
}
static long long member_of(const archive_reading *reading, const defcon_warc_record *record)
{
    return (long long)(((uint64_t)reading->entry << 40)
                       | (record->position.offset & ((UINT64_C(1) << 40) - 1)));
}

static int is_html(const defcon_warc_record *record)
{
    return !record->media_type || strcmp(record->media_type, "text/html") == 0
           || strcmp(record->media_type, "application/xhtml+xml") == 0;
}

/* Sends the payload of `content` as captured by `capture` (the same
 * record, or a revisit of it). */
static int send_capture(archive_reading *reading, const defcon_warc_record *content,
                        const defcon_warc_record *capture, long long mtime_seconds)
{
    defcon_archive_page page;
    int rc;

    memset(&page, 0, sizeof page);
    page.bytes = content->payload;
    page.len = content->payload_len;
    page.charset = content->charset;
    page.capture_url = capture->target_uri;
    page.capture_date = capture->date;
    page.record_id = capture->record_id;
    page.has_member = 1;
    page.member = member_of(reading, capture);
    page.captured = defcon_archive_capture_seconds(capture->date);
    if (page.captured < 0)
        page.captured = mtime_seconds;
    rc = defcon_archive_send_page(&page, reading->sink, reading->error, reading->error_size);
    if (rc > 0) {
        /* One page that cannot be read: said, and the archive goes on. */
        char message[1024];
        snprintf(message, sizeof message, "%s: %s",
                 capture->target_uri ? capture->target_uri : "a record", reading->error);
        reading->sink->warning(reading->sink->context, message);
        rc = 0;
    }
    return rc;
}

static int open_again(archive_reading *reading, size_t entry)
{
    if (reading->again && reading->again_entry == entry)
        return 0;
    defcon_warc_reader_close(reading->again);
    reading->again = NULL;
    reading->again_entry = entry;
    if (reading->wacz)
        return defcon_wacz_open_warc(reading->wacz, entry, &reading->again, reading->error,
                                     reading->error_size);
    return defcon_warc_reader_open_file(reading->full_path, &reading->again, reading->error,
                                        reading->error_size);
}

/* A revisit: the capture it repeats, read again, sent with the revisit's
 * own date; a revisit of a capture the archive lacks is counted. */
static int resolve_revisit(archive_reading *reading, const defcon_warc_record *revisit,
                           long long mtime_seconds)
{
    const seen_capture *seen = recall(reading, 'd', revisit->payload_digest);
    defcon_warc_record original;

    if (!seen)
        seen = recall(reading, 'u', revisit->refers_to_target_uri);
    if (!seen)
        seen = recall(reading, 'u', revisit->target_uri);
    if (!seen) {
        reading->sink->skip(reading->sink->context, "revisits of captures not in the archive",
                            NULL, 1);
        return 0;
    }
    if (open_again(reading, seen->entry) != 0
        || defcon_warc_reader_read_at(reading->again, &seen->position, &original) != 1) {
        reading->sink->warning(reading->sink->context,
                               reading->again ? defcon_warc_reader_error(reading->again)
                                              : reading->error);
        return 0;
    }
    if (original.outcome != DEFCON_WARC_PAYLOAD)
        return 0;
    return send_capture(reading, &original, revisit, mtime_seconds);
}

static void skip_record(archive_reading *reading, const defcon_warc_record *record)
{
    char kind[64];

    if (record->skip == DEFCON_WARC_SKIP_RECORD_TYPE)
        snprintf(kind, sizeof kind, "WARC %s records", defcon_warc_type_name(record->type));
    else if (record->outcome == DEFCON_WARC_PAYLOAD)
        snprintf(kind, sizeof kind, "WARC records of XML (not pages)");
    else
        snprintf(kind, sizeof kind, "WARC records (%s)", defcon_warc_skip_name(record->skip));
    reading->sink->skip(reading->sink->context, kind, NULL, 1);
}

/* Every record of one reader. Returns 0, or -1 when memory runs out. */
static int read_records(archive_reading *reading, defcon_warc_reader *reader,
                        long long mtime_seconds)
{
    defcon_warc_record record;
    int rc, sent = 0;

    while ((rc = defcon_warc_reader_next(reader, &record)) != 0) {
        if (rc < 0) {
            reading->sink->warning(reading->sink->context, defcon_warc_reader_error(reader));
            continue;
        }
        if (record.outcome == DEFCON_WARC_PAYLOAD && is_html(&record)) {
            if (remember(reading, 'd', record.payload_digest, &record.position) != 0
                || remember(reading, 'u', record.target_uri, &record.position) != 0) {
                snprintf(reading->error, reading->error_size, "out of memory");
                return -1;
            }
            sent = send_capture(reading, &record, &record, mtime_seconds);
        } else if (record.outcome == DEFCON_WARC_REVISIT_RECORD) {
            sent = resolve_revisit(reading, &record, mtime_seconds);
        } else {
            skip_record(reading, &record);
        }
        if (sent != 0)
            return -1;
    }
    return 0;
}

static int read_wacz(archive_reading *reading, long long mtime_seconds)
{
    size_t i;
    int rc = 0;

    if (defcon_wacz_open(reading->full_path, NULL, &reading->wacz, reading->error,
                         reading->error_size) != 0)
        return -1;
    for (i = 0; rc == 0 && i < defcon_wacz_warc_count(reading->wacz); i++) {
        defcon_warc_reader *reader = NULL;
        reading->entry = i;
        if (defcon_wacz_open_warc(reading->wacz, i, &reader, reading->error,
                                  reading->error_size) != 0) {
            reading->sink->warning(reading->sink->context, reading->error);
            continue;
        }
        rc = read_records(reading, reader, mtime_seconds);
        defcon_warc_reader_close(reader);
    }
    return rc;
}

int defcon_archive_parse_path(const char *full_path, const char *relative_path,
                              long long mtime_seconds, const defcon_archive_sink *sink,
                              char *error, size_t error_size)
{
    archive_reading reading;
    defcon_warc_reader *reader = NULL;
    int rc;

    memset(&reading, 0, sizeof reading);
    reading.full_path = full_path;
    reading.relative_path = relative_path;
    reading.sink = sink;
    reading.error = error;
    reading.error_size = error_size;
    if (defcon_article_kind_of(relative_path) == DEFCON_ARTICLE_WACZ) {
        rc = read_wacz(&reading, mtime_seconds);
    } else {
        rc = defcon_warc_reader_open_file(full_path, &reader, error, error_size);
        if (rc == 0)
            rc = read_records(&reading, reader, mtime_seconds);
        defcon_warc_reader_close(reader);
    }
    defcon_warc_reader_close(reading.again);
    defcon_wacz_close(reading.wacz);
    forget_all(&reading);
    return rc;
}

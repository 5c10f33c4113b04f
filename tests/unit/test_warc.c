/*
 * test_warc.c - unit tests of the WARC reader (src/archive/warc.c): a
 * fixture archive of every record kind read plain, one gzip member a
 * record and as one gzip member; revisits resolved by position; damage
 * (lying Content-Length both ways, truncated and corrupt gzip members,
 * garbage between records, a missing length) reported with the offset
 * and recovered from; limits; the two real files of ../shared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "warc_fixture.h"

#define RECORDS 11

static const char page[] =
    "<!DOCTYPE html><html><head><title>Zarif visit</title></head>"
    "<body><p>Caf\xE9 talks in Pyongyang.</p></body></html>\n";

/* The fixture's records, each in its own buffer. */
static defcon_buffer records[RECORDS];

/* An HTTP response block: status line, headers, then the body. */
static void http_block(defcon_buffer *block, const char *status, const char *headers,
                       const char *body, size_t body_len)
{
    defcon_buffer_clear(block);
    defcon_buffer_printf(block, "HTTP/1.1 %s\r\n%s\r\n", status, headers);
    defcon_buffer_append(block, body, body_len);
}

/* The page gzip-compressed, then cut into two HTTP chunks. */
static void chunked_gzip_page(defcon_buffer *body)
{
    defcon_buffer packed = DEFCON_BUFFER_INIT;
    size_t half;

    fixture_gzip(&packed, page, strlen(page));
    half = packed.len / 2;
    defcon_buffer_printf(body, "%zx;ext=1\r\n", half);
    defcon_buffer_append(body, packed.data, half);
    defcon_buffer_printf(body, "\r\n%zX\r\n", packed.len - half);
    defcon_buffer_append(body, packed.data + half, packed.len - half);
    defcon_buffer_puts(body, "\r\n0\r\n\r\n");
    defcon_buffer_free(&packed);
}

static void build_records(void)
{
    defcon_buffer block = DEFCON_BUFFER_INIT, body = DEFCON_BUFFER_INIT;
    const char *http = "Content-Type: application/http; msgtype=response\r\n";
    const char *digest = "WARC-Payload-Digest: sha1:AAAAPAGE\r\n";
    char extra[512];
    int i;

    for (i = 0; i < RECORDS; i++)
        defcon_buffer_clear(&records[i]);
    fixture_record(&records[0], "warcinfo", NULL, "Content-Type: application/warc-fields\r\n",
                   "software: test\r\n", 16, 0);
    chunked_gzip_page(&body);
    http_block(&block, "200 OK",
               "Content-Type: text/html; Charset=\"ISO-8859-1\"\r\nTransfer-Encoding: chunked\r\n"
               "content-encoding: gzip\r\n", body.data, body.len);
    snprintf(extra, sizeof extra, "%s%s", http, digest);
    fixture_record(&records[1], "response", "https://example.org/2019/04/29/zarif/", extra,
                   block.data, block.len, 0);
    fixture_record(&records[2], "request", "https://example.org/2019/04/29/zarif/",
                   "Content-Type: application/http; msgtype=request\r\n",
                   "GET / HTTP/1.1\r\n\r\n", 18, 0);
    http_block(&block, "200 OK", "Content-Type: image/png\r\n", "\x89PNG....", 8);
    fixture_record(&records[3], "response", "https://example.org/logo.png", http, block.data,
                   block.len, 0);
    http_block(&block, "404 Not Found", "Content-Type: text/html\r\n", "<html>gone</html>", 17);
    fixture_record(&records[4], "response", "https://example.org/gone/", http, block.data,
                   block.len, 0);
    fixture_record(&records[5], "resource", "<https://example.org/resource/>",
                   "Content-Type: text/html;\r\n charset=utf-8\r\nWARC-Truncated: length\r\n",
                   "<html>resource page</html>", 26, 0);
    http_block(&block, "200 OK", "Content-Type: text/html\r\n", "", 0);
    snprintf(extra, sizeof extra,
             "%s%sWARC-Refers-To: <urn:uuid:00000000-0000-0000-0000-000000000002>\r\n"
             "WARC-Refers-To-Target-URI: https://example.org/2019/04/29/zarif/\r\n"
             "WARC-Refers-To-Date: 2019-04-29T10:11:12Z\r\n"
             "WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest\r\n",
             http, digest);
    fixture_record(&records[6], "revisit", "https://example.org/2019/04/29/zarif/", extra,
                   block.data, block.len, 0);
    fixture_record(&records[7], "metadata", "https://example.org/", "Content-Type: text/plain\r\n",
                   "outlinks", 8, 0);
    http_block(&block, "200 OK", "Content-Type: text/html\r\nContent-Encoding: br\r\n", "xx", 2);
    fixture_record(&records[8], "response", "https://example.org/br/", http, block.data,
                   block.len, 0);
    http_block(&block, "200 OK", "Server: x\r\n", "<!DOCTYPE html><p>sniffed</p>", 29);
    fixture_record(&records[9], "response", "https://example.org/sniffed/", http, block.data,
                   block.len, 0);
    http_block(&block, "200 OK", "Content-Type: application/rss+xml\r\n", "<rss></rss>", 11);
    fixture_record(&records[10], "response", "https://example.org/feed/", http, block.data,
                   block.len, 0);
    defcon_buffer_free(&block);
    defcon_buffer_free(&body);
}

/* The archive: records joined plain, one gzip member each, or the plain
 * file as one member. */
enum { PLAIN, PER_RECORD, WHOLE };

static void build_archive(int form, defcon_buffer *out)
{
    defcon_buffer plain = DEFCON_BUFFER_INIT;
    int i;

    defcon_buffer_clear(out);
    for (i = 0; i < RECORDS; i++) {
        if (form == PER_RECORD)
            fixture_gzip(out, records[i].data, records[i].len);
        else
            defcon_buffer_append(&plain, records[i].data, records[i].len);
    }
    if (form == PLAIN)
        defcon_buffer_append(out, plain.data, plain.len);
    else if (form == WHOLE)
        fixture_gzip(out, plain.data, plain.len);
    defcon_buffer_free(&plain);
}

static void check_fixture_records(defcon_warc_reader *reader, int form)
{
    defcon_warc_record record;
    defcon_warc_position first = {0, 0, 0};
    const defcon_warc_counts *counts;
    uint64_t expected_offset = 0;
    int i;

    for (i = 0; i < RECORDS; i++) {
        CHECK_LONG(defcon_warc_reader_next(reader, &record), 1);
        if (form == PLAIN)
            CHECK_LONG(record.offset, expected_offset);
        expected_offset += records[i].len;
        CHECK_STR(record.version, "WARC/1.1");
        if (i == 1) {
            first = record.position;
            CHECK_LONG(record.type, DEFCON_WARC_RESPONSE);
            CHECK_LONG(record.outcome, DEFCON_WARC_PAYLOAD);
            CHECK_LONG(record.http_status, 200);
            CHECK_STR(record.media_type, "text/html");
            CHECK_STR(record.charset, "iso-8859-1");
            CHECK_STR(record.target_uri, "https://example.org/2019/04/29/zarif/");
            CHECK_STR(record.date, "2019-04-29T10:11:12.123456Z");
            CHECK_STR(record.payload_digest, "sha1:AAAAPAGE");
            CHECK_LONG(record.payload_len, strlen(page));
            CHECK_STR(record.payload, page);
        } else if (i == 5) {
            CHECK_LONG(record.outcome, DEFCON_WARC_PAYLOAD);
            CHECK_STR(record.target_uri, "https://example.org/resource/");
            CHECK_STR(record.content_type, "text/html; charset=utf-8");
            CHECK_STR(record.charset, "utf-8");
            CHECK_STR(record.truncated, "length");
            CHECK_STR(record.payload, "<html>resource page</html>");
        } else if (i == 6) {
            CHECK_LONG(record.outcome, DEFCON_WARC_REVISIT_RECORD);
            CHECK(record.payload == NULL);
            CHECK_STR(record.refers_to, "<urn:uuid:00000000-0000-0000-0000-000000000002>");
            CHECK_STR(record.refers_to_target_uri, "https://example.org/2019/04/29/zarif/");
            CHECK_STR(record.refers_to_date, "2019-04-29T10:11:12Z");
            CHECK_STR(record.payload_digest, "sha1:AAAAPAGE");
            CHECK(record.profile && strstr(record.profile, "identical-payload-digest"));
            CHECK_STR(defcon_warc_reader_field(reader, "warc-refers-to-date"),
                      "2019-04-29T10:11:12Z");
        } else if (i == 9) {
            CHECK_LONG(record.outcome, DEFCON_WARC_PAYLOAD);
            CHECK_STR(record.payload, "<!DOCTYPE html><p>sniffed</p>");
        } else if (i == 10) {
            CHECK_STR(record.media_type, "application/rss+xml");
            CHECK_STR(record.payload, "<rss></rss>");
        }
    }
    CHECK_LONG(defcon_warc_reader_next(reader, &record), 0);
    CHECK_LONG(defcon_warc_reader_next(reader, &record), 0);
    counts = defcon_warc_reader_counts(reader);
    CHECK_LONG(counts->records, RECORDS);
    CHECK_LONG(counts->payloads, 4);
    CHECK_LONG(counts->revisits, 1);
    CHECK_LONG(counts->skipped[DEFCON_WARC_SKIP_RECORD_TYPE], 3);
    CHECK_LONG(counts->skipped_by_type[DEFCON_WARC_WARCINFO], 1);
    CHECK_LONG(counts->skipped_by_type[DEFCON_WARC_REQUEST], 1);
    CHECK_LONG(counts->skipped_by_type[DEFCON_WARC_METADATA], 1);
    CHECK_LONG(counts->skipped[DEFCON_WARC_SKIP_CONTENT_TYPE], 1);
    CHECK_LONG(counts->skipped[DEFCON_WARC_SKIP_HTTP_STATUS], 1);
    CHECK_LONG(counts->skipped[DEFCON_WARC_SKIP_ENCODING], 1);
    CHECK_LONG(counts->errors, 0);

    /* The revisit resolved: its digest was first seen at `first`. */
    CHECK_LONG(defcon_warc_reader_read_at(reader, &first, &record), 1);
    CHECK_STR(record.payload, page);
    CHECK_STR(record.target_uri, "https://example.org/2019/04/29/zarif/");
    CHECK_LONG(defcon_warc_reader_next(reader, &record), 1);
    CHECK_LONG(record.type, DEFCON_WARC_REQUEST);   /* and on from there */
}

static void test_forms(void)
{
    defcon_buffer archive = DEFCON_BUFFER_INIT;
    fixture_memory memory;
    defcon_warc_reader *reader;
    int form;

    for (form = PLAIN; form <= WHOLE; form++) {
        build_archive(form, &archive);
        reader = fixture_open(&memory, archive.data, archive.len, 1);
        check_fixture_records(reader, form);
        CHECK_LONG(defcon_warc_reader_is_gzip(reader), form != PLAIN);
        defcon_warc_reader_close(reader);
    }
    defcon_buffer_free(&archive);
}

/* Reads the archive to the end; returns how many records came, counts
 * the errors and keeps the last message. */
static int read_through(const char *data, size_t len, int seekable, int *errors, char *message,
                        size_t message_size, defcon_buffer *targets)
{
    fixture_memory memory;
    defcon_warc_reader *reader = fixture_open(&memory, data, len, seekable);
    defcon_warc_record record;
    int rc, count = 0, guard = 0;

    *errors = 0;
    message[0] = '\0';
    defcon_buffer_clear(targets);
    while ((rc = defcon_warc_reader_next(reader, &record)) != 0 && guard++ < 1000) {
        if (rc < 0) {
            (*errors)++;
            snprintf(message, message_size, "%s", defcon_warc_reader_error(reader));
            if (getenv("TEST_WARC_VERBOSE"))
                fprintf(stderr, "  error: %s\n", message);
            continue;
        }
        count++;
        defcon_buffer_printf(targets, "%s %s|", defcon_warc_type_name(record.type),
                             record.outcome == DEFCON_WARC_PAYLOAD ? record.payload : "-");
    }
    CHECK(guard < 1000);
    CHECK_LONG(defcon_warc_reader_counts(reader)->errors, *errors);
    defcon_warc_reader_close(reader);
    return count;
}

/* Three or four small resource records, the second one given `lie`. */
static void damage_records(defcon_buffer *parts, int count, long lie)
{
    static const char *const bodies[] = {"<html>A</html>", "<html>B</html>",
                                         "<html>C</html>", "<html>D</html>"};
    int i;

    for (i = 0; i < count; i++) {
        defcon_buffer_clear(&parts[i]);
        fixture_record(&parts[i], "resource", "https://example.org/x/",
                       "Content-Type: text/html\r\n", bodies[i], strlen(bodies[i]),
                       i == 1 ? lie : 0);
    }
}

static void join(defcon_buffer *parts, int count, int gzip, defcon_buffer *out)
{
    int i;

    defcon_buffer_clear(out);
    for (i = 0; i < count; i++) {
        if (gzip)
            fixture_gzip(out, parts[i].data, parts[i].len);
        else
            defcon_buffer_append(out, parts[i].data, parts[i].len);
    }
}

static void test_lying_length(void)
{
    defcon_buffer parts[4] = {DEFCON_BUFFER_INIT, DEFCON_BUFFER_INIT, DEFCON_BUFFER_INIT,
                              DEFCON_BUFFER_INIT};
    defcon_buffer archive = DEFCON_BUFFER_INIT, seen = DEFCON_BUFFER_INIT;
    char message[1024], where[64];
    int errors, gzip, n;

    for (gzip = 0; gzip <= 1; gzip++) {
        /* Too short: the rest of B looks like garbage; C and D follow. */
        damage_records(parts, 4, -5);
        join(parts, 4, gzip, &archive);
        n = read_through(archive.data, archive.len, 1, &errors, message, sizeof message, &seen);
        CHECK_LONG(n, 3);
        CHECK_LONG(errors, 1);
        CHECK_STR(seen.data, "resource <html>A</html>|resource <html>C</html>|"
                             "resource <html>D</html>|");
        CHECK(strstr(message, "does not end where its Content-Length (9) says") != NULL);
        snprintf(where, sizeof where, gzip ? "(gzip member at byte %zu)" : "offset %zu:",
                 gzip ? (size_t)0 : parts[0].len);
        if (!gzip)
            CHECK(strstr(message, where) != NULL);
        CHECK(strncmp(message, "test.warc: ", 11) == 0);

        /* Too long: B swallows C; the reader goes back and finds C. */
        damage_records(parts, 4, 200);
        join(parts, 4, gzip, &archive);
        n = read_through(archive.data, archive.len, 1, &errors, message, sizeof message, &seen);
        CHECK_LONG(errors, 1);
        CHECK_STR(seen.data, "resource <html>A</html>|resource <html>C</html>|"
                             "resource <html>D</html>|");
        CHECK_LONG(n, 3);

        /* Longer than the file: truncated. */
        damage_records(parts, 4, 100000);
        join(parts, 4, gzip, &archive);
        n = read_through(archive.data, archive.len, 1, &errors, message, sizeof message, &seen);
        CHECK(strstr(message, "truncated record: Content-Length says 100014 bytes") != NULL);
        CHECK_STR(seen.data, "resource <html>A</html>|resource <html>C</html>|"
                             "resource <html>D</html>|");

        /* Many records claiming more than the file holds: each is an
         * error, the good ones between them are read, and the file is not
         * read to its end once for each of them. */
        if (!gzip) {
            defcon_buffer liars = DEFCON_BUFFER_INIT;
            fixture_memory memory;
            defcon_warc_reader *reader;
            defcon_warc_record record;
            int k, good = 0, bad = 0;
            char filler[20000];

            memset(filler, 'x', sizeof filler);
            memcpy(filler, "<html>", 6);
            for (k = 0; k < 200; k++)
                fixture_record(&liars, "resource", "https://example.org/x/",
                               "Content-Type: text/html\r\n", filler, sizeof filler,
                               k % 2 ? 0 : 10000000);
            reader = fixture_open(&memory, liars.data, liars.len, 1);
            while ((n = defcon_warc_reader_next(reader, &record)) != 0) {
                good += n == 1;
                bad += n < 0;
            }
            CHECK_LONG(good, 100);
            CHECK_LONG(bad, 100);
            if (getenv("TEST_WARC_VERBOSE"))
                fprintf(stderr, "  liars: %zu bytes read of %zu\n", memory.total_read, liars.len);
            CHECK(memory.total_read < 4 * liars.len);
            defcon_warc_reader_close(reader);
            defcon_buffer_free(&liars);
        }

        /* A source that cannot seek loses what the lie swallowed, no more. */
        damage_records(parts, 4, 200);
        join(parts, 4, gzip, &archive);
        n = read_through(archive.data, archive.len, 0, &errors, message, sizeof message, &seen);
        CHECK_LONG(errors, 1);
        CHECK(strncmp(seen.data, "resource <html>A</html>|", 24) == 0);
    }
    for (n = 0; n < 4; n++)
        defcon_buffer_free(&parts[n]);
    defcon_buffer_free(&archive);
    defcon_buffer_free(&seen);
}

static void test_gzip_damage(void)
{
    defcon_buffer parts[3] = {DEFCON_BUFFER_INIT, DEFCON_BUFFER_INIT, DEFCON_BUFFER_INIT};
    defcon_buffer archive = DEFCON_BUFFER_INIT, seen = DEFCON_BUFFER_INIT, big = DEFCON_BUFFER_INIT;
    defcon_buffer member = DEFCON_BUFFER_INIT;
    char message[1024], where[96];
    int errors, i, n;
    size_t cut, first_member;

    /* The last member cut in half: the others are read. */
    damage_records(parts, 3, 0);
    join(parts, 3, 1, &archive);
    cut = archive.len - 30;
    n = read_through(archive.data, cut, 1, &errors, message, sizeof message, &seen);
    CHECK_LONG(n, 2);
    CHECK_LONG(errors, 1);
    CHECK(strstr(message, "truncated gzip member") != NULL);

    /* A corrupt member in the middle (its deflate data overwritten). */
    defcon_buffer_clear(&parts[1]);
    for (i = 0; i < 300; i++)
        defcon_buffer_printf(&big, "<p>paragraph %d of a long page %x</p>", i, i * 7919);
    fixture_record(&parts[1], "resource", "https://example.org/big/", "Content-Type: text/html\r\n",
                   big.data, big.len, 0);
    defcon_buffer_clear(&archive);
    fixture_gzip(&archive, parts[0].data, parts[0].len);
    fixture_gzip(&member, parts[1].data, parts[1].len);
    memset(member.data + member.len / 2, 0xFF, 32);
    defcon_buffer_append(&archive, member.data, member.len);
    fixture_gzip(&archive, parts[2].data, parts[2].len);
    n = read_through(archive.data, archive.len, 1, &errors, message, sizeof message, &seen);
    CHECK_LONG(errors, 1);
    CHECK(strstr(message, "corrupt gzip member") != NULL);
    CHECK(strstr(seen.data, "<html>A</html>") != NULL);
    CHECK(strstr(seen.data, "<html>C</html>") != NULL);
    CHECK(strstr(seen.data, "paragraph") == NULL);

    /* A member whose data inflates but whose CRC is wrong. */
    defcon_buffer_clear(&member);
    fixture_gzip(&member, parts[1].data, parts[1].len);
    member.data[member.len - 8] ^= 0x55;
    defcon_buffer_clear(&archive);
    fixture_gzip(&archive, parts[0].data, parts[0].len);
    first_member = archive.len;
    defcon_buffer_append(&archive, member.data, member.len);
    fixture_gzip(&archive, parts[2].data, parts[2].len);
    n = read_through(archive.data, archive.len, 1, &errors, message, sizeof message, &seen);
    CHECK_LONG(errors, 1);
    snprintf(where, sizeof where, "offset %zu: corrupt gzip member (incorrect data check)",
             first_member);
    CHECK(strstr(message, where) != NULL);
    CHECK_STR(seen.data, "resource <html>A</html>|resource <html>C</html>|");

    /* The same with a record larger than the reader's window: most of it
     * is read before the CRC fails, and it is still not delivered. */
    for (i = 0; big.len < 600000; i++)
        defcon_buffer_printf(&big, "<p>more text %d, %x</p>", i, i * 104729);
    defcon_buffer_clear(&parts[1]);
    fixture_record(&parts[1], "resource", "https://example.org/big/", "Content-Type: text/html\r\n",
                   big.data, big.len, 0);
    defcon_buffer_clear(&member);
    fixture_gzip(&member, parts[1].data, parts[1].len);
    member.data[member.len - 8] ^= 0x55;
    defcon_buffer_clear(&archive);
    fixture_gzip(&archive, parts[0].data, parts[0].len);
    defcon_buffer_append(&archive, member.data, member.len);
    fixture_gzip(&archive, parts[2].data, parts[2].len);
    n = read_through(archive.data, archive.len, 1, &errors, message, sizeof message, &seen);
    CHECK_LONG(errors, 1);
    CHECK(strstr(message, "corrupt gzip member (incorrect data check)") != NULL);
    CHECK_STR(seen.data, "resource <html>A</html>|resource <html>C</html>|");

    /* Bytes between members that are not a member. */
    defcon_buffer_clear(&archive);
    fixture_gzip(&archive, parts[0].data, parts[0].len);
    defcon_buffer_puts(&archive, "junk between members");
    fixture_gzip(&archive, parts[2].data, parts[2].len);
    n = read_through(archive.data, archive.len, 1, &errors, message, sizeof message, &seen);
    CHECK_LONG(n, 2);
    CHECK_LONG(errors, 1);
    CHECK(strstr(message, "20 bytes that are not a gzip member") != NULL);
    for (i = 0; i < 3; i++)
        defcon_buffer_free(&parts[i]);
    defcon_buffer_free(&archive);
    defcon_buffer_free(&seen);
    defcon_buffer_free(&big);
    defcon_buffer_free(&member);
}

static void test_garbage(void)
{
    defcon_buffer parts[3] = {DEFCON_BUFFER_INIT, DEFCON_BUFFER_INIT, DEFCON_BUFFER_INIT};
    defcon_buffer archive = DEFCON_BUFFER_INIT, seen = DEFCON_BUFFER_INIT;
    char message[1024], where[64];
    int errors, n, i;

    damage_records(parts, 3, 0);
    defcon_buffer_append(&archive, parts[0].data, parts[0].len);
    defcon_buffer_puts(&archive, "\r\nthis is not a record\r\nWARC/ nor this\r\n");
    defcon_buffer_append(&archive, parts[1].data, parts[1].len);
    n = read_through(archive.data, archive.len, 1, &errors, message, sizeof message, &seen);
    CHECK_LONG(n, 2);
    CHECK_LONG(errors, 1);
    snprintf(where, sizeof where, "offset %zu: garbage between records", parts[0].len + 2);
    CHECK(strstr(message, where) != NULL);

    /* No Content-Length: reported, and the next record is read. */
    defcon_buffer_clear(&archive);
    defcon_buffer_puts(&archive, "WARC/1.0\r\nWARC-Type: resource\r\n\r\n<html>X</html>\r\n\r\n");
    defcon_buffer_append(&archive, parts[2].data, parts[2].len);
    n = read_through(archive.data, archive.len, 1, &errors, message, sizeof message, &seen);
    CHECK_LONG(n, 1);
    CHECK(strstr(message, "offset 0: record without a valid Content-Length") != NULL);
    CHECK_STR(seen.data, "resource <html>C</html>|");

    /* Nothing but garbage; an empty file; a header that never ends. */
    n = read_through("not a warc file at all", 22, 1, &errors, message, sizeof message, &seen);
    CHECK_LONG(n, 0);
    CHECK_LONG(errors, 1);
    n = read_through("", 0, 1, &errors, message, sizeof message, &seen);
    CHECK_LONG(n + errors, 0);
    n = read_through("WARC/1.0\r\nWARC-Type: x\r\n", 24, 1, &errors, message, sizeof message,
                     &seen);
    CHECK(strstr(message, "truncated record header") != NULL);
    for (i = 0; i < 3; i++)
        defcon_buffer_free(&parts[i]);
    defcon_buffer_free(&archive);
    defcon_buffer_free(&seen);
}

/* Reads the one record of `data` with the given maximum payload. */
static int one_record(const char *data, size_t len, size_t max_payload, defcon_warc_record *out,
                      defcon_buffer *payload)
{
    fixture_memory memory;
    defcon_warc_reader *reader = fixture_open(&memory, data, len, 1);
    int rc;

    defcon_warc_reader_set_max_payload(reader, max_payload);
    rc = defcon_warc_reader_next(reader, out);
    defcon_buffer_clear(payload);
    if (rc == 1 && out->payload)
        defcon_buffer_append(payload, out->payload, out->payload_len);
    if (rc == 1 && out->skip_detail)
        defcon_buffer_printf(payload, "skipped: %s", out->skip_detail);
    out->payload = out->skip_detail = NULL;   /* borrowed: gone with the reader */
    defcon_warc_reader_close(reader);
    return rc;
}

static void test_limits(void)
{
    defcon_buffer archive = DEFCON_BUFFER_INIT, body = DEFCON_BUFFER_INIT;
    defcon_buffer block = DEFCON_BUFFER_INIT, got = DEFCON_BUFFER_INIT;
    const char *http = "Content-Type: application/http; msgtype=response\r\n";
    defcon_warc_record record;
    char *zeros;
    size_t i;

    /* A 1 MB page crosses the reader's window many times. */
    defcon_buffer_puts(&body, "<html><body>");
    for (i = 0; body.len < ((size_t)1 << 20); i++)
        defcon_buffer_printf(&body, "<p>line %zu</p>\n", i);
    defcon_buffer_puts(&body, "</body></html>");
    fixture_record(&archive, "resource", "https://example.org/big/", "Content-Type: text/html\r\n",
                   body.data, body.len, 0);
    CHECK_LONG(one_record(archive.data, archive.len, DEFCON_WARC_MAX_PAYLOAD, &record, &got), 1);
    CHECK_LONG(record.outcome, DEFCON_WARC_PAYLOAD);
    CHECK_LONG(got.len, body.len);
    CHECK(got.len == body.len && memcmp(got.data, body.data, body.len) == 0);

    /* Above the maximum: skipped, with the sizes. */
    CHECK_LONG(one_record(archive.data, archive.len, 4096, &record, &got), 1);
    CHECK_LONG(record.skip, DEFCON_WARC_SKIP_TOO_LARGE);
    CHECK(strstr(got.data, "more than 4096") != NULL);

    /* A gzip bomb in the content encoding: 64 MB of zeros in 64 KB. */
    zeros = calloc(1, (size_t)64 << 20);
    defcon_buffer_clear(&body);
    fixture_gzip(&body, zeros, (size_t)64 << 20);
    free(zeros);
    defcon_buffer_clear(&block);
    defcon_buffer_puts(&block, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                               "Content-Encoding: gzip\r\n\r\n");
    defcon_buffer_append(&block, body.data, body.len);
    defcon_buffer_clear(&archive);
    fixture_record(&archive, "response", "https://example.org/bomb/", http, block.data, block.len,
                   0);
    CHECK_LONG(one_record(archive.data, archive.len, (size_t)1 << 20, &record, &got), 1);
    CHECK_LONG(record.skip, DEFCON_WARC_SKIP_TOO_LARGE);
    CHECK(strstr(got.data, "more than 1048576 bytes decoded") != NULL);

    /* Content that claims gzip and is damaged. */
    defcon_buffer_clear(&block);
    defcon_buffer_puts(&block, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                               "Content-Encoding: gzip\r\n\r\n\x1f\x8b\x08\x00garbage-garbage");
    defcon_buffer_clear(&archive);
    fixture_record(&archive, "response", "https://example.org/bad/", http, block.data, block.len,
                   0);
    CHECK_LONG(one_record(archive.data, archive.len, DEFCON_WARC_MAX_PAYLOAD, &record, &got), 1);
    CHECK_LONG(record.skip, DEFCON_WARC_SKIP_ENCODING);
    CHECK(strstr(got.data, "damaged gzip content") != NULL);

    /* Raw deflate where zlib deflate is meant, and a body stored decoded
     * under a gzip header. */
    defcon_buffer_clear(&block);
    defcon_buffer_puts(&block, "HTTP/1.0 200 OK\nContent-Type: TEXT/HTML\nContent-Encoding: "
                               "gzip\n\n<html>plain after all</html>");
    defcon_buffer_clear(&archive);
    fixture_record(&archive, "response", "https://example.org/plain/", http, block.data, block.len,
                   0);
    CHECK_LONG(one_record(archive.data, archive.len, DEFCON_WARC_MAX_PAYLOAD, &record, &got), 1);
    CHECK_STR(got.data, "<html>plain after all</html>");
    defcon_buffer_free(&archive);
    defcon_buffer_free(&body);
    defcon_buffer_free(&block);
    defcon_buffer_free(&got);
}

/* ../shared/corpora/warc: every HTML response delivered or counted. */
static void test_shared(void)
{
    static const char *const names[] = {"example.warc.gz", "example-iana.org-chunked.warc"};
    const char *shared = getenv("DEFCON_SHARED");
    char path[4096], error[512];
    size_t i;

    if (!shared) {
        printf("skipped the shared WARC files: DEFCON_SHARED is not set\n");
        return;
    }
    for (i = 0; i < 2; i++) {
        defcon_warc_reader *reader;
        defcon_warc_record record;
        const defcon_warc_counts *counts;
        uint64_t skipped = 0;
        int rc, k, html_responses = 0, delivered_html = 0;

        snprintf(path, sizeof path, "%s/corpora/warc/%s", shared, names[i]);
        if (access(path, R_OK) != 0) {
            printf("skipped %s: not found\n", path);
            continue;
        }
        CHECK_LONG(defcon_warc_reader_open_file(path, &reader, error, sizeof error), 0);
        while ((rc = defcon_warc_reader_next(reader, &record)) == 1) {
            if (record.type == DEFCON_WARC_RESPONSE && record.media_type
                && strcmp(record.media_type, "text/html") == 0) {
                html_responses++;
                delivered_html += record.outcome == DEFCON_WARC_PAYLOAD;
                CHECK(record.outcome == DEFCON_WARC_PAYLOAD
                      || record.skip != DEFCON_WARC_SKIP_NONE);
            }
            if (record.outcome == DEFCON_WARC_PAYLOAD) {
                CHECK(strncmp(record.payload, "<!doctype html>", 15) == 0);
                CHECK(strstr(record.payload, "</html>") != NULL);
                CHECK(strstr(record.payload, i == 0 ? "<title>Example Domain</title>"
                                                    : "Internet Assigned Numbers Authority"));
            }
            if (record.type == DEFCON_WARC_REVISIT)
                CHECK_STR(record.refers_to_target_uri, "http://example.com/");
        }
        CHECK_LONG(rc, 0);
        counts = defcon_warc_reader_counts(reader);
        for (k = 0; k < DEFCON_WARC_SKIP_REASON_COUNT; k++)
            skipped += counts->skipped[k];
        CHECK_LONG(counts->records, i == 0 ? 6 : 3);
        CHECK_LONG(counts->records, counts->payloads + counts->revisits + skipped);
        CHECK_LONG(counts->errors, 0);
        CHECK_LONG(html_responses, 1);
        CHECK_LONG(delivered_html, 1);
        CHECK_LONG(counts->revisits, i == 0 ? 1 : 0);
        CHECK_LONG(defcon_warc_reader_is_gzip(reader), i == 0);
        defcon_warc_reader_close(reader);
    }
}

static void test_sniff(void)
{
    defcon_buffer archive = DEFCON_BUFFER_INIT;

    build_archive(PLAIN, &archive);
    CHECK_LONG(defcon_warc_sniff(archive.data, 300), 1);
    build_archive(PER_RECORD, &archive);
    CHECK_LONG(defcon_warc_sniff(archive.data, 300), 2);
    CHECK_LONG(defcon_warc_sniff(archive.data, 12), 0);   /* too little to inflate */
    build_archive(WHOLE, &archive);
    CHECK_LONG(defcon_warc_sniff(archive.data, archive.len), 2);
    defcon_buffer_clear(&archive);
    fixture_gzip(&archive, "<html>not a warc</html>", 23);
    CHECK_LONG(defcon_warc_sniff(archive.data, archive.len), 0);
    CHECK_LONG(defcon_warc_sniff("WARC/", 5), 0);
    CHECK_LONG(defcon_warc_sniff("<rss>", 5), 0);
    CHECK_LONG(defcon_warc_sniff("", 0), 0);
    defcon_buffer_free(&archive);
}

static void test_open_file(void)
{
    defcon_warc_reader *reader = (defcon_warc_reader *)1;
    char error[512];

    CHECK_LONG(defcon_warc_reader_open_file("/nonexistent/x.warc", &reader, error, sizeof error),
               -1);
    CHECK(reader == NULL);
    CHECK_STR(error, "/nonexistent/x.warc: No such file or directory");
    defcon_warc_reader_close(NULL);
    CHECK_STR(defcon_warc_skip_name(DEFCON_WARC_SKIP_CONTENT_TYPE), "content type");
    CHECK_STR(defcon_warc_type_name(DEFCON_WARC_REVISIT), "revisit");
}

int main(void)
{
    int i;

    build_records();
    test_forms();
    test_lying_length();
    test_gzip_damage();
    test_garbage();
    test_limits();
    test_shared();
    test_sniff();
    test_open_file();
    for (i = 0; i < RECORDS; i++)
        defcon_buffer_free(&records[i]);
    return check_finish();
}

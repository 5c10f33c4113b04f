/*
 * test_wacz.c - unit tests of WACZ reading (src/archive/wacz.c): a WACZ
 * written here with libzip, holding a stored .warc.gz and a deflated
 * .warc beside the page list and an index; records read through both,
 * revisits resolved by position (zip_fseek on the stored entry, reopen
 * and read forward on the deflated one); a zip bomb and the byte limits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "check.h"
#include "wacz.h"
#include "warc_fixture.h"

static char folder[] = "/tmp/defcon-wacz-XXXXXX";

/* Adds `data` (copied by libzip when the archive is closed) as `name`. */
static void add_entry(zip_t *zip, const char *name, const char *data, size_t len, int deflate)
{
    zip_source_t *source = zip_source_buffer(zip, data, len, 0);
    zip_int64_t index = zip_file_add(zip, name, source, ZIP_FL_OVERWRITE);

    CHECK(index >= 0);
    zip_set_file_compression(zip, (zip_uint64_t)index, deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                             0);
}

/* Two pages and a revisit of the first, as plain WARC records. */
static void build_warc(defcon_buffer *plain, defcon_buffer *gzip, long lie)
{
    defcon_buffer records[3] = {DEFCON_BUFFER_INIT, DEFCON_BUFFER_INIT, DEFCON_BUFFER_INIT};
    int i;

    fixture_record(&records[0], "resource", "https://example.org/1/",
                   "Content-Type: text/html\r\nWARC-Payload-Digest: sha1:ONE\r\n",
                   "<html>one</html>", 16, lie);
    fixture_record(&records[1], "resource", "https://example.org/2/", "Content-Type: text/html\r\n",
                   "<html>two</html>", 16, 0);
    fixture_record(&records[2], "revisit", "https://example.org/1/",
                   "Content-Type: text/html\r\nWARC-Payload-Digest: sha1:ONE\r\n", "", 0, 0);
    defcon_buffer_clear(plain);
    defcon_buffer_clear(gzip);
    for (i = 0; i < 3; i++) {
        defcon_buffer_append(plain, records[i].data, records[i].len);
        fixture_gzip(gzip, records[i].data, records[i].len);
        defcon_buffer_free(&records[i]);
    }
}

/* Reads every record of WARC entry `i`, resolving the revisit by the
 * digest's position. Returns the payloads seen, joined. */
static void read_entry(defcon_wacz *wacz, size_t i, defcon_buffer *seen)
{
    defcon_warc_reader *reader;
    defcon_warc_record record;
    defcon_warc_position one = {0, 0, 0};
    char error[512];
    int rc, have_one = 0, guard = 0;

    defcon_buffer_clear(seen);
    CHECK_LONG(defcon_wacz_open_warc(wacz, i, &reader, error, sizeof error), 0);
    if (!reader)
        return;
    while ((rc = defcon_warc_reader_next(reader, &record)) != 0 && guard++ < 100) {
        if (rc < 0) {
            defcon_buffer_printf(seen, "error(%s)|", defcon_warc_reader_error(reader));
            continue;
        }
        if (record.outcome == DEFCON_WARC_PAYLOAD) {
            defcon_buffer_printf(seen, "%s|", record.payload);
            if (record.payload_digest && strcmp(record.payload_digest, "sha1:ONE") == 0) {
                one = record.position;
                have_one = 1;
            }
        } else if (record.outcome == DEFCON_WARC_REVISIT_RECORD && have_one) {
            defcon_warc_record original;

            CHECK_LONG(defcon_warc_reader_read_at(reader, &one, &original), 1);
            defcon_buffer_printf(seen, "revisit=%s|", original.payload ? original.payload : "-");
            break;
        }
    }
    defcon_warc_reader_close(reader);
}

static void write_wacz(const char *path, const defcon_buffer *gzip, const defcon_buffer *plain,
                       const char *bomb, size_t bomb_len)
{
    static const char pages[] = "{\"format\": \"json-pages-1.0\"}\n"
                                "{\"url\": \"https://example.org/1/\", \"ts\": \"2019\"}\n";
    static const char package[] = "{\"profile\": \"data-package\", \"wacz_version\": \"1.1.1\"}";
    int code;
    zip_t *zip = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);

    CHECK(zip != NULL);
    add_entry(zip, "datapackage.json", package, sizeof package - 1, 1);
    add_entry(zip, "pages/pages.jsonl", pages, sizeof pages - 1, 1);
    add_entry(zip, "indexes/index.cdx", "x", 1, 1);
    add_entry(zip, "archive/b.warc", plain->data, plain->len, 1);
    add_entry(zip, "archive/a.warc.gz", gzip->data, gzip->len, 0);
    if (bomb)
        add_entry(zip, "archive/c-bomb.warc", bomb, bomb_len, 1);
    CHECK_LONG(zip_close(zip), 0);
}

static void test_read(const char *path)
{
    defcon_buffer plain = DEFCON_BUFFER_INIT, gzip = DEFCON_BUFFER_INIT, seen = DEFCON_BUFFER_INIT;
    defcon_wacz *wacz;
    char error[512];

    build_warc(&plain, &gzip, 0);
    write_wacz(path, &gzip, &plain, NULL, 0);
    CHECK_LONG(defcon_wacz_open(path, NULL, &wacz, error, sizeof error), 0);
    CHECK_LONG(defcon_wacz_warc_count(wacz), 2);
    CHECK_STR(defcon_wacz_warc_name(wacz, 0), "archive/a.warc.gz");
    CHECK_STR(defcon_wacz_warc_name(wacz, 1), "archive/b.warc");
    CHECK(defcon_wacz_warc_name(wacz, 2) == NULL);
    CHECK(defcon_wacz_has_pages(wacz));
    read_entry(wacz, 0, &seen);   /* stored: zip_fseek */
    CHECK_STR(seen.data, "<html>one</html>|<html>two</html>|revisit=<html>one</html>|");
    read_entry(wacz, 1, &seen);   /* deflated: reopened and read forward */
    CHECK_STR(seen.data, "<html>one</html>|<html>two</html>|revisit=<html>one</html>|");
    defcon_wacz_close(wacz);

    /* A lying Content-Length inside a deflated entry: the reader goes back. */
    build_warc(&plain, &gzip, 40);
    write_wacz(path, &gzip, &plain, NULL, 0);
    CHECK_LONG(defcon_wacz_open(path, NULL, &wacz, error, sizeof error), 0);
    read_entry(wacz, 1, &seen);
    CHECK(strstr(seen.data, "error(") != NULL);
    CHECK(strstr(seen.data, ":archive/b.warc: offset 0: the record does not end") != NULL);
    CHECK(strstr(seen.data, "|<html>two</html>|") != NULL);
    defcon_wacz_close(wacz);
    defcon_buffer_free(&plain);
    defcon_buffer_free(&gzip);
    defcon_buffer_free(&seen);
}

static void test_limits(const char *path)
{
    defcon_buffer plain = DEFCON_BUFFER_INIT, gzip = DEFCON_BUFFER_INIT, seen = DEFCON_BUFFER_INIT;
    defcon_wacz_limits limits;
    defcon_wacz *wacz;
    defcon_warc_reader *reader = NULL;
    defcon_warc_record record;
    char error[512];
    size_t bomb_len = (size_t)50 << 20;
    char *bomb = calloc(1, bomb_len);
    int rc, rounds;

    /* A zip bomb: 50 MB of zeros deflated to some 50 KB. */
    build_warc(&plain, &gzip, 0);
    write_wacz(path, &gzip, &plain, bomb, bomb_len);
    free(bomb);
    CHECK_LONG(defcon_wacz_open(path, NULL, &wacz, error, sizeof error), 0);
    CHECK_LONG(defcon_wacz_warc_count(wacz), 3);
    CHECK_LONG(defcon_wacz_open_warc(wacz, 2, &reader, error, sizeof error), -1);
    CHECK(reader == NULL);
    CHECK(strstr(error, ":archive/c-bomb.warc: compression ratio ") != NULL);
    CHECK(strstr(error, "above the limit of 100:1 (zip bomb?)") != NULL);
    read_entry(wacz, 0, &seen);   /* the rest is still read */
    CHECK_STR(seen.data, "<html>one</html>|<html>two</html>|revisit=<html>one</html>|");
    defcon_wacz_close(wacz);

    /* Declared sizes above the total: refused at open. */
    limits.max_total_bytes = 1000;
    limits.max_ratio = DEFCON_WACZ_MAX_RATIO;
    CHECK_LONG(defcon_wacz_open(path, &limits, &wacz, error, sizeof error), -1);
    CHECK(wacz == NULL);
    CHECK(strstr(error, "more than the limit of 1000 (zip bomb?)") != NULL);

    /* Bytes read count against the total, re-reads included. */
    write_wacz(path, &gzip, &plain, NULL, 0);
    limits.max_total_bytes = plain.len + gzip.len + 100;
    CHECK_LONG(defcon_wacz_open(path, &limits, &wacz, error, sizeof error), 0);
    CHECK_LONG(defcon_wacz_open_warc(wacz, 1, &reader, error, sizeof error), 0);
    for (rounds = 0, rc = 1; rc >= 0 && rounds < 50; rounds++) {
        defcon_warc_position start = {0, 0, 0};

        while ((rc = defcon_warc_reader_next(reader, &record)) == 1)
            ;
        if (rc == 0)
            rc = defcon_warc_reader_read_at(reader, &start, &record);
    }
    CHECK(rounds < 50);
    CHECK(strstr(defcon_warc_reader_error(reader), "bytes read from the file's entries") != NULL);
    defcon_warc_reader_close(reader);
    defcon_wacz_close(wacz);

    /* Not a ZIP at all. */
    {
        FILE *file = fopen(path, "wb");

        fputs("WARC/1.0\r\n", file);
        fclose(file);
    }
    CHECK_LONG(defcon_wacz_open(path, NULL, &wacz, error, sizeof error), -1);
    CHECK(strstr(error, "not a readable ZIP file: Not a zip archive") != NULL);
    defcon_wacz_close(NULL);
    defcon_buffer_free(&plain);
    defcon_buffer_free(&gzip);
    defcon_buffer_free(&seen);
}

int main(void)
{
    char path[64];

    if (!mkdtemp(folder))
        check_skip("cannot make a temporary folder");
    snprintf(path, sizeof path, "%s/test.wacz", folder);
    test_read(path);
    test_limits(path);
    unlink(path);
    rmdir(folder);
    return check_finish();
}

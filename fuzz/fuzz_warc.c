/*
 * fuzz_warc.c - libFuzzer target: the WARC reader (src/archive/warc.c).
 *
 * The input is a whole .warc or .warc.gz file, read from memory through
 * a seekable byte source. Every record must keep warc.h's contract (a
 * payload exactly when the outcome says so, NUL-terminated, within the
 * maximum; a reason for every skip; records in increasing order), every
 * -1 must say why, and the walk must end: each call consumes input. The
 * first payload is read again by position and must come back the same.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "warc.h"

typedef struct memory_source {
    const uint8_t *data;
    size_t size, pos;
} memory_source;

static long memory_read(void *context, void *buffer, size_t size, char *error,
                        size_t error_size)
{
    memory_source *memory = context;
    size_t n = memory->size - memory->pos;

    (void)error;
    (void)error_size;
    if (n > size)
        n = size;
    memcpy(buffer, memory->data + memory->pos, n);
    memory->pos += n;
    return (long)n;
}

static int memory_seek(void *context, uint64_t offset, char *error, size_t error_size)
{
    memory_source *memory = context;

    (void)error;
    (void)error_size;
    if (offset > memory->size)
        return -1;
    memory->pos = (size_t)offset;
    return 0;
}

static void check_record(const defcon_warc_record *record, size_t max_payload)
{
    fuzz_require(record->version && strncmp(record->version, "WARC/", 5) == 0, "version");
    if (record->outcome == DEFCON_WARC_PAYLOAD) {
        fuzz_require(record->payload != NULL, "a payload record has a payload");
        fuzz_require(record->payload_len > 0 && record->payload_len <= max_payload,
                     "payload within the maximum");
        fuzz_require(record->payload[record->payload_len] == '\0', "payload NUL-terminated");
        fuzz_require(record->skip == DEFCON_WARC_SKIP_NONE, "delivered is not skipped");
    } else {
        fuzz_require(record->payload == NULL, "no payload unless delivered");
    }
    if (record->outcome == DEFCON_WARC_SKIPPED)
        fuzz_require(record->skip != DEFCON_WARC_SKIP_NONE && record->skip_detail
                     && record->skip_detail[0], "a skip has a reason");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const size_t max_payload = 65536;
    memory_source memory = {data, size, 0};
    defcon_byte_source source = {memory_read, memory_seek, NULL, &memory};
    defcon_warc_reader *reader;
    defcon_warc_record record;
    defcon_warc_position first;
    size_t calls = 0, first_len = 0;
    uint64_t last = 0;
    int rc, have_first = 0, have_last = 0;
    char error[256];

    if (defcon_warc_reader_open_source(&source, "fuzz.warc", &reader, error, sizeof error) < 0)
        return 0;
    defcon_warc_reader_set_max_payload(reader, max_payload);
    while ((rc = defcon_warc_reader_next(reader, &record)) != 0) {
        fuzz_require(++calls <= 2 * size + 8, "every call consumes input");
        if (rc < 0) {
            fuzz_require(defcon_warc_reader_error(reader)[0] != '\0', "an error says why");
            continue;
        }
        check_record(&record, max_payload);
        fuzz_require(!have_last || record.position.offset > last, "records in order");
        last = record.position.offset;
        have_last = 1;
        if (record.outcome == DEFCON_WARC_PAYLOAD && !have_first) {
            first = record.position;
            first_len = record.payload_len;
            have_first = 1;
        }
    }
    if (have_first && defcon_warc_reader_read_at(reader, &first, &record) == 1)
        fuzz_require(record.payload_len == first_len || record.outcome != DEFCON_WARC_PAYLOAD,
                     "a record read again by position is the same");
    defcon_warc_reader_close(reader);
    return 0;
}

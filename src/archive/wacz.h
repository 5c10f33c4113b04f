/*
 * wacz.h - Web Archive Collection Zipped (.wacz) files: a ZIP holding
 * archive/NAME.warc and archive/NAME.warc.gz entries, indexes and pages/pages.jsonl.
 *
 * Each WARC inside is read in place through the streaming WARC reader
 * (warc.h): nothing is extracted to disk, and memory stays that of one
 * reader. Zip bombs are refused with a message:
 *   - an entry whose declared size is more than `max_ratio` times its
 *     compressed size (only for compressed entries: WACZ writers store
 *     their WARCs, already gzip-compressed, so the ratio is 1);
 *   - a file whose WARC entries declare more than `max_total_bytes`
 *     together;
 *   - and while reading, an entry that gives more bytes than it declared,
 *     or reads past `max_total_bytes` in all (seeks that re-read count).
 * gzip inside a stored .warc.gz is not a ZIP matter: the WARC reader
 * inflates it as a stream, bounded in memory, and bounds payloads.
 */
#ifndef DEFCON_WACZ_H
#define DEFCON_WACZ_H

#include <stddef.h>
#include <stdint.h>

#include "warc.h"

#define DEFCON_WACZ_MAX_TOTAL_BYTES ((uint64_t)64 << 30)   /* 64 GiB */
#define DEFCON_WACZ_MAX_RATIO 100

typedef struct defcon_wacz_limits {
    uint64_t max_total_bytes;   /* uncompressed bytes of all WARC entries */
    uint64_t max_ratio;         /* declared size / compressed size of one entry */
} defcon_wacz_limits;

typedef struct defcon_wacz defcon_wacz;

/* Opens `path` and lists its WARC entries (in name order). `limits` may be
 * NULL for the defaults above. Returns 0 and *out, or -1 with *out NULL
 * and the reason (naming the file) in error[error_size]: not a ZIP, a
 * damaged ZIP, declared sizes above the total limit. */
int defcon_wacz_open(const char *path, const defcon_wacz_limits *limits, defcon_wacz **out,
                     char *error, size_t error_size);

/* How many WARC entries the file holds, and the name of entry `i`
 * ("archive/data.warc.gz"; borrowed from the wacz). */
size_t defcon_wacz_warc_count(const defcon_wacz *wacz);
const char *defcon_wacz_warc_name(const defcon_wacz *wacz, size_t i);

/* Whether the file has pages/pages.jsonl (the WACZ page list). */
int defcon_wacz_has_pages(const defcon_wacz *wacz);

/* Opens a WARC reader on entry `i`, named "PATH:archive/NAME" in its
 * messages. The reader borrows the wacz: close it before the wacz.
 * Returns 0, or -1 with the reason (a compression ratio above the
 * limit, a damaged entry) in error[error_size]. */
int defcon_wacz_open_warc(defcon_wacz *wacz, size_t i, defcon_warc_reader **out, char *error,
                          size_t error_size);

/* Closes the file. Accepts NULL. */
void defcon_wacz_close(defcon_wacz *wacz);

#endif

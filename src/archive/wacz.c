/*
 * wacz.c - WACZ files read in place with libzip; see wacz.h.
 *
 * A WARC entry becomes a byte source for the WARC reader: reads go to
 * zip_fread and are counted against the entry's declared size and the
 * file's total; seeks (a revisit resolved, a lying Content-Length undone)
 * use zip_fseek on stored entries, and on compressed ones reopen the
 * entry and read forward to the offset.
 */
#include "wacz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

struct defcon_wacz {
    zip_t *zip;
    char *path;
    defcon_wacz_limits limits;
    zip_uint64_t *entries;        /* the WARC entries' indexes, by name */
    size_t count;
    int has_pages;
    uint64_t total_read;          /* uncompressed bytes read from all entries */
};

/* One entry being read: the byte source's context. */
typedef struct wacz_entry {
    defcon_wacz *wacz;
    zip_uint64_t index;
    zip_file_t *file;
    uint64_t position;            /* bytes read from the entry so far */
    uint64_t size;                /* its declared size */
    int stored;                   /* not compressed: zip_fseek works */
} wacz_entry;

static int ends_with(const char *text, const char *suffix)
{
    size_t len = strlen(text), n = strlen(suffix);

    return len >= n && strcmp(text + len - n, suffix) == 0;
}

static int is_warc_entry(const char *name)
{
    return strncmp(name, "archive/", 8) == 0
           && (ends_with(name, ".warc") || ends_with(name, ".warc.gz"));
}

static int by_name(const void *a, const void *b, void *zip)
{
    return strcmp(zip_get_name(zip, *(const zip_uint64_t *)a, 0),
                  zip_get_name(zip, *(const zip_uint64_t *)b, 0));
}

/* Sorts the entries by name (insertion sort: a WACZ holds few WARCs). */
static void sort_entries(defcon_wacz *wacz)
{
    size_t i, k;

    for (i = 1; i < wacz->count; i++) {
        zip_uint64_t entry = wacz->entries[i];

        for (k = i; k > 0 && by_name(&wacz->entries[k - 1], &entry, wacz->zip) > 0; k--)
            wacz->entries[k] = wacz->entries[k - 1];
        wacz->entries[k] = entry;
    }
}

/* Lists the WARC entries and checks their declared sizes. */
static int list_entries(defcon_wacz *wacz, char *error, size_t error_size)
{
    zip_int64_t total = zip_get_num_entries(wacz->zip, 0), i;
    uint64_t declared = 0;

    wacz->entries = calloc(total > 0 ? (size_t)total : 1, sizeof *wacz->entries);
    if (!wacz->entries) {
        snprintf(error, error_size, "%s: out of memory", wacz->path);
        return -1;
    }
    for (i = 0; i < total; i++) {
        zip_stat_t stat;

        if (zip_stat_index(wacz->zip, (zip_uint64_t)i, 0, &stat) < 0 || !stat.name)
            continue;
        if (strcmp(stat.name, "pages/pages.jsonl") == 0)
            wacz->has_pages = 1;
        if (!is_warc_entry(stat.name))
            continue;
        declared += (stat.valid & ZIP_STAT_SIZE) ? stat.size : 0;
        wacz->entries[wacz->count++] = (zip_uint64_t)i;
    }
    if (declared > wacz->limits.max_total_bytes) {
        snprintf(error, error_size,
                 "%s: its WARCs declare %llu bytes uncompressed, more than the limit of %llu "
                 "(zip bomb?)", wacz->path, (unsigned long long)declared,
                 (unsigned long long)wacz->limits.max_total_bytes);
        return -1;
    }
    sort_entries(wacz);
    return 0;
}

int defcon_wacz_open(const char *path, const defcon_wacz_limits *limits, defcon_wacz **out,
                     char *error, size_t error_size)
{
    defcon_wacz *wacz = calloc(1, sizeof *wacz);
    int code = 0;

    *out = NULL;
    if (!wacz || !(wacz->path = strdup(path))) {
        free(wacz);
        snprintf(error, error_size, "%s: out of memory", path);
        return -1;
    }
    wacz->limits.max_total_bytes = limits ? limits->max_total_bytes : DEFCON_WACZ_MAX_TOTAL_BYTES;
    wacz->limits.max_ratio = limits ? limits->max_ratio : DEFCON_WACZ_MAX_RATIO;
    wacz->zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (!wacz->zip) {
        zip_error_t zip_error;

        zip_error_init_with_code(&zip_error, code);
        snprintf(error, error_size, "%s: not a readable ZIP file: %s", path,
                 zip_error_strerror(&zip_error));
        zip_error_fini(&zip_error);
        defcon_wacz_close(wacz);
        return -1;
    }
    if (list_entries(wacz, error, error_size) < 0) {
        defcon_wacz_close(wacz);
        return -1;
    }
    *out = wacz;
    return 0;
}

size_t defcon_wacz_warc_count(const defcon_wacz *wacz)
{
    return wacz->count;
}

const char *defcon_wacz_warc_name(const defcon_wacz *wacz, size_t i)
{
    return i < wacz->count ? zip_get_name(wacz->zip, wacz->entries[i], 0) : NULL;
}

int defcon_wacz_has_pages(const defcon_wacz *wacz)
{
    return wacz->has_pages;
}

void defcon_wacz_close(defcon_wacz *wacz)
{
    if (!wacz)
        return;
    if (wacz->zip)
        zip_discard(wacz->zip);
    free(wacz->entries);
    free(wacz->path);
    free(wacz);
}

static int entry_reopen(wacz_entry *entry, char *error, size_t error_size)
{
    if (entry->file)
        zip_fclose(entry->file);
    entry->position = 0;
    entry->file = zip_fopen_index(entry->wacz->zip, entry->index, 0);
    if (!entry->file) {
        snprintf(error, error_size, "cannot open the entry: %s",
                 zip_strerror(entry->wacz->zip));
        return -1;
    }
    return 0;
}

static long entry_read(void *context, void *buffer, size_t size, char *error,
                       size_t error_size)
{
    wacz_entry *entry = context;
    defcon_wacz *wacz = entry->wacz;
    zip_int64_t got;

    if (!entry->file && entry_reopen(entry, error, error_size) < 0)
        return -1;
    got = zip_fread(entry->file, buffer, size);
    if (got < 0) {
        snprintf(error, error_size, "damaged ZIP entry: %s", zip_file_strerror(entry->file));
        return -1;
    }
    entry->position += (uint64_t)got;
    wacz->total_read += (uint64_t)got;
    if (entry->position > entry->size) {
        snprintf(error, error_size, "the entry gives more than the %llu bytes it declares "
                                    "(zip bomb?)", (unsigned long long)entry->size);
        return -1;
    }
    if (wacz->total_read > wacz->limits.max_total_bytes) {
        snprintf(error, error_size, "more than %llu bytes read from the file's entries "
                                    "(the limit; zip bomb?)",
                 (unsigned long long)wacz->limits.max_total_bytes);
        return -1;
    }
    return (long)got;
}

static int entry_seek(void *context, uint64_t offset, char *error, size_t error_size)
{
    wacz_entry *entry = context;
    char scratch[16384];

    if (offset > entry->size) {
        snprintf(error, error_size, "offset %llu is past the entry's end",
                 (unsigned long long)offset);
        return -1;
    }
    if (!entry->file && entry_reopen(entry, error, error_size) < 0)
        return -1;
    if (entry->stored && zip_fseek(entry->file, (zip_int64_t)offset, SEEK_SET) == 0) {
        entry->position = offset;
        return 0;
    }
    /* Compressed: from the start again when going back, then forward. */
    if (offset < entry->position && entry_reopen(entry, error, error_size) < 0)
        return -1;
    while (entry->position < offset) {
        uint64_t left = offset - entry->position;
        long got = entry_read(entry, scratch, left < sizeof scratch ? (size_t)left : sizeof scratch,
                              error, error_size);

        if (got <= 0) {
            if (got == 0)
                snprintf(error, error_size, "the entry ends before offset %llu",
                         (unsigned long long)offset);
            return -1;
        }
    }
    return 0;
}

static void entry_close(void *context)
{
    wacz_entry *entry = context;

    if (entry->file)
        zip_fclose(entry->file);
    free(entry);
}

int defcon_wacz_open_warc(defcon_wacz *wacz, size_t i, defcon_warc_reader **out, char *error,
                          size_t error_size)
{
    defcon_byte_source source = {entry_read, entry_seek, entry_close, NULL};
    wacz_entry *entry;
    zip_stat_t stat;
    char name[4096];

    *out = NULL;
    if (i >= wacz->count || zip_stat_index(wacz->zip, wacz->entries[i], 0, &stat) < 0) {
        snprintf(error, error_size, "%s: no WARC entry %zu", wacz->path, i);
        return -1;
    }
    snprintf(name, sizeof name, "%s:%s", wacz->path, stat.name);
    if (stat.comp_method != ZIP_CM_STORE && stat.size > 0
        && (stat.comp_size == 0 || stat.size / stat.comp_size >= wacz->limits.max_ratio)) {
        snprintf(error, error_size, "%s: compression ratio %llu:1, above the limit of %llu:1 "
                                    "(zip bomb?)", name,
                 (unsigned long long)(stat.comp_size ? stat.size / stat.comp_size : stat.size),
                 (unsigned long long)wacz->limits.max_ratio);
        return -1;
    }
    if (!(entry = calloc(1, sizeof *entry))) {
        snprintf(error, error_size, "%s: out of memory", name);
        return -1;
    }
    entry->wacz = wacz;
    entry->index = wacz->entries[i];
    entry->size = stat.size;
    entry->stored = stat.comp_method == ZIP_CM_STORE && stat.encryption_method == ZIP_EM_NONE;
    if (entry_reopen(entry, error, error_size) < 0) {
        char reason[256];

        snprintf(reason, sizeof reason, "%s", error);
        snprintf(error, error_size, "%s: %s", name, reason);
        entry_close(entry);
        return -1;
    }
    source.context = entry;
    return defcon_warc_reader_open_source(&source, name, out, error, error_size);
}

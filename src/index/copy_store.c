/*
 * copy_store.c - the `copies` table and the days of it a run holds in
 * memory; see copy_store.h.
 *
 * The days already read are a sorted array of (precision, day) pairs:
 * a run touches a few thousand days at most, each added once.
 */
#include "copy_store.h"
#include "array.h"

#include <stdlib.h>
#include <string.h>

enum { READ_DAY, INSERT_ROW, READ_ROW, DELETE_ROW, STATEMENTS };

static const char *const statement_sql[STATEMENTS] = {
    "SELECT rowid, body, title, terms, story, paragraphs, headline FROM copies"
    " WHERE precision = ?1 AND day = ?2",
    /* Not OR REPLACE: a replace on a table with indexes takes a statement
     * savepoint, and FTS5 writes out its pending terms at every savepoint
     * of the transaction (a segment an article). */
    "INSERT INTO copies(rowid, body, title, terms, precision, day, story, paragraphs,"
    " headline) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    "SELECT body, title, terms, precision, day, story, paragraphs, headline FROM copies"
    " WHERE rowid = ?1",
    "DELETE FROM copies WHERE rowid = ?1",
};

/* The paragraph sample's codec: 6 bytes a paragraph, hash then terms,
 * little-endian. */
#define PARAGRAPH_BYTES 6

static int encode_paragraphs(const defcon_fingerprint *fp,
                             unsigned char out[DEFCON_FINGERPRINT_PARAGRAPHS * PARAGRAPH_BYTES])
{
    for (int i = 0; i < fp->paragraph_count; i++) {
        unsigned char *p = out + i * PARAGRAPH_BYTES;
        for (int k = 0; k < 4; k++)
            p[k] = (unsigned char)(fp->paragraphs[i] >> (8 * k));
        p[4] = (unsigned char)fp->paragraph_terms[i];
        p[5] = (unsigned char)(fp->paragraph_terms[i] >> 8);
    }
    return fp->paragraph_count * PARAGRAPH_BYTES;
}

/* Decodes column `column` of the row; a malformed value is SQLITE_CORRUPT. */
static int decode_paragraphs(sqlite3_stmt *st, int column, defcon_fingerprint *fp)
{
    const unsigned char *p = sqlite3_column_blob(st, column);
    int bytes = sqlite3_column_bytes(st, column);

    fp->paragraph_count = 0;
    if (bytes % PARAGRAPH_BYTES != 0 || bytes > DEFCON_FINGERPRINT_PARAGRAPHS * PARAGRAPH_BYTES)
        return SQLITE_CORRUPT;
    for (int i = 0; p && i < bytes / PARAGRAPH_BYTES; i++, p += PARAGRAPH_BYTES) {
        fp->paragraphs[i] = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16
                            | (uint32_t)p[3] << 24;
        fp->paragraph_terms[i] = (uint16_t)(p[4] | p[5] << 8);
        if (i > 0 && fp->paragraphs[i] <= fp->paragraphs[i - 1])
            return SQLITE_CORRUPT;   /* the sample is kept ascending */
        fp->paragraph_count = i + 1;
    }
    return SQLITE_OK;
}

/* The headline sample's codec: the lead's Bloom filter, then the title
 * stems, 2 bytes each, little-endian. */
#define BLOOM_BYTES (8 * DEFCON_FINGERPRINT_LEAD_WORDS)
#define HEADLINE_BYTES_MAX (BLOOM_BYTES + 2 * DEFCON_FINGERPRINT_TITLE_STEMS)

static int encode_headline(const defcon_fingerprint *fp, unsigned char out[HEADLINE_BYTES_MAX])
{
    for (int i = 0; i < BLOOM_BYTES; i++)
        out[i] = (unsigned char)(fp->lead[i / 8] >> (8 * (i % 8)));
    for (int k = 0; k < fp->title_stem_count; k++) {
        out[BLOOM_BYTES + 2 * k] = (unsigned char)fp->title_stems[k];
        out[BLOOM_BYTES + 2 * k + 1] = (unsigned char)(fp->title_stems[k] >> 8);
    }
    return BLOOM_BYTES + 2 * fp->title_stem_count;
}

static int decode_headline(sqlite3_stmt *st, int column, defcon_fingerprint *fp)
{
    const unsigned char *p = sqlite3_column_blob(st, column);
    int bytes = sqlite3_column_bytes(st, column);

    memset(fp->lead, 0, sizeof fp->lead);
    fp->title_stem_count = 0;
    if (bytes == 0)
        return SQLITE_OK;
    if (!p || bytes < BLOOM_BYTES || bytes > HEADLINE_BYTES_MAX || bytes % 2 != 0)
        return SQLITE_CORRUPT;
    for (int i = 0; i < BLOOM_BYTES; i++)
        fp->lead[i / 8] |= (uint64_t)p[i] << (8 * (i % 8));
    fp->title_stem_count = (bytes - BLOOM_BYTES) / 2;
    for (int k = 0; k < fp->title_stem_count; k++)
        fp->title_stems[k] = (uint16_t)(p[BLOOM_BYTES + 2 * k] | p[BLOOM_BYTES + 2 * k + 1] << 8);
    return SQLITE_OK;
}

typedef struct loaded_day {
    long day;
    int precision;
} loaded_day;

struct defcon_copy_store {
    sqlite3 *db;
    sqlite3_stmt *statements[STATEMENTS];
    defcon_copies *copies;
    loaded_day *days;
    size_t day_count, day_capacity;
    long days_read;
    long memory_limit;     /* articles held before emptying */
};

int defcon_copy_store_open(sqlite3 *db, defcon_copy_store **out)
{
    defcon_copy_store *store = calloc(1, sizeof *store);
    int rc;

    *out = NULL;
    if (!store)
        return SQLITE_NOMEM;
    store->db = db;
    store->memory_limit = DEFCON_COPY_STORE_MEMORY;
    rc = sqlite3_exec(db, DEFCON_COPY_STORE_SCHEMA, NULL, NULL, NULL);
    for (int i = 0; rc == SQLITE_OK && i < STATEMENTS; i++)
        rc = sqlite3_prepare_v2(db, statement_sql[i], -1, &store->statements[i], NULL);
    if (rc == SQLITE_OK && defcon_copies_new(&store->copies) != 0)
        rc = SQLITE_NOMEM;
    if (rc != SQLITE_OK) {
        defcon_copy_store_close(store);
        return rc;
    }
    *out = store;
    return SQLITE_OK;
}

void defcon_copy_store_close(defcon_copy_store *store)
{
    if (!store)
        return;
    for (int i = 0; i < STATEMENTS; i++)
        sqlite3_finalize(store->statements[i]);
    defcon_copies_free(store->copies);
    free(store->days);
    free(store);
}

void defcon_copy_store_limit_memory(defcon_copy_store *store, long articles)
{
    store->memory_limit = articles < 1 ? 1 : articles;
}

long defcon_copy_store_days_read(const defcon_copy_store *store)
{
    return store->days_read;
}

static int compare_days(const loaded_day *a, long day, int precision)
{
    if (a->precision != precision)
        return a->precision < precision ? -1 : 1;
    return a->day < day ? -1 : a->day > day;
}

/* Where (precision, day) is or would go in the sorted array; *found
 * tells which. */
static size_t find_day(const defcon_copy_store *s, long day, int precision, int *found)
{
    size_t low = 0, high = s->day_count;

    while (low < high) {
        size_t mid = low + (high - low) / 2;
        int c = compare_days(&s->days[mid], day, precision);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0)
            low = mid + 1;
        else
            high = mid;
    }
    *found = 0;
    return low;
}

static int is_loaded(const defcon_copy_store *s, long day, int precision)
{
    int found;
    find_day(s, day, precision, &found);
    return found;
}

/* Reads the stored articles of one day into memory, once. */
static int load_day(defcon_copy_store *s, long day, int precision)
{
    sqlite3_stmt *st = s->statements[READ_DAY];
    int found, rc;
    size_t at = find_day(s, day, precision, &found);

    if (found)
        return SQLITE_OK;
    if (s->day_count == s->day_capacity
        && defcon_array_grow(&s->days, &s->day_capacity, sizeof *s->days, 64) != 0)
        return SQLITE_NOMEM;
    sqlite3_bind_int(st, 1, precision);
    sqlite3_bind_int64(st, 2, day);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        defcon_fingerprint fp;
        memset(&fp, 0, sizeof fp);
        fp.body = (uint64_t)sqlite3_column_int64(st, 1);
        fp.title = (uint64_t)sqlite3_column_int64(st, 2);
        fp.body_terms = (uint32_t)sqlite3_column_int64(st, 3);
        fp.precision = (defcon_date_precision)precision;
        fp.day = day;
        if ((rc = decode_paragraphs(st, 5, &fp)) != SQLITE_OK
            || (rc = decode_headline(st, 6, &fp)) != SQLITE_OK)
            break;
        if (defcon_copies_insert(s->copies, sqlite3_column_int64(st, 0), &fp,
                                 sqlite3_column_int64(st, 4)) != 0) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return rc;
    memmove(s->days + at + 1, s->days + at, (s->day_count - at) * sizeof *s->days);
    s->days[at] = (loaded_day){day, precision};
    s->day_count++;
    s->days_read++;
    return SQLITE_OK;
}

/* Loads the days an article's copies may have. */
static int load_neighbours(defcon_copy_store *s, const defcon_fingerprint *fp)
{
    long reach = fp->precision == DEFCON_DATE_DAY ? DEFCON_COPY_DAYS : 0;
    int rc = SQLITE_OK;

    if (defcon_copies_count(s->copies) >= s->memory_limit) {
        defcon_copies_clear(s->copies);
        s->day_count = 0;
    }
    for (long day = fp->day - reach; rc == SQLITE_OK && day <= fp->day + reach; day++)
        rc = load_day(s, day, (int)fp->precision);
    return rc;
}

int defcon_copy_store_add(defcon_copy_store *s, int64_t rowid, const defcon_fingerprint *fp,
                          int64_t *story, defcon_copy_reason *reason)
{
    sqlite3_stmt *st = s->statements[INSERT_ROW];
    unsigned char paragraphs[DEFCON_FINGERPRINT_PARAGRAPHS * PARAGRAPH_BYTES];
    unsigned char headline[HEADLINE_BYTES_MAX];
    int rc = load_neighbours(s, fp);

    if (rc != SQLITE_OK)
        return rc;
    if (defcon_copies_add(s->copies, rowid, fp, story, reason) != 0)
        return SQLITE_NOMEM;
    sqlite3_bind_int64(st, 1, rowid);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)fp->body);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)fp->title);
    sqlite3_bind_int64(st, 4, fp->body_terms);
    sqlite3_bind_int(st, 5, (int)fp->precision);
    sqlite3_bind_int64(st, 6, fp->day);
    sqlite3_bind_int64(st, 7, *story);
    sqlite3_bind_blob(st, 8, paragraphs, encode_paragraphs(fp, paragraphs), SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 9, headline, encode_headline(fp, headline), SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT) {   /* a row it had: replaced */
        sqlite3_stmt *gone = s->statements[DELETE_ROW];
        sqlite3_bind_int64(gone, 1, rowid);
        rc = sqlite3_step(gone);
        sqlite3_reset(gone);
        rc = rc == SQLITE_DONE ? sqlite3_step(st) : rc;
        sqlite3_reset(st);
    }
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Reads an article's row: its fingerprint and story. */
static int read_row(defcon_copy_store *s, int64_t rowid, defcon_fingerprint *fp, int64_t *story)
{
    sqlite3_stmt *st = s->statements[READ_ROW];
    int rc;

    sqlite3_bind_int64(st, 1, rowid);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        fp->body = (uint64_t)sqlite3_column_int64(st, 0);
        fp->title = (uint64_t)sqlite3_column_int64(st, 1);
        fp->body_terms = (uint32_t)sqlite3_column_int64(st, 2);
        fp->precision = (defcon_date_precision)sqlite3_column_int(st, 3);
        fp->day = (long)sqlite3_column_int64(st, 4);
        *story = sqlite3_column_int64(st, 5);
        rc = decode_paragraphs(st, 6, fp);
        if (rc == SQLITE_OK)
            rc = decode_headline(st, 7, fp);
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_NOTFOUND;
    }
    sqlite3_reset(st);
    return rc;
}

int defcon_copy_store_remove(defcon_copy_store *s, int64_t rowid)
{
    sqlite3_stmt *st = s->statements[DELETE_ROW];
    defcon_fingerprint fp;
    int64_t story;
    int rc = read_row(s, rowid, &fp, &story);

    if (rc == SQLITE_NOTFOUND)
        return SQLITE_OK;
    if (rc != SQLITE_OK)
        return rc;
    if (is_loaded(s, fp.day, (int)fp.precision))
        defcon_copies_remove(s->copies, rowid, &fp);
    sqlite3_bind_int64(st, 1, rowid);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int defcon_copy_store_story(defcon_copy_store *s, int64_t rowid, int64_t *story)
{
    defcon_fingerprint fp;

    return read_row(s, rowid, &fp, story);
}

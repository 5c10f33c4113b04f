/*
 * codes.c - the country codes of articles in rowid blocks; see codes.h.
 *
 * A rowid is a day's key and the article's number in the day (database.h).
 * A block is one row of article_codes(block, codes) and holds the articles
 * numbered n to n + 1,023 of 16 consecutive days: for an archive of up to
 * 1,024 articles a day, one block is 16 days. Its blob lists those of its
 * articles that have codes, in rowid order, each as two base-128 varints
 * (its offset in the block: day within the 16 << 10 | number within the
 * 1,024; the length of its codes) and the codes.
 */
#include "country_blocks.h"
#include "statements.h"
#include "array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "database.h"

#define DAYS_SHIFT 4              /* 16 days a block */
#define NUMBERS_SHIFT 10          /* 1,024 articles of a day a block */
#define BLOCK_ROWS (1 << (DAYS_SHIFT + NUMBERS_SHIFT))

static long long block_of(long long rowid)
{
    long long day = rowid >> DEFCON_ROWID_DAY_SHIFT;
    long long number = rowid & ((1LL << DEFCON_ROWID_DAY_SHIFT) - 1);

    return (day >> DAYS_SHIFT) << (DEFCON_ROWID_DAY_SHIFT - NUMBERS_SHIFT)
           | number >> NUMBERS_SHIFT;
}

static size_t offset_of(long long rowid)
{
    long long day = rowid >> DEFCON_ROWID_DAY_SHIFT;
    long long number = rowid & ((1LL << DEFCON_ROWID_DAY_SHIFT) - 1);

    return (size_t)((day & ((1 << DAYS_SHIFT) - 1)) << NUMBERS_SHIFT
                    | (number & ((1 << NUMBERS_SHIFT) - 1)));
}

typedef struct change {
    long long rowid;
    size_t order;             /* later changes of a rowid win */
    size_t codes, len;        /* in changes->codes; len 0: no codes */
} change;

struct defcon_code_changes {
    change *items;
    size_t count, capacity;
    defcon_buffer codes;
};

defcon_code_changes *defcon_code_changes_new(void)
{
    return calloc(1, sizeof(defcon_code_changes));
}

void defcon_code_changes_free(defcon_code_changes *changes)
{
    if (!changes)
        return;
    free(changes->items);
    defcon_buffer_free(&changes->codes);
    free(changes);
}

int defcon_code_changes_set(defcon_code_changes *changes, long long rowid, const char *codes)
{
    size_t len = codes ? strlen(codes) : 0;
    change *c;

    if (changes->count == changes->capacity
        && defcon_array_grow(&changes->items, &changes->capacity, sizeof *changes->items, 256)
               != 0)
        return -1;
    c = &changes->items[changes->count];
    c->rowid = rowid;
    c->order = changes->count;
    c->codes = changes->codes.len;
    c->len = len;
    if (len && defcon_buffer_append(&changes->codes, codes, len) != 0)
        return -1;
    changes->count++;
    return 0;
}

int defcon_code_changes_remove(defcon_code_changes *changes, long long rowid)
{
    return defcon_code_changes_set(changes, rowid, NULL);
}

/* By block, then rowid, then the order made. */
static int compare_changes(const void *a, const void *b)
{
    const change *x = a, *y = b;
    long long bx = block_of(x->rowid), by = block_of(y->rowid);

    if (bx != by)
        return bx < by ? -1 : 1;
    if (x->rowid != y->rowid)
        return x->rowid < y->rowid ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Reads the entry at *at of a block: its offset and codes. Returns 0, or
 * -1 at the end or on a malformed entry. */
static int block_entry(const unsigned char *block, size_t size, size_t *at, size_t *offset,
                       const char **codes, size_t *len)
{
    uint64_t offset_value, len_value;

    if (*at >= size || defcon_varint_read(block, size, at, 5, &offset_value) != 0
        || defcon_varint_read(block, size, at, 5, &len_value) != 0
        || offset_value >= BLOCK_ROWS || len_value == 0 || len_value > size - *at)
        return -1;
    *offset = (size_t)offset_value;
    *len = (size_t)len_value;
    *codes = (const char *)block + *at;
    *at += *len;
    return 0;
}

enum { READ_BLOCK, WRITE_BLOCK, DELETE_BLOCK };

/* Statements the writer keeps between calls. */
#define STATEMENT_COUNT 3

static const char *const block_sql[STATEMENT_COUNT] = {
    "SELECT codes FROM article_codes WHERE block = ?1",
    "INSERT OR REPLACE INTO article_codes(block, codes) VALUES(?1, ?2)",
    "DELETE FROM article_codes WHERE block = ?1",
};

/* Applies changes[0..n), all of one block. `codes` and `lens` have room
 * for BLOCK_ROWS entries. */
static int store_block(sqlite3_stmt **stmts, const defcon_code_changes *changes,
                       const change *items, size_t n, const char **codes, size_t *lens)
{
    size_t at = 0, offset, len, i;
    long long block = block_of(items[0].rowid);
    unsigned char *old = NULL;
    size_t old_size = 0;
    defcon_buffer out = DEFCON_BUFFER_INIT;
    const char *text;
    int rc;

    memset(lens, 0, BLOCK_ROWS * sizeof *lens);
    sqlite3_bind_int64(stmts[READ_BLOCK], 1, block);
    rc = sqlite3_step(stmts[READ_BLOCK]);
    if (rc == SQLITE_ROW) {
        old_size = (size_t)sqlite3_column_bytes(stmts[READ_BLOCK], 0);
        old = malloc(old_size + 1);
        if (old && old_size)
            memcpy(old, sqlite3_column_blob(stmts[READ_BLOCK], 0), old_size);
        rc = old ? SQLITE_OK : SQLITE_NOMEM;
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
    }
    sqlite3_reset(stmts[READ_BLOCK]);
    while (rc == SQLITE_OK && at < old_size) {
        if (block_entry(old, old_size, &at, &offset, &text, &len) != 0) {
            rc = SQLITE_CORRUPT;
            break;
        }
        codes[offset] = text;
        lens[offset] = len;
    }
    for (i = 0; rc == SQLITE_OK && i < n; i++) {
        offset = offset_of(items[i].rowid);
        codes[offset] = changes->codes.data + items[i].codes;
        lens[offset] = items[i].len;
    }
    for (offset = 0; rc == SQLITE_OK && offset < BLOCK_ROWS; offset++) {
        if (lens[offset] == 0)
            continue;
        if (defcon_buffer_put_varint(&out, offset) != 0
            || defcon_buffer_put_varint(&out, lens[offset]) != 0
            || defcon_buffer_append(&out, codes[offset], lens[offset]) != 0)
            rc = SQLITE_NOMEM;
    }
    if (rc == SQLITE_OK && out.len) {
        sqlite3_bind_int64(stmts[WRITE_BLOCK], 1, block);
        sqlite3_bind_blob(stmts[WRITE_BLOCK], 2, out.data, (int)out.len, SQLITE_STATIC);
        rc = sqlite3_step(stmts[WRITE_BLOCK]);
        sqlite3_reset(stmts[WRITE_BLOCK]);
    } else if (rc == SQLITE_OK && old) {
        sqlite3_bind_int64(stmts[DELETE_BLOCK], 1, block);
        rc = sqlite3_step(stmts[DELETE_BLOCK]);
        sqlite3_reset(stmts[DELETE_BLOCK]);
    }
    rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    defcon_buffer_free(&out);
    free(old);
    return rc;
}

static int store_changes(defcon_code_changes *changes,
                         sqlite3_stmt *stmt_cache[STATEMENT_COUNT])
{
    const char **codes;
    size_t i, j, *lens;
    int rc = SQLITE_OK;

    if (changes->count == 0)
        return SQLITE_OK;
    codes = malloc(BLOCK_ROWS * sizeof *codes);
    lens = malloc(BLOCK_ROWS * sizeof *lens);
    if (!codes || !lens)
        rc = SQLITE_NOMEM;
    qsort(changes->items, changes->count, sizeof *changes->items, compare_changes);
    for (i = 0; rc == SQLITE_OK && i < changes->count; i = j) {
        long long block = block_of(changes->items[i].rowid);
        for (j = i; j < changes->count && block_of(changes->items[j].rowid) == block; j++)
            ;
        rc = store_block(stmt_cache, changes, changes->items + i, j - i, codes, lens);
    }
    free(codes);
    free(lens);
    if (rc == SQLITE_OK) {
        changes->count = 0;
        defcon_buffer_clear(&changes->codes);
    }
    return rc;
}

/* ---- reading ---- */

struct defcon_code_reader {
    sqlite3_stmt *read;
    long long block;          /* the block the statement holds, -1: none */
    const unsigned char *data;
    size_t size;
    size_t at, offset;        /* where the last lookup stopped */
};

int defcon_code_reader_new(sqlite3 *db, defcon_code_reader **out)
{
    defcon_code_reader *reader = calloc(1, sizeof *reader);
    int rc;

    *out = NULL;
    if (!reader)
        return SQLITE_NOMEM;
    rc = sqlite3_prepare_v2(db, block_sql[READ_BLOCK], -1, &reader->read, NULL);
    if (rc != SQLITE_OK) {
        free(reader);
        return rc;
    }
    reader->block = -1;
    *out = reader;
    return SQLITE_OK;
}

int defcon_code_reader_get(defcon_code_reader *reader, long long rowid, const char **codes,
                           size_t *len)
{
    long long block = block_of(rowid);
    size_t want = offset_of(rowid), offset, at;
    const char *text;

    *codes = NULL;
    *len = 0;
    if (block != reader->block) {
        int rc;
        sqlite3_reset(reader->read);
        sqlite3_bind_int64(reader->read, 1, block);
        rc = sqlite3_step(reader->read);
        reader->block = block;
        reader->data = NULL;
        reader->size = 0;
        reader->at = 0;
        reader->offset = 0;
        if (rc == SQLITE_ROW) {
            reader->data = sqlite3_column_blob(reader->read, 0);
            reader->size = (size_t)sqlite3_column_bytes(reader->read, 0);
        } else if (rc != SQLITE_DONE) {
            reader->block = -1;
            return rc;
        }
    }
    /* Matches come in rowid order: go on from the last entry read. */
    if (want < reader->offset)
        reader->at = reader->offset = 0;
    for (at = reader->at; at < reader->size;) {
        size_t entry = at;
        if (block_entry(reader->data, reader->size, &at, &offset, &text, len) != 0) {
            *len = 0;
            return SQLITE_CORRUPT;
        }
        if (offset >= want) {
            /* The next lookup starts at this entry. */
            reader->at = entry;
            reader->offset = offset;
            if (offset == want) {
                *codes = text;
                return SQLITE_OK;
            }
            *len = 0;
            return SQLITE_OK;
        }
    }
    reader->at = reader->size;   /* past every entry of the block */
    reader->offset = want;
    *len = 0;
    return SQLITE_OK;
}

void defcon_code_reader_free(defcon_code_reader *reader)
{
    if (!reader)
        return;
    sqlite3_finalize(reader->read);
    free(reader);
}

int defcon_codes_count(sqlite3 *db, long long *articles)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT codes FROM article_codes ORDER BY block", -1, &stmt,
                                NULL);

    *articles = 0;
    while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const unsigned char *data = sqlite3_column_blob(stmt, 0);
        size_t size = (size_t)sqlite3_column_bytes(stmt, 0), at = 0, offset, len;
        const char *text;
        rc = size ? SQLITE_OK : SQLITE_CORRUPT;
        while (rc == SQLITE_OK && at < size) {
            if (block_entry(data, size, &at, &offset, &text, &len) != 0)
                rc = SQLITE_CORRUPT;
            else
                (*articles)++;
        }
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ---- the writer: the statements the country codes are written with ---- */

struct defcon_code_writer {
    defcon_statements statements;
};

int defcon_code_writer_new(sqlite3 *db, defcon_code_writer **out)
{
    int rc;

    *out = calloc(1, sizeof **out);
    if (!*out)
        return SQLITE_NOMEM;
    rc = defcon_statements_init(&(*out)->statements, db, block_sql, STATEMENT_COUNT);
    if (rc != SQLITE_OK) {
        defcon_code_writer_free(*out);
        *out = NULL;
    }
    return rc;
}

int defcon_code_writer_store(defcon_code_writer *writer, defcon_code_changes *changes)
{
    int rc = defcon_statements_prepare(&writer->statements);

    return rc == SQLITE_OK ? store_changes(changes, writer->statements.prepared) : rc;
}

void defcon_code_writer_free(defcon_code_writer *writer)
{
    if (!writer)
        return;
    defcon_statements_clear(&writer->statements);
    free(writer);
}

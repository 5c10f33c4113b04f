/*
 * term_counts.c - the article count of each term; see term_counts.h.
 *
 * Changes are kept in an open-addressing table keyed by the term's bytes,
 * placed by the hash a token carries (defcon_term_hash(), hash.h).
 * Each entry remembers the last article that counted it, so a term counts
 * once an article with one probe a token and no per-article set.
 */
#include "term_counts.h"
#include "statements.h"
#include "array.h"
#include "hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* 20 bytes: the indexer keeps a few tens of thousands at a time. */
typedef struct count_entry {
    uint32_t term;            /* offset of the term in counts->terms */
    uint32_t hash;
    uint32_t len;             /* 0 marks an empty slot */
    uint32_t article;         /* the last article that counted the term */
    int32_t change;
} count_entry;

struct defcon_term_counts {
    count_entry *slots;
    size_t slot_count;        /* a power of two */
    size_t used;
    uint32_t article;         /* number of the article being added */
    defcon_buffer terms;      /* the terms, back to back */
};

#define FIRST_SLOTS 1024

defcon_term_counts *defcon_term_counts_new(void)
{
    defcon_term_counts *counts = calloc(1, sizeof *counts);

    if (!counts)
        return NULL;
    counts->slots = defcon_array_zeroed(FIRST_SLOTS, sizeof *counts->slots);
    if (!counts->slots) {
        free(counts);
        return NULL;
    }
    counts->slot_count = FIRST_SLOTS;
    return counts;
}

void defcon_term_counts_free(defcon_term_counts *counts)
{
    if (!counts)
        return;
    free(counts->slots);
    defcon_buffer_free(&counts->terms);
    free(counts);
}

size_t defcon_term_counts_size(const defcon_term_counts *counts)
{
    return counts->used;
}

static int grow(defcon_term_counts *counts)
{
    size_t bigger = counts->slot_count * 2, i;
    count_entry *slots = defcon_array_zeroed(bigger, sizeof *slots);

    if (!slots)
        return -1;
    for (i = 0; i < counts->slot_count; i++) {
        const count_entry *e = &counts->slots[i];
        size_t at;
        if (e->len == 0)
            continue;
        for (at = e->hash & (bigger - 1); slots[at].len != 0; at = (at + 1) & (bigger - 1))
            ;
        slots[at] = *e;
    }
    free(counts->slots);
    counts->slots = slots;
    counts->slot_count = bigger;
    return 0;
}

/* memcmp() == 0 for the few bytes of a term, without the call. */
static inline int same_bytes(const char *a, const char *b, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* The entry of a term, added with no change if new; NULL when out of
 * memory. Called for every token an indexer worker counts: the table
 * grows only on an insert, and the bytes are compared only on a full
 * hash and length match. */
static inline count_entry *entry_of(defcon_term_counts *counts, const char *term, size_t len,
                                    uint32_t hash)
{
    size_t mask = counts->slot_count - 1, at;
    count_entry *e;

    for (at = hash & mask;; at = (at + 1) & mask) {
        e = &counts->slots[at];
        if (e->len == 0)
            break;
        if (e->hash == hash && e->len == len && same_bytes(counts->terms.data + e->term, term, len))
            return e;
    }
    if ((counts->used + 1) * 4 > counts->slot_count * 3) {
        if (grow(counts) != 0)
            return NULL;
        mask = counts->slot_count - 1;
        for (at = hash & mask; counts->slots[at].len != 0; at = (at + 1) & mask)
            ;
        e = &counts->slots[at];
    }
    if (counts->terms.len + len + 1 > UINT32_MAX || len > UINT32_MAX)
        return NULL;          /* never near: sets are stored long before */
    e->term = (uint32_t)counts->terms.len;
    if (defcon_buffer_append(&counts->terms, term, len) != 0
        || defcon_buffer_putc(&counts->terms, '\0') != 0)
        return NULL;
    e->hash = hash;
    e->len = (uint32_t)len;
    e->article = 0;
    e->change = 0;
    counts->used++;
    return e;
}

int defcon_term_counts_insert(defcon_term_counts *counts, const char *term, size_t len)
{
    size_t before = counts->used;

    if (!entry_of(counts, term, len, (uint32_t)defcon_term_hash(term, len)))
        return -1;
    return counts->used > before;
}

int defcon_term_counts_add_article(defcon_term_counts *counts,
                                   const defcon_tokens *const *lists, int list_count,
                                   int delta)
{
    /* Numbers wrap after 2^32 articles; 0 is never one. */
    uint32_t article = ++counts->article ? counts->article : ++counts->article;
    int k;

    for (k = 0; k < list_count; k++) {
        const defcon_tokens *tokens = lists[k];
        size_t i;
        for (i = 0; i < tokens->count; i++) {
            const defcon_token *t = &tokens->items[i];
            count_entry *e;
            if (t->term_len <= 0)
                continue;
            e = entry_of(counts, tokens->terms.data + t->term, (size_t)t->term_len,
                         (uint32_t)t->hash);
            if (!e)
                return -1;
            if (e->article != article) {
                e->article = article;
                e->change += delta;
            }
        }
    }
    return 0;
}

/* ---- the table: blocks of terms ---- */

/* A row of the terms table holds a block: up to BLOCK_TERMS consecutive
 * terms, each written as its bytes, a NUL, and its count as a base-128
 * varint, keyed by its first term. A flush rewrites the blocks its
 * changes fall in, a few hundred rows where a row a term would be tens of
 * thousands of inserts on the writer's thread; a lookup reads one block. */
#define BLOCK_TERMS 128

typedef struct term_count {
    const char *term;
    size_t len;
    long long count;
} term_count;

/* Orders as SQLite's BINARY collation orders the terms. */
static int compare_terms(const char *a, size_t a_len, const char *b, size_t b_len)
{
    int c = memcmp(a, b, a_len < b_len ? a_len : b_len);

    if (c != 0)
        return c;
    return a_len < b_len ? -1 : a_len > b_len;
}

static int compare_term_counts(const void *a, const void *b)
{
    const term_count *x = a, *y = b;
    return compare_terms(x->term, x->len, y->term, y->len);
}

/* Reads the entry at *at of a block; returns 0, or -1 at the end or on a
 * malformed block. */
static int block_next(const unsigned char *block, size_t size, size_t *at, term_count *out)
{
    const unsigned char *nul;
    uint64_t count;

    if (*at >= size)
        return -1;
    nul = memchr(block + *at, '\0', size - *at);
    if (!nul || nul == block + *at)
        return -1;
    out->term = (const char *)block + *at;
    out->len = (size_t)(nul - (block + *at));
    *at = (size_t)(nul - block) + 1;
    if (defcon_varint_read(block, size, at, 9, &count) != 0)
        return -1;
    out->count = (long long)count;
    return 0;
}

static int block_append(defcon_buffer *block, const term_count *entry)
{
    if (defcon_buffer_append(block, entry->term, entry->len) != 0
        || defcon_buffer_putc(block, '\0') != 0
        || defcon_buffer_put_varint(block, (uint64_t)entry->count) != 0)
        return -1;
    return 0;
}

enum { FIND_BLOCK, NEXT_BLOCK, DELETE_BLOCK, INSERT_BLOCK };

/* Statements the writer keeps between calls. */
#define STATEMENT_COUNT 4

static const char *const block_sql[STATEMENT_COUNT] = {
    "SELECT first, counts FROM terms WHERE first <= ?1 ORDER BY first DESC LIMIT 1",
    "SELECT first FROM terms WHERE first > ?1 ORDER BY first LIMIT 1",
    "DELETE FROM terms WHERE first = ?1",
    "INSERT OR REPLACE INTO terms(first, counts) VALUES(?1, ?2)",
};

/* Writes `entries` (sorted, counts above 0) as blocks of as many terms
 * each: a block grown past BLOCK_TERMS becomes two halves, not a full
 * block and a few terms, which the next flush would split again (a fresh
 * 1,000,000-article build left blocks of six terms on average). */
static int write_blocks(sqlite3_stmt *insert, const term_count *entries, size_t n)
{
    defcon_buffer block = DEFCON_BUFFER_INIT;
    size_t blocks = (n + BLOCK_TERMS - 1) / BLOCK_TERMS, b, i, j;
    int rc = SQLITE_OK;

    for (b = 0, i = 0; rc == SQLITE_OK && i < n; b++, i = j) {
        size_t end = n * (b + 1) / blocks;
        defcon_buffer_clear(&block);
        for (j = i; j < end; j++)
            if (block_append(&block, &entries[j]) != 0)
                rc = SQLITE_NOMEM;
        if (rc != SQLITE_OK)
            break;
        sqlite3_bind_text(insert, 1, entries[i].term, (int)entries[i].len, SQLITE_STATIC);
        sqlite3_bind_blob(insert, 2, block.data, (int)block.len, SQLITE_STATIC);
        rc = sqlite3_step(insert);
        sqlite3_reset(insert);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    defcon_buffer_free(&block);
    return rc;
}

/* Steps `stmt` once and copies the first `columns` columns of its row (as
 * bytes, NUL-terminated) into copies[], lengths into lens[]; without a row
 * the copies stay NULL. Resets the statement. Returns an SQLite code. */
static int step_copy(sqlite3_stmt *stmt, int columns, char **copies, size_t *lens)
{
    int rc = sqlite3_step(stmt), i;

    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    else if (rc == SQLITE_ROW)
        rc = SQLITE_OK;
    else
        columns = 0;
    for (i = 0; rc == SQLITE_OK && i < columns && sqlite3_data_count(stmt) > 0; i++) {
        const void *bytes = sqlite3_column_blob(stmt, i);
        lens[i] = (size_t)sqlite3_column_bytes(stmt, i);
        copies[i] = malloc(lens[i] + 1);
        if (!copies[i]) {
            rc = SQLITE_NOMEM;
            break;
        }
        if (lens[i])
            memcpy(copies[i], bytes, lens[i]);
        copies[i][lens[i]] = '\0';
    }
    sqlite3_reset(stmt);
    return rc;
}

/* Applies changes[0..n) (sorted) that fall in one block: the block
 * holding changes[0] (none if it comes before every block). Sets *used
 * to the changes applied. */
static int apply_to_block(sqlite3_stmt **stmts, const term_count *changes, size_t n,
                          size_t *used)
{
    char *found[2] = {NULL, NULL}, *next = NULL;
    size_t found_len[2] = {0, 0}, next_len = 0, at = 0, k, merged_count = 0;
    const char *first;
    const unsigned char *old;
    size_t first_len, old_size;
    term_count *merged = NULL, entry;
    int rc, has_entry;

    sqlite3_bind_text(stmts[FIND_BLOCK], 1, changes[0].term, (int)changes[0].len, SQLITE_STATIC);
    rc = step_copy(stmts[FIND_BLOCK], 2, found, found_len);
    first = found[0];
    first_len = found_len[0];
    old = (const unsigned char *)found[1];
    old_size = found_len[1];
    /* The block ends where the next one starts. */
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmts[NEXT_BLOCK], 1, first ? first : "", (int)first_len,
                          SQLITE_STATIC);
        rc = step_copy(stmts[NEXT_BLOCK], 1, &next, &next_len);
    }
    for (k = 0; k < n; k++)
        if (next && compare_terms(changes[k].term, changes[k].len, next, next_len) >= 0)
            break;
    *used = k > 0 ? k : 1;
    if (rc == SQLITE_OK) {
        merged = malloc((k + old_size / 2 + 1) * sizeof *merged);
        if (!merged)
            rc = SQLITE_NOMEM;
    }
    /* Merge the block's entries with the changes; drop what reaches 0. */
    has_entry = rc == SQLITE_OK && block_next(old, old_size, &at, &entry) == 0;
    for (k = 0; rc == SQLITE_OK && (has_entry || k < *used);) {
        int c = !has_entry ? 1 : k == *used ? -1
                : compare_terms(entry.term, entry.len, changes[k].term, changes[k].len);
        term_count out = c < 0 ? entry : changes[k];
        if (c == 0)
            out.count = entry.count + changes[k].count;
        if (c <= 0)
            has_entry = block_next(old, old_size, &at, &entry) == 0;
        if (c >= 0)
            k++;
        if (out.count > 0)
            merged[merged_count++] = out;
    }
    /* A block that keeps its first term is replaced in place. */
    if (rc == SQLITE_OK && first
        && !(merged_count > 0
             && compare_terms(merged[0].term, merged[0].len, first, first_len) == 0)) {
        sqlite3_bind_text(stmts[DELETE_BLOCK], 1, first, (int)first_len, SQLITE_STATIC);
        rc = sqlite3_step(stmts[DELETE_BLOCK]);
        sqlite3_reset(stmts[DELETE_BLOCK]);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    if (rc == SQLITE_OK)
        rc = write_blocks(stmts[INSERT_BLOCK], merged, merged_count);
    free(merged);
    free(found[0]);
    free(found[1]);
    free(next);
    return rc;
}

static void clear(defcon_term_counts *counts)
{
    memset(counts->slots, 0, counts->slot_count * sizeof *counts->slots);
    counts->used = 0;
    defcon_buffer_clear(&counts->terms);
}

int defcon_term_counts_merge(defcon_term_counts *into, defcon_term_counts *from)
{
    size_t i;

    for (i = 0; i < from->slot_count; i++) {
        const count_entry *f = &from->slots[i];
        count_entry *e;
        if (f->len == 0 || f->change == 0)
            continue;
        e = entry_of(into, from->terms.data + f->term, f->len, f->hash);
        if (!e)
            return -1;
        e->change += f->change;
    }
    clear(from);
    return 0;
}

static int store_changes(defcon_term_counts *counts,
                         sqlite3_stmt *stmt_cache[STATEMENT_COUNT])
{
    term_count *changes;
    size_t n = 0, i, used;
    int rc = SQLITE_OK;

    if (counts->used == 0)
        return SQLITE_OK;
    changes = malloc(counts->used * sizeof *changes);
    if (!changes)
        return SQLITE_NOMEM;
    for (i = 0; i < counts->slot_count; i++) {
        const count_entry *e = &counts->slots[i];
        if (e->len != 0 && e->change != 0) {
            changes[n].term = counts->terms.data + e->term;
            changes[n].len = e->len;
            changes[n++].count = e->change;
        }
    }
    qsort(changes, n, sizeof *changes, compare_term_counts);
    for (i = 0; rc == SQLITE_OK && i < n; i += used)
        rc = apply_to_block(stmt_cache, changes + i, n - i, &used);
    free(changes);
    if (rc == SQLITE_OK)
        clear(counts);
    return rc;
}

/* Finds `term` in the block the statement returned. */
static long long count_in_block(sqlite3_stmt *stmt, const char *term, size_t len)
{
    const unsigned char *block = sqlite3_column_blob(stmt, 1);
    size_t size = (size_t)sqlite3_column_bytes(stmt, 1), at = 0;
    term_count entry;

    while (block && block_next(block, size, &at, &entry) == 0)
        if (entry.len == len && memcmp(entry.term, term, len) == 0)
            return entry.count;
    return 0;
}

int defcon_terms_lookup(sqlite3 *db, sqlite3_stmt **stmt, const char *term, size_t len,
                        long long *articles)
{
    int rc = SQLITE_OK;

    *articles = 0;
    if (!*stmt)
        rc = sqlite3_prepare_v2(db, block_sql[FIND_BLOCK], -1, stmt, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_text(*stmt, 1, term, (int)len, SQLITE_STATIC);
    rc = sqlite3_step(*stmt);
    if (rc == SQLITE_ROW)
        *articles = count_in_block(*stmt, term, len);
    sqlite3_reset(*stmt);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int defcon_terms_each(sqlite3 *db, defcon_term_visitor visit, void *context)
{
    return defcon_terms_range(db, NULL, 0, NULL, 0, visit, context);
}

int defcon_terms_range(sqlite3 *db, const char *low, size_t low_len, const char *high,
                       size_t high_len, defcon_term_visitor visit, void *context)
{
    sqlite3_stmt *stmt = NULL;
    /* From the block holding `low` (the last to start at or before it). */
    int rc = sqlite3_prepare_v2(db, "SELECT first, counts FROM terms WHERE first >= coalesce("
                                    "(SELECT first FROM terms WHERE first <= ?1 ORDER BY first"
                                    " DESC LIMIT 1), '') AND (?2 IS NULL OR first < ?2)"
                                    " ORDER BY first", -1, &stmt, NULL);
    int done = 0;

    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, low ? low : "", low ? (int)low_len : 0, SQLITE_STATIC);
        if (high)
            sqlite3_bind_text(stmt, 2, high, (int)high_len, SQLITE_STATIC);
    }
    while (rc == SQLITE_OK && !done && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const unsigned char *block = sqlite3_column_blob(stmt, 1);
        size_t size = (size_t)sqlite3_column_bytes(stmt, 1), at = 0;
        term_count entry;
        int entries = 0;
        rc = SQLITE_OK;
        while (rc == SQLITE_OK && !done && at < size) {
            if (block_next(block, size, &at, &entry) != 0 || entry.count <= 0)
                rc = SQLITE_CORRUPT;
            else if (entries++ == 0
                     && (size_t)sqlite3_column_bytes(stmt, 0) != entry.len)
                rc = SQLITE_CORRUPT;   /* the key is the block's first term */
            else if (low && compare_terms(entry.term, entry.len, low, low_len) < 0)
                continue;
            else if (high && compare_terms(entry.term, entry.len, high, high_len) >= 0)
                done = 1;
            else if (visit(context, entry.term, entry.len, entry.count) != 0)
                rc = SQLITE_ABORT;
        }
        if (rc == SQLITE_OK && entries == 0)
            rc = SQLITE_CORRUPT;
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE || rc == SQLITE_ABORT || (rc == SQLITE_OK && done) ? SQLITE_OK : rc;
}

/* ---- the writer: the statements the term counts are written with ---- */

struct defcon_term_writer {
    defcon_statements statements;
};

int defcon_term_writer_new(sqlite3 *db, defcon_term_writer **out)
{
    int rc;

    *out = calloc(1, sizeof **out);
    if (!*out)
        return SQLITE_NOMEM;
    rc = defcon_statements_init(&(*out)->statements, db, block_sql, STATEMENT_COUNT);
    if (rc != SQLITE_OK) {
        defcon_term_writer_free(*out);
        *out = NULL;
    }
    return rc;
}

int defcon_term_writer_store(defcon_term_writer *writer, defcon_term_counts *counts)
{
    int rc = defcon_statements_prepare(&writer->statements);

    return rc == SQLITE_OK ? store_changes(counts, writer->statements.prepared) : rc;
}

void defcon_term_writer_free(defcon_term_writer *writer)
{
    if (!writer)
        return;
    defcon_statements_clear(&writer->statements);
    free(writer);
}

/*
 * test_codes.c - the country codes of articles in rowid blocks
 * (src/index/country_blocks.c): rounds of articles written, rewritten and removed, stored
 * a batch at a time, read back in rowid order (as facets read them) and in
 * any order, exactly as a plain reference says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "check.h"
#include "country_blocks.h"

#define ROWS 6000

static const char *const samples[] = {"US", "IR", "KP IR RU", "GB FR", "SU", "CN JP KR US DE"};
static const char *reference[ROWS];   /* NULL: no codes */

static unsigned long next_random(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

/* Rowid of article i: several days of 2^24 rowids, gaps, and runs that
 * cross the blocks of 1,024. */
static long long rowid_of(int i)
{
    return (long long)(100 + i / 2000) * (1LL << 24) + (i % 2000) * 3 / 2;
}

static void check_all(sqlite3 *db, int ascending)
{
    defcon_code_reader *reader = NULL;
    long long stored = -1, with_codes = 0;
    int i, k, wrong = 0;

    CHECK(defcon_code_reader_new(db, &reader) == SQLITE_OK);
    if (!reader)
        return;
    for (k = 0; k < ROWS; k++) {
        const char *codes;
        size_t len;
        i = ascending ? k : (int)((k * 7919L) % ROWS);
        CHECK(defcon_code_reader_get(reader, rowid_of(i), &codes, &len) == SQLITE_OK);
        if (reference[i] ? len != strlen(reference[i]) || memcmp(codes, reference[i], len) != 0
                         : len != 0) {
            if (wrong++ < 5)
                printf("article %d: stored \"%.*s\", expected \"%s\"\n", i, (int)len,
                       len ? codes : "", reference[i] ? reference[i] : "");
        }
        with_codes += reference[i] != NULL;
    }
    CHECK_LONG(wrong, 0);
    CHECK(defcon_codes_count(db, &stored) == SQLITE_OK);
    CHECK_LONG(stored, with_codes);
    defcon_code_reader_free(reader);
}

int main(void)
{
    sqlite3 *db = NULL;
    defcon_code_writer *code_writer = NULL;
    defcon_code_changes *changes = defcon_code_changes_new();
    unsigned long state = 11;
    int round, k, i;

    CHECK(changes != NULL);
    CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
    CHECK(defcon_code_writer_new(db, &code_writer) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "CREATE TABLE article_codes(block INTEGER PRIMARY KEY,"
                           " codes BLOB NOT NULL)", NULL, NULL, NULL) == SQLITE_OK);
    for (round = 0; round < 8; round++) {
        /* A batch: some articles get codes, lose them or are removed, a
         * few twice (the later change wins). */
        for (k = 0; k < 1500; k++) {
            unsigned long r = next_random(&state);
            i = (int)(r % ROWS);
            if (round == 7 || r % 5 == 0) {
                CHECK(defcon_code_changes_remove(changes, rowid_of(i)) == 0);
                reference[i] = NULL;
            } else if (r % 7 == 0) {
                CHECK(defcon_code_changes_set(changes, rowid_of(i), "") == 0);
                reference[i] = NULL;
            } else {
                reference[i] = samples[r / 7 % 6];
                CHECK(defcon_code_changes_set(changes, rowid_of(i), reference[i]) == 0);
            }
        }
        CHECK(defcon_code_writer_store(code_writer, changes) == SQLITE_OK);
        check_all(db, 1);
        check_all(db, 0);
    }
    /* A damaged block is reported, not read past. */
    CHECK(defcon_code_changes_set(changes, rowid_of(1), "US") == 0);
    CHECK(defcon_code_writer_store(code_writer, changes) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "UPDATE article_codes SET codes = x'0105'", NULL, NULL, NULL)
          == SQLITE_OK);
    {
        defcon_code_reader *reader = NULL;
        const char *codes;
        size_t len;
        long long count;
        CHECK(defcon_code_reader_new(db, &reader) == SQLITE_OK);
        CHECK(defcon_code_reader_get(reader, rowid_of(1), &codes, &len) == SQLITE_CORRUPT);
        CHECK(defcon_codes_count(db, &count) == SQLITE_CORRUPT);
        defcon_code_reader_free(reader);
    }
    defcon_code_writer_free(code_writer);
    defcon_code_writer_free(NULL);
    sqlite3_close(db);
    defcon_code_changes_free(changes);
    defcon_code_changes_free(NULL);
    return check_finish();
}

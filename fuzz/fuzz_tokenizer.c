/*
 * fuzz_tokenizer.c - libFuzzer target: the "defcon" FTS5 tokenizer
 * (tokenizer.h).
 *
 * The input, raw bytes (FTS5 hands the tokenizer whatever a client
 * stores or matches), is tokenized and folded: every token must lie
 * inside the text, in order, with its term inside the term buffer, and
 * valid UTF-8 in gives valid UTF-8 terms out. Some small inputs also go
 * through FTS5 itself: stored in a table that uses the tokenizer, matched
 * and deleted, and FTS5's own integrity check must pass.
 */
#include <sqlite3.h>
#include <string.h>

#include "fuzz.h"
#include "text.h"
#include "tokenizer.h"

static sqlite3 *db;
static defcon_tokenizer *tokenizer;
static sqlite3_stmt *insert, *match, *erase, *check;

static void open_once(void)
{
    if (db)
        return;
    fuzz_require(sqlite3_open(":memory:", &db) == SQLITE_OK, "open an in-memory database");
    fuzz_require(defcon_tokenizer_register(db, NULL) == SQLITE_OK, "register the tokenizer");
    fuzz_require(defcon_tokenizer_new(db, &tokenizer) == SQLITE_OK, "create a tokenizer");
    fuzz_require(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='defcon')",
                              NULL, NULL, NULL) == SQLITE_OK, "create an FTS5 table");
    fuzz_require(sqlite3_prepare_v2(db, "INSERT INTO t(rowid, body) VALUES(1, ?1)", -1, &insert,
                                    NULL) == SQLITE_OK
                 && sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &match,
                                       NULL) == SQLITE_OK
                 && sqlite3_prepare_v2(db, "DELETE FROM t WHERE rowid = 1", -1, &erase, NULL)
                        == SQLITE_OK
                 && sqlite3_prepare_v2(db, "INSERT INTO t(t, rank) VALUES('integrity-check', 1)",
                                       -1, &check, NULL) == SQLITE_OK,
                 "prepare the statements");
}

static void require_tokens(const defcon_tokens *tokens, size_t len, int utf8)
{
    size_t i;
    int previous = 0;

    for (i = 0; i < tokens->count; i++) {
        const defcon_token *t = &tokens->items[i];
        fuzz_require(t->start >= previous && t->start <= t->end && (size_t)t->end <= len,
                     "token offsets lie inside the text, in order");
        fuzz_require(t->term_len > 0 && t->term + (size_t)t->term_len <= tokens->terms.len,
                     "the term lies inside the term buffer");
        if (utf8)
            fuzz_require(defcon_text_utf8_check(tokens->terms.data + t->term, (size_t)t->term_len)
                             == (size_t)t->term_len,
                         "UTF-8 text gives UTF-8 terms");
        previous = t->start;
    }
}

static int step_reset(sqlite3_stmt *stmt)
{
    int rc = sqlite3_step(stmt);

    sqlite3_reset(stmt);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    int utf8 = defcon_text_utf8_check(text, size) == size;
    defcon_tokens tokens;

    open_once();
    memset(&tokens, 0, sizeof tokens);
    fuzz_require(defcon_tokenizer_run(tokenizer, text, size, &tokens, NULL, NULL) == SQLITE_OK,
                 "tokenize");
    require_tokens(&tokens, size, utf8);
    defcon_tokens_reset(&tokens);
    fuzz_require(defcon_tokenizer_fold(tokenizer, text, size, &tokens) == SQLITE_OK, "fold");
    require_tokens(&tokens, size, utf8);
    defcon_tokens_free(&tokens);

    /* FTS5's own path is slower: one input in eight takes it. */
    if (size <= 4096 && size > 0 && data[0] % 8 == 0) {
        sqlite3_bind_text(insert, 1, text, (int)size, SQLITE_STATIC);
        fuzz_require(step_reset(insert) == SQLITE_DONE, "FTS5 stores the text");
        /* A query runs over the stored text. */
        sqlite3_bind_text(match, 1, "\"a\"", -1, SQLITE_STATIC);
        fuzz_require(step_reset(match) == SQLITE_ROW, "FTS5 matches");
        fuzz_require(step_reset(check) == SQLITE_DONE, "FTS5's integrity check passes");
        fuzz_require(step_reset(erase) == SQLITE_DONE, "FTS5 deletes the text");
        sqlite3_clear_bindings(insert);
    }
    return 0;
}

/*
 * fuzz_query.c - libFuzzer target: query translation (query.h).
 *
 * The input is a query as typed. Whatever the translator accepts, FTS5
 * must accept too: the expression runs against a small table that uses
 * our tokenizer, alone and inside the column filter the search module
 * wraps it in. A rejected query must say why. The words for
 * highlighting are collected as well.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "query.h"
#include "tokenizer.h"

static sqlite3 *db;
static sqlite3_stmt *match;

static void open_once(void)
{
    static const char *const rows[] = {
        "INSERT INTO t VALUES('Oil prices rise', 'OPEC ministers met in Vienna on crude output', 'IR')",
        "INSERT INTO t VALUES('Zarif visit', 'Zarif''s U.S.-Iran talks, 50% of AT&T, C++ at 10:30', 'KP')",
        "INSERT INTO t VALUES('Sanitized report', 'kim jong un met officials to sanitize it', 'US')",
    };
    size_t i;

    if (db)
        return;
    fuzz_require(sqlite3_open(":memory:", &db) == SQLITE_OK, "open an in-memory database");
    fuzz_require(defcon_tokenizer_register(db, NULL) == SQLITE_OK, "register the tokenizer");
    fuzz_require(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(title, body, countries,"
                                  " tokenize='defcon')", NULL, NULL, NULL) == SQLITE_OK,
                 "create an FTS5 table");
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
        fuzz_require(sqlite3_exec(db, rows[i], NULL, NULL, NULL) == SQLITE_OK, "fill the table");
    fuzz_require(sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &match,
                                    NULL) == SQLITE_OK, "prepare the match");
}

/* Stems as the index's vocabulary would give them: folded letters and
 * digits of the prefix, plus a longer form. */
static int expand(void *context, const char *prefix, defcon_buffer *stems)
{
    size_t i;
    int rc = 0;

    (void)context;
    for (i = 0; prefix[i] && i < 12; i++) {
        char c = prefix[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            rc |= defcon_buffer_putc(stems, c);
        else if (c >= 'A' && c <= 'Z')
            rc |= defcon_buffer_putc(stems, (char)(c - 'A' + 'a'));
    }
    rc |= defcon_buffer_append(stems, "e\0ize\0", 6);
    return rc ? -1 : 0;
}

static void require_fts5_accepts(const char *expression)
{
    int rc;

    sqlite3_bind_text(match, 1, expression, -1, SQLITE_STATIC);
    rc = sqlite3_step(match);
    if (rc != SQLITE_ROW)
        fprintf(stderr, "FTS5 refuses \"%s\": %s\n", expression, sqlite3_errmsg(db));
    sqlite3_reset(match);
    fuzz_require(rc == SQLITE_ROW, "FTS5 accepts every translated query");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    defcon_buffer expression = DEFCON_BUFFER_INIT, wrapped = DEFCON_BUFFER_INIT,
                  words = DEFCON_BUFFER_INIT;
    char error[512];
    char *query = malloc(size + 1);
    defcon_query *parsed = NULL;
    defcon_query_status status;

    if (!query)
        return 0;
    memcpy(query, data, size);
    query[size] = '\0';
    open_once();
    error[0] = '\0';
    status = defcon_query_translate(query, expand, NULL, &expression, error, sizeof error);
    if (status == DEFCON_QUERY_OK) {
        fuzz_require(expression.len > 0, "a translated query is not empty");
        fuzz_require_text(expression.data, expression.len, "the expression is UTF-8");
        require_fts5_accepts(expression.data);
        fuzz_require(defcon_buffer_printf(&wrapped, "{title body} : (%s)", expression.data) == 0,
                     "memory");
        require_fts5_accepts(wrapped.data);
    } else {
        fuzz_require(error[0] != '\0', "a query that does not translate says why");
    }
    if (defcon_query_parse(query, &parsed, NULL, 0) == DEFCON_QUERY_OK)
        fuzz_require(defcon_query_words(parsed, &words) == 0, "collect the words");
    defcon_query_free(parsed);
    defcon_buffer_free(&expression);
    defcon_buffer_free(&wrapped);
    defcon_buffer_free(&words);
    free(query);
    return 0;
}

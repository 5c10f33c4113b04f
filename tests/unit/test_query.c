/*
 * test_query.c - unit tests of the query language (src/search/query.c).
 *
 * Each form of the language has its exact expected FTS5 expression, each
 * mistake its exact message. Every expression the translator writes here,
 * including those for thousands of generated junk queries and for queries
 * nested as deep as the language allows, is run against an in-memory FTS5
 * table, so a syntax error FTS5 would raise fails the test. A fake prefix
 * expander checks how stems are ORed in.
 */
#include "query.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tokenizer.h"

static sqlite3 *db;
static sqlite3_stmt *match_statement;
static char fts_error[512];

/* --- FTS5 ------------------------------------------------------------------ */

static const char *const rows[][2] = {
    {"Iran talks resume", "Zarif's U.S.-Iran e-mail about C++ at 10:30: 50% of AT&T"},
    {"Oil prices", "oil prices fall as sanctions on Iraq bite"},
    {"Kim Jong Un visits", "kim jong un met officials; sanitize the report"},
};

static void open_fts(void)
{
    sqlite3_stmt *insert;
    size_t i;

    if (sqlite3_open(":memory:", &db) != SQLITE_OK
        || sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(title, body)", NULL, NULL,
                        NULL) != SQLITE_OK
        || sqlite3_prepare_v2(db, "INSERT INTO t(title, body) VALUES (?1, ?2)", -1, &insert,
                              NULL) != SQLITE_OK) {
        fprintf(stderr, "cannot set up FTS5: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        sqlite3_bind_text(insert, 1, rows[i][0], -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 2, rows[i][1], -1, SQLITE_STATIC);
        if (sqlite3_step(insert) != SQLITE_DONE) {
            fprintf(stderr, "cannot insert: %s\n", sqlite3_errmsg(db));
            exit(1);
        }
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1,
                           &match_statement, NULL) != SQLITE_OK) {
        fprintf(stderr, "cannot prepare: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
}

/* Runs `expression` through FTS5: returns how many rows match, or -1 when
 * FTS5 rejects it (the reason in fts_error). */
static long fts_count(const char *expression)
{
    long count = -1;

    sqlite3_bind_text(match_statement, 1, expression, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(match_statement) == SQLITE_ROW)
        count = sqlite3_column_int64(match_statement, 0);
    else
        snprintf(fts_error, sizeof fts_error, "%s", sqlite3_errmsg(db));
    sqlite3_reset(match_statement);
    sqlite3_clear_bindings(match_statement);
    return count;
}

/* --- A fake expander ---------------------------------------------------------- */

struct expander_log {
    int calls;
    char last_prefix[64];
};

static int fake_expander(void *context, const char *prefix, defcon_buffer *stems)
{
    struct expander_log *log = context;

    if (log) {
        log->calls++;
        snprintf(log->last_prefix, sizeof log->last_prefix, "%s", prefix);
    }
    if (strcmp(prefix, "sanitiz") == 0)
        return defcon_buffer_append(stems, "sanit\0", 6);
    if (strcmp(prefix, "nucl") == 0)
        return defcon_buffer_append(stems, "nuclear\0nucleus\0", 16);
    if (strcmp(prefix, "odd") == 0)   /* empty, quoted, punctuation, control, bad UTF-8 */
        return defcon_buffer_append(stems, "\0a\"b\0+++\0x\ty\0\xC3(\0ok", 19);
    if (strcmp(prefix, "fail") == 0)
        return -1;
    return 0;
}

/* --- Helpers ------------------------------------------------------------------ */

static const char *status_name(defcon_query_status status)
{
    return status == DEFCON_QUERY_OK ? "OK" : status == DEFCON_QUERY_EMPTY ? "EMPTY" : "ERROR";
}

static void expect_expression(const char *query, const char *want, int line)
{
    defcon_buffer expression = DEFCON_BUFFER_INIT;
    char error[256];
    defcon_query_status status;
    long count;

    status = defcon_query_translate(query, fake_expander, NULL, &expression, error,
                                    sizeof error);
    if (status != DEFCON_QUERY_OK)
        fprintf(stderr, "%s:%d: %s: %s for [%s]\n", __FILE__, line, status_name(status),
                error, query);
    check_str(defcon_buffer_cstr(&expression), want, query, __FILE__, line);
    count = fts_count(defcon_buffer_cstr(&expression));
    if (count < 0)
        fprintf(stderr, "%s:%d: FTS5 rejects [%s]: %s\n", __FILE__, line,
                defcon_buffer_cstr(&expression), fts_error);
    check_true(status == DEFCON_QUERY_OK && count >= 0, "valid FTS5 expression", __FILE__,
               line);
    defcon_buffer_free(&expression);
}

static void expect_error(const char *query, const char *want, int line)
{
    defcon_buffer expression = DEFCON_BUFFER_INIT;
    char error[256];
    defcon_query_status status;

    status = defcon_query_translate(query, fake_expander, NULL, &expression, error,
                                    sizeof error);
    check_str(status_name(status), "ERROR", query, __FILE__, line);
    check_str(error, want, query, __FILE__, line);
    check_str(defcon_buffer_cstr(&expression), "", "no expression on error", __FILE__, line);
    defcon_buffer_free(&expression);
}

static void expect_empty(const char *query, int line)
{
    defcon_buffer expression = DEFCON_BUFFER_INIT;
    char error[256];

    check_str(status_name(defcon_query_translate(query, fake_expander, NULL, &expression,
                                                 error, sizeof error)),
              "EMPTY", query, __FILE__, line);
    check_str(defcon_buffer_cstr(&expression), "", query, __FILE__, line);
    defcon_buffer_free(&expression);
}

/* How many rows of the test table `query` finds (-1: not OK or invalid). */
static long rows_found(const char *query)
{
    defcon_buffer expression = DEFCON_BUFFER_INIT;
    char error[256];
    long count = -1;

    if (defcon_query_translate(query, NULL, NULL, &expression, error, sizeof error)
        == DEFCON_QUERY_OK)
        count = fts_count(defcon_buffer_cstr(&expression));
    defcon_buffer_free(&expression);
    return count;
}

/* The words of a query typed as `text` (none when it does not parse). */
static int text_words(const char *text, defcon_buffer *words)
{
    defcon_query *query;
    int rc = 0;

    if (defcon_query_parse(text, &query, NULL, 0) == DEFCON_QUERY_OK)
        rc = defcon_query_words(query, words);
    defcon_query_free(query);
    return rc;
}

/* The words of `query`, joined by '|'. */
static char *words_of(const char *query)
{
    defcon_buffer words = DEFCON_BUFFER_INIT;
    size_t i;

    if (text_words(query, &words) != 0)
        return NULL;
    for (i = 0; i < words.len; i++)
        if (words.data[i] == '\0')
            words.data[i] = '|';
    if (words.len == 0 && defcon_buffer_puts(&words, "") != 0)
        return NULL;
    return defcon_buffer_detach(&words);
}

#define EXPECT(query, want) expect_expression((query), (want), __LINE__)
#define EXPECT_ERROR(query, want) expect_error((query), (want), __LINE__)
#define EXPECT_EMPTY(query) expect_empty((query), __LINE__)

/* --- The forms of the language ------------------------------------------------ */

static void test_words(void)
{
    EXPECT("iran", "\"iran\"");
    EXPECT("  iran   sanctions ", "\"iran\" AND \"sanctions\"");
    EXPECT("iran\tsanctions\n", "\"iran\" AND \"sanctions\"");
    EXPECT("U.S.-Iran", "\"U.S.-Iran\"");
    EXPECT("Zarif's", "\"Zarif's\"");
    EXPECT("C++", "\"C++\"");
    EXPECT("Kim?", "\"Kim?\"");
    EXPECT("50%", "\"50%\"");
    EXPECT("AT&T", "\"AT&T\"");
    EXPECT("e-mail", "\"e-mail\"");
    EXPECT("5'10\"", "\"5'10\"\"\"");
    EXPECT("Zarif\"s", "\"Zarif\"\"s\"");
    EXPECT("caf\xC3\xA9", "\"caf\xC3\xA9\"");
    EXPECT("a +++ b", "\"a\" AND \"b\"");
    EXPECT("oil \xE2\x80\x94 prices", "\"oil\" AND \"prices\"");     /* an em dash */
    EXPECT("a | b & c", "\"a\" AND \"b\" AND \"c\"");
    EXPECT("or and not near", "\"or\" AND \"and\" AND \"not\" AND \"near\"");
    EXPECT("Or aNd Not Near", "\"Or\" AND \"aNd\" AND \"Not\" AND \"Near\"");
    EXPECT("NEAR", "\"NEAR\"");
    EXPECT("NEAR (a b)", "\"NEAR\" AND \"a\" AND \"b\"");
    EXPECT("'; DROP TABLE articles; --", "\"DROP\" AND \"TABLE\" AND \"articles;\"");
    EXPECT("a - b", "\"a\" AND \"b\"");
    EXPECT("--a", "\"--a\"");
    EXPECT("^a {b} c,d", "\"^a\" AND \"{b}\" AND \"c,d\"");
    /* Invalid UTF-8 becomes U+FFFD, which is not a word character. */
    EXPECT("caf\xE9 \xFF", "\"caf\xEF\xBF\xBD\"");
    EXPECT_EMPTY("");
    EXPECT_EMPTY("   \t\n");
    EXPECT_EMPTY("\"");
    EXPECT_EMPTY("\"\"");
    EXPECT_EMPTY("+++");
    EXPECT_EMPTY("- -- *** ... \"+\" \xE2\x80\x94 \xF0\x9F\x98\x80");
    EXPECT_EMPTY("\xFF\xFE");
}

static void test_phrases(void)
{
    EXPECT("\"kim jong un\"", "\"kim jong un\"");
    EXPECT("talks \"kim jong un\" visit", "\"talks\" AND \"kim jong un\" AND \"visit\"");
    EXPECT("\"  spaced   out \"", "\"spaced   out\"");
    /* Issue 13: a quote nothing closes is text, in a query without operators. */
    EXPECT("visit \"kim jong", "\"visit\" AND \"kim\" AND \"jong\"");
    EXPECT("visit OR \"kim jong", "\"visit\" OR \"kim jong\"");
    EXPECT("\"a\"b", "\"a\" AND \"b\"");
    EXPECT("\"a\"\"b\"", "\"a\" AND \"b\"");
    EXPECT("\"OR\" \"NOT\"", "\"OR\" AND \"NOT\"");
    EXPECT("\"(a OR b)\"", "\"(a OR b)\"");
    EXPECT("\"title:x\"", "\"title:x\"");
    EXPECT("\"kim jong*\"", "\"kim jong\"*");
    EXPECT("\"kim jong\"*", "\"kim jong\"*");
    EXPECT("\"kim jong *\"", "\"kim jong\"*");
    EXPECT("\"kim* jong\"", "\"kim* jong\"");
    EXPECT("\"sanitiz*\"", "\"sanitiz\"*");     /* no expansion in phrases */
}

static void test_boolean(void)
{
    EXPECT("iran OR iraq", "\"iran\" OR \"iraq\"");
    EXPECT("a OR b OR c", "\"a\" OR \"b\" OR \"c\"");
    EXPECT("iran OR iraq sanctions", "(\"iran\" OR \"iraq\") AND \"sanctions\"");
    EXPECT("sanctions iran OR iraq", "\"sanctions\" AND (\"iran\" OR \"iraq\")");
    EXPECT("a OR b AND c", "(\"a\" OR \"b\") AND \"c\"");
    EXPECT("a AND b", "\"a\" AND \"b\"");
    EXPECT("a AND b c", "\"a\" AND \"b\" AND \"c\"");
    EXPECT("a OR (b c)", "\"a\" OR (\"b\" AND \"c\")");
    EXPECT("(a OR b) c", "(\"a\" OR \"b\") AND \"c\"");
    EXPECT("a (b c)", "\"a\" AND \"b\" AND \"c\"");
    EXPECT("((a))", "\"a\"");
    EXPECT("(a OR b) OR c", "\"a\" OR \"b\" OR \"c\"");
    EXPECT("(a b) OR (c d)", "(\"a\" AND \"b\") OR (\"c\" AND \"d\")");
    EXPECT("a OR +++", "\"a\"");
    EXPECT("foo(bar)", "\"foo\" AND \"bar\"");
}

static void test_negation(void)
{
    EXPECT("a -b", "\"a\" NOT \"b\"");
    EXPECT("a -b c", "(\"a\" AND \"c\") NOT \"b\"");
    EXPECT("-b a", "\"a\" NOT \"b\"");
    EXPECT("a -b -c", "\"a\" NOT (\"b\" OR \"c\")");
    EXPECT("a NOT b", "\"a\" NOT \"b\"");
    EXPECT("a NOT b c", "(\"a\" AND \"c\") NOT \"b\"");
    EXPECT("a AND NOT b", "\"a\" NOT \"b\"");
    EXPECT("a -\"b c\"", "\"a\" NOT \"b c\"");
    EXPECT("a -(b OR c)", "\"a\" NOT (\"b\" OR \"c\")");
    EXPECT("a -(b c)", "\"a\" NOT (\"b\" AND \"c\")");
    EXPECT("a (-b -c)", "\"a\" NOT (\"b\" OR \"c\")");
    EXPECT("x -(a -b)", "\"x\" NOT (\"a\" NOT \"b\")");
    EXPECT("(a OR b) -c", "(\"a\" OR \"b\") NOT \"c\"");
    EXPECT("a OR (b -c)", "\"a\" OR (\"b\" NOT \"c\")");
    EXPECT("a -title:b", "\"a\" NOT title:\"b\"");
    EXPECT("a -NEAR(b c)", "\"a\" NOT NEAR(\"b\" \"c\")");
    EXPECT("a -OR", "\"a\" NOT \"OR\"");
    EXPECT("a -+++", "\"a\"");
    EXPECT("a -\"+++\"", "\"a\"");
    EXPECT("a NOT \"\"", "\"a\"");
    EXPECT("a -5%", "\"a\" NOT \"5%\"");
}

static void test_prefix(void)
{
    EXPECT("iran*", "\"iran\"*");
    EXPECT("iran**", "\"iran\"*");
    EXPECT("sanitiz*", "(\"sanitiz\"* OR \"sanit\")");
    EXPECT("nucl* talks", "(\"nucl\"* OR \"nuclear\" OR \"nucleus\") AND \"talks\"");
    EXPECT("a -sanitiz*", "\"a\" NOT (\"sanitiz\"* OR \"sanit\")");
    EXPECT("title:sanitiz*", "title:(\"sanitiz\"* OR \"sanit\")");
    EXPECT("a OR sanitiz*", "\"a\" OR (\"sanitiz\"* OR \"sanit\")");
    /* Stems that are empty, punctuation, control characters or bad UTF-8
     * are left out; quotes are doubled. */
    EXPECT("odd*", "(\"odd\"* OR \"a\"\"b\" OR \"ok\")");
    EXPECT("NEAR(sanitiz* b)", "NEAR(\"sanitiz\"* \"b\")");
    EXPECT("a*b*", "\"a*b\"*");
    EXPECT("*a", "\"*a\"");
    EXPECT_EMPTY("*");
    EXPECT_EMPTY("+*");
}

static void test_prefix_expander(void)
{
    struct expander_log log = {0, ""};
    defcon_buffer expression = DEFCON_BUFFER_INIT;
    char error[256];

    CHECK_LONG(defcon_query_translate("Sanitiz* x U.S.*", fake_expander, &log, &expression,
                                      error, sizeof error), DEFCON_QUERY_OK);
    CHECK_LONG(log.calls, 2);
    CHECK_STR(log.last_prefix, "U.S.");
    CHECK_STR(defcon_buffer_cstr(&expression), "\"Sanitiz\"* AND \"x\" AND \"U.S.\"*");

    log.calls = 0;
    CHECK_LONG(defcon_query_translate("\"kim jong*\" NEAR(a* b) a", fake_expander, &log,
                                      &expression, error, sizeof error), DEFCON_QUERY_OK);
    CHECK_LONG(log.calls, 0);

    /* Without an expander, prefixes stay plain. */
    CHECK_LONG(defcon_query_translate("sanitiz*", NULL, NULL, &expression, error,
                                      sizeof error), DEFCON_QUERY_OK);
    CHECK_STR(defcon_buffer_cstr(&expression), "\"sanitiz\"*");

    /* A failing expander fails the translation. */
    CHECK_LONG(defcon_query_translate("a fail* b", fake_expander, &log, &expression, error,
                                      sizeof error), DEFCON_QUERY_ERROR);
    CHECK_STR(error, "could not expand prefix \"fail*\"");
    CHECK_STR(defcon_buffer_cstr(&expression), "");
    defcon_buffer_free(&expression);
}

static void test_near(void)
{
    EXPECT("NEAR(a b)", "NEAR(\"a\" \"b\")");
    EXPECT("NEAR(a b, 5)", "NEAR(\"a\" \"b\", 5)");
    EXPECT("NEAR(a b,5)", "NEAR(\"a\" \"b\", 5)");
    EXPECT("NEAR( a b ,  0 )", "NEAR(\"a\" \"b\", 0)");
    EXPECT("NEAR(a b, 007)", "NEAR(\"a\" \"b\", 7)");
    EXPECT("NEAR(a b, 100000)", "NEAR(\"a\" \"b\", 100000)");
    EXPECT("NEAR(\"a phrase\" b)", "NEAR(\"a phrase\" \"b\")");
    EXPECT("NEAR(\"a, b\" c, 3)", "NEAR(\"a, b\" \"c\", 3)");
    EXPECT("NEAR(Washington, Moscow, 20)", "NEAR(\"Washington,\" \"Moscow\", 20)");
    EXPECT("NEAR(kim* \"jong un\"*)", "NEAR(\"kim\"* \"jong un\"*)");
    EXPECT("NEAR(a +++)", "\"a\"");
    EXPECT("NEAR(a)", "\"a\"");
    EXPECT("NEAR(or and)", "NEAR(\"or\" \"and\")");
    EXPECT("x NEAR(a b) y", "\"x\" AND NEAR(\"a\" \"b\") AND \"y\"");
    EXPECT("NEAR(a b) OR c", "NEAR(\"a\" \"b\") OR \"c\"");
    EXPECT("title:NEAR(a b, 2)", "title:NEAR(\"a\" \"b\", 2)");
    EXPECT("near(a b)", "\"near\" AND \"a\" AND \"b\"");
    EXPECT("a NEAR(+++ ---)", "\"a\"");
}

static void test_fields(void)
{
    EXPECT("title:iran", "title:\"iran\"");
    EXPECT("Title:Iran", "title:\"Iran\"");
    EXPECT("BODY:oil", "body:\"oil\"");
    EXPECT("title:\"kim jong un\"", "title:\"kim jong un\"");
    EXPECT("title:\"kim jong\"*", "title:\"kim jong\"*");
    EXPECT("title:(a OR b)", "title:(\"a\" OR \"b\")");
    EXPECT("title:(a b)", "title:(\"a\" AND \"b\")");
    EXPECT("title:(a -b)", "title:(\"a\" NOT \"b\")");
    EXPECT("title:(a) x", "title:\"a\" AND \"x\"");
    EXPECT("body:x title:y", "body:\"x\" AND title:\"y\"");
    EXPECT("title:body:x", "title:(body:\"x\")");
    EXPECT("title:OR", "title:\"OR\"");
    EXPECT("title:-x", "title:\"-x\"");
    EXPECT("title::x", "title:\":x\"");
    EXPECT("title:+++ a", "\"a\"");
    EXPECT("title:(a OR b) c", "title:(\"a\" OR \"b\") AND \"c\"");
    EXPECT("x title:a OR body:b", "\"x\" AND (title:\"a\" OR body:\"b\")");
    /* Not fields: text. */
    EXPECT("title: iran", "\"title:\" AND \"iran\"");
    EXPECT("title:", "\"title:\"");
    EXPECT("http://example.org/a", "\"http://example.org/a\"");
    EXPECT("U.S.:", "\"U.S.:\"");
    EXPECT("10:30", "\"10:30\"");
    EXPECT("author:smith", "\"author:smith\"");
    EXPECT("subtitle:x", "\"subtitle:x\"");
    EXPECT("(title:)", "\"title:\"");
}

static void test_errors(void)
{
    const char *const lowercase = " (to search for the word, write it in lowercase)";
    char want[256];

    snprintf(want, sizeof want, "OR needs a term on its left: \"OR a\"%s", lowercase);
    EXPECT_ERROR("OR a", want);
    snprintf(want, sizeof want, "OR needs a term on its right: \"a OR\"%s", lowercase);
    EXPECT_ERROR("a OR", want);
    snprintf(want, sizeof want, "OR needs a term on its right: \"b OR\"%s", lowercase);
    EXPECT_ERROR("a OR b OR", want);
    snprintf(want, sizeof want, "OR needs a term on its right: \"a OR OR\"%s", lowercase);
    EXPECT_ERROR("a OR OR b", want);
    snprintf(want, sizeof want, "OR needs a term on its right: \"a OR)\"%s", lowercase);
    EXPECT_ERROR("(a OR) b", want);
    snprintf(want, sizeof want, "OR needs a term on its left: \"(OR a\"%s", lowercase);
    EXPECT_ERROR("(OR a)", want);
    snprintf(want, sizeof want, "AND needs a term on its left: \"AND x\"%s", lowercase);
    EXPECT_ERROR("AND x", want);
    EXPECT("AND", "\"and\"");      /* in capitals alone, operators are words */
    snprintf(want, sizeof want, "AND needs a term on its right: \"a AND\"%s", lowercase);
    EXPECT_ERROR("a AND", want);
    snprintf(want, sizeof want, "AND needs a term on its right: \"a AND OR\"%s", lowercase);
    EXPECT_ERROR("a AND OR b", want);
    snprintf(want, sizeof want, "OR needs a term on its left: \"OR x\"%s", lowercase);
    EXPECT_ERROR("OR x", want);
    EXPECT("OR", "\"or\"");
    EXPECT("WHY DID OIL OR GAS FALL", "\"WHY\" AND \"DID\" AND \"OIL\" AND \"or\" AND \"GAS\" AND \"FALL\"");
    snprintf(want, sizeof want, "NOT needs a term after it: \"a NOT\"%s", lowercase);
    EXPECT_ERROR("a NOT", want);
    snprintf(want, sizeof want, "NOT needs a term after it: \"x NOT\"%s", lowercase);
    EXPECT_ERROR("x NOT", want);
    EXPECT("NOT", "\"not\"");
    snprintf(want, sizeof want, "NOT needs a term after it: \"a NOT NOT\"%s", lowercase);
    EXPECT_ERROR("a NOT NOT b", want);
    snprintf(want, sizeof want, "NOT needs a term after it: \"a NOT -\"%s", lowercase);
    EXPECT_ERROR("a NOT -b", want);
    snprintf(want, sizeof want, "NOT needs a term after it: \"a NOT OR\"%s", lowercase);
    EXPECT_ERROR("a NOT OR b", want);

    EXPECT_ERROR("(a OR b", "unbalanced parentheses: \"(a OR b\" is never closed");
    EXPECT_ERROR("x ((a) OR b", "unbalanced parentheses: \"((a) OR b\" is never closed");
    EXPECT_ERROR("a OR b)",
                 "unbalanced parentheses: \"a OR b)\" closes a parenthesis that was never opened");
    EXPECT_ERROR("smile OR :)",
                 "unbalanced parentheses: \"smile OR :)\" closes a parenthesis that was never "
                 "opened");
    EXPECT_ERROR("a () OR b", "empty parentheses: \"()\"");
    /* Issue 13: without operators, parentheses are text (pasted lists). */
    EXPECT("(a b", "\"a\" AND \"b\"");
    EXPECT("a b)", "\"a\" AND \"b\"");
    EXPECT("smile :)", "\"smile\"");
    EXPECT("1) oil 2) gas", "\"1\" AND \"oil\" AND \"2\" AND \"gas\"");
    EXPECT_ERROR("-()", "empty parentheses: \"()\"");

    EXPECT_ERROR("-a -b", "a query needs at least one word that is not negated: \"-a -b\"");
    EXPECT_ERROR("NOT a", "a query needs at least one word that is not negated: \"NOT a\"");
    EXPECT_ERROR("+++ -a", "a query needs at least one word that is not negated: \"+++ -a\"");
    EXPECT_ERROR("(-a)", "a query needs at least one word that is not negated: \"(-a)\"");
    EXPECT_ERROR("a OR (-b -c)",
                 "a group needs at least one word that is not negated: \"(-b -c)\"");
    EXPECT_ERROR("x title:(-b)",
                 "a group needs at least one word that is not negated: \"(-b)\"");
    EXPECT_ERROR("x -(-b)", "a group needs at least one word that is not negated: \"-(-b)\"");
    EXPECT_ERROR("a OR -b", "a side of OR cannot be negated: \"-b\""
                            " (to exclude both sides, write -(a OR b))");
    EXPECT_ERROR("NOT a OR b", "a side of OR cannot be negated: \"NOT a\""
                               " (to exclude both sides, write -(a OR b))");

    EXPECT_ERROR("NEAR(", "NEAR( needs a closing parenthesis: \"NEAR(\"");
    EXPECT_ERROR("x NEAR(a b", "NEAR( needs a closing parenthesis: \"NEAR(a b\"");
    EXPECT_ERROR("NEAR(a \"b)\" c", "NEAR( needs a closing parenthesis: \"NEAR(a \"b)\" c\"");
    EXPECT_ERROR("NEAR()", "NEAR( needs words or phrases inside: \"NEAR()\"");
    EXPECT_ERROR("NEAR( , 5)", "NEAR( needs words or phrases inside: \"NEAR( , 5)\"");
    EXPECT_ERROR("NEAR(a b, x)",
                 "the NEAR distance must be a whole number from 0 to 100000, not \"x\"");
    EXPECT_ERROR("NEAR(a b,)",
                 "the NEAR distance must be a whole number from 0 to 100000, not \"\"");
    EXPECT_ERROR("NEAR(a b, -1)",
                 "the NEAR distance must be a whole number from 0 to 100000, not \"-1\"");
    EXPECT_ERROR("NEAR(a b, 100001)",
                 "the NEAR distance must be a whole number from 0 to 100000, not \"100001\"");
    EXPECT_ERROR("NEAR(a b, 99999999999999999999999)",
                 "the NEAR distance must be a whole number from 0 to 100000,"
                 " not \"99999999999999999999999\"");
    EXPECT_ERROR("NEAR(a b, 5 6)",
                 "the NEAR distance must be a whole number from 0 to 100000, not \"5 6\"");
    EXPECT_ERROR("NEAR(Washington, Moscow)",
                 "the NEAR distance must be a whole number from 0 to 100000, not \"Moscow\"");
    EXPECT_ERROR("NEAR(a OR b)", "NEAR(...) takes only words and phrases, not \"OR\"");
    EXPECT_ERROR("NEAR(a -b)", "NEAR(...) takes only words and phrases, not \"-\"");
    EXPECT_ERROR("NEAR(title:a b)", "NEAR(...) takes only words and phrases, not \"title:\"");
    EXPECT_ERROR("NEAR((a b) c)", "NEAR(...) takes only words and phrases, not \"(\"");
    EXPECT_ERROR("NEAR(a NEAR(b c))", "NEAR(...) takes only words and phrases, not \"(\"");
}

static void test_error_quotes(void)
{
    defcon_buffer expression = DEFCON_BUFFER_INIT;
    char error[256], small[12];
    char query[400];
    size_t i;

    /* Long quotes are cut to 60 bytes, with "..." where the cut is. */
    snprintf(query, sizeof query, "(%s", "aaaaaaaaaa OR bbbbbbb cccccccccc dddddddddd "
             "eeeeeeeeee ffffffffff gggggggggg");
    EXPECT_ERROR(query, "unbalanced parentheses: \"(aaaaaaaaaa OR bbbbbbb cccccccccc "
                        "dddddddddd eeeeeeeeee ffff...\" is never closed");
    snprintf(query, sizeof query, "%s)", "aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd "
             "eeeeeeeeee ffffffffff OR ggggggg");
    EXPECT_ERROR(query, "unbalanced parentheses: \"...bbbb cccccccccc dddddddddd "
                        "eeeeeeeeee ffffffffff OR ggggggg)\" closes a parenthesis that was "
                        "never opened");
    /* Cuts never split a character; control characters are quoted as spaces. */
    query[0] = '(';
    for (i = 1; i < 100; i += 2)
        memcpy(query + i, "\xC3\xA9", 2);
    memcpy(query + 101, " OR x", 6);      /* an operator: parentheses count */
    CHECK_LONG(defcon_query_translate(query, NULL, NULL, &expression, error, sizeof error),
               DEFCON_QUERY_ERROR);
    CHECK(strstr(error, "\"(\xC3\xA9") != NULL);
    CHECK(strstr(error, "\xC3\xA9...\"") != NULL);
    CHECK_LONG(defcon_query_translate("a\tOR", NULL, NULL, &expression, error, sizeof error),
               DEFCON_QUERY_ERROR);
    CHECK(strncmp(error, "OR needs a term on its right: \"a OR\"", 36) == 0);
    /* A small error buffer gets a cut message, still NUL-terminated. */
    CHECK_LONG(defcon_query_translate("(\xC3\xA9\xC3\xA9\xC3\xA9 OR x", NULL, NULL, &expression,
                                      small, sizeof small), DEFCON_QUERY_ERROR);
    CHECK_STR(small, "unbalanced ");
    CHECK_LONG(defcon_query_translate("a OR", NULL, NULL, &expression, NULL, 0),
               DEFCON_QUERY_ERROR);
    CHECK_LONG(defcon_query_translate("   ", NULL, NULL, &expression, error, sizeof error),
               DEFCON_QUERY_EMPTY);
    CHECK_STR(error, "nothing to search for: \"   \"");
    CHECK_LONG(defcon_query_translate(NULL, NULL, NULL, &expression, error, sizeof error),
               DEFCON_QUERY_EMPTY);
    defcon_buffer_free(&expression);
}

static void test_matching(void)
{
    /* Run against the rows, with FTS5's default tokenizer. */
    CHECK_LONG(rows_found("iran"), 1);
    CHECK_LONG(rows_found("U.S.-Iran"), 1);
    CHECK_LONG(rows_found("Zarif's"), 1);
    CHECK_LONG(rows_found("C++ 10:30 50% AT&T e-mail"), 1);
    CHECK_LONG(rows_found("oil \xE2\x80\x94 prices"), 1);
    CHECK_LONG(rows_found("oil OR iran"), 2);
    CHECK_LONG(rows_found("oil OR iran talks"), 1);
    CHECK_LONG(rows_found("kim -visits"), 0);
    CHECK_LONG(rows_found("kim -talks"), 1);
    CHECK_LONG(rows_found("title:kim"), 1);
    CHECK_LONG(rows_found("title:sanitize"), 0);
    CHECK_LONG(rows_found("body:sanitize"), 1);
    CHECK_LONG(rows_found("\"jong un\""), 1);
    CHECK_LONG(rows_found("\"un jong\""), 0);
    CHECK_LONG(rows_found("\"kim jon*\""), 1);
    CHECK_LONG(rows_found("sanctio*"), 1);
    CHECK_LONG(rows_found("NEAR(oil iraq, 3)"), 0);
    CHECK_LONG(rows_found("NEAR(oil iraq, 6)"), 1);
    CHECK_LONG(rows_found("(oil OR kim) -(talks OR sanctions)"), 1);
}

static void test_query_words(void)
{
    char *words;

    words = words_of("a -b \"c d\" NEAR(e f*) title:g h* OR i NOT (j k) Zarif's +++");
    CHECK_STR(words, "a|c|d|e|g|i|Zarif's|");
    free(words);
    words = words_of("title:(x OR y) -title:z \"kim  jong\"*");
    CHECK_STR(words, "x|y|");
    free(words);
    words = words_of("a OR");
    CHECK_STR(words, "");
    free(words);
    words = words_of("-a -b");
    CHECK_STR(words, "");
    free(words);
    words = words_of("\"a \xE2\x80\x94 b\" \xFF");
    CHECK_STR(words, "a|b|");
    free(words);
    words = words_of("");
    CHECK_STR(words, "");
    free(words);
}

/* --- Robustness ----------------------------------------------------------------- */

/* Translates `query`; an OK expression must run in FTS5, and the other
 * outcomes must leave no expression and say why. Counts outcomes. */
static void sweep_one(const char *query, defcon_prefix_expander expander, long counts[3])
{
    defcon_buffer expression = DEFCON_BUFFER_INIT, words = DEFCON_BUFFER_INIT;
    char error[256];
    defcon_query_status status;

    error[0] = 'x';
    status = defcon_query_translate(query, expander, NULL, &expression, error, sizeof error);
    counts[status]++;
    if (status == DEFCON_QUERY_OK) {
        if (fts_count(defcon_buffer_cstr(&expression)) < 0) {
            fprintf(stderr, "FTS5 rejects [%s] from [%s]: %s\n",
                    defcon_buffer_cstr(&expression), query, fts_error);
            CHECK(!"valid FTS5 syntax");
        }
    } else {
        CHECK(expression.len == 0);
        CHECK(error[0] != '\0' && error[0] != 'x');
    }
    CHECK(text_words(query, &words) == 0);
    defcon_buffer_free(&words);
    defcon_buffer_free(&expression);
}

static const char *const pieces[] = {
    "iran", "kim", "Zarif's", "U.S.", "C++", "a", "b", "OR", "AND", "NOT", "NEAR", "NEAR(",
    "near", "or", "(", ")", "\"", "\"\"", "*", "-", "--", "+", "^", ":", "title:", "body:",
    "TITLE:", "{", "}", ",", ".", "'", ";", "|", "&", "5", "10:30", "http:", "\\", "/",
    "sanitiz*", "odd*", "nucl*", "\xE2\x80\x94", "\xC3\xA9", "\xF0\x9F\x98\x80", "\xFF",
    "\xC3", "\xED\xA0\x80", "\x01", "\t", "\x7F", "'; DROP TABLE t; --", " ", " ", " ", " ",
};

static uint32_t random_state = 20240611u;

static uint32_t next_random(void)
{
    /* xorshift32: deterministic, the same junk on every run. */
    random_state ^= random_state << 13;
    random_state ^= random_state >> 17;
    random_state ^= random_state << 5;
    return random_state;
}

static void test_junk_sweep(void)
{
    long counts[3] = {0, 0, 0};
    char query[512];
    size_t length, n, i;
    int round;

    for (round = 0; round < 6000; round++) {
        length = 0;
        n = 1 + next_random() % 14;
        for (i = 0; i < n; i++) {
            const char *piece;
            char byte[2];
            if (next_random() % 6 == 0) {
                byte[0] = (char)(1 + next_random() % 255);
                byte[1] = '\0';
                piece = byte;
            } else {
                piece = pieces[next_random() % (sizeof pieces / sizeof pieces[0])];
            }
            if (length + strlen(piece) + 1 >= sizeof query)
                break;
            memcpy(query + length, piece, strlen(piece));
            length += strlen(piece);
            if (next_random() % 3 == 0)
                query[length++] = ' ';
        }
        query[length] = '\0';
        sweep_one(query, round % 2 ? fake_expander : NULL, counts);
    }
    /* The sweep must reach every outcome, and mostly valid queries. */
    CHECK(counts[DEFCON_QUERY_OK] > 1500);
    CHECK(counts[DEFCON_QUERY_EMPTY] > 50);
    CHECK(counts[DEFCON_QUERY_ERROR] > 500);
}

/* Every byte and a table of hostile inputs. */
static void test_hostile_inputs(void)
{
    static const char *const inputs[] = {
        "\" * ^ : ( ) { } + - . ,", "\"*^:(){}+-.,", "'; DROP TABLE articles; --",
        "\"; DROP TABLE t; --", "a\" OR 1=1 --", "NEAR(", "NEAR(\"", "NEAR(a,", "NEAR(,)",
        "NEAR(\"a)", "NEAR(a\"b c)", "title:(", "title:\"", "title:NEAR(", "-(", "-\"",
        "--", "-", "*\"*\"*", "\"*", "(*)", "{title}:a", "title:{a}", "title : a",
        "^a", "a + b", "a:b:c:d", "x:(a)", "x:\"a b\"", "((((", "))))", ")(", "() ()",
        "NOT NOT NOT", "AND OR NOT", "- - -", "-a -b OR c", "a OR -b", "\\\"a\\\"",
        "a\x01b\x02" "c\x1f", "\x7f\x7f", "\xC0\x80", "\xF4\x90\x80\x80", "\xED\xBF\xBF",
        "\xEF\xBB\xBF" "a", "a\xC2\xA0" "b", "\xE2\x80\x8B", "a\xE3\x80\x80" "b",
    };
    long counts[3] = {0, 0, 0};
    char query[4];
    size_t i;

    for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
        sweep_one(inputs[i], fake_expander, counts);
    for (i = 1; i < 256; i++) {
        query[0] = (char)i;
        query[1] = 'a';
        query[2] = (char)i;
        query[3] = '\0';
        sweep_one(query, fake_expander, counts);
        query[1] = '\0';
        sweep_one(query, fake_expander, counts);
    }
}

/* Queries nested exactly as deep as allowed must still be valid FTS5,
 * whose parser has a small fixed stack; one level more is an error. */
static void test_nesting(void)
{
    static const struct {
        const char *text;
        int depth;      /* the nesting it adds */
        int closers;    /* the parentheses it leaves open */
    } openers[] = {
        {"(", 1, 1}, {"title:(", 2, 1}, {"x -(", 1, 1}, {"x OR (", 1, 1}, {"x y -(", 1, 1},
        {"x -title:(", 2, 1}, {"x (y OR ", 1, 1}, {"title:", 1, 0}, {"x z -(w OR ", 1, 1},
        {"x OR body:(", 2, 1}, {"z -(x OR (y ", 2, 2}, {"title:body:(", 3, 1},
        {"x y -c -(", 1, 1}, {"x -c (y OR ", 1, 1}, {"x y -c -(d e -f g OR ", 1, 1},
        {"x y -c -title:(d e -f g OR ", 2, 1}, {"x OR y title:(", 2, 1},
        {"x y -c -title:(", 2, 1}, {"x OR y -c -(", 1, 1}, {"x y -c -(a OR ", 1, 1},
        {"x y -c -(a OR title:(", 3, 2}, {"x y -(c OR d) -(", 1, 1},
    };
    static const char *const leaves[] = {"sanitiz*", "a -b", "NEAR(a b)", "\"a b\"*", "a"};
    const size_t opener_count = sizeof openers / sizeof openers[0];
    long counts[3] = {0, 0, 0};
    defcon_buffer query = DEFCON_BUFFER_INIT, expression = DEFCON_BUFFER_INIT;
    char error[256], want[128];
    size_t opener, level;
    int round, depth, closers;

    for (round = 0; round < 3000; round++) {
        defcon_buffer_clear(&query);
        depth = closers = 0;
        for (;;) {
            /* The first rounds repeat one opener all the way down. */
            opener = (size_t)round < opener_count ? (size_t)round : next_random() % opener_count;
            if (depth + openers[opener].depth > DEFCON_QUERY_MAX_DEPTH)
                break;
            depth += openers[opener].depth;
            closers += openers[opener].closers;
            defcon_buffer_puts(&query, openers[opener].text);
        }
        defcon_buffer_puts(&query, leaves[next_random() % (sizeof leaves / sizeof leaves[0])]);
        while (closers-- > 0)
            defcon_buffer_puts(&query, ")");
        sweep_one(defcon_buffer_cstr(&query), fake_expander, counts);
    }
    CHECK_LONG(counts[DEFCON_QUERY_OK], 3000);

    /* One level more than allowed, with parentheses or fields. */
    defcon_buffer_clear(&query);
    for (level = 0; level <= DEFCON_QUERY_MAX_DEPTH; level++)
        defcon_buffer_puts(&query, "(");
    defcon_buffer_puts(&query, "a");
    for (level = 0; level <= DEFCON_QUERY_MAX_DEPTH; level++)
        defcon_buffer_puts(&query, ")");
    defcon_buffer_puts(&query, " OR b");      /* an operator: parentheses count */
    CHECK_LONG(defcon_query_translate(defcon_buffer_cstr(&query), NULL, NULL, &expression,
                                      error, sizeof error), DEFCON_QUERY_ERROR);
    snprintf(want, sizeof want,
             "the query nests parentheses and field filters more than %d deep: \"(a)",
             DEFCON_QUERY_MAX_DEPTH);
    CHECK_STR(error, strncmp(error, want, strlen(want)) == 0 ? error : want);
    defcon_buffer_clear(&query);
    for (level = 0; level <= DEFCON_QUERY_MAX_DEPTH; level++)
        defcon_buffer_puts(&query, "title:");
    defcon_buffer_puts(&query, "a");
    CHECK_LONG(defcon_query_translate(defcon_buffer_cstr(&query), NULL, NULL, &expression,
                                      error, sizeof error), DEFCON_QUERY_ERROR);
    snprintf(want, sizeof want,
             "the query nests parentheses and field filters more than %d deep: \"title:a\"",
             DEFCON_QUERY_MAX_DEPTH);
    CHECK_STR(error, want);
    defcon_buffer_free(&query);
    defcon_buffer_free(&expression);
}

/* Huge queries: linear work, bounded recursion, valid output. */
static void test_big_queries(void)
{
    defcon_buffer query = DEFCON_BUFFER_INIT, expression = DEFCON_BUFFER_INIT;
    defcon_buffer words = DEFCON_BUFFER_INIT;
    char error[256];
    long counts[3] = {0, 0, 0};
    size_t i, count;

    for (i = 0; i < 10000; i++)
        defcon_buffer_printf(&query, "w%zu ", i);
    CHECK_LONG(defcon_query_translate(defcon_buffer_cstr(&query), NULL, NULL, &expression,
                                      error, sizeof error), DEFCON_QUERY_OK);
    CHECK(strncmp(defcon_buffer_cstr(&expression), "\"w0\" AND \"w1\" AND ", 18) == 0);
    CHECK(fts_count(defcon_buffer_cstr(&expression)) == 0);
    CHECK(text_words(defcon_buffer_cstr(&query), &words) == 0);
    for (i = 0, count = 0; i < words.len; i++)
        count += words.data[i] == '\0';
    CHECK_LONG(count, 10000);

    /* Half negated, with ORs and phrases mixed in. */
    defcon_buffer_clear(&query);
    for (i = 0; i < 10000; i++)
        defcon_buffer_printf(&query, i % 4 == 3 ? "-w%zu " : i % 4 == 1 ? "w%zu OR "
                             : "\"w%zu x\" ", i);
    defcon_buffer_puts(&query, "last");
    sweep_one(defcon_buffer_cstr(&query), fake_expander, counts);
    CHECK_LONG(counts[DEFCON_QUERY_OK], 1);

    /* 10,000 opening parentheses, fields, minus signs and NEARs. */
    defcon_buffer_clear(&query);
    for (i = 0; i < 10000; i++)
        defcon_buffer_puts(&query, "(");
    sweep_one(defcon_buffer_cstr(&query), NULL, counts);
    defcon_buffer_clear(&query);
    for (i = 0; i < 10000; i++)
        defcon_buffer_puts(&query, "title:");
    defcon_buffer_puts(&query, "a");
    sweep_one(defcon_buffer_cstr(&query), NULL, counts);
    defcon_buffer_clear(&query);
    for (i = 0; i < 10000; i++)
        defcon_buffer_puts(&query, "-(a ");
    sweep_one(defcon_buffer_cstr(&query), NULL, counts);
    defcon_buffer_clear(&query);
    for (i = 0; i < 10000; i++)
        defcon_buffer_puts(&query, "NEAR(a ");
    sweep_one(defcon_buffer_cstr(&query), NULL, counts);
    defcon_buffer_clear(&query);
    for (i = 0; i < 10000; i++)
        defcon_buffer_puts(&query, "NEAR(a b) ");
    sweep_one(defcon_buffer_cstr(&query), NULL, counts);
    defcon_buffer_clear(&query);
    defcon_buffer_puts(&query, "NEAR(");
    for (i = 0; i < 10000; i++)
        defcon_buffer_printf(&query, "w%zu ", i);
    defcon_buffer_puts(&query, ", 50)");
    sweep_one(defcon_buffer_cstr(&query), NULL, counts);
    defcon_buffer_clear(&query);
    for (i = 0; i < 10000; i++)
        defcon_buffer_puts(&query, "\"");
    sweep_one(defcon_buffer_cstr(&query), NULL, counts);
    defcon_buffer_clear(&query);
    for (i = 0; i < 200000; i++)
        defcon_buffer_putc(&query, (char)(1 + next_random() % 255));
    sweep_one(defcon_buffer_cstr(&query), fake_expander, counts);

    defcon_buffer_free(&query);
    defcon_buffer_free(&expression);
    defcon_buffer_free(&words);
}

/* --- The separator table against SQLite's own tokenizer ---------------------------- */

static int token_count;

static int count_token(void *context, int flags, const char *token, int length, int start,
                       int end)
{
    (void)context, (void)flags, (void)token, (void)length, (void)start, (void)end;
    token_count++;
    return SQLITE_OK;
}

static size_t encode_utf8(uint32_t c, char *out)
{
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* For every non-ASCII code point, the translator must keep a one-character
 * word exactly when unicode61 makes a token of it: checked in batches, a
 * query of many one-character words against the expected expression. */
static void test_separator_table(void)
{
    sqlite3_stmt *statement;
    fts5_api *api = NULL;
    void *user_data;
    fts5_tokenizer tokenizer;
    Fts5Tokenizer *instance;
    defcon_buffer query = DEFCON_BUFFER_INIT, want = DEFCON_BUFFER_INIT;
    defcon_buffer expression = DEFCON_BUFFER_INIT;
    char error[256], character[4];
    uint32_t c, batch_end;
    size_t length;
    long mismatched_batches = 0;

    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL) != SQLITE_OK)
        check_skip("no fts5_api");
    sqlite3_bind_pointer(statement, 1, &api, "fts5_api_ptr", NULL);
    sqlite3_step(statement);
    sqlite3_finalize(statement);
    CHECK(api != NULL);
    if (!api || api->xFindTokenizer(api, "unicode61", &user_data, &tokenizer) != SQLITE_OK
        || tokenizer.xCreate(user_data, NULL, 0, &instance) != SQLITE_OK) {
        CHECK(!"unicode61 tokenizer");
        return;
    }
    for (c = 0x80; c < 0x110000; c = batch_end) {
        batch_end = c + 4096 > 0x110000 ? 0x110000 : c + 4096;
        defcon_buffer_clear(&query);
        defcon_buffer_clear(&want);
        for (; c < batch_end; c++) {
            if (c >= 0xD800 && c <= 0xDFFF)
                continue;
            length = encode_utf8(c, character);
            token_count = 0;
            tokenizer.xTokenize(instance, NULL, FTS5_TOKENIZE_QUERY, character, (int)length,
                                count_token);
            defcon_buffer_append(&query, character, length);
            defcon_buffer_putc(&query, ' ');
            if (token_count == 0)
                continue;
            if (want.len > 0)
                defcon_buffer_puts(&want, " AND ");
            defcon_buffer_putc(&want, '"');
            defcon_buffer_append(&want, character, length);
            defcon_buffer_putc(&want, '"');
        }
        defcon_query_translate(defcon_buffer_cstr(&query), NULL, NULL, &expression, error,
                               sizeof error);
        if (strcmp(defcon_buffer_cstr(&expression), defcon_buffer_cstr(&want)) != 0) {
            mismatched_batches++;
            fprintf(stderr, "separator table differs from unicode61 below U+%04lX\n",
                    (unsigned long)batch_end);
        }
    }
    CHECK_LONG(mismatched_batches, 0);
    tokenizer.xDelete(instance);
    defcon_buffer_free(&query);
    defcon_buffer_free(&want);
    defcon_buffer_free(&expression);
}

/* --- The phrases of an expression (defcon_query_phrase_at) ----------------- */

static void phrase_count_function(const Fts5ExtensionApi *api, Fts5Context *fts,
                                  sqlite3_context *context, int argument_count,
                                  sqlite3_value **arguments)
{
    (void)argument_count;
    (void)arguments;
    sqlite3_result_int(context, api->xPhraseCount(fts));
}

/* The phrases the query recorded while writing its expression, as
 * "text[*][@];" (* a prefix, @ a narrower column); and, when the
 * expression, wrapped as the search wraps it, matches a row of the test
 * table, FTS5's own count of its phrases must be the listing's. */
static void expect_phrases(const char *query_text, const char *want, int line)
{
    defcon_buffer expression = DEFCON_BUFFER_INIT, wrapped = DEFCON_BUFFER_INIT,
                  listed = DEFCON_BUFFER_INIT;
    defcon_query *query = NULL;
    defcon_query_phrase phrase;
    sqlite3_stmt *stmt = NULL;
    char error[256], what[300];
    size_t i, count;

    snprintf(what, sizeof what, "phrases of %s", query_text);
    if (defcon_query_parse(query_text, &query, error, sizeof error) != DEFCON_QUERY_OK
        || defcon_query_expression(query, fake_expander, NULL, &expression, error,
                                   sizeof error) != 0) {
        check_true(0, what, __FILE__, line);
        defcon_query_free(query);
        return;
    }
    count = defcon_query_phrase_count(query);
    for (i = 0; i < count; i++) {
        defcon_query_phrase_at(query, i, &phrase);
        check_true(strlen(phrase.text) == phrase.len, what, __FILE__, line);
        defcon_buffer_printf(&listed, "%s%s%s;", phrase.text, phrase.prefix ? "*" : "",
                             phrase.narrowed ? "@" : "");
    }
    check_str(defcon_buffer_cstr(&listed), want, what, __FILE__, line);
    defcon_buffer_printf(&wrapped, "{title body} : (%s)", expression.data);
    if (sqlite3_prepare_v2(db, "SELECT phrase_count(t) FROM t WHERE t MATCH ?1 LIMIT 1", -1,
                           &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, wrapped.data, (int)wrapped.len, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW)
            check_long(sqlite3_column_int(stmt, 0), (long)count, what, __FILE__, line);
    }
    sqlite3_finalize(stmt);
    defcon_query_free(query);
    defcon_buffer_free(&expression);
    defcon_buffer_free(&wrapped);
    defcon_buffer_free(&listed);
}

#define EXPECT_PHRASES(query, want) expect_phrases((query), (want), __LINE__)

static void test_phrase_listing(void)
{
    CHECK(defcon_fts5_api(db) != NULL);
    CHECK(defcon_fts5_api(db)->xCreateFunction(defcon_fts5_api(db), "phrase_count", NULL,
                                               phrase_count_function, NULL) == SQLITE_OK);
    EXPECT_PHRASES("iran", "iran;");
    EXPECT_PHRASES("iran OR iraq sanctions", "iran;iraq;sanctions;");
    EXPECT_PHRASES("\"kim jong un\" met", "kim jong un;met;");
    EXPECT_PHRASES("title:oil prices", "oil@;prices;");
    EXPECT_PHRASES("title:(oil OR iran) prices", "oil@;iran@;prices;");
    EXPECT_PHRASES("title:body:oil prices", "oil@;prices;");
    EXPECT_PHRASES("body:oil (prices OR iran)", "oil@;prices;iran;");
    EXPECT_PHRASES("sanitiz* report", "sanitiz*;sanit;report;");
    EXPECT_PHRASES("NEAR(kim un, 5) officials", "kim;un;officials;");
    EXPECT_PHRASES("title:NEAR(kim un) officials", "kim@;un@;officials;");
    EXPECT_PHRASES("oil -iraq", "oil;iraq;");
    EXPECT_PHRASES("Zarif's 5'10\"", "Zarif's;5'10\";");
    EXPECT_PHRASES("\"kim jong\"* visits", "kim jong*;visits;");
}

/* defcon_query_first_phrase_less_others (any 0) or defcon_query_any_phrase
 * (any 1) of `text`'s expression, name variants on or off; -1 when it does
 * not parse. */
static int walk_shape(const char *text, int variants, int any)
{
    defcon_buffer expression = DEFCON_BUFFER_INIT;
    defcon_query *query = NULL;
    char error[256];
    int rc = -1;

    if (defcon_query_parse(text, &query, error, sizeof error) == DEFCON_QUERY_OK) {
        defcon_query_set_variants(query, variants);
        if (defcon_query_expression(query, fake_expander, NULL, &expression, error,
                                    sizeof error) == 0)
            rc = any ? defcon_query_any_phrase(query)
                     : defcon_query_first_phrase_less_others(query);
    }
    defcon_query_free(query);
    defcon_buffer_free(&expression);
    return rc;
}

#define first_less_others(text, variants) walk_shape((text), (variants), 0)
#define any_phrase(text, variants) walk_shape((text), (variants), 1)

/* The expressions whose rows are those of their first phrase less those
 * of the others, or those of any phrase: what the ranking pass may walk
 * (search.c). */
static void test_walk_shapes(void)
{
    CHECK_LONG(first_less_others("iran", 0), 1);
    CHECK_LONG(first_less_others("\"kim jong un\"", 0), 1);
    CHECK_LONG(first_less_others("title:oil", 0), 1);
    CHECK_LONG(first_less_others("iran -iraq", 0), 1);
    CHECK_LONG(first_less_others("iran NOT iraq NOT syria", 0), 1);
    CHECK_LONG(first_less_others("(iran) -(iraq OR \"north korea\")", 0), 1);
    CHECK_LONG(first_less_others("\"kim jong\" -un", 0), 1);
    CHECK_LONG(first_less_others("iraq -Gaddafi", 1), 1);   /* a negated name: as typed */
    CHECK_LONG(first_less_others("iran oil", 0), 0);
    CHECK_LONG(first_less_others("iran OR oil", 0), 0);
    CHECK_LONG(first_less_others("iran oil -iraq", 0), 0);
    CHECK_LONG(first_less_others("iran -(iraq oil)", 0), 0);   /* both, not either */
    CHECK_LONG(first_less_others("iran -NEAR(iraq oil)", 0), 0);
    CHECK_LONG(first_less_others("iran -title:iraq", 0), 0);
    CHECK_LONG(first_less_others("title:iran -iraq", 0), 0);
    CHECK_LONG(first_less_others("sanitiz* -iraq", 0), 0);   /* the prefix and a stem */
    CHECK_LONG(first_less_others("Gaddafi -iraq", 1), 0);    /* two spellings */
    CHECK_LONG(first_less_others("Gaddafi -iraq", 0), 1);

    CHECK_LONG(any_phrase("iran", 0), 1);
    CHECK_LONG(any_phrase("Gaddafi", 1), 1);   /* two spellings */
    CHECK_LONG(any_phrase("iran OR iraq", 0), 1);
    CHECK_LONG(any_phrase("iran OR (\"north korea\" OR Gaddafi)", 1), 1);
    CHECK_LONG(any_phrase("(iran OR iraq)", 0), 1);
    CHECK_LONG(any_phrase("sanitiz*", 0), 1);   /* the prefix or its stem */
    CHECK_LONG(any_phrase("iran iraq", 0), 0);
    CHECK_LONG(any_phrase("iran OR iraq oil", 0), 0);
    CHECK_LONG(any_phrase("iran OR NEAR(iraq oil)", 0), 0);
    CHECK_LONG(any_phrase("iran OR title:iraq", 0), 0);
    CHECK_LONG(any_phrase("title:(iran OR iraq)", 0), 0);
    CHECK_LONG(any_phrase("iran -iraq", 0), 0);
    CHECK_LONG(any_phrase("(iran OR iraq) -oil", 0), 0);
}

/* Articles holding a word, for the cap on long relaxed queries: words
 * starting with 'c' are common (900), those with 'z' in no article, the
 * rest are rare (their length). */
static long long fake_rows(void *context, const char *text, size_t len)
{
    (void)context;
    if (text[0] == 'z')
        return 0;
    return text[0] == 'c' ? 900 : (long long)len;
}

/* The relaxed expression of `text`, with fake_rows; *dropped set. */
static char *relaxed_of(const char *text, size_t *dropped)
{
    defcon_buffer expression = DEFCON_BUFFER_INIT;
    defcon_query *query = NULL;
    char error[256];

    *dropped = 0;
    if (defcon_query_parse(text, &query, error, sizeof error) != DEFCON_QUERY_OK) {
        defcon_query_free(query);
        return NULL;
    }
    defcon_query_set_word_rows(query, fake_rows, NULL);
    if (defcon_query_relaxed_expression(query, NULL, NULL, &expression, error, sizeof error) == 0)
        *dropped = defcon_query_relaxed_dropped(query);
    defcon_query_free(query);
    return defcon_buffer_detach(&expression);
}

static void test_relaxed_cap(void)
{
    size_t dropped;
    char *e;

    /* 12 words or fewer: all ORed. */
    e = relaxed_of("alpha bravo cat delta echo", &dropped);
    CHECK_STR(e, "\"alpha\" OR \"bravo\" OR \"cat\" OR \"delta\" OR \"echo\"");
    CHECK(dropped == 0);
    free(e);
    /* 16 words: the 12 rarest kept, in the order typed; a word no article
     * holds and the commonest go; a repeat neither counts nor is dropped. */
    e = relaxed_of("cow alpha bravo cat delta echo foxtrot golf hotel india juliet zzz kilo "
                   "lima cup alpha mike", &dropped);
    CHECK_STR(e, "\"alpha\" OR \"bravo\" OR \"delta\" OR \"echo\" OR \"foxtrot\" OR "
                 "\"golf\" OR \"hotel\" OR \"india\" OR \"juliet\" OR \"kilo\" OR "
                 "\"lima\" OR \"mike\"");
    CHECK(dropped == 4);
    free(e);
    /* Words no article holds still fill the places nothing else takes:
     * the expression is never empty. */
    e = relaxed_of("za zb zc zd ze zf zg zh zi zj zk zl zm zn", &dropped);
    CHECK(e != NULL && strncmp(e, "\"za\" OR \"zb\" OR", 15) == 0);
    CHECK(dropped == 2);
    free(e);
    /* A quoted phrase stays required whatever the cap. */
    e = relaxed_of("\"cow cat\" alpha bravo cat delta echo foxtrot golf hotel india juliet "
                   "kilo lima mike", &dropped);
    CHECK(e != NULL && strncmp(e, "\"cow cat\" AND (", 15) == 0);
    CHECK(dropped == 1);
    free(e);
}

int main(void)
{
    open_fts();
    test_words();
    test_phrases();
    test_boolean();
    test_negation();
    test_prefix();
    test_prefix_expander();
    test_near();
    test_fields();
    test_errors();
    test_error_quotes();
    test_matching();
    test_query_words();
    test_hostile_inputs();
    test_junk_sweep();
    test_nesting();
    test_big_queries();
    test_separator_table();
    test_phrase_listing();
    test_relaxed_cap();
    test_walk_shapes();
    sqlite3_finalize(match_statement);
    sqlite3_close(db);
    return check_finish();
}

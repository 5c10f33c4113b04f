/*
 * test_article.c - end-to-end tests of defcon_article_parse(): both kinds
 * of file, dates from the file or the folders, and every kind of bad
 * input (empty, binary, broken or UTF-16 text, broken front matter, alias
 * bombs, huge files and lines, deep nesting, CRLF), plus parsing from
 * several threads at once.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "article.h"
#include "buffer.h"
#include "check.h"

static defcon_article article;
static char error[256];

/* Why the tests on the shared folder's seed could not run, or NULL. */
static const char *skipped;

/* Parses `len` bytes read from `path`; returns the status. */
static int parse_bytes(const char *path, const char *data, size_t len)
{
    defcon_article_clear(&article);
    error[0] = '\0';
    return defcon_article_parse(path, data, len, &article, error, sizeof error);
}

static int parse(const char *path, const char *text)
{
    return parse_bytes(path, text, strlen(text));
}

static const char *date_of(const defcon_article *a, char buf[11])
{
    return defcon_date_format(&a->date, buf);
}

static void test_kinds(void)
{
    CHECK_LONG(defcon_article_kind_of("1987/03/a.md"), DEFCON_ARTICLE_MARKDOWN);
    CHECK_LONG(defcon_article_kind_of("a.markdown"), DEFCON_ARTICLE_MARKDOWN);
    CHECK_LONG(defcon_article_kind_of("A.MD"), DEFCON_ARTICLE_MARKDOWN);
    CHECK_LONG(defcon_article_kind_of("2019/04/x.txt"), DEFCON_ARTICLE_CAPTURE);
    CHECK_LONG(defcon_article_kind_of("x.html"), DEFCON_ARTICLE_HTML);
    CHECK_LONG(defcon_article_kind_of("x.pdf"), DEFCON_ARTICLE_NONE);
    CHECK_LONG(defcon_article_kind_of("crawl.warc.gz"), DEFCON_ARTICLE_WARC);
    CHECK_LONG(defcon_article_kind_of("x.tar.gz"), DEFCON_ARTICLE_NONE);
    CHECK_LONG(defcon_article_kind_of("notes.md/README"), DEFCON_ARTICLE_NONE);
    CHECK_LONG(defcon_article_kind_of("Makefile"), DEFCON_ARTICLE_NONE);
    CHECK_LONG(defcon_article_kind_of(NULL), DEFCON_ARTICLE_NONE);

    CHECK_LONG(parse("x.html", "<p>x</p>"), -1);
    CHECK_STR(error, "not a Markdown file or a text capture");
}

static void test_markdown(void)
{
    char buf[11];

    CHECK_LONG(parse("1987/03/03003-amoco.md",
                     "---\nid: reuters-3003\ntitle: \"AMOCO REPORTS SOUTH CHINA SEA OIL FIND\"\n"
                     "date: 1987-03-09T05:03:38Z\nsource: Reuters\ndateline: \"PEKING, March 9\"\n"
                     "topics: [crude, nat-gas]\n---\n\n"
                     "The U.S. \\<Amoco Petroleum Corp> has reported an offshore oil\n"
                     "find.\n\nSecond *paragraph*.\n"), 0);
    CHECK_STR(article.id, "reuters-3003");
    CHECK_STR(article.title, "AMOCO REPORTS SOUTH CHINA SEA OIL FIND");
    CHECK_STR(article.source, "Reuters");
    CHECK(article.url == NULL);
    CHECK_STR(article.topics, "crude, nat-gas");
    CHECK_STR(article.date_text, "1987-03-09T05:03:38Z");
    CHECK_STR(date_of(&article, buf), "1987-03-09");
    CHECK_STR(article.body,
              "The U.S. <Amoco Petroleum Corp> has reported an offshore oil find.\n\n"
              "Second paragraph.");
    CHECK_LONG(article.body_len, strlen(article.body));
    CHECK(article.warnings == NULL);

    /* A title-only article has an empty body: that is fine. */
    CHECK_LONG(parse("1987/03/x.md", "---\ntitle: \"ONLY A TITLE\"\ndate: 1987-03-02\n---\n"), 0);
    CHECK_STR(article.title, "ONLY A TITLE");
    CHECK_STR(article.body, "");
    CHECK_LONG(article.body_len, 0);

    /* No front matter: the heading is the title, the folders the date. */
    CHECK_LONG(parse("news/2019/04/29/x.md", "# Headline\n\nLead paragraph.\n"), 0);
    CHECK_STR(article.title, "Headline");
    CHECK_STR(article.body, "Lead paragraph.");
    CHECK(article.date_text == NULL);
    CHECK_STR(date_of(&article, buf), "2019-04-29");

    /* Front matter without a title: the first heading again. */
    CHECK_LONG(parse("x.md", "---\nsource: AP\n---\nIntro.\n\n## Sub\n\nText."), 0);
    CHECK_STR(article.title, "Sub");
    CHECK_STR(article.body, "Intro.\n\nSub\n\nText.");
    CHECK_STR(date_of(&article, buf), "");

    /* Neither: the title is "". */
    CHECK_LONG(parse("x.md", "Just text."), 0);
    CHECK_STR(article.title, "");

    /* A body that repeats the title as its heading does not repeat it. */
    CHECK_LONG(parse("x.md", "---\ntitle: Big news\n---\n# Big News\n\nLead."), 0);
    CHECK_STR(article.body, "Lead.");
}

static void test_dates(void)
{
    char buf[11];

    /* Issue 11 item 9: a date that cannot be read gives way to the folder's. */
    CHECK_LONG(parse("1987/02/x.md", "---\ntitle: t\ndate: 1987-02-30\n---\nText."), 0);
    CHECK_STR(date_of(&article, buf), "1987-02");
    CHECK_STR(article.date_text, "1987-02-30");
    CHECK_STR(article.warnings,
              "date \"1987-02-30\" is an impossible date: dated 1987-02 from its folder");
    CHECK_LONG(parse("2019/04/x.md", "---\ntitle: t\ndate: 2019/04/29\n---\nText."), 0);
    CHECK_STR(date_of(&article, buf), "2019-04");
    CHECK_LONG(parse("x.md", "---\ntitle: t\ndate: 1987-02-30\n---\nText."), 0);
    CHECK_STR(date_of(&article, buf), "");
    CHECK_STR(article.warnings, "date \"1987-02-30\" is an impossible date: kept as undated");

    CHECK_LONG(parse("x.md", "---\ndate: 1850-01-01\n---\nText."), 0);
    CHECK_STR(article.warnings,
              "date \"1850-01-01\" is outside the years 1900 to 2100: kept as undated");

    CHECK_LONG(parse("x.md", "---\ndate: sometime soon\n---\nText."), 0);
    CHECK_STR(article.warnings, "date \"sometime soon\" is not a recognized date: kept as undated");

    CHECK_LONG(parse("x.md", "---\ndate: \"29-APR-1987\"\n---\nText."), 0);
    CHECK_STR(date_of(&article, buf), "1987-04-29");
    CHECK(article.warnings == NULL);

    CHECK_LONG(parse("2019/04/x.txt", "Title\n\nBody."), 0);
    CHECK_STR(date_of(&article, buf), "2019-04");
    CHECK_LONG(parse("x.txt", "Title\n\nBody."), 0);
    CHECK_LONG(article.date.precision, DEFCON_DATE_NONE);
}

static void test_capture(void)
{
    const char *shared = getenv("DEFCON_SHARED");
    defcon_buffer path = DEFCON_BUFFER_INIT, data = DEFCON_BUFFER_INIT;
    char chunk[4096], buf[11];
    FILE *file = NULL;
    size_t n;

    CHECK_LONG(parse("2019/04/x.txt",
                     "The DEFCON Warning System\n\nOngoing Geointel and Analysis in the theater "
                     "of nuclear war. Established 1984\n\nHeadline\n\nText.\n\nRead more at DW\n\n"
                     "\xC2\xA9 2023 The DEFCON Warning System. Established 1984.\n"), 0);
    CHECK_STR(article.title, "Headline");
    CHECK_STR(article.source, "DW");
    CHECK_STR(article.body, "Text.");
    CHECK(article.id == NULL && article.topics == NULL && article.date_text == NULL);

    if (shared) {
        defcon_buffer_printf(&path, "%s/seeds/000_720859f5ca48e51c.txt", shared);
        file = fopen(path.data, "rb");
    }
    if (!file)
        skipped = shared ? "the seed capture is not in DEFCON_SHARED/seeds"
                         : "DEFCON_SHARED is not set: the seed capture was not parsed";
    if (file) {
        while ((n = fread(chunk, 1, sizeof chunk, file)) > 0)
            defcon_buffer_append(&data, chunk, n);
        fclose(file);
        CHECK_LONG(parse_bytes("2019/04/000_720859f5ca48e51c.txt", data.data, data.len), 0);
        CHECK_STR(article.title, "Why Russia, Iran seek deeper ties with North Korea");
        CHECK_STR(article.source, "DW");
        CHECK(strncmp(article.body, "Moscow and Tehran are both cozying up", 37) == 0);
        CHECK(strcmp(article.body + article.body_len - 34,
                     "sanctions waivers for Iranian oil.") == 0);
        CHECK_STR(date_of(&article, buf), "2019-04");
        CHECK(article.warnings == NULL);
    }
    defcon_buffer_free(&path);
    defcon_buffer_free(&data);
}

static void test_empty_and_binary(void)
{
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    defcon_buffer controls = DEFCON_BUFFER_INIT;
    int i;

    /* Nothing to index is not a failure (issue 11, item 15). */
    CHECK_LONG(parse_bytes("x.md", "", 0), DEFCON_ARTICLE_NOTHING);
    CHECK_STR(error, "empty file");
    CHECK_LONG(parse("x.txt", " \n\t\n  "), DEFCON_ARTICLE_NOTHING);
    CHECK_STR(error, "empty file");
    CHECK_LONG(parse("x.md", "\xEF\xBB\xBF\n"), DEFCON_ARTICLE_NOTHING);
    CHECK_STR(error, "empty file");
    CHECK(article.title == NULL && article.body == NULL);

    CHECK_LONG(parse_bytes("x.md", "Text\0more", 9), -1);
    CHECK_STR(error, "binary file (NUL byte at offset 4)");
    CHECK_LONG(parse_bytes("x.txt", png, sizeof png - 1), -1);
    CHECK_STR(error, "binary file (NUL byte at offset 8)");

    for (i = 0; i < 100; i++)
        defcon_buffer_puts(&controls, "ab\x01\x02\x03\x04");
    CHECK_LONG(parse("x.md", controls.data), -1);
    CHECK_STR(error, "binary file (400 control bytes in the first 600)");
    defcon_buffer_free(&controls);

    /* A stray control byte in text is no reason to refuse it; it is
     * blanked in the body, as are those entities make. */
    CHECK_LONG(parse("x.md", "Stray\x01 byte and &#27;[31m escape, \x1b[0m too."), 0);
    CHECK_STR(article.body, "Stray  byte and  [31m escape,  [0m too.");
    CHECK_LONG(parse("x.txt", "T\n\nC1 \xC2\x9B" "2J and \xC2\x85 but \xC2\xA9 stays"), 0);
    CHECK_STR(article.body, "C1   2J and    but \xC2\xA9 stays");
}

static void test_encodings(void)
{
    /* "T\xC3\xA9" is UTF-8 for "Té"; \xE9 alone is Latin-1. A file with no
     * UTF-8 sequence at all is Latin-1 or Windows-1252 (issue 11 item 12):
     * read so, with a warning, so that "café" finds it. */
    CHECK_LONG(parse("x.md", "---\ntitle: Caf\xE9\n---\nNa\xEFve text \x93quoted\x94."), 0);
    CHECK_STR(article.title, "Caf\xC3\xA9");
    CHECK_STR(article.body, "Na\xC3\xAFve text \xE2\x80\x9Cquoted\xE2\x80\x9D.");
    CHECK_STR(article.warnings, "not UTF-8 (from byte 14): read as Windows-1252");

    /* Ill-formed sequences, each replaced as the Unicode standard advises
     * (U+FFFD per maximal subpart): a surrogate, an overlong form, a code
     * point above U+10FFFF, a truncated sequence at the end. */
    /* (UTF-8 with damage: it holds a well-formed sequence, \xC3\xA9.) */
    CHECK_LONG(parse("x.txt", "T\n\n\xC3\xA9 a\xED\xA0\x80" "b\xC0\xAF" "c\xF4\x90\x80\x80" "d\xE2\x82"),
               0);
    CHECK_STR(article.body, "\xC3\xA9 a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD"
                            "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "d\xEF\xBF\xBD");
    CHECK_STR(article.warnings,
              "invalid UTF-8 from byte 7: 10 bad sequences replaced with U+FFFD");
    /* Well-formed edge cases stay as they are. */
    CHECK_LONG(parse("x.txt", "T\n\n\xC2\x80 \xDF\xBF \xE0\xA0\x80 \xED\x9F\xBF \xF0\x90\x80\x80 "
                              "\xF4\x8F\xBF\xBF"), 0);
    CHECK(article.warnings == NULL);

    /* A UTF-8 byte order mark is dropped; the front matter after it counts. */
    CHECK_LONG(parse("x.md", "\xEF\xBB\xBF---\ntitle: BOM\n---\nText."), 0);
    CHECK_STR(article.title, "BOM");
    CHECK_STR(article.body, "Text.");

    /* UTF-16, both byte orders, with a character outside the BMP. */
    {
        static const char le[] = "\xFF\xFE#\0 \0T\0\xE9\0\n\0\n\0\x3D\xD8\x00\xDE!\0";
        static const char be[] = "\xFE\xFF\0#\0 \0T\0\xE9\0\n\0\n\xD8\x3D\xDE\x00\0!";

        CHECK_LONG(parse_bytes("x.md", le, sizeof le - 1), 0);
        CHECK_STR(article.title, "T\xC3\xA9");
        CHECK_STR(article.body, "\xF0\x9F\x98\x80!");
        CHECK(article.warnings == NULL);
        CHECK_LONG(parse_bytes("x.md", be, sizeof be - 1), 0);
        CHECK_STR(article.title, "T\xC3\xA9");
        CHECK_STR(article.body, "\xF0\x9F\x98\x80!");
    }
    /* Broken UTF-16: a lone surrogate and an odd final byte. */
    CHECK_LONG(parse_bytes("x.txt", "\xFF\xFEH\0i\0\x00\xD8!\0X", 11), 0);
    CHECK_STR(article.title, "Hi\xEF\xBF\xBD!\xEF\xBF\xBD");
    CHECK_STR(article.warnings, "invalid UTF-16: 2 code units replaced with U+FFFD");
    /* UTF-16 holding a NUL character is binary. */
    CHECK_LONG(parse_bytes("x.txt", "\xFF\xFEH\0\0\0i\0", 8), -1);
    CHECK_STR(error, "binary file (NUL character at offset 4)");

    /* CRLF and lone CR line endings read as LF. */
    CHECK_LONG(parse("x.md", "---\r\ntitle: \"CRLF\"\r\ndate: 2019-04-29\r\n---\r\n"
                             "One\r\ntwo\r\n\r\nThree\rfour\r\n"), 0);
    CHECK_STR(article.title, "CRLF");
    CHECK_STR(article.body, "One two\n\nThree four");
    CHECK(article.date.precision == DEFCON_DATE_DAY);
    CHECK_LONG(parse("x.txt", "Title\r\n\r\nLine one\r\nLine two\r\n\r\nRead more at AP\r\n"), 0);
    CHECK_STR(article.body, "Line one\nLine two");
    CHECK_STR(article.source, "AP");
}

static void test_front_matter_problems(void)
{
    defcon_buffer bomb = DEFCON_BUFFER_INIT;
    int level, i;

    CHECK_LONG(parse("x.md", "---\ntitle: x\n\nText but no closing fence.\n"), -1);
    CHECK_STR(error, "front matter never ends (opened on line 1)");
    CHECK(article.title == NULL);

    CHECK_LONG(parse("x.md", "---\ntitle: x\nsource: [a\n---\nText."), -1);
    CHECK(strncmp(error, "front matter is not valid YAML on line 4: ", 42) == 0);

    CHECK_LONG(parse("x.md", "---\n- a list\n---\nText."), -1);
    CHECK_STR(error, "front matter is not a YAML mapping of keys to values "
                     "(it is a list, on line 2)");

    /* Wrong types are warnings: the article is kept without those values. */
    CHECK_LONG(parse("x.md", "---\ntitle: {a: b}\ndate: [1, 2]\n---\n# Heading\n\nText."), 0);
    CHECK_STR(article.title, "Heading");
    CHECK(article.date_text == NULL);
    CHECK_STR(article.warnings, "front matter \"title\" on line 2 is a mapping: ignored; "
                                "front matter \"date\" on line 3 is a list: ignored");

    /* An alias bomb costs nothing: aliases are never expanded. */
    defcon_buffer_puts(&bomb, "---\na0: &a0 \"lol\"\n");
    for (level = 1; level <= 9; level++) {
        defcon_buffer_printf(&bomb, "a%d: &a%d [", level, level);
        for (i = 0; i < 10; i++)
            defcon_buffer_printf(&bomb, "%s*a%d", i ? ", " : "", level - 1);
        defcon_buffer_puts(&bomb, "]\n");
    }
    defcon_buffer_puts(&bomb, "title: *a9\n---\nText.");
    CHECK_LONG(parse("x.md", bomb.data), 0);
    CHECK_STR(article.title, "");
    CHECK_STR(article.warnings, "front matter \"title\" on line 12 is a YAML alias, which is "
                                "not supported: ignored");
    defcon_buffer_free(&bomb);
}

static double seconds_since(clock_t start)
{
    return (double)(clock() - start) / CLOCKS_PER_SEC;
}

static void test_size_and_depth(void)
{
    defcon_buffer text = DEFCON_BUFFER_INIT;
    clock_t start;
    size_t i;

    /* 10 MB of Markdown with markup on every line, so cmark reads it (its
     * tree takes some 20 bytes of memory per byte of such text). */
    defcon_buffer_puts(&text, "---\ntitle: Big\n---\n");
    while (text.len < 10u * 1024 * 1024)
        defcon_buffer_puts(&text, "Paragraph with *emphasis*, a [link](http://x.example) "
                                  "and `code` in it.\nSecond line.\n\n");
    start = clock();
    CHECK_LONG(parse("x.md", text.data), 0);
    CHECK(seconds_since(start) < 10.0);
    CHECK(article.body_len > 7u * 1024 * 1024);
    CHECK(strncmp(article.body, "Paragraph with emphasis, a link and code in it. Second line.\n\n",
                  62) == 0);

    /* 50 MB of plain prose, as most archive text is, and as a capture. */
    defcon_buffer_clear(&text);
    while (text.len < 50u * 1024 * 1024)
        defcon_buffer_puts(&text, "Plain prose line of a long article, nothing more.\n\n");
    start = clock();
    CHECK_LONG(parse("x.md", text.data), 0);
    CHECK_LONG(article.body_len, text.len - 2);
    CHECK_LONG(parse("x.txt", text.data), 0);
    CHECK(seconds_since(start) < 10.0);

    /* A 1 MB line, in both kinds of file. */
    defcon_buffer_clear(&text);
    defcon_buffer_puts(&text, "Title\n\n");
    for (i = 0; i < 100000; i++)
        defcon_buffer_puts(&text, "long line ");
    start = clock();
    CHECK_LONG(parse("x.txt", text.data), 0);
    CHECK_LONG(article.body_len, 100000 * 10 - 1);
    CHECK_LONG(parse("x.md", text.data), 0);
    CHECK_LONG(article.body_len, strlen("Title\n\n") + 100000 * 10 - 1);
    CHECK(seconds_since(start) < 5.0);

    /* A 10,000-character word. */
    defcon_buffer_clear(&text);
    for (i = 0; i < 10000; i++)
        defcon_buffer_putc(&text, 'x');
    CHECK_LONG(parse("x.md", text.data), 0);
    CHECK_LONG(article.body_len, 10000);
    CHECK_LONG(parse("x.txt", text.data), 0);
    CHECK_LONG(strlen(article.title), 10000);

    /* 10,000 levels of block quotes and of lists. */
    defcon_buffer_clear(&text);
    for (i = 0; i < 10000; i++)
        defcon_buffer_puts(&text, "> ");
    defcon_buffer_puts(&text, "deep\n");
    CHECK_LONG(parse("x.md", text.data), 0);
    CHECK_STR(article.body, "deep");
    defcon_buffer_clear(&text);
    for (i = 0; i < 10000; i++)
        defcon_buffer_puts(&text, "1. ");
    defcon_buffer_puts(&text, "deep\n");
    CHECK_LONG(parse("x.md", text.data), 0);
    CHECK_STR(article.body, "deep");

    defcon_buffer_free(&text);
}

/* Undoes the escapes of expected.tsv (\n, \t, \\) in place. */
static char *unescape(char *field)
{
    char *from = field, *to = field;

    for (; *from; from++) {
        if (*from == '\\' && from[1]) {
            from++;
            *to++ = *from == 'n' ? '\n' : *from == 't' ? '\t' : *from;
        } else {
            *to++ = *from;
        }
    }
    *to = '\0';
    return field;
}

/* Every fixture of tests/data/articles parses as expected.tsv says. */
static void test_fixtures(void)
{
    const char *data = getenv("DEFCON_TEST_DATA");
    defcon_buffer path = DEFCON_BUFFER_INIT;
    char line[8192], buf[11];
    FILE *expected;
    int count = 0;

    defcon_buffer_printf(&path, "%s/articles/expected.tsv", data ? data : "../data");
    expected = fopen(path.data, "r");
    CHECK(expected != NULL);
    while (expected && fgets(line, sizeof line, expected)) {
        char *field[7], *cursor = line, *bytes;
        size_t len;
        int i;

        if (line[0] == '#')
            continue;
        line[strcspn(line, "\n")] = '\0';
        for (i = 0; i < 7; i++) {
            field[i] = cursor;
            cursor += strcspn(cursor, "\t");
            if (*cursor)
                *cursor++ = '\0';
            unescape(field[i]);
        }
        defcon_buffer_clear(&path);
        defcon_buffer_printf(&path, "%s/articles/%s", data ? data : "../data", field[0]);
        bytes = check_read_file(path.data, &len);
        CHECK(bytes != NULL);
        if (!bytes)
            continue;
        if (strcmp(field[1], "ok") == 0) {
            CHECK_LONG(parse_bytes(field[0], bytes, len), 0);
            CHECK_STR(article.title, field[2]);
            CHECK_STR(date_of(&article, buf), field[3]);
            CHECK_STR(article.source, field[4][0] ? field[4] : NULL);
            CHECK_STR(article.body, field[5]);
            CHECK_STR(article.warnings, field[6][0] ? field[6] : NULL);
        } else {
            CHECK_LONG(parse_bytes(field[0], bytes, len),
                       strcmp(field[1], "nothing") == 0 ? DEFCON_ARTICLE_NOTHING : -1);
            CHECK_STR(error, field[6]);
        }
        free(bytes);
        count++;
    }
    if (expected)
        fclose(expected);
    CHECK(count >= 19);
    defcon_buffer_free(&path);
}

/* Several threads parse the same files and must get the same articles. */
#define THREADS 4
#define ROUNDS 200

static const char *const thread_inputs[] = {
    "---\ntitle: One\ndate: 1987-03-09\ntopics: [a, b]\n---\nText *one*.\n",
    "---\n# forces libyaml\ntitle: Two\n---\n<p>Two &amp; more</p>\n",
    "The DEFCON Warning System\n\nThree\n\nBody.\n\nRead more at DW\n",
};
static const char *const thread_paths[] = {"1987/03/a.md", "b.md", "2019/04/c.txt"};

static void *parse_many(void *failures)
{
    defcon_article a, b;
    char message[128];
    int round, i;

    for (round = 0; round < ROUNDS; round++) {
        for (i = 0; i < 3; i++) {
            if (defcon_article_parse(thread_paths[i], thread_inputs[i], strlen(thread_inputs[i]),
                                     &a, message, sizeof message) != 0 ||
                defcon_article_parse(thread_paths[i], thread_inputs[i], strlen(thread_inputs[i]),
                                     &b, message, sizeof message) != 0 ||
                strcmp(a.title, b.title) != 0 || strcmp(a.body, b.body) != 0)
                (*(int *)failures)++;
            defcon_article_clear(&a);
            defcon_article_clear(&b);
        }
    }
    return NULL;
}

static void test_threads(void)
{
    pthread_t threads[THREADS];
    int failures[THREADS] = {0};
    int i, total = 0;

    for (i = 0; i < THREADS; i++)
        CHECK_LONG(pthread_create(&threads[i], NULL, parse_many, &failures[i]), 0);
    for (i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        total += failures[i];
    }
    CHECK_LONG(total, 0);
}

int main(void)
{
    int status;

    test_kinds();
    test_markdown();
    test_dates();
    test_capture();
    test_empty_and_binary();
    test_encodings();
    test_front_matter_problems();
    test_size_and_depth();
    test_fixtures();
    test_threads();
    defcon_article_clear(&article);
    defcon_article_clear(NULL);
    /* Without the shared folder the rest still counts: a failure fails. */
    status = check_finish();
    if (skipped && status == EXIT_SUCCESS)
        check_skip(skipped);
    return status;
}

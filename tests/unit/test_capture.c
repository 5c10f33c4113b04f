/*
 * test_capture.c - unit tests of capture.c: the seed capture of the
 * shared folder, and header, footer, headline and source lines in their
 * usual and unusual shapes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "capture.h"
#include "check.h"

static defcon_capture capture;

/* Why the seed test could not run, or NULL. */
static const char *skipped;

static void parse(const char *text)
{
    defcon_capture_clear(&capture);
    CHECK_LONG(defcon_capture_parse(text, strlen(text), &capture), 0);
}

static int starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *text, const char *suffix)
{
    size_t len = strlen(text), n = strlen(suffix);

    return len >= n && strcmp(text + len - n, suffix) == 0;
}

static void test_seed(void)
{
    const char *shared = getenv("DEFCON_SHARED");
    defcon_buffer path = DEFCON_BUFFER_INIT, data = DEFCON_BUFFER_INIT;
    char chunk[4096];
    FILE *file;
    size_t n;

    if (!shared) {
        skipped = "DEFCON_SHARED is not set: the seed capture is not reachable";
        return;
    }
    defcon_buffer_printf(&path, "%s/seeds/000_720859f5ca48e51c.txt", shared);
    file = fopen(path.data, "rb");
    defcon_buffer_free(&path);
    if (!file) {
        skipped = "the seed capture is not in DEFCON_SHARED/seeds";
        return;
    }
    while ((n = fread(chunk, 1, sizeof chunk, file)) > 0)
        defcon_buffer_append(&data, chunk, n);
    fclose(file);

    defcon_capture_clear(&capture);
    CHECK_LONG(defcon_capture_parse(data.data, data.len, &capture), 0);
    CHECK_STR(capture.title, "Why Russia, Iran seek deeper ties with North Korea");
    CHECK_STR(capture.source, "DW");
    CHECK(starts_with(capture.body, "Moscow and Tehran are both cozying up"));
    CHECK(ends_with(capture.body, "sanctions waivers for Iranian oil."));
    CHECK_LONG(capture.body_len, strlen(capture.body));
    CHECK(strstr(capture.body, "DEFCON") == NULL);
    CHECK(strstr(capture.body, "Geointel") == NULL);
    CHECK(strstr(capture.body, "Read more") == NULL);
    CHECK(strstr(capture.body, "\xC2\xA9") == NULL);
    CHECK(strstr(capture.body, "\n\n\n") == NULL);
    /* The no-break space that ends one paragraph is trimmed (those inside
     * lines are text and stay). */
    CHECK(strstr(capture.body, "relations.\xE2\x80\x9D\n\n") != NULL);
    defcon_buffer_free(&data);
}

static void test_shapes(void)
{
    /* The usual page, with extra blank lines and spacing. */
    parse("\n\n  The DEFCON Warning System  \n\n"
          "Ongoing Geointel and Analysis in the theater of nuclear war. Established 1984\n\n"
          "  Headline   here  \n\n\n"
          "First paragraph.\n\n\n\nSecond paragraph,\nwith two lines.\n\n"
          "Read more at The Guardian.\n\n"
          "Ongoing Geointel and Analysis in the theater of nuclear war.\n\n"
          "\xC2\xA9 2023 The DEFCON Warning System. Established 1984.\n\n"
          "The DEFCON Warning System is a private intelligence organization.\n");
    CHECK_STR(capture.title, "Headline here");
    CHECK_STR(capture.source, "The Guardian");
    CHECK_STR(capture.body, "First paragraph.\n\nSecond paragraph,\nwith two lines.");

    /* No header: the first non-empty line is the title. No footer either. */
    parse("Plain headline\nBody line.\n\nRead more at: https://example.org/x\n\nLast.");
    CHECK_STR(capture.title, "Plain headline");
    CHECK_STR(capture.source, "https://example.org/x");
    CHECK_STR(capture.body, "Body line.\n\nLast.");

    /* The footer starts at a copyright line naming the site alone. */
    parse("Title\n\nText.\n\nCopyright (c) 2020 DEFCON Warning System\nMore footer.");
    CHECK_STR(capture.body, "Text.");
    parse("Title\n\nText.\n\n(c) 2021 the defcon warning system\n");
    CHECK_STR(capture.body, "Text.");
    /* A copyright line naming someone else is text. */
    parse("Title\n\nText.\n\n\xC2\xA9 2020 Reuters\n");
    CHECK_STR(capture.body, "Text.\n\n\xC2\xA9 2020 Reuters");

    /* The site's name on a line of its own ends the article too. */
    parse("Title\n\nText.\n\nThe DEFCON Warning System |\nlinks");
    CHECK_STR(capture.body, "Text.");

    /* A closing disclaimer is footer even without a tagline before it, but
     * a paragraph starting with the site's name inside the text is not. */
    parse("Title\n\nThe DEFCON Warning System is mentioned here.\n\nText.\n\n"
          "The DEFCON Warning System is a private\nintelligence organization.\n\n");
    CHECK_STR(capture.body, "The DEFCON Warning System is mentioned here.\n\nText.");

    /* "Read more at" without a name is text; the last source before the
     * footer wins (issue 11 item 10), the others are text. */
    parse("Title\n\nRead more at\n\nRead more at AP\n\nRead more at DW\n");
    CHECK_STR(capture.source, "DW");
    CHECK_STR(capture.body, "Read more at\n\nRead more at AP");

    /* A header and nothing else. */
    parse("The DEFCON Warning System\n\nOngoing Geointel and Analysis in the theater of "
          "nuclear war. Established 1984\n");
    CHECK_STR(capture.title, "");
    CHECK_STR(capture.body, "");
    CHECK(capture.source == NULL);

    /* A line of control characters only is no headline. */
    parse("\x04\x1b\n\nReal headline\n\nBody.");
    CHECK_STR(capture.title, "Real headline");
    CHECK_STR(capture.body, "Body.");

    parse("");
    CHECK_STR(capture.title, "");
    CHECK_STR(capture.body, "");

    /* Only `len` bytes are read; no final newline needed. */
    defcon_capture_clear(&capture);
    CHECK_LONG(defcon_capture_parse("Title\n\nBody.XXXX", 12, &capture), 0);
    CHECK_STR(capture.body, "Body.");
    CHECK_LONG(capture.body_len, 5);
}

/* The site's templates of every year (issue 12), as fixtures written from
 * their description, and the source line of issue 11 item 10. */
static void expect_template(const char *name, const char *title, const char *source,
                            const char *body_start, const char *body_end)
{
    const char *data = getenv("DEFCON_TEST_DATA");
    char path[512];
    size_t len;
    char *text;

    snprintf(path, sizeof path, "%s/captures/%s", data ? data : "../data", name);
    text = check_read_file(path, &len);
    CHECK(text != NULL);
    if (!text)
        return;
    defcon_capture_clear(&capture);
    CHECK_LONG(defcon_capture_parse(text, len, &capture), 0);
    CHECK_STR(capture.title, title);
    CHECK_STR(capture.source, source);
    CHECK(starts_with(capture.body, body_start));
    CHECK(ends_with(capture.body, body_end));
    CHECK(strstr(capture.body, "1984") == NULL);        /* no tagline in the body */
    CHECK(strstr(capture.body, "DEFCON") == NULL);      /* no status line, no site name */
    free(text);
}

static void test_templates(void)
{
    expect_template("2018-template.txt", "Missile test raises tension on the peninsula",
                    "Reuters", "A ballistic missile", "planned for next month.");
    expect_template("2021-template.txt", "Envoys meet again over the stalled treaty", "AP",
                    "The envoys met", "next week in Geneva.");
    /* Item 10: a paragraph that starts "Read more at" is text; the source is
     * the last such line, before the footer. */
    CHECK(strstr(capture.body, "\n\nRead more at the ministry's site") != NULL);
    expect_template("2025-template.txt", "Satellite images show new construction at the test site",
                    "CNN", "Commercial satellite images", "a test is near.");
}

/* The 2025 header's status line is the site's level at capture time and
 * leaves with the header; a status line in the body is the article's and
 * stays, with the text after it. */
static void test_status_lines(void)
{
    parse("The DEFCON Warning System\n\nAnalysis of global nuclear tensions. Since 1984.\n\nDEFCON 5 Green\n\n"
          "Alert raised\n\nCondition code is Blue.\n\nDEFCON 4 Blue\n\n"
          "Tests go on.\n\nRead more at CNN\n\n\xC2\xA9 2025 The DEFCON Warning System.");
    CHECK_STR(capture.title, "Alert raised");
    CHECK_STR(capture.body, "Condition code is Blue.\n\nDEFCON 4 Blue\n\nTests go on.");
    CHECK_STR(capture.source, "CNN");
    /* under the headline, before any text: still the header's */
    parse("The DEFCON Warning System\n\nAlert raised\n\nDEFCON 5 Green\n\nText.");
    CHECK_STR(capture.body, "Text.");
}

int main(void)
{
    int status;

    test_shapes();
    test_templates();
    test_status_lines();
    test_seed();
    defcon_capture_clear(&capture);
    defcon_capture_clear(NULL);
    /* Without the shared folder the rest still counts: a failure fails. */
    status = check_finish();
    if (skipped && status == EXIT_SUCCESS)
        check_skip(skipped);
    return status;
}

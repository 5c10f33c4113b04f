/*
 * test_printer.c - unit tests of the printers (printer.c, print_*.c):
 * one hit, with highlighted words and countries as structs, printed in
 * every format; the closing summary; timelines and facets as data; the
 * format table's names; and the marks split into text and ranges.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "printer.h"

static const defcon_hit_country about[] = {{"KP", 5}, {"IR", 2}};
static const defcon_hit_country mentioned[] = {{"KP", 5}, {"IR", 2}, {"RU", 1}};

static defcon_hit sample_hit(void)
{
    defcon_hit hit;

    memset(&hit, 0, sizeof hit);
    hit.id = "a1";
    hit.path = "2019/04/visit.md";
    hit.title = "Zarif visits Pyongyang";
    hit.title_marked = "\x01Zarif\x02 visits Pyongyang";
    hit.date = "2019-04-29";
    hit.source = "DW";
    hit.has_score = 1;
    hit.score = 2.5;
    hit.snippet = "Foreign minister \x01Zarif\x02 announced a visit to the capital, \"soon\".";
    hit.countries = about;
    hit.country_count = 2;
    hit.mentions = mentioned;
    hit.mention_count = 3;
    return hit;
}

static char printed[4096];

/* Prints `hit` and `summary` with `options` into printed[]. */
static const char *print_one(const defcon_output_options *options, const defcon_hit *hit,
                             const defcon_output_summary *summary)
{
    FILE *out = fmemopen(printed, sizeof printed - 1, "w");
    defcon_printer *printer = defcon_printer_new(out, options);

    CHECK(printer != NULL);
    CHECK_LONG(defcon_printer_hit(printer, hit), 0);
    CHECK_LONG(defcon_printer_end(printer, summary), 0);
    defcon_printer_free(printer);
    fclose(out);
    return printed;
}

/* Prints the sample hit and a summary of `total` in `format`. */
static const char *print_hit(defcon_output_format format, int width, long total)
{
    defcon_output_options options = {format, 0, width, "archive"};
    defcon_output_summary summary;
    defcon_hit hit = sample_hit();

    memset(&summary, 0, sizeof summary);
    summary.shown = 1;
    summary.total = total;
    return print_one(&options, &hit, &summary);
}

static void test_hit_formats(void)
{
    CHECK_STR(print_hit(DEFCON_OUTPUT_TEXT, 40, 7),
              "1. Zarif visits Pyongyang\n"
              "   2019-04-29 · DW ·\n"
              "   archive/2019/04/visit.md · North\n"
              "   Korea, Iran\n"
              "   Foreign minister Zarif announced a\n"
              "   visit to the capital, \"soon\".\n"
              "\n1–1 of 7 articles\n");
    CHECK_STR(print_hit(DEFCON_OUTPUT_JSON, 40, 7),
              "{\"format_version\":1,\"id\":\"a1\",\"path\":\"2019/04/visit.md\","
              "\"file\":\"archive/2019/04/visit.md\",\"member\":null,"
              "\"title\":\"Zarif visits Pyongyang\",\"title_highlights\":[[0,5]],"
              "\"date\":\"2019-04-29\",\"source\":\"DW\",\"url\":null,\"score\":2.5,"
              "\"snippet\":\"Foreign minister Zarif announced a visit to the capital, \\\"soon\\\".\","
              "\"snippet_highlights\":[[17,22]],\"countries\":[\"KP\",\"IR\"],"
              "\"mentions\":{\"KP\":5,\"IR\":2,\"RU\":1}}\n");
    CHECK_STR(print_hit(DEFCON_OUTPUT_CSV, 40, 7),
              "id,path,title,date,source,score,countries,url,file,snippet,copies,member\n"
              "a1,2019/04/visit.md,Zarif visits Pyongyang,2019-04-29,DW,2.5,\"KP,IR\",,"
              "archive/2019/04/visit.md,\"Foreign minister Zarif announced a visit to the "
              "capital, \"\"soon\"\".\",,\n");
    CHECK_STR(print_hit(DEFCON_OUTPUT_PATHS, 40, 7), "archive/2019/04/visit.md\n");
    CHECK_STR(print_hit(DEFCON_OUTPUT_COUNT, 40, 7), "7\n");
}

/* A hit with its story's copies folded under it, in each format. */
static const char *print_folded(defcon_output_format format)
{
    static const char *const copies[] = {"reuters-12471", "reuters-12456"};
    defcon_output_options options = {format, 0, 80, NULL};
    defcon_output_summary summary;
    defcon_hit hit = sample_hit();

    hit.copy_ids = copies;
    hit.copy_count = 2;
    memset(&summary, 0, sizeof summary);
    summary.shown = 1;
    summary.total = 3;
    summary.copies_folded = 2;
    return print_one(&options, &hit, &summary);
}

static void test_copies(void)
{
    CHECK(strstr(print_folded(DEFCON_OUTPUT_TEXT),
                 "\n   +2 near-identical (reuters-12471, reuters-12456)\n") != NULL);
    CHECK(strstr(printed, "1–1 of 3 stories") != NULL);
    CHECK(strstr(print_folded(DEFCON_OUTPUT_JSON),
                 ",\"copies\":[\"reuters-12471\",\"reuters-12456\"]}\n") != NULL);
    CHECK(strstr(print_folded(DEFCON_OUTPUT_CSV), ",reuters-12471 reuters-12456,\n") != NULL);
}

/* Hits from the members of web archives: paths names each file once, at
 * its first hit; JSON and CSV say which member each hit is. */
static void test_members(void)
{
    static const struct { const char *path; long long member; } hits[] = {
        {"crawls/site.warc.gz", 1234}, {"2019/04/visit.md", -1},
        {"crawls/site.warc.gz", 5678}, {"feeds/feed.xml", 2}, {"crawls/site.warc.gz", 9}};
    defcon_output_format formats[3] = {DEFCON_OUTPUT_PATHS, DEFCON_OUTPUT_JSON,
                                       DEFCON_OUTPUT_CSV};
    const char *want[3] = {
        "archive/crawls/site.warc.gz\narchive/2019/04/visit.md\narchive/feeds/feed.xml\n",
        "\"file\":\"archive/crawls/site.warc.gz\",\"member\":9,", ",archive/feeds/feed.xml,"};
    size_t f, i;

    for (f = 0; f < 3; f++) {
        defcon_output_options options = {formats[f], 0, 80, "archive"};
        FILE *out = fmemopen(printed, sizeof printed - 1, "w");
        defcon_printer *printer = defcon_printer_new(out, &options);

        for (i = 0; i < sizeof hits / sizeof hits[0]; i++) {
            defcon_hit hit = sample_hit();
            hit.path = hits[i].path;
            hit.has_member = hits[i].member >= 0;
            hit.member = hits[i].member;
            CHECK_LONG(defcon_printer_hit(printer, &hit), 0);
        }
        defcon_printer_free(printer);
        fclose(out);
        if (f == 0)
            CHECK_STR(printed, want[0]);
        else
            CHECK(strstr(printed, want[f]) != NULL);
    }
    CHECK(strstr(printed, ".\",,1234\n") != NULL);        /* CSV: the member last */
    CHECK(strstr(printed, "visit.md,\"Foreign") != NULL);
    CHECK(strstr(printed, "\"soon\"\".\",,\n") != NULL);   /* a file of one article */
}

static void test_wide_text(void)
{
    defcon_output_options options = {DEFCON_OUTPUT_TEXT, 0, 20, NULL};
    defcon_hit hit = sample_hit();
    FILE *out = fmemopen(printed, sizeof printed - 1, "w");
    defcon_printer *printer = defcon_printer_new(out, &options);

    /* Wide characters take two columns: two words of 4 fill the 17
     * columns after the number, and the last goes on the next line
     * (counted as characters, all three would fit on one). */
    hit.snippet = "\xE6\x97\xA5\xE6\x97\xA5\xE6\x97\xA5\xE6\x97\xA5 "
                  "\xE6\x97\xA5\xE6\x97\xA5\xE6\x97\xA5\xE6\x97\xA5 \xE6\x97\xA5";
    hit.country_count = 0;
    CHECK_LONG(defcon_printer_hit(printer, &hit), 0);
    defcon_printer_free(printer);
    fclose(out);
    CHECK(strstr(printed, "\n   \xE6\x97\xA5\xE6\x97\xA5\xE6\x97\xA5\xE6\x97\xA5 "
                          "\xE6\x97\xA5\xE6\x97\xA5\xE6\x97\xA5\xE6\x97\xA5\n   \xE6\x97\xA5\n")
          != NULL);
}

static void test_timeline_and_facets(void)
{
    defcon_period periods[2];
    defcon_facet facets[1] = {{"KP", 3}};
    defcon_output_options options = {DEFCON_OUTPUT_JSON, 0, 80, NULL};
    FILE *out = fmemopen(printed, sizeof printed - 1, "w");
    defcon_printer *printer = defcon_printer_new(out, &options);

    memset(periods, 0, sizeof periods);
    strcpy(periods[0].label, "1987");
    periods[0].matches = 1;
    periods[0].total = 4;
    strcpy(periods[1].label, "1988");
    defcon_timeline_summary summary = {0, 0, 0, NULL, "1987-03-01", "1987-03-01", NULL};

    CHECK_LONG(defcon_printer_timeline(printer, periods, 2, &summary), 0);
    CHECK_LONG(defcon_printer_facets(printer, "mentioned", "IR", facets, 1), 0);
    defcon_printer_free(printer);
    fclose(out);
    CHECK_STR(printed,
              "{\"format_version\":1,\"period\":\"1987\",\"matches\":1,\"total\":4,\"share\":0.25}\n"
              "{\"format_version\":1,\"period\":\"1988\",\"matches\":0,\"total\":0,\"share\":0}\n"
              "{\"format_version\":1,\"facet\":\"mentioned\",\"with\":\"IR\","
              "\"countries\":{\"KP\":3}}\n");
}

static void test_format_table(void)
{
    defcon_output_format format = DEFCON_OUTPUT_TEXT;
    defcon_buffer names = DEFCON_BUFFER_INIT;

    CHECK_LONG(defcon_output_format_find("csv", &format), 0);
    CHECK_LONG(format, DEFCON_OUTPUT_CSV);
    CHECK_LONG(defcon_output_format_find("xml", &format), -1);
    CHECK_LONG(defcon_output_format_names(&names), 0);
    CHECK_STR(defcon_buffer_cstr(&names), "text, json, csv, paths or count");
    CHECK(defcon_output_format_is_bare(DEFCON_OUTPUT_PATHS));
    CHECK(!defcon_output_format_is_bare(DEFCON_OUTPUT_JSON));
    CHECK(defcon_output_format_wants_total(DEFCON_OUTPUT_COUNT));
    CHECK(!defcon_output_format_wants_total(DEFCON_OUTPUT_CSV));
    defcon_buffer_free(&names);
}

static void test_marks(void)
{
    defcon_buffer plain = DEFCON_BUFFER_INIT, ranges = DEFCON_BUFFER_INIT;

    CHECK_LONG(defcon_marks_split("caf\xC3\xA9 \x01" "bar\x02 \x01\x02 \x01x\x02", &plain, &ranges),
               0);
    CHECK_STR(defcon_buffer_cstr(&plain), "caf\xC3\xA9 bar  x");
    CHECK_STR(defcon_buffer_cstr(&ranges), "[5,8],[10,11]");
    defcon_buffer_free(&plain);
    defcon_buffer_free(&ranges);
}

int main(void)
{
    test_hit_formats();
    test_wide_text();
    test_copies();
    test_members();
    test_timeline_and_facets();
    test_format_table();
    test_marks();
    return check_finish();
}

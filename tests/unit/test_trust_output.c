/*
 * test_trust_output.c - unit tests of issue 11's output items: unsafe
 * characters neutralised by the one helper (text.c) and escaped in JSON
 * and HTML (items 3), CSV cells that look like formulas (4), timelines
 * that fold empty stretches, count undated matches, cap their bars, keep
 * their columns aligned and show empty months without "0 of 0" (8, 21),
 * facet names cut with an ellipsis (21), CSV facets under a header (19).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "html.h"
#include "json.h"
#include "printer.h"
#include "text.h"

static char printed[1 << 16];

/* Text holding every kind of unsafe character, and a safe é. */
#define HOSTILE                                                                              \
    "a\x1b]0;t\x07 b\x1b[2J c\x08 d\x7f e\xC2\x9B f\xE2\x80\xAE g\xE2\x81\xA6 \xC3\xA9\n"

static void test_safe_helper(void)
{
    defcon_buffer out = DEFCON_BUFFER_INIT;

    CHECK(defcon_text_is_unsafe(0x1b) && defcon_text_is_unsafe(0x7f));
    CHECK(defcon_text_is_unsafe(0x9b) && defcon_text_is_unsafe(0x202e));
    CHECK(defcon_text_is_unsafe(0x2066) && defcon_text_is_unsafe(0x2069));
    CHECK(!defcon_text_is_unsafe(0xe9) && !defcon_text_is_unsafe(0x2070)
          && !defcon_text_is_unsafe(0x2029));
    CHECK_LONG(defcon_text_append_safe(&out, HOSTILE, strlen(HOSTILE), NULL, "?"), 0);
    CHECK_STR(defcon_buffer_cstr(&out), "a?]0;t? b?[2J c? d? e? f? g? \xC3\xA9?");
    defcon_buffer_clear(&out);
    /* newline kept on request; an ill-formed byte becomes U+FFFD */
    CHECK_LONG(defcon_text_append_safe(&out, "x\ny\xFFz\t", 6, "\n", "?"), 0);
    CHECK_STR(defcon_buffer_cstr(&out), "x\ny" DEFCON_TEXT_REPLACEMENT "z?");
    defcon_buffer_free(&out);
}

static void test_json_and_html(void)
{
    defcon_buffer out = DEFCON_BUFFER_INIT;

    CHECK_LONG(defcon_json_string(&out, "e\xC2\x9B f\xE2\x80\xAE g\xE2\x81\xA9 \xC3\xA9"), 0);
    CHECK_STR(defcon_buffer_cstr(&out), "\"e\\u009b f\\u202e g\\u2069 \xC3\xA9\"");
    defcon_buffer_clear(&out);
    CHECK_LONG(defcon_html_escape(&out, "<b>\xE2\x80\xAE\x1b[2J\xC2\x9B</b>"), 0);
    CHECK_STR(defcon_buffer_cstr(&out), "&lt;b&gt;  [2J &lt;/b&gt;");
    defcon_buffer_free(&out);
}

static defcon_printer *printer_to(FILE **out, defcon_output_format format, int width)
{
    defcon_output_options options = {format, 0, width, NULL};

    *out = fmemopen(printed, sizeof printed - 1, "w");
    return defcon_printer_new(*out, &options);
}

static void finish_printer(defcon_printer *printer, FILE *out)
{
    defcon_printer_free(printer);
    fclose(out);
}

static void test_csv_formulas(void)
{
    defcon_hit hit;
    FILE *out;
    defcon_printer *printer = printer_to(&out, DEFCON_OUTPUT_CSV, 80);

    memset(&hit, 0, sizeof hit);
    hit.id = "@id";
    hit.path = "-p.md";
    hit.title_marked = "=HYPERLINK(\"http://x\",\"y\")";
    hit.source = "+cmd|' /C calc'!A0";
    hit.url = "\tu";
    hit.snippet = "\rs";
    hit.has_score = 1;
    hit.score = -1.5;   /* numbers are numbers: no apostrophe */
    CHECK_LONG(defcon_printer_hit(printer, &hit), 0);
    finish_printer(printer, out);
    CHECK_STR(printed, "id,path,title,date,source,score,countries,url,file,snippet,copies,member\n"
                       "'@id,'-p.md,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,'+cmd|' /C "
                       "calc'!A0,-1.5,,' u,,' s,,\n");
}

static void period(defcon_period *p, const char *label, int month, long matches, long total)
{
    memset(p, 0, sizeof *p);
    strcpy(p->label, label);
    p->when.month = month;
    p->matches = matches;
    p->total = total;
}

static size_t count_lines(const char *text)
{
    size_t n = 0;

    for (; *text; text++)
        n += *text == '\n';
    return n;
}

static void test_timeline_text(void)
{
    defcon_period periods[8];
    defcon_timeline_summary summary = {0, 2, 0, NULL, "1987-01-05", "1987-08-01", "dated 1987"};
    FILE *out;
    defcon_printer *printer = printer_to(&out, DEFCON_OUTPUT_TEXT, 200);
    const char *line;
    size_t widest = 0, i;

    period(&periods[0], "1987-01", 1, 1, 12345);
    period(&periods[1], "1987-02", 2, 0, 3);
    period(&periods[2], "1987-03", 3, 0, 0);
    period(&periods[3], "1987-04", 4, 0, 0);
    period(&periods[4], "1987-05", 5, 0, 0);
    period(&periods[5], "1987-06", 6, 0, 0);
    period(&periods[6], "1987-07", 7, 0, 0);
    period(&periods[7], "1987-08", 8, 12, 7);
    CHECK_LONG(defcon_printer_timeline(printer, periods, 8, &summary), 0);
    finish_printer(printer, out);
    /* 2 periods, the 6 months between without a match on one line, footer */
    CHECK(strstr(printed, "1987-02 … 1987-07: no matches in 6 months (3 articles)\n") != NULL);
    CHECK(strstr(printed, "0 of 0") == NULL);
    CHECK(strstr(printed, "15 matching articles: 13 in 8 periods, 2 undated (in no period)")
          != NULL);
    CHECK(strstr(printed, "\ndated 1987\n") != NULL);
    CHECK_LONG(count_lines(printed), 3 + 3);
    /* the share column at the same place with totals of 1 and 5 digits */
    for (line = printed, i = 0; i < 2; i++) {
        const char *end = strchr(line, '\n'), *percent = strchr(line, '%');
        CHECK(percent && percent < end);
        size_t column = defcon_text_display_width(line, (size_t)(percent - line));
        if (i == 0)
            widest = column;
        else
            CHECK_LONG((long)column, (long)widest);
        line = strchr(end + 1, '\n') + 1;   /* past the folded line */
    }
    /* bars capped at 200 columns: no line of the chart as wide as the screen */
    for (line = printed; *line; line = strchr(line, '\n') + 1) {
        size_t len = (size_t)(strchr(line, '\n') - line);
        if (strncmp(line, "15 matching", 11) == 0)
            break;
        CHECK(defcon_text_display_width(line, len) < 110);
    }
}

static void test_empty_month_and_singular(void)
{
    defcon_period periods[3];
    defcon_timeline_summary summary = {0, 0, 0, NULL, "", "", NULL};
    FILE *out;
    defcon_printer *printer = printer_to(&out, DEFCON_OUTPUT_TEXT, 80);

    period(&periods[0], "1990-01", 1, 1, 4);
    period(&periods[1], "1990-02", 2, 0, 0);
    period(&periods[2], "1990-03", 3, 0, 0);
    CHECK_LONG(defcon_printer_timeline(printer, periods, 1, &summary), 0);
    finish_printer(printer, out);
    CHECK(strstr(printed, "1 matching article: 1 in 1 period;") != NULL);
    printer = printer_to(&out, DEFCON_OUTPUT_TEXT, 80);
    periods[0].matches = 2;
    periods[2].matches = 1;
    CHECK_LONG(defcon_printer_timeline(printer, periods, 3, &summary), 0);
    finish_printer(printer, out);
    /* a month with no articles: its label and an empty bar, nothing else */
    CHECK(strstr(printed, "\n1990-02\n") != NULL);
}

static void test_facets(void)
{
    defcon_facet facets[2] = {{"VC", 3}, {"IR", 1}};
    FILE *out;
    defcon_printer *printer = printer_to(&out, DEFCON_OUTPUT_TEXT, 80);

    CHECK_LONG(defcon_printer_facets(printer, "about", NULL, facets, 2), 0);
    CHECK_LONG(defcon_printer_facets_end(printer, 4, "about Iran"), 0);
    finish_printer(printer, out);
    CHECK(strstr(printed, "  Saint Vincent and the G… VC      3") != NULL);
    CHECK(strstr(printed, "  Iran                     IR      1") != NULL);
    CHECK(strstr(printed, "4 matching articles\nabout Iran\n") != NULL);
    printer = printer_to(&out, DEFCON_OUTPUT_CSV, 80);
    CHECK_LONG(defcon_printer_facets(printer, "about", NULL, facets, 1), 0);
    CHECK_LONG(defcon_printer_facets(printer, "mentioned", "IR", facets, 1), 0);
    finish_printer(printer, out);
    CHECK_STR(printed, "facet,with,country,articles\nabout,,VC,3\nmentioned,IR,VC,3\n");
}

int main(void)
{
    test_safe_helper();
    test_json_and_html();
    test_csv_formulas();
    test_timeline_text();
    test_empty_month_and_singular();
    test_facets();
    return check_finish();
}

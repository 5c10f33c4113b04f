/*
 * print_csv.c - the CSV format (RFC 4180 quoting) for spreadsheets: a
 * header row, then one row a hit; timelines and facets as rows too.
 * Titles lose their highlighting marks; the countries an article is about
 * are one field of comma-separated codes.
 */
#include "printer_format.h"

#include <string.h>

/* Control bytes (a newline or an escape sequence in a file name) become
 * '?', as in the text printer: they would reach a terminal or break rows. */
static int append_field(defcon_buffer *out, const char *text, int last)
{
    const char *p = text ? text : "";
    int quote = strpbrk(p, ",\"") != NULL;
    int rc = 0;

    if (quote)
        rc |= defcon_buffer_putc(out, '"');
    for (; *p; p++) {
        if (*p == '"')
            rc |= defcon_buffer_putc(out, '"');
        rc |= defcon_buffer_putc(out, (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p);
    }
    if (quote)
        rc |= defcon_buffer_putc(out, '"');
    rc |= defcon_buffer_putc(out, last ? '\n' : ',');
    return rc;
}

static int csv_hit(defcon_printer *printer, const defcon_hit *hit)
{
    defcon_buffer *out = &printer->line;
    defcon_buffer plain = DEFCON_BUFFER_INIT, codes = DEFCON_BUFFER_INIT;
    char score[32] = "";
    size_t i;
    int rc = 0;

    defcon_buffer_clear(out);
    if (printer->count == 0)
        rc |= defcon_buffer_puts(out, "id,path,title,date,source,score,countries\n");
    if (hit->has_score)
        snprintf(score, sizeof score, "%.6g", hit->score);
    for (i = 0; i < hit->country_count; i++)
        rc |= defcon_buffer_printf(&codes, "%s%s", i ? "," : "", hit->countries[i].code);
    rc |= append_field(out, hit->id, 0);
    rc |= append_field(out, hit->path, 0);
    rc |= defcon_marks_split(hit->title_marked, &plain, NULL);
    rc |= append_field(out, defcon_buffer_cstr(&plain), 0);
    rc |= append_field(out, hit->date, 0);
    rc |= append_field(out, hit->source, 0);
    rc |= append_field(out, score, 0);
    rc |= append_field(out, defcon_buffer_cstr(&codes), 1);
    defcon_buffer_free(&plain);
    defcon_buffer_free(&codes);
    return rc ? -1 : defcon_printer_flush(printer);
}

static int csv_timeline(defcon_printer *printer, const defcon_period *periods, size_t count,
                        long coarse, const char *first, const char *last)
{
    defcon_buffer *out = &printer->line;
    size_t i;
    int rc = defcon_buffer_puts(out, "period,matches,total,share\n");

    (void)coarse, (void)first, (void)last;   /* rows only: no summary */
    for (i = 0; i < count; i++)
        rc |= defcon_buffer_printf(out, "%s,%ld,%ld,%.6g\n", periods[i].label, periods[i].matches,
                                   periods[i].total, defcon_period_share(&periods[i]));
    return rc ? -1 : defcon_printer_flush(printer);
}

static int csv_facets(defcon_printer *printer, const char *kind, const char *with_code,
                      const defcon_facet *facets, size_t count)
{
    defcon_buffer *out = &printer->line;
    size_t i;
    int rc = 0;

    for (i = 0; i < count; i++)
        rc |= defcon_buffer_printf(out, "%s,%s,%s,%ld\n", kind, with_code ? with_code : "",
                                   facets[i].code, facets[i].count);
    return rc ? -1 : defcon_printer_flush(printer);
}

const defcon_printer_format defcon_print_csv = {
    "csv", DEFCON_OUTPUT_CSV, 0, 0, csv_hit, NULL, csv_timeline, csv_facets};

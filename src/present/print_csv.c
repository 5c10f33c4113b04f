/*
 * print_csv.c - the CSV format (RFC 4180 quoting) for spreadsheets: a
 * header row, then one row a hit; timelines and facets as rows under
 * their own header rows. Titles and snippets lose their highlighting
 * marks; the countries an article is about are one field of
 * comma-separated codes.
 *
 * A spreadsheet runs a cell that starts with '=', '+', '-' or '@' (and
 * some with tab or CR) as a formula: such text cells get a leading
 * apostrophe, as OWASP's "CSV Injection" page recommends, so
 * `=HYPERLINK(...)` in a title stays text. Numbers are written as they are.
 */
#include "printer_format.h"

#include <string.h>

#include "text.h"

/* Appends one field, quoted when it holds a comma or a quote. Line
 * breaks and tabs (a snippet's paragraphs) become spaces, one row a hit;
 * other unsafe characters (text.h: an escape sequence in a file name)
 * become '?', as in the text printer, for they would reach a terminal. A
 * text cell (`is_text`) that a spreadsheet would take for a formula gets
 * a leading apostrophe. */
static int append_cell(defcon_buffer *out, const char *text, int is_text, int last)
{
    const char *p = text ? text : "";
    defcon_buffer safe = DEFCON_BUFFER_INIT;
    size_t i;
    int rc = 0;

    if (is_text && *p && strchr("=+-@\t\r", *p))
        rc |= defcon_buffer_putc(&safe, '\'');
    rc |= defcon_text_append_safe(&safe, p, strlen(p), "\n\r\t", "?");
    for (i = 0; rc == 0 && i < safe.len; i++)
        if (safe.data[i] == '\n' || safe.data[i] == '\r' || safe.data[i] == '\t')
            safe.data[i] = ' ';
    p = defcon_buffer_cstr(&safe);
    if (strpbrk(p, ",\"")) {
        rc |= defcon_buffer_putc(out, '"');
        for (; *p; p++)
            rc |= *p == '"' ? defcon_buffer_puts(out, "\"\"") : defcon_buffer_putc(out, *p);
        rc |= defcon_buffer_putc(out, '"');
    } else {
        rc |= defcon_buffer_puts(out, p);
    }
    defcon_buffer_free(&safe);
    rc |= defcon_buffer_putc(out, last ? '\n' : ',');
    return rc;
}

static int append_field(defcon_buffer *out, const char *text, int last)
{
    return append_cell(out, text, 1, last);
}

/* Appends a field of marked text, its marks dropped. */
static int append_marked_field(defcon_buffer *out, const char *marked, int last)
{
    defcon_buffer plain = DEFCON_BUFFER_INIT;
    int rc = defcon_marks_split(marked, &plain, NULL);

    rc |= append_field(out, defcon_buffer_cstr(&plain), last);
    defcon_buffer_free(&plain);
    return rc;
}

static int csv_hit(defcon_printer *printer, const defcon_hit *hit)
{
    defcon_buffer *out = &printer->line;
    defcon_buffer codes = DEFCON_BUFFER_INIT, file = DEFCON_BUFFER_INIT;
    char score[32] = "";
    size_t i;
    int rc = 0;

    defcon_buffer_clear(out);
    if (printer->count == 0)
        rc |= defcon_buffer_puts(out,
                                 "id,path,title,date,source,score,countries,url,file,snippet,"
                                 "copies,member\n");
    if (hit->has_score)
        snprintf(score, sizeof score, "%.6g", hit->score);
    for (i = 0; i < hit->country_count; i++)
        rc |= defcon_buffer_printf(&codes, "%s%s", i ? "," : "", hit->countries[i].code);
    rc |= defcon_printer_file(printer, hit, &file);
    rc |= append_field(out, hit->id, 0);
    rc |= append_field(out, hit->path, 0);
    rc |= append_marked_field(out, hit->title_marked, 0);
    rc |= append_field(out, hit->date, 0);
    rc |= append_field(out, hit->source, 0);
    rc |= append_cell(out, score, 0, 0);
    rc |= append_field(out, defcon_buffer_cstr(&codes), 0);
    rc |= append_field(out, hit->url, 0);
    rc |= append_field(out, defcon_buffer_cstr(&file), 0);
    rc |= append_marked_field(out, hit->snippet, 0);
    defcon_buffer_clear(&codes);   /* the story's copies, folded: their ids */
    for (i = 0; i < hit->copy_count; i++)
        rc |= defcon_buffer_printf(&codes, "%s%s", i ? " " : "", hit->copy_ids[i]);
    rc |= append_field(out, defcon_buffer_cstr(&codes), 0);
    defcon_buffer_clear(&codes);
    if (hit->has_member)
        rc |= defcon_buffer_printf(&codes, "%lld", hit->member);
    rc |= append_field(out, defcon_buffer_cstr(&codes), 1);
    defcon_buffer_free(&codes);
    defcon_buffer_free(&file);
    return rc ? -1 : defcon_printer_flush(printer);
}

static int csv_timeline(defcon_printer *printer, const defcon_period *periods, size_t count,
                        const defcon_timeline_summary *summary)
{
    defcon_buffer *out = &printer->line;
    size_t i;
    int rc = defcon_buffer_puts(out, "period,matches,total,share\n");

    (void)summary;   /* rows only: no summary */
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

    /* One header row above every facet's rows (count serves as the flag). */
    if (printer->count++ == 0)
        rc |= defcon_buffer_puts(out, "facet,with,country,articles\n");
    for (i = 0; i < count; i++)
        rc |= defcon_buffer_printf(out, "%s,%s,%s,%ld\n", kind, with_code ? with_code : "",
                                   facets[i].code, facets[i].count);
    return rc ? -1 : defcon_printer_flush(printer);
}

/* One row a concordance line, under its own header row. */
static int csv_concordance(defcon_printer *printer, const defcon_hit *hit,
                           const defcon_kwic_line *line)
{
    defcon_buffer *out = &printer->line;
    int rc = 0;

    if (printer->count == 0 && printer->kwic_rows == 0)
        rc |= defcon_buffer_puts(out, "id,date,left,match,right\n");
    printer->kwic_rows++;
    rc |= append_field(out, hit->id, 0);
    rc |= append_cell(out, hit->date, 0, 0);
    rc |= append_field(out, line->left, 0);
    rc |= append_field(out, line->match, 0);
    rc |= append_field(out, line->right, 1);
    return rc ? -1 : defcon_printer_flush(printer);
}

/* A row of the history of levels, under its own header row. */
static int csv_level(defcon_printer *printer, const defcon_hit *entry)
{
    defcon_buffer *out = &printer->line;
    char level[4];
    int rc = 0;

    if (printer->count == 0)
        rc |= defcon_buffer_puts(out, "date,level,colour,id,path,title\n");
    snprintf(level, sizeof level, "%d", entry->level);
    rc |= append_cell(out, entry->date, 0, 0);
    rc |= append_cell(out, level, 0, 0);
    rc |= append_field(out, entry->colour, 0);
    rc |= append_field(out, entry->id, 0);
    rc |= append_field(out, entry->path, 0);
    rc |= append_field(out, entry->title, 1);
    return rc ? -1 : defcon_printer_flush(printer);
}

const defcon_printer_format defcon_print_csv = {
    "csv", DEFCON_OUTPUT_CSV, 0, 0, csv_hit, NULL, csv_timeline, csv_facets, NULL,
    csv_concordance, csv_level, NULL};

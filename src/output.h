/*
 * output.h - printing search results: one interface, several printers.
 *
 * The CLI picks a printer (human text, JSON Lines, bare paths, a count)
 * and feeds it hits and a closing summary; the printer alone decides the
 * format. Matched words arrive wrapped in DEFCON_MARK_START/END bytes
 * (search.h): the text printer colours them on a terminal and drops the
 * marks otherwise; the JSON printer gives plain text plus the highlighted
 * ranges as code-point offsets.
 */
#ifndef DEFCON_OUTPUT_H
#define DEFCON_OUTPUT_H

#include <stdio.h>

#include "buffer.h"
#include "search.h"

/* Version of the JSON objects we print; bumped on incompatible changes. */
#define DEFCON_JSON_FORMAT_VERSION 1

typedef enum defcon_output_format {
    DEFCON_OUTPUT_TEXT = 0,
    DEFCON_OUTPUT_JSON,
    DEFCON_OUTPUT_PATHS,
    DEFCON_OUTPUT_COUNT,
    DEFCON_OUTPUT_CSV
} defcon_output_format;

typedef struct defcon_output_options {
    defcon_output_format format;
    int color;            /* ANSI styles (text printer only) */
    int width;            /* terminal columns for wrapping, >= 20 */
    const char *archive;  /* archive folder, to print full paths; may be NULL */
} defcon_output_options;

/* What the printer says after the hits. */
typedef struct defcon_output_summary {
    const char *query;            /* as typed, or NULL */
    long shown, offset;
    long total;                   /* -1 when not counted */
    long undated_left_out;        /* with a date filter */
    const char *filters;          /* human description of filters, or NULL */
    const char *first, *last;     /* dates of the first and last mention, or NULL */
} defcon_output_summary;

typedef struct defcon_printer defcon_printer;

/* Creates a printer writing to `out` (borrowed). NULL when out of memory. */
defcon_printer *defcon_printer_new(FILE *out, const defcon_output_options *options);

/* Prints one hit. Returns 0, or -1 when writing failed. */
int defcon_printer_hit(defcon_printer *printer, const defcon_hit *hit);

/* Prints the closing summary (text and count printers only). */
int defcon_printer_end(defcon_printer *printer, const defcon_output_summary *summary);

/* Prints a timeline (search.h): a bar chart of matches per period beside
 * each period's share of the archive (text), one object per period (JSON),
 * or rows (CSV). `first` and `last` are the first and last mention ("" if
 * none). Returns 0 or -1. */
int defcon_printer_timeline(defcon_printer *printer, const defcon_period *periods, size_t count,
                            long coarse, const char *first, const char *last);

/* Prints a country facet: `heading` names it ("about", or "mentioned with
 * KP" as the code after "with"), then each country and count. */
int defcon_printer_facets(defcon_printer *printer, const char *kind, const char *with_code,
                          const defcon_facet *facets, size_t count);

void defcon_printer_free(defcon_printer *printer);

/* Appends `text` to `out` as a JSON string (quotes included), escaping
 * what JSON requires and replacing invalid UTF-8 with U+FFFD. */
int defcon_json_string(defcon_buffer *out, const char *text);

/* Removes the DEFCON_MARK bytes from `marked`, writing plain text to
 * `plain` and, if `ranges` is not NULL, "[start,end]" code-point pairs
 * (comma-separated, no brackets around the list) to `ranges`. */
int defcon_marks_split(const char *marked, defcon_buffer *plain, defcon_buffer *ranges);

#endif

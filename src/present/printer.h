/*
 * printer.h - printing search results: one interface, one file per
 * format behind it.
 *
 * The CLI picks a format by name (text, json, csv, paths, count) and feeds
 * the printer hits and a closing summary, or a timeline, or facets; the
 * format alone decides what comes out. Each format is a table of
 * functions (printer_format.h) in its own file, print_<format>.c: a new
 * format is a new file and one line in printer.c's list. Matched words
 * arrive wrapped in DEFCON_MARK_START/END bytes (search.h): the text
 * printer colours them on a terminal and drops the marks otherwise; the
 * JSON printer gives plain text plus the highlighted ranges as code-point
 * offsets.
 */
#ifndef DEFCON_PRINTER_H
#define DEFCON_PRINTER_H

#include <stdio.h>

#include "buffer.h"
#include "kwic.h"
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
    const char *archive;  /* the archive folder as the index records it (absolute),
                           * to name each hit's file; NULL: files are not named */
} defcon_output_options;

/* What the printer says after the hits. */
typedef struct defcon_output_summary {
    const char *query;            /* as typed, or NULL */
    long shown, offset;
    long total;                   /* -1 when not counted */
    long undated_left_out;        /* with a date filter */
    long imprecise_left_out;      /* dated by a month or year the date filter cuts */
    const char *widened;          /* the date options that take those in, or NULL */
    const char *filters;          /* human description of filters, or NULL */
    const char *first, *last;     /* dates of the first and last mention, or NULL */
    const char *note;             /* how the query was matched (best match), or NULL */
    long copies_folded;           /* matches counted with their story as copies
                                     (total is then of stories); 0: none */
} defcon_output_summary;

/* Finds the format called `name` ("text", "json", "csv", "paths",
 * "count"). Returns 0 and sets *format, or -1 for an unknown name. */
int defcon_output_format_find(const char *name, defcon_output_format *format);

/* Appends the names of the formats to `out`, ", "-separated with "or"
 * before the last, for messages: "text, json, csv, paths or count".
 * Returns 0 or -1 when memory runs out. */
int defcon_output_format_names(defcon_buffer *out);

/* Whether hits in `format` need their snippets, highlights and countries
 * (paths and counts do not: the search can then be lighter). */
int defcon_output_format_is_bare(defcon_output_format format);

/* Whether the format prints the summary's total, which costs a count. */
int defcon_output_format_wants_total(defcon_output_format format);

typedef struct defcon_printer defcon_printer;

/* Creates a printer writing to `out` (borrowed). NULL when out of memory. */
defcon_printer *defcon_printer_new(FILE *out, const defcon_output_options *options);

/* Prints one hit. Returns 0, or -1 when writing failed. */
int defcon_printer_hit(defcon_printer *printer, const defcon_hit *hit);

/* Prints one line of a concordance (--kwic): an occurrence of the query's
 * words in `hit` with its context. Text aligns the matches; JSON gives an
 * object a line; CSV a row. Returns 0, or -1 when writing failed. */
int defcon_printer_kwic(defcon_printer *printer, const defcon_hit *hit,
                        const defcon_kwic_line *line);

/* Prints the closing summary (text and count printers only). */
int defcon_printer_end(defcon_printer *printer, const defcon_output_summary *summary);

/* What a timeline's footer says besides its periods. */
typedef struct defcon_timeline_summary {
    long coarse;                  /* matches dated only by year, not in a monthly timeline */
    long undated;                 /* matches with no date, in no period */
    long imprecise_left_out;      /* dated by a month or year the date filter cuts */
    const char *widened;          /* the date options that take those in, or NULL */
    const char *first, *last;     /* dates of the first and last mention, "" or NULL if none */
    const char *filters;          /* human description of filters, or NULL */
} defcon_timeline_summary;

/* Prints a timeline (search.h): a bar chart of matches per period beside
 * each period's share of the archive (text; runs of periods without a
 * match fold into one line), one object per period (JSON), or rows (CSV).
 * Returns 0 or -1. */
int defcon_printer_timeline(defcon_printer *printer, const defcon_period *periods, size_t count,
                            const defcon_timeline_summary *summary);

/* Prints a country facet: `kind` names it ("about", or "mentioned" with
 * `with_code` the country they are mentioned with), then each country
 * and count. Returns 0 or -1. */
int defcon_printer_facets(defcon_printer *printer, const char *kind, const char *with_code,
                          const defcon_facet *facets, size_t count);

/* Closes the facets of a search: the text format says how many articles
 * matched (`total`) and the filters (a description, or NULL); the others
 * print nothing. Returns 0 or -1. */
int defcon_printer_facets_end(defcon_printer *printer, long total, const char *filters);

/* Prints one entry of the history of assessed levels (search.h's
 * defcon_search_levels): date, level, colour, id and title, a line each
 * (text), an object (JSON), a row under a header row (CSV). Returns 0 or
 * -1. */
int defcon_printer_level(defcon_printer *printer, const defcon_hit *entry);

/* Closes the history: the text format says how many entries were shown
 * of the `stating` matching articles that state a level, and the filters
 * (a description, or NULL); the others print nothing. Returns 0 or -1. */
int defcon_printer_levels_end(defcon_printer *printer, long shown, long stating,
                              const char *filters);

/* Frees the printer. Accepts NULL. */
void defcon_printer_free(defcon_printer *printer);

/* Removes the DEFCON_MARK bytes from `marked` (NULL counts as ""),
 * appending plain text to `plain` and, if `ranges` is not NULL,
 * "[start,end]" code-point pairs (comma-separated, no brackets around the
 * list) to `ranges`. Returns 0 or -1 when memory runs out. */
int defcon_marks_split(const char *marked, defcon_buffer *plain, defcon_buffer *ranges);

/* The archive folder as a researcher would type it: relative to the
 * current folder when it lies below it, else as it is. Borrowed from
 * `archive` (NULL gives NULL). */
const char *defcon_display_folder(const char *archive);

#endif

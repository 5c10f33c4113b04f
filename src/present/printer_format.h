/*
 * printer_format.h - what a output format provides, for the files that
 * implement one (print_*.c) and the dispatcher (printer.c). Not for
 * callers: they use printer.h.
 *
 * A format is a table of functions, as notmuch's sprinter or cmark's
 * renderers are; an entry left NULL prints nothing for that kind of
 * output. Each function builds its text in the printer's `line` buffer
 * and writes it with defcon_printer_flush().
 */
#ifndef DEFCON_PRINTER_FORMAT_H
#define DEFCON_PRINTER_FORMAT_H

#include "kwic.h"
#include "printer.h"
#include "string_set.h"

struct defcon_printer {
    FILE *out;
    defcon_output_options options;
    const struct defcon_printer_format *format;
    long count;                  /* hits printed so far */
    long kwic_rows;              /* concordance lines printed so far */
    defcon_buffer line;          /* the text being built */
    defcon_string_set files_printed;   /* paths format: files of many articles */
};

typedef struct defcon_printer_format {
    const char *name;
    defcon_output_format id;
    int bare;                    /* hits need no snippets or countries */
    int wants_total;             /* the summary shows the total */
    int (*hit)(defcon_printer *printer, const defcon_hit *hit);
    int (*end)(defcon_printer *printer, const defcon_output_summary *summary);
    int (*timeline)(defcon_printer *printer, const defcon_period *periods, size_t count,
                    const defcon_timeline_summary *summary);
    int (*facets)(defcon_printer *printer, const char *kind, const char *with_code,
                  const defcon_facet *facets, size_t count);
    int (*facets_end)(defcon_printer *printer, long total, const char *filters);
    int (*concordance)(defcon_printer *printer, const defcon_hit *hit,
                       const defcon_kwic_line *line);
    int (*level)(defcon_printer *printer, const defcon_hit *entry);
    int (*levels_end)(defcon_printer *printer, long shown, long stating, const char *filters);
} defcon_printer_format;

/* The formats, one a file. */
extern const defcon_printer_format defcon_print_text;
extern const defcon_printer_format defcon_print_json;
extern const defcon_printer_format defcon_print_csv;
extern const defcon_printer_format defcon_print_paths;
extern const defcon_printer_format defcon_print_count;

/* The text format's timeline and facets, which the paths and count
 * formats show as well. */
int defcon_print_text_timeline(defcon_printer *printer, const defcon_period *periods,
                               size_t count, const defcon_timeline_summary *summary);
int defcon_print_text_facets(defcon_printer *printer, const char *kind, const char *with_code,
                             const defcon_facet *facets, size_t count);
int defcon_print_text_facets_end(defcon_printer *printer, long total, const char *filters);
int defcon_print_text_level(defcon_printer *printer, const defcon_hit *entry);
int defcon_print_text_levels_end(defcon_printer *printer, long shown, long stating,
                                 const char *filters);

/* Writes the printer's line buffer to its stream and empties it.
 * Returns 0, or -1 when writing failed. */
int defcon_printer_flush(defcon_printer *printer);

/* Appends the file of `hit` to `out`: the archive folder (options.archive)
 * and the hit's path, the name a script opens; nothing when the printer
 * has no archive folder. Returns 0 or -1. */
int defcon_printer_file(const defcon_printer *printer, const defcon_hit *hit, defcon_buffer *out);

/* A period's matches as a share of all its articles (0 for none). */
double defcon_period_share(const defcon_period *period);

#endif

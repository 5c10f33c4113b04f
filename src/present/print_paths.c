/*
 * print_paths.c - the paths format: each hit's file, one a line, with
 * the archive folder in front, for xargs and editors. Timelines and
 * facets, which have no paths, are shown as the text format shows them.
 */
#include "printer_format.h"

static int paths_hit(defcon_printer *printer, const defcon_hit *hit)
{
    defcon_buffer *out = &printer->line;
    int rc = 0;

    defcon_buffer_clear(out);
    if (printer->options.archive)
        rc |= defcon_buffer_printf(out, "%s/", printer->options.archive);
    rc |= defcon_buffer_printf(out, "%s\n", hit->path);
    return rc ? -1 : defcon_printer_flush(printer);
}

const defcon_printer_format defcon_print_paths = {
    "paths", DEFCON_OUTPUT_PATHS, 1, 0,
    paths_hit, NULL, defcon_print_text_timeline, defcon_print_text_facets};

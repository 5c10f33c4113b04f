/*
 * print_paths.c - the paths format: each hit's file, one a line, with
 * the archive folder in front (absolute: the `file` of JSON and CSV), for
 * xargs and editors; unsafe characters (text.h) become '?'. Timelines and
 * facets, which have no paths, are shown as the text format shows them.
 */
#include "printer_format.h"

#include <string.h>

#include "text.h"

static int paths_hit(defcon_printer *printer, const defcon_hit *hit)
{
    defcon_buffer *out = &printer->line;
    defcon_buffer file = DEFCON_BUFFER_INIT;
    int rc = 0;

    defcon_buffer_clear(out);

    rc |= printer->options.archive ? defcon_printer_file(printer, hit, &file)
                                   : defcon_buffer_puts(&file, hit->path);
    rc |= defcon_text_append_safe(out, defcon_buffer_cstr(&file), file.len, NULL, "?");
    rc |= defcon_buffer_putc(out, '\n');
    defcon_buffer_free(&file);
    return rc ? -1 : defcon_printer_flush(printer);
}

const defcon_printer_format defcon_print_paths = {
    "paths", DEFCON_OUTPUT_PATHS, 1, 0,
    paths_hit, NULL, defcon_print_text_timeline, defcon_print_text_facets,
    defcon_print_text_facets_end, NULL, defcon_print_text_level, defcon_print_text_levels_end};

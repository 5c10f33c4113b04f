/*
 * print_paths.c - the paths format: the files that hold hits, one a line,
 * with the archive folder in front (absolute: the `file` of JSON and CSV),
 * for xargs and editors; unsafe characters (text.h) become '?'. As `grep
 * -l` and `rg -l` name a file once however many of its lines match, a
 * file holding many articles (a web archive, a feed) is named once, at
 * its best-placed hit; JSON and CSV tell its articles apart ("member").
 * Timelines and facets, which have no paths, are shown as the text format
 * shows them.
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
    if (hit->has_member && hit->path) {
        int added = defcon_string_set_add(&printer->files_printed, hit->path);
        if (added <= 0)
            return added;
    }
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

/*
 * print_count.c - the count format: no hits, only the number of
 * matching articles on one line. Timelines and facets, counts already,
 * are shown as the text format shows them.
 */
#include "printer_format.h"

static int count_end(defcon_printer *printer, const defcon_output_summary *summary)
{
    defcon_buffer *out = &printer->line;

    defcon_buffer_clear(out);
    if (defcon_buffer_printf(out, "%ld\n", summary->total) != 0)
        return -1;
    return defcon_printer_flush(printer);
}

const defcon_printer_format defcon_print_count = {
    "count", DEFCON_OUTPUT_COUNT, 1, 1,
    NULL, count_end, defcon_print_text_timeline, defcon_print_text_facets,
    defcon_print_text_facets_end, NULL, defcon_print_text_level, defcon_print_text_levels_end};

/*
 * printer.c - the printer interface (printer.h): picks a format's table
 * of functions and hands each call to it. What the formats share lives
 * here too: taking the highlighting marks out of text, and the archive
 * folder as it is shown.
 */
#include "printer_format.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Every format, in the order messages list them. */
static const defcon_printer_format *const formats[] = {
    &defcon_print_text, &defcon_print_json, &defcon_print_csv, &defcon_print_paths,
    &defcon_print_count};
#define FORMAT_COUNT (sizeof formats / sizeof formats[0])

static const defcon_printer_format *format_of(defcon_output_format id)
{
    size_t i;

    for (i = 0; i < FORMAT_COUNT; i++)
        if (formats[i]->id == id)
            return formats[i];
    return &defcon_print_text;
}

int defcon_output_format_find(const char *name, defcon_output_format *format)
{
    size_t i;

    for (i = 0; i < FORMAT_COUNT; i++)
        if (strcmp(formats[i]->name, name) == 0) {
            *format = formats[i]->id;
            return 0;
        }
    return -1;
}

int defcon_output_format_names(defcon_buffer *out)
{
    size_t i;
    int rc = 0;

    for (i = 0; rc == 0 && i < FORMAT_COUNT; i++)
        rc = defcon_buffer_printf(out, "%s%s", i == 0 ? "" : i + 1 == FORMAT_COUNT ? " or " : ", ",
                                  formats[i]->name);
    return rc;
}

int defcon_output_format_is_bare(defcon_output_format format)
{
    return format_of(format)->bare;
}

int defcon_output_format_wants_total(defcon_output_format format)
{
    return format_of(format)->wants_total;
}

defcon_printer *defcon_printer_new(FILE *out, const defcon_output_options *options)
{
    defcon_printer *printer = calloc(1, sizeof *printer);

    if (!printer)
        return NULL;
    printer->out = out;
    printer->options = *options;
    printer->format = format_of(options->format);
    if (printer->options.width < 20)
        printer->options.width = 20;
    return printer;
}

void defcon_printer_free(defcon_printer *printer)
{
    if (!printer)
        return;
    defcon_buffer_free(&printer->line);
    defcon_string_set_free(&printer->files_printed);
    free(printer);
}

int defcon_printer_hit(defcon_printer *printer, const defcon_hit *hit)
{
    int rc = printer->format->hit ? printer->format->hit(printer, hit) : 0;

    printer->count++;
    return rc;
}

int defcon_printer_kwic(defcon_printer *printer, const defcon_hit *hit,
                        const defcon_kwic_line *line)
{
    return printer->format->concordance ? printer->format->concordance(printer, hit, line) : 0;
}

int defcon_printer_end(defcon_printer *printer, const defcon_output_summary *summary)
{
    return printer->format->end ? printer->format->end(printer, summary) : 0;
}

int defcon_printer_timeline(defcon_printer *printer, const defcon_period *periods, size_t count,
                            const defcon_timeline_summary *summary)
{
    defcon_buffer_clear(&printer->line);
    if (!printer->format->timeline)
        return 0;
    return printer->format->timeline(printer, periods, count, summary);
}

int defcon_printer_facets_end(defcon_printer *printer, long total, const char *filters)
{
    defcon_buffer_clear(&printer->line);
    if (!printer->format->facets_end)
        return 0;
    return printer->format->facets_end(printer, total, filters);
}

int defcon_printer_level(defcon_printer *printer, const defcon_hit *entry)
{
    int rc;

    defcon_buffer_clear(&printer->line);
    rc = printer->format->level ? printer->format->level(printer, entry) : 0;
    printer->count++;
    return rc;
}

int defcon_printer_levels_end(defcon_printer *printer, long shown, long stating,
                              const char *filters)
{
    defcon_buffer_clear(&printer->line);
    if (!printer->format->levels_end)
        return 0;
    return printer->format->levels_end(printer, shown, stating, filters);
}

int defcon_printer_file(const defcon_printer *printer, const defcon_hit *hit, defcon_buffer *out)
{
    if (!printer->options.archive || !hit->path)
        return 0;
    return defcon_buffer_printf(out, "%s/%s", printer->options.archive, hit->path);
}

int defcon_printer_facets(defcon_printer *printer, const char *kind, const char *with_code,
                          const defcon_facet *facets, size_t count)
{
    defcon_buffer_clear(&printer->line);
    if (!printer->format->facets)
        return 0;
    return printer->format->facets(printer, kind, with_code, facets, count);
}

int defcon_printer_flush(defcon_printer *printer)
{
    defcon_buffer *line = &printer->line;
    int rc = fwrite(line->data, 1, line->len, printer->out) == line->len ? 0 : -1;

    defcon_buffer_clear(line);
    return rc;
}

double defcon_period_share(const defcon_period *period)
{
    return period->total ? (double)period->matches / (double)period->total : 0.0;
}

int defcon_marks_split(const char *marked, defcon_buffer *plain, defcon_buffer *ranges)
{
    const unsigned char *p = (const unsigned char *)(marked ? marked : "");
    long codepoints = 0, start = -1;
    int rc = 0;

    for (; rc == 0 && *p; p++) {
        if (*p == (unsigned char)DEFCON_MARK_START) {
            start = codepoints;
            continue;
        }
        if (*p == (unsigned char)DEFCON_MARK_END) {
            if (ranges && start >= 0 && codepoints > start)
                rc = defcon_buffer_printf(ranges, "%s[%ld,%ld]", ranges->len ? "," : "", start,
                                          codepoints);
            start = -1;
            continue;
        }
        if ((*p & 0xc0) != 0x80)
            codepoints++;
        rc = defcon_buffer_putc(plain, (char)*p);
    }
    return rc;
}

const char *defcon_display_folder(const char *archive)
{
    char cwd[4096];
    size_t n;

    if (!archive || !getcwd(cwd, sizeof cwd))
        return archive;
    n = strlen(cwd);
    if (strncmp(archive, cwd, n) == 0 && archive[n] == '/' && archive[n + 1])
        return archive + n + 1;
    return archive;
}

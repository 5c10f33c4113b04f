/*
 * print_text.c - the text format: results for a reader at a terminal.
 *
 * Each hit is its rank, its title, a line of metadata (date, source,
 * path, the countries it is about by name) and its snippet, wrapped to
 * the terminal's width (wrap.h) under the title; matched words are
 * coloured when colour is on. A footer says which hits these were of how
 * many. Timelines and facets are bar charts.
 */
#include "printer_format.h"

#include <string.h>

#include "countries.h"
#include "style.h"
#include "wrap.h"

/* Appends the bytes [start, end) of `text`, turning the marks into
 * styles (or dropping them) and control bytes into '?'. `in_match` says
 * whether a highlighted part is open, across calls. */
static int append_marked(defcon_buffer *out, const char *start, const char *end, int color,
                         const char *base_style, int *in_match)
{
    int rc = 0;

    for (; start < end; start++) {
        if (*start == DEFCON_MARK_START) {
            *in_match = 1;
            rc |= defcon_buffer_puts(out, DEFCON_STYLE(color, DEFCON_STYLE_MATCH));
        } else if (*start == DEFCON_MARK_END) {
            *in_match = 0;
            if (color)
                rc |= defcon_buffer_printf(out, DEFCON_STYLE_RESET "%s",
                                           base_style ? base_style : "");
        } else {
            /* never send control bytes to a terminal */
            rc |= defcon_buffer_putc(out, (unsigned char)*start < 0x20 ? '?' : *start);
        }
    }
    return rc;
}

/* Appends `marked` with the marks turned into styles (or dropped),
 * wrapped at `width` columns, every line after the first indented by
 * `indent` spaces; the text starts at column `indent`. */
static int append_wrapped(defcon_buffer *out, const char *marked, int color, int width,
                          int indent, const char *base_style)
{
    const char *text = marked ? marked : "";
    size_t len = strlen(text), pos = 0, column = 0;
    size_t available = width > indent ? (size_t)(width - indent) : 0;
    defcon_wrap_word word;
    int rc = 0, in_match = 0;

    while (rc == 0 && defcon_wrap_next_word(text, len, &pos, 0, &word)) {
        if (defcon_wrap_needs_break(column, word.width, available)) {
            /* The highlight stops at the line end and goes on after the indent. */
            rc |= defcon_buffer_printf(out, "%s\n%*s%s",
                                       DEFCON_STYLE(color && in_match, DEFCON_STYLE_RESET), indent,
                                       "", DEFCON_STYLE(color && in_match, DEFCON_STYLE_MATCH));
            column = 0;
        } else if (column > 0) {
            rc |= defcon_buffer_putc(out, ' ');
            column++;
        }
        rc |= append_marked(out, text + word.start, text + word.end, color, base_style,
                            &in_match);
        column += word.width;
    }
    if (color && in_match)
        rc |= defcon_buffer_puts(out, DEFCON_STYLE_RESET);
    return rc ? -1 : 0;
}

/* Appends plain text with control bytes replaced, for metadata. */
static int append_clean(defcon_buffer *out, const char *text)
{
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    int rc = 0;

    for (; rc == 0 && *p; p++)
        rc = defcon_buffer_putc(out, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
    return rc;
}

static int append_country_names(defcon_buffer *out, const defcon_hit *hit)
{
    size_t i;
    int rc = 0;

    for (i = 0; rc == 0 && i < hit->country_count; i++) {
        const char *name = defcon_country_name(hit->countries[i].code);
        rc = defcon_buffer_printf(out, "%s%s", i ? ", " : "", name ? name : hit->countries[i].code);
    }
    return rc;
}

/* The metadata line: date · source · path · countries. */
static int append_meta(defcon_printer *printer, const defcon_hit *hit)
{
    defcon_buffer *out = &printer->line;
    int rc = append_clean(out, hit->date ? hit->date : "undated");

    if (hit->source) {
        rc |= defcon_buffer_puts(out, " · ");
        rc |= append_clean(out, hit->source);
    }
    rc |= defcon_buffer_puts(out, " · ");
    if (printer->options.archive)
        rc |= defcon_buffer_printf(out, "%s/", printer->options.archive);
    rc |= append_clean(out, hit->path);
    if (hit->country_count > 0) {
        rc |= defcon_buffer_puts(out, " · ");
        rc |= append_country_names(out, hit);
    }
    return rc;
}

static int text_hit(defcon_printer *printer, const defcon_hit *hit)
{
    defcon_buffer *out = &printer->line;
    int color = printer->options.color, width = printer->options.width;
    char number[24];
    int rc = 0, indent;

    defcon_buffer_clear(out);
    snprintf(number, sizeof number, "%ld. ", printer->count + 1);
    indent = (int)strlen(number);
    if (printer->count > 0)
        rc |= defcon_buffer_putc(out, '\n');
    rc |= defcon_buffer_printf(out, "%s%s%s%s", DEFCON_STYLE(color, DEFCON_STYLE_NUMBER), number,
                               DEFCON_STYLE(color, DEFCON_STYLE_RESET),
                               DEFCON_STYLE(color, DEFCON_STYLE_TITLE));
    rc |= append_wrapped(out, hit->title_marked && hit->title_marked[0] ? hit->title_marked
                                                                          : "(untitled)",
                         color, width, indent, color ? DEFCON_STYLE_TITLE : NULL);
    rc |= defcon_buffer_printf(out, "%s\n%*s%s", DEFCON_STYLE(color, DEFCON_STYLE_RESET), indent,
                               "", DEFCON_STYLE(color, DEFCON_STYLE_META));
    rc |= append_meta(printer, hit);
    rc |= defcon_buffer_printf(out, "%s\n", DEFCON_STYLE(color, DEFCON_STYLE_RESET));
    if (hit->snippet && hit->snippet[0]) {
        rc |= defcon_buffer_printf(out, "%*s", indent, "");
        rc |= append_wrapped(out, hit->snippet, color, width, indent, NULL);
        rc |= defcon_buffer_putc(out, '\n');
    }
    return rc ? -1 : defcon_printer_flush(printer);
}

/* "1–10 of 52 articles", or why there is no such range. */
static int append_range(defcon_buffer *out, const defcon_output_summary *summary)
{
    if (summary->total >= 0 && summary->shown > 0)
        return defcon_buffer_printf(out, "%ld–%ld of %ld article%s", summary->offset + 1,
                                    summary->offset + summary->shown, summary->total,
                                    summary->total == 1 ? "" : "s");
    if (summary->total > 0)
        return defcon_buffer_printf(out, "no articles past %ld (of %ld matching)",
                                    summary->offset, summary->total);
    if (summary->total == 0)
        return defcon_buffer_puts(out, "no articles match");
    return 0;
}

static int text_end(defcon_printer *printer, const defcon_output_summary *summary)
{
    defcon_buffer *out = &printer->line;
    int color = printer->options.color;
    int rc = 0;

    defcon_buffer_clear(out);
    if (summary->shown > 0)
        rc |= defcon_buffer_putc(out, '\n');
    rc |= defcon_buffer_puts(out, DEFCON_STYLE(color, DEFCON_STYLE_META));
    rc |= append_range(out, summary);
    if (summary->undated_left_out > 0)
        rc |= defcon_buffer_printf(out, "; %ld undated article%s left out by the date filter",
                                   summary->undated_left_out,
                                   summary->undated_left_out == 1 ? "" : "s");
    if (summary->first && summary->first[0])
        rc |= defcon_buffer_printf(out, "; first mention %s, last %s", summary->first,
                                   summary->last);
    if (summary->filters && summary->filters[0])
        rc |= defcon_buffer_printf(out, "\n%s", summary->filters);
    if (summary->note && summary->note[0])
        rc |= defcon_buffer_printf(out, "\n%s", summary->note);
    rc |= defcon_buffer_printf(out, "%s\n", DEFCON_STYLE(color, DEFCON_STYLE_RESET));
    return rc ? -1 : defcon_printer_flush(printer);
}

/* Appends a horizontal bar of `value` / `max` of `width` cells, in eighths. */
static int append_bar(defcon_buffer *out, long value, long max, int width)
{
    static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    long units = max > 0 ? (value * width * 8 + max / 2) / max : 0;
    int cells = 0, rc = 0;

    if (value > 0 && units == 0)
        units = 1;   /* a single match still shows */
    for (; units >= 8; units -= 8, cells++)
        rc |= defcon_buffer_puts(out, "█");
    if (units > 0) {
        rc |= defcon_buffer_puts(out, eighths[units]);
        cells++;
    }
    for (; cells < width; cells++)
        rc |= defcon_buffer_putc(out, ' ');
    return rc;
}

/* The closing lines of a timeline: how many matches in how many periods. */
static int append_timeline_footer(defcon_printer *printer, long matches, size_t count,
                                  long coarse, const char *first, const char *last)
{
    defcon_buffer *out = &printer->line;
    int rc = 0, color = printer->options.color;

    rc |= defcon_buffer_printf(out, "%s%ld matching article%s in %zu period%s; bars: matches, "
                                    "then the share of all the archive's articles in the period",
                               DEFCON_STYLE(color, DEFCON_STYLE_META), matches,
                               matches == 1 ? "" : "s", count, count == 1 ? "" : "s");
    if (coarse > 0)
        rc |= defcon_buffer_printf(out, "; %ld dated only by year not shown", coarse);
    rc |= defcon_buffer_printf(out, "\n");
    if (first && first[0])
        rc |= defcon_buffer_printf(out, "first mention %s, last mention %s\n", first, last);
    rc |= defcon_buffer_puts(out, DEFCON_STYLE(color, DEFCON_STYLE_RESET));
    return rc;
}

int defcon_print_text_timeline(defcon_printer *printer, const defcon_period *periods,
                               size_t count, long coarse, const char *first, const char *last)
{
    defcon_buffer *out = &printer->line;
    long max = 0, matches = 0;
    size_t i;
    int rc = 0, color = printer->options.color, bar;

    for (i = 0; i < count; i++) {
        if (periods[i].matches > max)
            max = periods[i].matches;
        matches += periods[i].matches;
    }
    /* label (7) + space + bar + counts "  12345 of 123456  100.0%" (26) */
    bar = printer->options.width - 8 - 27;
    if (bar < 10)
        bar = 10;
    for (i = 0; i < count; i++) {
        const defcon_period *p = &periods[i];
        rc |= defcon_buffer_printf(out, "%-7s %s", p->label,
                                   DEFCON_STYLE(color, DEFCON_STYLE_MATCH));
        rc |= append_bar(out, p->matches, max, bar);
        rc |= defcon_buffer_printf(out, "%s %6ld of %-7ld %5.1f%%\n",
                                   DEFCON_STYLE(color, DEFCON_STYLE_RESET), p->matches, p->total,
                                   100.0 * defcon_period_share(p));
    }
    rc |= append_timeline_footer(printer, matches, count, coarse, first, last);
    return rc ? -1 : defcon_printer_flush(printer);
}

int defcon_print_text_facets(defcon_printer *printer, const char *kind, const char *with_code,
                             const defcon_facet *facets, size_t count)
{
    defcon_buffer *out = &printer->line;
    const char *with_name = with_code ? defcon_country_name(with_code) : NULL;
    long max = 0;
    size_t i;
    int rc = 0, color = printer->options.color;

    (void)kind;   /* `with_code` alone tells the two kinds apart */
    for (i = 0; i < count; i++)
        if (facets[i].count > max)
            max = facets[i].count;
    rc |= defcon_buffer_puts(out, DEFCON_STYLE(color, DEFCON_STYLE_TITLE));
    if (with_code)
        rc |= defcon_buffer_printf(out, "Countries mentioned with %s:",
                                   with_name ? with_name : with_code);
    else
        rc |= defcon_buffer_puts(out, "Countries the matching articles are about:");
    rc |= defcon_buffer_printf(out, "%s\n", DEFCON_STYLE(color, DEFCON_STYLE_RESET));
    for (i = 0; i < count; i++) {
        const char *name = defcon_country_name(facets[i].code);
        rc |= defcon_buffer_printf(out, "  %-24.24s %s %6ld  ", name ? name : facets[i].code,
                                   facets[i].code, facets[i].count);
        rc |= append_bar(out, facets[i].count, max, 20);
        rc |= defcon_buffer_putc(out, '\n');
    }
    if (count == 0)
        rc |= defcon_buffer_puts(out, "  (none)\n");
    return rc ? -1 : defcon_printer_flush(printer);
}

const defcon_printer_format defcon_print_text = {
    "text", DEFCON_OUTPUT_TEXT, 0, 1,
    text_hit, text_end, defcon_print_text_timeline, defcon_print_text_facets};

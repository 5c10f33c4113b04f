/*
 * output.c - the result printers; see output.h.
 */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "countries.h"

#define STYLE_RESET "\033[0m"
#define STYLE_TITLE "\033[1m"
#define STYLE_META "\033[2m"
#define STYLE_MATCH "\033[1;31m"
#define STYLE_NUMBER "\033[33m"

struct defcon_printer {
    FILE *out;
    defcon_output_options options;
    long count;
    defcon_buffer line;
};

defcon_printer *defcon_printer_new(FILE *out, const defcon_output_options *options)
{
    defcon_printer *printer = calloc(1, sizeof *printer);

    if (!printer)
        return NULL;
    printer->out = out;
    printer->options = *options;
    if (printer->options.width < 20)
        printer->options.width = 20;
    return printer;
}

void defcon_printer_free(defcon_printer *printer)
{
    if (!printer)
        return;
    defcon_buffer_free(&printer->line);
    free(printer);
}

/* ---- UTF-8 and JSON ---- */

/* Length of the valid UTF-8 sequence at p (1 to 4), or 0 if invalid. */
static int utf8_sequence(const unsigned char *p)
{
    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        return (p[1] & 0xc0) == 0x80 ? 2 : 0;
    if (p[0] >= 0xe0 && p[0] <= 0xef) {
        if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
            return 0;
        if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0))
            return 0;
        return 3;
    }
    if (p[0] >= 0xf0 && p[0] <= 0xf4) {
        if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
            return 0;
        if ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
            return 0;
        return 4;
    }
    return 0;
}

int defcon_json_string(defcon_buffer *out, const char *text)
{
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    int rc = defcon_buffer_putc(out, '"');

    while (rc == 0 && *p) {
        int n = utf8_sequence(p);
        if (n == 0) {
            rc = defcon_buffer_puts(out, "\xef\xbf\xbd");
            p++;
        } else if (*p == '"' || *p == '\\') {
            rc = defcon_buffer_putc(out, '\\');
            if (rc == 0)
                rc = defcon_buffer_putc(out, (char)*p);
            p++;
        } else if (*p < 0x20 || *p == 0x7f) {
            switch (*p) {
            case '\n': rc = defcon_buffer_puts(out, "\\n"); break;
            case '\t': rc = defcon_buffer_puts(out, "\\t"); break;
            case '\r': rc = defcon_buffer_puts(out, "\\r"); break;
            default: rc = defcon_buffer_printf(out, "\\u%04x", *p); break;
            }
            p++;
        } else {
            rc = defcon_buffer_append(out, (const char *)p, (size_t)n);
            p += n;
        }
    }
    if (rc == 0)
        rc = defcon_buffer_putc(out, '"');
    return rc;
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

/* ---- the text printer ---- */

/* Display width of one UTF-8 sequence: 1 for everything but continuation
 * bytes. Wide characters are rare in this archive and counted as one. */
static int is_lead_byte(unsigned char c)
{
    return (c & 0xc0) != 0x80;
}

/* Appends `marked` with the marks turned into styles (or dropped),
 * wrapped at `width` columns with every line after the first indented by
 * `indent` spaces. `column` is where the text starts. */
static int append_wrapped(defcon_buffer *out, const char *marked, int color, int width,
                          int indent, int column, const char *base_style)
{
    const char *p = marked ? marked : "";
    int rc = 0, in_match = 0;

    while (rc == 0 && *p) {
        const char *word = p;
        int length = 0;
        const char *q;

        while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
        if (!*p)
            break;
        word = p;
        for (q = p; *q && *q != ' ' && *q != '\n' && *q != '\t'; q++)
            if (is_lead_byte((unsigned char)*q) && *q != DEFCON_MARK_START && *q != DEFCON_MARK_END)
                length++;
        if (column > indent && column + 1 + length > width) {
            rc |= defcon_buffer_printf(out, "%s\n%*s", color && in_match ? STYLE_RESET : "",
                                       indent, "");
            if (color && in_match)
                rc |= defcon_buffer_puts(out, STYLE_MATCH);
            column = indent;
        } else if (column > indent) {
            rc |= defcon_buffer_putc(out, ' ');
            column++;
        }
        for (; word < q; word++) {
            if (*word == DEFCON_MARK_START) {
                in_match = 1;
                if (color)
                    rc |= defcon_buffer_puts(out, STYLE_MATCH);
            } else if (*word == DEFCON_MARK_END) {
                in_match = 0;
                if (color) {
                    rc |= defcon_buffer_puts(out, STYLE_RESET);
                    if (base_style)
                        rc |= defcon_buffer_puts(out, base_style);
                }
            } else if ((unsigned char)*word < 0x20) {
                rc |= defcon_buffer_putc(out, '?');   /* never send control bytes */
            } else {
                rc |= defcon_buffer_putc(out, *word);
            }
        }
        column += length;
        p = q;
    }
    if (color && in_match)
        rc |= defcon_buffer_puts(out, STYLE_RESET);
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

static int append_country_names(defcon_buffer *out, const char *codes)
{
    const char *p = codes;
    int rc = 0;

    while (rc == 0 && p && *p) {
        char code[3] = {0, 0, 0};
        const char *name;
        size_t n = strcspn(p, ",");
        if (n == 2) {
            memcpy(code, p, 2);
            name = defcon_country_name(code);
            rc = defcon_buffer_printf(out, "%s%s", p == codes ? "" : ", ", name ? name : code);
        }
        p += n;
        if (*p == ',')
            p++;
    }
    return rc;
}

static int print_text_hit(defcon_printer *printer, const defcon_hit *hit)
{
    defcon_buffer *out = &printer->line;
    int color = printer->options.color, width = printer->options.width;
    char number[24];
    int rc = 0, indent;

    defcon_buffer_clear(out);
    snprintf(number, sizeof number, "%ld. ", printer->options.format == DEFCON_OUTPUT_TEXT
                                                 ? printer->count + 1 : 0L);
    indent = (int)strlen(number);
    if (printer->count > 0)
        rc |= defcon_buffer_putc(out, '\n');
    rc |= defcon_buffer_printf(out, "%s%s%s", color ? STYLE_NUMBER : "", number,
                               color ? STYLE_RESET : "");
    if (color)
        rc |= defcon_buffer_puts(out, STYLE_TITLE);
    rc |= append_wrapped(out, hit->title_marked && hit->title_marked[0] ? hit->title_marked
                                                                          : "(untitled)",
                         color, width, indent, indent, color ? STYLE_TITLE : NULL);
    if (color)
        rc |= defcon_buffer_puts(out, STYLE_RESET);
    rc |= defcon_buffer_printf(out, "\n%*s%s", indent, "", color ? STYLE_META : "");
    rc |= append_clean(out, hit->date ? hit->date : "undated");
    if (hit->source) {
        rc |= defcon_buffer_puts(out, " · ");
        rc |= append_clean(out, hit->source);
    }
    rc |= defcon_buffer_puts(out, " · ");
    if (printer->options.archive)
        rc |= defcon_buffer_printf(out, "%s/", printer->options.archive);
    rc |= append_clean(out, hit->path);
    if (hit->countries && hit->countries[0]) {
        rc |= defcon_buffer_puts(out, " · ");
        rc |= append_country_names(out, hit->countries);
    }
    rc |= defcon_buffer_printf(out, "%s\n", color ? STYLE_RESET : "");
    if (hit->snippet && hit->snippet[0]) {
        rc |= defcon_buffer_printf(out, "%*s", indent, "");
        rc |= append_wrapped(out, hit->snippet, color, width, indent, indent, NULL);
        rc |= defcon_buffer_putc(out, '\n');
    }
    if (rc)
        return -1;
    return fwrite(out->data, 1, out->len, printer->out) == out->len ? 0 : -1;
}

/* ---- the JSON printer ---- */

static int append_json_field(defcon_buffer *out, const char *name, const char *value)
{
    int rc = defcon_buffer_printf(out, ",\"%s\":", name);
    if (rc == 0 && value)
        rc = defcon_json_string(out, value);
    else if (rc == 0)
        rc = defcon_buffer_puts(out, "null");
    return rc;
}

static int append_json_marked(defcon_buffer *out, const char *name, const char *marked)
{
    defcon_buffer plain = DEFCON_BUFFER_INIT, ranges = DEFCON_BUFFER_INIT;
    int rc = defcon_marks_split(marked, &plain, &ranges);

    if (rc == 0)
        rc = append_json_field(out, name, defcon_buffer_cstr(&plain));
    if (rc == 0)
        rc = defcon_buffer_printf(out, ",\"%s_highlights\":[%s]", name,
                                  defcon_buffer_cstr(&ranges));
    defcon_buffer_free(&plain);
    defcon_buffer_free(&ranges);
    return rc;
}

static int print_json_hit(defcon_printer *printer, const defcon_hit *hit)
{
    defcon_buffer *out = &printer->line;
    const char *p;
    int rc = 0, first;

    defcon_buffer_clear(out);
    rc |= defcon_buffer_printf(out, "{\"format_version\":%d", DEFCON_JSON_FORMAT_VERSION);
    rc |= append_json_field(out, "id", hit->id);
    rc |= append_json_field(out, "path", hit->path);
    rc |= append_json_marked(out, "title", hit->title_marked);
    rc |= append_json_field(out, "date", hit->date);
    rc |= append_json_field(out, "source", hit->source);
    rc |= append_json_field(out, "url", hit->url);
    if (hit->has_score)
        rc |= defcon_buffer_printf(out, ",\"score\":%.6g", hit->score);
    else
        rc |= defcon_buffer_puts(out, ",\"score\":null");
    rc |= append_json_marked(out, "snippet", hit->snippet);
    rc |= defcon_buffer_puts(out, ",\"countries\":[");
    for (p = hit->countries, first = 1; p && *p; first = 0) {
        size_t n = strcspn(p, ",");
        rc |= defcon_buffer_printf(out, "%s\"%.*s\"", first ? "" : ",", (int)n, p);
        p += n + (p[n] == ',');
    }
    rc |= defcon_buffer_puts(out, "],\"mentions\":{");
    for (p = hit->mentions, first = 1; p && *p; first = 0) {
        size_t n = strcspn(p, ",");
        const char *colon = memchr(p, ':', n);
        if (colon)
            rc |= defcon_buffer_printf(out, "%s\"%.*s\":%ld", first ? "" : ",", (int)(colon - p), p,
                                       strtol(colon + 1, NULL, 10));
        p += n + (p[n] == ',');
    }
    rc |= defcon_buffer_puts(out, "}}\n");
    if (rc)
        return -1;
    return fwrite(out->data, 1, out->len, printer->out) == out->len ? 0 : -1;
}

/* ---- CSV ---- */

/* Control bytes (a newline or an escape sequence in a file name) become
 * '?', as in the text printer: they would reach a terminal or break rows. */
static int append_csv_field(defcon_buffer *out, const char *text, int last)
{
    const char *p = text ? text : "";
    int quote = strpbrk(p, ",\"") != NULL;
    int rc = 0;

    if (quote)
        rc |= defcon_buffer_putc(out, '"');
    for (; *p; p++) {
        if (*p == '"')
            rc |= defcon_buffer_putc(out, '"');
        rc |= defcon_buffer_putc(out, (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p);
    }
    if (quote)
        rc |= defcon_buffer_putc(out, '"');
    rc |= defcon_buffer_putc(out, last ? '\n' : ',');
    return rc;
}

static int print_csv_hit(defcon_printer *printer, const defcon_hit *hit)
{
    defcon_buffer *out = &printer->line;
    defcon_buffer plain = DEFCON_BUFFER_INIT;
    char score[32] = "";
    int rc = 0;

    defcon_buffer_clear(out);
    if (printer->count == 0)
        rc |= defcon_buffer_puts(out, "id,path,title,date,source,score,countries\n");
    if (hit->has_score)
        snprintf(score, sizeof score, "%.6g", hit->score);
    rc |= append_csv_field(out, hit->id, 0);
    rc |= append_csv_field(out, hit->path, 0);
    rc |= defcon_marks_split(hit->title_marked, &plain, NULL);
    rc |= append_csv_field(out, defcon_buffer_cstr(&plain), 0);
    rc |= append_csv_field(out, hit->date, 0);
    rc |= append_csv_field(out, hit->source, 0);
    rc |= append_csv_field(out, score, 0);
    rc |= append_csv_field(out, hit->countries, 1);
    defcon_buffer_free(&plain);
    if (rc)
        return -1;
    return fwrite(out->data, 1, out->len, printer->out) == out->len ? 0 : -1;
}

/* ---- timelines and facets ---- */

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

static int flush_line(defcon_printer *printer)
{
    defcon_buffer *out = &printer->line;
    int rc = fwrite(out->data, 1, out->len, printer->out) == out->len ? 0 : -1;

    defcon_buffer_clear(out);
    return rc;
}

int defcon_printer_timeline(defcon_printer *printer, const defcon_period *periods, size_t count,
                            long coarse, const char *first, const char *last)
{
    defcon_buffer *out = &printer->line;
    long max = 0, matches = 0;
    size_t i;
    int rc = 0, color = printer->options.color, bar;

    defcon_buffer_clear(out);
    for (i = 0; i < count; i++) {
        if (periods[i].matches > max)
            max = periods[i].matches;
        matches += periods[i].matches;
    }
    switch (printer->options.format) {
    case DEFCON_OUTPUT_JSON:
        for (i = 0; rc == 0 && i < count; i++) {
            rc |= defcon_buffer_printf(out, "{\"format_version\":%d,\"period\":\"%s\","
                                            "\"matches\":%ld,\"total\":%ld,\"share\":%.6g}\n",
                                       DEFCON_JSON_FORMAT_VERSION, periods[i].label,
                                       periods[i].matches, periods[i].total,
                                       periods[i].total ? (double)periods[i].matches
                                                              / (double)periods[i].total : 0.0);
            rc |= flush_line(printer);
        }
        return rc;
    case DEFCON_OUTPUT_CSV:
        rc |= defcon_buffer_puts(out, "period,matches,total,share\n");
        for (i = 0; i < count; i++)
            rc |= defcon_buffer_printf(out, "%s,%ld,%ld,%.6g\n", periods[i].label,
                                       periods[i].matches, periods[i].total,
                                       periods[i].total ? (double)periods[i].matches
                                                              / (double)periods[i].total : 0.0);
        return rc ? -1 : flush_line(printer);
    default:
        break;
    }
    /* label (7) + space + bar + counts "  12345 of 123456  100.0%" (26) */
    bar = printer->options.width - 8 - 27;
    if (bar < 10)
        bar = 10;
    for (i = 0; i < count; i++) {
        const defcon_period *p = &periods[i];
        rc |= defcon_buffer_printf(out, "%-7s %s", p->label, color ? STYLE_MATCH : "");
        rc |= append_bar(out, p->matches, max, bar);
        rc |= defcon_buffer_printf(out, "%s %6ld of %-7ld %5.1f%%\n", color ? STYLE_RESET : "",
                                   p->matches, p->total,
                                   p->total ? 100.0 * (double)p->matches / (double)p->total : 0.0);
    }
    rc |= defcon_buffer_printf(out, "%s%ld matching article%s in %zu period%s; bars: matches, "
                                    "then the share of all the archive's articles in the period",
                               color ? STYLE_META : "", matches, matches == 1 ? "" : "s", count,
                               count == 1 ? "" : "s");
    if (coarse > 0)
        rc |= defcon_buffer_printf(out, "; %ld dated only by year not shown", coarse);
    rc |= defcon_buffer_printf(out, "\n");
    if (first && first[0])
        rc |= defcon_buffer_printf(out, "first mention %s, last mention %s\n", first, last);
    rc |= defcon_buffer_puts(out, color ? STYLE_RESET : "");
    return rc ? -1 : flush_line(printer);
}

int defcon_printer_facets(defcon_printer *printer, const char *kind, const char *with_code,
                          const defcon_facet *facets, size_t count)
{
    defcon_buffer *out = &printer->line;
    const char *with_name = with_code ? defcon_country_name(with_code) : NULL;
    long max = 0;
    size_t i;
    int rc = 0, color = printer->options.color;

    defcon_buffer_clear(out);
    for (i = 0; i < count; i++)
        if (facets[i].count > max)
            max = facets[i].count;
    switch (printer->options.format) {
    case DEFCON_OUTPUT_JSON:
        rc |= defcon_buffer_printf(out, "{\"format_version\":%d,\"facet\":\"%s\"",
                                   DEFCON_JSON_FORMAT_VERSION, kind);
        if (with_code)
            rc |= defcon_buffer_printf(out, ",\"with\":\"%s\"", with_code);
        rc |= defcon_buffer_puts(out, ",\"countries\":{");
        for (i = 0; i < count; i++)
            rc |= defcon_buffer_printf(out, "%s\"%s\":%ld", i ? "," : "", facets[i].code,
                                       facets[i].count);
        rc |= defcon_buffer_puts(out, "}}\n");
        return rc ? -1 : flush_line(printer);
    case DEFCON_OUTPUT_CSV:
        for (i = 0; i < count; i++)
            rc |= defcon_buffer_printf(out, "%s,%s,%s,%ld\n", kind, with_code ? with_code : "",
                                       facets[i].code, facets[i].count);
        return rc ? -1 : flush_line(printer);
    default:
        break;
    }
    if (with_code)
        rc |= defcon_buffer_printf(out, "%sCountries mentioned with %s:%s\n", color ? STYLE_TITLE : "",
                                   with_name ? with_name : with_code, color ? STYLE_RESET : "");
    else
        rc |= defcon_buffer_printf(out, "%sCountries the matching articles are about:%s\n",
                                   color ? STYLE_TITLE : "", color ? STYLE_RESET : "");
    for (i = 0; i < count; i++) {
        const char *name = defcon_country_name(facets[i].code);
        rc |= defcon_buffer_printf(out, "  %-24.24s %s %6ld  ", name ? name : facets[i].code,
                                   facets[i].code, facets[i].count);
        rc |= append_bar(out, facets[i].count, max, 20);
        rc |= defcon_buffer_putc(out, '\n');
    }
    if (count == 0)
        rc |= defcon_buffer_puts(out, "  (none)\n");
    return rc ? -1 : flush_line(printer);
}

int defcon_printer_hit(defcon_printer *printer, const defcon_hit *hit)
{
    int rc = 0;

    switch (printer->options.format) {
    case DEFCON_OUTPUT_TEXT:
        rc = print_text_hit(printer, hit);
        break;
    case DEFCON_OUTPUT_JSON:
        rc = print_json_hit(printer, hit);
        break;
    case DEFCON_OUTPUT_PATHS:
        if (printer->options.archive)
            rc = fprintf(printer->out, "%s/%s\n", printer->options.archive, hit->path) < 0 ? -1 : 0;
        else
            rc = fprintf(printer->out, "%s\n", hit->path) < 0 ? -1 : 0;
        break;
    case DEFCON_OUTPUT_CSV:
        rc = print_csv_hit(printer, hit);
        break;
    case DEFCON_OUTPUT_COUNT:
        break;
    }
    printer->count++;
    return rc;
}

int defcon_printer_end(defcon_printer *printer, const defcon_output_summary *summary)
{
    int color = printer->options.color;
    int rc = 0;

    if (printer->options.format == DEFCON_OUTPUT_COUNT)
        return fprintf(printer->out, "%ld\n", summary->total) < 0 ? -1 : 0;
    if (printer->options.format != DEFCON_OUTPUT_TEXT)
        return 0;
    if (summary->shown > 0)
        rc |= fputc('\n', printer->out) == EOF;
    rc |= fputs(color ? STYLE_META : "", printer->out) == EOF;
    if (summary->total >= 0 && summary->shown > 0)
        rc |= fprintf(printer->out, "%ld–%ld of %ld article%s", summary->offset + 1,
                      summary->offset + summary->shown, summary->total,
                      summary->total == 1 ? "" : "s") < 0;
    else if (summary->total > 0)
        rc |= fprintf(printer->out, "no articles past %ld (of %ld matching)", summary->offset,
                      summary->total) < 0;
    else if (summary->total == 0)
        rc |= fputs("no articles match", printer->out) == EOF;
    if (summary->undated_left_out > 0)
        rc |= fprintf(printer->out, "; %ld undated article%s left out by the date filter",
                      summary->undated_left_out, summary->undated_left_out == 1 ? "" : "s") < 0;
    if (summary->first && summary->first[0])
        rc |= fprintf(printer->out, "; first mention %s, last %s", summary->first,
                      summary->last) < 0;
    if (summary->filters && summary->filters[0])
        rc |= fprintf(printer->out, "\n%s", summary->filters) < 0;
    rc |= fprintf(printer->out, "%s\n", color ? STYLE_RESET : "") < 0;
    return rc ? -1 : 0;
}

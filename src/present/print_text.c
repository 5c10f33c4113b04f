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
#include "text.h"
#include "wrap.h"

/* Appends the bytes [start, end) of `text`, turning the marks into
 * styles (or dropping them) and unsafe characters (text.h) into '?'.
 * `in_match` says whether a highlighted part is open, across calls. */
static int append_marked(defcon_buffer *out, const char *start, const char *end, int color,
                         const char *base_style, int *in_match)
{
    int rc = 0;

    while (rc == 0 && start < end) {
        const char *run = start;

        while (start < end && *start != DEFCON_MARK_START && *start != DEFCON_MARK_END)
            start++;
        /* never send control bytes or bidi overrides to a terminal */
        rc |= defcon_text_append_safe(out, run, (size_t)(start - run), NULL, "?");
        if (start == end)
            break;
        if (*start == DEFCON_MARK_START) {
            *in_match = 1;
            rc |= defcon_buffer_puts(out, DEFCON_STYLE(color, DEFCON_STYLE_MATCH));
        } else {
            *in_match = 0;
            if (color)
                rc |= defcon_buffer_printf(out, DEFCON_STYLE_RESET "%s",
                                           base_style ? base_style : "");
        }
        start++;
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

/* Appends plain text with unsafe characters replaced, for metadata. */
static int append_clean(defcon_buffer *out, const char *text)
{
    return defcon_text_append_safe(out, text ? text : "", text ? strlen(text) : 0, NULL, "?");
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

/* "+2 near-identical (reuters-5157, reuters-5160)": the story's copies. */
static int append_copies(defcon_printer *printer, const defcon_hit *hit, int indent)
{
    defcon_buffer *out = &printer->line, ids = DEFCON_BUFFER_INIT;
    int color = printer->options.color, rc = 0;
    size_t i;

    rc |= defcon_buffer_printf(&ids, "+%zu near-identical (", hit->copy_count);
    for (i = 0; i < hit->copy_count; i++)
        rc |= defcon_buffer_printf(&ids, "%s%s", i ? ", " : "", hit->copy_ids[i]);
    rc |= defcon_buffer_putc(&ids, ')');
    rc |= defcon_buffer_printf(out, "%*s%s", indent, "", DEFCON_STYLE(color, DEFCON_STYLE_META));
    rc |= append_wrapped(out, defcon_buffer_cstr(&ids), color, printer->options.width, indent,
                         color ? DEFCON_STYLE_META : NULL);
    rc |= defcon_buffer_printf(out, "%s\n", DEFCON_STYLE(color, DEFCON_STYLE_RESET));
    defcon_buffer_free(&ids);
    return rc;
}

/* The metadata line: date · source · path · countries, wrapped under
 * the title (`indent` columns in) like the title and snippet. */
static int append_meta(defcon_printer *printer, const defcon_hit *hit, int indent)
{
    defcon_buffer meta = DEFCON_BUFFER_INIT;
    defcon_buffer *out = &meta;
    int rc = append_clean(out, hit->date ? hit->date : "undated");

    if (hit->source) {
        rc |= defcon_buffer_puts(out, " · ");
        rc |= append_clean(out, hit->source);
    }
    rc |= defcon_buffer_puts(out, " · ");
    /* the file as `--format paths` names it, shortened below the current folder */
    if (printer->options.archive)
        rc |= defcon_buffer_printf(out, "%s/", defcon_display_folder(printer->options.archive));
    rc |= append_clean(out, hit->path);
    if (hit->country_count > 0) {
        rc |= defcon_buffer_puts(out, " · ");
        rc |= append_country_names(out, hit);
    }
    /* safe already: wrapped as it is, in the metadata style throughout */
    if (rc == 0)
        rc = append_wrapped(&printer->line, defcon_buffer_cstr(&meta), printer->options.color,
                            printer->options.width, indent,
                            printer->options.color ? DEFCON_STYLE_META : NULL);
    defcon_buffer_free(&meta);
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
    rc |= append_meta(printer, hit, indent);
    rc |= defcon_buffer_printf(out, "%s\n", DEFCON_STYLE(color, DEFCON_STYLE_RESET));
    if (hit->snippet && hit->snippet[0]) {
        rc |= defcon_buffer_printf(out, "%*s", indent, "");
        rc |= append_wrapped(out, hit->snippet, color, width, indent, NULL);
        rc |= defcon_buffer_putc(out, '\n');
    }
    if (hit->copy_count > 0)
        rc |= append_copies(printer, hit, indent);
    return rc ? -1 : defcon_printer_flush(printer);
}

/* "; 3 articles left out ...": the matches a date filter leaves out because
 * their month or year is only partly inside it, and the options that take
 * them in. */
static int append_imprecise(defcon_buffer *out, long left_out, const char *widened)
{
    if (left_out <= 0)
        return 0;
    return defcon_buffer_printf(out, "%s%ld article%s left out, dated to a month or year only partly "
                                     "in the dates (%s includes them)",
                                out->len ? "; " : "", left_out, left_out == 1 ? "" : "s",
                                widened && widened[0] ? widened : "a wider range");
}

/* "1–10 of 52 articles", or why there is no such range. */
static int append_range(defcon_buffer *out, const defcon_output_summary *summary)
{
    const char *noun = summary->copies_folded > 0 ? summary->total == 1 ? "story" : "stories"
                       : summary->total == 1 ? "article" : "articles";

    if (summary->total >= 0 && summary->shown > 0)
        return defcon_buffer_printf(out, "%ld–%ld of %ld %s", summary->offset + 1,
                                    summary->offset + summary->shown, summary->total, noun);
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
    rc |= append_imprecise(out, summary->imprecise_left_out, summary->widened);
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

/* The widest bar a timeline draws, in cells: wider screens get no longer
 * bars (they would be hard to read across), only as wide a screen. */
#define MAX_TIMELINE_BAR 60

/* Runs of this many periods or more without a match fold into one line. */
#define FOLD_EMPTY_PERIODS 3

/* "1 article" or "12 articles", with `noun` made plural by an 's'. */
static int append_counted(defcon_buffer *out, long n, const char *noun)
{
    return defcon_buffer_printf(out, "%ld %s%s", n, noun, n == 1 ? "" : "s");
}

/* The closing lines of a timeline: how many matches in how many periods,
 * and those in none (dated only by year, undated), then the filters. */
static int append_timeline_footer(defcon_printer *printer, long matches, size_t count,
                                  const defcon_timeline_summary *summary)
{
    defcon_buffer *out = &printer->line;
    int rc = 0, color = printer->options.color;

    rc |= defcon_buffer_puts(out, DEFCON_STYLE(color, DEFCON_STYLE_META));
    rc |= append_counted(out, matches + summary->coarse + summary->undated, "matching article");
    rc |= defcon_buffer_printf(out, ": %ld in ", matches);
    rc |= append_counted(out, (long)count, "period");
    if (summary->coarse > 0)
        rc |= defcon_buffer_printf(out, ", %ld dated only by year (not shown by month)",
                                   summary->coarse);
    if (summary->undated > 0)
        rc |= defcon_buffer_printf(out, ", %ld undated (in no period)", summary->undated);
    rc |= append_imprecise(out, summary->imprecise_left_out, summary->widened);
    if (count > 0)
        rc |= defcon_buffer_puts(out, "; bars: matches, then the share of all the archive's "
                                      "articles in the period");
    rc |= defcon_buffer_printf(out, "\n");
    if (summary->first && summary->first[0])
        rc |= defcon_buffer_printf(out, "first mention %s, last mention %s\n", summary->first,
                                   summary->last);
    if (summary->filters && summary->filters[0])
        rc |= defcon_buffer_printf(out, "%s\n", summary->filters);
    rc |= defcon_buffer_puts(out, DEFCON_STYLE(color, DEFCON_STYLE_RESET));
    return rc;
}

/* How many periods from `i` on have no match. */
static size_t empty_run(const defcon_period *periods, size_t count, size_t i)
{
    size_t n = 0;

    while (i + n < count && periods[i + n].matches == 0)
        n++;
    return n;
}

/* Decimal digits of `n` (n >= 0). */
static int digits(long n)
{
    int d = 1;

    for (; n >= 10; n /= 10)
        d++;
    return d;
}

/* The column widths of a timeline: the bar and the two counts. */
typedef struct timeline_layout {
    long max;                     /* most matches in a period */
    int bar, matches_width, total_width;
} timeline_layout;

static timeline_layout timeline_layout_of(const defcon_printer *printer,
                                          const defcon_period *periods, size_t count)
{
    timeline_layout l = {0, 0, 1, 1};
    size_t i;

    for (i = 0; i < count; i++) {
        if (periods[i].matches > l.max)
            l.max = periods[i].matches;
        if (digits(periods[i].matches) > l.matches_width)
            l.matches_width = digits(periods[i].matches);
        if (digits(periods[i].total) > l.total_width)
            l.total_width = digits(periods[i].total);
    }
    /* label (7) + space + bar + " matches of total  100.0%" */
    l.bar = printer->options.width - 8 - (1 + l.matches_width + 4 + l.total_width + 8);
    if (l.bar > MAX_TIMELINE_BAR)
        l.bar = MAX_TIMELINE_BAR;
    if (l.bar < 10)
        l.bar = 10;
    return l;
}

/* One period's line: label, bar, counts and share (an empty bar and no
 * counts for a period with no articles at all). */
static int append_period(defcon_printer *printer, const defcon_period *p, const timeline_layout *l)
{
    defcon_buffer *out = &printer->line;
    int rc = 0, color = printer->options.color;

    rc |= defcon_buffer_printf(out, "%-7s %s", p->label, DEFCON_STYLE(color, DEFCON_STYLE_MATCH));
    rc |= append_bar(out, p->matches, l->max, l->bar);
    rc |= defcon_buffer_puts(out, DEFCON_STYLE(color, DEFCON_STYLE_RESET));
    if (p->total > 0)
        rc |= defcon_buffer_printf(out, " %*ld of %*ld  %5.1f%%", l->matches_width, p->matches,
                                   l->total_width, p->total, 100.0 * defcon_period_share(p));
    /* no trailing blanks after an empty bar */
    while (out->len && out->data[out->len - 1] == ' ')
        out->len--;
    return rc | defcon_buffer_putc(out, '\n');
}

/* One line for a run of `n` periods without a match. */
static int append_folded(defcon_printer *printer, const defcon_period *periods, size_t n)
{
    long total = 0;
    size_t i;
    int rc, color = printer->options.color;

    for (i = 0; i < n; i++)
        total += periods[i].total;
    rc = defcon_buffer_printf(&printer->line, "%s%s … %s: no matches in %zu %ss (",
                              DEFCON_STYLE(color, DEFCON_STYLE_META), periods[0].label,
                              periods[n - 1].label, n, periods[0].when.month ? "month" : "year");
    rc |= append_counted(&printer->line, total, "article");
    return rc | defcon_buffer_printf(&printer->line, ")%s\n",
                                     DEFCON_STYLE(color, DEFCON_STYLE_RESET));
}

int defcon_print_text_timeline(defcon_printer *printer, const defcon_period *periods,
                               size_t count, const defcon_timeline_summary *summary)
{
    timeline_layout layout = timeline_layout_of(printer, periods, count);
    long matches = 0;
    size_t i, run;
    int rc = 0;

    for (i = 0; i < count; i++)
        matches += periods[i].matches;
    for (i = 0; rc == 0 && i < count; i += run ? run : 1) {
        run = empty_run(periods, count, i);
        if (run >= FOLD_EMPTY_PERIODS)
            rc |= append_folded(printer, periods + i, run);
        else
            rc |= append_period(printer, &periods[i], &layout), run = 0;
        /* write as it goes: a long timeline is not held whole */
        rc |= defcon_printer_flush(printer);
    }
    rc |= append_timeline_footer(printer, matches, count, summary);
    return rc ? -1 : defcon_printer_flush(printer);
}

/* Appends `name` in exactly `columns` terminal columns: cut with an
 * ellipsis when longer, padded with spaces when shorter. */
static int append_fitted(defcon_buffer *out, const char *name, size_t columns)
{
    size_t len = strlen(name), pos = 0, used = 0, width = defcon_text_display_width(name, len);
    int rc = 0;

    if (width <= columns) {
        rc |= defcon_text_append_safe(out, name, len, NULL, "?");
        return rc | defcon_buffer_printf(out, "%*s", (int)(columns - width), "");
    }
    while (pos < len) {
        size_t at = pos;
        int w = defcon_text_codepoint_width(defcon_text_next_codepoint(name, len, &pos));
        if (used + (size_t)w > columns - 1) {
            pos = at;
            break;
        }
        used += (size_t)w;
    }
    rc |= defcon_text_append_safe(out, name, pos, NULL, "?");
    return rc | defcon_buffer_printf(out, "…%*s", (int)(columns - 1 - used), "");
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
        rc |= defcon_buffer_puts(out, "  ");
        rc |= append_fitted(out, name ? name : facets[i].code, 24);
        rc |= defcon_buffer_printf(out, " %s %6ld  ", facets[i].code, facets[i].count);
        rc |= append_bar(out, facets[i].count, max, 20);
        rc |= defcon_buffer_putc(out, '\n');
    }
    if (count == 0)
        rc |= defcon_buffer_puts(out, "  (none)\n");
    return rc ? -1 : defcon_printer_flush(printer);
}

int defcon_print_text_facets_end(defcon_printer *printer, long total, const char *filters)
{
    defcon_buffer *out = &printer->line;
    int rc = 0, color = printer->options.color;

    rc |= defcon_buffer_puts(out, DEFCON_STYLE(color, DEFCON_STYLE_META));
    rc |= append_counted(out, total, "matching article");
    if (filters && filters[0])
        rc |= defcon_buffer_printf(out, "\n%s", filters);
    rc |= defcon_buffer_printf(out, "%s\n", DEFCON_STYLE(color, DEFCON_STYLE_RESET));
    return rc ? -1 : defcon_printer_flush(printer);
}

/* A concordance line: the date and id, then the left context right-aligned
 * so that the matches line up, the match, the right context. Every piece
 * goes through the same neutralisation as a hit (text.h). */
static int text_concordance(defcon_printer *printer, const defcon_hit *hit,
                            const defcon_kwic_line *line)
{
    defcon_buffer *out = &printer->line;
    int color = printer->options.color;
    size_t left = defcon_wrap_width(line->left, strlen(line->left)), pad;
    int rc = 0;

    rc |= defcon_buffer_printf(out, "%s%-10s ", DEFCON_STYLE(color, DEFCON_STYLE_META),
                               hit->date ? hit->date : "undated");
    rc |= defcon_text_append_safe(out, hit->id ? hit->id : "", strlen(hit->id ? hit->id : ""),
                                  NULL, "?");
    rc |= defcon_buffer_printf(out, "%s  ", DEFCON_STYLE(color, DEFCON_STYLE_RESET));
    for (pad = left; pad < DEFCON_KWIC_COLUMNS; pad++)
        rc |= defcon_buffer_putc(out, ' ');
    rc |= defcon_text_append_safe(out, line->left, strlen(line->left), NULL, "?");
    rc |= defcon_buffer_printf(out, " %s", DEFCON_STYLE(color, DEFCON_STYLE_MATCH));
    rc |= defcon_text_append_safe(out, line->match, strlen(line->match), NULL, "?");
    rc |= defcon_buffer_printf(out, "%s ", DEFCON_STYLE(color, DEFCON_STYLE_RESET));
    rc |= defcon_text_append_safe(out, line->right, strlen(line->right), NULL, "?");
    rc |= defcon_buffer_putc(out, '\n');
    return rc ? -1 : defcon_printer_flush(printer);
}

/* A line of the history of levels: date, level, colour, id, title. */
int defcon_print_text_level(defcon_printer *printer, const defcon_hit *entry)
{
    defcon_buffer *out = &printer->line;
    int color = printer->options.color;
    int rc = defcon_buffer_printf(out, "%s%-10s%s  DEFCON %d  %-6s  ",
                                  DEFCON_STYLE(color, DEFCON_STYLE_META),
                                  entry->date ? entry->date : "undated",
                                  DEFCON_STYLE(color, DEFCON_STYLE_RESET), entry->level,
                                  entry->colour ? entry->colour : "-");

    rc |= append_clean(out, entry->id);
    rc |= defcon_buffer_puts(out, "  ");
    rc |= append_clean(out, entry->title);
    rc |= defcon_buffer_putc(out, '\n');
    return rc ? -1 : defcon_printer_flush(printer);
}

int defcon_print_text_levels_end(defcon_printer *printer, long shown, long stating,
                                 const char *filters)
{
    defcon_buffer *out = &printer->line;
    int rc = 0, color = printer->options.color;

    rc |= defcon_buffer_puts(out, DEFCON_STYLE(color, DEFCON_STYLE_META));
    if (stating == 0)
        rc |= defcon_buffer_puts(out, "No matching article states a level");
    else
        rc |= append_counted(out, stating, "matching article");
    if (stating > 0)
        rc |= defcon_buffer_printf(out, " %s a level", stating == 1 ? "states" : "state");
    if (shown != stating)
        rc |= defcon_buffer_printf(out, "; %ld change%s shown", shown, shown == 1 ? "" : "s");
    if (filters && filters[0])
        rc |= defcon_buffer_printf(out, "\n%s", filters);
    rc |= defcon_buffer_printf(out, "%s\n", DEFCON_STYLE(color, DEFCON_STYLE_RESET));
    return rc ? -1 : defcon_printer_flush(printer);
}

const defcon_printer_format defcon_print_text = {
    "text", DEFCON_OUTPUT_TEXT, 0, 1,
    text_hit, text_end, defcon_print_text_timeline, defcon_print_text_facets,
    defcon_print_text_facets_end, text_concordance, defcon_print_text_level,
    defcon_print_text_levels_end};

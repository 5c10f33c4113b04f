/*
 * timeline_svg.c - the SVG timeline chart; see timeline_svg.h.
 */
#include "timeline_svg.h"

#include <stdio.h>

#include "html.h"

#define CHART_WIDTH 720.0
#define CHART_HEIGHT 170.0
#define PLOT_TOP 18.0
#define PLOT_BOTTOM 146.0     /* the axis; labels below it */
#define PLOT_LEFT 4.0
#define PLOT_RIGHT 716.0
#define MAX_LABELS 12
#define LABEL_WIDTH 52.0      /* room a "1987-03" label takes */
#define MAX_SLOT 40.0         /* a bar and its share bar, at most */

static double share_of(const defcon_period *period)
{
    return period->total > 0 ? (double)period->matches / (double)period->total : 0.0;
}

/* One period: a link around the match bar and the share bar. */
static int draw_period(defcon_buffer *out, const defcon_period *p, double x, double slot,
                       long max_matches, double max_share, defcon_timeline_link_fn link,
                       void *context)
{
    defcon_buffer href = DEFCON_BUFFER_INIT, text = DEFCON_BUFFER_INIT;
    double plot = PLOT_BOTTOM - PLOT_TOP;
    double bar_height = max_matches ? plot * (double)p->matches / (double)max_matches : 0;
    double share_height = max_share > 0 ? plot * share_of(p) / max_share : 0;
    double bar_width = slot * 0.62, share_width = slot * 0.22;
    int rc = 0;

    if (p->matches > 0 && bar_height < 1.5)
        bar_height = 1.5;   /* a single match still shows */
    if (p->matches > 0 && share_height < 1.5)
        share_height = 1.5;
    rc |= defcon_buffer_printf(&text, "%s: %ld matching of %ld articles (%.1f%%)", p->label,
                               p->matches, p->total, 100.0 * share_of(p));
    if (link && p->matches > 0) {
        rc |= link(context, p->label, &href);
        rc |= defcon_buffer_puts(out, "<a href=\"");
        rc |= defcon_html_escape(out, defcon_buffer_cstr(&href));
        rc |= defcon_buffer_puts(out, "\" aria-label=\"");
        rc |= defcon_html_escape(out, defcon_buffer_cstr(&text));
        rc |= defcon_buffer_puts(out, "\">");
    } else {
        rc |= defcon_buffer_puts(out, "<g>");
    }
    rc |= defcon_buffer_puts(out, "<title>");
    rc |= defcon_html_escape(out, defcon_buffer_cstr(&text));
    rc |= defcon_buffer_printf(out, "</title><rect class=\"hit-area\" x=\"%.1f\" y=\"%.1f\""
                                    " width=\"%.1f\" height=\"%.1f\"/>",
                               x, PLOT_TOP, slot, PLOT_BOTTOM - PLOT_TOP);
    rc |= defcon_buffer_printf(out, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                                    " height=\"%.1f\"/>",
                               x + slot * 0.06, PLOT_BOTTOM - bar_height, bar_width, bar_height);
    rc |= defcon_buffer_printf(out, "<rect class=\"share\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                                    " height=\"%.1f\"/>",
                               x + slot * 0.06 + bar_width + slot * 0.04,
                               PLOT_BOTTOM - share_height, share_width, share_height);
    rc |= defcon_buffer_puts(out, link && p->matches > 0 ? "</a>" : "</g>");
    defcon_buffer_free(&href);
    defcon_buffer_free(&text);
    return rc;
}

/* The labels under the axis: the first and last period and evenly
 * spaced ones between, at most MAX_LABELS. */
static int draw_labels(defcon_buffer *out, const defcon_period *periods, size_t count,
                       double slot)
{
    size_t step = (count + MAX_LABELS - 1) / MAX_LABELS, i;
    int rc = 0;

    if (step == 0)
        step = 1;
    while ((double)step * slot < LABEL_WIDTH)   /* labels must not overlap */
        step++;
    for (i = 0; rc == 0 && i < count; i++) {
        if (i % step != 0 && i + 1 != count)
            continue;
        if (i + 1 == count && i % step != 0 && count - 1 - (i - i % step) < step / 2 + 1)
            continue;   /* too close to the previous label */
        rc = defcon_buffer_printf(out, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\""
                                       " text-anchor=\"middle\">%s</text>",
                                  PLOT_LEFT + slot * ((double)i + 0.5) < LABEL_WIDTH / 2
                                      ? LABEL_WIDTH / 2 : PLOT_LEFT + slot * ((double)i + 0.5),
                                  PLOT_BOTTOM + 16,
                                  periods[i].label);
    }
    return rc;
}

int defcon_timeline_svg(defcon_buffer *out, const defcon_period *periods, size_t count,
                        const char *caption, defcon_timeline_link_fn link, void *context)
{
    long max_matches = 0;
    double max_share = 0, slot;
    size_t i;
    int rc = 0;

    if (count == 0)
        return 0;
    for (i = 0; i < count; i++) {
        if (periods[i].matches > max_matches)
            max_matches = periods[i].matches;
        if (share_of(&periods[i]) > max_share)
            max_share = share_of(&periods[i]);
    }
    slot = (PLOT_RIGHT - PLOT_LEFT) / (double)count;
    if (slot > MAX_SLOT)
        slot = MAX_SLOT;
    rc |= defcon_buffer_printf(out, "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\""
                                    " viewBox=\"0 0 %.0f %.0f\" role=\"group\" aria-label=\"",
                               CHART_WIDTH, CHART_HEIGHT);
    rc |= defcon_html_escape(out, caption);
    rc |= defcon_buffer_printf(out, "\"><text class=\"axis-note\" x=\"%.1f\" y=\"12\">%ld</text>"
                                    "<text class=\"axis-note\" x=\"%.1f\" y=\"12\""
                                    " text-anchor=\"end\">share up to %.1f%%</text>",
                               PLOT_LEFT, max_matches, PLOT_RIGHT, 100.0 * max_share);
    for (i = 0; rc == 0 && i < count; i++)
        rc = draw_period(out, &periods[i], PLOT_LEFT + slot * (double)i, slot, max_matches,
                         max_share, link, context);
    rc |= defcon_buffer_printf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\""
                                    " y2=\"%.1f\"/>",
                               PLOT_LEFT, PLOT_BOTTOM + 0.5, PLOT_RIGHT, PLOT_BOTTOM + 0.5);
    rc |= draw_labels(out, periods, count, slot);
    rc |= defcon_buffer_puts(out, "</svg>");
    return rc ? -1 : 0;
}

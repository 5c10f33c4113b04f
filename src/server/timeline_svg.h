/*
 * timeline_svg.h - the timeline of a search drawn as an SVG bar chart.
 *
 * One bar per period (year or month) for the matching articles, and
 * beside it a thin bar for the period's share: matches as a part of all
 * the archive's articles of that period, scaled to the largest share, so
 * that a year the archive simply holds more of does not look like a year
 * of more interest. Each period is a link (to the search filtered to
 * it) with a title that says its numbers, for a pointer, a keyboard and
 * a screen reader. The SVG has no script and no inline style: classes
 * (bar, share, axis, label) are styled by the page's stylesheet.
 */
#ifndef DEFCON_TIMELINE_SVG_H
#define DEFCON_TIMELINE_SVG_H

#include <stddef.h>

#include "buffer.h"
#include "search.h"

/* Appends to `href` the (unescaped) URL of the search filtered to the
 * period `label` ("1987" or "1987-03"). Returns 0 or -1. */
typedef int (*defcon_timeline_link_fn)(void *context, const char *label, defcon_buffer *href);

/* Appends the chart of `count` periods to `out`, each bar a link made by
 * `link` (NULL: no links). `caption` (plain text, escaped here) names the
 * chart for screen readers. Nothing is appended when count is 0.
 * Returns 0, or -1 when memory runs out. */
int defcon_timeline_svg(defcon_buffer *out, const defcon_period *periods, size_t count,
                        const char *caption, defcon_timeline_link_fn link, void *context);

#endif

/*
 * filters.c - a search request's filters in words; see filters.h. Country
 * names and predecessor states come from the gazetteer (countries.h),
 * dates from day numbers (date.h).
 */
#include "filters.h"

#include <stdio.h>

#include "countries.h"
#include "date.h"

int defcon_filters_describe(const defcon_search_request *request, defcon_buffer *out)
{
    const defcon_search_request *r = request;
    size_t i;
    int rc = 0;

    for (i = 0; i < r->country_count; i++) {
        const char *name = defcon_country_name(r->countries[i]);
        const char *const *before = defcon_country_predecessors(r->countries[i]);
        rc |= defcon_buffer_printf(out, "%scountry %s (%s)", out->len ? "; " : "",
                                   name ? name : r->countries[i], r->countries[i]);
        if (before && before[0]) {
            size_t k;
            if (r->exact_countries) {
                rc |= defcon_buffer_puts(out, " only");
            } else {
                rc |= defcon_buffer_puts(out, " with its predecessors");
                for (k = 0; before[k]; k++) {
                    const char *old = defcon_country_name(before[k]);
                    rc |= defcon_buffer_printf(out, "%s%s", k ? ", " : " ", old ? old : before[k]);
                }
                rc |= defcon_buffer_puts(out, " (--exact-countries to leave them out)");
            }
        }
    }
    if (r->has_since || r->has_until) {
        char from[11] = "", to[11] = "";
        int y, m, d;
        if (r->has_since) {
            defcon_date_from_day(r->since_day, &y, &m, &d);
            snprintf(from, sizeof from, "%04d-%02d-%02d", y, m, d);
        }
        if (r->has_until) {
            defcon_date_from_day(r->until_day, &y, &m, &d);
            snprintf(to, sizeof to, "%04d-%02d-%02d", y, m, d);
        }
        rc |= defcon_buffer_printf(out, "%sdated %s%s%s%s", out->len ? "; " : "",
                                   r->has_since ? "from " : "", from,
                                   r->has_until ? (r->has_since ? " until " : "until ") : "", to);
    }
    if (r->level > 0)
        rc |= defcon_buffer_printf(out, "%sassessing DEFCON %d", out->len ? "; " : "", r->level);
    return rc ? -1 : 0;
}

/* The year of a day number. */
static int year_of(long day)
{
    int y, m, d;

    defcon_date_from_day(day, &y, &m, &d);
    return y;
}

void defcon_filters_widened(const defcon_search_request *request, char *out, size_t size)
{
    const defcon_search_request *r = request;
    int since = r->has_since ? year_of(r->since_day) : 0;
    int until = r->has_until ? year_of(r->until_day) : 0;

    if (r->has_since && r->has_until && since == until)
        snprintf(out, size, "--year %04d", since);
    else if (r->has_since && r->has_until)
        snprintf(out, size, "--since %04d --until %04d", since, until);
    else if (r->has_since)
        snprintf(out, size, "--since %04d", since);
    else if (r->has_until)
        snprintf(out, size, "--until %04d", until);
    else if (size > 0)
        out[0] = '\0';
}

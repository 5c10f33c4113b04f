/*
 * filters.h - a search's filters said in words, for the footer of the
 * text results and for --explain: "country Russia (RU) with its
 * predecessors Soviet Union (--exact-countries to leave them out); dated
 * from 1987-01-01 until 1987-12-31".
 */
#ifndef DEFCON_FILTERS_H
#define DEFCON_FILTERS_H

#include "buffer.h"
#include "search.h"

/* Appends the description of the request's country and date filters to
 * `out`, "; "-separated (also from what `out` already holds); nothing
 * when there are none. Returns 0, or -1 when memory runs out. */
int defcon_filters_describe(const defcon_search_request *request, defcon_buffer *out);

/* The date options that take in whole years the request's date range
 * reaches into ("--year 1987", "--since 1987 --until 1988"): an article
 * dated only by month or year that the range cuts through falls inside
 * them (search.h, defcon_search_count_imprecise). Writes "" when the
 * request has no date filter. */
void defcon_filters_widened(const defcon_search_request *request, char *out, size_t size);

#endif

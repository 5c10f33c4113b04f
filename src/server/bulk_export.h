/*
 * bulk_export.h - the index handed to another engine: every article as
 * JSON, for OpenSearch or Elasticsearch (bulk NDJSON plus an index
 * mapping) or for any tool that reads JSON Lines.
 *
 * One document per article:
 *   id, path, title, body, source, url  strings (source, url: null if absent)
 *   topics          array of strings
 *   date            as stored ("1987", "1987-03", "1987-03-26") or null
 *   date_precision  "year", "month", "day" or null
 *   date_range      {"gte": first day, "lte": last day} of the period the
 *                   date stands for (absent when undated)
 *   sort_date       the period's first day (absent when undated)
 *   countries       codes the article is about, most prominent first
 *   mentions        [{"code", "count"}]: every country named
 * The mapping analyses title and body as our tokenizer does (Unicode
 * words, lower case, accents folded, Snowball English stems), keeps codes,
 * source, topics and ids as keywords, and records the title's weight for
 * queries in its _meta (a mapping cannot weight a field at query time).
 */
#ifndef DEFCON_BULK_EXPORT_H
#define DEFCON_BULK_EXPORT_H

#include <stdio.h>

#include "database.h"

typedef enum defcon_export_format {
    DEFCON_EXPORT_OPENSEARCH = 0,   /* bulk API: an action line before each document */
    DEFCON_EXPORT_NDJSON            /* one document a line */
} defcon_export_format;

/* Writes every article of `db` to `out` in `format`; `index_name` names
 * the index in the bulk actions. Returns how many were written, or -1
 * with the reason in error[size]. */
long defcon_export_articles(defcon_db *db, defcon_export_format format, const char *index_name,
                            FILE *out, char *error, size_t size);

/* Writes the index's settings and mapping as one JSON object (the body
 * of PUT /INDEX). Returns 0, or -1 when writing failed. */
int defcon_export_mapping(FILE *out);

#endif

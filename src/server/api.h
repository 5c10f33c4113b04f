/*
 * api.h - the JSON API of `defcon-search serve`, under /api/.
 *
 * Each answer is one JSON object with "version" (the program's) and
 * "format_version" (output.h's DEFCON_JSON_FORMAT_VERSION), and:
 *   /api/search    "total", "offset", "limit", "hits": the objects
 *                  `defcon-search --json` prints, one per hit, and
 *                  "suggestions" ({"word", "suggestion"}) when none match
 *   /api/count     "total", "undated_left_out"
 *   /api/timeline  "by", "periods" (the objects of --by --json), "coarse",
 *                  "first", "last"
 *   /api/facets    "facets": the objects of --facets --json
 *   /api/article   "article": id, path, title, date, source, url,
 *                  "countries" (codes), body
 * They take the search page's parameters (request_params.h). An error is
 * {"version", "status", "error"} with the HTTP status.
 */
#ifndef DEFCON_API_H
#define DEFCON_API_H

#include "web.h"

int defcon_api_search(defcon_web_context *context, defcon_web_reply *reply);
int defcon_api_count(defcon_web_context *context, defcon_web_reply *reply);
int defcon_api_timeline(defcon_web_context *context, defcon_web_reply *reply);
int defcon_api_facets(defcon_web_context *context, defcon_web_reply *reply);
int defcon_api_article(defcon_web_context *context, defcon_web_reply *reply);

/* Fills `reply` with the JSON error {"version", "status", "error"}.
 * Returns 0 or -1. */
int defcon_api_error(defcon_web_reply *reply, int status, const char *message,
                     const char *version);

#endif

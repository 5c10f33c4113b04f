/*
 * download.h - every matching article as a file: CSV or JSON Lines,
 * streamed (GET /export.csv, /export.jsonl).
 *
 * The rows are those of `defcon-search --csv` and `--json`, written by
 * output.h's printers. The search runs in pages of DEFCON_DOWNLOAD_PAGE
 * hits on the connection the server lent for the whole download, so all
 * the pages see the same index, and memory stays bounded however many
 * articles match (up to DEFCON_DOWNLOAD_MAX).
 */
#ifndef DEFCON_DOWNLOAD_H
#define DEFCON_DOWNLOAD_H

#include "web.h"

#define DEFCON_DOWNLOAD_PAGE 500
#define DEFCON_DOWNLOAD_MAX 1000000L

/* Sets up the streamed reply (CSV when `csv`, else JSON Lines). A query
 * that cannot be understood gets a plain-text 400 reply. Returns 0, or -1
 * (context->error set). */
int defcon_download_start(defcon_web_context *context, defcon_web_reply *reply, int csv);

int defcon_download_csv(defcon_web_context *context, defcon_web_reply *reply);
int defcon_download_jsonl(defcon_web_context *context, defcon_web_reply *reply);

#endif

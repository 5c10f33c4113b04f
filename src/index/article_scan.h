/*
 * article_scan.h - every stored article, one after another, for exports.
 *
 * Reads the articles table in rowid order (newest first, database.h) on
 * the caller's connection: one statement, one row in memory at a time.
 */
#ifndef DEFCON_ARTICLE_SCAN_H
#define DEFCON_ARTICLE_SCAN_H

#include "database.h"

/* One stored article. Strings are borrowed for the callback; optional
 * ones are NULL when absent. */
typedef struct defcon_stored_article {
    long long rowid;
    const char *id, *path, *title, *body;
    const char *date;                /* "1987", "1987-03", "1987-03-26"; NULL: undated */
    long first_day, last_day;        /* the period of the date (date.h); only when dated */
    const char *source, *url;
    const char *topics;              /* ", " separated, as the front matter listed them */
    const char *countries;           /* codes it is about, most prominent first, "," separated */
    const char *mentions;            /* "KP:5,IR:4": every country named, with its count */
} defcon_stored_article;

/* Returns 0 to go on, non-zero to stop. */
typedef int (*defcon_article_scan_fn)(void *context, const defcon_stored_article *article);

/* Calls `callback` for every article. Returns how many were handed over
 * (a callback's stop ends the scan early), or -1 on failure with the
 * message in the db handle. */
long defcon_articles_scan(defcon_db *db, defcon_article_scan_fn callback, void *context);

#endif

/*
 * archive_file.h - one archive file of any kind to its articles.
 *
 * Most files are one article: Markdown, text captures (article.h) and
 * saved HTML pages (html_article.h). Others hold many: feeds and
 * WordPress exports (.xml, told by their content: feed.h; each published
 * item an article), and web archives (.warc, .warc.gz: warc.h; .wacz:
 * wacz.h; each HTML response or resource record an article, revisits
 * resolved to the capture they repeat when it is in the same archive).
 * Every article goes to the caller's sink as it is made, so a web
 * archive is never held in memory whole; what is left out on purpose
 * (records of other types, pages that are listings rather than articles,
 * revisits of captures the archive lacks) goes to the sink's skip
 * function with a kind to count it by.
 *
 * Each article of a file that holds many has a member number, unique in
 * the file (a WARC record's offset, a feed item's number), and a key
 * that every capture of the same article shares (page_url.h: from its
 * canonical URL, else its og:url, else the address it was captured
 * from: a WARC record's target URI, the "saved from" address a browser
 * writes into a saved page; a feed item's link, else its id); web
 * captures also have their capture URL, date and record id. A web capture's id is its canonical
 * URL, a feed item's its guid or link. A capture's article date comes
 * from the page (metadata, then the URL), never from the crawl.
 */
#ifndef DEFCON_ARCHIVE_FILE_H
#define DEFCON_ARCHIVE_FILE_H

#include <stddef.h>

#include "article.h"

typedef struct defcon_archive_sink {
    /* Receives an article and takes over its fields (the caller's copy is
     * zeroed after the call). Returns 0, or -1 to stop (memory). */
    int (*article)(void *context, defcon_article *article);
    /* `count` things left out on purpose: `kind` to count them by
     * ("pages that are not articles"), `detail` why (names the record or
     * item). */
    void (*skip)(void *context, const char *kind, const char *detail, long count);
    /* Damage in part of the file; the rest is read. */
    void (*warning)(void *context, const char *message);
    void *context;
} defcon_archive_sink;

/* Whether files of `kind` are read from their path as a stream (web
 * archives) rather than from their bytes in memory. */
int defcon_archive_kind_streams(defcon_article_kind kind);

/* Reads the articles of a file held in memory: the `len` bytes of
 * `data`, read from `relative_path` (its kind and, for Markdown, its
 * folder date) and modified at `mtime_seconds` (the capture time of what
 * has no other). Returns 0 (with any number of articles sent),
 * DEFCON_ARTICLE_NOTHING for an empty file, or -1 with the reason in
 * error[error_size] when the file cannot be read at all. */
int defcon_archive_parse_memory(const char *relative_path, const char *data, size_t len,
                                long long mtime_seconds, const defcon_archive_sink *sink,
                                char *error, size_t error_size);

/* Reads the articles of a web archive at `full_path` as a stream.
 * Returns 0, or -1 with the reason in error[error_size] when nothing
 * can be read (not a WARC, not a ZIP, a zip bomb refused). */
int defcon_archive_parse_path(const char *full_path, const char *relative_path,
                              long long mtime_seconds, const defcon_archive_sink *sink,
                              char *error, size_t error_size);

/* A web page found in a file, with where and when it was captured. */
typedef struct defcon_archive_page {
    const char *bytes;
    size_t len;
    const char *charset;        /* declared by HTTP, or NULL */
    const char *capture_url;    /* WARC target, a saved page's "saved from", or NULL */
    const char *capture_date;   /* WARC date, or NULL */
    const char *record_id;      /* WARC record id, or NULL */
    int has_member;
    long long member;
    long long captured;         /* seconds since 1970 */
} defcon_archive_page;

/* Makes a page an article and sends it, or counts it as a skip when it
 * is not an article (html_article.h's reasons, or a listing's URL).
 * Returns 0; 1 when the page cannot be read (too large, not HTML: the
 * reason in error, the rest of an archive can go on); -1 when memory
 * runs out. */
int defcon_archive_send_page(const defcon_archive_page *page, const defcon_archive_sink *sink,
                             char *error, size_t error_size);

/* Seconds since 1970 of a WARC date ("2019-04-29T10:00:00Z", fractions
 * and a missing time allowed), or -1 when it is not one. */
long long defcon_archive_capture_seconds(const char *warc_date);

#endif

/*
 * article.h - one archive file turned into an article.
 *
 * The archive holds two kinds of file:
 *  - Markdown (.md, .markdown) with optional YAML front matter; the text
 *    comes from the cmark tree (markdown.h), the metadata from the front
 *    matter (frontmatter.h);
 *  - plain-text page captures (.txt) of the DEFCON site: the site's header
 *    and footer are dropped, the headline is the title and a "Read more
 *    at X" line names the source (capture.h).
 * Whatever the kind, the result is the same: a title, metadata and a body
 * of plain text whose blocks (paragraphs, headings, list items, ...) are
 * separated by one blank line ("\n\n"), so that the first block is the
 * lead paragraph.
 *
 * The title of a Markdown file is its front matter "title", else its
 * first heading, else "". A heading that opens the document is left out
 * of the body when it is the title (or repeats the front matter title);
 * any other heading stays in the body.
 *
 * What bad input gives (every reason names no file; the caller adds it):
 *  - errors, the file is skipped: an empty file or one of whitespace only
 *    ("empty file"); NUL bytes, or many control bytes early on ("binary
 *    file (NUL byte at offset 12)"); front matter that never ends, that
 *    is not YAML (the reason quotes libyaml and the line) or that is not
 *    a mapping of keys to values;
 *  - warnings, the article is kept: ill-formed UTF-8 or UTF-16 (repaired
 *    with U+FFFD); a date that is impossible, out of range or not a date
 *    (the article is then undated: the folders are not used instead); a
 *    known front matter key whose value is a list, a mapping or a YAML
 *    alias where a text is wanted (the value is ignored);
 *  - handled silently: a UTF-8 byte order mark (dropped), UTF-16 with a
 *    byte order mark (converted), CRLF or CR line endings, YAML aliases in
 *    keys we do not use (never expanded, so alias bombs cost nothing),
 *    nesting of any depth, files of any size (linear time).
 */
#ifndef DEFCON_ARTICLE_H
#define DEFCON_ARTICLE_H

#include <stddef.h>

#include "date.h"

typedef enum defcon_article_kind {
    DEFCON_ARTICLE_NONE = 0,   /* not an archive file: skip it silently */
    DEFCON_ARTICLE_MARKDOWN,
    DEFCON_ARTICLE_CAPTURE,
    DEFCON_ARTICLE_HTML,       /* .html, .htm: one saved page (archive_file.h) */
    DEFCON_ARTICLE_FEED,       /* .xml: a feed or WordPress export, told by
                                  its content (archive_file.h) */
    DEFCON_ARTICLE_WARC,       /* .warc, .warc.gz (archive_file.h) */
    DEFCON_ARTICLE_WACZ        /* .wacz (archive_file.h) */
} defcon_article_kind;

/* All strings are owned by the article, NUL-terminated, valid UTF-8, and
 * freed by defcon_article_clear(). Optional fields are NULL when absent. */
typedef struct defcon_article {
    char *id;          /* front matter "id", or NULL */
    char *title;       /* never NULL after a successful parse; may be "" */
    char *source;      /* front matter "source" or the capture's "Read more at" */
    char *url;
    char *topics;      /* "topics"/"tags", joined with ", " */
    char *dateline;    /* front matter "dateline": where the story was
                          filed, "PEKING, March 9" */
    char *date_text;   /* the date as written in the file, or NULL */
    defcon_date date;  /* parsed date; from the folder path when the file has none */
    char *html;        /* HTML pages (also in web archives): the same main
                          content as minimal safe HTML (html_page.h), for
                          `show --html`; NULL for other kinds */
    char *body;        /* plain text, blocks separated by "\n\n"; no
                          control characters (C0, DEL, C1) but newline
                          and tab */
    size_t body_len;
    /* Articles of a file that holds many (archive_file.h), and web
     * captures. */
    int has_member;    /* 1 when the file holds many articles */
    long long member;  /* then: which one (a WARC record's offset, a
                          feed item's number), unique within the file */
    char *capture_url; /* the WARC record's target URI; a saved page's
                          "saved from" address (page_url.h) */
    char *capture_date;/* the WARC record's date, as written */
    char *record_id;   /* the WARC record's id */
    long long captured;/* when it was captured, seconds since 1970: the
                          WARC date, else the file's modification time;
                          of two captures of one article the later wins */
    char *key;         /* what captures of one article share (the
                          canonical URL's key, page_url.h), NULL for
                          files that are their own article */
    char *warnings;    /* non-fatal problems, "; "-separated, or NULL:
                          e.g. "date \"1987-02-30\" is impossible: kept as undated" */
} defcon_article;

/* Returns the kind of file `path` names, from its extension. */
defcon_article_kind defcon_article_kind_of(const char *path);

/* Parses the `len` bytes of `data` (the whole file; need not be
 * NUL-terminated) read from `relative_path` (relative to the archive
 * root, used for the kind and for a date from the folders).
 * On success returns 0 and fills *out (which the caller clears later).
 * A file with nothing in it (empty, or only white space) returns
 * DEFCON_ARTICLE_NOTHING with *out cleared and "empty file" in `error`:
 * nothing to index, but nothing wrong either.
 * On failure returns -1, leaves *out cleared, and writes a reason (no file
 * name: the caller adds it) into error[error_size], e.g. "binary file
 * (NUL byte at offset 12)" or "front matter never ends (opened on line 1)".
 * Never prints; thread-safe (no shared state). */
#define DEFCON_ARTICLE_NOTHING 1

int defcon_article_parse(const char *relative_path, const char *data, size_t len,
                         defcon_article *out, char *error, size_t error_size);

/* Frees every field and zeroes the article. Accepts NULL. */
void defcon_article_clear(defcon_article *article);

#endif

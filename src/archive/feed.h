/*
 * feed.h - news feeds and blog exports as archives: RSS 2.0 (and RSS 1.0
 * RDF), Atom, and WordPress WXR exports, recognised by their content (the
 * root element and its namespaces), never by the file's name.
 *
 * The file is read as a stream with libxml2's reader, one item in memory
 * at a time, and each item or entry is handed to a callback with its
 * title, link, date, id, author, categories, tags and content as HTML.
 * Of a WXR export only published posts are items (wp:status "publish",
 * wp:post_type "post"); pages, attachments, menu items and drafts are
 * counted as skipped. A WXR item's content is the post as WordPress
 * stores it: paragraphs are often blank-line separated text rather than
 * <p> elements (WordPress adds those when it renders a page), with block
 * editor comments (<!-- wp:paragraph -->) between them.
 *
 * Safety: no entity is ever substituted, no DTD is loaded, nothing is
 * fetched from the network; a document that declares its own entities
 * (an internal DTD subset with <!ENTITY>) is refused whole, as are the
 * entity loops libxml2 detects (the "billion laughs"), with a message.
 */
#ifndef DEFCON_FEED_H
#define DEFCON_FEED_H

#include <stddef.h>

typedef enum defcon_feed_kind {
    DEFCON_FEED_NONE,       /* not a feed */
    DEFCON_FEED_RSS,        /* RSS 0.9x / 2.0: <rss><channel><item> */
    DEFCON_FEED_RDF,        /* RSS 1.0: <rdf:RDF><item> */
    DEFCON_FEED_ATOM,       /* Atom: <feed><entry> */
    DEFCON_FEED_WXR         /* WordPress export: RSS with the wp: namespace */
} defcon_feed_kind;

/* One item. Strings are NUL-terminated UTF-8, borrowed for the duration
 * of the callback; NULL when the item does not have them. */
typedef struct defcon_feed_item {
    const char *title;         /* text, spaces as in the feed */
    const char *link;          /* RSS <link>; Atom rel="alternate" (or no rel) href */
    const char *date;          /* as found, see date_field */
    const char *date_field;    /* "wp:post_date_gmt", "pubDate", "dc:date",
                                * "published", "updated", "wp:post_date" */
    const char *id;            /* RSS <guid>, Atom <id> */
    const char *author;        /* dc:creator, <author> (RSS), Atom author/name */
    const char *content;       /* HTML: content:encoded, else description;
                                * Atom content, else summary (text made HTML) */
    size_t content_len;
    const char *const *categories;   /* RSS <category> (WXR: domain "category"),
                                      * Atom category term or label */
    size_t category_count;
    const char *const *tags;   /* WXR categories of domain "post_tag" */
    size_t tag_count;
    size_t number;             /* 1 for the feed's first item, counting all */
} defcon_feed_item;

/* Called for each item; returns 0 to go on, anything else to stop. */
typedef int (*defcon_feed_item_fn)(void *context, const defcon_feed_item *item);

typedef struct defcon_feed_summary {
    defcon_feed_kind kind;
    char title[256];               /* the channel's or feed's own title */
    char link[512];                /* and link (the site) */
    size_t items;                  /* handed to the callback */
    size_t skipped_not_post;       /* WXR: pages, attachments, menu items... */
    size_t skipped_not_published;  /* WXR: drafts, private, pending, trash */
} defcon_feed_summary;

/* Initialises libxml2. Call it once from the main thread before threads
 * use this module (libxml2's own first-time set-up is not thread-safe);
 * calling it again does nothing. The functions below call it too, which
 * is enough for a program with one thread. */
void defcon_feed_global_init(void);

/* Tells from the first bytes of a file (a few KB are enough) whether it
 * is a feed and which kind. Never reads more than `len` bytes. */
defcon_feed_kind defcon_feed_sniff(const char *data, size_t len);

/* Reads a feed from memory (`name` for messages) or from a file, calling
 * `item_fn` for each item. Returns 0 when read to the end, 1 when the
 * callback stopped it, or -1 with the reason in error[error_size] ("NAME:
 * line N: ..."): not a feed, not well-formed XML, entities refused. Items
 * before an error have been delivered; *summary is filled either way. */
int defcon_feed_parse_memory(const char *data, size_t len, const char *name,
                             defcon_feed_item_fn item_fn, void *context,
                             defcon_feed_summary *summary, char *error, size_t error_size);
int defcon_feed_parse_file(const char *path, defcon_feed_item_fn item_fn, void *context,
                           defcon_feed_summary *summary, char *error, size_t error_size);

/* "RSS", "Atom", "WordPress export"...; a static string. */
const char *defcon_feed_kind_name(defcon_feed_kind kind);

#endif

/*
 * html_page.h - one HTML page (bytes as saved or crawled) to an article.
 *
 * defcon_html_page_parse() decodes the page (byte order mark, the caller's
 * charset hint, <meta charset>, else UTF-8 when valid and Windows-1252 when
 * not), takes out what no reader here looks at (html_prune.h: scripts,
 * styles, unread attributes), parses it with libxml2's HTML parser (no
 * network access), reads the
 * metadata (title, publication date, source, canonical URL), finds the main
 * text (the page's own structure first, block scoring otherwise: see
 * html_text.h) and tells article pages from listings (tag, category,
 * author and date archives, /page/N/, search results, the home page).
 *
 * Every string it returns is valid UTF-8 without control characters other
 * than "\n" (and only the body and the HTML hold newlines). The module
 * keeps no state: pages can be parsed from any number of threads at once.
 */
#ifndef DEFCON_HTML_PAGE_H
#define DEFCON_HTML_PAGE_H

#include <stddef.h>

/* Pages above this size are refused with a message: libxml2 would hold
 * several times the page in memory, and no news article is that large. */
#define DEFCON_HTML_PAGE_MAX_BYTES ((size_t)32 * 1024 * 1024)

/* Elements nested deeper than this are left out of the text (libxml2
 * itself builds trees of any depth; the tree walks here are iterative). */
#define DEFCON_HTML_PAGE_MAX_DEPTH 256

typedef struct defcon_html_page {
    /* og:title (less a "| Site Name" suffix naming og:site_name), JSON-LD
     * headline, the page's only <h1>, then <title> less the site's suffix
     * ("... | Site Name", "... - Section"); "" when the page has none. */
    char *title;
    /* The publication date as the page writes it: article:published_time,
     * JSON-LD datePublished, <time datetime>, other date meta tags, then
     * the URL's /YYYY/MM/DD/. Never a crawl date. NULL when none. */
    char *date;
    /* X of a "Read more at X" paragraph, else og:site_name; NULL when none. */
    char *source;
    /* <link rel=canonical>, else og:url, else the url given; NULL when none. */
    char *url;
    /* The main text: paragraphs, headings, list items and quotes separated
     * by "\n\n"; "" when none was found. */
    char *body;
    /* The same main content as minimal safe HTML: p, h2-h4, ul/ol/li,
     * blockquote, pre, em/strong and a with an http(s) href only. */
    char *html;
    /* 1 for an article; 0 for a listing, with the reason below. */
    int is_article;
    /* Why the page is not an article (one line); NULL for an article. */
    char *not_article_reason;
} defcon_html_page;

/* Parses `length` bytes of HTML into *out. `charset_hint` is the charset
 * of an HTTP Content-Type header or similar (NULL when unknown); it loses
 * only to a byte order mark. `url` is the address the page was read from
 * (NULL when unknown): it helps with the date, the canonical URL and
 * telling listings from articles. Returns 0 on success, the strings of
 * *out owned by it until defcon_html_page_clear(). Returns -1 with a
 * message in `error` (when error_size > 0) naming the problem for a page
 * over DEFCON_HTML_PAGE_MAX_BYTES, a page libxml2 cannot parse at all, or
 * memory running out; *out is then left cleared. */
int defcon_html_page_parse(const char *bytes, size_t length, const char *charset_hint,
                           const char *url, defcon_html_page *out, char *error,
                           size_t error_size);

/* Frees what defcon_html_page_parse() put in *page and zeroes it. Accepts
 * NULL and a page already cleared. */
void defcon_html_page_clear(defcon_html_page *page);

#endif

/*
 * html_page.c - one HTML page to an article (see html_page.h).
 *
 * The steps: decode to UTF-8 (html_charset.c), take out what no reader
 * looks at (html_prune.c), parse with libxml2's HTML parser (recovering
 * from errors, never touching the network, the encoding forced to the
 * UTF-8 we hand it), read the metadata
 * (html_meta.c), find the main text (html_text.c), then choose title,
 * date, source and URL by the priorities of html_page.h and tell listings
 * from articles by the URL and the page's structure.
 */
#include "html_page.h"

#include <libxml/HTMLparser.h>
#include <libxml/uri.h>
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buffer.h"
#include "html_charset.h"
#include "html_meta.h"
#include "html_prune.h"
#include "html_text.h"
#include "html_walk.h"
#include "text.h"

static void set_error(char *error, size_t error_size, const char *message)
{
    if (error && error_size > 0)
        snprintf(error, error_size, "%s", message);
}

/* Returns a copy of `text` or NULL (for NULL, or when memory runs out:
 * *failed is then set). */
static char *copy_or_null(const char *text, int *failed)
{
    char *copy;

    if (!text)
        return NULL;
    copy = defcon_text_line_dup(text, strlen(text));
    if (!copy)
        *failed = 1;
    return copy;
}

/* Makes *field one line without C1 control characters (U+0080 to
 * U+009F), which defcon_text_line_dup() leaves alone. Returns 1 when
 * memory runs out. */
static int clean_line(char **field)
{
    char *p, *clean;

    if (!*field)
        return 0;
    for (p = *field; *p; p++)
        if (p[0] == '\xC2' && (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] < 0xA0)
            p[0] = p[1] = ' ';
    clean = defcon_text_line_dup(*field, strlen(*field));
    free(*field);
    *field = clean;
    return clean == NULL;
}

static const char *const title_separators[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                               " :: ", " \xC2\xB7 ", " \xC2\xBB ", " / ", NULL};

static size_t count_words(const char *text, size_t len)
{
    size_t words = 0, i;
    int in_word = 0;

    for (i = 0; i < len; i++) {
        int space = text[i] == ' ';

        words += !space && !in_word;
        in_word = !space;
    }
    return words;
}

/* The title less a site suffix ("Title | Site"): the part after the last
 * separator goes when it is the site's name, or (unless only_site_name,
 * for og:title, which sites mean as the headline) a short phrase after a
 * longer title. Returns a new string (NULL when memory runs out). */
static char *strip_site_suffix(const char *title, const char *site_name, int only_site_name)
{
    const char *const *sep;
    const char *best = NULL;
    size_t best_len = 0;

    for (sep = title_separators; *sep; sep++) {
        const char *p = title, *found = NULL;

        while ((p = strstr(p, *sep)) != NULL) {
            found = p;
            p += strlen(*sep);
        }
        if (found && found > best) {
            best = found;
            best_len = strlen(*sep);
        }
    }
    if (best) {
        const char *suffix = best + best_len;
        size_t head = (size_t)(best - title), suffix_words = count_words(suffix, strlen(suffix));

        if ((site_name && strcasecmp(suffix, site_name) == 0)
            || (!only_site_name && suffix_words <= 4 && count_words(title, head) > suffix_words))
            return defcon_text_line_dup(title, head);
    }
    return defcon_text_line_dup(title, strlen(title));
}

static char *choose_title(const defcon_html_meta *meta)
{
    xmlNodePtr h1 = NULL;
    defcon_buffer heading = DEFCON_BUFFER_INIT;
    char *title = NULL;

    if (meta->og_title)
        return strip_site_suffix(meta->og_title, meta->og_site_name, 1);
    if (meta->ld_headline)
        return strdup(meta->ld_headline);
    if (meta->h1_count == 1)
        h1 = meta->first_h1;
    if (h1 && defcon_html_text_of(h1, &heading) == 0 && heading.len > 0) {
        title = defcon_buffer_detach(&heading);
        defcon_buffer_free(&heading);
        return title;
    }
    defcon_buffer_free(&heading);
    return strip_site_suffix(meta->title ? meta->title : "", meta->og_site_name, 0);
}

/* The date in a URL path: /YYYY/MM/DD/ or /YYYY/MM/, as "YYYY-MM-DD" or
 * "YYYY-MM". Returns 1 when found. */
static int url_date(const char *url, char out[11])
{
    const char *p;

    for (p = url ? strchr(url, '/') : NULL; p && *p; p = strchr(p + 1, '/')) {
        int year, month, day, used = 0;

        if (sscanf(p, "/%4d/%2d/%n", &year, &month, &used) == 2 && used == 9
            && year >= 1900 && year <= 2100 && month >= 1 && month <= 12) {
            int used_day = 0;

            if (sscanf(p + used, "%2d/%n", &day, &used_day) == 1 && used_day == 3 && day >= 1
                && day <= 31)
                snprintf(out, 11, "%04d-%02d-%02d", year, month, day);
            else
                snprintf(out, 11, "%04d-%02d", year, month);
            return 1;
        }
    }
    return 0;
}

/* 1 when `text` holds a year from 1900 to 2100 as four digits: pages
 * put placeholders such as "0001-01-01T00:00:00Z" in their date tags. */
static int plausible_date(const char *text)
{
    const char *p;

    for (p = text; p && *p; p++) {
        if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1])
            && isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3])
            && !isdigit((unsigned char)p[4]) && (p == text || !isdigit((unsigned char)p[-1]))) {
            int year = atoi(p);

            if (year >= 1900 && year <= 2100)
                return 1;
        }
    }
    return 0;
}

static char *choose_date(const defcon_html_meta *meta, const char *url, int *failed)
{
    const char *candidates[4] = {meta->published, meta->ld_date, meta->time_datetime,
                                 meta->other_date};
    char from_url[11];
    int i;

    for (i = 0; i < 4; i++)
        if (plausible_date(candidates[i]))
            return copy_or_null(candidates[i], failed);
    if (url_date(url, from_url))
        return copy_or_null(from_url, failed);
    return NULL;
}

/* X of a "Read more at X" paragraph of the body, else og:site_name. */
static char *choose_source(const char *body, const defcon_html_meta *meta, int *failed)
{
    static const char read_more[] = "Read more at ";
    const char *p = body;

    while (p && *p) {
        const char *end = strstr(p, "\n\n");
        size_t len = end ? (size_t)(end - p) : strlen(p);

        if (len > sizeof read_more - 1 && strncasecmp(p, read_more, sizeof read_more - 1) == 0) {
            const char *start = p + sizeof read_more - 1;
            size_t n = len - (sizeof read_more - 1);
            char *source;

            if (n > 1 && start[n - 1] == '.')
                n--;
            if ((source = defcon_text_line_dup(start, n)) == NULL)
                *failed = 1;
            return source;
        }
        p = end ? end + 2 : NULL;
    }
    return copy_or_null(meta->og_site_name, failed);
}

static char *choose_url(const defcon_html_meta *meta, const char *url, int *failed)
{
    const char *found = meta->canonical ? meta->canonical : meta->og_url ? meta->og_url : url;
    xmlChar *absolute;
    char *copy;

    if (!found)
        return NULL;
    if (!url || found == url)
        return copy_or_null(found, failed);
    absolute = xmlBuildURI((const xmlChar *)found, (const xmlChar *)url);
    copy = copy_or_null(absolute ? (const char *)absolute : found, failed);
    xmlFree(absolute);
    return copy;
}

/* Segments of a URL path that name a listing of many articles when only
 * one or two more segments follow (/tag/nuclear/, /category/world/asia/). */
static const char *const listing_segments[] = {
    "tag", "tags", "category", "categories", "author", "authors", "topic", "topics",
    "label", "archive", "archives", NULL};

static int all_digits(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return n > 0;
}

/* Splits the path of `url` into at most 16 segments; returns how many.
 * *query points at what follows '?' (or NULL). */
static int path_segments(const char *url, const char *starts[16], size_t lengths[16],
                         const char **query)
{
    const char *p = strstr(url, "://"), *end;
    int count = 0;

    p = p ? strchr(p + 3, '/') : (url[0] == '/' ? url : NULL);
    *query = strchr(url, '?');
    if (*query)
        (*query)++;
    if (!p)
        return 0;
    end = p + strcspn(p, "?#");
    while (p < end && count < 16) {
        size_t n;

        while (p < end && *p == '/')
            p++;
        n = strcspn(p, "/?#");
        if (p + n > end)
            n = (size_t)(end - p);
        if (n > 0) {
            starts[count] = p;
            lengths[count++] = n;
        }
        p += n;
    }
    return count;
}

static int segment_is(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

static const char *listing_by_url(const char *url)
{
    const char *starts[16], *query;
    size_t lengths[16];
    int count, i, dates = 0;
    const char *const *word;

    if (!url)
        return NULL;
    count = path_segments(url, starts, lengths, &query);
    if (query && (strncmp(query, "s=", 2) == 0 || strstr(query, "&s=")))
        return "the URL is a search (?s=)";
    for (i = 0; i < count; i++) {
        if (segment_is(starts[i], lengths[i], "page") && i + 1 < count
            && all_digits(starts[i + 1], lengths[i + 1]))
            return "the URL is a page of a listing (/page/N/)";
        if (segment_is(starts[i], lengths[i], "search"))
            return "the URL is a search (/search/)";
        for (word = listing_segments; *word; word++)
            if (segment_is(starts[i], lengths[i], *word) && count - i >= 2 && count - i <= 3)
                return "the URL is a tag, category, author or archive listing";
        dates += all_digits(starts[i], lengths[i]) && lengths[i] <= 4;
    }
    if (count > 0 && dates == count && count <= 3 && lengths[0] == 4)
        return "the URL is a date archive (/YYYY/MM/)";
    if ((count == 0 || (count == 1 && strncasecmp(starts[0], "index.", 6) == 0))
        && (!query || !*query))
        return "the URL is the site's home page";
    return NULL;
}

/* WordPress names the kind of page in <body class>. */
static const char *listing_by_body_class(const char *classes)
{
    static const char *const listing_classes[] = {
        "archive", "category", "tag", "author", "date", "search", "search-results", "paged",
        "blog", "home", NULL};
    const char *p = classes;
    int listing = 0;

    while (p && *p) {
        size_t n;
        const char *const *c;

        p += strspn(p, " \t\n");
        n = strcspn(p, " \t\n");
        if (segment_is(p, n, "single") || (n > 7 && strncmp(p, "postid-", 7) == 0))
            return NULL;
        for (c = listing_classes; *c; c++)
            listing |= segment_is(p, n, *c);
        p += n;
    }
    return listing ? "the page's body class marks it as a listing (archive, home, search)"
                   : NULL;
}

static const char *not_article_reason(const defcon_html_meta *meta, const defcon_html_text *text,
                                      const char *url, const char *canonical)
{
    const char *reason = listing_by_url(url ? url : canonical);

    if (!reason)
        reason = listing_by_body_class(meta->body_class);
    if (!reason && text->item_count >= 3 && text->linked_headings >= 3 && !text->structural)
        reason = "the page lists several entries with linked headings";
    if (!reason && text->body.len == 0)
        reason = "no main text was found";
    return reason;
}

static int fill_page(defcon_html_page *out, xmlDocPtr doc, const char *url)
{
    defcon_html_meta meta;
    defcon_html_text text;
    const char *reason;
    int failed = 0;

    memset(&text, 0, sizeof text);
    if (defcon_html_meta_read(doc, &meta) != 0
        || (out->title = choose_title(&meta)) == NULL
        || defcon_html_text_extract(doc, out->title, &text) != 0) {
        defcon_html_meta_free(&meta);
        return -1;
    }
    out->date = choose_date(&meta, url, &failed);
    out->url = choose_url(&meta, url, &failed);
    out->source = choose_source(text.body.data, &meta, &failed);
    failed |= clean_line(&out->title) | clean_line(&out->date) | clean_line(&out->source)
              | clean_line(&out->url);
    reason = not_article_reason(&meta, &text, url, out->url);
    out->body = text.body.data ? defcon_buffer_detach(&text.body) : strdup("");
    out->html = text.html.data ? defcon_buffer_detach(&text.html) : strdup("");
    out->is_article = reason == NULL;
    if (reason)
        out->not_article_reason = copy_or_null(reason, &failed);
    defcon_html_text_free(&text);
    defcon_html_meta_free(&meta);
    return failed || !out->body || !out->html ? -1 : 0;
}

int defcon_html_page_parse(const char *bytes, size_t length, const char *charset_hint,
                           const char *url, defcon_html_page *out, char *error,
                           size_t error_size)
{
    static const char empty_page[] = "<html><body></body></html>";
    defcon_buffer utf8 = DEFCON_BUFFER_INIT;
    htmlDocPtr doc;
    char message[160];
    int rc;

    memset(out, 0, sizeof *out);
    if (length > DEFCON_HTML_PAGE_MAX_BYTES) {
        snprintf(message, sizeof message, "the page is %zu bytes, over the %zu MB limit for HTML "
                 "pages", length, DEFCON_HTML_PAGE_MAX_BYTES >> 20);
        set_error(error, error_size, message);
        return -1;
    }
    if (defcon_html_charset_decode(bytes ? bytes : "", bytes ? length : 0, charset_hint, &utf8,
                                   NULL, 0) != 0 || utf8.len > INT_MAX) {
        defcon_buffer_free(&utf8);
        set_error(error, error_size, "out of memory decoding the HTML page");
        return -1;
    }
    defcon_html_prune(&utf8);
    if (utf8.len == 0 && defcon_buffer_puts(&utf8, empty_page) != 0) {
        set_error(error, error_size, "out of memory decoding the HTML page");
        return -1;
    }
    doc = htmlReadMemory(utf8.data, (int)utf8.len, url, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR
                             | HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
    defcon_buffer_free(&utf8);
    if (!doc) {
        set_error(error, error_size, "libxml2 could not parse the HTML page");
        return -1;
    }
    rc = fill_page(out, doc, url);
    xmlFreeDoc(doc);
    if (rc != 0) {
        defcon_html_page_clear(out);
        set_error(error, error_size, "out of memory reading the HTML page");
    }
    return rc;
}

void defcon_html_page_clear(defcon_html_page *page)
{
    if (!page)
        return;
    free(page->title);
    free(page->date);
    free(page->source);
    free(page->url);
    free(page->body);
    free(page->html);
    free(page->not_article_reason);
    memset(page, 0, sizeof *page);
}

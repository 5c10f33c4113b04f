/*
 * page_url.c - listings, permalink dates and capture keys from a page's
 * address; see page_url.h.
 *
 * A URL is cut once into host, path segments and query (split_url), and
 * every question is asked of those parts. WordPress's address scheme is
 * the model (/tag/x/, /category/x/, /author/x/, /page/2/, /2019/04/,
 * ?s=, ?p=NNNN), which most news sites share.
 */
#include "page_url.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define MAX_SEGMENTS 32

typedef struct url_parts {
    const char *host;             /* after "scheme://", NULL when not absolute */
    size_t host_len;
    const char *segment[MAX_SEGMENTS];   /* non-empty path segments */
    size_t segment_len[MAX_SEGMENTS];
    size_t segments;
    int trailing_slash;
    int overflow;                 /* more segments than MAX_SEGMENTS */
    const char *query;            /* after '?', NULL when none */
    size_t query_len;
} url_parts;

static void split_url(const char *url, url_parts *parts)
{
    const char *p = url, *scheme_end = strstr(url, "://"), *end;

    memset(parts, 0, sizeof *parts);
    if (scheme_end && (strncasecmp(url, "http", 4) == 0)) {
        parts->host = scheme_end + 3;
        parts->host_len = strcspn(parts->host, "/?#");
        p = parts->host + parts->host_len;
    }
    end = p + strcspn(p, "?#");
    while (p < end) {
        size_t len;
        while (p < end && *p == '/')
            p++;
        len = strcspn(p, "/?#");
        if (len > 0 && parts->segments < MAX_SEGMENTS) {
            parts->segment[parts->segments] = p;
            parts->segment_len[parts->segments++] = len;
        } else if (len > 0) {
            parts->overflow = 1;
        }
        p += len;
        parts->trailing_slash = p < end || (p == end && p > url && p[-1] == '/');
    }
    if (*end == '?') {
        parts->query = end + 1;
        parts->query_len = strcspn(parts->query, "#");
    }
}

static int segment_is(const url_parts *parts, size_t i, const char *word)
{
    return parts->segment_len[i] == strlen(word)
           && strncasecmp(parts->segment[i], word, parts->segment_len[i]) == 0;
}

/* The number a segment of `digits` digits holds, or -1. */
static int segment_number(const url_parts *parts, size_t i, size_t digits)
{
    int value = 0;
    size_t k;

    if (i >= parts->segments || parts->segment_len[i] != digits)
        return -1;
    for (k = 0; k < digits; k++) {
        if (!isdigit((unsigned char)parts->segment[i][k]))
            return -1;
        value = value * 10 + (parts->segment[i][k] - '0');
    }
    return value;
}

/* Whether the query holds parameter `name` (with any value). */
static int query_has(const url_parts *parts, const char *name)
{
    const char *p = parts->query, *end = p ? p + parts->query_len : NULL;
    size_t len = strlen(name);

    while (p && p < end) {
        size_t item = strcspn(p, "&#");
        if (item > (size_t)(end - p))
            item = (size_t)(end - p);
        if (item >= len && strncasecmp(p, name, len) == 0 && (item == len || p[len] == '='))
            return 1;
        p += item + 1;
    }
    return 0;
}

/* Whether the segments from `first` on are YYYY[/MM[/DD]] and nothing
 * more: a date archive. */
static int is_date_archive(const url_parts *parts, size_t first)
{
    size_t n = parts->segments - first;

    if (n < 1 || n > 3 || segment_number(parts, first, 4) < 1900)
        return 0;
    return (n < 2 || segment_number(parts, first + 1, 2) >= 1)
           && (n < 3 || segment_number(parts, first + 2, 2) >= 1);
}

const char *defcon_page_url_listing(const char *url)
{
    url_parts parts;
    size_t i;

    if (!url)
        return NULL;
    split_url(url, &parts);
    if (query_has(&parts, "s"))
        return "search results";
    if (query_has(&parts, "cat") || query_has(&parts, "tag"))
        return "category or tag listing";
    if (query_has(&parts, "author"))
        return "author listing";
    if (query_has(&parts, "paged"))
        return "numbered listing page";
    for (i = 0; i < parts.segments; i++) {
        if (segment_is(&parts, i, "tag"))
            return "tag listing";
        if (segment_is(&parts, i, "category"))
            return "category listing";
        if (segment_is(&parts, i, "author"))
            return "author listing";
        if (segment_is(&parts, i, "search"))
            return "search results";
        if (segment_is(&parts, i, "page") && i + 1 < parts.segments
            && isdigit((unsigned char)parts.segment[i + 1][0]) && i + 2 == parts.segments)
            return "numbered listing page";
    }
    if (parts.host && is_date_archive(&parts, 0))
        return "date archive";
    if (parts.host && parts.segments == 0 && !query_has(&parts, "p")
        && !query_has(&parts, "page_id"))
        return "home page";
    return NULL;
}

int defcon_page_url_date(const char *url, defcon_date *out)
{
    url_parts parts;
    size_t i;

    memset(out, 0, sizeof *out);
    if (!url)
        return 0;
    split_url(url, &parts);
    for (i = 0; i < parts.segments; i++) {
        int year = segment_number(&parts, i, 4), month = segment_number(&parts, i + 1, 2);
        int day = segment_number(&parts, i + 2, 2);
        size_t slug = day >= 1 ? i + 3 : i + 2;
        if (year < DEFCON_DATE_MIN_YEAR || year > DEFCON_DATE_MAX_YEAR || month < 1
            || month > 12 || slug >= parts.segments)
            continue;
        out->year = year;
        out->month = month;
        out->day = day >= 1 && day <= 31 ? day : 0;
        out->precision = out->day ? DEFCON_DATE_DAY : DEFCON_DATE_MONTH;
        return 1;
    }
    return 0;
}

static int is_tracking_parameter(const char *p, size_t len)
{
    return (len >= 4 && strncasecmp(p, "utm_", 4) == 0)
           || (len >= 6 && strncasecmp(p, "fbclid", 6) == 0 && (len == 6 || p[6] == '='))
           || (len >= 5 && strncasecmp(p, "gclid", 5) == 0 && (len == 5 || p[5] == '='));
}

static int append_query(const url_parts *parts, defcon_buffer *out)
{
    const char *p = parts->query, *end = p + parts->query_len;
    int rc = 0, first = 1;

    while (rc == 0 && p < end) {
        size_t item = strcspn(p, "&");
        if (item > (size_t)(end - p))
            item = (size_t)(end - p);
        if (item > 0 && !is_tracking_parameter(p, item)) {
            rc = defcon_buffer_putc(out, first ? '?' : '&');
            if (rc == 0)
                rc = defcon_buffer_append(out, p, item);
            first = 0;
        }
        p += item + 1;
    }
    return rc;
}

int defcon_page_url_key(const char *url, defcon_buffer *out)
{
    url_parts parts;
    size_t i;
    int rc = 0;

    split_url(url, &parts);
    if (!parts.host || parts.overflow)
        return defcon_buffer_puts(out, url);
    if (parts.host_len > 4 && strncasecmp(parts.host, "www.", 4) == 0) {
        parts.host += 4;
        parts.host_len -= 4;
    }
    for (i = 0; rc == 0 && i < parts.host_len; i++)
        rc = defcon_buffer_putc(out, (char)tolower((unsigned char)parts.host[i]));
    for (i = 0; rc == 0 && i < parts.segments; i++) {
        rc = defcon_buffer_putc(out, '/');
        if (rc == 0)
            rc = defcon_buffer_append(out, parts.segment[i], parts.segment_len[i]);
    }
    if (rc == 0 && parts.query)
        rc = append_query(&parts, out);
    return rc;
}

/* Where `needle` first occurs in the `len` bytes of `text`, or NULL. */
static const char *find_bytes(const char *text, size_t len, const char *needle)
{
    size_t n = strlen(needle), i;

    for (i = 0; n <= len && i <= len - n; i++)
        if (text[i] == needle[0] && memcmp(text + i, needle, n) == 0)
            return text + i;
    return NULL;
}

int defcon_page_url_saved_from(const char *page, size_t len, defcon_buffer *out)
{
    static const char marker[] = "saved from url=(";
    const char *start, *end;
    size_t declared = 0, length;
    int digits = 0;

    if (len > 4096)
        len = 4096;
    start = page ? find_bytes(page, len, marker) : NULL;
    if (!start)
        return 0;
    end = page + len;
    start += sizeof marker - 1;
    while (start < end && isdigit((unsigned char)*start) && digits < 8) {
        declared = declared * 10 + (size_t)(*start++ - '0');
        digits++;
    }
    if (digits == 0 || start >= end || *start++ != ')')
        return 0;
    /* The length the browser wrote, unless the address stops before it
     * (a hand-edited comment): it never holds space or "-->". */
    for (length = 0; start + length < end && length < declared; length++)
        if (isspace((unsigned char)start[length]) || start[length] == '>')
            break;
    if (length < 8 || (strncasecmp(start, "http://", 7) != 0
                       && strncasecmp(start, "https://", 8) != 0))
        return 0;
    if (length >= 2 && start[length - 1] == '-' && start[length - 2] == '-')
        length -= 2;
    return defcon_buffer_append(out, start, length) == 0 ? 1 : -1;
}

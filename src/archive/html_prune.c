/*
 * html_prune.c - what the parser would only build to throw away, taken
 * out before it parses; see html_prune.h.
 *
 * One pass over the page with memchr() for '<': a comment is kept whole,
 * a start tag is copied with the attributes the reader asks for only,
 * an end tag as it is, and after the start tag of a <script> (not
 * JSON-LD) or <style> the bytes up to its end tag are left out. What is
 * kept is moved down over what was left out: the page shrinks in place,
 * and the writing never overtakes the reading.
 */
#include "html_prune.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* The attributes the HTML reader looks at (html_meta.c, html_text.c,
 * html_score.c, html_output.c: defcon_html_attribute()'s names). */
static const char *const kept_attributes[] = {
    "class", "id", "style", "hidden", "aria-hidden", "rel", "role", "href", "type",
    "datetime", "itemprop", "property", "content", "name", "charset", "http-equiv", NULL};

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Moves `n` bytes from `from` to `write` (at or before it); returns the
 * end of what was written. */
static char *put(char *write, const char *from, size_t n)
{
    if (write != from)
        memmove(write, from, n);
    return write + n;
}

static int kept_attribute(const char *name, size_t n)
{
    const char *const *a;

    for (a = kept_attributes; *a; a++)
        if (strlen(*a) == n && strncasecmp(name, *a, n) == 0)
            return 1;
    return 0;
}

/* The element whose start tag names `name` (`n` bytes), when its content
 * is to go: "script" or "style", else NULL. */
static const char *raw_element(const char *name, size_t n)
{
    if (n == 6 && strncasecmp(name, "script", 6) == 0)
        return "script";
    if (n == 5 && strncasecmp(name, "style", 5) == 0)
        return "style";
    return NULL;
}

/* The end of the attribute starting at `p` (a name, then '=' and a value
 * quoted or not): where the next one may start. */
static const char *attribute_end(const char *p, const char *end)
{
    while (p < end && !is_space(*p) && *p != '/' && *p != '>' && *p != '=')
        p++;
    while (p < end && is_space(*p))
        p++;
    if (p >= end || *p != '=')
        return p;
    for (p++; p < end && is_space(*p); p++)
        ;
    if (p < end && (*p == '"' || *p == '\'')) {
        const char *close = memchr(p + 1, *p, (size_t)(end - p - 1));
        return close ? close + 1 : end;
    }
    while (p < end && !is_space(*p) && *p != '>')
        p++;
    return p;
}

/* Whether the `n` bytes at `text` hold "ld+json" (any case). */
static int holds_json_ld(const char *text, size_t n)
{
    size_t i;

    for (i = 0; i + 7 <= n; i++)
        if (strncasecmp(text + i, "ld+json", 7) == 0)
            return 1;
    return 0;
}

/* Copies the start tag at `lt` to *write with the kept attributes only
 * (and its name and closing as they are). Returns just past its '>'
 * (`end` when it never closes); sets *raw to "script" or "style" when
 * the element's content is to go (a script that is not JSON-LD, a
 * style), else NULL. Everything is read before it may be overwritten. */
static const char *copy_start_tag(const char *lt, const char *end, char **write,
                                  const char **raw)
{
    const char *p = lt + 1, *from, *name;
    char *out;
    int json_ld = 0;

    while (p < end && !is_space(*p) && *p != '/' && *p != '>')
        p++;
    *raw = raw_element(lt + 1, (size_t)(p - lt - 1));
    out = put(*write, lt, (size_t)(p - lt));
    for (;;) {
        for (from = p; p < end && (is_space(*p) || *p == '/'); p++)
            ;
        if (p >= end || *p == '>') {
            p += p < end;
            out = put(out, from, (size_t)(p - from));
            break;
        }
        name = p;
        p = attribute_end(p, end);
        if (p == name)
            p++;
        if (!kept_attribute(name, strcspn(name, " \t\n\r\f/>=")))
            continue;
        if (strncasecmp(name, "type", 4) == 0 && holds_json_ld(name, (size_t)(p - name)))
            json_ld = 1;
        out = put(out, from, (size_t)(p - from));
    }
    if (*raw && (*raw)[1] == 'c' && json_ld)
        *raw = NULL;
    *write = out;
    return p;
}

/* Just past the '>' that closes the end tag at `tag`; `end` when it
 * never closes. */
static const char *end_tag_end(const char *tag, const char *end)
{
    const char *close = memchr(tag, '>', (size_t)(end - tag));

    return close ? close + 1 : end;
}

/* Where the end tag "</name" of raw text starting at `from` begins, or
 * `end`. */
static const char *raw_end(const char *from, const char *end, const char *name)
{
    size_t n = strlen(name);
    const char *p = from;

    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        if ((size_t)(end - p) > n + 1 && p[1] == '/' && strncasecmp(p + 2, name, n) == 0)
            return p;
        p++;
    }
    return end;
}

/* The construct at `lt` ('<'): a comment (kept whole), a start tag (its
 * kept attributes), an end tag (as it is) or a lone '<'. Writes what
 * stays at *write and returns where reading goes on: past the tag, or
 * past the left-out content of a script or style. */
static const char *step(const char *lt, const char *end, char **write)
{
    const char *after, *raw;

    if ((size_t)(end - lt) >= 4 && memcmp(lt, "<!--", 4) == 0) {
        const char *close = lt + 4;

        while ((close = memchr(close, '-', (size_t)(end - close))) != NULL
               && !((size_t)(end - close) >= 3 && memcmp(close, "-->", 3) == 0))
            close++;
        after = close ? close + 3 : end;
    } else if (lt + 1 < end && lt[1] == '/') {
        after = end_tag_end(lt, end);
    } else if (lt + 1 >= end || !isalpha((unsigned char)lt[1])) {
        after = lt + 1;
    } else {
        after = copy_start_tag(lt, end, write, &raw);
        return raw ? raw_end(after, end, raw) : after;
    }
    *write = put(*write, lt, (size_t)(after - lt));
    return after;
}

void defcon_html_prune(defcon_buffer *page)
{
    char *write;
    const char *read, *end;

    if (!page->data)
        return;
    write = page->data;
    read = page->data;
    end = page->data + page->len;
    while (read < end) {
        const char *lt = memchr(read, '<', (size_t)(end - read));

        if (!lt)
            lt = end;
        write = put(write, read, (size_t)(lt - read));
        read = lt < end ? step(lt, end, &write) : end;
    }
    page->len = (size_t)(write - page->data);
    page->data[page->len] = '\0';
}

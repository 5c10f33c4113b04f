/*
 * html.c - escaping for HTML and URLs; see html.h.
 */
#include "html.h"

#include <string.h>
#include <strings.h>

#include "search.h"
#include "text.h"

/* Length of the well-formed UTF-8 sequence at p (of at most `left`
 * bytes), or 0 when it is ill-formed. */
static size_t utf8_length(const unsigned char *p, size_t left)
{
    size_t n, i;

    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        n = 2;
    else if (p[0] >= 0xe0 && p[0] <= 0xef)
        n = 3;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4)
        n = 4;
    else
        return 0;
    if (n > left)
        return 0;
    for (i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0)
        || (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
        return 0;
    return n;
}

/* Appends the escaped form of the byte sequence at p; returns how many
 * bytes it used (at least 1) through *used. */
static int escape_one(defcon_buffer *out, const unsigned char *p, size_t left, size_t *used)
{
    size_t n = utf8_length(p, left);

    *used = n ? n : 1;
    if (n == 0)
        return defcon_buffer_puts(out, "\xef\xbf\xbd");
    switch (*p) {
    case '&': return defcon_buffer_puts(out, "&amp;");
    case '<': return defcon_buffer_puts(out, "&lt;");
    case '>': return defcon_buffer_puts(out, "&gt;");
    case '"': return defcon_buffer_puts(out, "&quot;");
    case '\'': return defcon_buffer_puts(out, "&#39;");
    case '\t': case '\n': return defcon_buffer_putc(out, (char)*p);
    default: break;
    }
    if (*p == (unsigned char)DEFCON_MARK_START || *p == (unsigned char)DEFCON_MARK_END)
        return 0;
    if (*p < 0x20 || *p == 0x7f)
        return defcon_buffer_putc(out, ' ');
    if (n > 1) {   /* C1 controls and bidi overrides (text.h) go too */
        size_t at = 0;
        if (defcon_text_is_unsafe(defcon_text_next_codepoint((const char *)p, n, &at)))
            return defcon_buffer_putc(out, ' ');
    }
    return defcon_buffer_append(out, (const char *)p, n);
}

int defcon_html_escape_len(defcon_buffer *out, const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t at = 0, used;
    int rc = 0;

    while (rc == 0 && at < len) {
        rc = escape_one(out, p + at, len - at, &used);
        at += used;
    }
    return rc;
}

int defcon_html_escape(defcon_buffer *out, const char *text)
{
    return text ? defcon_html_escape_len(out, text, strlen(text)) : 0;
}

int defcon_html_escape_marked(defcon_buffer *out, const char *marked)
{
    const unsigned char *p = (const unsigned char *)(marked ? marked : "");
    size_t len = strlen((const char *)p), at = 0, used;
    int rc = 0, open = 0;

    while (rc == 0 && at < len) {
        if (p[at] == (unsigned char)DEFCON_MARK_START) {
            if (!open)
                rc = defcon_buffer_puts(out, "<mark>");
            open = 1;
            at++;
        } else if (p[at] == (unsigned char)DEFCON_MARK_END) {
            if (open)
                rc = defcon_buffer_puts(out, "</mark>");
            open = 0;
            at++;
        } else {
            rc = escape_one(out, p + at, len - at, &used);
            at += used;
        }
    }
    if (rc == 0 && open)
        rc = defcon_buffer_puts(out, "</mark>");
    return rc;
}

int defcon_url_escape(defcon_buffer *out, const char *text)
{
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    int rc = 0;

    for (; rc == 0 && *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
            || *p == '-' || *p == '.' || *p == '_' || *p == '~')
            rc = defcon_buffer_putc(out, (char)*p);
        else if (*p == ' ')
            rc = defcon_buffer_putc(out, '+');
        else
            rc = defcon_buffer_printf(out, "%%%02X", *p);
    }
    return rc;
}

int defcon_url_is_web(const char *url)
{
    const char *p;

    if (!url)
        return 0;
    if (strncasecmp(url, "https://", 8) == 0)
        p = url + 8;
    else if (strncasecmp(url, "http://", 7) == 0)
        p = url + 7;
    else
        return 0;
    if (!*p || *p == '/')
        return 0;
    for (; *p; p++)
        if ((unsigned char)*p <= 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

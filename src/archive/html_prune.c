/*
 * html_prune.c - empties <script> and <style> before the page is parsed;
 * see html_prune.h.
 *
 * One pass over the page with memchr() for '<': a comment is stepped
 * over whole, a tag up to its '>' (quoted attribute values stepped over),
 * and after the start tag of a <script> (not JSON-LD) or <style> the
 * bytes up to its end tag are left out. What is kept is moved down over
 * what was left out, so the page shrinks in place.
 */
#include "html_prune.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* The element whose start tag begins at `tag` ('<'), when its content is
 * to go: "script" or "style", else NULL. */
static const char *raw_element(const char *tag, const char *end)
{
    static const char *const names[] = {"script", "style"};
    size_t i;

    for (i = 0; i < 2; i++) {
        size_t n = strlen(names[i]);

        if ((size_t)(end - tag) > n + 1 && strncasecmp(tag + 1, names[i], n) == 0
            && strchr(" \t\n\r\f/>", tag[n + 1]) != NULL && tag[n + 1] != '\0')
            return names[i];
    }
    return NULL;
}

/* Just past the '>' that closes the tag at `tag`, a value quoted after
 * '=' stepped over (it may hold '>'); `end` when the tag never closes. */
static const char *tag_end(const char *tag, const char *end)
{
    const char *p = tag + 1;
    char quote = 0, last = 0;

    for (; p < end; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
            continue;
        }
        if ((*p == '"' || *p == '\'') && last == '=')
            quote = *p;
        else if (*p == '>')
            return p + 1;
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            last = *p;
    }
    return end;
}

/* Whether the tag from `tag` to `after` declares JSON-LD. */
static int is_json_ld(const char *tag, const char *after)
{
    static const char marker[] = "ld+json";
    const char *p;

    for (p = tag; p + sizeof marker - 1 <= after; p++)
        if (strncasecmp(p, marker, sizeof marker - 1) == 0)
            return 1;
    return 0;
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

/* The construct at `lt` ('<'): a comment, a tag (stepped over whole, so
 * that its quoted values are not searched for tags) or a lone '<'. Sets
 * *keep_to to the end of what stays and returns where reading goes on
 * (past the left-out content of a script or style). */
static const char *step(const char *lt, const char *end, const char **keep_to)
{
    const char *name, *after;

    if ((size_t)(end - lt) >= 4 && memcmp(lt, "<!--", 4) == 0) {
        const char *close = lt + 4;

        while ((close = memchr(close, '-', (size_t)(end - close))) != NULL
               && !((size_t)(end - close) >= 3 && memcmp(close, "-->", 3) == 0))
            close++;
        *keep_to = close ? close + 3 : end;
        return *keep_to;
    }
    if (!isalpha((unsigned char)lt[1]) && lt[1] != '/') {
        *keep_to = lt + 1;
        return *keep_to;
    }
    after = tag_end(lt, end);
    *keep_to = after;
    name = raw_element(lt, end);
    if (!name || (name[1] == 'c' && is_json_ld(lt, after)))
        return after;
    return raw_end(after, end, name);
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
        const char *keep_to = end, *resume = end;

        if (lt)
            resume = step(lt, end, &keep_to);
        if (write != read)
            memmove(write, read, (size_t)(keep_to - read));
        write += keep_to - read;
        read = resume;
    }
    page->len = (size_t)(write - page->data);
    page->data[page->len] = '\0';
}

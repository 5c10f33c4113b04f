/*
 * boilerplate.c - an article's candidate lines, their keys, and the
 * removal of those that are boilerplate; see boilerplate.h.
 *
 * The body is walked twice without copying: once to count its lines (the
 * candidates are the first and last ones), once to key them; it is
 * rebuilt only when a line goes.
 */
#include "boilerplate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "hash.h"
#include "text.h"

#define KEY_MASK 0x3fffffffffffffffULL   /* 62 bits: see boilerplate.h */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

uint64_t defcon_boilerplate_site_hash(const char *name)
{
    return defcon_boilerplate_key(0x5173, name, strlen(name));
}

/* FNV-1a over the folded text, then mixed with the site. */
uint64_t defcon_boilerplate_key(uint64_t site, const char *text, size_t len)
{
    uint64_t h = 14695981039346656037ULL, key;
    size_t i;
    int space = 0, any = 0;

    for (i = 0; i < len; i++) {
        if (is_space(text[i])) {
            space = any;
            continue;
        }
        if (space) {
            h = (h ^ ' ') * 1099511628211ULL;
            space = 0;
        }
        h = (h ^ (unsigned char)defcon_ascii_lower(text[i])) * 1099511628211ULL;
        any = 1;
    }
    key = defcon_hash_mix64(h ^ defcon_hash_mix64(site)) & KEY_MASK;
    return key ? key : 1;
}

/* Appends the host of `url` ("scheme://host[:port]/...") in lower case,
 * without "www.". Returns 1 if there was one. */
static int url_host(const char *url, char *out, size_t size)
{
    const char *start = url ? strstr(url, "://") : NULL;
    size_t n = 0;

    if (!start)
        return 0;
    start += 3;
    if (strncmp(start, "www.", 4) == 0)
        start += 4;
    while (start[n] && !strchr("/:?#", start[n]) && n + 1 < size) {
        out[n] = defcon_ascii_lower(start[n]);
        n++;
    }
    out[n] = '\0';
    return n > 0;
}

void defcon_boilerplate_site_name(const char *relative_path, const defcon_article *article,
                                  char *out, size_t size)
{
    if (size == 0)
        return;
    out[0] = '\0';
    if (url_host(article->capture_url, out, size) || url_host(article->url, out, size))
        return;
    if (defcon_article_kind_of(relative_path) == DEFCON_ARTICLE_CAPTURE)
        snprintf(out, size, "captures");
}

static int words_in(const char *text, size_t len)
{
    int words = 0, in_word = 0;
    size_t i;

    for (i = 0; i < len; i++) {
        if (is_space(text[i])) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            words++;
        }
    }
    return words;
}

/* Whether the line has no word: stops at its first, where words_in()
 * would count them all. */
static int blank(const char *text, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (!is_space(text[i]))
            return 0;
    return 1;
}

/* Calls `each` for every non-blank line of the body in order, with its
 * number among them (`first` for the first); stops when it returns
 * non-zero and returns that. */
typedef int (*line_visit)(void *context, size_t number, const char *start, size_t len);

static int each_line(const defcon_article *a, size_t first, line_visit each, void *context)
{
    size_t at = 0, number = first;
    int rc = 0;

    while (rc == 0 && at < a->body_len) {
        const char *start = a->body + at;
        const char *newline = memchr(start, '\n', a->body_len - at);
        size_t len = newline ? (size_t)(newline - start) : a->body_len - at;
        if (!blank(start, len))
            rc = each(context, number++, start, len);
        at += len + 1;
    }
    return rc;
}

static int count_line(void *context, size_t number, const char *start, size_t len)
{
    (void)number, (void)start, (void)len;
    (*(size_t *)context)++;
    return 0;
}

/* What keying the candidates needs. */
typedef struct keying {
    defcon_boilerplate_lines *out;
    size_t total;                   /* lines, the title among them */
    defcon_boilerplate_known known;
    void *context;
} keying;

static int is_candidate(const keying *k, size_t number)
{
    return number < DEFCON_BOILERPLATE_REGION || number + DEFCON_BOILERPLATE_REGION >= k->total;
}

static int key_line(void *context, size_t number, const char *start, size_t len)
{
    keying *k = context;
    defcon_boilerplate_lines *out = k->out;
    size_t i = out->count;

    if (!is_candidate(k, number))
        return 0;
    out->keys[i] = defcon_boilerplate_key(out->site, start, len);
    out->removed[i] = k->known && k->known(k->context, out->keys[i]);
    out->line_at[i] = out->text.len;
    out->count++;
    if (defcon_buffer_append(&out->text, start, len) != 0
        || defcon_buffer_putc(&out->text, '\0') != 0)
        return -1;
    return 0;
}

/* The body without the candidates removed (the body's first line is
 * line `first`; candidate `next` is the first of the body's). Paragraph
 * breaks around a removed line are kept. */
static int rebuild_body(const defcon_article *a, const keying *k, size_t first, size_t next,
                        defcon_buffer *out)
{
    size_t at = 0, number = first;
    int gap = 0, rc = 0;

    while (rc == 0 && at < a->body_len) {
        const char *start = a->body + at;
        const char *newline = memchr(start, '\n', a->body_len - at);
        size_t len = newline ? (size_t)(newline - start) : a->body_len - at;
        int removed = 0;

        if (at > 0 && gap < 1)
            gap = 1;
        at += len + 1;
        if (blank(start, len)) {
            gap = 2;
            continue;
        }
        if (is_candidate(k, number++))
            removed = k->out->removed[next++];
        if (removed)
            continue;
        if (out->len > 0)
            rc = defcon_buffer_puts(out, gap == 2 ? "\n\n" : "\n");
        if (rc == 0)
            rc = defcon_buffer_append(out, start, len);
        gap = 0;
    }
    return rc;
}

/* A title that is boilerplate: the body's first line takes its place if
 * it is short (and leaves the body), else the article has no title. */
static int replace_title(defcon_article *a, defcon_buffer *body)
{
    const char *newline = body->len ? memchr(body->data, '\n', body->len) : NULL;
    size_t len = newline ? (size_t)(newline - body->data) : body->len;
    size_t skip = len;
    char *title;

    if (len == 0 || words_in(body->data, len) > DEFCON_BOILERPLATE_TITLE_WORDS)
        len = skip = 0;
    title = defcon_text_line_dup(body->data ? body->data : "", len);
    if (!title)
        return -1;
    while (skip < body->len && body->data[skip] == '\n')
        skip++;
    memmove(body->data, body->data + skip, body->len - skip + 1);   /* with its NUL */
    body->len -= skip;
    free(a->title);
    a->title = title;
    return 0;
}

static int any_removed(const defcon_boilerplate_lines *lines)
{
    size_t i;

    for (i = 0; i < lines->count; i++)
        if (lines->removed[i])
            return 1;
    return 0;
}

/* Rewrites title and body without the removed candidates. */
static int remove_lines(defcon_article *a, const keying *k, int has_title)
{
    defcon_buffer body = DEFCON_BUFFER_INIT;
    int rc = rebuild_body(a, k, has_title, has_title, &body);

    if (rc == 0 && defcon_buffer_putc(&body, '\0') == 0)
        body.len--;
    else
        rc = -1;
    if (rc == 0 && has_title && k->out->removed[0])
        rc = replace_title(a, &body);
    if (rc != 0) {
        defcon_buffer_free(&body);
        return -1;
    }
    free(a->body);
    a->body_len = body.len;
    a->body = defcon_buffer_detach(&body);
    return a->body ? 0 : -1;
}

int defcon_boilerplate_apply(const char *relative_path, defcon_article *article,
                             defcon_boilerplate_known known, void *context,
                             defcon_boilerplate_lines *out)
{
    char site[256];
    keying k = {out, 0, known, context};
    /* A capture's title is a line of the page, found by its place; other
     * titles come from the file's metadata. */
    int has_title = defcon_article_kind_of(relative_path) == DEFCON_ARTICLE_CAPTURE
                    && article->title && !blank(article->title, strlen(article->title));
    int rc;

    defcon_boilerplate_site_name(relative_path, article, site, sizeof site);
    out->site = defcon_boilerplate_site_hash(site);
    out->count = 0;
    defcon_buffer_clear(&out->text);
    if (defcon_buffer_append(&out->text, site, strlen(site) + 1) != 0)
        return -1;
    k.total = (size_t)has_title;
    each_line(article, 0, count_line, &k.total);
    rc = has_title ? key_line(&k, 0, article->title, strlen(article->title)) : 0;
    if (rc == 0)
        rc = each_line(article, (size_t)has_title, key_line, &k);
    if (rc != 0)
        return -1;
    return any_removed(out) ? remove_lines(article, &k, has_title) : 0;
}

const char *defcon_boilerplate_line(const defcon_boilerplate_lines *lines, size_t i)
{
    return lines->text.data + lines->line_at[i];
}

const char *defcon_boilerplate_lines_site(const defcon_boilerplate_lines *lines)
{
    return lines->text.data ? lines->text.data : "";
}

void defcon_boilerplate_lines_free(defcon_boilerplate_lines *lines)
{
    if (!lines)
        return;
    defcon_buffer_free(&lines->text);
    lines->count = 0;
}

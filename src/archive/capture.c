/*
 * capture.c - headline, source and body of a page capture; see capture.h.
 *
 * The text is walked line by line, once, without copying the lines: the
 * header is skipped, the first line left is the headline, and the body
 * runs until the footer. The site's identity (its name and tagline) is
 * the only thing this file knows about the site.
 */
#include "capture.h"
#include "ascii.h"

#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "text.h"

/* The site, as its pages spell it (compared ignoring ASCII case). */
static const char site_name[] = "DEFCON Warning System";
static const char site_tagline[] = "Ongoing Geointel and Analysis in the theater of nuclear war";
static const char read_more[] = "Read more at";

/* One line of the capture, trimmed of spaces (no-break spaces too) at
 * both ends. */
typedef struct line {
    const char *start;
    const char *end;
} line;

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

/* Reads the line at *pos into *out and moves *pos past it. */
static int next_line(const char *text, size_t len, size_t *pos, line *out)
{
    const char *start = text + *pos, *end = text + len, *newline;
    size_t n;

    if (*pos >= len)
        return 0;
    newline = memchr(start, '\n', (size_t)(end - start));
    *pos = newline ? (size_t)(newline - text) + 1 : len;
    end = newline ? newline : end;
    while (start < end && (n = defcon_text_space_length(start, (size_t)(end - start))) > 0)
        start += n;
    while (end > start &&
           (n = defcon_text_space_length_before(start, (size_t)(end - start))) > 0)
        end -= n;
    out->start = start;
    out->end = end;
    return 1;
}

static int line_empty(const line *l)
{
    return l->start == l->end;
}

/* If the line starts with `prefix` (ignoring ASCII case), returns the
 * position after it, else NULL. */
static const char *skip_prefix(const char *start, const char *end, const char *prefix)
{
    for (; *prefix; prefix++, start++)
        if (start >= end || defcon_ascii_lower(*start) != defcon_ascii_lower(*prefix))
            return NULL;
    return start;
}

/* Position after the site's name (with an optional "The ") at `start`,
 * or NULL. */
static const char *skip_site_name(const char *start, const char *end)
{
    const char *after_the = skip_prefix(start, end, "The ");

    if (after_the) {
        const char *after = skip_prefix(after_the, end, site_name);

        if (after)
            return after;
    }
    return skip_prefix(start, end, site_name);
}

static int contains_site_name(const char *start, const char *end)
{
    for (; start < end; start++)
        if (skip_prefix(start, end, site_name))
            return 1;
    return 0;
}

/* Position after a trademark or registered sign at `p` (™, ®, (TM),
 * (R)), or `p` itself. */
static const char *skip_mark(const char *p, const char *end)
{
    const char *after;

    if ((after = skip_prefix(p, end, "\xE2\x84\xA2")) || (after = skip_prefix(p, end, "\xC2\xAE"))
        || (after = skip_prefix(p, end, "(TM)")) || (after = skip_prefix(p, end, "(R)")))
        return after;
    return p;
}

/* A line that is the site's name alone, perhaps with a trademark sign and
 * punctuation. */
static int is_site_name_line(const line *l)
{
    const char *p = skip_site_name(l->start, l->end);

    if (!p)
        return 0;
    for (p = skip_mark(p, l->end); p < l->end; p++)
        if (!is_blank(*p) && *p != '.' && *p != ':' && *p != '|' && *p != '-')
            return 0;
    return 1;
}

/* Whether the line holds `word` (ignoring ASCII case). */
static int line_has(const line *l, const char *word)
{
    const char *p;

    for (p = l->start; p < l->end; p++)
        if (skip_prefix(p, l->end, word))
            return 1;
    return 0;
}

/* The site's taglines over the years: the one it began with, and any
 * short line about its subject that ends by dating the site ("Since
 * 1984.", "Established 1984."), as every template's tagline does. */
static int is_tagline(const line *l)
{
    const char *end = l->end;

    if (skip_prefix(l->start, l->end, site_tagline))
        return 1;
    if (l->end - l->start > 300 || !(line_has(l, "nuclear") || line_has(l, "DEFCON")))
        return 0;
    while (end > l->start && (end[-1] == '.' || is_blank(end[-1])))
        end--;
    return end - l->start >= 4 && memcmp(end - 4, "1984", 4) == 0
        && (line_has(l, "since 1984") || line_has(l, "established 1984"));
}

/* The site's alert level as its header shows it: "DEFCON 5 Green",
 * "DEFCON 4", "DEFCON 3 - Yellow". The level of the site when the page
 * was captured, not the article's. */
static int is_status_line(const line *l)
{
    const char *p = skip_prefix(l->start, l->end, "DEFCON");

    if (!p || l->end - l->start > 40)
        return 0;
    while (p < l->end && (is_blank(*p) || *p == ':'))
        p++;
    if (p >= l->end || *p < '1' || *p > '5')
        return 0;
    for (p++; p < l->end; p++)
        if (!defcon_ascii_is_alpha(*p) && !is_blank(*p) && *p != '-' && *p != '.' && *p != '(' && *p != ')')
            return 0;
    return 1;
}

static int is_copyright_line(const line *l)
{
    if (!skip_prefix(l->start, l->end, "\xC2\xA9") && !skip_prefix(l->start, l->end, "(c)") &&
        !skip_prefix(l->start, l->end, "copyright"))
        return 0;
    return contains_site_name(l->start, l->end);
}

/* Lines that belong to the site's frame, in the header or the footer. */
static int is_site_line(const line *l)
{
    return is_site_name_line(l) || is_tagline(l) || is_copyright_line(l) || is_status_line(l);
}

/* For "Read more at X", sets *source to X (without a final period) and
 * returns 1. */
static int read_more_source(const line *l, line *source)
{
    const char *p = skip_prefix(l->start, l->end, read_more);

    if (!p || p >= l->end || (!is_blank(*p) && *p != ':'))
        return 0;
    if (*p == ':')
        p++;
    while (p < l->end && is_blank(*p))
        p++;
    if (p >= l->end)
        return 0;
    source->start = p;
    source->end = l->end;
    if (source->end - source->start > 1 && source->end[-1] == '.')
        source->end--;
    return 1;
}

/* Collects the body's lines: paragraphs separated by "\n\n". */
typedef struct body_writer {
    defcon_buffer text;
    int blank_before;     /* a blank line since the last text line */
} body_writer;

static int body_add(body_writer *b, const line *l)
{
    if (line_empty(l)) {
        b->blank_before = 1;
        return 0;
    }
    if (b->text.len > 0 &&
        defcon_buffer_puts(&b->text, b->blank_before ? "\n\n" : "\n") != 0)
        return -1;
    b->blank_before = 0;
    return defcon_buffer_append(&b->text, l->start, (size_t)(l->end - l->start));
}

/* Removes text[from, to) (one line of the body, with the separator before
 * it), and a separator left at the start. */
static void cut_line(defcon_buffer *text, size_t from, size_t to)
{
    memmove(text->data + from, text->data + to, text->len - to + 1);
    text->len -= to - from;
    while (text->len > 0 && text->data[0] == '\n') {
        memmove(text->data, text->data + 1, text->len);
        text->len--;
    }
}

/* Skips the header and takes the headline: the first line that is not
 * the site's frame. Sets *found; returns 0, or -1 out of memory. */
static int find_headline(const char *text, size_t len, size_t *pos, defcon_capture *out,
                         int *found)
{
    line l;

    *found = 0;
    while (next_line(text, len, pos, &l)) {
        if (line_empty(&l) || is_site_line(&l))
            continue;
        out->title = defcon_text_line_dup(l.start, (size_t)(l.end - l.start));
        if (!out->title)
            return -1;
        if (out->title[0]) {
            *found = 1;
            return 0;
        }
        free(out->title);   /* only control characters: not a headline */
        out->title = NULL;
    }
    return 0;
}

int defcon_capture_parse(const char *text, size_t len, defcon_capture *out)
{
    body_writer body = {DEFCON_BUFFER_INIT, 0};
    size_t pos = 0, body_len_before_candidate = 0, source_from = 0, source_to = 0;
    line l, source = {NULL, NULL};
    int has_title = 0, has_source = 0, rc = 0, candidate = 0, is_source;

    memset(out, 0, sizeof *out);
    rc = find_headline(text, len, &pos, out, &has_title);
    /* The body, up to the footer. Frame lines before any body text belong
     * to the header (some templates put the tagline or the status line
     * under the headline); a status line after body text is body. A paragraph starting with the site's name may
     * be the closing disclaimer: remember where the body stood before it,
     * and cut there if it turns out to be the last one. The source is the
     * last "Read more at" line; when it closes the body it leaves it. */
    while (rc == 0 && has_title && next_line(text, len, &pos, &l)) {
        line found;

        /* A status line once the body has begun is the article's own
         * ("DEFCON 4 Blue" closing a bulletin), not the frame's. */
        if (is_site_line(&l) && !(body.text.len > 0 && is_status_line(&l))) {
            if (body.text.len == 0)
                continue;
            candidate = 0;
            break;
        }
        is_source = !line_empty(&l) && read_more_source(&l, &found);
        if (is_source) {
            source = found;
            has_source = 1;
            source_from = body.text.len;
        }
        if (!line_empty(&l) && (body.blank_before || body.text.len == 0)) {
            candidate = skip_site_name(l.start, l.end) != NULL;
            body_len_before_candidate = body.text.len;
        }
        rc = body_add(&body, &l);
        if (is_source)
            source_to = body.text.len;
    }
    if (candidate) {
        body.text.len = body_len_before_candidate;
        if (body.text.data)
            body.text.data[body.text.len] = '\0';
    }
    if (has_source && source_to <= body.text.len)
        cut_line(&body.text, source_from, source_to);
    if (rc == 0 && !out->title)
        out->title = calloc(1, 1);
    if (rc == 0 && has_source) {
        out->source = defcon_text_line_dup(source.start, (size_t)(source.end - source.start));
        if (!out->source)
            rc = -1;
    }
    if (rc == 0) {
        out->body_len = body.text.len;
        out->body = defcon_buffer_detach(&body.text);
    }
    if (rc != 0 || !out->title || !out->body) {
        defcon_buffer_free(&body.text);
        defcon_capture_clear(out);
        return -1;
    }
    return 0;
}

void defcon_capture_clear(defcon_capture *capture)
{
    if (!capture)
        return;
    free(capture->title);
    free(capture->source);
    free(capture->body);
    memset(capture, 0, sizeof *capture);
}

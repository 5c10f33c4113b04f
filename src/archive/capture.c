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

/* A line that is the site's name alone, perhaps with punctuation. */
static int is_site_name_line(const line *l)
{
    const char *p = skip_site_name(l->start, l->end);

    if (!p)
        return 0;
    for (; p < l->end; p++)
        if (!is_blank(*p) && *p != '.' && *p != ':' && *p != '|' && *p != '-')
            return 0;
    return 1;
}

static int is_tagline(const line *l)
{
    return skip_prefix(l->start, l->end, site_tagline) != NULL;
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
    return is_site_name_line(l) || is_tagline(l) || is_copyright_line(l);
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

int defcon_capture_parse(const char *text, size_t len, defcon_capture *out)
{
    body_writer body = {DEFCON_BUFFER_INIT, 0};
    size_t pos = 0, body_len_before_candidate = 0;
    line l, source = {NULL, NULL};
    int has_title = 0, has_source = 0, rc = 0, candidate = 0;

    memset(out, 0, sizeof *out);
    /* The header, then the headline. */
    while (next_line(text, len, &pos, &l)) {
        if (line_empty(&l) || is_site_line(&l))
            continue;
        out->title = defcon_text_line_dup(l.start, (size_t)(l.end - l.start));
        if (!out->title) {
            rc = -1;
            break;
        }
        if (out->title[0]) {
            has_title = 1;
            break;
        }
        free(out->title);   /* only control characters: not a headline */
        out->title = NULL;
    }
    /* The body, up to the footer. A paragraph starting with the site's
     * name may be the closing disclaimer: remember where the body stood
     * before it, and cut there if it turns out to be the last one. */
    while (rc == 0 && has_title && next_line(text, len, &pos, &l)) {
        line found;

        if (is_site_line(&l)) {
            candidate = 0;
            break;
        }
        if (read_more_source(&l, &found)) {
            if (!has_source) {
                source = found;
                has_source = 1;
            }
            continue;
        }
        if (!line_empty(&l) && (body.blank_before || body.text.len == 0)) {
            candidate = skip_site_name(l.start, l.end) != NULL;
            body_len_before_candidate = body.text.len;
        }
        rc = body_add(&body, &l);
    }
    if (candidate) {
        body.text.len = body_len_before_candidate;
        if (body.text.data)
            body.text.data[body.text.len] = '\0';
    }
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

/*
 * article.c - one archive file in, one article out; see article.h.
 *
 * Parsing runs in two stages. First the bytes are made into clean text:
 * byte order marks are handled (UTF-16 converted, the UTF-8 mark
 * dropped), binary files refused, broken UTF-8 repaired with U+FFFD and
 * line endings made "\n". Most files need none of this, and then the
 * file's own bytes are used without a copy. Then the text goes to the
 * reader for its kind (frontmatter.c and markdown.c, or capture.c), and
 * the date is read from the file or else from the folders.
 */
#include "article.h"
#include "charset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buffer.h"
#include "capture.h"
#include "frontmatter.h"
#include "markdown.h"
#include "text.h"

/* Longest date text quoted in a warning. */
#define EXCERPT_BYTES 60

/* How much of a file is sampled for control bytes, and how many in that
 * sample make it binary (one in 32: text has next to none). */
#define BINARY_SAMPLE_BYTES 4096
#define BINARY_CONTROL_RATIO 32

/* The text of a file, ready for the readers. */
typedef struct clean_text {
    const char *data;          /* the file's bytes or `storage.data` */
    size_t len;
    defcon_buffer storage;     /* used when the bytes had to change */
} clean_text;

defcon_article_kind defcon_article_kind_of(const char *path)
{
    const char *slash, *dot;

    if (!path)
        return DEFCON_ARTICLE_NONE;
    slash = strrchr(path, '/');
    dot = strrchr(slash ? slash + 1 : path, '.');
    if (!dot)
        return DEFCON_ARTICLE_NONE;
    if (strcasecmp(dot, ".md") == 0 || strcasecmp(dot, ".markdown") == 0)
        return DEFCON_ARTICLE_MARKDOWN;
    if (strcasecmp(dot, ".txt") == 0)
        return DEFCON_ARTICLE_CAPTURE;
    if (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0)
        return DEFCON_ARTICLE_HTML;
    if (strcasecmp(dot, ".xml") == 0)
        return DEFCON_ARTICLE_FEED;
    if (strcasecmp(dot, ".warc") == 0)
        return DEFCON_ARTICLE_WARC;
    if (strcasecmp(dot, ".wacz") == 0)
        return DEFCON_ARTICLE_WACZ;
    if (strcasecmp(dot, ".gz") == 0 && dot - path >= 5 && strncasecmp(dot - 5, ".warc", 5) == 0)
        return DEFCON_ARTICLE_WARC;
    return DEFCON_ARTICLE_NONE;
}

static int fail(char *error, size_t error_size, const char *message)
{
    snprintf(error, error_size, "%s", message);
    return -1;
}

/* Control bytes that no text file holds: C0 codes but tab, newline,
 * vertical tab, form feed, carriage return and escape. */
static int is_binary_control(unsigned char c)
{
    return c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' &&
           c != 0x1B;
}

/* Refuses binary content: any NUL byte, or many control bytes early on. */
static int check_not_binary(const char *data, size_t len, char *error, size_t error_size)
{
    const char *nul = memchr(data, '\0', len);
    size_t sample = len < BINARY_SAMPLE_BYTES ? len : BINARY_SAMPLE_BYTES;
    size_t i = 0, controls = 0;

    if (nul) {
        snprintf(error, error_size, "binary file (NUL byte at offset %lu)",
                 (unsigned long)(nul - data));
        return -1;
    }
    while ((i += defcon_text_find_control(data + i, sample - i)) < sample)
        controls += is_binary_control((unsigned char)data[i++]);
    if (controls > 0 && controls * BINARY_CONTROL_RATIO > sample) {
        snprintf(error, error_size, "binary file (%lu control bytes in the first %lu)",
                 (unsigned long)controls, (unsigned long)sample);
        return -1;
    }
    return 0;
}

/* Refuses UTF-16 text holding a NUL character (a binary file with a
 * byte order mark by chance, or UTF-32). */
static int check_utf16_not_binary(const char *data, size_t len, char *error,
                                  size_t error_size)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2) {
        if (data[i] == '\0' && data[i + 1] == '\0') {
            snprintf(error, error_size, "binary file (NUL character at offset %lu)",
                     (unsigned long)i + 2);
            return -1;
        }
    }
    return 0;
}

/* Replaces the text with `next`, freeing storage the old text used. */
static void clean_text_take(clean_text *text, defcon_buffer *next)
{
    defcon_buffer_free(&text->storage);
    text->storage = *next;
    text->data = text->storage.data ? text->storage.data : "";
    text->len = text->storage.len;
    next->data = NULL;
    next->len = next->cap = 0;
}

/* Makes the file's bytes into valid UTF-8 with "\n" line endings. */
static int clean_text_prepare(clean_text *text, const char *data, size_t len,
                              defcon_buffer *warnings, char *error, size_t error_size)
{
    const unsigned char *bytes = (const unsigned char *)data;
    defcon_buffer next = DEFCON_BUFFER_INIT;
    size_t replaced = 0, bad;
    size_t i;

    text->data = data;
    text->len = len;
    if (len >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) ||
                     (bytes[0] == 0xFE && bytes[1] == 0xFF))) {
        int big_endian = bytes[0] == 0xFE;

        if (check_utf16_not_binary(data + 2, len - 2, error, error_size) != 0)
            return -1;
        if (defcon_text_utf16_to_utf8(data + 2, len - 2, big_endian, &next, &replaced) != 0) {
            defcon_buffer_free(&next);
            return fail(error, error_size, "out of memory");
        }
        clean_text_take(text, &next);
        if (replaced > 0 &&
            defcon_text_append_item(warnings, "; ",
                                    "invalid UTF-16: %lu code units replaced with U+FFFD",
                                    (unsigned long)replaced) != 0)
            return fail(error, error_size, "out of memory");
    } else if (len >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
        text->data += 3;
        text->len -= 3;
    }
    if (check_not_binary(text->data, text->len, error, error_size) != 0)
        return -1;
    bad = defcon_text_utf8_check(text->data, text->len);
    if (bad < text->len && defcon_charset_utf8_sequences(text->data, text->len) == 0) {
        /* Not UTF-8 at all: a Latin-1 or Windows-1252 file ("caf\xE9"). */
        if (defcon_charset_windows_1252(text->data, text->len, &next) != 0) {
            defcon_buffer_free(&next);
            return fail(error, error_size, "out of memory");
        }
        clean_text_take(text, &next);
        if (defcon_text_append_item(warnings, "; ", "not UTF-8 (from byte %lu): read as "
                                    "Windows-1252", (unsigned long)bad) != 0)
            return fail(error, error_size, "out of memory");
    } else if (bad < text->len) {
        replaced = 0;
        if (defcon_text_utf8_repair(text->data, text->len, &next, &replaced) != 0) {
            defcon_buffer_free(&next);
            return fail(error, error_size, "out of memory");
        }
        clean_text_take(text, &next);
        if (defcon_text_append_item(warnings, "; ",
                                    "invalid UTF-8 from byte %lu: %lu bad sequences "
                                    "replaced with U+FFFD",
                                    (unsigned long)bad, (unsigned long)replaced) != 0)
            return fail(error, error_size, "out of memory");
    }
    if (memchr(text->data, '\r', text->len)) {
        if (defcon_text_unix_newlines(text->data, text->len, &next) != 0) {
            defcon_buffer_free(&next);
            return fail(error, error_size, "out of memory");
        }
        clean_text_take(text, &next);
    }
    for (i = 0; i < text->len; i++) {
        char c = text->data[i];

        if (c != ' ' && c != '\t' && c != '\n' && c != '\v' && c != '\f')
            return 0;
    }
    fail(error, error_size, "empty file");
    return DEFCON_ARTICLE_NOTHING;
}

/* Blanks the control characters left in a body (escape, form feed, the
 * C1 controls U+0080..U+009F...): the body is printed on terminals. Tabs
 * and newlines stay. */
static void blank_controls(char *body, size_t len)
{
    size_t i = 0;
    char *c1;

    while ((i += defcon_text_find_control(body + i, len - i)) < len)
        body[i++] = ' ';
    /* In UTF-8, C1 controls are 0xC2 followed by 0x80..0x9F. */
    for (i = 0; (c1 = memchr(body + i, 0xC2, len - i)) != NULL; i = (size_t)(c1 - body) + 1) {
        if (c1 + 1 < body + len && (unsigned char)c1[1] >= 0x80 && (unsigned char)c1[1] <= 0x9F)
            c1[0] = c1[1] = ' ';
    }
}

static int parse_markdown(const clean_text *text, defcon_article *out,
                          defcon_buffer *warnings, char *error, size_t error_size)
{
    defcon_frontmatter meta;
    defcon_buffer body = DEFCON_BUFFER_INIT;
    defcon_buffer heading = DEFCON_BUFFER_INIT;
    size_t body_offset;
    int rc;

    if (defcon_frontmatter_read(text->data, text->len, &meta, &body_offset, warnings,
                                error, error_size) != 0)
        return -1;
    rc = defcon_markdown_to_text(text->data + body_offset, text->len - body_offset,
                                 meta.title, &body, meta.title ? NULL : &heading);
    if (rc == 0) {
        out->id = meta.id;
        out->source = meta.source;
        out->url = meta.url;
        out->topics = meta.topics;
        out->dateline = meta.dateline;
        out->date_text = meta.date;
        out->title = meta.title ? meta.title : defcon_buffer_detach(&heading);
        meta.id = meta.source = meta.url = meta.topics = meta.date = meta.title = NULL;
        meta.dateline = NULL;
        out->body_len = body.len;
        out->body = defcon_buffer_detach(&body);
        if (!out->title || !out->body)
            rc = -1;
    }
    defcon_frontmatter_clear(&meta);
    defcon_buffer_free(&body);
    defcon_buffer_free(&heading);
    if (rc != 0)
        return fail(error, error_size, "out of memory");
    return 0;
}

static int parse_capture(const clean_text *text, defcon_article *out, char *error,
                         size_t error_size)
{
    defcon_capture capture;

    if (defcon_capture_parse(text->data, text->len, &capture) != 0)
        return fail(error, error_size, "out of memory");
    out->title = capture.title;
    out->source = capture.source;
    out->body = capture.body;
    out->body_len = capture.body_len;
    return 0;
}

/* Sets the date from the file's date text, or else from the folders. */
static int set_date(defcon_article *out, const char *relative_path, defcon_buffer *warnings)
{
    defcon_buffer quoted = DEFCON_BUFFER_INIT;
    defcon_date_status status;
    char folder[48], dated[11];
    int rc, from_folder;

    if (!out->date_text) {
        defcon_date_from_path(relative_path, &out->date);
        return 0;
    }
    status = defcon_date_parse(out->date_text, strlen(out->date_text), &out->date);
    if (status == DEFCON_DATE_OK)
        return 0;
    /* A date that cannot be read gives way to the folders' (2019/04/),
     * as a file without one does; the warning says which it took. */
    memset(&out->date, 0, sizeof out->date);
    from_folder = defcon_date_from_path(relative_path, &out->date);
    if (from_folder)
        snprintf(folder, sizeof folder, "dated %s from its folder",
                 defcon_date_format(&out->date, dated));
    rc = defcon_text_append_excerpt(&quoted, out->date_text, strlen(out->date_text),
                                    EXCERPT_BYTES);
    if (rc == 0)
        rc = defcon_text_append_item(warnings, "; ", "date \"%s\" is %s: %s",
                                     defcon_buffer_cstr(&quoted),
                                     defcon_date_status_message(status),
                                     from_folder ? folder : "kept as undated");
    defcon_buffer_free(&quoted);
    return rc;
}

int defcon_article_parse(const char *relative_path, const char *data, size_t len,
                         defcon_article *out, char *error, size_t error_size)
{
    defcon_article_kind kind = defcon_article_kind_of(relative_path);
    defcon_buffer warnings = DEFCON_BUFFER_INIT;
    clean_text text;
    int rc;

    memset(out, 0, sizeof *out);
    memset(&text, 0, sizeof text);
    if (error_size > 0)
        error[0] = '\0';
    if (kind != DEFCON_ARTICLE_MARKDOWN && kind != DEFCON_ARTICLE_CAPTURE)
        return fail(error, error_size, "not a Markdown file or a text capture");
    if (len == 0) {
        fail(error, error_size, "empty file");
        return DEFCON_ARTICLE_NOTHING;
    }
    rc = clean_text_prepare(&text, data, len, &warnings, error, error_size);
    if (rc == 0) {
        if (kind == DEFCON_ARTICLE_MARKDOWN)
            rc = parse_markdown(&text, out, &warnings, error, error_size);
        else
            rc = parse_capture(&text, out, error, error_size);
    }
    if (rc == 0) {
        blank_controls(out->body, out->body_len);
        if (set_date(out, relative_path, &warnings) != 0)
            rc = fail(error, error_size, "out of memory");
    }
    if (rc == 0 && warnings.len > 0) {
        out->warnings = defcon_buffer_detach(&warnings);
        if (!out->warnings)
            rc = fail(error, error_size, "out of memory");
    }
    defcon_buffer_free(&warnings);
    defcon_buffer_free(&text.storage);
    if (rc != 0)
        defcon_article_clear(out);
    return rc;
}

void defcon_article_clear(defcon_article *article)
{
    if (!article)
        return;
    free(article->id);
    free(article->title);
    free(article->source);
    free(article->url);
    free(article->topics);
    free(article->dateline);
    free(article->date_text);
    free(article->body);
    free(article->html);
    free(article->capture_url);
    free(article->capture_date);
    free(article->record_id);
    free(article->key);
    free(article->warnings);
    memset(article, 0, sizeof *article);
}

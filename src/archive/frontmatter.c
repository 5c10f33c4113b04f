/*
 * frontmatter.c - YAML front matter read with libyaml's event parser;
 * see frontmatter.h.
 *
 * The reader walks the event stream with an explicit depth counter when it
 * skips values it does not need, so no YAML nesting can exhaust the C
 * stack, and it never asks libyaml for a document tree, so aliases are
 * never followed. Lines in messages are lines of the whole file: the YAML
 * starts on line 2, after the opening "---".
 *
 * libyaml spends several microseconds on even a few short lines, more
 * than all the rest of a short article costs, while nearly all front
 * matter is a plain list of "key: value" lines. read_simple() reads
 * exactly that (plain scalars, double-quoted texts with no escape but \"
 * and \\, flow lists of plain words) and gives up at the first line that
 * is anything more; libyaml then reads the whole block. The unit tests
 * check that both readers agree.
 */
#include "frontmatter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "text.h"

/* Longest value quoted in a warning. */
#define EXCERPT_BYTES 60

typedef enum field_kind {
    FIELD_IGNORED,
    FIELD_TEXT,
    FIELD_LIST
} field_kind;

/* One walk over the events of a front matter block. */
typedef struct reader {
    yaml_parser_t parser;
    yaml_event_t event;          /* the current event, when has_event */
    int has_event;
    defcon_frontmatter *out;
    defcon_buffer topics;
    defcon_buffer *warnings;
    char *error;
    size_t error_size;
} reader;

/* The opening line is line 1 of the file; libyaml counts from 0 in the
 * YAML text, which starts on line 2. */
static unsigned long file_line(yaml_mark_t mark)
{
    return (unsigned long)mark.line + 2;
}

static int fail_memory(reader *r)
{
    snprintf(r->error, r->error_size, "out of memory");
    return -1;
}

/* Moves to the next event, freeing the current one. */
static int reader_next(reader *r)
{
    if (r->has_event) {
        yaml_event_delete(&r->event);
        r->has_event = 0;
    }
    if (!yaml_parser_parse(&r->parser, &r->event)) {
        const yaml_parser_t *p = &r->parser;

        if (p->error == YAML_MEMORY_ERROR)
            return fail_memory(r);
        if (p->context)
            snprintf(r->error, r->error_size,
                     "front matter is not valid YAML on line %lu: %s (%s on line %lu)",
                     file_line(p->problem_mark),
                     p->problem ? p->problem : "syntax error", p->context,
                     file_line(p->context_mark));
        else
            snprintf(r->error, r->error_size,
                     "front matter is not valid YAML on line %lu: %s",
                     file_line(p->problem_mark),
                     p->problem ? p->problem : "syntax error");
        return -1;
    }
    r->has_event = 1;
    return 0;
}

/* Skips the node whose first event is the current one: a scalar or an
 * alias is one event, a list or a mapping runs to its matching end. */
static int reader_skip_node(reader *r)
{
    long depth = 0;

    do {
        switch (r->event.type) {
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            depth++;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            depth--;
            break;
        default:
            break;
        }
        if (depth > 0 && reader_next(r) != 0)
            return -1;
    } while (depth > 0);
    return 0;
}

/* A plain scalar spelled as YAML's null, or an empty scalar: the key is
 * there but has no value. */
static int text_is_null(const char *value, size_t length, int plain)
{
    if (length == 0)
        return 1;
    if (!plain)
        return 0;
    return (length == 1 && value[0] == '~') ||
           (length == 4 && (memcmp(value, "null", 4) == 0 || memcmp(value, "Null", 4) == 0 ||
                            memcmp(value, "NULL", 4) == 0));
}

static int scalar_is_null(const yaml_event_t *event)
{
    return text_is_null((const char *)event->data.scalar.value, event->data.scalar.length,
                        event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
}

static const char *node_kind_name(yaml_event_type_t type)
{
    switch (type) {
    case YAML_SEQUENCE_START_EVENT:
        return "a list";
    case YAML_MAPPING_START_EVENT:
        return "a mapping";
    case YAML_ALIAS_EVENT:
        return "a YAML alias, which is not supported";
    default:
        return "not a text";
    }
}

/* Warns that the current node, the value of `key`, is not usable, and
 * skips it. */
static int reader_reject_value(reader *r, const char *key, const char *what)
{
    defcon_buffer quoted = DEFCON_BUFFER_INIT;
    int rc;

    rc = defcon_text_append_excerpt(&quoted, key, strlen(key), EXCERPT_BYTES);
    if (rc == 0)
        rc = defcon_text_append_item(r->warnings, "; ",
                                     "front matter \"%s\" on line %lu is %s: ignored",
                                     defcon_buffer_cstr(&quoted),
                                     file_line(r->event.start_mark), what);
    defcon_buffer_free(&quoted);
    if (rc != 0)
        return fail_memory(r);
    return reader_skip_node(r);
}

/* Which field a key fills; for a text, *slot is where its value goes. */
static field_kind field_for_key(defcon_frontmatter *out, const char *key, size_t key_len,
                                char ***slot)
{
    static const struct {
        const char *key;
        size_t offset;
    } text_fields[] = {
        {"id", offsetof(defcon_frontmatter, id)},
        {"title", offsetof(defcon_frontmatter, title)},
        {"date", offsetof(defcon_frontmatter, date)},
        {"source", offsetof(defcon_frontmatter, source)},
        {"url", offsetof(defcon_frontmatter, url)},
        {"dateline", offsetof(defcon_frontmatter, dateline)},
    };
    size_t i;

    *slot = NULL;
    for (i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++) {
        if (key_len == strlen(text_fields[i].key) &&
            strncasecmp(key, text_fields[i].key, key_len) == 0) {
            *slot = (char **)((char *)out + text_fields[i].offset);
            return FIELD_TEXT;
        }
    }
    if ((key_len == 6 && strncasecmp(key, "topics", 6) == 0) ||
        (key_len == 4 && strncasecmp(key, "tags", 4) == 0))
        return FIELD_LIST;
    return FIELD_IGNORED;
}

/* Sets a text field, made one line; a repeated key's last value wins, as
 * in most YAML readers. Returns 0, or -1 when memory runs out. */
static int set_text(char **slot, const char *value, size_t length, int plain)
{
    char *line;

    if (text_is_null(value, length, plain))
        return 0;
    line = defcon_text_line_dup(value, length);
    if (!line)
        return -1;
    free(*slot);
    *slot = NULL;
    if (line[0])
        *slot = line;
    else
        free(line);
    return 0;
}

/* Adds a topic, made one line, to the list. Returns 0 or -1 (no memory). */
static int add_topic(defcon_buffer *topics, const char *value, size_t length, int plain)
{
    char *line;
    int rc = 0;

    if (text_is_null(value, length, plain))
        return 0;
    line = defcon_text_line_dup(value, length);
    if (!line)
        return -1;
    if (line[0])
        rc = defcon_text_append_item(topics, ", ", "%s", line);
    free(line);
    return rc;
}

/* Adds the current scalar event to the topics list. */
static int reader_add_topic(reader *r)
{
    if (add_topic(&r->topics, (const char *)r->event.data.scalar.value,
                  r->event.data.scalar.length,
                  r->event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE) != 0)
        return fail_memory(r);
    return 0;
}

/* Reads the topics value at the current event: a text or a list of texts. */
static int reader_read_topics(reader *r, const char *key)
{
    if (r->event.type == YAML_SCALAR_EVENT)
        return reader_add_topic(r);
    if (r->event.type != YAML_SEQUENCE_START_EVENT)
        return reader_reject_value(r, key, node_kind_name(r->event.type));
    for (;;) {
        if (reader_next(r) != 0)
            return -1;
        if (r->event.type == YAML_SEQUENCE_END_EVENT)
            return 0;
        if (r->event.type == YAML_SCALAR_EVENT) {
            if (reader_add_topic(r) != 0)
                return -1;
        } else if (reader_reject_value(r, key, r->event.type == YAML_ALIAS_EVENT
                                                   ? "a list with a YAML alias, which is not supported"
                                                   : "a list with an item that is not a text") != 0) {
            return -1;
        }
    }
}

/* Reads the value of `key`, starting at the current event. */
static int reader_read_value(reader *r, const char *key)
{
    char **slot;

    switch (field_for_key(r->out, key, strlen(key), &slot)) {
    case FIELD_IGNORED:
        return reader_skip_node(r);
    case FIELD_LIST:
        return reader_read_topics(r, key);
    case FIELD_TEXT:
        break;
    }
    if (r->event.type != YAML_SCALAR_EVENT)
        return reader_reject_value(r, key, node_kind_name(r->event.type));
    if (set_text(slot, (const char *)r->event.data.scalar.value, r->event.data.scalar.length,
                 r->event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE) != 0)
        return fail_memory(r);
    return 0;
}

/* Reads the pairs of the mapping whose start is the current event. */
static int reader_read_mapping(reader *r)
{
    for (;;) {
        char *key;
        int rc;

        if (reader_next(r) != 0)
            return -1;
        if (r->event.type == YAML_MAPPING_END_EVENT)
            return 0;
        if (r->event.type != YAML_SCALAR_EVENT) {
            /* A list, mapping or alias used as a key names nothing we
             * use: skip it and its value. */
            if (reader_skip_node(r) != 0 || reader_next(r) != 0 ||
                reader_skip_node(r) != 0)
                return -1;
            continue;
        }
        key = defcon_text_line_dup((const char *)r->event.data.scalar.value,
                                   r->event.data.scalar.length);
        if (!key)
            return fail_memory(r);
        rc = reader_next(r);
        if (rc == 0)
            rc = reader_read_value(r, key);
        free(key);
        if (rc != 0)
            return -1;
    }
}

/* Reads the single YAML document of the front matter. */
static int reader_read_stream(reader *r)
{
    if (reader_next(r) != 0 || reader_next(r) != 0)
        return -1;
    if (r->event.type == YAML_STREAM_END_EVENT)
        return 0;   /* only blank lines or comments */
    if (reader_next(r) != 0)
        return -1;
    switch (r->event.type) {
    case YAML_MAPPING_START_EVENT:
        if (reader_read_mapping(r) != 0)
            return -1;
        break;
    case YAML_SCALAR_EVENT:
        if (scalar_is_null(&r->event))
            break;
        snprintf(r->error, r->error_size,
                 "front matter is not a YAML mapping of keys to values "
                 "(it is a text, on line %lu)", file_line(r->event.start_mark));
        return -1;
    default:
        snprintf(r->error, r->error_size,
                 "front matter is not a YAML mapping of keys to values "
                 "(it is %s, on line %lu)", node_kind_name(r->event.type),
                 file_line(r->event.start_mark));
        return -1;
    }
    /* Reading on to the end of the stream reports any syntax error in
     * what follows the mapping. */
    if (reader_next(r) != 0 || reader_next(r) != 0)
        return -1;
    if (r->event.type != YAML_STREAM_END_EVENT) {
        snprintf(r->error, r->error_size,
                 "front matter holds more than one YAML document (line %lu)",
                 file_line(r->event.start_mark));
        return -1;
    }
    return 0;
}

/* ---- The simple reader ----------------------------------------------- */

static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_key_char(char c)
{
    return is_alnum(c) || c == '_' || c == '-';
}

/* Printable ASCII only: libyaml refuses some other characters, and
 * deciding which is left to it. */
static int is_printable_ascii(char c)
{
    return c >= 0x20 && c <= 0x7E;
}

/* A plain scalar on one line that every YAML reader takes as the text
 * written: no indicator first, no comment, no ": ", no flow punctuation. */
static int is_simple_plain(const char *p, const char *end)
{
    const char *q;

    if (strchr("-?:,[]{}#&*!|>'\"%@`", *p))
        return 0;
    for (q = p; q < end; q++) {
        switch (*q) {
        case ',': case '[': case ']': case '{': case '}': case '#':
            return 0;
        case ':':
            if (q + 1 == end || q[1] == ' ')
                return 0;
            break;
        default:
            if (!is_printable_ascii(*q))
                return 0;
            break;
        }
    }
    return 1;
}

/* Reads a double-quoted text at p[0] == '"' whose only escapes are \" and
 * \\ into `text`. Returns 1, 0 when it is not that simple, -1 on no
 * memory. */
static int read_simple_quoted(const char *p, const char *end, defcon_buffer *text)
{
    const char *q, *run = p + 1;

    for (q = run; q < end && *q != '"'; q++) {
        if (!is_printable_ascii(*q))
            return 0;
        if (*q == '\\') {
            if (q + 1 >= end || (q[1] != '"' && q[1] != '\\'))
                return 0;
            if (defcon_buffer_append(text, run, (size_t)(q - run)) != 0)
                return -1;
            run = ++q;   /* the escaped character starts the next run */
        }
    }
    if (q + 1 != end)
        return 0;   /* unterminated, or something after the closing quote */
    return defcon_buffer_append(text, run, (size_t)(q - run)) != 0 ? -1 : 1;
}

/* Reads a flow list of simple words, "[a, b c, d-e]", at p[0] == '['
 * into `topics` (or only checks it when `topics` is NULL). Returns 1, 0
 * when it is not that simple, -1 on no memory. */
static int read_simple_list(const char *p, const char *end, defcon_buffer *topics)
{
    const char *item, *item_end, *q;

    if (end[-1] != ']')
        return 0;
    end--;
    for (p++; p < end && *p == ' '; p++)
        ;
    if (p == end)
        return 1;   /* an empty list */
    for (;;) {
        for (item = p; p < end && *p != ','; p++)
            ;
        for (item_end = p; item_end > item && item_end[-1] == ' '; item_end--)
            ;
        if (item == item_end || !is_alnum(*item))
            return 0;
        for (q = item; q < item_end; q++)
            if (!is_key_char(*q) && *q != ' ' && *q != '.' && *q != '/')
                return 0;
        if (topics && add_topic(topics, item, (size_t)(item_end - item), 1) != 0)
            return -1;
        if (p == end)
            return 1;
        for (p++; p < end && *p == ' '; p++)
            ;
    }
}

/* Reads one simple value [p, end) (trimmed, maybe empty) of a key. */
static int read_simple_value(field_kind kind, char **slot, const char *p, const char *end,
                             defcon_buffer *topics, defcon_buffer *scratch)
{
    int rc;

    if (p == end)
        return 1;   /* null: as if the key were absent */
    if (*p == '[')
        return kind == FIELD_TEXT ? 0 : read_simple_list(p, end, kind == FIELD_LIST ? topics : NULL);
    if (*p == '"') {
        defcon_buffer_clear(scratch);
        rc = read_simple_quoted(p, end, scratch);
        if (rc != 1 || kind == FIELD_IGNORED)
            return rc;
        if (kind == FIELD_TEXT)
            rc = set_text(slot, defcon_buffer_cstr(scratch), scratch->len, 0);
        else
            rc = add_topic(topics, defcon_buffer_cstr(scratch), scratch->len, 0);
        return rc == 0 ? 1 : -1;
    }
    if (!is_simple_plain(p, end))
        return 0;
    if (kind == FIELD_TEXT)
        rc = set_text(slot, p, (size_t)(end - p), 1);
    else if (kind == FIELD_LIST)
        rc = add_topic(topics, p, (size_t)(end - p), 1);
    else
        rc = 0;
    return rc == 0 ? 1 : -1;
}

/* Reads the YAML [p, end) when every line is blank or "key: value" with
 * a simple value. Returns 1 when read, 0 when libyaml is needed, -1 when
 * memory runs out; after 0 or -1 the caller empties out and topics. */
static int read_simple(const char *p, const char *end, defcon_frontmatter *out,
                       defcon_buffer *topics)
{
    defcon_buffer scratch = DEFCON_BUFFER_INIT;
    int rc = 1;

    while (rc == 1 && p < end) {
        const char *newline = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = newline ? newline : end;
        const char *next = newline ? newline + 1 : end;
        const char *key = p, *q;
        char **slot;
        field_kind kind;

        while (line_end > p && line_end[-1] == ' ')
            line_end--;
        p = next;
        if (line_end == key)
            continue;   /* a blank line */
        if (!is_alnum(*key) && *key != '_') {
            rc = 0;
            break;
        }
        for (q = key; q < line_end && is_key_char(*q); q++)
            ;
        if (q >= line_end || *q != ':' || (q + 1 < line_end && q[1] != ' ')) {
            rc = 0;
            break;
        }
        kind = field_for_key(out, key, (size_t)(q - key), &slot);
        for (q++; q < line_end && *q == ' '; q++)
            ;
        rc = read_simple_value(kind, slot, q, line_end, topics, &scratch);
    }
    defcon_buffer_free(&scratch);
    return rc;
}

/* ---- Finding the block ------------------------------------------------ */

/* Is the line [start, end) a fence: `marker` then only blanks? */
static int is_fence_line(const char *start, const char *end, const char *marker)
{
    if (end - start < 3 || memcmp(start, marker, 3) != 0)
        return 0;
    for (start += 3; start < end; start++)
        if (*start != ' ' && *start != '\t')
            return 0;
    return 1;
}

/* Finds the front matter block: returns 1 and sets the YAML text and the
 * body offset, 0 when the text has none, -1 when it is never closed. */
static int find_block(const char *text, size_t len, size_t *yaml_start,
                      size_t *yaml_end, size_t *body_offset)
{
    const char *end = text + len;
    const char *line = text, *newline;

    newline = memchr(text, '\n', len);
    if (!newline || !is_fence_line(text, newline, "---"))
        return 0;
    *yaml_start = (size_t)(newline + 1 - text);
    for (line = newline + 1; line < end; line = newline + 1) {
        newline = memchr(line, '\n', (size_t)(end - line));
        if (!newline)
            newline = end;
        if (is_fence_line(line, newline, "---") || is_fence_line(line, newline, "...")) {
            *yaml_end = (size_t)(line - text);
            *body_offset = newline < end ? (size_t)(newline + 1 - text) : len;
            return 1;
        }
    }
    return -1;
}

/* Reads the YAML with libyaml; the topics go to r->topics. */
static int read_yaml(reader *r, const char *yaml, size_t len, defcon_frontmatter *out,
                     defcon_buffer *warnings, char *error, size_t error_size)
{
    int rc;

    r->out = out;
    r->warnings = warnings;
    r->error = error;
    r->error_size = error_size;
    if (!yaml_parser_initialize(&r->parser)) {
        snprintf(error, error_size, "out of memory");
        return -1;
    }
    yaml_parser_set_encoding(&r->parser, YAML_UTF8_ENCODING);
    yaml_parser_set_input_string(&r->parser, (const unsigned char *)yaml, len);
    rc = reader_read_stream(r);
    if (r->has_event)
        yaml_event_delete(&r->event);
    r->has_event = 0;
    yaml_parser_delete(&r->parser);
    return rc;
}

int defcon_frontmatter_read(const char *text, size_t len, defcon_frontmatter *out,
                            size_t *body_offset, defcon_buffer *warnings,
                            char *error, size_t error_size)
{
    defcon_frontmatter empty = {NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    size_t yaml_start = 0, yaml_end = 0;
    reader r;
    int found, rc;

    *out = empty;
    *body_offset = 0;
    found = find_block(text, len, &yaml_start, &yaml_end, body_offset);
    if (found == 0)
        return 0;
    if (found < 0) {
        snprintf(error, error_size, "front matter never ends (opened on line 1)");
        return -1;
    }
    memset(&r, 0, sizeof r);
    rc = read_simple(text + yaml_start, text + yaml_end, out, &r.topics);
    if (rc == 0) {
        defcon_frontmatter_clear(out);
        defcon_buffer_clear(&r.topics);
        rc = read_yaml(&r, text + yaml_start, yaml_end - yaml_start, out, warnings,
                       error, error_size);
    } else if (rc == 1) {
        rc = 0;
    } else {
        snprintf(error, error_size, "out of memory");
    }
    if (rc == 0 && r.topics.len > 0) {
        out->topics = defcon_buffer_detach(&r.topics);
        if (!out->topics) {
            snprintf(error, error_size, "out of memory");
            rc = -1;
        }
    }
    defcon_buffer_free(&r.topics);
    if (rc != 0) {
        defcon_frontmatter_clear(out);
        *body_offset = 0;
    }
    return rc;
}

size_t defcon_frontmatter_skip(const char *text, size_t len)
{
    size_t yaml_start, yaml_end, body_offset = 0;

    if (find_block(text, len, &yaml_start, &yaml_end, &body_offset) != 1)
        return 0;
    return body_offset;
}

void defcon_frontmatter_clear(defcon_frontmatter *frontmatter)
{
    if (!frontmatter)
        return;
    free(frontmatter->id);
    free(frontmatter->title);
    free(frontmatter->date);
    free(frontmatter->source);
    free(frontmatter->url);
    free(frontmatter->topics);
    free(frontmatter->dateline);
    frontmatter->id = frontmatter->title = frontmatter->date = NULL;
    frontmatter->source = frontmatter->url = frontmatter->topics = NULL;
    frontmatter->dateline = NULL;
}

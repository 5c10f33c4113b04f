/*
 * render.c - Markdown for a terminal, and as HTML; see render.h.
 *
 * The terminal renderer walks cmark's tree with its iterator (no
 * recursion: nesting is held in a heap stack of containers). Block quotes
 * and list items are containers that give each line a prefix: a bar, or a
 * list marker on an item's first line and as many spaces after it. The
 * inline content of a leaf block (paragraph, heading) is first gathered
 * as text with style runs, then laid out word by word: greedy filling up
 * to the width, a word wider than a line cut where the line ends.
 * Styles are written as ANSI SGR sequences, each one a full reset and
 * set, only where the style changes, and reset before every line end.
 */
#include "render.h"
#include "array.h"

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markdown.h"
#include "text.h"
#include "wrap.h"

/* Styles, as bits; a character's style is their union. */
enum {
    STYLE_EMPHASIS = 1 << 0,
    STYLE_STRONG = 1 << 1,
    STYLE_CODE = 1 << 2,
    STYLE_LINK = 1 << 3,
    STYLE_URL = 1 << 4,
    STYLE_HEADING = 1 << 5,
    STYLE_MATCH = 1 << 6
};

/* Fewest columns left for text, however deep the nesting. */
#define MIN_TEXT_COLUMNS 10
/* Containers deeper than this add no more prefix. */
#define MAX_VISIBLE_LEVELS 16
/* Width of a thematic break when lines are not wrapped. */
#define RULE_COLUMNS 40
#define CODE_INDENT "    "
#define QUOTE_BAR "\xE2\x94\x82 "         /* U+2502 BOX DRAWINGS LIGHT VERTICAL */
#define RULE_CHARACTER "\xE2\x94\x80"     /* U+2500 BOX DRAWINGS LIGHT HORIZONTAL */

static const char *const bullets[] = {
    "\xE2\x80\xA2 ",   /* U+2022 BULLET */
    "\xE2\x97\xA6 ",   /* U+25E6 WHITE BULLET */
    "\xE2\x96\xAA "    /* U+25AA BLACK SMALL SQUARE */
};

/* From `offset` on, the gathered text has `style`. */
typedef struct style_run {
    size_t offset;
    unsigned style;
} style_run;

/* A container on the stack: a list (which numbers its items), a list
 * item or a block quote. */
typedef struct container {
    cmark_node_type type;
    char marker[24];          /* an item's "• " or "12. " */
    size_t marker_width;      /* its columns */
    int next_number;          /* a list's next item number */
    int bullet_level;         /* a list's depth among bullet lists */
    int line_written;         /* a line has been written inside it */
} container;

typedef struct renderer {
    int width;
    int color;
    defcon_render_match_fn is_match;
    void *match_context;
    defcon_buffer *out;
    int failed;

    container *stack;
    size_t depth;
    size_t capacity;

    /* The inline text of the leaf block being gathered. */
    defcon_buffer text;
    style_run *runs;
    size_t run_count;
    size_t run_capacity;
    int emphasis, strong, link;   /* nesting depths */
    unsigned base_style;          /* STYLE_HEADING inside a heading */

    /* The line being written. */
    size_t line_start;            /* its offset in out */
    size_t line_width;            /* columns after the prefix */
    size_t prefix_width;
    unsigned shown_style;         /* the style the terminal is in */
    int wrote_line;               /* a line has been written */
    int pending_blank;            /* a blank line goes before the next one */
} renderer;

/* ---- Output ------------------------------------------------------------ */

static void put(renderer *r, const char *data, size_t len)
{
    if (!r->failed && defcon_buffer_append(r->out, data, len) != 0)
        r->failed = 1;
}

static void put_string(renderer *r, const char *text)
{
    put(r, text, strlen(text));
}

/* Switches the terminal to `style` (only when colour is on). */
static void set_style(renderer *r, unsigned style)
{
    char sequence[40] = "\x1b[0";

    if (!r->color || style == r->shown_style)
        return;
    if (style & (STYLE_STRONG | STYLE_HEADING | STYLE_MATCH))
        strcat(sequence, ";1");
    if (style & STYLE_URL)
        strcat(sequence, ";2");
    if (style & STYLE_EMPHASIS)
        strcat(sequence, ";3");
    if (style & (STYLE_HEADING | STYLE_LINK))
        strcat(sequence, ";4");
    if (style & STYLE_CODE)
        strcat(sequence, ";36");
    else if (style & STYLE_LINK)
        strcat(sequence, ";34");
    if (style & STYLE_MATCH)
        strcat(sequence, ";31");   /* last, so that it wins over the others */
    strcat(sequence, "m");
    put_string(r, sequence);
    r->shown_style = style;
}

/* Number of containers that show a prefix. */
static size_t visible_levels(const renderer *r)
{
    size_t i, levels = 0, shown = 0;

    for (i = 0; i < r->depth && levels < MAX_VISIBLE_LEVELS; i++) {
        if (r->stack[i].type != CMARK_NODE_LIST)
            levels++;
        shown = i + 1;
    }
    return shown;
}

/* Writes the prefix of a line. `blank` is for a separating blank line:
 * it only shows containers that already hold a line. */
static void write_prefix(renderer *r, int blank)
{
    size_t i, shown = visible_levels(r);

    r->prefix_width = 0;
    for (i = 0; i < shown; i++) {
        container *c = &r->stack[i];

        if (c->type == CMARK_NODE_BLOCK_QUOTE) {
            if (blank && !c->line_written)
                continue;
            put_string(r, QUOTE_BAR);
            r->prefix_width += 2;
        } else if (c->type == CMARK_NODE_ITEM) {
            if (!blank && !c->line_written)
                put_string(r, c->marker);
            else
                put(r, "                        ", c->marker_width);
            r->prefix_width += c->marker_width;
        }
    }
}

/* Ends the line: back to no style, no trailing spaces. */
static void end_line(renderer *r)
{
    set_style(r, 0);
    while (!r->failed && r->out->len > r->line_start && r->out->data[r->out->len - 1] == ' ')
        r->out->len--;
    put(r, "\n", 1);
}

/* Starts a line, after the blank line that separates blocks if one is
 * due: blocks that write nothing leave no blank lines behind. */
static void start_line(renderer *r)
{
    size_t i;

    if (r->pending_blank) {
        r->pending_blank = 0;
        r->line_start = r->out->len;
        write_prefix(r, 1);
        end_line(r);
    }
    r->wrote_line = 1;
    r->line_start = r->out->len;
    write_prefix(r, 0);
    for (i = 0; i < r->depth; i++)
        r->stack[i].line_written = 1;
    r->line_width = 0;
}

/* Separates the next block from what was written before it. */
static void separate_block(renderer *r, int blank_line)
{
    r->pending_blank = blank_line && r->wrote_line;
}

/* Columns available for text on a line. */
static size_t available_columns(const renderer *r)
{
    size_t width = (size_t)r->width;

    if (r->width <= 0)
        return (size_t)-1;
    if (width >= r->prefix_width + MIN_TEXT_COLUMNS)
        return width - r->prefix_width;
    /* Nesting too deep for the width: better to overflow it than to wrap
     * after every few characters. */
    return width > MIN_TEXT_COLUMNS ? MIN_TEXT_COLUMNS : width;
}

/* ---- Gathering inline text -------------------------------------------- */

static unsigned current_style(const renderer *r)
{
    return r->base_style | (r->emphasis > 0 ? STYLE_EMPHASIS : 0) |
           (r->strong > 0 ? STYLE_STRONG : 0) | (r->link > 0 ? STYLE_LINK : 0);
}

static void mark_style(renderer *r, unsigned style)
{
    if (r->failed)
        return;
    if (r->run_count > 0 && r->runs[r->run_count - 1].style == style)
        return;
    if (r->run_count > 0 && r->runs[r->run_count - 1].offset == r->text.len) {
        r->runs[r->run_count - 1].style = style;   /* nothing was in that style */
        return;
    }
    if (r->run_count == r->run_capacity
        && defcon_array_grow(&r->runs, &r->run_capacity, sizeof *r->runs, 16) != 0) {
        r->failed = 1;
        return;
    }
    r->runs[r->run_count].offset = r->text.len;
    r->runs[r->run_count].style = style;
    r->run_count++;
}

/* Appends text in a style, made safe for a terminal: tabs become spaces
 * (or, with keep_newlines, stay as line breaks), other control characters,
 * C1 controls and bidi overrides included (text.h), become U+FFFD. */
static void gather(renderer *r, const char *data, size_t len, unsigned style, int keep_newlines)
{
    size_t pos = 0, start = 0;

    mark_style(r, style);
    while (!r->failed && pos < len) {
        unsigned char c = (unsigned char)data[pos];
        size_t at = pos;
        const char *replacement = NULL;

        if (c < 0x80) {
            pos++;
            if (c == '\t' || (c == '\n' && !keep_newlines))
                replacement = " ";
            else if ((c < 0x20 && c != '\n') || c == 0x7F)
                replacement = DEFCON_TEXT_REPLACEMENT;
        } else {
            unsigned long cp = defcon_text_next_codepoint(data, len, &pos);

            if (defcon_text_is_unsafe(cp))
                replacement = DEFCON_TEXT_REPLACEMENT;
        }
        if (replacement) {
            if (defcon_buffer_append(&r->text, data + start, at - start) != 0 ||
                defcon_buffer_puts(&r->text, replacement) != 0)
                r->failed = 1;
            start = pos;
        }
    }
    if (!r->failed && defcon_buffer_append(&r->text, data + start, len - start) != 0)
        r->failed = 1;
}

static void gather_reset(renderer *r)
{
    defcon_buffer_clear(&r->text);
    r->run_count = 0;
    r->emphasis = r->strong = r->link = 0;
}

/* ---- Laying out gathered text ------------------------------------------ */

/* A letter or digit: anything but ASCII punctuation and spaces, and the
 * punctuation and spaces of Latin-1 and of the General Punctuation and
 * CJK Symbols blocks. */
static int is_word_codepoint(unsigned long cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp <= 0xBF)
        return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
    if (cp == 0xD7 || cp == 0xF7)
        return 0;
    if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFF01 && cp <= 0xFF0F) || cp == 0xFFFD)
        return 0;
    return 1;
}

/* The style of the gathered text at `offset`, with *run as a cursor that
 * only moves forward. */
static unsigned style_at(const renderer *r, size_t offset, size_t *run)
{
    while (*run + 1 < r->run_count && r->runs[*run + 1].offset <= offset)
        (*run)++;
    return r->run_count ? r->runs[*run].style : 0;
}

/* Writes the word [start, end) of the gathered text, highlighting what
 * matches, and cutting it where lines end when it is wider than a line. */
static void write_word(renderer *r, size_t start, size_t end, size_t *run, size_t available)
{
    const char *text = r->text.data;
    size_t pos = start, match_end = start;
    int previous_word_char = 0;

    while (pos < end && !r->failed) {
        size_t at = pos, token_end;
        unsigned long cp = defcon_text_next_codepoint(text, end, &pos);
        int word_char = is_word_codepoint(cp);
        size_t columns = (size_t)defcon_text_codepoint_width(cp);
        unsigned style;

        if (word_char && !previous_word_char && r->is_match) {
            token_end = pos;
            while (token_end < end) {
                size_t next = token_end;

                if (!is_word_codepoint(defcon_text_next_codepoint(text, end, &next)))
                    break;
                token_end = next;
            }
            if (r->is_match(r->match_context, text + at, token_end - at))
                match_end = token_end;
        }
        previous_word_char = word_char;
        if (r->line_width > 0 && r->line_width + columns > available) {
            end_line(r);
            start_line(r);
        }
        style = style_at(r, at, run);
        if (at < match_end)
            style |= STYLE_MATCH;
        set_style(r, style);
        put(r, text + at, pos - at);
        r->line_width += columns;
    }
}

/* Lays out the gathered text from the start of a line: words separated
 * by spaces, '\n' for a forced line break. Returns the widest line. */
static size_t layout(renderer *r)
{
    const char *text = r->text.data ? r->text.data : "";
    size_t len = r->text.len, pos = 0, run = 0, widest = 0, available;
    defcon_wrap_word word;

    if (len == 0)
        return 0;
    start_line(r);
    available = available_columns(r);
    while (!r->failed && defcon_wrap_next_word(text, len, &pos, 1, &word)) {
        if (word.forced_break || defcon_wrap_needs_break(r->line_width, word.width, available)) {
            end_line(r);
            start_line(r);
            if (word.forced_break)
                continue;
        }
        if (r->line_width > 0) {
            /* The space takes the styles both words share (a link's
             * underline goes on, a highlight does not). */
            size_t after = run;
            unsigned before_style = style_at(r, word.start - 1, &run);

            set_style(r, before_style & style_at(r, word.start, &after) & ~(unsigned)STYLE_MATCH);
            put(r, " ", 1);
            r->line_width++;
        }
        write_word(r, word.start, word.end, &run, available);
        if (r->line_width > widest)
            widest = r->line_width;
    }
    end_line(r);
    return widest;
}

/* ---- Blocks ------------------------------------------------------------ */

static container *push_container(renderer *r, cmark_node_type type)
{
    container *c;

    if (r->depth == r->capacity
        && defcon_array_grow(&r->stack, &r->capacity, sizeof *r->stack, 16) != 0) {
        r->failed = 1;
        return NULL;
    }
    c = &r->stack[r->depth++];
    memset(c, 0, sizeof *c);
    c->type = type;
    return c;
}

static container *innermost(renderer *r, cmark_node_type type)
{
    size_t i;

    for (i = r->depth; i > 0; i--)
        if (r->stack[i - 1].type == type)
            return &r->stack[i - 1];
    return NULL;
}

static void enter_list(renderer *r, cmark_node *node)
{
    container *outer = innermost(r, CMARK_NODE_LIST);
    int bullet_level = outer ? outer->bullet_level + 1 : 0;
    container *c = push_container(r, CMARK_NODE_LIST);   /* may move the stack */

    if (!c)
        return;
    c->next_number = cmark_node_get_list_start(node);
    c->bullet_level = bullet_level;
    if (cmark_node_get_list_type(node) == CMARK_ORDERED_LIST)
        c->bullet_level = -1;
}

static void enter_item(renderer *r)
{
    container *list = innermost(r, CMARK_NODE_LIST);
    container *c;
    int number = 0, bullet_level = 0;

    if (list) {
        number = list->next_number++;
        bullet_level = list->bullet_level;
    }
    c = push_container(r, CMARK_NODE_ITEM);
    if (!c)
        return;
    if (bullet_level < 0) {
        snprintf(c->marker, sizeof c->marker, "%d. ", number);
        c->marker_width = strlen(c->marker);
    } else {
        size_t count = sizeof bullets / sizeof bullets[0];

        strcpy(c->marker, bullets[(size_t)bullet_level < count ? (size_t)bullet_level : count - 1]);
        c->marker_width = 2;
    }
}

/* Does this paragraph follow on from the line before without a blank
 * line? So it does in a tight list, except for the first item of a list
 * that is not itself in a list. */
static int follows_on(cmark_node *paragraph)
{
    cmark_node *item = cmark_node_parent(paragraph);
    cmark_node *list = item ? cmark_node_parent(item) : NULL;
    cmark_node *outer = list ? cmark_node_parent(list) : NULL;

    if (!list || cmark_node_get_type(item) != CMARK_NODE_ITEM || !cmark_node_get_list_tight(list))
        return 0;
    return cmark_node_previous(item) != NULL ||
           (outer && cmark_node_get_type(outer) == CMARK_NODE_ITEM);
}

static void write_heading(renderer *r, cmark_node *node)
{
    size_t widest = layout(r), i, columns;

    if (r->color || r->failed || widest == 0)
        return;
    /* Without styles, a heading is underlined with characters. */
    columns = widest < available_columns(r) ? widest : available_columns(r);
    start_line(r);
    for (i = 0; i < columns; i++)
        put(r, cmark_node_get_heading_level(node) == 1 ? "=" : "-", 1);
    end_line(r);
}

static void write_code_block(renderer *r, const char *code)
{
    const char *line = code, *end = code + strlen(code);

    while (end > code && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    while (line < end && !r->failed) {
        const char *newline = memchr(line, '\n', (size_t)(end - line));
        const char *line_end = newline ? newline : end;
        const char *p = line, *tab;
        size_t column = 0;

        /* Tabs go to the next multiple of four columns. */
        gather_reset(r);
        while (p < line_end && !r->failed) {
            tab = memchr(p, '\t', (size_t)(line_end - p));
            if (!tab)
                tab = line_end;
            gather(r, p, (size_t)(tab - p), STYLE_CODE, 0);
            column += defcon_text_display_width(p, (size_t)(tab - p));
            if (tab < line_end) {
                do {
                    gather(r, " ", 1, STYLE_CODE, 0);
                } while (++column % 4 != 0);
            }
            p = tab < line_end ? tab + 1 : line_end;
        }
        start_line(r);
        put_string(r, CODE_INDENT);
        set_style(r, STYLE_CODE);
        put(r, defcon_buffer_cstr(&r->text), r->text.len);
        end_line(r);
        line = newline ? newline + 1 : end;
    }
    gather_reset(r);
}

static void write_html_block(renderer *r, const char *html)
{
    defcon_buffer plain = DEFCON_BUFFER_INIT;
    const char *p, *end, *blank;

    if (defcon_markdown_html_to_text(html, strlen(html), &plain) != 0) {
        r->failed = 1;
        defcon_buffer_free(&plain);
        return;
    }
    p = defcon_buffer_cstr(&plain);
    end = p + plain.len;
    while (p < end && !r->failed) {
        blank = strstr(p, "\n\n");
        if (!blank)
            blank = end;
        separate_block(r, 1);
        gather_reset(r);
        gather(r, p, (size_t)(blank - p), 0, 1);
        layout(r);
        p = blank < end ? blank + 2 : end;
    }
    gather_reset(r);
    defcon_buffer_free(&plain);
}

static void write_rule(renderer *r)
{
    size_t i, columns;

    start_line(r);
    columns = r->width > 0 ? available_columns(r) : RULE_COLUMNS;
    for (i = 0; i < columns; i++)
        put_string(r, RULE_CHARACTER);
    end_line(r);
}

/* Is the link an autolink, whose text is its URL? */
static int is_autolink(cmark_node *link, const char *url)
{
    cmark_node *child = cmark_node_first_child(link);
    const char *text;

    if (!child || cmark_node_next(child) || cmark_node_get_type(child) != CMARK_NODE_TEXT)
        return 0;
    text = cmark_node_get_literal(child);
    return strcmp(text, url) == 0 ||
           (strncmp(url, "mailto:", 7) == 0 && strcmp(text, url + 7) == 0);
}

/* Adds " <url>" after a link's or image's text. */
static void gather_url(renderer *r, const char *url)
{
    if (!url || !url[0])
        return;
    gather(r, " <", 2, current_style(r) & ~(unsigned)STYLE_LINK, 0);
    gather(r, url, strlen(url), STYLE_URL, 0);
    gather(r, ">", 1, current_style(r) & ~(unsigned)STYLE_LINK, 0);
}

static void handle_inline(renderer *r, cmark_node *node, int entering)
{
    const char *literal = cmark_node_get_literal(node);

    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_TEXT:
        gather(r, literal, strlen(literal), current_style(r), 0);
        break;
    case CMARK_NODE_CODE:
        gather(r, literal, strlen(literal), current_style(r) | STYLE_CODE, 0);
        break;
    case CMARK_NODE_SOFTBREAK:
        gather(r, " ", 1, current_style(r), 0);
        break;
    case CMARK_NODE_LINEBREAK:
        gather(r, "\n", 1, current_style(r), 1);
        break;
    case CMARK_NODE_EMPH:
        r->emphasis += entering ? 1 : -1;
        break;
    case CMARK_NODE_STRONG:
        r->strong += entering ? 1 : -1;
        break;
    case CMARK_NODE_LINK:
        r->link += entering ? 1 : -1;
        if (!entering && !is_autolink(node, cmark_node_get_url(node)))
            gather_url(r, cmark_node_get_url(node));
        break;
    case CMARK_NODE_IMAGE:
        gather(r, entering ? "[" : "]", 1, current_style(r), 0);
        if (!entering)
            gather_url(r, cmark_node_get_url(node));
        break;
    default:
        break;   /* inline HTML is left out */
    }
}

static void handle_block(renderer *r, cmark_node *node, int entering)
{
    cmark_node_type type = cmark_node_get_type(node);

    switch (type) {
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_LIST:
    case CMARK_NODE_ITEM:
        if (!entering) {
            if (r->depth > 0)
                r->depth--;
        } else if (type == CMARK_NODE_LIST) {
            enter_list(r, node);
        } else if (type == CMARK_NODE_ITEM) {
            enter_item(r);
        } else {
            push_container(r, type);
        }
        break;
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
        if (entering) {
            separate_block(r, type == CMARK_NODE_HEADING || !follows_on(node));
            gather_reset(r);
            r->base_style = type == CMARK_NODE_HEADING ? STYLE_HEADING : 0;
        } else if (type == CMARK_NODE_HEADING) {
            write_heading(r, node);
        } else {
            layout(r);
        }
        break;
    case CMARK_NODE_CODE_BLOCK:
        separate_block(r, 1);
        write_code_block(r, cmark_node_get_literal(node));
        break;
    case CMARK_NODE_HTML_BLOCK:
        write_html_block(r, cmark_node_get_literal(node));
        break;
    case CMARK_NODE_THEMATIC_BREAK:
        separate_block(r, 1);
        write_rule(r);
        break;
    default:
        break;
    }
}

/* The options both renderers parse with: ill-formed UTF-8 becomes U+FFFD,
 * and raw HTML and dangerous links are dropped (CMARK_OPT_SAFE is the
 * default since cmark 0.29, and needed before). */
#define PARSE_OPTIONS (CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SAFE)

int defcon_render_terminal(const char *markdown, size_t len,
                           const defcon_render_options *options, defcon_buffer *out)
{
    cmark_node *document;
    cmark_iter *iter;
    cmark_event_type event;
    renderer r;

    memset(&r, 0, sizeof r);
    if (options) {
        r.width = options->width;
        r.color = options->color;
        r.is_match = options->is_match;
        r.match_context = options->match_context;
    }
    r.out = out;
    document = cmark_parse_document(markdown, len, PARSE_OPTIONS);
    iter = document ? cmark_iter_new(document) : NULL;
    while (iter && !r.failed && (event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(iter);
        cmark_node_type type = cmark_node_get_type(node);
        int entering = event == CMARK_EVENT_ENTER;

        if (type >= CMARK_NODE_FIRST_INLINE && type <= CMARK_NODE_LAST_INLINE)
            handle_inline(&r, node, entering);
        else
            handle_block(&r, node, entering);
    }
    if (iter)
        cmark_iter_free(iter);
    else
        r.failed = 1;
    if (document)
        cmark_node_free(document);
    free(r.stack);
    free(r.runs);
    defcon_buffer_free(&r.text);
    return r.failed ? -1 : 0;
}

int defcon_render_html(const char *markdown, size_t len, defcon_buffer *out)
{
    cmark_node *document = cmark_parse_document(markdown, len, PARSE_OPTIONS);
    char *html;
    int rc;

    if (!document)
        return -1;
    html = cmark_render_html(document, PARSE_OPTIONS);
    cmark_node_free(document);
    if (!html)
        return -1;
    rc = defcon_buffer_puts(out, html);
    cmark_get_default_mem_allocator()->free(html);
    return rc;
}

int defcon_render_html_marks(const char *html, size_t len, defcon_render_match_fn is_match,
                             void *match_context, defcon_buffer *out)
{
    size_t at = 0;
    int rc = 0;

    if (!is_match)
        return defcon_buffer_append(out, html, len);
    while (rc == 0 && at < len) {
        size_t start = at, next = at;
        if (html[at] == '<' || html[at] == '&') {
            const char *end = memchr(html + at, html[at] == '<' ? '>' : ';', len - at);
            size_t stop = end ? (size_t)(end - html) + 1 : len;
            rc = defcon_buffer_append(out, html + at, stop - at);
            at = stop;
            continue;
        }
        if (!is_word_codepoint(defcon_text_next_codepoint(html, len, &next))) {
            rc = defcon_buffer_append(out, html + at, next - at);
            at = next;
            continue;
        }
        at = next;
        while (at < len && html[at] != '<' && html[at] != '&') {
            next = at;
            if (!is_word_codepoint(defcon_text_next_codepoint(html, len, &next)))
                break;
            at = next;
        }
        if (is_match(match_context, html + start, at - start))
            rc = defcon_buffer_puts(out, "<mark>")
                 | defcon_buffer_append(out, html + start, at - start)
                 | defcon_buffer_puts(out, "</mark>");
        else
            rc = defcon_buffer_append(out, html + start, at - start);
    }
    return rc ? -1 : 0;
}

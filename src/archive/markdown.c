/*
 * markdown.c - Markdown to plain text with cmark; see markdown.h.
 *
 * A `writer` puts text into a buffer and owns the separators: a block
 * boundary, a line break or a space is only noted as pending, and written
 * when more text follows, the strongest pending one winning. So empty
 * blocks, nested containers and trailing breaks can never produce a
 * leading separator, a trailing one, or more than one blank line.
 *
 * Most archive articles are plain prose: paragraphs of text, perhaps with
 * backslash escapes, and nothing else. For them cmark's tree would only
 * ever hold paragraphs, text and soft breaks, and building it is most of
 * the cost of an article, so such text is converted directly by
 * write_prose(). It accepts only lines on which no Markdown construct can
 * start, and hands anything else to cmark untouched; the unit tests check
 * that both ways give the same text.
 *
 * Raw HTML goes through a small forgiving scanner rather than a real HTML
 * parser: the archive only needs the words out of it. Named entities are
 * resolved by cmark itself (it holds the full HTML5 table), by parsing the
 * reference alone as a one-line document.
 */
#include "markdown.h"
#include "ascii.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Pending separators, weakest first. */
typedef enum separator {
    SEPARATOR_NONE = 0,
    SEPARATOR_SPACE,
    SEPARATOR_NEWLINE,
    SEPARATOR_BLOCK
} separator;

/* How far to look for the '>' of a tag while honouring quoted attribute
 * values; past that, the first '>' ends the tag. Keeps the scan linear. */
#define TAG_SCAN_LIMIT 1024

/* Longest HTML5 entity name ("CounterClockwiseContourIntegral") is 31. */
#define ENTITY_NAME_MAX 32

typedef struct writer {
    defcon_buffer *out;
    separator pending;
    int line_start;          /* next text starts a source line */
    char raw_tag[8];         /* inside <script> or <style>: its name */
    int html_inline;         /* scanning inline HTML: block tags are spaces */
    int after_tag;           /* inline HTML was just dropped: a space that
                                follows a space is one too many */
    const char *next_gt;     /* cached '>' search in the current HTML text */
} writer;

static void writer_init(writer *w, defcon_buffer *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

static void writer_break(writer *w, separator s)
{
    if (s > w->pending)
        w->pending = s;
}

static int writer_text(writer *w, const char *text, size_t len)
{
    static const char *const separators[] = {"", " ", "\n", "\n\n"};

    if (w->after_tag && w->pending == SEPARATOR_NONE && w->out->len > 0 &&
        w->out->data[w->out->len - 1] == ' ') {
        while (len > 0 && *text == ' ') {
            text++;
            len--;
        }
    }
    if (len == 0)
        return 0;
    w->after_tag = 0;
    if (w->out->len > 0 && w->pending != SEPARATOR_NONE &&
        defcon_buffer_puts(w->out, separators[w->pending]) != 0)
        return -1;
    w->pending = SEPARATOR_NONE;
    w->line_start = 0;
    return defcon_buffer_append(w->out, text, len);
}

static int is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Case-insensitive search for `needle` (lowercase ASCII) in text. */
static const char *find_ascii_nocase(const char *text, const char *end, const char *needle)
{
    size_t n = strlen(needle);

    for (; (size_t)(end - text) >= n; text++) {
        size_t i;

        if (defcon_ascii_lower(*text) != needle[0])
            continue;
        for (i = 1; i < n && defcon_ascii_lower(text[i]) == needle[i]; i++)
            ;
        if (i == n)
            return text;
    }
    return NULL;
}

/* ---- Entities ---------------------------------------------------------- */

/* Resolves "&name;" (name of `len` bytes) by letting cmark parse it; the
 * text node then holds the character, or the reference unchanged when the
 * name is unknown. Returns 1 when resolved, 0 when not, -1 on no memory. */
static int resolve_with_cmark(const char *name, size_t len, defcon_buffer *out)
{
    char reference[ENTITY_NAME_MAX + 3];
    cmark_node *document, *paragraph, *text;
    const char *literal;
    int rc = 0;

    reference[0] = '&';
    memcpy(reference + 1, name, len);
    reference[len + 1] = ';';
    reference[len + 2] = '\0';
    document = cmark_parse_document(reference, len + 2, CMARK_OPT_DEFAULT);
    if (!document)
        return -1;
    paragraph = cmark_node_first_child(document);
    text = paragraph ? cmark_node_first_child(paragraph) : NULL;
    literal = text && cmark_node_get_type(text) == CMARK_NODE_TEXT
                  ? cmark_node_get_literal(text) : NULL;
    if (literal && strcmp(literal, reference) != 0 && !cmark_node_next(text))
        rc = defcon_buffer_puts(out, literal) == 0 ? 1 : -1;
    cmark_node_free(document);
    return rc;
}

/* Decodes the entity reference at text[0] == '&'. On success appends the
 * character(s) to `out` and returns the length of the reference; returns
 * 0 when it is not a reference we can decode, -1 when memory runs out. */
static long decode_entity(const char *text, const char *end, defcon_buffer *out)
{
    static const struct {
        const char *name;
        const char *value;
    } common[] = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
        {"nbsp", " "},
    };
    const char *p = text + 1;
    size_t i, len;

    if (p < end && *p == '#') {
        unsigned long cp = 0;
        int hex = 0, digits = 0;

        p++;
        if (p < end && (*p == 'x' || *p == 'X')) {
            hex = 1;
            p++;
        }
        for (; p < end && digits < 8; p++, digits++) {
            char c = defcon_ascii_lower(*p);

            if (c >= '0' && c <= '9')
                cp = cp * (hex ? 16 : 10) + (unsigned long)(c - '0');
            else if (hex && c >= 'a' && c <= 'f')
                cp = cp * 16 + (unsigned long)(c - 'a' + 10);
            else
                break;
        }
        if (digits == 0 || p >= end || *p != ';')
            return 0;
        /* A reference to a control character (&#10;, &#9;, &#x85;) stands
         * for white space in the text, never for a line or block break:
         * the body's blocks must stay one blank line apart. */
        if ((cp > 0 && cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp <= 0x9f))
            cp = ' ';
        if (defcon_text_put_codepoint(out, cp) != 0)
            return -1;
        return (long)(p + 1 - text);
    }
    for (len = 0; p + len < end && len <= ENTITY_NAME_MAX && defcon_ascii_is_alnum(p[len]); len++)
        ;
    if (len == 0 || len > ENTITY_NAME_MAX || p + len >= end || p[len] != ';')
        return 0;
    for (i = 0; i < sizeof common / sizeof common[0]; i++) {
        if (strlen(common[i].name) == len && memcmp(common[i].name, p, len) == 0) {
            if (defcon_buffer_puts(out, common[i].value) != 0)
                return -1;
            return (long)(len + 2);
        }
    }
    switch (resolve_with_cmark(p, len, out)) {
    case 1:
        return (long)(len + 2);
    case 0:
        return 0;
    default:
        return -1;
    }
}

/* ---- Raw HTML ---------------------------------------------------------- */

/* What a tag does to the text around it. */
static separator tag_separator(const char *name, int closing)
{
    static const char *const block_tags[] = {
        "address", "article", "aside", "blockquote", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
        "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
        "thead", "ul"
    };
    size_t i;

    if (strcmp(name, "br") == 0)
        return closing ? SEPARATOR_NONE : SEPARATOR_NEWLINE;
    if (strcmp(name, "tr") == 0)
        return SEPARATOR_NEWLINE;
    if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0 || strcmp(name, "img") == 0)
        return SEPARATOR_SPACE;
    for (i = 0; i < sizeof block_tags / sizeof block_tags[0]; i++)
        if (strcmp(name, block_tags[i]) == 0)
            return SEPARATOR_BLOCK;
    return SEPARATOR_NONE;
}

/* Finds the '>' closing the tag that starts at `p`, skipping quoted
 * attribute values for a while; NULL when the text has no '>' left. */
static const char *find_tag_end(writer *w, const char *p, const char *end)
{
    const char *limit = end - p > TAG_SCAN_LIMIT ? p + TAG_SCAN_LIMIT : end;
    const char *q;
    char quote = 0;

    for (q = p; q < limit; q++) {
        if (quote) {
            if (*q == quote)
                quote = 0;
        } else if (*q == '"' || *q == '\'') {
            quote = *q;
        } else if (*q == '>') {
            return q;
        }
    }
    /* Fall back on the first '>', remembered so that a text full of '<'
     * and no '>' costs one search, not one per '<'. */
    if (w->next_gt == NULL || (w->next_gt != end && w->next_gt < p)) {
        w->next_gt = memchr(p, '>', (size_t)(end - p));
        if (!w->next_gt)
            w->next_gt = end;
    }
    return w->next_gt == end ? NULL : w->next_gt;
}

/* Handles the markup at p[0] == '<': notes the separator a tag makes and
 * enters <script> or <style>. Returns the position after the markup, or
 * `p` when the '<' is plain text. */
static const char *html_markup(writer *w, const char *p, const char *end)
{
    const char *name_start, *tag_end, *q;
    char name[16];
    size_t n = 0;
    int closing = 0;
    separator s;

    if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
        q = find_ascii_nocase(p + 4, end, "-->");
        return q ? q + 3 : end;
    }
    q = p + 1;
    if (q < end && (*q == '!' || *q == '?')) {
        tag_end = memchr(q, '>', (size_t)(end - q));
        return tag_end ? tag_end + 1 : end;
    }
    if (q < end && *q == '/') {
        closing = 1;
        q++;
    }
    if (q >= end || !defcon_ascii_is_alpha(*q))
        return p;
    name_start = q;
    while (q < end && defcon_ascii_is_alnum(*q)) {
        if (n + 1 < sizeof name)
            name[n++] = defcon_ascii_lower(*q);
        q++;
    }
    name[n] = '\0';
    if (q - name_start >= (long)sizeof name)
        return p;   /* too long for a tag we know: keep as text */
    if (q < end && !is_ascii_space(*q) && *q != '>' && *q != '/')
        return p;
    tag_end = find_tag_end(w, q, end);
    if (!tag_end)
        return p;
    if (!closing && (strcmp(name, "script") == 0 || strcmp(name, "style") == 0) &&
        tag_end[-1] != '/')
        memcpy(w->raw_tag, name, n + 1);
    s = tag_separator(name, closing);
    if (w->html_inline && s == SEPARATOR_BLOCK)
        s = SEPARATOR_SPACE;
    writer_break(w, s);
    return tag_end + 1;
}

/* Writes the text of raw HTML. The writer's raw_tag carries a <script>
 * or <style> across calls, for inline HTML split over several nodes. */
static int html_write(writer *w, const char *html, size_t len)
{
    const char *p = html, *end = html + len;
    int failed = 0;

    w->next_gt = NULL;
    while (!failed && p < end) {
        if (w->raw_tag[0]) {
            char closing[12] = "</";
            const char *q;

            strcat(closing, w->raw_tag);
            q = find_ascii_nocase(p, end, closing);
            if (!q)
                return 0;
            w->raw_tag[0] = '\0';
            p = q;
            continue;
        }
        if (*p == '<') {
            const char *next = html_markup(w, p, end);

            if (next != p) {
                p = next;
                continue;
            }
            failed = writer_text(w, "<", 1) != 0;
            p++;
        } else if (*p == '&') {
            defcon_buffer decoded = DEFCON_BUFFER_INIT;
            long used = decode_entity(p, end, &decoded);

            if (used < 0) {
                failed = 1;
            } else if (used == 0) {
                failed = writer_text(w, "&", 1) != 0;
                p++;
            } else {
                /* A no-break space is a space like any other here. */
                if (decoded.len == 1 && decoded.data[0] == ' ')
                    writer_break(w, SEPARATOR_SPACE);
                else
                    failed = writer_text(w, decoded.data, decoded.len) != 0;
                p += used;
            }
            defcon_buffer_free(&decoded);
        } else if (is_ascii_space(*p)) {
            writer_break(w, SEPARATOR_SPACE);
            p++;
        } else {
            const char *run = p;

            while (p < end && *p != '<' && *p != '&' && !is_ascii_space(*p))
                p++;
            failed = writer_text(w, run, (size_t)(p - run)) != 0;
        }
    }
    return failed ? -1 : 0;
}

int defcon_markdown_html_to_text(const char *html, size_t len, defcon_buffer *out)
{
    writer w;

    writer_init(&w, out);
    return html_write(&w, html, len);
}

/* ---- Code blocks ------------------------------------------------------- */

/* Writes a code block's lines, dropping blank ones and trailing blanks. */
static int write_code(writer *w, const char *code)
{
    const char *line = code, *newline, *end;

    while (*line) {
        newline = strchr(line, '\n');
        end = newline ? newline : line + strlen(line);
        while (end > line && is_ascii_space(end[-1]))
            end--;
        if (end > line) {
            writer_break(w, SEPARATOR_NEWLINE);
            if (writer_text(w, line, (size_t)(end - line)) != 0)
                return -1;
        }
        if (!newline)
            break;
        line = newline + 1;
    }
    return 0;
}

/* Writes a text node, dropping a backslash before a digit at the start of
 * a line (see markdown.h). cmark may keep the backslash as a node of its
 * own, so the digit can be in the next node. */
/* Whether `c` is a C0 control character other than the tab. */
static int is_breaking_control(char c)
{
    return (unsigned char)c < 0x20 && c != '\t';
}

/* Whether the text holds such a character. */
static int has_control(const char *text, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (is_breaking_control(text[i]))
            return 1;
    return 0;
}

static int write_text_node(writer *w, cmark_node *node)
{
    const char *text = cmark_node_get_literal(node);
    size_t len;

    if (!text)
        return 0;
    len = strlen(text);
    if (w->line_start && text[0] == '\\') {
        char after = text[1];

        if (after == '\0') {
            cmark_node *next = cmark_node_next(node);
            const char *next_text = next && cmark_node_get_type(next) == CMARK_NODE_TEXT
                                        ? cmark_node_get_literal(next) : NULL;

            after = next_text ? next_text[0] : '\0';
        }
        if (after >= '0' && after <= '9') {
            text++;
            len--;
            if (len == 0)
                return 0;   /* the digit, in the next node, still starts the line */
        }
    }
    if (has_control(text, len)) {
        /* cmark decodes &#10; and its kin into the text: inside a
         * paragraph they are white space, not line or block breaks. */
        defcon_buffer spaced = DEFCON_BUFFER_INIT;
        size_t i;
        int rc = defcon_buffer_append(&spaced, text, len);
        for (i = 0; rc == 0 && i < spaced.len; i++)
            if (is_breaking_control(spaced.data[i]))
                spaced.data[i] = ' ';
        if (rc == 0)
            rc = writer_text(w, spaced.data, spaced.len);
        defcon_buffer_free(&spaced);
        return rc;
    }
    return writer_text(w, text, len);
}

/* ---- Plain prose ----------------------------------------------------- */

static int is_ascii_punct(char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

/* What a byte means inside a line of prose. */
enum {
    PROSE_TEXT = 0,     /* itself */
    PROSE_MARKUP,       /* may start an inline construct: needs cmark */
    PROSE_AMPERSAND,    /* an entity when a name or '#' follows */
    PROSE_BACKSLASH     /* an escape when punctuation follows */
};

static const unsigned char prose_byte[256] = {
    /* control characters but tab */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    /*  ! " # $ % & ' ( ) * + , - . / */
    0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0,
    /* 0-9 : ; < = > ? */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    /* @ A-O */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* P-Z [ \ ] ^ _ */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 1, 0, 1,
    /* ` a-o */
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* p-z { | } ~ DEL */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0x80 and above: UTF-8 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Can a line starting with `c` begin a block other than a paragraph (or
 * continue one differently)? Blanks (indented code, continuation), '#'
 * headings, '>' quotes, '-' '+' '*' bullets and breaks, '=' and '-'
 * setext underlines, '_' breaks, fences, '<' HTML, '[' link definitions.
 * '!' and '&' are refused to keep the inline check simple. Ordered list
 * numbers are checked apart. */
static int is_risky_line_start(char c)
{
    return c == '\0' || strchr(" \t#>-+*=_`~<[!&", c) != NULL;
}

/* Writes the prose line [p, end) (a line of a paragraph, no newline),
 * resolving backslash escapes. Returns 1 when written, 0 when the line
 * holds something only cmark can read, -1 when memory runs out. */
static int prose_line(writer *w, const char *p, const char *end)
{
    const char *run = p, *q;

    if (is_risky_line_start(*p) || end[-1] == ' ' || end[-1] == '\\' || end[-1] == '\t')
        return 0;
    for (q = p; q < end && *q >= '0' && *q <= '9'; q++)
        ;
    if (q > p && q - p <= 9 && q < end && (*q == '.' || *q == ')') &&
        (q + 1 == end || q[1] == ' ' || q[1] == '\t'))
        return 0;   /* "1. " or "1) " starts an ordered list */
    /* A backslash before a digit at the start of a line is dropped, as
     * write_text_node() does. */
    if (*p == '\\' && end - p > 1 && p[1] >= '0' && p[1] <= '9')
        run = ++p;
    for (q = p; q < end; q++) {
        switch (prose_byte[(unsigned char)*q]) {
        case PROSE_TEXT:
            break;
        case PROSE_MARKUP:
            return 0;
        case PROSE_AMPERSAND:
            if (q + 1 < end && (q[1] == '#' || defcon_ascii_is_alnum(q[1])))
                return 0;
            break;
        case PROSE_BACKSLASH:
            if (q + 1 < end && is_ascii_punct(q[1])) {
                if (writer_text(w, run, (size_t)(q - run)) != 0)
                    return -1;
                run = ++q;   /* the escaped character starts the next run */
            }
            break;
        }
    }
    return writer_text(w, run, (size_t)(end - run)) != 0 ? -1 : 1;
}

/* Converts Markdown made only of plain paragraphs. Returns 1 when done,
 * 0 when the text needs cmark (the body is then as it was), -1 when
 * memory runs out. */
static int write_prose(const char *markdown, size_t len, defcon_buffer *body)
{
    const char *p = markdown, *end = markdown + len, *newline, *line_end;
    size_t body_len = body->len;
    writer w;
    int rc = 1;

    writer_init(&w, body);
    while (rc == 1 && p < end) {
        const char *q;

        newline = memchr(p, '\n', (size_t)(end - p));
        line_end = newline ? newline : end;
        for (q = p; q < line_end && (*q == ' ' || *q == '\t'); q++)
            ;
        if (q == line_end) {
            writer_break(&w, SEPARATOR_BLOCK);   /* a blank line ends a paragraph */
        } else {
            writer_break(&w, SEPARATOR_SPACE);   /* a soft line break */
            rc = prose_line(&w, p, line_end);
        }
        p = newline ? newline + 1 : end;
    }
    if (rc == 0) {
        body->len = body_len;
        if (body->data)
            body->data[body_len] = '\0';
    }
    return rc;
}

/* ---- The cmark tree ---------------------------------------------------- */

/* Heading text, collected apart so that it can become the title. */
typedef struct heading_state {
    defcon_buffer text;
    defcon_buffer *body;      /* where the writer goes back to */
    int drop;                 /* leave this heading out of the body */
    int seen;                 /* a heading was already met */
} heading_state;

/* Compares two texts as one-line strings, ignoring ASCII case. */
static int same_title(const char *a, const char *b)
{
    char *x = defcon_text_line_dup(a, strlen(a));
    char *y = defcon_text_line_dup(b, strlen(b));
    int same = 0;

    if (x && y) {
        size_t i;

        for (i = 0; x[i] && defcon_ascii_lower(x[i]) == defcon_ascii_lower(y[i]); i++)
            ;
        same = x[i] == y[i];
    }
    free(x);
    free(y);
    return same;
}

static void enter_heading(writer *w, heading_state *h, cmark_node *node)
{
    cmark_node *parent = cmark_node_parent(node);

    /* Only the document's first block may be dropped; whether it is
     * depends on its text, known on exit. */
    h->drop = !h->seen && parent && cmark_node_get_type(parent) == CMARK_NODE_DOCUMENT &&
              !cmark_node_previous(node);
    defcon_buffer_clear(&h->text);
    h->body = w->out;
    w->out = &h->text;
    w->pending = SEPARATOR_NONE;
    w->line_start = 1;
}

static int exit_heading(writer *w, heading_state *h, const char *title,
                        defcon_buffer *first_heading)
{
    const char *text = defcon_buffer_cstr(&h->text);
    int first = !h->seen;

    w->out = h->body;
    w->pending = SEPARATOR_BLOCK;
    h->seen = 1;
    if (first && first_heading &&
        defcon_text_append_line(first_heading, h->text.data ? h->text.data : "",
                                h->text.len) != 0)
        return -1;
    if (h->drop && (title == NULL || same_title(text, title)))
        return 0;
    return writer_text(w, h->text.data, h->text.len);
}

static int is_block(cmark_node_type type)
{
    return type >= CMARK_NODE_FIRST_BLOCK && type <= CMARK_NODE_LAST_BLOCK;
}

/* Writes one event of the walk over cmark's tree. Returns 0 or -1. */
static int write_event(writer *w, heading_state *heading, cmark_node *node, int entering,
                       const char *title, defcon_buffer *first_heading)
{
    cmark_node_type type = cmark_node_get_type(node);
    const char *literal;

    if (is_block(type) && type != CMARK_NODE_HEADING) {
        writer_break(w, SEPARATOR_BLOCK);
        if (entering)
            w->line_start = 1;
    }
    switch (type) {
    case CMARK_NODE_HEADING:
        if (entering)
            enter_heading(w, heading, node);
        return entering ? 0 : exit_heading(w, heading, title, first_heading);
    case CMARK_NODE_CODE_BLOCK:
        return write_code(w, cmark_node_get_literal(node));
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_HTML_INLINE: {
        int rc;
        literal = cmark_node_get_literal(node);
        w->html_inline = type == CMARK_NODE_HTML_INLINE;
        rc = html_write(w, literal, strlen(literal));
        if (w->html_inline)
            w->after_tag = 1;
        else
            w->raw_tag[0] = '\0';
        return rc;
    }
    case CMARK_NODE_TEXT:
        return w->raw_tag[0] ? 0 : write_text_node(w, node);
    case CMARK_NODE_CODE:
        literal = cmark_node_get_literal(node);
        return w->raw_tag[0] ? 0 : writer_text(w, literal, strlen(literal));
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
        writer_break(w, type == CMARK_NODE_SOFTBREAK ? SEPARATOR_SPACE : SEPARATOR_NEWLINE);
        w->line_start = 1;
        return 0;
    case CMARK_NODE_PARAGRAPH:
        if (!entering)
            w->raw_tag[0] = '\0';   /* an unclosed inline <script> ends here */
        return 0;
    default:
        return 0;
    }
}

int defcon_markdown_to_text(const char *markdown, size_t len, const char *title,
                            defcon_buffer *body, defcon_buffer *first_heading)
{
    cmark_node *document;
    cmark_iter *iter;
    cmark_event_type event;
    heading_state heading;
    writer w;
    int rc;

    rc = write_prose(markdown, len, body);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    document = cmark_parse_document(markdown, len, CMARK_OPT_DEFAULT);
    if (!document)
        return -1;
    iter = cmark_iter_new(document);
    if (!iter) {
        cmark_node_free(document);
        return -1;
    }
    writer_init(&w, body);
    memset(&heading, 0, sizeof heading);
    while (rc == 0 && (event = cmark_iter_next(iter)) != CMARK_EVENT_DONE)
        rc = write_event(&w, &heading, cmark_iter_get_node(iter), event == CMARK_EVENT_ENTER,
                         title, first_heading);
    cmark_iter_free(iter);
    cmark_node_free(document);
    defcon_buffer_free(&heading.text);
    return rc;
}

int defcon_markdown_escape(const char *text, defcon_buffer *out)
{
    const char *p;
    int rc = 0;

    for (p = text ? text : ""; rc == 0 && *p; p++) {
        if ((*p >= '!' && *p <= '/') || (*p >= ':' && *p <= '@') || (*p >= '[' && *p <= '`')
            || (*p >= '{' && *p <= '~'))
            rc = defcon_buffer_putc(out, '\\');
        if (rc == 0)
            rc = defcon_buffer_putc(out, *p);
    }
    return rc;
}

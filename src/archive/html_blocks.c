/*
 * html_blocks.c - cutting a page into blocks of text (html_blocks.h).
 *
 * One iterative walk over the tree. Block-level elements close the block
 * being built; text nodes add to it with runs of spaces collapsed and
 * control characters dropped; em/strong/a add their tags to the block's
 * HTML (a link only with an http(s) address). Boilerplate elements are
 * skipped whole.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_blocks.h"
#include "array.h"
#include "html_walk.h"
#include "text.h"

static const char *const block_tags[] = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dir",
    "div", "dl", "dt", "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption",
    "legend", "hgroup", NULL};

static int is_block_tag(const char *name)
{
    const char *const *t;

    for (t = block_tags; *t; t++)
        if ((*t)[0] == name[0] && strcmp(name, *t) == 0)
            return 1;
    return 0;
}

/* Sets what the block that starts at text node `node` is. */
static void describe_block(html_block *b, xmlNodePtr node)
{
    xmlNodePtr p;
    int steps = 0;

    b->element = NULL;
    for (p = node->parent; p && p->type == XML_ELEMENT_NODE && steps < 64; p = p->parent, steps++) {
        const char *name = (const char *)p->name;

        if (!b->element && is_block_tag(name)) {
            b->element = p;
            if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2]) {
                b->kind = KIND_HEADING;
                b->level = name[1] - '0';
            } else if (strcmp(name, "li") == 0) {
                b->kind = KIND_ITEM;
                if (defcon_html_is(p->parent, "ul") || defcon_html_is(p->parent, "ol"))
                    b->list = p->parent;
            } else if (strcmp(name, "pre") == 0) {
                b->kind = KIND_PRE;
            } else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
                b->kind = KIND_CELL;
            }
        }
        if (strcmp(name, "blockquote") == 0)
            b->quote = 1;
    }
    if (!b->element)
        b->element = node->parent;
}

static int write_inline_open(html_extractor *x, html_inline *in)
{
    const char *href;

    if (strcmp(in->tag, "a") != 0) {
        in->written = 1;
        return defcon_buffer_printf(&x->html, "<%s>", in->tag);
    }
    href = defcon_html_attribute(in->node, "href");
    if (!href || (strncasecmp(href, "http://", 7) != 0 && strncasecmp(href, "https://", 8) != 0))
        return 0;
    in->written = 1;
    if (defcon_buffer_puts(&x->html, "<a href=\"") != 0)
        return -1;
    for (; *href; href++) {
        const char *escaped = *href == '"' ? "&quot;" : *href == '&' ? "&amp;"
                              : *href == '<' ? "&lt;" : *href == '>' ? "&gt;" : NULL;
        unsigned char c = (unsigned char)*href;

        if (c < 0x20 || c == 0x7F)
            continue;
        if (escaped ? defcon_buffer_puts(&x->html, escaped) != 0
                    : defcon_buffer_putc(&x->html, *href) != 0)
            return -1;
    }
    return defcon_buffer_puts(&x->html, "\">");
}

static int open_block(html_extractor *x, xmlNodePtr text_node)
{
    int i;

    memset(&x->current, 0, sizeof x->current);
    x->current.text_start = x->current.text_end = x->text.len;
    x->current.html_start = x->html.len;
    describe_block(&x->current, text_node);
    x->open = 1;
    x->space = 0;
    for (i = 0; i < x->inline_count; i++)
        if (write_inline_open(x, &x->inlines[i]) != 0)
            return -1;
    return 0;
}

/* Counts the block's words and the English stop words among them. */
static void count_words(html_extractor *x, html_block *b);

static int close_block(html_extractor *x)
{
    int i;

    if (!x->open)
        return 0;
    x->open = 0;
    for (i = x->inline_count - 1; i >= 0; i--) {
        if (x->inlines[i].written
            && defcon_buffer_printf(&x->html, "</%s>", x->inlines[i].tag) != 0)
            return -1;
        x->inlines[i].written = 0;
    }
    /* Drop a trailing line break. */
    while (x->text.len > x->current.text_start && x->text.data[x->text.len - 1] == '\n')
        x->text.len--;
    x->current.text_end = x->text.len;
    x->current.html_end = x->html.len;
    if (x->current.chars == 0)
        return 0;
    count_words(x, &x->current);
    if (x->count == x->cap
        && defcon_array_grow(&x->blocks, &x->cap, sizeof *x->blocks, 64) != 0)
        return -1;
    x->blocks[x->count++] = x->current;
    return 0;
}

static int put_escaped(defcon_buffer *html, const char *bytes, size_t len)
{
    if (len == 1 && (*bytes == '<' || *bytes == '>' || *bytes == '&'))
        return defcon_buffer_puts(html, *bytes == '<' ? "&lt;" : *bytes == '>' ? "&gt;" : "&amp;");
    return defcon_buffer_append(html, bytes, len);
}

/* Writes the space seen since the last character, if any, unless the
 * block is empty or just had a line break. */
static int put_pending_space(html_extractor *x)
{
    int space = x->space;

    x->space = 0;
    if (!space || !x->open || x->text.len == x->current.text_start
        || x->text.data[x->text.len - 1] == '\n')
        return 0;
    if (defcon_buffer_putc(&x->text, ' ') != 0 || defcon_buffer_putc(&x->html, ' ') != 0)
        return -1;
    return 0;
}

/* How many bytes from `s` on are printable ASCII that the HTML output
 * needs not escape: most of a page's text, taken a run at a time. */
static size_t plain_run(const char *s, size_t len)
{
    size_t n = 0;

    while (n < len && (unsigned char)s[n] > 0x20 && (unsigned char)s[n] < 0x7F && s[n] != '<'
           && s[n] != '>' && s[n] != '&')
        n++;
    return n;
}

/* Adds `n` characters of printable ASCII (plain_run) to the block. */
static int add_plain(html_extractor *x, xmlNodePtr node, const char *s, size_t n)
{
    if ((!x->open && open_block(x, node) != 0) || put_pending_space(x) != 0
        || defcon_buffer_append(&x->text, s, n) != 0 || defcon_buffer_append(&x->html, s, n) != 0)
        return -1;
    x->current.chars += n;
    x->current.weight += n;
    if (x->link_depth > 0)
        x->current.link_chars += n;
    return 0;
}

/* Adds a text node's content to the block being built. */
static int add_text(html_extractor *x, xmlNodePtr node)
{
    const char *s = (const char *)node->content;
    size_t len = s ? strlen(s) : 0, pos = 0;

    while (pos < len) {
        size_t start = pos, space = defcon_text_space_length(s + pos, len - pos), run;
        unsigned long cp;

        if (space > 0) {
            /* Preformatted text keeps its lines, and at most one blank
             * line in a row. */
            if (x->pre_depth > 0 && s[pos] == '\n' && x->open
                && !(x->text.len >= x->current.text_start + 2
                     && memcmp(x->text.data + x->text.len - 2, "\n\n", 2) == 0)) {
                if (defcon_buffer_putc(&x->text, '\n') != 0 || defcon_buffer_puts(&x->html, "\n"))
                    return -1;
                x->space = 0;
            } else {
                x->space = 1;
            }
            pos += space;
            continue;
        }
        if ((run = plain_run(s + pos, len - pos)) > 0) {
            if (add_plain(x, node, s + pos, run) != 0)
                return -1;
            pos += run;
            continue;
        }
        cp = defcon_text_next_codepoint(s, len, &pos);
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xFEFF || cp == 0x200B) {
            x->space = x->space || cp < 0x20;
            continue;
        }
        if (!x->open && open_block(x, node) != 0)
            return -1;
        if (put_pending_space(x) != 0)
            return -1;
        if (defcon_buffer_append(&x->text, s + start, pos - start) != 0
            || put_escaped(&x->html, s + start, pos - start) != 0)
            return -1;
        x->current.chars++;
        x->current.weight += cp >= 0x2E80 && cp < 0xD7B0 ? 3 : 1;
        if (x->link_depth > 0)
            x->current.link_chars++;
    }
    return 0;
}

static int line_break(html_extractor *x)
{
    if (!x->open || x->text.len == x->current.text_start
        || x->text.data[x->text.len - 1] == '\n')
        return 0;
    x->space = 0;
    if (defcon_buffer_putc(&x->text, '\n') != 0)
        return -1;
    return defcon_buffer_puts(&x->html, "<br>");
}

static const char *inline_tag(const char *name)
{
    if (strcmp(name, "em") == 0 || strcmp(name, "i") == 0)
        return "em";
    if (strcmp(name, "strong") == 0 || strcmp(name, "b") == 0)
        return "strong";
    if (strcmp(name, "a") == 0)
        return "a";
    return NULL;
}

static int enter_element(html_extractor *x, defcon_html_walk *walk)
{
    xmlNodePtr node = walk->node;
    const char *name = (const char *)node->name, *tag;

    if (defcon_html_junk(x, node)) {
        walk->skip = 1;
        return is_block_tag(name) ? close_block(x) : 0;
    }
    if (strcmp(name, "br") == 0)
        return line_break(x);
    if (is_block_tag(name) && close_block(x) != 0)
        return -1;
    if (strcmp(name, "pre") == 0)
        x->pre_depth++;
    if (strcmp(name, "a") == 0)
        x->link_depth++;
    tag = inline_tag(name);
    if (tag && x->inline_count < HTML_INLINE_MAX) {
        html_inline *in = &x->inlines[x->inline_count++];

        in->node = node;
        in->tag = tag;
        in->written = 0;
        /* "the <em>word" is written "the <em>word", not "the<em> word". */
        if (x->open)
            return put_pending_space(x) != 0 ? -1 : write_inline_open(x, in);
    }
    return 0;
}

static int leave_element(html_extractor *x, xmlNodePtr node)
{
    const char *name = (const char *)node->name;

    if (is_block_tag(name))
        return close_block(x);
    if (strcmp(name, "pre") == 0 && x->pre_depth > 0)
        x->pre_depth--;
    if (strcmp(name, "a") == 0 && x->link_depth > 0)
        x->link_depth--;
    if (x->inline_count > 0 && x->inlines[x->inline_count - 1].node == node) {
        html_inline *in = &x->inlines[--x->inline_count];

        if (in->written && defcon_buffer_printf(&x->html, "</%s>", in->tag) != 0)
            return -1;
    }
    return 0;
}

int defcon_html_blocks_collect(html_extractor *x, xmlNodePtr root)
{
    defcon_html_walk walk;
    int rc = 0;

    x->open = x->space = x->link_depth = x->pre_depth = x->inline_count = 0;
    defcon_html_walk_start(&walk, root);
    while (rc == 0 && defcon_html_walk_next(&walk)) {
        xmlNodePtr node = walk.node;

        if (node->type == XML_ELEMENT_NODE) {
            if (walk.entering)
                rc = enter_element(x, &walk);
            else if (!defcon_html_junk(x, node))
                rc = leave_element(x, node);
        } else if (walk.entering
                   && (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)) {
            rc = add_text(x, node);
        }
    }
    if (rc == 0)
        rc = close_block(x);
    return rc;
}

/* English stop words, sorted for bsearch. */
static const char *const stop_words[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
    "any", "are", "as", "at", "be", "because", "been", "before", "being", "below",
    "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
    "during", "each", "even", "few", "for", "from", "further", "had", "has", "have",
    "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i",
    "if", "in", "into", "is", "it", "its", "itself", "just", "last", "like", "many", "may",
    "me", "might", "more", "most", "much", "must", "my", "myself", "new", "no", "nor",
    "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "ours",
    "out", "over", "own", "said", "same", "says", "she", "should", "since", "so", "some",
    "still", "such", "than", "that", "the", "their", "theirs", "them", "themselves",
    "then", "there", "these", "they", "this", "those", "through", "to", "too", "two",
    "under", "until", "up", "us", "very", "was", "we", "were", "what", "when", "where",
    "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    "yours"};

static int compare_word(const void *key, const void *item)
{
    return strcmp((const char *)key, *(const char *const *)item);
}

static void count_words(html_extractor *x, html_block *b)
{
    const char *s = x->text.data + b->text_start, *end = x->text.data + b->text_end;

    b->words = b->stop_words = 0;
    while (s < end) {
        char word[16];
        size_t n = 0;
        int ascii = 1;

        while (s < end && !((unsigned char)*s >= 0x80 || (*s >= 'a' && *s <= 'z')
                            || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            s++;
        if (s >= end)
            break;
        while (s < end && ((unsigned char)*s >= 0x80 || (*s >= 'a' && *s <= 'z')
                           || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9'))) {
            if ((unsigned char)*s >= 0x80)
                ascii = 0;
            if (n + 1 < sizeof word)
                word[n++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
            s++;
        }
        word[n] = '\0';
        b->words++;
        if (ascii && n < sizeof word - 1
            && bsearch(word, stop_words, sizeof stop_words / sizeof stop_words[0],
                       sizeof stop_words[0], compare_word))
            b->stop_words++;
    }
}

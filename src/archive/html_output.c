/*
 * html_output.c - the chosen blocks written out (html_blocks.h): the body
 * as plain text, paragraphs separated by "\n\n", and the same blocks as
 * minimal HTML (p, h2-h4, ul/ol/li, blockquote, pre; the inline em,
 * strong and http(s) links were written while collecting).
 */
#include <string.h>

#include "html_blocks.h"
#include "html_page.h"
#include "html_walk.h"

static int inside(xmlNodePtr node, xmlNodePtr container)
{
    int steps = 0;

    for (; node && steps <= DEFCON_HTML_PAGE_MAX_DEPTH + 1; node = node->parent, steps++)
        if (node == container)
            return 1;
    return 0;
}

/* In the container or one of its parts (html_score.c's join_parts). */
static int in_container(const html_extractor *x, xmlNodePtr node, xmlNodePtr container)
{
    int i;

    if (inside(node, container))
        return 1;
    for (i = 0; i < x->part_count; i++)
        if (inside(node, x->parts[i]))
            return 1;
    return 0;
}

/* Inside the article body the page marks, everything but link lists. */
static int lenient_keep(const html_block *b)
{
    return b->link_chars * 2 <= b->chars
           || (b->link_chars * 10 <= b->chars * 7 && b->chars - b->link_chars >= 50);
}

/* 1 for a heading over a list of links ("More stories", "Related"). */
static int list_title(const html_extractor *x, size_t i)
{
    const html_block *next = i + 1 < x->count ? &x->blocks[i + 1] : NULL;

    return x->blocks[i].kind == KIND_HEADING && next && next->link_chars * 2 > next->chars;
}

static int same_text(const html_extractor *x, const html_block *b, const char *title)
{
    size_t len = b->text_end - b->text_start;

    return title && strlen(title) == len && memcmp(x->text.data + b->text_start, title, len) == 0;
}

static int write_html(html_extractor *x, const html_block *b, xmlNodePtr *list,
                      defcon_buffer *html)
{
    const char *content = x->html.data + b->html_start;
    int length = (int)(b->html_end - b->html_start), level;

    if (*list && b->list != *list) {
        if (defcon_buffer_puts(html, defcon_html_is(*list, "ol") ? "</ol>\n" : "</ul>\n") != 0)
            return -1;
        *list = NULL;
    }
    if (b->kind == KIND_ITEM && b->list) {
        if (*list != b->list
            && defcon_buffer_puts(html, defcon_html_is(b->list, "ol") ? "<ol>\n" : "<ul>\n") != 0)
            return -1;
        *list = b->list;
        return defcon_buffer_printf(html, "<li>%.*s</li>\n", length, content);
    }
    if (b->kind == KIND_HEADING) {
        level = b->level < 2 ? 2 : b->level > 4 ? 4 : b->level;
        return defcon_buffer_printf(html, "<h%d>%.*s</h%d>\n", level, length, content, level);
    }
    if (b->kind == KIND_PRE)
        return defcon_buffer_printf(html, "<pre>%.*s</pre>\n", length, content);
    if (b->quote)
        return defcon_buffer_printf(html, "<blockquote><p>%.*s</p></blockquote>\n", length,
                                    content);
    return defcon_buffer_printf(html, "<p>%.*s</p>\n", length, content);
}

int defcon_html_blocks_output(html_extractor *x, const char *title, defcon_html_text *out)
{
    xmlNodePtr list = NULL;
    size_t i;

    out->good_blocks = 0;
    out->linked_headings = 0;
    for (i = 0; i < x->count; i++) {
        html_block *b = &x->blocks[i];

        if (b->kind == KIND_HEADING && b->link_chars * 10 >= b->chars * 8)
            out->linked_headings++;
        if (b->final_cls == BLOCK_GOOD)
            out->good_blocks++;
        if (!out->container || !in_container(x, b->element, out->container))
            continue;
        if (b->final_cls != BLOCK_GOOD && !(out->structural && lenient_keep(b))
            && !(x->last_resort && (b->cls == BLOCK_NEAR_GOOD
                                    || (b->cls == BLOCK_SHORT && b->words >= 8))))
            continue;
        if ((b->kind == KIND_HEADING && b->level == 1) || same_text(x, b, title)
            || list_title(x, i))
            continue;
        if (out->body.len > 0 && defcon_buffer_puts(&out->body, "\n\n") != 0)
            return -1;
        if (defcon_buffer_append(&out->body, x->text.data + b->text_start,
                                 b->text_end - b->text_start) != 0
            || write_html(x, b, &list, &out->html) != 0)
            return -1;
    }
    if (list && defcon_buffer_puts(&out->html, defcon_html_is(list, "ol") ? "</ol>\n" : "</ul>\n"))
        return -1;
    return 0;
}

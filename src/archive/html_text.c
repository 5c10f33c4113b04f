/*
 * html_text.c - the main text of a parsed HTML page (see html_text.h).
 *
 * Three passes over the tree, all iterative: a first one numbers the
 * elements (through libxml2's _private field) and counts the text each
 * holds, so that removal rules never drop most of a page's text; a second
 * cuts the page into blocks, leaving out boilerplate elements; after the
 * blocks are classified, the container is chosen and its good blocks are
 * written out as text and as HTML (html_text_output.c).
 */
#include "html_text.h"
#include "array.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_blocks.h"
#include "html_page.h"
#include "html_walk.h"
#include "text.h"

static const char *const always_junk_tags[] = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
    "canvas", "video", "audio", "button", "input", "select", "textarea", "option", "head",
    "title", "label", "dialog", "figcaption", "img", "picture", "source", "map", NULL};
/* Removed unless they hold a large share of the page's text. */
static const char *const weak_junk_tags[] = {
    "nav", "aside", "footer", "header", "form", "menu", "figure", "address", NULL};
static const char *const junk_roles[] = {
    "navigation", "banner", "contentinfo", "complementary", "search", "dialog",
    "alertdialog", "menu", "menubar", NULL};
/* Class and id words (or their starts) naming boilerplate, always removed. */
static const char *const strong_junk_words[] = {
    "comment", "share", "sharing", "social", "related", "cookie", "consent", "gdpr",
    "newsletter", "subscribe", "subscription", "disqus", "outbrain", "taboola", "advert",
    "sponsor", "promo", "recommend", "recirc", "popup", "modal", "signup", "breadcrumb",
    "pagination", "pager", "byline", "tags", "trending", "jump", "excerpt", "teaser", "latest",
    "recent", NULL};
static const char *const strong_junk_exact[] = {"ad", "ads", "adv", "rail", "popular", NULL};
/* Class and id words naming boilerplate unless another names content. */
static const char *const weak_junk_words[] = {
    "nav", "menu", "footer", "header", "masthead", "sidebar", "aside", "widget", "banner",
    "toolbar", "meta", "author", "caption", "credit", "hidden", "skip", "login", "legal",
    "copyright", "tool", "utility", NULL};
static const char *const content_words[] = {
    "article", "content", "body", "story", "entry", "main", NULL};

/* These run for every element of every page: the first byte is compared
 * before the rest. */
static int in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if ((*list)[0] == name[0] && strcmp(name, *list) == 0)
            return 1;
    return 0;
}

static int starts_with_any(const char *word, const char *const *list)
{
    for (; *list; list++)
        if ((*list)[0] == word[0] && strncmp(word, *list, strlen(*list)) == 0)
            return 1;
    return 0;
}

/* strstr() ignoring ASCII case; `needle` is lower case. */
static int contains_nocase(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    for (; *haystack; haystack++)
        if (strncasecmp(haystack, needle, n) == 0)
            return 1;
    return 0;
}

element_info *defcon_html_info(const html_extractor *x, xmlNodePtr node)
{
    uintptr_t index = node ? (uintptr_t)node->_private : 0;

    return index && index <= x->info_count ? &x->info[index - 1] : NULL;
}

/* The verdict on one class name or id ("entry-meta", "articleBody"):
 * 2 strong boilerplate; 1 weak boilerplate, unless a content word names
 * what it is ("entry-content", but not "entry-meta", whose last word says
 * what it is); -1 content; 0 neither. */
static int name_junk(const char *name, size_t length)
{
    int weak = 0, content = 0, last_weak = 0, strong = 0;
    size_t pos = 0;

    while (pos < length) {
        char word[48];
        size_t n = 0;

        while (pos < length && !isalnum((unsigned char)name[pos]))
            pos++;
        while (pos < length && isalnum((unsigned char)name[pos])) {
            if (n + 1 < sizeof word)
                word[n++] = (char)tolower((unsigned char)name[pos]);
            pos++;
        }
        word[n] = '\0';
        if (n == 0)
            continue;
        /* A post embedded in the article ("social-media-embed", a
         * quoted tweet) is part of what it reports. */
        if (strncmp(word, "embed", 5) == 0)
            return -1;
        if (starts_with_any(word, strong_junk_words) || in_list(word, strong_junk_exact))
            strong = 1;
        last_weak = starts_with_any(word, weak_junk_words);
        weak |= last_weak;
        content |= starts_with_any(word, content_words);
    }
    if (strong)
        return 2;
    if (weak && (last_weak || !content))
        return 1;
    return content ? -1 : 0;
}

/* 2: a strong boilerplate class or id; 1: a weak one and no content
 * one; 0: neither. */
static int attribute_junk(xmlNodePtr node)
{
    const char *names[2] = {defcon_html_attribute(node, "class"), defcon_html_attribute(node, "id")};
    int weak = 0, content = 0, i;

    for (i = 0; i < 2; i++) {
        const char *p = names[i];

        while (p && *p) {
            size_t n;
            int verdict;

            p += strspn(p, " \t\n\r\f");
            n = strcspn(p, " \t\n\r\f");
            verdict = name_junk(p, n);
            if (verdict == 2)
                return 2;
            weak |= verdict == 1;
            content |= verdict == -1;
            p += n;
        }
    }
    return weak && !content;
}

static int hidden(xmlNodePtr node)
{
    const char *style = defcon_html_attribute(node, "style");
    const char *aria = defcon_html_attribute(node, "aria-hidden");

    if (defcon_html_attribute(node, "hidden") || (aria && strcasecmp(aria, "true") == 0))
        return 1;
    if (!style)
        return 0;
    return strstr(style, "display:none") || strstr(style, "display: none")
           || strstr(style, "visibility:hidden") || strstr(style, "visibility: hidden");
}

int defcon_html_junk(const html_extractor *x, xmlNodePtr node)
{
    const char *name = (const char *)node->name, *role;
    element_info *info;
    int weak, attr;

    if (!name || in_list(name, always_junk_tags))
        return 1;
    if (!x->strict)
        return 0;
    if (hidden(node))
        return 1;
    role = defcon_html_attribute(node, "role");
    weak = in_list(name, weak_junk_tags) || (role && in_list(role, junk_roles));
    attr = attribute_junk(node);
    if (!weak && attr == 0)
        return 0;
    info = defcon_html_info(x, node);
    if (info && info->protected)
        return 0;
    /* A wrapper holding much of the page (an ASP.NET <form>, a body with
     * a "has-sidebar" class, an "advertisement-off-canvas" page frame) is
     * not boilerplate. */
    if (attr == 2)
        return !info || info->text * 10 < x->page_text * 6;
    return !info || info->text * 10 < x->page_text * 4;
}

/* The tier of a container the page marks as its article: 1 for the
 * article's body (itemprop=articleBody, entry-content and kin), 2 for
 * <article>, 3 for <main> and role=main; 0 for other elements. */
static int contains_any(const char *text, size_t length, const char *const *words)
{
    char lower[128];
    size_t i;

    if (length >= sizeof lower)
        return 0;
    for (i = 0; i < length; i++)
        lower[i] = (char)tolower((unsigned char)text[i]);
    lower[length] = '\0';
    for (; *words; words++)
        if (strstr(lower, *words))
            return 1;
    return 0;
}

/* 1 for a class name that names an article's body: a word for the piece
 * (article, story, entry, post) and one for its text (body, content,
 * text), as "entry-content", "article__body", "StoryBody", "post-text",
 * but not its parts ("article-body-header", "post-content-meta"). */
static int body_class(const char *name, size_t length)
{
    static const char *const piece[] = {"article", "story", "entry", "post", NULL};
    static const char *const text[] = {"body", "content", "text", NULL};
    static const char *const part[] = {
        "head", "meta", "foot", "title", "info", "summary", "teaser", "excerpt", "list",
        "wrap", "preview", "caption", "tags", "author", "date", "related", NULL};

    return contains_any(name, length, piece) && contains_any(name, length, text)
           && !contains_any(name, length, part);
}

static int structural_tier(xmlNodePtr node)
{
    const char *prop = defcon_html_attribute(node, "itemprop");
    const char *klass = defcon_html_attribute(node, "class");
    const char *role = defcon_html_attribute(node, "role");

    if (prop && contains_nocase(prop, "articlebody"))
        return 1;
    if (defcon_html_is(node, "body") || defcon_html_is(node, "html"))
        return 0;   /* their classes describe the whole page */
    while (klass && *klass) {
        size_t n;

        klass += strspn(klass, " \t\n\r\f");
        n = strcspn(klass, " \t\n\r\f");
        if (n > 0 && body_class(klass, n))
            return 1;
        klass += n;
    }
    if (defcon_html_is(node, "article"))
        return 2;
    if (defcon_html_is(node, "main") || (role && strcasecmp(role, "main") == 0))
        return 3;
    return 0;
}

static int add_candidate(html_extractor *x, xmlNodePtr node, int tier)
{
    if (x->candidate_count == x->candidate_cap
        && defcon_array_grow(&x->candidates, &x->candidate_cap, sizeof *x->candidates, 16) != 0)
        return -1;
    x->candidates[x->candidate_count].node = node;
    x->candidates[x->candidate_count].tier = tier;
    x->candidate_count++;
    return 0;
}

static size_t visible_bytes(const xmlChar *text)
{
    size_t n = 0;

    for (; text && *text; text++)
        n += *text > ' ';
    return n;
}

static int number_element(html_extractor *x, xmlNodePtr node)
{
    int tier;

    if (x->info_count == x->info_cap
        && defcon_array_grow(&x->info, &x->info_cap, sizeof *x->info, 256) != 0)
        return -1;
    memset(&x->info[x->info_count], 0, sizeof x->info[0]);
    node->_private = (void *)(uintptr_t)++x->info_count;
    if (defcon_html_is(node, "article"))
        x->item_count++;
    tier = structural_tier(node);
    if (tier == 1) {
        /* Removal rules never drop the article body the page marks. */
        xmlNodePtr p;

        for (p = node; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
            element_info *info = defcon_html_info(x, p);

            if (info)
                info->protected = 1;
        }
    }
    return tier ? add_candidate(x, node, tier) : 0;
}

/* Numbers the elements and counts the visible text bytes each holds. */
static int count_text(html_extractor *x, xmlNodePtr root)
{
    defcon_html_walk walk;
    element_info *info, *parent;

    defcon_html_walk_start(&walk, root);
    while (defcon_html_walk_next(&walk)) {
        xmlNodePtr node = walk.node;

        if (node->type == XML_ELEMENT_NODE && walk.entering) {
            if (number_element(x, node) != 0)
                return -1;
            if (in_list((const char *)node->name, always_junk_tags))
                walk.skip = 1;
        } else if (node->type == XML_TEXT_NODE && walk.entering) {
            if ((parent = defcon_html_info(x, node->parent)) != NULL)
                parent->text += visible_bytes(node->content);
        } else if (node->type == XML_ELEMENT_NODE && node != root
                   && (info = defcon_html_info(x, node)) != NULL
                   && (parent = defcon_html_info(x, node->parent)) != NULL) {
            parent->text += info->text;
        }
    }
    info = defcon_html_info(x, root);
    x->page_text = info ? info->text : 0;
    return 0;
}

static void extractor_free(html_extractor *x)
{
    defcon_buffer_free(&x->text);
    defcon_buffer_free(&x->html);
    free(x->blocks);
    free(x->info);
    free(x->candidates);
}

/* One attempt: blocks, classes, container, output. */
static int extract_once(html_extractor *x, xmlNodePtr root, const char *title,
                        defcon_html_text *out)
{
    size_t i;

    for (i = 0; i < x->info_count; i++)
        x->info[i].good = 0;
    x->count = 0;
    defcon_buffer_clear(&x->text);
    defcon_buffer_clear(&x->html);
    if (defcon_html_blocks_collect(x, root) != 0)
        return -1;
    defcon_html_blocks_classify(x);
    defcon_html_blocks_choose(x, root, out);
    return defcon_html_blocks_output(x, title, out);
}

int defcon_html_text_extract(xmlDocPtr doc, const char *title, defcon_html_text *out)
{
    html_extractor x;
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    int rc = 0;

    memset(out, 0, sizeof *out);
    memset(&x, 0, sizeof x);
    if (!root)
        return 0;
    x.strict = 1;
    if (count_text(&x, root) != 0)
        rc = -1;
    if (rc == 0)
        rc = extract_once(&x, root, title, out);
    if (rc == 0 && out->body.len == 0 && x.page_text > 0) {
        /* Nothing survived the removal rules: try again without them. */
        x.strict = 0;
        defcon_buffer_clear(&out->body);
        defcon_buffer_clear(&out->html);
        rc = extract_once(&x, root, title, out);
    }
    if (rc == 0 && out->body.len == 0 && x.page_text > 0) {
        /* A page of one or two short paragraphs has no good neighbours. */
        x.last_resort = 1;
        defcon_buffer_clear(&out->body);
        defcon_buffer_clear(&out->html);
        rc = extract_once(&x, root, title, out);
    }
    out->item_count = x.item_count;
    extractor_free(&x);
    if (rc != 0)
        defcon_html_text_free(out);
    return rc;
}

void defcon_html_text_free(defcon_html_text *text)
{
    if (!text)
        return;
    defcon_buffer_free(&text->body);
    defcon_buffer_free(&text->html);
    memset(text, 0, sizeof *text);
}

int defcon_html_text_of(xmlNodePtr node, defcon_buffer *out)
{
    defcon_html_walk walk;
    defcon_buffer raw = DEFCON_BUFFER_INIT;
    int rc = 0;

    defcon_html_walk_start(&walk, node);
    while (rc == 0 && defcon_html_walk_next(&walk)) {
        if (!walk.entering)
            continue;
        if (walk.node->type == XML_ELEMENT_NODE && walk.node != node
            && in_list((const char *)walk.node->name, always_junk_tags))
            walk.skip = 1;
        else if ((walk.node->type == XML_TEXT_NODE || walk.node->type == XML_CDATA_SECTION_NODE)
                 && walk.node->content)
            rc = defcon_buffer_puts(&raw, (const char *)walk.node->content);
    }
    if (rc == 0)
        rc = defcon_text_append_line(out, raw.data ? raw.data : "", raw.len);
    defcon_buffer_free(&raw);
    return rc;
}

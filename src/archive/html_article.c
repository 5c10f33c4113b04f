/*
 * html_article.c - an HTML page to an article; see html_article.h.
 *
 * The page is parsed once by libxml2 into a tree, which is walked
 * without recursion (pages nest 100,000 deep): one walk finds the
 * metadata, the article's element is chosen, the boilerplate under it is
 * cut away, and what is left is serialized and reduced to text by the
 * same HTML-to-text code Markdown's raw HTML goes through (markdown.h).
 */
#include "html_article.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "buffer.h"
#include "markdown.h"
#include "page_url.h"
#include "text.h"

/* What one walk of the tree finds. Pointers into the document. */
typedef struct page_meta {
    xmlChar *og_title, *published, *canonical, *site_name, *og_type;
    xmlNode *title, *h1, *time, *article_body, *entry_content, *article, *main, *body;
} page_meta;

/* The next element in document order below `root`, or NULL. */
static xmlNode *next_node(xmlNode *node, const xmlNode *root, int descend)
{
    if (descend && node->children)
        return node->children;
    while (node && node != root) {
        if (node->next)
            return node->next;
        node = node->parent;
    }
    return NULL;
}

static int name_is(const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && node->name
           && strcasecmp((const char *)node->name, name) == 0;
}

/* Whether attribute `name` of `node` holds the word `word`, as a class
 * list does. */
static int attribute_has_word(xmlNode *node, const char *name, const char *word)
{
    xmlChar *value = xmlGetProp(node, (const xmlChar *)name);
    const char *p = (const char *)value;
    size_t len = strlen(word);
    int found = 0;

    while (p && *p && !found) {
        size_t n;
        p += strspn(p, " \t\n\r\f");
        n = strcspn(p, " \t\n\r\f");
        found = n == len && strncasecmp(p, word, len) == 0;
        p += n;
    }
    xmlFree(value);
    return found;
}

static void take_meta(page_meta *meta, xmlNode *node)
{
    xmlChar *key = xmlGetProp(node, (const xmlChar *)"property");
    xmlChar **slot = NULL;

    if (!key)
        key = xmlGetProp(node, (const xmlChar *)"name");
    if (!key)
        return;
    if (strcasecmp((const char *)key, "og:title") == 0)
        slot = &meta->og_title;
    else if (strcasecmp((const char *)key, "article:published_time") == 0)
        slot = &meta->published;
    else if (strcasecmp((const char *)key, "og:site_name") == 0)
        slot = &meta->site_name;
    else if (strcasecmp((const char *)key, "og:type") == 0)
        slot = &meta->og_type;
    if (slot && !*slot)
        *slot = xmlGetProp(node, (const xmlChar *)"content");
    xmlFree(key);
}

static void note_element(page_meta *meta, xmlNode *node)
{
    if (name_is(node, "meta")) {
        take_meta(meta, node);
    } else if (name_is(node, "link") && !meta->canonical
               && attribute_has_word(node, "rel", "canonical")) {
        meta->canonical = xmlGetProp(node, (const xmlChar *)"href");
    } else if (name_is(node, "title") && !meta->title) {
        meta->title = node;
    } else if (name_is(node, "h1") && !meta->h1) {
        meta->h1 = node;
    } else if (name_is(node, "time") && !meta->time) {
        meta->time = node;
    } else if (name_is(node, "article") && !meta->article) {
        meta->article = node;
    } else if (name_is(node, "main") && !meta->main) {
        meta->main = node;
    } else if (name_is(node, "body") && !meta->body) {
        meta->body = node;
    }
    if (node->type == XML_ELEMENT_NODE && !meta->article_body
        && attribute_has_word(node, "itemprop", "articleBody"))
        meta->article_body = node;
    if (node->type == XML_ELEMENT_NODE && !meta->entry_content
        && attribute_has_word(node, "class", "entry-content"))
        meta->entry_content = node;
}

static void find_meta(xmlNode *root, page_meta *meta)
{
    xmlNode *node;

    for (node = root; node; node = next_node(node, root, 1))
        if (node->type == XML_ELEMENT_NODE)
            note_element(meta, node);
}

static void free_meta(page_meta *meta)
{
    xmlFree(meta->og_title);
    xmlFree(meta->published);
    xmlFree(meta->canonical);
    xmlFree(meta->site_name);
    xmlFree(meta->og_type);
}

/* Whether an element under the article's element is boilerplate. */
static int is_boilerplate(xmlNode *node)
{
    static const char *const tags[] = {"nav", "header", "footer", "aside", "form", "script",
                                       "style", "noscript", "iframe", "button", NULL};
    static const char *const classes[] = {"sidebar", "widget", "comments", "comment-respond",
                                          "sharedaddy", "share", "social", "related",
                                          "cookie", "navigation", "menu", NULL};
    size_t i;

    for (i = 0; tags[i]; i++)
        if (name_is(node, tags[i]))
            return 1;
    for (i = 0; classes[i]; i++)
        if (attribute_has_word(node, "class", classes[i]) || attribute_has_word(node, "id", classes[i]))
            return 1;
    return 0;
}

/* Cuts the boilerplate elements out of the tree below `root`. */
static void drop_boilerplate(xmlNode *root)
{
    xmlNode *node = root->children;

    while (node) {
        if (node->type == XML_ELEMENT_NODE && is_boilerplate(node)) {
            xmlNode *next = next_node(node, root, 0);
            xmlUnlinkNode(node);
            xmlFreeNode(node);
            node = next;
        } else {
            node = next_node(node, root, 1);
        }
    }
}

/* The text of `node` made one line, into a malloc'd string ("" if none). */
static char *node_line(xmlNode *node)
{
    xmlChar *content = node ? xmlNodeGetContent(node) : NULL;
    defcon_buffer line = DEFCON_BUFFER_INIT;
    char *result;

    if (defcon_text_append_line(&line, content ? (const char *)content : "",
                                content ? strlen((const char *)content) : 0) != 0)
        line.len = 0;
    xmlFree(content);
    result = defcon_buffer_detach(&line);
    return result ? result : strdup("");
}

/* "Headline | Site" and "Headline - Site": the headline. */
static void strip_site_suffix(char *title)
{
    static const char *const separators[] = {" | ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " - ",
                                             " :: ", NULL};
    size_t i;

    for (i = 0; separators[i]; i++) {
        char *at = NULL, *p = title;
        while ((p = strstr(p, separators[i])) != NULL)
            at = p++;
        if (at && at > title) {
            *at = '\0';
            return;
        }
    }
}

/* The encoding to parse with: the HTTP header's, else the page's own
 * (NULL: libxml2 reads the meta tag or byte order mark), else UTF-8 when
 * the bytes are valid UTF-8, else Windows-1252. */
static const char *choose_encoding(const char *bytes, size_t len, const char *charset_hint)
{
    size_t sample = len < 4096 ? len : 4096, i;

    if (charset_hint && *charset_hint)
        return charset_hint;
    if (len >= 2 && ((unsigned char)bytes[0] == 0xFF || (unsigned char)bytes[0] == 0xFE))
        return NULL;
    for (i = 0; i + 7 <= sample; i++)
        if (strncasecmp(bytes + i, "charset", 7) == 0)
            return NULL;
    return defcon_text_utf8_check(bytes, len) == len ? "UTF-8" : "windows-1252";
}

/* The element that holds the article's text. */
static xmlNode *article_element(const page_meta *meta, xmlNode *root)
{
    if (meta->article_body)
        return meta->article_body;
    if (meta->entry_content)
        return meta->entry_content;
    if (meta->article)
        return meta->article;
    if (meta->main)
        return meta->main;
    return meta->body ? meta->body : root;
}

static char *dup_or_null(const xmlChar *text)
{
    return text && *text ? defcon_text_line_dup((const char *)text, strlen((const char *)text))
                         : NULL;
}

/* Title and date, from the metadata before the tree is cut. */
static int fill_metadata(const page_meta *meta, const char *url, defcon_article *out)
{
    xmlChar *datetime = meta->time ? xmlGetProp(meta->time, (const xmlChar *)"datetime") : NULL;
    const xmlChar *date = meta->published ? meta->published : datetime;

    if (meta->og_title && *meta->og_title) {
        out->title = dup_or_null(meta->og_title);
    } else if (meta->h1) {
        out->title = node_line(meta->h1);
    } else {
        out->title = node_line(meta->title);
        if (out->title)
            strip_site_suffix(out->title);
    }
    out->source = dup_or_null(meta->site_name);
    out->url = meta->canonical && *meta->canonical ? dup_or_null(meta->canonical)
               : url ? strdup(url) : NULL;
    if (date && *date) {
        out->date_text = dup_or_null(date);
        if (defcon_date_parse(out->date_text, strlen(out->date_text), &out->date)
            != DEFCON_DATE_OK)
            defcon_page_url_date(out->url ? out->url : url, &out->date);
    } else {
        defcon_page_url_date(out->url ? out->url : url, &out->date);
    }
    xmlFree(datetime);
    return out->title ? 0 : -1;
}

/* The article's text: its element serialized without the boilerplate,
 * then made text; a first block that repeats the title is dropped. */
static int fill_body(xmlDoc *doc, xmlNode *element, defcon_article *out)
{
    xmlBuffer *html = xmlBufferCreate();
    defcon_buffer body = DEFCON_BUFFER_INIT;
    size_t title_len = strlen(out->title), skip = 0;
    int rc = -1;

    if (!html)
        return -1;
    drop_boilerplate(element);
    if (htmlNodeDump(html, doc, element) >= 0
        && defcon_markdown_html_to_text((const char *)xmlBufferContent(html),
                                        (size_t)xmlBufferLength(html), &body) == 0) {
        if (title_len > 0 && body.len >= title_len
            && strncmp(defcon_buffer_cstr(&body), out->title, title_len) == 0
            && (body.len == title_len || body.data[title_len] == '\n'))
            skip = title_len + strspn(body.data + title_len, "\n");
        out->body_len = body.len - skip;
        out->body = malloc(out->body_len + 1);
        if (out->body) {
            memcpy(out->body, defcon_buffer_cstr(&body) + skip, out->body_len);
            out->body[out->body_len] = '\0';
            rc = 0;
        }
    }
    xmlBufferFree(html);
    defcon_buffer_free(&body);
    return rc;
}

int defcon_html_article_parse(const char *bytes, size_t len, const char *charset_hint,
                              const char *url, defcon_article *out, const char **not_article,
                              char *error, size_t error_size)
{
    page_meta meta;
    xmlDoc *doc;
    xmlNode *root;
    int rc;

    memset(out, 0, sizeof *out);
    memset(&meta, 0, sizeof meta);
    *not_article = NULL;
    if (len > INT32_MAX) {
        snprintf(error, error_size, "page too large (%zu bytes)", len);
        return -1;
    }
    doc = htmlReadMemory(bytes, (int)len, url, choose_encoding(bytes, len, charset_hint),
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
                             | HTML_PARSE_NONET | HTML_PARSE_NOBLANKS | XML_PARSE_HUGE);
    root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        xmlFreeDoc(doc);
        snprintf(error, error_size, "not an HTML page (nothing could be parsed)");
        return -1;
    }
    find_meta(root, &meta);
    rc = fill_metadata(&meta, url, out);
    if (rc == 0)
        rc = fill_body(doc, article_element(&meta, root), out);
    if (rc == 0 && meta.og_type && strcasecmp((const char *)meta.og_type, "website") == 0)
        *not_article = "og:type website";
    else if (rc == 0 && out->body_len == 0)
        *not_article = "no text";
    free_meta(&meta);
    xmlFreeDoc(doc);
    if (rc != 0) {
        defcon_article_clear(out);
        snprintf(error, error_size, "out of memory");
    }
    return rc;
}

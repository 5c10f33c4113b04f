/*
 * feed.c - RSS, Atom and WordPress WXR feeds read with libxml2's streaming
 * reader; see feed.h.
 *
 * The reader walks the document node by node; an item (or entry) is
 * expanded into a small tree, its fields are taken from its children, the
 * callback runs, and the reader skips past it, so only one item is in
 * memory. Elements are told apart by local name and namespace: the feed's
 * own elements carry no namespace (RSS 2.0) or the root's (Atom, RSS 1.0),
 * extensions carry theirs (content:, dc:, wp:).
 */
#include "feed.h"
#include "array.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "buffer.h"

#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_WP "http://wordpress.org/export/"
#define NS_ATOM "http://www.w3.org/2005/Atom"

/* The options every read uses: no entity substitution (no NOENT), no DTD
 * loading or default attributes, no network; CDATA as text. */
#define FEED_XML_OPTIONS \
    (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

typedef struct string_list {
    char **items;
    size_t count, capacity;
} string_list;

/* One item's fields while it is read. */
typedef struct feed_fields {
    defcon_buffer title, link, id, author, content, summary_text;
    defcon_buffer pub_date, dc_date, published, updated, post_date_gmt, post_date;
    defcon_buffer status, post_type;
    string_list categories, tags;
} feed_fields;

typedef struct feed_state {
    xmlTextReaderPtr reader;
    const char *name;
    defcon_feed_kind kind;
    char root_ns[256];             /* the root element's namespace, "" if none */
    int entity_trouble;            /* libxml2 reported an entity loop */
    char first_error[300];
    int first_error_line;
    defcon_feed_summary *summary;
    defcon_feed_item_fn item_fn;
    void *context;
    feed_fields fields;
    int out_of_memory;
} feed_state;

const char *defcon_feed_kind_name(defcon_feed_kind kind)
{
    switch (kind) {
    case DEFCON_FEED_RSS: return "RSS";
    case DEFCON_FEED_RDF: return "RSS 1.0";
    case DEFCON_FEED_ATOM: return "Atom";
    case DEFCON_FEED_WXR: return "WordPress export";
    default: return "not a feed";
    }
}

static int list_push(string_list *list, const char *text)
{
    if (list->count == list->capacity
        && defcon_array_grow(&list->items, &list->capacity, sizeof *list->items, 8) != 0)
        return -1;
    if (!(list->items[list->count] = strdup(text)))
        return -1;
    list->count++;
    return 0;
}

static void list_clear(string_list *list, int release)
{
    size_t i;

    for (i = 0; i < list->count; i++)
        free(list->items[i]);
    list->count = 0;
    if (release) {
        free(list->items);
        list->items = NULL;
        list->capacity = 0;
    }
}

static defcon_buffer *field_buffers(feed_fields *fields, size_t *count)
{
    *count = (size_t)(&fields->post_type - &fields->title) + 1;
    return &fields->title;
}

static void fields_clear(feed_fields *fields, int release)
{
    size_t count, i;
    defcon_buffer *buffers = field_buffers(fields, &count);

    for (i = 0; i < count; i++) {
        if (release)
            defcon_buffer_free(&buffers[i]);
        else
            defcon_buffer_clear(&buffers[i]);
    }
    list_clear(&fields->categories, release);
    list_clear(&fields->tags, release);
}

/* Keeps libxml2's first error, with its line, for the message. */
static void on_xml_error(void *context, xmlErrorPtr error)
{
    feed_state *state = context;
    size_t len;

    if (!error)
        return;
    if (error->code == XML_ERR_ENTITY_LOOP)
        state->entity_trouble = 1;
    if (state->first_error[0] != '\0' || error->level < XML_ERR_ERROR)
        return;
    snprintf(state->first_error, sizeof state->first_error, "%s",
             error->message ? error->message : "not well-formed XML");
    len = strlen(state->first_error);
    while (len > 0 && (state->first_error[len - 1] == '\n' || state->first_error[len - 1] == ' '))
        state->first_error[--len] = '\0';
    state->first_error_line = error->line;
}

/* The text of a node: its text and CDATA below, never entity
 * references (no entity is expanded here either). */
static int node_text(xmlNodePtr node, defcon_buffer *out)
{
    xmlNodePtr child;

    for (child = node->children; child; child = child->next) {
        if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
            if (child->content
                && defcon_buffer_puts(out, (const char *)child->content) < 0)
                return -1;
        } else if (child->type == XML_ELEMENT_NODE && node_text(child, out) < 0) {
            return -1;
        }
    }
    return 0;
}

/* Replaces `out` with the node's text, trimmed. */
static int set_text(xmlNodePtr node, defcon_buffer *out)
{
    size_t start = 0;

    defcon_buffer_clear(out);
    if (node_text(node, out) < 0)
        return -1;
    while (out->len > 0 && strchr(" \t\r\n", out->data[out->len - 1]))
        out->data[--out->len] = '\0';
    while (start < out->len && strchr(" \t\r\n", out->data[start]))
        start++;
    if (start > 0) {
        memmove(out->data, out->data + start, out->len - start + 1);
        out->len -= start;
    }
    return 0;
}

static const char *namespace_of(xmlNodePtr node)
{
    return node->ns && node->ns->href ? (const char *)node->ns->href : "";
}

/* Whether `node` is the feed's own element `name`. */
static int is_core(const feed_state *state, xmlNodePtr node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0
           && strcmp(namespace_of(node), state->root_ns) == 0;
}

/* Whether `node` is element `name` of a namespace starting with `ns`. */
static int is_extension(xmlNodePtr node, const char *ns, const char *name)
{
    return node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0
           && strncmp(namespace_of(node), ns, strlen(ns)) == 0;
}

/* An attribute's value (free it with xmlFree), or NULL. */
static char *attribute(xmlNodePtr node, const char *name)
{
    return (char *)xmlGetProp(node, (const xmlChar *)name);
}

/* An RSS <category>: a WXR export tells categories from tags by domain. */
static int rss_category(feed_state *state, xmlNodePtr node, defcon_buffer *scratch)
{
    char *domain = attribute(node, "domain");
    int rc = 0;

    if (set_text(node, scratch) < 0)
        rc = -1;
    else if (scratch->len == 0)
        rc = 0;
    else if (state->kind != DEFCON_FEED_WXR)
        rc = list_push(&state->fields.categories, scratch->data);
    else if (domain && strcmp(domain, "post_tag") == 0)
        rc = list_push(&state->fields.tags, scratch->data);
    else if (domain && strcmp(domain, "category") == 0)
        rc = list_push(&state->fields.categories, scratch->data);
    xmlFree(domain);
    return rc;
}

/* Where an RSS child's text goes, or NULL. */
static defcon_buffer *rss_target(feed_state *state, xmlNodePtr node)
{
    feed_fields *f = &state->fields;
    static const struct {
        const char *ns;         /* NULL: the feed's own element */
        const char *name;
        size_t offset;
    } map[] = {
        {NULL, "title", offsetof(feed_fields, title)},
        {NULL, "link", offsetof(feed_fields, link)},
        {NULL, "guid", offsetof(feed_fields, id)},
        {NULL, "pubDate", offsetof(feed_fields, pub_date)},
        {NULL, "description", offsetof(feed_fields, summary_text)},
        {NULL, "author", offsetof(feed_fields, author)},
        {NS_CONTENT, "encoded", offsetof(feed_fields, content)},
        {NS_DC, "date", offsetof(feed_fields, dc_date)},
        {NS_DC, "creator", offsetof(feed_fields, author)},
        {NS_WP, "status", offsetof(feed_fields, status)},
        {NS_WP, "post_type", offsetof(feed_fields, post_type)},
        {NS_WP, "post_date_gmt", offsetof(feed_fields, post_date_gmt)},
        {NS_WP, "post_date", offsetof(feed_fields, post_date)},
    };
    size_t i;

    for (i = 0; i < sizeof map / sizeof map[0]; i++) {
        int match = map[i].ns ? is_extension(node, map[i].ns, map[i].name)
                              : is_core(state, node, map[i].name);

        if (match)
            return (defcon_buffer *)(void *)((char *)f + map[i].offset);
    }
    return NULL;
}

static int read_rss_item(feed_state *state, xmlNodePtr item)
{
    defcon_buffer scratch = DEFCON_BUFFER_INIT;
    xmlNodePtr child;
    int rc = 0;

    for (child = item->children; child && rc == 0; child = child->next) {
        defcon_buffer *target;

        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (is_core(state, child, "category") || is_extension(child, NS_DC, "subject")) {
            rc = rss_category(state, child, &scratch);
        } else if ((target = rss_target(state, child)) != NULL) {
            /* dc:creator wins over <author>, the first of each otherwise */
            if (target->len == 0 || is_extension(child, NS_DC, "creator"))
                rc = set_text(child, target);
        }
    }
    defcon_buffer_free(&scratch);
    return rc;
}

/* Appends text escaped for HTML. */
static int put_escaped(defcon_buffer *out, const char *text)
{
    int rc = 0;

    for (; *text && rc == 0; text++) {
        if (*text == '&')
            rc = defcon_buffer_puts(out, "&amp;");
        else if (*text == '<')
            rc = defcon_buffer_puts(out, "&lt;");
        else if (*text == '>')
            rc = defcon_buffer_puts(out, "&gt;");
        else
            rc = defcon_buffer_putc(out, *text);
    }
    return rc;
}

/* Atom content or summary as HTML, by its type: "html" is escaped HTML,
 * "xhtml" a <div> of markup (serialised), anything else text. */
static int atom_html(xmlNodePtr node, defcon_buffer *out)
{
    char *type = attribute(node, "type"), *src = attribute(node, "src");
    defcon_buffer text = DEFCON_BUFFER_INIT;
    int rc = 0;

    defcon_buffer_clear(out);
    if (src) {
        rc = 0;   /* content out of line: nothing here */
    } else if (type && strcmp(type, "xhtml") == 0) {
        xmlNodePtr div = node->children, child;
        xmlBufferPtr dump = xmlBufferCreate();

        while (div && div->type != XML_ELEMENT_NODE)
            div = div->next;
        for (child = div ? div->children : NULL; dump && child; child = child->next)
            xmlNodeDump(dump, node->doc, child, 0, 0);
        rc = !dump ? -1 : defcon_buffer_append(out, (const char *)xmlBufferContent(dump),
                                                (size_t)xmlBufferLength(dump));
        xmlBufferFree(dump);
    } else if (type && strstr(type, "html")) {
        rc = set_text(node, out);
    } else {
        rc = set_text(node, &text);
        if (rc == 0)
            rc = put_escaped(out, text.data ? text.data : "");
    }
    xmlFree(type);
    xmlFree(src);
    defcon_buffer_free(&text);
    return rc;
}

/* An Atom child that is not content: link, category, author, dates. */
static int atom_child(feed_state *state, xmlNodePtr child)
{
    feed_fields *f = &state->fields;
    int rc = 0;

    if (is_core(state, child, "link")) {
        char *rel = attribute(child, "rel"), *href = attribute(child, "href");

        if (href && f->link.len == 0 && (!rel || strcmp(rel, "alternate") == 0))
            rc = defcon_buffer_puts(&f->link, href);
        xmlFree(rel);
        xmlFree(href);
    } else if (is_core(state, child, "category")) {
        char *label = attribute(child, "label"), *term = attribute(child, "term");
        const char *name = label && label[0] ? label : term;

        if (name && name[0])      /* an empty label or term names nothing */
            rc = list_push(&f->categories, name);
        xmlFree(label);
        xmlFree(term);
    } else if (is_core(state, child, "author") && f->author.len == 0) {
        xmlNodePtr name;

        for (name = child->children; name; name = name->next)
            if (is_core(state, name, "name"))
                rc = set_text(name, &f->author);
    } else if (is_core(state, child, "title")) {
        rc = set_text(child, &f->title);
    } else if (is_core(state, child, "id")) {
        rc = set_text(child, &f->id);
    } else if (is_core(state, child, "published")) {
        rc = set_text(child, &f->published);
    } else if (is_core(state, child, "updated")) {
        rc = set_text(child, &f->updated);
    }
    return rc;
}

static int read_atom_entry(feed_state *state, xmlNodePtr entry)
{
    xmlNodePtr child;
    int rc = 0;

    for (child = entry->children; child && rc == 0; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (is_core(state, child, "content"))
            rc = atom_html(child, &state->fields.content);
        else if (is_core(state, child, "summary"))
            rc = atom_html(child, &state->fields.summary_text);
        else
            rc = atom_child(state, child);
    }
    return rc;
}

static const char *or_null(const defcon_buffer *buf)
{
    return buf->len > 0 ? buf->data : NULL;
}

/* The item's date, in the order feed.h gives, and where it came from. */
static void choose_date(const feed_fields *f, defcon_feed_item *item)
{
    const struct {
        const defcon_buffer *value;
        const char *name;
    } order[] = {
        {&f->post_date_gmt, "wp:post_date_gmt"}, {&f->pub_date, "pubDate"},
        {&f->dc_date, "dc:date"}, {&f->published, "published"},
        {&f->updated, "updated"}, {&f->post_date, "wp:post_date"},
    };
    size_t i;

    for (i = 0; i < sizeof order / sizeof order[0]; i++) {
        /* WordPress writes 0000-00-00 00:00:00 for a draft's GMT date */
        if (order[i].value->len > 0 && strncmp(order[i].value->data, "0000", 4) != 0) {
            item->date = order[i].value->data;
            item->date_field = order[i].name;
            return;
        }
    }
}

/* Hands the item read into state->fields to the callback, unless a WXR
 * filter skips it. Returns 0 to go on, 1 to stop, -1 on memory. */
static int deliver_item(feed_state *state, size_t number)
{
    feed_fields *f = &state->fields;
    defcon_feed_item item;
    const defcon_buffer *content;

    if (state->kind == DEFCON_FEED_WXR) {
        if (!f->post_type.data || strcmp(f->post_type.data, "post") != 0) {
            state->summary->skipped_not_post++;
            return 0;
        }
        if (!f->status.data || strcmp(f->status.data, "publish") != 0) {
            state->summary->skipped_not_published++;
            return 0;
        }
    }
    memset(&item, 0, sizeof item);
    item.number = number;
    item.title = or_null(&f->title);
    item.link = or_null(&f->link);
    item.id = or_null(&f->id);
    item.author = or_null(&f->author);
    choose_date(f, &item);
    content = f->content.len > 0 ? &f->content : &f->summary_text;
    item.content = or_null(content);
    item.content_len = content->len;
    item.categories = (const char *const *)f->categories.items;
    item.category_count = f->categories.count;
    item.tags = (const char *const *)f->tags.items;
    item.tag_count = f->tags.count;
    state->summary->items++;
    return state->item_fn(state->context, &item) != 0;
}

/* The root element: which feed this is, or -1 when it is none. */
static int read_root(feed_state *state)
{
    const char *name = (const char *)xmlTextReaderConstLocalName(state->reader);
    const char *ns = (const char *)xmlTextReaderConstNamespaceUri(state->reader);
    xmlChar *wp = xmlTextReaderLookupNamespace(state->reader, (const xmlChar *)"wp");

    snprintf(state->root_ns, sizeof state->root_ns, "%s", ns ? ns : "");
    if (name && strcmp(name, "rss") == 0 && state->root_ns[0] == '\0')
        state->kind = wp && strncmp((const char *)wp, NS_WP, strlen(NS_WP)) == 0
                          ? DEFCON_FEED_WXR : DEFCON_FEED_RSS;
    else if (name && strcmp(name, "feed") == 0 && strcmp(state->root_ns, NS_ATOM) == 0)
        state->kind = DEFCON_FEED_ATOM;
    else if (name && strcmp(name, "RDF") == 0)
        state->kind = DEFCON_FEED_RDF;
    xmlFree(wp);
    if (state->kind == DEFCON_FEED_RDF)   /* items are in the RSS 1.0 namespace */
        snprintf(state->root_ns, sizeof state->root_ns, "http://purl.org/rss/1.0/");
    return state->kind == DEFCON_FEED_NONE ? -1 : 0;
}

/* Whether the reader is at an item: RSS channel/item, RDF item, Atom entry. */
static int at_item(const feed_state *state, int depth)
{
    const char *name = (const char *)xmlTextReaderConstLocalName(state->reader);

    if (state->kind == DEFCON_FEED_ATOM)
        return depth == 1 && strcmp(name, "entry") == 0;
    return strcmp(name, "item") == 0 && depth == (state->kind == DEFCON_FEED_RDF ? 1 : 2);
}

/* The channel's or feed's own title and link, when the reader is at them. */
static void read_feed_metadata(feed_state *state, int depth)
{
    const char *name = (const char *)xmlTextReaderConstLocalName(state->reader);
    int channel_depth = state->kind == DEFCON_FEED_ATOM ? 1 : 2;
    defcon_buffer text = DEFCON_BUFFER_INIT;
    xmlNodePtr node;

    if (depth != channel_depth || (strcmp(name, "title") != 0 && strcmp(name, "link") != 0))
        return;
    node = xmlTextReaderExpand(state->reader);
    if (!node || strcmp(namespace_of(node), state->root_ns) != 0)
        return;
    if (strcmp(name, "title") == 0 && state->summary->title[0] == '\0') {
        if (set_text(node, &text) == 0 && text.data)
            snprintf(state->summary->title, sizeof state->summary->title, "%s", text.data);
    } else if (strcmp(name, "link") == 0 && state->summary->link[0] == '\0') {
        char *href = attribute(node, "href"), *rel = attribute(node, "rel");

        if (state->kind == DEFCON_FEED_ATOM && href && (!rel || strcmp(rel, "alternate") == 0))
            snprintf(state->summary->link, sizeof state->summary->link, "%s", href);
        else if (state->kind != DEFCON_FEED_ATOM && set_text(node, &text) == 0 && text.data)
            snprintf(state->summary->link, sizeof state->summary->link, "%s", text.data);
        xmlFree(href);
        xmlFree(rel);
    }
    defcon_buffer_free(&text);
}

/* Whether the document declares entities of its own (internal subset). */
static int declares_entities(feed_state *state)
{
    /* The node, not xmlTextReaderCurrentDoc, which would keep the whole
     * tree in memory for the caller to free. */
    xmlNodePtr node = xmlTextReaderCurrentNode(state->reader);
    xmlDtdPtr dtd = node && node->type == XML_DTD_NODE ? (xmlDtdPtr)node : NULL;

    return dtd && ((dtd->entities && xmlHashSize(dtd->entities) > 0)
                   || (dtd->pentities && xmlHashSize(dtd->pentities) > 0));
}

static int fail(feed_state *state, char *error, size_t error_size, const char *what)
{
    int line = state->first_error_line;

    if (line <= 0)
        line = xmlTextReaderGetParserLineNumber(state->reader);
    snprintf(error, error_size, "%s: line %d: %s", state->name, line, what);
    return -1;
}

/* The XML could not be read further: say why. */
static int xml_failed(feed_state *state, char *error, size_t error_size)
{
    char what[400];

    if (state->entity_trouble)
        return fail(state, error, error_size,
                    "XML entity expansion refused: the document's entities refer to each other "
                    "in a loop or multiply (an entity bomb)");
    snprintf(what, sizeof what, "not well-formed XML: %s",
             state->first_error[0] ? state->first_error : "unreadable");
    return fail(state, error, error_size, what);
}

/* Reads one item at the reader's position and hands it on. 0 go on, 1
 * stop, -1 out of memory or an unreadable item. */
static int take_item(feed_state *state, size_t number)
{
    xmlNodePtr node = xmlTextReaderExpand(state->reader);
    int rc;

    if (!node)
        return -1;
    fields_clear(&state->fields, 0);
    rc = state->kind == DEFCON_FEED_ATOM ? read_atom_entry(state, node)
                                         : read_rss_item(state, node);
    if (rc < 0) {
        state->out_of_memory = 1;
        return -1;
    }
    rc = deliver_item(state, number);
    return rc;
}

/* Walks the document. 0 the end, 1 stopped, -1 error (message set). */
static int walk(feed_state *state, char *error, size_t error_size)
{
    xmlTextReaderPtr reader = state->reader;
    size_t number = 0;
    int rc = xmlTextReaderRead(reader);

    while (rc == 1) {
        int type = xmlTextReaderNodeType(reader), depth = xmlTextReaderDepth(reader);

        if (type == XML_READER_TYPE_DOCUMENT_TYPE && declares_entities(state))
            return fail(state, error, error_size,
                        "the document declares its own XML entities (<!ENTITY> in its DTD): "
                        "refused, entities are never expanded (entity bombs, external files)");
        if (type == XML_READER_TYPE_ELEMENT && depth == 0 && state->kind == DEFCON_FEED_NONE) {
            if (read_root(state) < 0) {
                char what[300];

                snprintf(what, sizeof what, "not a feed: the root element is <%s>",
                         (const char *)xmlTextReaderConstName(reader));
                return fail(state, error, error_size, what);
            }
        } else if (type == XML_READER_TYPE_ELEMENT && at_item(state, depth)) {
            int taken = take_item(state, ++number);

            if (taken > 0)
                return 1;
            if (taken < 0)
                return state->out_of_memory ? fail(state, error, error_size, "out of memory")
                                            : xml_failed(state, error, error_size);
            rc = xmlTextReaderNext(reader);
            continue;
        } else if (type == XML_READER_TYPE_ELEMENT) {
            read_feed_metadata(state, depth);
        }
        rc = xmlTextReaderRead(reader);
    }
    if (rc < 0)
        return xml_failed(state, error, error_size);
    if (state->kind == DEFCON_FEED_NONE)
        return fail(state, error, error_size, "not a feed: no root element");
    return 0;
}

static int parse_with(xmlTextReaderPtr reader, const char *name, defcon_feed_item_fn item_fn,
                      void *context, defcon_feed_summary *summary, char *error,
                      size_t error_size)
{
    feed_state *state;
    int rc;

    memset(summary, 0, sizeof *summary);
    if (!reader || !(state = calloc(1, sizeof *state))) {
        xmlFreeTextReader(reader);
        snprintf(error, error_size, "%s: cannot read it (out of memory or unreadable)", name);
        return -1;
    }
    state->reader = reader;
    state->name = name;
    state->summary = summary;
    state->item_fn = item_fn;
    state->context = context;
    xmlTextReaderSetStructuredErrorHandler(reader, on_xml_error, state);
    rc = walk(state, error, error_size);
    summary->kind = state->kind;
    fields_clear(&state->fields, 1);
    xmlFreeTextReader(reader);
    free(state);
    return rc;
}

void defcon_feed_global_init(void)
{
    xmlInitParser();
}

int defcon_feed_parse_memory(const char *data, size_t len, const char *name,
                             defcon_feed_item_fn item_fn, void *context,
                             defcon_feed_summary *summary, char *error, size_t error_size)
{
    if (len > (size_t)2147483647) {
        memset(summary, 0, sizeof *summary);
        snprintf(error, error_size, "%s: too large to read from memory", name);
        return -1;
    }
    xmlInitParser();
    return parse_with(xmlReaderForMemory(data, (int)len, NULL, NULL, FEED_XML_OPTIONS), name,
                      item_fn, context, summary, error, error_size);
}

int defcon_feed_parse_file(const char *path, defcon_feed_item_fn item_fn, void *context,
                           defcon_feed_summary *summary, char *error, size_t error_size)
{
    FILE *probe = fopen(path, "rb");

    if (!probe) {
        memset(summary, 0, sizeof *summary);
        snprintf(error, error_size, "%s: %s", path, strerror(errno));
        return -1;
    }
    fclose(probe);
    xmlInitParser();
    return parse_with(xmlReaderForFile(path, NULL, FEED_XML_OPTIONS), path, item_fn, context,
                      summary, error, error_size);
}

defcon_feed_kind defcon_feed_sniff(const char *data, size_t len)
{
    feed_state state;
    int rc;

    memset(&state, 0, sizeof state);
    if (len > 65536)
        len = 65536;   /* the root element comes early in any feed */
    xmlInitParser();
    state.reader = xmlReaderForMemory(data, (int)len, NULL, NULL, FEED_XML_OPTIONS);
    if (!state.reader)
        return DEFCON_FEED_NONE;
    xmlTextReaderSetStructuredErrorHandler(state.reader, on_xml_error, &state);
    while ((rc = xmlTextReaderRead(state.reader)) == 1) {
        if (xmlTextReaderNodeType(state.reader) == XML_READER_TYPE_ELEMENT) {
            read_root(&state);
            break;
        }
    }
    xmlFreeTextReader(state.reader);
    return state.kind;
}

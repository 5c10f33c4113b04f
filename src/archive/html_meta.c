/*
 * html_meta.c - the metadata of an HTML page (html_meta.h).
 *
 * Every value is made one line of valid UTF-8 (defcon_text_line_dup), so
 * callers can print it. JSON-LD is not parsed as a whole: the reader looks
 * for the string values of the few keys it wants, which is enough for the
 * flat objects news sites publish and never fails on broken JSON.
 */
#include "html_meta.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_text.h"
#include "html_walk.h"
#include "text.h"

/* Sets *field to a one-line copy of `value` unless already set. */
static int keep_first(char **field, const char *value)
{
    if (*field || !value)
        return 0;
    *field = defcon_text_line_dup(value, strlen(value));
    if (!*field)
        return -1;
    if (!**field) {
        free(*field);
        *field = NULL;
    }
    return 0;
}

static const char *const date_meta_names[] = {
    "pubdate", "publishdate", "publish-date", "publish_date", "date", "dc.date",
    "dc.date.issued", "dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date",
    "article.published", "og:published_time", "datecreated", "displaydate", NULL};

static int read_meta_tag(xmlNodePtr node, defcon_html_meta *meta)
{
    const char *key = defcon_html_attribute(node, "property");
    const char *content = defcon_html_attribute(node, "content");
    const char *const *name;

    if (!key)
        key = defcon_html_attribute(node, "name");
    if (!key)
        key = defcon_html_attribute(node, "itemprop");
    if (!key || !content)
        return 0;
    if (strcasecmp(key, "og:title") == 0)
        return keep_first(&meta->og_title, content);
    if (strcasecmp(key, "og:site_name") == 0)
        return keep_first(&meta->og_site_name, content);
    if (strcasecmp(key, "og:url") == 0)
        return keep_first(&meta->og_url, content);
    if (strcasecmp(key, "og:type") == 0)
        return keep_first(&meta->og_type, content);
    if (strcasecmp(key, "article:published_time") == 0 || strcasecmp(key, "datePublished") == 0)
        return keep_first(&meta->published, content);
    for (name = date_meta_names; *name; name++)
        if (strcasecmp(key, *name) == 0)
            return keep_first(&meta->other_date, content);
    return 0;
}

int defcon_html_json_find_string(const char *json, const char *key, defcon_buffer *out)
{
    size_t key_len = strlen(key);
    const char *p = json;

    while ((p = strchr(p, '"')) != NULL) {
        const char *q = p + 1;

        if (strncmp(q, key, key_len) != 0 || q[key_len] != '"') {
            p = q;
            continue;
        }
        q += key_len + 1;
        while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
            q++;
        if (*q != ':') {
            p = q;
            continue;
        }
        q++;
        while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
            q++;
        if (*q != '"') {
            p = q;
            continue;
        }
        for (q++; *q && *q != '"'; q++) {
            int rc;

            if (*q != '\\') {
                rc = defcon_buffer_putc(out, *q);
            } else if (q[1] == 'u' && strspn(q + 2, "0123456789abcdefABCDEF") >= 4) {
                char hex[5] = {q[2], q[3], q[4], q[5], '\0'};
                unsigned long cp = strtoul(hex, NULL, 16);

                q += 5;
                if (cp >= 0xD800 && cp < 0xDC00 && q[1] == '\\' && q[2] == 'u'
                    && strspn(q + 3, "0123456789abcdefABCDEF") >= 4) {
                    char low[5] = {q[3], q[4], q[5], q[6], '\0'};
                    unsigned long lo = strtoul(low, NULL, 16);

                    if (lo >= 0xDC00 && lo < 0xE000) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        q += 6;
                    }
                }
                rc = defcon_text_put_codepoint(out, cp);
            } else if (q[1]) {
                q++;
                rc = defcon_buffer_putc(out, *q == 'n' ? '\n' : *q == 't' ? '\t'
                                                 : *q == 'r' || *q == 'b' || *q == 'f' ? ' ' : *q);
            } else {
                break;
            }
            if (rc != 0)
                return -1;
        }
        return 1;
    }
    return 0;
}

/* Reads headline and datePublished from a JSON-LD script. */
static int read_json_ld(xmlNodePtr script, defcon_html_meta *meta)
{
    defcon_buffer json = DEFCON_BUFFER_INIT, value = DEFCON_BUFFER_INIT;
    xmlNodePtr child;
    int rc = 0, found;

    for (child = script->children; rc == 0 && child; child = child->next)
        if (child->content)
            rc = defcon_buffer_puts(&json, (const char *)child->content);
    if (rc == 0 && json.data) {
        if (!meta->ld_headline
            && (found = defcon_html_json_find_string(json.data, "headline", &value)) != 0)
            rc = found < 0 ? -1 : keep_first(&meta->ld_headline, defcon_buffer_cstr(&value));
        defcon_buffer_clear(&value);
        if (rc == 0 && !meta->ld_date
            && (found = defcon_html_json_find_string(json.data, "datePublished", &value)) != 0)
            rc = found < 0 ? -1 : keep_first(&meta->ld_date, defcon_buffer_cstr(&value));
    }
    defcon_buffer_free(&json);
    defcon_buffer_free(&value);
    return rc;
}

static int read_title(xmlNodePtr node, defcon_html_meta *meta)
{
    defcon_buffer text = DEFCON_BUFFER_INIT;
    int rc;

    if (meta->title)
        return 0;
    rc = defcon_html_text_of(node, &text);
    if (rc == 0)
        rc = keep_first(&meta->title, defcon_buffer_cstr(&text));
    defcon_buffer_free(&text);
    return rc;
}

static int read_element(xmlNodePtr node, defcon_html_meta *meta)
{
    const char *name = (const char *)node->name, *value;

    if (strcmp(name, "meta") == 0)
        return read_meta_tag(node, meta);
    if (strcmp(name, "title") == 0)
        return read_title(node, meta);
    if (strcmp(name, "link") == 0) {
        value = defcon_html_attribute(node, "rel");
        if (value && strcasecmp(value, "canonical") == 0)
            return keep_first(&meta->canonical, defcon_html_attribute(node, "href"));
        return 0;
    }
    if (strcmp(name, "script") == 0) {
        value = defcon_html_attribute(node, "type");
        return value && strcasecmp(value, "application/ld+json") == 0 ? read_json_ld(node, meta)
                                                                       : 0;
    }
    if (strcmp(name, "time") == 0)
        return keep_first(&meta->time_datetime, defcon_html_attribute(node, "datetime"));
    if (strcmp(name, "body") == 0)
        return keep_first(&meta->body_class, defcon_html_attribute(node, "class"));
    if (strcmp(name, "h1") == 0) {
        if (!meta->first_h1)
            meta->first_h1 = node;
        meta->h1_count++;
    }
    return 0;
}

int defcon_html_meta_read(xmlDocPtr doc, defcon_html_meta *meta)
{
    defcon_html_walk walk;
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    int rc = 0;

    memset(meta, 0, sizeof *meta);
    defcon_html_walk_start(&walk, root);
    while (rc == 0 && root && defcon_html_walk_next(&walk)) {
        if (!walk.entering || walk.node->type != XML_ELEMENT_NODE)
            continue;
        rc = read_element(walk.node, meta);
        if (defcon_html_is(walk.node, "script") || defcon_html_is(walk.node, "style")
            || defcon_html_is(walk.node, "title"))
            walk.skip = 1;
    }
    return rc;
}

void defcon_html_meta_free(defcon_html_meta *meta)
{
    if (!meta)
        return;
    free(meta->title);
    free(meta->og_title);
    free(meta->og_site_name);
    free(meta->og_url);
    free(meta->og_type);
    free(meta->published);
    free(meta->other_date);
    free(meta->canonical);
    free(meta->ld_headline);
    free(meta->ld_date);
    free(meta->time_datetime);
    free(meta->body_class);
    memset(meta, 0, sizeof *meta);
}

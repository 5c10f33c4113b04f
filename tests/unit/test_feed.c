/*
 * test_feed.c - unit tests of the feed reader (src/archive/feed.c): RSS
 * 2.0, RSS 1.0, Atom (html, xhtml and text content) and a WordPress
 * export with drafts, pages and attachments; recognition by content;
 * hostile XML: an entity bomb, an external entity, broken markup.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buffer.h"
#include "check.h"
#include "feed.h"

/* Every item the callback saw, one line each: fields joined by '|'. */
static defcon_buffer seen;
static int stop_after;

static void put_list(const char *const *items, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        defcon_buffer_printf(&seen, "%s%s", i ? "," : "", items[i]);
}

static int on_item(void *context, const defcon_feed_item *item)
{
    (void)context;
    defcon_buffer_printf(&seen, "%zu|%s|%s|%s=%s|%s|%s|", item->number,
                         item->title ? item->title : "-", item->link ? item->link : "-",
                         item->date_field ? item->date_field : "-", item->date ? item->date : "-",
                         item->id ? item->id : "-", item->author ? item->author : "-");
    put_list(item->categories, item->category_count);
    defcon_buffer_putc(&seen, '|');
    put_list(item->tags, item->tag_count);
    defcon_buffer_printf(&seen, "|%s\n", item->content ? item->content : "-");
    CHECK(!item->content || strlen(item->content) == item->content_len);
    return stop_after && (int)item->number >= stop_after;
}

static int parse(const char *xml, defcon_feed_summary *summary, char *error, size_t size)
{
    defcon_buffer_clear(&seen);
    error[0] = '\0';
    return defcon_feed_parse_memory(xml, strlen(xml), "feed.xml", on_item, NULL, summary, error,
                                    size);
}

static const char rss[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
    "     xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
    "<channel><title>DEFCON Warning System</title><link>https://example.org</link>\n"
    "<item><title>Zarif visit</title><link>https://example.org/2019/04/29/zarif/</link>\n"
    "  <pubDate>Mon, 29 Apr 2019 10:00:00 +0000</pubDate><dc:creator>Staff</dc:creator>\n"
    "  <category><![CDATA[Iran]]></category><category>North Korea</category>\n"
    "  <guid isPermaLink=\"false\">https://example.org/?p=101</guid>\n"
    "  <description>Short &amp; plain</description>\n"
    "  <content:encoded><![CDATA[<p>Tehran &amp; Pyongyang.</p>]]></content:encoded></item>\n"
    "<item><title>Only a description</title>\n"
    "  <description>&lt;p&gt;Escaped &lt;b&gt;HTML&lt;/b&gt;&lt;/p&gt;</description></item>\n"
    "</channel></rss>\n";

static void test_rss(void)
{
    defcon_feed_summary summary;
    char error[512];

    CHECK_LONG(defcon_feed_sniff(rss, sizeof rss - 1), DEFCON_FEED_RSS);
    CHECK_LONG(parse(rss, &summary, error, sizeof error), 0);
    CHECK_STR(error, "");
    CHECK_LONG(summary.kind, DEFCON_FEED_RSS);
    CHECK_LONG(summary.items, 2);
    CHECK_STR(summary.title, "DEFCON Warning System");
    CHECK_STR(summary.link, "https://example.org");
    CHECK_STR(seen.data,
              "1|Zarif visit|https://example.org/2019/04/29/zarif/|pubDate=Mon, 29 Apr 2019 "
              "10:00:00 +0000|https://example.org/?p=101|Staff|Iran,North Korea||"
              "<p>Tehran &amp; Pyongyang.</p>\n"
              "2|Only a description|-|-=-|-|-|||<p>Escaped <b>HTML</b></p>\n");

    /* The callback can stop the walk. */
    stop_after = 1;
    CHECK_LONG(parse(rss, &summary, error, sizeof error), 1);
    CHECK_LONG(summary.items, 1);
    stop_after = 0;
}

static const char atom[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Site</title>\n"
    "<link rel=\"self\" href=\"https://example.org/feed/atom\"/>"
    "<link href=\"https://example.org/\"/>\n"
    "<entry><title type=\"html\">Summit &lt;em&gt;off&lt;/em&gt;</title>\n"
    "  <link rel=\"replies\" href=\"https://example.org/a/#comments\"/>\n"
    "  <link rel=\"alternate\" href=\"https://example.org/a/\"/><id>tag:example.org,2019:a</id>\n"
    "  <updated>2019-05-02T00:00:00Z</updated><published>2019-05-01T12:00:00Z</published>\n"
    "  <author><name>Ann</name></author><category term=\"iran\" label=\"Iran\"/>"
    "<category term=\"nk\"/>\n"
    "  <summary>a &lt; b</summary>\n"
    "  <content type=\"html\">&lt;p&gt;Talks &amp;amp; more&lt;/p&gt;</content></entry>\n"
    "<entry><title>X</title><updated>2019-05-03T00:00:00Z</updated>\n"
    "  <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>One "
    "<b>two</b></p></div></content></entry>\n"
    "<entry><title>T</title><summary type=\"text\">1 &lt; 2 &amp; 3</summary></entry>\n"
    "</feed>\n";

static void test_atom(void)
{
    defcon_feed_summary summary;
    char error[512];

    CHECK_LONG(defcon_feed_sniff(atom, sizeof atom - 1), DEFCON_FEED_ATOM);
    CHECK_LONG(parse(atom, &summary, error, sizeof error), 0);
    CHECK_STR(error, "");
    CHECK_LONG(summary.kind, DEFCON_FEED_ATOM);
    CHECK_STR(summary.title, "Site");
    CHECK_STR(summary.link, "https://example.org/");
    CHECK_STR(seen.data,
              "1|Summit <em>off</em>|https://example.org/a/|published=2019-05-01T12:00:00Z|"
              "tag:example.org,2019:a|Ann|Iran,nk||<p>Talks &amp; more</p>\n"
              "2|X|-|updated=2019-05-03T00:00:00Z|-|-|||<p>One <b>two</b></p>\n"
              "3|T|-|-=-|-|-|||1 &lt; 2 &amp; 3\n");
}

/* A WordPress export: one published post among a draft, a page, an
 * attachment and a private post. */
static void wxr_item(defcon_buffer *out, const char *title, const char *type, const char *status,
                     const char *gmt)
{
    defcon_buffer_printf(out,
        "<item><title>%s</title><link>https://example.org/?p=1</link>"
        "<pubDate>Mon, 29 Apr 2019 10:00:00 +0000</pubDate>"
        "<dc:creator><![CDATA[admin]]></dc:creator><guid isPermaLink=\"false\">g-%s</guid>"
        "<description></description>"
        "<content:encoded><![CDATA[<p>Body of %s</p>\n\n<!-- wp:paragraph -->]]></content:encoded>"
        "<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
        "<wp:post_id>1</wp:post_id><wp:post_date><![CDATA[2019-04-29 12:00:00]]></wp:post_date>"
        "<wp:post_date_gmt><![CDATA[%s]]></wp:post_date_gmt>"
        "<wp:status><![CDATA[%s]]></wp:status><wp:post_type><![CDATA[%s]]></wp:post_type>"
        "<category domain=\"category\" nicename=\"iran\"><![CDATA[Iran]]></category>"
        "<category domain=\"post_tag\" nicename=\"zarif\"><![CDATA[Zarif]]></category>"
        "<category domain=\"post_format\" nicename=\"x\"><![CDATA[Aside]]></category>"
        "<wp:postmeta><wp:meta_key>k</wp:meta_key><wp:meta_value>v</wp:meta_value></wp:postmeta>"
        "</item>\n", title, title, title, gmt, status, type);
}

static void test_wxr(void)
{
    defcon_buffer xml = DEFCON_BUFFER_INIT;
    defcon_feed_summary summary;
    char error[512];

    defcon_buffer_puts(&xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<!-- generator=\"WordPress\" -->\n"
        "<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"\n"
        " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
        " xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n"
        " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
        " xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel><title>Site</title>\n"
        "<wp:wxr_version>1.2</wp:wxr_version>\n");
    wxr_item(&xml, "Published", "post", "publish", "2019-04-29 10:00:00");
    wxr_item(&xml, "Draft", "post", "draft", "0000-00-00 00:00:00");
    wxr_item(&xml, "About", "page", "publish", "2019-01-01 00:00:00");
    wxr_item(&xml, "logo.png", "attachment", "inherit", "2019-01-01 00:00:00");
    wxr_item(&xml, "Private", "post", "private", "2019-01-01 00:00:00");
    wxr_item(&xml, "No GMT", "post", "publish", "0000-00-00 00:00:00");
    defcon_buffer_puts(&xml, "</channel></rss>\n");

    CHECK_LONG(defcon_feed_sniff(xml.data, xml.len), DEFCON_FEED_WXR);
    CHECK_LONG(parse(xml.data, &summary, error, sizeof error), 0);
    CHECK_STR(error, "");
    CHECK_LONG(summary.kind, DEFCON_FEED_WXR);
    CHECK_LONG(summary.items, 2);
    CHECK_LONG(summary.skipped_not_post, 2);
    CHECK_LONG(summary.skipped_not_published, 2);
    CHECK_STR(seen.data,
              "1|Published|https://example.org/?p=1|wp:post_date_gmt=2019-04-29 10:00:00|"
              "g-Published|admin|Iran|Zarif|<p>Body of Published</p>\n\n<!-- wp:paragraph -->\n"
              "6|No GMT|https://example.org/?p=1|pubDate=Mon, 29 Apr 2019 10:00:00 +0000|"
              "g-No GMT|admin|Iran|Zarif|<p>Body of No GMT</p>\n\n<!-- wp:paragraph -->\n");
    defcon_buffer_free(&xml);
}

static void test_rdf(void)
{
    static const char rdf[] =
        "<?xml version=\"1.0\"?>\n"
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
        " xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
        "<channel rdf:about=\"https://example.org/\"><title>Old site</title></channel>\n"
        "<item rdf:about=\"https://example.org/1\"><title>One</title>"
        "<link>https://example.org/1</link><dc:date>1999-01-02</dc:date>"
        "<dc:subject>Arms</dc:subject><description>Text</description></item>\n"
        "</rdf:RDF>\n";
    defcon_feed_summary summary;
    char error[512];

    CHECK_LONG(defcon_feed_sniff(rdf, sizeof rdf - 1), DEFCON_FEED_RDF);
    CHECK_LONG(parse(rdf, &summary, error, sizeof error), 0);
    CHECK_STR(seen.data, "1|One|https://example.org/1|dc:date=1999-01-02|-|-|Arms||Text\n");
}

static void test_hostile(void)
{
    defcon_buffer xml = DEFCON_BUFFER_INIT;
    defcon_feed_summary summary;
    char error[512];
    clock_t started;
    int i;

    /* Billion laughs: nine levels of ten references. */
    defcon_buffer_puts(&xml, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
                             "<!ENTITY lol0 \"lol\">\n");
    for (i = 1; i < 10; i++) {
        int k;

        defcon_buffer_printf(&xml, "<!ENTITY lol%d \"", i);
        for (k = 0; k < 10; k++)
            defcon_buffer_printf(&xml, "&lol%d;", i - 1);
        defcon_buffer_puts(&xml, "\">\n");
    }
    defcon_buffer_puts(&xml, "]>\n<rss version=\"2.0\"><channel><item><title>&lol9;</title>"
                             "</item></channel></rss>\n");
    started = clock();
    CHECK_LONG(parse(xml.data, &summary, error, sizeof error), -1);
    CHECK((clock() - started) / CLOCKS_PER_SEC < 5);
    CHECK(strncmp(error, "feed.xml: line ", 15) == 0);
    CHECK(strstr(error, "entit") != NULL);
    CHECK_LONG(summary.items, 0);

    /* A small bomb libxml2 would expand: refused for declaring entities. */
    CHECK_LONG(parse("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\">]>"
                     "<rss><channel><item><title>&a;&a;</title></item></channel></rss>",
                     &summary, error, sizeof error), -1);
    CHECK(strstr(error, "declares its own XML entities") != NULL);
    CHECK_LONG(summary.items, 0);

    /* An external entity is never read. */
    CHECK_LONG(parse("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM "
                     "\"file:///etc/passwd\">]><rss><channel><item><title>&x;</title>"
                     "</item></channel></rss>", &summary, error, sizeof error), -1);
    CHECK(strstr(error, "declares its own XML entities") != NULL);
    CHECK(strstr(seen.data ? seen.data : "", "root:") == NULL);

    /* Broken XML after one good item: the item came, the line is named. */
    /* Broken XML after good items (far enough ahead that the streaming
     * parser has not reached the damage): those items came, the line of
     * the damage is named. */
    defcon_buffer_clear(&xml);
    defcon_buffer_puts(&xml, "<rss><channel>\n");
    for (i = 0; i < 200; i++)
        defcon_buffer_printf(&xml, "<item><title>ok %d</title><description>%0200d</description>"
                                   "</item>\n", i, i);
    defcon_buffer_puts(&xml, "<item><title>bad</item>\n</channel></rss>");
    CHECK_LONG(parse(xml.data, &summary, error, sizeof error), -1);
    CHECK(summary.items > 100);
    CHECK(strstr(error, "feed.xml: line 202: not well-formed XML") != NULL);

    /* Not a feed at all. */
    CHECK_LONG(parse("<!DOCTYPE html><html><body>hi</body></html>", &summary, error,
                     sizeof error), -1);
    CHECK(strstr(error, "not a feed: the root element is <html>") != NULL);
    CHECK_LONG(defcon_feed_sniff("<!DOCTYPE html><html></html>", 28), DEFCON_FEED_NONE);
    CHECK_LONG(defcon_feed_sniff("plain text", 10), DEFCON_FEED_NONE);
    CHECK_LONG(defcon_feed_sniff("", 0), DEFCON_FEED_NONE);
    CHECK_LONG(defcon_feed_sniff("<feed><entry/></feed>", 21), DEFCON_FEED_NONE);
    CHECK_LONG(parse("", &summary, error, sizeof error), -1);
    defcon_buffer_free(&xml);
}

static void test_file(void)
{
    char path[] = "/tmp/defcon-feed-XXXXXX", error[512];
    defcon_feed_summary summary;
    FILE *file;
    int fd = mkstemp(path);

    CHECK(fd >= 0);
    file = fdopen(fd, "wb");
    fputs(rss, file);
    fclose(file);
    defcon_buffer_clear(&seen);
    CHECK_LONG(defcon_feed_parse_file(path, on_item, NULL, &summary, error, sizeof error), 0);
    CHECK_LONG(summary.items, 2);
    unlink(path);
    CHECK_LONG(defcon_feed_parse_file(path, on_item, NULL, &summary, error, sizeof error), -1);
    CHECK(strstr(error, "No such file or directory") != NULL);
    CHECK_STR(defcon_feed_kind_name(DEFCON_FEED_WXR), "WordPress export");
}

int main(void)
{
    defcon_feed_global_init();
    test_rss();
    test_atom();
    test_wxr();
    test_rdf();
    test_hostile();
    test_file();
    defcon_buffer_free(&seen);
    return check_finish();
}

/*
 * test_html_article.c - HTML pages to articles, and archive files of each
 * kind to their articles through a sink (archive_file.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive_file.h"
#include "check.h"
#include "html_article.h"

static const char page[] =
    "<html><head><title>Iran talks resume | DEFCON Warning System</title>"
    "<link rel=\"canonical\" href=\"https://example.com/2020/01/10/iran-talks/\">"
    "</head><body><nav class=\"menu\">Home News</nav>"
    "<article><h1>Iran talks resume</h1><div class=\"entry-content\">"
    "<p>Negotiators met again.</p><p>Centrifuges remain the dispute.</p>"
    "<div class=\"sharedaddy\">Share this</div></div></article>"
    "<aside class=\"sidebar\">Recent posts</aside><footer>Copyright</footer></body></html>";

static void test_page(void)
{
    defcon_article a;
    const char *not_article = "unset";
    char error[256];

    CHECK_LONG(defcon_html_article_parse(page, strlen(page), NULL, NULL, &a, &not_article,
                                         error, sizeof error), 0);
    CHECK(not_article == NULL);
    CHECK_STR(a.title, "Iran talks resume");
    CHECK_STR(a.url, "https://example.com/2020/01/10/iran-talks/");
    CHECK_LONG(a.date.precision, DEFCON_DATE_DAY);
    CHECK_LONG(a.date.day, 10);
    CHECK_STR(a.body, "Negotiators met again.\n\nCentrifuges remain the dispute.");
    defcon_article_clear(&a);
}

static void test_metadata_order(void)
{
    static const char meta[] =
        "<html><head><meta property=\"og:title\" content=\"From og\">"
        "<meta property=\"article:published_time\" content=\"2018-02-03T10:00:00Z\">"
        "<title>From title - Site</title></head><body><h1>From h1</h1>"
        "<time datetime=\"2017-01-01\">x</time><p>Text.</p></body></html>";
    static const char website[] =
        "<html><head><meta property=\"og:type\" content=\"website\"></head>"
        "<body><p>Latest posts</p></body></html>";
    static const char titled[] = "<html><head><title>Only the title \xE2\x80\x93 Site</title>"
                                 "</head><body><p>x</p></body></html>";
    defcon_article a;
    const char *not_article;
    char error[256];

    CHECK_LONG(defcon_html_article_parse(meta, strlen(meta), NULL,
                                         "https://x.com/2016/05/05/slug/", &a, &not_article,
                                         error, sizeof error), 0);
    CHECK_STR(a.title, "From og");
    CHECK_LONG(a.date.year, 2018);
    CHECK_STR(a.url, "https://x.com/2016/05/05/slug/");
    defcon_article_clear(&a);
    CHECK_LONG(defcon_html_article_parse(website, strlen(website), NULL, NULL, &a, &not_article,
                                         error, sizeof error), 0);
    CHECK_STR(not_article ? not_article : "(article)", "og:type website");
    defcon_article_clear(&a);
    CHECK_LONG(defcon_html_article_parse(titled, strlen(titled), NULL, NULL, &a, &not_article,
                                         error, sizeof error), 0);
    CHECK_STR(a.title, "Only the title");
    CHECK_LONG(a.date.precision, DEFCON_DATE_NONE);
    defcon_article_clear(&a);
}

static void test_charset(void)
{
    /* No declaration and not UTF-8: Windows-1252 (0x93 0x94 are quotes). */
    static const char latin[] = "<html><body><p>\x93" "Caf\xe9\x94</p></body></html>";
    static const char declared[] =
        "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9</p></body></html>";
    defcon_article a;
    const char *not_article;
    char error[256];

    CHECK_LONG(defcon_html_article_parse(latin, strlen(latin), NULL, NULL, &a, &not_article,
                                         error, sizeof error), 0);
    CHECK_STR(a.body, "\xE2\x80\x9C" "Caf\xC3\xA9\xE2\x80\x9D");
    defcon_article_clear(&a);
    CHECK_LONG(defcon_html_article_parse(declared, strlen(declared), NULL, NULL, &a,
                                         &not_article, error, sizeof error), 0);
    CHECK_STR(a.body, "Caf\xC3\xA9");
    defcon_article_clear(&a);
    /* The HTTP header's charset wins. */
    CHECK_LONG(defcon_html_article_parse(latin, strlen(latin), "iso-8859-1", NULL, &a,
                                         &not_article, error, sizeof error), 0);
    CHECK(strstr(a.body, "Caf\xC3\xA9") != NULL);
    defcon_article_clear(&a);
}

static void test_deep_nesting(void)
{
    size_t depth = 100000, i;
    char *html = malloc(depth * 11 + 64);
    size_t len = 0;
    defcon_article a;
    const char *not_article;
    char error[256];

    for (i = 0; i < depth; i++)
        len += (size_t)sprintf(html + len, "<div>");
    len += (size_t)sprintf(html + len, "deep text");
    for (i = 0; i < depth; i++)
        len += (size_t)sprintf(html + len, "</div>");
    CHECK_LONG(defcon_html_article_parse(html, len, NULL, NULL, &a, &not_article, error,
                                         sizeof error), 0);
    defcon_article_clear(&a);
    free(html);
}

/* A sink that keeps titles and skip kinds as text. */
typedef struct collected {
    char titles[2048];
    char skips[2048];
    int articles;
} collected;

static int collect_article(void *context, defcon_article *article)
{
    collected *c = context;
    size_t used = strlen(c->titles);

    snprintf(c->titles + used, sizeof c->titles - used, "%s[%lld|%s|%s]", used ? " " : "",
             article->has_member ? article->member : -1LL, article->title,
             article->key ? article->key : "-");
    c->articles++;
    return 0;
}

static void collect_skip(void *context, const char *kind, const char *detail, long count)
{
    collected *c = context;
    size_t used = strlen(c->skips);

    (void)detail;
    snprintf(c->skips + used, sizeof c->skips - used, "%s%ld %s", used ? ", " : "", count,
             kind);
}

static void collect_warning(void *context, const char *message)
{
    (void)context;
    (void)message;
}

static void test_feed_file(void)
{
    static const char feed[] =
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>S</title>"
        "<item><title>One</title><link>https://x.com/2020/01/02/one/</link>"
        "<pubDate>Thu, 02 Jan 2020 10:00:00 +0000</pubDate><description>&lt;p&gt;Body"
        "&lt;/p&gt;</description></item>"
        "<item><title>Two</title><guid>tag:x.com,2020:2</guid><description>B</description>"
        "</item></channel></rss>";
    static const char not_feed[] = "<?xml version=\"1.0\"?><urlset/>";
    collected c;
    defcon_archive_sink sink = {collect_article, collect_skip, collect_warning, &c};
    char error[256];

    memset(&c, 0, sizeof c);
    CHECK_LONG(defcon_archive_parse_memory("f/feed.xml", feed, strlen(feed), 100, &sink, error,
                                           sizeof error), 0);
    CHECK_STR(c.titles, "[1|One|x.com/2020/01/02/one] [2|Two|tag:x.com,2020:2]");
    memset(&c, 0, sizeof c);
    CHECK_LONG(defcon_archive_parse_memory("f/sitemap.xml", not_feed, strlen(not_feed), 100,
                                           &sink, error, sizeof error), 0);
    CHECK_STR(c.skips, "1 XML files that are not feeds");
    CHECK_LONG(c.articles, 0);
    CHECK_LONG(defcon_archive_parse_memory("f/blank.html", " \n", 2, 100, &sink, error,
                                           sizeof error), DEFCON_ARTICLE_NOTHING);
}

static void test_capture_seconds(void)
{
    CHECK_LONG(defcon_archive_capture_seconds("1970-01-02T00:00:01Z"), 86401);
    CHECK_LONG(defcon_archive_capture_seconds("2021-05-01T10:00:01.123Z"),
               defcon_archive_capture_seconds("2021-05-01T10:00:01Z"));
    CHECK_LONG(defcon_archive_capture_seconds("2021-05-01"), 1619827200);
    CHECK_LONG(defcon_archive_capture_seconds("yesterday"), -1);
    CHECK_LONG(defcon_archive_capture_seconds(NULL), -1);
}

int main(void)
{
    test_page();
    test_metadata_order();
    test_charset();
    test_deep_nesting();
    test_feed_file();
    test_capture_seconds();
    return check_finish();
}

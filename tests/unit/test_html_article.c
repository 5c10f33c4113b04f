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
#include "html_page.h"

static const char page[] =
    "<html><head><title>Iran talks resume | DEFCON Warning System</title>"
    "<link rel=\"canonical\" href=\"https://example.com/2020/01/10/iran-talks/\">"
    "<meta property=\"article:published_time\" content=\"2020-01-10T08:00:00+00:00\">"
    "</head><body><nav class=\"menu\">Home News</nav>"
    "<article><h1>Iran talks resume</h1><div class=\"entry-content\">"
    "<p>Negotiators met again in Vienna on Friday to discuss the future of the nuclear deal, "
    "with diplomats from every signatory present for the first time in months.</p>"
    "<p>Centrifuges remain the dispute: the number the country may run, and where, is the "
    "question that has stalled every round of talks since the summer.</p>"
    "<div class=\"sharedaddy\">Share this</div></div></article>"
    "<aside class=\"sidebar\">Recent posts</aside><footer>Copyright</footer></body></html>";

static void test_page(void)
{
    defcon_article a;
    char reason[256], error[256];

    CHECK_LONG(defcon_html_article_parse(page, strlen(page), NULL, NULL, &a, reason,
                                         sizeof reason, error, sizeof error), 0);
    CHECK_STR(reason, "");
    CHECK_STR(a.title, "Iran talks resume");
    CHECK_STR(a.url, "https://example.com/2020/01/10/iran-talks/");
    CHECK_LONG(a.date.precision, DEFCON_DATE_DAY);
    CHECK_LONG(a.date.day, 10);
    CHECK(strstr(a.body, "first time in months.\n\nCentrifuges remain the dispute") != NULL);
    CHECK(strstr(a.body, "Share this") == NULL);
    CHECK(strstr(a.body, "Recent posts") == NULL);
    CHECK_LONG(a.body_len, strlen(a.body));
    defcon_article_clear(&a);
}

static void test_not_article(void)
{
    static const char home[] =
        "<html><head><title>Site</title><meta property=\"og:type\" content=\"website\">"
        "</head><body><ul><li><a href=\"/2020/01/01/a/\">A</a></li></ul></body></html>";
    defcon_article a;
    char reason[256], error[256];

    CHECK_LONG(defcon_html_article_parse(home, strlen(home), NULL, "https://example.com/", &a,
                                         reason, sizeof reason, error, sizeof error), 0);
    CHECK(reason[0] != '\0');
    defcon_article_clear(&a);
}

static void test_too_large(void)
{
    size_t len = DEFCON_HTML_PAGE_MAX_BYTES + 1;
    char *big = malloc(len);
    defcon_article a;
    char reason[256], error[256];
    defcon_archive_page page_in;
    int warned = 0;

    (void)warned;
    memset(big, 'x', len);
    CHECK_LONG(defcon_html_article_parse(big, len, NULL, NULL, &a, reason, sizeof reason, error,
                                         sizeof error), -1);
    CHECK(strlen(error) > 0);
    memset(&page_in, 0, sizeof page_in);
    page_in.bytes = big;
    page_in.len = len;
    /* Through the archive: 1, the page cannot be read, the rest goes on. */
    CHECK_LONG(defcon_archive_send_page(&page_in, NULL, error, sizeof error), 1);
    free(big);
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
    test_not_article();
    test_too_large();
    test_feed_file();
    test_capture_seconds();
    return check_finish();
}

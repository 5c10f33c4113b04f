/*
 * test_html_page.c - tests of defcon_html_page_parse(): metadata by its
 * priorities, the main text without the page's furniture, safe HTML,
 * listings told from articles, every way of declaring (or lying about) a
 * charset, and hostile pages: 100 MB, 100,000 nested <div>s, control
 * characters. Fixtures are in tests/data/html/.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "check.h"
#include "html_page.h"
#include "text.h"

#define LOTS_OF_PARAGRAPHS ((size_t)2 * 1024 * 1024)

static defcon_html_page page;
static char error[256];

static int parse_bytes(const char *bytes, size_t len, const char *hint, const char *url)
{
    defcon_html_page_clear(&page);
    error[0] = '\0';
    return defcon_html_page_parse(bytes, len, hint, url, &page, error, sizeof error);
}

static int parse(const char *html, const char *hint, const char *url)
{
    return parse_bytes(html, strlen(html), hint, url);
}

/* Valid UTF-8, no control characters but "\n" (and none at all when
 * `one_line`). */
static int clean_text(const char *text, int one_line)
{
    size_t len, pos = 0;

    if (!text)
        return 1;
    len = strlen(text);
    if (defcon_text_utf8_check(text, len) != len)
        return 0;
    while (pos < len) {
        unsigned long cp = defcon_text_next_codepoint(text, len, &pos);

        if ((cp < 0x20 && (cp != '\n' || one_line)) || (cp >= 0x7F && cp < 0xA0))
            return 0;
    }
    return 1;
}

static void check_page_clean(void)
{
    CHECK(clean_text(page.title, 1));
    CHECK(clean_text(page.date, 1));
    CHECK(clean_text(page.source, 1));
    CHECK(clean_text(page.url, 1));
    CHECK(clean_text(page.body, 0));
    CHECK(clean_text(page.html, 0));
    CHECK(page.is_article ? page.not_article_reason == NULL : page.not_article_reason != NULL);
}

static char *fixture(const char *name, size_t *len)
{
    const char *data = getenv("DEFCON_TEST_DATA");
    char path[1024];
    char *bytes;

    snprintf(path, sizeof path, "%s/html/%s", data ? data : "../data", name);
    bytes = check_read_file(path, len);
    if (!bytes)
        fprintf(stderr, "cannot read %s\n", path);
    return bytes;
}

static void test_wordpress_article(void)
{
    size_t len;
    char *bytes = fixture("wordpress-article.html", &len);

    CHECK(bytes != NULL);
    if (!bytes)
        return;
    CHECK_LONG(parse_bytes(bytes, len, NULL, NULL), 0);
    check_page_clean();
    CHECK_STR(page.title, "Condition Blue as talks stall");
    CHECK_STR(page.date, "2019-04-29T08:15:00+00:00");
    CHECK_STR(page.source, "The DEFCON Warning System");
    CHECK_STR(page.url, "https://defconwarningsystem.com/2019/04/29/condition-blue/");
    CHECK_LONG(page.is_article, 1);
    CHECK(strncmp(page.body, "The talks between the two delegations stalled", 45) == 0);
    CHECK(strstr(page.body, "\n\nWhat changed since the last bulletin\n\nVery little") != NULL);
    CHECK(strstr(page.body, "\n\nBoth delegations left the table without a date for the next "
                            "round.\n\nThe tests are planned") != NULL);
    CHECK(strstr(page.body, "We are not going to negotiate") != NULL);
    CHECK(strstr(page.body, "without a word to the press") != NULL);   /* an embedded post */
    CHECK(strstr(page.body, "Follow us") == NULL);
    CHECK(strstr(page.body, "which we keep updated as the situation develops over the coming "
                            "weeks.") != NULL);
    /* The page's furniture stays out. */
    CHECK(strstr(page.body, "cookies") == NULL);
    CHECK(strstr(page.body, "Home") == NULL);
    CHECK(strstr(page.body, "Share this") == NULL);
    CHECK(strstr(page.body, "Twitter") == NULL);
    CHECK(strstr(page.body, "older bulletin") == NULL);
    CHECK(strstr(page.body, "This comment") == NULL);
    CHECK(strstr(page.body, "Recent posts") == NULL);
    CHECK(strstr(page.body, "Copyright") == NULL);
    CHECK(strstr(page.body, "Posted") == NULL);
    CHECK(strstr(page.body, "script text") == NULL);
    CHECK(strstr(page.body, "color: black") == NULL);
    CHECK(strstr(page.body, "Condition Blue as talks stall") == NULL);   /* the h1 */
    /* Minimal safe HTML. */
    CHECK(strstr(page.html, "<p>The talks between") != NULL);
    CHECK(strstr(page.html, "<em>missile tests</em>") != NULL);
    CHECK(strstr(page.html, "<strong>assess the level</strong>") != NULL);
    CHECK(strstr(page.html, "<h2>What changed since the last bulletin</h2>") != NULL);
    CHECK(strstr(page.html, "<ul>\n<li>Both delegations") != NULL);
    CHECK(strstr(page.html, "</li>\n</ul>") != NULL);
    CHECK(strstr(page.html, "<blockquote><p>We are not going") != NULL);
    CHECK(strstr(page.html, "<a href=\"https://example.org/report\">full report</a>") != NULL);
    CHECK(strstr(page.html, "javascript") == NULL);
    CHECK(strstr(page.html, "in our archive, which") != NULL);
    CHECK(strstr(page.html, "<script") == NULL);
    free(bytes);
}

static void test_page_without_structure(void)
{
    size_t len;
    char *bytes = fixture("plain-page.html", &len);

    CHECK(bytes != NULL);
    if (!bytes)
        return;
    CHECK_LONG(parse_bytes(bytes, len, NULL, "http://watch.example/2018/07/14/quiet-week/"), 0);
    check_page_clean();
    CHECK_STR(page.title, "Quiet week on the peninsula");    /* "– Northern Watch" goes */
    CHECK_STR(page.date, "2018-07-14");                      /* from the URL */
    CHECK(page.source == NULL);
    CHECK_STR(page.url, "http://watch.example/2018/07/14/quiet-week/");
    CHECK_LONG(page.is_article, 1);
    CHECK(strncmp(page.body, "It has been a quiet week on the peninsula.", 42) == 0);
    CHECK(strstr(page.body, "calm for the people who live there.\n\nObservers say") != NULL);
    CHECK(strstr(page.body, "lost during the tense weeks of the winter.") != NULL);
    CHECK(strstr(page.body, "World news") == NULL);
    CHECK(strstr(page.body, "Advertise") == NULL);
    CHECK(strstr(page.body, "Privacy") == NULL);
    CHECK(strstr(page.body, "Opinion") == NULL);
    free(bytes);
}

static void test_listings(void)
{
    size_t len;
    char *bytes = fixture("tag-listing.html", &len);
    static const char *const listing_urls[] = {
        "https://defconwarningsystem.com/tag/nuclear/",
        "https://defconwarningsystem.com/category/bulletins/",
        "https://defconwarningsystem.com/author/analyst/",
        "https://defconwarningsystem.com/page/2/",
        "https://defconwarningsystem.com/2019/04/",
        "https://defconwarningsystem.com/2019/",
        "https://defconwarningsystem.com/?s=nuclear",
        "https://defconwarningsystem.com/search/nuclear",
        "https://defconwarningsystem.com/",
        "https://defconwarningsystem.com",
        NULL};
    static const char article_html[] =
        "<html><body><article><p>The envoys of the two countries met in Geneva on Friday, far "
        "from the cameras, to discuss the terms of a new agreement on the limits of their "
        "arsenals and the inspections that would verify them for years.</p></article></body>"
        "</html>";
    const char *const *url;

    CHECK(bytes != NULL);
    if (!bytes)
        return;
    /* By the URL, by WordPress's body class, and by the structure alone. */
    CHECK_LONG(parse_bytes(bytes, len, NULL, "https://defconwarningsystem.com/tag/nuclear/"), 0);
    check_page_clean();
    CHECK_LONG(page.is_article, 0);
    CHECK(strstr(page.not_article_reason, "URL") != NULL);
    CHECK_LONG(parse_bytes(bytes, len, NULL, NULL), 0);
    CHECK_LONG(page.is_article, 0);
    CHECK(strstr(page.not_article_reason, "body class") != NULL);
    {
        char *unmarked = strdup(bytes), *p = strstr(unmarked, "archive tag tag-nuclear");

        memset(p, 'x', strlen("archive tag tag-nuclear"));
        CHECK_LONG(parse(unmarked, NULL, NULL), 0);
        CHECK_LONG(page.is_article, 0);
        CHECK(strstr(page.not_article_reason, "linked headings") != NULL);
        free(unmarked);
    }
    for (url = listing_urls; *url; url++) {
        CHECK_LONG(parse(article_html, NULL, *url), 0);
        if (page.is_article)
            fprintf(stderr, "not seen as a listing: %s\n", *url);
        CHECK_LONG(page.is_article, 0);
    }
    CHECK_LONG(parse(article_html, NULL, "https://defconwarningsystem.com/2019/04/29/slug/"), 0);
    CHECK_LONG(page.is_article, 1);
    CHECK_LONG(parse(article_html, NULL, "https://defconwarningsystem.com/?p=4242"), 0);
    CHECK_LONG(page.is_article, 1);
    CHECK_LONG(parse(article_html, NULL, "https://site.example/category/world/asia/2019/a-long"
                                          "-story-slug/"), 0);
    CHECK_LONG(page.is_article, 1);
    free(bytes);
}

static void test_json_ld_and_canonical(void)
{
    size_t len;
    char *bytes = fixture("json-ld.html", &len);

    CHECK(bytes != NULL);
    if (!bytes)
        return;
    CHECK_LONG(parse_bytes(bytes, len, NULL, "https://dispatch.example/world/envoys"), 0);
    check_page_clean();
    CHECK_STR(page.title, "Envoys meet in Geneva \xE2\x80\x94 \"quietly\"");
    CHECK_STR(page.date, "2021-03-05T10:00:00Z");          /* JSON-LD before <time> */
    CHECK_STR(page.url, "https://dispatch.example/2021/03/05/envoys-meet/");
    CHECK_STR(page.source, "Geneva Dispatch");
    CHECK(strncmp(page.body, "The envoys of the two countries met", 35) == 0);
    free(bytes);
}

static void test_dates(void)
{
    CHECK_LONG(parse("<meta property=\"article:published_time\" content=\"0001-01-01T00:00:00Z\">"
                     "<meta name=\"pubdate\" content=\"Nov. 19, 2019\">", NULL,
                     "https://a.example/2018/02/03/slug/"), 0);
    CHECK_STR(page.date, "Nov. 19, 2019");      /* the placeholder is passed over */
    CHECK_LONG(parse("<p>x</p>", NULL, "https://a.example/2018/02/03/slug/"), 0);
    CHECK_STR(page.date, "2018-02-03");
    CHECK_LONG(parse("<p>x</p>", NULL, "https://a.example/news/2018/02/slug/"), 0);
    CHECK_STR(page.date, "2018-02");
    CHECK_LONG(parse("<p>x</p>", NULL, "https://a.example/news/1234/56/slug/"), 0);
    CHECK(page.date == NULL);
    CHECK_LONG(parse("<body><time datetime=\"2017-05-06\">May 6</time></body>", NULL, NULL), 0);
    CHECK_STR(page.date, "2017-05-06");
}

static void test_split_body(void)
{
    static const char page_html[] =
        "<html><body><div class=\"menu\"><a href=\"/\">Home</a></div><article>"
        "<div class=\"article-body\"><p>The first part of the article runs long enough to be "
        "read as prose by anyone, and it is the start of the story that the page tells.</p>"
        "<p>Its second paragraph goes on with the story for a while, with the details that "
        "the reporters gathered during the week of the talks in the capital.</p></div>"
        "<div class=\"ad-slot\">Advertisement</div>"
        "<div class=\"article-body\"><p>After the advertising, the second part of the "
        "article carries on with the rest of the story for readers.</p></div>"
        "<div class=\"newsletter-signup\"><p>Sign up for our newsletter to get the stories "
        "of the day in your inbox every morning, and never miss one of them.</p></div>"
        "</article></body></html>";

    CHECK_LONG(parse(page_html, NULL, NULL), 0);
    check_page_clean();
    CHECK(strstr(page.body, "The first part") == page.body);
    CHECK(strstr(page.body, "in the capital.\n\nAfter the advertising, the second part") != NULL);
    CHECK(strstr(page.body, "Advertisement") == NULL);
    CHECK(strstr(page.body, "newsletter") == NULL);
    CHECK(strstr(page.body, "Home") == NULL);
}

static void test_title_fallbacks(void)
{
    CHECK_LONG(parse("<html><head><title>Site | Section</title></head><body><h1>The headline "
                     "itself</h1><p>Text.</p></body></html>", NULL, NULL), 0);
    CHECK_STR(page.title, "The headline itself");
    CHECK_LONG(parse("<html><head><title>A long title for the story \xE2\x80\x94 Site Name"
                     "</title></head><body><p>Text.</p></body></html>", NULL, NULL), 0);
    CHECK_STR(page.title, "A long title for the story");
    CHECK_LONG(parse("<html><head><title>Short - The Very Long Name Of This Site Here</title>"
                     "<meta property=\"og:site_name\" content=\"The Very Long Name Of This Site "
                     "Here\"></head><body></body></html>", NULL, NULL), 0);
    CHECK_STR(page.title, "Short");
    CHECK_LONG(parse("<meta property=\"og:title\" content=\"Stocks fall - analysts\">", NULL,
                     NULL), 0);
    CHECK_STR(page.title, "Stocks fall - analysts");
    CHECK_LONG(parse("<meta property=\"og:title\" content=\"Stocks fall | Northern Watch\">"
                     "<meta property=\"og:site_name\" content=\"Northern Watch\">", NULL, NULL), 0);
    CHECK_STR(page.title, "Stocks fall");
    CHECK_LONG(parse("<html><body><p>No title anywhere.</p></body></html>", NULL, NULL), 0);
    CHECK_STR(page.title, "");
    CHECK(page.date == NULL && page.url == NULL && page.source == NULL);
    CHECK_LONG(parse("<p>x</p>", NULL, "https://a.example/b/"), 0);
    CHECK_STR(page.url, "https://a.example/b/");
}

/* "Café “quoted”" in Windows-1252 and in UTF-8. */
#define CAFE_1252 "Caf\xE9 \x93quoted\x94"
#define CAFE_UTF8 "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D"

static void check_cafe(const char *what)
{
    if (!page.title || strcmp(page.title, CAFE_UTF8) != 0)
        fprintf(stderr, "charset case: %s\n", what);
    CHECK_STR(page.title, CAFE_UTF8);
    check_page_clean();
}

static void test_charsets(void)
{
    static const char utf16le[] = "\xFF\xFE<\0t\0i\0t\0l\0e\0>\0C\0a\0f\0\xE9\0 \0\x1C\x20q\0u\0o"
                                  "\0t\0e\0d\0\x1D\x20<\0/\0t\0i\0t\0l\0e\0>\0";

    CHECK_LONG(parse("<title>" CAFE_1252 "</title>", NULL, NULL), 0);
    check_cafe("undeclared, not UTF-8: Windows-1252");
    CHECK_LONG(parse("<title>" CAFE_UTF8 "</title>", NULL, NULL), 0);
    check_cafe("undeclared, valid UTF-8");
    CHECK_LONG(parse("<meta charset=\"iso-8859-1\"><title>" CAFE_1252 "</title>", NULL, NULL), 0);
    check_cafe("meta charset latin-1 read as Windows-1252");
    CHECK_LONG(parse("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252"
                     "\"><title>" CAFE_1252 "</title>", NULL, NULL), 0);
    check_cafe("http-equiv");
    CHECK_LONG(parse("<meta charset=\"utf-8\"><title>" CAFE_1252 "</title>", "windows-1252",
                     NULL), 0);
    check_cafe("the hint beats the meta tag");
    CHECK_LONG(parse("\xEF\xBB\xBF<title>" CAFE_UTF8 "</title>", "windows-1252", NULL), 0);
    check_cafe("a byte order mark beats the hint");
    CHECK_LONG(parse_bytes(utf16le, sizeof utf16le - 1, NULL, NULL), 0);
    check_cafe("UTF-16 with a byte order mark");
    CHECK_LONG(parse("<meta charset=\"koi8-r\"><title>\xF0\xD2\xC9\xD7\xC5\xD4</title>", NULL,
                     NULL), 0);
    CHECK_STR(page.title, "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");   /* Привет */
    CHECK_LONG(parse("<meta charset=\"no-such-charset\"><title>" CAFE_1252 "</title>", NULL,
                     NULL), 0);
    check_cafe("an unknown charset is treated as undeclared");

    /* Charset lies: declared UTF-8 but Windows-1252 throughout... */
    CHECK_LONG(parse("<meta charset=\"utf-8\"><title>" CAFE_1252 "</title>", NULL, NULL), 0);
    check_cafe("a UTF-8 lie with no UTF-8 in it");
    /* ... or mostly UTF-8 with a stray byte: repaired, never garbage. */
    CHECK_LONG(parse("<meta charset=\"utf-8\"><title>" CAFE_UTF8 " \xFF</title>", NULL, NULL), 0);
    CHECK_STR(page.title, CAFE_UTF8 " " DEFCON_TEXT_REPLACEMENT);
    check_page_clean();
    CHECK_LONG(parse("<title>bad</title>", "utf-8", NULL), 0);
    CHECK_STR(page.title, "bad");
}

static void test_control_characters(void)
{
    CHECK_LONG(parse("<title>A\x01" "B&#1;C&#x85;D\x7F" "E</title><p>Line\x02one &#x9F;and "
                     "&#0;two, a sentence that goes on for long enough to be the text of an "
                     "article on its own.\x0C</p>", NULL, NULL), 0);
    check_page_clean();
    CHECK(strstr(page.body, "two, a sentence") != NULL);
    CHECK_LONG(parse_bytes("<p>nul\0inside the page, and text after it too.</p>", 48, NULL, NULL),
               0);
    check_page_clean();
}

static void test_hostile_pages(void)
{
    size_t big = (size_t)100 * 1024 * 1024, i;
    char *bytes = malloc(big);
    defcon_buffer nested = DEFCON_BUFFER_INIT;
    int ok = 1;

    CHECK(bytes != NULL);
    if (bytes) {
        memset(bytes, 'a', big);
        memcpy(bytes, "<p>", 3);
        CHECK_LONG(parse_bytes(bytes, big, NULL, NULL), -1);
        CHECK(strstr(error, "limit") != NULL);
        CHECK(page.body == NULL && page.title == NULL);
        free(bytes);
    }
    /* 40,000 short paragraphs: parsed in linear time (a quadratic pass
     * over the blocks would take minutes). */
    bytes = malloc(LOTS_OF_PARAGRAPHS);
    CHECK(bytes != NULL);
    if (bytes) {
        static const char paragraph[] = "<p>Some words of the page, and then more of them.</p>\n";

        for (i = 0; i + sizeof paragraph - 1 <= LOTS_OF_PARAGRAPHS; i += sizeof paragraph - 1)
            memcpy(bytes + i, paragraph, sizeof paragraph - 1);
        CHECK_LONG(parse_bytes(bytes, i, NULL, NULL), 0);
        free(bytes);
    }

    ok &= defcon_buffer_puts(&nested, "<html><body><p>The paragraph before the nesting, long "
                                      "enough to be kept as the text of the page.</p>") == 0;
    for (i = 0; ok && i < 100000; i++)
        ok &= defcon_buffer_puts(&nested, "<div>") == 0;
    ok &= defcon_buffer_puts(&nested, "<p>deep</p>") == 0;
    for (i = 0; ok && i < 100000; i++)
        ok &= defcon_buffer_puts(&nested, "</div>") == 0;
    CHECK(ok);
    CHECK_LONG(parse_bytes(nested.data, nested.len, NULL, NULL), 0);
    check_page_clean();
    CHECK(strstr(page.body, "The paragraph before the nesting") != NULL);
    defcon_buffer_free(&nested);

    CHECK_LONG(parse_bytes("", 0, NULL, NULL), 0);
    CHECK_LONG(page.is_article, 0);
    CHECK_STR(page.body, "");
    CHECK_LONG(parse_bytes(NULL, 0, NULL, NULL), 0);
    CHECK_LONG(parse("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", NULL, NULL), 0);
    check_page_clean();
}

/* Pages parsed from several threads at once come out as from one. */
#define THREADS 4

typedef struct thread_job {
    const char *bytes;
    size_t len;
    const char *want_body;
    int same;
} thread_job;

static void *parse_repeatedly(void *arg)
{
    thread_job *job = arg;
    int i;

    job->same = 1;
    for (i = 0; i < 25; i++) {
        defcon_html_page mine;
        char message[128];

        if (defcon_html_page_parse(job->bytes, job->len, NULL, NULL, &mine, message,
                                   sizeof message) != 0) {
            job->same = 0;
            continue;
        }
        job->same &= strcmp(mine.body, job->want_body) == 0;
        defcon_html_page_clear(&mine);
    }
    return NULL;
}

static void test_threads(void)
{
    size_t len;
    char *bytes = fixture("wordpress-article.html", &len);
    pthread_t threads[THREADS];
    thread_job jobs[THREADS];
    int i;

    CHECK(bytes != NULL);
    if (!bytes)
        return;
    CHECK_LONG(parse_bytes(bytes, len, NULL, NULL), 0);
    for (i = 0; i < THREADS; i++) {
        jobs[i].bytes = bytes;
        jobs[i].len = len;
        jobs[i].want_body = page.body;
        CHECK_LONG(pthread_create(&threads[i], NULL, parse_repeatedly, &jobs[i]), 0);
    }
    for (i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        CHECK(jobs[i].same);
    }
    free(bytes);
}

int main(void)
{
    test_wordpress_article();
    test_page_without_structure();
    test_listings();
    test_json_ld_and_canonical();
    test_title_fallbacks();
    test_dates();
    test_split_body();
    test_charsets();
    test_control_characters();
    test_hostile_pages();
    test_threads();
    defcon_html_page_clear(&page);
    defcon_html_page_clear(&page);   /* twice is fine */
    defcon_html_page_clear(NULL);
    return check_finish();
}

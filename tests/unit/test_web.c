/*
 * test_web.c - unit tests of the web server's pure parts: escaping for
 * HTML and URLs (html.c), the request parameters and their limits
 * (request_params.c), and the SVG timeline (timeline_svg.c).
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "html.h"
#include "request_params.h"
#include "timeline_svg.h"

static void test_escape(void)
{
    defcon_buffer out = DEFCON_BUFFER_INIT;

    defcon_html_escape(&out, "<script>alert('x')</script> & \"q\"");
    CHECK_STR(defcon_buffer_cstr(&out),
              "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    defcon_buffer_clear(&out);
    defcon_html_escape(&out, "bad \xff byte\x1b[31m, é kept");
    CHECK_STR(defcon_buffer_cstr(&out), "bad \xef\xbf\xbd byte [31m, é kept");
    defcon_buffer_clear(&out);
    defcon_html_escape_len(&out, "cut \xc3", 5);   /* a sequence cut at the end */
    CHECK_STR(defcon_buffer_cstr(&out), "cut \xef\xbf\xbd");
    defcon_buffer_clear(&out);
    defcon_html_escape_marked(&out, "a \x01<b>\x02 c \x02 d \x01open");
    CHECK_STR(defcon_buffer_cstr(&out), "a <mark>&lt;b&gt;</mark> c  d <mark>open</mark>");
    defcon_buffer_clear(&out);
    defcon_url_escape(&out, "oil price&x=1/é");
    CHECK_STR(defcon_buffer_cstr(&out), "oil+price%26x%3D1%2F%C3%A9");
    CHECK(defcon_url_is_web("https://example.com/a?b"));
    CHECK(defcon_url_is_web("HTTP://example.com"));
    CHECK(!defcon_url_is_web("javascript:alert(1)"));
    CHECK(!defcon_url_is_web("//example.com"));
    CHECK(!defcon_url_is_web("http:///x"));
    CHECK(!defcon_url_is_web("https://a b"));
    defcon_buffer_free(&out);
}

static int parse(defcon_request_params *p, const char *query)
{
    defcon_request_params_init(p);
    if (defcon_request_params_parse(p, query, strlen(query)) != 0)
        return -1;
    return defcon_request_params_check(p);
}

static void test_params(void)
{
    defcon_request_params p;
    defcon_buffer url = DEFCON_BUFFER_INIT;
    char *long_query;

    CHECK(parse(&p, "q=oil+price%21&country=iran&country=KP&country=&since=1987-03"
                    "&until=1987&sort=oldest&limit=20&offset=40&exact=on&by=month&utm=x") == 0);
    CHECK_STR(p.query, "oil price!");
    CHECK_LONG(p.country_count, 2);
    CHECK_STR(p.countries[0], "IR");
    CHECK_STR(p.countries[1], "KP");
    CHECK_STR(p.since, "1987-03");
    CHECK_STR(p.until, "1987");
    CHECK(p.until_day - p.since_day == 305);   /* March 1 to December 31 */
    CHECK_LONG(p.sort, DEFCON_SORT_OLDEST);
    CHECK_LONG(p.limit, 20);
    CHECK_LONG(p.offset, 40);
    CHECK(p.exact_countries);
    CHECK_LONG(p.by, DEFCON_BY_MONTH);
    defcon_request_params_url(&p, "/", 0, &url);
    CHECK_STR(defcon_buffer_cstr(&url), "/?q=oil+price%21&country=IR&country=KP&exact=1"
                                        "&since=1987-03&until=1987&sort=oldest&by=month"
                                        "&limit=20&offset=40");
    /* The URL gives the same parameters back. */
    {
        defcon_request_params again;
        CHECK(parse(&again, strchr(defcon_buffer_cstr(&url), '?') + 1) == 0);
        CHECK(memcmp(again.countries, p.countries, sizeof p.countries) == 0);
        CHECK_STR(again.query, p.query);
        CHECK_LONG(again.until_day, p.until_day);
    }
    /* Limits and mistakes: a status and a message. */
    long_query = malloc(DEFCON_WEB_MAX_QUERY_BYTES + 10);
    memset(long_query, 'a', DEFCON_WEB_MAX_QUERY_BYTES + 9);
    memcpy(long_query, "q=", 2);
    long_query[DEFCON_WEB_MAX_QUERY_BYTES + 9] = '\0';
    CHECK(parse(&p, long_query) != 0 && p.status == 400 && strstr(p.error, "too long"));
    free(long_query);
    CHECK(parse(&p, "limit=101") != 0 && strstr(p.error, "limit is a number from 0 to 100"));
    CHECK(parse(&p, "offset=10001") != 0 && p.status == 400);
    CHECK(parse(&p, "offset=10000&limit=100") == 0);
    CHECK(parse(&p, "country=Narnia") != 0 && strstr(p.error, "no such country 'Narnia'"));
    CHECK(parse(&p, "country=korea") != 0 && strstr(p.error, "did you mean"));
    CHECK(parse(&p, "since=1987-02-30") != 0 && strstr(p.error, "since '1987-02-30'"));
    CHECK(parse(&p, "since=1988&until=1987") != 0 && strstr(p.error, "after the until date"));
    CHECK(parse(&p, "sort=best") != 0 && strstr(p.error, "relevance, newest or oldest"));
    CHECK(parse(&p, "q=a%00b") != 0 && strstr(p.error, "NUL"));
    CHECK(parse(&p, "limit=-1") != 0);
    CHECK(parse(&p, "limit=1e3") != 0);
    CHECK(parse(&p, "q=%zz%4") == 0 && strcmp(p.query, "%zz%4") == 0);
    /* The first error stays. */
    CHECK(parse(&p, "sort=x&limit=1000") != 0 && strstr(p.error, "sort"));
    defcon_buffer_free(&url);
}

static int link_to(void *context, const char *label, defcon_buffer *href)
{
    (void)context;
    return defcon_buffer_printf(href, "/?q=a&since=%s&x=<\">", label);
}

static size_t occurrences(const char *text, const char *what)
{
    size_t n = 0;

    for (text = strstr(text, what); text; text = strstr(text + 1, what))
        n++;
    return n;
}

static void test_timeline(void)
{
    defcon_period periods[3];
    defcon_buffer out = DEFCON_BUFFER_INIT;
    const char *svg;

    memset(periods, 0, sizeof periods);
    strcpy(periods[0].label, "1986");
    periods[0].matches = 4;
    periods[0].total = 40;
    strcpy(periods[1].label, "1987");
    periods[1].total = 10;
    strcpy(periods[2].label, "1988");
    periods[2].matches = 2;
    periods[2].total = 4;

    CHECK(defcon_timeline_svg(&out, periods, 0, "none", link_to, NULL) == 0 && out.len == 0);
    CHECK(defcon_timeline_svg(&out, periods, 3, "Matches <per> year", link_to, NULL) == 0);
    svg = defcon_buffer_cstr(&out);
    CHECK(strncmp(svg, "<svg ", 5) == 0);
    CHECK(occurrences(svg, "class=\"bar\"") == 3);
    CHECK(occurrences(svg, "class=\"share\"") == 3);
    CHECK(occurrences(svg, "<a href=") == 2);              /* an empty year is no link */
    CHECK(strstr(svg, "href=\"/?q=a&amp;since=1986&amp;x=&lt;&quot;&gt;\"") != NULL);
    CHECK(strstr(svg, "aria-label=\"Matches &lt;per&gt; year\"") != NULL);
    CHECK(strstr(svg, "<title>1988: 2 matching of 4 articles (50.0%)</title>") != NULL);
    CHECK(strstr(svg, "share up to 50.0%") != NULL);   /* 1988's share is the largest */
    CHECK(strstr(svg, "<script") == NULL && strstr(svg, "style=") == NULL);
    defcon_buffer_free(&out);
}

int main(void)
{
    test_escape();
    test_params();
    test_timeline();
    return check_finish();
}

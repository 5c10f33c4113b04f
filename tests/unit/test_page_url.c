/*
 * test_page_url.c - listings, permalink dates and capture keys from URLs.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "page_url.h"

static void check_listing(const char *url, const char *want)
{
    const char *got = defcon_page_url_listing(url);

    if (!want)
        CHECK(got == NULL);
    else
        CHECK_STR(got ? got : "(article)", want);
}

static void test_listings(void)
{
    const char *site = "https://defconwarningsystem.com";
    char url[256];

    check_listing("https://defconwarningsystem.com/2019/04/29/north-korea-tests/", NULL);
    check_listing("https://defconwarningsystem.com/?p=1201", NULL);
    check_listing("https://defconwarningsystem.com/", "home page");
    check_listing("https://defconwarningsystem.com", "home page");
    check_listing("https://defconwarningsystem.com/?utm_source=x", "home page");
    check_listing("https://defconwarningsystem.com/tag/missiles/", "tag listing");
    check_listing("https://defconwarningsystem.com/category/news/page/3/", "category listing");
    check_listing("https://defconwarningsystem.com/author/editor/", "author listing");
    check_listing("https://defconwarningsystem.com/page/2/", "numbered listing page");
    check_listing("https://defconwarningsystem.com/2019/04/", "date archive");
    check_listing("https://defconwarningsystem.com/2019/", "date archive");
    check_listing("https://defconwarningsystem.com/2019/04/29/", "date archive");
    check_listing("https://defconwarningsystem.com/?s=nuclear", "search results");
    check_listing("https://defconwarningsystem.com/?cat=4", "category or tag listing");
    /* A slug that merely contains a listing word is an article. */
    check_listing("https://defconwarningsystem.com/2020/05/01/tagged-by-the-author/", NULL);
    check_listing("https://defconwarningsystem.com/2020/05/01/page-one/", NULL);
    check_listing(NULL, NULL);
    strcpy(url, site);
    strcat(url, "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/1/2/3/4/5/6/7/8/story/");
    check_listing(url, NULL);
}

static void test_dates(void)
{
    defcon_date date;

    CHECK_LONG(defcon_page_url_date("https://x.com/2019/04/29/slug/", &date), 1);
    CHECK_LONG(date.year, 2019);
    CHECK_LONG(date.month, 4);
    CHECK_LONG(date.day, 29);
    CHECK_LONG(date.precision, DEFCON_DATE_DAY);
    CHECK_LONG(defcon_page_url_date("https://x.com/news/2021/06/slug", &date), 1);
    CHECK_LONG(date.precision, DEFCON_DATE_MONTH);
    CHECK_LONG(date.month, 6);
    /* No slug after the date: an archive, not a permalink. */
    CHECK_LONG(defcon_page_url_date("https://x.com/2019/04/29/", &date), 0);
    CHECK_LONG(date.precision, DEFCON_DATE_NONE);
    CHECK_LONG(defcon_page_url_date("https://x.com/2019/13/01/slug/", &date), 0);
    CHECK_LONG(defcon_page_url_date("https://x.com/?p=12", &date), 0);
    CHECK_LONG(defcon_page_url_date(NULL, &date), 0);
}

static void check_key(const char *url, const char *want)
{
    defcon_buffer key = DEFCON_BUFFER_INIT;

    CHECK_LONG(defcon_page_url_key(url, &key), 0);
    CHECK_STR(defcon_buffer_cstr(&key), want);
    defcon_buffer_free(&key);
}

static void test_keys(void)
{
    check_key("http://www.Example.com/2019/04/29/a/?utm_source=x&utm_medium=y#top",
              "example.com/2019/04/29/a");
    check_key("https://example.com/2019/04/29/a", "example.com/2019/04/29/a");
    check_key("https://example.com/?p=12&fbclid=abc", "example.com?p=12");
    check_key("https://example.com/", "example.com");
    check_key("urn:uuid:1234", "urn:uuid:1234");
}

static void check_saved_from(const char *page, int want_rc, const char *want)
{
    defcon_buffer url = DEFCON_BUFFER_INIT;

    CHECK_LONG(defcon_page_url_saved_from(page, strlen(page), &url), want_rc);
    CHECK_STR(defcon_buffer_cstr(&url), want);
    defcon_buffer_free(&url);
}

static void test_saved_from(void)
{
    char page[5000];

    check_saved_from("<!DOCTYPE html>\r\n<!-- saved from url=(0043)https://example.com/2019/04/"
                     "29/a-story/?x=1 -->\r\n<html>", 1,
                     "https://example.com/2019/04/29/a-story/?x=1");
    /* The declared length is what the address holds. */
    check_saved_from("<!-- saved from url=(0021)https://example.com/a?b -->", 1,
                     "https://example.com/a");
    check_saved_from("<!-- saved from url=(0024)http://www.example.com/a -->", 1,
                     "http://www.example.com/a");
    /* A length longer than the address stops at the comment's end. */
    check_saved_from("<!-- saved from url=(0099)https://example.com/a-->", 1,
                     "https://example.com/a");
    /* Pages of unknown origin, and comments that are not the mark. */
    check_saved_from("<!-- saved from url=(0014)about:internet -->", 0, "");
    check_saved_from("<!-- saved from url=(0000) -->", 0, "");
    check_saved_from("<!-- saved from url=https://example.com/a -->", 0, "");
    check_saved_from("<html><p>No mark here.</p></html>", 0, "");
    /* Only the start of the page is looked at. */
    memset(page, ' ', sizeof page);
    strcpy(page + 4500, "<!-- saved from url=(0021)https://example.com/a -->");
    check_saved_from(page, 0, "");
    CHECK_LONG(defcon_page_url_saved_from(NULL, 0, NULL), 0);
}

int main(void)
{
    test_listings();
    test_dates();
    test_keys();
    test_saved_from();
    return check_finish();
}

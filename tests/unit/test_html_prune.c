/*
 * test_html_prune.c - <script> and <style> emptied before parsing, and
 * nothing else touched: JSON-LD, comments, quoted attribute values and
 * text that only looks like a tag stay as they are.
 */
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "check.h"
#include "html_prune.h"

static void check_prune(const char *page, const char *want)
{
    defcon_buffer buffer = DEFCON_BUFFER_INIT;

    CHECK(defcon_buffer_puts(&buffer, page) == 0);
    defcon_html_prune(&buffer);
    CHECK_STR(defcon_buffer_cstr(&buffer), want);
    CHECK_LONG(buffer.len, strlen(want));
    defcon_buffer_free(&buffer);
}

static void test_emptied(void)
{
    check_prune("<p>a</p><script>var x = '<p>no</p>';</script><p>b</p>",
                "<p>a</p><script></script><p>b</p>");
    check_prune("<STYLE media=\"all\">p { color: red }</Style><p>b</p>",
                "<STYLE media=\"all\"></Style><p>b</p>");
    check_prune("<script src=\"x.js\"></script><script async>a()</script>",
                "<script src=\"x.js\"></script><script async></script>");
    /* A script whose text holds a string that closes nothing. */
    check_prune("<script>if (a < b && c > d) f('</p>');</script>x",
                "<script></script>x");
    /* Left open: the rest of the page is the script's text. */
    check_prune("<p>a</p><script>never closed <p>b</p>", "<p>a</p><script>");
}

static void test_kept(void)
{
    const char *json_ld = "<script type=\"application/ld+json\">{\"headline\": \"H\"}</script>";

    check_prune(json_ld, json_ld);
    check_prune("<script type='Application/LD+JSON'>{}</script>",
                "<script type='Application/LD+JSON'>{}</script>");
    /* Comments, even one that holds a tag, stay whole. */
    check_prune("<!-- <script> --><p>a</p><!-- saved from url=(0019)https://a.example/ -->",
                "<!-- <script> --><p>a</p><!-- saved from url=(0019)https://a.example/ -->");
    /* A quoted value may hold '>' and a tag's name. */
    check_prune("<a title=\"x > <script>\">link</a><p>b</p>",
                "<a title=\"x > <script>\">link</a><p>b</p>");
    /* Names that only start like script or style. */
    check_prune("<scripts>a</scripts><styles>b</styles><stylesheet>",
                "<scripts>a</scripts><styles>b</styles><stylesheet>");
    check_prune("plain text, no tags", "plain text, no tags");
    check_prune("", "");
    check_prune("a < b <", "a < b <");
}

int main(void)
{
    defcon_buffer empty = DEFCON_BUFFER_INIT;

    defcon_html_prune(&empty);
    CHECK(empty.data == NULL && empty.len == 0);
    test_emptied();
    test_kept();
    return check_finish();
}

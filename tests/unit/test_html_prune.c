/*
 * test_html_prune.c - what the reader never looks at goes before
 * parsing: the content of <script> and <style>, and attributes it does
 * not read. JSON-LD, comments, end tags, the attributes it reads and text
 * that only looks like a tag stay as they are.
 */
#include <dirent.h>
#include <stdio.h>
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
                "<STYLE></Style><p>b</p>");
    check_prune("<script src=\"x.js\"></script><script async>a()</script>",
                "<script></script><script></script>");
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
    check_prune("<a href=\"/x\" title=\"x > <script>\">link</a><p>b</p>",
                "<a href=\"/x\">link</a><p>b</p>");
    /* Names that only start like script or style. */
    check_prune("<scripts>a</scripts><styles>b</styles><stylesheet>",
                "<scripts>a</scripts><styles>b</styles><stylesheet>");
    check_prune("plain text, no tags", "plain text, no tags");
    check_prune("", "");
    check_prune("a < b <", "a < b <");
}

static void test_attributes(void)
{
    /* The reader's attributes stay, as written (any case, any quotes,
     * none); the others go, whatever their form. */
    check_prune("<div CLASS='entry-content' data-x=\"{&quot;a&quot;: 1}\" id=main hidden>t</div>",
                "<div CLASS='entry-content' id=main hidden>t</div>");
    check_prune("<img src=\"a.jpg\" srcset=\"a.jpg 1x, b.jpg 2x\" alt=\"A\" />x",
                "<img />x");
    check_prune("<meta property=\"og:title\" content=\"T\"><link rel=canonical href=/a>",
                "<meta property=\"og:title\" content=\"T\"><link rel=canonical href=/a>");
    check_prune("<time datetime=\"2019-04-29\" title=\"Monday\">Monday</time>",
                "<time datetime=\"2019-04-29\">Monday</time>");
    check_prune("<p style=\"display:none\" aria-hidden=\"true\" onclick=\"f('>')\">h</p>",
                "<p style=\"display:none\" aria-hidden=\"true\">h</p>");
    check_prune("<span itemprop=articleBody role=main lang=en>b</span>",
                "<span itemprop=articleBody role=main>b</span>");
    /* A tag left open at the end keeps what it has; end tags stay whole. */
    check_prune("<p>a</p class=\"x\"><div class=\"a\" data-b=\"c",
                "<p>a</p class=\"x\"><div class=\"a\"");
    /* A JSON-LD type among other attributes keeps the script's content. */
    check_prune("<script id=\"s\" nonce=\"n\" type=\"application/ld+json\">{}</script>",
                "<script id=\"s\" type=\"application/ld+json\">{}</script>");
    /* What is left out before a tag does not change how the tag is read. */
    check_prune("<html lang=\"en\"><meta charset=\"utf-8\"><script type=\"text/javascript\">"
                "a<b</script>x", "<html><meta charset=\"utf-8\"><script type=\"text/javascript\">"
                "</script>x");
}

/* Every attribute the reader asks defcon_html_attribute() for, in the
 * sources of src/archive/, is one the pruning keeps: a reader that
 * starts to look at a new attribute fails here until html_prune.c keeps
 * it too. */
static void test_reader_attributes_kept(void)
{
    static const char call[] = "defcon_html_attribute(";
    DIR *dir = opendir("../../src/archive");
    struct dirent *entry;
    int names = 0;

    CHECK(dir != NULL);
    while (dir && (entry = readdir(dir)) != NULL) {
        char path[512], tag[160], *text, *p;
        size_t len;

        if (strncmp(entry->d_name, "html_", 5) != 0 || !strstr(entry->d_name, ".c"))
            continue;
        snprintf(path, sizeof path, "../../src/archive/%s", entry->d_name);
        text = check_read_file(path, &len);
        CHECK(text != NULL);
        for (p = text; p && (p = strstr(p, call)) != NULL; p += sizeof call - 1) {
            char *quote = strchr(p, '"'), *close = quote ? strchr(quote + 1, '"') : NULL;
            if (!close || strchr(p, ')') < quote || close - quote > 40)
                continue;
            snprintf(tag, sizeof tag, "<p %.*s=\"v\">", (int)(close - quote - 1), quote + 1);
            check_prune(tag, tag);
            names++;
        }
        free(text);
    }
    if (dir)
        closedir(dir);
    CHECK(names >= 10);
}

int main(void)
{
    defcon_buffer empty = DEFCON_BUFFER_INIT;

    defcon_html_prune(&empty);
    CHECK(empty.data == NULL && empty.len == 0);
    test_emptied();
    test_kept();
    test_attributes();
    test_reader_attributes_kept();
    return check_finish();
}

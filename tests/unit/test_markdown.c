/*
 * test_markdown.c - unit tests of markdown.c: the golden files of
 * tests/data/markdown, the title rule, breaks, raw HTML and entities, the
 * backslash-digit rule, agreement of the prose path with cmark, and
 * hostile input (deep nesting, a 1 MB line, a 10,000-character word).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "markdown.h"

/* Text of `markdown`, with `title` given; the first heading goes to
 * *heading when it is not NULL. Returns a static buffer's text. */
static const char *to_text(const char *markdown, const char *title, defcon_buffer *heading)
{
    static defcon_buffer body = DEFCON_BUFFER_INIT;

    defcon_buffer_clear(&body);
    if (defcon_markdown_to_text(markdown, strlen(markdown), title, &body, heading) != 0)
        return "(failed)";
    return defcon_buffer_cstr(&body);
}

/* Text of `markdown` read by cmark alone: an HTML comment after the
 * last block is nothing in the text, but no prose path takes it. */
static const char *to_text_by_cmark(const char *markdown, const char *title)
{
    static defcon_buffer forced = DEFCON_BUFFER_INIT;

    defcon_buffer_clear(&forced);
    defcon_buffer_printf(&forced, "%s\n\n<!-- cmark -->\n", markdown);
    return to_text(forced.data, title, NULL);
}

static void test_golden(void)
{
    const char *data = getenv("DEFCON_TEST_DATA");
    defcon_buffer folder = DEFCON_BUFFER_INIT, path = DEFCON_BUFFER_INIT;
    struct dirent *entry;
    DIR *dir;
    int count = 0;

    defcon_buffer_printf(&folder, "%s/markdown", data ? data : "../data");
    dir = opendir(folder.data);
    CHECK(dir != NULL);
    while (dir && (entry = readdir(dir)) != NULL) {
        size_t name_len = strlen(entry->d_name), input_len, want_len;
        char *input, *want, *got;

        if (name_len < 4 || strcmp(entry->d_name + name_len - 3, ".md") != 0)
            continue;
        defcon_buffer_clear(&path);
        defcon_buffer_printf(&path, "%s/%s", folder.data, entry->d_name);
        input = check_read_file(path.data, &input_len);
        path.len -= 3;
        defcon_buffer_puts(&path, ".txt");
        want = check_read_file(path.data, &want_len);
        CHECK(input != NULL && want != NULL);
        if (input && want) {
            got = strdup(to_text(input, NULL, NULL));
            if (strcmp(got, want) != 0)
                fprintf(stderr, "golden file %s differs\n", entry->d_name);
            CHECK_STR(got, want);
            CHECK_STR(to_text_by_cmark(input, NULL), got);
            free(got);
        }
        free(input);
        free(want);
        count++;
    }
    if (dir)
        closedir(dir);
    CHECK(count >= 4);
    defcon_buffer_free(&folder);
    defcon_buffer_free(&path);
}

static void test_title(void)
{
    defcon_buffer heading = DEFCON_BUFFER_INIT;

    /* No title given: the opening heading is the title, out of the body. */
    CHECK_STR(to_text("# The  *Title*\n\nLead.\n\n## Part\n\nMore.", NULL, &heading),
              "Lead.\n\nPart\n\nMore.");
    CHECK_STR(heading.data, "The Title");
    /* A title given: the opening heading stays unless it repeats it. */
    defcon_buffer_clear(&heading);
    CHECK_STR(to_text("# Other\n\nLead.", "The title", &heading), "Other\n\nLead.");
    CHECK_STR(heading.data, "Other");
    CHECK_STR(to_text("# THE   title\n\nLead.", "The title", NULL), "Lead.");
    CHECK_STR(to_text("Setext title\n====\n\nLead.", NULL, NULL), "Lead.");
    /* A heading after other blocks stays, but is still the first heading. */
    defcon_buffer_clear(&heading);
    CHECK_STR(to_text("Lead.\n\n# Later\n\nMore.", NULL, &heading), "Lead.\n\nLater\n\nMore.");
    CHECK_STR(heading.data, "Later");
    CHECK_STR(to_text("> # Quoted\n\nLead.", NULL, NULL), "Quoted\n\nLead.");
    /* No heading at all. */
    defcon_buffer_clear(&heading);
    CHECK_STR(to_text("Just text.", NULL, &heading), "Just text.");
    CHECK_LONG(heading.len, 0);
    /* A hard break in a heading is a space in the title. */
    defcon_buffer_clear(&heading);
    CHECK_STR(to_text("# Two<br>lines\n\nLead.", NULL, &heading), "Lead.");
    CHECK_STR(heading.data, "Two lines");
    defcon_buffer_free(&heading);
}

static void test_breaks(void)
{
    CHECK_STR(to_text("one\ntwo\n\n\n\nthree  \nfour\\\nfive", NULL, NULL),
              "one two\n\nthree\nfour\nfive");
    CHECK_STR(to_text("\n\n  \n", NULL, NULL), "");
    CHECK_STR(to_text("- \n-\n\n> \n\nx\n\n***\n", NULL, NULL), "x");
    CHECK_STR(to_text("```\n\n\n```\n\nafter", NULL, NULL), "after");
    CHECK_STR(to_text("a\n\n```\ncode   \n\n\n  more\n```\n", NULL, NULL), "a\n\ncode\n  more");
    CHECK_STR(to_text("line\r\nnext\r\n\r\npara", NULL, NULL), "line next\n\npara");
    /* References to control characters are white space, never breaks
     * (found by fuzz_markdown: they made "\n\n\n" between blocks). */
    CHECK_STR(to_text("para &#10;&#10;&#10; x\n\nnext", NULL, NULL), "para     x\n\nnext");
    CHECK_STR(to_text("<div>a &#10;&#10; b</div>\n\nz", NULL, NULL), "a b\n\nz");
}

static void test_html(void)
{
    defcon_buffer out = DEFCON_BUFFER_INIT;

    CHECK_STR(to_text("<p>Tom &amp; Jerry &lt;3 it&#39;s &#x41;&#66;</p>", NULL, NULL),
              "Tom & Jerry <3 it's AB");
    CHECK_STR(to_text("<div>a<script type=\"x\">no</script>b<style>.c{}</style>c</div>", NULL, NULL),
              "abc");
    CHECK_STR(to_text("<p>one</p><p>two</p><ul><li>three</li></ul>", NULL, NULL),
              "one\n\ntwo\n\nthree");
    CHECK_STR(to_text("Text <!-- hidden --> and <b title=\"a > b\">bold</b>.", NULL, NULL),
              "Text and bold.");
    CHECK_STR(to_text("Before <script>alert(1)</script> after.", NULL, NULL),
              "Before after.");
    CHECK_STR(to_text("<p>&eacute;&hellip; &nbsp;&NotAnEntity; &#0; &#1114112; &amp</p>", NULL, NULL),
              "\xC3\xA9\xE2\x80\xA6 &NotAnEntity; \xEF\xBF\xBD \xEF\xBF\xBD &amp");

    CHECK_LONG(defcon_markdown_html_to_text("a<br>b <p>c</p> &lt;d&gt; <x", 28, &out), 0);
    CHECK_STR(out.data, "a\nb\n\nc\n\n<d> <x");
    defcon_buffer_clear(&out);
    CHECK_LONG(defcon_markdown_html_to_text("<p>a &#10;&#10;&#10; b</p><p>c</p>", 34, &out), 0);
    CHECK_STR(out.data, "a b\n\nc");
    defcon_buffer_clear(&out);
    /* Unclosed markup never swallows text it cannot close. */
    CHECK_LONG(defcon_markdown_html_to_text("<a <b <c", 8, &out), 0);
    CHECK_STR(out.data, "<a <b <c");
    defcon_buffer_clear(&out);
    CHECK_LONG(defcon_markdown_html_to_text("<!-- open", 9, &out), 0);
    CHECK_STR(defcon_buffer_cstr(&out), "");
    defcon_buffer_free(&out);
}

static void test_inlines(void)
{
    CHECK_STR(to_text("A [link](http://x.example) and ![alt *text*](i.png).", NULL, NULL),
              "A link and alt text.");
    CHECK_STR(to_text("Code `a  b` and <http://auto.example>.", NULL, NULL),
              "Code a  b and http://auto.example.");
    CHECK_STR(to_text("\\1.75 mln\n\\3.1 mln\n\nnot \\1 mid-line", NULL, NULL),
              "1.75 mln 3.1 mln\n\nnot \\1 mid-line");
    CHECK_STR(to_text_by_cmark("> \\1.75 mln\n> *x* \\3.1", NULL), "1.75 mln x \\3.1");
    CHECK_STR(to_text("\\<Amoco> and \\\\ and \\q", NULL, NULL), "<Amoco> and \\ and \\q");
}

/* The prose path must give what cmark gives. */
static void test_prose_agrees(void)
{
    static const char *const samples[] = {
        "Plain line one\nline two\n\nSecond paragraph.",
        "\\<Amoco Petroleum Corp> said\n\\1.75 mln at line start\n\\\\ and \\q",
        "Escapes \\* \\_ \\[ \\] \\` \\& \\! \\# mid-line",
        "Procter & Gamble, A&P, & alone, &c.",
        "Digits 1987 start\n1987 again\n3.1 mln\n10) not quite\n1234567890. long",
        "Tabs\tinside\tthe line",
        "Caf\xC3\xA9 na\xC3\xAFve \xE2\x80\x9Cquoted\xE2\x80\x9D",
        "a ~ b | c ^ d $ e % f @ g { h } i",
        "Ends with a single space \nnext",
        "1. list\n2. items",
        "1) list",
        "text\n===",
        "text\n---",
        "text\n    indented continuation",
        "# heading",
        "* bullet",
        "+ bullet",
        "> quote",
        "<b>html</b>",
        "&amp; entity",
        "hard break\\\nhere",
        "trailing two  \nspaces",
        "emph *a* _b_ `c` [d]",
        "! bang [x](y)",
        "",
        "\n\n\n",
    };
    size_t i;

    for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        char *direct = strdup(to_text(samples[i], NULL, NULL));

        CHECK_STR(direct, to_text_by_cmark(samples[i], NULL));
        free(direct);
    }
}

static double seconds_since(clock_t start)
{
    return (double)(clock() - start) / CLOCKS_PER_SEC;
}

static void test_hostile(void)
{
    defcon_buffer input = DEFCON_BUFFER_INIT;
    const char *text;
    clock_t start;
    size_t i;

    /* 10,000 nested block quotes, then 10,000 nested lists. */
    for (i = 0; i < 10000; i++)
        defcon_buffer_putc(&input, '>');
    defcon_buffer_puts(&input, " deep");
    CHECK_STR(to_text(input.data, NULL, NULL), "deep");
    defcon_buffer_clear(&input);
    for (i = 0; i < 10000; i++)
        defcon_buffer_puts(&input, "- ");
    defcon_buffer_puts(&input, "deep");
    CHECK_STR(to_text(input.data, NULL, NULL), "deep");
    defcon_buffer_clear(&input);
    for (i = 0; i < 10000; i++)
        defcon_buffer_puts(&input, "*a ");
    CHECK(strlen(to_text(input.data, NULL, NULL)) == input.len - 1);

    /* A 1 MB line, as prose and with markup (both linear). */
    defcon_buffer_clear(&input);
    for (i = 0; i < 100000; i++)
        defcon_buffer_puts(&input, "word word ");
    start = clock();
    text = to_text(input.data, NULL, NULL);
    CHECK(strlen(text) == input.len - 1);
    defcon_buffer_clear(&input);
    for (i = 0; i < 100000; i++)
        defcon_buffer_puts(&input, "*wo* `d` ");
    text = to_text(input.data, NULL, NULL);
    CHECK(strlen(text) == 100000 * 5 - 1);
    CHECK(seconds_since(start) < 2.0);

    /* A 10,000-character word is kept whole. */
    defcon_buffer_clear(&input);
    defcon_buffer_puts(&input, "Before ");
    for (i = 0; i < 10000; i++)
        defcon_buffer_putc(&input, (char)('a' + i % 26));
    defcon_buffer_puts(&input, " after.");
    CHECK_STR(to_text(input.data, NULL, NULL), input.data);

    defcon_buffer_free(&input);
}

int main(void)
{
    test_golden();
    test_title();
    test_breaks();
    test_html();
    test_inlines();
    test_prose_agrees();
    test_hostile();
    return check_finish();
}

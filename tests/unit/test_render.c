/*
 * test_render.c - unit tests of render.c: terminal layout (wrapping,
 * headings, lists, quotes, code, links), ANSI styles only when asked,
 * highlighting through the caller's predicate, safety against control
 * characters and hostile nesting, and the safe HTML renderer.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "render.h"

/* Renders for a terminal; returns a static buffer's text. */
static const char *terminal(const char *markdown, int width, int color,
                            defcon_render_match_fn is_match)
{
    static defcon_buffer out = DEFCON_BUFFER_INIT;
    defcon_render_options options;

    options.width = width;
    options.color = color;
    options.is_match = is_match;
    options.match_context = NULL;
    defcon_buffer_clear(&out);
    if (defcon_render_terminal(markdown, strlen(markdown), &options, &out) != 0)
        return "(failed)";
    return defcon_buffer_cstr(&out);
}

static const char *html(const char *markdown)
{
    static defcon_buffer out = DEFCON_BUFFER_INIT;

    defcon_buffer_clear(&out);
    if (defcon_render_html(markdown, strlen(markdown), &out) != 0)
        return "(failed)";
    return defcon_buffer_cstr(&out);
}

/* Every line of `text` fits in `width` columns (counting characters of
 * UTF-8) and none ends with a space. */
static int lines_fit(const char *text, size_t width)
{
    size_t columns = 0;

    for (; *text; text++) {
        if (*text == '\n') {
            if (text[-1] == ' ')
                return 0;
            columns = 0;
        } else if (((unsigned char)*text & 0xC0) != 0x80 && ++columns > width) {
            return 0;
        }
    }
    return 1;
}

static int words_seen;

/* The search is for "korea" and "iran", in any case. */
static int match_korea_iran(void *context, const char *word, size_t len)
{
    (void)context;
    words_seen++;
    return (len == 5 && strncasecmp(word, "korea", 5) == 0) ||
           (len == 4 && strncasecmp(word, "iran", 4) == 0);
}

static void test_wrapping(void)
{
    const char *text;

    CHECK_STR(terminal("The quick brown fox jumps over the lazy dog and keeps running.", 20, 0, NULL),
              "The quick brown fox\njumps over the lazy\ndog and keeps\nrunning.\n");
    CHECK_STR(terminal("Hard  \nbreak, soft\nbreak.\n\nNext paragraph.", 0, 0, NULL),
              "Hard\nbreak, soft break.\n\nNext paragraph.\n");
    /* A word wider than the line is cut where the line ends. */
    CHECK_STR(terminal("ab abcdefghijklmnopqrstuvwxyz0123456789", 20, 0, NULL),
              "ab\nabcdefghijklmnopqrst\nuvwxyz0123456789\n");
    /* Wide characters take two columns. */
    CHECK_STR(terminal("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E \xE6\x97\xA5\xE6\x9C\xAC", 8, 0, NULL),
              "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\n\xE6\x97\xA5\xE6\x9C\xAC\n");
    text = terminal("A long paragraph of words that goes on and on, with *emphasis* and "
                    "[a link](http://example.org/path) and `code spans` in it, "
                    "until it has filled several lines of a narrow terminal.", 30, 0, NULL);
    CHECK(lines_fit(text, 30));
    CHECK(strstr(text, "a link\n<http://example.org/path> and") != NULL);
    CHECK_STR(terminal("", 20, 0, NULL), "");
}

static void test_blocks(void)
{
    CHECK_STR(terminal("# Title\n\nText.\n\n## Section\n\nMore.", 40, 0, NULL),
              "Title\n=====\n\nText.\n\nSection\n-------\n\nMore.\n");
    CHECK_STR(terminal("Intro:\n\n- one\n- two\n  - nested\n  - again\n- three", 40, 0, NULL),
              "Intro:\n\n\xE2\x80\xA2 one\n\xE2\x80\xA2 two\n  \xE2\x97\xA6 nested\n"
              "  \xE2\x97\xA6 again\n\xE2\x80\xA2 three\n");
    CHECK_STR(terminal("3. three\n4. four\n\n   second paragraph", 40, 0, NULL),
              "3. three\n\n4. four\n\n   second paragraph\n");
    CHECK_STR(terminal("- an item long enough to wrap onto a second line", 20, 0, NULL),
              "\xE2\x80\xA2 an item long\n  enough to wrap\n  onto a second line\n");
    CHECK_STR(terminal("Before.\n\n> Quoted text\n>\n> > nested quote\n\nAfter.", 40, 0, NULL),
              "Before.\n\n\xE2\x94\x82 Quoted text\n\xE2\x94\x82\n"
              "\xE2\x94\x82 \xE2\x94\x82 nested quote\n\nAfter.\n");
    CHECK_STR(terminal("Code:\n\n```\nif (x)\n\treturn a_line_longer_than_the_width;\n```\n", 20, 0,
                       NULL),
              "Code:\n\n    if (x)\n        return a_line_longer_than_the_width;\n");
    CHECK_STR(terminal("a\n\n***\n\nb", 10, 0, NULL),
              "a\n\n\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80"
              "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\n\nb\n");
    CHECK_STR(terminal("<div><p>HTML &amp; text</p><script>x()</script></div>\n\nEnd.", 40, 0, NULL),
              "HTML & text\n\nEnd.\n");
    /* Blocks that show nothing leave no blank lines. */
    CHECK_STR(terminal("a\n\n<!-- nothing -->\n\n<span></span>\n\nb", 40, 0, NULL), "a\n\nb\n");
}

static void test_inlines(void)
{
    CHECK_STR(terminal("See [the report](http://example.org/r), <http://auto.example> and "
                       "<mail@example.org>.", 0, 0, NULL),
              "See the report <http://example.org/r>, http://auto.example and "
              "mail@example.org.\n");
    CHECK_STR(terminal("![A map](map.png \"Map\") *em* **strong** `code`", 0, 0, NULL),
              "[A map] <map.png> em strong code\n");
    CHECK_STR(terminal("Tom &amp; Jerry <b>bold</b>", 0, 0, NULL), "Tom & Jerry bold\n");
}

static void test_styles(void)
{
    CHECK_STR(terminal("# Head\n\n*em* and **strong** and `code`", 0, 1, NULL),
              "\x1b[0;1;4mHead\x1b[0m\n\n"
              "\x1b[0;3mem\x1b[0m and \x1b[0;1mstrong\x1b[0m and \x1b[0;36mcode\x1b[0m\n");
    CHECK_STR(terminal("[two words](http://x.example)", 0, 1, NULL),
              "\x1b[0;4;34mtwo words\x1b[0m <\x1b[0;2mhttp://x.example\x1b[0m>\n");
    /* No escape sequence at all without colour. */
    CHECK(strchr(terminal("# H\n\n*a* **b** `c` [d](e) > f", 0, 0, match_korea_iran), '\x1b')
          == NULL);
}

static void test_highlight(void)
{
    words_seen = 0;
    CHECK_STR(terminal("North Korea's ties with IRAN, and Koreans.", 0, 1, match_korea_iran),
              "North \x1b[0;1;31mKorea\x1b[0m's ties with \x1b[0;1;31mIRAN\x1b[0m, and Koreans.\n");
    /* North, Korea, s, ties, with, IRAN, and, Koreans */
    CHECK_LONG(words_seen, 8);
    CHECK_STR(terminal("*Korea*", 0, 1, match_korea_iran), "\x1b[0;1;3;31mKorea\x1b[0m\n");
    CHECK_STR(terminal("# Iran talks", 0, 1, match_korea_iran),
              "\x1b[0;1;4;31mIran\x1b[0;1;4m talks\x1b[0m\n");
    /* Without colour, highlighting changes nothing. */
    CHECK_STR(terminal("North Korea.", 0, 0, match_korea_iran), "North Korea.\n");
}

static void test_safety(void)
{
    defcon_buffer out = DEFCON_BUFFER_INIT;
    const char *text;
    char deep[20002 + 8];
    size_t i;

    /* Control characters (C0, DEL, C1) never reach the terminal. */
    CHECK_STR(terminal("a\x1b[2Jb \x7f c\xC2\x9B" "d", 0, 0, NULL),
              "a\xEF\xBF\xBD[2Jb \xEF\xBF\xBD c\xEF\xBF\xBD" "d\n");
    CHECK_STR(terminal("```\n\x1b]0;title\x07\n```", 0, 1, NULL),
              "    \x1b[0;36m\xEF\xBF\xBD]0;title\xEF\xBF\xBD\x1b[0m\n");
    /* Ill-formed UTF-8 becomes U+FFFD. */
    CHECK_STR(terminal("caf\xE9 ok", 0, 0, NULL), "caf\xEF\xBF\xBD ok\n");
    /* The text is rendered as it is: front matter is the caller's to drop
     * (show.c), so a body that begins with a rule keeps it and what
     * follows. */
    CHECK_STR(terminal("---\n\nLead.\n\n---\n\nMore.", 10, 0, NULL),
              "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80"
              "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\n\nLead.\n\n"
              "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80"
              "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\n\nMore.\n");

    /* 10,000 nested quotes: the prefix stops growing at 16 bars. */
    for (i = 0; i < 10000; i++)
        memcpy(deep + 2 * i, "> ", 2);
    strcpy(deep + 20000, "deep");
    text = terminal(deep, 80, 0, NULL);
    CHECK_LONG(strlen(text), 16 * strlen("\xE2\x94\x82 ") + strlen("deep\n"));
    for (i = 0; i < 10000; i++)
        memcpy(deep + 2 * i, "- ", 2);
    CHECK(strstr(terminal(deep, 80, 0, NULL), "deep\n") != NULL);

    /* Options are optional. */
    CHECK_LONG(defcon_render_terminal("*x*", 3, NULL, &out), 0);
    CHECK_STR(out.data, "x\n");
    defcon_buffer_free(&out);
}

static void test_html(void)
{
    CHECK_STR(html("Hello *world*"), "<p>Hello <em>world</em></p>\n");
    CHECK_STR(html("---\n\nLead.\n\n---\n"), "<hr />\n<p>Lead.</p>\n<hr />\n");
    CHECK_STR(html("<script>alert(1)</script>\n\nText <b>x</b>"),
              "<!-- raw HTML omitted -->\n<p>Text <!-- raw HTML omitted -->x"
              "<!-- raw HTML omitted --></p>\n");
    CHECK_STR(html("[a](javascript:alert(1)) [b](http://ok.example)"),
              "<p><a href=\"\">a</a> <a href=\"http://ok.example\">b</a></p>\n");
    CHECK_STR(html("a < b & \"c\""), "<p>a &lt; b &amp; &quot;c&quot;</p>\n");
    CHECK_STR(html("caf\xE9"), "<p>caf\xEF\xBF\xBD</p>\n");
}

int main(void)
{
    test_wrapping();
    test_blocks();
    test_inlines();
    test_styles();
    test_highlight();
    test_safety();
    test_html();
    return check_finish();
}

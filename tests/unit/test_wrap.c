/*
 * test_wrap.c - unit tests of wrap.c: words found between blanks, their
 * display widths (wide characters 2, combining marks and highlighting
 * marks 0), forced breaks, and the greedy line-break rule.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "search.h"
#include "wrap.h"

/* The words of `text` as "word/width" items, "|" for a forced break. */
static const char *words_of(const char *text, int newline_breaks)
{
    static char out[256];
    size_t pos = 0, len = strlen(text), used = 0;
    defcon_wrap_word word;

    out[0] = '\0';
    while (defcon_wrap_next_word(text, len, &pos, newline_breaks, &word) && used < 200) {
        if (word.forced_break)
            used += (size_t)snprintf(out + used, sizeof out - used, "| ");
        else
            used += (size_t)snprintf(out + used, sizeof out - used, "%.*s/%zu ",
                                     (int)(word.end - word.start), text + word.start, word.width);
    }
    return out;
}

static void test_words(void)
{
    CHECK_STR(words_of("  one two\tthree\nfour  ", 0), "one/3 two/3 three/5 four/4 ");
    CHECK_STR(words_of("one\ntwo", 1), "one/3 | two/3 ");
    CHECK_STR(words_of("", 0), "");
    CHECK_STR(words_of("   ", 1), "");
    /* East Asian wide characters take two columns, combining marks none. */
    CHECK_STR(words_of("\xE6\x97\xA5\xE6\x9C\xAC e\xCC\x81t\xC3\xA9", 0),
              "\xE6\x97\xA5\xE6\x9C\xAC/4 e\xCC\x81t\xC3\xA9/3 ");
    /* Highlighting marks take no columns; other control bytes one. */
    CHECK_STR(words_of("\x01Zarif\x02 a\x1b" "b", 0), "\x01Zarif\x02/5 a\x1b" "b/3 ");
    CHECK_LONG(defcon_wrap_width("\x01" "ab\x02", 4), 2);
}

static void test_breaks(void)
{
    CHECK(!defcon_wrap_needs_break(0, 50, 10));   /* never off an empty line */
    CHECK(!defcon_wrap_needs_break(4, 5, 10));    /* "abcd efghi" fills 10 exactly */
    CHECK(defcon_wrap_needs_break(4, 6, 10));
    CHECK(!defcon_wrap_needs_break(4, 6, (size_t)-1));
}

int main(void)
{
    test_words();
    test_breaks();
    return check_finish();
}

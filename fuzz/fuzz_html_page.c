/*
 * fuzz_html_page.c - libFuzzer target: HTML pages (html_page.h).
 *
 * The first byte picks the charset hint (none, UTF-8, Windows-1252,
 * Shift_JIS, UTF-16) and the page URL (none, an article, a listing);
 * the rest is the page's bytes as saved. Every string of the result must
 * be valid UTF-8 without control characters other than "\n" (none at all
 * in the metadata), and a listing must say why.
 */
#include <string.h>

#include "fuzz.h"
#include "html_page.h"
#include "text.h"

static void require_clean(const char *text, int one_line, const char *what)
{
    size_t len, pos = 0;

    if (!text)
        return;
    len = strlen(text);
    fuzz_require_text(text, len, what);
    while (pos < len) {
        unsigned long cp = defcon_text_next_codepoint(text, len, &pos);

        fuzz_require(!(cp < 0x20 && (cp != '\n' || one_line)) && !(cp >= 0x7F && cp < 0xA0),
                     what);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const hints[] = {NULL, "utf-8", "windows-1252", "shift_jis", "utf-16"};
    static const char *const urls[] = {NULL, "https://example.com/2019/04/29/slug/",
                                       "https://example.com/tag/nuclear/page/2/"};
    defcon_html_page page;
    char error[256];
    const char *hint = NULL, *url = NULL;

    if (size > 0) {
        hint = hints[data[0] % 5];
        url = urls[(data[0] / 5) % 3];
        data++;
        size--;
    }
    error[0] = '\0';
    if (defcon_html_page_parse((const char *)data, size, hint, url, &page, error,
                               sizeof error) != 0) {
        fuzz_require(error[0] != '\0', "a failure says why");
        return 0;
    }
    fuzz_require(page.title != NULL && page.body != NULL && page.html != NULL,
                 "title, body and html are set");
    require_clean(page.title, 1, "title is one clean line");
    require_clean(page.date, 1, "date is one clean line");
    require_clean(page.source, 1, "source is one clean line");
    require_clean(page.url, 1, "url is one clean line");
    require_clean(page.body, 0, "body is clean UTF-8");
    require_clean(page.html, 0, "html is clean UTF-8");
    fuzz_require(strstr(page.body, "\n\n\n") == NULL, "paragraphs are one blank line apart");
    fuzz_require(strstr(page.html, "<script") == NULL, "no script in the html");
    fuzz_require(page.is_article == (page.not_article_reason == NULL), "a listing says why");
    defcon_html_page_clear(&page);
    return 0;
}

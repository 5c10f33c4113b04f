/*
 * fuzz_markdown.c - libFuzzer target: Markdown to text (markdown.h).
 *
 * The first input byte picks what the rest is: a whole raw .md archive
 * file through defcon_article_parse() (front matter, cleaning and cmark
 * together), cleaned Markdown through defcon_markdown_to_text() with or
 * without a title, or an HTML fragment through
 * defcon_markdown_html_to_text(). The text must be valid UTF-8 whose
 * blocks are one blank line apart (markdown.h).
 */
#include <string.h>

#include "article.h"
#include "fuzz.h"
#include "markdown.h"

static void require_blocks(const defcon_buffer *body)
{
    const char *text = body->data ? body->data : "";

    fuzz_require_text(text, body->len, "text is UTF-8");
    fuzz_require(strstr(text, "\n\n\n") == NULL, "blocks are one blank line apart");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    defcon_buffer text = DEFCON_BUFFER_INIT, body = DEFCON_BUFFER_INIT,
                  heading = DEFCON_BUFFER_INIT;
    defcon_article article;
    char error[512];
    int mode;

    if (size == 0)
        return 0;
    mode = data[0] % 4;
    data++;
    size--;
    if (mode == 0) {
        if (defcon_article_parse("1987/03/article.md", (const char *)data, size, &article, error,
                                 sizeof error) == 0) {
            fuzz_require_text(article.title, strlen(article.title), "title is UTF-8");
            fuzz_require_text(article.body, article.body_len, "body is UTF-8");
            fuzz_require(strstr(article.body, "\n\n\n") == NULL, "blocks are one blank line apart");
            defcon_article_clear(&article);
        }
    } else if (fuzz_clean_text(data, size, &text) == 0) {
        const char *markdown = text.data ? text.data : "";
        int rc;

        if (mode == 1)
            rc = defcon_markdown_to_text(markdown, text.len, NULL, &body, &heading);
        else if (mode == 2)
            rc = defcon_markdown_to_text(markdown, text.len, "Oil prices", &body, NULL);
        else
            rc = defcon_markdown_html_to_text(markdown, text.len, &body);
        if (rc == 0) {
            require_blocks(&body);
            fuzz_require_text(heading.data ? heading.data : "", heading.len, "heading is UTF-8");
            fuzz_require(memchr(heading.data ? heading.data : "", '\n', heading.len) == NULL,
                         "heading is one line");
        }
    }
    defcon_buffer_free(&text);
    defcon_buffer_free(&body);
    defcon_buffer_free(&heading);
    return 0;
}

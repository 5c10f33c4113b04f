/*
 * fuzz_capture.c - libFuzzer target: plain-text page captures.
 *
 * The input is a whole .txt archive file, raw bytes as read from disk, so
 * the run covers article.c's cleaning (byte order marks, UTF-16, broken
 * UTF-8, binary detection, line endings) and capture.c. A capture is
 * also read directly from the cleaned text. Results must keep the
 * contracts of article.h and capture.h.
 */
#include <string.h>

#include "article.h"
#include "capture.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    defcon_article article;
    defcon_capture capture;
    defcon_buffer text = DEFCON_BUFFER_INIT;
    char error[512];

    error[0] = '\0';
    if (defcon_article_parse("2019/04/capture.txt", (const char *)data, size, &article, error,
                             sizeof error) == 0) {
        fuzz_require_text(article.title, strlen(article.title), "title is UTF-8");
        fuzz_require_text(article.body, article.body_len, "body is UTF-8 of body_len bytes");
        fuzz_require(article.body[article.body_len] == '\0', "body is NUL-terminated");
        if (article.source)
            fuzz_require_text(article.source, strlen(article.source), "source is UTF-8");
        defcon_article_clear(&article);
    } else {
        fuzz_require(error[0] != '\0', "a failure says why");
    }

    if (fuzz_clean_text(data, size, &text) == 0
        && defcon_capture_parse(text.data ? text.data : "", text.len, &capture) == 0) {
        fuzz_require_text(capture.title, strlen(capture.title), "capture title is UTF-8");
        fuzz_require(strchr(capture.title, '\n') == NULL, "capture title is one line");
        fuzz_require_text(capture.body, capture.body_len, "capture body is UTF-8");
        fuzz_require(strstr(capture.body, "\n\n\n") == NULL, "paragraphs are one blank line apart");
        defcon_capture_clear(&capture);
    }
    defcon_buffer_free(&text);
    return 0;
}

/*
 * fuzz_archive_file.c - libFuzzer target: one archive file to its
 * articles (src/archive/archive_file.c), as the indexer's workers call it.
 *
 * The first byte picks the kind (a saved page, a feed, Markdown, a text
 * capture), the rest is the file. Every article sent must be what the
 * index stores: a title and a body of valid UTF-8 whose length is
 * body_len, a key whenever there is a URL, members only for files that
 * hold many; every skip must have a kind. A failure must say why.
 */
#include <string.h>

#include "archive_file.h"
#include "fuzz.h"

static int on_article(void *context, defcon_article *article)
{
    (void)context;
    fuzz_require(article->title != NULL, "every article has a title");
    fuzz_require(article->body != NULL, "every article has a body");
    fuzz_require_text(article->title, strlen(article->title), "the title");
    fuzz_require(strlen(article->body) == article->body_len, "body_len is the body's length");
    fuzz_require_text(article->body, article->body_len, "the body");
    fuzz_require(!article->url || !article->url[0] || article->key, "a URL gives a key");
    fuzz_require(!article->id || article->id[0], "an id is never empty");
    return 0;
}

static void on_skip(void *context, const char *kind, const char *detail, long count)
{
    (void)context;
    (void)detail;
    fuzz_require(kind && kind[0], "a skip has a kind");
    fuzz_require(count > 0, "a skip counts something");
}

static void on_warning(void *context, const char *message)
{
    (void)context;
    fuzz_require(message && message[0], "a warning says something");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"page.html", "feed.xml", "a.md", "2019/04/a.txt"};
    defcon_archive_sink sink = {on_article, on_skip, on_warning, NULL};
    char error[512];
    int rc;

    if (size < 1)
        return 0;
    error[0] = '\0';
    rc = defcon_archive_parse_memory(names[data[0] % 4], (const char *)data + 1, size - 1,
                                     1000000000, &sink, error, sizeof error);
    fuzz_require(rc == 0 || rc == DEFCON_ARTICLE_NOTHING || rc == -1, "a known status");
    fuzz_require(rc == 0 || error[0], "a failure says why");
    return 0;
}

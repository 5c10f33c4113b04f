/*
 * fuzz_frontmatter.c - libFuzzer target: YAML front matter (frontmatter.h).
 *
 * The input, made valid UTF-8 as article.c makes it, is read as the start
 * of a Markdown file. On success every value must be one line of valid
 * UTF-8 and the body must start inside the text; on failure the message
 * must say something. Either way nothing may leak.
 */
#include <string.h>

#include "frontmatter.h"
#include "fuzz.h"

static void require_value(const char *value, const char *what)
{
    size_t i, len;

    if (!value)
        return;
    len = strlen(value);
    fuzz_require_text(value, len, what);
    for (i = 0; i < len; i++)
        fuzz_require((unsigned char)value[i] >= 0x20 && value[i] != 0x7f, what);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    defcon_buffer text = DEFCON_BUFFER_INIT, warnings = DEFCON_BUFFER_INIT;
    defcon_frontmatter meta;
    size_t body_offset = 0;
    char error[512];

    if (fuzz_clean_text(data, size, &text) == 0) {
        error[0] = '\0';
        if (defcon_frontmatter_read(text.data ? text.data : "", text.len, &meta, &body_offset,
                                    &warnings, error, sizeof error) == 0) {
            fuzz_require(body_offset <= text.len, "the body starts inside the text");
            require_value(meta.id, "id is one line of UTF-8");
            require_value(meta.title, "title is one line of UTF-8");
            require_value(meta.date, "date is one line of UTF-8");
            require_value(meta.source, "source is one line of UTF-8");
            require_value(meta.url, "url is one line of UTF-8");
            require_value(meta.topics, "topics is one line of UTF-8");
            defcon_frontmatter_clear(&meta);
        } else {
            fuzz_require(error[0] != '\0', "a failure says why");
        }
    }
    defcon_buffer_free(&text);
    defcon_buffer_free(&warnings);
    return 0;
}

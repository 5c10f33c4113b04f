/*
 * fuzz_feed.c - libFuzzer target: the feed reader (src/archive/feed.c).
 *
 * The input is a whole .xml file. Sniffing and reading must agree on the
 * kind when the read succeeds, every item's strings must be NUL-terminated
 * with content_len matching, and a failure must say why. libxml2 itself
 * is not instrumented; the target checks our side of it.
 */
#include <string.h>

#include "feed.h"
#include "fuzz.h"

static int on_item(void *context, const defcon_feed_item *item)
{
    size_t i;

    (void)context;
    fuzz_require(item->number > 0, "items are numbered from 1");
    fuzz_require(!item->content || strlen(item->content) == item->content_len,
                 "content_len is the content's length");
    fuzz_require(item->content || item->content_len == 0, "no content, no length");
    fuzz_require(!item->date == !item->date_field, "a date says where it came from");
    for (i = 0; i < item->category_count; i++)
        fuzz_require(item->categories[i] && item->categories[i][0], "categories are not empty");
    for (i = 0; i < item->tag_count; i++)
        fuzz_require(item->tags[i] && item->tags[i][0], "tags are not empty");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    defcon_feed_summary summary;
    defcon_feed_kind kind = defcon_feed_sniff((const char *)data, size);
    char error[512];
    int rc;

    error[0] = '\0';
    rc = defcon_feed_parse_memory((const char *)data, size, "fuzz.xml", on_item, NULL, &summary,
                                  error, sizeof error);
    if (rc < 0)
        fuzz_require(error[0] != '\0', "a failure says why");
    else
        fuzz_require(summary.kind != DEFCON_FEED_NONE, "a feed read has a kind");
    if (rc == 0 && size <= 65536)
        fuzz_require(kind == summary.kind, "sniffing agrees with reading");
    return 0;
}

/*
 * archive_file.c - files of one article and feeds to articles; see
 * archive_file.h. Web archives are read by web_archive.c, which sends
 * each page through defcon_archive_send_page here, as saved pages do.
 */
#include "archive_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "date.h"
#include "feed.h"
#include "html_article.h"
#include "markdown.h"
#include "page_url.h"
#include "text.h"

#define NOT_ARTICLE_KIND "pages that are not articles"

int defcon_archive_kind_streams(defcon_article_kind kind)
{
    return kind == DEFCON_ARTICLE_WARC || kind == DEFCON_ARTICLE_WACZ;
}

static int out_of_memory(char *error, size_t error_size)
{
    snprintf(error, error_size, "out of memory");
    return -1;
}

/* Sets the article's key from its URL, else from `fallback`. */
static int set_key(defcon_article *article, const char *fallback)
{
    defcon_buffer key = DEFCON_BUFFER_INIT;
    const char *from = article->url && *article->url ? article->url : fallback;

    if (!from || !*from)
        return 0;
    if (defcon_page_url_key(from, &key) != 0) {
        defcon_buffer_free(&key);
        return -1;
    }
    article->key = defcon_buffer_detach(&key);
    return article->key ? 0 : -1;
}

static char *dup_if(const char *text)
{
    return text ? strdup(text) : NULL;
}

long long defcon_archive_capture_seconds(const char *warc_date)
{
    defcon_date date;
    int hour = 0, minute = 0, second = 0;

    if (!warc_date || strlen(warc_date) < 10
        || defcon_date_parse(warc_date, 10, &date) != DEFCON_DATE_OK
        || date.precision != DEFCON_DATE_DAY)
        return -1;
    if (warc_date[10] == 'T' && sscanf(warc_date + 11, "%2d:%2d:%2d", &hour, &minute, &second) < 2)
        return -1;
    return (long long)defcon_date_first_day(&date) * 86400 + hour * 3600 + minute * 60 + second;
}

/* The page's reason not to be an article, from its content or either of
 * its URLs, or NULL. */
static const char *listing_reason(const defcon_article *article, const char *capture_url,
                                  const char *content_reason)
{
    const char *reason = content_reason;

    if (!reason)
        reason = defcon_page_url_listing(article->url);
    if (!reason && capture_url)
        reason = defcon_page_url_listing(capture_url);
    return reason;
}

static void skip_page(const defcon_archive_page *page, const defcon_article *article,
                      const char *reason, const defcon_archive_sink *sink)
{
    char detail[1024];
    const char *where = page->capture_url ? page->capture_url
                        : article->url    ? article->url : "the page";

    snprintf(detail, sizeof detail, "%s: %s, not an article", where, reason);
    sink->skip(sink->context, NOT_ARTICLE_KIND, detail, 1);
}

int defcon_archive_send_page(const defcon_archive_page *page, const defcon_archive_sink *sink,
                             char *error, size_t error_size)
{
    defcon_article article;
    char content_reason[256];
    const char *reason;
    int rc;

    if (defcon_html_article_parse(page->bytes, page->len, page->charset, page->capture_url,
                                  &article, content_reason, sizeof content_reason, error,
                                  error_size) != 0)
        return strncmp(error, "out of memory", 13) == 0 ? -1 : 1;
    reason = listing_reason(&article, page->capture_url,
                            content_reason[0] ? content_reason : NULL);
    if (reason) {
        skip_page(page, &article, reason, sink);
        defcon_article_clear(&article);
        return 0;
    }
    article.has_member = page->has_member;
    article.member = page->member;
    article.captured = page->captured;
    article.capture_url = dup_if(page->capture_url);
    article.capture_date = dup_if(page->capture_date);
    article.record_id = dup_if(page->record_id);
    article.id = dup_if(article.url);
    if ((page->capture_url && !article.capture_url) || (page->capture_date && !article.capture_date)
        || (page->record_id && !article.record_id) || (article.url && !article.id)
        || set_key(&article, NULL) != 0) {
        defcon_article_clear(&article);
        return out_of_memory(error, error_size);
    }
    rc = sink->article(sink->context, &article);
    defcon_article_clear(&article);
    return rc == 0 ? 0 : out_of_memory(error, error_size);
}

/* Markdown and text captures: one article, keyed by its URL if any. */
static int send_text_file(const char *relative_path, const char *data, size_t len,
                          long long mtime_seconds, const defcon_archive_sink *sink,
                          char *error, size_t error_size)
{
    defcon_article article;
    int rc = defcon_article_parse(relative_path, data, len, &article, error, error_size);

    if (rc != 0)
        return rc;
    article.captured = mtime_seconds;
    if (set_key(&article, NULL) != 0) {
        defcon_article_clear(&article);
        return out_of_memory(error, error_size);
    }
    rc = sink->article(sink->context, &article);
    defcon_article_clear(&article);
    return rc == 0 ? 0 : out_of_memory(error, error_size);
}

/* Joins the item's categories and tags with ", " (NULL when none). */
static int join_topics(const defcon_feed_item *item, char **topics)
{
    defcon_buffer list = DEFCON_BUFFER_INIT;
    size_t i;
    int rc = 0;

    *topics = NULL;
    for (i = 0; rc == 0 && i < item->category_count + item->tag_count; i++) {
        const char *topic = i < item->category_count ? item->categories[i]
                                                     : item->tags[i - item->category_count];
        if (list.len)
            rc = defcon_buffer_puts(&list, ", ");
        if (rc == 0)
            rc = defcon_text_append_line(&list, topic, strlen(topic));
    }
    if (rc == 0 && list.len)
        *topics = defcon_buffer_detach(&list);
    defcon_buffer_free(&list);
    return rc;
}

/* An item's HTML as text. WordPress stores posts with blank lines where
 * it would write paragraphs: those become paragraph tags first. */
static int item_body(const defcon_feed_item *item, defcon_article *article)
{
    defcon_buffer html = DEFCON_BUFFER_INIT, text = DEFCON_BUFFER_INIT;
    size_t i;
    int rc = 0;

    for (i = 0; rc == 0 && item->content && i < item->content_len; i++) {
        if (item->content[i] == '\n' && i + 1 < item->content_len && item->content[i + 1] == '\n')
            rc = defcon_buffer_puts(&html, "\n<p>");
        else
            rc = defcon_buffer_putc(&html, item->content[i]);
    }
    if (rc == 0)
        rc = defcon_markdown_html_to_text(defcon_buffer_cstr(&html), html.len, &text);
    if (rc == 0) {
        article->body_len = text.len;
        article->body = text.len ? defcon_buffer_detach(&text) : strdup("");
        rc = article->body ? 0 : -1;
    }
    defcon_buffer_free(&html);
    defcon_buffer_free(&text);
    return rc;
}

typedef struct feed_reading {
    const defcon_archive_sink *sink;
    long long mtime_seconds;
    int failed;
} feed_reading;

static int item_to_article(const defcon_feed_item *item, long long captured,
                           defcon_article *article)
{
    memset(article, 0, sizeof *article);
    article->title = item->title ? defcon_text_line_dup(item->title, strlen(item->title))
                                 : strdup("");
    article->url = dup_if(item->link);
    article->id = dup_if(item->id && *item->id ? item->id : item->link);
    article->has_member = 1;
    article->member = (long long)item->number;
    article->captured = captured;
    if (!article->title || (item->link && !article->url) || join_topics(item, &article->topics)
        || item_body(item, article) != 0 || set_key(article, item->id) != 0)
        return -1;
    if (item->date) {
        article->date_text = defcon_text_line_dup(item->date, strlen(item->date));
        if (!article->date_text)
            return -1;
        if (defcon_date_parse(article->date_text, strlen(article->date_text), &article->date)
            == DEFCON_DATE_OK)
            return 0;
    }
    defcon_page_url_date(article->url, &article->date);
    return 0;
}

static int take_item(void *context, const defcon_feed_item *item)
{
    feed_reading *reading = context;
    defcon_article article;
    int rc = item_to_article(item, reading->mtime_seconds, &article);

    if (rc == 0)
        rc = reading->sink->article(reading->sink->context, &article);
    defcon_article_clear(&article);
    if (rc != 0)
        reading->failed = 1;
    return rc;
}

static int send_feed(const char *relative_path, const char *data, size_t len,
                     long long mtime_seconds, const defcon_archive_sink *sink, char *error,
                     size_t error_size)
{
    feed_reading reading;
    defcon_feed_summary summary;
    char detail[512];
    int rc;

    reading.sink = sink;
    reading.mtime_seconds = mtime_seconds;
    reading.failed = 0;
    rc = defcon_feed_parse_memory(data, len, relative_path, take_item, &reading, &summary,
                                  error, error_size);
    if (reading.failed)
        return out_of_memory(error, error_size);
    /* Told by its root element, as a feed is (sniffing alone would call a
     * damaged feed or an entity bomb "not a feed", and say no more). */
    if (rc < 0 && summary.kind == DEFCON_FEED_NONE && summary.items == 0
        && strstr(error, "not a feed")) {
        sink->skip(sink->context, "XML files that are not feeds", error, 1);
        return 0;
    }
    if (summary.skipped_not_post + summary.skipped_not_published > 0) {
        snprintf(detail, sizeof detail, "%zu pages, attachments or menu items, %zu drafts",
                 summary.skipped_not_post, summary.skipped_not_published);
        sink->skip(sink->context, "export items that are not published posts", detail,
                   (long)(summary.skipped_not_post + summary.skipped_not_published));
    }
    if (rc < 0 && summary.items > 0) {
        sink->warning(sink->context, error);
        return 0;
    }
    return rc < 0 ? -1 : 0;
}

/* A saved HTML page: its capture URL is the address the browser wrote
 * into it ("saved from url="), when it did, so that a page without a
 * canonical URL or og:url is still keyed (and told a listing) by it. */
static int send_saved_page(const char *data, size_t len, long long mtime_seconds,
                           const defcon_archive_sink *sink, char *error, size_t error_size)
{
    defcon_archive_page page;
    defcon_buffer saved_from = DEFCON_BUFFER_INIT;
    int rc;

    memset(&page, 0, sizeof page);
    page.bytes = data;
    page.len = len;
    page.captured = mtime_seconds;
    rc = defcon_page_url_saved_from(data, len, &saved_from);
    if (rc < 0)
        return out_of_memory(error, error_size);
    page.capture_url = rc == 1 ? saved_from.data : NULL;
    rc = defcon_archive_send_page(&page, sink, error, error_size);
    defcon_buffer_free(&saved_from);
    return rc == 0 ? 0 : -1;
}

static int is_blank(const char *data, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (data[i] != ' ' && data[i] != '\t' && data[i] != '\n' && data[i] != '\r'
            && data[i] != '\f' && data[i] != '\v')
            return 0;
    return 1;
}

int defcon_archive_parse_memory(const char *relative_path, const char *data, size_t len,
                                long long mtime_seconds, const defcon_archive_sink *sink,
                                char *error, size_t error_size)
{
    defcon_article_kind kind = defcon_article_kind_of(relative_path);

    if (kind == DEFCON_ARTICLE_MARKDOWN || kind == DEFCON_ARTICLE_CAPTURE)
        return send_text_file(relative_path, data, len, mtime_seconds, sink, error, error_size);
    if (is_blank(data, len)) {
        snprintf(error, error_size, "empty file");
        return DEFCON_ARTICLE_NOTHING;
    }
    if (kind == DEFCON_ARTICLE_FEED)
        return send_feed(relative_path, data, len, mtime_seconds, sink, error, error_size);
    if (kind != DEFCON_ARTICLE_HTML) {
        snprintf(error, error_size, "not a file to read in memory");
        return -1;
    }
    return send_saved_page(data, len, mtime_seconds, sink, error, error_size);
}

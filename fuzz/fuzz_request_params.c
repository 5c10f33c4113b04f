/*
 * fuzz_request_params.c - libFuzzer target: a web request's parameters
 * (request_params.h) and the escaping the pages put them through (html.h).
 *
 * The input is a raw query string, as a client may send anything. Parsing
 * either refuses it with a status and a message, or yields parameters
 * within every limit; written back as a URL they are plain ASCII that
 * parses to the same parameters; the query escaped for HTML holds no
 * markup and is valid UTF-8, and marks always come out balanced.
 */
#include <string.h>

#include "fuzz.h"
#include "html.h"
#include "request_params.h"

static void require_same(const defcon_request_params *a, const defcon_request_params *b)
{
    fuzz_require(strcmp(a->query, b->query) == 0, "the query survives the URL");
    fuzz_require(a->country_count == b->country_count
                     && memcmp(a->countries, b->countries, sizeof a->countries) == 0,
                 "the countries survive the URL");
    fuzz_require(strcmp(a->since, b->since) == 0 && strcmp(a->until, b->until) == 0
                     && a->since_day == b->since_day && a->until_day == b->until_day,
                 "the dates survive the URL");
    fuzz_require(a->sort == b->sort && a->limit == b->limit && a->offset == b->offset
                     && a->exact_countries == b->exact_countries && a->by == b->by
                     && strcmp(a->id, b->id) == 0,
                 "the other parameters survive the URL");
}

static void check_limits(const defcon_request_params *p)
{
    size_t i;

    fuzz_require(strlen(p->query) <= DEFCON_WEB_MAX_QUERY_BYTES, "query within its limit");
    fuzz_require(p->limit >= 0 && p->limit <= DEFCON_WEB_MAX_PAGE_SIZE, "limit within bounds");
    fuzz_require(p->offset >= 0 && p->offset <= DEFCON_WEB_MAX_OFFSET, "offset within bounds");
    fuzz_require(p->country_count <= DEFCON_MAX_COUNTRY_FILTERS, "countries within bounds");
    for (i = 0; i < p->country_count; i++)
        fuzz_require(strlen(p->countries[i]) == 2 && p->countries[i][0] >= 'A'
                         && p->countries[i][0] <= 'Z' && p->countries[i][1] >= 'A'
                         && p->countries[i][1] <= 'Z',
                     "countries are alpha-2 codes");
    fuzz_require(!p->since[0] || !p->until[0] || p->since_day <= p->until_day,
                 "since is not after until");
}

static void check_escaping(const defcon_request_params *p)
{
    defcon_buffer out = DEFCON_BUFFER_INIT;
    size_t opened = 0, closed = 0;
    const char *at;

    fuzz_require(defcon_html_escape(&out, p->query) == 0, "escape");
    fuzz_require_text(defcon_buffer_cstr(&out), out.len, "escaped text is valid UTF-8");
    fuzz_require(strpbrk(defcon_buffer_cstr(&out), "<>\"'") == NULL, "no markup survives");
    defcon_buffer_clear(&out);
    fuzz_require(defcon_html_escape_marked(&out, p->query) == 0, "escape marked");
    for (at = strstr(defcon_buffer_cstr(&out), "<mark>"); at; at = strstr(at + 1, "<mark>"))
        opened++;
    for (at = strstr(defcon_buffer_cstr(&out), "</mark>"); at; at = strstr(at + 1, "</mark>"))
        closed++;
    fuzz_require(opened == closed, "marks balanced");
    defcon_buffer_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    defcon_request_params params, again;
    defcon_buffer url = DEFCON_BUFFER_INIT;
    const char *query;
    size_t i;

    defcon_request_params_init(&params);
    if (defcon_request_params_parse(&params, (const char *)data, size) != 0
        || defcon_request_params_check(&params) != 0) {
        fuzz_require(params.status == 400 || params.status == 500, "an error has a status");
        fuzz_require(params.error[0] != '\0', "an error has a message");
        return 0;
    }
    check_limits(&params);
    check_escaping(&params);
    fuzz_require(defcon_request_params_url(&params, "/", 1, &url) == 0, "write the URL");
    for (i = 0; i < url.len; i++)
        fuzz_require(url.data[i] > 0x20 && url.data[i] < 0x7f && url.data[i] != '"'
                         && url.data[i] != '<' && url.data[i] != '>',
                     "the URL is plain ASCII");
    query = strchr(defcon_buffer_cstr(&url), '?');
    defcon_request_params_init(&again);
    query = query ? query + 1 : "";
    fuzz_require(defcon_request_params_parse(&again, query, strlen(query)) == 0
                     && defcon_request_params_check(&again) == 0,
                 "the URL parses again");
    require_same(&params, &again);
    defcon_buffer_free(&url);
    return 0;
}

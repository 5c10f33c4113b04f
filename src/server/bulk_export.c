/*
 * bulk_export.c - articles as JSON documents for other engines; see
 * bulk_export.h.
 */
#include "bulk_export.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

#include "article_scan.h"
#include "database.h"
#include "date.h"
#include "printer.h"

/* Elasticsearch and OpenSearch refuse longer _id values. */
#define MAX_DOCUMENT_ID_BYTES 512

typedef struct export_state {
    FILE *out;
    defcon_export_format format;
    const char *index_name;
    defcon_buffer line;
    int failed;
} export_state;

static int json_field(defcon_buffer *out, const char *name, const char *value)
{
    return defcon_buffer_printf(out, ",\"%s\":", name)
           | (value ? defcon_json_string(out, value) : defcon_buffer_puts(out, "null"));
}

static int append_day(defcon_buffer *out, long day)
{
    int year, month, mday;

    defcon_date_from_day(day, &year, &month, &mday);
    return defcon_buffer_printf(out, "\"%04d-%02d-%02d\"", year, month, mday);
}

/* "a, b" as ["a","b"]; "KP,IR" with `separator` ",". */
static int append_list(defcon_buffer *out, const char *text, const char *separator)
{
    defcon_buffer item = DEFCON_BUFFER_INIT;
    const char *p = text;
    int rc = defcon_buffer_putc(out, '['), first = 1;

    while (p && *p) {
        size_t n = strcspn(p, separator);
        defcon_buffer_clear(&item);
        rc |= defcon_buffer_append(&item, p, n);
        if (n > 0) {
            rc |= defcon_buffer_puts(out, first ? "" : ",");
            rc |= defcon_json_string(out, defcon_buffer_cstr(&item));
            first = 0;
        }
        p += n;
        p += strspn(p, separator);
    }
    defcon_buffer_free(&item);
    return rc | defcon_buffer_putc(out, ']');
}

/* "KP:5,IR:4" as [{"code":"KP","count":5},...]. */
static int append_mentions(defcon_buffer *out, const char *mentions)
{
    const char *p = mentions;
    int rc = defcon_buffer_putc(out, '['), first = 1;

    while (p && *p) {
        size_t n = strcspn(p, ",");
        if (n >= 4 && p[2] == ':') {
            rc |= defcon_buffer_printf(out, "%s{\"code\":\"%c%c\",\"count\":%ld}", first ? "" : ",",
                                       p[0], p[1], strtol(p + 3, NULL, 10));
            first = 0;
        }
        p += n + (p[n] == ',');
    }
    return rc | defcon_buffer_putc(out, ']');
}

static int append_document(defcon_buffer *out, const defcon_stored_article *a)
{
    static const char *const precisions[] = {"year", "month", "day"};
    size_t date_len = a->date ? strlen(a->date) : 0;
    int rc = defcon_buffer_puts(out, "{\"id\":");

    rc |= defcon_json_string(out, a->id);
    rc |= json_field(out, "path", a->path);
    rc |= json_field(out, "title", a->title);
    rc |= json_field(out, "date", a->date);
    rc |= defcon_buffer_puts(out, ",\"date_precision\":");
    if (date_len == 4 || date_len == 7 || date_len == 10) {
        rc |= defcon_buffer_printf(out, "\"%s\"", precisions[date_len == 4 ? 0 : date_len == 7 ? 1 : 2]);
        rc |= defcon_buffer_puts(out, ",\"date_range\":{\"gte\":");
        rc |= append_day(out, a->first_day);
        rc |= defcon_buffer_puts(out, ",\"lte\":");
        rc |= append_day(out, a->last_day);
        rc |= defcon_buffer_puts(out, "},\"sort_date\":");
        rc |= append_day(out, a->first_day);
    } else {
        rc |= defcon_buffer_puts(out, "null");
    }
    rc |= json_field(out, "source", a->source);
    rc |= json_field(out, "url", a->url);
    rc |= defcon_buffer_puts(out, ",\"topics\":");
    rc |= append_list(out, a->topics, ",");
    rc |= defcon_buffer_puts(out, ",\"countries\":");
    rc |= append_list(out, a->countries, ",");
    rc |= defcon_buffer_puts(out, ",\"mentions\":");
    rc |= append_mentions(out, a->mentions);
    rc |= json_field(out, "body", a->body);
    return rc | defcon_buffer_puts(out, "}\n");
}

static int export_one(void *context, const defcon_stored_article *a)
{
    export_state *s = context;
    defcon_buffer *line = &s->line;
    int rc = 0;

    defcon_buffer_clear(line);
    if (s->format == DEFCON_EXPORT_OPENSEARCH) {
        rc |= defcon_buffer_puts(line, "{\"index\":{\"_index\":");
        rc |= defcon_json_string(line, s->index_name);
        if (a->id && strlen(a->id) <= MAX_DOCUMENT_ID_BYTES) {
            rc |= defcon_buffer_puts(line, ",\"_id\":");
            rc |= defcon_json_string(line, a->id);
        }
        rc |= defcon_buffer_puts(line, "}}\n");
    }
    rc |= append_document(line, a);
    if (rc == 0 && fwrite(line->data, 1, line->len, s->out) != line->len)
        rc = -1;
    s->failed = rc != 0;
    return rc != 0;
}

long defcon_export_articles(defcon_db *db, defcon_export_format format, const char *index_name,
                            FILE *out, char *error, size_t size)
{
    export_state s;
    long count;

    memset(&s, 0, sizeof s);
    s.out = out;
    s.format = format;
    s.index_name = index_name ? index_name : "defcon";
    count = defcon_articles_scan(db, export_one, &s);
    defcon_buffer_free(&s.line);
    if (count < 0)
        snprintf(error, size, "%s", defcon_db_errmsg(db));
    else if (s.failed)
        snprintf(error, size, "cannot write the export (disk full?)");
    return count < 0 || s.failed ? -1 : count;
}

int defcon_export_mapping(FILE *out)
{
    static const char *const parts[] = {
        "{\n  \"settings\": {\n    \"analysis\": {\n",
        "      \"filter\": {\n",
        "        \"defcon_english_stemmer\": {\"type\": \"snowball\", \"language\": \"English\"}\n",
        "      },\n      \"analyzer\": {\n",
        "        \"defcon_english\": {\n          \"type\": \"custom\",\n",
        "          \"tokenizer\": \"standard\",\n",
        "          \"filter\": [\"lowercase\", \"asciifolding\", \"defcon_english_stemmer\"]\n",
        "        }\n      }\n    }\n  },\n",
        "  \"mappings\": {\n    \"_meta\": {\n",
        "      \"source\": \"defcon-search export\",\n",
        "      \"title_boost\": ", NULL};
    static const char *const rest[] = {
        ",\n      \"query_fields\": [\"title^", NULL};
    static const char *const fields[] = {
        "\", \"body\"],\n",
        "      \"notes\": \"Boost title at query time (multi_match fields title^10, body), as defcon-search ranks it. date_range is the period a partial date stands for; sort by sort_date.\"\n",
        "    },\n    \"dynamic\": \"strict\",\n    \"properties\": {\n",
        "      \"id\": {\"type\": \"keyword\"},\n",
        "      \"path\": {\"type\": \"keyword\"},\n",
        "      \"title\": {\"type\": \"text\", \"analyzer\": \"defcon_english\"},\n",
        "      \"body\": {\"type\": \"text\", \"analyzer\": \"defcon_english\"},\n",
        "      \"date\": {\"type\": \"keyword\"},\n",
        "      \"date_precision\": {\"type\": \"keyword\"},\n",
        "      \"date_range\": {\"type\": \"date_range\", \"format\": \"yyyy-MM-dd\"},\n",
        "      \"sort_date\": {\"type\": \"date\", \"format\": \"yyyy-MM-dd\"},\n",
        "      \"source\": {\"type\": \"keyword\"},\n",
        "      \"url\": {\"type\": \"keyword\", \"index\": false},\n",
        "      \"topics\": {\"type\": \"keyword\"},\n",
        "      \"countries\": {\"type\": \"keyword\"},\n",
        "      \"mentions\": {\"type\": \"nested\", \"properties\": {\n",
        "        \"code\": {\"type\": \"keyword\"}, \"count\": {\"type\": \"integer\"}}}\n",
        "    }\n  }\n}\n", NULL};
    size_t i;
    int rc = 0;

    for (i = 0; parts[i]; i++)
        rc |= fputs(parts[i], out) == EOF;
    rc |= fprintf(out, "%g", DEFCON_TITLE_WEIGHT) < 0;
    for (i = 0; rest[i]; i++)
        rc |= fputs(rest[i], out) == EOF;
    rc |= fprintf(out, "%g", DEFCON_TITLE_WEIGHT) < 0;
    for (i = 0; fields[i]; i++)
        rc |= fputs(fields[i], out) == EOF;
    return rc ? -1 : 0;
}

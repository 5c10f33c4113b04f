/*
 * print_json.c - the JSON Lines format: one object a line for each hit,
 * period or facet, each with "format_version" first, for scripts. Titles
 * and snippets come as plain text beside the code-point ranges of their
 * matched words. A hit's "path" is relative to the archive folder (the
 * key `show` takes); "file" is the absolute name to open (null when the
 * archive is not known, as on the server), and "member" where the article
 * is in it when the file holds many (a WARC record's byte offset, a feed
 * item's number; null for a file that is one article). All of it is written with json.h.
 */
#include "printer_format.h"

#include "json.h"

static int put_version(defcon_buffer *out)
{
    int rc = defcon_buffer_putc(out, '{');

    rc |= defcon_json_key(out, "format_version");
    rc |= defcon_json_integer(out, DEFCON_JSON_FORMAT_VERSION);
    return rc;
}

static int put_string_member(defcon_buffer *out, const char *name, const char *value)
{
    int rc = defcon_json_key(out, name);

    return rc | defcon_json_string_or_null(out, value);
}

/* "key":["a","b"] */
static int put_strings_member(defcon_buffer *out, const char *key, const char *const *items,
                              size_t count)
{
    int rc = defcon_json_key(out, key) | defcon_buffer_putc(out, '[');

    for (size_t i = 0; i < count; i++) {
        if (i)
            rc |= defcon_buffer_putc(out, ',');
        rc |= defcon_json_string(out, items[i]);
    }
    return rc | defcon_buffer_putc(out, ']');
}

/* "name" as plain text and "name_highlights" as [start,end] pairs. */
static int put_marked_member(defcon_buffer *out, const char *name, const char *marked)
{
    defcon_buffer plain = DEFCON_BUFFER_INIT, ranges = DEFCON_BUFFER_INIT, key = DEFCON_BUFFER_INIT;
    int rc = defcon_marks_split(marked, &plain, &ranges);

    rc |= put_string_member(out, name, defcon_buffer_cstr(&plain));
    rc |= defcon_buffer_printf(&key, "%s_highlights", name);
    rc |= defcon_json_key(out, defcon_buffer_cstr(&key));
    rc |= defcon_buffer_printf(out, "[%s]", defcon_buffer_cstr(&ranges));
    defcon_buffer_free(&plain);
    defcon_buffer_free(&ranges);
    defcon_buffer_free(&key);
    return rc;
}

static int put_countries(defcon_buffer *out, const defcon_hit *hit)
{
    size_t i;
    int rc = defcon_json_key(out, "countries");

    rc |= defcon_buffer_putc(out, '[');
    for (i = 0; i < hit->country_count; i++) {
        if (i)
            rc |= defcon_buffer_putc(out, ',');
        rc |= defcon_json_string(out, hit->countries[i].code);
    }
    rc |= defcon_buffer_putc(out, ']');
    rc |= defcon_json_key(out, "mentions");
    rc |= defcon_buffer_putc(out, '{');
    for (i = 0; i < hit->mention_count; i++) {
        rc |= defcon_json_key(out, hit->mentions[i].code);
        rc |= defcon_json_integer(out, hit->mentions[i].mentions);
    }
    rc |= defcon_buffer_putc(out, '}');
    return rc;
}

static int json_hit(defcon_printer *printer, const defcon_hit *hit)
{
    defcon_buffer *out = &printer->line;
    defcon_buffer file = DEFCON_BUFFER_INIT;
    int rc;

    defcon_buffer_clear(out);
    rc = put_version(out);
    rc |= put_string_member(out, "id", hit->id);
    rc |= put_string_member(out, "path", hit->path);
    rc |= defcon_printer_file(printer, hit, &file);
    rc |= put_string_member(out, "file",
                            printer->options.archive ? defcon_buffer_cstr(&file) : NULL);
    rc |= defcon_json_key(out, "member");
    rc |= hit->has_member ? defcon_json_integer(out, hit->member)
                          : defcon_buffer_puts(out, "null");
    rc |= put_marked_member(out, "title", hit->title_marked);
    rc |= put_string_member(out, "date", hit->date);
    rc |= put_string_member(out, "source", hit->source);
    rc |= put_string_member(out, "url", hit->url);
    rc |= defcon_json_key(out, "score");
    rc |= hit->has_score ? defcon_json_number(out, hit->score) : defcon_buffer_puts(out, "null");
    rc |= put_marked_member(out, "snippet", hit->snippet);
    rc |= put_countries(out, hit);
    if (hit->level > 0) {   /* the alert level it assesses, when it states one */
        rc |= defcon_json_key(out, "level");
        rc |= defcon_json_integer(out, hit->level);
        rc |= put_string_member(out, "colour", hit->colour);
    }
    if (hit->matched_word_count > 0)
        rc |= put_strings_member(out, "matched", hit->matched_words, hit->matched_word_count);
    if (hit->copy_count > 0)   /* the story's near-identical copies, folded */
        rc |= put_strings_member(out, "copies", hit->copy_ids, hit->copy_count);
    rc |= defcon_buffer_puts(out, "}\n");
    defcon_buffer_free(&file);
    return rc ? -1 : defcon_printer_flush(printer);
}

static int json_timeline(defcon_printer *printer, const defcon_period *periods, size_t count,
                         const defcon_timeline_summary *summary)
{
    defcon_buffer *out = &printer->line;
    size_t i;
    int rc = 0;

    (void)summary;   /* one object a period: no summary */
    for (i = 0; rc == 0 && i < count; i++) {
        rc |= put_version(out);
        rc |= put_string_member(out, "period", periods[i].label);
        rc |= defcon_json_key(out, "matches");
        rc |= defcon_json_integer(out, periods[i].matches);
        rc |= defcon_json_key(out, "total");
        rc |= defcon_json_integer(out, periods[i].total);
        rc |= defcon_json_key(out, "share");
        rc |= defcon_json_number(out, defcon_period_share(&periods[i]));
        rc |= defcon_buffer_puts(out, "}\n");
        rc |= defcon_printer_flush(printer);
    }
    return rc ? -1 : 0;
}

static int json_facets(defcon_printer *printer, const char *kind, const char *with_code,
                       const defcon_facet *facets, size_t count)
{
    defcon_buffer *out = &printer->line;
    size_t i;
    int rc = put_version(out);

    rc |= put_string_member(out, "facet", kind);
    if (with_code)
        rc |= put_string_member(out, "with", with_code);
    rc |= defcon_json_key(out, "countries");
    rc |= defcon_buffer_putc(out, '{');
    for (i = 0; i < count; i++) {
        rc |= defcon_json_key(out, facets[i].code);
        rc |= defcon_json_integer(out, facets[i].count);
    }
    rc |= defcon_buffer_puts(out, "}}\n");
    return rc ? -1 : defcon_printer_flush(printer);
}

static int json_concordance(defcon_printer *printer, const defcon_hit *hit,
                            const defcon_kwic_line *line)
{
    defcon_buffer *out = &printer->line;
    int rc = put_version(out);

    rc |= put_string_member(out, "id", hit->id);
    rc |= put_string_member(out, "path", hit->path);
    rc |= put_string_member(out, "date", hit->date);
    rc |= put_string_member(out, "left", line->left);
    rc |= put_string_member(out, "match", line->match);
    rc |= put_string_member(out, "right", line->right);
    rc |= defcon_buffer_puts(out, "}\n");
    return rc ? -1 : defcon_printer_flush(printer);
}

/* An entry of the history of levels. */
static int json_level(defcon_printer *printer, const defcon_hit *entry)
{
    defcon_buffer *out = &printer->line;
    defcon_buffer file = DEFCON_BUFFER_INIT;
    int rc = put_version(out);

    rc |= put_string_member(out, "date", entry->date);
    rc |= defcon_json_key(out, "level");
    rc |= defcon_json_integer(out, entry->level);
    rc |= put_string_member(out, "colour", entry->colour);
    rc |= put_string_member(out, "id", entry->id);
    rc |= put_string_member(out, "path", entry->path);
    rc |= defcon_printer_file(printer, entry, &file);
    rc |= put_string_member(out, "file",
                            printer->options.archive ? defcon_buffer_cstr(&file) : NULL);
    rc |= put_string_member(out, "title", entry->title);
    rc |= defcon_buffer_puts(out, "}\n");
    defcon_buffer_free(&file);
    return rc ? -1 : defcon_printer_flush(printer);
}

const defcon_printer_format defcon_print_json = {
    "json", DEFCON_OUTPUT_JSON, 0, 0, json_hit, NULL, json_timeline, json_facets, NULL,
    json_concordance, json_level, NULL};

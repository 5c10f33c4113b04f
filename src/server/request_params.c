/*
 * request_params.c - parsing, checking and writing back the parameters of
 * a web request; see request_params.h.
 */
#include "request_params.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "countries.h"
#include "date.h"
#include "html.h"

void defcon_request_params_init(defcon_request_params *params)
{
    memset(params, 0, sizeof *params);
    params->sort = DEFCON_SORT_RELEVANCE;
    params->limit = DEFCON_WEB_DEFAULT_PAGE_SIZE;
}

static int fail(defcon_request_params *params, int status, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(defcon_request_params *params, int status, const char *format, ...)
{
    va_list args;

    if (params->status)
        return -1;
    params->status = status;
    va_start(args, format);
    vsnprintf(params->error, sizeof params->error, format, args);
    va_end(args);
    return -1;
}

/* A whole number from 0 to max, digits only. */
static int parse_count(const char *text, long max, long *out)
{
    long value = 0;

    if (!*text || strlen(text) > 12 || strspn(text, "0123456789") != strlen(text))
        return -1;
    value = strtol(text, NULL, 10);
    if (value > max)
        return -1;
    *out = value;
    return 0;
}

static int add_country(defcon_request_params *params, const char *name)
{
    const char *suggestions[3];
    char code[3], hint[256] = "";
    size_t n, i, used = 0;

    if (!defcon_country_lookup(name, code)) {
        n = defcon_country_suggest(name, suggestions, 3);
        for (i = 0; i < n && used < sizeof hint; i++)
            used += (size_t)snprintf(hint + used, sizeof hint - used, "%s'%s'",
                                     i == 0 ? "; did you mean " : i + 1 == n ? " or " : ", ",
                                     suggestions[i]);
        return fail(params, 400, "no such country '%.100s'%s%s", name, hint, n ? "?" : "");
    }
    if (defcon_request_params_add_country(params, code) != 0)
        return fail(params, 400, "at most %d country filters", DEFCON_MAX_COUNTRY_FILTERS);
    return 0;
}

/* since/until: a date of any precision, normalised; since keeps its
 * first day, until its last. */
static int add_date(defcon_request_params *params, const char *key, const char *value)
{
    defcon_date date;
    defcon_date_status status = defcon_date_parse(value, strlen(value), &date);
    int is_since = strcmp(key, "since") == 0;

    if (status != DEFCON_DATE_OK)
        return fail(params, 400, "%s '%.40s': %s; dates are YYYY, YYYY-MM or YYYY-MM-DD", key,
                    value, defcon_date_status_message(status));
    if (is_since) {
        defcon_date_format(&date, params->since);
        params->since_day = defcon_date_first_day(&date);
    } else {
        defcon_date_format(&date, params->until);
        params->until_day = defcon_date_last_day(&date);
    }
    return 0;
}

static int add_choice(defcon_request_params *params, const char *key, const char *value)
{
    if (strcmp(key, "sort") == 0) {
        if (strcmp(value, "relevance") == 0)
            params->sort = DEFCON_SORT_RELEVANCE;
        else if (strcmp(value, "newest") == 0)
            params->sort = DEFCON_SORT_NEWEST;
        else if (strcmp(value, "oldest") == 0)
            params->sort = DEFCON_SORT_OLDEST;
        else
            return fail(params, 400, "sort is relevance, newest or oldest, not '%.40s'", value);
        return 0;
    }
    if (strcmp(key, "by") == 0) {
        if (strcmp(value, "year") == 0)
            params->by = DEFCON_BY_YEAR;
        else if (strcmp(value, "month") == 0)
            params->by = DEFCON_BY_MONTH;
        else if (strcmp(value, "auto") == 0)
            params->by = DEFCON_BY_AUTO;
        else
            return fail(params, 400, "by is year or month, not '%.40s'", value);
        return 0;
    }
    /* exact: a checkbox sends "on"; the links write 1. */
    if (strcmp(value, "1") == 0 || strcmp(value, "on") == 0)
        params->exact_countries = 1;
    else if (strcmp(value, "0") == 0)
        params->exact_countries = 0;
    else
        return fail(params, 400, "exact is 1 or 0, not '%.40s'", value);
    return 0;
}

static int add_number(defcon_request_params *params, const char *key, const char *value)
{
    if (strcmp(key, "limit") == 0) {
        if (parse_count(value, DEFCON_WEB_MAX_PAGE_SIZE, &params->limit) != 0)
            return fail(params, 400, "limit is a number from 0 to %d, not '%.40s'",
                        DEFCON_WEB_MAX_PAGE_SIZE, value);
        return 0;
    }
    if (strcmp(key, "level") == 0) {
        long level;
        if (parse_count(value, 5, &level) != 0 || level < 1)
            return fail(params, 400, "level is an alert level from 1 to 5, not '%.40s'", value);
        params->level = (int)level;
        return 0;
    }
    if (parse_count(value, DEFCON_WEB_MAX_OFFSET, &params->offset) != 0)
        return fail(params, 400, "offset is a number from 0 to %d, not '%.40s'",
                    DEFCON_WEB_MAX_OFFSET, value);
    return 0;
}

int defcon_request_params_add(defcon_request_params *params, const char *key,
                              const char *value, size_t value_len)
{
    if (params->status)
        return -1;
    if (++params->pairs > DEFCON_WEB_MAX_PARAMETERS)
        return fail(params, 400, "too many parameters: at most %d", DEFCON_WEB_MAX_PARAMETERS);
    if (!key || !value || memchr(value, '\0', value_len) || strlen(key) > 32)
        return fail(params, 400, "a parameter holds a NUL byte or an overlong name");
    if (strcmp(key, "q") == 0) {
        if (value_len > DEFCON_WEB_MAX_QUERY_BYTES)
            return fail(params, 400, "the query is too long: %zu bytes, at most %d", value_len,
                        DEFCON_WEB_MAX_QUERY_BYTES);
        memcpy(params->query, value, value_len);
        params->query[value_len] = '\0';
        return 0;
    }
    if (value_len > DEFCON_WEB_MAX_VALUE_BYTES)
        return fail(params, 400, "the value of '%s' is too long: %zu bytes, at most %d", key,
                    value_len, DEFCON_WEB_MAX_VALUE_BYTES);
    if (value_len == 0)
        return 0;
    if (strcmp(key, "id") == 0) {
        memcpy(params->id, value, value_len + 1);
        return 0;
    }
    if (strcmp(key, "country") == 0)
        return add_country(params, value);
    if (strcmp(key, "since") == 0 || strcmp(key, "until") == 0)
        return add_date(params, key, value);
    if (strcmp(key, "sort") == 0 || strcmp(key, "by") == 0 || strcmp(key, "exact") == 0)
        return add_choice(params, key, value);
    if (strcmp(key, "limit") == 0 || strcmp(key, "offset") == 0 || strcmp(key, "level") == 0)
        return add_number(params, key, value);
    return 0;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes '+' and %XX of `len` bytes into `out`; a '%' without two hex
 * digits stays as it is, as browsers leave it. */
static int url_decode(const char *text, size_t len, defcon_buffer *out)
{
    size_t i;
    int rc = 0;

    defcon_buffer_clear(out);
    for (i = 0; rc == 0 && i < len; i++) {
        if (text[i] == '+')
            rc = defcon_buffer_putc(out, ' ');
        else if (text[i] == '%' && i + 2 < len && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            rc = defcon_buffer_putc(out, (char)(hex_value(text[i + 1]) * 16
                                                + hex_value(text[i + 2])));
            i += 2;
        } else
            rc = defcon_buffer_putc(out, text[i]);
    }
    return rc;
}

int defcon_request_params_parse(defcon_request_params *params, const char *query_string,
                                size_t len)
{
    defcon_buffer key = DEFCON_BUFFER_INIT, value = DEFCON_BUFFER_INIT;
    size_t at = 0;
    int rc = 0;

    while (rc == 0 && at < len) {
        const char *pair = query_string + at, *end = memchr(pair, '&', len - at);
        size_t pair_len = end ? (size_t)(end - pair) : len - at;
        const char *equals = memchr(pair, '=', pair_len);
        size_t key_len = equals ? (size_t)(equals - pair) : pair_len;

        at += pair_len + 1;
        if (pair_len == 0)
            continue;
        if (url_decode(pair, key_len, &key) != 0
            || url_decode(equals ? equals + 1 : "", equals ? pair_len - key_len - 1 : 0,
                          &value) != 0)
            rc = fail(params, 500, "out of memory");
        else if (memchr(defcon_buffer_cstr(&key), '\0', key.len))
            rc = fail(params, 400, "a parameter name holds a NUL byte");
        else
            rc = defcon_request_params_add(params, defcon_buffer_cstr(&key),
                                           defcon_buffer_cstr(&value), value.len);
    }
    defcon_buffer_free(&key);
    defcon_buffer_free(&value);
    return rc;
}

int defcon_request_params_check(defcon_request_params *params)
{
    if (params->status)
        return -1;
    if (params->since[0] && params->until[0] && params->since_day > params->until_day)
        return fail(params, 400, "the since date (%s) is after the until date (%s)",
                    params->since, params->until);
    if (params->offset + params->limit > DEFCON_WEB_MAX_OFFSET + DEFCON_WEB_MAX_PAGE_SIZE)
        return fail(params, 400, "pages go no deeper than hit %d: narrow the search",
                    DEFCON_WEB_MAX_OFFSET);
    return 0;
}

void defcon_request_params_to_search(const defcon_request_params *params,
                                     defcon_search_request *request)
{
    size_t i;

    defcon_search_request_init(request);
    request->query = params->query[0] ? params->query : NULL;
    for (i = 0; i < params->country_count; i++)
        request->countries[i] = params->countries[i];
    request->country_count = params->country_count;
    request->exact_countries = params->exact_countries;
    request->has_since = params->since[0] != '\0';
    request->since_day = params->since_day;
    request->has_until = params->until[0] != '\0';
    request->until_day = params->until_day;
    request->sort = params->sort;
    request->level = params->level;
    request->limit = params->limit;
    request->offset = params->offset;
}

static int append_pair(defcon_buffer *out, int *first, const char *key, const char *value)
{
    int rc = defcon_buffer_printf(out, "%c%s=", *first ? '?' : '&', key);

    *first = 0;
    return rc | defcon_url_escape(out, value);
}

int defcon_request_params_url(const defcon_request_params *params, const char *path,
                              int with_id, defcon_buffer *out)
{
    static const char *const sorts[] = {"relevance", "newest", "oldest"};
    char number[24];
    size_t i;
    int rc = defcon_buffer_puts(out, path), first = 1;

    if (with_id && params->id[0])
        rc |= append_pair(out, &first, "id", params->id);
    if (params->query[0])
        rc |= append_pair(out, &first, "q", params->query);
    for (i = 0; i < params->country_count; i++)
        rc |= append_pair(out, &first, "country", params->countries[i]);
    if (params->exact_countries)
        rc |= append_pair(out, &first, "exact", "1");
    if (params->since[0])
        rc |= append_pair(out, &first, "since", params->since);
    if (params->until[0])
        rc |= append_pair(out, &first, "until", params->until);
    if (params->sort != DEFCON_SORT_RELEVANCE)
        rc |= append_pair(out, &first, "sort", sorts[params->sort]);
    if (params->level) {
        snprintf(number, sizeof number, "%d", params->level);
        rc |= append_pair(out, &first, "level", number);
    }
    if (params->by != DEFCON_BY_AUTO)
        rc |= append_pair(out, &first, "by", params->by == DEFCON_BY_YEAR ? "year" : "month");
    if (params->limit != DEFCON_WEB_DEFAULT_PAGE_SIZE) {
        snprintf(number, sizeof number, "%ld", params->limit);
        rc |= append_pair(out, &first, "limit", number);
    }
    if (params->offset) {
        snprintf(number, sizeof number, "%ld", params->offset);
        rc |= append_pair(out, &first, "offset", number);
    }
    return rc ? -1 : 0;
}

int defcon_request_params_add_country(defcon_request_params *params, const char *code)
{
    size_t i;

    for (i = 0; i < params->country_count; i++)
        if (strcmp(params->countries[i], code) == 0)
            return 0;
    if (params->country_count == DEFCON_MAX_COUNTRY_FILTERS)
        return -1;
    memcpy(params->countries[params->country_count], code, 2);
    params->countries[params->country_count][2] = '\0';
    params->country_count++;
    return 0;
}

void defcon_request_params_remove_country(defcon_request_params *params, size_t index)
{
    if (index >= params->country_count)
        return;
    memmove(params->countries[index], params->countries[index + 1],
            (params->country_count - index - 1) * sizeof params->countries[0]);
    params->country_count--;
}

/*
 * json.c - JSON strings, keys and numbers written into a buffer; see
 * json.h. Text is read with text.c's UTF-8 decoder, so what counts as
 * ill-formed here is what counts everywhere else.
 */
#include "json.h"

#include <math.h>
#include <string.h>

#include "text.h"

/* Whether a byte goes into a string as it is: printable ASCII other
 * than the quote and the backslash. */
static int is_plain(unsigned char c)
{
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* Appends one ASCII character of a string, escaped as JSON wants it. */
static int put_ascii(defcon_buffer *out, unsigned char c)
{
    switch (c) {
    case '"':
        return defcon_buffer_puts(out, "\\\"");
    case '\\':
        return defcon_buffer_puts(out, "\\\\");
    case '\n':
        return defcon_buffer_puts(out, "\\n");
    case '\t':
        return defcon_buffer_puts(out, "\\t");
    case '\r':
        return defcon_buffer_puts(out, "\\r");
    default:
        if (c < 0x20 || c == 0x7f)
            return defcon_buffer_printf(out, "\\u%04x", c);
        return defcon_buffer_putc(out, (char)c);
    }
}

int defcon_json_string(defcon_buffer *out, const char *text)
{
    const char *data = text ? text : "";
    size_t len = strlen(data), pos = 0;
    int rc;

    rc = defcon_buffer_putc(out, '"');
    while (rc == 0 && pos < len) {
        unsigned char c = (unsigned char)data[pos];
        size_t run = pos;
        /* A run of ASCII that needs no escape goes in at once. */
        while (run < len && is_plain((unsigned char)data[run]))
            run++;
        if (run > pos) {
            rc = defcon_buffer_append(out, data + pos, run - pos);
            pos = run;
        } else if (c < 0x80) {
            rc = put_ascii(out, c);
            pos++;
        } else {
            /* An ill-formed byte decodes alone as U+FFFD, which is put;
             * C1 controls and bidi overrides are escaped, as C0 ones are. */
            unsigned long cp = defcon_text_next_codepoint(data, len, &pos);
            rc = defcon_text_is_unsafe(cp) ? defcon_buffer_printf(out, "\\u%04lx", cp)
                                           : defcon_text_put_codepoint(out, cp);
        }
    }
    return rc == 0 ? defcon_buffer_putc(out, '"') : -1;
}

int defcon_json_string_or_null(defcon_buffer *out, const char *text)
{
    return text ? defcon_json_string(out, text) : defcon_buffer_puts(out, "null");
}

int defcon_json_key(defcon_buffer *out, const char *name)
{
    char last = out->len ? out->data[out->len - 1] : '{';
    int rc = 0;

    if (last != '{' && last != '[')
        rc = defcon_buffer_putc(out, ',');
    if (rc == 0)
        rc = defcon_json_string(out, name);
    return rc == 0 ? defcon_buffer_putc(out, ':') : -1;
}

/* "%ld" without printf: the indexer writes a number for every country
 * an article mentions. */
int defcon_json_integer(defcon_buffer *out, long value)
{
    char digits[24];
    size_t at = sizeof digits;
    /* The magnitude in unsigned arithmetic: -LONG_MIN does not fit a long. */
    unsigned long magnitude = value < 0 ? 0UL - (unsigned long)value : (unsigned long)value;

    do {
        digits[--at] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude > 0);
    if (value < 0)
        digits[--at] = '-';
    return defcon_buffer_append(out, digits + at, sizeof digits - at);
}

int defcon_json_number(defcon_buffer *out, double value)
{
    if (!isfinite(value))
        return defcon_buffer_puts(out, "null");
    return defcon_buffer_printf(out, "%.6g", value);
}

int defcon_json_fixed(defcon_buffer *out, double value, int decimals)
{
    if (!isfinite(value))
        return defcon_buffer_puts(out, "null");
    return defcon_buffer_printf(out, "%.*f", decimals, value);
}

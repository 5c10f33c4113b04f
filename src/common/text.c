/*
 * text.c - UTF-8 checking and repair, UTF-16 conversion, line endings,
 * code points and their widths, one-line texts; see text.h.
 *
 * The checks run on every archive file, so the common case (all ASCII)
 * is tested eight bytes at a time, and multi-byte sequences are checked
 * against the table of well-formed byte sequences of the Unicode
 * standard (chapter 3, "Well-Formed UTF-8 Byte Sequences").
 */
#include "text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Returns the length of the well-formed sequence at s (avail > 0 bytes
 * remain), or 0 when it is ill-formed; then *bad is the length of the
 * ill-formed part to replace with one U+FFFD: the lead byte and the
 * continuation bytes that were still acceptable. */
static size_t utf8_sequence(const unsigned char *s, size_t avail, size_t *bad)
{
    unsigned char c = s[0];
    unsigned char low = 0x80, high = 0xBF;
    size_t need, i;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            low = 0xA0;     /* no overlong forms */
        else if (c == 0xED)
            high = 0x9F;    /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            low = 0x90;     /* no overlong forms */
        else if (c == 0xF4)
            high = 0x8F;    /* nothing above U+10FFFF */
    } else {
        *bad = 1;
        return 0;
    }
    for (i = 1; i < need; i++) {
        if (i >= avail || s[i] < low || s[i] > high) {
            *bad = i;
            return 0;
        }
        low = 0x80;
        high = 0xBF;
    }
    return need;
}

size_t defcon_text_utf8_check(const char *data, size_t len)
{
    const unsigned char *s = (const unsigned char *)data;
    size_t i = 0, n, bad;

    while (i < len) {
        if (len - i >= 8) {
            uint64_t word;

            memcpy(&word, s + i, 8);
            if ((word & UINT64_C(0x8080808080808080)) == 0) {
                i += 8;
                continue;
            }
        }
        n = utf8_sequence(s + i, len - i, &bad);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}

int defcon_text_utf8_repair(const char *data, size_t len, defcon_buffer *out,
                            size_t *replaced)
{
    const unsigned char *s = (const unsigned char *)data;
    size_t start = 0, i, bad = 1;

    if (defcon_buffer_reserve(out, len) != 0)
        return -1;
    for (;;) {
        i = start + defcon_text_utf8_check(data + start, len - start);
        if (defcon_buffer_append(out, data + start, i - start) != 0)
            return -1;
        if (i >= len)
            return 0;
        /* Known to be ill-formed: only the length of the bad part is wanted. */
        (void)utf8_sequence(s + i, len - i, &bad);
        if (defcon_buffer_puts(out, DEFCON_TEXT_REPLACEMENT) != 0)
            return -1;
        (*replaced)++;
        start = i + bad;
    }
}

int defcon_text_put_codepoint(defcon_buffer *out, unsigned long cp)
{
    char bytes[4];
    size_t n;

    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return defcon_buffer_puts(out, DEFCON_TEXT_REPLACEMENT);
    if (cp < 0x80) {
        bytes[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        bytes[0] = (char)(0xC0 | (cp >> 6));
        bytes[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        bytes[0] = (char)(0xE0 | (cp >> 12));
        bytes[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        bytes[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        bytes[0] = (char)(0xF0 | (cp >> 18));
        bytes[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        bytes[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        bytes[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return defcon_buffer_append(out, bytes, n);
}

/* The high bit of each byte of `word` that equals `byte`. Exact for
 * every byte: adding 0x7F to the low seven bits cannot carry into the
 * next byte. */
static uint64_t bytes_equal(uint64_t word, unsigned char byte)
{
    const uint64_t low7 = UINT64_C(0x7F7F7F7F7F7F7F7F);
    uint64_t x = word ^ (UINT64_C(0x0101010101010101) * byte);

    return ~(((x & low7) + low7) | x) & ~low7;
}

size_t defcon_text_find_control(const char *data, size_t len)
{
    const uint64_t low7 = UINT64_C(0x7F7F7F7F7F7F7F7F);
    size_t i = 0;

    /* Eight bytes at a time. A byte is below 0x20 when neither its high
     * bit nor the high bit of its low seven bits plus 0x60 is set. */
    for (; len - i >= 8; i += 8) {
        uint64_t word, below_space;

        memcpy(&word, data + i, 8);
        below_space = ~(((word & low7) + UINT64_C(0x6060606060606060)) | word) & ~low7;
        if (below_space != 0 &&
            (below_space & ~(bytes_equal(word, '\n') | bytes_equal(word, '\t'))) != 0)
            break;
        if (bytes_equal(word, 0x7F) != 0)
            break;
    }
    for (; i < len; i++) {
        unsigned char c = (unsigned char)data[i];

        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
            return i;
    }
    return len;
}

unsigned long defcon_text_next_codepoint(const char *data, size_t len, size_t *pos)
{
    const unsigned char *s = (const unsigned char *)data + *pos;
    size_t bad, n = utf8_sequence(s, len - *pos, &bad);
    unsigned long cp;

    if (n == 0) {
        (*pos)++;
        return 0xFFFD;
    }
    *pos += n;
    switch (n) {
    case 1:
        return s[0];
    case 2:
        return (unsigned long)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    case 3:
        return (unsigned long)(s[0] & 0x0F) << 12 | (unsigned long)(s[1] & 0x3F) << 6 |
               (s[2] & 0x3F);
    default:
        cp = (unsigned long)(s[0] & 0x07) << 18 | (unsigned long)(s[1] & 0x3F) << 12;
        return cp | (unsigned long)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
    }
}

/* Code point ranges, first and last, sorted. */
typedef struct codepoint_range {
    unsigned long first;
    unsigned long last;
} codepoint_range;

static const codepoint_range zero_width[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x1AB0, 0x1AFF},
    {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064},
    {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
};

static const codepoint_range double_width[] = {
    {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
    {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
    {0xA000, 0xA4CF}, {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
    {0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6},
    {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static int in_ranges(unsigned long cp, const codepoint_range *ranges, size_t count)
{
    size_t low = 0, high = count;

    while (low < high) {
        size_t middle = (low + high) / 2;

        if (cp < ranges[middle].first)
            high = middle;
        else if (cp > ranges[middle].last)
            low = middle + 1;
        else
            return 1;
    }
    return 0;
}

int defcon_text_codepoint_width(unsigned long cp)
{
    if (cp < 0x300)
        return 1;
    if (in_ranges(cp, zero_width, sizeof zero_width / sizeof zero_width[0]))
        return 0;
    if (in_ranges(cp, double_width, sizeof double_width / sizeof double_width[0]))
        return 2;
    return 1;
}

int defcon_text_is_unsafe(unsigned long cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e)
           || (cp >= 0x2066 && cp <= 0x2069);
}

int defcon_text_append_safe(defcon_buffer *out, const char *data, size_t len, const char *keep,
                            const char *replacement)
{
    size_t pos = 0, start = 0;
    int rc = 0;

    while (rc == 0 && pos < len) {
        size_t at = pos;
        unsigned char c = (unsigned char)data[pos];
        unsigned long cp;
        int ill_formed, kept;

        if (c >= 0x20 && c < 0x7f) {   /* printable ASCII, most of any text */
            pos++;
            continue;
        }
        cp = defcon_text_next_codepoint(data, len, &pos);
        ill_formed = c >= 0x80 && pos - at == 1;
        kept = c > 0 && c < 0x20 && keep && strchr(keep, c);

        if (!ill_formed && (kept || !defcon_text_is_unsafe(cp)))
            continue;
        rc = defcon_buffer_append(out, data + start, at - start);
        if (rc == 0)
            rc = defcon_buffer_puts(out, ill_formed ? DEFCON_TEXT_REPLACEMENT : replacement);
        start = pos;
    }
    return rc == 0 ? defcon_buffer_append(out, data + start, len - start) : -1;
}

size_t defcon_text_display_width(const char *data, size_t len)
{
    size_t pos = 0, width = 0;

    while (pos < len) {
        if ((unsigned char)data[pos] < 0x80) {
            pos++;
            width++;
            continue;
        }
        width += (size_t)defcon_text_codepoint_width(defcon_text_next_codepoint(data, len, &pos));
    }
    return width;
}

static unsigned read_unit(const unsigned char *s, int big_endian)
{
    return big_endian ? (unsigned)(s[0] << 8 | s[1]) : (unsigned)(s[1] << 8 | s[0]);
}

int defcon_text_utf16_to_utf8(const char *data, size_t len, int big_endian,
                              defcon_buffer *out, size_t *replaced)
{
    const unsigned char *s = (const unsigned char *)data;
    size_t i = 0;
    int rc = 0;

    /* Most text is in the Basic Multilingual Plane: at most 3 bytes of
     * UTF-8 for 2 bytes of UTF-16. */
    if (defcon_buffer_reserve(out, len / 2 * 3) != 0)
        return -1;
    while (rc == 0 && i + 1 < len) {
        unsigned long unit = read_unit(s + i, big_endian);

        i += 2;
        if (unit >= 0xD800 && unit <= 0xDBFF && i + 1 < len) {
            unsigned long next = read_unit(s + i, big_endian);

            if (next >= 0xDC00 && next <= 0xDFFF) {
                i += 2;
                rc = defcon_text_put_codepoint(
                    out, 0x10000 + ((unit - 0xD800) << 10) + (next - 0xDC00));
                continue;
            }
        }
        if (unit >= 0xD800 && unit <= 0xDFFF)
            (*replaced)++;
        rc = defcon_text_put_codepoint(out, unit);
    }
    if (rc == 0 && i < len) {
        (*replaced)++;
        rc = defcon_buffer_puts(out, DEFCON_TEXT_REPLACEMENT);
    }
    if (rc == 0)
        out->data[out->len] = '\0';   /* even when nothing was appended */
    return rc;
}

int defcon_text_unix_newlines(const char *data, size_t len, defcon_buffer *out)
{
    size_t start = 0;
    const char *cr;

    if (defcon_buffer_reserve(out, len) != 0)
        return -1;
    while ((cr = memchr(data + start, '\r', len - start)) != NULL) {
        size_t at = (size_t)(cr - data);

        if (defcon_buffer_append(out, data + start, at - start) != 0 ||
            defcon_buffer_putc(out, '\n') != 0)
            return -1;
        start = at + 1;
        if (start < len && data[start] == '\n')
            start++;
    }
    return defcon_buffer_append(out, data + start, len - start);
}

static int is_ascii_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Is the three-byte UTF-8 sequence at s a space separator: U+1680,
 * U+2000..U+200A, U+202F, U+205F or U+3000? */
static int is_wide_space(const unsigned char *s)
{
    if (s[0] == 0xE2 && s[1] == 0x80)
        return s[2] <= 0x8A || s[2] == 0xAF;
    return (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F) ||
           (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) ||
           (s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80);
}

size_t defcon_text_space_length(const char *data, size_t len)
{
    const unsigned char *s = (const unsigned char *)data;

    if (len == 0)
        return 0;
    if (is_ascii_blank(s[0]))
        return 1;
    if (len >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (len >= 3 && is_wide_space(s))
        return 3;
    return 0;
}

size_t defcon_text_space_length_before(const char *data, size_t len)
{
    const unsigned char *s = (const unsigned char *)data;

    if (len == 0)
        return 0;
    if (is_ascii_blank(s[len - 1]))
        return 1;
    if (len >= 2 && s[len - 2] == 0xC2 && s[len - 1] == 0xA0)
        return 2;
    if (len >= 3 && is_wide_space(s + len - 3))
        return 3;
    return 0;
}

/* The length of the blank at data[0] in a one-line text: a space or a
 * control character; 0 when it is neither. */
static size_t line_blank_length(const char *data, size_t len)
{
    unsigned char c = (unsigned char)data[0];

    if (c > 0x20 && c < 0x7F)
        return 0;   /* the common case: printable ASCII */
    if (c <= 0x20 || c == 0x7F)
        return 1;
    return defcon_text_space_length(data, len);
}

int defcon_text_append_line(defcon_buffer *out, const char *data, size_t len)
{
    size_t i = 0, start, n;
    int first = 1;

    while (i < len) {
        while (i < len && (n = line_blank_length(data + i, len - i)) > 0)
            i += n;
        if (i >= len)
            break;
        start = i;
        while (i < len && line_blank_length(data + i, len - i) == 0)
            i++;
        if (!first && defcon_buffer_putc(out, ' ') != 0)
            return -1;
        if (defcon_buffer_append(out, data + start, i - start) != 0)
            return -1;
        first = 0;
    }
    return 0;
}

char *defcon_text_line_dup(const char *data, size_t len)
{
    defcon_buffer line = DEFCON_BUFFER_INIT;

    if (defcon_buffer_reserve(&line, len) != 0 ||
        defcon_text_append_line(&line, data, len) != 0) {
        defcon_buffer_free(&line);
        return NULL;
    }
    /* Reserving does not terminate the buffer: nothing may have been
     * appended after it. */
    line.data[line.len] = '\0';
    return defcon_buffer_detach(&line);
}

int defcon_text_append_item(defcon_buffer *list, const char *separator,
                            const char *format, ...)
{
    size_t old_len = list->len;
    va_list args;
    int rc;

    if (list->len > 0 && defcon_buffer_puts(list, separator) != 0)
        return -1;
    va_start(args, format);
    rc = defcon_buffer_vprintf(list, format, args);
    va_end(args);
    if (rc != 0) {
        list->len = old_len;
        if (list->data)
            list->data[old_len] = '\0';
    }
    return rc;
}

int defcon_text_append_excerpt(defcon_buffer *out, const char *data, size_t len,
                               size_t max_bytes)
{
    size_t cut = max_bytes;

    if (len <= max_bytes)
        return defcon_buffer_append(out, data, len);
    /* Back up over continuation bytes so no character is split. */
    while (cut > 0 && ((unsigned char)data[cut] & 0xC0) == 0x80)
        cut--;
    if (defcon_buffer_append(out, data, cut) != 0)
        return -1;
    return defcon_buffer_puts(out, "...");
}

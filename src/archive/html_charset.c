/*
 * html_charset.c - decoding an HTML page to UTF-8 (see html_charset.h).
 *
 * UTF-8, UTF-16 and Windows-1252 (also used for ISO-8859-1 and ASCII, as
 * browsers do) are decoded here; any other declared charset goes through
 * iconv. Every path ends in valid UTF-8: undecodable bytes become U+FFFD.
 */
#include "html_charset.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include "text.h"

/* How far into the page a <meta> charset declaration is looked for (the
 * HTML standard's prescan reads 1024 bytes; pages often put it later). */
#define SNIFF_BYTES 8192

/* Windows-1252's 0x80-0x9F; 0 marks the five bytes it leaves undefined. */
static const unsigned short windows_1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

static void copy_name(char *dest, size_t size, const char *name)
{
    if (size == 0)
        return;
    strncpy(dest, name, size - 1);
    dest[size - 1] = '\0';
}

static int decode_windows_1252(const char *bytes, size_t length, defcon_buffer *out)
{
    size_t i, run = 0;

    for (i = 0; i < length; i++) {
        unsigned char c = (unsigned char)bytes[i];
        unsigned long cp;

        if (c < 0x80)
            continue;
        if (defcon_buffer_append(out, bytes + run, i - run) != 0)
            return -1;
        run = i + 1;
        cp = c >= 0xA0 ? c : windows_1252_high[c - 0x80];
        if (defcon_text_put_codepoint(out, cp ? cp : 0xFFFD) != 0)
            return -1;
    }
    return defcon_buffer_append(out, bytes + run, length - run);
}

/* Counts the well-formed multi-byte sequences of `bytes`. */
static size_t count_multibyte(const char *bytes, size_t length)
{
    size_t pos = 0, count = 0;

    while (pos < length) {
        size_t start = pos;
        unsigned long cp;

        if ((unsigned char)bytes[pos] < 0x80) {
            pos++;
            continue;
        }
        cp = defcon_text_next_codepoint(bytes, length, &pos);
        if (cp != 0xFFFD || pos - start == 3)
            count++;
    }
    return count;
}

/* UTF-8 as declared or guessed: kept when valid; when not, repaired if it
 * holds real UTF-8 sequences, read as Windows-1252 if it holds none. */
static int decode_utf8(const char *bytes, size_t length, defcon_buffer *out,
                       char *used, size_t used_size)
{
    size_t replaced = 0;

    if (defcon_text_utf8_check(bytes, length) == length) {
        copy_name(used, used_size, "UTF-8");
        return defcon_buffer_append(out, bytes, length);
    }
    if (count_multibyte(bytes, length) == 0) {
        copy_name(used, used_size, "windows-1252");
        return decode_windows_1252(bytes, length, out);
    }
    copy_name(used, used_size, "UTF-8");
    return defcon_text_utf8_repair(bytes, length, out, &replaced);
}

/* Decodes through iconv; returns 1 when iconv does not know `name`. */
static int decode_iconv(const char *bytes, size_t length, const char *name, defcon_buffer *out)
{
    iconv_t cd = iconv_open("UTF-8", name);
    char *in = (char *)bytes;
    size_t in_left = length;
    int rc = 0;

    if (cd == (iconv_t)-1)
        return 1;
    while (rc == 0 && in_left > 0) {
        char *dest;
        size_t dest_left, before;

        if (defcon_buffer_reserve(out, in_left * 2 + 16) != 0) {
            rc = -1;
            break;
        }
        dest = out->data + out->len;
        dest_left = out->cap - out->len - 1;
        before = dest_left;
        if (iconv(cd, &in, &in_left, &dest, &dest_left) == (size_t)-1 && errno != E2BIG) {
            /* An invalid or truncated sequence: one U+FFFD, skip a byte. */
            out->len += before - dest_left;
            in++;
            in_left--;
            rc = defcon_buffer_puts(out, DEFCON_TEXT_REPLACEMENT);
            continue;
        }
        out->len += before - dest_left;
        out->data[out->len] = '\0';
    }
    iconv_close(cd);
    return rc;
}

static int name_is(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcasecmp(name, *list) == 0)
            return 1;
    return 0;
}

static const char *const utf8_names[] = {"utf-8", "utf8", "unicode-1-1-utf-8", NULL};
/* Pages that declare UTF-16 in a <meta> are read as ASCII-compatible. */
static const char *const utf16_names[] = {"utf-16", "utf-16le", "utf-16be", "ucs-2", NULL};
static const char *const windows_names[] = {
    "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "latin1", "latin-1",
    "l1", "iso_8859-1", "us-ascii", "ascii", "ansi_x3.4-1968", "cp819", "ibm819", NULL};

/* Decodes with the declared charset `name`; returns 1 when it is unknown. */
static int decode_declared(const char *bytes, size_t length, const char *name,
                           defcon_buffer *out, char *used, size_t used_size)
{
    size_t before = out->len;
    int rc;

    if (name_is(name, utf8_names) || name_is(name, utf16_names))
        return decode_utf8(bytes, length, out, used, used_size);
    if (name_is(name, windows_names)) {
        copy_name(used, used_size, "windows-1252");
        return decode_windows_1252(bytes, length, out);
    }
    rc = decode_iconv(bytes, length, name, out);
    if (rc == 0 && out->len > before
        && defcon_text_utf8_check(out->data + before, out->len - before) != out->len - before) {
        /* Should not happen with glibc, but the contract is valid UTF-8. */
        out->len = before;
        return decode_utf8(bytes, length, out, used, used_size);
    }
    if (rc == 0)
        copy_name(used, used_size, name);
    return rc;
}

/* Copies a charset name starting at `p` (up to `end`) into `name`. */
static int take_name(const char *p, const char *end, char *name, size_t name_size)
{
    size_t n = 0;

    while (p < end && (*p == ' ' || *p == '"' || *p == '\'' || *p == '='))
        p++;
    while (p < end && n + 1 < name_size
           && (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '.' || *p == ':'))
        name[n++] = *p++;
    name[n] = '\0';
    return n > 0;
}

int defcon_html_charset_sniff(const char *bytes, size_t length, char *name, size_t name_size)
{
    size_t end = length < SNIFF_BYTES ? length : SNIFF_BYTES, i;

    if (name_size == 0)
        return 0;
    for (i = 0; i + 5 < end; i++) {
        const char *tag_end;
        size_t j;

        if (bytes[i] != '<' || strncasecmp(bytes + i + 1, "meta", 4) != 0)
            continue;
        tag_end = memchr(bytes + i, '>', end - i);
        if (!tag_end)
            return 0;
        for (j = i + 5; bytes + j + 7 < tag_end; j++)
            if (strncasecmp(bytes + j, "charset", 7) == 0
                && take_name(bytes + j + 7, tag_end, name, name_size))
                return 1;
        i = (size_t)(tag_end - bytes);
    }
    return 0;
}

int defcon_html_charset_decode(const char *bytes, size_t length, const char *hint,
                               defcon_buffer *out, char *used, size_t used_size)
{
    char declared[64];
    size_t replaced = 0;
    int rc;

    if (length >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
        return decode_utf8(bytes + 3, length - 3, out, used, used_size);
    if (length >= 2 && (memcmp(bytes, "\xFE\xFF", 2) == 0 || memcmp(bytes, "\xFF\xFE", 2) == 0)) {
        copy_name(used, used_size, "UTF-16");
        return defcon_text_utf16_to_utf8(bytes + 2, length - 2, bytes[0] == '\xFE', out,
                                         &replaced);
    }
    if (hint && *hint) {
        rc = decode_declared(bytes, length, hint, out, used, used_size);
        if (rc != 1)
            return rc;
    }
    if (defcon_html_charset_sniff(bytes, length, declared, sizeof declared)) {
        rc = decode_declared(bytes, length, declared, out, used, used_size);
        if (rc != 1)
            return rc;
    }
    return decode_utf8(bytes, length, out, used, used_size);
}

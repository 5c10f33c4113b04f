/*
 * charset.c - text that is not UTF-8: Windows-1252 (the superset of
 * ISO-8859-1 that files called Latin-1 hold), and telling damaged UTF-8
 * from text in another charset; see charset.h.
 */
#include "charset.h"

#include "text.h"

/* Windows-1252's 0x80-0x9F; 0 marks the five bytes it leaves undefined. */
static const unsigned short windows_1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

int defcon_charset_windows_1252(const char *bytes, size_t length, defcon_buffer *out)
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

size_t defcon_charset_utf8_sequences(const char *bytes, size_t length)
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

/*
 * kwic.c - the occurrences of a marked text with their contexts; see
 * kwic.h. The context is taken in display columns (wrap.h's width), cut
 * back to a word boundary, marks of other matches dropped.
 */
#include "kwic.h"

#include <string.h>

#include "buffer.h"
#include "search.h"
#include "text.h"
#include "wrap.h"

/* Appends text[from, to) to `out` as one plain line: marks dropped, line
 * breaks and tabs as spaces. */
static int put_plain(defcon_buffer *out, const char *text, size_t from, size_t to)
{
    int rc = 0;

    for (; rc == 0 && from < to; from++) {
        char c = text[from];
        if (c == DEFCON_MARK_START || c == DEFCON_MARK_END)
            continue;
        rc = defcon_buffer_putc(out, c == '\n' || c == '\t' || c == '\r' ? ' ' : c);
    }
    return rc;
}

/* Where the left context starts: at most `columns` wide, at a word start. */
static size_t left_start(const char *text, size_t end, size_t columns)
{
    size_t start = end;

    while (start > 0) {
        size_t prev = start - 1;
        while (prev > 0 && ((unsigned char)text[prev] & 0xC0) == 0x80)
            prev--;
        if (defcon_wrap_width(text + prev, end - prev) > columns)
            break;
        start = prev;
    }
    if (start > 0)           /* cut inside a word: drop its part */
        while (start < end && text[start] != ' ' && text[start] != '\n')
            start++;
    return start;
}

/* Where the right context ends: at most `columns` wide, at a word end. */
static size_t right_end(const char *text, size_t start, size_t columns)
{
    size_t end = start, len = strlen(text);

    while (end < len) {
        size_t next = end + 1;
        while (next < len && ((unsigned char)text[next] & 0xC0) == 0x80)
            next++;
        if (defcon_wrap_width(text + start, next - start) > columns)
            break;
        end = next;
    }
    if (end < len)
        while (end > start && text[end - 1] != ' ' && text[end - 1] != '\n')
            end--;
    return end;
}

int defcon_kwic_each(const char *marked, size_t columns, defcon_kwic_callback callback,
                     void *context)
{
    defcon_buffer left = DEFCON_BUFFER_INIT, match = DEFCON_BUFFER_INIT,
                  right = DEFCON_BUFFER_INIT;
    const char *p = marked ? marked : "";
    int rc = 0, stop = 0;

    while (rc == 0 && !stop && (p = strchr(p, DEFCON_MARK_START)) != NULL) {
        const char *end = strchr(p, DEFCON_MARK_END);
        size_t at = (size_t)(p - marked), after;
        defcon_kwic_line line;
        if (!end)
            break;
        after = (size_t)(end - marked) + 1;
        defcon_buffer_clear(&left);
        defcon_buffer_clear(&match);
        defcon_buffer_clear(&right);
        rc = put_plain(&left, marked, left_start(marked, at, columns), at);
        rc |= put_plain(&match, marked, at + 1, after - 1);
        rc |= put_plain(&right, marked, after, right_end(marked, after, columns));
        if (rc == 0) {
            line.left = defcon_buffer_cstr(&left);
            line.match = defcon_buffer_cstr(&match);
            line.right = defcon_buffer_cstr(&right);
            stop = callback(context, &line) != 0;
        }
        p = end + 1;
    }
    defcon_buffer_free(&left);
    defcon_buffer_free(&match);
    defcon_buffer_free(&right);
    return rc ? -1 : 0;
}

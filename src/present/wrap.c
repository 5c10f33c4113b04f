/*
 * wrap.c - finding words and line breaks; see wrap.h. Widths come from
 * text.c's table of code point widths, so the printers and the renderer
 * agree with each other on how wide a line is.
 */
#include "wrap.h"

#include "search.h"
#include "text.h"

static int is_blank(char c, int newline_breaks)
{
    return c == ' ' || c == '\t' || (c == '\n' && !newline_breaks);
}

size_t defcon_wrap_width(const char *text, size_t len)
{
    size_t pos = 0, width = 0;

    while (pos < len) {
        unsigned char c = (unsigned char)text[pos];
        if (c == (unsigned char)DEFCON_MARK_START || c == (unsigned char)DEFCON_MARK_END) {
            pos++;
        } else if (c < 0x80) {
            pos++;
            width++;
        } else {
            width += (size_t)defcon_text_codepoint_width(
                defcon_text_next_codepoint(text, len, &pos));
        }
    }
    return width;
}

int defcon_wrap_next_word(const char *text, size_t len, size_t *pos, int newline_breaks,
                          defcon_wrap_word *word)
{
    size_t at = *pos, end;

    while (at < len && is_blank(text[at], newline_breaks))
        at++;
    if (at >= len) {
        *pos = len;
        return 0;
    }
    word->start = at;
    word->forced_break = text[at] == '\n';
    if (word->forced_break) {
        word->end = at + 1;
        word->width = 0;
        *pos = at + 1;
        return 1;
    }
    for (end = at; end < len && text[end] != ' ' && text[end] != '\t' && text[end] != '\n'; end++)
        ;
    word->end = end;
    word->width = defcon_wrap_width(text + at, end - at);
    *pos = end;
    return 1;
}

int defcon_wrap_needs_break(size_t column, size_t width, size_t available)
{
    return column > 0 && column + 1 + width > available;
}

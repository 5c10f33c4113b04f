/*
 * query_lex.c - the first pass over a query: the typed text cleaned
 * (control characters turned into spaces, invalid UTF-8 into U+FFFD) and
 * cut into tokens: words, "phrases", operators, parentheses, field
 * prefixes and NEAR groups. Also the errors every pass reports, quoting
 * the part of the query they concern.
 *
 * FTS5 treats a quoted string that yields no token as a phrase that
 * matches nothing, which would empty a whole AND. So words are dropped
 * unless they hold a character unicode61 keeps: an ASCII letter or digit,
 * or a non-ASCII code point outside separator_ranges below.
 */
#include "query_tree.h"
#include "array.h"
#include "ascii.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* The non-ASCII code points that FTS5's unicode61 tokenizer (SQLite 3.40,
 * default categories "L* N* Co") treats as separators, found by running
 * the tokenizer over every code point; tests/unit/test_query.c checks the
 * table against the linked SQLite the same way. Sorted, not overlapping. */
static const struct code_point_range {
    uint32_t first, last;
} separator_ranges[] = {
    {0x0080, 0x00A9}, {0x00AB, 0x00B1}, {0x00B4, 0x00B4}, {0x00B6, 0x00B8},
    {0x00BB, 0x00BB}, {0x00BF, 0x00BF}, {0x00D7, 0x00D7}, {0x00F7, 0x00F7},
    {0x02C2, 0x02C5}, {0x02D2, 0x02DF}, {0x02E5, 0x02EB}, {0x02ED, 0x02ED},
    {0x02EF, 0x036F}, {0x0375, 0x0375}, {0x037E, 0x037E}, {0x0384, 0x0385},
    {0x0387, 0x0387}, {0x03F6, 0x03F6}, {0x0482, 0x0489}, {0x055A, 0x055F},
    {0x0589, 0x058A}, {0x058F, 0x058F}, {0x0591, 0x05C7}, {0x05F3, 0x05F4},
    {0x0600, 0x0604}, {0x0606, 0x061B}, {0x061E, 0x061F}, {0x064B, 0x065F},
    {0x066A, 0x066D}, {0x0670, 0x0670}, {0x06D4, 0x06D4}, {0x06D6, 0x06E4},
    {0x06E7, 0x06ED}, {0x06FD, 0x06FE}, {0x0700, 0x070D}, {0x070F, 0x070F},
    {0x0711, 0x0711}, {0x0730, 0x074A}, {0x07A6, 0x07B0}, {0x07EB, 0x07F3},
    {0x07F6, 0x07F9}, {0x0816, 0x0819}, {0x081B, 0x0823}, {0x0825, 0x0827},
    {0x0829, 0x082D}, {0x0830, 0x083E}, {0x0859, 0x085B}, {0x085E, 0x085E},
    {0x08E4, 0x08FE}, {0x0900, 0x0903}, {0x093A, 0x093C}, {0x093E, 0x094F},
    {0x0951, 0x0957}, {0x0962, 0x0965}, {0x0970, 0x0970}, {0x0981, 0x0983},
    {0x09BC, 0x09BC}, {0x09BE, 0x09C4}, {0x09C7, 0x09C8}, {0x09CB, 0x09CD},
    {0x09D7, 0x09D7}, {0x09E2, 0x09E3}, {0x09F2, 0x09F3}, {0x09FA, 0x09FB},
    {0x0A01, 0x0A03}, {0x0A3C, 0x0A3C}, {0x0A3E, 0x0A42}, {0x0A47, 0x0A48},
    {0x0A4B, 0x0A4D}, {0x0A51, 0x0A51}, {0x0A70, 0x0A71}, {0x0A75, 0x0A75},
    {0x0A81, 0x0A83}, {0x0ABC, 0x0ABC}, {0x0ABE, 0x0AC5}, {0x0AC7, 0x0AC9},
    {0x0ACB, 0x0ACD}, {0x0AE2, 0x0AE3}, {0x0AF0, 0x0AF1}, {0x0B01, 0x0B03},
    {0x0B3C, 0x0B3C}, {0x0B3E, 0x0B44}, {0x0B47, 0x0B48}, {0x0B4B, 0x0B4D},
    {0x0B56, 0x0B57}, {0x0B62, 0x0B63}, {0x0B70, 0x0B70}, {0x0B82, 0x0B82},
    {0x0BBE, 0x0BC2}, {0x0BC6, 0x0BC8}, {0x0BCA, 0x0BCD}, {0x0BD7, 0x0BD7},
    {0x0BF3, 0x0BFA}, {0x0C01, 0x0C03}, {0x0C3E, 0x0C44}, {0x0C46, 0x0C48},
    {0x0C4A, 0x0C4D}, {0x0C55, 0x0C56}, {0x0C62, 0x0C63}, {0x0C7F, 0x0C7F},
    {0x0C82, 0x0C83}, {0x0CBC, 0x0CBC}, {0x0CBE, 0x0CC4}, {0x0CC6, 0x0CC8},
    {0x0CCA, 0x0CCD}, {0x0CD5, 0x0CD6}, {0x0CE2, 0x0CE3}, {0x0D02, 0x0D03},
    {0x0D3E, 0x0D44}, {0x0D46, 0x0D48}, {0x0D4A, 0x0D4D}, {0x0D57, 0x0D57},
    {0x0D62, 0x0D63}, {0x0D79, 0x0D79}, {0x0D82, 0x0D83}, {0x0DCA, 0x0DCA},
    {0x0DCF, 0x0DD4}, {0x0DD6, 0x0DD6}, {0x0DD8, 0x0DDF}, {0x0DF2, 0x0DF4},
    {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E3F, 0x0E3F}, {0x0E47, 0x0E4F},
    {0x0E5A, 0x0E5B}, {0x0EB1, 0x0EB1}, {0x0EB4, 0x0EB9}, {0x0EBB, 0x0EBC},
    {0x0EC8, 0x0ECD}, {0x0F01, 0x0F1F}, {0x0F34, 0x0F3F}, {0x0F71, 0x0F87},
    {0x0F8D, 0x0F97}, {0x0F99, 0x0FBC}, {0x0FBE, 0x0FCC}, {0x0FCE, 0x0FDA},
    {0x102B, 0x103E}, {0x104A, 0x104F}, {0x1056, 0x1059}, {0x105E, 0x1060},
    {0x1062, 0x1064}, {0x1067, 0x106D}, {0x1071, 0x1074}, {0x1082, 0x108D},
    {0x108F, 0x108F}, {0x109A, 0x109F}, {0x10FB, 0x10FB}, {0x135D, 0x1368},
    {0x1390, 0x1399}, {0x1400, 0x1400}, {0x166D, 0x166E}, {0x1680, 0x1680},
    {0x169B, 0x169C}, {0x16EB, 0x16ED}, {0x1712, 0x1714}, {0x1732, 0x1736},
    {0x1752, 0x1753}, {0x1772, 0x1773}, {0x17B4, 0x17D6}, {0x17D8, 0x17DB},
    {0x17DD, 0x17DD}, {0x1800, 0x180E}, {0x18A9, 0x18A9}, {0x1920, 0x192B},
    {0x1930, 0x193B}, {0x1940, 0x1940}, {0x1944, 0x1945}, {0x19B0, 0x19C0},
    {0x19C8, 0x19C9}, {0x19DE, 0x19FF}, {0x1A17, 0x1A1B}, {0x1A1E, 0x1A1F},
    {0x1A55, 0x1A5E}, {0x1A60, 0x1A7C}, {0x1A7F, 0x1A7F}, {0x1AA0, 0x1AA6},
    {0x1AA8, 0x1AAD}, {0x1B00, 0x1B04}, {0x1B34, 0x1B44}, {0x1B5A, 0x1B7C},
    {0x1B80, 0x1B82}, {0x1BA1, 0x1BAD}, {0x1BE6, 0x1BF3}, {0x1BFC, 0x1BFF},
    {0x1C24, 0x1C37}, {0x1C3B, 0x1C3F}, {0x1C7E, 0x1C7F}, {0x1CC0, 0x1CC7},
    {0x1CD0, 0x1CE8}, {0x1CED, 0x1CED}, {0x1CF2, 0x1CF4}, {0x1DC0, 0x1DE6},
    {0x1DFC, 0x1DFF}, {0x1FBD, 0x1FBD}, {0x1FBF, 0x1FC1}, {0x1FCD, 0x1FCF},
    {0x1FDD, 0x1FDF}, {0x1FED, 0x1FEF}, {0x1FFD, 0x1FFE}, {0x2000, 0x2064},
    {0x206A, 0x206F}, {0x207A, 0x207E}, {0x208A, 0x208E}, {0x20A0, 0x20B9},
    {0x20D0, 0x20F0}, {0x2100, 0x2101}, {0x2103, 0x2106}, {0x2108, 0x2109},
    {0x2114, 0x2114}, {0x2116, 0x2118}, {0x211E, 0x2123}, {0x2125, 0x2125},
    {0x2127, 0x2127}, {0x2129, 0x2129}, {0x212E, 0x212E}, {0x213A, 0x213B},
    {0x2140, 0x2144}, {0x214A, 0x214D}, {0x214F, 0x214F}, {0x2190, 0x23F3},
    {0x2400, 0x2426}, {0x2440, 0x244A}, {0x249C, 0x24E9}, {0x2500, 0x26FF},
    {0x2701, 0x2775}, {0x2794, 0x2B4C}, {0x2B50, 0x2B59}, {0x2CE5, 0x2CEA},
    {0x2CEF, 0x2CF1}, {0x2CF9, 0x2CFC}, {0x2CFE, 0x2CFF}, {0x2D70, 0x2D70},
    {0x2D7F, 0x2D7F}, {0x2DE0, 0x2E2E}, {0x2E30, 0x2E3B}, {0x2E80, 0x2E99},
    {0x2E9B, 0x2EF3}, {0x2F00, 0x2FD5}, {0x2FF0, 0x2FFB}, {0x3000, 0x3004},
    {0x3008, 0x3020}, {0x302A, 0x3030}, {0x3036, 0x3037}, {0x303D, 0x303F},
    {0x3099, 0x309C}, {0x30A0, 0x30A0}, {0x30FB, 0x30FB}, {0x3190, 0x3191},
    {0x3196, 0x319F}, {0x31C0, 0x31E3}, {0x3200, 0x321E}, {0x322A, 0x3247},
    {0x3250, 0x3250}, {0x3260, 0x327F}, {0x328A, 0x32B0}, {0x32C0, 0x32FE},
    {0x3300, 0x33FF}, {0x4DC0, 0x4DFF}, {0xA490, 0xA4C6}, {0xA4FE, 0xA4FF},
    {0xA60D, 0xA60F}, {0xA66F, 0xA67E}, {0xA69F, 0xA69F}, {0xA6F0, 0xA6F7},
    {0xA700, 0xA716}, {0xA720, 0xA721}, {0xA789, 0xA78A}, {0xA802, 0xA802},
    {0xA806, 0xA806}, {0xA80B, 0xA80B}, {0xA823, 0xA82B}, {0xA836, 0xA839},
    {0xA874, 0xA877}, {0xA880, 0xA881}, {0xA8B4, 0xA8C4}, {0xA8CE, 0xA8CF},
    {0xA8E0, 0xA8F1}, {0xA8F8, 0xA8FA}, {0xA926, 0xA92F}, {0xA947, 0xA953},
    {0xA95F, 0xA95F}, {0xA980, 0xA983}, {0xA9B3, 0xA9CD}, {0xA9DE, 0xA9DF},
    {0xAA29, 0xAA36}, {0xAA43, 0xAA43}, {0xAA4C, 0xAA4D}, {0xAA5C, 0xAA5F},
    {0xAA77, 0xAA79}, {0xAA7B, 0xAA7B}, {0xAAB0, 0xAAB0}, {0xAAB2, 0xAAB4},
    {0xAAB7, 0xAAB8}, {0xAABE, 0xAABF}, {0xAAC1, 0xAAC1}, {0xAADE, 0xAADF},
    {0xAAEB, 0xAAF1}, {0xAAF5, 0xAAF6}, {0xABE3, 0xABED}, {0xFB1E, 0xFB1E},
    {0xFB29, 0xFB29}, {0xFBB2, 0xFBC1}, {0xFD3E, 0xFD3F}, {0xFDFC, 0xFDFD},
    {0xFE00, 0xFE19}, {0xFE20, 0xFE26}, {0xFE30, 0xFE52}, {0xFE54, 0xFE66},
    {0xFE68, 0xFE6B}, {0xFEFF, 0xFEFF}, {0xFF01, 0xFF0F}, {0xFF1A, 0xFF20},
    {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0xFFE0, 0xFFE6}, {0xFFE8, 0xFFEE},
    {0xFFF9, 0xFFFF}, {0x10100, 0x10102}, {0x10137, 0x1013F}, {0x10179, 0x10189},
    {0x10190, 0x1019B}, {0x101D0, 0x101FD}, {0x1039F, 0x1039F}, {0x103D0, 0x103D0},
    {0x10857, 0x10857}, {0x1091F, 0x1091F}, {0x1093F, 0x1093F}, {0x10A01, 0x10A03},
    {0x10A05, 0x10A06}, {0x10A0C, 0x10A0F}, {0x10A38, 0x10A3A}, {0x10A3F, 0x10A3F},
    {0x10A50, 0x10A58}, {0x10A7F, 0x10A7F}, {0x10B39, 0x10B3F}, {0x11000, 0x11002},
    {0x11038, 0x1104D}, {0x11080, 0x11082}, {0x110B0, 0x110C1}, {0x11100, 0x11102},
    {0x11127, 0x11134}, {0x11140, 0x11143}, {0x11180, 0x11182}, {0x111B3, 0x111C0},
    {0x111C5, 0x111C8}, {0x116AB, 0x116B7}, {0x12470, 0x12473}, {0x16F51, 0x16F7E},
    {0x16F8F, 0x16F92}, {0x1D000, 0x1D0F5}, {0x1D100, 0x1D126}, {0x1D129, 0x1D1DD},
    {0x1D200, 0x1D245}, {0x1D300, 0x1D356}, {0x1D6C1, 0x1D6C1}, {0x1D6DB, 0x1D6DB},
    {0x1D6FB, 0x1D6FB}, {0x1D715, 0x1D715}, {0x1D735, 0x1D735}, {0x1D74F, 0x1D74F},
    {0x1D76F, 0x1D76F}, {0x1D789, 0x1D789}, {0x1D7A9, 0x1D7A9}, {0x1D7C3, 0x1D7C3},
    {0x1EEF0, 0x1EEF1}, {0x1F000, 0x1F02B}, {0x1F030, 0x1F093}, {0x1F0A0, 0x1F0AE},
    {0x1F0B1, 0x1F0BE}, {0x1F0C1, 0x1F0CF}, {0x1F0D1, 0x1F0DF}, {0x1F110, 0x1F12E},
    {0x1F130, 0x1F16B}, {0x1F170, 0x1F19A}, {0x1F1E6, 0x1F202}, {0x1F210, 0x1F23A},
    {0x1F240, 0x1F248}, {0x1F250, 0x1F251}, {0x1F300, 0x1F320}, {0x1F330, 0x1F335},
    {0x1F337, 0x1F37C}, {0x1F380, 0x1F393}, {0x1F3A0, 0x1F3C4}, {0x1F3C6, 0x1F3CA},
    {0x1F3E0, 0x1F3F0}, {0x1F400, 0x1F43E}, {0x1F440, 0x1F440}, {0x1F442, 0x1F4F7},
    {0x1F4F9, 0x1F4FC}, {0x1F500, 0x1F53D}, {0x1F540, 0x1F543}, {0x1F550, 0x1F567},
    {0x1F5FB, 0x1F640}, {0x1F645, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F700, 0x1F773},
    {0xE0001, 0xE0001}, {0xE0020, 0xE007F}, {0xE0100, 0xE01EF},
};

const char *const defcon_query_field_names[FIELD_COUNT] = {"title", "body"};

/* --- Characters ---------------------------------------------------------- */

/* Non-ASCII characters the lexer treats as white space: C1 controls,
 * Unicode spaces, zero-width space and the byte-order mark. */
static int is_unicode_space(uint32_t c)
{
    return (c >= 0x80 && c <= 0x9F) || c == 0xA0 || c == 0x1680
        || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029
        || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/* Whether unicode61 makes `c` part of a token. */
static int is_word_code_point(uint32_t c)
{
    size_t low = 0, high = sizeof separator_ranges / sizeof separator_ranges[0];

    if (c < 0x80)
        return defcon_ascii_is_alnum((char)c);
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (c < separator_ranges[middle].first)
            high = middle;
        else if (c > separator_ranges[middle].last)
            low = middle + 1;
        else
            return 0;
    }
    return 1;
}

/* Whether text[start, end), valid UTF-8, holds a character of a token. */
int defcon_query_has_word_character(const char *text, size_t start, size_t end)
{
    while (start < end)
        if (is_word_code_point(defcon_text_next_codepoint(text, end, &start)))
            return 1;
    return 0;
}

/* Copies `query` into `out`, with control characters and Unicode spaces
 * turned into ASCII spaces and each byte of invalid UTF-8 into U+FFFD, so
 * the rest of the translator sees plain spaces and valid UTF-8 only. */
int defcon_query_clean(const char *query, defcon_buffer *out)
{
    const unsigned char *s = (const unsigned char *)query;
    size_t length = strlen(query), i = 0, start;
    unsigned long c;
    int rc;

    rc = defcon_buffer_reserve(out, length);
    while (rc == 0 && i < length) {
        if (s[i] < 0x20 || s[i] == 0x7F) {
            rc = defcon_buffer_putc(out, ' ');
            i++;
            continue;
        }
        start = i;
        c = defcon_text_next_codepoint(query, length, &i);
        if (c == 0xFFFD)
            rc = defcon_buffer_append(out, DEFCON_TEXT_REPLACEMENT, 3);
        else if (i - start > 1 && is_unicode_space((uint32_t)c))
            rc = defcon_buffer_putc(out, ' ');
        else
            rc = defcon_buffer_append(out, query + start, i - start);
    }
    return rc;
}

/* --- Errors --------------------------------------------------------------- */

/* Cuts s[0, length) back so that it does not end inside a UTF-8 sequence. */
static void end_on_character(char *s, size_t length)
{
    size_t lead = length, need;
    unsigned char c;

    while (lead > 0 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0)
        return;
    c = (unsigned char)s[lead - 1];
    need = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (length - (lead - 1) < need)
        s[lead - 1] = '\0';
}

/* Copies text[start, end) into quote, cut to QUOTE_MAX bytes on a
 * character boundary; "..." marks the cut, at the front if keep_tail. */
static void quote_text(const char *text, size_t start, size_t end, int keep_tail,
                       char quote[QUOTE_MAX + 4])
{
    size_t length = end - start;

    if (length <= QUOTE_MAX) {
        memcpy(quote, text + start, length);
        quote[length] = '\0';
    } else if (keep_tail) {
        size_t from = end - QUOTE_MAX;
        while (from < end && ((unsigned char)text[from] & 0xC0) == 0x80)
            from++;
        memcpy(quote, "...", 3);
        memcpy(quote + 3, text + from, end - from);
        quote[3 + end - from] = '\0';
    } else {
        size_t to = start + QUOTE_MAX;
        while (to > start && ((unsigned char)text[to] & 0xC0) == 0x80)
            to--;
        memcpy(quote, text + start, to - start);
        memcpy(quote + (to - start), "...", 4);
    }
}

/* Records the first error: `before`, the quoted text[start, end), `after`.
 * Always returns -1, for the callers to pass on. */
int defcon_query_fail_at(struct translator *t, const char *before, size_t start, size_t end,
                   int keep_tail, const char *after)
{
    char quote[QUOTE_MAX + 4];
    int written;

    if (t->failed)
        return -1;
    t->failed = 1;
    if (!t->error || t->error_size == 0)
        return -1;
    quote_text(defcon_buffer_cstr(&t->text), start, end, keep_tail, quote);
    written = snprintf(t->error, t->error_size, "%s\"%s\"%s", before, quote, after);
    if (written < 0)
        t->error[0] = '\0';
    else if ((size_t)written >= t->error_size)
        end_on_character(t->error, t->error_size - 1);
    return -1;
}

int defcon_query_fail_out_of_memory(struct translator *t)
{
    if (!t->failed && t->error && t->error_size > 0)
        snprintf(t->error, t->error_size, "out of memory");
    t->failed = 1;
    t->out_of_memory = 1;
    return -1;
}

/* --- Lexer ---------------------------------------------------------------- */

static struct token *push_token(struct translator *t, enum token_kind kind,
                                size_t start, size_t end)
{
    struct token *token;

    if (t->token_count == t->token_capacity
        && defcon_array_grow(&t->tokens, &t->token_capacity, sizeof *t->tokens, 64) != 0) {
        defcon_query_fail_out_of_memory(t);
        return NULL;
    }
    token = &t->tokens[t->token_count++];
    memset(token, 0, sizeof *token);
    token->kind = kind;
    token->start = token->text_start = start;
    token->end = token->text_end = end;
    return token;
}

/* What may follow a "-" that negates: a word, a phrase or a group. */
static int begins_term(unsigned char c)
{
    return defcon_ascii_is_alnum((char)c) || c >= 0x80 || c == '"' || c == '(';
}

/* Matches "title:" or "body:" (any case) at text[pos] with a term right
 * after the colon: returns the field and sets *length, or returns -1. */
static int match_field(const char *text, size_t pos, size_t limit, size_t *length)
{
    size_t i, k, n;

    for (i = 0; i < FIELD_COUNT; i++) {
        n = strlen(defcon_query_field_names[i]);
        if (limit - pos < n + 2)
            continue;
        for (k = 0; k < n && defcon_ascii_lower(text[pos + k]) == defcon_query_field_names[i][k]; k++)
            ;
        if (k < n || text[pos + n] != ':' || text[pos + n + 1] == ' '
            || text[pos + n + 1] == ')')
            continue;
        *length = n + 1;
        return (int)i;
    }
    return -1;
}

/* Lexes the phrase whose opening quote is at text[pos]; returns where the
 * lexer goes on, or NONE when memory runs out. */
static size_t lex_phrase(struct translator *t, size_t pos, size_t limit)
{
    const char *text = t->text.data;
    size_t open = pos, content_start = pos + 1, content_end, end;
    struct token *token;
    int prefix = 0;

    end = content_start;
    while (end < limit && text[end] != '"')
        end++;
    content_end = end;
    if (end < limit) {
        end++;
        while (end < limit && text[end] == '*') {
            end++;
            prefix = 1;
        }
    }
    /* "kim jong*": a star at the end inside the quotes is a prefix too. */
    for (;;) {
        while (content_end > content_start && text[content_end - 1] == ' ')
            content_end--;
        if (content_end == content_start || text[content_end - 1] != '*')
            break;
        content_end--;
        prefix = 1;
    }
    while (content_start < content_end && text[content_start] == ' ')
        content_start++;
    token = push_token(t, TOKEN_PHRASE, open, end);
    if (!token)
        return NONE;
    token->text_start = content_start;
    token->text_end = content_end;
    token->prefix = prefix;
    return end;
}

static size_t lex_span(struct translator *t, size_t pos, size_t limit, int in_near);

/* Lexes NEAR( at text[start], whose "(" is at text[open]: the NEAR token,
 * the tokens of its words, the distance after the last comma, and the
 * closing parenthesis. Without a closing parenthesis there is nothing
 * more to lex. Returns where the lexer goes on, or NONE. */
static size_t lex_near(struct translator *t, size_t start, size_t open)
{
    const char *text = t->text.data;
    size_t length = t->text.len, close = NONE, comma = NONE, i;
    int at_token_start = 1;
    struct token *token;

    /* Quotes count as in the lexer: they open a phrase at a token start. */
    for (i = open + 1; i < length && close == NONE; i++) {
        char c = text[i];
        if (c == ' ' || c == '(') {
            at_token_start = 1;
        } else if (c == ')') {
            close = i;
        } else if (c == '"' && at_token_start) {
            i++;
            while (i < length && text[i] != '"')
                i++;
            if (i == length)
                break;
        } else {
            if (c == ',')
                comma = i;
            at_token_start = 0;
        }
    }
    if (close == NONE) {
        token = push_token(t, TOKEN_NEAR, start, length);
        if (!token)
            return NONE;
        token->unclosed = 1;
        return length;
    }
    if (!push_token(t, TOKEN_NEAR, start, close + 1)
        || lex_span(t, open + 1, comma != NONE ? comma : close, 1) == NONE)
        return NONE;
    if (comma != NONE) {
        token = push_token(t, TOKEN_DISTANCE, comma, close);
        if (!token)
            return NONE;
        token->text_start = comma + 1;
        while (token->text_start < close && text[token->text_start] == ' ')
            token->text_start++;
        while (token->text_end > token->text_start && text[token->text_end - 1] == ' ')
            token->text_end--;
    }
    if (!push_token(t, TOKEN_CLOSE, close, close + 1))
        return NONE;
    return close + 1;
}

/* Lexes a word at text[pos]: an operator, NEAR(, or a word (a prefix if it
 * ends in stars). Returns where the lexer goes on, or NONE. */
static size_t lex_word(struct translator *t, size_t pos, size_t limit, int in_near,
                       int term_only)
{
    const char *text = t->text.data;
    size_t start = pos, length, base;
    enum token_kind kind = TOKEN_WORD;
    struct token *token;

    while (pos < limit && text[pos] != ' ' && text[pos] != '(' && text[pos] != ')')
        pos++;
    length = pos - start;
    if (!in_near && length == 4 && memcmp(text + start, "NEAR", 4) == 0
        && pos < limit && text[pos] == '(')
        return lex_near(t, start, pos);
    if (!term_only) {
        if (length == 2 && memcmp(text + start, "OR", 2) == 0)
            kind = TOKEN_OR;
        else if (length == 3 && memcmp(text + start, "AND", 3) == 0)
            kind = TOKEN_AND;
        else if (length == 3 && memcmp(text + start, "NOT", 3) == 0)
            kind = TOKEN_NOT;
    }
    token = push_token(t, kind, start, pos);
    if (!token)
        return NONE;
    if (kind == TOKEN_WORD) {
        base = pos;
        while (base > start && text[base - 1] == '*')
            base--;
        if (base > start && base < pos) {
            token->text_end = base;
            token->prefix = 1;
        }
    }
    return pos;
}

/* Lexes text[pos, limit) into tokens; in_near for the inside of NEAR(...),
 * where NEAR( is not looked for again. Returns where lexing stopped, or
 * NONE when memory runs out. */
static size_t lex_span(struct translator *t, size_t pos, size_t limit, int in_near)
{
    const char *text = t->text.data;
    int boundary = 1;     /* after white space or a parenthesis */
    int term_only = 0;    /* after "-" or "field:": operators are words */
    size_t length;
    int field;

    while (pos < limit) {
        unsigned char c = (unsigned char)text[pos];
        if (c == ' ') {
            pos++;
            boundary = 1;
            term_only = 0;
        } else if (c == '(' || c == ')') {
            if (!push_token(t, c == '(' ? TOKEN_OPEN : TOKEN_CLOSE, pos, pos + 1))
                return NONE;
            pos++;
            boundary = 1;
            term_only = 0;
        } else if (c == '"') {
            pos = lex_phrase(t, pos, limit);
            if (pos == NONE)
                return NONE;
            boundary = 0;
            term_only = 0;
        } else if (c == '-' && boundary && !term_only && pos + 1 < limit
                   && begins_term((unsigned char)text[pos + 1])) {
            if (!push_token(t, TOKEN_MINUS, pos, pos + 1))
                return NONE;
            pos++;
            boundary = 0;
            term_only = 1;
        } else if ((field = match_field(text, pos, limit, &length)) >= 0) {
            struct token *token = push_token(t, TOKEN_FIELD, pos, pos + length);
            if (!token)
                return NONE;
            token->field = field;
            pos += length;
            boundary = 0;
            term_only = 1;
        } else {
            pos = lex_word(t, pos, limit, in_near, term_only);
            if (pos == NONE)
                return NONE;
            boundary = 0;
            term_only = 0;
        }
    }
    return pos;
}

int defcon_query_lex(struct translator *t)
{
    if (lex_span(t, 0, t->text.len, 0) == NONE
        || !push_token(t, TOKEN_END, t->text.len, t->text.len))
        return -1;
    return 0;
}

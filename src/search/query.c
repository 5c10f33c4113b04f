/*
 * query.c - the query language: from what a researcher types to an FTS5
 * MATCH expression (see query.h for the language, doc/query-language.md
 * for examples).
 *
 * Three passes. The lexer cuts a cleaned copy of the query (control
 * characters turned into spaces, invalid UTF-8 into U+FFFD) into tokens:
 * words, "phrases", operators, parentheses, field prefixes and NEAR groups.
 * A recursive-descent parser, bounded in depth, builds a tree in one array.
 * The last pass works out which parts hold nothing searchable and which
 * are negated, rejects what FTS5 cannot express, and writes the expression
 * with every word and phrase quoted and every compound operand in
 * parentheses, so nothing a researcher types reaches FTS5 as syntax.
 *
 * FTS5 treats a quoted string that yields no token as a phrase that
 * matches nothing, which would empty a whole AND. So words are dropped
 * unless they hold a character unicode61 keeps: an ASCII letter or digit,
 * or a non-ASCII code point outside separator_ranges below.
 */
#include "query.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#define NONE ((size_t)-1)

/* How many bytes of the query an error message quotes at most. */
#define QUOTE_MAX 60

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

/* The columns a query may name before a colon, as FTS5 knows them. */
static const char *const field_names[] = {"title", "body"};
#define FIELD_COUNT (sizeof field_names / sizeof field_names[0])

enum token_kind {
    TOKEN_WORD, TOKEN_PHRASE, TOKEN_OR, TOKEN_AND, TOKEN_NOT, TOKEN_MINUS,
    TOKEN_OPEN, TOKEN_CLOSE, TOKEN_FIELD, TOKEN_NEAR, TOKEN_DISTANCE,
    TOKEN_END
};

struct token {
    enum token_kind kind;
    size_t start, end;            /* the token in the cleaned query */
    size_t text_start, text_end;  /* words, phrases, distances: their text */
    int prefix;                   /* word* or "phrase"* */
    int field;                    /* TOKEN_FIELD: index in field_names */
    int unclosed;                 /* TOKEN_NEAR: no ")" follows */
};

enum node_kind { NODE_TERM, NODE_NEAR, NODE_FIELD, NODE_AND, NODE_OR };

/* What a node amounts to once the parts with nothing searchable are gone;
 * it decides where the expression needs parentheses. */
enum shape {
    SHAPE_EMPTY,          /* nothing searchable: left out */
    SHAPE_NEGATED_ONLY,   /* only negated terms: FTS5 cannot search it */
    SHAPE_ATOM,           /* a string, a prefix expansion, a NEAR group */
    SHAPE_FIELD,          /* title:...: an atom, but not after another colon */
    SHAPE_AND,
    SHAPE_OR,
    SHAPE_NOT             /* positives NOT negatives */
};

struct node {
    enum node_kind kind;
    size_t start, end;            /* span in the cleaned query, for messages */
    size_t text_start, text_end;  /* NODE_TERM */
    int phrase, prefix, negated;
    int field;                    /* NODE_FIELD: index in field_names */
    long distance;                /* NODE_NEAR; -1 leaves FTS5's default */
    size_t first, last, next;     /* children, and the next sibling */
    enum shape shape;             /* set by shape_node */
    size_t only;                  /* the one child standing for the node */
    size_t positives, negatives;  /* children that are not empty, by sign */
};

/* One translation. Library code: errors go into `error`, never out. */
struct translator {
    defcon_buffer text;           /* the cleaned query */
    struct token *tokens;
    size_t token_count, token_capacity, current;
    struct node *nodes;
    size_t node_count, node_capacity;
    char *error;
    size_t error_size;
    int failed, out_of_memory;
    defcon_prefix_expander expander;
    void *expander_context;
    defcon_buffer prefix, stems;  /* scratch for prefix expansion */
};

/* --- Characters ---------------------------------------------------------- */

static int is_ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Decodes the UTF-8 sequence at s[0, length): returns its length and sets
 * *code_point, or returns 0 if the bytes are not valid UTF-8 (overlong
 * forms and surrogates included). */
static size_t utf8_decode(const unsigned char *s, size_t length, uint32_t *code_point)
{
    uint32_t value, minimum;
    size_t need, i;

    if (s[0] < 0x80) {
        *code_point = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        need = 1, value = s[0] & 0x1Fu, minimum = 0x80;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        need = 2, value = s[0] & 0x0Fu, minimum = 0x800;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        need = 3, value = s[0] & 0x07u, minimum = 0x10000;
    } else {
        return 0;
    }
    if (length <= need)
        return 0;
    for (i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        value = (value << 6) | (s[i] & 0x3Fu);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return 0;
    *code_point = value;
    return need + 1;
}

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
        return is_ascii_alnum((unsigned char)c);
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
static int has_word_character(const char *text, size_t start, size_t end)
{
    const unsigned char *s = (const unsigned char *)text;
    uint32_t c;
    size_t length;

    while (start < end) {
        length = utf8_decode(s + start, end - start, &c);
        if (length == 0)
            return 0;
        if (is_word_code_point(c))
            return 1;
        start += length;
    }
    return 0;
}

/* Copies `query` into `out`, with control characters and Unicode spaces
 * turned into ASCII spaces and each byte of invalid UTF-8 into U+FFFD, so
 * the rest of the translator sees plain spaces and valid UTF-8 only. */
static int clean_query(const char *query, defcon_buffer *out)
{
    const unsigned char *s = (const unsigned char *)query;
    size_t length = strlen(query), i = 0, n;
    uint32_t c;
    int rc;

    rc = defcon_buffer_reserve(out, length);
    while (rc == 0 && i < length) {
        if (s[i] < 0x20 || s[i] == 0x7F) {
            rc = defcon_buffer_putc(out, ' ');
            i++;
            continue;
        }
        n = utf8_decode(s + i, length - i, &c);
        if (n == 0) {
            rc = defcon_buffer_append(out, "\xEF\xBF\xBD", 3);
            i++;
        } else {
            if (n > 1 && is_unicode_space(c))
                rc = defcon_buffer_putc(out, ' ');
            else
                rc = defcon_buffer_append(out, query + i, n);
            i += n;
        }
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
static int fail_at(struct translator *t, const char *before, size_t start, size_t end,
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

static int fail_out_of_memory(struct translator *t)
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

    if (t->token_count == t->token_capacity) {
        size_t capacity = t->token_capacity ? t->token_capacity * 2 : 64;
        struct token *tokens;
        if (capacity > SIZE_MAX / sizeof *tokens
            || !(tokens = realloc(t->tokens, capacity * sizeof *tokens))) {
            fail_out_of_memory(t);
            return NULL;
        }
        t->tokens = tokens;
        t->token_capacity = capacity;
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
    return is_ascii_alnum(c) || c >= 0x80 || c == '"' || c == '(';
}

/* Matches "title:" or "body:" (any case) at text[pos] with a term right
 * after the colon: returns the field and sets *length, or returns -1. */
static int match_field(const char *text, size_t pos, size_t limit, size_t *length)
{
    size_t i, k, n;

    for (i = 0; i < FIELD_COUNT; i++) {
        n = strlen(field_names[i]);
        if (limit - pos < n + 2)
            continue;
        for (k = 0; k < n && ascii_lower(text[pos + k]) == field_names[i][k]; k++)
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

/* --- Parser --------------------------------------------------------------- */

static const struct token *peek(const struct translator *t)
{
    return &t->tokens[t->current];
}

static void advance(struct translator *t)
{
    if (t->tokens[t->current].kind != TOKEN_END)
        t->current++;
}

static int begins_primary(enum token_kind kind)
{
    return kind == TOKEN_WORD || kind == TOKEN_PHRASE || kind == TOKEN_OPEN
        || kind == TOKEN_FIELD || kind == TOKEN_NEAR;
}

static int begins_unary(enum token_kind kind)
{
    return begins_primary(kind) || kind == TOKEN_NOT || kind == TOKEN_MINUS;
}

/* Reports an operator at tokens[index] with nothing on one side, quoting
 * it with its neighbours. */
static int fail_operator(struct translator *t, size_t index, const char *message)
{
    size_t start = index > 0 ? t->tokens[index - 1].start : t->tokens[index].start;
    size_t end = t->tokens[index + 1].kind != TOKEN_END ? t->tokens[index + 1].end
                                                        : t->tokens[index].end;
    return fail_at(t, message, start, end, 0,
                   " (to search for the word, write it in lowercase)");
}

static size_t new_node(struct translator *t, enum node_kind kind, size_t start, size_t end)
{
    struct node *node;

    if (t->node_count == t->node_capacity) {
        size_t capacity = t->node_capacity ? t->node_capacity * 2 : 64;
        struct node *nodes;
        if (capacity > SIZE_MAX / sizeof *nodes
            || !(nodes = realloc(t->nodes, capacity * sizeof *nodes))) {
            fail_out_of_memory(t);
            return NONE;
        }
        t->nodes = nodes;
        t->node_capacity = capacity;
    }
    node = &t->nodes[t->node_count];
    memset(node, 0, sizeof *node);
    node->kind = kind;
    node->start = start;
    node->end = end;
    node->distance = -1;
    node->first = node->last = node->next = node->only = NONE;
    return t->node_count++;
}

static void add_child(struct translator *t, size_t parent, size_t child)
{
    struct node *p = &t->nodes[parent];

    if (p->first == NONE)
        p->first = child;
    else
        t->nodes[p->last].next = child;
    p->last = child;
    if (t->nodes[child].end > p->end)
        p->end = t->nodes[child].end;
}

/* Adds `child` to `parent`; a child of the same kind (a parenthesised AND
 * in an AND, an OR in an OR) gives its children instead, which keeps the
 * expression flat and FTS5's parser stack shallow. */
static void add_operand(struct translator *t, size_t parent, size_t child)
{
    struct node *p = &t->nodes[parent], *c = &t->nodes[child];

    if (c->kind != p->kind || c->negated || c->first == NONE) {
        add_child(t, parent, child);
        return;
    }
    if (p->first == NONE)
        p->first = c->first;
    else
        t->nodes[p->last].next = c->first;
    p->last = c->last;
    if (c->end > p->end)
        p->end = c->end;
    c->first = c->last = NONE;
}

static int parse_sequence(struct translator *t, int depth, size_t *out);

static int parse_near(struct translator *t, size_t *out)
{
    const struct token *near = peek(t), *token;
    size_t node, child;
    long distance;
    size_t i;

    if (near->unclosed)
        return fail_at(t, "NEAR( needs a closing parenthesis: ", near->start, near->end,
                       0, "");
    node = new_node(t, NODE_NEAR, near->start, near->end);
    if (node == NONE)
        return -1;
    advance(t);
    for (;;) {
        token = peek(t);
        if (token->kind == TOKEN_WORD || token->kind == TOKEN_PHRASE) {
            child = new_node(t, NODE_TERM, token->start, token->end);
            if (child == NONE)
                return -1;
            t->nodes[child].text_start = token->text_start;
            t->nodes[child].text_end = token->text_end;
            t->nodes[child].phrase = token->kind == TOKEN_PHRASE;
            t->nodes[child].prefix = token->prefix;
            add_child(t, node, child);
        } else if (token->kind == TOKEN_DISTANCE) {
            distance = 0;
            for (i = token->text_start; i < token->text_end; i++) {
                char c = t->text.data[i];
                if (c < '0' || c > '9' || distance > DEFCON_QUERY_MAX_NEAR_DISTANCE)
                    break;
                distance = distance * 10 + (c - '0');
            }
            if (i == token->text_start || i < token->text_end
                || distance > DEFCON_QUERY_MAX_NEAR_DISTANCE) {
                char before[100];
                snprintf(before, sizeof before,
                         "the NEAR distance must be a whole number from 0 to %d, not ",
                         DEFCON_QUERY_MAX_NEAR_DISTANCE);
                return fail_at(t, before, token->text_start, token->text_end, 0, "");
            }
            t->nodes[node].distance = distance;
        } else if (token->kind == TOKEN_CLOSE) {
            break;
        } else {
            return fail_at(t, "NEAR(...) takes only words and phrases, not ", token->start,
                           token->end, 0, "");
        }
        advance(t);
    }
    advance(t);
    if (t->nodes[node].first == NONE)
        return fail_at(t, "NEAR( needs words or phrases inside: ", near->start, near->end,
                       0, "");
    *out = node;
    return 0;
}

static int fail_too_deep(struct translator *t, const struct token *token)
{
    char before[100];

    snprintf(before, sizeof before,
             "the query nests parentheses and field filters more than %d deep: ",
             DEFCON_QUERY_MAX_DEPTH);
    return fail_at(t, before, token->start, t->text.len, 0, "");
}

/* primary: word | "phrase" | ( sequence ) | field:primary | NEAR(...) */
static int parse_primary(struct translator *t, int depth, size_t *out)
{
    const struct token *token = peek(t);
    size_t open = t->current, node = NONE, child = NONE;

    switch (token->kind) {
    case TOKEN_WORD:
    case TOKEN_PHRASE:
        node = new_node(t, NODE_TERM, token->start, token->end);
        if (node == NONE)
            return -1;
        t->nodes[node].text_start = token->text_start;
        t->nodes[node].text_end = token->text_end;
        t->nodes[node].phrase = token->kind == TOKEN_PHRASE;
        t->nodes[node].prefix = token->prefix;
        advance(t);
        *out = node;
        return 0;
    case TOKEN_OPEN:
        if (depth >= DEFCON_QUERY_MAX_DEPTH)
            return fail_too_deep(t, token);
        advance(t);
        if (parse_sequence(t, depth + 1, &node) != 0)
            return -1;
        if (peek(t)->kind != TOKEN_CLOSE)
            return fail_at(t, "unbalanced parentheses: ", t->tokens[open].start,
                           t->text.len, 0, " is never closed");
        if (node == NONE)
            return fail_at(t, "empty parentheses: ", t->tokens[open].start,
                           peek(t)->end, 0, "");
        t->nodes[node].start = t->tokens[open].start;
        t->nodes[node].end = peek(t)->end;
        advance(t);
        *out = node;
        return 0;
    case TOKEN_FIELD:
        if (depth >= DEFCON_QUERY_MAX_DEPTH)
            return fail_too_deep(t, token);
        node = new_node(t, NODE_FIELD, token->start, token->end);
        if (node == NONE)
            return -1;
        t->nodes[node].field = token->field;
        advance(t);
        if (parse_primary(t, depth + 1, &child) != 0)
            return -1;
        add_child(t, node, child);
        *out = node;
        return 0;
    case TOKEN_NEAR:
        return parse_near(t, out);
    default:
        return fail_at(t, "expected a word or phrase, not ", token->start, token->end, 0, "");
    }
}

/* unary: NOT primary | -primary | primary */
static int parse_unary(struct translator *t, int depth, size_t *out)
{
    const struct token *token = peek(t);
    size_t operator_index = t->current, start = token->start;
    int negated = token->kind == TOKEN_NOT || token->kind == TOKEN_MINUS;

    if (negated) {
        advance(t);
        if (!begins_primary(peek(t)->kind))
            return fail_operator(t, operator_index, "NOT needs a term after it: ");
    }
    if (parse_primary(t, depth, out) != 0)
        return -1;
    if (negated) {
        t->nodes[*out].negated = 1;
        t->nodes[*out].start = start;
    }
    return 0;
}

/* alternative: unary { OR unary } -- OR binds tighter than AND. */
static int parse_alternative(struct translator *t, int depth, size_t *out)
{
    size_t first = NONE, node, operand = NONE, operator_index;

    if (parse_unary(t, depth, &first) != 0)
        return -1;
    if (peek(t)->kind != TOKEN_OR) {
        *out = first;
        return 0;
    }
    node = new_node(t, NODE_OR, t->nodes[first].start, t->nodes[first].end);
    if (node == NONE)
        return -1;
    add_operand(t, node, first);
    while (peek(t)->kind == TOKEN_OR) {
        operator_index = t->current;
        advance(t);
        if (!begins_unary(peek(t)->kind))
            return fail_operator(t, operator_index, "OR needs a term on its right: ");
        if (parse_unary(t, depth, &operand) != 0)
            return -1;
        add_operand(t, node, operand);
    }
    *out = node;
    return 0;
}

/* sequence: alternative { [AND] alternative }, up to ")" or the end.
 * Sets *out to NONE when there is nothing before that. */
static int parse_sequence(struct translator *t, int depth, size_t *out)
{
    size_t node, child = NONE, first, operator_index;

    node = new_node(t, NODE_AND, peek(t)->start, peek(t)->start);
    if (node == NONE)
        return -1;
    for (;;) {
        enum token_kind kind = peek(t)->kind;
        if (kind == TOKEN_END || kind == TOKEN_CLOSE)
            break;
        if (kind == TOKEN_OR)
            return fail_operator(t, t->current, "OR needs a term on its left: ");
        if (kind == TOKEN_AND) {
            operator_index = t->current;
            if (t->nodes[node].first == NONE)
                return fail_operator(t, operator_index, "AND needs a term on its left: ");
            advance(t);
            if (!begins_unary(peek(t)->kind))
                return fail_operator(t, operator_index, "AND needs a term on its right: ");
            continue;
        }
        if (parse_alternative(t, depth, &child) != 0)
            return -1;
        add_operand(t, node, child);
    }
    /* A lone term stands for itself, unless the AND must say it is negated. */
    first = t->nodes[node].first;
    if (first == NONE)
        *out = NONE;
    else if (first == t->nodes[node].last && !t->nodes[first].negated)
        *out = first;
    else
        *out = node;
    return 0;
}

/* --- Simplification and output -------------------------------------------- */

static int fail_negated_group(struct translator *t, size_t index)
{
    return fail_at(t, "a group needs at least one word that is not negated: ",
                   t->nodes[index].start, t->nodes[index].end, 0, "");
}

/* Sets the shape of a node and its children, and rejects what FTS5 cannot
 * search: a group of negations, a negated side of OR. */
static int shape_node(struct translator *t, size_t index)
{
    struct node *node = &t->nodes[index];
    size_t child, last_positive = NONE;
    const struct node *c = NULL;

    switch (node->kind) {
    case NODE_TERM:
        node->shape = has_word_character(t->text.data, node->text_start, node->text_end)
                          ? SHAPE_ATOM : SHAPE_EMPTY;
        return 0;
    case NODE_NEAR:
        for (child = node->first; child != NONE; child = t->nodes[child].next) {
            shape_node(t, child);
            if (t->nodes[child].shape != SHAPE_EMPTY) {
                node->positives++;
                last_positive = child;
            }
        }
        node->only = node->positives == 1 ? last_positive : NONE;
        node->shape = node->positives ? SHAPE_ATOM : SHAPE_EMPTY;
        return 0;
    case NODE_FIELD:
        if (shape_node(t, node->first) != 0)
            return -1;
        c = &t->nodes[node->first];
        if (c->shape == SHAPE_NEGATED_ONLY)
            return fail_negated_group(t, node->first);
        node->shape = c->shape == SHAPE_EMPTY ? SHAPE_EMPTY : SHAPE_FIELD;
        return 0;
    case NODE_OR:
    case NODE_AND:
        for (child = node->first; child != NONE; child = c->next) {
            if (shape_node(t, child) != 0)
                return -1;
            c = &t->nodes[child];
            if (c->shape == SHAPE_EMPTY)
                continue;
            if (c->shape == SHAPE_NEGATED_ONLY)
                return fail_negated_group(t, child);
            if (c->negated && node->kind == NODE_OR)
                return fail_at(t, "a side of OR cannot be negated: ", c->start, c->end, 0,
                               " (to exclude both sides, write -(a OR b))");
            if (c->negated) {
                node->negatives++;
            } else {
                node->positives++;
                last_positive = child;
            }
        }
        if (node->positives == 0)
            node->shape = node->negatives ? SHAPE_NEGATED_ONLY : SHAPE_EMPTY;
        else if (node->positives == 1 && node->negatives == 0) {
            node->only = last_positive;
            node->shape = t->nodes[last_positive].shape;
        } else if (node->negatives > 0)
            node->shape = SHAPE_NOT;
        else
            node->shape = node->kind == NODE_OR ? SHAPE_OR : SHAPE_AND;
        return 0;
    }
    return 0;
}

static int put(struct translator *t, defcon_buffer *out, const char *text)
{
    return defcon_buffer_puts(out, text) == 0 ? 0 : fail_out_of_memory(t);
}

/* Writes text[start, end) as an FTS5 string: in double quotes, with each
 * double quote doubled. */
static int put_string(struct translator *t, defcon_buffer *out, const char *text,
                      size_t start, size_t end)
{
    size_t run = start;

    if (defcon_buffer_putc(out, '"') != 0)
        return fail_out_of_memory(t);
    for (; start < end; start++) {
        if (text[start] != '"')
            continue;
        if (defcon_buffer_append(out, text + run, start + 1 - run) != 0)
            return fail_out_of_memory(t);
        run = start;
    }
    if (defcon_buffer_append(out, text + run, end - run) != 0
        || defcon_buffer_putc(out, '"') != 0)
        return fail_out_of_memory(t);
    return 0;
}

/* Whether a stem from the expander can go into the expression: valid
 * UTF-8 without control characters, holding a character of a token. */
static int is_usable_stem(const char *stem, size_t length)
{
    const unsigned char *s = (const unsigned char *)stem;
    size_t i = 0, n;
    uint32_t c;

    while (i < length) {
        n = utf8_decode(s + i, length - i, &c);
        if (n == 0 || c < 0x20 || c == 0x7F)
            return 0;
        i += n;
    }
    return has_word_character(stem, 0, length);
}

/* Writes a word or phrase; a prefix word with `expand` also gets the stems
 * from the expander: ("sanitiz"* OR "sanit"). */
static int emit_term(struct translator *t, size_t index, int expand, defcon_buffer *out)
{
    const struct node *term = &t->nodes[index];
    const char *text = t->text.data, *stem, *stems_end = NULL, *stem_end;
    size_t usable = 0;

    if (expand && term->prefix && !term->phrase && t->expander) {
        defcon_buffer_clear(&t->prefix);
        defcon_buffer_clear(&t->stems);
        if (defcon_buffer_append(&t->prefix, text + term->text_start,
                                 term->text_end - term->text_start) != 0)
            return fail_out_of_memory(t);
        if (t->expander(t->expander_context, defcon_buffer_cstr(&t->prefix), &t->stems) != 0)
            return fail_at(t, "could not expand prefix ", term->start, term->end, 0, "");
        stems_end = defcon_buffer_cstr(&t->stems) + t->stems.len;
        for (stem = defcon_buffer_cstr(&t->stems); stem < stems_end; stem = stem_end + 1) {
            stem_end = memchr(stem, '\0', (size_t)(stems_end - stem));
            if (!stem_end)
                stem_end = stems_end;
            usable += is_usable_stem(stem, (size_t)(stem_end - stem));
        }
    }
    if (usable && put(t, out, "(") != 0)
        return -1;
    if (put_string(t, out, text, term->text_start, term->text_end) != 0
        || (term->prefix && put(t, out, "*") != 0))
        return -1;
    if (!usable)
        return 0;
    for (stem = defcon_buffer_cstr(&t->stems); stem < stems_end; stem = stem_end + 1) {
        stem_end = memchr(stem, '\0', (size_t)(stems_end - stem));
        if (!stem_end)
            stem_end = stems_end;
        if (!is_usable_stem(stem, (size_t)(stem_end - stem)))
            continue;
        if (put(t, out, " OR ") != 0
            || put_string(t, out, stem, 0, (size_t)(stem_end - stem)) != 0)
            return -1;
    }
    return put(t, out, ")");
}

static int emit_node(struct translator *t, size_t index, defcon_buffer *out);

/* Writes a child node, in parentheses unless it is one unit; after a
 * field's colon, another field needs them too. */
static int emit_operand(struct translator *t, size_t index, int after_colon,
                        defcon_buffer *out)
{
    enum shape shape = t->nodes[index].shape;
    int wrap = shape == SHAPE_AND || shape == SHAPE_OR || shape == SHAPE_NOT
        || (after_colon && shape == SHAPE_FIELD);

    if ((wrap && put(t, out, "(") != 0) || emit_node(t, index, out) != 0
        || (wrap && put(t, out, ")") != 0))
        return -1;
    return 0;
}

/* Writes the non-empty children of one sign, joined by `separator`, in
 * parentheses if there is more than one and `group` is set. */
static int emit_children(struct translator *t, size_t index, int negated,
                         const char *separator, int group, defcon_buffer *out)
{
    const struct node *node = &t->nodes[index];
    size_t count = negated ? node->negatives : node->positives, child, written = 0;

    group = group && count > 1;
    if (group && put(t, out, "(") != 0)
        return -1;
    for (child = node->first; child != NONE; child = t->nodes[child].next) {
        if (t->nodes[child].shape == SHAPE_EMPTY || t->nodes[child].negated != negated)
            continue;
        if ((written++ > 0 && put(t, out, separator) != 0)
            || emit_operand(t, child, 0, out) != 0)
            return -1;
    }
    return group ? put(t, out, ")") : 0;
}

/* Writes a node that is not empty, without parentheses around it. */
static int emit_node(struct translator *t, size_t index, defcon_buffer *out)
{
    const struct node *node = &t->nodes[index];
    size_t child, written = 0;

    switch (node->kind) {
    case NODE_TERM:
        return emit_term(t, index, 1, out);
    case NODE_NEAR:
        if (node->only != NONE)
            return emit_term(t, node->only, 0, out);
        if (put(t, out, "NEAR(") != 0)
            return -1;
        for (child = node->first; child != NONE; child = t->nodes[child].next) {
            if (t->nodes[child].shape == SHAPE_EMPTY)
                continue;
            if ((written++ > 0 && put(t, out, " ") != 0) || emit_term(t, child, 0, out) != 0)
                return -1;
        }
        if (node->distance >= 0 && defcon_buffer_printf(out, ", %ld", node->distance) != 0)
            return fail_out_of_memory(t);
        return put(t, out, ")");
    case NODE_FIELD:
        if (put(t, out, field_names[node->field]) != 0 || put(t, out, ":") != 0)
            return -1;
        return emit_operand(t, node->first, 1, out);
    case NODE_OR:
    case NODE_AND:
        if (node->only != NONE)
            return emit_node(t, node->only, out);
        if (node->negatives == 0)
            return emit_children(t, index, 0, node->kind == NODE_OR ? " OR " : " AND ", 0,
                                 out);
        /* FTS5's NOT is binary: (positives) NOT (negatives ORed). */
        if (emit_children(t, index, 0, " AND ", 1, out) != 0 || put(t, out, " NOT ") != 0)
            return -1;
        return emit_children(t, index, 1, " OR ", 1, out);
    }
    return 0;
}

/* Appends the words of a non-empty, positive node to `words`. */
static int collect_words(struct translator *t, size_t index, defcon_buffer *words)
{
    const struct node *node = &t->nodes[index];
    const char *text = t->text.data;
    size_t child, start, end;

    if (node->shape == SHAPE_EMPTY)
        return 0;
    switch (node->kind) {
    case NODE_TERM:
        if (node->prefix)
            return 0;
        for (start = node->text_start; start < node->text_end; start = end) {
            end = start;
            while (end < node->text_end && (text[end] != ' ' || !node->phrase))
                end++;
            if (has_word_character(text, start, end)
                && (defcon_buffer_append(words, text + start, end - start) != 0
                    || defcon_buffer_putc(words, '\0') != 0))
                return fail_out_of_memory(t);
            while (end < node->text_end && text[end] == ' ')
                end++;
        }
        return 0;
    case NODE_FIELD:
        return collect_words(t, node->first, words);
    case NODE_NEAR:
    case NODE_OR:
    case NODE_AND:
        for (child = node->first; child != NONE; child = t->nodes[child].next)
            if (!t->nodes[child].negated && collect_words(t, child, words) != 0)
                return -1;
        return 0;
    }
    return 0;
}

/* --- Driver --------------------------------------------------------------- */

/* Cleans, lexes and parses `query`; *root is NONE for a query with no
 * terms at all. Returns 0, or -1 with the error recorded. */
static int translator_start(struct translator *t, const char *query, char *error,
                            size_t error_size, size_t *root)
{
    memset(t, 0, sizeof *t);
    t->error = error;
    t->error_size = error_size;
    if (error && error_size > 0)
        error[0] = '\0';
    *root = NONE;
    if (clean_query(query ? query : "", &t->text) != 0 || !t->text.data)
        return fail_out_of_memory(t);
    if (lex_span(t, 0, t->text.len, 0) == NONE
        || !push_token(t, TOKEN_END, t->text.len, t->text.len))
        return -1;
    if (parse_sequence(t, 0, root) != 0)
        return -1;
    if (peek(t)->kind == TOKEN_CLOSE)
        return fail_at(t, "unbalanced parentheses: ", 0, peek(t)->end, 1,
                       " closes a parenthesis that was never opened");
    if (*root != NONE && shape_node(t, *root) != 0)
        return -1;
    return 0;
}

static void translator_finish(struct translator *t)
{
    defcon_buffer_free(&t->text);
    defcon_buffer_free(&t->prefix);
    defcon_buffer_free(&t->stems);
    free(t->tokens);
    free(t->nodes);
}

defcon_query_status defcon_query_translate(const char *query,
                                           defcon_prefix_expander expander,
                                           void *expander_context,
                                           defcon_buffer *expression,
                                           char *error, size_t error_size)
{
    struct translator t;
    size_t root;
    defcon_query_status status = DEFCON_QUERY_ERROR;

    defcon_buffer_clear(expression);
    if (translator_start(&t, query, error, error_size, &root) == 0) {
        t.expander = expander;
        t.expander_context = expander_context;
        if (root == NONE || t.nodes[root].shape == SHAPE_EMPTY) {
            fail_at(&t, "nothing to search for: ", 0, t.text.len, 0, "");
            status = DEFCON_QUERY_EMPTY;
        } else if (t.nodes[root].shape == SHAPE_NEGATED_ONLY) {
            fail_at(&t, "a query needs at least one word that is not negated: ", 0,
                    t.text.len, 0, "");
        } else if (emit_node(&t, root, expression) == 0) {
            status = DEFCON_QUERY_OK;
        }
    }
    if (status != DEFCON_QUERY_OK)
        defcon_buffer_clear(expression);
    translator_finish(&t);
    return status;
}

int defcon_query_words(const char *query, defcon_buffer *words)
{
    struct translator t;
    size_t root, length = words->len;
    int rc = 0;

    if (translator_start(&t, query, NULL, 0, &root) == 0 && root != NONE
        && t.nodes[root].shape != SHAPE_NEGATED_ONLY)
        rc = collect_words(&t, root, words);
    if (t.out_of_memory || rc != 0) {
        rc = -1;
        words->len = length;
        if (words->data)
            words->data[length] = '\0';
    }
    translator_finish(&t);
    return rc;
}

/* ---- the phrases of an expression ---- */

/* Deep enough for DEFCON_QUERY_MAX_DEPTH levels of parentheses and
 * filters, with the search's own wrapping around them. */
#define MAX_PHRASE_NESTING 64

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int defcon_query_phrases(const char *expression, size_t len, defcon_phrase_visitor visit,
                         void *context)
{
    defcon_buffer text = DEFCON_BUFFER_INIT;
    int narrowed[MAX_PHRASE_NESTING + 1];
    int depth = 0, pending = -1, rc = 0;    /* pending: a filter before the next item */
    size_t i = 0;

    narrowed[0] = 0;
    while (rc == 0 && i < len) {
        char c = expression[i];
        if (c == ' ') {
            i++;
        } else if (c == '"') {
            int prefix = 0;
            defcon_buffer_clear(&text);
            for (i++; rc == 0; i++) {
                if (i >= len) {
                    rc = -1;       /* unterminated: not one of ours */
                } else if (expression[i] == '"' && i + 1 < len && expression[i + 1] == '"') {
                    rc = defcon_buffer_putc(&text, '"');
                    i++;
                } else if (expression[i] == '"') {
                    break;
                } else {
                    rc = defcon_buffer_putc(&text, expression[i]);
                }
            }
            if (rc != 0)
                break;
            i++;
            if (i < len && expression[i] == '*') {
                prefix = 1;
                i++;
            }
            rc = visit(context, defcon_buffer_cstr(&text), text.len, prefix,
                       pending == 1 || narrowed[depth]) ? 1 : 0;
            pending = -1;
        } else if (c == '(') {
            if (depth == MAX_PHRASE_NESTING) {
                rc = -1;
                break;
            }
            depth++;
            narrowed[depth] = pending == 1 || narrowed[depth - 1];
            pending = -1;
            i++;
        } else if (c == ')') {
            if (depth == 0) {
                rc = -1;
                break;
            }
            depth--;
            i++;
        } else if (c == '{' || is_name_char(c)) {
            /* A column filter ("{title body} :", "title:"), an operator or
             * NEAR's distance. Only {title body} leaves every column of
             * the search's words. */
            size_t start = i, end;
            int wide;
            if (c == '{') {
                while (i < len && expression[i] != '}')
                    i++;
                if (i == len) {
                    rc = -1;
                    break;
                }
                end = ++i;
                wide = end - start == 12 && memcmp(expression + start, "{title body}", 12) == 0;
            } else {
                while (i < len && is_name_char(expression[i]))
                    i++;
                end = i;
                wide = 0;
            }
            while (i < len && expression[i] == ' ')
                i++;
            if (i < len && expression[i] == ':') {
                pending = wide ? 0 : 1;
                i++;
            } else if (c == '{') {
                rc = -1;
            } else if (!(end - start == 4 && memcmp(expression + start, "NEAR", 4) == 0)) {
                pending = -1;      /* AND, OR, NOT, a distance */
            }
        } else if (c == ',') {
            i++;
        } else {
            rc = -1;               /* FTS5 syntax we never write (+, ^, ...) */
        }
    }
    defcon_buffer_free(&text);
    if (rc == 0 && depth != 0)
        rc = -1;                   /* unbalanced */
    return rc < 0 ? -1 : 0;
}

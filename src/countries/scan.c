/*
 * scan.c - cuts an article's text into words for the country matcher.
 *
 * One pass, one byte-class lookup a byte (the classes are generated with
 * the tables): each word keeps its shape, the kind of gap before it (a
 * space, punctuation, a sentence's end, a blank line, which starts a new
 * block) and its position. Dotted abbreviations ("U.S.", "N.J.") are one
 * word. When the matcher asks, lower-case words that cannot start a
 * country term are passed over in a tight loop, which is where most text
 * goes.
 */
#include "scan.h"

#include <string.h>

/* The length of the UTF-8 punctuation character at p (Latin-1 symbols
 * U+0080-U+00BF such as the no-break space and guillemets, general
 * punctuation U+2000-U+206F such as curly quotes and dashes, CJK
 * punctuation U+3000-U+303F), or 0 when p starts a letter. Mirrors
 * is_word_byte() in gen_country_table.py. */
static size_t utf8_punctuation_length(const unsigned char *p, size_t left)
{
    if (p[0] == 0xC2 && left >= 2)
        return 2;
    if (left >= 3 && ((p[0] == 0xE2 && (p[1] == 0x80 || p[1] == 0x81))
                      || (p[0] == 0xE3 && p[1] == 0x80)))
        return 3;
    return 0;
}

/* Headline case: no word of four or more letters starts with a lower-case
 * letter, as in Reuters' all-caps titles or Title Case headlines. There
 * capitals say nothing about names, so the rules that read them are off.
 * Looks from pos to the end of the block; most blocks answer at once. */
int defcon_block_is_headline(const unsigned char *text, size_t len, size_t pos)
{
    int newlines = 0;

    while (pos < len) {
        unsigned char cls = defcon_country_byte_class[text[pos]];
        if (cls & BYTE_LOWER) {
            size_t start = pos;
            while (pos < len && (defcon_country_byte_class[text[pos]] & (BYTE_LOWER | BYTE_UPPER)))
                pos++;
            if (pos - start >= 4
                && (start == 0 || !(defcon_country_byte_class[text[start - 1]] & BYTE_WORD)))
                return 0;
            newlines = 0;
            continue;
        }
        if (cls & BYTE_NEWLINE) {
            if (++newlines >= 2)
                break;
        } else if (!(cls & BYTE_TIGHT) || text[pos] == '-' || text[pos] == '\'') {
            newlines = 0;
        }
        pos++;
    }
    return 1;
}

void defcon_scanner_start(struct scanner *s, const char *text, size_t len, int block,
                          size_t ordinal)
{
    s->text = (const unsigned char *)text;
    s->len = len;
    s->pos = 0;
    s->ordinal = ordinal;
    s->block = block;
    s->block_start = 0;
    s->at_start = 1;
    s->after_short_capital = 0;
}

/* Skips the separators before the next word and classifies them; a blank
 * line starts a new block. A dot right after a short capitalized word
 * ("St. Louis", "Inc. said") is taken for an abbreviation, not the end
 * of a sentence. Returns 0 at the end of the text. */
static int scanner_skip_gap(struct scanner *s, int *gap)
{
    const unsigned char *t = s->text;
    size_t begin = s->pos;
    int newlines = 0, worst = GAP_TIGHT;

    /* Most words are followed by one space and a plain word. */
    if (s->pos + 1 < s->len && t[s->pos] == ' '
        && (defcon_country_byte_class[t[s->pos + 1]] & (BYTE_LOWER | BYTE_UPPER | BYTE_DIGIT))
        && !s->at_start) {
        s->pos++;
        *gap = GAP_TIGHT;
        return 1;
    }
    while (s->pos < s->len) {
        unsigned char c = t[s->pos], cls = defcon_country_byte_class[c];
        if (cls & BYTE_WORD) {
            size_t skip = (cls & BYTE_HIGH) ? utf8_punctuation_length(t + s->pos, s->len - s->pos)
                                            : 0;
            if (skip == 0)
                break;
            if (worst < GAP_PUNCT)
                worst = GAP_PUNCT;
            newlines = 0;
            s->pos += skip;
            continue;
        }
        if (cls & BYTE_NEWLINE) {
            if (++newlines == 2 && worst != GAP_BLOCK) {
                worst = GAP_BLOCK;
                s->block++;
                s->block_start = s->pos;
            }
        } else if (cls & BYTE_TIGHT) {
            if (c == '-' || c == '\'')
                newlines = 0;
        } else {
            int kind = GAP_PUNCT;
            if ((cls & BYTE_STOP) && !(c == '.' && s->pos == begin && s->after_short_capital))
                kind = GAP_SENTENCE;
            if (kind > worst)
                worst = kind;
            newlines = 0;
        }
        s->pos++;
    }
    *gap = s->at_start ? GAP_BLOCK : worst;
    return s->pos < s->len;
}

/* Passes over lower-case words that cannot start a term, in a tight
 * loop, and stops before the next word that may (or at the end). The last
 * word passed over is written to *skipped and *skipped_any set to 1.
 * Returns 0 at the end of the text, with *gap the separators before the
 * word it stopped at otherwise. */
static int scanner_skip_lower_words(struct scanner *s, int *gap, struct word *skipped,
                                    int *skipped_any)
{
    const unsigned char *t = s->text;
    size_t start, i, last_start = 0, last_len = 0, last_ordinal = 0;
    int last_gap = 0, any = 0, found;

    for (;;) {
        found = scanner_skip_gap(s, gap);
        if (!found)
            break;
        s->at_start = 0;
        start = i = s->pos;
        if (skipped == NULL || !(defcon_country_byte_class[t[start]] & BYTE_LOWER)
            || (i + 1 < s->len && t[i + 1] == '.'))
            break;
        for (i++; i < s->len; i++) {
            unsigned char cls = defcon_country_byte_class[t[i]];
            if (!(cls & BYTE_WORD)
                || ((cls & BYTE_HIGH) && utf8_punctuation_length(t + i, s->len - i)))
                break;
        }
        if (country_lower_word_may_start_term(t[start], i - start)) {
            s->pos = start;
            break;
        }
        last_start = start;
        last_len = i - start;
        last_gap = *gap;
        last_ordinal = s->ordinal++;
        any = 1;
        s->pos = i;
        s->after_short_capital = 0;
    }
    if (any) {
        skipped->start = t + last_start;
        skipped->len = last_len;
        skipped->shape = SHAPE_LOWER;
        skipped->gap = (unsigned char)last_gap;
        skipped->dotted = 0;
        skipped->block = s->block;
        skipped->block_start = s->block_start;
        skipped->ordinal = last_ordinal;
        *skipped_any = 1;
    }
    return found;
}

/* Where the word starting at `start` ends: a dotted abbreviation is single
 * letters each followed by a dot, the last dot optional ("U.S." and "U.S"
 * alike). Sets *dotted, and *seen to the classes of its bytes after the
 * first. */
static size_t scanner_word_end(const struct scanner *s, size_t start, int *dotted,
                               unsigned char *seen)
{
    const unsigned char *t = s->text;
    size_t i = start;

    *seen = 0;
    *dotted = 0;
    if ((defcon_country_byte_class[t[i]] & (BYTE_LOWER | BYTE_UPPER)) && i + 1 < s->len
        && t[i + 1] == '.') {
        *dotted = 1;
        i += 2;
        while (i < s->len && (defcon_country_byte_class[t[i]] & (BYTE_LOWER | BYTE_UPPER))
               && !(i + 1 < s->len && (defcon_country_byte_class[t[i + 1]] & BYTE_WORD))) {
            *seen |= defcon_country_byte_class[t[i]];
            i++;
            if (i < s->len && t[i] == '.')
                i++;
            else
                break;
        }
        return i;
    }
    for (i++; i < s->len; i++) {
        unsigned char cls = defcon_country_byte_class[t[i]];
        if (!(cls & BYTE_WORD)
            || ((cls & BYTE_HIGH) && utf8_punctuation_length(t + i, s->len - i)))
            break;
        *seen |= cls;
    }
    return i;
}

int defcon_scanner_next(struct scanner *s, struct word *w, struct word *skipped,
                        int *skipped_any)
{
    const unsigned char *t = s->text;
    size_t start;
    unsigned char first, seen;
    int gap, dotted;

    if (!scanner_skip_lower_words(s, &gap, skipped, skipped_any))
        return 0;
    start = s->pos;
    first = defcon_country_byte_class[t[start]];
    s->pos = scanner_word_end(s, start, &dotted, &seen);
    w->dotted = (unsigned char)dotted;
    w->start = t + start;
    w->len = s->pos - start;
    if (first & BYTE_LOWER)
        w->shape = SHAPE_LOWER;
    else if (first & BYTE_UPPER)
        w->shape = (seen & BYTE_LOWER) || (w->len == 1) ? SHAPE_CAPITALIZED : SHAPE_UPPER;
    else if (t[start] == 0xC3 && start + 1 < s->len)
        w->shape = t[start + 1] < 0x9F ? SHAPE_CAPITALIZED : SHAPE_LOWER;
    else if (first & BYTE_HIGH)
        w->shape = SHAPE_CAPITALIZED;
    else
        w->shape = SHAPE_OTHER;
    s->after_short_capital = !dotted && w->len <= 3 && (first & BYTE_UPPER);
    w->gap = (unsigned char)gap;
    w->block_start = s->block_start;
    w->block = s->block;
    w->ordinal = s->ordinal++;
    return 1;
}

/* The key a word is looked up by: ASCII lower case, and a dotted
 * abbreviation always ending in a dot. Returns its length, or 0 when it
 * is too long to be in the table. */
size_t defcon_word_key(const struct word *w, char key[COUNTRY_WORD_MAX + 1])
{
    size_t i;

    if (w->len + w->dotted > COUNTRY_WORD_MAX)
        return 0;
    for (i = 0; i < w->len; i++)
        key[i] = defcon_ascii_lower(w->start[i]);
    if (w->dotted && key[i - 1] != '.')
        key[i++] = '.';
    key[i] = '\0';
    return i;
}

/* Whether the word is `len` bytes of `text` (a key: lower case), in any
 * case. */
int defcon_word_is(const struct word *w, const char *text, size_t len)
{
    size_t i;

    if (w->dotted) {
        char key[COUNTRY_WORD_MAX + 1];
        return defcon_word_key(w, key) == len && memcmp(key, text, len) == 0;
    }
    if (w->len != len)
        return 0;
    for (i = 0; i < len; i++)
        if (defcon_ascii_lower(w->start[i]) != text[i])
            return 0;
    return 1;
}

/*
 * defcon_level.c - the alert level an article assesses; see
 * defcon_level.h for the rule.
 *
 * The text is walked once: paragraphs, sentences, then the words of each
 * sentence (ASCII letters and digits; any other byte separates words),
 * folded to lower case into a small array. A sentence is first weighed
 * as a whole (its cues), then read for statements, which are kept in
 * text order; the heaviest, last of equals, is the article's.
 */
#include "defcon_level.h"

#include <string.h>

#include "ascii.h"

#define MAX_STATEMENTS 64
#define MAX_WORDS 256
#define WORD_BYTES 12      /* longer words are kept cut, with their length */

typedef struct word {
    char text[WORD_BYTES];
    size_t len;            /* the whole word's length */
} word;

typedef struct statement {
    int level;             /* 0: a colour alone the scheme does not place */
    defcon_colour colour;
    int weight;
    size_t paragraph;
    int colour_only;
} statement;

typedef struct scan {
    statement found[MAX_STATEMENTS];
    size_t count;
    size_t paragraph;
    word words[MAX_WORDS];
    size_t word_count;
} scan;

static const char *const colour_names[] = {NULL, "Blue", "Green", "Yellow", "Orange", "Red",
                                           "White"};
/* strlen() of each name, for the test of every word of a sentence. */
static const size_t colour_lengths[] = {0, sizeof "Blue" - 1, sizeof "Green" - 1,
                                        sizeof "Yellow" - 1, sizeof "Orange" - 1,
                                        sizeof "Red" - 1, sizeof "White" - 1};
_Static_assert(sizeof colour_lengths / sizeof colour_lengths[0]
                   == sizeof colour_names / sizeof colour_names[0],
               "a length for each colour name");

/* The levels the site's own texts pair with a colour (defcon_level.h). */
static int scheme_level(defcon_colour colour)
{
    return colour == DEFCON_COLOUR_BLUE ? 4 : colour == DEFCON_COLOUR_GREEN ? 5 : 0;
}

const char *defcon_colour_name(defcon_colour colour)
{
    return (size_t)colour < sizeof colour_names / sizeof colour_names[0] ? colour_names[colour]
                                                                         : NULL;
}

static int word_is(const word *w, const char *text)
{
    size_t len = strlen(text);
    return w->len == len && len < WORD_BYTES && memcmp(w->text, text, len) == 0;
}

static int word_in(const word *w, const char *const *list)
{
    for (; *list; list++)
        if (word_is(w, *list))
            return 1;
    return 0;
}

static defcon_colour word_colour(const word *w)
{
    size_t i;

    for (i = 1; i < sizeof colour_names / sizeof colour_names[0]; i++)
        if (w->len == colour_lengths[i]
            && strncmp(w->text + 1, colour_names[i] + 1, w->len - 1) == 0
            && w->text[0] == defcon_ascii_lower(colour_names[i][0]))
            return (defcon_colour)i;
    return DEFCON_COLOUR_NONE;
}

defcon_colour defcon_colour_parse(const char *name)
{
    word w;
    size_t i;

    w.len = strlen(name);
    for (i = 0; i < w.len && i + 1 < WORD_BYTES; i++)
        w.text[i] = defcon_ascii_lower(name[i]);
    w.text[i] = '\0';
    return word_colour(&w);
}

/* A digit from 1 to 5 alone, "3"; else 0. */
static int word_level(const word *w)
{
    return w->len == 1 && w->text[0] >= '1' && w->text[0] <= '5' ? w->text[0] - '0' : 0;
}

static int is_year(const word *w)
{
    return w->len == 4 && (memcmp(w->text, "19", 2) == 0 || memcmp(w->text, "20", 2) == 0)
           && defcon_ascii_is_digit(w->text[2]) && defcon_ascii_is_digit(w->text[3]);
}

/* Splits [start, end) into the scan's words. */
static void read_words(scan *s, const char *start, const char *end)
{
    const char *p = start;

    s->word_count = 0;
    while (p < end && s->word_count < MAX_WORDS) {
        word *w = &s->words[s->word_count];
        while (p < end && !defcon_ascii_is_alnum(*p))
            p++;
        if (p >= end)
            break;
        for (w->len = 0; p < end && defcon_ascii_is_alnum(*p); p++, w->len++)
            if (w->len + 1 < WORD_BYTES)
                w->text[w->len] = defcon_ascii_lower(*p);
        w->text[w->len < WORD_BYTES ? w->len : WORD_BYTES - 1] = '\0';
        s->word_count++;
    }
}

static const char *const history_words[] = {
    "military", "pentagon", "armed", "forces", "chiefs", "strategic", "crisis", "history",
    "historically", "historic", "during", "went", "if", "would", "could", "might", "unless",
    NULL};
static const char *const site_words[] = {"we", "our", "condition", "alert", "status",
                                         "assessment", "assess", "assesses", "assessed", NULL};
static const char *const change_words[] = {
    "remains", "remain", "stays", "stay", "raise", "raises", "raised", "raising", "lower",
    "lowers", "lowered", "lowering", "upgrade", "upgraded", "downgrade", "downgraded", "return",
    "returns", "returned", "revert", "reverts", "reverted", "now", "currently", "today", NULL};
static const char *const bulletin_words[] = {"defcon", "level", "condition", "code", "is",
                                             "alert", "status", NULL};

/* How much the sentence's words say it is the site's own assessment: 2,
 * 1, 0 for no cue, -1 for history or a hypothesis (defcon_level.h). */
static int sentence_weight(const scan *s)
{
    int weight = 0;
    size_t i;

    for (i = 0; i < s->word_count; i++) {
        const word *w = &s->words[i];
        if (word_in(w, history_words)
            || (word_is(w, "in") && i + 1 < s->word_count && is_year(&s->words[i + 1])))
            return -1;
        if (word_in(w, site_words)
            || (word_is(w, "defcon") && i + 1 < s->word_count && word_is(&s->words[i + 1], "warning")))
            weight = 2;
        else if (weight == 0 && word_in(w, change_words))
            weight = 1;
    }
    return weight;
}

/* A bare bulletin: nothing but level words ("DEFCON 4.", "Condition Blue."). */
static int is_bulletin(const scan *s)
{
    size_t i;

    for (i = 0; i < s->word_count; i++)
        if (!word_in(&s->words[i], bulletin_words) && !word_level(&s->words[i])
            && !word_colour(&s->words[i]))
            return 0;
    return s->word_count > 0;
}

static void add_statement(scan *s, int level, defcon_colour colour, int weight, int colour_only)
{
    statement *st;

    if (s->count == MAX_STATEMENTS)
        return;
    /* a colour that contradicts the site's scheme is not the site's */
    if (!colour_only && colour && scheme_level(colour) && scheme_level(colour) != level)
        colour = DEFCON_COLOUR_NONE;
    st = &s->found[s->count++];
    st->level = level;
    st->colour = colour;
    st->weight = weight + (!colour_only && colour ? 1 : 0);   /* both stated */
    st->paragraph = s->paragraph;
    st->colour_only = colour_only;
}

/* "DEFCON [level] N [colour]" at word i: returns the words it takes (0
 * for none) and adds the statement unless it follows "from". */
static size_t read_level(scan *s, size_t i, int weight)
{
    const word *w = &s->words[i];
    size_t j = i + 1;
    int level;

    if (w->len == 7 && memcmp(w->text, "defcon", 6) == 0) {
        level = w->text[6] >= '1' && w->text[6] <= '5' ? w->text[6] - '0' : 0;
        j = i;
    } else if (word_is(w, "defcon")) {
        if (j < s->word_count && word_is(&s->words[j], "level"))
            j++;
        level = j < s->word_count ? word_level(&s->words[j]) : 0;
    } else {
        return 0;
    }
    if (!level)
        return 0;
    j++;
    if (i == 0 || !word_is(&s->words[i - 1], "from"))
        add_statement(s, level, j < s->word_count ? word_colour(&s->words[j]) : DEFCON_COLOUR_NONE,
                      weight, 0);
    return j < s->word_count && word_colour(&s->words[j]) ? j + 1 - i : j - i;
}

/* A colour named as a condition at word i: "condition [code] is Blue". */
static void read_colour(scan *s, size_t i, int weight)
{
    static const char *const between[] = {"is", "at", "to", "remains", "remain", "stays",
                                          "now", "still", "of", NULL};
    static const char *const naming[] = {"condition", "code", "level", "status", NULL};
    defcon_colour colour = word_colour(&s->words[i]);
    size_t k = i;

    if (!colour)
        return;
    while (k > 0 && word_in(&s->words[k - 1], between))
        k--;
    if (k > 0 && word_in(&s->words[k - 1], naming))
        add_statement(s, scheme_level(colour), colour, weight, 1);
}

/* Whether a word of the sentence could start a statement: most sentences
 * have none, and are not weighed (the weighing costs most). */
static int has_candidate(const scan *s)
{
    size_t i;

    for (i = 0; i < s->word_count; i++) {
        const word *w = &s->words[i];
        if ((w->len == 6 || w->len == 7) && memcmp(w->text, "defcon", 6) == 0)
            return 1;
        if (w->len >= 3 && w->len <= 6 && word_colour(w))
            return 1;
    }
    return 0;
}

/* Whether the `len` bytes at `text` are `name`, ignoring ASCII case. */
static int same_folded(const char *text, size_t len, const char *name)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (defcon_ascii_lower(text[i]) != defcon_ascii_lower(name[i]))
            return 0;
    return 1;
}

/* The candidate a word could be, from its first letter: every candidate
 * ("defcon" and the colour names) starts with a letter of its own. 0 for
 * "defcon", the colour's index for a colour, -1 for none. */
static int candidate_of(char first)
{
    switch (defcon_ascii_lower(first)) {
    case 'd': return 0;
    case 'b': return DEFCON_COLOUR_BLUE;
    case 'g': return DEFCON_COLOUR_GREEN;
    case 'y': return DEFCON_COLOUR_YELLOW;
    case 'o': return DEFCON_COLOUR_ORANGE;
    case 'r': return DEFCON_COLOUR_RED;
    case 'w': return DEFCON_COLOUR_WHITE;
    default: return -1;
    }
}

/* Whether the word of `len` bytes at `first` could be a candidate, as
 * has_candidate() would judge it once folded. */
static int is_candidate(const char *first, size_t len)
{
    int candidate = candidate_of(first[0]);

    if (candidate == 0)
        return (len == 6 || len == 7) && same_folded(first, 6, "defcon");
    return candidate > 0 && len == colour_lengths[candidate]
           && same_folded(first, len, colour_names[candidate]);
}

/* The first word at or after `p` that could be a candidate, or NULL:
 * most text holds none, and is then never split into sentences. Words are
 * runs of ASCII letters and digits, which no sentence end splits. */
static const char *next_candidate(const char *p, const char *end)
{
    while (p < end) {
        const char *first;
        while (p < end && !defcon_ascii_is_alnum(*p))
            p++;
        for (first = p; p < end && defcon_ascii_is_alnum(*p); p++)
            ;
        if (p > first && is_candidate(first, (size_t)(p - first)))
            return first;
    }
    return NULL;
}

static void scan_sentence(scan *s, const char *start, const char *end, int is_title)
{
    int weight;
    size_t i, taken;

    read_words(s, start, end);
    if (!has_candidate(s))
        return;
    weight = sentence_weight(s);
    if (weight < 0)
        return;
    if (weight == 0 && (is_title || is_bulletin(s)))
        weight = 1;
    if (weight == 0)
        return;
    for (i = 0; i < s->word_count; i += taken ? taken : 1) {
        taken = read_level(s, i, weight);
        if (!taken)
            read_colour(s, i, weight);
    }
}

/* Where the sentence that starts at `p` ends: after . ! ? before a space,
 * or at a line end. */
static const char *sentence_end(const char *p, const char *end)
{
    for (; p < end; p++) {
        if (*p == '\n')
            return p;
        if ((*p == '.' || *p == '!' || *p == '?') && (p + 1 == end || p[1] == ' ' || p[1] == '\n'))
            return p + 1;
    }
    return end;
}

/* Where the sentence holding the word at `at` starts, `from` being a
 * sentence's start or end: after the last sentence end before the word,
 * and the spaces and line ends after it. Sentence ends depend on two bytes
 * only, so looking back finds the ones sentence_end() finds going forward. */
static const char *sentence_start(const char *from, const char *at)
{
    const char *p = at;

    while (p > from) {
        const char *c = p - 1;
        if (*c == '\n' || ((*c == '.' || *c == '!' || *c == '?') && (c[1] == ' ' || c[1] == '\n')))
            break;
        p = c;
    }
    while (p < at && (*p == '\n' || *p == ' '))
        p++;
    return p;
}

/* The blank lines ("\n\n", a longer run counting once) in [p, end). */
static size_t blank_lines(const char *p, const char *end)
{
    size_t count = 0;

    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        const char *run = p;
        while (p < end && *p == '\n')
            p++;
        if (p - run >= 2)
            count++;
    }
    return count;
}

/* Walks a text, paragraph by paragraph (a blank line starts one), and
 * reads the sentences that hold a candidate word; the others are never
 * split off. */
static void scan_text(scan *s, const char *text, size_t len, int is_title)
{
    const char *p = text, *end = text + len, *counted = text, *at;

    while ((at = next_candidate(p, end)) != NULL) {
        const char *start = sentence_start(p, at);
        const char *stop = sentence_end(start, end);
        s->paragraph += blank_lines(counted, start);
        counted = start;
        scan_sentence(s, start, stop, is_title);
        p = stop;
    }
}

/* The colour of a colour statement in the level's paragraph that fits it. */
static defcon_colour paragraph_colour(const scan *s, const statement *chosen)
{
    defcon_colour colour = DEFCON_COLOUR_NONE;
    size_t i;

    for (i = 0; i < s->count; i++) {
        const statement *st = &s->found[i];
        if (st->colour_only && st->paragraph == chosen->paragraph
            && (st->level == 0 || st->level == chosen->level))
            colour = st->colour;
    }
    return colour;
}

int defcon_level_find(const char *title, const char *body, size_t body_len, defcon_level *out)
{
    scan s;      /* 8 KB: only the counts start at zero, the arrays are */
    const statement *best = NULL;   /* written before they are read */
    size_t i;

    s.count = 0;
    s.paragraph = 0;
    s.word_count = 0;
    memset(out, 0, sizeof *out);
    if (title)
        scan_text(&s, title, strlen(title), 1);
    s.paragraph++;
    if (body)
        scan_text(&s, body, body_len, 0);
    for (i = 0; i < s.count; i++)
        if (s.found[i].level && (!best || s.found[i].weight >= best->weight))
            best = &s.found[i];
    if (!best)
        return 0;
    out->level = best->level;
    out->colour = best->colour ? best->colour : paragraph_colour(&s, best);
    return 1;
}

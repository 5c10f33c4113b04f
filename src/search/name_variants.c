/*
 * name_variants.c - spellings of one name: the table of variant groups
 * and the transliteration rules; see name_variants.h for the rules and
 * what they were checked against.
 *
 * The rules are written once, as a key: a spelling's key undoes the
 * choices transliterators make differently. To list a name's variants,
 * the reverse edits (q for k, a doubled consonant, ey for ei...) are
 * tried one and two at a time, and the spellings that keep every word's
 * key are kept: so the generated variants can never disagree with the key.
 */
#include "name_variants.h"

#include <stdio.h>
#include <string.h>

#include "variant_table.inc"

#define WORD_MAX 48
#define WORDS_MAX 6

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int is_consonant(char c)
{
    return c >= 'a' && c <= 'z' && !is_vowel(c);
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* What may follow a letter group for a rule to apply: `rest` is the rest
 * of the word after it. */
static int before_vowel_or_end(const char *rest)
{
    return rest[0] == '\0' || is_vowel(rest[0]);
}

static int before_back_vowel(const char *rest)
{
    return rest[0] == 'a' || rest[0] == 'o' || rest[0] == 'u';
}

static int before_consonant(const char *rest)
{
    return is_consonant(rest[0]) && strcmp(rest, "s") != 0;   /* "pays" is "pay" + s */
}

static int anywhere(const char *rest)
{
    (void)rest;
    return 1;
}

/* Replaces every `from` in s (NUL-terminated, left to right) that what
 * follows allows (`next_ok`) by `to`, no longer than `from`. */
static void replace_all(char *s, const char *from, const char *to, int (*next_ok)(const char *))
{
    size_t f = strlen(from), t = strlen(to), r = 0, w = 0;

    while (s[r]) {
        if (strncmp(s + r, from, f) == 0 && next_ok(s + r + f)) {
            memcpy(s + w, to, t);
            w += t;
            r += f;
        } else {
            s[w++] = s[r++];
        }
    }
    s[w] = '\0';
}

/* English inflections and suffixes, where doubled consonants are
 * spelling, not transliteration ("hopping", "planner"). */
static int english_ending(const char *s, size_t n)
{
    static const char *const endings[] = {"ing", "ed", "er", "ers", "est", "ly", "s",
                                          "ies", "ism", "ist", "ion", "ions"};
    for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++)
        if (ends_with(s, n, endings[i]))
            return 1;
    return 0;
}

/* -ullah, -ollah, -alah to -allah. */
static void fold_allah(char *s)
{
    size_t n = strlen(s), i;

    if (!ends_with(s, n, "ah") || n < 5)
        return;
    i = n - 2;
    while (i > 0 && s[i - 1] == 'l' && n - 2 - i < 2)
        i--;
    if (i == n - 2 || i < 2 || (s[i - 1] != 'a' && s[i - 1] != 'o' && s[i - 1] != 'u'))
        return;
    strcpy(s + i - 1, "allah");
}

static void undouble(char *s)
{
    size_t n = strlen(s), w = 0;

    if (english_ending(s, n))
        return;
    for (size_t r = 0; r < n; r++) {
        if (r > 0 && r + 1 < n && s[r] == s[r + 1] && is_consonant(s[r])
            && (s[r - 1] == 'a' || s[r - 1] == 'u') && r + 2 < n && is_vowel(s[r + 2])
            && !(s[r + 2] == 'e' && r + 3 == n))   /* "platte" is not "plate" */
            continue;   /* keep the second of the pair */
        s[w++] = s[r];
    }
    s[w] = '\0';
}

int defcon_name_key(const char *word, size_t len, char *out, size_t out_size)
{
    size_t i;

    if (len == 0 || len + 3 >= out_size || len >= WORD_MAX)
        return -1;
    for (i = 0; i < len; i++) {
        char c = word[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c < 'a' || c > 'z')
            return -1;
        out[i] = c;
    }
    out[len] = '\0';
    if (len < DEFCON_NAME_RULE_MIN)
        return (int)len;   /* "ae", "db", "gh": abbreviations, not names */
    fold_allah(out);
    undouble(out);
    if (strncmp(out, "gh", 2) == 0)
        memmove(out + 1, out + 2, strlen(out + 2) + 1);
    if (out[0] == 'o' && is_consonant(out[1])) {
        for (i = 1; is_consonant(out[i]); i++)
            ;
        if (out[i] == 'a')
            out[0] = 'u';
    }
    /* kh, dh before a vowel or at the end (Khalid, Riyadh): "dhl" is an
     * abbreviation. q before a, o, u (Qatar, Qom): "qing" and "sharq" are
     * not "king" and "shark". ey, ay, ae before a consonant (Khomeyni,
     * Haydar, Qaeda): "may" and "mae" are not "mai". */
    replace_all(out, "kh", "k", before_vowel_or_end);
    replace_all(out, "dh", "d", before_vowel_or_end);
    replace_all(out, "q", "k", before_back_vowel);
    replace_all(out, "ey", "ei", before_consonant);
    replace_all(out, "ay", "ai", before_consonant);
    replace_all(out, "ae", "ai", before_consonant);
    replace_all(out, "oa", "ua", anywhere);
    /* A leading g for qaf in longer names (Gaddafi): "gate" is not "kate". */
    if (out[0] == 'g' && out[1] == 'a' && strlen(out) >= 6)
        out[0] = 'k';
    return (int)strlen(out);
}

/* The reverse edits of the key: `from` becomes `to` at one place. */
typedef struct edit {
    const char *from, *to;
    int leading;          /* only at the start of the word */
    const char *before;   /* only before one of these letters, when not NULL */
} edit;

/* Transliterators write q and kh before a, o, u (Qatar, Khomeini), dh
 * before a vowel (Kadhafi): a Kim is never a Qim. */
static const edit edits[] = {
    {"k", "q", 0, "aou"},   {"q", "k", 0, NULL},     {"k", "kh", 0, "aou"},
    {"kh", "k", 0, NULL},   {"d", "dh", 0, "aeiou"}, {"dh", "d", 0, NULL},
    {"ei", "ey", 0, NULL},  {"ey", "ei", 0, NULL},   {"ai", "ay", 0, NULL},
    {"ay", "ai", 0, NULL},  {"ai", "ae", 0, NULL},   {"ae", "ai", 0, NULL},
    {"oa", "ua", 0, NULL},  {"ua", "oa", 0, NULL},   {"g", "gh", 1, NULL},
    {"gh", "g", 1, NULL},   {"ga", "ka", 1, NULL},   {"ka", "ga", 1, NULL},
    {"qa", "ga", 1, NULL},  {"ga", "qa", 1, NULL},   {"o", "u", 1, NULL},
    {"u", "o", 1, NULL},    {"ullah", "allah", 0, NULL}, {"allah", "ullah", 0, NULL},
    {"ollah", "allah", 0, NULL}, {"allah", "ollah", 0, NULL},
};

/* Spellings of one word, the word first; each has the word's key. */
typedef struct word_list {
    int count;
    char words[DEFCON_NAME_VARIANTS_MAX][WORD_MAX];
} word_list;

static int list_add(word_list *list, const char *word)
{
    for (int i = 0; i < list->count; i++)
        if (strcmp(list->words[i], word) == 0)
            return 0;
    if (list->count == DEFCON_NAME_VARIANTS_MAX || strlen(word) >= WORD_MAX)
        return 0;
    strcpy(list->words[list->count++], word);
    return 1;
}

/* Adds `candidate` when it has the key `key`. */
static void try_candidate(word_list *list, const char *candidate, const char *key)
{
    char k[WORD_MAX + 8];

    if (defcon_name_key(candidate, strlen(candidate), k, sizeof k) >= 0 && strcmp(k, key) == 0)
        list_add(list, candidate);
}

/* Every spelling one edit (or doubling or undoubling a consonant) away
 * from `word` that keeps the key. */
static void one_edit(word_list *list, const char *word, const char *key)
{
    size_t n = strlen(word);
    char buf[WORD_MAX + 8];

    for (size_t p = 0; p < n; p++) {
        for (size_t e = 0; e < sizeof edits / sizeof edits[0]; e++) {
            size_t f = strlen(edits[e].from), t = strlen(edits[e].to);
            if ((edits[e].leading && p > 0) || strncmp(word + p, edits[e].from, f) != 0
                || n - f + t >= WORD_MAX
                || (edits[e].before && (word[p + f] == '\0'
                                        || !strchr(edits[e].before, word[p + f]))))
                continue;
            memcpy(buf, word, p);
            memcpy(buf + p, edits[e].to, t);
            strcpy(buf + p + t, word + p + f);
            try_candidate(list, buf, key);
        }
        if (is_consonant(word[p]) && n + 1 < WORD_MAX) {      /* double it */
            memcpy(buf, word, p + 1);
            strcpy(buf + p + 1, word + p);
            try_candidate(list, buf, key);
        }
        if (p + 1 < n && word[p] == word[p + 1] && is_consonant(word[p])) {   /* undouble */
            memcpy(buf, word, p);
            strcpy(buf + p, word + p + 1);
            try_candidate(list, buf, key);
        }
    }
}

/* The rule variants of one folded word: one edit away, then two. */
static void word_variants(const char *word, word_list *list)
{
    char key[WORD_MAX + 8];
    int first;

    list->count = 0;
    list_add(list, word);
    if (defcon_name_key(word, strlen(word), key, sizeof key) < 0)
        return;
    one_edit(list, word, key);
    first = list->count;
    for (int i = 1; i < first; i++)
        one_edit(list, list->words[i], key);
}

/* A name split into folded words; joined[i]: a hyphen joined word i to
 * word i + 1. */
typedef struct name_words {
    int count;
    char words[WORDS_MAX][WORD_MAX];
    int joined[WORDS_MAX];
} name_words;

/* Splits and folds; returns 0, or -1 when the name is not one we handle. */
static int split_name(const char *name, size_t len, name_words *out)
{
    size_t i = 0;

    out->count = 0;
    while (i < len) {
        size_t n = 0;
        while (i < len && (name[i] == ' ' || name[i] == '\t'))
            i++;
        if (i == len)
            break;
        if (out->count == WORDS_MAX)
            return -1;
        while (i < len && name[i] != ' ' && name[i] != '\t' && name[i] != '-') {
            char c = name[i++];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) || n + 1 >= WORD_MAX)
                return -1;
            out->words[out->count][n++] = c;
        }
        out->words[out->count][n] = '\0';
        out->joined[out->count] = i < len && name[i] == '-';
        if (n > 0)
            out->count++;
        while (i < len && name[i] == '-')
            i++;
    }
    return out->count > 0 ? 0 : -1;
}

/* Words i..j-1 of `w` (with word `r` replaced by `with`, when r >= 0)
 * joined by spaces, or by nothing between `glue` and glue + 1. */
static void compose(const name_words *w, int r, const char *with, int glue, char *out,
                    size_t size)
{
    size_t n = 0;

    out[0] = '\0';
    for (int i = 0; i < w->count; i++) {
        const char *word = i == r ? with : w->words[i];
        int len = snprintf(out + n, size - n, "%s%s", n > 0 && i - 1 != glue ? " " : "", word);
        if (len < 0 || (size_t)len >= size - n) {
            out[0] = '\0';
            return;
        }
        n += (size_t)len;
    }
}

static void add_name(defcon_name_variants *v, const char *name)
{
    if (name[0] == '\0' || strlen(name) >= DEFCON_NAME_MAX)
        return;
    for (int i = 0; i < v->count; i++)
        if (strcmp(v->names[i], name) == 0)
            return;
    if (v->count < DEFCON_NAME_VARIANTS_MAX)
        strcpy(v->names[v->count++], name);
}

/* The keys of a name's words, joined by spaces (a word without a key,
 * such as a number, stands for itself). */
static void name_key(const name_words *w, char *out, size_t size)
{
    size_t n = 0;

    out[0] = '\0';
    for (int i = 0; i < w->count; i++) {
        char key[WORD_MAX + 8];
        const char *k = defcon_name_key(w->words[i], strlen(w->words[i]), key, sizeof key) >= 0
                            ? key : w->words[i];
        int len = snprintf(out + n, size - n, "%s%s", i ? " " : "", k);
        if (len < 0 || (size_t)len >= size - n)
            return;
        n += (size_t)len;
    }
}

/* A signature of a name that its key keeps: its letters the rules never
 * touch (not a vowel, y, h, q, k, g or d), a run of one letter once, its
 * digits, a blank between words. Two names with one key have one
 * signature, so a table spelling whose signature differs needs no key:
 * computing the key of every spelling of the table cost a search ~0.3M
 * instructions a word. */
static void signature(const char *name, char *out, size_t size)
{
    size_t n = 0;

    for (; *name && n + 1 < size; name++) {
        char c = *name >= 'A' && *name <= 'Z' ? (char)(*name - 'A' + 'a') : *name;
        if (c == ' ' || c == '\t' || c == '-') {
            if (n > 0 && out[n - 1] != ' ')
                out[n++] = ' ';
        } else if (!strchr("aeiouyhqkgd", c) && (n == 0 || out[n - 1] != c)) {
            out[n++] = c;
        }
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
}

/* Adds the spellings of the table group that holds the name (by its
 * folded spelling or its key); returns whether one did. */
static int add_table_group(defcon_name_variants *v, const char *folded, const char *key)
{
    size_t start = 0;
    char mark[DEFCON_NAME_MAX], other[DEFCON_NAME_MAX];

    signature(folded, mark, sizeof mark);

    for (size_t i = 0; variant_groups[i] != NULL || variant_groups[start] != NULL; i++) {
        if (variant_groups[i] != NULL)
            continue;
        for (size_t j = start; j < i; j++) {
            name_words w;
            char k[DEFCON_NAME_MAX * 2];
            if (strcmp(variant_groups[j], folded) != 0) {
                signature(variant_groups[j], other, sizeof other);
                if (strcmp(other, mark) != 0)
                    continue;
                if (split_name(variant_groups[j], strlen(variant_groups[j]), &w) != 0)
                    continue;
                name_key(&w, k, sizeof k);
                if (strcmp(k, key) != 0)
                    continue;
            }
            for (size_t m = start; m < i; m++)
                add_name(v, variant_groups[m]);
            return 1;
        }
        start = i + 1;
    }
    return 0;
}

int defcon_name_variants_find(const char *name, size_t len, defcon_name_variants *out)
{
    name_words w;
    char buf[DEFCON_NAME_MAX], key[DEFCON_NAME_MAX * 2];
    word_list *list = &(word_list){0};

    out->count = 0;
    out->from_table = 0;
    if (len >= DEFCON_NAME_MAX || split_name(name, len, &w) != 0)
        return 0;
    compose(&w, -1, NULL, -1, buf, sizeof buf);
    add_name(out, buf);
    name_key(&w, key, sizeof key);
    out->from_table = add_table_group(out, buf, key);
    for (int i = 0; i < w.count; i++) {
        word_variants(w.words[i], list);
        for (int k = 1; k < list->count; k++) {
            compose(&w, i, list->words[k], -1, buf, sizeof buf);
            add_name(out, buf);
        }
    }
    for (int i = 0; i + 1 < w.count; i++)
        if (w.joined[i]) {   /* "jong-un" is also written "jongun" */
            compose(&w, -1, NULL, i, buf, sizeof buf);
            add_name(out, buf);
        }
    if (w.count > 1 && (strcmp(w.words[0], "al") == 0 || strcmp(w.words[0], "el") == 0)) {
        compose(&w, -1, NULL, 0, buf, sizeof buf);   /* "alqaeda" */
        add_name(out, buf);
        compose(&w, 0, "", -1, buf, sizeof buf);      /* "qaeda" */
        add_name(out, buf[0] == ' ' ? buf + 1 : buf);
    }
    return out->count;
}

char *defcon_name_variants_describe(const defcon_name_variants *v, char *buf, size_t size)
{
    size_t n = 0;

    if (size == 0)
        return buf;
    buf[0] = '\0';
    if (v->count < 2)
        return buf;
    for (int i = 0; i < v->count && n < size; i++) {
        int len = snprintf(buf + n, size - n, "%s%s", i ? " = " : "", v->names[i]);
        if (len < 0)
            break;
        n += (size_t)len;
    }
    if (n < size)
        snprintf(buf + n, size - n, " (%s)", v->from_table ? "table" : "rules");
    return buf;
}

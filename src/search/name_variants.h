/*
 * name_variants.h - transliterations of one name that should find each
 * other: Qaddafi, Gaddafi, Kadhafi; Hezbollah, Hizballah; Kim Jong-un,
 * Kim Jong Un.
 *
 * Two sources, both our own:
 *  - a table of variant groups (variants.tsv, generated into the build by
 *    gen_variant_table.py), for families no general rule can join;
 *  - rules for families of transliterations, which give every name a key
 *    (defcon_name_key): spellings with one key are variants. On words of
 *    DEFCON_NAME_RULE_MIN letters or more, the rules fold q before a, o,
 *    u to k (Qatar, Katar); kh and dh before a vowel or at the end to k
 *    and d (Kadhafi, Riyadh); a leading gh to g; a leading "ga" to "ka"
 *    in words of six letters or more (Gaddafi); a doubled consonant after
 *    a or u and before a vowel to one (Assad, Asad), except before a
 *    final e ("platte") and in words ending like English inflections
 *    ("-ing", "-ed", "-er", "-s"...); ey, ay, ae before a consonant other
 *    than a plural's final s to ei, ai (Khomeyni, Qaeda, Qaida); oa to ua
 *    (Moammar, Muammar); a leading o before consonants and an a to u
 *    (Osama, Usama); the theophoric ending -ullah, -ollah to -allah
 *    (Nasrullah, Nasrallah). Over the 63,875 lower-case words of a US
 *    English dictionary (wamerican) the keys join 0.06% of the words, and
 *    over the 42,560 words of the Reuters-21578 articles 0.35%, about 60%
 *    of them spelling variants or misspellings themselves (sheik, sheikh;
 *    ammount, amount): tests/unit/test_name_variants.c and
 *    bench/name_variants.c measure it;
 *  - names of several words: a hyphen is a space to the tokenizer, so
 *    "Kim Jong-un" and "Kim Jong Un" index the same words; the joined
 *    spelling ("Kim Jongun") is a variant, and so is a name without its
 *    Arabic article ("al-Qaeda", "Qaeda").
 *
 * Variants are plain lower-case ASCII words separated by single spaces:
 * a query ORs them as phrases and stems them as it stems any word.
 */
#ifndef DEFCON_NAME_VARIANTS_H
#define DEFCON_NAME_VARIANTS_H

#include <stddef.h>

/* The most variants one name gets. */
#define DEFCON_NAME_VARIANTS_MAX 32

/* Shorter words get no rule variants: they are abbreviations ("ae",
 * "dhl") more often than names. */
#define DEFCON_NAME_RULE_MIN 4

/* The longest name (bytes) handled; longer names get no variants. */
#define DEFCON_NAME_MAX 128

/* The rule key of one word (letters only; `len` bytes of `word`, any
 * case) written NUL-terminated into out[out_size]. Returns the key's
 * length, or -1 when the word is not plain ASCII letters or does not
 * fit (it then has no rule variants). */
int defcon_name_key(const char *word, size_t len, char *out, size_t out_size);

/* The variants of a name. */
typedef struct defcon_name_variants {
    int count;                                      /* the name itself first */
    char names[DEFCON_NAME_VARIANTS_MAX][DEFCON_NAME_MAX];
    int from_table;                                 /* the group came from the table */
} defcon_name_variants;

/* Finds the variants of `len` bytes of `name`: one word, or words joined
 * by hyphens or blanks. out->names[0] is the name itself, folded; the
 * others are the spellings of its table group (when a spelling of the
 * group equals it or has its keys), then the spellings the rules give,
 * which all have the name's keys. Returns out->count (at least 1 for a
 * plain ASCII name; 0 when the name is empty, too long or not ASCII
 * letters, digits, hyphens and blanks). Pure; thread-safe. */
int defcon_name_variants_find(const char *name, size_t len, defcon_name_variants *out);

/* Writes the group for --explain into buf[size], e.g.
 * "qaddafi = gaddafi = kadhafi (table)" or "asad = assad (rules)", or ""
 * when the name has no variants. Returns buf. */
char *defcon_name_variants_describe(const defcon_name_variants *variants, char *buf,
                                    size_t size);

#endif

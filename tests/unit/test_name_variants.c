/*
 * test_name_variants.c - transliterations of a name find each other
 * (name_variants.h): the issue's families through the table and the
 * rules, names absent from the table through the rules alone, hyphens of
 * Korean names, the Arabic article; and the rules leave the common words
 * of a dictionary apart (when /usr/share/dict/words is installed:
 * wamerican, in scripts/install-deps --test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "name_variants.h"

/* Whether `variant` (as typed: any case, hyphens) is a variant of `name`. */
static int has_variant(const char *name, const char *variant)
{
    defcon_name_variants v, folded;

    defcon_name_variants_find(name, strlen(name), &v);
    if (defcon_name_variants_find(variant, strlen(variant), &folded) == 0)
        return 0;
    for (int i = 0; i < v.count; i++)
        if (strcmp(v.names[i], folded.names[0]) == 0)
            return 1;
    return 0;
}

static int same_key(const char *a, const char *b)
{
    char ka[64], kb[64];

    return defcon_name_key(a, strlen(a), ka, sizeof ka) >= 0
           && defcon_name_key(b, strlen(b), kb, sizeof kb) >= 0 && strcmp(ka, kb) == 0;
}

/* Every spelling of a family reaches every other. */
static void check_family(const char *const *family)
{
    for (int i = 0; family[i]; i++)
        for (int j = 0; family[j]; j++)
            if (!has_variant(family[i], family[j])) {
                fprintf(stderr, "%s does not reach %s\n", family[i], family[j]);
                CHECK(!"a family member is missing");
            }
}

static void test_issue_families(void)
{
    static const char *const families[][5] = {
        {"Qaddafi", "gaddafi", "kadhafi", NULL},
        {"Hezbollah", "hizballah", "hizbullah", NULL},
        {"Assad", "asad", NULL},
        {"Usama", "osama", NULL},
        {"al-Qaeda", "al qaida", NULL},
        {"Kim Jong-un", "kim jong un", NULL},
        {"Khomeini", "khomeyni", NULL},
    };
    for (size_t f = 0; f < sizeof families / sizeof families[0]; f++)
        check_family(families[f]);
    /* The rules alone join most of them: the table is not needed. */
    CHECK(same_key("Qaddafi", "Gaddafi") && same_key("Qaddafi", "Kadhafi"));
    CHECK(same_key("Assad", "Asad") && same_key("Usama", "Osama"));
    CHECK(same_key("Qaeda", "Qaida") && same_key("Khomeini", "Khomeyni"));
    CHECK(same_key("Hizballah", "Hizbullah"));
}

/* A spelling the table lacks finds the table's group by its key: every
 * rule variant of every spelling of a table family does (the table's
 * spellings are compared by a signature before their keys are made). */
static void test_table_by_key(void)
{
    static const char *const names[] = {"Qaddafi", "Khaddafi", "Hezbollah", "Khomeini",
                                        "al-Qaeda", "Kim Jong-un", NULL};
    defcon_name_variants v, w;

    CHECK(defcon_name_variants_find("Khaddafi", 8, &v) > 1 && v.from_table);
    CHECK(has_variant("Khaddafi", "gaddafi"));
    for (int i = 0; names[i]; i++) {
        CHECK(defcon_name_variants_find(names[i], strlen(names[i]), &v) > 1 && v.from_table);
        for (int j = 1; j < v.count; j++) {
            if (defcon_name_variants_find(v.names[j], strlen(v.names[j]), &w) < 2
                || !w.from_table) {
                fprintf(stderr, "%s (a variant of %s) misses the table\n", v.names[j],
                        names[i]);
                CHECK(!"a variant misses its table group");
            }
        }
    }
}

/* Names the table does not hold. */
static void test_rules_beyond_the_table(void)
{
    defcon_name_variants v;

    CHECK(has_variant("Hasan", "hassan"));
    CHECK(has_variant("Hussam", "husam"));
    CHECK(has_variant("Saddam", "sadam"));
    CHECK(has_variant("Omar", "umar"));
    CHECK(has_variant("Othman", "uthman"));
    CHECK(has_variant("Ruhollah", "ruhullah"));
    CHECK(has_variant("Fathallah", "fathollah"));
    CHECK(has_variant("Qusay", "kusay"));
    CHECK(has_variant("Ghazi", "gazi"));
    CHECK(has_variant("Khalid", "kalid"));
    CHECK(has_variant("Fadhil", "fadil"));
    CHECK(has_variant("Haydar", "haidar"));
    CHECK(has_variant("Moawiya", "muawiya"));
    CHECK(has_variant("Kim Jong-nam", "kim jongnam"));
    CHECK(has_variant("Kim Jong-nam", "kim jong nam"));
    CHECK(has_variant("al-Shabaab", "shabaab"));
    CHECK(has_variant("al-Shabaab", "alshabaab"));
    CHECK(has_variant("el-Baradei", "elbaradei"));
    CHECK(has_variant("Riyadh", "riyad"));
    /* Where the rules stop: plurals, final e, short words, qi. */
    CHECK(!has_variant("pays", "pais") && !has_variant("plate", "platte"));
    CHECK(!has_variant("dhl", "dl") && !has_variant("king", "qing"));
    /* A Kim is never a Qim; a d at the end never becomes dh. */
    CHECK(!has_variant("Kim", "qim") && !has_variant("Kim", "khim"));
    CHECK(!has_variant("Assad", "assadh"));
    CHECK_LONG(defcon_name_variants_find("Kim Il", 6, &v), 1);
    /* Every rule variant has the name's key: generation and key agree. */
    CHECK(defcon_name_variants_find("Qurei", 5, &v) > 2);
    for (int i = 0; i < v.count; i++)
        CHECK(same_key(v.names[i], "qurei"));
}

static void test_words_apart(void)
{
    static const char *const words[] = {"oil", "price", "bank", "better", "bitter", "latter",
                                        "later", "trade", "dollar", "yen", "kill", "gill",
                                        "guest", "quest", "onion", "union", "court", "curt",
                                        "rough", "rug", "dinner", "diner", "hopping", "hoping"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        for (size_t j = 0; j < sizeof words / sizeof words[0]; j++)
            if (i != j && has_variant(words[i], words[j])) {
                fprintf(stderr, "%s and %s made variants\n", words[i], words[j]);
                CHECK(!"common words made variants");
            }
}

static int by_key(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Over a dictionary's lower-case words: how many share their key with
 * another word. Spelling variants (sheik, sheikh) count as false merges
 * too, so the figure is an upper bound. */
static void test_dictionary(void)
{
    size_t len, count = 0, merged = 0;
    char *text = check_read_file("/usr/share/dict/words", &len), *line, *save = NULL;
    char **keys;

    if (!text) {
        printf("dictionary check skipped: no /usr/share/dict/words (install wamerican)\n");
        return;
    }
    keys = calloc(len / 2 + 1, sizeof *keys);
    CHECK(keys != NULL);
    for (line = strtok_r(text, "\n", &save); keys && line; line = strtok_r(NULL, "\n", &save)) {
        char key[64], *entry;
        size_t n = strlen(line);
        if (n == 0 || strspn(line, "abcdefghijklmnopqrstuvwxyz") != n
            || defcon_name_key(line, n, key, sizeof key) < 0)
            continue;
        entry = malloc(strlen(key) + 1);
        if (!entry)
            break;
        keys[count++] = strcpy(entry, key);
    }
    qsort(keys, count, sizeof *keys, by_key);
    for (size_t i = 0; i < count; i++)
        if ((i > 0 && strcmp(keys[i], keys[i - 1]) == 0)
            || (i + 1 < count && strcmp(keys[i], keys[i + 1]) == 0))
            merged++;
    printf("dictionary: %zu words, %zu share their key with another (%.2f%%)\n", count, merged,
           count ? 100.0 * (double)merged / (double)count : 0.0);
    CHECK(count > 10000);
    CHECK(merged * 1000 < count);   /* under 0.1% */
    for (size_t i = 0; i < count; i++)
        free(keys[i]);
    free(keys);
    free(text);
}

static void test_edges(void)
{
    defcon_name_variants v;
    char buf[512], key[8];
    char long_name[300];

    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    CHECK_LONG(defcon_name_variants_find("", 0, &v), 0);
    CHECK_LONG(defcon_name_variants_find(" - ", 3, &v), 0);
    CHECK_LONG(defcon_name_variants_find("Z\xc3\xbcrich", 7, &v), 0);
    CHECK_LONG(defcon_name_variants_find("o'neill", 7, &v), 0);
    CHECK_LONG(defcon_name_variants_find(long_name, strlen(long_name), &v), 0);
    CHECK_LONG(defcon_name_key("abc1", 4, buf, sizeof buf), -1);
    CHECK_LONG(defcon_name_key("qaddafi", 7, key, sizeof key), -1);   /* does not fit */
    CHECK_LONG(defcon_name_key("QADDAFI", 7, buf, sizeof buf), 6);
    CHECK_STR(buf, "kadafi");
    CHECK_LONG(defcon_name_variants_find("G8 talks", 8, &v), 1);
    CHECK_STR(defcon_name_variants_describe(&v, buf, sizeof buf), "");
    CHECK_LONG(defcon_name_variants_find("  Assad ", 8, &v), 2);
    CHECK_STR(v.names[0], "assad");
    CHECK_STR(defcon_name_variants_describe(&v, buf, sizeof buf), "assad = asad (table)");
    CHECK(defcon_name_variants_find("Hasan", 5, &v) == 2);
    CHECK_STR(defcon_name_variants_describe(&v, buf, sizeof buf), "hasan = hassan (rules)");
    CHECK_STR(defcon_name_variants_describe(&v, buf, 8), "hasan =");
}

int main(void)
{
    test_issue_families();
    test_table_by_key();
    test_rules_beyond_the_table();
    test_words_apart();
    test_dictionary();
    test_edges();
    return check_finish();
}

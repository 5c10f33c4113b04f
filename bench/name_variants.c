/*
 * name_variants.c - how often the name variant rules join words that are
 * not variants.
 *
 *   name-variants [--groups N] SOURCE...
 *
 * Each SOURCE is a word list (one word a line, e.g. /usr/share/dict/words)
 * or an archive folder (e.g. ../shared/corpora/reuters21578/articles),
 * whose articles are parsed as the indexer parses them and whose titles
 * and bodies are folded by the defcon tokenizer into the words a query
 * can name. Words of ASCII letters only are kept, once each.
 *
 * Printed: the number of distinct words, how many share their rule key
 * (defcon_name_key) with another word, in how many groups, and the first
 * N groups (default 50), largest first, for a person to judge which are
 * true spelling variants and which are false merges.
 *
 * Exit status: 0, or 2 on a usage error or an unreadable source.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "article.h"
#include "corpus.h"
#include "name_variants.h"
#include "tokenizer.h"

#define MAX_FILE_BYTES (64u << 20)

typedef struct keyed {
    char *key, *word;
} keyed;

typedef struct words {
    keyed *items;
    size_t count, capacity;
} words;

static int add_word(words *w, const char *word, size_t len)
{
    char key[DEFCON_NAME_MAX];
    keyed *grown;

    if (len == 0 || len >= 40 || defcon_name_key(word, len, key, sizeof key) < 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (word[i] >= 'A' && word[i] <= 'Z')
            return 0;   /* a word list's capitalised entries are names: leave them */
    if (w->count == w->capacity) {
        size_t n = w->capacity ? w->capacity * 2 : 4096;
        grown = realloc(w->items, n * sizeof *grown);
        if (!grown)
            return -1;
        w->items = grown;
        w->capacity = n;
    }
    w->items[w->count].key = strdup(key);
    w->items[w->count].word = strndup(word, len);
    if (!w->items[w->count].key || !w->items[w->count].word)
        return -1;
    w->count++;
    return 0;
}

static int read_list(words *w, const char *path)
{
    FILE *f = fopen(path, "r");
    char line[256];

    if (!f)
        return -1;
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        if (add_word(w, line, n) != 0)
            break;
    }
    return fclose(f);
}

static void add_tokens(words *w, const defcon_tokens *tokens)
{
    for (size_t i = 0; i < tokens->count; i++)
        add_word(w, tokens->terms.data + tokens->items[i].term, (size_t)tokens->items[i].term_len);
}

static int read_archive(words *w, const char *root, defcon_tokenizer *tokenizer)
{
    defcon_corpus corpus;
    defcon_tokens tokens = {0};

    if (defcon_corpus_walk(&corpus, root, NULL, NULL) != 0)
        return -1;
    for (size_t k = 0; k < corpus.count; k++) {
        char *data = NULL, error[256];
        size_t len;
        defcon_article a;
        if (defcon_corpus_read(root, defcon_corpus_path(&corpus, k), MAX_FILE_BYTES, &data, &len,
                               error, sizeof error) != 0
            || defcon_article_parse(defcon_corpus_path(&corpus, k), data, len, &a, error,
                                    sizeof error) != 0) {
            free(data);
            continue;
        }
        defcon_tokens_reset(&tokens);
        if (defcon_tokenizer_fold(tokenizer, a.title, strlen(a.title), &tokens) == SQLITE_OK
            && defcon_tokenizer_fold(tokenizer, a.body, a.body_len, &tokens) == SQLITE_OK)
            add_tokens(w, &tokens);
        defcon_article_clear(&a);
        free(data);
    }
    defcon_tokens_free(&tokens);
    defcon_corpus_free(&corpus);
    return 0;
}

static int by_key_then_word(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->word, y->word);
}

/* Sorts by key, drops repeated words; returns the distinct count. */
static size_t sort_unique(words *w)
{
    size_t n = 0;

    qsort(w->items, w->count, sizeof *w->items, by_key_then_word);
    for (size_t i = 0; i < w->count; i++) {
        if (n > 0 && strcmp(w->items[i].word, w->items[n - 1].word) == 0) {
            free(w->items[i].key);
            free(w->items[i].word);
            continue;
        }
        w->items[n++] = w->items[i];
    }
    w->count = n;
    return n;
}

static void report(const words *w, long shown)
{
    size_t merged = 0, groups = 0;

    for (size_t i = 0; i < w->count;) {
        size_t j = i + 1;
        while (j < w->count && strcmp(w->items[j].key, w->items[i].key) == 0)
            j++;
        if (j - i > 1) {
            merged += j - i;
            if ((long)groups++ < shown) {
                printf("  ");
                for (size_t k = i; k < j; k++)
                    printf("%s%s", k > i ? " = " : "", w->items[k].word);
                printf("\n");
            }
        }
        i = j;
    }
    printf("%zu words; %zu share their key with another (%.3f%%), in %zu groups\n", w->count,
           merged, w->count ? 100.0 * (double)merged / (double)w->count : 0.0, groups);
}

int main(int argc, char **argv)
{
    words w = {0};
    long shown = 50;
    sqlite3 *db = NULL;
    defcon_tokenizer *tokenizer = NULL;
    int status = 0, sources = 0;

    if (sqlite3_open(":memory:", &db) != SQLITE_OK || defcon_tokenizer_new(db, &tokenizer) != SQLITE_OK) {
        fprintf(stderr, "name-variants: no tokenizer\n");
        sqlite3_close(db);
        return 2;
    }
    for (int i = 1; i < argc && status == 0; i++) {
        struct stat st;
        if (strcmp(argv[i], "--groups") == 0 && i + 1 < argc) {
            shown = strtol(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--help") == 0) {
            printf("usage: name-variants [--groups N] SOURCE...\n");
            goto done;
        } else if (stat(argv[i], &st) != 0
                   || (S_ISDIR(st.st_mode) ? read_archive(&w, argv[i], tokenizer)
                                           : read_list(&w, argv[i])) != 0) {
            fprintf(stderr, "name-variants: %s: cannot read\n", argv[i]);
            status = 2;
        } else {
            sources++;
        }
    }
    if (status == 0 && sources == 0) {
        fprintf(stderr, "usage: name-variants [--groups N] SOURCE...\n");
        status = 2;
    }
    if (status == 0) {
        sort_unique(&w);
        report(&w, shown);
    }
done:
    for (size_t i = 0; i < w.count; i++) {
        free(w.items[i].key);
        free(w.items[i].word);
    }
    free(w.items);
    defcon_tokenizer_free(tokenizer);
    sqlite3_close(db);
    return status;
}

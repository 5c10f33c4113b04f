/*
 * test_tokenizer.c - the words of src/index/tokenizer.c against FTS5's own
 * unicode61 (remove_diacritics 2): the tokenizer makes ASCII words itself
 * and hands the rest to unicode61, and every word and every offset must be
 * what unicode61 alone gives for the whole text, on ASCII, on every other
 * script, on ill-formed UTF-8, and on words of any length.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "buffer.h"
#include "check.h"
#include "tokenizer.h"

static defcon_tokenizer *tokenizer;
static fts5_tokenizer unicode61;
static Fts5Tokenizer *unicode61_instance;

/* The words of a text as "word@start-end " items. */
static int note_token(void *context, int flags, const char *word, int len, int start, int end)
{
    defcon_buffer *out = context;

    (void)flags;
    defcon_buffer_append(out, word, (size_t)len);
    defcon_buffer_printf(out, "@%d-%d ", start, end);
    return SQLITE_OK;
}

static void words_of_unicode61(const char *text, size_t len, defcon_buffer *out)
{
    defcon_buffer_clear(out);
    CHECK(unicode61.xTokenize(unicode61_instance, out, FTS5_TOKENIZE_DOCUMENT, text, (int)len,
                              note_token) == SQLITE_OK);
}

static void words_of_ours(const char *text, size_t len, defcon_buffer *out)
{
    defcon_tokens tokens = {0};
    size_t i;

    defcon_buffer_clear(out);
    CHECK(defcon_tokenizer_fold(tokenizer, text, len, &tokens) == SQLITE_OK);
    for (i = 0; i < tokens.count; i++) {
        const defcon_token *t = &tokens.items[i];
        note_token(out, 0, tokens.terms.data + t->term, t->term_len, t->start, t->end);
    }
    defcon_tokens_free(&tokens);
}

/* Whether both give the same words for `len` bytes of `text`; prints the
 * first few differences. */
static int same_words(const char *text, size_t len)
{
    static defcon_buffer theirs = DEFCON_BUFFER_INIT, ours = DEFCON_BUFFER_INIT;
    static int printed;

    words_of_unicode61(text, len, &theirs);
    words_of_ours(text, len, &ours);
    if (strcmp(defcon_buffer_cstr(&theirs), defcon_buffer_cstr(&ours)) == 0)
        return 1;
    if (printed++ < 5)
        fprintf(stderr, "text [%.*s]\n  unicode61: %s\n  ours:      %s\n", (int)len, text,
                defcon_buffer_cstr(&theirs), defcon_buffer_cstr(&ours));
    return 0;
}

static void test_cases(void)
{
    static const char *const texts[] = {
        "Iran's Zarif visits Moscow; talks on the 2015 deal (JCPOA) resume.",
        "UPPER lower MiXeD 42 4.2 1,000,000 x86_64 C++ e-mail a/b",
        "caf\xC3\xA9 na\xC3\xAFve Stra\xC3\x9F" "e \xD0\x96\xD1\x83\xD0\xBA \xE6\x97\xA5\xE6\x9C\xAC",
        "Don\xE2\x80\x99t \xE2\x80\x9Cquote\xE2\x80\x9D \xE2\x80\x94 dash",
        "e\xCC\x81" "cole combining, x\xC2\xB2 superscript, \xE2\x85\xAB numeral",
        "bad \xE9 byte, cut \xC3", "\xC3", "\xE2\x80", "word\xF0\x9F\x98\x80" "emoji",
        "",
        "    ",
        "x",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ\xC3\xA9 end",
    };
    size_t i;

    for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
        CHECK(same_words(texts[i], strlen(texts[i])));
    /* NUL bytes separate words */
    CHECK(same_words("a\0b\0\xC3\xA9\0c", 8));
}

static unsigned long next_random(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

/* Random texts of ASCII words, separators of every kind, letters and
 * punctuation of other scripts, combining marks, stray and cut bytes, and
 * long runs. */
static void test_random_texts(void)
{
    static const char *const pieces[] = {
        "word", "Word", "WORD", "x", "7", "1987", "u.s.", " ", " ", " ", "\n", "\n\n", "\t",
        ",", ".", "'", "\"", "-", "_", "(", ")", "/", "+", "#", "@", "\x7f", "\x01",
        "\xC3\xA9", "\xC3\x89", "\xC3\x9F", "\xC4\xB0", "\xD0\x96", "\xCE\xA3", "\xD7\x90",
        "\xE6\x97\xA5", "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x94", "\xC2\xA0", "\xCC\x81",
        "\xC2\xB2", "\xE2\x85\xAB", "\xF0\x9F\x98\x80", "\xEF\xBC\xA1", "\xE9", "\xC3", "\x80",
        "\xE2\x80", "\xF0\x9F", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789xyz",
    };
    unsigned long state = 1987;
    char text[512];
    long mismatches = 0;
    int round;

    for (round = 0; round < 20000; round++) {
        size_t len = 0;
        int count = (int)(next_random(&state) % 24), k;
        for (k = 0; k < count; k++) {
            const char *piece = pieces[next_random(&state) % (sizeof pieces / sizeof pieces[0])];
            size_t n = strlen(piece);
            if (len + n > sizeof text)
                break;
            memcpy(text + len, piece, n);
            len += n;
        }
        mismatches += !same_words(text, len);
    }
    CHECK_LONG(mismatches, 0);
}

int main(void)
{
    sqlite3 *db = NULL;
    fts5_api *api;
    void *user_data = NULL;
    const char *arguments[] = {"remove_diacritics", "2"};

    if (sqlite3_open(":memory:", &db) != SQLITE_OK || defcon_tokenizer_new(db, &tokenizer) != SQLITE_OK
        || (api = defcon_fts5_api(db)) == NULL
        || api->xFindTokenizer(api, "unicode61", &user_data, &unicode61) != SQLITE_OK
        || unicode61.xCreate(user_data, arguments, 2, &unicode61_instance) != SQLITE_OK) {
        fprintf(stderr, "cannot open the tokenizers\n");
        return 1;
    }
    test_cases();
    test_random_texts();
    unicode61.xDelete(unicode61_instance);
    defcon_tokenizer_free(tokenizer);
    sqlite3_close(db);
    return check_finish();
}

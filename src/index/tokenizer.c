/*
 * tokenizer.c - the "defcon" FTS5 tokenizer: unicode61 (diacritics folded)
 * with Snowball English stems, plus the replay of pre-tokenized documents;
 * see tokenizer.h.
 *
 * FTS5 asks for tokenizers through its fts5_api, fetched from a connection
 * with "SELECT fts5(?1)" and a bound pointer. We find unicode61 there and
 * wrap it: every token unicode61 reports is stemmed and passed on with the
 * same offsets.
 */
#ifdef DEFCON_SQLITE_EXTENSION
/* Built into the loadable extension (extension.c): SQLite's functions
 * come through the pointer table the extension was handed. */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
#endif

#include "tokenizer.h"
#include "hash.h"
#include "array.h"
#include "ascii.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

/* Arguments we give unicode61: fold diacritics, including those of
 * characters that decompose to several code points. */
static const char *const unicode61_arguments[] = {"remove_diacritics", "2"};

/* Longest word the stemmer sees; longer tokens are kept whole. Snowball
 * is linear, but nothing of that length is an English word. */
#define STEM_MAX_BYTES 64

#define REPLAY_SLOTS 4

/* Snowball is the costliest step of tokenizing, and news text repeats its
 * words (Zipf): a direct-mapped cache of recent stems saves most calls.
 * Words longer than the slot are stemmed every time. */
#define STEM_CACHE_SLOTS 65536
#define STEM_CACHE_WORD 26     /* an entry is 64 bytes */
/* Words stemmed before the cache is made: zeroing its 4 MB costs ~4M
 * instructions, more than a search's few words would ever save. */
#define STEM_CACHE_AFTER 4096

typedef struct stem_cache_entry {
    uint64_t stem_hash;          /* defcon_term_hash() of the stem */
    unsigned char word_len;      /* 0: empty slot */
    unsigned char stem_len;
    char word[STEM_CACHE_WORD];
    char stem[STEM_CACHE_WORD];
    unsigned char reported;      /* the word sink has seen this pair */
    unsigned char unused;
} stem_cache_entry;

struct defcon_replay {
    struct {
        const char *text;
        size_t len;
        const defcon_tokens *tokens;
    } slots[REPLAY_SLOTS];
    int count;
    long replayed, tokenized;
};

struct defcon_tokenizer {
    fts5_tokenizer unicode61;          /* FTS5's implementation */
    Fts5Tokenizer *unicode61_instance;
    struct sb_stemmer *stemmer;        /* one per tokenizer: not thread-safe */
    stem_cache_entry *cache;           /* allocated after STEM_CACHE_AFTER words */
    int uncached;                      /* words stemmed before it */
    defcon_replay *replay;             /* borrowed; NULL outside the writer */
};

/* ---- fts5_api access ---- */

fts5_api *defcon_fts5_api(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *stmt = NULL;

    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return api;
}

/* ---- token lists ---- */

void defcon_tokens_reset(defcon_tokens *tokens)
{
    tokens->count = 0;
    defcon_buffer_clear(&tokens->terms);
}

void defcon_tokens_free(defcon_tokens *tokens)
{
    if (!tokens)
        return;
    free(tokens->items);
    tokens->items = NULL;
    tokens->count = tokens->capacity = 0;
    defcon_buffer_free(&tokens->terms);
}

static inline int tokens_add(defcon_tokens *tokens, const char *term, int term_len,
                             int start, int end, uint64_t hash)
{
    defcon_token *token;

    if (tokens->count == tokens->capacity
        && defcon_array_grow(&tokens->items, &tokens->capacity, sizeof *tokens->items, 256) != 0)
        return SQLITE_NOMEM;
    token = &tokens->items[tokens->count];
    token->term = tokens->terms.len;
    token->hash = hash;
    token->term_len = term_len;
    token->start = start;
    token->end = end;
    /* The common case inline: this runs once per token. */
    if (tokens->terms.len + (size_t)term_len + 1 > tokens->terms.cap
        && defcon_buffer_reserve(&tokens->terms, (size_t)term_len) != 0)
        return SQLITE_NOMEM;
    memcpy(tokens->terms.data + tokens->terms.len, term, (size_t)term_len);
    tokens->terms.len += (size_t)term_len;
    tokens->terms.data[tokens->terms.len] = '\0';
    tokens->count++;
    return SQLITE_OK;
}

int defcon_tokens_add(defcon_tokens *tokens, const char *term, int term_len, int start, int end)
{
    return tokens_add(tokens, term, term_len, start, end,
                      defcon_term_hash(term, (size_t)term_len));
}

/* ---- the tokenizer proper ---- */

static void tokenizer_destroy(defcon_tokenizer *tokenizer)
{
    if (!tokenizer)
        return;
    if (tokenizer->unicode61_instance)
        tokenizer->unicode61.xDelete(tokenizer->unicode61_instance);
    sb_stemmer_delete(tokenizer->stemmer);
    free(tokenizer->cache);
    free(tokenizer);
}

static int tokenizer_create(fts5_api *api, defcon_tokenizer **out)
{
    defcon_tokenizer *tokenizer;
    void *unicode61_context = NULL;
    int rc;

    *out = NULL;
    if (!api)
        return SQLITE_ERROR;
    tokenizer = calloc(1, sizeof *tokenizer);
    if (!tokenizer)
        return SQLITE_NOMEM;
    rc = api->xFindTokenizer(api, "unicode61", &unicode61_context, &tokenizer->unicode61);
    if (rc == SQLITE_OK)
        rc = tokenizer->unicode61.xCreate(unicode61_context, (const char **)unicode61_arguments,
                                          2, &tokenizer->unicode61_instance);
    if (rc == SQLITE_OK) {
        tokenizer->stemmer = sb_stemmer_new("english", "UTF_8");
        if (!tokenizer->stemmer)
            rc = SQLITE_NOMEM;
    }
    if (rc != SQLITE_OK) {
        tokenizer_destroy(tokenizer);
        return rc;
    }
    *out = tokenizer;
    return SQLITE_OK;
}

int defcon_tokenizer_new(sqlite3 *db, defcon_tokenizer **out)
{
    return tokenizer_create(defcon_fts5_api(db), out);
}

void defcon_tokenizer_free(defcon_tokenizer *tokenizer)
{
    tokenizer_destroy(tokenizer);
}

/* FNV-1a: short words, so a byte loop is fine. */
static unsigned stem_cache_slot(const char *word, int len)
{
    unsigned h = 2166136261u;
    int i;

    for (i = 0; i < len; i++)
        h = (h ^ (unsigned char)word[i]) * 16777619u;
    return (h ^ (h >> 16)) & (STEM_CACHE_SLOTS - 1);
}

/* Stems through the cache; *entry is the word's cache slot (NULL when the
 * word is not cacheable), so the caller can mark it reported. */
static const char *stem_cached(defcon_tokenizer *tokenizer, const char *word, int len,
                               int *stem_len, stem_cache_entry **entry)
{
    stem_cache_entry *e;
    const char *stem;

    *entry = NULL;
    if (len > STEM_CACHE_WORD)
        return defcon_tokenizer_stem(tokenizer, word, len, stem_len);
    if (!tokenizer->cache && tokenizer->uncached < STEM_CACHE_AFTER) {
        tokenizer->uncached++;
        return defcon_tokenizer_stem(tokenizer, word, len, stem_len);
    }
    if (!tokenizer->cache) {
        tokenizer->cache = defcon_array_zeroed(STEM_CACHE_SLOTS, sizeof *tokenizer->cache);
        if (!tokenizer->cache)
            return defcon_tokenizer_stem(tokenizer, word, len, stem_len);
    }
    e = &tokenizer->cache[stem_cache_slot(word, len)];
    if (e->word_len == len && memcmp(e->word, word, (size_t)len) == 0) {
        *stem_len = e->stem_len;
        *entry = e;
        return e->stem;
    }
    stem = defcon_tokenizer_stem(tokenizer, word, len, stem_len);
    if (*stem_len <= STEM_CACHE_WORD) {
        e->stem_hash = defcon_term_hash(stem, (size_t)*stem_len);
        e->word_len = (unsigned char)len;
        memcpy(e->word, word, (size_t)len);
        e->stem_len = (unsigned char)*stem_len;
        memcpy(e->stem, stem, (size_t)*stem_len);
        e->reported = 0;
        *entry = e;
        return e->stem;
    }
    return stem;
}

const char *defcon_tokenizer_stem(defcon_tokenizer *tokenizer, const char *word,
                                  int len, int *stem_len)
{
    const sb_symbol *stem;

    if (len > STEM_MAX_BYTES) {
        *stem_len = len;
        return word;
    }
    stem = sb_stemmer_stem(tokenizer->stemmer, (const sb_symbol *)word, len);
    if (!stem) {               /* out of memory inside Snowball: keep the word */
        *stem_len = len;
        return word;
    }
    *stem_len = sb_stemmer_length(tokenizer->stemmer);
    return (const char *)stem;
}

/* State of one pass of unicode61 under our stemming callback. */
typedef struct stem_pass {
    defcon_tokenizer *tokenizer;
    int stem;                 /* 0 for prefix query terms */
    /* Either forward to FTS5 ... */
    void *fts5_context;
    int (*fts5_token)(void *, int, const char *, int, int, int);
    /* ... or collect into a list. */
    defcon_tokens *tokens;
    defcon_word_sink sink;
    void *sink_context;
} stem_pass;

static int stem_pass_token(void *context, int flags, const char *word, int len,
                           int start, int end)
{
    stem_pass *pass = context;
    stem_cache_entry *entry = NULL;
    const char *term = word;
    int term_len = len;
    int rc;

    if (pass->stem)
        term = stem_cached(pass->tokenizer, word, len, &term_len, &entry);
    if (pass->tokens) {
        if (pass->sink && !(entry && entry->reported)
            && (term_len != len || memcmp(term, word, (size_t)len) != 0)) {
            if (pass->sink(pass->sink_context, word, len, term, term_len) != 0)
                return SQLITE_ABORT;
            if (entry)
                entry->reported = 1;
        }
        rc = tokens_add(pass->tokens, term, term_len, start, end,
                        entry ? entry->stem_hash : defcon_term_hash(term, (size_t)term_len));
        return rc;
    }
    return pass->fts5_token(pass->fts5_context, flags, term, term_len, start, end);
}

static int run_pass(defcon_tokenizer *tokenizer, const char *text, size_t len,
                    defcon_tokens *tokens, int stem, defcon_word_sink sink, void *sink_context)
{
    stem_pass pass;

    if (len > (size_t)0x7fffffff)
        return SQLITE_TOOBIG;
    memset(&pass, 0, sizeof pass);
    pass.tokenizer = tokenizer;
    pass.stem = stem;
    pass.tokens = tokens;
    pass.sink = sink;
    pass.sink_context = sink_context;
    return tokenizer->unicode61.xTokenize(tokenizer->unicode61_instance, &pass,
                                          FTS5_TOKENIZE_DOCUMENT, text, (int)len,
                                          stem_pass_token);
}

int defcon_tokenizer_run(defcon_tokenizer *tokenizer, const char *text, size_t len,
                         defcon_tokens *tokens, defcon_word_sink sink, void *sink_context)
{
    return run_pass(tokenizer, text, len, tokens, 1, sink, sink_context);
}

int defcon_tokenizer_fold(defcon_tokenizer *tokenizer, const char *text, size_t len,
                          defcon_tokens *tokens)
{
    return run_pass(tokenizer, text, len, tokens, 0, NULL, NULL);
}

/* ---- FTS5 callbacks ---- */

static int fts5_create(void *user_data, const char **arguments, int argument_count,
                       Fts5Tokenizer **out)
{
    defcon_tokenizer *tokenizer = NULL;
    int rc;

    (void)arguments;
    *out = NULL;
    if (argument_count != 0)
        return SQLITE_ERROR;   /* the tokenizer takes no options */
    rc = tokenizer_create(((void **)user_data)[0], &tokenizer);
    if (rc != SQLITE_OK)
        return rc;
    tokenizer->replay = ((void **)user_data)[1];
    *out = (Fts5Tokenizer *)tokenizer;
    return SQLITE_OK;
}

static void fts5_delete(Fts5Tokenizer *instance)
{
    tokenizer_destroy((defcon_tokenizer *)instance);
}

static int replay_take(defcon_replay *replay, const char *text, int len, void *context,
                       int (*token)(void *, int, const char *, int, int, int))
{
    int i;

    for (i = 0; i < replay->count; i++) {
        const defcon_tokens *tokens = replay->slots[i].tokens;
        size_t n;
        int rc = SQLITE_OK;

        if (!tokens || replay->slots[i].len != (size_t)len
            || memcmp(replay->slots[i].text, text, (size_t)len) != 0)
            continue;
        replay->slots[i].tokens = NULL;   /* each queued text is used once */
        for (n = 0; rc == SQLITE_OK && n < tokens->count; n++) {
            const defcon_token *t = &tokens->items[n];
            rc = token(context, 0, tokens->terms.data + t->term, t->term_len, t->start, t->end);
        }
        replay->replayed++;
        return rc;
    }
    return -1;
}

/* A query's DEFCON_TERMS_MARK text (tokenizer.h): its terms, the first a
 * token and the others colocated with it. */
static int terms_token(void *context, const char *text, int len,
                       int (*token)(void *, int, const char *, int, int, int))
{
    int start = 1, end, count = 0, rc = SQLITE_OK;

    for (; rc == SQLITE_OK && start < len; start = end + 1) {
        for (end = start; end < len && text[end] != DEFCON_TERMS_SEPARATOR; end++)
            ;
        if (end > start)
            rc = token(context, count++ ? FTS5_TOKEN_COLOCATED : 0, text + start, end - start,
                       0, len);
    }
    return rc;
}

/* A DEFCON_CODES_MARK text (tokenizer.h): each code a token, upper case.
 * Codes are ASCII letters; anything else ends a code. */
static int codes_tokens(void *context, const char *text, int len,
                        int (*token)(void *, int, const char *, int, int, int))
{
    char code[16];
    int start = 1, end, rc = SQLITE_OK;

    for (; rc == SQLITE_OK && start < len; start = end + 1) {
        int n = 0;
        for (end = start; end < len && defcon_ascii_is_alpha(text[end]); end++)
            if (n < (int)sizeof code)
                code[n++] = defcon_ascii_upper(text[end]);
        if (n > 0 && n < (int)sizeof code)
            rc = token(context, 0, code, n, start, end);
    }
    return rc;
}

static int fts5_tokenize(Fts5Tokenizer *instance, void *context, int flags,
                         const char *text, int len,
                         int (*token)(void *, int, const char *, int, int, int))
{
    defcon_tokenizer *tokenizer = (defcon_tokenizer *)instance;
    stem_pass pass;

    if ((flags & FTS5_TOKENIZE_QUERY) && len > 0 && text[0] == DEFCON_TERMS_MARK)
        return terms_token(context, text, len, token);
    if (len > 0 && text[0] == DEFCON_CODES_MARK)
        return codes_tokens(context, text, len, token);
    if (tokenizer->replay && (flags & FTS5_TOKENIZE_DOCUMENT)) {
        int rc = replay_take(tokenizer->replay, text, len, context, token);
        if (rc != -1)
            return rc;
        tokenizer->replay->tokenized++;
    }
    memset(&pass, 0, sizeof pass);
    pass.tokenizer = tokenizer;
    pass.stem = !(flags & FTS5_TOKENIZE_PREFIX);
    pass.fts5_context = context;
    pass.fts5_token = token;
    return tokenizer->unicode61.xTokenize(tokenizer->unicode61_instance, &pass, flags,
                                          text, len, stem_pass_token);
}

/* The registration's user data: the fts5_api and the replay queue. */
static void registration_free(void *user_data)
{
    free(user_data);
}

/* DEFCON_INSTANCES_FUNCTION(fts): see tokenizer.h. */
static void instances_function(const Fts5ExtensionApi *api, Fts5Context *fts,
                               sqlite3_context *context, int argument_count,
                               sqlite3_value **arguments)
{
    int count = 0;
    int rc = api->xInstCount(fts, &count);

    (void)argument_count;
    (void)arguments;
    if (rc == SQLITE_OK)
        sqlite3_result_int(context, count);
    else
        sqlite3_result_error_code(context, rc);
}

int defcon_tokenizer_register(sqlite3 *db, defcon_replay *replay)
{
    static fts5_tokenizer methods = {fts5_create, fts5_delete, fts5_tokenize};
    fts5_api *api = defcon_fts5_api(db);
    void **user_data;
    int rc;

    if (!api)
        return SQLITE_ERROR;
    user_data = malloc(2 * sizeof *user_data);
    if (!user_data)
        return SQLITE_NOMEM;
    user_data[0] = api;
    user_data[1] = replay;
    rc = api->xCreateTokenizer(api, DEFCON_TOKENIZER_NAME, user_data, &methods,
                               registration_free);
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, DEFCON_INSTANCES_FUNCTION, NULL, instances_function, NULL);
    return rc;
}

/* ---- replay queue ---- */

defcon_replay *defcon_replay_new(void)
{
    return calloc(1, sizeof(defcon_replay));
}

int defcon_replay_push(defcon_replay *replay, const char *text, size_t len,
                       const defcon_tokens *tokens)
{
    if (replay->count == REPLAY_SLOTS)
        return -1;
    replay->slots[replay->count].text = text;
    replay->slots[replay->count].len = len;
    replay->slots[replay->count].tokens = tokens;
    replay->count++;
    return 0;
}

void defcon_replay_clear(defcon_replay *replay)
{
    replay->count = 0;
}

void defcon_replay_counts(const defcon_replay *replay, long *replayed, long *tokenized)
{
    *replayed = replay->replayed;
    *tokenized = replay->tokenized;
}

void defcon_replay_free(defcon_replay *replay)
{
    free(replay);
}

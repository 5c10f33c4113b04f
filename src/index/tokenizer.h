/*
 * tokenizer.h - our FTS5 tokenizer: Snowball English (Porter2) stems over
 * unicode61 with diacritics folded.
 *
 * The tokenizer is registered on every connection under the name "defcon"
 * and is what the index's FTS5 table names. Offsets reported to FTS5 are
 * those of the original text, so highlight() and snippet() mark the words
 * as written. Query terms are stemmed the same way, except prefix terms
 * ("nucl*"), which are only folded: a prefix of a word is not a word.
 *
 * Tokenizing is the most expensive part of indexing that FTS5 would do on
 * the single writer thread. So the indexer's workers tokenize articles
 * themselves with a defcon_tokenizer (the same code FTS5 runs), and hand
 * the resulting token lists to a defcon_replay attached to the writer's
 * connection: when FTS5 asks to tokenize a document whose text is the one
 * queued, the tokenizer replays the list instead of tokenizing again.
 * Any other text is tokenized normally, so the replay is only a shortcut.
 */
#ifndef DEFCON_TOKENIZER_H
#define DEFCON_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "buffer.h"

/* FTS5's API object of a connection (NULL if SQLite lacks FTS5), for
 * registering tokenizers and auxiliary functions. Borrowed from `db`. */
fts5_api *defcon_fts5_api(sqlite3 *db);

/* Name under which the tokenizer is registered with FTS5. */
#define DEFCON_TOKENIZER_NAME "defcon"

/* One token: its stemmed form (in the owning list's text buffer) and the
 * byte range of the original word in the tokenized text. */
typedef struct defcon_token {
    size_t term;       /* offset of the term in defcon_tokens.terms */
    uint64_t hash;     /* defcon_term_hash() of the term */
    int term_len;
    int start, end;    /* byte offsets in the source text */
} defcon_token;

/* A tokenized text. Owned by whoever made it; free with defcon_tokens_free. */
typedef struct defcon_tokens {
    defcon_token *items;
    size_t count, capacity;
    defcon_buffer terms;   /* the stems, back to back */
} defcon_tokens;

void defcon_tokens_reset(defcon_tokens *tokens);
/* Appends a token of `term` (its hash computed); SQLITE_OK or
 * SQLITE_NOMEM. */
int defcon_tokens_add(defcon_tokens *tokens, const char *term, int term_len, int start, int end);
void defcon_tokens_free(defcon_tokens *tokens);

/* Called by defcon_tokenizer_run for each folded word that the stemmer
 * changed (every occurrence: the caller removes repeats). `word` and `stem` are not NUL-terminated and
 * are valid only during the call. Returns 0, or non-zero to stop. */
typedef int (*defcon_word_sink)(void *context, const char *word, int word_len,
                                const char *stem, int stem_len);

/* A standalone tokenizer for one thread. */
typedef struct defcon_tokenizer defcon_tokenizer;

/* Creates a tokenizer that behaves exactly as the one FTS5 runs; `db` is
 * any connection (it provides FTS5's unicode61). The tokenizer may then be
 * used on another thread than db's, but by one thread at a time.
 * Returns SQLITE_OK and sets *out, or an error code and sets *out = NULL. */
int defcon_tokenizer_new(sqlite3 *db, defcon_tokenizer **out);

/* Tokenizes `len` bytes of `text`, appending to *tokens (call
 * defcon_tokens_reset first for a fresh list). If `sink` is not NULL it
 * receives every (word, stem) pair where stemming changed the word.
 * Returns SQLITE_OK or an error code. */
int defcon_tokenizer_run(defcon_tokenizer *tokenizer, const char *text, size_t len,
                         defcon_tokens *tokens, defcon_word_sink sink, void *sink_context);

/* Like defcon_tokenizer_run, but the words are only folded (lower case,
 * no diacritics), not stemmed: what a prefix query term becomes. */
int defcon_tokenizer_fold(defcon_tokenizer *tokenizer, const char *text, size_t len,
                          defcon_tokens *tokens);

/* Stems one folded word; returns a pointer to the stem, owned by the
 * tokenizer and valid until the next call, and its length in *stem_len. */
const char *defcon_tokenizer_stem(defcon_tokenizer *tokenizer, const char *word,
                                  int len, int *stem_len);

void defcon_tokenizer_free(defcon_tokenizer *tokenizer);

/* In a query (FTS5_TOKENIZE_QUERY), a text starting with DEFCON_TERMS_MARK
 * is not words but index terms, separated by DEFCON_TERMS_SEPARATOR, read
 * as one token that is any of them (colocated: FTS5's synonyms): "\x1d"
 * "presid" "\x1f" "press". No term is stemmed; with none, the text is no
 * token, which no row holds. Searches write it (search.c) for a page's own
 * terms of a prefix; a query as typed never holds control characters
 * (query.h). */
#define DEFCON_TERMS_MARK '\x1d'
#define DEFCON_TERMS_SEPARATOR '\x1f'

/* A text starting with DEFCON_CODES_MARK, in any mode, is country codes
 * separated by spaces, each one token as written, in upper case: "\x1e"
 * "IR US". The index's codes column holds its articles' codes so
 * (database.c), and a --country filter asks for "\x1e" "IR". Words are
 * folded to lower case, so no word a researcher types reaches a code, and
 * a query needs no column filter to keep its words out of the codes (a
 * filter costs FTS5 a copy of every match's positions). */
#define DEFCON_CODES_MARK '\x1e'

/* A queue of pre-tokenized texts for FTS5 to take instead of tokenizing. */
typedef struct defcon_replay defcon_replay;

/* Registers the "defcon" tokenizer on `db`, and the FTS5 auxiliary
 * function DEFCON_INSTANCES_FUNCTION. If `replay` is not NULL the
 * tokenizer consults it for documents; it must outlive the connection's
 * use of FTS5 (close the connection first). Returns an SQLite code. */
int defcon_tokenizer_register(sqlite3 *db, defcon_replay *replay);

/* DEFCON_INSTANCES_FUNCTION(fts) is the number of matches of the query's
 * phrases in the current row, all columns together. FTS5's snippet()
 * takes time in the square of it, so searches ask first (search.c). */
#define DEFCON_INSTANCES_FUNCTION "defcon_instances"

/* Creates an empty replay queue, or returns NULL when memory runs out. */
defcon_replay *defcon_replay_new(void);

/* Queues `text` (borrowed: it must stay unchanged until the queue is
 * cleared) with its tokens (borrowed as well). Up to 4 texts can be
 * queued: one per column of the next insert. Returns 0 or -1 when full. */
int defcon_replay_push(defcon_replay *replay, const char *text, size_t len,
                       const defcon_tokens *tokens);

/* Forgets every queued text. */
void defcon_replay_clear(defcon_replay *replay);

/* How many documents were replayed and how many were tokenized afresh. */
void defcon_replay_counts(const defcon_replay *replay, long *replayed, long *tokenized);

void defcon_replay_free(defcon_replay *replay);

#endif

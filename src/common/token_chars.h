/*
 * token_chars.h - the characters of a word, as the index sees them: the
 * code points FTS5's unicode61 tokenizer (under our tokenizer) keeps in a
 * token. The query language drops words without one, and highlighting in
 * `show` and on the article page marks whole words by the same rule.
 */
#ifndef DEFCON_TOKEN_CHARS_H
#define DEFCON_TOKEN_CHARS_H

/* 1 when unicode61 makes code point `c` part of a token: ASCII letters and
 * digits, and every other Unicode code point but its separators. */
int defcon_token_char(unsigned long c);

#endif

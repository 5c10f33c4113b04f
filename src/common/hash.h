/*
 * hash.h - the one 64-bit mixing function: every input bit flips each
 * output bit with probability close to one half. The content hash of
 * archive files (corpus.c) is built on it, and so are the near-duplicate
 * fingerprints (fingerprint.c) and their band keys (copies.c). Changing
 * it changes stored hashes: files are then read again once.
 */
#ifndef DEFCON_HASH_H
#define DEFCON_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t defcon_hash_mix64(uint64_t x)
{
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ULL;
    x ^= x >> 27;
    x *= 0x81dadef4bc2dd44dULL;
    x ^= x >> 33;
    return x;
}

/* The hash of a term's bytes (FNV-1a, then the mix above): computed once
 * a token (tokenizer.h keeps it with the token, and the stem cache with
 * the stem), read by the fingerprints, whose stored values it makes, and
 * by the term counts' table. */
static inline uint64_t defcon_term_hash(const char *bytes, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (size_t k = 0; k < len; k++) {
        h ^= (unsigned char)bytes[k];
        h *= 0x100000001b3ULL;
    }
    return defcon_hash_mix64(h);
}

#endif

/*
 * hash.h - the one 64-bit mixing function: every input bit flips each
 * output bit with probability close to one half. The content hash of
 * archive files (corpus.c) is built on it, and so are the near-duplicate
 * fingerprints (fingerprint.c) and their band keys (copies.c). Changing
 * it changes stored hashes: files are then read again once.
 */
#ifndef DEFCON_HASH_H
#define DEFCON_HASH_H

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

#endif

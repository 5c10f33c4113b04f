/*
 * edit_distance.h - how many single-byte edits separate two words: the
 * spelling suggestions of a query and of a country name both ask it.
 */
#ifndef DEFCON_EDIT_DISTANCE_H
#define DEFCON_EDIT_DISTANCE_H

#include <stddef.h>
#include <stdint.h>

/* The most bytes a word may have for its distance to be computed. */
#define DEFCON_EDIT_DISTANCE_MAX_LENGTH 64

/* The optimal string alignment distance between a[0, a_len) and
 * b[0, b_len): insertions, deletions, substitutions and transpositions of
 * two neighbouring bytes each count 1. Gives up, returning limit + 1, as
 * soon as the distance must exceed `limit`, or when a word is longer than
 * DEFCON_EDIT_DISTANCE_MAX_LENGTH. */
int defcon_edit_distance(const char *a, size_t a_len, const char *b, size_t b_len, int limit);

/* The byte values of a word as a set, each value v as bit v % 64: for
 * defcon_edit_distance_at_least. */
uint64_t defcon_edit_letters(const char *word, size_t len);

/* A lower bound of the distance between two words from their sets: each
 * bit one set holds and the other lacks stands for byte values of the one
 * word missing from the other, which an edit apiece must take out (a
 * deletion or substitution takes out one byte, a transposition none). A
 * scan of the vocabulary rejects most words with it before the distance. */
int defcon_edit_distance_at_least(uint64_t a, uint64_t b);

#endif

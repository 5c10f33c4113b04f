/*
 * copies.h - copy groups: which story each article belongs to.
 *
 * At index time every article gets a story id: the id (rowid) of the
 * first article of its copy group, or its own id when it is a copy of no
 * article seen before. A query folds copies by grouping on the story id,
 * with nothing to compute at query time.
 *
 * Candidates are found by exact lookups, never by a scan: an article is
 * filed under the eight 8-bit bands of its body SimHash (two hashes at
 * most DEFCON_COPY_DISTANCE = 7 bits apart agree on at least one band, by
 * the pigeonhole principle), under its sampled paragraphs, its title hash
 * and its title's first stem, each for its own day; an article looks under its keys for the days close to its own
 * (fingerprint.h), and the candidates are then judged by
 * defcon_fingerprint_compare. Of several copies found, the one with the
 * lowest defcon_fingerprint_match_cost gives the story (then the lower
 * story id), so the result does not depend on the order of a lookup.
 *
 * defcon_copies is the in-memory structure of one indexing run;
 * defcon_copy_store (copy_store.h) keeps fingerprints and stories in the
 * index and loads an incremental run's neighbours into it.
 */
#ifndef DEFCON_COPIES_H
#define DEFCON_COPIES_H

#include <stddef.h>
#include <stdint.h>

#include "fingerprint.h"

/* Bands of the SimHash: 8 of 8 bits, so DEFCON_COPY_DISTANCE may be 7. */
#define DEFCON_COPY_BANDS 8

typedef struct defcon_copies defcon_copies;

/* Creates an empty structure. Returns 0 and sets *out, or -1 (memory)
 * and sets *out = NULL. */
int defcon_copies_new(defcon_copies **out);

/* Frees it. Accepts NULL. */
void defcon_copies_free(defcon_copies *copies);

/* Files article `id` (unique: a rowid) with its fingerprint and finds its
 * story: *story gets the story of its best copy among the articles filed
 * before, or `id`; *reason (may be NULL) gets why it is a copy, or
 * DEFCON_COPY_NONE. Returns 0, or -1 when memory runs out (nothing filed). */
int defcon_copies_add(defcon_copies *copies, int64_t id, const defcon_fingerprint *fingerprint,
                      int64_t *story, defcon_copy_reason *reason);

/* Files article `id` with a story already known (loaded from the index):
 * it becomes a candidate for later articles but nothing is looked up.
 * Returns 0, or -1 when memory runs out. */
int defcon_copies_insert(defcon_copies *copies, int64_t id, const defcon_fingerprint *fingerprint,
                         int64_t story);

/* Forgets article `id`, filed with this fingerprint: it is no longer a
 * candidate. Articles that took their story from it keep that story id,
 * which stays the group's label. Returns 1 if it was filed, 0 if not. */
int defcon_copies_remove(defcon_copies *copies, int64_t id, const defcon_fingerprint *fingerprint);

/* The number of articles filed (removed ones excluded). */
long defcon_copies_count(const defcon_copies *copies);

/* The bytes the structure holds allocated. */
size_t defcon_copies_bytes(const defcon_copies *copies);

/* Forgets every article, keeping the memory for the next ones: a long
 * run that keeps its articles in the index (copy_store.h) reloads the
 * neighbours it needs instead of holding them all. */
void defcon_copies_clear(defcon_copies *copies);

#endif

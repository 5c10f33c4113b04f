/*
 * count_map.h - a small hash map from 64-bit keys to 64-bit counts, for
 * the indexer's bookkeeping during a run: the last rowid given out on each
 * day, the change in the article count of each period.
 */
#ifndef DEFCON_COUNT_MAP_H
#define DEFCON_COUNT_MAP_H

#include <stddef.h>

/* Open addressing over 64-bit keys; used for the last rowid of each day
 * and for the change in article counts per period. */
typedef struct defcon_count_map {
    long long *keys;         /* key + 1; 0 marks an empty slot */
    long long *values;
    size_t slot_count, used;
} defcon_count_map;

/* An empty map: all zeros. */
#define DEFCON_COUNT_MAP_INIT {NULL, NULL, 0, 0}

/* The value slot of `key` (any value but LLONG_MAX), created (as 0) if
 * `create`; NULL when absent or out of memory. Valid until the next
 * creation. */
long long *defcon_count_map_find(defcon_count_map *map, long long key, int create);

/* Walks the map: start with *position 0; each call gives the next entry
 * and returns 1, or returns 0 when there is none left. */
int defcon_count_map_next(const defcon_count_map *map, size_t *position, long long *key,
                          long long *value);

void defcon_count_map_free(defcon_count_map *map);

#endif

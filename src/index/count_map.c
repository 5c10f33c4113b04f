/*
 * count_map.c - open addressing over 64-bit keys (count_map.h), keys
 * spread by the corpus content hash.
 */
#include "count_map.h"
#include "array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

static uint64_t mix_key(long long key)
{
    return defcon_content_hash((const char *)&key, sizeof key);
}

long long *defcon_count_map_find(defcon_count_map *map, long long key, int create)
{
    size_t i;

    if (create && map->used * 2 >= map->slot_count) {
        size_t count = map->slot_count ? map->slot_count * 2 : 1024, k;
        long long *keys = defcon_array_zeroed(count, sizeof *keys);
        long long *values = defcon_array_zeroed(count, sizeof *values);
        if (!keys || !values) {
            free(keys);
            free(values);
            return NULL;
        }
        for (k = 0; k < map->slot_count; k++) {
            if (!map->keys[k])
                continue;
            for (i = (size_t)mix_key(map->keys[k]) & (count - 1); keys[i];
                 i = (i + 1) & (count - 1))
                ;
            keys[i] = map->keys[k];
            values[i] = map->values[k];
        }
        free(map->keys);
        free(map->values);
        map->keys = keys;
        map->values = values;
        map->slot_count = count;
    }
    if (!map->slot_count)
        return NULL;
    for (i = (size_t)mix_key(key + 1) & (map->slot_count - 1); map->keys[i];
         i = (i + 1) & (map->slot_count - 1))
        if (map->keys[i] == key + 1)
            return &map->values[i];
    if (!create)
        return NULL;
    map->keys[i] = key + 1;
    map->values[i] = 0;
    map->used++;
    return &map->values[i];
}

void defcon_count_map_free(defcon_count_map *map)
{
    free(map->keys);
    free(map->values);
    memset(map, 0, sizeof *map);
}

int defcon_count_map_next(const defcon_count_map *map, size_t *position, long long *key,
                          long long *value)
{
    for (; *position < map->slot_count; (*position)++) {
        if (!map->keys[*position])
            continue;
        *key = map->keys[*position] - 1;
        *value = map->values[*position];
        (*position)++;
        return 1;
    }
    return 0;
}


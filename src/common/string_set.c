/*
 * string_set.c - a set of strings; see string_set.h. Linear probing in a
 * table kept at most half full.
 */
#include "string_set.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

static uint64_t hash_of(const char *text)
{
    uint64_t hash = 0x9e3779b97f4a7c15ULL;

    for (; *text; text++)
        hash = defcon_hash_mix64(hash ^ (unsigned char)*text);
    return hash;
}

/* The slot holding `text`, or the empty slot where it would go. */
static size_t slot_of(char *const *slots, size_t capacity, const char *text)
{
    size_t i = (size_t)hash_of(text) & (capacity - 1);

    while (slots[i] && strcmp(slots[i], text) != 0)
        i = (i + 1) & (capacity - 1);
    return i;
}

static int grow(defcon_string_set *set)
{
    size_t capacity = set->capacity ? set->capacity * 2 : 64, i;
    char **slots;

    if (capacity < set->capacity || capacity > SIZE_MAX / sizeof *slots)
        return -1;
    slots = calloc(capacity, sizeof *slots);
    if (!slots)
        return -1;
    for (i = 0; i < set->capacity; i++)
        if (set->slots[i])
            slots[slot_of(slots, capacity, set->slots[i])] = set->slots[i];
    free(set->slots);
    set->slots = slots;
    set->capacity = capacity;
    return 0;
}

int defcon_string_set_add(defcon_string_set *set, const char *text)
{
    size_t i;
    char *copy;

    if ((set->count + 1) * 2 > set->capacity && grow(set) != 0)
        return -1;
    i = slot_of(set->slots, set->capacity, text);
    if (set->slots[i])
        return 0;
    copy = strdup(text);
    if (!copy)
        return -1;
    set->slots[i] = copy;
    set->count++;
    return 1;
}

void defcon_string_set_free(defcon_string_set *set)
{
    size_t i;

    for (i = 0; i < set->capacity; i++)
        free(set->slots[i]);
    free(set->slots);
    set->slots = NULL;
    set->capacity = set->count = 0;
}

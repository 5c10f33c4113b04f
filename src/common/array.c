/*
 * array.c - the doubling rule of array.h.
 */
#include "array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *defcon_array_zeroed(size_t count, size_t item_size)
{
    size_t bytes;
    void *items;

    if (item_size != 0 && count > SIZE_MAX / item_size)
        return NULL;
    bytes = count * item_size;
    items = malloc(bytes > 0 ? bytes : 1);
    if (items)
        memset(items, 0, bytes);
    return items;
}

int defcon_array_grow(void *items, size_t *capacity, size_t item_size, size_t first)
{
    size_t bigger = *capacity ? *capacity * 2 : first;
    void *old, *grown;

    if (bigger < *capacity || item_size == 0 || bigger > SIZE_MAX / item_size)
        return -1;
    /* `items` is the address of some T *: copied, not cast, to stay within
     * what C allows for reading a pointer of another type. */
    memcpy(&old, items, sizeof old);
    grown = realloc(old, bigger * item_size);
    if (!grown)
        return -1;
    memcpy(items, &grown, sizeof grown);
    *capacity = bigger;
    return 0;
}

/*
 * array.c - the doubling rule of array.h.
 */
#include "array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

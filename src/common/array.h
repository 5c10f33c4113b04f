/*
 * array.h - growing the arrays that modules keep as a pointer, a count
 * and a capacity: one doubling rule with its overflow check, instead of a
 * realloc dance in every module.
 */
#ifndef DEFCON_ARRAY_H
#define DEFCON_ARRAY_H

#include <stddef.h>

/* Makes room for more items in a growable array of `item_size`-byte
 * items. `items` points to the array's pointer (NULL when empty), which
 * is reallocated to twice *capacity items, or to `first` items the first
 * time; *capacity is updated. Returns 0, or -1 when memory runs out or the
 * size would overflow, leaving the array and *capacity as they were. */
int defcon_array_grow(void *items, size_t *capacity, size_t item_size, size_t first);

/* calloc() for a hash table that is probed before it is filled: the zeros
 * are written at once. calloc() hands out fresh pages unwritten, so the
 * table's first probes map the shared zero page and the first store into
 * each page copies it, which flushes the TLB of every core running the
 * process's threads (an interrupt each). Returns NULL when memory runs out
 * or the size would overflow; free with free(). */
void *defcon_array_zeroed(size_t count, size_t item_size);

#endif

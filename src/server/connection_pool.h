/*
 * connection_pool.h - the server's read-only connections to the index.
 *
 * A connection (database.h) is for one thread at a time and sees the
 * index as it was when opened. The pool hands out one per request and
 * takes it back after; before handing one out it checks that the index
 * is still the one the connection opened: the same file (device and
 * inode: a copy moved into place replaces it) and, unless immutable, the
 * same SQLite data_version (read on a second connection that holds no
 * transaction: a defcon-index run that committed changes it). A stale
 * connection is closed and opened anew. Each connection carries a time
 * limit: armed, SQLite's progress handler interrupts any statement that
 * runs past it.
 */
#ifndef DEFCON_CONNECTION_POOL_H
#define DEFCON_CONNECTION_POOL_H

#include <stddef.h>

#include "database.h"

typedef struct defcon_pool defcon_pool;
typedef struct defcon_pool_slot defcon_pool_slot;

/* A pool of at most `max` connections to the index at `path` (immutable:
 * DEFCON_DB_READ_IMMUTABLE, else DEFCON_DB_READ_MAPPED). Opens none yet.
 * NULL when out of memory. */
defcon_pool *defcon_pool_new(const char *path, int immutable, size_t max);

/* Closes every connection and frees the pool; none may be in use.
 * Accepts NULL. */
void defcon_pool_free(defcon_pool *pool);

/* Takes a connection, opening it (again) if needed. Returns NULL when
 * all `max` are in use or the index cannot be opened, with the reason in
 * error[size]. Thread-safe. */
defcon_pool_slot *defcon_pool_acquire(defcon_pool *pool, char *error, size_t size);

/* Gives the connection back. Thread-safe. */
void defcon_pool_release(defcon_pool *pool, defcon_pool_slot *slot);

/* The connection, the index's archive folder (NULL if unknown) and its
 * build id (never NULL: the stored one, else one made from the file's
 * identity, size and time). Borrowed while the slot is held. */
defcon_db *defcon_pool_db(defcon_pool_slot *slot);
const char *defcon_pool_archive(const defcon_pool_slot *slot);
const char *defcon_pool_build_id(const defcon_pool_slot *slot);

/* Lets statements run for `seconds` from now (0: no limit). */
void defcon_pool_arm(defcon_pool_slot *slot, double seconds);

/* Whether a statement was interrupted by the time limit since it was
 * armed; the connection is then opened anew before its next use. */
int defcon_pool_timed_out(defcon_pool_slot *slot);

/* Seconds on a monotonic clock. */
double defcon_pool_now(void);

#endif

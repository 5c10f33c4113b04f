/*
 * statements.c - the prepared-statement list of statements.h.
 */
#include "statements.h"

#include <stdlib.h>

int defcon_statements_init(defcon_statements *statements, sqlite3 *db,
                           const char *const *sql, size_t count)
{
    statements->db = db;
    statements->sql = sql;
    statements->count = count;
    statements->prepared = calloc(count, sizeof *statements->prepared);
    return statements->prepared ? SQLITE_OK : SQLITE_NOMEM;
}

int defcon_statements_prepare(defcon_statements *statements)
{
    size_t i;
    int rc = SQLITE_OK;

    for (i = 0; rc == SQLITE_OK && i < statements->count; i++)
        if (!statements->prepared[i])
            rc = sqlite3_prepare_v3(statements->db, statements->sql[i], -1,
                                    SQLITE_PREPARE_PERSISTENT, &statements->prepared[i], NULL);
    return rc;
}

void defcon_statements_clear(defcon_statements *statements)
{
    size_t i;

    for (i = 0; statements->prepared && i < statements->count; i++)
        sqlite3_finalize(statements->prepared[i]);
    free(statements->prepared);
    statements->prepared = NULL;
}

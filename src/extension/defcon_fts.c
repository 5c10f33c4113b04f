/*
 * defcon_fts.c - our tokenizer as a loadable SQLite extension.
 *
 * The index is a plain SQLite file, but its FTS5 table names the "defcon"
 * tokenizer, which SQLite does not know. Loading this extension registers
 * it, so any client can run MATCH queries on the index:
 *
 *     sqlite3 defcon.db
 *     sqlite> .load build/src/defcon_fts
 *     sqlite> SELECT title FROM fts WHERE fts MATCH 'zarif' ORDER BY rank;
 *
 * It is built from the same tokenizer.c as the programs, so a query
 * stems exactly as the index was stemmed.
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "tokenizer.h"

#if defined(__GNUC__)
#define DEFCON_EXPORT __attribute__((visibility("default")))
#else
#define DEFCON_EXPORT
#endif

DEFCON_EXPORT int sqlite3_defconfts_init(sqlite3 *db, char **error,
                                         const sqlite3_api_routines *api);

/* SQLite calls this when the extension is loaded as "defcon_fts". */
DEFCON_EXPORT int sqlite3_defconfts_init(sqlite3 *db, char **error, const sqlite3_api_routines *api)
{
    int rc;

    SQLITE_EXTENSION_INIT2(api);
    rc = defcon_tokenizer_register(db, NULL);
    if (rc != SQLITE_OK && error)
        *error = sqlite3_mprintf("defcon_fts: cannot register the tokenizer (FTS5 missing?)");
    return rc;
}

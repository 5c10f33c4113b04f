/*
 * statements.h - a module's own prepared statements: a fixed list of SQL
 * texts, each prepared on first need and all finalized together, as
 * FTS5's storage layer keeps its statement array. Modules that write
 * tables of their own (term_counts.c, country_blocks.c) hold one each, so
 * no caller ever reaches into another module's statements.
 */
#ifndef DEFCON_STATEMENTS_H
#define DEFCON_STATEMENTS_H

#include <stddef.h>

#include <sqlite3.h>

typedef struct defcon_statements {
    sqlite3 *db;                   /* borrowed */
    const char *const *sql;        /* `count` texts, static */
    sqlite3_stmt **prepared;       /* NULL until prepared */
    size_t count;
} defcon_statements;

/* Sets up the list over `db` and the `count` texts of `sql` (both must
 * outlive it). Returns an SQLite code. */
int defcon_statements_init(defcon_statements *statements, sqlite3 *db,
                           const char *const *sql, size_t count);

/* Prepares every statement not prepared yet. Returns an SQLite code;
 * then statements->prepared[i] is statement i. */
int defcon_statements_prepare(defcon_statements *statements);

/* Finalizes every statement and frees the list; safe to call twice. */
void defcon_statements_clear(defcon_statements *statements);

#endif

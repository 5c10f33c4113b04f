/*
 * database.c - opening the index, its schema and settings; see database.h.
 *
 * Writers use WAL so that searches keep reading the previous index while
 * a reindex runs, and so that a killed run leaves the last committed index
 * intact. Readers open read-only; when the folder does not let SQLite
 * create the WAL's shared-memory file, they fall back to an immutable open.
 */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE   /* MAP_ANONYMOUS, madvise */
#endif
#include "database.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buffer.h"
#include "copy_store.h"
#include "rank.h"

struct defcon_db {
    sqlite3 *sqlite;
    char *path;
    int first_build;         /* a new file, in rollback journal mode for now */
    defcon_db_mode mode;
    defcon_db *another;      /* defcon_db_another: opened on first need */
    char message[1024];
};

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS files(\n"
    "  path TEXT PRIMARY KEY,          -- relative to the archive folder\n"
    "  size INTEGER NOT NULL,          -- for change detection: same size and\n"
    "  mtime_ns INTEGER NOT NULL,      -- time, not read again; same hash, only\n"
    "  hash INTEGER NOT NULL           -- touched\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS articles(\n"
    "  rowid INTEGER PRIMARY KEY,      -- date-ordered, see database.h\n"
    "  id TEXT NOT NULL UNIQUE,        -- front matter id, canonical URL, feed guid;\n"
    "                                  -- else the path\n"
    "  path TEXT NOT NULL,             -- the file it comes from (files.path)\n"
    "  member INTEGER,                 -- NULL when the file is the article; else\n"
    "                                  -- which of the file's articles: a WARC\n"
    "                                  -- record's offset, a feed item's number\n"
    "  date TEXT,                      -- YYYY, YYYY-MM or YYYY-MM-DD; NULL if undated\n"
    "  first_day INTEGER,              -- the period the date stands for,\n"
    "  last_day INTEGER,               -- in days since 1970-01-01\n"
    "  source TEXT,\n"
    "  url TEXT,\n"
    "  topics TEXT,\n"
    "  key TEXT,                       -- shared by every capture of the article\n"
    "                                  -- (its canonical URL's key); NULL: none\n"
    "  captured INTEGER NOT NULL,      -- capture time, seconds since 1970 (the WARC\n"
    "                                  -- date, else the file's time): newest wins\n"
    "  capture_url TEXT,               -- web captures: the WARC target URI,\n"
    "  capture_date TEXT,              -- the WARC date as written,\n"
    "  record_id TEXT,                 -- the WARC record id\n"
    "  asked_id TEXT,                  -- the id it declares, held by another\n"
    "  countries TEXT NOT NULL,        -- codes it is about, most prominent first\n"
    "  mentions TEXT NOT NULL,         -- JSON: every country mentioned, see the view\n"
    "  lines BLOB,                     -- boilerplate keys: index_boilerplate.c\n"
    "  title TEXT NOT NULL,            -- the long columns last: reading the\n"
    "  body TEXT NOT NULL,             -- others need not page through them\n"
    "  codes TEXT GENERATED ALWAYS AS (char(30) || countries) VIRTUAL\n"
    "                                  -- the codes as FTS5 reads them: tokenizer.h\n"
    ");\n"
    "CREATE INDEX IF NOT EXISTS articles_files ON articles(path, member);\n"
    "CREATE INDEX IF NOT EXISTS articles_keys ON articles(key) WHERE key IS NOT NULL;\n"
    "CREATE INDEX IF NOT EXISTS articles_asked ON articles(asked_id) WHERE asked_id IS NOT NULL;\n"
    "-- Captures of an article that a newer capture in another file (or member)\n"
    "-- holds: when that one goes, these files are read again.\n"
    "CREATE TABLE IF NOT EXISTS folded(\n"
    "  key TEXT NOT NULL,\n"
    "  path TEXT NOT NULL,\n"
    "  member INTEGER,\n"
    "  captured INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX IF NOT EXISTS folded_paths ON folded(path);\n"
    "CREATE INDEX IF NOT EXISTS folded_keys ON folded(key);\n"
    "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(\n"
    "  title, body, codes, content='articles', content_rowid='rowid',\n"
    "  tokenize='" DEFCON_TOKENIZER_NAME "'\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS vocab(\n"
    "  word TEXT PRIMARY KEY,          -- folded as the tokenizer folds\n"
    "  stem TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS terms(\n"
    "  first TEXT PRIMARY KEY,         -- the first term of the block\n"
    "  counts BLOB NOT NULL            -- terms as FTS5 holds them (stems), each\n"
    "                                  -- with the articles whose title or body\n"
    "                                  -- holds it: see terms.c\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS article_codes(\n"
    "  block INTEGER PRIMARY KEY,      -- 16 days' articles, 1,024 of each\n"
    "  codes BLOB NOT NULL             -- its articles' countries: see codes.c\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS periods(\n"
    "  label TEXT PRIMARY KEY,         -- YYYY, or YYYY-MM\n"
    "  articles INTEGER NOT NULL       -- articles dated in it\n"
    ") WITHOUT ROWID;\n";

/* The view of the countries each article mentions, for sqlite3 users (apart
 * only for the length of a string constant). */
static const char countries_view_sql[] =
    "CREATE VIEW IF NOT EXISTS article_countries AS\n"
    "  SELECT a.rowid AS article, m.key AS code,\n"
    "         json_extract(m.value, '$.count') AS mentions,\n"
    "         json_extract(m.value, '$.title') AS in_title,\n"
    "         json_extract(m.value, '$.lead') AS in_lead,\n"
    "         json_extract(m.value, '$.score') AS score,\n"
    "         json_extract(m.value, '$.about') AS about\n"
    "  FROM articles a, json_each(a.mentions) m;\n";

/* Near-duplicate copies (copy_store.h): a fingerprint and a story an
 * article; the partial index lists the copies only, for folding. */
static const char copies_sql[] =
    DEFCON_COPY_STORE_SCHEMA
    "CREATE INDEX IF NOT EXISTS copies_folded ON copies(story) WHERE story <> rowid;\n";
/* The alert levels articles assess (defcon_level.h) and the cleaned HTML
 * of articles read from HTML pages (for show --html), apart: the schema's
 * one string would pass the 4,095 bytes C99 promises. */
static const char side_tables_sql[] =
    "CREATE TABLE IF NOT EXISTS levels(\n"
    "  rowid INTEGER PRIMARY KEY,      -- the article's (articles.rowid), when it\n"
    "  level INTEGER NOT NULL,         -- states the level it assesses: 1 to 5\n"
    "  colour TEXT                     -- as stated (\"Blue\"), NULL when none\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS article_html(\n"
    "  rowid INTEGER PRIMARY KEY,      -- the article's (articles.rowid), when it\n"
    "  html TEXT NOT NULL              -- comes from an HTML page: its main content\n"
    ");                                -- as minimal safe HTML (html_page.h)\n";
/* The boilerplate learner's tables, apart only for the length of a
 * string constant. */
static const char schema_boilerplate_sql[] =
    "-- Boilerplate learned across the archive (index_boilerplate.c): in how\n"
    "-- many articles of its site each candidate line appears.\n"
    "CREATE TABLE IF NOT EXISTS boilerplate(\n"
    "  key INTEGER PRIMARY KEY,        -- hash of the site and the folded line\n"
    "  site INTEGER NOT NULL,          -- sites.site\n"
    "  articles INTEGER NOT NULL,      -- articles holding it\n"
    "  spread INTEGER NOT NULL,        -- day classes (day mod 8) among them\n"
    "  days BLOB NOT NULL,             -- articles per day class, 8 x 4 bytes\n"
    "  removed INTEGER NOT NULL DEFAULT 0, -- 1: boilerplate, taken out\n"
    "  line TEXT                       -- the line, once on two articles\n"
    ");\n"
    "CREATE INDEX IF NOT EXISTS boilerplate_common ON boilerplate(articles)\n"
    "  WHERE articles >= 5;\n"
    "CREATE INDEX IF NOT EXISTS boilerplate_removed ON boilerplate(key) WHERE removed = 1;\n"
    "CREATE TABLE IF NOT EXISTS sites(\n"
    "  site INTEGER PRIMARY KEY,       -- hash of the name\n"
    "  name TEXT,                      -- URL host, \"captures\", \"\" for the archive\n"
    "  articles INTEGER NOT NULL\n"
    ");\n";


/* Day keys count down from this one; 1900-01-01 is day -25567, 2100-12-31
 * day 47846, so every date of date.h has a key from 5721 to 79134, and the
 * undated articles get the key above them all. */
#define NEWEST_DAY_KEY 53567L
#define UNDATED_DAY_KEY (NEWEST_DAY_KEY + 25567L + 1)

static long long day_key(long day)
{
    return NEWEST_DAY_KEY - day;
}

long long defcon_rowid_day_start(long day)
{
    return day_key(day) << DEFCON_ROWID_DAY_SHIFT;
}

long long defcon_rowid_day_end(long day)
{
    return (day_key(day) + 1) << DEFCON_ROWID_DAY_SHIFT;
}

long long defcon_rowid_undated_start(void)
{
    return (long long)UNDATED_DAY_KEY << DEFCON_ROWID_DAY_SHIFT;
}

long defcon_rowid_day(long long rowid)
{
    return NEWEST_DAY_KEY - (long)(rowid >> DEFCON_ROWID_DAY_SHIFT);
}

int defcon_db_fail(defcon_db *db, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    vsnprintf(db->message, sizeof db->message, format, args);
    va_end(args);
    return -1;
}

int defcon_db_fail_sqlite(defcon_db *db, const char *what)
{
    int code = db->sqlite ? sqlite3_errcode(db->sqlite) & 0xff : SQLITE_NOMEM;

    /* Only another connection's lock makes SQLite busy, and only an
     * indexer holds one for long: say so, not "database is locked". */
    if (code == SQLITE_BUSY)
        return defcon_db_fail(db, "%s is being updated by another defcon-index: "
                              "try again when it has finished", db->path);
    /* A damaged file is no passing failure: say which, and the way out. */
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
        return defcon_db_fail(db, "%s: %s is damaged (%s): remove it and run defcon-index again",
                              what, db->path, sqlite3_errmsg(db->sqlite));
    return defcon_db_fail(db, "%s: %s: %s", what, db->path,
                          db->sqlite ? sqlite3_errmsg(db->sqlite) : "out of memory");
}

const char *defcon_db_errmsg(const defcon_db *db)
{
    return db ? db->message : "out of memory";
}

sqlite3 *defcon_db_sqlite(defcon_db *db)
{
    return db->sqlite;
}

const char *defcon_db_path(const defcon_db *db)
{
    return db->path;
}

int defcon_db_meta_get(defcon_db *db, const char *key, char **value)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    *value = NULL;
    if (sqlite3_prepare_v2(db->sqlite, "SELECT value FROM meta WHERE key = ?1", -1,
                           &stmt, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(db, "reading the index");
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(stmt, 0);
        *value = strdup(text ? text : "");
        if (!*value)
            rc = SQLITE_NOMEM;
        else
            rc = SQLITE_DONE;
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return defcon_db_fail_sqlite(db, "reading the index");
    return 0;
}

int defcon_db_meta_set(defcon_db *db, const char *key, const char *value)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if (sqlite3_prepare_v2(db->sqlite,
                           "INSERT INTO meta(key, value) VALUES(?1, ?2)"
                           " ON CONFLICT(key) DO UPDATE SET value = excluded.value"
                           " WHERE value IS NOT excluded.value",   /* no write: same */
                           -1, &stmt, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(db, "writing the index");
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return defcon_db_fail_sqlite(db, "writing the index");
    return 0;
}

/* Writes `path` as an SQLite URI with `query` appended, escaping the
 * characters a URI path cannot hold. */
static int uri_for_path(const char *path, const char *query, defcon_buffer *uri)
{
    const unsigned char *p;
    int rc = defcon_buffer_puts(uri, "file:");

    for (p = (const unsigned char *)path; rc == 0 && *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f)
            rc = defcon_buffer_printf(uri, "%%%02X", *p);
        else
            rc = defcon_buffer_putc(uri, (char)*p);
    }
    if (rc == 0)
        rc = defcon_buffer_printf(uri, "?%s", query);
    return rc;
}

/* Why an index cannot be searched before its first run finished. */
#define NOT_BUILT_YET                                                                          \
    "%s holds no index yet: its first defcon-index run did not finish (interrupted?); "     \
    "build it with defcon-index --db %s ARCHIVE-FOLDER"

static int check_schema(defcon_db *db)
{
    char *version = NULL;
    sqlite3_stmt *stmt = NULL;
    int has_meta = 0;

    if (sqlite3_prepare_v2(db->sqlite,
                           "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'",
                           -1, &stmt, NULL) != SQLITE_OK)
        return defcon_db_fail(db, "cannot read %s: %s", db->path, sqlite3_errmsg(db->sqlite));
    has_meta = sqlite3_step(stmt) == SQLITE_ROW;
    if (sqlite3_finalize(stmt) != SQLITE_OK)
        return defcon_db_fail(db, "cannot read %s: %s", db->path, sqlite3_errmsg(db->sqlite));
    if (!has_meta && sqlite3_prepare_v2(db->sqlite, "SELECT 1 FROM sqlite_schema LIMIT 1", -1,
                                        &stmt, NULL) == SQLITE_OK) {
        /* An empty database: maybe a first build stopped before its schema */
        int empty = sqlite3_step(stmt) == SQLITE_DONE;
        sqlite3_finalize(stmt);
        if (empty)
            return defcon_db_fail(db, "%s is not a defcon-search index: it is empty (a first "
                                  "defcon-index run interrupted before it began?); build it "
                                  "with defcon-index --db %s ARCHIVE-FOLDER", db->path, db->path);
    }
    if (!has_meta)
        return defcon_db_fail(db, "%s is not a defcon-search index", db->path);
    if (defcon_db_meta_get(db, "schema_version", &version) != 0)
        return -1;
    if (!version || atoi(version) != DEFCON_SCHEMA_VERSION) {
        defcon_db_fail(db, "%s was built by another version of defcon-index (schema %s, "
                       "this one reads %d): rebuild it with defcon-index --full",
                       db->path, version ? version : "unknown", DEFCON_SCHEMA_VERSION);
        free(version);
        return -1;
    }
    free(version);
    /* A run records its archive when it commits: without it no run ever
     * finished (the first one was interrupted), and "no articles match"
     * would mislead. */
    if (defcon_db_meta_get(db, "archive", &version) != 0)
        return -1;
    if (!version)
        return defcon_db_fail(db, NOT_BUILT_YET, db->path, db->path);
    free(version);
    return 0;
}

static int open_connection(defcon_db *db, const char *name, int flags, defcon_replay *replay)
{
    if (db->sqlite) {
        sqlite3_close(db->sqlite);
        db->sqlite = NULL;
    }
    if (sqlite3_open_v2(name, &db->sqlite, flags, NULL) != SQLITE_OK)
        return defcon_db_fail(db, "cannot open %s: %s", db->path,
                              db->sqlite ? sqlite3_errmsg(db->sqlite) : "out of memory");
    sqlite3_extended_result_codes(db->sqlite, 1);
    if (defcon_tokenizer_register(db->sqlite, replay) != SQLITE_OK
        || defcon_rank_register(db->sqlite) != SQLITE_OK)
        return defcon_db_fail(db, "cannot register the tokenizer on %s (does SQLite have FTS5?)",
                              db->path);
    return 0;
}

/* Whether the file `path` followed by `suffix` exists and is not empty. */
static int side_file_has_data(const char *path, const char *suffix)
{
    defcon_buffer name = DEFCON_BUFFER_INIT;
    struct stat st;
    int has = defcon_buffer_printf(&name, "%s%s", path, suffix) == 0
              && stat(defcon_buffer_cstr(&name), &st) == 0 && st.st_size > 0;

    defcon_buffer_free(&name);
    return has;
}

/* Whether `path`-wal holds frames: committed changes that an immutable
 * open, which never reads the WAL, would miss, or see half-copied after
 * an interrupted checkpoint. */
static int has_pending_wal(const char *path)
{
    return side_file_has_data(path, "-wal");
}

/* Whether `path`-journal holds a rollback journal (see is_new_file). */
static int has_hot_journal(const char *path)
{
    return side_file_has_data(path, "-journal");
}

/* Opens the connection for reading and starts the read transaction that
 * every later read of the handle shares (see database.h). */
static int open_snapshot(defcon_db *db, const char *name, int flags, int mapped)
{
    /* One thread at a time (database.h): no lock around every call, which
     * a facet or a ranking makes a few hundred thousand of. */
    if (open_connection(db, name, flags | SQLITE_OPEN_NOMUTEX, NULL) != 0)
        return -1;
    sqlite3_busy_timeout(db->sqlite, 5000);
    /* See DEFCON_DB_READ_MAPPED. SQLite clamps the size to its build's
     * limit (2 GB on Debian) and reads the rest, and the -wal file, as
     * before; the indexer never shrinks the file under a map (no VACUUM,
     * no auto_vacuum). A hint: a refusal changes nothing. */
    if (mapped)
        sqlite3_exec(db->sqlite, "PRAGMA mmap_size = 4294967296", NULL, NULL, NULL);
    if (sqlite3_exec(db->sqlite, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(db, "opening the index");
    return 0;
}

static int open_for_reading(defcon_db *db, int mapped, int immutable, int *missing)
{
    struct stat st;
    defcon_buffer uri = DEFCON_BUFFER_INIT;
    int rc;

    if (stat(db->path, &st) != 0) {
        if (errno == ENOENT && missing)
            *missing = 1;
        return defcon_db_fail(db, "no index at %s: %s", db->path, strerror(errno));
    }
    if (S_ISDIR(st.st_mode))
        return defcon_db_fail(db, "%s is a folder, not an index", db->path);
    rc = immutable ? -1 : open_snapshot(db, db->path, SQLITE_OPEN_READONLY, mapped);
    if (rc == 0 && check_schema(db) == 0)
        return 0;
    /* A WAL index in a folder we cannot write: read it as immutable. */
    if (db->sqlite) {
        int code = sqlite3_extended_errcode(db->sqlite);
        if (code != SQLITE_CANTOPEN && (code & 0xff) != SQLITE_READONLY)
            return -1;
    }
    /* An interrupted first build leaves a rollback journal, and pages of
     * its unfinished transaction in the file: an immutable open would read
     * those. Only a writer can roll it back. */
    if (has_hot_journal(db->path))
        return defcon_db_fail(db, "%s was left half-written by an interrupted defcon-index "
                              "(see %s-journal): run defcon-index again, which rolls it back",
                              db->path, db->path);
    if (has_pending_wal(db->path))
        return defcon_db_fail(db, "the latest changes to %s are in %s-wal, which cannot be read "
                              "in a read-only folder without %s-shm: make the folder writable "
                              "once, or copy the index with both files", db->path, db->path,
                              db->path);
    if (uri_for_path(db->path, "immutable=1", &uri) != 0) {
        defcon_buffer_free(&uri);
        return defcon_db_fail(db, "out of memory");
    }
    rc = open_snapshot(db, defcon_buffer_cstr(&uri), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                       mapped);
    defcon_buffer_free(&uri);
    if (rc == 0)
        rc = check_schema(db);
    return rc;
}

static int exec(defcon_db *db, const char *sql)
{
    char *error = NULL;

    if (sqlite3_exec(db->sqlite, sql, NULL, NULL, &error) != SQLITE_OK) {
        if ((sqlite3_errcode(db->sqlite) & 0xff) == SQLITE_BUSY)
            defcon_db_fail_sqlite(db, "updating the index");
        else
            defcon_db_fail(db, "%s: %s", db->path, error ? error : sqlite3_errmsg(db->sqlite));
        sqlite3_free(error);
        return -1;
    }
    return 0;
}

/* The objects of our schema, in an order they can be dropped in. */
static const char *const schema_objects[] = {"article_countries", "fts", "articles", "folded",
                                             "files", "levels", "article_html",
                                             "vocab",
                                             "terms", "article_codes", "periods", "copies", "meta",
                                             NULL};

/* Looks at what the file holds before the schema is created: nothing (a
 * new index), an index of this schema version (*version set), an index of
 * another version (dropped when `rebuild`, else refused), or something
 * that is not an index at all (refused: it is not ours to change). */
static int check_existing(defcon_db *db, int rebuild, char **version)
{
    sqlite3_stmt *stmt = NULL;
    int has_meta = 0, tables = 0, rc = 0, i;

    *version = NULL;
    if (sqlite3_prepare_v2(db->sqlite, "SELECT name = 'meta' FROM sqlite_schema"
                           " WHERE type IN ('table', 'view')", -1, &stmt, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(db, "reading the index");
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        tables++;
        has_meta |= sqlite3_column_int(stmt, 0);
    }
    if (sqlite3_finalize(stmt) != SQLITE_OK)
        return defcon_db_fail_sqlite(db, "reading the index");
    if (tables == 0)
        return 0;
    if (!has_meta)
        return defcon_db_fail(db, "%s is not a defcon-search index (it holds other tables): "
                              "give another --db", db->path);
    if (defcon_db_meta_get(db, "schema_version", version) != 0)
        return -1;
    if (*version && atoi(*version) == DEFCON_SCHEMA_VERSION)
        return 0;
    if (!rebuild) {
        defcon_db_fail(db, "%s was built by another version of defcon-index (schema %s, "
                       "this one writes %d): rebuild it with defcon-index --full",
                       db->path, *version ? *version : "unknown", DEFCON_SCHEMA_VERSION);
        free(*version);
        *version = NULL;
        return -1;
    }
    free(*version);
    *version = NULL;
    /* Rebuild: drop the old schema inside this transaction. */
    for (i = 0; rc == 0 && schema_objects[i]; i++) {
        char type[16] = "";
        if (sqlite3_prepare_v2(db->sqlite, "SELECT type FROM sqlite_schema WHERE name = ?1", -1,
                               &stmt, NULL) != SQLITE_OK)
            return defcon_db_fail_sqlite(db, "reading the index");
        sqlite3_bind_text(stmt, 1, schema_objects[i], -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW)
            snprintf(type, sizeof type, "%s", (const char *)sqlite3_column_text(stmt, 0));
        sqlite3_finalize(stmt);
        /* The names come from our own fixed list, never from input. */
        if (strcmp(type, "view") == 0 || strcmp(type, "table") == 0) {
            char sql[128];
            snprintf(sql, sizeof sql, "DROP %s %s", strcmp(type, "view") == 0 ? "VIEW" : "TABLE",
                     schema_objects[i]);
            rc = exec(db, sql);
        }
    }
    return rc;
}

/* Whether `path` is no database yet: no file, or an empty one without a
 * -wal file beside it. */
static int is_new_file(const char *path)
{
    struct stat st;

    if (stat(path, &st) != 0)
        return errno == ENOENT;
    return st.st_size == 0 && !has_pending_wal(path);
}

static int open_for_writing(defcon_db *db, defcon_replay *replay, int rebuild)
{
    char *version = NULL;
    char number[32];
    int rc;

    db->first_build = is_new_file(db->path);

    /* The writer's connection is used by one thread only (the workers
     * never touch it), so it needs no mutex of its own. */
    if (open_connection(db, db->path,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        replay) != 0)
        return -1;
    /* Wait a little for readers finishing a checkpoint; a second writer is
     * refused by the indexer with its own message. */
    sqlite3_busy_timeout(db->sqlite, 2000);
    /* Debian builds SQLite with secure_delete on, which zeroes every freed
     * page: costly for FTS5's segment merges and of no use here. A 16 MB
     * page cache keeps the indexer under its memory budget at a million
     * articles; the file system's cache serves the rest as fast. */
    if (exec(db, db->first_build ? "PRAGMA journal_mode = DELETE;"
                                 : "PRAGMA journal_mode = WAL;") != 0
        || exec(db, "PRAGMA synchronous = NORMAL; PRAGMA secure_delete = OFF;"
                    " PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY;") != 0)
        return -1;
    /* Another run holding the write lock past the busy timeout gets a
     * clear refusal (defcon_db_fail_sqlite), not "database is locked". */
    if (sqlite3_exec(db->sqlite, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(db, "starting the update");
    rc = check_existing(db, rebuild, &version);
    if (rc == 0)
        rc = exec(db, schema_sql);
    if (rc == 0)
        rc = exec(db, countries_view_sql);
    if (rc == 0)
        rc = exec(db, copies_sql);
    if (rc == 0)
        rc = exec(db, side_tables_sql);
    if (rc == 0)
        rc = exec(db, schema_boilerplate_sql);
    if (rc == 0 && !version) {
        snprintf(number, sizeof number, "%d", DEFCON_SCHEMA_VERSION);
        rc = defcon_db_meta_set(db, "schema_version", number);
        if (rc == 0) {
            char rank[64];
            sqlite3_stmt *stmt = NULL;
            snprintf(rank, sizeof rank, "bm25(%.1f, 1.0, 0.0)", DEFCON_TITLE_WEIGHT);
            /* Store the ranking in the table, so any client's ORDER BY
             * rank ranks as we do (countries do not count). A large
             * in-memory hash before FTS5 writes a segment: fewer, larger
             * segments to merge during a bulk load. */
            if (sqlite3_prepare_v2(db->sqlite, "INSERT INTO fts(fts, rank)"
                                   " VALUES('rank', ?1), ('hashsize', ?2)",
                                   -1, &stmt, NULL) != SQLITE_OK)
                rc = defcon_db_fail_sqlite(db, "configuring the index");
            else {
                sqlite3_bind_text(stmt, 1, rank, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int(stmt, 2, DEFCON_FTS_HASH_BYTES);
                if (sqlite3_step(stmt) != SQLITE_DONE)
                    rc = defcon_db_fail_sqlite(db, "configuring the index");
                sqlite3_finalize(stmt);
            }
        }
    }
    free(version);
    if (rc == 0)
        return exec(db, "COMMIT");
    sqlite3_exec(db->sqlite, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

void defcon_db_configure_process(void)
{
    /* SQLITE_MISUSE once SQLite is initialized: the settings stay. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

#define HUGE_PAGE ((size_t)2 << 20)
#define INDEX_PAGE ((size_t)4096)   /* SQLite's default page size, the index's */
#define THP_SETTING "/sys/kernel/mm/transparent_hugepage/enabled"

/* Whether the kernel gives a region advised MADV_HUGEPAGE huge pages:
 * its setting reads "[always]" or "[madvise]". */
static int huge_pages_on(void)
{
    char setting[128];
    ssize_t n;
    int fd = open(THP_SETTING, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return 0;
    n = read(fd, setting, sizeof setting - 1);
    close(fd);
    if (n <= 0)
        return 0;
    setting[n] = '\0';
    return strstr(setting, "[always]") || strstr(setting, "[madvise]");
}

int defcon_db_configure_search_cache(void)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    uintptr_t start, aligned;
    size_t slot;
    int header = 0;
    char *map;

    /* SQLite writes a link into every slot when it starts: on small pages
     * that would be 512 faults before the first read. */
    if (!huge_pages_on() || sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &header) != SQLITE_OK)
        return 0;
    map = mmap(NULL, 2 * HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED)
        return 0;
    start = (uintptr_t)map;
    aligned = (start + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (aligned > start)
        munmap(map, aligned - start);
    munmap((char *)aligned + HUGE_PAGE, start + HUGE_PAGE - aligned);
    /* A slot: a page and SQLite's header for it (a page of another size
     * is allocated as before) */
    slot = (INDEX_PAGE + (size_t)header + 7) & ~(size_t)7;
    if (madvise((void *)aligned, HUGE_PAGE, MADV_HUGEPAGE) != 0
        || sqlite3_config(SQLITE_CONFIG_PAGECACHE, (void *)aligned, (int)slot,
                          (int)(HUGE_PAGE / slot)) != SQLITE_OK) {
        munmap((void *)aligned, HUGE_PAGE);
        return 0;
    }
    return 1;
#else
    return 0;
#endif
}

int defcon_db_open(const char *path, defcon_db_mode mode, defcon_replay *replay,
                   defcon_db **out, int *missing)
{
    defcon_db *db = calloc(1, sizeof *db);
    int rc;

    *out = db;
    if (missing)
        *missing = 0;
    if (!db)
        return -1;
    db->mode = mode;
    db->path = strdup(path);
    if (!db->path)
        return defcon_db_fail(db, "out of memory");
    /* SQLite takes "" (and ":memory:") for a temporary database that
     * vanishes on close: an index written there is lost. */
    if (!path[0] || strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0)
        return defcon_db_fail(db, "'%s' is not an index file name: give a file, e.g. "
                                  "--db defcon.db", path);
    if (mode == DEFCON_DB_READ || mode == DEFCON_DB_READ_MAPPED)
        rc = open_for_reading(db, mode == DEFCON_DB_READ_MAPPED, 0, missing);
    else if (mode == DEFCON_DB_READ_IMMUTABLE)
        rc = open_for_reading(db, 1, 1, missing);
    else
        rc = open_for_writing(db, replay, mode == DEFCON_DB_REBUILD);
    return rc;
}

defcon_db *defcon_db_another(defcon_db *db, char *error, size_t error_size)
{
    defcon_db_mode mode = db->mode;

    if (db->another)
        return db->another;
    if (mode != DEFCON_DB_READ_MAPPED && mode != DEFCON_DB_READ_IMMUTABLE)
        mode = DEFCON_DB_READ;
    if (defcon_db_open(db->path, mode, NULL, &db->another, NULL) != 0) {
        snprintf(error, error_size, "%s",
                 db->another ? defcon_db_errmsg(db->another) : "out of memory");
        defcon_db_close(db->another);
        db->another = NULL;
    }
    return db->another;
}

void defcon_db_finish_first_build(defcon_db *db)
{
    /* A refusal (a search holding the file) leaves the committed index in
     * rollback mode, and the next run turns it to WAL (open_for_writing). */
    if (db->first_build
        && sqlite3_exec(db->sqlite, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) == SQLITE_OK)
        db->first_build = 0;
}

void defcon_db_close(defcon_db *db)
{
    if (!db)
        return;
    defcon_db_close(db->another);
    sqlite3_close(db->sqlite);
    free(db->path);
    free(db);
}

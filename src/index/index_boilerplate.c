/*
 * index_boilerplate.c - learning a site's boilerplate across an indexing
 * run and the runs before it (boilerplate.h says what a candidate line
 * is).
 *
 * The index counts, for every key, the articles holding it (the table
 * boilerplate) and, for every site, its articles (sites). A key is
 * boilerplate when it is in at least BOILERPLATE_ARTICLES articles, on
 * days falling in at least BOILERPLATE_SPREAD of 8 day classes (day mod 8:
 * the copies of one wire story, a few days apart, do not make a line
 * boilerplate) and in at least BOILERPLATE_PERCENT % of its site's
 * articles. Each article keeps its keys, each with whether it was taken
 * out (the column articles.lines).
 *
 * Workers remove the keys of the live set, which the writer grows as keys
 * pass the bar during the run, so that a first run over an archive whose
 * every article ends with the same line reads few of them twice. At the
 * end of each round of reading the writer stores the counts, decides
 * which keys are boilerplate now, and, when that differs from what the
 * articles were read with, reads their files again in the next round:
 * so an index is always as if every article had been read knowing the
 * final counts, whatever the order or the runs that built it.
 *
 * The counts live in memory during a run (loaded from the index the first
 * time a key is touched) and are written at the end of a round, or when
 * the memory holds BOILERPLATE_MEMORY keys.
 */
#include "indexer_internal.h"

#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "boilerplate.h"
#include "buffer.h"

#define BOILERPLATE_ARTICLES 5
#define BOILERPLATE_ARTICLES_TEXT "5"
#define BOILERPLATE_SPREAD 3
#define BOILERPLATE_PERCENT 5
#define BOILERPLATE_MEMORY 100000   /* about 19 MB of table at most */
#define DAY_CLASSES 8
#define REMOVED_BIT (1ULL << 63)
#define STORE_ROWS 16              /* keys a store statement writes */

/* A key's (or a site's) counts as this run knows them. */
typedef struct entry {
    uint64_t key;            /* 0: free slot */
    uint64_t site;
    long long articles;
    unsigned int days[DAY_CLASSES];   /* articles per day class */
    unsigned char dirty;
    char *line;              /* a line with the key, to store, or NULL */
} entry;

typedef struct table {
    entry *slots;
    size_t slot_count, used;
} table;

struct boilerplate_learner {
    pthread_rwlock_t lock;       /* guards live */
    defcon_count_map live;       /* keys the workers remove */
    defcon_count_map previous;   /* keys removed when the round began */
    defcon_count_map keys_seen;  /* scratch: whether anything is stored */
    int grew;                    /* live got keys during the round */
    int stored;                  /* the index may hold counts: look there */
    table keys, sites;
    sqlite3_stmt *load_key, *load_site, *store_key, *store_many, *drop_key, *store_site, *flag;
};

static int prepare(run *r, sqlite3_stmt **stmt, const char *sql)
{
    if (sqlite3_prepare_v3(defcon_db_sqlite(r->db), sql, -1, SQLITE_PREPARE_PERSISTENT, stmt,
                           NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "preparing the index");
    return 0;
}

/* The statement that stores `rows` keys' counts at once: a statement's
 * own cost (binding aside) is most of a row's, and a fresh build stores
 * tens of thousands of keys, most of them on one article. */
static int prepare_store(run *r, sqlite3_stmt **stmt, int rows)
{
    defcon_buffer sql = DEFCON_BUFFER_INIT;
    int rc = defcon_buffer_puts(&sql, "INSERT INTO boilerplate(key, site, articles, spread, days, line)"
                                      " VALUES");

    for (int i = 0; rc == 0 && i < rows; i++)
        rc = defcon_buffer_puts(&sql, i ? ", (?, ?, ?, ?, ?, ?)" : " (?, ?, ?, ?, ?, ?)");
    if (rc == 0)
        rc = defcon_buffer_puts(&sql, " ON CONFLICT(key) DO UPDATE SET"
                                      " articles = excluded.articles, spread = excluded.spread,"
                                      " days = excluded.days, line = coalesce(line, excluded.line)");
    rc = rc == 0 ? prepare(r, stmt, defcon_buffer_cstr(&sql))
                 : defcon_db_fail(r->db, "out of memory");
    defcon_buffer_free(&sql);
    return rc;
}

static int prepare_all(run *r, boilerplate_learner *b)
{
    return prepare(r, &b->load_key, "SELECT site, articles, days FROM boilerplate WHERE key = ?1")
        || prepare(r, &b->load_site, "SELECT articles FROM sites WHERE site = ?1")
        || prepare_store(r, &b->store_key, 1) || prepare_store(r, &b->store_many, STORE_ROWS)
        || prepare(r, &b->drop_key, "DELETE FROM boilerplate WHERE key = ?1")
        || prepare(r, &b->store_site,
                   "INSERT INTO sites(site, name, articles) VALUES(?1, ?2, ?3)"
                   " ON CONFLICT(site) DO UPDATE SET articles = excluded.articles,"
                   " name = coalesce(excluded.name, name)")
        || prepare(r, &b->flag, "UPDATE boilerplate SET removed = ?2 WHERE key = ?1");
}

/* The entry of `key` in `t`, created if absent; NULL when memory runs
 * out. *created tells which. */
static entry *table_find(table *t, uint64_t key, int *created)
{
    size_t i;

    *created = 0;
    if (t->used * 2 >= t->slot_count) {
        size_t count = t->slot_count ? t->slot_count * 2 : 1024, k;
        entry *slots = defcon_array_zeroed(count, sizeof *slots);
        if (!slots)
            return NULL;
        for (k = 0; k < t->slot_count; k++) {
            if (!t->slots[k].key)
                continue;
            for (i = t->slots[k].key & (count - 1); slots[i].key; i = (i + 1) & (count - 1))
                ;
            slots[i] = t->slots[k];
        }
        free(t->slots);
        t->slots = slots;
        t->slot_count = count;
    }
    for (i = key & (t->slot_count - 1); t->slots[i].key; i = (i + 1) & (t->slot_count - 1))
        if (t->slots[i].key == key)
            return &t->slots[i];
    memset(&t->slots[i], 0, sizeof t->slots[i]);
    t->slots[i].key = key;
    t->used++;
    *created = 1;
    return &t->slots[i];
}

static void table_clear(table *t)
{
    size_t i;

    for (i = 0; i < t->slot_count; i++)
        free(t->slots[i].line);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static void encode_days(const entry *e, unsigned char out[4 * DAY_CLASSES])
{
    int i, k;

    for (i = 0; i < DAY_CLASSES; i++)
        for (k = 0; k < 4; k++)
            out[4 * i + k] = (unsigned char)(e->days[i] >> (8 * k));
}

static void decode_days(entry *e, const unsigned char *in, int bytes)
{
    int i, k;

    for (i = 0; i < DAY_CLASSES && bytes >= 4 * DAY_CLASSES; i++)
        for (k = 0; k < 4; k++)
            e->days[i] |= (unsigned int)in[4 * i + k] << (8 * k);
}

static int spread(const entry *e)
{
    int i, n = 0;

    for (i = 0; i < DAY_CLASSES; i++)
        n += e->days[i] > 0;
    return n;
}

/* Reads a key's stored counts into a new entry. */
static int load_key(run *r, entry *e)
{
    sqlite3_stmt *stmt = r->boilerplate->load_key;
    int rc;

    sqlite3_bind_int64(stmt, 1, (sqlite3_int64)e->key);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        e->site = (uint64_t)sqlite3_column_int64(stmt, 0);
        e->articles = sqlite3_column_int64(stmt, 1);
        decode_days(e, sqlite3_column_blob(stmt, 2), sqlite3_column_bytes(stmt, 2));
    }
    sqlite3_reset(stmt);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
                                                 : defcon_db_fail_sqlite(r->db, "reading the index");
}

static int load_site(run *r, entry *e)
{
    sqlite3_stmt *stmt = r->boilerplate->load_site;
    int rc;

    sqlite3_bind_int64(stmt, 1, (sqlite3_int64)e->key);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        e->articles = sqlite3_column_int64(stmt, 0);
    sqlite3_reset(stmt);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
                                                 : defcon_db_fail_sqlite(r->db, "reading the index");
}

/* The entry of a key (or, with `is_site`, a site), loaded on first use. */
static entry *touch(run *r, uint64_t key, int is_site)
{
    boilerplate_learner *b = r->boilerplate;
    int created;
    entry *e = table_find(is_site ? &b->sites : &b->keys, key, &created);

    if (!e) {
        defcon_db_fail(r->db, "out of memory");
        return NULL;
    }
    if (created && b->stored && (is_site ? load_site(r, e) : load_key(r, e)) != 0)
        return NULL;
    e->dirty = 1;
    return e;
}

/* Whether a key with these counts is boilerplate on a site of
 * `site_articles` articles. */
static int passes(const entry *e, long long site_articles)
{
    return e->articles >= BOILERPLATE_ARTICLES && spread(e) >= BOILERPLATE_SPREAD
           && e->articles * 100 >= BOILERPLATE_PERCENT * site_articles;
}

/* The day class of an article: its first day, or for an undated one its
 * rowid (so undated articles spread as if on different days). */
static int day_class(long long day)
{
    return (int)(((day % DAY_CLASSES) + DAY_CLASSES) % DAY_CLASSES);
}

static int grow_live(run *r, uint64_t key)
{
    boilerplate_learner *b = r->boilerplate;
    long long *found;

    pthread_rwlock_wrlock(&b->lock);
    found = defcon_count_map_find(&b->live, (long long)key, 1);
    if (found)
        *found = 1;
    pthread_rwlock_unlock(&b->lock);
    if (!found)
        return defcon_db_fail(r->db, "out of memory");
    b->grew = 1;
    return 0;
}

static int live_has(boilerplate_learner *b, uint64_t key)
{
    int has;

    pthread_rwlock_rdlock(&b->lock);
    has = defcon_count_map_find(&b->live, (long long)key, 0) != NULL;
    pthread_rwlock_unlock(&b->lock);
    return has;
}

int defcon_indexer_boilerplate_known(void *context, uint64_t key)
{
    run *r = context;

    return live_has(r->boilerplate, key);
}

/* Counts one key of an article in (+1) or out (-1). `line` (may be NULL)
 * is its text, kept once the key is on two articles. */
static int count_key(run *r, uint64_t site, uint64_t key, int day, int delta,
                     long long site_articles, const char *line)
{
    entry *e = touch(r, key, 0);

    if (!e)
        return -1;
    e->site = site;
    e->articles += delta;
    e->days[day] += (unsigned int)delta;
    if (line && e->articles >= 2 && !e->line && !(e->line = strdup(line)))
        return defcon_db_fail(r->db, "out of memory");
    if (delta > 0 && passes(e, site_articles) && !live_has(r->boilerplate, key))
        return grow_live(r, key);
    return 0;
}

static int store_keys(run *r);

/* Counts an article of `site` in or out; returns its site's entry. */
static entry *count_site(run *r, uint64_t site, const char *name, int delta)
{
    entry *e = touch(r, site, 1);

    if (!e)
        return NULL;
    e->articles += delta;
    if (name && !e->line && !(e->line = strdup(name))) {
        defcon_db_fail(r->db, "out of memory");
        return NULL;
    }
    return e;
}

int defcon_indexer_boilerplate_add(run *r, const slot_article *item, long long rowid)
{
    const defcon_boilerplate_lines *lines = &item->lines;
    const defcon_date *date = &item->article.date;
    int day = day_class(date->precision != DEFCON_DATE_NONE ? defcon_date_first_day(date) : rowid);
    entry *site = count_site(r, lines->site, defcon_boilerplate_lines_site(lines), +1);
    size_t i;
    int rc = site ? 0 : -1;
    long long site_articles = site ? site->articles : 0;

    for (i = 0; rc == 0 && i < lines->count; i++)
        rc = count_key(r, lines->site, lines->keys[i], day, +1, site_articles,
                       defcon_boilerplate_line(lines, i));
    if (rc == 0 && r->boilerplate->keys.used > BOILERPLATE_MEMORY)
        rc = store_keys(r);
    return rc;
}

static uint64_t read_u64(const unsigned char *p)
{
    uint64_t v = 0;
    int k;

    for (k = 7; k >= 0; k--)
        v = v << 8 | p[k];
    return v;
}

static void write_u64(unsigned char *p, uint64_t v)
{
    int k;

    for (k = 0; k < 8; k++)
        p[k] = (unsigned char)(v >> (8 * k));
}

size_t defcon_indexer_boilerplate_encode(const defcon_boilerplate_lines *lines,
                                         unsigned char *out)
{
    size_t i;

    write_u64(out, lines->site);
    for (i = 0; i < lines->count; i++)
        write_u64(out + 8 * (i + 1), lines->keys[i] | (lines->removed[i] ? REMOVED_BIT : 0));
    return 8 * (lines->count + 1);
}

int defcon_indexer_boilerplate_remove(run *r, const void *blob, int bytes, long long day)
{
    const unsigned char *p = blob;
    uint64_t site;
    int i, rc = 0;

    if (!p || bytes < 8)
        return 0;   /* an article stored without lines counts nowhere */
    site = read_u64(p);
    if (!count_site(r, site, NULL, -1))
        return -1;
    for (i = 8; rc == 0 && i + 8 <= bytes; i += 8)
        rc = count_key(r, site, read_u64(p + i) & ~REMOVED_BIT, day_class(day), -1, 0, NULL);
    return rc;
}

/* Binds an entry's counts as row `row` of a store statement; `days` must
 * last until the statement has run. */
static void bind_key(sqlite3_stmt *stmt, int row, const entry *e,
                     unsigned char days[4 * DAY_CLASSES])
{
    int at = 6 * row;

    encode_days(e, days);
    sqlite3_bind_int64(stmt, at + 1, (sqlite3_int64)e->key);
    sqlite3_bind_int64(stmt, at + 2, (sqlite3_int64)e->site);
    sqlite3_bind_int64(stmt, at + 3, e->articles);
    sqlite3_bind_int(stmt, at + 4, spread(e));
    sqlite3_bind_blob(stmt, at + 5, days, 4 * DAY_CLASSES, SQLITE_STATIC);
    if (e->line)
        sqlite3_bind_text(stmt, at + 6, e->line, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(stmt, at + 6);
}

/* Stores `count` entries held by at least one article: STORE_ROWS at a
 * time, or one by one. */
static int store_held(run *r, entry *const *entries, size_t count)
{
    boilerplate_learner *b = r->boilerplate;
    unsigned char days[STORE_ROWS][4 * DAY_CLASSES];
    size_t i;

    if (count == STORE_ROWS) {
        for (i = 0; i < count; i++)
            bind_key(b->store_many, (int)i, entries[i], days[i]);
        return defcon_indexer_step_done(r, b->store_many, "storing boilerplate counts");
    }
    for (i = 0; i < count; i++) {
        bind_key(b->store_key, 0, entries[i], days[0]);
        if (defcon_indexer_step_done(r, b->store_key, "storing boilerplate counts") != 0)
            return -1;
    }
    return 0;
}

static int compare_entries(const void *a, const void *b)
{
    uint64_t x = (*(const entry *const *)a)->key, y = (*(const entry *const *)b)->key;
    return x < y ? -1 : x > y;
}

/* Writes the keys' counts and forgets them (they are loaded again when
 * touched). In key order: the table's pages are then written in turn,
 * not at random. */
static int store_keys(run *r)
{
    boilerplate_learner *b = r->boilerplate;
    entry **order = malloc((b->keys.used ? b->keys.used : 1) * sizeof *order);
    size_t i, n = 0;
    int rc = 0;

    if (!order)
        return defcon_db_fail(r->db, "out of memory");
    for (i = 0; i < b->keys.slot_count; i++)
        if (b->keys.slots[i].key && b->keys.slots[i].dirty)
            order[n++] = &b->keys.slots[i];
    qsort(order, n, sizeof *order, compare_entries);
    for (i = 0; rc == 0 && i < n;) {
        size_t held = 0;
        if (order[i]->articles <= 0) {     /* no article holds it: gone */
            sqlite3_bind_int64(b->drop_key, 1, (sqlite3_int64)order[i]->key);
            rc = defcon_indexer_step_done(r, b->drop_key, "storing boilerplate counts");
            i++;
            continue;
        }
        while (i + held < n && held < STORE_ROWS && order[i + held]->articles > 0)
            held++;
        rc = store_held(r, order + i, held);
        i += held;
    }
    free(order);
    table_clear(&b->keys);
    b->stored = 1;
    return rc;
}

static int store_sites(run *r)
{
    boilerplate_learner *b = r->boilerplate;
    size_t i;
    int rc = 0;

    for (i = 0; rc == 0 && i < b->sites.slot_count; i++) {
        const entry *e = &b->sites.slots[i];
        if (!e->key || !e->dirty)
            continue;
        sqlite3_bind_int64(b->store_site, 1, (sqlite3_int64)e->key);
        if (e->line)
            sqlite3_bind_text(b->store_site, 2, e->line, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(b->store_site, 2);
        sqlite3_bind_int64(b->store_site, 3, e->articles);
        rc = defcon_indexer_step_done(r, b->store_site, "storing boilerplate counts");
    }
    table_clear(&b->sites);
    return rc;
}

/* Reads the keys of a query (one column) into *keys. */
static int read_keys(run *r, const char *sql, defcon_count_map *keys)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if (sqlite3_prepare_v2(defcon_db_sqlite(r->db), sql, -1, &stmt, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "reading boilerplate counts");
    sqlite3_bind_int(stmt, 1, BOILERPLATE_SPREAD);
    sqlite3_bind_int(stmt, 2, BOILERPLATE_PERCENT);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        long long *found = defcon_count_map_find(keys, sqlite3_column_int64(stmt, 0), 1);
        if (!found) {
            sqlite3_finalize(stmt);
            return defcon_db_fail(r->db, "out of memory");
        }
        *found = 1;
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? 0 : defcon_db_fail_sqlite(r->db, "reading boilerplate counts");
}

/* The keys that are boilerplate by the stored counts. The literal bound
 * lets SQLite use the partial index boilerplate_common. */
static int boilerplate_now(run *r, defcon_count_map *keys)
{
    return read_keys(r, "SELECT b.key FROM boilerplate b JOIN sites s ON s.site = b.site"
                        " WHERE b.articles >= " BOILERPLATE_ARTICLES_TEXT
                        " AND b.spread >= ?1 AND b.articles * 100 >= ?2 * s.articles", keys);
}

static int same_keys(defcon_count_map *a, defcon_count_map *b)
{
    size_t position = 0;
    long long key, value;

    if (a->used != b->used)
        return 0;
    while (defcon_count_map_next(a, &position, &key, &value))
        if (!defcon_count_map_find(b, key, 0))
            return 0;
    return 1;
}

/* Whether an article's keys (its lines column) were removed as `now`
 * says they should be. */
static int consistent(const unsigned char *p, int bytes, defcon_count_map *now)
{
    int i;

    for (i = 8; i + 8 <= bytes; i += 8) {
        uint64_t v = read_u64(p + i);
        int removed = (v & REMOVED_BIT) != 0;
        if (removed != (defcon_count_map_find(now, (long long)(v & ~REMOVED_BIT), 0) != NULL))
            return 0;
    }
    return 1;
}

/* Queues the files of articles read with other keys removed than `now`. */
static int queue_inconsistent(run *r, defcon_count_map *now)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if (sqlite3_prepare_v2(defcon_db_sqlite(r->db), "SELECT path, lines FROM articles"
                           " WHERE lines IS NOT NULL", -1, &stmt, NULL) != SQLITE_OK)
        return defcon_db_fail_sqlite(r->db, "reading the index");
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *path = (const char *)sqlite3_column_text(stmt, 0);
        if (path && !consistent(sqlite3_column_blob(stmt, 1), sqlite3_column_bytes(stmt, 1), now))
            defcon_indexer_queue_reread(r, path);
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? 0 : defcon_db_fail_sqlite(r->db, "reading the index");
}

static int copy_keys(defcon_count_map *from, defcon_count_map *to)
{
    size_t position = 0;
    long long key, unused;

    while (defcon_count_map_next(from, &position, &key, &unused))
        if (!defcon_count_map_find(to, key, 1))
            return -1;
    return 0;
}

/* Sets the stored flag of the keys in `a` but not in `b` to `value`. */
static int flag_difference(run *r, defcon_count_map *a, defcon_count_map *b, int value)
{
    sqlite3_stmt *stmt = r->boilerplate->flag;
    size_t position = 0;
    long long key, unused;
    int rc = 0;

    while (rc == 0 && defcon_count_map_next(a, &position, &key, &unused)) {
        if (defcon_count_map_find(b, key, 0))
            continue;
        sqlite3_bind_int64(stmt, 1, key);
        sqlite3_bind_int(stmt, 2, value);
        rc = defcon_indexer_step_done(r, stmt, "storing boilerplate counts");
    }
    return rc;
}

int defcon_indexer_boilerplate_settle(run *r, int may_read_again)
{
    boilerplate_learner *b = r->boilerplate;
    defcon_count_map now = DEFCON_COUNT_MAP_INIT;
    int rc = store_keys(r);

    if (rc == 0)
        rc = store_sites(r);
    if (rc == 0)
        rc = boilerplate_now(r, &now);
    if (rc == 0 && may_read_again && (b->grew || !same_keys(&now, &b->previous)))
        rc = queue_inconsistent(r, &now);
    if (rc == 0)
        rc = flag_difference(r, &now, &b->previous, 1);
    if (rc == 0)
        rc = flag_difference(r, &b->previous, &now, 0);
    if (rc != 0) {
        defcon_count_map_free(&now);
        return -1;
    }
    defcon_count_map_free(&b->previous);
    b->previous = now;
    pthread_rwlock_wrlock(&b->lock);
    defcon_count_map_free(&b->live);
    rc = copy_keys(&now, &b->live);
    pthread_rwlock_unlock(&b->lock);
    b->grew = 0;
    return rc == 0 ? 0 : defcon_db_fail(r->db, "out of memory");
}

int defcon_indexer_boilerplate_start(run *r)
{
    boilerplate_learner *b = calloc(1, sizeof *b);
    int rc;

    if (!b)
        return defcon_db_fail(r->db, "out of memory");
    pthread_rwlock_init(&b->lock, NULL);
    r->boilerplate = b;
    rc = prepare_all(r, b);
    if (rc == 0)
        rc = read_keys(r, "SELECT key FROM boilerplate WHERE removed = 1", &b->previous);
    if (rc == 0 && copy_keys(&b->previous, &b->live) != 0)
        rc = defcon_db_fail(r->db, "out of memory");
    /* A first run finds nothing stored: it looks nothing up. */
    if (rc == 0)
        rc = read_keys(r, "SELECT 1 FROM sites LIMIT 1", &b->keys_seen);
    if (rc == 0) {
        b->stored = b->keys_seen.used > 0;
        defcon_count_map_free(&b->keys_seen);
    }
    return rc;
}

void defcon_indexer_boilerplate_free(run *r)
{
    boilerplate_learner *b = r->boilerplate;
    sqlite3_stmt **all[7];
    int i;

    if (!b)
        return;
    all[0] = &b->load_key, all[1] = &b->load_site, all[2] = &b->store_key;
    all[3] = &b->drop_key, all[4] = &b->store_site, all[5] = &b->flag;
    all[6] = &b->store_many;
    for (i = 0; i < 7; i++)
        sqlite3_finalize(*all[i]);
    table_clear(&b->keys);
    table_clear(&b->sites);
    defcon_count_map_free(&b->live);
    defcon_count_map_free(&b->previous);
    pthread_rwlock_destroy(&b->lock);
    free(b);
    r->boilerplate = NULL;
}

/*
 * corpus.c - walking the archive and reading its files; see corpus.h.
 */
#include "corpus.h"
#include "array.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "article.h"
#include "hash.h"
#include "buffer.h"

/* Folders already entered, by device and inode, to stop link loops. */
typedef struct visited {
    dev_t *devices;
    ino_t *inodes;
    size_t count, capacity;
} visited;

static int visited_add(visited *seen, dev_t device, ino_t inode)
{
    size_t i;

    for (i = 0; i < seen->count; i++)
        if (seen->devices[i] == device && seen->inodes[i] == inode)
            return 1;
    if (seen->count == seen->capacity) {
        size_t capacity = seen->capacity ? seen->capacity * 2 : 64;
        dev_t *devices = realloc(seen->devices, capacity * sizeof *devices);
        ino_t *inodes;
        if (!devices)
            return -1;
        seen->devices = devices;
        inodes = realloc(seen->inodes, capacity * sizeof *inodes);
        if (!inodes)
            return -1;
        seen->inodes = inodes;
        seen->capacity = capacity;
    }
    seen->devices[seen->count] = device;
    seen->inodes[seen->count] = inode;
    seen->count++;
    return 0;
}

static int corpus_add(defcon_corpus *corpus, const char *path, size_t path_len,
                      const struct stat *st)
{
    defcon_corpus_file *file;

    if (corpus->count == corpus->capacity
        && defcon_array_grow(&corpus->files, &corpus->capacity, sizeof *corpus->files, 1024) != 0)
        return -1;
    if (corpus->names_len + path_len + 1 > corpus->names_capacity) {
        size_t capacity = corpus->names_capacity ? corpus->names_capacity : 65536;
        char *names;
        while (capacity < corpus->names_len + path_len + 1)
            capacity *= 2;
        names = realloc(corpus->names, capacity);
        if (!names)
            return -1;
        corpus->names = names;
        corpus->names_capacity = capacity;
    }
    file = &corpus->files[corpus->count++];
    file->path = corpus->names_len;
    file->size = (long long)st->st_size;
    file->mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
    memcpy(corpus->names + corpus->names_len, path, path_len + 1);
    corpus->names_len += path_len + 1;
    return 0;
}

/* One entry of a folder, between reading the folder and walking it. */
typedef struct folder_entry {
    size_t name;              /* offset in the folder's name buffer */
    const char *text;         /* the name, once the buffer is complete */
    int is_folder;
    int linked;               /* reached through a symbolic link */
    struct stat st;
} folder_entry;

/* Orders a folder's entries as their paths sort (strcmp) once a folder's
 * files follow it: a folder name compares as if followed by '/'. So
 * walking each folder in this order lists the whole archive sorted, with
 * no sort of the whole list. */
static int compare_folder_entries(const void *a, const void *b)
{
    const folder_entry *x = *(const folder_entry *const *)a, *y = *(const folder_entry *const *)b;
    const unsigned char *p = (const unsigned char *)x->text;
    const unsigned char *q = (const unsigned char *)y->text;
    int cp, cq;

    while (*p && *p == *q) {
        p++;
        q++;
    }
    cp = *p ? *p : x->is_folder ? '/' : 0;
    cq = *q ? *q : y->is_folder ? '/' : 0;
    return cp - cq;
}

/* Sets `path` to base + "/" + name (no slash after an empty base). */
static int join_path(defcon_buffer *path, size_t base_len, const char *name)
{
    path->len = base_len;
    if (base_len && defcon_buffer_putc(path, '/') != 0)
        return -1;
    return defcon_buffer_puts(path, name);
}

/* One walk: the options, what it has seen, and the two paths of the
 * folder being walked: `relative` below the root ("" for the root) and
 * `absolute`, the path to open. */
typedef struct walker {
    defcon_corpus *corpus;
    const defcon_walk_options *options;
    visited folders;          /* folders entered, to stop loops */
    visited linked_files;     /* files reached through links (--follow-links) */
    char *root_real;          /* the root with every link resolved */
    size_t root_real_len;
    defcon_buffer absolute, relative;
} walker;

static void walk_problem(walker *w, const char *path, const char *reason)
{
    if (w->options->problem)
        w->options->problem(w->options->context, path, reason);
}

static void walk_skip(walker *w, const char *path, const char *kind, const char *detail)
{
    if (w->options->skip)
        w->options->skip(w->options->context, path, kind, detail);
}

/* A folder's entries worth walking: files of an article kind and folders,
 * hidden ones left out, sorted as their paths sort. */
typedef struct folder_listing {
    folder_entry *entries;
    folder_entry **order;
    size_t count, capacity;
    defcon_buffer names;
} folder_listing;

static void folder_listing_free(folder_listing *list)
{
    free(list->order);
    free(list->entries);
    defcon_buffer_free(&list->names);
}

/* Whether `real` (a resolved path) is the root or below it. */
static int inside_root(const walker *w, const char *real)
{
    return strncmp(real, w->root_real, w->root_real_len) == 0
        && (real[w->root_real_len] == '/' || real[w->root_real_len] == '\0'
            || w->root_real_len == 1);
}

/* Decides about the symbolic link w->relative in the open folder: 1 to
 * take it (its target's stat in *st), 0 to leave it out (reported as a
 * skip), -1 when out of memory. A link into the archive is left out, as
 * its target is walked at its own path; a link out of it is followed only
 * with follow_links. */
static int take_link(walker *w, DIR *dir, const char *name, struct stat *st)
{
    char *real;
    int inside, rc = 0;

    if (join_path(&w->absolute, w->absolute.len, name) != 0)
        return -1;
    real = realpath(defcon_buffer_cstr(&w->absolute), NULL);
    if (!real || fstatat(dirfd(dir), name, st, 0) != 0) {
        walk_skip(w, defcon_buffer_cstr(&w->relative), "links that lead nowhere",
                  "a symbolic link whose target does not exist");
        free(real);
        return 0;
    }
    inside = inside_root(w, real);
    if (inside)
        walk_skip(w, defcon_buffer_cstr(&w->relative), "links within the archive",
                  "a symbolic link to a place inside the archive, indexed at its own path");
    else if (!w->options->follow_links)
        walk_skip(w, defcon_buffer_cstr(&w->relative), "links out of the archive",
                  "a symbolic link out of the archive: not followed (--follow-links follows it)");
    else
        rc = 1;
    free(real);
    return rc;
}

/* Whether a listed file or folder is one to walk; reports the others. */
static int keep_entry(walker *w, const char *name, const struct stat *st)
{
    char kind[64];
    const char *dot = strrchr(name, '.');

    if (S_ISDIR(st->st_mode)
        || (S_ISREG(st->st_mode) && defcon_article_kind_of(name) != DEFCON_ARTICLE_NONE))
        return 1;
    if (!S_ISREG(st->st_mode)) {
        walk_skip(w, defcon_buffer_cstr(&w->relative), "special files",
                  "not a regular file (a device, a pipe or a socket)");
        return 0;
    }
    if (dot && dot != name && strlen(dot) < 16)
        snprintf(kind, sizeof kind, "files of another kind (%s)", dot);
    else
        snprintf(kind, sizeof kind, "files of another kind (no extension)");
    walk_skip(w, defcon_buffer_cstr(&w->relative), kind,
              "not a kind of file the archive holds");
    return 0;
}

/* Adds the entry `name` of the open folder, or reports why it is left
 * out. Returns 0, or -1 when out of memory. */
static int list_entry(walker *w, folder_listing *list, DIR *dir, const char *name,
                      size_t relative_len)
{
    size_t absolute_len = w->absolute.len;
    folder_entry *e;
    int take = 1, linked;

    if (list->count == list->capacity
        && defcon_array_grow(&list->entries, &list->capacity, sizeof *list->entries, 64) != 0)
        return -1;
    e = &list->entries[list->count];
    if (join_path(&w->relative, relative_len, name) != 0)
        return -1;
    if (fstatat(dirfd(dir), name, &e->st, AT_SYMLINK_NOFOLLOW) != 0) {
        walk_problem(w, defcon_buffer_cstr(&w->relative), strerror(errno));
        return 0;
    }
    linked = S_ISLNK(e->st.st_mode);
    if (linked)
        take = take_link(w, dir, name, &e->st);
    w->absolute.len = absolute_len;
    w->absolute.data[absolute_len] = '\0';
    if (take <= 0)
        return take;
    if (!keep_entry(w, name, &e->st))
        return 0;
    e->is_folder = S_ISDIR(e->st.st_mode);
    e->linked = linked;
    e->name = list->names.len;
    if (defcon_buffer_puts(&list->names, name) != 0
        || defcon_buffer_putc(&list->names, '\0') != 0)
        return -1;
    list->count++;
    return 0;
}

/* Lists the open folder `dir` (closed here) into `list`. 0, or -1. */
static int list_folder(walker *w, folder_listing *list, DIR *dir)
{
    size_t relative_len = w->relative.len, i;
    struct dirent *entry;
    int rc = 0;

    while (rc == 0 && (entry = readdir(dir)) != NULL)
        if (entry->d_name[0] != '.')     /* ., .., and hidden files such as .git */
            rc = list_entry(w, list, dir, entry->d_name, relative_len);
    closedir(dir);
    /* Sorted through pointers: an entry holds a whole struct stat. */
    if (rc == 0 && list->count > 0 && !(list->order = malloc(list->count * sizeof *list->order)))
        rc = -1;
    for (i = 0; rc == 0 && i < list->count; i++) {
        list->entries[i].text = list->names.data + list->entries[i].name;
        list->order[i] = &list->entries[i];
    }
    if (rc == 0 && list->count > 1)
        qsort(list->order, list->count, sizeof *list->order, compare_folder_entries);
    return rc;
}

static int walk_folder(walker *w);

/* Takes one listed entry, w->relative being its path. 0, or -1. */
static int walk_entry(walker *w, const folder_entry *e, size_t absolute_len)
{
    int again;

    if (!e->is_folder) {
        /* Two links out of the archive may reach one file: index it once. */
        again = e->linked ? visited_add(&w->linked_files, e->st.st_dev, e->st.st_ino) : 0;
        if (again > 0)
            walk_skip(w, defcon_buffer_cstr(&w->relative), "files reached twice",
                      "a file already reached through another link");
        return again < 0 ? -1
             : again ? 0
                     : corpus_add(w->corpus, defcon_buffer_cstr(&w->relative), w->relative.len,
                                  &e->st);
    }
    again = visited_add(&w->folders, e->st.st_dev, e->st.st_ino);
    if (again > 0)
        walk_skip(w, defcon_buffer_cstr(&w->relative), "folders reached twice",
                  "a folder already walked (a link loop or a bind mount)");
    if (again != 0)
        return again < 0 ? -1 : 0;
    if (join_path(&w->absolute, absolute_len, e->text) != 0)
        return -1;
    return walk_folder(w);
}

/* Walks the folder at w->absolute (w->relative below the root). Entries
 * are looked at relative to the open folder (fstatat: no walk down the
 * whole path each time) and taken in path order. Recursion depth is
 * bounded by the number of nested folders, which the visited set keeps
 * finite. */
static int walk_folder(walker *w)
{
    DIR *dir = opendir(defcon_buffer_cstr(&w->absolute));
    folder_listing list = {NULL, NULL, 0, 0, DEFCON_BUFFER_INIT};
    size_t absolute_len = w->absolute.len, relative_len = w->relative.len, i;
    int rc;

    if (!dir) {
        walk_problem(w, relative_len ? defcon_buffer_cstr(&w->relative) : ".", strerror(errno));
        return 0;
    }
    rc = list_folder(w, &list, dir);
    for (i = 0; rc == 0 && i < list.count; i++) {
        rc = join_path(&w->relative, relative_len, list.order[i]->text);
        if (rc == 0)
            rc = walk_entry(w, list.order[i], absolute_len);
        w->absolute.len = absolute_len;
        w->absolute.data[absolute_len] = '\0';
    }
    folder_listing_free(&list);
    w->relative.len = relative_len;
    if (w->relative.data)
        w->relative.data[relative_len] = '\0';
    return rc;
}

static int compare_paths(const void *a, const void *b)
{
    const defcon_corpus_file *x = a, *y = b;
    return strcmp(x->name, y->name);
}

/* Checks the root and sets up the walker. 0, or -1 with the message. */
static int walker_start(walker *w, defcon_corpus *corpus, const char *root)
{
    const char *problem = NULL;
    struct stat st;

    if (stat(root, &st) != 0)
        problem = strerror(errno);
    else if (!S_ISDIR(st.st_mode))
        problem = "not a folder";
    else if (!(w->root_real = realpath(root, NULL)))
        problem = strerror(errno);
    else if (visited_add(&w->folders, st.st_dev, st.st_ino) < 0
             || defcon_buffer_puts(&w->absolute, root) != 0
             || defcon_buffer_puts(&w->relative, "") != 0)
        problem = "out of memory";
    if (problem) {
        snprintf(corpus->message, sizeof corpus->message, "archive folder %s: %s", root,
                 problem);
        return -1;
    }
    w->root_real_len = strlen(w->root_real);
    if (w->absolute.len > 1 && w->absolute.data[w->absolute.len - 1] == '/')
        w->absolute.data[--w->absolute.len] = '\0';
    return 0;
}

/* Once the walk is complete: names in place, sorted (see below). */
static void corpus_finish(defcon_corpus *corpus)
{
    size_t i;

    for (i = 0; i < corpus->count; i++)
        corpus->files[i].name = corpus->names + corpus->files[i].path;
    /* The walk lists in path order; what relies on it (the indexer's merge
     * with the index) gets a sorted list even if a file system hands out
     * names the walk's order does not foresee. */
    for (i = 1; i < corpus->count; i++) {
        if (strcmp(corpus->files[i - 1].name, corpus->files[i].name) >= 0) {
            qsort(corpus->files, corpus->count, sizeof *corpus->files, compare_paths);
            corpus->resorted = 1;
            break;
        }
    }
}

int defcon_corpus_walk_with(defcon_corpus *corpus, const char *root,
                            const defcon_walk_options *options)
{
    walker w;
    int rc;

    memset(corpus, 0, sizeof *corpus);
    memset(&w, 0, sizeof w);
    w.corpus = corpus;
    w.options = options;
    corpus->root = strdup(root);
    if (!corpus->root) {
        snprintf(corpus->message, sizeof corpus->message, "out of memory");
        return -1;
    }
    rc = walker_start(&w, corpus, root);
    if (rc == 0 && walk_folder(&w) != 0) {
        snprintf(corpus->message, sizeof corpus->message, "out of memory walking %s", root);
        rc = -1;
    }
    defcon_buffer_free(&w.absolute);
    defcon_buffer_free(&w.relative);
    free(w.folders.devices);
    free(w.folders.inodes);
    free(w.linked_files.devices);
    free(w.linked_files.inodes);
    free(w.root_real);
    if (rc == 0)
        corpus_finish(corpus);
    return rc;
}

int defcon_corpus_walk(defcon_corpus *corpus, const char *root,
                       defcon_corpus_problem problem, void *context)
{
    defcon_walk_options options;

    memset(&options, 0, sizeof options);
    options.problem = problem;
    options.context = context;
    return defcon_corpus_walk_with(corpus, root, &options);
}

const char *defcon_corpus_path(const defcon_corpus *corpus, size_t i)
{
    return corpus->files[i].name;
}

void defcon_corpus_free(defcon_corpus *corpus)
{
    if (!corpus)
        return;
    free(corpus->root);
    free(corpus->files);
    free(corpus->names);
    memset(corpus, 0, sizeof *corpus);
}

int defcon_corpus_read(const char *root, const char *relative_path, size_t max_bytes,
                       char **data, size_t *len, char *error, size_t error_size)
{
    defcon_buffer path = DEFCON_BUFFER_INIT;
    struct stat st;
    char *bytes = NULL;
    size_t have = 0, capacity;
    int fd;

    *data = NULL;
    *len = 0;
    /* Not printf: this runs once per file on the workers. */
    if (defcon_buffer_puts(&path, root) != 0 || defcon_buffer_putc(&path, '/') != 0
        || defcon_buffer_puts(&path, relative_path) != 0) {
        snprintf(error, error_size, "out of memory");
        return -1;
    }
    fd = open(defcon_buffer_cstr(&path), O_RDONLY | O_CLOEXEC);
    defcon_buffer_free(&path);
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(error, error_size, "%s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(error, error_size, "not a regular file");
        close(fd);
        return -1;
    }
    if ((unsigned long long)st.st_size > max_bytes) {
        snprintf(error, error_size, "file too large (%lld bytes; the limit is %zu)",
                 (long long)st.st_size, max_bytes);
        close(fd);
        return -1;
    }
    /* The file may grow while we read it: read up to the limit. */
    capacity = (size_t)st.st_size + 1;
    bytes = malloc(capacity + 1);
    for (;;) {
        ssize_t n;
        if (!bytes) {
            snprintf(error, error_size, "out of memory");
            close(fd);
            return -1;
        }
        if (have == capacity) {
            char *bigger;
            if (capacity > max_bytes) {
                snprintf(error, error_size, "file too large (more than %zu bytes)", max_bytes);
                free(bytes);
                close(fd);
                return -1;
            }
            bigger = realloc(bytes, capacity * 2 + 1);
            if (!bigger)
                free(bytes);
            bytes = bigger;
            capacity *= 2;
            continue;
        }
        n = read(fd, bytes + have, capacity - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(error, error_size, "%s", strerror(errno));
            free(bytes);
            close(fd);
            return -1;
        }
        if (n == 0)
            break;
        have += (size_t)n;
    }
    close(fd);
    bytes[have] = '\0';
    *data = bytes;
    *len = have;
    return 0;
}

/* Bytes read at a time when hashing a file as a stream. */
#define CHUNK_BYTES ((size_t)1 << 20)

/* A multiply-xorshift hash over 8-byte words (hash.h): fast, and far from
 * any chance collision for telling an edited file from a touched one. */
uint64_t defcon_content_hash(const char *data, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)len;
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        uint64_t word;
        memcpy(&word, data + i, 8);
        h = (h ^ (word * 0xc2b2ae3d27d4eb4fULL)) * 0x165667b19e3779f9ULL;
        h ^= h >> 29;
    }
    if (i < len) {
        uint64_t word = 0;
        memcpy(&word, data + i, len - i);
        h = (h ^ (word * 0xc2b2ae3d27d4eb4fULL)) * 0x165667b19e3779f9ULL;
    }
    return defcon_hash_mix64(h);
}

int defcon_corpus_hash_file(const char *root, const char *relative_path, uint64_t *hash,
                            long long *bytes, char *error, size_t error_size)
{
    defcon_buffer path = DEFCON_BUFFER_INIT;
    char *chunk = malloc(CHUNK_BYTES);
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    long long total = 0;
    int fd = -1;

    *hash = 0;
    *bytes = 0;
    if (!chunk || defcon_buffer_puts(&path, root) != 0 || defcon_buffer_putc(&path, '/') != 0
        || defcon_buffer_puts(&path, relative_path) != 0) {
        snprintf(error, error_size, "out of memory");
        free(chunk);
        defcon_buffer_free(&path);
        return -1;
    }
    fd = open(defcon_buffer_cstr(&path), O_RDONLY | O_CLOEXEC);
    defcon_buffer_free(&path);
    for (;;) {
        ssize_t n = fd < 0 ? -1 : read(fd, chunk, CHUNK_BYTES);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(error, error_size, "%s", strerror(errno));
            free(chunk);
            if (fd >= 0)
                close(fd);
            return -1;
        }
        if (n == 0)
            break;
        h = defcon_hash_mix64(h ^ defcon_content_hash(chunk, (size_t)n));
        total += n;
    }
    close(fd);
    free(chunk);
    *hash = defcon_hash_mix64(h ^ (uint64_t)total);
    *bytes = total;
    return 0;
}

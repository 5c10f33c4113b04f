/*
 * corpus.c - walking the archive and reading its files; see corpus.h.
 */
#include "corpus.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "article.h"
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

    if (corpus->count == corpus->capacity) {
        size_t capacity = corpus->capacity ? corpus->capacity * 2 : 1024;
        defcon_corpus_file *files = realloc(corpus->files, capacity * sizeof *files);
        if (!files)
            return -1;
        corpus->files = files;
        corpus->capacity = capacity;
    }
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

/* Walks one folder; `relative` is its path below the root ("" for the
 * root) and `absolute` the path to open. Entries are looked at relative
 * to the open folder (fstatat: no walk down the whole path each time) and
 * taken in path order. Recursion depth is bounded by the number of
 * nested folders, which the visited set keeps finite. */
static int walk_folder(defcon_corpus *corpus, visited *seen, defcon_buffer *absolute,
                       defcon_buffer *relative, defcon_corpus_problem problem, void *context)
{
    DIR *dir = opendir(defcon_buffer_cstr(absolute));
    defcon_buffer names = DEFCON_BUFFER_INIT;
    folder_entry *entries = NULL, **order = NULL;
    size_t count = 0, capacity = 0, absolute_len = absolute->len, relative_len = relative->len, i;
    struct dirent *entry;
    int rc = 0;

    if (!dir) {
        if (problem)
            problem(context, relative->len ? defcon_buffer_cstr(relative) : ".", strerror(errno));
        return 0;
    }
    while (rc == 0 && (entry = readdir(dir)) != NULL) {
        const char *name = entry->d_name;
        folder_entry *e;

        if (name[0] == '.')
            continue;   /* ., .., and hidden files such as .git */
        if (count == capacity) {
            size_t bigger = capacity ? capacity * 2 : 64;
            folder_entry *grown = realloc(entries, bigger * sizeof *grown);
            if (!grown) {
                rc = -1;
                break;
            }
            entries = grown;
            capacity = bigger;
        }
        e = &entries[count];
        if (fstatat(dirfd(dir), name, &e->st, 0) != 0) {
            int error = errno;
            rc = join_path(relative, relative_len, name);
            if (rc == 0 && problem)
                problem(context, defcon_buffer_cstr(relative), strerror(error));
            continue;
        }
        e->is_folder = S_ISDIR(e->st.st_mode);
        if (!e->is_folder
            && !(S_ISREG(e->st.st_mode) && defcon_article_kind_of(name) != DEFCON_ARTICLE_NONE))
            continue;
        e->name = names.len;
        if (defcon_buffer_puts(&names, name) != 0 || defcon_buffer_putc(&names, '\0') != 0)
            rc = -1;
        count++;
    }
    closedir(dir);
    /* Sorted through pointers: an entry holds a whole struct stat. */
    if (rc == 0 && count > 0 && !(order = malloc(count * sizeof *order)))
        rc = -1;
    for (i = 0; rc == 0 && i < count; i++) {
        entries[i].text = names.data + entries[i].name;
        order[i] = &entries[i];
    }
    if (rc == 0 && count > 1)
        qsort(order, count, sizeof *order, compare_folder_entries);
    for (i = 0; rc == 0 && i < count; i++) {
        const folder_entry *e = order[i];
        const char *name = e->text;
        if (join_path(relative, relative_len, name) != 0) {
            rc = -1;
        } else if (!e->is_folder) {
            rc = corpus_add(corpus, defcon_buffer_cstr(relative), relative->len, &e->st);
        } else {
            int again = visited_add(seen, e->st.st_dev, e->st.st_ino);
            if (again < 0) {
                rc = -1;
            } else if (again) {
                if (problem)
                    problem(context, defcon_buffer_cstr(relative),
                            "folder already visited (a symbolic link loop?): skipped");
            } else if (join_path(absolute, absolute_len, name) != 0) {
                rc = -1;
            } else {
                rc = walk_folder(corpus, seen, absolute, relative, problem, context);
            }
        }
    }
    free(order);
    free(entries);
    defcon_buffer_free(&names);
    absolute->len = absolute_len;
    relative->len = relative_len;
    if (absolute->data)
        absolute->data[absolute_len] = '\0';
    if (relative->data)
        relative->data[relative_len] = '\0';
    return rc;
}

static int compare_paths(const void *a, const void *b)
{
    const defcon_corpus_file *x = a, *y = b;
    return strcmp(x->name, y->name);
}

int defcon_corpus_walk(defcon_corpus *corpus, const char *root,
                       defcon_corpus_problem problem, void *context)
{
    defcon_buffer absolute = DEFCON_BUFFER_INIT, relative = DEFCON_BUFFER_INIT;
    visited seen = {NULL, NULL, 0, 0};
    struct stat st;
    int rc;

    memset(corpus, 0, sizeof *corpus);
    corpus->root = strdup(root);
    if (!corpus->root) {
        snprintf(corpus->message, sizeof corpus->message, "out of memory");
        return -1;
    }
    if (stat(root, &st) != 0) {
        snprintf(corpus->message, sizeof corpus->message, "archive folder %s: %s", root,
                 strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(corpus->message, sizeof corpus->message, "archive folder %s: not a folder",
                 root);
        return -1;
    }
    rc = visited_add(&seen, st.st_dev, st.st_ino) < 0 ? -1 : 0;
    if (rc == 0)
        rc = defcon_buffer_puts(&absolute, root);
    if (rc == 0)
        rc = defcon_buffer_puts(&relative, "");
    if (rc == 0) {
        if (absolute.len > 1 && absolute.data[absolute.len - 1] == '/')
            absolute.data[--absolute.len] = '\0';
        rc = walk_folder(corpus, &seen, &absolute, &relative, problem, context);
    }
    defcon_buffer_free(&absolute);
    defcon_buffer_free(&relative);
    free(seen.devices);
    free(seen.inodes);
    if (rc != 0) {
        snprintf(corpus->message, sizeof corpus->message, "out of memory walking %s", root);
        return -1;
    }
    for (size_t i = 0; i < corpus->count; i++)
        corpus->files[i].name = corpus->names + corpus->files[i].path;
    /* The walk lists in path order; what relies on it (the indexer's merge
     * with the index) gets a sorted list even if a file system hands out
     * names the walk's order does not foresee. */
    for (size_t i = 1; i < corpus->count; i++) {
        if (strcmp(corpus->files[i - 1].name, corpus->files[i].name) >= 0) {
            qsort(corpus->files, corpus->count, sizeof *corpus->files, compare_paths);
            corpus->resorted = 1;
            break;
        }
    }
    return 0;
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

/* A multiply-xorshift hash over 8-byte words: fast, and far from any
 * chance collision for telling an edited file from a touched one. */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ULL;
    x ^= x >> 27;
    x *= 0x81dadef4bc2dd44dULL;
    x ^= x >> 33;
    return x;
}

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
    return mix(h);
}

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

/* Walks one folder; `relative` is its path below the root ("" for the
 * root) and `absolute` the path to open. Iterative depth is bounded by the
 * file system; recursion depth by the number of nested folders, which the
 * visited set keeps finite. */
static int walk_folder(defcon_corpus *corpus, visited *seen, defcon_buffer *absolute,
                       defcon_buffer *relative, defcon_corpus_problem problem, void *context)
{
    DIR *dir = opendir(defcon_buffer_cstr(absolute));
    struct dirent *entry;
    size_t absolute_len = absolute->len, relative_len = relative->len;
    int rc = 0;

    if (!dir) {
        if (problem)
            problem(context, relative->len ? defcon_buffer_cstr(relative) : ".", strerror(errno));
        return 0;
    }
    while (rc == 0 && (entry = readdir(dir)) != NULL) {
        struct stat st;
        const char *name = entry->d_name;

        if (name[0] == '.')
            continue;   /* ., .., and hidden files such as .git */
        absolute->len = absolute_len;
        relative->len = relative_len;
        if (defcon_buffer_putc(absolute, '/') != 0 || defcon_buffer_puts(absolute, name) != 0
            || (relative_len && defcon_buffer_putc(relative, '/') != 0)
            || defcon_buffer_puts(relative, name) != 0) {
            rc = -1;
            break;
        }
        if (stat(defcon_buffer_cstr(absolute), &st) != 0) {
            if (problem)
                problem(context, defcon_buffer_cstr(relative), strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            int again = visited_add(seen, st.st_dev, st.st_ino);
            if (again < 0) {
                rc = -1;
            } else if (again) {
                if (problem)
                    problem(context, defcon_buffer_cstr(relative),
                            "folder already visited (a symbolic link loop?): skipped");
            } else {
                rc = walk_folder(corpus, seen, absolute, relative, problem, context);
            }
        } else if (S_ISREG(st.st_mode)) {
            if (defcon_article_kind_of(name) != DEFCON_ARTICLE_NONE)
                rc = corpus_add(corpus, defcon_buffer_cstr(relative), relative->len, &st);
        }
    }
    closedir(dir);
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
    if (corpus->count > 1)   /* files is NULL in an empty archive */
        qsort(corpus->files, corpus->count, sizeof *corpus->files, compare_paths);
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

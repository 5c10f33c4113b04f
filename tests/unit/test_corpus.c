/*
 * test_corpus.c - the archive walk (src/archive/corpus.c) lists files in path
 * (strcmp) order by itself, whatever the names: a folder's files sort as
 * "folder/...", so "a.md" comes before "a/b.md" and "a/b.md" before
 * "a0.md"; hidden entries and files of other kinds are left out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "corpus.h"

static char root[256];

static void make(const char *relative)
{
    char path[512], *slash;
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", root, relative);
    for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0755);
        *slash = '/';
    }
    f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs("---\ntitle: t\n---\nx\n", f);
        fclose(f);
    }
}

static int by_strcmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(void)
{
    /* Names whose bytes sort around '/' (0x2f): '-' '.' '0' and above. */
    static const char *const files[] = {
        "a.md", "a/b.md", "a/a.md", "a-b.md", "a0.md", "a/b/c.md", "a/b.txt", "a/b-c.md",
        "ab/c.md", "ab.md", "Z.md", "x.y/1.md", "x/y/z.md", "x/y.md", "x-/q.md",
        "caf\xC3\xA9.md", "cafe.md", "cafe/1.md", "1987/03/01.md", "1987/03-x.md", "1987-.md",
        "deep/er/and/deeper/still.md", "deep.md", "deep/er.md", NULL};
    const char *want[64];
    defcon_corpus corpus;
    size_t n = 0, i;
    char command[300];

    snprintf(root, sizeof root, "%s/defcon-corpus-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    CHECK(mkdtemp(root) != NULL);
    for (i = 0; files[i]; i++) {
        make(files[i]);
        want[n++] = files[i];
    }
    make(".hidden/x.md");
    make("a/.git.md");
    make("notes.pdf");
    qsort(want, n, sizeof *want, by_strcmp);

    CHECK(defcon_corpus_walk(&corpus, root, NULL, NULL) == 0);
    CHECK_LONG(corpus.count, n);
    for (i = 0; i < n && i < corpus.count; i++)
        CHECK_STR(defcon_corpus_path(&corpus, i), want[i]);
    CHECK_LONG(corpus.resorted, 0);     /* the walk's own order */
    defcon_corpus_free(&corpus);

    snprintf(command, sizeof command, "rm -rf '%s'", root);
    CHECK(system(command) == 0);
    return check_finish();
}

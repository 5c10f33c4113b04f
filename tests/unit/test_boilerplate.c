/*
 * test_boilerplate.c - unit tests of boilerplate learning: the keys and
 * candidate lines of boilerplate.c and the removal of known ones, then
 * the bar of index_boilerplate.c through real indexing runs of small
 * Markdown archives: a line recurring on enough articles, days and share
 * of the site goes; copies of one story on the same days, a line in two
 * articles, and a line on too small a share of a big site stay.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "boilerplate.h"
#include "check.h"
#include "indexer.h"

static void test_keys(void)
{
    uint64_t site = defcon_boilerplate_site_hash("example.org");
    uint64_t other = defcon_boilerplate_site_hash("example.net");
    uint64_t a = defcon_boilerplate_key(site, "Share this:", 11);

    CHECK(a == defcon_boilerplate_key(site, "  share   THIS: ", 16));
    CHECK(a != defcon_boilerplate_key(other, "Share this:", 11));
    CHECK(a != defcon_boilerplate_key(site, "Share that:", 11));
    CHECK(a != 0 && a < (1ULL << 62));
}

static void test_site_names(void)
{
    defcon_article a;
    char site[64];
    static char url[] = "https://www.Example.org/2019/04/story";
    static char capture_url[] = "http://news.example.com:8080/a?b";

    memset(&a, 0, sizeof a);
    a.url = url;
    defcon_boilerplate_site_name("x.md", &a, site, sizeof site);
    CHECK_STR(site, "example.org");
    a.capture_url = capture_url;
    defcon_boilerplate_site_name("x.warc", &a, site, sizeof site);
    CHECK_STR(site, "news.example.com");
    memset(&a, 0, sizeof a);
    defcon_boilerplate_site_name("2019/page.txt", &a, site, sizeof site);
    CHECK_STR(site, "captures");
    defcon_boilerplate_site_name("2019/story.md", &a, site, sizeof site);
    CHECK_STR(site, "");
}

/* Known: the keys of the lines in `removed_lines` on the site `context`
 * names. */
static const char *const *removed_lines;
static char site_archive[] = "", site_captures[] = "captures";

static int known(void *context, uint64_t key)
{
    uint64_t site = defcon_boilerplate_site_hash(context);
    size_t i;

    for (i = 0; removed_lines[i]; i++)
        if (key == defcon_boilerplate_key(site, removed_lines[i], strlen(removed_lines[i])))
            return 1;
    return 0;
}

static void set_article(defcon_article *a, const char *title, const char *body)
{
    defcon_article_clear(a);
    a->title = strdup(title);
    a->body = strdup(body);
    a->body_len = strlen(body);
}

static void test_candidates(void)
{
    defcon_boilerplate_lines lines = DEFCON_BOILERPLATE_LINES_INIT;
    defcon_article a;
    static const char *const none[] = {NULL};

    memset(&a, 0, sizeof a);
    set_article(&a, "T", "1\n\n2\n\n3\n\n4\n\n5\n\n6\n\n7\n\n8\n\n9\n\n10\n\n11\n\n12");
    removed_lines = none;
    CHECK_LONG(defcon_boilerplate_apply("a.md", &a, known, site_archive, &lines), 0);
    /* A Markdown title is metadata: the body's first and last five. */
    CHECK_LONG(lines.count, 10);
    CHECK_STR(defcon_boilerplate_line(&lines, 0), "1");
    CHECK_STR(defcon_boilerplate_line(&lines, 4), "5");
    CHECK_STR(defcon_boilerplate_line(&lines, 5), "8");
    CHECK_STR(defcon_boilerplate_line(&lines, 9), "12");
    CHECK_STR(defcon_boilerplate_lines_site(&lines), "");
    /* A capture's title is its first line. */
    CHECK_LONG(defcon_boilerplate_apply("a.txt", &a, NULL, NULL, &lines), 0);
    CHECK_STR(defcon_boilerplate_line(&lines, 0), "T");
    CHECK_STR(defcon_boilerplate_line(&lines, 4), "4");
    CHECK_STR(defcon_boilerplate_line(&lines, 5), "8");
    CHECK_STR(a.body, "1\n\n2\n\n3\n\n4\n\n5\n\n6\n\n7\n\n8\n\n9\n\n10\n\n11\n\n12");
    defcon_boilerplate_lines_free(&lines);
    defcon_article_clear(&a);
}

static void test_removal(void)
{
    defcon_boilerplate_lines lines = DEFCON_BOILERPLATE_LINES_INIT;
    defcon_article a;
    static const char *const frame[] = {"Share this:", "Threat board: calm",
                                        "Watching the flashpoints", NULL};

    memset(&a, 0, sizeof a);
    removed_lines = frame;
    set_article(&a, "Story", "First line\nShare this:\nsecond line\n\nShare this:\n\nLast");
    CHECK_LONG(defcon_boilerplate_apply("a.md", &a, known, site_archive, &lines), 0);
    CHECK_STR(a.body, "First line\nsecond line\n\nLast");
    CHECK_STR(a.title, "Story");
    CHECK_LONG(lines.removed[1] + lines.removed[3], 2);
    CHECK_LONG(lines.removed[0] + lines.removed[2] + lines.removed[4], 0);

    /* A capture whose title is the frame: the headline takes its place. */
    set_article(&a, "Watching the flashpoints",
                "Threat board: calm\n\nHeadline here\n\nBody text.\n\nShare this:");
    CHECK_LONG(defcon_boilerplate_apply("2027/a.txt", &a, known, site_captures, &lines), 0);
    CHECK_STR(a.title, "Headline here");
    CHECK_STR(a.body, "Body text.");
    CHECK_LONG(a.body_len, strlen("Body text."));

    /* Too long a first line is no headline: no title rather than a wrong one. */
    set_article(&a, "Watching the flashpoints",
                "one two three four five six seven eight nine ten eleven twelve thirteen "
                "fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one "
                "twenty-two twenty-three twenty-four twenty-five twenty-six twenty-seven "
                "twenty-eight twenty-nine thirty thirty-one");
    CHECK_LONG(defcon_boilerplate_apply("2027/a.txt", &a, known, site_captures, &lines), 0);
    CHECK_STR(a.title, "");
    CHECK(strncmp(a.body, "one two", 7) == 0);
    defcon_boilerplate_lines_free(&lines);
    defcon_article_clear(&a);
}

/* The index's runs, on a fresh folder of Markdown articles. */
static char folder[256], archive[300], db[300];

static void write_article(const char *date, int n, const char *body_end)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s-%d.md", archive, date, n);
    f = fopen(path, "w");
    if (!f)
        return;
    fprintf(f, "---\ntitle: Article %d of %s\ndate: %s\n---\n\nStory number %d, its own words"
            " about topic%d.\n\n%s\n", n, date, date, n, n, body_end);
    fclose(f);
}

static long index_and_count(const char *word)
{
    defcon_index_options options;
    defcon_index_stats stats;
    char error[512], sql[256];
    sqlite3 *sqlite = NULL;
    sqlite3_stmt *stmt = NULL;
    long count = -1;

    memset(&options, 0, sizeof options);
    options.allow_removals = 1;
    CHECK_LONG(defcon_index_run(db, archive, &options, &stats, error, sizeof error), 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM articles WHERE instr(body, '%s') > 0", word);
    if (sqlite3_open(db, &sqlite) == SQLITE_OK
        && sqlite3_prepare_v2(sqlite, sql, -1, &stmt, NULL) == SQLITE_OK
        && sqlite3_step(stmt) == SQLITE_ROW)
        count = (long)sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(sqlite);
    return count;
}

static void test_bar(void)
{
    char command[700];
    int i;

    snprintf(folder, sizeof folder, "/tmp/test_boilerplate.XXXXXX");
    if (!mkdtemp(folder)) {
        CHECK(!"mkdtemp");
        return;
    }
    snprintf(archive, sizeof archive, "%s/archive", folder);
    snprintf(db, sizeof db, "%s/index.db", folder);
    mkdir(archive, 0755);
    /* Six copies of one story over two days: the quote is theirs. */
    for (i = 0; i < 6; i++)
        write_article(i % 2 ? "2020-01-01" : "2020-01-02", i, "A quoted wire sentence.");
    CHECK_LONG(index_and_count("quoted wire"), 6);
    /* A sign-off on six articles of six days goes, from the old ones too. */
    for (i = 0; i < 6; i++) {
        char date[16];
        snprintf(date, sizeof date, "2020-02-%02d", 3 + i);
        write_article(date, 10 + i, "Signed off by the desk.");
    }
    write_article("2020-03-01", 20, "Seen twice only.");
    write_article("2020-03-09", 21, "Seen twice only.");
    CHECK_LONG(index_and_count("Signed off by the desk"), 0);
    CHECK_LONG(index_and_count("own words"), 14);
    CHECK_LONG(index_and_count("Seen twice only"), 2);
    CHECK_LONG(index_and_count("quoted wire"), 6);
    /* Among 200 articles, six are 3 %: below the 5 % bar, it is text. */
    for (i = 0; i < 186; i++) {
        char date[16];
        snprintf(date, sizeof date, "2021-%02d-%02d", 1 + i % 12, 1 + i % 28);
        write_article(date, 100 + i, "Another closing line of its own.");
    }
    CHECK_LONG(index_and_count("Signed off by the desk"), 6);
    snprintf(command, sizeof command, "rm -rf '%s'", folder);
    if (system(command) != 0)
        CHECK(!"cleanup");
}

int main(void)
{
    test_keys();
    test_site_names();
    test_candidates();
    test_removal();
    test_bar();
    return check_finish();
}

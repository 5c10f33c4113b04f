/*
 * test_frontmatter.c - unit tests of frontmatter.c: the keys the archive
 * uses, null and repeated values, wrong types, YAML errors with their
 * lines, alias bombs and deep nesting, and agreement between the simple
 * reader and libyaml.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "frontmatter.h"

/* One read: the values, the body offset, the warnings and the error. */
typedef struct result {
    int rc;
    defcon_frontmatter meta;
    size_t body_offset;
    defcon_buffer warnings;
    char error[256];
} result;

static void read_text(result *r, const char *text)
{
    memset(r, 0, sizeof *r);
    r->rc = defcon_frontmatter_read(text, strlen(text), &r->meta, &r->body_offset,
                                    &r->warnings, r->error, sizeof r->error);
}

static void result_clear(result *r)
{
    defcon_frontmatter_clear(&r->meta);
    defcon_buffer_free(&r->warnings);
}

static const char *warnings_of(const result *r)
{
    return r->warnings.len ? r->warnings.data : NULL;
}

static void test_no_frontmatter(void)
{
    result r;

    read_text(&r, "# Title\n\nText.\n");
    CHECK_LONG(r.rc, 0);
    CHECK_LONG(r.body_offset, 0);
    CHECK(r.meta.title == NULL && r.meta.date == NULL && r.meta.topics == NULL);
    result_clear(&r);

    /* Four dashes are a thematic break, not a fence. */
    read_text(&r, "----\ntitle: x\n----\n");
    CHECK_LONG(r.rc, 0);
    CHECK_LONG(r.body_offset, 0);
    CHECK(r.meta.title == NULL);
    result_clear(&r);

    /* The fence must be the very first line. */
    read_text(&r, "\n---\ntitle: x\n---\n");
    CHECK_LONG(r.rc, 0);
    CHECK(r.meta.title == NULL);
    result_clear(&r);
}

static void test_keys(void)
{
    static const char text[] =
        "---\n"
        "id: reuters-3003\n"
        "title: \"AMOCO REPORTS \\\"SOUTH CHINA SEA\\\" OIL FIND\"\n"
        "date: 1987-03-09T05:03:38Z\n"
        "source: Reuters\n"
        "url: https://example.org/a?b=c\n"
        "dateline: \"PEKING, March 9\"\n"
        "topics: [crude, nat-gas]\n"
        "---\n"
        "The U.S. \\<Amoco Petroleum Corp> has reported\n";
    result r;

    read_text(&r, text);
    CHECK_LONG(r.rc, 0);
    CHECK_STR(r.meta.id, "reuters-3003");
    CHECK_STR(r.meta.title, "AMOCO REPORTS \"SOUTH CHINA SEA\" OIL FIND");
    CHECK_STR(r.meta.date, "1987-03-09T05:03:38Z");
    CHECK_STR(r.meta.source, "Reuters");
    CHECK_STR(r.meta.url, "https://example.org/a?b=c");
    CHECK_STR(r.meta.topics, "crude, nat-gas");
    CHECK_STR(text + r.body_offset, "The U.S. \\<Amoco Petroleum Corp> has reported\n");
    CHECK_STR(warnings_of(&r), NULL);
    result_clear(&r);
}

static void test_values(void)
{
    result r;

    /* tags as a text, topics as a block list: both go to topics. */
    read_text(&r, "---\ntopics:\n  - war\n  - Nuclear  weapons\ntags: korea, iran\n---\n");
    CHECK_LONG(r.rc, 0);
    CHECK_STR(r.meta.topics, "war, Nuclear weapons, korea, iran");
    result_clear(&r);

    /* Nulls are absent values; keys ignore case; the last value wins. */
    read_text(&r, "---\ntitle: ~\nsource:\nurl: null\nid: ''\nTitle: First\nTITLE: Second\n---\n");
    CHECK_LONG(r.rc, 0);
    CHECK_STR(r.meta.title, "Second");
    CHECK(r.meta.source == NULL && r.meta.url == NULL && r.meta.id == NULL);
    result_clear(&r);

    /* A quoted "null" is a text; numbers and booleans stay as written. */
    read_text(&r, "---\ntitle: \"null\"\nid: 0042\nsource: yes\n---\n");
    CHECK_STR(r.meta.title, "null");
    CHECK_STR(r.meta.id, "0042");
    CHECK_STR(r.meta.source, "yes");
    result_clear(&r);

    /* Values are made one line; control characters become spaces. */
    read_text(&r, "---\ntitle: >\n  Folded\n  title\nsource: \"a\\e[31mb\\tc\\0d\"\n---\n");
    CHECK_LONG(r.rc, 0);
    CHECK_STR(r.meta.title, "Folded title");
    CHECK_STR(r.meta.source, "a [31mb c d");
    result_clear(&r);

    /* A value of control characters only is empty: no value. */
    read_text(&r, "---\ntitle: \"\\e\\x04\"\nsource: \"\\t\"\n---\n");
    CHECK_LONG(r.rc, 0);
    CHECK(r.meta.title == NULL && r.meta.source == NULL);
    result_clear(&r);

    /* "..." also closes, blanks after a fence are allowed, UTF-8 kept. */
    read_text(&r, "--- \ntitle: Café au lait\n...  \nBody");
    CHECK_LONG(r.rc, 0);
    CHECK_STR(r.meta.title, "Café au lait");
    CHECK_LONG(r.body_offset, 32);
    result_clear(&r);

    /* An empty block, or one of comments only, is no metadata at all. */
    read_text(&r, "---\n---\nBody");
    CHECK_LONG(r.rc, 0);
    CHECK_LONG(r.body_offset, 8);
    CHECK(r.meta.title == NULL);
    result_clear(&r);
    read_text(&r, "---\n# nothing here\n\n---\n");
    CHECK_LONG(r.rc, 0);
    result_clear(&r);

    /* The closing fence may end the file. */
    read_text(&r, "---\ntitle: x\n---");
    CHECK_LONG(r.rc, 0);
    CHECK_LONG(r.body_offset, 16);
    CHECK_STR(r.meta.title, "x");
    result_clear(&r);
}

static void test_wrong_types(void)
{
    result r;

    read_text(&r, "---\ntitle: {a: b}\ndate: [1, 2]\nsource: Reuters\n---\n");
    CHECK_LONG(r.rc, 0);
    CHECK(r.meta.title == NULL && r.meta.date == NULL);
    CHECK_STR(r.meta.source, "Reuters");
    CHECK_STR(warnings_of(&r),
              "front matter \"title\" on line 2 is a mapping: ignored; "
              "front matter \"date\" on line 3 is a list: ignored");
    result_clear(&r);

    read_text(&r, "---\ntopics: [a, [b, c], d]\ntags: {x: y}\n---\n");
    CHECK_LONG(r.rc, 0);
    CHECK_STR(r.meta.topics, "a, d");
    CHECK_STR(warnings_of(&r),
              "front matter \"topics\" on line 2 is a list with an item that is not a text: "
              "ignored; front matter \"tags\" on line 3 is a mapping: ignored");
    result_clear(&r);
}

static void test_errors(void)
{
    result r;

    read_text(&r, "---\ntitle: x\n\nBody without a closing fence\n");
    CHECK_LONG(r.rc, -1);
    CHECK_STR(r.error, "front matter never ends (opened on line 1)");
    CHECK(r.meta.title == NULL);
    result_clear(&r);

    read_text(&r, "---\n");
    CHECK_LONG(r.rc, -1);
    CHECK_STR(r.error, "front matter never ends (opened on line 1)");
    result_clear(&r);

    read_text(&r, "---\ntitle: x\nsource: [unclosed\n---\n");
    CHECK_LONG(r.rc, -1);
    CHECK(strncmp(r.error, "front matter is not valid YAML on line 4: ", 42) == 0);
    CHECK(r.meta.title == NULL);
    result_clear(&r);

    read_text(&r, "---\ntitle: x\n  bad: indent\n---\n");
    CHECK_LONG(r.rc, -1);
    CHECK(strncmp(r.error, "front matter is not valid YAML on line 3: ", 42) == 0);
    result_clear(&r);

    read_text(&r, "---\ntitle:\tx\n\tsource: y\n---\n");
    CHECK_LONG(r.rc, -1);
    CHECK(strstr(r.error, "not valid YAML") != NULL);
    result_clear(&r);

    read_text(&r, "---\n- a\n- b\n---\n");
    CHECK_LONG(r.rc, -1);
    CHECK_STR(r.error, "front matter is not a YAML mapping of keys to values "
                       "(it is a list, on line 2)");
    result_clear(&r);

    read_text(&r, "---\n\nJust some words, no keys.\n---\n");
    CHECK_LONG(r.rc, -1);
    CHECK_STR(r.error, "front matter is not a YAML mapping of keys to values "
                       "(it is a text, on line 3)");
    result_clear(&r);

    /* A small error buffer is never overrun. */
    {
        defcon_frontmatter meta;
        defcon_buffer warnings = DEFCON_BUFFER_INIT;
        size_t offset;
        char small[8];

        CHECK_LONG(defcon_frontmatter_read("---\n", 4, &meta, &offset, &warnings,
                                           small, sizeof small), -1);
        CHECK_STR(small, "front m");
    }
}

static void test_aliases(void)
{
    defcon_buffer bomb = DEFCON_BUFFER_INIT;
    result r;
    clock_t start;
    int level, i;

    /* "Billion laughs": expanded, lol9 would be 10^9 strings. */
    defcon_buffer_puts(&bomb, "---\nlol0: &lol0 \"lol\"\n");
    for (level = 1; level <= 9; level++) {
        defcon_buffer_printf(&bomb, "lol%d: &lol%d [", level, level);
        for (i = 0; i < 10; i++)
            defcon_buffer_printf(&bomb, "%s*lol%d", i ? ", " : "", level - 1);
        defcon_buffer_puts(&bomb, "]\n");
    }
    defcon_buffer_puts(&bomb, "title: Still here\ntopics: *lol9\nsource: *lol0\n---\nBody\n");
    start = clock();
    read_text(&r, bomb.data);
    CHECK((clock() - start) / (double)CLOCKS_PER_SEC < 1.0);
    CHECK_LONG(r.rc, 0);
    CHECK_STR(r.meta.title, "Still here");
    CHECK(r.meta.topics == NULL && r.meta.source == NULL);
    CHECK_STR(warnings_of(&r),
              "front matter \"topics\" on line 13 is a YAML alias, which is not supported: "
              "ignored; front matter \"source\" on line 14 is a YAML alias, which is not "
              "supported: ignored");
    result_clear(&r);
    defcon_buffer_free(&bomb);
}

static void test_deep_nesting(void)
{
    defcon_buffer text = DEFCON_BUFFER_INIT;
    result r;
    int i;

    defcon_buffer_puts(&text, "---\nextra: ");
    for (i = 0; i < 10000; i++)
        defcon_buffer_putc(&text, '[');
    for (i = 0; i < 10000; i++)
        defcon_buffer_putc(&text, ']');
    defcon_buffer_puts(&text, "\ntitle: Deep\n---\n");
    read_text(&r, text.data);
    CHECK_LONG(r.rc, 0);
    CHECK_STR(r.meta.title, "Deep");
    result_clear(&r);
    defcon_buffer_free(&text);
}

/* The simple reader and libyaml must agree. A comment line is beyond the
 * simple reader, so adding one sends the same YAML to libyaml. */
static void test_readers_agree(void)
{
    static const char *const blocks[] = {
        "id: reuters-230\ntitle: \"MANILA SAID TO OFFER DEBT BONDS TO BANKS\"\n"
        "date: 1987-03-01T01:30:29Z\nsource: Reuters\ndateline: \"MANILA, March 1\"\n",
        "title: \"BAKER SAYS \\\"VERY SOON\\\" \\\\ OK\"\ntopics: [grain, wheat, corn]\n",
        "title: Plain title: with colon\n",
        "title: Plain title:with colon\n",
        "title: time 10:30  \nsource:   spaced   out  \n",
        "title: a 'quoted' \"word\" inside\n",
        "title: ~\nsource: null\nurl: Null\nid: NULL\n",
        "title:\ntopics: []\ntags: [ ]\n",
        "topics: [money-fx, interest, U.S. dollar, a/b]\ntags: one\n",
        "topics: [null, a]\n",
        "TITLE: upper key\nsnake_key: x\nkebab-key: y\n",
        "title: first\ntitle: second\n",
        "title: \"\"\n",
        "\n\ntitle: after blank lines\n\n",
        "title: trailing # comment\n",
        "title: -5 degrees\n",
        "title: what? yes\n",
        "title: 50% off\n",
        "title: [a, b]\n",
        "topics: [a, ]\n",
        "title: \"unterminated\n",
        "title: \"x\" y\n",
        "title: é\n",
        "title: a,b\n",
        "title: 'single'\n",
        "title: &anchor x\n",
    };
    size_t i;

    for (i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
        defcon_buffer fast = DEFCON_BUFFER_INIT, slow = DEFCON_BUFFER_INIT;
        result a, b;

        defcon_buffer_printf(&fast, "---\n%s---\n", blocks[i]);
        defcon_buffer_printf(&slow, "---\n# libyaml\n%s---\n", blocks[i]);
        read_text(&a, fast.data);
        read_text(&b, slow.data);
        if (a.rc != b.rc)
            fprintf(stderr, "block %lu: %s | %s\n", (unsigned long)i, a.error, b.error);
        CHECK_LONG(a.rc, b.rc);
        CHECK_STR(a.meta.id, b.meta.id);
        CHECK_STR(a.meta.title, b.meta.title);
        CHECK_STR(a.meta.date, b.meta.date);
        CHECK_STR(a.meta.source, b.meta.source);
        CHECK_STR(a.meta.url, b.meta.url);
        CHECK_STR(a.meta.topics, b.meta.topics);
        if (a.rc == 0)
            CHECK_LONG(a.body_offset + strlen("# libyaml\n"), b.body_offset);
        result_clear(&a);
        result_clear(&b);
        defcon_buffer_free(&fast);
        defcon_buffer_free(&slow);
    }
}

int main(void)
{
    test_no_frontmatter();
    test_keys();
    test_values();
    test_wrong_types();
    test_errors();
    test_aliases();
    test_deep_nesting();
    test_readers_agree();
    return check_finish();
}

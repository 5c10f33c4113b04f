/*
 * boilerplate.h - lines a site repeats on its pages, told apart from the
 * article's own text by how often they recur.
 *
 * The readers (capture.c, html_page.c) know the frames they were written
 * for; a site's new header tagline, status line, "Share this:" line or
 * disclaimer they do not know. Such a line recurs on many pages of its
 * site, where an article's own lines do not. So every article is cut into
 * lines (its title, then the lines of its body) and the lines near its
 * start and end, where a page's frame sits, are its candidates: each is
 * keyed by a hash of its text (ASCII case folded, spaces collapsed) and
 * of the article's site. The index counts in how many articles of a site
 * each key appears (index_boilerplate.c); a key common enough is
 * boilerplate, and this file removes the candidates that are from the
 * article. A title that is boilerplate is no title: the first line left
 * in the body, if it is short, becomes the title.
 *
 * Only the candidates are counted and removed: a line in the middle of a
 * long body is the article's, so what a run must read again when a key
 * becomes boilerplate is known exactly from the keys kept per article.
 * The keys depend only on the text, never on what is boilerplate, so the
 * counts do not depend on the order in which articles are read.
 *
 * A site is the host of the article's URL (its capture URL first, "www."
 * dropped); captures of the DEFCON site without one are of "captures";
 * other files without a URL are of the archive itself, the site "".
 */
#ifndef DEFCON_BOILERPLATE_H
#define DEFCON_BOILERPLATE_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "buffer.h"

/* Lines from each end of an article that are candidates. */
#define DEFCON_BOILERPLATE_REGION 5
#define DEFCON_BOILERPLATE_MAX_LINES (2 * DEFCON_BOILERPLATE_REGION)
/* A title that is boilerplate gives way to the body's first line when
 * that line has at most this many words. */
#define DEFCON_BOILERPLATE_TITLE_WORDS 30

/* An article's candidates. Keys are never 0 and below 2^62 (the index
 * keeps a flag in the top bit). `text` holds the site's name, then each
 * line as found, each followed by a NUL. */
typedef struct defcon_boilerplate_lines {
    uint64_t site;                                    /* hash of the site's name */
    size_t count;
    uint64_t keys[DEFCON_BOILERPLATE_MAX_LINES];
    unsigned char removed[DEFCON_BOILERPLATE_MAX_LINES];  /* 1: taken out */
    size_t line_at[DEFCON_BOILERPLATE_MAX_LINES];     /* offsets into text */
    defcon_buffer text;
} defcon_boilerplate_lines;

#define DEFCON_BOILERPLATE_LINES_INIT {0, 0, {0}, {0}, {0}, DEFCON_BUFFER_INIT}

/* Says whether `key` is boilerplate; `context` is the caller's. */
typedef int (*defcon_boilerplate_known)(void *context, uint64_t key);

/* Writes the name of the site of `article`, read from `relative_path`,
 * into out[size] (see above). */
void defcon_boilerplate_site_name(const char *relative_path, const defcon_article *article,
                                  char *out, size_t size);

/* The key of the line text[0, len) on the site hashed to `site`. */
uint64_t defcon_boilerplate_key(uint64_t site, const char *text, size_t len);

/* The hash of a site's name. */
uint64_t defcon_boilerplate_site_hash(const char *name);

/* Finds the candidates of `article` (site of `relative_path`) into *out
 * (reset first), and removes from the article those `known` says are
 * boilerplate, marking them in out->removed; `known` may be NULL (nothing
 * is removed). Returns 0, or -1 when memory runs out (the article is then
 * unchanged). */
int defcon_boilerplate_apply(const char *relative_path, defcon_article *article,
                             defcon_boilerplate_known known, void *context,
                             defcon_boilerplate_lines *out);

/* The line of candidate `i`, NUL-terminated; valid until *lines changes. */
const char *defcon_boilerplate_line(const defcon_boilerplate_lines *lines, size_t i);

/* The site's name kept in *lines. */
const char *defcon_boilerplate_lines_site(const defcon_boilerplate_lines *lines);

/* Frees the text; accepts NULL. */
void defcon_boilerplate_lines_free(defcon_boilerplate_lines *lines);

#endif

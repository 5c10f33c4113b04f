/*
 * html_score.c - which blocks are the article (html_blocks.h).
 *
 * Each block is classified alone, as jusText does: link-heavy blocks are
 * bad; short ones are undecided; longer ones are good when stop words
 * (the, of, and...) make up enough of their words, the mark of running
 * prose as opposed to menus and lists of names. On pages where English
 * stop words are rare (other languages), length alone decides. Undecided
 * blocks then take the class of their neighbours, and a heading followed
 * closely by good text is good. The container is the page's own article
 * markup when it holds most of the good text, else the deepest element
 * that does; the output is its good blocks (html_output.c).
 */
#include <string.h>

#include "html_blocks.h"
#include "html_page.h"
#include "html_walk.h"
#include "text.h"

#define LENGTH_LOW 70
#define LENGTH_HIGH 200
#define STOP_LOW 0.30
#define STOP_HIGH 0.32
#define LINK_MAX 0.2
#define LENGTH_LONG 400
#define STOP_LONG 0.15
/* How far (in characters) good text may follow a heading that is kept. */
#define HEADING_DISTANCE 200
/* A container must hold this share of the page's good text. */
#define STRUCTURE_SHARE 0.6
#define DEEPEST_SHARE 0.75
/* ... or this share when it also holds the page's headline. */
#define TITLED_SHARE 0.2

static int has_copyright_sign(const char *text, size_t len)
{
    size_t i;

    for (i = 0; i + 1 < len; i++)
        if (text[i] == '\xC2' && text[i + 1] == '\xA9')
            return 1;
    return 0;
}

static int alone_class(const html_extractor *x, const html_block *b)
{
    double links = (double)b->link_chars / (double)b->chars;
    double stops = b->words ? (double)b->stop_words / (double)b->words : 0;
    const char *text = x->text.data + b->text_start;

    if (links > LINK_MAX)
        return BLOCK_BAD;
    if (b->weight < LENGTH_HIGH && has_copyright_sign(text, b->text_end - b->text_start))
        return BLOCK_BAD;
    if (b->weight < LENGTH_LOW)
        return BLOCK_SHORT;
    if (!x->english)
        return b->weight >= LENGTH_HIGH ? BLOCK_GOOD : BLOCK_NEAR_GOOD;
    if (stops >= STOP_HIGH)
        return b->weight > LENGTH_HIGH ? BLOCK_GOOD : BLOCK_NEAR_GOOD;
    if (stops >= STOP_LOW)
        return BLOCK_NEAR_GOOD;
    /* Long runs of plain text with fewer stop words (press releases,
     * technical prose) are still prose; menus and lists are short. */
    if (b->weight >= LENGTH_LONG && links <= 0.1 && stops >= STOP_LONG)
        return BLOCK_GOOD;
    if (b->weight >= LENGTH_HIGH && links <= 0.1 && stops >= STOP_LONG)
        return BLOCK_NEAR_GOOD;
    return BLOCK_BAD;
}

/* Sets each block's nearest decided neighbours, in two linear sweeps. */
static void find_neighbours(html_extractor *x)
{
    int decided = BLOCK_BAD, near = BLOCK_BAD;
    size_t i;

    for (i = 0; i < x->count; i++) {
        html_block *b = &x->blocks[i];

        b->before_decided = decided;
        b->before_near = near;
        if (b->cls != BLOCK_SHORT)
            near = b->cls;
        if (b->cls == BLOCK_GOOD || b->cls == BLOCK_BAD)
            decided = b->cls;
    }
    decided = near = BLOCK_BAD;
    for (i = x->count; i-- > 0;) {
        html_block *b = &x->blocks[i];

        b->after_decided = decided;
        b->after_near = near;
        if (b->cls != BLOCK_SHORT)
            near = b->cls;
        if (b->cls == BLOCK_GOOD || b->cls == BLOCK_BAD)
            decided = b->cls;
    }
}

static int short_class(const html_block *b)
{
    int before = b->before_decided, after = b->after_decided;

    if (before == BLOCK_GOOD && after == BLOCK_GOOD)
        return BLOCK_GOOD;
    if (before == BLOCK_BAD && after == BLOCK_BAD)
        return BLOCK_BAD;
    if ((before == BLOCK_BAD && b->before_near == BLOCK_NEAR_GOOD)
        || (after == BLOCK_BAD && b->after_near == BLOCK_NEAR_GOOD))
        return BLOCK_GOOD;
    return BLOCK_BAD;
}

/* 1 when good text starts within HEADING_DISTANCE characters after block i. */
static int good_follows(const html_extractor *x, size_t i)
{
    size_t j, distance = 0;

    for (j = i + 1; j < x->count && distance <= HEADING_DISTANCE; j++) {
        if (x->blocks[j].final_cls == BLOCK_GOOD)
            return 1;
        distance += x->blocks[j].chars;
    }
    return 0;
}

static int linked_heading(const html_block *b)
{
    return b->kind == KIND_HEADING && b->level > 1 && b->link_chars * 10 >= b->chars * 8;
}

void defcon_html_blocks_classify(html_extractor *x)
{
    size_t i, words = 0, stops = 0, linked = 0;

    for (i = 0; i < x->count; i++) {
        words += x->blocks[i].words;
        stops += x->blocks[i].stop_words;
    }
    x->english = words > 0 && stops * 10 >= words;
    for (i = 0; i < x->count; i++)
        x->blocks[i].cls = alone_class(x, &x->blocks[i]);
    find_neighbours(x);
    for (i = 0; i < x->count; i++) {
        html_block *b = &x->blocks[i];

        if (b->cls == BLOCK_SHORT)
            b->final_cls = short_class(b);
        else if (b->cls == BLOCK_NEAR_GOOD)
            b->final_cls = b->before_decided == BLOCK_BAD && b->after_decided == BLOCK_BAD
                           ? BLOCK_BAD : BLOCK_GOOD;
        else
            b->final_cls = b->cls;
    }
    /* The summary under a linked headline is a teaser of another
     * article, as in lists of related or latest stories (an article's own
     * <h1> may link to itself). */
    for (i = 0; i < x->count; i++)
        linked += linked_heading(&x->blocks[i]);
    for (i = 1; linked >= 2 && i < x->count; i++)
        if (linked_heading(&x->blocks[i - 1]))
            x->blocks[i].final_cls = x->blocks[i].cls = BLOCK_BAD;
    for (i = 0; i < x->count; i++) {
        html_block *b = &x->blocks[i];

        if (b->kind == KIND_HEADING && b->final_cls == BLOCK_BAD
            && b->link_chars * 2 < b->chars && good_follows(x, i))
            b->final_cls = BLOCK_GOOD;
    }
}

/* Adds each good block's characters to every element above it. */
static size_t count_good(html_extractor *x, xmlNodePtr root)
{
    size_t i, total = 0;

    for (i = 0; i < x->count; i++) {
        html_block *b = &x->blocks[i];
        xmlNodePtr p;

        if ((b->final_cls != BLOCK_GOOD && b->cls != BLOCK_NEAR_GOOD) || b->kind == KIND_HEADING)
            continue;
        total += b->chars;
        for (p = b->element; p; p = p == root ? NULL : p->parent) {
            element_info *info = defcon_html_info(x, p);

            if (info)
                info->good += b->chars;
        }
    }
    return total;
}

/* The page's own container holding the most good text, if it holds
 * enough of it: body markup first, then <article>, then <main>. */
/* The element of the page's one <h1>, the article's headline; NULL when
 * the page has none or several. */
static xmlNodePtr headline(const html_extractor *x)
{
    xmlNodePtr found = NULL;
    size_t i;

    for (i = 0; i < x->count; i++) {
        if (x->blocks[i].kind != KIND_HEADING || x->blocks[i].level != 1)
            continue;
        if (found && found != x->blocks[i].element)
            return NULL;
        found = x->blocks[i].element;
    }
    return found;
}

static int contains(xmlNodePtr ancestor, xmlNodePtr node)
{
    int steps = 0;

    for (; node && steps <= DEFCON_HTML_PAGE_MAX_DEPTH + 1; node = node->parent, steps++)
        if (node == ancestor)
            return 1;
    return 0;
}

/* The page's own container holding the most good text, if it holds
 * enough of it: body markup first, then <article>, then <main>. Of
 * several, the one holding the headline wins when it holds a fair share:
 * the other <article>s of a page are often teasers. */
static xmlNodePtr structural_container(html_extractor *x, size_t total)
{
    xmlNodePtr title = headline(x);
    int tier;

    for (tier = 1; tier <= 3; tier++) {
        xmlNodePtr best = NULL, titled = NULL;
        size_t best_good = 0, titled_good = 0, i;

        for (i = 0; i < x->candidate_count; i++) {
            element_info *info = defcon_html_info(x, x->candidates[i].node);

            if (x->candidates[i].tier != tier || !info)
                continue;
            if (info->good > best_good) {
                best = x->candidates[i].node;
                best_good = info->good;
            }
            if (title && info->good > titled_good && contains(x->candidates[i].node, title)) {
                titled = x->candidates[i].node;
                titled_good = info->good;
            }
        }
        if (titled && titled != best && (double)titled_good >= TITLED_SHARE * (double)total)
            return titled;
        if (best && (double)best_good >= STRUCTURE_SHARE * (double)total)
            return best;
    }
    return NULL;
}

static int same_attribute(xmlNodePtr a, xmlNodePtr b, const char *name)
{
    const char *first = defcon_html_attribute(a, name), *second = defcon_html_attribute(b, name);

    return first && second && strcmp(first, second) == 0;
}

/* Sites cut an article's body into several elements of the same class
 * around their advertising: the other parts join the chosen container. */
static void join_parts(html_extractor *x, xmlNodePtr container)
{
    size_t i;

    for (i = 0; i < x->candidate_count && x->part_count < HTML_PARTS_MAX; i++) {
        html_candidate *c = &x->candidates[i];

        if (c->tier == 1 && c->node != container && xmlStrEqual(c->node->name, container->name)
            && same_attribute(c->node, container, "class") && !contains(container, c->node)
            && !contains(c->node, container))
            x->parts[x->part_count++] = c->node;
    }
}

void defcon_html_blocks_choose(html_extractor *x, xmlNodePtr root, defcon_html_text *out)
{
    size_t total = count_good(x, root);
    xmlNodePtr node = root, child;
    int depth = 0;

    out->container = NULL;
    out->structural = 0;
    x->part_count = 0;
    if (x->last_resort) {
        out->container = root;
        return;
    }
    if (total == 0)
        return;
    if ((out->container = structural_container(x, total)) != NULL) {
        out->structural = 1;
        join_parts(x, out->container);
        return;
    }
    /* Down from the root while one child holds most of the good text. */
    while (node && depth++ < DEFCON_HTML_PAGE_MAX_DEPTH) {
        for (child = node->children; child; child = child->next) {
            element_info *info = defcon_html_info(x, child);

            if (info && (double)info->good >= DEEPEST_SHARE * (double)total)
                break;
        }
        if (!child)
            break;
        node = child;
    }
    out->container = node;
}

/*
 * country_accuracy.c - how well --country agrees with Reuters' own labels.
 *
 *   country-accuracy [--json] [--no-datelines] [--features FILE] [--errors FILE] CORPUS
 *
 * CORPUS is the Reuters-21578 folder in the archive's format (articles/,
 * places.tsv, place-codes.tsv; see its README). Every labelled article
 * (TRAIN and NOT-USED splits; an empty label means "no country") is parsed
 * with defcon_article_parse() exactly as the indexer does, its title, body
 * and dateline go through defcon_countries_find(), and the countries it
 * calls `about` are compared with the labels. Because --country filters on
 * `about`, these are the figures a researcher gets.
 *
 * Printed: document-level precision, recall and F1 over all (article,
 * country) pairs, for all articles and separately for even and odd ids
 * (tuning used the even ones; the odd ones check it did not over-fit);
 * the counts behind them; the 15 countries with the most errors (false
 * positives plus false negatives) with their own precision and recall;
 * and the matcher's throughput over title and body text (CPU time of
 * defcon_countries_find alone, parsing aside). --json prints
 * the same as one JSON object. --features writes one TSV line per
 * (article, country) with any evidence or label, for tuning the scoring.
 * --no-datelines hides every article's dateline, as in an archive whose
 * articles carry none (the bundled one): the text alone decides.
 * --errors writes one TSV line per misjudged (article, country): the id,
 * the code, FP or FN, the score (-1 when the country was not found at
 * all), mentions, whether title and lead name it, the article's path and
 * title, for reading the errors one by one.
 *
 * Also printed: how many `about` tags the dateline makes (the country is
 * about with the dateline and not without it), and how many of those are
 * in articles whose title or lead names other countries and not it.
 *
 * Exit status: 0 on success, 2 on a usage error or when the corpus cannot
 * be read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "article.h"
#include "corpus.h"
#include "countries.h"

#define MAX_LABELS 64
#define WORST_SHOWN 15
#define MAX_FILE_BYTES (64u << 20)

/* The labels of one article: at most MAX_LABELS alpha-2 codes. */
typedef struct labels {
    int known;                  /* the article has a places.tsv line */
    int count;
    char codes[MAX_LABELS][3];
} labels;

/* Reuters place code -> ISO alpha-2. */
typedef struct place_code {
    char place[64];
    char code[3];
} place_code;

typedef struct tally {
    long true_positives, false_positives, false_negatives;
} tally;

typedef struct country_tally {
    char code[3];
    tally t;
} country_tally;

typedef struct report {
    int hide_datelines;         /* --no-datelines */
    FILE *errors;               /* --errors, or NULL */
    tally all, even, odd;
    long articles, articles_even, articles_odd;
    country_tally *countries;
    size_t country_count, country_capacity;
    long dateline_alone;        /* about tags the dateline makes: about
                                   with it, not without it */
    long dateline_alone_labelled;
    long dateline_over_others;  /* ... in an article whose title or lead
                                   names other countries */
    long dateline_over_others_labelled;
    double seconds;             /* inside defcon_countries_find */
    double bytes;               /* of title and body text */
} report;

static double precision_of(const tally *t)
{
    long d = t->true_positives + t->false_positives;
    return d ? (double)t->true_positives / (double)d : 0.0;
}

static double recall_of(const tally *t)
{
    long d = t->true_positives + t->false_negatives;
    return d ? (double)t->true_positives / (double)d : 0.0;
}

static double f1_of(const tally *t)
{
    double p = precision_of(t), r = recall_of(t);
    return p + r > 0.0 ? 2.0 * p * r / (p + r) : 0.0;
}

static char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t size = 0, capacity = 0, n;

    if (f == NULL)
        return NULL;
    for (;;) {
        if (capacity - size < 65536) {
            char *grown = realloc(data, capacity + 65536 + 1);
            if (grown == NULL) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = grown;
            capacity += 65536;
        }
        n = fread(data + size, 1, capacity - size, f);
        size += n;
        if (n == 0)
            break;
    }
    fclose(f);
    data[size] = '\0';
    *len = size;
    return data;
}

static int has_code(char (*codes)[3], int count, const char *code)
{
    int i;

    for (i = 0; i < count; i++)
        if (strcmp(codes[i], code) == 0)
            return 1;
    return 0;
}

/* Reads place-codes.tsv ("reuters<TAB>iso3166" lines after a header). */
static place_code *read_place_codes(const char *root, size_t *count)
{
    char path[4096];
    size_t len, n = 0;
    char *data, *line, *save = NULL;
    place_code *codes;

    snprintf(path, sizeof path, "%s/place-codes.tsv", root);
    data = read_whole(path, &len);
    if (data == NULL)
        return NULL;
    codes = calloc(len / 4 + 1, sizeof *codes);
    if (codes == NULL) {
        free(data);
        return NULL;
    }
    for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *tab = strchr(line, '\t');
        if (tab == NULL || strlen(tab + 1) != 2 || (size_t)(tab - line) >= sizeof codes[n].place
            || strcmp(line, "reuters\tiso3166") == 0)
            continue;
        memcpy(codes[n].place, line, (size_t)(tab - line));
        codes[n].place[tab - line] = '\0';
        memcpy(codes[n].code, tab + 1, 3);
        n++;
    }
    free(data);
    *count = n;
    return codes;
}

/* Reads places.tsv ("newid<TAB>split<TAB>places") into labels indexed by
 * newid. Returns the array (size *max_id + 1) or NULL. */
static labels *read_labels(const char *root, long *max_id)
{
    char path[4096];
    size_t len, code_count = 0;
    char *data, *line, *save = NULL;
    place_code *codes = read_place_codes(root, &code_count);
    labels *all = NULL;
    long top = 0;

    if (codes == NULL)
        return NULL;
    snprintf(path, sizeof path, "%s/places.tsv", root);
    data = read_whole(path, &len);
    if (data == NULL) {
        free(codes);
        return NULL;
    }
    for (line = data; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        long id = strtol(line, NULL, 10);
        if (id > top)
            top = id;
    }
    all = calloc((size_t)top + 1, sizeof *all);
    for (line = strtok_r(data, "\n", &save); all && line; line = strtok_r(NULL, "\n", &save)) {
        char *split, *places, *place, *place_save = NULL;
        long id = strtol(line, &split, 10);
        size_t i;
        if (id <= 0 || *split != '\t')
            continue;          /* the header */
        places = strchr(split + 1, '\t');
        all[id].known = 1;
        if (places == NULL)
            continue;
        for (place = strtok_r(places + 1, ",\r", &place_save); place;
             place = strtok_r(NULL, ",\r", &place_save)) {
            for (i = 0; i < code_count; i++) {
                if (strcmp(codes[i].place, place) == 0) {
                    if (all[id].count < MAX_LABELS
                        && !has_code(all[id].codes, all[id].count, codes[i].code))
                        memcpy(all[id].codes[all[id].count++], codes[i].code, 3);
                    break;
                }
            }
            if (i == code_count)
                fprintf(stderr, "country-accuracy: place %s of article %ld has no ISO code\n",
                        place, id);
        }
    }
    free(data);
    free(codes);
    *max_id = top;
    return all;
}

static country_tally *country_of(report *r, const char *code)
{
    size_t i;

    for (i = 0; i < r->country_count; i++)
        if (strcmp(r->countries[i].code, code) == 0)
            return &r->countries[i];
    if (r->country_count == r->country_capacity) {
        size_t capacity = r->country_capacity ? r->country_capacity * 2 : 64;
        country_tally *grown = realloc(r->countries, capacity * sizeof *grown);
        if (grown == NULL)
            return NULL;
        r->countries = grown;
        r->country_capacity = capacity;
    }
    memset(&r->countries[r->country_count], 0, sizeof r->countries[0]);
    memcpy(r->countries[r->country_count].code, code, 3);
    return &r->countries[r->country_count++];
}

static void count_pair(report *r, long id, const char *code, int predicted, int labelled)
{
    tally *half = (id % 2 == 0) ? &r->even : &r->odd;
    country_tally *c = country_of(r, code);
    long *fields[4] = {NULL, NULL, NULL, NULL};
    int k;

    if (predicted && labelled) {
        fields[0] = &r->all.true_positives;
        fields[1] = &half->true_positives;
        fields[2] = c ? &c->t.true_positives : NULL;
    } else if (predicted) {
        fields[0] = &r->all.false_positives;
        fields[1] = &half->false_positives;
        fields[2] = c ? &c->t.false_positives : NULL;
    } else {
        fields[0] = &r->all.false_negatives;
        fields[1] = &half->false_negatives;
        fields[2] = c ? &c->t.false_negatives : NULL;
    }
    for (k = 0; k < 3; k++)
        if (fields[k])
            (*fields[k])++;
}

/* CPU time of this thread: on a shared machine wall time says more about
 * the neighbours than about the matcher. */
static double seconds_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void write_features(FILE *out, long id, const labels *l, const char *title,
                           const char *body, size_t body_len, const char *dateline)
{
    defcon_country_evidence *items = NULL;
    size_t count = 0, i;
    char seen[MAX_LABELS][3];
    int seen_count = 0, k;

    if (defcon_countries_evidence(title, body, body_len, dateline, &items, &count) != 0)
        return;
    for (i = 0; i < count; i++) {
        const defcon_country_evidence *e = &items[i];
        int labelled = has_code((char (*)[3])l->codes, l->count, e->code);
        if (labelled && seen_count < MAX_LABELS)
            memcpy(seen[seen_count++], e->code, 3);
        fprintf(out,
                "%ld\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.4f\t%d\t%d\t%d\t%d"
                "\t%d\n",
                id, e->code, labelled, e->names, e->demonyms, e->capitals, e->institutions,
                e->leaders, e->places, e->currencies, e->legal_forms, e->listings,
                e->title_mentions, e->lead_mentions, e->first, body_len == 0, e->dateline,
                e->title_words, e->body_words, e->other_legal_forms);
    }
    for (k = 0; k < l->count; k++)
        if (!has_code(seen, seen_count, l->codes[k]))
            fprintf(out, "%ld\t%s\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t1\t%d\t0\t-1\t-1\t0\n",
                    id, l->codes[k], body_len == 0);
    free(items);
}

static int about_in(const defcon_country_list *list, const char *code)
{
    size_t i;

    for (i = 0; i < list->count; i++)
        if (list->items[i].about && strcmp(list->items[i].code, code) == 0)
            return 1;
    return 0;
}

/* Counts the about tags the dateline makes: the country is `about` with
 * the dateline and not without it, the text being the same. Returns 0,
 * or -1 when memory runs out. */
static int count_dateline_made(report *r, const defcon_country_list *found,
                               const defcon_article *article, const labels *l)
{
    defcon_country_list undated = {NULL, 0};
    size_t i, j;

    if (article->dateline == NULL || r->hide_datelines)
        return 0;
    if (defcon_countries_find(article->title, article->body, article->body_len, NULL,
                              &undated) != 0)
        return -1;
    for (i = 0; i < found->count; i++) {
        const defcon_country_mention *m = &found->items[i];
        int labelled, others = 0;
        if (!m->about || !m->in_dateline || about_in(&undated, m->code))
            continue;
        labelled = has_code((char (*)[3])l->codes, l->count, m->code);
        for (j = 0; j < found->count; j++)
            if (j != i && found->items[j].count > 0
                && (found->items[j].in_title || found->items[j].in_lead))
                others = !m->in_title && !m->in_lead;
        r->dateline_alone++;
        r->dateline_alone_labelled += labelled;
        r->dateline_over_others += others;
        r->dateline_over_others_labelled += others && labelled;
    }
    defcon_country_list_clear(&undated);
    return 0;
}

/* Writes one misjudged pair to --errors: `m` is the country as found, or
 * NULL when the matcher never saw it. */
static void write_error(FILE *out, long id, const char *code, int false_positive,
                        const defcon_country_mention *m, const char *path, const char *title)
{
    const char *p;

    fprintf(out, "%ld\t%s\t%s\t%.3f\t%d\t%d\t%d\t%s\t", id, code,
            false_positive ? "FP" : "FN", m ? m->score : -1.0, m ? m->count : 0,
            m ? m->in_title : 0, m ? m->in_lead : 0, path);
    for (p = title; *p; p++)
        fputc(*p == '\t' || *p == '\n' ? ' ' : *p, out);
    fputc('\n', out);
}

static const defcon_country_mention *mention_of(const defcon_country_list *list,
                                                const char *code)
{
    size_t i;

    for (i = 0; i < list->count; i++)
        if (strcmp(list->items[i].code, code) == 0)
            return &list->items[i];
    return NULL;
}

/* Parses one article file and scores it against its labels. */
static int run_file(report *r, const char *root, const char *path, const labels *all,
                    long max_id, FILE *features)
{
    char *data = NULL, error[256];
    size_t len = 0;
    defcon_article article;
    defcon_country_list found = {NULL, 0};
    const char *dateline;
    long id;
    double start;
    size_t i;
    int k;

    memset(&article, 0, sizeof article);
    if (defcon_corpus_read(root, path, MAX_FILE_BYTES, &data, &len, error, sizeof error) != 0) {
        fprintf(stderr, "country-accuracy: %s/%s: %s\n", root, path, error);
        return -1;
    }
    if (defcon_article_parse(path, data, len, &article, error, sizeof error) != 0) {
        fprintf(stderr, "country-accuracy: %s/%s: %s\n", root, path, error);
        free(data);
        return -1;
    }
    free(data);
    if (article.id == NULL || strncmp(article.id, "reuters-", 8) != 0) {
        defcon_article_clear(&article);
        return 0;
    }
    id = strtol(article.id + 8, NULL, 10);
    if (id <= 0 || id > max_id || !all[id].known) {
        defcon_article_clear(&article);
        return 0;          /* the TEST split: its labels are kept aside */
    }

    dateline = r->hide_datelines ? NULL : article.dateline;
    start = seconds_now();
    if (defcon_countries_find(article.title, article.body, article.body_len, dateline,
                              &found) != 0) {
        fprintf(stderr, "country-accuracy: out of memory\n");
        defcon_article_clear(&article);
        return -1;
    }
    r->seconds += seconds_now() - start;
    r->bytes += (double)(strlen(article.title) + article.body_len);
    r->articles++;
    if (id % 2 == 0)
        r->articles_even++;
    else
        r->articles_odd++;

    for (i = 0; i < found.count; i++) {
        int labelled;
        if (!found.items[i].about)
            continue;
        labelled = has_code((char (*)[3])all[id].codes, all[id].count, found.items[i].code);
        count_pair(r, id, found.items[i].code, 1, labelled);
        if (r->errors && !labelled)
            write_error(r->errors, id, found.items[i].code, 1, &found.items[i], path,
                        article.title);
    }
    if (count_dateline_made(r, &found, &article, &all[id]) != 0) {
        fprintf(stderr, "country-accuracy: out of memory\n");
        defcon_country_list_clear(&found);
        defcon_article_clear(&article);
        return -1;
    }
    for (k = 0; k < all[id].count; k++) {
        int predicted = 0;
        for (i = 0; i < found.count; i++)
            if (found.items[i].about && strcmp(found.items[i].code, all[id].codes[k]) == 0)
                predicted = 1;
        if (!predicted) {
            count_pair(r, id, all[id].codes[k], 0, 1);
            if (r->errors)
                write_error(r->errors, id, all[id].codes[k], 0,
                            mention_of(&found, all[id].codes[k]), path, article.title);
        }
    }
    if (features)
        write_features(features, id, &all[id], article.title, article.body, article.body_len,
                       dateline);
    defcon_country_list_clear(&found);
    defcon_article_clear(&article);
    return 0;
}

static int worse_first(const void *left, const void *right)
{
    const country_tally *l = left, *r = right;
    long el = l->t.false_positives + l->t.false_negatives;
    long er = r->t.false_positives + r->t.false_negatives;

    if (el != er)
        return el < er ? 1 : -1;
    return strcmp(l->code, r->code);
}

static void print_text(const report *r)
{
    const struct { const char *name; const tally *t; long articles; } rows[] = {
        {"all", &r->all, r->articles},
        {"even ids (tuned)", &r->even, r->articles_even},
        {"odd ids (held out)", &r->odd, r->articles_odd},
    };
    size_t i;

    printf("Country accuracy of --country (about) against Reuters' place labels\n\n");
    printf("%-20s %9s %9s %9s %8s %8s %8s %8s\n", "articles", "precision", "recall", "F1",
           "TP", "FP", "FN", "count");
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
        printf("%-20s %9.3f %9.3f %9.3f %8ld %8ld %8ld %8ld\n", rows[i].name,
               precision_of(rows[i].t), recall_of(rows[i].t), f1_of(rows[i].t),
               rows[i].t->true_positives, rows[i].t->false_positives,
               rows[i].t->false_negatives, rows[i].articles);
    printf("\nWorst countries (false positives + false negatives)\n");
    printf("%-4s %-32s %6s %6s %6s %9s %9s\n", "code", "name", "TP", "FP", "FN", "precision",
           "recall");
    for (i = 0; i < r->country_count && i < WORST_SHOWN; i++) {
        const country_tally *c = &r->countries[i];
        const char *name = defcon_country_name(c->code);
        printf("%-4s %-32.32s %6ld %6ld %6ld %9.3f %9.3f\n", c->code, name ? name : "?",
               c->t.true_positives, c->t.false_positives, c->t.false_negatives,
               precision_of(&c->t), recall_of(&c->t));
    }
    printf("\nAbout tags the dateline makes (not about without it): %ld, %ld of them "
           "labelled;\n  where the title or lead names other countries and not it: %ld, "
           "%ld labelled\n", r->dateline_alone, r->dateline_alone_labelled,
           r->dateline_over_others, r->dateline_over_others_labelled);
    printf("\nMatcher: %.1f MB of title and body in %.3f s of CPU: %.0f MB/s (one thread)\n",
           r->bytes / 1e6, r->seconds, r->seconds > 0 ? r->bytes / 1e6 / r->seconds : 0.0);
}

static void print_tally_json(const char *name, const tally *t, long articles, int last)
{
    printf("  \"%s\": {\"precision\": %.4f, \"recall\": %.4f, \"f1\": %.4f, "
           "\"true_positives\": %ld, \"false_positives\": %ld, \"false_negatives\": %ld, "
           "\"articles\": %ld}%s\n",
           name, precision_of(t), recall_of(t), f1_of(t), t->true_positives, t->false_positives,
           t->false_negatives, articles, last ? "" : ",");
}

static void print_json(const report *r)
{
    size_t i;

    printf("{\n");
    print_tally_json("all", &r->all, r->articles, 0);
    print_tally_json("even", &r->even, r->articles_even, 0);
    print_tally_json("odd", &r->odd, r->articles_odd, 0);
    printf("  \"worst\": [");
    for (i = 0; i < r->country_count && i < WORST_SHOWN; i++) {
        const country_tally *c = &r->countries[i];
        printf("%s\n    {\"code\": \"%s\", \"true_positives\": %ld, \"false_positives\": %ld, "
               "\"false_negatives\": %ld, \"precision\": %.4f, \"recall\": %.4f}",
               i ? "," : "", c->code, c->t.true_positives, c->t.false_positives,
               c->t.false_negatives, precision_of(&c->t), recall_of(&c->t));
    }
    printf("\n  ],\n  \"dateline_alone\": {\"tags\": %ld, \"labelled\": %ld, "
           "\"over_others\": %ld, \"over_others_labelled\": %ld},\n",
           r->dateline_alone, r->dateline_alone_labelled, r->dateline_over_others,
           r->dateline_over_others_labelled);
    printf("  \"matcher_mb_per_second\": %.1f\n}\n",
           r->seconds > 0 ? r->bytes / 1e6 / r->seconds : 0.0);
}

static void usage(FILE *out)
{
    fprintf(out, "usage: country-accuracy [--json] [--no-datelines] [--features FILE]\n"
                 "                        [--errors FILE] CORPUS\n"
                 "  CORPUS   the reuters21578 folder (articles/, places.tsv, place-codes.tsv)\n"
                 "  --json   print the figures as JSON\n"
                 "  --no-datelines  hide the articles' datelines: the text alone decides\n"
                 "  --features FILE  write the evidence per (article, country) as TSV\n"
                 "  --errors FILE    write the misjudged (article, country) pairs as TSV\n");
}

/* Opens an output file for writing; on failure says why and returns NULL. */
static FILE *open_output(const char *path)
{
    FILE *out = fopen(path, "w");

    if (out == NULL)
        fprintf(stderr, "country-accuracy: %s: %s\n", path, strerror(errno));
    return out;
}

static void close_outputs(FILE *features, FILE *errors)
{
    if (features)
        fclose(features);
    if (errors)
        fclose(errors);
}

int main(int argc, char **argv)
{
    const char *root = NULL, *features_path = NULL, *errors_path = NULL;
    char articles[4096];
    int json = 0, hide_datelines = 0, i, failures = 0;
    long max_id = 0;
    labels *all;
    defcon_corpus corpus;
    FILE *features = NULL;
    report r;
    size_t k;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "--no-datelines") == 0) {
            hide_datelines = 1;
        } else if (strcmp(argv[i], "--features") == 0 && i + 1 < argc) {
            features_path = argv[++i];
        } else if (strcmp(argv[i], "--errors") == 0 && i + 1 < argc) {
            errors_path = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] != '-' && root == NULL) {
            root = argv[i];
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (root == NULL) {
        usage(stderr);
        return 2;
    }
    memset(&r, 0, sizeof r);
    r.hide_datelines = hide_datelines;
    all = read_labels(root, &max_id);
    if (all == NULL) {
        fprintf(stderr, "country-accuracy: %s: cannot read places.tsv and place-codes.tsv: %s\n",
                root, strerror(errno));
        return 2;
    }
    if ((features_path && (features = open_output(features_path)) == NULL)
        || (errors_path && (r.errors = open_output(errors_path)) == NULL)) {
        if (features)
            fclose(features);
        free(all);
        return 2;
    }
    if (features)
        fprintf(features, "id\tcode\tlabel\tnames\tdemonyms\tcapitals\tinstitutions\tleaders"
                          "\tplaces\tcurrencies\tlegal_forms\tlistings\ttitle\tlead\tfirst"
                          "\ttitle_only\tdateline\ttitle_words\tbody_words\tother_legal_forms\n");
    if (r.errors)
        fprintf(r.errors, "id\tcode\terror\tscore\tcount\ttitle\tlead\tpath\theadline\n");
    snprintf(articles, sizeof articles, "%s/articles", root);
    if (defcon_corpus_walk(&corpus, articles, NULL, NULL) != 0) {
        fprintf(stderr, "country-accuracy: %s: %s\n", articles, corpus.message);
        free(all);
        close_outputs(features, r.errors);
        return 2;
    }
    for (k = 0; k < corpus.count; k++)
        if (run_file(&r, articles, defcon_corpus_path(&corpus, k), all, max_id, features) != 0)
            failures++;
    qsort(r.countries, r.country_count, sizeof r.countries[0], worse_first);
    if (json)
        print_json(&r);
    else
        print_text(&r);
    if (failures)
        fprintf(stderr, "country-accuracy: %d files could not be read\n", failures);
    close_outputs(features, r.errors);
    defcon_corpus_free(&corpus);
    free(r.countries);
    free(all);
    return 0;
}

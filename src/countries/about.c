/*
 * about.c - which of the countries an article names it is about.
 *
 * match.c gathers each country's evidence; here a small logistic model
 * (one for articles whose dateline names a country, one for the rest)
 * turns it into a score, the model's probability that the article is
 * about the country, and the `about` decision, and the countries are
 * listed most prominent first.
 */
#include "countries.h"
#include "evidence.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The scoring models: logistic regressions over general signals of
 * prominence, fitted on the Reuters-21578 place labels of even article
 * ids and checked on the odd ones (bench/country_accuracy.c prints both;
 * bench/fit_country_model.py fits them).
 * Where the story was filed changes what the rest means, so there are two:
 * one for articles whose dateline names a country, fitted on those, and
 * one for all others: the weights fitted before datelines were read, on
 * every article, and a weight for a title without a body that names the
 * country by no name, fitted on every article with its dateline hidden
 * and the other weights held. (Refitting all of the latter gains nothing
 * on the held-out ids and loses one-sentence stories, which Reuters
 * hardly has.) And for an article that carries no dateline at all, a
 * weight for the legal forms of companies that are not a country's
 * (Plc for Germany; Ltd, of many countries but hardly ever of a U.S.
 * company, for the U.S.) when the article does not name the country,
 * fitted likewise with the others held: the dollars a Ltd reports are
 * as often Canadian, Australian or Hong Kong ones (held out without
 * datelines: P 0.864 to 0.877, R 0.838 to 0.832; refitted once forms of
 * several countries stopped counting against their own, it comes out at
 * -1.6, no better on even ids, so it stays). An article whose dateline
 * names a place we cannot locate was still filed from somewhere, and
 * there the weight loses tags the dateline's country earns: it stays
 * off. An article whose dateline does not count (its title or lead
 * names other countries and not the dateline's) takes the undated
 * model. A country's score is the model's probability that the article
 * is about it; it is `about` from one half up. (Other thresholds, and a
 * rule relative to the top country's score, were tried on the held-out
 * ids without datelines: they trade precision for recall at the same
 * F1; bench/README.md has the figures.) */
struct score_model {
    double bias;
    double kind[KIND_COUNT];   /* per log(1 + mentions of that kind) */
    double in_title;           /* named in the title */
    double lead_mentions;      /* per log(1 + mentions in the lead) */
    double first_named;        /* named before any other country */
    double nothing_named;      /* no country named at all: economy alone */
    double countries_named;    /* per log(1 + countries named) */
    double share;              /* its share of the article's mentions of
                                  countries */
    double position;           /* where first named: 0 the first word, 1
                                  the last or never */
    double text_words;         /* per log(1 + words of the body, or of the
                                  title when it stands alone) */
    double title_alone_unnamed;   /* a title without a body that names it
                                     by no name or demonym */
    double unnamed_other_forms;   /* per log(1 + legal forms in the
                                     article not its own: GmbH, Ltd), when
                                     the article does not name it */
    double dateline;           /* the dateline names it */
    double dateline_alone;     /* ... and the text does not */
    double dateline_other;     /* the dateline names another country */
};

enum { MODEL_UNDATED, MODEL_DATED };

static const struct score_model models[2] = {
    [MODEL_UNDATED] = {
        .bias = -1.193,
        .kind = {
            [KIND_NAME] = 0.863,
            [KIND_DEMONYM] = 0.545,
            [KIND_CAPITAL] = -0.076,
            [KIND_INSTITUTION] = 0.546,
            [KIND_LEADER] = 0.591,
            [KIND_PLACE] = 0.061,
            [KIND_CURRENCY] = -0.249,
            [KIND_LEGAL_FORM] = 0.260,
            [KIND_LISTING] = 3.374,
        },
        .in_title = 0.735,
        .lead_mentions = 1.536,
        .first_named = 0.749,
        .nothing_named = 1.791,
        .countries_named = -0.341,
        .title_alone_unnamed = -2.611,
        .unnamed_other_forms = -1.260,
    },
    [MODEL_DATED] = {
        .bias = -0.278,
        .kind = {
            [KIND_NAME] = 1.622,
            [KIND_DEMONYM] = 0.982,
            [KIND_CAPITAL] = 0.068,
            [KIND_INSTITUTION] = -0.242,
            [KIND_LEADER] = 0.077,
            [KIND_PLACE] = -0.332,
            [KIND_CURRENCY] = -0.263,
            [KIND_LEGAL_FORM] = 0.549,
            [KIND_LISTING] = 2.018,
        },
        .in_title = 0.748,
        .lead_mentions = 1.084,
        .first_named = 0.097,
        .nothing_named = 1.015,
        .countries_named = 0.728,
        .share = 0.509,
        .position = -0.642,
        .text_words = -0.307,
        .dateline = 1.934,
        .dateline_alone = 1.653,
        .dateline_other = -1.934,
    },
};

struct scored {
    int country;
    int count;
    int in_title, in_lead, in_dateline;
    double score;
    int about;
};

/* Whether the dateline is evidence: where a story was filed says little
 * when its title or lead names other countries and not that one (a war
 * reported from London is not about Britain). Then the text alone
 * decides, as for an article without a dateline. */
static int dateline_counts(const struct country_article *a)
{
    size_t i;
    int elsewhere = 0;

    if (a->dateline_country < 0)
        return 0;
    for (i = 0; i < a->count; i++) {
        const struct evidence *e = &a->items[i];
        if (e->title_count == 0 && e->lead_count == 0)
            continue;
        if (e->country == a->dateline_country)
            return 1;
        elsewhere = 1;
    }
    return !elsewhere;
}

static void score_article(const struct country_article *a, struct scored *scored)
{
    size_t i, first = (size_t)-1, named = 0, mentions = 0;
    size_t body_words = a->words - a->title_words;
    int dated = dateline_counts(a);
    const struct score_model *model = &models[dated ? MODEL_DATED : MODEL_UNDATED];
    double text_words = log1p((double)(body_words > 0 ? body_words : a->title_words));
    int k;

    for (i = 0; i < a->count; i++) {
        int n = defcon_country_evidence_named(&a->items[i]);
        if (n > 0) {
            named++;
            mentions += (size_t)n;
            if (a->items[i].first_ordinal < first)
                first = a->items[i].first_ordinal;
        }
    }
    for (i = 0; i < a->count; i++) {
        const struct evidence *e = &a->items[i];
        struct scored *s = &scored[i];
        double z = model->bias + model->text_words * text_words, position = 1.0;
        s->country = e->country;
        s->count = defcon_country_evidence_named(e);
        s->in_title = e->title_count > 0;
        s->in_lead = e->lead_count > 0;
        s->in_dateline = e->dateline;
        for (k = 0; k < KIND_COUNT; k++)
            z += model->kind[k] * log1p((double)e->count[k]);
        z += model->in_title * s->in_title + model->lead_mentions * log1p((double)e->lead_count)
             + model->countries_named * log1p((double)named);
        if (s->count > 0) {
            z += model->share * (double)s->count / (double)mentions;
            if (a->words > 1)
                position = (double)e->first_ordinal / (double)(a->words - 1);
            if (e->first_ordinal == first)
                z += model->first_named;
        }
        z += model->position * position;
        if (named == 0)
            z += model->nothing_named;
        if (e->dateline)
            z += s->count > 0 ? model->dateline : model->dateline + model->dateline_alone;
        else if (dated)
            z += model->dateline_other;
        if (s->count == 0 && !a->has_dateline)
            z += model->unnamed_other_forms
                 * log1p((double)defcon_country_other_legal_forms(a, e));
        if (body_words == 0 && e->count[KIND_NAME] + e->count[KIND_DEMONYM] == 0)
            z += model->title_alone_unnamed;
        s->score = 1.0 / (1.0 + exp(-z));
        s->about = z >= 0.0;
    }
}

static int scored_order(const void *left, const void *right)
{
    const struct scored *l = left, *r = right;

    if (l->about != r->about)
        return r->about - l->about;
    if (l->score > r->score)
        return -1;
    if (l->score < r->score)
        return 1;
    return strcmp(defcon_country_records[l->country].code, defcon_country_records[r->country].code);
}

int defcon_countries_find(const char *title, const char *body, size_t body_len,
                          const char *dateline, defcon_country_list *out)
{
    struct country_article a;
    struct scored local[LOCAL_EVIDENCE];
    struct scored *scored = local;
    size_t i, n = 0;
    int rc;

    out->items = NULL;
    out->count = 0;
    rc = defcon_country_article_gather(&a, title, body, body_len, dateline);
    if (rc == 0 && a.count > LOCAL_EVIDENCE) {
        scored = malloc(a.count * sizeof *scored);
        if (scored == NULL)
            rc = -1;
    }
    if (rc == 0 && a.count > 0) {
        score_article(&a, scored);
        qsort(scored, a.count, sizeof *scored, scored_order);
        out->items = malloc(a.count * sizeof *out->items);
        if (out->items == NULL)
            rc = -1;
    }
    for (i = 0; rc == 0 && i < a.count; i++) {
        const struct scored *s = &scored[i];
        defcon_country_mention *m;
        /* A country known only from its currency, legal forms or dateline
         * is listed only when the article is about it. */
        if (s->count == 0 && !s->about)
            continue;
        m = &out->items[n++];
        memcpy(m->code, defcon_country_records[s->country].code, 3);
        m->count = s->count;
        m->in_title = s->in_title;
        m->in_lead = s->in_lead;
        m->in_dateline = s->in_dateline;
        m->score = s->score;
        m->about = s->about;
    }
    if (rc == 0) {
        out->count = n;
        if (n == 0) {
            free(out->items);
            out->items = NULL;
        }
    } else {
        defcon_country_list_clear(out);
    }
    if (scored != local)
        free(scored);
    defcon_country_article_release(&a);
    return rc;
}

void defcon_country_list_clear(defcon_country_list *list)
{
    if (list == NULL)
        return;
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

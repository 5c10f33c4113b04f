/*
 * test_fingerprint.c - near-duplicate fingerprints (fingerprint.h) and
 * copy groups (copies.h): a rewrite with a changed lead is a copy, the
 * same words another week are not, a headline-only flash joins its story
 * only on its own day; the band lookup finds every copy a comparison of
 * all pairs finds, and random articles never fold; the index's copy store
 * (copy_store.h) gives the stories memory alone gives, across runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "check.h"
#include "copies.h"
#include "copy_store.h"
#include "fingerprint.h"
#include "tokenizer.h"

static defcon_tokenizer *tokenizer;

/* The body of a wire story after its lead, shared by the two versions. */
#define REST                                                                              \
    "Bankers in Frankfurt said the decision had been widely expected. Call money traded " \
    "at 3.80 to 3.90 pct in quiet business, little changed from yesterday, while the "    \
    "dollar eased slightly against the mark in early trading. Economists said the "       \
    "Bundesbank would watch the effect of last month's currency accord in Paris before "  \
    "acting again, and noted that inflation remained close to zero. Government bond "     \
    "prices were steady after the announcement, dealers said, with the ten year "         \
    "benchmark yield unchanged at 5.95 pct."

static const char story[] =
    "The Bundesbank left credit policies unchanged after today's regular meeting of its "
    "council, a spokesman said in answer to enquiries. The West German discount rate "
    "remains at 3.0 pct, and the Lombard emergency financing rate at 5.0 pct. Dealers "
    "had expected no change after the central bank cut rates in January, and said the "
    "decision reflected concern about money supply growth, which has overshot its target "
    "for a second year. The council meets again in two weeks, when some economists expect "
    "a cut in the repurchase rate to support the dollar against the mark.\n\n" REST;

/* The same story with its lead reworded, as a rewrite does. */
static const char rewrite[] =
    "The West German Bundesbank left its credit policies unchanged after its regular "
    "council meeting today, a spokesman told Reuters. The West German discount rate "
    "remains at 3.0 pct, and the Lombard emergency financing rate at 5.0 pct. Dealers "
    "had expected no change after the central bank cut rates in January, and said the "
    "decision reflected concern about money supply growth, which has overshot its target "
    "for a second year. The council meets again in two weeks, when some economists expect "
    "a cut in the repurchase rate to support the dollar against the mark.\n\n" REST;

static const char other[] =
    "Japan's trade surplus with the United States widened in February as exports of cars "
    "and electronics rose, the Finance Ministry said, adding to pressure from Washington "
    "for Tokyo to open its markets. The surplus rose to 4.2 billion dlrs from 3.9 billion "
    "a year earlier, while imports of oil fell because of lower prices. Officials said the "
    "figures showed that the rise of the yen had yet to curb the flow of goods abroad, and "
    "warned that protectionist bills before Congress could hurt both economies.";

static defcon_fingerprint fingerprint(const char *title, const char *body, int year, int month,
                                      int day)
{
    defcon_tokens t = {0}, b = {0};
    defcon_date date = {year, month, day,
                        day ? DEFCON_DATE_DAY : month ? DEFCON_DATE_MONTH
                                                      : year ? DEFCON_DATE_YEAR : DEFCON_DATE_NONE};
    defcon_fingerprint fp;

    CHECK(defcon_tokenizer_run(tokenizer, title, strlen(title), &t, NULL, NULL) == SQLITE_OK);
    CHECK(defcon_tokenizer_run(tokenizer, body, strlen(body), &b, NULL, NULL) == SQLITE_OK);
    defcon_fingerprint_compute(&t, &b, body, strlen(body), &date, &fp);
    defcon_tokens_free(&t);
    defcon_tokens_free(&b);
    return fp;
}

static void test_texts(void)
{
    defcon_fingerprint a = fingerprint("Bundesbank leaves credit policies unchanged", story,
                                       1987, 4, 2);
    defcon_fingerprint shouted = fingerprint("BUNDESBANK LEAVES CREDIT POLICIES UNCHANGED!",
                                             story, 1987, 4, 2);
    defcon_fingerprint b = fingerprint("Bundesbank keeps rates steady", rewrite, 1987, 4, 2);
    defcon_fingerprint c = fingerprint("Japan trade surplus widens", other, 1987, 4, 2);
    defcon_fingerprint week = fingerprint("Bundesbank leaves credit policies unchanged", story,
                                          1987, 3, 19);
    defcon_fingerprint next = fingerprint("Bundesbank leaves credit policies unchanged", story,
                                          1987, 4, 3);

    CHECK(a.body != 0 && a.title != 0);
    CHECK(a.title == shouted.title);           /* case and punctuation do not count */
    CHECK(a.body == shouted.body);
    CHECK(a.body_terms > DEFCON_FINGERPRINT_MIN_TERMS);
    CHECK(defcon_fingerprint_distance(a.body, b.body) <= DEFCON_COPY_DISTANCE);
    CHECK(defcon_fingerprint_distance(a.body, b.body) > 0);
    CHECK(defcon_fingerprint_distance(a.body, c.body) > 16);
    CHECK_LONG(defcon_fingerprint_compare(&a, &b), DEFCON_COPY_TEXT);
    CHECK_LONG(defcon_fingerprint_compare(&b, &a), DEFCON_COPY_TEXT);
    CHECK_LONG(defcon_fingerprint_compare(&a, &c), DEFCON_COPY_NONE);
    CHECK_LONG(defcon_fingerprint_compare(&a, &week), DEFCON_COPY_NONE);   /* 14 days */
    CHECK_LONG(defcon_fingerprint_compare(&a, &next), DEFCON_COPY_TEXT);   /* sent again */
    CHECK_LONG(defcon_fingerprint_days_apart(&a, &week), 14);
}

/* A story sent again later the same day with a new lead and a paragraph
 * added: too much changed for the SimHash, most paragraphs shared. */
static void test_paragraphs(void)
{
    static const char first[] =
        "Iran said it had launched a new offensive north of Baghdad overnight.\n\n"
        "The official news agency said Iranian forces had captured several heights "
        "overlooking the border town and inflicted heavy losses on Iraqi troops.\n\n"
        "Iraq's military command said in a statement that its forces had repelled the "
        "attack and that fighting was continuing along a wide stretch of the front.\n\n"
        "Western diplomats in the region said the offensive appeared to be smaller than "
        "the campaigns Iran launched in the south earlier this year.";
    static const char second[] =
        "Iraq said on Tuesday its troops had stopped an Iranian push into the hills "
        "north of Baghdad and killed thousands of attackers in two days of battles.\n\n"
        "The official news agency said Iranian forces had captured several heights "
        "overlooking the border town and inflicted heavy losses on Iraqi troops.\n\n"
        "Iraq's military command said in a statement that its forces had repelled the "
        "attack and that fighting was continuing along a wide stretch of the front.\n\n"
        "Western diplomats in the region said the offensive appeared to be smaller than "
        "the campaigns Iran launched in the south earlier this year.\n\n"
        "Oil prices rose on the spot market as traders weighed the risk to shipping "
        "in the Gulf, dealers in London said.";
    static const char template_a[] =
        "Keihanshin Real Estate Co Ltd is issuing a 25 mln dlr equity warrant eurobond "
        "paying two pct, lead manager Daiwa Europe said.\n\n"
        "The issue is available in denominations of 5,000 dlrs and will be listed in "
        "Luxembourg, with payment due on April 27.\n\n"
        "Fees total 2-1/4 pct.";
    static const char template_b[] =
        "Tokyo Optical Co Ltd is issuing a 40 mln dlr equity warrant eurobond due 1992 "
        "paying an indicated coupon of 2-1/4 pct, lead manager Nomura said.\n\n"
        "The issue is available in denominations of 5,000 dlrs and will be listed in "
        "Luxembourg, with payment due on April 27.\n\n"
        "Fees total 2-1/4 pct.";
    defcon_fingerprint a = fingerprint("IRAN SAYS IT OPENS NEW OFFENSIVE", first, 1987, 4, 7);
    defcon_fingerprint b = fingerprint("IRAQ SAYS IRANIAN PUSH STOPPED", second, 1987, 4, 7);
    defcon_fingerprint c = fingerprint("IRAQ SAYS IRANIAN PUSH STOPPED", second, 1987, 4, 8);
    defcon_fingerprint t1 = fingerprint("KEIHANSHIN ISSUES WARRANT BOND", template_a, 1987, 4, 2);
    defcon_fingerprint t2 = fingerprint("TOKYO OPTICAL ISSUES EUROBOND", template_b, 1987, 4, 2);
    int shared;

    CHECK_LONG(a.paragraph_count, 4);
    CHECK_LONG(b.paragraph_count, 5);
    for (int i = 1; i < b.paragraph_count; i++)
        CHECK(b.paragraphs[i - 1] < b.paragraphs[i]);
    CHECK(defcon_fingerprint_distance(a.body, b.body) > DEFCON_COPY_DISTANCE);
    CHECK(defcon_fingerprint_share_paragraphs(&a, &b, &shared) == 1);
    CHECK_LONG(shared, 3);
    CHECK_LONG(defcon_fingerprint_compare(&a, &b), DEFCON_COPY_PARAGRAPHS);
    CHECK_LONG(defcon_fingerprint_compare(&b, &a), DEFCON_COPY_PARAGRAPHS);
    CHECK_LONG(defcon_fingerprint_compare(&a, &c), DEFCON_COPY_NONE);    /* the next day */
    /* Boilerplate paragraphs of one template are not most of either item;
     * "Fees total 2-1/4 pct." is too short to be sampled. */
    CHECK_LONG(t1.paragraph_count, 2);
    CHECK(defcon_fingerprint_share_paragraphs(&t1, &t2, &shared) == 0);
    CHECK_LONG(shared, 1);
    CHECK_LONG(defcon_fingerprint_compare(&t1, &t2), DEFCON_COPY_NONE);
}

/* Word order counts: the shingles of a shuffled text are other shingles. */
static void test_order(void)
{
    defcon_fingerprint a = fingerprint("t", "one two three four five six seven eight nine ten "
                                       "eleven twelve thirteen fourteen fifteen sixteen", 1990, 1, 1);
    defcon_fingerprint b = fingerprint("t", "sixteen fifteen fourteen thirteen twelve eleven ten "
                                       "nine eight seven six five four three two one", 1990, 1, 1);
    defcon_fingerprint none = fingerprint("", "", 0, 0, 0);
    defcon_fingerprint word = fingerprint("", "word", 0, 0, 0);

    CHECK(defcon_fingerprint_distance(a.body, b.body) > 8);
    CHECK(none.body == 0 && none.title == 0 && none.body_terms == 0);
    CHECK(none.precision == DEFCON_DATE_NONE);
    CHECK(word.body != 0);   /* shorter than a shingle, still hashed */
    CHECK_LONG(defcon_fingerprint_distance(0, ~0ULL), 64);
    CHECK_LONG(defcon_fingerprint_distance(5, 6), 2);
}

static void test_flash(void)
{
    defcon_fingerprint full = fingerprint("BUNDESBANK LEAVES CREDIT POLICIES UNCHANGED", story,
                                          1987, 4, 2);
    defcon_fingerprint flash = fingerprint("Bundesbank leaves credit policies unchanged", "",
                                           1987, 4, 2);
    defcon_fingerprint flash_next = fingerprint("Bundesbank leaves credit policies unchanged", "",
                                                1987, 4, 3);
    defcon_fingerprint other_flash = fingerprint("Bundesbank raises discount rate", "",
                                                 1987, 4, 2);
    defcon_fingerprint untitled = fingerprint("(untitled)", "", 1987, 4, 2);
    defcon_fingerprint untitled2 = fingerprint("(untitled)", "", 1987, 4, 2);

    CHECK(defcon_fingerprint_is_flash(&flash));
    CHECK(!defcon_fingerprint_is_flash(&full));
    CHECK_LONG(defcon_fingerprint_compare(&full, &flash), DEFCON_COPY_HEADLINE);
    CHECK_LONG(defcon_fingerprint_compare(&flash, &full), DEFCON_COPY_HEADLINE);
    CHECK_LONG(defcon_fingerprint_compare(&flash, &flash_next), DEFCON_COPY_NONE);
    CHECK_LONG(defcon_fingerprint_compare(&full, &flash_next), DEFCON_COPY_NONE);
    CHECK_LONG(defcon_fingerprint_compare(&full, &other_flash), DEFCON_COPY_NONE);
    CHECK(untitled.title == 0);   /* too short to name a story */
    CHECK_LONG(defcon_fingerprint_compare(&untitled, &untitled2), DEFCON_COPY_NONE);
}

/* A flash worded otherwise than its story's headline: told by the
 * story's title and lead, only on its own day, never by a short item of
 * its own or by another company's item of the same template. */
static void test_flash_wording(void)
{
    static const char lead[] =
        "Sears, Roebuck and Co said its February sales were up 4.9 pct to 1.93 billion "
        "dlrs from 1.84 billion dlrs a year earlier, helped by strong catalog orders.\n\n"
        "The company said sales at stores open more than a year rose 3.2 pct, while "
        "catalog sales grew faster than expected after a slow January.";
    static const char other_lead[] =
        "J.C. Penney Co said its February sales were up 4.9 pct to 805 mln dlrs from 767 "
        "mln dlrs a year earlier, as apparel sales picked up late in the month.\n\n"
        "The company said sales at stores open more than a year rose 3.9 pct, while "
        "catalog sales were flat against a strong month a year ago.";
    defcon_fingerprint sears = fingerprint("SEARS <S> FEBRUARY SALES UP 4.9 PCT", lead, 1987, 3, 5);
    defcon_fingerprint flash = fingerprint("SEARS ROEBUCK AND CO FEBRUARY SALES UP 4.9 PCT", "",
                                           1987, 3, 5);
    defcon_fingerprint later = fingerprint("SEARS ROEBUCK AND CO FEBRUARY SALES UP 4.9 PCT", "",
                                           1987, 3, 6);
    defcon_fingerprint penney = fingerprint("PENNEY <JCP> FEBRUARY SALES UP 4.9 PCT", other_lead,
                                            1987, 3, 5);
    defcon_fingerprint january = fingerprint("SEARS ROEBUCK AND CO JANUARY SALES DOWN 2.1 PCT",
                                             "", 1987, 3, 5);
    defcon_fingerprint item = fingerprint("SEARS ROEBUCK AND CO FEBRUARY SALES UP 4.9 PCT",
                                          "Sears said sales rose in February.", 1987, 3, 5);
    defcon_fingerprint few = fingerprint("SEARS SALES UP", "", 1987, 3, 5);

    CHECK(flash.title != sears.title);
    CHECK(defcon_fingerprint_flash_of(&flash, &sears));
    CHECK(defcon_fingerprint_flash_of(&sears, &flash));
    CHECK_LONG(defcon_fingerprint_compare(&flash, &sears), DEFCON_COPY_HEADLINE);
    CHECK_LONG(defcon_fingerprint_compare(&later, &sears), DEFCON_COPY_NONE);
    CHECK_LONG(defcon_fingerprint_compare(&flash, &penney), DEFCON_COPY_NONE);   /* first stem */
    CHECK_LONG(defcon_fingerprint_compare(&january, &sears), DEFCON_COPY_NONE);
    CHECK(item.body_terms >= DEFCON_HEADLINE_ONLY_TERMS);
    CHECK_LONG(defcon_fingerprint_compare(&item, &sears), DEFCON_COPY_NONE);
    CHECK_LONG(defcon_fingerprint_compare(&few, &sears), DEFCON_COPY_NONE);      /* 3 stems */
    CHECK(sears.title_stem_count == 8 && flash.title_stem_count == 10);
}

static void test_dates(void)
{
    defcon_fingerprint day = fingerprint("Bundesbank leaves credit policies unchanged", story,
                                         1987, 4, 2);
    defcon_fingerprint month = fingerprint("Bundesbank leaves credit policies unchanged", story,
                                           1987, 4, 0);
    defcon_fingerprint month2 = fingerprint("Bundesbank leaves credit", story, 1987, 4, 0);
    defcon_fingerprint may = fingerprint("Bundesbank leaves credit", story, 1987, 5, 0);
    defcon_fingerprint undated = fingerprint("Bundesbank leaves credit", story, 0, 0, 0);
    defcon_fingerprint undated2 = fingerprint("Bundesbank", story, 0, 0, 0);

    CHECK_LONG(defcon_fingerprint_days_apart(&day, &month), -1);
    CHECK_LONG(defcon_fingerprint_compare(&day, &month), DEFCON_COPY_NONE);
    CHECK_LONG(defcon_fingerprint_compare(&month, &month2), DEFCON_COPY_TEXT);   /* saved twice */
    CHECK_LONG(defcon_fingerprint_compare(&month, &may), DEFCON_COPY_NONE);
    CHECK_LONG(defcon_fingerprint_compare(&undated, &undated2), DEFCON_COPY_TEXT);
    CHECK_LONG(defcon_fingerprint_compare(&undated, &month), DEFCON_COPY_NONE);
}

/* The limits themselves, on fingerprints made by hand. */
static void test_limits(void)
{
    defcon_fingerprint a = {0x0123456789abcdefULL, 42, 100, DEFCON_DATE_DAY, 6300, 0, {0}, {0}, 0, {0}, {0}};
    defcon_fingerprint b = a;

    b.body ^= (1ULL << DEFCON_COPY_DISTANCE) - 1;          /* 7 bits */
    CHECK_LONG(defcon_fingerprint_compare(&a, &b), DEFCON_COPY_TEXT);
    b.body ^= 1ULL << 60;                                   /* 8 bits */
    CHECK_LONG(defcon_fingerprint_compare(&a, &b), DEFCON_COPY_NONE);
    b = a;
    b.title = 43;                                           /* 4 bits, another title */
    b.body ^= (1ULL << (DEFCON_COPY_RESENT_DISTANCE + 1)) - 1;
    CHECK_LONG(defcon_fingerprint_compare(&a, &b), DEFCON_COPY_NONE);
    a.paragraph_count = b.paragraph_count = 1;              /* and a paragraph shared */
    a.paragraphs[0] = b.paragraphs[0] = 77;
    a.paragraph_terms[0] = b.paragraph_terms[0] = 20;
    CHECK_LONG(defcon_fingerprint_compare(&a, &b), DEFCON_COPY_TEXT);
    b.body = a.body ^ ((1ULL << DEFCON_COPY_RESENT_DISTANCE) - 1);   /* 3 bits alone do */
    b.paragraphs[0] = 78;
    CHECK_LONG(defcon_fingerprint_compare(&a, &b), DEFCON_COPY_TEXT);
    a.paragraph_count = 0;
    b = a;
    b.day = a.day + 1;
    b.body ^= (1ULL << DEFCON_COPY_RESENT_DISTANCE) - 1;    /* 3 bits, next day */
    CHECK_LONG(defcon_fingerprint_compare(&a, &b), DEFCON_COPY_TEXT);
    b.body ^= 1ULL << 60;                                   /* 4 bits, next day */
    CHECK_LONG(defcon_fingerprint_compare(&a, &b), DEFCON_COPY_NONE);
    b = a;
    b.day = a.day + DEFCON_COPY_DAYS + 1;
    CHECK_LONG(defcon_fingerprint_compare(&a, &b), DEFCON_COPY_NONE);
    b = a;
    b.body_terms = DEFCON_FINGERPRINT_MIN_TERMS - 1;        /* a flash, other title */
    b.title = 43;
    CHECK_LONG(defcon_fingerprint_compare(&a, &b), DEFCON_COPY_NONE);
}

/* The example: three Bundesbank meetings are three stories; the
 * three items of 2 April 1987 (two full copies and a flash) are one. */
static void test_groups(void)
{
    defcon_fingerprint items[5] = {
        fingerprint("BUNDESBANK LEAVES CREDIT POLICIES UNCHANGED", story, 1987, 3, 5),
        fingerprint("BUNDESBANK LEAVES CREDIT POLICIES UNCHANGED", story, 1987, 3, 19),
        fingerprint("Bundesbank leaves credit policies unchanged", "", 1987, 4, 2),
        fingerprint("BUNDESBANK LEAVES CREDIT POLICIES UNCHANGED", story, 1987, 4, 2),
        fingerprint("BUNDESBANK LEAVES CREDIT POLICIES UNCHANGED", rewrite, 1987, 4, 2),
    };
    int64_t want[5] = {100, 101, 102, 102, 102}, story_id = 0;
    defcon_copy_reason why[5] = {DEFCON_COPY_NONE, DEFCON_COPY_NONE, DEFCON_COPY_NONE,
                                 DEFCON_COPY_HEADLINE, DEFCON_COPY_TEXT}, reason;
    defcon_copies *copies = NULL;

    CHECK(defcon_copies_new(&copies) == 0);
    for (int i = 0; copies && i < 5; i++) {
        CHECK(defcon_copies_add(copies, 100 + i, &items[i], &story_id, &reason) == 0);
        CHECK_LONG(story_id, want[i]);
        CHECK_LONG(reason, why[i]);
    }
    CHECK_LONG(defcon_copies_count(copies), 5);
    /* Without the flash and the full copy, the rewrite starts a story. */
    CHECK_LONG(defcon_copies_remove(copies, 102, &items[2]), 1);
    CHECK_LONG(defcon_copies_remove(copies, 102, &items[2]), 0);
    CHECK_LONG(defcon_copies_remove(copies, 103, &items[3]), 1);
    CHECK_LONG(defcon_copies_remove(copies, 104, &items[4]), 1);
    CHECK_LONG(defcon_copies_count(copies), 2);
    CHECK(defcon_copies_add(copies, 105, &items[4], &story_id, &reason) == 0);
    CHECK_LONG(story_id, 105);
    CHECK_LONG(reason, DEFCON_COPY_NONE);
    /* An article filed with a known story lends it to its copies. */
    CHECK(defcon_copies_insert(copies, 106, &items[3], 77) == 0);
    CHECK(defcon_copies_add(copies, 107, &items[2], &story_id, NULL) == 0);
    CHECK_LONG(story_id, 77);
    defcon_copies_free(copies);
    defcon_copies_free(NULL);
}

static unsigned long next_random(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

#define RANDOM_ARTICLES 4000

/* The story an article should get: its best copy among the articles
 * before it, found by comparing with every one of them. */
static int64_t story_by_scan(const defcon_fingerprint *fps, const int64_t *stories, int n)
{
    int best = -1, best_cost = 0;

    for (int j = 0; j < n; j++) {
        int cost;
        if (defcon_fingerprint_compare(&fps[n], &fps[j]) == DEFCON_COPY_NONE)
            continue;
        cost = defcon_fingerprint_match_cost(&fps[n], &fps[j]);
        if (best < 0 || cost < best_cost || (cost == best_cost && stories[j] < stories[best])) {
            best = j;
            best_cost = cost;
        }
    }
    return best < 0 ? n : stories[best];
}

/* Random articles over ten days, a third of them copies of an earlier one
 * with 0 to 10 bits flipped, a day apart or not, some flashes. Returns
 * which ones are copies by construction. */
static void random_articles(defcon_fingerprint *fps, char *planted, int n)
{
    unsigned long state = 13;

    for (int i = 0; i < n; i++) {
        defcon_fingerprint *fp = &fps[i];
        planted[i] = i > 0 && next_random(&state) % 3 == 0;
        if (planted[i]) {
            *fp = fps[next_random(&state) % (unsigned long)i];
            for (unsigned long k = next_random(&state) % 11; k > 0; k--)
                fp->body ^= 1ULL << (next_random(&state) % 64);
            fp->day += (long)(next_random(&state) % 3) - 1;
            fp->title = next_random(&state) % 4 ? fp->title : next_random(&state) + 1;
            if (fp->paragraph_count > 0 && next_random(&state) % 3 == 0)   /* a new last one */
                fp->paragraphs[fp->paragraph_count - 1] += 1 + (uint32_t)next_random(&state) % 99;
        } else {
            fp->body = (uint64_t)next_random(&state) << 33 ^ next_random(&state) << 2
                       ^ next_random(&state);
            fp->title = next_random(&state) + 1;
            fp->body_terms = next_random(&state) % 8 ? 200 : 0;
            fp->precision = DEFCON_DATE_DAY;
            fp->day = 6300 + (long)(next_random(&state) % 10);
            fp->paragraph_count = (int)(next_random(&state) % 5);
            for (int k = 0; k < fp->paragraph_count; k++) {   /* ascending, unique */
                fp->paragraphs[k] = (uint32_t)(k + 1) << 28 | (uint32_t)next_random(&state) >> 4;
                fp->paragraph_terms[k] = (uint16_t)(10 + next_random(&state) % 50);
            }
        }
    }
}

/* The band lookup gives every article the story a scan of all pairs
 * gives; most planted copies fold, unrelated articles never do. */
static void test_lookup_against_scan(void)
{
    defcon_fingerprint *fps = calloc(RANDOM_ARTICLES, sizeof *fps);
    int64_t *stories = calloc(RANDOM_ARTICLES, sizeof *stories);
    char *planted = calloc(RANDOM_ARTICLES, 1);
    defcon_copies *copies = NULL;
    int mismatches = 0, folded = 0, folded_random = 0, reasons[4] = {0};
    defcon_copy_reason reason = DEFCON_COPY_NONE;

    CHECK(fps && stories && planted && defcon_copies_new(&copies) == 0);
    if (copies)
        random_articles(fps, planted, RANDOM_ARTICLES);
    for (int i = 0; copies && i < RANDOM_ARTICLES; i++) {
        CHECK(defcon_copies_add(copies, i, &fps[i], &stories[i], &reason) == 0);
        reasons[reason]++;
        mismatches += stories[i] != story_by_scan(fps, stories, i);
        folded += stories[i] != i;
        folded_random += !planted[i] && stories[i] != i;
    }
    CHECK_LONG(mismatches, 0);
    CHECK(folded > RANDOM_ARTICLES / 8);   /* about half the planted copies fold */
    CHECK_LONG(folded_random, 0);           /* unrelated articles never do */
    CHECK(reasons[DEFCON_COPY_TEXT] > 0 && reasons[DEFCON_COPY_HEADLINE] > 0);
    CHECK(reasons[DEFCON_COPY_PARAGRAPHS] > 0);
    defcon_copies_free(copies);
    free(fps);
    free(stories);
    free(planted);
}

/* The same articles through the index, in runs of 1,000 (each a new
 * store that must read the earlier runs' days) with memory emptied every
 * 300 articles: every story is the one memory alone gives. */
static void test_store_against_memory(sqlite3 *db)
{
    defcon_fingerprint *fps = calloc(RANDOM_ARTICLES, sizeof *fps);
    int64_t want, got = 0, stored = 0;
    char *planted = calloc(RANDOM_ARTICLES, 1);
    defcon_copies *copies = NULL;
    defcon_copy_store *store = NULL;
    int mismatches = 0;

    CHECK(fps && planted && defcon_copies_new(&copies) == 0);
    CHECK(sqlite3_exec(db, "DROP TABLE IF EXISTS copies; BEGIN", NULL, NULL, NULL) == SQLITE_OK);
    if (copies)
        random_articles(fps, planted, RANDOM_ARTICLES);
    for (int i = 0; copies && i < RANDOM_ARTICLES; i++) {
        if (i % 1000 == 0) {
            defcon_copy_store_close(store);
            CHECK(defcon_copy_store_open(db, &store) == SQLITE_OK);
            if (!store)
                break;
            defcon_copy_store_limit_memory(store, 300);
        }
        CHECK(defcon_copies_add(copies, i, &fps[i], &want, NULL) == 0);
        CHECK(defcon_copy_store_add(store, i, &fps[i], &got, NULL) == SQLITE_OK);
        CHECK(defcon_copy_store_story(store, i, &stored) == SQLITE_OK);
        mismatches += got != want || stored != want;
    }
    CHECK_LONG(mismatches, 0);
    CHECK(store && defcon_copy_store_days_read(store) > 10);
    CHECK(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK);
    defcon_copy_store_close(store);
    defcon_copies_free(copies);
    free(fps);
    free(planted);
}

/* The Bundesbank items over two runs, with a removal between. */
static void test_store_runs(sqlite3 *db)
{
    defcon_fingerprint march5 = fingerprint("BUNDESBANK LEAVES CREDIT POLICIES UNCHANGED", story,
                                            1987, 3, 5);
    defcon_fingerprint flash = fingerprint("Bundesbank leaves credit policies unchanged", "",
                                           1987, 4, 2);
    defcon_fingerprint full = fingerprint("BUNDESBANK LEAVES CREDIT POLICIES UNCHANGED", story,
                                          1987, 4, 2);
    defcon_copy_store *store = NULL;
    defcon_copy_reason reason = DEFCON_COPY_NONE;
    int64_t s = 0;

    CHECK(sqlite3_exec(db, "DROP TABLE IF EXISTS copies", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(defcon_copy_store_open(db, &store) == SQLITE_OK);
    CHECK(store && defcon_copy_store_add(store, 10, &march5, &s, NULL) == SQLITE_OK);
    CHECK_LONG(s, 10);
    CHECK(store && defcon_copy_store_add(store, 20, &flash, &s, NULL) == SQLITE_OK);
    CHECK_LONG(s, 20);
    defcon_copy_store_close(store);

    CHECK(defcon_copy_store_open(db, &store) == SQLITE_OK);   /* a later run */
    CHECK(store && defcon_copy_store_add(store, 21, &full, &s, &reason) == SQLITE_OK);
    CHECK_LONG(s, 20);
    CHECK_LONG(reason, DEFCON_COPY_HEADLINE);
    CHECK(store && defcon_copy_store_remove(store, 20) == SQLITE_OK);
    CHECK(store && defcon_copy_store_remove(store, 20) == SQLITE_OK);   /* already gone */
    CHECK(store && defcon_copy_store_story(store, 20, &s) == SQLITE_NOTFOUND);
    CHECK(store && defcon_copy_store_add(store, 22, &full, &s, &reason) == SQLITE_OK);
    CHECK_LONG(s, 20);                       /* the group keeps its label */
    CHECK_LONG(reason, DEFCON_COPY_TEXT);
    CHECK(store && defcon_copy_store_add(store, 30, &march5, &s, NULL) == SQLITE_OK);
    CHECK_LONG(s, 10);
    /* A damaged paragraph sample is reported, never read past. */
    CHECK(sqlite3_exec(db, "UPDATE copies SET paragraphs = x'0102' WHERE rowid = 10;"
                           "UPDATE copies SET paragraphs = x'020000000a00010000000a00'"
                           " WHERE rowid = 30", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(store && defcon_copy_store_story(store, 10, &s) == SQLITE_CORRUPT);
    CHECK(store && defcon_copy_store_story(store, 30, &s) == SQLITE_CORRUPT);   /* descending */
    CHECK(sqlite3_exec(db, "UPDATE copies SET headline = x'00' WHERE rowid = 21", NULL, NULL,
                       NULL) == SQLITE_OK);
    CHECK(store && defcon_copy_store_story(store, 21, &s) == SQLITE_CORRUPT);   /* too short */
    defcon_copy_store_close(store);
    CHECK(defcon_copy_store_open(db, &store) == SQLITE_OK);   /* a run reading that day */
    CHECK(store && defcon_copy_store_add(store, 31, &march5, &s, NULL) == SQLITE_CORRUPT);
    defcon_copy_store_close(store);
    defcon_copy_store_close(NULL);
}

int main(void)
{
    sqlite3 *db = NULL;

    if (sqlite3_open(":memory:", &db) != SQLITE_OK || defcon_tokenizer_new(db, &tokenizer) != SQLITE_OK) {
        fprintf(stderr, "cannot open a tokenizer\n");
        return 1;
    }
    test_texts();
    test_order();
    test_paragraphs();
    test_flash();
    test_flash_wording();
    test_dates();
    test_limits();
    test_groups();
    test_lookup_against_scan();
    test_store_against_memory(db);
    test_store_runs(db);
    defcon_tokenizer_free(tokenizer);
    sqlite3_close(db);
    return check_finish();
}

/*
 * countries.h - the country gazetteer and matcher.
 *
 * At index time, defcon_countries_find() reads an article's title and body
 * and tells which countries it mentions (with a count, and whether the
 * title or the lead paragraph names them) and which it is about; the
 * article's dateline, the place the story was filed from, counts as
 * evidence too, unless the title or lead names other countries and not
 * its own. At search
 * time, defcon_country_lookup() turns what a researcher typed for
 * --country (a code, a name, an alias, a demonym, a capital) into an ISO
 * code. The table behind both is generated at build time from Debian's
 * iso-codes and our own lists of aliases, demonyms, capitals,
 * institutions, leaders, places, places read in datelines, currencies and
 * ambiguous words
 * (src/gazetteer/). Historical states keep their own codes: SU, DD, YU,
 * CS, ZR, YD. All functions are thread-safe: the tables are read-only.
 */
#ifndef DEFCON_COUNTRIES_H
#define DEFCON_COUNTRIES_H

#include <stddef.h>

typedef struct defcon_country_mention {
    char code[3];    /* ISO 3166 alpha-2, NUL-terminated */
    int count;       /* mentions in title and body: names, demonyms,
                        capitals, institutions, leaders, places inside it
                        (its currency, legal forms and tickers aside) */
    int in_title;    /* 1 if the title mentions it */
    int in_lead;     /* 1 if the first block of the body mentions it */
    int in_dateline; /* 1 if the dateline names it (its city or region) */
    double score;    /* prominence, higher is more central: the scoring
                        model's probability, 0 to 1, that the article is
                        about it */
    int about;       /* 1 if the article is about this country (score at
                        least 0.5) */
} defcon_country_mention;

typedef struct defcon_country_list {
    defcon_country_mention *items;   /* owned; most prominent first */
    size_t count;
} defcon_country_list;

/* Finds the countries in an article: `title` is NUL-terminated, `body` is
 * `body_len` bytes of plain text whose blocks are separated by "\n\n",
 * and `dateline` is the NUL-terminated dateline ("KEARNY, N.J., March
 * 20"; its date is ignored) or NULL. The last place the dateline names
 * that the gazetteer knows (a country, a capital, a city, a state or
 * province, a postal abbreviation such as "N.J.") marks its country; an
 * article with such a dateline is scored by a model fitted on dated news,
 * unless its title or lead names other countries and not the dateline's:
 * where a story was filed then says little, and the text alone decides.
 * Fills *out (cleared first) with one entry per country mentioned, those
 * the article is about first, each group by descending score.
 * A country the article never names but is about through its currency,
 * its companies' legal forms or its dateline alone (a table of earnings
 * in "dlrs" from an "Inc") is listed with count 0; one it never names and
 * is not about is not listed. In an article without a dateline, the legal
 * forms of companies that are not a country's ("GmbH"; "Ltd", a form of
 * many countries but hardly ever of a U.S. company) count against a
 * country it does not name: "dlrs" from a "Ltd" is not taken for the
 * U.S.'s.
 * Returns 0, or -1 when memory runs out. */
int defcon_countries_find(const char *title, const char *body, size_t body_len,
                          const char *dateline, defcon_country_list *out);

/* Frees the list's items and zeroes it. Accepts NULL. */
void defcon_country_list_clear(defcon_country_list *list);

/* What defcon_countries_find() saw of one country, before scoring: for
 * benchmarks and for explaining a decision. */
typedef struct defcon_country_evidence {
    char code[3];      /* ISO 3166 alpha-2, NUL-terminated */
    int names;         /* short, official and other names: "Iran", "U.S." */
    int demonyms;      /* "Iranian", "Soviet" */
    int capitals;      /* capitals used as metonyms: "Tehran" */
    int institutions;  /* "White House", "Bundesbank" */
    int leaders;       /* "Gorbachev", "Kim Jong Un" */
    int places;        /* places inside it: "Texas", "Osaka" */
    int currencies;    /* "yen", "Canadian dlrs" */
    int legal_forms;   /* its companies' legal forms: "Plc", "GmbH" */
    int listings;      /* tickers on its stock exchanges: <ICI.L>, <IBM> */
    int other_legal_forms; /* legal forms in the article not its own: other
                              countries' (GmbH) and many countries' (Ltd) */
    int title_mentions;   /* times named in the title (economy aside) */
    int lead_mentions;    /* ... in the first block of the body */
    double first;      /* where first named: 0 the first word, 1 the last;
                          1 when only its economy appears */
    int dateline;      /* 1 if the dateline names it */
    int title_words;   /* words in the article's title and in its body */
    int body_words;    /* (the same in every entry of an article) */
} defcon_country_evidence;

/* Gathers the evidence defcon_countries_find() scores, one entry per
 * country with any, in no particular order. On success returns 0 and sets
 * *items (owned by the caller: free() it; NULL when there is none) and
 * *count; returns -1 when memory runs out. */
int defcon_countries_evidence(const char *title, const char *body, size_t body_len,
                              const char *dateline, defcon_country_evidence **items,
                              size_t *count);

/* Resolves a researcher's name for a country: ISO alpha-2 or alpha-3 code,
 * short or official name, alias, demonym or capital, in any case and with
 * any spacing ("north korea", "KP", "PRK", "DPRK", "Persia", "Soviet").
 * "Georgia" is the country, "Washington" and "Moscow" the United States
 * and Russia. Names of two countries ("Korea", "Congo") and places inside
 * a country ("Texas") are not resolved: suggest instead.
 * Returns 1 and writes the alpha-2 code into code[3], or 0 when unknown. */
int defcon_country_lookup(const char *name, char code[3]);

/* Writes up to `max` countries to suggest for a name that did not
 * resolve, closest first, one per country, into names[] (borrowed static
 * strings): the country of a place, capital, institution or leader it
 * names ("Texas": United States), then the known names a plausible number
 * of edits away (one for up to four letters, two up to eight, three
 * beyond; a name holding `name` as a word, "North Korea" for "korea",
 * counts as one edit), the closest only ("Swizerland": Switzerland, not
 * also Swaziland). A name that is not one country
 * (defcon_country_grouping()) gets none. Returns how many. */
size_t defcon_country_suggest(const char *name, const char **names, size_t max);

/* What a name is when it names no one country but a union, alliance or
 * organisation of countries, a continent or a region ("EU": "the
 * European Union, a union of countries"; "Europe": "Europe, a
 * continent"), as a borrowed static string; NULL for any other name. The
 * list is src/gazetteer/groupings.tsv. */
const char *defcon_country_grouping(const char *name);

/* The display name of an alpha-2 code in any case ("North Korea" for
 * "KP"), or NULL if unknown. */
const char *defcon_country_name(const char *code);

/* The states that came before `code` and whose articles a search for it
 * should reach by default (RU -> SU; DE -> DD; RS -> YU; CZ, SK -> CS;
 * CD -> ZR; YE -> YD; ...), as a NULL-terminated array of static codes;
 * an empty array when there are none. */
const char *const *defcon_country_predecessors(const char *code);

#endif

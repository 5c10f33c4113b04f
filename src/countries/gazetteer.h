/*
 * gazetteer.h - the generated country tables and the types they are made
 * of, shared by the files of the countries module (not a public header).
 *
 * The tables (country_table.c, with their sizes in country_table.h) are
 * generated at build time by src/gazetteer/gen_country_table.py from
 * Debian's iso-codes and our own lists (the TSV files of src/gazetteer);
 * the module only reads them, so any number of threads may.
 */
#ifndef DEFCON_GAZETTEER_H
#define DEFCON_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "country_table.h"

/* Kinds of evidence; the order matches KINDS in the generator. */
enum evidence_kind {
    KIND_NAME,          /* short, official or other name, abbreviation */
    KIND_DEMONYM,       /* Iranian, Soviet */
    KIND_CAPITAL,       /* Tehran, Washington */
    KIND_INSTITUTION,   /* White House, Bundesbank */
    KIND_LEADER,        /* Gorbachev, Kim Jong Un */
    KIND_PLACE,         /* Texas, Osaka */
    KIND_CURRENCY,      /* yen, Canadian dlrs */
    KIND_LEGAL_FORM,    /* Plc, GmbH */
    KIND_LISTING,       /* a ticker on its stock exchange: <ICI.L> */
    KIND_DATELINE,      /* a city or region only read in a dateline: Chicago,
                           Calif. */
    KIND_NONE,          /* a phrase that names no country: Indian Ocean */
    KIND_COUNT = KIND_NONE
};

enum term_case {
    CASE_NAME,       /* capitalized or all-caps words, connectors any case */
    CASE_UPPER,      /* only in capitals: US, UK, DPRK */
    CASE_LOWER_OK    /* a currency word: lower case or capitals */
};

enum term_rule {
    RULE_PLAIN,
    RULE_CONTEXT,      /* two readings: the article decides */
    RULE_NAME_PART,    /* also a person's name: not next to another name */
    RULE_BEFORE_NAME,  /* also starts company names: not before a name */
    RULE_PRONOUN       /* US: not the pronoun in all-caps text */
};

struct country_record {
    const char *code;
    const char *alpha3;
    const char *name;
    int historical;
    const char *const *predecessors;
};

struct country_term {
    const char *words;          /* keys joined by single spaces */
    unsigned char word_count;
    unsigned char capitals;     /* bit i: word i must be capitalized */
    unsigned char kind;
    unsigned char case_rule;
    unsigned char rule;
    short country;              /* index in country_records, -1 for none */
    short alternate;            /* RULE_CONTEXT: the other reading; a
                                   legal form of several countries (country
                                   -1): its row in
                                   defcon_country_shared_forms */
    unsigned char alternate_kind;
    const char *const *pronouns;   /* RULE_PRONOUN: the words before a pronoun */
};

struct country_bucket {
    uint32_t hash;       /* of the first word */
    unsigned short first;  /* first term with that first word */
    unsigned short count;  /* 0 for an empty bucket */
};

struct country_exchange {
    const char *suffix;  /* after the dot of a ticker; "" for none */
    short country;
};

struct country_name {
    const char *key;     /* lookup_normalize()d */
    short country;
    const char *display;
};

/* Byte classes (country_byte_class[] in the generated table): one lookup
 * per byte tells word bytes from the separators and which separators end
 * a sentence. */
enum byte_class {
    BYTE_LOWER = 1,      /* a-z */
    BYTE_UPPER = 2,      /* A-Z */
    BYTE_DIGIT = 4,      /* 0-9 */
    BYTE_HIGH = 8,       /* part of a multi-byte UTF-8 character */
    BYTE_TIGHT = 16,     /* space, tab, CR, hyphen, apostrophe */
    BYTE_NEWLINE = 32,
    BYTE_STOP = 64,      /* . ! ? : ; */
    BYTE_WORD = BYTE_LOWER | BYTE_UPPER | BYTE_DIGIT | BYTE_HIGH
};

/* A name that is not one country: a union, an alliance, a region. */
struct country_grouping {
    const char *key;     /* lookup-normalized, as country_name keys */
    const char *what;    /* "the European Union, a union of countries" */
};

/* The tables, indexed as their comments say. */
extern const unsigned char defcon_country_byte_class[256];
/* Bit n of entry c: a lower-case word of n bytes starting with 'a' + c
 * may start a term. */
extern const uint32_t defcon_country_lower_first_lengths[26];
extern const char *const defcon_country_no_predecessors[];
/* Sorted by code. */
extern const struct country_record defcon_country_records[COUNTRY_COUNT];
/* Grouped by first word, longest term first. */
extern const struct country_term defcon_country_terms[COUNTRY_TERM_COUNT];
/* Open addressing on the hash of the first word. */
extern const struct country_bucket defcon_country_buckets[COUNTRY_BUCKET_COUNT];
extern const struct country_exchange defcon_country_exchanges[COUNTRY_EXCHANGE_COUNT];
/* Sorted by key, for bsearch. */
extern const struct country_name defcon_country_lookup_names[COUNTRY_LOOKUP_COUNT];
/* Sorted by key, for bsearch. */
extern const struct country_grouping defcon_country_groupings[COUNTRY_GROUPING_COUNT];
/* For each legal form of several countries' companies (Ltd, NV), the
 * countries whose companies use it, ended by -1. */
extern const short defcon_country_shared_forms[COUNTRY_SHARED_FORM_COUNT]
                                              [COUNTRY_SHARED_FORM_WIDTH];

#endif

/*
 * names.c - the names a researcher types for --country: resolving them to
 * codes, suggesting plausible countries for unknown ones (close names, the
 * country of a place) or saying that a name is not one country (the EU,
 * Europe), the display name and the predecessor states of a code. Reads
 * the generated tables only.
 */
#include "countries.h"
#include "edit_distance.h"
#include "gazetteer.h"

#include <stdlib.h>
#include <string.h>

/* The form lookup keys take (mirrors lookup_key() in the generator):
 * ASCII lower case, dots and apostrophes dropped, any other run of ASCII
 * separators one space, no space at either end. Returns 0 if it does not
 * fit. */
static int lookup_normalize(const char *name, char *out, size_t size)
{
    const unsigned char *p = (const unsigned char *)name;
    size_t n = 0;
    int pending_space = 0;

    for (; *p; p++) {
        unsigned char c = *p;
        if (c == '.' || c == '\'')
            continue;
        if (c == 0xE2 && p[1] == 0x80 && p[2] == 0x99) {   /* U+2019 */
            p += 2;
            continue;
        }
        if (c < 0x80 && !(defcon_country_byte_class[c] & (BYTE_LOWER | BYTE_UPPER | BYTE_DIGIT))) {
            pending_space = n > 0;
            continue;
        }
        if (pending_space) {
            if (n + 1 >= size)
                return 0;
            out[n++] = ' ';
            pending_space = 0;
        }
        if (n + 1 >= size)
            return 0;
        out[n++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    out[n] = '\0';
    return 1;
}

static int name_compare(const void *key, const void *entry)
{
    return strcmp(key, ((const struct country_name *)entry)->key);
}

int defcon_country_lookup(const char *name, char code[3])
{
    char key[128];
    const struct country_name *found;

    if (name == NULL || !lookup_normalize(name, key, sizeof key) || key[0] == '\0')
        return 0;
    found = bsearch(key, defcon_country_lookup_names, COUNTRY_LOOKUP_COUNT,
                    sizeof defcon_country_lookup_names[0], name_compare);
    if (found == NULL)
        return 0;
    memcpy(code, defcon_country_records[found->country].code, 3);
    return 1;
}

/* How far a known name is from what was typed: the edit distance, except
 * that a name containing the typed text as a word ("korea" in "north
 * korea") counts as one edit away. */
static size_t suggestion_distance(const char *typed, const char *key)
{
    /* Past 8 edits a name is far whatever the rules below say. */
    size_t distance = (size_t)defcon_edit_distance(typed, strlen(typed), key, strlen(key), 8);
    size_t length = strlen(typed);
    const char *p = key;

    while (length > 0 && (p = strstr(p, typed)) != NULL) {
        int starts = p == key || p[-1] == ' ';
        int ends = p[length] == '\0' || p[length] == ' ';
        if (starts && ends && distance > 1)
            distance = 1;
        p++;
    }
    return distance;
}

/* The most edits a suggestion may be from what was typed: one up to four
 * letters, two up to eight, three beyond. Further than that a name only
 * looks alike by chance: "EU" is two edits from "UK" and from "Peru". */
static size_t plausible_distance(size_t typed_length)
{
    return typed_length <= 4 ? 1 : typed_length <= 8 ? 2 : 3;
}

/* A place, capital, institution or leader inside a country ("Texas",
 * "Kremlin") is not resolved, but its country is one to suggest: as if
 * one edit away, so that a country's name as close ("Columbia" the city,
 * Colombia the country) is suggested beside it. Places known only to
 * datelines are too minor to count. */
static void suggest_countries_of_place(const char *typed, size_t *best_distance,
                                       const char **best_name)
{
    char key[128];
    size_t i;

    for (i = 0; i < COUNTRY_TERM_COUNT; i++) {
        const struct country_term *term = &defcon_country_terms[i];
        int countries[2], k;
        if (term->country < 0
            || (term->kind != KIND_PLACE && term->kind != KIND_CAPITAL
                && term->kind != KIND_INSTITUTION && term->kind != KIND_LEADER)
            || !lookup_normalize(term->words, key, sizeof key) || strcmp(key, typed) != 0)
            continue;
        countries[0] = term->country;
        countries[1] = term->rule == RULE_CONTEXT ? term->alternate : -1;
        for (k = 0; k < 2; k++) {
            if (countries[k] < 0)
                continue;
            if (best_distance[countries[k]] > 1) {
                best_distance[countries[k]] = 1;
                best_name[countries[k]] = defcon_country_records[countries[k]].name;
            }
        }
    }
}

/* The closest of each country's names within a plausible distance, so
 * that suggestions are different countries; codes are never suggested,
 * and a country's display name wins a tie. */
static void suggest_close_names(const char *typed, size_t *best_distance,
                                const char **best_name)
{
    char display[128];
    size_t i, limit = plausible_distance(strlen(typed));

    for (i = 0; i < COUNTRY_LOOKUP_COUNT; i++) {
        const struct country_name *entry = &defcon_country_lookup_names[i];
        size_t distance;
        if (strlen(entry->display) <= 3 && strcmp(entry->key, "uk") != 0)
            continue;
        distance = suggestion_distance(typed, entry->key);
        if (distance <= limit && distance < best_distance[entry->country]) {
            best_distance[entry->country] = distance;
            best_name[entry->country] = entry->display;
        }
    }
    for (i = 0; i < COUNTRY_COUNT; i++) {
        if (best_name[i] != NULL
            && lookup_normalize(defcon_country_records[i].name, display, sizeof display)
            && suggestion_distance(typed, display) <= best_distance[i])
            best_name[i] = defcon_country_records[i].name;
    }
}

size_t defcon_country_suggest(const char *name, const char **names, size_t max)
{
    char typed[128];
    size_t best_distance[COUNTRY_COUNT];
    const char *best_name[COUNTRY_COUNT];
    size_t i, n = 0, closest = 0;

    if (name == NULL || max == 0 || !lookup_normalize(name, typed, sizeof typed)
        || typed[0] == '\0' || defcon_country_grouping(name) != NULL)
        return 0;
    for (i = 0; i < COUNTRY_COUNT; i++) {
        best_distance[i] = (size_t)-1;
        best_name[i] = NULL;
    }
    suggest_close_names(typed, best_distance, best_name);
    suggest_countries_of_place(typed, best_distance, best_name);
    while (n < max) {
        size_t pick = COUNTRY_COUNT, distance = (size_t)-1;
        for (i = 0; i < COUNTRY_COUNT; i++) {
            if (best_name[i] != NULL && best_distance[i] < distance) {
                distance = best_distance[i];
                pick = i;
            }
        }
        /* Only the closest: "Swizerland" is Switzerland, not also
         * Swaziland one edit further. */
        if (pick == COUNTRY_COUNT || (n > 0 && distance > closest))
            break;
        closest = distance;
        names[n++] = best_name[pick];
        best_name[pick] = NULL;
    }
    return n;
}

static int grouping_compare(const void *key, const void *entry)
{
    return strcmp(key, ((const struct country_grouping *)entry)->key);
}

const char *defcon_country_grouping(const char *name)
{
    char key[128];
    const struct country_grouping *found;

    if (name == NULL || !lookup_normalize(name, key, sizeof key) || key[0] == '\0')
        return NULL;
    found = bsearch(key, defcon_country_groupings, COUNTRY_GROUPING_COUNT,
                    sizeof defcon_country_groupings[0], grouping_compare);
    return found ? found->what : NULL;
}

static const struct country_record *record_find(const char *code)
{
    char key[3];
    size_t lo = 0, hi = COUNTRY_COUNT;

    if (code == NULL || code[0] == '\0' || code[1] == '\0' || code[2] != '\0')
        return NULL;
    key[0] = (char)((code[0] >= 'a' && code[0] <= 'z') ? code[0] - 32 : code[0]);
    key[1] = (char)((code[1] >= 'a' && code[1] <= 'z') ? code[1] - 32 : code[1]);
    key[2] = '\0';
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, defcon_country_records[mid].code);
        if (c == 0)
            return &defcon_country_records[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *defcon_country_name(const char *code)
{
    const struct country_record *r = record_find(code);

    return r ? r->name : NULL;
}

const char *const *defcon_country_predecessors(const char *code)
{
    const struct country_record *r = record_find(code);

    return r ? r->predecessors : defcon_country_no_predecessors;
}

/*
 * search_arguments.c - defcon-search's options: one function each where
 * a value must be checked, one table for getopt_long, and the usage text;
 * see search_arguments.h.
 */
#include "search_arguments.h"

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "countries.h"
#include "date.h"

#ifndef DEFCON_VERSION
#define DEFCON_VERSION "unknown"
#endif

static const char usage_text[] =
    "Usage: defcon-search [OPTION]... QUERY...\n"
    "  or:  defcon-search [OPTION]... show ID|PATH [QUERY...]\n"
    "  or:  defcon-search [OPTION]... similar ID|PATH   (the articles most like it)\n"
    "  or:  defcon-search [OPTION]... levels [QUERY...]  (the history of alert levels)\n"
    "  or:  defcon-search serve [--listen ADDR:PORT] [--immutable]   (a search page)\n"
    "  or:  defcon-search export --to opensearch|ndjson FILE\n"
    "Search the archive's index and print ranked, highlighted snippets.\n"
    "\n"
    "Query language:\n"
    "  zarif visit          articles with both words (stemmed: visits, visited)\n"
    "  \"kim jong un\"        the exact phrase\n"
    "  iran OR iraq         either word\n"
    "  sanctions NOT oil    the first without the second; also: sanctions -oil\n"
    "  nucl*                words starting with nucl\n"
    "  NEAR(kim trump, 5)   both within 5 words of each other\n"
    "  title:summit         the word in the title; title:\"north korea\"\n"
    "  (iran OR iraq) oil   parentheses group\n"
    "OR binds tighter than AND: iran OR iraq oil = (iran OR iraq) AND oil.\n"
    "Operators count only in capitals (in a query all in capitals they are\n"
    "words). Other punctuation is text: U.S.-Iran, Zarif's; without operators,\n"
    "parentheses and unpaired quotes are text too, so pasted text never fails.\n"
    "Best match: words typed plainly find the articles with all of them; when\n"
    "fewer than a page do, the search goes on with those holding most of them,\n"
    "ranked by how many and how well they match (common words such as 'the'\n"
    "left out), and says so. A query with operators is taken as written.\n"
    "\n"
    "Filters:\n"
    "  --country X       articles about country X: an ISO code (KP, PRK), a name,\n"
    "                    an alias or a demonym; repeat to require several. A state\n"
    "                    also reaches the states it succeeded (Russia reaches the\n"
    "                    Soviet Union, Germany East Germany)\n"
    "  --exact-countries  do not reach predecessor states\n"
    "  --since D, --until D  dated from/until D (YYYY, YYYY-MM or YYYY-MM-DD,\n"
    "                    inclusive: a month or a year means the whole period)\n"
    "  --year Y, --date D    dated within the year Y / the period D\n"
    "                    An article matches when its whole date lies in the\n"
    "                    range: one dated only 1987 is left out of --date 1987-07\n"
    "                    (the footer counts it). Undated articles never match.\n";

/* The help's second half (C99 promises string literals of 4,095 bytes). */
static const char usage_output_text[] =
    "  --level N         articles that assess the alert level DEFCON N (1 to 5):\n"
    "                    those stating it as the site's own assessment\n"
    "\n"
    "Output:\n"
    "  --limit N         show N hits (default 10)\n"
    "  --offset N        skip the first N hits\n"
    "  --sort ORDER      relevance (default), newest or oldest\n"
    "  --json            JSON Lines: one object per hit\n"
    "  --format F        text (default), json, csv, paths or count (paths: each\n"
    "                    file with hits once, as grep -l names it)\n"
    "  --snippet-words N words per snippet (default 24)\n"
    "  --color WHEN      auto (default: on a terminal unless NO_COLOR is set),\n"
    "                    always or never\n"
    "  --csv             CSV, for hits, timelines and facets\n"
    "  --by PERIOD       instead of hits, a timeline of the matches per year or\n"
    "                    month: a bar chart beside each period's share of the\n"
    "                    archive, empty periods shown (--json, --csv: as data)\n"
    "  --facets          instead of hits, the countries the matches are about,\n"
    "                    and those mentioned most with each --country\n"
    "  --all             require every word (no best match)\n"
    "  --any             rank the articles holding any of the words\n"
    "  --exact           no name variants (by default Qaddafi also finds Gaddafi\n"
    "                    and Kadhafi, Hizballah Hezbollah)\n"
    "  --all-copies      list and count every near-identical copy of a story\n"
    "                    (by default copies fold under the story's best hit,\n"
    "                    \"+2 near-identical (ids)\", and count once)\n"
    "  --kwic            words in context: one line per occurrence of the query's\n"
    "                    words in the hits, aligned on the word (text, --json,\n"
    "                    --csv)\n"
    "  --explain         print the FTS5 expression and the filters (on stderr),\n"
    "                    then search\n"
    "  --db PATH         the index (default: $DEFCON_DB, else defcon.db)\n"
    "  -h, --help        show this help and exit\n"
    "  --version         show the version and exit\n"
    "\n";

/* The rest of the text (C99 compilers need only take 4,095 bytes a string). */
static const char usage_show_text[] =
    "Show one article:\n"
    "  defcon-search show ID|PATH [QUERY...]\n"
    "                    the whole article (by its id, or its path as listed),\n"
    "                    rendered for the terminal with QUERY's words highlighted;\n"
    "                    an unknown id lists the most similar ids\n"
    "  --html            show it as HTML instead\n"
    "\n"
    "History of alert levels:\n"
    "  defcon-search levels [QUERY...]\n"
    "                    every matching article that states the level it assesses,\n"
    "                    oldest first (--sort newest: newest first), undated last:\n"
    "                    date, level, colour, id, title (--json, --csv); with the\n"
    "                    filters of a search; --limit does not apply\n"
    "  --changes         only the articles whose level differs from the one before\n"
    "\n"
    "Options may stand before or after the words; a search's options have no\n"
    "effect on show. After \"--\" every word is query: defcon-search -- show trial.\n"
    "\n"
    "Exit status: 0 found, 1 nothing found, 2 error.\n";



int defcon_cli_arguments_init(arguments *a, int argc)
{
    memset(a, 0, sizeof *a);
    defcon_search_request_init(&a->request);
    a->db_path = getenv("DEFCON_DB");
    if (!a->db_path || !*a->db_path)
        a->db_path = "defcon.db";
    a->color = "auto";
    a->words = calloc((size_t)argc + 1, sizeof *a->words);
    return a->words ? 0 : -1;
}

void defcon_cli_arguments_free(arguments *a)
{
    free(a->words);
    a->words = NULL;
}

int defcon_cli_usage_error(const char *format, const char *value)
{
    fputs("defcon-search: ", stderr);
    fprintf(stderr, format, value);
    fputs("\nTry 'defcon-search --help' for more information.\n", stderr);
    return 2;
}

static int parse_number(const char *text, long max, long *out)
{
    char *end;
    long value = strtol(text, &end, 10);

    if (end == text || *end || value < 0 || value > max)
        return -1;
    *out = value;
    return 0;
}

/* Parses a date option into its first or last day (or both). */
static int parse_date_option(const char *name, const char *text, long *first, long *last)
{
    defcon_date date;
    defcon_date_status status = defcon_date_parse(text, strlen(text), &date);

    if (status != DEFCON_DATE_OK) {
        fprintf(stderr, "defcon-search: %s '%s': %s\n", name, text,
                defcon_date_status_message(status));
        fputs("Dates are YYYY, YYYY-MM or YYYY-MM-DD (and the forms archives hold, such as "
              "'29 April 2019').\n", stderr);
        return 2;
    }
    if (first)
        *first = defcon_date_first_day(&date);
    if (last)
        *last = defcon_date_last_day(&date);
    return -1;
}

/* ---- the options: one function each, one table ---- */

/* Each returns -1 to go on, or the exit status when the program is done. */
typedef int (*option_function)(arguments *a, const char *value);

static int option_json(arguments *a, const char *value)
{
    (void)value;
    a->output.format = DEFCON_OUTPUT_JSON;
    return -1;
}

static int option_csv(arguments *a, const char *value)
{
    (void)value;
    a->output.format = DEFCON_OUTPUT_CSV;
    return -1;
}

static int option_db(arguments *a, const char *value)
{
    a->db_path = value;
    return -1;
}

static int option_limit(arguments *a, const char *value)
{
    /* 0 would show nothing at all: the count is --format count's */
    if (parse_number(value, 1000000, &a->request.limit) != 0 || a->request.limit < 1)
        return defcon_cli_usage_error("--limit wants a number from 1 to 1000000 (--format count "
                                      "gives the number of matches alone), not '%s'", value);
    return -1;
}

static int option_offset(arguments *a, const char *value)
{
    if (parse_number(value, 1000000000, &a->request.offset) != 0)
        return defcon_cli_usage_error("--offset wants a number of 0 or more, not '%s'", value);
    return -1;
}

static int option_format(arguments *a, const char *value)
{
    defcon_buffer names = DEFCON_BUFFER_INIT;

    if (defcon_output_format_find(value, &a->output.format) == 0)
        return -1;
    defcon_output_format_names(&names);
    fprintf(stderr, "defcon-search: --format is %s, not '%s'\n"
                    "Try 'defcon-search --help' for more information.\n",
            defcon_buffer_cstr(&names), value);
    defcon_buffer_free(&names);
    return 2;
}

static int option_country(arguments *a, const char *name)
{
    const char *suggestions[3];
    defcon_search_request *r = &a->request;
    size_t n, i;

    if (r->country_count == DEFCON_MAX_COUNTRY_FILTERS) {
        fprintf(stderr, "defcon-search: at most %d --country filters\n", DEFCON_MAX_COUNTRY_FILTERS);
        return 2;
    }
    if (defcon_country_lookup(name, a->country_codes[r->country_count])) {
        r->countries[r->country_count] = a->country_codes[r->country_count];
        r->country_count++;
        return -1;
    }
    if (defcon_country_grouping(name) != NULL) {
        fprintf(stderr, "defcon-search: --country '%s' is %s, not one country; name one of its "
                "countries (repeat --country to require several)\n", name,
                defcon_country_grouping(name));
        return 2;
    }
    fprintf(stderr, "defcon-search: --country '%s': no such country", name);
    n = defcon_country_suggest(name, suggestions, 3);
    for (i = 0; i < n; i++)
        fprintf(stderr, "%s'%s'", i == 0 ? "; did you mean " : i + 1 == n ? " or " : ", ",
                suggestions[i]);
    fputs(n ? "?\n" : "\n", stderr);
    return 2;
}

static int option_since(arguments *a, const char *value)
{
    a->request.has_since = 1;
    return parse_date_option("--since", value, &a->request.since_day, NULL);
}

static int option_until(arguments *a, const char *value)
{
    a->request.has_until = 1;
    return parse_date_option("--until", value, NULL, &a->request.until_day);
}

static int option_year(arguments *a, const char *value)
{
    if (strlen(value) != 4 || strspn(value, "0123456789") != 4)
        return defcon_cli_usage_error("--year wants a year such as 1987, not '%s'", value);
    a->request.has_since = a->request.has_until = 1;
    return parse_date_option("--year", value, &a->request.since_day, &a->request.until_day);
}

static int option_date(arguments *a, const char *value)
{
    a->request.has_since = a->request.has_until = 1;
    return parse_date_option("--date", value, &a->request.since_day, &a->request.until_day);
}

static int option_level(arguments *a, const char *value)
{
    long level;

    if (parse_number(value, 5, &level) != 0 || level < 1)
        return defcon_cli_usage_error("--level wants an alert level from 1 to 5 (DEFCON 1 is the "
                                      "highest), not '%s'", value);
    a->request.level = (int)level;
    return -1;
}

static int option_all(arguments *a, const char *value)
{
    (void)value;
    a->request.match = DEFCON_MATCH_ALL;
    return -1;
}

static int option_any(arguments *a, const char *value)
{
    (void)value;
    a->request.match = DEFCON_MATCH_ANY;
    return -1;
}

static int option_sort(arguments *a, const char *value)
{
    static const char *const names[] = {"relevance", "newest", "oldest"};
    static const defcon_sort sorts[] = {DEFCON_SORT_RELEVANCE, DEFCON_SORT_NEWEST,
                                        DEFCON_SORT_OLDEST};
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(value, names[i]) == 0) {
            a->request.sort = sorts[i];
            return -1;
        }
    return defcon_cli_usage_error("--sort is relevance, newest or oldest, not '%s'", value);
}

static int option_color(arguments *a, const char *value)
{
    if (strcmp(value, "auto") && strcmp(value, "always") && strcmp(value, "never"))
        return defcon_cli_usage_error("--color is auto, always or never, not '%s'", value);
    a->color = value;
    return -1;
}

static int option_snippet_words(arguments *a, const char *value)
{
    long number;

    if (parse_number(value, 64, &number) != 0 || number < 1)
        return defcon_cli_usage_error("--snippet-words wants a number from 1 to 64, not '%s'", value);
    a->request.snippet_words = (int)number;
    return -1;
}

static int option_by(arguments *a, const char *value)
{
    if (strcmp(value, "year") == 0)
        a->by = 1;
    else if (strcmp(value, "month") == 0)
        a->by = 2;
    else
        return defcon_cli_usage_error("--by is year or month, not '%s'", value);
    return -1;
}

static int option_help(arguments *a, const char *value)
{
    (void)a, (void)value;
    fputs(usage_text, stdout);
    fputs(usage_output_text, stdout);
    fputs(usage_show_text, stdout);
    return 0;
}

static int option_version(arguments *a, const char *value)
{
    (void)a, (void)value;
    printf("defcon-search %s\n", DEFCON_VERSION);
    return 0;
}

typedef struct option_entry {
    const char *name;
    int has_value;
    option_function apply;   /* NULL: a switch, which sets the int at `offset` to 1 */
    size_t offset;
} option_entry;

#define SWITCH(field) NULL, offsetof(arguments, field)

/* Every option of every command. "-h" is --help's short form. */
static const option_entry option_table[] = {
    {"db", 1, option_db, 0},          {"limit", 1, option_limit, 0},
    {"offset", 1, option_offset, 0},  {"json", 0, option_json, 0},
    {"csv", 0, option_csv, 0},        {"format", 1, option_format, 0},
    {"country", 1, option_country, 0}, {"exact-countries", 0, SWITCH(request.exact_countries)},
    {"since", 1, option_since, 0},    {"until", 1, option_until, 0},
    {"year", 1, option_year, 0},      {"date", 1, option_date, 0},
    {"sort", 1, option_sort, 0},      {"color", 1, option_color, 0},
    {"colour", 1, option_color, 0},   {"snippet-words", 1, option_snippet_words, 0},
    {"explain", 0, SWITCH(explain)},  {"by", 1, option_by, 0},
    {"all", 0, option_all, 0},        {"any", 0, option_any, 0},
    {"exact", 0, SWITCH(request.exact_names)}, {"kwic", 0, SWITCH(kwic)},
    {"all-copies", 0, SWITCH(request.all_copies)},
    {"facets", 0, SWITCH(facets)},    {"html", 0, SWITCH(html)},
    {"level", 1, option_level, 0},    {"changes", 0, SWITCH(changes)},
    {"help", 0, option_help, 0},      {"version", 0, option_version, 0}};
#define OPTION_COUNT (sizeof option_table / sizeof option_table[0])
#define OPTION_BASE 256   /* getopt's code of option_table[i] is OPTION_BASE + i */

static int apply_option(const option_entry *option, arguments *a, const char *value)
{
    if (option->apply)
        return option->apply(a, value);
    *(int *)(void *)((char *)a + option->offset) = 1;
    return -1;
}

/* Parses the command line into `a`. Returns -1 to go on, or the exit
 * status when the program is done (--help, --version, a usage error). */
int defcon_cli_parse_arguments(int argc, char **argv, arguments *a)
{
    static char program_name[] = "defcon-search";
    struct option long_options[OPTION_COUNT + 1];
    size_t i;
    int c, rc = -1;

    argv[0] = program_name;   /* getopt's messages name the program, not its path */
    for (i = 0; i < OPTION_COUNT; i++) {
        long_options[i].name = option_table[i].name;
        long_options[i].has_arg = option_table[i].has_value ? required_argument : no_argument;
        long_options[i].flag = NULL;
        long_options[i].val = OPTION_BASE + (int)i;
    }
    memset(&long_options[OPTION_COUNT], 0, sizeof long_options[OPTION_COUNT]);
    /* "-": words come back in order as code 1, so the first can name a
     * command; getopt stops at "--" and leaves the rest as query words. */
    while (rc < 0 && (c = getopt_long(argc, argv, "-h", long_options, NULL)) != -1) {
        if (c == 1)
            a->words[a->word_count++] = optarg;
        else if (c == 'h')
            rc = option_help(a, NULL);
        else if (c >= OPTION_BASE && c < OPTION_BASE + (int)OPTION_COUNT)
            rc = apply_option(&option_table[c - OPTION_BASE], a, optarg);
        else   /* getopt has said what is wrong */
            rc = (fputs("Try 'defcon-search --help' for more information.\n", stderr), 2);
    }
    if (rc >= 0)
        return rc;
    a->command_words = a->word_count;
    while (optind < argc)
        a->words[a->word_count++] = argv[optind++];
    if (a->request.has_since && a->request.has_until
        && a->request.since_day > a->request.until_day)
        return defcon_cli_usage_error("%s", "the --since date is after the --until date");
    return -1;
}

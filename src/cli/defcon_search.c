/*
 * defcon_search.c - the defcon-search program: arguments in, a command
 * run through the library, results mapped to output and an exit status.
 *
 * The first word that is not an option names a command (`show`; more to
 * come as entries of `commands`), else every word is the query of a
 * search. One table, `option_table`, holds every option. A search goes
 * to search.h and its results to a printer (printer.h); `show` to
 * show.h.
 *
 * Exit status: 0 when something was found, 1 when nothing was, 2 on an
 * error (a bad option or query, a missing index).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "buffer.h"
#include "countries.h"
#include "database.h"
#include "date.h"
#include "printer.h"
#include "search.h"
#include "show.h"

#ifndef DEFCON_VERSION
#define DEFCON_VERSION "unknown"
#endif

static const char usage_text[] =
    "Usage: defcon-search [OPTION]... QUERY...\n"
    "  or:  defcon-search [OPTION]... show ID|PATH [QUERY...]\n"
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
    "Operators count only in capitals. Other punctuation is text: U.S.-Iran,\n"
    "Zarif's and C++ search as written.\n"
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
    "                    Undated articles never match a date filter.\n"
    "\n"
    "Output:\n"
    "  --limit N         show N hits (default 10)\n"
    "  --offset N        skip the first N hits\n"
    "  --sort ORDER      relevance (default), newest or oldest\n"
    "  --json            JSON Lines: one object per hit\n"
    "  --format F        text (default), json, paths or count\n"
    "  --snippet-words N words per snippet (default 24)\n"
    "  --color WHEN      auto (default: on a terminal unless NO_COLOR is set),\n"
    "                    always or never\n"
    "  --csv             CSV, for hits, timelines and facets\n"
    "  --by PERIOD       instead of hits, a timeline of the matches per year or\n"
    "                    month: a bar chart beside each period's share of the\n"
    "                    archive, empty periods shown (--json, --csv: as data)\n"
    "  --facets          instead of hits, the countries the matches are about,\n"
    "                    and those mentioned most with each --country\n"
    "  --explain         print the FTS5 expression and the filters, then search\n"
    "  --db PATH         the index (default: $DEFCON_DB, else defcon.db)\n"
    "  -h, --help        show this help and exit\n"
    "  --version         show the version and exit\n"
    "\n"
    "Show one article:\n"
    "  defcon-search show ID|PATH [QUERY...]\n"
    "                    the whole article (by its id, or its path as listed),\n"
    "                    rendered for the terminal with QUERY's words highlighted\n"
    "  --html            show it as HTML instead\n"
    "\n"
    "Options may stand before or after the words; a search's options have no\n"
    "effect on show. After \"--\" every word is query: defcon-search -- show trial.\n"
    "\n"
    "Exit status: 0 found, 1 nothing found, 2 error.\n";


/* Everything the command line says. */
typedef struct arguments {
    const char *db_path;
    defcon_search_request request;
    defcon_output_options output;
    const char *color;   /* auto, always or never */
    int explain;
    int by;              /* 0: hits; 1: timeline by year; 2: by month */
    int facets;
    int html;            /* show: HTML */
    char country_codes[DEFCON_MAX_COUNTRY_FILTERS][3];
    char **words;        /* the words that are not options, in order */
    int word_count;
    int command_words;   /* how many of them may name a command (none after "--") */
} arguments;

static int usage_error(const char *format, const char *value)
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

static int option_db(arguments *a, const char *value)
{
    a->db_path = value;
    return -1;
}

static int option_limit(arguments *a, const char *value)
{
    if (parse_number(value, 1000000, &a->request.limit) != 0)
        return usage_error("--limit wants a number from 0 to 1000000, not '%s'", value);
    return -1;
}

static int option_offset(arguments *a, const char *value)
{
    if (parse_number(value, 1000000000, &a->request.offset) != 0)
        return usage_error("--offset wants a number of 0 or more, not '%s'", value);
    return -1;
}

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
    fprintf(stderr, "defcon-search: --country '%s': no such country", name);
    n = defcon_country_suggest(name, suggestions, 3);
    for (i = 0; i < n; i++)
        fprintf(stderr, "%s'%s'", i == 0 ? "; did you mean " : i + 1 == n ? " or " : ", ",
                suggestions[i]);
    fputs(n ? "?\n" : "\n", stderr);
    return 2;
}

static int option_exact(arguments *a, const char *value)
{
    (void)value;
    a->request.exact_countries = 1;
    return -1;
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
        return usage_error("--year wants a year such as 1987, not '%s'", value);
    a->request.has_since = a->request.has_until = 1;
    return parse_date_option("--year", value, &a->request.since_day, &a->request.until_day);
}

static int option_date(arguments *a, const char *value)
{
    a->request.has_since = a->request.has_until = 1;
    return parse_date_option("--date", value, &a->request.since_day, &a->request.until_day);
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
    return usage_error("--sort is relevance, newest or oldest, not '%s'", value);
}

static int option_color(arguments *a, const char *value)
{
    if (strcmp(value, "auto") && strcmp(value, "always") && strcmp(value, "never"))
        return usage_error("--color is auto, always or never, not '%s'", value);
    a->color = value;
    return -1;
}

static int option_snippet_words(arguments *a, const char *value)
{
    long number;

    if (parse_number(value, 64, &number) != 0 || number < 1)
        return usage_error("--snippet-words wants a number from 1 to 64, not '%s'", value);
    a->request.snippet_words = (int)number;
    return -1;
}

static int option_explain(arguments *a, const char *value)
{
    (void)value;
    a->explain = 1;
    return -1;
}

static int option_by(arguments *a, const char *value)
{
    if (strcmp(value, "year") == 0)
        a->by = 1;
    else if (strcmp(value, "month") == 0)
        a->by = 2;
    else
        return usage_error("--by is year or month, not '%s'", value);
    return -1;
}

static int option_facets(arguments *a, const char *value)
{
    (void)value;
    a->facets = 1;
    return -1;
}

static int option_html(arguments *a, const char *value)
{
    (void)value;
    a->html = 1;
    return -1;
}

static int option_help(arguments *a, const char *value)
{
    (void)a, (void)value;
    fputs(usage_text, stdout);
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
    option_function apply;
} option_entry;

/* Every option of every command. "-h" is --help's short form. */
static const option_entry option_table[] = {
    {"db", 1, option_db},          {"limit", 1, option_limit},
    {"offset", 1, option_offset},  {"json", 0, option_json},
    {"csv", 0, option_csv},        {"format", 1, option_format},
    {"country", 1, option_country}, {"exact-countries", 0, option_exact},
    {"since", 1, option_since},    {"until", 1, option_until},
    {"year", 1, option_year},      {"date", 1, option_date},
    {"sort", 1, option_sort},      {"color", 1, option_color},
    {"colour", 1, option_color},   {"snippet-words", 1, option_snippet_words},
    {"explain", 0, option_explain}, {"by", 1, option_by},
    {"facets", 0, option_facets},  {"html", 0, option_html},
    {"help", 0, option_help},      {"version", 0, option_version}};
#define OPTION_COUNT (sizeof option_table / sizeof option_table[0])
#define OPTION_BASE 256   /* getopt's code of option_table[i] is OPTION_BASE + i */

/* Parses the command line into `a`. Returns -1 to go on, or the exit
 * status when the program is done (--help, --version, a usage error). */
static int parse_arguments(int argc, char **argv, arguments *a)
{
    struct option long_options[OPTION_COUNT + 1];
    size_t i;
    int c, rc = -1;

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
            rc = option_table[c - OPTION_BASE].apply(a, optarg);
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
        return usage_error("%s", "the --since date is after the --until date");
    return -1;
}

/* ---- running ---- */

static int terminal_width(void)
{
    struct winsize size;
    const char *columns = getenv("COLUMNS");

    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        return size.ws_col;
    if (columns && atoi(columns) > 0)
        return atoi(columns);
    return 80;
}

static int use_color(const arguments *a)
{
    const char *no_color = getenv("NO_COLOR");

    if (strcmp(a->color, "always") == 0)
        return 1;
    return strcmp(a->color, "auto") == 0 && isatty(STDOUT_FILENO) && !(no_color && *no_color);
}

/* Joins `count` words with spaces into `out`. */
static int join_words(char **words, int count, defcon_buffer *out)
{
    int i, rc = 0;

    for (i = 0; i < count; i++)
        rc |= defcon_buffer_printf(out, "%s%s", i ? " " : "", words[i]);
    return rc ? -1 : 0;
}

/* Opens the index for reading; says why not on stderr. */
static defcon_db *open_index(const arguments *a)
{
    defcon_db *db = NULL;
    int missing = 0;

    if (defcon_db_open(a->db_path, DEFCON_DB_READ, NULL, &db, &missing) == 0)
        return db;
    fprintf(stderr, "defcon-search: %s\n", defcon_db_errmsg(db));
    if (missing)
        fprintf(stderr, "Build the index first: defcon-index --db %s ARCHIVE-FOLDER\n", a->db_path);
    defcon_db_close(db);
    return NULL;
}

/* defcon-search show ID|PATH [QUERY...]. Returns the exit status. */
static int run_show(arguments *a, char **words, int count)
{
    defcon_buffer query = DEFCON_BUFFER_INIT, out = DEFCON_BUFFER_INIT;
    defcon_show_options options;
    defcon_show_status status;
    defcon_db *db;
    char error[1024];
    int rc = 2;

    if (count < 1)
        return usage_error("%s", "show wants the id or path of an article");
    if (join_words(words + 1, count - 1, &query) != 0 || !(db = open_index(a))) {
        defcon_buffer_free(&query);
        return 2;
    }
    memset(&options, 0, sizeof options);
    options.html = a->html;
    options.color = use_color(a);
    options.width = terminal_width();
    options.query = query.len ? defcon_buffer_cstr(&query) : NULL;
    status = defcon_show_article(db, words[0], &options, &out, error, sizeof error);
    if (status != DEFCON_SHOW_OK) {
        fprintf(stderr, "defcon-search: %s\n", error);
        rc = status == DEFCON_SHOW_NOT_FOUND ? 1 : 2;
    } else if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
        fputs("defcon-search: cannot write the article\n", stderr);
    } else {
        rc = 0;
    }
    defcon_buffer_free(&query);
    defcon_buffer_free(&out);
    defcon_db_close(db);
    return rc;
}
/* Describes the filters for the footer and --explain. */
static void describe_filters(const arguments *a, defcon_buffer *out)
{
    const defcon_search_request *r = &a->request;
    size_t i;

    for (i = 0; i < r->country_count; i++) {
        const char *name = defcon_country_name(r->countries[i]);
        const char *const *before = defcon_country_predecessors(r->countries[i]);
        defcon_buffer_printf(out, "%scountry %s (%s)", out->len ? "; " : "",
                             name ? name : r->countries[i], r->countries[i]);
        if (before && before[0]) {
            size_t k;
            if (r->exact_countries) {
                defcon_buffer_puts(out, " only");
            } else {
                defcon_buffer_puts(out, " with its predecessors");
                for (k = 0; before[k]; k++) {
                    const char *old = defcon_country_name(before[k]);
                    defcon_buffer_printf(out, "%s%s", k ? ", " : " ", old ? old : before[k]);
                }
                defcon_buffer_puts(out, " (--exact-countries to leave them out)");
            }
        }
    }
    if (r->has_since || r->has_until) {
        char from[11] = "", b[11] = "";
        int y, m, d;
        if (r->has_since) {
            defcon_date_from_day(r->since_day, &y, &m, &d);
            snprintf(from, sizeof from, "%04d-%02d-%02d", y, m, d);
        }
        if (r->has_until) {
            defcon_date_from_day(r->until_day, &y, &m, &d);
            snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
        }
        defcon_buffer_printf(out, "%sdated %s%s%s%s", out->len ? "; " : "",
                             r->has_since ? "from " : "", from, r->has_until ? " until " : "", b);
    }
}

typedef struct print_context {
    defcon_printer *printer;
    int failed;
} print_context;

static int on_hit(void *context, const defcon_hit *hit)
{
    print_context *pc = context;

    if (defcon_printer_hit(pc->printer, hit) != 0) {
        pc->failed = 1;
        return 1;
    }
    return 0;
}

/* --by: the timeline mode. Returns the exit status. */
static int print_timeline(defcon_search *search, defcon_printer *printer, int by_month)
{
    defcon_period *periods = NULL;
    size_t count = 0;
    long coarse = 0, matches = 0;
    char first[11], last[11];
    size_t i;
    int rc;

    if (defcon_search_timeline(search, by_month, &periods, &count, &coarse) != 0
        || defcon_search_span(search, first, last) != 0) {
        fprintf(stderr, "defcon-search: %s\n", defcon_search_errmsg(search));
        free(periods);
        return 2;
    }
    for (i = 0; i < count; i++)
        matches += periods[i].matches;
    rc = defcon_printer_timeline(printer, periods, count, coarse, first, last);
    free(periods);
    if (rc != 0 || fflush(stdout) != 0) {
        fputs("defcon-search: cannot write the results\n", stderr);
        return 2;
    }
    return matches + coarse > 0 ? 0 : 1;
}

/* --facets: the country facets mode. Returns the exit status. */
static int print_facets(const arguments *a, defcon_search *search, defcon_printer *printer)
{
    defcon_facet facets[20];
    long n, total = 0, undated = 0;
    size_t i;
    int rc = 0;

    if (defcon_search_count(search, &total, &undated) != 0
        || (n = defcon_search_facets(search, NULL, facets, 20)) < 0) {
        fprintf(stderr, "defcon-search: %s\n", defcon_search_errmsg(search));
        return 2;
    }
    rc |= defcon_printer_facets(printer, "about", NULL, facets, (size_t)n);
    for (i = 0; rc == 0 && i < a->request.country_count; i++) {
        n = defcon_search_facets(search, a->request.countries[i], facets, 20);
        if (n < 0) {
            fprintf(stderr, "defcon-search: %s\n", defcon_search_errmsg(search));
            return 2;
        }
        rc |= defcon_printer_facets(printer, "mentioned", a->request.countries[i], facets,
                                    (size_t)n);
    }
    if (rc != 0 || fflush(stdout) != 0) {
        fputs("defcon-search: cannot write the results\n", stderr);
        return 2;
    }
    return total > 0 ? 0 : 1;
}

/* Prepares the search; says why not on stderr. Returns -1 to go on, or
 * the exit status. */
static int prepare_search(defcon_db *db, const arguments *a, defcon_search **search)
{
    switch (defcon_search_prepare(db, &a->request, search)) {
    case DEFCON_SEARCH_OK:
        return -1;
    case DEFCON_SEARCH_NOTHING:
        /* Only punctuation: not a mistake, but nothing can match. */
        fprintf(stderr, "defcon-search: %s\n", defcon_search_errmsg(*search));
        return 1;
    default:
        fprintf(stderr, "defcon-search: %s\n", defcon_search_errmsg(*search));
        return 2;
    }
}

/* For a search that found nothing: the close words the index knows. */
static void print_suggestions(defcon_search *search)
{
    defcon_buffer suggestions = DEFCON_BUFFER_INIT;
    const char *line;

    if (defcon_search_suggest(search, &suggestions) == 0 && suggestions.len) {
        for (line = suggestions.data; *line;) {
            const char *tab = strchr(line, '\t'), *end = strchr(line, '\n');
            fprintf(stderr, "defcon-search: no match for '%.*s'; did you mean '%.*s'?\n",
                    (int)(tab - line), line, (int)(end - tab - 1), tab + 1);
            line = end + 1;
        }
    }
    defcon_buffer_free(&suggestions);
}

/* The hits, then the summary. Returns the exit status. */
static int print_hits(const arguments *a, defcon_search *search, defcon_printer *printer,
                      const char *filters)
{
    const defcon_search_request *r = &a->request;
    int wants_total = defcon_output_format_wants_total(a->output.format);
    print_context pc = {printer, 0};
    defcon_output_summary summary;
    long hits = 0, total = -1, undated = 0;
    char first[11] = "", last[11] = "";

    if (a->output.format != DEFCON_OUTPUT_COUNT)
        hits = defcon_search_run(search, on_hit, &pc);
    if (hits >= 0 && wants_total && defcon_search_count(search, &total, &undated) != 0)
        hits = -1;
    if (hits < 0) {
        fprintf(stderr, "defcon-search: query \"%s\": %s\n", r->query ? r->query : "",
                defcon_search_errmsg(search));
        return 2;
    }
    if (a->output.format == DEFCON_OUTPUT_COUNT)
        hits = total;
    if (a->output.format == DEFCON_OUTPUT_TEXT && hits > 0 && r->query
        && defcon_search_span(search, first, last) != 0)
        first[0] = last[0] = '\0';
    memset(&summary, 0, sizeof summary);
    summary.query = r->query;
    summary.shown = a->output.format == DEFCON_OUTPUT_COUNT ? 0 : hits;
    summary.offset = r->offset;
    summary.total = total;
    summary.undated_left_out = undated;
    summary.filters = filters[0] ? filters : NULL;
    summary.first = first;
    summary.last = last;
    if (defcon_printer_end(printer, &summary) != 0 || pc.failed || fflush(stdout) != 0) {
        fputs("defcon-search: cannot write the results\n", stderr);
        return 2;
    }
    if (hits == 0 && total <= 0 && r->query)
        print_suggestions(search);
    return hits > 0 ? 0 : 1;
}

/* Prints what the search asks for (hits, a timeline or facets) with a
 * printer for the chosen format. Returns the exit status. */
static int print_results(arguments *a, defcon_db *db, defcon_search *search)
{
    defcon_buffer filters = DEFCON_BUFFER_INIT;
    defcon_printer *printer;
    char *archive = NULL;
    int rc;

    describe_filters(a, &filters);
    if (a->explain)
        printf("query:   %s\nfts5:    %s\nfilters: %s\n", a->request.query ? a->request.query : "",
               defcon_search_expression(search), filters.len ? filters.data : "none");
    if (a->output.format == DEFCON_OUTPUT_TEXT || a->output.format == DEFCON_OUTPUT_PATHS)
        defcon_db_meta_get(db, "archive", &archive);
    a->output.archive = defcon_display_folder(archive);
    printer = defcon_printer_new(stdout, &a->output);
    if (!printer) {
        fputs("defcon-search: out of memory\n", stderr);
        rc = 2;
    } else if (a->by) {
        rc = print_timeline(search, printer, a->by == 2);
    } else if (a->facets) {
        rc = print_facets(a, search, printer);
    } else {
        rc = print_hits(a, search, printer, defcon_buffer_cstr(&filters));
    }
    defcon_printer_free(printer);
    free(archive);
    defcon_buffer_free(&filters);
    return rc;
}

/* defcon-search QUERY...: a search. Returns the exit status. */
static int run_search(arguments *a, char **words, int count)
{
    defcon_buffer query = DEFCON_BUFFER_INIT;
    defcon_search *search = NULL;
    defcon_db *db;
    int rc;

    if (join_words(words, count, &query) != 0) {
        fputs("defcon-search: out of memory\n", stderr);
        return 2;
    }
    a->request.query = query.len ? defcon_buffer_cstr(&query) : NULL;
    a->request.bare = defcon_output_format_is_bare(a->output.format);
    a->output.color = use_color(a);
    a->output.width = terminal_width();
    db = open_index(a);
    rc = db ? prepare_search(db, a, &search) : 2;
    if (rc < 0)
        rc = print_results(a, db, search);
    defcon_search_free(search);
    defcon_db_close(db);
    defcon_buffer_free(&query);
    return rc;
}

/* The commands, named by the first word; a new one is a new entry. */
typedef struct command {
    const char *name;
    int (*run)(arguments *a, char **words, int count);   /* the words after the name */
} command;

static const command commands[] = {
    {"show", run_show},
};

int main(int argc, char **argv)
{
    arguments a;
    size_t i;
    int rc;

    memset(&a, 0, sizeof a);
    defcon_search_request_init(&a.request);
    a.db_path = getenv("DEFCON_DB");
    if (!a.db_path || !*a.db_path)
        a.db_path = "defcon.db";
    a.color = "auto";
    a.words = calloc((size_t)argc + 1, sizeof *a.words);
    if (!a.words) {
        fputs("defcon-search: out of memory\n", stderr);
        return 2;
    }
    rc = parse_arguments(argc, argv, &a);
    for (i = 0; rc < 0 && a.command_words > 0 && i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(a.words[0], commands[i].name) == 0)
            rc = commands[i].run(&a, a.words + 1, a.word_count - 1);
    if (rc < 0)
        rc = run_search(&a, a.words, a.word_count);
    free(a.words);
    return rc;
}

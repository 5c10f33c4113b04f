/*
 * defcon_search.c - the defcon-search program: arguments in, a search
 * (search.h) run, results handed to a printer (output.h), exit status out.
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

#include "article.h"
#include "buffer.h"
#include "corpus.h"
#include "countries.h"
#include "database.h"
#include "date.h"
#include "frontmatter.h"
#include "output.h"
#include "render.h"
#include "search.h"
#include "serve_command.h"

#ifndef DEFCON_VERSION
#define DEFCON_VERSION "unknown"
#endif

static const char usage_text[] =
    "Usage: defcon-search [OPTION]... QUERY...\n"
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
    "\n"
    "Show one article:\n"
    "  defcon-search show [--html] [--color WHEN] [--db PATH] ID|PATH [QUERY...]\n"
    "                    the whole article (by its id, or its path as listed),\n"
    "                    rendered for the terminal with QUERY's words highlighted,\n"
    "                    or as HTML\n"
    "\n"
    "Exit status: 0 found, 1 nothing found, 2 error.\n";

typedef struct options {
    const char *db_path;
    defcon_search_request request;
    defcon_output_options output;
    const char *color;
    int explain;
    int by;              /* 0: hits; 1: timeline by year; 2: by month */
    int facets;
    char country_codes[DEFCON_MAX_COUNTRY_FILTERS][3];
} options;

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
        return -1;
    }
    if (first)
        *first = defcon_date_first_day(&date);
    if (last)
        *last = defcon_date_last_day(&date);
    return 0;
}

static int add_country(options *o, const char *name)
{
    const char *suggestions[3];
    size_t n, i;
    defcon_search_request *r = &o->request;

    if (r->country_count == DEFCON_MAX_COUNTRY_FILTERS) {
        fprintf(stderr, "defcon-search: at most %d --country filters\n", DEFCON_MAX_COUNTRY_FILTERS);
        return -1;
    }
    if (defcon_country_lookup(name, o->country_codes[r->country_count])) {
        r->countries[r->country_count] = o->country_codes[r->country_count];
        r->country_count++;
        return 0;
    }
    if (defcon_country_grouping(name) != NULL) {
        fprintf(stderr, "defcon-search: --country '%s' is %s, not one country; name one of its "
                "countries (repeat --country to require several)\n", name,
                defcon_country_grouping(name));
        return -1;
    }
    fprintf(stderr, "defcon-search: --country '%s': no such country", name);
    n = defcon_country_suggest(name, suggestions, 3);
    for (i = 0; i < n; i++)
        fprintf(stderr, "%s'%s'", i == 0 ? "; did you mean " : i + 1 == n ? " or " : ", ",
                suggestions[i]);
    fputs(n ? "?\n" : "\n", stderr);
    return -1;
}

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

/* Describes the filters for the footer and --explain. */
static void describe_filters(const options *o, defcon_buffer *out)
{
    const defcon_search_request *r = &o->request;
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
        char a[11] = "", b[11] = "";
        int y, m, d;
        if (r->has_since) {
            defcon_date_from_day(r->since_day, &y, &m, &d);
            snprintf(a, sizeof a, "%04d-%02d-%02d", y, m, d);
        }
        if (r->has_until) {
            defcon_date_from_day(r->until_day, &y, &m, &d);
            snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
        }
        defcon_buffer_printf(out, "%sdated %s%s%s%s", out->len ? "; " : "",
                             r->has_since ? "from " : "", a, r->has_until ? " until " : "", b);
    }
}

/* The archive folder as the researcher would type it: relative to the
 * current folder when it lies below it. Borrowed from `archive`. */
static const char *display_folder(const char *archive)
{
    char cwd[4096];
    size_t n;

    if (!archive || !getcwd(cwd, sizeof cwd))
        return archive;
    n = strlen(cwd);
    if (strncmp(archive, cwd, n) == 0 && archive[n] == '/' && archive[n + 1])
        return archive + n + 1;
    return archive;
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
static int print_facets(const options *o, defcon_search *search, defcon_printer *printer)
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
    for (i = 0; rc == 0 && i < o->request.country_count; i++) {
        n = defcon_search_facets(search, o->request.countries[i], facets, 20);
        if (n < 0) {
            fprintf(stderr, "defcon-search: %s\n", defcon_search_errmsg(search));
            return 2;
        }
        rc |= defcon_printer_facets(printer, "mentioned", o->request.countries[i], facets,
                                    (size_t)n);
    }
    if (rc != 0 || fflush(stdout) != 0) {
        fputs("defcon-search: cannot write the results\n", stderr);
        return 2;
    }
    return total > 0 ? 0 : 1;
}

static int parse_arguments(int argc, char **argv, options *o, defcon_buffer *query)
{
    enum { OPT_DB = 256, OPT_LIMIT, OPT_OFFSET, OPT_JSON, OPT_FORMAT, OPT_COUNTRY, OPT_EXACT,
           OPT_SINCE, OPT_UNTIL, OPT_YEAR, OPT_DATE, OPT_SORT, OPT_COLOR, OPT_SNIPPET,
           OPT_EXPLAIN, OPT_VERSION, OPT_CSV, OPT_BY, OPT_FACETS };
    static const struct option long_options[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"offset", required_argument, NULL, OPT_OFFSET},
        {"json", no_argument, NULL, OPT_JSON},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"country", required_argument, NULL, OPT_COUNTRY},
        {"exact-countries", no_argument, NULL, OPT_EXACT},
        {"since", required_argument, NULL, OPT_SINCE},
        {"until", required_argument, NULL, OPT_UNTIL},
        {"year", required_argument, NULL, OPT_YEAR},
        {"date", required_argument, NULL, OPT_DATE},
        {"sort", required_argument, NULL, OPT_SORT},
        {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {"snippet-words", required_argument, NULL, OPT_SNIPPET},
        {"explain", no_argument, NULL, OPT_EXPLAIN},
        {"csv", no_argument, NULL, OPT_CSV},
        {"by", required_argument, NULL, OPT_BY},
        {"facets", no_argument, NULL, OPT_FACETS},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0}};
    defcon_search_request *r = &o->request;
    long number;
    int c, i;

    /* Options may stand anywhere; after "--" everything is query, so a
     * query may start with a negated word: defcon-search -- -oil opec. */
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            o->db_path = optarg;
            break;
        case OPT_LIMIT:
            if (parse_number(optarg, 1000000, &number) != 0)
                return usage_error("--limit wants a number from 0 to 1000000, not '%s'", optarg);
            r->limit = number;
            break;
        case OPT_OFFSET:
            if (parse_number(optarg, 1000000000, &number) != 0)
                return usage_error("--offset wants a number of 0 or more, not '%s'", optarg);
            r->offset = number;
            break;
        case OPT_JSON:
            o->output.format = DEFCON_OUTPUT_JSON;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "text") == 0)
                o->output.format = DEFCON_OUTPUT_TEXT;
            else if (strcmp(optarg, "json") == 0)
                o->output.format = DEFCON_OUTPUT_JSON;
            else if (strcmp(optarg, "paths") == 0)
                o->output.format = DEFCON_OUTPUT_PATHS;
            else if (strcmp(optarg, "count") == 0)
                o->output.format = DEFCON_OUTPUT_COUNT;
            else if (strcmp(optarg, "csv") == 0)
                o->output.format = DEFCON_OUTPUT_CSV;
            else
                return usage_error("--format is text, json, csv, paths or count, not '%s'", optarg);
            break;
        case OPT_COUNTRY:
            if (add_country(o, optarg) != 0)
                return 2;
            break;
        case OPT_EXACT:
            r->exact_countries = 1;
            break;
        case OPT_SINCE:
            if (parse_date_option("--since", optarg, &r->since_day, NULL) != 0)
                return 2;
            r->has_since = 1;
            break;
        case OPT_UNTIL:
            if (parse_date_option("--until", optarg, NULL, &r->until_day) != 0)
                return 2;
            r->has_until = 1;
            break;
        case OPT_YEAR:
            if (strlen(optarg) != 4 || strspn(optarg, "0123456789") != 4)
                return usage_error("--year wants a year such as 1987, not '%s'", optarg);
            if (parse_date_option("--year", optarg, &r->since_day, &r->until_day) != 0)
                return 2;
            r->has_since = r->has_until = 1;
            break;
        case OPT_DATE:
            if (parse_date_option("--date", optarg, &r->since_day, &r->until_day) != 0)
                return 2;
            r->has_since = r->has_until = 1;
            break;
        case OPT_SORT:
            if (strcmp(optarg, "relevance") == 0)
                r->sort = DEFCON_SORT_RELEVANCE;
            else if (strcmp(optarg, "newest") == 0)
                r->sort = DEFCON_SORT_NEWEST;
            else if (strcmp(optarg, "oldest") == 0)
                r->sort = DEFCON_SORT_OLDEST;
            else
                return usage_error("--sort is relevance, newest or oldest, not '%s'", optarg);
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
                return usage_error("--color is auto, always or never, not '%s'", optarg);
            o->color = optarg;
            break;
        case OPT_SNIPPET:
            if (parse_number(optarg, 64, &number) != 0 || number < 1)
                return usage_error("--snippet-words wants a number from 1 to 64, not '%s'", optarg);
            r->snippet_words = (int)number;
            break;
        case OPT_EXPLAIN:
            o->explain = 1;
            break;
        case OPT_CSV:
            o->output.format = DEFCON_OUTPUT_CSV;
            break;
        case OPT_BY:
            if (strcmp(optarg, "year") == 0)
                o->by = 1;
            else if (strcmp(optarg, "month") == 0)
                o->by = 2;
            else
                return usage_error("--by is year or month, not '%s'", optarg);
            break;
        case OPT_FACETS:
            o->facets = 1;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return 0;
        case OPT_VERSION:
            printf("defcon-search %s\n", DEFCON_VERSION);
            return 0;
        default:
            fputs("Try 'defcon-search --help' for more information.\n", stderr);
            return 2;
        }
    }
    for (i = optind; i < argc; i++) {
        if (i > optind)
            defcon_buffer_putc(query, ' ');
        defcon_buffer_puts(query, argv[i]);
    }
    if (r->has_since && r->has_until && r->since_day > r->until_day)
        return usage_error("%s", "the --since date is after the --until date");
    return -1;   /* go on */
}

/* Markdown that shows `text` literally: every ASCII punctuation mark
 * escaped. For bodies that are plain text (page captures). */
static int literal_markdown(const char *text, defcon_buffer *out)
{
    const char *p;
    int rc = 0;

    for (p = text; rc == 0 && *p; p++) {
        if ((*p >= '!' && *p <= '/') || (*p >= ':' && *p <= '@') || (*p >= '[' && *p <= '`')
            || (*p >= '{' && *p <= '~'))
            rc = defcon_buffer_putc(out, '\\');
        if (rc == 0)
            rc = defcon_buffer_putc(out, *p);
    }
    return rc;
}

/* The article's Markdown: the file as it is now when it is Markdown and
 * still readable, else the stored text. */
static int article_markdown(const char *archive, const defcon_article_record *a,
                            defcon_buffer *out)
{
    char *data = NULL, error[256];
    size_t len = 0, skip;

    if (archive && defcon_article_kind_of(a->path) == DEFCON_ARTICLE_MARKDOWN
        && defcon_corpus_read(archive, a->path, (size_t)256 << 20, &data, &len, error,
                              sizeof error) == 0) {
        skip = defcon_frontmatter_skip(data, len);
        if (defcon_buffer_append(out, data + skip, len - skip) != 0) {
            free(data);
            return -1;
        }
        free(data);
        return 0;
    }
    return literal_markdown(a->body, out);
}

/* Looks the article up by id or path, also as listed in results: with the
 * archive folder in front, relative to here or absolute. */
static int find_article(defcon_db *db, const char *archive, const char *key,
                        defcon_article_record *a)
{
    const char *shown = display_folder(archive);
    char *real;
    size_t n;
    int rc = defcon_article_find(db, key, a);

    if (rc != 0 || !archive)
        return rc;
    n = strlen(shown);
    if (strncmp(key, shown, n) == 0 && key[n] == '/')
        return defcon_article_find(db, key + n + 1, a);
    real = realpath(key, NULL);
    n = strlen(archive);
    if (real && strncmp(real, archive, n) == 0 && real[n] == '/')
        rc = defcon_article_find(db, real + n + 1, a);
    free(real);
    return rc;
}

/* Where the word "show" stands when it is the first word that is not an
 * option (options may come before it), else 0. After "--" every word is
 * query: `defcon-search -- show trial` searches for the word. */
static int show_position(int argc, char **argv)
{
    static const char *const with_value[] = {"--db", "--limit", "--offset", "--format",
        "--country", "--since", "--until", "--year", "--date", "--sort", "--color", "--colour",
        "--snippet-words", "--by", NULL};
    int i, k;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return 0;
        if (argv[i][0] != '-' || argv[i][1] == '\0')
            return strcmp(argv[i], "show") == 0 ? i : 0;
        for (k = 0; with_value[k]; k++)
            if (strcmp(argv[i], with_value[k]) == 0) {
                i++;   /* its value */
                break;
            }
    }
    return 0;
}

/* defcon-search show: one whole article. Returns the exit status. */
static int run_show(int argc, char **argv)
{
    enum { OPT_DB = 256, OPT_HTML, OPT_COLOR };
    static const struct option long_options[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"html", no_argument, NULL, OPT_HTML},
        {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db_path = getenv("DEFCON_DB"), *color = "auto", *no_color = getenv("NO_COLOR");
    defcon_buffer query = DEFCON_BUFFER_INIT, markdown = DEFCON_BUFFER_INIT,
                  out = DEFCON_BUFFER_INIT;
    defcon_article_record a;
    defcon_highlighter *highlighter = NULL;
    defcon_render_options render;
    defcon_db *db = NULL;
    char *archive = NULL;
    int html = 0, c, i, rc = 2, missing = 0, found;

    memset(&a, 0, sizeof a);
    if (!db_path || !*db_path)
        db_path = "defcon.db";
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            db_path = optarg;
            break;
        case OPT_HTML:
            html = 1;
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
                return usage_error("--color is auto, always or never, not '%s'", optarg);
            color = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return 0;
        default:
            fputs("Try 'defcon-search --help' for more information.\n", stderr);
            return 2;
        }
    }
    if (optind >= argc)
        return usage_error("%s", "show wants the id or path of an article");
    for (i = optind + 1; i < argc; i++) {
        if (i > optind + 1)
            defcon_buffer_putc(&query, ' ');
        defcon_buffer_puts(&query, argv[i]);
    }
    if (defcon_db_open(db_path, DEFCON_DB_READ, NULL, &db, &missing) != 0) {
        fprintf(stderr, "defcon-search: %s\n", defcon_db_errmsg(db));
        if (missing)
            fprintf(stderr, "Build the index first: defcon-index --db %s ARCHIVE-FOLDER\n", db_path);
        goto done;
    }
    defcon_db_meta_get(db, "archive", &archive);
    found = find_article(db, archive, argv[optind], &a);
    if (found < 0) {
        fprintf(stderr, "defcon-search: %s\n", defcon_db_errmsg(db));
        goto done;
    }
    if (found == 0) {
        fprintf(stderr, "defcon-search: no article with the id or path '%s'\n", argv[optind]);
        rc = 1;
        goto done;
    }
    if (article_markdown(archive, &a, &markdown) != 0) {
        fputs("defcon-search: out of memory\n", stderr);
        goto done;
    }
    memset(&render, 0, sizeof render);
    render.width = terminal_width();
    render.color = strcmp(color, "always") == 0
                   || (strcmp(color, "auto") == 0 && isatty(STDOUT_FILENO) && !(no_color && *no_color));
    if (query.len) {
        highlighter = defcon_highlighter_new(db, query.data);
        render.is_match = defcon_highlighter_match;
        render.match_context = highlighter;
    }
    if (html) {
        /* The title as a heading, escaped, then the article. */
        defcon_buffer heading = DEFCON_BUFFER_INIT;
        rc = defcon_buffer_puts(&heading, "# ") | literal_markdown(a.title, &heading)
             | defcon_buffer_puts(&heading, "\n\n")
             | defcon_buffer_append(&heading, markdown.data, markdown.len);
        if (rc == 0)
            rc = defcon_render_html(heading.data, heading.len, &out);
        defcon_buffer_free(&heading);
    } else {
        defcon_buffer_printf(&out, "%s%s%s\n%s%s · %s · %s%s%s", render.color ? "\033[1m" : "",
                             a.title[0] ? a.title : "(untitled)", render.color ? "\033[0m" : "",
                             render.color ? "\033[2m" : "", a.date ? a.date : "undated",
                             a.source ? a.source : "no source", a.id,
                             a.countries && a.countries[0] ? " · " : "",
                             a.countries ? a.countries : "");
        defcon_buffer_printf(&out, "%s\n\n", render.color ? "\033[0m" : "");
        rc = defcon_render_terminal(markdown.data, markdown.len, &render, &out);
    }
    if (rc != 0 || fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
        fputs("defcon-search: cannot write the article\n", stderr);
        rc = 2;
        goto done;
    }
    rc = 0;
done:
    defcon_highlighter_free(highlighter);
    defcon_article_record_clear(&a);
    defcon_buffer_free(&query);
    defcon_buffer_free(&markdown);
    defcon_buffer_free(&out);
    free(archive);
    defcon_db_close(db);
    return rc;
}

int main(int argc, char **argv)
{
    options o;
    defcon_buffer query = DEFCON_BUFFER_INIT, filters = DEFCON_BUFFER_INIT;
    defcon_db *db = NULL;
    defcon_search *search = NULL;
    defcon_printer *printer = NULL;
    defcon_output_summary summary;
    print_context pc = {NULL, 0};
    const char *no_color = getenv("NO_COLOR");
    char *archive = NULL;
    long hits = 0, total = -1, undated = 0;
    char first[11] = "", last[11] = "";
    int rc, missing = 0;

    /* serve and export: subcommands of their own (serve_command.c). */
    if (argc > 1 && strcmp(argv[1], "serve") == 0)
        return defcon_serve_command(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "export") == 0)
        return defcon_export_command(argc - 1, argv + 1);
    rc = show_position(argc, argv);
    if (rc > 0) {
        /* Drop the word "show" and let run_show parse the rest. */
        memmove(argv + rc, argv + rc + 1, (size_t)(argc - rc) * sizeof *argv);
        return run_show(argc - 1, argv);
    }
    memset(&o, 0, sizeof o);
    defcon_search_request_init(&o.request);
    o.db_path = getenv("DEFCON_DB");
    if (!o.db_path || !*o.db_path)
        o.db_path = "defcon.db";
    o.color = "auto";
    rc = parse_arguments(argc, argv, &o, &query);
    if (rc >= 0) {
        defcon_buffer_free(&query);
        return rc;
    }
    o.request.query = query.len ? defcon_buffer_cstr(&query) : NULL;
    o.request.bare = o.output.format == DEFCON_OUTPUT_PATHS || o.output.format == DEFCON_OUTPUT_COUNT;
    if (strcmp(o.color, "always") == 0)
        o.output.color = 1;
    else if (strcmp(o.color, "auto") == 0)
        o.output.color = isatty(STDOUT_FILENO) && !(no_color && *no_color);
    o.output.width = terminal_width();

    if (defcon_db_open(o.db_path, DEFCON_DB_READ, NULL, &db, &missing) != 0) {
        fprintf(stderr, "defcon-search: %s\n", defcon_db_errmsg(db));
        if (missing)
            fprintf(stderr, "Build the index first: defcon-index --db %s ARCHIVE-FOLDER\n",
                    o.db_path);
        rc = 2;
        goto done;
    }
    switch (defcon_search_prepare(db, &o.request, &search)) {
    case DEFCON_SEARCH_OK:
        break;
    case DEFCON_SEARCH_BAD_QUERY:
        fprintf(stderr, "defcon-search: %s\n", defcon_search_errmsg(search));
        rc = 2;
        goto done;
    case DEFCON_SEARCH_NOTHING:
        /* Only punctuation: not a mistake, but nothing can match. */
        fprintf(stderr, "defcon-search: %s\n", defcon_search_errmsg(search));
        rc = 1;
        goto done;
    default:
        fprintf(stderr, "defcon-search: %s\n", defcon_search_errmsg(search));
        rc = 2;
        goto done;
    }
    describe_filters(&o, &filters);
    if (o.explain) {
        printf("query:   %s\nfts5:    %s\nfilters: %s\n", o.request.query ? o.request.query : "",
               defcon_search_expression(search), filters.len ? filters.data : "none");
    }
    if (o.output.format == DEFCON_OUTPUT_TEXT || o.output.format == DEFCON_OUTPUT_PATHS)
        defcon_db_meta_get(db, "archive", &archive);
    o.output.archive = display_folder(archive);
    printer = defcon_printer_new(stdout, &o.output);
    pc.printer = printer;
    if (!printer) {
        fputs("defcon-search: out of memory\n", stderr);
        rc = 2;
        goto done;
    }
    if (o.by || o.facets) {
        rc = o.by ? print_timeline(search, printer, o.by == 2) : print_facets(&o, search, printer);
        goto done;
    }
    if (o.output.format != DEFCON_OUTPUT_COUNT)
        hits = defcon_search_run(search, on_hit, &pc);
    if (hits >= 0 && (o.output.format == DEFCON_OUTPUT_TEXT || o.output.format == DEFCON_OUTPUT_COUNT)
        && defcon_search_count(search, &total, &undated) != 0)
        hits = -1;
    if (hits < 0) {
        fprintf(stderr, "defcon-search: query \"%s\": %s\n", o.request.query ? o.request.query : "",
                defcon_search_errmsg(search));
        rc = 2;
        goto done;
    }
    if (o.output.format == DEFCON_OUTPUT_COUNT)
        hits = total;
    if (o.output.format == DEFCON_OUTPUT_TEXT && hits > 0 && o.request.query
        && defcon_search_span(search, first, last) != 0)
        first[0] = last[0] = '\0';
    memset(&summary, 0, sizeof summary);
    summary.query = o.request.query;
    summary.shown = o.output.format == DEFCON_OUTPUT_COUNT ? 0 : hits;
    summary.offset = o.request.offset;
    summary.total = total;
    summary.undated_left_out = undated;
    summary.filters = filters.len ? filters.data : NULL;
    summary.first = first;
    summary.last = last;
    if (defcon_printer_end(printer, &summary) != 0 || pc.failed || fflush(stdout) != 0) {
        fputs("defcon-search: cannot write the results\n", stderr);
        rc = 2;
        goto done;
    }
    rc = hits > 0 ? 0 : 1;
    if (hits == 0 && total <= 0 && o.request.query) {
        defcon_buffer suggestions = DEFCON_BUFFER_INIT;
        if (defcon_search_suggest(search, &suggestions) == 0 && suggestions.len) {
            const char *line = suggestions.data;
            while (*line) {
                const char *tab = strchr(line, '\t'), *end = strchr(line, '\n');
                fprintf(stderr, "defcon-search: no match for '%.*s'; did you mean '%.*s'?\n",
                        (int)(tab - line), line, (int)(end - tab - 1), tab + 1);
                line = end + 1;
            }
        }
        defcon_buffer_free(&suggestions);
    }
done:
    free(archive);
    defcon_printer_free(printer);
    defcon_search_free(search);
    defcon_db_close(db);
    defcon_buffer_free(&query);
    defcon_buffer_free(&filters);
    return rc;
}

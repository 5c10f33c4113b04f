/*
 * defcon_search.c - the defcon-search program: arguments in, a command
 * run through the library, results mapped to output and an exit status.
 *
 * The first word that is not an option names a command (`show`,
 * `similar`, `levels`: entries of `commands`), else every word is the query of a
 * search. One table, `option_table`, holds every option. A search goes
 * to search.h and its results to a printer (printer.h); `show` to
 * show.h.
 *
 * Exit status: 0 when something was found, 1 when nothing was, 2 on an
 * error (a bad option or query, a missing index).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "buffer.h"
#include "database.h"
#include "filters.h"
#include "printer.h"
#include "query.h"
#include "search.h"
#include "search_arguments.h"
#include "serve_command.h"
#include "show.h"

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
    const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");

    if (strcmp(a->color, "always") == 0)
        return 1;
    /* a dumb terminal shows escape sequences as they are */
    return strcmp(a->color, "auto") == 0 && isatty(STDOUT_FILENO) && !(no_color && *no_color)
           && !(term && strcmp(term, "dumb") == 0);
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
        return defcon_cli_usage_error("%s", "show wants the id or path of an article");
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
        if (error[0])
            fprintf(stderr, "defcon-search: note: %s\n", error);
        rc = 0;
    }
    defcon_buffer_free(&query);
    defcon_buffer_free(&out);
    defcon_db_close(db);
    return rc;
}

typedef struct print_context {
    defcon_printer *printer;
    int failed;
    int kwic;                /* a concordance line per match, not a hit */
    const defcon_hit *hit;   /* the hit whose lines are printed */
} print_context;

static int on_kwic_line(void *context, const defcon_kwic_line *line)
{
    print_context *pc = context;

    if (defcon_printer_kwic(pc->printer, pc->hit, line) != 0) {
        pc->failed = 1;
        return 1;
    }
    return 0;
}

static int on_hit(void *context, const defcon_hit *hit)
{
    print_context *pc = context;

    if (pc->kwic) {
        /* The title's occurrences, then the body's. */
        pc->hit = hit;
        if (defcon_kwic_each(hit->title_marked, DEFCON_KWIC_COLUMNS, on_kwic_line, pc) != 0
            || (!pc->failed
                && defcon_kwic_each(hit->body_marked, DEFCON_KWIC_COLUMNS, on_kwic_line, pc) != 0))
            pc->failed = 1;
        return pc->failed;
    }
    if (defcon_printer_hit(pc->printer, hit) != 0) {
        pc->failed = 1;
        return 1;
    }
    return 0;
}

/* The filters line of a footer, with how copies were counted: after a
 * count, when folding counted some matches with their story. */
static const char *counted_filters(const defcon_search *search, const char *filters,
                                   char *out, size_t size)
{
    long folded = defcon_search_copies_folded(search);

    if (folded <= 0)
        return filters[0] ? filters : NULL;
    snprintf(out, size, "%s%scounts are of stories: %ld near-identical cop%s counted with %s "
             "(--all-copies counts every article)", filters, filters[0] ? "\n" : "", folded,
             folded == 1 ? "y" : "ies", folded == 1 ? "its story" : "their stories");
    return out;
}

/* --by: the timeline mode. Returns the exit status. */
static int print_timeline(const arguments *a, defcon_search *search, defcon_printer *printer,
                          const char *filters)
{
    defcon_timeline_summary summary;
    defcon_period *periods = NULL;
    size_t count = 0;
    long matches = 0, total = 0, undated_left_out = 0;
    char first[11], last[11], described[1024], widened[40];
    size_t i;
    int rc;

    memset(&summary, 0, sizeof summary);
    if (defcon_search_timeline(search, a->by == 2, &periods, &count, &summary.coarse) != 0
        || defcon_search_span(search, first, last) != 0
        || defcon_search_count(search, &total, &undated_left_out) != 0
        || defcon_search_count_imprecise(search, &summary.imprecise_left_out) != 0) {
        fprintf(stderr, "defcon-search: %s\n", defcon_search_errmsg(search));
        free(periods);
        return 2;
    }
    for (i = 0; i < count; i++)
        matches += periods[i].matches;
    /* What matched but lies in no period has no date. */
    summary.undated = total - matches - summary.coarse;
    if (summary.undated < 0)
        summary.undated = 0;
    summary.first = first;
    summary.last = last;
    summary.filters = counted_filters(search, filters, described, sizeof described);
    defcon_filters_widened(&a->request, widened, sizeof widened);
    summary.widened = widened;
    rc = defcon_printer_timeline(printer, periods, count, &summary);
    free(periods);
    if (rc != 0 || fflush(stdout) != 0) {
        fputs("defcon-search: cannot write the results\n", stderr);
        return 2;
    }
    return total > 0 ? 0 : 1;
}

/* --facets: the country facets mode. Returns the exit status. */
static int print_facets(const arguments *a, defcon_search *search, defcon_printer *printer,
                        const char *filters)
{
    defcon_facet facets[20];
    char described[1024];
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
    if (rc == 0)
        rc = defcon_printer_facets_end(printer, total,
                                       counted_filters(search, filters, described,
                                                       sizeof described));
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

/* For a search that found little: the close words the index knows (for a
 * word absent from the index, or far rarer than its look-alike). */
static void print_suggestions(defcon_search *search)
{
    defcon_buffer suggestions = DEFCON_BUFFER_INIT;
    const char *line;

    if (defcon_search_suggest(search, &suggestions) == 0 && suggestions.len) {
        for (line = suggestions.data; *line;) {
            const char *tab = strchr(line, '\t'), *end = strchr(line, '\n');
            fprintf(stderr, "defcon-search: for '%.*s', did you mean '%.*s'?\n",
                    (int)(tab - line), line, (int)(end - tab - 1), tab + 1);
            line = end + 1;
        }
    }
    defcon_buffer_free(&suggestions);
}

/* What the footer says when best match relaxed the search, or NULL. */
static const char *best_match_note(const defcon_search *search, long total, char *note,
                                   size_t size)
{
    long strict;
    size_t words, dropped;

    /* Relaxing found no more than the articles with every word: nothing to say. */
    if (!defcon_search_relaxed(search, &strict, &words) || (total >= 0 && total <= strict))
        return NULL;
    if (strict == 0)
        snprintf(note, size, "no article has all %zu words; ranked by how many and how well "
                             "they match (--all to require every word)", words);
    else
        snprintf(note, size, "only %ld article%s all %zu words; ranked with those holding most "
                             "of them (--all to require every word)", strict,
                 strict == 1 ? " has" : "s have", words);
    dropped = defcon_search_relaxed_dropped(search);
    if (dropped > 0 && strlen(note) + 80 < size)
        snprintf(note + strlen(note), size - strlen(note),
                 "; matched on its %d most distinctive words (%zu more common left out)",
                 DEFCON_RELAXED_MAX_WORDS, dropped);
    return note;
}

/* The hits, then the summary. Returns the exit status. */
static int print_hits(const arguments *a, defcon_search *search, defcon_printer *printer,
                      const char *filters)
{
    const defcon_search_request *r = &a->request;
    int wants_total = defcon_output_format_wants_total(a->output.format);
    print_context pc = {printer, 0, a->kwic, NULL};
    defcon_output_summary summary;
    long hits = 0, total = -1, undated = 0, imprecise = 0;
    char first[11] = "", last[11] = "", note[200], described[1024], widened[40];

    if (a->output.format != DEFCON_OUTPUT_COUNT)
        hits = defcon_search_run(search, on_hit, &pc);
    if (hits >= 0 && wants_total
        && (defcon_search_count(search, &total, &undated) != 0
            || defcon_search_count_imprecise(search, &imprecise) != 0))
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
    summary.imprecise_left_out = imprecise;
    defcon_filters_widened(r, widened, sizeof widened);
    summary.widened = widened;
    summary.filters = counted_filters(search, filters, described, sizeof described);
    summary.copies_folded = defcon_search_copies_folded(search);
    summary.first = first;
    summary.last = last;
    summary.note = best_match_note(search, total, note, sizeof note);
    if (defcon_printer_end(printer, &summary) != 0 || pc.failed || fflush(stdout) != 0) {
        fputs("defcon-search: cannot write the results\n", stderr);
        return 2;
    }
    /* Few hits: a misspelt name may hide the many ("Volker", "Volcker"). */
    if (r->query && ((hits == 0 && total <= 0) || summary.note || (total >= 0 && total < r->limit)))
        print_suggestions(search);
    return hits > 0 ? 0 : 1;
}

/* Prints an FTS5 expression for --explain, its control characters (the
 * codes mark of a --country filter, tokenizer.h) written as \xHH. */
static void print_expression(FILE *out, const char *expression)
{
    for (; *expression; expression++) {
        unsigned char c = (unsigned char)*expression;
        if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\x%02x", c);
        else
            fputc(c, out);
    }
}

/* Prints what the search asks for (hits, a timeline or facets) with a
 * printer for the chosen format. Returns the exit status. */
static int print_results(arguments *a, defcon_db *db, defcon_search *search)
{
    defcon_buffer filters = DEFCON_BUFFER_INIT;
    defcon_printer *printer;
    char *archive = NULL;
    int rc;

    defcon_filters_describe(&a->request, &filters);
    /* On stderr: stdout carries the results (JSON, CSV) a script reads. */
    if (a->explain) {
        defcon_buffer variants = DEFCON_BUFFER_INIT;
        defcon_search_describe_variants(search, &variants);
        fprintf(stderr, "query:   %s\nfts5:    ", a->request.query ? a->request.query : "");
        print_expression(stderr, defcon_search_expression(search));
        fprintf(stderr, "\nfilters: %s\n", filters.len ? filters.data : "none");
        if (variants.len)
            fprintf(stderr, "names:   %s (--exact: none)\n", variants.data);
        defcon_buffer_free(&variants);
    }
    defcon_db_meta_get(db, "archive", &archive);
    a->output.archive = archive;
    printer = defcon_printer_new(stdout, &a->output);
    if (!printer) {
        fputs("defcon-search: out of memory\n", stderr);
        rc = 2;
    } else if (a->by) {
        rc = print_timeline(a, search, printer, defcon_buffer_cstr(&filters));
    } else if (a->facets) {
        rc = print_facets(a, search, printer, defcon_buffer_cstr(&filters));
    } else {
        rc = print_hits(a, search, printer, defcon_buffer_cstr(&filters));
    }
    defcon_printer_free(printer);
    free(archive);
    defcon_buffer_free(&filters);
    return rc;
}

/* Prints what a prepared search found; returns the exit status. */
typedef int (*results_printer)(arguments *a, defcon_db *db, defcon_search *search);

/* Searches for the words, with the request as the command set it, and
 * prints the results with `print`. Returns the exit status. */
static int search_and_print(arguments *a, char **words, int count, results_printer print)
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
    a->output.color = use_color(a);
    a->output.width = terminal_width();
    db = open_index(a);
    rc = db ? prepare_search(db, a, &search) : 2;
    if (rc < 0)
        rc = print(a, db, search);
    defcon_search_free(search);
    defcon_db_close(db);
    defcon_buffer_free(&query);
    return rc;
}

/* defcon-search QUERY...: a search. Returns the exit status. */
static int run_search(arguments *a, char **words, int count)
{
    a->request.bare = defcon_output_format_is_bare(a->output.format);
    a->request.kwic = a->kwic;
    return search_and_print(a, words, count, print_results);
}

/* defcon-search similar ID: the articles most like one article, with the
 * filters and output of a search. Returns the exit status. */
static int run_similar(arguments *a, char **words, int count)
{
    if (count != 1) {
        fputs("defcon-search: similar takes one article id or path\n"
              "Try 'defcon-search --help' for more information.\n", stderr);
        return 2;
    }
    a->request.similar_to = words[0];
    return run_search(a, NULL, 0);
}

static int on_level(void *context, const defcon_hit *entry)
{
    print_context *pc = context;

    if (defcon_printer_level(pc->printer, entry) != 0) {
        pc->failed = 1;
        return 1;
    }
    return 0;
}

/* Prints the history of levels with a printer for the chosen format.
 * Returns the exit status. */
static int print_levels(arguments *a, defcon_db *db, defcon_search *search)
{
    defcon_buffer filters = DEFCON_BUFFER_INIT;
    print_context pc = {NULL, 0, 0, NULL};
    char *archive = NULL;
    long shown = -1, stating = 0;
    int rc = 2;

    defcon_filters_describe(&a->request, &filters);
    defcon_db_meta_get(db, "archive", &archive);
    a->output.archive = archive;
    pc.printer = defcon_printer_new(stdout, &a->output);
    if (pc.printer)
        shown = defcon_search_levels(search, a->changes, &stating, on_level, &pc);
    if (!pc.printer)
        fputs("defcon-search: out of memory\n", stderr);
    else if (shown < 0)
        fprintf(stderr, "defcon-search: %s\n", defcon_search_errmsg(search));
    else if (pc.failed || defcon_printer_levels_end(pc.printer, shown, stating,
                                                    defcon_buffer_cstr(&filters)) != 0
             || fflush(stdout) != 0)
        fputs("defcon-search: cannot write the results\n", stderr);
    else
        rc = shown > 0 ? 0 : 1;
    defcon_printer_free(pc.printer);
    free(archive);
    defcon_buffer_free(&filters);
    return rc;
}

/* defcon-search levels [QUERY...]: the history of the alert levels the
 * matching articles assess. Returns the exit status. */
static int run_levels(arguments *a, char **words, int count)
{
    if (a->request.level == 0)   /* only the articles that state one */
        a->request.level = DEFCON_LEVEL_STATED;
    a->request.bare = 1;
    return search_and_print(a, words, count, print_levels);
}

/* The commands, named by the first word; a new one is a new entry. */
typedef struct command {
    const char *name;
    int (*run)(arguments *a, char **words, int count);   /* the words after the name */
} command;

static const command commands[] = {
    {"show", run_show},
    {"similar", run_similar},
    {"levels", run_levels},
};

/* The program as started (argv[0]), to find defcon-serve beside it. */
static const char *program_path = "";

/* Commands with options of their own (serve_command.c): named by the
 * first argument, which they receive as argv[0] with everything after. */
typedef struct own_command {
    const char *name;
    int (*run)(int argc, char **argv);
} own_command;

/* defcon-search serve: runs defcon-serve (defcon_serve.c), found beside
 * this program (as started: argv[0], else /proc/self/exe), else on the
 * PATH, with the same arguments ("serve" first). Returns only on failure. */
static int run_serve(int argc, char **argv)
{
    const char *self = program_path;
    char exe[4096], *slash;
    ssize_t n;

    (void)argc;
    if (!strchr(self, '/')) {
        n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        exe[n > 0 ? n : 0] = '\0';
        self = exe;
    } else {
        snprintf(exe, sizeof exe, "%s", self);
    }
    slash = strrchr(exe, '/');
    if (slash && (size_t)(slash - exe) + sizeof "/defcon-serve" <= sizeof exe) {
        strcpy(slash + 1, "defcon-serve");
        execv(exe, argv);
    }
    execvp("defcon-serve", argv);
    fprintf(stderr, "defcon-search: serve needs the program defcon-serve (beside defcon-search or "
                    "on the PATH): %s\n", strerror(errno));
    return 2;
}

static const own_command own_commands[] = {
    {"serve", run_serve},
    {"export", defcon_export_command},
};

int main(int argc, char **argv)
{
    arguments a;
    size_t i;
    int rc = -1;

    program_path = argv[0] ? argv[0] : "";
    defcon_db_configure_process();
    for (i = 0; argc > 1 && i < sizeof own_commands / sizeof own_commands[0]; i++)
        if (strcmp(argv[1], own_commands[i].name) == 0)
            return own_commands[i].run(argc - 1, argv + 1);
    defcon_db_configure_search_cache();   /* one search, show or listing, then exit */
    if (defcon_cli_arguments_init(&a, argc) != 0) {
        fputs("defcon-search: out of memory\n", stderr);
        return 2;
    }
    rc = defcon_cli_parse_arguments(argc, argv, &a);
    for (i = 0; rc < 0 && a.command_words > 0 && i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(a.words[0], commands[i].name) == 0)
            rc = commands[i].run(&a, a.words + 1, a.word_count - 1);
    if (rc < 0)
        rc = run_search(&a, a.words, a.word_count);
    defcon_cli_arguments_free(&a);
    return rc;
}

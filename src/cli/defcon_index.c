/*
 * defcon_index.c - the defcon-index program: argument parsing, progress
 * and summary around defcon_index_run() (indexer.h).
 *
 * Exit status: 0 when the index was updated and every file indexed, 1 when
 * it was updated but some files failed (they are listed on stderr), 2 when
 * the run could not be done (the previous index is then untouched), 130
 * when it was interrupted (Ctrl-C, SIGTERM: the same, and said so).
 * Messages about files come after the run, in path order.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "buffer.h"
#include "array.h"
#include "clock.h"
#include "database.h"
#include "indexer.h"
#include "text.h"

#ifndef DEFCON_VERSION
#define DEFCON_VERSION "unknown"
#endif

static const char usage_text[] =
    "Usage: defcon-index [OPTION]... [ARCHIVE]\n"
    "Index the archive folder ARCHIVE (default: corpus) into one SQLite database.\n"
    "A rerun reads only the new and changed files and drops the deleted ones.\n"
    "\n"
    "Options:\n"
    "  --db PATH       the index database (default: $DEFCON_DB, else defcon.db)\n"
    "  --full          rebuild the whole index instead of updating it\n"
    "  --threads N     parsing threads (default: one per core)\n"
    "  --allow-removals  remove the articles of missing files even when they are\n"
    "                  more than half of the index (refused by default: an\n"
    "                  unmounted disk must not empty an index)\n"
    "  --follow-links  follow symbolic links that lead out of the archive (by\n"
    "                  default they are skipped and named: a link planted in the\n"
    "                  archive must not put other files into a shared index)\n"
    "  -q, --quiet     no progress line and no summary\n"
    "  -h, --help      show this help and exit\n"
    "  --version       show the version and exit\n"
    "\n"
    "Archive files: Markdown (.md, .markdown) with optional YAML front matter\n"
    "(title, date, source, url, id, topics or tags) and plain-text page\n"
    "captures (.txt). Folders such as 2019/04/ date the files without a date.\n"
    "Other files, and links inside the archive (their targets are indexed at\n"
    "their own paths), are skipped and counted in the summary.\n"
    "\n"
    "The index remembers its archive folder: another folder is refused unless\n"
    "--full says to replace the index; the same archive moved elsewhere (its\n"
    "files at the same paths) is recognised.\n"
    "\n"
    "Exit status: 0 all indexed, 1 indexed but some files failed (listed on\n"
    "stderr), 2 the run failed and the previous index is untouched.\n";

/* A message about one file, kept to be printed in path order: the
 * indexer applies the last path first. */
typedef struct file_message {
    char *path;
    char *line;
    size_t order;            /* arrival, to keep a file's messages in order */
} file_message;

typedef struct progress {
    const char *archive;
    int show;                /* a terminal: draw the progress line */
    int drawn;               /* the line is on screen */
    double last;
    file_message *messages;
    size_t message_count, message_capacity;
    int out_of_memory;
} progress;

/* Where the index is, for the message of an interrupted run, and whether
 * this run builds it for the first time: set before the run, read by the
 * signal handler. */
static const char *interrupted_message = "";

static void on_interrupt(int signal_number)
{
    ssize_t ignored;

    (void)signal_number;
    /* Nothing of the run is committed: SQLite rolls the journal back at
     * the next open. Only async-signal-safe calls here. */
    ignored = write(STDERR_FILENO, interrupted_message, strlen(interrupted_message));
    (void)ignored;
    _exit(130);
}

/* Catches Ctrl-C and SIGTERM to say what became of the index. */
static void catch_interrupts(const char *db_path)
{
    static char message[4352];
    struct sigaction action;
    defcon_db *db = NULL;
    /* No index a search can read yet (none, or a first build that never
     * finished): an interrupted run leaves none either. */
    int first_build = defcon_db_open(db_path, DEFCON_DB_READ, NULL, &db, NULL) != 0;

    defcon_db_close(db);
    if (first_build)
        snprintf(message, sizeof message,
                 "\r\033[Kdefcon-index: interrupted: the index %s is not built yet; run "
                 "defcon-index again to build it\n", db_path);
    else
        snprintf(message, sizeof message,
                 "\r\033[Kdefcon-index: interrupted: nothing of this run was saved; the "
                 "previous index %s is intact\n", db_path);
    if (!isatty(STDERR_FILENO))   /* no terminal controls into a log */
        memmove(message, message + 4, strlen(message + 4) + 1);
    interrupted_message = message;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
}

/* Columns of the terminal on stderr (80 when unknown). */
static int terminal_columns(void)
{
    struct winsize size;

    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        return size.ws_col;
    return 80;
}

static void clear_line(progress *p)
{
    if (p->drawn) {
        fputs("\r\033[K", stderr);
        p->drawn = 0;
    }
}

/* Draws the progress line cut to the terminal's width: a line that
 * wrapped would leave its first part behind at each redraw. */
static void draw_progress(progress *p, const defcon_index_event *event)
{
    char line[4352];
    size_t len, pos = 0, columns = 0, limit = (size_t)terminal_columns() - 1;

    snprintf(line, sizeof line, "indexing %s: %ld/%ld files (%ld%%)", p->archive, event->done,
             event->total, event->total ? event->done * 100 / event->total : 100);
    len = strlen(line);
    while (pos < len) {
        size_t next = pos;
        int width = defcon_text_codepoint_width(defcon_text_next_codepoint(line, len, &next));
        if (columns + (size_t)width > limit)
            break;
        columns += (size_t)width;
        pos = next;
    }
    fprintf(stderr, "\r\033[K%.*s", (int)pos, line);
    p->drawn = 1;
}

/* Keeps a message about `path` for print_messages(). */
static void keep_message(progress *p, const char *path, const char *format, const char *message)
{
    defcon_buffer line = DEFCON_BUFFER_INIT;
    file_message *m;

    if (p->message_count == p->message_capacity
        && defcon_array_grow(&p->messages, &p->message_capacity, sizeof *p->messages, 64) != 0) {
        p->out_of_memory = 1;
        return;
    }
    m = &p->messages[p->message_count];
    m->path = strdup(path ? path : "");
    if (defcon_buffer_printf(&line, format, p->archive, path ? path : "", message) != 0
        || !m->path) {
        free(m->path);
        defcon_buffer_free(&line);
        p->out_of_memory = 1;
        return;
    }
    m->line = line.data;   /* the buffer's bytes, NUL-terminated, now owned here */
    m->order = p->message_count++;
}

static int by_path(const void *a, const void *b)
{
    const file_message *x = a, *y = b;
    int c = strcmp(x->path, y->path);

    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Prints the kept messages sorted by path, and frees them. */
static void print_messages(progress *p)
{
    size_t i;

    if (p->message_count > 1)
        qsort(p->messages, p->message_count, sizeof *p->messages, by_path);
    for (i = 0; i < p->message_count; i++) {
        fputs(p->messages[i].line, stderr);
        free(p->messages[i].path);
        free(p->messages[i].line);
    }
    free(p->messages);
    p->messages = NULL;
    p->message_count = p->message_capacity = 0;
    if (p->out_of_memory)
        fputs("defcon-index: out of memory: some messages about files were lost\n", stderr);
}

static void on_event(void *context, const defcon_index_event *event)
{
    progress *p = context;
    double t;

    switch (event->kind) {
    case DEFCON_INDEX_PROGRESS:
        t = defcon_clock_seconds();
        if (!p->show || t - p->last < 0.2)
            return;
        p->last = t;
        draw_progress(p, event);
        break;
    case DEFCON_INDEX_FAILED:
        keep_message(p, event->path, "defcon-index: %s/%s: %s\n", event->message);
        break;
    case DEFCON_INDEX_WARNING:
        keep_message(p, event->path, "defcon-index: warning: %s/%s: %s\n", event->message);
        break;
    case DEFCON_INDEX_SKIPPED:
        /* Files of other kinds are many and harmless: counted in the
         * summary only, as are skips without a reason (a web archive's
         * images and requests). Links are named, each once. */
        if (!event->message || strncmp(event->skip_kind, "files of another kind", 21) == 0)
            break;
        keep_message(p, event->path, "defcon-index: skipped: %s/%s: %s\n", event->message);
        break;
    }
}

static int parse_count(const char *text, int *out)
{
    char *end;
    long value = strtol(text, &end, 10);

    if (end == text || *end || value < 0 || value > 1024)
        return -1;
    *out = (int)value;
    return 0;
}

/* What the command line asks for. */
typedef struct arguments {
    const char *db_path;
    const char *archive;
    int quiet;
    defcon_index_options options;
} arguments;

/* Parses the command line into `a`. Returns -1 to go on, or the exit
 * status when the program is done (--help, --version, a usage error). */
static int parse_arguments(int argc, char **argv, arguments *a)
{
    enum { OPT_DB = 256, OPT_FULL, OPT_THREADS, OPT_VERSION, OPT_FOLLOW_LINKS,
           OPT_ALLOW_REMOVALS };
    static const struct option long_options[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"full", no_argument, NULL, OPT_FULL},
        {"follow-links", no_argument, NULL, OPT_FOLLOW_LINKS},
        {"allow-removals", no_argument, NULL, OPT_ALLOW_REMOVALS},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0}};
    static char program_name[] = "defcon-index";
    int c;

    argv[0] = program_name;   /* getopt's messages name the program, not its path */
    while ((c = getopt_long(argc, argv, "qh", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            a->db_path = optarg;
            break;
        case OPT_FULL:
            a->options.full = 1;
            break;
        case OPT_FOLLOW_LINKS:
            a->options.follow_links = 1;
            break;
        case OPT_ALLOW_REMOVALS:
            a->options.allow_removals = 1;
            break;
        case OPT_THREADS:
            if (parse_count(optarg, &a->options.threads) != 0) {
                fprintf(stderr, "defcon-index: --threads wants a number from 0 to 1024, not '%s'\n",
                        optarg);
                return 2;
            }
            break;
        case 'q':
            a->quiet = 1;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return 0;
        case OPT_VERSION:
            printf("defcon-index %s\n", DEFCON_VERSION);
            return 0;
        default:
            fputs("Try 'defcon-index --help' for more information.\n", stderr);
            return 2;
        }
    }
    if (optind < argc)
        a->archive = argv[optind++];
    if (optind < argc) {
        fprintf(stderr, "defcon-index: one archive folder at a time ('%s' is extra)\n"
                        "Try 'defcon-index --help' for more information.\n", argv[optind]);
        return 2;
    }
    return -1;
}

static void print_summary(const arguments *a, const defcon_index_stats *stats)
{
    double seconds = stats->seconds > 1e-6 ? stats->seconds : 1e-6;
    long written = stats->added + stats->updated;

    fprintf(stderr,
            "%s -> %s: %ld added, %ld updated, %ld removed, %ld unchanged, %ld failed; "
            "%ld article%s; %.2f s",
            a->archive, a->db_path, stats->added, stats->updated, stats->removed,
            stats->unchanged, stats->failed, stats->articles, stats->articles == 1 ? "" : "s",
            stats->seconds);
    /* a rate only for a run that indexed something */
    if (written > 0)
        fprintf(stderr, ", %.0f articles/s, %.1f MB/s", (double)written / seconds,
                (double)stats->bytes_read / 1e6 / seconds);
    fputc('\n', stderr);
    if (stats->moved_from[0])
        fprintf(stderr, "the archive moved from %s to %s: the index follows it\n",
                stats->moved_from, a->archive);
    for (size_t k = 0; k < stats->skip_kinds; k++)
        fprintf(stderr, "%s %ld %s", k ? "," : "skipped:", stats->skips[k].count,
                stats->skips[k].kind);
    if (stats->skip_kinds)
        fputc('\n', stderr);
    if (stats->folded)
        fprintf(stderr, "%ld duplicate captures folded (the newest capture of each article is "
                "indexed)\n", stats->folded);
    if (stats->copies)
        fprintf(stderr, "%ld %s near-identical %s of other stories (searches fold them)\n",
                stats->copies, stats->copies == 1 ? "article is a" : "articles are",
                stats->copies == 1 ? "copy" : "copies");
}

int main(int argc, char **argv)
{
    arguments a = {NULL, "corpus", 0, {0, 0, 0, 0, NULL, NULL}};
    defcon_index_stats stats;
    progress p;
    char error[1024];
    int rc;

    a.db_path = getenv("DEFCON_DB");
    if (!a.db_path || !*a.db_path)
        a.db_path = "defcon.db";
    defcon_db_configure_process();
    rc = parse_arguments(argc, argv, &a);
    if (rc >= 0)
        return rc;
    memset(&p, 0, sizeof p);
    p.archive = a.archive;
    p.show = !a.quiet && isatty(STDERR_FILENO);
    a.options.listener = on_event;
    a.options.listener_context = &p;
    catch_interrupts(a.db_path);
    if (defcon_index_run(a.db_path, a.archive, &a.options, &stats, error, sizeof error) != 0) {
        clear_line(&p);
        print_messages(&p);
        fprintf(stderr, "defcon-index: %s\n", error);
        return 2;
    }
    clear_line(&p);
    print_messages(&p);
    if (!a.quiet)
        print_summary(&a, &stats);
    return stats.failed ? 1 : 0;
}

/*
 * search_arguments.h - defcon-search's command line: every option in one
 * table, parsed into one struct (search_arguments.c). Part of the
 * program, not of the library: it prints usage errors and --help.
 */
#ifndef DEFCON_SEARCH_ARGUMENTS_H
#define DEFCON_SEARCH_ARGUMENTS_H

#include "printer.h"
#include "search.h"

/* Everything the command line says. */
typedef struct arguments {
    const char *db_path;
    defcon_search_request request;
    defcon_output_options output;
    const char *color;   /* auto, always or never */
    int explain;
    int by;              /* 0: hits; 1: timeline by year; 2: by month */
    int facets;
    int kwic;            /* --kwic: a concordance of the matches */
    int html;            /* show: HTML */
    int changes;         /* levels: only where the level changes */
    char country_codes[DEFCON_MAX_COUNTRY_FILTERS][3];
    char **words;        /* the words that are not options, in order */
    int word_count;
    int command_words;   /* how many of them may name a command (none after "--") */
} arguments;

/* Fills `a` with the defaults: $DEFCON_DB or defcon.db, colour auto, the
 * request's defaults (search.h), and room for argc words. Returns 0, or
 * -1 when memory runs out. */
int defcon_cli_arguments_init(arguments *a, int argc);

/* Frees what defcon_cli_arguments_init() allocated. */
void defcon_cli_arguments_free(arguments *a);

/* Parses the command line into `a`: options anywhere, words in order
 * (those before "--" may name a command). Returns -1 to go on, or the
 * exit status when the program is done (--help, --version, a usage
 * error, which it prints). */
int defcon_cli_parse_arguments(int argc, char **argv, arguments *a);

/* Prints "defcon-search: " and the message (`format` with one %s for
 * `value`) and the pointer to --help on stderr. Returns 2. */
int defcon_cli_usage_error(const char *format, const char *value);

#endif

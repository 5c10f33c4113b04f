/*
 * serve_command.h - the `serve` and `export` subcommands of defcon-search:
 * export in defcon-search itself, serve in the program defcon-serve
 * (defcon_serve.c), which defcon-search runs.
 */
#ifndef DEFCON_SERVE_COMMAND_H
#define DEFCON_SERVE_COMMAND_H

/* defcon-search serve [OPTIONS]: argv[0] is "serve". Returns the exit
 * status (0 after a clean stop, 2 on an error). */
int defcon_serve_command(int argc, char **argv);

/* defcon-search export --to opensearch|ndjson FILE: argv[0] is "export".
 * Returns the exit status. */
int defcon_export_command(int argc, char **argv);

#endif

/*
 * defcon_serve.c - the program behind `defcon-search serve`: the search
 * page and the JSON API (serve_command.c). A program of its own so that
 * defcon-search, whose short runs are mostly start-up, does not load the
 * HTTP library and its TLS stack on every search; defcon-search runs it
 * for `serve`, with the same arguments.
 */
#include "database.h"
#include "serve_command.h"

int main(int argc, char **argv)
{
    /* Called as defcon-serve [OPTIONS] or, through defcon-search, with
     * argv[0] "serve": serve_command.c reads its options after argv[0]. */
    defcon_db_configure_process();
    return defcon_serve_command(argc, argv);
}

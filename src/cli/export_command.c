/*
 * export_command.c - `defcon-search export --to opensearch|ndjson FILE`:
 * every article of the index as JSON for another engine (bulk_export.h).
 * For OpenSearch it writes FILE (the bulk body) and the index mapping
 * (FILE.mapping.json unless --mapping says where).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk_export.h"
#include "database.h"
#include "serve_command.h"

static const char export_usage[] =
    "Usage: defcon-search export --to opensearch|ndjson [--db PATH] [--index NAME]\n"
    "                            [--mapping PATH] FILE\n"
    "Write every article of the index as JSON, for another engine.\n"
    "\n"
    "  --to opensearch  FILE is a bulk request body (an action line before each\n"
    "                   article) for OpenSearch or Elasticsearch, and the index's\n"
    "                   settings and mapping go to FILE.mapping.json\n"
    "  --to ndjson      FILE holds one JSON document a line\n"
    "  --index NAME     the index the bulk actions name (default defcon)\n"
    "  --mapping PATH   where the mapping goes (opensearch)\n"
    "  --db PATH        the index (default: $DEFCON_DB, else defcon.db)\n"
    "FILE may be - for stdout.\n";

static int write_mapping(const char *path)
{
    FILE *out = fopen(path, "w");
    int rc;

    if (!out) {
        fprintf(stderr, "defcon-search export: cannot write %s\n", path);
        return -1;
    }
    rc = defcon_export_mapping(out);
    if (fclose(out) != 0 || rc != 0) {
        fprintf(stderr, "defcon-search export: cannot write %s\n", path);
        return -1;
    }
    return 0;
}

static int run_export(const char *db_path, defcon_export_format format, const char *index_name,
                      const char *file, const char *mapping)
{
    defcon_db *db = NULL;
    FILE *out = strcmp(file, "-") == 0 ? stdout : fopen(file, "w");
    char error[512];
    long count = -1;
    int rc = 2;

    if (!out) {
        fprintf(stderr, "defcon-search export: cannot write %s\n", file);
        return 2;
    }
    if (defcon_db_open(db_path, DEFCON_DB_READ, NULL, &db, NULL) != 0)
        fprintf(stderr, "defcon-search export: %s\n", defcon_db_errmsg(db));
    else if ((count = defcon_export_articles(db, format, index_name, out, error, sizeof error)) < 0)
        fprintf(stderr, "defcon-search export: %s\n", error);
    else
        rc = 0;
    if ((out == stdout ? fflush(out) : fclose(out)) != 0 && rc == 0) {
        fprintf(stderr, "defcon-search export: cannot write %s\n", file);
        rc = 2;
    }
    defcon_db_close(db);
    if (rc == 0 && format == DEFCON_EXPORT_OPENSEARCH && write_mapping(mapping) != 0)
        rc = 2;
    if (rc == 0)
        fprintf(stderr, "defcon-search export: %ld articles to %s%s%s\n", count, file,
                format == DEFCON_EXPORT_OPENSEARCH ? ", mapping to " : "",
                format == DEFCON_EXPORT_OPENSEARCH ? mapping : "");
    return rc;
}

int defcon_export_command(int argc, char **argv)
{
    enum { OPT_TO = 256, OPT_DB, OPT_INDEX, OPT_MAPPING };
    static const struct option long_options[] = {
        {"to", required_argument, NULL, OPT_TO},
        {"db", required_argument, NULL, OPT_DB},
        {"index", required_argument, NULL, OPT_INDEX},
        {"mapping", required_argument, NULL, OPT_MAPPING},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db_path = getenv("DEFCON_DB"), *to = NULL, *index_name = "defcon";
    const char *mapping = NULL;
    char default_mapping[4096];
    int c;

    static char program_name[] = "defcon-search export";

    if (!db_path || !*db_path)
        db_path = "defcon.db";
    argv[0] = program_name;   /* getopt's messages name the program */
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_TO: to = optarg; break;
        case OPT_DB: db_path = optarg; break;
        case OPT_INDEX: index_name = optarg; break;
        case OPT_MAPPING: mapping = optarg; break;
        case 'h': fputs(export_usage, stdout); return 0;
        default:
            fputs("Try 'defcon-search export --help' for more information.\n", stderr);
            return 2;
        }
    }
    if (!to || (strcmp(to, "opensearch") != 0 && strcmp(to, "ndjson") != 0)) {
        fputs("defcon-search export: --to is opensearch or ndjson\n", stderr);
        return 2;
    }
    if (optind + 1 != argc) {
        fputs("defcon-search export: give one FILE to write (- for stdout)\n", stderr);
        return 2;
    }
    if (!mapping) {
        snprintf(default_mapping, sizeof default_mapping, "%s.mapping.json",
                 strcmp(argv[optind], "-") == 0 ? "defcon" : argv[optind]);
        mapping = default_mapping;
    }
    return run_export(db_path, strcmp(to, "opensearch") == 0 ? DEFCON_EXPORT_OPENSEARCH
                                                             : DEFCON_EXPORT_NDJSON,
                      index_name, argv[optind], mapping);
}

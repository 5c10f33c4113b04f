/*
 * check.h - the tiny assertion kit of the unit tests.
 *
 * CHECK(cond) and CHECK_STR(got, want) record a failure with its line and
 * go on, so one run shows every broken case; check_finish() prints the
 * closing "N passed, N failed" line and returns the exit status.
 */
#ifndef DEFCON_CHECK_H
#define DEFCON_CHECK_H

#include <stddef.h>

void check_true(int ok, const char *what, const char *file, int line);
void check_str(const char *got, const char *want, const char *what,
               const char *file, int line);
void check_long(long got, long want, const char *what, const char *file, int line);
int check_finish(void);

/* Reads a whole file into a malloc'd, NUL-terminated string (free it);
 * *len gets its length. NULL when it cannot be opened. */
char *check_read_file(const char *path, size_t *len);

/* Writes a file holding the formatted text, replacing any. Returns 0, or
 * -1 when it cannot be written. */
int check_write_file(const char *path, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Makes a new folder `name`-XXXXXX under $TMPDIR (else /tmp), its path
 * into out[size]. Returns 0, or -1 after printing why. */
int check_temp_folder(const char *name, char *out, size_t size);

/* Removes a folder and all it holds, saying so when it cannot. */
void check_remove_folder(const char *path);

/* Sets a search request's country filter (one code) and date range from
 * `since` and `until` as typed, each only when not NULL; a date that does
 * not parse is a failed check. */
struct defcon_search_request;
void check_request_filters(struct defcon_search_request *request, const char *country,
                           const char *since, const char *until);

/* Exits 77 (skipped under ctest) after printing why. */
void check_skip(const char *why);

#define CHECK(cond) check_true((cond) != 0, #cond, __FILE__, __LINE__)
#define CHECK_STR(got, want) check_str((got), (want), #got, __FILE__, __LINE__)
#define CHECK_LONG(got, want) check_long((long)(got), (long)(want), #got, __FILE__, __LINE__)

#endif

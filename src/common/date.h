/*
 * date.h - article dates as typed data.
 *
 * Archives hold dates of every precision and spelling: a year, a month, a
 * day, ISO date-times, RFC 2822, "April 29, 2019", "29-APR-1987". A
 * defcon_date keeps the calendar fields and how precise they are; a
 * partial date stands for its whole period (1987-03 is March 1 to 31).
 * Days are counted from 1970-01-01 (day 0) in the proleptic Gregorian
 * calendar, so a period is a closed range of day numbers.
 */
#ifndef DEFCON_DATE_H
#define DEFCON_DATE_H

#include <stddef.h>

typedef enum defcon_date_precision {
    DEFCON_DATE_NONE = 0,   /* undated */
    DEFCON_DATE_YEAR,
    DEFCON_DATE_MONTH,
    DEFCON_DATE_DAY
} defcon_date_precision;

typedef struct defcon_date {
    int year;                        /* 1900..2100 when dated */
    int month;                       /* 1..12, or 0 below MONTH precision */
    int day;                         /* 1..31, or 0 below DAY precision */
    defcon_date_precision precision;
} defcon_date;

/* Earliest and latest years an article date may have; others are
 * rejected as DEFCON_DATE_OUT_OF_RANGE. */
#define DEFCON_DATE_MIN_YEAR 1900
#define DEFCON_DATE_MAX_YEAR 2100

typedef enum defcon_date_status {
    DEFCON_DATE_OK = 0,
    DEFCON_DATE_UNRECOGNIZED,   /* not a date format we know */
    DEFCON_DATE_IMPOSSIBLE,     /* e.g. 1987-02-30 or month 13 */
    DEFCON_DATE_OUT_OF_RANGE    /* year outside MIN_YEAR..MAX_YEAR */
} defcon_date_status;

/* Parses `len` bytes of `text` (surrounding blanks ignored). Accepts
 * YYYY, YYYY-MM, YYYY-MM-DD, ISO 8601 date-times (time and zone ignored:
 * the date is the one written), RFC 2822 ("Mon, 29 Apr 2019 10:00:00
 * +0000"), "April 29, 2019", "Apr 29 2019", "29 April 2019",
 * "29-APR-1987" (month names in any case, full or three letters).
 * On success fills *out; otherwise sets out->precision to NONE and
 * returns why. */
defcon_date_status defcon_date_parse(const char *text, size_t len, defcon_date *out);

/* Returns a short English reason for a status ("not a recognized date"). */
const char *defcon_date_status_message(defcon_date_status status);

/* Finds a date in an archive folder path such as "2019/04/x.md" or
 * "news/2019/04/29/x.md": the deepest run of year[/month[/day]] folder
 * names. Returns 1 and fills *out when found, 0 otherwise. */
int defcon_date_from_path(const char *relative_path, defcon_date *out);

/* Writes the date as "YYYY", "YYYY-MM" or "YYYY-MM-DD" (empty string when
 * undated) into buf, which must hold 11 bytes. Returns buf. */
char *defcon_date_format(const defcon_date *date, char buf[11]);

/* First and last day (days since 1970-01-01) of the period the date
 * stands for. Must not be called on an undated date. */
long defcon_date_first_day(const defcon_date *date);
long defcon_date_last_day(const defcon_date *date);

/* Converts a day number back to year, month and day. */
void defcon_date_from_day(long day, int *year, int *month, int *mday);

/* A period of a timeline: a year, or one month of a year. */
typedef struct defcon_period_of_time {
    int year;
    int month;            /* 1 to 12; 0: the whole year */
} defcon_period_of_time;

/* The most bytes a period's label takes, its NUL included. */
#define DEFCON_PERIOD_LABEL_SIZE 12

/* The year (by_month 0) or the month of a date stored as text ("1987",
 * "1987-03", "1987-03-05"). Returns 1 and fills *out when the date is that
 * precise, 0 when it is coarser (a year alone, asked for its month) or not
 * a stored date. */
int defcon_period_of_date(const char *stored, int by_month, defcon_period_of_time *out);

/* The period that follows (1987 -> 1988, 1987-12 -> 1988-01). */
void defcon_period_next(defcon_period_of_time *period);

/* Negative, zero or positive as `a` comes before, is, or comes after `b`;
 * a year comes before its months. */
int defcon_period_compare(const defcon_period_of_time *a, const defcon_period_of_time *b);

/* The period's label as the periods table keys it: "1987" or "1987-03". */
void defcon_period_label(const defcon_period_of_time *period,
                         char label[DEFCON_PERIOD_LABEL_SIZE]);

/* The period as one sortable number (year * 100 + month), and back. */
long defcon_period_key(const defcon_period_of_time *period);
defcon_period_of_time defcon_period_from_key(long key);

#endif

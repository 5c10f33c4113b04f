/*
 * date.c - reading, checking and counting article dates; see date.h.
 *
 * A date string is read by a small hand-written scanner rather than
 * strptime(), which depends on the locale and would accept too much.
 * The scanner first recognises the shape of the text (ISO 8601, RFC 2822,
 * or one of the English spellings) and only then checks the calendar, so
 * that "1987-02-30" is reported as impossible, not as unrecognised.
 * Everything here is pure computation on the caller's data: no state,
 * safe from any thread.
 */
#include "date.h"

#include <stdio.h>
#include <string.h>

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december"
};

static const char *const weekday_names[7] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
};

/* A read position in the text being parsed. */
typedef struct scanner {
    const char *p;
    const char *end;
} scanner;

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static char lower_ascii(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static int is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (month == 2 && is_leap_year(year))
        return 29;
    return days[month - 1];
}

static void skip_blanks(scanner *s)
{
    while (s->p < s->end && is_blank(*s->p))
        s->p++;
}

static int at_end(const scanner *s)
{
    return s->p >= s->end;
}

static int accept_char(scanner *s, char c)
{
    if (s->p < s->end && *s->p == c) {
        s->p++;
        return 1;
    }
    return 0;
}

/* Reads between min_digits and max_digits digits; a longer run of digits
 * does not match at all, so "12345" is never read as a year. */
static int read_number(scanner *s, int min_digits, int max_digits, int *value)
{
    const char *q = s->p;
    int n = 0, v = 0;

    while (q < s->end && is_digit(*q)) {
        if (++n > max_digits)
            return 0;
        v = v * 10 + (*q - '0');
        q++;
    }
    if (n < min_digits)
        return 0;
    *value = v;
    s->p = q;
    return 1;
}

/* Reads a run of letters into word (lowercased); fails on an empty run or
 * one too long to be a name we know. */
static int read_word(scanner *s, char *word, size_t size)
{
    const char *q = s->p;
    size_t n = 0;

    while (q < s->end && is_alpha(*q)) {
        if (n + 1 >= size)
            return 0;
        word[n++] = lower_ascii(*q);
        q++;
    }
    if (n == 0)
        return 0;
    word[n] = '\0';
    s->p = q;
    return 1;
}

/* Finds a name in a table by its full spelling or its first three letters
 * ("sept" is also accepted for September). Returns index + 1, or 0. */
static int lookup_name(const char *word, const char *const *names, int count)
{
    size_t len = strlen(word);
    int i;

    for (i = 0; i < count; i++) {
        if (strcmp(word, names[i]) == 0)
            return i + 1;
        if (len == 3 && strncmp(word, names[i], 3) == 0)
            return i + 1;
    }
    if (names == month_names && strcmp(word, "sept") == 0)
        return 9;
    return 0;
}

/* Reads a month name, full or abbreviated, with an optional period after
 * an abbreviation ("Apr."). Returns 1..12, or 0 without moving. */
static int read_month_name(scanner *s)
{
    scanner saved = *s;
    char word[16];
    int month;

    if (!read_word(s, word, sizeof word)) {
        *s = saved;
        return 0;
    }
    month = lookup_name(word, month_names, 12);
    if (!month) {
        *s = saved;
        return 0;
    }
    if (strlen(word) < strlen(month_names[month - 1]))
        accept_char(s, '.');
    return month;
}

/* Skips an optional weekday name followed by a comma or blanks
 * ("Mon, " or "Monday "). */
static void skip_weekday(scanner *s)
{
    scanner saved = *s;
    char word[16];

    if (read_word(s, word, sizeof word) && lookup_name(word, weekday_names, 7)) {
        accept_char(s, '.');
        accept_char(s, ',');
        skip_blanks(s);
        return;
    }
    *s = saved;
}

/* Reads a time zone: "Z", "+hh", "+hhmm", "+hh:mm" (or '-'), or a name
 * of up to five letters such as "UTC", "GMT" or "EST". */
static int read_zone(scanner *s)
{
    char word[8];
    int hours, minutes;

    if (accept_char(s, 'Z') || accept_char(s, 'z'))
        return 1;
    if (accept_char(s, '+') || accept_char(s, '-')) {
        if (read_number(s, 4, 4, &hours))
            return 1;
        if (!read_number(s, 2, 2, &hours))
            return 0;
        if (accept_char(s, ':'))
            return read_number(s, 2, 2, &minutes);
        return 1;
    }
    return read_word(s, word, 6);
}

/* Reads "hh:mm", "hh:mm:ss" or "hh:mm:ss.fraction". The values are not
 * used (the date is the one written), only the shape is checked. */
static int read_clock(scanner *s)
{
    int value;

    if (!read_number(s, 1, 2, &value) || !accept_char(s, ':') ||
        !read_number(s, 2, 2, &value))
        return 0;
    if (accept_char(s, ':')) {
        if (!read_number(s, 2, 2, &value))
            return 0;
        if (accept_char(s, '.') || accept_char(s, ',')) {
            if (at_end(s) || !is_digit(*s->p))
                return 0;
            while (!at_end(s) && is_digit(*s->p))
                s->p++;
        }
    }
    return 1;
}

/* After the date of an ISO 8601 text: nothing, or 'T' (or a blank) and a
 * clock time with an optional zone. */
static int read_iso_time_rest(scanner *s)
{
    if (at_end(s))
        return 1;
    if (*s->p == 'T' || *s->p == 't') {
        s->p++;
    } else if (is_blank(*s->p)) {
        skip_blanks(s);
    } else {
        return 0;
    }
    if (!read_clock(s))
        return 0;
    skip_blanks(s);
    if (!at_end(s) && !read_zone(s))
        return 0;
    skip_blanks(s);
    return at_end(s);
}

/* After the date of an English or RFC 2822 text: nothing, or a clock time
 * with an optional zone, then optionally a parenthesised comment as RFC
 * 2822 allows ("+0000 (UTC)"). */
static int read_text_time_rest(scanner *s)
{
    skip_blanks(s);
    if (at_end(s))
        return 1;
    if (!read_clock(s))
        return 0;
    skip_blanks(s);
    if (!at_end(s) && *s->p != '(' && !read_zone(s))
        return 0;
    skip_blanks(s);
    if (accept_char(s, '(')) {
        while (!at_end(s) && *s->p != ')')
            s->p++;
        if (!accept_char(s, ')'))
            return 0;
        skip_blanks(s);
    }
    return at_end(s);
}

/* YYYY, YYYY-MM, YYYY-MM-DD, each optionally followed by a time. */
static int scan_iso(scanner *s, defcon_date *d)
{
    if (!read_number(s, 4, 4, &d->year))
        return 0;
    d->precision = DEFCON_DATE_YEAR;
    if (accept_char(s, '-')) {
        if (!read_number(s, 2, 2, &d->month))
            return 0;
        d->precision = DEFCON_DATE_MONTH;
        if (accept_char(s, '-')) {
            if (!read_number(s, 2, 2, &d->day))
                return 0;
            d->precision = DEFCON_DATE_DAY;
            return read_iso_time_rest(s);
        }
    }
    skip_blanks(s);
    return at_end(s);
}

/* "29 April 2019", "29 Apr 2019 10:00:00 +0000" (RFC 2822 without the
 * weekday) and "29-APR-1987". */
static int scan_day_month_year(scanner *s, defcon_date *d)
{
    char separator;

    if (!read_number(s, 1, 2, &d->day) || at_end(s))
        return 0;
    separator = *s->p;
    if (separator == '-') {
        s->p++;
    } else if (is_blank(separator)) {
        skip_blanks(s);
    } else {
        return 0;
    }
    d->month = read_month_name(s);
    if (!d->month)
        return 0;
    if (separator == '-') {
        if (!accept_char(s, '-'))
            return 0;
    } else {
        skip_blanks(s);
    }
    if (!read_number(s, 4, 4, &d->year))
        return 0;
    d->precision = DEFCON_DATE_DAY;
    return read_text_time_rest(s);
}

/* "April 29, 2019", "Apr 29 2019", and "April 2019" for a whole month. */
static int scan_month_day_year(scanner *s, defcon_date *d)
{
    scanner after_month;
    int number;

    d->month = read_month_name(s);
    if (!d->month)
        return 0;
    skip_blanks(s);
    after_month = *s;
    if (read_number(s, 4, 4, &number)) {
        d->year = number;
        d->precision = DEFCON_DATE_MONTH;
        skip_blanks(s);
        return at_end(s);
    }
    *s = after_month;
    if (!read_number(s, 1, 2, &d->day))
        return 0;
    accept_char(s, ',');
    skip_blanks(s);
    if (!read_number(s, 4, 4, &d->year))
        return 0;
    d->precision = DEFCON_DATE_DAY;
    return read_text_time_rest(s);
}

static int scan_any(const char *text, size_t len, defcon_date *d)
{
    scanner s = {text, text + len};

    skip_blanks(&s);
    while (s.end > s.p && is_blank(s.end[-1]))
        s.end--;
    if (at_end(&s))
        return 0;
    if (s.end - s.p >= 4 && is_digit(s.p[0]) && is_digit(s.p[1]) &&
        is_digit(s.p[2]) && is_digit(s.p[3]))
        return scan_iso(&s, d);
    skip_weekday(&s);
    if (!at_end(&s) && is_digit(*s.p))
        return scan_day_month_year(&s, d);
    return scan_month_day_year(&s, d);
}

defcon_date_status defcon_date_parse(const char *text, size_t len, defcon_date *out)
{
    defcon_date d = {0, 0, 0, DEFCON_DATE_NONE};
    defcon_date none = {0, 0, 0, DEFCON_DATE_NONE};

    *out = none;
    if (!text || !scan_any(text, len, &d))
        return DEFCON_DATE_UNRECOGNIZED;
    if (d.precision >= DEFCON_DATE_MONTH && (d.month < 1 || d.month > 12))
        return DEFCON_DATE_IMPOSSIBLE;
    if (d.precision == DEFCON_DATE_DAY &&
        (d.day < 1 || d.day > days_in_month(d.year, d.month)))
        return DEFCON_DATE_IMPOSSIBLE;
    if (d.year < DEFCON_DATE_MIN_YEAR || d.year > DEFCON_DATE_MAX_YEAR)
        return DEFCON_DATE_OUT_OF_RANGE;
    if (d.precision < DEFCON_DATE_MONTH)
        d.month = 0;
    if (d.precision < DEFCON_DATE_DAY)
        d.day = 0;
    *out = d;
    return DEFCON_DATE_OK;
}

const char *defcon_date_status_message(defcon_date_status status)
{
    switch (status) {
    case DEFCON_DATE_OK:
        return "a valid date";
    case DEFCON_DATE_UNRECOGNIZED:
        return "not a recognized date";
    case DEFCON_DATE_IMPOSSIBLE:
        return "an impossible date";
    case DEFCON_DATE_OUT_OF_RANGE:
        return "outside the years 1900 to 2100";
    }
    return "not a recognized date";
}

/* Reads a path component made only of 1..max_digits digits. */
static int component_number(const char *start, size_t len, size_t min_digits,
                            size_t max_digits, int *value)
{
    size_t i;
    int v = 0;

    if (len < min_digits || len > max_digits)
        return 0;
    for (i = 0; i < len; i++) {
        if (!is_digit(start[i]))
            return 0;
        v = v * 10 + (start[i] - '0');
    }
    *value = v;
    return 1;
}

int defcon_date_from_path(const char *relative_path, defcon_date *out)
{
    /* The folder names, as (start, length) pairs, are read on the fly; a
     * run of date folders is year, then month, then day, and the last run
     * found wins because it is the deepest. */
    const char *p, *slash;
    defcon_date best = {0, 0, 0, DEFCON_DATE_NONE};
    defcon_date run = {0, 0, 0, DEFCON_DATE_NONE};
    int value;

    out->year = out->month = out->day = 0;
    out->precision = DEFCON_DATE_NONE;
    if (!relative_path)
        return 0;
    for (p = relative_path; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
        size_t len = (size_t)(slash - p);

        if (run.precision == DEFCON_DATE_YEAR &&
            component_number(p, len, 1, 2, &value) && value >= 1 && value <= 12) {
            run.month = value;
            run.precision = DEFCON_DATE_MONTH;
        } else if (run.precision == DEFCON_DATE_MONTH &&
                   component_number(p, len, 1, 2, &value) && value >= 1 &&
                   value <= days_in_month(run.year, run.month)) {
            run.day = value;
            run.precision = DEFCON_DATE_DAY;
        } else if (component_number(p, len, 4, 4, &value) &&
                   value >= DEFCON_DATE_MIN_YEAR && value <= DEFCON_DATE_MAX_YEAR) {
            run.year = value;
            run.month = run.day = 0;
            run.precision = DEFCON_DATE_YEAR;
            best = run;
            continue;
        } else {
            run.precision = DEFCON_DATE_NONE;
            continue;
        }
        best = run;
    }
    if (best.precision == DEFCON_DATE_NONE)
        return 0;
    *out = best;
    return 1;
}

char *defcon_date_format(const defcon_date *date, char buf[11])
{
    static const char digits[] = "0123456789";
    int year = date->year;

    buf[0] = '\0';
    if (date->precision == DEFCON_DATE_NONE || year < 0 || year > 9999)
        return buf;
    buf[0] = digits[year / 1000];
    buf[1] = digits[year / 100 % 10];
    buf[2] = digits[year / 10 % 10];
    buf[3] = digits[year % 10];
    buf[4] = '\0';
    if (date->precision >= DEFCON_DATE_MONTH) {
        buf[4] = '-';
        buf[5] = digits[date->month / 10 % 10];
        buf[6] = digits[date->month % 10];
        buf[7] = '\0';
    }
    if (date->precision == DEFCON_DATE_DAY) {
        buf[7] = '-';
        buf[8] = digits[date->day / 10 % 10];
        buf[9] = digits[date->day % 10];
        buf[10] = '\0';
    }
    return buf;
}

/*
 * Day numbers. The calendar is counted in 400-year cycles that start on
 * March 1, so that the leap day is the last day of a counting year and
 * every month length but February's is fixed: a cycle holds 146097 days,
 * and within a March-based year the months start on day
 * (153 * m + 2) / 5, m = 0 for March.
 */
static long day_number(int year, int month, int mday)
{
    long y = year - (month <= 2);
    long cycle = (y >= 0 ? y : y - 399) / 400;
    long year_of_cycle = y - cycle * 400;
    long march_month = (month + 9) % 12;
    long day_of_year = (153 * march_month + 2) / 5 + mday - 1;
    long day_of_cycle = year_of_cycle * 365 + year_of_cycle / 4 -
                        year_of_cycle / 100 + day_of_year;

    /* 719468 is the number of days from 0000-03-01 to 1970-01-01. */
    return cycle * 146097 + day_of_cycle - 719468;
}

long defcon_date_first_day(const defcon_date *date)
{
    int month = date->precision >= DEFCON_DATE_MONTH ? date->month : 1;
    int mday = date->precision == DEFCON_DATE_DAY ? date->day : 1;

    return day_number(date->year, month, mday);
}

long defcon_date_last_day(const defcon_date *date)
{
    if (date->precision == DEFCON_DATE_DAY)
        return day_number(date->year, date->month, date->day);
    if (date->precision == DEFCON_DATE_MONTH)
        return day_number(date->year, date->month,
                          days_in_month(date->year, date->month));
    return day_number(date->year, 12, 31);
}

void defcon_date_from_day(long day, int *year, int *month, int *mday)
{
    long shifted = day + 719468;
    long cycle = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
    long day_of_cycle = shifted - cycle * 146097;
    /* Years of the cycle, allowing for the leap days of every 4th year,
     * the missing ones every 100th, and the extra one at day 146096. */
    long year_of_cycle = (day_of_cycle - day_of_cycle / 1460 +
                          day_of_cycle / 36524 - day_of_cycle / 146096) / 365;
    long day_of_year = day_of_cycle -
                       (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
    long march_month = (5 * day_of_year + 2) / 153;
    long m = march_month < 10 ? march_month + 3 : march_month - 9;

    *mday = (int)(day_of_year - (153 * march_month + 2) / 5 + 1);
    *month = (int)m;
    *year = (int)(year_of_cycle + cycle * 400 + (m <= 2));
}

/* ---- periods of timelines ---- */

/* The value of `count` digits at text[0], or -1 when they are not all
 * digits. */
static int digits_value(const char *text, int count)
{
    int value = 0, i;

    for (i = 0; i < count; i++) {
        if (text[i] < '0' || text[i] > '9')
            return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

int defcon_period_of_date(const char *stored, int by_month, defcon_period_of_time *out)
{
    size_t length = stored ? strlen(stored) : 0;
    int year = length >= 4 ? digits_value(stored, 4) : -1, month = 0;

    if (year < 0 || (length > 4 && stored[4] != '-'))
        return 0;
    if (by_month) {
        if (length < 7 || (month = digits_value(stored + 5, 2)) < 1 || month > 12)
            return 0;
    }
    out->year = year;
    out->month = month;
    return 1;
}

void defcon_period_next(defcon_period_of_time *period)
{
    if (period->month == 0 || period->month == 12) {
        period->year++;
        if (period->month)
            period->month = 1;
        return;
    }
    period->month++;
}

int defcon_period_compare(const defcon_period_of_time *a, const defcon_period_of_time *b)
{
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    return (a->month > b->month) - (a->month < b->month);
}

void defcon_period_label(const defcon_period_of_time *period,
                         char label[DEFCON_PERIOD_LABEL_SIZE])
{
    int year = period->year % 10000, month = period->month % 100;

    if (month)
        snprintf(label, DEFCON_PERIOD_LABEL_SIZE, "%04d-%02d", year, month);
    else
        snprintf(label, DEFCON_PERIOD_LABEL_SIZE, "%04d", year);
}

long defcon_period_key(const defcon_period_of_time *period)
{
    return (long)period->year * 100 + period->month;
}

defcon_period_of_time defcon_period_from_key(long key)
{
    defcon_period_of_time period;

    period.year = (int)(key / 100);
    period.month = (int)(key % 100);
    return period;
}

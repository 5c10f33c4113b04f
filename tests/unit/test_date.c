/*
 * test_date.c - unit tests of date.c: every accepted spelling, partial
 * dates, impossible and out-of-range dates, day numbers and their
 * ranges (leap years included), and dates from folder paths.
 */
#include <string.h>

#include "check.h"
#include "date.h"

/* Parses `text` and returns it formatted ("" when undated); the status
 * goes to *status. */
static const char *parsed(const char *text, defcon_date_status *status, char buf[11])
{
    defcon_date date;

    *status = defcon_date_parse(text, strlen(text), &date);
    return defcon_date_format(&date, buf);
}

static void check_ok(const char *text, const char *want, int line)
{
    defcon_date_status status;
    char buf[11];
    const char *got = parsed(text, &status, buf);

    check_long(status, DEFCON_DATE_OK, text, __FILE__, line);
    check_str(got, want, text, __FILE__, line);
}

static void check_status(const char *text, defcon_date_status want, int line)
{
    defcon_date_status status;
    char buf[11];
    const char *got = parsed(text, &status, buf);

    check_long(status, want, text, __FILE__, line);
    check_str(got, "", text, __FILE__, line);
}

#define OK(text, want) check_ok(text, want, __LINE__)
#define STATUS(text, want) check_status(text, want, __LINE__)

static void test_iso(void)
{
    OK("2019", "2019");
    OK("2019-04", "2019-04");
    OK("2019-04-29", "2019-04-29");
    OK("  2019-04-29\n", "2019-04-29");
    OK("1987-03-09T05:03:38Z", "1987-03-09");
    OK("1987-03-09T05:03:38.79Z", "1987-03-09");
    OK("2019-04-29T23:30:00+02:00", "2019-04-29");
    OK("2019-04-29T23:30:00-0500", "2019-04-29");
    OK("2019-04-29T23:30", "2019-04-29");
    OK("2019-04-29 23:30:00", "2019-04-29");
    OK("2019-04-29 23:30:00 UTC", "2019-04-29");
    OK("2019-04-29t23:30:00z", "2019-04-29");
}

static void test_english(void)
{
    OK("Mon, 29 Apr 2019 10:00:00 +0000", "2019-04-29");
    OK("Mon, 29 Apr 2019 10:00:00 +0000 (UTC)", "2019-04-29");
    OK("Monday, 29 April 2019", "2019-04-29");
    OK("29 Apr 2019 10:00 GMT", "2019-04-29");
    OK("29 April 2019", "2019-04-29");
    OK("April 29, 2019", "2019-04-29");
    OK("april 29 2019", "2019-04-29");
    OK("Apr 29 2019", "2019-04-29");
    OK("Apr. 29, 2019", "2019-04-29");
    OK("Sept 1, 1987", "1987-09-01");
    OK("29-APR-1987", "1987-04-29");
    OK("26-FEB-1987 15:01:01.79", "1987-02-26");
    OK("9-mar-1987", "1987-03-09");
    OK("April 2019", "2019-04");
    OK("DECEMBER 1999", "1999-12");
}

static void test_unrecognized(void)
{
    STATUS("", DEFCON_DATE_UNRECOGNIZED);
    STATUS("   ", DEFCON_DATE_UNRECOGNIZED);
    STATUS("soon", DEFCON_DATE_UNRECOGNIZED);
    STATUS("12345", DEFCON_DATE_UNRECOGNIZED);
    STATUS("2019-4-29", DEFCON_DATE_UNRECOGNIZED);
    STATUS("29/04/2019", DEFCON_DATE_UNRECOGNIZED);
    STATUS("2019-04-29T", DEFCON_DATE_UNRECOGNIZED);
    STATUS("2019-04-29Tnoon", DEFCON_DATE_UNRECOGNIZED);
    STATUS("2019-04-29 and more", DEFCON_DATE_UNRECOGNIZED);
    STATUS("Apr 2019x", DEFCON_DATE_UNRECOGNIZED);
    STATUS("Foo 29, 2019", DEFCON_DATE_UNRECOGNIZED);
    STATUS("29 Foo 2019", DEFCON_DATE_UNRECOGNIZED);
    STATUS("29-APR 1987", DEFCON_DATE_UNRECOGNIZED);
    STATUS("Mon, 29 Apr 2019 25", DEFCON_DATE_UNRECOGNIZED);
    STATUS("Mon, 29 Apr 2019 10:00 (UTC", DEFCON_DATE_UNRECOGNIZED);
}

static void test_impossible_and_range(void)
{
    defcon_date date;

    STATUS("1987-02-30", DEFCON_DATE_IMPOSSIBLE);
    STATUS("1987-13-01", DEFCON_DATE_IMPOSSIBLE);
    STATUS("1987-13", DEFCON_DATE_IMPOSSIBLE);
    STATUS("2019-00-10", DEFCON_DATE_IMPOSSIBLE);
    STATUS("2019-04-00", DEFCON_DATE_IMPOSSIBLE);
    STATUS("2019-04-31", DEFCON_DATE_IMPOSSIBLE);
    STATUS("31 Apr 2019", DEFCON_DATE_IMPOSSIBLE);
    STATUS("2019-02-29", DEFCON_DATE_IMPOSSIBLE);
    STATUS("1900-02-29", DEFCON_DATE_IMPOSSIBLE);   /* 1900 is not a leap year */
    OK("2000-02-29", "2000-02-29");                  /* 2000 is */
    OK("2016-02-29", "2016-02-29");
    STATUS("1899-12-31", DEFCON_DATE_OUT_OF_RANGE);
    STATUS("2101", DEFCON_DATE_OUT_OF_RANGE);
    STATUS("0000-01-01", DEFCON_DATE_OUT_OF_RANGE);
    OK("1900-01-01", "1900-01-01");
    OK("2100-12-31", "2100-12-31");

    /* A failed parse leaves the date undated even if it held one. */
    date.year = 2000;
    date.precision = DEFCON_DATE_DAY;
    CHECK_LONG(defcon_date_parse("nope", 4, &date), DEFCON_DATE_UNRECOGNIZED);
    CHECK_LONG(date.precision, DEFCON_DATE_NONE);
    /* Only `len` bytes are read. */
    CHECK_LONG(defcon_date_parse("2019-04-29", 7, &date), DEFCON_DATE_OK);
    CHECK_LONG(date.precision, DEFCON_DATE_MONTH);
    CHECK_LONG(date.day, 0);

    CHECK_STR(defcon_date_status_message(DEFCON_DATE_UNRECOGNIZED), "not a recognized date");
    CHECK_STR(defcon_date_status_message(DEFCON_DATE_IMPOSSIBLE), "an impossible date");
    CHECK_STR(defcon_date_status_message(DEFCON_DATE_OUT_OF_RANGE),
              "outside the years 1900 to 2100");
}

static long first_day_of(const char *text)
{
    defcon_date date;

    defcon_date_parse(text, strlen(text), &date);
    return defcon_date_first_day(&date);
}

static long last_day_of(const char *text)
{
    defcon_date date;

    defcon_date_parse(text, strlen(text), &date);
    return defcon_date_last_day(&date);
}

static void test_days(void)
{
    long day;
    int year, month, mday, previous_year = 1899, previous_month = 12, previous_mday = 31;
    int bad = 0;

    /* Reference values from Python's datetime. */
    CHECK_LONG(first_day_of("1970-01-01"), 0);
    CHECK_LONG(first_day_of("1969-12-31"), -1);
    CHECK_LONG(first_day_of("1900-01-01"), -25567);
    CHECK_LONG(first_day_of("2000-03-01"), 11017);
    CHECK_LONG(first_day_of("2019-04-29"), 18015);
    CHECK_LONG(last_day_of("2019-04-29"), 18015);
    CHECK_LONG(last_day_of("2100-12-31"), 47846);

    /* Partial dates stand for their whole period. */
    CHECK_LONG(first_day_of("1987-03"), 6268);
    CHECK_LONG(last_day_of("1987-03"), 6298);
    CHECK_LONG(first_day_of("2019"), 17897);
    CHECK_LONG(last_day_of("2019"), 18261);
    CHECK_LONG(last_day_of("2000-02"), 11016);         /* the 29th */
    CHECK_LONG(last_day_of("1900-02"), -25509);        /* the 28th */
    CHECK_LONG(last_day_of("2000") - first_day_of("2000"), 365);
    CHECK_LONG(last_day_of("1900") - first_day_of("1900"), 364);

    /* Every day of the allowed years, converted back and forth, follows
     * the one before. */
    for (day = first_day_of("1900-01-01"); day <= last_day_of("2100"); day++) {
        defcon_date date;

        defcon_date_from_day(day, &year, &month, &mday);
        date.year = year;
        date.month = month;
        date.day = mday;
        date.precision = DEFCON_DATE_DAY;
        if (defcon_date_first_day(&date) != day)
            bad++;
        if (!((year == previous_year && month == previous_month && mday == previous_mday + 1) ||
              (year == previous_year && month == previous_month + 1 && mday == 1) ||
              (year == previous_year + 1 && month == 1 && mday == 1 && previous_month == 12)))
            bad++;
        previous_year = year;
        previous_month = month;
        previous_mday = mday;
    }
    CHECK_LONG(bad, 0);
    defcon_date_from_day(-1, &year, &month, &mday);
    CHECK(year == 1969 && month == 12 && mday == 31);
}

static const char *path_date(const char *path, char buf[11])
{
    defcon_date date;
    int found = defcon_date_from_path(path, &date);

    defcon_date_format(&date, buf);
    if (found != (date.precision != DEFCON_DATE_NONE))
        return "inconsistent";
    return buf;
}

static void test_paths(void)
{
    char buf[11];

    CHECK_STR(path_date("2019/04/x.md", buf), "2019-04");
    CHECK_STR(path_date("news/2019/04/29/x.md", buf), "2019-04-29");
    CHECK_STR(path_date("1987/03/09/x.md", buf), "1987-03-09");
    CHECK_STR(path_date("1987/3/9/x.md", buf), "1987-03-09");
    CHECK_STR(path_date("2019/x.md", buf), "2019");
    CHECK_STR(path_date("2019/04/29.md", buf), "2019-04");       /* a file, not a folder */
    CHECK_STR(path_date("2019/13/x.md", buf), "2019");
    CHECK_STR(path_date("1987/02/30/x.md", buf), "1987-02");
    CHECK_STR(path_date("2019/04/2020/05/x.md", buf), "2020-05");  /* the deepest run */
    CHECK_STR(path_date("2019/04/misc/x.md", buf), "2019-04");
    CHECK_STR(path_date("x.md", buf), "");
    CHECK_STR(path_date("1850/04/x.md", buf), "");
    CHECK_STR(path_date("12345/06/x.md", buf), "");
    CHECK_STR(path_date("a2019/04/x.md", buf), "");
    CHECK_STR(path_date("", buf), "");
}

static void test_format(void)
{
    defcon_date date = {2019, 4, 9, DEFCON_DATE_DAY};
    char buf[11];

    CHECK_STR(defcon_date_format(&date, buf), "2019-04-09");
    date.precision = DEFCON_DATE_MONTH;
    CHECK_STR(defcon_date_format(&date, buf), "2019-04");
    date.precision = DEFCON_DATE_YEAR;
    CHECK_STR(defcon_date_format(&date, buf), "2019");
    date.precision = DEFCON_DATE_NONE;
    CHECK_STR(defcon_date_format(&date, buf), "");
}

/* Timeline periods: read from stored dates, stepped, compared, labelled. */
static void test_periods(void)
{
    defcon_period_of_time a, b;
    char label[DEFCON_PERIOD_LABEL_SIZE];

    CHECK(defcon_period_of_date("1987-03-05", 1, &a) == 1);
    CHECK_LONG(a.year, 1987);
    CHECK_LONG(a.month, 3);
    CHECK(defcon_period_of_date("1987-03-05", 0, &b) == 1);
    CHECK_LONG(b.month, 0);
    CHECK(defcon_period_compare(&b, &a) < 0);           /* a year before its months */
    CHECK(defcon_period_of_date("1987", 1, &a) == 0);   /* too coarse for a month */
    CHECK(defcon_period_of_date("1987", 0, &a) == 1);
    CHECK(defcon_period_of_date("19x7", 0, &a) == 0);
    CHECK(defcon_period_of_date(NULL, 0, &a) == 0);
    CHECK(defcon_period_of_date("1987-13", 1, &a) == 0);
    CHECK(defcon_period_of_date("1987-12-31", 1, &a) == 1);
    defcon_period_next(&a);
    defcon_period_label(&a, label);
    CHECK_STR(label, "1988-01");
    CHECK_LONG(defcon_period_key(&a), 198801);
    b = defcon_period_from_key(198801);
    CHECK(defcon_period_compare(&a, &b) == 0);
    b.month = 0;
    defcon_period_next(&b);
    defcon_period_label(&b, label);
    CHECK_STR(label, "1989");
}

int main(void)
{
    test_periods();
    test_iso();
    test_english();
    test_unrecognized();
    test_impossible_and_range();
    test_days();
    test_paths();
    test_format();
    return check_finish();
}

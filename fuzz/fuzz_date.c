/*
 * fuzz_date.c - libFuzzer target: date parsing (date.h).
 *
 * The input is a date as written in a file, and (NUL-terminated) an
 * archive path. A parsed date must be in range and real, stand for a
 * period of days that is not empty, convert back from its first day, and
 * read back the same from its own formatted text.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "fuzz.h"

static void require_consistent(const defcon_date *date)
{
    char text[11];
    defcon_date again;
    long first, last;
    int year, month, day;

    fuzz_require(date->precision != DEFCON_DATE_NONE, "a parsed date has a precision");
    fuzz_require(date->year >= DEFCON_DATE_MIN_YEAR && date->year <= DEFCON_DATE_MAX_YEAR,
                 "the year is in range");
    fuzz_require(date->precision < DEFCON_DATE_MONTH || (date->month >= 1 && date->month <= 12),
                 "the month is real");
    fuzz_require(date->precision < DEFCON_DATE_DAY || (date->day >= 1 && date->day <= 31),
                 "the day is real");
    first = defcon_date_first_day(date);
    last = defcon_date_last_day(date);
    fuzz_require(first <= last, "the period is not empty");
    defcon_date_from_day(first, &year, &month, &day);
    fuzz_require(year == date->year, "the first day is in the year");
    fuzz_require(date->precision < DEFCON_DATE_MONTH || month == date->month,
                 "the first day is in the month");
    fuzz_require(date->precision < DEFCON_DATE_DAY || day == date->day, "the first day is the day");
    defcon_date_format(date, text);
    fuzz_require(defcon_date_parse(text, strlen(text), &again) == DEFCON_DATE_OK,
                 "the formatted date parses");
    fuzz_require(again.year == date->year && again.month == date->month && again.day == date->day
                     && again.precision == date->precision,
                 "the formatted date reads back the same");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    defcon_date date;
    defcon_date_status status = defcon_date_parse((const char *)data, size, &date);
    char *path;

    fuzz_require(defcon_date_status_message(status) != NULL, "every status has a message");
    if (status == DEFCON_DATE_OK)
        require_consistent(&date);
    else
        fuzz_require(date.precision == DEFCON_DATE_NONE, "a failed parse leaves the date empty");

    path = malloc(size + 1);
    if (!path)
        return 0;
    memcpy(path, data, size);
    path[size] = '\0';
    if (defcon_date_from_path(path, &date))
        require_consistent(&date);
    free(path);
    return 0;
}

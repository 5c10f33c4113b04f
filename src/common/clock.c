/*
 * clock.c - the monotonic clock in seconds; see clock.h. For progress
 * lines and run statistics, never for ordering or dates.
 */
#include "clock.h"

#include <time.h>

double defcon_clock_seconds(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

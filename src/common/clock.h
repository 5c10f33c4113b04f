/*
 * clock.h - the one clock the programs and the library time work with.
 */
#ifndef DEFCON_CLOCK_H
#define DEFCON_CLOCK_H

/* Seconds on a monotonic clock (not the time of day): differences of two
 * readings measure elapsed time, unaffected by changes to the system time. */
double defcon_clock_seconds(void);

#endif

/*
 * clock.h - the one clock the programs and the library time runs with.
 */
#ifndef DEFCON_CLOCK_H
#define DEFCON_CLOCK_H

/* Seconds on a monotonic clock (CLOCK_MONOTONIC): only differences mean
 * anything. Never goes back when the wall clock is set. Thread-safe. */
double defcon_clock_seconds(void);

#endif

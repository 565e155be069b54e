/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * util.c - the simulator's clock (seconds since start, monotonic) and its
 * random numbers (xorshift64*, seedable so a scenario can be replayed).
 */
#include "config.h"

#include <time.h>

#include "sim.h"

static struct timespec start;
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

/* Fix time zero at the first call. */
static void start_clock(void)
{
	if (start.tv_sec == 0 && start.tv_nsec == 0)
		clock_gettime(CLOCK_MONOTONIC, &start);
}

double sim_now(void)
{
	struct timespec now;

	start_clock();
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9;
}

void sim_time_to_ts(double t, struct timespec *ts)
{
	long long ns;

	start_clock();
	ns = (long long)(t * 1e9);
	ts->tv_sec = start.tv_sec + (time_t)(ns / 1000000000);
	ts->tv_nsec = start.tv_nsec + (long)(ns % 1000000000);
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

void sim_random_seed(uint64_t seed)
{
	rng_state = seed ? seed : 0x9E3779B97F4A7C15ull;
}

double sim_random(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (double)((rng_state * 0x2545F4914F6CDD1Dull) >> 11) / 9007199254740992.0;
}

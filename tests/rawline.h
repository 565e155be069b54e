/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rawline.h - the raw side of the simulator's byte-level test masters
 * (sim_raw for Modbus RTU, dlt645_raw for DL/T645): open a port at a line
 * setting the way libmodbus sets it (PARENB/PARODD with INPCK, CSTOPB),
 * write one request, and collect what comes back until the line is silent.
 */
#ifndef MW_TESTS_RAWLINE_H
#define MW_TESTS_RAWLINE_H

#include <stddef.h>
#include <stdint.h>

/* Open PORT raw at BAUD and FMT ("8N1", "8E1", "8O1", "8N2"), input and
 * output flushed.  The fd, or -1 (perror printed). */
int raw_open(const char *port, int baud, const char *fmt);

/* When the reply counts as whole (optional): 1 whole, 0 not yet. */
typedef int (*raw_whole_fn)(const uint8_t *p, size_t n, void *arg);

/* Timing of one exchange, milliseconds from the write. */
struct raw_times {
	double first_ms; /* first reply byte (0: none came) */
	double last_ms;  /* last reply byte */
};

/*
 * Write req[0..n) in one write, then read into rep (up to max) until the
 * line is silent: first_ms for the first byte, gap_ms after each later one.
 * Once whole() says the reply is whole, only 100 ms more are waited (a
 * second device's overlapping reply would show).  Returns the bytes read,
 * or -1 when the write fails (perror printed).  times may be NULL.
 */
long raw_exchange(int fd, const uint8_t *req, size_t n, uint8_t *rep, size_t max, int first_ms,
                  int gap_ms, raw_whole_fn whole, void *arg, struct raw_times *times);

#endif
